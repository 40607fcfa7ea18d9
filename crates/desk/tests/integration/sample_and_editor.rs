//! Issue 12, items 6 and 7: the sample clients are known and removable without the
//! planner's own; the message editor's checks come from the engine, and saving a message
//! unchanged writes nothing.

use cadence_desk::*;
use cadence_model::{Message, Plan, RuleKind};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    today().and_hms_opt(9, 0, 0).unwrap().and_utc()
}

fn db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("cadence.db")
}

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(&db(dir), today()).unwrap()
}

const SAMPLE: [&str; 3] = ["harvest-lane", "northbridge", "tidewater"];

fn client(name: &str) -> ClientInput {
    ClientInput {
        id: None,
        name: name.into(),
        timezone: "Europe/Berlin".into(),
        checklist: None,
        rules: None,
    }
}

fn ids(plan: &Plan) -> Vec<&str> {
    plan.clients.iter().map(|c| c.id.as_str()).collect()
}

fn find_message<'a>(plan: &'a Plan, id: &str) -> (&'a str, &'a Message) {
    plan.clients
        .iter()
        .flat_map(|c| &c.campaigns)
        .find_map(|k| {
            k.messages
                .iter()
                .find(|m| m.id == id)
                .map(|m| (k.id.as_str(), m))
        })
        .unwrap()
}

fn input_of(message: &Message) -> MessageInput {
    MessageInput::from(message)
}

fn revision(dir: &tempfile::TempDir) -> i64 {
    cadence_store::Store::open(&db(dir))
        .unwrap()
        .revision()
        .unwrap()
}

#[test]
fn first_start_marks_the_seeded_clients_as_sample() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let sample = desk.view().sample;
    assert_eq!(sample, ids(desk.plan()));
    assert_eq!(sample, SAMPLE);
    let data = desk.sample_data();
    assert_eq!(data.kept, 0);
    assert!(data.clients.iter().all(|c| !c.edited), "{data:?}");
    // The marker is in the file: a restart still knows.
    drop(desk);
    assert_eq!(open(&dir).view().sample, SAMPLE);
}

#[test]
fn a_database_the_cli_starts_has_no_sample() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    cadence_store::Store::open(&path).unwrap();
    let desk = Desk::open_existing(&path, today()).unwrap();
    assert!(desk.view().sample.is_empty());
    assert!(desk.sample_data().clients.is_empty());
}

#[test]
fn removing_the_sample_keeps_the_planners_clients_and_is_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let own = desk.save_client(client("Riverside Dental")).unwrap();
    let own_id = own.id.unwrap();
    assert_eq!(
        own.sample, SAMPLE,
        "every reply says which clients are sample"
    );
    // An edited sample client is still sample data, and the dialog says it was edited.
    let bank = desk.plan().client("northbridge").unwrap().clone();
    desk.save_client(ClientInput {
        id: Some(bank.id.clone()),
        name: "Northbridge Bank (mine now)".into(),
        timezone: bank.timezone.clone(),
        checklist: None,
        rules: None,
    })
    .unwrap();
    let data = desk.sample_data();
    assert_eq!(data.kept, 1);
    let edited: Vec<(&str, bool)> = data
        .clients
        .iter()
        .map(|c| (c.id.as_str(), c.edited))
        .collect();
    assert_eq!(
        edited,
        [
            ("harvest-lane", false),
            ("northbridge", true),
            ("tidewater", false)
        ]
    );

    let before = desk.plan().clone();
    let backups = desk.backups().unwrap().len();
    let saved = desk.remove_sample_clients(now()).unwrap();
    assert_eq!(ids(desk.plan()), [own_id.as_str()]);
    assert!(saved.sample.is_empty());
    assert_eq!(desk.plan().channels, before.channels, "channels stay");
    assert_eq!(desk.plan().horizon, before.horizon, "the horizon stays");
    assert_eq!(*desk.plan().clients[0], *before.client(&own_id).unwrap());
    assert_eq!(saved.checks.total, 0, "the engine follows");
    assert_eq!(
        saved.history.undo.as_deref(),
        Some("Remove 3 sample clients")
    );
    let list = desk.backups().unwrap();
    assert_eq!(list.len(), backups + 1);
    assert_eq!(list[0].reason, "Before removing the sample clients");
    // On disk too.
    drop(desk);
    let mut desk = open(&dir);
    assert_eq!(ids(desk.plan()), [own_id.as_str()]);
    assert!(desk.view().sample.is_empty());
    assert!(
        desk.remove_sample_clients(now()).is_err(),
        "nothing left to remove"
    );

    // Undo (in a session of its own, the history is per session, so do it in one).
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    desk.save_client(client("Riverside Dental")).unwrap();
    let before = desk.plan().clone();
    let checks = desk.checks();
    desk.remove_sample_clients(now()).unwrap();
    let undone = desk.undo_saved().unwrap();
    assert_eq!(*desk.plan(), before);
    assert_eq!(undone.sample, SAMPLE, "the banner comes back with them");
    assert_eq!(desk.checks(), checks);
    assert_eq!(
        cadence_store::Store::open(&db(&dir))
            .unwrap()
            .load_plan()
            .unwrap(),
        before
    );
    desk.redo_saved().unwrap();
    assert_eq!(ids(desk.plan()), ["riverside-dental"]);
}

