//! Researcher-level recommendations: pairs of researchers at different universities, both
//! working in a field, who do not co-author yet, ranked by how promising they are.
//!
//! Score = weighted sum of five components in [0, 1] ([`PairWeights`]):
//!
//! | component | value |
//! | --- | --- |
//! | shared | `min(level(x,F), level(y,F)) · gate` |
//! | complementary | `(cov({x,y}) − max(cov({x}), cov({y}))) · gate`, cov(S) = mean over F's related fields g of max level in S |
//! | closeness | `(1 − r) · p + r · (act(x) + act(y)) / 2`: p = `aa / (aa + 1)`, aa = Adamic–Adar = Σ over common co-authors z of 1 / ln deg(z); act = ½^((year₀ − last co-authorship year) / half-life), 0 without co-authorships; r = `recency` |
//! | seniority | `1 − |s(x) − s(y)|`, s = min(1, ln(1 + h) / ln 31) |
//! | capacity | mean over the two of min(max_teams, 3) / 3 |
//!
//! `gate = f + (1 − f) · p`, f = `stranger_factor`: shared expertise counts fully between
//! researchers with common co-authors and at the fraction f between strangers. Both the gate and
//! the recency term come from `hoptac evaluate` on real co-authorship data (EVALUATION.md):
//! without them same-field strangers filled the top of the list although new collaborations
//! mostly form through a common co-author and between researchers who are still publishing.
//! year₀ is the latest year in the data, so results never depend on today's date.
//!
//! # Candidates, not all n² pairs
//! For each researcher x in the field (at university U when given), candidates y are (a) every
//! researcher two co-authorship steps away who works in F at another university — the only
//! pairs with a non-zero closeness — and (b) the `field_candidates` strongest researchers in F
//! at other universities. Each x keeps its best `top` pairs; the union is deduplicated and cut to
//! `top`. Every pair in the true top `top` (among candidates) survives, since it ranks in the
//! list of the researcher it was generated from.
//!
//! # Complexity
//! Time O(Σ_x (Σ_{z ∈ N(x)} deg z + c)) with c = `field_candidates`; memory O(|pool| · top).
//! Parallel over x with rayon; the result is sorted with ties broken by researcher index, so it
//! is identical for any thread count.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::component::{seniority, Component};
use crate::graph::Graph;
use crate::model::*;

/// The five pair components in output order.
pub const PAIR_COMPONENTS: [&str; 5] = [
    "shared",
    "complementary",
    "closeness",
    "seniority",
    "capacity",
];

/// Weights and constants of the researcher pair score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PairWeights {
    pub shared: f64,
    pub complementary: f64,
    pub closeness: f64,
    pub seniority: f64,
    pub capacity: f64,
    pub field_candidates: usize,
    /// Share of closeness from recent activity, in [0, 1].
    pub recency: f64,
    pub recency_half_life_years: f64,
    /// Weight of shared and complementary expertise between strangers, in [0, 1].
    pub stranger_factor: f64,
}

impl Default for PairWeights {
    fn default() -> Self {
        PairWeights {
            shared: 0.30,
            complementary: 0.20,
            closeness: 0.30,
            seniority: 0.10,
            capacity: 0.10,
            field_candidates: 30,
            recency: 0.25,
            recency_half_life_years: 4.0,
            stranger_factor: 0.2,
        }
    }
}

/// What to look for.
#[derive(Clone, Debug, PartialEq)]
pub struct PairQuery {
    pub field: FieldIdx,
    /// Only pairs with one member at this university.
    pub university: Option<UniIdx>,
    pub top: usize,
}

/// A recommended pair, `a` at the queried university when one was given, else `a < b`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairScore {
    pub a: ResearcherIdx,
    pub b: ResearcherIdx,
    pub rank: usize,
    pub score: f64,
    pub components: Vec<Component>,
    pub common_coauthors: u32,
    /// Human-readable reasons, strongest first.
    pub reasons: Vec<String>,
}

