//! The `cadence` command-line tool's tests, run as a real process.
//!
//! One test binary per crate: each file below was its own binary, and each linked the
//! whole dependency tree again (the PDF typesetter included), which cost minutes of
//! linking and gigabytes of disk on a clean build.

mod check;
mod cli;
mod export;
mod history;
mod probes;
