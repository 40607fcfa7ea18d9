//! How the web view draws: through the GPU when the machine has one WebKit can use, in
//! software when it has none.
//!
//! WebKitGTK composites and rasterises with OpenGL. Without a GPU render node Mesa's
//! llvmpipe stands in for one: each new kind of drawing compiles a shader with LLVM on the
//! CPU and every frame is composited in software GL. On such a machine WebKit's
//! non-composited mode, which paints straight into the window, drew Cadence's first screen
//! in about a third of the time with a web process 90 MB smaller (BENCHMARKS.md, "Cold
//! start"). With a GPU nothing changes, and a choice the user made in the environment wins.

use std::path::Path;

/// WebKitGTK's switch for its non-composited mode (any value but "0" turns compositing off).
pub const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Mesa's switch that forces software OpenGL even where a GPU is present.
const MESA_SOFTWARE: &str = "LIBGL_ALWAYS_SOFTWARE";

/// Where Linux lists the GPUs' render nodes (`renderD128`, ...), which WebKit draws through.
pub const RENDER_NODES: &str = "/dev/dri";

/// The environment variable to set before the web view is made, if any: compositing off
/// when OpenGL would run in software (no usable render node, or Mesa told to), unless the
/// user set [`DISABLE_COMPOSITING`] either way. `env` reads the environment.
pub fn software_drawing(
    env: impl Fn(&str) -> Option<String>,
    has_render_node: bool,
) -> Option<(&'static str, &'static str)> {
    if env(DISABLE_COMPOSITING).is_some() {
        return None;
    }
    let forced = env(MESA_SOFTWARE).is_some_and(|v| !matches!(v.trim(), "" | "0" | "false"));
    (forced || !has_render_node).then_some((DISABLE_COMPOSITING, "1"))
}

/// True when `dir` holds a render node (`renderD*`) this user may open for reading and
/// writing, as WebKit must to draw with the GPU.
pub fn has_render_node(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        entry.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(entry.path())
                .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn a_machine_with_a_gpu_keeps_compositing() {
        assert_eq!(software_drawing(env(&[]), true), None);
    }

    #[test]
    fn a_machine_without_one_draws_without_compositing() {
        assert_eq!(
            software_drawing(env(&[]), false),
            Some((DISABLE_COMPOSITING, "1"))
        );
    }

    #[test]
    fn software_opengl_forced_on_a_gpu_counts_as_none() {
        let forced = env(&[(MESA_SOFTWARE, "1")]);
        assert_eq!(
            software_drawing(forced, true),
            Some((DISABLE_COMPOSITING, "1"))
        );
        assert_eq!(software_drawing(env(&[(MESA_SOFTWARE, "0")]), true), None);
    }

    #[test]
    fn the_users_own_choice_wins_either_way() {
        assert_eq!(
            software_drawing(env(&[(DISABLE_COMPOSITING, "0")]), false),
            None
        );
        assert_eq!(
            software_drawing(env(&[(DISABLE_COMPOSITING, "1")]), true),
            None
        );
    }

    #[test]
    fn only_a_render_node_that_opens_counts() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dir.path().join("missing")));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
    }
}
