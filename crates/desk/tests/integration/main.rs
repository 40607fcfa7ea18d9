//! The desk's integration tests, against real SQLite files on disk.
//!
//! One test binary per crate: each file below was its own binary, and each linked the
//! whole dependency tree again (the PDF typesetter included), which cost minutes of
//! linking and gigabytes of disk on a clean build.

mod calendar_zone;
mod desk;
mod drafts;
mod editor_drafts;
mod export;
mod guidelines;
mod insights_view;
mod logs;
mod other_writers;
mod past;
mod problems;
mod safety;
mod sample_and_editor;
mod shared_clients;
mod snapshots;
mod ui_fixtures;
mod values;
