//! OpenAlex works: the API's JSON (a list of works, one work, or a response whose `results` is
//! the list), JSON Lines (one work a line; by extension `.jsonl`/`.ndjson`, or any file that is
//! not one JSON document), and the CSV the OpenAlex web interface exports (by extension `.csv`).
//!
//! From a work: `publication_year`, `cited_by_count`, `authorships` (author `id` →
//! `openalex:A…`, `display_name`; each of the authorship's `institutions` with its
//! `display_name`, `country_code` and `id`, else each raw affiliation string), and for
//! expertise the `topics` (topic and subfield names) and `keywords` display names.
//!
//! The web CSV flattens lists: `authorships.*` columns hold one value per author separated by
//! `|`, but `authorships.raw_affiliation_strings` and `authorships.institutions` (Python-style
//! dicts) list affiliations of all authors together. They are matched to authors by position
//! only when there is one raw affiliation string per author (each string is then mapped to its
//! institution through `authorships.affiliations`), else when there is one institution item
//! per author (an empty item for an author without one); when the work names a single
//! institution every author gets it; otherwise the work's authors have no affiliation there.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::{
    check_text, file_problem, parse_year, read_text, record_problem, Affiliation, Author,
    ReadOutcome, Record,
};

/// Reads one OpenAlex file (JSON, JSON Lines or CSV).
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
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(&name, &text, &mut out),
        "jsonl" | "ndjson" => read_jsonl(&name, &text, &mut out),
        _ => read_json(&name, &text, &mut out),
    }
    out
}

/// A whole JSON document, or JSON Lines when the document does not parse as one value but its
/// first line does.
pub(crate) fn read_json(name: &str, text: &str, out: &mut ReadOutcome) {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => {
            let works: Vec<Value> = match v {
                Value::Array(a) => a,
                Value::Object(mut o) => match o.remove("results") {
                    Some(Value::Array(a)) => a,
                    Some(_) => {
                        out.fatal.push(file_problem(
                            name,
                            "`results` is not a list of works".into(),
                        ));
                        return;
                    }
                    None => vec![Value::Object(o)],
                },
                _ => {
                    out.fatal.push(file_problem(
                        name,
                        "expected OpenAlex works: a JSON list, an object with `results`, or one work".into(),
                    ));
                    return;
                }
            };
            for (i, w) in works.iter().enumerate() {
                push(name, None, i + 1, work(w), out);
            }
        }
        Err(e) => {
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            if serde_json::from_str::<Value>(first).is_ok() {
                read_jsonl(name, text, out);
            } else {
                out.fatal.push(crate::load::Problem {
                    file: name.to_string(),
                    line: Some(e.line() as u64),
                    column: None,
                    message: format!("invalid JSON: {e}"),
                });
            }
        }
    }
}

/// One work a line; blank lines are skipped.
pub(crate) fn read_jsonl(name: &str, text: &str, out: &mut ReadOutcome) {
    let mut n = 0;
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        n += 1;
        let r = match serde_json::from_str::<Value>(l) {
            Ok(v) => work(&v),
            Err(e) => Err(vec![format!("invalid JSON: {e}")]),
        };
        push(name, Some(i as u64 + 1), n, r, out);
    }
}

fn push(
    name: &str,
    line: Option<u64>,
    n: usize,
    r: Result<Record, Vec<String>>,
    out: &mut ReadOutcome,
) {
    out.read += 1;
    match r.and_then(|r| check_text(r, &mut out.cleaned)) {
        Ok(r) => out.records.push(r),
        Err(msgs) => {
            out.bad += 1;
            for m in msgs {
                out.problems.push(record_problem(name, line, n, m));
            }
        }
    }
}

