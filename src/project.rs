//! The settings of each checked file: the configuration file that governs it
//! ([`config`](crate::config)), merged with the command line, turned into the rules,
//! dictionary and word lists of a run.
//!
//! A [`Project`] does the expensive work once per process: the built-in rule files are
//! parsed once, each configuration file is read once, each distinct combination of
//! settings gets its [`RuleSet`] (regular expressions compiled) once, and each
//! dictionary is loaded once, only when a rule in force uses it. Files that share their
//! settings share one [`Prepared`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::Encoding;
use serde::Serialize;

use crate::config::{Config, ConfigError, Options};
use crate::dictionary::{Dictionary, DictionaryError, WordList};
use crate::rule::RuleSet;
use crate::{ModelChoice, Profile, Settings};

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The `paraphe.toml` or `.paraphe.toml` found from each file upwards.
    Discover,
    /// This file, for every checked file (`--config`).
    File(PathBuf),
    /// None: built-in defaults and the command line only (`--no-config`).
    Ignore,
}

/// Everything a file is checked with.
#[derive(Debug)]
pub struct Prepared {
    /// The settings as resolved (configuration, overrides, then command line).
    pub resolved: Resolved,
    /// The rules in force.
    pub rules: RuleSet,
    /// Every rule known, before `select` and `ignore` left some out (for `paraphe
    /// explain`): the built-in ones and those of the extra rule files.
    pub catalogue: RuleSet,
    /// Model, dictionary and word lists.
    pub settings: Settings,
    /// The encoding forced for text files, if any.
    pub encoding: Option<&'static Encoding>,
}

/// The resolved settings of one file, as `paraphe config` prints them (TOML).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resolved {
    /// The configuration file used, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<PathBuf>,
    /// The globs of the `[[overrides]]` tables that apply, one string per table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// The merged settings, defaults filled in.
    #[serde(flatten)]
    pub options: Options,
    /// The ids of the rules in force, sorted.
    pub rules_in_force: Vec<String>,
}

/// A problem that stops a file from being checked, or a note to show once.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProjectError {
    /// The configuration file is invalid or unreadable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A setting names something that does not exist (a rule, a model, an encoding).
    #[error("{origin}{message}")]
    Setting {
        /// `path: ` of the configuration file the setting may come from, or empty.
        origin: String,
        /// What is wrong, in French.
        message: String,
    },
    /// A word list or dictionary could not be read.
    #[error("{0}")]
    Resource(String),
}

/// Messages a [`Project`] produced while preparing, to show once each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Something failed (a rule file in error, left out): the run exits with 2.
    Failure(String),
    /// Something to know (no dictionary found: the spelling check is reduced).
    Warning(String),
}

/// What [`Project::options_for`] finds for a file.
struct Resolution {
    options: Options,
    config: Option<Arc<Config>>,
    overrides: Vec<String>,
}

/// The settings of a run: configuration files found and prepared rule sets, cached.
pub struct Project {
    choice: ConfigChoice,
    command_line: Options,
    /// The built-in rules, parsed when the first file is prepared.
    embedded: Option<RuleSet>,
    configs: HashMap<PathBuf, Result<Option<Arc<Config>>, ConfigError>>,
    prepared: HashMap<String, Result<Arc<Prepared>, ProjectError>>,
    dictionaries: HashMap<Option<PathBuf>, Result<Option<Arc<Dictionary>>, String>>,
    prefetch: Option<(Option<PathBuf>, Prefetch)>,
    load_dictionary: bool,
    notices: Vec<Notice>,
}

/// A dictionary being loaded on another thread.
type Prefetch = std::thread::JoinHandle<Result<Option<Dictionary>, DictionaryError>>;

impl Project {
    /// A project reading its configuration as `choice` says, with the command line's
    /// `command_line` settings applied last. Nothing is read yet: the built-in rules
    /// are parsed when the first file is prepared (an invalid one, which the test suite
    /// rules out, is then a [`ProjectError::Resource`]).
    pub fn new(choice: ConfigChoice, command_line: Options) -> Project {
        Project {
            choice,
            command_line,
            embedded: None,
            configs: HashMap::new(),
            prepared: HashMap::new(),
            dictionaries: HashMap::new(),
            prefetch: None,
            load_dictionary: true,
            notices: Vec::new(),
        }
    }

