//! The report's pages as format-neutral blocks (headings, paragraphs, figures, charts, tables,
//! lists) with links between pages. `html.rs` and `markdown.rs` render the same blocks, so the
//! Markdown report mirrors the HTML one.

use super::i18n::{self, Labels, Lang};
use super::svg::{self, Heatmap, MapChart, MapEdge, MapNode};
use super::tables;
use crate::model::*;
use crate::query::report::Model;
use crate::render::scores;
use crate::render::{labs as lab_output, teams as team_output};
use crate::table::Table;
use crate::team::batch::Assignment;

/// Which page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Index,
    Field(FieldIdx),
    University(UniIdx),
    /// The tasks of `--tasks FILE`, one team each.
    Tasks,
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A page of the report, optionally an anchor in it.
    Page(PageId, Option<String>),
    /// A data file of the report (`csv/…`, `json/…`).
    File(String),
}

/// Inline text.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Link(String, Target),
}

/// One table cell as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewCell {
    pub text: String,
    pub link: Option<Target>,
    /// Background intensity in [0, 1] (heat-coloured cells of the partner matrix).
    pub heat: Option<f64>,
}

/// A table as shown: translated headers, links, notes.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub title: String,
    pub columns: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<ViewCell>>,
    pub notes: Vec<String>,
}

/// A block of a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        anchor: Option<String>,
    },
    Para(Vec<Inline>),
    /// Headline figures: `(label, value)`.
    Figures(Vec<(String, String)>),
    /// An SVG chart; `name` is its file stem in `svg/` for the Markdown report.
    Chart {
        name: String,
        svg: String,
        caption: String,
    },
    Table(View),
    List(Vec<Vec<Inline>>),
}

/// A page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub id: PageId,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// File names of the pages: ids made safe for file names and anchors (ASCII letters, digits,
/// `-`, `_`; lower case), made unique by appending the index when two ids collide.
pub struct Names {
    fields: Vec<String>,
    universities: Vec<String>,
    tasks: Vec<String>,
}

impl Names {
    pub fn new(ds: &Dataset) -> Names {
        Names {
            fields: unique(ds.fields.iter().map(|f| f.id.as_str())),
            universities: unique(ds.universities.iter().map(|u| u.id.as_str())),
            tasks: Vec::new(),
        }
    }

    /// With the anchors of the tasks (`task-<id>`, made safe and unique as page names are).
    pub fn with_tasks<'a>(mut self, ids: impl Iterator<Item = &'a str>) -> Names {
        self.tasks = unique(ids);
        self
    }

    /// The file stem of a page (`index`, `field-water`, `university-tlu`, `tasks`).
    pub fn stem(&self, p: PageId) -> String {
        match p {
            PageId::Index => "index".into(),
            PageId::Field(f) => format!("field-{}", self.fields[f.ix()]),
            PageId::University(u) => format!("university-{}", self.universities[u.ix()]),
            PageId::Tasks => "tasks".into(),
        }
    }

    /// The anchor of the `i`-th task (0-based, file order) on the tasks page.
    pub fn task_anchor(&self, i: usize) -> String {
        format!("task-{}", self.tasks.get(i).map_or("_", String::as_str))
    }

    /// The anchor of a call of the report.
    pub fn call_anchor(&self, field: FieldIdx, with: Option<FieldIdx>) -> String {
        match with {
            None => format!("call-{}", self.fields[field.ix()]),
            Some(w) => format!("call-{}-{}", self.fields[field.ix()], self.fields[w.ix()]),
        }
    }
}

fn slug(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let slugs: Vec<String> = ids.map(slug).collect();
    let mut count = rustc_hash::FxHashMap::default();
    for s in &slugs {
        *count.entry(s.clone()).or_insert(0usize) += 1;
    }
    slugs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if count[s] > 1 {
                format!("{s}-{}", i + 1)
            } else {
                s.clone()
            }
        })
        .collect()
}

/// Everything page building needs.
pub struct Ctx<'a, 'g> {
    pub m: &'a Model<'g>,
    pub lang: Lang,
    pub names: &'a Names,
    /// Data files written (`csv/x.csv`, `json/x.json`), for the overview's links.
    pub data_files: Vec<String>,
    /// The data is the built-in synthetic dataset (a note on the overview says so).
    pub synthetic: bool,
}

