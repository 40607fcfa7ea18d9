//! `validate_edit` gives `validate`'s answer for a plan edited inside one client, issues and
//! their order included, whatever the edit breaks: ids another client uses, the workspace's
//! checking budget, references, texts, rules and recurrences.

use cadence_model::sample::sample_plan;
use cadence_model::{validate, validate_edit, EditIndex, Plan};
use chrono::NaiveDate;
use proptest::prelude::*;

fn base() -> Plan {
    let plan = sample_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    assert!(validate(&plan).is_ok());
    plan
}

/// One change inside the edited client, chosen by `kind`; `n` and `m` pick what it touches.
fn break_or_edit(plan: &mut Plan, edited: usize, kind: u8, n: usize, m: usize) {
    let others: Vec<usize> = (0..plan.clients.len()).filter(|&i| i != edited).collect();
    let other = others[n % others.len()];
    let (other_segment, other_campaign, other_message) = {
        let o = &plan.clients[other];
        let message = o
            .messages()
            .nth(m % o.messages().count().max(1))
            .map(|x| x.id.clone());
        (
            o.segments[m % o.segments.len()].id.clone(),
            o.campaigns[m % o.campaigns.len()].id.clone(),
            message,
        )
    };
    let client_id_of_other = plan.clients[other].id.clone();
    let client = plan.client_at_mut(edited);
    let segments = client.segments.len();
    let campaign = n % client.campaigns.len();
    let messages = client.campaigns[campaign].messages.len();
    match kind % 12 {
        0 => client.id = client_id_of_other,
        1 => client.segments[n % segments].id = other_segment,
        2 => client.campaigns[campaign].id = other_campaign,
        3 => {
            if let (Some(id), true) = (other_message, messages > 0) {
                client.campaigns[campaign].messages[m % messages].id = id;
            }
        }
        4 => {
            // Far more checking than the budget allows: 40 messages every second to every
            // segment (each message's occurrences are capped, the workspace's work is not).
            if messages > 0 {
                let all: Vec<String> = client.segments.iter().map(|s| s.id.clone()).collect();
                let mut message = client.campaigns[campaign].messages[m % messages].clone();
                message.rrule = Some("FREQ=SECONDLY".into());
                message.segments = all;
                for k in 0..40 {
                    let mut copy = message.clone();
                    copy.id = format!("flood-{k}");
                    client.campaigns[campaign].messages.push(copy);
                }
            }
        }
        5 => client.segments[n % segments].parent = Some("nowhere".into()),
        6 => client.name = String::new(),
        7 => client.timezone = "Mars/Olympus".into(),
        8 => {
            if messages > 0 {
                client.campaigns[campaign].messages[m % messages].rrule =
                    Some("FREQ=SOMETIMES".into());
            }
        }
        9 => {
            if messages > 0 {
                client.campaigns[campaign].messages[m % messages].at +=
                    chrono::Duration::hours(m as i64 % 48);
            }
        }
        10 => {
            // A valid copy of a message with a new id.
            if messages > 0 {
                let mut copy = client.campaigns[campaign].messages[m % messages].clone();
                copy.id = format!("copy-{n}-{m}");
                client.campaigns[campaign].messages.push(copy);
            }
        }
        _ => {
            // A parent cycle between two segments.
            if segments > 1 {
                let (a, b) = (n % segments, (n + 1) % segments);
                let (ida, idb) = (client.segments[a].id.clone(), client.segments[b].id.clone());
                client.segments[a].parent = Some(idb);
                client.segments[b].parent = Some(ida);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_edit_inside_one_client_gets_the_whole_checks_answer(
        edited in 0usize..100,
        changes in proptest::collection::vec((any::<u8>(), 0usize..1000, 0usize..1000), 1..4),
    ) {
        let mut plan = base();
        let edited = edited % plan.clients.len();
        for (kind, n, m) in changes {
            break_or_edit(&mut plan, edited, kind, n, m);
        }
        prop_assert_eq!(validate_edit(&plan, edited), validate(&plan));
    }

    #[test]
    fn edits_checked_through_one_index_get_the_whole_checks_answers(
        steps in proptest::collection::vec(
            (0usize..100, proptest::collection::vec((any::<u8>(), 0usize..1000, 0usize..1000), 1..3)),
            1..6,
        ),
    ) {
        // Each step edits one client of the last valid plan (sharing the other clients, as
        // the desk's states do); the index, kept between steps, answers as `validate`.
        let mut index = EditIndex::default();
        let mut current = base();
        for (edited, changes) in steps {
            let edited = edited % current.clients.len();
            let mut plan = current.clone();
            for (kind, n, m) in changes {
                break_or_edit(&mut plan, edited, kind, n, m);
            }
            let answer = index.validate_edit(&plan, edited);
            prop_assert_eq!(&answer, &validate(&plan));
            if answer.is_ok() {
                current = plan;
            }
        }
    }
}

#[test]
fn the_breaking_edits_are_found() {
    // The generator's edits do break the plan, so the property above compares errors too.
    // (Some campaigns have no message: the first campaign that has one is used.)
    for kind in [0u8, 1, 2, 3, 4, 5, 6, 7, 8, 11] {
        let found = (0..8).find_map(|n| {
            let mut plan = base();
            break_or_edit(&mut plan, 1, kind, n, 0);
            validate_edit(&plan, 1).err().map(|issues| (plan, issues))
        });
        let (plan, issues) = found.unwrap_or_else(|| panic!("edit {kind} broke nothing"));
        assert_eq!(Err(issues), validate(&plan));
    }
}

#[test]
fn an_index_out_of_range_checks_the_whole_plan() {
    let mut plan = base();
    plan.client_at_mut(0).name = String::new();
    assert_eq!(validate_edit(&plan, 99), validate(&plan));
    assert!(validate_edit(&plan, 99).is_err());
}
