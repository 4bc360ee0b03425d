//! The `field-party` kind: a party named by one field in the front matter
//! (« [Structure publique] ») and by another in the signature block (« Pour
//! [Structure] »). Whoever fills in the template then fills in two fields for one
//! party, and may fill them differently.
//!
//! The parties whose name holds a field are paired, in order, with the « Pour … »
//! signatories whose name holds a field (the parties with a real name, « La Métropole
//! du Grand Paris », sign under it); when the two counts differ, which is which is
//! unknown and nothing is reported (`party-inconsistent` and `signatories-mismatch`
//! look at the counts). Fields are compared by name, as written.

use serde::Deserialize;

use super::fields::{self, Field};
use super::{Context, Finding, vars};
use crate::diagnostic::Applicability;
use crate::source::Span;

/// The `[check]` table of a `field-party` rule (no settings). Needs the label `party`,
/// shown on the party's field in the front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {}

impl Config {
    pub(crate) fn needed_names(&self) -> Vec<String> {
        vec!["labels.party".into()]
    }

    pub(crate) fn run(&self, ctx: &Context) -> Vec<Finding> {
        let (Some(parties), Some(block)) = (&ctx.document.parties, &ctx.document.signature) else {
            return Vec::new();
        };
        let scan = fields::scan(ctx, None);
        let inside = |span: &Span| -> Vec<&Field> {
            scan.fields
                .iter()
                .filter(|f| span.start <= f.span.start && f.span.end <= span.end)
                .collect()
        };
        let named: Vec<Vec<&Field>> = parties
            .parties
            .iter()
            .map(|p| inside(&p.name_span))
            .filter(|f| !f.is_empty())
            .collect();
        let signing: Vec<Vec<&Field>> = block
            .signatories
            .iter()
            .map(|s| inside(&s.span))
            .filter(|f| !f.is_empty())
            .collect();
        if named.len() != signing.len() {
            return Vec::new();
        }
        let text = ctx.source.text();
        let names = |f: &[&Field]| f.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        let whole = |f: &[&Field]| -> Span {
            f.first().map_or(0, |a| a.span.start)..f.last().map_or(0, |z| z.span.end)
        };
        named
            .iter()
            .zip(&signing)
            .filter(|(party, signer)| names(party) != names(signer))
            .map(|(party, signer)| {
                let expected = fields::collapse(&text[whole(party)]);
                let span = whole(signer);
                Finding {
                    vars: vars([
                        ("found", fields::collapse(&text[span.clone()])),
                        ("expected", expected.clone()),
                    ]),
                    related: vec![(
                        whole(party),
                        "party".into(),
                        vars([("expected", expected.clone())]),
                    )],
                    // Which field the template keeps is its maintainer's call.
                    fix: Some((expected, Applicability::DisplayOnly)),
                    span,
                    ..Finding::default()
                }
            })
            .collect()
    }
}
