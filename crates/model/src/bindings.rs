//! TypeScript bindings for the UI, generated from the Rust types by ts-rs.
//!
//! Each crate that owns IPC types has a test that calls [`check`]: it exports the types to a
//! scratch folder and compares them with `ui/src/bindings/`. Set `CADENCE_UPDATE_BINDINGS=1`
//! to write them instead. The UI never declares these types by hand.

use std::path::PathBuf;

/// Where the UI keeps the generated bindings, from a crate's manifest folder.
pub fn bindings_dir(manifest_dir: &str) -> PathBuf {
    let mut dir = PathBuf::from(manifest_dir);
    while !dir.join("ui").is_dir() {
        assert!(dir.pop(), "no ui/ folder above {manifest_dir}");
    }
    dir.join("ui/src/bindings")
}

/// Export with `export` into a scratch folder and compare with (or, when
/// `CADENCE_UPDATE_BINDINGS=1`, write to) the bindings folder. Panics listing stale files.
pub fn check(
    manifest_dir: &str,
    name: &str,
    export: impl FnOnce(&ts_rs::Config) -> Result<(), ts_rs::ExportError>,
) {
    let target = bindings_dir(manifest_dir);
    let scratch =
        std::env::temp_dir().join(format!("cadence-bindings-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    // JSON numbers arrive as JS numbers, so 64-bit integers are `number`, not `bigint`.
    let config = ts_rs::Config::new()
        .with_out_dir(&scratch)
        .with_large_int("number");
    export(&config).expect("export TypeScript bindings");
    let update = std::env::var("CADENCE_UPDATE_BINDINGS").as_deref() == Ok("1");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&scratch).expect("read scratch bindings") {
        let path = entry.expect("scratch entry").path();
        let file = path.file_name().expect("file name").to_owned();
        let fresh = std::fs::read_to_string(&path).expect("read fresh binding");
        let current = std::fs::read_to_string(target.join(&file)).unwrap_or_default();
        if fresh != current {
            if update {
                std::fs::create_dir_all(&target).expect("create bindings folder");
                std::fs::write(target.join(&file), fresh).expect("write binding");
            } else {
                stale.push(file.to_string_lossy().into_owned());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        stale.is_empty(),
        "TypeScript bindings out of date: {stale:?}; run `CADENCE_UPDATE_BINDINGS=1 cargo test bindings` and commit ui/src/bindings"
    );
}

#[cfg(test)]
mod tests {
    use crate::*;
    use ts_rs::TS;

    #[test]
    fn typescript_bindings_are_current() {
        super::check(env!("CARGO_MANIFEST_DIR"), "model", |config| {
            Plan::export_all(config)?;
            PlanIssue::export_all(config)?;
            RuleKind::export_all(config)?;
            presets::GuidelinePreset::export_all(config)?;
            recurrence::RecurrencePreview::export_all(config)?;
            limits::TextLimits::export_all(config)?;
            Ok(())
        });
    }
}
