//! Affiliations → institutions, cached by affiliation.
//!
//! A consortium member is recognised when one comma part of the affiliation (without
//! parenthesised text, Web of Science abbreviations such as `Univ`, `Technol`, `Engn`
//! expanded), or the acronym in parentheses, is an **exact** match for a member's name in
//! [`crate::resolve`], and the affiliation is in Vietnam or names no country; it keeps its id
//! (`hust`, `tlu`, …). Every other organisation becomes an institution of its own: the
//! organisation is the institution given by the source (OpenAlex, without a trailing
//! `(Country)`), else the part [`super::affiliation::organisation`] finds (Web of Science: the
//! first part; otherwise the most institution-like part, `University` before `College` before
//! `Institute`; departments, faculties, `School of …`, labs, cities, states and addresses
//! never). An affiliation that names no organisation gives no institution. Its key is the
//! folded name without `the`/`of`/`and` plus the country; its id the key as a slug with the
//! country code (`georgia-state-university-us`), so the same organisation gets the same id in
//! every import. The country comes from the source or the last comma part (`USA`, `Peoples R
//! China`, `Viet Nam`); `ZZ` when unknown. Institutions abroad get region `international`;
//! Vietnamese ones the region of the city they name, and **`north`** when no city is
//! recognised (the summary counts them). Authors without any affiliation belong to the
//! placeholder institution `unknown` (country `ZZ`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::affiliation::{
    country_part, expanded_words, last_country_part, org_key, org_tier, organisation, parts, slug,
    split_parens,
};
use super::places;
use super::record::Affiliation;
use crate::model::*;
use crate::resolve::{self, NameIndex};

/// An institution while building.
pub(super) struct Inst {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) country: String,
    pub(super) city: String,
    pub(super) region: Region,
    pub(super) consortium: bool,
    /// Index into the G7 list for consortium members.
    pub(super) member: Option<usize>,
    pub(super) spellings: Vec<String>,
}

/// An OpenAlex display name without its disambiguating country, `Thomson Reuters (United
/// States)` → `Thomson Reuters`, so that it merges with the same name from other sources.
fn without_country_suffix(name: &str) -> &str {
    match name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
        Some((base, inside)) if !base.trim().is_empty() && country_part(inside).is_some() => {
            base.trim()
        }
        _ => name,
    }
}

/// Turns affiliations into institutions, caching by affiliation.
pub(super) struct Institutions<'a> {
    g7: &'a [University],
    index: NameIndex<UniIdx>,
    pub(super) list: Vec<Inst>,
    by_key: FxHashMap<String, usize>,
    by_member: FxHashMap<usize, usize>,
    by_source: FxHashMap<String, usize>,
    ids: FxHashMap<String, usize>,
    cache: FxHashMap<Affiliation, Option<usize>>,
    pub(super) spellings: FxHashSet<(String, String)>,
    pub(super) unknown: Option<usize>,
}

impl<'a> Institutions<'a> {
    pub(super) fn new(g7: &'a [University]) -> Self {
        let mut ds = Dataset {
            universities: g7.to_vec(),
            ..Dataset::default()
        };
        ds.reindex();
        Institutions {
            g7,
            index: resolve::universities(&ds),
            list: Vec::new(),
            by_key: FxHashMap::default(),
            by_member: FxHashMap::default(),
            by_source: FxHashMap::default(),
            ids: FxHashMap::default(),
            cache: FxHashMap::default(),
            spellings: Default::default(),
            unknown: None,
        }
    }

    pub(super) fn unknown(&mut self) -> usize {
        if let Some(i) = self.unknown {
            return i;
        }
        let i = self.list.len();
        self.list.push(Inst {
            id: crate::model::UNAFFILIATED.into(),
            name: "Unknown institution".into(),
            country: "ZZ".into(),
            city: "unknown".into(),
            region: Region::International,
            consortium: false,
            member: None,
            spellings: Vec::new(),
        });
        self.ids.insert(crate::model::UNAFFILIATED.into(), i);
        self.unknown = Some(i);
        i
    }

    /// A consortium member named by one part of the affiliation (exact matches only).
    fn member(&self, candidates: &[&str]) -> Option<usize> {
        for part in candidates {
            let (outside, inside) = split_parens(part);
            let expanded = expanded_words(&outside).join(" ");
            for name in std::iter::once(expanded.as_str())
                .chain(std::iter::once(outside.as_str()))
                .chain(inside.iter().map(String::as_str))
            {
                if name.is_empty() {
                    continue;
                }
                if let Some(u) = self.index.resolve_exact(name) {
                    return Some(u.ix());
                }
            }
        }
        None
    }

