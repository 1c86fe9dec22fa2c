//! Importing bibliographic exports into a dataset folder: Scopus CSV ([`scopus`]), Web of
//! Science plain text ([`wos`]), OpenAlex works as JSON, JSON Lines or the web CSV
//! ([`openalex`]), and the compsoc Social Network Science tables ([`compsoc`]).
//!
//! Each reader turns its files into [`Record`]s — a year, a citation count, authors with an
//! optional source id and affiliation, keywords — and reports every bad record as a
//! [`Problem`] (`file:line: record N: …`). This module owns the common model that turns records
//! into a [`Dataset`]:
//!
//! - **Institutions** come from affiliations. A consortium member is recognised when one comma
//!   part of the affiliation (without parenthesised text, Web of Science abbreviations such as
//!   `Univ`, `Technol`, `Engn` expanded), or the acronym in parentheses, is an **exact** match
//!   for a member's name in [`crate::resolve`], and the affiliation is in Vietnam or names no
//!   country; it keeps its id (`hust`, `tlu`, …). Every other organisation becomes an
//!   institution of its own: the organisation part is the institution given by the source
//!   (OpenAlex), the first part (Web of Science puts the organisation first), or else the part
//!   naming the most institution-like word (`University` before `College` before `Institute` before
//!   `Department`). Its key is the folded name without `the`/`of`/`and` plus the country; its
//!   id the key as a slug with the country code (`georgia-state-university-us`), so the same
//!   organisation gets the same id in every import. The country comes from the source or the
//!   last comma part (`USA`, `Peoples R China`, `Viet Nam`); `ZZ` when unknown. Institutions
//!   abroad get region `international`; Vietnamese ones the region of the city they name, and
//!   **`north`** when no city is recognised (the summary counts them). Authors without any
//!   affiliation belong to the placeholder institution `unknown` (country `ZZ`).
//! - **Researchers** keep the source's author id where there is one (`scopus:…`,
//!   `openalex:A…`, `sns:…`); otherwise a researcher is a name at an institution
//!   (`{name}@{institution}`). A researcher with a source id seen at several institutions
//!   belongs to the one they are affiliated with most often (ties: the latest year, then the
//!   first seen). Name: the first spelling seen. `publications` = records in the import,
//!   `h_index` = the h-index of those records' citation counts (0 when the export has none),
//!   `title` = `other`, `max_teams` = [`DEFAULT_MAX_TEAMS`].
//! - **Co-authorships**: every pair of distinct researchers on a record, with the number of
//!   records and the first and last year. Records with more than `max_authors` authors (big
//!   consortia) add publications and expertise but no pairs.
//! - **Expertise**: each record's author keywords, index keywords and OpenAlex topics are
//!   matched against the keyword table ([`keywords`]); a record counts once per field, with the
//!   best matching weight. A researcher's level in a field is the sum over their records
//!   divided by the sum in their strongest field, rounded to two decimals (at least 0.01).
//!
//! Years outside 1900–2100 and unparsable records are bad records; `--until YEAR` drops
//! records after YEAR (counted, not bad).

pub mod compsoc;
pub mod keywords;
pub mod openalex;
mod places;
pub mod scopus;
pub mod wos;

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::load::{self, LoadError, Problem, Problems, Source};
use crate::model::*;
use crate::resolve::{self, NameIndex};
use crate::text::fold;

pub use keywords::KeywordTable;

/// `max_teams` of every imported researcher: three, the level at which the pair score's
/// capacity component saturates (bibliographic exports say nothing about it).
pub const DEFAULT_MAX_TEAMS: u32 = 3;

/// Records with more authors than this add no co-authorship pairs, by default.
pub const DEFAULT_MAX_AUTHORS: usize = 100;

/// The export formats `hoptac import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Scopus CSV export.
    Scopus,
    /// Web of Science plain text (tagged) export.
    Wos,
    /// OpenAlex works: API JSON (a list, or a response with `results`), JSON Lines, or the web
    /// interface's CSV.
    OpenAlex,
    /// The compsoc `sns` tables (a folder of tab-separated files).
    Compsoc,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Scopus => "scopus",
            Format::Wos => "wos",
            Format::OpenAlex => "openalex",
            Format::Compsoc => "compsoc",
        }
    }
}

