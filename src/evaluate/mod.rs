//! Temporal evaluation: do the engine's recommendations predict the collaborations that
//! actually came next, better than the obvious baselines?
//!
//! # The split
//! Everything the scorers see is learned from co-authorships up to the split year Y; the test
//! is what appeared after Y.
//!
//! - **Learning data.** With a training dataset (`--train DIR`, the same export imported with
//!   `--until Y`) the scorers see only it: co-authorships, expertise, h-indexes and paper
//!   counts of the records up to Y. Without one, the full dataset's co-authorships are cut
//!   (those with `first_year` ≤ Y, `last_year` capped at Y) but expertise, h-indexes and paper
//!   counts still come from every year — a leak that favours the engine's expertise
//!   components, reported in the output ([`Evaluation::leaky`]).
//! - **Present.** A researcher is present when they have a co-authorship in the learning data;
//!   an institution when one of its researchers is present (the placeholder `unknown` never
//!   is). Entities of the two datasets are matched by id.
//! - **Positives.** Pairs of present researchers (institutions) whose first co-authorship in
//!   the full dataset is after Y and who were not linked in the learning data. At the
//!   institution level a pair is linked by any co-authorship between their researchers, and
//!   the researchers of a new link may be newcomers.
//! - **Queries and candidates.** Every present researcher (institution) with at least one
//!   positive is a query (at most `max_queries`, drawn with the seed, when asked); its
//!   candidates are all other present researchers (institutions) it was not linked to. Every
//!   method ranks the same candidates.
//!
//! # The methods
//! - `hoptac`: at the researcher level, [`crate::score::pairs::best_field_score`] — the score
//!   `hoptac pairs` gives the pair in their best common field (field-agnostic: every field);
//!   at the institution level, the best score over the fields the query institution works in
//!   of [`crate::score::rank_partners`] in `new` mode (what `hoptac rank` shows), with the
//!   profile's weights.
//!   Equal engine scores are ordered by the evidence behind them, as `hoptac pairs` orders
//!   them: the time-decayed Adamic–Adar of the closeness component, then the number of common
//!   co-authors ([`crate::score::pairs::PairKey`]).
//! - the baselines of [`baselines`] on the learning co-authorship graph (at the institution
//!   level, the graph of institutions with a co-authorship between them): random, preferential
//!   attachment, common neighbours, Adamic–Adar, resource allocation and the time-decayed
//!   Adamic–Adar (reference year = the split year, half-life
//!   [`EvalOptions::decay_half_life_years`]).
//! - `hoptac_fitted` ([`EvalOptions::fit`]): the engine with the profile [`fit`] fitted on
//!   inner splits of the learning data (nothing after the split year), reported beside the
//!   engine ([`Scope::fitted`]) with its paired difference to it and to every baseline.
//!
//! # Ties
//! No seed decides a close call: every metric is the **exact expectation over uniformly random
//! tie-breaks** ([`metrics::expected`]), so a method whose top ten holds a tie of four gets
//! the mean of all the ways to break it. The random baseline is run with
//! [`EvalOptions::random_seeds`] seeds (`seed`, `seed + 1`, …) and reported as the mean and the
//! standard deviation over them; every other method is deterministic (sd 0).
//!
//! # Two candidate sets
//! - **all**: the candidates above.
//! - **other institution** (researcher level, [`EvalOptions::cross_institution`]): what
//!   `hoptac pairs` would propose — the candidates at another institution than the query
//!   (`unknown` counts as one institution, as in `pairs`). Positives are the new links of
//!   those candidates; the queries are those of the sample with at least one.
//!
//! # The metrics
//! Those of [`metrics`], computed per query over its ranking and averaged over queries
//! (macro-average); AUC is exact per query (ties ½) and averaged over the queries that have
//! negatives. The noise of a comparison is given per candidate set as the paired difference of
//! nDCG@k between the engine and each baseline, with its standard error over queries
//! ([`Versus`]); a difference beyond twice its standard error is reported as exceeding noise.
//! Queries run in parallel and are summed in query order: the result is the same for any
//! thread count.

pub mod baselines;
pub mod fit;
pub mod metrics;

use std::cmp::Ordering;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::model::*;
use crate::profile::Profile;
use crate::score::{self, Mode};
use baselines::{Adjacency, Decay, TwoStep};
use metrics::{Expected, Group};

/// The methods, in output order.
pub const METHODS: [&str; 7] = [
    "hoptac",
    "random",
    "preferential_attachment",
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "adamic_adar_decayed",
];

/// What is evaluated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// Researcher pairs (`hoptac pairs`).
    #[default]
    Researcher,
    /// Partner institutions (`hoptac rank`).
    Institution,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Researcher => "researcher",
            Level::Institution => "institution",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to evaluate.
#[derive(Clone, Debug)]
pub struct EvalConfig {
    pub split_year: u16,
    pub k: usize,
    pub level: Level,
    /// Evaluate at most this many queries (drawn with `seed`); 0 = all.
    pub max_queries: usize,
    /// Seeds the random baseline (the first of its seeds) and the query sample.
    pub seed: u64,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            split_year: 0,
            k: 10,
            level: Level::Researcher,
            max_queries: 0,
            seed: 2022,
        }
    }
}

/// The options added with the time-decayed baseline, the exact tie expectation and the
/// cross-institution table; [`evaluate`] uses their defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalOptions {
    /// How many seeds the random baseline runs with (`seed`, `seed + 1`, …; at least 1).
    pub random_seeds: usize,
    /// At the researcher level, also evaluate with candidates at other institutions only.
    pub cross_institution: bool,
    /// Half-life in years of the time-decayed Adamic–Adar baseline (> 0).
    pub decay_half_life_years: f64,
    /// Fit the profile's weights on an inner split before the split year, and evaluate the
    /// fitted profile beside the given one ([`fit`]).
    pub fit: Option<fit::FitOptions>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            random_seeds: 5,
            cross_institution: true,
            decay_half_life_years: 4.0,
            fit: None,
        }
    }
}

/// The mean metrics of one method, and their standard deviation over the random baseline's
/// seeds (0 for the deterministic methods).
#[derive(Clone, Debug, PartialEq)]
pub struct MethodScore {
    pub method: &'static str,
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub map: f64,
    pub auc: f64,
    pub precision_sd: f64,
    pub recall_sd: f64,
    pub ndcg_sd: f64,
    pub map_sd: f64,
    pub auc_sd: f64,
}

/// The engine against one baseline: the mean over queries of the engine's nDCG@k minus the
/// baseline's, and the standard error of that mean (paired over queries).
#[derive(Clone, Debug, PartialEq)]
pub struct Versus {
    pub baseline: &'static str,
    pub ndcg_difference: f64,
    pub standard_error: f64,
}

