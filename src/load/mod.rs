//! Loading and validating a dataset folder (six UTF-8 CSV files, and the optional
//! `terms.csv`) into a [`Dataset`].
//!
//! Owns the file format: which columns each file has, which are required, how cells parse, and
//! every check (duplicate ids, unknown references, ranges, self co-authorship, UTF-8). All
//! problems are collected and returned together as [`LoadError::Invalid`]; a dataset is only
//! returned when it has none. The built-in G7 dataset is compiled into the binary
//! ([`Source::Embedded`]).
//!
//! Loading order: universities and fields first (everything refers to them), then researchers,
//! then expertise, labs and co-authorships in parallel (they only read the maps built before),
//! then the terms when `terms.csv` is there (a folder without it has no terms).

mod error;
mod ids;
pub(crate) mod table;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use error::{LoadError, Problem, Problems};
use ids::IdTable;
use table::{opt, req, Col, Row, Table};

use crate::model::*;
use crate::text;

/// The six files of a dataset folder, in loading order.
pub const FILES: [&str; 6] = [
    "universities.csv",
    "fields.csv",
    "researchers.csv",
    "expertise.csv",
    "labs.csv",
    "coauthorships.csv",
];

/// The optional table of a dataset folder: researchers' term profiles. A folder without it
/// loads as before (no terms).
pub const TERMS_FILE: &str = "terms.csv";

/// Where a dataset comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The G7 dataset compiled into the binary (`datasets/g7/`).
    Embedded,
    /// A folder holding the six CSV files.
    Dir(PathBuf),
}

impl Source {
    /// `Some(dir)` → that folder, `None` → the built-in dataset.
    pub fn from_option(dir: Option<&Path>) -> Source {
        dir.map_or(Source::Embedded, |d| Source::Dir(d.to_path_buf()))
    }

    /// The whole file in memory (for the parallel reader), or `None` with a problem recorded.
    pub(crate) fn bytes(
        &self,
        file: &str,
        problems: &mut Problems,
    ) -> Option<std::borrow::Cow<'static, [u8]>> {
        match self {
            Source::Embedded => crate::embedded::G7
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, b)| std::borrow::Cow::Borrowed(*b)),
            Source::Dir(d) => {
                let path = d.join(file);
                match read_bounded(&path) {
                    Ok(b) => Some(std::borrow::Cow::Owned(b)),
                    Err(p) => {
                        problems.push(p);
                        None
                    }
                }
            }
        }
    }

    /// Whether an optional file is there (the built-in dataset ships without `terms.csv`).
    pub(crate) fn has(&self, file: &str) -> bool {
        match self {
            Source::Embedded => crate::embedded::G7.iter().any(|(name, _)| *name == file),
            Source::Dir(d) => d.join(file).exists(),
        }
    }

    pub(crate) fn describe(&self, file: &str) -> String {
        match self {
            Source::Embedded => format!("<built-in>/g7/{file}"),
            Source::Dir(d) => d.join(file).display().to_string(),
        }
    }

    fn open(&self, file: &str, problems: &mut Problems) -> Option<Box<dyn Read + Send + Sync>> {
        match self {
            Source::Embedded => {
                let bytes = crate::embedded::G7
                    .iter()
                    .find(|(name, _)| *name == file)
                    .map(|(_, b)| *b)?;
                Some(Box::new(bytes))
            }
            Source::Dir(d) => {
                let path = d.join(file);
                match check_file(&path) {
                    Err(p) => {
                        problems.push(p);
                        return None;
                    }
                    Ok(meta) if meta.len() > max_file_bytes() => {
                        problems.push(Problem {
                            file: path.display().to_string(),
                            line: None,
                            column: None,
                            message: format!(
                                "larger than {} MiB: expected a dataset file (set HOPTAC_MAX_INPUT_MB to raise the limit)",
                                max_file_bytes() >> 20
                            ),
                        });
                        return None;
                    }
                    Ok(_) => {}
                }
                match File::open(&path) {
                    Ok(f) => Some(Box::new(
                        BufReader::with_capacity(1 << 16, f).take(max_file_bytes()),
                    )),
                    Err(e) => {
                        problems.push(unreadable(&path, &e, "open"));
                        None
                    }
                }
            }
        }
    }

    /// One dataset file opened for streaming, with the name messages use for it (the
    /// dataflow readers, which take only their share of the rows).
    pub fn open_file(&self, file: &str) -> Result<(String, Box<dyn Read + Send + Sync>), Problem> {
        let mut problems = Problems::default();
        match self.open(file, &mut problems) {
            Some(r) => Ok((self.describe(file), r)),
            None => Err(problems.iter().next().cloned().unwrap_or_else(|| Problem {
                file: self.describe(file),
                line: None,
                column: None,
                message: "no such file in the dataset".into(),
            })),
        }
    }

    fn table(&self, file: &str, cols: &'static [Col], problems: &mut Problems) -> Option<Table> {
        let input = self.open(file, problems)?;
        Table::open(self.describe(file), input, cols, problems)
    }
}

