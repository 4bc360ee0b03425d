//! paraphe: a linter for French conventions (agreements between public bodies).
//!
//! The library reads a file ([`source`]), parses it into a tree of parts ([`parser`],
//! [`document`]), and runs declarative rules ([`rule`]) through a small set of check
//! kinds ([`checks`]) to produce [`Diagnostic`]s, which [`render`] turns into text,
//! JSON or a tree outline. It never prints and never exits: the binary does.

#![warn(missing_docs)]

pub mod checks;
pub mod config;
pub mod diagnostic;
pub mod dictionary;
pub mod document;
pub mod fix;
pub mod formats;
pub mod fr;
pub mod parser;
pub mod profile;
pub mod project;
pub mod render;
pub mod rule;
pub mod segment;
pub mod source;
pub mod suppression;
pub mod timings;

pub use diagnostic::Diagnostic;
pub use document::Document;
pub use profile::Profile;
pub use rule::{Model, RuleSet, Severity};
pub use source::Source;
pub use timings::Timings;

/// Which document model a check uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ModelChoice {
    /// The first model whose `applies-to` matches the document's title.
    #[default]
    Auto,
    /// No model: only the numbering of articles is checked, roles are found by title.
    None,
    /// The model with this id.
    Named(String),
}

/// Settings of a run, beyond the rules themselves.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Which document model to use.
    pub model: ModelChoice,
    /// The Hunspell dictionary of the spelling checks; without one, only the near
    /// misses of the document's own words and the accents its own words show are
    /// checked.
    pub dictionary: Option<std::sync::Arc<dictionary::Dictionary>>,
    /// The project's words, accepted by the spelling check.
    pub words: std::sync::Arc<dictionary::WordList>,
    /// What the document is, a convention to sign or a template: the one place the
    /// profile is decided; [`check_document`] runs only the rules in force in it
    /// ([`RuleSet::for_profile`]).
    pub profile: Profile,
}

/// The model that applies to `document` under `settings`, if any.
pub fn select_model<'r>(
    document: &Document,
    rules: &'r RuleSet,
    settings: &Settings,
) -> Option<&'r Model> {
    match &settings.model {
        ModelChoice::Auto => rules.model_for(document.title.as_ref().map_or("", |t| &t.text)),
        ModelChoice::None => None,
        ModelChoice::Named(id) => rules.models.iter().find(|m| &m.id == id),
    }
}

/// Checks one source against every rule. Findings come sorted by position (start,
/// then end), then rule id.
///
/// ```
/// use paraphe::{RuleSet, Settings, Source};
///
/// let rules = RuleSet::embedded().expect("the built-in rules are valid");
/// let source = Source::from_str(
///     "convention.txt",
///     "ARTICLE 1 - OBJET\nLes équipes du prestaire interviennent jusqu'au [Date].\n",
/// );
/// let findings = paraphe::check(&source, &rules, &Settings::default());
/// let rules_found: Vec<&str> = findings.iter().map(|d| d.rule.as_str()).collect();
/// assert_eq!(rules_found, ["typo", "placeholder"]);
/// // Columns count characters: « é » is one.
/// assert_eq!(source.position(findings[0].span.start).column, 16);
/// ```
pub fn check(source: &Source, rules: &RuleSet, settings: &Settings) -> Vec<Diagnostic> {
    let document = parser::parse(source);
    check_document(source, &document, rules, settings)
}

/// Like [`check`], on a document already parsed from `source`. Only the rules in force
/// in `settings.profile` are run.
pub fn check_document(
    source: &Source,
    document: &Document,
    rules: &RuleSet,
    settings: &Settings,
) -> Vec<Diagnostic> {
    check_document_timed(source, document, rules, settings, &mut Timings::default())
}

/// Like [`check_document`], adding the time each rule took to `timings` (under
/// `rule:ID`; what several rules share, such as the document's vocabulary, counts for the
/// first that needs it) and the time to sort and merge the findings (`merge`).
pub fn check_document_timed(
    source: &Source,
    document: &Document,
    rules: &RuleSet,
    settings: &Settings,
    timings: &mut Timings,
) -> Vec<Diagnostic> {
    let ctx = checks::Context::new(source, document, select_model(document, rules, settings))
        .with_lexicon(settings.dictionary.as_deref(), Some(&settings.words));
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for rule in rules.for_profile(settings.profile) {
        let start = std::time::Instant::now();
        diagnostics.extend(checks::run(rule, &ctx));
        timings.add(&format!("rule:{}", rule.id), start.elapsed());
    }
    let start = std::time::Instant::now();
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    let diagnostics = suppression::apply(&ctx, rules, settings.profile, diagnostics);
    let merged = merge_group_duplicates(diagnostics, rules);
    timings.add("merge", start.elapsed());
    merged
}

/// Two findings of rules of one group on the same span (`typo` and `spelling` on
/// « prestaire ») are one finding: the one with the most secondary labels is kept (ties:
/// then the one with a safe fix, then the first by rule id), with the other's fix when that fix is safe and replaces with the same text.
/// `diagnostics` must be sorted by span.
fn merge_group_duplicates(diagnostics: Vec<Diagnostic>, rules: &RuleSet) -> Vec<Diagnostic> {
    let group = |d: &Diagnostic| rules.get(&d.rule).and_then(|r| r.group.clone());
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        // Sorted by span: the findings on the same span are the last ones kept.
        let same = out
            .iter()
            .rev()
            .take_while(|kept| kept.span == d.span)
            .position(|kept| group(kept).is_some() && group(kept) == group(&d))
            .map(|back| out.len() - 1 - back);
        let Some(i) = same else {
            out.push(d);
            continue;
        };
        let weight = |d: &Diagnostic| {
            let safe = d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == diagnostic::Applicability::Safe);
            (d.related.len(), safe)
        };
        let (mut keep, other) = if weight(&d) > weight(&out[i]) {
            (d, out[i].clone())
        } else {
            (out[i].clone(), d)
        };
        if let (Some(kept_fix), Some(other_fix)) = (keep.fix.as_mut(), other.fix.as_ref())
            && other_fix.applicability == diagnostic::Applicability::Safe
            && other_fix.replacement == kept_fix.replacement
        {
            kept_fix.applicability = diagnostic::Applicability::Safe;
        }
        out[i] = keep;
    }
    out
}