impl Versus {
    /// The difference is more than twice its standard error.
    pub fn exceeds_noise(&self) -> bool {
        self.ndcg_difference.abs() > 2.0 * self.standard_error
    }
}

/// Which candidates a query's ranking holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Candidates {
    /// Every present entity the query is not linked to.
    All,
    /// Only those at another institution (what `hoptac pairs` proposes).
    OtherInstitution,
}

impl Candidates {
    pub fn as_str(self) -> &'static str {
        match self {
            Candidates::All => "all",
            Candidates::OtherInstitution => "other institution",
        }
    }
}

/// The result over one candidate set.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    pub candidates: Candidates,
    /// New links after the split among present entities within the candidate set (each pair
    /// once).
    pub positives: usize,
    /// The years the positives first appeared in.
    pub test_years: (u16, u16),
    /// Queries with a positive, and how many of them were evaluated.
    pub queries_available: usize,
    pub queries: usize,
    /// Mean number of candidates per evaluated query.
    pub mean_candidates: f64,
    pub methods: Vec<MethodScore>,
    /// The engine against every baseline, in [`METHODS`] order.
    pub versus: Vec<Versus>,
    /// The engine with the fitted profile (`--fit`), when fitted.
    pub fitted: Option<FittedScore>,
}

/// The name of the engine with the fitted profile in tables and JSON.
pub const FITTED: &str = "hoptac_fitted";

/// The engine with the fitted profile on the outer split: its metrics, and its paired nDCG
/// difference with every method of [`METHODS`] — the first, `hoptac`, is the engine with the
/// profile it started from.
#[derive(Clone, Debug, PartialEq)]
pub struct FittedScore {
    pub score: MethodScore,
    pub versus: Vec<Versus>,
}

impl Scope {
    /// The baseline with the best mean nDCG@k (the first in [`METHODS`] order on a tie).
    pub fn best_baseline(&self) -> &MethodScore {
        self.methods[1..]
            .iter()
            .fold(&self.methods[1], |b, m| if m.ndcg > b.ndcg { m } else { b })
    }
}

/// The result of an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub level: Level,
    pub split_year: u16,
    pub k: usize,
    /// Entities present in the learning data.
    pub present: usize,
    /// True when expertise, h-indexes and paper counts came from the full dataset (no `--train`).
    pub leaky: bool,
    pub random_seeds: usize,
    pub decay_half_life_years: f64,
    /// Every candidate.
    pub all: Scope,
    /// Candidates at other institutions (researcher level, when asked and when any query has
    /// such a positive).
    pub cross: Option<Scope>,
    /// Why there is no cross-institution scope although it was asked for.
    pub cross_missing: Option<String>,
    /// The fit on the inner split (`--fit`), when asked.
    pub fit: Option<fit::Fit>,
}

/// Why there is nothing to evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NothingToEvaluate {
    pub level: Level,
    pub split_year: u16,
    /// Entities present in the learning data, and its co-authorships.
    pub present: usize,
    pub coauthorships: usize,
}

impl std::fmt::Display for NothingToEvaluate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no {} present up to {} has a new collaboration after it ({} present, {} co-authorships learned); try an earlier --split-year",
            self.level, self.split_year, self.present, self.coauthorships
        )
    }
}

/// Why an evaluation could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// The training dataset holds a co-authorship after the split year.
    #[error("the training dataset has a co-authorship in {year} (between {a} and {b}), after the split year {split_year}: import it with --until {split_year}")]
    TrainAfterSplit {
        split_year: u16,
        year: u16,
        a: String,
        b: String,
    },
    /// No present entity has a new link after the split.
    #[error("nothing to evaluate: {0}")]
    Nothing(NothingToEvaluate),
    /// No inner split of `--fit` has enough queries.
    #[error("nothing to fit on: no inner split from {from} back to {to} has {min_queries} researchers or institutions present by then with a new collaboration up to {split_year} (at most {best}); fit with another --split-year or --fit-years, or evaluate without --fit")]
    NothingToFit {
        split_year: u16,
        /// The inner split years tried, latest first.
        from: u16,
        to: u16,
        min_queries: usize,
        /// The most queries an inner split had.
        best: usize,
    },
    /// An option out of range.
    #[error("invalid evaluation option {option} = {value}: {expected}")]
    Option {
        option: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// The learning dataset: the training dataset checked, or the full one cut at the split year.
fn learning(full: &Dataset, train: Option<&Dataset>, y: u16) -> Result<Dataset, EvalError> {
    match train {
        Some(t) => {
            if let Some(c) = t.coauthorships.iter().find(|c| c.last_year > y) {
                return Err(EvalError::TrainAfterSplit {
                    split_year: y,
                    year: c.last_year,
                    a: t.researcher(c.a).id.to_string(),
                    b: t.researcher(c.b).id.to_string(),
                });
            }
            Ok(t.clone())
        }
        None => {
            let mut d = full.clone();
            d.coauthorships.to_mut().retain(|c| c.first_year <= y);
            for c in d.coauthorships.to_mut() {
                c.last_year = c.last_year.min(y);
            }
            // Terms of works after the split would leak what the researchers turn to.
            d.term_weights.retain(|t| t.year <= y);
            Ok(d)
        }
    }
}

/// What orders a method's candidates, best first: the score, then tie-breaking evidence
/// (the engine's only; 0 for the baselines). Equal keys are ties. Scores are rounded to 12
/// decimals ([`round`]) so that sums taken in different orders still tie.
type Key = (f64, f64, u32);

/// A score rounded to 12 decimals: equal sums of the same terms in another order differ in
/// the last bits, which must not decide a tie.
fn round(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e12).round() / 1e12
    } else {
        x
    }
}

fn key_cmp(a: &Key, b: &Key) -> Ordering {
    a.0.total_cmp(&b.0)
        .then(a.1.total_cmp(&b.1))
        .then(a.2.cmp(&b.2))
}

/// The graph the baselines walk (with edge years), who is present, the institution of each
/// entity (researcher level), and the new links `(a, b, first year)`.
struct Setup {
    adj: Vec<Vec<u32>>,
    years: Vec<Vec<u16>>,
    present: Vec<bool>,
    institution: Vec<u32>,
    new_links: Vec<(u32, u32, u16)>,
}

/// One run's metrics on one query: precision, recall, nDCG, AP, AUC, whether the AUC is
/// defined.
type Row = [f64; 6];

fn row(e: &Expected) -> Row {
    [
        e.precision,
        e.recall,
        e.ndcg,
        e.ap,
        e.auc.unwrap_or(0.0),
        f64::from(u8::from(e.auc.is_some())),
    ]
}

