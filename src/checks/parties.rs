//! Check kinds about who the convention binds and what it calls itself:
//!
//! - `designation`: the designations the front matter gives the parties (« désignée sous
//!   le terme « le Bénéficiaire » ») are used as defined, each is used, none names two
//!   parties, and the signature block's « Pour … » names every party.
//! - `self-term`: the convention names itself one way (« la présente convention ») and
//!   never another (« le contrat »).
//! - `signatories`: « Fait en deux exemplaires » matches the number of signatories.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::diagnostic::Applicability;
use crate::document::{Designation, Party};
use crate::fr::{ends_word, fold, starts_word};
use crate::source::Span;

/// « la Métropole » → « Métropole »: the designation without its article.
fn head(designation: &str) -> &str {
    let lower = designation.to_lowercase();
    for article in ["la ", "le ", "les ", "l'", "l’"] {
        if lower.starts_with(article) {
            return designation[article.len()..].trim_start();
        }
    }
    designation
}

/// Whether a name or designation is still a template field.
fn is_field(s: &str) -> bool {
    s.contains('[')
}

/// Folded words of a name, articles and empty words dropped, for comparing a party
/// with a signatory (« La METROPOLE DU GRAND PARIS » ~ « la Métropole du Grand Paris »).
fn name_key(s: &str) -> String {
    fold(head(s.trim()))
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `[check]` table of a `designation` rule (no settings). Needs the variants
/// `unused`, `duplicate`, `redefined`, `unsigned` and the label `definition`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignationConfig {}

impl DesignationConfig {
    pub(crate) fn needed_names(&self) -> Vec<String> {
        vec![
            "unused".into(),
            "duplicate".into(),
            "redefined".into(),
            "unsigned".into(),
            "labels.definition".into(),
        ]
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let Some(parties) = &ctx.document.parties else {
            return Vec::new();
        };
        let mut findings = Vec::new();
        let mut defined: Vec<(&Party, &Designation)> = Vec::new();
        for party in &parties.parties {
            for d in &party.designations {
                if is_field(&d.text) {
                    continue;
                }
                let same_head =
                    |first: &Designation| fold(head(&first.text)) == fold(head(&d.text));
                if let Some((other, first)) = defined.iter().find(|(p, first)| {
                    same_head(first) && (!std::ptr::eq(*p, party) || first.text != d.text)
                }) {
                    // Given to two parties, or twice to one party in two spellings.
                    let variant = if std::ptr::eq(*other, party) {
                        "redefined"
                    } else {
                        "duplicate"
                    };
                    findings.push(Finding {
                        span: d.span.clone(),
                        vars: vars([
                            ("designation", d.text.clone()),
                            ("defined", first.text.clone()),
                        ]),
                        variant: Some(variant.into()),
                        related: vec![definition_label(first)],
                        ..Finding::default()
                    });
                    continue;
                }
                defined.push((party, d));
            }
        }
        let text = ctx.source.text();
        // Each head once: « la Métropole du Grand Paris » and « la Métropole » share
        // « Métropole », and a use of one is not a misuse of the other.
        let mut heads: Vec<(&str, &Designation)> = Vec::new();
        for (_, d) in &defined {
            let h = head(&d.text);
            let first_word = h.split_whitespace().next().unwrap_or(h);
            if !heads.iter().any(|(k, _)| fold(k) == fold(first_word)) {
                heads.push((first_word, d));
            }
        }
        for (_, d) in &defined {
            let uses = occurrences(text, head(&d.text), &d.span);
            if uses.is_empty() {
                findings.push(Finding {
                    span: d.span.clone(),
                    vars: vars([("designation", d.text.clone())]),
                    variant: Some("unused".into()),
                    ..Finding::default()
                });
            }
        }
        let definitions: Vec<Span> = parties
            .parties
            .iter()
            .flat_map(|p| p.designations.iter().map(|d| d.span.clone()))
            .collect();
        for (word, d) in heads {
            for span in occurrences(text, word, &d.span) {
                if definitions
                    .iter()
                    .any(|s| s.start <= span.start && span.end <= s.end)
                {
                    continue;
                }
                let found = &text[span.clone()];
                let all_caps = found
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                // Before its definition, or without a definite article (« nombre de
                // bénéficiaires »), the word is the common noun, not the designation.
                if found == word
                    || all_caps
                    || span.start < d.span.start
                    || !after_definite_article(text, span.start)
                    || names_another(&text[span.end..])
                {
                    continue;
                }
                findings.push(Finding {
                    vars: vars([
                        ("found", found.to_string()),
                        ("designation", d.text.clone()),
                        ("expected", word.to_string()),
                    ]),
                    related: vec![definition_label(d)],
                    // « la commune » may mean any commune: shown, never applied.
                    fix: Some((word.to_string(), Applicability::DisplayOnly)),
                    span,
                    ..Finding::default()
                });
            }
        }
        findings.extend(unsigned_parties(ctx, &parties.parties));
        findings.sort_by_key(|f| f.span.start);
        findings
    }
}

fn definition_label(d: &Designation) -> (Span, String, super::Vars) {
    (
        d.span.clone(),
        "definition".into(),
        vars([("designation", d.text.clone())]),
    )
}

/// Whether what follows a common noun makes it another entity: « la commune de
/// Bagnolet », « la commune limitrophe », « la métropole lyonnaise », « le bénéficiaire
/// du revenu de solidarité active » (a complement or an adjective).
fn names_another(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\u{a0}', '\n']);
    let mut words = rest.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
    let first = fold(words.next().unwrap_or(""));
    match first.as_str() {
        "de" | "du" | "des" | "d" => true,
        w if w.starts_with("d'") || w.starts_with("d’") => true,
        // An adjective right after the noun: lowercase, not a verb or an article.
        "limitrophe" | "voisine" | "voisin" | "lyonnaise" | "concernee" | "concerne"
        | "partenaire" | "membre" | "membres" | "adherente" | "adherent" => true,
        _ => false,
    }
}

/// Whether the word at `at` follows a definite or demonstrative article (« le »,
/// « du », « au », « l' », « ce », « ledit »), as a designation does.
fn after_definite_article(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\u{a0}', '\n', '\t']);
    if before.ends_with(['\'', '’']) {
        return before[..before.len() - 1].ends_with(['l', 'L']);
    }
    let previous: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    matches!(
        fold(&previous).as_str(),
        "le" | "la"
            | "les"
            | "du"
            | "au"
            | "aux"
            | "ce"
            | "cette"
            | "ledit"
            | "ladite"
            | "audit"
            | "dudit"
    )
}

/// Every whole-word occurrence of `word` (case and accents ignored) outside `except`.
fn occurrences(text: &str, word: &str, except: &Span) -> Vec<Span> {
    let pattern = format!("(?i){}", regex::escape(word));
    let Ok(re) = Regex::new(&pattern) else {
        return Vec::new();
    };
    re.find_iter(text)
        .filter(|m| starts_word(text, m.start()) && ends_word(text, m.end()))
        .filter(|m| !(except.start <= m.start() && m.end() <= except.end))
        .map(|m| m.range())
        .collect()
}

/// Parties that no « Pour … » of the signature block names.
fn unsigned_parties(ctx: &Context, parties: &[Party]) -> Vec<Finding> {
    let Some(block) = &ctx.document.signature else {
        return Vec::new();
    };
    if block.signatories.is_empty() {
        return Vec::new();
    }
    let signers: Vec<String> = block
        .signatories
        .iter()
        .map(|s| name_key(&s.name))
        .collect();
    let mut findings = Vec::new();
    for party in parties {
        if is_field(&party.name) || block.signatories.iter().any(|s| is_field(&s.name)) {
            continue;
        }
        let mut keys = vec![name_key(&party.name)];
        keys.extend(party.designations.iter().map(|d| name_key(&d.text)));
        let signed = signers.iter().any(|s| {
            keys.iter().any(|k| {
                !k.is_empty() && (s == k || s.contains(k.as_str()) || k.contains(s.as_str()))
            })
        });
        if !signed {
            let list = block
                .signatories
                .iter()
                .map(|s| format!("« {} »", s.name))
                .collect::<Vec<_>>()
                .join(", ");
            findings.push(Finding {
                span: party.name_span.clone(),
                vars: vars([("party", party.name.clone()), ("signatories", list)]),
                variant: Some("unsigned".into()),
                related: block
                    .signatories
                    .iter()
                    .map(|s| (s.span.clone(), "=signataire".to_string(), Vec::new()))
                    .collect(),
                ..Finding::default()
            });
        }
    }
    findings
}

/// The `[check]` table of a `self-term` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SelfTermConfig {
    /// Nouns a legal text may call itself by (« convention », « contrat », « accord »).
    pub nouns: Vec<String>,
    /// Of those, the ones that, with a definite article alone (« le contrat »), still
    /// mean this document; they are reported when the document calls itself otherwise.
    /// Followed by « de »/« d' » (« le contrat de travail »), they name something else.
    pub bare: Vec<String>,
}

