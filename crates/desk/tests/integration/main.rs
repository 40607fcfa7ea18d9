//! The desk's integration tests, against real SQLite files on disk.
//!
//! One binary, one module per file: see docs/DECISIONS.md, "Build footprint".

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
