//! Web of Science exports: plain text ("tagged") and tab-delimited.
//!
//! **Tab-delimited** (`Tab-delimited (Win, UTF-8)` and the like): a header row of the same
//! two-letter tags (`PT`, `AU`, `AF`, `C1`, …), then one record a row. A cell holds what the
//! tagged form spreads over lines: `AU` and `AF` one author per `;` item, `C1` one address per
//! `;` item outside the author brackets (`[A, B; C, D] Univ X, …; [E, F] Univ Y, …`). Each row
//! is read as the tagged record it stands for, so both forms give the same records. It is
//! recognised by its first line starting with `PT` and a tab.
//!
//! **Plain text**: a record runs from `PT` to `ER`; each line starts with a two-character tag, and lines
//! starting with three spaces continue the previous tag. Used tags: `AU`/`AF` (one author a
//! line; `AF` full names preferred), `C1` (one address a line, `[Author; Author] Organisation,
//! …, Country`), `RP` (reprint address), `DE` and `ID` (keywords, `;`-separated, continued over
//! lines), `PY` (year; the `EA` early-access date when `PY` is absent) and `TC` (citations).
//! Other tags are ignored. `FN`, `VR` and `EF` frame the file.
//!
//! Addresses: an author named in bracketed `C1` lines gets every such address, in order. Records
//! without brackets (before 2008 Web of Science did not link authors to addresses) give every
//! author the single address when there is one, else the reprint author the `RP` address and
//! everyone else the first address. The organisation is the address's first comma part
//! unless that is a unit, an address or the city alone.
//! Researchers are keyed by name and institution (Web of Science exports have no author ids).

use std::path::Path;

use super::{
    check_text, file_problem, parse_year, read_text, record_problem, Affiliation, Author,
    ReadOutcome, Record,
};
use crate::text::fold;

/// Reads one Web of Science plain-text file.
pub fn read(path: &Path) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let name = path.display().to_string();
    match read_text(path) {
        Ok(t) => read_str(&name, &t, &mut out),
        Err(p) => out.fatal.push(p),
    }
    out
}

/// One record's tags: (tag, lines), in order.
#[derive(Default)]
struct Raw {
    line: u64,
    tags: Vec<(String, Vec<String>)>,
    errors: Vec<String>,
}

impl Raw {
    fn get(&self, tag: &str) -> Option<&[String]> {
        self.tags
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, v)| v.as_slice())
    }
}

pub(crate) fn read_str(name: &str, text: &str, out: &mut ReadOutcome) {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if first.starts_with("PT\t") {
        return read_tab(name, text.trim_start_matches('\u{feff}'), out);
    }
    let mut current: Option<Raw> = None;
    let mut n = 0usize;
    let mut saw_record = false;
    for (i, l) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() {
            continue;
        }
        if let Some(rest) = l.strip_prefix("   ") {
            if let Some(r) = current.as_mut() {
                match r.tags.last_mut() {
                    Some((_, v)) => v.push(rest.trim().to_string()),
                    None => r
                        .errors
                        .push(format!("line {line_no}: continuation line before any tag")),
                }
            }
            continue;
        }
        let (tag, value) = match l.char_indices().nth(2) {
            Some((i, ' ')) => (&l[..i], l[i + 1..].trim()),
            None if l.chars().count() == 2 => (l, ""),
            _ => ("", l),
        };
        let valid_tag = tag.len() == 2
            && tag.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && tag
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        match (valid_tag, tag) {
            (true, "FN" | "VR") if current.is_none() => {}
            (true, "EF") => {
                if let Some(raw) = current.take() {
                    n += 1;
                    let mut raw = raw;
                    raw.errors
                        .push("no ER line at the end of the record".into());
                    finish(name, raw, n, out);
                }
            }
            (true, "PT") => {
                if let Some(mut raw) = current.take() {
                    n += 1;
                    raw.errors.push(format!(
                        "no ER line before the next record (line {line_no})"
                    ));
                    finish(name, raw, n, out);
                }
                saw_record = true;
                current = Some(Raw {
                    line: line_no,
                    tags: vec![("PT".into(), vec![value.to_string()])],
                    errors: Vec::new(),
                });
            }
            (true, "ER") => match current.take() {
                Some(raw) => {
                    n += 1;
                    finish(name, raw, n, out);
                }
                None => out.problems.push(record_problem(
                    name,
                    Some(line_no),
                    n + 1,
                    "ER without a record (no PT line before it)".into(),
                )),
            },
            (true, t) => match current.as_mut() {
                Some(r) => r.tags.push((t.to_string(), vec![value.to_string()])),
                None => {
                    out.fatal.push(file_problem(
                        name,
                        format!("line {line_no}: tag {t} outside a record: not a Web of Science plain-text export (records start with PT)"),
                    ));
                    return;
                }
            },
            (false, _) => match current.as_mut() {
                Some(r) => r.errors.push(format!(
                    "line {line_no}: {:?} is not a tagged line",
                    truncate(l)
                )),
                None => {
                    out.fatal.push(file_problem(
                        name,
                        format!("line {line_no}: {:?} is not a Web of Science plain-text line (records start with PT) nor a tab-delimited header (PT, a tab, AU, …)", truncate(l)),
                    ));
                    return;
                }
            },
        }
    }
    if let Some(mut raw) = current.take() {
        n += 1;
        raw.errors
            .push("the file ends inside the record (no ER line)".into());
        finish(name, raw, n, out);
    }
    if !saw_record && out.fatal.is_empty() {
        out.fatal.push(file_problem(
            name,
            "no records: expected PT … ER blocks of a Web of Science plain-text export".into(),
        ));
    }
}

