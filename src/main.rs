//! The `paraphe` binary: parses arguments, calls the library, prints, and maps the
//! outcome to an exit code: 0 no error-level finding, 1 at least one, 2 a usage, I/O or
//! rule-file error (the other files are still checked).

#![allow(clippy::print_stderr)] // The binary is where paraphe reports to the user.

mod cli;
mod fixing;

use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use encoding_rs::Encoding;
use rayon::prelude::*;

use cli::{
    CheckArgs, Cli, Color, Command, ConfigArgs, ExplainArgs, Format, InputArgs, OutlineArgs,
    RuleArgs,
};
use paraphe::config::Options;
use paraphe::project::{ConfigChoice, Notice, Prepared, Project, ProjectError};
use paraphe::render::{self, Counts, Renderer, Summary};
use paraphe::rule::RuleSet;
use paraphe::segment::{Limits, Segments};
use paraphe::source::Format as SourceFormat;
use paraphe::{Diagnostic, Document, Source, Timings, parser};

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
        Command::Config(args) => config(args),
        Command::Explain(args) => explain(args),
    }
}

/// The project of a run: where its configuration comes from, and the settings of the
/// command line, applied over it.
fn project(rules: &RuleArgs, input: Option<&InputArgs>) -> Result<Project> {
    let choice = match (&rules.config, rules.no_config) {
        (Some(path), _) => ConfigChoice::File(path.clone()),
        (None, true) => ConfigChoice::Ignore,
        (None, false) => ConfigChoice::Discover,
    };
    let command_line = Options {
        profile: rules.profile.map(|p| paraphe::Profile::from(p).to_string()),
        model: rules.model.clone(),
        rules: rules.rules.clone(),
        select: (!rules.select.is_empty()).then(|| rules.select.clone()),
        ignore: rules.ignore.clone(),
        encoding: input.and_then(|i| i.encoding.clone()),
        dictionary: input.and_then(|i| i.dictionary.clone()),
        word_files: input.map(|i| i.words.clone()).unwrap_or_default(),
        ..Options::default()
    };
    Ok(Project::new(choice, command_line))
}

/// Prepares the settings of `path`, printing once each message the project produced;
/// counts the failures.
fn prepare(
    project: &mut Project,
    path: &Path,
    failed: &mut usize,
) -> Result<Arc<Prepared>, ProjectError> {
    let prepared = project.prepare(path);
    for notice in project.take_notices() {
        match notice {
            Notice::Failure(message) => {
                eprintln!("paraphe: {message}");
                *failed += 1;
            }
            Notice::Warning(message) => eprintln!("paraphe: {message}"),
        }
    }
    prepared
}

/// The files to check: each path given (`-` for standard input), and the files paraphe
/// reads (.txt, .md, .docx, .odt) under each directory (walked with the `ignore` crate:
/// hidden files are skipped and, inside a git repository, .gitignore is respected),
/// each once, in the order given, directories in name order.
fn collect_files(paths: &[PathBuf], failed: &mut usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut push = |p: PathBuf, files: &mut Vec<PathBuf>| {
        if seen.insert(p.clone()) {
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
            .follow_links(true)
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
                "paraphe: {}: aucun fichier .txt, .md, .docx ou .odt dans ce dossier",
                path.display()
            );
        }
    }
    files
}

fn report_error(path: &Path, message: &str) {
    eprintln!("paraphe: {}: {message}", path.display());
}

/// Loads a file (`-`: standard input).
fn load(path: &Path, encoding: Option<&'static Encoding>) -> Result<Source, String> {
    let loaded = if path == Path::new(STDIN) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(paraphe::source::LoadError::from)
            .and_then(|_| Source::decode_owned(path, bytes, SourceFormat::Text, encoding))
    } else {
        Source::load_with(path, encoding)
    };
    loaded.map_err(|e| e.to_string())
}

