//! One record to one canonical row, or to a [`Rejected`] with line, column and reason.

use std::collections::HashMap;

use csv::StringRecord;

use crate::error::Rejected;
use crate::layout::Layout;
use crate::model::{ActivityRow, DailyRow, Field, InboxRow, Kind, PersonKey, Rows, SendRow};
use crate::value::{
    is_missing, parse_count, parse_number, parse_stamp, shorten, DateOrder, DateRules,
    OrderEvidence, Stamp,
};

/// A workspace channel rows are matched to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelRef {
    /// Channel id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Channel names as written → workspace channel ids, with synonyms; unknown ones kept.
#[derive(Debug, Default)]
pub(crate) struct ChannelMatcher {
    known: Vec<(String, String, String)>,
    cache: HashMap<String, String>,
    pub unknown: Vec<String>,
}

impl ChannelMatcher {
    pub fn new(channels: &[ChannelRef]) -> Self {
        ChannelMatcher {
            known: channels
                .iter()
                .map(|c| (c.id.to_lowercase(), c.name.to_lowercase(), c.id.clone()))
                .collect(),
            ..Default::default()
        }
    }

    pub fn resolve(&mut self, written: &str) -> &str {
        if !self.cache.contains_key(written) {
            let lower = written.trim().to_lowercase();
            let canonical = match lower.as_str() {
                "e-mail" | "email" | "e mail" | "mail" => "email",
                "text" | "sms" | "text message" => "sms",
                other => other,
            };
            let found = self
                .known
                .iter()
                .find(|(id, name, _)| {
                    id == canonical || name == canonical || *id == lower || *name == lower
                })
                .map(|(_, _, id)| id.clone());
            let value = match found {
                Some(id) => id,
                None => {
                    let kept = if canonical != lower {
                        canonical.to_string()
                    } else {
                        written.trim().to_string()
                    };
                    if !self.unknown.contains(&kept) {
                        self.unknown.push(kept.clone());
                    }
                    kept
                }
            };
            self.cache.insert(written.to_string(), value);
        }
        self.cache.get(written).map(String::as_str).unwrap_or("")
    }
}

/// The first ambiguous date seen: column, value, line.
pub(crate) type Example = (String, String, u64);

/// Converts records under one layout, collecting rows and rejections.
pub(crate) struct Converter<'a> {
    pub layout: &'a Layout,
    pub key: &'a PersonKey,
    pub rules: DateRules,
    pub channels: &'a mut ChannelMatcher,
    pub rows: &'a mut Rows,
    pub rejected: &'a mut Vec<Rejected>,
    pub evidence: OrderEvidence,
    pub example: Option<Example>,
    pub data_rows: u64,
}

type RowResult<T> = Result<T, (Field, String)>;

impl<'a> Converter<'a> {
    pub fn new(
        layout: &'a Layout,
        key: &'a PersonKey,
        order: Option<DateOrder>,
        channels: &'a mut ChannelMatcher,
        rows: &'a mut Rows,
        rejected: &'a mut Vec<Rejected>,
    ) -> Self {
        Converter {
            rules: DateRules {
                order,
                format: layout.date_format.clone(),
                zone: layout.zone,
            },
            layout,
            key,
            channels,
            rows,
            rejected,
            evidence: OrderEvidence::default(),
            example: None,
            data_rows: 0,
        }
    }

    /// Column name of `field` for messages.
    fn column_name(&self, field: Field) -> String {
        match self.layout.column(field) {
            Some(i) => self
                .layout
                .header
                .get(i)
                .cloned()
                .unwrap_or_else(|| field.name().into()),
            None => field.name().to_string(),
        }
    }

