//! The dataflow questions (feature `dataflow`): researcher pairs, incremental updates of their
//! top-k lists, and partner strength and ties, computed across worker threads and processes
//! by [`crate::dataflow`]. Every process asks the same question; process 0 gets the answer,
//! the others a response without one ([`DataflowPairsResponse::result`] is `None`).

use std::path::PathBuf;

use super::{load_profile, Error, Found, Request, MAX_PAIRS};
use crate::dataflow::pairs::{PairsJob, PairsResult};
use crate::dataflow::partners::{PartnersJob, PartnersResult};
use crate::dataflow::Cluster;
use crate::load::Source;

/// Pairs in a field (`hoptac dataflow pairs`), and with `changes` the changed top-k lists after
/// each change file (`hoptac dataflow update`).
#[derive(Clone, Debug, PartialEq)]
pub struct DataflowPairsRequest {
    pub field: String,
    /// Length of the global list and of every researcher's list.
    pub top: usize,
    /// Change files (`change,a,b,papers,first_year,last_year`), one epoch each.
    pub changes: Vec<PathBuf>,
    pub cluster: Cluster,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DataflowPairsResponse {
    /// The answer on process 0, `None` on the others.
    pub result: Option<PairsResult>,
    /// Whether change files were applied (an update: the changes are the answer).
    pub update: bool,
}

impl Request for DataflowPairsRequest {
    fn check(&self) -> Result<(), Error> {
        if self.top == 0 || self.top > MAX_PAIRS {
            return Err(Error::Invalid {
                field: "top",
                value: self.top.to_string(),
                expected: "1 to 10000 pairs",
            });
        }
        check_cluster(&self.cluster)
    }
}

fn check_cluster(c: &Cluster) -> Result<(), Error> {
    c.config().map(|_| ()).map_err(Error::from)
}

impl Found for DataflowPairsResponse {
    fn found(&self) -> bool {
        match &self.result {
            None => true,
            Some(r) if self.update => r.changes.iter().any(|c| !c.is_empty()),
            Some(r) => r.best.last().is_some_and(|b| !b.is_empty()),
        }
    }
}

pub fn dataflow_pairs(
    source: &Source,
    req: &DataflowPairsRequest,
) -> Result<DataflowPairsResponse, Error> {
    req.check()?;
    let job = PairsJob {
        field: req.field.clone(),
        top: req.top,
        changes: req.changes.clone(),
        lists: false,
    };
    let result = crate::dataflow::pairs::pairs(source, &req.cluster, &job)?.leader();
    Ok(DataflowPairsResponse {
        result,
        update: !req.changes.is_empty(),
    })
}

/// Strength per (university, field) and ties per (university, university, field)
/// (`hoptac dataflow partners`).
#[derive(Clone, Debug, PartialEq)]
pub struct DataflowPartnersRequest {
    pub field: Option<String>,
    pub university: Option<String>,
    /// The scoring profile: its `[partners]` half-life, saturation and reference year.
    pub profile: Option<PathBuf>,
    pub cluster: Cluster,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DataflowPartnersResponse {
    /// The answer on process 0, `None` on the others.
    pub result: Option<PartnersResult>,
}

impl Request for DataflowPartnersRequest {
    fn check(&self) -> Result<(), Error> {
        check_cluster(&self.cluster)
    }
}

impl Found for DataflowPartnersResponse {
    fn found(&self) -> bool {
        self.result.as_ref().is_none_or(|r| !r.strength.is_empty())
    }
}

pub fn dataflow_partners(
    source: &Source,
    req: &DataflowPartnersRequest,
) -> Result<DataflowPartnersResponse, Error> {
    req.check()?;
    let weights = load_profile(req.profile.as_deref())?.partner;
    let job = PartnersJob {
        field: req.field.clone(),
        university: req.university.clone(),
        weights,
    };
    let result = crate::dataflow::partners::partners(source, &req.cluster, &job)?.leader();
    Ok(DataflowPartnersResponse { result })
}
