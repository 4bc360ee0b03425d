//! `typography` check kind: the spaces and signs of French typography.
//!
//! Source: *Lexique des règles typographiques en usage à l'Imprimerie nationale*
//! (espace insécable before « : » and inside « », espace fine insécable before « ; »,
//! « ! » and « ? », no space before « . » and « , »).
//!
//! Each rule names one `aspect`:
//! - `nbsp`: a plain space (or none) where a non-breaking one belongs. A document that
//!   uses non-breaking spaces gets a finding for each one missing; a document that uses
//!   none (typed as plain text, or extracted from a PDF) gets one finding saying so,
//!   with the count (variant `none`).
//! - `space-before-period`: a space before « . » or « , » (not an ellipsis, not a
//!   decimal).
//! - `double-space`: two spaces between two words of one line (not after the end of a
//!   sentence, not three or more: a layout, as in a signature block side by side).
//! - `apostrophes`, `quotes`, `heading-separators`: two forms of one sign mixed in one
//!   document (« ' » and « ’ »; « » », “ ” and " "; « - » and « – » after the article
//!   numbers). One finding per document, on the first use of the less frequent form,
//!   with the counts and the other uses as secondary labels.
//!
//! Spaces at line ends and line breaks are never findings: text extracted from a PDF
//! is hard-wrapped.

use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, Vars, overlaps, skipped, vars};
use crate::diagnostic::Applicability;
use crate::rule::serde_regex;
use crate::source::Span;

/// What a `typography` rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// Non-breaking spaces before « : ; ! ? » and inside « ».
    Nbsp,
    /// A space before « . » or « , ».
    SpaceBeforePeriod,
    /// Two spaces inside a sentence.
    DoubleSpace,
    /// Straight and curly apostrophes mixed.
    Apostrophes,
    /// Kinds of quotation marks mixed.
    Quotes,
    /// Separators of article headings mixed.
    HeadingSeparators,
}

/// The `[check]` table of a `typography` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// What to look at.
    pub aspect: Aspect,
    /// Text never checked (URLs, fields), Rust `regex` syntax.
    #[serde(default, with = "serde_regex::vec")]
    pub skip: Vec<Regex>,
}

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// Most uses of one form shown as secondary labels.
const SHOWN: usize = 5;

impl Config {
    pub(crate) fn needed_names(&self) -> Vec<String> {
        match self.aspect {
            Aspect::Nbsp => vec!["none".into()],
            Aspect::Apostrophes | Aspect::Quotes | Aspect::HeadingSeparators => {
                vec!["labels.also".into(), "labels.majority".into()]
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let skip = skipped(text, &self.skip);
        let keep = |at: usize| !overlaps(&skip, &(at..at + 1));
        match self.aspect {
            Aspect::Nbsp => nbsp(text, &keep),
            Aspect::SpaceBeforePeriod => space_before_period(text, &keep),
            Aspect::DoubleSpace => double_space(ctx, text, &keep),
            Aspect::Apostrophes => {
                let mut straight = Vec::new();
                let mut curly = Vec::new();
                for (i, c) in text.char_indices() {
                    if !matches!(c, '\'' | '’') || !keep(i) {
                        continue;
                    }
                    let before = text[..i].chars().next_back();
                    let after = text[i + c.len_utf8()..].chars().next();
                    if before.is_some_and(char::is_alphabetic)
                        && after.is_some_and(char::is_alphabetic)
                    {
                        let span = i..i + c.len_utf8();
                        if c == '\'' {
                            straight.push(span);
                        } else {
                            curly.push(span);
                        }
                    }
                }
                mixed(text, vec![("’", curly), ("'", straight)])
            }
            Aspect::Quotes => {
                let mut french = Vec::new();
                let mut english = Vec::new();
                let mut straight = Vec::new();
                let mut depth = 0usize;
                let mut straight_open = false;
                for (i, c) in text.char_indices() {
                    if !keep(i) {
                        continue;
                    }
                    let span = i..i + c.len_utf8();
                    match c {
                        '«' => {
                            depth += 1;
                            french.push(span);
                        }
                        '»' => depth = depth.saturating_sub(1),
                        // Inside « », “ ” are the quotation within the quotation.
                        '“' if depth == 0 => english.push(span),
                        '"' => {
                            if !straight_open {
                                straight.push(span);
                            }
                            straight_open = !straight_open;
                        }
                        _ => {}
                    }
                }
                mixed(
                    text,
                    vec![("« »", french), ("“ ”", english), ("\" \"", straight)],
                )
            }
            Aspect::HeadingSeparators => {
                let mut forms: Vec<(&str, Vec<Span>)> = Vec::new();
                for article in ctx.document.all_articles() {
                    let sep = article.separator.trim();
                    if sep.is_empty() {
                        continue;
                    }
                    let window = &text[article.label_span.end..article.title_span.start];
                    let Some(at) = window.find(sep) else { continue };
                    let start = article.label_span.end + at;
                    let span = start..start + sep.len();
                    match forms.iter_mut().find(|(s, _)| *s == sep) {
                        Some((_, spans)) => spans.push(span),
                        None => forms.push((&text[span.clone()], vec![span])),
                    }
                }
                mixed(text, forms)
            }
        }
    }
}

/// One finding when more than one form is used: on the first use of the least used
/// form (ties: the later form of `forms`, listed most standard first).
fn mixed(text: &str, forms: Vec<(&str, Vec<Span>)>) -> Vec<Finding> {
    let used: Vec<&(&str, Vec<Span>)> = forms.iter().filter(|(_, s)| !s.is_empty()).collect();
    if used.len() < 2 {
        return Vec::new();
    }
    let majority = used
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, s))| (s.len(), usize::MAX - i))
        .map(|(_, f)| *f)
        .expect("two forms at least");
    let minority = used
        .iter()
        .enumerate()
        .min_by_key(|(i, (_, s))| (s.len(), usize::MAX - i))
        .map(|(_, f)| *f)
        .expect("two forms at least");
    let label_vars: Vars = vars([
        ("majority", majority.0.to_string()),
        ("minority", minority.0.to_string()),
    ]);
    let mut related: Vec<(Span, String, Vars)> = minority
        .1
        .iter()
        .skip(1)
        .take(SHOWN)
        .map(|s| (s.clone(), "also".to_string(), label_vars.clone()))
        .collect();
    related.push((majority.1[0].clone(), "majority".into(), label_vars.clone()));
    let first = minority.1[0].clone();
    vec![Finding {
        vars: vars([
            ("found", text[first.clone()].to_string()),
            ("expected", majority.0.to_string()),
            ("count", minority.1.len().to_string()),
            ("majority", format!("{} × {}", majority.1.len(), majority.0)),
            ("minority", format!("{} × {}", minority.1.len(), minority.0)),
        ]),
        span: first,
        related,
        ..Finding::default()
    }]
}

