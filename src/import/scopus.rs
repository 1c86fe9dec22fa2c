//! Scopus CSV exports.
//!
//! Fields are separated by `,` as Scopus writes them, or by `;` or tabs when the export was
//! saved again from a spreadsheet (chosen from the header row). Columns are found by header
//! name (any order, case ignored, BOM stripped): **`Authors`** and
//! **`Year`** are required; `Author full names` (newer exports: `Wu, Haowei (58737453200)`),
//! `Author(s) ID`, `Authors with affiliations`, `Affiliations`, `Author Keywords`,
//! `Index Keywords` and `Cited by` are used when present. Without `Author(s) ID` (older exports)
//! researchers are keyed by name and institution.
//!
//! - Authors are separated by `;` (newer exports, and any file where a cell has a `;`) or by
//!   `,` (older exports: `Phillips J.C., Braun R.`; a suffix item stays with its name,
//!   `Borras S.M., Jr.`, and `Fecil'ak, P., Pekár, A.` is read in pairs, see `comma_authors`).
//!   `[No author name available]` means none.
//! - Author ids are matched to authors by position; a different count is a bad record.
//! - `Authors with affiliations` has one `;`-separated entry per author: the author's name,
//!   then `, affiliation…`. The name is `Surname, Initials` or `Surname, Given names` in most
//!   exports and `Surname I.` (no comma, as in `Authors`) in the `;`-separated exports of
//!   recent years; it is recognised as the author's name in `Authors` or `Author full names`,
//!   else by its shape (`affiliation_text`). Several affiliations of one author are joined
//!   with `, ` like the parts of one: they are split apart by the record's `Affiliations` list, else after each
//!   part naming a country (`split_affiliations`). When the count differs from the
//!   authors', the record's `Affiliations` is used if it names a single affiliation,
//!   otherwise the authors have none.
//! - Rows with more cells than the header (a stray trailing field, as in exports with a second
//!   funding-text column) are read by header position and counted; the extra cells are ignored.
//!   Rows with fewer cells are bad records: the record was cut short (a truncated file).

use std::path::Path;

use super::{
    check_text, file_problem, parse_year, read_text, record_problem, Affiliation, Author,
    ReadOutcome, Record,
};

/// Reads one Scopus CSV file.
pub fn read(path: &Path) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let name = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err(p) => {
            out.fatal.push(p);
            return out;
        }
    };
    read_str(&name, &text, &mut out);
    out
}

/// Column positions in the header.
struct Cols {
    authors: usize,
    year: usize,
    full_names: Option<usize>,
    ids: Option<usize>,
    with_affiliations: Option<usize>,
    affiliations: Option<usize>,
    author_keywords: Option<usize>,
    index_keywords: Option<usize>,
    title: Option<usize>,
    cited_by: Option<usize>,
}

/// The field delimiter of the file, from its header row: `,` as Scopus writes it, or `;` or a
/// tab when the export was saved again from a spreadsheet (Excel writes `;` in locales whose
/// decimal mark is a comma, Vietnamese among them). A Scopus header has none of the three
/// inside its column names.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    match counts {
        [c, s, t] if s > c && s >= t => b';',
        [c, s, t] if t > c && t > s => b'\t',
        _ => b',',
    }
}