    /// A project that never loads a dictionary, for the commands that check nothing
    /// (`rules`, `explain`, `config`, `outline`): their [`Prepared`] has none.
    pub fn without_dictionary(mut self) -> Project {
        self.load_dictionary = false;
        self
    }

    /// Starts loading, on another thread, the dictionary the command line names (or
    /// the one installed), while the rules are prepared and the files read: loading it
    /// is the longest part of paraphe's start-up. Unused if no rule in force needs it,
    /// or if a configuration file names another one.
    pub fn prefetch_dictionary(&mut self) {
        let wanted = self.command_line.dictionary.clone();
        let path = wanted.clone();
        let handle = std::thread::spawn(move || match path {
            Some(p) => Dictionary::load(&p).map(Some),
            None => Dictionary::find(),
        });
        self.prefetch = Some((wanted, handle));
    }

    /// The messages produced since the last call, each once per run.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The configuration that governs `file` (cached by directory).
    ///
    /// # Errors
    /// A [`ConfigError`] when that configuration is invalid.
    pub fn config_for(&mut self, file: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        let path = match &self.choice {
            ConfigChoice::Ignore => return Ok(None),
            ConfigChoice::File(path) => path.clone(),
            ConfigChoice::Discover => match Config::locate(file) {
                Some(path) => path,
                None => return Ok(None),
            },
        };
        self.configs
            .entry(path.clone())
            .or_insert_with(|| Config::load(&path).map(|c| Some(Arc::new(c))))
            .clone()
    }

    /// The resolved settings for `file`: its configuration's top level, the overrides
    /// that match it (their globs), then the command line; with the configuration.
    fn options_for(&mut self, file: &Path) -> Result<Resolution, ConfigError> {
        let config = self.config_for(file)?;
        let (mut options, applied) = match &config {
            Some(c) => {
                let (options, applied) = c.options_for(file);
                let globs = applied.iter().map(|&i| c.overrides[i].files.join(", "));
                (options, globs.collect())
            }
            None => (Options::default(), Vec::new()),
        };
        options.merge(&self.command_line);
        options.profile.get_or_insert_with(|| "signature".into());
        options.model.get_or_insert_with(|| "auto".into());
        Ok(Resolution {
            options,
            config,
            overrides: applied,
        })
    }

    /// Everything `file` is checked with (cached by resolved settings).
    ///
    /// # Errors
    /// A [`ProjectError`] when its configuration is invalid, a setting names an unknown
    /// rule, group, model or encoding, or a word list or the dictionary named cannot be
    /// read.
    pub fn prepare(&mut self, file: &Path) -> Result<Arc<Prepared>, ProjectError> {
        let Resolution {
            options,
            config,
            overrides,
        } = self.options_for(file)?;
        let config_path = config.as_ref().map(|c| c.path.clone());
        let key = serde_json::to_string(&(&config_path, &options)).unwrap_or_default();
        if let Some(done) = self.prepared.get(&key) {
            return done.clone();
        }
        let result = self
            .build(options, config_path.clone(), overrides)
            .map(Arc::new);
        self.prepared.insert(key, result.clone());
        result
    }

