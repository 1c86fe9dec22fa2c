//! The commands, as library functions: each takes its configuration (plain structs, no clap),
//! loads what it needs, runs the analysis and writes its output to the given writer.
//!
//! This is the only layer besides [`crate::load`] and [`crate::save`] that does I/O. It returns
//! an [`Outcome`] (exit 0 or 1) or an [`Error`] (exit 2), so the binary only maps them to exit
//! codes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::generate::{self, GenConfig};
use crate::graph::Graph;
use crate::load::{self, LoadError, Source};
use crate::model::Dataset;
use crate::output::{self, Cell, Format, Table};
use crate::resolve::{self, Resolution, ResolveError};
use crate::save::{self, SaveError};
use crate::stats;

/// How a command ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit code 0.
    Success,
    /// Exit code 1: nothing found, or the request cannot be met.
    NothingFound,
    /// Exit code 2, after the command printed its own diagnosis (e.g. `validate`).
    Invalid,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Invalid => 2,
        }
    }
}

/// Any error a command can end with (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid dataset {source_name}: {error}")]
    Load {
        source_name: String,
        #[source]
        error: LoadError,
    },
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
}

/// Loads and validates a dataset, naming the source in any error.
pub fn load_dataset(source: &Source) -> Result<Dataset, Error> {
    load::load(source).map_err(|error| Error::Load {
        source_name: source.to_string(),
        error,
    })
}

/// Loads a dataset and builds its graph.
pub fn load_graph(source: &Source) -> Result<Graph, Error> {
    Ok(Graph::build(load_dataset(source)?))
}

/// `hoptac validate`: prints every problem (or a one-line summary when clean).
pub fn validate(source: &Source, out: &mut dyn Write) -> Result<Outcome, Error> {
    match load::load(source) {
        Ok(ds) => {
            writeln!(
                out,
                "{source}: ok ({} universities, {} fields, {} researchers, {} expertise entries, {} labs, {} co-authorships)",
                ds.universities.len(),
                ds.fields.len(),
                ds.researchers.len(),
                ds.expertise.len(),
                ds.labs.len(),
                ds.coauthorships.len()
            )?;
            Ok(Outcome::Success)
        }
        Err(LoadError::Invalid { problems }) => {
            let mut s = String::new();
            let _ = problems.write_to(&mut s, usize::MAX);
            out.write_all(s.as_bytes())?;
            writeln!(
                out,
                "{source}: {} problem{} found",
                problems.total(),
                if problems.total() == 1 { "" } else { "s" }
            )?;
            Ok(Outcome::Invalid)
        }
        Err(error) => Err(Error::Load {
            source_name: source.to_string(),
            error,
        }),
    }
}

/// `hoptac stats`.
pub fn stats(source: &Source, format: Format, out: &mut dyn Write) -> Result<Outcome, Error> {
    let g = load_graph(source)?;
    out.write_all(output::render(&stats::tables(&g), format).as_bytes())?;
    Ok(Outcome::Success)
}

/// What `hoptac resolve` looks names up as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameKind {
    #[default]
    University,
    Field,
}

/// `hoptac resolve`: one row per name; exit 1 when any name is unknown or ambiguous.
pub fn resolve(
    source: &Source,
    names: &[String],
    kind: NameKind,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ds = load_dataset(source)?;
    let mut t = Table::new(
        "resolved",
        "",
        &["input", "status", "id", "name_vi", "name_en", "candidates"],
    );
    let mut all_found = true;
    let (uni_ix, field_ix) = match kind {
        NameKind::University => (Some(resolve::universities(&ds)), None),
        NameKind::Field => (None, Some(resolve::fields(&ds))),
    };
    let describe = |i: usize| -> (String, String, String) {
        match kind {
            NameKind::University => {
                let u = &ds.universities[i];
                (u.id.clone(), u.name_vi.clone(), u.name_en.clone())
            }
            NameKind::Field => {
                let f = &ds.fields[i];
                (f.id.clone(), f.name_vi.clone(), f.name_en.clone())
            }
        }
    };
    for name in names {
        let r: Resolution<usize> = match (&uni_ix, &field_ix) {
            (Some(ix), _) => map_resolution(ix.resolve(name), |u| u.ix()),
            (_, Some(ix)) => map_resolution(ix.resolve(name), |f| f.ix()),
            _ => unreachable!("one index is built"),
        };
        let ids = |v: &[usize]| {
            v.iter()
                .map(|i| describe(*i).0)
                .collect::<Vec<_>>()
                .join(";")
        };
        let row: Vec<Cell> = match &r {
            Resolution::Found(i, how) => {
                let (id, vi, en) = describe(*i);
                vec![
                    name.as_str().into(),
                    how.as_str().into(),
                    id.into(),
                    vi.into(),
                    en.into(),
                    "".into(),
                ]
            }
            Resolution::Ambiguous(c) => {
                all_found = false;
                let e = ResolveError::Ambiguous {
                    kind: kind_name(kind),
                    name: name.clone(),
                    candidates: c.iter().map(|i| label(describe(*i))).collect(),
                };
                writeln!(err, "error: {e}")?;
                vec![
                    name.as_str().into(),
                    "ambiguous".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    ids(c).into(),
                ]
            }
            Resolution::Unknown(c) => {
                all_found = false;
                let e = ResolveError::Unknown {
                    kind: kind_name(kind),
                    name: name.clone(),
                    candidates: c.iter().map(|i| label(describe(*i))).collect(),
                };
                writeln!(err, "error: {e}")?;
                vec![
                    name.as_str().into(),
                    "unknown".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    ids(c).into(),
                ]
            }
        };
        t.push(row);
    }
    out.write_all(output::render(&[t], format).as_bytes())?;
    Ok(if all_found {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

fn kind_name(k: NameKind) -> &'static str {
    match k {
        NameKind::University => "university",
        NameKind::Field => "field",
    }
}

fn label((id, vi, _): (String, String, String)) -> String {
    format!("{id} ({vi})")
}

fn map_resolution<T, U>(r: Resolution<T>, f: impl Fn(T) -> U) -> Resolution<U> {
    match r {
        Resolution::Found(t, m) => Resolution::Found(f(t), m),
        Resolution::Ambiguous(v) => Resolution::Ambiguous(v.into_iter().map(f).collect()),
        Resolution::Unknown(v) => Resolution::Unknown(v.into_iter().map(f).collect()),
    }
}

/// `hoptac generate`.
#[derive(Clone, Debug)]
pub struct GenerateConfig {
    pub gen: GenConfig,
    pub out: PathBuf,
    pub force: bool,
}

pub fn generate(cfg: &GenerateConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    if cfg.gen.universities == 0 || cfg.gen.researchers_per_university == 0 {
        return Err(Error::Usage(
            "--universities and --researchers-per-university must be at least 1".into(),
        ));
    }
    let ds = generate::generate(&cfg.gen).map_err(|error| Error::Load {
        source_name: "the built-in reference data".into(),
        error,
    })?;
    save::write_dataset(&ds, &cfg.out, cfg.force)?;
    writeln!(
        out,
        "wrote {}: {} universities, {} researchers, {} expertise entries, {} labs, {} co-authorships",
        display(&cfg.out),
        ds.universities.len(),
        ds.researchers.len(),
        ds.expertise.len(),
        ds.labs.len(),
        ds.coauthorships.len()
    )?;
    Ok(Outcome::Success)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
