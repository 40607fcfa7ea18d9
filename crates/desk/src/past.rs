//! Past campaign data (`shared/spec/history.md`) as the app and the CLI use it: previewing an
//! export, importing it (with progress and cancel; all or nothing), listing and removing a
//! client's imports, the audience → segment map and the reply target.
//!
//! These calls take a [`Store`] and a [`Plan`] rather than the desk, so the app can run a long
//! import on its own connection while the desk stays responsive.

use std::sync::atomic::AtomicBool;

use cadence_history::insights::InsightOptions;
use cadence_history::{
    preset, read, sha256_hex, sketch, ChannelRef, ClientContext, DateOrder, Kind, Mapping,
    PersonKey, Preview, ReadError, ReadOptions, Rejected, Sketch,
};
use cadence_model::{Client, Plan};
use cadence_store::{HistoryError, NewImport, Store};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ipc::{AppError, ErrorCode};

/// Records shown in a preview.
pub const PREVIEW_ROWS: usize = 12;
/// Records scanned by a preview for rejected rows and the date question.
pub const PREVIEW_SCAN: u64 = 20_000;

/// What to read from a file, as the import dialog asks.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
pub struct HistoryReadRequest {
    /// The client the history belongs to.
    pub client_id: String,
    /// The file's name as the user chose it (shown in errors and the import list).
    pub file_name: String,
    /// Only presets of this kind.
    pub kind: Option<Kind>,
    /// Only this preset.
    pub preset: Option<String>,
    /// Read through this mapping instead of the presets.
    pub mapping: Option<Mapping>,
    /// Only this sheet of a workbook.
    pub sheet: Option<String>,
    /// Day/month order of ambiguous dates.
    pub date_order: Option<DateOrder>,
}

/// A canonical field the mapping editor offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldChoice {
    /// The field's name (`sent_at`, `person`).
    pub name: String,
    /// Whether a file of this kind must have it.
    pub required: bool,
}

/// The fields of one kind of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KindFields {
    /// The kind.
    pub kind: Kind,
    /// Its fields, in the spec's order.
    pub fields: Vec<FieldChoice>,
}

/// An audience of the file and the segment its insights belong to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct AudienceChoice {
    /// The audience (list, segment, page) as written in the file.
    pub audience: String,
    /// The client's segment, if any.
    pub segment_id: Option<String>,
}

/// How the columns of a file were understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MappingSource {
    /// A vendor preset recognised the header.
    Preset,
    /// The mapping saved for this client and this header last time.
    Saved,
    /// The mapping the user is editing.
    Given,
}

/// Everything the import dialog shows about a file before anything is written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryPreview {
    /// The file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The file read as it would be imported (None when its columns are not understood yet).
    pub read: Option<Preview>,
    /// Why the file cannot be read as asked (no preset knows the header, a mapping names a
    /// missing column, …): what the user must settle in the mapping editor.
    pub problem: Option<String>,
    /// The file as it is: the likely header and the first records.
    pub sketch: Sketch,
    /// How the columns were understood.
    pub source: Option<MappingSource>,
    /// The mapping in force (saved or given), for the editor to start from.
    pub mapping: Option<Mapping>,
    /// The fields of every kind, for the mapping editor.
    pub kinds: Vec<KindFields>,
    /// The vendor presets by name.
    pub presets: Vec<String>,
    /// The file's audiences with the segment each maps to now.
    pub audiences: Vec<AudienceChoice>,
}

/// What the import dialog asks to import.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
pub struct HistoryImportRequest {
    /// The file and how to read it (as previewed).
    pub read: HistoryReadRequest,
    /// The audience → segment choices to remember for the client.
    pub audiences: Vec<AudienceChoice>,
    /// Remember the mapping for the next file with the same header.
    pub remember_mapping: bool,
}

/// Where an import is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryProgress {
    /// `reading` the file or `storing` its rows.
    pub stage: String,
    /// Records stored so far.
    pub done: u64,
    /// Records to store (0 while reading).
    pub total: u64,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryImportDone {
    /// The new import's id (None for a dry run or a file with no good row).
    pub import_id: Option<i64>,
    /// Kind of the rows.
    pub kind: Kind,
    /// The preset used (None for a mapping).
    pub preset: Option<String>,
    /// Data rows read.
    pub rows: u64,
    /// Records added.
    pub imported: u64,
    /// Records already there.
    pub duplicates: u64,
    /// The rows not imported, with line, column and reason.
    pub rejected: Vec<Rejected>,
    /// Channels that match no workspace channel, kept as written.
    pub unknown_channels: Vec<String>,
    /// One line for people: "1,204 new records, 3 already there, 2 rows rejected".
    pub summary: String,
}

