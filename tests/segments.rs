//! Large text files read in segments (`paraphe::segment`): the same findings, at the
//! same places, as each convention read on its own; the same errors as a file read whole.
//! The limits are made small here so that the fixtures are "large"; `tests/cli.rs` runs
//! the binary on a file over the real limit.

#![allow(clippy::unwrap_used)]

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use paraphe::segment::{Limits, Segments};
use paraphe::source::{Format, Source};
use paraphe::{RuleSet, Settings};

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("the embedded rules are valid"))
}

/// Every rule, with the dictionary pinned in `fixtures/dictionary`.
fn settings() -> Settings {
    static DICTIONARY: std::sync::OnceLock<Arc<paraphe::dictionary::Dictionary>> =
        std::sync::OnceLock::new();
    let dictionary = DICTIONARY.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/dictionary/fr-toutesvariantes.dic");
        Arc::new(paraphe::dictionary::Dictionary::load(&path).unwrap())
    });
    Settings {
        dictionary: Some(dictionary.clone()),
        ..Settings::default()
    }
}

/// A finding as the JSON format locates it: rule, start and end (1-based lines,
/// character columns), the text, the article, the message, the related places' lines.
type Found = (
    String,
    usize,
    usize,
    usize,
    usize,
    String,
    Option<String>,
    String,
    Vec<usize>,
);

fn found(source: &Source) -> Vec<Found> {
    let diagnostics = paraphe::check(source, rules(), &settings());
    paraphe::render::json::records(source, &diagnostics)
        .into_iter()
        .map(|r| {
            (
                r.rule.to_string(),
                r.line,
                r.column,
                r.end_line,
                r.end_column,
                r.text.to_string(),
                r.article.map(str::to_string),
                r.message.to_string(),
                r.related.iter().map(|x| x.line).collect(),
            )
        })
        .collect()
}

/// The findings of `bytes` read in segments with `limits`, and the segments' texts.
fn by_segments(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    limits: Limits,
) -> (Vec<Found>, Vec<String>) {
    let segments = Segments::new(
        Path::new("gros.txt"),
        Cursor::new(bytes),
        Format::Text,
        forced,
        limits,
    )
    .unwrap();
    let (mut findings, mut texts) = (Vec::new(), Vec::new());
    for segment in segments {
        let segment = segment.unwrap();
        assert!(segment.is_segment());
        findings.extend(found(&segment));
        texts.push(segment.text().to_string());
    }
    (findings, texts)
}

/// The conventions of `fixtures/documents`, each ending with a line end.
fn conventions() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "{paths:?}");
    paths
        .iter()
        .map(|p| {
            let mut text = std::fs::read_to_string(p).unwrap();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        })
        .collect()
}

/// What each convention gives read alone, its lines moved down by those before it.
fn each_alone(conventions: &[String]) -> Vec<Found> {
    each_alone_as("gros.txt", conventions)
}

/// [`each_alone`], each convention read as a file named `name` (its extension gives
/// the format).
fn each_alone_as(name: &str, conventions: &[String]) -> Vec<Found> {
    let mut expected = Vec::new();
    let mut lines_before = 0;
    for text in conventions {
        let source = Source::from_str(name, text);
        for mut f in found(&source) {
            f.1 += lines_before;
            f.3 += lines_before;
            f.8.iter_mut().for_each(|l| *l += lines_before);
            expected.push(f);
        }
        lines_before += text.matches('\n').count();
    }
    expected
}

/// Small enough that the fixtures are read in segments, in chunks of 7 bytes: chunks end
/// inside characters and between `\r` and `\n`.
fn small() -> Limits {
    Limits {
        large: 0,
        segment: 1 << 20,
        chunk: 7,
    }
}

