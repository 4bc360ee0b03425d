//! Large text files, read in segments in bounded memory.
//!
//! A text or Markdown file over [`Limits::large`] bytes (16 MiB) is no single
//! convention: it is many end to end (an export, a concatenation) or no convention at
//! all. Such a file is never held in memory whole. [`Segments`] reads it twice:
//!
//! 1. a first pass decides its encoding exactly as for a file read whole
//!    ([`Source::decode`]: forced, byte order mark, UTF-16 without one, UTF-8, else the
//!    legacy encoding [`LegacyDetector`] finds) and finds every error a file read whole
//!    gives (binary data, UTF-8 invalid at a given line, undecodable UTF-16, no text),
//!    so that nothing is reported of a file that turns out unreadable;
//! 2. a second pass decodes it chunk by chunk, normalises its line ends as
//!    [`Source`] does, and cuts it into segments: before each convention (the title block
//!    above an « Entre » standing alone, [`crate::parser::opens_parties`]), and inside a
//!    convention longer than [`Limits::segment`] bytes at a paragraph break (failing
//!    that, a line break, a space, a character); never inside a Markdown code block or
//!    HTML comment, nor a `paraphe-ignore` comment of a .txt, as [`Source`] reads them.
//!
//! Each segment is a [`Source`] whose positions are those of the file
//! ([`crate::source::Origin`]), checked by the caller as a document of its own and
//! dropped before the next ones are read: memory holds a segment and the chunk being
//! read, whatever the size of the file. Blank segments (the empty lines before the
//! first convention) are skipped.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

use crate::source::{
    Format, LegacyDetector, LoadError, Origin, SNIFF_LEN, Source, Utf8Census, sniff, sniff_utf16,
};

/// Most non-blank lines above « Entre » taken for the title of a new convention; a
/// longer block is not a title, and the cut is made at the « Entre » line's blank
/// lines instead.
const MAX_TITLE_LINES: usize = 12;

/// Lines longer than this are never « Entre » standing alone: not looked at.
const MAX_OPENER_LEN: usize = 80;

/// When a file is read in segments, and how long a segment may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Text and Markdown files of more than this many bytes are read in segments.
    pub large: u64,
    /// Most bytes of normalised text in a segment cut inside a convention (a cut before
    /// a convention may come up to one title block later). At least 64.
    pub segment: usize,
    /// Bytes read from the file at a time. At least 1.
    pub chunk: usize,
}

impl Default for Limits {
    /// 16 MiB and 2 MiB (a convention, annexes included, is well under 1 MiB of
    /// text; the findings of a segment are held until it is written, and a text dense
    /// with defects has one every few words), read 1 MiB at a time.
    fn default() -> Self {
        Limits {
            large: 16 << 20,
            segment: 2 << 20,
            chunk: 1 << 20,
        }
    }
}

impl Limits {
    /// Whether the file at `path` is to be read in segments: a regular file of more
    /// than [`Limits::large`] bytes that is read as text (not a .docx nor an .odt).
    /// `false` when its size cannot be read: loading it then says why.
    pub fn applies_to(&self, path: &Path) -> bool {
        let text = !matches!(Format::from_path(path), Some(Format::Docx | Format::Odt));
        text && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > self.large)
    }
}

/// The segments of a large text file, in order (see the module's documentation). An
/// iterator of [`Source`]s; an item is an error when the file can no longer be read
/// ([`LoadError::Io`]) or is no longer what the first pass read ([`LoadError::Changed`]:
/// cut short, lengthened, no longer valid in its encoding, written to since it was
/// opened), and the iterator ends after it.
pub struct Segments<R> {
    reader: R,
    path: PathBuf,
    format: Format,
    encoding: &'static Encoding,
    decoder: Decoder,
    segment: usize,
    /// Decoded, normalised text; `buffer[start..]` has not been given out yet.
    buffer: String,
    start: usize,
    /// Where `buffer[start..]` starts in the file.
    origin: Origin,
    /// The last character decoded was `\r`: a `\n` right after it is the same line end.
    after_cr: bool,
    /// Every byte of the file was decoded.
    eof: bool,
    /// An error was given out: nothing more follows.
    failed: bool,
    raw: Vec<u8>,
    decoded: String,
    given: usize,
    /// Bytes of the file as the first pass read it, and read so far by the second.
    len: u64,
    read: u64,
    /// The last closing marks of `buffer`.
    closes: Closes,
    /// When the file was last modified before the first pass, for a file opened by
    /// [`Segments::open`]: a change that keeps its size is seen by it.
    modified: Option<std::time::SystemTime>,
}