/// The largest dataset file read, in MiB, unless `HOPTAC_MAX_INPUT_MB` says otherwise: ten
/// times the co-authorship file of a million researchers, and a bound that stops a file
/// linked to `/dev/zero` or a runaway export with an error instead of exhausting memory.
pub const DEFAULT_MAX_FILE_MB: u64 = 4096;

fn max_file_bytes() -> u64 {
    input_limit(DEFAULT_MAX_FILE_MB)
}

/// The largest input file read, in bytes: `HOPTAC_MAX_INPUT_MB` when set, else `default_mb`
/// MiB (dataset files and bibliographic exports have different defaults, one variable).
pub fn input_limit(default_mb: u64) -> u64 {
    std::env::var("HOPTAC_MAX_INPUT_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(default_mb)
        .saturating_mul(1 << 20)
}

/// A dataset file must be a regular file (or a symbolic link to one): a device, a FIFO or a
/// folder is refused before anything is read.
fn check_file(path: &Path) -> Result<std::fs::Metadata, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e, "read"))?;
    if meta.is_file() {
        return Ok(meta);
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "a device, pipe or other special file"
    };
    Err(Problem {
        file: path.display().to_string(),
        line: None,
        column: None,
        message: format!("{what}, not a file: expected a CSV file"),
    })
}

