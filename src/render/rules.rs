//! The documentation of the rules, taken from the rule files: `paraphe rules` (one line
//! per rule) and `paraphe explain RULE|GROUP` (what a rule checks, why it matters, its
//! wording, an invalid and a valid example); the SARIF format reuses the same texts for
//! its rule help.

use std::fmt::Write;

use crate::Profile;
use crate::rule::{Example, Rule, RuleSet, Severity};

/// `paraphe rules`: one line per rule in force in `profile`, in columns — id, group
/// (`-` for none), severity, summary — then one line per document model (its articles
/// and fields), then the profile.
pub fn list(set: &RuleSet, profile: Profile) -> String {
    let mut out = rule_lines(set.for_profile(profile));
    for model in &set.models {
        let n = model.articles.len();
        let fields = match model.fields.as_ref().map(Vec::len) {
            Some(f) => format!(", {f} champ{}", if f >= 2 { "s" } else { "" }),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "modèle {} : {} ({n} article{}{fields})",
            model.id,
            model.name,
            if n >= 2 { "s" } else { "" }
        );
    }
    let _ = writeln!(out, "profil : {profile}");
    out
}

/// The lines of `rules`, aligned on the longest id and group.
fn rule_lines<'r>(rules: impl Iterator<Item = &'r Rule> + Clone) -> String {
    let id_width = rules
        .clone()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0);
    let group_width = rules
        .clone()
        .map(|r| group(r).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        let _ = writeln!(
            out,
            "{:<id_width$}  {:<group_width$}  {:<7}  {}",
            rule.id,
            group(rule),
            rule.severity.as_str(),
            rule.summary.trim()
        );
    }
    out
}

fn group(rule: &Rule) -> &str {
    rule.group.as_deref().unwrap_or("-")
}

/// A name given to `paraphe explain` that is neither a rule nor a group.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct UnknownRule {
    /// The name as given.
    pub name: String,
    /// The nearest rule id or group, if one is close enough to be a slip.
    pub suggestion: Option<String>,
    /// Every rule id, then every group.
    pub known: Vec<String>,
}

impl UnknownRule {
    fn describe(&self) -> String {
        let start = format!(
            "« {} » n'est ni une règle ni un groupe de règles",
            self.name
        );
        match &self.suggestion {
            Some(s) => format!("{start} ; voulez-vous dire « {s} » ? (paraphe rules les liste)"),
            None => format!("{start} ; connus : {}", self.known.join(", ")),
        }
    }
}

/// `paraphe explain NAME`: the rule of that id ([`explain`]), or the rules of that group.
///
/// # Errors
/// [`UnknownRule`], with the nearest id or group when there is one.
pub fn explain_name(set: &RuleSet, name: &str) -> Result<String, UnknownRule> {
    let wanted = name.trim().to_lowercase();
    if let Some(rule) = set.rules.iter().find(|r| r.id == wanted) {
        return Ok(explain(rule));
    }
    let members = set
        .rules
        .iter()
        .filter(|r| r.group.as_deref() == Some(wanted.as_str()));
    if members.clone().next().is_some() {
        let n = members.clone().count();
        return Ok(format!(
            "groupe {wanted} : {n} règle{}\n\n{}\n`paraphe explain RÈGLE` pour le détail d'une règle ; `--ignore {wanted}` les écarte toutes\n",
            if n >= 2 { "s" } else { "" },
            rule_lines(members)
        ));
    }
    let mut known: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();
    let mut groups: Vec<String> = set.rules.iter().filter_map(|r| r.group.clone()).collect();
    groups.sort();
    groups.dedup();
    known.extend(groups);
    Err(UnknownRule {
        name: name.to_string(),
        suggestion: nearest(&wanted, &known),
        known,
    })
}

