//! The GitHub format: one workflow command per finding, which GitHub Actions turns into
//! an annotation on the file and line (in the run's summary and in the pull request's
//! « Files changed »):
//!
//! ```text
//! ::error file=convention.txt,line=212,col=25,endLine=212,endColumn=31,title=paraphe (spelling)::« DONNES » : faute probable pour « DONNÉES », que le document emploie 7 fois%0Aaide : écrire « DONNÉES »%0Acorrection : « DONNÉES » (correction sûre)
//! ```
//!
//! - `error` findings give `::error`, `warning` ones `::warning`, `info` ones `::notice`;
//! - `line` and `endLine` are 1-based; `col` and `endColumn` (just past the end) count
//!   characters, and are given only when the finding starts and ends on the same line,
//!   as GitHub requires;
//! - the message is the finding's, then, on lines of their own, where it is in Word for
//!   a DOCX or ODT (`dans Word : paragraphe 12`: lines and columns count in the
//!   extracted text, as in the JSON), `aide : …` and, when there is one, the proposed
//!   correction.
//!
//! Escaping follows GitHub's toolkit (`@actions/core`, `command.ts`): in the message,
//! `%`, CR and LF become `%25`, `%0D`, `%0A`; in a property value (`file`, `title`),
//! `:` and `,` also become `%3A` and `%2C`. A file that could not be read gets an
//! `::error file=…::` of its own. The run ends with the human format's closing line,
//! which GitHub shows as plain text in the log.

use std::io;

use super::{Renderer, Summary, word_place};
use crate::diagnostic::Applicability;
use crate::rule::Severity;
use crate::source::Locator;
use crate::{Diagnostic, Document, Source};

/// The GitHub format for a whole run, writing to `out`.
pub struct Github<W: io::Write> {
    out: W,
}

impl<W: io::Write> Github<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        Github { out }
    }
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow commands of one source's findings, each ending with `\n`.
pub fn render(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let file = escape_property(&source.path().display().to_string());
    let mut starts = Locator::new(source);
    let mut ends = Locator::new(source);
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let start = starts.position(d.span.start);
        let end = ends.position(d.span.end);
        let mut place = format!("file={file},line={},", start.line);
        if start.line == end.line {
            place.push_str(&format!(
                "col={},endLine={},endColumn={},",
                start.column, end.line, end.column
            ));
        } else {
            place.push_str(&format!("endLine={},", end.line));
        }
        let mut message = d.message.clone();
        if let Some(word) = word_place(source, d.span.start) {
            message.push_str(&format!("\ndans Word : {word}"));
        }
        message.push_str(&format!("\naide : {}", d.help));
        if let Some(fix) = &d.fix {
            let how = match fix.applicability {
                Applicability::Safe => "correction sûre",
                Applicability::DisplayOnly => "à vérifier avant de l’appliquer",
            };
            message.push_str(&format!("\ncorrection : « {} » ({how})", fix.replacement));
        }
        out.push_str(&format!(
            "::{command} {place}title={}::{}\n",
            escape_property(&format!("paraphe ({})", d.rule)),
            escape_data(&message)
        ));
    }
    out
}

impl<W: io::Write> Renderer for Github<W> {
    fn file(
        &mut self,
        source: &Source,
        _document: &Document,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        self.out.write_all(render(source, diagnostics).as_bytes())
    }

    fn failed(&mut self, path: &std::path::Path, message: &str) -> io::Result<()> {
        writeln!(
            self.out,
            "::error file={},title=paraphe::{}",
            escape_property(&path.display().to_string()),
            escape_data(&format!("fichier non lu : {message}"))
        )
    }

    fn finish(mut self: Box<Self>, s: &Summary) -> io::Result<()> {
        writeln!(
            self.out,
            "{}",
            super::human::summary(s.counts, s.files, s.unread)
        )?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50 % : a,b\r\nc"), "50 %25 : a,b%0D%0Ac");
        assert_eq!(
            escape_property("C:\\dossier,1\n%"),
            "C%3A\\dossier%2C1%0A%25"
        );
    }
}
