//! Loading a file into text, and mapping byte offsets in that text to lines and columns.
//!
//! Every format ends up as a [`Source`]: normalised text (UTF-8, no byte order mark,
//! `\n` line ends) plus what is needed to point back into the original file. Only plain
//! text (`.txt`, `.md` and anything else that is UTF-8) is read today; other formats
//! (DOCX, ODT, legacy encodings) plug in as new [`Format`] variants and new arms of
//! [`Source::from_bytes`], each producing the same normalised text.

use std::ops::Range;

use encoding_rs::{Encoding, ISO_8859_15, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::formats::{Extracted, Mark, Paragraph};
use std::path::{Path, PathBuf};

/// A byte range in a [`Source`]'s normalised text (`start..end`, end exclusive).
pub type Span = Range<usize>;

/// How many bytes at the start of a file are looked at to decide whether it is text.
pub(crate) const SNIFF_LEN: usize = 8192;

/// The format a [`Source`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain UTF-8 text (`.txt` or anything not recognised otherwise).
    Text,
    /// Markdown (`.md`, `.markdown`): read as text; headings keep their `#` marks,
    /// which the parser understands.
    Markdown,
    /// Word (`.docx`): the text of its paragraphs, see [`crate::formats::docx`].
    Docx,
    /// OpenDocument (`.odt`): the text of its paragraphs, see [`crate::formats::odt`].
    Odt,
}

impl Format {
    /// The format implied by a path's extension, or `None` when paraphe does not read
    /// that kind of file when walking a directory.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "docx" => Some(Format::Docx),
            "odt" => Some(Format::Odt),
            _ => None,
        }
    }
}

/// Why a file could not be loaded. Each message, in French like every message a user
/// reads, names what is wrong; the caller adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("lecture impossible : {0}")]
    Io(#[from] std::io::Error),
    /// Not a regular file (a device, a pipe, a socket): it could be endless.
    #[error("ce n'est pas un fichier ordinaire (périphérique, tube ou socket)")]
    NotRegular,
    /// A format recognised by its first bytes that paraphe does not read yet.
    #[error("fichier {format} : ce format n'est pas encore lu par paraphe ({hint})")]
    Unsupported {
        /// The format (« ZIP », « PDF »).
        format: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
    /// The file looks like UTF-16 text without a byte order mark, and does not decode
    /// as such.
    #[error(
        "le fichier semble en {encoding} sans marque d'ordre des octets, mais ne se décode pas ainsi : préciser l'encodage avec --encoding {label}"
    )]
    Utf16 {
        /// « UTF-16LE » or « UTF-16BE ».
        encoding: &'static str,
        /// The `--encoding` label to try (`utf-16le`, `utf-16be`).
        label: &'static str,
    },
    /// The file contains NUL bytes: it is binary data, not text.
    #[error("ce n'est pas un fichier texte (données binaires à l'octet {offset})")]
    Binary {
        /// Byte offset (0-based) of the first NUL byte.
        offset: usize,
    },
    /// A DOCX protected by a password (encrypted): its text cannot be read.
    #[error(
        "document protégé par un mot de passe (chiffré) : l'enregistrer sans protection pour le vérifier"
    )]
    Encrypted,
    /// A DOCX or ODT that could not be read.
    #[error("document {format} illisible : {error}")]
    Document {
        /// « Word » or « OpenDocument ».
        format: &'static str,
        /// What is wrong.
        error: crate::formats::FormatError,
    },
    /// The bytes are not valid in the encoding given with `--encoding`.
    #[error(
        "le fichier n'est pas valide dans l'encodage {encoding} (donné par --encoding ou par sa marque d'ordre des octets)"
    )]
    Malformed {
        /// The encoding's name.
        encoding: &'static str,
    },
    /// The file is empty, or holds only white space.
    #[error("le fichier est vide")]
    Empty,
    /// The file is not valid UTF-8.
    #[error(
        "le fichier n'est pas en UTF-8 (octet invalide ligne {line}, octet {offset} du fichier) : ne pas forcer --encoding utf-8 (l'encodage est détecté), ou donner le bon (--encoding windows-1252)"
    )]
    InvalidUtf8 {
        /// Byte offset (0-based) of the first invalid byte in the file.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// The file is UTF-8 (most of its characters outside ASCII are written in UTF-8) but
    /// for bytes that are not: a damaged file, or one pieced together from two
    /// encodings. Read as a legacy encoding, its every accented letter would be garbled.
    #[error(
        "le fichier est en UTF-8 sauf des octets invalides (le premier ligne {line}, octet {offset} du fichier) : fichier abîmé ou fait de deux encodages ; corriger ces octets, ou donner l'encodage du fichier (--encoding windows-1252)"
    )]
    CorruptUtf8 {
        /// Byte offset (0-based) of the first invalid byte in the file.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// A file read in segments changed between the two passes or while it was read
    /// (see [`crate::segment`]): what was checked may not be what the file holds.
    #[error(
        "le fichier a changé pendant sa lecture ({read} octets lus, {expected} au premier passage) : le vérifier à nouveau une fois écrit"
    )]
    Changed {
        /// Bytes read by the first pass.
        expected: u64,
        /// Bytes read by the second pass when the change was seen.
        read: u64,
    },
}

