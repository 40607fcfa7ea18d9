//! The input of `cadence_desk::ui_font`: the faces fontconfig resolves `system-ui` and
//! `sans-serif` to, as WebKitGTK will. Asking fontconfig reads its configuration and caches,
//! so it runs on a thread of its own at start, while the window opens; the `ui_font`
//! command waits for it.

use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use cadence_desk::ui_font::{ui_font_family, DESKTOP_UI_FONT};

/// The window's font family, decided on its own thread at start.
pub struct UiFont {
    job: Mutex<Option<JoinHandle<&'static str>>>,
    family: OnceLock<&'static str>,
}

impl UiFont {
    /// Start deciding on a thread of its own.
    pub fn start() -> Self {
        let job = std::thread::Builder::new()
            .name("ui-font".into())
            .spawn(decide)
            .ok();
        UiFont {
            job: Mutex::new(job),
            family: OnceLock::new(),
        }
    }

    /// The CSS font-family for the window's text; the first call waits for the thread. The
    /// stylesheet's own family if the thread could not run or stopped.
    pub fn family(&self) -> &'static str {
        self.family.get_or_init(|| {
            let job = self.job.lock().ok().and_then(|mut job| job.take());
            job.and_then(|job| job.join().ok())
                .unwrap_or(DESKTOP_UI_FONT)
        })
    }
}

/// Ask fontconfig, decide, and log what was found (the faces' names, not their paths).
#[cfg(target_os = "linux")]
fn decide() -> &'static str {
    let started = std::time::Instant::now();
    let Some(fonts) = fontconfig::Fontconfig::new() else {
        tracing::warn!("fontconfig could not be loaded; the window keeps system-ui");
        return DESKTOP_UI_FONT;
    };
    let system_ui = resolve(&fonts, "system-ui");
    let sans_serif = resolve(&fonts, "sans-serif");
    let family = ui_font_family(
        system_ui.as_ref().map(|(face, _)| face),
        sans_serif.as_ref().map(|(face, _)| face),
    );
    tracing::info!(
        system_ui = system_ui.as_ref().map(|(_, name)| name.as_str()).unwrap_or("none"),
        sans_serif = sans_serif.as_ref().map(|(_, name)| name.as_str()).unwrap_or("none"),
        family,
        ms = %format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0),
        "window font chosen"
    );
    family
}

/// Elsewhere the system web view resolves `system-ui` itself: the stylesheet's family.
#[cfg(not(target_os = "linux"))]
fn decide() -> &'static str {
    DESKTOP_UI_FONT
}

/// The face fontconfig gives `family` (its best match), with the face's name.
#[cfg(target_os = "linux")]
fn resolve(
    fonts: &fontconfig::Fontconfig,
    family: &str,
) -> Option<(cadence_desk::ui_font::ResolvedFace, String)> {
    let font = fonts.find(family, None)?;
    let face = cadence_desk::ui_font::ResolvedFace {
        path: font.path,
        index: font.index.and_then(|i| u32::try_from(i).ok()).unwrap_or(0),
    };
    Some((face, font.name))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn fontconfig_resolves_the_generic_family_to_an_installed_face() {
        let fonts = fontconfig::Fontconfig::new().expect("fontconfig loads");
        let (face, name) = resolve(&fonts, "sans-serif").expect("sans-serif resolves");
        assert!(
            face.path.is_file(),
            "{} ({name}) is not a file",
            face.path.display()
        );
        assert_eq!(resolve(&fonts, "sans-serif").map(|(f, _)| f), Some(face));
    }

    #[test]
    fn the_thread_decides_once_and_answers_every_caller() {
        let font = UiFont::start();
        let first = font.family();
        assert!([DESKTOP_UI_FONT, cadence_desk::ui_font::GENERIC_SANS].contains(&first));
        assert_eq!(font.family(), first);
    }
}
