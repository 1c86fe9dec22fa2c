//! Experts for free-text problems ([`experts`]), and how well they match known experts
//! ([`evaluate_experts`]: P@k, recall@k, nDCG@k and MRR of the engine and two baselines).

use std::path::Path;

use rayon::prelude::*;

use super::{Engine, Error, Found, Request};
use crate::evaluate::metrics::{self, Group};
use crate::expert::queries::{self, ProblemText};
use crate::expert::{Analysed, ExpertHit, ExpertWeights, Index, Method};
use crate::model::ResearcherIdx;

/// Where the problem statements come from.
#[derive(Clone, Debug, PartialEq)]
pub enum ProblemInput {
    /// One statement (`--text`, or the whole of `--text-file`), answered as query `1`.
    Text(String),
    /// A CSV problem list (`id,text[,province][,relevant]`, [`crate::expert::queries`]);
    /// `name` (a file name) is used in errors.
    Csv { name: String, text: String },
}

impl ProblemInput {
    /// Reads a file: a CSV problem list when `csv`, else one statement (the whole file).
    pub fn read_file(path: &Path, csv: bool) -> Result<ProblemInput, Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let mut problems = crate::load::Problems::default();
            problems.push(crate::load::Problem {
                file: name.clone(),
                line: None,
                column: None,
                message: format!("cannot read: {e}"),
            });
            Error::Problems {
                file: name.clone(),
                problems,
            }
        })?;
        Ok(if csv {
            ProblemInput::Csv { name, text }
        } else {
            ProblemInput::Text(text)
        })
    }

    /// The problems, parsed.
    pub fn problems(&self) -> Result<Vec<ProblemText>, Error> {
        match self {
            ProblemInput::Text(t) => Ok(vec![ProblemText {
                id: "1".into(),
                text: t.trim().to_string(),
                ..ProblemText::default()
            }]),
            ProblemInput::Csv { name, text } => {
                queries::parse(name, text).map_err(|problems| Error::Problems {
                    file: name.clone(),
                    problems,
                })
            }
        }
    }
}

/// The name of a problem list in errors.
fn input_name(input: &ProblemInput) -> String {
    match input {
        ProblemInput::Text(_) => "--text".into(),
        ProblemInput::Csv { name, .. } => name.clone(),
    }
}

/// Researchers for one or more problem statements.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertsRequest {
    pub input: ProblemInput,
    /// Experts per problem.
    pub top: usize,
    /// Only researchers of this university (id or name).
    pub university: Option<String>,
}

/// The most experts one problem may ask for.
pub const MAX_EXPERTS: usize = 1000;

impl Request for ExpertsRequest {
    fn check(&self) -> Result<(), Error> {
        if self.top == 0 || self.top > MAX_EXPERTS {
            return Err(Error::Invalid {
                field: "top",
                value: self.top.to_string(),
                expected: "from 1 to 1000 experts",
            });
        }
        if let ProblemInput::Text(t) = &self.input {
            if t.trim().is_empty() {
                return Err(Error::Invalid {
                    field: "text",
                    value: format!("{t:?}"),
                    expected: "a problem statement",
                });
            }
        }
        Ok(())
    }
}

/// The experts of one problem.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertAnswer {
    pub problem: ProblemText,
    /// Where the problem is, when its row names a province.
    pub place: Option<crate::expert::province::Place>,
    /// The query as analysed: keys, glossary translations, fields.
    pub analysed: Analysed,
    pub hits: Vec<ExpertHit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpertsResponse {
    pub answers: Vec<ExpertAnswer>,
}

impl Found for ExpertsResponse {
    fn found(&self) -> bool {
        self.answers.iter().any(|a| !a.hits.is_empty())
    }
}

