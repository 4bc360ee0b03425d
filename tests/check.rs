//! Data-driven tests: every fixture in, a snapshot of its findings out.
//!
//! - `fixtures/<rule>/invalid*.txt` must give at least one finding of `<rule>`;
//! - `fixtures/<rule>/valid*.txt` must give no finding at all;
//! - `fixtures/documents/*.txt` are whole conventions, each with its exact findings;
//! - every rule file's `[[examples]]` are run.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use paraphe::render::{human, json};
use paraphe::{Profile, RuleSet, Settings, Source};

fn rules() -> RuleSet {
    RuleSet::embedded().expect("the embedded rules are valid")
}

/// The French dictionary pinned in `fixtures/dictionary` (not the one installed), loaded
/// once for every test.
fn dictionary() -> std::sync::Arc<paraphe::dictionary::Dictionary> {
    static DICTIONARY: std::sync::OnceLock<std::sync::Arc<paraphe::dictionary::Dictionary>> =
        std::sync::OnceLock::new();
    DICTIONARY
        .get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/dictionary/fr-toutesvariantes.dic");
            std::sync::Arc::new(
                paraphe::dictionary::Dictionary::load(&path).expect("the pinned dictionary loads"),
            )
        })
        .clone()
}

/// Whether rule `id` is of the `typography` group (left out where a test is about
/// something else).
fn typography(id: &str) -> bool {
    rules().get(id).and_then(|r| r.group.as_deref()) == Some("typography")
}

/// Settings of the tests: every rule, the pinned dictionary.
fn settings() -> Settings {
    Settings {
        dictionary: Some(dictionary()),
        ..Settings::default()
    }
}

/// The one helper: checks a file and lists its findings, one per line, with their
/// secondary labels, as a reader would want to review them.
fn check(path: &Path) -> (Vec<json::Record<'static>>, String) {
    check_in(path, Profile::default())
}

/// [`check`] in a profile.
fn check_in(path: &Path, profile: Profile) -> (Vec<json::Record<'static>>, String) {
    let source: &'static Source = Box::leak(Box::new(Source::load(path).expect("fixture loads")));
    let settings = Settings {
        profile,
        ..settings()
    };
    let diagnostics = Box::leak(Box::new(paraphe::check(source, &rules(), &settings)));
    let records = json::records(source, diagnostics);
    let mut listing = String::new();
    for r in &records {
        listing.push_str(&format!(
            "{}:{}-{}:{} {}[{}] {} (article: {})\n",
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            r.severity,
            r.rule,
            r.message,
            r.article.unwrap_or("-")
        ));
        for rel in &r.related {
            listing.push_str(&format!(
                "    {}:{} {}\n",
                rel.line, rel.column, rel.message
            ));
        }
    }
    (records, listing)
}

fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn rule_fixtures() {
    insta::glob!("../fixtures", "*/*.{txt,md}", |path| {
        let dir = path
            .parent()
            .and_then(|p| p.file_name())
            .unwrap()
            .to_str()
            .unwrap();
        if ["documents", "outline", "dictionary", "formats", "sarif"].contains(&dir) {
            return;
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let (records, listing) = check(path);
        let rules = rules();
        let group = |id: &str| rules.get(id).and_then(|r| r.group.clone());
        if name.starts_with("valid") {
            // Typography is judged only in its own fixtures: the others are typed as
            // plain text.
            let typography = Some("typography".to_string());
            assert!(
                records
                    .iter()
                    .all(|r| group(r.rule) == typography && group(dir) != typography),
                "{} must give no finding:\n{listing}",
                relative(path)
            );
        } else {
            assert!(
                name.starts_with("invalid"),
                "fixture names start with valid or invalid"
            );
            assert!(
                records.iter().any(|r| r.rule == dir),
                "{} must give a `{dir}` finding:\n{listing}",
                relative(path)
            );
        }
        insta::assert_snapshot!(listing);
    });
}

#[test]
fn rule_examples() {
    let rules = rules();
    for rule in &rules.rules {
        let invalid = rule.examples.iter().filter(|e| e.is_invalid());
        let valid = rule.examples.iter().filter(|e| !e.is_invalid());
        assert!(
            invalid.count() > 0 && valid.count() > 0,
            "rule `{}` needs at least one invalid and one valid example",
            rule.id
        );
        for example in &rule.examples {
            let invalid = example.is_invalid();
            let source = example.source().unwrap();
            let text = source.text();
            // The rule alone: another rule of its group may merge its finding. A
            // suppression rule judges the comments that silence the others: it runs
            // with them.
            let alone = RuleSet {
                rules: match rule.check {
                    paraphe::rule::Check::Suppression(_) => rules.rules.clone(),
                    _ => vec![rule.clone()],
                },
                models: rules.models.clone(),
            };
            // In a profile where the rule is in force.
            let settings = Settings {
                profile: rule
                    .profiles
                    .as_ref()
                    .and_then(|p| p.first().copied())
                    .unwrap_or_default(),
                ..settings()
            };
            let found: Vec<_> = paraphe::check(&source, &alone, &settings)
                .into_iter()
                .filter(|d| d.rule == rule.id)
                .collect();
            assert_eq!(
                !found.is_empty(),
                invalid,
                "rule `{}`: example {} {}:\n{text}\nfound: {found:#?}",
                rule.id,
                if invalid { "invalid" } else { "valid" },
                if invalid {
                    "gave no finding"
                } else {
                    "gave findings"
                },
            );
            for d in &found {
                for text in [&d.message, &d.help]
                    .into_iter()
                    .chain(d.related.iter().map(|r| &r.message))
                {
                    assert!(
                        !text.contains('{'),
                        "rule `{}`: unfilled variable in « {text} »",
                        rule.id
                    );
                }
            }
        }
    }
}

/// The exact findings of each whole convention, as `(rule, line)` pairs.
#[test]
fn documents_give_exactly_their_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents");
    // The real template: its 24 bracketed fields, the empty place and dates of the
    // signature block, the typos it really has; at warning level, « le bénéficiaire »
    // where « le Bénéficiaire » was defined, and « le contrat » in article 12.
    let template_fields = [
        21, 25, 25, 25, 26, 27, 27, 27, 27, 27, 28, 77, 87, 89, 98, 168, 168, 170, 181, 182, 194,
        302, 303, 304,
    ];
    let mut template: Vec<(&str, usize)> = template_fields
        .iter()
        .map(|&l| ("placeholder", l))
        .collect();
    template.extend([
        // The slips: « ETP » for « EPT », « prestaire » twice, « DONNES ».
        ("spelling", 69),
        ("spelling", 188),
        ("spelling", 193),
        ("spelling", 212),
        // Capitals without their accent.
        ("capital-accent", 11),
        ("capital-accent", 17),
        ("capital-accent", 33),
        ("capital-accent", 160),
        ("capital-accent", 160),
        ("capital-accent", 167),
        ("capital-accent", 205),
        ("capital-accent", 242),
        // Typography: one finding per document for what it mixes or mostly lacks.
        ("quotes-mixed", 11),
        ("nbsp-missing", 19),
        ("space-before-punctuation", 22),
        ("apostrophe-mixed", 35),
        ("heading-separator-mixed", 82),
        ("placeholder", 299),
        ("placeholder", 301),
        ("placeholder", 301),
        ("term-inconsistent", 278),
    ]);
    for line in [107, 172, 215, 219, 223, 248, 251, 252, 261, 281, 286, 287] {
        template.push(("party-inconsistent", line));
    }
    template.sort_by_key(|&(rule, line)| (line, rule));
    let cases: Vec<(&str, Vec<(&str, usize)>)> = vec![
        ("convention-engagement-template.txt", template),
        ("convention-engagement-remplie.txt", vec![]),
        // Page numbers, a running header, a hyphenated word, an indented heading.
        ("artefacts-pdf.txt", vec![]),
        (
            "calendrier-hors-terme.txt",
            vec![("date-inconsistent", 168), ("date-inconsistent", 182)],
        ),
        ("date-impossible.txt", vec![("date-invalid", 98)]),
        ("article-7-supprime.txt", vec![("article-missing", 205)]),
        ("article-9-double.txt", vec![("article-duplicate", 242)]),
        (
            "champs-restants.txt",
            vec![
                ("placeholder", 27),
                ("placeholder", 98),
                ("placeholder", 182),
                ("placeholder", 299),
                ("placeholder", 301),
            ],
        ),
        ("renvoi-inexistant.txt", vec![("reference-broken", 107)]),
        ("nombre-discordant.txt", vec![("number-mismatch", 281)]),
        ("siren-faux.txt", vec![("identifier-invalid", 26)]),
        (
            "designation-incoherente.txt",
            vec![("party-inconsistent", 239)],
        ),
        ("contrat.txt", vec![("term-inconsistent", 278)]),
        ("exemplaires.txt", vec![("signatories-mismatch", 299)]),
        ("jour-faux.txt", vec![("date-weekday", 168)]),
        (
            "signature-tardive.txt",
            vec![("date-inconsistent", 28), ("date-inconsistent", 168)],
        ),
    ];
    for (name, expected) in cases {
        let (records, listing) = check(&root.join(name));
        let mut found: Vec<(&str, usize)> = records.iter().map(|r| (r.rule, r.line)).collect();
        found.sort_by_key(|&(rule, line)| (line, rule));
        assert_eq!(found, expected, "{name}:\n{listing}");
    }
}