/// A file's bytes read as UTF-8, fed chunk by chunk (a character cut between two chunks
/// is carried over): where the first invalid byte is, how many characters outside
/// ASCII are valid UTF-8 and how many byte sequences are not.
#[derive(Debug, Default)]
pub(crate) struct Utf8Census {
    /// Byte offset in the file and 1-based line of the first invalid byte.
    pub(crate) first_invalid: Option<(usize, usize)>,
    /// Characters outside ASCII written in valid UTF-8.
    multibyte: usize,
    /// Invalid byte sequences (each maximal invalid run of the UTF-8 decoder).
    invalid: usize,
    /// Whether a valid character is not white space.
    pub(crate) nonblank: bool,
    /// Offset in the file of the next byte to feed.
    pub(crate) end: usize,
    lines: usize,
    after_cr: bool,
    carry: Vec<u8>,
}

impl Utf8Census {
    /// A census of bytes whose first is at offset `base` of the file (after a byte order
    /// mark).
    pub(crate) fn new(base: usize) -> Utf8Census {
        Utf8Census {
            end: base,
            ..Utf8Census::default()
        }
    }

    /// Counts the next bytes of the file; `last` when they end it.
    pub(crate) fn feed(&mut self, chunk: &[u8], last: bool) {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(chunk);
        let mut rest = bytes.as_slice();
        loop {
            let (valid, error) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), None),
                Err(e) => (e.valid_up_to(), Some(e.error_len())),
            };
            let text = std::str::from_utf8(&rest[..valid]).unwrap_or_default();
            self.lines += line_ends(text.as_bytes(), &mut self.after_cr);
            self.nonblank |= !text.trim().is_empty();
            // Each character outside ASCII has one leading byte of 0xC0 or more.
            self.multibyte += text.bytes().filter(|&b| b >= 0xC0).count();
            self.end += valid;
            let len = match error {
                None => return,
                // Cut at the end of the chunk, with more to come: carried.
                Some(None) if !last => {
                    self.carry = rest[valid..].to_vec();
                    return;
                }
                Some(None) => rest.len() - valid,
                Some(Some(len)) => len,
            };
            self.first_invalid.get_or_insert((self.end, self.lines + 1));
            self.invalid += 1;
            self.end += len;
            rest = &rest[valid + len..];
        }
    }

    /// [`LoadError::CorruptUtf8`] when the bytes are UTF-8 damaged here and there
    /// rather than a legacy encoding: they have invalid sequences, but more characters
    /// outside ASCII in valid UTF-8 than invalid sequences (French text in Windows-1252
    /// is invalid at almost every accented letter, and rarely forms a UTF-8 sequence).
    pub(crate) fn damaged(&self) -> Result<(), LoadError> {
        match self.first_invalid {
            Some((offset, line)) if self.multibyte > self.invalid => {
                Err(LoadError::CorruptUtf8 { offset, line })
            }
            _ => Ok(()),
        }
    }
}

/// How many line ends `bytes` holds, counted as [`Source`] reads them: `\n`, `\r\n` and a
/// lone `\r` each end a line. `after_cr` says whether the bytes before ended with `\r`
/// (a `\n` first is then the end of that line), and is updated.
pub(crate) fn line_ends(bytes: &[u8], after_cr: &mut bool) -> usize {
    let mut ends = 0;
    for &b in bytes {
        if b == b'\r' || (b == b'\n' && !*after_cr) {
            ends += 1;
        }
        *after_cr = b == b'\r';
    }
    ends
}

impl LoadError {
    /// The error of UTF-8 invalid at byte `offset` of the file, on 1-based `line`:
    /// [`LoadError::InvalidUtf8`] when UTF-8 was `forced` (`--encoding utf-8`), else
    /// (the byte order mark says UTF-8) [`LoadError::CorruptUtf8`].
    pub(crate) fn utf8_invalid(offset: usize, line: usize, forced: bool) -> LoadError {
        if forced {
            LoadError::InvalidUtf8 { offset, line }
        } else {
            LoadError::CorruptUtf8 { offset, line }
        }
    }

    /// The error of bytes that are not valid in `encoding`: [`LoadError::Utf16`] when
    /// UTF-16 was only guessed (no byte order mark, nothing forced), so that the message
    /// says which `--encoding` to try, else [`LoadError::Malformed`].
    pub(crate) fn undecodable(encoding: &'static Encoding, guessed_utf16: bool) -> LoadError {
        if !guessed_utf16 {
            return LoadError::Malformed {
                encoding: encoding.name(),
            };
        }
        LoadError::Utf16 {
            encoding: encoding.name(),
            label: if encoding == UTF_16BE {
                "utf-16be"
            } else {
                "utf-16le"
            },
        }
    }
}