impl Ctx<'_, '_> {
    fn l(&self) -> &'static Labels {
        self.lang.labels()
    }

    fn ds(&self) -> &Dataset {
        self.m.g.data()
    }

    fn uni_name(&self, u: UniIdx) -> &str {
        let x = self.ds().university(u);
        match self.lang {
            Lang::Vi => &x.name_vi,
            Lang::En => &x.name_en,
        }
    }

    fn field_name(&self, f: FieldIdx) -> &str {
        let x = self.ds().field(f);
        match self.lang {
            Lang::Vi => &x.name_vi,
            Lang::En => &x.name_en,
        }
    }

    fn field_link(&self, f: FieldIdx) -> Inline {
        Inline::Link(
            self.field_name(f).to_string(),
            Target::Page(PageId::Field(f), None),
        )
    }

    /// A table as shown: title and headers translated, ids of universities and fields linked.
    fn view(&self, t: &Table, title: &str) -> View {
        let ds = self.ds();
        let link_of = |col: &str, text: &str| -> Option<Target> {
            match col {
                "university" | "partner" | "best" | "host" | "beneficiary" | "for"
                | "university_a" | "university_b" | "leader" => ds
                    .university_by_id(text)
                    .map(|u| Target::Page(PageId::University(u), None)),
                "field" | "with" => ds
                    .field_by_id(text)
                    .map(|f| Target::Page(PageId::Field(f), None)),
                _ => None,
            }
        };
        View {
            title: title.to_string(),
            columns: t
                .columns
                .iter()
                .map(|c| i18n::column(self.lang, c))
                .collect(),
            numeric: (0..t.columns.len())
                .map(|i| !t.rows.is_empty() && t.rows.iter().all(|r| r[i].is_numeric()))
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .zip(&t.columns)
                        .map(|(c, col)| {
                            let text = c.text();
                            ViewCell {
                                link: link_of(col, &text),
                                text,
                                heat: None,
                            }
                        })
                        .collect()
                })
                .collect(),
            notes: t.notes.clone(),
        }
    }

    fn heading(&self, level: u8, text: &str, anchor: &str) -> Block {
        Block::Heading {
            level,
            text: text.to_string(),
            anchor: Some(anchor.to_string()),
        }
    }
}

/// The overview page.
pub fn index(c: &Ctx<'_, '_>) -> Page {
    let (m, l, ds) = (c.m, c.l(), c.ds());
    let mut b = Vec::new();
    let inter: u64 = m.links.iter().map(|x| u64::from(x.pairs)).sum();
    let total = ds.coauthorships.len() as u64;
    let share = if total > 0 {
        100.0 * inter as f64 / total as f64
    } else {
        0.0
    };
    if c.synthetic {
        // In both languages: a reader of either page must not take these people for real.
        let other = match c.lang {
            Lang::Vi => i18n::EN.synthetic_note,
            Lang::En => i18n::VI.synthetic_note,
        };
        b.push(Block::Para(vec![
            Inline::Strong(l.synthetic_note.into()),
            Inline::Text(format!(" ({other})")),
        ]));
    }
    b.push(Block::Para(vec![
        Inline::Strong(format!("{}: {}", l.written_for, m.audience)),
        Inline::Text(format!(" · {}: {}", l.sharing_policy, m.policy)),
    ]));
    b.push(c.heading(2, l.headline, "headline"));
    b.push(Block::Figures(vec![
        (l.universities.into(), ds.universities.len().to_string()),
        (l.fields.into(), ds.fields.len().to_string()),
        (l.researchers.into(), ds.researchers.len().to_string()),
        (l.expertise_entries.into(), ds.expertise.len().to_string()),
        (l.labs.into(), ds.labs.len().to_string()),
        (l.coauthorships.into(), total.to_string()),
        (l.inter_university.into(), format!("{inter} ({share:.1}%)")),
        (
            l.teams.into(),
            m.calls
                .iter()
                .map(|x| x.proposal.teams.len())
                .sum::<usize>()
                .to_string(),
        ),
    ]));

    b.push(c.heading(2, l.heatmap, "heatmap"));
    let rows: Vec<String> = ds
        .universities
        .iter()
        .map(|u| u.short_name.clone())
        .collect();
    let cols: Vec<String> = ds
        .field_ids()
        .map(|f| c.field_name(f).to_string())
        .collect();
    let mut values = Vec::with_capacity(rows.len() * cols.len());
    for u in ds.university_ids() {
        for f in ds.field_ids() {
            values.push(m.strength(u, f));
        }
    }
    b.push(Block::Chart {
        name: "heatmap".into(),
        svg: Heatmap {
            title: l.heatmap,
            rows: &rows,
            cols: &cols,
            values: &values,
            legend_low: l.legend_low,
            legend_high: l.legend_high,
        }
        .svg(),
        caption: l.heatmap_caption.into(),
    });

    b.push(c.heading(2, l.coauthor_map, "coauthorship"));
    b.push(coauthor_map(c));
    let strongest = tables::links(m, Some(m.limits.links_listed));
    b.push(Block::Table(c.view(&strongest, l.strongest_links)));

    b.push(c.heading(2, l.fields, "fields"));
    let mut ft = tables::fields(m);
    ft.notes.clear();
    let mut fv = c.view(&ft, l.fields);
    for (row, f) in fv.rows.iter_mut().zip(ds.field_ids()) {
        row[0].link = Some(Target::Page(PageId::Field(f), None));
    }
    b.push(Block::Table(fv));

    b.push(c.heading(2, l.universities, "universities"));
    let mut uv = c.view(&tables::universities(m), l.universities);
    for (row, u) in uv.rows.iter_mut().zip(ds.university_ids()) {
        row[0].link = Some(Target::Page(PageId::University(u), None));
    }
    b.push(Block::Table(uv));

    if let Some(t) = &m.tasks {
        b.push(c.heading(2, l.tasks, "tasks"));
        let filled = t
            .result
            .assignments
            .iter()
            .filter(|a| matches!(a, Assignment::Filled { .. }))
            .count();
        b.push(Block::Para(vec![
            Inline::Link(l.tasks_title.into(), Target::Page(PageId::Tasks, None)),
            Inline::Text(format!(
                ": {} {} {} · {}: {filled}",
                t.calls.len(),
                l.tasks_from,
                file_name(&t.source),
                l.tasks_filled
            )),
        ]));
    }

    if !c.data_files.is_empty() {
        b.push(c.heading(2, l.data_tables, "data"));
        b.push(Block::List(
            c.data_files
                .iter()
                .map(|f| vec![Inline::Link(f.clone(), Target::File(f.clone()))])
                .collect(),
        ));
        b.push(Block::Para(vec![Inline::Link(
            "README.md".into(),
            Target::File("README.md".into()),
        )]));
    }
    b.push(Block::Heading {
        level: 2,
        text: l.notes.into(),
        anchor: Some("notes".into()),
    });
    b.push(Block::List(
        notes(c)
            .into_iter()
            .map(|n| vec![Inline::Text(n)])
            .collect(),
    ));
    Page {
        id: PageId::Index,
        title: format!("{} — {}", l.report_title, l.overview),
        blocks: b,
    }
}

