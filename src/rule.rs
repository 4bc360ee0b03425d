//! Rule files and document models: the declarative part of paraphe.
//!
//! A rule file (`rules/*.toml`) says what to look for and what to tell the lawyer; its
//! `[check]` table names one of a closed set of check kinds ([`Check`]) implemented in
//! [`checks`](crate::checks). A document model (`rules/models/*.toml`, a file with a
//! `[model]` table) declares the articles a family of conventions is expected to have.
//!
//! Files are strict: an unknown key, a missing key or a bad value is a [`RuleError`]
//! that names the file, the 1-based line and column, and what is wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::checks;
use crate::profile::Profile;

/// How serious a finding is. Only `error` findings make `paraphe check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Something to know, never blocking.
    Info,
    /// Probably wrong; to look at before signature.
    Warning,
    /// Must be corrected before signature.
    Error,
}

impl Severity {
    /// The lowercase English name, as in the rule files and the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One rule, as written in its TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rule {
    /// The rule's name, reading well after « allow »: `placeholder`, `article-missing`.
    pub id: String,
    /// Default severity of its findings.
    pub severity: Severity,
    /// The group it belongs to (`typography`), so that a whole group can be switched
    /// off at once; `None` for a rule of its own.
    #[serde(default)]
    pub group: Option<String>,
    /// The profiles the rule is in force in (`profiles = ["template"]`); `None`, the
    /// key left out, for every profile. A list that is empty is an error.
    #[serde(default)]
    pub profiles: Option<Vec<Profile>>,
    /// One line saying what the rule checks (for `paraphe rules` and the README).
    pub summary: String,
    /// Why it matters, for a lawyer (a few sentences).
    pub description: String,
    /// The finding's message, in French, with `{variables}` filled by the check kind.
    pub message: String,
    /// What to do, in French, with the same variables.
    pub help: String,
    /// Other wordings the check kind can choose instead of `message`/`help`, by name.
    #[serde(default)]
    pub variants: BTreeMap<String, Variant>,
    /// Messages of the secondary labels, by the name the check kind uses.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// What to look for: one of the check kinds.
    pub check: Check,
    /// Examples that the test suite runs: each `invalid` text gives at least one
    /// finding of this rule, each `valid` text none.
    pub examples: Vec<Example>,
    /// The file the rule was read from (`rules/NAME.toml` for the embedded ones).
    #[serde(skip)]
    pub origin: PathBuf,
}

impl Rule {
    /// Whether the rule is in force in `profile`.
    pub fn in_profile(&self, profile: Profile) -> bool {
        self.profiles.as_ref().is_none_or(|p| p.contains(&profile))
    }
}

/// Another wording of a rule's message and help.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Variant {
    /// Replaces the rule's message.
    pub message: String,
    /// Replaces the rule's help, when given.
    pub help: Option<String>,
}

/// An example of a rule: a text it must flag, or one it must leave alone.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum Example {
    /// Text that must produce at least one finding of the rule.
    Invalid(String),
    /// Text that must produce no finding of the rule.
    Valid(String),
    /// DOCX body content (`<w:p>…</w:p>` elements of WordprocessingML) that must
    /// produce at least one finding: for rules about what only a Word file holds.
    InvalidDocx(String),
    /// DOCX body content that must produce no finding of the rule.
    ValidDocx(String),
}

impl Rule {
    /// Whether one of `names` is this rule's id or group.
    pub fn named_in(&self, names: &[String]) -> bool {
        names
            .iter()
            .any(|n| *n == self.id || self.group.as_ref() == Some(n))
    }
}

impl Example {
    /// Whether the example must produce a finding.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Example::Invalid(_) | Example::InvalidDocx(_))
    }

    /// The example as a source to check.
    ///
    /// # Errors
    /// A message when DOCX body content is not well-formed XML.
    pub fn source(&self) -> Result<crate::Source, String> {
        use crate::source::{Format, Source};
        match self {
            Example::Invalid(text) | Example::Valid(text) => {
                Ok(Source::from_str("example.txt", text))
            }
            Example::InvalidDocx(body) | Example::ValidDocx(body) => {
                let xml = crate::formats::docx::wrap_body(body);
                let extracted =
                    crate::formats::docx::read_document_xml(&xml).map_err(|e| e.to_string())?;
                Ok(Source::from_extracted(
                    std::path::Path::new("example.docx"),
                    extracted,
                    Format::Docx,
                ))
            }
        }
    }
}

