//! The canonical records of spec §1: kinds, events, fields, rows, interned names and the
//! keyed person hash.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What one row of an import is (spec §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One campaign send or social post.
    Sends,
    /// One event of one person.
    Activity,
    /// One day's audience metrics of a channel.
    Daily,
    /// One message a person sent to the brand.
    Inbox,
}

impl Kind {
    /// The spec's name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sends => "sends",
            Kind::Activity => "activity",
            Kind::Daily => "daily",
            Kind::Inbox => "inbox",
        }
    }

    /// Parse a kind name (`sends`, `activity`, `daily`, `inbox`).
    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sends" => Some(Kind::Sends),
            "activity" => Some(Kind::Activity),
            "daily" => Some(Kind::Daily),
            "inbox" => Some(Kind::Inbox),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An activity event (spec §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// The message reached the person.
    Delivered,
    /// Opened.
    Open,
    /// Clicked.
    Click,
    /// Unsubscribed or opted out.
    Unsubscribe,
    /// Marked as spam.
    Complaint,
    /// Bounced.
    Bounce,
    /// Replied.
    Reply,
    /// Converted (placed an order).
    Conversion,
}

impl Event {
    /// Every event, in code order.
    pub const ALL: [Event; 8] = [
        Event::Delivered,
        Event::Open,
        Event::Click,
        Event::Unsubscribe,
        Event::Complaint,
        Event::Bounce,
        Event::Reply,
        Event::Conversion,
    ];

    /// The event's stored code (0–7).
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The event for a stored code.
    pub fn from_code(code: i64) -> Option<Event> {
        Event::ALL.get(usize::try_from(code).ok()?).copied()
    }

    /// The spec's name of the event.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Delivered => "delivered",
            Event::Open => "open",
            Event::Click => "click",
            Event::Unsubscribe => "unsubscribe",
            Event::Complaint => "complaint",
            Event::Bounce => "bounce",
            Event::Reply => "reply",
            Event::Conversion => "conversion",
        }
    }

    /// The canonical name or a vendor word for it (case-insensitive), per spec §1.
    pub fn from_word(word: &str) -> Option<Event> {
        let lower = word.trim().to_lowercase();
        let event = match lower.as_str() {
            "delivered" | "received email" | "received sms" | "sent" => Event::Delivered,
            "open" | "opened" | "opened email" => Event::Open,
            "click" | "clicked" | "clicked email" | "clicked sms" => Event::Click,
            "unsubscribe"
            | "unsubscribed"
            | "unsubscribed from email marketing"
            | "unsubscribed from sms"
            | "opt-out" => Event::Unsubscribe,
            "complaint" | "marked email as spam" | "spam complaint" | "abuse" => Event::Complaint,
            "bounce" | "bounced email" | "hard bounce" | "soft bounce" => Event::Bounce,
            "reply" | "replied" => Event::Reply,
            "conversion" | "placed order" => Event::Conversion,
            _ => return None,
        };
        Some(event)
    }
}

/// A canonical field of some kind (spec §1), plus `value` for one-metric daily files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Instant of a send or event.
    At,
    /// Channel.
    Channel,
    /// List, segment or page name.
    Audience,
    /// Send title.
    Title,
    /// Recipients of a send.
    Recipients,
    /// Delivered count (reach for posts).
    Delivered,
    /// Opens.
    Opens,
    /// Clicks.
    Clicks,
    /// Unsubscribes.
    Unsubscribes,
    /// Spam complaints.
    Complaints,
    /// Bounces.
    Bounces,
    /// Replies.
    Replies,
    /// Reactions.
    Reactions,
    /// Comments.
    Comments,
    /// Shares.
    Shares,
    /// Revenue.
    Revenue,
    /// The vendor's id of the send.
    ExternalId,
    /// The person (hashed on reading).
    Person,
    /// Activity event word.
    Event,
    /// Campaign of an event.
    Campaign,
    /// Day of daily metrics.
    Date,
    /// New followers.
    Follows,
    /// Lost followers.
    Unfollows,
    /// Impressions.
    Impressions,
    /// When an inbox message arrived.
    ReceivedAt,
    /// Who sent an inbox message (hashed on reading).
    From,
    /// First reply to an inbox message.
    FirstReplyAt,
    /// Conversation thread.
    Thread,
    /// The single metric of a one-metric daily file (meta-daily `Primary`).
    Value,
}

/// Number of [`Field`] variants.
pub const FIELD_COUNT: usize = 29;

