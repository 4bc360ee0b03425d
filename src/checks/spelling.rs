//! `spelling` and `capital-accent` check kinds: words checked against a Hunspell
//! dictionary and against the document's own vocabulary, and capitals that lost their
//! accent.
//!
//! `spelling` reports two things:
//! - a *near miss*: a word one or two edits away from a word the same document uses
//!   several times (« prestaire » beside « prestataire », « ETP » where « EPT » is
//!   used), or written in capitals and missing an accented letter of such a word
//!   (« DONNES » beside « données »). The document's word is the first suggestion,
//!   one of its uses a secondary label. Without a dictionary, only acronyms and words
//!   in capitals are looked at: nothing else says that a word is wrong (« dont » is
//!   one letter from « sont »).
//! - with a dictionary, a word it does not know, with suggestions: the dictionary
//!   words one edit away, those the document uses first, then Hunspell's own.
//!
//! Never checked: what a `skip` pattern of the rule matches (fields, URLs, e-mail
//! addresses), words with digits, proper nouns (a capitalised word that does not start
//! a sentence, and every capitalised word of the parties and signature block),
//! acronyms (all capitals, up to `acronym-length` letters) unless they are a near miss
//! of another acronym, mixed-case names (« eIDAS »), and the words of the project's
//! list (`--words`). A compound is correct when each part is a word or a known prefix
//! (« co-construction »); an elision when the word after the apostrophe is.

use std::collections::{HashMap, HashSet};

use regex::Regex;
use serde::Deserialize;

use super::{Context, Finding, overlaps, skipped, vars};
use crate::diagnostic::Applicability;
use crate::dictionary::Dictionary;
use crate::fr::fold;
use crate::fr::words::{Shape, Word, edit_distance, reaccented};
use crate::rule::serde_regex;
use crate::source::Span;

/// Words longer than this (bytes) are not checked.
const MAX_WORD: usize = 64;

/// At most this many distinct unknown words of a document get suggestions.
const MAX_SUGGESTED: usize = 200;

/// The `[check]` table of a `spelling` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Text never checked: fields, URLs, e-mail addresses (Rust `regex` syntax).
    #[serde(default, with = "serde_regex::vec")]
    pub skip: Vec<Regex>,
    /// Prefixes that make a correct compound with a hyphen (« co », « anti »).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Words always accepted (terms of art missing from the dictionaries).
    #[serde(default)]
    pub words: Vec<String>,
    /// Words in capitals up to this many letters are acronyms (default 5).
    #[serde(default = "default_acronym_length")]
    pub acronym_length: usize,
    /// How many times the document must use a word for a near miss of it to be reported
    /// (default 2).
    #[serde(default = "default_min_uses")]
    pub min_uses: usize,
    /// At most this many words of a document get Hunspell's own (slow) suggestions;
    /// the others get the dictionary words one edit away only (default 10).
    #[serde(default = "default_slow_suggestions")]
    pub slow_suggestions: usize,
}

fn default_acronym_length() -> usize {
    5
}

fn default_min_uses() -> usize {
    2
}

fn default_slow_suggestions() -> usize {
    10
}

/// The `[check]` table of a `capital-accent` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AccentConfig {
    /// Text never checked (Rust `regex` syntax).
    #[serde(default, with = "serde_regex::vec")]
    pub skip: Vec<Regex>,
}

/// How many times the document uses each word (lowercase), and where first.
#[derive(Debug, Default)]
pub struct Vocabulary {
    uses: HashMap<String, Uses>,
}

/// The uses of one word of a [`Vocabulary`].
#[derive(Debug, Clone)]
pub struct Uses {
    /// How many times.
    pub count: usize,
    /// The first use (byte offsets).
    pub first: Span,
}

