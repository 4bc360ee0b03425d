//! The output formats of `paraphe check` (short, JSON, SARIF, GitHub) as a user gets
//! them from the binary, the SARIF log validated against the official OASIS schema, and
//! the documentation of the rules (`paraphe rules`, `paraphe explain`).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the crate root with the pinned dictionary.
fn paraphe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paraphe"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env(
            "PARAPHE_DICTIONARY",
            root().join("fixtures/dictionary/fr-toutesvariantes.dic"),
        )
        .output()
        .expect("paraphe runs")
}

/// Standard output, paraphe's version replaced by `[version]` so that the snapshots do
/// not change with each release.
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[version]\"",
    )
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory for files the repository should not hold (a damaged DOCX).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paraphe-formats-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small convention with a finding over two lines, a safe correction (`typo`), one to
/// check first (`date-weekday`), a secondary place (`article-duplicate`) and a `%` and a
/// `,` in a message.
const SMALL: &str = "fixtures/formats/petite-convention.txt";
const TEMPLATE: &str = "fixtures/documents/convention-engagement-template.txt";
/// Word files with findings in table cells, and in footnotes and endnotes.
const DOCX: [&str; 2] = [
    "fixtures/docx/encadres-et-tableaux.docx",
    "fixtures/docx/notes.docx",
];

/// `paraphe check --format FORMAT PATHS…`: its standard output, after checking that
/// it exits with 1 (every input here has errors) and says nothing on standard error.
fn check(format: &str, paths: &[&str]) -> String {
    let mut args = vec!["check", "--format", format];
    args.extend(paths);
    let o = paraphe(&args);
    assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
    assert_eq!(stderr(&o), "", "{format}");
    stdout(&o)
}

#[test]
fn short_format() {
    let small = check("short", &[SMALL]);
    assert!(small.contains(
        "fixtures/formats/petite-convention.txt:11:60: error[typo] « prestaire » : faute de frappe probable\n"
    ));
    // A field over two lines stays on one line.
    assert!(
        small.contains(
            ":4:89: error[placeholder] champ non rempli : « [date de la délibération] »\n"
        )
    );
    insta::assert_snapshot!("short_small", small);
    let template = check("short", &[TEMPLATE]);
    assert_eq!(template.lines().count(), 57, "one line per finding");
    insta::assert_snapshot!("short_template", template);
    insta::assert_snapshot!("short_docx", check("short", &DOCX));
}

#[test]
fn github_format() {
    let small = check("github", &[SMALL]);
    // `%` is escaped in the message; a finding over two lines has no columns.
    assert!(small.contains("« [taux en %25, à préciser] »"), "{small}");
    assert!(small.contains(
        "::error file=fixtures/formats/petite-convention.txt,line=4,endLine=5,title=paraphe (placeholder)::"
    ));
    insta::assert_snapshot!("github_small", small);
    let template = check("github", &[TEMPLATE]);
    assert!(template.ends_with("\n31 erreurs, 26 avertissements, 0 information dans 1 fichier\n"));
    insta::assert_snapshot!("github_template", template);
    insta::assert_snapshot!("github_docx", check("github", &DOCX));
    // A file that cannot be read is an annotation too; the property value is escaped.
    let dir = scratch("github");
    let odd = dir.join("a,b: c.txt");
    std::fs::write(&odd, b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
    let o = paraphe(&["check", "--format", "github", odd.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.starts_with("::error file=")
            && out.contains(
                "a%2Cb%3A c.txt,title=paraphe::fichier non lu : ce n'est pas un fichier texte"
            ),
        "{out}"
    );
}

#[test]
fn json_format() {
    let small = check("json", &[SMALL]);
    let value: Value = serde_json::from_str(&small).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["summary"]["errors"], 7);
    insta::assert_snapshot!("json_small", small);
    // The template's findings are snapshotted field by field in `tests/check.rs`
    // (`template_json`); here, what surrounds them.
    let mut template: Value = serde_json::from_str(&check("json", &[TEMPLATE])).unwrap();
    let findings = template["findings"].as_array().unwrap().len();
    template["findings"] = Value::String(format!("[{findings} findings]"));
    insta::assert_json_snapshot!("json_template", template);
    // A file that cannot be read is listed in `unread`, and counted.
    let o = paraphe(&["check", "--format", "json", "fixtures/absent.txt", SMALL]);
    assert_eq!(o.status.code(), Some(2));
    let value: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(value["unread"][0]["path"], "fixtures/absent.txt");
    assert!(
        value["unread"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("lecture impossible")
    );
    assert_eq!(value["summary"]["files"], 1);
    assert_eq!(value["summary"]["unread"], 1);
    assert_eq!(value["findings"].as_array().unwrap().len(), 8);
}

/// The results of a SARIF log, for snapshots that leave out the rules' metadata (already
/// in the small convention's snapshot).
fn results(sarif: &str) -> Value {
    let log: Value = serde_json::from_str(sarif).unwrap();
    log["runs"][0]["results"].clone()
}

#[test]
fn sarif_format() {
    let small = check("sarif", &[SMALL]);
    let log: Value = serde_json::from_str(&small).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    // Each result points at its rule's descriptor.
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            result["ruleId"]
        );
    }
    // Only the safe correction is a SARIF fix; the date is left to a person.
    let fixes: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .collect();
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0]["ruleId"], "typo");
    insta::assert_snapshot!("sarif_small", small);
    insta::assert_json_snapshot!(
        "sarif_template_results",
        results(&check("sarif", &[TEMPLATE]))
    );
    insta::assert_json_snapshot!("sarif_docx_results", results(&check("sarif", &DOCX)));
}

