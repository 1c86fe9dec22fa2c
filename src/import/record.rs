//! The common record model every reader produces — [`Record`], [`Author`], [`Affiliation`] —
//! and what the readers share: [`ReadOutcome`] (good records plus the problems of bad ones),
//! positioned problems (`file:line: record N: …`), year parsing and UTF-8 file reading.

use std::path::Path;

use crate::load::{Problem, Problems};

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
    /// Every affiliation the author gave on this record, in the order listed; the first is
    /// the author's institution on this record (see [`crate::import`] for how the others
    /// are used).
    pub affiliations: Vec<Affiliation>,
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
    pub(crate) fn merge(&mut self, other: ReadOutcome) {
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
