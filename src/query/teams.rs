//! Teams for one call, or one team each for a batch of calls.

use std::path::Path;

use super::{Engine, Error, Found, Request};
use crate::expert::{ExpertWeights, Index};
use crate::graph::Graph;
use crate::team::{self, batch, call::CallSpec, Call, CallError, Proposal, Solver};

/// Where the call(s) come from.
#[derive(Clone, Debug, PartialEq)]
pub enum CallInput {
    /// One call built by the front end (command-line flags, a web form).
    One(Box<CallSpec>),
    /// One call built by a front end, with the name errors give its source ("the request
    /// body", "the team form").
    Named { name: String, spec: Box<CallSpec> },
    /// One call as TOML text; `name` (a file name) is used in errors.
    Toml { name: String, text: String },
    /// Many calls as TOML `[[call]]` tables, or CSV when `csv`.
    Batch {
        name: String,
        text: String,
        csv: bool,
    },
}

impl CallInput {
    /// Reads a call file: one TOML call, or (`batch`) a list of calls, CSV by extension.
    pub fn read_file(path: &Path, batch: bool) -> Result<CallInput, Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| CallError::whole(&name, format!("cannot read: {e}")))?;
        Ok(if batch {
            let csv = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            CallInput::Batch { name, text, csv }
        } else {
            CallInput::Toml { name, text }
        })
    }

    fn is_batch(&self) -> bool {
        matches!(self, CallInput::Batch { .. })
    }

    /// Parses and resolves every call against the dataset; every problem is reported. Calls
    /// with a problem statement get their fields (when they name none) and preferences from
    /// it ([`team::problem`]), over one expert index built for them all.
    fn calls(&self, g: &Graph) -> Result<Vec<Call>, CallError> {
        let ds = g.data();
        let (name, specs) = match self {
            CallInput::One(spec) => (
                "the command line".to_string(),
                vec![((**spec).clone(), team::call::At::default())],
            ),
            CallInput::Named { name, spec } => (
                name.clone(),
                vec![((**spec).clone(), team::call::At::default())],
            ),
            CallInput::Toml { name, text } => (
                name.clone(),
                vec![(
                    team::call::parse_toml(text).map_err(|p| CallError::new(name, p))?,
                    team::call::At::default(),
                )],
            ),
            CallInput::Batch { name, text, csv } => (
                name.clone(),
                team::call::parse_list(text, *csv).map_err(|p| CallError::new(name, p))?,
            ),
        };
        let mut calls = Vec::new();
        let mut problems = team::call::duplicate_ids(&specs);
        let index = specs
            .iter()
            .any(|(s, _)| s.problem.is_some())
            .then(|| Index::build(g, &ExpertWeights::default()));
        for (mut spec, at) in specs {
            let read = match &index {
                Some(ix) => match team::problem::fill_fields(ix, ds, &mut spec, &at) {
                    Ok(read) => read,
                    Err(p) => {
                        problems.push(p);
                        continue;
                    }
                },
                None => Vec::new(),
            };
            let prefs = match &index {
                Some(ix) => team::problem::prefs(ix, g, &spec, read, &at),
                None if spec.province.is_some() => Err(at.problem(
                    "province without a problem: the province locates a problem statement".into(),
                )),
                None => Ok(None),
            };
            match (spec.resolve(ds, &at), prefs) {
                (Ok(mut c), Ok(p)) => {
                    c.problem = p.map(Box::new);
                    calls.push(c);
                }
                (r, p) => {
                    if let Err(e) = r {
                        problems.extend(e);
                    }
                    if let Err(e) = p {
                        problems.push(e);
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(calls)
        } else {
            let mut e = CallError::new(&name, problems);
            e.problems.sort_by_position();
            Err(e)
        }
    }
}

/// Teams for a call (or a batch).
#[derive(Clone, Debug, PartialEq)]
pub struct TeamsRequest {
    pub calls: CallInput,
    /// Distinct teams to propose for one call.
    pub top: usize,
    /// Force a solver; `None`: exact when the search space is small, heuristic otherwise.
    pub solver: Option<Solver>,
    /// Batch: the largest share of all seats one university may take, in (0, 1].
    pub max_university_share: f64,
}

/// The answer: teams for one call, or one assignment per call of a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum TeamsResponse {
    One {
        call: Box<Call>,
        proposal: Proposal,
        /// Why the call cannot be filled (empty when teams were found).
        infeasible: Vec<team::diagnose::Reason>,
    },
    Batch {
        calls: Vec<Call>,
        result: batch::BatchResult,
    },
}

/// The most distinct teams one call may ask for: each is a search of its own.
pub const MAX_TEAMS: usize = 50;

impl Request for TeamsRequest {
    fn check(&self) -> Result<(), Error> {
        if self.top == 0 || self.top > MAX_TEAMS {
            return Err(Error::Invalid {
                field: "top",
                value: self.top.to_string(),
                expected: "from 1 to 50 teams",
            });
        }
        let s = self.max_university_share;
        if !(s > 0.0 && s <= 1.0) {
            return Err(Error::Invalid {
                field: "max_university_share",
                value: s.to_string(),
                expected: "a share in (0, 1]",
            });
        }
        Ok(())
    }
}

impl Found for TeamsResponse {
    fn found(&self) -> bool {
        match self {
            TeamsResponse::One { proposal, .. } => !proposal.teams.is_empty(),
            TeamsResponse::Batch { result, .. } => result
                .assignments
                .iter()
                .all(|a| matches!(a, batch::Assignment::Filled { .. })),
        }
    }
}

pub fn teams(e: &Engine, req: &TeamsRequest) -> Result<TeamsResponse, Error> {
    req.check()?;
    let g = e.people();
    let w = &e.profile().teams;
    let calls = req.calls.calls(g)?;
    if req.calls.is_batch() {
        let opts = batch::BatchOptions {
            max_university_share: req.max_university_share,
            solver: req.solver,
        };
        let result = batch::assign(g, &calls, w, &opts);
        return Ok(TeamsResponse::Batch { calls, result });
    }
    let call = calls.into_iter().next().expect("one call was parsed");
    let proposal = team::propose(g, &call, w, req.top, req.solver);
    let infeasible = if proposal.teams.is_empty() {
        team::diagnose::diagnose(g, &call, w, None)
    } else {
        Vec::new()
    };
    Ok(TeamsResponse::One {
        call: Box::new(call),
        proposal,
        infeasible,
    })
}
