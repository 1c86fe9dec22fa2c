//! The consortium report (`hoptac report`): a folder of linked pages and data tables that a
//! research office can open in a browser, print, or load into a spreadsheet. A front end over
//! the query layer: its data is [`crate::query::report()`] (every figure computed once from the
//! graph, in parallel with rayon, collected in input order, so identical for any thread count).
//!
//! # What it owns
//! - [`page`]: the pages as format-neutral blocks; [`html`] and [`markdown`] render them;
//! - [`svg`]: the charts (heatmap, co-authorship map, bars), drawn by the project;
//! - [`tables`]: the data tables, reusing the [`crate::render`] table builders;
//! - [`i18n`]: Vietnamese and English labels.
//!
//! Rendering is pure: [`build`] returns the files as bytes, and [`write()`] puts them in place
//! atomically (built in a temporary folder, renamed over the old report only when complete).
//!
//! # Pages (`--format html` and `md`; same names, `.html` or `.md`)
//! - `index`: the overview — headline figures, a university × field strength heatmap, a
//!   circular map of inter-university co-authorship, the strongest links, the fields and the
//!   universities, links to the data tables;
//! - `field-<id>`: leaders (chart and table), the partner matrix (heat-coloured), the proposed
//!   teams for the field alone and with each related field, lab-sharing opportunities;
//! - `university-<id>`: the best partner in each field, the proposed teams it has members in,
//!   the labs it can borrow and lend;
//! - `tasks` (only with `--tasks FILE`: a ministry's list of tasks, the CSV or TOML batches
//!   `hoptac teams --calls` reads, `id,problem,province` or `id,text,province`): per task its
//!   text, the fields and levels read from it, the province preference, and its team (members,
//!   universities, why) or why it has none — the teams `teams --calls FILE` assigns, capacity
//!   shared among the tasks.
//!
//! `<id>` is the dataset id in lower case with characters other than ASCII letters, digits, `-`
//! and `_` replaced by `_` (and `-<n>`, the 1-based position, appended when two ids collide).
//! The Markdown pages show charts from `svg/`. `.hoptac-report` marks the folder as a hoptac
//! report: such a folder is replaced without `--force`, any other non-empty folder only with it.
//!
//! # Data tables (`--format csv`: `csv/<table>.csv`; `--format json`: `json/<table>.json`)
//! A CSV file has a header row and one row per record; a JSON file is an array of objects with
//! the same keys in the same order, numbers as numbers. Scores have 4 decimals. The columns, in
//! order, are [`SCHEMA`]; they only ever grow at the end. Component columns (`strength`, …) are
//! contributions to the score; `<c>_raw` and `<c>_value` are the raw quantity and the value in
//! [0, 1] (see `hoptac rank --help`, `hoptac labs --help`). Lab tables call the distance class
//! of host and beneficiary `proximity` (`same_city`, `same_region`, `other_region`), as `hoptac
//! labs --format csv` calls `distance`, so that no two columns share a name.

pub mod html;
pub mod i18n;
pub mod markdown;
pub mod page;
pub mod svg;
pub mod tables;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::graph::Graph;
#[cfg(test)]
use crate::profile::Profile;
use crate::query::report::{self as model, Limits, Model};
use crate::query::{Engine, ReportRequest};
use crate::save::{self, SaveError};
use crate::table::{self, Cell, Format as TableFormat, Table};

pub use i18n::Lang;

/// The marker file of a report folder; its first line is [`MARKER_HEAD`].
pub const MARKER: &str = ".hoptac-report";
pub const MARKER_HEAD: &str = "hoptac report";

/// One data table's documented columns.
pub struct TableSchema {
    pub key: &'static str,
    pub about: &'static str,
    pub columns: &'static [&'static str],
}