/// Adamic–Adar index of `x` and `y` (sorted-list intersection, O(deg x + deg y)).
pub fn adamic_adar(g: &Graph, x: ResearcherIdx, y: ResearcherIdx) -> (f64, u32) {
    let (nx, ny) = (g.coauthors(x), g.coauthors(y));
    let (mut i, mut j, mut aa, mut n) = (0, 0, 0.0, 0);
    while i < nx.len() && j < ny.len() {
        match nx[i].other.cmp(&ny[j].other) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                aa += 1.0 / (g.degree(nx[i].other) as f64).ln();
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (aa, n)
}

/// The latest `last_year` of `r`'s co-authorships, if any (O(1): precomputed by the graph).
pub fn last_active(g: &Graph, r: ResearcherIdx) -> Option<u16> {
    g.last_active(r)
}

/// Recent activity in [0, 1]: ½^((year₀ − last co-authorship year) / half-life), 0 without any.
fn activity(g: &Graph, r: ResearcherIdx, half_life: f64) -> f64 {
    last_active(g, r).map_or(0.0, |y| {
        let age = f64::from(g.latest_year().saturating_sub(y));
        0.5f64.powf(age / half_life)
    })
}

/// The numeric parts of a pair score, without any text: cheap enough for every candidate.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Parts {
    /// The smaller level in the field, and the component (times the gate).
    level: f64,
    shared: f64,
    /// What the pair covers together beyond the better one, and the component (times the gate).
    coverage: f64,
    complementary: f64,
    aa: f64,
    common: u32,
    /// `aa / (aa + 1)`.
    proximity: f64,
    /// Mean recent activity of the two.
    activity: f64,
    closeness: f64,
    /// `stranger_factor + (1 − stranger_factor) · proximity`.
    gate: f64,
    balance: f64,
    capacity: f64,
}

impl Parts {
    fn new(
        g: &Graph,
        field: FieldIdx,
        x: ResearcherIdx,
        y: ResearcherIdx,
        w: &PairWeights,
    ) -> Parts {
        let mut p = Parts::structural(g, x, y, w);
        p.topical(g, field, x, y);
        p
    }

    /// The field-free components; shared and complementary 0.
    fn structural(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, w: &PairWeights) -> Parts {
        let ds = g.data();
        let (aa, common) = adamic_adar(g, x, y);
        let (rx, ry) = (ds.researcher(x), ds.researcher(y));
        let cap = |m: u32| f64::from(m.min(3)) / 3.0;
        let proximity = aa / (aa + 1.0);
        let activity = if w.recency > 0.0 {
            (activity(g, x, w.recency_half_life_years) + activity(g, y, w.recency_half_life_years))
                / 2.0
        } else {
            0.0
        };
        Parts {
            level: 0.0,
            shared: 0.0,
            coverage: 0.0,
            complementary: 0.0,
            aa,
            common,
            proximity,
            activity,
            closeness: (1.0 - w.recency) * proximity + w.recency * activity,
            gate: w.stranger_factor + (1.0 - w.stranger_factor) * proximity,
            balance: 1.0 - (seniority(rx.h_index) - seniority(ry.h_index)).abs(),
            capacity: (cap(rx.max_teams) + cap(ry.max_teams)) / 2.0,
        }
    }

    /// Sets the two components that depend on the field.
    fn topical(&mut self, g: &Graph, field: FieldIdx, x: ResearcherIdx, y: ResearcherIdx) {
        let ds = g.data();
        self.level = f64::from(g.level(x, field).min(g.level(y, field)));
        let related = &ds.field(field).related;
        let (mut cx, mut cy, mut cxy) = (0.0, 0.0, 0.0);
        for &r in related {
            let (a, b) = (f64::from(g.level(x, r)), f64::from(g.level(y, r)));
            cx += a;
            cy += b;
            cxy += a.max(b);
        }
        let k = related.len().max(1) as f64;
        self.coverage = ((cxy - f64::max(cx, cy)) / k).max(0.0);
        self.shared = self.level * self.gate;
        self.complementary = self.coverage * self.gate;
    }

    fn score(&self, w: &PairWeights) -> f64 {
        w.shared * self.shared
            + w.complementary * self.complementary
            + w.closeness * self.closeness
            + w.seniority * self.balance
            + w.capacity * self.capacity
    }
}

