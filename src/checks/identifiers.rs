//! `identifier` check kind: SIREN, SIRET and IBAN whose check digits are wrong.

use serde::Deserialize;

use super::{Context, Finding, vars};
use crate::fr::identifiers::{IdentifierKind, find_identifiers};

/// The `[check]` table of an `identifier` rule (no settings). Needs the variants
/// `length` (a SIREN or SIRET with the wrong number of digits) and `iban`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {}

impl Config {
    pub(crate) fn needed_variants(&self) -> Vec<String> {
        vec!["length".into(), "iban".into()]
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let text = ctx.source.text();
        find_identifiers(text)
            .into_iter()
            .filter(|m| !m.valid)
            .map(|m| {
                let expected = match m.kind {
                    IdentifierKind::Siren => 9,
                    IdentifierKind::Siret => 14,
                    IdentifierKind::Iban => 0,
                };
                let variant = match m.kind {
                    IdentifierKind::Iban => Some("iban".to_string()),
                    _ if m.compact.len() != expected => Some("length".to_string()),
                    _ => None,
                };
                Finding {
                    vars: vars([
                        ("found", text[m.span.clone()].to_string()),
                        ("kind", m.kind.name().to_string()),
                        ("digits", m.compact.len().to_string()),
                        ("expected", expected.to_string()),
                    ]),
                    span: m.span,
                    variant,
                    ..Finding::default()
                }
            })
            .collect()
    }
}
