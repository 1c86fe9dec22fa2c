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
//! [`write_report`] (the `hoptac report` command) writes each file into a temporary folder as
//! soon as it is rendered, and the `partners` table (every field's full partner matrix) a
//! chunk of universities at a time as the matrices are computed, so memory does not grow with
//! the output (a 1,000-university report is 15 GB of files); the folder is renamed over the old
//! report only when complete, and nothing is left on error. [`build`] returns the same files as
//! bytes in memory (the collected path, for tests and benchmarks), and [`write()`] puts such
//! files in place atomically.
//!
//! # Pages (`--format html` and `md`; same names, `.html` or `.md`)
//! - `index`: the overview — headline figures, a university × field strength heatmap, a
//!   circular map of inter-university co-authorship, the strongest links, the fields and the
//!   universities, links to the data tables;
//! - `field-<id>`: leaders (chart and table), the partner matrix (heat-coloured; in a consortium
//!   of more than [`model::MATRIX_SHOWN`] universities, of the field's strongest ones only, with
//!   a note pointing at the `partners` table), the proposed teams for the field alone and with
//!   each related field, lab-sharing opportunities;
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
use std::sync::Mutex;

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
            "country", "country_raw", "country_value",
        ],
    },
    TableSchema {
        key: "best_partners",
        about: "each university's best partner in each field, with the score's contributions",
        columns: &["university", "field", "partner", "name", "score", "strength", "complementarity", "ties", "labs", "region", "activity", "topics", "country"],
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

/// Builds every file of the report in memory (the collected path: what the report is, for
/// tests, benchmarks and small consortia; [`write_report`] writes the same bytes without
/// holding them). `tick` is called once per field, per team call and per page (and once for the
/// tasks). The files are sorted by path. Fails only on a bad list of tasks (every problem with
/// its file, line and column), before the rest is computed.
pub fn build(
    e: &Engine,
    opts: &Options,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<OutFile>, crate::query::Error> {
    let m = crate::query::report(e, &request(opts), tick)?;
    Ok(render_files(&m, opts, tick))
}

fn request(opts: &Options) -> ReportRequest {
    ReportRequest {
        limits: opts.limits.clone(),
        tasks: opts.tasks.clone(),
    }
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

/// The data files the report writes (`csv/<table>.csv`, `json/<table>.json`), table by table
/// in [`SCHEMA`] order: the overview links them.
fn data_files(m: &Model<'_>, f: Formats) -> Vec<String> {
    let mut out = Vec::new();
    for key in tables::keys(m) {
        if f.csv {
            out.push(format!("csv/{key}.csv"));
        }
        if f.json {
            out.push(format!("json/{key}.json"));
        }
    }
    out
}

/// The pages, in order, and the navigation bar's entries.
fn pages(m: &Model<'_>, lang: Lang) -> (Vec<page::PageId>, Vec<(page::PageId, String)>) {
    let ds = m.g.data();
    let mut ids = vec![page::PageId::Index];
    ids.extend(ds.field_ids().map(page::PageId::Field));
    ids.extend(ds.university_ids().map(page::PageId::University));
    let mut nav: Vec<(page::PageId, String)> = ds
        .field_ids()
        .map(|x| (page::PageId::Field(x), ds.field(x).id.clone()))
        .collect();
    if m.tasks.is_some() {
        ids.push(page::PageId::Tasks);
        nav.push((page::PageId::Tasks, lang.labels().tasks.to_string()));
    }
    (ids, nav)
}

fn names(m: &Model<'_>) -> page::Names {
    page::Names::new(m.g.data()).with_tasks(
        m.tasks
            .iter()
            .flat_map(|t| t.calls.iter().map(|c| c.id.as_str())),
    )
}

/// The files of one page: `.html`, `.md` and the Markdown pages' charts (`svg/`).
fn page_files(
    ctx: &page::Ctx<'_, '_>,
    id: page::PageId,
    opts: &Options,
    nav: &[(page::PageId, String)],
) -> Vec<OutFile> {
    let f = opts.formats;
    let p = match id {
        page::PageId::Index => page::index(ctx),
        page::PageId::Field(x) => page::field(ctx, x),
        page::PageId::University(u) => page::university(ctx, u),
        page::PageId::Tasks => page::tasks(ctx),
    };
    let stem = ctx.names.stem(id);
    let mut out = Vec::new();
    if f.html {
        out.push((
            format!("{stem}.html"),
            html::page(&p, ctx.names, opts.lang, nav).into_bytes(),
        ));
    }
    if f.markdown {
        out.push((
            format!("{stem}.md"),
            markdown::page(&p, ctx.names, opts.lang, nav).into_bytes(),
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
    out
}

/// The folder's README and marker.
fn fixed_files(m: &Model<'_>, opts: &Options) -> [OutFile; 2] {
    [
        (
            "README.md".into(),
            readme(opts, m.g.data().universities.len()).into_bytes(),
        ),
        (
            MARKER.into(),
            format!(
                "{MARKER_HEAD}\nversion {}\nThis folder is replaced as a whole by the next `hoptac report --out` here.\n",
                env!("CARGO_PKG_VERSION")
            )
            .into_bytes(),
        ),
    ]
}

/// Renders a computed model into files, every one in memory (the `partners` table too, its
/// matrices computed again whole: [`tables::partners`]).
pub fn render_files(m: &Model<'_>, opts: &Options, tick: &(dyn Fn() + Sync)) -> Vec<OutFile> {
    let f = opts.formats;
    let mut files: Vec<OutFile> = Vec::new();

    // The tables only when they are written (`partners` is computed again whole).
    let data = if f.csv || f.json {
        tables::all(m)
    } else {
        Vec::new()
    };
    let names = names(m);
    let ctx = page::Ctx {
        m,
        lang: opts.lang,
        names: &names,
        data_files: data_files(m, f),
        synthetic: opts.synthetic,
    };
    let (ids, nav) = pages(m, opts.lang);
    let rendered: Vec<Vec<OutFile>> = ids
        .par_iter()
        .map(|&id| {
            let out = page_files(&ctx, id, opts, &nav);
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

    files.extend(fixed_files(m, opts));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Writes the report of `e` as the folder `out`, each file as soon as it is rendered, into a
/// temporary sibling that is moved into place only when complete (the replace rules of
/// [`write()`]); on any error nothing is left. The `partners` table (every field's full partner
/// matrix: 16 × U × (U − 1) rows) is written [`crate::query::MATRIX_CHUNK`]
/// universities at a time as the matrices are computed ([`model::Pending::finish`]), and the
/// model keeps only what the pages show, so memory does not grow with the matrices. The bytes
/// are [`build`]'s. `tick` as for [`build`]. Returns every file written and its size, sorted
/// by path.
pub fn write_report(
    e: &Engine,
    opts: &Options,
    out: &Path,
    force: bool,
    inputs: &[PathBuf],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<(String, u64)>, crate::query::Error> {
    // The tasks are read and checked first, before any folder is touched.
    let pending = model::prepare(e, &request(opts), tick)?;
    let mut written = Vec::new();
    save::replace_dir_atomic(out, force, "a hoptac report", inputs, is_report, |dir| {
        written = stream(pending, opts, dir, tick)?;
        Ok(())
    })?;
    Ok(written)
}

/// Rows of a data table written at a time (CSV and JSON).
const TABLE_CHUNK: usize = 4096;

/// [`write_report`]'s work inside the temporary folder `dir`.
fn stream(
    pending: model::Pending<'_>,
    opts: &Options,
    dir: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<(String, u64)>, SaveError> {
    let f = opts.formats;
    let folder = Folder {
        dir,
        written: Mutex::new(Vec::new()),
    };
    let g = pending.model().g;

    // The partner matrices, written as they are computed.
    let columns = tables::columns("partners");
    let keys = json_keys(&columns);
    let mut csv = f.csv.then(|| folder.open("csv/partners.csv")).transpose()?;
    let mut json = f
        .json
        .then(|| folder.open("json/partners.json"))
        .transpose()?;
    if let Some(w) = &mut csv {
        w.write(table::csv(&Table::new("partners", "", &columns), true).as_bytes())?;
    }
    if let Some(w) = &mut json {
        w.write(b"[")?;
    }
    let mut rows = 0usize;
    let m = pending.finish(tick, |field, lists| -> Result<(), SaveError> {
        if csv.is_none() && json.is_none() {
            return Ok(());
        }
        let parts: Vec<(String, Vec<u8>)> = lists
            .par_iter()
            .map(|l| {
                let t = tables::partner_rows(g, field, std::slice::from_ref(l));
                let text = if f.csv {
                    table::csv(&t, false)
                } else {
                    String::new()
                };
                let mut j = Vec::new();
                if f.json {
                    for (i, row) in t.rows.iter().enumerate() {
                        if i > 0 {
                            j.extend_from_slice(b",\n  ");
                        }
                        json_row(&keys, row, &mut j);
                    }
                }
                (text, j)
            })
            .collect();
        for ((text, j), l) in parts.iter().zip(lists) {
            if let Some(w) = &mut csv {
                w.write(text.as_bytes())?;
            }
            if let Some(w) = &mut json {
                if !l.is_empty() {
                    w.write(if rows == 0 { b"\n  " } else { b",\n  " })?;
                    w.write(j)?;
                }
            }
            rows += l.len();
        }
        Ok(())
    })?;
    if let Some(mut w) = json {
        w.write(if rows == 0 { b"]\n" } else { b"\n]\n" })?;
        w.finish()?;
    }
    if let Some(w) = csv {
        w.finish()?;
    }

    // The pages, each written as soon as it is rendered.
    let names = names(&m);
    let ctx = page::Ctx {
        m: &m,
        lang: opts.lang,
        names: &names,
        data_files: data_files(&m, f),
        synthetic: opts.synthetic,
    };
    let (ids, nav) = pages(&m, opts.lang);
    ids.par_iter().try_for_each(|&id| {
        for (name, bytes) in page_files(&ctx, id, opts, &nav) {
            folder.put(&name, &bytes)?;
        }
        tick();
        Ok::<(), SaveError>(())
    })?;

    // The other data tables, one at a time each, in parts.
    let others: Vec<&str> = tables::keys(&m)
        .into_iter()
        .filter(|k| *k != "partners")
        .collect();
    others.par_iter().try_for_each(|key| {
        let t = tables::table(&m, key);
        if f.csv {
            let mut w = folder.open(&format!("csv/{key}.csv"))?;
            let columns: Vec<&str> = t.columns.iter().map(String::as_str).collect();
            let mut part = Table::new(&t.key, "", &columns);
            w.write(table::csv(&part, true).as_bytes())?;
            for chunk in t.rows.chunks(TABLE_CHUNK) {
                part.rows = chunk.to_vec();
                w.write(table::csv(&part, false).as_bytes())?;
            }
            w.finish()?;
        }
        if f.json {
            let mut w = folder.open(&format!("json/{key}.json"))?;
            let keys = json_keys(&t.columns);
            w.write(b"[")?;
            let mut j = Vec::new();
            for (c, chunk) in t.rows.chunks(TABLE_CHUNK).enumerate() {
                j.clear();
                for (i, row) in chunk.iter().enumerate() {
                    j.extend_from_slice(if c == 0 && i == 0 { b"\n  " } else { b",\n  " });
                    json_row(&keys, row, &mut j);
                }
                w.write(&j)?;
            }
            w.write(if t.rows.is_empty() { b"]\n" } else { b"\n]\n" })?;
            w.finish()?;
        }
        Ok::<(), SaveError>(())
    })?;
    tick();

    for (name, bytes) in fixed_files(&m, opts) {
        folder.put(&name, &bytes)?;
    }
    let mut written = folder
        .written
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    written.sort();
    Ok(written)
}

/// The report's temporary folder and the files written into it, with their sizes.
struct Folder<'a> {
    dir: &'a Path,
    written: Mutex<Vec<(String, u64)>>,
}

impl Folder<'_> {
    /// Creates `name` (and its folder).
    fn create(&self, name: &str) -> Result<(PathBuf, std::fs::File), SaveError> {
        let path: PathBuf = self.dir.join(name);
        let io = |source| SaveError::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let file = std::fs::File::create(&path).map_err(io)?;
        Ok((path, file))
    }

    /// Writes the file `name` whole.
    fn put(&self, name: &str, bytes: &[u8]) -> Result<(), SaveError> {
        let mut w = self.open(name)?;
        w.write(bytes)?;
        w.finish()
    }

    /// Opens the file `name` to be written in parts.
    fn open(&self, name: &str) -> Result<Part<'_>, SaveError> {
        let (path, file) = self.create(name)?;
        Ok(Part {
            folder: self,
            name: name.to_string(),
            path,
            w: std::io::BufWriter::with_capacity(1 << 20, file),
            bytes: 0,
        })
    }
}

/// A file of the report being written in parts.
struct Part<'a> {
    folder: &'a Folder<'a>,
    name: String,
    path: PathBuf,
    w: std::io::BufWriter<std::fs::File>,
    bytes: u64,
}

impl Part<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), SaveError> {
        self.bytes += bytes.len() as u64;
        self.w.write_all(bytes).map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Flushes the file and records it.
    fn finish(mut self) -> Result<(), SaveError> {
        self.w.flush().map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })?;
        self.folder
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((std::mem::take(&mut self.name), self.bytes));
        Ok(())
    }
}

/// A table's column names as JSON keys.
fn json_keys(columns: &[impl AsRef<str>]) -> Vec<String> {
    columns
        .iter()
        .map(|c| serde_json::to_string(c.as_ref()).unwrap_or_default())
        .collect()
}

/// One row as a JSON object (`{"key": value, …}`), the CSV's cells with numbers as numbers.
fn json_row(keys: &[String], row: &[Cell], out: &mut Vec<u8>) {
    out.extend_from_slice(b"{");
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

/// A table as a JSON array of objects (same keys and order as the CSV), one row a line.
fn json_rows(t: &Table) -> Vec<u8> {
    let keys = json_keys(&t.columns);
    let mut out = Vec::with_capacity(t.rows.len() * 64 * t.columns.len().max(1));
    out.extend_from_slice(b"[");
    for (i, row) in t.rows.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
        json_row(&keys, row, &mut out);
    }
    out.extend_from_slice(if t.rows.is_empty() { b"]\n" } else { b"\n]\n" });
    out
}

/// The report folder's README: what each file is and the data tables' columns (and, for a
/// consortium of more than [`model::MATRIX_SHOWN`] `universities`, what the field pages'
/// matrices leave out).
pub fn readme(opts: &Options, universities: usize) -> String {
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
    if universities > model::MATRIX_SHOWN {
        // Only where it applies, so that a smaller consortium's folder reads as before.
        let _ = writeln!(
            s,
            "The field pages' partner matrices show only each field's {n} strongest universities (its first {n} leaders) of the {universities}, in the dataset's order; a consortium of up to {n} universities gets the whole matrix on the page. Each university's best partner in every field is on its page, and the whole matrix is the `partners` table below (with `--format csv` or `json`).\n",
            n = model::MATRIX_SHOWN
        );
    }
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
        let folder = Folder {
            dir,
            written: Mutex::new(Vec::new()),
        };
        files
            .iter()
            .try_for_each(|(name, bytes)| folder.put(name, bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};
    use crate::model::UniIdx;

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

    /// Every file under `dir` (relative path → bytes).
    fn read_folder(dir: &Path) -> Vec<OutFile> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<OutFile>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy();
                    out.push((rel.replace('\\', "/"), std::fs::read(&p).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// [`write_report`] (each file written as rendered, the partner matrices a chunk at a
    /// time) gives [`build`]'s files (every file in memory, the matrices computed whole), byte
    /// for byte, and says what it wrote.
    fn streamed_equals_collected(e: &Engine, m: &Model<'_>, opts: &Options) -> Vec<OutFile> {
        // What `build` gives: the model, then every file in memory.
        let collected = render_files(m, opts, &|| {});
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("r");
        let written = write_report(e, opts, &out, false, &[], &|| {}).unwrap();
        let streamed = read_folder(&out);
        assert_eq!(
            streamed.iter().map(|f| &f.0).collect::<Vec<_>>(),
            collected.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        for (s, c) in streamed.iter().zip(&collected) {
            assert!(s.1 == c.1, "{} differs", s.0);
        }
        let sizes: Vec<(String, u64)> = collected
            .iter()
            .map(|(n, b)| (n.clone(), b.len() as u64))
            .collect();
        assert_eq!(written, sizes);
        collected
    }

    #[test]
    fn a_streamed_report_of_150_universities_is_the_collected_one() {
        // 150 universities: more than the pages' matrix shows (MATRIX_SHOWN), and three
        // chunks of the streamed matrix per field.
        let ds = crate::generate::generate(&crate::generate::GenConfig {
            universities: 150,
            researchers_per_university: 6,
            seed: 7,
            coauthorships_per_researcher: 4.0,
        })
        .unwrap();
        let e = Engine::new(Graph::build(ds), Profile::default());
        // One team per call: the teams are not what is streamed, and cost most in a debug build.
        let limits = Limits {
            teams_per_call: 1,
            ..Limits::default()
        };
        let opts = Options {
            formats: Formats::default(),
            lang: Lang::En,
            limits,
            synthetic: false,
            tasks: None,
        };
        let m = crate::query::report(&e, &request(&opts), &|| {}).unwrap();
        let files = streamed_equals_collected(&e, &m, &opts);
        let get = |name: &str| &files.iter().find(|f| f.0 == name).unwrap().1;
        // Every pair of universities in every field, in both tables.
        let nf = e.data().fields.len();
        let rows = nf * 150 * 149;
        let csv = String::from_utf8(get("csv/partners.csv").clone()).unwrap();
        assert_eq!(csv.lines().count(), 1 + rows);
        let json: serde_json::Value = serde_json::from_slice(get("json/partners.json")).unwrap();
        assert_eq!(json.as_array().unwrap().len(), rows);
        // The field pages show the 100 strongest universities' matrix and say so.
        let page = String::from_utf8(get("field-ai.md").clone()).unwrap();
        assert!(page.contains("only the 100 strongest universities in the field (of 150)"));
        assert!(page.contains("(csv/partners.csv)") && page.contains("(json/partners.json)"));
        let readme = String::from_utf8(get("README.md").clone()).unwrap();
        assert!(readme.contains("show only each field's 100 strongest universities"));
        let ai = e.data().field_by_id("ai").unwrap();
        let fp = &m.partners[ai.ix()];
        let mut strongest: Vec<UniIdx> = m.leaders[ai.ix()][..100]
            .iter()
            .map(|l| l.university)
            .collect();
        strongest.sort();
        assert_eq!(fp.shown, strongest);
        // Its cells are the whole matrix's scores, computed again at once.
        let full = m.partner_matrix(ai);
        let shown = tables::matrix(&m, ai);
        assert_eq!(shown.rows.len(), 100);
        for row in &shown.rows {
            let u = e.data().university_by_id(&row[0].text()).unwrap();
            assert_eq!(
                row[1].text(),
                e.data().university(full[u.ix()][0].partner).id
            );
            for (cell, p) in row[2..].iter().zip(&fp.shown) {
                let want = full[u.ix()]
                    .iter()
                    .find(|s| s.partner == *p)
                    .map_or("—".to_string(), |s| format!("{:.3}", s.score));
                assert_eq!(cell.text(), want);
            }
        }
        let max = full.iter().flatten().map(|p| p.score).fold(0.0, f64::max);
        assert_eq!(fp.max, max);
        // Some of the formats: the same bytes too, and the note names no missing file.
        let opts = Options {
            formats: Formats::parse("md,json").unwrap(),
            ..opts.clone()
        };
        let files = streamed_equals_collected(&e, &m, &opts);
        let page = &files.iter().find(|f| f.0 == "field-ai.md").unwrap().1;
        let page = String::from_utf8(page.clone()).unwrap();
        assert!(page.contains("(json/partners.json)") && !page.contains("csv/partners.csv"));
        // Without data tables the note gives the command that writes the whole matrix.
        let names = names(&m);
        let ctx = page::Ctx {
            m: &m,
            lang: Lang::En,
            names: &names,
            data_files: Vec::new(),
            synthetic: false,
        };
        let md = markdown::page(&page::field(&ctx, ai), &names, Lang::En, &[]);
        assert!(md.contains(
            "the whole matrix is the partners data table: hoptac rank --field ai --format csv."
        ));
    }

    #[test]
    fn a_streamed_report_of_the_built_in_data_is_the_collected_one_for_two_audiences() {
        let e = Engine::load(&Source::Embedded, Profile::default()).unwrap();
        let policy = crate::policy::Policy::load(&Source::Embedded, None, e.data()).unwrap();
        for (audience, tasks) in [
            (crate::policy::Audience::Public, true),
            (crate::policy::Audience::Admin, false),
        ] {
            let e = e.for_audience(&policy, audience).unwrap();
            let opts = Options {
                formats: Formats::default(),
                lang: Lang::Vi,
                limits: Limits {
                    teams_per_call: 1,
                    ..Limits::default()
                },
                synthetic: true,
                tasks: tasks.then(|| crate::query::CallInput::Batch {
                    name: "tasks.csv".into(),
                    text: "id,text\nt1,flood\nt2,machine learning\n".into(),
                    csv: true,
                }),
            };
            let m = crate::query::report(&e, &request(&opts), &|| {}).unwrap();
            let files = streamed_equals_collected(&e, &m, &opts);
            // Seven universities: the whole matrix on every field page, no note.
            let page = String::from_utf8(
                files
                    .iter()
                    .find(|f| f.0 == "field-ai.md")
                    .unwrap()
                    .1
                    .clone(),
            )
            .unwrap();
            assert!(!page.contains("trường mạnh nhất trong lĩnh vực (trên"));
            let readme = &files.iter().find(|f| f.0 == "README.md").unwrap().1;
            assert!(!String::from_utf8_lossy(readme).contains("strongest universities"));
        }
    }

    #[test]
    fn the_pages_matrix_is_the_whole_matrix_in_a_small_consortium() {
        let g = tiny();
        let m = Model::build(&g, &Profile::default(), &Limits::default(), &|| {});
        for f in g.data().field_ids() {
            let full = m.partner_matrix(f);
            let want =
                crate::render::scores::matrix_table(&g, f, crate::score::Mode::Strengthen, &full);
            let got = tables::matrix(&m, f);
            assert_eq!(got.columns, want.columns);
            assert_eq!(got.rows, want.rows);
            assert!(!m.partners[f.ix()].is_partial());
            for (u, list) in full.iter().enumerate() {
                assert_eq!(m.partners[f.ix()].best[u].as_ref(), list.first());
            }
        }
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
