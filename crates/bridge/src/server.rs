//! Loopback HTTP: one thread per request, so a long command (an export, a history import)
//! never holds up the page's event polling.
//!
//! | route | what |
//! | --- | --- |
//! | `POST /invoke/<command>` | the command with its JSON arguments; its reply, or the `AppError` (400 invalid input, 404 not found or no such command, 409 stale, 423 locked, 500 else) |
//! | `GET /events?after=<id>` | events after `id` |
//! | `POST /test/reset` | a fresh sample workspace ([`ResetOptions`]); replies `{ "db": path, "scratch": folder }` |
//! | `POST /test/dialog` | queue the next native dialog's answer: `{ "path": … }`, `{ "acceptIn": folder }` or `"cancel"` |
//! | `POST /test/emit` | queue an event (`{ "event": "menu-action", "payload": "export" }`: a native menu click) |
//! | `GET /test/revealed` | the paths "Show in folder" was asked to reveal |
//!
//! Every reply allows any origin: the page is served from another loopback port.

use std::sync::Arc;

use cadence_desk::{AppError, ErrorCode};
use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::workspace::{Bridge, DialogAnswer, ResetOptions};

/// A running bridge: its port, and the server (stopped when dropped).
pub struct Running {
    /// The loopback port it listens on.
    pub port: u16,
    server: Arc<Server>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// Listen on a free loopback port and serve `bridge` on a background thread.
pub fn serve(bridge: Arc<Bridge>) -> Result<Running, AppError> {
    let server = Server::http("127.0.0.1:0")
        .map_err(|err| AppError::new(ErrorCode::Io, format!("cannot listen: {err}")))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|addr| addr.port())
        .ok_or_else(|| AppError::new(ErrorCode::Io, "not listening on an IP port"))?;
    let server = Arc::new(server);
    let accept = server.clone();
    std::thread::spawn(move || {
        for request in accept.incoming_requests() {
            let bridge = bridge.clone();
            std::thread::spawn(move || answer(&bridge, request));
        }
    });
    Ok(Running { port, server })
}

/// Answer one request.
fn answer(bridge: &Bridge, mut request: Request) {
    let method = request.method().clone();
    let url = request.url().to_string();
    let mut body = String::new();
    let read = request.as_reader().read_to_string(&mut body);
    let (status, reply) = match (method, read) {
        (Method::Options, _) => (204, Value::Null),
        (_, Err(err)) => failure(AppError::new(
            ErrorCode::Io,
            format!("unreadable request: {err}"),
        )),
        (method, Ok(_)) => route(bridge, &method, &url, &body),
    };
    let text = if status == 204 {
        String::new()
    } else {
        reply.to_string()
    };
    let response = Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Access-Control-Allow-Methods", "GET, POST, OPTIONS"))
        .with_header(header("Access-Control-Allow-Headers", "Content-Type"));
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid ASCII header")
}

/// The reply of a route: status and JSON.
fn route(bridge: &Bridge, method: &Method, url: &str, body: &str) -> (u16, Value) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let parsed = || -> Result<Value, AppError> {
        if body.trim().is_empty() {
            return Ok(json!({}));
        }
        serde_json::from_str(body).map_err(|err| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("the body of {path} is not JSON: {err}"),
            )
        })
    };
    let outcome = match (method, path) {
        (Method::Post, _) if path.starts_with("/invoke/") => {
            parsed().and_then(|args| invoke(bridge, &path["/invoke/".len()..], args))
        }
        (Method::Get, "/events") => {
            let after = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("after="))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Ok(json!(bridge.events_after(after)))
        }
        (Method::Post, "/test/reset") => parsed()
            .and_then(|v| from_json::<ResetOptions>(path, v))
            .and_then(|options| bridge.reset(options))
            .map(|db| json!({ "db": db, "scratch": bridge.scratch() })),
        (Method::Post, "/test/dialog") => parsed()
            .and_then(|v| from_json::<DialogAnswer>(path, v))
            .map(|answer| {
                bridge.doubles().dialogs.push_back(answer);
                Value::Null
            }),
        (Method::Post, "/test/emit") => parsed().map(|v| {
            let event = v["event"].as_str().unwrap_or_default().to_string();
            bridge.emit(&event, v["payload"].clone());
            Value::Null
        }),
        (Method::Get, "/test/revealed") => Ok(json!(bridge.doubles().revealed)),
        _ => Err(AppError::new(
            ErrorCode::NotFound,
            format!("the bridge has no route {method} {path}"),
        )),
    };
    match outcome {
        Ok(value) => (200, value),
        Err(err) => failure(err),
    }
}

fn from_json<T: serde::de::DeserializeOwned>(path: &str, value: Value) -> Result<T, AppError> {
    serde_json::from_value(value).map_err(|err| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("the body of {path} does not fit: {err}"),
        )
    })
}

/// A command by name: the desk's through `dispatch_desk`, the shell's through the bridge's
/// [`crate::shell`].
pub fn invoke(bridge: &Bridge, name: &str, args: Value) -> Result<Value, AppError> {
    if cadence_desk::commands::DESK_COMMANDS.contains(&name) {
        let clock = bridge.clock();
        return bridge.with_desk(|desk| {
            cadence_desk::commands::dispatch_desk(desk, clock, name, args).unwrap_or_else(|| {
                Err(AppError::new(
                    ErrorCode::Internal,
                    format!("{name} is not served"),
                ))
            })
        });
    }
    crate::shell::dispatch_shell(bridge, name, args).unwrap_or_else(|| {
        Err(AppError::new(
            ErrorCode::NotFound,
            format!("there is no command named \"{name}\""),
        ))
    })
}

/// An error's status and body.
fn failure(err: AppError) -> (u16, Value) {
    let status = match err.code {
        ErrorCode::InvalidInput | ErrorCode::WorkspaceRejected => 400,
        ErrorCode::NotFound => 404,
        ErrorCode::StaleWorkspace => 409,
        ErrorCode::DatabaseLocked => 423,
        _ => 500,
    };
    (status, serde_json::to_value(&err).unwrap_or_default())
}
