//! Expert finding: researchers ranked for a free-text problem statement ("Xây dựng hệ thống
//! cảnh báo sớm lũ quét cho các tỉnh miền núi phía Bắc", "predictive maintenance for metro
//! rolling stock"), in Vietnamese or English, with or without diacritics.
//!
//! # The index (built once, [`Index::build`])
//! Each researcher is a document made of their term profile (`terms.csv`, see
//! [`crate::graph::Graph::terms`]): every term is analysed into keys ([`analyze`]: folded
//! syllables and words, English stems, stop words out, neighbouring-word bigrams), and the
//! researcher's frequency of a key is `tf = Σ over their rows of a term with that key:
//! weight · n̂(year) · d(year)`. An imported work gives each of its n terms the weight 1/n, so
//! `n̂(year)` — the researcher's number of distinct terms in that year over the sum of their
//! weights in that year (their number of works then) — turns the weights back into counts of
//! works; `d(year) = ½^((year₀ − year) / h)` is the recency decay (h =
//! [`ExpertWeights::half_life_years`], 0 = none; year₀ = the latest year in the data). The
//! inverted index key → (researcher, tf) is a CSR built in O(rows × keys per term).
//!
//! # The score of a researcher r for a query q
//! `score = w_text · text + w_fields · fields (+ w_near · near)`, each component in [0, 1]
//! (divided by the weight sum when it exceeds 1):
//! - **text**: Okapi BM25 (Robertson and Zaragoza, 2009), `Σ_k q(k) · idf(k) · tf(k)·(k1+1) /
//!   (tf(k) + k1·(1 − b + b·len/avglen))`, `idf(k) = ln(1 + (N − df + ½)/(df + ½))` (N =
//!   researchers with terms, `len` = Σ of their unigram tf), divided by the best BM25 of the
//!   query so the best text match has 1. The query weight `q(k)` is 1 for a word of the query,
//!   `bigram` for a bigram, `glossary` for a word of a translation the glossary adds
//!   ([`glossary`]), `bigram · glossary` for a bigram of one (the largest when a key comes twice).
//! - **fields**: the query's fields — found by the phrases of the keyword → field table
//!   (`datasets/keywords.csv`) and the fields' own names and aliases, in the query and in its
//!   glossary translations (there times `glossary`), each with its best weight w_f — and
//!   `Σ_f w_f · level(r, f) / Σ_f w_f`.
//! - **near** (only for a problem with a province, `--queries … province`): the nearness of
//!   r's university to it ([`province`]: 1 same city, 0.6 same region, 0.2 another). Soft: it
//!   reorders the researchers the text or the fields found, it finds none by itself.
//!
//! Every hit carries its components and is explained by the terms of the researcher's profile
//! that matched (with their years) and the query fields they work in. Ties are broken by
//! researcher index; nothing depends on the thread count.
//!
//! # Complexity
//! A query costs O(Σ over its keys of df(key) + Σ over its fields of the field's members),
//! plus a sort of the candidates.

pub mod analyze;
pub mod glossary;
pub mod held_out;
pub mod province;
pub mod queries;

use rustc_hash::FxHashMap;

use crate::component::Component;
use crate::graph::{Csr, Graph};
use crate::model::*;

pub use analyze::Analyzer;
pub use glossary::{Expansion, Glossary};

/// The weights of expert finding, each documented in the module doc.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertWeights {
    /// Weight of the BM25 text match.
    pub text: f64,
    /// Weight of the field match.
    pub fields: f64,
    /// Weight of the nearness of the researcher's university to the problem's province (only
    /// for a problem with one; see [`province`]).
    pub near: f64,
    /// Query weight of a word that a glossary translation adds.
    pub glossary: f64,
    /// Query weight of a bigram, relative to its words.
    pub bigram: f64,
    /// BM25 saturation.
    pub k1: f64,
    /// BM25 length normalisation.
    pub b: f64,
    /// Half-life of a term's weight in years; 0 = no decay.
    pub half_life_years: f64,
}