/// Whether an output error means the reader went away (`paraphe check … | head`):
/// then paraphe stops quietly.
fn reader_gone(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

/// One file, checked: read whole (its source, tree and findings), or left to be read in
/// segments (a large text file, see [`check_segmented`]), or why it could not be read.
enum Checked {
    Whole(Box<(Source, Document, Vec<Diagnostic>)>),
    Large,
    Failed(String),
}

/// Whether `path` is a large text file, read in segments ([`paraphe::segment`]);
/// standard input is always read whole.
fn is_large(path: &Path) -> bool {
    path != Path::new(STDIN) && Limits::default().applies_to(path)
}

/// Parses and checks one source, adding the time of each phase to `timings`.
fn check_source(
    source: &Source,
    prepared: &Prepared,
    timings: &mut Timings,
) -> (Document, Vec<Diagnostic>) {
    let start = Instant::now();
    let document = parser::parse(source);
    timings.add("parse", start.elapsed());
    let diagnostics = paraphe::check_document_timed(
        source,
        &document,
        &prepared.rules,
        &prepared.settings,
        timings,
    );
    (document, diagnostics)
}

/// Loads, parses and checks one file (run on the thread pool), adding the time of each
/// phase to `timings`. A large text file is left to [`check_segmented`].
fn check_file(path: &Path, prepared: &Prepared, timings: &mut Timings) -> Checked {
    if is_large(path) {
        return Checked::Large;
    }
    let start = Instant::now();
    let source = match load(path, prepared.encoding) {
        Ok(source) => source,
        Err(message) => return Checked::Failed(message),
    };
    timings.add("load", start.elapsed());
    let (document, diagnostics) = check_source(&source, prepared, timings);
    Checked::Whole(Box::new((source, document, diagnostics)))
}

/// Most bytes of text of a large file's segments checked at once, in parallel, then
/// written and dropped (a segment longer than this is checked alone): with the text
/// being cut, and the findings of these segments, what memory holds of such a file.
const SEGMENT_BATCH: usize = 2 << 20;

/// Most segments checked at once: a file of tiny conventions would otherwise hold
/// thousands of trees and their findings at once.
const SEGMENT_BATCH_COUNT: usize = 64;

/// Checks a large text file segment by segment ([`paraphe::segment`]), each as a
/// document of its own, writing the findings of each batch of segments before reading
/// the next. Returns the number of segments checked and the size of the file in bytes,
/// or why the file could not be read
/// (before any finding, or, when it is cut short while read, after the findings of the
/// segments read); the outer error is a write error of the output.
fn check_segmented(
    path: &Path,
    prepared: &Prepared,
    pool: &rayon::ThreadPool,
    report: &mut dyn Renderer,
    counts: &mut Counts,
    timings: &mut Timings,
) -> std::io::Result<Result<(usize, u64), String>> {
    let start = Instant::now();
    let mut segments = match Segments::open(path, prepared.encoding, Limits::default()) {
        Ok(segments) => segments,
        Err(e) => return Ok(Err(e.to_string())),
    };
    timings.add("load", start.elapsed());
    // A segment read that would make the batch too long opens the next one.
    let mut next: Option<Source> = None;
    loop {
        let start = Instant::now();
        let (mut batch, mut error) = (Vec::new(), None);
        batch.extend(next.take());
        let mut bytes: usize = batch.iter().map(|s| s.text().len()).sum();
        while batch.len() < SEGMENT_BATCH_COUNT {
            match segments.next() {
                Some(Ok(source))
                    if !batch.is_empty() && bytes + source.text().len() > SEGMENT_BATCH =>
                {
                    next = Some(source);
                    break;
                }
                Some(Ok(source)) => {
                    bytes += source.text().len();
                    batch.push(source);
                }
                Some(Err(e)) => {
                    error = Some(e.to_string());
                    break;
                }
                None => break,
            }
        }
        timings.add("load", start.elapsed());
        let done = batch.is_empty();
        let results: Vec<(Source, Document, Vec<Diagnostic>, Timings)> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|source| {
                    let mut timings = Timings::default();
                    let (document, diagnostics) = check_source(&source, prepared, &mut timings);
                    (source, document, diagnostics, timings)
                })
                .collect()
        });
        for (source, document, diagnostics, segment_timings) in results {
            timings.merge(&segment_timings);
            let start = Instant::now();
            counts.add(&diagnostics);
            report.file(&source, &document, &diagnostics)?;
            timings.add("render", start.elapsed());
        }
        if let Some(message) = error {
            return Ok(Err(message));
        }
        if done {
            return Ok(Ok((segments.given(), segments.size())));
        }
    }
}

