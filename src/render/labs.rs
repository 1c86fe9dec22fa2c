//! Presenting shared-lab results: opportunities, equipment search hits and joint-lab proposals,
//! as [`Table`]s (text, CSV, Markdown; a "why" note per row) and as JSON with a stable schema.
//!
//! JSON schemas (arrays):
//! - `labs`: best first, `{role, rank, lab, lab_name, host, beneficiary, field, access, proximity,
//!   score, components: {name: contribution}, details: {name: {raw, value, weight, contribution,
//!   explain}}}`; `role` is `borrow` or `offer` with `--university`, `null` otherwise, and `rank`
//!   counts within the role.
//! - `labs --equipment`: `{lab, name, host, access, fields: [id], matched: [item]}`
//! - `labs --joint`: `{proposal, field, within, locality, universities: [id], covered, universe,
//!   best_single, coverage, labs: [{lab, name, host, items, coverage, brings: [item]}]}`

use serde_json::{json, Value};

use super::scores::{components_json, round, why, DECIMALS};
use crate::graph::Graph;
use crate::lab::{EquipmentHit, JointProposal, LabOpportunity, LAB_COMPONENTS};
use crate::model::*;
use crate::table::{Cell, Table};

/// One list of opportunities and its role (`borrow`, `offer`, or none).
pub type RoleList<'a> = (Option<&'static str>, &'a [LabOpportunity]);

/// Opportunities as a text table, with one note per row explaining the score.
pub fn opportunities_table(g: &Graph, title: &str, ops: &[LabOpportunity]) -> Table {
    let ds = g.data();
    let mut cols = vec!["rank", "lab", "host", "beneficiary", "field", "score"];
    cols.extend(LAB_COMPONENTS);
    let mut t = Table::new("labs", title, &cols);
    for o in ops {
        let mut row: Vec<Cell> = vec![
            o.rank.into(),
            ds.lab(o.lab).id.as_str().into(),
            ds.university(o.host).id.as_str().into(),
            ds.university(o.beneficiary).id.as_str().into(),
            ds.field(o.field).id.as_str().into(),
            Cell::Float(o.score, DECIMALS),
        ];
        row.extend(
            o.components
                .iter()
                .map(|c| Cell::Float(c.contribution, DECIMALS)),
        );
        t.push(row);
        t.notes.push(format!(
            "{}. {} ({}) → {}: {}",
            o.rank,
            ds.lab(o.lab).id,
            ds.lab(o.lab).name,
            ds.university(o.beneficiary).id,
            why(&o.components)
        ));
    }
    t
}

