//! The report's data tables, with the stable columns listed in [`super::SCHEMA`]: the pages show
//! them (translated headers, links) and `csv/` and `json/` hold them whole.
//!
//! Wherever a command already has a table builder (`render::scores`, `render::teams`,
//! `render::labs`), the report reuses it and only prefixes the column that says which field or
//! university a row belongs to.

use super::SCHEMA;
use crate::model::*;
use crate::query::report::Model;
use crate::render::labs as lab_output;
use crate::render::scores;
use crate::render::teams as team_output;
use crate::score::Mode;
use crate::table::{Cell, Table};
use crate::team::batch::Assignment;
use crate::team::Call;

/// The columns of table `key` as documented in [`SCHEMA`].
pub fn columns(key: &str) -> Vec<&'static str> {
    SCHEMA
        .iter()
        .find(|t| t.key == key)
        .map(|t| t.columns.to_vec())
        .unwrap_or_default()
}

/// An empty table `key` with its documented columns.
fn empty(key: &str) -> Table {
    Table::new(key, "", &columns(key))
}

/// Appends `part`'s rows to `t`, each after the cells of `prefix`. `part` comes from a command's
/// table builder; its columns must be the documented ones after the prefix.
fn append(t: &mut Table, prefix: &[Cell], part: Table) {
    debug_assert_eq!(
        t.columns[prefix.len()..]
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        part.columns,
        "{}: the builder's columns differ from the schema",
        t.key
    );
    for row in part.rows {
        let mut r = prefix.to_vec();
        r.extend(row);
        t.rows.push(r);
    }
}

fn f2(x: f64) -> Cell {
    Cell::Float(x, 4)
}

/// `universities`: one row per university.
pub fn universities(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("universities");
    for (u, (researchers, labs, pairs)) in ds.universities.iter().zip(m.university_counts()) {
        t.push(vec![
            u.id.as_str().into(),
            u.short_name.as_str().into(),
            u.name_vi.as_str().into(),
            u.name_en.as_str().into(),
            u.city.as_str().into(),
            u.region.as_str().into(),
            researchers.into(),
            labs.into(),
            Cell::Int(pairs as i64),
        ]);
    }
    t
}

/// `fields`: one row per field.
pub fn fields(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("fields");
    for f in ds.field_ids() {
        let x = ds.field(f);
        let related: Vec<&str> = x.related.iter().map(|r| ds.field(*r).id.as_str()).collect();
        let leader = m.leaders[f.ix()]
            .first()
            .filter(|l| l.researchers > 0)
            .map_or(String::new(), |l| ds.university(l.university).id.clone());
        let calls = m.calls_of(f);
        t.push(vec![
            x.id.as_str().into(),
            x.name_vi.as_str().into(),
            x.name_en.as_str().into(),
            related.join(";").into(),
            m.g.field_members(f).len().into(),
            leader.into(),
            calls.len().into(),
            calls
                .iter()
                .filter(|c| !c.proposal.teams.is_empty())
                .count()
                .into(),
        ]);
    }
    t
}