/// The known name `name` is most likely a slip for: the only one that contains it (three
/// characters at least: « nbsp » for `nbsp-missing`), else the closest within three
/// edits (Damerau distance, [`crate::fr::words::edit_distance`]).
pub(crate) fn nearest(name: &str, known: &[String]) -> Option<String> {
    let containing: Vec<&String> = known.iter().filter(|k| k.contains(name)).collect();
    if name.chars().count() >= 3 && containing.len() == 1 {
        return Some(containing[0].clone());
    }
    const LIMIT: usize = 3;
    known
        .iter()
        .map(|k| (crate::fr::words::edit_distance(name, k, LIMIT), k))
        .filter(|(d, _)| *d <= LIMIT)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// The severity in French, with the word of the rule files.
fn severity(severity: Severity) -> String {
    let french = match severity {
        Severity::Error => "erreur",
        Severity::Warning => "avertissement",
        Severity::Info => "information",
    };
    format!("{french} ({})", severity.as_str())
}

/// The first invalid and the first valid example of a rule.
fn examples(rule: &Rule) -> (Option<&Example>, Option<&Example>) {
    (
        rule.examples.iter().find(|e| e.is_invalid()),
        rule.examples.iter().find(|e| !e.is_invalid()),
    )
}

/// An example's text, and whether it is WordprocessingML (DOCX body content).
fn example_text(example: &Example) -> (&str, bool) {
    match example {
        Example::Invalid(t) | Example::Valid(t) => (t, false),
        Example::InvalidDocx(t) | Example::ValidDocx(t) => (t, true),
    }
}

/// No-break spaces made visible, since the typography rules turn on them.
fn visible(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], "⍽")
}

/// `text` with every line indented by `indent`, and a final line break.
fn indented(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.trim_matches('\n').lines() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// `paraphe explain RULE`: what the rule checks (its summary), why it matters (its
/// description), its severity, group and file, the message and help it writes, one
/// invalid and one valid example from its file (DOCX examples as their XML), and how to
/// leave it out. In French.
pub fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let group = match &rule.group {
        Some(g) => format!("groupe {g}"),
        None => "sans groupe".to_string(),
    };
    let _ = writeln!(
        out,
        "{} — {}, {group} ({})\n",
        rule.id,
        severity(rule.severity),
        rule.origin.display()
    );
    let _ = writeln!(
        out,
        "Ce qu'elle vérifie\n{}",
        indented(rule.summary.trim(), "  ")
    );
    let _ = writeln!(out, "Pourquoi\n{}", indented(rule.description.trim(), "  "));
    let _ = writeln!(
        out,
        "Ce que paraphe écrit (les {{…}} sont remplacés par ce qui est trouvé)\n  message : {}\n  aide : {}\n",
        rule.message.trim(),
        rule.help.trim()
    );
    let (invalid, valid) = examples(rule);
    let mut legend = false;
    for (title, example) in [("Exemple fautif", invalid), ("Exemple correct", valid)] {
        let Some(example) = example else { continue };
        let (text, docx) = example_text(example);
        let shown = visible(text);
        legend |= shown != text;
        let what = if docx {
            " (contenu XML d'un document Word)"
        } else {
            ""
        };
        let _ = writeln!(out, "{title}{what}\n{}", indented(&shown, "    "));
    }
    if legend {
        let _ = writeln!(out, "(⍽ : espace insécable)\n");
    }
    match &rule.group {
        Some(g) => {
            let _ = writeln!(
                out,
                "Pour l'écarter : --ignore {} (ou tout le groupe : --ignore {g})",
                rule.id
            );
        }
        None => {
            let _ = writeln!(out, "Pour l'écarter : --ignore {}", rule.id);
        }
    }
    out
}

/// `text` with its hard line breaks joined: paragraphs (separated by a blank line) each
/// on one line, for formats that wrap text themselves (SARIF viewers).
pub fn unwrap(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The help of a rule in plain text: its description, then an invalid and a valid
/// example.
pub fn help_text(rule: &Rule) -> String {
    let mut out = unwrap(&rule.description);
    let (invalid, valid) = examples(rule);
    for (title, example) in [("Exemple fautif", invalid), ("Exemple correct", valid)] {
        if let Some(example) = example {
            let (text, _) = example_text(example);
            let _ = write!(out, "\n\n{title} :\n{}", visible(text.trim_matches('\n')));
        }
    }
    out
}

/// The help of a rule in Markdown: its description, then an invalid and a valid example
/// in code blocks.
pub fn help_markdown(rule: &Rule) -> String {
    let mut out = unwrap(&rule.description);
    let (invalid, valid) = examples(rule);
    for (title, example) in [("Exemple fautif", invalid), ("Exemple correct", valid)] {
        if let Some(example) = example {
            let (text, docx) = example_text(example);
            let language = if docx { "xml" } else { "text" };
            let _ = write!(
                out,
                "\n\n**{title}**\n\n```{language}\n{}\n```",
                visible(text.trim_matches('\n'))
            );
        }
    }
    out
}