/// The whole file, if it is a regular file within the size limit.
fn read_bounded(path: &Path) -> Result<Vec<u8>, Problem> {
    let meta = check_file(path)?;
    let limit = max_file_bytes();
    let too_big = || {
        Problem {
        file: path.display().to_string(),
        line: None,
        column: None,
        message: format!(
            "larger than {} MiB: expected a dataset file (set HOPTAC_MAX_INPUT_MB to raise the limit)",
            limit >> 20
        ),
    }
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| unreadable(path, &e, "read"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The problem for a dataset file that cannot be opened or read.
fn unreadable(path: &Path, e: &std::io::Error, verb: &str) -> Problem {
    let message = if e.kind() == std::io::ErrorKind::NotFound {
        format!("missing file: a dataset folder needs {}", FILES.join(", "))
    } else {
        format!("cannot {verb}: {e}")
    };
    Problem {
        file: path.display().to_string(),
        line: None,
        column: None,
        message,
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Embedded => f.write_str("the built-in G7 dataset"),
            Source::Dir(d) => write!(f, "{}", d.display()),
        }
    }
}

/// Loads and validates a dataset. Returns every problem found when there is any.
pub fn load(source: &Source) -> Result<Dataset, LoadError> {
    if let Source::Dir(d) = source {
        if let Err(e) = std::fs::read_dir(d) {
            return Err(LoadError::Folder {
                path: d.clone(),
                source: e,
            });
        }
    }
    let mut problems = Problems::default();
    let (universities, uni_map) = load_universities(source, &mut problems);
    let (fields, field_map) = load_fields(source, &mut problems);
    // The two large files are read while the researchers are parsed.
    let ((researchers, res_map), (exp_bytes, co_bytes, p_read)) = rayon::join(
        || load_researchers(source, uni_map.as_ref(), &mut problems),
        || {
            let mut p = Problems::default();
            let e = source.bytes("expertise.csv", &mut p);
            let c = source.bytes("coauthorships.csv", &mut p);
            (e, c, p)
        },
    );
    problems.extend(p_read);

    let ((expertise, p_exp), ((labs, lab_map, p_labs), (coauthorships, p_co))) = rayon::join(
        || {
            let mut p = Problems::default();
            let e = load_expertise(
                source,
                exp_bytes,
                res_map.as_ref(),
                field_map.as_ref(),
                (&researchers, &fields),
                &mut p,
            );
            (e, p)
        },
        || {
            rayon::join(
                || {
                    let mut p = Problems::default();
                    let (l, m) = load_labs(source, uni_map.as_ref(), field_map.as_ref(), &mut p);
                    (l, m, p)
                },
                || {
                    let mut p = Problems::default();
                    let c = load_coauthorships(source, co_bytes, res_map.as_ref(), &mut p);
                    (c, p)
                },
            )
        },
    );
    problems.extend(p_exp);
    problems.extend(p_labs);
    problems.extend(p_co);
    let (terms, term_weights) = load_terms(source, res_map.as_ref(), &mut problems);

    if !problems.is_empty() {
        problems.sort_by_position();
        return Err(LoadError::Invalid { problems });
    }
    // With no problems every file was read, so every map exists.
    let mut coauthorships = coauthorships;
    coauthorships.sort_unstable_by_key(|c| (c.a.0, c.b.0));
    let ds = Dataset {
        universities,
        fields,
        researchers,
        expertise: expertise.into(),
        labs,
        coauthorships: coauthorships.into(),
        terms,
        term_weights,
        index: IdIndex {
            universities: uni_map.unwrap_or_default(),
            fields: field_map.unwrap_or_default(),
            // Built from the researchers on the first lookup by id: most questions never make one.
            researchers: std::sync::OnceLock::new(),
            labs: lab_map.unwrap_or_default(),
        },
    };
    Ok(ds)
}

/// Loads only `universities.csv` and `fields.csv` (the reference data the generator starts from).
pub fn load_reference(source: &Source) -> Result<(Vec<University>, Vec<Field>), LoadError> {
    let mut problems = Problems::default();
    let (universities, _) = load_universities(source, &mut problems);
    let (fields, _) = load_fields(source, &mut problems);
    if problems.is_empty() {
        Ok((universities, fields))
    } else {
        problems.sort_by_position();
        Err(LoadError::Invalid { problems })
    }
}

type IdMap<I> = FxHashMap<Box<str>, I>;

/// An id → index map that reference cells are checked against: the small maps of
/// universities, fields and labs, or the researchers' [`IdTable`].
trait Ids<I> {
    fn find(&self, id: &str) -> Option<I>;
    fn count(&self) -> usize;
    fn all(&self) -> Box<dyn Iterator<Item = &str> + '_>;
}

impl<I: Copy> Ids<I> for IdMap<I> {
    fn find(&self, id: &str) -> Option<I> {
        self.get(id).copied()
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn all(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.keys().map(|k| &**k))
    }
}

impl Ids<ResearcherIdx> for IdTable {
    fn find(&self, id: &str) -> Option<ResearcherIdx> {
        self.get(id).map(ResearcherIdx)
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn all(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.ids())
    }
}

/// Index recorded for the id of a row that has problems: references to it are then neither
/// reported as unknown nor used, so one bad row yields one problem, not a cascade.
const INVALID: u32 = u32::MAX;

/// The line where each id was first defined: by dense index for valid rows, by id for rows
/// with problems (rare).
#[derive(Default)]
struct FirstLines {
    by_index: Vec<u64>,
    invalid: FxHashMap<Box<str>, u64>,
}

/// Records a duplicate-id problem, or inserts the id. Returns whether the id is new. Valid ids
/// must be inserted in index order (`idx` = number of valid ids so far).
fn insert_id<I: Copy + Into<u32>>(
    map: &mut IdMap<I>,
    lines: &mut FirstLines,
    row: &mut Row<'_>,
    col: usize,
    id: &str,
    idx: I,
) -> bool {
    if let Some(&prev) = map.get(id) {
        let p: u32 = prev.into();
        let line = if p == INVALID {
            lines.invalid.get(id).copied().unwrap_or(0)
        } else {
            lines.by_index.get(p as usize).copied().unwrap_or(0)
        };
        row.problem(
            col,
            format!("duplicate id {id:?} (first defined on line {line})"),
        );
        return false;
    }
    if idx.into() == INVALID {
        lines.invalid.insert(id.into(), row.line);
    } else {
        lines.by_index.push(row.line);
    }
    map.insert(id.into(), idx);
    true
}

/// A short "expected" hint for an unknown reference: the nearest known ids.
fn unknown_ref<I>(kind: &str, id: &str, file: &str, map: &(impl Ids<I> + ?Sized)) -> String {
    let folded = text::fold(id);
    let mut near: Vec<(f64, &str)> = map
        .all()
        .map(|k| (strsim::jaro_winkler(&folded, &text::fold(k)), k))
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut msg = format!("unknown {kind} {id:?}: expected an id from {file}");
    if !near.is_empty() {
        let names: Vec<&str> = near.iter().take(3).map(|(_, k)| *k).collect();
        msg.push_str(&format!(" (nearest: {})", names.join(", ")));
    }
    msg
}

fn parse_bool(s: &str) -> Option<bool> {
    match text::fold(s).as_str() {
        "" | "true" | "yes" | "1" | "y" | "co" => Some(true),
        "false" | "no" | "0" | "n" | "khong" => Some(false),
        _ => None,
    }
}

/// An entity id: required, and free of `;` (which would break the list cells that refer to it).
fn check_id<'a>(row: &mut Row<'a>, c: usize) -> Option<&'a str> {
    let id = row.required(c)?;
    if id.contains(';') {
        row.problem(
            c,
            format!("id {id:?} contains `;`, which separates list items"),
        );
        return None;
    }
    Some(id)
}