/// `https://openalex.org/A123` → `A123`.
fn short_id(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn year_of(v: Option<&Value>) -> Result<u16, String> {
    match v {
        Some(Value::Number(n)) => parse_year(&n.to_string()),
        Some(Value::String(s)) => parse_year(s),
        _ => Err("no publication_year".into()),
    }
}

/// Every affiliation of one authorship of the API, in order: each of its `institutions` with a
/// name (the raw affiliation string that `affiliations` maps to it as the text, else the first
/// raw string for the first institution), or, when it has none, each raw affiliation string.
fn authorship_affiliations(a: &Value) -> Vec<Affiliation> {
    let raws: Vec<&str> = a
        .get("raw_affiliation_strings")
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let insts: Vec<&Value> = a
        .get("institutions")
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter(|i| str_of(i, "display_name").is_some())
                .collect()
        })
        .unwrap_or_default();
    if insts.is_empty() {
        return raws
            .into_iter()
            .map(|text| Affiliation {
                text: text.to_string(),
                ..Affiliation::default()
            })
            .collect();
    }
    // Raw string of each institution id, from `affiliations` (newer API responses).
    let mut raw_of: FxHashMap<&str, &str> = FxHashMap::default();
    for item in a
        .get("affiliations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(raw), Some(ids)) = (
            str_of(item, "raw_affiliation_string"),
            item.get("institution_ids").and_then(Value::as_array),
        ) {
            for id in ids.iter().filter_map(Value::as_str) {
                raw_of.entry(short_id(id)).or_insert(raw);
            }
        }
    }
    insts
        .iter()
        .enumerate()
        .map(|(k, inst)| {
            let sid = str_of(inst, "id").map(short_id);
            let text = sid
                .and_then(|s| raw_of.get(s).copied())
                .or_else(|| if k == 0 { raws.first().copied() } else { None })
                .unwrap_or("");
            Affiliation {
                text: text.to_string(),
                org: str_of(inst, "display_name").map(str::to_string),
                country: str_of(inst, "country_code").map(str::to_string),
                source_id: sid.map(str::to_string),
                org_first: false,
            }
        })
        .collect()
}

