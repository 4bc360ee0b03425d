//! The project configuration file, `paraphe.toml` (or `.paraphe.toml`).
//!
//! Like typos and ruff, paraphe looks for it from the directory of each checked file up
//! to the root of the file system, and uses the first one found: a template repository
//! keeps one at its root, a folder of signed conventions can have its own. Within one
//! directory `paraphe.toml` is used before `.paraphe.toml`.
//!
//! The file is strict: an unknown key or a bad value is a [`ConfigError`] that names the
//! file, the 1-based line and column, and what is wrong.
//!
//! ```toml
//! profile = "template"            # signature (default) | template
//! model = "auto"                  # auto | none | a model id
//! rules = ["regles"]              # extra rule files or directories
//! ignore = ["typography"]         # rules or groups left out
//! select = ["placeholder"]        # only these rules or groups (default: all)
//! words = ["ApproprIAtion"]       # words the spelling check accepts
//! word-files = ["mots.txt"]       # files of such words, one per line
//! dictionary = "dicos/fr.dic"     # Hunspell dictionary
//! encoding = "windows-1252"       # encoding of the text files
//!
//! [severity]                      # severity overrides, by rule id
//! nbsp-missing = "info"
//!
//! [[overrides]]                   # settings for some paths only
//! files = ["signees/**"]          # globs, relative to the configuration's directory
//! profile = "signature"
//! ```
//!
//! Paths in the file are relative to the directory that holds it. Settings combine in
//! this order, each overriding or extending the one before: built-in defaults, the
//! file's top level, each `[[overrides]]` whose globs match the checked file (in the
//! order written), then the command line. `profile`, `model`, `select`, `dictionary`
//! and `encoding` replace; `rules`, `ignore`, `words` and `word-files` add; `severity`
//! merges rule by rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::rule::{Severity, key_line_offset, key_offset, line_column};

/// The names paraphe looks for, in this order, in each directory.
pub const FILE_NAMES: [&str; 2] = ["paraphe.toml", ".paraphe.toml"];

/// Settings a configuration file (top level or `[[overrides]]`) or the command line can
/// give. `None` (or an empty list) leaves the setting as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// `signature` (every field left is an error) or `template` (fields are expected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// `auto`, `none` or a model id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Extra rule files or directories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<PathBuf>,
    /// Only these rules or groups are in force, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// Rules or groups left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Severity overrides, by rule id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
    /// Words the spelling check accepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Files of words the spelling check accepts (one per line, `#` comments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub word_files: Vec<PathBuf>,
    /// The Hunspell dictionary (`.dic` file, or its name without extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dictionary: Option<PathBuf>,
    /// The encoding of text files (a WHATWG label), instead of detecting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl Options {
    /// Applies `later` over `self`: scalars and `select` replace, lists add, `severity`
    /// merges rule by rule.
    pub fn merge(&mut self, later: &Options) {
        let replace = |mine: &mut Option<String>, theirs: &Option<String>| {
            if theirs.is_some() {
                mine.clone_from(theirs);
            }
        };
        replace(&mut self.profile, &later.profile);
        replace(&mut self.model, &later.model);
        replace(&mut self.encoding, &later.encoding);
        if later.select.is_some() {
            self.select.clone_from(&later.select);
        }
        if later.dictionary.is_some() {
            self.dictionary.clone_from(&later.dictionary);
        }
        self.rules.extend(later.rules.iter().cloned());
        self.ignore.extend(later.ignore.iter().cloned());
        self.words.extend(later.words.iter().cloned());
        self.word_files.extend(later.word_files.iter().cloned());
        self.severity
            .extend(later.severity.iter().map(|(k, v)| (k.clone(), *v)));
    }

    /// Makes the relative paths absolute against `dir` (the configuration's directory).
    fn anchor(&mut self, dir: &Path) {
        for path in self
            .rules
            .iter_mut()
            .chain(self.word_files.iter_mut())
            .chain(self.dictionary.iter_mut())
        {
            if path.is_relative() {
                *path = dir.join(&*path);
            }
        }
    }

    /// Checks what serde cannot: the profile's name.
    fn validate(&self) -> Result<(), String> {
        match &self.profile {
            Some(p) if p.parse::<crate::Profile>().is_err() => {
                let known: Vec<&str> = crate::Profile::ALL.iter().map(|p| p.as_str()).collect();
                Err(format!(
                    "profil inconnu « {p} » (profils : {})",
                    known.join(", ")
                ))
            }
            _ => Ok(()),
        }
    }
}