    /// The institution an affiliation names; `None` when it names no organisation.
    pub(super) fn get(&mut self, a: &Affiliation) -> Option<usize> {
        let cache_key = a.clone();
        if let Some(&i) = self.cache.get(&cache_key) {
            return i;
        }
        let i = self.resolve(a);
        self.cache.insert(cache_key, i);
        i
    }

    fn resolve(&mut self, a: &Affiliation) -> Option<usize> {
        let ps = parts(&a.text);
        let country = a
            .country
            .clone()
            .filter(|c| !c.is_empty())
            .map(|c| c.to_uppercase())
            .or_else(|| {
                last_country_part(&ps)
                    .or_else(|| ps.last().and_then(|p| places::country_code(p)))
                    .map(str::to_string)
            })
            .or_else(|| places::vn_city(&a.text).map(|_| "VN".to_string()));
        // Consortium members: only in Vietnam or where no country is named.
        if matches!(country.as_deref(), None | Some("VN")) {
            let mut cands: Vec<&str> = Vec::new();
            if let Some(o) = &a.org {
                cands.push(o);
            }
            cands.extend(ps.iter().copied());
            if let Some(m) = self.member(&cands) {
                self.spellings.insert((
                    a.org
                        .clone()
                        .unwrap_or_else(|| ps.first().copied().unwrap_or("").to_string()),
                    "VN".into(),
                ));
                if let Some(&i) = self.by_member.get(&m) {
                    return Some(i);
                }
                let u = &self.g7[m];
                let i = self.list.len();
                self.list.push(Inst {
                    id: u.id.clone(),
                    name: u.name_en.clone(),
                    country: u.country.clone(),
                    city: u.city.clone(),
                    region: u.region,
                    consortium: true,
                    member: Some(m),
                    spellings: Vec::new(),
                });
                self.ids.insert(u.id.clone(), i);
                self.by_member.insert(m, i);
                return Some(i);
            }
        }
        // The organisation part: the source's, else the one the affiliation names (none for
        // country-only, city-only, unit-only and address-only affiliations).
        let country_part = last_country_part(&ps).map(|_| ps.len() - 1);
        let org_parts: &[&str] = match country_part {
            Some(n) => &ps[..n],
            None => &ps,
        };
        let org: String = match &a.org {
            Some(o) if !o.trim().is_empty() => without_country_suffix(o.trim()).to_string(),
            _ => match organisation(org_parts, a.org_first, country_part.is_some()) {
                Some(o) => o.to_string(),
                None => return None,
            },
        };
        let org = org.replace(';', ",");
        let key_name = org_key(&org);
        if key_name.is_empty() {
            return None;
        }
        let country = country.unwrap_or_else(|| "ZZ".into());
        self.spellings.insert((org.clone(), country.clone()));
        if let Some(sid) = &a.source_id {
            if let Some(&i) = self.by_source.get(sid) {
                return Some(i);
            }
        }
        let key = format!("{key_name}|{country}");
        if let Some(&i) = self.by_key.get(&key) {
            if let Some(sid) = &a.source_id {
                self.by_source.insert(sid.clone(), i);
            }
            if !self.list[i].spellings.contains(&org) && self.list[i].spellings.len() < 5 {
                self.list[i].spellings.push(org.clone());
            }
            return Some(i);
        }
        let (city, region) = if country == "VN" {
            match places::vn_city(&a.text).or_else(|| places::vn_city(&org)) {
                Some((c, r)) => (c.to_string(), Region::parse(r).unwrap_or(Region::North)),
                None => ("unknown".to_string(), Region::North),
            }
        } else {
            let city = org_parts
                .iter()
                .rev()
                .filter(|p| **p != org && org_tier(p) == 0)
                .map(|p| {
                    split_parens(p)
                        .0
                        .split_whitespace()
                        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .find(|c| c.chars().count() > 2)
                // "University of Sydney, Australia" names no city: unknown, not the country
                // (two institutions "in" the city Australia would count as neighbours).
                .unwrap_or_else(|| "unknown".to_string());
            (city, Region::International)
        };
        let base = format!("{}-{}", slug(&key_name), country.to_lowercase());
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let i = self.list.len();
        self.list.push(Inst {
            id: id.clone(),
            name: org.clone(),
            country,
            city: city.replace(';', ","),
            region,
            consortium: false,
            member: None,
            spellings: vec![org],
        });
        self.ids.insert(id, i);
        self.by_key.insert(key, i);
        if let Some(sid) = &a.source_id {
            self.by_source.insert(sid.clone(), i);
        }
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Source};

    fn g7() -> Vec<University> {
        load::load_reference(&Source::Embedded).unwrap().0
    }

    fn aff(text: &str) -> Affiliation {
        Affiliation {
            text: text.into(),
            ..Affiliation::default()
        }
    }

    #[test]
    fn consortium_members_are_recognised_in_affiliations() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        for (text, id) in [
            ("School of Electrical Engineering, Hanoi University of Science and Technology, Hanoi, Viet Nam", "hust"),
            ("Thuyloi University, 175 Tay Son, Dong Da, Hanoi, Vietnam", "tlu"),
            ("Hanoi Univ Civil Engn, Fac Bldg, Hanoi, Vietnam", "huce"),
            ("Ho Chi Minh City University of Technology (HCMUT), 268 Ly Thuong Kiet, District 10, Ho Chi Minh City, Viet Nam", "hcmut"),
            ("Univ Transport & Commun, Hanoi, Vietnam", "utc"),
        ] {
            let i = ix.get(&aff(text)).unwrap();
            assert_eq!(ix.list[i].id, id, "{text}");
            assert!(ix.list[i].consortium);
        }
    }

    #[test]
    fn members_abroad_are_not_matched_by_acronym() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        let i = ix
            .get(&aff("Sch Mech Sci, HUST, Wuhan, Peoples R China"))
            .unwrap();
        assert!(!ix.list[i].consortium);
        assert_eq!(ix.list[i].country, "CN");
    }

