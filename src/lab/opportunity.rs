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
    let ctx = Scorer::new(g, w);
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
    let ctx = Scorer::new(g, w);
    Exchange {
        borrow: ctx.ranked(field, |_, b| b == university, top),
        offer: ctx.ranked(field, |h, _| h == university, top),
    }
}

/// A candidate opportunity scored but not yet explained: what ranking needs (64 bytes, no
/// heap), so that millions can be ranked before the few kept are explained
/// ([`Scorer::explain`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    pub lab: LabIdx,
    pub beneficiary: UniIdx,
    pub field: FieldIdx,
    /// Σ value × weight, in [`super::LAB_COMPONENTS`] order.
    pub score: f64,
    /// The components' values, in [`super::LAB_COMPONENTS`] order.
    pub values: [f64; 5],
}

impl Scored {
    /// Best first: score descending, ties broken by (lab, beneficiary, field) index (a total
    /// order: no two candidates share the triple).
    pub fn best_first(&self, o: &Scored) -> std::cmp::Ordering {
        o.score
            .total_cmp(&self.score)
            .then(self.lab.cmp(&o.lab))
            .then(self.beneficiary.cmp(&o.beneficiary))
            .then(self.field.cmp(&o.field))
    }
}

/// Scores candidate opportunities and explains them: everything shared by all candidates
/// (the equipment index, own free hours, ties between universities), built once.
pub struct Scorer<'g> {
    g: &'g Graph,
    w: &'g LabWeights,
    equipment: EquipmentIndex,
    /// University × field free hours of the university's own labs.
    own: Vec<u64>,
    /// Recency-weighted papers between two universities, keyed `(min, max)`.
    ties: FxHashMap<(UniIdx, UniIdx), f64>,
    /// Each university's city after [`crate::text::fold`] (the distance compares them).
    cities: Vec<String>,
    reference_year: u16,
}

impl<'g> Scorer<'g> {
    pub fn new(g: &'g Graph, w: &'g LabWeights) -> Self {
        let reference_year = if w.reference_year == 0 {
            g.latest_year()
        } else {
            w.reference_year
        };
        Scorer {
            g,
            w,
            equipment: EquipmentIndex::build(g.data()),
            own: own_hours(g),
            ties: university_ties(g, reference_year, w.recency_half_life_years),
            cities: g
                .data()
                .universities
                .iter()
                .map(|u| crate::text::fold(&u.city))
                .collect(),
            reference_year,
        }
    }

