//! Atomic writes: a temporary file beside the target, renamed over it only when complete.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::error::ExportError;

/// Write `bytes` to `path` through a temporary file in the same folder, so a failed write
/// never leaves half a file and never damages an existing one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let unwritable = |source| ExportError::Unwritable {
        path: path.to_path_buf(),
        source,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = NamedTempFile::new_in(folder).map_err(unwritable)?;
    file.write_all(bytes).map_err(unwritable)?;
    file.as_file().flush().map_err(unwritable)?;
    file.persist(path).map_err(|e| unwritable(e.error))?;
    Ok(())
}
