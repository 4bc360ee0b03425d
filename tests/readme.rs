//! Generated lists match the rule files: the README's rule table lists exactly the
//! embedded rules, with their group, severity and summary; its profile table lists
//! exactly the rules restricted to some profiles.

use paraphe::RuleSet;

#[test]
fn readme_rule_table_matches_the_rule_files() {
    let readme = include_str!("../README.md");
    let start = readme.find("<!-- rules:start -->").expect("start marker");
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    let rows: Vec<String> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(str::to_string)
        .collect();
    let rules = RuleSet::embedded().expect("valid rules");
    let expected: Vec<String> = rules
        .rules
        .iter()
        .map(|r| {
            format!(
                "| `{}` | {} | {} | {} |",
                r.id,
                r.group.as_deref().unwrap_or("-"),
                r.severity.as_str(),
                r.summary
            )
        })
        .collect();
    assert_eq!(
        rows,
        expected,
        "update the README rule table to:\n{}",
        expected.join("\n")
    );
}

#[test]
fn readme_profile_table_matches_the_rule_files() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("<!-- profiles:start -->")
        .expect("start marker");
    let end = readme.find("<!-- profiles:end -->").expect("end marker");
    let rows: Vec<String> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(str::to_string)
        .collect();
    let rules = RuleSet::embedded().expect("valid rules");
    let expected: Vec<String> = rules
        .rules
        .iter()
        .filter_map(|r| {
            let profiles = r.profiles.as_ref()?;
            let names: Vec<&str> = profiles.iter().map(|p| p.as_str()).collect();
            Some(format!("| `{}` | {} |", r.id, names.join(", ")))
        })
        .collect();
    assert_eq!(
        rows,
        expected,
        "update the README profile table to:\n{}",
        expected.join("\n")
    );
}
