//! `placeholder` check kind: fields of the template left unfilled.
//!
//! The rule file lists the patterns of a field (« [Date] », « XX/XX/XXXX », « ____ »);
//! this kind reports each match once (overlapping matches of two patterns count once)
//! and, when `signature-block = true`, the blanks of the signature block that no
//! pattern can see: « Fait en deux exemplaires à » with no place, « Le » with no date.

use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::rule::serde_regex;
use crate::source::Span;

/// The `[check]` table of a `placeholder` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The forms a field takes.
    pub patterns: Vec<Pattern>,
    /// Also report the empty place and dates of the signature block (needs the
    /// variants `place`, `date` and `date-for`, the last with the `{signatory}` whose
    /// date is missing).
    #[serde(default)]
    pub signature_block: bool,
}

/// One form of field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pattern {
    /// What this form is, in French (« champ entre crochets »): the `{pattern}` variable.
    pub name: String,
    /// The regular expression (Rust `regex` syntax) a field matches.
    #[serde(with = "serde_regex")]
    pub regex: Regex,
    /// Matches of `regex` that also match this expression in full are not fields
    /// (« [1] », a footnote call).
    #[serde(default, with = "opt_regex")]
    pub except: Option<Regex>,
}

/// An optional regular expression that must match a whole text (`^(?:…)$`).
pub(crate) mod opt_regex {
    use regex::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
        let s = String::deserialize(d)?;
        Regex::new(&format!("^(?:{s})$"))
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

impl Config {
    pub(crate) fn needed_variants(&self) -> Vec<String> {
        if self.signature_block {
            vec!["place".into(), "date".into(), "date-for".into()]
        } else {
            Vec::new()
        }
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let mut matches: Vec<(Span, &str)> = Vec::new();
        let markdown = ctx.source.format() == crate::source::Format::Markdown;
        for pattern in &self.patterns {
            for m in pattern.regex.find_iter(text) {
                if m.is_empty()
                    || pattern
                        .except
                        .as_ref()
                        .is_some_and(|e| e.is_match(m.as_str()))
                    || (markdown && is_markdown_link(text, m.range()))
                {
                    continue;
                }
                matches.push((m.range(), pattern.name.as_str()));
            }
        }
        // Earlier first, then longer first, so that an overlap keeps the widest field.
        matches.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        let mut kept: Vec<(Span, &str)> = Vec::new();
        for (span, name) in matches {
            if kept.last().is_some_and(|(k, _)| k.end > span.start) {
                continue;
            }
            kept.push((span, name));
        }
        let mut findings: Vec<Finding> = kept
            .iter()
            .map(|(span, name)| Finding {
                span: span.clone(),
                vars: vars([
                    ("found", collapse(&text[span.clone()])),
                    ("pattern", name.to_string()),
                ]),
                ..Finding::default()
            })
            .collect();
        if self.signature_block {
            let covered = |s: &Span| kept.iter().any(|(k, _)| k.start < s.end && s.start < k.end);
            findings.extend(signature_blanks(ctx, &covered));
            findings.sort_by_key(|f| f.span.start);
        }
        findings
    }
}

/// In Markdown, « [texte](adresse) », « [texte][réf] » and « ![image](…) » are links,
/// not fields.
pub(crate) fn is_markdown_link(text: &str, span: Span) -> bool {
    let after = &text[span.end..];
    let before = &text[..span.start];
    text[span].starts_with('[')
        && (after.starts_with('(')
            || after.starts_with('[')
            || before.ends_with('!')
            || before.ends_with(']'))
}

/// A field's text on one line: line breaks and runs of spaces become one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// « Fait en deux exemplaires à » with no place; « Le » with no date.
fn signature_blanks(ctx: &Context, covered: &dyn Fn(&Span) -> bool) -> Vec<Finding> {
    let Some(block) = &ctx.document.signature else {
        return Vec::new();
    };
    let text = ctx.source.text();
    let mut findings = Vec::new();
    if let Some(made_at) = block.made_at.clone()
        && block.place.is_none()
        && !covered(&made_at)
    {
        // Up to « à », the rest being the blank (« … », spaces) or the date.
        let line = &text[made_at.clone()];
        let clause = line.split(',').next().unwrap_or_default();
        let clause = match clause.rfind(" à") {
            Some(i) => &clause[..i + " à".len()],
            None => clause.trim_end(),
        };
        let span = made_at.start..made_at.start + clause.len();
        findings.push(Finding {
            vars: vars([("found", collapse(&text[span.clone()]))]),
            span,
            variant: Some("place".into()),
            ..Finding::default()
        });
    }
    // « Le » (or « le » at the end of « Fait à Paris, le ») followed by nothing, or by
    // another « Le » in the next column: a date left blank.
    let first_line = ctx.source.line_index(block.span.start);
    let last_line = ctx.source.line_index(block.span.end);
    for line in first_line..=last_line {
        let span = ctx.source.line_span(line);
        let words: Vec<(usize, &str)> = split_words(&text[span.clone()]);
        for (k, (at, w)) in words.iter().enumerate() {
            let bare = w.trim_end_matches([':', ',']);
            if bare != "Le" && bare != "le" {
                continue;
            }
            let next = words
                .get(k + 1)
                .map(|(_, n)| n.trim_end_matches([':', ',']));
            // « le … », « le ___ »: a date left as a blank sign.
            let blank = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, '.' | '…' | '_'));
            // A blank that a pattern already reports (« Le ________ ») is not reported twice.
            let next_covered = words.get(k + 1).is_some_and(|(at, w)| {
                let s = span.start + at;
                covered(&(s..s + w.len()))
            });
            let empty = next.is_none()
                || next == Some("Le")
                || next == Some("le")
                || next.is_some_and(blank);
            if empty && !next_covered {
                let s = span.start + at;
                let word_span = s..s + bare.len();
                if !covered(&word_span) {
                    // Signature blocks are laid out in columns: the n-th « Le » of a line
                    // goes with the n-th « Pour … » of the next line that has some (PDF
                    // extraction keeps the order of columns, not their widths).
                    let index = words[..k]
                        .iter()
                        .filter(|(_, w)| matches!(w.trim_end_matches([':', ',']), "Le" | "le"))
                        .count();
                    let below: Vec<_> = block
                        .signatories
                        .iter()
                        .filter(|s| s.span.start > span.end)
                        .collect();
                    let first_line = below.first().map(|s| ctx.source.line_index(s.span.start));
                    let signatory = below
                        .iter()
                        .filter(|s| Some(ctx.source.line_index(s.span.start)) == first_line)
                        .nth(index);
                    // On the « Fait à Paris, le » line, the date is everyone's.
                    let on_made_at = block
                        .made_at
                        .as_ref()
                        .is_some_and(|m| m.contains(&word_span.start));
                    let (variant, signatory) = match signatory {
                        Some(s) if !on_made_at => ("date-for", s.name.clone()),
                        _ => ("date", String::new()),
                    };
                    findings.push(Finding {
                        vars: vars([("found", bare.to_string()), ("signatory", signatory)]),
                        span: word_span,
                        variant: Some(variant.into()),
                        ..Finding::default()
                    });
                }
            }
        }
    }
    findings
}

/// The words of a line (split on white space) with their byte offsets in the line.
fn split_words(line: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &line[s..]));
    }
    words
}
