//! The check kinds: the Rust code that interprets the `[check]` table of a rule file.
//! One module per kind; each turns a document into [`Finding`]s, which [`run`] turns
//! into [`Diagnostic`]s by filling the rule's message templates.

pub mod articles;
pub mod dates;
pub mod field_declared;
pub mod field_party;
pub mod field_syntax;
pub mod fields;
pub mod identifiers;
pub mod marks;
pub mod numbers;
pub mod parties;
pub mod placeholder;
pub mod references;
pub mod repeated;
pub mod spelling;
pub mod structure;
pub mod substitution;
pub mod typography;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Related};
use crate::document::{Article, Document};
use crate::fr::fold;
use crate::rule::{Check, Model, Rule, render_template};
use crate::source::{Source, Span};

/// What a check kind sees.
pub struct Context<'a> {
    /// The loaded file.
    pub source: &'a Source,
    /// Its parsed tree.
    pub document: &'a Document,
    /// The document model that applies to it, if any.
    pub model: Option<&'a crate::rule::Model>,
    /// The pairing of the model's articles with the document's ([`match_model`]),
    /// computed once per document on first use.
    pub matched: std::sync::OnceLock<Vec<Option<usize>>>,
    /// Every date of the text, read once per document on first use.
    pub dates: std::sync::OnceLock<Vec<crate::fr::dates::DateMention>>,
    /// How often each word is used, counted once per document on first use.
    pub vocabulary: std::sync::OnceLock<spelling::Vocabulary>,
    /// The Hunspell dictionary, when one was found.
    pub dictionary: Option<&'a crate::dictionary::Dictionary>,
    /// The project's own words, accepted by the spelling check.
    pub word_list: Option<&'a crate::dictionary::WordList>,
}

impl<'a> Context<'a> {
    /// A context for one document.
    pub fn new(source: &'a Source, document: &'a Document, model: Option<&'a Model>) -> Self {
        Context {
            source,
            document,
            model,
            matched: std::sync::OnceLock::new(),
            dates: std::sync::OnceLock::new(),
            vocabulary: std::sync::OnceLock::new(),
            dictionary: None,
            word_list: None,
        }
    }

    /// The same context with a dictionary and a project word list for the spelling
    /// checks.
    pub fn with_lexicon(
        mut self,
        dictionary: Option<&'a crate::dictionary::Dictionary>,
        word_list: Option<&'a crate::dictionary::WordList>,
    ) -> Self {
        self.dictionary = dictionary;
        self.word_list = word_list;
        self
    }

    /// Every word of the text ([`words`](crate::fr::words::words)), read anew on each
    /// call: a check that needs two passes makes two calls, and no list of words is
    /// kept.
    pub fn words(&self) -> crate::fr::words::Words<'a> {
        let text = self.source.text();
        crate::fr::words::words(text, 0..text.len())
    }

    /// How often the document uses each word.
    pub fn vocabulary(&self) -> &spelling::Vocabulary {
        self.vocabulary
            .get_or_init(|| spelling::Vocabulary::new(self.words()))
    }

    /// Every date mentioned in the text ([`find_dates`](crate::fr::dates::find_dates)).
    pub fn dates(&self) -> &[crate::fr::dates::DateMention] {
        self.dates
            .get_or_init(|| crate::fr::dates::find_dates(self.source.text(), 0))
    }

    /// [`match_model`] for this document and its model (empty without a model).
    pub fn matched(&self) -> &[Option<usize>] {
        self.matched.get_or_init(|| {
            self.model
                .map(|m| match_model(self.document, m))
                .unwrap_or_default()
        })
    }
}

/// Byte ranges matched by any of `patterns`, sorted and merged.
pub(crate) fn skipped(text: &str, patterns: &[regex::Regex]) -> Vec<Span> {
    let mut spans: Vec<Span> = patterns
        .iter()
        .flat_map(|p| p.find_iter(text).map(|m| m.range()))
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Whether `span` overlaps one of `spans` (sorted, not overlapping): a binary search.
pub(crate) fn overlaps(spans: &[Span], span: &Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans.get(i).is_some_and(|s| s.start < span.end)
}

/// Variables for a rule's templates: `(name, value)`.
pub type Vars = Vec<(String, String)>;

/// What a check kind found, before the rule's wording is applied.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    /// The offending text.
    pub span: Span,
    /// Values for the `{variables}` of the message, help and labels.
    pub vars: Vars,
    /// The name of one of the rule's `variants` to use instead of its message and help.
    pub variant: Option<String>,
    /// Secondary labels: span, name of the label in the rule's `labels` table (or a
    /// literal message when it starts with `=`), and its own variables.
    pub related: Vec<(Span, String, Vars)>,
    /// A replacement for the span, and whether it is safe.
    pub fix: Option<(String, Applicability)>,
}