/// What to import and how.
#[derive(Clone, Debug)]
pub struct ImportConfig {
    pub format: Format,
    /// Export files (a folder for compsoc).
    pub inputs: Vec<PathBuf>,
    /// Keep only records published up to this year.
    pub until: Option<u16>,
    /// A keyword → field table replacing the built-in `datasets/keywords.csv`.
    pub keywords: Option<PathBuf>,
    /// Skip bad records (reported, counted) instead of failing.
    pub skip_bad: bool,
    /// Records with more authors add no co-authorship pairs; 0 = no limit.
    pub max_authors: usize,
}

/// An affiliation of one author on one record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Affiliation {
    /// The affiliation as written (address), possibly empty when only `org` is known.
    pub text: String,
    /// The organisation, when the source names it (OpenAlex institutions).
    pub org: Option<String>,
    /// ISO country code, when the source gives it.
    pub country: Option<String>,
    /// The source's id of the institution (OpenAlex), used to merge spellings.
    pub source_id: Option<String>,
    /// The organisation is the first comma part of `text` (Web of Science addresses).
    pub org_first: bool,
}

/// One author on one record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Author {
    /// The source's author id, already prefixed (`scopus:…`, `openalex:…`, `sns:…`).
    pub id: Option<String>,
    pub name: String,
    pub affiliation: Option<Affiliation>,
}

/// One bibliographic record as every reader produces it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub year: u16,
    pub citations: Option<u32>,
    pub authors: Vec<Author>,
    /// Author keywords, index keywords, topics: matched against the keyword table.
    pub keywords: Vec<String>,
    /// Field ids given by the source itself (compsoc subfields), weight 1.
    pub fields: Vec<String>,
}

/// What a reader returns: the good records and the problems of the bad ones.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub records: Vec<Record>,
    /// Records read, good and bad.
    pub read: usize,
    /// One problem per bad record (a bad record may have several).
    pub problems: Problems,
    /// Bad records (not problems: a record may have several).
    pub bad: usize,
    /// Problems that make a whole file unusable (missing column, unreadable): never skipped.
    pub fatal: Problems,
    /// Rows with more cells than the header (the extra cells are ignored).
    pub extra_cells: usize,
}

impl ReadOutcome {
    fn merge(&mut self, other: ReadOutcome) {
        self.records.extend(other.records);
        self.read += other.read;
        self.problems.extend(other.problems);
        self.bad += other.bad;
        self.fatal.extend(other.fatal);
        self.extra_cells += other.extra_cells;
    }
}

/// A problem about record `n` (1-based) of `file`, at `line` when known.
pub(crate) fn record_problem(file: &str, line: Option<u64>, n: usize, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: None,
        message: format!("record {n}: {message}"),
    }
}

/// A problem about a whole file.
pub(crate) fn file_problem(file: &str, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        line: None,
        column: None,
        message,
    }
}

/// Parses a publication year, 1900–2100.
pub(crate) fn parse_year(s: &str) -> Result<u16, String> {
    let t = s.trim();
    match t.parse::<u16>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        Ok(_) => Err(format!("year {t:?} is out of range: expected 1900 to 2100")),
        Err(_) if t.is_empty() => Err("no publication year".into()),
        Err(_) => Err(format!("year {t:?} is not a year: expected 1900 to 2100")),
    }
}

/// Reads a file as UTF-8 text without a byte-order mark; a problem when it cannot.
pub(crate) fn read_text(path: &Path) -> Result<String, Problem> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| file_problem(&name, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        file_problem(
            &name,
            format!(
                "not valid UTF-8 at byte {}: save the export as UTF-8",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(s) => s.to_string(),
        None => text,
    })
}

/// Counts of an import, for the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub records_read: usize,
    pub records_kept: usize,
    pub dropped_bad: usize,
    pub dropped_after_until: usize,
    pub dropped_no_authors: usize,
    /// Kept records with more than `max_authors` authors (no co-authorship pairs).
    pub records_without_pairs: usize,
    /// Rows with more cells than the header.
    pub rows_with_extra_cells: usize,
    /// Author entries on kept records.
    pub authors_read: usize,
    pub researchers: usize,
    /// Author entries without any affiliation.
    pub authors_without_affiliation: usize,
    /// Distinct organisation spellings (with their country) read.
    pub institutions_read: usize,
    pub institutions: usize,
    pub consortium_members: usize,
    /// Vietnamese institutions whose city was not recognised (put in region north).
    pub vn_without_city: usize,
    pub expertise: usize,
    pub coauthorships: usize,
}

impl Summary {
    pub fn authors_merged(&self) -> usize {
        self.authors_read - self.researchers
    }
    pub fn institutions_merged(&self) -> usize {
        self.institutions_read.saturating_sub(self.institutions)
    }
}

