//! The reader never panics and stays fast on random bytes and on mutated real fixtures.

use std::time::{Duration, Instant};

use cadence_history::{
    preview, read, ChannelRef, ClientContext, DateOrder, PersonKey, ReadOptions,
};
use proptest::prelude::*;

const FIXTURES: &[&str] = &[
    "mailchimp-campaigns.csv",
    "klaviyo-campaigns.csv",
    "meta-posts.csv",
    "meta-daily-follows.csv",
    "linkedin-content.xlsx",
    "german-sends.csv",
    "bad-sends.csv",
    "activity.csv",
    "inbox.tsv",
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/fixtures/history/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn ctx() -> ClientContext {
    ClientContext {
        timezone: chrono_tz::Europe::Berlin,
        channels: vec![ChannelRef {
            id: "email".into(),
            name: "Email".into(),
        }],
    }
}

fn exercise(bytes: &[u8]) {
    let started = Instant::now();
    let key = PersonKey::from_bytes([5; 32]);
    for opts in [
        ReadOptions::default(),
        ReadOptions {
            date_order: Some(DateOrder::Dmy),
            ..Default::default()
        },
    ] {
        let _ = read(bytes, "fuzz.csv", &ctx(), &opts, &key);
        let _ = preview(bytes, "fuzz.csv", &ctx(), &opts, 20, 1000);
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn random_text_with_delimiters(text in "[a-zA-Z0-9,;\t|\"\n\r %./:-]{0,600}") {
        let with_header = format!("Email,Event,Timestamp,List,Channel\n{text}");
        exercise(with_header.as_bytes());
        exercise(text.as_bytes());
    }

    #[test]
    fn mutated_fixtures(
        which in 0..FIXTURES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = fixture(FIXTURES[which]);
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => { bytes.remove(i); }
                _ => bytes.insert(i, b'"'),
            }
        }
        exercise(&bytes);
        let n = cut.index(bytes.len().max(1));
        exercise(&bytes[..n.min(bytes.len())]);
    }
}

/// A workbook found by `scripts/fuzz.sh` on which calamine 0.30 panics (index out of bounds
/// in its cell reader): the sketch, the preview and the read each say the workbook is
/// damaged instead of crashing.
#[test]
fn a_workbook_that_panics_the_spreadsheet_reader_is_a_damaged_file() {
    let bytes = fixture("damaged-cells.xlsx");
    let name = "damaged-cells.xlsx";
    let sketched = cadence_history::sketch(&bytes, name, None, 12).unwrap_err();
    assert!(sketched.to_string().contains("damaged"), "{sketched}");
    assert!(sketched.to_string().contains(name), "{sketched}");
    let previewed = preview(&bytes, name, &ctx(), &ReadOptions::default(), 12, 2_000).unwrap_err();
    assert!(previewed.to_string().contains("damaged"), "{previewed}");
    let key = PersonKey::from_bytes([7; 32]);
    let read_err = read(&bytes, name, &ctx(), &ReadOptions::default(), &key).unwrap_err();
    assert!(read_err.to_string().contains("damaged"), "{read_err}");
}
