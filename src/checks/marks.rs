//! `marks` check kind: what a word-processor file holds besides its text and that must
//! not reach signature: tracked changes not yet accepted or rejected, reviewers'
//! comments, hidden text. Read by [`crate::formats`]; plain text has none.

use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::formats::MarkKind;

/// The `[check]` table of a `marks` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Which marks this rule reports.
    pub mark: Which,
}

/// A family of marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// Tracked insertions and deletions (needs the variant `deletion`).
    Revision,
    /// Comments.
    Comment,
    /// Hidden text.
    Hidden,
}

/// At most this many characters of the text concerned are quoted in a message.
const QUOTE: usize = 80;

fn quote(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > QUOTE {
        let cut: String = one_line.chars().take(QUOTE).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

impl Config {
    pub(crate) fn needed_variants(&self) -> Vec<String> {
        match self.mark {
            Which::Revision => vec!["deletion".into()],
            _ => Vec::new(),
        }
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        ctx.source
            .marks()
            .iter()
            .filter(|m| match self.mark {
                Which::Revision => matches!(m.kind, MarkKind::Insertion | MarkKind::Deletion),
                // A suppression comment is not a reviewer's: `crate::suppression`.
                Which::Comment => {
                    m.kind == MarkKind::Comment && !crate::suppression::is_directive(&m.text)
                }
                Which::Hidden => m.kind == MarkKind::Hidden,
            })
            .map(|m| Finding {
                span: m.span.clone(),
                vars: vars([
                    ("found", quote(&m.text)),
                    (
                        "author",
                        m.author.clone().unwrap_or_else(|| "auteur inconnu".into()),
                    ),
                ]),
                variant: (m.kind == MarkKind::Deletion).then(|| "deletion".to_string()),
                ..Finding::default()
            })
            .collect()
    }
}