/// One work of the API.
fn work(w: &Value) -> Result<Record, Vec<String>> {
    if !w.is_object() {
        return Err(vec!["not a JSON object (an OpenAlex work)".into()]);
    }
    let mut errors = Vec::new();
    let year = year_of(w.get("publication_year"))
        .map_err(|e| errors.push(e))
        .ok();
    let citations = match w.get("cited_by_count") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(c) => Some(c.min(u64::from(u32::MAX)) as u32),
            None => {
                errors.push(format!("cited_by_count {v} is not a whole number"));
                None
            }
        },
    };
    let authorships = match w.get("authorships") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => {
            errors.push("`authorships` is not a list".into());
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut authors = Vec::new();
    for (i, a) in authorships.iter().enumerate() {
        let author = a.get("author").unwrap_or(&Value::Null);
        let id = str_of(author, "id").map(|s| format!("openalex:{}", short_id(s)));
        let name = str_of(author, "display_name")
            .or_else(|| str_of(a, "raw_author_name"))
            .map(str::to_string);
        let Some(name) = name else {
            errors.push(format!("authorship {} has no author name", i + 1));
            continue;
        };
        let affiliations = authorship_affiliations(a);
        authors.push(Author {
            id,
            name,
            affiliations,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut keywords = Vec::new();
    if let Some(ts) = w.get("topics").and_then(Value::as_array) {
        for t in ts {
            keywords.extend(str_of(t, "display_name").map(str::to_string));
            if let Some(sf) = t.get("subfield") {
                keywords.extend(str_of(sf, "display_name").map(str::to_string));
            }
        }
    }
    if let Some(ks) = w.get("keywords").and_then(Value::as_array) {
        for k in ks {
            keywords.extend(str_of(k, "display_name").map(str::to_string));
        }
    }
    let title = str_of(w, "title")
        .or_else(|| str_of(w, "display_name"))
        .unwrap_or_default()
        .to_string();
    Ok(Record {
        year: year.unwrap_or(0),
        citations,
        authors,
        keywords,
        fields: Vec::new(),
        title,
        terms: Vec::new(),
    })
}

/// The web interface's CSV export.
pub(crate) fn read_csv(name: &str, text: &str, out: &mut ReadOutcome) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows = reader.records();
    let header: Vec<String> = match rows.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_string()).collect(),
        _ => {
            out.fatal.push(file_problem(
                name,
                "empty or malformed CSV: expected an OpenAlex CSV export with a header row".into(),
            ));
            return;
        }
    };
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(year), Some(ids)) = (col("publication_year"), col("authorships.author.id")) else {
        out.fatal.push(file_problem(
            name,
            "missing column publication_year or authorships.author.id: not an OpenAlex CSV export"
                .into(),
        ));
        return;
    };
    let c = CsvCols {
        year,
        ids,
        names: col("authorships.author.display_name"),
        raw_names: col("authorships.raw_author_name"),
        raw_affs: col("authorships.raw_affiliation_strings"),
        affs: col("authorships.affiliations"),
        insts: col("authorships.institutions"),
        cited: col("cited_by_count"),
        topics: col("topics.display_name"),
        subfields: col("topics.subfield.display_name"),
        keywords: col("keywords.display_name"),
        title: col("title").or(col("display_name")),
    };
    let width = header.len();
    let mut n = 0;
    for r in rows {
        n += 1;
        match r {
            Ok(rec) => {
                if rec.iter().all(|x| x.trim().is_empty()) {
                    n -= 1;
                    continue;
                }
                if rec.len() > width {
                    out.extra_cells += 1;
                }
                let line = rec.position().map(|p| p.line());
                let work = if rec.len() < width {
                    Err(vec![super::scopus::short_record(rec.len(), width)])
                } else {
                    csv_work(&rec, &c)
                };
                push(name, line, n, work, out);
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                push(name, line, n, Err(vec![format!("malformed CSV: {e}")]), out);
            }
        }
    }
}

struct CsvCols {
    year: usize,
    ids: usize,
    names: Option<usize>,
    raw_names: Option<usize>,
    raw_affs: Option<usize>,
    affs: Option<usize>,
    insts: Option<usize>,
    cited: Option<usize>,
    topics: Option<usize>,
    subfields: Option<usize>,
    keywords: Option<usize>,
    title: Option<usize>,
}

fn get(rec: &csv::StringRecord, c: Option<usize>) -> &str {
    c.and_then(|i| rec.get(i)).map_or("", str::trim)
}