/// The expected metrics of one run on one query: `keys` of every candidate, restricted to
/// those `keep` accepts. The tie groups holding positives are found by counting, for each
/// distinct key of a positive, the candidates above it and equal to it: O(candidates ·
/// positives), no sort.
fn expected_metrics(keys: &[Key], relevant: &[bool], keep: &[bool], k: usize) -> Expected {
    let mut pk: Vec<Key> = (0..keys.len())
        .filter(|&i| keep[i] && relevant[i])
        .map(|i| keys[i])
        .collect();
    pk.sort_unstable_by(|a, b| key_cmp(b, a));
    pk.dedup_by(|a, b| key_cmp(a, b) == Ordering::Equal);
    let mut groups: Vec<Group> = pk
        .iter()
        .map(|_| Group {
            before: 0,
            size: 0,
            relevant: 0,
        })
        .collect();
    let mut n = 0;
    for i in 0..keys.len() {
        if !keep[i] {
            continue;
        }
        n += 1;
        for (g, p) in groups.iter_mut().zip(&pk) {
            match key_cmp(&keys[i], p) {
                Ordering::Greater => g.before += 1,
                Ordering::Equal => {
                    g.size += 1;
                    g.relevant += usize::from(relevant[i]);
                }
                Ordering::Less => {}
            }
        }
    }
    metrics::expected(&groups, n, k)
}

/// A split ready to rank: the learning graph, the graph the baselines walk, who is present,
/// the positives and the queries. Built once per split; [`fit`] ranks its queries again for
/// every profile it tries.
pub(crate) struct Split {
    pub(crate) g: Graph,
    pub(crate) level: Level,
    adj: Vec<Vec<u32>>,
    years: Vec<Vec<u16>>,
    present_list: Vec<u32>,
    institution: Vec<u32>,
    /// Per entity, its new partners after the split and the year of the first link, by partner.
    pos: Vec<Vec<(u32, u16)>>,
    pub(crate) queries: Vec<u32>,
}

/// Builds the [`Split`] of `learn` (the learning data) against `full`; `same` when `learn` is
/// `full` cut at the split year (same indexes).
fn prepare(
    full: &Dataset,
    learn: Dataset,
    same: bool,
    cfg: &EvalConfig,
) -> Result<Split, EvalError> {
    let y = cfg.split_year;
    let g = Graph::build(learn);
    let ds = g.data();
    let map_researcher = |r: ResearcherIdx| -> Option<u32> {
        if same {
            Some(r.0)
        } else {
            ds.researcher_by_id(&full.researcher(r).id).map(|x| x.0)
        }
    };
    let map_uni = |u: UniIdx| -> Option<u32> {
        if same {
            Some(u.0)
        } else {
            ds.university_by_id(&full.university(u).id).map(|x| x.0)
        }
    };

    let setup = match cfg.level {
        Level::Researcher => {
            let mut adj: Vec<Vec<u32>> = Vec::with_capacity(ds.researchers.len());
            let mut years: Vec<Vec<u16>> = Vec::with_capacity(ds.researchers.len());
            for r in ds.researcher_ids() {
                let mut l: Vec<(u32, u16)> = g
                    .coauthors(r)
                    .iter()
                    .map(|l| (l.other.0, ds.coauthorships[l.index as usize].last_year))
                    .collect();
                l.sort_unstable();
                adj.push(l.iter().map(|x| x.0).collect());
                years.push(l.iter().map(|x| x.1).collect());
            }
            let present: Vec<bool> = adj.iter().map(|a| !a.is_empty()).collect();
            let institution = ds.researchers.iter().map(|r| r.university.0).collect();
            let new_links = full
                .coauthorships
                .iter()
                .filter(|c| c.first_year > y)
                .filter_map(|c| Some((map_researcher(c.a)?, map_researcher(c.b)?, c.first_year)))
                .collect();
            Setup {
                adj,
                years,
                present,
                institution,
                new_links,
            }
        }
        Level::Institution => {
            let nu = ds.universities.len();
            let mut sets: Vec<FxHashMap<u32, u16>> = vec![FxHashMap::default(); nu];
            let mut present = vec![false; nu];
            for c in &ds.coauthorships {
                let (a, b) = (ds.researcher(c.a).university, ds.researcher(c.b).university);
                present[a.ix()] = true;
                present[b.ix()] = true;
                if a != b {
                    for (x, z) in [(a, b), (b, a)] {
                        let e = sets[x.ix()].entry(z.0).or_insert(0);
                        *e = (*e).max(c.last_year);
                    }
                }
            }
            if let Some(u) = ds.unaffiliated() {
                present[u.ix()] = false;
            }
            let mut adj = Vec::with_capacity(nu);
            let mut years = Vec::with_capacity(nu);
            for s in sets {
                let mut l: Vec<(u32, u16)> = s.into_iter().collect();
                l.sort_unstable();
                adj.push(l.iter().map(|x| x.0).collect());
                years.push(l.iter().map(|x| x.1).collect());
            }
            let new_links = full
                .coauthorships
                .iter()
                .filter(|c| c.first_year > y)
                .filter_map(|c| {
                    let a = map_uni(full.researcher(c.a).university)?;
                    let b = map_uni(full.researcher(c.b).university)?;
                    Some((a, b, c.first_year))
                })
                .collect();
            Setup {
                institution: (0..nu as u32).collect(),
                adj,
                years,
                present,
                new_links,
            }
        }
    };
    let Setup {
        adj,
        years,
        present,
        institution,
        new_links,
    } = setup;
    let n = adj.len();
    let linked = |a: u32, b: u32| adj[a as usize].binary_search(&b).is_ok();
    let mut pos: Vec<Vec<(u32, u16)>> = vec![Vec::new(); n];
    for (a, b, year) in new_links {
        if a == b || !present[a as usize] || !present[b as usize] || linked(a, b) {
            continue;
        }
        pos[a as usize].push((b, year));
        pos[b as usize].push((a, year));
    }
    for p in &mut pos {
        // the first year of each new partner
        p.sort_unstable();
        p.dedup_by_key(|x| x.0);
    }
    let present_list: Vec<u32> = (0..n as u32).filter(|&v| present[v as usize]).collect();
    let mut queries: Vec<u32> = (0..n as u32)
        .filter(|&v| !pos[v as usize].is_empty())
        .collect();
    if queries.is_empty() {
        return Err(EvalError::Nothing(NothingToEvaluate {
            level: cfg.level,
            split_year: y,
            present: present_list.len(),
            coauthorships: ds.coauthorships.len(),
        }));
    }
    if cfg.max_queries > 0 && queries.len() > cfg.max_queries {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(cfg.seed);
        queries.shuffle(&mut rng);
        queries.truncate(cfg.max_queries);
        queries.sort_unstable();
    }

    Ok(Split {
        g,
        level: cfg.level,
        adj,
        years,
        present_list,
        institution,
        pos,
        queries,
    })
}