/// A DOCX or ODT with one paragraph per line of a text fixture, its words split across
/// runs or spans, gives the same findings at the same lines and columns as the text.
#[test]
fn docx_and_odt_give_the_same_findings_as_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let names = [
        "convention-engagement-template",
        "convention-engagement-remplie",
    ];
    for (name, format) in names.iter().flat_map(|n| [(n, "docx"), (n, "odt")]) {
        let (text, _) = check(&root.join(format!("documents/{name}.txt")));
        let (docx, listing) = check(&root.join(format!("{format}/{name}.{format}")));
        let key = |r: &json::Record| {
            (
                r.rule.to_string(),
                r.line,
                r.column,
                r.end_line,
                r.end_column,
                r.message.to_string(),
            )
        };
        assert_eq!(
            text.iter().map(key).collect::<Vec<_>>(),
            docx.iter().map(key).collect::<Vec<_>>(),
            "{name}:\n{listing}"
        );
        assert!(
            docx.iter().all(|r| r.paragraph == Some(r.line)),
            "one paragraph per line"
        );
    }
}

/// The template written in Markdown (headings as « ## », emphasis around words, a list,
/// a link) gives the same findings on the same lines; columns refer to the .md source,
/// so they move only on the heading lines, by the three characters of « ## ».
#[test]
fn markdown_gives_the_same_findings_as_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents");
    let text = std::fs::read_to_string(root.join("convention-engagement-template.txt")).unwrap();
    let markdown: String = text
        .split_inclusive('\n')
        .map(|line| {
            if line.trim_start().starts_with("ARTICLE") {
                format!("## {}", line.trim_start())
            } else if line.starts_with("• ") {
                line.replacen("• ", "- ", 1)
            } else {
                line.replace("Patrick Ollier", "*Patrick Ollier*").replace(
                    "Fonds Innover dans la Ville",
                    "[Fonds Innover dans la Ville](https://www.metropolegrandparis.fr)",
                )
            }
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("paraphe-md-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let md = dir.join("template.md");
    std::fs::write(&md, &markdown).unwrap();
    let (reference, _) = check(&root.join("convention-engagement-template.txt"));
    let (records, listing) = check(&md);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(reference.len(), records.len(), "{listing}");
    for (r, m) in reference.iter().zip(&records) {
        assert_eq!((r.rule, r.line, &r.message), (m.rule, m.line, &m.message));
        let heading = text
            .lines()
            .nth(r.line - 1)
            .unwrap()
            .trim_start()
            .starts_with("ARTICLE");
        let indent = text.lines().nth(r.line - 1).unwrap().len()
            - text.lines().nth(r.line - 1).unwrap().trim_start().len();
        let shift = if heading { 3 - indent as isize } else { 0 };
        assert_eq!(
            m.column as isize,
            r.column as isize + shift,
            "{} line {}",
            r.rule,
            r.line
        );
    }
}

/// What Word writes that a reader can get wrong (see `fixtures/docx/generate.py`):
/// numbering through a heading style and a style based on it, a tracked formatting
/// change, a nested field, a text box's fallback copy, a list restarting in an annex.
#[test]
fn word_constructions_are_read_as_word_shows_them() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx/constructions-word.docx");
    let source = Source::load(&path).unwrap();
    let text = source.text();
    assert!(
        text.contains("Article 2 : Durée\n"),
        "numbered once, through basedOn: {text}"
    );
    assert!(text.contains("Article 3 : Litiges\n"), "{text}");
    assert!(
        text.contains("conclue pour un an reconductible."),
        "nested field: {text}"
    );
    assert!(
        !text.contains("Reconduction»"),
        "the inner field's result is instructions"
    );
    assert!(
        !text.contains("Encadré"),
        "a text box is not the body's text"
    );
    assert!(
        text.contains("Article 1 : Objet de l'occupation"),
        "the annex restarts at 1"
    );
    let document = paraphe::parser::parse(&source);
    assert_eq!(
        document.articles.len(),
        3,
        "the annex's own articles are not the convention's"
    );
}

#[test]
fn docx_and_odt_snapshots() {
    insta::glob!("../fixtures", "{docx/*.docx,odt/*.odt}", |path| {
        let (records, listing) = check(path);
        let places: Vec<String> = records
            .iter()
            .map(|r| {
                let note = r.note.map(|n| format!(" note {n:?}")).unwrap_or_default();
                format!(
                    "{} paragraphe {:?} cellule {:?}{note}",
                    r.rule, r.paragraph, r.cell
                )
            })
            .collect();
        insta::assert_snapshot!(format!("{listing}\n{}", places.join("\n")));
    });
}

/// Footnotes and endnotes (`fixtures/{docx,odt}/notes.*`, the filled-in convention
/// with notes added) are checked: a typo and a field in a footnote, a typo in an
/// endnote, each located in its note, in no article; Word's separators and
/// continuation notice are not notes.
#[test]
fn notes_are_checked_and_located_in_their_note() {
    use paraphe::formats::{Note, NoteKind};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let footnote = |number| Note {
        kind: NoteKind::Footnote,
        number,
    };
    // In the DOCX, footnote 7 is referenced before footnote 3: Word shows it as note 1.
    for (format, defective) in [("docx", 1), ("odt", 2)] {
        let path = root.join(format!("{format}/notes.{format}"));
        let (records, listing) = check(&path);
        let found: Vec<_> = records
            .iter()
            .filter(|r| !typography(r.rule))
            .map(|r| (r.rule, r.text, r.note, r.paragraph, r.article, r.part))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "spelling",
                    "prestaire",
                    Some(footnote(defective)),
                    Some(1),
                    None,
                    None
                ),
                (
                    "placeholder",
                    "[Date]",
                    Some(footnote(defective)),
                    Some(2),
                    None,
                    None
                ),
                (
                    "spelling",
                    "prestaire",
                    Some(Note {
                        kind: NoteKind::Endnote,
                        number: 1
                    }),
                    Some(1),
                    None,
                    None
                ),
            ],
            "{format}:\n{listing}"
        );
        let source = Source::load(&path).unwrap();
        assert!(!source.text().contains("suite de la note"), "{format}");
        assert!(
            source.text()[source.body_end()..].starts_with(if format == "docx" {
                " Les équipes du prestaire"
            } else {
                "Délibération"
            }),
            "{format}: the notes come after the body, in the order of their references"
        );
        let document = paraphe::parser::parse(&source);
        let diagnostics = paraphe::check_document(&source, &document, &rules(), &settings());
        let human = human::render(&source, &document, &diagnostics, false);
        for place in [
            format!("= dans Word : note de bas de page {defective}\n"),
            format!("= dans Word : note de bas de page {defective}, paragraphe 2\n"),
            "= dans Word : note de fin 1\n".to_string(),
        ] {
            assert!(human.contains(&place), "{format}: {place}\n{human}");
        }
        let json = serde_json::to_value(json::records(&source, &diagnostics)).unwrap();
        assert_eq!(
            json.as_array()
                .unwrap()
                .iter()
                .find(|r| r["rule"] == "spelling")
                .unwrap()["note"],
            serde_json::json!({"kind": "footnote", "number": defective}),
            "{format}"
        );
    }
}