/// What paraphe tells of a large file read in segments, on standard error.
fn segmented_notice(path: &Path, segments: usize, bytes: u64) -> String {
    let mebibytes = bytes as f64 / 1048576.0;
    let size = format!("{mebibytes:.1}").replace('.', ",");
    let limits = Limits::default();
    format!(
        "paraphe: {} : fichier de {size} Mio (plus de {} Mio) lu par segments sans être chargé entier : {}, chacun vérifié comme un document à part (un par convention, coupée au-delà de {} Mio)",
        path.display(),
        limits.large >> 20,
        render::plural(segments, "segment", "segments"),
        limits.segment >> 20,
    )
}

/// The most threads `-j` starts, whatever it asks for.
const MAX_JOBS: usize = 256;

/// How many files are checked between two writes of the output: enough to keep every
/// thread busy, few enough that memory holds only these files' texts.
const BATCH: usize = 32;

fn check(args: CheckArgs) -> Result<ExitCode> {
    let wall = Instant::now();
    let mut timings = Timings::default();
    let mut project = project(&args.rules, Some(&args.input))?;
    project.prefetch_dictionary();
    let mut failed = 0;
    // NO_COLOR counts only when set to a non-empty value (no-color.org).
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && !no_color,
    };
    let mut rule_errors = 0;
    let files = collect_files(&args.paths, &mut failed);
    // Settings are prepared first, in order: each configuration file is read, each
    // rule set built and each dictionary loaded once, and their errors told once.
    let start = Instant::now();
    let mut jobs: Vec<(PathBuf, Arc<Prepared>)> = Vec::with_capacity(files.len());
    let mut refused: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for path in files {
        match prepare(&mut project, &path, &mut rule_errors) {
            Ok(prepared) => jobs.push((path, prepared)),
            Err(e) => {
                failed += 1;
                let message = e.to_string();
                match refused.iter_mut().find(|(m, _)| *m == message) {
                    Some((_, paths)) => paths.push(path),
                    None => refused.push((message, vec![path])),
                }
            }
        }
    }
    timings.add("start-up: rules, settings, dictionary", start.elapsed());
    for (message, paths) in &refused {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "paraphe: {message}\nparaphe: non vérifié{} : {}",
            if paths.len() >= 2 { "s" } else { "" },
            names.join(", ")
        );
    }
    // More threads than files, or than a machine runs at once, only cost memory: `-j`
    // is capped at both (and at MAX_JOBS); 0 means one per processor.
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = args
        .jobs
        .filter(|&n| n > 0)
        .map(|n| n.min(jobs.len().max(1)).min(4 * cpus).min(MAX_JOBS));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()?;
    if args.diff {
        return fixing::diff(&jobs, failed + rule_errors);
    }
    let mut counts = Counts::default();
    let mut checked = 0;
    let stdout = StandardStream::stdout(if color {
        ColorChoice::AlwaysAnsi
    } else {
        ColorChoice::Never
    });
    let described = sarif_rules(&jobs);
    let mut report = match renderer(args.format, stdout, &described) {
        Ok(report) => report,
        Err(e) if reader_gone(&e) => return Ok(exit_code(failed + rule_errors, counts)),
        Err(e) => return Err(e.into()),
    };
    // Files left unchecked by their settings are in the output too (JSON `unread`,
    // SARIF notifications, GitHub errors), not only on standard error.
    for (message, paths) in &refused {
        for path in paths {
            match report.failed(path, message) {
                Err(e) if reader_gone(&e) => return Ok(exit_code(failed + rule_errors, counts)),
                other => other?,
            }
        }
    }
    for batch in jobs.chunks(BATCH) {
        // Fixes are written one file at a time, in order, before the batch is checked
        // (from the files as fixed).
        if args.fix {
            for (path, prepared) in batch {
                fixing::fix(path, prepared, &mut failed);
            }
        }
        // Files are checked in parallel, and written in the order given.
        let results: Vec<(Checked, Timings)> = pool.install(|| {
            batch
                .par_iter()
                .map(|(path, prepared)| {
                    let mut timings = Timings::default();
                    (check_file(path, prepared, &mut timings), timings)
                })
                .collect()
        });
        for ((path, prepared), (result, file_timings)) in batch.iter().zip(results) {
            timings.merge(&file_timings);
            let start = Instant::now();
            let mut large = false;
            let written = match result {
                Checked::Whole(whole) => {
                    let (source, document, diagnostics) = *whole;
                    checked += 1;
                    counts.add(&diagnostics);
                    report.file(&source, &document, &diagnostics)
                }
                // Checked here, on the pool, and written segment by segment, in order:
                // the time of each phase is added inside.
                Checked::Large => {
                    large = true;
                    match check_segmented(
                        path,
                        prepared,
                        &pool,
                        report.as_mut(),
                        &mut counts,
                        &mut timings,
                    ) {
                        Ok(Ok((segments, bytes))) => {
                            checked += 1;
                            eprintln!("{}", segmented_notice(path, segments, bytes));
                            Ok(())
                        }
                        Ok(Err(message)) => {
                            report_error(path, &message);
                            failed += 1;
                            report.failed(path, &message)
                        }
                        Err(e) => Err(e),
                    }
                }
                Checked::Failed(message) => {
                    report_error(path, &message);
                    failed += 1;
                    report.failed(path, &message)
                }
            };
            if !large {
                timings.add("render", start.elapsed());
            }
            match written {
                Err(e) if reader_gone(&e) => return Ok(exit_code(failed + rule_errors, counts)),
                other => other?,
            }
        }
    }
    if args.timings {
        eprint!("{}", timings.report(wall.elapsed()));
    }
    let summary = Summary {
        counts,
        files: checked,
        unread: failed,
        rule_errors,
    };
    match report.finish(&summary) {
        Err(e) if reader_gone(&e) => {}
        other => other?,
    }
    Ok(exit_code(failed + rule_errors, counts))
}