/// What the reader should know about how the report was made.
fn notes(c: &Ctx<'_, '_>) -> Vec<String> {
    let l = c.l();
    vec![
        l.teams_intro.to_string(),
        format!("{}: {}.", l.note_teams_per_call, c.m.limits.teams_per_call),
        l.note_mode.to_string(),
        l.note_english.to_string(),
    ]
}

fn coauthor_map(c: &Ctx<'_, '_>) -> Block {
    let (m, l, ds) = (c.m, c.l(), c.ds());
    const MAX_EDGES: usize = 150;
    // Universities grouped by region (in region order), by index within a region.
    let mut order: Vec<UniIdx> = ds.university_ids().collect();
    order.sort_by_key(|u| (ds.university(*u).region, *u));
    let mut pos = vec![0usize; ds.universities.len()];
    for (i, u) in order.iter().enumerate() {
        pos[u.ix()] = i;
    }
    let regions: Vec<Region> = {
        let mut r: Vec<Region> = ds.universities.iter().map(|u| u.region).collect();
        r.sort();
        r.dedup();
        r
    };
    let counts = m.university_counts();
    let nodes: Vec<MapNode> = order
        .iter()
        .map(|&u| {
            let x = ds.university(u);
            MapNode {
                label: x.short_name.clone(),
                detail: format!(
                    "{} — {} {}, {} {}",
                    c.uni_name(u),
                    counts[u.ix()].0,
                    l.researchers.to_lowercase(),
                    counts[u.ix()].2,
                    l.inter_university.to_lowercase()
                ),
                group: regions.iter().position(|r| *r == x.region).unwrap_or(0),
                size: counts[u.ix()].0 as f64,
            }
        })
        .collect();
    let mut links: Vec<_> = m.links.iter().collect();
    links.sort_by(|x, y| y.pairs.cmp(&x.pairs).then((x.a, x.b).cmp(&(y.a, y.b))));
    let shown = links.len().min(MAX_EDGES);
    let edges: Vec<MapEdge> = links[..shown]
        .iter()
        .rev() // the strongest drawn last, on top
        .map(|x| MapEdge {
            a: pos[x.a.ix()],
            b: pos[x.b.ix()],
            weight: f64::from(x.pairs),
            detail: format!(
                "{} – {}: {} ({} papers)",
                ds.university(x.a).short_name,
                ds.university(x.b).short_name,
                x.pairs,
                x.papers
            ),
        })
        .collect();
    let groups: Vec<String> = regions
        .iter()
        .map(|r| i18n::region(c.lang, *r).to_string())
        .collect();
    let mut caption = l.coauthor_map_caption.to_string();
    if shown < links.len() {
        caption.push_str(&format!(" ({shown} / {})", links.len()));
    }
    Block::Chart {
        name: "coauthorship".into(),
        svg: MapChart {
            title: l.coauthor_map,
            nodes: &nodes,
            edges: &edges,
            groups: &groups,
        }
        .svg(),
        caption,
    }
}

