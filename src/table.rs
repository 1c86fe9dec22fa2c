//! The neutral table: named columns of typed cells, and its rendering as an aligned text table,
//! CSV, Markdown or JSON.
//!
//! Every front end that prints rows builds [`Table`]s (through [`crate::render`]) and lets this
//! module format them, so all commands share one look and one set of `--format` values. Cells are typed so that JSON keeps
//! numbers as numbers; floats are written with a fixed number of decimals so output is stable.
//!
//! # Hostile text
//! Names come from files anyone can write. The text table and Markdown replace every control
//! character (escape sequences, NUL, C1) with U+FFFD ([`crate::text::printable`]); CSV, which is
//! opened in spreadsheets, replaces them too (tab and line ends stay: they are cell content) and
//! neutralises formulas ([`spreadsheet_safe`]). Typed
//! numbers ([`Cell::Int`], [`Cell::Float`]) are never touched: `-0.5` stays a number.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

/// Output format chosen with `--format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    Csv,
    Json,
    Markdown,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "text" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// One typed cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A float and how many decimals to print.
    Float(f64, usize),
}

impl Cell {
    /// The cell as printed (floats with their fixed number of decimals).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f, d) => format!("{f:.d$}", d = *d),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(i) => Value::from(*i),
            // Round through the printed text so JSON shows exactly what the table shows.
            Cell::Float(f, d) => format!("{f:.d$}", d = *d)
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Int(n as i64)
    }
}
impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(i64::from(n))
    }
}

/// A text cell as written to a CSV file meant for spreadsheets: a cell that a spreadsheet would
/// run as a formula — it starts with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a
/// leading `'` (OWASP's advice against CSV injection; spreadsheets show the text without it),
/// unless the whole cell is a plain number (`-3`, `+0.5`); NUL and other control characters
/// except tab and line ends become U+FFFD.
///
/// ```
/// use hoptac::table::spreadsheet_safe;
/// assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(spreadsheet_safe("+SUM(1+1)*cmd|x"), "'+SUM(1+1)*cmd|x");
/// assert_eq!(spreadsheet_safe("-3.5"), "-3.5");
/// assert_eq!(spreadsheet_safe("Thủy lợi"), "Thủy lợi");
/// ```
pub fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    // Control characters other than tab and line ends (NUL, escape sequences, C1) have no
    // place in a spreadsheet cell and must not reach a terminal that shows the CSV.
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let s: Cow<'_, str> = if s.chars().any(bad) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    };
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = s.trim().parse::<f64>().is_ok_and(f64::is_finite)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if risky && !number {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// A titled table. `key` names it in JSON (snake_case).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub key: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines printed after the table in text and Markdown (explanations); not in CSV or JSON.
    pub notes: Vec<String>,
}

impl Table {
    pub fn new(key: &str, title: &str, columns: &[&str]) -> Table {
        Table {
            key: key.to_string(),
            title: title.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Rows as JSON objects keyed by column name, in column order.
    pub fn json_rows(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    let mut m = Map::new();
                    for (c, v) in self.columns.iter().zip(r) {
                        m.insert(c.clone(), v.json());
                    }
                    Value::Object(m)
                })
                .collect(),
        )
    }
}

