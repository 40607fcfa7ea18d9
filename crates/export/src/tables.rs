//! The four CSV tables of spec section 2: RFC 4180, UTF-8, one header row. Excel-safe by
//! default (a UTF-8 BOM, and text cells that could start a formula prefixed with `'`);
//! `plain` drops both.

use std::collections::BTreeSet;

use cadence_model::MessageStatus;

use crate::error::ExportError;
use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};

use rustc_hash::FxHashMap;

use crate::rows::{local_wall, Rows};
use crate::scope::Resolved;

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per engine touch.
    Touches,
    /// One row per message occurrence at one instant.
    Schedule,
    /// One row per violation record, with its explanation.
    Violations,
    /// One row per message.
    Messages,
}

/// The UTF-8 byte order mark Excel needs to read UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer that makes text cells safe for spreadsheets unless `plain`. Cells go
/// straight to the writer; the first error is kept and reported at the end of the row.
struct Sheet {
    out: csv::Writer<Vec<u8>>,
    plain: bool,
    scratch: String,
    cell: Vec<u8>,
    error: Option<csv::Error>,
}

impl Sheet {
    /// A sheet whose buffer starts with room for `bytes` (growing a buffer of tens of
    /// megabytes costs more than the rows).
    fn with_capacity(plain: bool, bytes: usize) -> Self {
        let mut buffer = Vec::with_capacity(bytes);
        if !plain {
            buffer.extend_from_slice(BOM);
        }
        Sheet {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(buffer),
            plain,
            scratch: String::new(),
            cell: Vec::new(),
            error: None,
        }
    }

    /// A sheet that continues another one's rows: no BOM (and the caller writes no header).
    fn continued(plain: bool, bytes: usize) -> Self {
        let mut sheet = Sheet::with_capacity(true, bytes);
        sheet.plain = plain;
        sheet
    }

    fn field(&mut self, bytes: &[u8]) {
        if let Err(err) = self.out.write_field(bytes) {
            self.error.get_or_insert(err);
        }
    }

    /// A text cell (made safe unless plain).
    fn text(&mut self, value: &str) -> &mut Self {
        if !self.plain && needs_quote_prefix(value) {
            self.field(format!("'{value}").as_bytes());
        } else {
            self.field(value.as_bytes());
        }
        self
    }

    /// An integer cell.
    fn int(&mut self, value: impl itoa::Integer) -> &mut Self {
        let mut buffer = itoa::Buffer::new();
        self.field(buffer.format(value).as_bytes());
        self
    }

    /// A boolean cell.
    fn bool(&mut self, value: bool) -> &mut Self {
        self.field(if value { b"true" } else { b"false" });
        self
    }

    /// An instant (seconds since the epoch) as RFC 3339 UTC with `Z`.
    fn utc(&mut self, at: i64) -> &mut Self {
        self.cell(|out| put_utc(out, at))
    }

    /// A cell that `write` puts in a byte buffer (never a formula).
    fn cell(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        let mut cell = std::mem::take(&mut self.cell);
        cell.clear();
        write(&mut cell);
        self.field(&cell);
        self.cell = cell;
        self
    }

    /// A cell that is never a formula (numbers, booleans, dates written by us).
    fn raw(&mut self, value: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value}");
        self.field(scratch.as_bytes());
        self.scratch = scratch;
        self
    }

    fn end(&mut self) -> Result<(), ExportError> {
        if let Err(err) = self.out.write_record(None::<&[u8]>) {
            self.error.get_or_insert(err);
        }
        match self.error.take() {
            Some(err) => Err(err.into()),
            None => Ok(()),
        }
    }

    fn header(&mut self, names: &[&str]) -> Result<(), ExportError> {
        self.out.write_record(names)?;
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, ExportError> {
        self.out
            .into_inner()
            .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
    }
}

/// Two decimal digits of `n` (0..=99).
fn put2(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&[b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]);
}

/// `YYYY-MM-DD` of `t` (chrono's own text outside the years 0 to 9999).
fn put_ymd(out: &mut Vec<u8>, t: NaiveDateTime) {
    if !(0..=9999).contains(&t.year()) {
        out.extend_from_slice(t.format("%Y-%m-%d").to_string().as_bytes());
        return;
    }
    let year = t.year() as u32;
    put2(out, year / 100);
    put2(out, year % 100);
    out.push(b'-');
    put2(out, t.month());
    out.push(b'-');
    put2(out, t.day());
}

