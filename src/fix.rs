//! Applying the safe fixes to a text file: what `paraphe check --fix` writes and
//! `paraphe check --diff` shows.
//!
//! Only [`Applicability::Safe`] fixes are applied: a word of the `typo` list replaced by
//! its correction, an accent restored on a capital. Everything that could change what a
//! clause says (dates, numbers, references, designations, spelling suggestions) and
//! matters of layout (typography, repeated words) are shown, never applied.
//!
//! Only .txt and .md files are rewritten, never a .docx or .odt ([`FixError::NotText`]).
//! Spans are byte offsets into the checked text, which differs from the file: no byte
//! order mark, `\n` for every line end, comments blanked, any encoding decoded. The
//! fixes are therefore applied to the file's own text, decoded but otherwise as written,
//! by walking both texts side by side; the result is encoded back
//! as the file was (same encoding, same byte order mark, `\r\n` kept), so that every
//! byte but the replaced words stays the same. A file that does not read back to its own
//! bytes in its encoding, or whose text does not line up with the checked text, is not
//! fixed at all ([`FixError`]) rather than risked.

use std::io::Write;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::{Format, LoadError, Source, Span};
use crate::{RuleSet, Settings};

/// At most this many rounds of checking then fixing: a fix can reveal another (a word
/// corrected by the `typo` list that a capital accent then completes).
pub const MAX_PASSES: usize = 10;

/// Why a file was not fixed. Each message, in French, says what is wrong; the caller
/// adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// A word-processor file: paraphe never writes one.
    #[error(
        "document {0} : paraphe ne modifie jamais ce format ; les corrections sont affichées, à reporter dans le document"
    )]
    NotText(&'static str),
    /// The file could not be read or decoded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The file's bytes do not read back to themselves in its encoding (bytes that the
    /// encoding does not define, a mix of encodings): rewriting it could change them.
    #[error("le fichier ne se réécrit pas octet pour octet en {0} : aucune correction appliquée")]
    NotRoundTrip(&'static str),
    /// The file is valid UTF-8 with letters outside ASCII, but an encoding of one byte
    /// per character was forced (`--encoding`, `encoding` in paraphe.toml).
    #[error(
        "le fichier est en UTF-8 mais l'encodage {0} est imposé (--encoding ou paraphe.toml) : aucune correction appliquée, pour ne pas mélanger deux encodages dans le fichier"
    )]
    ForcedOverUtf8(&'static str),
    /// The checked text does not line up with the file's text (it changed while being
    /// checked): applying the fixes could corrupt it.
    #[error(
        "le texte vérifié ne correspond pas au fichier (modifié pendant la vérification ?) : aucune correction appliquée"
    )]
    Mismatch,
}

/// A replacement to make in a source: a byte range of its normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// What to replace: byte offsets into [`Source::text`].
    pub span: Span,
    /// The text to put instead.
    pub replacement: String,
}

/// The safe fixes among `diagnostics` (sorted by position, as [`crate::check`] returns
/// them) that change something, in order and without overlaps: of two fixes that
/// overlap, the first is kept and the other waits for the next pass.
pub fn safe_edits(source: &Source, diagnostics: &[Diagnostic]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for d in diagnostics {
        let Some(fix) = d.fix.as_ref() else {
            continue;
        };
        if fix.applicability != Applicability::Safe
            || source.text().get(d.span.clone()) == Some(fix.replacement.as_str())
            || edits.last().is_some_and(|e| e.span.end > d.span.start)
        {
            continue;
        }
        edits.push(Edit {
            span: d.span.clone(),
            replacement: fix.replacement.clone(),
        });
    }
    edits
}

/// What fixing the text of one file came to.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The file's text before, decoded (no byte order mark; line ends as in the file).
    pub before: String,
    /// The file's text after the fixes.
    pub after: String,
    /// The file's new content: `after` encoded as the file was.
    pub bytes: Vec<u8>,
    /// How many replacements were made, over every pass.
    pub applied: usize,
    /// The safe fixes that could not be applied, each with its line and why, in French
    /// (a letter the file's encoding cannot write).
    pub refused: Vec<String>,
    /// Whether checking the result found no safe fix left to apply; `false` when
    /// [`MAX_PASSES`] passes were not enough.
    pub converged: bool,
    /// The fixed text, loaded: what to report the remaining findings on.
    pub source: Source,
}