const UNI_COLS: &[Col] = &[
    req("id"),
    req("name_vi"),
    req("name_en"),
    req("short_name"),
    req("city"),
    req("region"),
    opt("aliases"),
    opt("country"),
    opt("consortium"),
];

fn load_universities(
    source: &Source,
    problems: &mut Problems,
) -> (Vec<University>, Option<IdMap<UniIdx>>) {
    let mut out = Vec::new();
    let mut map = IdMap::default();
    let mut lines = FirstLines::default();
    let Some(t) = source.table("universities.csv", UNI_COLS, problems) else {
        return (out, None);
    };
    let file = t.file.clone();
    t.for_each_row(problems, |row| {
        let id = check_id(row, 0);
        let name_vi = row.required(1);
        let name_en = row.required(2);
        let short = row.required(3);
        let city = row.required(4);
        let region = row.required(5).and_then(|s| {
            let r = Region::parse(s);
            if r.is_none() {
                row.problem(
                    5,
                    format!(
                        "{s:?} is not a region: expected north, central, south or international"
                    ),
                );
            }
            r
        });
        let aliases: Vec<String> = row.list(6).map(str::to_string).collect();
        let country = match row.text(7) {
            "" => "VN".to_string(),
            c => c.to_uppercase(),
        };
        let consortium_cell = row.text(8);
        let consortium = parse_bool(consortium_cell);
        if consortium.is_none() {
            row.problem(
                8,
                format!("{consortium_cell:?} is not a yes/no value: expected true or false"),
            );
        }
        let (
            Some(id),
            Some(name_vi),
            Some(name_en),
            Some(short),
            Some(city),
            Some(region),
            Some(consortium),
        ) = (id, name_vi, name_en, short, city, region, consortium)
        else {
            return;
        };
        if row.bad {
            return;
        }
        let idx = UniIdx(out.len() as u32);
        if insert_id(&mut map, &mut lines, row, 0, id, idx) {
            out.push(University {
                id: id.to_string(),
                short_name: short.to_string(),
                name_vi: name_vi.to_string(),
                name_en: name_en.to_string(),
                city: city.to_string(),
                region,
                country,
                consortium,
                aliases,
            });
        }
    });
    if out.is_empty() && map.is_empty() && problems.is_empty() {
        problems.push(Problem {
            file,
            line: None,
            column: None,
            message: "no universities: expected at least one row".into(),
        });
    }
    (out, Some(map))
}

const FIELD_COLS: &[Col] = &[
    req("id"),
    req("name_vi"),
    req("name_en"),
    opt("related"),
    opt("aliases"),
];

fn load_fields(source: &Source, problems: &mut Problems) -> (Vec<Field>, Option<IdMap<FieldIdx>>) {
    let mut out = Vec::new();
    let mut map = IdMap::default();
    let mut lines = FirstLines::default();
    let Some(t) = source.table("fields.csv", FIELD_COLS, problems) else {
        return (out, None);
    };
    let file = t.file.clone();
    // `related` may name fields defined further down: resolve after reading all rows.
    let mut pending: Vec<(FieldIdx, u64, Vec<String>)> = Vec::new();
    t.for_each_row(problems, |row| {
        let id = check_id(row, 0);
        let name_vi = row.required(1);
        let name_en = row.required(2);
        let related: Vec<String> = row.list(3).map(str::to_string).collect();
        let aliases: Vec<String> = row.list(4).map(str::to_string).collect();
        let (Some(id), Some(name_vi), Some(name_en)) = (id, name_vi, name_en) else {
            if let Some(id) = id {
                insert_id(&mut map, &mut lines, row, 0, id, FieldIdx(INVALID));
            }
            return;
        };
        if row.bad {
            insert_id(&mut map, &mut lines, row, 0, id, FieldIdx(INVALID));
            return;
        }
        let idx = FieldIdx(out.len() as u32);
        if insert_id(&mut map, &mut lines, row, 0, id, idx) {
            pending.push((idx, row.line, related));
            out.push(Field {
                id: id.to_string(),
                name_vi: name_vi.to_string(),
                name_en: name_en.to_string(),
                aliases,
                related: Vec::new(),
            });
        }
    });
    for (idx, line, related) in pending {
        for r in related {
            match map.get(r.as_str()) {
                Some(&other) if other.0 == INVALID => {}
                Some(&other) if other == idx => problems.push(Problem {
                    file: file.clone(),
                    line: Some(line),
                    column: None,
                    message: format!("field {:?} lists itself as related", out[idx.ix()].id),
                }),
                Some(&other) => {
                    // Relatedness is symmetric.
                    if !out[idx.ix()].related.contains(&other) {
                        out[idx.ix()].related.push(other);
                    }
                    if !out[other.ix()].related.contains(&idx) {
                        out[other.ix()].related.push(idx);
                    }
                }
                None => problems.push(Problem {
                    file: file.clone(),
                    line: Some(line),
                    column: None,
                    message: format!(
                        "column `related`: {}",
                        unknown_ref("field", &r, "fields.csv", &map)
                    ),
                }),
            }
        }
    }
    for f in &mut out {
        f.related.sort_unstable();
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem {
            file,
            line: None,
            column: None,
            message: "no fields: expected at least one row".into(),
        });
    }
    (out, Some(map))
}

