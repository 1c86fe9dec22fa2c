//! Errors of the loading layer: one [`Problem`] per bad cell, row, column or file, each with its
//! position, collected into [`Problems`] so that all of them are reported at once.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with the input, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (a path, or `<built-in>/g7/…` for the embedded dataset).
    pub file: String,
    /// 1-based line, when the problem belongs to a line.
    pub line: Option<u64>,
    /// 1-based column and its header name, when the problem belongs to a cell.
    pub column: Option<(usize, String)>,
    /// What is wrong and what was expected, lowercase, no trailing period.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some((col, _)) = &self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some((_, name)) = &self.column {
            if !name.is_empty() {
                write!(f, "column `{name}`: ")?;
            }
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in a dataset, in file order then line order.
///
/// Storage is capped at [`Problems::CAP`] entries so that a file of ten million bad rows cannot
/// exhaust memory; [`Problems::total`] still counts them all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    list: Vec<Problem>,
    total: usize,
}

impl Problems {
    pub const CAP: usize = 10_000;

    pub fn push(&mut self, p: Problem) {
        self.total += 1;
        if self.list.len() < Self::CAP {
            self.list.push(p);
        }
    }

    pub fn extend(&mut self, other: Problems) {
        self.total += other.total - other.list.len();
        for p in other.list {
            self.push(p);
        }
    }

    /// Orders the stored problems by file (in [`super::FILES`] order) then line, keeping the
    /// order of problems on the same line.
    pub fn sort_by_position(&mut self) {
        let file_rank = |p: &Problem| {
            super::FILES
                .iter()
                .position(|f| p.file.ends_with(f))
                .unwrap_or(usize::MAX)
        };
        self.list
            .sort_by_key(|p| (file_rank(p), p.file.clone(), p.line.unwrap_or(0)));
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many problems were found (may exceed the number stored).
    pub fn total(&self) -> usize {
        self.total
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// "N problems:" and the first `shown` of them, one per line (for a one-shot error
    /// message).
    pub fn summary(&self, shown: usize) -> String {
        let mut s = format!(
            "{} problem{}:\n",
            self.total,
            if self.total == 1 { "" } else { "s" }
        );
        let _ = self.write_to(&mut s, shown);
        s.truncate(s.trim_end().len());
        s
    }

    /// Writes at most `limit` problems, one per line, then a count of the rest.
    pub fn write_to(&self, out: &mut dyn fmt::Write, limit: usize) -> fmt::Result {
        for p in self.list.iter().take(limit) {
            writeln!(out, "{p}")?;
        }
        let shown = self.list.len().min(limit);
        if self.total > shown {
            writeln!(out, "… and {} more problems", self.total - shown)?;
        }
        Ok(())
    }
}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder itself cannot be read.
    #[error("cannot read dataset folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The data is invalid; every problem found is listed.
    #[error("{} in the dataset{}", plural(problems.total()), first_lines(problems))]
    Invalid { problems: Problems },
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

/// The first problems, for a one-shot error message (`hoptac validate` prints them all).
fn first_lines(problems: &Problems) -> String {
    const SHOWN: usize = 20;
    let mut s = String::from(":\n");
    let _ = problems.write_to(&mut s, SHOWN);
    if problems.total() > SHOWN {
        s.push_str("run `hoptac validate` to see every problem\n");
    }
    s.truncate(s.trim_end().len());
    s
}

impl Problem {
    /// A problem in a TOML file's text: at byte offset `at` (a parser's span), else at the
    /// line of `key` (`section.name`, where `section` is a table header as written between the
    /// brackets, quotes and spaces ignored: `university.hust`, `researcher."hust-0007"`), else
    /// with no position.
    pub fn in_toml(
        path: &str,
        text: &str,
        at: Option<usize>,
        key: Option<&str>,
        message: String,
    ) -> Problem {
        let offset = at.or_else(|| key.and_then(|k| toml_key_offset(text, k)));
        let (line, column) = match offset {
            Some(o) => {
                let before = &text[..o.min(text.len())];
                let line = before.matches('\n').count() as u64 + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (Some(line), Some((col, String::new())))
            }
            None => (None, None),
        };
        Problem {
            file: path.to_string(),
            line,
            column,
            message,
        }
    }
}

/// A TOML table header or key with quotes and spaces removed, for comparison.
fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '\'' | ' ' | '\t'))
        .collect()
}

/// The byte offset of `key` (`section.name`) in a TOML text: the line `name = …` inside
/// `[section]`; for a key with no section, its line before the first header; for a key that
/// names a whole table, its header line.
fn toml_key_offset(text: &str, key: &str) -> Option<usize> {
    let want = bare(key);
    let (section, name) = want.rsplit_once('.').unwrap_or(("", want.as_str()));
    let mut current = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if let Some(h) = t.strip_prefix('[') {
            current = bare(h.trim_start_matches('[').split(']').next().unwrap_or(""));
            if current == want {
                return Some(offset + indent);
            }
        } else if current == section {
            if let Some((k, _)) = t.split_once('=') {
                if bare(k) == name {
                    return Some(offset + indent);
                }
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u64) -> Problem {
        Problem {
            file: "researchers.csv".into(),
            line: Some(line),
            column: Some((3, "university".into())),
            message: "unknown university \"hust2\"".into(),
        }
    }

    #[test]
    fn display_names_file_line_column() {
        assert_eq!(
            p(18).to_string(),
            "researchers.csv:18:3: column `university`: unknown university \"hust2\""
        );
    }

    #[test]
    fn cap_keeps_count() {
        let mut ps = Problems::default();
        for i in 0..(Problems::CAP as u64 + 5) {
            ps.push(p(i));
        }
        assert_eq!(ps.total(), Problems::CAP + 5);
        assert_eq!(ps.iter().count(), Problems::CAP);
        let mut s = String::new();
        ps.write_to(&mut s, 2).unwrap();
        assert!(s.ends_with(&format!("… and {} more problems\n", Problems::CAP + 3)));
    }
}
