//! Questions about the dataset as a whole, and the ones that make or read whole datasets:
//! validation, counts, name resolution, graph export, synthetic generation, bibliographic
//! import and the temporal backtest.

use std::path::PathBuf;

use super::{load_dataset, Engine, Error, Found, Request};
use crate::evaluate::{self, EvalConfig, Evaluation};
use crate::export::{self, GraphFormat, Selection};
use crate::generate::{self, GenConfig};
use crate::import::{self, ImportConfig};
use crate::load::{self, LoadError, Problems, Source};
use crate::model::Dataset;
use crate::policy::Attribute;
use crate::resolve::{self, Match, Resolution, ResolveError};
use crate::save;
use crate::stats;
use crate::table::Table;

/// How many records of each kind a dataset holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub universities: usize,
    pub fields: usize,
    pub researchers: usize,
    pub expertise: usize,
    pub labs: usize,
    pub coauthorships: usize,
}

impl Counts {
    pub fn of(ds: &Dataset) -> Counts {
        Counts {
            universities: ds.universities.len(),
            fields: ds.fields.len(),
            researchers: ds.researchers.len(),
            expertise: ds.expertise.len(),
            labs: ds.labs.len(),
            coauthorships: ds.coauthorships.len(),
        }
    }
}

/// The outcome of checking a dataset: clean, or every problem found.
#[derive(Clone, Debug, PartialEq)]
pub enum Validation {
    Valid(Counts),
    Invalid(Problems),
}

/// Checks a dataset. Problems in the data are an answer ([`Validation::Invalid`]); a folder
/// that cannot be read at all is an error.
pub fn validate(source: &Source) -> Result<Validation, Error> {
    match load::load(source) {
        Ok(ds) => Ok(Validation::Valid(Counts::of(&ds))),
        Err(LoadError::Invalid { problems }) => Ok(Validation::Invalid(problems)),
        Err(error) => Err(Error::Load {
            source_name: source.to_string(),
            error,
        }),
    }
}

/// Counts per node and edge kind, per university and per field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatsRequest {}

#[derive(Clone, Debug, PartialEq)]
pub struct StatsResponse {
    pub tables: Vec<Table>,
}

pub fn stats(e: &Engine, _req: &StatsRequest) -> Result<StatsResponse, Error> {
    Ok(StatsResponse {
        tables: stats::tables(e.people()),
    })
}

/// What names are looked up as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameKind {
    #[default]
    University,
    Field,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::University => "university",
            NameKind::Field => "field",
        }
    }
}

/// Free-text names to ids.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResolveRequest {
    pub names: Vec<String>,
    pub kind: NameKind,
}

/// One entity a name may mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
}

/// What one name resolved to.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    Found(Named, Match),
    /// Several entities match equally well: every one of them.
    Ambiguous(Vec<Named>, ResolveError),
    /// Nothing matches: the nearest entities.
    Unknown(Vec<Named>, ResolveError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResolveResponse {
    pub kind: NameKind,
    /// One per name, in request order.
    pub names: Vec<(String, Resolved)>,
}

impl Found for ResolveResponse {
    fn found(&self) -> bool {
        self.names
            .iter()
            .all(|(_, r)| matches!(r, Resolved::Found(..)))
    }
}

pub fn resolve(ds: &Dataset, req: &ResolveRequest) -> Result<ResolveResponse, Error> {
    let named = |i: usize| match req.kind {
        NameKind::University => {
            let u = &ds.universities[i];
            Named {
                id: u.id.clone(),
                name_vi: u.name_vi.clone(),
                name_en: u.name_en.clone(),
            }
        }
        NameKind::Field => {
            let f = &ds.fields[i];
            Named {
                id: f.id.clone(),
                name_vi: f.name_vi.clone(),
                name_en: f.name_en.clone(),
            }
        }
    };
    let (unis, fields) = match req.kind {
        NameKind::University => (Some(resolve::universities(ds)), None),
        NameKind::Field => (None, Some(resolve::fields(ds))),
    };
    let names = req
        .names
        .iter()
        .map(|name| {
            let r: Resolution<usize> = match (&unis, &fields) {
                (Some(ix), _) => ix.resolve(name).map(|u| u.ix()),
                (_, Some(ix)) => ix.resolve(name).map(|f| f.ix()),
                _ => unreachable!("one index is built"),
            };
            let label = |i: usize| {
                let n = named(i);
                format!("{} ({})", n.id, n.name_vi)
            };
            let error = || {
                resolve::into_result(r.clone(), req.kind.as_str(), name, label)
                    .err()
                    .unwrap_or_else(|| unknown(req.kind, name))
            };
            let resolved = match r.clone() {
                Resolution::Found(i, how) => Resolved::Found(named(i), how),
                Resolution::Ambiguous(c) => {
                    Resolved::Ambiguous(c.into_iter().map(named).collect(), error())
                }
                Resolution::Unknown(c) => {
                    Resolved::Unknown(c.into_iter().map(named).collect(), error())
                }
            };
            (name.clone(), resolved)
        })
        .collect();
    Ok(ResolveResponse {
        kind: req.kind,
        names,
    })
}

/// The error for a name that matches nothing (used only if a resolution and its error disagree).
fn unknown(kind: NameKind, name: &str) -> ResolveError {
    ResolveError::Unknown {
        kind: kind.as_str(),
        name: name.to_string(),
        candidates: Vec::new(),
    }
}

/// The graph (or one field's sub-graph) as GraphML, GEXF or DOT.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportRequest {
    pub format: GraphFormat,
    /// Only this field's sub-graph (id or name).
    pub field: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportResponse {
    pub text: String,
}

pub fn export(e: &Engine, req: &ExportRequest) -> Result<ExportResponse, Error> {
    let plan = export_plan(e, req)?;
    let mut text = String::new();
    let _ = plan.write(|part| {
        text.push_str(part);
        Ok::<_, std::convert::Infallible>(())
    });
    Ok(ExportResponse { text })
}

/// An export ready to be written: what [`export()`] holds whole, written in parts instead
/// ([`ExportPlan::write`]), for a graph too large to hold as text.
pub struct ExportPlan<'e> {
    g: &'e crate::graph::Graph,
    sel: Selection,
    format: export::GraphFormat,
}

