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
//! - the baselines of [`baselines`] on the learning co-authorship graph (at the institution
//!   level, the graph of institutions with a co-authorship between them).
//!
//! Ties are broken by a seeded hash of (query, candidate), the same for every method, so no
//! method profits from the order of ids.
//!
//! # The metrics
//! Those of [`metrics`], computed per query over its ranking and averaged over queries
//! (macro-average); AUC is exact per query (ties ½) and averaged over the queries that have
//! negatives. Queries run in parallel and are summed in query order: the result is the same for
//! any thread count.

pub mod baselines;
pub mod metrics;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::model::*;
use crate::profile::Profile;
use crate::score::{self, Mode};
use baselines::{Adjacency, TwoStep};

/// The methods, in output order.
pub const METHODS: [&str; 6] = [
    "hoptac",
    "random",
    "preferential_attachment",
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
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

/// How to evaluate.
#[derive(Clone, Debug)]
pub struct EvalConfig {
    pub split_year: u16,
    pub k: usize,
    pub level: Level,
    /// Evaluate at most this many queries (drawn with `seed`); 0 = all.
    pub max_queries: usize,
    /// Seeds the random baseline, the tie-breaks and the query sample.
    pub seed: u64,
}

/// The mean metrics of one method.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodScore {
    pub method: &'static str,
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub map: f64,
    pub auc: f64,
}

/// The result of an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub level: Level,
    pub split_year: u16,
    pub k: usize,
    /// Entities present in the learning data.
    pub present: usize,
    /// New links after the split among present entities (each pair once).
    pub positives: usize,
    /// The years the positives first appeared in.
    pub test_years: (u16, u16),
    /// Queries with a positive, and how many of them were evaluated.
    pub queries_available: usize,
    pub queries: usize,
    /// Mean number of candidates per evaluated query.
    pub mean_candidates: f64,
    /// True when expertise, h-indexes and paper counts came from the full dataset (no `--train`).
    pub leaky: bool,
    pub methods: Vec<MethodScore>,
}

/// Why an evaluation could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    #[error("{0}")]
    Train(String),
    #[error("nothing to evaluate: {0}")]
    Nothing(String),
}

/// The learning dataset: the training dataset checked, or the full one cut at the split year.
fn learning(full: &Dataset, train: Option<&Dataset>, y: u16) -> Result<Dataset, EvalError> {
    match train {
        Some(t) => {
            if let Some(c) = t.coauthorships.iter().find(|c| c.last_year > y) {
                return Err(EvalError::Train(format!(
                    "the training dataset has a co-authorship in {} (between {} and {}), after the split year {y}: import it with --until {y}",
                    c.last_year,
                    t.researcher(c.a).id,
                    t.researcher(c.b).id
                )));
            }
            Ok(t.clone())
        }
        None => {
            let mut d = full.clone();
            d.coauthorships.retain(|c| c.first_year <= y);
            for c in &mut d.coauthorships {
                c.last_year = c.last_year.min(y);
            }
            Ok(d)
        }
    }
}

/// The graph the baselines walk, who is present, and the new links `(a, b, first year)`.
type Setup = (Vec<Vec<u32>>, Vec<bool>, Vec<(u32, u32, u16)>);

/// One query's data, shared by every method.
struct Query {
    node: u32,
    candidates: Vec<u32>,
    relevant: Vec<bool>,
}

/// The per-method sums over queries: precision, recall, nDCG, AP, AUC, queries with an AUC.
type Sums = [[f64; 6]; 6];