impl Segments<std::io::BufReader<std::fs::File>> {
    /// Opens `path` to read it in segments, decoding it with `forced` when given
    /// (`--encoding`), read as Markdown when its extension says so, else as text.
    ///
    /// # Errors
    /// As [`Source::load_with`]: [`LoadError::NotRegular`], [`LoadError::Io`], and the
    /// errors of [`Segments::new`].
    pub fn open(
        path: &Path,
        forced: Option<&'static Encoding>,
        limits: Limits,
    ) -> Result<Self, LoadError> {
        // Looked at before opening: opening a named pipe waits for a writer.
        if !std::fs::metadata(path)?.is_file() {
            return Err(LoadError::NotRegular);
        }
        let file = std::fs::File::open(path)?;
        let modified = file.metadata()?.modified().ok();
        let format = match Format::from_path(path) {
            Some(Format::Markdown) => Format::Markdown,
            _ => Format::Text,
        };
        let mut segments = Segments::new(
            path,
            std::io::BufReader::with_capacity(limits.chunk.max(1), file),
            format,
            forced,
            limits,
        )?;
        segments.modified = modified;
        Ok(segments)
    }
}

impl<R: Read + Seek> Segments<R> {
    /// Reads `reader` through once to decide its encoding and find its errors (the
    /// first pass), then rewinds it; `path` names the segments, `format` is
    /// [`Format::Text`] or [`Format::Markdown`].
    ///
    /// # Errors
    /// What [`Source::decode`] gives for the same bytes: [`LoadError::Binary`],
    /// [`LoadError::Unsupported`], [`LoadError::InvalidUtf8`] (with the line and byte
    /// of the first invalid byte), [`LoadError::Malformed`], [`LoadError::Utf16`],
    /// [`LoadError::Empty`]; [`LoadError::Io`] when reading fails.
    pub fn new(
        path: &Path,
        mut reader: R,
        format: Format,
        forced: Option<&'static Encoding>,
        limits: Limits,
    ) -> Result<Self, LoadError> {
        let chunk = limits.chunk.max(1);
        let Scanned {
            encoding,
            bom_len,
            len,
        } = scan(&mut reader, forced, chunk)?;
        reader.seek(SeekFrom::Start(bom_len as u64))?;
        let segment = limits.segment.max(64);
        Ok(Segments {
            reader,
            path: path.to_path_buf(),
            format,
            encoding,
            decoder: encoding.new_decoder_without_bom_handling(),
            segment,
            buffer: String::new(),
            start: 0,
            origin: Origin::default(),
            after_cr: false,
            eof: false,
            failed: false,
            raw: vec![0; chunk],
            decoded: String::new(),
            given: 0,
            len,
            read: bom_len as u64,
            closes: Closes::default(),
            modified: None,
        })
    }

    /// The encoding the file is read in.
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// How many segments were given out so far (blank ones are not).
    pub fn given(&self) -> usize {
        self.given
    }

    /// The size of the file in bytes, as the first pass read it.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// Reads more of the file: keeps only what was not given out, then decodes until
    /// twice a segment is waiting, or the end of the file.
    ///
    /// # Errors
    /// [`LoadError::Io`]; [`LoadError::Changed`] when the file is not as the first pass
    /// read it: longer, shorter, no longer valid in its encoding, or (opened by
    /// [`Segments::open`]) modified since.
    fn fill(&mut self) -> Result<(), LoadError> {
        self.buffer.drain(..self.start);
        self.start = 0;
        while !self.eof && self.buffer.len() < 2 * self.segment {
            let n = read_some(&mut self.reader, &mut self.raw)?;
            self.read += n as u64;
            self.eof = n == 0;
            self.decoded.clear();
            let malformed = decode_into(
                &mut self.decoder,
                &self.raw[..n],
                &mut self.decoded,
                self.eof,
            );
            let touched = self.eof
                && self.modified.is_some()
                && std::fs::metadata(&self.path)
                    .and_then(|m| m.modified())
                    .ok()
                    != self.modified;
            if malformed || touched || self.read > self.len || (self.eof && self.read != self.len) {
                return Err(LoadError::Changed {
                    expected: self.len,
                    read: self.read,
                });
            }
            push_normalised(&mut self.buffer, &self.decoded, &mut self.after_cr);
        }
        self.closes = Closes::of(&self.buffer);
        Ok(())
    }