impl Split {
    /// Entities with a positive (before any query sample).
    pub(crate) fn available_queries(&self) -> usize {
        self.pos.iter().filter(|p| !p.is_empty()).count()
    }

    fn linked(&self, a: u32, b: u32) -> bool {
        self.adj[a as usize].binary_search(&b).is_ok()
    }

    fn other_institution(&self, a: u32, b: u32) -> bool {
        self.institution[a as usize] != self.institution[b as usize]
    }

    /// The candidates of query `q` (every present entity it is not linked to) and which of
    /// them are positives.
    pub(crate) fn candidates(&self, q: u32) -> (Vec<u32>, Vec<bool>) {
        let candidates: Vec<u32> = self
            .present_list
            .iter()
            .copied()
            .filter(|&c| c != q && !self.linked(q, c))
            .collect();
        let relevant = candidates
            .iter()
            .map(|c| {
                self.pos[q as usize]
                    .binary_search_by_key(c, |x| x.0)
                    .is_ok()
            })
            .collect();
        (candidates, relevant)
    }

    /// The engine's keys of `candidates` for query `q` with `profile`; `reach` is a scratch
    /// walk (researcher level).
    pub(crate) fn engine_keys(
        &self,
        reach: &mut score::pairs::Reach,
        q: u32,
        candidates: &[u32],
        profile: &Profile,
    ) -> Vec<Key> {
        let g = &self.g;
        match self.level {
            Level::Researcher => {
                reach.fill(g, ResearcherIdx(q), &profile.pairs);
                candidates
                    .iter()
                    .map(|&c| {
                        let p = score::pairs::best_field_key_from(
                            g,
                            reach,
                            ResearcherIdx(q),
                            ResearcherIdx(c),
                            &profile.pairs,
                        );
                        (round(p.score), round(p.closeness), p.common)
                    })
                    .collect()
            }
            Level::Institution => partner_scores(g, UniIdx(q), candidates, profile)
                .into_iter()
                .map(|s| (round(s), 0.0, 0))
                .collect(),
        }
    }
}

/// Evaluates the engine and the baselines with the default [`EvalOptions`]. `profile` gives
/// the engine's weights.
pub fn evaluate(
    full: &Dataset,
    train: Option<&Dataset>,
    cfg: &EvalConfig,
    profile: &Profile,
) -> Result<Evaluation, EvalError> {
    evaluate_with(full, train, cfg, &EvalOptions::default(), profile)
}