/// One import of a client, as the import list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryImportView {
    /// Id (what removing it asks for).
    pub id: i64,
    /// File name.
    pub file: String,
    /// Size in bytes.
    pub size: u64,
    /// Kind of rows.
    pub kind: String,
    /// Preset, or None for a mapping.
    pub preset: Option<String>,
    /// When, UTC (RFC 3339).
    pub imported_at: String,
    /// Data rows read.
    pub rows: u64,
    /// Records it added.
    pub imported: u64,
    /// Records that were already there.
    pub duplicates: u64,
    /// Rows rejected.
    pub rejected: u64,
}

/// What removing an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct HistoryRemoved {
    /// The import.
    pub id: i64,
    /// Records deleted.
    pub deleted: u64,
    /// Records kept because another import also has them.
    pub kept: u64,
}

/// A client of the plan, or an error naming the id.
pub fn find_client<'p>(plan: &'p Plan, client_id: &str) -> Result<&'p Client, AppError> {
    plan.clients
        .iter()
        .find(|c| c.id == client_id)
        .map(|c| &**c)
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("no client with id \"{client_id}\""),
            )
        })
}

/// The reader's view of a client: its zone and the workspace's channels.
pub fn client_context(plan: &Plan, client_id: &str) -> Result<ClientContext, AppError> {
    let client = find_client(plan, client_id)?;
    let timezone = cadence_model::time::parse_timezone(&client.timezone).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("client \"{client_id}\" has an unknown time zone"),
        )
    })?;
    Ok(ClientContext {
        timezone,
        channels: plan
            .channels
            .iter()
            .map(|ch| ChannelRef {
                id: ch.id.clone(),
                name: ch.name.clone(),
            })
            .collect(),
    })
}

/// The client's segments, saved audience map and reply target, as the insights use them.
pub fn insight_options(
    store: &Store,
    plan: &Plan,
    client_id: &str,
) -> Result<InsightOptions, AppError> {
    store
        .insight_options(find_client(plan, client_id)?)
        .map_err(history_error)
}

/// A history failure as the one UI error.
pub fn history_error(err: HistoryError) -> AppError {
    match err {
        HistoryError::Store(e) => e.into(),
        HistoryError::Cancelled => AppError::new(ErrorCode::Cancelled, err.to_string()),
        other => AppError::new(ErrorCode::Internal, other.to_string()),
    }
}

fn read_error(err: ReadError, file: &str) -> AppError {
    let mut e = AppError::new(ErrorCode::InvalidInput, err.to_string());
    e.file = Some(file.to_string());
    e
}

fn options(req: &HistoryReadRequest) -> ReadOptions {
    ReadOptions {
        kind: req.kind,
        preset: req.preset.clone(),
        mapping: req.mapping.clone(),
        sheet: req.sheet.clone(),
        date_order: req.date_order,
    }
}

/// The name a mapping is saved under: its file's header, normalised, so the next export
/// from the same tool finds it.
fn mapping_name(sketch: &Sketch) -> String {
    let joined: Vec<String> = sketch.header.iter().map(|c| preset::normalize(c)).collect();
    format!(
        "header:{}",
        &sha256_hex(joined.join("\u{1f}").as_bytes())[..16]
    )
}