/// Renders tables. One table in JSON is an array of row objects; several are an object keyed by
/// table key. Several tables in CSV are sections separated by one blank line.
pub fn render(tables: &[Table], format: Format) -> String {
    match format {
        Format::Table => tables
            .iter()
            .map(render_text)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => tables
            .iter()
            .map(render_markdown)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => tables.iter().map(render_csv).collect::<Vec<_>>().join("\n"),
        Format::Json => {
            let v = if let [one] = tables {
                one.json_rows()
            } else {
                Value::Object(
                    tables
                        .iter()
                        .map(|t| (t.key.clone(), t.json_rows()))
                        .collect(),
                )
            };
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// The column widths and alignment of a text table, so that a table too large to hold can be
/// written in parts: [`text_head`], then [`text_rows`] of each part, then [`notes_text`] of each
/// part give the bytes [`render`] gives for the whole table when the layout is the whole
/// table's ([`TextLayout::of`]).
#[derive(Clone, Debug, PartialEq)]
pub struct TextLayout {
    /// Display width of each column: its widest cell or its name.
    pub widths: Vec<usize>,
    /// Right-aligned columns: every cell a number (and at least one row).
    pub numeric: Vec<bool>,
}

impl TextLayout {
    pub fn of(t: &Table) -> TextLayout {
        let mut widths: Vec<usize> = t.columns.iter().map(|c| c.width()).collect();
        for r in &t.rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(text_cell(c).width());
            }
        }
        TextLayout {
            widths,
            numeric: numeric_columns(t),
        }
    }

    fn line(&self, out: &mut String, row: &[String]) {
        let mut s = String::new();
        for (i, c) in row.iter().enumerate() {
            let pad = self.widths[i].saturating_sub(c.width());
            if i > 0 {
                s.push_str("  ");
            }
            if self.numeric[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", s.trim_end());
    }
}

/// Whether each column is numeric: every cell a number, and at least one row.
fn numeric_columns(t: &Table) -> Vec<bool> {
    (0..t.columns.len())
        .map(|i| !t.rows.is_empty() && t.rows.iter().all(|r| r[i].is_numeric()))
        .collect()
}

/// A cell as the text table prints it.
fn text_cell(c: &Cell) -> String {
    crate::text::printable(&c.text(), false).into_owned()
}

/// The title, column names and rule of a text table.
pub fn text_head(t: &Table, l: &TextLayout) -> String {
    let mut out = String::new();
    if !t.title.is_empty() {
        let _ = writeln!(out, "{}", crate::text::printable(&t.title, true));
    }
    l.line(&mut out, &t.columns);
    let rule: Vec<String> = l.widths.iter().map(|w| "─".repeat(*w)).collect();
    let _ = writeln!(out, "{}", rule.join("  "));
    out
}

/// The rows of a text table (of a part of one), laid out by `l`.
pub fn text_rows(t: &Table, l: &TextLayout) -> String {
    let mut out = String::new();
    for r in &t.rows {
        let cells: Vec<String> = r.iter().map(text_cell).collect();
        l.line(&mut out, &cells);
    }
    out
}

/// The notes of a text table (of a part of one): `first` for the part whose notes come first
/// (they open with a blank line).
pub fn notes_text(t: &Table, first: bool) -> String {
    let mut out = String::new();
    if first && !t.notes.is_empty() {
        out.push('\n');
    }
    for n in &t.notes {
        let _ = writeln!(out, "{}", crate::text::printable(n, true));
    }
    out
}

fn render_text(t: &Table) -> String {
    let l = TextLayout::of(t);
    let mut out = text_head(t, &l);
    out.push_str(&text_rows(t, &l));
    if t.rows.is_empty() {
        let _ = writeln!(out, "(no rows)");
    }
    out.push_str(&notes_text(t, true));
    out
}

/// A Markdown table cell: pipes escaped, a newline becomes a space, other control characters
/// (NUL, escape sequences) U+FFFD.
fn md_escape(s: &str) -> String {
    crate::text::printable(&s.replace('|', "\\|").replace('\n', " "), false).into_owned()
}

/// The title, column names and alignment rule of a Markdown table; `numeric` as in
/// [`TextLayout`]. With [`markdown_rows`] and [`markdown_notes`] of each part: the bytes
/// [`render`] gives for the whole table.
pub fn markdown_head(t: &Table, numeric: &[bool]) -> String {
    let mut out = String::new();
    if !t.title.is_empty() {
        let _ = writeln!(out, "### {}\n", crate::text::printable(&t.title, true));
    }
    let _ = writeln!(
        out,
        "| {} |",
        t.columns
            .iter()
            .map(|c| md_escape(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let rule: Vec<&str> = numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    out
}

/// The rows of a Markdown table (of a part of one).
pub fn markdown_rows(t: &Table) -> String {
    let mut out = String::new();
    for r in &t.rows {
        let _ = writeln!(
            out,
            "| {} |",
            r.iter()
                .map(|c| md_escape(&c.text()))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    out
}

/// The notes of a Markdown table (of a part of one), `first` as in [`notes_text`].
pub fn markdown_notes(t: &Table, first: bool) -> String {
    let mut out = String::new();
    if first && !t.notes.is_empty() {
        out.push('\n');
    }
    for n in &t.notes {
        let _ = writeln!(out, "- {}", md_escape(n));
    }
    out
}

fn render_markdown(t: &Table) -> String {
    let mut out = markdown_head(t, &numeric_columns(t));
    out.push_str(&markdown_rows(t));
    out.push_str(&markdown_notes(t, true));
    out
}

/// A table as CSV, with its header line or (`header` false, for the later parts of a table
/// written in parts) without.
pub fn csv(t: &Table, header: bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    if header {
        let _ = w.write_record(&t.columns);
    }
    for r in &t.rows {
        let _ = w.write_record(r.iter().map(|c| match c {
            Cell::Text(s) => spreadsheet_safe(s).into_owned(),
            c => c.text(),
        }));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn render_csv(t: &Table) -> String {
    csv(t, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new("unis", "Universities", &["id", "tên", "score"]);
        t.push(vec!["tlu".into(), "Thủy lợi".into(), Cell::Float(0.5, 2)]);
        t.push(vec![
            "hust".into(),
            "Bách khoa, Hà Nội".into(),
            Cell::Float(12.345, 2),
        ]);
        t
    }

    #[test]
    fn text_aligns_by_display_width_and_right_aligns_numbers() {
        let s = render(&[sample()], Format::Table);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "Universities");
        assert_eq!(lines[1], "id    tên                score");
        assert_eq!(lines[3], "tlu   Thủy lợi            0.50");
        assert_eq!(lines[4], "hust  Bách khoa, Hà Nội  12.35");
    }

    #[test]
    fn csv_quotes_commas() {
        let s = render(&[sample()], Format::Csv);
        assert_eq!(
            s,
            "id,tên,score\ntlu,Thủy lợi,0.50\nhust,\"Bách khoa, Hà Nội\",12.35\n"
        );
    }

    #[test]
    fn json_keeps_numbers_typed() {
        let v: Value = serde_json::from_str(&render(&[sample()], Format::Json)).unwrap();
        assert_eq!(v[1]["score"], serde_json::json!(12.35));
        assert_eq!(v[0]["tên"], "Thủy lợi");
    }

    #[test]
    fn markdown_escapes_pipes() {
        let mut t = Table::new("x", "", &["a"]);
        t.push(vec!["x|y".into()]);
        assert_eq!(
            render(&[t], Format::Markdown),
            "| a |\n| --- |\n| x\\|y |\n"
        );
    }
}
