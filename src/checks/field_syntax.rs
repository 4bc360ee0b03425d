//! The `field-syntax` kind: template fields written wrong. A stray space inside the
//! brackets (« [Type de document ] », « [ Date] »), an empty field (« [] », « [ ] »),
//! a `[` that is never closed or a `]` never opened. What a field is, and what is not
//! one (a footnote call « [1] », a field broken over two lines by PDF extraction), is
//! in [`fields`](super::fields).

use regex::Regex;
use serde::Deserialize;

use super::fields::{self, Lone};
use super::{Context, Finding, vars};
use crate::diagnostic::Applicability;
use crate::source::Span;

/// The `[check]` table of a `field-syntax` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The defects to report. The first listed uses the rule's `message` and `help`;
    /// each other one needs a variant of its name (`[variants.empty]`).
    pub defects: Vec<Defect>,
    /// Bracketed texts that are not fields (« [1] », « […] »), matched against the whole
    /// text brackets included.
    #[serde(default, with = "super::placeholder::opt_regex")]
    pub except: Option<Regex>,
}

/// A way a field can be written wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Defect {
    /// White space right after `[` or right before `]`; a safe fix removes it (it is
    /// inside the field's marker, never in a clause's words).
    Space,
    /// Nothing but white space between the brackets.
    Empty,
    /// A `[` with no `]` before the next `[` or the end of the text.
    Unclosed,
    /// A `]` with no `[` since the previous `]`.
    Unopened,
}

impl Defect {
    fn name(self) -> &'static str {
        match self {
            Defect::Space => "space",
            Defect::Empty => "empty",
            Defect::Unclosed => "unclosed",
            Defect::Unopened => "unopened",
        }
    }
}

/// How many characters of context `{found}` shows around a lone bracket.
const CONTEXT: usize = 30;

impl Config {
    pub(crate) fn validate(&self) -> Result<Vec<String>, String> {
        if self.defects.is_empty() {
            return Err("`defects` is empty".into());
        }
        Ok(self.defects[1..]
            .iter()
            .map(|d| d.name().to_string())
            .collect())
    }

    /// The variant of a defect's finding: `None` for the first defect listed.
    fn variant(&self, defect: Defect) -> Option<Option<String>> {
        let i = self.defects.iter().position(|&d| d == defect)?;
        Some((i > 0).then(|| defect.name().to_string()))
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let scan = fields::scan(ctx, self.except.as_ref());
        let mut findings = Vec::new();
        for field in &scan.fields {
            let inner = field.inner(text);
            let defect = if inner.trim().is_empty() {
                Defect::Empty
            } else if fields::has_stray_space(inner) {
                Defect::Space
            } else {
                continue;
            };
            let Some(variant) = self.variant(defect) else {
                continue;
            };
            let found = fields::collapse_keeping_edges(&text[field.span.clone()]);
            let fix = (defect == Defect::Space).then(|| {
                // Only the ends: the inside of a field broken over lines is kept.
                (format!("[{}]", inner.trim()), Applicability::Safe)
            });
            findings.push(Finding {
                span: field.span.clone(),
                vars: vars([("found", found), ("name", field.name.clone())]),
                variant,
                fix,
                ..Finding::default()
            });
        }
        for lone in &scan.lone {
            let (defect, at) = match *lone {
                Lone::Open(at) => (Defect::Unclosed, at),
                Lone::Close(at) => (Defect::Unopened, at),
            };
            let Some(variant) = self.variant(defect) else {
                continue;
            };
            findings.push(Finding {
                span: at..at + 1,
                vars: vars([
                    ("found", context(text, at, defect)),
                    ("name", String::new()),
                ]),
                variant,
                ..Finding::default()
            });
        }
        findings.sort_by_key(|f: &Finding| (f.span.start, f.span.end));
        findings
    }
}

/// The lone bracket with what follows it (« [Type de document ») or what precedes it
/// (« Type de document] ») on its line, at most [`CONTEXT`] characters.
fn context(text: &str, at: usize, defect: Defect) -> String {
    let line: Span = text[..at].rfind('\n').map_or(0, |i| i + 1)
        ..text[at..].find('\n').map_or(text.len(), |i| at + i);
    let excerpt: String = if defect == Defect::Unclosed {
        text[at..line.end].chars().take(CONTEXT + 1).collect()
    } else {
        let before: Vec<char> = text[line.start..=at]
            .chars()
            .rev()
            .take(CONTEXT + 1)
            .collect();
        before.into_iter().rev().collect()
    };
    fields::collapse(&excerpt)
}
