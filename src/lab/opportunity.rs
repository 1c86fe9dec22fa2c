//! Opportunities: a lab, its host, a beneficiary university and a field, scored and explained
//! (the formula is in the [module doc](super)).
//!
//! Candidates are scored numerically first; the [`Component`]s with their explanations are built
//! only for the opportunities kept after sorting and `top`, as `pairs` does.

use rustc_hash::FxHashMap;

use super::equipment::EquipmentIndex;
use super::{own_hours, Distance, LabWeights};
use crate::component::recency_weight;
use crate::component::Component;
use crate::graph::Graph;
use crate::model::*;

/// What to look for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LabQuery {
    /// Only this field; every field when `None`.
    pub field: Option<FieldIdx>,
    /// Only opportunities where this university is the host or the beneficiary.
    pub university: Option<UniIdx>,
    /// Keep the best N.
    pub top: Option<usize>,
}

/// One shared-lab opportunity.
#[derive(Clone, Debug, PartialEq)]
pub struct LabOpportunity {
    pub lab: LabIdx,
    /// The university that hosts the lab.
    pub host: UniIdx,
    /// The university whose researchers would use it.
    pub beneficiary: UniIdx,
    pub field: FieldIdx,
    /// 1-based position in its list.
    pub rank: usize,
    pub score: f64,
    /// [`super::LAB_COMPONENTS`], in that order.
    pub components: Vec<Component>,
    pub distance: Distance,
}

/// What one university can borrow and what it can offer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exchange {
    /// Opportunities where the university is the beneficiary.
    pub borrow: Vec<LabOpportunity>,
    /// Opportunities where the university is the host.
    pub offer: Vec<LabOpportunity>,
}

/// Opportunities matching `q`, best first, ties broken by (lab, beneficiary, field) index.
pub fn opportunities(g: &Graph, q: &LabQuery, w: &LabWeights) -> Vec<LabOpportunity> {
    let ctx = Context::new(g, w);
    let keep = |host: UniIdx, b: UniIdx| q.university.is_none_or(|u| u == host || u == b);
    ctx.ranked(q.field, keep, q.top)
}

/// What `university` can borrow (as beneficiary) and offer (as host), each list best first and
/// cut to `top`.
pub fn exchange(
    g: &Graph,
    field: Option<FieldIdx>,
    university: UniIdx,
    top: Option<usize>,
    w: &LabWeights,
) -> Exchange {
    let ctx = Context::new(g, w);
    Exchange {
        borrow: ctx.ranked(field, |_, b| b == university, top),
        offer: ctx.ranked(field, |h, _| h == university, top),
    }
}

/// A scored candidate before explanation.
struct Scored {
    lab: LabIdx,
    beneficiary: UniIdx,
    field: FieldIdx,
    score: f64,
    values: [f64; 5],
}

/// Everything shared by all candidates.
struct Context<'g> {
    g: &'g Graph,
    w: &'g LabWeights,
    equipment: EquipmentIndex,
    /// University × field free hours of the university's own labs.
    own: Vec<u64>,
    /// Recency-weighted papers between two universities, keyed `(min, max)`.
    ties: FxHashMap<(UniIdx, UniIdx), f64>,
    reference_year: u16,
}

impl<'g> Context<'g> {
    fn new(g: &'g Graph, w: &'g LabWeights) -> Self {
        let reference_year = if w.reference_year == 0 {
            g.latest_year()
        } else {
            w.reference_year
        };
        Context {
            g,
            w,
            equipment: EquipmentIndex::build(g.data()),
            own: own_hours(g),
            ties: university_ties(g, reference_year, w.recency_half_life_years),
            reference_year,
        }
    }

    fn own_hours(&self, u: UniIdx, f: FieldIdx) -> u64 {
        self.own[u.ix() * self.g.data().fields.len() + f.ix()]
    }

    fn ties(&self, a: UniIdx, b: UniIdx) -> f64 {
        self.ties.get(&(a.min(b), a.max(b))).copied().unwrap_or(0.0)
    }

    /// `(value, focus, specificity)` of the equipment component.
    fn equipment_match(&self, lab: LabIdx, f: FieldIdx) -> (f64, f64, f64) {
        let ds = self.g.data();
        let focus = 1.0 / ds.lab(lab).fields.len().max(1) as f64;
        let spec = self.equipment.specificity(ds, lab, f);
        (0.5 * focus + 0.5 * spec, focus, spec)
    }

    /// Whether `b` qualifies as a beneficiary of `lab` for `f` (see the module doc).
    fn qualifies(&self, lab: &Lab, f: FieldIdx, b: UniIdx) -> bool {
        b != lab.university
            && self.g.strength(b, f).researchers > 0
            && lab.usable_by(self.g.data(), b)
            && self.own_hours(b, f) < u64::from(self.w.min_own_capacity_hours)
    }

