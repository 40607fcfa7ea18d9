//! Reading and writing files, for the edges: the Tauri shell and the CLI call these with the
//! paths the user chose. No `Desk` method touches a file other than its database; the desk
//! takes bytes in and gives bytes out.

use std::path::{Path, PathBuf};

use crate::ipc::{AppError, ErrorCode};

/// The whole file at `path`; an error names the file and why it could not be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|err| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {err}", path.display()),
        )
        .with_file(path)
    })
}

/// Refuse, before anything is rendered, a path whose folder does not exist.
pub fn check_folder(path: &Path) -> Result<(), AppError> {
    let folder = folder_of(path);
    if folder.is_dir() {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::Io,
        format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            folder.display()
        ),
    )
    .with_file(path))
}

/// Write `bytes` to a temporary file beside `path`, then rename it into place: on any error
/// nothing is written and an existing file is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let io = |err: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {err}", path.display()),
        )
        .with_file(path)
    };
    check_folder(path)?;
    let name = path
        .file_name()
        .ok_or_else(|| io(std::io::Error::other("no file name")))?;
    let temp = folder_of(path).join(format!(".{}.partial", name.to_string_lossy()));
    std::fs::write(&temp, bytes).map_err(io)?;
    std::fs::rename(&temp, path).map_err(|err| {
        let _ = std::fs::remove_file(&temp);
        io(err)
    })
}

/// The folder a file is written into (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_refused_and_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("plan.json");
        let err = write_atomically(&path, b"{}").unwrap_err();
        assert_eq!(err.code, ErrorCode::Io);
        assert!(err.message.contains("does not exist"), "{}", err.message);
        assert!(!dir.path().join("nope").exists());
    }

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.json");
        let err = read_file(&path).unwrap_err();
        assert!(err.message.contains("gone.json"), "{}", err.message);
        assert_eq!(
            err.file.as_deref(),
            Some(path.display().to_string().as_str())
        );
    }
}
