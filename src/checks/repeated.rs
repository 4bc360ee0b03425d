//! `repeated-word` check kind: the same word twice in a row (« le le », « de de »),
//! also across a line break, as happens when a line is rewrapped.
//!
//! Not reported: the words the rule allows twice (« nous nous engageons », « vous vous
//! engagez »), words with digits, what a `skip` pattern matches (two fields side by
//! side), two words separated by anything but spaces and one line break (a blank line,
//! punctuation), and a heading's last word followed by the same word starting the next
//! line in another case (« OBJET » then « Objet : »).

use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, overlaps, skipped, vars};
use crate::diagnostic::Applicability;
use crate::fr::words::Word;
use crate::rule::serde_regex;

/// The `[check]` table of a `repeated-word` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Words French allows twice in a row, in lowercase.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// Text never checked (fields), Rust `regex` syntax.
    #[serde(default, with = "serde_regex::vec")]
    pub skip: Vec<Regex>,
}

impl Config {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let skip = skipped(text, &self.skip);
        let signature = ctx.document.signature.as_ref().map(|s| s.span.clone());
        let check = |a: &Word, b: &Word| -> Option<Finding> {
            if a.has_digit
                || a.text.len() != b.text.len()
                || a.text.to_lowercase() != b.text.to_lowercase()
            {
                return None;
            }
            let lower = a.text.to_lowercase();
            if self.allowed.contains(&lower) || overlaps(&skip, &a.span) || overlaps(&skip, &b.span)
            {
                return None;
            }
            // Side by side signatures (« Le       Le »): a layout, not a sentence.
            if signature
                .as_ref()
                .is_some_and(|s| s.contains(&a.span.start))
            {
                return None;
            }
            let between = &text[a.span.end..b.span.start];
            let breaks = between.matches('\n').count();
            if !between.chars().all(char::is_whitespace)
                || breaks > 1
                || between.contains("   ")
                || between.contains('\t')
                || (breaks == 1 && a.shape != b.shape)
            {
                return None;
            }
            Some(Finding {
                span: a.span.start..b.span.end,
                vars: vars([
                    ("found", text[a.span.start..b.span.end].to_string()),
                    ("word", a.text.clone()),
                ]),
                // Shown only: « le le » may stand for a word left out, which a reader restores.
                fix: Some((text[a.span.clone()].to_string(), Applicability::DisplayOnly)),
                ..Finding::default()
            })
        };
        let mut findings = Vec::new();
        let mut words = ctx.words();
        let Some(mut previous) = words.next() else {
            return findings;
        };
        for word in words {
            findings.extend(check(&previous, &word));
            previous = word;
        }
        findings
    }
}
