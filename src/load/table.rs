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
            self.row(Cells::Csv(&rec), line, problems, |row| {
                f(row);
                Some(())
            });
        }
    }

    /// Checks one record's shape and hands it to `f`: blank rows (Excel writes them as a run of
    /// commas) are skipped, rows wider than the header reported.
    fn row<T>(
        &self,
        cells: Cells<'_>,
        line: u64,
        problems: &mut Problems,
        f: impl FnOnce(&mut Row<'_>) -> Option<T>,
    ) -> Option<T> {
        if cells.blank() {
            return None;
        }
        if cells.len() > self.width {
            problems.push(Problem {
                file: self.file.clone(),
                line: Some(line),
                column: Some((self.width + 1, String::new())),
                message: format!(
                    "row has {} cells but the header has {} columns",
                    cells.len(),
                    self.width
                ),
            });
            return None;
        }
        let mut row = Row {
            table: self,
            cells,
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
    par_rows_warm(file, bytes, cols, problems, None, f)
}

/// A column whose cells are looked up in a table too large for the caches (researcher ids):
/// the plain reader hashes the cells of that column a batch of rows ahead and hands the
/// hashes to `touch` together, so the table's cache misses of a batch overlap instead of
/// stalling the reader one row at a time. `touch` returns something read from the table
/// (kept from the optimiser).
#[derive(Clone, Copy)]
pub(crate) struct Warm<'a> {
    /// The wanted column (index into the table's columns).
    pub col: usize,
    pub hash: fn(&str) -> u64,
    pub touch: &'a (dyn Fn(&[u64]) -> u64 + Sync),
}

/// [`par_rows`], with a column to [`Warm`].
pub(crate) fn par_rows_warm<T: Send>(
    file: String,
    bytes: &[u8],
    cols: &'static [Col],
    problems: &mut Problems,
    warm: Option<Warm<'_>>,
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
    let lines: Vec<u64> = chunks
        .par_iter()
        .map(|c| memchr::memchr_iter(b'\n', c).count() as u64)
        .collect();
    let first_line: Vec<u64> = lines
        .iter()
        .scan(2u64, |line, n| {
            let first = *line;
            *line += n;
            Some(first)
        })
        .collect();
    let parts: Vec<(Vec<(u64, T)>, Problems)> = chunks
        .par_iter()
        .zip(first_line.par_iter())
        .map(|(chunk, &base)| read_chunk(&table, chunk, base, true, warm, &f))
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(|(v, _)| v.len()).sum());
    for (values, p) in parts {
        out.extend(values);
        problems.extend(p);
    }
    Some((table, out))
}