fn nbsp(text: &str, keep: &dyn Fn(usize) -> bool) -> Vec<Finding> {
    let mut missing: Vec<(Span, char, &str)> = Vec::new();
    let mut uses_nbsp = 0usize;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let expected = match c {
            ':' | '»' => "espace insécable",
            ';' | '!' | '?' => "espace fine insécable",
            '«' => "espace insécable",
            _ => continue,
        };
        if !keep(i) {
            continue;
        }
        if c == '«' {
            let next = text[i + c.len_utf8()..].chars().next();
            match next {
                Some(NBSP | NNBSP) => uses_nbsp += 1,
                Some(' ') => {
                    let s = i + c.len_utf8();
                    // A space then a line break is a line end, not a finding.
                    if bytes.get(s + 1).is_some_and(|&b| b != b'\n') {
                        missing.push((i..s + 1, c, expected));
                    }
                }
                _ => {}
            }
            continue;
        }
        let mut before = text[..i].chars().rev();
        match before.next() {
            Some(NBSP | NNBSP) => uses_nbsp += 1,
            // Not a line start (indentation), not several spaces (a layout).
            Some(' ')
                if before
                    .next()
                    .is_some_and(|p| !p.is_whitespace() && p != '«') =>
            {
                missing.push((i - 1..i + c.len_utf8(), c, expected));
            }
            Some(p) if (p.is_alphanumeric() || matches!(p, ')' | ']')) && c != '»' => {
                // « mot: » with no space at all, but not « 14:30 » nor « https: ».
                let after = text[i + c.len_utf8()..].chars().next();
                if after.is_none_or(|a| a.is_whitespace()) {
                    missing.push((i..i + c.len_utf8(), c, expected));
                }
            }
            _ => {}
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let finding = |(span, c, expected): &(Span, char, &str)| {
        let replacement = match c {
            '«' => format!("«{NBSP}"),
            ';' | '!' | '?' => format!("{NNBSP}{c}"),
            _ => format!("{NBSP}{c}"),
        };
        Finding {
            span: span.clone(),
            vars: vars([
                ("found", c.to_string()),
                ("expected", expected.to_string()),
                ("count", missing.len().to_string()),
                ("majority", uses_nbsp.to_string()),
            ]),
            // Shown only: `--fix` applies the typo list and capital accents alone.
            fix: Some((replacement, Applicability::DisplayOnly)),
            ..Finding::default()
        }
    };
    // A document that mostly uses them: each one missing is a slip. Otherwise the
    // document does not follow the rule: one finding says so.
    if uses_nbsp >= missing.len() {
        missing.iter().map(finding).collect()
    } else {
        let mut f = finding(&missing[0]);
        f.variant = Some("none".into());
        f.fix = None;
        vec![f]
    }
}

fn space_before_period(text: &str, keep: &dyn Fn(usize) -> bool) -> Vec<Finding> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'.' | b',') || i < 2 || bytes[i - 1] != b' ' || !keep(i) {
            continue;
        }
        let before = text[..i - 1].chars().next_back();
        if before.is_none_or(char::is_whitespace) {
            continue;
        }
        let after = bytes.get(i + 1).copied();
        // « … . » an ellipsis, « ,5 » a decimal, « .txt » a name.
        if after.is_some_and(|a| a == b'.' || a.is_ascii_alphanumeric()) {
            continue;
        }
        let sign = char::from(b).to_string();
        found.push(Finding {
            span: i - 1..i + 1,
            vars: vars([("found", sign.clone())]),
            fix: Some((sign, Applicability::DisplayOnly)),
            ..Finding::default()
        });
    }
    found
}

fn double_space(ctx: &Context, text: &str, keep: &dyn Fn(usize) -> bool) -> Vec<Finding> {
    let signature = ctx.document.signature.as_ref().map(|s| s.span.clone());
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b' ' || bytes[i + 1] != b' ' {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len() && bytes[end] == b' ' {
            end += 1;
        }
        i = end;
        if end - start != 2
            || !keep(start)
            || signature.as_ref().is_some_and(|s| s.contains(&start))
        {
            continue;
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let inside = before
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '.' | '!' | '?' | ':' | ';' | '…'))
            && after.is_some_and(|c| !c.is_whitespace());
        if inside {
            found.push(Finding {
                span: start..end,
                vars: vars([("found", "  ".to_string())]),
                fix: Some((" ".into(), Applicability::DisplayOnly)),
                ..Finding::default()
            });
        }
    }
    found
}