const LAB_COLUMNS: [&str; 25] = [
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
    "demand",
    "demand_raw",
    "demand_value",
    "capacity",
    "capacity_raw",
    "capacity_value",
    "distance",
    "distance_raw",
    "distance_value",
    "ties",
    "ties_raw",
    "ties_value",
    "equipment",
    "equipment_raw",
    "equipment_value",
];

/// Every data table of the report with its columns, in order.
pub const SCHEMA: &[TableSchema] = &[
    TableSchema {
        key: "universities",
        about: "one row per university; researchers, labs, and co-author pairs with other universities",
        columns: &["id", "short_name", "name_vi", "name_en", "city", "region", "researchers", "labs", "coauthorships"],
    },
    TableSchema {
        key: "fields",
        about: "one row per field; related field ids (;), researchers with expertise, the leading university, report calls and how many found a team",
        columns: &["id", "name_vi", "name_en", "related", "researchers", "leader", "calls", "calls_filled"],
    },
    TableSchema {
        key: "links",
        about: "inter-university co-authorship (the map on the overview): co-author pairs and their papers, one row per pair of universities",
        columns: &["university_a", "university_b", "coauthorships", "papers"],
    },
    TableSchema {
        key: "leaders",
        about: "universities by strength in each field (the heatmap's values are `score`)",
        columns: &["field", "rank", "university", "name", "score", "researchers", "level_sum", "impact", "activity_index"],
    },
    TableSchema {
        key: "partners",
        about: "every field's partner matrix (strengthen mode): `for` is the university, `university` the partner",
        columns: &[
            "for", "university", "name", "field", "mode", "rank", "score",
            "strength", "strength_raw", "strength_value",
            "complementarity", "complementarity_raw", "complementarity_value",
            "ties", "ties_raw", "ties_value",
            "labs", "labs_raw", "labs_value",
            "region", "region_raw", "region_value",
            "activity", "activity_raw", "activity_value",
            "topics", "topics_raw", "topics_value",
        ],
    },
    TableSchema {
        key: "best_partners",
        about: "each university's best partner in each field, with the score's contributions",
        columns: &["university", "field", "partner", "name", "score", "strength", "complementarity", "ties", "labs", "region", "activity", "topics"],
    },
    TableSchema {
        key: "calls",
        about: "the report's team calls (each field alone, then with each related field) and their outcome; `reason` says why no team was found",
        columns: &["call", "field", "with", "description", "solver", "pool", "teams", "reason"],
    },
    TableSchema {
        key: "teams",
        about: "proposed teams, one row per member; `rank` is the team's rank within its call",
        columns: &["call", "rank", "score", "solver", "researcher", "name", "university", "region", "title", "covers"],
    },
    TableSchema {
        key: "university_teams",
        about: "for each university, the proposed teams it has members in: its members' names (;) and every university of the team (;)",
        columns: &["university", "call", "field", "team", "score", "members", "universities"],
    },
    TableSchema {
        key: "field_labs",
        about: "each field's best lab-sharing opportunities (role `field`, rank within the field)",
        columns: &LAB_COLUMNS,
    },
    TableSchema {
        key: "university_labs",
        about: "what each university (`for`) can borrow (role `borrow`: it is the beneficiary) and lend (role `lend`: it is the host), rank within the list",
        columns: &[
            "for", "role", "rank", "lab", "lab_name", "host", "beneficiary", "field", "access", "proximity", "score",
            "demand", "demand_raw", "demand_value",
            "capacity", "capacity_raw", "capacity_value",
            "distance", "distance_raw", "distance_value",
            "ties", "ties_raw", "ties_value",
            "equipment", "equipment_raw", "equipment_value",
        ],
    },
    TableSchema {
        key: "tasks",
        about: "only with `--tasks FILE`: one row per task, in file order, with the team `hoptac teams --calls FILE` assigns it (capacity shared among the tasks). `fields` are the call's fields and minimum levels (`id:level;…`), `fields_from` says whether they were read from the `problem` or given by the `call`; `topic_weight` and `near_weight` are the weights of the soft preferences (topic match to the problem, nearness to the `province`); for a `filled` task the score and its contributions (`expertise`, `cohesion`, `diversity`, `preferences`, summing to the score), the members' mean `topic` match and `near`ness, the members' ids and universities (;); for an `unfilled` one, `reason` (every reason, ;)",
        columns: &[
            "task", "title", "problem", "province", "fields", "fields_from", "topic_weight", "near_weight",
            "status", "score", "solver", "expertise", "cohesion", "diversity", "preferences", "topic", "near",
            "members", "universities", "reason",
        ],
    },
    TableSchema {
        key: "task_members",
        about: "only with `--tasks FILE`: one row per member of each task's team; `covers` the required fields the member reaches the level of (;), `topic` their text match to the problem in [0, 1] (BM25 against their topic terms, divided by the best), `near` their university's nearness to the province (1 same city, 0.6 same region, 0.2 another region; 0 without a province)",
        columns: &["task", "researcher", "name", "university", "region", "title", "covers", "topic", "near"],
    },
];