    /// Where the segment starting at `start` ends, or `None` when more of the file must
    /// be read to know: before the next convention; failing one within the segment's
    /// limit, inside the convention after a blank line, else at a line end, else after
    /// a space, outside code blocks and comments where the text allows.
    fn cut(&self) -> Option<usize> {
        let text = self.buffer.as_str();
        let from = self.start;
        let limit = from + self.segment;
        // A title block may run a little past the limit: its « Entre » is looked for
        // up to 4 KiB further.
        let mut look_to = (limit + 4096).min(text.len());
        while !text.is_char_boundary(look_to) {
            look_to -= 1;
        }
        let bounds = window(text, from, limit, self.segment);
        let cuts = find_cuts(
            text,
            from,
            look_to,
            self.eof,
            (self.format, &self.closes),
            bounds,
        );
        if let Some(cut) = cuts.convention {
            return Some(cut);
        }
        if text.len() <= limit {
            return self.eof.then_some(text.len());
        }
        Some(
            cuts.after_blank
                .or(cuts.line)
                .unwrap_or_else(|| space_cut(text, bounds)),
        )
    }
}

impl<R: Read + Seek> Iterator for Segments<R> {
    type Item = Result<Source, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed || (self.eof && self.start == self.buffer.len()) {
                return None;
            }
            let cut = loop {
                if let Some(cut) = self.cut() {
                    break cut;
                }
                if let Err(e) = self.fill() {
                    self.failed = true;
                    return Some(Err(e));
                }
            };
            let piece = &self.buffer[self.start..cut];
            let origin = self.origin;
            self.origin = advance(origin, piece);
            let blank = piece.trim().is_empty();
            let text = (!blank).then(|| piece.to_string());
            self.start = cut;
            if let Some(text) = text {
                self.given += 1;
                return Some(Ok(Source::segment(
                    &self.path,
                    text,
                    self.format,
                    self.encoding,
                    origin,
                )));
            }
        }
    }
}

/// The origin of the text that follows `piece`, which starts at `origin`.
fn advance(origin: Origin, piece: &str) -> Origin {
    let newlines = piece.bytes().filter(|&b| b == b'\n').count();
    let column = match piece.rfind('\n') {
        Some(i) => piece[i + 1..].chars().count(),
        None => origin.column + piece.chars().count(),
    };
    Origin {
        line: origin.line + newlines,
        column,
    }
}

/// Reads into `buf` until it is full or the file ends; the number of bytes read.
fn read_some<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Decodes `src` onto `dst`; whether a byte sequence was malformed (and replaced).
fn decode_into(decoder: &mut Decoder, mut src: &[u8], dst: &mut String, last: bool) -> bool {
    let mut malformed = false;
    loop {
        dst.reserve(
            decoder
                .max_utf8_buffer_length(src.len())
                .unwrap_or(3 * src.len() + 16),
        );
        let (result, read, replaced) = decoder.decode_to_string(src, dst, last);
        malformed |= replaced;
        src = &src[read..];
        match result {
            CoderResult::InputEmpty => return malformed,
            CoderResult::OutputFull => {}
        }
    }
}

/// Appends `chunk` to `out` with its line ends normalised as in [`Source`]: `\r\n` and
/// a lone `\r` become `\n`. `after_cr` carries a `\r` that ended the previous chunk, so
/// that a `\r\n` split between two chunks is one line end.
fn push_normalised(out: &mut String, chunk: &str, after_cr: &mut bool) {
    let mut rest = chunk;
    if *after_cr && !rest.is_empty() {
        rest = rest.strip_prefix('\n').unwrap_or(rest);
        *after_cr = false;
    }
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if rest.is_empty() {
            *after_cr = true;
        } else {
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
    }
    out.push_str(rest);
}

/// What a cut must not fall inside: a fenced code block of Markdown (``` or ~~~), an
/// HTML comment of Markdown, a `paraphe-ignore` comment of a .txt, as [`Source`] blanks
/// them; an « Entre » inside them opens no convention either.
#[derive(Debug, Default)]
struct Blocks {
    fence: Option<&'static str>,
    comment: bool,
}

impl Blocks {
    fn outside(&self) -> bool {
        self.fence.is_none() && !self.comment
    }

