//! Presenting scores: leaders, partner rankings, the partner matrix and researcher pairs, as
//! [`Table`]s (text, CSV, Markdown) and as JSON documents with a stable schema.
//!
//! JSON schemas (arrays, best first):
//! - `rank`: `{university, name, for, field, mode, rank, score, components: {name: contribution},
//!   details: {name: {raw, value, weight, contribution, explain}}}`
//! - `leaders`: `{university, name, rank, score, researchers, level_sum, impact, activity_index}`
//! - `pairs`: `{rank, score, a: {researcher, name, university}, b: {…}, common_coauthors,
//!   components: {name: contribution}, details: {…}, reasons: [text]}`

use serde_json::{json, Map, Value};

use crate::component::Component;
use crate::graph::Graph;
use crate::model::*;
use crate::score::{Leader, Mode, PairScore, PartnerScore, PAIR_COMPONENTS, PARTNER_COMPONENTS};
use crate::table::{Cell, Table};

pub(super) const DECIMALS: usize = 4;

pub(super) fn round(x: f64) -> f64 {
    let p = 10f64.powi(DECIMALS as i32);
    let r = (x * p).round() / p;
    if r == 0.0 {
        0.0 // no "-0.0"
    } else {
        r
    }
}

pub(super) fn components_json(cs: &[Component]) -> (Value, Value) {
    let mut contributions = Map::new();
    let mut details = Map::new();
    for c in cs {
        contributions.insert(c.name.into(), json!(round(c.contribution)));
        details.insert(
            c.name.into(),
            json!({
                "raw": round(c.raw),
                "value": round(c.value),
                "weight": round(c.weight),
                "contribution": round(c.contribution),
                "explain": c.explain,
            }),
        );
    }
    (Value::Object(contributions), Value::Object(details))
}

pub(super) fn why(cs: &[Component]) -> String {
    cs.iter()
        .map(|c| format!("{} {:+.3} ({})", c.name, c.contribution, c.explain))
        .collect::<Vec<_>>()
        .join("; ")
}

fn uni_label(ds: &Dataset, u: UniIdx) -> String {
    let x = ds.university(u);
    format!("{} ({})", x.short_name, x.name_vi)
}

/// Leaders of a field.
pub fn leaders_table(g: &Graph, field: FieldIdx, leaders: &[Leader]) -> Table {
    let ds = g.data();
    let f = ds.field(field);
    let mut t = Table::new(
        "leaders",
        &format!("Universities by strength in {} ({})", f.name_en, f.name_vi),
        &[
            "rank",
            "university",
            "name",
            "score",
            "researchers",
            "level_sum",
            "impact",
            "activity_index",
        ],
    );
    for l in leaders {
        let u = ds.university(l.university);
        t.push(vec![
            l.rank.into(),
            u.id.as_str().into(),
            u.name_vi.as_str().into(),
            Cell::Float(l.score, DECIMALS),
            l.researchers.into(),
            Cell::Float(l.level_sum, 2),
            Cell::Float(l.impact, 2),
            Cell::Float(l.activity_index, 2),
        ]);
    }
    t.notes.push(
        "score = 0.7 × impact relative to the strongest + 0.3 × min(activity index, 2) / 2; \
         impact = Σ level × (1 + ln(1 + h-index)); activity index 1 = the consortium average"
            .into(),
    );
    t
}

/// Partners of one university.
pub fn rank_table(g: &Graph, field: FieldIdx, mode: Mode, ranked: &[PartnerScore]) -> Table {
    let ds = g.data();
    let f = ds.field(field);
    let title = match ranked.first() {
        Some(p) => format!(
            "Partners for {} in {} ({} mode)",
            uni_label(ds, p.university),
            f.name_en,
            mode.as_str()
        ),
        None => format!("Partners in {}", f.name_en),
    };
    let mut cols = vec!["rank", "university", "name", "score"];
    cols.extend(PARTNER_COMPONENTS);
    let mut t = Table::new("rank", &title, &cols);
    for p in ranked {
        let u = ds.university(p.partner);
        let mut row: Vec<Cell> = vec![
            p.rank.into(),
            u.id.as_str().into(),
            u.name_vi.as_str().into(),
            Cell::Float(p.score, DECIMALS),
        ];
        row.extend(
            p.components
                .iter()
                .map(|c| Cell::Float(c.contribution, DECIMALS)),
        );
        t.push(row);
        t.notes
            .push(format!("{}. {}: {}", p.rank, u.id, why(&p.components)));
    }
    t
}

