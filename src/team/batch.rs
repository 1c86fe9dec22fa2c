//! Batch mode: one team for each of many calls, sharing researchers' capacity.
//!
//! No researcher is put in more proposed teams than their `max_teams`, and no university takes
//! more than `max_university_share` of all seats. The assignment:
//! 1. **Alternatives** (parallel): every call gets its best [`ALTERNATIVES`] distinct teams,
//!    ignoring the other calls. The sum of each call's best score is the *reference* total: no
//!    assignment under capacity can beat it (for calls solved exactly it is a true upper bound;
//!    for heuristic ones it is the best team the heuristic found for the call in any search —
//!    a search again under capacity can find a better one, which then counts as the call's
//!    best, so the total never exceeds the reference and the ratio stays in [0, 1]).
//! 2. **Regret order**: calls are served in order of regret — how much a call loses if it
//!    cannot have its first choice — so that the calls with no good fallback go first, not the
//!    first ones in the file.
//! 3. Each call takes its best alternative that still fits the remaining capacity; calls for
//!    which none fits are then solved again against the capacity left (in rounds, in parallel).
//! 4. **Improvement**: calls then try, in turn, to switch to a better alternative that fits once
//!    their own seats are released, until no switch helps.
//!
//! The result reports the total against the reference, the spread of call scores (the
//! worst-served call matters) and each university's share of seats.

use rayon::prelude::*;

use super::diagnose::{diagnose, Reason};
use super::{propose_with, Call, Solver, Team, TeamWeights};
use crate::graph::Graph;
use crate::model::*;

/// Distinct teams computed per call before the assignment.
pub const ALTERNATIVES: usize = 2;
/// Calls re-solved together, in parallel, against one snapshot of the capacity left.
const ROUND: usize = 16;

/// Batch options.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchOptions {
    /// Largest share of all seats one university may take, in (0, 1].
    pub max_university_share: f64,
    /// Force a solver; `None`: chosen per call by the size of its search space.
    pub solver: Option<Solver>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            max_university_share: 0.5,
            solver: None,
        }
    }
}

/// The outcome for one call.
#[derive(Clone, Debug, PartialEq)]
pub enum Assignment {
    Filled { team: Team, solver: Solver },
    Unfilled { reasons: Vec<Reason> },
}

/// The whole batch.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchResult {
    /// One per call, in input order.
    pub assignments: Vec<Assignment>,
    /// Σ of the assigned teams' scores.
    pub total: f64,
    /// Σ of each call's best score ignoring the others (see the module doc).
    pub reference: f64,
    /// Seats per university, in university order (universities with none omitted).
    pub seats: Vec<(UniIdx, usize)>,
}

