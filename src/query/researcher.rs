//! One researcher: who they are, their fields, their co-authors and the labs of their
//! university (the researcher page of `hoptac serve`).

use super::{keep, Engine, Error, Found, Request};
use crate::model::{FieldIdx, LabIdx, ResearcherIdx};
use crate::policy::Attribute;
use crate::resolve::ResolveError;

/// A researcher by id (as written in `researchers.csv`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResearcherRequest {
    pub id: String,
    /// Keep the N co-authors with the most joint papers.
    pub top_coauthors: Option<usize>,
}

/// A co-author seen from the researcher asked about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coauthor {
    pub researcher: ResearcherIdx,
    pub papers: u32,
    pub first_year: u16,
    pub last_year: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResearcherResponse {
    pub researcher: ResearcherIdx,
    /// Fields and levels, highest level first (ties by field order).
    pub expertise: Vec<(FieldIdx, f32)>,
    /// Co-authors, most joint papers first, then the latest, then by index.
    pub coauthors: Vec<Coauthor>,
    /// Every co-author, before `top_coauthors` cut the list.
    pub coauthor_count: usize,
    /// The labs of the researcher's university the audience may see, in file order, each
    /// with whether its free hours are shown.
    pub labs: Vec<LabIdx>,
    pub lab_hours_shown: Vec<bool>,
    /// The researcher's attributes withheld from the audience (`h_index`, `title`, …):
    /// renderers show them as withheld, not as the 0 the view holds.
    pub withheld: Vec<&'static str>,
}

impl Request for ResearcherRequest {}

impl Found for ResearcherResponse {
    fn found(&self) -> bool {
        true
    }
}

pub fn researcher(e: &Engine, req: &ResearcherRequest) -> Result<ResearcherResponse, Error> {
    let g = e.people();
    let ds = e.data();
    let r = ds
        .researcher_by_id(req.id.trim())
        .ok_or_else(|| ResolveError::Unknown {
            kind: "researcher",
            name: req.id.clone(),
            candidates: Vec::new(),
        })?;
    let mut expertise = g.expertise(r).to_vec();
    expertise.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut coauthors: Vec<Coauthor> = g
        .coauthors(r)
        .iter()
        .map(|l| {
            let c = &ds.coauthorships[l.index as usize];
            Coauthor {
                researcher: l.other,
                papers: c.papers,
                first_year: c.first_year,
                last_year: c.last_year,
            }
        })
        .collect();
    coauthors.sort_by(|a, b| {
        b.papers
            .cmp(&a.papers)
            .then(b.last_year.cmp(&a.last_year))
            .then(a.researcher.cmp(&b.researcher))
    });
    let coauthor_count = coauthors.len();
    let v = e.view();
    let labs: Vec<LabIdx> = g
        .labs_of(ds.researcher(r).university)
        .iter()
        .copied()
        .filter(|&l| v.sees_lab(l, Attribute::Labs))
        .collect();
    Ok(ResearcherResponse {
        researcher: r,
        expertise,
        coauthors: keep(coauthors, req.top_coauthors),
        coauthor_count,
        lab_hours_shown: labs
            .iter()
            .map(|&l| v.sees_lab(l, Attribute::FreeHours))
            .collect(),
        labs,
        withheld: Attribute::ALL
            .into_iter()
            .filter(|a| !a.of_lab() && !v.sees(r, *a))
            .map(Attribute::as_str)
            .collect(),
    })
}
