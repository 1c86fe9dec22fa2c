//! Heuristic team search for large pools: greedy construction, then local search.
//!
//! Construction starts from the forced members plus one seed — in turn the strongest candidates
//! of the rarest required fields — and adds, one at a time, the candidate that meets the most
//! unmet hard constraints (uncovered fields, missing universities, regions, titles),
//! ties broken by the resulting score, until the team is feasible. Local search then applies
//! the best improving move (add, drop or swap one member) among a shortlist — the strongest
//! candidates and those within two co-authorship steps of the team — until none improves.
//! The best team over all seeds wins.
//!
//! # Complexity
//! O(seeds · iterations · k · s) evaluations, each O(k²), for team size k and shortlist s.

use super::Ctx;
use crate::model::{Region, UniIdx};

/// Seeds tried per field and overall.
const SEEDS_PER_FIELD: usize = 3;
const MAX_SEEDS: usize = 8;
/// Candidates always in the shortlist (the pool is sorted strongest first).
const SHORTLIST_TOP: usize = 60;
/// Pools up to this size are searched whole.
const SMALL_POOL: usize = 150;
const MAX_ITERATIONS: usize = 200;

/// The best team found (pool positions, sorted), or `None` when construction fails from every
/// seed.
pub fn best(ctx: &mut Ctx<'_>) -> Option<Vec<usize>> {
    best_remembering(ctx, &mut Vec::new())
}

/// Like [`best`], remembering across calls: every local optimum found (one per seed) is added
/// to `seen`, and the answer is the best team of `seen` that is feasible now (a team found
/// while searching for team i+1 may be better than the one chosen for team i+1 earlier, and
/// is then proposed instead of being lost). [`crate::team::propose`] passes one list for all
/// `--top` searches of a call.
pub fn best_remembering(
    ctx: &mut Ctx<'_>,
    seen: &mut Vec<(f64, Vec<usize>)>,
) -> Option<Vec<usize>> {
    for seed in seeds(ctx) {
        let mut team = ctx.forced.clone();
        if let Some(s) = seed {
            if team.contains(&s) || !ctx.fits_university(&team, s) {
                continue;
            }
            team.push(s);
        }
        let Some(team) = construct(ctx, team) else {
            continue;
        };
        let (mut team, score) = improve(ctx, team);
        team.sort_unstable();
        if !seen.iter().any(|(_, t)| *t == team) {
            seen.push((score, team));
        }
    }
    let mut best: Option<(f64, Vec<usize>)> = None;
    for (score, team) in seen.iter() {
        if !ctx.feasible(team) {
            continue;
        }
        let better = match &best {
            None => true,
            Some((b, bt)) => {
                let (b, bt) = (*b, bt.clone());
                ctx.better(team, *score, &bt, b)
            }
        };
        if better {
            best = Some((*score, team.clone()));
        }
    }
    best.map(|(_, t)| t)
}

/// Seeds: the strongest candidates of each field, rarest field first; `None` = forced only.
fn seeds(ctx: &Ctx<'_>) -> Vec<Option<usize>> {
    let n = ctx.pool.len();
    let mut fields: Vec<(usize, usize)> = (0..ctx.nf())
        .map(|j| ((0..n).filter(|&i| ctx.level(i, j) > 0.0).count(), j))
        .collect();
    fields.sort_unstable();
    let mut out: Vec<Option<usize>> = Vec::new();
    if !ctx.forced.is_empty() {
        out.push(None);
    }
    for (_, j) in fields {
        let mut by_level: Vec<usize> = (0..n).filter(|&i| ctx.level(i, j) > 0.0).collect();
        by_level.sort_by(|&a, &b| ctx.level(b, j).total_cmp(&ctx.level(a, j)).then(a.cmp(&b)));
        for i in by_level.into_iter().take(SEEDS_PER_FIELD) {
            if !out.contains(&Some(i)) {
                out.push(Some(i));
            }
        }
    }
    out.truncate(MAX_SEEDS);
    out
}

/// What a partial team still lacks, computed once per construction step.
struct Needs {
    uncovered: Vec<bool>,
    unis: Vec<UniIdx>,
    regions: [bool; Region::ALL.len()],
    rule_counts: Vec<usize>,
}

impl Needs {
    fn of(ctx: &Ctx<'_>, team: &[usize]) -> Needs {
        let mut unis: Vec<UniIdx> = team.iter().map(|&i| ctx.uni(i)).collect();
        unis.sort();
        unis.dedup();
        let mut regions = [false; Region::ALL.len()];
        for &i in team {
            regions[ctx.region(i) as usize] = true;
        }
        Needs {
            uncovered: (0..ctx.nf())
                .map(|j| !team.iter().any(|&i| ctx.level(i, j) > 0.0))
                .collect(),
            unis,
            regions,
            rule_counts: (0..ctx.call.rules.len())
                .map(|r| {
                    team.iter()
                        .filter(|&&i| ctx.rules[i] & (1 << r) != 0)
                        .count()
                })
                .collect(),
        }
    }

