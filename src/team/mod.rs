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
//!     and, for a call with a problem statement ([`problem`]), the mean topic match and the
//!     mean nearness to its province
//! ```
//!
//! The score is in [0, 1]: when the weights (the three of the profile plus the call's two
//! preference weights) sum to more than 1, the weighted sum is divided by that sum
//! ([`score_scale`]; the output then shows `(…) / scale`). The default weights sum to 1 and
//! calls have no preferences unless they ask, so the default scores are the plain sum.
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
mod ctx;
pub mod diagnose;
pub mod exact;
pub mod heuristic;
mod pool;
pub mod problem;

use crate::graph::Graph;
use crate::model::*;

pub use call::{Call, CallError, FieldNeed, TitleRule};
pub use ctx::Ctx;

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

/// Members two teams share.
/// What a team's weighted sum is divided by to keep its score in [0, 1]: the sum of the
/// weights (`w` and the call's preference weights) when it exceeds 1, else 1.
pub fn score_scale(w: &TeamWeights, call: &Call) -> f64 {
    let sum = w.expertise
        + w.cohesion
        + w.diversity
        + call.prefer_capacity
        + call.prefer_seniority
        + call.problem.as_ref().map_or(0.0, |p| p.weight());
    if sum.is_finite() && sum > 1.0 {
        sum
    } else {
        1.0
    }
}

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
    propose_avoiding(g, call, w, top, solver, capacity_left, &[])
}

/// Like [`propose`], drawing on shared capacity: `capacity[r]` is the number of teams
/// researcher `r` may still join; each team is sought among researchers with a seat left and
/// takes one seat from each member, and team i+1 shares at most half its members with each of
/// teams 1..i. So across every call proposed this way no researcher is in more teams than
/// their capacity (the report's calls share `max_teams` like a batch).
pub fn propose_sharing(
    g: &Graph,
    call: &Call,
    w: &TeamWeights,
    top: usize,
    solver: Option<Solver>,
    capacity: &mut [u32],
) -> Proposal {
    let mut out: Option<Proposal> = None;
    let mut teams: Vec<Team> = Vec::new();
    for _ in 0..top {
        let avoid: Vec<Vec<ResearcherIdx>> = teams.iter().map(|t| t.members.clone()).collect();
        let p = propose_avoiding(g, call, w, 1, solver, Some(capacity), &avoid);
        let first = out.is_none();
        let found = p.teams.into_iter().next();
        if first {
            out = Some(Proposal {
                solver: p.solver,
                pool: p.pool,
                teams: Vec::new(),
            });
        }
        let Some(t) = found else { break };
        for m in &t.members {
            capacity[m.ix()] = capacity[m.ix()].saturating_sub(1);
        }
        teams.push(t);
    }
    let mut p = out.unwrap_or(Proposal {
        solver: solver.unwrap_or(Solver::Exact),
        pool: 0,
        teams: Vec::new(),
    });
    p.teams = teams;
    p
}

/// [`propose_with`], the teams also distinct from the teams `avoid` (member lists).
fn propose_avoiding(
    g: &Graph,
    call: &Call,
    w: &TeamWeights,
    top: usize,
    solver: Option<Solver>,
    capacity_left: Option<&[u32]>,
    avoid: &[Vec<ResearcherIdx>],
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
        let p = run(small, solver, top, avoid);
        if p.teams.len() == top {
            return p;
        }
    }
    run(ctx, solver, top, avoid)
}

fn run(mut ctx: Ctx<'_>, solver: Solver, top: usize, avoid: &[Vec<ResearcherIdx>]) -> Proposal {
    // Teams to be distinct from, as pool positions; a member outside this pool is a position no
    // candidate has (so it is never shared, and the team keeps its size in the rule).
    for t in avoid {
        let positions = t
            .iter()
            .map(|m| ctx.pool.iter().position(|p| p == m).unwrap_or(usize::MAX))
            .collect();
        ctx.avoid.push(positions);
    }
    let mut found_teams: Vec<Vec<usize>> = Vec::new();
    let mut seen = Vec::new();
    for _ in 0..top {
        let found = match solver {
            Solver::Exact => exact::best(&mut ctx),
            Solver::Heuristic => heuristic::best_remembering(&mut ctx, &mut seen),
        };
        let Some(positions) = found else { break };
        found_teams.push(positions.clone());
        ctx.avoid.push(positions);
    }
    // Each search adds a constraint (distinct from the teams before), so an exact search never
    // finds a better team later; a heuristic one can — a team it finds for place i+1 was
    // feasible for place i too and was missed there. Distinctness is symmetric, so sorting
    // keeps every pair distinct and lists the teams best first (ties: the earlier search).
    let mut scored: Vec<(f64, Vec<usize>)> = found_teams
        .into_iter()
        .map(|t| (ctx.evaluate(&t).score, t))
        .collect();
    for i in 1..scored.len() {
        let mut j = i;
        while j > 0 {
            let (sa, a) = scored[j].clone();
            let (sb, b) = scored[j - 1].clone();
            if !ctx.better(&a, sa, &b, sb) {
                break;
            }
            scored.swap(j, j - 1);
            j -= 1;
        }
    }
    let teams = scored.iter().map(|(_, t)| ctx.team(t)).collect();
    Proposal {
        solver,
        pool: ctx.pool.len(),
        teams,
    }
}