const RESEARCHER_COLS: &[Col] = &[
    req("id"),
    req("name"),
    req("university"),
    req("title"),
    req("h_index"),
    req("publications"),
    req("max_teams"),
];

fn load_researchers(
    source: &Source,
    unis: Option<&IdMap<UniIdx>>,
    problems: &mut Problems,
) -> (Vec<Researcher>, Option<IdTable>) {
    let Some(bytes) = source.bytes("researchers.csv", problems) else {
        return (Vec::new(), None);
    };
    let file = source.describe("researchers.csv");
    // Rows parse in parallel (and their ids are hashed there); ids are then registered in
    // file order, so indexes and duplicate reports are the same as a sequential read. A row
    // with problems keeps only its id (`Err`).
    let parsed = table::par_rows(file.clone(), &bytes, RESEARCHER_COLS, problems, |row| {
        let id = check_id(row, 0);
        let name = row.required(1);
        let uni = lookup(row, 2, unis, "university", "universities.csv");
        let title_cell = row.text(3);
        let title = Title::parse(title_cell);
        if title.is_none() {
            row.problem(
                3,
                format!("{title_cell:?} is not a title: expected professor (GS), associate_professor (PGS), doctor (TS), master (ThS) or other"),
            );
        }
        let h = row.number::<u32>(4, 0, 1000, "a whole number from 0 to 1000");
        let pubs = row.number::<u32>(5, 0, 1_000_000, "a whole number of publications, 0 or more");
        let max_teams = row.number::<u32>(6, 0, 100, "a whole number of teams from 0 to 100");
        let id = id?;
        let researcher = match (name, uni, title, h, pubs, max_teams) {
            (
                Some(name),
                Some(university),
                Some(title),
                Some(h_index),
                Some(publications),
                Some(max_teams),
            ) if !row.bad => Ok(Researcher {
                id: id.into(),
                name: name.into(),
                university,
                title,
                h_index,
                publications,
                max_teams,
            }),
            _ => Err(id.to_string()),
        };
        Some((ids::hash(id), researcher))
    });
    let Some((header, rows)) = parsed else {
        return (Vec::new(), None);
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut table = IdTable::with_capacity(rows.len());
    let mut first_lines: Vec<u64> = Vec::with_capacity(rows.len());
    let column = header.column(0);
    let hashes: Vec<u64> = rows.iter().map(|(_, (h, _))| *h).collect();
    for (n, (line, (h, researcher))) in rows.into_iter().enumerate() {
        if n % 64 == 0 {
            // Registering is one random slot read per id: start the reads of the next 64
            // together (see `table::Warm`).
            std::hint::black_box(table.touch(&hashes[n..(n + 64).min(hashes.len())]));
        }
        let (id, value) = match &researcher {
            Ok(r) => (r.id.as_str(), out.len() as u32),
            Err(id) => (id.as_str(), INVALID),
        };
        match table.insert_hashed(id, h, value) {
            Ok(()) => {
                first_lines.push(line);
                if let Ok(r) = researcher {
                    out.push(r);
                }
            }
            Err(_) => {
                let entry = table.get_entry(id, h).unwrap_or(0);
                let first = first_lines.get(entry).copied().unwrap_or(0);
                problems.push(Problem {
                    file: file.clone(),
                    line: Some(line),
                    column: column.clone(),
                    message: format!("duplicate id {id:?} (first defined on line {first})"),
                });
            }
        }
    }
    (out, Some(table))
}

const EXPERTISE_COLS: &[Col] = &[req("researcher"), req("field"), req("level")];

/// The file's bytes, `None` when they could not be read (the problem is recorded).
type Bytes = Option<std::borrow::Cow<'static, [u8]>>;

fn load_expertise(
    source: &Source,
    bytes: Bytes,
    res: Option<&IdTable>,
    fields: Option<&IdMap<FieldIdx>>,
    names: (&[Researcher], &[Field]),
    problems: &mut Problems,
) -> Vec<Expertise> {
    let Some(bytes) = bytes else {
        return Vec::new();
    };
    let file = source.describe("expertise.csv");
    let tag = lookup_tag();
    let rows = table::par_rows(file.clone(), &bytes, EXPERTISE_COLS, problems, |row| {
        let r = cached_lookup(row, 0, res, tag, "researcher", "researchers.csv");
        let f = lookup(row, 1, fields, "field", "fields.csv");
        let level = row.required(2).and_then(|s| match s.parse::<f32>() {
            Ok(v) if v > 0.0 && v <= 1.0 => Some(v),
            Ok(_) => {
                row.problem(
                    2,
                    format!(
                        "{s:?} is out of range: expected a level in (0, 1], above 0 and at most 1"
                    ),
                );
                None
            }
            Err(_) => {
                row.problem(
                    2,
                    format!("{s:?} is not a number: expected a level in (0, 1], such as 0.7"),
                );
                None
            }
        });
        let (Some(researcher), Some(field), Some(level)) = (r, f, level) else {
            return None;
        };
        (!row.bad).then_some(Expertise {
            researcher,
            field,
            level,
        })
    });
    let Some((_, rows)) = rows else {
        return Vec::new();
    };
    // One row per researcher and field: report later duplicates with the first line. The
    // rows keep file order; their keys are sorted (in parallel, ties by position).
    let mut keys: Vec<(u32, u32, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, e))| (e.researcher.0, e.field.0, i as u32))
        .collect();
    keys.par_sort_unstable();
    let mut dup = vec![false; rows.len()];
    let mut first = 0usize;
    for k in 1..keys.len() {
        let (prev, cur) = (keys[first], keys[k]);
        if (prev.0, prev.1) != (cur.0, cur.1) {
            first = k;
            continue;
        }
        let (prev, cur) = (&rows[prev.2 as usize], &rows[cur.2 as usize]);
        dup[keys[k].2 as usize] = true;
        let (rid, fid) = (
            names
                .0
                .get(cur.1.researcher.ix())
                .map_or("", |r| r.id.as_str()),
            names.1.get(cur.1.field.ix()).map_or("", |f| f.id.as_str()),
        );
        problems.push(Problem {
            file: file.clone(),
            line: Some(cur.0),
            column: None,
            message: format!(
                "duplicate expertise of researcher {rid:?} in field {fid:?} (first on line {})",
                prev.0
            ),
        });
    }
    rows.into_iter()
        .zip(dup)
        .filter(|(_, d)| !d)
        .map(|((_, e), _)| e)
        .collect()
}