/// Splits on `|` outside quotes, brackets and braces.
fn split_bar(s: &str) -> Vec<String> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for ch in s.chars() {
        if let Some(q) = quote {
            cur.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' if depth > 0 => {
                quote = Some(ch);
                cur.push(ch);
            }
            '{' | '[' => {
                depth += 1;
                cur.push(ch);
            }
            '}' | ']' => {
                depth -= 1;
                cur.push(ch);
            }
            '|' if depth <= 0 => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(ch),
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn csv_work(rec: &csv::StringRecord, c: &CsvCols) -> Result<Record, Vec<String>> {
    let mut errors = Vec::new();
    let year = parse_year(get(rec, Some(c.year)))
        .map_err(|e| errors.push(e))
        .ok();
    let citations = match get(rec, c.cited) {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(format!("cited_by_count {s:?} is not a whole number"));
                None
            }
        },
    };
    let ids = split_bar(get(rec, Some(c.ids)));
    let names = {
        let n = split_bar(get(rec, c.names));
        if n.len() == ids.len() {
            n
        } else {
            split_bar(get(rec, c.raw_names))
        }
    };
    if names.len() != ids.len() {
        errors.push(format!(
            "{} author ids but {} author names in the authorships columns",
            ids.len(),
            names.len()
        ));
    }
    // Institutions by OpenAlex id (and in item order: one item per author when every author
    // has at most one), and raw affiliation string → institution id.
    let mut insts: FxHashMap<String, (String, Option<String>)> = FxHashMap::default();
    let mut inst_items: Vec<Option<String>> = Vec::new();
    for item in split_bar(get(rec, c.insts)) {
        if item.is_empty() {
            inst_items.push(None);
            continue;
        }
        match pyliteral::parse(&item) {
            Ok(v) => match (str_of(&v, "id"), str_of(&v, "display_name")) {
                (Some(id), Some(dn)) => {
                    let id = short_id(id).to_string();
                    insts.insert(
                        id.clone(),
                        (
                            dn.to_string(),
                            str_of(&v, "country_code").map(str::to_string),
                        ),
                    );
                    inst_items.push(Some(id));
                }
                _ => inst_items.push(None),
            },
            Err(e) => errors.push(format!("authorships.institutions: {e}")),
        }
    }
    let mut raw_to_inst: FxHashMap<String, String> = FxHashMap::default();
    for item in split_bar(get(rec, c.affs))
        .into_iter()
        .filter(|i| !i.is_empty())
    {
        match pyliteral::parse(&item) {
            Ok(v) => {
                let raw = str_of(&v, "raw_affiliation_string");
                let first = v
                    .get("institution_ids")
                    .and_then(Value::as_array)
                    .and_then(|a| a.iter().filter_map(Value::as_str).next());
                if let (Some(raw), Some(id)) = (raw, first) {
                    raw_to_inst.insert(raw.to_string(), short_id(id).to_string());
                }
            }
            Err(e) => errors.push(format!("authorships.affiliations: {e}")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let raws = split_bar(get(rec, c.raw_affs));
    let affiliation_from = |raw: Option<&str>, inst_id: Option<&str>| -> Option<Affiliation> {
        let raw = raw.filter(|r| !r.is_empty());
        let inst_id = inst_id.or_else(|| raw.and_then(|r| raw_to_inst.get(r)).map(String::as_str));
        match inst_id.and_then(|i| insts.get(i).map(|x| (i, x))) {
            Some((i, (dn, cc))) => Some(Affiliation {
                text: raw.unwrap_or("").to_string(),
                org: Some(dn.clone()),
                country: cc.clone(),
                source_id: Some(i.to_string()),
                org_first: false,
            }),
            None => raw.map(|r| Affiliation {
                text: r.to_string(),
                ..Affiliation::default()
            }),
        }
    };
    let mut distinct: Vec<&String> = inst_items.iter().flatten().collect();
    distinct.sort();
    distinct.dedup();
    let single = (distinct.len() == 1).then(|| distinct[0].clone());
    let authors = ids
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(i, (id, name))| Author {
            id: (!id.is_empty()).then(|| format!("openalex:{}", short_id(id))),
            name: name.clone(),
            affiliations: if raws.len() == ids.len() {
                affiliation_from(Some(&raws[i]), None)
            } else if inst_items.len() == ids.len() {
                inst_items[i]
                    .as_deref()
                    .and_then(|x| affiliation_from(None, Some(x)))
            } else if let Some(s) = &single {
                affiliation_from(None, Some(s))
            } else {
                None
            }
            .into_iter()
            .collect(),
        })
        .collect();
    let mut keywords = Vec::new();
    for col in [c.topics, c.subfields, c.keywords] {
        keywords.extend(
            split_bar(get(rec, col))
                .into_iter()
                .filter(|s| !s.is_empty()),
        );
    }
    Ok(Record {
        year: year.unwrap_or(0),
        citations,
        authors,
        keywords,
        fields: Vec::new(),
        title: get(rec, c.title).to_string(),
        terms: Vec::new(),
    })
}

/// A parser for the Python literals (`repr` of dicts, lists, strings, numbers, `None`, `True`,
/// `False`) that the OpenAlex CSV export writes inside cells, into JSON values.
mod pyliteral {
    use serde_json::{Map, Value};

    /// Lists and dicts nested deeper than this are an error, not a stack overflow (OpenAlex
    /// nests three levels; serde_json stops at 128).
    pub const MAX_DEPTH: usize = 64;

    pub fn parse(s: &str) -> Result<Value, String> {
        let chars: Vec<char> = s.chars().collect();
        let mut p = Parser {
            s: &chars,
            i: 0,
            depth: 0,
        };
        let v = p.value()?;
        p.ws();
        if p.i != chars.len() {
            return Err(format!(
                "unexpected {:?} after a Python literal at character {}",
                chars[p.i],
                p.i + 1
            ));
        }
        Ok(v)
    }

    struct Parser<'a> {
        s: &'a [char],
        i: usize,
        /// Lists and dicts open around the current position.
        depth: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_whitespace() {
                self.i += 1;
            }
        }

        fn peek(&self) -> Option<char> {
            self.s.get(self.i).copied()
        }

        fn expect(&mut self, c: char) -> Result<(), String> {
            self.ws();
            if self.peek() == Some(c) {
                self.i += 1;
                Ok(())
            } else {
                Err(format!("expected {c:?} at character {}", self.i + 1))
            }
        }

        /// Enters a list or dict at the current position.
        fn open(&mut self) -> Result<(), String> {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(format!(
                    "lists and dicts nested deeper than {MAX_DEPTH} levels at character {}: expected an OpenAlex literal",
                    self.i + 1
                ));
            }
            self.i += 1;
            Ok(())
        }

        fn value(&mut self) -> Result<Value, String> {
            self.ws();
            match self.peek() {
                Some('{') => {
                    self.open()?;
                    let mut m = Map::new();
                    loop {
                        self.ws();
                        if self.peek() == Some('}') {
                            self.i += 1;
                            self.depth -= 1;
                            return Ok(Value::Object(m));
                        }
                        let k = match self.value()? {
                            Value::String(s) => s,
                            other => other.to_string(),
                        };
                        self.expect(':')?;
                        let v = self.value()?;
                        m.insert(k, v);
                        self.ws();
                        match self.peek() {
                            Some(',') => self.i += 1,
                            Some('}') => {}
                            _ => {
                                return Err(format!(
                                    "expected ',' or '}}' at character {}",
                                    self.i + 1
                                ))
                            }
                        }
                    }
                }
                Some('[') | Some('(') => {
                    let close = if self.peek() == Some('[') { ']' } else { ')' };
                    self.open()?;
                    let mut v = Vec::new();
                    loop {
                        self.ws();
                        if self.peek() == Some(close) {
                            self.i += 1;
                            self.depth -= 1;
                            return Ok(Value::Array(v));
                        }
                        v.push(self.value()?);
                        self.ws();
                        match self.peek() {
                            Some(',') => self.i += 1,
                            Some(c) if c == close => {}
                            _ => {
                                return Err(format!(
                                    "expected ',' or {close:?} at character {}",
                                    self.i + 1
                                ))
                            }
                        }
                    }
                }
                Some(q @ ('\'' | '"')) => {
                    self.i += 1;
                    let mut out = String::new();
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        match c {
                            '\\' => {
                                let e = self.peek().ok_or("unterminated string")?;
                                self.i += 1;
                                out.push(match e {
                                    'n' => '\n',
                                    't' => '\t',
                                    'r' => '\r',
                                    other => other,
                                });
                            }
                            c if c == q => return Ok(Value::String(out)),
                            c => out.push(c),
                        }
                    }
                    Err("unterminated string".into())
                }
                Some(_) => {
                    let start = self.i;
                    while self
                        .peek()
                        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
                    {
                        self.i += 1;
                    }
                    let word: String = self.s[start..self.i].iter().collect();
                    match word.as_str() {
                        "None" => Ok(Value::Null),
                        "True" => Ok(Value::Bool(true)),
                        "False" => Ok(Value::Bool(false)),
                        "" => Err(format!(
                            "unexpected {:?} at character {}",
                            self.s[start],
                            start + 1
                        )),
                        w => w
                            .parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map(Value::Number)
                            .ok_or_else(|| format!("{w:?} is not a Python literal")),
                    }
                }
                None => Err("unexpected end of a Python literal".into()),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn python_dicts_with_both_quote_styles() {
            let v = parse(r#"{'id': 'https://openalex.org/I1', 'display_name': "Queen's University", 'lineage': ['a', 'b'], 'x': None, 'ok': True, 'n': 1.5}"#).unwrap();
            assert_eq!(v["display_name"], "Queen's University");
            assert_eq!(v["lineage"][1], "b");
            assert!(v["x"].is_null());
            assert_eq!(v["ok"], true);
            assert_eq!(v["n"], 1.5);
            assert!(parse("{'a': ").is_err());
        }

        #[test]
        fn nesting_is_bounded() {
            let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
            assert!(parse(&ok).is_ok());
            let deep = "[".repeat(50_000);
            assert_eq!(
                parse(&deep).unwrap_err(),
                format!("lists and dicts nested deeper than {MAX_DEPTH} levels at character 65: expected an OpenAlex literal")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_split_outside_literals_only() {
        assert_eq!(split_bar("a|b||c"), ["a", "b", "", "c"]);
        assert_eq!(
            split_bar("{'x': 'a|b'}|{'y': 1}"),
            ["{'x': 'a|b'}", "{'y': 1}"]
        );
        assert!(split_bar("").is_empty());
    }

    #[test]
    fn api_work_with_institutions_and_topics() {
        let w: Value = serde_json::from_str(
            r#"{"id":"https://openalex.org/W1","publication_year":2020,"cited_by_count":3,
            "authorships":[{"author":{"id":"https://openalex.org/A1","display_name":"Nguyễn Văn An"},
              "institutions":[{"id":"https://openalex.org/I9","display_name":"Thuyloi University","country_code":"VN"}],
              "raw_affiliation_strings":["Thuyloi University, Hanoi, Vietnam"]},
             {"author":{"id":null,"display_name":"B"},"institutions":[],"raw_affiliation_strings":[]}],
            "topics":[{"display_name":"Flood Risk Assessment","subfield":{"display_name":"Water Science and Technology"}}],
            "keywords":[{"display_name":"Hydrology"}]}"#,
        )
        .unwrap();
        let r = work(&w).unwrap();
        assert_eq!((r.year, r.citations), (2020, Some(3)));
        assert_eq!(r.authors[0].id.as_deref(), Some("openalex:A1"));
        let a = &r.authors[0].affiliations[0];
        assert_eq!(
            (
                a.org.as_deref(),
                a.country.as_deref(),
                a.source_id.as_deref()
            ),
            (Some("Thuyloi University"), Some("VN"), Some("I9"))
        );
        assert!(r.authors[1].id.is_none() && r.authors[1].affiliations.is_empty());
        assert_eq!(
            r.keywords,
            [
                "Flood Risk Assessment",
                "Water Science and Technology",
                "Hydrology"
            ]
        );
    }

    #[test]
    fn jsonl_bad_line_is_reported_with_record_and_line() {
        let mut out = ReadOutcome::default();
        read_json(
            "w.jsonl",
            "{\"publication_year\":2001,\"authorships\":[]}\n\n{\"publication_year\":\"x\"}\n{oops\n",
            &mut out,
        );
        assert_eq!((out.read, out.bad), (3, 2));
        let msgs: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs[0].starts_with("w.jsonl:3: record 2: year \"x\""),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("w.jsonl:4: record 3: invalid JSON"),
            "{msgs:?}"
        );
    }
}
