//! Team formation: inter-university research groups for a call.
//!
//! # What a good team is
//! A call ([`Call`]) fixes hard constraints — required fields each with a minimum level, team
//! size, minimum numbers of universities and regions, a maximum per university, researchers to
//! include or exclude, title rules ("at least one associate professor or professor") and fields
//! that need lab access (a lab serving the field that every member's university may use). A proposed team never breaks one of them. Among the teams that satisfy
//! them all, the score is
//!
//! ```text
//! score = w_expertise · E + w_cohesion · C + w_diversity · D + Σ preference weights · P
//! E = mean over required fields of the best member level in that field          (in [0, 1])
//! C = (3(k − 1) − MST) / (2(k − 1)),  k members, C = 1 for one member            (in [0, 1])
//! D = ½ (universities − 1)/(k − 1) + ½ (regions − 1)/(min(k, regions in pool) − 1)  (in [0, 1])
//! P = mean spare capacity min(max_teams, 3)/3, mean seniority min(1, ln(1 + h)/ln 31)
//! ```
//!
//! C is the communication cost of Lappas, Liu and Terzi, "Finding a team of experts in social
//! networks" (KDD 2009): the weight of a minimum spanning tree over the members, where the
//! distance between two members is their distance in the co-authorship graph — 1 for
//! co-authors, 2 for researchers with a common co-author, 3 for anything farther. A team whose
//! members already work together, directly or through one intermediary, costs less.
//!
//! # Solvers
//! - [`exact`]: branch and bound over the candidate pool with a sound upper bound (expertise
//!   bounded by the best remaining level per field, cohesion, diversity and preferences by 1),
//!   used when the number of teams to enumerate is at most [`EXACT_LIMIT`].
//! - [`heuristic`]: greedy construction from several seeds (the strongest candidates in the
//!   rarest field) that satisfies the hard constraints first, then best-improvement local search
//!   with add, drop and swap moves.
//!
//! `--top K` asks for K distinct teams: team i+1 is the best team sharing at most half of its
//! members with each of teams 1..i (found by the same solver with that extra constraint).
//!
//! # Candidate pool
//! A researcher is a candidate when they have capacity (`max_teams` ≥ 1, or capacity left in a
//! batch), are not excluded, and reach the minimum level in at least one required field. For
//! large consortia the pool keeps, per required field and university, the [`PER_UNIVERSITY`]
//! strongest candidates (plus every included researcher): lower-ranked researchers of the same
//! university and field add no expertise, and the pool stays small enough to search well. The
//! heuristic first searches the [`HEURISTIC_POOL`] strongest of them (keeping the strongest of
//! every region and title rule) and falls back to the whole pool when that finds too few teams.

pub mod batch;
pub mod call;
pub mod diagnose;
pub mod exact;
pub mod heuristic;

use rustc_hash::FxHashSet;

use crate::component::seniority;
use crate::graph::Graph;
use crate::model::*;

pub use call::{Call, CallError, FieldNeed, TitleRule};

/// Teams are enumerated exactly when there are at most this many to consider.
pub const EXACT_LIMIT: f64 = 100_000.0;
/// Candidates kept per required field and university in the pool.
pub const PER_UNIVERSITY: usize = 4;
/// The heuristic first searches a pool of about this many of the strongest candidates.
pub const HEURISTIC_POOL: usize = 200;
/// The largest team size a call may ask for.
pub const MAX_TEAM: usize = 30;
/// Distance used for members farther apart than a common co-author.
const FAR: u8 = 3;

/// Weights of the team score (the `[teams]` table of the scoring profile).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TeamWeights {
    pub expertise: f64,
    pub cohesion: f64,
    pub diversity: f64,
}

impl Default for TeamWeights {
    fn default() -> Self {
        TeamWeights {
            expertise: 0.5,
            cohesion: 0.3,
            diversity: 0.2,
        }
    }
}

/// Which solver produced a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Solver {
    Exact,
    Heuristic,
}