/// The check kinds: how a rule looks for what it declares.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Check {
    /// Fields left unfilled: patterns, plus the blanks of the signature block.
    Placeholder(checks::placeholder::Config),
    /// Known misspellings and their corrections.
    Substitution(checks::substitution::Config),
    /// Gaps, duplicates and disorder in the numbering of articles.
    ArticleSequence(checks::articles::Config),
    /// Dates that do not exist (« 31 juin 2028 »).
    DateValidity(checks::dates::ValidityConfig),
    /// Dates and durations read from articles by their role, compared.
    DateOrder(checks::dates::OrderConfig),
    /// A part of the convention that could not be found.
    Structure(checks::structure::Config),
    /// References to articles or annexes the document does not have.
    Reference(checks::references::Config),
    /// Numbers in words and digits that disagree.
    Restatement(checks::numbers::Config),
    /// Weekdays that do not match their date.
    DateWeekday(checks::dates::WeekdayConfig),
    /// Party designations used as defined, and every party signing.
    Designation(checks::parties::DesignationConfig),
    /// The document calling itself by one name.
    SelfTerm(checks::parties::SelfTermConfig),
    /// The number of originals against the number of signatories.
    Signatories(checks::parties::SignatoriesConfig),
    /// SIREN, SIRET and IBAN with wrong check digits.
    Identifier(checks::identifiers::Config),
    /// Tracked changes, comments, hidden text of a word-processor file.
    Marks(checks::marks::Config),
    /// Words unknown to the dictionary, and slips of the document's own words.
    Spelling(checks::spelling::Config),
    /// Capitals that lost their accent.
    CapitalAccent(checks::spelling::AccentConfig),
    /// Template fields written wrong: stray spaces, empty, unbalanced brackets.
    FieldSyntax(checks::field_syntax::Config),
    /// Template fields the document model does not declare.
    FieldDeclared(checks::field_declared::Config),
    /// A party named by one field in the front matter and another in the signature
    /// block.
    FieldParty(checks::field_party::Config),
    /// A word written twice in a row.
    RepeatedWord(checks::repeated::Config),
    /// Spaces and signs of French typography.
    Typography(checks::typography::Config),
    /// Suppression comments that are malformed or suppress nothing.
    Suppression(crate::suppression::Config),
}

/// A family of conventions: the articles it is expected to have.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Model {
    /// Short name, e.g. `convention-engagement-mgp`.
    pub id: String,
    /// Name of the family, in French.
    pub name: String,
    /// Regular expression matched against the document's title; the model applies to
    /// the documents whose title matches.
    #[serde(with = "serde_regex")]
    pub applies_to: Regex,
    /// The expected articles, in order.
    pub articles: Vec<ModelArticle>,
    /// The names of the fields the family's template uses (« Structure publique » for
    /// « [Structure publique] »), without their brackets; runs of white space count as
    /// one space. `None` when the model declares none: then no field is reported as
    /// undeclared. Compared as written, case and accents included (see
    /// [`Model::declares`]).
    #[serde(default)]
    pub fields: Option<Vec<String>>,
    /// The file the model was read from.
    #[serde(skip)]
    pub origin: PathBuf,
}

/// An article a [`Model`] expects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelArticle {
    /// Its number in the model.
    pub number: u32,
    /// Its title in the model (compared without case and accents).
    pub title: String,
    /// The role rules refer to it by (`durée`, `calendrier`), if any.
    pub role: Option<String>,
}

impl Model {
    /// Whether the model declares the field named `name` (white space collapsed, case
    /// and accents as written): `None` when the model declares no fields at all.
    pub fn declares(&self, name: &str) -> Option<bool> {
        let name = checks::fields::collapse(name);
        self.fields
            .as_ref()
            .map(|fields| fields.iter().any(|f| checks::fields::collapse(f) == name))
    }