/// A clean footnote gives no finding and changes nothing in how the convention is
/// read: its text (« Pour La Métropole du Grand Paris : … ») would be one more
/// signatory if it were parsed with the body.
#[test]
fn a_clean_note_changes_neither_findings_nor_outline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let rules = rules();
    let outline = |source: &Source| {
        let document = paraphe::parser::parse(source);
        let model = paraphe::select_model(&document, &rules, &Settings::default());
        let text = paraphe::render::outline::render(source, &document, model);
        // Without its first line, the path.
        text.split_once('\n').unwrap().1.to_string()
    };
    for format in ["docx", "odt"] {
        let with_note = root.join(format!("{format}/note-sans-defaut.{format}"));
        let (records, listing) = check(&with_note);
        assert!(records.is_empty(), "{format}:\n{listing}");
        let source = Source::load(&with_note).unwrap();
        assert!(
            source
                .text()
                .contains("Pour La Métropole du Grand Paris\u{a0}: délibération")
        );
        let without =
            Source::load(&root.join(format!("{format}/convention-engagement-remplie.{format}")))
                .unwrap();
        assert_eq!(outline(&source), outline(&without), "{format}");
        // The same text parsed whole, notes and all, reads otherwise.
        let whole = Source::from_str("whole.txt", source.text());
        assert_ne!(outline(&whole), outline(&without), "{format}");
    }
}

