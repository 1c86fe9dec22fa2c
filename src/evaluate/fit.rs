//! Fitting the profile to a user's own history (`hoptac evaluate --fit`): the weights of the
//! pair score (researcher level) or of the partner score (institution level) chosen on an
//! **inner split strictly before the split year**.
//!
//! # What is seen
//! [`fit`] receives only the learning data of the outer split Y (the `--train` import, or the
//! full dataset cut at Y): nothing after Y is ever read. It cuts that data again at
//! Y − [`FitOptions::years`], learns from what comes before and takes as positives the new
//! links of (Y − years, Y] — the same definitions as the outer evaluation ([`super`]), one
//! level down. (Inside the inner split the expertise and h-indexes are those up to Y, as an
//! evaluation without `--train` sees them; the outer split is not touched by that.)
//!
//! # How
//! Coordinate search over a few named weights ([`knobs`]), each on a small fixed grid: for
//! each weight in turn, every grid value is tried with the others held, and the best one is
//! kept only when its mean nDCG@k over the inner queries (the exact expectation over random
//! tie-breaks, [`super::metrics::expected`]) beats the current one by more than twice the
//! standard error of the paired difference (the evaluation's "exceeds noise") — on a small
//! history a lucky query does not move a weight — and only when it loses on none of the
//! inner splits, pooled a year apart ([`FitOptions::folds`]): whom people work with next
//! drifts with time, and a weight that helps one period and hurts another is left alone.
//! Passes repeat until nothing moves ([`FitOptions::rounds`] at most). Grid order, query
//! order and the sums are fixed, so the fit is deterministic and the same for any thread
//! count. At the researcher level `closeness` stays 1 and sets the scale (only ratios
//! matter); the fitted profile is still a sum of the same named components.

use rayon::prelude::*;

use super::{expected_metrics, learning, mean_se, prepare, EvalConfig, EvalError, Key, Level};
use crate::model::Dataset;
use crate::profile::Profile;
use crate::score;

/// How to fit.
#[derive(Clone, Debug, PartialEq)]
pub struct FitOptions {
    /// The latest inner split is this many years before the outer one (≥ 1). The fit pools
    /// `folds` inner splits, a year apart, that have a query, and more while they hold fewer
    /// than `min_queries` queries in all (at most [`MAX_EXTRA_YEARS`] years earlier), so a
    /// sparse history is still fitted on its latest years.
    pub years: u16,
    /// The fewest inner queries to fit on, over every inner split (≥ 1).
    pub min_queries: usize,
    /// Fit on at most this many queries per inner split, drawn with the seed (0 = all).
    pub max_queries: usize,
    /// How many inner splits to pool (the latest ones with a query; ≥ 1).
    pub folds: usize,
    /// Passes over the weights at most (≥ 1).
    pub rounds: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            years: 3,
            min_queries: 10,
            max_queries: 200,
            folds: 3,
            rounds: 2,
        }
    }
}

/// How many years earlier than [`FitOptions::years`] the inner split may move.
pub const MAX_EXTRA_YEARS: u16 = 10;

/// One weight the fit may move, and the values it tries.
pub struct Knob {
    /// The profile key, `section.name`.
    pub key: &'static str,
    pub grid: &'static [f64],
    get: fn(&Profile) -> f64,
    set: fn(&mut Profile, f64),
}

/// The weights fitted at `level`, in the order they are tried: those of the components the
/// inner split sees as they were at its year — co-authorships, their years and the term
/// profiles. The expertise levels and h-indexes of the learning data are those up to Y, so
/// inside the inner split they would leak its test years into `shared`, `complementary`,
/// `seniority` (pairs) and `strength`, `complementarity` (partner): those weights are kept.
pub fn knobs(level: Level) -> &'static [Knob] {
    match level {
        Level::Researcher => &PAIR_KNOBS,
        Level::Institution => &PARTNER_KNOBS,
    }
}