/// Record `n` (read from `raw`, starting on `raw.line`) into `out`: counted, then the record
/// or its problems.
fn finish(name: &str, raw: Raw, n: usize, out: &mut ReadOutcome) {
    out.read += 1;
    let line = raw.line;
    match record(raw).and_then(|r| check_text(r, &mut out.cleaned)) {
        Ok(r) => out.records.push(r),
        Err(msgs) => {
            out.bad += 1;
            for m in msgs {
                out.problems.push(record_problem(name, Some(line), n, m));
            }
        }
    }
}

/// The tab-delimited form: the header names the tags; every row is one record, each cell
/// split into the lines the tagged form would have.
fn read_tab(name: &str, text: &str, out: &mut ReadOutcome) {
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Vec<String> = Vec::new();
    let mut n = 0usize;
    for (i, row) in rows.records().enumerate() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                out.fatal.push(file_problem(
                    name,
                    format!("not readable as tab-delimited text: {e}"),
                ));
                return;
            }
        };
        let line = row.position().map_or(i as u64 + 1, |p| p.line());
        if i == 0 {
            header = row.iter().map(|t| t.trim().to_string()).collect();
            continue;
        }
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        n += 1;
        let mut raw = Raw {
            line,
            ..Raw::default()
        };
        if row.len() < header.len().saturating_sub(1) {
            raw.errors.push(format!(
                "{} cells but the header has {}: the record is cut short (is the export complete?)",
                row.len(),
                header.len()
            ));
        }
        for (tag, cell) in header.iter().zip(row.iter()) {
            let cell = cell.trim();
            if tag.len() != 2 || cell.is_empty() {
                continue;
            }
            let lines: Vec<String> = match tag.as_str() {
                "AU" | "AF" => cell
                    .split(';')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect(),
                "C1" => addresses_of_cell(cell),
                _ => vec![cell.to_string()],
            };
            raw.tags.push((tag.clone(), lines));
        }
        finish(name, raw, n, out);
    }
    if n == 0 && out.fatal.is_empty() {
        out.fatal.push(file_problem(
            name,
            "no records: a tab-delimited Web of Science header and no rows under it".into(),
        ));
    }
}