pub(crate) fn read_str(name: &str, text: &str, out: &mut ReadOutcome) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Some(Err(e)) => {
            out.fatal
                .push(file_problem(name, format!("malformed CSV header: {e}")));
            return;
        }
        None => {
            out.fatal.push(file_problem(
                name,
                "empty file: expected a Scopus CSV export with a header row".into(),
            ));
            return;
        }
    };
    let find = |n: &str| header.iter().position(|h| h == n);
    let (Some(authors), Some(year)) = (find("authors"), find("year")) else {
        let missing: Vec<&str> = ["Authors", "Year"]
            .into_iter()
            .filter(|c| find(&c.to_lowercase()).is_none())
            .collect();
        out.fatal.push(file_problem(
            name,
            format!(
                "missing column{} {}: not a Scopus CSV export (expected Authors, Year, Author(s) ID, Affiliations…)",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ),
        ));
        return;
    };
    let cols = Cols {
        authors,
        year,
        full_names: find("author full names"),
        ids: find("author(s) id"),
        with_affiliations: find("authors with affiliations"),
        affiliations: find("affiliations"),
        author_keywords: find("author keywords"),
        index_keywords: find("index keywords"),
        title: find("title"),
        cited_by: find("cited by"),
    };
    let width = header.len();
    // Rows are parsed first so that the author separator can be chosen for the whole file.
    let mut rows: Vec<(usize, u64, csv::StringRecord)> = Vec::new();
    let mut n = 0usize;
    for r in records {
        n += 1;
        match r {
            Ok(rec) => {
                if rec.iter().all(|c| c.trim().is_empty()) {
                    n -= 1;
                    continue;
                }
                let line = rec.position().map_or(0, |p| p.line());
                rows.push((n, line, rec));
            }
            Err(e) => {
                out.read += 1;
                out.bad += 1;
                let line = e.position().map(|p| p.line());
                out.problems
                    .push(record_problem(name, line, n, format!("malformed CSV: {e}")));
            }
        }
    }
    let semicolons = cols.full_names.is_some()
        || rows
            .iter()
            .any(|(_, _, r)| r.get(cols.authors).is_some_and(|a| a.contains(';')));
    for (n, line, rec) in rows {
        out.read += 1;
        if rec.len() > width {
            out.extra_cells += 1;
        }
        if rec.len() < width {
            out.bad += 1;
            out.problems.push(record_problem(
                name,
                Some(line),
                n,
                short_record(rec.len(), width),
            ));
            continue;
        }
        match record(&rec, &cols, semicolons).and_then(|r| check_text(r, &mut out.cleaned)) {
            Ok(r) => out.records.push(r),
            Err(msgs) => {
                out.bad += 1;
                for m in msgs {
                    out.problems.push(record_problem(name, Some(line), n, m));
                }
            }
        }
    }
}

/// The problem of a row with fewer cells than the header: a record cut short, as in an export
/// that was truncated or not saved completely.
pub(crate) fn short_record(cells: usize, width: usize) -> String {
    format!(
        "{cells} cell{} but the header has {width}: the record is cut short (is the export complete?)",
        if cells == 1 { "" } else { "s" }
    )
}

fn cell(rec: &csv::StringRecord, c: Option<usize>) -> &str {
    c.and_then(|i| rec.get(i)).map_or("", str::trim)
}

/// Items of a `;`-separated cell, trimmed, empty ones dropped.
fn list(s: &str) -> Vec<&str> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// The affiliation part of one `Authors with affiliations` entry, after the author's name;
/// `None` when the entry is the name alone. `known` holds the author's names as other columns
/// give them (`Authors`, `Author full names`): an entry that starts with one of them and a comma
/// continues with the affiliations. Otherwise the name's shape decides: a first comma part
/// that ends with initials after a space (`Mridha H.A.`, `Nguyen V.-A.`) is the whole name
/// (recent exports); else the name is `Surname, Initials` and takes two comma parts.
pub(crate) fn affiliation_text<'a>(entry: &'a str, known: &[&str]) -> Option<&'a str> {
    let entry = entry.trim();
    for name in known.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if let Some(rest) = entry.strip_prefix(name) {
            if let Some(rest) = rest.trim_start().strip_prefix(',') {
                let rest = rest.trim();
                return (!rest.is_empty()).then_some(rest);
            }
            if rest.trim().is_empty() {
                return None;
            }
        }
    }
    let (first, rest) = entry.split_once(',')?;
    let one_part = first
        .trim()
        .rsplit_once(char::is_whitespace)
        .is_some_and(|(_, last)| is_initials(last));
    let rest = if one_part {
        rest
    } else {
        rest.split_once(',')?.1
    };
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// Initials: "H.A.", "T.-H.", "Ch." — capitals, each piece one letter or a capital and a small
/// letter, never a suffix ("Hudson Jr., J." is Surname, Initials).
fn is_initials(w: &str) -> bool {
    let pieces: Vec<&str> = w.split(['.', '-']).filter(|p| !p.is_empty()).collect();
    w.ends_with('.')
        && !is_suffix(w)
        && !pieces.is_empty()
        && pieces.iter().all(|p| {
            let mut c = p.chars();
            let first = c.next().is_some_and(char::is_uppercase);
            let rest: Vec<char> = c.collect();
            first && (rest.is_empty() || (rest.len() == 1 && rest[0].is_lowercase()))
        })
}