pub fn experts(e: &Engine, req: &ExpertsRequest) -> Result<ExpertsResponse, Error> {
    req.check()?;
    let problems = req.input.problems()?;
    let university = e.optional_university(req.university.as_deref())?;
    let g = e.people();
    let index = Index::build(g, &ExpertWeights::default());
    let ds = g.data();
    let keep = |r: ResearcherIdx| university.is_none_or(|u| ds.researcher(r).university == u);
    // Every province is resolved before any search: one bad row fails the list, with its line.
    let mut places = Vec::with_capacity(problems.len());
    let mut bad = crate::load::Problems::default();
    for p in &problems {
        match p.province.as_deref() {
            None => places.push(None),
            Some(name) => match crate::expert::province::find(name) {
                Some(pl) => places.push(Some(pl)),
                None => bad.push(crate::load::Problem {
                    file: input_name(&req.input),
                    line: (p.line > 0).then_some(p.line),
                    column: None,
                    message: format!(
                        "province {name:?}: expected one of the 63 provinces (Lào Cai, Đà Nẵng, TP. Hồ Chí Minh, …) or a region (north, central, south)"
                    ),
                }),
            },
        }
    }
    if !bad.is_empty() {
        return Err(Error::Problems {
            file: input_name(&req.input),
            problems: bad,
        });
    }
    let answers = problems
        .into_par_iter()
        .zip(places)
        .map(|(problem, place)| {
            let near = place
                .as_ref()
                .map_or_else(Vec::new, |pl| crate::expert::province::nearness(ds, pl));
            let (analysed, hits) =
                index.search_near(g, &problem.text, &near, Method::Engine, req.top, &keep);
            ExpertAnswer {
                problem,
                place,
                analysed,
                hits,
            }
        })
        .collect();
    Ok(ExpertsResponse { answers })
}

/// Scores the experts found for problems with known experts (the `relevant` column).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertsEvaluateRequest {
    pub input: ProblemInput,
    /// The cut-off of P@k, recall@k and nDCG@k.
    pub k: usize,
}

impl Request for ExpertsEvaluateRequest {
    fn check(&self) -> Result<(), Error> {
        if self.k == 0 || self.k > MAX_EXPERTS {
            return Err(Error::Invalid {
                field: "k",
                value: self.k.to_string(),
                expected: "a cut-off from 1 to 1000",
            });
        }
        if matches!(self.input, ProblemInput::Text(_)) {
            return Err(Error::Invalid {
                field: "queries",
                value: "(none)".into(),
                expected: "a problem list with a relevant column",
            });
        }
        Ok(())
    }
}

/// One method's mean metrics over the evaluated problems.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodScores {
    pub method: Method,
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub mrr: f64,
    /// Per problem, nDCG@k (in problem order), for paired differences.
    pub ndcg_each: Vec<f64>,
}

/// The evaluation: every method on the same problems and candidates.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertsEvaluation {
    pub k: usize,
    /// Problems evaluated: those with at least one relevant researcher in the dataset.
    pub problems: usize,
    /// Problems without a relevant researcher in the dataset (not evaluated).
    pub skipped: usize,
    /// Relevant ids not in the dataset (ignored).
    pub unknown_relevant: usize,
    /// Candidates per problem: every researcher of the dataset.
    pub candidates: usize,
    /// Mean relevant researchers per evaluated problem.
    pub mean_relevant: f64,
    /// In [`Method::ALL`] order.
    pub methods: Vec<MethodScores>,
}

impl Found for ExpertsEvaluation {
    fn found(&self) -> bool {
        self.problems > 0
    }
}

/// The expected reciprocal rank of the first relevant candidate over random tie-breaks, given
/// the first tie group that holds a relevant one (`before` ranked above it, `size` in it,
/// `relevant` of them relevant): the first relevant is at group position i with probability
/// Π_{j<i} (size − relevant − j + 1)/(size − j + 1) · relevant/(size − i + 1).
pub fn expected_reciprocal_rank(g: Group) -> f64 {
    let (t, r, b) = (g.size as f64, g.relevant as f64, g.before as f64);
    if g.relevant == 0 {
        return 0.0;
    }
    let mut none_yet = 1.0;
    let mut rr = 0.0;
    for i in 1..=(g.size - g.relevant + 1) {
        let i = i as f64;
        let p = none_yet * r / (t - i + 1.0);
        rr += p / (b + i);
        none_yet *= (t - r - (i - 1.0)) / (t - (i - 1.0));
    }
    rr
}