/// The `C1` cell of a tab-delimited record: its addresses, split at the `;` outside the author
/// brackets.
fn addresses_of_cell(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in cell.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                out.push(cell[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(cell[start..].trim().to_string());
    out.retain(|a| !a.is_empty());
    out
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// `;`-separated items of lines joined by spaces.
fn joined_list(lines: &[String]) -> Vec<String> {
    lines
        .join(" ")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A C1 line: the authors in brackets (folded) and the address.
fn address(line: &str) -> (Vec<String>, String) {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            let names = rest[..end]
                .split(';')
                .map(fold)
                .filter(|s| !s.is_empty())
                .collect();
            return (
                names,
                rest[end + 1..].trim().trim_end_matches('.').to_string(),
            );
        }
    }
    (Vec::new(), line.trim_end_matches('.').to_string())
}

fn record(raw: Raw) -> Result<Record, Vec<String>> {
    let mut errors = raw.errors.clone();
    let year = match raw.get("PY").and_then(|v| v.first()) {
        Some(y) => parse_year(y).map_err(|e| errors.push(e)).ok(),
        None => match raw.get("EA").and_then(|v| v.first()) {
            Some(ea) => {
                let y = ea.split_whitespace().last().unwrap_or("");
                parse_year(y)
                    .map_err(|e| errors.push(format!("EA: {e}")))
                    .ok()
            }
            None => {
                errors.push("no PY (publication year) tag".into());
                None
            }
        },
    };
    let citations = match raw.get("TC").and_then(|v| v.first()) {
        None => None,
        Some(s) => match s.trim().parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(format!("TC {s:?} is not a whole number of citations"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let au: Vec<&String> = raw
        .get("AU")
        .unwrap_or(&[])
        .iter()
        .filter(|s| !s.is_empty())
        .collect();
    let af: Vec<&String> = raw
        .get("AF")
        .unwrap_or(&[])
        .iter()
        .filter(|s| !s.is_empty())
        .collect();
    let names: Vec<&String> = if !af.is_empty() && (af.len() == au.len() || au.is_empty()) {
        af
    } else {
        au
    };
    let addresses: Vec<(Vec<String>, String)> = raw
        .get("C1")
        .unwrap_or(&[])
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| address(s))
        .collect();
    let bracketed = addresses.iter().any(|(n, _)| !n.is_empty());
    let reprint: Option<(String, String)> = raw.get("RP").and_then(|v| v.first()).and_then(|rp| {
        let (who, addr) = rp.split_once("),")?;
        let who = who.split(" (").next()?.trim();
        Some((fold(who), addr.trim().trim_end_matches('.').to_string()))
    });
    let short: Vec<String> = raw
        .get("AU")
        .unwrap_or(&[])
        .iter()
        .map(|s| fold(s))
        .collect();
    let affiliations = |i: usize, name: &str| -> Vec<String> {
        let key = fold(name);
        if bracketed {
            return addresses
                .iter()
                .filter(|(ns, _)| ns.contains(&key))
                .map(|(_, a)| a.clone())
                .collect();
        }
        match addresses.len() {
            0 => Vec::new(),
            1 => vec![addresses[0].1.clone()],
            _ => match &reprint {
                Some((who, addr)) if *who == key || short.get(i) == Some(who) => {
                    vec![addr.clone()]
                }
                _ => vec![addresses[0].1.clone()],
            },
        }
    };
    let authors = names
        .iter()
        .enumerate()
        .map(|(i, n)| Author {
            id: None,
            name: n.to_string(),
            affiliations: affiliations(i, n)
                .into_iter()
                .filter(|t| !t.is_empty())
                .map(|text| Affiliation {
                    text,
                    org_first: true,
                    ..Affiliation::default()
                })
                .collect(),
        })
        .collect();
    let mut keywords = joined_list(raw.get("DE").unwrap_or(&[]));
    keywords.extend(joined_list(raw.get("ID").unwrap_or(&[])));
    Ok(Record {
        year: year.unwrap_or(0),
        citations,
        authors,
        keywords,
        fields: Vec::new(),
        title: raw.get("TI").map(|l| l.join(" ")).unwrap_or_default(),
        terms: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ReadOutcome {
        let mut out = ReadOutcome::default();
        read_str("w.txt", text, &mut out);
        out
    }

    const TWO: &str = "FN Clarivate Analytics Web of Science\nVR 1.0\n\
PT J\nAU Lang, XN\n   Li, L\nAF Lang, Xiaona\n   Li, Lu\nDE diabetes; wound\n   healing; bibliometrics\nID GENE-THERAPY;\n   FOOT\n\
C1 [Lang, Xiaona] Tianjin Hosp, Pharm Dept, Tianjin, Peoples R China.\n   [Li, Lu] Thuyloi Univ, Hanoi, Vietnam.\nTC 12\nPY 2023\nER\n\n\
PT J\nAU BREVIK, I\nC1 UNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY.\nPY 1979\nER\nEF\n";

    #[test]
    fn tags_continuations_and_bracketed_addresses() {
        let out = parse(TWO);
        assert_eq!((out.read, out.bad), (2, 0), "{:?}", out.problems);
        let r = &out.records[0];
        assert_eq!((r.year, r.citations), (2023, Some(12)));
        assert_eq!(r.authors[0].name, "Lang, Xiaona");
        assert_eq!(
            r.authors[0].affiliations[0].text,
            "Tianjin Hosp, Pharm Dept, Tianjin, Peoples R China"
        );
        assert_eq!(
            r.authors[1].affiliations[0].text,
            "Thuyloi Univ, Hanoi, Vietnam"
        );
        assert_eq!(
            r.keywords,
            [
                "diabetes",
                "wound healing",
                "bibliometrics",
                "GENE-THERAPY",
                "FOOT"
            ]
        );
        let old = &out.records[1];
        assert_eq!(old.authors[0].name, "BREVIK, I");
        assert_eq!(
            old.authors[0].affiliations[0].text,
            "UNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY"
        );
    }

    #[test]
    fn bad_records_are_numbered_and_the_rest_read() {
        let out =
            parse("PT J\nAU A, B\nPY 20x3\nER\nPT J\nAU C, D\nPY 2001\nER\nPT J\nAU E, F\nER\n");
        assert_eq!((out.read, out.bad, out.records.len()), (3, 2, 1));
        let msgs: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "w.txt:1: record 1: year \"20x3\" is not a year: expected 1900 to 2100",
                "w.txt:9: record 3: no PY (publication year) tag",
            ]
        );
    }

    #[test]
    fn missing_er_is_a_bad_record() {
        let out = parse("PT J\nAU A, B\nPY 2001\nPT J\nAU C, D\nPY 2002\nER\n");
        assert_eq!((out.read, out.bad), (2, 1));
        assert!(out
            .problems
            .iter()
            .next()
            .unwrap()
            .message
            .contains("no ER line before the next record"));
    }

    /// The tab-delimited form of the two records of `TWO` gives the same records.
    #[test]
    fn tab_delimited_rows_read_as_their_tagged_records() {
        let tab = "\u{feff}PT\tAU\tAF\tTI\tDE\tID\tC1\tRP\tTC\tPY\tUT\t\n\
J\tLang, XN; Li, L\tLang, Xiaona; Li, Lu\t\tdiabetes; wound healing; bibliometrics\tGENE-THERAPY; FOOT\t[Lang, Xiaona] Tianjin Hosp, Pharm Dept, Tianjin, Peoples R China.; [Li, Lu] Thuyloi Univ, Hanoi, Vietnam.\t\t12\t2023\tWOS:1\t\n\
J\tBREVIK, I\t\t\t\t\tUNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY.\t\t\t1979\tWOS:2\t\n";
        let (a, b) = (parse(TWO), parse(tab));
        assert_eq!((b.read, b.bad), (2, 0), "{:?}", b.problems);
        assert_eq!(format!("{:?}", a.records), format!("{:?}", b.records));
        // Two authors in one bracket, two addresses.
        assert_eq!(
            addresses_of_cell("[A, B; C, D] Univ X, Hanoi, Vietnam; [E, F] Univ Y, Hue, Vietnam"),
            [
                "[A, B; C, D] Univ X, Hanoi, Vietnam",
                "[E, F] Univ Y, Hue, Vietnam"
            ]
        );
        // A bad row is numbered with its line; the others are read.
        let bad = parse("PT\tAU\tPY\nJ\tA, B\t20x1\nJ\tC, D\t2001\n");
        assert_eq!((bad.read, bad.bad, bad.records.len()), (2, 1, 1));
        assert_eq!(
            bad.problems.iter().next().unwrap().to_string(),
            "w.txt:2: record 1: year \"20x1\" is not a year: expected 1900 to 2100"
        );
    }

    #[test]
    fn not_a_wos_file_is_fatal() {
        let out = parse("Authors,Title,Year\nA,B,2001\n");
        assert_eq!(out.fatal.total(), 1);
    }
}