    /// The state after `line`, which starts at byte `at` of a text whose closing marks
    /// are `closes`, read as `format`. A block that nothing closes further on opens
    /// nothing: [`Source`] reads an unclosed `<!--` as text (or, a suppression, as ending
    /// with its line), and an unclosed fence hides the rest of its own segment only.
    fn line(&mut self, line: &str, at: usize, closes: &Closes, format: Format) {
        let markdown = format == Format::Markdown;
        let closed_after = |last: Option<usize>, at: usize| last.is_some_and(|c| c >= at);
        if markdown && !self.comment {
            let trimmed = line.trim_start();
            if let Some(marker) = self.fence {
                if trimmed.starts_with(marker) {
                    self.fence = None;
                }
                return;
            }
            if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
                let last = if marker == "```" {
                    closes.backticks
                } else {
                    closes.tildes
                };
                if closed_after(last, at + line.len()) {
                    self.fence = Some(marker);
                }
                return;
            }
        }
        let mut rest = line;
        loop {
            let here = at + (line.len() - rest.len());
            if self.comment {
                let Some(end) = rest.find("-->") else { return };
                self.comment = false;
                rest = &rest[end + 3..];
            } else {
                let Some(open) = rest.find("<!--") else {
                    return;
                };
                rest = &rest[open + 4..];
                let directive = markdown || crate::suppression::is_directive(rest);
                self.comment = directive && closed_after(closes.comment, here + open + 4);
            }
        }
    }
}

/// Where the last closing marks of a text are: `-->`, and the fences ``` and ~~~ (wherever
/// they stand: a block opened before the last one may be closed).
#[derive(Debug, Default, Clone, Copy)]
struct Closes {
    comment: Option<usize>,
    backticks: Option<usize>,
    tildes: Option<usize>,
}

impl Closes {
    fn of(text: &str) -> Closes {
        Closes {
            comment: text.rfind("-->"),
            backticks: text.rfind("```"),
            tildes: text.rfind("~~~"),
        }
    }
}

/// Where the segment starting at `from` may end, from one pass over its lines that
/// start before `to`, outside code blocks and comments ([`Blocks`]).
#[derive(Debug, Default, PartialEq, Eq)]
struct Cuts {
    /// The start of the next convention: the first line of the title block above the
    /// next « Entre » standing alone.
    convention: Option<usize>,
    /// The last line start in `(low, limit]` right after a blank line.
    after_blank: Option<usize>,
    /// The last line start in `(low, limit]`.
    line: Option<usize>,
}

/// The cuts of the segment starting at `from` (see [`Cuts`]); the pass stops at the
/// first convention found. A last line without its `\n` is looked at only when the file
/// is read to its end (`complete`).
fn find_cuts(
    text: &str,
    from: usize,
    to: usize,
    complete: bool,
    (format, closes): (Format, &Closes),
    (low, limit): (usize, usize),
) -> Cuts {
    let mut cuts = Cuts::default();
    let mut blocks = Blocks::default();
    let (mut line_start, mut previous_blank) = (from, false);
    while line_start < to {
        let line_end = match text[line_start..].find('\n') {
            Some(i) => line_start + i,
            None if complete => text.len(),
            None => break,
        };
        let line = &text[line_start..line_end];
        if line_start > from && blocks.outside() {
            let first = line.trim_start().chars().next();
            if line.len() <= MAX_OPENER_LEN
                && matches!(first, Some('E' | 'e' | '#' | '*' | '_' | '>'))
                && crate::parser::opens_parties(line)
            {
                let title = title_start(text, line_start, from);
                if title > from {
                    cuts.convention = Some(title);
                    return cuts;
                }
            }
            if low < line_start && line_start <= limit {
                cuts.line = Some(line_start);
                if previous_blank {
                    cuts.after_blank = Some(line_start);
                }
            }
        }
        blocks.line(line, line_start, closes, format);
        previous_blank = line.trim().is_empty();
        line_start = line_end + 1;
    }
    cuts
}

