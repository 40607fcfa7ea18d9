//! An edit writes only the rows it changed (`Store::save_client_edit`); what is stored must be
//! exactly the edited workspace, whatever sequence of edits the planner made.

use cadence_model::sample::sample_plan;
use cadence_model::{validate, Client, Plan};
use cadence_store::Store;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// One edit a planner can make to a client, chosen by numbers that are reduced modulo what
/// the client has.
#[derive(Debug, Clone)]
enum Edit {
    MoveMessage(usize, i64),
    RetitleMessage(usize),
    MessageToCampaign(usize, usize, usize),
    DeleteMessage(usize),
    CopyMessage(usize, usize),
    RetargetMessage(usize, usize),
    DeleteSegment(usize),
    SegmentToRoot(usize),
    ResizeSegment(usize, u64),
    SwapSegments(usize, usize),
    RenameCampaign(usize),
    DeleteCampaign(usize),
    SwapCampaigns(usize, usize),
    RenameClient,
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0usize..1000;
    prop_oneof![
        (n.clone(), -72i64..72).prop_map(|(m, h)| Edit::MoveMessage(m, h)),
        n.clone().prop_map(Edit::RetitleMessage),
        (n.clone(), n.clone(), n.clone()).prop_map(|(m, c, p)| Edit::MessageToCampaign(m, c, p)),
        n.clone().prop_map(Edit::DeleteMessage),
        (n.clone(), n.clone()).prop_map(|(m, p)| Edit::CopyMessage(m, p)),
        (n.clone(), n.clone()).prop_map(|(m, s)| Edit::RetargetMessage(m, s)),
        n.clone().prop_map(Edit::DeleteSegment),
        n.clone().prop_map(Edit::SegmentToRoot),
        (n.clone(), 0u64..100_000).prop_map(|(s, size)| Edit::ResizeSegment(s, size)),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::SwapSegments(a, b)),
        n.clone().prop_map(Edit::RenameCampaign),
        n.clone().prop_map(Edit::DeleteCampaign),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::SwapCampaigns(a, b)),
        Just(Edit::RenameClient),
    ]
}

/// (campaign, message) of the `n`th message of the client, if it has any.
fn nth_message(client: &Client, n: usize) -> Option<(usize, usize)> {
    let all: Vec<(usize, usize)> = client
        .campaigns
        .iter()
        .enumerate()
        .flat_map(|(c, campaign)| (0..campaign.messages.len()).map(move |m| (c, m)))
        .collect();
    (!all.is_empty()).then(|| all[n % all.len()])
}

