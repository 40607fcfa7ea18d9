//! The four CSV tables of spec section 2: RFC 4180, UTF-8, one header row. Excel-safe by
//! default (a UTF-8 BOM, and text cells that could start a formula prefixed with `'`);
//! `plain` drops both.

use std::collections::BTreeSet;

use cadence_model::MessageStatus;

use crate::error::ExportError;
use crate::rows::{local_wall, DateText, Rows, TimeText, UtcText};

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
    error: Option<csv::Error>,
}

impl Sheet {
    fn new(plain: bool) -> Self {
        let mut buffer = Vec::with_capacity(1 << 16);
        if !plain {
            buffer.extend_from_slice(BOM);
        }
        Sheet {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(buffer),
            plain,
            scratch: String::new(),
            error: None,
        }
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

/// Render one table.
pub fn table(rows: &Rows<'_>, table: Table, plain: bool) -> Result<Vec<u8>, ExportError> {
    let mut sheet = Sheet::new(plain);
    match table {
        Table::Touches => touches(rows, &mut sheet)?,
        Table::Schedule => schedule(rows, &mut sheet)?,
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

fn touches(rows: &Rows<'_>, sheet: &mut Sheet) -> Result<(), ExportError> {
    sheet.header(&TOUCH_COLUMNS)?;
    let rules = rows.rules_by_touch();
    for t in &rows.touches {
        let m = t.msg.message;
        let found = rules.get(&(t.segment.id.as_str(), m.id.as_str(), t.occurrence));
        let wall = local_wall(t.at, t.tz);
        sheet
            .text(&t.msg.client.id)
            .text(&t.segment.id)
            .text(&t.segment.name)
            .text(&t.msg.campaign.id)
            .text(&m.id)
            .text(&m.title)
            .text(&m.channel)
            .raw(t.occurrence)
            .raw(UtcText(t.at))
            .raw(DateText(wall))
            .raw(TimeText(wall))
            .text(t.tz.name())
            .raw(t.direct)
            .raw(t.transactional)
            .raw(status_text(m.status))
            .raw(t.value)
            .raw(found.map_or(0, Vec::len))
            .raw(found.map(|r| r.join(";")).unwrap_or_default());
        sheet.end()?;
    }
    Ok(())
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

fn schedule(rows: &Rows<'_>, sheet: &mut Sheet) -> Result<(), ExportError> {
    sheet.header(&SCHEDULE_COLUMNS)?;
    for r in &rows.schedule {
        let m = r.msg.message;
        let wall = local_wall(r.at, r.tz);
        let segments: Vec<&str> = r.segments.iter().map(|s| s.id.as_str()).collect();
        sheet
            .text(&r.msg.client.id)
            .text(&r.msg.campaign.id)
            .text(&m.id)
            .text(&m.title)
            .text(&m.channel)
            .raw(r.occurrence)
            .raw(UtcText(r.at))
            .raw(DateText(wall))
            .raw(TimeText(wall))
            .text(r.tz.name())
            .text(&segments.join(";"))
            .raw(status_text(m.status))
            .raw(r.value)
            .raw(r.violations);
        sheet.end()?;
    }
    Ok(())
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
    sheet.header(&VIOLATION_COLUMNS)?;
    for (i, v) in rows.violations.iter().enumerate() {
        let client = rows
            .messages
            .get(v.message.as_str())
            .map(|m| m.client.id.as_str())
            .unwrap_or_default();
        sheet
            .text(client)
            .raw(v.rule.as_str())
            .text(&v.segment)
            .text(&v.message)
            .raw(v.occurrence)
            .raw(UtcText(v.at.timestamp()))
            .text(&v.channel)
            .raw(v.direct)
            .raw(v.window_days.map(|d| d.to_string()).unwrap_or_default())
            .text(&v.channels.as_ref().map(|c| c.join(";")).unwrap_or_default())
            .raw(v.limit.map(|l| l.to_string()).unwrap_or_default())
            .raw(v.count.map(|c| c.to_string()).unwrap_or_default())
            .raw("error")
            .text(&v.detail)
            .text(rows.explanation(i).unwrap_or(""));
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
