//! `paraphe outline`: how a document was read, part by part, with 1-based line ranges,
//! so a lawyer can see which lines paraphe took for the parties, the recitals, each
//! article and the signature block.

use std::fmt::Write;

use crate::document::Article;
use crate::fr::references::find_references;
use crate::source::{Source, Span};
use crate::{Document, Model};

fn lines(source: &Source, span: &Span) -> String {
    let first = source.position(span.start).line;
    let last = source
        .position(span.end.saturating_sub(1).max(span.start))
        .line;
    if first == last {
        format!("l. {first}")
    } else {
        format!("l. {first}-{last}")
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The outline of `document`, in French, one part per line.
pub fn render(source: &Source, document: &Document, model: Option<&Model>) -> String {
    let mut out = String::new();
    let w = &mut out;
    // Writing to a String cannot fail.
    if source.is_segment() {
        let whole = 0..source.text().len();
        let _ = writeln!(
            w,
            "{} (segment, {})",
            source.path().display(),
            lines(source, &whole)
        );
    } else {
        let _ = writeln!(w, "{}", source.path().display());
    }
    match &document.title {
        Some(t) => {
            let _ = writeln!(
                w,
                "titre         {:<12} {}",
                lines(source, &t.span),
                one_line(&t.text)
            );
        }
        None => {
            let _ = writeln!(w, "titre         (non trouvé)");
        }
    }
    match &document.parties {
        Some(p) => {
            let _ = writeln!(w, "parties       {}", lines(source, &p.span));
            for (i, party) in p.parties.iter().enumerate() {
                let designations: Vec<String> = party
                    .designations
                    .iter()
                    .map(|d| format!("« {} »", d.text))
                    .collect();
                let designations = if designations.is_empty() {
                    String::new()
                } else {
                    format!(" — désignée {}", designations.join(", "))
                };
                let _ = writeln!(
                    w,
                    "  {}. {:<11}{}{}",
                    i + 1,
                    lines(source, &party.span),
                    one_line(&party.name),
                    designations
                );
            }
        }
        None => {
            let _ = writeln!(w, "parties       (non trouvées : pas de ligne « Entre »)");
        }
    }
    if let Some(a) = &document.agreement {
        let _ = writeln!(
            w,
            "accord        {:<12} {}",
            lines(source, a),
            one_line(&source.text()[a.clone()])
        );
    }
    if let Some(r) = &document.recitals {
        let _ = writeln!(
            w,
            "considérants  {:<12} {}{} alinéa{}",
            lines(source, &r.span),
            r.opening
                .as_deref()
                .map(|o| format!("{} — ", one_line(o)))
                .unwrap_or_default(),
            r.alineas.len(),
            if r.alineas.len() >= 2 { "s" } else { "" }
        );
    }
    let _ = writeln!(w, "articles      {}", document.all_articles().len());
    let mut divisions = document.divisions.iter().peekable();
    fn walk(w: &mut String, source: &Source, articles: &[Article], depth: usize) {
        for a in articles {
            let _ = writeln!(
                w,
                "{}{:<16} {:<12} {}",
                "  ".repeat(depth + 1),
                one_line(&a.label),
                lines(source, &a.span),
                if a.title.is_empty() {
                    "(sans titre)".to_string()
                } else {
                    one_line(&a.title)
                }
            );
            // The references the article's own text makes (its sub-articles list theirs).
            let own_end = a.children.first().map_or(a.body.end, |c| c.span.start);
            let body = &source.text()[a.body.start..own_end.max(a.body.start)];
            let targets: Vec<String> = find_references(body, a.body.start)
                .into_iter()
                .flat_map(|r| r.targets.into_iter().map(|(t, _)| t.describe()))
                .collect();
            if !targets.is_empty() {
                let mut unique: Vec<String> = Vec::new();
                for t in targets {
                    if !unique.contains(&t) {
                        unique.push(t);
                    }
                }
                let _ = writeln!(
                    w,
                    "{}  renvois : {}",
                    "  ".repeat(depth + 1),
                    unique.join(", ")
                );
            }
            walk(w, source, &a.children, depth + 1);
        }
    }
    for article in &document.articles {
        while let Some(d) = divisions.next_if(|d| d.span.start < article.span.start) {
            let _ = writeln!(
                w,
                "  {:<16} {:<12} {}",
                one_line(&d.label),
                lines(source, &d.span),
                one_line(&d.title)
            );
        }
        walk(w, source, std::slice::from_ref(article), 0);
    }
    for d in divisions {
        let _ = writeln!(
            w,
            "  {:<16} {:<12} {}",
            one_line(&d.label),
            lines(source, &d.span),
            one_line(&d.title)
        );
    }
    for annex in &document.annexes {
        let _ = writeln!(
            w,
            "annexe        {:<12} {}{}",
            lines(source, &annex.span),
            one_line(&annex.label),
            if annex.title.is_empty() {
                String::new()
            } else {
                format!(" – {}", one_line(&annex.title))
            }
        );
    }
    match &document.signature {
        Some(s) => {
            let copies = s
                .copies
                .map(|n| format!("{n} exemplaires"))
                .unwrap_or_else(|| "nombre d’exemplaires non précisé".into());
            let place = s
                .place
                .as_ref()
                .map(|p| format!("à {}", one_line(&source.text()[p.clone()])))
                .unwrap_or_else(|| "lieu non renseigné".into());
            let _ = writeln!(
                w,
                "signature     {:<12} {copies}, {place}",
                lines(source, &s.span)
            );
            for sig in &s.signatories {
                let _ = writeln!(
                    w,
                    "  pour        {:<12} {}",
                    lines(source, &sig.span),
                    one_line(&sig.name)
                );
            }
        }
        None => {
            let _ = writeln!(
                w,
                "signature     (non trouvée : pas de ligne « Fait à » / « Fait en … exemplaires »)"
            );
        }
    }
    match model {
        Some(m) => {
            let _ = writeln!(w, "modèle        {} ({})", m.id, m.name);
        }
        None => {
            let _ = writeln!(w, "modèle        aucun");
        }
    }
    out
}