#[test]
fn conventions_end_to_end_give_each_convention_s_findings_in_every_encoding() {
    let conventions = conventions();
    let expected = each_alone(&conventions);
    assert!(expected.len() > 150, "{}", expected.len());
    let whole = conventions.concat();
    let crlf = whole.replace('\n', "\r\n");
    // Windows-1252 has no narrow no-break space: the fixtures as a lawyer's older
    // editor would save them, with the no-break space.
    let legacy: Vec<String> = conventions
        .iter()
        .map(|c| c.replace('\u{202f}', "\u{a0}"))
        .collect();
    let legacy_text = legacy.concat();
    let (cp1252, _, unmappable) = WINDOWS_1252.encode(&legacy_text);
    assert!(
        !unmappable,
        "the fixtures are written in Windows-1252's letters"
    );
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(crlf.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16be: Vec<u8> = whole.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(whole.as_bytes());
    type Case<'a> = (
        &'a str,
        &'a [u8],
        Option<&'static Encoding>,
        &'static Encoding,
        &'a [String],
    );
    let cases: [Case; 6] = [
        ("UTF-8", whole.as_bytes(), None, UTF_8, &conventions),
        ("UTF-8, CRLF", crlf.as_bytes(), None, UTF_8, &conventions),
        ("UTF-8 with BOM", &bom, Some(UTF_8), UTF_8, &conventions),
        (
            "Windows-1252 (detected)",
            &cp1252,
            None,
            WINDOWS_1252,
            &legacy,
        ),
        (
            "UTF-16LE with BOM, CRLF",
            &utf16le,
            None,
            UTF_16LE,
            &conventions,
        ),
        (
            "UTF-16BE without BOM",
            &utf16be,
            None,
            UTF_16BE,
            &conventions,
        ),
    ];
    for (name, bytes, forced, encoding, texts_read) in cases {
        let segments = Segments::new(
            Path::new("gros.txt"),
            Cursor::new(bytes),
            Format::Text,
            forced,
            small(),
        )
        .unwrap();
        assert_eq!(segments.encoding(), encoding, "{name}");
        let (findings, texts) = by_segments(bytes, forced, small());
        assert_eq!(
            texts.len(),
            conventions.len(),
            "{name}: one segment a convention"
        );
        // The blank lines before the first title are no segment.
        assert_eq!(
            texts.concat().trim_start(),
            texts_read.concat().trim_start(),
            "{name}: no text lost or added"
        );
        if texts_read == conventions.as_slice() {
            assert_eq!(findings, expected, "{name}");
        } else {
            assert_eq!(findings, each_alone(texts_read), "{name}");
        }
    }
}

