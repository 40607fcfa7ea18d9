//! The bridge over real loopback HTTP: desk commands through `dispatch_desk`, shell commands
//! with their test doubles, clear errors, events, and a fresh workspace per reset.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use cadence_bridge::{serve, Bridge, Running};
use serde_json::{json, Value};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn start() -> Running {
    serve(Arc::new(
        Bridge::new(today()).unwrap_or_else(|e| panic!("{}", e.message)),
    ))
    .unwrap_or_else(|e| panic!("{}", e.message))
}

/// One request with `Connection: close`; the status and the JSON reply.
fn http(running: &Running, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", running.port)).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply[9..12].parse().unwrap();
    let (head, text) = reply.split_once("\r\n\r\n").unwrap();
    assert!(
        head.contains("Access-Control-Allow-Origin: *"),
        "the page's origin may call: {head}"
    );
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    (status, value)
}

fn invoke(running: &Running, command: &str, args: Value) -> (u16, Value) {
    http(running, "POST", &format!("/invoke/{command}"), Some(args))
}

/// The next save dialog keeps its suggested name, in the scratch folder.
fn keep_suggested_names(running: &Running) {
    let (_, reset) = http(running, "POST", "/test/reset", None);
    let folder = reset["scratch"].as_str().unwrap().to_string();
    let answer = json!({ "acceptIn": folder });
    assert_eq!(http(running, "POST", "/test/dialog", Some(answer)).0, 200);
}

