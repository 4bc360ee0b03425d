//! `substitution` check kind: known misspellings, each with its correction.
//!
//! A misspelling written in lowercase in the rule file (`prestaire`) matches in any
//! case (« prestaire », « Prestaire », « PRESTAIRE ») and the correction follows the
//! case found. A misspelling written with capitals (`DONNES`) matches only as written:
//! « donnes » is a correct verb form, « DONNES » in a heading is not. A word hyphenated
//! at a line end (« pres-\ntaire », from a PDF) is looked up whole.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::diagnostic::Applicability;
use crate::fr::{ends_word, starts_word};

/// The `[check]` table of a `substitution` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Misspelling → correction.
    pub words: BTreeMap<String, String>,
    #[serde(skip)]
    compiled: OnceLock<Regex>,
}

impl Config {
    pub(crate) fn validate(&self) -> Result<Vec<String>, String> {
        if self.words.is_empty() {
            return Err("`words` is empty".into());
        }
        if let Some((bad, _)) = self
            .words
            .iter()
            .find(|(k, _)| k.is_empty() || k.chars().any(char::is_whitespace))
        {
            return Err(format!("`words`: « {bad} » must be a single word"));
        }
        self.regex();
        Ok(Vec::new())
    }

    /// One regular expression for every word, compiled once.
    fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            let mut keys: Vec<&String> = self.words.keys().collect();
            // Longest first, so a longer misspelling wins over its prefix.
            keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
            let alternatives: Vec<String> = keys
                .iter()
                .map(|k| {
                    let escaped = regex::escape(k);
                    if is_lowercase(k) {
                        format!("(?i:{escaped})")
                    } else {
                        escaped
                    }
                })
                .collect();
            // No `\\b` in the pattern (it makes the regex engine slow on French text):
            // word boundaries are checked on each match.
            Regex::new(&format!(r"(?:{})", alternatives.join("|")))
                .expect("escaped words form a valid regex")
        })
    }

    /// The correction for `found`, in the case `found` is written in.
    fn correction(&self, found: &str) -> Option<String> {
        if let Some(exact) = self.words.get(found) {
            return Some(exact.clone());
        }
        let lower = found.to_lowercase();
        let replacement = self.words.get(&lower)?;
        let mut chars = found.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let all_upper = first_upper
            && found.chars().filter(|c| c.is_alphabetic()).count() > 1
            && found
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        Some(if all_upper {
            replacement.to_uppercase()
        } else if first_upper {
            let mut r = replacement.chars();
            r.next()
                .map(|c| c.to_uppercase().chain(r).collect())
                .unwrap_or_default()
        } else {
            replacement.clone()
        })
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let finding = |span: std::ops::Range<usize>, found: &str, replacement: String| Finding {
            span,
            vars: vars([
                ("found", found.to_string()),
                ("replacement", replacement.clone()),
            ]),
            fix: Some((replacement, Applicability::Safe)),
            ..Finding::default()
        };
        let mut findings: Vec<Finding> = self
            .regex()
            .find_iter(text)
            .filter(|m| starts_word(text, m.start()) && ends_word(text, m.end()))
            .filter_map(|m| {
                let replacement = self.correction(m.as_str())?;
                Some(finding(m.range(), m.as_str(), replacement))
            })
            .collect();
        // « pres-\ntaire »: a word hyphenated at a line end (PDF extraction), read whole.
        // The fix keeps no hyphen: the line break is the lawyer's to set again.
        for word in ctx.words().filter(|w| w.hyphenated.is_some()) {
            if let Some(replacement) = self.correction(&word.text) {
                findings.push(finding(word.span.clone(), &word.text, replacement));
            }
        }
        findings.sort_by_key(|f| f.span.start);
        findings
    }
}

fn is_lowercase(word: &str) -> bool {
    !word.chars().any(char::is_uppercase)
}