/// Preview `bytes` for the dialog: the saved mapping for this header when the request gives
/// none, else the presets; a file no preset knows comes back with its sketch and the problem,
/// never as an error. Only a file that cannot be read at all (empty, broken encoding, not a
/// spreadsheet) is an error.
pub fn preview_history(
    store: &Store,
    plan: &Plan,
    req: &HistoryReadRequest,
    bytes: &[u8],
) -> Result<HistoryPreview, AppError> {
    let ctx = client_context(plan, &req.client_id)?;
    let file = req.file_name.as_str();
    let sketch =
        sketch(bytes, file, req.sheet.as_deref(), PREVIEW_ROWS).map_err(|e| read_error(e, file))?;
    let mut opts = options(req);
    let mut source = opts.mapping.as_ref().map(|_| MappingSource::Given);
    if opts.mapping.is_none() && opts.preset.is_none() {
        let saved = store
            .history_mappings(&req.client_id)
            .map_err(history_error)?;
        if let Some(m) = saved.get(&mapping_name(&sketch)) {
            opts.mapping = Some(m.clone());
            source = Some(MappingSource::Saved);
        }
    }
    let (read, problem) =
        match cadence_history::preview(bytes, file, &ctx, &opts, PREVIEW_ROWS, PREVIEW_SCAN) {
            Ok(p) => {
                if source.is_none() {
                    source = Some(MappingSource::Preset);
                }
                (Some(p), None)
            }
            Err(
                e @ (ReadError::Encoding { .. }
                | ReadError::Empty { .. }
                | ReadError::Spreadsheet { .. }),
            ) => return Err(read_error(e, file)),
            Err(e) => {
                source = None;
                (None, Some(e.to_string()))
            }
        };
    let audiences = match &read {
        Some(p) => audience_choices(store, plan, &req.client_id, &p.audiences)?,
        None => Vec::new(),
    };
    Ok(HistoryPreview {
        file_name: req.file_name.clone(),
        size: bytes.len() as u64,
        read,
        problem,
        sketch,
        source,
        mapping: if source == Some(MappingSource::Preset) {
            None
        } else {
            opts.mapping
        },
        kinds: kind_fields(),
        presets: preset::preset_names()
            .into_iter()
            .map(str::to_string)
            .collect(),
        audiences,
    })
}

/// The fields of every kind.
pub fn kind_fields() -> Vec<KindFields> {
    [Kind::Sends, Kind::Activity, Kind::Daily, Kind::Inbox]
        .into_iter()
        .map(|kind| KindFields {
            kind,
            fields: cadence_history::Field::of_kind(kind)
                .iter()
                .map(|f| FieldChoice {
                    name: f.name().to_string(),
                    required: f.required_in(kind),
                })
                .collect(),
        })
        .collect()
}

/// Each audience with its segment: the saved map first, then a segment of the same name.
fn audience_choices(
    store: &Store,
    plan: &Plan,
    client_id: &str,
    audiences: &[String],
) -> Result<Vec<AudienceChoice>, AppError> {
    let opts = insight_options(store, plan, client_id)?;
    Ok(audiences
        .iter()
        .map(|a| AudienceChoice {
            audience: a.clone(),
            segment_id: opts.segment_of(a),
        })
        .collect())
}

/// How an import runs: a dry run counts and writes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportRun {
    /// When (read by the caller).
    pub now: DateTime<Utc>,
    /// Count what would happen, then roll back.
    pub dry_run: bool,
}

/// Read the whole file and store its rows as one import (all or nothing); then remember the
/// audience map and, when asked, the mapping. `progress` hears the stages; `cancel` stops
/// before anything is committed. A file whose every row is rejected imports nothing.
pub fn import_history(
    store: &mut Store,
    plan: &Plan,
    req: &HistoryImportRequest,
    bytes: &[u8],
    run: ImportRun,
    progress: &mut dyn FnMut(HistoryProgress),
    cancel: &AtomicBool,
) -> Result<HistoryImportDone, AppError> {
    let r = &req.read;
    let file = r.file_name.as_str();
    let ctx = client_context(plan, &r.client_id)?;
    let client = find_client(plan, &r.client_id)?;
    for a in &req.audiences {
        if let Some(s) = &a.segment_id {
            if !client.segments.iter().any(|x| &x.id == s) {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    format!(
                        "audience \"{}\": client \"{}\" has no segment \"{s}\"",
                        a.audience, r.client_id
                    ),
                ));
            }
        }
    }
    let key = match store.history_key().map_err(history_error)? {
        Some(k) => k,
        None => PersonKey::generate().map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("no randomness for the key: {e}"),
            )
        })?,
    };
    let opts = options(r);
    progress(HistoryProgress {
        stage: "reading".into(),
        done: 0,
        total: 0,
    });
    let (read_result, sha) = std::thread::scope(|s| {
        let sha = s.spawn(|| sha256_hex(bytes));
        let read_result = read(bytes, file, &ctx, &opts, &key);
        (read_result, sha.join().unwrap_or_default())
    });
    let read = read_result.map_err(|e| read_error(e, file))?;
    if cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(history_error(HistoryError::Cancelled));
    }
    let mut done = HistoryImportDone {
        import_id: None,
        kind: read.kind,
        preset: read.preset.map(str::to_string),
        rows: read.data_rows,
        imported: 0,
        duplicates: 0,
        rejected: read.rejected,
        unknown_channels: read.unknown_channels,
        summary: String::new(),
    };
    if !read.rows.is_empty() {
        let new = NewImport {
            client_id: &r.client_id,
            file_name: file,
            size: bytes.len() as u64,
            sha256: &sha,
            kind: read.kind,
            preset: read.preset,
            mapping: r.mapping.as_ref(),
            imported_at: run.now,
            rows_read: read.data_rows,
            rejected: done.rejected.len() as u64,
            key: &key,
            dry_run: run.dry_run,
        };
        let outcome = store
            .import_history(
                &new,
                &read.rows,
                &mut |d, t| {
                    progress(HistoryProgress {
                        stage: "storing".into(),
                        done: d,
                        total: t,
                    })
                },
                cancel,
            )
            .map_err(history_error)?;
        done.import_id = outcome.import_id;
        done.imported = outcome.imported;
        done.duplicates = outcome.duplicates;
    }
    if !run.dry_run && done.import_id.is_some() {
        for a in &req.audiences {
            store
                .set_audience_segment(&r.client_id, &a.audience, a.segment_id.as_deref())
                .map_err(history_error)?;
        }
        if let (true, Some(m)) = (req.remember_mapping, &r.mapping) {
            let name = sketch(bytes, file, r.sheet.as_deref(), 0)
                .map(|s| mapping_name(&s))
                .map_err(|e| read_error(e, file))?;
            store
                .save_history_mapping(&r.client_id, &name, m)
                .map_err(history_error)?;
        }
    }
    done.summary = summary(&done, run.dry_run);
    tracing::info!(
        dry_run = run.dry_run,
        kind = ?done.kind,
        rows = done.rows,
        imported = done.imported,
        duplicates = done.duplicates,
        rejected = done.rejected.len(),
        "history imported"
    );
    Ok(done)
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        cadence_engine::thousands(n),
        if n == 1 { one } else { many }
    )
}