/// The start of the title block above the « Entre » line starting at `entre`: the
/// nearest run of non-blank lines above it (blank lines between them skipped), not
/// looking before `floor`. Without such a run, or with one longer than a title, the
/// start of the blank lines above `entre` (or `entre` itself).
fn title_start(text: &str, entre: usize, floor: usize) -> usize {
    let mut line_start = entre;
    let mut top: Option<usize> = None;
    let mut blank_top = entre;
    let mut lines = 0;
    while line_start > floor {
        let prev_end = line_start - 1;
        let prev_start = text[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        if text[prev_start..prev_end].trim().is_empty() {
            if top.is_some() {
                break;
            }
            blank_top = prev_start;
        } else {
            lines += 1;
            if lines > MAX_TITLE_LINES {
                return blank_top;
            }
            top = Some(prev_start);
        }
        line_start = prev_start;
    }
    top.unwrap_or(blank_top)
}

/// The character boundaries `(from + segment / 2, limit]` (or as near as `text` allows)
/// between which a cut inside a convention is made.
fn window(text: &str, from: usize, limit: usize, segment: usize) -> (usize, usize) {
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let mut low = (from + segment / 2).min(limit);
    while !text.is_char_boundary(low) {
        low += 1;
    }
    (low, limit)
}

/// A cut inside a line (a line longer than a segment): after the last space in
/// `(low, limit]`, else at `limit`.
fn space_cut(text: &str, (low, limit): (usize, usize)) -> usize {
    match text[low..limit]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
    {
        Some((i, c)) => low + i + c.len_utf8(),
        None => limit,
    }
}

/// The first pass: the encoding of `reader`'s bytes and the length of the byte order
/// mark to skip, decided as [`Source::decode`] does, with the same errors.
fn scan<R: Read + Seek>(
    reader: &mut R,
    forced: Option<&'static Encoding>,
    chunk: usize,
) -> Result<Scanned, LoadError> {
    let mut start = Vec::new();
    reader
        .by_ref()
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut start)?;
    sniff(&start, forced)?;
    let (bom, bom_len) = Encoding::for_bom(&start).unzip();
    let utf16 = sniff_utf16(&start);
    let guessed_utf16 = forced.is_none() && bom.is_none() && utf16.is_some();
    let mut utf8: Option<Utf8Census> = None;
    let encoding = match (forced, bom, utf16) {
        (Some(e), _, _) | (None, Some(e), _) | (None, None, Some(e)) => e,
        (None, None, None) => {
            reader.rewind()?;
            let census = utf8_census(reader, 0, chunk)?;
            census.damaged()?;
            if census.first_invalid.is_none() {
                utf8 = Some(census);
                UTF_8
            } else {
                reader.rewind()?;
                let mut detector = LegacyDetector::new();
                let mut raw = vec![0; chunk];
                loop {
                    let n = read_some(reader, &mut raw)?;
                    if n == 0 {
                        break;
                    }
                    detector.feed(&raw[..n]);
                }
                detector.guess()
            }
        }
    };
    let had_bom = bom.is_some_and(|b| b == encoding);
    let bom_len = if had_bom { bom_len.unwrap_or(0) } else { 0 };
    let (nonblank, len) = if encoding == UTF_8 {
        let census = match utf8 {
            Some(census) => census,
            None => {
                reader.seek(SeekFrom::Start(bom_len as u64))?;
                utf8_census(reader, bom_len, chunk)?
            }
        };
        if let Some((offset, line)) = census.first_invalid {
            return Err(LoadError::utf8_invalid(offset, line, forced.is_some()));
        }
        (census.nonblank, census.end as u64)
    } else {
        reader.seek(SeekFrom::Start(bom_len as u64))?;
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let (mut raw, mut text) = (vec![0; chunk], String::new());
        let (mut malformed, mut nonblank) = (false, false);
        let (mut units, mut nul) = (0usize, None);
        let mut end = bom_len as u64;
        loop {
            let n = read_some(reader, &mut raw)?;
            end += n as u64;
            text.clear();
            malformed |= decode_into(&mut decoder, &raw[..n], &mut text, n == 0);
            nonblank |= !text.trim().is_empty();
            if guessed_utf16 && nul.is_none() {
                match text.find('\0') {
                    Some(at) => nul = Some(2 * (units + text[..at].encode_utf16().count())),
                    None => units += text.encode_utf16().count(),
                }
            }
            if n == 0 {
                break;
            }
        }
        if malformed {
            return Err(LoadError::undecodable(encoding, guessed_utf16));
        }
        if let Some(offset) = nul {
            return Err(LoadError::Binary { offset });
        }
        (nonblank, end)
    };
    if !nonblank {
        return Err(LoadError::Empty);
    }
    Ok(Scanned {
        encoding,
        bom_len,
        len,
    })
}

/// What the first pass found.
struct Scanned {
    encoding: &'static Encoding,
    /// Bytes of the byte order mark, skipped.
    bom_len: usize,
    /// Bytes of the whole file, byte order mark included.
    len: u64,
}