/// The rules a SARIF log describes: those in force for any of the files, each once (the
/// files may have different configurations).
fn sarif_rules(jobs: &[(PathBuf, Arc<Prepared>)]) -> RuleSet {
    let mut union = RuleSet::default();
    let mut seen: HashSet<*const Prepared> = HashSet::new();
    for (_, prepared) in jobs {
        if !seen.insert(Arc::as_ptr(prepared)) {
            continue;
        }
        for rule in prepared.rules.for_profile(prepared.settings.profile) {
            if union.get(&rule.id).is_none() {
                union.rules.push(rule.clone());
            }
        }
    }
    union.rules.sort_by(|a, b| a.id.cmp(&b.id));
    union
}

/// The renderer of `format` on standard output (`human` on `stdout`, coloured or not).
fn renderer(
    format: Format,
    stdout: StandardStream,
    rules: &RuleSet,
) -> std::io::Result<Box<dyn Renderer + '_>> {
    let plain = || std::io::BufWriter::new(std::io::stdout());
    Ok(match format {
        Format::Human => Box::new(render::human::Human::new(stdout)),
        Format::Json => Box::new(render::json::Json::new(plain())?),
        Format::Short => Box::new(render::short::Short::new(plain())),
        Format::Sarif => Box::new(render::sarif::Sarif::new(plain(), rules)?),
        Format::Github => Box::new(render::github::Github::new(plain())),
    })
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

