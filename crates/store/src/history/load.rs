//! Loading a client's stored rows for the insights.

use cadence_history::{
    ActivityRow, DailyRow, Event, InboxRow, Metric, Names, PersonId, Rows, SendRow,
};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

fn person(bytes: &[u8]) -> PersonId {
    let mut out = [0u8; 16];
    let n = bytes.len().min(16);
    out[..n].copy_from_slice(&bytes[..n]);
    PersonId(out)
}

pub(super) fn load_rows(conn: &rusqlite::Connection, client_id: &str) -> rusqlite::Result<Rows> {
    let mut rows = Rows::default();
    let u = |v: Option<i64>| v.map(|x| x.max(0) as u64);
    let mut stmt = conn.prepare(
        "SELECT at, channel, audience, title, recipients, delivered, opens, clicks, unsubscribes,
                complaints, bounces, replies, reactions, comments, shares, revenue, external_id, line
         FROM history_sends WHERE client_id = ?1 ORDER BY at, id",
    )?;
    rows.sends = stmt
        .query_map([client_id], |r| {
            Ok(SendRow {
                at: r.get(0)?,
                channel: r.get(1)?,
                audience: r.get(2)?,
                title: r.get(3)?,
                recipients: u(r.get(4)?),
                delivered: r.get::<_, i64>(5)?.max(0) as u64,
                opens: u(r.get(6)?),
                clicks: u(r.get(7)?),
                unsubscribes: u(r.get(8)?),
                complaints: u(r.get(9)?),
                bounces: u(r.get(10)?),
                replies: u(r.get(11)?),
                reactions: u(r.get(12)?),
                comments: u(r.get(13)?),
                shares: u(r.get(14)?),
                revenue: r.get(15)?,
                external_id: r.get(16)?,
                line: r.get::<_, i64>(17)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let client: Option<i64> = conn
        .query_row(
            "SELECT id FROM history_names WHERE name = ?1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(client) = client {
        let mut names = Names::default();
        // Every name (a small table): cheaper than finding the ones this client uses.
        let mut stmt = conn.prepare("SELECT id, name FROM history_names ORDER BY id")?;
        let pairs: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Database name id → this read's name id, by index (ids are small and dense).
        let mut map: Vec<u32> = Vec::new();
        for (id, name) in pairs {
            let Ok(i) = usize::try_from(id) else { continue };
            if map.len() <= i {
                map.resize(i + 1, 0);
            }
            map[i] = names.intern(&name);
        }
        // Two readers over the halves of the client's time span when it is big (each a
        // range of the primary key). Each reader sees the last committed state; rows change
        // only by whole imports and removals.
        let (min_at, max_at): (Option<i64>, Option<i64>) = conn.query_row(
            "SELECT MIN(at), MAX(at) FROM history_activity WHERE client = ?1",
            [client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (lo, hi) = (min_at.unwrap_or(0), max_at.unwrap_or(-1));
        let path = conn.path().map(std::path::PathBuf::from);
        let ranges: Vec<(i64, i64)> = match path {
            Some(_) if hi - lo > 86_400 => {
                let mid = lo + (hi - lo) / 2;
                vec![(lo, mid), (mid + 1, hi)]
            }
            _ => vec![(lo, hi)],
        };
        let read_range = |conn: &rusqlite::Connection, (a, b): (i64, i64)| {
            let mut out = Vec::new();
            let mut stmt = conn.prepare(
                "SELECT at, person, event, audience, channel FROM history_activity
                 WHERE client = ?3 AND at BETWEEN ?1 AND ?2",
            )?;
            let mut q = stmt.query(params![a, b, client])?;
            let get = |id: i64| {
                usize::try_from(id)
                    .ok()
                    .and_then(|i| map.get(i).copied())
                    .unwrap_or(0)
            };
            while let Some(r) = q.next()? {
                let Some(event) = Event::from_code(r.get(2)?) else {
                    continue;
                };
                out.push(ActivityRow {
                    line: 0,
                    at: r.get(0)?,
                    person: person(r.get_ref(1)?.as_blob().unwrap_or_default()),
                    event,
                    // Insights do not use the campaign.
                    campaign: 0,
                    audience: get(r.get(3)?),
                    channel: get(r.get(4)?),
                });
            }
            rusqlite::Result::Ok(out)
        };
        if ranges.len() == 1 {
            rows.activity = read_range(conn, ranges[0])?;
        } else {
            let path = path.unwrap_or_default();
            let second = ranges[1];
            let (first, other) = std::thread::scope(|scope| {
                let handle = scope.spawn(|| {
                    let other = rusqlite::Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    other.busy_timeout(crate::DEFAULT_BUSY_TIMEOUT)?;
                    let _ = other.pragma_update(None, "mmap_size", 1i64 << 30);
                    read_range(&other, second)
                });
                let first = read_range(conn, ranges[0]);
                let other = handle
                    .join()
                    .unwrap_or_else(|_| Err(rusqlite::Error::InvalidQuery));
                (first, other)
            });
            rows.activity = first?;
            rows.activity.extend(other?);
        }
        rows.names = names;
    }

    let mut stmt = conn.prepare(
        "SELECT date, channel, metric, value FROM history_daily WHERE client_id = ?1 ORDER BY date",
    )?;
    let daily: Vec<(String, String, String, i64)> = stmt
        .query_map([client_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.daily = daily
        .into_iter()
        .filter_map(|(date, channel, metric, value)| {
            Some(DailyRow {
                line: 0,
                date: date.parse::<NaiveDate>().ok()?,
                channel,
                metric: Metric::parse(&metric)?,
                value: value.max(0) as u64,
            })
        })
        .collect();

    let mut stmt = conn.prepare(
        "SELECT received_at, channel, sender, first_reply_at, thread FROM history_inbox WHERE client_id = ?1 ORDER BY received_at",
    )?;
    rows.inbox = stmt
        .query_map([client_id], |r| {
            Ok(InboxRow {
                line: 0,
                received_at: r.get(0)?,
                channel: r.get(1)?,
                from: person(r.get_ref(2)?.as_blob().unwrap_or_default()),
                first_reply_at: r.get(3)?,
                thread: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
