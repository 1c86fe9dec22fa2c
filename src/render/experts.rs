//! Experts for free-text problems, and their evaluation, as tables and JSON.
//!
//! Table `experts` (CSV: one row per problem and rank): `query` (the problem's id), `rank`,
//! `researcher`, `name`, `university`, `score`, `text`, `fields` and `near` (the components'
//! contributions; `near` is 0 for a problem without a province), `explanation` (the matched terms of the researcher's profile with their
//! years and the query keys they matched, then the query's fields the researcher works in with
//! their level). The notes (text and Markdown) say how each problem was read: its fields and the
//! glossary's translations.
//!
//! JSON: `[{query, text, province, fields: [{field, weight}], glossary: [{found, added}],
//! experts: [{rank, score, researcher, name, university, components: {name: contribution},
//! details: {name: {raw, value, weight, contribution, explain}}, terms: [{term, years, keys}],
//! fields: [{field, level}], explanation}]}]`.
//!
//! Table `expert_evaluation`: one row per method with `method`, `problems`, `p_at_k`,
//! `recall_at_k`, `ndcg_at_k`, `mrr`, and `ndcg_diff` / `ndcg_diff_se` (the engine's mean paired
//! nDCG@k difference with that method, and its standard error over problems).

use serde_json::{json, Value};

use super::scores::{components_json, round, DECIMALS};
use crate::expert::{Analysed, ExpertHit};
use crate::graph::Graph;
use crate::query::{ExpertAnswer, ExpertsEvaluation};
use crate::table::{Cell, Table};

/// The explanation of one hit: matched terms (years; keys), then fields with levels.
pub fn explanation(g: &Graph, h: &ExpertHit) -> String {
    let ds = g.data();
    let mut parts: Vec<String> = Vec::new();
    if !h.terms.is_empty() {
        let terms: Vec<String> = h
            .terms
            .iter()
            .map(|t| {
                let years: Vec<String> = t.years.iter().map(u16::to_string).collect();
                format!(
                    "\"{}\" ({}; {})",
                    ds.term(t.term).name,
                    years.join(", "),
                    t.keys.join(", ")
                )
            })
            .collect();
        parts.push(format!("terms {}", terms.join(", ")));
    }
    if !h.fields.is_empty() {
        let fields: Vec<String> = h
            .fields
            .iter()
            .map(|&(f, l)| format!("{} {:.2}", ds.field(f).id, l))
            .collect();
        parts.push(format!("fields {}", fields.join(", ")));
    }
    if let Some(c) = h.components.iter().find(|c| c.name == "near") {
        parts.push(format!("near {:.1}: {}", c.value, c.explain));
    }
    parts.join("; ")
}

/// How a problem was read, in one line.
pub fn reading(g: &Graph, id: &str, a: &Analysed) -> String {
    let ds = g.data();
    let fields: Vec<String> = a
        .fields
        .iter()
        .map(|&(f, w)| format!("{} {:.2}", ds.field(f).id, w))
        .collect();
    let glossary: Vec<String> = a
        .expansions
        .iter()
        .map(|e| format!("{} → {}", e.found, e.added))
        .collect();
    format!(
        "{id}: fields {}; glossary {}",
        if fields.is_empty() {
            "none".to_string()
        } else {
            fields.join(", ")
        },
        if glossary.is_empty() {
            "none".to_string()
        } else {
            glossary.join(", ")
        }
    )
}

