//! Partitioned input: each worker reads its share of a dataset's rows, and nothing else.
//!
//! A dataset is the folder `hoptac load` reads (or the built-in G7 copy). Every process opens
//! the same files (a shared or copied folder, see README "Running on a cluster"); worker `w` of
//! `W` (over all processes, `W` = processes × workers) keeps the data rows `r` with
//! `r mod W = w` of `researchers.csv`, `expertise.csv`, `coauthorships.csv` and of a change
//! file, so every row is read into the dataflow by exactly one worker and no worker holds more
//! than its share. The small reference tables (`universities.csv`, `fields.csv`) are read whole
//! by every worker (through [`crate::load::load_reference`], with its checks).
//!
//! Ids are joined as 64-bit XXH3 hashes of the trimmed id text; the dataflow reports two ids
//! with one hash (or one id on two rows) as an error instead of mixing them. A researcher's
//! index is its data row in `researchers.csv` (0-based), as in [`crate::load`], so ties are
//! broken in the same order as the single-machine engine.
//!
//! Every number is checked as [`crate::load`] checks it; a bad cell is a
//! [`crate::load::Problem`] with file, line, column and what was expected. References between
//! files (unknown researcher, unknown field) are checked in the dataflow (see
//! [`super::pairs`]). Run `hoptac validate` for the full set of checks.

use std::io::Read;

use xxhash_rust::xxh3::xxh3_64;

use crate::load::{Problem, Source};

/// Which rows this worker reads: `index` of `peers` (timely's worker index and peer count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub index: usize,
    pub peers: usize,
}

impl Share {
    /// The whole input, for one worker.
    pub const ALL: Share = Share { index: 0, peers: 1 };

    fn owns(&self, row: u64) -> bool {
        row % self.peers as u64 == self.index as u64
    }
}

/// The join key of an id: its XXH3 hash.
pub fn id_hash(id: &str) -> u64 {
    xxh3_64(id.trim().as_bytes())
}

/// A row of `researchers.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResearcherRow {
    /// The data row (0-based) = the researcher's index in [`crate::load`].
    pub index: u32,
    pub id: String,
    pub name: String,
    pub university: String,
    pub h_index: u32,
    /// The 1-based line, for messages.
    pub line: u64,
}

/// A row of `expertise.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertiseRow {
    /// The data row (0-based): the order the single-machine engine sums levels in.
    pub row: u32,
    pub researcher: String,
    pub field: String,
    pub level: f32,
    pub line: u64,
}

/// A row of `coauthorships.csv`, or of a change file (with `retract` for a `-` row).
#[derive(Clone, Debug, PartialEq)]
pub struct CoauthorRow {
    pub a: String,
    pub b: String,
    pub papers: u32,
    pub first_year: u16,
    pub last_year: u16,
    /// A change file's `-`: the co-authorship is taken out.
    pub retract: bool,
    pub line: u64,
}

/// One CSV file read row by row, with its header mapped to columns.
struct Rows {
    file: String,
    reader: csv::Reader<Box<dyn Read + Send + Sync>>,
    columns: Vec<(String, usize)>,
}

/// A data row: its ordinal, line and cells.
struct Row<'r> {
    file: &'r str,
    line: u64,
    record: &'r csv::StringRecord,
    columns: &'r [(String, usize)],
}

impl Row<'_> {
    fn cell(&self, i: usize) -> &str {
        self.record.get(self.columns[i].1).unwrap_or("").trim()
    }

    fn problem(&self, i: usize, message: String) -> Problem {
        Problem {
            file: self.file.to_string(),
            line: Some(self.line),
            column: Some((self.columns[i].1 + 1, self.columns[i].0.clone())),
            message,
        }
    }

    fn text(&self, i: usize) -> Result<String, Problem> {
        let s = self.cell(i);
        if s.is_empty() {
            return Err(self.problem(i, "empty: expected a value".into()));
        }
        Ok(s.to_string())
    }

    fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
        &self,
        i: usize,
        min: T,
        max: T,
        expected: &str,
    ) -> Result<T, Problem> {
        let s = self.cell(i);
        match s.parse::<T>() {
            Ok(v) if v >= min && v <= max => Ok(v),
            _ => Err(self.problem(i, format!("{s:?}: expected {expected}"))),
        }
    }
}

impl Rows {
    fn open(source: &Source, file: &str, wanted: &[&str]) -> Result<Rows, Problem> {
        let (described, input) = source.open_file(file)?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let header = reader
            .headers()
            .map_err(|e| csv_problem(&described, &e))?
            .clone();
        let mut columns = Vec::new();
        for &name in wanted {
            match header.iter().position(|h| h.trim() == name) {
                Some(i) => columns.push((name.to_string(), i)),
                None => {
                    return Err(Problem {
                        file: described,
                        line: Some(1),
                        column: None,
                        message: format!("no column {name:?} in the header"),
                    })
                }
            }
        }
        Ok(Rows {
            file: described,
            reader,
            columns,
        })
    }

    /// Calls `f` with the data rows `share` owns, in file order, with their ordinal.
    fn for_each(
        mut self,
        share: Share,
        mut f: impl FnMut(u64, &Row<'_>) -> Result<(), Problem>,
    ) -> Result<(), Problem> {
        let mut record = csv::StringRecord::new();
        let mut ordinal = 0u64;
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => return Err(csv_problem(&self.file, &e)),
            }
            // A blank line is no row (as for the loader).
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if share.owns(ordinal) {
                let line = record.position().map_or(0, |p| p.line());
                let row = Row {
                    file: &self.file,
                    line,
                    record: &record,
                    columns: &self.columns,
                };
                f(ordinal, &row)?;
            }
            ordinal += 1;
        }
    }
}