static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:la|le|du|de\s+la|au|à\s+la)\s+présente?\s+(\p{L}+)").expect("valid regex")
});

static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:le|du|au|ce|ledit)\s+(\p{L}+)").expect("valid regex"));

/// Whether `after` (the text after a noun) starts with a complement: « du contrat de
/// prestation », « le marché d'études », « le contrat du prestataire ». Checked here
/// rather than in [`BARE`]: a `\b` in the pattern would make the regex engine slow on
/// French text.
fn has_complement(after: &str) -> bool {
    let rest = after.trim_start();
    if rest.len() == after.len() {
        return false;
    }
    let lower: String = rest.chars().take(3).flat_map(char::to_lowercase).collect();
    let next_is_letter = |n: usize| rest.chars().nth(n).is_some_and(char::is_alphabetic);
    lower.starts_with("de")
        || lower.starts_with("d'")
        || lower.starts_with("d’")
        || (lower.starts_with("du") && !next_is_letter(2))
}

impl SelfTermConfig {
    pub(crate) fn needed_names(&self) -> Vec<String> {
        vec!["labels.self".into()]
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let nouns: Vec<String> = self.nouns.iter().map(|n| fold(n)).collect();
        // « la présente convention », « le présent contrat »: what it calls itself, the
        // most frequent wins.
        // The patterns have no `\\b` (which would make the regex engine slow on French
        // text): word boundaries are checked here.
        let whole = |m: &regex::Match| starts_word(text, m.start()) && ends_word(text, m.end());
        // Wording quoted between « » is another text's (an avenant quoting the new
        // wording of the convention's article), not this document naming itself.
        let quoted = quoted_ranges(text);
        let in_quote = |at: usize| quoted.iter().any(|q| q.contains(&at));
        let mentions: Vec<(Span, String)> = PRESENT
            .captures_iter(text)
            .filter(|c| c.get(0).is_some_and(|m| whole(&m) && !in_quote(m.start())))
            .filter_map(|c| {
                let noun = fold(c.get(1)?.as_str());
                nouns
                    .contains(&noun)
                    .then(|| (c.get(0).map(|m| m.range()).unwrap_or_default(), noun))
            })
            .collect();
        let Some(own) = nouns
            .iter()
            .filter(|n| mentions.iter().any(|(_, m)| m == *n))
            .max_by_key(|n| mentions.iter().filter(|(_, m)| m == *n).count())
        else {
            return Vec::new();
        };
        let Some((first_span, _)) = mentions.iter().find(|(_, m)| m == own) else {
            return Vec::new();
        };
        let written = text[first_span.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // « La présente convention » at the start of a sentence is « la présente
        // convention » inside one.
        let mut chars = written.chars();
        let self_name: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        let label = (
            first_span.clone(),
            "self".to_string(),
            vars([("self", self_name.clone())]),
        );
        // An avenant and the convention it amends name each other: « le présent avenant
        // modifie la présente convention » is not an inconsistency.
        let pair = |a: &str, b: &str| {
            matches!(
                (a, b),
                ("avenant", "convention") | ("convention", "avenant")
            )
        };
        let mut findings: Vec<Finding> = mentions
            .iter()
            .filter(|(_, noun)| noun != own && !pair(noun, own))
            .map(|(span, _)| Finding {
                span: span.clone(),
                vars: vars([
                    (
                        "found",
                        text[span.clone()]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                    ("self", self_name.clone()),
                ]),
                related: vec![label.clone()],
                ..Finding::default()
            })
            .collect();
        // A noun the text also introduces as another instrument (« un contrat conclu
        // avec le prestataire », « un protocole sera signé ») is not this document when
        // it comes back as « le contrat ».
        // Line by line: folding the whole text would copy it (a large file twice).
        let nouns: Vec<String> = self.bare.iter().map(|n| fold(n)).collect();
        let cues: Vec<Vec<String>> = nouns
            .iter()
            .map(|noun| {
                let before = ["un ", "une ", "des ", "chaque ", "tout "]
                    .iter()
                    .map(|a| format!("{a}{noun}"));
                let after = ["conclu", "passe", "signe", "attribue", "notifie"]
                    .iter()
                    .map(|p| format!("{noun} {p}"));
                before.chain(after).collect()
            })
            .collect();
        let mut introduced = vec![false; nouns.len()];
        for line in text.lines() {
            if introduced.iter().all(|&i| i) {
                break;
            }
            let folded = fold(line);
            for (seen, cues) in introduced.iter_mut().zip(&cues) {
                *seen = *seen || cues.iter().any(|cue| folded.contains(cue.as_str()));
            }
        }
        let bare: Vec<String> = nouns
            .into_iter()
            .zip(introduced)
            .filter(|(_, introduced)| !introduced)
            .map(|(noun, _)| noun)
            .collect();
        for c in BARE.captures_iter(text) {
            let (Some(all), Some(noun)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !starts_word(text, all.start()) {
                continue;
            }
            let folded = fold(noun.as_str());
            if folded == *own || !bare.contains(&folded) || has_complement(&text[noun.end()..]) {
                continue;
            }
            let span = all.start()..noun.end();
            findings.push(Finding {
                vars: vars([
                    ("found", text[span.clone()].to_string()),
                    ("self", self_name.clone()),
                ]),
                related: vec![label.clone()],
                span,
                ..Finding::default()
            });
        }
        findings.sort_by_key(|f| f.span.start);
        findings
    }
}

/// Byte ranges of the text between French quotation marks « … » (not nested, at most
/// 2 000 bytes each, so that an unclosed « does not swallow the document).
fn quoted_ranges(text: &str) -> Vec<Span> {
    let mut ranges = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('«') {
        let start = rest + open;
        let after = start + '«'.len_utf8();
        match text[after..].find('»') {
            Some(close) if close <= 2000 => {
                ranges.push(after..after + close);
                rest = after + close;
            }
            _ => rest = after,
        }
    }
    ranges
}

/// The `[check]` table of a `signatories` rule (no settings).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatoriesConfig {}

static COPIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\ben\s+\S+\s+(?:exemplaires?|originaux)(?:\s+originaux)?")
        .expect("valid regex")
});

impl SignatoriesConfig {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let Some(block) = &ctx.document.signature else {
            return Vec::new();
        };
        let (Some(copies), Some(made_at)) = (block.copies, block.made_at.clone()) else {
            return Vec::new();
        };
        let signers = if block.signatories.is_empty() {
            ctx.document.parties.as_ref().map_or(0, |p| p.parties.len())
        } else {
            block.signatories.len()
        };
        if signers == 0 || copies as usize == signers {
            return Vec::new();
        }
        let text = ctx.source.text();
        // « en deux exemplaires » on the « Fait … » line or on a line of its own below.
        let block_text = &text[block.span.clone()];
        let span = COPIES.find(block_text).map_or(made_at.clone(), |m| {
            block.span.start + m.start()..block.span.start + m.end()
        });
        vec![Finding {
            vars: vars([
                ("found", text[span.clone()].to_string()),
                ("copies", copies.to_string()),
                ("signatories", signers.to_string()),
                (
                    "signers",
                    format!(
                        "{signers} signataire{}",
                        if signers >= 2 { "s" } else { "" }
                    ),
                ),
            ]),
            related: block
                .signatories
                .iter()
                .map(|s| (s.span.clone(), "=signataire".to_string(), Vec::new()))
                .collect(),
            span,
            ..Finding::default()
        }]
    }
}