/// Text boxes are read once (not their DOCX fallback copy), after the paragraph that
/// anchors them; table cells are numbered by grid column, merged cells included;
/// hidden text set by styles of styles.xml and hidden sections of an ODT are reported.
#[test]
fn text_boxes_merged_cells_and_odt_hidden_styles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let docx = root.join("docx/encadres-et-tableaux.docx");
    let source = Source::load(&docx).unwrap();
    let text = source.text();
    assert_eq!(text.matches("Encadré").count(), 1, "{text}");
    assert!(
        text.contains(
            "La Commune met un local à disposition. Il est chauffé.\nEncadré : les équipes du prestaire y interviennent.\nIl est éclairé.\nEncart : le local est remis au [Date].\n"
        ),
        "{text}"
    );
    let (records, listing) = check(&docx);
    let cells: Vec<_> = records
        .iter()
        .filter(|r| !typography(r.rule))
        .map(|r| (r.rule, r.line, r.cell.map(|c| (c.table, c.row, c.column))))
        .collect();
    assert_eq!(
        cells,
        [
            ("typo", 4, None),
            ("placeholder", 6, None),
            ("typo", 9, Some((1, 1, 3))),
            ("typo", 15, Some((1, 3, 3))),
        ],
        "{listing}"
    );
    let odt = root.join("odt/masques-et-encadres.odt");
    let source = Source::load(&odt).unwrap();
    let text = source.text();
    for shown in [
        "La Commune met un local à disposition et le chauffe.\n",
        "Clause de la variante 2.\n",
        "Le local est chauffé. Il est éclairé.\nEncadré : les équipes du prestaire y interviennent.\n",
    ] {
        assert!(text.contains(shown), "{shown}\n{text}");
    }
    for hidden in [
        "montant",
        "service financier",
        "Ancienne",
        "retiré",
        "sous condition",
    ] {
        assert!(!text.contains(hidden), "{hidden}\n{text}");
    }
    let (records, listing) = check(&odt);
    let records: Vec<_> = records
        .into_iter()
        .filter(|r| !typography(r.rule))
        .collect();
    let found: Vec<_> = records
        .iter()
        .map(|r| (r.rule, r.line, r.cell.map(|c| (c.row, c.column))))
        .collect();
    assert_eq!(
        found,
        [
            ("hidden-text", 3, None),
            ("hidden-text", 3, None),
            ("hidden-text", 4, None),
            ("hidden-text", 5, None),
            ("hidden-text", 7, None),
            ("typo", 10, None),
            ("typo", 13, Some((1, 3))),
            ("typo", 14, Some((2, 3))),
        ],
        "{listing}"
    );
    assert!(
        records[3]
            .message
            .contains("Clause retirée : le prestaire paie. Second alinéa retiré."),
        "a hidden section is one mark: {listing}"
    );
}

#[test]
fn document_snapshots() {
    insta::glob!("../fixtures/documents", "*.txt", |path| {
        let (_, listing) = check(path);
        insta::assert_snapshot!(listing);
    });
}

#[test]
fn template_human_and_json_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/documents/convention-engagement-template.txt");
    let mut source = Source::load(&path).unwrap();
    // Name the file as a user would from the crate root, so the snapshot does not
    // depend on where the repository is checked out.
    source = Source::from_str(
        "fixtures/documents/convention-engagement-template.txt",
        source.text(),
    );
    let rules = rules();
    let document = paraphe::parser::parse(&source);
    let diagnostics = paraphe::check_document(&source, &document, &rules, &settings());
    insta::assert_snapshot!(
        "template_human",
        human::render(&source, &document, &diagnostics, false)
    );
    insta::assert_json_snapshot!("template_json", json::records(&source, &diagnostics));
}

