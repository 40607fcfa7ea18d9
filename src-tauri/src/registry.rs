//! One async Tauri command per entry of `cadence_desk::commands`' list, and the invoke
//! handler that registers them all. Nothing here is written per command: a desk command runs
//! its `serve` function on a blocking worker (never the main thread), a read on the current
//! snapshot and anything else on the desk (`cadence_desk::commands::Serve`); a shell command
//! goes to [`Shell`], which must implement every one of them.

use cadence_desk::commands::ShellCommands as _;

use crate::shell::Shell;

/// Run a command; one that writes is logged with its name, time and outcome (reads are not:
/// the window asks some of them every second).
async fn logged<T>(
    command: &'static str,
    run: impl std::future::Future<Output = Result<T, cadence_desk::AppError>>,
) -> Result<T, cadence_desk::AppError> {
    if cadence_desk::commands::writes(command) {
        crate::logging::timed(command, run).await
    } else {
        run.await
    }
}

/// Expands the command list into Tauri commands and [`handler`].
macro_rules! tauri_commands {
    (
        desk { $( $(#[$ddoc:meta])* $dname:ident : $dargs:ident { $($dfield:ident : $dty:ty),* $(,)? } -> $dreply:ty; )* }
        shell { $( $(#[$sdoc:meta])* $sname:ident : $sargs:ident { $($sfield:ident : $sty:ty),* $(,)? } -> $sreply:ty; )* }
    ) => {
        $(
            $(#[$ddoc])*
            #[tauri::command]
            pub async fn $dname(
                app: tauri::AppHandle,
                $($dfield: $dty),*
            ) -> Result<$dreply, cadence_desk::AppError> {
                let args = cadence_desk::commands::$dargs { $($dfield),* };
                let clock = crate::commands::clock();
                let shell = Shell::new(app);
                let run = shell.serve(cadence_desk::commands::serve::$dname, clock, args);
                logged(stringify!($dname), run).await
            }
        )*
        $(
            $(#[$sdoc])*
            #[tauri::command]
            pub async fn $sname(
                app: tauri::AppHandle,
                $($sfield: $sty),*
            ) -> Result<$sreply, cadence_desk::AppError> {
                let shell = Shell::new(app);
                let run = shell.$sname(cadence_desk::commands::$sargs { $($sfield),* });
                logged(stringify!($sname), run).await
            }
        )*

        /// The invoke handler of every command in the list.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($dname,)* $($sname),*]
        }
    };
}

cadence_desk::with_command_list!(tauri_commands);
