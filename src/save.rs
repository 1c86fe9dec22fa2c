//! Writing: a dataset folder in the format [`crate::load`] reads, and the checked, atomic
//! writes every output goes through.
//!
//! # Output paths
//!
//! Every file or folder hoptac writes (`report --out`, `export --out`, `labs --export-uniquip`,
//! `labs --import-uniquip … --out`, `generate --out`, `import --out`) goes through
//! [`check_output`] first, and is then written atomically. The policy:
//!
//! 1. **Only regular files and hoptac's own folders are ever replaced.** A symbolic link, a
//!    character or block device, a FIFO or a socket at the output path is an error, with or
//!    without `--force` (as `rsync` and `git` refuse to write through what they did not
//!    create); so is a folder where a file is expected (as `cp` refuses "cannot overwrite
//!    directory with non-directory") and a file where a folder is expected. An existing regular
//!    file is replaced (as `cp` does). An existing non-empty folder is replaced only when it is a
//!    hoptac output of the same kind (a report's `.hoptac-report` marker, a dataset's
//!    `universities.csv`), and for datasets only with `--force`; a report folder that is not
//!    ours needs `--force`.
//! 2. **An output never replaces, contains or lies inside an input.** The caller passes every
//!    path the command read (the six files of the `--data` folder, the profile, the exports of
//!    an import, a uniquip file); paths are compared after canonicalisation (symbolic links and
//!    `..` resolved), so `--data X report --out X --force`, `--out X/universities.csv` and an
//!    `--out` that is an ancestor of X are all refused, whatever `--force` says. A new folder
//!    inside X (`--out X/report`) touches no input and is allowed.
//! 3. **Some folders are never a sensible target** and get a precise message instead of "pass
//!    --force": the root of the file system, the current folder or one of its ancestors (git
//!    likewise never removes the folder it runs in), the home folder, and a mount point (the
//!    new folder is renamed into place, which cannot cross file systems).
//! 4. **Nothing is half-written, and nothing is left behind.** A file is written to a temporary
//!    file beside it and renamed into place; a folder is built as a temporary sibling and
//!    renamed into place only when complete (the old one is moved aside, then deleted; put back
//!    if the swap fails). Temporaries are named `.hoptac-tmp-<pid>.<start>-<host>-<random>` (files end in
//!    `.part`, folders hold a `.hoptac-tmp` marker file naming the target) and removed on every
//!    failure. After a `kill -9` or a power cut, the next write into the same parent folder
//!    removes the stale ones: only entries of that parent whose name has the hoptac pattern, that
//!    are not symbolic links, whose host is this machine and whose process is no longer alive
//!    (checked in `/proc`, by pid and start time, so that a later process given the same pid
//!    does not keep a dead run's temporary; where there is no `/proc` nothing is removed), and, for folders, that
//!    carry the marker — or hold nothing but a cut one (a run killed between creating its
//!    folder and writing the marker). A folder moved aside (`.hoptac-old-…`) whose swap was interrupted before
//!    the new folder was in place is renamed back to its target.
//!
//! The checks happen just before the write; a path that another process changes between the
//! check and the final rename is outside what a command-line tool can guard against.
//!
//! # Dataset CSV files and spreadsheets
//!
//! The dataset files written by [`write_dataset`] are data for hoptac (and other programs) to
//! read back, not spreadsheets: every cell is written exactly as it is in memory, so that a
//! round trip is lossless; no formula neutralisation is applied (a name `=x` stays `=x`). The
//! CSV files meant for spreadsheets (report tables, `--format csv`, the uniquip export) are
//! neutralised, see [`crate::table::spreadsheet_safe`].

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use crate::model::Dataset;

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Replacing it needs the caller's explicit consent (`--force` on the command line).
    #[error("{} already exists and is not empty", path.display())]
    Exists { path: PathBuf },
    /// Never replaced, whatever the caller says.
    #[error("{} exists but does not look like {what}; refusing to replace it", path.display())]
    Foreign { path: PathBuf, what: &'static str },
    /// Replacing it needs the caller's explicit consent.
    #[error("{} exists and is not {what}", path.display())]
    NotOurs { path: PathBuf, what: &'static str },
    /// Not a regular file or a folder of ours: never replaced.
    #[error("{} is {kind}; hoptac only replaces regular files and its own output folders", path.display())]
    NotReplaceable { path: PathBuf, kind: &'static str },
    /// The output would replace, contain or lie inside a path the command read.
    #[error("refusing to write {}: it {relation} the input {}; choose an output outside the input", path.display(), input.display())]
    Input {
        path: PathBuf,
        input: PathBuf,
        relation: &'static str,
    },
    /// A folder that is never a sensible output.
    #[error("refusing to write a folder at {}: {why}", path.display())]
    Unsuitable { path: PathBuf, why: &'static str },
    #[error("cannot write CSV to {}: {source}", path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> SaveError + '_ {
    move |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What an output is: a single file or a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
}

/// Checks `out` against the output-path policy (see the module doc): what stands at `out` may
/// be replaced, `out` is a sensible target, and it neither is, contains nor lies inside any of
/// `inputs`. Nothing is written.
pub fn check_output(out: &Path, kind: Kind, inputs: &[PathBuf]) -> Result<(), SaveError> {
    let not = |what| SaveError::NotReplaceable {
        path: out.to_path_buf(),
        kind: what,
    };
    let meta = fs::symlink_metadata(out).ok();
    if let Some(m) = &meta {
        let t = m.file_type();
        if t.is_symlink() {
            return Err(not("a symbolic link"));
        }
        if let Some(what) = special_kind(&t) {
            return Err(not(what));
        }
        if t.is_dir() && kind == Kind::File {
            return Err(not("a folder (a file was expected)"));
        }
    }
    let abs = absolute(out).map_err(io_err(out))?;
    let unsuitable = |why| SaveError::Unsuitable {
        path: out.to_path_buf(),
        why,
    };
    if abs.parent().is_none() {
        return Err(unsuitable("it is the root of the file system"));
    }
    if kind == Kind::Folder {
        if let Ok(cwd) = std::env::current_dir().and_then(fs::canonicalize) {
            if cwd.starts_with(&abs) {
                return Err(unsuitable(
                    "it is the current folder or contains it; write to a new folder inside it",
                ));
            }
        }
        if let Some(home) = std::env::var_os("HOME").and_then(|h| fs::canonicalize(h).ok()) {
            if home == abs {
                return Err(unsuitable(
                    "it is your home folder; write to a new folder inside it",
                ));
            }
        }
        if meta.as_ref().is_some_and(|m| m.is_dir()) && is_mount_point(&abs) {
            return Err(unsuitable(
                "it is a mount point (a folder is written by renaming a new one into place, which cannot cross file systems); write to a new folder inside it",
            ));
        }
    }
    for input in inputs {
        let Ok(inp) = absolute(input) else { continue };
        let relation = if inp == abs {
            "is"
        } else if inp.starts_with(&abs) {
            "contains"
        } else if abs.starts_with(&inp) {
            "is inside"
        } else {
            continue;
        };
        return Err(SaveError::Input {
            path: out.to_path_buf(),
            input: input.clone(),
            relation,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        None
    }
}

#[cfg(not(unix))]
fn special_kind(t: &fs::FileType) -> Option<&'static str> {
    (!t.is_file() && !t.is_dir() && !t.is_symlink()).then_some("not a regular file")
}

#[cfg(unix)]
fn is_mount_point(abs: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Some(parent), Ok(m)) = (abs.parent(), fs::metadata(abs)) else {
        return false;
    };
    fs::metadata(parent).is_ok_and(|p| p.dev() != m.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_abs: &Path) -> bool {
    false
}

/// `p` made absolute with symbolic links and `..` resolved: the longest existing ancestor is
/// canonicalised and the rest appended (`..` in the missing part removes the previous name).
fn absolute(p: &Path) -> io::Result<PathBuf> {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut c) => {
                for name in rest.iter().rev() {
                    match name {
                        Component::ParentDir => {
                            c.pop();
                        }
                        Component::Normal(n) => c.push(n),
                        _ => {}
                    }
                }
                return Ok(c);
            }
            Err(e) => {
                let (Some(parent), Some(last)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Err(e);
                };
                rest.push(last);
                existing = parent;
            }
        }
    }
}

/// The start of every temporary's name.
const TMP: &str = ".hoptac-tmp-";
/// The start of the name of a previous output folder moved aside during a swap.
const OLD: &str = ".hoptac-old-";
/// The marker file in a temporary (or moved-aside) folder.
const TMP_MARKER: &str = ".hoptac-tmp";
const TMP_MARKER_HEAD: &str = "hoptac temporary folder";

/// `<pid>.<start>-<host>-`: what follows [`TMP`] or [`OLD`] in the name of this process's
/// temporaries; `<start>` is the process's start time (so that a later process given the same
/// pid is not taken for it).
fn tmp_tag() -> String {
    let pid = std::process::id();
    format!("{pid}.{}-{}-", proc_start(pid).unwrap_or(0), host_tag())
}

/// The start time of process `pid` in clock ticks since boot (`/proc/<pid>/stat`, field 22).
fn proc_start(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after = stat.rsplit_once(')')?.1;
    after.split_whitespace().nth(19)?.parse().ok()
}

/// A short, stable tag of this machine's host name (FNV-1a, 8 hex digits).
fn host_tag() -> String {
    let name = fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    for b in name.trim().bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// Whether process `pid` may be alive: `false` only when `/proc` exists and has no entry for it.
fn pid_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// Whether the process that wrote a temporary (its pid and start time) may still run: a
/// process with that pid that started at another time is another process.
fn writer_alive(pid: u32, start: Option<u64>) -> bool {
    match (start, proc_start(pid)) {
        (Some(want), Some(now)) if want != 0 => want == now,
        _ => pid_alive(pid),
    }
}

/// The pid in a temporary's name `<prefix><pid>[.<start>]-<host>-…`, if the host is this
/// machine and the process that wrote it is gone.
fn stale_pid(name: &str, prefix: &str, host: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let (writer, rest) = rest.split_once('-')?;
    let (h, _) = rest.split_once('-')?;
    let (pid, start) = match writer.split_once('.') {
        Some((p, s)) => (p, s.parse::<u64>().ok()),
        None => (writer, None),
    };
    let pid: u32 = pid.parse().ok()?;
    (h == host && !writer_alive(pid, start)).then_some(pid)
}

/// The marker of a temporary folder: `(target, moved-aside folder)` names, if it is ours.
fn read_marker(dir: &Path) -> Option<(String, String)> {
    let s = fs::read_to_string(dir.join(TMP_MARKER)).ok()?;
    let mut lines = s.lines();
    if lines.next()? != TMP_MARKER_HEAD {
        return None;
    }
    let mut target = String::new();
    let mut old = String::new();
    for l in lines {
        if let Some(t) = l.strip_prefix("target ") {
            target = t.to_string();
        } else if let Some(o) = l.strip_prefix("old ") {
            old = o.to_string();
        }
    }
    Some((target, old))
}

fn write_marker(dir: &Path, target: &str, old: &str) -> io::Result<()> {
    fs::write(
        dir.join(TMP_MARKER),
        format!(
            "{TMP_MARKER_HEAD}\npid {}\ntarget {target}\nold {old}\n",
            std::process::id()
        ),
    )
}

/// Removes the stale temporaries of dead hoptac processes in `parent` (see the module doc), and
/// puts back a folder moved aside by a swap that was interrupted before the new folder was in
/// place. Best effort: anything that cannot be removed stays.
pub fn clean_stale(parent: &Path) {
    let host = host_tag();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(TMP) || n.starts_with(OLD))
        .collect();
    // Temporaries first: they say which moved-aside folder to put back.
    names.sort_by_key(|n| n.starts_with(OLD));
    for name in names {
        let path = parent.join(&name);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let prefix = if name.starts_with(TMP) { TMP } else { OLD };
        if stale_pid(&name, prefix, &host).is_none() {
            continue;
        }
        if meta.file_type().is_file() && prefix == TMP && name.ends_with(".part") {
            let _ = fs::remove_file(&path);
        } else if meta.file_type().is_dir() {
            let Some((target, old)) = read_marker(&path) else {
                // Killed between creating the folder and writing its marker (or while
                // writing it): nothing but that can be in it, so an empty folder, or one that
                // holds only a cut marker, goes too. Anything else stays.
                let only_marker = fs::read_dir(&path)
                    .is_ok_and(|mut d| d.all(|e| e.is_ok_and(|e| e.file_name() == TMP_MARKER)));
                if only_marker {
                    let _ = fs::remove_file(path.join(TMP_MARKER));
                    let _ = fs::remove_dir(&path);
                }
                continue;
            };
            if prefix == TMP && !old.is_empty() && !target.is_empty() && !target.contains('/') {
                let (old_path, target_path) = (parent.join(&old), parent.join(&target));
                if old.starts_with(OLD)
                    && !old.contains('/')
                    && read_marker(&old_path).is_some()
                    && fs::symlink_metadata(&target_path).is_err()
                    && fs::rename(&old_path, &target_path).is_ok()
                {
                    let _ = fs::remove_file(target_path.join(TMP_MARKER));
                }
            }
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// The folder that holds `path` (`.` for a bare name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `contents` to `path` atomically (temporary file in the same folder, then rename),
/// after [`check_output`] (`inputs`: the paths the command read).
pub fn write_file_atomic(
    path: &Path,
    contents: &[u8],
    inputs: &[PathBuf],
) -> Result<(), SaveError> {
    write_file_atomic_with(path, inputs, |w| w.write_all(contents))
}

/// [`write_file_atomic`] of what `write` writes, as it writes it (through a buffer), for an
/// output too large to hold: the file appears only once `write` succeeded.
pub fn write_file_atomic_with(
    path: &Path,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    check_output(path, Kind::File, inputs)?;
    let dir = parent_of(path);
    clean_stale(&dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TMP}{}", tmp_tag()))
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(io_err(path))?;
    // Temporary files are created private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = fs::Permissions::from_mode(0o644);
        tmp.as_file().set_permissions(perms).map_err(io_err(path))?;
    }
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        write(&mut w).map_err(io_err(path))?;
        w.flush().map_err(io_err(path))?;
    }
    tmp.as_file().sync_all().map_err(io_err(path))?;
    tmp.persist(path).map_err(|e| SaveError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// Builds a folder atomically: `build` fills a temporary sibling of `out`, which then replaces
/// `out`. `is_ours` says whether an existing non-empty `out` may be replaced (with `force`).
/// `inputs`: the paths the command read ([`check_output`]).
pub fn write_dir_atomic(
    out: &Path,
    force: bool,
    what: &'static str,
    inputs: &[PathBuf],
    is_ours: impl Fn(&Path) -> bool,
    build: impl FnOnce(&Path) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
    check_output(out, Kind::Folder, inputs)?;
    if existing_nonempty(out, what)? {
        if !is_ours(out) {
            return Err(SaveError::Foreign {
                path: out.to_path_buf(),
                what,
            });
        }
        if !force {
            return Err(SaveError::Exists {
                path: out.to_path_buf(),
            });
        }
    }
    build_and_swap(out, build)
}

/// Like [`write_dir_atomic`] for outputs that are regenerated as a whole (reports): an existing
/// folder that `is_ours` recognises is replaced without asking; any other non-empty folder only
/// with `force`. A path that exists and is not a folder is never replaced.
pub fn replace_dir_atomic(
    out: &Path,
    force: bool,
    what: &'static str,
    inputs: &[PathBuf],
    is_ours: impl Fn(&Path) -> bool,
    build: impl FnOnce(&Path) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
    check_output(out, Kind::Folder, inputs)?;
    if existing_nonempty(out, what)? && !force && !is_ours(out) {
        return Err(SaveError::NotOurs {
            path: out.to_path_buf(),
            what,
        });
    }
    build_and_swap(out, build)
}

/// Whether `out` is a non-empty folder; an error when it exists and is not a folder.
fn existing_nonempty(out: &Path, what: &'static str) -> Result<bool, SaveError> {
    if out.exists() && !out.is_dir() {
        return Err(SaveError::Foreign {
            path: out.to_path_buf(),
            what,
        });
    }
    match fs::read_dir(out) {
        Ok(mut it) => Ok(it.next().is_some()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_err(out)(e)),
    }
}

/// A temporary folder removed on drop unless [`TmpDir::keep`] was called.
struct TmpDir(Option<PathBuf>);

impl Drop for TmpDir {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_dir_all(p);
        }
    }
}

/// Fills a temporary sibling of `out` with `build`, then swaps it into place.
fn build_and_swap(
    out: &Path,
    build: impl FnOnce(&Path) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
    let parent = parent_of(out);
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    clean_stale(&parent);
    let tag = tmp_tag();
    let tmp_path = tempfile::Builder::new()
        .prefix(&format!("{TMP}{tag}"))
        .tempdir_in(&parent)
        .map_err(io_err(&parent))?
        .keep();
    let mut guard = TmpDir(Some(tmp_path.clone()));
    let target = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suffix = tmp_path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(TMP))
        .unwrap_or("x")
        .to_string();
    let old_name = format!("{OLD}{suffix}");
    let exists = fs::symlink_metadata(out).is_ok();
    write_marker(&tmp_path, &target, if exists { &old_name } else { "" })
        .map_err(io_err(&tmp_path))?;
    build(&tmp_path)?;
    if exists {
        // Move the old folder aside, put the new one in place, then delete the old one; if the
        // second rename fails the old folder is put back.
        let old = parent.join(&old_name);
        fs::rename(out, &old).map_err(io_err(out))?;
        let _ = write_marker(&old, &target, "");
        if let Err(e) = fs::rename(&tmp_path, out) {
            if fs::rename(&old, out).is_ok() {
                let _ = fs::remove_file(out.join(TMP_MARKER));
            }
            return Err(io_err(out)(e));
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(&tmp_path, out).map_err(io_err(out))?;
    }
    guard.0 = None;
    let _ = fs::remove_file(out.join(TMP_MARKER));
    Ok(())
}

/// Writes `ds` as a dataset folder at `out` (see [`write_dir_atomic`] for the replace rules;
/// `inputs`: the paths the command read). Cells are written as they are, with no spreadsheet
/// neutralisation, so that loading the folder gives back the same dataset.
pub fn write_dataset(
    ds: &Dataset,
    out: &Path,
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), SaveError> {
    write_dataset_with(ds, out, force, inputs, &[])
}

/// [`write_dataset`], with `extra` files (name, bytes) written verbatim beside the CSV files in
/// the same atomic step: a copy of a dataset keeps its data-sharing rules (`policy.toml`,
/// `visibility.csv`) or is not written at all.
pub fn write_dataset_with(
    ds: &Dataset,
    out: &Path,
    force: bool,
    inputs: &[PathBuf],
    extra: &[(&str, &[u8])],
) -> Result<(), SaveError> {
    write_dir_atomic(
        out,
        force,
        "a hoptac dataset folder",
        inputs,
        |p| p.join("universities.csv").is_file(),
        |dir| {
            write_dataset_files(ds, dir)?;
            for (name, bytes) in extra {
                let path = dir.join(name);
                let mut f = fs::File::create(&path).map_err(io_err(&path))?;
                f.write_all(bytes).map_err(io_err(&path))?;
                f.sync_all().map_err(io_err(&path))?;
            }
            Ok(())
        },
    )
}

fn csv_writer(
    dir: &Path,
    name: &str,
) -> Result<(csv::Writer<BufWriter<fs::File>>, PathBuf), SaveError> {
    let path = dir.join(name);
    let f = fs::File::create(&path).map_err(io_err(&path))?;
    Ok((
        csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, f)),
        path,
    ))
}