    #[test]
    fn other_institutions_get_a_stable_id_country_and_region() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        let a = ix.get(&aff(
            "Department of Marketing, Georgia State University, Atlanta, GA 30303, United States",
        )).unwrap();
        let inst = &ix.list[a];
        assert_eq!(inst.id, "georgia-state-university-us");
        assert_eq!(inst.name, "Georgia State University");
        assert_eq!(inst.region, Region::International);
        let wos = ix
            .get(&Affiliation {
                text: "Georgia State Univ, Dept Mkt, Atlanta, GA 30303 USA".into(),
                org_first: true,
                ..Affiliation::default()
            })
            .unwrap();
        assert_eq!(wos, a, "WoS abbreviations merge with the full name");
        let vn = ix
            .get(&aff(
                "Faculty of Physics, VNU University of Science, Hanoi, Vietnam",
            ))
            .unwrap();
        assert_eq!(ix.list[vn].country, "VN");
        assert_eq!(ix.list[vn].region, Region::North);
        assert_eq!(ix.list[vn].city, "Hà Nội");
        // The city is the address part after the organisation; with none, unknown (not the
        // country).
        assert_eq!(ix.list[a].city, "Atlanta");
        let syd = ix.get(&aff("The University of Sydney, Australia")).unwrap();
        assert_eq!(
            (ix.list[syd].city.as_str(), ix.list[syd].country.as_str()),
            ("unknown", "AU")
        );
    }

    /// `tests/data/affiliations.tsv`: real affiliation strings with the institution and
    /// country written by hand. Every row is checked; rows noted `miss:` must still be read
    /// differently (so that a fix removes the note).
    #[test]
    fn real_affiliations_give_the_hand_written_institution_and_country() {
        let tsv = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/affiliations.tsv"
        ));
        let g = g7();
        let (mut rows, mut misses, mut wrong) = (0, 0, Vec::new());
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.starts_with("format\t") || line.is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() >= 5, "line {}: {line:?}", n + 1);
            let (format, text, inst, country) = (cols[0], cols[2], cols[3], cols[4]);
            let known_miss = cols.get(5).is_some_and(|c| c.starts_with("miss:"));
            // One row at a time: the name as this string writes it, not a merged spelling.
            let mut ix = Institutions::new(&g);
            let got = ix
                .get(&Affiliation {
                    text: text.to_string(),
                    org_first: format == "wos",
                    ..Affiliation::default()
                })
                .map(|i| (ix.list[i].name.clone(), ix.list[i].country.clone()));
            let expected = (inst != "-").then(|| (inst.to_string(), country.to_string()));
            rows += 1;
            if known_miss {
                misses += 1;
                if got == expected {
                    wrong.push(format!(
                        "line {}: now read right, drop its note: {text}",
                        n + 1
                    ));
                }
            } else if got != expected {
                wrong.push(format!(
                    "line {}: {text:?}: expected {expected:?}, got {got:?}",
                    n + 1
                ));
            }
        }
        assert!(rows >= 150, "{rows} rows");
        assert!(
            wrong.is_empty(),
            "{} of {rows} rows:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
        assert!(misses * 10 <= rows, "{misses} known misses of {rows}");
    }
}