/// Resolves a reference cell against an id map; `None` map means the target file could not be
/// read (already reported), so the reference is not checked.
fn lookup<I: Copy + Into<u32>>(
    row: &mut Row<'_>,
    c: usize,
    map: Option<&impl Ids<I>>,
    kind: &str,
    file: &str,
) -> Option<I> {
    let id = row.required(c)?;
    let map = map?;
    match map.find(id) {
        Some(i) if i.into() == INVALID => {
            // The referenced row has its own problem; drop this row quietly.
            row.bad = true;
            None
        }
        Some(i) => Some(i),
        None => {
            // Suggestions over a large researcher map would cost O(n) per bad row.
            let msg = if map.count() <= 10_000 {
                unknown_ref(kind, id, file, map)
            } else {
                format!("unknown {kind} {id:?}: expected an id from {file}")
            };
            row.problem(c, msg);
            None
        }
    }
}

/// A fresh tag for the lookups of one column of one file (see [`cached_lookup`]).
fn lookup_tag() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    /// The last id each thread resolved, with the tag of the column it came from.
    static LAST_ID: std::cell::RefCell<(u64, String, u32)> =
        const { std::cell::RefCell::new((0, String::new(), 0)) };
}

/// [`lookup`] for a column whose rows come grouped by id (the first column of
/// `coauthorships.csv` and `expertise.csv` as hoptac writes them): a cell equal to the previous
/// row's is not looked up again. `tag` ([`lookup_tag`]) is unique to one column of one load, so
/// a remembered id never leaks into another file or another load.
fn cached_lookup(
    row: &mut Row<'_>,
    c: usize,
    map: Option<&IdTable>,
    tag: u64,
    kind: &str,
    file: &str,
) -> Option<ResearcherIdx> {
    let id = row.text(c);
    if !id.is_empty() {
        let hit = LAST_ID.with(|l| {
            let l = l.borrow();
            (l.0 == tag && l.1 == id).then_some(l.2)
        });
        if let Some(i) = hit {
            return Some(ResearcherIdx(i));
        }
    }
    let r = lookup(row, c, map, kind, file);
    if let Some(i) = r {
        LAST_ID.with(|l| {
            let mut l = l.borrow_mut();
            l.0 = tag;
            l.1.clear();
            l.1.push_str(id);
            l.2 = i.0;
        });
    }
    r
}

