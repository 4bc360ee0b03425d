//! Inline suppressions: a comment in the document that silences the findings of a rule
//! at one place, and says why.
//!
//! In a .txt or .md file, an HTML comment:
//!
//! ```text
//! <!-- paraphe-ignore typo, capital-accent: raison sociale de la société -->
//! <!-- paraphe-ignore-file typography: document destiné à l'écran -->
//! ```
//!
//! names one or more rules or groups (`typography`, `orthography`), separated by commas
//! or spaces, then a reason after a colon. `paraphe-ignore` alone on its line (white
//! space and other comments aside) covers the next line that has text; after or before
//! text on a line, it covers that line; a comment over several lines covers them. It
//! silences the findings that *start* on the lines it covers. `paraphe-ignore-file`
//! covers the whole file, anywhere it is written.
//!
//! In a .docx or .odt, a Word or LibreOffice comment whose text starts with
//! `paraphe-ignore` does the same for the findings that overlap the commented text (a
//! finding on an empty span counts where it stands); it is not a reviewer's comment
//! left in the document (`comment-left`).
//!
//! The comments are blanked out of the text the checks read ([`blank_directives`],
//! [`crate::source::blank_markdown`]): their words are never findings. A suppression
//! with a problem (no rule named, an unknown rule, no reason, not closed) suppresses
//! nothing and is a finding of the rule of kind `suppression` with
//! `problem = "invalid"`; one that names a rule in force which found nothing where it
//! applies is a finding of `problem = "unused"`. A rule that did not run (left out with
//! `--ignore`, or not in the rules in force) makes no suppression unused. The findings
//! of the suppression rules themselves cannot be suppressed by a comment: `--ignore`
//! leaves them out.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::checks::{Context, Finding, vars};
use crate::diagnostic::Diagnostic;
use crate::rule::{Check, RuleSet};
use crate::source::{Comment, Format, Source, Span};

/// The word that starts a suppression comment, in any case (Word capitalises the first
/// letter of a comment).
pub const KEYWORD: &str = "paraphe-ignore";

/// The `[check]` table of a `suppression` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Which suppressions the rule reports.
    pub problem: Problem,
}

/// What is wrong with a suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// Malformed: no rule, an unknown rule, no reason, not closed (needs the variants
    /// `no-rule`, `unknown`, `not-suppressible`, `unclosed`; the message is for a missing
    /// reason).
    Invalid,
    /// Names a rule that found nothing where the suppression applies.
    Unused,
}

impl Config {
    pub(crate) fn needed_variants(&self) -> Vec<String> {
        match self.problem {
            Problem::Invalid => ["no-rule", "unknown", "not-suppressible", "unclosed"]
                .map(String::from)
                .to_vec(),
            Problem::Unused => Vec::new(),
        }
    }

    /// Nothing: the findings of a suppression rule depend on the other rules' findings,
    /// and are made by [`apply`] once those are known.
    pub(crate) fn run(&self, _ctx: &Context) -> Vec<Finding> {
        Vec::new()
    }
}

/// The variables a `suppression` rule's messages can use.
pub(crate) const VARIABLES: &[&str] = &["found", "name", "names"];

/// What a suppression covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The findings that start in this byte range of lines (line ends included).
    Lines(Span),
    /// The findings that overlap this byte range (a Word comment's range).
    Range(Span),
    /// The whole file.
    File,
}

/// One suppression comment, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The comment in the text (`<!--` to `-->`), or the text a Word comment is
    /// anchored on: byte offsets into the normalised text.
    pub span: Span,
    /// What it says, on one line.
    pub text: String,
    /// What it covers.
    pub scope: Scope,
    /// The rules and groups it names, as written.
    pub names: Vec<String>,
    /// Why, as written after the colon (empty when missing).
    pub reason: String,
    /// What is wrong with it, if anything; then it suppresses nothing.
    pub problem: Option<Defect>,
}

/// What makes a [`Directive`] invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Defect {
    /// No `-->` (.txt: on its line; .md: in the rest of the file).
    Unclosed,
    /// No rule or group named.
    NoRule,
    /// No reason after a colon.
    NoReason,
    /// A name that is neither a rule nor a group of paraphe.
    Unknown(String),
    /// A rule of the `suppression` kind, which a comment cannot silence.
    NotSuppressible(String),
}

