//! The human format: each finding with its file, line and column, the text underlined
//! and the secondary places labelled (codespan-reporting), then the article, the help
//! and the proposed fix as notes. This is the only module that uses codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::{Files, SimpleFile};
use codespan_reporting::term::{self, Config, termcolor};

use super::{Counts, Renderer, Summary, plural};
use crate::diagnostic::Applicability;
use crate::rule::Severity;
use crate::source::{Locator, Origin};
use crate::{Diagnostic, Document, Source};

/// Renders the findings of one source into a string (`document` is its parsed tree,
/// used to name the article each finding sits in). With `color`, ANSI escapes are
/// included. See [`write`] to stream them.
pub fn render(
    source: &Source,
    document: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    // Writing into memory cannot fail.
    let _ = write(source, document, diagnostics, &mut buffer);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Writes the findings of one source to `out`, one at a time.
///
/// # Errors
/// The first write error of `out` (a closed pipe, a full disk).
pub fn write(
    source: &Source,
    document: &Document,
    diagnostics: &[Diagnostic],
    out: &mut dyn termcolor::WriteColor,
) -> std::io::Result<()> {
    // Control characters of the document (an escape sequence, a lone carriage return)
    // would act on the terminal: they are shown as « ? », which keeps every offset.
    let shown = printable(source.shown());
    let file = InFile {
        file: SimpleFile::new(source.path().display().to_string(), shown.as_ref()),
        origin: source.origin(),
    };
    let config = Config::default();
    let mut locator = Locator::new(source);
    for d in diagnostics {
        let report = report(source, document, d);
        let long = std::iter::once(&d.span)
            .chain(d.related.iter().map(|r| &r.span))
            .any(|s| source.line_span(source.line_index(s.start)).len() > LONG_LINE);
        // codespan-reporting prints each labelled line whole: on a very long line (text
        // without line breaks) that would print the line once per finding, so such
        // findings show an excerpt instead. Rendering also fails on spans outside the
        // text, which checks never produce; such a finding is still listed, not lost.
        let mut rendered = !long;
        if rendered {
            match term::emit_to_write_style(out, &config, &file, &report) {
                Ok(()) => {}
                Err(codespan_reporting::files::Error::Io(e)) => return Err(e),
                Err(_) => rendered = false,
            }
        }
        if !rendered {
            let text = excerpt(source, &shown, &mut locator, d, &report.notes);
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// The text codespan-reporting shows, with the lines and columns of the file: a segment
/// of a large file ([`crate::segment`]) starts at its [`Origin`] in the file.
struct InFile<'a> {
    file: SimpleFile<String, &'a str>,
    origin: Origin,
}

impl<'a> Files<'a> for InFile<'_> {
    type FileId = ();
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: ()) -> Result<String, codespan_reporting::files::Error> {
        Files::name(&self.file, id)
    }

    fn source(&'a self, id: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Files::source(&self.file, id)
    }

    fn line_index(
        &'a self,
        id: (),
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.file.line_index(id, byte)
    }

    fn line_range(
        &'a self,
        id: (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        self.file.line_range(id, line_index)
    }

    fn line_number(
        &'a self,
        _: (),
        line_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.origin.line + line_index + 1)
    }

    fn column_number(
        &'a self,
        id: (),
        line_index: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let range = self.file.line_range(id, line_index)?;
        let column = codespan_reporting::files::column_index(self.file.source(), range, byte);
        let before = if line_index == 0 {
            self.origin.column
        } else {
            0
        };
        Ok(before + column + 1)
    }
}

/// `text` with its control characters (but tab and line feed) replaced by characters of
/// the same length in bytes, so that spans still fit.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !is_control(c) => c.to_string(),
            // C0 controls and DEL are one byte in UTF-8, C1 controls two.
            c if c.len_utf8() == 1 => "?".to_string(),
            _ => "¿".to_string(),
        })
        .collect::<String>()
        .into()
}

/// Lines longer than this many bytes are shown as an excerpt around the finding.
const LONG_LINE: usize = 400;

/// Characters of context shown on each side of a finding on a long line.
const CONTEXT: usize = 40;