impl Default for ExpertWeights {
    fn default() -> Self {
        // Chosen on the development corpora of EVALUATION.md ("Expert finding"), the held-out
        // one left out: a low length normalisation and a six-year half-life find the authors
        // of later works best; bigrams and fields are kept small.
        ExpertWeights {
            text: 0.9,
            fields: 0.1,
            near: 0.1,
            glossary: 0.8,
            bigram: 0.1,
            k1: 1.2,
            b: 0.3,
            half_life_years: 6.0,
        }
    }
}

/// How to rank: the engine, or one of the two baselines the evaluation compares it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// BM25 over analysed keys with the glossary, plus the field match.
    Engine,
    /// The field match alone.
    FieldsOnly,
    /// BM25 over plain folded words (no stemming, stop words, bigrams, glossary, decay or
    /// fields): a search engine over each researcher's concatenated titles and keywords.
    PlainBm25,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Engine, Method::FieldsOnly, Method::PlainBm25];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Engine => "hoptac",
            Method::FieldsOnly => "fields only",
            Method::PlainBm25 => "plain BM25",
        }
    }
}

/// One key of the analysed query.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryKey {
    pub key: String,
    pub weight: f64,
}

/// A query as analysed: its keys, the glossary's translations and its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysed {
    pub keys: Vec<QueryKey>,
    pub expansions: Vec<Expansion>,
    /// The query's fields with their weights, in field order.
    pub fields: Vec<(FieldIdx, f64)>,
}

/// A term of a researcher's profile that matched the query.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchedTerm {
    pub term: TermIdx,
    /// The query keys it matched.
    pub keys: Vec<String>,
    /// The years of the researcher's rows of the term, ascending.
    pub years: Vec<u16>,
    /// Its share of the researcher's BM25 score: Σ over its keys of the key's BM25 part times
    /// the term's share of the key's tf.
    pub bm25: f64,
}

/// One researcher found for a query.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertHit {
    /// 1-based.
    pub rank: usize,
    pub researcher: ResearcherIdx,
    pub score: f64,
    /// `text` and `fields`, and `near` for a problem with a province.
    pub components: Vec<Component>,
    /// Matched terms, strongest first (at most [`MAX_MATCHED_TERMS`]; none after the first
    /// [`MAX_EXPLAINED`] hits).
    pub terms: Vec<MatchedTerm>,
    /// The query's fields the researcher works in, with their level, in field order.
    pub fields: Vec<(FieldIdx, f32)>,
}

/// Only the first this many hits of a ranking carry their matched terms (a full ranking, as
/// the evaluation asks for, needs the scores only).
pub const MAX_EXPLAINED: usize = 1000;

/// At most this many matched terms are kept per hit (the strongest).
pub const MAX_MATCHED_TERMS: usize = 8;

/// A phrase that points to a field, analysed.
#[derive(Clone, Debug)]
struct FieldPhrase {
    keys: Vec<String>,
    field: FieldIdx,
    weight: f64,
}

/// The search index of a graph: see the module doc.
pub struct Index {
    analyzer: Analyzer,
    /// The analyser of the plain baseline: folded words only.
    plain: bool,
    glossary: Glossary,
    key_ids: FxHashMap<String, u32>,
    /// Per graph term: its key ids.
    term_keys: Vec<Vec<u32>>,
    /// Per key: (researcher, tf), sorted by researcher.
    postings: Csr<(ResearcherIdx, f32)>,
    /// Per researcher: Σ of their unigram tf.
    doc_len: Vec<f32>,
    avg_len: f64,
    /// Researchers with at least one key.
    docs: u32,
    field_phrases: Vec<FieldPhrase>,
    weights: ExpertWeights,
}

/// The built-in keyword → field table, read for its phrases.
const KEYWORDS: &str = include_str!("../../datasets/keywords.csv");

/// Keys of a plain analysis: folded words, nothing dropped or stemmed.
fn plain_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in crate::text::fold(text).split(' ') {
        if !w.is_empty() && !out.iter().any(|x| x == w) {
            out.push(w.to_string());
        }
    }
    out
}