/// Assigns one team to each call.
pub fn assign(g: &Graph, calls: &[Call], w: &TeamWeights, opts: &BatchOptions) -> BatchResult {
    let ds = g.data();
    let alternatives: Vec<(Solver, Vec<Team>)> = calls
        .par_iter()
        .map(|c| {
            let p = propose_with(g, c, w, ALTERNATIVES, opts.solver, None);
            (p.solver, p.teams)
        })
        .collect();
    let best_alone: Vec<f64> = alternatives
        .iter()
        .map(|(_, t)| t.first().map_or(0.0, |t| t.eval.score))
        .collect();

    let seat_total: usize = calls.iter().map(|c| c.size_max).sum();
    let uni_cap = ((opts.max_university_share * seat_total as f64).ceil() as usize).max(1);
    let mut state = State {
        used: vec![0; ds.researchers.len()],
        uni_seats: vec![0; ds.universities.len()],
        uni_cap,
    };

    // Regret: first choice minus second (or the whole first score when there is no second).
    let regret = |i: usize| -> f64 {
        let t = &alternatives[i].1;
        match (t.first(), t.get(1)) {
            (Some(a), Some(b)) => a.eval.score - b.eval.score,
            (Some(a), None) => a.eval.score,
            _ => 0.0,
        }
    };
    let mut order: Vec<usize> = (0..calls.len()).collect();
    order.sort_by(|&a, &b| regret(b).total_cmp(&regret(a)).then(a.cmp(&b)));

    let mut chosen: Vec<Option<(Team, Solver)>> = vec![None; calls.len()];
    let mut blocked = Vec::new();
    for &i in &order {
        let (solver, alts) = &alternatives[i];
        if let Some(t) = alts.iter().find(|t| state.fits(g, t)) {
            state.take(g, t);
            chosen[i] = Some((t.clone(), *solver));
        } else if !alts.is_empty() {
            blocked.push(i); // infeasible calls (no alternative at all) are diagnosed below
        }
    }
    // Calls whose alternatives all collide are solved again against the capacity left, a
    // round of them in parallel on one snapshot; results are committed in regret order, and a
    // team that no longer fits (an earlier call of the round took its people) is retried in the
    // next round. The first call of a round always commits or fails for good, so rounds end.
    while !blocked.is_empty() {
        let cap = state.capacity(g);
        let round: Vec<usize> = blocked.iter().copied().take(ROUND).collect();
        let solved: Vec<Option<(Team, Solver)>> = round
            .par_iter()
            .map(|&i| {
                let p = propose_with(g, &calls[i], w, 1, opts.solver, Some(&cap));
                p.teams.into_iter().next().map(|t| (t, p.solver))
            })
            .collect();
        let mut retry = Vec::new();
        for (&i, result) in round.iter().zip(solved) {
            match result {
                Some((t, solver)) if state.fits(g, &t) => {
                    state.take(g, &t);
                    chosen[i] = Some((t, solver));
                }
                Some(_) => retry.push(i),
                None => {} // cannot be filled with what is left
            }
        }
        retry.extend(blocked.iter().skip(round.len()));
        blocked = retry;
    }

    // Improvement: switch to a better stored alternative when it fits.
    for _ in 0..3 {
        let mut changed = false;
        for &i in &order {
            let Some((current, _)) = chosen[i].clone() else {
                continue;
            };
            state.release(g, &current);
            let better = alternatives[i]
                .1
                .iter()
                .find(|t| t.eval.score > current.eval.score + 1e-12 && state.fits(g, t))
                .cloned();
            match better {
                Some(t) => {
                    state.take(g, &t);
                    chosen[i] = Some((t, alternatives[i].0));
                    changed = true;
                }
                None => state.take(g, &current),
            }
        }
        if !changed {
            break;
        }
    }

    let cap = state.capacity(g);
    let assignments: Vec<Assignment> = chosen
        .into_iter()
        .enumerate()
        .map(|(i, c)| match c {
            Some((team, solver)) => Assignment::Filled { team, solver },
            None => {
                let standalone = alternatives[i].1.is_empty();
                let mut reasons =
                    diagnose(g, &calls[i], w, if standalone { None } else { Some(&cap) });
                if !standalone {
                    reasons.insert(0, Reason::CapacityTaken);
                }
                Assignment::Unfilled { reasons }
            }
        })
        .collect();
    let scores: Vec<f64> = assignments
        .iter()
        .map(|a| match a {
            Assignment::Filled { team, .. } => team.eval.score,
            Assignment::Unfilled { .. } => 0.0,
        })
        .collect();
    let total = scores.iter().sum();
    // A heuristic search under capacity may beat the heuristic's standalone best: the best
    // team found for a call, by either search, is its reference.
    let reference = best_alone.iter().zip(&scores).map(|(a, b)| a.max(*b)).sum();
    let seats = state
        .uni_seats
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(u, n)| (UniIdx(u as u32), *n))
        .collect();
    BatchResult {
        assignments,
        total,
        reference,
        seats,
    }
}

struct State {
    used: Vec<u32>,
    uni_seats: Vec<usize>,
    uni_cap: usize,
}

impl State {
    fn fits(&self, g: &Graph, t: &Team) -> bool {
        let ds = g.data();
        let mut unis: Vec<(UniIdx, usize)> = Vec::new();
        for r in &t.members {
            if self.used[r.ix()] >= ds.researcher(*r).max_teams {
                return false;
            }
            let u = ds.researcher(*r).university;
            match unis.iter_mut().find(|(x, _)| *x == u) {
                Some(e) => e.1 += 1,
                None => unis.push((u, 1)),
            }
        }
        unis.iter()
            .all(|(u, n)| self.uni_seats[u.ix()] + n <= self.uni_cap)
    }

    fn take(&mut self, g: &Graph, t: &Team) {
        for r in &t.members {
            self.used[r.ix()] += 1;
            self.uni_seats[g.data().researcher(*r).university.ix()] += 1;
        }
    }

    fn release(&mut self, g: &Graph, t: &Team) {
        for r in &t.members {
            self.used[r.ix()] -= 1;
            self.uni_seats[g.data().researcher(*r).university.ix()] -= 1;
        }
    }

    /// Capacity left per researcher: 0 for everyone at a university that reached its cap.
    fn capacity(&self, g: &Graph) -> Vec<u32> {
        let ds = g.data();
        ds.researchers
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if self.uni_seats[r.university.ix()] >= self.uni_cap {
                    0
                } else {
                    r.max_teams.saturating_sub(self.used[i])
                }
            })
            .collect()
    }
}
