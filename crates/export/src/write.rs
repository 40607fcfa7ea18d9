//! Atomic writes: a temporary file beside the target, renamed over it only when complete.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::error::ExportError;

/// Write `bytes` to `path` through a temporary file in the same folder, so a failed write
/// never leaves half a file and never damages an existing one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomic_parts(path, &[bytes])
}

/// [`write_atomic`] of the concatenation of `parts`, without joining them in memory first.
pub fn write_atomic_parts(path: &Path, parts: &[&[u8]]) -> Result<(), ExportError> {
    Staged::write(path, parts)?.persist()
}

/// A file written in full to a temporary file beside its target, not yet in place: several
/// files can be written (on several threads) before any of them replaces its target.
#[derive(Debug)]
pub struct Staged {
    file: NamedTempFile,
    path: std::path::PathBuf,
}

impl Staged {
    /// Write the concatenation of `parts` to a temporary file in `path`'s folder.
    pub fn write(path: &Path, parts: &[&[u8]]) -> Result<Staged, ExportError> {
        let unwritable = |source| ExportError::Unwritable {
            path: path.to_path_buf(),
            source,
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut file = NamedTempFile::new_in(folder).map_err(unwritable)?;
        for part in parts {
            file.write_all(part).map_err(unwritable)?;
        }
        file.as_file().flush().map_err(unwritable)?;
        Ok(Staged {
            file,
            path: path.to_path_buf(),
        })
    }

    /// A temporary file in `path`'s folder of `len` bytes, to be filled with
    /// [`Staged::write_at`] (from several threads at once) before [`Staged::persist`].
    pub fn sized(path: &Path, len: u64) -> Result<Staged, ExportError> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = NamedTempFile::new_in(folder)
            .and_then(|file| file.as_file().set_len(len).map(|()| file))
            .map_err(|source| ExportError::Unwritable {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Staged {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Write `bytes` at `offset` of a [`Staged::sized`] file.
    pub fn write_at(&self, bytes: &[u8], offset: u64) -> Result<(), ExportError> {
        let unwritable = |source| ExportError::Unwritable {
            path: self.path.clone(),
            source,
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file
                .as_file()
                .write_all_at(bytes, offset)
                .map_err(unwritable)
        }
        #[cfg(not(unix))]
        {
            use std::io::{Seek, SeekFrom};
            let mut file = self.file.as_file();
            file.seek(SeekFrom::Start(offset)).map_err(unwritable)?;
            file.write_all(bytes).map_err(unwritable)
        }
    }

    /// Put the file in place (an atomic rename over the target).
    pub fn persist(self) -> Result<(), ExportError> {
        let path = self.path;
        self.file
            .persist(&path)
            .map_err(|e| ExportError::Unwritable {
                path,
                source: e.error,
            })?;
        Ok(())
    }
}
