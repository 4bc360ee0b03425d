//! Fuzz target: any bytes, read as a text file, a Markdown file, a DOCX and an ODT,
//! parsed and checked with every built-in rule, rendered in every format, and fixed as a text and a Markdown file.
//! Nothing may panic, whatever the input; a fix changes nothing but what it replaces.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use paraphe::source::{Format, Source};
use paraphe::{RuleSet, Settings};

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::embedded().expect("the embedded rules are valid"));

fn check(source: &Source) {
    // The rules of the template profile too: they read fields and brackets.
    let template = Settings {
        profile: paraphe::Profile::Template,
        ..Settings::default()
    };
    drop(paraphe::check(source, &RULES, &template));
    let diagnostics = paraphe::check(source, &RULES, &Settings::default());
    let records = paraphe::render::json::records(source, &diagnostics);
    let document = paraphe::parser::parse(source);
    let _ = paraphe::render::human::render(source, &document, &diagnostics, false);
    let _ = paraphe::render::outline::render(source, &document, None);
    let _ = paraphe::render::short::render(source, &diagnostics);
    let _ = paraphe::render::github::render(source, &diagnostics);
    if let Ok(mut sarif) = paraphe::render::sarif::Sarif::new(Vec::new(), &RULES) {
        let _ = paraphe::render::Renderer::file(&mut sarif, source, &document, &diagnostics);
    }
    drop(records);
}

/// `data` read as a large file, in segments of 64 bytes read 7 bytes at a time: the same
/// error as read whole, or the same text (but for blank segments, left out, and
/// comments), and the first segments checked.
fn segments(data: &[u8]) {
    let limits = paraphe::segment::Limits {
        large: 0,
        segment: 64,
        chunk: 7,
    };
    let whole = Source::from_bytes(Path::new("fuzz.txt"), data, Format::Text);
    let segments = paraphe::segment::Segments::new(
        Path::new("fuzz.txt"),
        std::io::Cursor::new(data),
        Format::Text,
        None,
        limits,
    );
    match (whole, segments) {
        (Ok(whole), Ok(segments)) => {
            let mut text = String::new();
            let mut comments = !whole.comments().is_empty();
            for (i, segment) in segments.enumerate() {
                let segment = segment.expect("reading from memory does not fail");
                text.push_str(segment.text());
                comments |= !segment.comments().is_empty();
                // Every segment is cut and read; the first ones are checked (checking
                // them all would slow the fuzzing of everything else).
                if i < 4 {
                    check(&segment);
                }
            }
            // A comment cut in two by a segment is blanked in part only (a known limit).
            if !comments {
                let visible = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(visible(&text), visible(whole.text()), "no text lost");
            }
        }
        (Err(whole), Err(segments)) => assert_eq!(whole.to_string(), segments.to_string()),
        (whole, segments) => panic!(
            "read whole: {:?}; in segments: {:?}",
            whole.err().map(|e| e.to_string()),
            segments.err().map(|e| e.to_string())
        ),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = Source::from_bytes(Path::new("fuzz.txt"), data, Format::Text) {
        check(&source);
    }
    if let Ok(source) = Source::from_bytes(Path::new("fuzz.md"), data, Format::Markdown) {
        check(&source);
    }
    segments(data);
    for name in ["fuzz.txt", "fuzz.md"] {
        let fixed =
            paraphe::fix::fix_text(Path::new(name), data, None, &RULES, &Settings::default());
        if let Ok(fixed) = fixed {
            if fixed.applied == 0 {
                assert_eq!(fixed.bytes, data, "no fix, no change");
            }
            let _ = paraphe::fix::unified_diff(name, &fixed.before, &fixed.after);
        }
    }
    for format in [Format::Docx, Format::Odt] {
        let read = match format {
            Format::Odt => paraphe::formats::odt::read(std::io::Cursor::new(data)),
            _ => paraphe::formats::docx::read(std::io::Cursor::new(data)),
        };
        if let Ok(extracted) = read {
            check(&Source::from_extracted(
                Path::new("fuzz"),
                extracted,
                format,
            ));
        }
    }
    // The XML readers on their own, without the ZIP layer.
    if let Ok(xml) = std::str::from_utf8(data) {
        if let Ok(extracted) = paraphe::formats::docx::read_document_xml(xml) {
            check(&Source::from_extracted(
                Path::new("fuzz.docx"),
                extracted,
                Format::Docx,
            ));
        }
        if let Ok(extracted) = paraphe::formats::odt::read_content(xml) {
            check(&Source::from_extracted(
                Path::new("fuzz.odt"),
                extracted,
                Format::Odt,
            ));
        }
    }
});