impl Index {
    /// The engine's index over `g`'s term profiles.
    pub fn build(g: &Graph, weights: &ExpertWeights) -> Index {
        Index::build_with(g, weights, false)
    }

    /// The index of [`Method::PlainBm25`]: textbook BM25 (k1 = 1.2, b = 0.75), no decay.
    pub fn build_plain(g: &Graph) -> Index {
        let w = ExpertWeights {
            text: 1.0,
            fields: 0.0,
            near: 0.0,
            glossary: 0.0,
            bigram: 0.0,
            k1: 1.2,
            b: 0.75,
            half_life_years: 0.0,
        };
        Index::build_with(g, &w, true)
    }

    fn build_with(g: &Graph, weights: &ExpertWeights, plain: bool) -> Index {
        let ds = g.data();
        let analyzer = Analyzer::new();
        let glossary = if plain {
            Glossary::default()
        } else {
            Glossary::builtin(&analyzer)
        };
        let mut key_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut bigram: Vec<bool> = Vec::new();
        let term_keys: Vec<Vec<u32>> = ds
            .terms
            .iter()
            .map(|t| {
                let keys = if plain {
                    plain_keys(&t.name)
                } else {
                    analyzer.keys(&t.name)
                };
                keys.into_iter()
                    .map(|k| {
                        let next = key_ids.len() as u32;
                        *key_ids.entry(k).or_insert_with_key(|k| {
                            bigram.push(analyze::is_bigram(k));
                            next
                        })
                    })
                    .collect()
            })
            .collect();
        let decay = |y: u16| decay(g, weights, y);
        let n = ds.researchers.len();
        let mut doc_len = vec![0f32; n];
        let mut triples: Vec<(u32, ResearcherIdx, f32)> = Vec::new();
        let mut tf: FxHashMap<u32, f64> = FxHashMap::default();
        for r in ds.researcher_ids() {
            let rows = g.terms(r);
            if rows.is_empty() {
                continue;
            }
            let scale = year_scales(rows);
            tf.clear();
            for e in rows {
                let c = row_count(e, &scale) * decay(e.year);
                for &k in &term_keys[e.term.ix()] {
                    *tf.entry(k).or_insert(0.0) += c;
                }
            }
            let mut keys: Vec<(u32, f64)> = tf.iter().map(|(&k, &v)| (k, v)).collect();
            keys.sort_unstable_by_key(|(k, _)| *k);
            let mut len = 0f64;
            for (k, v) in keys {
                if !bigram[k as usize] {
                    len += v;
                }
                triples.push((k, r, v as f32));
            }
            doc_len[r.ix()] = len as f32;
        }
        // Researchers come in index order, so each key's row is sorted by researcher.
        let postings = Csr::from_pairs(
            key_ids.len(),
            triples.iter().map(|&(k, r, v)| (k as usize, (r, v))),
        );
        let docs = doc_len.iter().filter(|&&l| l > 0.0).count() as u32;
        let avg_len = if docs > 0 {
            doc_len.iter().map(|&l| f64::from(l)).sum::<f64>() / f64::from(docs)
        } else {
            1.0
        };
        Index {
            field_phrases: if plain {
                Vec::new()
            } else {
                field_phrases(ds, &analyzer)
            },
            analyzer,
            plain,
            glossary,
            key_ids,
            term_keys,
            postings,
            doc_len,
            avg_len,
            docs,
            weights: weights.clone(),
        }
    }