#[test]
fn a_client_made_after_the_sample_went_never_takes_a_sample_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    desk.remove_sample_clients(now()).unwrap();
    let saved = desk.save_client(client("Harvest Lane")).unwrap();
    assert_eq!(saved.id.as_deref(), Some("harvest-lane-2"));
    assert!(
        saved.sample.is_empty(),
        "the planner's client is not sample data"
    );
}

#[test]
fn the_sample_ids_stay_reserved_when_the_desk_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    desk.remove_sample_clients(now()).unwrap();
    drop(desk);
    // Read from the stored marker into the state the draft checks serve from.
    let mut desk = open(&dir);
    let saved = desk.save_client(client("Harvest Lane")).unwrap();
    assert_eq!(saved.id.as_deref(), Some("harvest-lane-2"));
}

#[test]
fn a_reset_to_the_sample_marks_it_again_and_start_empty_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let empty = desk.reset(ResetMode::Empty, today(), now()).unwrap();
    assert!(empty.sample.is_empty());
    let later = today() + chrono::Days::new(40);
    let sample = desk.reset(ResetMode::Sample, later, now()).unwrap();
    assert_eq!(sample.sample, SAMPLE);
    // Laid out around the later day, and compared with that: nothing edited.
    assert!(desk.sample_data().clients.iter().all(|c| !c.edited));
}

#[test]
fn saving_a_message_unchanged_writes_nothing_and_adds_no_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let (campaign, message) = find_message(desk.plan(), "hl-weekly-offers");
    let (campaign, message) = (campaign.to_string(), message.clone());
    let revision_before = revision(&dir);
    let saved = desk.save_message(&campaign, input_of(&message)).unwrap();
    assert_eq!(saved.id.as_deref(), Some("hl-weekly-offers"));
    assert_eq!(saved.history.undo, None, "no undo step");
    assert_eq!(revision(&dir), revision_before, "nothing written");

    // A series with skipped occurrences is unchanged too when saved as it is.
    desk.move_message(MoveRequest {
        message: "hl-weekly-offers".into(),
        occurrence: 1,
        scope: MoveScope::Occurrence,
        to: message.at + chrono::Days::new(8),
        timezone: "America/New_York".into(),
    })
    .unwrap();
    let series = find_message(desk.plan(), "hl-weekly-offers").1.clone();
    assert_eq!(series.exdates.len(), 1);
    let label = desk.history().undo;
    let revision_before = revision(&dir);
    desk.save_message(&campaign, input_of(&series)).unwrap();
    assert_eq!(desk.history().undo, label);
    assert_eq!(revision(&dir), revision_before);

    // As the editor sends it: an answer for every checklist item of the client.
    let items: Vec<String> = desk
        .plan()
        .client("harvest-lane")
        .unwrap()
        .checklist
        .iter()
        .map(|i| i.id.clone())
        .collect();
    let mut form = input_of(&series);
    for item in &items {
        form.checklist.entry(item.clone()).or_insert(false);
    }
    assert_ne!(
        form.checklist, series.checklist,
        "the form answers more items"
    );
    desk.save_message(&campaign, form.clone()).unwrap();
    assert_eq!(
        desk.history().undo,
        label,
        "a \"no\" to an unanswered item is no change"
    );
    assert_eq!(revision(&dir), revision_before);

    // A real change is one step.
    let mut changed = input_of(&series);
    changed.title = "This week's best offers".into();
    let saved = desk.save_message(&campaign, changed).unwrap();
    assert_eq!(
        saved.history.undo.as_deref(),
        Some("Edit message “This week's best offers”")
    );
    assert!(revision(&dir) > revision_before);
}

