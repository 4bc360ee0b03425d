//! The JSON format: one object for the whole run, findings in a stable order (by file
//! as given, then by position). The README (« Formats de sortie ») documents every field
//! with its type and unit. Top level:
//!
//! | field | meaning |
//! |---|---|
//! | `version` | version of this format ([`VERSION`]): raised on any change that could break a reader; new fields may be added without raising it |
//! | `tool` | `{ "name": "paraphe", "version": … }` |
//! | `findings` | the findings ([`Record`]) |
//! | `unread` | files that could not be read: `{ "path", "message" }` |
//! | `summary` | `{ "files", "unread", "rule_errors", "errors", "warnings", "infos" }` |
//!
//! A finding:
//!
//! | field | meaning |
//! |---|---|
//! | `rule` | rule id (`placeholder`, `typo`, …) |
//! | `severity` | `error`, `warning` or `info` |
//! | `message`, `help` | in French |
//! | `path` | the file, as given on the command line or found in a directory |
//! | `line`, `column` | start, 1-based; the column counts characters, not bytes |
//! | `end_line`, `end_column` | just past the end (exclusive), 1-based, in characters |
//! | `text` | the offending text as written |
//! | `article` | the label of the article it sits in, as written (« ARTICLE 6 »), or `null` |
//! | `part` | `intitulé`, `parties`, `considérants`, `articles`, `signature`, `annexes`, or `null` |
//! | `paragraph` | for a DOCX or ODT, the 1-based paragraph of the body (empty ones and table cells count), or of its note when in one, else `null` |
//! | `cell` | for a DOCX or ODT, `{ "table", "row", "column" }` (1-based, columns of the grid) when in a table, else `null` |
//! | `note` | for a DOCX or ODT, `{ "kind": "footnote" \| "endnote", "number" }` (1-based, in order of reference) when in a note, else `null` |
//! | `related` | secondary places: `message`, `path`, `line`, `column`, `end_line`, `end_column`, `article` |
//! | `fix` | `null`, or `{ "replacement": …, "applicability": "safe" \| "display-only" }` |

use serde::Serialize;

use super::{Renderer, Summary};
use crate::Diagnostic;
use crate::diagnostic::Fix;
use crate::source::{Locator, Source, Span};

/// One finding, located.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: &'a str,
    /// What to do.
    pub help: &'a str,
    /// The file.
    pub path: String,
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column, in characters.
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based column just past the end, in characters.
    pub end_column: usize,
    /// The offending text.
    pub text: &'a str,
    /// The article label, as written.
    pub article: Option<&'a str>,
    /// The part of the convention.
    pub part: Option<&'static str>,
    /// For a DOCX or ODT, the 1-based paragraph of the body, or of its note.
    pub paragraph: Option<usize>,
    /// For a DOCX or ODT, the table cell.
    pub cell: Option<crate::formats::Cell>,
    /// For a DOCX or ODT, the footnote or endnote.
    pub note: Option<crate::formats::Note>,
    /// Secondary places.
    pub related: Vec<RelatedRecord<'a>>,
    /// Proposed replacement.
    pub fix: Option<&'a Fix>,
}

/// A secondary place of a [`Record`].
#[derive(Debug, Serialize)]
pub struct RelatedRecord<'a> {
    /// What this place is.
    pub message: &'a str,
    /// The file.
    pub path: String,
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column, in characters.
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based column just past the end, in characters.
    pub end_column: usize,
    /// The article label, as written.
    pub article: Option<&'a str>,
}

/// Locates spans of one source; starts and ends each keep their own incremental
/// locator, since findings come sorted by start.
struct Locate<'a> {
    starts: Locator<'a>,
    ends: Locator<'a>,
}

impl Locate<'_> {
    fn span(&mut self, span: &Span) -> (usize, usize, usize, usize) {
        let start = self.starts.position(span.start);
        let end = self.ends.position(span.end);
        (start.line, start.column, end.line, end.column)
    }
}