/// Scores one pair (symmetric in `x` and `y`), with explanations.
pub fn score_pair(
    g: &Graph,
    field: FieldIdx,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
) -> PairScore {
    let ds = g.data();
    let p = Parts::new(g, field, x, y, w);
    let (lx, ly) = (g.level(x, field), g.level(y, field));
    let (aa, common, closeness, balance, capacity) =
        (p.aa, p.common, p.closeness, p.balance, p.capacity);
    let discount = if p.gate < 1.0 {
        format!(
            ", counted at {:.0}% ({})",
            100.0 * p.gate,
            if common == 0 {
                "no common co-author"
            } else {
                "few common co-authors"
            }
        )
    } else {
        String::new()
    };
    let mut added: Vec<(f64, FieldIdx)> = ds
        .field(field)
        .related
        .iter()
        .map(|&r| {
            (
                (f64::from(g.level(x, r)) - f64::from(g.level(y, r))).abs(),
                r,
            )
        })
        .collect();
    let (rx, ry) = (ds.researcher(x), ds.researcher(y));
    let (sx, sy) = (seniority(rx.h_index), seniority(ry.h_index));

    let fid = &ds.field(field).id;
    added.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let added_ids: Vec<&str> = added
        .iter()
        .filter(|(d, _)| *d > 0.0)
        .take(3)
        .map(|(_, f)| ds.field(*f).id.as_str())
        .collect();
    let components = vec![
        Component::new(
            "shared",
            p.level,
            p.shared,
            w.shared,
            1.0,
            format!("levels in {fid}: {lx:.2} and {ly:.2}{discount}"),
        ),
        Component::new(
            "complementary",
            p.coverage,
            p.complementary,
            w.complementary,
            1.0,
            if added_ids.is_empty() {
                "no related field that only one of them covers".into()
            } else {
                format!(
                    "each brings what the other lacks in {}{discount}",
                    added_ids.join(", ")
                )
            },
        ),
        Component::new(
            "closeness",
            aa,
            closeness,
            w.closeness,
            1.0,
            format!(
                "{common} common co-author{}, Adamic–Adar {aa:.2}; last co-authored in {} and {}",
                if common == 1 { "" } else { "s" },
                year_or_never(last_active(g, x)),
                year_or_never(last_active(g, y)),
            ),
        ),
        Component::new(
            "seniority",
            (sx - sy).abs(),
            balance,
            w.seniority,
            1.0,
            format!("h-index {} and {}", rx.h_index, ry.h_index),
        ),
        Component::new(
            "capacity",
            capacity,
            capacity,
            w.capacity,
            1.0,
            format!("max_teams {} and {}", rx.max_teams, ry.max_teams),
        ),
    ];
    let score = p.score(w);
    let mut ranked: Vec<&Component> = components.iter().filter(|c| c.contribution > 0.0).collect();
    ranked.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then(a.name.cmp(b.name))
    });
    let reasons = ranked.iter().take(3).map(|c| c.explain.clone()).collect();
    PairScore {
        a: x,
        b: y,
        rank: 0,
        score,
        components,
        common_coauthors: common,
        reasons,
    }
}

fn year_or_never(y: Option<u16>) -> String {
    y.map_or("never".into(), |y| y.to_string())
}

/// The score `hoptac pairs` would give `x` and `y` in their best common field: the maximum
/// over the fields both work in; with no common field, the field-free components alone
/// (shared and complementary 0). Symmetric. This is what `hoptac evaluate` ranks researcher
/// pairs by.
pub fn best_field_score(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, w: &PairWeights) -> f64 {
    let base = Parts::structural(g, x, y, w);
    let mut best = base.score(w);
    let ey = g.expertise(y);
    for &(f, _) in g.expertise(x) {
        if ey.iter().any(|(h, _)| *h == f) {
            let mut p = base;
            p.topical(g, f, x, y);
            best = best.max(p.score(w));
        }
    }
    best
}

