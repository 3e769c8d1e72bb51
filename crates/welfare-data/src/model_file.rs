//! Versioned JSON model files, shared by the prototypes that save trained models: an atomic
//! save, and a load that checks `schema_version` before decoding so an old or foreign file gets
//! a clear message instead of a field-by-field decoding error.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::DataError;

/// Writes `model` as JSON, atomically.
pub fn save<T: Serialize>(path: &Path, model: &T) -> Result<(), DataError> {
    let json = serde_json::to_vec(model).map_err(|e| DataError::Usage {
        file: path.display().to_string(),
        reason: format!("cannot encode the model: {e}"),
    })?;
    crate::atomic::write_bytes_atomic(path, &json)
}

/// Reads a model file's bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, DataError> {
    std::fs::read(path).map_err(|e| DataError::io(path, "reading", e))
}

/// Decodes model JSON whose `schema_version` must be `version`; `what` names the kind of model
/// in messages. The error is the reason only: callers add the file name.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], version: u32, what: &str) -> Result<T, String> {
    decode_versions(bytes, &[version], what)
}

/// The `schema_version` of model JSON, if it has a numeric one.
pub fn schema_version(bytes: &[u8]) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: u64,
    }
    serde_json::from_slice::<Version>(bytes)
        .ok()
        .map(|v| v.schema_version)
}

/// [`decode`] for a build that reads several layouts: `schema_version` must be one of
/// `versions` (the last is the current one, named in the message).
pub fn decode_versions<T: DeserializeOwned>(
    bytes: &[u8],
    versions: &[u32],
    what: &str,
) -> Result<T, String> {
    let version = versions.last().copied().unwrap_or_default();
    /// Only the version; every other field is ignored on this first read.
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: Option<serde::de::IgnoredAny>,
    }
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: u64,
    }
    let probe: Versioned = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    if probe.schema_version.is_none() {
        return Err(format!("not a {what} (no schema_version)"));
    }
    match serde_json::from_slice::<Version>(bytes) {
        Ok(v) if versions.iter().any(|&k| u64::from(k) == v.schema_version) => {}
        Ok(v) => {
            return Err(format!(
                "schema_version {}, this build reads {version}",
                v.schema_version
            ));
        }
        Err(_) => return Err(format!("not a {what} (schema_version is not a number)")),
    }
    serde_json::from_slice(bytes).map_err(|e| format!("invalid {what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct M {
        schema_version: u32,
        w: f64,
    }

    #[test]
    fn round_trip_and_version_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let m = M {
            schema_version: 2,
            w: 0.1 + 0.2,
        };
        save(&path, &m).unwrap();
        let back: M = decode(&read(&path).unwrap(), 2, "test model").unwrap();
        assert_eq!(back, m);
        let err = decode::<M>(&read(&path).unwrap(), 3, "test model").unwrap_err();
        assert!(err.contains("schema_version 2"), "{err}");
        assert!(
            decode::<M>(b"{\"w\": 1}", 2, "test model")
                .unwrap_err()
                .contains("no schema_version")
        );
        assert!(
            decode::<M>(b"{", 2, "test model")
                .unwrap_err()
                .contains("not JSON")
        );
        assert!(
            read(&dir.path().join("none.json"))
                .unwrap_err()
                .to_string()
                .contains("none.json")
        );
    }
}
