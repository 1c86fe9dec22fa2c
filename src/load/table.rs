//! One CSV file read as a table: header matched to the columns we want (any order, extra
//! columns ignored, BOM stripped), then rows handed out with cell accessors that record a
//! [`Problem`] for every bad cell instead of stopping.

use std::io::Read;
use std::str::FromStr;

use super::error::{Problem, Problems};

/// A column the loader wants from a file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Col {
    pub name: &'static str,
    /// A missing required column is a problem; a missing optional one reads as empty cells.
    pub required: bool,
}

pub(crate) const fn req(name: &'static str) -> Col {
    Col {
        name,
        required: true,
    }
}

pub(crate) const fn opt(name: &'static str) -> Col {
    Col {
        name,
        required: false,
    }
}

/// An open table whose header has been read and checked.
pub(crate) struct Table {
    pub file: String,
    reader: csv::Reader<Box<dyn Read + Send + Sync>>,
    /// For each wanted column: its 0-based position in the file, if present.
    pos: Vec<Option<usize>>,
    cols: &'static [Col],
    width: usize,
}

impl Table {
    /// Reads the header. Returns `None` (with problems recorded) when a required column is
    /// missing or the header cannot be read: the file's rows are then not checked.
    pub fn open(
        file: String,
        input: Box<dyn Read + Send + Sync>,
        cols: &'static [Col],
        problems: &mut Problems,
    ) -> Option<Table> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let header = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.push(csv_problem(&file, &e));
                return None;
            }
        };
        let mut names = Vec::with_capacity(header.len());
        for (i, raw) in header.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => names.push(s.trim_start_matches('\u{feff}').trim().to_lowercase()),
                Err(_) => {
                    problems.push(Problem {
                        file: file.clone(),
                        line: Some(1),
                        column: Some((i + 1, String::from_utf8_lossy(raw).into_owned())),
                        message: "header is not valid UTF-8 (save the file as UTF-8)".into(),
                    });
                    names.push(String::new());
                }
            }
        }
        if names.iter().all(String::is_empty) {
            problems.push(Problem {
                file,
                line: Some(1),
                column: None,
                message: format!("empty file: expected a header row with {}", col_list(cols)),
            });
            return None;
        }
        let mut ok = true;
        let mut pos = Vec::with_capacity(cols.len());
        for c in cols {
            let found = names.iter().position(|n| n == c.name);
            if found.is_none() && c.required {
                ok = false;
                problems.push(Problem {
                    file: file.clone(),
                    line: Some(1),
                    column: None,
                    message: format!(
                        "missing column `{}` (the header must have {})",
                        c.name,
                        col_list(cols)
                    ),
                });
            }
            pos.push(found);
        }
        for (i, n) in names.iter().enumerate() {
            if !n.is_empty() && names[..i].contains(n) && cols.iter().any(|c| c.name == n) {
                ok = false;
                problems.push(Problem {
                    file: file.clone(),
                    line: Some(1),
                    column: Some((i + 1, n.clone())),
                    message: "column appears twice in the header".into(),
                });
            }
        }
        ok.then(|| Table {
            file,
            reader,
            pos,
            cols,
            width: names.len(),
        })
    }

    /// The 1-based position and header name of wanted column `c`, when the file has it (for
    /// problems found after the rows are read).
    pub fn column(&self, c: usize) -> Option<(usize, String)> {
        self.pos[c].map(|p| (p + 1, self.cols[c].name.to_string()))
    }

    /// Calls `f` on every data row. Rows with the wrong number of cells or invalid UTF-8 in a
    /// wanted cell are reported; `f` decides about the rest.
    pub fn for_each_row(mut self, problems: &mut Problems, mut f: impl FnMut(&mut Row<'_>)) {
        let mut rec = csv::ByteRecord::new();
        loop {
            match self.reader.read_byte_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    problems.push(csv_problem(&self.file, &e));
                    // An I/O error cannot be read past; a CSV syntax error can.
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                    continue;
                }
            }
            let line = rec.position().map_or(0, |p| p.line());
            self.row(&rec, line, problems, |row| {
                f(row);
                Some(())
            });
        }
    }

    /// Checks one record's shape and hands it to `f`: blank rows (Excel writes them as a run of
    /// commas) are skipped, rows wider than the header reported.
    fn row<T>(
        &self,
        rec: &csv::ByteRecord,
        line: u64,
        problems: &mut Problems,
        f: impl FnOnce(&mut Row<'_>) -> Option<T>,
    ) -> Option<T> {
        if rec.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            return None;
        }
        if rec.len() > self.width {
            problems.push(Problem {
                file: self.file.clone(),
                line: Some(line),
                column: Some((self.width + 1, String::new())),
                message: format!(
                    "row has {} cells but the header has {} columns",
                    rec.len(),
                    self.width
                ),
            });
            return None;
        }
        let mut row = Row {
            table: self,
            rec,
            line,
            problems,
            bad: false,
        };
        f(&mut row)
    }
}

