//! The `cadence` command-line tool's tests, run as a real process.
//!
//! One binary, one module per file: see docs/DECISIONS.md, "Build footprint".

mod check;
mod cli;
mod export;
mod history;
mod probes;