/// A name suffix that older exports set apart with a comma ("Borras S.M., Jr.").
fn is_suffix(w: &str) -> bool {
    matches!(w.trim(), "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV")
}

/// The authors of an older, comma-separated `Authors` cell. A suffix item joins the name before
/// it ("Borras S.M., Jr." → "Borras S.M. Jr."); a list that alternates surnames and initials
/// ("Fecil'ak, P., Pekár, A.", as some exports write it) is read in pairs ("Fecil'ak, P."), and
/// so is a list of exactly twice as many items as the record has author ids ("Olsen, David L."
/// with one id).
pub(crate) fn comma_authors(cell: &str, ids: usize) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in cell.split(',').map(str::trim).filter(|x| !x.is_empty()) {
        match items.last_mut() {
            Some(prev) if is_suffix(item) => {
                prev.push(' ');
                prev.push_str(item);
            }
            _ => items.push(item.to_string()),
        }
    }
    // A surname: not initials, and not a short-form name that ends with them ("Nguyen V.A.").
    let surname = |x: &str| !is_initials(x) && !is_initials(x.rsplit(' ').next().unwrap_or(x));
    let paired = items.len() >= 2
        && items.len() % 2 == 0
        && items.iter().step_by(2).all(|x| surname(x))
        && (items.len() == 2 * ids || items.iter().skip(1).step_by(2).all(|x| is_initials(x)));
    if paired {
        items
            .chunks(2)
            .map(|p| format!("{}, {}", p[0], p[1]))
            .collect()
    } else {
        items
    }
}

