//! `paraphe check --fix` and `--diff`: the binary's side of [`paraphe::fix`] — reading
//! the files, writing them back, telling the user (on standard error, so that the
//! findings on standard output stay as they are, JSON included).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::sync::Arc;

use anyhow::Result;

use paraphe::fix::{self, FixError, Fixed};
use paraphe::project::Prepared;
use paraphe::render::plural;
use paraphe::source::{Format, LoadError};

use super::{STDIN, report_error};

/// Whether `path` is a large text file, read in segments: such a file is not fixed
/// (fixes are applied and checked again on a whole text, which it is too large to be
/// held as), and one line says so. It is still checked.
fn refuse_large(path: &Path) -> bool {
    if !super::is_large(path) {
        return false;
    }
    report_error(
        path,
        &format!(
            "fichier de plus de {} Mio, lu par segments : --fix et --diff ne le corrigent pas (il n'est pas modifié) ; le découper pour le corriger",
            paraphe::segment::Limits::default().large >> 20
        ),
    );
    true
}

/// `--fix` on one file, which `source` is loaded from: applies the safe fixes to a .txt
/// or .md file, writes it atomically and says how many corrections were made. Returns
/// the source to report the remaining findings on: the fixed text, or `source` when
/// nothing was written. Standard input cannot be written back: it is an error (counted
/// in `failed`), and its findings are still reported. A .docx or .odt is never written:
/// one line says so.
pub fn fix(path: &Path, prepared: &Prepared, failed: &mut usize) {
    if path == Path::new(STDIN) {
        report_error(
            path,
            "l'entrée standard ne peut pas être corrigée sur place : --diff montre les corrections",
        );
        *failed += 1;
        return;
    }
    if refuse_large(path) {
        *failed += 1;
        return;
    }
    let fixed = fix::read_file(path)
        .map_err(FixError::from)
        .and_then(|bytes| {
            fix::fix_text(
                path,
                &bytes,
                prepared.encoding,
                &prepared.rules,
                &prepared.settings,
            )
        });
    let fixed = match fixed {
        Ok(fixed) => fixed,
        Err(e @ FixError::NotText(_)) => {
            report_error(path, &e.to_string());
            return;
        }
        // A file that cannot be read is reported when it is checked.
        Err(FixError::Load(_)) => return,
        Err(e) => {
            report_error(path, &e.to_string());
            *failed += 1;
            return;
        }
    };
    report_refused(path, &fixed);
    if fixed.applied == 0 {
        return;
    }
    match fix::write_atomically(path, &fixed.bytes) {
        Ok(_) => eprintln!(
            "paraphe: {} dans {}",
            plural(
                fixed.applied,
                "correction appliquée",
                "corrections appliquées"
            ),
            path.display()
        ),
        Err(e) => {
            report_error(
                path,
                &format!("fichier non modifié, écriture impossible : {e}"),
            );
            *failed += 1;
        }
    }
}

/// Safe fixes that could not be applied, and fixes that did not settle.
fn report_refused(path: &Path, fixed: &Fixed) {
    for why in &fixed.refused {
        report_error(path, &format!("correction non appliquée, {why}"));
    }
    if !fixed.converged {
        report_error(
            path,
            &format!(
                "des corrections restent à appliquer après {} passes : relancer paraphe check --fix",
                fix::MAX_PASSES
            ),
        );
    }
}

/// `--diff`: for each file, the unified diff of its safe fixes on standard output,
/// nothing written. Exit code: 2 if a file could not be read (the others are still
/// shown), else 1 if a file has something to fix, else 0. `failed` counts the errors
/// already met (rule files, directories).
pub fn diff(files: &[(PathBuf, Arc<Prepared>)], mut failed: usize) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let (mut files_changed, mut corrections) = (0, 0);
    for (path, prepared) in files {
        if refuse_large(path) {
            failed += 1;
            continue;
        }
        let encoding = prepared.encoding;
        let format = Format::from_path(path);
        let bytes = if path == Path::new(STDIN) {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map(|_| bytes)
                .map_err(LoadError::from)
        } else if let Some(Format::Docx | Format::Odt) = format {
            // Loaded for its errors only: such a file is never fixed.
            match super::load(path, encoding) {
                Ok(_) => {
                    let kind = if format == Some(Format::Docx) {
                        "Word"
                    } else {
                        "OpenDocument"
                    };
                    report_error(path, &FixError::NotText(kind).to_string());
                }
                Err(message) => {
                    report_error(path, &message);
                    failed += 1;
                }
            }
            continue;
        } else {
            fix::read_file(path)
        };
        let fixed = bytes.map_err(FixError::from).and_then(|bytes| {
            fix::fix_text(path, &bytes, encoding, &prepared.rules, &prepared.settings)
        });
        let fixed = match fixed {
            Ok(fixed) => fixed,
            Err(e) => {
                report_error(path, &e.to_string());
                failed += 1;
                continue;
            }
        };
        report_refused(path, &fixed);
        if fixed.applied == 0 {
            continue;
        }
        files_changed += 1;
        corrections += fixed.applied;
        let name = path.display().to_string();
        match write!(
            out,
            "{}",
            fix::unified_diff(&name, &fixed.before, &fixed.after)
        ) {
            Err(e) if super::reader_gone(&e) => break,
            other => other?,
        }
    }
    if files_changed > 0 {
        eprintln!(
            "paraphe: {} à appliquer dans {} (paraphe check --fix)",
            plural(corrections, "correction sûre", "corrections sûres"),
            plural(files_changed, "fichier", "fichiers")
        );
    }
    Ok(ExitCode::from(if failed > 0 {
        2
    } else if files_changed > 0 {
        1
    } else {
        0
    }))
}
