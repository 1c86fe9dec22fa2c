//! Researcher-level recommendations: pairs of researchers at different universities, both
//! working in a field, who do not co-author yet, ranked by how promising they are.
//!
//! Score = weighted sum of six components in [0, 1] ([`PairWeights`]):
//!
//! | component | value |
//! | --- | --- |
//! | shared | `min(level(x,F), level(y,F)) · gate` |
//! | complementary | `(cov({x,y}) − max(cov({x}), cov({y}))) · gate`, cov(S) = mean over F's related fields g of max level in S |
//! | closeness | `(1 − r) · p + r · (act(x) + act(y)) / 2`: p = `daa / (daa + 1)`, daa = time-decayed Adamic–Adar weighted by joint papers = Σ over common co-authors z of w(x,z) · w(z,y) / ln deg(z), w(u,v) = ½^(age(u,v) / h) · (1 + m · ln papers(u,v)), age = year₀ − the last year of that co-authorship, h = `path_half_life_years` (0: no decay), m = `path_papers` (0 with h = 0: plain Adamic–Adar); act = D / (D + `activity_saturation`), D = Σ over the researcher's co-authorships of (1 − n) · ½^(age of its last paper / `recency_half_life_years`) + n · ½^(age of its first / same), n = `activity_new` (with `activity_saturation` 0: ½^((year₀ − last co-authorship year) / half-life)), 0 without co-authorships; r = `recency` |
//! | seniority | `1 − |s(x) − s(y)|`, s = min(1, ln(1 + h) / ln 31) |
//! | capacity | mean over the two of min(max_teams, 3) / 3 |
//! | topics | `cos · ((1 − t) + t · √(act(x) · act(y)))`: cos = the cosine of the two researchers' time-decayed TF-IDF term profiles ([`super::topics`]; half-life `topic_half_life_years`), 0 without `terms.csv`; act as in closeness; t = `topic_activity` |
//!
//! In closeness, daa also takes the three-step paths (`three_step`) and, between researchers
//! with no common co-author, the **colleague bridges** b ([`bridges`]: the share of the other's
//! institution each has co-authored with, time-decayed) and the **country affinity** c
//! ([`country_affinity`]: how much more often than chance the researchers of their two
//! countries co-author across institutions) as `daa + bridges · b + country · c`. On real
//! exports most new collaborations have no common co-author (EVALUATION.md); "already works
//! with two of DUT's researchers" and "co-authorships within JP are 2.1× as common as
//! chance" are the evidence the co-authorship paths miss. In a single-country dataset (the
//! G7's) c is 0.
//!
//! `gate = f + (1 − f) · p`, f = `stranger_factor`: shared expertise counts fully between
//! researchers with common co-authors and at the fraction f between strangers. Both the gate and
//! the recency term come from `hoptac evaluate` on real co-authorship data (EVALUATION.md):
//! without them same-field strangers filled the top of the list although new collaborations
//! mostly form through a common co-author and between researchers who are still publishing.
//! year₀ is `reference_year`, by default (0) the latest year in the data, so results never
//! depend on today's date. A path through an old co-authorship counts less than one through a
//! recent one, and a researcher inactive for years ranks down twice: through the paths and
//! through the activity term.
//!
//! # Order and reasons
//! Pairs are ordered by score, then — for equal scores — by the evidence ([`PairKey`]): the
//! time-decayed Adamic–Adar, then the number of common co-authors, then the researcher
//! indexes. In a list of recommendations the reasons of a pair come first from the components
//! that set it apart from the others listed: ordered by how far the component's contribution is
//! above its mean over the list; a component that contributes the same to every pair listed
//! (`max_teams 3 and 3` for everyone) is shown only when nothing else contributes.
//!
//! # Candidates, not all n² pairs
//! For each researcher x in the field (at university U when given), candidates y are (a) every
//! researcher two co-authorship steps away who works in F at another university — the only
//! pairs with a non-zero closeness — and (b) the `field_candidates` strongest researchers in F
//! at other universities, and (c) the `topic_candidates` researchers at other universities in F
//! most similar to x in topic ([`super::topics::candidates`], when `topics` > 0) — the pairs
//! with no common co-author that the co-authorship walk cannot see. Each x keeps its best `top` pairs; the union is deduplicated and cut to
//! `top`. Every pair in the true top `top` (among candidates) survives, since it ranks in the
//! list of the researcher it was generated from.
//!
//! # Complexity
//! Time O(Σ_x (Σ_{z ∈ N(x)} deg z + c + b)) with c = `field_candidates` and b =
//! [`TOPIC_WALK_BUDGET`] postings of the topic walk (the source's rarest terms first); memory
//! O(|pool| · top). Measured: 100,000 generated researchers with `terms.csv`, `pairs --field
//! water` 1.4 s with topics, 0.7 s with `topics = 0` (2 cores, from the snapshot).
//! Parallel over x with rayon; the result is sorted with ties broken by researcher index, so it
//! is identical for any thread count.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::component::{seniority, Component};
use crate::graph::Graph;
use crate::model::*;

/// The six pair components in output order.
pub const PAIR_COMPONENTS: [&str; 6] = [
    "shared",
    "complementary",
    "closeness",
    "seniority",
    "capacity",
    "topics",
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
    /// Half-life of a co-authorship in the paths of closeness; 0 = no decay (Adamic–Adar).
    pub path_half_life_years: f64,
    /// Weight of the three-step paths in closeness; 0 = two-step paths only.
    pub three_step: f64,
    /// How much a co-authorship's joint papers count in the paths: each link weighs
    /// 1 + path_papers · ln(papers) on top of its decay; 0 = every link alike.
    pub path_papers: f64,
    /// 0: activity is the recency of the last co-authorship; > 0: the time-decayed number of
    /// co-authors D, as D / (D + activity_saturation).
    pub activity_saturation: f64,
    /// Share of D counted from the year of each co-authorship's first paper rather than its
    /// last (in [0, 1]): 1 = how many new co-authors a researcher took on recently.
    pub activity_new: f64,
    /// Year that recency is measured from; 0 = the latest year in the data.
    pub reference_year: u16,
    /// Weight of shared and complementary expertise between strangers, in [0, 1].
    pub stranger_factor: f64,
    /// Weight of the topic similarity of the two term profiles.
    pub topics: f64,
    /// Age in years at which a term row counts half in the profiles; 0 = no decay.
    pub topic_half_life_years: f64,
    /// Candidates drawn per researcher from the most similar in topic.
    pub topic_candidates: usize,
    /// Share of the topic component that is scaled by the geometric mean of the two
    /// researchers' activities, in [0, 1].
    pub topic_activity: f64,
    /// Weight of the colleague bridges in closeness between researchers with no common
    /// co-author ([`bridges`]); 0 = none.
    pub bridges: f64,
    /// Weight of the country affinity in closeness between researchers with no common
    /// co-author ([`country_affinity`]); 0 = none.
    pub country: f64,
}

