//! Cadence's campaign history: reading other tools' exports into canonical rows
//! (`shared/spec/history.md` §1–4) and the insights computed from them (§5).
//!
//! Reading is pure: bytes, a file name, the client's zone and channels, the user's options
//! and the per-database person key go in; rows and rejected rows come out. Nothing here
//! touches the disk, the clock or a database.

mod convert;
pub mod decode;
mod error;
pub mod insights;
mod layout;
pub mod mapping;
mod model;
mod parallel;
pub mod preset;
mod read;
mod sketch;
mod source;
pub mod value;

pub use convert::ChannelRef;
pub use error::{rejected_csv, ReadError, Rejected};
pub use mapping::{Mapping, MappingError};
pub use model::{
    ActivityRow, DailyRow, Event, Field, InboxRow, Kind, Metric, Names, PersonId, PersonKey, Rows,
    SendRow, FIELD_COUNT,
};
pub use read::{
    preview, read, ClientContext, ColumnInfo, DateQuestion, Preview, PreviewRow, Read, ReadOptions,
};
pub use sketch::{sketch, Sketch};
pub use source::FileFormat;
pub use value::DateOrder;

/// The SHA-256 of a file, as lowercase hex (the import's identity of the file).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