/// A loaded document: normalised text plus a map from byte offsets to lines and columns.
///
/// Invariants: `text` is valid UTF-8 with `\n` line ends only (every `\r\n` of the file
/// became `\n`, a lone `\r` too, a leading byte order mark was removed); `line_starts[0] == 0` and each
/// further entry is the byte offset just after a `\n`.
#[derive(Debug, Clone)]
pub struct Source {
    path: PathBuf,
    text: String,
    format: Format,
    line_starts: Vec<usize>,
    /// Byte offsets, in `text`, of the `\n` that had a `\r` before them in the file.
    /// Kept so that a fix can be written back with the file's own line ends.
    crlf_at: Vec<usize>,
    had_bom: bool,
    encoding: &'static Encoding,
    /// For DOCX and ODT: each paragraph and where it is in `text`.
    paragraphs: Vec<Paragraph>,
    /// Byte offset in `text` where the notes of a DOCX or ODT start (`text.len()`
    /// when there are none, and for every other format).
    body_end: usize,
    /// For DOCX: tracked changes, comments, hidden text.
    marks: Vec<Mark>,
    /// For text and Markdown: the comments blanked out of `text`.
    comments: Vec<Comment>,
    /// `text` with its comments shown again, when it has any (see [`Source::shown`]).
    shown: Option<String>,
    /// Where `text` starts in the file: zero unless the source is a segment of a large
    /// file.
    origin: Origin,
    /// Whether the source is a segment of a large file rather than the whole file.
    segment: bool,
}

/// Where a [`Source`]'s text starts in its file. Zero for a file read whole; for a
/// segment of a large text file ([`crate::segment`]), what comes before it, so that
/// positions ([`Source::position`]) are those of the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Lines of the file before the segment's first line: the 0-based index of that line
    /// in the file.
    pub line: usize,
    /// Characters of the segment's first line that come before the segment: 0 unless
    /// the segment starts inside a line (a line longer than a segment).
    pub column: usize,
}

/// An HTML comment (`<!-- … -->`) taken out of the text of a .md file, or a
/// suppression comment (`<!-- paraphe-ignore … -->`, see [`crate::suppression`]) taken
/// out of a .txt file: the checks see one space per character in its place (line ends
/// kept), so that lines and columns after it do not move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Where it was, `<!--` and `-->` included: byte offsets into the normalised text.
    pub span: Span,
    /// What it says, between `<!--` and `-->`.
    pub text: String,
    /// Whether it ends with `-->`; an unclosed comment runs to the end of the file in
    /// Markdown, to the end of its line in a .txt.
    pub closed: bool,
}

/// Refuses, from the first bytes of a file, the formats that are not text: a ZIP archive
/// (DOCX, ODT), a PDF, or any binary data (a NUL byte, unless the file is UTF-16: a
/// byte order mark says so, `forced` is UTF-16, or [`sniff_utf16`] recognises it).
pub(crate) fn sniff(start: &[u8], forced: Option<&'static Encoding>) -> Result<(), LoadError> {
    if start.starts_with(b"PK\x03\x04") {
        return Err(LoadError::Unsupported {
            format: "ZIP",
            hint: "une convention se vérifie en .docx, .odt, .txt ou .md",
        });
    }
    if start.starts_with(b"%PDF") {
        return Err(LoadError::Unsupported {
            format: "PDF",
            hint: "en extraire le texte, par exemple avec pdftotext -layout",
        });
    }
    // UTF-16 text is full of NUL bytes: it is decoded, not refused.
    if start.starts_with(b"\xFF\xFE")
        || start.starts_with(b"\xFE\xFF")
        || forced.is_some_and(|e| e == UTF_16LE || e == UTF_16BE)
        || sniff_utf16(start).is_some()
    {
        return Ok(());
    }
    match start.iter().position(|&b| b == 0) {
        Some(offset) => Err(LoadError::Binary { offset }),
        None => Ok(()),
    }
}