    /// The glossary in use.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Analyses a query: its keys with weights, the glossary's translations, its fields.
    pub fn analyse(&self, text: &str) -> Analysed {
        let mut keys: Vec<QueryKey> = Vec::new();
        let mut add = |key: String, weight: f64| match keys.iter_mut().find(|k| k.key == key) {
            Some(k) => k.weight = k.weight.max(weight),
            None => keys.push(QueryKey { key, weight }),
        };
        if self.plain {
            for k in plain_keys(text) {
                add(k, 1.0);
            }
            return Analysed {
                keys,
                expansions: Vec::new(),
                fields: Vec::new(),
            };
        }
        let w = &self.weights;
        let words = self.analyzer.words(text);
        let expansions = self.glossary.expand(&words);
        let mut texts: Vec<(Vec<analyze::Word>, f64)> = vec![(words, 1.0)];
        for e in &expansions {
            texts.push((self.analyzer.words(&e.added), w.glossary));
        }
        let mut fields: Vec<(FieldIdx, f64)> = Vec::new();
        for (ws, qw) in &texts {
            for x in ws {
                add(x.key.clone(), *qw);
            }
            for b in analyze::bigrams(ws) {
                add(b, qw * w.bigram);
            }
            // A field phrase read only inside a longer field phrase is not a field of the
            // problem (longest match): *structural health monitoring* is not *health*.
            let occ: Vec<Vec<glossary::Span>> = self
                .field_phrases
                .iter()
                .map(|p| glossary::spans(&p.keys, ws))
                .collect();
            let keep = glossary::maximal(&occ);
            for (p, (o, k)) in self.field_phrases.iter().zip(occ.iter().zip(keep)) {
                if !o.is_empty() && k {
                    let fw = p.weight * qw;
                    match fields.iter_mut().find(|(f, _)| *f == p.field) {
                        Some(x) => x.1 = x.1.max(fw),
                        None => fields.push((p.field, fw)),
                    }
                }
            }
        }
        fields.sort_by_key(|(f, _)| *f);
        Analysed {
            keys,
            expansions,
            fields,
        }
    }

    /// The best `top` researchers for `text` by `method` (all of them with `top` = 0), only
    /// those `keep` accepts, best first, ties by index. Researchers with score 0 are not hits.
    pub fn search(
        &self,
        g: &Graph,
        text: &str,
        method: Method,
        top: usize,
        keep: &dyn Fn(ResearcherIdx) -> bool,
    ) -> (Analysed, Vec<ExpertHit>) {
        self.search_near(g, text, &[], method, top, keep)
    }

    /// [`Index::search`] for a problem located somewhere: `near` is the nearness of every
    /// university to it ([`province::nearness`]; empty: nowhere in particular).
    pub fn search_near(
        &self,
        g: &Graph,
        text: &str,
        near: &[f32],
        method: Method,
        top: usize,
        keep: &dyn Fn(ResearcherIdx) -> bool,
    ) -> (Analysed, Vec<ExpertHit>) {
        let q = self.analyse(text);
        let hits = self.rank(g, &q, near, method, top, keep);
        (q, hits)
    }

