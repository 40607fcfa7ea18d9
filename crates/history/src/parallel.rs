//! Big delimited files are converted in two halves on two threads: the split is the first
//! line end after the middle that is outside quotes (an even number of `"` before it).

use std::ops::ControlFlow;

use csv::StringRecord;

use crate::convert::{ChannelMatcher, ChannelRef, Converter, Example};
use crate::error::{ReadError, Rejected};
use crate::layout::Layout;
use crate::model::{PersonKey, Rows};
use crate::source::each_text_record;
use crate::value::{DateOrder, OrderEvidence};

/// Files smaller than this are read on one thread.
pub(crate) const PARALLEL_FROM: usize = 8 * 1024 * 1024;

/// What converting a stretch of records gives.
#[derive(Default)]
pub(crate) struct Converted {
    pub rows: Rows,
    pub rejected: Vec<Rejected>,
    pub unknown_channels: Vec<String>,
    pub evidence: OrderEvidence,
    pub example: Option<Example>,
    pub data_rows: u64,
    pub first_records: Vec<(u64, StringRecord)>,
}

/// A record boundary near the middle of `body`, if there is one.
pub(crate) fn split_point(body: &[u8]) -> Option<usize> {
    let mid = body.len() / 2;
    let quotes_before = body[..mid].iter().filter(|&&b| b == b'"').count();
    let mut in_quotes = quotes_before % 2 == 1;
    for (i, &b) in body[mid..].iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return Some(mid + i + 1).filter(|&p| p < body.len()),
            _ => {}
        }
    }
    None
}

/// Convert the records of `text[start..end]` (lines numbered from `line_offset`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn convert_range(
    text: &str,
    start: usize,
    delimiter: u8,
    line_offset: u64,
    file: &str,
    layout: &Layout,
    key: &PersonKey,
    order: Option<DateOrder>,
    channels: &[ChannelRef],
) -> Result<Converted, ReadError> {
    let mut out = Converted::default();
    if layout.kind == crate::model::Kind::Activity {
        // About one activity row per 90 bytes: grow the vector once, not twenty times.
        out.rows
            .activity
            .reserve(text.len().saturating_sub(start) / 90);
    }
    let mut matcher = ChannelMatcher::new(channels);
    let mut conv = Converter::new(
        layout,
        key,
        order,
        &mut matcher,
        &mut out.rows,
        &mut out.rejected,
    );
    let header_line = layout.header_line;
    let first_records = &mut out.first_records;
    each_text_record(text, start, delimiter, line_offset, file, |line, rec| {
        if line > header_line {
            if first_records.len() < 50 && !rec.iter().all(|c| c.trim().is_empty()) {
                first_records.push((line, rec.clone()));
            }
            conv.record(line, rec);
        }
        ControlFlow::Continue(())
    })?;
    out.evidence = conv.evidence;
    out.example = conv.example.take();
    out.data_rows = conv.data_rows;
    out.unknown_channels = matcher.unknown;
    Ok(out)
}

