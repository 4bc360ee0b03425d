//! The JSON format: one array of finding objects for the whole run, in a stable order
//! (by file as given, then by position). Fields:
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

/// Writes one JSON array for a whole run, record by record, so that a large run is
/// never held in memory: [`JsonArray::push`] each file's records, then
/// [`JsonArray::finish`].
pub struct JsonArray<W: std::io::Write> {
    out: W,
    empty: bool,
}

impl<W: std::io::Write> JsonArray<W> {
    /// Starts the array.
    ///
    /// # Errors
    /// A write error of `out`.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(b"[")?;
        Ok(JsonArray { out, empty: true })
    }

    /// Appends records, pretty-printed and indented as array items.
    ///
    /// # Errors
    /// A write error of `out`.
    pub fn push(&mut self, records: &[Record]) -> std::io::Result<()> {
        for record in records {
            let item = serde_json::to_string_pretty(record).map_err(std::io::Error::other)?;
            let separator = if self.empty { "\n" } else { ",\n" };
            self.empty = false;
            self.out.write_all(separator.as_bytes())?;
            for (i, line) in item.lines().enumerate() {
                if i > 0 {
                    self.out.write_all(b"\n")?;
                }
                self.out.write_all(b"  ")?;
                self.out.write_all(line.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Closes the array.
    ///
    /// # Errors
    /// A write error of `out`.
    pub fn finish(mut self) -> std::io::Result<()> {
        let end: &[u8] = if self.empty { b"]\n" } else { b"\n]\n" };
        self.out.write_all(end)?;
        self.out.flush()
    }
}