/// Evaluates the engine and the baselines. `profile` gives the engine's weights.
pub fn evaluate(
    full: &Dataset,
    train: Option<&Dataset>,
    cfg: &EvalConfig,
    profile: &Profile,
) -> Result<Evaluation, EvalError> {
    let y = cfg.split_year;
    let learn = learning(full, train, y)?;
    let g = Graph::build(learn);
    let ds = g.data();
    let same = train.is_none();
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

    // The graph the baselines walk, who is present, and the new links.
    let (adj, present, new_links): Setup = match cfg.level {
        Level::Researcher => {
            let adj: Vec<Vec<u32>> = ds
                .researcher_ids()
                .map(|r| g.coauthors(r).iter().map(|l| l.other.0).collect())
                .collect();
            let present: Vec<bool> = adj.iter().map(|a| !a.is_empty()).collect();
            let links = full
                .coauthorships
                .iter()
                .filter(|c| c.first_year > y)
                .filter_map(|c| Some((map_researcher(c.a)?, map_researcher(c.b)?, c.first_year)))
                .collect();
            (adj, present, links)
        }
        Level::Institution => {
            let nu = ds.universities.len();
            let mut sets: Vec<Vec<u32>> = vec![Vec::new(); nu];
            let mut present = vec![false; nu];
            for c in &ds.coauthorships {
                let (a, b) = (ds.researcher(c.a).university, ds.researcher(c.b).university);
                present[a.ix()] = true;
                present[b.ix()] = true;
                if a != b {
                    sets[a.ix()].push(b.0);
                    sets[b.ix()].push(a.0);
                }
            }
            if let Some(u) = ds.university_by_id("unknown") {
                present[u.ix()] = false;
            }
            for s in &mut sets {
                s.sort_unstable();
                s.dedup();
            }
            let links = full
                .coauthorships
                .iter()
                .filter(|c| c.first_year > y)
                .filter_map(|c| {
                    let a = map_uni(full.researcher(c.a).university)?;
                    let b = map_uni(full.researcher(c.b).university)?;
                    Some((a, b, c.first_year))
                })
                .collect();
            (sets, present, links)
        }
    };
    let n = adj.len();
    let linked = |a: u32, b: u32| adj[a as usize].binary_search(&b).is_ok();
    let mut pos: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut test_years = (u16::MAX, 0u16);
    for (a, b, year) in new_links {
        if a == b || !present[a as usize] || !present[b as usize] || linked(a, b) {
            continue;
        }
        pos[a as usize].push(b);
        pos[b as usize].push(a);
        test_years = (test_years.0.min(year), test_years.1.max(year));
    }
    for p in &mut pos {
        p.sort_unstable();
        p.dedup();
    }
    let positives = pos.iter().map(Vec::len).sum::<usize>() / 2;
    let present_list: Vec<u32> = (0..n as u32).filter(|&v| present[v as usize]).collect();
    let mut queries: Vec<u32> = (0..n as u32)
        .filter(|&v| !pos[v as usize].is_empty())
        .collect();
    let queries_available = queries.len();
    if queries.is_empty() {
        return Err(EvalError::Nothing(format!(
            "no {} present up to {y} has a new collaboration after it ({} present, {} co-authorships learned); try an earlier --split-year",
            cfg.level.as_str(),
            present_list.len(),
            ds.coauthorships.len()
        )));
    }
    if cfg.max_queries > 0 && queries.len() > cfg.max_queries {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(cfg.seed);
        queries.shuffle(&mut rng);
        queries.truncate(cfg.max_queries);
        queries.sort_unstable();
    }

    let graph = Adjacency { adj: &adj };
    let k = cfg.k;
    let seed = cfg.seed;
    let per_query: Vec<(Sums, usize)> = queries
        .par_iter()
        .map_init(
            || TwoStep::new(n),
            |two, &q| {
                let candidates: Vec<u32> = present_list
                    .iter()
                    .copied()
                    .filter(|&c| c != q && !linked(q, c))
                    .collect();
                let relevant: Vec<bool> = candidates
                    .iter()
                    .map(|c| pos[q as usize].binary_search(c).is_ok())
                    .collect();
                let query = Query {
                    node: q,
                    candidates,
                    relevant,
                };
                two.fill(&graph, q);
                let engine = match cfg.level {
                    Level::Researcher => query
                        .candidates
                        .iter()
                        .map(|&c| {
                            score::best_field_score(
                                &g,
                                ResearcherIdx(q),
                                ResearcherIdx(c),
                                &profile.pairs,
                            )
                        })
                        .collect(),
                    Level::Institution => partner_scores(&g, UniIdx(q), &query.candidates, profile),
                };
                let scores: [Vec<f64>; 6] = [
                    engine,
                    query
                        .candidates
                        .iter()
                        .map(|&c| baselines::random_score(seed, q, c))
                        .collect(),
                    query
                        .candidates
                        .iter()
                        .map(|&c| baselines::preferential_attachment(&graph, q, c))
                        .collect(),
                    query
                        .candidates
                        .iter()
                        .map(|&c| two.cn[c as usize])
                        .collect(),
                    query
                        .candidates
                        .iter()
                        .map(|&c| two.aa[c as usize])
                        .collect(),
                    query
                        .candidates
                        .iter()
                        .map(|&c| two.ra[c as usize])
                        .collect(),
                ];
                let mut sums: Sums = [[0.0; 6]; 6];
                for (m, s) in scores.iter().enumerate() {
                    sums[m] = query_metrics(&query, s, k, seed);
                }
                (sums, query.candidates.len())
            },
        )
        .collect();

    let mut total: Sums = [[0.0; 6]; 6];
    let mut cand = 0usize;
    for (s, c) in &per_query {
        cand += c;
        for m in 0..6 {
            for j in 0..6 {
                total[m][j] += s[m][j];
            }
        }
    }
    let nq = per_query.len() as f64;
    let methods = METHODS
        .iter()
        .enumerate()
        .map(|(m, name)| MethodScore {
            method: name,
            precision: total[m][0] / nq,
            recall: total[m][1] / nq,
            ndcg: total[m][2] / nq,
            map: total[m][3] / nq,
            auc: if total[m][5] > 0.0 {
                total[m][4] / total[m][5]
            } else {
                0.0
            },
        })
        .collect();
    Ok(Evaluation {
        level: cfg.level,
        split_year: y,
        k,
        present: present_list.len(),
        positives,
        test_years,
        queries_available,
        queries: per_query.len(),
        mean_candidates: cand as f64 / nq,
        leaky: train.is_none(),
        methods,
    })
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

/// Precision@k, recall@k, nDCG@k, AP, AUC and whether the AUC is defined, for one method's
/// scores of one query's candidates. The ranking is by score, best first, ties broken by a
/// seeded hash of (query, candidate).
fn query_metrics(q: &Query, scores: &[f64], k: usize, seed: u64) -> [f64; 6] {
    let tie = |c: u32| baselines::mix(seed ^ (u64::from(q.node) << 32 | u64::from(c)));
    let mut order: Vec<usize> = (0..q.candidates.len()).collect();
    let keys: Vec<u64> = q.candidates.iter().map(|&c| tie(c)).collect();
    order.sort_unstable_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(keys[a].cmp(&keys[b])));
    let ranked: Vec<bool> = order.iter().map(|&i| q.relevant[i]).collect();
    let p = q.relevant.iter().filter(|r| **r).count();
    let auc = metrics::auc(scores, &q.relevant);
    [
        metrics::precision_at_k(&ranked, k),
        metrics::recall_at_k(&ranked, k, p),
        metrics::ndcg_at_k(&ranked, k, p),
        metrics::average_precision(&ranked, p),
        auc.unwrap_or(0.0),
        f64::from(u8::from(auc.is_some())),
    ]
}

