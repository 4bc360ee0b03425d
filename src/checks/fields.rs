//! Template fields between square brackets (« [Structure publique] »), as the field
//! check kinds (`field-syntax`, `field-declared`, `field-party`) read them.
//!
//! A field is a `[` and the next `]`, with no other bracket between, across at most two
//! line breaks (PDF extraction breaks a long field over lines: « [référence de la⏎
//! délibération] »), like the bracket pattern of `rules/placeholder.toml`. A pair of
//! brackets across more lines is a bracketed passage (an optional clause of a
//! template), not a field, and not an error. A bracket that pairs with none is *lone*.
//! A pair whose whole text matches the rule's `except` (« [1] », « […] », « [sic] ») is
//! not a field; in Markdown, links (« [texte](adresse) »), task-list boxes (« - [ ] »)
//! and escaped brackets (« \[ ») are not fields either.

use regex::Regex;

use super::Context;
use crate::source::{Format, Span};

/// How many line breaks a field may span.
const MAX_LINE_BREAKS: usize = 2;

/// A field of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// From `[` to `]` included: byte offsets into the source's normalised text.
    pub span: Span,
    /// Its name: the text between the brackets, runs of white space (line breaks
    /// included) as one space, trimmed (« Type de document » for « [Type de
    /// document ] »).
    pub name: String,
}

impl Field {
    /// The text between the brackets, as written.
    pub fn inner<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start + 1..self.span.end - 1]
    }

    /// The field written the usual way: « [name] ».
    pub fn display(&self) -> String {
        format!("[{}]", self.name)
    }
}

/// A bracket that pairs with no other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lone {
    /// A `[` at this byte offset with no `]` before the next `[` or the end.
    Open(usize),
    /// A `]` at this byte offset with no `[` before it since the previous `]`.
    Close(usize),
}

/// What [`scan`] finds: fields and lone brackets, each in text order.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// The fields.
    pub fields: Vec<Field>,
    /// The brackets that pair with none.
    pub lone: Vec<Lone>,
}

/// Runs of white space (line breaks included) as one space, trimmed: how field names
/// are compared.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs of white space (line breaks included) as one space, the ends kept: how a
/// field is shown in a message, its stray spaces visible (« [Type de document ] »).
pub fn collapse_keeping_edges(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The fields and lone brackets of the document; pairs whose whole text matches
/// `except` (anchored, as the `except` of a placeholder pattern) are not fields.
pub fn scan(ctx: &Context, except: Option<&Regex>) -> Scan {
    let text = ctx.source.text();
    let markdown = ctx.source.format() == Format::Markdown;
    let mut scan = Scan::default();
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if !matches!(c, '[' | ']') || (markdown && text[..at].ends_with('\\')) {
            continue;
        }
        match (c, open) {
            ('[', Some(previous)) => {
                scan.lone.push(Lone::Open(previous));
                open = Some(at);
            }
            ('[', None) => open = Some(at),
            (_, Some(start)) => {
                open = None;
                let span = start..at + 1;
                let whole = &text[span.clone()];
                if whole.matches('\n').count() > MAX_LINE_BREAKS
                    || except.is_some_and(|e| e.is_match(whole))
                    || (markdown && not_a_field_in_markdown(text, &span))
                {
                    continue;
                }
                scan.fields.push(Field {
                    name: collapse(&text[start + 1..at]),
                    span,
                });
            }
            (_, None) => scan.lone.push(Lone::Close(at)),
        }
    }
    if let Some(start) = open {
        scan.lone.push(Lone::Open(start));
    }
    scan.lone.sort_by_key(|l| match l {
        Lone::Open(at) | Lone::Close(at) => *at,
    });
    scan
}

/// In Markdown, a link or image (« [texte](adresse) », « [texte][réf] », « ![…] ») and
/// a task-list box (« - [ ] », « * [x] ») are not fields.
fn not_a_field_in_markdown(text: &str, span: &Span) -> bool {
    if super::placeholder::is_markdown_link(text, span.clone()) {
        return true;
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..span.start].trim();
    let inner = &text[span.start + 1..span.end - 1];
    matches!(before, "-" | "*" | "+") && matches!(inner, " " | "x" | "X")
}

/// Whether `inner` is a field's whole content with white space at one end (« Type de
/// document  »): what `field-syntax` calls a stray space.
pub fn has_stray_space(inner: &str) -> bool {
    !inner.trim().is_empty() && inner.trim() != inner
}
