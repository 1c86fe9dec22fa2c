//! The compsoc Social Network Science tables (`sns/`, Lietz 2020, GESIS): a folder of
//! tab-separated files with a header row.
//!
//! | file | columns used |
//! | --- | --- |
//! | `publications.txt` | `publication_id`, `time` (year), `subfield_id` |
//! | `authors.txt` | `author_id`, `author` (`HANIFAN,_L_J` → `HANIFAN, L J`) |
//! | `authorships.txt` | `publication_id`, `author_id` |
//! | `subfields.txt` | `subfield_id`, `subfield` (code), `subfield_name` |
//! | `words.txt`, `usages.txt` (optional) | `word_id`, `word`; `publication_id`, `word_id` |
//!
//! The words a publication uses (`RURAL_SCHOOL` → `rural school`) become terms of its
//! authors' profiles (`terms.csv`); they are not matched against the keyword table. A usage
//! that names an unknown word or publication is ignored (the words are an extra, not a record).
//!
//! A publication is a record; its authors are researchers `sns:{author_id}`. The data has no
//! affiliations, so every researcher belongs to the placeholder institution `unknown`, and the
//! dataset's fields are the data's own subfields (ids: the codes in lower case, `css`, `es`,
//! `ns`, `sna`, `spe`): each publication counts for its subfield. There are no citation counts
//! (h-index 0). Bad rows (a non-numeric id, an unknown reference, a year outside 1900–2100) are
//! bad records of their file; a bad row of `authors.txt` or `authorships.txt` counts among the
//! records read and dropped as well.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::record::MAX_NAME_CHARS;
use super::{
    clean_text, file_problem, parse_year, read_text, record_problem, Author, ReadOutcome, Record,
};
use crate::load::Problem;
use crate::model::Field;

/// One tab-separated file: its rows (line number, cells) after the header, and the header map.
struct Tsv {
    name: String,
    cols: Vec<usize>,
    rows: Vec<(u64, Vec<String>)>,
}

fn tsv(dir: &Path, file: &str, want: &[&str], fatal: &mut crate::load::Problems) -> Option<Tsv> {
    let path = dir.join(file);
    let name = path.display().to_string();
    let text = match read_text(&path) {
        Ok(t) => t,
        Err(p) => {
            fatal.push(p);
            return None;
        }
    };
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = lines
        .next()
        .map(|(_, h)| h.split('\t').map(|c| c.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let mut cols = Vec::new();
    for w in want {
        match header.iter().position(|h| h == w) {
            Some(i) => cols.push(i),
            None => {
                fatal.push(file_problem(
                    &name,
                    format!(
                        "missing column `{w}` (a compsoc {file} has {})",
                        want.join(", ")
                    ),
                ));
                return None;
            }
        }
    }
    let rows = lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            (
                i as u64 + 1,
                l.trim_end_matches('\r')
                    .split('\t')
                    .map(|c| c.trim().to_string())
                    .collect(),
            )
        })
        .collect();
    Some(Tsv { name, cols, rows })
}

impl Tsv {
    fn cell<'a>(&self, row: &'a [String], c: usize) -> &'a str {
        row.get(self.cols[c]).map_or("", String::as_str)
    }
}

