//! Records → [`Dataset`]: the steps of [`build`], each a function of its own.
//!
//! - **Researchers** keep the source's author id where there is one (`scopus:…`,
//!   `openalex:A…`, `sns:…`); otherwise a researcher is a name at an institution
//!   (`{name}@{institution}`). A researcher with a source id seen at several institutions
//!   belongs to the one they are affiliated with most often (ties: the latest year, then the
//!   first seen). Name: the first spelling seen. `publications` = records in the import,
//!   `h_index` = the h-index of those records' citation counts (0 when the export has none),
//!   `title` = `other`, `max_teams` = [`DEFAULT_MAX_TEAMS`].
//! - **Institutions** ([`super::institutions`]): those that are some researcher's home, in
//!   order of first appearance; consortium members keep their reference entry.
//! - **Co-authorships**: every pair of distinct researchers on a record, with the number of
//!   records and the first and last year. Records with more than `max_authors` authors (big
//!   consortia) add publications and expertise but no pairs.
//! - **Expertise**: each record's author keywords, index keywords and OpenAlex topics are
//!   matched against the keyword table ([`super::keywords`]); a record counts once per field,
//!   with the best matching weight. A researcher's level in a field is the sum over their
//!   records divided by the sum in their strongest field, rounded to two decimals (at least
//!   0.01).
//! - **Terms** (`terms.csv`, [`record_terms`]): each record's author and index keywords,
//!   OpenAlex topics and keywords, source words (compsoc) and the words of its title
//!   ([`crate::text::title_terms`]), each once by [`crate::text::term_key`]; every term of a
//!   record weighs 1 / (the record's number of terms), and a researcher's weight for a term in
//!   a year is the sum over their records of that year (so every record weighs 1 in total).
//!   Display: the first spelling seen.

use rustc_hash::FxHashMap;

use super::affiliation::slug;
use super::institutions::Institutions;
use super::keywords::KeywordTable;
use super::record::{Author, Record};
use super::{Summary, DEFAULT_MAX_TEAMS};
use crate::model::*;
use crate::text::fold;

/// A short name: the name itself when short, else the initials of its significant words.
fn short_name(name: &str) -> String {
    if name.chars().count() <= 24 {
        return name.to_string();
    }
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| {
            !matches!(
                fold(w).as_str(),
                "" | "of"
                    | "the"
                    | "and"
                    | "for"
                    | "de"
                    | "du"
                    | "des"
                    | "la"
                    | "le"
                    | "di"
                    | "del"
            )
        })
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect();
    if initials.is_empty() {
        name.chars().take(24).collect()
    } else {
        initials
    }
}

/// The h-index of a list of citation counts.
pub fn h_index(citations: &mut [u32]) -> u32 {
    citations.sort_unstable_by(|a, b| b.cmp(a));
    citations
        .iter()
        .enumerate()
        .take_while(|(i, c)| **c as usize > *i)
        .count()
        .min(1000) as u32
}

/// A researcher while building.
struct Person {
    id: Option<String>,
    name: String,
    /// Institution index → how often and when the researcher gave it.
    affiliations: FxHashMap<usize, Tally>,
    /// For name-keyed researchers, the institution is part of the key.
    fixed: Option<usize>,
    citations: Vec<u32>,
    records: u32,
    fields: FxHashMap<usize, f64>,
}

impl Person {
    fn new(id: Option<String>, name: &str, fixed: Option<usize>) -> Person {
        Person {
            id,
            name: name.to_string(),
            affiliations: FxHashMap::default(),
            fixed,
            citations: Vec::new(),
            records: 0,
            fields: FxHashMap::default(),
        }
    }
}

/// One researcher's records at one institution.
#[derive(Clone, Copy, Debug)]
struct Tally {
    /// Records on which it is the first affiliation listed.
    first: u32,
    /// Records on which it is a further affiliation.
    other: u32,
    latest: u16,
    /// When the (researcher, institution) pair was first seen.
    order: usize,
}

