//! `restatement` check kind: a number written in words and restated in digits (or the
//! reverse) must have the same value: « trente (31) jours » does not.

use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::fr::numerals::find_restatements;

/// The `[check]` table of a `restatement` rule (no settings).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {}

impl Config {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        find_restatements(text)
            .into_iter()
            .filter(|r| r.words.1 != r.digits.1)
            .map(|r| Finding {
                vars: vars([
                    ("found", one_line(&text[r.span.clone()])),
                    ("words", one_line(&text[r.words.0.clone()])),
                    ("digits", text[r.digits.0.clone()].to_string()),
                    ("words_value", group_thousands(r.words.1)),
                    ("digits_value", group_thousands(r.digits.1)),
                ]),
                span: r.span,
                ..Finding::default()
            })
            .collect()
    }
}

/// « 10 000 »: digits grouped by three with a narrow no-break space, as the Imprimerie
/// nationale's Lexique recommends for numbers of five digits or more.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}