/// `HH:MM` of `t`.
fn put_hm(out: &mut Vec<u8>, t: NaiveDateTime) {
    put2(out, t.hour());
    out.push(b':');
    put2(out, t.minute());
}

/// An instant (seconds since the epoch) as RFC 3339 UTC with `Z`; nothing when out of range.
fn put_utc(out: &mut Vec<u8>, at: i64) {
    if let Some(t) = DateTime::<Utc>::from_timestamp(at, 0).map(|t| t.naive_utc()) {
        put_ymd(out, t);
        out.push(b'T');
        put_hm(out, t);
        out.push(b':');
        put2(out, t.second());
        out.push(b'Z');
    }
}

/// A wall time's date, `2026-03-26`; nothing for none.
fn put_date(out: &mut Vec<u8>, wall: Option<NaiveDateTime>) {
    if let Some(t) = wall {
        put_ymd(out, t);
    }
}

/// A wall time's hour and minute, `10:15`; nothing for none.
fn put_time(out: &mut Vec<u8>, wall: Option<NaiveDateTime>) {
    if let Some(t) = wall {
        put_hm(out, t);
    }
}

/// Whether a spreadsheet could read the text as a formula.
fn needs_quote_prefix(value: &str) -> bool {
    matches!(
        value.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// A text cell that a spreadsheet would read as a formula gets a leading `'`.
pub fn excel_safe(value: &str) -> String {
    if needs_quote_prefix(value) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// A message status as written in plan files.
pub fn status_text(status: MessageStatus) -> &'static str {
    match status {
        MessageStatus::Draft => "draft",
        MessageStatus::Planned => "planned",
        MessageStatus::Approved => "approved",
    }
}

/// Render the four tables of a scope at once, each as parts to write one after another, on
/// every core: the violation records and their table on one thread from the start, while
/// the touches are gathered and the other tables rendered; the touches table (by far the
/// largest) is cut into parts of [`TOUCH_PART`] rows. Results are in [`Table`] order:
/// touches, schedule, violations, messages.
pub fn all_tables(scope: &Resolved<'_>, plain: bool) -> Result<[Vec<Vec<u8>>; 4], ExportError> {
    std::thread::scope(|s| {
        let violations = s.spawn(|| violations_table(scope, plain));
        let rows = Rows::without_violations(scope);
        let mut out = tables_in_parts(&rows, plain, TOUCH_PART, false)?;
        let violations = violations
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        out[2] = vec![violations];
        Ok(out)
    })
}

/// The tables of `rows` with touches parts of `part_rows` rows; the violations table only
/// when `with_violations` (else left empty).
fn tables_in_parts(
    rows: &Rows<'_>,
    plain: bool,
    part_rows: usize,
    with_violations: bool,
) -> Result<[Vec<Vec<u8>>; 4], ExportError> {
    let part_rows = part_rows.max(1);
    let mut jobs: Vec<(usize, Piece)> = Vec::new();
    let parts = rows.touches.len().div_ceil(part_rows).max(1);
    for part in 0..parts {
        let from = part * part_rows;
        let to = (from + part_rows).min(rows.touches.len());
        jobs.push((0, Piece::Touches { from, to }));
    }
    if with_violations {
        jobs.push((2, Piece::Whole(Table::Violations)));
    }
    jobs.push((1, Piece::Whole(Table::Schedule)));
    jobs.push((3, Piece::Whole(Table::Messages)));
    let rendered = run_jobs(&jobs, |(_, piece)| piece.render(rows, plain));
    let mut out: [Vec<Vec<u8>>; 4] = Default::default();
    for ((file, _), bytes) in jobs.iter().zip(rendered) {
        out[*file].push(bytes?);
    }
    Ok(out)
}

/// Rows of the touches table per part in [`all_tables`].
const TOUCH_PART: usize = 1 << 16;

/// A generous guess of a touches row's size, to size its buffer once.
const TOUCH_ROW_BYTES: usize = 192;

/// One piece of work of [`all_tables`].
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// Touches `from..to`; the first part carries the BOM and the header.
    Touches { from: usize, to: usize },
    /// A whole table.
    Whole(Table),
}

impl Piece {
    fn render(self, rows: &Rows<'_>, plain: bool) -> Result<Vec<u8>, ExportError> {
        match self {
            Piece::Touches { from, to } => touches_part(rows, from, to, plain),
            Piece::Whole(which) => table(rows, which, plain),
        }
    }
}

/// `work` over every job on as many threads as the machine has cores (at most 4), each
/// taking the next job when it is free; the results in job order.
pub(crate) fn run_jobs<J: Sync, T: Send>(jobs: &[J], work: impl Fn(&J) -> T + Sync) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<T>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = work(job);
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran")
        })
        .collect()
}