/// A field's page.
pub fn field(c: &Ctx<'_, '_>, f: FieldIdx) -> Page {
    let (m, l, ds) = (c.m, c.l(), c.ds());
    let x = ds.field(f);
    let mut b = Vec::new();
    let other = match c.lang {
        Lang::Vi => &x.name_en,
        Lang::En => &x.name_vi,
    };
    let mut intro = vec![Inline::Text(format!("{other} · id {} · ", x.id))];
    intro.push(Inline::Strong(format!("{}: ", l.related_fields)));
    if x.related.is_empty() {
        intro.push(Inline::Text(l.none.into()));
    }
    for (i, &r) in x.related.iter().enumerate() {
        if i > 0 {
            intro.push(Inline::Text(", ".into()));
        }
        intro.push(c.field_link(r));
    }
    b.push(Block::Para(intro));

    b.push(c.heading(2, l.leaders, "leaders"));
    let leaders = &m.leaders[f.ix()];
    let bars: Vec<(String, f64)> = leaders
        .iter()
        .take(15)
        .map(|x| (ds.university(x.university).short_name.clone(), x.score))
        .collect();
    b.push(Block::Chart {
        name: format!("{}-leaders", c.names.stem(PageId::Field(f))),
        svg: svg::bars(l.leaders, &bars),
        caption: format!("{} — {}", l.leaders, c.field_name(f)),
    });
    let lt = scores::leaders_table(m.g, f, leaders);
    b.push(Block::Table(c.view(&lt, l.leaders)));

    b.push(c.heading(2, l.partner_matrix, "partners"));
    b.push(Block::Para(vec![Inline::Text(
        l.partner_matrix_caption.into(),
    )]));
    let fp = &m.partners[f.ix()];
    if fp.is_partial() {
        // A large consortium: the strongest universities only, and where the rest is.
        let mut p = vec![Inline::Text(i18n::matrix_shown(
            c.lang,
            fp.shown.len(),
            ds.universities.len(),
        ))];
        let files: Vec<&String> = c
            .data_files
            .iter()
            .filter(|d| d.ends_with("/partners.csv") || d.ends_with("/partners.json"))
            .collect();
        if files.is_empty() {
            p.push(Inline::Text(format!(
                " hoptac rank --field {} --format csv.",
                x.id
            )));
        }
        for (i, d) in files.into_iter().enumerate() {
            p.push(Inline::Text(if i == 0 { " " } else { ", " }.into()));
            p.push(Inline::Link(d.clone(), Target::File(d.clone())));
        }
        b.push(Block::Para(p));
    }
    let mt = tables::matrix(m, f);
    let mut mv = c.view(&mt, l.partner_matrix);
    let max = fp.max;
    for row in &mut mv.rows {
        for cell in row.iter_mut().skip(2) {
            if let Ok(v) = cell.text.parse::<f64>() {
                cell.heat = Some(if max > 0.0 { v / max } else { 0.0 });
            }
        }
    }
    b.push(Block::Table(mv));

    b.push(c.heading(2, l.teams, "teams"));
    b.push(Block::Para(vec![Inline::Text(l.teams_intro.into())]));
    for call in m.calls_of(f) {
        let mut heading = match call.with {
            None => format!("{}: {}", l.field_alone, c.field_name(f)),
            Some(w) => format!("{} {}", l.with_related, c.field_name(w)),
        };
        heading = heading.trim().to_string();
        b.push(Block::Heading {
            level: 3,
            text: heading,
            anchor: Some(c.names.call_anchor(f, call.with)),
        });
        b.push(Block::Para(vec![Inline::Text(match c.lang {
            Lang::En => format!(
                "{} ({} solver, {})",
                team_output::describe_call(ds, &call.call),
                call.proposal.solver.as_str(),
                team_output::candidates(call.proposal.pool)
            ),
            Lang::Vi => describe_call_vi(ds, call),
        })]));
        if call.proposal.teams.is_empty() {
            let mut p = vec![Inline::Strong(format!("{}.", l.no_team))];
            if let Some(r) = call.reasons.first() {
                let text = match c.lang {
                    Lang::Vi => reason_vi(ds, r),
                    Lang::En => r.describe(ds),
                };
                p.push(Inline::Text(format!(" {text}")));
            }
            b.push(Block::Para(p));
            continue;
        }
        let tables = team_output::teams_tables(m.g, &call.call, &m.profile.teams, &call.proposal);
        for (k, (t, team)) in tables.iter().zip(&call.proposal.teams).enumerate() {
            let e = &team.eval;
            let title = format!(
                "{} {}: {} {:.3} ({} {:.2}, {} {:.2}, {} {:.2})",
                l.team,
                k + 1,
                l.score.to_lowercase(),
                e.score,
                l.expertise,
                e.expertise,
                l.cohesion,
                e.cohesion,
                l.diversity,
                e.diversity
            );
            let mut v = c.view(t, &title);
            if c.lang == Lang::Vi {
                vietnamese_team_view(m.g, t, team, &mut v);
            }
            b.push(Block::Table(v));
        }
    }

    b.push(c.heading(2, l.lab_sharing, "labs"));
    b.push(Block::Para(vec![Inline::Text(l.lab_sharing_intro.into())]));
    let ot = lab_output::opportunities_table(m.g, l.lab_sharing, &m.field_labs[f.ix()]);
    b.push(Block::Table(c.view(&ot, l.lab_sharing)));
    Page {
        id: PageId::Field(f),
        title: format!("{}: {}", l.field, c.field_name(f)),
        blocks: b,
    }
}

