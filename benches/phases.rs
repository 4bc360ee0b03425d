//! `cargo bench`: the phases of a check — loading, parsing, each check kind, rendering —
//! on the real template and on a 50 MB file (divan).
//!
//! The 50 MB file is `target/corpus/big-50mb.txt`, written by
//! `scripts/generate-corpus.py` (conventions concatenated); without it, the filled-in
//! convention of the fixtures repeated up to 50 MiB stands in, and a line says so. The
//! spelling checks use the dictionary pinned in `fixtures/dictionary`.

#![allow(clippy::print_stderr)] // One line says which 50 MB file stands in.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use paraphe::dictionary::Dictionary;
use paraphe::render::Renderer;
use paraphe::render::Summary;
use paraphe::{Document, Profile, RuleSet, Settings, Source, parser};

fn main() {
    divan::main();
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const TEMPLATE: &str = "fixtures/documents/convention-engagement-template.txt";

/// The two inputs: the template, and the 50 MB file.
#[derive(Debug, Clone, Copy)]
enum Input {
    Template,
    Big,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Input::Template => "template",
            Input::Big => "50MB",
        })
    }
}

const INPUTS: [Input; 2] = [Input::Template, Input::Big];

static BIG: LazyLock<PathBuf> = LazyLock::new(|| {
    let generated = root().join("target/corpus/big-50mb.txt");
    if generated.is_file() {
        return generated;
    }
    eprintln!(
        "target/corpus/big-50mb.txt not found (python3 scripts/generate-corpus.py): \
         the filled-in convention repeated up to 50 MiB stands in"
    );
    let one = std::fs::read_to_string(
        root().join("fixtures/documents/convention-engagement-remplie.txt"),
    )
    .expect("the filled-in convention is in the fixtures");
    let path = std::env::temp_dir().join(format!("paraphe-bench-{}.txt", std::process::id()));
    let repeated = one.repeat(50 * 1024 * 1024 / one.len() + 1);
    std::fs::write(&path, repeated).expect("the temporary directory is writable");
    path
});

fn path(input: Input) -> PathBuf {
    match input {
        Input::Template => root().join(TEMPLATE),
        Input::Big => BIG.clone(),
    }
}

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::embedded().expect("the built-in rules are valid"));

static SETTINGS: LazyLock<Settings> = LazyLock::new(|| Settings {
    dictionary: Some(Arc::new(
        Dictionary::load(&root().join("fixtures/dictionary/fr-toutesvariantes.dic"))
            .expect("the pinned dictionary loads"),
    )),
    ..Settings::default()
});

/// Each input loaded and parsed once, for the benchmarks of the later phases.
static LOADED: LazyLock<Vec<(Source, Document)>> = LazyLock::new(|| {
    INPUTS
        .iter()
        .map(|&input| {
            let source = Source::load(&path(input)).expect("the input loads");
            let document = parser::parse(&source);
            (source, document)
        })
        .collect()
});

fn loaded(input: Input) -> &'static (Source, Document) {
    &LOADED[input as usize]
}

/// Start-up: the built-in rule files parsed and their regexes compiled.
#[divan::bench(sample_count = 20)]
fn startup_rules() -> RuleSet {
    RuleSet::embedded().expect("the built-in rules are valid")
}

/// Start-up: the Hunspell dictionary loaded (spellbook).
#[divan::bench(sample_count = 10)]
fn startup_dictionary() -> Dictionary {
    Dictionary::load(&root().join("fixtures/dictionary/fr-toutesvariantes.dic"))
        .expect("the pinned dictionary loads")
}

#[divan::bench(args = INPUTS, sample_count = 5, sample_size = 1)]
fn load(input: Input) -> Source {
    Source::load(&path(input)).expect("the input loads")
}

