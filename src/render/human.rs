//! The human format: each finding with its file, line and column, the text underlined
//! and the secondary places labelled (codespan-reporting), then the article, the help
//! and the proposed fix as notes. This is the only module that uses codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor};

use super::{Counts, plural};
use crate::diagnostic::Applicability;
use crate::rule::Severity;
use crate::{Diagnostic, Document, Source};

/// Renders the findings of one source (`document` is its parsed tree, used to name
/// the article each finding sits in). With `color`, ANSI escapes are included.
pub fn render(
    source: &Source,
    document: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
) -> String {
    let file = SimpleFile::new(source.path().display().to_string(), source.text());
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = Config::default();
    for d in diagnostics {
        let report = report(source, document, d);
        // Rendering only fails on spans outside the text, which checks never produce;
        // such a finding is still listed on one line rather than lost.
        if term::emit_to_write_style(&mut buffer, &config, &file, &report).is_err() {
            let p = source.position(d.span.start);
            let line = format!(
                "{}:{}:{}: {}[{}] {}\n",
                source.path().display(),
                p.line,
                p.column,
                d.severity.as_str(),
                d.rule,
                d.message
            );
            std::io::Write::write_all(&mut buffer, line.as_bytes()).ok();
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
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
