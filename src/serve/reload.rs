//! Reloading a changed dataset without dropping a request.
//!
//! [`watch`] checks the data files (the six CSV files, `terms.csv`, the profile, the
//! data-sharing policy file and `visibility.csv`) every few seconds by length and modification time ([`Stamp`]). When they differ from the loaded
//! dataset's and have stayed the same for one more check (so a copy still being written is
//! not read half-way), it loads the new dataset on the blocking pool — requests go on being
//! answered from the old one meanwhile — and swaps it in. A dataset that fails to load is
//! reported and the old one stays; the same files are not tried again until they change.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{Event, Loaded, State};
use crate::load::Source;

/// The lengths and modification times of the files a dataset is read from (`None`: absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamp(Vec<(PathBuf, Option<(u64, SystemTime)>)>);

impl Stamp {
    /// The files of `source` (none for the built-in dataset), the profile, and the
    /// data-sharing rules: the policy file (`policy`, else the folder's `policy.toml`) and the
    /// folder's `visibility.csv`, so that a changed policy is reloaded like changed data.
    pub fn of(source: &Source, profile: Option<&Path>, policy: Option<&Path>) -> Stamp {
        use crate::policy::{POLICY_FILE, VISIBILITY_FILE};
        let mut files: Vec<PathBuf> = match source {
            Source::Embedded => Vec::new(),
            Source::Dir(d) => crate::load::FILES
                .iter()
                .chain([&crate::load::TERMS_FILE, &VISIBILITY_FILE])
                .map(|f| d.join(f))
                .chain(policy.is_none().then(|| d.join(POLICY_FILE)))
                .collect(),
        };
        files.extend(profile.map(Path::to_path_buf));
        files.extend(policy.map(Path::to_path_buf));
        Stamp(
            files
                .into_iter()
                .map(|p| {
                    let m = std::fs::metadata(&p)
                        .ok()
                        .and_then(|m| Some((m.len(), m.modified().ok()?)));
                    (p, m)
                })
                .collect(),
        )
    }
}

/// Checks the data files every `every` and reloads when they changed (see the module doc).
pub async fn watch(state: Arc<State>, every: Duration, events: impl Fn(Event) + Send + Sync) {
    let mut seen: Option<Stamp> = None;
    let mut failed: Option<Stamp> = None;
    loop {
        tokio::time::sleep(every).await;
        let config = state.config();
        let now = Stamp::of(
            &config.source,
            config.profile.as_deref(),
            config.policy.as_deref(),
        );
        let current = state.current();
        if now == current.stamp || failed.as_ref() == Some(&now) {
            seen = None;
            continue;
        }
        // Changed: wait until two checks agree, so a file being written is not read.
        if seen.as_ref() != Some(&now) {
            seen = Some(now);
            continue;
        }
        seen = None;
        if let Some(e) = reload_now(&state).await {
            events(e.clone());
            if matches!(e, Event::ReloadFailed(_)) {
                failed = Some(now);
            }
        }
    }
}

/// Loads the dataset again (on the blocking pool) and swaps it in; what happened.
pub async fn reload_now(state: &Arc<State>) -> Option<Event> {
    let s = state.clone();
    let generation = state.current().generation + 1;
    let loaded = tokio::task::spawn_blocking(move || Loaded::load(s.config(), generation))
        .await
        .ok()?;
    Some(match loaded {
        Ok(l) => {
            if let Err(e) = super::check_tokens(&state.tokens, &l) {
                return Some(Event::ReloadFailed(e.to_string()));
            }
            let researchers = l.engine().data().researchers.len();
            state.swap(l);
            Event::Reloaded {
                generation,
                researchers,
            }
        }
        Err(e) => Event::ReloadFailed(e.to_string()),
    })
}