/// The best pairs for a query, best first.
pub fn recommend(g: &Graph, q: &PairQuery, w: &PairWeights) -> Vec<PairScore> {
    let ds = g.data();
    let members = g.field_members(q.field);
    let sources: Vec<ResearcherIdx> = members
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| {
            q.university
                .is_none_or(|u| ds.researcher(*r).university == u)
        })
        .collect();
    if q.top == 0 {
        return Vec::new();
    }
    let directed = q.university.is_some();
    // Numeric scores for every candidate; text only for the final few.
    let per_source: Vec<Vec<(f64, ResearcherIdx, ResearcherIdx)>> = sources
        .par_iter()
        .map_init(FxHashMap::<ResearcherIdx, ()>::default, |seen, &x| {
            seen.clear();
            candidates(g, q, w, x, seen);
            let mut scored: Vec<(f64, ResearcherIdx, ResearcherIdx)> = seen
                .keys()
                .map(|&y| {
                    let s = Parts::new(g, q.field, x, y, w).score(w);
                    if directed || x < y {
                        (s, x, y)
                    } else {
                        (s, y, x)
                    }
                })
                .collect();
            sort_scored(&mut scored);
            scored.truncate(q.top);
            scored
        })
        .collect();
    let mut all: Vec<(f64, ResearcherIdx, ResearcherIdx)> =
        per_source.into_iter().flatten().collect();
    sort_scored(&mut all);
    all.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
    all.truncate(q.top);
    all.iter()
        .enumerate()
        .map(|(i, &(_, a, b))| {
            let mut p = score_pair(g, q.field, a, b, w);
            p.rank = i + 1;
            p
        })
        .collect()
}

/// Best first; ties by the pair of indexes (already ordered `a < b` unless directed).
fn sort_scored(v: &mut [(f64, ResearcherIdx, ResearcherIdx)]) {
    v.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
}