#[test]
fn the_editor_sees_a_messages_violations_in_the_panels_words() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    // Offers end tonight: an SMS at 21:30, in the grocer's quiet hours (21:00-08:00).
    let found = desk.message_findings("hl-sms-reminder").unwrap();
    assert!(found.total > 0);
    assert!(found
        .rules
        .iter()
        .any(|r| r.rule == RuleKind::QuietHours && r.count > 0));
    assert_eq!(
        found.rules.iter().map(|r| r.count).sum::<u32>(),
        found.total
    );
    assert!(found
        .findings
        .iter()
        .all(|f| f.violation.message == "hl-sms-reminder"));
    // The same records and words as the violations panel.
    let page = desk
        .findings_page(
            "harvest-lane",
            &FindingsQuery {
                per_segment: 5_000,
                more: Default::default(),
            },
        )
        .unwrap();
    let panel: Vec<&Finding> = page
        .segments
        .iter()
        .flat_map(|s| &s.findings)
        .filter(|f| f.violation.message == "hl-sms-reminder")
        .collect();
    assert_eq!(panel.len() as u32, found.total);
    for finding in &found.findings {
        assert!(panel.contains(&finding), "{finding:?} not in the panel");
    }
    assert!(desk.message_findings("no-such-message").is_err());
}

#[test]
fn a_draft_is_checked_by_the_engine_and_the_engine_is_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let checks = desk.checks();
    let stored = desk.message_findings("hl-sms-reminder").unwrap();
    let (campaign, message) = find_message(desk.plan(), "hl-sms-reminder");
    let (campaign, message) = (campaign.to_string(), message.clone());

    // The same message previewed as it is: what is stored.
    let same = desk.preview_message(&campaign, input_of(&message)).unwrap();
    assert_eq!(same, stored);

    // Moved to the morning: out of quiet hours.
    let mut morning = input_of(&message);
    morning.at = message.at.date().and_hms_opt(10, 0, 0).unwrap();
    let fixed = desk.preview_message(&campaign, morning).unwrap();
    assert!(fixed.rules.iter().all(|r| r.rule != RuleKind::QuietHours));

    // A new draft at 22:30 to coupon fans breaks quiet hours; it is not added.
    let mut late = input_of(&message);
    late.id = None;
    late.title = "Late reminder".into();
    late.at = message.at.date().and_hms_opt(22, 30, 0).unwrap();
    let draft = desk.preview_message(&campaign, late).unwrap();
    assert!(draft.rules.iter().any(|r| r.rule == RuleKind::QuietHours));
    assert!(draft
        .findings
        .iter()
        .all(|f| f.violation.message == "late-reminder"));

    // A draft the plan rules refuse names the field, relative to the message.
    let mut broken = input_of(&message);
    broken.segments = vec!["no-such-segment".into()];
    let err = desk.preview_message(&campaign, broken).unwrap_err();
    assert!(
        err.issues.iter().any(|i| i.path.starts_with("segments")),
        "{err:?}"
    );

    // Nothing changed: the plan, the engine, the file, undo.
    assert_eq!(desk.checks(), checks);
    assert_eq!(desk.message_findings("hl-sms-reminder").unwrap(), stored);
    assert!(find_message_opt(desk.plan(), "late-reminder").is_none());
    assert_eq!(desk.history().undo, None);
    let fresh = cadence_engine::Engine::from_plan(desk.plan()).unwrap();
    assert_eq!(fresh.violations(), desk.engine().violations());
}

fn find_message_opt<'a>(plan: &'a Plan, id: &str) -> Option<&'a Message> {
    plan.clients
        .iter()
        .flat_map(|c| &c.campaigns)
        .flat_map(|k| &k.messages)
        .find(|m| m.id == id)
}
