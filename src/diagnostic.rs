//! What paraphe reports: a [`Diagnostic`] on a span of a source, with secondary labels,
//! a help text and possibly a fix.

use serde::Serialize;

use crate::rule::Severity;
use crate::source::Span;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The id of the rule that found it (`placeholder`, `typo`, …).
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong, in French.
    pub message: String,
    /// What to do, in French.
    pub help: String,
    /// The offending text: byte offsets into the source's normalised text.
    pub span: Span,
    /// Other places that explain the finding (the article 2 date a calendar date
    /// overruns, the first occurrence of a duplicated article).
    pub related: Vec<Related>,
    /// A replacement for the offending text, when one is known.
    pub fix: Option<Fix>,
    /// The label of the article the finding sits in, as written (« ARTICLE 6 »), or
    /// `None` outside the articles.
    pub article: Option<String>,
    /// The part of the convention it sits in (see
    /// [`Document::part_at`](crate::document::Document::part_at)).
    pub part: Option<&'static str>,
}

/// A secondary location of a [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Byte offsets into the same source.
    pub span: Span,
    /// What this place is, in French.
    pub message: String,
    /// The label of the article it sits in, as written, if any.
    pub article: Option<String>,
}

/// A proposed replacement of a diagnostic's span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The text that replaces the span.
    pub replacement: String,
    /// Whether it can be applied without a lawyer reading it.
    pub applicability: Applicability,
}

/// How safe a [`Fix`] is (after ruff's `Applicability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Cannot change the meaning of a clause: may be applied automatically
    /// (`paraphe check --fix`, [`crate::fix`]). Only two kinds of fix are: a word of the
    /// `typo` list replaced by its correction, and an accent restored on a capital.
    Safe,
    /// Could change what the convention says (a date, a number, a reference, a
    /// designation, a spelling suggestion), or is a matter of layout a reader decides
    /// (typography, a repeated word): shown, never applied automatically.
    DisplayOnly,
}