/// A pass over UTF-8 bytes from `reader`'s position to its end, the first at offset
/// `base` of the file.
fn utf8_census<R: Read>(reader: &mut R, base: usize, chunk: usize) -> std::io::Result<Utf8Census> {
    let mut census = Utf8Census::new(base);
    let mut raw = vec![0; chunk];
    loop {
        let n = read_some(reader, &mut raw)?;
        census.feed(&raw[..n], n == 0);
        if n == 0 {
            return Ok(census);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_split_between_chunks_are_one_line_end() {
        let mut out = String::new();
        let mut after_cr = false;
        for chunk in ["a\r", "\nb\r", "c\r", "", "\n", "\r\r\nd"] {
            push_normalised(&mut out, chunk, &mut after_cr);
        }
        assert_eq!(out, "a\nb\nc\n\n\nd");
    }

    /// The cuts of the segment starting at `from` of a whole text, as `cut()` looks for
    /// them, and the window of a cut inside a convention.
    fn cuts_of(text: &str, from: usize, segment: usize, format: Format) -> (Cuts, (usize, usize)) {
        let bounds = window(text, from, from + segment, segment);
        let closes = Closes::of(text);
        let cuts = find_cuts(text, from, text.len(), true, (format, &closes), bounds);
        (cuts, bounds)
    }

    /// The cut `cut()` makes inside a convention, on a whole text.
    fn inside(text: &str, segment: usize, format: Format) -> usize {
        let (cuts, bounds) = cuts_of(text, 0, segment, format);
        assert_eq!(cuts.convention, None);
        cuts.after_blank
            .or(cuts.line)
            .unwrap_or_else(|| space_cut(text, bounds))
    }

    #[test]
    fn a_cut_inside_a_convention_falls_after_a_blank_line_then_a_line_then_a_space() {
        let text = "aaaa\n\nbbbb\ncccc dddd";
        assert_eq!(inside(text, 10, Format::Text), 6);
        let text = "aaaa\nbbbb\ncccc dddd";
        assert_eq!(inside(text, 12, Format::Text), 10);
        let text = "aaaaaaaa cccc dddd";
        assert_eq!(inside(text, 16, Format::Text), 14);
        let text = "éééééééééé";
        assert_eq!(inside(text, 9, Format::Text), 8);
    }

    #[test]
    fn no_cut_inside_a_code_block_or_a_comment() {
        // The blank line inside the block is no cut: the line after the block is.
        let fenced = "aaaa\n\n```\nx\n\ny\n```\nzz\n";
        assert_eq!(inside(fenced, 20, Format::Markdown), 19);
        // In a .txt, a fence is text.
        assert_eq!(inside(fenced, 20, Format::Text), 13);
        let comment = "aaaa\n\n<!-- paraphe-ignore typo: x\n\n-->\nzz\n";
        assert_eq!(inside(comment, 40, Format::Text), 39);
        // Any HTML comment in Markdown, only a suppression in a .txt.
        let html = "aaaa\n\n<!-- note\n\n-->\nzz\n";
        assert_eq!(inside(html, 22, Format::Markdown), 21);
        assert_eq!(inside(html, 22, Format::Text), 17);
        let entre = "fin\n\n<!--\nTITRE\n\nEntre\n-->\nsuite\n";
        assert_eq!(
            cuts_of(entre, 0, 64, Format::Markdown).0.convention,
            None,
            "an « Entre » in a comment opens nothing"
        );
        // Never closed further on: no block (read as text, or to the end of its line).
        let open = "aaaa\n\n<!-- paraphe-ignore typo: x\n\nbbbb\n\ncc\n";
        assert_eq!(inside(open, 42, Format::Text), 41);
        let fence = "aaaa\n\n```\n\nbbbb\n\ncc\n";
        assert_eq!(inside(fence, 20, Format::Markdown), 17);
    }

    #[test]
    fn a_convention_starts_at_its_title_above_entre() {
        let starts =
            |text: &str, from: usize| cuts_of(text, from, 1 << 20, Format::Text).0.convention;
        let text = "fin\n\nCONVENTION\nDE PARTENARIAT\n \nEntre :\nLa Commune\n";
        assert_eq!(starts(text, 0), Some(5));
        // The convention the segment starts with is not a cut.
        assert_eq!(starts(text, 5), None);
        let inline = "fin\n\nCONVENTION\nEntre la Commune et l'EPT\n";
        assert_eq!(starts(inline, 0), None);
    }
}