    /// Checks what serde cannot: numbers unique, titles not empty, roles unique, field
    /// names not empty, without brackets, unique.
    fn validate(&self) -> Result<(), String> {
        for (i, field) in self.fields.iter().flatten().enumerate() {
            let name = checks::fields::collapse(field);
            if name.is_empty() || name.contains(['[', ']']) {
                return Err(format!(
                    "model `{}`: field « {field} » must be a name, without brackets",
                    self.id
                ));
            }
            if self
                .fields
                .iter()
                .flatten()
                .take(i)
                .any(|f| checks::fields::collapse(f) == name)
            {
                return Err(format!(
                    "model `{}`: field « {name} » is declared twice",
                    self.id
                ));
            }
        }
        for (i, a) in self.articles.iter().enumerate() {
            if a.title.trim().is_empty() {
                return Err(format!(
                    "model `{}`: article {} has an empty title",
                    self.id, a.number
                ));
            }
            if self.articles[..i].iter().any(|b| b.number == a.number) {
                return Err(format!(
                    "model `{}`: article {} is declared twice",
                    self.id, a.number
                ));
            }
            if let Some(role) = &a.role
                && self.articles[..i]
                    .iter()
                    .any(|b| b.role.as_ref() == Some(role))
            {
                return Err(format!(
                    "model `{}`: role `{role}` is given to two articles",
                    self.id
                ));
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    model: Model,
}

/// Deserialises a [`Regex`] from a TOML string.
pub(crate) mod serde_regex {
    use regex::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Regex, D::Error> {
        let s = String::deserialize(d)?;
        Regex::new(&s).map_err(serde::de::Error::custom)
    }

    /// A list of regular expressions.
    pub mod vec {
        use regex::Regex;
        use serde::{Deserialize, Deserializer};

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Regex>, D::Error> {
            Vec::<String>::deserialize(d)?
                .iter()
                .map(|s| Regex::new(s).map_err(serde::de::Error::custom))
                .collect()
        }
    }
}

/// A problem in a rule file or model file.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file could not be read.
    #[error("{path}: cannot read the rule file: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The file is not valid TOML, or does not match the schema.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (characters) of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Two rule files (or two model files) declare the same id.
    #[error("{path}: `{id}` is already defined in {first}")]
    Duplicate {
        /// The second file.
        path: PathBuf,
        /// The id.
        id: String,
        /// The first file.
        first: String,
    },
}

impl RuleError {
    fn invalid(path: &Path, text: &str, offset: usize, message: String) -> RuleError {
        let (line, column) = line_column(text, offset);
        RuleError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

/// The rules and models in force for a run.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// The rules, sorted by id.
    pub rules: Vec<Rule>,
    /// The document models, in the order they were loaded.
    pub models: Vec<Model>,
}

/// The rule files compiled into the binary: `(path relative to the crate, content)`.
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

impl RuleSet {
    /// The default rule set: every file of `rules/`, embedded in the binary at build time.
    ///
    /// # Errors
    /// A [`RuleError`] if an embedded file is invalid (the test suite makes sure none is).
    pub fn embedded() -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        for (path, text) in EMBEDDED {
            set.add_text(Path::new(path), text)?;
        }
        Ok(set)
    }

    /// Adds a rule or model file, or every `.toml` file of a directory (recursively,
    /// in name order). A file in error is left out and the others are still added.
    ///
    /// Returns every [`RuleError`]: a file that cannot be read, is invalid, or
    /// redefines a rule id or model id. Empty when all went well.
    pub fn add_path(&mut self, path: &Path) -> Vec<RuleError> {
        let io = |error| RuleError::Io {
            path: path.to_path_buf(),
            error,
        };
        if path.is_dir() {
            let entries: Result<Vec<PathBuf>, _> =
                std::fs::read_dir(path).and_then(|dir| dir.map(|e| e.map(|e| e.path())).collect());
            let mut entries = match entries {
                Ok(entries) => entries,
                Err(e) => return vec![io(e)],
            };
            entries.sort();
            return entries
                .iter()
                .filter(|e| e.is_dir() || e.extension().is_some_and(|x| x == "toml"))
                .flat_map(|e| self.add_path(e))
                .collect();
        }
        let result = std::fs::read_to_string(path)
            .map_err(io)
            .and_then(|text| self.add_text(path, &text));
        result.err().into_iter().collect()
    }

    /// Adds one rule or model file from its text; `path` names it in errors.
    ///
    /// # Errors
    /// [`RuleError::Invalid`] with the line and column of the problem,
    /// [`RuleError::Duplicate`] when the rule id is already defined.
    pub fn add_text(&mut self, path: &Path, text: &str) -> Result<(), RuleError> {
        let invalid = |e: toml::de::Error| {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().to_string();
            RuleError::invalid(path, text, key_offset(text, offset, &message), message)
        };
        let table: toml::Table = toml::from_str(text).map_err(invalid)?;
        if table.contains_key("model") {
            let mut file: ModelFile = toml::from_str(text).map_err(invalid)?;
            file.model.origin = path.to_path_buf();
            if let Err(message) = file.model.validate() {
                return Err(RuleError::invalid(path, text, 0, message));
            }
            if let Some(first) = self.models.iter().find(|m| m.id == file.model.id) {
                return Err(RuleError::Duplicate {
                    path: path.to_path_buf(),
                    id: file.model.id,
                    first: first.origin.display().to_string(),
                });
            }
            self.models.push(file.model);
            return Ok(());
        }
        let mut rule: Rule = toml::from_str(text).map_err(invalid)?;
        rule.origin = path.to_path_buf();
        if rule.profiles.as_ref().is_some_and(Vec::is_empty) {
            let offset = text.find("profiles").unwrap_or(0);
            let message = "`profiles` is empty: leave the key out for every profile".into();
            return Err(RuleError::invalid(path, text, offset, message));
        }
        if let Err(message) = checks::validate(&rule) {
            // An unknown variable is shown where it is written.
            let variable = message
                .split("unknown variable `")
                .nth(1)
                .and_then(|rest| rest.split('`').next());
            // The template's key (`message`, `variants.place.help`) names the line.
            let key = message.split('`').nth(1).and_then(|k| k.rsplit('.').next());
            let on_key_line = |at: &usize| {
                let line_start = text[..*at].rfind('\n').map_or(0, |i| i + 1);
                key.is_some_and(|k| text[line_start..].trim_start().starts_with(k))
            };
            let offset = variable
                .and_then(|v| {
                    let all: Vec<usize> = text.match_indices(v).map(|(i, _)| i).collect();
                    all.iter()
                        .copied()
                        .find(on_key_line)
                        .or(all.first().copied())
                })
                .unwrap_or_else(|| offset_of_check(text));
            return Err(RuleError::invalid(path, text, offset, message));
        }
        if let Some(first) = self.rules.iter().find(|r| r.id == rule.id) {
            return Err(RuleError::Duplicate {
                path: path.to_path_buf(),
                id: rule.id,
                first: first.origin.display().to_string(),
            });
        }
        let at = self.rules.partition_point(|r| r.id < rule.id);
        self.rules.insert(at, rule);
        Ok(())
    }

    /// The rules in force in `profile`, in id order: what
    /// [`check_document`](crate::check_document) runs for a document of that profile.
    pub fn for_profile(&self, profile: Profile) -> impl Iterator<Item = &Rule> + Clone {
        self.rules.iter().filter(move |r| r.in_profile(profile))
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Leaves out the rules named in `names`, by id or by group.
    ///
    /// # Errors
    /// The first name that is neither a rule id nor a group.
    pub fn ignore(&mut self, names: &[String]) -> Result<(), String> {
        self.check_names(names)?;
        self.rules.retain(|r| !r.named_in(names));
        Ok(())
    }

    /// Keeps only the rules named in `names`, by id or by group.
    ///
    /// # Errors
    /// The first name that is neither a rule id nor a group.
    pub fn select(&mut self, names: &[String]) -> Result<(), String> {
        self.check_names(names)?;
        self.rules.retain(|r| r.named_in(names));
        Ok(())
    }

    /// Gives the rules named `name` (a rule id or a group) another severity.
    ///
    /// # Errors
    /// When `name` is neither a rule id nor a group.
    pub fn set_severity(&mut self, name: &str, severity: Severity) -> Result<(), String> {
        self.check_names(std::slice::from_ref(&name.to_string()))?;
        for rule in &mut self.rules {
            if rule.named_in(std::slice::from_ref(&name.to_string())) {
                rule.severity = severity;
            }
        }
        Ok(())
    }

    /// Checks that each of `names` is a rule id or a group of the set.
    ///
    /// # Errors
    /// The first name that is neither, in French.
    pub fn check_names(&self, names: &[String]) -> Result<(), String> {
        for name in names {
            if !self
                .rules
                .iter()
                .any(|r| r.named_in(std::slice::from_ref(name)))
            {
                // The nearest id or group, when one is close (« typographie »).
                let mut known: Vec<String> = self.rules.iter().map(|r| r.id.clone()).collect();
                known.extend(self.rules.iter().filter_map(|r| r.group.clone()));
                known.sort();
                known.dedup();
                let suggestion = crate::render::rules::nearest(&name.to_lowercase(), &known);
                return Err(match suggestion {
                    Some(s) => format!(
                        "« {name} » n'est ni une règle ni un groupe de règles ; voulez-vous dire « {s} » ?"
                    ),
                    None => format!("« {name} » n'est ni une règle ni un groupe de règles"),
                });
            }
        }
        Ok(())
    }

    /// Whether a rule of the set uses the Hunspell dictionary (a `spelling` or
    /// `capital-accent` rule): the dictionary is loaded only then.
    pub fn uses_dictionary(&self) -> bool {
        self.rules
            .iter()
            .any(|r| matches!(r.check, Check::Spelling(_) | Check::CapitalAccent(_)))
    }

    /// The first model whose `applies-to` matches `title`.
    pub fn model_for(&self, title: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.applies_to.is_match(title))
    }
}

/// The 1-based line and column (in characters) of the byte `offset` of `text` (clamped
/// to the text and to a character boundary).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The offset of the `nth` line of `text` that assigns `key` (`key = …`, the key
/// possibly quoted).
pub(crate) fn key_line_offset(text: &str, key: &str, nth: usize) -> Option<usize> {
    let mut at = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed.trim_start_matches(['"', '\'']);
        if let Some(rest) = bare.strip_prefix(key)
            && rest
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with('=')
        {
            if seen == nth {
                return Some(at + (line.len() - trimmed.len()));
            }
            seen += 1;
        }
        at += line.len();
    }
    None
}

/// Errors found inside a tagged table (`[check]`) point at the table's header; when the
/// error names an unknown key, point at that key instead.
pub(crate) fn key_offset(text: &str, offset: usize, message: &str) -> usize {
    if message.starts_with("regex parse error") {
        return bad_regex_offset(text, offset).unwrap_or(offset);
    }
    let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    else {
        return offset;
    };
    let at = offset.min(text.len());
    key_line_offset(&text[at..], key, 0).map_or(offset, |o| at + o)
}

/// The line, after `offset`, of the first regular expression (`regex`, `except`,
/// `after`, `applies-to`) that does not compile: a regex error is reported by serde on
/// the table that holds it, and the lawyer needs the line of the pattern itself.
fn bad_regex_offset(text: &str, offset: usize) -> Option<usize> {
    let mut at = offset.min(text.len());
    for line in text[at..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Ok(table) = toml::from_str::<toml::Table>(trimmed) {
            let bad = ["regex", "except", "after", "applies-to"]
                .iter()
                .any(|key| {
                    table
                        .get(*key)
                        .and_then(|v| v.as_str())
                        .is_some_and(|pattern| Regex::new(pattern).is_err())
                });
            if bad {
                return Some(at + (line.len() - trimmed.len()));
            }
        }
        at += line.len();
    }
    None
}

/// Where the `[check]` table starts, to locate errors found after deserialisation.
fn offset_of_check(text: &str) -> usize {
    text.find("[check]").unwrap_or(0)
}

/// Fills `{name}` in `template` with `vars`; an unknown name is left as written.
pub fn render_template(template: &str, vars: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
