//! Affiliation strings taken apart: comma parts, parenthesised segments, Web of Science
//! abbreviations (`Univ`, `Technol`, `Engn`) expanded, how institution-like a part is
//! ([`org_tier`]), and the merge key and slug of an organisation name. Pure functions over
//! text; [`super::institutions`] decides what becomes an institution.

use crate::text::fold;

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
pub(super) fn expanded_words(s: &str) -> Vec<String> {
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
pub(super) fn org_key(name: &str) -> String {
    expanded_words(name)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How institution-like a comma part is: 4 for universities, 3 for colleges and academies, 2
/// for institutes, hospitals, companies, 1 for departments and labs, 0 otherwise.
pub(super) fn org_tier(part: &str) -> u8 {
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
pub(super) fn parts(text: &str) -> Vec<&str> {
    text.split(',')
        .map(|p| p.trim().trim_end_matches('.').trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `text` without parenthesised segments, and the segments.
pub(super) fn split_parens(text: &str) -> (String, Vec<String>) {
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

/// Folded words joined by `-`, at most 80 characters (cut at a word boundary).
pub(super) fn slug(folded: &str) -> String {
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