/// A report call's constraints and solver, in Vietnamese (ids stay ids).
fn describe_call_vi(ds: &Dataset, call: &crate::query::report::CallResult) -> String {
    let c = &call.call;
    let fields: Vec<String> = c
        .fields
        .iter()
        .map(|n| format!("{} ≥ {}", ds.field(n.field).id, n.min_level).replace('.', ","))
        .collect();
    let mut parts = vec![
        format!("lĩnh vực {}", fields.join(", ")),
        format!("{}–{} thành viên", c.size_min, c.size_max),
        format!("ít nhất {} trường", c.min_universities),
        format!("ít nhất {} vùng", c.min_regions),
    ];
    if let Some(m) = c.max_per_university {
        parts.push(format!("tối đa {m} người mỗi trường"));
    }
    let solver = match call.proposal.solver {
        crate::team::Solver::Exact => "giải chính xác",
        crate::team::Solver::Heuristic => "giải gần đúng",
    };
    format!(
        "Đợt gọi {}: {} ({solver}, {} ứng viên)",
        c.id,
        parts.join("; "),
        call.proposal.pool
    )
}

/// Why a report call found no team, in Vietnamese (ids stay ids); the English wording for a
/// reason a report call cannot have (they come from user calls).
fn reason_vi(ds: &Dataset, r: &crate::team::diagnose::Reason) -> String {
    use crate::team::diagnose::Reason;
    let rid = |r: &ResearcherIdx| ds.researcher(*r).id.as_str();
    match r {
        Reason::NoExpert {
            field,
            min_level,
            reaching,
            best,
        } => {
            let mut msg = format!(
                "không có nhà nghiên cứu nào đạt trình độ ≥ {} trong {}",
                min_level.to_string().replace('.', ","),
                ds.field(*field).id
            );
            if *reaching > 0 {
                msg.push_str(&format!(
                    ": {reaching} người đạt nhưng bị loại trừ hoặc đã hết lượt tham gia"
                ));
            } else if let Some((r, l)) = best {
                msg.push_str(&format!(
                    " (cao nhất là {} với {})",
                    rid(r),
                    format!("{l:.2}").replace('.', ",")
                ));
            }
            msg
        }
        Reason::TooFewUniversities {
            have,
            min_universities,
        } => {
            let ids: Vec<&str> = have.iter().map(|u| ds.university(*u).id.as_str()).collect();
            format!(
                "chỉ {} trường ({}) có nhà nghiên cứu đạt trình độ yêu cầu; đợt gọi cần ít nhất {min_universities}",
                have.len(),
                ids.join(", ")
            )
        }
        Reason::TooFewRegions { have, min_regions } => {
            let names: Vec<&str> = have.iter().map(|r| i18n::region(Lang::Vi, *r)).collect();
            format!(
                "ứng viên chỉ đến từ {} vùng ({}); đợt gọi cần ít nhất {min_regions}",
                have.len(),
                names.join(", ")
            )
        }
        Reason::TooSmallForUniversities {
            size_max,
            min_universities,
        } => format!("nhóm tối đa {size_max} thành viên không thể gồm {min_universities} trường"),
        Reason::TooSmallForRegions {
            size_max,
            min_regions,
        } => format!("nhóm tối đa {size_max} thành viên không thể gồm {min_regions} vùng"),
        Reason::Clash(culprits) => format!(
            "từng ràng buộc đều đáp ứng được riêng lẻ nhưng không đồng thời; nới lỏng một trong {} sẽ giúp tìm được nhóm",
            culprits.join(", ")
        ),
        Reason::NoSingleRelaxation => {
            "không nhóm nào đáp ứng mọi ràng buộc, và nới lỏng riêng một ràng buộc cũng không giúp được".into()
        }
        Reason::CapacityTaken => "đợt gọi có thể có nhóm nếu xét riêng, nhưng những người cần thiết đã tham gia các nhóm khác của báo cáo đến giới hạn max_teams".into(),
        other => other.describe(ds),
    }
}

/// A team table in Vietnamese: region and title names translated, and the explanations under
/// it (what the team spans, its labs, its co-authorships) rebuilt in Vietnamese.
fn vietnamese_team_view(
    g: &crate::graph::Graph,
    t: &Table,
    team: &crate::team::Team,
    v: &mut View,
) {
    let ds = g.data();
    vietnamese_regions_and_titles(t, v);
    let (unis, regions) = team_output::spread(ds, team);
    let uni_ids: Vec<&str> = unis.iter().map(|u| ds.university(*u).id.as_str()).collect();
    let region_names: Vec<&str> = regions.iter().map(|r| i18n::region(Lang::Vi, *r)).collect();
    let mut notes = vec![format!(
        "gồm {} trường ({}) và {} vùng ({}); chi phí liên lạc {} (cây khung nhỏ nhất trên khoảng cách đồng tác giả)",
        unis.len(),
        uni_ids.join(", "),
        regions.len(),
        region_names.join(", "),
        team.eval.cost
    )];
    for (f, labs) in &team.labs {
        let list: Vec<String> = labs
            .iter()
            .map(|l| {
                let lab = ds.lab(l.lab);
                let distance = match l.distance {
                    crate::lab::Distance::SameCity => "cùng thành phố",
                    crate::lab::Distance::SameRegion => "cùng vùng",
                    crate::lab::Distance::OtherRegion => "khác vùng",
                };
                format!(
                    "{} {} tại {} ({distance}, {} giờ trống/tháng)",
                    lab.id,
                    lab.name,
                    ds.university(l.host).id,
                    l.capacity_hours
                )
            })
            .collect();
        notes.push(format!(
            "phòng thí nghiệm cho {}: {}",
            ds.field(*f).id,
            list.join("; ")
        ));
    }
    notes.extend(vietnamese_link_notes(ds, &team_output::links(g, team)));
    v.notes = notes;
}

