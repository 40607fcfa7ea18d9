//! Commands of the Insights view: a client's insights with the caps in force (read off the
//! UI thread on their own connection), the history hints for the cadence view and the
//! violations panel, the audience → segment map, the reply target, and applying a recommended
//! cap as an undoable edit.

use cadence_desk::insights_view::{self, HistoryHint, InsightsView};
use cadence_desk::past;
use cadence_desk::{AppError, Saved};
use cadence_store::Store;
use tauri::State;

use crate::history_commands::{off_ui_thread, snapshot};
use crate::state::AppState;

/// The Insights view of a client: caps from the desk for a moment, then the history read and
/// computed off the UI thread.
async fn view(state: &AppState, client_id: String) -> Result<InsightsView, AppError> {
    let (db, plan) = snapshot(state)?;
    let caps = state.with(|desk| desk.caps_in_force(&client_id))?;
    off_ui_thread(move || {
        let store = Store::open_for_history_reading(&db)?;
        insights_view::client_insights(&store, &plan, &caps, &client_id)
    })
    .await
}

/// Everything the Insights view of a client draws.
#[tauri::command]
pub async fn client_insights(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<InsightsView, AppError> {
    view(&state, client_id).await
}

/// What a client's history says about its segments' caps, in words.
#[tauri::command]
pub async fn history_hints(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<HistoryHint>, AppError> {
    Ok(insights_view::history_hints(
        &view(&state, client_id).await?,
    ))
}

/// Map (or unmap, with null) an audience of a client's history to one of its segments.
#[tauri::command]
pub async fn set_audience_segment(
    state: State<'_, AppState>,
    client_id: String,
    audience: String,
    segment_id: Option<String>,
) -> Result<(), AppError> {
    let (db, plan) = snapshot(&state)?;
    off_ui_thread(move || {
        crate::logging::timed("set_audience_segment", || {
            past::set_audience_segment(
                &mut Store::open_existing(&db)?,
                &plan,
                &client_id,
                &audience,
                segment_id.as_deref(),
            )
        })
    })
    .await
}

/// Set a client's reply target in hours.
#[tauri::command]
pub async fn set_reply_target(
    state: State<'_, AppState>,
    client_id: String,
    hours: f64,
) -> Result<(), AppError> {
    let (db, plan) = snapshot(&state)?;
    off_ui_thread(move || {
        crate::logging::timed("set_reply_target", || {
            past::set_reply_target(&mut Store::open_existing(&db)?, &plan, &client_id, hours)
        })
    })
    .await
}

/// Apply a recommended cap to a segment as one undoable edit.
#[tauri::command]
pub fn apply_history_cap(
    state: State<AppState>,
    client_id: String,
    segment_id: String,
    channel: String,
    cap_per_week: u32,
) -> Result<Saved, AppError> {
    state.write("apply_history_cap", |desk| {
        desk.apply_history_cap(&client_id, &segment_id, &channel, cap_per_week)
    })
}