/// Convert a big text body in two halves at once, then join them in file order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn convert_halves(
    text: &str,
    start: usize,
    delimiter: u8,
    line_offset: u64,
    file: &str,
    layout: &Layout,
    key: &PersonKey,
    order: Option<DateOrder>,
    channels: &[ChannelRef],
) -> Result<Converted, ReadError> {
    let body = &text.as_bytes()[start..];
    let Some(split) = split_point(body) else {
        return convert_range(
            text,
            start,
            delimiter,
            line_offset,
            file,
            layout,
            key,
            order,
            channels,
        );
    };
    let first_text = &text[..start + split];
    let second_offset = line_offset + body[..split].iter().filter(|&&b| b == b'\n').count() as u64;
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            convert_range(
                text,
                start + split,
                delimiter,
                second_offset,
                file,
                layout,
                key,
                order,
                channels,
            )
        });
        let first = convert_range(
            first_text,
            start,
            delimiter,
            line_offset,
            file,
            layout,
            key,
            order,
            channels,
        );
        (first, second.join())
    });
    let mut out = first?;
    let second = match second {
        Ok(result) => result?,
        // A panic in the second half is a bug; read on one thread instead.
        Err(_) => {
            return convert_range(
                text,
                start,
                delimiter,
                line_offset,
                file,
                layout,
                key,
                order,
                channels,
            )
        }
    };
    // Join: the second half's names map to the first's ids.
    let remap: Vec<u32> = second
        .rows
        .names
        .all()
        .iter()
        .map(|n| out.rows.names.intern(n))
        .collect();
    let map = |id: u32| remap.get(id as usize).copied().unwrap_or(0);
    out.rows
        .activity
        .extend(second.rows.activity.into_iter().map(|mut r| {
            r.campaign = map(r.campaign);
            r.audience = map(r.audience);
            r.channel = map(r.channel);
            r
        }));
    out.rows.sends.extend(second.rows.sends);
    out.rows.daily.extend(second.rows.daily);
    out.rows.inbox.extend(second.rows.inbox);
    out.rejected.extend(second.rejected);
    for c in second.unknown_channels {
        if !out.unknown_channels.contains(&c) {
            out.unknown_channels.push(c);
        }
    }
    out.evidence.first_above_12 |= second.evidence.first_above_12;
    out.evidence.second_above_12 |= second.evidence.second_above_12;
    out.evidence.ambiguous |= second.evidence.ambiguous;
    if out.example.is_none() {
        out.example = second.example;
    }
    out.data_rows += second.data_rows;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Wanted;

    #[test]
    fn splits_outside_quotes_only() {
        assert_eq!(split_point(b"aaaa\nbbbb\ncccc\n"), Some(10));
        // The middle falls inside a quoted field with a line break: split after it.
        assert_eq!(split_point(b"a,\"x\ny\nz\"\nb\nc\n"), Some(10));
        assert_eq!(split_point(b"abcdef"), None);
    }

    #[test]
    fn halves_read_exactly_like_one_pass() {
        // 9 MB of activity with quoted multi-line campaigns and bad rows spread through it.
        let mut text = String::from("Email,Event,Timestamp,Campaign,List,Channel\n");
        let mut i = 0u32;
        while text.len() < PARALLEL_FROM + 1_000_000 {
            let event = if matches!(i % 997, 0) {
                "Teleported"
            } else {
                "Received Email"
            };
            let campaign = if matches!(i % 13, 0) {
                format!("\"Spring,\nweek {}\"", i % 7)
            } else {
                format!("C{}", i % 50)
            };
            text.push_str(&format!(
                "p{}@x.com,{event},2025-03-{:02}T10:00:00Z,{campaign},List {},{}\n",
                i % 5000,
                1 + i % 28,
                i % 3,
                if matches!(i % 101, 0) { "Fax" } else { "email" }
            ));
            i += 1;
        }
        let channels = vec![ChannelRef {
            id: "email".into(),
            name: "Email".into(),
        }];
        let wanted = Wanted {
            kind: None,
            preset: None,
            mapping: None,
            zone: chrono_tz::UTC,
        };
        let mut header = StringRecord::new();
        for cell in ["Email", "Event", "Timestamp", "Campaign", "List", "Channel"] {
            header.push_field(cell);
        }
        let layout = wanted.try_header(1, &header).unwrap();
        let key = PersonKey::from_bytes([2; 32]);
        let one = convert_range(&text, 0, b',', 0, "f", &layout, &key, None, &channels).unwrap();
        let two = convert_halves(&text, 0, b',', 0, "f", &layout, &key, None, &channels).unwrap();
        assert!(split_point(text.as_bytes()).is_some());
        assert_eq!(one.data_rows, two.data_rows);
        assert_eq!(one.rejected, two.rejected);
        assert!(!one.rejected.is_empty());
        assert_eq!(one.unknown_channels, two.unknown_channels);
        let named = |c: &Converted| -> Vec<(u64, String, String, String, i64)> {
            c.rows
                .activity
                .iter()
                .map(|r| {
                    (
                        r.line,
                        c.rows.names.name(r.campaign).to_string(),
                        c.rows.names.name(r.audience).to_string(),
                        c.rows.names.name(r.channel).to_string(),
                        r.at,
                    )
                })
                .collect()
        };
        assert_eq!(named(&one), named(&two));
        assert_eq!(
            one.rows
                .activity
                .iter()
                .map(|r| r.person)
                .collect::<Vec<_>>(),
            two.rows
                .activity
                .iter()
                .map(|r| r.person)
                .collect::<Vec<_>>()
        );
    }
}