/// A table as written: the keys of [`Options`] (the same list, with serde's defaults)
/// and its own keys before (`..`) and after them, in the order serde lists the keys it
/// expects; and the [`Options`] it gives. One list, so that the top level and
/// `[[overrides]]` cannot drift apart; not `#[serde(flatten)]`, which cannot refuse
/// unknown keys.
macro_rules! raw_table {
    (
        $(#[$doc:meta])* $name:ident {
            $($(#[$first_attr:meta])* $first:ident : $first_ty:ty,)*
            ..
            $($(#[$last_attr:meta])* $last:ident : $last_ty:ty,)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        struct $name {
            $($(#[$first_attr])* $first: $first_ty,)*
            #[serde(default)]
            profile: Option<String>,
            #[serde(default)]
            model: Option<String>,
            #[serde(default)]
            rules: Vec<PathBuf>,
            #[serde(default)]
            select: Option<Vec<String>>,
            #[serde(default)]
            ignore: Vec<String>,
            #[serde(default)]
            severity: BTreeMap<String, Severity>,
            #[serde(default)]
            words: Vec<String>,
            #[serde(default)]
            word_files: Vec<PathBuf>,
            #[serde(default)]
            dictionary: Option<PathBuf>,
            #[serde(default)]
            encoding: Option<String>,
            $($(#[$last_attr])* $last: $last_ty,)*
        }

        impl $name {
            /// Its options, taken out.
            fn take_options(&mut self) -> Options {
                Options {
                    profile: self.profile.take(),
                    model: self.model.take(),
                    rules: std::mem::take(&mut self.rules),
                    select: self.select.take(),
                    ignore: std::mem::take(&mut self.ignore),
                    severity: std::mem::take(&mut self.severity),
                    words: std::mem::take(&mut self.words),
                    word_files: std::mem::take(&mut self.word_files),
                    dictionary: self.dictionary.take(),
                    encoding: self.encoding.take(),
                }
            }
        }
    };
}

raw_table!(
    /// One `[[overrides]]` table as written.
    RawOverride {
        files: Vec<String>,
        ..
    }
);

raw_table!(
    /// The file as written: the top-level options, then the overrides.
    RawConfig {
        ..
        #[serde(default)]
        overrides: Vec<RawOverride>,
    }
);

/// One `[[overrides]]` table: settings for the files its globs match.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written (relative to the configuration's directory).
    pub files: Vec<String>,
    globs: GlobSet,
    /// The settings it gives.
    pub options: Options,
}

/// A configuration file, read.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its directory, against which paths and globs are read.
    pub dir: PathBuf,
    /// The top-level settings.
    pub options: Options,
    /// The `[[overrides]]` tables, in the order written.
    pub overrides: Vec<Override>,
}

/// A problem with a configuration file.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: fichier de configuration illisible : {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: String,
    },
    /// The file is not valid TOML, has an unknown key or a bad value.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (characters) of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl ConfigError {
    fn invalid(path: &Path, text: &str, offset: usize, message: String) -> ConfigError {
        let (line, column) = line_column(text, offset);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

impl Config {
    /// Reads a configuration file.
    ///
    /// # Errors
    /// [`ConfigError::Io`] when it cannot be read, [`ConfigError::Invalid`] (with line
    /// and column) for bad TOML, an unknown key, a bad value, an unknown profile or a
    /// bad glob.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
            path: path.to_path_buf(),
            error: e.to_string(),
        })?;
        Config::parse(path, &text)
    }

    /// Reads a configuration from its text; `path` names it in errors and anchors its
    /// relative paths.
    ///
    /// # Errors
    /// As [`Config::load`], but for reading.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().to_string();
            ConfigError::invalid(path, text, key_offset(text, offset, &message), message)
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let mut options = raw.take_options();
        options.validate().map_err(|m| {
            let offset = key_line_offset(text, "profile", 0).unwrap_or(0);
            ConfigError::invalid(path, text, offset, m)
        })?;
        options.anchor(&dir);
        let mut overrides = Vec::new();
        for (i, mut raw) in raw.overrides.into_iter().enumerate() {
            let mut options = raw.take_options();
            let files = raw.files;
            let table = nth_override_offset(text, i);
            let error = |m: String, key: &str| {
                let offset = key_line_offset(&text[table..], key, 0).map_or(table, |o| table + o);
                ConfigError::invalid(path, text, offset, m)
            };
            options.validate().map_err(|m| error(m, "profile"))?;
            if files.is_empty() {
                return Err(error(
                    "`files` est vide : donner au moins un motif (« modeles/** »)".into(),
                    "files",
                ));
            }
            let mut builder = GlobSetBuilder::new();
            for glob in &files {
                // As in .gitignore: `*` stays within a directory, `**` crosses them;
                // `./a/**` is `a/**`.
                let written = glob.strip_prefix("./").unwrap_or(glob);
                let glob = GlobBuilder::new(written)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| error(format!("motif invalide : {e}"), "files"))?;
                builder.add(glob);
            }
            let globs = builder
                .build()
                .map_err(|e| error(format!("motif invalide : {e}"), "files"))?;
            options.anchor(&dir);
            overrides.push(Override {
                files,
                globs,
                options,
            });
        }
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            options,
            overrides,
        })
    }

    /// The configuration that governs `file`: the first `paraphe.toml` or
    /// `.paraphe.toml` found from the file's directory upwards (for a directory, from
    /// the directory itself). `Ok(None)` when there is none.
    ///
    /// # Errors
    /// A [`ConfigError`] when the file found cannot be read or is invalid.
    pub fn find(file: &Path) -> Result<Option<Config>, ConfigError> {
        match Config::locate(file) {
            Some(path) => Config::load(&path).map(Some),
            None => Ok(None),
        }
    }

    /// The path of the configuration file that governs `file`, if any (see
    /// [`Config::find`]).
    pub fn locate(file: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(file).ok()?;
        let dir = if absolute.is_dir() {
            absolute.as_path()
        } else {
            absolute.parent()?
        };
        // `sub/signees/../convention.txt` is in `sub`, whatever the path says.
        let real = std::fs::canonicalize(dir).ok();
        let start = real.as_deref().unwrap_or(dir);
        start.ancestors().find_map(|dir| {
            FILE_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|p| p.is_file())
        })
    }

    /// The settings for `file`: the top level, then each override whose globs match
    /// the file's path relative to the configuration's directory, in order.
    pub fn options_for(&self, file: &Path) -> (Options, Vec<usize>) {
        let mut options = self.options.clone();
        let mut applied = Vec::new();
        let relative = relative_to(file, &self.dir);
        for (i, o) in self.overrides.iter().enumerate() {
            if o.globs.is_match(&relative) {
                options.merge(&o.options);
                applied.push(i);
            }
        }
        (options, applied)
    }
}