impl Vocabulary {
    /// Counts `words`, lowercased, words with digits left out.
    pub fn new(words: impl Iterator<Item = Word>) -> Vocabulary {
        let mut uses: HashMap<String, Uses> = HashMap::new();
        for w in words.filter(|w| !w.has_digit) {
            match uses.get_mut(&w.text.to_lowercase()) {
                Some(u) => u.count += 1,
                None => {
                    uses.insert(
                        w.text.to_lowercase(),
                        Uses {
                            count: 1,
                            first: w.span,
                        },
                    );
                }
            }
        }
        Vocabulary { uses }
    }

    /// How many times the document uses `lower`.
    pub fn count(&self, lower: &str) -> usize {
        self.uses.get(lower).map_or(0, |u| u.count)
    }

    /// Whether the document uses `lower` at least once.
    pub fn has(&self, lower: &str) -> bool {
        self.uses.contains_key(lower)
    }
}

/// Whether `word` has a capital with an accent (« É », « À », « Ç »).
fn has_accented_capital(word: &str) -> bool {
    word.chars()
        .any(|c| c.is_uppercase() && c.to_lowercase().any(|l| !l.is_ascii()))
}

/// Gives `word` the case of `model`: all capitals, capitalised, or as is.
fn with_case(word: &str, model: Shape) -> String {
    match model {
        Shape::Upper => word.to_uppercase(),
        Shape::Capitalized => {
            let mut c = word.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        _ => word.to_string(),
    }
}

/// The form with accents restored that the capitals `word` stand for, when the form
/// without accents is not a word: known to the dictionary (or, without one, used by the
/// document in lowercase), the document's own form first. Lowercase.
pub fn accent_restored(
    word: &Word,
    dictionary: Option<&Dictionary>,
    vocabulary: &Vocabulary,
) -> Option<String> {
    let first_only = match word.shape {
        Shape::Upper => false,
        Shape::Capitalized => true,
        _ => return None,
    };
    if word.text.chars().count() < 2
        || word.text.len() > MAX_WORD
        || word.text.contains(['\'', '-'])
    {
        return None;
    }
    // A capital with an accent already, or a word that is right as it is.
    if has_accented_capital(&word.text) {
        return None;
    }
    let lower = word.text.to_lowercase();
    let known = |w: &str| match dictionary {
        Some(d) => d.check(w),
        None => vocabulary.has(w),
    };
    if known(&lower) || dictionary.is_some_and(|d| d.check(&word.text)) {
        return None;
    }
    let forms = reaccented(&lower, first_only, 4096);
    forms
        .iter()
        .find(|f| vocabulary.has(f) && known(f))
        .or_else(|| forms.iter().find(|f| known(f)))
        .cloned()
}

/// Whether `short` is `long` (both lowercase) missing one of its accented letters
/// (« donnes », « données »), accents aside.
fn drops_accented_letter(short: &str, long: &str) -> bool {
    let long: Vec<char> = long.chars().collect();
    let short = fold(short);
    long.iter().enumerate().any(|(i, c)| {
        !c.is_ascii()
            && c.is_alphabetic()
            && fold(&long[..i].iter().chain(&long[i + 1..]).collect::<String>()) == short
    })
}

/// A word of the document a near miss can point to.
struct Target<'a> {
    /// Lowercase.
    lower: &'a str,
    /// How many times the document uses it.
    count: usize,
    /// Its first use.
    first: Span,
    /// Whether it is used as an acronym.
    acronym: bool,
}

/// How a word fares: what the spelling check makes of it.
enum Verdict {
    /// Not looked at (field, proper noun, digits…).
    Skip,
    /// An acronym: only its near misses of other acronyms count.
    Acronym,
    /// Looked at: whether the dictionary knows it (`None` without a dictionary).
    Checked(Option<bool>),
}

impl Config {
    /// Whether `text` (one word, apostrophes normalised) is correct for the dictionary,
    /// through its hyphenated parts (elisions are split off by the tokenizer).
    fn known(&self, dictionary: &Dictionary, text: &str) -> bool {
        if dictionary.check(text) || self.words.iter().any(|w| w == text) {
            return true;
        }
        if text.contains('-') {
            return text.split('-').all(|part| {
                part.chars().count() < 2
                    || self.prefixes.iter().any(|p| p.eq_ignore_ascii_case(part))
                    || self.known(dictionary, part)
            });
        }
        false
    }