/// Which outputs to write (`--format html,md,csv,json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formats {
    pub html: bool,
    pub markdown: bool,
    pub csv: bool,
    pub json: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            html: true,
            markdown: true,
            csv: true,
            json: true,
        }
    }
}

impl Formats {
    /// Parses a comma-separated list (`html,md,csv,json`; `markdown` is accepted for `md`).
    pub fn parse(s: &str) -> Result<Formats, String> {
        let mut f = Formats {
            html: false,
            markdown: false,
            csv: false,
            json: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "html" => f.html = true,
                "md" | "markdown" => f.markdown = true,
                "csv" => f.csv = true,
                "json" => f.json = true,
                _ => {
                    return Err(format!(
                        "unknown report format {part:?} (expected html, md, csv or json)"
                    ))
                }
            }
        }
        if f == (Formats {
            html: false,
            markdown: false,
            csv: false,
            json: false,
        }) {
            return Err("--format needs at least one of html, md, csv, json".into());
        }
        Ok(f)
    }
}

/// What to build.
#[derive(Clone, Debug)]
pub struct Options {
    pub formats: Formats,
    pub lang: Lang,
    pub limits: Limits,
    /// The data is the built-in dataset, whose researchers are synthetic: the overview and the
    /// README say so, in both languages.
    pub synthetic: bool,
    /// A list of tasks (`--tasks FILE`, a [`crate::query::CallInput::Batch`]): one team each,
    /// on the `tasks` page and in the `tasks` and `task_members` tables.
    pub tasks: Option<crate::query::CallInput>,
}

/// A file of the report: its path relative to the report folder, and its bytes.
pub type OutFile = (String, Vec<u8>);

