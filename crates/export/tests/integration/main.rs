//! The exports' tests: PDF (read back), CSV and ICS, from the sample and synthetic plans.
//!
//! One binary, one module per file: see docs/DECISIONS.md, "Build footprint".

mod common;

mod ics;
mod pdf;
mod scope;
mod tables;
