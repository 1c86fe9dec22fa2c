//! Partner universities, field leaders and researcher pairs.

use super::{keep, withhold, Engine, Error, Found, Request};
use crate::graph::Graph;
use crate::model::{FieldIdx, UniIdx};
use crate::policy::{Attribute, View};
use crate::score::{self, Leader, Mode, PairQuery, PairScore, PartnerScore};

/// Partner universities for a field: for one university, or the full matrix.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartnersRequest {
    /// Field id or name.
    pub field: String,
    /// University id or name; `None`: every university (the full matrix).
    pub university: Option<String>,
    /// Keep the best N partners per university.
    pub top: Option<usize>,
    pub mode: Mode,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartnersResponse {
    pub field: FieldIdx,
    pub mode: Mode,
    /// The university asked about, if one was.
    pub university: Option<UniIdx>,
    /// One list per university (one list when a university was asked about), best first.
    pub lists: Vec<Vec<PartnerScore>>,
}

impl Request for PartnersRequest {}

impl Found for PartnersResponse {
    fn found(&self) -> bool {
        self.lists.iter().any(|l| !l.is_empty())
    }
}

pub fn partners(e: &Engine, req: &PartnersRequest) -> Result<PartnersResponse, Error> {
    req.check()?;
    let field = e.field(&req.field)?;
    let university = e.optional_university(req.university.as_deref())?;
    let w = &e.profile().partner;
    let mut lists = match university {
        Some(u) => vec![score::rank_partners(e.totals(), field, u, w, req.mode)],
        None => score::partner_matrix(e.totals(), field, w, req.mode),
    };
    if let Some(guard) = PartnerGuard::new(e.view(), e.totals(), field) {
        lists.iter_mut().for_each(|l| guard.apply(l));
    }
    Ok(PartnersResponse {
        field,
        mode: req.mode,
        university,
        lists: lists.into_iter().map(|l| keep(l, req.top)).collect(),
    })
}

/// University-level scores may use withheld values in aggregate, but not a count so small that
/// it could point at one person: a partner's strength computed over fewer than
/// [`View::min_count`](crate::policy::View::min_count) researchers of the field with a
/// withheld h-index, or ties with fewer joint papers than that where co-authorships are
/// withheld, or a country component counting fewer co-authorships than that between the two
/// countries where anyone's are withheld, are left out ([`withhold`]); so are the labs
/// component where free hours are withheld and the topics component (it names terms) where
/// topics are.
pub(crate) struct PartnerGuard {
    min: usize,
    /// Per university: researchers in the field, and whether any of them (any researcher for
    /// topics, any lab for free hours) has the attribute withheld.
    in_field: Vec<usize>,
    hidden_h: Vec<bool>,
    hidden_co: Vec<bool>,
    hidden_topics: Vec<bool>,
    hidden_hours: Vec<bool>,
    /// Whether any researcher has their co-authorships withheld (the country component counts
    /// everyone's).
    hidden_co_any: bool,
}

impl PartnerGuard {
    /// What the guard needs of one field, computed once for every list of the field; `None`
    /// when the audience sees everything.
    pub(crate) fn new(v: &View, g: &Graph, field: FieldIdx) -> Option<PartnerGuard> {
        if !v.restricted() {
            return None;
        }
        let ds = g.data();
        let n = ds.universities.len();
        let mut guard = PartnerGuard {
            min: v.min_count() as usize,
            in_field: vec![0; n],
            hidden_h: vec![false; n],
            hidden_co: vec![false; n],
            hidden_topics: vec![false; n],
            hidden_hours: vec![false; n],
            hidden_co_any: false,
        };
        for &(r, _) in g.field_members(field) {
            let u = ds.researcher(r).university.ix();
            guard.in_field[u] += 1;
            guard.hidden_h[u] |= !v.sees(r, Attribute::HIndex);
            guard.hidden_co[u] |= !v.sees(r, Attribute::Coauthorship);
        }
        for r in ds.researcher_ids() {
            guard.hidden_topics[ds.researcher(r).university.ix()] |= !v.sees(r, Attribute::Topics);
            guard.hidden_co_any |= !v.sees(r, Attribute::Coauthorship);
        }
        for l in ds.lab_ids() {
            guard.hidden_hours[ds.lab(l).university.ix()] |= !v.sees_lab(l, Attribute::FreeHours);
        }
        Some(guard)
    }

