//! The minimal Tauri v2 app: one window showing `dist/index.html`. Nothing else, so that its
//! cold start and memory are what Tauri and the system web view cost on this machine.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the minimal Tauri app");
}
