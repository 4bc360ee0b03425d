//! The SARIF format: one SARIF 2.1.0 log (OASIS Static Analysis Results Interchange
//! Format, errata 01) for the whole run, which GitHub code scanning and other tools
//! read. The test suite validates it against the official schema
//! (`fixtures/sarif/sarif-schema-2.1.0.json`).
//!
//! - One run; `tool.driver` names paraphe, its version and every rule in force
//!   (`rules[]`: `id`, `shortDescription` the rule's summary, `fullDescription` its
//!   description, `help` the description with an invalid and a valid example, in text
//!   and Markdown, `defaultConfiguration.level`, and `properties.group` and `tags` for
//!   a rule of a group).
//! - `run.columnKind` is `unicodeCodePoints`: columns count characters, as everywhere in
//!   paraphe (not UTF-16 code units, SARIF's default); lines are 1-based and
//!   `endColumn` is just past the end. `run.language` is `fr-FR`: messages are French.
//! - Each finding is a `result`: `ruleId`, `ruleIndex` (into `driver.rules`), `level`
//!   (`error`, `warning`, or `note` for `info`), `message.text` (the message, then
//!   « aide : … » on a line of its own), one location (the file's path as a relative
//!   URI under `%SRCROOT%`, the directory paraphe ran in, or a `file://` URI for an
//!   absolute path; the region with the offending text as `snippet`), the secondary
//!   places as `relatedLocations`, and `properties` with `article`, `part`, and for a
//!   DOCX or ODT `paragraph`, `cell`, `note`, plus `fix` (`replacement`,
//!   `applicability`) when one is proposed.
//! - Only safe corrections of text files are SARIF `fixes` (a replacement of the
//!   region), which a tool may apply without asking: a correction to check first
//!   (« à vérifier ») stays in `properties.fix`, and so does any correction in a DOCX or
//!   ODT, whose lines are those of the extracted text, not of the file.
//! - For a DOCX or ODT, lines and columns count in the extracted text (one line per
//!   paragraph, the notes after the body), as in the JSON; the location's `message`
//!   says where the finding is in Word (« dans Word : paragraphe 12 »).
//! - `invocations[0].executionSuccessful` is false when a file could not be read or a
//!   rule file was in error (exit code 2); each unread file is a
//!   `toolExecutionNotifications` entry naming it.
//! - No `partialFingerprints`: GitHub computes its own when the log is uploaded.

use std::io;
use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::{Renderer, Summary, word_place};
use crate::diagnostic::{Applicability, Fix};
use crate::formats::{Cell, Note};
use crate::rule::{Rule, Severity};
use crate::source::{Format, Locator, Span};
use crate::{Diagnostic, Document, RuleSet, Source};

/// The schema a log names in `$schema`: the OASIS 2.1.0 schema, errata 01.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A SARIF `message` (or `multiformatMessageString` without Markdown).
#[derive(Debug, Serialize)]
struct Message {
    text: String,
}

impl Message {
    fn new(text: impl Into<String>) -> Self {
        Message { text: text.into() }
    }
}

#[derive(Debug, Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct RuleProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

/// A SARIF `reportingDescriptor`: one rule.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    short_description: Message,
    full_description: Message,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Message>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Message,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Debug, Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<Cell>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<Note>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a Fix>,
}

/// A SARIF `result`: one finding.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    properties: ResultProperties<'a>,
}

#[derive(Debug, Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// What a URI may hold unencoded in a path: unreserved characters and `/`
/// (RFC 3986); everything else is percent-encoded as UTF-8.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The artifact location of `path`: a relative URI under `%SRCROOT%` (the directory
/// paraphe ran in) for a relative path, a `file://` URI for an absolute one.
fn artifact(path: &Path) -> ArtifactLocation {
    let mut text = path.to_string_lossy().into_owned();
    if cfg!(windows) {
        text = text.replace('\\', "/");
    }
    if path.is_absolute() {
        let slash = if text.starts_with('/') { "" } else { "/" };
        return ArtifactLocation {
            uri: format!("file://{slash}{}", utf8_percent_encode(&text, PATH)),
            uri_base_id: None,
        };
    }
    let relative = text.trim_start_matches("./");
    ArtifactLocation {
        uri: utf8_percent_encode(relative, PATH).to_string(),
        uri_base_id: Some("%SRCROOT%"),
    }
}

/// The region of `span`; `starts` and `ends` locate the starts and the ends of a
/// sorted run of spans.
fn region(span: &Span, starts: &mut Locator, ends: &mut Locator) -> Region {
    let start = starts.position(span.start);
    let end = ends.position(span.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        snippet: None,
    }
}

/// The SARIF descriptor of a rule.
fn descriptor(rule: &Rule) -> ReportingDescriptor<'_> {
    ReportingDescriptor {
        id: &rule.id,
        short_description: Message::new(rule.summary.trim()),
        full_description: Message::new(super::rules::unwrap(&rule.description)),
        help: Help {
            text: super::rules::help_text(rule),
            markdown: super::rules::help_markdown(rule),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            group: rule.group.as_deref(),
            tags: rule.group.as_deref().into_iter().collect(),
        },
    }
}