const LAB_COLS: &[Col] = &[
    req("id"),
    req("name"),
    req("university"),
    req("fields"),
    opt("equipment"),
    req("access"),
    req("capacity_hours"),
];

fn load_labs(
    source: &Source,
    unis: Option<&IdMap<UniIdx>>,
    fields: Option<&IdMap<FieldIdx>>,
    problems: &mut Problems,
) -> (Vec<Lab>, Option<IdMap<LabIdx>>) {
    let mut out = Vec::new();
    let mut map = IdMap::default();
    let mut lines = FirstLines::default();
    let Some(t) = source.table("labs.csv", LAB_COLS, problems) else {
        return (out, None);
    };
    t.for_each_row(problems, |row| {
        let id = check_id(row, 0);
        let name = row.required(1);
        let uni = lookup(row, 2, unis, "university", "universities.csv");
        let field_ids: Vec<&str> = row.list(3).collect();
        let mut lab_fields = Vec::new();
        if field_ids.is_empty() {
            row.problem(3, "no fields: expected field ids separated by `;`".into());
        }
        if let Some(fm) = fields {
            for f in field_ids {
                match fm.get(f) {
                    Some(&fi) if fi.0 == INVALID => row.bad = true,
                    Some(&fi) if !lab_fields.contains(&fi) => lab_fields.push(fi),
                    Some(_) => {}
                    None => row.problem(3, unknown_ref("field", f, "fields.csv", fm)),
                }
            }
        }
        let equipment: Vec<String> = row.list(4).map(str::to_string).collect();
        let access = row.required(5).and_then(|s| {
            let a = Access::parse(s);
            if a.is_none() {
                row.problem(
                    5,
                    format!(
                        "{s:?} is not an access level: expected consortium, internal or public"
                    ),
                );
            }
            a
        });
        let cap = row.number::<u32>(
            6,
            0,
            744,
            "free hours a month, a whole number from 0 to 744",
        );
        let (Some(id), Some(name), Some(university), Some(access), Some(capacity_hours)) =
            (id, name, uni, access, cap)
        else {
            if let Some(id) = id {
                insert_id(&mut map, &mut lines, row, 0, id, LabIdx(INVALID));
            }
            return;
        };
        if row.bad {
            insert_id(&mut map, &mut lines, row, 0, id, LabIdx(INVALID));
            return;
        }
        let idx = LabIdx(out.len() as u32);
        if insert_id(&mut map, &mut lines, row, 0, id, idx) {
            out.push(Lab {
                id: id.to_string(),
                name: name.to_string(),
                university,
                fields: lab_fields,
                equipment,
                access,
                capacity_hours,
            });
        }
    });
    (out, Some(map))
}

const COAUTHOR_COLS: &[Col] = &[
    req("a"),
    req("b"),
    req("papers"),
    req("first_year"),
    req("last_year"),
];

fn load_coauthorships(
    source: &Source,
    bytes: Bytes,
    res: Option<&IdTable>,
    problems: &mut Problems,
) -> Vec<Coauthorship> {
    let Some(bytes) = bytes else {
        return Vec::new();
    };
    let file = source.describe("coauthorships.csv");
    let tag = lookup_tag();
    let touch = |hashes: &[u64]| res.map_or(0, |t| t.touch(hashes));
    let warm = table::Warm {
        col: 1,
        hash: ids::hash,
        touch: &touch,
    };
    let rows = table::par_rows_warm(
        file.clone(),
        &bytes,
        COAUTHOR_COLS,
        problems,
        Some(warm),
        |row| {
            let a = cached_lookup(row, 0, res, tag, "researcher", "researchers.csv");
            let b = lookup(row, 1, res, "researcher", "researchers.csv");
            let papers = row.number::<u32>(2, 1, 100_000, "a whole number of papers, at least 1");
            let first = row.number::<u16>(3, 1900, 2100, "a year from 1900 to 2100");
            let last = row.number::<u16>(4, 1900, 2100, "a year from 1900 to 2100");
            if let (Some(f), Some(l)) = (first, last) {
                if f > l {
                    row.problem(4, format!("last_year {l} is before first_year {f}"));
                }
            }
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    let rid = row.text(0);
                    row.row_problem(format!(
                        "researcher {rid:?} is listed as co-author of themself"
                    ));
                }
            }
            let (Some(a), Some(b), Some(papers), Some(first_year), Some(last_year)) =
                (a, b, papers, first, last)
            else {
                return None;
            };
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            (!row.bad).then_some(Coauthorship {
                a,
                b,
                papers,
                first_year,
                last_year,
            })
        },
    );
    let Some((_, rows)) = rows else {
        return Vec::new();
    };
    // One row per pair, in either order: report later duplicates with the first line. Sorted
    // by pair here (in parallel, ties by line), so the dataset's order costs nothing later.
    let mut rows = rows;
    rows.par_sort_unstable_by_key(|(line, c)| (c.a.0, c.b.0, *line));
    let mut first = 0usize;
    for k in 1..rows.len() {
        let (x, y) = (&rows[first], &rows[k]);
        if x.1.a == y.1.a && x.1.b == y.1.b {
            problems.push(Problem {
                file: file.clone(),
                line: Some(y.0),
                column: None,
                message: format!(
                    "duplicate co-authorship (first on line {}): merge the two rows",
                    x.0
                ),
            });
        } else {
            first = k;
        }
    }
    rows.into_par_iter().map(|(_, c)| c).collect()
}