impl Field {
    /// Every field.
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::At,
        Field::Channel,
        Field::Audience,
        Field::Title,
        Field::Recipients,
        Field::Delivered,
        Field::Opens,
        Field::Clicks,
        Field::Unsubscribes,
        Field::Complaints,
        Field::Bounces,
        Field::Replies,
        Field::Reactions,
        Field::Comments,
        Field::Shares,
        Field::Revenue,
        Field::ExternalId,
        Field::Person,
        Field::Event,
        Field::Campaign,
        Field::Date,
        Field::Follows,
        Field::Unfollows,
        Field::Impressions,
        Field::ReceivedAt,
        Field::From,
        Field::FirstReplyAt,
        Field::Thread,
        Field::Value,
    ];

    /// The canonical (mapping) name.
    pub fn name(self) -> &'static str {
        match self {
            Field::At => "at",
            Field::Channel => "channel",
            Field::Audience => "audience",
            Field::Title => "title",
            Field::Recipients => "recipients",
            Field::Delivered => "delivered",
            Field::Opens => "opens",
            Field::Clicks => "clicks",
            Field::Unsubscribes => "unsubscribes",
            Field::Complaints => "complaints",
            Field::Bounces => "bounces",
            Field::Replies => "replies",
            Field::Reactions => "reactions",
            Field::Comments => "comments",
            Field::Shares => "shares",
            Field::Revenue => "revenue",
            Field::ExternalId => "external_id",
            Field::Person => "person",
            Field::Event => "event",
            Field::Campaign => "campaign",
            Field::Date => "date",
            Field::Follows => "follows",
            Field::Unfollows => "unfollows",
            Field::Impressions => "impressions",
            Field::ReceivedAt => "received_at",
            Field::From => "from",
            Field::FirstReplyAt => "first_reply_at",
            Field::Thread => "thread",
            Field::Value => "value",
        }
    }

    /// The field for a canonical name.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The fields of `kind` (spec §1), required ones first flagged by [`Field::required_in`].
    pub fn of_kind(kind: Kind) -> &'static [Field] {
        use Field::*;
        match kind {
            Kind::Sends => &[
                At,
                Channel,
                Audience,
                Title,
                Recipients,
                Delivered,
                Opens,
                Clicks,
                Unsubscribes,
                Complaints,
                Bounces,
                Replies,
                Reactions,
                Comments,
                Shares,
                Revenue,
                ExternalId,
            ],
            Kind::Activity => &[Person, Event, At, Campaign, Audience, Channel],
            Kind::Daily => &[
                Date,
                Channel,
                Follows,
                Unfollows,
                Impressions,
                Reactions,
                Comments,
                Shares,
                Clicks,
            ],
            Kind::Inbox => &[ReceivedAt, Channel, From, FirstReplyAt, Thread],
        }
    }

    /// Whether the field is required in rows of `kind`.
    pub fn required_in(self, kind: Kind) -> bool {
        use Field::*;
        match kind {
            Kind::Sends => matches!(self, At | Channel | Audience | Delivered),
            Kind::Activity => matches!(self, Person | Event | At | Audience | Channel),
            Kind::Daily => matches!(self, Date | Channel),
            Kind::Inbox => matches!(self, ReceivedAt | Channel | From),
        }
    }

    /// The daily metric this field is, if it is one.
    pub fn metric(self) -> Option<Metric> {
        Some(match self {
            Field::Follows => Metric::Follows,
            Field::Unfollows => Metric::Unfollows,
            Field::Impressions => Metric::Impressions,
            Field::Reactions => Metric::Reactions,
            Field::Comments => Metric::Comments,
            Field::Shares => Metric::Shares,
            Field::Clicks => Metric::Clicks,
            _ => return None,
        })
    }
}

/// A daily metric (the optional fields of `daily`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// New followers.
    Follows,
    /// Lost followers.
    Unfollows,
    /// Impressions.
    Impressions,
    /// Reactions.
    Reactions,
    /// Comments.
    Comments,
    /// Shares.
    Shares,
    /// Clicks.
    Clicks,
}

impl Metric {
    /// The metric's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Follows => "follows",
            Metric::Unfollows => "unfollows",
            Metric::Impressions => "impressions",
            Metric::Reactions => "reactions",
            Metric::Comments => "comments",
            Metric::Shares => "shares",
            Metric::Clicks => "clicks",
        }
    }

    /// The metric for a name.
    pub fn parse(text: &str) -> Option<Metric> {
        [
            Metric::Follows,
            Metric::Unfollows,
            Metric::Impressions,
            Metric::Reactions,
            Metric::Comments,
            Metric::Shares,
            Metric::Clicks,
        ]
        .into_iter()
        .find(|m| m.as_str() == text)
    }
}

/// The per-database secret that person ids are hashed with (BLAKE3 keyed).
#[derive(Clone)]
pub struct PersonKey([u8; 32]);

impl fmt::Debug for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonKey(hidden)")
    }
}