    /// The graph scored.
    pub fn graph(&self) -> &'g Graph {
        self.g
    }

    /// The weights scored with.
    pub fn weights(&self) -> &'g LabWeights {
        self.w
    }

    fn own_hours(&self, u: UniIdx, f: FieldIdx) -> u64 {
        self.own[u.ix() * self.g.data().fields.len() + f.ix()]
    }

    fn ties(&self, a: UniIdx, b: UniIdx) -> f64 {
        self.ties.get(&(a.min(b), a.max(b))).copied().unwrap_or(0.0)
    }

    /// [`Distance::between`] with the folded cities computed once.
    fn distance(&self, a: UniIdx, b: UniIdx) -> Distance {
        let ds = self.g.data();
        Distance::of(
            ds.university(a),
            ds.university(b),
            self.cities[a.ix()] == self.cities[b.ix()],
        )
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
        // With `top`, the best `n` are selected as they come (at most 2n + 4096 held), not
        // after holding every candidate.
        let limit = top.map(|n| 2 * n + 4096);
        let mut scored = Vec::new();
        self.each(field, None, keep, |s| {
            scored.push(s);
            if let (Some(n), Some(limit)) = (top, limit) {
                if scored.len() >= limit {
                    scored.select_nth_unstable_by(n, Scored::best_first);
                    scored.truncate(n);
                }
            }
        });
        scored.sort_by(Scored::best_first);
        if let Some(n) = top {
            scored.truncate(n);
        }
        scored
            .iter()
            .enumerate()
            .map(|(i, s)| self.explain(s, i + 1))
            .collect()
    }

    /// Hands every candidate of `field` (every field when `None`) whose beneficiary index lies
    /// in `beneficiaries` (all when `None`) and that `keep(host, beneficiary)` accepts to
    /// `visit`, in (lab, field of the lab, beneficiary) order, scored and not explained.
    pub fn each(
        &self,
        field: Option<FieldIdx>,
        beneficiaries: Option<std::ops::Range<usize>>,
        keep: impl Fn(UniIdx, UniIdx) -> bool,
        mut visit: impl FnMut(Scored),
    ) {
        let ds = self.g.data();
        let range = beneficiaries.unwrap_or(0..ds.universities.len());
        for l in ds.lab_ids() {
            let lab = ds.lab(l);
            if lab.access == Access::Internal || lab.capacity_hours == 0 {
                continue; // never offered to another university; or nothing free to offer
            }
            for &f in lab.fields.iter().filter(|&&f| field.is_none_or(|q| q == f)) {
                let (equipment, _, _) = self.equipment_match(l, f);
                for b in range.clone().map(|i| UniIdx(i as u32)) {
                    if !keep(lab.university, b) || !self.qualifies(lab, f, b) {
                        continue;
                    }
                    visit(self.score(l, lab, f, b, equipment));
                }
            }
        }
    }

    /// The candidate `(lab, beneficiary, field)` scored as [`Scorer::each`] scores it, or
    /// `None` when it is not an opportunity.
    pub fn rescore(&self, l: LabIdx, b: UniIdx, f: FieldIdx) -> Option<Scored> {
        let lab = self.g.data().lab(l);
        let serves = lab.fields.contains(&f);
        if lab.access == Access::Internal || lab.capacity_hours == 0 || !serves {
            return None;
        }
        if !self.qualifies(lab, f, b) {
            return None;
        }
        let (equipment, _, _) = self.equipment_match(l, f);
        Some(self.score(l, lab, f, b, equipment))
    }

    fn score(&self, l: LabIdx, lab: &Lab, f: FieldIdx, b: UniIdx, equipment: f64) -> Scored {
        let w = self.w;
        let capacity = saturate(f64::from(lab.capacity_hours), w.capacity_half_saturation);
        let values = [
            saturate(self.g.strength(b, f).level_sum, w.demand_half_saturation),
            capacity,
            self.distance(lab.university, b).value(w),
            saturate(self.ties(lab.university, b), w.ties_half_saturation),
            equipment,
        ];
        let weights = [w.demand, w.capacity, w.distance, w.ties, w.equipment];
        let score = values.iter().zip(weights).map(|(v, w)| v * w).sum();
        Scored {
            lab: l,
            beneficiary: b,
            field: f,
            score,
            values,
        }
    }

    /// The explained opportunity of a kept candidate, at `rank` in its list.
    pub fn explain(&self, s: &Scored, rank: usize) -> LabOpportunity {
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
        let distance = self.distance(host, b);
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

/// How many candidates a band of [`Bands`] holds at most (64 MB of [`Scored`]).
pub const BAND: usize = 1 << 20;

/// The score bucket of a candidate: the top 20 bits of its score's bits mapped to an unsigned
/// key in the order of `f64::total_cmp` (so a higher bucket never holds a lower score).
fn bucket(score: f64) -> usize {
    let b = score.to_bits();
    let key = if b >> 63 == 1 { !b } else { b | 1 << 63 };
    (key >> 44) as usize
}

/// Every opportunity, best first, in constant memory: a first pass counts the candidates by
/// score bucket and groups neighbouring buckets, best first, into bands of at most `cap`
/// candidates; each [`Bands::sweep`] then scores every candidate again once per band, keeps
/// that band's, sorts them ([`Scored::best_first`]) and hands them out. Concatenated, the bands
/// are the whole sorted list. Memory: one band (a bucket holding more than `cap` candidates,
/// all within 1/256 of an octave of one score, is a band of its own) and a 4 MB histogram;
/// time: one scoring pass per band.
#[derive(Clone, Debug, PartialEq)]
pub struct Bands {
    field: Option<FieldIdx>,
    /// `(lowest bucket, highest bucket, candidates)`, best band first.
    bands: Vec<(usize, usize, usize)>,
    total: usize,
}

impl Bands {
    /// Counts the candidates of `field` (all fields when `None`). `adjust` may lower a
    /// candidate's score or drop it (false) and must give the same answer every time it is
    /// asked; `visit` sees every kept candidate, adjusted, in [`Scorer::each`] order.
    pub fn new(
        s: &Scorer<'_>,
        field: Option<FieldIdx>,
        cap: usize,
        adjust: impl Fn(&mut Scored) -> bool,
        mut visit: impl FnMut(&Scored),
    ) -> Bands {
        let mut hist = vec![0u32; 1 << 20];
        let mut total = 0;
        s.each(
            field,
            None,
            |_, _| true,
            |mut c| {
                if adjust(&mut c) {
                    hist[bucket(c.score)] += 1;
                    total += 1;
                    visit(&c);
                }
            },
        );
        let mut bands: Vec<(usize, usize, usize)> = Vec::new();
        for b in (0..hist.len()).rev() {
            let n = hist[b] as usize;
            if n == 0 {
                continue;
            }
            match bands.last_mut() {
                Some(last) if last.2 + n <= cap.max(1) => {
                    last.0 = b;
                    last.2 += n;
                }
                _ => bands.push((b, b, n)),
            }
        }
        Bands {
            field,
            bands,
            total,
        }
    }

    /// How many candidates were kept.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Hands out every kept candidate, best first, one sorted band at a time; stops at the
    /// first error of `sink`. `adjust` must be the one given to [`Bands::new`].
    pub fn sweep<E>(
        &self,
        s: &Scorer<'_>,
        adjust: impl Fn(&mut Scored) -> bool,
        mut sink: impl FnMut(&[Scored]) -> Result<(), E>,
    ) -> Result<(), E> {
        for &(lo, hi, n) in &self.bands {
            let mut band = Vec::with_capacity(n);
            s.each(
                self.field,
                None,
                |_, _| true,
                |mut c| {
                    if adjust(&mut c) && (lo..=hi).contains(&bucket(c.score)) {
                        band.push(c);
                    }
                },
            );
            debug_assert_eq!(band.len(), n, "adjust answered differently");
            band.sort_unstable_by(Scored::best_first);
            sink(&band)?;
        }
        Ok(())
    }
}

/// The best `n` candidates of each group, best first (each list sorted, at most `n` long).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BestLists {
    /// Per field, by field index.
    pub by_field: Vec<Vec<Scored>>,
    /// Per beneficiary university (what it can borrow).
    pub by_beneficiary: Vec<Vec<Scored>>,
    /// Per host university (what it can offer).
    pub by_host: Vec<Vec<Scored>>,
}