/// `file` relative to `dir`, both made absolute; `file` itself when it is elsewhere.
fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    let (Ok(file), Ok(dir)) = (std::path::absolute(file), std::path::absolute(dir)) else {
        return file.to_path_buf();
    };
    // Both as the file system has them (`..` and links resolved), when they exist.
    let real = |p: PathBuf| match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|d| d.join(name))
            .unwrap_or(p),
        _ => p,
    };
    let (file, dir) = (real(file), std::fs::canonicalize(&dir).unwrap_or(dir));
    let dir: PathBuf = dir.components().filter(|c| c.as_os_str() != ".").collect();
    let file: PathBuf = file.components().filter(|c| c.as_os_str() != ".").collect();
    file.strip_prefix(&dir)
        .map(Path::to_path_buf)
        .unwrap_or(file)
}

/// The offset of the `n`th `[[overrides]]` header (0-based), or the end of the text.
fn nth_override_offset(text: &str, n: usize) -> usize {
    let mut at = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("[[overrides]]") {
            if seen == n {
                return at;
            }
            seen += 1;
        }
        at += line.len();
    }
    0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/projet/paraphe.toml"), text)
    }

    #[test]
    fn unknown_keys_are_errors_with_line_and_column() {
        let e = parse("profile = \"template\"\n  profil = \"x\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/projet/paraphe.toml:2:3: unknown field `profil`, expected one of `profile`, \
             `model`, `rules`, `select`, `ignore`, `severity`, `words`, `word-files`, \
             `dictionary`, `encoding`, `overrides`"
        );
        let e = parse("[[overrides]]\nfiles = [\"a/**\"]\n\n[[overrides]]\nfiles = [\"b\"]\nprofil = \"template\"\n")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/projet/paraphe.toml:6:1: unknown field `profil`"),
            "{e}"
        );
        let e = parse("[severity]\ntypo = \"grave\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/projet/paraphe.toml:2:8: unknown variant `grave`"),
            "{e}"
        );
        let e = parse("[[overrides]]\nfiles = [\"a/**\"]\nprofile = \"brouillon\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/projet/paraphe.toml:3:1: profil inconnu « brouillon »"),
            "{e}"
        );
        let e = parse("[[overrides]]\nfiles = [\"a/[\"]\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/projet/paraphe.toml:2:1: motif invalide"),
            "{e}"
        );
    }

    #[test]
    fn overrides_apply_in_order_to_matching_paths() {
        let config = parse(
            "profile = \"signature\"\nignore = [\"typography\"]\nrules = [\"regles\"]\n\
             [severity]\ntypo = \"warning\"\n\
             [[overrides]]\nfiles = [\"modeles/**\"]\nprofile = \"template\"\nignore = [\"spelling\"]\n\
             [[overrides]]\nfiles = [\"**/*.md\"]\n[overrides.severity]\ntypo = \"info\"\n",
        )
        .unwrap();
        let (o, applied) = config.options_for(Path::new("/projet/modeles/a/convention.md"));
        assert_eq!(applied, [0, 1]);
        assert_eq!(o.profile.as_deref(), Some("template"));
        assert_eq!(o.ignore, ["typography", "spelling"]);
        assert_eq!(o.severity["typo"], Severity::Info);
        assert_eq!(o.rules, [PathBuf::from("/projet/regles")]);
        let (o, applied) = config.options_for(Path::new("/projet/signees/convention.txt"));
        assert!(applied.is_empty());
        assert_eq!(o.profile.as_deref(), Some("signature"));
        assert_eq!(o.severity["typo"], Severity::Warning);
    }
}
