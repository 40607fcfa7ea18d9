//! Presets (spec §3): vendor layouts and the generic kinds, detected from a header row.

use crate::model::{Field, Kind};

/// A known layout: which header names feed which field, which must be present, and
/// constants for what the layout implies (the channel of a Mailchimp report).
#[derive(Debug)]
pub struct Preset {
    /// Name as used by `--preset`.
    pub name: &'static str,
    /// Kind of its rows.
    pub kind: Kind,
    /// Header names (normalized, see [`normalize`]) per field; the first present wins.
    pub columns: &'static [(Field, &'static [&'static str])],
    /// Fields whose column must be in the header for the preset to match.
    pub required: &'static [Field],
    /// Values for fields the file has no column for.
    pub constants: &'static [(Field, &'static str)],
}

use Field::*;

const MAILCHIMP: Preset = Preset {
    name: "mailchimp-campaigns",
    kind: Kind::Sends,
    columns: &[
        (Title, &["title"]),
        (Audience, &["list"]),
        (At, &["send date"]),
        (Recipients, &["total recipients"]),
        (Delivered, &["successful deliveries"]),
        (Opens, &["unique opens"]),
        (Clicks, &["unique clicks"]),
        (Unsubscribes, &["unsubscribes"]),
        (Complaints, &["abuse complaints"]),
        (Bounces, &["total bounces"]),
        (Revenue, &["total revenue"]),
        (ExternalId, &["unique id"]),
    ],
    required: &[Title, Audience, At, Delivered, Unsubscribes, Complaints],
    constants: &[(Channel, "email")],
};

const KLAVIYO: Preset = Preset {
    name: "klaviyo-campaigns",
    kind: Kind::Sends,
    columns: &[
        (Title, &["campaign name"]),
        (Audience, &["list"]),
        (At, &["send time"]),
        (Recipients, &["total recipients"]),
        (Delivered, &["successful deliveries"]),
        (Opens, &["unique opens"]),
        (Clicks, &["unique clicks"]),
        (Unsubscribes, &["unsubscribes"]),
        (Complaints, &["spam complaints"]),
        (Bounces, &["bounces"]),
        (Revenue, &["revenue"]),
        (ExternalId, &["campaign id"]),
        (Channel, &["campaign channel"]),
    ],
    required: &[
        Title,
        Audience,
        At,
        Delivered,
        Unsubscribes,
        Complaints,
        Channel,
    ],
    constants: &[],
};

const META_POSTS: Preset = Preset {
    name: "meta-posts",
    kind: Kind::Sends,
    columns: &[
        (ExternalId, &["post id"]),
        (At, &["publish time"]),
        (Delivered, &["reach"]),
        (Reactions, &["reactions"]),
        (Comments, &["comments"]),
        (Shares, &["shares"]),
        (Clicks, &["total clicks"]),
        (Title, &["title", "description"]),
        (Audience, &["page name", "account name", "account username"]),
        (Channel, &["platform"]),
    ],
    required: &[ExternalId, At, Delivered, Reactions, Comments, Shares],
    constants: &[(Channel, "facebook"), (Audience, "Page")],
};

const META_DAILY: Preset = Preset {
    name: "meta-daily",
    kind: Kind::Daily,
    columns: &[(Date, &["date"]), (Value, &["primary"])],
    required: &[Date, Value],
    constants: &[],
};

const LINKEDIN_POSTS: Preset = Preset {
    name: "linkedin-content",
    kind: Kind::Sends,
    columns: &[
        (Title, &["post title"]),
        (ExternalId, &["post link"]),
        (At, &["created date"]),
        (Audience, &["audience"]),
        (Delivered, &["impressions"]),
        (Clicks, &["clicks"]),
        (Reactions, &["likes"]),
        (Comments, &["comments"]),
        (Shares, &["reposts"]),
    ],
    required: &[Title, At, Delivered, Reactions, Comments, Shares],
    constants: &[(Channel, "linkedin"), (Audience, "All followers")],
};

const LINKEDIN_METRICS: Preset = Preset {
    name: "linkedin-content",
    kind: Kind::Daily,
    columns: &[
        (Date, &["date"]),
        (Impressions, &["impressions (total)"]),
        (Clicks, &["clicks (total)"]),
        (Reactions, &["reactions (total)"]),
        (Comments, &["comments (total)"]),
        (Shares, &["reposts (total)"]),
    ],
    required: &[Date, Impressions, Reactions],
    constants: &[(Channel, "linkedin")],
};

const AT_WORDS: &[&str] = &["at", "timestamp", "event time", "time", "date"];
const AUDIENCE_WORDS: &[&str] = &["audience", "list", "segment"];
const CHANNEL_WORDS: &[&str] = &["channel", "network", "platform"];