/// The selection of [`export()`], checked (an unknown field is an error here, before anything
/// is written).
pub fn export_plan<'e>(e: &'e Engine, req: &ExportRequest) -> Result<ExportPlan<'e>, Error> {
    let (g, v) = (e.people(), e.view());
    let sel = match req.field.as_deref() {
        Some(f) => Selection::field(g, e.field(f)?),
        None => Selection::all(g),
    };
    // A withheld researcher or lab is no node at all: not even a count of them is shown.
    let sel = sel.without(
        g,
        |r| !v.sees(r, Attribute::Name),
        |l| !v.sees_lab(l, Attribute::Labs),
    );
    Ok(ExportPlan {
        g,
        sel,
        format: req.format,
    })
}

impl ExportPlan<'_> {
    /// Hands the text of [`export()`] to `sink` in parts of about a megabyte.
    pub fn write<E>(&self, sink: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        export::export_to(self.g, &self.sel, self.format, sink)
    }
}

/// A synthetic consortium written as a dataset folder.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateRequest {
    pub gen: GenConfig,
    pub out: PathBuf,
    /// Replace an existing dataset folder.
    pub overwrite: bool,
    /// Also write `terms.csv` (synthetic term profiles, [`generate::terms`]).
    pub terms: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GenerateResponse {
    pub out: PathBuf,
    pub counts: Counts,
}

/// The largest synthetic consortium `generate` writes: 20 million researchers (about 8 GB of
/// CSV, and the memory to build it).
pub const MAX_GENERATED_RESEARCHERS: usize = 20_000_000;

impl Request for GenerateRequest {
    fn check(&self) -> Result<(), Error> {
        let total = self
            .gen
            .universities
            .saturating_mul(self.gen.researchers_per_university);
        if total > MAX_GENERATED_RESEARCHERS {
            return Err(Error::Invalid {
                field: "researchers_per_university",
                value: format!(
                    "{} (× {} universities = {total} researchers)",
                    self.gen.researchers_per_university, self.gen.universities
                ),
                expected: "at most 20000000 researchers in all",
            });
        }
        let c = self.gen.coauthorships_per_researcher;
        if !(c.is_finite() && (0.0..=1000.0).contains(&c)) {
            return Err(Error::Invalid {
                field: "coauthorships_per_researcher",
                value: c.to_string(),
                expected: "a number from 0 to 1000",
            });
        }
        for (field, v) in [
            ("universities", self.gen.universities),
            (
                "researchers_per_university",
                self.gen.researchers_per_university,
            ),
        ] {
            if v == 0 {
                return Err(Error::Invalid {
                    field,
                    value: v.to_string(),
                    expected: "at least 1",
                });
            }
        }
        Ok(())
    }
}

pub fn generate(req: &GenerateRequest) -> Result<GenerateResponse, Error> {
    req.check()?;
    let mut ds = generate::generate(&req.gen).map_err(|error| Error::Load {
        source_name: "the built-in reference data".into(),
        error,
    })?;
    if req.terms {
        (ds.terms, ds.term_weights) = generate::terms::terms(&ds, req.gen.seed);
    }
    save::write_dataset(&ds, &req.out, req.overwrite, &[])?;
    Ok(GenerateResponse {
        out: req.out.clone(),
        counts: Counts::of(&ds),
    })
}