/// The official schema (OASIS, errata 01: `fixtures/sarif/`), with the `format`s checked
/// (`uri`, `date-time`), under the draft it declares (JSON Schema draft 4), and again
/// under draft 7, which also knows the `uri-reference` format of
/// `artifactLocation.uri` (the schema uses no keyword whose meaning changed between the
/// two drafts: no `exclusiveMinimum`, `id` only at its root).
fn sarif_schemas() -> [jsonschema::Validator; 2] {
    let text = std::fs::read_to_string(root().join("fixtures/sarif/sarif-schema-2.1.0.json"))
        .expect("the schema is in fixtures/sarif");
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the schema as published"
    );
    let options = || jsonschema::options().should_validate_formats(true);
    [
        options().build(&schema).expect("the schema compiles"),
        options()
            .with_draft(jsonschema::Draft::Draft7)
            .build(&schema)
            .expect("the schema compiles as draft 7"),
    ]
}

/// What the schema has against `log`, one line per error.
fn violations(validators: &[jsonschema::Validator], log: &Value) -> Vec<String> {
    validators
        .iter()
        .flat_map(|v| v.iter_errors(log))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Breaks a SARIF log on purpose.
type Breaks = fn(&mut Value);

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_schemas();
    let dir = scratch("sarif");
    let damaged = dir.join("abîmée.docx");
    std::fs::write(&damaged, b"PK\x03\x04 not a whole archive").unwrap();
    let damaged = damaged.to_str().unwrap().to_string();
    let mut logs = Vec::new();
    for paths in [
        vec![TEMPLATE],
        vec![SMALL],
        DOCX.to_vec(),
        vec!["fixtures/odt/notes.odt"],
        vec!["fixtures/absent.txt", damaged.as_str(), SMALL],
    ] {
        let mut args = vec!["check", "--format", "sarif"];
        args.extend(&paths);
        let o = paraphe(&args);
        let log: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let errors = violations(&validator, &log);
        assert!(errors.is_empty(), "{paths:?}:\n{}", errors.join("\n"));
        logs.push((paths, log, o.status.code()));
    }
    std::fs::remove_dir_all(&dir).ok();
    let (_, failing, code) = &logs[4];
    assert_eq!(*code, Some(2));
    let invocation = &failing["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2);
    assert_eq!(
        notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/absent.txt"
    );
    // The damaged file has an absolute path: a file:// URI, « î » percent-encoded.
    let uri = notifications[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/ab%C3%AEm%C3%A9e.docx"),
        "{uri}"
    );
    assert_eq!(
        logs[0].1["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    // The validation can fail: logs broken on purpose are rejected.
    let template = &logs[0].1;
    let broken: [(&str, Breaks); 6] = [
        ("no version", |log| {
            log.as_object_mut().unwrap().remove("version");
        }),
        ("an unknown level", |log| {
            log["runs"][0]["results"][0]["level"] = "fatal".into();
        }),
        ("a line 0", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into();
        }),
        ("an unknown column kind", |log| {
            log["runs"][0]["columnKind"] = "bytes".into();
        }),
        ("a schema that is no URI", |log| {
            log["$schema"] = "sarif 2.1.0".into();
        }),
        ("a URI with a space", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"] = "a b.txt".into();
        }),
    ];
    for (what, breaks) in broken {
        let mut log = template.clone();
        breaks(&mut log);
        assert!(
            !violations(&validator, &log).is_empty(),
            "a log with {what} must be rejected"
        );
    }
}

#[test]
fn rules_lists_id_group_severity_and_summary() {
    let o = paraphe(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let rules = paraphe::RuleSet::embedded().unwrap();
    // The default profile: `signature`.
    for rule in rules.for_profile(paraphe::Profile::Signature) {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id.as_str()))
            .unwrap_or_else(|| panic!("{} missing from:\n{out}", rule.id));
        let columns: Vec<&str> = line.split_whitespace().take(3).collect();
        assert_eq!(
            columns,
            [
                rule.id.as_str(),
                rule.group.as_deref().unwrap_or("-"),
                rule.severity.as_str()
            ]
        );
        assert!(line.ends_with(rule.summary.trim()), "{line}");
    }
    insta::assert_snapshot!("rules", out);
}

#[test]
fn explain_shows_a_rule_from_its_file() {
    for name in ["typo", "nbsp-missing", "comment-left", "typography"] {
        let o = paraphe(&["explain", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        insta::assert_snapshot!(format!("explain_{name}"), stdout(&o));
    }
    // Every rule has its examples and its description in its explanation.
    let rules = paraphe::RuleSet::embedded().unwrap();
    for rule in &rules.rules {
        let text = paraphe::render::rules::explain(rule);
        assert!(
            text.contains("Exemple fautif") && text.contains("Exemple correct"),
            "{text}"
        );
        let first_line = rule.description.trim().lines().next().unwrap();
        assert!(text.contains(first_line), "{text}");
    }
}

#[test]
fn explain_an_unknown_rule_is_a_usage_error() {
    let o = paraphe(&["explain", "placeholdr"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "paraphe: « placeholdr » n'est ni une règle ni un groupe de règles ; voulez-vous dire « placeholder » ? (paraphe rules les liste)\n"
    );
    let o = paraphe(&["explain", "nbsp"]);
    assert!(stderr(&o).contains("voulez-vous dire « nbsp-missing » ?"));
    let o = paraphe(&["explain", "zzz"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("; connus : apostrophe-mixed, article-duplicate,")
            && err.trim_end().ends_with("typo, orthography, typography"),
        "{err}"
    );
}
