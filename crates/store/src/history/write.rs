//! Writing one import's rows inside its transaction: batched activity inserts, claims of
//! rows another import already brought, progress and cancel.

use std::sync::atomic::{AtomicBool, Ordering};

use cadence_history::{DailyRow, Event, InboxRow, Rows, SendRow};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{HistoryError, ImportOutcome, NewImport, BATCH};
use crate::StoreError;

pub(super) fn write_import(
    tx: &Transaction,
    path: &std::path::Path,
    new: &NewImport<'_>,
    rows: &Rows,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<ImportOutcome, HistoryError> {
    let sq = |e: rusqlite::Error| {
        HistoryError::Store(StoreError::Sqlite {
            path: path.to_path_buf(),
            source: e,
        })
    };
    // The key: the database's, or this one when it has none yet.
    let stored: Option<Vec<u8>> = tx
        .query_row("SELECT key FROM history_secret WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sq)?;
    match stored {
        Some(k) if k.as_slice() != new.key.bytes() => return Err(HistoryError::KeyChanged),
        Some(_) => {}
        None => {
            tx.execute(
                "INSERT INTO history_secret (id, key) VALUES (1, ?1)",
                [new.key.bytes().as_slice()],
            )
            .map_err(sq)?;
        }
    }
    let mapping = new
        .mapping
        .map(|m| serde_json::to_string(m).unwrap_or_default());
    tx.execute(
        "INSERT INTO history_imports (client_id, file_name, size, sha256, kind, preset, mapping,
             imported_at, rows_read, imported, duplicates, rejected)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, ?10)",
        params![
            new.client_id,
            new.file_name,
            new.size as i64,
            new.sha256,
            new.kind.as_str(),
            new.preset,
            mapping,
            new.imported_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            new.rows_read as i64,
            new.rejected as i64,
        ],
    )
    .map_err(sq)?;
    let import_id = tx.last_insert_rowid();
    let mut w = Writer {
        tx,
        import_id,
        client: new.client_id,
        imported: 0,
        duplicates: 0,
        done: 0,
        total: rows.len() as u64,
        progress,
        cancel,
    };
    w.sends(&rows.sends).map_err(sq)?;
    w.activity(rows).map_err(sq)?;
    w.daily(&rows.daily).map_err(sq)?;
    w.inbox(&rows.inbox).map_err(sq)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(HistoryError::Cancelled);
    }
    tx.execute(
        "UPDATE history_imports SET imported = ?2, duplicates = ?3 WHERE id = ?1",
        params![import_id, w.imported as i64, w.duplicates as i64],
    )
    .map_err(sq)?;
    (w.progress)(w.total, w.total);
    Ok(ImportOutcome {
        import_id: Some(import_id),
        imported: w.imported,
        duplicates: w.duplicates,
    })
}

struct Writer<'t, 'p> {
    tx: &'t Transaction<'t>,
    import_id: i64,
    client: &'t str,
    imported: u64,
    duplicates: u64,
    done: u64,
    total: u64,
    progress: &'p mut dyn FnMut(u64, u64),
    cancel: &'p AtomicBool,
}

impl Writer<'_, '_> {
    /// Count one batch; false when cancelled.
    fn tick(&mut self, n: u64) -> bool {
        let before = self.done / 10_000;
        self.done += n;
        if self.done / 10_000 != before {
            (self.progress)(self.done, self.total);
        }
        !self.cancel.load(Ordering::Relaxed)
    }

    /// After an ignored insert: claim the existing row if another import owns it.
    fn claim(&mut self, kind: &str, existing: Option<(i64, i64)>) -> rusqlite::Result<()> {
        self.duplicates += 1;
        if let Some((row_id, owner)) = existing {
            if owner != self.import_id {
                self.tx
                    .prepare_cached("INSERT OR IGNORE INTO history_claims (import_id, kind, row_id) VALUES (?1, ?2, ?3)")?
                    .execute(params![self.import_id, kind, row_id])?;
            }
        }
        Ok(())
    }

