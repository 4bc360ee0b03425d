//! Date check kinds.
//!
//! - `date-validity`: every date written must exist (« 31 juin 2028 » and « 29 février
//!   2027 » do not; 2027 is not a leap year).
//! - `date-order`: named facts (a date or a duration) are read from articles found by
//!   their role, and assertions between them (`début + durée <= terme`) must hold.
//!   Everything about which article, which words and which comparison is declared in
//!   the rule file; this module only knows how to read and compare.

use std::sync::LazyLock;

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char as chr, space0};
use nom::combinator::{all_consuming, opt};
use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, article_for_role, vars};
use crate::fr::dates::{Date, Duration, find_dates, find_durations};
use crate::source::Span;

/// The `[check]` table of a `date-validity` rule (no settings).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidityConfig {}

impl ValidityConfig {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        ctx.dates()
            .iter()
            .filter(|m| !m.date.is_valid())
            .map(|m| {
                let reason = if m.date.year < 1 {
                    "l’année 0 n’existe pas".to_string()
                } else if !(1..=12).contains(&m.date.month) {
                    format!("il n’y a pas de mois {}", m.date.month)
                } else if m.date.day == 0 {
                    "il n’y a pas de jour 0".to_string()
                } else if m.date.month == 2 && m.date.day == 29 {
                    format!("{} n’est pas une année bissextile", m.date.year)
                } else {
                    let days = Date::days_in_month(m.date.year, m.date.month);
                    format!("ce mois n’a que {days} jours")
                };
                Finding {
                    vars: vars([
                        (
                            "found",
                            ctx.source.text()[m.span.clone()]
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                        ("reason", reason),
                    ]),
                    span: m.span.clone(),
                    ..Finding::default()
                }
            })
            .collect()
    }
}

/// The `[check]` table of a `date-weekday` rule (no settings).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekdayConfig {}

/// French weekday names, Monday first.
const WEEKDAY_NAMES: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

impl WeekdayConfig {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        ctx.dates()
            .iter()
            .filter(|m| m.date.is_valid())
            .filter_map(|m| {
                let written = m.weekday?;
                let actual = m.date.weekday();
                (written != actual).then(|| Finding {
                    vars: vars([
                        (
                            "found",
                            text[m.span.clone()]
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                        ("date", m.date.to_string()),
                        ("written", WEEKDAY_NAMES[written as usize].to_string()),
                        ("actual", WEEKDAY_NAMES[actual as usize].to_string()),
                    ]),
                    fix: Some((
                        format!(
                            "{} {}",
                            WEEKDAY_NAMES[actual as usize],
                            &text[m.span.clone()]
                                .split_whitespace()
                                .skip(1)
                                .collect::<Vec<_>>()
                                .join(" ")
                        ),
                        crate::diagnostic::Applicability::DisplayOnly,
                    )),
                    span: m.span.clone(),
                    ..Finding::default()
                })
            })
            .collect()
    }
}

/// The `[check]` table of a `date-order` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OrderConfig {
    /// The dates and durations to read.
    pub facts: Vec<Fact>,
    /// What must hold between them.
    pub constraints: Vec<Constraint>,
}

/// A date or duration read from a part of the document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fact {
    /// The name assertions use (`terme`, `début`).
    pub name: String,
    /// Where to read it: `signature` (the signature block), `parties` (the front
    /// matter's parties), `considérants` (the recitals), or the role of an article
    /// (`durée`, `calendrier`; see [`article_for_role`]).
    #[serde(rename = "in")]
    pub part: String,
    /// The words that introduce it (« jusqu'au », « début souhaité »): the fact is the
    /// first date or duration right after a match. Without `after`, every date of the
    /// part is a candidate.
    #[serde(default, with = "opt_regex")]
    pub after: Option<Regex>,
    /// How far after the cue the value may start, in bytes (default 40).
    #[serde(default = "default_window")]
    pub window: usize,
    /// Which candidate is the fact when there are several: `first` (default),
    /// `earliest` or `latest`.
    #[serde(default)]
    pub pick: Pick,
    /// What is read.
    #[serde(rename = "type")]
    pub kind: FactKind,
    /// The secondary label shown on it when an assertion fails: `{value}` is the value.
    pub label: String,
}

fn default_window() -> usize {
    40
}

mod opt_regex {
    use regex::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
        let s = String::deserialize(d)?;
        Regex::new(&s).map(Some).map_err(serde::de::Error::custom)
    }
}

/// Which of several candidate values a [`Fact`] takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pick {
    /// The first in the text.
    #[default]
    First,
    /// The earliest date.
    Earliest,
    /// The latest date (the last signature makes the convention binding).
    Latest,
}

/// What a [`Fact`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactKind {
    /// A date (« 31 décembre 2028 »).
    Date,
    /// A duration (« douze (12) mois »).
    Duration,
}