/// The result of an import.
#[derive(Debug)]
pub struct Imported {
    pub dataset: Dataset,
    pub summary: Summary,
    /// Problems of the bad records that were skipped (`--skip-bad`).
    pub skipped: Problems,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Bad records and no `--skip-bad`.
    #[error("{} bad record{} in {what} (pass --skip-bad to skip {} and import the rest):\n{}", bad, if *bad == 1 { "" } else { "s" }, if *bad == 1 { "it" } else { "them" }, lines(problems))]
    BadRecords {
        what: String,
        bad: usize,
        problems: Problems,
    },
    /// A file cannot be used at all.
    #[error("cannot import {what}:\n{}", lines(problems))]
    Input { what: String, problems: Problems },
    /// The keyword table is invalid.
    #[error("invalid keyword table {what}:\n{}", lines(problems))]
    Keywords { what: String, problems: Problems },
    #[error("{0}")]
    Usage(String),
    #[error("invalid reference data: {0}")]
    Reference(#[from] LoadError),
}

fn lines(p: &Problems) -> String {
    let mut s = String::new();
    let _ = p.write_to(&mut s, 50);
    s.truncate(s.trim_end().len());
    s
}

/// Reads the exports and builds the dataset. Fails on any bad record unless `skip_bad`.
pub fn import(cfg: &ImportConfig) -> Result<Imported, ImportError> {
    if cfg.inputs.is_empty() {
        return Err(ImportError::Usage("no input files".into()));
    }
    let what = cfg
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let (g7, g7_fields) = load::load_reference(&Source::Embedded)?;
    let (fields, table) = match cfg.format {
        Format::Compsoc => {
            if cfg.keywords.is_some() {
                return Err(ImportError::Usage(
                    "--keywords does not apply to compsoc: its fields are its own subfields".into(),
                ));
            }
            (Vec::new(), None)
        }
        _ => {
            let table = match &cfg.keywords {
                Some(p) => {
                    let name = p.display().to_string();
                    let text = read_text(p).map_err(|e| {
                        let mut problems = Problems::default();
                        problems.push(e);
                        ImportError::Keywords {
                            what: name.clone(),
                            problems,
                        }
                    })?;
                    KeywordTable::parse(&name, &text, &g7_fields).map_err(|problems| {
                        ImportError::Keywords {
                            what: name,
                            problems,
                        }
                    })?
                }
                None => {
                    KeywordTable::builtin(&g7_fields).map_err(|problems| ImportError::Keywords {
                        what: "datasets/keywords.csv (built in)".into(),
                        problems,
                    })?
                }
            };
            (g7_fields, Some(table))
        }
    };
    let mut read = ReadOutcome::default();
    let mut fields = fields;
    for input in &cfg.inputs {
        let r = match cfg.format {
            Format::Scopus => scopus::read(input),
            Format::Wos => wos::read(input),
            Format::OpenAlex => openalex::read(input),
            Format::Compsoc => {
                let (r, f) = compsoc::read(input);
                if fields.is_empty() {
                    fields = f;
                }
                r
            }
        };
        read.merge(r);
    }
    if !read.fatal.is_empty() {
        return Err(ImportError::Input {
            what,
            problems: read.fatal,
        });
    }
    if read.bad > 0 && !cfg.skip_bad {
        return Err(ImportError::BadRecords {
            what,
            bad: read.bad,
            problems: read.problems,
        });
    }
    let mut summary = Summary {
        records_read: read.read,
        dropped_bad: read.bad,
        rows_with_extra_cells: read.extra_cells,
        ..Summary::default()
    };
    let mut records = read.records;
    if let Some(y) = cfg.until {
        let before = records.len();
        records.retain(|r| r.year <= y);
        summary.dropped_after_until = before - records.len();
    }
    let before = records.len();
    records.retain(|r| !r.authors.is_empty());
    summary.dropped_no_authors = before - records.len();
    summary.records_kept = records.len();
    let dataset = build(
        &records,
        &g7,
        fields,
        table.as_ref(),
        cfg.max_authors,
        &mut summary,
    );
    Ok(Imported {
        dataset,
        summary,
        skipped: read.problems,
    })
}

/// An institution while building.
struct Inst {
    id: String,
    name: String,
    country: String,
    city: String,
    region: Region,
    consortium: bool,
    /// Index into the G7 list for consortium members.
    member: Option<usize>,
    spellings: Vec<String>,
}

/// Web of Science abbreviations expanded before names are compared.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("univ", "university"),
    ("sci", "science"),
    ("technol", "technology"),
    ("engn", "engineering"),
    ("commun", "communications"),
    ("min", "mining"),
    ("geol", "geology"),
    ("inst", "institute"),
    ("natl", "national"),
    ("polytech", "polytechnic"),
    ("coll", "college"),
    ("hosp", "hospital"),
    ("acad", "academy"),
    ("ctr", "center"),
    ("centre", "center"),
    ("lab", "laboratory"),
    ("dept", "department"),
    ("res", "research"),
];