/// Bibliographic exports → a dataset folder.
#[derive(Clone, Debug)]
pub struct ImportRequest {
    pub import: ImportConfig,
    pub out: PathBuf,
    /// Replace an existing dataset folder.
    pub overwrite: bool,
    /// With `until`: also write the works after it as expert-finding queries here
    /// ([`crate::expert::held_out`]).
    pub held_out: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct ImportResponse {
    pub out: PathBuf,
    /// What the import read, merged and dropped.
    pub summary: import::Summary,
    /// Bad records skipped (`skip_bad`).
    pub skipped: Problems,
    /// The written dataset, as loaded back.
    pub counts: Counts,
    /// The held-out queries written (with `held_out`).
    pub held_out: Option<crate::expert::held_out::HeldOut>,
}

/// Imports, writes the folder atomically, then loads it back: an import promises a dataset
/// that loads.
pub fn import(req: &ImportRequest) -> Result<ImportResponse, Error> {
    if req.held_out.is_some() && req.import.until.is_none() {
        return Err(Error::Invalid {
            field: "held_out",
            value: "without --until".into(),
            expected: "a split year (--until Y): the works after it are the queries",
        });
    }
    let imported = import::import(&req.import)?;
    // The exports and the keyword table are inputs: the folder may not replace or hold them.
    let mut inputs = req.import.inputs.clone();
    inputs.extend(req.import.keywords.clone());
    if let Some(h) = &req.held_out {
        save::check_output(h, save::Kind::File, &inputs)?;
    }
    save::write_dataset(&imported.dataset, &req.out, req.overwrite, &inputs)?;
    let ds = load_dataset(&Source::Dir(req.out.clone()))?;
    let held_out = match &req.held_out {
        Some(path) => {
            let h = crate::expert::held_out::queries(&imported.after_until, &ds);
            let csv = crate::expert::held_out::to_csv(&h);
            save::write_file_atomic(path, csv.as_bytes(), &inputs)?;
            Some(h)
        }
        None => None,
    };
    Ok(ImportResponse {
        out: req.out.clone(),
        summary: imported.summary,
        skipped: imported.skipped,
        counts: Counts::of(&ds),
        held_out,
    })
}

/// A temporal backtest of the recommendations.
#[derive(Clone, Debug)]
pub struct EvaluateRequest {
    pub eval: EvalConfig,
    pub options: evaluate::EvalOptions,
    /// The same export imported with `until` the split year: what the scorers learn from.
    pub train: Option<PathBuf>,
    /// Where to write the fitted profile (TOML, atomically) when `options.fit` is set.
    pub fit_out: Option<PathBuf>,
    /// The paths the engine was loaded from (data folder, profile): `fit_out` may not be, hold
    /// or lie inside one of them, nor inside `train` ([`crate::save::check_output`]).
    pub inputs: Vec<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct EvaluateResponse {
    pub evaluation: Evaluation,
    /// The fitted profile's file, when written.
    pub fit_written: Option<PathBuf>,
}

impl Request for EvaluateRequest {
    fn check(&self) -> Result<(), Error> {
        if self.eval.k == 0 {
            return Err(Error::Invalid {
                field: "k",
                value: "0".into(),
                expected: "at least 1",
            });
        }
        if self.fit_out.is_some() && self.options.fit.is_none() {
            return Err(Error::Invalid {
                field: "fit_out",
                value: "a file".into(),
                expected: "a fit to write (fit)",
            });
        }
        if let Some(f) = &self.options.fit {
            if f.years == 0 {
                return Err(Error::Invalid {
                    field: "fit_years",
                    value: "0".into(),
                    expected: "at least 1",
                });
            }
        }
        Ok(())
    }
}

pub fn evaluate(e: &Engine, req: &EvaluateRequest) -> Result<EvaluateResponse, Error> {
    req.check()?;
    let train = req
        .train
        .as_ref()
        .map(|p| load_dataset(&Source::Dir(p.clone())))
        .transpose()?;
    let evaluation = evaluate::evaluate_with(
        e.data(),
        train.as_ref(),
        &req.eval,
        &req.options,
        e.profile(),
    )?;
    let mut fit_written = None;
    if let (Some(path), Some(f)) = (&req.fit_out, &evaluation.fit) {
        let mut inputs = req.inputs.clone();
        if let Some(t) = &req.train {
            inputs.extend(load::FILES.iter().map(|f| t.join(f)));
        }
        let text = evaluate::fit::profile_toml(f);
        save::write_file_atomic(path, text.as_bytes(), &inputs)?;
        fit_written = Some(path.clone());
    }
    Ok(EvaluateResponse {
        evaluation,
        fit_written,
    })
}