/// Render one table.
pub fn table(rows: &Rows<'_>, table: Table, plain: bool) -> Result<Vec<u8>, ExportError> {
    // Generous guesses of the size: untouched reserved memory costs nothing.
    let bytes = match table {
        Table::Touches => rows.touches.len() * TOUCH_ROW_BYTES,
        Table::Schedule => rows.schedule.len() * 192,
        Table::Violations => rows.violations.len() * 320,
        Table::Messages => rows.ordered.len() * 256,
    };
    let mut sheet = Sheet::with_capacity(plain, bytes.max(1 << 16));
    match table {
        Table::Touches => return touches_part(rows, 0, rows.touches.len(), plain),
        Table::Schedule => return schedule_table(rows, plain),
        Table::Violations => violations(rows, &mut sheet)?,
        Table::Messages => messages(rows, &mut sheet)?,
    }
    sheet.finish()
}

/// Column names of the touches table.
pub const TOUCH_COLUMNS: [&str; 18] = [
    "client",
    "segment",
    "segment_name",
    "campaign",
    "message",
    "title",
    "channel",
    "occurrence",
    "at_utc",
    "local_date",
    "local_time",
    "timezone",
    "direct",
    "transactional",
    "status",
    "value_score",
    "violations",
    "rules",
];

/// The touches table's rows `from..to` of [`Rows::touches`], after the BOM (unless plain)
/// and the header when `from` is 0.
///
/// Half a million rows repeat a few thousand segments and messages: their text cells are
/// escaped by the `csv` crate once per segment or message ([`cells`]) and copied into each
/// row; the other cells are numbers, dates and words that never need quotes.
fn touches_part(
    rows: &Rows<'_>,
    from: usize,
    to: usize,
    plain: bool,
) -> Result<Vec<u8>, ExportError> {
    let touches = &rows.touches[from.min(to)..to];
    let mut out = if from == 0 {
        let mut sheet = Sheet::with_capacity(plain, 1024);
        sheet.header(&TOUCH_COLUMNS)?;
        sheet.finish()?
    } else {
        Vec::new()
    };
    out.reserve(touches.len() * TOUCH_ROW_BYTES);
    // Per message: its campaign, id, title and channel, then its status and score.
    let mut messages: Vec<Option<(Vec<u8>, Vec<u8>)>> = vec![None; rows.ordered.len()];
    let mut segment: Option<(&cadence_model::Segment, Vec<u8>, Vec<u8>)> = None;
    let mut number = itoa::Buffer::new();
    for t in touches {
        let (segment_cells, zone_cell) = match &segment {
            Some((seg, cells, zone)) if std::ptr::eq(*seg, t.segment) => (cells, zone),
            _ => {
                let seg = t.segment;
                let found = cells(plain, &[&t.msg.client.id, &seg.id, &seg.name])?;
                let zone = cells(plain, &[t.tz.name()])?;
                let (_, found, zone) = segment.insert((seg, found, zone));
                (&*found, &*zone)
            }
        };
        let m = t.msg.message;
        let (message_cells, tail) = match messages.get_mut(t.msg.index as usize) {
            Some(Some(known)) => (&known.0, &known.1),
            Some(slot) => {
                let head = cells(plain, &[&t.msg.campaign.id, &m.id, &m.title, &m.channel])?;
                let tail = format!("{},{}", status_text(m.status), t.value).into_bytes();
                let known = slot.insert((head, tail));
                (&known.0, &known.1)
            }
            None => continue, // not a message of the scope: never happens
        };
        out.extend_from_slice(segment_cells);
        out.push(b',');
        out.extend_from_slice(message_cells);
        out.push(b',');
        put_when(&mut out, t.occurrence, t.at, t.tz, zone_cell);
        out.extend_from_slice(if t.direct { b"true," } else { b"false," });
        out.extend_from_slice(if t.transactional { b"true," } else { b"false," });
        out.extend_from_slice(tail);
        out.push(b',');
        let kinds = rows.rules_of(t);
        out.extend_from_slice(number.format(kinds.len()).as_bytes());
        out.push(b',');
        for (i, kind) in kinds.iter().enumerate() {
            if i > 0 {
                out.push(b';');
            }
            out.extend_from_slice(kind.as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }
    Ok(out)
}

/// The cells `occurrence,at_utc,local_date,local_time,timezone,` shared by the touches and
/// schedule rows; `zone_cell` is the zone's name as [`cells`] escaped it.
fn put_when(out: &mut Vec<u8>, occurrence: u32, at: i64, zone: chrono_tz::Tz, zone_cell: &[u8]) {
    let wall = local_wall(at, zone);
    out.extend_from_slice(itoa::Buffer::new().format(occurrence).as_bytes());
    out.push(b',');
    put_utc(out, at);
    out.push(b',');
    put_date(out, wall);
    out.push(b',');
    put_time(out, wall);
    out.push(b',');
    out.extend_from_slice(zone_cell);
    out.push(b',');
}

/// Text cells (Excel-safe unless plain) as the `csv` crate writes them in a row, joined by
/// commas, without the row's end: for cells repeated on many rows.
fn cells(plain: bool, texts: &[&str]) -> Result<Vec<u8>, ExportError> {
    let mut sheet = Sheet::continued(plain, 128);
    for text in texts {
        sheet.text(text);
    }
    sheet.end()?;
    let mut bytes = sheet.finish()?;
    bytes.truncate(bytes.len().saturating_sub(2));
    Ok(bytes)
}

/// Column names of the schedule table.
pub const SCHEDULE_COLUMNS: [&str; 14] = [
    "client",
    "campaign",
    "message",
    "title",
    "channel",
    "occurrence",
    "at_utc",
    "local_date",
    "local_time",
    "timezone",
    "segments",
    "status",
    "value_score",
    "violations",
];

/// The schedule table, after the BOM (unless plain): like the touches table, each message's
/// text cells, its segments and each zone are escaped by the `csv` crate once ([`cells`]) and
/// copied into its rows.
fn schedule_table(rows: &Rows<'_>, plain: bool) -> Result<Vec<u8>, ExportError> {
    let mut out = {
        let mut sheet = Sheet::with_capacity(plain, 1024);
        sheet.header(&SCHEDULE_COLUMNS)?;
        sheet.finish()?
    };
    out.reserve(rows.schedule.len() * 192);
    type Known = (
        Vec<u8>,
        Vec<u8>,
        Vec<*const cadence_model::Segment>,
        Vec<u8>,
    );
    // Per message: client to channel, status and score, then its last segments' cell.
    let mut messages: Vec<Option<Known>> = vec![None; rows.ordered.len()];
    let mut zones: FxHashMap<chrono_tz::Tz, Vec<u8>> = FxHashMap::default();
    let mut number = itoa::Buffer::new();
    for r in &rows.schedule {
        let m = r.msg.message;
        let Some(slot) = messages.get_mut(r.msg.index as usize) else {
            continue; // not a message of the scope: never happens
        };
        let known = match slot {
            Some(known) => known,
            None => slot.insert((
                cells(
                    plain,
                    &[
                        &r.msg.client.id,
                        &r.msg.campaign.id,
                        &m.id,
                        &m.title,
                        &m.channel,
                    ],
                )?,
                format!("{},{}", status_text(m.status), r.value).into_bytes(),
                Vec::new(),
                Vec::new(),
            )),
        };
        let segments = r.segments.iter().map(|s| std::ptr::from_ref(*s));
        if known.2.is_empty() || !known.2.iter().copied().eq(segments.clone()) {
            let ids: Vec<&str> = r.segments.iter().map(|s| s.id.as_str()).collect();
            known.2 = segments.collect();
            known.3 = cells(plain, &[&ids.join(";")])?;
        }
        let zone = match zones.entry(r.tz) {
            std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(cells(plain, &[r.tz.name()])?)
            }
        };
        out.extend_from_slice(&known.0);
        out.push(b',');
        put_when(&mut out, r.occurrence, r.at, r.tz, zone);
        out.extend_from_slice(&known.3);
        out.push(b',');
        out.extend_from_slice(&known.1);
        out.push(b',');
        out.extend_from_slice(number.format(r.violations).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    Ok(out)
}

/// Column names of the violations table: the client, the record's fields and the
/// explanation.
pub const VIOLATION_COLUMNS: [&str; 15] = [
    "client",
    "rule",
    "segment",
    "message",
    "occurrence",
    "at",
    "channel",
    "direct",
    "window_days",
    "channels",
    "limit",
    "count",
    "severity",
    "detail",
    "explanation",
];

fn violations(rows: &Rows<'_>, sheet: &mut Sheet) -> Result<(), ExportError> {
    let client_of = |message: &str| rows.messages.get(message).map(|m| m.client.id.as_str());
    violation_rows(&rows.violations, &rows.explanations, client_of, sheet)
}

/// The violations table of a scope, straight from the engine's records: the one table that
/// needs them, so [`all_tables`] renders it beside the others.
fn violations_table(scope: &Resolved<'_>, plain: bool) -> Result<Vec<u8>, ExportError> {
    let (records, texts) = crate::rows::violations(scope, true);
    let clients: FxHashMap<&str, &str> = scope
        .clients
        .iter()
        .flat_map(|c| {
            c.campaigns
                .iter()
                .flat_map(|k| &k.messages)
                .map(|m| (m.id.as_str(), c.id.as_str()))
        })
        .collect();
    let mut sheet = Sheet::with_capacity(plain, (records.len() * 320).max(1 << 16));
    violation_rows(&records, &texts, |m| clients.get(m).copied(), &mut sheet)?;
    sheet.finish()
}

/// The violations table's header and rows: each record with its client (`client_of` its
/// message) and its explanation (`texts[i]`, empty when missing).
fn violation_rows<'a>(
    records: &[cadence_engine::Violation],
    texts: &[String],
    client_of: impl Fn(&str) -> Option<&'a str>,
    sheet: &mut Sheet,
) -> Result<(), ExportError> {
    sheet.header(&VIOLATION_COLUMNS)?;
    for (i, v) in records.iter().enumerate() {
        sheet
            .text(client_of(&v.message).unwrap_or_default())
            .raw(v.rule.as_str())
            .text(&v.segment)
            .text(&v.message)
            .int(v.occurrence)
            .utc(v.at.timestamp())
            .text(&v.channel)
            .bool(v.direct)
            .raw(v.window_days.map(|d| d.to_string()).unwrap_or_default())
            .text(&v.channels.as_ref().map(|c| c.join(";")).unwrap_or_default())
            .raw(v.limit.map(|l| l.to_string()).unwrap_or_default())
            .raw(v.count.map(|c| c.to_string()).unwrap_or_default())
            .raw("error")
            .text(&v.detail)
            .text(texts.get(i).map_or("", String::as_str));
        sheet.end()?;
    }
    Ok(())
}

/// Column names of the messages table before the checklist columns.
pub const MESSAGE_COLUMNS: [&str; 13] = [
    "client",
    "campaign",
    "message",
    "title",
    "channel",
    "at",
    "timezone",
    "rrule",
    "local_delivery",
    "transactional",
    "status",
    "segments",
    "value_score",
];

fn messages(rows: &Rows<'_>, sheet: &mut Sheet) -> Result<(), ExportError> {
    let listed = rows.messages_in_scope();
    // One column per checklist item of the clients in scope (first seen first).
    let mut items: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for m in &listed {
        for item in &m.client.checklist {
            if seen.insert(item.id.as_str()) {
                items.push(item.id.as_str());
            }
        }
    }
    let item_columns: Vec<String> = items.iter().map(|i| format!("checklist_{i}")).collect();
    let mut header: Vec<&str> = MESSAGE_COLUMNS.to_vec();
    header.extend(item_columns.iter().map(String::as_str));
    header.push("brief");
    sheet.header(&header)?;
    for r in &listed {
        let m = r.message;
        let value = rows.values.get(m.id.as_str());
        sheet
            .text(&r.client.id)
            .text(&r.campaign.id)
            .text(&m.id)
            .text(&m.title)
            .text(&m.channel)
            .raw(m.at.format("%Y-%m-%dT%H:%M:%S"))
            .text(r.zone().name())
            .text(m.rrule.as_deref().unwrap_or_default())
            .raw(m.local_delivery)
            .raw(m.transactional)
            .raw(status_text(m.status))
            .text(&m.segments.join(";"))
            .raw(value.map(|v| v.to_string()).unwrap_or_default());
        for item in &items {
            let own = r.client.checklist.iter().any(|i| i.id == *item);
            // Empty: not this client's item, or not answered (which scores as no).
            let answer = match (own, m.checklist.get(*item)) {
                (true, Some(true)) => "yes",
                (true, Some(false)) => "no",
                _ => "",
            };
            sheet.raw(answer);
        }
        sheet.text(&m.brief);
        sheet.end()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scope::Scope;

    #[test]
    fn tables_in_parts_are_the_whole_tables() {
        let plan = cadence_model::sample::sample_plan(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        let resolved = Resolved::new(&plan, &Scope::default()).unwrap();
        let rows = Rows::new(&resolved, true);
        assert!(rows.touches.len() > 100, "the sample has touches to split");
        for plain in [false, true] {
            let whole: Vec<Vec<u8>> = [
                Table::Touches,
                Table::Schedule,
                Table::Violations,
                Table::Messages,
            ]
            .into_iter()
            .map(|t| table(&rows, t, plain).unwrap())
            .collect();
            for part_rows in [1, 7, 64, rows.touches.len(), usize::MAX / 2] {
                let parts = tables_in_parts(&rows, plain, part_rows, true).unwrap();
                let expected_parts = rows.touches.len().div_ceil(part_rows.max(1));
                assert_eq!(parts[0].len(), expected_parts, "{part_rows} rows a part");
                for (i, table) in parts.iter().enumerate() {
                    assert_eq!(
                        table.concat(),
                        whole[i],
                        "table {i}, {part_rows} rows a part, plain {plain}"
                    );
                }
            }
        }
    }

    #[test]
    fn cells_write_dates_times_and_numbers_like_chrono() {
        let wall = chrono::NaiveDate::from_ymd_opt(987, 3, 9)
            .unwrap()
            .and_hms_opt(7, 5, 0);
        let far = chrono::NaiveDate::from_ymd_opt(-44, 3, 15)
            .unwrap()
            .and_hms_opt(0, 0, 0);
        let mut out = Vec::new();
        put_date(&mut out, wall);
        out.push(b',');
        put_time(&mut out, wall);
        out.push(b',');
        put_date(&mut out, far);
        out.push(b',');
        put_date(&mut out, None);
        out.push(b',');
        put_time(&mut out, None);
        out.push(b',');
        let mut sheet = Sheet::with_capacity(true, 64);
        sheet.utc(-86_399).int(u32::MAX).int(-12i64).bool(true);
        sheet.end().unwrap();
        out.extend(sheet.finish().unwrap());
        let chrono_far = far.unwrap().format("%Y-%m-%d").to_string();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("0987-03-09,07:05,{chrono_far},,,1969-12-31T00:00:01Z,4294967295,-12,true\r\n")
        );
    }

    #[test]
    fn repeated_cells_are_the_csv_crates_own() {
        let texts = ["=SUM(A1)", "a,b", "say \"hi\"", "line\nbreak", "plain"];
        for plain in [false, true] {
            let mut sheet = Sheet::continued(plain, 64);
            for text in texts {
                sheet.text(text);
            }
            sheet.end().unwrap();
            let mut row = cells(plain, &texts).unwrap();
            row.extend_from_slice(b"\r\n");
            assert_eq!(row, sheet.finish().unwrap(), "plain {plain}");
        }
        assert_eq!(cells(false, &["-1"]).unwrap(), b"'-1");
    }
}