/// Researchers while building: found by source id, else by folded name and institution.
#[derive(Default)]
struct People {
    list: Vec<Person>,
    by_id: FxHashMap<String, usize>,
    by_name: FxHashMap<(String, usize), usize>,
    /// Order in which (researcher, institution) affiliations were first seen.
    order: usize,
}

impl People {
    /// The researcher an author entry at institution `inst` is.
    fn person(&mut self, a: &Author, inst: usize) -> usize {
        let list = &mut self.list;
        match &a.id {
            Some(id) => *self.by_id.entry(id.clone()).or_insert_with(|| {
                list.push(Person::new(Some(id.clone()), &a.name, None));
                list.len() - 1
            }),
            None => *self
                .by_name
                .entry((fold(&a.name), inst))
                .or_insert_with(|| {
                    list.push(Person::new(None, &a.name, Some(inst)));
                    list.len() - 1
                }),
        }
    }

    /// Counts one record for researcher `p`, affiliated there with `insts` (first listed
    /// first; empty when unaffiliated).
    fn add_record(
        &mut self,
        p: usize,
        insts: &[usize],
        rec: &Record,
        rec_fields: &FxHashMap<usize, f64>,
    ) {
        let person = &mut self.list[p];
        for (k, &inst) in insts.iter().enumerate() {
            self.order += 1;
            let e = person.affiliations.entry(inst).or_insert(Tally {
                first: 0,
                other: 0,
                latest: 0,
                order: self.order,
            });
            if k == 0 {
                e.first += 1;
            } else {
                e.other += 1;
            }
            e.latest = e.latest.max(rec.year);
        }
        person.records += 1;
        person.citations.push(rec.citations.unwrap_or(0));
        for (&f, &w) in rec_fields {
            *person.fields.entry(f).or_insert(0.0) += w;
        }
    }
}

/// Co-authorship pairs while building: (a, b) with a < b → (records, first year, last year).
type Pairs = FxHashMap<(u32, u32), (u32, u16, u16)>;

/// Builds the dataset from kept records.
pub(super) fn build(
    records: &[Record],
    g7: &[University],
    fields: Vec<Field>,
    table: Option<&KeywordTable>,
    max_authors: usize,
    summary: &mut Summary,
) -> Dataset {
    let mut insts = Institutions::new(g7);
    let field_ix: FxHashMap<&str, usize> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut people = People::default();
    let mut pairs = Pairs::default();
    let mut matches = Vec::new();
    let mut terms = Terms::default();
    for rec in records {
        let rec_fields = record_fields(rec, table, &field_ix, &mut matches);
        let on_record = add_authors(rec, &rec_fields, &mut insts, &mut people, summary);
        terms.add(rec, &on_record);
        if max_authors > 0 && on_record.len() > max_authors {
            summary.records_without_pairs += 1;
            continue;
        }
        add_pairs(&mut pairs, &on_record, rec.year);
    }
    let home = homes(&people.list, &mut insts);
    let (universities, uni_of) = used_institutions(&insts, &home, g7, summary);
    let (researchers, expertise) =
        researchers_and_expertise(&mut people.list, &home, &uni_of, &universities);
    let coauthorships = coauthorships(pairs);
    summary.researchers = researchers.len();
    summary.expertise = expertise.len();
    summary.coauthorships = coauthorships.len();
    let (terms, term_weights) = terms.finish();
    let mut ds = Dataset {
        universities,
        fields,
        researchers,
        expertise: expertise.into(),
        labs: Vec::new(),
        coauthorships: coauthorships.into(),
        terms,
        term_weights,
        ..Dataset::default()
    };
    dedupe_researcher_ids(&mut ds);
    ds.reindex();
    ds
}

/// Term profiles while building: terms by key, and (researcher, term, year) → weight.
#[derive(Default)]
struct Terms {
    list: Vec<Term>,
    by_key: FxHashMap<String, u32>,
    weights: FxHashMap<(u32, u32, u16), f64>,
}

