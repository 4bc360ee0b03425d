//! Turning diagnostics and documents into output: [`human`] (codespan-reporting),
//! [`json`], [`short`], [`sarif`], [`github`], the [`outline`] of a parsed document, and
//! the documentation of the rules ([`rules`]). Renderers write to a writer or return
//! strings; they never print: the binary chooses where the output goes.
//!
//! The formats of `paraphe check` implement [`Renderer`]: they are fed one file at a
//! time, in the order the files are to be shown, and finished once at the end, so a run
//! over many files is never held in memory (except what a format must repeat at its end:
//! the files that could not be read).

pub mod github;
pub mod human;
pub mod json;
pub mod outline;
pub mod rules;
pub mod sarif;
pub mod short;

use std::io;
use std::path::Path;

use crate::rule::Severity;
use crate::{Diagnostic, Document, Source};

/// An output format of `paraphe check`, for a whole run.
pub trait Renderer {
    /// Renders the findings of one file; `document` is its parsed tree and
    /// `diagnostics` its findings, sorted by position (as [`crate::check`] returns them).
    ///
    /// # Errors
    /// A write error of the output (a closed pipe, a full disk).
    fn file(
        &mut self,
        source: &Source,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()>;

    /// Records a file that could not be read, with the reason, in French (the binary
    /// also says it on standard error).
    ///
    /// # Errors
    /// A write error of the output.
    fn failed(&mut self, path: &Path, message: &str) -> io::Result<()>;

    /// Ends the output once every file was given, and flushes it.
    ///
    /// # Errors
    /// A write error of the output.
    fn finish(self: Box<Self>, summary: &Summary) -> io::Result<()>;
}

/// What a run amounts to, given to [`Renderer::finish`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Findings by severity, over every file.
    pub counts: Counts,
    /// Files read and checked.
    pub files: usize,
    /// Files that could not be read (or directories that could not be walked).
    pub unread: usize,
    /// Rule files in error (left out of the run).
    pub rule_errors: usize,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
}

impl Counts {
    /// Adds up the severities of `diagnostics`.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// Where byte `offset` of a DOCX or ODT source is in the word processor, in French:
/// « paragraphe 12 (tableau 1, ligne 1, colonne 2) », « note de bas de page 2,
/// paragraphe 2 », « note de fin 1 »; `None` for a text file. Paragraphs count from 1 in
/// the body (empty ones, table cells and text boxes included), or within the note.
pub fn word_place(source: &Source, offset: usize) -> Option<String> {
    let p = source.paragraph_at(offset)?;
    let mut place = match p.note {
        Some(note) if p.number > 1 => format!(
            "{} {}, paragraphe {}",
            note.kind.french(),
            note.number,
            p.number
        ),
        Some(note) => format!("{} {}", note.kind.french(), note.number),
        None => format!("paragraphe {}", p.number),
    };
    if let Some(c) = p.cell {
        place.push_str(&format!(
            " (tableau {}, ligne {}, colonne {})",
            c.table, c.row, c.column
        ));
    }
    Some(place)
}

/// `text` on one line, for the formats that give one line per finding: line breaks and
/// tabs (a field broken over two lines) become spaces, other control characters « ? »
/// so that they cannot act on a terminal.
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Writes `value` as pretty-printed JSON (two spaces a level), every line but the first
/// indented by `indent` spaces: an item of an array that is itself written piece by
/// piece.
pub(crate) fn write_indented<W: io::Write + ?Sized>(
    out: &mut W,
    value: &impl serde::Serialize,
    indent: usize,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let pad = " ".repeat(indent);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(pad.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// « 1 erreur », « 3 erreurs »: a count with the French noun, plural from 2 on
/// (French puts 0 and 1 in the singular).
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n >= 2 { plural } else { singular })
}
