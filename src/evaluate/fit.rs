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
//! tie-breaks, [`super::metrics::expected`]) beats the current one by more than the standard
//! error of the paired difference — on a small history a lucky query does not move a weight.
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
    /// The inner split is this many years before the outer one (≥ 1).
    pub years: u16,
    /// Fit on at most this many inner queries, drawn with the seed (0 = all).
    pub max_queries: usize,
    /// Passes over the weights at most (≥ 1).
    pub rounds: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            years: 3,
            max_queries: 300,
            rounds: 2,
        }
    }
}

/// One weight the fit may move, and the values it tries.
pub struct Knob {
    /// The profile key, `section.name`.
    pub key: &'static str,
    pub grid: &'static [f64],
    get: fn(&Profile) -> f64,
    set: fn(&mut Profile, f64),
}

/// The weights fitted at `level`, in the order they are tried.
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
        key: "pairs.shared",
        grid: &[0.0, 0.02, 0.05, 0.1],
        get: |p| p.pairs.shared,
        set: |p, v| p.pairs.shared = v,
    },
    Knob {
        key: "pairs.seniority",
        grid: &[0.0, 0.005, 0.02],
        get: |p| p.pairs.seniority,
        set: |p, v| p.pairs.seniority = v,
    },
];

static PARTNER_KNOBS: [Knob; 6] = [
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
        key: "partner.strength",
        grid: &[0.0, 0.1, 0.35, 0.7],
        get: |p| p.partner.strength,
        set: |p, v| p.partner.strength = v,
    },
    Knob {
        key: "partner.complementarity",
        grid: &[0.0, 0.1, 0.25, 0.5],
        get: |p| p.partner.complementarity,
        set: |p, v| p.partner.complementarity = v,
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
}

/// The result of a fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub level: Level,
    /// The inner split year (Y − years); positives are the new links of (it, Y].
    pub inner_split_year: u16,
    pub split_year: u16,
    /// The years the inner positives first appeared in.
    pub inner_test_years: (u16, u16),
    /// Inner queries with a positive, and how many the fit used.
    pub queries_available: usize,
    pub queries: usize,
    /// Mean inner nDCG@k of the starting profile and of the fitted one, and the standard error
    /// of their paired difference.
    pub start_ndcg: f64,
    pub fitted_ndcg: f64,
    pub gain_se: f64,
    /// The moves, in order.
    pub steps: Vec<Step>,
    /// Profiles evaluated.
    pub tried: usize,
    /// The starting profile with the fitted weights.
    pub profile: Profile,
}

/// The inner queries: candidates and positives, computed once.
struct Inner {
    split: super::Split,
    queries: Vec<(u32, Vec<u32>, Vec<bool>)>,
    k: usize,
}

impl Inner {
    /// nDCG@k of every inner query with `profile`, in query order.
    fn ndcg(&self, profile: &Profile) -> Vec<f64> {
        self.queries
            .par_iter()
            .map_init(score::pairs::Reach::new, |reach, (q, cands, relevant)| {
                let keys: Vec<Key> = self.split.engine_keys(reach, *q, cands, profile);
                let all = vec![true; cands.len()];
                expected_metrics(&keys, relevant, &all, self.k).ndcg
            })
            .collect()
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
    let y_in = cfg.split_year - opts.years;
    let inner_learn = learning(learn, None, y_in)?;
    let inner_cfg = EvalConfig {
        split_year: y_in,
        max_queries: opts.max_queries,
        ..cfg.clone()
    };
    let split = prepare(learn, inner_learn, true, &inner_cfg).map_err(|e| match e {
        EvalError::Nothing(n) => EvalError::NothingToFit {
            years: opts.years,
            inner: n,
        },
        e => e,
    })?;
    let queries_available = split.pos.iter().filter(|p| !p.is_empty()).count();
    let inner_test_years = split
        .pos
        .iter()
        .flatten()
        .fold((u16::MAX, 0), |(a, b), &(_, y)| (a.min(y), b.max(y)));
    let queries = split
        .queries
        .iter()
        .map(|&q| {
            let (c, r) = split.candidates(q);
            (q, c, r)
        })
        .collect();
    let inner = Inner {
        split,
        queries,
        k: cfg.k,
    };

    let mut current = start.clone();
    let mut cur = inner.ndcg(&current);
    let start_ndcg = mean(&cur);
    let mut steps = Vec::new();
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
            if gain > se && gain > 1e-12 {
                steps.push(Step {
                    key: knob.key,
                    from,
                    to,
                    ndcg: mean(&s),
                    gain,
                    gain_se: se,
                });
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
        inner_split_year: y_in,
        split_year: cfg.split_year,
        inner_test_years,
        queries_available,
        queries: inner.queries.len(),
        start_ndcg,
        fitted_ndcg,
        gain_se: mean_se(&diffs).1,
        steps,
        tried,
        profile: current,
    })
}

/// The fitted profile as TOML, loadable with `--profile`: a header saying how it was fitted,
/// then every section.
pub fn profile_toml(f: &Fit) -> String {
    let mut s = format!(
        "# hoptac profile fitted by `hoptac evaluate --fit` at the {} level: learned up to {}, \
         fitted on the new links of {}–{} ({} queries), nothing after {} read.\n\
         # inner nDCG: {:.4} with the starting profile, {:.4} fitted (± {:.4}).\n",
        f.level,
        f.inner_split_year,
        f.inner_test_years.0,
        f.inner_test_years.1,
        f.queries,
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
                id: id.to_string(),
                name: id.to_string(),
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
        ];
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
            ds.coauthorships.extend([co(0, 4, 2009), co(4, 6, 2008)]);
            ds.coauthorships.sort_by_key(|c| (c.a, c.b));
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
                max_queries: 0,
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
        assert_eq!(f.inner_split_year, 2002);
        assert_eq!(f.inner_test_years, (2004, 2004));
        assert_eq!((f.queries, f.queries_available), (2, 2));
        let tied = (1.0 + 1.0 / 3f64.log2() + 0.5 + 1.0 / 5f64.log2()) / 4.0;
        assert!((f.start_ndcg - tied).abs() < 1e-12, "{}", f.start_ndcg);
        assert!((f.fitted_ndcg - 1.0).abs() < 1e-12);
        assert_eq!(f.steps.len(), 1, "{:?}", f.steps);
        let s = &f.steps[0];
        assert_eq!((s.key, s.from, s.to), ("pairs.topics", 0.0, 0.03));
        assert!((s.gain - (1.0 - tied)).abs() < 1e-12 && s.gain_se == 0.0);
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
        let o = EvalOptions {
            fit: Some(FitOptions {
                years: 1,
                ..FitOptions::default()
            }),
            ..EvalOptions::default()
        };
        // Inner split 2004: q–p appears in 2004, not after it.
        let err = evaluate_with(&dataset(false), None, &cfg(), &o, &no_topics()).unwrap_err();
        assert!(
            matches!(err, EvalError::NothingToFit { years: 1, .. }),
            "{err}"
        );
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