impl Terms {
    /// Adds the terms of one record to each of its researchers.
    fn add(&mut self, rec: &Record, on_record: &[u32]) {
        if on_record.is_empty() {
            return;
        }
        let ts = record_terms(rec);
        if ts.is_empty() {
            return;
        }
        let w = 1.0 / ts.len() as f64;
        for (name, key) in ts {
            let next = self.list.len() as u32;
            let t = *self.by_key.entry(key.clone()).or_insert_with(|| {
                self.list.push(Term { name, key });
                next
            });
            for &r in on_record {
                *self.weights.entry((r, t, rec.year)).or_insert(0.0) += w;
            }
        }
    }

    /// The terms and the rows sorted by (researcher, term, year), weights rounded as
    /// `terms.csv` writes them (so that a re-loaded import is the same dataset).
    fn finish(self) -> (Vec<Term>, Vec<TermWeight>) {
        let mut rows: Vec<TermWeight> = self
            .weights
            .into_iter()
            .map(|((r, t, year), w)| TermWeight {
                researcher: ResearcherIdx(r),
                term: TermIdx(t),
                weight: crate::save::format_weight(w as f32)
                    .parse()
                    .unwrap_or(w as f32),
                year,
            })
            .collect();
        rows.sort_unstable_by_key(|t| (t.researcher, t.term, t.year));
        (self.list, rows)
    }
}

/// The terms of one record, each once by key, with their display form: keywords and source
/// terms as written (cut at [`crate::load::MAX_TERM_CHARS`]), then the title's words.
fn record_terms(rec: &Record) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |name: &str| {
        let name: String = name
            .trim()
            .replace(';', ",")
            .chars()
            .take(crate::load::MAX_TERM_CHARS)
            .collect();
        let key = crate::text::term_key(&name);
        if !key.is_empty() && !out.iter().any(|(_, k)| *k == key) {
            out.push((name, key));
        }
    };
    for k in rec.keywords.iter().chain(&rec.terms) {
        push(k);
    }
    for w in crate::text::title_terms(&rec.title) {
        push(&w);
    }
    out
}

/// The fields of one record, with the best matching weight per field: its keywords through
/// the keyword table, and the field ids the source gives itself (weight 1).
fn record_fields(
    rec: &Record,
    table: Option<&KeywordTable>,
    field_ix: &FxHashMap<&str, usize>,
    matches: &mut Vec<(FieldIdx, f32)>,
) -> FxHashMap<usize, f64> {
    let mut rec_fields: FxHashMap<usize, f64> = FxHashMap::default();
    if let Some(t) = table {
        for k in &rec.keywords {
            matches.clear();
            t.matches(k, matches);
            for &(f, w) in matches.iter() {
                let e = rec_fields.entry(f.ix()).or_insert(0.0);
                *e = e.max(f64::from(w));
            }
        }
    }
    for f in &rec.fields {
        if let Some(&i) = field_ix.get(f.as_str()) {
            rec_fields.insert(i, 1.0);
        }
    }
    rec_fields
}

/// Resolves the authors of one record to researchers and counts the record for each; returns
/// the distinct researchers on the record, in author order.
fn add_authors(
    rec: &Record,
    rec_fields: &FxHashMap<usize, f64>,
    insts: &mut Institutions,
    people: &mut People,
    summary: &mut Summary,
) -> Vec<u32> {
    let mut on_record: Vec<u32> = Vec::with_capacity(rec.authors.len());
    let mut named: Vec<usize> = Vec::new();
    for a in &rec.authors {
        summary.authors_read += 1;
        // The institutions the author's affiliations name, in order, each once.
        named.clear();
        for aff in &a.affiliations {
            match insts.get(aff) {
                Some(i) if !named.contains(&i) => named.push(i),
                Some(_) => {}
                None => summary.affiliations_without_institution += 1,
            }
        }
        summary.extra_affiliations += named.len().saturating_sub(1);
        let inst = match named.first() {
            Some(&i) => i,
            None => {
                summary.authors_without_affiliation += 1;
                insts.unknown()
            }
        };
        let p = people.person(a, inst);
        if on_record.contains(&(p as u32)) {
            continue;
        }
        on_record.push(p as u32);
        people.add_record(p, &named, rec, rec_fields);
    }
    on_record
}