    /// [`Index::search`] for an analysed query.
    pub fn rank(
        &self,
        g: &Graph,
        q: &Analysed,
        near: &[f32],
        method: Method,
        top: usize,
        keep: &dyn Fn(ResearcherIdx) -> bool,
    ) -> Vec<ExpertHit> {
        let n = g.data().researchers.len();
        let w = &self.weights;
        let (wt, wf) = match method {
            Method::Engine => (w.text, w.fields),
            Method::FieldsOnly => (0.0, 1.0),
            Method::PlainBm25 => (1.0, 0.0),
        };
        let wn = if method == Method::Engine && !near.is_empty() {
            w.near
        } else {
            0.0
        };
        let scale = (wt + wf + wn).max(1.0);
        let ds = g.data();
        let near_of = |r: ResearcherIdx| {
            if wn > 0.0 {
                f64::from(
                    near.get(ds.researcher(r).university.ix())
                        .copied()
                        .unwrap_or(0.0),
                )
            } else {
                0.0
            }
        };
        let mut bm25 = vec![0f64; n];
        let mut touched: Vec<ResearcherIdx> = Vec::new();
        let mut seen = vec![false; n];
        if wt > 0.0 {
            for qk in &q.keys {
                let Some(&k) = self.key_ids.get(&qk.key) else {
                    continue;
                };
                let row = self.postings.row(k as usize);
                let idf = self.idf(row.len());
                for &(r, tf) in row {
                    bm25[r.ix()] += qk.weight * idf * self.saturate(r, f64::from(tf));
                    if !seen[r.ix()] {
                        seen[r.ix()] = true;
                        touched.push(r);
                    }
                }
            }
        }
        let field_sum: f64 = q.fields.iter().map(|(_, x)| x).sum();
        let mut field_score = vec![0f64; n];
        if wf > 0.0 && field_sum > 0.0 {
            for &(f, fw) in &q.fields {
                for &(r, level) in g.field_members(f) {
                    field_score[r.ix()] += fw * f64::from(level) / field_sum;
                    if !seen[r.ix()] {
                        seen[r.ix()] = true;
                        touched.push(r);
                    }
                }
            }
        }
        let best = touched.iter().map(|r| bm25[r.ix()]).fold(0f64, f64::max);
        let text_of = |r: ResearcherIdx| {
            if best > 0.0 {
                bm25[r.ix()] / best
            } else {
                0.0
            }
        };
        let score_of = |r: ResearcherIdx| {
            let s = (wt * text_of(r) + wf * field_score[r.ix()].min(1.0) + wn * near_of(r)) / scale;
            // Rounded so that equal sums taken in different orders tie (and fall to the index).
            (s * 1e12).round() / 1e12
        };
        let mut found: Vec<(f64, ResearcherIdx)> = touched
            .into_iter()
            .filter(|&r| keep(r))
            .map(|r| (score_of(r), r))
            .filter(|(s, _)| *s > 0.0)
            .collect();
        let cmp = |a: &(f64, ResearcherIdx), b: &(f64, ResearcherIdx)| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
        };
        if top > 0 && found.len() > top {
            found.select_nth_unstable_by(top - 1, cmp);
            found.truncate(top);
        }
        found.sort_unstable_by(cmp);
        found
            .into_iter()
            .enumerate()
            .map(|(i, (score, r))| {
                let text = text_of(r);
                let fields_v = field_score[r.ix()].min(1.0);
                let terms = if wt > 0.0 && i < MAX_EXPLAINED {
                    self.matched_terms(g, q, r)
                } else {
                    Vec::new()
                };
                let fields: Vec<(FieldIdx, f32)> = q
                    .fields
                    .iter()
                    .filter_map(|&(f, _)| {
                        let l = g.level(r, f);
                        (l > 0.0).then_some((f, l))
                    })
                    .collect();
                let mut components = vec![
                    Component::new(
                        "text",
                        bm25[r.ix()],
                        text,
                        wt / scale,
                        1.0,
                        format!(
                            "BM25 {:.3} of the best {:.3}; {} matching term{}",
                            bm25[r.ix()],
                            best,
                            terms.len(),
                            if terms.len() == 1 { "" } else { "s" }
                        ),
                    ),
                    Component::new(
                        "fields",
                        fields_v,
                        fields_v,
                        wf / scale,
                        1.0,
                        format!(
                            "works in {} of the query's {} field{}",
                            fields.len(),
                            q.fields.len(),
                            if q.fields.len() == 1 { "" } else { "s" }
                        ),
                    ),
                ];
                if wn > 0.0 {
                    let v = near_of(r);
                    components.push(Component::new(
                        "near",
                        v,
                        v,
                        wn / scale,
                        1.0,
                        format!(
                            "{} ({})",
                            if v >= f64::from(province::SAME_CITY) {
                                "university in the province"
                            } else if v >= f64::from(province::SAME_REGION) {
                                "same region"
                            } else {
                                "another region"
                            },
                            ds.university(ds.researcher(r).university).city
                        ),
                    ));
                }
                ExpertHit {
                    rank: i + 1,
                    researcher: r,
                    score,
                    components,
                    terms,
                    fields,
                }
            })
            .collect()
    }

    fn idf(&self, df: usize) -> f64 {
        let (n, df) = (f64::from(self.docs), df as f64);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn saturate(&self, r: ResearcherIdx, tf: f64) -> f64 {
        let w = &self.weights;
        let len = f64::from(self.doc_len[r.ix()]);
        tf * (w.k1 + 1.0) / (tf + w.k1 * (1.0 - w.b + w.b * len / self.avg_len))
    }

    /// The terms of `r`'s profile whose keys the query has, strongest first (ties by term).
    fn matched_terms(&self, g: &Graph, q: &Analysed, r: ResearcherIdx) -> Vec<MatchedTerm> {
        // The query's keys that r has, with their BM25 part and r's tf.
        let mut parts: FxHashMap<u32, (f64, f64, &str)> = FxHashMap::default();
        for qk in &q.keys {
            let Some(&k) = self.key_ids.get(&qk.key) else {
                continue;
            };
            let row = self.postings.row(k as usize);
            if let Ok(i) = row.binary_search_by_key(&r, |p| p.0) {
                let tf = f64::from(row[i].1);
                let part = qk.weight * self.idf(row.len()) * self.saturate(r, tf);
                parts.insert(k, (part, tf, qk.key.as_str()));
            }
        }
        let mut out: Vec<MatchedTerm> = Vec::new();
        let rows = g.terms(r);
        let scale = year_scales(rows);
        let mut i = 0;
        while i < rows.len() {
            let t = rows[i].term;
            let mut j = i;
            let mut years = Vec::new();
            let mut count = 0f64;
            while j < rows.len() && rows[j].term == t {
                years.push(rows[j].year);
                count += row_count(&rows[j], &scale) * decay(g, &self.weights, rows[j].year);
                j += 1;
            }
            let mut keys = Vec::new();
            let mut bm25 = 0f64;
            for k in &self.term_keys[t.ix()] {
                if let Some(&(part, tf, key)) = parts.get(k) {
                    keys.push(key.to_string());
                    // The term's share of the key's tf.
                    bm25 += if tf > 0.0 {
                        part * (count / tf).min(1.0)
                    } else {
                        0.0
                    };
                }
            }
            if !keys.is_empty() {
                years.sort_unstable();
                years.dedup();
                out.push(MatchedTerm {
                    term: t,
                    keys,
                    years,
                    bm25,
                });
            }
            i = j;
        }
        out.sort_by(|a, b| b.bm25.total_cmp(&a.bm25).then(a.term.cmp(&b.term)));
        out.truncate(MAX_MATCHED_TERMS);
        out
    }
}

