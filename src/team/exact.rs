//! Exact team search: depth-first branch and bound over the candidate pool.
//!
//! Each candidate (after the forced ones) is either in or out. A branch is cut when it can no
//! longer reach the minimum size, or when its upper bound — expertise at the best level still
//! reachable in each field, cohesion, diversity and preferences at their maxima — cannot beat
//! the best team found. The bound is sound (never below the score of a completion), so the
//! result is optimal for the pool.
//!
//! # Complexity
//! Worst case Σ_k C(n, k) over the allowed sizes; the caller uses it only when that count is
//! at most [`super::EXACT_LIMIT`].

use super::Ctx;

/// The best feasible team (pool positions, sorted), or `None` when there is none.
pub fn best(ctx: &mut Ctx<'_>) -> Option<Vec<usize>> {
    let mut forced = ctx.forced.clone();
    forced.sort_unstable();
    let free: Vec<usize> = (0..ctx.pool.len())
        .filter(|i| !forced.contains(i))
        .collect();
    let suffix = ctx.suffix_best(&free);
    let mut search = Search {
        free,
        suffix,
        best: None,
    };
    let mut team = forced;
    search.dfs(ctx, 0, &mut team);
    search.best.map(|(_, mut t)| {
        t.sort_unstable();
        t
    })
}

struct Search {
    free: Vec<usize>,
    suffix: Vec<f32>,
    best: Option<(f64, Vec<usize>)>,
}

impl Search {
    fn dfs(&mut self, ctx: &mut Ctx<'_>, idx: usize, team: &mut Vec<usize>) {
        let (min, max) = (ctx.call.size_min, ctx.call.size_max);
        if team.len() >= min && ctx.feasible(team) {
            let s = ctx.evaluate(team).score;
            let improves = match &self.best {
                None => true,
                Some((b, bt)) => {
                    let (b, bt) = (*b, bt.clone());
                    ctx.better(team, s, &bt, b)
                }
            };
            if improves {
                self.best = Some((s, team.clone()));
            }
        }
        if team.len() >= max || idx >= self.free.len() || team.len() + (self.free.len() - idx) < min
        {
            return;
        }
        if let Some((b, _)) = &self.best {
            if ctx.upper_bound(team, &self.suffix, idx) + 1e-12 < *b {
                return;
            }
        }
        let c = self.free[idx];
        if ctx.fits_university(team, c) {
            team.push(c);
            self.dfs(ctx, idx + 1, team);
            team.pop();
        }
        self.dfs(ctx, idx + 1, team);
    }
}
