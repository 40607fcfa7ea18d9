//! Writing plans into the tables. Callers run these inside one transaction.

use cadence_model::{Client, Plan};
use rusqlite::{params, Transaction};

use crate::read::status_text;

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plan values always serialize")
}

/// Increase the workspace revision (every plan write does, in its own transaction); returns
/// the new one.
pub(crate) fn bump_revision(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row(
        "UPDATE workspace_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision",
        [],
        |r| r.get(0),
    )
}

/// Replace everything: horizon, channels and every client.
pub(crate) fn write_plan(tx: &Transaction, plan: &Plan) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DELETE FROM message_targets; DELETE FROM messages; DELETE FROM campaigns;
         DELETE FROM segments; DELETE FROM clients; DELETE FROM channels; DELETE FROM workspace;",
    )?;
    tx.execute(
        "INSERT INTO workspace (id, horizon_start, horizon_end) VALUES (1, ?1, ?2)",
        params![plan.horizon.start.to_string(), plan.horizon.end.to_string()],
    )?;
    write_channels(tx, plan)?;
    for (position, client) in plan.clients.iter().enumerate() {
        write_client(tx, client, position)?;
    }
    Ok(())
}

/// Store the order of `plan`'s clients (after a client is put back at its old position).
pub(crate) fn write_client_order(tx: &Transaction, plan: &Plan) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare("UPDATE clients SET position = ?1 WHERE id = ?2")?;
    for (position, client) in plan.clients.iter().enumerate() {
        stmt.execute(params![position as i64, client.id])?;
    }
    Ok(())
}

/// Replace the channel list and the horizon.
pub(crate) fn write_channels(tx: &Transaction, plan: &Plan) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE workspace SET horizon_start = ?1, horizon_end = ?2 WHERE id = 1",
        params![plan.horizon.start.to_string(), plan.horizon.end.to_string()],
    )?;
    tx.execute("DELETE FROM channels", [])?;
    let mut stmt = tx.prepare(
        "INSERT INTO channels (id, position, name, requires_consent) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, channel) in plan.channels.iter().enumerate() {
        stmt.execute(params![
            channel.id,
            position as i64,
            channel.name,
            channel.requires_consent
        ])?;
    }
    Ok(())
}

/// Write one client whole at `position`: its row, segments, campaigns, messages, targets.
/// Whatever the client had before is replaced.
pub(crate) fn write_client(
    tx: &Transaction,
    client: &Client,
    position: usize,
) -> rusqlite::Result<()> {
    delete_client_children(tx, &client.id)?;
    tx.execute(
        "INSERT INTO clients (id, position, name, timezone, checklist, rules)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET position = excluded.position, name = excluded.name,
             timezone = excluded.timezone, checklist = excluded.checklist, rules = excluded.rules",
        params![
            client.id,
            position as i64,
            client.name,
            client.timezone,
            json(&client.checklist),
            json(&client.rules)
        ],
    )?;
    let mut stmt = tx.prepare(
        "INSERT INTO segments (id, client_id, position, name, parent_id, timezone, size, opt_in,
                               interests, shared_values, rules)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, s) in client.segments.iter().enumerate() {
        stmt.execute(params![
            s.id,
            client.id,
            i as i64,
            s.name,
            s.parent,
            s.timezone,
            s.size.min(i64::MAX as u64) as i64,
            json(&s.opt_in),
            json(&s.interests),
            json(&s.values),
            json(&s.rules)
        ])?;
    }
    let mut campaign_stmt = tx.prepare(
        "INSERT INTO campaigns (id, client_id, position, name, objective, start_date, end_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut message_stmt = tx.prepare(
        "INSERT INTO messages (id, campaign_id, position, title, channel_id, at, timezone,
                               local_delivery, transactional, rrule, checklist, brief, status,
                               exdates)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut target_stmt = tx.prepare(
        "INSERT INTO message_targets (message_id, segment_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (ci, campaign) in client.campaigns.iter().enumerate() {
        campaign_stmt.execute(params![
            campaign.id,
            client.id,
            ci as i64,
            campaign.name,
            campaign.objective,
            campaign.start.map(|d| d.to_string()),
            campaign.end.map(|d| d.to_string())
        ])?;
        for (mi, m) in campaign.messages.iter().enumerate() {
            message_stmt.execute(params![
                m.id,
                campaign.id,
                mi as i64,
                m.title,
                m.channel,
                m.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                m.timezone,
                m.local_delivery,
                m.transactional,
                m.rrule,
                json(&m.checklist),
                m.brief,
                status_text(m.status),
                json(&m.exdates)
            ])?;
            for (ti, segment) in m.segments.iter().enumerate() {
                target_stmt.execute(params![m.id, segment, ti as i64])?;
            }
        }
    }
    Ok(())
}

/// Remove a client's segments, campaigns, messages and targets (not the client row).
fn delete_client_children(tx: &Transaction, client_id: &str) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM message_targets WHERE message_id IN
            (SELECT m.id FROM messages m JOIN campaigns c ON c.id = m.campaign_id WHERE c.client_id = ?1)",
        [client_id],
    )?;
    tx.execute(
        "DELETE FROM messages WHERE campaign_id IN (SELECT id FROM campaigns WHERE client_id = ?1)",
        [client_id],
    )?;
    tx.execute("DELETE FROM campaigns WHERE client_id = ?1", [client_id])?;
    tx.execute("DELETE FROM segments WHERE client_id = ?1", [client_id])?;
    Ok(())
}

/// Remove a client and everything it owns; returns how many client rows went.
pub(crate) fn delete_client(tx: &Transaction, client_id: &str) -> rusqlite::Result<usize> {
    delete_client_children(tx, client_id)?;
    let removed = tx.execute("DELETE FROM clients WHERE id = ?1", [client_id])?;
    Ok(removed)
}