/// UTF-16 without a byte order mark, recognised from the first bytes of a file: French
/// text is mostly Latin-1 characters (ASCII letters, « é », « à »), whose UTF-16 code
/// units have a zero high byte, so a NUL stands at every other byte — at odd offsets in
/// little-endian, at even ones in big-endian — and almost never at the others. Binary
/// data has NUL bytes on both sides. `None` when `start` does not look so (fewer than
/// 8 code units, or under 70 % of them with a zero high byte, or more than 2 % with a
/// zero low byte).
pub fn sniff_utf16(start: &[u8]) -> Option<&'static Encoding> {
    let units = start.len() / 2;
    if units < 8 {
        return None;
    }
    let zeros = |parity: usize| {
        start
            .chunks_exact(2)
            .filter(|pair| pair[parity] == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let looks = |high: usize, low: usize| high * 10 >= units * 7 && low * 50 <= units;
    if looks(odd, even) {
        Some(UTF_16LE)
    } else if looks(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// `s` with every character but the line feed replaced by a space.
pub(crate) fn blank(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect()
}

/// Markdown that is not the convention's text — fenced code blocks (``` or ~~~), HTML
/// comments, link reference definitions (`[ref]: https://…`) — replaced by spaces, one
/// per character, so that lines and columns stay those of the .md source. Returns the
/// text and its HTML comments (for the suppressions), located in the returned text.
pub fn blank_markdown(text: &str) -> (String, Vec<Comment>) {
    let mut out = String::with_capacity(text.len());
    let mut comments: Vec<Comment> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut comment = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            out.push_str(&blank(line));
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if !comment && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(if trimmed.starts_with("```") {
                "```"
            } else {
                "~~~"
            });
            out.push_str(&blank(line));
            continue;
        }
        let is_reference = trimmed.starts_with('[')
            && trimmed
                .find("]:")
                .is_some_and(|i| !trimmed[1..i].contains(']'));
        if !comment && is_reference {
            out.push_str(&blank(line));
            continue;
        }
        // HTML comments, possibly over several lines.
        let mut rest = line;
        while !rest.is_empty() {
            if comment {
                let open = comments.last_mut().filter(|c| !c.closed);
                match rest.find("-->") {
                    Some(end) => {
                        out.push_str(&blank(&rest[..end + 3]));
                        if let Some(c) = open {
                            c.text.push_str(&rest[..end]);
                            c.closed = true;
                            c.span.end = out.len();
                        }
                        rest = &rest[end + 3..];
                        comment = false;
                    }
                    None => {
                        out.push_str(&blank(rest));
                        if let Some(c) = open {
                            c.text.push_str(rest);
                            c.span.end = out.len();
                        }
                        rest = "";
                    }
                }
            } else {
                match rest.find("<!--") {
                    // Never closed: text (as CommonMark reads an unclosed inline
                    // comment), not the rest of the file hidden from every check; a
                    // suppression left open ends with its line, as in a .txt.
                    Some(start) if !text[offset_in(text, rest) + start..].contains("-->") => {
                        let after = &rest[start + 4..];
                        if crate::suppression::is_directive(after) {
                            out.push_str(&rest[..start]);
                            let body = after.trim_end_matches('\n');
                            comments.push(Comment {
                                span: out.len()..out.len() + 4 + body.len(),
                                text: body.to_string(),
                                closed: false,
                            });
                            out.push_str(&blank(&rest[start..start + 4 + body.len()]));
                            out.push_str(&after[body.len()..]);
                            rest = "";
                        } else {
                            out.push_str(&rest[..start + 4]);
                            rest = after;
                        }
                    }
                    Some(start) => {
                        out.push_str(&rest[..start]);
                        comments.push(Comment {
                            span: out.len()..out.len(),
                            text: String::new(),
                            closed: false,
                        });
                        out.push_str("    ");
                        rest = &rest[start + 4..];
                        comment = true;
                    }
                    None => {
                        out.push_str(rest);
                        rest = "";
                    }
                }
            }
        }
    }
    (out, comments)
}

/// The byte offset of `part`, a slice of `text`, in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// `text` with `comments` (blanked in it) written again, one byte per character.
fn shown(text: &str, comments: &[Comment]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in comments {
        let Some(span) = text.get(c.span.clone()) else {
            continue;
        };
        out.push_str(&text[at..c.span.start]);
        let written = format!("<!--{}{}", c.text, if c.closed { "-->" } else { "" });
        let mut shown: String = written
            .chars()
            .map(|ch| {
                if ch.is_ascii() && !ch.is_ascii_control() || ch == '\n' {
                    return ch;
                }
                let folded = crate::fr::fold(&ch.to_string());
                match folded.chars().next() {
                    Some(f) if folded.len() == 1 && f.is_ascii_graphic() => {
                        if ch.is_uppercase() {
                            f.to_ascii_uppercase()
                        } else {
                            f
                        }
                    }
                    _ => '?',
                }
            })
            .collect();
        // Both have one byte per character; a mismatch would mean the comment was not
        // blanked as recorded: it is then left blank.
        if shown.len() != span.len() {
            shown = span.to_string();
        }
        out.push_str(&shown);
        at = c.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The legacy encoding of a file that is not UTF-8, as chardetng guesses it; for a
/// Western guess, ISO-8859-15 instead of Windows-1252 when the file uses none of
/// Windows-1252's own characters (0x80–0x9F: « ’ », « œ », « … ») but has bytes that
/// ISO-8859-15 gives to French letters (0xBC « Œ », 0xBD « œ », 0xBE « Ÿ ») against a
/// letter, as in « c½ur » or « ½uvre » read for « cœur », « œuvre ».
pub fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = LegacyDetector::new();
    detector.feed(bytes);
    detector.guess()
}

/// [`detect_legacy`] fed piece by piece, for a file read in chunks (see
/// [`crate::segment`]): the same guess as on the whole bytes, in bounded memory.
pub struct LegacyDetector {
    chardetng: chardetng::EncodingDetector,
    uses_1252_range: bool,
    latin9_letter: bool,
    /// The last byte fed, for the pairs across two chunks.
    last: Option<u8>,
}

impl Default for LegacyDetector {
    fn default() -> Self {
        LegacyDetector::new()
    }
}

impl LegacyDetector {
    /// A detector that has seen nothing.
    pub fn new() -> LegacyDetector {
        LegacyDetector {
            chardetng: chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny),
            uses_1252_range: false,
            latin9_letter: false,
            last: None,
        }
    }

    /// Feeds the next bytes of the file.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.chardetng.feed(bytes, false);
        self.uses_1252_range |= bytes.iter().any(|b| (0x80..=0x9F).contains(b));
        let letter = |b: u8| b.is_ascii_alphabetic() || b >= 0xC0;
        let latin9 = |b: u8| (0xBC..=0xBE).contains(&b);
        // « c½ur », « ½uvre »: a fraction sign against a letter is a French ligature.
        if !self.latin9_letter {
            let pair = |a: u8, b: u8| (letter(a) && latin9(b)) || (latin9(a) && letter(b));
            self.latin9_letter = self
                .last
                .zip(bytes.first())
                .is_some_and(|(a, &b)| pair(a, b))
                || bytes.windows(2).any(|w| pair(w[0], w[1]));
        }
        if let Some(&b) = bytes.last() {
            self.last = Some(b);
        }
    }

    /// The encoding of the bytes fed so far (see [`detect_legacy`]).
    pub fn guess(mut self) -> &'static Encoding {
        self.chardetng.feed(&[], true);
        let guess = self.chardetng.guess(None, chardetng::Utf8Detection::Deny);
        // The text is French: a Latin guess other than Western European (Central
        // European windows-1250, ISO-8859-2 …) comes from the few bytes French letters
        // share with them, and Western European is right.
        let latin = [
            "windows-1250",
            "ISO-8859-2",
            "windows-1252",
            "ISO-8859-15",
            "windows-1257",
            "ISO-8859-4",
            "ISO-8859-13",
        ];
        if !latin.contains(&guess.name()) {
            return guess;
        }
        if !self.uses_1252_range && self.latin9_letter {
            ISO_8859_15
        } else {
            WINDOWS_1252
        }
    }
}