/// An assertion between facts, and the wording of its failure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Constraint {
    /// `EXPR OP EXPR`, where EXPR is a date fact or `date + duration` (the last day of
    /// that period) and OP one of `<=`, `<`, `>=`, `>`.
    #[serde(rename = "assert")]
    pub assertion: Assertion,
    /// The rule variant (message and help) used when it fails. Variables: each fact by
    /// name, `left` and `right` (the two sides' values).
    pub variant: String,
}

/// A parsed assertion (`début + durée <= terme`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Assertion {
    /// Left side: one or two fact names (`début`, `durée`).
    pub left: Vec<String>,
    /// The comparison.
    pub op: Op,
    /// Right side.
    pub right: Vec<String>,
    source: String,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `<=`: on or before.
    Le,
    /// `<`: strictly before.
    Lt,
    /// `>=`: on or after.
    Ge,
    /// `>`: strictly after.
    Gt,
}

fn ident(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_alphanumeric() || c == '-' || c == '_').parse(input)
}

fn expr(input: &str) -> IResult<&str, Vec<String>> {
    let (input, first) = ident(input)?;
    let (input, second) =
        opt((space0, chr('+'), space0, ident).map(|(_, _, _, i)| i)).parse(input)?;
    let mut out = vec![first.to_string()];
    out.extend(second.map(str::to_string));
    Ok((input, out))
}

fn op(input: &str) -> IResult<&str, Op> {
    alt((
        alt((tag("<="), tag("≤"))).map(|_| Op::Le),
        alt((tag(">="), tag("≥"))).map(|_| Op::Ge),
        tag("<").map(|_| Op::Lt),
        tag(">").map(|_| Op::Gt),
    ))
    .parse(input)
}

impl TryFrom<String> for Assertion {
    type Error = String;

    fn try_from(source: String) -> Result<Assertion, String> {
        let parsed = all_consuming((space0, expr, space0, op, space0, expr, space0))
            .parse(source.as_str())
            .map(|(_, (_, left, _, op, _, right, _))| (left, op, right));
        match parsed {
            Ok((left, op, right)) => Ok(Assertion {
                left,
                op,
                right,
                source: source.clone(),
            }),
            Err(_) => Err(format!(
                "`{source}` is not an assertion: expected `fact [+ duration] <=|<|>=|> fact [+ duration]`"
            )),
        }
    }
}

/// A fact's value in a document.
#[derive(Debug, Clone)]
enum Value {
    Date(Date, Span),
    Duration(Duration, Span),
}

impl OrderConfig {
    pub(crate) fn validate(&self) -> Result<Vec<String>, String> {
        let mut needed = Vec::new();
        for c in &self.constraints {
            for side in [&c.assertion.left, &c.assertion.right] {
                let kinds: Vec<FactKind> = side
                    .iter()
                    .map(|name| {
                        self.facts
                            .iter()
                            .find(|f| &f.name == name)
                            .map(|f| f.kind)
                            .ok_or_else(|| {
                                format!("`{}`: no fact is named `{name}`", c.assertion.source)
                            })
                    })
                    .collect::<Result<_, _>>()?;
                let well_typed = matches!(
                    kinds.as_slice(),
                    [FactKind::Date] | [FactKind::Date, FactKind::Duration]
                );
                if !well_typed {
                    return Err(format!(
                        "`{}`: each side must be a date, or a date + a duration",
                        c.assertion.source
                    ));
                }
            }
            needed.push(c.variant.clone());
        }
        Ok(needed)
    }

    fn facts<'a>(&'a self, ctx: &Context) -> Vec<(&'a Fact, Option<Value>)> {
        self.facts
            .iter()
            .map(|fact| (fact, read_fact(ctx, fact)))
            .collect()
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let facts = self.facts(ctx);
        let value = |name: &str| {
            facts
                .iter()
                .find(|(f, _)| f.name == name)
                .and_then(|(f, v)| v.clone().map(|v| (*f, v)))
        };
        let mut findings = Vec::new();
        for c in &self.constraints {
            let side = |names: &[String]| -> Option<(Date, Vec<(&Fact, Value)>)> {
                let parts: Vec<(&Fact, Value)> =
                    names.iter().map(|n| value(n)).collect::<Option<_>>()?;
                let date = match parts.as_slice() {
                    [(_, Value::Date(d, _))] => *d,
                    [(_, Value::Date(d, _)), (_, Value::Duration(p, _))] => d.period_end(*p)?,
                    _ => return None,
                };
                date.is_valid().then_some((date, parts))
            };
            let (Some((left, lparts)), Some((right, rparts))) =
                (side(&c.assertion.left), side(&c.assertion.right))
            else {
                continue;
            };
            let holds = match c.assertion.op {
                Op::Le => left <= right,
                Op::Lt => left < right,
                Op::Ge => left >= right,
                Op::Gt => left > right,
            };
            if holds {
                continue;
            }
            findings.push(finding(
                ctx, left, right, &lparts, &rparts, &c.variant, &facts,
            ));
        }
        findings
    }
}