static PAIR_KNOBS: [Knob; 7] = [
    Knob {
        key: "pairs.recency",
        grid: &[0.0, 0.05, 0.15, 0.3, 0.5],
        get: |p| p.pairs.recency,
        set: |p, v| p.pairs.recency = v,
    },
    Knob {
        key: "pairs.topics",
        grid: &[0.0, 0.03, 0.1, 0.2, 0.4],
        get: |p| p.pairs.topics,
        set: |p, v| p.pairs.topics = v,
    },
    Knob {
        key: "pairs.topic_activity",
        grid: &[0.0, 0.5, 1.0],
        get: |p| p.pairs.topic_activity,
        set: |p, v| p.pairs.topic_activity = v,
    },
    Knob {
        key: "pairs.path_half_life_years",
        grid: &[0.0, 2.0, 4.0, 8.0],
        get: |p| p.pairs.path_half_life_years,
        set: |p, v| p.pairs.path_half_life_years = v,
    },
    Knob {
        key: "pairs.three_step",
        grid: &[0.0, 0.01, 0.05],
        get: |p| p.pairs.three_step,
        set: |p, v| p.pairs.three_step = v,
    },
    Knob {
        key: "pairs.bridges",
        grid: &[0.0, 0.05, 0.15, 0.5],
        get: |p| p.pairs.bridges,
        set: |p, v| p.pairs.bridges = v,
    },
    Knob {
        key: "pairs.country",
        grid: &[0.0, 0.01, 0.03, 0.1],
        get: |p| p.pairs.country,
        set: |p, v| p.pairs.country = v,
    },
];

static PARTNER_KNOBS: [Knob; 5] = [
    Knob {
        key: "partner.activity",
        grid: &[0.0, 0.05, 0.1, 0.2, 0.4],
        get: |p| p.partner.activity,
        set: |p, v| p.partner.activity = v,
    },
    Knob {
        key: "partner.topics",
        grid: &[0.0, 0.1, 0.3, 0.6],
        get: |p| p.partner.topics,
        set: |p, v| p.partner.topics = v,
    },
    Knob {
        key: "partner.ties",
        grid: &[0.0, 0.15, 0.3],
        get: |p| p.partner.ties,
        set: |p, v| p.partner.ties = v,
    },
    Knob {
        key: "partner.region",
        grid: &[0.0, 0.1, 0.2],
        get: |p| p.partner.region,
        set: |p, v| p.partner.region = v,
    },
    Knob {
        key: "partner.country",
        grid: &[0.0, 0.1, 0.2, 0.4],
        get: |p| p.partner.country,
        set: |p, v| p.partner.country = v,
    },
];

/// A weight the fit moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub key: &'static str,
    pub from: f64,
    pub to: f64,
    /// Mean inner nDCG@k after the move, its gain and the standard error of the gain.
    pub ndcg: f64,
    pub gain: f64,
    pub gain_se: f64,
    /// The smallest mean gain over one inner split: a move must not lose on any.
    pub worst_split_gain: f64,
}

/// The result of a fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub level: Level,
    /// The inner split years, latest first (each at least `years` before Y); the positives of
    /// each are the new links of (it, Y].
    pub inner_split_years: Vec<u16>,
    pub split_year: u16,
    /// The years the inner positives first appeared in.
    pub inner_test_years: (u16, u16),
    /// Inner queries with a positive, and how many the fit used (summed over the inner splits).
    pub queries_available: usize,
    pub queries: usize,
    /// Mean inner nDCG@k of the starting profile and of the fitted one, and the standard error
    /// of their paired difference.
    pub start_ndcg: f64,
    pub fitted_ndcg: f64,
    pub gain_se: f64,
    /// The moves, in order.
    pub steps: Vec<Step>,
    /// Every weight's best other value in each pass, moved or not (the moves are those whose
    /// gain exceeds twice its standard error): what the history says about each weight.
    pub trials: Vec<Step>,
    /// Profiles evaluated.
    pub tried: usize,
    /// The starting profile with the fitted weights.
    pub profile: Profile,
}

/// The inner queries of every inner split (the split's position, the query, its candidates
/// and which are positives), computed once.
struct Inner {
    splits: Vec<super::Split>,
    queries: Vec<(usize, u32, Vec<u32>, Vec<bool>)>,
    k: usize,
}