    fn verdict(
        &self,
        ctx: &Context,
        word: &Word,
        skip: &[Span],
        names: &[Span],
        dictionary: Option<&Dictionary>,
        cache: &mut HashMap<String, bool>,
    ) -> Verdict {
        // One dictionary lookup per distinct word, not per use.
        let mut known = |d: &Dictionary, text: &str| match cache.get(text) {
            Some(&k) => k,
            None => {
                let k = self.known(d, text);
                cache.insert(text.to_string(), k);
                k
            }
        };
        // No French word is that long (« anticonstitutionnellement » has 25 letters):
        // a longer run of letters is not a word, and would make the edit search slow.
        if word.has_digit || overlaps(skip, &word.span) || word.text.len() > MAX_WORD {
            return Verdict::Skip;
        }
        if ctx.word_list.is_some_and(|l| {
            l.contains(&word.text) || word.hyphenated.as_deref().is_some_and(|h| l.contains(h))
        }) {
            return Verdict::Skip;
        }
        // « CCAG-FCS »: each part counts as a word of its own.
        let letters = word
            .text
            .split('-')
            .map(|part| part.chars().filter(|c| c.is_alphabetic()).count())
            .max()
            .unwrap_or(0);
        match word.shape {
            Shape::Mixed => return Verdict::Skip,
            Shape::Capitalized if !word.sentence_start || overlaps(names, &word.span) => {
                return Verdict::Skip;
            }
            // « Patrick OLLIER »: names in capitals in the parties and signatures.
            Shape::Upper if overlaps(names, &word.span) => return Verdict::Skip,
            Shape::Upper if letters <= self.acronym_length => {
                let known = dictionary.is_some_and(|d| known(d, &word.text));
                return if known {
                    Verdict::Checked(Some(true))
                } else {
                    Verdict::Acronym
                };
            }
            _ => {}
        }
        Verdict::Checked(dictionary.map(|d| {
            known(d, &word.text) || word.hyphenated.as_deref().is_some_and(|h| known(d, h))
        }))
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let vocabulary = ctx.vocabulary();
        let dictionary = ctx.dictionary;
        let skip = skipped(text, &self.skip);
        let mut names: Vec<Span> = ctx
            .document
            .parties
            .iter()
            .map(|p| p.span.clone())
            .chain(ctx.document.signature.iter().map(|s| s.span.clone()))
            .collect();
        names.sort_by_key(|s| s.start);
        let mut known_cache: HashMap<String, bool> = HashMap::new();

        // First pass: the words a near miss can point to, used often enough and
        // themselves correct (or acronyms, for the near misses of acronyms).
        let mut flags: HashMap<String, (bool, bool)> = HashMap::new();
        for word in ctx.words() {
            let lower = word.text.to_lowercase();
            if vocabulary.count(&lower) < self.min_uses || lower.chars().count() < 3 {
                continue;
            }
            let verdict = self.verdict(ctx, &word, &skip, &names, dictionary, &mut known_cache);
            let (correct, acronym) = match verdict {
                Verdict::Checked(k) => (k != Some(false), false),
                Verdict::Acronym => (false, true),
                Verdict::Skip => (false, false),
            };
            let entry = flags.entry(lower).or_default();
            entry.0 |= correct;
            entry.1 |= acronym;
        }
        let mut targets: Vec<Target> = flags
            .iter()
            .filter(|(_, (correct, acronym))| *correct || *acronym)
            .filter_map(|(lower, &(_, acronym))| {
                let uses = vocabulary.uses.get(lower)?;
                Some(Target {
                    lower: lower.as_str(),
                    count: uses.count,
                    first: uses.first.clone(),
                    acronym,
                })
            })
            .collect();
        targets.sort_by_key(|t| t.lower);

        let mut findings = Vec::new();
        let mut cache: HashMap<String, Option<(String, Span)>> = HashMap::new();
        let mut suggestions_cache: HashMap<String, Vec<String>> = HashMap::new();
        let mut slow_left = self.slow_suggestions;
        let mut suggested = 0usize;
        for word in ctx.words() {
            let (acronym, known) =
                match self.verdict(ctx, &word, &skip, &names, dictionary, &mut known_cache) {
                    Verdict::Skip => continue,
                    Verdict::Acronym => (true, None),
                    Verdict::Checked(k) => (false, k),
                };
            let lower = word.text.to_lowercase();
            let uses = vocabulary.count(&lower);
            let dict_known = known == Some(true);
            // Capitals that lost their accent are left to `capital-accent`.
            if !dict_known && accent_restored(&word, dictionary, vocabulary).is_some() {
                continue;
            }
            // A word the dictionary knows is a near miss only when written in capitals
            // and missing an accented letter of a word the document uses. Without a
            // dictionary nothing says a word is unknown: only acronyms and that case of
            // capitals are looked at (« dont » is one letter from « sont », and both
            // are right).
            let (near_miss_allowed, accent_only) = match dictionary {
                Some(_) => (!dict_known || word.shape == Shape::Upper, dict_known),
                None => (acronym || word.shape == Shape::Upper, !acronym),
            };
            let near = if near_miss_allowed {
                cache
                    .entry(lower.clone())
                    .or_insert_with(|| self.near_miss(&lower, uses, acronym, accent_only, &targets))
                    .clone()
            } else {
                None
            };
            if let Some((target, other)) = near {
                let suggestion = with_case(&target, word.shape);
                let written = text[other.clone()].to_string();
                findings.push(Finding {
                    span: word.span.clone(),
                    vars: vars([
                        ("found", word.text.clone()),
                        ("suggestion", suggestion.clone()),
                        ("suggestions", format!("« {suggestion} »")),
                        ("count", vocabulary.count(&target).to_string()),
                    ]),
                    variant: Some("near-miss".into()),
                    related: vec![(other, "used".into(), vars([("suggestion", written)]))],
                    fix: Some((suggestion, Applicability::DisplayOnly)),
                });
                continue;
            }
            if acronym || known != Some(false) {
                continue;
            }
            let Some(dictionary) = dictionary else {
                continue;
            };
            let suggestions = suggestions_cache
                .entry(lower.clone())
                .or_insert_with(|| {
                    if suggested >= MAX_SUGGESTED {
                        return Vec::new();
                    }
                    suggested += 1;
                    let mut s = self.close_words(dictionary, &lower, vocabulary);
                    if s.is_empty() && slow_left > 0 {
                        slow_left -= 1;
                        s = dictionary
                            .suggest(&lower)
                            .into_iter()
                            .filter(|s| !s.contains(' '))
                            .take(3)
                            .collect();
                    }
                    s
                })
                .iter()
                .map(|s| with_case(s, word.shape))
                .collect::<Vec<_>>();
            let listed = suggestions
                .iter()
                .map(|s| format!("« {s} »"))
                .collect::<Vec<_>>()
                .join(", ");
            findings.push(Finding {
                span: word.span.clone(),
                vars: vars([
                    ("found", word.text.clone()),
                    (
                        "suggestion",
                        suggestions.first().cloned().unwrap_or_default(),
                    ),
                    ("suggestions", listed),
                    ("count", uses.to_string()),
                ]),
                variant: suggestions.is_empty().then(|| "unknown".to_string()),
                fix: suggestions
                    .first()
                    .map(|s| (s.clone(), Applicability::DisplayOnly)),
                ..Finding::default()
            });
        }
        findings
    }

