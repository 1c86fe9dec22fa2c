//! The audit log: one JSON line per answer — when, for which audience, which command or
//! request, under which policy (its hash), and what was withheld (counts by attribute) —
//! appended to a file that is never rewritten.
//!
//! Each entry is written with one `write` call on a file opened in append mode, so lines from
//! concurrent processes never interleave and a crash leaves at most one incomplete last line.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::View;

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    /// UTC, RFC 3339 (`2026-12-01T10:57:27Z`).
    pub time: String,
    pub audience: String,
    /// The command or the web request (`pairs`, `GET /api/partners`).
    pub command: String,
    /// The request's parameters as given.
    pub request: serde_json::Value,
    /// XXH3-64 of the policy file and the researchers' choices, hex.
    pub policy: String,
    /// Records with each attribute withheld from this audience, and `results` left out.
    pub withheld: BTreeMap<String, u64>,
}

impl AuditEntry {
    /// An entry for an answer given through `view`, now.
    pub fn new(view: &View, command: &str, request: serde_json::Value) -> AuditEntry {
        let mut withheld: BTreeMap<String, u64> = view
            .withheld()
            .by_attribute
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        if view.dropped() > 0 {
            withheld.insert("results".into(), view.dropped());
        }
        AuditEntry {
            time: rfc3339(SystemTime::now()),
            audience: view.audience().to_string(),
            command: command.to_string(),
            request,
            policy: view.policy_hash().to_string(),
            withheld,
        }
    }
}

/// An append-only JSON Lines file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLog {
    path: PathBuf,
}

/// The audit log could not be written: the answer is not given.
#[derive(Debug, thiserror::Error)]
#[error("cannot append to the audit log {path}: {source}")]
pub struct AuditError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> AuditLog {
        AuditLog { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry as one line, in one write.
    pub fn append(&self, entry: &AuditEntry) -> Result<(), AuditError> {
        let err = |source| AuditError {
            path: self.path.display().to_string(),
            source,
        };
        let mut line = serde_json::to_vec(entry).expect("an audit entry is plain JSON");
        line.push(b'\n');
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(err)?;
        f.write_all(&line).map_err(err)?;
        f.sync_data().map_err(err)
    }
}

/// `t` as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_are_utc_rfc3339() {
        let at = |s: u64| rfc3339(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 12:34:56 UTC, a leap day (checked with `date -u -d @951827696`).
        assert_eq!(at(951_827_696), "2000-02-29T12:34:56Z");
        // 2026-12-01 10:57:27 UTC.
        assert_eq!(at(1_796_122_647), "2026-12-01T10:57:27Z");
    }

    #[test]
    fn entries_are_appended_one_line_each() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        let g = std::sync::Arc::new(crate::graph::Graph::build(
            crate::load::load(&crate::load::Source::Embedded).unwrap(),
        ));
        let view = View::everything(g);
        for i in 0..3 {
            let e = AuditEntry::new(&view, "pairs", serde_json::json!({ "top": i }));
            log.append(&e).unwrap();
        }
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2]["request"]["top"], 2);
        assert_eq!(lines[0]["audience"], "admin");
        assert_eq!(lines[0]["command"], "pairs");
    }
}
