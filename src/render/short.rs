//! The short format: one line per finding, in the form compilers use, which editors
//! (Vim's quickfix, Emacs's compilation mode, VS Code's problem matchers) and `grep`
//! read:
//!
//! ```text
//! fixtures/documents/convention-engagement-template.txt:212:25: error[spelling] « DONNES » : faute probable pour « DONNÉES », que le document emploie 7 fois
//! fixtures/docx/notes.docx:309:26: error[placeholder] champ non rempli : « [Date] » — dans Word : note de bas de page 1, paragraphe 2
//! ```
//!
//! - `path` as given on the command line or found in a directory;
//! - `line` 1-based, `col` 1-based in characters (not bytes), both of the start of the
//!   offending text, as in the human and JSON formats;
//! - `severity` is `error`, `warning` or `info`, then the rule id in brackets;
//! - the message, on one line: a line break inside a quoted field is shown as a space.
//!
//! The article is not repeated (the line says where the finding is). For a DOCX or ODT,
//! the line and column count in the extracted text (one line per paragraph, the notes
//! after the body), as in the JSON; since Word shows no line numbers, the line ends with
//! where the finding is in the document: « — dans Word : paragraphe 12 ».
//!
//! There is no closing count: every line of the output is a finding. Files that could
//! not be read are named on standard error by the binary.

use std::io;

use super::{Renderer, Summary, one_line, word_place};
use crate::source::Locator;
use crate::{Diagnostic, Document, Source};

/// The short format for a whole run, writing to `out`.
pub struct Short<W: io::Write> {
    out: W,
}

impl<W: io::Write> Short<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        Short { out }
    }
}

/// The lines of one source's findings, each ending with `\n`.
pub fn render(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let path = source.path().display().to_string();
    let path = one_line(&path);
    let mut locator = Locator::new(source);
    let mut out = String::new();
    for d in diagnostics {
        let p = locator.position(d.span.start);
        out.push_str(&format!(
            "{path}:{}:{}: {}[{}] {}",
            p.line,
            p.column,
            d.severity.as_str(),
            d.rule,
            one_line(&d.message)
        ));
        if let Some(place) = word_place(source, d.span.start) {
            out.push_str(&format!(" — dans Word : {}", one_line(&place)));
        }
        out.push('\n');
    }
    out
}

impl<W: io::Write> Renderer for Short<W> {
    fn file(
        &mut self,
        source: &Source,
        _document: &Document,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        self.out.write_all(render(source, diagnostics).as_bytes())
    }

    fn failed(&mut self, _path: &std::path::Path, _message: &str) -> io::Result<()> {
        Ok(())
    }

    fn finish(mut self: Box<Self>, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
