//! Affiliations → institutions, cached by affiliation.
//!
//! A consortium member is recognised when one comma part of the affiliation (without
//! parenthesised text, Web of Science abbreviations such as `Univ`, `Technol`, `Engn`
//! expanded), or the acronym in parentheses, is an **exact** match for a member's name in
//! [`crate::resolve`], and the affiliation is in Vietnam or names no country; it keeps its id
//! (`hust`, `tlu`, …). Every other organisation becomes an institution of its own: the
//! organisation part is the institution given by the source (OpenAlex), the first part (Web of
//! Science puts the organisation first), or else the part naming the most institution-like
//! word (`University` before `College` before `Institute` before `Department`). Its key is the
//! folded name without `the`/`of`/`and` plus the country; its id the key as a slug with the
//! country code (`georgia-state-university-us`), so the same organisation gets the same id in
//! every import. The country comes from the source or the last comma part (`USA`, `Peoples R
//! China`, `Viet Nam`); `ZZ` when unknown. Institutions abroad get region `international`;
//! Vietnamese ones the region of the city they name, and **`north`** when no city is
//! recognised (the summary counts them). Authors without any affiliation belong to the
//! placeholder institution `unknown` (country `ZZ`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::affiliation::{expanded_words, org_key, org_tier, parts, slug, split_parens};
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

/// Turns affiliations into institutions, caching by affiliation.
pub(super) struct Institutions<'a> {
    g7: &'a [University],
    index: NameIndex<UniIdx>,
    pub(super) list: Vec<Inst>,
    by_key: FxHashMap<String, usize>,
    by_member: FxHashMap<usize, usize>,
    by_source: FxHashMap<String, usize>,
    ids: FxHashMap<String, usize>,
    cache: FxHashMap<Affiliation, usize>,
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
            id: "unknown".into(),
            name: "Unknown institution".into(),
            country: "ZZ".into(),
            city: "unknown".into(),
            region: Region::International,
            consortium: false,
            member: None,
            spellings: Vec::new(),
        });
        self.ids.insert("unknown".into(), i);
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

    pub(super) fn get(&mut self, a: &Affiliation) -> usize {
        let cache_key = a.clone();
        if let Some(&i) = self.cache.get(&cache_key) {
            return i;
        }
        let i = self.resolve(a);
        self.cache.insert(cache_key, i);
        i
    }

    fn resolve(&mut self, a: &Affiliation) -> usize {
        let ps = parts(&a.text);
        let country = a
            .country
            .clone()
            .filter(|c| !c.is_empty())
            .map(|c| c.to_uppercase())
            .or_else(|| {
                ps.last()
                    .and_then(|p| places::country_code(p))
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
                    return i;
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
                return i;
            }
        }
        // The organisation part.
        let country_part = ps
            .len()
            .checked_sub(1)
            .filter(|_| ps.len() > 1 && ps.last().and_then(|p| places::country_code(p)).is_some());
        let org_parts: &[&str] = match country_part {
            Some(n) => &ps[..n],
            None => &ps,
        };
        let org: String = match &a.org {
            Some(o) if !o.trim().is_empty() => o.trim().to_string(),
            _ if a.org_first => org_parts.first().copied().unwrap_or("").to_string(),
            _ => {
                let mut best: Option<(u8, &str)> = None;
                for p in org_parts {
                    let t = org_tier(p);
                    if best.is_none_or(|(bt, _)| t > bt) {
                        best = Some((t, p));
                    }
                }
                best.map(|(_, p)| p.to_string()).unwrap_or_default()
            }
        };
        let org = org.replace(';', ",");
        let key_name = org_key(&org);
        if key_name.is_empty() {
            return self.unknown();
        }
        let country = country.unwrap_or_else(|| "ZZ".into());
        self.spellings.insert((org.clone(), country.clone()));
        if let Some(sid) = &a.source_id {
            if let Some(&i) = self.by_source.get(sid) {
                return i;
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
            return i;
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
                .unwrap_or_else(|| {
                    ps.last()
                        .filter(|_| country_part.is_some())
                        .map_or("unknown".to_string(), |p| p.to_string())
                });
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
        i
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
            let i = ix.get(&aff(text));
            assert_eq!(ix.list[i].id, id, "{text}");
            assert!(ix.list[i].consortium);
        }
    }

    #[test]
    fn members_abroad_are_not_matched_by_acronym() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        let i = ix.get(&aff("Sch Mech Sci, HUST, Wuhan, Peoples R China"));
        assert!(!ix.list[i].consortium);
        assert_eq!(ix.list[i].country, "CN");
    }

    #[test]
    fn other_institutions_get_a_stable_id_country_and_region() {
        let g = g7();
        let mut ix = Institutions::new(&g);
        let a = ix.get(&aff(
            "Department of Marketing, Georgia State University, Atlanta, GA 30303, United States",
        ));
        let inst = &ix.list[a];
        assert_eq!(inst.id, "georgia-state-university-us");
        assert_eq!(inst.name, "Georgia State University");
        assert_eq!(inst.region, Region::International);
        let wos = ix.get(&Affiliation {
            text: "Georgia State Univ, Dept Mkt, Atlanta, GA 30303 USA".into(),
            org_first: true,
            ..Affiliation::default()
        });
        assert_eq!(wos, a, "WoS abbreviations merge with the full name");
        let vn = ix.get(&aff(
            "Faculty of Physics, VNU University of Science, Hanoi, Vietnam",
        ));
        assert_eq!(ix.list[vn].country, "VN");
        assert_eq!(ix.list[vn].region, Region::North);
        assert_eq!(ix.list[vn].city, "Hà Nội");
    }
}
