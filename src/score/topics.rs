//! Topic similarity between researchers, from their term profiles (`terms.csv`, see
//! [`crate::graph::Graph::terms`]).
//!
//! # The similarity
//! A researcher's profile is a TF-IDF vector over terms: for term t,
//! `v(t) = idf(t) · Σ over their rows of t: weight · d(year)`, with
//! `idf(t) = ln(1 + N / df(t))` (N = researchers with terms, df = researchers using t) and the
//! time decay `d(year) = ½^((year₀ − year) / h)` (h = `topic_half_life_years`, 0 = no decay;
//! a year after year₀ counts as year₀). The similarity of x and y is the cosine
//! `Σ_t v_x(t) · v_y(t) / (|v_x| · |v_y|)`, in [0, 1]: 1 for the same profile up to a factor,
//! 0 without a common term. Rare terms count more than common ones; recent work more than old.
//!
//! # From one researcher to all: the inverted index
//! [`TopicReach::fill`] computes x's vector once and walks the posting list of each of x's
//! terms ([`crate::graph::Graph::postings`]), accumulating the dot products, then divides by the
//! norms: every researcher sharing a term with x, in O(Σ_{t ∈ x} df(t)). Terms used by more
//! than [`MAX_DF`] researchers are not walked (at a million researchers a term such as `model`
//! would cost a million steps per source); a pair sharing only such terms is then computed
//! exactly on demand by [`TopicReach::similarity`] (a merge of the two profiles), so the value
//! never depends on the pruning — only which researchers are found as candidates does.
//!
//! # Candidates
//! [`candidates`] returns the `k` most similar researchers of x that pass a filter, best first
//! (ties by index): what the pair recommendations add to the co-authorship walk so that pairs
//! with no common co-author can be proposed at all.
//!
//! Everything is deterministic: sums run in term order, results are sorted with ties by index.

use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::model::*;

/// Terms used by more researchers than this are not walked from a source (see the module doc).
pub const MAX_DF: u32 = 20_000;

/// How term rows are weighted in time: the reference year and the half-life, with the decay of
/// each age precomputed, and every researcher's norm computed on first use (O(rows), once).
#[derive(Debug)]
pub struct Decay {
    pub year0: u16,
    pub half_life: f64,
    /// `table[age]` = ½^(age / half_life), for ages 0..=200 (older counts as 200).
    table: Vec<f64>,
    norms: std::sync::OnceLock<Vec<f64>>,
}

impl Decay {
    /// `half_life` 0 means no decay.
    pub fn new(year0: u16, half_life: f64) -> Decay {
        let table = (0..=200u32)
            .map(|a| {
                if half_life > 0.0 {
                    0.5f64.powf(f64::from(a) / half_life)
                } else {
                    1.0
                }
            })
            .collect();
        Decay {
            year0,
            half_life,
            table,
            norms: std::sync::OnceLock::new(),
        }
    }

    /// The norm of `r`'s vector.
    pub fn norm(&self, g: &Graph, r: ResearcherIdx) -> f64 {
        self.norms.get_or_init(|| {
            g.data()
                .researcher_ids()
                .map(|r| norm(&vector(g, r, self)))
                .collect()
        })[r.ix()]
    }

    #[inline]
    pub fn of(&self, year: u16) -> f64 {
        let age = usize::from(self.year0.saturating_sub(year)).min(200);
        self.table[age]
    }
}

/// `ln(1 + N / df(t))`; 0 for a term nobody uses.
#[inline]
pub fn idf(g: &Graph, t: TermIdx) -> f64 {
    let df = g.term_df(t);
    if df == 0 {
        return 0.0;
    }
    (1.0 + f64::from(g.researchers_with_terms()) / f64::from(df)).ln()
}

/// `r`'s TF-IDF vector, sorted by term (terms with weight 0 left out).
pub fn vector(g: &Graph, r: ResearcherIdx, d: &Decay) -> Vec<(TermIdx, f64)> {
    let mut out: Vec<(TermIdx, f64)> = Vec::new();
    for e in g.terms(r) {
        let w = f64::from(e.weight) * d.of(e.year);
        match out.last_mut() {
            Some((t, v)) if *t == e.term => *v += w,
            _ => out.push((e.term, w)),
        }
    }
    for (t, v) in &mut out {
        *v *= idf(g, *t);
    }
    out.retain(|(_, v)| *v > 0.0);
    out
}

fn norm(v: &[(TermIdx, f64)]) -> f64 {
    v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt()
}

/// The cosine of two vectors sorted by term, and the product of each common term (in term
/// order).
fn cosine_terms(a: &[(TermIdx, f64)], b: &[(TermIdx, f64)]) -> (f64, Vec<(TermIdx, f64)>) {
    let (na, nb) = (norm(a), norm(b));
    let mut common = Vec::new();
    if na == 0.0 || nb == 0.0 {
        return (0.0, common);
    }
    let (mut i, mut j) = (0, 0);
    let mut dot = 0.0;
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let p = a[i].1 * b[j].1;
                dot += p;
                common.push((a[i].0, p));
                i += 1;
                j += 1;
            }
        }
    }
    ((dot / (na * nb)).clamp(0.0, 1.0), common)
}

