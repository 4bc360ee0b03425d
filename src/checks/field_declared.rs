//! The `field-declared` kind: template fields (« [Structure] ») whose name the document
//! model in force does not declare (its `fields`). Names are compared as the model
//! writes them, case and accents included, runs of white space as one space: a filling
//! tool, or a search and replace of « [Date] », would miss « [date] ». Without a model,
//! or with a model that declares no fields, nothing is reported.
//!
//! The help names the closest declared field, when one is near: the same name but for
//! case and accents, a name within a few edits (« NumeroSIREN » for « NuméroSIREN »),
//! or one whose words contain the other's (« Structure » and « Structure publique »).

use regex::Regex;
use serde::Deserialize;

use super::fields;
use super::{Context, Finding, vars};
use crate::diagnostic::Applicability;
use crate::fr::fold;
use crate::fr::words::edit_distance;

/// The `[check]` table of a `field-declared` rule. Needs the variant `near`, used when
/// a declared field is close (`{suggestion}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Bracketed texts that are not fields (« [1] », « […] »), matched against the whole
    /// text brackets included.
    #[serde(default, with = "super::placeholder::opt_regex")]
    pub except: Option<Regex>,
}

impl Config {
    pub(crate) fn needed_variants(&self) -> Vec<String> {
        vec!["near".into()]
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let Some(model) = ctx.model else {
            return Vec::new();
        };
        let Some(declared) = &model.fields else {
            return Vec::new();
        };
        let scan = fields::scan(ctx, self.except.as_ref());
        let mut findings = Vec::new();
        for field in &scan.fields {
            // An empty field is `field-syntax`'s.
            if field.name.is_empty() || model.declares(&field.name) != Some(false) {
                continue;
            }
            let suggestion = closest(&field.name, declared);
            let mut finding = Finding {
                span: field.span.clone(),
                vars: vars([
                    ("found", field.display()),
                    ("name", field.name.clone()),
                    ("model", model.id.clone()),
                    ("suggestion", suggestion.clone().unwrap_or_default()),
                ]),
                ..Finding::default()
            };
            if let Some(s) = suggestion {
                finding.variant = Some("near".into());
                // Which field was meant is the maintainer's call: shown, not applied.
                finding.fix = Some((format!("[{s}]"), Applicability::DisplayOnly));
            }
            findings.push(finding);
        }
        findings
    }
}

/// The declared field nearest to `name`, if one is near: equal but for case and
/// accents, then within a quarter of its length in edits (at least one), then sharing
/// all the words of the shorter name; ties go to the first declared.
fn closest(name: &str, declared: &[String]) -> Option<String> {
    let folded = fold(name);
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let name_words = words(&folded);
    let mut best: Option<(usize, &String)> = None;
    for candidate in declared {
        let other = fold(&fields::collapse(candidate));
        let limit = (folded.chars().count().min(other.chars().count()) / 4).max(1);
        let distance = edit_distance(&folded, &other, limit);
        let score = if distance <= limit {
            distance
        } else {
            let other_words = words(&other);
            let (short, long) = if name_words.len() <= other_words.len() {
                (&name_words, &other_words)
            } else {
                (&other_words, &name_words)
            };
            if short.is_empty() || !short.iter().all(|w| long.contains(w)) {
                continue;
            }
            limit + 1 + long.len() - short.len()
        };
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| fields::collapse(c))
}