impl Solver {
    pub fn as_str(self) -> &'static str {
        match self {
            Solver::Exact => "exact",
            Solver::Heuristic => "heuristic",
        }
    }
}

/// The parts of a team's score.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Eval {
    pub score: f64,
    pub expertise: f64,
    pub cohesion: f64,
    pub diversity: f64,
    /// Σ preference weight × value.
    pub preferences: f64,
    /// MST weight (communication cost).
    pub cost: u32,
}

/// A proposed team.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    /// Members sorted by researcher index.
    pub members: Vec<ResearcherIdx>,
    pub eval: Eval,
    /// For each of the call's lab fields, in call order: the best labs every member's
    /// university may use, nearest first (at most [`LABS_PER_FIELD`]; see
    /// [`crate::lab::labs_for_team`]).
    pub labs: Vec<(FieldIdx, Vec<crate::lab::TeamLab>)>,
}

/// Labs attached to a team per lab field.
pub const LABS_PER_FIELD: usize = 3;

/// The teams proposed for one call.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub solver: Solver,
    /// Candidates considered.
    pub pool: usize,
    /// Best first, pairwise sharing at most half their members.
    pub teams: Vec<Team>,
}

/// The solver's view of a call: the candidate pool with everything evaluation needs, in flat
/// arrays indexed by pool position.
pub struct Ctx<'g> {
    pub g: &'g Graph,
    pub call: &'g Call,
    pub w: TeamWeights,
    /// Candidates, best level first (ties by index).
    pub pool: Vec<ResearcherIdx>,
    /// `levels[i * nf + j]`: level of candidate i in required field j.
    levels: Vec<f32>,
    uni: Vec<UniIdx>,
    region: Vec<Region>,
    /// Bit r set when candidate i counts for title rule r.
    rules: Vec<u32>,
    pref: Vec<f64>,
    /// Pool positions that must be in every team.
    pub forced: Vec<usize>,
    /// Per lab field: the labs serving it, one per distinct (host, access).
    lab_choices: Vec<Vec<LabIdx>>,
    pool_regions: usize,
    /// The largest preference value of any candidate (bounds the mean).
    max_pref: f64,
    dist: Vec<u8>,
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
        let eligible = |r: ResearcherIdx| {
            let cap = capacity_left.map_or(ds.researcher(r).max_teams, |c| c[r.ix()]);
            cap >= 1 && !call.exclude.contains(&r)
        };
        let mut chosen: FxHashSet<ResearcherIdx> = call.include.iter().copied().collect();
        let per_uni = call
            .max_per_university
            .unwrap_or(PER_UNIVERSITY)
            .clamp(1, PER_UNIVERSITY);
        // `full`: the per-university pool; `chosen`: what is kept under `per_field`.
        let mut full: FxHashSet<ResearcherIdx> = FxHashSet::default();
        for need in &call.fields {
            let mut taken = vec![0usize; ds.universities.len()];
            let mut kept = 0usize;
            let mut region_seen = [false; Region::ALL.len()];
            let mut rule_seen = vec![0usize; call.rules.len()];
            for &(r, level) in g.field_members(need.field) {
                if level < need.min_level {
                    break; // members are sorted best first
                }
                let x = ds.researcher(r);
                let u = x.university;
                if taken[u.ix()] >= per_uni || !eligible(r) {
                    continue;
                }
                taken[u.ix()] += 1;
                full.insert(r);
                let region = ds.university(u).region as usize;
                let new_region = !region_seen[region];
                let for_rule = call
                    .rules
                    .iter()
                    .zip(&rule_seen)
                    .any(|(rule, seen)| x.title >= rule.min_title && *seen < rule.count + 2);
                if per_field.is_some_and(|limit| kept >= limit) && !new_region && !for_rule {
                    continue;
                }
                kept += 1;
                region_seen[region] = true;
                for (rule, seen) in call.rules.iter().zip(rule_seen.iter_mut()) {
                    if x.title >= rule.min_title {
                        *seen += 1;
                    }
                }
                chosen.insert(r);
            }
        }
        if per_field.is_some() {
            // Cohesion needs people who already work together: keep the co-authors of the
            // strongest candidates that the full pool has.
            let core: Vec<ResearcherIdx> = chosen.iter().copied().collect();
            for r in core {
                for l in g.coauthors(r) {
                    if full.contains(&l.other) {
                        chosen.insert(l.other);
                    }
                }
            }
        } else {
            chosen.extend(full);
        }
        let mut pool: Vec<ResearcherIdx> = chosen.into_iter().collect();
        let best = |r: ResearcherIdx| {
            call.fields
                .iter()
                .map(|n| g.level(r, n.field))
                .fold(0.0f32, f32::max)
        };
        pool.sort_by(|a, b| best(*b).total_cmp(&best(*a)).then(a.cmp(b)));

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
        } else if has_common(self.g.coauthors(a), self.g.coauthors(b)) {
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
        if partial + w.cohesion <= threshold {
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
            score: w.expertise * expertise
                + w.cohesion * cohesion
                + w.diversity * diversity
                + preferences,
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
        self.w.expertise * expertise + self.w.cohesion + self.w.diversity + self.max_pref
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

fn has_common(a: &[crate::graph::CoauthorLink], b: &[crate::graph::CoauthorLink]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].other.cmp(&b[j].other) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Members two teams share.
pub fn overlap(a: &[usize], b: &[usize]) -> usize {
    a.iter().filter(|x| b.contains(x)).count()
}

/// Number of teams of allowed size that contain every forced candidate.
pub fn search_space(ctx: &Ctx<'_>) -> f64 {
    let free = ctx.pool.len().saturating_sub(ctx.forced.len());
    let mut total = 0.0;
    for k in ctx.call.size_min..=ctx.call.size_max {
        if k >= ctx.forced.len() {
            total += binomial(free, k - ctx.forced.len());
        }
    }
    total
}

fn binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Proposes up to `top` distinct teams for `call`, choosing the solver by the size of the
/// search space (or as `solver` says). Returns an empty list when no team satisfies the call (see
/// [`diagnose::diagnose`] for why).
pub fn propose(
    g: &Graph,
    call: &Call,
    w: &TeamWeights,
    top: usize,
    solver: Option<Solver>,
) -> Proposal {
    propose_with(g, call, w, top, solver, None)
}

/// [`propose`] with the capacity left to each researcher (batch mode).
pub fn propose_with(
    g: &Graph,
    call: &Call,
    w: &TeamWeights,
    top: usize,
    solver: Option<Solver>,
    capacity_left: Option<&[u32]>,
) -> Proposal {
    let ctx = Ctx::new(g, call, w, capacity_left);
    let solver = solver.unwrap_or(if search_space(&ctx) <= EXACT_LIMIT {
        Solver::Exact
    } else {
        Solver::Heuristic
    });
    if solver == Solver::Heuristic && ctx.pool.len() > HEURISTIC_POOL {
        // Search the strongest candidates first; fall back to the whole pool if that cannot
        // give all the teams asked for.
        let small = Ctx::with_limit(
            g,
            call,
            w,
            capacity_left,
            Some(HEURISTIC_POOL / call.fields.len().max(1)),
        );
        let p = run(small, solver, top);
        if p.teams.len() == top {
            return p;
        }
    }
    run(ctx, solver, top)
}

fn run(mut ctx: Ctx<'_>, solver: Solver, top: usize) -> Proposal {
    let mut teams = Vec::new();
    for _ in 0..top {
        let found = match solver {
            Solver::Exact => exact::best(&mut ctx),
            Solver::Heuristic => heuristic::best(&mut ctx),
        };
        let Some(positions) = found else { break };
        teams.push(ctx.team(&positions));
        ctx.avoid.push(positions);
    }
    Proposal {
        solver,
        pool: ctx.pool.len(),
        teams,
    }
}