/// Rows of `bytes` (a whole CSV file) parsed in parallel: the body is cut into chunks at line
/// ends and each chunk is read by its own CSV reader, so loading scales with the cores. `f`
/// turns a row into a value (or records problems and returns `None`). Values come back in file
/// order with their line numbers; problems are appended in file order too. A file with a
/// double quote in its body (where a quoted cell could span lines) is read in one chunk.
///
/// Returns the header (for [`Table::column`]) and the values, or `None` when the header is
/// unusable (the problem is recorded).
pub(crate) fn par_rows<T: Send>(
    file: String,
    bytes: &[u8],
    cols: &'static [Col],
    problems: &mut Problems,
    f: impl Fn(&mut Row<'_>) -> Option<T> + Sync,
) -> Option<(Table, Vec<(u64, T)>)> {
    use rayon::prelude::*;
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    let header = &bytes[..header_end];
    if header.contains(&b'"') {
        // A quoted header may span lines: read the whole file in order.
        let table = Table::open(
            file.clone(),
            Box::new(std::io::Cursor::new(bytes.to_vec())),
            cols,
            problems,
        )?;
        let mut out = Vec::new();
        table.for_each_row(problems, |row| {
            if let Some(v) = f(row) {
                out.push((row.line, v));
            }
        });
        // A second, header-only reader answers `column` for the caller (rare path).
        let header = Table::open(
            file,
            Box::new(std::io::Cursor::new(bytes.to_vec())),
            cols,
            &mut Problems::default(),
        )?;
        return Some((header, out));
    }
    let table = Table::open(
        file,
        Box::new(std::io::Cursor::new(header.to_vec())),
        cols,
        problems,
    )?;
    let body = &bytes[header_end..];
    let chunks: Vec<&[u8]> = if body.contains(&b'"') {
        vec![body]
    } else {
        split_lines(body, (rayon::current_num_threads() * 4).max(1))
    };
    // Line number of each chunk's first line: 2 + newlines before it.
    let mut first_line = Vec::with_capacity(chunks.len());
    let mut line = 2u64;
    for c in &chunks {
        first_line.push(line);
        line += c.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    let parts: Vec<(Vec<(u64, T)>, Problems)> = chunks
        .par_iter()
        .zip(first_line.par_iter())
        .map(|(chunk, &base)| {
            let mut local = Problems::default();
            let mut out = Vec::new();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(*chunk);
            let mut rec = csv::ByteRecord::new();
            loop {
                match reader.read_byte_record(&mut rec) {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(e) => {
                        let mut p = csv_problem(&table.file, &e);
                        p.line = p.line.map(|l| l + base - 1);
                        local.push(p);
                        continue;
                    }
                }
                let line = base - 1 + rec.position().map_or(1, |p| p.line());
                if let Some(v) = table.row(&rec, line, &mut local, &f) {
                    out.push((line, v));
                }
            }
            (out, local)
        })
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(|(v, _)| v.len()).sum());
    for (values, p) in parts {
        out.extend(values);
        problems.extend(p);
    }
    Some((table, out))
}

/// Cuts `body` into about `n` pieces, each ending at a line end.
fn split_lines(body: &[u8], n: usize) -> Vec<&[u8]> {
    let target = body.len() / n + 1;
    let mut out = Vec::with_capacity(n + 1);
    let mut start = 0;
    while start < body.len() {
        let mut end = (start + target).min(body.len());
        while end < body.len() && body[end - 1] != b'\n' {
            end += 1;
        }
        out.push(&body[start..end]);
        start = end;
    }
    out
}

fn col_list(cols: &[Col]) -> String {
    let names: Vec<&str> = cols.iter().filter(|c| c.required).map(|c| c.name).collect();
    format!("columns {}", names.join(", "))
}

fn csv_problem(file: &str, e: &csv::Error) -> Problem {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        csv::ErrorKind::Utf8 { err, .. } => {
            format!(
                "not valid UTF-8 (field {}): save the file as UTF-8",
                err.field() + 1
            )
        }
        _ => format!("malformed CSV: {e}"),
    };
    Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    }
}