/// [`team_output::link_notes`] in Vietnamese.
fn vietnamese_link_notes(ds: &Dataset, links: &[&Coauthorship]) -> Vec<String> {
    if links.is_empty() {
        return vec!["chưa có hai thành viên nào là đồng tác giả".into()];
    }
    links
        .iter()
        .map(|x| {
            format!(
                "đồng tác giả: {} – {} ({} bài, {}–{})",
                ds.researcher(x.a).id,
                ds.researcher(x.b).id,
                x.papers,
                x.first_year,
                x.last_year
            )
        })
        .collect()
}

/// A university's page.
pub fn university(c: &Ctx<'_, '_>, u: UniIdx) -> Page {
    let (m, l, ds) = (c.m, c.l(), c.ds());
    let x = ds.university(u);
    let counts = m.university_counts()[u.ix()];
    let other = match c.lang {
        Lang::Vi => &x.name_en,
        Lang::En => &x.name_vi,
    };
    let mut b = vec![Block::Para(vec![Inline::Text(format!(
        "{other} · {} · {}: {} · {}: {} · {}: {} · {}: {} · {}: {}",
        x.short_name,
        l.city,
        x.city,
        l.region,
        i18n::region(c.lang, x.region),
        l.researchers,
        counts.0,
        l.labs,
        counts.1,
        l.inter_university,
        counts.2
    ))])];

    b.push(c.heading(2, l.best_partners, "partners"));
    let bp = tables::best_partners(m, Some(u));
    let mut bv = c.view(&bp, l.best_partners);
    for (row, cells) in bv.rows.iter_mut().zip(&bp.rows) {
        if let Some(f) = ds.field_by_id(&cells[1].text()) {
            row[1].text = c.field_name(f).to_string();
        }
    }
    b.push(Block::Table(drop_column(bv, 0)));

    b.push(c.heading(2, l.teams_of_university, "teams"));
    let ut = tables::university_teams(m, Some(u));
    let mut tv = drop_column(c.view(&ut, l.teams_of_university), 0);
    for (row, (i, _)) in tv.rows.iter_mut().zip(m.teams_with(u)) {
        let call = &m.calls[i];
        row[0].link = Some(Target::Page(
            PageId::Field(call.field),
            Some(c.names.call_anchor(call.field, call.with)),
        ));
    }
    if tv.rows.is_empty() {
        b.push(Block::Para(vec![Inline::Text(l.none.into())]));
    } else {
        b.push(Block::Table(tv));
    }

    b.push(c.heading(2, l.borrow, "borrow"));
    let bt = lab_output::opportunities_table(m.g, l.borrow, &m.borrow[u.ix()]);
    b.push(Block::Table(c.view(&bt, l.borrow)));
    b.push(c.heading(2, l.lend, "lend"));
    let lt = lab_output::opportunities_table(m.g, l.lend, &m.lend[u.ix()]);
    b.push(Block::Table(c.view(&lt, l.lend)));
    Page {
        id: PageId::University(u),
        title: format!("{}: {}", l.university, c.uni_name(u)),
        blocks: b,
    }
}