/// The rows of one chunk of a file's body (`base`: the line number of its first line), by the
/// plain reader when `allow_plain` and the chunk is [`plain`], else by the csv reader. Both
/// give the same rows, line numbers and problems.
fn read_chunk<T>(
    table: &Table,
    chunk: &[u8],
    base: u64,
    allow_plain: bool,
    warm: Option<Warm<'_>>,
    f: impl Fn(&mut Row<'_>) -> Option<T>,
) -> (Vec<(u64, T)>, Problems) {
    let mut local = Problems::default();
    let mut out = Vec::new();
    if let Some(text) = plain(chunk).filter(|_| allow_plain) {
        // One row per line; `\r\n` ends a line as `\n` does; empty lines are skipped, as the
        // csv reader skips them. Lines go in batches, so that a warmed column's lookups of a
        // batch are all under way before the first row needs one.
        const BATCH: usize = 32;
        out.reserve(memchr::memchr_iter(b'\n', chunk).count() + 1);
        let warm = warm.and_then(|w| table.pos[w.col].map(|p| (p, w)));
        let mut batch: Vec<(u64, &str)> = Vec::with_capacity(BATCH);
        let mut hashes: Vec<u64> = Vec::with_capacity(BATCH);
        let mut cells: Vec<&str> = Vec::with_capacity(table.width + 1);
        let mut rest = text;
        let mut line = base;
        loop {
            batch.clear();
            while batch.len() < BATCH && !rest.is_empty() {
                let (l, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
                    Some(i) => (&rest[..i], &rest[i + 1..]),
                    None => (rest, ""),
                };
                rest = next;
                let l = l.strip_suffix('\r').unwrap_or(l);
                if !l.is_empty() {
                    batch.push((line, l));
                }
                line += 1;
            }
            if batch.is_empty() {
                break;
            }
            if let Some((p, w)) = warm {
                hashes.clear();
                for (_, l) in &batch {
                    if let Some(cell) = l.split(',').nth(p) {
                        hashes.push((w.hash)(cell.trim()));
                    }
                }
                std::hint::black_box((w.touch)(&hashes));
            }
            for &(this, l) in &batch {
                cells.clear();
                let mut from = 0;
                for comma in memchr::memchr_iter(b',', l.as_bytes()) {
                    cells.push(&l[from..comma]);
                    from = comma + 1;
                }
                cells.push(&l[from..]);
                if let Some(v) = table.row(Cells::Plain(&cells), this, &mut local, &f) {
                    out.push((this, v));
                }
            }
        }
        return (out, local);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk);
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
        // The csv reader positions a record where it started reading it, before the line
        // ends it skipped (the `\n` of a `\r\n`, blank lines): count those too.
        let (first, byte) = rec
            .position()
            .map_or((1, 0), |p| (p.line(), p.byte() as usize));
        let skipped = chunk
            .get(byte..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let line = base - 1 + first + skipped;
        if let Some(v) = table.row(Cells::Csv(&rec), line, &mut local, &f) {
            out.push((line, v));
        }
    }
    (out, local)
}

/// A chunk the plain reader may cut by bytes, as text: valid UTF-8, no double quote (so no
/// quoted cell), no NUL byte and no carriage return but before a line feed. Anything else
/// goes to the csv reader, which positions every problem.
fn plain(chunk: &[u8]) -> Option<&str> {
    if memchr::memchr2(b'"', 0, chunk).is_some() {
        return None;
    }
    if memchr::memchr_iter(b'\r', chunk).any(|i| chunk.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    std::str::from_utf8(chunk).ok()
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

/// The cells of one row, as the reader that cut them hands them over.
#[derive(Clone, Copy)]
enum Cells<'a> {
    /// A record of the csv reader: each cell is checked (UTF-8, NUL) when it is read.
    Csv(&'a csv::ByteRecord),
    /// Cells cut from a plain chunk (see [`plain`]), already checked whole.
    Plain(&'a [&'a str]),
}

impl<'a> Cells<'a> {
    fn len(self) -> usize {
        match self {
            Cells::Csv(r) => r.len(),
            Cells::Plain(c) => c.len(),
        }
    }

    fn blank(self) -> bool {
        let blank = |c: &[u8]| c.iter().all(u8::is_ascii_whitespace);
        match self {
            Cells::Csv(r) => r.iter().all(blank),
            Cells::Plain(c) => c.iter().all(|c| blank(c.as_bytes())),
        }
    }
}

/// One data row; every accessor records a problem for a bad cell and returns `None`.
pub(crate) struct Row<'a> {
    table: &'a Table,
    cells: Cells<'a>,
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
        let raw = match self.cells {
            Cells::Plain(cells) => {
                let cell = cells.get(p).copied().unwrap_or("");
                if cell.len() <= MAX_CELL_BYTES {
                    return cell.trim();
                }
                cell.as_bytes()
            }
            Cells::Csv(rec) => rec.get(p).unwrap_or(b""),
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Col] = &[req("id"), req("name"), opt("note")];

    /// Every row as the loader sees it: line, the three wanted cells, and the problems.
    fn read(body: &str, allow_plain: bool) -> (Vec<(u64, [String; 3])>, Problems) {
        let mut problems = Problems::default();
        let header = Box::new(std::io::Cursor::new(b"id,name,note\n".to_vec()));
        let table = Table::open("t.csv".into(), header, COLS, &mut problems).unwrap();
        let (rows, p) = read_chunk(&table, body.as_bytes(), 2, allow_plain, None, |row| {
            let id = row.required(0).unwrap_or("?").to_string();
            let name = row.required(1).unwrap_or("?").to_string();
            Some([id, name, row.text(2).to_string()])
        });
        problems.extend(p);
        (rows, problems)
    }

    #[test]
    fn the_plain_reader_reads_what_the_csv_reader_reads() {
        let long = "x".repeat(MAX_CELL_BYTES + 1);
        let bodies = [
            "a,Hà Nội,n\nb, Huế ,\n".to_string(),
            // Blank lines, CRLF, an Excel blank row, a whitespace row, no final line end.
            "a,x,1\r\n\r\n\nb,y\r\n,,\n   \nc,z,3".to_string(),
            // Short rows, a wide row, empty required cells, an over-long cell, a blank row.
            format!("a\n,b,c\nd,e,f,g\nh,{long},i\n , ,\nj,k,l\n"),
            String::new(),
            "\n\n".to_string(),
        ];
        for body in &bodies {
            assert!(
                plain(body.as_bytes()).is_some(),
                "{body:?} takes the plain path"
            );
            let (csv, plain_) = (read(body, false), read(body, true));
            assert_eq!(plain_, csv, "{body:?}");
        }
        // Worked out by hand for the second body: lines 2, 5, 7 and 8 hold rows.
        let (rows, problems) = read(&bodies[1], true);
        let lines: Vec<u64> = rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 5, 8]);
        assert_eq!(rows[1].1, ["b".to_string(), "y".into(), "".into()]);
        assert!(problems.is_empty());
        let (rows, problems) = read(&bodies[2], true);
        // The wide row is dropped, the blank one (line 6) skipped.
        assert_eq!(rows.len(), 4, "{rows:?}");
        let at: Vec<(Option<u64>, Option<usize>)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_ref().map(|c| c.0)))
            .collect();
        assert_eq!(
            at,
            [
                (Some(2), Some(2)),
                (Some(3), Some(1)),
                (Some(4), Some(4)),
                (Some(5), Some(2)),
            ]
        );
    }

    #[test]
    fn chunks_that_need_the_csv_reader_are_not_plain() {
        for body in [
            &b"a,\"b,c\",d\n"[..],
            b"a,b\0,c\n",
            b"a,b\rc,d\n",
            b"a,b\r",
            b"a,\xff,c\n",
        ] {
            assert!(plain(body).is_none(), "{body:?}");
        }
        assert!(plain(b"a,b\r\nc,d\r\n").is_some());
    }
}