/// `links`: inter-university co-authorship, every pair, ordered by university index. With
/// `strongest = Some(n)`: the `n` pairs with most co-author pairs (ties by index).
pub fn links(m: &Model<'_>, strongest: Option<usize>) -> Table {
    let ds = m.g.data();
    let mut t = empty("links");
    let mut links: Vec<_> = m.links.iter().collect();
    if let Some(n) = strongest {
        links.sort_by(|x, y| {
            y.pairs
                .cmp(&x.pairs)
                .then(y.papers.cmp(&x.papers))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        links.truncate(n);
    }
    for l in links {
        t.push(vec![
            ds.university(l.a).id.as_str().into(),
            ds.university(l.b).id.as_str().into(),
            l.pairs.into(),
            Cell::Int(l.papers as i64),
        ]);
    }
    t
}

/// `leaders`: every field's leaders table, with the field in front.
pub fn leaders(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("leaders");
    for f in ds.field_ids() {
        let part = scores::leaders_table(m.g, f, &m.leaders[f.ix()]);
        append(&mut t, &[ds.field(f).id.as_str().into()], part);
    }
    t
}

/// `partners`: every field's full partner matrix, one row per (university, partner), computed
/// whole ([`Model::partner_matrix`]). Only [`super::build`] holds it: [`super::write_report`]
/// writes the same rows as the matrices are computed ([`partner_rows`]).
pub fn partners(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("partners");
    for f in ds.field_ids() {
        append(&mut t, &[], partner_rows(m.g, f, &m.partner_matrix(f)));
    }
    t
}

/// Rows of the `partners` table for some of field `f`'s partner lists.
pub fn partner_rows(
    g: &crate::graph::Graph,
    f: FieldIdx,
    lists: &[Vec<crate::score::PartnerScore>],
) -> Table {
    scores::rank_csv_table(g, f, Mode::Strengthen, lists)
}

/// The partner matrix of a field page: row = university, column = partner, the best partner
/// after the university; the universities of [`FieldPartners::shown`](crate::query::report::FieldPartners)
/// (the layout of `hoptac rank --field F --format md` when every university is shown).
pub fn matrix(m: &Model<'_>, f: FieldIdx) -> Table {
    let fp = &m.partners[f.ix()];
    let mut t = scores::matrix_header_of(m.g, f, Mode::Strengthen, fp.shown.iter().copied());
    for (u, cells) in &fp.rows {
        if let Some(best) = &fp.best[u.ix()] {
            t.push(scores::matrix_row(
                m.g,
                *u,
                best.partner,
                cells.iter().copied(),
            ));
        }
    }
    t
}

/// `best_partners`: each university's best partner in each field (all universities, or one).
pub fn best_partners(m: &Model<'_>, only: Option<UniIdx>) -> Table {
    let ds = m.g.data();
    let mut t = empty("best_partners");
    for u in ds.university_ids().filter(|u| only.is_none_or(|o| o == *u)) {
        for f in ds.field_ids() {
            let Some(p) = &m.partners[f.ix()].best[u.ix()] else {
                continue;
            };
            let mut row: Vec<Cell> = vec![
                ds.university(u).id.as_str().into(),
                ds.field(f).id.as_str().into(),
                ds.university(p.partner).id.as_str().into(),
                ds.university(p.partner).name_vi.as_str().into(),
                f2(p.score),
            ];
            row.extend(p.components.iter().map(|c| f2(c.contribution)));
            t.push(row);
        }
    }
    t
}

/// `calls`: every team call of the report and its outcome.
pub fn calls(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("calls");
    for c in &m.calls {
        t.push(vec![
            c.call.id.as_str().into(),
            ds.field(c.field).id.as_str().into(),
            c.with.map_or("", |w| ds.field(w).id.as_str()).into(),
            team_output::describe_call(ds, &c.call).into(),
            c.proposal.solver.as_str().into(),
            c.proposal.pool.into(),
            c.proposal.teams.len().into(),
            c.reasons
                .first()
                .map_or(String::new(), |r| r.describe(ds))
                .into(),
        ]);
    }
    t
}

/// `teams`: every proposed team, one row per member.
pub fn teams(m: &Model<'_>) -> Table {
    let mut t = empty("teams");
    for c in &m.calls {
        append(
            &mut t,
            &[],
            team_output::teams_csv_table(m.g, &c.call, &c.proposal),
        );
    }
    t
}

/// `university_teams`: the proposed teams each university has members in (all, or one).
pub fn university_teams(m: &Model<'_>, only: Option<UniIdx>) -> Table {
    let ds = m.g.data();
    let mut t = empty("university_teams");
    for u in ds.university_ids().filter(|u| only.is_none_or(|o| o == *u)) {
        for (i, rank) in m.teams_with(u) {
            let c = &m.calls[i];
            let team = &c.proposal.teams[rank - 1];
            let ours: Vec<&str> = team
                .members
                .iter()
                .filter(|r| ds.researcher(**r).university == u)
                .map(|r| ds.researcher(*r).name.as_str())
                .collect();
            let mut unis: Vec<UniIdx> = team
                .members
                .iter()
                .map(|r| ds.researcher(*r).university)
                .collect();
            unis.sort();
            unis.dedup();
            let unis: Vec<&str> = unis.iter().map(|x| ds.university(*x).id.as_str()).collect();
            t.push(vec![
                ds.university(u).id.as_str().into(),
                c.call.id.as_str().into(),
                ds.field(c.field).id.as_str().into(),
                rank.into(),
                f2(team.eval.score),
                ours.join("; ").into(),
                unis.join(";").into(),
            ]);
        }
    }
    t
}

/// `field_labs`: each field's best lab opportunities (role `field`, rank within the field).
pub fn field_labs(m: &Model<'_>) -> Table {
    let lists: Vec<lab_output::RoleList<'_>> = m
        .field_labs
        .iter()
        .map(|ops| (Some("field"), ops.as_slice()))
        .collect();
    let mut t = empty("field_labs");
    append(&mut t, &[], lab_output::opportunities_csv(m.g, &lists));
    t
}

/// `university_labs`: what each university can borrow and lend (rank within the list).
pub fn university_labs(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("university_labs");
    for u in ds.university_ids() {
        let lists: [lab_output::RoleList<'_>; 2] = [
            (Some("borrow"), m.borrow[u.ix()].as_slice()),
            (Some("lend"), m.lend[u.ix()].as_slice()),
        ];
        append(
            &mut t,
            &[ds.university(u).id.as_str().into()],
            lab_output::opportunities_csv(m.g, &lists),
        );
    }
    t
}

/// The fields of a call as `id:level;…` (the `fields` cell of a batch CSV).
pub fn call_fields(ds: &Dataset, c: &Call) -> String {
    c.fields
        .iter()
        .map(|n| format!("{}:{:.2}", ds.field(n.field).id, n.min_level))
        .collect::<Vec<_>>()
        .join(";")
}

/// Whether `r` reaches the minimum level of a required field of `c`: the fields it covers.
pub fn covers(m: &Model<'_>, c: &Call, r: ResearcherIdx) -> Vec<FieldIdx> {
    c.fields
        .iter()
        .filter(|n| m.g.level(r, n.field) >= n.min_level)
        .map(|n| n.field)
        .collect()
}

/// `tasks`: one row per task of `--tasks`, in file order (none without it).
pub fn tasks(m: &Model<'_>) -> Table {
    let ds = m.g.data();
    let mut t = empty("tasks");
    let Some(tasks) = &m.tasks else {
        return t;
    };
    let w = &m.profile.teams;
    for (c, a) in tasks.calls.iter().zip(&tasks.result.assignments) {
        let p = c.problem.as_deref();
        let mut row: Vec<Cell> = vec![
            c.id.as_str().into(),
            c.title.as_str().into(),
            p.map_or("", |p| p.text.as_str()).into(),
            p.and_then(|p| p.province.as_ref())
                .map_or("", |pl| pl.name.as_str())
                .into(),
            call_fields(ds, c).into(),
            if p.is_some_and(|p| !p.read_fields.is_empty()) {
                "problem"
            } else {
                "call"
            }
            .into(),
            f2(p.map_or(0.0, |p| p.prefer_topic)),
            f2(p.map_or(0.0, |p| p.prefer_near)),
        ];
        match a {
            Assignment::Filled { team, solver } => {
                let e = &team.eval;
                let scale = crate::team::score_scale(w, c);
                let (topic, near) =
                    p.map_or((0.0, 0.0), |p| team_output::problem_means(ds, p, team));
                let (unis, _) = team_output::spread(ds, team);
                let ids: Vec<&str> = team
                    .members
                    .iter()
                    .map(|r| ds.researcher(*r).id.as_str())
                    .collect();
                let unis: Vec<&str> = unis.iter().map(|u| ds.university(*u).id.as_str()).collect();
                row.extend([
                    "filled".into(),
                    f2(e.score),
                    solver.as_str().into(),
                    f2(w.expertise * e.expertise / scale),
                    f2(w.cohesion * e.cohesion / scale),
                    f2(w.diversity * e.diversity / scale),
                    f2(e.preferences / scale),
                    f2(topic),
                    f2(near),
                    ids.join(";").into(),
                    unis.join(";").into(),
                    "".into(),
                ]);
            }
            Assignment::Unfilled { reasons } => {
                row.extend([
                    "unfilled".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    team_output::describe(ds, reasons).join("; ").into(),
                ]);
            }
        }
        t.push(row);
    }
    t
}

/// `task_members`: one row per member of each task's team (none without `--tasks`).
pub fn task_members(m: &Model<'_>) -> Table {
    task_members_of(m, None)
}

/// [`task_members`] of every task, or only of the `i`-th (0-based, file order).
pub fn task_members_of(m: &Model<'_>, only: Option<usize>) -> Table {
    let ds = m.g.data();
    let mut t = empty("task_members");
    let Some(tasks) = &m.tasks else {
        return t;
    };
    for (i, (c, a)) in tasks
        .calls
        .iter()
        .zip(&tasks.result.assignments)
        .enumerate()
    {
        let Assignment::Filled { team, .. } = a else {
            continue;
        };
        if only.is_some_and(|o| o != i) {
            continue;
        }
        for &r in &team.members {
            let x = ds.researcher(r);
            let cov: Vec<&str> = covers(m, c, r)
                .iter()
                .map(|f| ds.field(*f).id.as_str())
                .collect();
            let p = c.problem.as_deref();
            t.push(vec![
                c.id.as_str().into(),
                x.id.as_str().into(),
                x.name.as_str().into(),
                ds.university(x.university).id.as_str().into(),
                ds.university(x.university).region.as_str().into(),
                x.title.as_str().into(),
                cov.join(";").into(),
                f2(p.map_or(0.0, |p| f64::from(p.topic_of(r)))),
                f2(p.map_or(0.0, |p| f64::from(p.near_of(x.university)))),
            ]);
        }
    }
    t
}

/// The keys of the tables the report writes, in [`SCHEMA`] order: the tasks' two only with
/// `--tasks`.
pub fn keys(m: &Model<'_>) -> Vec<&'static str> {
    SCHEMA
        .iter()
        .map(|t| t.key)
        .filter(|k| m.tasks.is_some() || !matches!(*k, "tasks" | "task_members"))
        .collect()
}

/// The table `key` of [`SCHEMA`] (`partners`: the whole matrix, see [`partners`]).
pub fn table(m: &Model<'_>, key: &str) -> Table {
    match key {
        "universities" => universities(m),
        "fields" => fields(m),
        "links" => links(m, None),
        "leaders" => leaders(m),
        "partners" => partners(m),
        "best_partners" => best_partners(m, None),
        "calls" => calls(m),
        "teams" => teams(m),
        "university_teams" => university_teams(m, None),
        "field_labs" => field_labs(m),
        "university_labs" => university_labs(m),
        "tasks" => tasks(m),
        "task_members" => task_members(m),
        _ => empty(key),
    }
}

/// Every table of the report, in [`SCHEMA`] order; the tasks' tables only with `--tasks`.
pub fn all(m: &Model<'_>) -> Vec<Table> {
    keys(m).into_iter().map(|k| table(m, k)).collect()
}
