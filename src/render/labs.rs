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
use unicode_width::UnicodeWidthStr;

use super::scores::{components_json, round, why, DECIMALS};
use crate::graph::Graph;
use crate::lab::{EquipmentHit, JointProposal, LabOpportunity, LabWeights, Scored, LAB_COMPONENTS};
use crate::model::*;
use crate::table::{Cell, Table, TextLayout};

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

/// The column widths of [`opportunities_table`] over a whole list, measured from its scored
/// candidates before any is explained, so that a list too long to hold is written as a text
/// table in parts ([`crate::table::text_head`]) with the bytes of the whole table.
#[derive(Clone, Debug)]
pub struct OpportunityWidths {
    /// Labs, beneficiaries and fields that appear.
    labs: Vec<bool>,
    beneficiaries: Vec<bool>,
    fields: Vec<bool>,
    /// Per float column (score, then each component's contribution): the largest value not
    /// signed negative and the most negative value (the widest printed of each sign).
    floats: [(Option<f64>, Option<f64>); 6],
    rows: usize,
}

impl OpportunityWidths {
    pub fn new(ds: &Dataset) -> Self {
        OpportunityWidths {
            labs: vec![false; ds.labs.len()],
            beneficiaries: vec![false; ds.universities.len()],
            fields: vec![false; ds.fields.len()],
            floats: [(None, None); 6],
            rows: 0,
        }
    }

    /// Counts one row of the list: `s` as it will be explained under `w` (its contributions
    /// are `1 · weight · value`, as [`crate::component::Component::new`] computes them).
    pub fn add(&mut self, s: &Scored, w: &LabWeights) {
        self.rows += 1;
        self.labs[s.lab.ix()] = true;
        self.beneficiaries[s.beneficiary.ix()] = true;
        self.fields[s.field.ix()] = true;
        let weights = [w.demand, w.capacity, w.distance, w.ties, w.equipment];
        let mut floats = [s.score; 6];
        for (i, (v, w)) in s.values.iter().zip(weights).enumerate() {
            floats[i + 1] = 1.0 * w * v;
        }
        for ((pos, neg), x) in self.floats.iter_mut().zip(floats) {
            let slot = if x.is_sign_negative() { neg } else { pos };
            let widest = |y: f64| if x.is_sign_negative() { x < y } else { x > y };
            if slot.is_none_or(widest) {
                *slot = Some(x);
            }
        }
    }

    /// The layout of the whole table (as [`TextLayout::of`] would measure it).
    pub fn layout(&self, g: &Graph) -> TextLayout {
        let ds = g.data();
        let printed = |s: &str| crate::text::printable(s, false).width();
        let widest = |seen: &[bool], width: &dyn Fn(usize) -> usize| -> usize {
            seen.iter()
                .enumerate()
                .filter(|(_, &on)| on)
                .map(|(i, _)| width(i))
                .max()
                .unwrap_or(0)
        };
        let lab_id = |i: usize| printed(&ds.labs[i].id);
        let host_id = |i: usize| printed(&ds.university(ds.labs[i].university).id);
        let uni_id = |i: usize| printed(&ds.universities[i].id);
        let field_id = |i: usize| printed(&ds.fields[i].id);
        let mut cells = vec![
            self.rows.to_string().len(),
            widest(&self.labs, &lab_id),
            widest(&self.labs, &host_id),
            widest(&self.beneficiaries, &uni_id),
            widest(&self.fields, &field_id),
        ];
        for (pos, neg) in &self.floats {
            let len = |x: &Option<f64>| x.map_or(0, |x| Cell::Float(x, DECIMALS).text().len());
            cells.push(len(pos).max(len(neg)));
        }
        let mut names = vec!["rank", "lab", "host", "beneficiary", "field", "score"];
        names.extend(LAB_COMPONENTS);
        let widths = names
            .iter()
            .zip(cells)
            .map(|(n, c)| n.width().max(c))
            .collect();
        let numeric = (0..names.len())
            .map(|i| self.rows > 0 && (i == 0 || i >= 5))
            .collect();
        TextLayout { widths, numeric }
    }
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