/// The evaluation as a table: one row per method.
pub fn table(e: &Evaluation) -> crate::table::Table {
    use crate::table::{Cell, Table};
    let k = e.k;
    let cols = [
        "method".to_string(),
        format!("precision@{k}"),
        format!("recall@{k}"),
        format!("ndcg@{k}"),
        "map".to_string(),
        "auc".to_string(),
    ];
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let title = format!(
        "{} level, learned up to {}, tested on {}–{}: {} of {} queries, {} new collaborations among {} present, {:.0} candidates per query",
        e.level.as_str(),
        e.split_year,
        e.test_years.0,
        e.test_years.1,
        e.queries,
        e.queries_available,
        e.positives,
        e.present,
        e.mean_candidates
    );
    let mut t = Table::new("evaluation", &title, &col_refs);
    for m in &e.methods {
        t.push(vec![
            Cell::from(m.method),
            Cell::Float(m.precision, 4),
            Cell::Float(m.recall, 4),
            Cell::Float(m.ndcg, 4),
            Cell::Float(m.map, 4),
            Cell::Float(m.auc, 4),
        ]);
    }
    if e.leaky {
        t.notes.push(
            "expertise, h-indexes and paper counts come from every year (no --train): they leak the future into the engine's profile components".into(),
        );
    }
    t
}

/// The evaluation as a JSON document.
pub fn json(e: &Evaluation) -> serde_json::Value {
    let r = |x: f64| (x * 1e6).round() / 1e6;
    serde_json::json!({
        "level": e.level.as_str(),
        "split_year": e.split_year,
        "k": e.k,
        "present": e.present,
        "positives": e.positives,
        "test_years": [e.test_years.0, e.test_years.1],
        "queries": e.queries,
        "queries_available": e.queries_available,
        "mean_candidates": r(e.mean_candidates),
        "leaky": e.leaky,
        "methods": e.methods.iter().map(|m| serde_json::json!({
            "method": m.method,
            "precision_at_k": r(m.precision),
            "recall_at_k": r(m.recall),
            "ndcg_at_k": r(m.ndcg),
            "map": r(m.map),
            "auc": r(m.auc),
        })).collect::<Vec<_>>(),
    })
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
                id: id.to_string(),
                name: id.to_string(),
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
        ];
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
        assert_eq!((e.present, e.positives, e.queries), (4, 1, 2));
        assert_eq!(e.test_years, (2005, 2005));
        assert!((e.mean_candidates - 1.5).abs() < 1e-12);
        let aa = e
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
    }

    /// Institutions: u1 = {a, b}, u2 = {c, d, e}. b–c (2001) links u1 and u2 before the
    /// split, so the later a–c adds nothing new: no positive.
    #[test]
    fn institution_level_needs_a_new_pair_of_institutions() {
        let ds = dataset();
        let err = evaluate(&ds, None, &cfg(Level::Institution), &Profile::default()).unwrap_err();
        assert!(matches!(err, EvalError::Nothing(_)), "{err}");
    }

    #[test]
    fn training_data_after_the_split_is_refused() {
        let ds = dataset();
        let err =
            evaluate(&ds, Some(&ds), &cfg(Level::Researcher), &Profile::default()).unwrap_err();
        assert!(
            err.to_string().contains("import it with --until 2003"),
            "{err}"
        );
    }
}