/// Evaluates the engine and the baselines. `profile` gives the engine's weights.
pub fn evaluate_with(
    full: &Dataset,
    train: Option<&Dataset>,
    cfg: &EvalConfig,
    opts: &EvalOptions,
    profile: &Profile,
) -> Result<Evaluation, EvalError> {
    if !(opts.decay_half_life_years.is_finite() && opts.decay_half_life_years > 0.0) {
        return Err(EvalError::Option {
            option: "decay_half_life_years",
            value: opts.decay_half_life_years.to_string(),
            expected: "a number of years > 0",
        });
    }
    let y = cfg.split_year;
    let learn = learning(full, train, y)?;
    let split = prepare(full, learn, train.is_none(), cfg)?;
    // The fit sees the learning data only (the split's graph owns it).
    let fitted = match &opts.fit {
        Some(f) => Some(fit::fit(split.g.data(), cfg, f, profile)?),
        None => None,
    };
    let Split {
        ref adj,
        ref years,
        ref present_list,
        ref institution,
        ref pos,
        ref queries,
        ..
    } = split;
    let n = adj.len();
    let cross_wanted = opts.cross_institution && cfg.level == Level::Researcher;
    let other = |a: u32, b: u32| institution[a as usize] != institution[b as usize];
    let pos_stats = |cross: bool| {
        let mut positives = 0usize;
        let mut years = (u16::MAX, 0u16);
        let mut queries = 0usize;
        for (a, p) in pos.iter().enumerate() {
            let mut any = false;
            for &(b, year) in p {
                if cross && !other(a as u32, b) {
                    continue;
                }
                any = true;
                if (a as u32) < b {
                    positives += 1;
                    years = (years.0.min(year), years.1.max(year));
                }
            }
            queries += usize::from(any);
        }
        (positives, years, queries)
    };
    let graph = Adjacency {
        adj,
        last_year: years,
    };
    let decay = Decay {
        reference_year: y,
        half_life_years: opts.decay_half_life_years,
    };
    let k = cfg.k;
    let seeds: Vec<u64> = (0..opts.random_seeds.max(1) as u64)
        .map(|i| cfg.seed.wrapping_add(i))
        .collect();
    // Runs: the engine, each random seed, the other baselines, then the engine with the
    // fitted profile (when fitted).
    let base_runs = 1 + seeds.len() + METHODS.len() - 2;
    let runs = base_runs + usize::from(fitted.is_some());
    let run_method = |r: usize| -> usize {
        if r >= base_runs {
            usize::MAX
        } else if r == 0 {
            0
        } else if r <= seeds.len() {
            1
        } else {
            r - seeds.len() + 1
        }
    };
    // Per query: for each scope, the candidates and each run's metrics.
    type PerQuery = [Option<(usize, Vec<Row>)>; 2];
    let per_query: Vec<PerQuery> = queries
        .par_iter()
        .map_init(
            || (TwoStep::new(n), score::pairs::Reach::new()),
            |(two, reach), &q| {
                let (candidates, relevant) = split.candidates(q);
                two.fill(&graph, q, decay);
                let all = vec![true; candidates.len()];
                let keep: Option<Vec<bool>> = cross_wanted
                    .then(|| {
                        candidates
                            .iter()
                            .map(|&c| split.other_institution(q, c))
                            .collect::<Vec<bool>>()
                    })
                    .filter(|keep| keep.iter().zip(&relevant).any(|(a, b)| *a && *b));
                // Each run's keys are scored as soon as they are made (one key vector per
                // thread, not one per run: 24 bytes a candidate, a million candidates at
                // national scale), in the order of the runs.
                let mut rows: [Vec<Row>; 2] = [Vec::with_capacity(runs), Vec::with_capacity(runs)];
                let mut score_run = |kk: &[Key]| {
                    rows[0].push(row(&expected_metrics(kk, &relevant, &all, k)));
                    if let Some(keep) = &keep {
                        rows[1].push(row(&expected_metrics(kk, &relevant, keep, k)));
                    }
                };
                score_run(&split.engine_keys(reach, q, &candidates, profile));
                let mut plain_keys: Vec<Key> = Vec::with_capacity(candidates.len());
                let mut plain = |f: &dyn Fn(u32) -> f64| {
                    plain_keys.clear();
                    plain_keys.extend(candidates.iter().map(|&c| (round(f(c)), 0.0, 0)));
                    score_run(&plain_keys);
                };
                for &s in &seeds {
                    plain(&|c| baselines::random_score(s, q, c));
                }
                plain(&|c| baselines::preferential_attachment(&graph, q, c));
                plain(&|c| two.cn[c as usize]);
                plain(&|c| two.aa[c as usize]);
                plain(&|c| two.ra[c as usize]);
                plain(&|c| two.daa[c as usize]);
                if let Some(f) = &fitted {
                    score_run(&split.engine_keys(reach, q, &candidates, &f.profile));
                }
                let [all_rows, cross_rows] = rows;
                let m = keep
                    .as_ref()
                    .map_or(0, |keep| keep.iter().filter(|x| **x).count());
                [
                    Some((candidates.len(), all_rows)),
                    keep.is_some().then_some((m, cross_rows)),
                ]
            },
        )
        .collect();

    let scope = |s: usize, candidates: Candidates| -> Option<Scope> {
        let rows: Vec<&(usize, Vec<Row>)> =
            per_query.iter().filter_map(|p| p[s].as_ref()).collect();
        if rows.is_empty() {
            return None;
        }
        let nq = rows.len() as f64;
        // Mean over queries of each run.
        let mut total = vec![[0.0; 6]; runs];
        for (_, r) in &rows {
            for (t, x) in total.iter_mut().zip(r) {
                for j in 0..6 {
                    t[j] += x[j];
                }
            }
        }
        let mean = |t: &Row| -> [f64; 5] {
            [
                t[0] / nq,
                t[1] / nq,
                t[2] / nq,
                t[3] / nq,
                if t[5] > 0.0 { t[4] / t[5] } else { 0.0 },
            ]
        };
        let run_means: Vec<[f64; 5]> = total.iter().map(mean).collect();
        let methods: Vec<MethodScore> = METHODS
            .iter()
            .enumerate()
            .map(|(m, name)| {
                let of: Vec<&[f64; 5]> = (0..runs)
                    .filter(|&r| run_method(r) == m)
                    .map(|r| &run_means[r])
                    .collect();
                let (mu, sd) = mean_sd(&of);
                MethodScore {
                    method: name,
                    precision: mu[0],
                    recall: mu[1],
                    ndcg: mu[2],
                    map: mu[3],
                    auc: mu[4],
                    precision_sd: sd[0],
                    recall_sd: sd[1],
                    ndcg_sd: sd[2],
                    map_sd: sd[3],
                    auc_sd: sd[4],
                }
            })
            .collect();
        // Paired nDCG differences per query of the engine's run `e` against method `m` (the
        // random baseline as its mean over seeds).
        let versus_of = |e: usize, m: usize| -> Versus {
            let diffs: Vec<f64> = rows
                .iter()
                .map(|(_, r)| {
                    let of: Vec<f64> = (0..runs)
                        .filter(|&x| run_method(x) == m)
                        .map(|x| r[x][2])
                        .collect();
                    r[e][2] - of.iter().sum::<f64>() / of.len() as f64
                })
                .collect();
            let (d, se) = mean_se(&diffs);
            Versus {
                baseline: METHODS[m],
                ndcg_difference: d,
                standard_error: se,
            }
        };
        let versus = (1..METHODS.len()).map(|m| versus_of(0, m)).collect();
        let fitted_score = fitted.as_ref().map(|_| {
            let f = base_runs;
            let mu = &run_means[f];
            FittedScore {
                score: MethodScore {
                    method: FITTED,
                    precision: mu[0],
                    recall: mu[1],
                    ndcg: mu[2],
                    map: mu[3],
                    auc: mu[4],
                    precision_sd: 0.0,
                    recall_sd: 0.0,
                    ndcg_sd: 0.0,
                    map_sd: 0.0,
                    auc_sd: 0.0,
                },
                versus: (0..METHODS.len()).map(|m| versus_of(f, m)).collect(),
            }
        });
        let (positives, test_years, queries_available) =
            pos_stats(candidates == Candidates::OtherInstitution);
        Some(Scope {
            candidates,
            positives,
            test_years,
            queries_available,
            queries: rows.len(),
            mean_candidates: rows.iter().map(|r| r.0 as f64).sum::<f64>() / nq,
            methods,
            versus,
            fitted: fitted_score,
        })
    };
    let all = scope(0, Candidates::All).expect("every query has a positive");
    let cross = scope(1, Candidates::OtherInstitution);
    let cross_missing = (cross_wanted && cross.is_none()).then(|| {
        "no query has a new co-author at another institution (the data may have no affiliations)"
            .to_string()
    });
    Ok(Evaluation {
        level: cfg.level,
        split_year: y,
        k,
        present: present_list.len(),
        leaky: train.is_none(),
        random_seeds: seeds.len(),
        decay_half_life_years: opts.decay_half_life_years,
        all,
        cross,
        cross_missing,
        fit: fitted,
    })
}

/// The mean of `v` and its standard error (0 for fewer than two values).
pub(crate) fn mean_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let d = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - d).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (d, (var / n).sqrt())
}