impl Default for PairWeights {
    fn default() -> Self {
        PairWeights {
            shared: 0.02,
            complementary: 0.01,
            closeness: 1.0,
            seniority: 0.005,
            capacity: 0.01,
            field_candidates: 30,
            recency: 0.15,
            recency_half_life_years: 4.0,
            path_half_life_years: 4.0,
            three_step: 0.01,
            path_papers: 1.0,
            activity_saturation: 2.0,
            activity_new: 0.5,
            reference_year: 0,
            stranger_factor: 0.5,
            topics: 0.1,
            topic_half_life_years: 4.0,
            topic_candidates: 30,
            topic_activity: 1.0,
            bridges: 0.15,
            country: 0.03,
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

/// Adamic–Adar of `x` and `y`, its time-decayed form and the number of common co-authors.
/// Each path x–z–y weighs ½^(age(x,z) / h) · ½^(age(z,y) / h) / ln deg(z), age = `year0` −
/// the last year of that co-authorship (0 when later); `h` = 0 gives the plain Adamic–Adar
/// (both values equal). O(deg x + deg y).
pub fn path_adamic_adar(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    year0: u16,
    h: f64,
) -> (f64, f64, u32) {
    path_adamic_adar_with(g, x, y, year0, h, 0.0)
}

/// [`path_adamic_adar`] with each link also weighted by its joint papers: the decayed sum's
/// paths weigh w(x,z) · w(z,y) / ln deg(z), w = ½^(age / h) · [`paper_factor`](papers, `m`)
/// (`m` = 0: the plain decayed form). The first value stays the plain Adamic–Adar.
pub fn path_adamic_adar_with(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    year0: u16,
    h: f64,
    m: f64,
) -> (f64, f64, u32) {
    let (nx, ny) = (g.coauthors(x), g.coauthors(y));
    let weight = |index: u32| link_weight(g, index, year0, h, m);
    let weighted = h > 0.0 || m > 0.0;
    let (mut i, mut j, mut aa, mut daa, mut n) = (0, 0, 0.0, 0.0, 0);
    while i < nx.len() && j < ny.len() {
        match nx[i].other.cmp(&ny[j].other) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let a = 1.0 / (g.degree(nx[i].other) as f64).ln();
                aa += a;
                // a · (w · w): the same bits from either end of the pair.
                daa += if weighted {
                    a * (weight(nx[i].index) * weight(ny[j].index))
                } else {
                    a
                };
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (aa, daa, n)
}

/// How much `x` and `y`, at different institutions, already work with each other's
/// colleagues: the mean of the two directions, x's side being Σ over x's co-authors z ≠ y at
/// y's institution of ½^(age(x,z) / `h`) (`h` = 0: no decay), divided by the number of
/// researchers at y's institution (the share of it that x has worked with, time-decayed; in [0,
/// 1]). A side is 0 when the other researcher is [unaffiliated](Dataset::unaffiliated) — the
/// placeholder is no place where people work together. With the counts of co-authors behind
/// each side, for the explanation. O(deg x + deg y).
pub fn bridges(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, year0: u16, h: f64) -> Bridges {
    let none = g.data().unaffiliated();
    let ((sx, nx), (sy, ny)) = (
        bridge_side(g, x, y, none, year0, h),
        bridge_side(g, y, x, none, year0, h),
    );
    Bridges {
        value: bridge_value(g, g.university_of(y), sx, g.university_of(x), sy),
        from_x: nx,
        from_y: ny,
    }
}

/// One side of [`bridges`] before the division: Σ over `a`'s co-authors z ≠ `b` at `b`'s
/// institution of the decayed weight of a–z, and their number (0 towards `none`, the
/// unaffiliated placeholder).
fn bridge_side(
    g: &Graph,
    a: ResearcherIdx,
    b: ResearcherIdx,
    none: Option<UniIdx>,
    year0: u16,
    h: f64,
) -> (f64, u32) {
    let u = g.university_of(b);
    if Some(u) == none {
        return (0.0, 0);
    }
    let (mut s, mut n) = (0.0, 0);
    for l in g.coauthors(a) {
        if l.other != b && g.university_of(l.other) == u {
            s += edge_weight(g, l.index, year0, h);
            n += 1;
        }
    }
    (s, n)
}

/// [`bridges`] from its two sides: `sx` towards institution `uy`, `sy` towards `ux`, each
/// divided by that institution's researchers, averaged.
#[inline]
fn bridge_value(g: &Graph, uy: UniIdx, sx: f64, ux: UniIdx, sy: f64) -> f64 {
    let share = |s: f64, u: UniIdx| {
        if s == 0.0 {
            0.0
        } else {
            s / g.members(u).len().max(1) as f64
        }
    };
    (share(sx, uy) + share(sy, ux)) / 2.0
}

/// The country affinity of two researchers: that of their institutions
/// ([`crate::graph::CountryLinks::affinity`]: `lift / (lift + 1)` of how much more often than
/// chance researchers of the two countries co-author across institutions in these data; 0
/// when either has no country and in a single-country dataset).
pub fn country_affinity(g: &Graph, x: ResearcherIdx, y: ResearcherIdx) -> f64 {
    g.countries()
        .affinity(g.university_of(x), g.university_of(y))
}

/// The bridges value a pair's closeness counts: [`bridges`] from `year0` between strangers
/// (`common` = 0) when the weight is not 0, else 0 (then nothing is computed).
fn stranger_bridges(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
    year0: u16,
    common: u32,
) -> f64 {
    if common == 0 && w.bridges > 0.0 {
        bridges(g, x, y, year0, w.path_half_life_years).value
    } else {
        0.0
    }
}

/// [`bridges`] of a pair: its value and how many of each one's co-authors work with the other.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bridges {
    pub value: f64,
    /// x's co-authors at y's institution.
    pub from_x: u32,
    /// y's co-authors at x's institution.
    pub from_y: u32,
}

/// The recency of co-authorship `index`: ½^(age / h), age = `year0` − its last year (0 when
/// later); 1 when `h` = 0.
fn edge_weight(g: &Graph, index: u32, year0: u16, h: f64) -> f64 {
    if h > 0.0 {
        let age = f64::from(year0.saturating_sub(g.data().coauthorships[index as usize].last_year));
        0.5f64.powf(age / h)
    } else {
        1.0
    }
}

/// What a co-authorship's joint papers add to its weight in a path: 1 + `m` · ln(papers)
/// (1 for a single paper, and for every link when `m` = 0).
#[inline]
pub fn paper_factor(papers: u32, m: f64) -> f64 {
    if m > 0.0 && papers > 1 {
        1.0 + m * f64::from(papers).ln()
    } else {
        1.0
    }
}

/// The weight of co-authorship `index` in a path: its recency ([`edge_weight`]) times its
/// [`paper_factor`].
fn link_weight(g: &Graph, index: u32, year0: u16, h: f64, m: f64) -> f64 {
    let w = edge_weight(g, index, year0, h);
    if m > 0.0 {
        w * paper_factor(g.data().coauthorships[index as usize].papers, m)
    } else {
        w
    }
}

/// The time-decayed three-step paths of `x` and `y`: Σ over paths x–z–u–y (four distinct
/// researchers) of w(x,z) · w(z,u) · w(u,y) / (ln deg z · ln deg u), w(u,v) = ½^(age /
/// `path_half_life_years`) (1 when it is 0). O(Σ_{z ∈ N(x)} deg z · log deg y); [`Reach`] computes it for
/// every y at once.
pub fn three_step_paths(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, w: &PairWeights) -> f64 {
    let (y0, h, m) = (year0(g, w), w.path_half_life_years, w.path_papers);
    let edge_weight = |g: &Graph, index: u32, y0: u16, h: f64| link_weight(g, index, y0, h, m);
    let mut t = 0.0;
    for lz in g.coauthors(x) {
        let z = lz.other;
        if z == y {
            continue;
        }
        let wz = edge_weight(g, lz.index, y0, h) / (g.degree(z) as f64).ln();
        for lu in g.coauthors(z) {
            let u = lu.other;
            if u == x || u == y {
                continue;
            }
            if let Ok(i) = g.coauthors(u).binary_search_by_key(&y, |l| l.other) {
                let ly = g.coauthors(u)[i];
                t += wz * edge_weight(g, lu.index, y0, h) / (g.degree(u) as f64).ln()
                    * edge_weight(g, ly.index, y0, h);
            }
        }
    }
    t
}

/// [`three_step_paths`] from one researcher x to many candidates y, in O(deg y) each: `fill`
/// keeps, for every u two steps from x, M(u) = Σ_{z ∈ N(x) ∩ N(u)} w(x,z) · w(z,u) / ln deg z
/// (O(Σ_{z ∈ N(x)} deg z), the walk that finds the candidates anyway); then the three-step
/// paths to y are Σ_{u ∈ N(y)} M(u) · w(u,y) / ln deg u, less the paths through y itself when
/// y is a co-author of x.
#[derive(Default)]
pub struct Reach {
    from: Option<ResearcherIdx>,
    year0: u16,
    half_life: f64,
    /// `path_papers` of the filled profile.
    papers: f64,
    two: FxHashMap<ResearcherIdx, f64>,
    /// Topic similarity from the same source (filled when `topics` > 0).
    topics: Option<(super::topics::TopicReach, super::topics::Decay)>,
    /// Postings the topic walk may read per source ([`TOPIC_WALK_BUDGET`] for
    /// recommendations; none, i.e. every similarity from the walk, for the evaluation).
    topic_budget: Option<usize>,
}

/// Postings the topic walk of [`recommend`] reads per source: its candidates come from the
/// source's rarest terms, so that a field of 100,000 researchers with a small vocabulary costs
/// no more than the co-authorship walk.
pub const TOPIC_WALK_BUDGET: usize = 1024;

impl Reach {
    pub fn new() -> Reach {
        Reach::default()
    }

    /// A reach whose topic walk reads at most [`TOPIC_WALK_BUDGET`] postings per source.
    pub fn for_recommend() -> Reach {
        Reach {
            topic_budget: Some(TOPIC_WALK_BUDGET),
            ..Reach::default()
        }
    }

    /// Walks two steps from `x`; nothing when `w.three_step` is 0.
    pub fn fill(&mut self, g: &Graph, x: ResearcherIdx, w: &PairWeights) {
        self.two.clear();
        self.from = Some(x);
        (self.year0, self.half_life, self.papers) =
            (year0(g, w), w.path_half_life_years, w.path_papers);
        self.topics = if w.topics > 0.0 {
            // The decay (and the norms it caches) is kept while the profile's years are.
            let (mut t, d) = match std::mem::take(&mut self.topics) {
                Some((t, d))
                    if d.year0 == year0(g, w) && d.half_life == w.topic_half_life_years =>
                {
                    (t, d)
                }
                Some((t, _)) => (t, topic_decay(g, w)),
                None => (super::topics::TopicReach::new(), topic_decay(g, w)),
            };
            t.fill_within(g, x, &d, self.topic_budget);
            Some((t, d))
        } else {
            None
        };
        if w.three_step <= 0.0 {
            return;
        }
        let (y0, h, m) = (self.year0, self.half_life, self.papers);
        let edge_weight = |g: &Graph, index: u32, y0: u16, h: f64| link_weight(g, index, y0, h, m);
        for lz in g.coauthors(x) {
            let z = lz.other;
            let wz = edge_weight(g, lz.index, y0, h) / (g.degree(z) as f64).ln();
            for lu in g.coauthors(z) {
                if lu.other != x {
                    *self.two.entry(lu.other).or_insert(0.0) +=
                        wz * edge_weight(g, lu.index, y0, h);
                }
            }
        }
    }

    /// The topic similarity of the filled researcher and `y` (0 when `topics` is 0).
    pub fn topic(&self, g: &Graph, y: ResearcherIdx) -> f64 {
        match &self.topics {
            Some((t, d)) => t.similarity(g, y, d),
            None => 0.0,
        }
    }

    /// The three-step paths from the filled researcher to `y` (0 when `three_step` is 0).
    pub fn three(&self, g: &Graph, y: ResearcherIdx) -> f64 {
        let Some(x) = self.from else { return 0.0 };
        if self.two.is_empty() || y == x {
            return 0.0;
        }
        let (y0, h, m) = (self.year0, self.half_life, self.papers);
        let edge_weight = |g: &Graph, index: u32, y0: u16, h: f64| link_weight(g, index, y0, h, m);
        // Paths x–y–u–y are not paths: when x and y co-author, take out z = y.
        let through_y = g
            .coauthors(x)
            .iter()
            .find(|l| l.other == y)
            .map(|l| edge_weight(g, l.index, y0, h) / (g.degree(y) as f64).ln());
        let mut t = 0.0;
        for lu in g.coauthors(y) {
            let Some(m) = self.two.get(&lu.other) else {
                continue;
            };
            let wuy = edge_weight(g, lu.index, y0, h);
            let mut m = *m;
            if let Some(wy) = through_y {
                m -= wy * wuy;
            }
            t += m * wuy / (g.degree(lu.other) as f64).ln();
        }
        t.max(0.0)
    }
}

/// The year recency is measured from: the profile's `reference_year`, or the latest year in
/// the data when it is 0.
fn year0(g: &Graph, w: &PairWeights) -> u16 {
    if w.reference_year > 0 {
        w.reference_year
    } else {
        g.latest_year()
    }
}

/// The latest `last_year` of `r`'s co-authorships, if any (O(1): precomputed by the graph).
pub fn last_active(g: &Graph, r: ResearcherIdx) -> Option<u16> {
    g.last_active(r)
}

/// Recent activity in [0, 1]: with `saturation` 0, ½^((year₀ − last co-authorship year) /
/// half-life), 0 without any; else the time-decayed number of co-authors, saturating: D / (D +
/// saturation), D = Σ over `r`'s co-authorships of ½^((year₀ − its last year) / half-life).
fn activity(g: &Graph, r: ResearcherIdx, year0: u16, w: &PairWeights) -> f64 {
    let (half_life, saturation, new) = (
        w.recency_half_life_years,
        w.activity_saturation,
        w.activity_new,
    );
    if saturation > 0.0 {
        let co = &g.data().coauthorships;
        let d: f64 = g
            .coauthors(r)
            .iter()
            .map(|l| {
                let last = edge_weight(g, l.index, year0, half_life);
                if new > 0.0 {
                    let first = co[l.index as usize].first_year;
                    let age = f64::from(year0.saturating_sub(first));
                    (1.0 - new) * last + new * 0.5f64.powf(age / half_life)
                } else {
                    last
                }
            })
            .sum();
        return d / (d + saturation);
    }
    last_active(g, r).map_or(0.0, |y| {
        let age = f64::from(year0.saturating_sub(y));
        0.5f64.powf(age / half_life)
    })
}

/// The path sums of a pair: Adamic–Adar, its time-decayed form, common co-authors, three-step
/// paths.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Paths {
    aa: f64,
    daa: f64,
    common: u32,
    three: f64,
    /// The topic similarity of the two term profiles.
    topic: f64,
    /// The colleague bridges ([`bridges`]), computed only without a common co-author.
    bridges: f64,
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
    /// Time-decayed Adamic–Adar (= `aa` without decay).
    daa: f64,
    /// Time-decayed three-step paths.
    three: f64,
    /// `daa + three_step · three / (three + 1) + bridges · b + country · c`: the closeness
    /// component's raw value.
    reach: f64,
    /// The colleague bridges b (0 with a common co-author).
    bridges: f64,
    /// The country affinity c ([`country_affinity`]; 0 with a common co-author).
    country: f64,
    common: u32,
    /// `reach / (reach + 1)`.
    proximity: f64,
    /// Mean recent activity of the two.
    activity: f64,
    closeness: f64,
    /// `stranger_factor + (1 − stranger_factor) · proximity`.
    gate: f64,
    balance: f64,
    capacity: f64,
    /// Topic similarity of the two profiles, and the component:
    /// `topic · ((1 − topic_activity) + topic_activity · √(ax · ay))`.
    topic: f64,
    topics: f64,
}

impl Parts {
    fn new(
        g: &Graph,
        field: FieldIdx,
        x: ResearcherIdx,
        y: ResearcherIdx,
        w: &PairWeights,
    ) -> Parts {
        let three = if w.three_step > 0.0 {
            three_step_paths(g, x, y, w)
        } else {
            0.0
        };
        let topic = topic_similarity(g, x, y, w);
        let mut p = Parts::structural(g, x, y, w, three, topic);
        p.topical(g, field, x, y);
        p
    }

    /// The field-free components; shared and complementary 0. `three` = the three-step paths,
    /// `topic` = the topic similarity.
    fn structural(
        g: &Graph,
        x: ResearcherIdx,
        y: ResearcherIdx,
        w: &PairWeights,
        three: f64,
        topic: f64,
    ) -> Parts {
        let y0 = year0(g, w);
        let (aa, daa, common) =
            path_adamic_adar_with(g, x, y, y0, w.path_half_life_years, w.path_papers);
        let bridges = stranger_bridges(g, x, y, w, y0, common);
        let (ax, ay) = if w.recency > 0.0 || w.topic_activity > 0.0 {
            (activity(g, x, y0, w), activity(g, y, y0, w))
        } else {
            (0.0, 0.0)
        };
        Parts::from_paths(
            g,
            x,
            y,
            w,
            Paths {
                aa,
                daa,
                common,
                three,
                topic,
                bridges,
            },
            (ax, ay),
            true,
        )
    }

    /// [`Parts::structural`] from the path sums and the two activities, computed elsewhere
    /// (the candidate walk of [`recommend`] accumulates them for every candidate at once).
    /// Without `numbers` the two components read from the researchers' numbers (balance,
    /// capacity) are left 0 when their weights are 0, which adds exactly 0 to the score:
    /// for keys only, so that ranking candidates never reads those numbers in vain.
    fn from_paths(
        g: &Graph,
        x: ResearcherIdx,
        y: ResearcherIdx,
        w: &PairWeights,
        paths: Paths,
        (ax, ay): (f64, f64),
        numbers: bool,
    ) -> Parts {
        let Paths {
            aa,
            daa,
            common,
            three,
            topic,
            bridges,
        } = paths;
        let cap = |m: u32| f64::from(m.min(3)) / 3.0;
        let (balance, capacity) = if numbers || w.seniority != 0.0 || w.capacity != 0.0 {
            let (rx, ry) = (g.numbers(x), g.numbers(y));
            (
                1.0 - (seniority(rx.h_index) - seniority(ry.h_index)).abs(),
                (cap(rx.max_teams) + cap(ry.max_teams)) / 2.0,
            )
        } else {
            (0.0, 0.0)
        };
        // The three-step paths order what the common co-authors leave equal, bounded so
        // that they never outweigh one: their mass m enters as three_step · m / (m + 1) (in
        // a graph of large teams m grows as the square of the degrees).
        // Colleague bridges stand in for the common co-authors strangers do not have.
        // So does the country affinity: most new collaborations in bibliographic data start
        // between countries (mostly one country) that already co-author more than chance.
        let country = if w.country > 0.0 && common == 0 {
            country_affinity(g, x, y)
        } else {
            0.0
        };
        // The mean activity feeds the recency term of closeness (ax, ay are 0 when no weight
        // asks for them); the topic component takes their geometric mean below.
        let activity = (ax + ay) / 2.0;
        let reach = daa
            + w.three_step * (three / (three + 1.0))
            + w.bridges * bridges
            + w.country * country;
        let proximity = reach / (reach + 1.0);
        Parts {
            level: 0.0,
            shared: 0.0,
            coverage: 0.0,
            complementary: 0.0,
            aa,
            daa,
            three,
            reach,
            bridges,
            country,
            common,
            proximity,
            activity,
            closeness: (1.0 - w.recency) * proximity + w.recency * activity,
            gate: w.stranger_factor + (1.0 - w.stranger_factor) * proximity,
            balance,
            capacity,
            topic,
            // Topic credit asks both to be active (the geometric mean): an inactive researcher
            // alike in topic does not ride on an active one's activity (EVALUATION.md).
            topics: topic * ((1.0 - w.topic_activity) + w.topic_activity * (ax * ay).sqrt()),
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
            + w.topics * self.topics
    }

    fn key(&self, w: &PairWeights) -> PairKey {
        PairKey {
            score: self.score(w),
            closeness: self.reach,
            common: self.common,
        }
    }
}

/// What orders pairs, best first: the score, then on equal scores the closeness component's
/// raw value (the time-decayed Adamic–Adar plus the weighted three-step paths), then the
/// number of common co-authors.
/// Callers break what is still equal by researcher index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairKey {
    pub score: f64,
    pub closeness: f64,
    pub common: u32,
}

impl PairKey {
    /// Ascending order (greater is better).
    pub fn order(&self, other: &PairKey) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.closeness.total_cmp(&other.closeness))
            .then(self.common.cmp(&other.common))
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
    let (aa, daa, common, closeness, balance, capacity) =
        (p.aa, p.daa, p.common, p.closeness, p.balance, p.capacity);
    let (three, reach) = (p.three, p.reach);
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
    // What the weaker of the two (in the related fields in all) adds to the stronger, field
    // by field: exactly the terms of the complementary component's coverage.
    let related = &ds.field(field).related;
    let total =
        |r: ResearcherIdx| -> f64 { related.iter().map(|&f| f64::from(g.level(r, f))).sum() };
    let (weak, strong) = if total(x) < total(y) { (x, y) } else { (y, x) };
    let mut added: Vec<(f64, FieldIdx)> = related
        .iter()
        .map(|&r| {
            (
                f64::from(g.level(weak, r)) - f64::from(g.level(strong, r)),
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
            if related.is_empty() {
                format!("{fid} has no related fields")
            } else if total(strong) == 0.0 {
                "neither works in the related fields".into()
            } else if added_ids.is_empty() {
                "the stronger of the two covers every related field alone".into()
            } else {
                format!(
                    "together they cover more than the stronger alone in {}{discount}",
                    added_ids.join(", ")
                )
            },
        ),
        Component::new(
            "closeness",
            reach,
            closeness,
            w.closeness,
            1.0,
            format!(
                "{}{}{}{}{}; last co-authored in {} and {}",
                match common {
                    0 => "no common co-author".to_string(),
                    1 => format!("1 common co-author, Adamic–Adar {aa:.2}"),
                    n => format!("{n} common co-authors, Adamic–Adar {aa:.2}"),
                },
                if w.path_half_life_years > 0.0 && common > 0 {
                    format!(" ({daa:.2} time-decayed)")
                } else {
                    String::new()
                },
                if w.three_step > 0.0 && three > 0.0 {
                    format!(", three-step paths {three:.2}")
                } else {
                    String::new()
                },
                bridges_explanation(g, x, y, w, p.bridges),
                country_explanation(g, x, y, w, p.country),
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
        Component::new(
            "topics",
            p.topic,
            p.topics,
            w.topics,
            1.0,
            topic_explanation(g, x, y, w, p.topic),
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

/// What the closeness explanation says of colleague bridges (empty without any): who
/// already works with how many of the other's colleagues.
fn bridges_explanation(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
    b: f64,
) -> String {
    if b <= 0.0 || w.bridges <= 0.0 {
        return String::new();
    }
    let ds = g.data();
    let d = bridges(g, x, y, year0(g, w), w.path_half_life_years);
    let side = |a: ResearcherIdx, other: ResearcherIdx, n: u32| {
        let u = g.university_of(other);
        (n > 0).then(|| {
            format!(
                "{} has worked with {n} of {}'s {} researchers",
                ds.researcher(a).name,
                ds.university(u).short_name,
                g.members(u).len()
            )
        })
    };
    let parts: Vec<String> = [side(x, y, d.from_x), side(y, x, d.from_y)]
        .into_iter()
        .flatten()
        .collect();
    format!(", colleague bridges {b:.3}: {}", parts.join("; "))
}

/// What the closeness explanation says of the country affinity (empty without it).
fn country_explanation(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
    c: f64,
) -> String {
    if c <= 0.0 || w.country <= 0.0 {
        return String::new();
    }
    format!(
        ", country affinity {c:.2}: {}",
        g.countries()
            .describe(g.university_of(x), g.university_of(y))
    )
}

/// The decay of term rows the profile asks for, from the same reference year as recency.
pub fn topic_decay(g: &Graph, w: &PairWeights) -> super::topics::Decay {
    super::topics::Decay::new(year0(g, w), w.topic_half_life_years)
}

/// The topic similarity of a pair; 0 without computing anything when `topics` is 0.
fn topic_similarity(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, w: &PairWeights) -> f64 {
    if w.topics > 0.0 {
        super::topics::similarity(g, x, y, &topic_decay(g, w))
    } else {
        0.0
    }
}

/// The topic component's explanation: the shared terms that weigh most.
fn topic_explanation(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
    s: f64,
) -> String {
    if g.terms(x).is_empty() || g.terms(y).is_empty() {
        return "no term profile for one of them".into();
    }
    let shared = super::topics::shared_terms(g, x, y, &topic_decay(g, w), 3);
    if shared.is_empty() {
        return "no term in common".into();
    }
    let names: Vec<String> = shared
        .iter()
        .map(|&t| format!("*{}*", g.data().term(t).name))
        .collect();
    format!(
        "both publish on {} (topic similarity {s:.2})",
        names.join(", ")
    )
}

fn year_or_never(y: Option<u16>) -> String {
    y.map_or("never".into(), |y| y.to_string())
}

/// The score `hoptac pairs` would give `x` and `y` in their best common field: the maximum
/// over the fields both work in; with no common field, the field-free components alone
/// (shared and complementary 0). Symmetric. This is what `hoptac evaluate` ranks researcher
/// pairs by.
pub fn best_field_score(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, w: &PairWeights) -> f64 {
    best_field_key(g, x, y, w).score
}

/// [`best_field_score`] with the evidence that orders equal scores ([`PairKey`]).
pub fn best_field_key(g: &Graph, x: ResearcherIdx, y: ResearcherIdx, w: &PairWeights) -> PairKey {
    let three = if w.three_step > 0.0 {
        three_step_paths(g, x, y, w)
    } else {
        0.0
    };
    best_field_key_with(g, x, y, w, three, topic_similarity(g, x, y, w))
}

/// [`best_field_key`] for many candidates of one researcher: `reach` filled from `x`.
pub fn best_field_key_from(
    g: &Graph,
    reach: &Reach,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
) -> PairKey {
    debug_assert_eq!(reach.from, Some(x));
    best_field_key_with(g, x, y, w, reach.three(g, y), reach.topic(g, y))
}

fn best_field_key_with(
    g: &Graph,
    x: ResearcherIdx,
    y: ResearcherIdx,
    w: &PairWeights,
    three: f64,
    topic: f64,
) -> PairKey {
    let base = Parts::structural(g, x, y, w, three, topic);
    let mut best = base.score(w);
    let ey = g.expertise(y);
    for &(f, _) in g.expertise(x) {
        if ey.iter().any(|(h, _)| *h == f) {
            let mut p = base;
            p.topical(g, f, x, y);
            best = best.max(p.score(w));
        }
    }
    PairKey {
        score: best,
        ..base.key(w)
    }
}

/// The best pairs for a query, best first.
///
/// # How
/// Every source researcher x (the field's members, or those at the queried university) is
/// expanded once, as one row of the sparse product A·A (Gustavson's row-by-row method): a walk
/// over x's co-authors z and theirs y accumulates, in dense per-thread arrays, Adamic–Adar,
/// its time-decayed form, the common co-authors and (with `three_step`) the two-step mass
/// that the three-step paths need, for every y at once — the sorted-list merge per candidate
/// pair is gone, and the sums are added in the same order (z ascending), so every score is bit
/// for bit that of [`score_pair`]. Candidates are then filtered (in the field, another
/// university, not yet co-authors), scored numerically, and the best `top` kept per source by
/// selection; explanations are built only for the final list. Without a university each pair
/// is reached from both ends, so a source keeps only the two-step candidates above it (its
/// field candidates, which are not symmetric, all); the global best `top` are kept either way.
///
/// # Complexity
/// Time O(Σ_x Σ_{z ∈ N(x)} deg z) for the walks, plus O(deg y) per candidate for the
/// three-step paths; memory O(n) per thread.
pub fn recommend(g: &Graph, q: &PairQuery, w: &PairWeights) -> Vec<PairScore> {
    let sources = sources(g, q);
    if q.top == 0 || sources.is_empty() {
        return Vec::new();
    }
    let ctx = WalkContext::new(g, q, w);
    // Chunks of sources share one set of scratch arrays; results keep the source order.
    let chunk = sources
        .len()
        .div_ceil(rayon::current_num_threads() * 8)
        .max(1);
    let per_chunk: Vec<Vec<Scored>> = sources
        .par_chunks(chunk)
        .map(|xs| chunk_best(&ctx, xs))
        .collect();
    let all: Vec<Scored> = per_chunk.into_iter().flatten().collect();
    let all = best_distinct(all, q.top);
    explained(g, q, w, &all)
}

/// The best `top` distinct pairs found from the sources `xs` (one chunk of a query's
/// sources, sharing one set of scratch arrays), best first.
fn chunk_best(ctx: &WalkContext<'_>, xs: &[ResearcherIdx]) -> Vec<Scored> {
    let top = ctx.q.top;
    let mut walk = Walk::new(ctx.slots(), ctx.compact.is_some());
    let mut out = Vec::new();
    // The worst of the chunk's best `top` distinct pairs at the last cut: a pair ranked
    // below it has `top` distinct better pairs already, so it is not kept.
    let mut floor: Option<Scored> = None;
    for &x in xs {
        out.extend(walk.best(ctx, x, floor.as_ref()));
        // The chunk's best `top` distinct pairs hold every pair of the chunk that can be in
        // the global best `top` (fewer than `top` distinct pairs of the chunk rank above
        // it), so cutting to them as the list grows changes nothing.
        if out.len() >= 4 * top + CUT_SLACK {
            out = best_distinct(out, top);
            if out.len() == top {
                floor = out.last().copied();
            }
        }
    }
    best_distinct(out, top)
}

/// How far a chunk's list of best pairs may grow past four times `top` before it is cut
/// (and its floor raised). Small in tests, so that every test with a few hundred pairs
/// exercises the cuts and the floor.
const CUT_SLACK: usize = if cfg!(test) { 8 } else { 4096 };

/// What every walk of one query shares: the field's members and levels, the universities,
/// the activities and the edge weights by age, computed once.
struct WalkContext<'g> {
    g: &'g Graph,
    q: &'g PairQuery,
    w: &'g PairWeights,
    /// Bit r set when researcher r works in the query's field (fits in cache at 1 M).
    member: Vec<u64>,
    /// University of every researcher, densely.
    uni: &'g [UniIdx],
    /// Recent activity of the field's members (the candidates and sources); all 0 when no
    /// key can depend on it (`active` false: then it is not read).
    activity: Vec<f64>,
    active: bool,
    /// ½^(age / path half-life) by age in years (see [`edge_weight`]).
    decay: Vec<f64>,
    year0: u16,
    /// The field's own co-authorship graph, for the compact walk (see [`Compact`]).
    compact: Option<Compact>,
    /// The unaffiliated placeholder, towards which there are no bridges.
    unaffiliated: Option<UniIdx>,
}

/// The part of the co-authorship graph a field-wide walk without three-step paths reads: for
/// every researcher z, the field's members among z's co-authors, as member ranks (members
/// numbered in index order), ascending, with the last year of each link. A walk from x then
/// reads only the members two steps away (not every co-author of every co-author), and its
/// accumulators are indexed by member rank, so they are as small as the field. Built from the
/// members' own co-author lists (O(Σ_{y ∈ F} deg y)), once per query. The sums per candidate
/// are added in the same order as in the full walk (z ascending), so they are the same bits.
struct Compact {
    /// The members in index order (rank → researcher).
    members: Vec<ResearcherIdx>,
    /// The university of each member, by rank.
    unis: Vec<UniIdx>,
    /// Member rank of every researcher, `u32::MAX` for the others.
    rank: Vec<u32>,
    /// Per researcher z: where its member co-authors are in `links`, and 1 / ln deg z (what
    /// each path through z adds to Adamic–Adar): one read per z.
    heads: Vec<Head>,
    links: Vec<MemberLink>,
    /// Whether every university index fits the 16-bit tag of [`MemberLink`] (so that equal
    /// tags mean the same university without reading `unis`).
    exact_tags: bool,
    /// The bits of a university index its tag keeps.
    tag_mask: u16,
}

#[derive(Clone, Copy, Default)]
struct Head {
    start: u32,
    len: u32,
    inv_ln: f64,
}

/// A member co-author of some z: their rank, the last year of the link, the low 16 bits of
/// their university (in what would be padding: the walk skips colleagues without reading the
/// university table) and the link's co-authorship (for its joint papers).
#[derive(Clone, Copy, Default)]
struct MemberLink {
    rank: u32,
    year: u16,
    uni_tag: u16,
    index: u32,
}

/// How many bits of a university index [`MemberLink`] keeps as its tag.
#[cfg(not(test))]
fn tag_bits() -> u32 {
    16
}

/// Tests may narrow the tag to one bit, so that colleagues' tags collide with other
/// universities' and the exact check is exercised (same results, only slower).
#[cfg(test)]
fn tag_bits() -> u32 {
    if tests::NARROW_TAGS.load(std::sync::atomic::Ordering::Relaxed) {
        1
    } else {
        16
    }
}

impl Compact {
    /// `None` when the field's links do not fit 32-bit positions (the full walk is used).
    fn new(g: &Graph, members: &[(ResearcherIdx, f32)], n: usize) -> Option<Compact> {
        let mut mem: Vec<ResearcherIdx> = members.iter().map(|&(r, _)| r).collect();
        mem.sort_unstable();
        mem.dedup();
        let mut rank = vec![u32::MAX; n];
        for (i, r) in mem.iter().enumerate() {
            rank[r.ix()] = i as u32;
        }
        let mut heads = vec![Head::default(); n];
        let mut total = 0u64;
        for &y in &mem {
            for l in g.coauthors(y) {
                heads[l.other.ix()].len += 1;
            }
            total += g.degree(y) as u64;
        }
        if total > u64::from(u32::MAX) {
            return None;
        }
        let mut start = 0u32;
        for (z, h) in heads.iter_mut().enumerate() {
            h.start = start;
            start += h.len;
            if h.len > 0 {
                h.inv_ln = 1.0 / (g.degree(ResearcherIdx(z as u32)) as f64).ln();
            }
        }
        let mut fill: Vec<u32> = heads.iter().map(|h| h.start).collect();
        let mut links = vec![MemberLink::default(); total as usize];
        let mask = (1u32 << tag_bits()) - 1;
        for (ry, &y) in mem.iter().enumerate() {
            let uni_tag = (g.university_of(y).0 & mask) as u16;
            for (l, &year) in g.coauthors(y).iter().zip(g.coauthor_last_years(y)) {
                let k = &mut fill[l.other.ix()];
                links[*k as usize] = MemberLink {
                    rank: ry as u32,
                    year,
                    uni_tag,
                    index: l.index,
                };
                *k += 1;
            }
        }
        Some(Compact {
            unis: mem.iter().map(|&r| g.university_of(r)).collect(),
            members: mem,
            rank,
            heads,
            links,
            exact_tags: g.data().universities.len() <= mask as usize + 1,
            tag_mask: mask as u16,
        })
    }

    /// 1 / ln deg z, and where the member co-authors of `z` (ranks ascending, with the last
    /// year of each link) are in `links`.
    #[inline]
    fn row(&self, z: ResearcherIdx) -> (f64, std::ops::Range<usize>) {
        let h = self.heads[z.ix()];
        let start = h.start as usize;
        (h.inv_ln, start..start + h.len as usize)
    }
}

impl<'g> WalkContext<'g> {
    fn new(g: &'g Graph, q: &'g PairQuery, w: &'g PairWeights) -> Self {
        let ds = g.data();
        let n = ds.researchers.len();
        let members = g.field_members(q.field);
        let mut member = vec![0u64; n.div_ceil(64)];
        for &(r, _) in members {
            member[r.ix() / 64] |= 1 << (r.ix() % 64);
        }
        let uni = g.universities_of();
        let y0 = year0(g, w);
        let mut active = vec![0f64; n];
        // The activities reach a pair's key only through the recency term of closeness and
        // through the topics component; with both weights 0 they add exactly 0 either way.
        let activity_used = w.recency > 0.0 || (w.topic_activity > 0.0 && w.topics != 0.0);
        if activity_used {
            let acts: Vec<f64> = members
                .par_iter()
                .map(|&(r, _)| activity(g, r, y0, w))
                .collect();
            for (&(r, _), a) in members.iter().zip(acts) {
                active[r.ix()] = a;
            }
        }
        // Every age a weight is asked for (year₀ minus a year, saturating), without reading
        // the co-authorships for the oldest.
        let h = w.path_half_life_years;
        let decay = (0..=y0)
            .map(|age| {
                if h > 0.0 {
                    0.5f64.powf(f64::from(age) / h)
                } else {
                    1.0
                }
            })
            .collect();
        let compact = (w.three_step <= 0.0 && q.university.is_none())
            .then(|| Compact::new(g, members, n))
            .flatten();
        WalkContext {
            g,
            q,
            w,
            member,
            uni,
            activity: active,
            active: activity_used,
            decay,
            year0: y0,
            compact,
            unaffiliated: g.data().unaffiliated(),
        }
    }

    /// [`bridges`]' value between the source `x` (its side `from`, see [`Walk`]) and a
    /// candidate `y` that is no co-author of it: the same bits (0 when the weight is 0).
    fn bridges(&self, from: &[(UniIdx, f64)], x: ResearcherIdx, y: ResearcherIdx) -> f64 {
        if self.w.bridges <= 0.0 {
            return 0.0;
        }
        let (ux, uy) = (self.uni[x.ix()], self.uni[y.ix()]);
        let sx = from.iter().find(|(u, _)| *u == uy).map_or(0.0, |e| e.1);
        let (sy, _) = bridge_side(
            self.g,
            y,
            x,
            self.unaffiliated,
            self.year0,
            self.w.path_half_life_years,
        );
        bridge_value(self.g, uy, sx, ux, sy)
    }

    /// The activities of `a` and `b` (the 0 they all are when unused, without reading them).
    #[inline]
    fn activities(&self, a: ResearcherIdx, b: ResearcherIdx) -> (f64, f64) {
        if self.active {
            (self.activity[a.ix()], self.activity[b.ix()])
        } else {
            (0.0, 0.0)
        }
    }

    /// How many accumulator slots a walk needs: one per member in the compact walk, else one
    /// per researcher.
    fn slots(&self) -> usize {
        self.compact
            .as_ref()
            .map_or(self.uni.len(), |c| c.members.len())
    }

    /// The researcher in slot `t`, and their university.
    #[inline]
    fn at(&self, t: usize) -> (ResearcherIdx, UniIdx) {
        match &self.compact {
            Some(c) => (c.members[t], c.unis[t]),
            None => (ResearcherIdx(t as u32), self.uni[t]),
        }
    }

    /// The accumulator slot of `y`, a member of the field when the walk is compact.
    #[inline]
    fn slot(&self, y: ResearcherIdx) -> usize {
        match &self.compact {
            Some(c) => c.rank[y.ix()] as usize,
            None => y.ix(),
        }
    }

    /// [`edge_weight`] of a co-authorship whose last year is `last`, from the table.
    #[inline]
    fn weight(&self, last: u16) -> f64 {
        self.decay[usize::from(self.year0.saturating_sub(last))]
    }

    /// [`link_weight`] of co-authorship `index`, whose last year is `last`.
    #[inline]
    fn link(&self, index: u32, last: u16) -> f64 {
        let w = self.weight(last);
        if self.w.path_papers > 0.0 {
            let papers = self.g.data().coauthorships[index as usize].papers;
            w * paper_factor(papers, self.w.path_papers)
        } else {
            w
        }
    }

    #[inline]
    fn is_member(&self, r: ResearcherIdx) -> bool {
        self.member[r.ix() / 64] >> (r.ix() % 64) & 1 == 1
    }
}

/// [`Reach::three`] from `a` to `b` (not co-authors) without a walk from `a`: the two-step
/// mass of each co-author u of `b` by a merge of the co-author lists of `a` and u, added in
/// the walk's order (z ascending), so the value is bit for bit the walk's.
fn three_from(c: &WalkContext<'_>, a: ResearcherIdx, b: ResearcherIdx) -> f64 {
    let g = c.g;
    let na = g.coauthors(a);
    let la = g.coauthor_last_years(a);
    let mut t = 0.0;
    for (lu, &last_ub) in g.coauthors(b).iter().zip(g.coauthor_last_years(b)) {
        let u = lu.other;
        if u == a {
            continue;
        }
        let (nu, lu_years) = (g.coauthors(u), g.coauthor_last_years(u));
        let (mut i, mut j) = (0, 0);
        let mut mass = 0.0;
        let mut reached = false;
        while i < na.len() && j < nu.len() {
            match na[i].other.cmp(&nu[j].other) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let z = na[i].other;
                    let wz = c.link(na[i].index, la[i]) / (g.degree(z) as f64).ln();
                    mass += wz * c.link(nu[j].index, lu_years[j]);
                    reached = true;
                    i += 1;
                    j += 1;
                }
            }
        }
        if reached {
            t += mass * c.link(lu.index, last_ub) / (g.degree(u) as f64).ln();
        }
    }
    t.max(0.0)
}

/// One researcher's sums in the walk from a source.
#[derive(Clone, Copy, Default)]
struct Acc {
    aa: f64,
    daa: f64,
    /// Two-step mass for the three-step paths (see [`Reach`]).
    mass: f64,
    common: u32,
    /// The walk (round) these sums belong to; older sums are stale.
    round: u32,
}

/// [`Acc`] without the three-step mass, for the compact walk (24 bytes a member).
#[derive(Clone, Copy, Default)]
struct Sums {
    aa: f64,
    daa: f64,
    common: u32,
    round: u32,
}

/// Dense per-thread accumulators of one source's two-step walk.
struct Walk {
    /// By researcher (the full walk), or empty.
    acc: Vec<Acc>,
    /// By member rank (the compact walk), or empty.
    sums: Vec<Sums>,
    /// `tie[y] == round`: y co-authors the source; `picked[y] == round`: y is a candidate.
    tie: Vec<u32>,
    picked: Vec<u32>,
    round: u32,
    /// The slots with sums in this round (see [`WalkContext::slot`]).
    touched: Vec<u32>,
    /// The compact walk's rows of the source's co-authors: 1 / ln deg z, the weight of the
    /// link to z, z's member co-authors.
    rows: Vec<(f64, f64, std::ops::Range<usize>)>,
    /// The source's topic walk (when `topics` > 0): where its topic candidates come from.
    topics: Option<(super::topics::TopicReach, super::topics::Decay)>,
    /// The source's side of [`bridges`] towards each institution its co-authors are at
    /// (when `bridges` > 0), summed in co-author order as [`bridge_side`] sums it.
    bridge_from: Vec<(UniIdx, f64)>,
}

impl Walk {
    /// Scratch for `n` slots, compact (by member rank) or not.
    fn new(n: usize, compact: bool) -> Walk {
        Walk {
            acc: if compact {
                Vec::new()
            } else {
                vec![Acc::default(); n]
            },
            sums: if compact {
                vec![Sums::default(); n]
            } else {
                Vec::new()
            },
            tie: vec![0; n],
            picked: vec![0; n],
            round: 0,
            touched: Vec::new(),
            rows: Vec::new(),
            topics: None,
            bridge_from: Vec::new(),
        }
    }
}

/// The `topic_candidates` researchers most similar to `x` in topic that `ok` accepts, most
/// similar first (ties by index), from a topic walk of at most [`TOPIC_WALK_BUDGET`] postings
/// (`topics` keeps the walk's buffers between sources).
fn topic_candidates_of(
    topics: &mut Option<(super::topics::TopicReach, super::topics::Decay)>,
    c: &WalkContext<'_>,
    x: ResearcherIdx,
    ok: impl Fn(ResearcherIdx) -> bool,
) -> Vec<ResearcherIdx> {
    {
        let (g, w) = (c.g, c.w);
        if w.topics <= 0.0 || w.topic_candidates == 0 {
            return Vec::new();
        }
        let (t, d) =
            topics.get_or_insert_with(|| (super::topics::TopicReach::new(), topic_decay(g, w)));
        t.fill_within(g, x, d, Some(TOPIC_WALK_BUDGET));
        let mut found: Vec<(ResearcherIdx, f64)> = t
            .reached()
            .into_iter()
            .filter(|&(y, s)| s > 0.0 && ok(y))
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found
            .into_iter()
            .take(w.topic_candidates)
            .map(|(y, _)| y)
            .collect()
    }
}

impl Walk {
    /// The best `top` candidates of `x`, scored, in no particular order; none ranked below
    /// `floor`.
    fn best(
        &mut self,
        c: &WalkContext<'_>,
        x: ResearcherIdx,
        floor: Option<&Scored>,
    ) -> Vec<Scored> {
        let (g, w, q) = (c.g, c.w, c.q);
        self.round += 1;
        let round = self.round;
        self.touched.clear();
        let three = w.three_step > 0.0;
        let directed = q.university.is_some();
        let ux = c.uni[x.ix()];
        self.bridge_from.clear();
        if w.bridges > 0.0 {
            for l in g.coauthors(x) {
                let u = c.uni[l.other.ix()];
                if Some(u) == c.unaffiliated {
                    continue;
                }
                let e = edge_weight(g, l.index, c.year0, w.path_half_life_years);
                match self.bridge_from.iter_mut().find(|(v, _)| *v == u) {
                    Some((_, s)) => *s += e,
                    None => self.bridge_from.push((u, e)),
                }
            }
        }
        if let Some(cm) = &c.compact {
            self.walk_compact(c, cm, x);
        } else {
            self.walk_all(c, x);
        }
        let slot = |y: ResearcherIdx| c.slot(y);
        let ok = |y: ResearcherIdx| {
            y != x && c.is_member(y) && c.uni[y.ix()] != ux && self.tie[slot(y)] != round
        };
        // Candidates and their slots.
        let mut cands: Vec<(ResearcherIdx, usize)> = Vec::with_capacity(self.touched.len());
        for &t in &self.touched {
            let t = t as usize;
            let (y, uy) = c.at(t);
            if y != x && c.is_member(y) && uy != ux && self.tie[t] != round && (directed || y > x) {
                self.picked[t] = round;
                cands.push((y, t));
            }
        }
        // Field candidates below the source with a common co-author are the walk's candidates
        // of that smaller end; those without one are scored here, from their smaller end.
        let mut below = Vec::new();
        let mut taken = 0;
        for &(y, _) in g.field_members(q.field) {
            if taken >= w.field_candidates {
                break;
            }
            if ok(y) {
                taken += 1;
                if self.picked[slot(y)] == round {
                    continue;
                }
                self.picked[slot(y)] = round;
                if directed || y > x {
                    cands.push((y, slot(y)));
                } else if !g.share_coauthor(x, y) {
                    below.push(y);
                }
            }
        }
        // Topic candidates likewise.
        let tie = &self.tie;
        let similar = topic_candidates_of(&mut self.topics, c, x, |y| {
            y != x && c.is_member(y) && c.uni[y.ix()] != ux && tie[slot(y)] != round
        });
        for y in similar {
            if self.picked[slot(y)] == round {
                continue;
            }
            self.picked[slot(y)] = round;
            if directed || y > x {
                cands.push((y, slot(y)));
            } else if !g.share_coauthor(x, y) {
                below.push(y);
            }
        }
        let topic = |a: ResearcherIdx, b: ResearcherIdx| topic_similarity(g, a, b, w);
        let topical = w.shared != 0.0 || w.complementary != 0.0;
        let mut scored: Vec<Scored> = cands
            .iter()
            .map(|&(y, t)| {
                let mut paths = match self.sums_of(t) {
                    Some((aa, daa, common)) => Paths {
                        aa,
                        daa,
                        common,
                        ..Paths::default()
                    },
                    None => Paths::default(),
                };
                if paths.common == 0 {
                    paths.bridges = c.bridges(&self.bridge_from, x, y);
                }
                if three {
                    paths.three = self.three(c, y);
                }
                paths.topic = topic(x, y);
                let act = c.activities(x, y);
                let mut p = Parts::from_paths(g, x, y, w, paths, act, false);
                // With both weights 0 the field's components add exactly 0 either way.
                if topical {
                    p.topical(g, q.field, x, y);
                }
                let s = p.key(w);
                if directed || x < y {
                    (s, x, y)
                } else {
                    (s, y, x)
                }
            })
            .collect();
        for &y in &below {
            // No common co-author: the path sums are 0 from either end but the three-step
            // paths, which are taken from y's end.
            let paths = Paths {
                three: if three { three_from(c, y, x) } else { 0.0 },
                topic: topic(y, x),
                bridges: c.bridges(&self.bridge_from, x, y),
                ..Paths::default()
            };
            let act = c.activities(y, x);
            let mut p = Parts::from_paths(g, y, x, w, paths, act, false);
            if topical {
                p.topical(g, q.field, y, x);
            }
            scored.push((p.key(w), y, x));
        }
        if let Some(f) = floor {
            scored.retain(|s| scored_order(s, f) != std::cmp::Ordering::Greater);
        }
        if scored.len() > q.top {
            scored.select_nth_unstable_by(q.top - 1, scored_order);
            scored.truncate(q.top);
        }
        scored
    }

    /// The sums of slot `t` in this round (Adamic–Adar, its decayed form, common co-authors),
    /// `None` when the walk did not reach it.
    #[inline]
    fn sums_of(&self, t: usize) -> Option<(f64, f64, u32)> {
        if self.acc.is_empty() {
            let e = &self.sums[t];
            (e.round == self.round).then_some((e.aa, e.daa, e.common))
        } else {
            let e = &self.acc[t];
            (e.round == self.round).then_some((e.aa, e.daa, e.common))
        }
    }

    /// The compact walk from `x` (see [`Compact`]): sums for the members above `x` two steps
    /// away, in the order of the full walk (z ascending); marks x's member co-authors.
    fn walk_compact(&mut self, c: &WalkContext<'_>, cm: &Compact, x: ResearcherIdx) {
        let g = c.g;
        let round = self.round;
        let decayed = c.w.path_half_life_years > 0.0 || c.w.path_papers > 0.0;
        for lz in g.coauthors(x) {
            let s = cm.rank[lz.other.ix()];
            if s != u32::MAX {
                self.tie[s as usize] = round;
            }
        }
        let rx = cm.rank[x.ix()];
        // Colleagues are never candidates here (the walk is field-wide, not from one
        // university's sources): their paths are not summed.
        let ux = cm.unis[rx as usize];
        let tag = (ux.0 & u32::from(cm.tag_mask)) as u16;
        let colleague =
            |l: &MemberLink| l.uni_tag == tag && (cm.exact_tags || cm.unis[l.rank as usize] == ux);
        // First the rows of every co-author z (their heads and last links are independent
        // reads, so their cache misses overlap); a row whose last member is not above x adds
        // nothing and is left out. Then the sums, z ascending as in the full walk.
        self.rows.clear();
        for (lz, &last_xz) in g.coauthors(x).iter().zip(g.coauthor_last_years(x)) {
            let (a, row) = cm.row(lz.other);
            if cm.links[row.clone()].last().is_some_and(|l| l.rank > rx) {
                self.rows.push((a, c.link(lz.index, last_xz), row));
            }
        }
        for (a, wxz, row) in self.rows.iter().cloned() {
            // Ranks ascend: the members above x are at the end.
            for l in cm.links[row].iter().rev() {
                let ry = l.rank;
                if ry <= rx {
                    break;
                }
                if colleague(l) {
                    continue;
                }
                let e = &mut self.sums[ry as usize];
                if e.round != round {
                    *e = Sums {
                        round,
                        ..Sums::default()
                    };
                    self.touched.push(ry);
                }
                e.aa += a;
                if decayed {
                    e.daa += a * (wxz * c.link(l.index, l.year));
                } else {
                    e.daa += a;
                }
                e.common += 1;
            }
        }
    }

    /// The walk from `x` over every co-author of every co-author (with three-step paths, or
    /// from the sources of one university); marks x's co-authors.
    fn walk_all(&mut self, c: &WalkContext<'_>, x: ResearcherIdx) {
        let (g, w, q) = (c.g, c.w, c.q);
        let round = self.round;
        let decayed = w.path_half_life_years > 0.0 || w.path_papers > 0.0;
        let three = w.three_step > 0.0;
        let directed = q.university.is_some();
        for lz in g.coauthors(x) {
            self.tie[lz.other.ix()] = round;
        }
        // Without three-step paths only candidates need sums: members of the field, and
        // (without a university) above the source, since each pair is reached from both ends.
        let all = three;
        for (lz, &last_xz) in g.coauthors(x).iter().zip(g.coauthor_last_years(x)) {
            let z = lz.other;
            let ln = (g.degree(z) as f64).ln();
            let a = 1.0 / ln;
            let wxz = c.link(lz.index, last_xz);
            // Reach::fill's factor: w(x, z) / ln deg z.
            let wz = wxz / ln;
            for (ly, &last_zy) in g.coauthors(z).iter().zip(g.coauthor_last_years(z)) {
                let y = ly.other;
                if !all && (!(directed || y > x) || !c.is_member(y)) {
                    continue;
                }
                if y == x {
                    continue;
                }
                let e = &mut self.acc[y.ix()];
                if e.round != round {
                    *e = Acc {
                        round,
                        ..Acc::default()
                    };
                    self.touched.push(y.0);
                }
                e.aa += a;
                if decayed {
                    let wzy = c.link(ly.index, last_zy);
                    e.daa += a * (wxz * wzy);
                    if three {
                        e.mass += wz * wzy;
                    }
                } else {
                    e.daa += a;
                    if three {
                        e.mass += wz;
                    }
                }
                e.common += 1;
            }
        }
    }

    /// [`Reach::three`] from the dense two-step mass (y is never a co-author of the source).
    fn three(&self, c: &WalkContext<'_>, y: ResearcherIdx) -> f64 {
        let g = c.g;
        let round = self.round;
        let mut t = 0.0;
        for (lu, &last) in g.coauthors(y).iter().zip(g.coauthor_last_years(y)) {
            let u = lu.other;
            let e = &self.acc[u.ix()];
            if e.round != round {
                continue;
            }
            t += e.mass * c.link(lu.index, last) / (g.degree(u) as f64).ln();
        }
        t.max(0.0)
    }
}

/// The pair search before the walk of [`recommend`]: candidates gathered per source in a
/// hash set and each pair scored by its own sorted-list merge. Kept as the reference the
/// tests compare [`recommend`] with.
#[cfg(test)]
pub(crate) fn recommend_reference(g: &Graph, q: &PairQuery, w: &PairWeights) -> Vec<PairScore> {
    let sources = sources(g, q);
    if q.top == 0 {
        return Vec::new();
    }
    let directed = q.university.is_some();
    // Numeric scores for every candidate; text only for the final few.
    let per_source: Vec<Vec<Scored>> = sources
        .par_iter()
        .map_init(
            || {
                (
                    FxHashMap::<ResearcherIdx, ()>::default(),
                    Reach::for_recommend(),
                )
            },
            |(seen, reach), &x| {
                seen.clear();
                reach.fill(g, x, w);
                candidates(g, q, w, x, seen);
                topic_candidates(g, q, w, x, reach, seen);
                let mut scored: Vec<Scored> = seen
                    .keys()
                    .map(|&y| {
                        // A pair's key is that of its smaller end (one value per pair).
                        let (a, b) = if directed || x < y { (x, y) } else { (y, x) };
                        let three = if a == x {
                            reach.three(g, y)
                        } else {
                            let mut from_a = Reach::new();
                            from_a.fill(g, a, w);
                            from_a.three(g, b)
                        };
                        let topic = topic_similarity(g, a, b, w);
                        let mut p = Parts::structural(g, a, b, w, three, topic);
                        p.topical(g, q.field, a, b);
                        (p.key(w), a, b)
                    })
                    .collect();
                sort_scored(&mut scored);
                scored.truncate(q.top);
                scored
            },
        )
        .collect();
    let mut all: Vec<Scored> = per_source.into_iter().flatten().collect();
    sort_scored(&mut all);
    all.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
    all.truncate(q.top);
    explained(g, q, w, &all)
}

/// The researchers a query's pairs start from: the field's members, or those of them at the
/// queried university, best level first.
fn sources(g: &Graph, q: &PairQuery) -> Vec<ResearcherIdx> {
    let ds = g.data();
    g.field_members(q.field)
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| {
            q.university
                .is_none_or(|u| ds.researcher(*r).university == u)
        })
        .collect()
}

/// The final list with its explanations, ranked in the given order.
fn explained(g: &Graph, q: &PairQuery, w: &PairWeights, best: &[Scored]) -> Vec<PairScore> {
    let mut list: Vec<PairScore> = best
        .iter()
        .enumerate()
        .map(|(i, &(_, a, b))| {
            let mut p = score_pair(g, q.field, a, b, w);
            p.rank = i + 1;
            p
        })
        .collect();
    distinguishing_reasons(&mut list);
    list
}

/// The `top` best distinct pairs, best first. A pair found from two sources carries the same
/// key both times (it is computed from the pair's smaller end), so equal entries sort next to
/// each other; selection keeps twice `top`, enough unless duplicates crowd it, in which case the
/// margin doubles.
fn best_distinct(mut all: Vec<Scored>, top: usize) -> Vec<Scored> {
    let mut m = top.saturating_mul(2).max(1);
    loop {
        let mut head: Vec<Scored> = if all.len() > m {
            all.select_nth_unstable_by(m - 1, scored_order);
            all[..m].to_vec()
        } else {
            all.clone()
        };
        sort_scored(&mut head);
        head.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
        if head.len() >= top || m >= all.len() {
            head.truncate(top);
            return head;
        }
        m = m.saturating_mul(2);
    }
}

/// A pair's key and its two researchers.
type Scored = (PairKey, ResearcherIdx, ResearcherIdx);

/// Best first by [`PairKey`]; what is still equal by the pair of indexes (already ordered
/// `a < b` unless directed).
fn sort_scored(v: &mut [Scored]) {
    v.sort_by(scored_order);
}

/// The order of [`sort_scored`]: a total order, so selection and sorting agree.
fn scored_order(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.0.order(&a.0).then((a.1, a.2).cmp(&(b.1, b.2)))
}

/// Rewrites the reasons of each pair of a list: the components that contribute, ordered by how
/// far their contribution is above the component's mean over the list (then by contribution,
/// then by name); a component contributing the same to every pair is left out unless no other
/// contributes. At most three.
pub fn distinguishing_reasons(list: &mut [PairScore]) {
    let Some(first) = list.first() else { return };
    let nc = first.components.len();
    let n = list.len() as f64;
    let mean: Vec<f64> = (0..nc)
        .map(|j| {
            list.iter()
                .map(|p| p.components[j].contribution)
                .sum::<f64>()
                / n
        })
        .collect();
    let constant: Vec<bool> = (0..nc)
        .map(|j| {
            let c0 = list[0].components[j].contribution;
            list.iter()
                .all(|p| (p.components[j].contribution - c0).abs() <= 1e-12)
        })
        .collect();
    for p in list.iter_mut() {
        let mut ranked: Vec<usize> = (0..nc)
            .filter(|&j| p.components[j].contribution > 0.0 && !constant[j])
            .collect();
        if ranked.is_empty() {
            ranked = (0..nc)
                .filter(|&j| p.components[j].contribution > 0.0)
                .collect();
        }
        let c = &p.components;
        // The excess over the list's mean, 0 within rounding (a mean of equal values may
        // differ from them in the last bits).
        let excess = |j: usize| {
            let d = c[j].contribution - mean[j];
            if d.abs() <= 1e-12 {
                0.0
            } else {
                d
            }
        };
        ranked.sort_by(|&a, &b| {
            excess(b)
                .total_cmp(&excess(a))
                .then(c[b].contribution.total_cmp(&c[a].contribution))
                .then(c[a].name.cmp(c[b].name))
        });
        p.reasons = ranked
            .iter()
            .take(3)
            .map(|&j| c[j].explain.clone())
            .collect();
    }
}

/// Adds to `out` the `topic_candidates` researchers most similar to `x` in topic who could be
/// proposed (another university, in the field, not co-authors yet); nothing when `topics` is 0.
#[cfg(test)]
fn topic_candidates(
    g: &Graph,
    q: &PairQuery,
    w: &PairWeights,
    x: ResearcherIdx,
    reach: &Reach,
    out: &mut FxHashMap<ResearcherIdx, ()>,
) {
    let Some((t, _)) = &reach.topics else { return };
    if w.topic_candidates == 0 {
        return;
    }
    let ds = g.data();
    let ux = ds.researcher(x).university;
    let mut found: Vec<(ResearcherIdx, f64)> = t
        .reached()
        .into_iter()
        .filter(|&(y, s)| {
            s > 0.0
                && ds.researcher(y).university != ux
                && g.level(y, q.field) > 0.0
                && g.coauthorship(x, y).is_none()
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (y, _) in found.into_iter().take(w.topic_candidates) {
        out.insert(y, ());
    }
}

/// Fills `out` with the candidate partners of `x` (the reference search).
#[cfg(test)]
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

    /// The best 10 pairs in field `field` (an id), every university.
    fn top10(g: &Graph, field: &str, w: &PairWeights) -> Vec<PairScore> {
        let field = g.data().field_by_id(field).unwrap();
        recommend(
            g,
            &PairQuery {
                field,
                university: None,
                top: 10,
            },
            w,
        )
    }

    /// The weights of the hand computations below (the defaults before issue 12's evaluation,
    /// with the path decay, without joint papers or new co-authors): they exercise every
    /// component at a visible size.
    fn w0() -> PairWeights {
        PairWeights {
            shared: 0.30,
            complementary: 0.20,
            closeness: 0.30,
            seniority: 0.10,
            capacity: 0.10,
            recency: 0.25,
            stranger_factor: 0.2,
            three_step: 0.0,
            path_papers: 0.0,
            activity_saturation: 0.0,
            activity_new: 0.0,
            ..PairWeights::default()
        }
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
        let w = w0();
        let got = top10(&g, "ai", &w);
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

    /// The topic component by hand. Tiny with terms: a2 {flood}, c1 {flood, lstm}, b2 {lstm},
    /// all 2024: N = 3, df = 2 for both terms, so cos(a2, c1) = i² / (i · √2 i) = 1/√2.
    /// Activities (w0: ½^(years since the last co-authorship / 4) from 2025): a2 2023 →
    /// ½^(1/2), c1 2025 → 1. With topic_activity 1 the component is cos · √(act · act) =
    /// 2^(−1/2) · 2^(−1/4) = 2^(−3/4) = 0.594604 (the arithmetic mean would give 0.603553);
    /// with 0.5, cos · (½ + ½ · 2^(−1/4)) = 0.650855; with 0, the cosine.
    #[test]
    fn topic_component_by_hand() {
        let tmp = crate::graph::tests::tiny_copy();
        std::fs::write(
            tmp.path().join("terms.csv"),
            "researcher,term,weight,year\na2,flood,1,2024\nc1,flood,1,2024\nc1,lstm,1,2024\nb2,lstm,1,2024\n",
        )
        .unwrap();
        let g = Graph::build(load(&Source::Dir(tmp.path().to_path_buf())).unwrap());
        let ai = g.data().field_by_id("ai").unwrap();
        let topic = |t: f64| {
            let w = PairWeights {
                topics: 1.0,
                topic_activity: t,
                ..w0()
            };
            let p = score_pair(&g, ai, r(&g, "a2"), r(&g, "c1"), &w);
            let c = p.components.iter().find(|c| c.name == "topics").unwrap();
            (c.raw, c.value)
        };
        let (cos, v) = topic(1.0);
        assert!((cos - 0.5f64.sqrt()).abs() < 1e-9, "{cos}");
        assert!((v - 0.594604).abs() < 1e-6, "{v}");
        assert!((topic(0.5).1 - 0.650855).abs() < 1e-6, "{}", topic(0.5).1);
        assert!((topic(0.0).1 - 0.5f64.sqrt()).abs() < 1e-9);
    }

    /// The complementary explanation names exactly the related fields where the weaker of the
    /// two (in the related fields in all) is ahead of the stronger — the terms of its value —
    /// and says so when there are none. Tiny, water (related: env): a1 env 0.5, c2 env 0.3,
    /// a3 and b1 none; with one related field the coverage is always 0.
    #[test]
    fn complementary_explanation_names_what_the_weaker_adds() {
        let g = tiny();
        let water = g.data().field_by_id("water").unwrap();
        let ai = g.data().field_by_id("ai").unwrap();
        let explain = |f, a, b| {
            let p = score_pair(&g, f, r(&g, a), r(&g, b), &w0());
            let c = p
                .components
                .iter()
                .find(|c| c.name == "complementary")
                .unwrap();
            (c.value, c.explain.clone())
        };
        let (v, e) = explain(water, "a1", "c2");
        assert_eq!(v, 0.0);
        assert_eq!(
            e,
            "the stronger of the two covers every related field alone"
        );
        assert_eq!(
            explain(water, "a3", "b1").1,
            "neither works in the related fields"
        );
        assert_eq!(explain(ai, "a2", "c1").1, "ai has no related fields");

        // The G7 dataset (every field has related fields): against a direct recomputation.
        let g = Graph::build(load(&Source::Embedded).unwrap());
        let d = g.data();
        let mut named = 0;
        for f in ["ai", "water", "health", "energy"] {
            let field = d.field_by_id(f).unwrap();
            let related = &d.field(field).related;
            for p in top10(&g, f, &PairWeights::default()) {
                let level = |x, r| f64::from(g.level(x, r));
                let (ta, tb): (f64, f64) = (
                    related.iter().map(|&r| level(p.a, r)).sum(),
                    related.iter().map(|&r| level(p.b, r)).sum(),
                );
                let (weak, strong) = if ta < tb { (p.a, p.b) } else { (p.b, p.a) };
                let mut ahead: Vec<(f64, &str)> = related
                    .iter()
                    .filter(|&&r| level(weak, r) > level(strong, r))
                    .map(|&r| (level(weak, r) - level(strong, r), d.field(r).id.as_str()))
                    .collect();
                let coverage = ahead.iter().map(|a| a.0).sum::<f64>() / related.len() as f64;
                ahead.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
                let c = p
                    .components
                    .iter()
                    .find(|c| c.name == "complementary")
                    .unwrap();
                assert!(
                    (c.raw - coverage).abs() < 1e-9,
                    "{f}: {} against {coverage}",
                    c.raw
                );
                if ahead.is_empty() {
                    assert!(!c.explain.starts_with("together"), "{}", c.explain);
                } else {
                    named += 1;
                    let names: Vec<&str> = ahead.iter().take(3).map(|a| a.1).collect();
                    let want = format!(
                        "together they cover more than the stronger alone in {}",
                        names.join(", ")
                    );
                    assert!(c.explain.starts_with(&want), "{} / {want}", c.explain);
                }
            }
        }
        assert!(named > 0, "no pair with a positive coverage to check");
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
            ..w0()
        };
        let p = score_pair(&g, ai, r(&g, "a2"), r(&g, "c1"), &w);
        assert!((p.score - 0.381622).abs() < 1e-5, "{}", p.score);
    }

    /// a2 and b1 share a1 (degree 2): aa = 1/ln 2 = 1.442695. The path a2–a1 (last 2023, 2
    /// years before 2025) – b1 (last 2024, 1 year) is decayed by ½^(2/4) · ½^(1/4) = 0.594604:
    /// daa = 0.857832, proximity daa/(daa+1) = 0.461738. In best_field_score they share no
    /// field, so only closeness, seniority and capacity count: closeness = 0.75·0.461738 +
    /// 0.25·(0.707107 + ½^(1/4) = 0.840896)/2 = 0.346304 + 0.193500 = 0.539804.
    #[test]
    fn best_field_score_without_a_common_field_by_hand() {
        let g = tiny();
        let w = w0();
        let (a2, b1) = (r(&g, "a2"), r(&g, "b1"));
        // seniority s(5) = 0.521766, s(10) = ln 11 / ln 31 = 0.698278 → 0.823488;
        // capacity (1/3 + 2/3)/2 = 0.5
        let want = 0.3 * 0.539804 + 0.1 * 0.823488 + 0.1 * 0.5;
        let got = best_field_score(&g, a2, b1, &w);
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
        assert_eq!(got, best_field_score(&g, b1, a2, &w), "symmetric");
    }

    /// Field water: a1 (ua, 0.9), b1 (ub, 0.7), a3 (ua, 0.4). a1–b1 already co-author and
    /// a1–a3 share a university, so the only pair left is a3–b1.
    #[test]
    fn coauthors_and_colleagues_are_not_recommended() {
        let g = tiny();
        let got = top10(&g, "water", &PairWeights::default());
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].a, got[0].b), (r(&g, "a3"), r(&g, "b1")));
    }

    /// Four researchers: x = a2, z = a1, y = b1 of the tiny fixture plus b2 (b1's co-author).
    /// Year₀ = 2025. Path a2–a1–b1: ages 2 and 1, deg a1 = 2 → ½^(2/h) · ½^(1/h) / ln 2; with
    /// h = 4: 0.707107 · 0.840896 · 1.442695 = 0.857832; with h = 1: ¼ · ½ · 1.442695 =
    /// 0.180337. From reference year 2029 (4 years later), h = 4: each edge ½ older →
    /// 0.857832 / 4 = 0.214458. h = 0 is plain Adamic–Adar, 1.442695.
    #[test]
    fn time_decayed_adamic_adar_by_hand() {
        let g = tiny();
        let (a2, b1) = (r(&g, "a2"), r(&g, "b1"));
        let (aa, daa, n) = path_adamic_adar(&g, a2, b1, 2025, 4.0);
        assert_eq!(n, 1);
        assert!((aa - 1.0 / 2f64.ln()).abs() < 1e-12);
        assert!((daa - 0.857832).abs() < 1e-6, "{daa}");
        let (_, daa, _) = path_adamic_adar(&g, a2, b1, 2025, 1.0);
        assert!((daa - 0.180337).abs() < 1e-6, "{daa}");
        let (_, daa, _) = path_adamic_adar(&g, a2, b1, 2029, 4.0);
        assert!((daa - 0.214458).abs() < 1e-6, "{daa}");
        let (aa, daa, _) = path_adamic_adar(&g, a2, b1, 2025, 0.0);
        assert_eq!(aa, daa);
        // b2 and a1 share b1 (degree 2): b2–b1 2022 (3 years), b1–a1 2024 (1 year) →
        // ½^(4/4) / ln 2 = 0.721348
        let (_, daa, _) = path_adamic_adar(&g, r(&g, "b2"), r(&g, "a1"), 2025, 4.0);
        assert!((daa - 0.721348).abs() < 1e-6, "{daa}");
        // The closeness component's raw value is the decayed index, each link also weighed by
        // its joint papers (default path_papers 1): a2–a1 3 papers, a1–b1 2 → 0.857832 ·
        // (1 + ln 3) · (1 + ln 2) = 0.857832 · 2.098612 · 1.693147 = 3.048098; the profile's
        // reference year moves the origin (÷ 4 at 2029).
        let w = PairWeights::default();
        let p = score_pair(&g, g.data().field_by_id("ai").unwrap(), a2, b1, &w);
        assert!((p.components[2].raw - 3.048098).abs() < 1e-6);
        let w = PairWeights {
            reference_year: 2029,
            ..PairWeights::default()
        };
        let p = score_pair(&g, g.data().field_by_id("ai").unwrap(), a2, b1, &w);
        assert!((p.components[2].raw - 0.762025).abs() < 1e-6);
        let w = PairWeights {
            path_papers: 0.0,
            ..PairWeights::default()
        };
        let p = score_pair(&g, g.data().field_by_id("ai").unwrap(), a2, b1, &w);
        assert!((p.components[2].raw - 0.857832).abs() < 1e-6);
    }

    /// Joint papers in the paths: a2–a1 (3 papers) – b1 (2 papers), h = 4, year₀ 2025:
    /// path_papers 1 → 0.857832 · (1 + ln 3)(1 + ln 2) = 3.048098; 0.5 → 0.857832 · (1 + ½ ln
    /// 3)(1 + ½ ln 2) = 1.789655; without decay and m = 1: (1 / ln 2) · 3.553260 = 5.126270. A
    /// single-paper link weighs 1 whatever m; the first value stays the plain Adamic–Adar.
    #[test]
    fn joint_papers_weigh_the_paths_by_hand() {
        let g = tiny();
        let (a2, b1) = (r(&g, "a2"), r(&g, "b1"));
        let (aa, daa, n) = path_adamic_adar_with(&g, a2, b1, 2025, 4.0, 1.0);
        assert_eq!(n, 1);
        assert!((aa - 1.0 / 2f64.ln()).abs() < 1e-12);
        assert!((daa - 3.048098).abs() < 1e-6, "{daa}");
        let (_, daa, _) = path_adamic_adar_with(&g, a2, b1, 2025, 4.0, 0.5);
        assert!((daa - 1.789655).abs() < 1e-6, "{daa}");
        let (_, daa, _) = path_adamic_adar_with(&g, a2, b1, 2025, 0.0, 1.0);
        assert!((daa - 5.126270).abs() < 1e-6, "{daa}");
        assert_eq!(paper_factor(1, 3.0), 1.0);
        assert_eq!(paper_factor(5, 0.0), 1.0);
        assert_eq!(
            path_adamic_adar_with(&g, a2, b1, 2025, 4.0, 0.0),
            path_adamic_adar(&g, a2, b1, 2025, 4.0)
        );
    }

    /// The pure Adamic–Adar profile (closeness only, recency 0, no path decay) scores a pair
    /// aa / (aa + 1) with the plain index: a2–b1 1.442695 / 2.442695 = 0.590616.
    #[test]
    fn pure_adamic_adar_profile_gives_plain_adamic_adar() {
        let g = tiny();
        let w = PairWeights {
            shared: 0.0,
            complementary: 0.0,
            closeness: 1.0,
            seniority: 0.0,
            capacity: 0.0,
            recency: 0.0,
            path_half_life_years: 0.0,
            path_papers: 0.0,
            ..PairWeights::default()
        };
        let p = score_pair(
            &g,
            g.data().field_by_id("ai").unwrap(),
            r(&g, "a2"),
            r(&g, "b1"),
            &w,
        );
        assert!((p.components[2].raw - 1.0 / 2f64.ln()).abs() < 1e-12);
        assert!((p.score - 0.590616).abs() < 1e-6, "{}", p.score);
    }

    /// Equal scores are ordered by the evidence: the decayed Adamic–Adar, then the common
    /// co-authors, then the indexes.
    #[test]
    fn equal_scores_are_ordered_by_evidence() {
        let key = |score, closeness, common| PairKey {
            score,
            closeness,
            common,
        };
        let (a, b, c) = (ResearcherIdx(0), ResearcherIdx(1), ResearcherIdx(2));
        let mut v: Vec<Scored> = vec![
            (key(0.5, 0.0, 0), a, b),
            (key(0.5, 0.2, 1), b, c),
            (key(0.5, 0.2, 2), a, c),
            (key(0.6, 0.0, 0), b, c),
            (key(0.5, 0.0, 0), a, a),
        ];
        sort_scored(&mut v);
        let order: Vec<(f64, f64, u32, u32, u32)> = v
            .iter()
            .map(|(k, x, y)| (k.score, k.closeness, k.common, x.0, y.0))
            .collect();
        assert_eq!(
            order,
            vec![
                (0.6, 0.0, 0, 1, 2),
                (0.5, 0.2, 2, 0, 2),
                (0.5, 0.2, 1, 1, 2),
                (0.5, 0.0, 0, 0, 0),
                (0.5, 0.0, 0, 0, 1),
            ]
        );
    }

    /// In the tiny ai list (a2–c1, b2–c1, a2–b2) capacity contributes 0.05, 0.05 and 0.0333:
    /// not constant, but seniority separates more. Contributions (weight · value):
    /// shared 0.048, 0.036, 0.036 (mean 0.04); closeness 0.064016, 0.059798, 0.048814 (mean
    /// 0.057543); seniority 0.091622, 0.079815, 0.088193 (mean 0.086543); capacity 0.05, 0.05,
    /// 0.033333 (mean 0.044444). For a2–c1 the excesses over the mean are shared +0.008,
    /// closeness +0.006473, seniority +0.005079, capacity +0.005556 → shared, closeness,
    /// capacity. With every max_teams equal capacity is the same for everyone and is never
    /// a reason.
    #[test]
    fn reasons_name_what_sets_a_pair_apart_first() {
        let g = tiny();
        let ai = g.data().field_by_id("ai").unwrap();
        let q = PairQuery {
            field: ai,
            university: None,
            top: 10,
        };
        let got = recommend(&g, &q, &w0());
        assert!(
            got[0].reasons[0].starts_with("levels in ai"),
            "{:?}",
            got[0].reasons
        );
        assert!(
            got[0].reasons[1].contains("common co-author"),
            "{:?}",
            got[0].reasons
        );
        assert!(
            got[0].reasons[2].starts_with("max_teams"),
            "{:?}",
            got[0].reasons
        );
        // a2–b2 is below the mean in all but seniority (+0.001650): seniority first.
        assert!(
            got[2].reasons[0].starts_with("h-index"),
            "{:?}",
            got[2].reasons
        );
        // A single pair has nothing to be compared with: reasons by contribution (seniority
        // 0.0916, closeness 0.0640, capacity 0.05).
        let one = recommend(&g, &PairQuery { top: 1, ..q }, &w0());
        assert!(
            one[0].reasons[0].starts_with("h-index"),
            "{:?}",
            one[0].reasons
        );
        // Nor has a list of pairs equal in every component (three copies of a2–c1, with
        // closeness and seniority set to values whose mean is not exactly them): by
        // contribution, whatever the rounding of the means.
        let mut three = vec![one[0].clone(), one[0].clone(), one[0].clone()];
        for p in &mut three {
            p.components[2].contribution = 0.1 + 0.2;
            p.components[3].contribution = 0.1;
        }
        distinguishing_reasons(&mut three);
        for p in &three {
            assert!(p.reasons[0].contains("common co-author"), "{:?}", p.reasons);
            assert!(p.reasons[1].starts_with("h-index"), "{:?}", p.reasons);
        }
        let mut ds = g.data().clone();
        for r in &mut ds.researchers {
            r.max_teams = 3;
        }
        let g = Graph::build(ds);
        let got = recommend(&g, &q, &w0());
        for p in &got {
            assert_eq!(p.reasons.len(), 3);
            assert!(
                p.reasons.iter().all(|r| !r.starts_with("max_teams")),
                "{:?}",
                p.reasons
            );
        }
    }

    /// The default profile on b2–a2 (both in ai, no common co-author, year₀ 2025).
    /// Three-step path b2–b1 (2022, age 3, 1 paper) – a1 (2024, age 1, 2 papers) – a2 (2023,
    /// age 2, 3 papers): ½^(6/4) · (1 + ln 2)(1 + ln 3) / (ln 2 · ln 2) = 0.353553 · 3.553260
    /// / 0.480453 = 2.614755 (0.735875 without the papers), bounded: 2.614755 / 3.614755 =
    /// 0.723356; reach = 0.01 · 0.723356 = 0.007234, proximity 0.007182. Activity (D / (D + 2),
    /// D = Σ over co-authorships of ½ · ½^(age of the last paper / 4) + ½ · ½^(age of the
    /// first / 4)): b2 (b1, 2022–2022) ½^(3/4) = 0.594604 → 0.229169; a2 (a1, 2019–2023) ½ ·
    /// 0.707107 + ½ · 0.353553 = 0.530330 → 0.209589; mean 0.219379. Closeness = 0.85 ·
    /// 0.007182 + 0.15 · 0.219379 = 0.039011; gate 0.5 + 0.5 · 0.007182 = 0.503591; shared 0.6
    /// · gate = 0.302154; seniority 1 − |s(5) − s(3)| = 0.881926; capacity 1/3. Score = 0.02 ·
    /// 0.302154 + 0.039011 + 0.005 · 0.881926 + 0.01 / 3 = 0.052797.
    #[test]
    fn default_profile_by_hand() {
        let g = tiny();
        let w = PairWeights::default();
        let (b2, a2) = (r(&g, "b2"), r(&g, "a2"));
        assert!((three_step_paths(&g, b2, a2, &w) - 2.614755).abs() < 1e-6);
        let plain = PairWeights {
            path_papers: 0.0,
            ..PairWeights::default()
        };
        assert!((three_step_paths(&g, b2, a2, &plain) - 0.735875).abs() < 1e-6);
        let got = best_field_score(&g, b2, a2, &w);
        assert!((got - 0.052797).abs() < 1e-6, "{got}");
        let p = score_pair(&g, g.data().field_by_id("ai").unwrap(), b2, a2, &w);
        assert!((p.score - got).abs() < 1e-12);
        assert!((p.components[2].raw - 0.007234).abs() < 1e-6);
        assert!(
            p.components[2].explain.contains("three-step paths 2.61"),
            "{}",
            p.components[2].explain
        );
    }

    /// The country affinity by hand (lifts in `graph::tests::country_lifts_by_hand`): b1 (UB,
    /// VN) and c1 (UC, JP) share no co-author, no three-step path and no bridge, so closeness's
    /// raw value is the affinity alone, 0.03 · 1.2 / 2.2.
    #[test]
    fn country_affinity_by_hand() {
        let g = crate::graph::tests::two_countries();
        let (b1, c1, a2) = (r(&g, "b1"), r(&g, "c1"), r(&g, "a2"));
        assert!((country_affinity(&g, b1, c1) - 1.2 / 2.2).abs() < 1e-12);
        let w = PairWeights::default();
        let water = g.data().field_by_id("water").unwrap();
        let closeness = &score_pair(&g, water, b1, c1, &w).components[2];
        assert!(
            (closeness.raw - 0.03 * 1.2 / 2.2).abs() < 1e-12,
            "{}",
            closeness.raw
        );
        assert!(
            closeness.explain.contains(
                "country affinity 0.55: co-authorships between VN and JP are 1.2× as common as chance (1 across institutions)"
            ),
            "{}",
            closeness.explain
        );
        // With a common co-author (a2–b1 through a1) the paths speak, not the countries.
        let (_, _, common) = path_adamic_adar(&g, a2, b1, 2025, 4.0);
        assert_eq!(common, 1);
        let with = score_pair(&g, water, a2, b1, &w).components[2]
            .explain
            .clone();
        assert!(!with.contains("country"), "{with}");
        // A single-country dataset has none: the tiny one.
        let t = tiny();
        assert_eq!(country_affinity(&t, r(&t, "b1"), r(&t, "c1")), 0.0);
    }

    /// Colleague bridges by hand: b1 (ub) and a3 (ua, no co-authors) share no co-author, but
    /// b1 co-authored with a1, one of ua's 3 researchers, last in 2024 (latest year 2025):
    /// b1's side ½^(1/4) / 3 = 0.280299, a3's side 0, bridges 0.140149; closeness's raw value
    /// 0.15 · 0.140149 = 0.021022 (a3 has no three-step paths). `recommend` in water proposes
    /// exactly that pair (a1–b1 co-author already) with the pair function's score.
    #[test]
    fn colleague_bridges_by_hand() {
        let g = tiny();
        let (b1, a3) = (r(&g, "b1"), r(&g, "a3"));
        let b = bridges(&g, b1, a3, 2025, 4.0);
        assert!((b.value - 0.140149).abs() < 1e-6, "{b:?}");
        assert_eq!((b.from_x, b.from_y), (1, 0));
        assert_eq!(bridges(&g, a3, b1, 2025, 4.0).value, b.value);
        // No decay: 1 / 3 / 2.
        assert!((bridges(&g, b1, a3, 2025, 0.0).value - 1.0 / 6.0).abs() < 1e-12);
        let w = PairWeights::default();
        let water = g.data().field_by_id("water").unwrap();
        let p = score_pair(&g, water, b1, a3, &w);
        let closeness = &p.components[2];
        assert!((closeness.raw - 0.021022).abs() < 1e-6, "{}", closeness.raw);
        assert!(
            closeness.explain.contains(
                "colleague bridges 0.140: Phạm Thị Dung has worked with 1 of UA's 3 researchers"
            ),
            "{}",
            closeness.explain
        );
        let got = top10(&g, "water", &w);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].a, got[0].b), (a3, b1));
        assert_eq!(got[0].score, p.score);
        // Without the weight, nothing bridges the two.
        let off = PairWeights {
            bridges: 0.0,
            ..PairWeights::default()
        };
        assert_eq!(score_pair(&g, water, b1, a3, &off).components[2].raw, 0.0);
        // Researchers with a common co-author get no bridges: a2–b1 meet through a1.
        let a2 = r(&g, "a2");
        let (_, _, common) = path_adamic_adar(&g, a2, b1, 2025, 4.0);
        assert_eq!(common, 1);
        assert_eq!(stranger_bridges(&g, a2, b1, &w, 2025, common), 0.0);
    }

    /// A researcher inactive for years ranks down: move b2's only co-authorship (with b1)
    /// from 2022 to 2010 and b2–a2 scores lower, through the activity term (b2's decayed
    /// co-authors ½^(15/4) = 0.074 instead of ½^(3/4) = 0.595) and the three-step path.
    #[test]
    fn an_inactive_researcher_ranks_down() {
        let g = tiny();
        let w = PairWeights::default();
        let before = best_field_score(&g, r(&g, "b2"), r(&g, "a2"), &w);
        let mut ds = g.data().clone();
        for c in ds.coauthorships.to_mut() {
            if ds.researchers[c.a.ix()].id == "b1" && ds.researchers[c.b.ix()].id == "b2" {
                (c.first_year, c.last_year) = (2010, 2010);
            }
        }
        let h = Graph::build(ds);
        let after = best_field_score(&h, r(&h, "b2"), r(&h, "a2"), &w);
        assert!(after < before, "{after} vs {before}");
        // Activity mean (0.074325 / 2.074325 + 0.209589) / 2 = 0.122710 instead of 0.219379;
        // the three-step path ½^(18/4) · 3.553260 / ln² 2 = 0.326844, bounded 0.246332,
        // proximity 0.002457 instead of 0.007182: closeness 0.85 · 0.002457 + 0.15 · 0.122710 =
        // 0.020495 (was 0.039011); gate 0.501229, shared 0.02 · 0.6 · gate = 0.006015 (was
        // 0.006043); seniority and capacity unchanged → 0.034253 (was 0.052797).
        assert!((after - 0.034253).abs() < 1e-6, "{after}");
    }

    /// [`Reach`] gives every researcher's three-step paths at once, equal to the pair function,
    /// and the keys built from it equal [`best_field_key`].
    #[test]
    fn reach_equals_the_pair_function() {
        let g = tiny();
        let w = PairWeights::default();
        let mut reach = Reach::new();
        for x in g.data().researcher_ids() {
            reach.fill(&g, x, &w);
            for y in g.data().researcher_ids() {
                if x == y {
                    continue;
                }
                let t = three_step_paths(&g, x, y, &w);
                assert!((reach.three(&g, y) - t).abs() < 1e-12, "{x:?} {y:?}");
                assert_eq!(
                    best_field_key_from(&g, &reach, x, y, &w).score,
                    best_field_key(&g, x, y, &w).score
                );
            }
        }
        // Off: nothing is computed.
        let off = PairWeights {
            three_step: 0.0,
            ..w
        };
        reach.fill(&g, r(&g, "b2"), &off);
        assert_eq!(reach.three(&g, r(&g, "a2")), 0.0);
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

    /// The walk of `recommend` against the reference search (a hash set of candidates per
    /// source, one sorted-list merge per pair) on generated consortia of several shapes, with
    /// and without a university, for several profiles and list lengths: the same pairs in the
    /// same order, and the same scores.
    #[test]
    fn the_walk_finds_what_the_pair_by_pair_search_finds() {
        walk_matches_reference(&[(7, 60, 1, 10.0), (12, 40, 7, 4.0), (5, 80, 3, 25.0)]);
    }

    /// [`MemberLink`]'s university tags narrowed to one bit (so that colleagues are told from
    /// others by the university table, not the tag): the same pairs, bit for bit. Other tests
    /// running meanwhile only take the slower, equally exact path.
    pub(super) static NARROW_TAGS: std::sync::atomic::AtomicBool =
        std::sync::atomic::AtomicBool::new(false);

    #[test]
    fn the_walk_with_colliding_university_tags_finds_the_same_pairs() {
        NARROW_TAGS.store(true, std::sync::atomic::Ordering::Relaxed);
        walk_matches_reference(&[(12, 40, 7, 4.0)]);
        NARROW_TAGS.store(false, std::sync::atomic::Ordering::Relaxed);
    }

    #[test]
    fn one_chunk_of_every_source_keeps_the_global_best() {
        // All sources in one chunk: its cuts and floor alone decide what is kept, so a floor
        // that dropped a pair of the best `top` would show here.
        use crate::generate::{generate, GenConfig};
        let ds = generate(&GenConfig {
            universities: 12,
            researchers_per_university: 80,
            seed: 4,
            coauthorships_per_researcher: 10.0,
        })
        .unwrap();
        let g = Graph::build(ds);
        // The field with the most members: the most pairs, the most cuts.
        let field = (0..g.data().fields.len() as u32)
            .map(FieldIdx)
            .max_by_key(|&f| (g.field_members(f).len(), std::cmp::Reverse(f)))
            .unwrap();
        for w in [PairWeights::default(), pure_aa()] {
            for top in [3, 10, 40, 150] {
                let q = PairQuery {
                    field,
                    university: None,
                    top,
                };
                let ctx = WalkContext::new(&g, &q, &w);
                let got: Vec<(ResearcherIdx, ResearcherIdx)> = chunk_best(&ctx, &sources(&g, &q))
                    .iter()
                    .map(|s| (s.1, s.2))
                    .collect();
                let want: Vec<(ResearcherIdx, ResearcherIdx)> = recommend_reference(&g, &q, &w)
                    .iter()
                    .map(|p| (p.a, p.b))
                    .collect();
                assert_eq!(got.len(), top, "enough pairs for top {top}");
                assert_eq!(got, want, "top {top}");
            }
        }
    }

    /// Closeness by the plain path sums: no field, seniority, capacity or recency weight, no
    /// decay and no three-step paths (`benches/peer/pure-aa.toml` also drops the joint
    /// papers, topics and field candidates).
    fn pure_aa() -> PairWeights {
        PairWeights {
            shared: 0.0,
            complementary: 0.0,
            closeness: 1.0,
            seniority: 0.0,
            capacity: 0.0,
            recency: 0.0,
            path_half_life_years: 0.0,
            three_step: 0.0,
            ..PairWeights::default()
        }
    }

    /// `recommend` against the pair-by-pair reference on generated datasets (universities,
    /// researchers per university, seed, co-authorships per researcher).
    fn walk_matches_reference(datasets: &[(usize, usize, u64, f64)]) {
        use crate::generate::{generate, GenConfig};
        let pure_aa = pure_aa();
        for &(unis, per, seed, density) in datasets {
            let ds = generate(&GenConfig {
                universities: unis,
                researchers_per_university: per,
                seed,
                coauthorships_per_researcher: density,
            })
            .unwrap();
            // With term profiles, so that topic candidates and similarities take part.
            let mut ds = ds;
            (ds.terms, ds.term_weights) = crate::generate::terms::terms(&ds, seed);
            let g = Graph::build(ds);
            // The default profile without three-step paths walks the field's own graph
            // (the compact walk) with decayed paths, activity and topics.
            let no_three = PairWeights {
                three_step: 0.0,
                ..PairWeights::default()
            };
            for w in [PairWeights::default(), w0(), pure_aa.clone(), no_three] {
                for f in [0u32, 5, 8] {
                    for (u, top) in [(None, 5), (None, 200), (Some(UniIdx(1)), 40)] {
                        let q = PairQuery {
                            field: FieldIdx(f),
                            university: u,
                            top,
                        };
                        let (a, b) = (recommend(&g, &q, &w), recommend_reference(&g, &q, &w));
                        let ids =
                            |v: &[PairScore]| v.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>();
                        assert_eq!(
                            ids(&a),
                            ids(&b),
                            "{unis}×{per} seed {seed} field {f} {u:?} top {top}"
                        );
                        for (x, y) in a.iter().zip(&b) {
                            assert_eq!(x.score.to_bits(), y.score.to_bits());
                            assert_eq!(x.reasons, y.reasons);
                        }
                    }
                }
            }
        }
    }
}
