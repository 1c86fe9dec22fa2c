//! Writing: a dataset folder in the format [`crate::load`] reads, and the atomic-write helpers
//! every output uses.
//!
//! Nothing is ever half-written: a file is written to a temporary file beside it and renamed
//! into place; a folder is built as a temporary sibling and renamed into place only when
//! complete. An existing folder is replaced only with `force`, and only if it looks like what
//! we would write (it holds a dataset), so a mistyped `--out` cannot wipe unrelated files.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

/// Writes `contents` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_file_atomic(path: &Path, contents: &[u8]) -> Result<(), SaveError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err(path))?;
    // Temporary files are created private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = fs::Permissions::from_mode(0o644);
        tmp.as_file().set_permissions(perms).map_err(io_err(path))?;
    }
    tmp.write_all(contents).map_err(io_err(path))?;
    tmp.as_file().sync_all().map_err(io_err(path))?;
    tmp.persist(path).map_err(|e| SaveError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// Builds a folder atomically: `build` fills a temporary sibling of `out`, which then replaces
/// `out`. `is_ours` says whether an existing non-empty `out` may be replaced (with `force`).
pub fn write_dir_atomic(
    out: &Path,
    force: bool,
    what: &'static str,
    is_ours: impl Fn(&Path) -> bool,
    build: impl FnOnce(&Path) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
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
    is_ours: impl Fn(&Path) -> bool,
    build: impl FnOnce(&Path) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
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

/// Fills a temporary sibling of `out` with `build`, then swaps it into place.
fn build_and_swap(
    out: &Path,
    build: impl FnOnce(&Path) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".hoptac-tmp-")
        .tempdir_in(&parent)
        .map_err(io_err(&parent))?;
    build(tmp.path())?;
    let tmp_path = tmp.keep();
    if out.exists() {
        // Move the old folder aside, put the new one in place, then delete the old one; if the
        // second rename fails the old folder is put back.
        let old = parent.join(format!(
            ".hoptac-old-{}",
            tmp_path.file_name().and_then(|n| n.to_str()).unwrap_or("x")
        ));
        fs::rename(out, &old).map_err(io_err(out))?;
        if let Err(e) = fs::rename(&tmp_path, out) {
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&tmp_path);
            return Err(io_err(out)(e));
        }
        let _ = fs::remove_dir_all(&old);
    } else if let Err(e) = fs::rename(&tmp_path, out) {
        let _ = fs::remove_dir_all(&tmp_path);
        return Err(io_err(out)(e));
    }
    Ok(())
}

/// Writes `ds` as a dataset folder at `out` (see [`write_dir_atomic`] for the replace rules).
pub fn write_dataset(ds: &Dataset, out: &Path, force: bool) -> Result<(), SaveError> {
    write_dir_atomic(
        out,
        force,
        "a hoptac dataset folder",
        |p| p.join("universities.csv").is_file(),
        |dir| write_dataset_files(ds, dir),
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
        let err = write_dir_atomic(&out, true, "a thing", |_| false, |_| Ok(())).unwrap_err();
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
            write_dir_atomic(&out, false, "a thing", |_| true, build),
            Err(SaveError::Exists { .. })
        ));
        write_dir_atomic(&out, true, "a thing", |_| true, build).unwrap();
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
        let err = replace_dir_atomic(&out, false, "a report", ours, build).unwrap_err();
        assert!(matches!(err, SaveError::NotOurs { .. }), "{err}");
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        replace_dir_atomic(&out, true, "a report", ours, build).unwrap();
        assert!(!out.join("notes.txt").exists());
        // Now it is ours: replaced without --force.
        let build2 = |d: &Path| fs::write(d.join(".marker"), "newer").map_err(io_err(d));
        replace_dir_atomic(&out, false, "a report", ours, build2).unwrap();
        assert_eq!(fs::read_to_string(out.join(".marker")).unwrap(), "newer");
        // A file in the way is never replaced.
        let file = tmp.path().join("f");
        fs::write(&file, "x").unwrap();
        let err = replace_dir_atomic(&file, true, "a report", ours, build).unwrap_err();
        assert!(matches!(err, SaveError::Foreign { .. }));
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
    }
}