/// `paraphe config PATH`: the resolved settings of a file, as TOML.
fn config(args: ConfigArgs) -> Result<ExitCode> {
    let mut project = project(&args.rules, Some(&args.input))?.without_dictionary();
    let mut failed = 0;
    let prepared =
        prepare(&mut project, &args.path, &mut failed).map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = toml::to_string(&prepared.resolved)?;
    let header = match &prepared.resolved.config {
        Some(_) => format!("# réglages de {}\n", args.path.display()),
        None if args.rules.no_config => format!(
            "# réglages de {} (sans fichier de configuration : --no-config)\n",
            args.path.display()
        ),
        None => format!(
            "# réglages de {} (aucun fichier paraphe.toml trouvé)\n",
            args.path.display()
        ),
    };
    match write!(std::io::stdout().lock(), "{header}{text}") {
        Err(e) if reader_gone(&e) => {}
        other => other?,
    }
    Ok(exit_code(failed, Counts::default()))
}

fn outline(args: OutlineArgs) -> Result<ExitCode> {
    let mut project = project(&args.rules, None)?.without_dictionary();
    let mut failed = 0;
    let encoding = match args.encoding.as_deref() {
        Some(label) => Some(Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            anyhow::anyhow!(
                "encodage inconnu « {label} » (par exemple utf-8, windows-1252, iso-8859-15, utf-16le)"
            )
        })?),
        None => None,
    };
    let mut stdout = std::io::stdout().lock();
    for (i, path) in args.paths.iter().enumerate() {
        let prepared = match prepare(&mut project, path, &mut failed) {
            Ok(prepared) => prepared,
            Err(e) => {
                eprintln!("paraphe: {e}");
                failed += 1;
                continue;
            }
        };
        let encoding = encoding.or(prepared.encoding);
        // A large text file: the outline of each segment, in order.
        let sources: Box<dyn Iterator<Item = Result<Source, String>>> = if is_large(path) {
            match Segments::open(path, encoding, Limits::default()) {
                Ok(segments) => Box::new(segments.map(|s| s.map_err(|e| e.to_string()))),
                Err(e) => Box::new(std::iter::once(Err(e.to_string()))),
            }
        } else {
            Box::new(std::iter::once(load(path, encoding)))
        };
        for (j, source) in sources.enumerate() {
            let source = match source {
                Ok(source) => source,
                Err(message) => {
                    report_error(path, &message);
                    failed += 1;
                    break;
                }
            };
            let document = parser::parse(&source);
            let model = paraphe::select_model(&document, &prepared.rules, &prepared.settings);
            let separator = if i > 0 || j > 0 { "\n" } else { "" };
            let text = render::outline::render(&source, &document, model);
            match write!(stdout, "{separator}{text}") {
                Err(e) if reader_gone(&e) => return Ok(exit_code(failed, Counts::default())),
                other => other?,
            }
        }
    }
    Ok(exit_code(failed, Counts::default()))
}

/// `paraphe rules`: the rules in force for the current directory's configuration.
fn rules(args: RuleArgs) -> Result<ExitCode> {
    let mut project = project(&args, None)?.without_dictionary();
    let mut failed = 0;
    let prepared =
        prepare(&mut project, Path::new("."), &mut failed).map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = render::rules::list(&prepared.rules, prepared.settings.profile);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if reader_gone(&e) => {}
        other => other?,
    }
    Ok(exit_code(failed, Counts::default()))
}

/// `paraphe explain RULE|GROUP`; an unknown name is a usage error (exit 2), with the
/// nearest name when one is close.
fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let mut project = project(&args.rules, None)?.without_dictionary();
    let mut failed = 0;
    let prepared =
        prepare(&mut project, Path::new("."), &mut failed).map_err(|e| anyhow::anyhow!("{e}"))?;
    // Explained even when left out here (`--ignore`, `select` in paraphe.toml).
    let text = match render::rules::explain_name(&prepared.catalogue, &args.name) {
        Ok(text) => text,
        Err(unknown) => {
            eprintln!("paraphe: {unknown}");
            return Ok(ExitCode::from(2));
        }
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if reader_gone(&e) => {}
        other => other?,
    }
    Ok(exit_code(failed, Counts::default()))
}