    /// The word of `targets` that `lower` (used `uses` times) is a slip of, and the
    /// span of its first use.
    fn near_miss(
        &self,
        lower: &str,
        uses: usize,
        acronym: bool,
        accent_only: bool,
        targets: &[Target],
    ) -> Option<(String, Span)> {
        let length = lower.chars().count();
        if length < 3 {
            return None;
        }
        let limit = if length >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, usize, &str, Span)> = None;
        for t in targets {
            let target = t.lower;
            if target == lower || t.count <= uses || (acronym && !t.acronym) {
                continue;
            }
            let target_length = target.chars().count();
            if target_length.abs_diff(length) > limit {
                continue;
            }
            let distance = if accent_only {
                if drops_accented_letter(lower, target) {
                    1
                } else {
                    continue;
                }
            } else {
                let d = edit_distance(lower, target, limit);
                if d > limit || fold(lower) == fold(target) {
                    continue;
                }
                d
            };
            let key = (distance, usize::MAX - t.count, target);
            if best.as_ref().is_none_or(|b| key < (b.0, b.1, b.2)) {
                best = Some((key.0, key.1, key.2, t.first.clone()));
            }
        }
        best.map(|(_, _, target, first)| (target.to_string(), first))
    }

    /// Dictionary words one edit from `lower`: those the document uses first, then
    /// those differing only by accents, at most three.
    fn close_words(
        &self,
        dictionary: &Dictionary,
        lower: &str,
        vocabulary: &Vocabulary,
    ) -> Vec<String> {
        const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüœ";
        let chars: Vec<char> = lower.chars().collect();
        let mut candidates: Vec<String> = Vec::new();
        let mut push = |v: Vec<char>| candidates.push(v.into_iter().collect());
        for i in 0..chars.len() {
            let mut v = chars.clone();
            v.remove(i);
            push(v);
            if i + 1 < chars.len() {
                let mut v = chars.clone();
                v.swap(i, i + 1);
                push(v);
            }
            for l in LETTERS.chars() {
                let mut v = chars.clone();
                v[i] = l;
                push(v);
            }
        }
        for i in 0..=chars.len() {
            for l in LETTERS.chars() {
                let mut v = chars.clone();
                v.insert(i, l);
                push(v);
            }
        }
        let mut seen = HashSet::new();
        let mut known: Vec<String> = candidates
            .into_iter()
            .filter(|c| c != lower && seen.insert(c.clone()) && dictionary.check(c))
            .collect();
        let folded = fold(lower);
        known.sort_by_key(|c| (!vocabulary.has(c), fold(c) != folded));
        known.truncate(3);
        known
    }
}