/// Fills `out` with the candidate partners of `x`.
fn candidates(
    g: &Graph,
    q: &PairQuery,
    w: &PairWeights,
    x: ResearcherIdx,
    out: &mut FxHashMap<ResearcherIdx, ()>,
) {
    let ds = g.data();
    let ux = ds.researcher(x).university;
    let ok = |y: ResearcherIdx| {
        y != x
            && ds.researcher(y).university != ux
            && g.level(y, q.field) > 0.0
            && g.coauthorship(x, y).is_none()
    };
    for z in g.coauthors(x) {
        for y in g.coauthors(z.other) {
            if ok(y.other) {
                out.insert(y.other, ());
            }
        }
    }
    let mut taken = 0;
    for &(y, _) in g.field_members(q.field) {
        if taken >= w.field_candidates {
            break;
        }
        if ok(y) {
            out.insert(y, ());
            taken += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    fn r(g: &Graph, id: &str) -> ResearcherIdx {
        g.data().researcher_by_id(id).unwrap()
    }

    /// Tiny fixture, field ai: researchers a2 (ua, 0.8), b2 (ub, 0.6), c1 (uc, 1.0).
    /// No pair co-authors. a2 and b2 have no common co-author (a2–a1, b2–b1, and a1–b1 is an
    /// edge, so a2 and b2 are three steps apart): Adamic–Adar 0 everywhere, so shared counts at
    /// the stranger factor 0.2 and closeness is the recency term alone, 0.25 · mean activity.
    /// Latest year 2025; last co-authorships a2 2023, b2 2022, c1 2025 → activity ½^(2/4) =
    /// 0.707107, ½^(3/4) = 0.594604, 1.
    #[test]
    fn pairs_in_ai_by_hand() {
        let g = tiny();
        let ai = g.data().field_by_id("ai").unwrap();
        let w = PairWeights::default();
        let got = recommend(
            &g,
            &PairQuery {
                field: ai,
                university: None,
                top: 10,
            },
            &w,
        );
        assert_eq!(got.len(), 3);
        let ids = |p: &PairScore| {
            (
                g.data().researcher(p.a).id.as_str(),
                g.data().researcher(p.b).id.as_str(),
            )
        };
        // a2–c1: shared min(0.8, 1) · 0.2 = 0.16; ai has no related fields → complementary 0;
        // closeness 0.25 · (0.707107 + 1) / 2 = 0.213388;
        // seniority s(5) = ln 6 / ln 31 = 0.521766, s(7) = ln 8 / ln 31 = 0.605548 →
        // 1 − 0.083782 = 0.916218; capacity (1/3 + 2/3) / 2 = 0.5.
        // score = 0.3·0.16 + 0.3·0.213388 + 0.1·0.916218 + 0.1·0.5 = 0.253639
        assert_eq!(ids(&got[0]), ("a2", "c1"));
        assert!((got[0].score - 0.253639).abs() < 1e-5, "{}", got[0].score);
        // b2–c1: 0.3·0.6·0.2 + 0.3·0.25·(0.594604 + 1)/2 + 0.1·(1 − |s(3) − s(7)|) + 0.1·0.5,
        // s(3) = ln 4 / ln 31 = 0.403698 → 0.036 + 0.059798 + 0.079815 + 0.05 = 0.225613
        assert_eq!(ids(&got[1]), ("b2", "c1"));
        assert!((got[1].score - 0.225613).abs() < 1e-5, "{}", got[1].score);
        // a2–b2: 0.3·0.6·0.2 + 0.3·0.25·(0.707107 + 0.594604)/2 + 0.1·(1 − |0.521766 − 0.403698|)
        // + 0.1·(1/3) = 0.036 + 0.048814 + 0.088193 + 0.033333 = 0.206340
        assert_eq!(ids(&got[2]), ("a2", "b2"));
        assert!((got[2].score - 0.206340).abs() < 1e-5, "{}", got[2].score);
        let shared = &got[0].components[0];
        assert_eq!(
            (shared.raw, shared.value),
            (0.800000011920929, 0.800000011920929 * 0.2)
        );
        assert!(
            shared
                .explain
                .contains("counted at 20% (no common co-author)"),
            "{}",
            shared.explain
        );
    }

    /// The stranger discount and the recency term switch off with their profile keys: then the
    /// score is the pre-evaluation formula (a2–c1: 0.3·0.8 + 0.1·0.916218 + 0.1·0.5 = 0.381622).
    #[test]
    fn stranger_factor_1_and_recency_0_give_the_plain_score() {
        let g = tiny();
        let ai = g.data().field_by_id("ai").unwrap();
        let w = PairWeights {
            recency: 0.0,
            stranger_factor: 1.0,
            ..PairWeights::default()
        };
        let p = score_pair(&g, ai, r(&g, "a2"), r(&g, "c1"), &w);
        assert!((p.score - 0.381622).abs() < 1e-5, "{}", p.score);
    }

    /// a2 and b1 share a1 (degree 2): aa = 1/ln 2 = 1.442695, proximity aa/(aa+1) = 0.590616,
    /// gate 0.2 + 0.8·0.590616 = 0.672493; in best_field_score they share no field, so only
    /// closeness, seniority and capacity count: closeness = 0.75·0.590616 + 0.25·(0.707107 +
    /// ½^(1/4) = 0.840896)/2 = 0.442962 + 0.193500 = 0.636462.
    #[test]
    fn best_field_score_without_a_common_field_by_hand() {
        let g = tiny();
        let w = PairWeights::default();
        let (a2, b1) = (r(&g, "a2"), r(&g, "b1"));
        // seniority s(5) = 0.521766, s(10) = ln 11 / ln 31 = 0.698278 → 0.823488;
        // capacity (1/3 + 2/3)/2 = 0.5
        let want = 0.3 * 0.636462 + 0.1 * 0.823488 + 0.1 * 0.5;
        let got = best_field_score(&g, a2, b1, &w);
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
        assert_eq!(got, best_field_score(&g, b1, a2, &w), "symmetric");
    }

    /// Field water: a1 (ua, 0.9), b1 (ub, 0.7), a3 (ua, 0.4). a1–b1 already co-author and
    /// a1–a3 share a university, so the only pair left is a3–b1.
    #[test]
    fn coauthors_and_colleagues_are_not_recommended() {
        let g = tiny();
        let water = g.data().field_by_id("water").unwrap();
        let got = recommend(
            &g,
            &PairQuery {
                field: water,
                university: None,
                top: 10,
            },
            &PairWeights::default(),
        );
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].a, got[0].b), (r(&g, "a3"), r(&g, "b1")));
    }

    #[test]
    fn adamic_adar_counts_common_coauthors() {
        let g = tiny();
        // a2 and b1 share a1, whose degree is 2: AA = 1 / ln 2.
        let (aa, n) = adamic_adar(&g, r(&g, "a2"), r(&g, "b1"));
        assert_eq!(n, 1);
        assert!((aa - 1.0 / 2f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn university_filter_puts_that_university_first() {
        let g = tiny();
        let ai = g.data().field_by_id("ai").unwrap();
        let uc = g.data().university_by_id("uc").unwrap();
        let got = recommend(
            &g,
            &PairQuery {
                field: ai,
                university: Some(uc),
                top: 10,
            },
            &PairWeights::default(),
        );
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|p| p.a == r(&g, "c1")));
    }
}
