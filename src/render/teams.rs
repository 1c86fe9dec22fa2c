//! Presenting proposed teams (one call, or a batch) as tables and JSON.
//!
//! JSON schema of `teams` (array, best first): `{rank, score, call, solver, pool,
//! components: {expertise, cohesion, diversity, preferences} (contributions, summing to the
//! score: divided by [`crate::team::score_scale`] when the weights sum to more than 1),
//! values: {…} (each in [0, 1]), communication_cost, members: [{researcher, name, university,
//! region, title, fields: {field: level}, covers: [field]}], coverage: {field: [researcher]},
//! links: [{a, b, papers, first_year, last_year}], universities: [id], regions: [region],
//! labs: [{field, lab, name, host, distance, capacity_hours}]}` — for each lab field of the call,
//! the best labs every member's university may use, nearest first.
//!
//! Batch: `{summary: {calls, filled, unfilled, total, reference, ratio, min, median, max,
//! worst_call, seats: {university: seats}}, calls: [{call, status, score, solver, members,
//! universities, reasons}]}`.

use serde_json::{json, Map, Value};

use super::scores::round;
use crate::graph::Graph;
use crate::model::*;
use crate::table::{Cell, Table};
use crate::team::batch::{Assignment, BatchResult};
use crate::team::{Call, Proposal, Team, TeamWeights};

/// Why calls cannot be filled, in words.
pub fn describe(ds: &Dataset, reasons: &[crate::team::diagnose::Reason]) -> Vec<String> {
    reasons.iter().map(|r| r.describe(ds)).collect()
}

/// A one-line description of the call's constraints.
pub fn describe_call(ds: &Dataset, c: &Call) -> String {
    let fields: Vec<String> = c
        .fields
        .iter()
        .map(|n| format!("{} ≥ {}", ds.field(n.field).id, n.min_level))
        .collect();
    let mut parts = vec![
        format!("fields {}", fields.join(", ")),
        format!("size {}-{}", c.size_min, c.size_max),
        plural_of(c.min_universities, "≥ {} university", "≥ {} universities"),
        plural_of(c.min_regions, "≥ {} region", "≥ {} regions"),
    ];
    if let Some(m) = c.max_per_university {
        parts.push(format!("≤ {m} per university"));
    }
    for r in &c.rules {
        parts.push(format!("≥ {} {} or higher", r.count, r.min_title));
    }
    if !c.include.is_empty() {
        let ids: Vec<&str> = c
            .include
            .iter()
            .map(|r| ds.researcher(*r).id.as_str())
            .collect();
        parts.push(format!("include {}", ids.join(", ")));
    }
    if !c.lab_fields.is_empty() {
        let ids: Vec<&str> = c
            .lab_fields
            .iter()
            .map(|f| ds.field(*f).id.as_str())
            .collect();
        parts.push(format!("lab access for {}", ids.join(", ")));
    }
    if let Some(p) = &c.problem {
        parts.push(problem_line(ds, p));
    }
    let title = if c.title.is_empty() {
        String::new()
    } else {
        format!(" — {}", c.title)
    };
    // The id of a call given by flags is `call`: "call: …", not "call call: …".
    let name = if c.id == "call" {
        String::new()
    } else {
        format!(" {}", c.id)
    };
    format!("call{name}{title}: {}", parts.join("; "))
}

/// How a call's problem statement was read: its fields and levels (to pass, edited, as
/// `--fields`) and its soft preferences with their weights.
pub fn problem_line(ds: &Dataset, p: &crate::team::problem::ProblemPrefs) -> String {
    let mut s = String::from("problem");
    if !p.read_fields.is_empty() {
        let read: Vec<String> = p
            .read_fields
            .iter()
            .map(|&(f, l)| format!("{}:{l:.2}", ds.field(f).id))
            .collect();
        s.push_str(&format!(" read as --fields {}", read.join(",")));
    }
    s.push_str(&format!(", topic match weight {}", p.prefer_topic));
    if let Some(pl) = &p.province {
        s.push_str(&format!(", near {} weight {}", pl.name, p.prefer_near));
    }
    s
}

