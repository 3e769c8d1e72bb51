//! Atomic file writes: write into a temporary file next to the target, flush it to disk, then
//! rename it over the target. Readers never see a half-written file, and a failed write leaves
//! the previous file untouched.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::DataError;

/// Writes `path` atomically. `write` receives a buffered writer; if it fails, the target is left
/// as it was and the temporary file is removed.
pub fn write_atomic<F>(path: impl AsRef<Path>, write: F) -> Result<(), DataError>
where
    F: FnOnce(&mut dyn Write) -> Result<(), DataError>,
{
    let path = path.as_ref();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".welfare-tmp-");
    // Like `fs::write`: a new file gets the usual permissions (0666 minus the umask), not the
    // 0600 of a temporary file; an existing file keeps its permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| DataError::io(path, "creating a temporary file for", e))?;
    if let Ok(existing) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(existing.permissions())
            .map_err(|e| DataError::io(path, "keeping the permissions of", e))?;
    }
    let (file, tmp_path) = tmp.into_parts();
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    let file: File = out
        .into_inner()
        .map_err(|e| DataError::io(path, "writing", e.into_error()))?;
    file.sync_all()
        .map_err(|e| DataError::io(path, "flushing", e))?;
    tmp_path
        .persist(path)
        .map_err(|e| DataError::io(path, "renaming the temporary file to", e.error))?;
    Ok(())
}

/// Writes bytes atomically.
pub fn write_bytes_atomic(path: impl AsRef<Path>, bytes: &[u8]) -> Result<(), DataError> {
    let p = path.as_ref().to_path_buf();
    write_atomic(&p, |w| {
        w.write_all(bytes)
            .map_err(|e| DataError::io(&p, "writing", e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_on_success() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        write_bytes_atomic(&target, b"first").unwrap();
        let failed = write_atomic(&target, |w| {
            w.write_all(b"half").unwrap();
            Err(DataError::Usage {
                file: "out.txt".into(),
                reason: "stop".into(),
            })
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"first");
        // no temporary file is left behind
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        write_bytes_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_private_temporaries_and_existing_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        write_bytes_atomic(&target, b"a").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode, 0o600, "a new file is created like fs::write would");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_bytes_atomic(&target, b"b").unwrap();
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn names_the_file_when_the_directory_is_missing() {
        let e = write_bytes_atomic("/nonexistent-dir-welfare/x.csv", b"x").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/nonexistent-dir-welfare/x.csv: "),
            "{e}"
        );
    }
}
