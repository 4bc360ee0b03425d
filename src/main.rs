//! The `paraphe` binary: parses arguments, calls the library, prints, and maps the
//! outcome to an exit code: 0 no error-level finding, 1 at least one, 2 a usage, I/O or
//! rule-file error (the other files are still checked).

#![allow(clippy::print_stderr)] // The binary is where paraphe reports to the user.

mod cli;
mod fixing;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use encoding_rs::Encoding;

use cli::{CheckArgs, Cli, Color, Command, Format, OutlineArgs, RuleArgs};
use paraphe::dictionary::Dictionary;
use paraphe::render::{self, Counts};
use paraphe::source::Format as SourceFormat;
use paraphe::{ModelChoice, RuleSet, Settings, Source, parser};

/// How `paraphe` names standard input, given as `-`.
const STDIN: &str = "-";

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            e.print().ok();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("paraphe: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Outline(args) => outline(args),
        Command::Rules(args) => rules(args),
    }
}

/// The rules in force: the embedded ones plus `--rules`. A rule file in error is
/// reported and left out (the run goes on, and exits with 2); an unknown model id is a
/// usage error.
fn load_rules(args: &RuleArgs, failed: &mut usize) -> Result<(RuleSet, Settings)> {
    let mut set = RuleSet::embedded()?;
    for path in &args.rules {
        for error in set.add_path(path) {
            eprintln!("paraphe: {error}");
            *failed += 1;
        }
    }
    let model = match args.model.as_str() {
        "auto" => ModelChoice::Auto,
        "none" => ModelChoice::None,
        id => {
            if !set.models.iter().any(|m| m.id == id) {
                let known: Vec<&str> = set.models.iter().map(|m| m.id.as_str()).collect();
                anyhow::bail!("unknown model `{id}` (known: {})", known.join(", "));
            }
            ModelChoice::Named(id.to_string())
        }
    };
    set.ignore(&args.ignore).map_err(anyhow::Error::msg)?;
    Ok((
        set,
        Settings {
            model,
            ..Settings::default()
        },
    ))
}

/// The dictionary (only when a rule uses it) and the project's word lists. A dictionary
/// given with `--dictionary` must load; when none is given and none is installed, one
/// line on standard error says what the spelling check skips.
fn load_lexicon(args: &CheckArgs, rules: &RuleSet, settings: &mut Settings) -> Result<()> {
    let mut words = paraphe::dictionary::WordList::default();
    for path in &args.words {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: liste de mots illisible ({e})", path.display()))?;
        words.add_text(&text);
    }
    settings.words = std::sync::Arc::new(words);
    if !rules.uses_dictionary() {
        return Ok(());
    }
    let found = match &args.dictionary {
        Some(path) => Some(Dictionary::load(path)?),
        None => Dictionary::find().unwrap_or_else(|e| {
            eprintln!("paraphe: {e}");
            None
        }),
    };
    if found.is_none() {
        eprintln!(
            "paraphe: aucun dictionnaire Hunspell français trouvé : vérification \
             orthographique sautée, sauf les sigles et les capitales comparés aux mots du \
             document (installer hunspell-fr, ou donner --dictionary)"
        );
    }
    settings.dictionary = found.map(std::sync::Arc::new);
    Ok(())
}

/// The files to check: each path given (`-` for standard input), and the .txt and .md
/// files under each directory (walked with the `ignore` crate: hidden files are skipped
/// and, inside a git repository, .gitignore is respected), each once, in the order given,
/// directories in name order.
fn collect_files(paths: &[PathBuf], failed: &mut usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let push = |p: PathBuf, files: &mut Vec<PathBuf>| {
        if !files.contains(&p) {
            files.push(p);
        }
    };
    for path in paths {
        if !path.is_dir() {
            push(path.clone(), &mut files);
            continue;
        }
        let before = files.len();
        for entry in ignore::WalkBuilder::new(path)
            .sort_by_file_name(Ord::cmp)
            .build()
        {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file())
                        && SourceFormat::from_path(e.path()).is_some()
                    {
                        push(e.path().to_path_buf(), &mut files);
                    }
                }
                Err(e) => {
                    report_error(path, &e.to_string());
                    *failed += 1;
                }
            }
        }
        if files.len() == before {
            eprintln!(
                "paraphe: {}: aucun fichier .txt ou .md dans ce dossier",
                path.display()
            );
        }
    }
    files
}

fn report_error(path: &Path, message: &str) {
    eprintln!("paraphe: {}: {message}", path.display());
}