    /// Applies the guard to one university's list and ranks it again.
    pub(crate) fn apply(&self, list: &mut [PartnerScore]) {
        let min = self.min;
        for s in list.iter_mut() {
            let (u, p) = (s.university.ix(), s.partner.ix());
            if self.hidden_hours[p] {
                withhold(
                    &mut s.score,
                    &mut s.components,
                    "labs",
                    Attribute::FreeHours,
                );
            }
            // The topics component names the terms the two universities share: no aggregate.
            if self.hidden_topics[u] || self.hidden_topics[p] {
                withhold(&mut s.score, &mut s.components, "topics", Attribute::Topics);
            }
            if self.hidden_h[p] && self.in_field[p] < min {
                withhold(
                    &mut s.score,
                    &mut s.components,
                    "strength",
                    Attribute::HIndex,
                );
            }
            let ties = s
                .components
                .iter()
                .find(|c| c.name == "ties")
                .map_or(0.0, |c| c.raw);
            if (self.hidden_co[u] || self.hidden_co[p]) && ties < min as f64 {
                withhold(
                    &mut s.score,
                    &mut s.components,
                    "ties",
                    Attribute::Coauthorship,
                );
            }
            // The country component counts co-authorships between two countries.
            let links = s
                .components
                .iter()
                .find(|c| c.name == "country")
                .map_or(0.0, |c| c.raw);
            if self.hidden_co_any && links > 0.0 && links < min as f64 {
                withhold(
                    &mut s.score,
                    &mut s.components,
                    "country",
                    Attribute::Coauthorship,
                );
            }
        }
        list.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.partner.cmp(&y.partner)));
        for (i, s) in list.iter_mut().enumerate() {
            s.rank = i + 1;
        }
    }
}

/// Universities of the full matrix computed together by [`partners_streamed`].
pub const MATRIX_CHUNK: usize = 64;

/// The full partner matrix (a request without a university), handed to `sink` a few
/// universities at a time, in university order, so that a front end writes it as it is
/// computed and memory stays flat whatever the number of universities. Returns the field and
/// whether any partner was found.
pub fn partners_streamed<E>(
    e: &Engine,
    req: &PartnersRequest,
    mut sink: impl FnMut(&[Vec<PartnerScore>]) -> Result<(), E>,
) -> Result<Result<(FieldIdx, bool), E>, Error> {
    req.check()?;
    let field = e.field(&req.field)?;
    let matrix = score::PartnerMatrix::new(e.totals(), field, &e.profile().partner, req.mode);
    let unis: Vec<UniIdx> = e.data().university_ids().collect();
    let guard = PartnerGuard::new(e.view(), e.totals(), field);
    let mut found = false;
    for chunk in unis.chunks(MATRIX_CHUNK) {
        let rows: Vec<Vec<PartnerScore>> = matrix
            .rows(chunk)
            .into_iter()
            .map(|mut l| {
                if let Some(g) = &guard {
                    g.apply(&mut l);
                }
                keep(l, req.top)
            })
            .collect();
        found |= rows.iter().any(|l| !l.is_empty());
        if let Err(x) = sink(&rows) {
            return Ok(Err(x));
        }
    }
    Ok(Ok((field, found)))
}

/// Universities ranked by their own strength in a field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeadersRequest {
    pub field: String,
    pub top: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadersResponse {
    pub field: FieldIdx,
    pub leaders: Vec<Leader>,
}

impl Request for LeadersRequest {}

impl Found for LeadersResponse {
    fn found(&self) -> bool {
        !self.leaders.is_empty()
    }
}

/// Leaders are aggregates over a university's researchers in the field, computed from every
/// record when the policy allows aggregate use; a university whose strength rests on fewer
/// than `min_count` researchers with a withheld h-index is left out of the list.
pub fn leaders(e: &Engine, req: &LeadersRequest) -> Result<LeadersResponse, Error> {
    let field = e.field(&req.field)?;
    let mut leaders = score::leaders(e.totals(), field);
    guard_leaders(e.view(), e.totals(), field, &mut leaders);
    Ok(LeadersResponse {
        field,
        leaders: keep(leaders, req.top),
    })
}

