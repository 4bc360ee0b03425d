//! Turning diagnostics and documents into output: [`human`] (codespan-reporting),
//! [`json`], and the [`outline`] of a parsed document. Renderers return strings; the
//! binary prints them.

pub mod human;
pub mod json;
pub mod outline;

use crate::Diagnostic;
use crate::rule::Severity;

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
}

impl Counts {
    /// Adds up the severities of `diagnostics`.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// « 1 erreur », « 3 erreurs »: a count with the French noun, plural from 2 on
/// (French puts 0 and 1 in the singular).
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n >= 2 { plural } else { singular })
}
