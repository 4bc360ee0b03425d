//! `structure` check kind: a part of the convention that paraphe could not find. A
//! document whose articles were not recognised would otherwise pass every article and
//! date rule silently; this says so, and points to `paraphe outline`.

use serde::Deserialize;

use super::{Context, Finding, vars};

/// The `[check]` table of a `structure` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The part that must be found.
    pub part: Part,
}

/// A part of a convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// At least one article heading.
    Articles,
}

impl Config {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let found = match self.part {
            Part::Articles => !ctx.document.articles.is_empty(),
        };
        if found {
            return Vec::new();
        }
        // Shown on the first line with text, which is where a reader starts.
        let text = ctx.source.text();
        let start = text.len() - text.trim_start().len();
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let line = text[start..end].trim_end();
        vec![Finding {
            span: start..start + line.len(),
            vars: vars([(
                "lines",
                crate::render::plural(text.lines().count(), "ligne", "lignes"),
            )]),
            ..Finding::default()
        }]
    }
}