/// One pass over every candidate (`adjust` as for [`Bands::new`]), keeping the best `n` of each
/// field, beneficiary and host: what filtering the whole sorted list by each group and taking
/// its first `n` gives, in O(n) memory per group.
pub fn best_lists(s: &Scorer<'_>, n: usize, adjust: impl Fn(&mut Scored) -> bool) -> BestLists {
    let ds = s.graph().data();
    let (nf, nu) = (ds.fields.len(), ds.universities.len());
    let mut out = BestLists {
        by_field: vec![Vec::new(); nf],
        by_beneficiary: vec![Vec::new(); nu],
        by_host: vec![Vec::new(); nu],
    };
    s.each(
        None,
        None,
        |_, _| true,
        |mut c| {
            if !adjust(&mut c) {
                return;
            }
            let host = ds.lab(c.lab).university;
            offer(&mut out.by_field[c.field.ix()], n, c);
            offer(&mut out.by_beneficiary[c.beneficiary.ix()], n, c);
            offer(&mut out.by_host[host.ix()], n, c);
        },
    );
    out
}

/// The best `n` candidates for each beneficiary in `beneficiaries`, best first, scored in one
/// pass over those beneficiaries (memory: their candidates, not every university's).
pub fn best_for_beneficiaries(
    s: &Scorer<'_>,
    field: Option<FieldIdx>,
    beneficiaries: std::ops::Range<usize>,
    n: usize,
    adjust: impl Fn(&mut Scored) -> bool,
) -> Vec<Vec<Scored>> {
    let start = beneficiaries.start;
    let mut lists = vec![Vec::new(); beneficiaries.len()];
    s.each(
        field,
        Some(beneficiaries),
        |_, _| true,
        |mut c| {
            if adjust(&mut c) {
                lists[c.beneficiary.ix() - start].push(c);
            }
        },
    );
    for l in &mut lists {
        l.sort_unstable_by(Scored::best_first);
        l.truncate(n);
    }
    lists
}

/// Puts `c` into `list` (sorted best first, at most `n` long) if it belongs there.
fn offer(list: &mut Vec<Scored>, n: usize, c: Scored) {
    use std::cmp::Ordering::Less;
    if list.len() == n {
        match list.last() {
            Some(worst) if c.best_first(worst) == Less => {
                list.pop();
            }
            _ => return,
        }
    }
    let at = list.partition_point(|x| x.best_first(&c) == Less);
    list.insert(at, c);
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