/// The same text with a byte order mark and CRLF line ends, in Windows-1252, in
/// ISO-8859-15, in UTF-16 LE and BE, gives the same findings at the same lines and
/// columns (columns count characters, whatever the bytes).
#[test]
fn encodings_and_line_ends_do_not_move_findings() {
    use encoding_rs::{ISO_8859_15, WINDOWS_1252};
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/documents/convention-engagement-template.txt");
    // The template has one narrow no-break space, which the legacy encodings lack.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\u{202f}', "\u{a0}");
    let latin9_text = text
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .replace(['•', '–'], "-");
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend(text.replace('\n', "\r\n").into_bytes());
    let utf16 = |big_endian: bool| {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    let variants: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bom-crlf", bom_crlf, "UTF-8"),
        (
            "cp1252",
            WINDOWS_1252.encode(&text).0.into_owned(),
            "windows-1252",
        ),
        (
            "latin9",
            ISO_8859_15.encode(&latin9_text).0.into_owned(),
            "ISO-8859-15",
        ),
        ("utf16le", utf16(false), "UTF-16LE"),
        ("utf16be", utf16(true), "UTF-16BE"),
        // Without a byte order mark, recognised by where the NUL bytes stand.
        ("utf16le-nobom", utf16(false)[2..].to_vec(), "UTF-16LE"),
        ("utf16be-nobom", utf16(true)[2..].to_vec(), "UTF-16BE"),
    ];
    let dir = std::env::temp_dir().join(format!("paraphe-encodings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let strip = |rs: &[json::Record]| -> Vec<String> {
        rs.iter()
            .map(|r| {
                format!(
                    "{} {}:{}-{}:{} {}",
                    r.rule, r.line, r.column, r.end_line, r.end_column, r.message
                )
            })
            .collect()
    };
    let (reference, _) = check(&path);
    assert_eq!(
        reference.iter().filter(|r| r.severity == "error").count(),
        31
    );
    // ISO-8859-15 has no ’ – “ ”: its copy is compared with the same text in UTF-8.
    let latin9_utf8 = dir.join("template-latin9-utf8.txt");
    std::fs::write(&latin9_utf8, &latin9_text).unwrap();
    let (latin9_reference, _) = check(&latin9_utf8);
    for (name, bytes, encoding) in variants {
        let reference = if name == "latin9" {
            &latin9_reference
        } else {
            &reference
        };
        let file = dir.join(format!("template-{name}.txt"));
        std::fs::write(&file, bytes).unwrap();
        let source = Source::load(&file).unwrap();
        assert_eq!(source.encoding().name(), encoding, "{name}");
        assert!(
            source.text().contains("mise en œuvre"),
            "{name}: « œ » reads right"
        );
        let (records, _) = check(&file);
        assert_eq!(strip(reference), strip(&records), "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn outlines() {
    insta::glob!(
        "../fixtures",
        "{outline/*,documents/convention-engagement-template.txt,docx/numerotation-automatique.docx,odt/relecture.odt}",
        |path| {
            let source = Source::load(path).unwrap();
            let source = Source::from_str(relative(path), source.text());
            let rules = rules();
            let document = paraphe::parser::parse(&source);
            let model = paraphe::select_model(&document, &rules, &Settings::default());
            insta::assert_snapshot!(paraphe::render::outline::render(&source, &document, model));
        }
    );
}

/// The spelling rules on the real template give exactly its slips, each with the right
/// suggestion first: « ETP » for « EPT », « prestaire » twice, « DONNES » (a correct verb
/// form, wrong in a heading), and the capitals that lost their accent; the filled-in
/// convention, where they are corrected, gives none.
#[test]
fn spelling_finds_exactly_the_template_slips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents");
    let language = ["typo", "spelling", "capital-accent", "repeated-word"];
    let (records, listing) = check(&root.join("convention-engagement-template.txt"));
    let found: Vec<(&str, usize, usize, &str, &str, &str)> = records
        .iter()
        .filter(|r| language.contains(&r.rule))
        .map(|r| {
            let fix = r.fix.unwrap();
            let safe = match fix.applicability {
                paraphe::diagnostic::Applicability::Safe => "safe",
                paraphe::diagnostic::Applicability::DisplayOnly => "shown",
            };
            (
                r.rule,
                r.line,
                r.column,
                r.text,
                fix.replacement.as_str(),
                safe,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "capital-accent",
                11,
                16,
                "METROPOLITAINE",
                "MÉTROPOLITAINE",
                "safe"
            ),
            ("capital-accent", 17, 4, "METROPOLE", "MÉTROPOLE", "safe"),
            ("capital-accent", 33, 1, "Etant", "Étant", "safe"),
            ("spelling", 69, 13, "ETP", "EPT", "shown"),
            (
                "capital-accent",
                160,
                13,
                "DESIGNATION",
                "DÉSIGNATION",
                "safe"
            ),
            ("capital-accent", 160, 30, "REFERENT", "RÉFÉRENT", "safe"),
            (
                "capital-accent",
                167,
                24,
                "PREVISIONNEL",
                "PRÉVISIONNEL",
                "safe"
            ),
            // Also in the `typo` list, whose safe fix the merged finding keeps.
            ("spelling", 188, 60, "prestaire", "prestataire", "safe"),
            ("spelling", 193, 51, "prestaire", "prestataire", "safe"),
            (
                "capital-accent",
                205,
                13,
                "EXONERATION",
                "EXONÉRATION",
                "safe"
            ),
            ("spelling", 212, 25, "DONNES", "DONNÉES", "safe"),
            (
                "capital-accent",
                242,
                14,
                "RESPONSABILITE",
                "RESPONSABILITÉ",
                "safe"
            ),
        ],
        "{listing}"
    );
    // The near miss points at a use of the word it is a slip of.
    let etp = records.iter().find(|r| r.text == "ETP").unwrap();
    assert_eq!(etp.related[0].line, 55, "{listing}");
    assert!(
        etp.message
            .contains("« EPT », que le document emploie 2 fois")
    );
    // The template is inconsistent: « DURÉE » is accented, « RESPONSABILITE » not.
    let responsabilite = records.iter().find(|r| r.text == "RESPONSABILITE").unwrap();
    assert!(responsabilite.message.contains("« DURÉE »"), "{listing}");
    assert_eq!(responsabilite.related[0].line, 96);
    for name in ["convention-engagement-remplie.txt", "artefacts-pdf.txt"] {
        let (records, listing) = check(&root.join(name));
        assert!(
            records.iter().all(|r| !language.contains(&r.rule)),
            "{name}:\n{listing}"
        );
    }
}

/// Without a dictionary the spelling check still runs on what needs none: acronyms and
/// words in capitals compared with the document's own words.
#[test]
fn spelling_without_a_dictionary_keeps_the_near_misses_it_can_trust() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/documents/convention-engagement-template.txt");
    let source = Source::load(&path).unwrap();
    let found: Vec<(String, usize)> = paraphe::check(&source, &rules(), &Settings::default())
        .into_iter()
        .filter(|d| d.rule == "spelling")
        .map(|d| {
            (
                source.text()[d.span.clone()].to_string(),
                source.position(d.span.start).line,
            )
        })
        .collect();
    assert_eq!(
        found,
        [("ETP".to_string(), 69), ("DONNES".to_string(), 212)]
    );
}

/// A word hyphenated at a line end by PDF extraction is read whole: its misspelling is
/// found, and a correct word is not reported twice as two halves.
#[test]
fn hyphenated_words_are_read_whole() {
    let text = "ARTICLE 1 – OBJET\nLe prestataire et les équipes du pres-\ntaire interviennent. Le prestataire rend compte de l’expéri-\nmentation.\n";
    let source = Source::from_str("coupures.txt", text);
    let found: Vec<(String, String)> = paraphe::check(&source, &rules(), &settings())
        .into_iter()
        .filter(|d| !typography(&d.rule))
        .map(|d| (d.rule.clone(), text[d.span.clone()].to_string()))
        .collect();
    assert_eq!(
        found,
        [("spelling".to_string(), "pres-\ntaire".to_string())]
    );
    // The typo list alone finds it too.
    let typo = RuleSet {
        rules: vec![rules().get("typo").unwrap().clone()],
        models: Vec::new(),
    };
    let found: Vec<String> = paraphe::check(&source, &typo, &Settings::default())
        .into_iter()
        .map(|d| text[d.span.clone()].to_string())
        .collect();
    assert_eq!(found, ["pres-\ntaire"]);
}

/// Profiles choose the rules (the `profiles` key of the rule files). The clean template
/// (`convention-engagement-modele.txt`, written by `fixtures/documents/generate.py`)
/// gives nothing in the template profile, and one `placeholder` per field in the
/// signature profile: its 24 bracketed fields, the place and the two dates of the
/// signature block. Each variant gives its one defect in the template profile and the
/// same fields in the signature profile; the filled-in convention gives nothing in
/// either. On the real template, the template profile drops the fields and reports
/// what is wrong with them: « [Type de document ] » and « Pour [Structure] ».
#[test]
fn profiles_choose_the_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents");
    let findings = |name: &str, profile: Profile| -> Vec<(String, usize)> {
        let (records, _) = check_in(&root.join(name), profile);
        let mut found: Vec<(String, usize)> = records
            .iter()
            .map(|r| (r.rule.to_string(), r.line))
            .collect();
        found.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        found
    };
    let pairs = |list: &[(&str, usize)]| -> Vec<(String, usize)> {
        list.iter().map(|&(r, l)| (r.to_string(), l)).collect()
    };
    let field_lines = [
        21, 25, 25, 25, 26, 27, 27, 27, 27, 27, 28, 77, 87, 89, 98, 168, 168, 170, 181, 182, 194,
        299, 301, 301, 302, 303, 304,
    ];
    let fields: Vec<(String, usize)> = field_lines
        .iter()
        .map(|&l| ("placeholder".to_string(), l))
        .collect();
    assert_eq!(fields.len(), 27);
    let modele = "convention-engagement-modele.txt";
    assert_eq!(findings(modele, Profile::Template), []);
    assert_eq!(findings(modele, Profile::Signature), fields);
    for (name, defect) in [
        (
            "modele-champ-non-declare.txt",
            ("placeholder-undeclared", 194),
        ),
        ("modele-champ-mal-forme.txt", ("placeholder-malformed", 98)),
        (
            "modele-partie-incoherente.txt",
            ("placeholder-inconsistent", 302),
        ),
    ] {
        assert_eq!(
            findings(name, Profile::Template),
            pairs(&[defect]),
            "{name}"
        );
        assert_eq!(findings(name, Profile::Signature), fields, "{name}");
    }
    let filled = "convention-engagement-remplie.txt";
    assert_eq!(findings(filled, Profile::Template), []);
    assert_eq!(findings(filled, Profile::Signature), []);
    let template = "convention-engagement-template.txt";
    let mut expected: Vec<(String, usize)> = findings(template, Profile::Signature)
        .into_iter()
        .filter(|(rule, _)| rule != "placeholder")
        .chain(pairs(&[
            ("placeholder-malformed", 28),
            ("placeholder-inconsistent", 302),
        ]))
        .collect();
    expected.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    assert_eq!(findings(template, Profile::Template), expected);
}