/// The mean topic match and nearness of a team's members to the call's problem.
pub fn problem_means(ds: &Dataset, p: &crate::team::problem::ProblemPrefs, t: &Team) -> (f64, f64) {
    let k = t.members.len().max(1) as f64;
    let topic = t
        .members
        .iter()
        .map(|&r| f64::from(p.topic_of(r)))
        .sum::<f64>()
        / k;
    let near = t
        .members
        .iter()
        .map(|&r| f64::from(p.near_of(ds.researcher(r).university)))
        .sum::<f64>()
        / k;
    (topic, near)
}

/// `one` or `many` with `{}` replaced by `n`, by `n`'s grammatical number.
fn plural_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one } else { many }.replace("{}", &n.to_string())
}

/// "1 candidate", "26 candidates".
pub fn candidates(n: usize) -> String {
    plural_of(n, "{} candidate", "{} candidates")
}

fn covers(g: &Graph, c: &Call, r: ResearcherIdx) -> Vec<FieldIdx> {
    c.fields
        .iter()
        .filter(|n| g.level(r, n.field) >= n.min_level)
        .map(|n| n.field)
        .collect()
}

/// The co-authorships between members of `t`.
/// One note per co-authorship among a team's members ([`links`]), or one saying there is none.
pub fn link_notes(ds: &Dataset, links: &[&Coauthorship]) -> Vec<String> {
    if links.is_empty() {
        return vec!["no two members co-author yet".into()];
    }
    links
        .iter()
        .map(|c| {
            format!(
                "link: {} – {} ({} paper{}, {}–{})",
                ds.researcher(c.a).id,
                ds.researcher(c.b).id,
                c.papers,
                if c.papers == 1 { "" } else { "s" },
                c.first_year,
                c.last_year
            )
        })
        .collect()
}

pub fn links<'g>(g: &'g Graph, t: &Team) -> Vec<&'g Coauthorship> {
    let mut out = Vec::new();
    for (i, &a) in t.members.iter().enumerate() {
        for &b in &t.members[i + 1..] {
            if let Some(c) = g.coauthorship(a, b) {
                out.push(c);
            }
        }
    }
    out
}

/// The universities and regions `t` spans, sorted.
pub fn spread(ds: &Dataset, t: &Team) -> (Vec<UniIdx>, Vec<Region>) {
    let mut unis: Vec<UniIdx> = t
        .members
        .iter()
        .map(|r| ds.researcher(*r).university)
        .collect();
    unis.sort();
    unis.dedup();
    let mut regions: Vec<Region> = unis.iter().map(|u| ds.university(*u).region).collect();
    regions.sort();
    regions.dedup();
    (unis, regions)
}

