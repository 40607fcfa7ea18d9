//! The exports' tests: PDF (read back), CSV and ICS, from the sample and synthetic plans.
//!
//! One test binary per crate: each file below was its own binary, and each linked the
//! whole dependency tree again (the PDF typesetter included), which cost minutes of
//! linking and gigabytes of disk on a clean build.

mod common;

mod ics;
mod pdf;
mod scope;
mod tables;