/// The last part of a path (the name of the tasks file, not where it sits on a machine).
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A number as the page's language writes it (a decimal comma in Vietnamese).
fn num(lang: Lang, x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// The columns `keep` of `t`, in that order.
fn select(t: &Table, keep: &[&str]) -> Table {
    let idx: Vec<usize> = keep
        .iter()
        .filter_map(|k| t.columns.iter().position(|c| c == k))
        .collect();
    let cols: Vec<&str> = idx.iter().map(|&i| t.columns[i].as_str()).collect();
    let mut out = Table::new(&t.key, &t.title, &cols);
    for r in &t.rows {
        out.push(idx.iter().map(|&i| r[i].clone()).collect());
    }
    out
}

/// Region and title cells of a view in Vietnamese.
fn vietnamese_regions_and_titles(t: &Table, v: &mut View) {
    let col = |name: &str| t.columns.iter().position(|c| c == name);
    for row in &mut v.rows {
        if let Some(i) = col("region") {
            if let Some(r) = Region::parse(&row[i].text) {
                row[i].text = i18n::region(Lang::Vi, r).to_string();
            }
        }
        if let Some(i) = col("title") {
            if let Some(x) = Title::parse(&row[i].text) {
                let name = i18n::title(Lang::Vi, x);
                if !name.is_empty() {
                    row[i].text = name.to_string();
                }
            }
        }
    }
}

/// Why a task found no team, in the page's language.
fn task_reason(c: &Ctx<'_, '_>, r: &crate::team::diagnose::Reason) -> String {
    use crate::team::diagnose::Reason;
    match (c.lang, r) {
        (_, Reason::CapacityTaken) => c.l().capacity_taken_tasks.to_string(),
        (Lang::Vi, r) => reason_vi(c.ds(), r),
        (Lang::En, r) => r.describe(c.ds()),
    }
}

/// The tasks page: the batch's figures, a summary table, then each task — its text, the fields
/// and levels read from it, its province, and its team with why, or why there is none.
pub fn tasks(c: &Ctx<'_, '_>) -> Page {
    let (m, l, ds) = (c.m, c.l(), c.ds());
    let mut b = Vec::new();
    let Some(t) = &m.tasks else {
        return Page {
            id: PageId::Tasks,
            title: l.tasks_title.into(),
            blocks: b,
        };
    };
    let r = &t.result;
    b.push(Block::Para(vec![Inline::Text(l.tasks_intro.into())]));
    let filled = r
        .assignments
        .iter()
        .filter(|a| matches!(a, Assignment::Filled { .. }))
        .count();
    let seats: usize = r.seats.iter().map(|(_, n)| n).sum();
    let shares: Vec<String> = r
        .seats
        .iter()
        .map(|(u, n)| {
            format!(
                "{} {n} ({}%)",
                ds.university(*u).id,
                num(c.lang, 100.0 * *n as f64 / seats.max(1) as f64, 0)
            )
        })
        .collect();
    b.push(Block::Figures(vec![
        (l.tasks.into(), t.calls.len().to_string()),
        (l.tasks_filled.into(), filled.to_string()),
        (
            l.total_vs_reference.into(),
            format!(
                "{} / {} ({}%)",
                num(c.lang, r.total, 4),
                num(c.lang, r.reference, 4),
                num(
                    c.lang,
                    if r.reference > 0.0 {
                        100.0 * r.total / r.reference
                    } else {
                        100.0
                    },
                    1
                )
            ),
        ),
        (
            l.seats.into(),
            if shares.is_empty() {
                l.none.into()
            } else {
                shares.join(", ")
            },
        ),
    ]));
    b.push(Block::Para(vec![Inline::Text(format!(
        "{} {} {}.",
        t.calls.len(),
        l.tasks_from,
        file_name(&t.source)
    ))]));

    // One row per task, linked to its section.
    let all = tables::tasks(m);
    let summary = select(
        &all,
        &[
            "task",
            "status",
            "score",
            "fields",
            "province",
            "members",
            "universities",
        ],
    );
    let mut sv = c.view(&summary, l.tasks);
    // Here `fields` are what the task requires, not a member's expertise.
    sv.columns[3] = l.fields_given.into();
    for (i, row) in sv.rows.iter_mut().enumerate() {
        row[0].link = Some(Target::Page(PageId::Tasks, Some(c.names.task_anchor(i))));
        row[1].text = match &r.assignments[i] {
            Assignment::Filled { .. } => l.filled.into(),
            Assignment::Unfilled { .. } => l.unfilled.into(),
        };
    }
    b.push(Block::Table(sv));

    let w = &m.profile.teams;
    for (i, (call, a)) in t.calls.iter().zip(&r.assignments).enumerate() {
        let heading = if call.title.is_empty() {
            format!("{} {}", l.task, call.id)
        } else {
            format!("{} {} — {}", l.task, call.id, call.title)
        };
        b.push(c.heading(2, &heading, &c.names.task_anchor(i)));
        let p = call.problem.as_deref();
        match p {
            Some(p) => b.push(Block::Para(vec![
                Inline::Strong(format!("{}: ", l.problem)),
                Inline::Text(p.text.clone()),
            ])),
            None => b.push(Block::Para(vec![Inline::Text(l.no_problem.into())])),
        }
        let mut lines: Vec<Vec<Inline>> = Vec::new();
        let mut fields = Vec::new();
        for (k, n) in call.fields.iter().enumerate() {
            if k > 0 {
                fields.push(Inline::Text(", ".into()));
            }
            fields.push(c.field_link(n.field));
            fields.push(Inline::Text(format!(
                " ({} ≥ {})",
                ds.field(n.field).id,
                num(c.lang, f64::from(n.min_level), 2)
            )));
        }
        let read = p.is_some_and(|p| !p.read_fields.is_empty());
        let mut line = vec![Inline::Strong(format!(
            "{}: ",
            if read { l.fields_read } else { l.fields_given }
        ))];
        line.extend(fields);
        if read {
            line.push(Inline::Text(format!(
                " — {}: {}",
                l.fields_read_hint,
                tables::call_fields(ds, call)
            )));
        }
        lines.push(line);
        if let Some(p) = p {
            if let Some(pl) = &p.province {
                lines.push(vec![
                    Inline::Strong(format!("{}: ", l.province)),
                    Inline::Text(format!(
                        "{} — {} {}",
                        pl.name,
                        l.province_pref,
                        num(c.lang, p.prefer_near, 2)
                    )),
                ]);
            }
            lines.push(vec![Inline::Text(format!(
                "{} {}",
                l.topic_pref,
                num(c.lang, p.prefer_topic, 2)
            ))]);
        }
        b.push(Block::List(lines));
        match a {
            Assignment::Filled { team, solver } => {
                let mine = select(
                    &tables::task_members_of(m, Some(i)),
                    &[
                        "researcher",
                        "name",
                        "university",
                        "region",
                        "title",
                        "covers",
                        "topic",
                        "near",
                    ],
                );
                let e = &team.eval;
                let scale = crate::team::score_scale(w, call);
                let title = format!(
                    "{} {}: {} {} ({} {}, {} {}, {} {}, {} {})",
                    l.team,
                    call.id,
                    l.score.to_lowercase(),
                    num(c.lang, e.score, 4),
                    l.expertise,
                    num(c.lang, w.expertise * e.expertise / scale, 2),
                    l.cohesion,
                    num(c.lang, w.cohesion * e.cohesion / scale, 2),
                    l.diversity,
                    num(c.lang, w.diversity * e.diversity / scale, 2),
                    l.preferences,
                    num(c.lang, e.preferences / scale, 2),
                );
                let mut v = c.view(&mine, &title);
                if c.lang == Lang::Vi {
                    vietnamese_regions_and_titles(&mine, &mut v);
                }
                v.notes = task_notes(c, call, team, *solver);
                b.push(Block::Heading {
                    level: 3,
                    text: l.why_team.into(),
                    anchor: None,
                });
                b.push(Block::Table(v));
            }
            Assignment::Unfilled { reasons } => {
                let mut para = vec![Inline::Strong(format!("{}.", l.no_team))];
                if let Some(first) = reasons.first() {
                    para.push(Inline::Text(format!(" {}", task_reason(c, first))));
                }
                b.push(Block::Para(para));
                if reasons.len() > 1 {
                    b.push(Block::List(
                        reasons[1..]
                            .iter()
                            .map(|x| vec![Inline::Text(task_reason(c, x))])
                            .collect(),
                    ));
                }
            }
        }
    }
    Page {
        id: PageId::Tasks,
        title: l.tasks_title.into(),
        blocks: b,
    }
}

/// Why a task's team is what it is: what the problem preferences gave, what the team spans and
/// its co-authorships, in the page's language.
fn task_notes(
    c: &Ctx<'_, '_>,
    call: &crate::team::Call,
    team: &crate::team::Team,
    solver: crate::team::Solver,
) -> Vec<String> {
    let (l, ds, g) = (c.l(), c.ds(), c.m.g);
    let mut notes = Vec::new();
    if let Some(p) = call.problem.as_deref() {
        let (topic, near) = team_output::problem_means(ds, p, team);
        let mut s = format!("{} {}", l.mean_topic, num(c.lang, topic, 2));
        if let Some(pl) = &p.province {
            s.push_str(&format!(
                "; {} {} {}",
                l.mean_near,
                pl.name,
                num(c.lang, near, 2)
            ));
        }
        notes.push(s);
    }
    let (unis, regions) = team_output::spread(ds, team);
    let uni_ids: Vec<&str> = unis.iter().map(|u| ds.university(*u).id.as_str()).collect();
    let region_names: Vec<&str> = regions.iter().map(|r| i18n::region(c.lang, *r)).collect();
    let links = team_output::links(g, team);
    match c.lang {
        Lang::En => {
            notes.push(format!(
                "spans {} universities ({}) and {} regions ({}); communication cost {} (MST over co-authorship distances); {} solver",
                unis.len(),
                uni_ids.join(", "),
                regions.len(),
                region_names.join(", "),
                team.eval.cost,
                solver.as_str()
            ));
            notes.extend(team_output::link_notes(ds, &links));
        }
        Lang::Vi => {
            notes.push(format!(
                "gồm {} trường ({}) và {} vùng ({}); chi phí liên lạc {} (cây khung nhỏ nhất trên khoảng cách đồng tác giả); {}",
                unis.len(),
                uni_ids.join(", "),
                regions.len(),
                region_names.join(", "),
                team.eval.cost,
                match solver {
                    crate::team::Solver::Exact => "giải chính xác",
                    crate::team::Solver::Heuristic => "giải gần đúng",
                }
            ));
            notes.extend(vietnamese_link_notes(ds, &links));
        }
    }
    notes
}

fn drop_column(mut v: View, i: usize) -> View {
    v.columns.remove(i);
    v.numeric.remove(i);
    for r in &mut v.rows {
        r.remove(i);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_unique() {
        let s = unique(["hust", "HUST", "a/b", "", "tlu"].into_iter());
        assert_eq!(s, ["hust-1", "hust-2", "a_b", "_", "tlu"]);
    }
}