/// The SARIF format for a whole run, writing to `out`: the log's start (with the rules)
/// when created, each result as it comes, the invocation at the end.
pub struct Sarif<'a, W: io::Write> {
    out: W,
    rules: &'a RuleSet,
    empty: bool,
    notifications: Vec<Notification>,
}

impl<'a, W: io::Write> Sarif<'a, W> {
    /// Starts the log: `$schema`, `version`, and the run's tool with every rule of
    /// `rules` (which must be the rules the findings come from).
    ///
    /// # Errors
    /// A write error of `out`.
    pub fn new(mut out: W, rules: &'a RuleSet) -> io::Result<Self> {
        let repository = env!("CARGO_PKG_REPOSITORY");
        let tool = Tool {
            driver: Driver {
                name: "paraphe",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: (!repository.is_empty()).then_some(repository),
                rules: rules.rules.iter().map(descriptor).collect(),
            },
        };
        write!(
            out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": "
        )?;
        super::write_indented(&mut out, &tool, 6)?;
        out.write_all(
            b",\n      \"language\": \"fr-FR\",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        )?;
        Ok(Sarif {
            out,
            rules,
            empty: true,
            notifications: Vec::new(),
        })
    }

    /// The results of one source's findings.
    fn results<'d>(&self, source: &Source, diagnostics: &'d [Diagnostic]) -> Vec<SarifResult<'d>> {
        let text_file = matches!(source.format(), Format::Text | Format::Markdown);
        let mut starts = Locator::new(source);
        let mut ends = Locator::new(source);
        let mut related_starts = Locator::new(source);
        let mut related_ends = Locator::new(source);
        diagnostics
            .iter()
            .map(|d| {
                let primary = region(&d.span, &mut starts, &mut ends);
                let fixes = match &d.fix {
                    Some(fix) if text_file && fix.applicability == Applicability::Safe => {
                        vec![SarifFix {
                            description: Message::new(format!(
                                "remplacer par « {} » (correction sûre)",
                                fix.replacement
                            )),
                            artifact_changes: vec![ArtifactChange {
                                artifact_location: artifact(source.path()),
                                replacements: vec![Replacement {
                                    deleted_region: Region {
                                        snippet: None,
                                        ..primary
                                    },
                                    inserted_content: Message::new(fix.replacement.clone()),
                                }],
                            }],
                        }]
                    }
                    _ => Vec::new(),
                };
                let primary = Region {
                    snippet: source.text().get(d.span.clone()).map(Message::new),
                    ..primary
                };
                let paragraph = source.paragraph_at(d.span.start);
                SarifResult {
                    rule_id: &d.rule,
                    rule_index: self.rules.rules.iter().position(|r| r.id == d.rule),
                    level: level(d.severity),
                    message: Message::new(format!("{}\naide : {}", d.message, d.help)),
                    locations: vec![Location {
                        id: None,
                        physical_location: PhysicalLocation {
                            artifact_location: artifact(source.path()),
                            region: Some(primary),
                        },
                        message: word_place(source, d.span.start)
                            .map(|place| Message::new(format!("dans Word : {place}"))),
                    }],
                    related_locations: d
                        .related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| Location {
                            id: Some(i + 1),
                            physical_location: PhysicalLocation {
                                artifact_location: artifact(source.path()),
                                region: Some(region(
                                    &r.span,
                                    &mut related_starts,
                                    &mut related_ends,
                                )),
                            },
                            message: Some(Message::new(r.message.clone())),
                        })
                        .collect(),
                    fixes,
                    properties: ResultProperties {
                        article: d.article.as_deref(),
                        part: d.part,
                        paragraph: paragraph.map(|p| p.number),
                        cell: paragraph.and_then(|p| p.cell),
                        note: paragraph.and_then(|p| p.note),
                        fix: d.fix.as_ref(),
                    },
                }
            })
            .collect()
    }
}

impl<W: io::Write> Renderer for Sarif<'_, W> {
    fn file(
        &mut self,
        source: &Source,
        _document: &Document,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        for result in self.results(source, diagnostics) {
            let separator = if self.empty {
                "\n        "
            } else {
                ",\n        "
            };
            self.empty = false;
            self.out.write_all(separator.as_bytes())?;
            super::write_indented(&mut self.out, &result, 8)?;
        }
        Ok(())
    }

    fn failed(&mut self, path: &Path, message: &str) -> io::Result<()> {
        self.notifications.push(Notification {
            level: "error",
            message: Message::new(format!("{} : {message}", path.display())),
            locations: vec![Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: artifact(path),
                    region: None,
                },
                message: None,
            }],
        });
        Ok(())
    }

    fn finish(mut self: Box<Self>, summary: &Summary) -> io::Result<()> {
        let end: &[u8] = if self.empty { b"],\n" } else { b"\n      ],\n" };
        self.out.write_all(end)?;
        let invocation = Invocation {
            execution_successful: summary.unread == 0 && summary.rule_errors == 0,
            tool_execution_notifications: std::mem::take(&mut self.notifications),
        };
        self.out.write_all(b"      \"invocations\": [\n        ")?;
        super::write_indented(&mut self.out, &invocation, 8)?;
        self.out.write_all(b"\n      ]\n    }\n  ]\n}\n")?;
        self.out.flush()
    }
}
