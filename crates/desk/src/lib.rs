//! Cadence's application service: each action of the desktop app as a plain Rust call.
//! The Tauri shell only forwards commands here, so everything is tested without a window.

pub mod ipc;

#[cfg(test)]
mod bindings_test {
    use crate::ipc::*;
    use ts_rs::TS;

    #[test]
    fn typescript_bindings_are_current() {
        cadence_model::bindings::check(env!("CARGO_MANIFEST_DIR"), "desk", |config| {
            WorkspaceView::export_all(config)?;
            Saved::export_all(config)?;
            ClientInput::export_all(config)?;
            SegmentInput::export_all(config)?;
            CampaignInput::export_all(config)?;
            MessageInput::export_all(config)?;
            EntityRef::export_all(config)?;
            DeleteImpact::export_all(config)?;
            ImportMode::export_all(config)?;
            ImportSummary::export_all(config)?;
            ResetMode::export_all(config)?;
            AppError::export_all(config)?;
            Ok(())
        });
    }
}