/// The topic similarity of `x` and `y` (symmetric, in [0, 1]).
pub fn similarity(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, d: &Decay) -> f64 {
    if g.terms(x).is_empty() || g.terms(y).is_empty() {
        return 0.0;
    }
    cosine_terms(&vector(g, x, d), &vector(g, y, d)).0
}

/// The terms `x` and `y` share that weigh most in their similarity, at most `n`, heaviest
/// first (ties by term index).
pub fn shared_terms(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    d: &Decay,
    n: usize,
) -> Vec<TermIdx> {
    let (_, mut common) = cosine_terms(&vector(g, x, d), &vector(g, y, d));
    common.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    common.into_iter().take(n).map(|(t, _)| t).collect()
}

/// The similarity of one researcher to everyone sharing a term with them (see the module doc).
#[derive(Default)]
pub struct TopicReach {
    from: Option<ResearcherIdx>,
    vector: Vec<(TermIdx, f64)>,
    norm: f64,
    /// Some term of `from` was not walked (df above [`MAX_DF`]).
    pruned: bool,
    sims: FxHashMap<ResearcherIdx, f64>,
}

impl TopicReach {
    pub fn new() -> TopicReach {
        TopicReach::default()
    }

    /// Computes the similarity of `x` to every researcher reached through x's terms.
    pub fn fill(&mut self, g: &Graph, x: ResearcherIdx, d: &Decay) {
        self.fill_within(g, x, d, None);
    }

    /// [`TopicReach::fill`] walking at most `budget` postings (when given): x's terms rarest
    /// first (ties by term index), a term whose list does not fit in what is left skipped. The
    /// pair recommendations use it to find candidates at any scale; the similarity of a pair
    /// not reached is still exact ([`TopicReach::similarity`]).
    pub fn fill_within(&mut self, g: &Graph, x: ResearcherIdx, d: &Decay, budget: Option<usize>) {
        self.from = Some(x);
        self.sims.clear();
        self.pruned = false;
        self.vector = vector(g, x, d);
        self.norm = norm(&self.vector);
        if self.norm == 0.0 {
            return;
        }
        let mut dots: FxHashMap<ResearcherIdx, f64> = FxHashMap::default();
        let mut order: Vec<(TermIdx, f64)> = self.vector.clone();
        if budget.is_some() {
            order.sort_by_key(|&(t, _)| (g.term_df(t), t));
        }
        let mut left = budget.unwrap_or(usize::MAX);
        for &(t, vx) in &order {
            let len = g.postings(t).len();
            if g.term_df(t) > MAX_DF || len > left {
                self.pruned = true;
                continue;
            }
            left -= len;
            let w = idf(g, t);
            for p in g.postings(t) {
                if p.researcher != x {
                    *dots.entry(p.researcher).or_insert(0.0) +=
                        vx * w * f64::from(p.weight) * d.of(p.year);
                }
            }
        }
        // Sums run in term order per researcher (the vector's order, or rarest first with a
        // budget), so the products match the pair function up to rounding.
        let mut reached: Vec<(ResearcherIdx, f64)> = dots.into_iter().collect();
        reached.sort_unstable_by_key(|(r, _)| *r);
        for (y, dot) in reached {
            let ny = d.norm(g, y);
            if ny > 0.0 {
                self.sims
                    .insert(y, (dot / (self.norm * ny)).clamp(0.0, 1.0));
            }
        }
    }

    /// The similarity of the filled researcher to `y`: from the walk, or computed exactly when
    /// the walk was pruned and did not reach `y`.
    pub fn similarity(&self, g: &Graph, y: ResearcherIdx, d: &Decay) -> f64 {
        let Some(x) = self.from else { return 0.0 };
        if y == x || self.norm == 0.0 {
            return 0.0;
        }
        match self.sims.get(&y) {
            Some(&s) => s,
            None if self.pruned => cosine_terms(&self.vector, &vector(g, y, d)).0,
            None => 0.0,
        }
    }

    /// The researchers reached by the walk, with their similarity, in index order.
    pub fn reached(&self) -> Vec<(ResearcherIdx, f64)> {
        let mut v: Vec<(ResearcherIdx, f64)> = self.sims.iter().map(|(&r, &s)| (r, s)).collect();
        v.sort_unstable_by_key(|(r, _)| *r);
        v
    }
}