/// Whether a comment's text is a suppression (starts with [`KEYWORD`], in any case).
pub fn is_directive(text: &str) -> bool {
    keyword_rest(text).is_some()
}

/// The text after the keyword, and whether it was `paraphe-ignore-file`.
fn keyword_rest(text: &str) -> Option<(bool, &str)> {
    let t = text.trim_start();
    let head = t.get(..KEYWORD.len())?;
    if !head.eq_ignore_ascii_case(KEYWORD) {
        return None;
    }
    let rest = &t[KEYWORD.len()..];
    let (file, rest) = match rest.get(..5) {
        Some(suffix) if suffix.eq_ignore_ascii_case("-file") => (true, &rest[5..]),
        _ => (false, rest),
    };
    // « paraphe-ignored » or « paraphe-ignore-all » is something else.
    let ends = rest
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == ':' || c == ',');
    ends.then_some((file, rest))
}

/// A .txt file's suppression comments (`<!-- paraphe-ignore … -->`, possibly over
/// several lines) replaced by spaces, one per character, line ends kept; and the
/// comments, located in the returned text. A suppression comment without `-->` runs to
/// the end of its line. Other HTML comments are text in a .txt file and stay.
pub fn blank_directives(text: String) -> (String, Vec<Comment>) {
    if !text.contains("<!--") {
        return (text, Vec::new());
    }
    let text = text.as_str();
    let mut out = String::with_capacity(text.len());
    let mut comments = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        let after = &rest[open + 4..];
        if !is_directive(after) {
            out.push_str(&rest[..open + 4]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..open]);
        let (inner, len, closed) = match after.find("-->") {
            Some(end) => (&after[..end], end + 3, true),
            None => {
                let end = after.find('\n').unwrap_or(after.len());
                (&after[..end], end, false)
            }
        };
        let start = out.len();
        out.push_str(&crate::source::blank(&rest[open..open + 4 + len]));
        comments.push(Comment {
            span: start..out.len(),
            text: inner.to_string(),
            closed,
        });
        rest = &after[len..];
    }
    out.push_str(rest);
    (out, comments)
}

/// Reads a suppression's text (the comment's, without `<!--` and `-->`): `None` when it
/// is not one.
fn read(text: &str) -> Option<(bool, Vec<String>, String, Option<Defect>)> {
    let (file, rest) = keyword_rest(text)?;
    let (names_part, reason) = match rest.split_once(':') {
        Some((names, reason)) => (names, Some(reason)),
        None => (rest, None),
    };
    let names: Vec<String> = names_part
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let reason = reason.map(one_line).unwrap_or_default();
    let defect = if names.is_empty() {
        Some(Defect::NoRule)
    } else if reason.is_empty() {
        Some(Defect::NoReason)
    } else {
        None
    };
    Some((file, names, reason, defect))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The suppressions of `source`: the comments of a .txt or .md file, the Word or
/// LibreOffice comments of a .docx or .odt. Names are checked against `rules` (the
/// rules in force) and paraphe's built-in rules.
pub fn directives(source: &Source, rules: &RuleSet) -> Vec<Directive> {
    let mut found = Vec::new();
    match source.format() {
        Format::Text | Format::Markdown => {
            for comment in source.comments() {
                let Some((file, names, reason, defect)) = read(&comment.text) else {
                    continue;
                };
                let scope = if file {
                    Scope::File
                } else {
                    lines_covered(source, &comment.span)
                };
                let defect = if comment.closed {
                    defect
                } else {
                    Some(Defect::Unclosed)
                };
                found.push(Directive {
                    span: comment.span.clone(),
                    text: one_line(&comment.text),
                    scope,
                    names,
                    reason,
                    problem: defect,
                });
            }
        }
        Format::Docx | Format::Odt => {
            for mark in source.marks() {
                if mark.kind != crate::formats::MarkKind::Comment {
                    continue;
                }
                let Some((file, names, reason, defect)) = read(&mark.text) else {
                    continue;
                };
                found.push(Directive {
                    span: mark.span.clone(),
                    text: one_line(&mark.text),
                    scope: if file {
                        Scope::File
                    } else {
                        Scope::Range(mark.span.clone())
                    },
                    names,
                    reason,
                    problem: defect,
                });
            }
        }
    }
    for d in &mut found {
        if d.problem.is_none() {
            d.problem = d.names.iter().find_map(|n| name_defect(n, rules));
        }
    }
    found
}

/// The lines a comment at `span` covers: its own lines when they hold text besides
/// comments (blanked), otherwise the next line that has text.
fn lines_covered(source: &Source, span: &Span) -> Scope {
    let text = source.text();
    let first = source.line_index(span.start);
    let last = source.line_index(span.end.saturating_sub(1).max(span.start));
    let own = source.line_starts()[first]..source.line_span(last).end;
    if !text[own.clone()].trim().is_empty() {
        return Scope::Lines(own);
    }
    let next = (last + 1..source.line_count())
        .map(|i| source.line_span(i))
        .find(|l| !text[l.clone()].trim().is_empty());
    match next {
        Some(line) => Scope::Lines(line),
        // Nothing after it: it covers nothing, and is unused.
        None => Scope::Lines(text.len()..text.len()),
    }
}

/// A rule of paraphe's built-in rule set: id, group, and whether it is of the
/// `suppression` kind.
type Known = (String, Option<String>, bool);

/// The built-in rules, read once: a suppression may name a rule left out of this run.
fn built_in() -> &'static [Known] {
    static BUILT_IN: OnceLock<Vec<Known>> = OnceLock::new();
    BUILT_IN.get_or_init(|| {
        RuleSet::embedded()
            .map(|set| known(&set).collect())
            .unwrap_or_default()
    })
}

