//! The `paraphe` binary: parses arguments, calls the library, prints, and maps the
//! outcome to an exit code: 0 no error-level finding, 1 at least one, 2 a usage, I/O or
//! rule-file error (the other files are still checked).

#![allow(clippy::print_stderr)] // The binary is where paraphe reports to the user.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use cli::{CheckArgs, Cli, Color, Command, Format, OutlineArgs, RuleArgs};
use paraphe::render::{self, Counts};
use paraphe::{ModelChoice, RuleSet, Settings, Source, parser};

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

fn load_rules(args: &RuleArgs) -> Result<(RuleSet, Settings)> {
    let mut set = RuleSet::embedded()?;
    for path in &args.rules {
        set.add_path(path)?;
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
    Ok((set, Settings { model }))
}

/// The files to check: each path given, and the .txt and .md files under each directory
/// (walked with the `ignore` crate, so .gitignore is respected), in a stable order.
fn collect_files(paths: &[PathBuf], errors: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        for entry in ignore::WalkBuilder::new(path)
            .sort_by_file_name(Ord::cmp)
            .build()
        {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_some_and(|t| t.is_file())
                        && paraphe::source::Format::from_path(p).is_some()
                    {
                        found.push(p.to_path_buf());
                    }
                }
                Err(e) => errors.push((path.clone(), e.to_string())),
            }
        }
        files.extend(found);
    }
    files
}

fn report_error(path: &Path, message: &str) {
    eprintln!("paraphe: {}: {message}", path.display());
}

/// Loads a file; on failure, reports it (naming the file) and counts it as failed.
fn load(path: &Path, failed: &mut usize) -> Option<Source> {
    match Source::load(path) {
        Ok(source) => Some(source),
        Err(e) => {
            report_error(path, &e.to_string());
            *failed += 1;
            None
        }
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let (rules, settings) = load_rules(&args.rules)?;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut walk_errors = Vec::new();
    let files = collect_files(&args.paths, &mut walk_errors);
    let mut failed = walk_errors.len();
    for (path, message) in &walk_errors {
        report_error(path, message);
    }
    let mut counts = Counts::default();
    let mut checked = 0;
    let mut json = Vec::new();
    let mut stdout = std::io::stdout().lock();
    for path in &files {
        let Some(source) = load(path, &mut failed) else {
            continue;
        };
        checked += 1;
        let document = parser::parse(&source);
        let diagnostics = paraphe::check_document(&source, &document, &rules, &settings);
        counts.add(&diagnostics);
        match args.format {
            Format::Human => {
                write!(
                    stdout,
                    "{}",
                    render::human::render(&source, &document, &diagnostics, color)
                )?;
            }
            Format::Json => {
                let records = render::json::records(&source, &diagnostics);
                json.push(serde_json::to_value(&records)?);
            }
        }
    }
    match args.format {
        Format::Human => writeln!(
            stdout,
            "{}",
            render::human::summary(counts, checked, failed)
        )?,
        Format::Json => {
            let all: Vec<serde_json::Value> = json
                .into_iter()
                .flat_map(|v| match v {
                    serde_json::Value::Array(items) => items,
                    other => vec![other],
                })
                .collect();
            writeln!(stdout, "{}", serde_json::to_string_pretty(&all)?)?;
        }
    }
    Ok(exit_code(failed, counts))
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
    let (rules, settings) = load_rules(&args.rules)?;
    let mut failed = 0;
    let mut stdout = std::io::stdout().lock();
    for (i, path) in args.paths.iter().enumerate() {
        let Some(source) = load(path, &mut failed) else {
            continue;
        };
        let document = parser::parse(&source);
        let model = paraphe::select_model(&document, &rules, &settings);
        if i > 0 {
            writeln!(stdout)?;
        }
        write!(
            stdout,
            "{}",
            render::outline::render(&source, &document, model)
        )?;
    }
    Ok(exit_code(failed, Counts::default()))
}

fn rules(args: RuleArgs) -> Result<ExitCode> {
    let (rules, _) = load_rules(&args)?;
    let mut stdout = std::io::stdout().lock();
    for rule in &rules.rules {
        writeln!(
            stdout,
            "{:<20} {:<8} {}",
            rule.id,
            rule.severity.as_str(),
            rule.summary
        )?;
    }
    for model in &rules.models {
        writeln!(
            stdout,
            "modèle {:<13} {} ({} articles)",
            model.id,
            model.name,
            model.articles.len()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
