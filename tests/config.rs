//! The configuration file (`paraphe.toml`), found from each checked file upwards, and
//! many files checked in parallel: the binary as a template repository uses it.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs paraphe in `dir` with the pinned dictionary.
fn paraphe_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paraphe"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env(
            "PARAPHE_DICTIONARY",
            root().join("fixtures/dictionary/fr-toutesvariantes.dic"),
        )
        .output()
        .expect("paraphe runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory holding `files` (path relative to it, content).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paraphe-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// A short convention with a typo from the list (« prestaire »), a field left
/// (« [Date] ») and a space before a period (typography).
const CONVENTION: &str = "\
CONVENTION DE PARTENARIAT

ARTICLE 1 - OBJET
Les équipes du prestaire interviennent jusqu'au [Date] .
";

/// The rule ids of the findings in a `--format json` output.
fn rules_found(o: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            )
        })
        .collect()
}

const CONFIG: &str = r#"# Réglages du dépôt des modèles
ignore = ["typography"]

[severity]
typo = "warning"

[[overrides]]
files = ["signees/**"]
select = ["placeholder"]
"#;

#[test]
fn the_configuration_found_upwards_applies_with_its_overrides() {
    let dir = project(
        "upwards",
        &[
            ("paraphe.toml", CONFIG),
            ("modeles/convention.txt", CONVENTION),
            ("signees/2027/convention.txt", CONVENTION),
            ("modeles/special/.paraphe.toml", "select = [\"typo\"]\n"),
            ("modeles/special/convention.txt", CONVENTION),
        ],
    );
    // The top level: typography left out, typo lowered to a warning.
    let o = paraphe_in(
        &dir,
        &["check", "--format", "json", "modeles/convention.txt"],
    );
    assert_eq!(
        rules_found(&o),
        ["typo:warning", "placeholder:error"],
        "{}",
        text(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1));
    // An override by glob: only fields.
    let o = paraphe_in(
        &dir,
        &["check", "--format", "json", "signees/2027/convention.txt"],
    );
    assert_eq!(rules_found(&o), ["placeholder:error"]);
    // The nearest configuration wins, whatever the directory paraphe runs in.
    let o = paraphe_in(
        &dir.join("signees"),
        &[
            "check",
            "--format",
            "json",
            "../modeles/special/convention.txt",
        ],
    );
    assert_eq!(rules_found(&o), ["typo:error"]);
    // The command line comes last; --no-config and --config choose the file.
    let o = paraphe_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "placeholder",
            "modeles/convention.txt",
        ],
    );
    assert_eq!(rules_found(&o), ["typo:warning"]);
    let o = paraphe_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "modeles/convention.txt",
        ],
    );
    assert_eq!(
        rules_found(&o),
        [
            "typo:error",
            "placeholder:error",
            "space-before-punctuation:warning"
        ]
    );
    let o = paraphe_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--config",
            "modeles/special/.paraphe.toml",
            "signees/2027/convention.txt",
        ],
    );
    assert_eq!(rules_found(&o), ["typo:error"]);
}

