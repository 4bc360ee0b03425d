//! Reading word-processor files into text: DOCX (Office Open XML, ECMA-376) and ODT
//! (OpenDocument, ISO/IEC 26300).
//!
//! A reader turns a file into an [`Extracted`] document: the text a lawyer reads, one
//! paragraph per line (table cells and text boxes are paragraphs too), then the
//! paragraphs of the footnotes and endnotes after [`Extracted::body_end`], plus where
//! each paragraph is and what must not be signed as is (tracked changes, comments,
//! hidden text). The rest of paraphe sees plain text; locations map back to paragraphs
//! through [`Source::paragraph_at`](crate::source::Source::paragraph_at).

pub mod docx;
pub mod odt;
mod xml;

use crate::source::Span;

/// Text extracted from a word-processor file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The visible text, as it reads with every tracked change accepted: paragraphs
    /// end with `\n`, tabs are `\t`, manual line breaks `\n`. The body comes first,
    /// then the notes (footnotes in their order, then endnotes).
    pub text: String,
    /// Byte offset in [`Extracted::text`] where the notes start: the body is
    /// `text[..body_end]`. Equal to `text.len()` when the file has no note.
    pub body_end: usize,
    /// Each paragraph, in order: the body's, then the notes'.
    pub paragraphs: Vec<Paragraph>,
    /// What the file holds besides its text.
    pub marks: Vec<Mark>,
}

impl Extracted {
    /// Ends the paragraph whose text began at byte `start` of [`Extracted::text`]: records
    /// it and adds its `\n`. A body paragraph is numbered from 1 across the body; a
    /// paragraph of a note from 1 within its note (`note_paragraphs` counts them, and the
    /// reader sets it back to 0 at each note).
    pub(crate) fn end_paragraph(
        &mut self,
        start: usize,
        cell: Option<Cell>,
        note: Option<Note>,
        note_paragraphs: &mut usize,
    ) {
        let number = match note {
            Some(_) => {
                *note_paragraphs += 1;
                *note_paragraphs
            }
            None => self.paragraphs.len() + 1,
        };
        self.paragraphs.push(Paragraph {
            span: start..self.text.len(),
            number,
            cell,
            note,
        });
        self.text.push('\n');
    }
}

/// One paragraph of the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Paragraph {
    /// Its text in [`Extracted::text`] (byte offsets), without the final `\n`.
    pub span: Span,
    /// 1-based number of the paragraph in the body, as Word's navigation counts them
    /// (a text box's paragraphs count after the paragraph that anchors it); for a
    /// note's paragraph, its 1-based number within the note.
    pub number: usize,
    /// When inside a table: 1-based table, row and column (the column of the grid: a
    /// cell after one spanning two columns is column 3).
    pub cell: Option<Cell>,
    /// When in a footnote or an endnote: which one.
    pub note: Option<Note>,
}

/// A footnote or an endnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    /// Footnote or endnote.
    pub kind: NoteKind,
    /// 1-based number of the note among the notes of its kind, in the order of their
    /// references in the body: the number Word and LibreOffice show with their default
    /// settings (Word shows endnotes in roman numerals: 2 is « ii »).
    pub number: usize,
}

/// The kinds of [`Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// At the foot of the page (DOCX `word/footnotes.xml`, ODT `text:note-class="footnote"`).
    Footnote,
    /// At the end of the document (DOCX `word/endnotes.xml`, ODT `text:note-class="endnote"`).
    Endnote,
}

impl NoteKind {
    /// The French name of the kind, as a location: « note de bas de page », « note de fin ».
    pub fn french(self) -> &'static str {
        match self {
            NoteKind::Footnote => "note de bas de page",
            NoteKind::Endnote => "note de fin",
        }
    }
}

/// A table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Cell {
    /// 1-based number of the table in the document.
    pub table: usize,
    /// 1-based row.
    pub row: usize,
    /// 1-based column.
    pub column: usize,
}

/// Something in the file that is not plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// What it is.
    pub kind: MarkKind,
    /// Where it is in [`Extracted::text`]: the inserted text, the commented text, or an
    /// empty span where deleted or hidden text stood.
    pub span: Span,
    /// The text concerned: inserted, deleted, hidden, or the comment itself.
    pub text: String,
    /// The author of a revision or comment, when the file says.
    pub author: Option<String>,
}

/// The kinds of [`Mark`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A tracked insertion not yet accepted.
    Insertion,
    /// A tracked deletion not yet accepted.
    Deletion,
    /// A reviewer's comment.
    Comment,
    /// Text formatted as hidden (not shown, not printed, but still in the file).
    Hidden,
}

/// Why a word-processor file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The archive is damaged or truncated.
    #[error("archive endommagée ou tronquée ({0})")]
    Zip(String),
    /// The document is protected by a password.
    #[error(
        "document protégé par un mot de passe (chiffré) : l'enregistrer sans protection pour le vérifier"
    )]
    Encrypted,
    /// The archive holds two entries of the same name: which one a reader takes is up
    /// to it, so what paraphe checks might not be what Word or LibreOffice shows.
    #[error("l'archive contient deux fois la partie {0} : fichier refusé")]
    DuplicatePart(String),
    /// A part the format requires is missing.
    #[error("il manque la partie {0} : ce n'est pas un document valide")]
    MissingPart(&'static str),
    /// A part inflates past the size limit (a « zip bomb »).
    #[error("la partie {part} dépasse {limit} Mo une fois décompressée : fichier refusé")]
    TooLarge {
        /// The part.
        part: String,
        /// The limit, in MiB.
        limit: u64,
    },
    /// The XML of a part is malformed.
    #[error("XML invalide dans {part} ({message})")]
    Xml {
        /// The part.
        part: String,
        /// What the XML parser said.
        message: String,
    },
}
