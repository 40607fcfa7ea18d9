//! Reading the whole plan back from the tables, in stored order.

use std::collections::HashMap;

use cadence_model::{
    Campaign, Channel, Client, Horizon, Message, MessageStatus, Plan, Segment, PLAN_FORMAT,
    PLAN_VERSION,
};
use rusqlite::{Connection, Row};
use serde::de::DeserializeOwned;

/// A value read from the database that does not parse: a damaged or hand-edited file.
#[derive(Debug)]
pub(crate) struct BadValue(pub String);

type ReadResult<T> = std::result::Result<T, ReadError>;

/// A read failure: SQLite's, or a stored value that does not parse.
#[derive(Debug)]
pub(crate) enum ReadError {
    Sqlite(rusqlite::Error),
    Bad(BadValue),
}

impl From<rusqlite::Error> for ReadError {
    fn from(err: rusqlite::Error) -> Self {
        ReadError::Sqlite(err)
    }
}

fn json<T: DeserializeOwned>(row: &Row, column: &str, table: &str) -> ReadResult<T> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|err| {
        ReadError::Bad(BadValue(format!(
            "{table}.{column} holds invalid JSON ({err})"
        )))
    })
}

fn parsed<T: std::str::FromStr>(text: String, what: &str) -> ReadResult<T> {
    text.parse()
        .map_err(|_| ReadError::Bad(BadValue(format!("{what} holds \"{text}\""))))
}

/// Whether the workspace has been created (the first start has not happened yet if not).
pub(crate) fn has_workspace(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT COUNT(*) FROM workspace", [], |r| r.get::<_, i64>(0))
        .map(|n| n > 0)
}

/// The workspace revision (see the `workspace_revision` table).
pub(crate) fn revision(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT revision FROM workspace_revision WHERE id = 1",
        [],
        |r| r.get(0),
    )
}

/// Read the whole workspace.
pub(crate) fn load_plan(conn: &Connection) -> ReadResult<Plan> {
    let (start, end): (String, String) = conn.query_row(
        "SELECT horizon_start, horizon_end FROM workspace WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let horizon = Horizon {
        start: parsed(start, "workspace.horizon_start")?,
        end: parsed(end, "workspace.horizon_end")?,
    };

    let mut channels = Vec::new();
    let mut stmt =
        conn.prepare("SELECT id, name, requires_consent FROM channels ORDER BY position")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        channels.push(Channel {
            id: row.get(0)?,
            name: row.get(1)?,
            requires_consent: row.get(2)?,
        });
    }

    let mut clients = Vec::new();
    let mut stmt =
        conn.prepare("SELECT id, name, timezone, checklist, rules FROM clients ORDER BY position")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        clients.push(Client {
            id: row.get("id")?,
            name: row.get("name")?,
            timezone: row.get("timezone")?,
            checklist: json(row, "checklist", "clients")?,
            rules: json(row, "rules", "clients")?,
            segments: Vec::new(),
            campaigns: Vec::new(),
        });
    }
    let client_index: HashMap<String, usize> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();

    let mut stmt = conn.prepare(
        "SELECT id, client_id, name, parent_id, timezone, size, opt_in, interests, shared_values, rules
         FROM segments ORDER BY client_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let client_id: String = row.get("client_id")?;
        let segment = Segment {
            id: row.get("id")?,
            name: row.get("name")?,
            parent: row.get("parent_id")?,
            timezone: row.get("timezone")?,
            size: row.get::<_, i64>("size")?.max(0) as u64,
            opt_in: json(row, "opt_in", "segments")?,
            interests: json(row, "interests", "segments")?,
            values: json(row, "shared_values", "segments")?,
            rules: json(row, "rules", "segments")?,
        };
        clients[client_index[&client_id]].segments.push(segment);
    }

    let mut campaign_index: HashMap<String, (usize, usize)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, client_id, name, objective, start_date, end_date
         FROM campaigns ORDER BY client_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let client_id: String = row.get("client_id")?;
        let start: Option<String> = row.get("start_date")?;
        let end: Option<String> = row.get("end_date")?;
        let campaign = Campaign {
            id: row.get("id")?,
            name: row.get("name")?,
            objective: row.get("objective")?,
            start: start
                .map(|s| parsed(s, "campaigns.start_date"))
                .transpose()?,
            end: end.map(|s| parsed(s, "campaigns.end_date")).transpose()?,
            messages: Vec::new(),
        };
        let ci = client_index[&client_id];
        campaign_index.insert(campaign.id.clone(), (ci, clients[ci].campaigns.len()));
        clients[ci].campaigns.push(campaign);
    }

    let mut targets: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT message_id, segment_id FROM message_targets ORDER BY message_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        targets.entry(row.get(0)?).or_default().push(row.get(1)?);
    }

    let mut stmt = conn.prepare(
        "SELECT id, campaign_id, title, channel_id, at, timezone, local_delivery, transactional,
                rrule, exdates, checklist, brief, status
         FROM messages ORDER BY campaign_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get("id")?;
        let campaign_id: String = row.get("campaign_id")?;
        let at: String = row.get("at")?;
        let status: String = row.get("status")?;
        let message = Message {
            segments: targets.remove(&id).unwrap_or_default(),
            id,
            title: row.get("title")?,
            channel: row.get("channel_id")?,
            at: parsed(at, "messages.at")?,
            timezone: row.get("timezone")?,
            local_delivery: row.get("local_delivery")?,
            transactional: row.get("transactional")?,
            rrule: row.get("rrule")?,
            exdates: json(row, "exdates", "messages")?,
            checklist: json(row, "checklist", "messages")?,
            brief: row.get("brief")?,
            status: parse_status(&status)?,
        };
        let (ci, ki) = campaign_index[&campaign_id];
        clients[ci].campaigns[ki].messages.push(message);
    }

    Ok(Plan {
        format: PLAN_FORMAT.to_string(),
        version: PLAN_VERSION,
        horizon,
        channels,
        clients: clients.into_iter().map(Into::into).collect(),
    })
}

fn parse_status(text: &str) -> ReadResult<MessageStatus> {
    match text {
        "draft" => Ok(MessageStatus::Draft),
        "planned" => Ok(MessageStatus::Planned),
        "approved" => Ok(MessageStatus::Approved),
        other => Err(ReadError::Bad(BadValue(format!(
            "messages.status holds \"{other}\""
        )))),
    }
}

/// The text a status is stored as.
pub(crate) fn status_text(status: MessageStatus) -> &'static str {
    match status {
        MessageStatus::Draft => "draft",
        MessageStatus::Planned => "planned",
        MessageStatus::Approved => "approved",
    }
}
