//! Test-only bridge: the app's commands served by the real desk over loopback HTTP, so the
//! UI's browser tests run the built UI against the same engine, store and files as the app.
//!
//! - `POST /invoke/<command>` with the command's JSON arguments (camelCase, as the UI sends
//!   them): the reply as JSON, or the `AppError` with a 4xx/5xx status. Desk commands go
//!   through [`cadence_desk::commands::dispatch_desk`]; shell commands through [`shell`].
//! - `GET /events?after=<id>`: the events the app would emit (`export-progress`,
//!   `history-progress`, `menu-action`), oldest first.
//! - Test doubles for what needs a human or the OS, under `/test/`: see [`server`].
//!
//! Nothing here is part of the app; the Tauri shell serves the same list natively.

pub mod block;
pub mod server;
pub mod shell;
pub mod workspace;

pub use server::{serve, Running};
pub use workspace::{Bridge, ResetOptions};