impl AccentConfig {
    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        let vocabulary = ctx.vocabulary();
        let skip = skipped(text, &self.skip);
        // A word in capitals that keeps its accent: the document's own rule.
        let accented_capital = ctx
            .words()
            .find(|w| w.shape == Shape::Upper && has_accented_capital(&w.text));
        let mut cache: HashMap<String, Option<String>> = HashMap::new();
        let mut findings = Vec::new();
        for word in ctx.words() {
            if word.has_digit || overlaps(&skip, &word.span) {
                continue;
            }
            let Some(restored) = cache
                .entry(word.text.clone())
                .or_insert_with(|| accent_restored(&word, ctx.dictionary, vocabulary))
                .clone()
            else {
                continue;
            };
            let replacement = with_case(&restored, word.shape);
            let mut finding = Finding {
                span: word.span.clone(),
                vars: vars([
                    ("found", word.text.clone()),
                    ("replacement", replacement.clone()),
                    (
                        "accented",
                        accented_capital
                            .as_ref()
                            .map(|w| w.text.clone())
                            .unwrap_or_default(),
                    ),
                ]),
                fix: Some((replacement, Applicability::Safe)),
                ..Finding::default()
            };
            if let Some(w) = &accented_capital {
                finding.variant = Some("inconsistent".into());
                finding.related.push((
                    w.span.clone(),
                    "accented".into(),
                    vars([("accented", w.text.clone())]),
                ));
            }
            findings.push(finding);
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_accented_letters() {
        assert!(drops_accented_letter("donnes", "données"));
        assert!(!drops_accented_letter("donne", "données"));
        assert!(!drops_accented_letter("partie", "parties"));
    }
}