/// Builds every file of the report. `tick` is called once per field, per team call and per
/// page (and once for the tasks). The files are sorted by path. Fails only on a bad list of
/// tasks (every problem with its file, line and column), before the rest is computed.
pub fn build(
    e: &Engine,
    opts: &Options,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<OutFile>, crate::query::Error> {
    let req = ReportRequest {
        limits: opts.limits.clone(),
        tasks: opts.tasks.clone(),
    };
    let m = crate::query::report(e, &req, tick)?;
    Ok(render_files(&m, opts, tick))
}

/// How many times [`build`] calls `tick` for `g` with `opts`.
pub fn steps(g: &Graph, opts: &Options) -> u64 {
    let ds = g.data();
    let calls = model::report_calls(g).len();
    // With tasks: their batch, and their page.
    let tasks = if opts.tasks.is_some() { 2 } else { 0 };
    // The model: one per field and per call; then one per page and one for the data tables.
    (ds.fields.len() + calls + (1 + ds.fields.len() + ds.universities.len()) + 1 + tasks) as u64
}

/// Renders a computed model into files.
pub fn render_files(m: &Model<'_>, opts: &Options, tick: &(dyn Fn() + Sync)) -> Vec<OutFile> {
    let ds = m.g.data();
    let f = opts.formats;
    let mut files: Vec<OutFile> = Vec::new();

    let data = tables::all(m);
    let mut data_files = Vec::new();
    for t in &data {
        if f.csv {
            data_files.push(format!("csv/{}.csv", t.key));
        }
        if f.json {
            data_files.push(format!("json/{}.json", t.key));
        }
    }
    let names = page::Names::new(ds).with_tasks(
        m.tasks
            .iter()
            .flat_map(|t| t.calls.iter().map(|c| c.id.as_str())),
    );
    let ctx = page::Ctx {
        m,
        lang: opts.lang,
        names: &names,
        data_files,
        synthetic: opts.synthetic,
    };
    let mut ids = vec![page::PageId::Index];
    ids.extend(ds.field_ids().map(page::PageId::Field));
    ids.extend(ds.university_ids().map(page::PageId::University));
    let mut nav: Vec<(page::PageId, String)> = ds
        .field_ids()
        .map(|x| (page::PageId::Field(x), ds.field(x).id.clone()))
        .collect();
    if m.tasks.is_some() {
        ids.push(page::PageId::Tasks);
        nav.push((page::PageId::Tasks, opts.lang.labels().tasks.to_string()));
    }
    let rendered: Vec<Vec<OutFile>> = ids
        .par_iter()
        .map(|&id| {
            let p = match id {
                page::PageId::Index => page::index(&ctx),
                page::PageId::Field(x) => page::field(&ctx, x),
                page::PageId::University(u) => page::university(&ctx, u),
                page::PageId::Tasks => page::tasks(&ctx),
            };
            let stem = names.stem(id);
            let mut out = Vec::new();
            if f.html {
                out.push((
                    format!("{stem}.html"),
                    html::page(&p, &names, opts.lang, &nav).into_bytes(),
                ));
            }
            if f.markdown {
                out.push((
                    format!("{stem}.md"),
                    markdown::page(&p, &names, opts.lang, &nav).into_bytes(),
                ));
                for b in &p.blocks {
                    if let page::Block::Chart { name, svg, .. } = b {
                        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                        s.push_str(svg);
                        s.push('\n');
                        out.push((format!("svg/{name}.svg"), s.into_bytes()));
                    }
                }
            }
            tick();
            out
        })
        .collect();
    files.extend(rendered.into_iter().flatten());

    let encoded: Vec<Vec<OutFile>> = data
        .par_iter()
        .map(|t| {
            let mut out = Vec::new();
            if f.csv {
                out.push((
                    format!("csv/{}.csv", t.key),
                    table::render(std::slice::from_ref(t), TableFormat::Csv).into_bytes(),
                ));
            }
            if f.json {
                out.push((format!("json/{}.json", t.key), json_rows(t)));
            }
            out
        })
        .collect();
    files.extend(encoded.into_iter().flatten());
    tick();

    files.push(("README.md".into(), readme(opts).into_bytes()));
    files.push((
        MARKER.into(),
        format!(
            "{MARKER_HEAD}\nversion {}\nThis folder is replaced as a whole by the next `hoptac report --out` here.\n",
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// A table as a JSON array of objects, streamed row by row (same keys and order as the CSV).
fn json_rows(t: &Table) -> Vec<u8> {
    let keys: Vec<String> = t
        .columns
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default())
        .collect();
    let mut out = Vec::with_capacity(t.rows.len() * 64 * t.columns.len().max(1));
    out.extend_from_slice(b"[");
    for (i, row) in t.rows.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n  {" } else { b",\n  {" });
        for (j, (k, c)) in keys.iter().zip(row).enumerate() {
            if j > 0 {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(k.as_bytes());
            out.extend_from_slice(b": ");
            let v = match c {
                Cell::Text(s) => serde_json::to_string(s).unwrap_or_default(),
                Cell::Int(n) => n.to_string(),
                // Printed with its decimals, as in the CSV; a number JSON accepts.
                Cell::Float(x, _) if x.is_finite() => {
                    let s = c.text();
                    if s.starts_with("-0") && s.trim_start_matches(['-', '0', '.']).is_empty() {
                        s[1..].to_string()
                    } else {
                        s
                    }
                }
                Cell::Float(..) => "null".into(),
            };
            out.extend_from_slice(v.as_bytes());
        }
        out.extend_from_slice(b"}");
    }
    out.extend_from_slice(if t.rows.is_empty() { b"]\n" } else { b"\n]\n" });
    out
}

/// The report folder's README: what each file is and the data tables' columns.
pub fn readme(opts: &Options) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# hoptac report\n\nWritten by `hoptac report` {}. Open `index.html` in a browser (it works offline), or read `index.md`.\n",
        env!("CARGO_PKG_VERSION")
    );
    if opts.synthetic {
        let _ = writeln!(
            s,
            "**{}**\n\n**{}**\n",
            i18n::VI.synthetic_note,
            i18n::EN.synthetic_note
        );
    }
    let _ = writeln!(
        s,
        "- `index`: overview; `field-<id>`: one page per field; `university-<id>`: one page per university; `tasks`: one team per task of `--tasks FILE`, when given (`.html` and `.md`).\n- `svg/`: the charts of the Markdown pages (the HTML pages include them).\n- `csv/<table>.csv` and `json/<table>.json`: the data tables below. A JSON file is an array of objects with the CSV's columns as keys, in the same order; numbers are numbers.\n- `{MARKER}`: marks this folder as a hoptac report, so the next `hoptac report --out` here replaces it without `--force`.\n"
    );
    let _ = writeln!(
        s,
        "Language of the pages: {}. Component columns hold the contribution to the score; `<component>_raw` the raw quantity and `<component>_value` its value in [0, 1].\n",
        opts.lang.tag()
    );
    let _ = writeln!(s, "## Data tables\n");
    for t in SCHEMA {
        let _ = writeln!(
            s,
            "### {}\n\n{}.\n\nColumns: {}\n",
            t.key,
            t.about,
            t.columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    s
}

/// Whether `dir` holds a previous hoptac report (its marker file).
pub fn is_report(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(MARKER)).is_ok_and(|s| s.starts_with(MARKER_HEAD))
}

/// Writes `files` as the folder `out`: built in a temporary sibling and moved into place only
/// when complete. A previous report is replaced; any other non-empty folder only with `force`.
/// `inputs` are the paths the report was built from (the data folder, the profile): the report
/// never replaces, contains or lies inside one (the policy of [`crate::save`]).
pub fn write(
    out: &Path,
    files: &[OutFile],
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), SaveError> {
    save::replace_dir_atomic(out, force, "a hoptac report", inputs, is_report, |dir| {
        for (name, bytes) in files {
            let path: PathBuf = dir.join(name);
            let io = |source| SaveError::Io {
                path: path.clone(),
                source,
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            let mut w = std::fs::File::create(&path).map_err(io)?;
            w.write_all(bytes).map_err(io)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    #[test]
    fn every_table_has_its_documented_columns() {
        let g = tiny();
        let m = Model::build(&g, &Profile::default(), &Limits::default(), &|| {});
        // Without tasks, every table but the tasks' two.
        assert_eq!(tables::all(&m).len(), SCHEMA.len() - 2);
        let e = Engine::new(tiny(), Profile::default());
        let req = ReportRequest {
            limits: Limits::default(),
            tasks: Some(crate::query::CallInput::Batch {
                name: "tasks.csv".into(),
                text: "id,text\nt1,flood\nt2,machine learning\n".into(),
                csv: true,
            }),
        };
        let m = crate::query::report(&e, &req, &|| {}).unwrap();
        let tables = tables::all(&m);
        assert_eq!(tables.len(), SCHEMA.len());
        assert_eq!(tables[SCHEMA.len() - 2].rows.len(), 2, "one row per task");
        for (t, s) in tables.iter().zip(SCHEMA) {
            assert_eq!(t.key, s.key);
            assert_eq!(t.columns, s.columns, "{}", s.key);
            for r in &t.rows {
                assert_eq!(r.len(), s.columns.len(), "{}", s.key);
            }
        }
    }

    #[test]
    fn json_rows_match_the_csv_columns_and_parse() {
        let mut t = Table::new("x", "", &["a", "b", "c"]);
        t.push(vec!["x\"y".into(), Cell::Int(3), Cell::Float(-0.00001, 4)]);
        t.push(vec!["".into(), Cell::Int(-1), Cell::Float(f64::NAN, 2)]);
        let v: serde_json::Value = serde_json::from_slice(&json_rows(&t)).unwrap();
        assert_eq!(v[0]["a"], "x\"y");
        assert_eq!(v[0]["c"], serde_json::json!(0.0));
        assert!(v[1]["c"].is_null());
        let empty = Table::new("x", "", &["a"]);
        assert_eq!(json_rows(&empty), b"[]\n");
    }

    #[test]
    fn steps_counts_every_tick() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let g = tiny();
        let ticks = AtomicU64::new(0);
        let opts = Options {
            formats: Formats::default(),
            lang: Lang::En,
            limits: Limits::default(),
            synthetic: false,
            tasks: None,
        };
        let e = Engine::new(g, Profile::default());
        build(&e, &opts, &|| {
            ticks.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(ticks.load(Ordering::Relaxed), steps(e.view(), &opts));
        // With tasks: two more (their batch and their page).
        let with = Options {
            tasks: Some(crate::query::CallInput::Batch {
                name: "tasks.csv".into(),
                text: "id,fields\nt1,ai\nt2,water\n".into(),
                csv: true,
            }),
            ..opts.clone()
        };
        ticks.store(0, Ordering::Relaxed);
        build(&e, &with, &|| {
            ticks.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(ticks.load(Ordering::Relaxed), steps(e.view(), &with));
        assert_eq!(steps(e.view(), &with), steps(e.view(), &opts) + 2);
    }

    #[test]
    fn a_write_that_fails_halfway_leaves_the_previous_report_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("r");
        let marker = (MARKER.to_string(), MARKER_HEAD.as_bytes().to_vec());
        let old = vec![marker.clone(), ("index.html".into(), b"old".to_vec())];
        write(&out, &old, false, &[]).unwrap();
        // The second file cannot be created (a NUL in its name): the write fails after the
        // first file of the new report was written to the temporary folder.
        let new = vec![
            ("index.html".into(), b"new".to_vec()),
            ("bad\0name".into(), b"x".to_vec()),
            marker,
        ];
        assert!(matches!(
            write(&out, &new, false, &[]),
            Err(SaveError::Io { .. })
        ));
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn formats_parse() {
        assert!(!Formats::parse("html,md").unwrap().csv);
        assert!(Formats::parse("html, CSV").unwrap().csv);
        assert!(Formats::parse("pdf").is_err());
        assert!(Formats::parse("").is_err());
    }

    #[test]
    fn the_pages_describe_the_call_defaults_truthfully() {
        for l in [i18n::VI, i18n::EN] {
            assert!(l.teams_intro.contains(&format!(
                "{}–{}",
                model::TEAM_SIZE.0,
                model::TEAM_SIZE.1
            )));
            assert!(l
                .teams_intro
                .contains(&format!("{} ", model::TEAM_MIN_UNIVERSITIES)));
            assert!(l
                .teams_intro
                .replace(',', ".")
                .contains(&model::TEAM_MIN_LEVEL.to_string()));
        }
    }
}
