//! The solvers' view of a call ([`Ctx`]): the candidate pool (chosen by [`super::pool`]) with
//! everything evaluation needs in flat arrays indexed by pool position, co-authorship distances
//! computed on demand, the hard constraints (`feasible`) and the objective (`evaluate`), shared
//! by the exact and the heuristic solver.

use rustc_hash::FxHashSet;

use super::{overlap, pool, Call, Eval, Team, TeamWeights, FAR, LABS_PER_FIELD, MAX_TEAM};
use crate::component::seniority;
use crate::graph::Graph;
use crate::model::*;

/// The solver's view of a call: the candidate pool with everything evaluation needs, in flat
/// arrays indexed by pool position.
pub struct Ctx<'g> {
    pub g: &'g Graph,
    pub call: &'g Call,
    pub w: TeamWeights,
    /// Candidates, best level first (ties by index).
    pub pool: Vec<ResearcherIdx>,
    /// `levels[i * nf + j]`: level of candidate i in required field j.
    pub(super) levels: Vec<f32>,
    pub(super) uni: Vec<UniIdx>,
    pub(super) region: Vec<Region>,
    /// Bit r set when candidate i counts for title rule r.
    pub(super) rules: Vec<u32>,
    pub(super) pref: Vec<f64>,
    /// Pool positions that must be in every team.
    pub forced: Vec<usize>,
    /// Per lab field: the labs serving it, one per distinct (host, access).
    pub(super) lab_choices: Vec<Vec<LabIdx>>,
    pub(super) pool_regions: usize,
    /// The largest preference value of any candidate (bounds the mean).
    pub(super) max_pref: f64,
    /// What the weighted sum is divided by so that the score stays in [0, 1]
    /// ([`super::score_scale`]).
    pub(super) scale: f64,
    pub(super) dist: Vec<u8>,
    /// Teams already proposed: a new team may share at most half its members with each.
    pub avoid: Vec<Vec<usize>>,
}