fn client_names(running: &Running) -> Vec<String> {
    let (status, ws) = invoke(running, "workspace", json!({}));
    assert_eq!(status, 200, "{ws}");
    ws["plan"]["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn serves_desk_commands_on_the_seeded_sample_and_reset_starts_over() {
    let bridge = start();
    assert_eq!(
        client_names(&bridge),
        [
            "Harvest Lane Grocers",
            "Northbridge Bank",
            "Tidewater Coffee Co."
        ]
    );
    let (status, saved) = invoke(
        &bridge,
        "save_client",
        json!({ "input": { "name": "Lumen Opticians", "timezone": "Europe/Paris" } }),
    );
    assert_eq!(status, 200, "{saved}");
    assert!(client_names(&bridge).contains(&"Lumen Opticians".to_string()));
    // The desk's own answers, through the list: the recurrence in words.
    let (_, preview) = invoke(
        &bridge,
        "preview_recurrence",
        json!({ "at": "2026-11-04T10:00:00", "rrule": "FREQ=MONTHLY;BYDAY=1WE;COUNT=4", "count": 2 }),
    );
    assert!(
        preview["text"]
            .as_str()
            .unwrap()
            .contains("first Wednesday"),
        "{preview}"
    );

    let (status, reset) = http(&bridge, "POST", "/test/reset", None);
    assert_eq!(status, 200, "{reset}");
    assert!(reset["db"].as_str().unwrap().ends_with("cadence.db"));
    assert_eq!(client_names(&bridge).len(), 3, "a fresh sample workspace");
}

#[test]
fn an_unknown_command_is_a_clear_not_found() {
    let bridge = start();
    let (status, err) = invoke(&bridge, "launch_rockets", json!({}));
    assert_eq!(status, 404);
    assert_eq!(err["code"], "not_found");
    assert!(
        err["message"].as_str().unwrap().contains("launch_rockets"),
        "{err}"
    );
    let (status, err) = http(&bridge, "GET", "/nowhere", None);
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
}

#[test]
fn bad_arguments_are_invalid_input_naming_the_command() {
    let bridge = start();
    for (command, args) in [
        ("save_segment", json!({ "input": 3 })),
        (
            "calendar",
            json!({ "clientId": "harvest-lane", "from": "soon" }),
        ),
        ("export_plan_dialog", json!({ "clientId": 7 })),
    ] {
        let (status, err) = invoke(&bridge, command, args);
        assert_eq!(status, 400, "{command}: {err}");
        assert_eq!(err["code"], "invalid_input", "{command}");
        assert!(err["message"].as_str().unwrap().contains(command), "{err}");
    }
    // A command the desk refuses keeps the desk's error and its issues.
    let (status, err) = invoke(
        &bridge,
        "save_client",
        json!({ "input": { "name": "", "timezone": "Mars/Olympus" } }),
    );
    assert_eq!((status, err["code"].as_str()), (400, Some("invalid_input")));
    assert!(!err["issues"].as_array().unwrap().is_empty(), "{err}");
}

#[test]
fn dialogs_answer_what_the_test_set_and_files_are_really_written() {
    let bridge = start();
    let (_, reset) = http(&bridge, "POST", "/test/reset", None);
    let folder = reset["scratch"].as_str().unwrap().to_string();
    // No answer set: the command says so instead of guessing.
    let (status, err) = invoke(&bridge, "export_plan_dialog", json!({ "clientId": null }));
    assert_eq!(status, 500);
    assert!(
        err["message"].as_str().unwrap().contains("/test/dialog"),
        "{err}"
    );

    http(&bridge, "POST", "/test/dialog", Some(json!("cancel")));
    let (status, path) = invoke(&bridge, "export_plan_dialog", json!({ "clientId": null }));
    assert_eq!((status, path), (200, Value::Null), "cancelled");

    http(
        &bridge,
        "POST",
        "/test/dialog",
        Some(json!({ "acceptIn": folder })),
    );
    let (status, path) = invoke(
        &bridge,
        "export_plan_dialog",
        json!({ "clientId": "northbridge" }),
    );
    assert_eq!(status, 200, "{path}");
    let path = path.as_str().unwrap().to_string();
    assert!(
        path.ends_with("northbridge-plan.json"),
        "the suggested name: {path}"
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("Northbridge Bank") && !written.contains("Tidewater"));

    // Read back by the plan import, through a dialog answer with a path.
    http(
        &bridge,
        "POST",
        "/test/dialog",
        Some(json!({ "path": path })),
    );
    let (status, summary) = invoke(&bridge, "import_plan_dialog", json!({ "mode": "replace" }));
    assert_eq!(status, 200, "{summary}");
    assert_eq!(client_names(&bridge), ["Northbridge Bank"]);

    assert_eq!(
        invoke(&bridge, "reveal_in_folder", json!({ "path": path })).0,
        200
    );
    let (_, revealed) = http(&bridge, "GET", "/test/revealed", None);
    assert_eq!(revealed, json!([path]));
}

#[test]
fn an_export_sends_progress_events_and_menu_actions_are_queued() {
    let bridge = start();
    keep_suggested_names(&bridge);
    let request = json!({
        "format": "ics", "client": "harvest-lane", "segment": null,
        "from": "2026-11-01", "to": "2026-11-30", "paper": "a4", "plain": false
    });
    let (status, done) = invoke(&bridge, "export_dialog", json!({ "request": request }));
    assert_eq!(status, 200, "{done}");
    assert!(
        std::fs::metadata(done["path"].as_str().unwrap())
            .unwrap()
            .len()
            > 0
    );
    let (_, events) = http(&bridge, "GET", "/events?after=0", None);
    let events = events.as_array().unwrap();
    assert!(events.len() >= 2, "{events:?}");
    assert!(events.iter().all(|e| e["event"] == "export-progress"));

    let last = events.last().unwrap()["id"].as_u64().unwrap();
    http(
        &bridge,
        "POST",
        "/test/emit",
        Some(json!({ "event": "menu-action", "payload": "export" })),
    );
    let (_, newer) = http(&bridge, "GET", &format!("/events?after={last}"), None);
    assert_eq!(newer[0]["event"], "menu-action");
    assert_eq!(newer[0]["payload"], "export");
    assert_eq!(
        newer.as_array().unwrap().len(),
        1,
        "only the events after the last seen"
    );
}

#[test]
fn a_locked_database_answers_like_the_app_and_the_locale_is_the_tests() {
    let bridge = start();
    let (_, _) = http(
        &bridge,
        "POST",
        "/test/reset",
        Some(json!({ "locked": true })),
    );
    let (status, err) = invoke(&bridge, "workspace", json!({}));
    assert_eq!(
        (status, err["code"].as_str()),
        (423, Some("database_locked")),
        "{err}"
    );

    http(
        &bridge,
        "POST",
        "/test/reset",
        Some(json!({ "lang": "de_DE.UTF-8" })),
    );
    assert_eq!(
        invoke(&bridge, "system_locale", json!({})).1,
        json!("de-DE")
    );
    http(&bridge, "POST", "/test/reset", None);
    assert_eq!(invoke(&bridge, "system_locale", json!({})).1, Value::Null);
    assert_eq!(
        invoke(&bridge, "ui_font", json!({})).1,
        json!(cadence_desk::ui_font::DESKTOP_UI_FONT)
    );
}

#[test]
fn a_plan_file_replaces_a_workspace_that_cannot_be_opened() {
    let bridge = start();
    keep_suggested_names(&bridge);
    let (_, path) = invoke(
        &bridge,
        "export_plan_dialog",
        json!({ "clientId": "tidewater" }),
    );

    http(
        &bridge,
        "POST",
        "/test/reset",
        Some(json!({ "locked": true })),
    );
    assert_eq!(invoke(&bridge, "workspace", json!({})).0, 423);
    // The other program has closed; the planner replaces the workspace with the plan file.
    http(
        &bridge,
        "POST",
        "/test/dialog",
        Some(json!({ "path": path })),
    );
    let (status, summary) = invoke(&bridge, "import_plan_dialog", json!({ "mode": "merge" }));
    assert_eq!(status, 200, "{summary}");
    assert_eq!(client_names(&bridge), ["Tidewater Coffee Co."]);
}