/// A finding on one long line: header, location, an excerpt of the line with the span
/// underlined, and the notes.
fn excerpt(
    source: &Source,
    text: &str,
    locator: &mut Locator,
    d: &Diagnostic,
    notes: &[String],
) -> String {
    let p = locator.position(d.span.start);
    let line = source.line_span(source.line_index(d.span.start));
    let end = d.span.end.min(line.end).max(d.span.start);
    let before: String = {
        let chars: Vec<char> = text[line.start..d.span.start]
            .chars()
            .rev()
            .take(CONTEXT)
            .collect();
        chars.into_iter().rev().collect()
    };
    let inside: String = text[d.span.start..end].chars().take(2 * CONTEXT).collect();
    let after: String = text[end..line.end].chars().take(CONTEXT).collect();
    let mut out = format!(
        "{}[{}]: {}\n  --> {}:{}:{}\n   | …{before}{inside}{after}…\n   |  {}{}\n",
        d.severity.as_str(),
        d.rule,
        d.message,
        source.path().display(),
        p.line,
        p.column,
        " ".repeat(before.chars().count()),
        "^".repeat(inside.chars().count().max(1)),
    );
    for note in notes {
        out.push_str(&format!("   = {note}\n"));
    }
    out.push('\n');
    out
}

fn report(source: &Source, document: &Document, d: &Diagnostic) -> Report<()> {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let mut labels = vec![Label::primary((), d.span.clone())];
    labels.extend(
        d.related
            .iter()
            .map(|r| Label::secondary((), r.span.clone()).with_message(r.message.clone())),
    );
    let mut notes = Vec::new();
    if d.article.is_some()
        && let Some(a) = document.article_at(d.span.start)
    {
        let heading = source.text().get(a.heading.clone()).unwrap_or(&a.label);
        notes.push(format!(
            "dans : {}",
            heading.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    } else if let Some(part) = d.part {
        let part = match part {
            "intitulé" => "l’intitulé",
            "parties" => "la désignation des parties",
            "considérants" => "les considérants",
            "signature" => "le bloc de signature",
            "annexes" => "les annexes",
            other => other,
        };
        notes.push(format!("dans : {part}"));
    }
    if let Some(place) = super::word_place(source, d.span.start) {
        notes.push(format!("dans Word : {place}"));
    }
    notes.push(format!("aide : {}", d.help));
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "correction sûre",
            Applicability::DisplayOnly => "à vérifier avant de l’appliquer",
        };
        notes.push(format!("correction : « {} » ({how})", fix.replacement));
    }
    Report::new(level)
        .with_code(d.rule.clone())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// The closing line of a run: « 27 erreurs, 2 avertissements dans 1 fichier ».
pub fn summary(counts: Counts, files: usize, failed: usize) -> String {
    let mut line = format!(
        "{}, {}, {} dans {}",
        plural(counts.errors, "erreur", "erreurs"),
        plural(counts.warnings, "avertissement", "avertissements"),
        plural(counts.infos, "information", "informations"),
        plural(files, "fichier", "fichiers"),
    );
    if failed > 0 {
        line.push_str(&format!(
            " ; {} non {}",
            plural(failed, "fichier", "fichiers"),
            if failed >= 2 { "lus" } else { "lu" }
        ));
    }
    line
}

/// The human format for a whole run: each file's findings as they come, then the
/// closing line ([`summary`]). Files that could not be read are left to the binary,
/// which names them on standard error.
pub struct Human<W: termcolor::WriteColor> {
    out: W,
}

impl<W: termcolor::WriteColor> Human<W> {
    /// Writes to `out` (colour as `out` supports it).
    pub fn new(out: W) -> Self {
        Human { out }
    }
}

impl<W: termcolor::WriteColor> Renderer for Human<W> {
    fn file(
        &mut self,
        source: &Source,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> std::io::Result<()> {
        write(source, document, diagnostics, &mut self.out)
    }

    fn failed(&mut self, _path: &std::path::Path, _message: &str) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(mut self: Box<Self>, s: &Summary) -> std::io::Result<()> {
        writeln!(self.out, "{}", summary(s.counts, s.files, s.unread))?;
        self.out.flush()
    }
}