fn known(rules: &RuleSet) -> impl Iterator<Item = Known> + '_ {
    rules.rules.iter().map(|r| {
        (
            r.id.clone(),
            r.group.clone(),
            matches!(r.check, Check::Suppression(_)),
        )
    })
}

/// What is wrong with naming `name` in a suppression, if anything.
fn name_defect(name: &str, rules: &RuleSet) -> Option<Defect> {
    let in_force: Vec<Known> = known(rules).collect();
    let all = in_force.iter().chain(built_in());
    let mut matched = false;
    for (id, group, suppression) in all {
        if id.eq_ignore_ascii_case(name) && *suppression {
            return Some(Defect::NotSuppressible(name.to_string()));
        }
        matched |= id.eq_ignore_ascii_case(name)
            || group.as_ref().is_some_and(|g| g.eq_ignore_ascii_case(name));
    }
    (!matched).then(|| Defect::Unknown(name.to_string()))
}

/// Whether a directive's scope covers a finding's span.
fn covers(scope: &Scope, span: &Span) -> bool {
    match scope {
        Scope::File => true,
        Scope::Lines(lines) => lines.start <= span.start && span.start <= lines.end,
        Scope::Range(range) if range.is_empty() || span.is_empty() => {
            range.start <= span.end && span.start <= range.end
        }
        Scope::Range(range) => range.start < span.end && span.start < range.end,
    }
}

