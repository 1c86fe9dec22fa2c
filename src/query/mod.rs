//! The query layer: one typed request and one typed response per question a user asks, each a
//! plain function over a loaded [`Engine`] (the graph and the scoring profile).
//!
//! Every front end — the command line (`src/cli/`), the consortium report ([`crate::report`])
//! and the web server (`crate::serve`) — asks its questions here and only renders the answers (with
//! [`crate::render`] and [`crate::table`]). Nothing here parses arguments or prints; names of
//! universities and fields are resolved here ("an id, else any name [`crate::resolve`]
//! understands"), requests are checked before any data is loaded ([`Request::check`]), and
//! every error is a typed [`Error`] that names the request field, the file and the position.
//!
//! | question | request | response |
//! | --- | --- | --- |
//! | partner universities in a field | [`PartnersRequest`] | [`PartnersResponse`] |
//! | partners with filters (region, joint papers in years) | [`FilteredPartnersRequest`] | [`FilteredPartnersResponse`] |
//! | leaders of a field | [`LeadersRequest`] | [`LeadersResponse`] |
//! | researcher pairs | [`PairsRequest`] | [`PairsResponse`] |
//! | experts for a free-text problem | [`ExpertsRequest`] | [`ExpertsResponse`] |
//! | expert finding against known experts | [`ExpertsEvaluateRequest`] | [`ExpertsEvaluation`] |
//! | teams for a call or a batch | [`TeamsRequest`] | [`TeamsResponse`] |
//! | shared-lab opportunities | [`LabsRequest`] | [`LabsResponse`] |
//! | equipment search | [`EquipmentRequest`] | [`EquipmentResponse`] |
//! | joint-lab proposals | [`JointRequest`] | [`JointResponse`] |
//! | one researcher | [`ResearcherRequest`] | [`ResearcherResponse`] |
//! | counts | [`StatsRequest`] | [`StatsResponse`] |
//! | names to ids | [`ResolveRequest`] | [`ResolveResponse`] |
//! | the consortium report | [`ReportRequest`] | [`report::Model`] |
//! | the graph for Gephi | [`ExportRequest`] | [`ExportResponse`] |
//! | bibliographic import | [`ImportRequest`] | [`ImportResponse`] |
//! | backtest | [`EvaluateRequest`] | [`EvaluateResponse`] |
//! | synthetic data | [`GenerateRequest`] | [`GenerateResponse`] |
//! | dataset check | [`validate`] | [`Validation`] |
//! | pairs, updates, partner strength and ties on dataflow (feature `dataflow`) | `DataflowPairsRequest`, `DataflowPartnersRequest` | `DataflowPairsResponse`, `DataflowPartnersResponse` |
//! | uniquip exchange | [`UniquipExportRequest`], [`UniquipImportRequest`] | [`UniquipExportResponse`], [`UniquipImportResponse`] |

#[cfg(feature = "dataflow")]
mod dataflow;
mod dataset;
mod experts;
mod labs;
mod partner_filter;
pub mod report;
mod researcher;
mod scores;
mod teams;

#[cfg(feature = "dataflow")]
pub use dataflow::*;
pub use dataset::*;
pub use experts::*;
pub use labs::*;
pub use partner_filter::*;
pub use report::{report, Limits, ReportRequest};
pub use researcher::*;
pub use scores::*;
pub use teams::*;

use std::sync::Arc;

use crate::graph::{snapshot, Graph};
use crate::load::{self, LoadError, Problems, Source};
use crate::model::{Dataset, FieldIdx, UniIdx};
use crate::policy::{Attribute, Audience, Policy, PolicyError, View};
use crate::profile::{Profile, ProfileError};
use crate::resolve::{self, ResolveError};
use crate::save::SaveError;
use crate::team::CallError;