const TERM_COLS: &[Col] = &[req("researcher"), req("term"), req("weight"), req("year")];

/// The longest term kept, in characters: a term is a keyword or a word, not a paragraph.
pub const MAX_TERM_CHARS: usize = 200;

/// Reads the optional `terms.csv`: one row per researcher, term and year (`weight` > 0, at
/// most 1,000,000; `year` 1900–2100; `term` not empty, at most [`MAX_TERM_CHARS`] characters,
/// something left after [`text::fold`]). Terms are the same term when they share a
/// [`text::term_key`] (folded, English plurals removed); the
/// first spelling is shown. Returns the terms in order of first appearance and the rows sorted
/// by `(researcher, term, year)`; a repeated (researcher, term, year) is a problem.
fn load_terms(
    source: &Source,
    res: Option<&IdTable>,
    problems: &mut Problems,
) -> (Vec<Term>, Vec<TermWeight>) {
    if !source.has(TERMS_FILE) {
        return (Vec::new(), Vec::new());
    }
    let Some(bytes) = source.bytes(TERMS_FILE, problems) else {
        return (Vec::new(), Vec::new());
    };
    let file = source.describe(TERMS_FILE);
    let rows = table::par_rows(file.clone(), &bytes, TERM_COLS, problems, |row| {
        let r = lookup(row, 0, res, "researcher", "researchers.csv");
        let term = row.required(1).and_then(|t| {
            let key = text::term_key(t);
            if t.chars().count() > MAX_TERM_CHARS {
                row.problem(
                    1,
                    format!("term is longer than {MAX_TERM_CHARS} characters: expected a keyword or a word"),
                );
                None
            } else if key.is_empty() {
                row.problem(
                    1,
                    format!("term {t:?} has no letter or digit: expected a keyword or a word"),
                );
                None
            } else {
                Some((t.to_string(), key))
            }
        });
        let weight = row.required(2).and_then(|s| match s.parse::<f32>() {
            Ok(v) if v > 0.0 && v <= 1e6 => Some(v),
            Ok(_) => {
                row.problem(
                    2,
                    format!("{s:?} is out of range: expected a weight above 0 and at most 1000000"),
                );
                None
            }
            Err(_) => {
                row.problem(
                    2,
                    format!("{s:?} is not a number: expected a weight above 0, such as 0.25"),
                );
                None
            }
        });
        let year = row.number::<u16>(3, 1900, 2100, "a year from 1900 to 2100");
        let (Some(researcher), Some(term), Some(weight), Some(year)) = (r, term, weight, year)
        else {
            return None;
        };
        (!row.bad).then_some((researcher, term, weight, year))
    });
    let Some((_, rows)) = rows else {
        return (Vec::new(), Vec::new());
    };
    let mut terms: Vec<Term> = Vec::new();
    let mut by_key: FxHashMap<String, TermIdx> = FxHashMap::default();
    let mut out: Vec<(u64, TermWeight)> = Vec::with_capacity(rows.len());
    for (line, (researcher, (name, key), weight, year)) in rows {
        let next = TermIdx(terms.len() as u32);
        let term = *by_key.entry(key.clone()).or_insert_with(|| {
            terms.push(Term { name, key });
            next
        });
        out.push((
            line,
            TermWeight {
                researcher,
                term,
                weight,
                year,
            },
        ));
    }
    out.sort_by_key(|(line, t)| (t.researcher, t.term, t.year, *line));
    let mut kept: Vec<TermWeight> = Vec::with_capacity(out.len());
    let mut first_line = 0;
    for (line, t) in out {
        match kept.last() {
            Some(p) if (p.researcher, p.term, p.year) == (t.researcher, t.term, t.year) => {
                problems.push(Problem {
                    file: file.clone(),
                    line: Some(line),
                    column: None,
                    message: format!(
                        "duplicate row for this researcher, term {:?} and year {} (first on line {first_line}): merge the two rows",
                        terms[t.term.ix()].name, t.year
                    ),
                });
            }
            _ => {
                first_line = line;
                kept.push(t);
            }
        }
    }
    (terms, kept)
}