#[test]
fn errors_are_those_of_the_file_read_whole() {
    let le = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut nul_utf16 = le("ARTICLE 1 - OBJET de la convention\n").repeat(4);
    nul_utf16.extend([0, 0]);
    nul_utf16.extend(le(" suite"));
    let mut lone_surrogate = vec![0xFF, 0xFE];
    lone_surrogate.extend(le("ARTICLE 1 - OBJET"));
    lone_surrogate.extend([0x00, 0xD8, b'a', 0]);
    let mut guessed_surrogate = le("ARTICLE 1 - OBJET de la convention");
    guessed_surrogate.extend([0x00, 0xD8, b'a', 0]);
    let mut bom_then_invalid = b"\xEF\xBB\xBFok\n\xC3\xA9t\xC3\xA9\n".to_vec();
    bom_then_invalid.extend(b"\xFF");
    let inputs: Vec<(&str, Vec<u8>, Option<&'static Encoding>)> = vec![
        ("empty", b"".to_vec(), None),
        ("blank", b"  \n\t\r\n ".to_vec(), None),
        ("binary", b"ARTICLE 1\x00\x01".to_vec(), None),
        ("zip", b"PK\x03\x04rest".to_vec(), None),
        ("pdf", b"%PDF-1.7\n".to_vec(), None),
        (
            "UTF-8 forced, invalid",
            b"ok\n\xC3\xA9t\xC3\xA9\nd\xE9but".to_vec(),
            Some(UTF_8),
        ),
        (
            "UTF-8 cut short",
            b"ok\n\xC3\xA9t\xC3".to_vec(),
            Some(UTF_8),
        ),
        ("BOM then invalid", bom_then_invalid, None),
        ("legacy", b"ok\nd\xE9but \x92\n".to_vec(), None),
        (
            "UTF-8 damaged",
            b"ok\n\xC3\xA9t\xC3\xA9\nd\xE9but".to_vec(),
            None,
        ),
        (
            "lone CR, damaged",
            b"ok\r\xC3\xA9t\xC3\xA9\r\nd\xE9but \xC3\xA9\xC3\xA9".to_vec(),
            None,
        ),
        (
            "Windows-1252 that forms a UTF-8 character by chance",
            b"LE PROGR\xC8\x85\nd\xE9but \xE9t\xE9 \xE0 c\xF4t\xE9\n".to_vec(),
            None,
        ),
        ("UTF-16 with a NUL", nul_utf16, None),
        ("UTF-16 lone surrogate", lone_surrogate, None),
        ("guessed UTF-16 lone surrogate", guessed_surrogate, None),
        (
            "a forced encoding that fits",
            b"d\xE9but\n".to_vec(),
            Some(WINDOWS_1252),
        ),
    ];
    // The message of the input called `name`, read whole.
    let said = |name: &str| {
        let (_, bytes, forced) = inputs.iter().find(|i| i.0 == name).unwrap();
        Source::decode(Path::new("gros.txt"), bytes, Format::Text, *forced)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    // Lines counted as the text reads them (a lone CR ends one); a byte order mark says
    // UTF-8, nothing was forced.
    let lone_cr = said("lone CR, damaged");
    assert!(
        lone_cr.contains("(le premier ligne 3, octet 11 du fichier)"),
        "{lone_cr}"
    );
    let bom = said("BOM then invalid");
    assert!(
        bom.starts_with("le fichier est en UTF-8 sauf des octets invalides"),
        "{bom}"
    );
    for (name, bytes, forced) in inputs {
        let whole = Source::decode(Path::new("gros.txt"), &bytes, Format::Text, forced);
        for chunk in [1, 2, 3, 5, 4096] {
            let limits = Limits { chunk, ..small() };
            let segments = Segments::new(
                Path::new("gros.txt"),
                Cursor::new(&bytes),
                Format::Text,
                forced,
                limits,
            );
            match (&whole, segments) {
                (Err(w), Err(s)) => {
                    assert_eq!(w.to_string(), s.to_string(), "{name}, chunk {chunk}")
                }
                (Ok(w), Ok(s)) => {
                    let texts: Vec<String> = s.map(|s| s.unwrap().text().to_string()).collect();
                    assert_eq!(texts.concat(), w.text(), "{name}, chunk {chunk}");
                }
                (w, s) => panic!(
                    "{name}, chunk {chunk}: read whole {:?}, in segments {:?}",
                    w.as_ref().err().map(ToString::to_string),
                    s.err().map(|e| e.to_string())
                ),
            }
        }
    }
}

#[test]
fn a_convention_longer_than_a_segment_is_cut_after_a_paragraph_with_the_file_s_positions() {
    let template = &conventions()
        .into_iter()
        .find(|t| t.contains("[Structure publique]"))
        .unwrap();
    let limits = Limits {
        large: 0,
        segment: 2048,
        chunk: 1000,
    };
    let (findings, texts) = by_segments(template.as_bytes(), None, limits);
    assert!(texts.len() >= 8, "{}", texts.len());
    assert_eq!(texts.concat().trim(), template.trim());
    for text in &texts[..texts.len() - 1] {
        assert!(text.len() <= 2048, "{}", text.len());
        let last_line = text
            .strip_suffix('\n')
            .unwrap()
            .rsplit('\n')
            .next()
            .unwrap();
        assert!(
            last_line.trim().is_empty(),
            "cut after a blank line: {text:?}"
        );
    }
    // What is read word by word is at the same place as in the file read whole (the
    // checks of the whole convention, such as the numbering of its articles, see one
    // segment at a time).
    let local = |found: &[Found]| -> Vec<(String, usize, usize, usize, usize, String)> {
        found
            .iter()
            .filter(|f| ["placeholder", "typo", "spelling", "repeated-word"].contains(&&*f.0))
            .map(|f| (f.0.clone(), f.1, f.2, f.3, f.4, f.5.clone()))
            .collect()
    };
    let whole = local(&found(&Source::from_str("gros.txt", template)));
    let cut = local(&findings);
    assert!(whole.len() > 25, "{whole:?}");
    assert_eq!(cut, whole);
}

#[test]
fn a_line_longer_than_a_segment_is_cut_at_a_space_and_columns_are_the_file_s() {
    let mut text = String::from("ARTICLE 1 - OBJET\n");
    let sentence = "la convention est signée ";
    text.push_str(&sentence.repeat(1000));
    text.push_str("les équipes du prestaire ");
    text.push_str(&sentence.repeat(1000));
    text.push('\n');
    let limits = Limits {
        large: 0,
        segment: 4096,
        chunk: 333,
    };
    let (findings, texts) = by_segments(text.as_bytes(), None, limits);
    assert!(texts.len() >= 10, "{}", texts.len());
    assert!(
        texts[1..]
            .iter()
            .all(|t| !t.contains('\n') || t.ends_with('\n'))
    );
    let typo: Vec<_> = findings.iter().filter(|f| f.0 == "typo").collect();
    assert_eq!(typo.len(), 1, "{findings:?}");
    let column = sentence.chars().count() * 1000 + "les équipes du ".chars().count() + 1;
    assert_eq!((typo[0].1, typo[0].2), (2, column));
    assert_eq!(typo[0].5, "prestaire");
}

/// A file that another program cuts short once paraphe has read it through a first
/// time: after `seeks` seeks, it reads as `after`.
struct CutShort {
    file: Cursor<Vec<u8>>,
    after: Vec<u8>,
    seeks: usize,
}

impl std::io::Read for CutShort {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

impl std::io::Seek for CutShort {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.seeks = self.seeks.saturating_sub(1);
        if self.seeks == 0 && !self.after.is_empty() {
            self.file = Cursor::new(std::mem::take(&mut self.after));
        }
        self.file.seek(to)
    }
}

#[test]
fn a_file_that_changes_while_it_is_read_is_an_error_not_a_shorter_check() {
    let whole = conventions().concat();
    let changed = |after: Vec<u8>| {
        // UTF-8 found by the first pass: one rewind for it, one seek to read.
        let file = CutShort {
            file: Cursor::new(whole.clone().into_bytes()),
            after,
            seeks: 2,
        };
        let segments =
            Segments::new(Path::new("gros.txt"), file, Format::Text, None, small()).unwrap();
        let read: Vec<_> = segments.collect();
        let last = read.last().unwrap();
        last.as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let shorter = changed(whole.as_bytes()[..whole.len() / 2].to_vec());
    assert!(
        shorter.starts_with("le fichier a changé pendant sa lecture"),
        "{shorter}"
    );
    let longer = changed(whole.repeat(2).into_bytes());
    assert!(
        longer.starts_with("le fichier a changé pendant sa lecture"),
        "{longer}"
    );
    let mut garbled = whole.clone().into_bytes();
    garbled[whole.len() - 10] = 0xFF;
    assert!(changed(garbled).starts_with("le fichier a changé"));
    let empty = changed(b" ".to_vec());
    assert!(empty.contains("1 octets lus"), "{empty}");
}

#[test]
fn markdown_code_blocks_and_comments_hold_no_cut() {
    let filled = conventions()
        .into_iter()
        .find(|t| t.contains("ARTICLE 3"))
        .unwrap();
    // A code block and a comment holding what would open a convention and blank lines,
    // in the middle of the convention.
    let block =
        "```\nCONVENTION\n\nEntre\n\ncode prestaire [Date]\n```\n\n<!--\nTITRE\n\nEntre\n\n-->\n\n";
    let at = filled.find("ARTICLE 3").unwrap();
    let convention = format!("{}{block}{}", &filled[..at], &filled[at..]);
    let conventions = vec![convention.clone(), convention.clone(), convention];
    let whole = conventions.concat();
    let expected = each_alone_as("gros.md", &conventions);
    for segment in [1 << 20, 4096] {
        let limits = Limits { segment, ..small() };
        let segments = Segments::new(
            Path::new("gros.md"),
            Cursor::new(whole.as_bytes()),
            Format::Markdown,
            None,
            limits,
        )
        .unwrap();
        let mut findings = Vec::new();
        let mut texts = Vec::new();
        for s in segments {
            let s = s.unwrap();
            texts.push(s.text().to_string());
            findings.extend(found(&s));
        }
        for text in &texts {
            assert_eq!(
                text.matches("```").count() % 2,
                0,
                "a segment holds whole code blocks"
            );
            assert_eq!(text.matches("<!--").count(), text.matches("-->").count());
        }
        if segment == 1 << 20 {
            assert_eq!(texts.len(), 3);
            assert_eq!(findings, expected);
        }
    }
}

#[test]
fn blocks_never_closed_do_not_join_conventions() {
    let conventions = conventions();
    let with = |i: usize, line: &str| -> Vec<String> {
        let mut copy = conventions.clone();
        let at = copy[i].find("ARTICLE 2").unwrap();
        copy[i].insert_str(at, line);
        copy
    };
    // A .txt suppression never closed ends with its line.
    let txt = with(3, "<!-- paraphe-ignore typo: nom propre\n");
    // In Markdown, an unclosed comment is text; an unclosed fence hides the rest of its
    // convention only.
    let mut md = with(3, "<!-- une note jamais fermée\n\n");
    let at = md[5].find("ARTICLE 4").unwrap();
    md[5].insert_str(at, "```\n\n");
    for (name, format, texts) in [
        ("gros.txt", Format::Text, txt),
        ("gros.md", Format::Markdown, md),
    ] {
        let expected = each_alone_as(name, &texts);
        let whole = texts.concat();
        let segments = Segments::new(
            Path::new(name),
            Cursor::new(whole.as_bytes()),
            format,
            None,
            small(),
        )
        .unwrap();
        let mut findings = Vec::new();
        let mut count = 0;
        for s in segments {
            count += 1;
            findings.extend(found(&s.unwrap()));
        }
        assert_eq!(count, texts.len(), "{name}: one segment a convention");
        assert_eq!(findings, expected, "{name}");
    }
}

#[test]
fn a_file_written_to_after_it_was_opened_is_an_error_even_at_the_same_size() {
    let dir = std::env::temp_dir().join(format!("paraphe-segments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gros.txt");
    let whole = conventions().concat();
    std::fs::write(&path, &whole).unwrap();
    let segments = Segments::open(&path, None, small()).unwrap();
    // Rewritten with the same size (one letter changed), a minute on.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, whole.replacen('a', "b", 1).as_bytes()).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    file.set_modified(later).unwrap();
    drop(file);
    let last = segments.last().unwrap();
    assert!(
        last.as_ref()
            .is_err_and(|e| e.to_string().starts_with("le fichier a changé")),
        "{:?}",
        last.map(|s| s.text().len())
    );
    // Untouched, it reads to its end.
    std::fs::write(&path, &whole).unwrap();
    assert!(
        Segments::open(&path, None, small())
            .unwrap()
            .all(|s| s.is_ok())
    );
    std::fs::remove_dir_all(dir).ok();
}