/// Shorthand to build template variables.
pub fn vars<const N: usize>(pairs: [(&str, String); N]) -> Vars {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Checks a rule's `[check]` table once it is read: the variants and labels it needs
/// exist, its expressions are well formed.
///
/// # Errors
/// A message saying what is missing or wrong.
pub fn validate(rule: &Rule) -> Result<(), String> {
    let needs: Vec<String> = match &rule.check {
        Check::Placeholder(c) => c.needed_variants(),
        Check::Substitution(c) => c.validate()?,
        Check::ArticleSequence(c) => c.needed_names(),
        Check::DateValidity(_) => Vec::new(),
        Check::DateOrder(c) => c.validate()?,
        Check::Structure(_) => Vec::new(),
        Check::Reference(c) => c.needed_variants(),
        Check::Restatement(_) => Vec::new(),
        Check::DateWeekday(_) => Vec::new(),
        Check::Designation(c) => c.needed_names(),
        Check::SelfTerm(c) => c.needed_names(),
        Check::Signatories(_) => Vec::new(),
        Check::Identifier(c) => c.needed_variants(),
        Check::Marks(c) => c.needed_variants(),
        Check::Spelling(_) => vec!["near-miss".into(), "unknown".into(), "labels.used".into()],
        Check::CapitalAccent(_) => vec!["inconsistent".into(), "labels.accented".into()],
        Check::RepeatedWord(_) => Vec::new(),
        Check::Typography(c) => c.needed_names(),
        Check::FieldSyntax(c) => c.validate()?,
        Check::FieldDeclared(c) => c.needed_variants(),
        Check::FieldParty(c) => c.needed_names(),
        Check::Suppression(c) => c.needed_variants(),
    };
    for name in needs {
        let (table, key) = name.split_once('.').unwrap_or(("variants", &name));
        let present = match table {
            "labels" => rule.labels.contains_key(key),
            _ => rule.variants.contains_key(key),
        };
        if !present {
            return Err(format!(
                "the `{}` check needs `[{table}]` to define `{key}`",
                kind_name(&rule.check)
            ));
        }
    }
    let known = variables(&rule.check);
    let templates = [("message", &rule.message), ("help", &rule.help)]
        .into_iter()
        .map(|(k, t)| (k.to_string(), t))
        .chain(rule.variants.iter().flat_map(|(name, v)| {
            std::iter::once((format!("variants.{name}.message"), &v.message)).chain(
                v.help
                    .iter()
                    .map(move |h| (format!("variants.{name}.help"), h)),
            )
        }))
        .chain(
            rule.labels
                .iter()
                .map(|(name, t)| (format!("labels.{name}"), t)),
        );
    for (key, template) in templates {
        check_template(template, &known).map_err(|e| format!("`{key}`: {e}"))?;
    }
    if let Check::DateOrder(c) = &rule.check {
        for fact in &c.facts {
            check_template(&fact.label, &["value"])
                .map_err(|e| format!("fact `{}`, `label`: {e}", fact.name))?;
        }
    }
    Ok(())
}

/// The variables a check kind fills in the messages, helps and labels of its rules.
fn variables(check: &Check) -> Vec<&str> {
    let fixed: &[&str] = match check {
        Check::Placeholder(_) => &["found", "pattern", "signatory"],
        Check::Substitution(_) => &["found", "replacement"],
        Check::ArticleSequence(_) => &[
            "number", "last", "range", "title", "previous", "next", "label", "found",
        ],
        Check::DateValidity(_) => &["found", "reason"],
        Check::DateOrder(_) => &["left", "right"],
        Check::Structure(_) => &["lines"],
        Check::Reference(_) => &["target", "targets", "found", "existing"],
        Check::Restatement(_) => &["found", "words", "digits", "words_value", "digits_value"],
        Check::DateWeekday(_) => &["found", "date", "written", "actual"],
        Check::Designation(_) => &[
            "found",
            "designation",
            "expected",
            "defined",
            "party",
            "signatories",
        ],
        Check::SelfTerm(_) => &["found", "self"],
        Check::Signatories(_) => &["found", "copies", "signatories", "signers"],
        Check::Identifier(_) => &["found", "kind", "digits", "expected"],
        Check::Marks(_) => &["found", "author"],
        Check::Spelling(_) => &["found", "suggestion", "suggestions", "count"],
        Check::CapitalAccent(_) => &["found", "replacement", "accented"],
        Check::RepeatedWord(_) => &["found", "word"],
        Check::Typography(_) => &["found", "expected", "count", "majority", "minority"],
        Check::FieldSyntax(_) => &["found", "name"],
        Check::FieldDeclared(_) => &["found", "name", "model", "suggestion"],
        Check::FieldParty(_) => &["found", "expected"],
        Check::Suppression(_) => crate::suppression::VARIABLES,
    };
    let mut known = fixed.to_vec();
    if let Check::DateOrder(c) = check {
        known.extend(c.facts.iter().map(|f| f.name.as_str()));
    }
    known
}

/// Every `{name}` of `template` is a known variable, and every `{` is closed.
fn check_template(template: &str, known: &[&str]) -> Result<(), String> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("« {{ » not closed in « {template} »"));
        };
        let name = &after[..close];
        if !known.contains(&name) {
            return Err(format!(
                "unknown variable `{{{name}}}` (known here: {})",
                known
                    .iter()
                    .map(|k| format!("{{{k}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// The name of a check kind, as written in the `kind` key of a rule file
/// (`placeholder`, `substitution`, …).
pub fn kind_name(check: &Check) -> &'static str {
    match check {
        Check::Placeholder(_) => "placeholder",
        Check::Substitution(_) => "substitution",
        Check::ArticleSequence(_) => "article-sequence",
        Check::DateValidity(_) => "date-validity",
        Check::DateOrder(_) => "date-order",
        Check::Structure(_) => "structure",
        Check::Reference(_) => "reference",
        Check::Restatement(_) => "restatement",
        Check::DateWeekday(_) => "date-weekday",
        Check::Designation(_) => "designation",
        Check::SelfTerm(_) => "self-term",
        Check::Signatories(_) => "signatories",
        Check::Identifier(_) => "identifier",
        Check::Marks(_) => "marks",
        Check::Spelling(_) => "spelling",
        Check::CapitalAccent(_) => "capital-accent",
        Check::RepeatedWord(_) => "repeated-word",
        Check::Typography(_) => "typography",
        Check::FieldSyntax(_) => "field-syntax",
        Check::FieldDeclared(_) => "field-declared",
        Check::FieldParty(_) => "field-party",
        Check::Suppression(_) => "suppression",
    }
}

/// Runs one rule on one document.
pub fn run(rule: &Rule, ctx: &Context) -> Vec<Diagnostic> {
    let findings = match &rule.check {
        Check::Placeholder(c) => c.run(ctx),
        Check::Substitution(c) => c.run(ctx),
        Check::ArticleSequence(c) => c.run(ctx),
        Check::DateValidity(c) => c.run(ctx),
        Check::DateOrder(c) => c.run(ctx),
        Check::Structure(c) => c.run(ctx),
        Check::Reference(c) => c.run(ctx),
        Check::Restatement(c) => c.run(ctx),
        Check::DateWeekday(c) => c.run(ctx),
        Check::Designation(c) => c.run(ctx),
        Check::SelfTerm(c) => c.run(ctx),
        Check::Signatories(c) => c.run(ctx),
        Check::Identifier(c) => c.run(ctx),
        Check::Marks(c) => c.run(ctx),
        Check::Spelling(c) => c.run(ctx),
        Check::CapitalAccent(c) => c.run(ctx),
        Check::RepeatedWord(c) => c.run(ctx),
        Check::Typography(c) => c.run(ctx),
        Check::FieldSyntax(c) => c.run(ctx),
        Check::FieldDeclared(c) => c.run(ctx),
        Check::FieldParty(c) => c.run(ctx),
        Check::Suppression(c) => c.run(ctx),
    };
    findings
        .into_iter()
        .map(|f| diagnostic(rule, ctx, f))
        .collect()
}

/// A finding of `rule` as a diagnostic: the rule's wording filled, the article and part
/// it sits in.
pub(crate) fn diagnostic(rule: &Rule, ctx: &Context, f: Finding) -> Diagnostic {
    let variant = f.variant.as_ref().and_then(|v| rule.variants.get(v));
    let message = variant.map_or(rule.message.as_str(), |v| v.message.as_str());
    let help = variant
        .and_then(|v| v.help.as_deref())
        .unwrap_or(rule.help.as_str());
    // The notes of a DOCX or ODT, after the body, are in no article and no part.
    let in_body = |offset: usize| offset < ctx.source.body_end();
    let article_label = |offset: usize| {
        in_body(offset)
            .then(|| ctx.document.article_at(offset))
            .flatten()
            .map(|a| a.label.clone())
    };
    let related = f
        .related
        .into_iter()
        .map(|(span, label, vars)| {
            let template = match label.strip_prefix('=') {
                Some(literal) => literal.to_string(),
                None => rule.labels.get(&label).cloned().unwrap_or(label),
            };
            Related {
                article: article_label(span.start),
                message: render_template(&template, &vars),
                span,
            }
        })
        .collect();
    Diagnostic {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: render_template(message, &f.vars),
        help: render_template(help, &f.vars),
        article: article_label(f.span.start),
        part: in_body(f.span.start)
            .then(|| ctx.document.part_at(f.span.start))
            .flatten(),
        span: f.span,
        related,
        fix: f.fix.map(|(replacement, applicability)| Fix {
            replacement,
            applicability,
        }),
    }
}

/// The article that plays `role` (« durée », « calendrier ») in the document.
///
/// Found by its title first: the article matched to the model's article with that role
/// (see [`match_model`]), then the role's own name in a heading (« DURÉE DE LA
/// CONVENTION »); the model's number for that role is the fallback.
pub fn article_for_role<'a>(ctx: &Context<'a>, role: &str) -> Option<&'a Article> {
    let articles = ctx.document.all_articles();
    let expected = ctx.model.and_then(|m| {
        m.articles
            .iter()
            .position(|a| a.role.as_deref() == Some(role))
            .map(|i| (m, i))
    });
    if let Some((_, i)) = expected
        && let Some(&Some(found)) = ctx.matched().get(i)
    {
        return Some(articles[found]);
    }
    let role_folded = fold(role);
    if let Some(a) = articles
        .iter()
        .find(|a| title_words(&a.title).contains(&role_folded))
    {
        return Some(a);
    }
    let (model, i) = expected?;
    let number = model.articles[i].number;
    articles.into_iter().find(|a| a.number == [number])
}

/// Words that carry no meaning in a title.
const STOP_WORDS: [&str; 16] = [
    "de", "la", "le", "les", "du", "des", "d", "l", "et", "en", "a", "au", "aux", "un", "une",
    "sur",
];

/// The meaningful words of a title, folded (no case, no accents).
pub fn title_words(title: &str) -> Vec<String> {
    fold(title)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// Levenshtein distance between two short words, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// How alike two titles are, from 0 to 1: the share of meaningful words they have in
/// common, a word matching another within one edit (two for long words), so that
/// « PARTAGE DES DONNES » still matches « PARTAGE DES DONNÉES ».
pub fn title_similarity(a: &str, b: &str) -> f64 {
    words_similarity(&title_words(a), &title_words(b))
}

/// [`title_similarity`] on titles already split by [`title_words`].
fn words_similarity(wa: &[String], wb: &[String]) -> f64 {
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let close = |x: &String, y: &String| {
        if x == y {
            return true;
        }
        let tolerance = match x.chars().count().min(y.chars().count()) {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        edit_distance(x, y) <= tolerance
    };
    let common = wa.iter().filter(|x| wb.iter().any(|y| close(x, y))).count();
    common as f64 / wa.len().max(wb.len()) as f64
}

/// Whether a document's title and a model's title name the same article.
pub fn titles_match(a: &str, b: &str) -> bool {
    title_similarity(a, b) >= 0.5
}

/// Pairs each article of `model` with an article of the document by title: for each
/// model article, the index (in [`Document::all_articles`] order) of its match, or
/// `None`. Pairs are made most alike first, each article used once, and only when the
/// titles [match](titles_match), so « OBJET DE LA CONVENTION » does not take the place
/// of « DURÉE DE LA CONVENTION ».
pub fn match_model(document: &Document, model: &Model) -> Vec<Option<usize>> {
    let articles = document.all_articles();
    // Each title is split once, not once per pair.
    let words: Vec<Vec<String>> = articles.iter().map(|a| title_words(&a.title)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (m, expected) in model.articles.iter().enumerate() {
        let expected_words = title_words(&expected.title);
        for (d, a) in articles.iter().enumerate() {
            let s = words_similarity(&words[d], &expected_words);
            if s >= 0.5 {
                // A matching number breaks ties between equally similar titles.
                let bonus = if a.number == [expected.number] {
                    0.01
                } else {
                    0.0
                };
                pairs.push((s + bonus, m, d));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut result = vec![None; model.articles.len()];
    let mut used = vec![false; articles.len()];
    for (_, m, d) in pairs {
        if result[m].is_none() && !used[d] {
            result[m] = Some(d);
            used[d] = true;
        }
    }
    // A title reworded (« DURÉE ET ENTRÉE EN VIGUEUR » for « DURÉE DE LA CONVENTION »)
    // still names the article of the same number when they share a word.
    for (m, expected) in model.articles.iter().enumerate() {
        if result[m].is_some() {
            continue;
        }
        let expected_words = title_words(&expected.title);
        if let Some(d) = (0..articles.len()).find(|&d| {
            !used[d]
                && articles[d].number == [expected.number]
                && words_similarity(&words[d], &expected_words) > 0.0
        }) {
            result[m] = Some(d);
            used[d] = true;
        }
    }
    result
}

/// The model articles the document has no article for, judged by title.
pub fn absent_from_model<'m>(
    ctx: &Context,
    model: &'m Model,
) -> Vec<&'m crate::rule::ModelArticle> {
    ctx.matched()
        .iter()
        .zip(&model.articles)
        .filter(|(found, _)| found.is_none())
        .map(|(_, expected)| expected)
        .collect()
}