/// The encoding named by `--encoding`, if any.
fn encoding(label: Option<&str>) -> Result<Option<&'static Encoding>> {
    label
        .map(|l| {
            Encoding::for_label(l.trim().as_bytes())
                .ok_or_else(|| anyhow::anyhow!("unknown encoding `{l}` (for example utf-8, windows-1252, iso-8859-15, utf-16le)"))
        })
        .transpose()
}

/// Loads a file (`-`: standard input); on failure, reports it (naming the file) and
/// counts it as failed.
fn load(path: &Path, encoding: Option<&'static Encoding>, failed: &mut usize) -> Option<Source> {
    let loaded = if path == Path::new(STDIN) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(paraphe::source::LoadError::from)
            .and_then(|_| Source::decode(path, &bytes, SourceFormat::Text, encoding))
    } else {
        Source::load_with(path, encoding)
    };
    match loaded {
        Ok(source) => Some(source),
        Err(e) => {
            report_error(path, &e.to_string());
            *failed += 1;
            None
        }
    }
}

/// Whether an output error means the reader went away (`paraphe check … | head`):
/// then paraphe stops quietly.
fn reader_gone(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let mut rule_errors = 0;
    let (rules, mut settings) = load_rules(&args.rules, &mut rule_errors)?;
    load_lexicon(&args, &rules, &mut settings)?;
    let mut failed = 0;
    // NO_COLOR counts only when set to a non-empty value (no-color.org).
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && !no_color,
    };
    let encoding = encoding(args.encoding.as_deref())?;
    let files = collect_files(&args.paths, &mut failed);
    if args.diff {
        return fixing::diff(&files, encoding, &rules, &settings, failed + rule_errors);
    }
    let mut counts = Counts::default();
    let mut checked = 0;
    let stdout = StandardStream::stdout(if color {
        ColorChoice::AlwaysAnsi
    } else {
        ColorChoice::Never
    });
    let mut out = stdout.lock();
    let mut json = match args.format {
        Format::Json => Some(render::json::JsonArray::new(std::io::stdout().lock())?),
        Format::Human => None,
    };
    for path in &files {
        let Some(source) = load(path, encoding, &mut failed) else {
            continue;
        };
        let source = if args.fix {
            fixing::fix(path, source, encoding, &rules, &settings, &mut failed)
        } else {
            source
        };
        checked += 1;
        let document = parser::parse(&source);
        let diagnostics = paraphe::check_document(&source, &document, &rules, &settings);
        counts.add(&diagnostics);
        let written = match json.as_mut() {
            Some(array) => array.push(&render::json::records(&source, &diagnostics)),
            None => render::human::write(&source, &document, &diagnostics, &mut out),
        };
        match written {
            Err(e) if reader_gone(&e) => return Ok(exit_code(failed + rule_errors, counts)),
            other => other?,
        }
    }
    let written = match json {
        Some(array) => array.finish(),
        None => writeln!(out, "{}", render::human::summary(counts, checked, failed)),
    };
    match written {
        Err(e) if reader_gone(&e) => {}
        other => other?,
    }
    Ok(exit_code(failed + rule_errors, counts))
}

fn exit_code(failed: usize, counts: Counts) -> ExitCode {
    if failed > 0 {
        ExitCode::from(2)
    } else if counts.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn outline(args: OutlineArgs) -> Result<ExitCode> {
    let mut failed = 0;
    let (rules, settings) = load_rules(&args.rules, &mut failed)?;
    let encoding = encoding(args.encoding.as_deref())?;
    let mut stdout = std::io::stdout().lock();
    for (i, path) in args.paths.iter().enumerate() {
        let Some(source) = load(path, encoding, &mut failed) else {
            continue;
        };
        let document = parser::parse(&source);
        let model = paraphe::select_model(&document, &rules, &settings);
        let separator = if i > 0 { "\n" } else { "" };
        let text = render::outline::render(&source, &document, model);
        match write!(stdout, "{separator}{text}") {
            Err(e) if reader_gone(&e) => break,
            other => other?,
        }
    }
    Ok(exit_code(failed, Counts::default()))
}

fn rules(args: RuleArgs) -> Result<ExitCode> {
    let mut failed = 0;
    let (rules, _) = load_rules(&args, &mut failed)?;
    let mut text = String::new();
    for rule in &rules.rules {
        text.push_str(&format!(
            "{:<22} {:<8} {}\n",
            rule.id,
            rule.severity.as_str(),
            rule.summary
        ));
    }
    for model in &rules.models {
        let n = model.articles.len();
        text.push_str(&format!(
            "modèle {} : {} ({n} article{})\n",
            model.id,
            model.name,
            if n >= 2 { "s" } else { "" }
        ));
    }
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if reader_gone(&e) => {}
        other => other?,
    }
    Ok(exit_code(failed, Counts::default()))
}