/// Reads a compsoc folder: the records and the fields (its subfields).
pub fn read(dir: &Path) -> (ReadOutcome, Vec<Field>) {
    let mut out = ReadOutcome::default();
    if !dir.is_dir() {
        out.fatal.push(file_problem(
            &dir.display().to_string(),
            "not a folder: compsoc imports read a folder holding publications.txt, authors.txt, authorships.txt and subfields.txt".into(),
        ));
        return (out, Vec::new());
    }
    let subs = tsv(
        dir,
        "subfields.txt",
        &["subfield_id", "subfield", "subfield_name"],
        &mut out.fatal,
    );
    let pubs = tsv(
        dir,
        "publications.txt",
        &["publication_id", "time", "subfield_id"],
        &mut out.fatal,
    );
    let authors = tsv(dir, "authors.txt", &["author_id", "author"], &mut out.fatal);
    let ships = tsv(
        dir,
        "authorships.txt",
        &["publication_id", "author_id"],
        &mut out.fatal,
    );
    let (Some(subs), Some(pubs), Some(authors), Some(ships)) = (subs, pubs, authors, ships) else {
        return (out, Vec::new());
    };

    let mut fields = Vec::new();
    let mut field_of: FxHashMap<String, String> = FxHashMap::default();
    for (line, row) in &subs.rows {
        let (id, code, name) = (subs.cell(row, 0), subs.cell(row, 1), subs.cell(row, 2));
        if id.is_empty() || code.is_empty() {
            out.fatal.push(Problem {
                file: subs.name.clone(),
                line: Some(*line),
                column: None,
                message: "a subfield needs an id and a code".into(),
            });
            continue;
        }
        let fid = code.to_lowercase().replace(';', ",");
        field_of.insert(id.to_string(), fid.clone());
        fields.push(Field {
            id: fid,
            name_vi: name.to_string(),
            name_en: if name.is_empty() {
                code.to_string()
            } else {
                name.to_string()
            },
            aliases: vec![code.to_string()],
            related: Vec::new(),
        });
    }

    let mut names: FxHashMap<&str, String> = FxHashMap::default();
    for (n, (line, row)) in authors.rows.iter().enumerate() {
        let (id, raw) = (authors.cell(row, 0), authors.cell(row, 1));
        if id.parse::<u64>().is_err() || raw.is_empty() {
            out.read += 1;
            out.bad += 1;
            out.problems.push(record_problem(
                &authors.name,
                Some(*line),
                n + 1,
                format!("author id {id:?} is not a number or the name is empty"),
            ));
            continue;
        }
        let checked = if raw.chars().count() > MAX_NAME_CHARS {
            Err(format!(
                "the name is {} characters long: expected at most {MAX_NAME_CHARS}",
                raw.chars().count()
            ))
        } else {
            clean_text("the name", &raw.replace(",_", ", ").replace('_', " "))
        };
        match checked {
            Ok(clean) => {
                out.cleaned += usize::from(clean.is_some());
                names.insert(
                    id,
                    clean.unwrap_or_else(|| raw.replace(",_", ", ").replace('_', " ")),
                );
            }
            Err(e) => {
                out.read += 1;
                out.bad += 1;
                out.problems
                    .push(record_problem(&authors.name, Some(*line), n + 1, e));
            }
        }
    }

    // Publications in file order; authors attached by authorships.
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut records: Vec<Option<Record>> = Vec::new();
    for (n, (line, row)) in pubs.rows.iter().enumerate() {
        out.read += 1;
        let (id, time, sub) = (pubs.cell(row, 0), pubs.cell(row, 1), pubs.cell(row, 2));
        let mut errors = Vec::new();
        let year = parse_year(time).map_err(|e| errors.push(e)).ok();
        if id.is_empty() {
            errors.push("no publication_id".into());
        }
        let field = match field_of.get(sub) {
            Some(f) => vec![f.clone()],
            None if sub == "-1" || sub.is_empty() => Vec::new(),
            None => {
                errors.push(format!(
                    "unknown subfield_id {sub:?}: expected an id from subfields.txt"
                ));
                Vec::new()
            }
        };
        if !errors.is_empty() {
            out.bad += 1;
            for e in errors {
                out.problems
                    .push(record_problem(&pubs.name, Some(*line), n + 1, e));
            }
            records.push(None);
            continue;
        }
        index.insert(id, records.len());
        records.push(Some(Record {
            year: year.unwrap_or(0),
            citations: None,
            authors: Vec::new(),
            keywords: Vec::new(),
            fields: field,
            ..Record::default()
        }));
    }
    for (n, (line, row)) in ships.rows.iter().enumerate() {
        let (p, a) = (ships.cell(row, 0), ships.cell(row, 1));
        let problem = match (index.get(p), names.get(a)) {
            (Some(&i), Some(name)) => {
                if let Some(r) = records[i].as_mut() {
                    r.authors.push(Author {
                        id: Some(format!("sns:{a}")),
                        name: name.clone(),
                        affiliations: Vec::new(),
                    });
                }
                None
            }
            (None, _) if pubs.rows.iter().any(|(_, r)| pubs.cell(r, 0) == p) => None,
            (None, _) => Some(format!(
                "unknown publication_id {p:?}: expected an id from publications.txt"
            )),
            (_, None) => Some(format!(
                "unknown author_id {a:?}: expected an id from authors.txt"
            )),
        };
        if let Some(m) = problem {
            out.read += 1;
            out.bad += 1;
            out.problems
                .push(record_problem(&ships.name, Some(*line), n + 1, m));
        }
    }
    add_words(dir, &index, &mut records, &mut out.fatal);
    out.records = records.into_iter().flatten().collect();
    (out, fields)
}

/// Attaches the optional `words.txt` / `usages.txt` to the publications as terms.
fn add_words(
    dir: &Path,
    index: &FxHashMap<&str, usize>,
    records: &mut [Option<Record>],
    fatal: &mut crate::load::Problems,
) {
    if !dir.join("words.txt").is_file() || !dir.join("usages.txt").is_file() {
        return;
    }
    let (Some(words), Some(usages)) = (
        tsv(dir, "words.txt", &["word_id", "word"], fatal),
        tsv(dir, "usages.txt", &["publication_id", "word_id"], fatal),
    ) else {
        return;
    };
    let word: FxHashMap<&str, String> = words
        .rows
        .iter()
        .map(|(_, r)| {
            (
                words.cell(r, 0),
                words.cell(r, 1).replace('_', " ").to_lowercase(),
            )
        })
        .filter(|(_, w)| !w.trim().is_empty())
        .collect();
    for (_, r) in &usages.rows {
        let (Some(&i), Some(w)) = (index.get(usages.cell(r, 0)), word.get(usages.cell(r, 1)))
        else {
            continue;
        };
        if let Some(rec) = records[i].as_mut() {
            rec.terms.push(w.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_folder_with_a_bad_authorship() {
        let dir = tempfile::tempdir().unwrap();
        let w = |f: &str, s: &str| std::fs::write(dir.path().join(f), s).unwrap();
        w(
            "subfields.txt",
            "subfield_id\tsubfield\tsubfield_name\n0\tCSS\tComputational Social Science\n",
        );
        w("publications.txt", "publication_id\tpublication\ttime\ttime_slice_id\ttype\tsubfield_id\tsubdomain_id\n0\tA_1990\t1990\t0\tARTICLE\t0\t-1\n1\tB_1995\t1995\t0\tARTICLE\t0\t-1\n");
        w(
            "authors.txt",
            "author_id\tauthor\n0\tHANIFAN,_L_J\n1\tYULE,_G_U\n",
        );
        w(
            "authorships.txt",
            "publication_id\tauthor_id\n0\t0\n0\t1\n1\t7\n",
        );
        let (out, fields) = read(dir.path());
        assert_eq!(fields[0].id, "css");
        assert_eq!((out.read, out.bad, out.records.len()), (3, 1, 2));
        assert_eq!(out.records[0].authors[0].name, "HANIFAN, L J");
        assert_eq!(out.records[0].fields, ["css"]);
        let msg = out.problems.iter().next().unwrap().to_string();
        assert!(msg.ends_with("authorships.txt:4: record 3: unknown author_id \"7\": expected an id from authors.txt"), "{msg}");
    }
}