#[test]
fn config_prints_the_resolved_settings() {
    let dir = project(
        "print",
        &[
            ("paraphe.toml", CONFIG),
            ("signees/convention.txt", CONVENTION),
            ("mots.txt", "ApproprIAtion\n"),
        ],
    );
    let o = paraphe_in(
        &dir,
        &["config", "--words", "mots.txt", "signees/convention.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout).replace(&dir.display().to_string(), "<projet>");
    assert_eq!(
        out,
        r#"# réglages de signees/convention.txt
config = "<projet>/paraphe.toml"
overrides = ["signees/**"]
profile = "signature"
model = "auto"
select = ["placeholder"]
ignore = ["typography"]
word-files = ["mots.txt"]
rules-in-force = ["placeholder"]

[severity]
typo = "warning"
"#
    );
    let o = paraphe_in(&std::env::temp_dir(), &["config", "--no-config", "."]);
    assert!(
        text(&o.stdout)
            .starts_with("# réglages de . (sans fichier de configuration : --no-config)\n")
    );
}

#[test]
fn a_bad_configuration_stops_only_the_files_it_governs() {
    let dir = project(
        "bad",
        &[
            ("bon/paraphe.toml", CONFIG),
            ("bon/convention.txt", CONVENTION),
            (
                "mauvais/paraphe.toml",
                "ignore = [\"typography\"]\nprofil = \"template\"\n",
            ),
            ("mauvais/a.txt", CONVENTION),
            ("mauvais/b.txt", CONVENTION),
            ("inconnu/paraphe.toml", "ignore = [\"typographie\"]\n"),
            ("inconnu/c.txt", CONVENTION),
        ],
    );
    let o = paraphe_in(
        &dir,
        &["check", "--format", "json", "mauvais", "bon", "inconnu"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    let bad = dir.join("mauvais/paraphe.toml");
    assert!(
        err.contains(&format!(
            "paraphe: {}:2:1: unknown field `profil`",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("paraphe: non vérifiés : mauvais/a.txt, mauvais/b.txt"),
        "{err}"
    );
    let unknown = dir.join("inconnu/paraphe.toml");
    assert!(
        err.contains(&format!(
            "paraphe: {}: « typographie » n'est ni une règle ni un groupe de règles ; voulez-vous dire « typography » ?",
            unknown.display()
        )),
        "{err}"
    );
    // The configuration error is told once, and the good file is still checked.
    assert_eq!(err.matches("unknown field").count(), 1, "{err}");
    assert_eq!(rules_found(&o), ["typo:warning", "placeholder:error"]);
}

#[test]
fn many_files_come_out_in_the_same_order_whatever_the_threads() {
    // More files than one batch, of different sizes, so that threads finish out of
    // order. Spelling is left out: its suggestions are slow in a debug build.
    let template = std::fs::read_to_string(
        root().join("fixtures/documents/convention-engagement-template.txt"),
    )
    .unwrap();
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..45 {
        let content = if i % 9 == 0 {
            template.clone()
        } else {
            CONVENTION.replace("1", &i.to_string())
        };
        files.push((format!("lot/{i:02}.txt"), content));
    }
    files.push(("lot/ignore/x.txt".into(), CONVENTION.into()));
    files.push(("lot/.gitignore".into(), "ignore/\n".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let dir = project("order", &refs);
    // .gitignore is read inside a git repository only.
    Command::new("git")
        .args(["init", "-q"])
        .current_dir(&dir)
        .status()
        .unwrap();
    let one = paraphe_in(
        &dir,
        &[
            "check",
            "--ignore",
            "orthography",
            "--color",
            "never",
            "-j",
            "1",
            "lot",
        ],
    );
    let two = paraphe_in(
        &dir,
        &[
            "check",
            "--ignore",
            "orthography",
            "--color",
            "never",
            "-j",
            "2",
            "lot",
        ],
    );
    let four = paraphe_in(
        &dir,
        &[
            "check",
            "--ignore",
            "orthography",
            "--format",
            "json",
            "-j",
            "4",
            "lot",
        ],
    );
    let one_json = paraphe_in(
        &dir,
        &[
            "check",
            "--ignore",
            "orthography",
            "--format",
            "json",
            "-j",
            "1",
            "lot",
        ],
    );
    // Asking for far more threads than files or processors starts no more than needed.
    let many = paraphe_in(
        &dir,
        &[
            "check",
            "--ignore",
            "orthography",
            "--color",
            "never",
            "-j",
            "100000",
            "lot",
        ],
    );
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(text(&one.stdout), text(&two.stdout));
    assert_eq!(text(&one.stdout), text(&many.stdout));
    assert_eq!(text(&one_json.stdout), text(&four.stdout));
    let out = text(&one.stdout);
    assert!(
        out.contains("dans 45 fichiers"),
        "{}",
        out.lines().last().unwrap_or("")
    );
    // Name order: 00, 01, … 44.
    let positions: Vec<usize> = (0..45)
        .map(|i| out.find(&format!("lot/{i:02}.txt")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert!(!out.contains("ignore/x.txt"));
}

#[test]
fn the_configuration_is_found_from_the_real_directory_and_globs_stay_in_theirs() {
    let dir = project(
        "real",
        &[
            (
                "paraphe.toml",
                "[[overrides]]\nfiles = [\"./a/*.txt\"]\nselect = [\"typo\"]\n",
            ),
            ("a/convention.txt", CONVENTION),
            ("a/b/convention.txt", CONVENTION),
            ("a/b/.paraphe.toml", "select = [\"placeholder\"]\n"),
        ],
    );
    // `a/b/../convention.txt` is in `a`: the configuration of `a/b` does not apply.
    let o = paraphe_in(
        &dir,
        &["check", "--format", "json", "a/b/../convention.txt"],
    );
    assert_eq!(rules_found(&o), ["typo:error"], "{}", text(&o.stderr));
    // `*` does not cross a directory: `a/*.txt` is not `a/c/d.txt`.
    std::fs::create_dir_all(dir.join("a/c")).unwrap();
    std::fs::write(dir.join("a/c/d.txt"), CONVENTION).unwrap();
    let o = paraphe_in(&dir, &["config", "a/c/d.txt"]);
    assert!(
        !text(&o.stdout).contains("overrides"),
        "{}",
        text(&o.stdout)
    );
}