impl<'g> Ctx<'g> {
    /// Builds the candidate pool. `capacity_left` overrides `max_teams` (batch mode).
    pub fn new(
        g: &'g Graph,
        call: &'g Call,
        w: &TeamWeights,
        capacity_left: Option<&[u32]>,
    ) -> Ctx<'g> {
        Ctx::with_limit(g, call, w, capacity_left, None)
    }

    /// Like [`Ctx::new`], keeping at most `per_field` candidates per required field (the
    /// strongest, plus the strongest of every region and of every title rule, so that those
    /// constraints stay reachable).
    pub fn with_limit(
        g: &'g Graph,
        call: &'g Call,
        w: &TeamWeights,
        capacity_left: Option<&[u32]>,
        per_field: Option<usize>,
    ) -> Ctx<'g> {
        let ds = g.data();
        let pool = pool::select(g, call, capacity_left, per_field);

        let nf = call.fields.len();
        let mut levels = Vec::with_capacity(pool.len() * nf);
        for &r in &pool {
            for n in &call.fields {
                let l = g.level(r, n.field);
                levels.push(if l >= n.min_level { l } else { 0.0 });
            }
        }
        let uni: Vec<UniIdx> = pool.iter().map(|r| ds.researcher(*r).university).collect();
        let region: Vec<Region> = uni.iter().map(|u| ds.university(*u).region).collect();
        let rules = pool
            .iter()
            .map(|r| {
                let t = ds.researcher(*r).title;
                call.rules
                    .iter()
                    .enumerate()
                    .filter(|(_, rule)| t >= rule.min_title)
                    .fold(0u32, |acc, (i, _)| acc | (1 << i))
            })
            .collect();
        let pref: Vec<f64> = pool
            .iter()
            .map(|r| {
                let x = ds.researcher(*r);
                call.prefer_capacity * f64::from(x.max_teams.min(3)) / 3.0
                    + call.prefer_seniority * seniority(x.h_index)
                    + call
                        .problem
                        .as_ref()
                        .map_or(0.0, |p| p.value(*r, x.university))
            })
            .collect();
        let forced = call
            .include
            .iter()
            .filter_map(|r| pool.iter().position(|p| p == r))
            .collect();
        let lab_choices = call
            .lab_fields
            .iter()
            .map(|&f| {
                let mut seen = FxHashSet::default();
                ds.lab_ids()
                    .filter(|&l| {
                        let lab = ds.lab(l);
                        lab.fields.contains(&f) && seen.insert((lab.university, lab.access))
                    })
                    .collect()
            })
            .collect();
        let mut regions: Vec<Region> = region.clone();
        regions.sort();
        regions.dedup();
        let n = pool.len();
        let max_pref = pref.iter().copied().fold(0.0, f64::max);
        Ctx {
            g,
            call,
            w: w.clone(),
            pool,
            levels,
            uni,
            region,
            rules,
            pref,
            forced,
            lab_choices,
            pool_regions: regions.len(),
            max_pref,
            scale: super::score_scale(w, call),
            dist: vec![0; n * n],
            avoid: Vec::new(),
        }
    }

    pub fn nf(&self) -> usize {
        self.call.fields.len()
    }

    /// Level of candidate `i` in required field `j` (0 below the field's minimum).
    #[inline]
    pub fn level(&self, i: usize, j: usize) -> f32 {
        self.levels[i * self.nf() + j]
    }

    pub fn uni(&self, i: usize) -> UniIdx {
        self.uni[i]
    }

    pub fn region(&self, i: usize) -> Region {
        self.region[i]
    }

    /// Co-authorship distance between candidates (1, 2 or 3), cached.
    pub fn distance(&mut self, i: usize, j: usize) -> u8 {
        if i == j {
            return 0;
        }
        let n = self.pool.len();
        let cached = self.dist[i * n + j];
        if cached != 0 {
            return cached;
        }
        let (a, b) = (self.pool[i], self.pool[j]);
        let d = if self.g.coauthorship(a, b).is_some() {
            1
        } else if self.g.share_coauthor(a, b) {
            2
        } else {
            FAR
        };
        self.dist[i * n + j] = d;
        self.dist[j * n + i] = d;
        d
    }

    /// Whether `team` (pool positions) satisfies every hard constraint of the call.
    pub fn feasible(&self, team: &[usize]) -> bool {
        let c = self.call;
        let k = team.len();
        if k < c.size_min || k > c.size_max {
            return false;
        }
        if !self.forced.iter().all(|f| team.contains(f)) {
            return false;
        }
        for j in 0..self.nf() {
            if !team.iter().any(|&i| self.level(i, j) > 0.0) {
                return false;
            }
        }
        let (unis, regions) = self.spread(team);
        if unis.len() < c.min_universities || regions < c.min_regions {
            return false;
        }
        if let Some(m) = c.max_per_university {
            if unis.iter().any(|(_, n)| usize::from(*n) > m) {
                return false;
            }
        }
        for (r, rule) in c.rules.iter().enumerate() {
            if team
                .iter()
                .filter(|&&i| self.rules[i] & (1 << r) != 0)
                .count()
                < rule.count
            {
                return false;
            }
        }
        if self.unmet_labs(team) > 0 {
            return false;
        }
        self.avoid
            .iter()
            .all(|prev| 2 * overlap(team, prev) <= k.min(prev.len()))
    }

    /// Title rules `team` does not meet yet.
    pub fn unmet_rules(&self, team: &[usize]) -> usize {
        self.call
            .rules
            .iter()
            .enumerate()
            .filter(|(r, rule)| {
                team.iter()
                    .filter(|&&i| self.rules[i] & (1 << r) != 0)
                    .count()
                    < rule.count
            })
            .count()
    }

    /// Lab fields for which no lab serving them may be used by every member's university
    /// (the access law: internal labs only by the host, consortium labs by members).
    pub fn unmet_labs(&self, team: &[usize]) -> usize {
        let ds = self.g.data();
        self.lab_choices
            .iter()
            .filter(|labs| {
                !labs
                    .iter()
                    .any(|&l| team.iter().all(|&i| ds.lab(l).usable_by(ds, self.uni[i])))
            })
            .count()
    }

    /// How far `team` is from feasible: the sum of every constraint's shortfall (0 = feasible
    /// apart from the size bounds).
    pub fn violations(&self, team: &[usize]) -> usize {
        let c = self.call;
        let uncovered = (0..self.nf())
            .filter(|&j| !team.iter().any(|&i| self.level(i, j) > 0.0))
            .count();
        let (unis, regions) = self.spread(team);
        let excess: usize = c.max_per_university.map_or(0, |m| {
            unis.iter()
                .map(|(_, n)| usize::from(*n).saturating_sub(m))
                .sum()
        });
        let missing_forced = self.forced.iter().filter(|f| !team.contains(f)).count();
        let overlaps: usize = self
            .avoid
            .iter()
            .map(|prev| (2 * overlap(team, prev)).saturating_sub(team.len().min(prev.len())))
            .sum();
        uncovered
            + c.min_universities.saturating_sub(unis.len())
            + c.min_regions.saturating_sub(regions)
            + excess
            + missing_forced
            + self.unmet_rules(team)
            + self.unmet_labs(team)
            + overlaps
    }

    /// Universities with member counts, and the number of regions (no allocation).
    fn spread(&self, team: &[usize]) -> (Spread, usize) {
        let mut unis = Spread::default();
        let mut regions = [false; Region::ALL.len()];
        for &i in team {
            unis.add(self.uni[i]);
            regions[self.region[i] as usize] = true;
        }
        (unis, regions.iter().filter(|r| **r).count())
    }

    /// The score of `team`, feasible or not.
    pub fn evaluate(&mut self, team: &[usize]) -> Eval {
        self.evaluate_above(team, f64::NEG_INFINITY)
            .unwrap_or_default()
    }

    /// The score of `team` when it can exceed `threshold`; `None` when even a perfect cohesion
    /// could not (the minimum spanning tree, the costly part, is then not computed).
    pub fn evaluate_above(&mut self, team: &[usize], threshold: f64) -> Option<Eval> {
        let k = team.len();
        if k == 0 {
            return (threshold < 0.0).then(Eval::default);
        }
        let nf = self.nf();
        let mut e = 0.0;
        for j in 0..nf {
            e += team
                .iter()
                .map(|&i| self.level(i, j))
                .fold(0.0f32, f32::max) as f64;
        }
        let expertise = if nf > 0 { e / nf as f64 } else { 0.0 };
        let (unis, regions) = self.spread(team);
        let diversity = if k > 1 {
            let u = (unis.len() - 1) as f64 / (k - 1) as f64;
            let rmax = k.min(self.pool_regions);
            let r = if rmax > 1 {
                (regions - 1) as f64 / (rmax - 1) as f64
            } else {
                0.0
            };
            0.5 * u + 0.5 * r.min(1.0)
        } else {
            0.0
        };
        let preferences = team.iter().map(|&i| self.pref[i]).sum::<f64>() / k as f64;
        let w = &self.w;
        let partial = w.expertise * expertise + w.diversity * diversity + preferences;
        if (partial + w.cohesion) / self.scale <= threshold {
            return None;
        }
        let cost = self.mst(team);
        let cohesion = if k > 1 {
            let km = (k - 1) as f64;
            (f64::from(FAR) * km - f64::from(cost)) / ((f64::from(FAR) - 1.0) * km)
        } else {
            1.0
        };
        let w = &self.w;
        Some(Eval {
            score: (w.expertise * expertise
                + w.cohesion * cohesion
                + w.diversity * diversity
                + preferences)
                / self.scale,
            expertise,
            cohesion,
            diversity,
            preferences,
            cost,
        })
    }

    /// An upper bound on the score of any feasible superset of `team` drawn from candidates at
    /// pool positions ≥ `next`, given `suffix_best[next * nf + j]` = best level in field j among
    /// them: expertise at its best, everything else at its maximum of 1.
    pub fn upper_bound(&self, team: &[usize], suffix_best: &[f32], next: usize) -> f64 {
        let nf = self.nf();
        let mut e = 0.0;
        for j in 0..nf {
            let here = team
                .iter()
                .map(|&i| self.level(i, j))
                .fold(0.0f32, f32::max);
            e += here.max(suffix_best[next * nf + j]) as f64;
        }
        let expertise = if nf > 0 { e / nf as f64 } else { 0.0 };
        (self.w.expertise * expertise + self.w.cohesion + self.w.diversity + self.max_pref)
            / self.scale
    }

    /// `suffix_best[i * nf + j]`: the best level in field j among candidates `order[i..]` (one
    /// extra row of zeros at the end).
    pub fn suffix_best(&self, order: &[usize]) -> Vec<f32> {
        let (n, nf) = (order.len(), self.nf());
        let mut s = vec![0.0f32; (n + 1) * nf];
        for i in (0..n).rev() {
            for j in 0..nf {
                s[i * nf + j] = s[(i + 1) * nf + j].max(self.level(order[i], j));
            }
        }
        s
    }

    /// Whether adding candidate `c` keeps every university within `max_per_university`.
    pub fn fits_university(&self, team: &[usize], c: usize) -> bool {
        match self.call.max_per_university {
            Some(m) => team.iter().filter(|&&i| self.uni[i] == self.uni[c]).count() < m,
            None => true,
        }
    }

    /// Deterministic order of equal scores: the smaller sorted list of researcher indexes wins.
    pub fn better(&mut self, a: &[usize], score_a: f64, b: &[usize], score_b: f64) -> bool {
        if (score_a - score_b).abs() > 1e-12 {
            return score_a > score_b;
        }
        let key = |t: &[usize]| {
            let mut v: Vec<ResearcherIdx> = t.iter().map(|&i| self.pool[i]).collect();
            v.sort();
            v
        };
        key(a) < key(b)
    }

    /// Minimum spanning tree weight over the team (Prim, O(k²)).
    fn mst(&mut self, team: &[usize]) -> u32 {
        let k = team.len();
        if k < 2 {
            return 0;
        }
        let mut in_tree = [false; MAX_TEAM];
        let mut best = [u8::MAX; MAX_TEAM];
        best[0] = 0;
        let mut total = 0u32;
        for _ in 0..k {
            let (mut v, mut bv) = (usize::MAX, u8::MAX);
            for i in 0..k {
                if !in_tree[i] && (v == usize::MAX || best[i] < bv) {
                    v = i;
                    bv = best[i];
                }
            }
            in_tree[v] = true;
            total += u32::from(bv);
            for i in 0..k {
                if !in_tree[i] {
                    let d = self.distance(team[v], team[i]);
                    if d < best[i] {
                        best[i] = d;
                    }
                }
            }
        }
        total
    }

    /// Turns pool positions into a [`Team`].
    pub fn team(&mut self, positions: &[usize]) -> Team {
        let eval = self.evaluate(positions);
        let mut members: Vec<ResearcherIdx> = positions.iter().map(|&i| self.pool[i]).collect();
        members.sort();
        let unis: Vec<UniIdx> = members
            .iter()
            .map(|r| self.g.data().researcher(*r).university)
            .collect();
        let labs = self
            .call
            .lab_fields
            .iter()
            .map(|&f| {
                (
                    f,
                    crate::lab::labs_for_team(self.g, &unis, f, LABS_PER_FIELD),
                )
            })
            .collect();
        Team {
            members,
            eval,
            labs,
        }
    }
}

/// Universities of a team with member counts, on the stack.
#[derive(Clone, Copy)]
struct Spread {
    unis: [(UniIdx, u8); MAX_TEAM],
    n: usize,
}

impl Default for Spread {
    fn default() -> Self {
        Spread {
            unis: [(UniIdx(0), 0); MAX_TEAM],
            n: 0,
        }
    }
}

impl Spread {
    fn add(&mut self, u: UniIdx) {
        match self.unis[..self.n].iter_mut().find(|(x, _)| *x == u) {
            Some(e) => e.1 += 1,
            None => {
                self.unis[self.n] = (u, 1);
                self.n += 1;
            }
        }
    }

    fn len(&self) -> usize {
        self.n
    }

    fn iter(&self) -> impl Iterator<Item = &(UniIdx, u8)> {
        self.unis[..self.n].iter()
    }
}