/// Folded words of a name with abbreviations expanded.
fn expanded_words(s: &str) -> Vec<String> {
    fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, e)| e)
                .to_string()
        })
        .collect()
}

/// The merge key of an organisation name: expanded, folded words without `the`, `of`, `and`.
fn org_key(name: &str) -> String {
    expanded_words(name)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How institution-like a comma part is: 4 for universities, 3 for colleges and academies, 2
/// for institutes, hospitals, companies, 1 for departments and labs, 0 otherwise.
fn org_tier(part: &str) -> u8 {
    let words = expanded_words(part);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let starts = |list: &[&str]| words.iter().any(|w| list.iter().any(|p| w.starts_with(p)));
    if has(&[
        "university",
        "hochschule",
        "politecnico",
        "polytechnic",
        "dai",
    ]) || starts(&["universi", "universit"])
    {
        4
    } else if has(&["college", "academy"]) {
        3
    } else if has(&[
        "institute",
        "hospital",
        "school",
        "center",
        "company",
        "corporation",
        "corp",
        "ltd",
        "inc",
        "gmbh",
        "foundation",
        "ministry",
        "council",
        "agency",
        "museum",
        "observatory",
        "organization",
        "organisation",
        "vien",
        "truong",
        "cnrs",
        "inserm",
    ]) || starts(&["institu"])
    {
        2
    } else if has(&[
        "department",
        "laboratory",
        "faculty",
        "division",
        "unit",
        "group",
        "khoa",
    ]) {
        1
    } else {
        0
    }
}

/// The comma parts of an affiliation, trimmed, without empty ones and trailing periods.
fn parts(text: &str) -> Vec<&str> {
    text.split(',')
        .map(|p| p.trim().trim_end_matches('.').trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `text` without parenthesised segments, and the segments.
fn split_parens(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth == 1 {
                    cur.clear();
                    continue;
                }
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(cur.trim().to_string());
                    continue;
                }
            }
            _ => {}
        }
        if depth == 0 {
            outside.push(c);
        } else {
            cur.push(c);
        }
    }
    (outside.trim().to_string(), inside)
}

/// Turns affiliations into institutions, caching by affiliation.
struct Institutions<'a> {
    g7: &'a [University],
    index: NameIndex<UniIdx>,
    list: Vec<Inst>,
    by_key: FxHashMap<String, usize>,
    by_member: FxHashMap<usize, usize>,
    by_source: FxHashMap<String, usize>,
    ids: FxHashMap<String, usize>,
    cache: FxHashMap<Affiliation, usize>,
    spellings: rustc_hash::FxHashSet<(String, String)>,
    unknown: Option<usize>,
}

impl<'a> Institutions<'a> {
    fn new(g7: &'a [University]) -> Self {
        let mut ds = Dataset {
            universities: g7.to_vec(),
            ..Dataset::default()
        };
        ds.reindex();
        Institutions {
            g7,
            index: resolve::universities(&ds),
            list: Vec::new(),
            by_key: FxHashMap::default(),
            by_member: FxHashMap::default(),
            by_source: FxHashMap::default(),
            ids: FxHashMap::default(),
            cache: FxHashMap::default(),
            spellings: Default::default(),
            unknown: None,
        }
    }

    fn unknown(&mut self) -> usize {
        if let Some(i) = self.unknown {
            return i;
        }
        let i = self.list.len();
        self.list.push(Inst {
            id: "unknown".into(),
            name: "Unknown institution".into(),
            country: "ZZ".into(),
            city: "unknown".into(),
            region: Region::International,
            consortium: false,
            member: None,
            spellings: Vec::new(),
        });
        self.ids.insert("unknown".into(), i);
        self.unknown = Some(i);
        i
    }