/// The findings of the template profile on the real template and the clean template
/// with its variants.
#[test]
fn template_profile_snapshots() {
    insta::glob!(
        "../fixtures/documents",
        "{convention-engagement-template,convention-engagement-modele,modele-*}.txt",
        |path| {
            let (_, listing) = check_in(path, Profile::Template);
            insta::assert_snapshot!(listing);
        }
    );
}

/// What the field rules do not take for a field, or for a malformed one: a field
/// broken over two lines, footnote calls, an omission, a bracketed passage over many
/// lines (an optional clause); in Markdown, links and task-list boxes. Lone brackets
/// are reported in both profiles, by the rule of each.
#[test]
fn field_rules_leave_alone_what_is_not_a_field() {
    let template = Settings {
        profile: Profile::Template,
        ..settings()
    };
    let rules_of = |name: &str, text: &str, settings: &Settings| -> Vec<(String, String)> {
        let source = Source::from_str(name, text);
        paraphe::check(&source, &rules(), settings)
            .into_iter()
            .filter(|d| !typography(&d.rule))
            .map(|d| (d.rule, source.text()[d.span].to_string()))
            .collect()
    };
    let clean = "ARTICLE 1 - OBJET\nLe [Type de\ndocument] du [Date], voir [1], [a] et « les parties […] conviennent ».\n\n[Clause facultative : la Commune\npeut\nrésilier\nla convention.]\n";
    assert_eq!(rules_of("a.txt", clean, &template), []);
    let markdown = "## ARTICLE 1 - OBJET\n\n- [ ] vérifier le [Date]\n- [x] voir [le site](https://www.metropolegrandparis.fr) et \\[sic\\]\n";
    assert_eq!(rules_of("a.md", markdown, &template), []);
    assert_eq!(
        rules_of("a.txt", "ARTICLE 1 - OBJET\n- [ ] le [Date\n", &template),
        [
            ("placeholder-malformed".to_string(), "[ ]".to_string()),
            ("placeholder-malformed".to_string(), "[".to_string()),
        ]
    );
    assert_eq!(
        rules_of(
            "a.txt",
            "ARTICLE 1 - OBJET\njusqu'au 31 décembre 2028].\n",
            &settings()
        ),
        [("bracket-unbalanced".to_string(), "]".to_string())]
    );
}

