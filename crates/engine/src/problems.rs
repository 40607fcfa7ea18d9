//! Violations grouped by decision: one [`Problem`] per message occurrence, with the rules it
//! breaks and the segments where it breaks them. A view over the violation records (which
//! stay exactly as `plan-format.md` defines them): "breaks quiet hours for 2 segments
//! (Parents and Young parents)" is one problem and two findings.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::RuleKind;

use crate::engine::Engine;
use crate::offers::{and_list, rule_name};
use crate::violation::Violation;

/// One rule a problem breaks and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProblemRule {
    /// The rule.
    pub rule: RuleKind,
    /// Segment ids, in the records' order, without repeats.
    pub segments: Vec<String>,
}

/// A message occurrence and everything it breaks: what a planner decides about at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// Message id.
    pub message: String,
    /// 0-based occurrence index.
    pub occurrence: u32,
    /// The occurrence's instant.
    #[serde(with = "crate::violation::utc_z")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The rules it breaks, in the order first met.
    pub rules: Vec<ProblemRule>,
    /// How many violation records it stands for.
    pub findings: u32,
    /// For people: "breaks quiet hours for 2 segments (Parents and Young parents); the cap
    /// for Young parents".
    pub text: String,
}

/// Group violation records (in any order) by message occurrence; problems come in the order
/// of their first record. `name` gives a segment's name from its id.
pub fn group_by_occurrence(
    violations: &[Violation],
    name: impl Fn(&str) -> String,
) -> Vec<Problem> {
    let mut at: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    let mut problems: Vec<Problem> = Vec::new();
    for v in violations {
        let i = *at
            .entry((v.message.as_str(), v.occurrence))
            .or_insert_with(|| {
                problems.push(Problem {
                    message: v.message.clone(),
                    occurrence: v.occurrence,
                    at: v.at,
                    rules: Vec::new(),
                    findings: 0,
                    text: String::new(),
                });
                problems.len() - 1
            });
        let p = &mut problems[i];
        p.findings += 1;
        match p.rules.iter_mut().find(|r| r.rule == v.rule) {
            Some(r) => {
                if !r.segments.contains(&v.segment) {
                    r.segments.push(v.segment.clone());
                }
            }
            None => p.rules.push(ProblemRule {
                rule: v.rule,
                segments: vec![v.segment.clone()],
            }),
        }
    }
    for p in &mut problems {
        p.text = problem_text(&p.rules, &name);
    }
    problems
}

/// "breaks quiet hours for 2 segments (Parents and Young parents); the cap for Young
/// parents".
pub fn problem_text(rules: &[ProblemRule], name: impl Fn(&str) -> String) -> String {
    let parts: Vec<String> = rules
        .iter()
        .map(|r| {
            let names: Vec<String> = r.segments.iter().map(|s| name(s)).collect();
            let whom = if names.len() == 1 {
                names[0].clone()
            } else {
                format!("{} segments ({})", names.len(), and_list(&names))
            };
            format!("{} for {whom}", rule_name(r.rule))
        })
        .collect();
    format!("breaks {}", parts.join("; "))
}

impl Engine {
    /// Client id -> number of message occurrences with violations (clients without any left
    /// out): the "problems" beside the violation totals. One pass over the violations.
    pub fn client_problem_counts(&self) -> BTreeMap<String, usize> {
        let mut occurrences: Vec<(u32, u32)> = Vec::new();
        for state in &self.segments {
            occurrences.extend(state.raws.iter().map(|r| {
                let t = &state.touches[r.touch as usize];
                (t.msg, t.occ)
            }));
        }
        occurrences.sort_unstable();
        occurrences.dedup();
        let mut counts = vec![0usize; self.index.clients.len()];
        for (msg, _) in occurrences {
            counts[self.messages[msg as usize].client] += 1;
        }
        self.index
            .clients
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(client, n)| (client.id.clone(), n))
            .collect()
    }

    /// A segment's name from its id (the id itself when unknown).
    pub fn segment_name(&self, id: &str) -> String {
        self.index
            .segment_index
            .get(id)
            .map(|&s| self.index.segments[s].name.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(message: &str, occurrence: u32, segment: &str, rule: RuleKind) -> Violation {
        Violation {
            rule,
            segment: segment.into(),
            message: message.into(),
            occurrence,
            at: DateTime::from_timestamp(1_773_000_000 + occurrence as i64 * 86_400, 0).unwrap(),
            channel: "email".into(),
            direct: true,
            window_days: None,
            channels: None,
            limit: None,
            count: None,
            severity: crate::Severity::Error,
            detail: String::new(),
        }
    }

    fn names(id: &str) -> String {
        match id {
            "parents" => "Parents".into(),
            "young" => "Young parents".into(),
            other => other.into(),
        }
    }

    #[test]
    fn one_message_in_quiet_hours_for_a_parent_and_its_child_is_one_problem() {
        use RuleKind::*;
        let records = [
            v("x", 0, "parents", QuietHours),
            v("x", 0, "young", QuietHours),
            v("x", 0, "young", Cap),
            v("y", 2, "young", Cap),
            v("x", 1, "young", QuietHours),
        ];
        let problems = group_by_occurrence(&records, names);
        let got: Vec<(&str, u32, u32, &str)> = problems
            .iter()
            .map(|p| {
                (
                    p.message.as_str(),
                    p.occurrence,
                    p.findings,
                    p.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "x",
                    0,
                    3,
                    "breaks quiet hours for 2 segments (Parents and Young parents); the cap for \
                     Young parents"
                ),
                ("y", 2, 1, "breaks the cap for Young parents"),
                ("x", 1, 1, "breaks quiet hours for Young parents"),
            ]
        );
        assert_eq!(
            problems[0].rules,
            [
                ProblemRule {
                    rule: QuietHours,
                    segments: vec!["parents".into(), "young".into()]
                },
                ProblemRule {
                    rule: Cap,
                    segments: vec!["young".into()]
                },
            ]
        );
        // Every record is counted once.
        let total: u32 = problems.iter().map(|p| p.findings).sum();
        assert_eq!(total as usize, records.len());
    }

    #[test]
    fn two_caps_on_one_segment_name_it_once() {
        let mut a = v("x", 0, "young", RuleKind::Cap);
        a.window_days = Some(7);
        let mut b = a.clone();
        b.window_days = Some(30);
        let problems = group_by_occurrence(&[a, b], names);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].findings, 2);
        assert_eq!(problems[0].text, "breaks the cap for Young parents");
    }
}