    fn sends(&mut self, sends: &[SendRow]) -> rusqlite::Result<()> {
        for r in sends {
            let added = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO history_sends (client_id, import_id, at, channel, audience, title,
                     recipients, delivered, opens, clicks, unsubscribes, complaints, bounces, replies,
                     reactions, comments, shares, revenue, external_id, line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(params![
                self.client, self.import_id, r.at, r.channel, r.audience, r.title,
                r.recipients.map(|v| v as i64), r.delivered as i64, r.opens.map(|v| v as i64),
                r.clicks.map(|v| v as i64), r.unsubscribes.map(|v| v as i64),
                r.complaints.map(|v| v as i64), r.bounces.map(|v| v as i64),
                r.replies.map(|v| v as i64), r.reactions.map(|v| v as i64),
                r.comments.map(|v| v as i64), r.shares.map(|v| v as i64), r.revenue,
                r.external_id, r.line as i64,
            ])?;
            if added == 1 {
                self.imported += 1;
            } else {
                let existing = self.tx.prepare_cached(
                    "SELECT id, import_id FROM history_sends WHERE client_id = ?1 AND at = ?2 AND channel = ?3 AND audience = ?4 AND title = ?5",
                )?
                .query_row(params![self.client, r.at, r.channel, r.audience, r.title], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
                self.claim("sends", existing)?;
            }
            if !self.tick(1) {
                return Ok(());
            }
        }
        Ok(())
    }

    fn activity(&mut self, rows: &Rows) -> rusqlite::Result<()> {
        if rows.activity.is_empty() {
            return Ok(());
        }
        let client = intern(self.tx, self.client)?;
        let ids: Vec<i64> = rows
            .names
            .all()
            .iter()
            .map(|n| intern(self.tx, n))
            .collect::<rusqlite::Result<_>>()?;
        // Rows built by hand could name an id their `names` lacks: store the empty name then.
        let none = intern(self.tx, "")?;
        let id = |n: u32| ids.get(n as usize).copied().unwrap_or(none);
        let values = |n: usize| vec!["(?,?,?,?,?,?,?,?)"; n].join(",");
        let sql = |n: usize| {
            format!(
                "INSERT OR IGNORE INTO history_activity (client, at, person, event, campaign, import_id, audience, channel) VALUES {}",
                values(n)
            )
        };
        let full = sql(BATCH);
        let events: Vec<i64> = Event::ALL.iter().map(|e| i64::from(e.code())).collect();
        for chunk in rows.activity.chunks(BATCH) {
            let names: Vec<[i64; 3]> = chunk
                .iter()
                .map(|r| [id(r.campaign), id(r.audience), id(r.channel)])
                .collect();
            let mut params: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 8);
            for (r, [campaign, audience, channel]) in chunk.iter().zip(&names) {
                params.extend([
                    &client as &dyn rusqlite::ToSql,
                    &r.at,
                    &r.person.0,
                    &events[r.event.code() as usize],
                    campaign,
                    &self.import_id,
                    audience,
                    channel,
                ]);
            }
            let added = if chunk.len() == BATCH {
                self.tx.prepare_cached(&full)?.execute(params.as_slice())?
            } else {
                self.tx
                    .prepare_cached(&sql(chunk.len()))?
                    .execute(params.as_slice())?
            };
            self.imported += added as u64;
            if added < chunk.len() {
                // Some were already there: claim those another import owns.
                self.duplicates += (chunk.len() - added) as u64;
                for r in chunk {
                    let key = params![
                        client,
                        r.at,
                        r.person.0.as_slice(),
                        i64::from(r.event.code()),
                        id(r.campaign)
                    ];
                    let owner: Option<i64> = self.tx.prepare_cached(
                        "SELECT import_id FROM history_activity WHERE client = ?1 AND at = ?2 AND person = ?3 AND event = ?4 AND campaign = ?5",
                    )?
                    .query_row(key, |x| x.get(0))
                    .optional()?;
                    if owner.is_some_and(|o| o != self.import_id) {
                        self.tx
                            .prepare_cached("INSERT OR IGNORE INTO history_activity_claims (import_id, client, at, person, event, campaign) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
                            .execute(params![self.import_id, client, r.at, r.person.0.as_slice(), i64::from(r.event.code()), id(r.campaign)])?;
                    }
                }
            }
            if !self.tick(chunk.len() as u64) {
                return Ok(());
            }
        }
        Ok(())
    }

    fn daily(&mut self, daily: &[DailyRow]) -> rusqlite::Result<()> {
        for r in daily {
            let date = r.date.to_string();
            let added = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO history_daily (client_id, import_id, date, channel, metric, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![self.client, self.import_id, date, r.channel, r.metric.as_str(), r.value as i64])?;
            if added == 1 {
                self.imported += 1;
            } else {
                let existing = self.tx.prepare_cached(
                    "SELECT id, import_id FROM history_daily WHERE client_id = ?1 AND date = ?2 AND channel = ?3 AND metric = ?4",
                )?
                .query_row(params![self.client, date, r.channel, r.metric.as_str()], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
                self.claim("daily", existing)?;
            }
            if !self.tick(1) {
                return Ok(());
            }
        }
        Ok(())
    }

    fn inbox(&mut self, inbox: &[InboxRow]) -> rusqlite::Result<()> {
        for r in inbox {
            let added = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO history_inbox (client_id, import_id, received_at, channel, sender, first_reply_at, thread) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![self.client, self.import_id, r.received_at, r.channel, r.from.0.as_slice(), r.first_reply_at, r.thread])?;
            if added == 1 {
                self.imported += 1;
            } else {
                let existing = self.tx.prepare_cached(
                    "SELECT id, import_id FROM history_inbox WHERE client_id = ?1 AND received_at = ?2 AND channel = ?3 AND sender = ?4",
                )?
                .query_row(params![self.client, r.received_at, r.channel, r.from.0.as_slice()], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
                self.claim("inbox", existing)?;
            }
            if !self.tick(1) {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// The id of a name in `history_names`, adding it when new.
fn intern(tx: &Transaction, name: &str) -> rusqlite::Result<i64> {
    tx.prepare_cached("INSERT OR IGNORE INTO history_names (name) VALUES (?1)")?
        .execute([name])?;
    tx.prepare_cached("SELECT id FROM history_names WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
}