fn finish(mut w: csv::Writer<BufWriter<fs::File>>, path: &Path) -> Result<(), SaveError> {
    w.flush().map_err(io_err(path))?;
    let inner = w.into_inner().map_err(|e| io_err(path)(e.into_error()))?;
    inner
        .into_inner()
        .map_err(|e| io_err(path)(e.into_error()))?
        .sync_all()
        .map_err(io_err(path))
}

/// Writes the six files, and `terms.csv` when the dataset has terms, into an existing folder.
fn write_dataset_files(ds: &Dataset, dir: &Path) -> Result<(), SaveError> {
    let csv_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SaveError::Csv { path, source }
    };
    let join = |v: &mut dyn Iterator<Item = &str>| v.collect::<Vec<_>>().join(";");

    let (mut w, p) = csv_writer(dir, "universities.csv")?;
    w.write_record([
        "id",
        "short_name",
        "name_vi",
        "name_en",
        "city",
        "region",
        "country",
        "consortium",
        "aliases",
    ])
    .map_err(csv_err(&p))?;
    for u in &ds.universities {
        w.write_record([
            u.id.as_str(),
            &u.short_name,
            &u.name_vi,
            &u.name_en,
            &u.city,
            u.region.as_str(),
            &u.country,
            if u.consortium { "true" } else { "false" },
            &join(&mut u.aliases.iter().map(String::as_str)),
        ])
        .map_err(csv_err(&p))?;
    }
    finish(w, &p)?;

    let (mut w, p) = csv_writer(dir, "fields.csv")?;
    w.write_record(["id", "name_vi", "name_en", "related", "aliases"])
        .map_err(csv_err(&p))?;
    for f in &ds.fields {
        w.write_record([
            f.id.as_str(),
            &f.name_vi,
            &f.name_en,
            &join(&mut f.related.iter().map(|r| ds.field(*r).id.as_str())),
            &join(&mut f.aliases.iter().map(String::as_str)),
        ])
        .map_err(csv_err(&p))?;
    }
    finish(w, &p)?;

    let (mut w, p) = csv_writer(dir, "researchers.csv")?;
    w.write_record([
        "id",
        "name",
        "university",
        "title",
        "h_index",
        "publications",
        "max_teams",
    ])
    .map_err(csv_err(&p))?;
    let mut ibuf = itoa::Buffer::new();
    for r in &ds.researchers {
        let h = ibuf.format(r.h_index).to_string();
        let pubs = ibuf.format(r.publications).to_string();
        let teams = ibuf.format(r.max_teams).to_string();
        w.write_record([
            r.id.as_str(),
            &r.name,
            &ds.university(r.university).id,
            r.title.as_str(),
            &h,
            &pubs,
            &teams,
        ])
        .map_err(csv_err(&p))?;
    }
    finish(w, &p)?;

    let (mut w, p) = csv_writer(dir, "expertise.csv")?;
    w.write_record(["researcher", "field", "level"])
        .map_err(csv_err(&p))?;
    for e in &ds.expertise {
        w.write_record([
            ds.researcher(e.researcher).id.as_str(),
            &ds.field(e.field).id,
            &format_level(e.level),
        ])
        .map_err(csv_err(&p))?;
    }
    finish(w, &p)?;

    let (mut w, p) = csv_writer(dir, "labs.csv")?;
    w.write_record([
        "id",
        "name",
        "university",
        "fields",
        "equipment",
        "access",
        "capacity_hours",
    ])
    .map_err(csv_err(&p))?;
    for l in &ds.labs {
        w.write_record([
            l.id.as_str(),
            &l.name,
            &ds.university(l.university).id,
            &join(&mut l.fields.iter().map(|f| ds.field(*f).id.as_str())),
            &join(&mut l.equipment.iter().map(String::as_str)),
            l.access.as_str(),
            &l.capacity_hours.to_string(),
        ])
        .map_err(csv_err(&p))?;
    }
    finish(w, &p)?;

    let (mut w, p) = csv_writer(dir, "coauthorships.csv")?;
    w.write_record(["a", "b", "papers", "first_year", "last_year"])
        .map_err(csv_err(&p))?;
    let mut rec = csv::ByteRecord::new();
    for c in &ds.coauthorships {
        rec.clear();
        rec.push_field(ds.researcher(c.a).id.as_bytes());
        rec.push_field(ds.researcher(c.b).id.as_bytes());
        rec.push_field(ibuf.format(c.papers).as_bytes());
        rec.push_field(ibuf.format(c.first_year).as_bytes());
        rec.push_field(ibuf.format(c.last_year).as_bytes());
        w.write_byte_record(&rec).map_err(csv_err(&p))?;
    }
    finish(w, &p)?;

    if ds.term_weights.is_empty() {
        return Ok(());
    }
    // `load::TERMS_FILE` (same layer: named here).
    let (mut w, p) = csv_writer(dir, "terms.csv")?;
    w.write_record(["researcher", "term", "weight", "year"])
        .map_err(csv_err(&p))?;
    for t in &ds.term_weights {
        rec.clear();
        rec.push_field(ds.researcher(t.researcher).id.as_bytes());
        rec.push_field(ds.term(t.term).name.as_bytes());
        rec.push_field(format_weight(t.weight).as_bytes());
        rec.push_field(ibuf.format(t.year).as_bytes());
        w.write_byte_record(&rec).map_err(csv_err(&p))?;
    }
    finish(w, &p)
}