fn csv_problem(file: &str, e: &csv::Error) -> Problem {
    Problem {
        file: file.to_string(),
        line: e.position().map(|p| p.line()),
        column: None,
        message: format!("cannot read the CSV: {e}"),
    }
}

/// This worker's rows of `researchers.csv`.
pub fn researchers(source: &Source, share: Share) -> Result<Vec<ResearcherRow>, Problem> {
    let rows = Rows::open(
        source,
        "researchers.csv",
        &["id", "name", "university", "h_index"],
    )?;
    let mut out = Vec::new();
    rows.for_each(share, |ordinal, row| {
        let index = u32::try_from(ordinal)
            .map_err(|_| row.problem(0, "more than 4,294,967,295 researchers".into()))?;
        out.push(ResearcherRow {
            index,
            id: row.text(0)?,
            name: row.cell(1).to_string(),
            university: row.text(2)?,
            h_index: row.number::<u32>(3, 0, 1000, "an h-index, a whole number from 0 to 1000")?,
            line: row.line,
        });
        Ok(())
    })?;
    Ok(out)
}

/// This worker's rows of `expertise.csv`.
pub fn expertise(source: &Source, share: Share) -> Result<Vec<ExpertiseRow>, Problem> {
    let rows = Rows::open(source, "expertise.csv", &["researcher", "field", "level"])?;
    let mut out = Vec::new();
    rows.for_each(share, |ordinal, row| {
        let level: f32 = row.number(2, f32::MIN_POSITIVE, 1.0, "a level in (0, 1], such as 0.7")?;
        out.push(ExpertiseRow {
            row: ordinal as u32,
            researcher: row.text(0)?,
            field: row.text(1)?,
            level,
            line: row.line,
        });
        Ok(())
    })?;
    Ok(out)
}

/// This worker's rows of `coauthorships.csv`.
pub fn coauthorships(source: &Source, share: Share) -> Result<Vec<CoauthorRow>, Problem> {
    read_coauthorships(source, "coauthorships.csv", share, false)
}

/// This worker's rows of a change file: the columns of `coauthorships.csv` and a first column
/// `change`, `+` (a new co-authorship) or `-` (one taken out; papers and years are then
/// ignored and may be empty).
pub fn changes(path: &std::path::Path, share: Share) -> Result<Vec<CoauthorRow>, Problem> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_coauthorships(&Source::Dir(dir.to_path_buf()), &name, share, true)
}

fn read_coauthorships(
    source: &Source,
    file: &str,
    share: Share,
    change: bool,
) -> Result<Vec<CoauthorRow>, Problem> {
    let mut cols = vec!["a", "b", "papers", "first_year", "last_year"];
    if change {
        cols.push("change");
    }
    let rows = Rows::open(source, file, &cols)?;
    let mut out = Vec::new();
    rows.for_each(share, |_, row| {
        let retract = change
            && match row.cell(5) {
                "+" => false,
                "-" => true,
                s => {
                    return Err(row.problem(
                        5,
                        format!("{s:?}: expected + (a new co-authorship) or - (one taken out)"),
                    ))
                }
            };
        let (a, b) = (row.text(0)?, row.text(1)?);
        if a == b {
            return Err(row.problem(
                1,
                format!("researcher {a:?} is listed as co-author of themself"),
            ));
        }
        let (papers, first_year, last_year) = if retract {
            (0, 0, 0)
        } else {
            let year = "a year from 1900 to 2100";
            let p = row.number::<u32>(2, 1, 100_000, "a whole number of papers, at least 1")?;
            let f = row.number::<u16>(3, 1900, 2100, year)?;
            let l = row.number::<u16>(4, 1900, 2100, year)?;
            if f > l {
                return Err(row.problem(4, format!("last_year {l} is before first_year {f}")));
            }
            (p, f, l)
        };
        out.push(CoauthorRow {
            a,
            b,
            papers,
            first_year,
            last_year,
            retract,
            line: row.line,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_row_once() {
        let g7 = Source::Embedded;
        let all = researchers(&g7, Share::ALL).unwrap();
        let mut parts: Vec<ResearcherRow> = (0..3)
            .flat_map(|index| researchers(&g7, Share { index, peers: 3 }).unwrap())
            .collect();
        parts.sort_by_key(|r| r.index);
        assert_eq!(parts, all);
        // The index is the row, as the loader numbers researchers.
        let ds = crate::load::load(&g7).unwrap();
        for r in &all {
            assert_eq!(ds.researchers[r.index as usize].id, r.id);
        }
    }

    #[test]
    fn a_bad_cell_is_a_positioned_problem() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("changes.csv"),
            "change,a,b,papers,first_year,last_year\n+,x,y,1,2020,2021\n*,x,z,1,2020,2021\n",
        )
        .unwrap();
        let e = changes(&dir.path().join("changes.csv"), Share::ALL).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.column.as_ref().map(|c| c.1.as_str()), Some("change"));
        assert!(
            e.message.contains("expected + (a new co-authorship)"),
            "{e}"
        );
    }
}
