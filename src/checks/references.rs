//! `reference` check kind: references to articles and annexes the document does not
//! have (« l'article 14 » in a convention of 13 articles, « l'annexe 2 » with no annex 2).

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::document::Document;
use crate::fr::references::{Reference, Target, find_references, path_text};

/// The `[check]` table of a `reference` rule (no settings). Needs the variants `annex`
/// and `several` (several articles of one range missing; `{targets}` lists them).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {}

/// The references of the document to its own articles and annexes, headings excluded
/// (a heading's « ARTICLE 3 » is the article itself, not a mention of it).
pub fn document_references(ctx: &Context) -> Vec<Reference> {
    let labels: BTreeSet<usize> = ctx
        .document
        .all_articles()
        .iter()
        .map(|a| a.label_span.start)
        .chain(ctx.document.annexes.iter().map(|a| a.span.start))
        .collect();
    find_references(ctx.source.text(), 0)
        .into_iter()
        .filter(|r| !labels.contains(&r.span.start))
        .collect()
}

/// « 1 à 13 », « 1 à 6, 8 à 13 », « 5.1, 5.2 »: the articles of the document, ranges
/// of consecutive numbers compressed.
pub fn existing_articles(document: &Document) -> String {
    let top: BTreeSet<u32> = document
        .articles
        .iter()
        .filter_map(|a| a.number.first().copied())
        .collect();
    let top: Vec<u32> = top.into_iter().collect();
    let mut parts: Vec<String> = top
        .chunk_by(|a, b| *b == a + 1)
        .map(|run| match run {
            [one] => one.to_string(),
            [first, .., last] => format!("{first} à {last}"),
            [] => String::new(),
        })
        .collect();
    let subs: Vec<String> = document
        .all_articles()
        .iter()
        .filter(|a| a.number.len() > 1)
        .map(|a| path_text(&a.number))
        .collect();
    if !subs.is_empty() {
        parts.push(subs.join(", "));
    }
    parts.join(", ")
}

impl Config {
    pub(crate) fn needed_variants(&self) -> Vec<String> {
        vec!["annex".into(), "several".into()]
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let document = ctx.document;
        let articles: BTreeSet<Vec<u32>> = document
            .all_articles()
            .iter()
            .map(|a| a.number.clone())
            .collect();
        let annexes: BTreeSet<&str> = document.annexes.iter().map(|a| a.number.as_str()).collect();
        let existing = existing_articles(document);
        let existing_annexes = if annexes.is_empty() {
            "aucune".to_string()
        } else {
            annexes.iter().copied().collect::<Vec<_>>().join(", ")
        };
        let text = ctx.source.text();
        let mut findings: Vec<Finding> = Vec::new();
        for reference in document_references(ctx) {
            for (target, span) in &reference.targets {
                let missing = match target {
                    // Without any article recognised, `articles-not-found` says so.
                    Target::Article(path) => !articles.is_empty() && !articles.contains(path),
                    Target::Annex(n) => !annexes.contains(n.as_str()),
                };
                // The inner numbers of a range share the range's span: one finding each
                // span, naming every missing target.
                if !missing {
                    continue;
                }
                if let Some(f) = findings.iter_mut().find(|f| f.span == *span) {
                    if let Some((_, v)) = f.vars.iter_mut().find(|(k, _)| k == "targets") {
                        v.push_str(&format!(", {}", target.number()));
                    }
                    f.variant = Some("several".into());
                    continue;
                }
                let (variant, existing) = match target {
                    Target::Article(_) => (None, existing.clone()),
                    Target::Annex(_) => (Some("annex".to_string()), existing_annexes.clone()),
                };
                findings.push(Finding {
                    span: span.clone(),
                    vars: vars([
                        ("target", target.describe()),
                        ("targets", target.number()),
                        (
                            "found",
                            text[reference.span.clone()]
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                        ("existing", existing),
                    ]),
                    variant,
                    ..Finding::default()
                });
            }
        }
        findings
    }
}