/// One table per team, members as rows, links in the notes.
pub fn teams_tables(g: &Graph, call: &Call, w: &TeamWeights, p: &Proposal) -> Vec<Table> {
    let ds = g.data();
    let mut out = Vec::new();
    for (rank, t) in p.teams.iter().enumerate() {
        let e = &t.eval;
        let (unis, regions) = spread(ds, t);
        let sum = format!(
            "expertise {:.2}×{} + cohesion {:.2}×{} + diversity {:.2}×{} + preferences {:.4}",
            e.expertise,
            w.expertise,
            e.cohesion,
            w.cohesion,
            e.diversity,
            w.diversity,
            e.preferences
        );
        let scale = crate::team::score_scale(w, call);
        let sum = if scale > 1.0 {
            format!("({sum}) / {scale} (the sum of the weights)")
        } else {
            sum
        };
        let title = format!(
            "{}\nteam {} of {} ({} solver, {}) — score {:.4} = {sum}",
            describe_call(ds, call),
            rank + 1,
            p.teams.len(),
            p.solver.as_str(),
            candidates(p.pool),
            e.score,
        );
        let mut table = Table::new(
            "team",
            &title,
            &[
                "researcher",
                "name",
                "university",
                "region",
                "title",
                "covers",
                "fields",
            ],
        );
        for &r in &t.members {
            let x = ds.researcher(r);
            let cov: Vec<&str> = covers(g, call, r)
                .iter()
                .map(|f| ds.field(*f).id.as_str())
                .collect();
            let fields: Vec<String> = g
                .expertise(r)
                .iter()
                .map(|(f, l)| format!("{} {:.2}", ds.field(*f).id, l))
                .collect();
            table.push(vec![
                x.id.as_str().into(),
                x.name.as_str().into(),
                ds.university(x.university).id.as_str().into(),
                ds.university(x.university).region.as_str().into(),
                x.title.as_str().into(),
                cov.join(", ").into(),
                fields.join(", ").into(),
            ]);
        }
        let uni_ids: Vec<&str> = unis.iter().map(|u| ds.university(*u).id.as_str()).collect();
        let region_ids: Vec<&str> = regions.iter().map(|r| r.as_str()).collect();
        if let Some(pp) = &call.problem {
            let (topic, near) = problem_means(ds, pp, t);
            table.notes.push(match &pp.province {
                Some(pl) => format!(
                    "problem: mean topic match {topic:.2}, mean nearness to {} {near:.2}",
                    pl.name
                ),
                None => format!("problem: mean topic match {topic:.2}"),
            });
        }
        table.notes.push(format!(
            "spans {} universities ({}) and {} regions ({}); communication cost {} (MST over co-authorship distances)",
            unis.len(),
            uni_ids.join(", "),
            regions.len(),
            region_ids.join(", "),
            e.cost
        ));
        for (f, labs) in &t.labs {
            let list: Vec<String> = labs
                .iter()
                .map(|l| {
                    let lab = ds.lab(l.lab);
                    format!(
                        "{} {} at {} ({}, {} free h/month)",
                        lab.id,
                        lab.name,
                        ds.university(l.host).id,
                        l.distance.as_str().replace('_', " "),
                        l.capacity_hours
                    )
                })
                .collect();
            table
                .notes
                .push(format!("labs for {}: {}", ds.field(*f).id, list.join("; ")));
        }
        table.notes.extend(link_notes(ds, &links(g, t)));
        out.push(table);
    }
    out
}

/// Teams as CSV: one row per (team, member).
pub fn teams_csv_table(g: &Graph, call: &Call, p: &Proposal) -> Table {
    let ds = g.data();
    let mut t = Table::new(
        "teams",
        "",
        &[
            "call",
            "rank",
            "score",
            "solver",
            "researcher",
            "name",
            "university",
            "region",
            "title",
            "covers",
        ],
    );
    for (rank, team) in p.teams.iter().enumerate() {
        for &r in &team.members {
            let x = ds.researcher(r);
            let cov: Vec<&str> = covers(g, call, r)
                .iter()
                .map(|f| ds.field(*f).id.as_str())
                .collect();
            t.push(vec![
                call.id.as_str().into(),
                (rank + 1).into(),
                Cell::Float(team.eval.score, 4),
                p.solver.as_str().into(),
                x.id.as_str().into(),
                x.name.as_str().into(),
                ds.university(x.university).id.as_str().into(),
                ds.university(x.university).region.as_str().into(),
                x.title.as_str().into(),
                cov.join(";").into(),
            ]);
        }
    }
    t
}

