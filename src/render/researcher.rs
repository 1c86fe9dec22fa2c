//! One researcher (the `researcher` question) as tables and JSON.
//!
//! JSON schema: `{researcher, name, university: {id, short_name, name_vi, name_en, region},
//! title, h_index, publications, max_teams, expertise: [{field, name_vi, name_en, level}],
//! coauthor_count, coauthors: [{researcher, name, university, papers, first_year, last_year}],
//! labs: [{lab, name, access, fields: [id], capacity_hours}], withheld: [attribute]}`. A
//! value withheld from the audience (`title`, `h_index`, `publications`, a lab's
//! `capacity_hours`) is `null`, and `withheld` lists the researcher's withheld attributes.

use serde_json::{json, Value};

use super::scores::round;
use crate::graph::Graph;
use crate::query::ResearcherResponse;
use crate::table::{Cell, Table};

/// The researcher as JSON (see the module doc).
pub fn researcher_json(g: &Graph, r: &ResearcherResponse) -> Value {
    let ds = g.data();
    let x = ds.researcher(r.researcher);
    let u = ds.university(x.university);
    let shown = |a: &str| !r.withheld.contains(&a);
    json!({
        "researcher": x.id,
        "name": x.name,
        "university": {
            "id": u.id,
            "short_name": u.short_name,
            "name_vi": u.name_vi,
            "name_en": u.name_en,
            "region": u.region.as_str(),
        },
        "title": shown("title").then(|| x.title.as_str()),
        "h_index": shown("h_index").then_some(x.h_index),
        "publications": shown("publications").then_some(x.publications),
        "max_teams": x.max_teams,
        "expertise": r.expertise.iter().map(|&(f, level)| {
            let f = ds.field(f);
            json!({"field": f.id, "name_vi": f.name_vi, "name_en": f.name_en, "level": round(f64::from(level))})
        }).collect::<Vec<_>>(),
        "coauthor_count": r.coauthor_count,
        "coauthors": r.coauthors.iter().map(|c| {
            let o = ds.researcher(c.researcher);
            json!({
                "researcher": o.id,
                "name": o.name,
                "university": ds.university(o.university).id,
                "papers": c.papers,
                "first_year": c.first_year,
                "last_year": c.last_year,
            })
        }).collect::<Vec<_>>(),
        "labs": r.labs.iter().zip(&r.lab_hours_shown).map(|(&l, &hours)| {
            let l = ds.lab(l);
            json!({
                "lab": l.id,
                "name": l.name,
                "access": l.access.as_str(),
                "fields": l.fields.iter().map(|&f| ds.field(f).id.as_str()).collect::<Vec<_>>(),
                "capacity_hours": hours.then_some(l.capacity_hours),
            })
        }).collect::<Vec<_>>(),
        "withheld": r.withheld,
    })
}

/// The researcher's fields, co-authors and university labs, one table each.
pub fn researcher_tables(g: &Graph, r: &ResearcherResponse) -> Vec<Table> {
    let ds = g.data();
    let x = ds.researcher(r.researcher);
    let mut fields = Table::new(
        "expertise",
        &format!("Fields of {}", x.name),
        &["field", "name", "level"],
    );
    for &(f, level) in &r.expertise {
        let f = ds.field(f);
        fields.push(vec![
            Cell::Text(f.id.clone()),
            Cell::Text(f.name_en.clone()),
            Cell::Float(f64::from(level), 2),
        ]);
    }
    let mut co = Table::new(
        "coauthors",
        &format!("Co-authors of {}", x.name),
        &[
            "researcher",
            "name",
            "university",
            "papers",
            "first_year",
            "last_year",
        ],
    );
    for c in &r.coauthors {
        let o = ds.researcher(c.researcher);
        co.push(vec![
            Cell::Text(o.id.to_string()),
            Cell::Text(o.name.to_string()),
            Cell::Text(ds.university(o.university).short_name.clone()),
            Cell::Int(i64::from(c.papers)),
            Cell::Int(i64::from(c.first_year)),
            Cell::Int(i64::from(c.last_year)),
        ]);
    }
    let mut labs = Table::new(
        "labs",
        &format!("Labs of {}", ds.university(x.university).short_name),
        &["lab", "lab_name", "access", "fields", "capacity"],
    );
    for (&l, &hours) in r.labs.iter().zip(&r.lab_hours_shown) {
        let l = ds.lab(l);
        labs.push(vec![
            Cell::Text(l.id.clone()),
            Cell::Text(l.name.clone()),
            Cell::Text(l.access.as_str().into()),
            Cell::Text(
                l.fields
                    .iter()
                    .map(|&f| ds.field(f).id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            if hours {
                Cell::Int(i64::from(l.capacity_hours))
            } else {
                Cell::Text("withheld".into())
            },
        ]);
    }
    vec![fields, co, labs]
}
