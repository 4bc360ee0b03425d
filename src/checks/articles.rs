//! `article-sequence` check kind: the numbering of articles (and of sub-articles inside
//! each article) runs 1, 2, 3 … with no gap, no repeat and no step back; and, when a
//! document model applies, every article it expects is there, judged by title.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Context, Finding, absent_from_model, titles_match, vars};
use crate::document::Article;

/// The `[check]` table of an `article-sequence` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Which defect this rule reports.
    pub defect: Defect,
}

/// A numbering defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Defect {
    /// A number skipped (« ARTICLE 6 » then « ARTICLE 8 »), or an article of the model
    /// absent. Variables: `number` (the first missing), `last` (the last missing of the
    /// gap), `range` (« 3 et 4 », « 3 à 7 »), `title` (the model's title), `previous`,
    /// `next` (labels around the gap).
    /// Needs the variants `from-model` (absent by title), `start` (numbering does not
    /// start at 1), `range` (several numbers in a row) and the label `previous`.
    Missing,
    /// A number used twice. Variables: `number`, `label`. Needs the label `first`.
    Duplicate,
    /// A number smaller than the one before it. Variables: `number`, `label`,
    /// `previous`. Needs the label `previous`.
    Order,
}

impl Config {
    pub(crate) fn needed_names(&self) -> Vec<String> {
        match self.defect {
            Defect::Missing => vec![
                "from-model".into(),
                "retitled".into(),
                "start".into(),
                "range".into(),
                "labels.previous".into(),
            ],
            Defect::Duplicate => vec!["labels.first".into()],
            Defect::Order => vec!["labels.previous".into()],
        }
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let mut findings = Vec::new();
        self.check_level(&ctx.document.articles, &mut findings);
        for article in ctx.document.all_articles() {
            if !article.children.is_empty() {
                self.check_level(&article.children, &mut findings);
            }
        }
        if self.defect == Defect::Missing
            && let Some(model) = ctx.model
        {
            self.model_missing(ctx, model, &mut findings);
        }
        findings.sort_by_key(|f| f.span.start);
        findings
    }

    /// The number of an article among its siblings: the last part of its path.
    fn key(a: &Article) -> u32 {
        a.number.last().copied().unwrap_or(0)
    }

    fn check_level(&self, articles: &[Article], findings: &mut Vec<Finding>) {
        let mut seen: BTreeMap<u32, &Article> = BTreeMap::new();
        // « Article 2 bis » is numbered apart: only a second « 2 bis » is a duplicate,
        // and it takes no part in the order and the gaps of the plain numbers.
        let mut numbered: BTreeMap<(u32, Option<&str>), &Article> = BTreeMap::new();
        let mut previous: Option<&Article> = None;
        let mut highest: Option<&Article> = None;
        for a in articles {
            let n = Self::key(a);
            let suffix = a.suffix.as_deref();
            match (self.defect, numbered.get(&(n, suffix))) {
                (Defect::Duplicate, Some(first)) => findings.push(Finding {
                    span: a.label_span.clone(),
                    vars: vars([("number", a.number_text()), ("label", a.label.clone())]),
                    related: vec![(
                        first.label_span.clone(),
                        "first".into(),
                        vars([("label", first.label.clone())]),
                    )],
                    ..Finding::default()
                }),
                (Defect::Order, None) if suffix.is_none() => {
                    if let (Some(p), Some(h)) = (previous, highest)
                        && n < Self::key(h)
                    {
                        findings.push(Finding {
                            span: a.label_span.clone(),
                            vars: vars([
                                ("number", a.number_text()),
                                ("label", a.label.clone()),
                                ("previous", p.label.clone()),
                            ]),
                            related: vec![(
                                p.label_span.clone(),
                                "previous".into(),
                                vars([("previous", p.label.clone())]),
                            )],
                            ..Finding::default()
                        });
                    }
                }
                _ => {}
            }
            numbered.entry((n, suffix)).or_insert(a);
            previous = Some(a);
            if suffix.is_some() {
                continue;
            }
            seen.entry(n).or_insert(a);
            if highest.is_none_or(|h| n > Self::key(h)) {
                highest = Some(a);
            }
        }
        if self.defect != Defect::Missing {
            return;
        }
        let prefix = articles
            .first()
            .map(|a| {
                let mut p = a.number.clone();
                p.pop();
                p
            })
            .unwrap_or_default();
        // One finding per gap: consecutive missing numbers are reported together. Gaps
        // are read between the numbers present, never by counting up to the largest
        // (« ARTICLE 4294967295 » must not take four billion steps).
        let mut gaps: Vec<(u32, u32)> = Vec::new();
        let mut previous = 0u32;
        for &n in seen.keys() {
            if n > previous.saturating_add(1) {
                gaps.push((previous + 1, n - 1));
            }
            previous = previous.max(n);
        }
        for (first, last) in gaps {
            let number = |n: u32| {
                prefix
                    .iter()
                    .chain(std::iter::once(&n))
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(".")
            };
            // Shown on the article numbered right after the gap, with the one right
            // before it (by number, whatever their order in the text).
            let Some(next) = seen.range(last + 1..).next().map(|(_, a)| *a) else {
                continue;
            };
            let before = seen.range(..first).next_back().map(|(_, a)| *a);
            let variant = match before {
                None => Some("start".to_string()),
                Some(_) if first == last => None,
                Some(_) => Some("range".to_string()),
            };
            findings.push(Finding {
                span: next.label_span.clone(),
                vars: vars([
                    ("number", number(first)),
                    ("last", number(last)),
                    // « 3 et 4 », « 3 à 7 ».
                    (
                        "range",
                        if last == first + 1 {
                            format!("{} et {}", number(first), number(last))
                        } else {
                            format!("{} à {}", number(first), number(last))
                        },
                    ),
                    ("title", String::new()),
                    ("next", next.label.clone()),
                    (
                        "previous",
                        before.map_or_else(String::new, |b| b.label.clone()),
                    ),
                ]),
                variant,
                related: before
                    .map(|b| {
                        (
                            b.label_span.clone(),
                            "previous".to_string(),
                            vars([("previous", b.label.clone())]),
                        )
                    })
                    .into_iter()
                    .collect(),
                ..Finding::default()
            });
        }
    }