fn team_json(g: &Graph, call: &Call, w: &TeamWeights, t: &Team, rank: usize) -> Map<String, Value> {
    let ds = g.data();
    let e = &t.eval;
    let (unis, regions) = spread(ds, t);
    let members: Vec<Value> = t
        .members
        .iter()
        .map(|&r| {
            let x = ds.researcher(r);
            let fields: Map<String, Value> = g
                .expertise(r)
                .iter()
                .map(|(f, l)| (ds.field(*f).id.clone(), json!(round(f64::from(*l)))))
                .collect();
            let cov: Vec<&str> = covers(g, call, r)
                .iter()
                .map(|f| ds.field(*f).id.as_str())
                .collect();
            json!({
                "researcher": x.id,
                "name": x.name,
                "university": ds.university(x.university).id,
                "region": ds.university(x.university).region.as_str(),
                "title": x.title.as_str(),
                "fields": fields,
                "covers": cov,
            })
        })
        .collect();
    let coverage: Map<String, Value> = call
        .fields
        .iter()
        .map(|n| {
            let who: Vec<&str> = t
                .members
                .iter()
                .filter(|&&r| g.level(r, n.field) >= n.min_level)
                .map(|r| ds.researcher(*r).id.as_str())
                .collect();
            (ds.field(n.field).id.clone(), json!(who))
        })
        .collect();
    let links: Vec<Value> = links(g, t)
        .into_iter()
        .map(|c| {
            json!({
                "a": ds.researcher(c.a).id,
                "b": ds.researcher(c.b).id,
                "papers": c.papers,
                "first_year": c.first_year,
                "last_year": c.last_year,
            })
        })
        .collect();
    let mut m = Map::new();
    m.insert("rank".into(), json!(rank));
    m.insert("score".into(), json!(round(e.score)));
    m.insert("call".into(), json!(call.id));
    let scale = crate::team::score_scale(w, call);
    m.insert(
        "components".into(),
        json!({
            "expertise": round(w.expertise * e.expertise / scale),
            "cohesion": round(w.cohesion * e.cohesion / scale),
            "diversity": round(w.diversity * e.diversity / scale),
            "preferences": round(e.preferences / scale),
        }),
    );
    m.insert(
        "values".into(),
        json!({"expertise": round(e.expertise), "cohesion": round(e.cohesion), "diversity": round(e.diversity)}),
    );
    m.insert("communication_cost".into(), json!(e.cost));
    if let Some(pp) = &call.problem {
        let (topic, near) = problem_means(ds, pp, t);
        m.insert(
            "problem".into(),
            json!({
                "text": pp.text,
                "read_fields": pp.read_fields.iter().map(|&(f, l)| json!({
                    "field": ds.field(f).id,
                    "min_level": round(f64::from(l)),
                })).collect::<Vec<_>>(),
                "province": pp.province.as_ref().map(|pl| pl.name.clone()),
                "topic_weight": pp.prefer_topic,
                "near_weight": pp.prefer_near,
                "topic": round(topic),
                "near": round(near),
            }),
        );
    }
    m.insert("members".into(), Value::Array(members));
    m.insert("coverage".into(), Value::Object(coverage));
    m.insert("links".into(), Value::Array(links));
    m.insert(
        "universities".into(),
        json!(unis
            .iter()
            .map(|u| ds.university(*u).id.as_str())
            .collect::<Vec<_>>()),
    );
    m.insert(
        "regions".into(),
        json!(regions.iter().map(|r| r.as_str()).collect::<Vec<_>>()),
    );
    let labs: Vec<Value> = t
        .labs
        .iter()
        .flat_map(|(f, labs)| {
            let f = *f;
            labs.iter().map(move |l| {
                json!({
                    "field": ds.field(f).id,
                    "lab": ds.lab(l.lab).id,
                    "name": ds.lab(l.lab).name,
                    "host": ds.university(l.host).id,
                    "distance": l.distance.as_str(),
                    "capacity_hours": l.capacity_hours,
                })
            })
        })
        .collect();
    m.insert("labs".into(), Value::Array(labs));
    m
}

/// Teams of one call as JSON (see the module doc).
pub fn teams_json(g: &Graph, call: &Call, w: &TeamWeights, p: &Proposal) -> Value {
    Value::Array(
        p.teams
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut m = team_json(g, call, w, t, i + 1);
                m.insert("solver".into(), json!(p.solver.as_str()));
                m.insert("pool".into(), json!(p.pool));
                Value::Object(m)
            })
            .collect(),
    )
}

/// Summary figures of a batch.
pub struct BatchSummary {
    pub filled: usize,
    pub min: f64,
    pub median: f64,
    pub max: f64,
    pub worst: Option<usize>,
}

pub fn batch_summary(r: &BatchResult) -> BatchSummary {
    let mut scores: Vec<(f64, usize)> = r
        .assignments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match a {
            Assignment::Filled { team, .. } => Some((team.eval.score, i)),
            Assignment::Unfilled { .. } => None,
        })
        .collect();
    scores.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let n = scores.len();
    BatchSummary {
        filled: n,
        min: scores.first().map_or(0.0, |s| s.0),
        median: if n == 0 { 0.0 } else { scores[n / 2].0 },
        max: scores.last().map_or(0.0, |s| s.0),
        worst: scores.first().map(|s| s.1),
    }
}