/// The tie groups holding relevant candidates of a ranking (hits best first, every other
/// candidate tied at score 0 after them).
fn groups(hits: &[ExpertHit], relevant: &[ResearcherIdx], candidates: usize) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut found = 0;
    while i < hits.len() {
        let mut j = i;
        let mut r = 0;
        while j < hits.len() && hits[j].score == hits[i].score {
            r += usize::from(relevant.contains(&hits[j].researcher));
            j += 1;
        }
        if r > 0 {
            out.push(Group {
                before: i,
                size: j - i,
                relevant: r,
            });
            found += r;
        }
        i = j;
    }
    if found < relevant.len() {
        out.push(Group {
            before: hits.len(),
            size: candidates - hits.len(),
            relevant: relevant.len() - found,
        });
    }
    out
}

pub fn evaluate_experts(
    e: &Engine,
    req: &ExpertsEvaluateRequest,
) -> Result<ExpertsEvaluation, Error> {
    req.check()?;
    let problems = req.input.problems()?;
    let g = e.people();
    let ds = g.data();
    let mut unknown = 0;
    let mut skipped = 0;
    let mut evaluated: Vec<(ProblemText, Vec<ResearcherIdx>)> = Vec::new();
    for p in problems {
        let mut rel: Vec<ResearcherIdx> = Vec::new();
        for id in &p.relevant {
            match ds.researcher_by_id(id) {
                Some(r) if !rel.contains(&r) => rel.push(r),
                Some(_) => {}
                None => unknown += 1,
            }
        }
        if rel.is_empty() {
            skipped += 1;
        } else {
            evaluated.push((p, rel));
        }
    }
    let engine = Index::build(g, &ExpertWeights::default());
    let plain = Index::build_plain(g);
    let candidates = ds.researchers.len();
    let k = req.k;
    let methods = Method::ALL
        .iter()
        .map(|&m| {
            let index = if m == Method::PlainBm25 {
                &plain
            } else {
                &engine
            };
            let each: Vec<(metrics::Expected, f64)> = evaluated
                .par_iter()
                .map(|(p, rel)| {
                    let (_, hits) = index.search(g, &p.text, m, 0, &|_| true);
                    let gs = groups(&hits, rel, candidates);
                    let rr = gs.first().map_or(0.0, |&g| expected_reciprocal_rank(g));
                    (metrics::expected(&gs, candidates, k), rr)
                })
                .collect();
            let n = each.len().max(1) as f64;
            MethodScores {
                method: m,
                precision: each.iter().map(|(x, _)| x.precision).sum::<f64>() / n,
                recall: each.iter().map(|(x, _)| x.recall).sum::<f64>() / n,
                ndcg: each.iter().map(|(x, _)| x.ndcg).sum::<f64>() / n,
                mrr: each.iter().map(|(_, rr)| rr).sum::<f64>() / n,
                ndcg_each: each.iter().map(|(x, _)| x.ndcg).collect(),
            }
        })
        .collect();
    let mean_relevant = evaluated.iter().map(|(_, r)| r.len()).sum::<usize>() as f64
        / evaluated.len().max(1) as f64;
    Ok(ExpertsEvaluation {
        k,
        problems: evaluated.len(),
        skipped,
        unknown_relevant: unknown,
        candidates,
        mean_relevant,
        methods,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_reciprocal_rank_by_hand() {
        // One relevant among 4 tied after 2: positions 3..6 equally likely: (1/3+1/4+1/5+1/6)/4.
        let g = Group {
            before: 2,
            size: 4,
            relevant: 1,
        };
        let want = (1.0 / 3.0 + 0.25 + 0.2 + 1.0 / 6.0) / 4.0;
        assert!((expected_reciprocal_rank(g) - want).abs() < 1e-12);
        // Two relevant among 3 at the top: first at 1 w.p. 2/3, at 2 w.p. 1/3 → 2/3 + 1/6.
        let g = Group {
            before: 0,
            size: 3,
            relevant: 2,
        };
        assert!((expected_reciprocal_rank(g) - (2.0 / 3.0 + 1.0 / 6.0)).abs() < 1e-12);
        // No tie: 1 / rank.
        let g = Group {
            before: 4,
            size: 1,
            relevant: 1,
        };
        assert!((expected_reciprocal_rank(g) - 0.2).abs() < 1e-12);
    }
}