/// Adds every pair of researchers on one record.
fn add_pairs(pairs: &mut Pairs, on_record: &[u32], year: u16) {
    for i in 0..on_record.len() {
        for j in i + 1..on_record.len() {
            let (a, b) = (
                on_record[i].min(on_record[j]),
                on_record[i].max(on_record[j]),
            );
            let e = pairs.entry((a, b)).or_insert((0, year, year));
            e.0 += 1;
            e.1 = e.1.min(year);
            e.2 = e.2.max(year);
        }
    }
}

/// Each researcher's home institution: the fixed one of name-keyed researchers, else the one
/// listed first most often, then listed at all most often (ties: latest year, then first
/// seen), else `unknown`.
fn homes(people: &[Person], insts: &mut Institutions) -> Vec<usize> {
    let unknown = insts.unknown;
    let home: Vec<usize> = people
        .iter()
        .map(|p| {
            if let Some(i) = p.fixed {
                return i;
            }
            p.affiliations
                .iter()
                .max_by(|(_, x), (_, y)| {
                    x.first
                        .cmp(&y.first)
                        .then(x.other.cmp(&y.other))
                        .then(x.latest.cmp(&y.latest))
                        .then(y.order.cmp(&x.order))
                })
                .map(|(&i, _)| i)
                .or(unknown)
                .unwrap_or(usize::MAX)
        })
        .collect();
    // An id-keyed researcher never affiliated needs the placeholder.
    home.into_iter()
        .map(|h| if h == usize::MAX { insts.unknown() } else { h })
        .collect()
}

/// The institutions that are some researcher's home, in order of first appearance, and the
/// dataset index of each building institution (`u32::MAX` when unused).
fn used_institutions(
    insts: &Institutions,
    home: &[usize],
    g7: &[University],
    summary: &mut Summary,
) -> (Vec<University>, Vec<u32>) {
    let mut used = vec![false; insts.list.len()];
    for &h in home {
        used[h] = true;
    }
    let mut uni_of = vec![u32::MAX; insts.list.len()];
    let mut universities = Vec::new();
    for (i, inst) in insts.list.iter().enumerate() {
        if !used[i] {
            continue;
        }
        uni_of[i] = universities.len() as u32;
        let u = match inst.member {
            Some(m) => {
                summary.consortium_members += 1;
                g7[m].clone()
            }
            None => {
                if inst.country == "VN" && inst.city == "unknown" {
                    summary.vn_without_city += 1;
                }
                University {
                    id: inst.id.clone(),
                    short_name: short_name(&inst.name),
                    name_vi: inst.name.clone(),
                    name_en: inst.name.clone(),
                    city: inst.city.clone(),
                    region: inst.region,
                    country: inst.country.clone(),
                    consortium: inst.consortium,
                    aliases: inst
                        .spellings
                        .iter()
                        .filter(|s| **s != inst.name)
                        .cloned()
                        .collect(),
                }
            }
        };
        universities.push(u);
    }
    summary.institutions = universities.len();
    summary.institutions_read =
        insts.spellings.len() + usize::from(insts.unknown.is_some_and(|u| used[u]));
    (universities, uni_of)
}