fn span_of(v: &Value) -> Span {
    match v {
        Value::Date(_, s) | Value::Duration(_, s) => s.clone(),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Date(d, _) => d.to_string(),
        Value::Duration(d, _) => d.to_string(),
    }
}

fn finding(
    ctx: &Context,
    left: Date,
    right: Date,
    lparts: &[(&Fact, Value)],
    rparts: &[(&Fact, Value)],
    variant: &str,
    facts: &[(&Fact, Option<Value>)],
) -> Finding {
    let mut all_vars = vars([("left", left.to_string()), ("right", right.to_string())]);
    for (f, v) in facts {
        if let Some(v) = v {
            all_vars.push((f.name.clone(), show(v)));
        }
    }
    // The left side is what the constraint judges: underline it; when its parts sit
    // close together (« douze (12) mois avec un début souhaité le 1er mars 2027 »),
    // underline them as one.
    let spans: Vec<Span> = lparts.iter().map(|(_, v)| span_of(v)).collect();
    let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.end).max().unwrap_or(0);
    let together =
        end - start <= 200 && ctx.source.line_index(end) - ctx.source.line_index(start) <= 2;
    let mut related = Vec::new();
    let primary = if together {
        start..end
    } else {
        for (f, v) in &lparts[1..] {
            related.push((
                span_of(v),
                format!("={}", f.label),
                vars([("value", show(v))]),
            ));
        }
        span_of(&lparts[0].1)
    };
    for (f, v) in rparts {
        related.push((
            span_of(v),
            format!("={}", f.label),
            vars([("value", show(v))]),
        ));
    }
    Finding {
        span: primary,
        vars: all_vars,
        variant: Some(variant.to_string()),
        related,
        fix: None,
    }
}

/// A field (« [Date] », « ____ », « XX/XX/XXXX ») where a value should be.
static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[|_{2,}|\.{3,}|…|\bXX").expect("valid regex"));

/// The spans a fact is read from.
fn part_spans(ctx: &Context, part: &str) -> Vec<Span> {
    let document = ctx.document;
    match part {
        "signature" => document.signature.iter().map(|s| s.span.clone()).collect(),
        "parties" => document.parties.iter().map(|p| p.span.clone()).collect(),
        "considérants" => document.recitals.iter().map(|r| r.span.clone()).collect(),
        role => article_for_role(ctx, role)
            .map(|a| a.body.clone())
            .into_iter()
            .collect(),
    }
}

/// Reads a fact. With a cue: for each match of the cue, the first value that starts
/// within the window after it; a field met before the value means the value is not
/// filled in yet, and that candidate is dropped (the placeholder rule reports it).
/// Without a cue: every value of the part. Then `pick` chooses among the candidates.
fn read_fact(ctx: &Context, fact: &Fact) -> Option<Value> {
    let text = ctx.source.text();
    let mut candidates: Vec<Value> = Vec::new();
    for part in part_spans(ctx, &fact.part) {
        let body = &text[part.clone()];
        let starts: Vec<(usize, usize)> = match &fact.after {
            Some(cue) => cue
                .find_iter(body)
                .map(|m| (m.end(), (m.end() + fact.window).min(body.len())))
                .collect(),
            None => vec![(0, body.len())],
        };
        for (from, limit) in starts {
            // A value starting within the window may run past it (« 31 décembre\n2028 »).
            let mut end = (limit + 40).min(body.len());
            while !body.is_char_boundary(end) {
                end += 1;
            }
            let window = &body[from..end];
            let field = FIELD.find(window).map(|m| from + m.start());
            let values = match fact.kind {
                // An impossible date is kept here, so that it is not replaced by the next
                // date; it is dropped below (`date-invalid` reports it).
                FactKind::Date => find_dates(window, part.start + from)
                    .into_iter()
                    .map(|m| Value::Date(m.date, m.span))
                    .collect::<Vec<_>>(),
                FactKind::Duration => find_durations(window, part.start + from)
                    .into_iter()
                    .map(|m| Value::Duration(m.duration, m.span))
                    .collect(),
            };
            let in_window = |v: &Value| span_of(v).start - part.start <= limit;
            let before_field = |v: &Value| field.is_none_or(|f| span_of(v).start - part.start < f);
            let valid = |v: &Value| !matches!(v, Value::Date(d, _) if !d.is_valid());
            if fact.after.is_some() {
                if let Some(v) = values
                    .into_iter()
                    .next()
                    .filter(|v| in_window(v) && before_field(v) && valid(v))
                {
                    candidates.push(v);
                }
            } else {
                candidates.extend(values.into_iter().filter(valid));
            }
        }
    }
    let date = |v: &Value| match v {
        Value::Date(d, _) => Some(*d),
        Value::Duration(..) => None,
    };
    match fact.pick {
        Pick::First => candidates.into_iter().next(),
        Pick::Earliest => candidates.into_iter().min_by_key(|v| date(v)),
        Pick::Latest => candidates.into_iter().max_by_key(|v| date(v)),
    }
}