pub fn experts_table(g: &Graph, answers: &[ExpertAnswer]) -> Table {
    let ds = g.data();
    let title = match answers {
        [one] => format!("Experts for: {}", one.problem.text),
        _ => format!("Experts for {} problems", answers.len()),
    };
    let mut t = Table::new(
        "experts",
        &title,
        &[
            "query",
            "rank",
            "researcher",
            "name",
            "university",
            "score",
            "text",
            "fields",
            "near",
            "explanation",
        ],
    );
    for a in answers {
        for h in &a.hits {
            let r = ds.researcher(h.researcher);
            let mut row: Vec<Cell> = vec![
                a.problem.id.as_str().into(),
                h.rank.into(),
                r.id.as_str().into(),
                r.name.as_str().into(),
                ds.university(r.university).id.as_str().into(),
                Cell::Float(h.score, DECIMALS),
            ];
            row.extend(
                h.components
                    .iter()
                    .map(|c| Cell::Float(c.contribution, DECIMALS)),
            );
            if h.components.len() < 3 {
                row.push(Cell::Float(0.0, DECIMALS));
            }
            row.push(explanation(g, h).into());
            t.push(row);
        }
        let mut note = reading(g, &a.problem.id, &a.analysed);
        if let Some(pl) = &a.place {
            note.push_str(&format!("; near {}", pl.name));
        }
        t.notes.push(note);
    }
    t
}

pub fn experts_json(g: &Graph, answers: &[ExpertAnswer]) -> Value {
    let ds = g.data();
    Value::Array(
        answers
            .iter()
            .map(|a| {
                let experts: Vec<Value> = a
                    .hits
                    .iter()
                    .map(|h| {
                        let r = ds.researcher(h.researcher);
                        let (components, details) = components_json(&h.components);
                        json!({
                            "rank": h.rank,
                            "score": round(h.score),
                            "researcher": r.id,
                            "name": r.name,
                            "university": ds.university(r.university).id,
                            "components": components,
                            "details": details,
                            "terms": h.terms.iter().map(|t| json!({
                                "term": ds.term(t.term).name,
                                "years": t.years,
                                "keys": t.keys,
                            })).collect::<Vec<_>>(),
                            "fields": h.fields.iter().map(|&(f, l)| json!({
                                "field": ds.field(f).id,
                                "level": round(f64::from(l)),
                            })).collect::<Vec<_>>(),
                            "explanation": explanation(g, h),
                        })
                    })
                    .collect();
                json!({
                    "query": a.problem.id,
                    "text": a.problem.text,
                    "province": a.problem.province,
                    "fields": a.analysed.fields.iter().map(|&(f, w)| json!({
                        "field": ds.field(f).id,
                        "weight": round(w),
                    })).collect::<Vec<_>>(),
                    "glossary": a.analysed.expansions.iter().map(|e| json!({
                        "found": e.found,
                        "added": e.added,
                    })).collect::<Vec<_>>(),
                    "experts": experts,
                })
            })
            .collect(),
    )
}

/// The mean and standard error of paired differences `a − b`.
fn paired(a: &[f64], b: &[f64]) -> (f64, f64) {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let n = d.len() as f64;
    if d.is_empty() {
        return (0.0, 0.0);
    }
    let mean = d.iter().sum::<f64>() / n;
    if d.len() < 2 {
        return (mean, 0.0);
    }
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

pub fn evaluation_table(e: &ExpertsEvaluation) -> Table {
    let k = e.k;
    let mut t = Table::new(
        "expert_evaluation",
        &format!(
            "Expert finding: {} problems, {:.2} relevant each, {} candidates",
            e.problems, e.mean_relevant, e.candidates
        ),
        &[
            "method",
            "problems",
            &format!("p_at_{k}"),
            &format!("recall_at_{k}"),
            &format!("ndcg_at_{k}"),
            "mrr",
            "ndcg_diff",
            "ndcg_diff_se",
        ],
    );
    let engine = &e.methods[0].ndcg_each;
    for m in &e.methods {
        let (d, se) = paired(engine, &m.ndcg_each);
        t.push(vec![
            m.method.as_str().into(),
            e.problems.into(),
            Cell::Float(m.precision, DECIMALS),
            Cell::Float(m.recall, DECIMALS),
            Cell::Float(m.ndcg, DECIMALS),
            Cell::Float(m.mrr, DECIMALS),
            Cell::Float(d, DECIMALS),
            Cell::Float(se, DECIMALS),
        ]);
    }
    t.notes.push(format!(
        "ndcg_diff: hoptac's nDCG@{k} minus the method's, mean over problems ± ndcg_diff_se; {} problems without a relevant researcher in the data skipped, {} unknown relevant ids ignored",
        e.skipped, e.unknown_relevant
    ));
    t
}