/// A loaded dataset, its graph, the scoring profile and the audience answers are written for:
/// the handle every question is asked of.
///
/// The raw graph stays inside the query layer. Front ends read records only through
/// [`Engine::view`], the redaction boundary of the data-sharing policy ([`crate::policy`]):
/// answers about people and labs are computed from what the audience may see, and
/// university-level rankings from every record when the policy allows aggregate use.
pub struct Engine {
    graph: Arc<Graph>,
    profile: Profile,
    view: View,
    /// Whether university-level rankings may use withheld values (every university allows
    /// aggregate use).
    aggregate: bool,
}

impl Engine {
    /// An engine over an already built graph, with no policy: everything is visible.
    pub fn new(graph: Graph, profile: Profile) -> Engine {
        let graph = Arc::new(graph);
        Engine {
            view: View::everything(graph.clone()),
            graph,
            profile,
            aggregate: true,
        }
    }

    /// Another engine over the same graph (shared, not copied) answering for `audience` under
    /// `policy`: a server keeps one per audience it has answered.
    pub fn for_audience(&self, policy: &Policy, audience: Audience) -> Result<Engine, Error> {
        Engine {
            graph: self.graph.clone(),
            profile: self.profile.clone(),
            view: View::everything(self.graph.clone()),
            aggregate: true,
        }
        .with_policy(policy, audience)
    }

    /// The same engine answering for `audience` under `policy`.
    pub fn with_policy(mut self, policy: &Policy, audience: Audience) -> Result<Engine, Error> {
        self.view =
            View::new(self.graph.clone(), policy, audience).map_err(|e| Error::Invalid {
                field: "audience",
                value: e.0,
                expected: "public, consortium, admin or a university id of the dataset",
            })?;
        let ds = self.graph.data();
        self.aggregate = ds.university_ids().all(|u| self.view.aggregate(u));
        Ok(self)
    }

    /// Loads a dataset's graph — from its snapshot when one matches the CSV files (see
    /// [`crate::graph::snapshot`]), else from the CSV files, validated, writing the snapshot
    /// for large datasets.
    pub fn load(source: &Source, profile: Profile) -> Result<Engine, Error> {
        Ok(Engine::open(source, profile, snapshot::Mode::Auto)?.engine)
    }

    /// [`Engine::load`], choosing how snapshots are used and saying how the data was loaded.
    pub fn open(source: &Source, profile: Profile, mode: snapshot::Mode) -> Result<Opened, Error> {
        let loaded = snapshot::load(source, mode).map_err(|error| Error::Load {
            source_name: source.to_string(),
            error,
        })?;
        Ok(Opened {
            engine: Engine::new(loaded.graph, profile),
            from_snapshot: loaded.from_snapshot,
            refused: loaded.refused,
            written: loaded.written,
        })
    }

    /// What the audience may see: the graph every front end renders from.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The graph answers about people and labs are computed from: the view's.
    pub(crate) fn people(&self) -> &Graph {
        &self.view
    }

    /// The graph university-level rankings and totals are computed from: every record when
    /// the policy allows aggregate use, else the view's.
    pub(crate) fn totals(&self) -> &Graph {
        if self.aggregate {
            &self.graph
        } else {
            &self.view
        }
    }