/// The longest cell a dataset file may hold: a lab's equipment list is the longest real one
/// (a few hundred bytes); a 5 MB "name" would be copied into every report page it appears on.
pub const MAX_CELL_BYTES: usize = 10_000;

/// One data row; every accessor records a problem for a bad cell and returns `None`.
pub(crate) struct Row<'a> {
    table: &'a Table,
    rec: &'a csv::ByteRecord,
    pub line: u64,
    problems: &'a mut Problems,
    /// Set when any cell of this row was bad: the caller should drop the row.
    pub bad: bool,
}

impl<'a> Row<'a> {
    /// Records a problem in column `c` (index into the table's wanted columns).
    pub fn problem(&mut self, c: usize, message: String) {
        self.bad = true;
        let column = self.table.pos[c].map(|p| (p + 1, self.table.cols[c].name.to_string()));
        self.problems.push(Problem {
            file: self.table.file.clone(),
            line: Some(self.line),
            column,
            message,
        });
    }

    /// Records a problem about the whole row.
    pub fn row_problem(&mut self, message: String) {
        self.bad = true;
        self.problems.push(Problem {
            file: self.table.file.clone(),
            line: Some(self.line),
            column: None,
            message,
        });
    }

    /// The cell's text, or `""` when the column is absent or the row is short.
    pub fn text(&mut self, c: usize) -> &'a str {
        let Some(p) = self.table.pos[c] else {
            return "";
        };
        let raw = self.rec.get(p).unwrap_or(b"");
        if raw.len() > MAX_CELL_BYTES {
            self.problem(
                c,
                format!(
                    "a cell of {} bytes: expected at most {MAX_CELL_BYTES} (a name, an id or a list, not a document)",
                    raw.len()
                ),
            );
            return "";
        }
        if raw.contains(&0) {
            self.problem(c, "a NUL byte in the cell: expected text".into());
            return "";
        }
        // Cells are trimmed here, not by the CSV reader: only the cells read pay for it.
        match std::str::from_utf8(raw) {
            Ok(s) => s.trim(),
            Err(e) => {
                self.problem(
                    c,
                    format!(
                        "not valid UTF-8 at byte {} of the cell: save the file as UTF-8",
                        e.valid_up_to() + 1
                    ),
                );
                ""
            }
        }
    }

    /// A cell that must not be empty.
    pub fn required(&mut self, c: usize) -> Option<&'a str> {
        let was_bad = self.bad;
        let s = self.text(c);
        if s.is_empty() {
            if self.bad == was_bad {
                self.problem(c, "empty cell: a value is required".into());
            }
            return None;
        }
        Some(s)
    }

    /// A required number within `[min, max]`; `what` describes the expectation for the message.
    pub fn number<T>(&mut self, c: usize, min: T, max: T, what: &str) -> Option<T>
    where
        T: FromStr + PartialOrd + Copy,
    {
        let s = self.required(c)?;
        match s.parse::<T>() {
            Ok(v) if v >= min && v <= max => Some(v),
            Ok(_) => {
                self.problem(c, format!("{s:?} is out of range: expected {what}"));
                None
            }
            Err(_) => {
                self.problem(c, format!("{s:?} is not a number: expected {what}"));
                None
            }
        }
    }

    /// The `;`-separated items of a cell, trimmed, empty items skipped.
    pub fn list(&mut self, c: usize) -> impl Iterator<Item = &'a str> {
        self.text(c)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}
