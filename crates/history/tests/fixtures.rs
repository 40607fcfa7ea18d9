//! Every vendor fixture of tests/fixtures/history reads with the right counts and values.

use std::path::PathBuf;

use cadence_history::{
    read, ChannelRef, ClientContext, DateOrder, Event, FileFormat, Kind, Mapping, Metric,
    PersonKey, Read, ReadError, ReadOptions,
};
use chrono::{DateTime, NaiveDate};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/history")
        .join(name)
}

fn ctx() -> ClientContext {
    ClientContext {
        timezone: chrono_tz::America::New_York,
        channels: ["email", "sms", "facebook", "instagram", "linkedin"]
            .iter()
            .map(|id| ChannelRef {
                id: id.to_string(),
                name: id.to_string(),
            })
            .collect(),
    }
}

fn key() -> PersonKey {
    PersonKey::from_bytes([7; 32])
}

fn read_with(name: &str, opts: &ReadOptions) -> Result<Read, ReadError> {
    let bytes = std::fs::read(fixture(name)).unwrap();
    read(&bytes, name, &ctx(), opts, &key())
}

fn read_ok(name: &str) -> Read {
    read_with(name, &ReadOptions::default()).unwrap()
}

fn utc(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

#[test]
fn mailchimp_report() {
    let r = read_ok("mailchimp-campaigns.csv");
    assert_eq!(
        (r.kind, r.preset),
        (Kind::Sends, Some("mailchimp-campaigns"))
    );
    assert_eq!(r.columns.len(), 40);
    assert_eq!(
        (r.data_rows, r.rows.sends.len()),
        (12, 12),
        "{:?}",
        r.rejected
    );
    assert!(r.rejected.is_empty());
    let first = &r.rows.sends[0];
    // "Jan 09, 2018 09:30 am" New York = 14:30 UTC.
    assert_eq!(first.at, utc("2018-01-09T14:30:00Z"));
    assert_eq!(first.audience, "VIP");
    assert_eq!(first.channel, "email");
    assert_eq!(
        (first.recipients, first.delivered),
        (Some(12_000), 12_000 - 52)
    );
    assert_eq!(first.complaints, Some(0));
    assert_eq!(first.revenue, Some(120.5));
    let june = &r.rows.sends[5];
    assert_eq!(june.at, utc("2018-06-15T03:30:00Z")); // Jun 14, 2018 11:30 pm EDT
}

#[test]
fn klaviyo_campaigns() {
    let r = read_ok("klaviyo-campaigns.csv");
    assert_eq!(r.preset, Some("klaviyo-campaigns"));
    assert_eq!(r.rows.sends.len(), 8);
    let s = &r.rows.sends[0];
    assert_eq!(s.audience, "Newsletter, VIP");
    assert_eq!(
        (s.recipients, s.delivered, s.unsubscribes),
        (Some(5000), 4975, Some(10))
    );
    assert_eq!(s.revenue, Some(350.25));
    assert_eq!(r.rows.sends[7].channel, "sms");
}

#[test]
fn meta_posts_with_bom_and_comma_column() {
    let r = read_ok("meta-posts.csv");
    assert_eq!(r.preset, Some("meta-posts"));
    assert_eq!(r.rows.sends.len(), 10, "{:?}", r.rejected);
    assert!(r
        .columns
        .iter()
        .any(|c| c.column == "Reactions, Comments and Shares" && c.field.is_none()));
    assert_eq!(r.columns[0].column, "Post ID");
    let p = &r.rows.sends[0];
    assert_eq!(
        (p.delivered, p.reactions, p.comments, p.shares),
        (3000, Some(120), Some(10), Some(4))
    );
    assert_eq!(p.unsubscribes, None);
    assert_eq!(
        (p.channel.as_str(), p.audience.as_str()),
        ("facebook", "Acme Coffee")
    );
    assert_eq!(r.date_order, Some(DateOrder::Mdy)); // 03/13/2025 settles it
    assert_eq!(p.at, utc("2025-03-10T12:15:00Z"));
    // Multi-line description: the next record's line is two further on.
    assert_eq!((r.rows.sends[0].line, r.rows.sends[1].line), (2, 4));
}

#[test]
fn meta_daily_utf16_with_sep_line() {
    let f = read_ok("meta-daily-follows.csv");
    assert_eq!((f.preset, f.kind), (Some("meta-daily"), Kind::Daily));
    assert_eq!(f.header_line, 3);
    assert_eq!(f.rows.daily.len(), 14);
    let d = &f.rows.daily[0];
    assert_eq!(d.metric, Metric::Follows);
    assert_eq!(
        (d.date, d.value, d.channel.as_str()),
        (NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(), 13, "facebook")
    );
    assert_eq!(d.line, 4);
    let u = read_ok("meta-daily-unfollows.csv");
    assert!(u.rows.daily.iter().all(|d| d.metric == Metric::Unfollows));
}

#[test]
fn linkedin_workbook_with_note_rows() {
    let r = read_ok("linkedin-content.xlsx");
    assert_eq!(r.format, FileFormat::Xlsx);
    assert_eq!(r.preset, Some("linkedin-content"));
    assert_eq!(
        r.sheets,
        vec!["Metrics".to_string(), "All posts".to_string()]
    );
    assert_eq!(r.header_line, 2);
    assert_eq!(r.rows.daily.len(), 10 * 5);
    assert_eq!(r.rows.sends.len(), 4);
    let post = &r.rows.sends[0];
    assert_eq!(
        (post.channel.as_str(), post.delivered, post.reactions),
        ("linkedin", 1500, Some(40))
    );
    assert_eq!(post.line, 3);
    let only_posts = read_with(
        "linkedin-content.xlsx",
        &ReadOptions {
            sheet: Some("All posts".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (only_posts.kind, only_posts.rows.daily.len()),
        (Kind::Sends, 0)
    );
    let missing = read_with(
        "linkedin-content.xlsx",
        &ReadOptions {
            sheet: Some("Nope".into()),
            ..Default::default()
        },
    );
    assert!(matches!(missing, Err(ReadError::NoSheet { .. })));
}

#[test]
fn windows_1252_semicolons_decimal_commas_through_a_mapping() {
    let mapping =
        Mapping::from_json(&std::fs::read(fixture("german-sends.mapping.json")).unwrap()).unwrap();
    // Without the mapping no preset matches.
    assert!(matches!(
        read_with("german-sends.csv", &ReadOptions::default()),
        Err(ReadError::NoHeader { .. })
    ));
    let r = read_with(
        "german-sends.csv",
        &ReadOptions {
            mapping: Some(mapping),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.preset, None);
    assert_eq!(r.rows.sends.len(), 6, "{:?}", r.rejected);
    let s = &r.rows.sends[0];
    assert_eq!(s.title, "Frühling 1");
    assert_eq!((s.recipients, s.delivered), (Some(1200), 1190));
    assert_eq!(s.revenue, Some(1234.5));
    assert_eq!(s.channel, "email"); // "E-Mail" is a synonym
    assert_eq!(s.at, utc("2025-03-04T07:15:00Z")); // Berlin, from the mapping
}

#[test]
fn every_kind_of_bad_row_is_named() {
    let r = read_ok("bad-sends.csv");
    assert_eq!(r.preset, Some("sends"));
    assert_eq!(r.data_rows, 12);
    assert_eq!(r.rows.sends.len(), 3);
    let got: Vec<(u64, &str, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.line, x.column.as_str(), x.reason.as_str()))
        .collect();
    let expect: &[(u64, &str, &str)] = &[
        (3, "Delivered", "delivered is missing"),
        (4, "Date", "\"2025-02-30 09:00\" is not a real date"),
        (5, "Unsubscribes", "-1 is negative"),
        (6, "Delivered", "98.5 is not a whole number"),
        (
            7,
            "Delivered",
            "delivered (120) is more than recipients (100)",
        ),
        (8, "Opens", "opens (99) is more than delivered (98)"),
        (9, "Opens", "\"lots\" is not a number"),
        (10, "Channel", "channel is missing"),
        (11, "Date", "\"yesterday\" is not a real date"),
    ];
    assert_eq!(got, expect);
    // The multi-line good row starts on line 12; the next record on 14.
    assert_eq!(r.rows.sends[1].line, 12);
    assert_eq!(r.rows.sends[2].line, 14);
    assert_eq!(r.unknown_channels, vec!["Carrier Pigeon".to_string()]);
    assert_eq!(r.rows.sends[2].channel, "Carrier Pigeon");
}

#[test]
fn activity_words_hashing_and_rejections() {
    let r = read_ok("activity.csv");
    assert_eq!((r.preset, r.kind), (Some("activity"), Kind::Activity));
    assert_eq!(r.rows.activity.len(), 21 + 3);
    let reasons: Vec<(u64, &str, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.line, x.column.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (26, "Event", "unknown event \"Teleported\""),
            (27, "Email", "person is missing"),
        ]
    );
    let unsub = r
        .rows
        .activity
        .iter()
        .find(|a| a.event == Event::Unsubscribe)
        .unwrap();
    // Case and spaces do not make another person.
    assert_eq!(unsub.person, key().hash("BOB@example.com "));
    let spam = r
        .rows
        .activity
        .iter()
        .find(|a| a.event == Event::Complaint)
        .unwrap();
    assert_eq!(spam.person, key().hash("Cy@Example.com"));
    assert_eq!(r.rows.names.name(unsub.channel), "email");
    // Another key gives other hashes.
    assert_ne!(
        unsub.person,
        PersonKey::from_bytes([8; 32]).hash("bob@example.com")
    );
}

#[test]
fn ambiguous_dates_ask_for_an_order() {
    let err = read_with("ambiguous-dates.csv", &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("--date-order dmy|mdy"), "{err}");
    assert!(matches!(err, ReadError::AmbiguousDates { line: 2, .. }));
    let dmy = read_with(
        "ambiguous-dates.csv",
        &ReadOptions {
            date_order: Some(DateOrder::Dmy),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(dmy.rows.activity[0].at, utc("2025-04-03T14:00:00Z"));
    let mdy = read_with(
        "ambiguous-dates.csv",
        &ReadOptions {
            date_order: Some(DateOrder::Mdy),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(mdy.rows.activity[0].at, utc("2025-03-04T15:00:00Z"));
}

#[test]
fn inbox_tsv() {
    let r = read_ok("inbox.tsv");
    assert_eq!((r.preset, r.kind), (Some("inbox"), Kind::Inbox));
    assert_eq!(r.rows.inbox.len(), 10);
    assert_eq!(r.rows.inbox[9].first_reply_at, None);
    assert_eq!(
        r.rows.inbox[2].first_reply_at.unwrap() - r.rows.inbox[2].received_at,
        3 * 3600
    );
}

#[test]
fn unreadable_files_say_why() {
    let err = read_with("unterminated-quote.csv", &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(err, ReadError::UnterminatedQuote { line: 3, .. }),
        "{err}"
    );
    let e = read(&[], "empty.csv", &ctx(), &ReadOptions::default(), &key()).unwrap_err();
    assert!(matches!(e, ReadError::Empty { .. }));
    let e = read(
        b"just some text\nno header here\n",
        "x.csv",
        &ctx(),
        &ReadOptions::default(),
        &key(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("--mapping"));
    let e = read(
        &[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00],
        "x.csv",
        &ctx(),
        &ReadOptions::default(),
        &key(),
    )
    .unwrap_err();
    assert!(matches!(e, ReadError::Encoding { .. }));
    let e = read_with(
        "mailchimp-campaigns.csv",
        &ReadOptions {
            preset: Some("hubspot".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("mailchimp-campaigns"));
}

#[test]
fn preview_shows_first_rows_and_hides_people() {
    let bytes = std::fs::read(fixture("activity.csv")).unwrap();
    let p = cadence_history::preview(
        &bytes,
        "activity.csv",
        &ctx(),
        &ReadOptions::default(),
        3,
        1000,
    )
    .unwrap();
    assert_eq!(p.first_rows.len(), 3);
    assert_eq!(p.first_rows[0].cells[0], "•••");
    assert_eq!(p.first_rows[0].cells[1], "Received Email");
    assert_eq!(p.rejected.len(), 2);
    assert!(p.complete);
    let amb = std::fs::read(fixture("ambiguous-dates.csv")).unwrap();
    let p =
        cadence_history::preview(&amb, "a.csv", &ctx(), &ReadOptions::default(), 3, 1000).unwrap();
    assert_eq!(p.date_question.unwrap().column, "Timestamp");
    let partial = cadence_history::preview(
        &bytes,
        "activity.csv",
        &ctx(),
        &ReadOptions::default(),
        3,
        5,
    )
    .unwrap();
    assert_eq!((partial.scanned_rows, partial.complete), (5, false));
}

/// Writes tests/fixtures/history/linkedin-content.xlsx (LinkedIn page content export layout:
/// a note row above each header, a daily metrics sheet and a posts sheet).
#[test]
#[ignore = "writes the committed fixture; run with --ignored to regenerate"]
fn write_linkedin() {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 4, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date_format = Format::new().set_num_format("mm/dd/yyyy");
    let metrics = book.add_worksheet().set_name("Metrics").unwrap();
    metrics
        .write(
            0,
            0,
            "Aggregated metrics for the page Acme Coffee, 03/01/2025 - 03/10/2025",
        )
        .unwrap();
    let header = [
        "Date",
        "Impressions (organic)",
        "Impressions (sponsored)",
        "Impressions (total)",
        "Clicks (organic)",
        "Clicks (total)",
        "Reactions (organic)",
        "Reactions (total)",
        "Comments (total)",
        "Reposts (total)",
        "Engagement rate (total)",
    ];
    for (c, h) in header.iter().enumerate() {
        metrics.write(1, c as u16, *h).unwrap();
    }
    for d in 0..10u32 {
        let row = 2 + d;
        let date = ExcelDateTime::from_ymd(2025, 3, 1 + d as u8).unwrap();
        metrics
            .write_datetime_with_format(row, 0, &date, &date_format)
            .unwrap();
        let values = [800 + d, 0, 800 + d, 20 + d, 20 + d, 30 + d, 30 + d, 4, 2];
        for (c, v) in values.iter().enumerate() {
            metrics.write(row, 1 + c as u16, f64::from(*v)).unwrap();
        }
        metrics.write(row, 10, 0.051).unwrap();
    }
    let posts = book.add_worksheet().set_name("All posts").unwrap();
    posts
        .write(
            0,
            0,
            "All posts: impressions and engagement for posts created in the period",
        )
        .unwrap();
    let header = [
        "Post title",
        "Post link",
        "Post type",
        "Campaign name",
        "Posted by",
        "Created date",
        "Campaign start date",
        "Campaign end date",
        "Audience",
        "Impressions",
        "Views",
        "Clicks",
        "Click through rate (CTR)",
        "Likes",
        "Comments",
        "Reposts",
        "Follows",
        "Engagement rate",
        "Content Type",
    ];
    for (c, h) in header.iter().enumerate() {
        posts.write(1, c as u16, *h).unwrap();
    }
    for p in 0..4u32 {
        let row = 2 + p;
        posts.write(row, 0, format!("Post {}", p + 1)).unwrap();
        posts
            .write(
                row,
                1,
                format!(
                    "https://www.linkedin.com/feed/update/urn:li:activity:{}",
                    7000 + p
                ),
            )
            .unwrap();
        posts.write(row, 2, "Organic").unwrap();
        posts.write(row, 4, "Dana").unwrap();
        posts
            .write(row, 5, format!("03/{:02}/2025", 2 + p * 6))
            .unwrap();
        posts.write(row, 8, "All followers").unwrap();
        for (c, v) in [
            (9, 1500 + p * 10),
            (11, 30),
            (13, 40 + p),
            (14, 5),
            (15, 2),
            (16, 1),
        ] {
            posts.write(row, c, f64::from(v)).unwrap();
        }
        posts.write(row, 12, "2.00%").unwrap();
    }
    let out = fixture("linkedin-content.xlsx");
    book.save(&out).unwrap();
}
