//! Violations grouped by decision: one [`Problem`] per message occurrence, with the rules it
//! breaks and the segments where it breaks them. A view over the violation records (which
//! stay exactly as `plan-format.md` defines them): "breaks quiet hours for 2 segments
//! (Parents and Young parents)" is one problem and two findings.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::RuleKind;

use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::CONSENT;
use crate::keys::ViolationKey;
use crate::offers::{and_list, rule_name};
use crate::period::instant;
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
                problems.push(Problem::empty(v.message.clone(), v.occurrence, v.at));
                problems.len() - 1
            });
        problems[i].add(v.rule, &v.segment);
    }
    for p in &mut problems {
        p.text = problem_text(&p.rules, &name);
    }
    problems
}

impl Problem {
    /// A problem with no records yet.
    fn empty(message: String, occurrence: u32, at: DateTime<Utc>) -> Self {
        Problem {
            message,
            occurrence,
            at,
            rules: Vec::new(),
            findings: 0,
            text: String::new(),
        }
    }

    /// Count one more record: `rule` broken for `segment` (rules and segments keep the order
    /// first met, without repeats).
    fn add(&mut self, rule: RuleKind, segment: &str) {
        self.findings += 1;
        match self.rules.iter_mut().find(|r| r.rule == rule) {
            Some(r) => {
                if !r.segments.iter().any(|s| s == segment) {
                    r.segments.push(segment.to_string());
                }
            }
            None => self.rules.push(ProblemRule {
                rule,
                segments: vec![segment.to_string()],
            }),
        }
    }
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
    /// One client's problems, as [`group_by_occurrence`] makes them from
    /// [`Engine::client_violations`], without building the records: how many there are, and
    /// the first `limit`, those with a record whose [`ViolationKey`] is not in `before`
    /// first (when `before` is given; each flagged `true`), then in time order. Only the
    /// listed problems are written out, so the cost does not grow with what is not shown.
    pub fn client_problems(
        &self,
        client: &str,
        limit: usize,
        before: Option<&HashSet<ViolationKey>>,
    ) -> Result<(usize, Vec<(bool, Problem)>), EngineError> {
        let ci = self.client_slot(client)?;
        let sorted = self.sorted_raws(Some(ci));
        // Each record's problem, numbered in the order of their first records, and whether a
        // record of it came with the last change.
        let mut number: HashMap<(u32, u32), usize> = HashMap::new();
        let mut new: Vec<bool> = Vec::new();
        let mut problem_of: Vec<usize> = Vec::with_capacity(sorted.len());
        for &(si, raw) in &sorted {
            let touch = &self.segments[si].touches[raw.touch as usize];
            let p = *number.entry((touch.msg, touch.occ)).or_insert_with(|| {
                new.push(false);
                new.len() - 1
            });
            if before.is_some_and(|before| !new[p] && !before.contains(&self.raw_key(si, raw))) {
                new[p] = true;
            }
            problem_of.push(p);
        }
        let total = new.len();
        let mut order: Vec<usize> = (0..total).collect();
        // Stable: new ones first, each part still in time order.
        order.sort_by_key(|&p| !new[p]);
        order.truncate(limit);
        let mut slot = vec![None; total];
        for (i, &p) in order.iter().enumerate() {
            slot[p] = Some(i);
        }
        let mut listed: Vec<Option<Problem>> = vec![None; order.len()];
        for (&(si, raw), &p) in sorted.iter().zip(&problem_of) {
            let Some(i) = slot[p] else { continue };
            let touch = &self.segments[si].touches[raw.touch as usize];
            let problem = listed[i].get_or_insert_with(|| {
                let message = self.messages[touch.msg as usize].id.clone();
                Problem::empty(message, touch.occ, instant(touch.at))
            });
            let seg = &self.index.segments[si];
            let rule = match raw.rule {
                CONSENT => RuleKind::Consent,
                rule => seg.rules[rule as usize].rule.kind(),
            };
            problem.add(rule, &seg.id);
        }
        let listed = order
            .iter()
            .zip(listed)
            .filter_map(|(&p, problem)| {
                let mut problem = problem?;
                problem.text = problem_text(&problem.rules, |id| self.segment_name(id));
                Some((new[p], problem))
            })
            .collect();
        Ok((total, listed))
    }

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

    /// What the violations panel listed before `client_problems`: every record built,
    /// grouped, flagged new when one of its records' keys is not in `before`, new first.
    fn from_records(
        engine: &Engine,
        client: &str,
        limit: usize,
        before: Option<&HashSet<ViolationKey>>,
    ) -> (usize, Vec<(bool, Problem)>) {
        let records = engine.client_violations(client).unwrap();
        let new: HashSet<(&str, u32)> = records
            .iter()
            .filter(|v| before.is_some_and(|b| !b.contains(&v.key())))
            .map(|v| (v.message.as_str(), v.occurrence))
            .collect();
        let grouped = group_by_occurrence(&records, |id| engine.segment_name(id));
        let total = grouped.len();
        let mut listed: Vec<(bool, Problem)> = grouped
            .into_iter()
            .map(|p| (new.contains(&(p.message.as_str(), p.occurrence)), p))
            .collect();
        listed.sort_by_key(|(is_new, _)| !is_new);
        listed.truncate(limit);
        (total, listed)
    }

    #[test]
    fn client_problems_are_the_grouped_records_without_building_them() {
        let plan = crate::synthetic::plan(crate::synthetic::Shape::year(0.05));
        let engine = Engine::from_plan(&plan).unwrap();
        let mut compared = 0;
        for client in &plan.clients {
            let keys: Vec<ViolationKey> = engine
                .client_violations(&client.id)
                .unwrap()
                .iter()
                .map(Violation::key)
                .collect();
            // Every third record "came with the last change".
            let before: HashSet<ViolationKey> = keys
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 3 != 0)
                .map(|(_, k)| *k)
                .collect();
            for limit in [0, 1, 20, usize::MAX] {
                for before in [None, Some(&before)] {
                    let got = engine.client_problems(&client.id, limit, before).unwrap();
                    assert_eq!(got, from_records(&engine, &client.id, limit, before));
                    compared += got.1.len();
                }
            }
        }
        assert!(
            compared > 100,
            "the synthetic plan has problems: {compared}"
        );
        assert!(engine.client_problems("nobody", 20, None).is_err());
    }
}
