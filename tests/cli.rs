//! The binary as a user runs it: exit codes, several files, bad input, rule files.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn paraphe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paraphe"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        // The pinned dictionary, not the one installed: the same findings everywhere.
        .env(
            "PARAPHE_DICTIONARY",
            root().join("fixtures/dictionary/fr-toutesvariantes.dic"),
        )
        .output()
        .expect("paraphe runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The `findings` array of a `--format json` output.
fn json_findings(o: &Output) -> serde_json::Value {
    let output: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
    output["findings"].clone()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory for files the repository should not hold (invalid bytes).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paraphe-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const TEMPLATE: &str = "fixtures/documents/convention-engagement-template.txt";
const FILLED: &str = "fixtures/documents/convention-engagement-remplie.txt";

#[test]
fn exit_0_when_no_error() {
    let o = paraphe(&["check", FILLED]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 erreur, 0 avertissement, 0 information dans 1 fichier"));
}

#[test]
fn exit_1_on_the_template() {
    let o = paraphe(&["check", "--color", "never", TEMPLATE]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("31 erreurs, 26 avertissements, 0 information dans 1 fichier"),
        "{out}"
    );
    assert!(out.contains(
        "error[spelling]: « DONNES » : faute probable pour « DONNÉES », que le document emploie 7 fois"
    ));
    assert!(!out.contains('\u{1b}'), "no colour with --color never");
}

#[test]
fn color_always_colours() {
    let o = paraphe(&["check", "--color", "always", TEMPLATE]);
    assert!(stdout(&o).contains('\u{1b}'));
}

#[test]
fn legacy_encodings_are_read_and_a_forced_encoding_that_does_not_fit_is_an_error() {
    let dir = scratch("latin1");
    let latin1 = dir.join("convention-latin1.txt");
    std::fs::write(
        &latin1,
        b"ARTICLE 1 - DUR\xC9E \xC9T\xC9 31 juin 2028\nLa convention prend effet.\n",
    )
    .unwrap();
    let file = latin1.to_str().unwrap();
    let o = paraphe(&["check", "--format", "json", file]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let findings = json_findings(&o);
    assert_eq!(findings[0]["rule"], "date-invalid");
    assert_eq!(
        findings[0]["column"], 23,
        "columns count characters, « É » is one"
    );
    let outline = stdout(&paraphe(&["outline", file]));
    assert!(outline.contains("DURÉE"), "{outline}");
    let o = paraphe(&[
        "check",
        "--format",
        "json",
        "--encoding",
        "utf-8",
        file,
        TEMPLATE,
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "convention-latin1.txt: le fichier n'est pas en UTF-8 (octet invalide ligne 1, octet 15 du fichier)"
        ),
        "{err}"
    );
    let findings = json_findings(&o);
    let errors = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error");
    assert_eq!(errors.count(), 31, "the template is still checked");
    let o = paraphe(&["check", "--encoding", "klingon", TEMPLATE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("encodage inconnu « klingon »"));
}

#[test]
fn exit_2_for_binary_unsupported_special_and_missing_files() {
    let dir = scratch("binary");
    let odt = dir.join("convention.zip");
    std::fs::write(&odt, b"PK\x03\x04\x14\x00\x00\x00\x08\x00").unwrap();
    let pdf = dir.join("convention.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n").unwrap();
    let binary = dir.join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
    let o = paraphe(&[
        "check",
        odt.to_str().unwrap(),
        pdf.to_str().unwrap(),
        binary.to_str().unwrap(),
        "/dev/zero",
        "fixtures/absent.txt",
        FILLED,
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for expected in [
        "convention.zip: fichier ZIP : ce format n'est pas encore lu",
        "convention.pdf: fichier PDF : ce format n'est pas encore lu",
        "image.txt: ce n'est pas un fichier texte (données binaires à l'octet 8)",
        "/dev/zero: ce n'est pas un fichier ordinaire",
        "fixtures/absent.txt: lecture impossible",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(
        stdout(&o).contains("dans 1 fichier ; 5 fichiers non lus"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_docx_files_get_a_clear_error_and_the_others_are_still_checked() {
    use std::io::Write as _;
    let dir = scratch("docx");
    let zip_with = |name: &str, parts: &[(&str, &[u8])]| {
        let path = dir.join(name);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (part, bytes) in parts {
            zip.start_file(*part, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        path
    };
    let good =
        std::fs::read(root().join("fixtures/docx/convention-engagement-remplie.docx")).unwrap();
    let truncated = dir.join("tronque.docx");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let not_zip = dir.join("texte.docx");
    std::fs::write(&not_zip, "ARTICLE 1 - OBJET\n").unwrap();
    let encrypted = dir.join("chiffre.docx");
    std::fs::write(&encrypted, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00").unwrap();
    let empty_part = zip_with(
        "sans-document.docx",
        &[("[Content_Types].xml", b"<Types/>")],
    );
    // 80 MiB of spaces deflate to well under 1 MiB: refused, not read into memory.
    let spaces = vec![b' '; 80 * 1024 * 1024];
    let bomb = zip_with("bombe.docx", &[("word/document.xml", &spaces)]);
    drop(spaces);
    let bad_xml = zip_with(
        "xml.docx",
        &[("word/document.xml", b"<w:document><w:body><w:p>")],
    );
    let encrypted_odt = zip_with(
        "chiffre.odt",
        &[
            ("META-INF/manifest.xml", b"<manifest:encryption-data/>"),
            ("content.xml", b"\x8f\x01\xfe"),
        ],
    );
    // Two entries named word/document.xml: written under two names, then the second
    // renamed in place (local header and central directory alike).
    let twice = zip_with(
        "deux-fois.docx",
        &[
            ("word/document.xml", &good_document()),
            ("word/document.xmY", b"<w:document/>"),
        ],
    );
    let bytes = std::fs::read(&twice).unwrap();
    let renamed = replace_all(&bytes, b"word/document.xmY", b"word/document.xml");
    assert_ne!(bytes, renamed);
    std::fs::write(&twice, renamed).unwrap();
    let odt = std::fs::read(root().join("fixtures/odt/relecture.odt")).unwrap();
    let truncated_odt = dir.join("tronque.odt");
    std::fs::write(&truncated_odt, &odt[..odt.len() / 2]).unwrap();
    let paths: Vec<String> = [
        &encrypted_odt,
        &truncated_odt,
        &truncated,
        &not_zip,
        &encrypted,
        &empty_part,
        &bomb,
        &bad_xml,
        &twice,
    ]
    .iter()
    .map(|p| p.to_str().unwrap().to_string())
    .collect();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    args.push("fixtures/docx/relecture.docx");
    let o = paraphe(&args);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for expected in [
        "tronque.docx: document Word illisible : archive endommagée",
        "texte.docx: document Word illisible : archive endommagée",
        "chiffre.docx: document protégé par un mot de passe",
        "sans-document.docx: document Word illisible : il manque la partie word/document.xml",
        "bombe.docx: document Word illisible : la partie word/document.xml dépasse 64 Mo",
        "chiffre.odt: document OpenDocument illisible : document protégé par un mot de passe",
        "tronque.odt: document OpenDocument illisible : archive endommagée",
        "deux-fois.docx: document Word illisible : l'archive contient deux fois la partie word/document.xml : fichier refusé",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(
        err.contains("xml.docx: ") || stdout(&o).contains("dans 2 fichiers"),
        "malformed XML is an error or reads what it can: {err}"
    );
    assert!(
        stdout(&o).contains("3 erreurs, 2 avertissements"),
        "{}",
        stdout(&o)
    );
}

/// The `word/document.xml` of the filled-in convention's DOCX.
fn good_document() -> Vec<u8> {
    use std::io::Read as _;
    let file = std::fs::File::open(root().join("fixtures/docx/convention-engagement-remplie.docx"))
        .unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = Vec::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_end(&mut xml)
        .unwrap();
    xml
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// UTF-16 without a byte order mark is recognised; `--encoding utf-16le` reads it
/// too; UTF-16 that does not decode (a lone surrogate) gets a message naming UTF-16
/// and the option to use, and exit 2.
#[test]
fn utf16_without_byte_order_mark() {
    let dir = scratch("utf16");
    let text = std::fs::read_to_string(root().join(TEMPLATE)).unwrap();
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let file = dir.join("modele-utf16.txt");
    std::fs::write(&file, &le).unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["check", "--color", "never", file],
        vec!["check", "--color", "never", "--encoding", "utf-16le", file],
    ] {
        let o = paraphe(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("31 erreurs, 26 avertissements"),
            "{args:?}: {}",
            stdout(&o)
        );
    }
    let mut broken: Vec<u8> = "ARTICLE 1 - OBJET\nLa convention est conclue entre la Commune et la Métropole pour une durée de deux ans.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    // A high surrogate with no low one after it.
    broken.extend([0x00, 0xD8, 0x41, 0x00]);
    let bad = dir.join("casse-utf16.txt");
    std::fs::write(&bad, &broken).unwrap();
    let o = paraphe(&["check", bad.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "casse-utf16.txt: le fichier semble en UTF-16LE sans marque d'ordre des octets, mais ne se décode pas ainsi : préciser l'encodage avec --encoding utf-16le"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn standard_input_and_files_given_twice() {
    let text = std::fs::read(root().join(FILLED)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_paraphe"))
        .args(["check", "--format", "json", "-", TEMPLATE, TEMPLATE])
        .current_dir(root())
        .env(
            "PARAPHE_DICTIONARY",
            root().join("fixtures/dictionary/fr-toutesvariantes.dic"),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let findings = json_findings(&o);
    let findings = findings.as_array().unwrap();
    assert_eq!(
        findings.len(),
        57,
        "the template once, the filled-in convention clean"
    );
    assert!(findings.iter().all(|f| f["path"] == TEMPLATE));
}

#[test]
fn exit_2_for_an_empty_file() {
    let dir = scratch("empty");
    let empty = dir.join("vide.txt");
    std::fs::write(&empty, " \n\n").unwrap();
    let o = paraphe(&["check", empty.to_str().unwrap(), FILLED]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("vide.txt: le fichier est vide"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_finding_on_a_very_long_line_shows_an_excerpt() {
    let dir = scratch("long");
    let file = dir.join("long.txt");
    let line = format!(
        "{} [Date] {}",
        "mot fin ".repeat(2500),
        "fin mot ".repeat(2500)
    );
    std::fs::write(&file, format!("ARTICLE 1 - OBJET\n{line}\n")).unwrap();
    let o = paraphe(&["check", "--color", "never", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.len() < 2000,
        "the 40 000-byte line is not printed whole:\n{out}"
    );
    assert!(out.contains(":2:20002"), "{out}");
    assert!(out.contains("mot fin  [Date] fin mot"), "{out}");
}

#[test]
fn exit_2_for_a_usage_error() {
    let o = paraphe(&["check", "--format", "xml", FILLED]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid value 'xml'"));
}

#[test]
fn exit_2_for_an_unknown_key_in_a_rule_file_with_its_location() {
    let o = paraphe(&[
        "check",
        "--rules",
        "fixtures/rule-files/unknown-key.toml",
        FILLED,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("fixtures/rule-files/unknown-key.toml:7:1: unknown field `sevrity`"),
        "{}",
        stderr(&o)
    );
    let o = paraphe(&[
        "check",
        "--rules",
        "fixtures/rule-files/unknown-check-key.toml",
        FILLED,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown-check-key.toml:10:1: unknown field `word`, expected `words`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rule_file_errors_point_at_the_bad_pattern_or_variable() {
    for (file, expected) in [
        ("bad-regex.toml", "bad-regex.toml:13:1: regex parse error"),
        (
            "unknown-variable.toml",
            "unknown-variable.toml:5:14: `message`: unknown variable `{trouvé}`",
        ),
    ] {
        let rules = format!("fixtures/rule-files/{file}");
        let o = paraphe(&["check", "--rules", &rules, FILLED]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("0 erreur"),
            "the convention is still checked"
        );
    }
}

#[test]
fn documents_are_still_checked_when_a_rule_file_is_bad() {
    let o = paraphe(&[
        "check",
        "--format",
        "json",
        "--rules",
        "fixtures/rule-files",
        "fixtures/documents/date-impossible.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown-check-key.toml:10:1"), "{err}");
    assert!(
        err.contains("unknown-key.toml:7:1"),
        "both bad files are named: {err}"
    );
    let findings = json_findings(&o);
    assert_eq!(findings[0]["rule"], "date-invalid");
}

#[test]
fn extra_rules_are_added_with_rules() {
    let dir = scratch("extra");
    let file = dir.join("c.txt");
    std::fs::write(&file, "ARTICLE 1 - OBJET\nLa Metropole du Grand Paris.\n").unwrap();
    let o = paraphe(&[
        "check",
        "--format",
        "json",
        "--rules",
        "fixtures/rule-files/extra-typo.toml",
        file.to_str().unwrap(),
    ]);
    std::fs::remove_dir_all(&dir).ok();
    // A warning only: exit 0.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let findings = json_findings(&o);
    assert_eq!(findings[0]["rule"], "typo-projet");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(findings[0]["column"], 4);
}

#[test]
fn a_directory_is_walked_in_a_stable_order() {
    let o = paraphe(&["check", "--format", "json", "fixtures/documents"]);
    assert_eq!(o.status.code(), Some(1));
    let findings = json_findings(&o);
    let mut paths: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    assert_eq!(
        paths,
        [
            "fixtures/documents/article-7-supprime.txt",
            "fixtures/documents/article-9-double.txt",
            "fixtures/documents/calendrier-hors-terme.txt",
            "fixtures/documents/champs-restants.txt",
            "fixtures/documents/contrat.txt",
            "fixtures/documents/convention-engagement-modele.txt",
            "fixtures/documents/convention-engagement-template.txt",
            "fixtures/documents/date-impossible.txt",
            "fixtures/documents/designation-incoherente.txt",
            "fixtures/documents/exemplaires.txt",
            "fixtures/documents/jour-faux.txt",
            "fixtures/documents/modele-champ-mal-forme.txt",
            "fixtures/documents/modele-champ-non-declare.txt",
            "fixtures/documents/modele-partie-incoherente.txt",
            "fixtures/documents/nombre-discordant.txt",
            "fixtures/documents/renvoi-inexistant.txt",
            "fixtures/documents/signature-tardive.txt",
            "fixtures/documents/siren-faux.txt",
        ]
    );
}

#[test]
fn json_fields() {
    let o = paraphe(&[
        "check",
        "--format",
        "json",
        "fixtures/documents/calendrier-hors-terme.txt",
    ]);
    let findings = json_findings(&o);
    let first = &findings[0];
    for key in [
        "rule",
        "severity",
        "message",
        "help",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "article",
        "part",
        "paragraph",
        "cell",
        "note",
        "related",
        "fix",
    ] {
        assert!(first.get(key).is_some(), "missing `{key}` in {first}");
    }
    assert_eq!(first["rule"], "date-inconsistent");
    assert_eq!(first["article"], "ARTICLE 5");
    assert_eq!(first["part"], "articles");
    assert_eq!(first["related"][0]["article"], "ARTICLE 2");
    assert_eq!(first["related"][0]["line"], 98);
    let o = paraphe(&["check", "--format", "json", "fixtures/docx/notes.docx"]);
    let findings = json_findings(&o);
    let endnote = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["note"]["kind"] == "endnote")
        .unwrap();
    assert_eq!(endnote["rule"], "spelling");
    assert_eq!(endnote["note"]["number"], 1);
    assert_eq!(endnote["paragraph"], 1, "the paragraph within the note");
    assert_eq!(endnote["article"], serde_json::Value::Null);
}

#[test]
fn outline_prints_the_tree() {
    let o = paraphe(&["outline", TEMPLATE]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("articles      13"), "{out}");
    assert!(
        out.contains("  ARTICLE 3        l. 99-155    ENGAGEMENT DES PARTIES"),
        "{out}"
    );
}

#[test]
fn rules_lists_every_rule() {
    let o = paraphe(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for id in [
        "article-duplicate",
        "article-missing",
        "article-order",
        "date-inconsistent",
        "date-invalid",
        "placeholder",
        "typo",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(id)),
            "{id} missing from:\n{out}"
        );
    }
}

/// Without a French dictionary installed, one line says what the spelling check skips,
/// and the run goes on (exit 1 on the template for its other errors); a dictionary
/// given with `--dictionary` that cannot be read is a usage error.
#[test]
fn spelling_without_a_dictionary_says_what_it_skips() {
    let o = Command::new(env!("CARGO_BIN_EXE_paraphe"))
        .args(["check", "--format", "json", TEMPLATE])
        .current_dir(root())
        .env_remove("PARAPHE_DICTIONARY")
        .env("DICPATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "aucun dictionnaire Hunspell français trouvé : vérification orthographique sautée"
        ),
        "{err}"
    );
    let findings = json_findings(&o);
    let spelling: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "spelling")
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(spelling, ["ETP", "DONNES"]);
    // With the dictionary, nothing is said.
    let o = paraphe(&["check", FILLED]);
    assert_eq!(stderr(&o), "");
    for bad in ["fixtures/documents", "fixtures/nothing-here.dic", TEMPLATE] {
        let o = paraphe(&["check", "--dictionary", bad, FILLED]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).starts_with("paraphe: "), "{bad}: {}", stderr(&o));
    }
}

/// `--words FILE` accepts a project's words; `--ignore` leaves out a rule or a group;
/// an unknown name is a usage error.
#[test]
fn project_words_and_ignored_groups() {
    let dir = scratch("words");
    let text = dir.join("convention.txt");
    std::fs::write(
        &text,
        "ARTICLE 1 – OBJET\nLe géoportail Numérix accompagne les usagers. Il est gratuit : il accompagne les agents.\n",
    )
    .unwrap();
    let words = dir.join("mots.txt");
    std::fs::write(&words, "# noms de produits\ngéoportail\n").unwrap();
    let text = text.to_str().unwrap();
    let o = paraphe(&["check", "--format", "json", text]);
    let all = json_findings(&o);
    let rules: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // « Numérix », capitalised inside a sentence, is a name.
    assert_eq!(rules, ["spelling", "nbsp-missing"]);
    assert_eq!(
        all[0]["help"],
        "écrire « géo-portail » ? Si le mot est juste, l'ajouter à la liste de mots du projet (--words)"
    );
    let o = paraphe(&["check", "--ignore", "typography", text]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("1 erreur, 0 avertissement"),
        "{}",
        stdout(&o)
    );
    let o = paraphe(&[
        "check",
        "--ignore",
        "nbsp-missing",
        "--words",
        words.to_str().unwrap(),
        text,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = paraphe(&["check", "--ignore", "typographie", text]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("« typographie » n'est ni une règle ni un groupe de règles"));
    let o = paraphe(&["check", "--words", "/nonexistent/mots.txt", text]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/mots.txt: liste de mots illisible"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A template repository checked in the template profile passes with its declared
/// fields and fails on an undeclared one; the same files in the signature profile (the
/// default) report every field: the 24 bracketed fields, the place and the two dates of
/// the signature block.
#[test]
fn profile_template_accepts_declared_fields_and_signature_reports_every_field() {
    const MODELE: &str = "fixtures/documents/convention-engagement-modele.txt";
    let o = paraphe(&["check", "--profile", "template", MODELE]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("0 erreur, 0 avertissement"),
        "{}",
        stdout(&o)
    );
    let o = paraphe(&[
        "check",
        "--profile",
        "template",
        "fixtures/documents/modele-champ-non-declare.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("error[placeholder-undeclared]: champ « [Thematique] » non déclaré"),
        "{out}"
    );
    assert!(
        out.contains(
            "aide : écrire « [Thématique] », comme le déclare le modèle convention-engagement-mgp"
        ),
        "the nearest declared field is suggested: {out}"
    );
    for args in [
        &["check", MODELE][..],
        &["check", "--profile", "signature", MODELE],
    ] {
        let o = paraphe(args);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stdout(&o).contains("27 erreurs, 0 avertissement, 0 information dans 1 fichier"),
            "{}",
            stdout(&o)
        );
    }
    // The real template: its 4 slips and the stray space of « [Type de document ] »;
    // its 26 warnings and « Pour [Structure] ».
    let o = paraphe(&["check", "--profile", "template", TEMPLATE]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("5 erreurs, 27 avertissements, 0 information dans 1 fichier"),
        "{out}"
    );
    assert!(!out.contains("error[placeholder]"), "{out}");
}

#[test]
fn rules_lists_the_rules_of_a_profile() {
    let listed = |args: &[&str]| -> Vec<String> {
        let o = paraphe(args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
            .collect()
    };
    let template = listed(&["rules", "--profile", "template"]);
    let signature = listed(&["rules"]);
    for id in [
        "placeholder-undeclared",
        "placeholder-malformed",
        "placeholder-inconsistent",
    ] {
        assert!(template.iter().any(|l| l == id), "{id}: {template:?}");
        assert!(!signature.iter().any(|l| l == id), "{id}: {signature:?}");
    }
    for id in ["placeholder", "bracket-unbalanced"] {
        assert!(!template.iter().any(|l| l == id), "{id}: {template:?}");
        assert!(signature.iter().any(|l| l == id), "{id}: {signature:?}");
    }
    assert!(template.iter().any(|l| l == "spelling"));
    let o = paraphe(&["rules", "--profile", "template"]);
    assert!(
        stdout(&o).ends_with("profil : template\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("(13 articles, 20 champs)"),
        "{}",
        stdout(&o)
    );
    let o = paraphe(&["check", "--profile", "modele", FILLED]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("signature, template"), "{}", stderr(&o));
}

/// `profiles` and a model's `fields` are strict: an empty list, an unknown profile, a
/// field with its brackets or declared twice are errors with their line (exit 2).
#[test]
fn profile_and_field_errors_in_rule_files() {
    let dir = scratch("profiles");
    let rule = |profiles: &str| {
        format!(
            "id = \"x\"\nseverity = \"error\"\nprofiles = {profiles}\nsummary = \"s\"\n\
             description = \"d\"\nmessage = \"m\"\nhelp = \"h\"\n[check]\nkind = \"repeated-word\"\n\
             [[examples]]\ninvalid = \"le le\"\n[[examples]]\nvalid = \"le\"\n"
        )
    };
    let model = |fields: &str| {
        format!(
            "[model]\nid = \"m\"\nname = \"n\"\napplies-to = \"x\"\nfields = {fields}\n\
             [[model.articles]]\nnumber = 1\ntitle = \"OBJET\"\n"
        )
    };
    for (name, text, expected) in [
        (
            "empty.toml",
            rule("[]"),
            "empty.toml:3:1: `profiles` is empty",
        ),
        (
            "unknown.toml",
            rule("[\"signing\"]"),
            "unknown.toml:3:13: unknown variant `signing`, expected `signature` or `template`",
        ),
        (
            "brackets.toml",
            model("[\"[Date]\"]"),
            "field « [Date] » must be a name, without brackets",
        ),
        (
            "twice.toml",
            model("[\"Date\", \" Date \"]"),
            "field « Date » is declared twice",
        ),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let o = paraphe(&["rules", "--rules", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(expected), "{name}: {}", stderr(&o));
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A convention with safe fixes (a word of the `typo` list, capitals without their
/// accent) and fixes that are only shown (a weekday, a repeated word, a double space).
const TO_FIX: &str = "ARTICLE 1 – DURÉE\nLes équipes du prestaire interviennent à compter du lundi 2 mars 2027.\nARTICLE 2 – RESPONSABILITE\nLe le prestataire répond de  ses équipes.\n";

/// The same text with the safe fixes applied.
const FIXED: &str = "ARTICLE 1 – DURÉE\nLes équipes du prestataire interviennent à compter du lundi 2 mars 2027.\nARTICLE 2 – RESPONSABILITÉ\nLe le prestataire répond de  ses équipes.\n";

fn rules_found(o: &Output) -> Vec<String> {
    json_findings(o)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fix_corrects_the_safe_fixes_atomically_and_a_second_run_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("convention.txt");
    std::fs::write(&file, TO_FIX).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let path = file.to_str().unwrap();
    let o = paraphe(&["check", "--fix", "--format", "json", path]);
    assert_eq!(o.status.code(), Some(1), "the weekday is still wrong");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FIXED);
    assert!(
        stderr(&o).contains(&format!("paraphe: 2 corrections appliquées dans {path}")),
        "{}",
        stderr(&o)
    );
    // What remains is reported on the fixed file, in JSON as asked.
    assert_eq!(
        rules_found(&o),
        ["date-weekday", "repeated-word", "double-space"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "permissions kept");
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["convention.txt"], "no temporary file left");
    let o = paraphe(&["check", "--fix", "--format", "json", path]);
    assert!(!stderr(&o).contains("appliquée"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FIXED);
    assert_eq!(
        rules_found(&o),
        ["date-weekday", "repeated-word", "double-space"]
    );
}

/// The fixed file keeps its encoding, byte order mark and line ends: every byte but the
/// replaced words is the same.
#[test]
fn fix_keeps_encoding_byte_order_mark_and_line_ends() {
    use encoding_rs::{ISO_8859_15, WINDOWS_1252};
    type Encode = fn(&str) -> Vec<u8>;
    let variants: [(&str, Encode); 5] = [
        ("bom-crlf", |t| {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(t.replace('\n', "\r\n").into_bytes());
            bytes
        }),
        ("cp1252-crlf", |t| {
            WINDOWS_1252.encode(&t.replace('\n', "\r\n")).0.into_owned()
        }),
        ("latin9", |t| ISO_8859_15.encode(t).0.into_owned()),
        ("lone-cr", |t| t.replace('\n', "\r").into_bytes()),
        ("utf16le", |t| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, encode) in variants {
        let file = dir.path().join(format!("{name}.txt"));
        std::fs::write(&file, encode(TO_FIX)).unwrap();
        let o = paraphe(&["check", "--fix", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert_eq!(std::fs::read(&file).unwrap(), encode(FIXED), "{name}");
    }
}

/// A replacement the file's encoding cannot write is not made, and the user is told;
/// the other fixes are.
#[test]
fn fix_refuses_a_letter_the_encoding_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cyrillique.txt");
    let text =
        "ARTICLE 1 – OBJET\nLes équipes du prestaire interviennent.\nARTICLE 2 - RESPONSABILITE\n";
    let text = text.replace(['–', 'é'], "-");
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();
    let o = paraphe(&["check", "--fix", "--encoding", "windows-1251", path]);
    let err = stderr(&o);
    assert!(
        err.contains(
            "correction non appliquée, ligne 3 : « RESPONSABILITE » → « RESPONSABILITÉ » ne s'écrit pas en windows-1251"
        ),
        "{err}"
    );
    assert!(err.contains("1 correction appliquée"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text.replace("prestaire", "prestataire")
    );
}

#[test]
fn diff_shows_the_safe_fixes_and_writes_nothing() {
    let fixture = root().join("fixtures/typo/invalid.txt");
    let before = std::fs::read(&fixture).unwrap();
    let o = paraphe(&["check", "--diff", "fixtures/typo/invalid.txt", FILLED]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(&fixture).unwrap(), before, "nothing written");
    assert!(
        stderr(&o).contains("5 corrections sûres à appliquer dans 1 fichier"),
        "{}",
        stderr(&o)
    );
    insta::assert_snapshot!(stdout(&o));
    let o = paraphe(&["check", "--diff", FILLED]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
}

/// A .docx is never written: `--fix` says so, its findings and their fixes are still
/// reported; standard input cannot be fixed in place, but its diff can be shown.
#[test]
fn fix_never_writes_a_docx_nor_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("convention.docx");
    std::fs::copy(
        root().join("fixtures/docx/encadres-et-tableaux.docx"),
        &docx,
    )
    .unwrap();
    let before = std::fs::read(&docx).unwrap();
    let path = docx.to_str().unwrap();
    let o = paraphe(&["check", "--fix", "--color", "never", path]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        before,
        "the .docx is untouched"
    );
    assert_eq!(
        stderr(&o)
            .matches("paraphe ne modifie jamais ce format")
            .count(),
        1,
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("correction : « prestataire » (correction sûre)"));
    let o = paraphe(&["check", "--diff", path]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("document Word : paraphe ne modifie jamais ce format"));

    let run_with_stdin = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_paraphe"))
            .args(args)
            .current_dir(root())
            .env(
                "PARAPHE_DICTIONARY",
                root().join("fixtures/dictionary/fr-toutesvariantes.dic"),
            )
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), TO_FIX.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let o = run_with_stdin(&["check", "--fix", "--format", "json", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-: l'entrée standard ne peut pas être corrigée sur place"));
    assert!(
        rules_found(&o).contains(&"typo".to_string()),
        "still checked"
    );
    let o = run_with_stdin(&["check", "--diff", "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("+Les équipes du prestataire"),
        "{}",
        stdout(&o)
    );
}

/// A symbolic link is followed (the link stays, its target is fixed); a read-only file
/// is left as it is, with an error.
#[cfg(unix)]
#[test]
fn fix_follows_symbolic_links_and_leaves_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("convention.txt");
    std::fs::write(&target, TO_FIX).unwrap();
    let link = dir.path().join("lien.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = paraphe(&["check", "--fix", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);

    let read_only = dir.path().join("lecture-seule.txt");
    std::fs::write(&read_only, TO_FIX).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = paraphe(&["check", "--fix", read_only.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("fichier non modifié, écriture impossible : fichier en lecture seule"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), TO_FIX);
}

/// In Markdown, code blocks and comments are blanked for the checks but kept in the
/// file: the fixes land where they belong, after a comment with accented letters too;
/// a finding silenced by a suppression is not fixed.
#[test]
fn fix_in_markdown_lands_after_blanked_comments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("convention.md");
    let text = "## Article 1 – Objet\n\n```\nle prestaire\n```\n<!-- à revoir, « é » --> Les équipes du prestaire, <!-- paraphe-ignore placeholder: rempli à la signature --> le [Date].\nLa société Prestaire SAS intervient. <!-- paraphe-ignore typo: raison sociale -->\n";
    std::fs::write(&file, text).unwrap();
    let o = paraphe(&["check", "--fix", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text.replacen("du prestaire", "du prestataire", 1)
    );
}

/// What a review found, each kept from coming back: a named pipe given by name does not
/// block; an unclosed `<!--` in Markdown does not hide the rest of the file; `--fix`
/// does not write a UTF-8 file read in a forced single-byte encoding; `explain` explains
/// a rule left out; a suppression of a rule of another profile is not « unused ».
#[test]
fn review_findings_stay_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    #[cfg(unix)]
    {
        let fifo = at("tube.txt");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let o = paraphe(&["check", "--no-config", &fifo]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("ce n'est pas un fichier ordinaire"),
            "{}",
            stderr(&o)
        );
    }
    let md = at("commentaire.md");
    std::fs::write(
        &md,
        "ARTICLE 1 – OBJET\n\nLes équipes. <!-- note interne\n\nLe prestaire.\n",
    )
    .unwrap();
    let o = paraphe(&["check", "--no-config", "--format", "short", &md]);
    assert!(stdout(&o).contains(":5:4: error[typo]"), "{}", stdout(&o));
    let utf8 = at("utf8.txt");
    let text = "ARTICLE 1 – OBJET\n\nLa société et la SOCIETE. Le prestaire.\n";
    std::fs::write(&utf8, text).unwrap();
    let o = paraphe(&[
        "check",
        "--no-config",
        "--fix",
        "--encoding",
        "windows-1252",
        &utf8,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("le fichier est en UTF-8 mais l'encodage windows-1252 est imposé"));
    assert_eq!(std::fs::read_to_string(&utf8).unwrap(), text);
    let o = paraphe(&["explain", "nbsp-missing", "--ignore", "typography"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let template = at("modele.txt");
    std::fs::write(
        &template,
        "ARTICLE 1 – OBJET\n\nLe [Date] est fixé. <!-- paraphe-ignore placeholder: rempli à la signature -->\n",
    )
    .unwrap();
    let o = paraphe(&[
        "check",
        "--no-config",
        "--profile",
        "template",
        "--format",
        "short",
        &template,
    ]);
    assert!(!stdout(&o).contains("suppression-unused"), "{}", stdout(&o));
}

#[test]
fn a_text_file_over_16_mib_is_read_in_segments_one_convention_each() {
    let dir = scratch("large");
    let big = dir.join("gros.txt");
    let template = std::fs::read_to_string(root().join(TEMPLATE)).unwrap();
    let filled = std::fs::read_to_string(root().join(FILLED)).unwrap();
    assert!(template.ends_with('\n') && filled.ends_with('\n'));
    // 17 MiB of lines of spaces (read, never checked), then two conventions.
    let padding_lines = 17 * 1024;
    let padding = format!("{}\n", " ".repeat(1023)).repeat(padding_lines);
    std::fs::write(&big, format!("{padding}{template}{filled}")).unwrap();
    let big = big.to_str().unwrap();

    let out = paraphe(&["check", "--format", "json", big]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("lu par segments sans être chargé entier : 2 segments"),
        "{}",
        stderr(&out)
    );
    // The findings of each convention checked on its own, at the lines of the big file.
    let alone = paraphe(&["check", "--format", "json", TEMPLATE, FILLED]);
    let shift = |path: &str| {
        if path == TEMPLATE {
            padding_lines
        } else {
            padding_lines + template.matches('\n').count()
        }
    };
    let place = |f: &serde_json::Value, shift: usize| {
        (
            f["rule"].as_str().unwrap().to_string(),
            f["line"].as_u64().unwrap() as usize + shift,
            f["column"].as_u64().unwrap(),
            f["end_line"].as_u64().unwrap() as usize + shift,
            f["text"].as_str().unwrap().to_string(),
            f["message"].as_str().unwrap().to_string(),
        )
    };
    let expected: Vec<_> = json_findings(&alone)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| place(f, shift(f["path"].as_str().unwrap())))
        .collect();
    let found: Vec<_> = json_findings(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| place(f, 0))
        .collect();
    assert!(expected.len() > 50, "{}", expected.len());
    assert_eq!(found, expected);
    let human = stdout(&paraphe(&["check", "--color", "never", big]));
    assert!(
        human.contains(&format!("{big}:{}:", padding_lines + 28)),
        "the human format numbers the lines of the file"
    );

    // Not fixed: it cannot be held whole to be checked again; still checked.
    let before = std::fs::metadata(big).unwrap().modified().unwrap();
    let fixed = paraphe(&["check", "--fix", "--format", "short", big]);
    assert_eq!(fixed.status.code(), Some(2));
    assert!(stderr(&fixed).contains("--fix et --diff ne le corrigent pas"));
    assert!(stdout(&fixed).contains("prestaire"));
    assert_eq!(std::fs::metadata(big).unwrap().modified().unwrap(), before);
    let diff = paraphe(&["check", "--diff", big]);
    assert_eq!(diff.status.code(), Some(2));

    // The outline of each segment.
    let outline = stdout(&paraphe(&["outline", big]));
    assert_eq!(outline.matches("(segment, l. ").count(), 2, "{outline}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_utf8_file_with_one_bad_byte_is_an_error_not_a_legacy_file() {
    let dir = scratch("damaged");
    let damaged = dir.join("abime.txt");
    let mut bytes = std::fs::read(root().join(FILLED)).unwrap();
    let at = bytes.len() - 20;
    bytes[at] = 0xFF;
    std::fs::write(&damaged, &bytes).unwrap();
    let out = paraphe(&["check", "--format", "short", damaged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    assert!(
        stderr(&out).contains(&format!(
            "est en UTF-8 sauf des octets invalides (le premier ligne {line}, octet {at} du fichier)"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "", "nothing checked as Windows-1252");
    std::fs::remove_dir_all(dir).ok();
}