    /// Articles of the model absent by title. When the gap in the numbering is at the
    /// same number, the gap's finding is reworded to name the title instead of adding
    /// a second finding for the same absence.
    fn model_missing(
        &self,
        ctx: &Context,
        model: &crate::rule::Model,
        findings: &mut Vec<Finding>,
    ) {
        let articles = &ctx.document.articles;
        for expected in absent_from_model(ctx, model) {
            let number = expected.number.to_string();
            let title = expected.title.clone();
            let single_gap = |f: &Finding| {
                let var = |name: &str| f.vars.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                var("number") == Some(&number) && var("last") == Some(&number)
            };
            if let Some(gap) = findings.iter_mut().find(|f| single_gap(f)) {
                gap.variant = Some("from-model".into());
                set_var(&mut gap.vars, "title", title);
                continue;
            }
            // The article of that number, matched to nothing, was retitled: say so on it.
            let all = ctx.document.all_articles();
            let used: Vec<usize> = ctx.matched().iter().flatten().copied().collect();
            if let Some((_, retitled)) = all
                .iter()
                .enumerate()
                .find(|(i, a)| a.number == [expected.number] && !used.contains(i))
            {
                findings.push(Finding {
                    span: retitled.title_span.clone(),
                    vars: vars([
                        ("number", number),
                        ("title", title),
                        ("found", retitled.title.clone()),
                        ("label", retitled.label.clone()),
                    ]),
                    variant: Some("retitled".into()),
                    ..Finding::default()
                });
                continue;
            }
            // Shown where it should have been: on the article the model puts after it.
            let after = model
                .articles
                .iter()
                .skip_while(|m| m.number != expected.number)
                .skip(1)
                .find_map(|m| articles.iter().find(|a| titles_match(&a.title, &m.title)));
            let Some(anchor) = after.or(articles.last()) else {
                continue;
            };
            findings.push(Finding {
                span: anchor.label_span.clone(),
                vars: vars([
                    ("number", number),
                    ("title", title),
                    ("next", anchor.label.clone()),
                    ("previous", String::new()),
                ]),
                variant: Some("from-model".into()),
                ..Finding::default()
            });
        }
    }
}

fn set_var(vars: &mut [(String, String)], name: &str, value: String) {
    if let Some((_, v)) = vars.iter_mut().find(|(k, _)| k == name) {
        *v = value;
    }
}
