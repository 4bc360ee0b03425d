//! Time spent per phase and per rule, for `paraphe check --timings`.

use std::time::Duration;

/// Durations by phase name (`load`, `parse`, `rule:typo`, `render`, …), in the order
/// first seen. Files checked on several threads each have their own, added up with
/// [`Timings::merge`]: the sums are processor time, which can exceed the wall time.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    entries: Vec<(String, Duration)>,
}

impl Timings {
    /// Adds `duration` to the phase `name`.
    pub fn add(&mut self, name: &str, duration: Duration) {
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some((_, total)) => *total += duration,
            None => self.entries.push((name.to_string(), duration)),
        }
    }

    /// Adds every phase of `other`.
    pub fn merge(&mut self, other: &Timings) {
        for (name, duration) in &other.entries {
            self.add(name, *duration);
        }
    }

    /// The total of the phase `name`, if seen.
    pub fn get(&self, name: &str) -> Option<Duration> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| *d)
    }

    /// The phases and their totals, in the order first seen.
    pub fn entries(&self) -> &[(String, Duration)] {
        &self.entries
    }

    /// A table for a person: one line per phase (milliseconds, share of the sum), the
    /// rules sorted from the slowest, then the wall time of the whole run.
    pub fn report(&self, wall: Duration) -> String {
        let sum: Duration = self.entries.iter().map(|(_, d)| *d).sum();
        let share = |d: Duration| {
            if sum.is_zero() {
                0.0
            } else {
                100.0 * d.as_secs_f64() / sum.as_secs_f64()
            }
        };
        let (mut rules, phases): (Vec<_>, Vec<_>) = self
            .entries
            .iter()
            .partition(|(name, _)| name.starts_with("rule:"));
        rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut out = String::from("durées (temps de processeur, tous fils d'exécution) :\n");
        for (name, d) in phases.iter().chain(rules.iter()) {
            out.push_str(&format!(
                "  {:<32} {:>10.1} ms {:>5.1} %\n",
                name,
                d.as_secs_f64() * 1e3,
                share(*d)
            ));
        }
        out.push_str(&format!(
            "  {:<32} {:>10.1} ms\n  {:<32} {:>10.1} ms\n",
            "total",
            sum.as_secs_f64() * 1e3,
            "durée réelle",
            wall.as_secs_f64() * 1e3
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_add_up_and_rules_come_slowest_first() {
        let mut a = Timings::default();
        a.add("load", Duration::from_millis(2));
        a.add("rule:typo", Duration::from_millis(1));
        let mut b = Timings::default();
        b.add("rule:spelling", Duration::from_millis(5));
        b.add("load", Duration::from_millis(3));
        a.merge(&b);
        assert_eq!(a.get("load"), Some(Duration::from_millis(5)));
        let report = a.report(Duration::from_millis(7));
        let lines: Vec<&str> = report.lines().map(str::trim_start).collect();
        assert!(lines[1].starts_with("load"), "{report}");
        assert!(lines[2].starts_with("rule:spelling"), "{report}");
        assert!(lines[3].starts_with("rule:typo"), "{report}");
        assert!(
            lines[4].starts_with("total") && lines[4].contains("11.0 ms"),
            "{report}"
        );
    }
}