/// Partner rankings as CSV rows: one per (university, partner), with raw values.
pub fn rank_csv_table(
    g: &Graph,
    field: FieldIdx,
    mode: Mode,
    lists: &[Vec<PartnerScore>],
) -> Table {
    let ds = g.data();
    let mut cols: Vec<String> = [
        "for",
        "university",
        "name",
        "field",
        "mode",
        "rank",
        "score",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for c in PARTNER_COMPONENTS {
        cols.push(c.to_string());
        cols.push(format!("{c}_raw"));
        cols.push(format!("{c}_value"));
    }
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new("rank", "", &col_refs);
    for p in lists.iter().flatten() {
        let mut row: Vec<Cell> = vec![
            ds.university(p.university).id.as_str().into(),
            ds.university(p.partner).id.as_str().into(),
            ds.university(p.partner).name_vi.as_str().into(),
            ds.field(field).id.as_str().into(),
            mode.as_str().into(),
            p.rank.into(),
            Cell::Float(p.score, DECIMALS),
        ];
        for c in &p.components {
            row.push(Cell::Float(c.contribution, DECIMALS));
            row.push(Cell::Float(c.raw, DECIMALS));
            row.push(Cell::Float(c.value, DECIMALS));
        }
        t.push(row);
    }
    t
}

/// Partner rankings as JSON (see the module doc for the schema).
pub fn rank_json(g: &Graph, field: FieldIdx, mode: Mode, lists: &[Vec<PartnerScore>]) -> Value {
    let ds = g.data();
    Value::Array(
        lists
            .iter()
            .flatten()
            .map(|p| {
                let (components, details) = components_json(&p.components);
                json!({
                    "university": ds.university(p.partner).id,
                    "name": ds.university(p.partner).name_vi,
                    "for": ds.university(p.university).id,
                    "field": ds.field(field).id,
                    "mode": mode.as_str(),
                    "rank": p.rank,
                    "score": round(p.score),
                    "components": components,
                    "details": details,
                })
            })
            .collect(),
    )
}

/// The university × partner matrix of scores (text and Markdown).
pub fn matrix_table(g: &Graph, field: FieldIdx, mode: Mode, lists: &[Vec<PartnerScore>]) -> Table {
    let mut t = matrix_header(g, field, mode);
    push_matrix_rows(&mut t, g, lists);
    t
}

/// The partner matrix without rows: its title and columns (`university`, `best`, then one
/// per university), for [`push_matrix_rows`] to fill a few universities at a time.
pub fn matrix_header(g: &Graph, field: FieldIdx, mode: Mode) -> Table {
    matrix_header_of(g, field, mode, g.data().university_ids())
}

/// [`matrix_header`] with a column for each of `partners` only (a report page's matrix of
/// a large consortium shows some universities).
pub fn matrix_header_of(
    g: &Graph,
    field: FieldIdx,
    mode: Mode,
    partners: impl IntoIterator<Item = UniIdx>,
) -> Table {
    let ds = g.data();
    let mut cols: Vec<&str> = vec!["university", "best"];
    cols.extend(partners.into_iter().map(|u| ds.university(u).id.as_str()));
    Table::new(
        "matrix",
        &format!(
            "Partner scores in {} ({} mode): row = university, column = partner",
            ds.field(field).name_en,
            mode.as_str()
        ),
        &cols,
    )
}

/// One matrix row: university `u`, its best partner, then a score per column (`—` where
/// there is none).
pub fn matrix_row(
    g: &Graph,
    u: UniIdx,
    best: UniIdx,
    scores: impl IntoIterator<Item = Option<f64>>,
) -> Vec<Cell> {
    let ds = g.data();
    let mut row: Vec<Cell> = vec![
        ds.university(u).id.as_str().into(),
        ds.university(best).id.as_str().into(),
    ];
    row.extend(scores.into_iter().map(|s| match s {
        Some(s) => Cell::Float(s, 3),
        None => "—".into(),
    }));
    row
}

/// Appends one matrix row per non-empty list: the university, its best partner, then its
/// score with every university (`—` where there is none).
pub fn push_matrix_rows(t: &mut Table, g: &Graph, lists: &[Vec<PartnerScore>]) {
    let mut by_partner: Vec<Option<f64>> = vec![None; g.data().universities.len()];
    for list in lists {
        let Some(first) = list.first() else { continue };
        // A list names each partner once; the first entry wins as a linear search would.
        for s in list.iter().rev() {
            by_partner[s.partner.ix()] = Some(s.score);
        }
        t.push(matrix_row(
            g,
            first.university,
            first.partner,
            by_partner.iter_mut().map(Option::take),
        ));
    }
}

/// Leaders as JSON.
pub fn leaders_json(g: &Graph, leaders: &[Leader]) -> Value {
    let ds = g.data();
    Value::Array(
        leaders
            .iter()
            .map(|l| {
                json!({
                    "university": ds.university(l.university).id,
                    "name": ds.university(l.university).name_vi,
                    "rank": l.rank,
                    "score": round(l.score),
                    "researchers": l.researchers,
                    "level_sum": round(l.level_sum),
                    "impact": round(l.impact),
                    "activity_index": round(l.activity_index),
                })
            })
            .collect(),
    )
}

fn person(ds: &Dataset, r: ResearcherIdx) -> Value {
    let x = ds.researcher(r);
    json!({
        "researcher": x.id,
        "name": x.name,
        "university": ds.university(x.university).id,
    })
}

/// Researcher pairs as a table.
pub fn pairs_table(g: &Graph, field: FieldIdx, pairs: &[PairScore]) -> Table {
    let ds = g.data();
    let f = ds.field(field);
    let mut cols = vec![
        "rank",
        "researcher",
        "name",
        "university",
        "partner",
        "partner_name",
        "partner_university",
        "score",
    ];
    cols.extend(PAIR_COMPONENTS);
    let mut t = Table::new(
        "pairs",
        &format!("Researchers who should meet: {} ({})", f.name_en, f.name_vi),
        &cols,
    );
    for p in pairs {
        let (a, b) = (ds.researcher(p.a), ds.researcher(p.b));
        let mut row: Vec<Cell> = vec![
            p.rank.into(),
            a.id.as_str().into(),
            a.name.as_str().into(),
            ds.university(a.university).id.as_str().into(),
            b.id.as_str().into(),
            b.name.as_str().into(),
            ds.university(b.university).id.as_str().into(),
            Cell::Float(p.score, DECIMALS),
        ];
        row.extend(
            p.components
                .iter()
                .map(|c| Cell::Float(c.contribution, DECIMALS)),
        );
        t.push(row);
        t.notes.push(format!(
            "{}. {} – {}: {}",
            p.rank,
            a.id,
            b.id,
            p.reasons.join("; ")
        ));
    }
    t
}

/// Researcher pairs as JSON.
pub fn pairs_json(g: &Graph, field: FieldIdx, pairs: &[PairScore]) -> Value {
    let ds = g.data();
    Value::Array(
        pairs
            .iter()
            .map(|p| {
                let (components, details) = components_json(&p.components);
                json!({
                    "rank": p.rank,
                    "score": round(p.score),
                    "field": ds.field(field).id,
                    "a": person(ds, p.a),
                    "b": person(ds, p.b),
                    "common_coauthors": p.common_coauthors,
                    "components": components,
                    "details": details,
                    "reasons": p.reasons,
                })
            })
            .collect(),
    )
}