/// `r`'s rows per year: (year, distinct terms that year / Σ of their weights that year), the
/// factor that turns weights back into counts of works (see the module doc).
fn year_scales(rows: &[crate::graph::TermEntry]) -> Vec<(u16, f64)> {
    let mut per_year: Vec<(u16, u32, f64)> = Vec::new();
    for e in rows {
        match per_year.iter_mut().find(|(y, _, _)| *y == e.year) {
            Some(p) => {
                p.1 += 1;
                p.2 += f64::from(e.weight);
            }
            None => per_year.push((e.year, 1, f64::from(e.weight))),
        }
    }
    per_year
        .into_iter()
        .map(|(y, n, sum)| (y, if sum > 0.0 { f64::from(n) / sum } else { 1.0 }))
        .collect()
}

/// A row's weight as a count of works: weight · n̂(year).
fn row_count(e: &crate::graph::TermEntry, scale: &[(u16, f64)]) -> f64 {
    let s = scale
        .iter()
        .find(|(y, _)| *y == e.year)
        .map_or(1.0, |(_, s)| *s);
    f64::from(e.weight) * s
}

/// `½^((year₀ − year) / h)`, 1 without decay.
fn decay(g: &Graph, w: &ExpertWeights, year: u16) -> f64 {
    if w.half_life_years > 0.0 {
        0.5f64.powf(f64::from(g.latest_year().saturating_sub(year)) / w.half_life_years)
    } else {
        1.0
    }
}

