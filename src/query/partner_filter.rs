//! Partner lists narrowed the way a research office filters them: the partner's region, and
//! the joint papers the two universities already have, counted in a window of years.
//!
//! Joint papers of universities U and V in years `[from, to]`: the papers of every
//! co-authorship between a researcher of U and one of V whose years (first to last) meet the
//! window. Without a window every co-authorship counts. A filtered list keeps the partners'
//! order and scores and is ranked again from 1.

use super::{keep, partners, Engine, Error, Found, PartnersRequest, PartnersResponse, Request};
use crate::model::{FieldIdx, Region, UniIdx};
use crate::score::{Mode, PartnerMatrix};

/// A partner question with filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilteredPartnersRequest {
    pub partners: PartnersRequest,
    /// Only partners in this region.
    pub region: Option<Region>,
    /// Only partners with at least this many joint papers (in `years`, when given).
    pub min_joint_papers: u32,
    /// The window joint papers are counted in, both ends included.
    pub years: Option<(u16, u16)>,
}

/// The filtered lists, and the joint papers of each pair shown.
#[derive(Clone, Debug, PartialEq)]
pub struct FilteredPartnersResponse {
    pub partners: PartnersResponse,
    /// Parallel to `partners.lists`: the joint papers (in the window) of each listed pair.
    pub joint_papers: Vec<Vec<u32>>,
}

impl Request for FilteredPartnersRequest {
    fn check(&self) -> Result<(), Error> {
        if let Some((a, b)) = self.years {
            if a > b {
                return Err(Error::Invalid {
                    field: "years",
                    value: format!("{a}-{b}"),
                    expected: "FROM-TO with FROM ≤ TO",
                });
            }
        }
        self.partners.check()
    }
}

impl Found for FilteredPartnersResponse {
    fn found(&self) -> bool {
        self.partners.found()
    }
}

/// Joint papers of `u` with every university (indexed by university), in `years`.
pub fn joint_papers(e: &Engine, u: UniIdx, years: Option<(u16, u16)>) -> Vec<u32> {
    // The co-authorships the audience may see: the counts are shown beside each partner.
    let (g, ds) = (e.people(), e.data());
    let mut out = vec![0u32; ds.universities.len()];
    for &r in g.members(u) {
        for l in g.coauthors(r) {
            let c = &ds.coauthorships[l.index as usize];
            let meets = years.is_none_or(|(a, b)| c.first_year <= b && c.last_year >= a);
            let v = ds.researcher(l.other).university;
            if meets && v != u {
                out[v.ix()] = out[v.ix()].saturating_add(c.papers);
            }
        }
    }
    out
}

pub fn partners_filtered(
    e: &Engine,
    req: &FilteredPartnersRequest,
) -> Result<FilteredPartnersResponse, Error> {
    partners_filtered_with(e, req, None)
}

/// What every partner list of one field (and mode) shares — strengths, ties, activity —
/// computed once, for a front end that answers many partner questions (the web server).
pub struct PreparedPartners<'e> {
    field: FieldIdx,
    mode: Mode,
    matrix: PartnerMatrix<'e>,
}

pub fn prepare_partners(e: &Engine, field: FieldIdx, mode: Mode) -> PreparedPartners<'_> {
    PreparedPartners {
        field,
        mode,
        matrix: PartnerMatrix::new(e.totals(), field, &e.profile().partner, mode),
    }
}

/// [`partners_filtered`], reading the shared part from `prepared` when it is that of the
/// request's field and mode and one university is asked about: the same answer, without
/// computing what the field shares again.
pub fn partners_filtered_with(
    e: &Engine,
    req: &FilteredPartnersRequest,
    prepared: Option<&PreparedPartners<'_>>,
) -> Result<FilteredPartnersResponse, Error> {
    req.check()?;
    let filtering = req.region.is_some() || req.min_joint_papers > 0;
    // The cut to `top` comes after the filter, not before it.
    let mut base = req.partners.clone();
    if filtering {
        base.top = None;
    }
    let field = e.field(&base.field)?;
    let university = e.optional_university(base.university.as_deref())?;
    let mut r = match (prepared, university) {
        (Some(p), Some(u)) if p.field == field && p.mode == base.mode => PartnersResponse {
            field,
            mode: base.mode,
            university: Some(u),
            lists: p
                .matrix
                .rows(&[u])
                .into_iter()
                .map(|mut l| {
                    if let Some(g) = super::scores::PartnerGuard::new(e.view(), e.totals(), field) {
                        g.apply(&mut l);
                    }
                    keep(l, base.top)
                })
                .collect(),
        },
        _ => partners(e, &base)?,
    };
    let ds = e.data();
    let mut joint = Vec::with_capacity(r.lists.len());
    for list in &mut r.lists {
        let Some(first) = list.first() else {
            joint.push(Vec::new());
            continue;
        };
        let papers = joint_papers(e, first.university, req.years);
        list.retain(|p| {
            req.region
                .is_none_or(|x| ds.university(p.partner).region == x)
                && papers[p.partner.ix()] >= req.min_joint_papers
        });
        if let Some(n) = req.partners.top {
            list.truncate(n);
        }
        for (i, p) in list.iter_mut().enumerate() {
            p.rank = i + 1;
        }
        joint.push(list.iter().map(|p| papers[p.partner.ix()]).collect());
    }
    Ok(FilteredPartnersResponse {
        partners: r,
        joint_papers: joint,
    })
}