    /// The records as the audience may see them.
    pub fn data(&self) -> &Dataset {
        self.view.data()
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// A university given by id or by any name [`mod@resolve`] understands.
    pub fn university(&self, name: &str) -> Result<UniIdx, Error> {
        find_university(self.data(), name)
    }

    /// A field given by id or by name, in Vietnamese or English.
    pub fn field(&self, name: &str) -> Result<FieldIdx, Error> {
        find_field(self.data(), name)
    }

    fn optional_university(&self, name: Option<&str>) -> Result<Option<UniIdx>, Error> {
        name.map(|u| self.university(u)).transpose()
    }

    fn optional_field(&self, name: Option<&str>) -> Result<Option<FieldIdx>, Error> {
        name.map(|f| self.field(f)).transpose()
    }
}

/// Takes out of a score the components named `name`, which rest on `attribute` of a record
/// withheld from the audience: their value, raw quantity and contribution become 0 (the score
/// loses the contribution) and the explanation says why, so that neither the table nor the
/// score can be read back into the withheld value. Returns whether anything changed; the
/// caller orders its list again.
pub(crate) fn withhold(
    score: &mut f64,
    components: &mut [crate::component::Component],
    name: &str,
    attribute: Attribute,
) -> bool {
    let mut changed = false;
    for c in components.iter_mut().filter(|c| c.name == name) {
        *score -= c.contribution;
        c.raw = 0.0;
        c.value = 0.0;
        c.contribution = 0.0;
        c.explain = format!(
            "{name}: left out, {} is not shown to this audience",
            attribute.as_str()
        );
        changed = true;
    }
    changed
}

/// An engine and how its data was loaded (see [`Engine::open`]).
pub struct Opened {
    pub engine: Engine,
    pub from_snapshot: bool,
    /// A snapshot existed but was not used, and why.
    pub refused: Option<snapshot::Refusal>,
    /// The snapshot written after reading the CSV files (or why writing it failed).
    pub written: Option<Result<std::path::PathBuf, SaveError>>,
}

/// A university given by id or by any name [`mod@resolve`] understands.
pub fn find_university(ds: &Dataset, name: &str) -> Result<UniIdx, Error> {
    Ok(resolve::university(ds, &resolve::universities(ds), name)?)
}

/// A field given by id or by name, in Vietnamese or English.
pub fn find_field(ds: &Dataset, name: &str) -> Result<FieldIdx, Error> {
    Ok(resolve::field(ds, &resolve::fields(ds), name)?)
}

/// Loads and validates a dataset, naming the source in any error.
pub fn load_dataset(source: &Source) -> Result<Dataset, Error> {
    load::load(source).map_err(|error| Error::Load {
        source_name: source.to_string(),
        error,
    })
}

/// The files a dataset is read from (none for the built-in one): what an output may not
/// replace, hold or lie inside ([`crate::save::check_output`]). A new folder beside them, in
/// the data folder, is allowed: loading reads only these files.
pub fn input_files(source: &Source) -> Vec<std::path::PathBuf> {
    match source {
        Source::Embedded => Vec::new(),
        Source::Dir(d) => load::FILES.iter().map(|f| d.join(f)).collect(),
    }
}

/// Reads a scoring profile, or the default one.
pub fn load_profile(path: Option<&std::path::Path>) -> Result<Profile, Error> {
    Ok(match path {
        Some(p) => Profile::from_file(p)?,
        None => Profile::default(),
    })
}

/// A request that can be checked on its own, before any data is loaded.
pub trait Request {
    /// Every value that is wrong whatever the dataset (a share outside (0, 1], k = 0, …).
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

/// Whether an answer found anything: front ends exit 1 when it did not.
pub trait Found {
    fn found(&self) -> bool;
}

/// Any error a question can end with.
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
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Call(#[from] CallError),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A request field with a value no dataset could make sense of. `field` is the request's
    /// field name (front ends show it as their own option name).
    #[error("{field} {value}: expected {expected}")]
    Invalid {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("invalid uniquip file {file}: {}", problems.summary(20))]
    Uniquip { file: String, problems: Problems },
    /// A problem list (`experts --queries`) that cannot be read or parsed.
    #[error("invalid problem list {file}: {}", problems.summary(20))]
    Problems { file: String, problems: Problems },
    #[error("cannot export labs as uniquip: {0}")]
    UniquipExport(String),
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error(transparent)]
    Evaluate(#[from] crate::evaluate::EvalError),
    /// The dataflow computations (feature `dataflow`).
    #[cfg(feature = "dataflow")]
    #[error(transparent)]
    Dataflow(#[from] crate::dataflow::Error),
}

/// Keeps the first `top` items when a limit is given.
fn keep<T>(mut v: Vec<T>, top: Option<usize>) -> Vec<T> {
    if let Some(n) = top {
        v.truncate(n);
    }
    v
}
