//! Importing bibliographic exports into a dataset folder: Scopus CSV ([`scopus`]), Web of
//! Science plain text or tab-delimited ([`wos`]), OpenAlex works as JSON, JSON Lines or the web CSV
//! ([`openalex`]), and the compsoc Social Network Science tables ([`compsoc`]).
//!
//! This file is the entry point: [`import`] with its [`ImportConfig`], [`Format`], the
//! [`Summary`] of counts and [`ImportError`]. Each reader turns its files into records and
//! reports every bad record as a [`Problem`](crate::load::Problem) (`file:line: record N: …`).
//! The other files own one concept each:
//!
//! - [`record`]: the common record model (`Record`, `Author`, `Affiliation`) and what readers
//!   share (`ReadOutcome`, positioned problems, year parsing, bounded UTF-8 reading, the
//!   length and control-character checks of names and affiliations);
//! - `affiliation`: affiliation strings taken apart (comma parts, abbreviations, how
//!   institution-like a part is, merge keys);
//! - `institutions`: affiliations → institutions (consortium members, ids, countries, regions);
//! - `build`: records → [`Dataset`] (researchers, institutions, co-authorships, expertise);
//! - `places`: country, region and Vietnamese city names; [`keywords`]: the keyword → field
//!   table;
//! - `fuzz` (tests only): bounded fuzzing of every reader and the build.
//!
//! **Affiliations.** An author entry keeps every affiliation it lists, separately and in the
//! order listed (Scopus joins them with `, ` inside `Authors with affiliations`; Web of
//! Science repeats the author in several bracketed `C1` lines; OpenAlex lists several
//! `institutions`). An affiliation that names no organisation — a country, a city, a
//! department, faculty, school-of or lab alone, a street or postal address — is no
//! institution: it is dropped (counted) and the author is unaffiliated unless another
//! affiliation names one. The **first** affiliation that names an organisation is the
//! author's institution on that record (a name-keyed researcher is keyed by it). A
//! researcher's home institution is the one they list first most often; the further
//! affiliations count after that (then the latest year, then the first seen), so a
//! researcher who always lists the same second affiliation keeps their first one as home,
//! and one seen only once with two affiliations gets the first. The dataset model has one
//! institution per researcher, so the others are not written.
//!
//! Years outside 1900–2100, rows with fewer cells than the header, names with control
//! characters or longer than [`record::MAX_NAME_CHARS`] and unparsable records are bad
//! records; `--until YEAR` drops records after YEAR (counted, not bad). An import with no
//! record left fails with [`ImportError::NoRecords`], so nothing is written.

mod affiliation;
mod build;
pub mod compsoc;
#[cfg(test)]
mod fuzz;
mod institutions;
pub mod keywords;
pub mod openalex;
mod places;
pub mod record;
pub mod scopus;
pub mod wos;

use std::path::PathBuf;

use crate::load::{self, LoadError, Problems, Source};
use crate::model::*;

pub use build::h_index;
pub use keywords::KeywordTable;
pub(crate) use record::{
    check_text, clean_text, file_problem, parse_year, read_text, record_problem,
};
pub use record::{Affiliation, Author, ReadOutcome, Record};

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
    /// Web of Science plain-text (tagged) or tab-delimited export.
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
    /// Names and affiliations whose control characters were replaced (tabs, line breaks),
    /// repaired (UTF-8 read as Latin-1) or removed; other control characters are bad records.
    pub texts_cleaned: usize,
    /// Author entries on kept records.
    pub authors_read: usize,
    pub researchers: usize,
    /// Author entries without any affiliation that names an organisation.
    pub authors_without_affiliation: usize,
    /// Affiliations beyond an author entry's first that name another institution (kept: they
    /// count towards the researcher's home institution after the first-listed ones).
    pub extra_affiliations: usize,
    /// Affiliations that name no organisation (a country, a city, a department or an address
    /// alone): not institutions.
    pub affiliations_without_institution: usize,
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
    /// The good records published after `until` (empty without it), in export order: the
    /// held-out works of an expert-finding evaluation (`hoptac import … --held-out FILE`).
    pub after_until: Vec<Record>,
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
    /// No record is left to import (a header-only file, every record bad and skipped, or all
    /// after `--until`): an empty dataset is no dataset, so nothing may be written.
    #[error("no records to import in {what}: {read} read, none kept ({bad} bad, {after_until} after --until, {no_authors} without authors){}", if *read == 0 { ": the export has a header but no records" } else { "" })]
    NoRecords {
        what: String,
        read: usize,
        bad: usize,
        after_until: usize,
        no_authors: usize,
    },
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
    finish(read, what, cfg, &g7, fields, table.as_ref())
}

/// What follows reading: fatal problems and bad records fail (unless `skip_bad`), `--until`
/// and authorless records drop out, and the rest is built into the dataset.
fn finish(
    read: ReadOutcome,
    what: String,
    cfg: &ImportConfig,
    g7: &[University],
    fields: Vec<Field>,
    table: Option<&KeywordTable>,
) -> Result<Imported, ImportError> {
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
        texts_cleaned: read.cleaned,
        ..Summary::default()
    };
    let mut records = read.records;
    let mut after_until = Vec::new();
    if let Some(y) = cfg.until {
        let before = records.len();
        (records, after_until) = records.into_iter().partition(|r| r.year <= y);
        summary.dropped_after_until = before - records.len();
    }
    let before = records.len();
    records.retain(|r| !r.authors.is_empty());
    summary.dropped_no_authors = before - records.len();
    summary.records_kept = records.len();
    if records.is_empty() {
        return Err(ImportError::NoRecords {
            what,
            read: summary.records_read,
            bad: summary.dropped_bad,
            after_until: summary.dropped_after_until,
            no_authors: summary.dropped_no_authors,
        });
    }
    let dataset = build::build(&records, g7, fields, table, cfg.max_authors, &mut summary);
    Ok(Imported {
        dataset,
        summary,
        skipped: read.problems,
        after_until,
    })
}