    /// The cell of `field` (or its constant), None when missing.
    fn cell<'r>(&self, rec: &'r StringRecord, field: Field) -> Option<&'r str>
    where
        'a: 'r,
    {
        cell_of(self.layout, rec, field)
    }

    fn required<'r>(&self, rec: &'r StringRecord, field: Field) -> RowResult<&'r str>
    where
        'a: 'r,
    {
        self.cell(rec, field)
            .ok_or_else(|| (field, format!("{} is missing", field.name())))
    }

    fn count(&self, rec: &StringRecord, field: Field) -> RowResult<Option<u64>> {
        match self.cell(rec, field) {
            None => Ok(None),
            Some(c) => parse_count(c, self.layout.decimal_comma).map_err(|r| (field, r)),
        }
    }

    fn stamp(&mut self, rec: &StringRecord, field: Field, line: u64) -> RowResult<Option<Stamp>> {
        let Some(cell) = cell_of(self.layout, rec, field) else {
            return Ok(None);
        };
        if self.rules.format.is_none() {
            let before = self.evidence;
            self.evidence.note(cell);
            if self.example.is_none() && self.evidence.ambiguous && !before.ambiguous {
                self.example = Some((self.column_name(field), shorten(cell), line));
            }
        }
        parse_stamp(cell, &self.rules).map_err(|r| (field, r))
    }

    fn instant(&mut self, rec: &StringRecord, field: Field, line: u64) -> RowResult<i64> {
        match self.stamp(rec, field, line)? {
            Some(s) => Ok(s.instant(self.rules.zone)),
            None => Err((field, format!("{} is missing", field.name()))),
        }
    }

    /// Convert one data record (blank records are skipped and not counted).
    pub fn record(&mut self, line: u64, rec: &StringRecord) {
        if rec.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        self.data_rows += 1;
        let result = match self.layout.kind {
            Kind::Sends => self.send(line, rec),
            Kind::Activity => self.activity(line, rec),
            Kind::Daily => self.daily(line, rec),
            Kind::Inbox => self.inbox(line, rec),
        };
        if let Err((field, reason)) = result {
            let column = self.column_name(field);
            self.rejected.push(Rejected {
                line,
                column,
                reason,
            });
        }
    }

    fn channel(&mut self, rec: &StringRecord) -> RowResult<String> {
        let written = self.required(rec, Field::Channel)?.to_string();
        Ok(self.channels.resolve(&written).to_string())
    }

    fn send(&mut self, line: u64, rec: &StringRecord) -> RowResult<()> {
        let at = self.instant(rec, Field::At, line)?;
        let channel = self.channel(rec)?;
        let audience = self.required(rec, Field::Audience)?.trim().to_string();
        let title = self
            .cell(rec, Field::Title)
            .unwrap_or("")
            .trim()
            .to_string();
        let recipients = self.count(rec, Field::Recipients)?;
        let delivered = self
            .count(rec, Field::Delivered)?
            .ok_or_else(|| (Field::Delivered, "delivered is missing".to_string()))?;
        let opens = self.count(rec, Field::Opens)?;
        if let Some(r) = recipients.filter(|r| delivered > *r) {
            return Err((
                Field::Delivered,
                format!("delivered ({delivered}) is more than recipients ({r})"),
            ));
        }
        if let Some(o) = opens.filter(|o| *o > delivered) {
            return Err((
                Field::Opens,
                format!("opens ({o}) is more than delivered ({delivered})"),
            ));
        }
        let revenue = match self.cell(rec, Field::Revenue) {
            None => None,
            Some(c) => {
                parse_number(c, self.layout.decimal_comma).map_err(|r| (Field::Revenue, r))?
            }
        };
        let row = SendRow {
            line,
            at,
            channel,
            audience,
            title,
            recipients,
            delivered,
            opens,
            clicks: self.count(rec, Field::Clicks)?,
            unsubscribes: self.count(rec, Field::Unsubscribes)?,
            complaints: self.count(rec, Field::Complaints)?,
            bounces: self.count(rec, Field::Bounces)?,
            replies: self.count(rec, Field::Replies)?,
            reactions: self.count(rec, Field::Reactions)?,
            comments: self.count(rec, Field::Comments)?,
            shares: self.count(rec, Field::Shares)?,
            revenue,
            external_id: self
                .cell(rec, Field::ExternalId)
                .map(|s| s.trim().to_string()),
        };
        self.rows.sends.push(row);
        Ok(())
    }

    fn activity(&mut self, line: u64, rec: &StringRecord) -> RowResult<()> {
        let person = self.key.hash(self.required(rec, Field::Person)?);
        let word = self.required(rec, Field::Event)?;
        let event = self
            .layout
            .event(word)
            .ok_or_else(|| (Field::Event, format!("unknown event \"{}\"", shorten(word))))?;
        let at = self.instant(rec, Field::At, line)?;
        let audience = self.required(rec, Field::Audience)?.trim().to_string();
        let channel = self.channel(rec)?;
        let campaign = self
            .cell(rec, Field::Campaign)
            .unwrap_or("")
            .trim()
            .to_string();
        let names = &mut self.rows.names;
        let row = ActivityRow {
            line,
            person,
            event,
            at,
            campaign: names.intern(&campaign),
            audience: names.intern(&audience),
            channel: names.intern(&channel),
        };
        self.rows.activity.push(row);
        Ok(())
    }

    fn daily(&mut self, line: u64, rec: &StringRecord) -> RowResult<()> {
        let date = match self.stamp(rec, Field::Date, line)? {
            Some(s) => s.day(self.rules.zone),
            None => return Err((Field::Date, "date is missing".into())),
        };
        let channel = self.channel(rec)?;
        let mut values = Vec::new();
        for field in [
            Field::Follows,
            Field::Unfollows,
            Field::Impressions,
            Field::Reactions,
            Field::Comments,
            Field::Shares,
            Field::Clicks,
            Field::Value,
        ] {
            let metric = match field {
                Field::Value => self.layout.metric,
                f => f.metric(),
            };
            if let (Some(metric), Some(value)) = (metric, self.count(rec, field)?) {
                values.push((metric, value));
            }
        }
        for (metric, value) in values {
            self.rows.daily.push(DailyRow {
                line,
                date,
                channel: channel.clone(),
                metric,
                value,
            });
        }
        Ok(())
    }

    fn inbox(&mut self, line: u64, rec: &StringRecord) -> RowResult<()> {
        let received_at = self.instant(rec, Field::ReceivedAt, line)?;
        let channel = self.channel(rec)?;
        let from = self.key.hash(self.required(rec, Field::From)?);
        let first_reply_at = self
            .stamp(rec, Field::FirstReplyAt, line)?
            .map(|s| s.instant(self.rules.zone));
        if first_reply_at.is_some_and(|r| r < received_at) {
            return Err((
                Field::FirstReplyAt,
                "the first reply is before the message was received".into(),
            ));
        }
        let thread = self.cell(rec, Field::Thread).map(|s| s.trim().to_string());
        self.rows.inbox.push(InboxRow {
            line,
            received_at,
            channel,
            from,
            first_reply_at,
            thread,
        });
        Ok(())
    }
}

/// The cell of `field` (or the layout's constant for it), None when missing.
fn cell_of<'r>(layout: &'r Layout, rec: &'r StringRecord, field: Field) -> Option<&'r str> {
    let from_column = layout
        .column(field)
        .and_then(|i| rec.get(i))
        .filter(|c| !is_missing(c));
    from_column.or_else(|| layout.constant(field))
}