/// The records of one source's findings.
pub fn records<'a>(source: &'a Source, diagnostics: &'a [Diagnostic]) -> Vec<Record<'a>> {
    let path = source.path().display().to_string();
    let mut locate = Locate {
        starts: Locator::new(source),
        ends: Locator::new(source),
    };
    let mut related = Locate {
        starts: Locator::new(source),
        ends: Locator::new(source),
    };
    diagnostics
        .iter()
        .map(|d| {
            let (line, column, end_line, end_column) = locate.span(&d.span);
            Record {
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: &d.help,
                path: path.clone(),
                line,
                column,
                end_line,
                end_column,
                text: source.shown().get(d.span.clone()).unwrap_or_default(),
                article: d.article.as_deref(),
                part: d.part,
                paragraph: source.paragraph_at(d.span.start).map(|p| p.number),
                cell: source.paragraph_at(d.span.start).and_then(|p| p.cell),
                note: source.paragraph_at(d.span.start).and_then(|p| p.note),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let (line, column, end_line, end_column) = related.span(&r.span);
                        RelatedRecord {
                            message: &r.message,
                            path: path.clone(),
                            line,
                            column,
                            end_line,
                            end_column,
                            article: r.article.as_deref(),
                        }
                    })
                    .collect(),
                fix: d.fix.as_ref(),
            }
        })
        .collect()
}

/// The version of the JSON format, the top-level `version` field.
pub const VERSION: u32 = 1;

/// A file that could not be read, in the `unread` list.
#[derive(Debug, Serialize)]
struct Unread {
    path: String,
    message: String,
}

/// The `summary` field.
#[derive(Debug, Serialize)]
struct SummaryRecord {
    files: usize,
    unread: usize,
    rule_errors: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// Writes the JSON object of a whole run, finding by finding, so that a large run is
/// never held in memory: [`Renderer::file`] writes each file's records as they come, and
/// [`Renderer::finish`] closes the `findings` array and adds `unread` and `summary`.
pub struct Json<W: std::io::Write> {
    out: W,
    empty: bool,
    unread: Vec<Unread>,
}

impl<W: std::io::Write> Json<W> {
    /// Starts the object: `version`, `tool`, and the opening of `findings`.
    ///
    /// # Errors
    /// A write error of `out`.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        write!(
            out,
            "{{\n  \"version\": {VERSION},\n  \"tool\": {{\n    \"name\": \"paraphe\",\n    \"version\": \"{}\"\n  }},\n  \"findings\": [",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(Json {
            out,
            empty: true,
            unread: Vec::new(),
        })
    }

    /// Appends records, pretty-printed and indented as items of `findings`.
    ///
    /// # Errors
    /// A write error of `out`.
    pub fn push(&mut self, records: &[Record]) -> std::io::Result<()> {
        for record in records {
            let separator = if self.empty { "\n    " } else { ",\n    " };
            self.empty = false;
            self.out.write_all(separator.as_bytes())?;
            super::write_indented(&mut self.out, record, 4)?;
        }
        Ok(())
    }
}

impl<W: std::io::Write> Renderer for Json<W> {
    fn file(
        &mut self,
        source: &Source,
        _document: &crate::Document,
        diagnostics: &[Diagnostic],
    ) -> std::io::Result<()> {
        self.push(&records(source, diagnostics))
    }

    fn failed(&mut self, path: &std::path::Path, message: &str) -> std::io::Result<()> {
        self.unread.push(Unread {
            path: path.display().to_string(),
            message: message.to_string(),
        });
        Ok(())
    }

    fn finish(mut self: Box<Self>, summary: &Summary) -> std::io::Result<()> {
        let end: &[u8] = if self.empty { b"],\n" } else { b"\n  ],\n" };
        self.out.write_all(end)?;
        self.out.write_all(b"  \"unread\": ")?;
        super::write_indented(&mut self.out, &self.unread, 2)?;
        let summary = SummaryRecord {
            files: summary.files,
            unread: summary.unread,
            rule_errors: summary.rule_errors,
            errors: summary.counts.errors,
            warnings: summary.counts.warnings,
            infos: summary.counts.infos,
        };
        self.out.write_all(b",\n  \"summary\": ")?;
        super::write_indented(&mut self.out, &summary, 2)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}
