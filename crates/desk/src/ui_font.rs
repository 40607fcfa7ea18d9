//! The font family the window's text is set in.
//!
//! The stylesheet names `system-ui`. WebKitGTK hands it to fontconfig, whose `system-ui`
//! alias prefers the desktops' UI fonts (Cantarell, Noto Sans UI, Segoe UI, ...). Where none
//! of them is installed, WebKitGTK misses each one for every size and weight on the screen
//! before it draws the face fontconfig falls back to, the same as `sans-serif`'s: on this
//! machine that was about 65 ms of a cold start's first paint (BENCHMARKS.md, "Round 4").
//! Naming the generic family there draws the same face without the misses.
//!
//! The shell asks fontconfig what each family resolves to; this module decides.

use std::path::PathBuf;

/// What the stylesheet names by default: the desktop's UI font, then the generic family.
pub const DESKTOP_UI_FONT: &str = "system-ui, sans-serif";

/// The generic sans-serif family.
pub const GENERIC_SANS: &str = "sans-serif";

/// The face a font family resolves to: a font file and the face's index in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFace {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in the file (0 for most files).
    pub index: u32,
}

/// The CSS `font-family` for the window's text: [`GENERIC_SANS`] when `system-ui` resolves
/// to the very face `sans-serif` does (no UI font of the desktops is installed), so the
/// window looks the same either way; else [`DESKTOP_UI_FONT`], also when either family could
/// not be resolved.
pub fn ui_font_family(
    system_ui: Option<&ResolvedFace>,
    sans_serif: Option<&ResolvedFace>,
) -> &'static str {
    match (system_ui, sans_serif) {
        (Some(ui), Some(sans)) if ui == sans => GENERIC_SANS,
        _ => DESKTOP_UI_FONT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(path: &str, index: u32) -> ResolvedFace {
        ResolvedFace {
            path: PathBuf::from(path),
            index,
        }
    }

    #[test]
    fn the_same_face_for_both_names_the_generic_family() {
        let dejavu = face("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0);
        assert_eq!(
            ui_font_family(Some(&dejavu), Some(&dejavu.clone())),
            GENERIC_SANS
        );
    }

    #[test]
    fn an_installed_ui_font_is_kept() {
        let cantarell = face("/usr/share/fonts/opentype/cantarell/Cantarell-VF.otf", 0);
        let dejavu = face("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0);
        assert_eq!(
            ui_font_family(Some(&cantarell), Some(&dejavu)),
            DESKTOP_UI_FONT
        );
    }

    #[test]
    fn another_face_of_the_same_file_is_another_font() {
        let collection = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        assert_eq!(
            ui_font_family(Some(&face(collection, 1)), Some(&face(collection, 0))),
            DESKTOP_UI_FONT
        );
    }

    #[test]
    fn an_unresolved_family_keeps_the_stylesheet() {
        let dejavu = face("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0);
        assert_eq!(ui_font_family(None, Some(&dejavu)), DESKTOP_UI_FONT);
        assert_eq!(ui_font_family(Some(&dejavu), None), DESKTOP_UI_FONT);
        assert_eq!(ui_font_family(None, None), DESKTOP_UI_FONT);
    }
}