    /// How many unmet hard constraints adding `c` helps with (weighted).
    fn gain(&self, ctx: &Ctx<'_>, c: usize) -> i32 {
        let call = ctx.call;
        let mut gain = 0;
        for (j, &open) in self.uncovered.iter().enumerate() {
            if open && ctx.level(c, j) > 0.0 {
                gain += 4;
            }
        }
        if self.unis.len() < call.min_universities && !self.unis.contains(&ctx.uni(c)) {
            gain += 2;
        }
        let regions = self.regions.iter().filter(|r| **r).count();
        if regions < call.min_regions && !self.regions[ctx.region(c) as usize] {
            gain += 2;
        }
        for (r, rule) in call.rules.iter().enumerate() {
            if self.rule_counts[r] < rule.count && ctx.rules[c] & (1 << r) != 0 {
                gain += 2;
            }
        }
        if ctx.avoid.iter().any(|prev| prev.contains(&c)) {
            gain -= 1;
        }
        gain
    }
}

fn construct(ctx: &mut Ctx<'_>, mut team: Vec<usize>) -> Option<Vec<usize>> {
    let n = ctx.pool.len();
    loop {
        if team.len() >= ctx.call.size_min && ctx.feasible(&team) {
            return Some(team);
        }
        if team.len() >= ctx.call.size_max {
            // Full but infeasible: try repairing with swaps before giving up.
            return repair(ctx, team);
        }
        let needs = Needs::of(ctx, &team);
        // Highest gain first, then the highest resulting score, then the lowest position.
        let mut best: Option<(i32, f64, usize)> = None;
        for c in 0..n {
            if team.contains(&c) || !ctx.fits_university(&team, c) {
                continue;
            }
            let gain = needs.gain(ctx, c);
            let threshold = match best {
                Some((bg, _, _)) if gain < bg => continue,
                Some((bg, bs, _)) if gain == bg => bs,
                _ => f64::NEG_INFINITY,
            };
            team.push(c);
            let eval = ctx.evaluate_above(&team, threshold);
            team.pop();
            if let Some(e) = eval {
                if best.is_none_or(|(bg, bs, _)| gain > bg || e.score > bs) {
                    best = Some((gain, e.score, c));
                }
            }
        }
        let (_, _, c) = best?;
        team.push(c);
    }
}

/// Swaps members out of a full but infeasible team until it is feasible (or no swap helps).
fn repair(ctx: &mut Ctx<'_>, mut team: Vec<usize>) -> Option<Vec<usize>> {
    for _ in 0..MAX_ITERATIONS {
        if ctx.feasible(&team) {
            return Some(team);
        }
        let violations = ctx.violations(&team);
        let mut best: Option<(usize, usize, usize)> = None;
        for pos in 0..team.len() {
            if ctx.forced.contains(&team[pos]) {
                continue;
            }
            for c in 0..ctx.pool.len() {
                if team.contains(&c) {
                    continue;
                }
                let old = team[pos];
                team[pos] = c;
                let v = ctx.violations(&team);
                team[pos] = old;
                if v < violations && best.is_none_or(|(bv, _, _)| v < bv) {
                    best = Some((v, pos, c));
                }
            }
        }
        let (_, pos, c) = best?;
        team[pos] = c;
    }
    ctx.feasible(&team).then_some(team)
}

/// The shortlist of candidates to move in: the strongest, and those close to the team.
fn shortlist(ctx: &mut Ctx<'_>, team: &[usize]) -> Vec<usize> {
    let n = ctx.pool.len();
    if n <= SMALL_POOL {
        return (0..n).filter(|c| !team.contains(c)).collect();
    }
    let mut out: Vec<usize> = (0..SHORTLIST_TOP.min(n))
        .filter(|c| !team.contains(c))
        .collect();
    for c in SHORTLIST_TOP..n {
        if !team.contains(&c) && team.iter().any(|&m| ctx.distance(m, c) <= 2) {
            out.push(c);
        }
    }
    out
}

/// Best-improvement local search over add, drop and swap moves; keeps feasibility.
fn improve(ctx: &mut Ctx<'_>, mut team: Vec<usize>) -> (Vec<usize>, f64) {
    let mut score = ctx.evaluate(&team).score;
    for _ in 0..MAX_ITERATIONS {
        let cands = shortlist(ctx, &team);
        let mut best: Option<(f64, Vec<usize>)> = None;
        let consider = |ctx: &mut Ctx<'_>, t: Vec<usize>, best: &mut Option<(f64, Vec<usize>)>| {
            if !ctx.feasible(&t) {
                return;
            }
            let floor = best.as_ref().map_or(score, |(bs, _)| *bs);
            let Some(e) = ctx.evaluate_above(&t, floor - 1e-9) else {
                return;
            };
            let s = e.score;
            let (bs, bt) = match best {
                Some((bs, bt)) => (*bs, bt.clone()),
                None => (score, team.clone()),
            };
            if s > score + 1e-12 && ctx.better(&t, s, &bt, bs) {
                *best = Some((s, t));
            }
        };
        if team.len() < ctx.call.size_max {
            for &c in &cands {
                let mut t = team.clone();
                t.push(c);
                consider(ctx, t, &mut best);
            }
        }
        if team.len() > ctx.call.size_min {
            for pos in 0..team.len() {
                let mut t = team.clone();
                t.remove(pos);
                consider(ctx, t, &mut best);
            }
        }
        for pos in 0..team.len() {
            if ctx.forced.contains(&team[pos]) {
                continue;
            }
            for &c in &cands {
                let mut t = team.clone();
                t[pos] = c;
                consider(ctx, t, &mut best);
            }
        }
        match best {
            Some((s, t)) => {
                team = t;
                score = s;
            }
            None => break,
        }
    }
    (team, score)
}
