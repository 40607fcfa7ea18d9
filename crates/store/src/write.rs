//! Writing plans into the tables. Callers run these inside one transaction.

use std::collections::{HashMap, HashSet};

use cadence_model::{Campaign, Client, Message, Plan, Segment};
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
    client_row(tx, client, position)?;
    let mut rows = Rows::new(tx)?;
    for (i, segment) in client.segments.iter().enumerate() {
        rows.segment(&client.id, i, segment)?;
    }
    for (ci, campaign) in client.campaigns.iter().enumerate() {
        rows.campaign(&client.id, ci, campaign)?;
        for (mi, message) in campaign.messages.iter().enumerate() {
            rows.message(&campaign.id, mi, message, Targets::New)?;
        }
    }
    Ok(())
}

/// Write the change from `before` (the client as stored) to `after` at `position`: only the
/// rows that differ are written, added or deleted, so an edit of one message writes one
/// message. The result is the same as [`write_client`]'s (tested).
pub(crate) fn write_client_change(
    tx: &Transaction,
    before: &Client,
    after: &Client,
    position: usize,
) -> rusqlite::Result<()> {
    let own_fields_changed = before.name != after.name
        || before.timezone != after.timezone
        || before.checklist != after.checklist
        || before.rules != after.rules;
    if own_fields_changed {
        client_row(tx, after, position)?;
    }
    let mut rows = Rows::new(tx)?;

    let old_segments: HashMap<&str, (usize, &Segment)> = before
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), (i, s)))
        .collect();
    for (i, segment) in after.segments.iter().enumerate() {
        if old_segments.get(segment.id.as_str()) != Some(&(i, segment)) {
            rows.segment(&after.id, i, segment)?;
        }
    }

    let old_campaigns: HashMap<&str, (usize, &Campaign)> = before
        .campaigns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), (i, c)))
        .collect();
    let old_messages: HashMap<&str, (&str, usize, &Message)> = before
        .campaigns
        .iter()
        .flat_map(|c| {
            c.messages
                .iter()
                .enumerate()
                .map(move |(i, m)| (m.id.as_str(), (c.id.as_str(), i, m)))
        })
        .collect();
    for (ci, campaign) in after.campaigns.iter().enumerate() {
        let same_row = old_campaigns
            .get(campaign.id.as_str())
            .is_some_and(|&(i, old)| i == ci && same_campaign_row(old, campaign));
        if !same_row {
            rows.campaign(&after.id, ci, campaign)?;
        }
        for (mi, message) in campaign.messages.iter().enumerate() {
            match old_messages.get(message.id.as_str()) {
                Some(&(old_campaign, i, old))
                    if old_campaign == campaign.id && i == mi && old == message => {}
                Some(&(_, _, old)) => {
                    let targets = if old.segments == message.segments {
                        Targets::Same
                    } else {
                        Targets::Changed
                    };
                    rows.message(&campaign.id, mi, message, targets)?;
                }
                None => rows.message(&campaign.id, mi, message, Targets::New)?,
            }
        }
    }

    // Deletions last: rows that moved (a message to another campaign, a segment to another
    // parent) were updated above, so the cascades below reach only what is really gone.
    let kept_messages: HashSet<&str> = after.messages().map(|m| m.id.as_str()).collect();
    let kept_campaigns: HashSet<&str> = after.campaigns.iter().map(|c| c.id.as_str()).collect();
    let kept_segments: HashSet<&str> = after.segments.iter().map(|s| s.id.as_str()).collect();
    for id in old_messages
        .keys()
        .filter(|id| !kept_messages.contains(*id))
    {
        tx.execute("DELETE FROM messages WHERE id = ?1", [id])?;
    }
    for id in old_campaigns
        .keys()
        .filter(|id| !kept_campaigns.contains(*id))
    {
        tx.execute("DELETE FROM campaigns WHERE id = ?1", [id])?;
    }
    for id in old_segments
        .keys()
        .filter(|id| !kept_segments.contains(*id))
    {
        tx.execute("DELETE FROM segments WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// A campaign's own row (not its messages) is the same.
fn same_campaign_row(a: &Campaign, b: &Campaign) -> bool {
    a.name == b.name && a.objective == b.objective && a.start == b.start && a.end == b.end
}

/// Insert or update the client's own row.
fn client_row(tx: &Transaction, client: &Client, position: usize) -> rusqlite::Result<()> {
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
    Ok(())
}

/// What to do with a message's target rows.
#[derive(Clone, Copy, PartialEq)]
enum Targets {
    /// The message is new (or all its client's rows were just deleted): insert them.
    New,
    /// They changed: replace them.
    Changed,
    /// They are as stored: leave them.
    Same,
}

/// Prepared statements that insert or update (by id) one row of a client's tables each.
struct Rows<'t> {
    segment: rusqlite::Statement<'t>,
    campaign: rusqlite::Statement<'t>,
    message: rusqlite::Statement<'t>,
    clear_targets: rusqlite::Statement<'t>,
    target: rusqlite::Statement<'t>,
}

impl<'t> Rows<'t> {
    fn new(tx: &'t Transaction) -> rusqlite::Result<Self> {
        Ok(Rows {
            segment: tx.prepare(
                "INSERT INTO segments (id, client_id, position, name, parent_id, timezone, size,
                                       opt_in, interests, shared_values, rules)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id,
                     position = excluded.position, name = excluded.name,
                     parent_id = excluded.parent_id, timezone = excluded.timezone,
                     size = excluded.size, opt_in = excluded.opt_in,
                     interests = excluded.interests, shared_values = excluded.shared_values,
                     rules = excluded.rules",
            )?,
            campaign: tx.prepare(
                "INSERT INTO campaigns (id, client_id, position, name, objective, start_date,
                                        end_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id,
                     position = excluded.position, name = excluded.name,
                     objective = excluded.objective, start_date = excluded.start_date,
                     end_date = excluded.end_date",
            )?,
            message: tx.prepare(
                "INSERT INTO messages (id, campaign_id, position, title, channel_id, at, timezone,
                                       local_delivery, transactional, rrule, checklist, brief,
                                       status, exdates)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT(id) DO UPDATE SET campaign_id = excluded.campaign_id,
                     position = excluded.position, title = excluded.title,
                     channel_id = excluded.channel_id, at = excluded.at,
                     timezone = excluded.timezone, local_delivery = excluded.local_delivery,
                     transactional = excluded.transactional, rrule = excluded.rrule,
                     checklist = excluded.checklist, brief = excluded.brief,
                     status = excluded.status, exdates = excluded.exdates",
            )?,
            clear_targets: tx.prepare("DELETE FROM message_targets WHERE message_id = ?1")?,
            target: tx.prepare(
                "INSERT INTO message_targets (message_id, segment_id, position) VALUES (?1, ?2, ?3)",
            )?,
        })
    }

    fn segment(&mut self, client_id: &str, position: usize, s: &Segment) -> rusqlite::Result<()> {
        self.segment.execute(params![
            s.id,
            client_id,
            position as i64,
            s.name,
            s.parent,
            s.timezone,
            s.size.min(i64::MAX as u64) as i64,
            json(&s.opt_in),
            json(&s.interests),
            json(&s.values),
            json(&s.rules)
        ])?;
        Ok(())
    }

    fn campaign(
        &mut self,
        client_id: &str,
        position: usize,
        campaign: &Campaign,
    ) -> rusqlite::Result<()> {
        self.campaign.execute(params![
            campaign.id,
            client_id,
            position as i64,
            campaign.name,
            campaign.objective,
            campaign.start.map(|d| d.to_string()),
            campaign.end.map(|d| d.to_string())
        ])?;
        Ok(())
    }

    fn message(
        &mut self,
        campaign_id: &str,
        position: usize,
        m: &Message,
        targets: Targets,
    ) -> rusqlite::Result<()> {
        self.message.execute(params![
            m.id,
            campaign_id,
            position as i64,
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
        if targets == Targets::Same {
            return Ok(());
        }
        if targets == Targets::Changed {
            self.clear_targets.execute([&m.id])?;
        }
        for (ti, segment) in m.segments.iter().enumerate() {
            self.target.execute(params![m.id, segment, ti as i64])?;
        }
        Ok(())
    }
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