/// [`leaders`] for an audience: a university whose strength rests on fewer than `min_count`
/// researchers with a withheld h-index leaves the list.
pub(crate) fn guard_leaders(v: &View, g: &Graph, field: FieldIdx, leaders: &mut Vec<Leader>) {
    if !v.restricted() {
        return;
    }
    let ds = g.data();
    let mut hidden = vec![false; ds.universities.len()];
    for &(r, _) in g.field_members(field) {
        hidden[ds.researcher(r).university.ix()] |= !v.sees(r, Attribute::HIndex);
    }
    let before = leaders.len();
    leaders.retain(|l| !(hidden[l.university.ix()] && l.researchers < v.min_count()));
    v.note_dropped(before - leaders.len());
    for (i, l) in leaders.iter_mut().enumerate() {
        l.rank = i + 1;
    }
}

/// Researchers at different universities who should meet.
#[derive(Clone, Debug, PartialEq)]
pub struct PairsRequest {
    pub field: String,
    /// Only pairs with one member at this university (listed first).
    pub university: Option<String>,
    pub top: usize,
    /// Each researcher in at most this many pairs of the list (0: no limit), so that one
    /// well-connected researcher does not fill it.
    pub max_per_researcher: usize,
}

/// The default of [`PairsRequest::max_per_researcher`].
pub const PAIRS_PER_RESEARCHER: usize = 2;

impl Default for PairsRequest {
    fn default() -> Self {
        PairsRequest {
            field: String::new(),
            university: None,
            top: 20,
            max_per_researcher: PAIRS_PER_RESEARCHER,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PairsResponse {
    pub field: FieldIdx,
    pub pairs: Vec<PairScore>,
}

/// The longest pair list a request may ask for: each source keeps this many candidates.
pub const MAX_PAIRS: usize = 10_000;

impl Request for PairsRequest {
    fn check(&self) -> Result<(), Error> {
        if self.top > MAX_PAIRS {
            return Err(Error::Invalid {
                field: "top",
                value: self.top.to_string(),
                expected: "at most 10000 pairs",
            });
        }
        Ok(())
    }
}

impl Found for PairsResponse {
    fn found(&self) -> bool {
        !self.pairs.is_empty()
    }
}

pub fn pairs(e: &Engine, req: &PairsRequest) -> Result<PairsResponse, Error> {
    req.check()?;
    let field = e.field(&req.field)?;
    let university = e.optional_university(req.university.as_deref())?;
    let cap = req.max_per_researcher;
    // With a cap, ask for more than will be shown: the best pairs of a researcher already in
    // `cap` pairs give way to the next ones.
    let wide = if cap > 0 {
        req.top.saturating_mul(4).min(4 * MAX_PAIRS)
    } else {
        req.top
    };
    let q = PairQuery {
        field,
        university,
        top: wide,
    };
    let mut pairs = score::recommend(e.people(), &q, &e.profile().pairs);
    // The view holds no field of anyone who may not be proposed; this keeps it so whatever
    // the analysis walks.
    let before = pairs.len();
    pairs.retain(|p| e.view().proposable(p.a) && e.view().proposable(p.b));
    e.view().note_dropped(before - pairs.len());
    if e.view().restricted() {
        let v = e.view();
        for p in &mut pairs {
            for (name, attribute) in [
                ("seniority", Attribute::HIndex),
                ("closeness", Attribute::Coauthorship),
                ("topics", Attribute::Topics),
            ] {
                if !v.sees(p.a, attribute) || !v.sees(p.b, attribute) {
                    withhold(&mut p.score, &mut p.components, name, attribute);
                }
            }
        }
        pairs.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        for (i, p) in pairs.iter_mut().enumerate() {
            p.rank = i + 1;
        }
        score::pairs::distinguishing_reasons(&mut pairs);
    }
    if cap > 0 {
        let mut count: rustc_hash::FxHashMap<crate::model::ResearcherIdx, usize> =
            Default::default();
        pairs.retain(|p| {
            let (a, b) = (count.get(&p.a).copied(), count.get(&p.b).copied());
            if a.unwrap_or(0) >= cap || b.unwrap_or(0) >= cap {
                return false;
            }
            *count.entry(p.a).or_insert(0) += 1;
            *count.entry(p.b).or_insert(0) += 1;
            true
        });
        pairs.truncate(req.top);
        for (i, p) in pairs.iter_mut().enumerate() {
            p.rank = i + 1;
        }
        score::pairs::distinguishing_reasons(&mut pairs);
    }
    Ok(PairsResponse { field, pairs })
}