impl PersonKey {
    /// A key from stored bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> PersonKey {
        PersonKey(bytes)
    }

    /// A fresh random key from the operating system.
    pub fn generate() -> Result<PersonKey, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(PersonKey(bytes))
    }

    /// The key's bytes, for storing it.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Hash a person id as written (trimmed, case-folded: `Ann@X.com` = `ann@x.com`).
    pub fn hash(&self, person: &str) -> PersonId {
        let trimmed = person.trim();
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        if trimmed
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            hasher.update(trimmed.to_lowercase().as_bytes());
        } else {
            hasher.update(trimmed.as_bytes());
        }
        let mut out = [0u8; 16];
        out.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        PersonId(out)
    }
}

/// A person as stored: 128 bits of the keyed hash. It cannot be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub [u8; 16]);

/// Interned names (channels, audiences, campaigns) so big imports do not allocate per row.
#[derive(Debug, Default, Clone)]
pub struct Names {
    list: Vec<String>,
    index: HashMap<String, u32>,
    recent: Vec<u32>,
}

impl Names {
    /// The id of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> u32 {
        // Consecutive rows mostly repeat the names just seen.
        for &id in &self.recent {
            if self.list[id as usize] == name {
                return id;
            }
        }
        if let Some(&id) = self.index.get(name) {
            self.remember(id);
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(name.to_string());
        self.index.insert(name.to_string(), id);
        self.remember(id);
        id
    }

    /// Keep the last few ids looked up at the front of `recent`.
    fn remember(&mut self, id: u32) {
        if self.recent.len() < 6 {
            self.recent.insert(0, id);
        } else {
            self.recent.rotate_right(1);
            self.recent[0] = id;
        }
    }

    /// The id of `name` if known.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The name for an id (empty for an unknown id).
    pub fn name(&self, id: u32) -> &str {
        self.list.get(id as usize).map(String::as_str).unwrap_or("")
    }

    /// Every name, by id.
    pub fn all(&self) -> &[String] {
        &self.list
    }
}

/// One `sends` row. Instants are UTC seconds since 1970.
#[derive(Debug, Clone, PartialEq)]
pub struct SendRow {
    /// Line (or sheet row) it was read from.
    pub line: u64,
    /// When it was sent (UTC seconds).
    pub at: i64,
    /// Channel id (or the name as written when unknown).
    pub channel: String,
    /// Audience as written (lists joined with `, ` stay joined).
    pub audience: String,
    /// Title (empty when the file has none).
    pub title: String,
    /// Recipients.
    pub recipients: Option<u64>,
    /// Delivered (reach for posts).
    pub delivered: u64,
    /// Opens.
    pub opens: Option<u64>,
    /// Clicks.
    pub clicks: Option<u64>,
    /// Unsubscribes.
    pub unsubscribes: Option<u64>,
    /// Complaints.
    pub complaints: Option<u64>,
    /// Bounces.
    pub bounces: Option<u64>,
    /// Replies.
    pub replies: Option<u64>,
    /// Reactions.
    pub reactions: Option<u64>,
    /// Comments.
    pub comments: Option<u64>,
    /// Shares.
    pub shares: Option<u64>,
    /// Revenue.
    pub revenue: Option<f64>,
    /// The vendor's id.
    pub external_id: Option<String>,
}

/// One `activity` row; text fields are ids in the read's [`Names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityRow {
    /// Line it was read from.
    pub line: u64,
    /// The person, hashed.
    pub person: PersonId,
    /// The event.
    pub event: Event,
    /// When (UTC seconds).
    pub at: i64,
    /// Campaign name id (the empty name when absent).
    pub campaign: u32,
    /// Audience name id.
    pub audience: u32,
    /// Channel id's name id.
    pub channel: u32,
}

/// One metric of one day of one channel (a `daily` row gives one per metric it has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyRow {
    /// Line it was read from.
    pub line: u64,
    /// The day.
    pub date: chrono::NaiveDate,
    /// Channel.
    pub channel: String,
    /// Metric.
    pub metric: Metric,
    /// Value.
    pub value: u64,
}

/// One `inbox` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    /// Line it was read from.
    pub line: u64,
    /// When it arrived (UTC seconds).
    pub received_at: i64,
    /// Channel.
    pub channel: String,
    /// Who wrote, hashed.
    pub from: PersonId,
    /// First reply (UTC seconds).
    pub first_reply_at: Option<i64>,
    /// Thread id.
    pub thread: Option<String>,
}

/// All rows of a read or of a client's history.
#[derive(Debug, Default, Clone)]
pub struct Rows {
    /// Names that activity rows refer to.
    pub names: Names,
    /// Sends.
    pub sends: Vec<SendRow>,
    /// Activity.
    pub activity: Vec<ActivityRow>,
    /// Daily metric values.
    pub daily: Vec<DailyRow>,
    /// Inbox messages.
    pub inbox: Vec<InboxRow>,
}

impl Rows {
    /// Number of stored records (a daily row with three metrics counts three).
    pub fn len(&self) -> usize {
        self.sends.len() + self.activity.len() + self.daily.len() + self.inbox.len()
    }

    /// True without any row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
