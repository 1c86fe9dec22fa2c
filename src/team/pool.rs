//! The candidate pool of a call: who may be in a team, and for large consortia which of them
//! the solvers search (see "Candidate pool" in the module doc of [`super`]).

use rustc_hash::FxHashSet;

use super::{Call, PER_UNIVERSITY};
use crate::graph::Graph;
use crate::model::*;

/// The candidates for `call`, best level in a required field first (ties by index).
/// `capacity_left` overrides `max_teams` (batch mode); `per_field` keeps at most that many per
/// required field (the strongest, plus the strongest of every region and of every title rule,
/// so that those constraints stay reachable, plus their co-authors within the full pool).
pub fn select(
    g: &Graph,
    call: &Call,
    capacity_left: Option<&[u32]>,
    per_field: Option<usize>,
) -> Vec<ResearcherIdx> {
    let ds = g.data();
    let eligible = |r: ResearcherIdx| {
        let cap = capacity_left.map_or(ds.researcher(r).max_teams, |c| c[r.ix()]);
        cap >= 1 && !call.exclude.contains(&r)
    };
    let per_uni = call
        .max_per_university
        .unwrap_or(PER_UNIVERSITY)
        .clamp(1, PER_UNIVERSITY);
    // `full`: the per-university pool; `chosen`: what is kept under `per_field`.
    let mut chosen: FxHashSet<ResearcherIdx> = call.include.iter().copied().collect();
    let mut full: FxHashSet<ResearcherIdx> = FxHashSet::default();
    for need in &call.fields {
        let mut field = FieldPick::new(ds, call, per_uni, per_field);
        for &(r, level) in g.field_members(need.field) {
            if level < need.min_level {
                break; // members are sorted best first
            }
            if !eligible(r) {
                continue;
            }
            match field.offer(r) {
                Pick::Skip => {}
                Pick::Full => {
                    full.insert(r);
                }
                Pick::Keep => {
                    full.insert(r);
                    chosen.insert(r);
                }
            }
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
    pool
}

/// What happens to one eligible member of a required field.
enum Pick {
    /// Its university already has its share of candidates in this field.
    Skip,
    /// In the full pool only (beyond `per_field`).
    Full,
    /// Kept.
    Keep,
}

/// The running counts of one required field while its members are offered best first.
struct FieldPick<'a> {
    ds: &'a Dataset,
    call: &'a Call,
    per_uni: usize,
    per_field: Option<usize>,
    taken: Vec<usize>,
    kept: usize,
    region_seen: [bool; Region::ALL.len()],
    rule_seen: Vec<usize>,
}

impl<'a> FieldPick<'a> {
    fn new(ds: &'a Dataset, call: &'a Call, per_uni: usize, per_field: Option<usize>) -> Self {
        FieldPick {
            ds,
            call,
            per_uni,
            per_field,
            taken: vec![0; ds.universities.len()],
            kept: 0,
            region_seen: [false; Region::ALL.len()],
            rule_seen: vec![0; call.rules.len()],
        }
    }

    fn offer(&mut self, r: ResearcherIdx) -> Pick {
        let x = self.ds.researcher(r);
        let u = x.university;
        if self.taken[u.ix()] >= self.per_uni {
            return Pick::Skip;
        }
        self.taken[u.ix()] += 1;
        let region = self.ds.university(u).region as usize;
        let new_region = !self.region_seen[region];
        let for_rule = self
            .call
            .rules
            .iter()
            .zip(&self.rule_seen)
            .any(|(rule, seen)| x.title >= rule.min_title && *seen < rule.count + 2);
        if self.per_field.is_some_and(|limit| self.kept >= limit) && !new_region && !for_rule {
            return Pick::Full;
        }
        self.kept += 1;
        self.region_seen[region] = true;
        for (rule, seen) in self.call.rules.iter().zip(self.rule_seen.iter_mut()) {
            if x.title >= rule.min_title {
                *seen += 1;
            }
        }
        Pick::Keep
    }
}
