//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// paraphe — relecture des conventions entre personnes publiques avant signature.
#[derive(Debug, Parser)]
#[command(name = "paraphe", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check conventions (.txt, .md, .docx, .odt; directories are walked) and report findings.
    Check(CheckArgs),
    /// Show how a convention was read: title, parties, recitals, articles, signature.
    Outline(OutlineArgs),
    /// List the rules in force (id, group, severity, what each checks).
    Rules(RuleArgs),
    /// Print the settings a file is checked with: the configuration file found, the
    /// overrides that apply, the command line, and the rules in force.
    Config(ConfigArgs),
    /// Explain a rule (what it checks, why, examples), or list the rules of a group.
    Explain(ExplainArgs),
}

/// Arguments of `paraphe explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule id (`placeholder`) or a group (`typography`).
    #[arg(value_name = "RULE|GROUP")]
    pub name: String,
    /// Rules and model.
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Options shared by every subcommand that loads rules.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// Extra rule file or directory of rule files (TOML), added to the built-in rules.
    /// Repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Document model: `auto` (chosen by the document's title), `none`, or a model id.
    #[arg(long, value_name = "auto|none|ID")]
    pub model: Option<String>,
    /// Leave out a rule, or a group of rules (`typography`). Repeatable.
    #[arg(long, value_name = "RULE|GROUP")]
    pub ignore: Vec<String>,
    /// Check only these rules or groups of rules. Repeatable.
    #[arg(long, value_name = "RULE|GROUP")]
    pub select: Vec<String>,
    /// Use this configuration file for every file, instead of the `paraphe.toml` or
    /// `.paraphe.toml` found from each file's directory upwards.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no configuration file: built-in defaults and the command line only.
    #[arg(long)]
    pub no_config: bool,
    /// What the documents are: `signature` (a convention to sign: every field left is
    /// an error; the default) or `template` (fields expected, checked against the
    /// document model).
    #[arg(long, value_enum, value_name = "signature|template")]
    pub profile: Option<ProfileArg>,
}

/// Options of the files read and the spelling check.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Read the files in this encoding instead of detecting it (`utf-8`,
    /// `windows-1252`, `iso-8859-15`, `utf-16le`, … : WHATWG labels).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Hunspell dictionary for the spelling check (`.dic` file, or its name without
    /// extension); by default the French dictionary installed (hunspell-fr).
    #[arg(long, value_name = "PATH")]
    pub dictionary: Option<PathBuf>,
    /// File of words the spelling check accepts (one per line, `#` comments).
    /// Repeatable.
    #[arg(long, value_name = "FILE")]
    pub words: Vec<PathBuf>,
}

/// Arguments of `paraphe config`.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// The file (or directory) whose settings to print.
    #[arg(value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
    /// Files read and spelling check.
    #[command(flatten)]
    pub input: InputArgs,
    /// Rules and model.
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// `--profile`: mirrors [`paraphe::Profile`] for clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// A convention about to be signed.
    Signature,
    /// A template, its fields expected.
    Template,
}

impl From<ProfileArg> for paraphe::Profile {
    fn from(p: ProfileArg) -> paraphe::Profile {
        match p {
            ProfileArg::Signature => paraphe::Profile::Signature,
            ProfileArg::Template => paraphe::Profile::Template,
        }
    }
}

/// Arguments of `paraphe check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads standard input).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Number of files checked at once (default, or 0: one per processor; at most the
    /// number of files and four per processor). The output is in the same order
    /// whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Print to standard error the time spent per phase (start-up, loading, parsing,
    /// each rule, output) and in all.
    #[arg(long)]
    pub timings: bool,
    /// Files read and spelling check.
    #[command(flatten)]
    pub input: InputArgs,
    /// Apply the safe fixes (typos of the list, accents on capitals) to .txt and .md
    /// files, in place, then report what remains. Word and OpenDocument files are never
    /// written.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Show the safe fixes as a unified diff instead of the findings, without writing;
    /// exits with 1 when there is something to fix.
    #[arg(long, conflicts_with = "format")]
    pub diff: bool,
    /// Rules and model.
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Arguments of `paraphe outline`.
#[derive(Debug, clap::Args)]
pub struct OutlineArgs {
    /// Files to outline.
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Read the files in this encoding instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Rules and model (the model is shown in the outline).
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Output formats of `paraphe check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with the text underlined, for a person.
    Human,
    /// One JSON object (`version`, `findings`, `summary`), for programs.
    Json,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Short,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`): annotations.
    Github,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