/// A term weight as written to CSV: at most four decimals, no trailing zeros (`0.25`, `1`).
pub fn format_weight(weight: f32) -> String {
    let s = format!("{:.4}", weight);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "0" {
        // Never below what the loader accepts.
        "0.0001".to_string()
    } else {
        s.to_string()
    }
}

/// A level as written to CSV: at most two decimals, no trailing zeros (`0.8`, `0.75`, `1`).
pub fn format_level(level: f32) -> String {
    let s = format!("{:.2}", level);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_format_is_short() {
        assert_eq!(format_level(0.8), "0.8");
        assert_eq!(format_level(0.75), "0.75");
        assert_eq!(format_level(1.0), "1");
    }

    #[test]
    fn atomic_dir_refuses_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("x");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = write_dir_atomic(&out, true, "a thing", &[], |_| false, |_| Ok(())).unwrap_err();
        assert!(matches!(err, SaveError::Foreign { .. }));
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn failed_build_leaves_previous_folder_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("x");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("universities.csv"), "old").unwrap();
        let err = write_dir_atomic(
            &out,
            true,
            "a thing",
            &[],
            |_| true,
            |d| {
                fs::write(d.join("universities.csv"), "new").unwrap();
                Err(SaveError::Exists {
                    path: d.to_path_buf(),
                })
            },
        );
        assert!(err.is_err());
        assert_eq!(
            fs::read_to_string(out.join("universities.csv")).unwrap(),
            "old"
        );
        // No temporary folder is left behind.
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn replace_with_force_swaps_contents() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("x");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("universities.csv"), "old").unwrap();
        let build = |d: &Path| fs::write(d.join("universities.csv"), "new").map_err(io_err(d));
        assert!(matches!(
            write_dir_atomic(&out, false, "a thing", &[], |_| true, build),
            Err(SaveError::Exists { .. })
        ));
        write_dir_atomic(&out, true, "a thing", &[], |_| true, build).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("universities.csv")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn replace_dir_needs_force_only_for_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("x");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let ours = |p: &Path| p.join(".marker").is_file();
        let build = |d: &Path| fs::write(d.join(".marker"), "new").map_err(io_err(d));
        let err = replace_dir_atomic(&out, false, "a report", &[], ours, build).unwrap_err();
        assert!(matches!(err, SaveError::NotOurs { .. }), "{err}");
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        replace_dir_atomic(&out, true, "a report", &[], ours, build).unwrap();
        assert!(!out.join("notes.txt").exists());
        // Now it is ours: replaced without --force.
        let build2 = |d: &Path| fs::write(d.join(".marker"), "newer").map_err(io_err(d));
        replace_dir_atomic(&out, false, "a report", &[], ours, build2).unwrap();
        assert_eq!(fs::read_to_string(out.join(".marker")).unwrap(), "newer");
        // A file in the way is never replaced.
        let file = tmp.path().join("f");
        fs::write(&file, "x").unwrap();
        let err = replace_dir_atomic(&file, true, "a report", &[], ours, build).unwrap_err();
        assert!(matches!(err, SaveError::Foreign { .. }));
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
    }

    /// The pid of a process that has exited (spawned and waited for).
    fn dead_pid() -> u32 {
        let mut c = std::process::Command::new("true").spawn().unwrap();
        let pid = c.id();
        c.wait().unwrap();
        assert!(!pid_alive(pid));
        pid
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let host = host_tag();
        let dead = dead_pid();
        let me = std::process::id();
        let mk = |name: &str, marker: bool| {
            let d = tmp.path().join(name);
            fs::create_dir(&d).unwrap();
            fs::write(d.join("index.html"), "x").unwrap();
            if marker {
                write_marker(&d, "r", "").unwrap();
            }
            d
        };
        let stale = mk(&format!("{TMP}{dead}-{host}-abc"), true);
        let alive = mk(&format!("{TMP}{me}-{host}-abc"), true);
        let start = proc_start(me).unwrap();
        let alive_stamped = mk(&format!("{TMP}{me}.{start}-{host}-abc"), true);
        // This pid, but another start time: a process that had the pid before, now gone.
        let reused = mk(&format!("{TMP}{me}.{}-{host}-abc", start + 1), true);
        let unmarked = mk(&format!("{TMP}{dead}-{host}-def"), false);
        // Killed right after creating its folder, or while writing the marker.
        let empty = tmp.path().join(format!("{TMP}{dead}-{host}-emp"));
        fs::create_dir(&empty).unwrap();
        let cut = tmp.path().join(format!("{TMP}{dead}-{host}-cut"));
        fs::create_dir(&cut).unwrap();
        fs::write(cut.join(TMP_MARKER), &TMP_MARKER_HEAD[..3]).unwrap();
        let empty_alive = tmp.path().join(format!("{TMP}{me}-{host}-emp"));
        fs::create_dir(&empty_alive).unwrap();
        let other_host = mk(&format!("{TMP}{dead}-00000000-abc"), true);
        let not_ours = mk("hoptac-tmp-1-x", true);
        let part = tmp.path().join(format!("{TMP}{dead}-{host}-xyz.part"));
        fs::write(&part, "half").unwrap();
        #[cfg(unix)]
        let link = {
            let l = tmp.path().join(format!("{TMP}{dead}-{host}-lnk"));
            std::os::unix::fs::symlink(&alive, &l).unwrap();
            l
        };
        clean_stale(tmp.path());
        assert!(!stale.exists());
        assert!(!part.exists());
        assert!(!empty.exists() && !cut.exists());
        assert!(
            empty_alive.is_dir(),
            "a live run's folder stays, empty or not"
        );
        assert!(
            !reused.exists(),
            "a reused pid does not keep a dead run's temporary"
        );
        for kept in [&alive, &alive_stamped, &unmarked, &other_host, &not_ours] {
            assert!(kept.join("index.html").is_file(), "{}", kept.display());
        }
        #[cfg(unix)]
        assert!(fs::symlink_metadata(&link).is_ok());
    }

    #[test]
    fn an_interrupted_swap_is_put_back_on_the_next_run() {
        let tmp = tempfile::tempdir().unwrap();
        let (host, dead) = (host_tag(), dead_pid());
        // Killed after the old folder was moved aside and before the new one was in place.
        let old_name = format!("{OLD}{dead}-{host}-abc");
        let old = tmp.path().join(&old_name);
        fs::create_dir(&old).unwrap();
        fs::write(old.join("universities.csv"), "previous").unwrap();
        write_marker(&old, "data", "").unwrap();
        let new = tmp.path().join(format!("{TMP}{dead}-{host}-abc"));
        fs::create_dir(&new).unwrap();
        write_marker(&new, "data", &old_name).unwrap();
        clean_stale(tmp.path());
        let target = tmp.path().join("data");
        assert_eq!(
            fs::read_to_string(target.join("universities.csv")).unwrap(),
            "previous"
        );
        assert!(!target.join(TMP_MARKER).exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_final_swap_leaves_no_temporary() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("r");
        // Something else creates a non-empty folder at the target while the output is built:
        // the final rename fails, and the temporary folder goes.
        let err = replace_dir_atomic(
            &out,
            false,
            "a report",
            &[],
            |_| true,
            |d| {
                fs::write(d.join("index.html"), "new").map_err(io_err(d))?;
                fs::create_dir(&out).map_err(io_err(&out))?;
                fs::write(out.join("theirs"), "x").map_err(io_err(&out))
            },
        )
        .unwrap_err();
        assert!(matches!(err, SaveError::Io { .. }), "{err}");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("r")]);
        assert_eq!(fs::read_to_string(out.join("theirs")).unwrap(), "x");
    }

    #[test]
    fn temporaries_are_named_with_the_pid_and_a_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("r");
        let seen = std::cell::RefCell::new(None);
        replace_dir_atomic(
            &out,
            false,
            "a report",
            &[],
            |_| true,
            |d| {
                *seen.borrow_mut() = Some((
                    d.file_name().unwrap().to_string_lossy().into_owned(),
                    read_marker(d),
                ));
                Ok(())
            },
        )
        .unwrap();
        let (name, marker) = seen.into_inner().unwrap();
        assert!(
            name.starts_with(&format!(
                "{TMP}{}.{}-{}-",
                std::process::id(),
                proc_start(std::process::id()).unwrap(),
                host_tag()
            )),
            "{name}"
        );
        assert_eq!(marker, Some(("r".to_string(), String::new())));
        assert!(!out.join(TMP_MARKER).exists(), "the marker does not stay");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_and_our_folders_are_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        fs::write(&file, "x").unwrap();
        let link = tmp.path().join("l");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let fifo = tmp.path().join("p");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let kind = |p: &Path, k| match check_output(p, k, &[]) {
            Err(SaveError::NotReplaceable { kind, .. }) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            kind(Path::new("/dev/null"), Kind::File),
            "a character device"
        );
        assert_eq!(kind(&link, Kind::File), "a symbolic link");
        assert_eq!(kind(&link, Kind::Folder), "a symbolic link");
        assert_eq!(kind(&fifo, Kind::File), "a FIFO (named pipe)");
        assert_eq!(
            kind(tmp.path(), Kind::File),
            "a folder (a file was expected)"
        );
        assert!(check_output(&file, Kind::File, &[]).is_ok());
        assert!(check_output(&tmp.path().join("new"), Kind::File, &[]).is_ok());
        // Nothing was touched.
        assert_eq!(fs::read_to_string(&file).unwrap(), "x");
        assert!(write_file_atomic(&fifo, b"y", &[]).is_err());
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn an_output_never_is_contains_or_lies_inside_an_input() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("a/data");
        fs::create_dir_all(&data).unwrap();
        fs::write(data.join("universities.csv"), "id\n").unwrap();
        let inputs = [data.clone()];
        let relation = |p: &Path, k| match check_output(p, k, &inputs) {
            Err(SaveError::Input { relation, .. }) => relation,
            other => panic!("{}: {other:?}", p.display()),
        };
        assert_eq!(relation(&data, Kind::Folder), "is");
        // Spelled differently: a trailing `.` and a `..` detour.
        assert_eq!(relation(&data.join("."), Kind::Folder), "is");
        assert_eq!(
            relation(&tmp.path().join("a/x/../data"), Kind::Folder),
            "is"
        );
        assert_eq!(
            relation(&data.join("universities.csv"), Kind::File),
            "is inside"
        );
        assert_eq!(
            relation(&data.join("new/report"), Kind::Folder),
            "is inside"
        );
        assert_eq!(relation(&tmp.path().join("a"), Kind::Folder), "contains");
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&data, &link).unwrap();
            assert_eq!(relation(&link.join("out"), Kind::Folder), "is inside");
        }
        assert!(check_output(&tmp.path().join("a/report"), Kind::Folder, &inputs).is_ok());
    }

    #[test]
    fn the_root_is_never_a_target() {
        for k in [Kind::Folder, Kind::File] {
            assert!(matches!(
                check_output(Path::new("/"), k, &[]),
                Err(SaveError::Unsuitable { .. } | SaveError::NotReplaceable { .. })
            ));
        }
        let err = check_output(Path::new("/"), Kind::Folder, &[]).unwrap_err();
        assert!(err.to_string().contains("root of the file system"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_mount_point_is_never_a_target() {
        // /proc is a file system of its own wherever /proc exists.
        let proc = Path::new("/proc");
        if !is_mount_point(proc) {
            println!("skipped: /proc is not a mount point here");
            return;
        }
        let err = check_output(proc, Kind::Folder, &[]).unwrap_err();
        assert!(err.to_string().contains("mount point"), "{err}");
    }
}