/// The `k` researchers most similar to `x` among those the walk reaches and `ok` accepts,
/// best first (ties by index).
pub fn candidates(
    g: &Graph,
    x: ResearcherIdx,
    d: &Decay,
    k: usize,
    ok: impl Fn(ResearcherIdx) -> bool,
) -> Vec<(ResearcherIdx, f64)> {
    if k == 0 || g.terms(x).is_empty() {
        return Vec::new();
    }
    let mut reach = TopicReach::new();
    reach.fill(g, x, d);
    let mut v: Vec<(ResearcherIdx, f64)> = reach
        .reached()
        .into_iter()
        .filter(|&(y, s)| s > 0.0 && ok(y))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four researchers, three terms, years 2020–2024:
    /// r0: flood 1 (2024), lstm 1 (2024); r1: flood 2 (2024); r2: lstm 1 (2020);
    /// r3: no terms.
    fn graph() -> Graph {
        let uni = University {
            id: "u".into(),
            short_name: "U".into(),
            name_vi: "U".into(),
            name_en: "U".into(),
            city: "Hà Nội".into(),
            region: Region::North,
            country: "VN".into(),
            consortium: true,
            aliases: Vec::new(),
        };
        let researchers = (0..4)
            .map(|i| Researcher {
                id: format!("r{i}").into(),
                name: format!("R {i}").into(),
                university: UniIdx(0),
                title: Title::Doctor,
                h_index: 0,
                publications: 1,
                max_teams: 1,
            })
            .collect();
        let term = |n: &str| Term {
            name: n.into(),
            key: n.into(),
        };
        let row = |r: u32, t: u32, weight: f32, year: u16| TermWeight {
            researcher: ResearcherIdx(r),
            term: TermIdx(t),
            weight,
            year,
        };
        let mut ds = Dataset {
            universities: vec![uni],
            researchers,
            terms: vec![term("flood"), term("lstm"), term("unused")],
            term_weights: vec![
                row(0, 0, 1.0, 2024),
                row(0, 1, 1.0, 2024),
                row(1, 0, 2.0, 2024),
                row(2, 1, 1.0, 2020),
            ],
            ..Dataset::default()
        };
        ds.reindex();
        Graph::build(ds)
    }

    #[test]
    fn cosine_by_hand() {
        let g = graph();
        let r = ResearcherIdx;
        // N = 3 researchers with terms; df(flood) = df(lstm) = 2: idf = ln(1 + 3/2) = ln 2.5.
        let i = (2.5f64).ln();
        assert!((idf(&g, TermIdx(0)) - i).abs() < 1e-12);
        assert_eq!(idf(&g, TermIdx(2)), 0.0);
        // No decay: v0 = (i, i), v1 = (2i, 0): cos = 2i² / (√2 i · 2i) = 1/√2.
        let d = Decay::new(2024, 0.0);
        let s = similarity(&g, r(0), r(1), &d);
        assert!((s - 0.5f64.sqrt()).abs() < 1e-12, "{s}");
        assert!((similarity(&g, r(1), r(0), &d) - s).abs() < 1e-15);
        // r1 and r2 share nothing; r3 has no terms.
        assert_eq!(similarity(&g, r(1), r(2), &d), 0.0);
        assert_eq!(similarity(&g, r(0), r(3), &d), 0.0);
        // v0 = (i, i), v2 = (0, i): cos = 1/√2 without decay; with a 4-year half-life r2's
        // 2020 row counts ½ — a factor on r2's whole vector, so the cosine is unchanged.
        let d4 = Decay::new(2024, 4.0);
        assert!((similarity(&g, r(0), r(2), &d4) - 0.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(shared_terms(&g, r(0), r(1), &d, 3), [TermIdx(0)]);
    }

    #[test]
    fn decay_changes_the_mix_of_a_profile() {
        // r0 gets an old `lstm` row as well: with decay its lstm weight is 1 + ½ (4 years at a
        // 4-year half-life), without it 2.
        let mut ds = graph().data().clone();
        ds.term_weights.insert(
            1,
            TermWeight {
                researcher: ResearcherIdx(0),
                term: TermIdx(1),
                weight: 1.0,
                year: 2020,
            },
        );
        let g = Graph::build(ds);
        let r = ResearcherIdx;
        // v0 = i·(1, 1.5), v2 = i·(0, 1)·½: cos = 1.5 / √(1 + 2.25) = 1.5 / √3.25.
        let d4 = Decay::new(2024, 4.0);
        let want = 1.5 / 3.25f64.sqrt();
        assert!((similarity(&g, r(0), r(2), &d4) - want).abs() < 1e-12);
        // Without decay: v0 = i·(1, 2): cos = 2 / √5.
        let d0 = Decay::new(2024, 0.0);
        assert!((similarity(&g, r(0), r(2), &d0) - 2.0 / 5f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn reach_equals_the_pair_function_and_candidates_are_ordered() {
        let g = graph();
        let d = Decay::new(2024, 4.0);
        let mut reach = TopicReach::new();
        for x in g.data().researcher_ids() {
            reach.fill(&g, x, &d);
            for y in g.data().researcher_ids() {
                let want = if x == y {
                    0.0
                } else {
                    similarity(&g, x, y, &d)
                };
                assert!((reach.similarity(&g, y, &d) - want).abs() < 1e-12);
            }
        }
        // From r0: r1 and r2 both at 1/√2; ties by index.
        let c = candidates(&g, ResearcherIdx(0), &d, 5, |_| true);
        assert_eq!(c.iter().map(|(r, _)| r.0).collect::<Vec<_>>(), [1, 2]);
        let c = candidates(&g, ResearcherIdx(0), &d, 1, |y| y.0 != 1);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, ResearcherIdx(2));
    }
}