    /// A consortium member named by one part of the affiliation (exact matches only).
    fn member(&self, candidates: &[&str]) -> Option<usize> {
        for part in candidates {
            let (outside, inside) = split_parens(part);
            let expanded = expanded_words(&outside).join(" ");
            for name in std::iter::once(expanded.as_str())
                .chain(std::iter::once(outside.as_str()))
                .chain(inside.iter().map(String::as_str))
            {
                if name.is_empty() {
                    continue;
                }
                if let Some(u) = self.index.resolve_exact(name) {
                    return Some(u.ix());
                }
            }
        }
        None
    }

    fn get(&mut self, a: &Affiliation) -> usize {
        let cache_key = a.clone();
        if let Some(&i) = self.cache.get(&cache_key) {
            return i;
        }
        let i = self.resolve(a);
        self.cache.insert(cache_key, i);
        i
    }

    fn resolve(&mut self, a: &Affiliation) -> usize {
        let ps = parts(&a.text);
        let country = a
            .country
            .clone()
            .filter(|c| !c.is_empty())
            .map(|c| c.to_uppercase())
            .or_else(|| {
                ps.last()
                    .and_then(|p| places::country_code(p))
                    .map(str::to_string)
            })
            .or_else(|| places::vn_city(&a.text).map(|_| "VN".to_string()));
        // Consortium members: only in Vietnam or where no country is named.
        if matches!(country.as_deref(), None | Some("VN")) {
            let mut cands: Vec<&str> = Vec::new();
            if let Some(o) = &a.org {
                cands.push(o);
            }
            cands.extend(ps.iter().copied());
            if let Some(m) = self.member(&cands) {
                self.spellings.insert((
                    a.org
                        .clone()
                        .unwrap_or_else(|| ps.first().copied().unwrap_or("").to_string()),
                    "VN".into(),
                ));
                if let Some(&i) = self.by_member.get(&m) {
                    return i;
                }
                let u = &self.g7[m];
                let i = self.list.len();
                self.list.push(Inst {
                    id: u.id.clone(),
                    name: u.name_en.clone(),
                    country: u.country.clone(),
                    city: u.city.clone(),
                    region: u.region,
                    consortium: true,
                    member: Some(m),
                    spellings: Vec::new(),
                });
                self.ids.insert(u.id.clone(), i);
                self.by_member.insert(m, i);
                return i;
            }
        }
        // The organisation part.
        let country_part = ps
            .len()
            .checked_sub(1)
            .filter(|_| ps.len() > 1 && ps.last().and_then(|p| places::country_code(p)).is_some());
        let org_parts: &[&str] = match country_part {
            Some(n) => &ps[..n],
            None => &ps,
        };
        let org: String = match &a.org {
            Some(o) if !o.trim().is_empty() => o.trim().to_string(),
            _ if a.org_first => org_parts.first().copied().unwrap_or("").to_string(),
            _ => {
                let mut best: Option<(u8, &str)> = None;
                for p in org_parts {
                    let t = org_tier(p);
                    if best.is_none_or(|(bt, _)| t > bt) {
                        best = Some((t, p));
                    }
                }
                best.map(|(_, p)| p.to_string()).unwrap_or_default()
            }
        };
        let org = org.replace(';', ",");
        let key_name = org_key(&org);
        if key_name.is_empty() {
            return self.unknown();
        }
        let country = country.unwrap_or_else(|| "ZZ".into());
        self.spellings.insert((org.clone(), country.clone()));
        if let Some(sid) = &a.source_id {
            if let Some(&i) = self.by_source.get(sid) {
                return i;
            }
        }
        let key = format!("{key_name}|{country}");
        if let Some(&i) = self.by_key.get(&key) {
            if let Some(sid) = &a.source_id {
                self.by_source.insert(sid.clone(), i);
            }
            if !self.list[i].spellings.contains(&org) && self.list[i].spellings.len() < 5 {
                self.list[i].spellings.push(org.clone());
            }
            return i;
        }
        let (city, region) = if country == "VN" {
            match places::vn_city(&a.text).or_else(|| places::vn_city(&org)) {
                Some((c, r)) => (c.to_string(), Region::parse(r).unwrap_or(Region::North)),
                None => ("unknown".to_string(), Region::North),
            }
        } else {
            let city = org_parts
                .iter()
                .rev()
                .filter(|p| **p != org && org_tier(p) == 0)
                .map(|p| {
                    split_parens(p)
                        .0
                        .split_whitespace()
                        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .find(|c| c.chars().count() > 2)
                .unwrap_or_else(|| {
                    ps.last()
                        .filter(|_| country_part.is_some())
                        .map_or("unknown".to_string(), |p| p.to_string())
                });
            (city, Region::International)
        };
        let base = format!("{}-{}", slug(&key_name), country.to_lowercase());
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let i = self.list.len();
        self.list.push(Inst {
            id: id.clone(),
            name: org.clone(),
            country,
            city: city.replace(';', ","),
            region,
            consortium: false,
            member: None,
            spellings: vec![org],
        });
        self.ids.insert(id, i);
        self.by_key.insert(key, i);
        if let Some(sid) = &a.source_id {
            self.by_source.insert(sid.clone(), i);
        }
        i
    }
}

/// Folded words joined by `-`, at most 80 characters (cut at a word boundary).
fn slug(folded: &str) -> String {
    let mut out = String::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() && out.len() + 1 + w.len() > 80 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// A short name: the name itself when short, else the initials of its significant words.
fn short_name(name: &str) -> String {
    if name.chars().count() <= 24 {
        return name.to_string();
    }
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| {
            !matches!(
                fold(w).as_str(),
                "" | "of"
                    | "the"
                    | "and"
                    | "for"
                    | "de"
                    | "du"
                    | "des"
                    | "la"
                    | "le"
                    | "di"
                    | "del"
            )
        })
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect();
    if initials.is_empty() {
        name.chars().take(24).collect()
    } else {
        initials
    }
}

/// The h-index of a list of citation counts.
pub fn h_index(citations: &mut [u32]) -> u32 {
    citations.sort_unstable_by(|a, b| b.cmp(a));
    citations
        .iter()
        .enumerate()
        .take_while(|(i, c)| **c as usize > *i)
        .count()
        .min(1000) as u32
}

/// A researcher while building.
struct Person {
    id: Option<String>,
    name: String,
    /// Institution index → (records, latest year, first seen order).
    affiliations: FxHashMap<usize, (u32, u16, usize)>,
    /// For name-keyed researchers, the institution is part of the key.
    fixed: Option<usize>,
    citations: Vec<u32>,
    records: u32,
    fields: FxHashMap<usize, f64>,
}

/// Builds the dataset from kept records.
fn build(
    records: &[Record],
    g7: &[University],
    fields: Vec<Field>,
    table: Option<&KeywordTable>,
    max_authors: usize,
    summary: &mut Summary,
) -> Dataset {
    let mut insts = Institutions::new(g7);
    let field_ix: FxHashMap<&str, usize> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut people: Vec<Person> = Vec::new();
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
    let mut by_name: FxHashMap<(String, usize), usize> = FxHashMap::default();
    let mut pairs: FxHashMap<(u32, u32), (u32, u16, u16)> = FxHashMap::default();
    let mut matches = Vec::new();
    let mut order = 0usize;
    for rec in records {
        // Fields of this record: best weight per field.
        let mut rec_fields: FxHashMap<usize, f64> = FxHashMap::default();
        if let Some(t) = table {
            for k in &rec.keywords {
                matches.clear();
                t.matches(k, &mut matches);
                for &(f, w) in &matches {
                    let e = rec_fields.entry(f.ix()).or_insert(0.0);
                    *e = e.max(f64::from(w));
                }
            }
        }
        for f in &rec.fields {
            if let Some(&i) = field_ix.get(f.as_str()) {
                rec_fields.insert(i, 1.0);
            }
        }
        let mut on_record: Vec<u32> = Vec::with_capacity(rec.authors.len());
        for a in &rec.authors {
            summary.authors_read += 1;
            let inst = match &a.affiliation {
                Some(aff) => insts.get(aff),
                None => {
                    summary.authors_without_affiliation += 1;
                    insts.unknown()
                }
            };
            let p = match &a.id {
                Some(id) => *by_id.entry(id.clone()).or_insert_with(|| {
                    people.push(Person {
                        id: Some(id.clone()),
                        name: a.name.clone(),
                        affiliations: FxHashMap::default(),
                        fixed: None,
                        citations: Vec::new(),
                        records: 0,
                        fields: FxHashMap::default(),
                    });
                    people.len() - 1
                }),
                None => *by_name.entry((fold(&a.name), inst)).or_insert_with(|| {
                    people.push(Person {
                        id: None,
                        name: a.name.clone(),
                        affiliations: FxHashMap::default(),
                        fixed: Some(inst),
                        citations: Vec::new(),
                        records: 0,
                        fields: FxHashMap::default(),
                    });
                    people.len() - 1
                }),
            };
            if on_record.contains(&(p as u32)) {
                continue;
            }
            on_record.push(p as u32);
            let person = &mut people[p];
            if a.affiliation.is_some() {
                order += 1;
                let e = person.affiliations.entry(inst).or_insert((0, 0, order));
                e.0 += 1;
                e.1 = e.1.max(rec.year);
            }
            person.records += 1;
            person.citations.push(rec.citations.unwrap_or(0));
            for (&f, &w) in &rec_fields {
                *person.fields.entry(f).or_insert(0.0) += w;
            }
        }
        if max_authors > 0 && on_record.len() > max_authors {
            summary.records_without_pairs += 1;
            continue;
        }
        for i in 0..on_record.len() {
            for j in i + 1..on_record.len() {
                let (a, b) = (
                    on_record[i].min(on_record[j]),
                    on_record[i].max(on_record[j]),
                );
                let e = pairs.entry((a, b)).or_insert((0, rec.year, rec.year));
                e.0 += 1;
                e.1 = e.1.min(rec.year);
                e.2 = e.2.max(rec.year);
            }
        }
    }

    // Each researcher's institution.
    let unknown = insts.unknown;
    let home: Vec<usize> = people
        .iter()
        .map(|p| {
            if let Some(i) = p.fixed {
                return i;
            }
            p.affiliations
                .iter()
                .max_by(|(_, x), (_, y)| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(y.2.cmp(&x.2)))
                .map(|(&i, _)| i)
                .or(unknown)
                .unwrap_or(usize::MAX)
        })
        .collect();
    // An id-keyed researcher never affiliated needs the placeholder.
    let home: Vec<usize> = home
        .into_iter()
        .map(|h| if h == usize::MAX { insts.unknown() } else { h })
        .collect();
    let unknown = insts.unknown;

    // Institutions with researchers, in order of first appearance.
    let mut used = vec![false; insts.list.len()];
    for &h in &home {
        used[h] = true;
    }
    let mut uni_of = vec![u32::MAX; insts.list.len()];
    let mut universities = Vec::new();
    for (i, inst) in insts.list.iter().enumerate() {
        if !used[i] {
            continue;
        }
        uni_of[i] = universities.len() as u32;
        let u = match inst.member {
            Some(m) => {
                summary.consortium_members += 1;
                g7[m].clone()
            }
            None => {
                if inst.country == "VN" && inst.city == "unknown" {
                    summary.vn_without_city += 1;
                }
                University {
                    id: inst.id.clone(),
                    short_name: short_name(&inst.name),
                    name_vi: inst.name.clone(),
                    name_en: inst.name.clone(),
                    city: inst.city.clone(),
                    region: inst.region,
                    country: inst.country.clone(),
                    consortium: inst.consortium,
                    aliases: inst
                        .spellings
                        .iter()
                        .filter(|s| **s != inst.name)
                        .cloned()
                        .collect(),
                }
            }
        };
        universities.push(u);
    }
    summary.institutions = universities.len();
    summary.institutions_read =
        insts.spellings.len() + usize::from(unknown.is_some_and(|u| used[u]));

    let mut researchers = Vec::with_capacity(people.len());
    let mut expertise = Vec::new();
    for (i, p) in people.iter_mut().enumerate() {
        let uni = UniIdx(uni_of[home[i]]);
        let id = match &p.id {
            Some(id) => id.clone(),
            None => format!("{}@{}", name_slug(&p.name), universities[uni.ix()].id),
        };
        let h = h_index(&mut p.citations);
        researchers.push(Researcher {
            id: id.replace(';', ","),
            name: p.name.replace(';', ","),
            university: uni,
            title: Title::Other,
            h_index: h,
            publications: p.records,
            max_teams: DEFAULT_MAX_TEAMS,
        });
        let best = p.fields.values().copied().fold(0.0f64, f64::max);
        let mut fs: Vec<(usize, f64)> = p.fields.iter().map(|(&f, &s)| (f, s)).collect();
        fs.sort_unstable_by_key(|(f, _)| *f);
        for (f, s) in fs {
            if best <= 0.0 || s <= 0.0 {
                continue;
            }
            let level = ((s / best * 100.0).round() / 100.0).clamp(0.01, 1.0) as f32;
            expertise.push(Expertise {
                researcher: ResearcherIdx(i as u32),
                field: FieldIdx(f as u32),
                level,
            });
        }
    }
    let mut coauthorships: Vec<Coauthorship> = pairs
        .into_iter()
        .map(|((a, b), (papers, first, last))| Coauthorship {
            a: ResearcherIdx(a),
            b: ResearcherIdx(b),
            papers,
            first_year: first,
            last_year: last,
        })
        .collect();
    coauthorships.sort_unstable_by_key(|c| (c.a, c.b));
    summary.researchers = researchers.len();
    summary.expertise = expertise.len();
    summary.coauthorships = coauthorships.len();
    let mut ds = Dataset {
        universities,
        fields,
        researchers,
        expertise,
        labs: Vec::new(),
        coauthorships,
        ..Dataset::default()
    };
    dedupe_researcher_ids(&mut ds);
    ds.reindex();
    ds
}

/// A researcher's name as an id part: folded words joined by `-`.
fn name_slug(name: &str) -> String {
    let s = slug(&fold(name));
    if s.is_empty() {
        "anonymous".into()
    } else {
        s
    }
}

/// Two name-keyed researchers whose names fold alike but are written differently can get the
/// same id; later ones get `-2`, `-3`, … so ids stay unique.
fn dedupe_researcher_ids(ds: &mut Dataset) {
    let mut seen: FxHashMap<String, u32> = FxHashMap::default();
    for r in &mut ds.researchers {
        let n = seen.entry(r.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let (base, uni) = match r.id.split_once('@') {
                Some((b, u)) => (b.to_string(), format!("@{u}")),
                None => (r.id.clone(), String::new()),
            };
            r.id = format!("{base}-{n}{uni}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g7() -> Vec<University> {
        load::load_reference(&Source::Embedded).unwrap().0
    }

    fn aff(text: &str) -> Affiliation {
        Affiliation {
            text: text.into(),
            ..Affiliation::default()
        }
    }

    #[test]
    fn consortium_members_are_recognised_in_affiliations() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        for (text, id) in [
            ("School of Electrical Engineering, Hanoi University of Science and Technology, Hanoi, Viet Nam", "hust"),
            ("Thuyloi University, 175 Tay Son, Dong Da, Hanoi, Vietnam", "tlu"),
            ("Hanoi Univ Civil Engn, Fac Bldg, Hanoi, Vietnam", "huce"),
            ("Ho Chi Minh City University of Technology (HCMUT), 268 Ly Thuong Kiet, District 10, Ho Chi Minh City, Viet Nam", "hcmut"),
            ("Univ Transport & Commun, Hanoi, Vietnam", "utc"),
        ] {
            let i = ix.get(&aff(text));
            assert_eq!(ix.list[i].id, id, "{text}");
            assert!(ix.list[i].consortium);
        }
    }

    #[test]
    fn members_abroad_are_not_matched_by_acronym() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        let i = ix.get(&aff("Sch Mech Sci, HUST, Wuhan, Peoples R China"));
        assert!(!ix.list[i].consortium);
        assert_eq!(ix.list[i].country, "CN");
    }

    #[test]
    fn other_institutions_get_a_stable_id_country_and_region() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        let a = ix.get(&aff(
            "Department of Marketing, Georgia State University, Atlanta, GA 30303, United States",
        ));
        let inst = &ix.list[a];
        assert_eq!(inst.id, "georgia-state-university-us");
        assert_eq!(inst.name, "Georgia State University");
        assert_eq!(inst.region, Region::International);
        let wos = ix.get(&Affiliation {
            text: "Georgia State Univ, Dept Mkt, Atlanta, GA 30303 USA".into(),
            org_first: true,
            ..Affiliation::default()
        });
        assert_eq!(wos, a, "WoS abbreviations merge with the full name");
        let vn = ix.get(&aff(
            "Faculty of Physics, VNU University of Science, Hanoi, Vietnam",
        ));
        assert_eq!(ix.list[vn].country, "VN");
        assert_eq!(ix.list[vn].region, Region::North);
        assert_eq!(ix.list[vn].city, "Hà Nội");
    }

    #[test]
    fn h_index_by_hand() {
        assert_eq!(h_index(&mut [10, 8, 5, 4, 3]), 4);
        assert_eq!(h_index(&mut [0, 0]), 0);
        assert_eq!(h_index(&mut [1]), 1);
        assert_eq!(h_index(&mut []), 0);
    }

    #[test]
    fn short_names_use_initials_for_long_names() {
        assert_eq!(short_name("Tianjin Hosp"), "Tianjin Hosp");
        assert_eq!(
            short_name("University of Illinois at Urbana-Champaign"),
            "UIAUC"
        );
    }
}