/// Word and LibreOffice comments that start with « paraphe-ignore »
/// (`fixtures/{docx,odt}/suppressions.*`) silence the findings in the text they are
/// anchored on, and are not reviewers' comments left in the document; a rule left out of
/// the run makes no suppression of it unused.
#[test]
fn suppressions_in_word_comments_and_rules_left_out() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for format in ["docx", "odt"] {
        let (records, listing) = check(&root.join(format!("{format}/suppressions.{format}")));
        let found: Vec<(&str, usize, &str)> =
            records.iter().map(|r| (r.rule, r.line, r.text)).collect();
        assert_eq!(
            found,
            [
                (
                    "suppression-unused",
                    4,
                    "Le local est remis au prestataire."
                ),
                (
                    "suppression-invalid",
                    5,
                    "Les équipes du prestaire interviennent."
                ),
                ("typo", 5, "prestaire"),
                ("comment-left", 6, "Le montant est de 10 000 euros."),
            ],
            "{format}:\n{listing}"
        );
    }
    let source = Source::load(&root.join("suppression-unused/invalid.txt")).unwrap();
    let unused = |rules: &RuleSet| -> Vec<usize> {
        paraphe::check(&source, rules, &settings())
            .iter()
            .filter(|d| d.rule == "suppression-unused")
            .map(|d| source.position(d.span.start).line)
            .collect()
    };
    assert_eq!(unused(&rules()), [1, 3, 5, 6]);
    let mut without_typo = rules();
    without_typo.ignore(&["typo".to_string()]).unwrap();
    assert_eq!(unused(&without_typo), [1, 5, 6]);
    // The JSON `text` of a finding on a comment is the comment.
    let diagnostics = paraphe::check(&source, &rules(), &settings());
    let records = json::records(&source, &diagnostics);
    assert_eq!(
        records[1].text,
        "<!-- paraphe-ignore typo: raison sociale de l'entreprise -->"
    );
}