/// Apply `edit` to `client`; `step` keeps new ids and titles unique.
fn apply(client: &mut Client, edit: &Edit, step: usize) {
    let segments = client.segments.len();
    let campaigns = client.campaigns.len();
    match *edit {
        Edit::MoveMessage(m, hours) => {
            if let Some((c, i)) = nth_message(client, m) {
                let message = &mut client.campaigns[c].messages[i];
                message.at += chrono::Duration::hours(hours);
            }
        }
        Edit::RetitleMessage(m) => {
            if let Some((c, i)) = nth_message(client, m) {
                client.campaigns[c].messages[i].title = format!("Edited {step}");
            }
        }
        Edit::MessageToCampaign(m, to, position) => {
            if let Some((c, i)) = nth_message(client, m) {
                let message = client.campaigns[c].messages.remove(i);
                let target = &mut client.campaigns[to % campaigns].messages;
                target.insert(position % (target.len() + 1), message);
            }
        }
        Edit::DeleteMessage(m) => {
            if let Some((c, i)) = nth_message(client, m) {
                client.campaigns[c].messages.remove(i);
            }
        }
        Edit::CopyMessage(m, position) => {
            if let Some((c, i)) = nth_message(client, m) {
                let mut copy = client.campaigns[c].messages[i].clone();
                copy.id = format!("copy-{step}");
                let messages = &mut client.campaigns[c].messages;
                messages.insert(position % (messages.len() + 1), copy);
            }
        }
        Edit::RetargetMessage(m, s) => {
            if let (Some((c, i)), true) = (nth_message(client, m), segments > 0) {
                let id = client.segments[s % segments].id.clone();
                client.campaigns[c].messages[i].segments = vec![id];
            }
        }
        Edit::DeleteSegment(s) => {
            if segments > 0 {
                let id = client.segments[s % segments].id.clone();
                // The desk's delete: children become roots, targets lose it, messages
                // left without a target go.
                client.segments.retain(|x| x.id != id);
                for segment in &mut client.segments {
                    if segment.parent.as_deref() == Some(id.as_str()) {
                        segment.parent = None;
                    }
                }
                for campaign in &mut client.campaigns {
                    for message in &mut campaign.messages {
                        message.segments.retain(|x| *x != id);
                    }
                    campaign.messages.retain(|m| !m.segments.is_empty());
                }
            }
        }
        Edit::SegmentToRoot(s) => {
            if segments > 0 {
                client.segments[s % segments].parent = None;
            }
        }
        Edit::ResizeSegment(s, size) => {
            if segments > 0 {
                client.segments[s % segments].size = size;
            }
        }
        Edit::SwapSegments(a, b) => {
            if segments > 0 {
                client.segments.swap(a % segments, b % segments);
            }
        }
        Edit::RenameCampaign(c) => {
            if campaigns > 0 {
                client.campaigns[c % campaigns].name = format!("Campaign {step}");
            }
        }
        Edit::DeleteCampaign(c) => {
            if campaigns > 0 {
                client.campaigns.remove(c % campaigns);
            }
        }
        Edit::SwapCampaigns(a, b) => {
            if campaigns > 0 {
                client.campaigns.swap(a % campaigns, b % campaigns);
            }
        }
        Edit::RenameClient => client.name = format!("Client {step}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stored_workspace_is_the_edited_one_after_any_edits(
        client in 0usize..10,
        edits in proptest::collection::vec(edit(), 1..12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
        let mut plan: Plan = sample_plan(today());
        store.replace_plan(&plan).unwrap();
        let ci = client % plan.clients.len();
        let id = plan.clients[ci].id.clone();
        for (step, edit) in edits.iter().enumerate() {
            let mut next = plan.clone();
            apply(next.client_at_mut(ci), edit, step);
            if validate(&next).is_err() {
                continue;
            }
            store.save_client_edit(&plan, &next, &id).unwrap();
            plan = next;
            prop_assert_eq!(&store.load_plan().unwrap(), &plan, "after {:?}", edit);
        }
    }
}

#[test]
fn an_edit_of_one_message_writes_that_message_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = Store::open(&path).unwrap();
    let plan = sample_plan(today());
    store.replace_plan(&plan).unwrap();
    let mut next = plan.clone();
    next.client_at_mut(0).campaigns[0].messages[0].title = "Changed".into();
    let id = next.clients[0].id.clone();
    // Every row of the file before and after, rowids included: only the edited message's
    // row differs (a client written whole would give every one of its rows a new rowid).
    let before: Vec<(String, String)> = rows(&path);
    store.save_client_edit(&plan, &next, &id).unwrap();
    let after: Vec<(String, String)> = rows(&path);
    let differing: Vec<_> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.clone())
        .collect();
    assert_eq!(before.len(), after.len());
    assert_eq!(
        differing,
        vec![format!(
            "messages/{}",
            next.clients[0].campaigns[0].messages[0].id
        )]
    );
}

/// Every plan row of the file as (table/id, the row's values and its rowid): a row rewritten
/// in place keeps its rowid, a row deleted and inserted again gets a new one.
fn rows(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for table in ["clients", "segments", "campaigns", "messages"] {
        let sql = format!("SELECT id, rowid, * FROM {table} ORDER BY id");
        let mut stmt = conn.prepare(&sql).unwrap();
        let columns = stmt.column_count();
        let found = stmt
            .query_map([], |r| {
                let id: String = r.get(0)?;
                let mut values = Vec::new();
                for i in 1..columns {
                    values.push(format!("{:?}", r.get_ref(i)?));
                }
                Ok((format!("{table}/{id}"), values.join("|")))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.extend(found);
    }
    let mut stmt = conn
        .prepare("SELECT message_id || '/' || segment_id, rowid, position FROM message_targets ORDER BY 1")
        .unwrap();
    let targets = stmt
        .query_map([], |r| {
            Ok((
                format!("targets/{}", r.get::<_, String>(0)?),
                format!("{}|{}", r.get::<_, i64>(1)?, r.get::<_, i64>(2)?),
            ))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    out.extend(targets);
    out
}