/// One author's affiliations from their `Authors with affiliations` text, where Scopus joins
/// several affiliations with `, ` like the parts of one: an affiliation of the record's
/// `Affiliations` list that the text continues with is one affiliation (the longest that
/// fits), otherwise an affiliation runs up to and including the next part that names a
/// country (Scopus ends each affiliation with its country), or to the end.
pub(crate) fn split_affiliations(text: &str, known: &[&str]) -> Vec<String> {
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let known: Vec<Vec<&str>> = known
        .iter()
        .map(|k| {
            k.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|k| !k.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let rest = &parts[i..];
        let n = known
            .iter()
            .filter(|k| rest.starts_with(k))
            .map(Vec::len)
            .max()
            .unwrap_or_else(|| {
                rest.iter()
                    .position(|p| super::affiliation::country_part(p).is_some())
                    .map_or(rest.len(), |j| j + 1)
            });
        out.push(rest[..n].join(", "));
        i += n;
    }
    out
}

fn record(rec: &csv::StringRecord, c: &Cols, semicolons: bool) -> Result<Record, Vec<String>> {
    let mut errors = Vec::new();
    let year = parse_year(cell(rec, Some(c.year)))
        .map_err(|e| errors.push(e))
        .ok();
    let raw_ids = cell(rec, c.ids);
    let ids: Vec<&str> = if raw_ids.starts_with("[No author") {
        Vec::new()
    } else {
        list(raw_ids)
    };
    let raw_authors = cell(rec, Some(c.authors));
    let names: Vec<String> = if raw_authors.starts_with("[No author") || raw_authors.is_empty() {
        Vec::new()
    } else if semicolons {
        list(raw_authors).into_iter().map(str::to_string).collect()
    } else {
        comma_authors(raw_authors, ids.len())
    };
    // Full names "Wu, Haowei (58737453200)" replace the short ones when they line up.
    let full: Vec<String> = list(cell(rec, c.full_names))
        .into_iter()
        .map(|f| match f.rfind(" (") {
            Some(i) if f.ends_with(')') => f[..i].trim().to_string(),
            _ => f.to_string(),
        })
        .collect();
    let short = names.clone();
    let names = if full.len() == names.len() {
        full
    } else {
        names
    };
    if c.ids.is_some() && !names.is_empty() && !ids.is_empty() && ids.len() != names.len() {
        errors.push(format!(
            "{} authors but {} author ids in `Author(s) ID`",
            names.len(),
            ids.len()
        ));
    }
    if let Some(bad) = ids.iter().find(|i| !i.chars().all(|c| c.is_ascii_digit())) {
        errors.push(format!(
            "author id {bad:?} is not a Scopus author id (digits)"
        ));
    }
    let citations = match cell(rec, c.cited_by) {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(format!("`Cited by` {s:?} is not a whole number"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let with_aff = list(cell(rec, c.with_affiliations));
    let affs = list(cell(rec, c.affiliations));
    let affiliations_of = |i: usize| -> Vec<Affiliation> {
        let texts: Vec<String> = if with_aff.len() == names.len() {
            let known = [short[i].as_str(), names[i].as_str()];
            affiliation_text(with_aff[i], &known)
                .map(|t| split_affiliations(t, &affs))
                .unwrap_or_default()
        } else if affs.len() == 1 {
            vec![affs[0].to_string()]
        } else {
            Vec::new()
        };
        texts
            .into_iter()
            .filter(|t| !t.is_empty())
            .map(|text| Affiliation {
                text,
                ..Affiliation::default()
            })
            .collect()
    };
    let authors = names
        .iter()
        .enumerate()
        .map(|(i, name)| Author {
            id: ids.get(i).map(|id| format!("scopus:{id}")),
            name: name.clone(),
            affiliations: affiliations_of(i),
        })
        .collect();
    let mut keywords: Vec<String> = list(cell(rec, c.author_keywords))
        .into_iter()
        .map(str::to_string)
        .collect();
    keywords.extend(
        list(cell(rec, c.index_keywords))
            .into_iter()
            .map(str::to_string),
    );
    Ok(Record {
        year: year.unwrap_or(0),
        citations,
        authors,
        keywords,
        fields: Vec::new(),
        title: cell(rec, c.title).trim().to_string(),
        terms: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ReadOutcome {
        let mut out = ReadOutcome::default();
        read_str("s.csv", text, &mut out);
        out
    }

    #[test]
    fn new_export_with_ids_full_names_and_affiliations() {
        let out = parse(
            "\"Authors\",\"Author full names\",\"Author(s) ID\",\"Title\",\"Year\",\"Cited by\",\"Authors with affiliations\",\"Author Keywords\",\"Index Keywords\"\n\
             \"Wu, H.; Cui, H.\",\"Wu, Haowei (111); Cui, Hui Ling (222)\",\"111; 222\",\"T\",\"2024\",\"7\",\"Wu, Haowei, Dept A, Univ X, Beijing, China; Cui, Hui Ling, Thuyloi University, Hanoi, Viet Nam\",\"soil; carbon\",\"Carbon cycle\"\n",
        );
        assert_eq!(out.read, 1);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let r = &out.records[0];
        assert_eq!((r.year, r.citations), (2024, Some(7)));
        assert_eq!(r.authors[0].id.as_deref(), Some("scopus:111"));
        assert_eq!(r.authors[1].name, "Cui, Hui Ling");
        assert_eq!(
            r.authors[1].affiliations[0].text,
            "Thuyloi University, Hanoi, Viet Nam"
        );
        assert_eq!(r.keywords, ["soil", "carbon", "Carbon cycle"]);
    }

    #[test]
    fn old_export_without_ids_separates_authors_by_commas() {
        let out = parse(
            "Authors,Title,Year,Affiliations,Authors with affiliations\n\
             \"Yagai T., Kimura Y.\",T,2016,\"Sophia University, Tokyo, Japan; Meiji University, Kanagawa, Japan\",\"Yagai, T., Sophia University, Tokyo, Japan; Kimura, Y., Meiji University, Kanagawa, Japan\"\n",
        );
        let r = &out.records[0];
        assert_eq!(r.authors.len(), 2);
        assert_eq!(r.authors[1].name, "Kimura Y.");
        assert!(r.authors[1].id.is_none());
        assert_eq!(
            r.authors[1].affiliations[0].text,
            "Meiji University, Kanagawa, Japan"
        );
    }

    /// Recent `;`-separated exports write the name as in `Authors` ("Mridha H.A.", no comma):
    /// the affiliation starts right after it (a first version took the name to be two comma
    /// parts and kept "Durham, NC, United States" — a city — dropping the university).
    #[test]
    fn recent_export_names_without_a_comma_keep_the_whole_affiliation() {
        let out = parse(
            "Authors,Author(s) ID,Year,Affiliations,Authors with affiliations\n\
             \"Mridha H.A.; Khan F.C.; Crockett G.; Lê T.-H.\",\"1; 2; 3; 4\",2023,\"North Carolina Central University, Durham, NC, United States; University of Colorado, Colorado Springs, CO, United States; Thuyloi University, Hanoi, Viet Nam\",\"Mridha H.A., North Carolina Central University, Durham, NC, United States; Khan F.C., Department of Economics, University of Colorado, Colorado Springs, CO, United States; Crockett G.; Lê T.-H., Thuyloi University, Hanoi, Viet Nam\"\n",
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let texts = |i: usize| -> Vec<String> {
            out.records[0].authors[i]
                .affiliations
                .iter()
                .map(|a| a.text.clone())
                .collect()
        };
        assert_eq!(
            texts(0),
            ["North Carolina Central University, Durham, NC, United States"]
        );
        assert_eq!(
            texts(1),
            ["Department of Economics, University of Colorado, Colorado Springs, CO, United States"]
        );
        assert!(texts(2).is_empty(), "{:?}", texts(2));
        assert_eq!(texts(3), ["Thuyloi University, Hanoi, Viet Nam"]);
    }

    /// An export saved again from a spreadsheet with `;` (Excel in a Vietnamese locale) or tabs
    /// reads as the comma-separated one.
    #[test]
    fn semicolon_and_tab_separated_saves_read_as_the_export() {
        let csv = "\"Authors\",\"Author(s) ID\",\"Year\",\"Affiliations\"\n\"Lê T.-H.; Wu H.\",\"1; 2\",\"2024\",\"Thuyloi University, Hanoi, Viet Nam\"\n";
        let semi = "Authors;Author(s) ID;Year;Affiliations\n\"Lê T.-H.; Wu H.\";\"1; 2\";2024;\"Thuyloi University, Hanoi, Viet Nam\"\n";
        let tab = "Authors\tAuthor(s) ID\tYear\tAffiliations\nLê T.-H.; Wu H.\t1; 2\t2024\tThuyloi University, Hanoi, Viet Nam\n";
        assert_eq!(
            (delimiter(csv), delimiter(semi), delimiter(tab)),
            (b',', b';', b'\t')
        );
        let want = format!("{:?}", parse(csv).records);
        assert!(want.contains("Thuyloi University"), "{want}");
        for other in [semi, tab] {
            let out = parse(other);
            assert!(
                out.problems.is_empty() && out.fatal.is_empty(),
                "{:?}",
                out.problems
            );
            assert_eq!(format!("{:?}", out.records), want);
        }
    }

    #[test]
    fn comma_separated_authors_keep_suffixes_and_pairs() {
        assert_eq!(
            comma_authors("Yagai T., Kimura Y.", 0),
            ["Yagai T.", "Kimura Y."]
        );
        assert_eq!(
            comma_authors("Borras S.M., Jr., Franco J.C.", 2),
            ["Borras S.M. Jr.", "Franco J.C."]
        );
        assert_eq!(
            comma_authors("Fecil'ak, P., Pekár, A., Ádám, N.", 0),
            ["Fecil'ak, P.", "Pekár, A.", "Ádám, N."]
        );
        assert_eq!(
            comma_authors("Astutik, R.P., Winarno, H.A.", 0),
            ["Astutik, R.P.", "Winarno, H.A."]
        );
        // Two short-form names are not a pair: the first ends with initials.
        assert_eq!(
            comma_authors("Nguyen V.A., Tran B.", 0),
            ["Nguyen V.A.", "Tran B."]
        );
        // A full name with a comma and one author id.
        assert_eq!(comma_authors("Olsen, David L.", 1), ["Olsen, David L."]);
        assert_eq!(comma_authors("Olsen, David L.", 0), ["Olsen", "David L."]);
        // With the ids, a paired list lines up: no "10 authors but 5 ids".
        let out = parse(
            "Authors,Author(s) ID,Year\n\"Fecil'ak, P., Pekár, A.\",\"54901979400;55260386600;\",2020\n\"Borras S.M., Jr., Franco J.C.\",\"6701483596;24398674400;\",2018\n",
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        assert_eq!(out.records[0].authors[1].name, "Pekár, A.");
        assert_eq!(
            out.records[1].authors[0].id.as_deref(),
            Some("scopus:6701483596")
        );
    }

    #[test]
    fn affiliation_text_by_name_and_by_shape() {
        fn t<'a>(e: &'a str, k: &[&str]) -> Option<&'a str> {
            affiliation_text(e, k)
        }
        // Known names first, in either form.
        assert_eq!(
            t("Wu, Haowei, Univ X, China", &["Wu H.", "Wu, Haowei"]),
            Some("Univ X, China")
        );
        assert_eq!(
            t("Wu H., Univ X, China", &["Wu H.", "Wu, Haowei"]),
            Some("Univ X, China")
        );
        assert_eq!(t("Wu H.", &["Wu H."]), None);
        // By shape: initials after a space end the name; otherwise it takes two parts.
        assert_eq!(
            t("Smith J.R., MIT, Cambridge, United States", &[]),
            Some("MIT, Cambridge, United States")
        );
        assert_eq!(
            t("Smith, J.R., MIT, Cambridge, United States", &[]),
            Some("MIT, Cambridge, United States")
        );
        assert_eq!(
            t(
                "Nguyen, Van An, Hanoi University of Science and Technology, Hanoi, Viet Nam",
                &[]
            ),
            Some("Hanoi University of Science and Technology, Hanoi, Viet Nam")
        );
        assert_eq!(t("Smith, J.R.", &[]), None);
        // A suffix is no initial: "Hudson Jr., J., …" (metaknowledge Scopus sample).
        assert_eq!(
            t(
                "Hudson Jr., J., Research Genetics, Huntsville, AL 35801, United States",
                &["Hudson Jr. J."]
            ),
            Some("Research Genetics, Huntsville, AL 35801, United States")
        );
        assert_eq!(t("Knudson Jr., A.G.", &["Knudson Jr. A.G."]), None);
        assert_eq!(
            t("Lê T.-H., Thuyloi University, Viet Nam", &[]),
            Some("Thuyloi University, Viet Nam")
        );
        assert_eq!(t("Smith J.R.", &[]), None);
    }

    #[test]
    fn bad_records_name_their_number_and_line() {
        let out = parse(
            "Authors,Author(s) ID,Year\n\"A B.\",1,2001\n\"A B., C D.\",1;,20x1\n\"E F.\",2,1850\n",
        );
        assert_eq!((out.read, out.bad, out.records.len()), (3, 2, 1));
        let msgs: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "s.csv:3: record 2: year \"20x1\" is not a year: expected 1900 to 2100",
                "s.csv:3: record 2: 2 authors but 1 author ids in `Author(s) ID`",
                "s.csv:4: record 3: year \"1850\" is out of range: expected 1900 to 2100",
            ]
        );
    }

    #[test]
    fn stray_trailing_field_is_read_and_counted() {
        let out = parse("Authors,Year,EID\n\"A B.\",2001,x,stray\n");
        assert_eq!((out.read, out.bad, out.extra_cells), (1, 0, 1));
    }

    #[test]
    fn missing_year_column_is_fatal() {
        let out = parse("Authors,Title\nA,B\n");
        assert_eq!(out.fatal.total(), 1);
        assert!(out
            .fatal
            .iter()
            .next()
            .unwrap()
            .message
            .contains("missing column Year"));
    }

    #[test]
    fn several_affiliations_of_one_author_are_kept_apart() {
        // Real entries of the biblium Scopus sample (record 3).
        let known = [
            "Henley Business School, Reading, United Kingdom",
            "Faculty of Economics and Management, Free University of Bozen-Bolzano, Bolzano, Italy",
            "School of Management, Swansea, United Kingdom",
            "Department of Management, Symbiosis Institute of Business Management, Pune, Pune, India",
            "Alma Mater Studiorum Università di Bologna, Bologna, Italy",
        ];
        assert_eq!(
            split_affiliations(
                "Henley Business School, Reading, United Kingdom, Alma Mater Studiorum Università di Bologna, Bologna, Italy",
                &known
            ),
            [
                "Henley Business School, Reading, United Kingdom",
                "Alma Mater Studiorum Università di Bologna, Bologna, Italy"
            ]
        );
        // Without the Affiliations list, each affiliation ends at its country.
        assert_eq!(
            split_affiliations(
                "School of Management, Swansea, United Kingdom, Department of Management, Symbiosis Institute of Business Management, Pune, Pune, India",
                &[]
            ),
            [
                "School of Management, Swansea, United Kingdom",
                "Department of Management, Symbiosis Institute of Business Management, Pune, Pune, India"
            ]
        );
        // "National University of Singapore" ends with a country name but is no country part.
        assert_eq!(
            split_affiliations("Dept X, National University of Singapore, Singapore", &[]),
            ["Dept X, National University of Singapore, Singapore"]
        );
        let out = parse(
            "Authors,Author(s) ID,Year,Affiliations,Authors with affiliations\n\
             \"Dwivedi Y.K.\",1,2023,\"School of Management, Swansea, United Kingdom; Symbiosis Institute, Pune, India\",\"Dwivedi, Y.K., School of Management, Swansea, United Kingdom, Symbiosis Institute, Pune, India\"\n",
        );
        let texts: Vec<&str> = out.records[0].authors[0]
            .affiliations
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "School of Management, Swansea, United Kingdom",
                "Symbiosis Institute, Pune, India"
            ]
        );
    }

    #[test]
    fn a_record_cut_short_is_a_bad_record_with_its_line() {
        let out = parse("Authors,Year,Title,EID\n\"A B.\",2001,T,e1\n\"C D.\",2002,\"Cut mid");
        assert_eq!((out.read, out.bad, out.records.len()), (2, 1, 1));
        let msgs: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs,
            ["s.csv:3: record 2: 3 cells but the header has 4: the record is cut short (is the export complete?)"]
        );
    }
}