/// A 1-based line and column; the column counts characters (Unicode scalar values),
/// not bytes, so « é » counts one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Source {
    /// Reads `path` from disk and decodes it according to its extension.
    ///
    /// # Errors
    /// [`LoadError`] when the file cannot be read, is binary, or is not valid UTF-8.
    pub fn load(path: &Path) -> Result<Source, LoadError> {
        Source::load_with(path, None)
    }

    /// Like [`Source::load`], decoding with `encoding` when given (`--encoding`) instead
    /// of detecting it.
    ///
    /// # Errors
    /// As [`Source::load`]; [`LoadError::Malformed`] when the bytes are not valid in the
    /// forced encoding.
    pub fn load_with(
        path: &Path,
        encoding: Option<&'static Encoding>,
    ) -> Result<Source, LoadError> {
        use std::io::Read;
        // Looked at before opening: opening a named pipe waits for a writer.
        if !std::fs::metadata(path)?.is_file() {
            return Err(LoadError::NotRegular);
        }
        let mut file = std::fs::File::open(path)?;
        if !file.metadata()?.is_file() {
            return Err(LoadError::NotRegular);
        }
        if let Some(format @ (Format::Docx | Format::Odt)) = Format::from_path(path) {
            return Source::load_archive(path, file, format);
        }
        // Look at the start before reading the rest, so that a large binary file is
        // refused without being read whole.
        let mut bytes = Vec::new();
        (&mut file).take(SNIFF_LEN as u64).read_to_end(&mut bytes)?;
        sniff(&bytes, encoding)?;
        file.read_to_end(&mut bytes)?;
        let format = Format::from_path(path).unwrap_or(Format::Text);
        Source::decode_owned(path, bytes, format, encoding)
    }

    /// Reads a DOCX or ODT file: its paragraphs become lines of text.
    fn load_archive(
        path: &Path,
        mut file: std::fs::File,
        format: Format,
    ) -> Result<Source, LoadError> {
        use std::io::{Read, Seek};
        let mut start = [0u8; 8];
        let n = file.read(&mut start)?;
        // A password-protected DOCX is an OLE compound file holding the encrypted
        // package, not a ZIP archive (MS-OFFCRYPTO).
        if start[..n].starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            return Err(LoadError::Encrypted);
        }
        file.rewind()?;
        let reader = std::io::BufReader::new(file);
        let extracted = match format {
            Format::Odt => crate::formats::odt::read(reader),
            _ => crate::formats::docx::read(reader),
        }
        .map_err(|e| LoadError::Document {
            format: if format == Format::Odt {
                "OpenDocument"
            } else {
                "Word"
            },
            error: e,
        })?;
        if extracted.text.trim().is_empty() {
            return Err(LoadError::Empty);
        }
        Ok(Source::from_extracted(path, extracted, format))
    }

    /// A source from a word-processor file's extracted text, keeping its paragraphs,
    /// marks and the start of its notes (their spans stay valid: the extracted text only
    /// has `\n` line ends).
    pub fn from_extracted(path: &Path, extracted: Extracted, format: Format) -> Source {
        let text = extracted.text.replace('\r', "\n");
        let mut source = Source::from_text(path, text, format, false);
        let mut body_end = extracted.body_end.min(source.text.len());
        while !source.text.is_char_boundary(body_end) {
            body_end += 1;
        }
        source.body_end = body_end;
        source.paragraphs = extracted.paragraphs;
        source.marks = extracted.marks;
        source
    }

    /// The paragraphs of a DOCX or ODT file, the notes' last (empty for text).
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// Byte offset where the body ends and the footnotes and endnotes of a DOCX or ODT
    /// start: the structure (parties, articles, signature block) is read in
    /// `text()[..body_end()]` only, while the checks of the wording read the whole
    /// text. `text().len()` when there is no note.
    pub fn body_end(&self) -> usize {
        self.body_end
    }

    /// The tracked changes, comments and hidden text of a DOCX file (empty for text).
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The paragraph holding byte `offset`, for a DOCX file.
    pub fn paragraph_at(&self, offset: usize) -> Option<&Paragraph> {
        let after = self.paragraphs.partition_point(|p| p.span.start <= offset);
        let p = self.paragraphs.get(after.checked_sub(1)?)?;
        (offset <= p.span.end).then_some(p)
    }

    /// Decodes `bytes` as the given format. `path` is only used to name the source.
    ///
    /// # Errors
    /// [`LoadError::Binary`] when the first 8 KiB hold a NUL byte,
    /// [`LoadError::InvalidUtf8`] when the bytes are not UTF-8, [`LoadError::Empty`] when
    /// there is no text.
    pub fn from_bytes(path: &Path, bytes: &[u8], format: Format) -> Result<Source, LoadError> {
        Source::decode(path, bytes, format, None)
    }

    /// Decodes `bytes`: with `forced`, in that encoding; otherwise UTF-8 (with or
    /// without byte order mark), UTF-16 LE or BE when a byte order mark says so or
    /// [`sniff_utf16`] recognises it without one, and
    /// failing those the legacy encoding that [`detect_legacy`] finds (Windows-1252 or
    /// ISO-8859-15 for French text).
    ///
    /// # Errors
    /// [`LoadError::Binary`], [`LoadError::Unsupported`] (see [`sniff`]),
    /// [`LoadError::InvalidUtf8`] or [`LoadError::Malformed`] when a forced encoding
    /// does not fit, [`LoadError::Utf16`] when text taken for UTF-16 without a byte
    /// order mark does not decode, [`LoadError::Empty`] when there is no text.
    pub fn decode(
        path: &Path,
        bytes: &[u8],
        format: Format,
        forced: Option<&'static Encoding>,
    ) -> Result<Source, LoadError> {
        Source::decode_owned(path, bytes.to_vec(), format, forced)
    }

    /// Like [`Source::decode`], taking the bytes over: a UTF-8 file with `\n` line ends
    /// becomes the source's text without a copy, so that a large file takes its size
    /// in memory once, not three times.
    ///
    /// # Errors
    /// As [`Source::decode`].
    pub fn decode_owned(
        path: &Path,
        mut bytes: Vec<u8>,
        format: Format,
        forced: Option<&'static Encoding>,
    ) -> Result<Source, LoadError> {
        let start = &bytes[..bytes.len().min(SNIFF_LEN)];
        sniff(start, forced)?;
        let (bom, bom_len) = Encoding::for_bom(&bytes).unzip();
        let utf16 = sniff_utf16(start);
        let encoding = match (forced, bom) {
            (Some(e), _) => e,
            (None, Some(e)) => e,
            // UTF-16 first: ASCII text in UTF-16 is valid UTF-8 too (with NULs).
            (None, None) => match utf16 {
                Some(e) => e,
                None => match std::str::from_utf8(&bytes) {
                    Ok(_) => UTF_8,
                    Err(_) => {
                        let mut census = Utf8Census::new(0);
                        census.feed(&bytes, true);
                        census.damaged()?;
                        detect_legacy(&bytes)
                    }
                },
            },
        };
        let guessed_utf16 = forced.is_none() && bom.is_none() && utf16.is_some();
        let had_bom = bom.is_some_and(|b| b == encoding);
        let bom_len = if had_bom { bom_len.unwrap_or(0) } else { 0 };
        let text: String = if encoding == UTF_8 {
            bytes.drain(..bom_len);
            String::from_utf8(bytes).map_err(|e| {
                let valid = e.utf8_error().valid_up_to();
                let line = 1 + line_ends(&e.as_bytes()[..valid], &mut false);
                LoadError::utf8_invalid(valid + bom_len, line, forced.is_some())
            })?
        } else {
            let body = &bytes[bom_len..];
            let (text, malformed) = encoding.decode_without_bom_handling(body);
            if malformed {
                return Err(LoadError::undecodable(encoding, guessed_utf16));
            }
            // Guessed UTF-16 that still holds a NUL character is binary data.
            if guessed_utf16 && let Some(at) = text.find('\0') {
                let offset = 2 * text[..at].encode_utf16().count();
                return Err(LoadError::Binary { offset });
            }
            text.into_owned()
        };
        if text.trim().is_empty() {
            return Err(LoadError::Empty);
        }
        let mut source = Source::from_text(path, text, format, had_bom);
        source.encoding = encoding;
        Ok(source)
    }

    /// Builds a source from text already decoded, normalising `\r\n` to `\n`.
    pub fn from_str(path: impl Into<PathBuf>, text: &str) -> Source {
        let path = path.into();
        let format = Format::from_path(&path).unwrap_or(Format::Text);
        Source::from_text(&path, text.to_string(), format, false)
    }

    /// Takes `text` over; copies it only to normalise its line ends, when it has `\r`.
    fn from_text(path: &Path, text: String, format: Format, had_bom: bool) -> Source {
        let mut crlf_at = Vec::new();
        let normalised = if text.contains('\r') {
            let mut normalised = String::with_capacity(text.len());
            let mut rest = text.as_str();
            while let Some(i) = rest.find("\r\n") {
                normalised.push_str(&rest[..i]);
                crlf_at.push(normalised.len());
                normalised.push('\n');
                rest = &rest[i + 2..];
            }
            normalised.push_str(rest);
            // A carriage return alone ends a line too (classic Mac OS files), as editors
            // show it; it is one byte like the line feed that replaces it.
            if normalised.contains('\r') {
                normalised = normalised.replace('\r', "\n");
            }
            normalised
        } else {
            text
        };
        // Comments are blanked once line ends are normalised: a fix maps the text back
        // to the file character by character (`crate::fix`).
        let (normalised, comments) = match format {
            Format::Markdown => blank_markdown(&normalised),
            Format::Text => crate::suppression::blank_directives(normalised),
            Format::Docx | Format::Odt => (normalised, Vec::new()),
        };
        let line_starts = std::iter::once(0)
            .chain(normalised.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let shown = (!comments.is_empty()).then(|| shown(&normalised, &comments));
        Source {
            shown,
            path: path.to_path_buf(),
            body_end: normalised.len(),
            text: normalised,
            format,
            line_starts,
            crlf_at,
            had_bom,
            encoding: UTF_8,
            paragraphs: Vec::new(),
            marks: Vec::new(),
            comments,
            origin: Origin::default(),
            segment: false,
        }
    }

    /// A segment of a large text file ([`crate::segment`]): `text`, already normalised
    /// (no `\r`), read as `format`, starting at `origin` in the file, which was decoded
    /// from `encoding`. Its comments are blanked as for a whole file; its positions are
    /// those of the file.
    pub fn segment(
        path: &Path,
        text: String,
        format: Format,
        encoding: &'static Encoding,
        origin: Origin,
    ) -> Source {
        let mut source = Source::from_text(path, text, format, false);
        source.encoding = encoding;
        source.origin = origin;
        source.segment = true;
        source
    }

    /// Whether the source is a segment of a large file ([`Source::segment`]), not the
    /// whole file.
    pub fn is_segment(&self) -> bool {
        self.segment
    }

    /// Where the text starts in the file (see [`Origin`]): zero unless the source is a
    /// segment of a large file.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The text as shown to a reader: [`Source::text`] with the comments it blanked
    /// written again, so that a finding on a comment (a suppression's) shows it. Every
    /// byte offset is the same as in `text`: a blanked character took one byte, so a
    /// comment's characters outside ASCII are shown as their letter without accent
    /// (« é » as « e »), or « ? ».
    pub fn shown(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.text)
    }

    /// The comments taken out of the text of a .txt or .md file (see [`Comment`]), in
    /// order; empty for DOCX and ODT, whose comments are [`Source::marks`].
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The path the source was loaded from, as given on the command line.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The normalised text (see the type's invariants).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The format the source was read from.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the file started with a byte order mark.
    pub fn had_bom(&self) -> bool {
        self.had_bom
    }

    /// The encoding the file was read in (« UTF-8 », « windows-1252 », « UTF-16LE » …).
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// Whether the file used `\r\n` line ends (at least once).
    pub fn had_crlf(&self) -> bool {
        !self.crlf_at.is_empty()
    }

    /// Byte offsets where each line starts (the first is 0).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Number of lines; a final line without `\n` counts, an empty last line after a
    /// final `\n` counts too (as editors show it).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based index of the line holding byte `offset` (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based line `index`, without its `\n`.
    pub fn line_span(&self, index: usize) -> Span {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        start..end
    }

    /// The 1-based line and character column, in the file, of byte `offset` of the text
    /// (for a segment of a large file, counted from the file's start: see [`Origin`]).
    /// An offset inside a multi-byte character counts as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let index = self.line_index(offset);
        let start = self.line_starts[index];
        // Counting the characters that start before `offset`: an offset inside a
        // multi-byte character belongs to that character.
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let column = self.text[start..end].chars().count();
        self.in_file(index, column)
    }

    /// The position in the file of the character after `column` characters of 0-based
    /// line `index` of the text.
    fn in_file(&self, index: usize, column: usize) -> Position {
        let before = if index == 0 { self.origin.column } else { 0 };
        Position {
            line: self.origin.line + index + 1,
            column: before + column + 1,
        }
    }
}