/// Reads a file to fix: its bytes, when it is a regular file.
///
/// # Errors
/// [`LoadError::NotRegular`] for a device, a pipe or a socket (it could be endless),
/// [`LoadError::Io`] when it cannot be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(LoadError::NotRegular);
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Applies the safe fixes of `rules` to `bytes`, the content of the text or Markdown
/// file `path` (its extension gives the format), and checks the result again, until no
/// safe fix is left or after [`MAX_PASSES`] passes. `encoding` forces the encoding, as
/// `--encoding` does. Nothing is written: see [`write_atomically`].
///
/// # Errors
/// [`FixError::NotText`] for a .docx or .odt, [`FixError::Load`] when the bytes do not
/// decode, [`FixError::NotRoundTrip`] or [`FixError::Mismatch`] when they cannot be
/// rewritten safely.
pub fn fix_text(
    path: &Path,
    bytes: &[u8],
    encoding: Option<&'static Encoding>,
    rules: &RuleSet,
    settings: &Settings,
) -> Result<Fixed, FixError> {
    let format = Format::from_path(path).unwrap_or(Format::Text);
    match format {
        Format::Docx => return Err(FixError::NotText("Word")),
        Format::Odt => return Err(FixError::NotText("OpenDocument")),
        Format::Text | Format::Markdown => {}
    }
    // A file in UTF-8 read in a forced single-byte encoding reads as « Ã© » for « é »:
    // rewriting it would mix two encodings in one file.
    if let Some(forced) = encoding
        && forced.is_single_byte()
        && !bytes.is_ascii()
        && std::str::from_utf8(bytes).is_ok()
    {
        return Err(FixError::ForcedOverUtf8(forced.name()));
    }
    let mut source = Source::decode(path, bytes, format, encoding)?;
    // Later passes read the fixed text in the encoding of the file, not a new guess.
    let encoding = Some(source.encoding());
    let mut file = FileText::read(bytes, &source)?;
    let before = file.text.clone();
    let mut applied = 0;
    let mut refused = Vec::new();
    let mut converged = false;
    for _ in 0..MAX_PASSES {
        let diagnostics = crate::check(&source, rules, settings);
        let edits = safe_edits(&source, &diagnostics);
        let (made, why) = file.apply(&source, &edits)?;
        refused = why;
        if made == 0 {
            converged = true;
            break;
        }
        applied += made;
        source = Source::decode(path, &file.encode_all()?, format, encoding)?;
    }
    Ok(Fixed {
        bytes: file.encode_all()?,
        before,
        after: file.text,
        applied,
        refused,
        converged,
        source,
    })
}

/// The text of a file as written (decoded, but with its own line ends and comments),
/// and how to encode it back.
struct FileText {
    /// The byte order mark the file starts with, if any.
    bom: Vec<u8>,
    text: String,
    encoding: &'static Encoding,
}

impl FileText {
    /// Decodes `bytes` as `source` was decoded, and makes sure encoding the text gives
    /// the same bytes back.
    fn read(bytes: &[u8], source: &Source) -> Result<FileText, FixError> {
        let encoding = source.encoding();
        let bom_len = match Encoding::for_bom(bytes) {
            Some((e, len)) if source.had_bom() && e == encoding => len,
            _ => 0,
        };
        let body = &bytes[bom_len..];
        let round_trip = || FixError::NotRoundTrip(encoding.name());
        let text = if encoding == UTF_8 {
            std::str::from_utf8(body)
                .map_err(|_| round_trip())?
                .to_string()
        } else {
            let (text, malformed) = encoding.decode_without_bom_handling(body);
            if malformed {
                return Err(round_trip());
            }
            text.into_owned()
        };
        let file = FileText {
            bom: bytes[..bom_len].to_vec(),
            text,
            encoding,
        };
        if file.encode(&file.text).as_deref() != Some(body) {
            return Err(round_trip());
        }
        Ok(file)
    }

    /// `text` in the file's encoding, or `None` when the encoding cannot write one of
    /// its characters.
    fn encode(&self, text: &str) -> Option<Vec<u8>> {
        if self.encoding == UTF_8 {
            return Some(text.as_bytes().to_vec());
        }
        // encoding_rs encodes UTF-16 as UTF-8 (the WHATWG rule for forms): by hand.
        if self.encoding == UTF_16LE || self.encoding == UTF_16BE {
            let big = self.encoding == UTF_16BE;
            return Some(
                text.encode_utf16()
                    .flat_map(|u| {
                        if big {
                            u.to_be_bytes()
                        } else {
                            u.to_le_bytes()
                        }
                    })
                    .collect(),
            );
        }
        let (bytes, used, unmappable) = self.encoding.encode(text);
        (!unmappable && used == self.encoding).then(|| bytes.into_owned())
    }