/// The 50 MB file read in segments, as the binary reads a text file over 16 MiB
/// (`paraphe::segment`): the first pass, then the decoding and the cuts, without checks.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_segments() -> usize {
    let segments =
        paraphe::segment::Segments::open(&BIG, None, paraphe::segment::Limits::default())
            .expect("the input loads");
    segments
        .map(|s| s.expect("the input reads").text().len())
        .sum()
}

#[divan::bench(args = INPUTS, sample_count = 5, sample_size = 1)]
fn parse(bencher: divan::Bencher, input: Input) {
    let (source, _) = loaded(input);
    bencher.bench(|| parser::parse(source));
}

/// The check kinds of the built-in rules, each with its rules.
fn kinds() -> Vec<(&'static str, RuleSet)> {
    let mut kinds: Vec<(&'static str, RuleSet)> = Vec::new();
    for rule in &RULES.rules {
        let kind = paraphe::checks::kind_name(&rule.check);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, set)) => set.rules.push(rule.clone()),
            None => kinds.push((
                kind,
                RuleSet {
                    rules: vec![rule.clone()],
                    models: RULES.models.clone(),
                },
            )),
        }
    }
    kinds.sort_by_key(|(k, _)| *k);
    kinds
}

/// Each check kind alone (its rules; the `field-*` kinds in the `template` profile, the
/// others in `signature`), on each input already parsed (0: the template, 1: the 50 MB
/// file); `every-rule` is the whole check.
#[divan::bench(
    args = [
        "article-sequence", "capital-accent", "date-order", "date-validity",
        "date-weekday", "designation", "field-declared", "field-party", "field-syntax",
        "identifier", "marks", "placeholder", "reference", "repeated-word",
        "restatement", "self-term", "signatories", "spelling", "structure",
        "substitution", "suppression", "typography", "every-rule",
    ],
    consts = [0, 1],
    sample_count = 3,
    sample_size = 1,
)]
fn check<const INPUT: usize>(bencher: divan::Bencher, kind: &str) {
    let input = INPUTS[INPUT];
    let rules = if kind == "every-rule" {
        RULES.clone()
    } else {
        kinds()
            .into_iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, set)| set)
            .unwrap_or_else(|| panic!("no built-in rule of kind {kind}"))
    };
    // The field kinds check templates: they run in the `template` profile.
    let settings = Settings {
        profile: if kind.starts_with("field-") {
            Profile::Template
        } else {
            Profile::Signature
        },
        ..SETTINGS.clone()
    };
    let (source, document) = loaded(input);
    bencher.bench(|| paraphe::check_document(source, document, &rules, &settings));
}

/// Rendering the findings of every rule in each format, into memory.
#[divan::bench(
    args = ["human", "short", "json", "sarif", "github"],
    consts = [0, 1],
    sample_count = 3,
    sample_size = 1,
)]
fn render<const INPUT: usize>(bencher: divan::Bencher, format: &str) {
    let (source, document) = loaded(INPUTS[INPUT]);
    let diagnostics = paraphe::check_document(source, document, &RULES, &SETTINGS);
    bencher.bench(|| {
        let mut out: Vec<u8> = Vec::new();
        {
            let mut renderer: Box<dyn Renderer + '_> = match format {
                "human" => Box::new(paraphe::render::human::Human::new(
                    codespan_reporting::term::termcolor::NoColor::new(&mut out),
                )),
                "short" => Box::new(paraphe::render::short::Short::new(&mut out)),
                "json" => {
                    Box::new(paraphe::render::json::Json::new(&mut out).expect("writing to memory"))
                }
                "sarif" => Box::new(
                    paraphe::render::sarif::Sarif::new(&mut out, &RULES)
                        .expect("writing to memory"),
                ),
                _ => Box::new(paraphe::render::github::Github::new(&mut out)),
            };
            renderer
                .file(source, document, &diagnostics)
                .expect("writing to memory");
            renderer
                .finish(&Summary::default())
                .expect("writing to memory");
        }
        out.len()
    });
}
