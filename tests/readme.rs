//! Generated lists match the rule files: the README's rule table lists exactly the
//! embedded rules, with their group, severity and summary.

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