/// The researchers, and their expertise levels relative to their strongest field.
fn researchers_and_expertise(
    people: &mut [Person],
    home: &[usize],
    uni_of: &[u32],
    universities: &[University],
) -> (Vec<Researcher>, Vec<Expertise>) {
    let mut researchers = Vec::with_capacity(people.len());
    let mut expertise = Vec::new();
    for (i, p) in people.iter_mut().enumerate() {
        let uni = UniIdx(uni_of[home[i]]);
        let id = match &p.id {
            Some(id) => id.clone(),
            None => format!("{}@{}", name_slug(&p.name), universities[uni.ix()].id),
        };
        let h = h_index(&mut p.citations);
        researchers.push(Researcher {
            id: id.replace(';', ",").into(),
            name: p.name.replace(';', ",").into(),
            university: uni,
            title: Title::Other,
            h_index: h,
            publications: p.records,
            max_teams: DEFAULT_MAX_TEAMS,
        });
        let best = p.fields.values().copied().fold(0.0f64, f64::max);
        let mut fs: Vec<(usize, f64)> = p.fields.iter().map(|(&f, &s)| (f, s)).collect();
        fs.sort_unstable_by_key(|(f, _)| *f);
        for (f, s) in fs {
            if best <= 0.0 || s <= 0.0 {
                continue;
            }
            let level = ((s / best * 100.0).round() / 100.0).clamp(0.01, 1.0) as f32;
            expertise.push(Expertise {
                researcher: ResearcherIdx(i as u32),
                field: FieldIdx(f as u32),
                level,
            });
        }
    }
    (researchers, expertise)
}

/// The co-authorships, sorted by researcher pair.
fn coauthorships(pairs: Pairs) -> Vec<Coauthorship> {
    let mut coauthorships: Vec<Coauthorship> = pairs
        .into_iter()
        .map(|((a, b), (papers, first, last))| Coauthorship {
            a: ResearcherIdx(a),
            b: ResearcherIdx(b),
            papers,
            first_year: first,
            last_year: last,
        })
        .collect();
    coauthorships.sort_unstable_by_key(|c| (c.a, c.b));
    coauthorships
}

/// A researcher's name as an id part: folded words joined by `-`.
fn name_slug(name: &str) -> String {
    let s = slug(&fold(name));
    if s.is_empty() {
        "anonymous".into()
    } else {
        s
    }
}

/// Two name-keyed researchers whose names fold alike but are written differently can get the
/// same id; later ones get `-2`, `-3`, … so ids stay unique.
fn dedupe_researcher_ids(ds: &mut Dataset) {
    let mut seen: FxHashMap<String, u32> = FxHashMap::default();
    for r in &mut ds.researchers {
        let n = seen.entry(r.id.to_string()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let (base, uni) = match r.id.split_once('@') {
                Some((b, u)) => (b.to_string(), format!("@{u}")),
                None => (r.id.to_string(), String::new()),
            };
            r.id = format!("{base}-{n}{uni}").into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn record_terms_by_hand() {
        let rec = Record {
            year: 2020,
            keywords: vec!["Flood forecasting".into(), "LSTM".into(), "lstm".into()],
            title: "LSTM networks for flood forecasting in Hà Nội".into(),
            ..Record::default()
        };
        let names: Vec<String> = record_terms(&rec).into_iter().map(|(n, _)| n).collect();
        // `lstm` repeats the keyword LSTM (same key); the title's `lstm` too; stop words go.
        assert_eq!(
            names,
            [
                "Flood forecasting",
                "LSTM",
                "networks",
                "flood",
                "forecasting",
                "hà",
                "nội"
            ]
        );
        // Two authors: each gets every term at 1/7, in 2020.
        let mut t = Terms::default();
        t.add(&rec, &[0, 1]);
        let (terms, rows) = t.finish();
        assert_eq!(terms.len(), 7);
        assert_eq!(rows.len(), 14);
        assert!(rows
            .iter()
            .all(|r| r.year == 2020 && (r.weight - 0.1429).abs() < 1e-6));
    }

    #[test]
    fn h_index_by_hand() {
        assert_eq!(h_index(&mut [10, 8, 5, 4, 3]), 4);
        assert_eq!(h_index(&mut [0, 0]), 0);
        assert_eq!(h_index(&mut [1]), 1);
        assert_eq!(h_index(&mut []), 0);
    }

    #[test]
    fn short_names_use_initials_for_long_names() {
        assert_eq!(short_name("Tianjin Hosp"), "Tianjin Hosp");
        assert_eq!(
            short_name("University of Illinois at Urbana-Champaign"),
            "UIAUC"
        );
    }
}
