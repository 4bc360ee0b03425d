//! The French Hunspell dictionary (read with the spellbook crate) and the project's own
//! word list.
//!
//! Where a dictionary is looked for, in order: `--dictionary PATH`, then the
//! `PARAPHE_DICTIONARY` environment variable (a dictionary), then the directories of
//! `DICPATH` (Hunspell's own variable, `:`-separated) or, without it, the usual places of
//! Debian's and LibreOffice's packages (`/usr/share/hunspell`, `/usr/share/myspell`,
//! `/usr/local/share/hunspell`), trying the names that accept both traditional and
//! 1990-reform spellings first (`fr-toutesvariantes`, Debian's `fr` from
//! hunspell-fr-comprehensive), then `fr_FR`, `fr-moderne`, `fr-classique`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// Dictionary names tried in each directory, best first.
const NAMES: [&str; 7] = [
    "fr-toutesvariantes",
    "fr",
    "fr_FR",
    "fr-moderne",
    "fr-reforme1990",
    "fr-classique",
    "fr_FR-classique",
];

/// Directories searched for a dictionary.
const DIRECTORIES: [&str; 4] = [
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
];

/// Why a dictionary could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// A file of the dictionary could not be read.
    #[error("{path} : lecture impossible ({source})")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The files are not a Hunspell dictionary spellbook can read.
    #[error("{path} : dictionnaire Hunspell illisible ({message})")]
    Invalid {
        /// The .dic file.
        path: PathBuf,
        /// What spellbook said.
        message: String,
    },
}

/// A loaded Hunspell dictionary.
///
/// Its answers are remembered for the whole run, shared by the threads: conventions of
/// one family use the same words, so after the first file most lookups are a hash
/// lookup. At most [`MEMO_LIMIT`] words and [`MEMO_LIMIT`]` / 16` suggestion lists are
/// remembered, so that a huge file of distinct words does not grow memory without
/// bound.
pub struct Dictionary {
    inner: spellbook::Dictionary,
    path: PathBuf,
    checked: RwLock<HashMap<String, bool>>,
    suggested: RwLock<HashMap<String, Vec<String>>>,
}

/// How many words a [`Dictionary`] remembers the answer for.
pub const MEMO_LIMIT: usize = 200_000;

/// `map[key]`, or `compute()` remembered under `key` while the map holds fewer than
/// `limit` entries. A poisoned lock (a panicking thread) only disables remembering.
fn memo<V: Clone>(
    map: &RwLock<HashMap<String, V>>,
    key: &str,
    limit: usize,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = map.read().ok().and_then(|m| m.get(key).cloned()) {
        return v;
    }
    let v = compute();
    if let Ok(mut m) = map.write()
        && m.len() < limit
    {
        m.insert(key.to_string(), v.clone());
    }
    v
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Dictionary {
    /// Loads the dictionary `path`: a `.dic` or `.aff` file, or the common name of both
    /// (`/usr/share/hunspell/fr_FR`). The two files must be UTF-8 (`SET UTF-8`, as every
    /// current French dictionary is).
    ///
    /// # Errors
    /// [`DictionaryError`] when a file is missing, unreadable or not a dictionary.
    pub fn load(path: &Path) -> Result<Dictionary, DictionaryError> {
        let stem = match path.extension().and_then(|e| e.to_str()) {
            Some("dic" | "aff") => path.with_extension(""),
            _ => path.to_path_buf(),
        };
        let with = |ext: &str| {
            let mut p = stem.clone().into_os_string();
            p.push(".");
            p.push(ext);
            PathBuf::from(p)
        };
        let (aff_path, dic_path) = (with("aff"), with("dic"));
        let read = |p: &Path| {
            std::fs::read(p)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|source| DictionaryError::Io {
                    path: p.to_path_buf(),
                    source,
                })
        };
        let aff = read(&aff_path)?;
        let dic = read(&dic_path)?;
        let inner =
            spellbook::Dictionary::new(&aff, &dic).map_err(|e| DictionaryError::Invalid {
                path: dic_path.clone(),
                message: e.to_string(),
            })?;
        Ok(Dictionary {
            inner,
            path: dic_path,
            checked: RwLock::default(),
            suggested: RwLock::default(),
        })
    }

    /// The first French dictionary found in the usual places (see the module
    /// documentation), or `None`.
    ///
    /// # Errors
    /// [`DictionaryError`] when a dictionary is found but cannot be read.
    pub fn find() -> Result<Option<Dictionary>, DictionaryError> {
        if let Some(path) = std::env::var_os("PARAPHE_DICTIONARY") {
            return Dictionary::load(Path::new(&path)).map(Some);
        }
        let dirs: Vec<PathBuf> = match std::env::var_os("DICPATH") {
            Some(list) => std::env::split_paths(&list).collect(),
            None => DIRECTORIES.iter().map(PathBuf::from).collect(),
        };
        for dir in &dirs {
            for name in NAMES {
                let dic = Path::new(dir).join(format!("{name}.dic"));
                if dic.is_file() && dic.with_extension("aff").is_file() {
                    return Dictionary::load(&dic).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// The `.dic` file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether `word` is correct (Hunspell's rules: a capitalised or all-capitals form of
    /// a lowercase word is accepted, elisions are known to the French dictionaries).
    pub fn check(&self, word: &str) -> bool {
        memo(&self.checked, word, MEMO_LIMIT, || self.inner.check(word))
    }

    /// Hunspell's suggestions for `word`, best first (slow: about 0.15 s a word on the
    /// French dictionary, so only for words that are reported).
    pub fn suggest(&self, word: &str) -> Vec<String> {
        memo(&self.suggested, word, MEMO_LIMIT / 16, || {
            let mut out = Vec::new();
            self.inner
                .suggester()
                .with_ngram_suggestions(false)
                .suggest(word, &mut out);
            out
        })
    }
}

/// Words a project accepts (names, acronyms, terms of art): one word per line, blank
/// lines and lines starting with `#` ignored. A word written in lowercase is accepted
/// in any case; a word with a capital only as written (and in all capitals).
#[derive(Debug, Clone, Default)]
pub struct WordList {
    any_case: HashSet<String>,
    exact: HashSet<String>,
}

impl WordList {
    /// Adds the words of a word list's text: one word per line, blank lines and lines
    /// starting with `#` left out.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let word = line.trim();
            if !word.is_empty() && !word.starts_with('#') {
                self.add(word);
            }
        }
    }

    /// Adds one word (apostrophes normalised to `'`).
    pub fn add(&mut self, word: &str) {
        let word = normalise(word);
        if word.chars().any(char::is_uppercase) {
            self.exact.insert(word.to_uppercase());
            self.exact.insert(word);
        } else {
            self.any_case.insert(word);
        }
    }

    /// Whether `word` is on the list.
    pub fn contains(&self, word: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        let word = normalise(word);
        self.exact.contains(&word) || self.any_case.contains(&word.to_lowercase())
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.any_case.len() + self.exact.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn normalise(word: &str) -> String {
    word.replace(['’', 'ʼ'], "'")
}