const ACTIVITY: Preset = Preset {
    name: "activity",
    kind: Kind::Activity,
    columns: &[
        (
            Person,
            &["person", "email", "email address", "recipient", "profile"],
        ),
        (Event, &["event", "activity", "metric"]),
        (At, AT_WORDS),
        (Campaign, &["campaign", "campaign name"]),
        (Audience, AUDIENCE_WORDS),
        (Channel, CHANNEL_WORDS),
    ],
    required: &[Person, Event, At, Audience, Channel],
    constants: &[],
};

const INBOX: Preset = Preset {
    name: "inbox",
    kind: Kind::Inbox,
    columns: &[
        (ReceivedAt, &["received_at", "received at", "received"]),
        (Channel, CHANNEL_WORDS),
        (From, &["from", "sender", "author"]),
        (
            FirstReplyAt,
            &["first_reply_at", "first reply at", "replied at"],
        ),
        (Thread, &["thread"]),
    ],
    required: &[ReceivedAt, Channel, From],
    constants: &[],
};

const SENDS: Preset = Preset {
    name: "sends",
    kind: Kind::Sends,
    columns: &[
        (At, AT_WORDS),
        (Channel, CHANNEL_WORDS),
        (Audience, AUDIENCE_WORDS),
        (Title, &["title", "campaign", "campaign name"]),
        (Recipients, &["recipients"]),
        (Delivered, &["delivered"]),
        (Opens, &["opens"]),
        (Clicks, &["clicks"]),
        (Unsubscribes, &["unsubscribes"]),
        (Complaints, &["complaints"]),
        (Bounces, &["bounces"]),
        (Replies, &["replies"]),
        (Reactions, &["reactions"]),
        (Comments, &["comments"]),
        (Shares, &["shares"]),
        (Revenue, &["revenue"]),
        (ExternalId, &["external_id", "external id", "id"]),
    ],
    required: &[At, Channel, Audience, Delivered],
    constants: &[],
};

const DAILY: Preset = Preset {
    name: "daily",
    kind: Kind::Daily,
    columns: &[
        (Date, &["date", "day"]),
        (Channel, CHANNEL_WORDS),
        (Follows, &["follows"]),
        (Unfollows, &["unfollows"]),
        (Impressions, &["impressions"]),
        (Reactions, &["reactions"]),
        (Comments, &["comments"]),
        (Shares, &["shares"]),
        (Clicks, &["clicks"]),
    ],
    required: &[Date, Channel],
    constants: &[],
};

/// Every preset, in detection order: vendors first, then the generic kinds.
pub const PRESETS: &[Preset] = &[
    MAILCHIMP,
    KLAVIYO,
    META_POSTS,
    META_DAILY,
    LINKEDIN_POSTS,
    LINKEDIN_METRICS,
    ACTIVITY,
    INBOX,
    SENDS,
    DAILY,
];

/// The names `--preset` accepts.
pub fn preset_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    names.dedup();
    names
}

/// A header cell as compared: trimmed, lower case, inner spaces collapsed, BOM removed.
pub fn normalize(cell: &str) -> String {
    let cell = cell.trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(cell.len());
    for word in cell.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

impl Preset {
    /// The column of each field in `header` (normalized cells), or None when a required
    /// column is missing.
    pub fn resolve(&self, header: &[String]) -> Option<Vec<(Field, usize)>> {
        let mut found = Vec::new();
        let mut used = vec![false; header.len()];
        for (field, names) in self.columns {
            let position = names
                .iter()
                .find_map(|name| (0..header.len()).find(|&i| !used[i] && header[i] == *name));
            if let Some(i) = position {
                used[i] = true;
                found.push((*field, i));
            }
        }
        let has = |f: &Field| found.iter().any(|(g, _)| g == f);
        self.required.iter().all(has).then_some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| normalize(c)).collect()
    }

    #[test]
    fn detects_with_extra_columns_in_any_order() {
        let h = header(&[
            " Abuse Complaints",
            "Title",
            "Extra",
            "List",
            "SEND DATE",
            "Successful  Deliveries",
            "Unsubscribes",
        ]);
        let cols = MAILCHIMP.resolve(&h).unwrap();
        assert!(cols.contains(&(Complaints, 0)) && cols.contains(&(Delivered, 5)));
        assert!(KLAVIYO.resolve(&h).is_none());
    }

    #[test]
    fn activity_synonyms() {
        let h = header(&[
            "Email Address",
            "Metric",
            "Event Time",
            "Segment",
            "Platform",
        ]);
        assert!(ACTIVITY.resolve(&h).is_some());
        assert!(INBOX.resolve(&h).is_none());
    }
}