/// Positions of many offsets of one [`Source`], computed incrementally: when offsets
/// come in increasing order on the same line (findings sorted by position on a very long
/// line), each lookup counts only the characters since the previous one, so locating
/// `n` findings on a line of `m` bytes costs `O(n + m)` instead of `O(n × m)`.
#[derive(Debug)]
pub struct Locator<'a> {
    source: &'a Source,
    /// The last offset located, its 0-based line index in the text, and its position.
    last: Option<(usize, usize, Position)>,
}

impl<'a> Locator<'a> {
    /// A locator over `source`.
    pub fn new(source: &'a Source) -> Locator<'a> {
        Locator { source, last: None }
    }

    /// Same as [`Source::position`].
    pub fn position(&mut self, offset: usize) -> Position {
        let text = &self.source.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset += 1;
        }
        let line = self.source.line_index(offset);
        let position = match self.last {
            Some((previous, previous_line, p)) if previous <= offset && previous_line == line => {
                Position {
                    line: p.line,
                    column: p.column + text[previous..offset].chars().count(),
                }
            }
            _ => self.source.position(offset),
        };
        self.last = Some((offset, line, position));
        position
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_give_the_same_positions_as_lf() {
        let lf =
            Source::from_bytes(Path::new("a.txt"), "ab\nçé x\n".as_bytes(), Format::Text).unwrap();
        let crlf = Source::from_bytes(
            Path::new("a.txt"),
            "\u{feff}ab\r\nçé x\r\n".as_bytes(),
            Format::Text,
        )
        .unwrap();
        assert_eq!(lf.text(), crlf.text());
        assert!(crlf.had_bom() && crlf.had_crlf());
        let x = lf.text().find('x').unwrap();
        assert_eq!(lf.position(x), Position { line: 2, column: 4 });
        let mut locator = Locator::new(&lf);
        for offset in [0, 1, 3, 5, x, 2, x + 1] {
            assert_eq!(locator.position(offset), lf.position(offset), "{offset}");
        }
        assert_eq!(crlf.position(x), Position { line: 2, column: 4 });
    }

    #[test]
    fn reads_legacy_encodings_and_utf16() {
        let text = "Mise en œuvre : « l’été », 10 € — cœur";
        let decoded = |bytes: &[u8]| {
            Source::from_bytes(Path::new("a.txt"), bytes, Format::Text)
                .unwrap()
                .text()
                .to_string()
        };
        let (cp1252, _, _) = WINDOWS_1252.encode(text);
        assert_eq!(decoded(&cp1252), text);
        let latin9_text = "Mise en œuvre, l'été, 10 €, cœur";
        let (latin9, _, _) = ISO_8859_15.encode(latin9_text);
        assert_eq!(decoded(&latin9), latin9_text);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decoded(&utf16), text);
        // « È… » in Windows-1252 is a valid UTF-8 character, but the other letters are not.
        let by_chance = "LE PROGRÈ…\ndébut été à côté\n";
        let (cp1252, _, _) = WINDOWS_1252.encode(by_chance);
        assert!(std::str::from_utf8(&cp1252[..10]).is_ok());
        assert_eq!(decoded(&cp1252), by_chance);
        // UTF-8 with a byte damaged: an error at that byte, not Windows-1252.
        let mut damaged = "l’été à côté\nde la Métropole\n".as_bytes().to_vec();
        damaged[20] = 0xFF;
        assert!(matches!(
            Source::from_bytes(Path::new("a.txt"), &damaged, Format::Text),
            Err(LoadError::CorruptUtf8 {
                offset: 20,
                line: 2
            })
        ));
    }