/// A batch as one table (one row per call) with the summary in the notes.
pub fn batch_table(g: &Graph, calls: &[Call], r: &BatchResult) -> Table {
    let ds = g.data();
    let mut t = Table::new(
        "batch",
        &format!("{} calls", calls.len()),
        &[
            "call",
            "status",
            "score",
            "solver",
            "members",
            "universities",
        ],
    );
    for (c, a) in calls.iter().zip(&r.assignments) {
        match a {
            Assignment::Filled { team, solver } => {
                let (unis, _) = spread(ds, team);
                let ids: Vec<&str> = team
                    .members
                    .iter()
                    .map(|m| ds.researcher(*m).id.as_str())
                    .collect();
                let u: Vec<&str> = unis.iter().map(|u| ds.university(*u).id.as_str()).collect();
                t.push(vec![
                    c.id.as_str().into(),
                    "filled".into(),
                    Cell::Float(team.eval.score, 4),
                    solver.as_str().into(),
                    ids.join(";").into(),
                    u.join(";").into(),
                ]);
            }
            Assignment::Unfilled { reasons } => {
                t.push(vec![
                    c.id.as_str().into(),
                    "unfilled".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                ]);
                t.notes.push(format!(
                    "{} cannot be filled: {}",
                    c.id,
                    describe(ds, reasons).join("; ")
                ));
            }
        }
    }
    for c in calls {
        if let Some(p) = &c.problem {
            t.notes.push(format!("{}: {}", c.id, problem_line(ds, p)));
        }
    }
    let s = batch_summary(r);
    t.notes.push(format!(
        "filled {} of {} calls; total score {:.4} = {:.1}% of the reference {:.4} (each call's best team ignoring the others)",
        s.filled,
        calls.len(),
        r.total,
        if r.reference > 0.0 { 100.0 * r.total / r.reference } else { 100.0 },
        r.reference
    ));
    if let Some(w) = s.worst {
        t.notes.push(format!(
            "call scores: min {:.4} (worst served: {}), median {:.4}, max {:.4}",
            s.min, calls[w].id, s.median, s.max
        ));
    }
    let seats: usize = r.seats.iter().map(|(_, n)| n).sum();
    let shares: Vec<String> = r
        .seats
        .iter()
        .map(|(u, n)| {
            format!(
                "{} {} ({:.0}%)",
                ds.university(*u).id,
                n,
                100.0 * *n as f64 / seats.max(1) as f64
            )
        })
        .collect();
    t.notes
        .push(format!("seats per university: {}", shares.join(", ")));
    t
}

/// A batch as JSON (see the module doc).
pub fn batch_json(g: &Graph, calls: &[Call], w: &TeamWeights, r: &BatchResult) -> Value {
    let ds = g.data();
    let s = batch_summary(r);
    let seats: Map<String, Value> = r
        .seats
        .iter()
        .map(|(u, n)| (ds.university(*u).id.clone(), json!(n)))
        .collect();
    let rows: Vec<Value> = calls
        .iter()
        .zip(&r.assignments)
        .map(|(c, a)| match a {
            Assignment::Filled { team, solver } => {
                let mut m = team_json(g, c, w, team, 1);
                m.remove("rank");
                m.insert("status".into(), json!("filled"));
                m.insert("solver".into(), json!(solver.as_str()));
                Value::Object(m)
            }
            Assignment::Unfilled { reasons } => {
                json!({"call": c.id, "status": "unfilled", "reasons": describe(ds, reasons)})
            }
        })
        .collect();
    json!({
        "summary": {
            "calls": calls.len(),
            "filled": s.filled,
            "unfilled": calls.len() - s.filled,
            "total": round(r.total),
            "reference": round(r.reference),
            "ratio": round(if r.reference > 0.0 { r.total / r.reference } else { 1.0 }),
            "min": round(s.min),
            "median": round(s.median),
            "max": round(s.max),
            "worst_call": s.worst.map(|i| calls[i].id.clone()),
            "seats": seats,
        },
        "calls": rows,
    })
}
