//! The dataflow answers (feature `dataflow`) as tables and JSON, in the shapes of the
//! single-machine ones: pairs as `hoptac pairs` prints them (score = closeness under the pure
//! Adamic–Adar profile), the changed list positions of an update, partner strength and ties.
//!
//! JSON schemas (arrays, best first):
//! - pairs: `{rank, score, field, a: {researcher, name, university}, b: {…}, common_coauthors,
//!   adamic_adar, details: {closeness: {raw, value}}}` (`details` as in `hoptac pairs`);
//! - update: `{change, researcher, rank, partner: {researcher, name, university} | null,
//!   score, adamic_adar, common_coauthors, was: {…} | null}`, one object per changed position;
//! - partners: `{strength: [{field, university, researchers, level_sum, impact,
//!   activity_index, strength}], ties: [{field, university, partner, ties, value}]}`.

use serde_json::{json, Value};

use super::scores::{round, DECIMALS};
use crate::dataflow::pairs::{Pair, PairsResult};
use crate::dataflow::partners::PartnersResult;
use crate::table::{Cell, Table};

fn person(r: &PairsResult, i: u32) -> Value {
    match r.people.get(&i) {
        Some(p) => json!({"researcher": p.id, "name": p.name, "university": p.university}),
        None => Value::Null,
    }
}

fn cells(r: &PairsResult, i: u32) -> [Cell; 3] {
    match r.people.get(&i) {
        Some(p) => [
            p.id.as_str().into(),
            p.name.as_str().into(),
            p.university.as_str().into(),
        ],
        None => ["".into(), "".into(), "".into()],
    }
}

/// The global best list after the last epoch.
pub fn pairs_table(r: &PairsResult) -> Table {
    let mut t = Table::new(
        "pairs",
        &format!(
            "Researchers who should meet (Adamic–Adar, dataflow): {} ({})",
            r.field.name_en, r.field.name_vi
        ),
        &[
            "rank",
            "researcher",
            "name",
            "university",
            "partner",
            "partner_name",
            "partner_university",
            "score",
            "adamic_adar",
            "common_coauthors",
        ],
    );
    for (i, p) in r.best.last().into_iter().flatten().enumerate() {
        let mut row: Vec<Cell> = vec![(i + 1).into()];
        row.extend(cells(r, p.a));
        row.extend(cells(r, p.b));
        row.push(Cell::Float(p.score(), DECIMALS));
        row.push(Cell::Float(p.adamic_adar, DECIMALS));
        row.push(p.common.into());
        t.push(row);
    }
    t
}

pub fn pairs_json(r: &PairsResult) -> Value {
    Value::Array(
        r.best
            .last()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, p)| {
                json!({
                    "rank": i + 1,
                    "score": round(p.score()),
                    "field": r.field.id,
                    "a": person(r, p.a),
                    "b": person(r, p.b),
                    "common_coauthors": p.common,
                    "adamic_adar": round(p.adamic_adar),
                    "details": {"closeness": {"raw": round(p.adamic_adar), "value": round(p.score())}},
                })
            })
            .collect(),
    )
}

/// The changed positions of every researcher's list, change file by change file.
pub fn changes_table(r: &PairsResult, files: &[String]) -> Table {
    let mut t = Table::new(
        "changes",
        &format!(
            "Changed top-{} lists (dataflow update): {} ({})",
            r.best.first().map_or(0, Vec::len).max(1),
            r.field.name_en,
            r.field.name_vi
        ),
        &[
            "change",
            "researcher",
            "rank",
            "partner",
            "partner_university",
            "score",
            "adamic_adar",
            "common_coauthors",
            "was",
        ],
    );
    for (e, changes) in r.changes.iter().enumerate() {
        for c in changes {
            let other = |p: &Option<Pair>| p.map(|p| p.other(c.researcher));
            let id = |i: Option<u32>| {
                i.and_then(|i| r.people.get(&i))
                    .map_or(String::new(), |p| p.id.clone())
            };
            let now = other(&c.now);
            let mut row: Vec<Cell> = vec![
                files.get(e).cloned().unwrap_or_default().into(),
                id(Some(c.researcher)).into(),
                c.rank.into(),
                id(now).into(),
                now.and_then(|i| r.people.get(&i))
                    .map_or(String::new(), |p| p.university.clone())
                    .into(),
            ];
            match c.now {
                Some(p) => {
                    row.push(Cell::Float(p.score(), DECIMALS));
                    row.push(Cell::Float(p.adamic_adar, DECIMALS));
                    row.push(p.common.into());
                }
                None => row.extend(["".into(), "".into(), "".into()]),
            }
            row.push(id(other(&c.was)).into());
            t.push(row);
        }
    }
    t
}

pub fn changes_json(r: &PairsResult, files: &[String]) -> Value {
    let mut out = Vec::new();
    for (e, changes) in r.changes.iter().enumerate() {
        for c in changes {
            let now = c.now.map(|p| p.other(c.researcher));
            out.push(json!({
                "change": files.get(e),
                "researcher": person(r, c.researcher),
                "rank": c.rank,
                "partner": now.map_or(Value::Null, |i| person(r, i)),
                "score": c.now.map(|p| round(p.score())),
                "adamic_adar": c.now.map(|p| round(p.adamic_adar)),
                "common_coauthors": c.now.map(|p| p.common),
                "was": c.was.map_or(Value::Null, |p| person(r, p.other(c.researcher))),
            }));
        }
    }
    Value::Array(out)
}

/// Strength per (university, field) and ties per (university, university, field).
pub fn partners_tables(r: &PartnersResult) -> Vec<Table> {
    let mut s = Table::new(
        "strength",
        "University strength per field (dataflow)",
        &[
            "field",
            "university",
            "researchers",
            "level_sum",
            "impact",
            "activity_index",
            "strength",
        ],
    );
    for x in &r.strength {
        s.push(vec![
            r.fields[x.field as usize].id.as_str().into(),
            r.universities[x.university as usize].id.as_str().into(),
            x.researchers.into(),
            Cell::Float(x.level_sum, DECIMALS),
            Cell::Float(x.impact, DECIMALS),
            Cell::Float(x.activity_index, DECIMALS),
            Cell::Float(x.strength, DECIMALS),
        ]);
    }
    let mut t = Table::new(
        "ties",
        &format!(
            "Recency-weighted joint papers per field (to {}, dataflow)",
            r.year0
        ),
        &["field", "university", "partner", "ties", "value"],
    );
    for x in &r.ties {
        t.push(vec![
            r.fields[x.field as usize].id.as_str().into(),
            r.universities[x.a as usize].id.as_str().into(),
            r.universities[x.b as usize].id.as_str().into(),
            Cell::Float(x.ties, DECIMALS),
            Cell::Float(x.value, DECIMALS),
        ]);
    }
    vec![s, t]
}

pub fn partners_json(r: &PartnersResult) -> Value {
    json!({
        "strength": r.strength.iter().map(|x| json!({
            "field": r.fields[x.field as usize].id,
            "university": r.universities[x.university as usize].id,
            "researchers": x.researchers,
            "level_sum": round(x.level_sum),
            "impact": round(x.impact),
            "activity_index": round(x.activity_index),
            "strength": round(x.strength),
        })).collect::<Vec<_>>(),
        "ties": r.ties.iter().map(|x| json!({
            "field": r.fields[x.field as usize].id,
            "university": r.universities[x.a as usize].id,
            "partner": r.universities[x.b as usize].id,
            "ties": round(x.ties),
            "value": round(x.value),
        })).collect::<Vec<_>>(),
    })
}