impl Inner {
    /// nDCG@k of every inner query with `profile`, in query order.
    fn ndcg(&self, profile: &Profile) -> Vec<f64> {
        self.queries
            .par_iter()
            .map_init(
                score::pairs::Reach::new,
                |reach, (i, q, cands, relevant)| {
                    let keys: Vec<Key> = self.splits[*i].engine_keys(reach, *q, cands, profile);
                    let all = vec![true; cands.len()];
                    expected_metrics(&keys, relevant, &all, self.k).ndcg
                },
            )
            .collect()
    }

    /// The smallest mean, over the inner splits, of per-query values `v` (in query order).
    fn worst_split(&self, v: &[f64]) -> f64 {
        let mut sum = vec![(0.0, 0usize); self.splits.len()];
        for ((i, ..), x) in self.queries.iter().zip(v) {
            sum[*i].0 += x;
            sum[*i].1 += 1;
        }
        sum.iter()
            .filter(|s| s.1 > 0)
            .map(|s| s.0 / s.1 as f64)
            .fold(f64::INFINITY, f64::min)
    }
}

fn mean(v: &[f64]) -> f64 {
    mean_se(v).0
}

/// Fits `start`'s weights at `cfg.level` on the inner split of `learn` (the learning data of
/// the outer split `cfg.split_year`; see the module doc).
pub fn fit(
    learn: &Dataset,
    cfg: &EvalConfig,
    opts: &FitOptions,
    start: &Profile,
) -> Result<Fit, EvalError> {
    if opts.years == 0 || opts.years >= cfg.split_year {
        return Err(EvalError::Option {
            option: "fit_years",
            value: opts.years.to_string(),
            expected: "at least 1 year, and before the split year",
        });
    }
    if opts.rounds == 0 {
        return Err(EvalError::Option {
            option: "fit_rounds",
            value: "0".into(),
            expected: "at least 1",
        });
    }
    // The latest `folds` inner splits with a query, and earlier ones while they hold fewer
    // than `min_queries` queries in all.
    let min_queries = opts.min_queries.max(1);
    let mut splits: Vec<(u16, super::Split)> = Vec::new();
    let mut total = 0;
    for years in opts.years..=opts.years.saturating_add(MAX_EXTRA_YEARS) {
        if splits.len() >= opts.folds.max(1) && total >= min_queries {
            break;
        }
        let Some(y_in) = cfg.split_year.checked_sub(years).filter(|&y| y > 0) else {
            break;
        };
        let inner_cfg = EvalConfig {
            split_year: y_in,
            max_queries: opts.max_queries,
            seed: cfg.seed.wrapping_add(u64::from(years)),
            ..cfg.clone()
        };
        match prepare(learn, learning(learn, None, y_in)?, true, &inner_cfg) {
            Ok(split) => {
                total += split.queries.len();
                splits.push((y_in, split));
            }
            Err(EvalError::Nothing(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if total < min_queries {
        return Err(EvalError::NothingToFit {
            split_year: cfg.split_year,
            from: cfg.split_year.saturating_sub(opts.years),
            to: cfg
                .split_year
                .saturating_sub(opts.years.saturating_add(MAX_EXTRA_YEARS))
                .max(1),
            min_queries,
            best: total,
        });
    }
    let queries_available = splits.iter().map(|(_, s)| s.available_queries()).sum();
    let inner_test_years = splits
        .iter()
        .flat_map(|(_, s)| s.pos.iter().flatten())
        .fold((u16::MAX, 0), |(a, b), &(_, y)| (a.min(y), b.max(y)));
    let inner_split_years = splits.iter().map(|(y, _)| *y).collect();
    let queries = splits
        .iter()
        .enumerate()
        .flat_map(|(i, (_, split))| {
            split.queries.iter().map(move |&q| {
                let (c, r) = split.candidates(q);
                (i, q, c, r)
            })
        })
        .collect();
    let inner = Inner {
        splits: splits.into_iter().map(|(_, s)| s).collect(),
        queries,
        k: cfg.k,
    };

    let mut current = start.clone();
    let mut cur = inner.ndcg(&current);
    let start_ndcg = mean(&cur);
    let mut steps = Vec::new();
    let mut trials = Vec::new();
    let mut tried = 1;
    for _ in 0..opts.rounds {
        let mut moved = false;
        for knob in knobs(cfg.level) {
            let from = (knob.get)(&current);
            let mut best: Option<(f64, Profile, Vec<f64>)> = None;
            for &v in knob.grid {
                if v == from {
                    continue;
                }
                let mut p = current.clone();
                (knob.set)(&mut p, v);
                let s = inner.ndcg(&p);
                tried += 1;
                let m = mean(&s);
                if best.as_ref().is_none_or(|b| m > mean(&b.2)) {
                    best = Some((v, p, s));
                }
            }
            let Some((to, p, s)) = best else { continue };
            let diffs: Vec<f64> = s.iter().zip(&cur).map(|(a, b)| a - b).collect();
            let (gain, se) = mean_se(&diffs);
            let worst_split_gain = inner.worst_split(&diffs);
            let step = Step {
                key: knob.key,
                from,
                to,
                ndcg: mean(&s),
                gain,
                gain_se: se,
                worst_split_gain,
            };
            trials.push(step.clone());
            if gain > 2.0 * se && gain > 1e-12 && worst_split_gain >= 0.0 {
                steps.push(step);
                current = p;
                cur = s;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let fitted_ndcg = mean(&cur);
    let start_scores = if steps.is_empty() {
        cur.clone()
    } else {
        inner.ndcg(start)
    };
    let diffs: Vec<f64> = cur.iter().zip(&start_scores).map(|(a, b)| a - b).collect();
    Ok(Fit {
        level: cfg.level,
        inner_split_years,
        split_year: cfg.split_year,
        inner_test_years,
        queries_available,
        queries: inner.queries.len(),
        start_ndcg,
        fitted_ndcg,
        gain_se: mean_se(&diffs).1,
        steps,
        trials,
        tried,
        profile: current,
    })
}

/// `2005, 2004, 2003`.
pub fn years_list(v: &[u16]) -> String {
    v.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

/// The fitted profile as TOML, loadable with `--profile`: a header saying how it was fitted,
/// then every section.
pub fn profile_toml(f: &Fit) -> String {
    let mut s = format!(
        "# hoptac profile fitted by `hoptac evaluate --fit` at the {} level on the inner splits {} \
         (each learned up to its year, tested on its new links up to {}; {} queries, the new \
         links of {}–{}), nothing after {} read.\n\
         # inner nDCG: {:.4} with the starting profile, {:.4} fitted (± {:.4}).\n",
        f.level,
        years_list(&f.inner_split_years),
        f.split_year,
        f.queries,
        f.inner_test_years.0,
        f.inner_test_years.1,
        f.split_year,
        f.start_ndcg,
        f.fitted_ndcg,
        f.gain_se
    );
    if f.steps.is_empty() {
        s.push_str("# no weight moved: the starting profile as it was.\n");
    }
    for st in &f.steps {
        s.push_str(&format!(
            "# {} {} -> {} (inner nDCG {:.4}, gain {:+.4} ± {:.4})\n",
            st.key, st.from, st.to, st.ndcg, st.gain, st.gain_se
        ));
    }
    s.push('\n');
    s.push_str(&toml::to_string(&f.profile).expect("a profile serialises"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{evaluate_with, EvalOptions, FITTED};
    use crate::model::*;

    /// One university, no fields. Researchers q, a, p, b, n, c; co-authorships q–a, p–b, n–c
    /// (2000), then q–p (2004) and a–b (2007). q and p both publish on *flood* (2000), nobody
    /// else has terms. `extra` adds what happens after 2005 only: a newcomer z, n–z (2008),
    /// q–n (2009) and a *flood* row for n in 2008.
    fn dataset(extra: bool) -> Dataset {
        let mut ds = Dataset::default();
        ds.universities.push(University {
            id: "u".into(),
            short_name: "u".into(),
            name_vi: "u".into(),
            name_en: "u".into(),
            city: "x".into(),
            region: Region::North,
            country: "VN".into(),
            consortium: false,
            aliases: Vec::new(),
        });
        let ids: &[&str] = if extra {
            &["q", "a", "p", "b", "n", "c", "z"]
        } else {
            &["q", "a", "p", "b", "n", "c"]
        };
        for id in ids {
            ds.researchers.push(Researcher {
                id: (*id).into(),
                name: (*id).into(),
                university: UniIdx(0),
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
            co(0, 1, 2000),
            co(0, 2, 2004),
            co(1, 3, 2007),
            co(2, 3, 2000),
            co(4, 5, 2000),
        ]
        .into();
        ds.terms.push(Term {
            name: "flood".into(),
            key: "flood".into(),
        });
        let tw = |r: u32, y: u16| TermWeight {
            researcher: ResearcherIdx(r),
            term: TermIdx(0),
            weight: 1.0,
            year: y,
        };
        ds.term_weights = vec![tw(0, 2000), tw(2, 2000)];
        if extra {
            ds.coauthorships
                .to_mut()
                .extend([co(0, 4, 2009), co(4, 6, 2008)]);
            ds.coauthorships.to_mut().sort_by_key(|c| (c.a, c.b));
            ds.term_weights.push(tw(4, 2008));
        }
        ds.reindex();
        ds
    }

    fn cfg() -> EvalConfig {
        EvalConfig {
            split_year: 2005,
            k: 10,
            level: Level::Researcher,
            max_queries: 0,
            seed: 1,
        }
    }

    fn opts() -> EvalOptions {
        EvalOptions {
            fit: Some(FitOptions {
                years: 3,
                min_queries: 1,
                max_queries: 0,
                folds: 1,
                rounds: 2,
            }),
            ..EvalOptions::default()
        }
    }

    fn no_topics() -> Profile {
        let mut p = Profile::default();
        p.pairs.topics = 0.0;
        p
    }

    /// Inner split 2002: present q, a, p, b, n, c; the one positive q–p (2004); queries q and
    /// p, each with four candidates (everyone but itself and its co-author). Without topics
    /// every candidate ties (no paths, same activity, seniority and capacity), so the expected
    /// nDCG@10 of the positive is the mean over positions 1–4 of 1 / log2(position + 1):
    /// (1 + 1/log2 3 + 1/2 + 1/log2 5) / 4. The first topic weight tried above 0 (0.03) puts
    /// the positive first for both queries (nDCG 1, the same gain for both: standard error 0);
    /// nothing else changes an order.
    #[test]
    fn the_fit_moves_only_the_weight_that_separates_by_hand() {
        let ds = dataset(false);
        let e = evaluate_with(&ds, None, &cfg(), &opts(), &no_topics()).unwrap();
        let f = e.fit.as_ref().unwrap();
        assert_eq!(f.inner_split_years, [2002]);
        assert_eq!(f.inner_test_years, (2004, 2004));
        assert_eq!((f.queries, f.queries_available), (2, 2));
        let tied = (1.0 + 1.0 / 3f64.log2() + 0.5 + 1.0 / 5f64.log2()) / 4.0;
        assert!((f.start_ndcg - tied).abs() < 1e-12, "{}", f.start_ndcg);
        assert!((f.fitted_ndcg - 1.0).abs() < 1e-12);
        assert_eq!(f.steps.len(), 1, "{:?}", f.steps);
        let s = &f.steps[0];
        assert_eq!((s.key, s.from, s.to), ("pairs.topics", 0.0, 0.03));
        assert!((s.gain - (1.0 - tied)).abs() < 1e-12 && s.gain_se == 0.0);
        assert_eq!(s.worst_split_gain, s.gain, "one inner split");
        let mut want = no_topics();
        want.pairs.topics = 0.03;
        assert_eq!(f.profile, want);
        // The outer table has the fitted engine beside the starting one, compared with it.
        let fs = e.all.fitted.as_ref().unwrap();
        assert_eq!(fs.score.method, FITTED);
        assert_eq!(fs.versus[0].baseline, "hoptac");
        assert_eq!(fs.versus.len(), crate::evaluate::METHODS.len());
    }

    /// Whatever happens after the split year (new researchers, co-authorships, terms), the
    /// fitted profile is the same, although the outer evaluation changes.
    #[test]
    fn nothing_after_the_split_year_changes_the_fit() {
        let (a, b) = (dataset(false), dataset(true));
        let ea = evaluate_with(&a, None, &cfg(), &opts(), &no_topics()).unwrap();
        let eb = evaluate_with(&b, None, &cfg(), &opts(), &no_topics()).unwrap();
        assert_ne!(ea.all.queries, eb.all.queries, "the outer test differs");
        assert_eq!(ea.fit, eb.fit);
        // With a training dataset the fit sees only it.
        let train = crate::evaluate::learning(&a, None, 2005).unwrap();
        let ta = evaluate_with(&a, Some(&train), &cfg(), &opts(), &no_topics()).unwrap();
        let tb = evaluate_with(&b, Some(&train), &cfg(), &opts(), &no_topics()).unwrap();
        assert_eq!(ta.fit, tb.fit);
        assert_eq!(ta.fit, ea.fit);
    }

    #[test]
    fn the_fitted_profile_reads_back_as_toml() {
        let e = evaluate_with(&dataset(false), None, &cfg(), &opts(), &no_topics()).unwrap();
        let f = e.fit.unwrap();
        let text = profile_toml(&f);
        assert!(text.starts_with("# hoptac profile fitted"), "{text}");
        assert!(text.contains("# pairs.topics 0 -> 0.03"), "{text}");
        assert_eq!(Profile::from_toml(&text, "fitted.toml").unwrap(), f.profile);
    }

    /// Every knob names a real profile key, and every value of its grid is a valid value of it.
    #[test]
    fn every_knob_is_a_profile_key_with_valid_values() {
        for level in [Level::Researcher, Level::Institution] {
            for k in knobs(level) {
                let (section, name) = k.key.split_once('.').unwrap();
                for &v in k.grid {
                    let p = Profile::from_toml(&format!("[{section}]\n{name} = {v:?}\n"), "k")
                        .unwrap_or_else(|e| panic!("{}: {e}", k.key));
                    assert_eq!((k.get)(&p), v, "{}", k.key);
                    let mut q = Profile::default();
                    (k.set)(&mut q, v);
                    assert_eq!(q, p, "{}", k.key);
                }
            }
        }
    }

    #[test]
    fn an_inner_split_without_new_links_is_nothing_to_fit() {
        // Inner splits 2004 back to 1994: 2004 has no new link (q–p appears in 2004, not
        // after it), 2003 to 2000 two queries each (q and p), 1999 and earlier nobody present.
        let with = |min_queries, folds| EvalOptions {
            fit: Some(FitOptions {
                years: 1,
                min_queries,
                folds,
                ..FitOptions::default()
            }),
            ..EvalOptions::default()
        };
        let err =
            evaluate_with(&dataset(false), None, &cfg(), &with(9, 1), &no_topics()).unwrap_err();
        assert_eq!(
            err,
            EvalError::NothingToFit {
                split_year: 2005,
                from: 2004,
                to: 1994,
                min_queries: 9,
                best: 8
            }
        );
        let fit_of = |min_queries, folds| {
            evaluate_with(
                &dataset(false),
                None,
                &cfg(),
                &with(min_queries, folds),
                &no_topics(),
            )
            .unwrap()
            .fit
            .unwrap()
        };
        let f = fit_of(2, 1);
        assert_eq!((f.inner_split_years, f.queries), (vec![2003], 2));
        // More queries asked for than the latest split has: earlier splits are pooled.
        let f = fit_of(3, 1);
        assert_eq!((f.inner_split_years, f.queries), (vec![2003, 2002], 4));
        let f = fit_of(1, 3);
        assert_eq!(
            (f.inner_split_years, f.queries, f.queries_available),
            (vec![2003, 2002, 2001], 6, 6)
        );
        assert_eq!(f.inner_test_years, (2004, 2004));
        let o = EvalOptions {
            fit: Some(FitOptions {
                years: 0,
                ..FitOptions::default()
            }),
            ..EvalOptions::default()
        };
        let err = evaluate_with(&dataset(false), None, &cfg(), &o, &no_topics()).unwrap_err();
        assert!(matches!(
            err,
            EvalError::Option {
                option: "fit_years",
                ..
            }
        ));
    }
}