    #[test]
    fn utf16_without_bom_is_told_from_binary() {
        let text = "Fait à Paris, le 1er mars 2027 : « œuvre »";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff_utf16(&le), Some(UTF_16LE));
        assert_eq!(sniff_utf16(&be), Some(UTF_16BE));
        let decoded = Source::from_bytes(Path::new("a.txt"), &be, Format::Text).unwrap();
        assert_eq!(decoded.text(), text);
        // NUL bytes on both sides, as in an image or an executable: binary.
        let binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x00\x00\x00\x01\x00";
        assert_eq!(sniff_utf16(binary), None);
        assert!(matches!(
            Source::from_bytes(Path::new("a.txt"), binary, Format::Text),
            Err(LoadError::Binary { offset: 8 })
        ));
        // Zero bytes in the right places but a NUL character once decoded.
        let mut nul = le.repeat(3);
        nul.extend([0, 0]);
        assert!(matches!(
            Source::from_bytes(Path::new("a.txt"), &nul, Format::Text),
            Err(LoadError::Binary { offset }) if offset == 3 * le.len()
        ));
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = Source::decode(
            Path::new("a.txt"),
            b"ok\nd\xE9but",
            Format::Text,
            Some(UTF_8),
        )
        .unwrap_err();
        assert!(matches!(err, LoadError::InvalidUtf8 { offset: 4, line: 2 }));
        let err = Source::from_bytes(Path::new("a.txt"), b"abc\x01\x00", Format::Text).unwrap_err();
        assert!(matches!(err, LoadError::Binary { offset: 4 }));
        let err = Source::from_bytes(Path::new("a.docx"), b"PK\x03\x04\x00\x00", Format::Text)
            .unwrap_err();
        assert!(matches!(err, LoadError::Unsupported { format: "ZIP", .. }));
        let lone_cr = Source::from_str("a.txt", "ab\rcd\r\nef");
        assert_eq!(
            lone_cr.line_count(),
            3,
            "a lone carriage return ends a line"
        );
    }
}