/// Applies the suppressions of `ctx.source` to `diagnostics` (sorted by span): removes
/// the findings they cover (and a finding of the same group on the same span, which
/// [`crate::check`] would merge with it), and adds the findings of the rules of kind
/// `suppression` in force in `profile`; a name whose rules do not run in `profile`
/// (or were left out) makes no suppression unused. The result is sorted by span, then
/// rule id.
pub fn apply(
    ctx: &Context,
    rules: &RuleSet,
    profile: crate::Profile,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let directives = directives(ctx.source, rules);
    if directives.is_empty() {
        return diagnostics;
    }
    let group = |rule: &str| rules.get(rule).and_then(|r| r.group.as_deref());
    let matches = |name: &str, rule: &str| {
        name.eq_ignore_ascii_case(rule) || group(rule).is_some_and(|g| name.eq_ignore_ascii_case(g))
    };
    // used[d][n]: whether name n of directive d suppressed something.
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.names.len()])
        .collect();
    let mut silenced: HashSet<(usize, usize, &str)> = HashSet::new();
    let mut keep = vec![true; diagnostics.len()];
    for (i, d) in diagnostics.iter().enumerate() {
        for (j, directive) in directives.iter().enumerate() {
            if directive.problem.is_some() || !covers(&directive.scope, &d.span) {
                continue;
            }
            for (n, name) in directive.names.iter().enumerate() {
                if matches(name, &d.rule) {
                    used[j][n] = true;
                    keep[i] = false;
                }
            }
        }
        if !keep[i]
            && let Some(g) = group(&d.rule)
        {
            silenced.insert((d.span.start, d.span.end, g));
        }
    }
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .zip(keep)
        .filter(|(d, keep)| {
            *keep
                && !group(&d.rule)
                    .is_some_and(|g| silenced.contains(&(d.span.start, d.span.end, g)))
        })
        .map(|(d, _)| d)
        .collect();
    // A rule of another profile did not run either.
    let ran = |name: &str| rules.for_profile(profile).any(|r| matches(name, &r.id));
    for rule in rules.for_profile(profile) {
        let Check::Suppression(config) = &rule.check else {
            continue;
        };
        for (directive, used) in directives.iter().zip(&used) {
            let finding = match (config.problem, &directive.problem) {
                (Problem::Invalid, Some(defect)) => invalid(directive, defect),
                (Problem::Unused, None) => {
                    let unused: Vec<&str> = directive
                        .names
                        .iter()
                        .zip(used)
                        .filter(|(name, used)| !**used && ran(name))
                        .map(|(name, _)| name.as_str())
                        .collect();
                    if unused.is_empty() {
                        continue;
                    }
                    Finding {
                        span: directive.span.clone(),
                        vars: vars([
                            ("found", directive.text.clone()),
                            ("name", unused[0].to_string()),
                            ("names", unused.join(", ")),
                        ]),
                        ..Finding::default()
                    }
                }
                _ => continue,
            };
            out.push(crate::checks::diagnostic(rule, ctx, finding));
        }
    }
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    out
}

fn invalid(directive: &Directive, defect: &Defect) -> Finding {
    let (variant, name) = match defect {
        Defect::NoReason => (None, ""),
        Defect::Unclosed => (Some("unclosed"), ""),
        Defect::NoRule => (Some("no-rule"), ""),
        Defect::Unknown(name) => (Some("unknown"), name.as_str()),
        Defect::NotSuppressible(name) => (Some("not-suppressible"), name.as_str()),
    };
    Finding {
        span: directive.span.clone(),
        vars: vars([
            ("found", directive.text.clone()),
            ("name", name.to_string()),
            ("names", directive.names.join(", ")),
        ]),
        variant: variant.map(str::to_string),
        ..Finding::default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_reason() {
        let (file, names, reason, defect) =
            read(" Paraphe-ignore typo,capital-accent :\u{a0}raison  sociale ").unwrap();
        assert!(!file);
        assert_eq!(names, ["typo", "capital-accent"]);
        assert_eq!(reason, "raison sociale");
        assert_eq!(defect, None);
        let (file, names, _, defect) = read("paraphe-ignore-file typography").unwrap();
        assert!(file);
        assert_eq!(names, ["typography"]);
        assert_eq!(defect, Some(Defect::NoReason));
        assert_eq!(
            read("paraphe-ignore: raison").unwrap().3,
            Some(Defect::NoRule)
        );
        assert!(read("paraphe-ignored typo: x").is_none());
        assert!(read("à valider par la DAJ").is_none());
    }

    #[test]
    fn blanks_directives_and_keeps_offsets_and_other_comments() {
        let text = "a <!-- paraphe-ignore typo: é -->b\n<!-- autre -->\n<!-- paraphe-ignore x";
        let (blanked, comments) = blank_directives(text.to_string());
        assert_eq!(
            blanked,
            format!("a {}b\n<!-- autre -->\n{}", " ".repeat(31), " ".repeat(21))
        );
        assert_eq!(comments.len(), 2);
        assert_eq!(
            &blanked[comments[0].span.end..comments[0].span.end + 1],
            "b"
        );
        assert_eq!(comments[0].text, " paraphe-ignore typo: é ");
        assert!(!comments[1].closed);
    }
}
