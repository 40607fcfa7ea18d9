//! Commands of the Insights view: a client's insights with the caps in force (read off the
//! UI thread on their own connection), the audience → segment map and the reply target.

use cadence_desk::commands::{SetAudienceSegmentArgs, SetReplyTargetArgs};
use cadence_desk::insights_view::{self, InsightsView};
use cadence_desk::past;
use cadence_desk::AppError;
use cadence_store::Store;

use crate::history_commands::snapshot;
use crate::shell::{off_ui_thread, Shell};

/// The Insights view of a client: caps from the desk for a moment, then the history read and
/// computed off the UI thread.
pub async fn view(shell: &Shell, client_id: String) -> Result<InsightsView, AppError> {
    let (db, plan) = snapshot(shell).await?;
    let id = client_id.clone();
    let caps = shell.desk(move |desk| desk.caps_in_force(&id)).await?;
    off_ui_thread(move || {
        let store = Store::open_for_history_reading(&db)?;
        insights_view::client_insights(&store, &plan, &caps, &client_id)
    })
    .await
}

/// Map (or unmap, with null) an audience of a client's history to one of its segments.
pub async fn set_audience_segment(
    shell: &Shell,
    a: SetAudienceSegmentArgs,
) -> Result<(), AppError> {
    let (db, plan) = snapshot(shell).await?;
    off_ui_thread(move || {
        past::set_audience_segment(
            &mut Store::open_existing(&db)?,
            &plan,
            &a.client_id,
            &a.audience,
            a.segment_id.as_deref(),
        )
    })
    .await
}

/// Set a client's reply target in hours.
pub async fn set_reply_target(shell: &Shell, a: SetReplyTargetArgs) -> Result<(), AppError> {
    let (db, plan) = snapshot(shell).await?;
    off_ui_thread(move || {
        past::set_reply_target(
            &mut Store::open_existing(&db)?,
            &plan,
            &a.client_id,
            a.hours,
        )
    })
    .await
}