/// The mean and the sample standard deviation (0 for one value) of each of five metrics.
fn mean_sd(v: &[&[f64; 5]]) -> ([f64; 5], [f64; 5]) {
    let n = v.len() as f64;
    let mut mu = [0.0; 5];
    let mut sd = [0.0; 5];
    for j in 0..5 {
        mu[j] = v.iter().map(|x| x[j]).sum::<f64>() / n;
        if v.len() > 1 {
            sd[j] = (v.iter().map(|x| (x[j] - mu[j]).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        }
    }
    (mu, sd)
}

/// The engine's partner score of every candidate for institution `u`: the best over the fields
/// `u` works in (every field when it has no expertise) of `hoptac rank` in new mode.
fn partner_scores(g: &Graph, u: UniIdx, candidates: &[u32], profile: &Profile) -> Vec<f64> {
    let ds = g.data();
    let mut fields: Vec<FieldIdx> = ds
        .field_ids()
        .filter(|&f| g.strength(u, f).level_sum > 0.0)
        .collect();
    if fields.is_empty() {
        fields = ds.field_ids().collect();
    }
    let mut best: FxHashMap<u32, f64> = FxHashMap::default();
    for f in fields {
        for p in score::rank_partners(g, f, u, &profile.partner, Mode::New) {
            let e = best.entry(p.partner.0).or_insert(f64::NEG_INFINITY);
            *e = e.max(p.score);
        }
    }
    candidates
        .iter()
        .map(|c| best.get(c).copied().unwrap_or(f64::NEG_INFINITY))
        .collect()
}

/// The evaluation as one table: a row per candidate set and method. The metrics are exact
/// expectations over random tie-breaks; `ndcg@k sd` is the standard deviation over the random
/// baseline's seeds (0 for the deterministic methods). The notes compare the engine with the
/// best baseline of each candidate set.
pub fn table(e: &Evaluation) -> crate::table::Table {
    use crate::table::{Cell, Table};
    let k = e.k;
    let cols = [
        "candidates".to_string(),
        "method".to_string(),
        format!("precision@{k}"),
        format!("recall@{k}"),
        format!("ndcg@{k}"),
        format!("ndcg@{k} sd"),
        "map".to_string(),
        "auc".to_string(),
    ];
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let s = &e.all;
    let title = format!(
        "{} level, learned up to {}, tested on {}–{}: {} of {} queries, {} new collaborations among {} present, {:.0} candidates per query",
        e.level.as_str(),
        e.split_year,
        s.test_years.0,
        s.test_years.1,
        s.queries,
        s.queries_available,
        s.positives,
        e.present,
        s.mean_candidates
    );
    let mut t = Table::new("evaluation", &title, &col_refs);
    for sc in std::iter::once(&e.all).chain(&e.cross) {
        let fitted = sc.fitted.as_ref().map(|f| &f.score);
        let rows = sc.methods[..1].iter().chain(fitted).chain(&sc.methods[1..]);
        for m in rows {
            t.push(vec![
                Cell::from(sc.candidates.as_str()),
                Cell::from(m.method),
                Cell::Float(m.precision, 4),
                Cell::Float(m.recall, 4),
                Cell::Float(m.ndcg, 4),
                Cell::Float(m.ndcg_sd, 4),
                Cell::Float(m.map, 4),
                Cell::Float(m.auc, 4),
            ]);
        }
    }
    t.notes.push(format!(
        "every metric is the exact expectation over random tie-breaks; random: mean and sd over {} seeds; adamic_adar_decayed: half-life {} years from {}",
        e.random_seeds, e.decay_half_life_years, e.split_year
    ));
    for sc in std::iter::once(&e.all).chain(&e.cross) {
        let best = sc.best_baseline();
        let v = sc
            .versus
            .iter()
            .find(|v| v.baseline == best.method)
            .expect("every baseline has a comparison");
        t.notes.push(format!(
            "{} candidates ({} queries, {} positives, {:.0} candidates per query): hoptac − {} (the best baseline) = {:+.4} nDCG@{k} ({:+.1}%), standard error {:.4} over queries: {}",
            sc.candidates.as_str(),
            sc.queries,
            sc.positives,
            sc.mean_candidates,
            best.method,
            v.ndcg_difference,
            if best.ndcg > 0.0 { 100.0 * v.ndcg_difference / best.ndcg } else { 0.0 },
            v.standard_error,
            if v.exceeds_noise() { "exceeds noise (> 2 SE)" } else { "within noise (≤ 2 SE)" }
        ));
    }
    if let Some(why) = &e.cross_missing {
        t.notes.push(format!("no other-institution table: {why}"));
    }
    if let Some(f) = &e.fit {
        t.notes.push(fit_note(f));
        for sc in std::iter::once(&e.all).chain(&e.cross) {
            if let Some(fs) = &sc.fitted {
                let best = sc.best_baseline();
                let vb = fs.versus.iter().find(|v| v.baseline == best.method);
                let vd = &fs.versus[0];
                if let Some(vb) = vb {
                    t.notes.push(format!(
                        "{} candidates: hoptac_fitted − hoptac = {:+.4} nDCG@{k} ± {:.4} ({}); hoptac_fitted − {} = {:+.4} ({:+.1}%) ± {:.4} ({})",
                        sc.candidates.as_str(),
                        vd.ndcg_difference,
                        vd.standard_error,
                        noise(vd),
                        best.method,
                        vb.ndcg_difference,
                        if best.ndcg > 0.0 { 100.0 * vb.ndcg_difference / best.ndcg } else { 0.0 },
                        vb.standard_error,
                        noise(vb),
                    ));
                }
            }
        }
    }
    if e.leaky {
        t.notes.push(
            "expertise, h-indexes and paper counts come from every year (no --train): they leak the future into the engine's profile components".into(),
        );
    }
    t
}

fn noise(v: &Versus) -> &'static str {
    if v.exceeds_noise() {
        "exceeds noise"
    } else {
        "within noise"
    }
}

/// One line on the fit: the inner split, the inner nDCG before and after, the weights moved.
fn fit_note(f: &fit::Fit) -> String {
    let moved = if f.steps.is_empty() {
        "no weight moved".to_string()
    } else {
        f.steps
            .iter()
            .map(|s| format!("{} {} → {}", s.key, s.from, s.to))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "hoptac_fitted: weights fitted on the inner splits {} (each learned up to its year; new links of {}–{}, {} of {} queries, {} profiles tried; nothing after {} read): inner nDCG {:.4} → {:.4} (± {:.4}); {moved}",
        fit::years_list(&f.inner_split_years),
        f.inner_test_years.0,
        f.inner_test_years.1,
        f.queries,
        f.queries_available,
        f.tried,
        f.split_year,
        f.start_ndcg,
        f.fitted_ndcg,
        f.gain_se,
    )
}

/// The evaluation as separate tables: [`table`]'s rows split by candidate set (all, then
/// other institution when present), each with its own notes.
pub fn tables(e: &Evaluation) -> Vec<crate::table::Table> {
    let whole = table(e);
    let sets: Vec<&Scope> = std::iter::once(&e.all).chain(&e.cross).collect();
    sets.iter()
        .enumerate()
        .map(|(i, sc)| {
            let name = sc.candidates.as_str();
            let mut t = crate::table::Table::new(
                if i == 0 {
                    "evaluation"
                } else {
                    "evaluation_other_institution"
                },
                &if i == 0 {
                    whole.title.clone()
                } else {
                    format!(
                        "{} level, learned up to {}, candidates at another institution: {} queries, {} new collaborations, {:.0} candidates per query",
                        e.level.as_str(),
                        e.split_year,
                        sc.queries,
                        sc.positives,
                        sc.mean_candidates
                    )
                },
                &whole.columns.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            t.rows = whole
                .rows
                .iter()
                .filter(|r| r[0].text() == name)
                .cloned()
                .collect();
            t.notes = whole
                .notes
                .iter()
                .filter(|n| {
                    !(n.starts_with("all candidates") || n.starts_with("other institution"))
                        || n.starts_with(name)
                })
                .cloned()
                .collect();
            t
        })
        .collect()
}

fn scope_json(s: &Scope) -> serde_json::Value {
    let r = |x: f64| (x * 1e6).round() / 1e6;
    serde_json::json!({
        "candidates": s.candidates.as_str(),
        "positives": s.positives,
        "test_years": [s.test_years.0, s.test_years.1],
        "queries": s.queries,
        "queries_available": s.queries_available,
        "mean_candidates": r(s.mean_candidates),
        "methods": s.methods.iter().map(|m| serde_json::json!({
            "method": m.method,
            "precision_at_k": r(m.precision),
            "recall_at_k": r(m.recall),
            "ndcg_at_k": r(m.ndcg),
            "map": r(m.map),
            "auc": r(m.auc),
            "sd": {
                "precision_at_k": r(m.precision_sd),
                "recall_at_k": r(m.recall_sd),
                "ndcg_at_k": r(m.ndcg_sd),
                "map": r(m.map_sd),
                "auc": r(m.auc_sd),
            },
        })).collect::<Vec<_>>(),
        "best_baseline": s.best_baseline().method,
        "fitted": s.fitted.as_ref().map_or(serde_json::Value::Null, |f| serde_json::json!({
            "method": f.score.method,
            "precision_at_k": r(f.score.precision),
            "recall_at_k": r(f.score.recall),
            "ndcg_at_k": r(f.score.ndcg),
            "map": r(f.score.map),
            "auc": r(f.score.auc),
            "versus": f.versus.iter().map(|v| serde_json::json!({
                "method": v.baseline,
                "ndcg_difference": r(v.ndcg_difference),
                "standard_error": r(v.standard_error),
                "exceeds_noise": v.exceeds_noise(),
            })).collect::<Vec<_>>(),
        })),
        "versus": s.versus.iter().map(|v| serde_json::json!({
            "baseline": v.baseline,
            "ndcg_difference": r(v.ndcg_difference),
            "standard_error": r(v.standard_error),
            "exceeds_noise": v.exceeds_noise(),
        })).collect::<Vec<_>>(),
    })
}

fn fit_json(f: &fit::Fit) -> serde_json::Value {
    let r = |x: f64| (x * 1e6).round() / 1e6;
    serde_json::json!({
        "inner_split_years": f.inner_split_years,
        "inner_test_years": [f.inner_test_years.0, f.inner_test_years.1],
        "queries": f.queries,
        "queries_available": f.queries_available,
        "profiles_tried": f.tried,
        "start_ndcg_at_k": r(f.start_ndcg),
        "fitted_ndcg_at_k": r(f.fitted_ndcg),
        "gain_standard_error": r(f.gain_se),
        "steps": f.steps.iter().map(|s| serde_json::json!({
            "key": s.key,
            "from": s.from,
            "to": s.to,
            "ndcg_at_k": r(s.ndcg),
            "gain": r(s.gain),
            "gain_standard_error": r(s.gain_se),
            "worst_split_gain": r(s.worst_split_gain),
        })).collect::<Vec<_>>(),
        "trials": f.trials.iter().map(|s| serde_json::json!({
            "key": s.key,
            "from": s.from,
            "to": s.to,
            "ndcg_at_k": r(s.ndcg),
            "gain": r(s.gain),
            "gain_standard_error": r(s.gain_se),
            "worst_split_gain": r(s.worst_split_gain),
        })).collect::<Vec<_>>(),
    })
}

/// The evaluation as a JSON document: the all-candidates scope at the top level (as before),
/// the other-institution scope under `cross_institution` (null when absent).
pub fn json(e: &Evaluation) -> serde_json::Value {
    let mut v = scope_json(&e.all);
    let o = v.as_object_mut().expect("an object");
    o.insert("level".into(), e.level.as_str().into());
    o.insert("split_year".into(), e.split_year.into());
    o.insert("k".into(), e.k.into());
    o.insert("present".into(), e.present.into());
    o.insert("leaky".into(), e.leaky.into());
    o.insert(
        "ties".into(),
        "exact expectation over random tie-breaks".into(),
    );
    o.insert("random_seeds".into(), e.random_seeds.into());
    o.insert(
        "decay_half_life_years".into(),
        e.decay_half_life_years.into(),
    );
    o.insert(
        "cross_institution".into(),
        e.cross.as_ref().map_or(serde_json::Value::Null, scope_json),
    );
    o.insert(
        "fit".into(),
        e.fit.as_ref().map_or(serde_json::Value::Null, fit_json),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five researchers at two universities, field-free:
    /// 2001: a–b, b–c; 2002: c–d; after the split (2005): a–c (closes a triangle via b) and
    /// a–e (e appears only after the split: not present, so not a positive).
    fn dataset() -> Dataset {
        let mut ds = Dataset::default();
        for (i, id) in ["u1", "u2"].iter().enumerate() {
            ds.universities.push(University {
                id: id.to_string(),
                short_name: id.to_string(),
                name_vi: id.to_string(),
                name_en: id.to_string(),
                city: "x".into(),
                region: if i == 0 { Region::North } else { Region::South },
                country: "VN".into(),
                consortium: false,
                aliases: Vec::new(),
            });
        }
        ds.fields.push(Field {
            id: "f".into(),
            name_vi: "f".into(),
            name_en: "f".into(),
            aliases: Vec::new(),
            related: Vec::new(),
        });
        for (i, id) in ["a", "b", "c", "d", "e"].iter().enumerate() {
            ds.researchers.push(Researcher {
                id: (*id).into(),
                name: (*id).into(),
                university: UniIdx(u32::from(i >= 2)),
                title: Title::Other,
                h_index: 0,
                publications: 1,
                max_teams: 3,
            });
        }
        let co = |a: u32, b: u32, y: u16| Coauthorship {
            a: ResearcherIdx(a),
            b: ResearcherIdx(b),
            papers: 1,
            first_year: y,
            last_year: y,
        };
        ds.coauthorships = vec![
            co(0, 1, 2001),
            co(0, 2, 2005),
            co(0, 4, 2005),
            co(1, 2, 2001),
            co(2, 3, 2002),
        ]
        .into();
        ds.reindex();
        ds
    }

    fn cfg(level: Level) -> EvalConfig {
        EvalConfig {
            split_year: 2003,
            k: 2,
            level,
            max_queries: 0,
            seed: 1,
        }
    }

    /// Present: a, b, c, d. The one positive is a–c. Queries a and c.
    /// Query a: candidates c, d (b is linked). AA(a, c) = 1/ln 2 via b (degree 2), AA(a, d) = 0
    /// → c first: P@2 = ½, R@2 = 1, nDCG = 1, AP = 1, AUC = 1.
    /// Query c: candidates a only (b and d are linked) → every method ranks a first, AUC
    /// undefined (no negative).
    #[test]
    fn researcher_level_by_hand() {
        let ds = dataset();
        let e = evaluate(&ds, None, &cfg(Level::Researcher), &Profile::default()).unwrap();
        let s = &e.all;
        assert_eq!((e.present, s.positives, s.queries), (4, 1, 2));
        assert_eq!(s.test_years, (2005, 2005));
        assert!((s.mean_candidates - 1.5).abs() < 1e-12);
        let aa = s
            .methods
            .iter()
            .find(|m| m.method == "adamic_adar")
            .unwrap();
        // mean over the two queries: P@2 (½ + ½) / 2, since k = 2 with one hit each
        assert!((aa.precision - 0.5).abs() < 1e-12);
        assert!((aa.recall - 1.0).abs() < 1e-12);
        assert!((aa.ndcg - 1.0).abs() < 1e-12);
        assert!((aa.map - 1.0).abs() < 1e-12);
        assert!((aa.auc - 1.0).abs() < 1e-12, "only query a has an AUC");
        assert!(e.leaky);
        // The positive a–c crosses institutions (u1, u2) and so do all candidates: the
        // other-institution scope is the same.
        let cross = e.cross.as_ref().unwrap();
        assert_eq!(cross.methods, s.methods);
        assert_eq!((cross.queries, cross.positives), (2, 1));
        // The time-decayed Adamic–Adar ranks as Adamic–Adar here; the engine also puts c
        // first: no difference to either.
        let daa = s
            .methods
            .iter()
            .find(|m| m.method == "adamic_adar_decayed")
            .unwrap();
        assert_eq!(daa.ndcg, 1.0);
        let v = s
            .versus
            .iter()
            .find(|v| v.baseline == "adamic_adar")
            .unwrap();
        assert_eq!((v.ndcg_difference, v.standard_error), (0.0, 0.0));
        assert!(!v.exceeds_noise());
        // Random: 5 seeds, a spread over them unless every seed ranks alike.
        assert_eq!(e.random_seeds, 5);
    }

    /// A tie decides nothing: with k = 1, query a's candidates c (positive) and d tie for
    /// preferential attachment when d has the degree of c. Here PA(a, c) = 1 · 2 and PA(a, d)
    /// = 1 · 1, so c wins; make d a co-author of b too (in 2002, before the split): then c and
    /// d both have degree 2 and tie, and a's expected precision@1 is ½, nDCG@1 ½, AP
    /// (1 + ½) / 2 = ¾. Query c still has one candidate (a; b and d are linked): 1. Means:
    /// P@1 ¾, nDCG ¾, MAP ⅞.
    #[test]
    fn ties_count_as_their_expectation() {
        let mut ds = dataset();
        ds.coauthorships.to_mut().push(Coauthorship {
            a: ResearcherIdx(1),
            b: ResearcherIdx(3),
            papers: 1,
            first_year: 2002,
            last_year: 2002,
        });
        ds.reindex();
        let c = EvalConfig {
            k: 1,
            ..cfg(Level::Researcher)
        };
        let e = evaluate(&ds, None, &c, &Profile::default()).unwrap();
        let pa = &e.all.methods[2];
        assert_eq!(pa.method, "preferential_attachment");
        assert!((pa.precision - 0.75).abs() < 1e-12, "{}", pa.precision);
        assert!((pa.ndcg - 0.75).abs() < 1e-12);
        assert!((pa.map - 0.875).abs() < 1e-12, "{}", pa.map);
        assert_eq!(pa.ndcg_sd, 0.0);
    }

    #[test]
    fn tables_split_the_rows_by_candidate_set() {
        let e = evaluate(
            &dataset(),
            None,
            &cfg(Level::Researcher),
            &Profile::default(),
        )
        .unwrap();
        let t = tables(&e);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows.len(), METHODS.len());
        assert_eq!(t[1].rows.len(), METHODS.len());
        assert!(t[1].rows.iter().all(|r| r[0].text() == "other institution"));
        assert!(t[0].notes.iter().any(|n| n.starts_with("all candidates")));
        assert!(!t[0]
            .notes
            .iter()
            .any(|n| n.starts_with("other institution")));
        assert!(t[1]
            .notes
            .iter()
            .any(|n| n.starts_with("other institution")));
        assert_eq!(table(&e).rows.len(), 2 * METHODS.len());
    }

    #[test]
    fn rounding_makes_reordered_sums_tie() {
        assert_ne!(0.1 + 0.2, 0.3);
        assert_eq!(round(0.1 + 0.2), round(0.3));
        assert_eq!(round(f64::NEG_INFINITY), f64::NEG_INFINITY);
    }

    #[test]
    fn a_bad_half_life_is_a_typed_error() {
        let ds = dataset();
        let opts = EvalOptions {
            decay_half_life_years: 0.0,
            ..EvalOptions::default()
        };
        let err = evaluate_with(
            &ds,
            None,
            &cfg(Level::Researcher),
            &opts,
            &Profile::default(),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                EvalError::Option {
                    option: "decay_half_life_years",
                    ..
                }
            ),
            "{err}"
        );
    }

    /// Institutions: u1 = {a, b}, u2 = {c, d, e}. b–c (2001) links u1 and u2 before the
    /// split, so the later a–c adds nothing new: no positive.
    #[test]
    fn institution_level_needs_a_new_pair_of_institutions() {
        let ds = dataset();
        let err = evaluate(&ds, None, &cfg(Level::Institution), &Profile::default()).unwrap_err();
        assert_eq!(
            err,
            EvalError::Nothing(NothingToEvaluate {
                level: Level::Institution,
                split_year: 2003,
                present: 2,
                coauthorships: 3
            }),
            "{err}"
        );
    }

    #[test]
    fn training_data_after_the_split_is_refused() {
        let ds = dataset();
        let err =
            evaluate(&ds, Some(&ds), &cfg(Level::Researcher), &Profile::default()).unwrap_err();
        assert_eq!(
            err,
            EvalError::TrainAfterSplit {
                split_year: 2003,
                year: 2005,
                a: "a".into(),
                b: "c".into()
            }
        );
        assert!(
            err.to_string().contains("import it with --until 2003"),
            "{err}"
        );
    }
}