fn summary(done: &HistoryImportDone, dry_run: bool) -> String {
    let new = count(done.imported, "new record", "new records");
    let verb = if dry_run {
        "would be imported"
    } else {
        "imported"
    };
    format!(
        "{new} {verb}, {} already there, {} rejected",
        cadence_engine::thousands(done.duplicates),
        count(done.rejected.len() as u64, "row", "rows")
    )
}

/// A client's imports, oldest first.
pub fn history_imports(
    store: &Store,
    plan: &Plan,
    client_id: &str,
) -> Result<Vec<HistoryImportView>, AppError> {
    find_client(plan, client_id)?;
    Ok(store
        .history_imports(Some(client_id))
        .map_err(history_error)?
        .into_iter()
        .map(|i| HistoryImportView {
            id: i.id,
            file: i.file,
            size: i.size,
            kind: i.kind,
            preset: i.preset,
            imported_at: i.imported_at,
            rows: i.rows,
            imported: i.imported,
            duplicates: i.duplicates,
            rejected: i.rejected,
        })
        .collect())
}

/// Remove an import and exactly its rows.
pub fn remove_history_import(
    store: &mut Store,
    import_id: i64,
) -> Result<HistoryRemoved, AppError> {
    let r = store
        .remove_history_import(import_id)
        .map_err(history_error)?;
    Ok(HistoryRemoved {
        id: r.id,
        deleted: r.deleted,
        kept: r.kept,
    })
}

/// Map (or unmap, with None) an audience of a client's history to one of its segments.
pub fn set_audience_segment(
    store: &mut Store,
    plan: &Plan,
    client_id: &str,
    audience: &str,
    segment_id: Option<&str>,
) -> Result<(), AppError> {
    let client = find_client(plan, client_id)?;
    if let Some(s) = segment_id {
        if !client.segments.iter().any(|x| x.id == s) {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("client \"{client_id}\" has no segment \"{s}\""),
            ));
        }
    }
    store
        .set_audience_segment(client_id, audience, segment_id)
        .map_err(history_error)
}

/// Set a client's reply target (hours, above zero and at most a year).
pub fn set_reply_target(
    store: &mut Store,
    plan: &Plan,
    client_id: &str,
    hours: f64,
) -> Result<(), AppError> {
    find_client(plan, client_id)?;
    if !(hours > 0.0 && hours <= 8_784.0) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("a reply target must be above 0 and at most 8784 hours (a year), not {hours}"),
        ));
    }
    store
        .set_reply_target_hours(client_id, hours)
        .map_err(history_error)
}
