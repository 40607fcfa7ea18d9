//! Any bytes, as any file name, through the history reader's three entry points (sketch,
//! preview, whole read): an error or rows, never a panic or a hang. The file name picks the
//! path through the reader (text or spreadsheet), so the first byte chooses one.
#![no_main]

use cadence_history::{
    preview, read, sketch, ChannelRef, ClientContext, DateOrder, PersonKey, ReadOptions,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    // libfuzzer-sys aborts on any panic, even one the reader catches (a damaged workbook
    // that panics inside calamine is reported as a read error): the default hook lets those
    // through, while a panic that reaches the harness still aborts it.
    init: {
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let name = ["export.csv", "export.tsv", "export.xlsx", "export.xls"][usize::from(choice % 4)];
    let ctx = ClientContext {
        timezone: chrono_tz::Europe::Berlin,
        channels: vec![ChannelRef {
            id: "email".into(),
            name: "Email".into(),
        }],
    };
    let opts = ReadOptions {
        date_order: (choice & 4 != 0).then_some(DateOrder::Dmy),
        ..ReadOptions::default()
    };
    let _ = sketch(bytes, name, None, 12);
    let _ = preview(bytes, name, &ctx, &opts, 12, 2_000);
    if let Ok(r) = read(bytes, name, &ctx, &opts, &PersonKey::from_bytes([7; 32])) {
        assert!(r.rows.len() as u64 <= r.data_rows.saturating_mul(8) + 8);
    }
}
);