    /// The whole file: byte order mark and text.
    fn encode_all(&self) -> Result<Vec<u8>, FixError> {
        let body = self
            .encode(&self.text)
            .ok_or(FixError::NotRoundTrip(self.encoding.name()))?;
        let mut bytes = self.bom.clone();
        bytes.extend(body);
        Ok(bytes)
    }

    /// Makes `edits` (spans of `source`, the checked text of this file) in the file's
    /// text. Returns how many were made, and why the others were not.
    fn apply(&mut self, source: &Source, edits: &[Edit]) -> Result<(usize, Vec<String>), FixError> {
        let offsets: Vec<usize> = edits
            .iter()
            .flat_map(|e| [e.span.start, e.span.end])
            .collect();
        let mapped = map_offsets(source.text(), &self.text, &offsets).ok_or(FixError::Mismatch)?;
        let crlf = self.text.contains("\r\n");
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        let mut made = 0;
        let mut refused = Vec::new();
        for (edit, range) in edits.iter().zip(mapped.chunks_exact(2)) {
            let (start, end) = (range[0], range[1]);
            let written = &self.text[start..end];
            let checked = source.text().get(edit.span.clone());
            if checked != Some(written.replace("\r\n", "\n").replace('\r', "\n").as_str()) {
                return Err(FixError::Mismatch);
            }
            let replacement = if crlf {
                edit.replacement.replace('\n', "\r\n")
            } else {
                edit.replacement.clone()
            };
            if self.encode(&replacement).is_none() {
                refused.push(format!(
                    "ligne {} : « {written} » → « {replacement} » ne s'écrit pas en {}",
                    source.position(edit.span.start).line,
                    self.encoding.name()
                ));
                continue;
            }
            out.push_str(&self.text[at..start]);
            out.push_str(&replacement);
            at = end;
            made += 1;
        }
        out.push_str(&self.text[at..]);
        self.text = out;
        Ok((made, refused))
    }
}

/// The byte offsets in `written` (a file's text as written) of `offsets` (sorted byte
/// offsets of `checked`, the same text as checked). The two have the same characters
/// but for line ends (`\r\n` or `\r` written, `\n` checked) and blanked comments (any
/// character written, a space checked). `None` when an offset is not reached, or the
/// texts differ otherwise.
fn map_offsets(checked: &str, written: &str, offsets: &[usize]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut w = 0;
    let mut wanted = offsets.iter().peekable();
    let mut chars = checked.char_indices();
    loop {
        let (at, c) = chars
            .clone()
            .next()
            .map_or((checked.len(), None), |(i, c)| (i, Some(c)));
        while wanted.next_if(|&&o| o == at).is_some() {
            out.push(w);
        }
        if wanted.peek().is_none() {
            return Some(out);
        }
        let c = c?;
        chars.next();
        let wc = written[w..].chars().next()?;
        match (c, wc) {
            ('\n', '\r') => {
                w += if written[w + 1..].starts_with('\n') {
                    2
                } else {
                    1
                };
            }
            (c, wc) if c == wc || c == ' ' => w += wc.len_utf8(),
            _ => return None,
        }
    }
}

/// A unified diff of a file's text before and after its fixes, with `name` as both
/// file names (`--- name`, `+++ name`), three lines of context; empty when nothing
/// changed.
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

/// Replaces the content of `path` with `bytes`, atomically: they are written to a
/// temporary file in the same directory, flushed to disk, given the permissions of the
/// file, then renamed over it, so that a reader sees the old content or the new, never a
/// part. A symbolic link is followed: its target is rewritten and the link stays. The
/// owner of the file is not kept when it differs from the user running paraphe, and a
/// hard link to the file keeps the old content. Returns the path written.
///
/// # Errors
/// The system's error when the file cannot be read or replaced;
/// [`std::io::ErrorKind::PermissionDenied`] for a read-only file, which is left as is.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    if permissions.readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "fichier en lecture seule",
        ));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".paraphe-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.as_file().set_permissions(permissions)?;
    temporary.as_file().sync_all()?;
    temporary.persist(&target).map_err(|e| e.error)?;
    Ok(target)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_through_line_ends_and_blanked_comments() {
        let written = "a\r\nb <!-- é -->\rcé x";
        let checked = &format!("a\nb {}\ncé x", " ".repeat(10));
        let x = checked.find('x').unwrap();
        let mapped = map_offsets(checked, written, &[0, 2, x, x + 1]).unwrap();
        assert_eq!(mapped, [0, 3, written.find('x').unwrap(), written.len()]);
        assert_eq!(map_offsets("abc", "abd", &[3]), None);
        assert_eq!(map_offsets("abc", "abc", &[4]), None);
    }
}