/// Opportunities as CSV rows with each component's contribution, raw value and value.
pub fn opportunities_csv(g: &Graph, lists: &[RoleList<'_>]) -> Table {
    let ds = g.data();
    let mut cols: Vec<String> = [
        "role",
        "rank",
        "lab",
        "lab_name",
        "host",
        "beneficiary",
        "field",
        "access",
        "proximity",
        "score",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for c in LAB_COMPONENTS {
        cols.push(c.to_string());
        cols.push(format!("{c}_raw"));
        cols.push(format!("{c}_value"));
    }
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new("labs", "", &col_refs);
    for (role, ops) in lists {
        for o in *ops {
            let lab = ds.lab(o.lab);
            let mut row: Vec<Cell> = vec![
                role.unwrap_or("").into(),
                o.rank.into(),
                lab.id.as_str().into(),
                lab.name.as_str().into(),
                ds.university(o.host).id.as_str().into(),
                ds.university(o.beneficiary).id.as_str().into(),
                ds.field(o.field).id.as_str().into(),
                lab.access.as_str().into(),
                o.distance.as_str().into(),
                Cell::Float(o.score, DECIMALS),
            ];
            for c in &o.components {
                row.push(Cell::Float(c.contribution, DECIMALS));
                row.push(Cell::Float(c.raw, DECIMALS));
                row.push(Cell::Float(c.value, DECIMALS));
            }
            t.push(row);
        }
    }
    t
}

/// Opportunities as JSON (see the module doc for the schema).
pub fn opportunities_json(g: &Graph, lists: &[RoleList<'_>]) -> Value {
    let ds = g.data();
    let mut out = Vec::new();
    for (role, ops) in lists {
        for o in *ops {
            let lab = ds.lab(o.lab);
            let (components, details) = components_json(&o.components);
            out.push(json!({
                "role": role,
                "rank": o.rank,
                "lab": lab.id,
                "lab_name": lab.name,
                "host": ds.university(o.host).id,
                "beneficiary": ds.university(o.beneficiary).id,
                "field": ds.field(o.field).id,
                "access": lab.access.as_str(),
                "proximity": o.distance.as_str(),
                "score": round(o.score),
                "components": components,
                "details": details,
            }));
        }
    }
    Value::Array(out)
}

fn field_ids(ds: &Dataset, lab: &Lab) -> Vec<String> {
    lab.fields.iter().map(|&f| ds.field(f).id.clone()).collect()
}

fn matched<'a>(lab: &'a Lab, h: &EquipmentHit) -> Vec<&'a str> {
    h.items.iter().map(|&i| lab.equipment[i].as_str()).collect()
}

/// Equipment search hits as a table.
pub fn equipment_table(g: &Graph, query: &str, hits: &[EquipmentHit]) -> Table {
    let ds = g.data();
    let mut t = Table::new(
        "equipment",
        &format!("Labs with equipment matching {query:?}"),
        &["lab", "name", "host", "access", "fields", "matched"],
    );
    for h in hits {
        let lab = ds.lab(h.lab);
        t.push(vec![
            lab.id.as_str().into(),
            lab.name.as_str().into(),
            ds.university(lab.university).id.as_str().into(),
            lab.access.as_str().into(),
            field_ids(ds, lab).join(";").into(),
            matched(lab, h).join("; ").into(),
        ]);
    }
    t
}

/// Equipment search hits as JSON.
pub fn equipment_json(g: &Graph, hits: &[EquipmentHit]) -> Value {
    let ds = g.data();
    Value::Array(
        hits.iter()
            .map(|h| {
                let lab = ds.lab(h.lab);
                json!({
                    "lab": lab.id,
                    "name": lab.name,
                    "host": ds.university(lab.university).id,
                    "access": lab.access.as_str(),
                    "fields": field_ids(ds, lab),
                    "matched": matched(lab, h),
                })
            })
            .collect(),
    )
}

/// Joint-lab proposals as a table: one row per lab, one note per proposal.
pub fn joint_table(g: &Graph, proposals: &[JointProposal]) -> Table {
    let ds = g.data();
    let mut t = Table::new(
        "joint",
        "Joint-lab proposals: labs whose equipment together covers more of a field",
        &[
            "proposal", "field", "locality", "lab", "host", "items", "coverage", "brings",
        ],
    );
    for (i, p) in proposals.iter().enumerate() {
        for m in &p.members {
            let lab = ds.lab(m.lab);
            t.push(vec![
                (i + 1).into(),
                ds.field(p.field).id.as_str().into(),
                p.locality.as_str().into(),
                lab.id.as_str().into(),
                ds.university(lab.university).id.as_str().into(),
                m.items.into(),
                Cell::Float(m.coverage, 3),
                m.brings.join("; ").into(),
            ]);
        }
        let unis: Vec<&str> = p
            .universities
            .iter()
            .map(|&u| ds.university(u).id.as_str())
            .collect();
        t.notes.push(format!(
            "{}. {} in {} ({}): {} together hold {} of the field's {} equipment items ({:.0}%); the best single lab holds {}",
            i + 1,
            ds.field(p.field).id,
            p.locality,
            p.within.as_str(),
            unis.join(" + "),
            p.covered,
            p.universe,
            100.0 * p.coverage,
            p.best_single
        ));
    }
    t
}

/// Joint-lab proposals as JSON.
pub fn joint_json(g: &Graph, proposals: &[JointProposal]) -> Value {
    let ds = g.data();
    Value::Array(
        proposals
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let labs: Vec<Value> = p
                    .members
                    .iter()
                    .map(|m| {
                        let lab = ds.lab(m.lab);
                        json!({
                            "lab": lab.id,
                            "name": lab.name,
                            "host": ds.university(lab.university).id,
                            "items": m.items,
                            "coverage": round(m.coverage),
                            "brings": m.brings,
                        })
                    })
                    .collect();
                json!({
                    "proposal": i + 1,
                    "field": ds.field(p.field).id,
                    "within": p.within.as_str(),
                    "locality": p.locality,
                    "universities": p.universities.iter().map(|&u| ds.university(u).id.as_str()).collect::<Vec<_>>(),
                    "covered": p.covered,
                    "universe": p.universe,
                    "best_single": p.best_single,
                    "coverage": round(p.coverage),
                    "labs": labs,
                })
            })
            .collect(),
    )
}