    /// Scores every candidate that `keep(host, beneficiary)` accepts, sorts, cuts and explains.
    fn ranked(
        &self,
        field: Option<FieldIdx>,
        keep: impl Fn(UniIdx, UniIdx) -> bool,
        top: Option<usize>,
    ) -> Vec<LabOpportunity> {
        let mut scored = self.candidates(field, keep);
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.lab.cmp(&b.lab))
                .then(a.beneficiary.cmp(&b.beneficiary))
                .then(a.field.cmp(&b.field))
        });
        if let Some(n) = top {
            scored.truncate(n);
        }
        scored
            .iter()
            .enumerate()
            .map(|(i, s)| self.explain(s, i + 1))
            .collect()
    }

    fn candidates(
        &self,
        field: Option<FieldIdx>,
        keep: impl Fn(UniIdx, UniIdx) -> bool,
    ) -> Vec<Scored> {
        let ds = self.g.data();
        let w = self.w;
        let mut out = Vec::new();
        for l in ds.lab_ids() {
            let lab = ds.lab(l);
            if lab.access == Access::Internal || lab.capacity_hours == 0 {
                continue; // never offered to another university; or nothing free to offer
            }
            let capacity = saturate(f64::from(lab.capacity_hours), w.capacity_half_saturation);
            for &f in lab.fields.iter().filter(|&&f| field.is_none_or(|q| q == f)) {
                let (equipment, _, _) = self.equipment_match(l, f);
                for b in ds.university_ids() {
                    if !keep(lab.university, b) || !self.qualifies(lab, f, b) {
                        continue;
                    }
                    let values = [
                        saturate(self.g.strength(b, f).level_sum, w.demand_half_saturation),
                        capacity,
                        Distance::between(ds, lab.university, b).value(w),
                        saturate(self.ties(lab.university, b), w.ties_half_saturation),
                        equipment,
                    ];
                    let weights = [w.demand, w.capacity, w.distance, w.ties, w.equipment];
                    let score = values.iter().zip(weights).map(|(v, w)| v * w).sum();
                    out.push(Scored {
                        lab: l,
                        beneficiary: b,
                        field: f,
                        score,
                        values,
                    });
                }
            }
        }
        out
    }

    /// Builds the explained opportunity for a kept candidate.
    fn explain(&self, s: &Scored, rank: usize) -> LabOpportunity {
        let ds = self.g.data();
        let w = self.w;
        let lab = ds.lab(s.lab);
        let (host, b, f) = (lab.university, s.beneficiary, s.field);
        let (hu, bu, fid) = (
            &ds.university(host).id,
            &ds.university(b).id,
            &ds.field(f).id,
        );
        let strength = self.g.strength(b, f);
        let own = self.own_hours(b, f);
        let distance = Distance::between(ds, host, b);
        let ties = self.ties(host, b);
        let (_, focus, spec) = self.equipment_match(s.lab, f);
        let items = self.equipment.items(s.lab).len();
        let components = vec![
            Component::new(
                "demand",
                strength.level_sum,
                s.values[0],
                w.demand,
                1.0,
                format!(
                    "{} researcher{} in {fid} at {bu}, Σ level {:.2}; {bu}'s own labs for {fid}: {own} free h/month (below {})",
                    strength.researchers,
                    plural(strength.researchers as usize),
                    strength.level_sum,
                    w.min_own_capacity_hours
                ),
            ),
            Component::new(
                "capacity",
                f64::from(lab.capacity_hours),
                s.values[1],
                w.capacity,
                1.0,
                format!("{} free h/month at {}", lab.capacity_hours, lab.id),
            ),
            Component::new(
                "distance",
                s.values[2],
                s.values[2],
                w.distance,
                1.0,
                format!(
                    "{} – {}: {}",
                    ds.university(host).city,
                    ds.university(b).city,
                    distance.as_str().replace('_', " ")
                ),
            ),
            Component::new(
                "ties",
                ties,
                s.values[3],
                w.ties,
                1.0,
                format!(
                    "{ties:.1} recency-weighted joint papers between {hu} and {bu}, any field (to {}, half-life {} y)",
                    self.reference_year, w.recency_half_life_years
                ),
            ),
            Component::new(
                "equipment",
                spec,
                s.values[4],
                w.equipment,
                1.0,
                if items == 0 {
                    format!(
                        "serves {} field{}; no equipment listed",
                        lab.fields.len(),
                        plural(lab.fields.len())
                    )
                } else {
                    format!(
                        "serves {} field{} (focus {focus:.2}); its {items} item{} are {:.0}% typical of {fid}",
                        lab.fields.len(),
                        plural(lab.fields.len()),
                        plural(items),
                        100.0 * spec
                    )
                },
            ),
        ];
        LabOpportunity {
            lab: s.lab,
            host,
            beneficiary: b,
            field: f,
            rank,
            score: s.score,
            components,
            distance,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `x / (x + k)`: 0 at 0, ½ at k, approaching 1.
fn saturate(x: f64, k: f64) -> f64 {
    x / (x + k)
}

/// Recency-weighted papers between every pair of universities, any field (keys `(min, max)`).
/// One pass over the co-authorships: O(E).
fn university_ties(g: &Graph, year0: u16, half_life: f64) -> FxHashMap<(UniIdx, UniIdx), f64> {
    let ds = g.data();
    let mut ties = FxHashMap::default();
    for c in &ds.coauthorships {
        let (a, b) = (ds.researcher(c.a).university, ds.researcher(c.b).university);
        if a != b {
            *ties.entry((a.min(b), a.max(b))).or_insert(0.0) += recency_weight(c, year0, half_life);
        }
    }
    ties
}