    fn build(
        &mut self,
        options: Options,
        config: Option<PathBuf>,
        overrides: Vec<String>,
    ) -> Result<Prepared, ProjectError> {
        let origin = config
            .as_ref()
            .map(|p| format!("{}: ", p.display()))
            .unwrap_or_default();
        let setting = |message: String| ProjectError::Setting {
            origin: origin.clone(),
            message,
        };
        let embedded = match &self.embedded {
            Some(set) => set,
            None => {
                let set = RuleSet::embedded()
                    .map_err(|e| ProjectError::Resource(format!("règles intégrées : {e}")))?;
                self.embedded.insert(set)
            }
        };
        let mut rules = embedded.clone();
        for path in &options.rules {
            for error in rules.add_path(path) {
                self.notices.push(Notice::Failure(error.to_string()));
            }
        }
        let model = match options.model.as_deref().unwrap_or("auto") {
            "auto" => ModelChoice::Auto,
            "none" => ModelChoice::None,
            id => {
                if !rules.models.iter().any(|m| m.id == id) {
                    let known: Vec<&str> = rules.models.iter().map(|m| m.id.as_str()).collect();
                    return Err(setting(format!(
                        "modèle inconnu « {id} » (modèles : {})",
                        known.join(", ")
                    )));
                }
                ModelChoice::Named(id.to_string())
            }
        };
        let catalogue = rules.clone();
        // Every name is checked against all the rules, before any is left out: ignoring
        // a rule that `select` already left out is not an error.
        for (name, severity) in &options.severity {
            rules.set_severity(name, *severity).map_err(setting)?;
        }
        rules.check_names(&options.ignore).map_err(setting)?;
        if let Some(select) = &options.select {
            rules.select(select).map_err(setting)?;
        }
        rules.rules.retain(|r| !r.named_in(&options.ignore));
        let encoding = options
            .encoding
            .as_deref()
            .map(|label| {
                Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                    setting(format!(
                        "encodage inconnu « {label} » (par exemple utf-8, windows-1252, \
                         iso-8859-15, utf-16le)"
                    ))
                })
            })
            .transpose()?;
        let mut words = WordList::default();
        for word in &options.words {
            words.add(word);
        }
        for path in &options.word_files {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ProjectError::Resource(format!("{}: liste de mots illisible ({e})", path.display()))
            })?;
            words.add_text(&text);
        }
        let dictionary = if rules.uses_dictionary() && self.load_dictionary {
            self.dictionary(options.dictionary.clone())
                .map_err(ProjectError::Resource)?
        } else {
            None
        };
        // Validated when the configuration was read, or by clap.
        let profile: Profile = options
            .profile
            .as_deref()
            .unwrap_or("signature")
            .parse()
            .map_err(|e: crate::profile::UnknownProfile| setting(e.to_string()))?;
        let mut rules_in_force: Vec<String> =
            rules.for_profile(profile).map(|r| r.id.clone()).collect();
        rules_in_force.sort();
        if rules_in_force.is_empty() {
            self.notices.push(Notice::Warning(format!(
                "{origin}aucune règle en vigueur (select, ignore et profil les écartent \
                 toutes) : rien n'est vérifié"
            )));
        }
        Ok(Prepared {
            resolved: Resolved {
                config,
                overrides,
                options,
                rules_in_force,
            },
            rules,
            catalogue,
            settings: Settings {
                model,
                profile,
                dictionary,
                words: Arc::new(words),
            },
            encoding,
        })
    }

    /// The dictionary at `path`, or the one installed (`None`), loaded once. A
    /// dictionary named that cannot be loaded is an error; when none is installed, a
    /// warning says once what the spelling check skips.
    fn dictionary(&mut self, path: Option<PathBuf>) -> Result<Option<Arc<Dictionary>>, String> {
        if let Some(done) = self.dictionaries.get(&path) {
            return done.clone();
        }
        let prefetched = match self.prefetch.take() {
            Some((wanted, handle)) if wanted == path => handle.join().ok(),
            other => {
                self.prefetch = other;
                None
            }
        };
        let load = |path: &Option<PathBuf>| match path {
            Some(p) => Dictionary::load(p).map(Some),
            None => Dictionary::find(),
        };
        let loaded = prefetched.unwrap_or_else(|| load(&path));
        let result = match &path {
            Some(_) => loaded.map(|d| d.map(Arc::new)).map_err(|e| e.to_string()),
            None => {
                let found = loaded.unwrap_or_else(|e| {
                    self.notices.push(Notice::Warning(e.to_string()));
                    None
                });
                if found.is_none() {
                    self.notices.push(Notice::Warning(
                        "aucun dictionnaire Hunspell français trouvé : vérification \
                         orthographique sautée, sauf les sigles et les capitales comparés \
                         aux mots du document (installer hunspell-fr, ou donner --dictionary)"
                            .into(),
                    ));
                }
                Ok(found.map(Arc::new))
            }
        };
        self.dictionaries.insert(path, result.clone());
        result
    }
}