/// The phrases that point to the dataset's fields: the built-in keyword table's rows for the
/// fields the dataset has, and every field's names and aliases (weight 1).
fn field_phrases(ds: &Dataset, a: &Analyzer) -> Vec<FieldPhrase> {
    let mut out: Vec<FieldPhrase> = Vec::new();
    let mut push = |text: &str, field: FieldIdx, weight: f64| {
        let keys: Vec<String> = a.words(text).into_iter().map(|w| w.key).collect();
        if keys.is_empty() {
            return;
        }
        match out.iter_mut().find(|p| p.field == field && p.keys == keys) {
            Some(p) => p.weight = p.weight.max(weight),
            None => out.push(FieldPhrase {
                keys,
                field,
                weight,
            }),
        }
    };
    for line in KEYWORDS.lines().skip(1) {
        let mut cells = line.split(',');
        let (Some(k), Some(f)) = (cells.next(), cells.next()) else {
            continue;
        };
        let weight = cells
            .next()
            .and_then(|w| w.trim().parse::<f64>().ok())
            .unwrap_or(1.0);
        if let Some(f) = ds.field_by_id(f.trim()) {
            push(k, f, weight);
        }
    }
    for f in ds.field_ids() {
        let field = ds.field(f);
        push(&field.name_en, f, 1.0);
        push(&field.name_vi, f, 1.0);
        for alias in &field.aliases {
            push(alias, f, 1.0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weights the hand computations below use.
    fn weights() -> ExpertWeights {
        ExpertWeights {
            text: 0.8,
            fields: 0.2,
            near: 0.1,
            glossary: 0.8,
            bigram: 0.5,
            k1: 1.2,
            b: 0.75,
            half_life_years: 0.0,
        }
    }

    /// Three researchers; fields water and ai. As an import writes them:
    /// r0: one 2020 work with two terms, "flash flood" and "LSTM" (½ each), water 0.5;
    /// r1: one 2021 work with the term "lũ quét" (1); r2: one 2021 work, "LSTM" (1), ai 1.
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
        let field = |id: &str, vi: &str, en: &str| Field {
            id: id.into(),
            name_vi: vi.into(),
            name_en: en.into(),
            aliases: Vec::new(),
            related: Vec::new(),
        };
        let researchers = (0..3)
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
            key: crate::text::term_key(n),
        };
        let row = |r: u32, t: u32, weight: f32, year: u16| TermWeight {
            researcher: ResearcherIdx(r),
            term: TermIdx(t),
            weight,
            year,
        };
        let ex = |r: u32, f: u32, level: f32| Expertise {
            researcher: ResearcherIdx(r),
            field: FieldIdx(f),
            level,
        };
        let mut ds = Dataset {
            universities: vec![uni],
            fields: vec![
                field("water", "Tài nguyên nước", "Water resources"),
                field("ai", "Trí tuệ nhân tạo", "Artificial intelligence"),
            ],
            researchers,
            expertise: vec![ex(0, 0, 0.5), ex(2, 1, 1.0)].into(),
            terms: vec![term("flash flood"), term("LSTM"), term("lũ quét")],
            term_weights: vec![
                row(0, 0, 0.5, 2020),
                row(0, 1, 0.5, 2020),
                row(1, 2, 1.0, 2021),
                row(2, 1, 1.0, 2021),
            ],
            ..Dataset::default()
        };
        ds.reindex();
        Graph::build(ds)
    }

    fn ids(hits: &[ExpertHit]) -> Vec<u32> {
        hits.iter().map(|h| h.researcher.0).collect()
    }

    #[test]
    fn bm25_and_fields_by_hand() {
        let g = graph();
        let ix = Index::build(&g, &weights());
        let (q, hits) = ix.search(&g, "lũ quét", Method::Engine, 0, &|_| true);
        // The glossary adds "flash flood" (from "lũ quét"); "lũ" (flood) is read inside the
        // longer phrase, not on its own.
        let added: Vec<&str> = q.expansions.iter().map(|e| e.added.as_str()).collect();
        assert_eq!(added, ["flash flood"]);
        assert_eq!(
            q.fields,
            [(FieldIdx(0), 1.0)],
            "\"flood\" is a water keyword"
        );
        // N = 3, every key has df 1: idf = ln(1 + 2.5 / 1.5) = ln(8/3). avglen = (3 + 2 + 1) / 3.
        // r1: lu, quet (1 each), "lu quet" (½), tf 1, len 2 = avglen: BM25 = 2.5 idf.
        // r0: flash, flood (0.8), "flash flood" (0.4), tf 1 (½ × n̂ = 2), len 3:
        //     2 idf · 2.2 / (1 + 1.2 · (0.25 + 0.75 · 1.5)) = 2 idf · 2.2 / 2.65.
        let idf = (8.0f64 / 3.0).ln();
        assert!((hits[0].components[0].raw - 2.5 * idf).abs() < 1e-9);
        let text0 = 2.0 * 2.2 / 2.65 / 2.5;
        assert_eq!(ids(&hits), [1, 0]);
        assert!((hits[0].score - 0.8).abs() < 1e-9);
        assert!((hits[1].score - (0.8 * text0 + 0.2 * 0.5)).abs() < 1e-9);
        // Explained by the matched terms and the field.
        assert_eq!(hits[1].terms.len(), 1);
        assert_eq!(g.data().term(hits[1].terms[0].term).name, "flash flood");
        assert_eq!(hits[1].terms[0].years, [2020]);
        assert_eq!(hits[1].fields, [(FieldIdx(0), 0.5)]);
        assert_eq!(g.data().term(hits[0].terms[0].term).name, "lũ quét");
    }

    #[test]
    fn a_province_adds_nearness_and_the_weights_are_rescaled() {
        let g = graph();
        let ix = Index::build(&g, &weights());
        // One university, in the province's region (0.6): weights 0.8 + 0.2 + 0.1 = 1.1.
        let (_, hits) = ix.search_near(&g, "lũ quét", &[0.6], Method::Engine, 0, &|_| true);
        assert_eq!(ids(&hits), [1, 0]);
        assert!((hits[0].score - (0.8 + 0.1 * f64::from(0.6f32)) / 1.1).abs() < 1e-9);
        let near = &hits[0].components[2];
        assert_eq!((near.name, near.value), ("near", 0.6f32 as f64));
        assert!((near.contribution - 0.1 * 0.6f32 as f64 / 1.1).abs() < 1e-12);
        // Nearness alone finds nobody.
        let (_, hits) = ix.search_near(&g, "zzyzx", &[1.0], Method::Engine, 0, &|_| true);
        assert!(hits.is_empty());
    }

    #[test]
    fn the_baselines_see_less() {
        let g = graph();
        let ix = Index::build(&g, &weights());
        let (_, f) = ix.search(&g, "lũ quét", Method::FieldsOnly, 0, &|_| true);
        assert_eq!(ids(&f), [0]);
        assert!((f[0].score - 0.5).abs() < 1e-12);
        let plain = Index::build_plain(&g);
        let (_, p) = plain.search(&g, "lũ quét", Method::PlainBm25, 0, &|_| true);
        assert_eq!(
            ids(&p),
            [1],
            "no glossary: the English-described work is not found"
        );
        let (_, p) = plain.search(&g, "lu quet", Method::PlainBm25, 0, &|_| true);
        assert_eq!(ids(&p), [1], "folding still applies");
    }

    #[test]
    fn english_finds_vietnamese_work_and_filters_apply() {
        let g = graph();
        let ix = Index::build(&g, &weights());
        let (_, hits) = ix.search(&g, "Flash floods warning", Method::Engine, 0, &|_| true);
        assert_eq!(ids(&hits), [0, 1]);
        let (_, hits) = ix.search(&g, "flash floods", Method::Engine, 1, &|_| true);
        assert_eq!(ids(&hits), [0]);
        let (_, hits) = ix.search(&g, "flash floods", Method::Engine, 0, &|r| r.0 == 1);
        assert_eq!(ids(&hits), [1]);
        let (_, hits) = ix.search(&g, "quantum chromodynamics", Method::Engine, 0, &|_| true);
        assert!(hits.is_empty());
    }
}
