//! One async Tauri command per entry of `cadence_desk::commands`' list, and the invoke
//! handler that registers them all. Nothing here is written per command: each forwards its
//! arguments to [`Shell`], which must serve every command of the list.

use cadence_desk::commands::Commands as _;

use crate::shell::Shell;

/// Expands the command list into Tauri commands and [`handler`].
macro_rules! tauri_commands {
    ($( $(#[$doc:meta])* $name:ident : $args:ident { $($field:ident : $ty:ty),* $(,)? } -> $reply:ty; )*) => {
        $(
            $(#[$doc])*
            #[tauri::command]
            pub async fn $name(
                app: tauri::AppHandle,
                $($field: $ty),*
            ) -> Result<$reply, cadence_desk::AppError> {
                Shell::new(app)
                    .$name(cadence_desk::commands::$args { $($field),* })
                    .await
            }
        )*

        /// The invoke handler of every command in the list.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

cadence_desk::with_command_list!(tauri_commands);
