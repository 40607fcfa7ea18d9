//! Commands of the sample agency banner and the message editor's checks: which sample clients
//! are left and removing them, a message's violations and a draft's would-be violations.

use cadence_desk::{AppError, MessageFindings, MessageInput, SampleData, Saved};
use tauri::State;

use crate::commands::now;
use crate::state::AppState;

/// The sample clients still in the workspace, and how many of the planner's own stay.
#[tauri::command]
pub fn sample_data(state: State<AppState>) -> Result<SampleData, AppError> {
    state.with(|desk| Ok(desk.sample_data()))
}

/// Remove the sample clients and keep the planner's own (a backup first; undoable).
#[tauri::command]
pub fn remove_sample_clients(state: State<AppState>) -> Result<Saved, AppError> {
    state.write("remove_sample_clients", |desk| {
        desk.remove_sample_clients(now())
    })
}

/// The violations of a stored message, in the violations panel's words.
#[tauri::command]
pub fn message_findings(
    state: State<AppState>,
    message_id: String,
) -> Result<MessageFindings, AppError> {
    state.with(|desk| desk.message_findings(&message_id))
}

/// The violations a message would have if it were saved as `input`; nothing is saved.
#[tauri::command]
pub fn preview_message(
    state: State<AppState>,
    campaign_id: String,
    input: MessageInput,
) -> Result<MessageFindings, AppError> {
    state.with(|desk| desk.preview_message(&campaign_id, input))
}
