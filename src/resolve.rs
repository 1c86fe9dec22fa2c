//! Name resolution: free text such as "ĐH Bách khoa Hà Nội", "Thuyloi University" or
//! "bach khoa tp.hcm" → a university (or field) index.
//!
//! A name is folded ([`crate::text::fold`]: case, diacritics, punctuation, spacing), split into
//! tokens, abbreviations are expanded (`ĐH` → đại học, `TP.HCM` → Hồ Chí Minh, `GTVT` → giao
//! thông vận tải, …) and filler words dropped (`Trường`, `the`, `of`, `thành phố`). Matching
//! then tries, in order:
//! 1. **exact**: the tokens joined without spaces equal those of an id, short name, official
//!    name or alias (so `Thuyloi` = `Thủy lợi`, `ĐHBKHN` is listed as an alias);
//! 2. **partial**: every token of the input occurs in one name (`Xây dựng` → HUCE);
//!
//! and answers with one entity, the candidates when several match, or the nearest names
//! (Jaro–Winkler) when none does.

use std::collections::BTreeSet;

use crate::model::{Dataset, FieldIdx, UniIdx};
use crate::text::fold;

/// Abbreviations and spellings rewritten before matching (folded token → folded expansion).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("dh", "dai hoc"),
    ("dhqg", "dai hoc quoc gia"),
    ("vnu", "dai hoc quoc gia"),
    ("dhbk", "dai hoc bach khoa"),
    ("bk", "bach khoa"),
    ("dhxd", "dai hoc xay dung"),
    ("xd", "xay dung"),
    ("gtvt", "giao thong van tai"),
    ("dhgtvt", "dai hoc giao thong van tai"),
    ("tphcm", "ho chi minh"),
    ("hcm", "ho chi minh"),
    ("hcmc", "ho chi minh"),
    ("hn", "ha noi"),
    ("hanoi", "ha noi"),
    ("dn", "da nang"),
    ("danang", "da nang"),
    ("saigon", "sai gon"),
    ("univ", "university"),
    ("uni", "university"),
    ("tech", "technology"),
    ("thuyloi", "thuy loi"),
    ("dhtl", "dai hoc thuy loi"),
    ("dhmdc", "dai hoc mo dia chat"),
    ("mdc", "mo dia chat"),
];

/// Words that say "a university" without saying which: a name without them still matches
/// exactly (`Thuyloi` = `Thuyloi University`, `Xây dựng Hà Nội` = `Đại học Xây dựng Hà Nội`).
const GENERIC: &[&str] = &["dai", "hoc", "university"];

/// Words that carry no identity: dropped from both the input and the known names.
const FILLER: &[&str] = &[
    "truong", "the", "of", "and", "va", "tp", "city", "thanh", "pho",
];

/// Tokens of a name after folding, abbreviation expansion and filler removal.
pub fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in fold(name).split(' ').filter(|t| !t.is_empty()) {
        let expanded = ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == t)
            .map_or(t, |(_, e)| *e);
        for w in expanded.split(' ') {
            if !FILLER.contains(&w) {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// How an input was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// Equal to a known name after normalisation.
    Exact,
    /// Every word of the input occurs in one known name.
    Partial,
}

impl Match {
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Exact => "exact",
            Match::Partial => "partial",
        }
    }
}

/// The answer for one input.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution<T> {
    Found(T, Match),
    /// Several entities match equally; sorted by index.
    Ambiguous(Vec<T>),
    /// Nothing matches; the nearest entities, best first (may be empty).
    Unknown(Vec<T>),
}

impl<T> Resolution<T> {
    /// The same answer about other values (indexes to entities, say).
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Resolution<U> {
        match self {
            Resolution::Found(t, m) => Resolution::Found(f(t), m),
            Resolution::Ambiguous(v) => Resolution::Ambiguous(v.into_iter().map(f).collect()),
            Resolution::Unknown(v) => Resolution::Unknown(v.into_iter().map(f).collect()),
        }
    }
}

struct Entry<T> {
    target: T,
    key: String,
    /// The key without [`GENERIC`] words.
    core: String,
    tokens: BTreeSet<String>,
}

fn core_key(tokens: &[String]) -> String {
    tokens
        .iter()
        .filter(|t| !GENERIC.contains(&t.as_str()))
        .map(String::as_str)
        .collect()
}

/// An index of names for one kind of entity.
pub struct NameIndex<T> {
    entries: Vec<Entry<T>>,
}

impl<T: Copy + Ord> NameIndex<T> {
    /// Builds from `(entity, names)`: every name is matched the same way.
    pub fn new<'a>(items: impl IntoIterator<Item = (T, Vec<&'a str>)>) -> Self {
        let mut entries = Vec::new();
        for (target, names) in items {
            for n in names {
                let toks = tokens(n);
                if toks.is_empty() {
                    continue;
                }
                entries.push(Entry {
                    target,
                    key: toks.concat(),
                    core: core_key(&toks),
                    tokens: toks.into_iter().collect(),
                });
            }
        }
        NameIndex { entries }
    }

    /// Resolves one free-text name.
    pub fn resolve(&self, name: &str) -> Resolution<T> {
        let toks = tokens(name);
        if toks.is_empty() {
            return Resolution::Unknown(Vec::new());
        }
        let key = toks.concat();
        let exact: BTreeSet<T> = self
            .entries
            .iter()
            .filter(|e| e.key == key)
            .map(|e| e.target)
            .collect();
        if let Some(r) = Self::decide(exact, Match::Exact) {
            return r;
        }
        let core = core_key(&toks);
        if !core.is_empty() {
            let exact_core: BTreeSet<T> = self
                .entries
                .iter()
                .filter(|e| e.core == core)
                .map(|e| e.target)
                .collect();
            if let Some(r) = Self::decide(exact_core, Match::Exact) {
                return r;
            }
        }
        let partial: BTreeSet<T> = self
            .entries
            .iter()
            .filter(|e| toks.iter().all(|t| e.tokens.contains(t)))
            .map(|e| e.target)
            .collect();
        if let Some(r) = Self::decide(partial, Match::Partial) {
            return r;
        }
        Resolution::Unknown(self.nearest(&key, 3))
    }

    /// Only an exact match (for importers, where a guess would merge institutions wrongly).
    pub fn resolve_exact(&self, name: &str) -> Option<T> {
        match self.resolve(name) {
            Resolution::Found(t, Match::Exact) => Some(t),
            _ => None,
        }
    }

    fn decide(set: BTreeSet<T>, how: Match) -> Option<Resolution<T>> {
        match set.len() {
            0 => None,
            1 => set.into_iter().next().map(|t| Resolution::Found(t, how)),
            _ => Some(Resolution::Ambiguous(set.into_iter().collect())),
        }
    }

    /// Up to `n` entities whose best name is closest to `key` (Jaro–Winkler ≥ 0.7).
    fn nearest(&self, key: &str, n: usize) -> Vec<T> {
        let mut best: Vec<(f64, T)> = Vec::new();
        for e in &self.entries {
            let s = strsim::jaro_winkler(key, &e.key);
            match best.iter_mut().find(|(_, t)| *t == e.target) {
                Some(b) => b.0 = b.0.max(s),
                None => best.push((s, e.target)),
            }
        }
        best.retain(|(s, _)| *s >= 0.7);
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best.into_iter().take(n).map(|(_, t)| t).collect()
    }
}

/// The university index of a dataset: id, short name, both official names and every alias.
pub fn universities(ds: &Dataset) -> NameIndex<UniIdx> {
    NameIndex::new(ds.university_ids().map(|u| {
        let x = ds.university(u);
        let mut names = vec![
            x.id.as_str(),
            x.short_name.as_str(),
            x.name_vi.as_str(),
            x.name_en.as_str(),
        ];
        names.extend(x.aliases.iter().map(String::as_str));
        (u, names)
    }))
}

/// The field index of a dataset: id and both names (and aliases when the file has them).
pub fn fields(ds: &Dataset) -> NameIndex<FieldIdx> {
    NameIndex::new(ds.field_ids().map(|f| {
        let x = ds.field(f);
        let mut names = vec![x.id.as_str(), x.name_vi.as_str(), x.name_en.as_str()];
        names.extend(x.aliases.iter().map(String::as_str));
        (f, names)
    }))
}

/// Why a name given on the command line could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("unknown {kind} {name:?}{}", hint("nearest", candidates))]
    Unknown {
        kind: &'static str,
        name: String,
        candidates: Vec<String>,
    },
    #[error("ambiguous {kind} {name:?}: it could be {}; give an id or a fuller name", candidates.join(", "))]
    Ambiguous {
        kind: &'static str,
        name: String,
        candidates: Vec<String>,
    },
}

fn hint(label: &str, c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(" ({label}: {})", c.join(", "))
    }
}

/// Turns a resolution into the index, or an error that lists the candidates by `label`.
pub fn into_result<T: Copy>(
    r: Resolution<T>,
    kind: &'static str,
    name: &str,
    label: impl Fn(T) -> String,
) -> Result<T, ResolveError> {
    match r {
        Resolution::Found(t, _) => Ok(t),
        Resolution::Ambiguous(c) => Err(ResolveError::Ambiguous {
            kind,
            name: name.to_string(),
            candidates: c.into_iter().map(label).collect(),
        }),
        Resolution::Unknown(c) => Err(ResolveError::Unknown {
            kind,
            name: name.to_string(),
            candidates: c.into_iter().map(label).collect(),
        }),
    }
}

/// A university given by its id, else by any name this module understands; or why it cannot
/// be. Every place that takes a university from a user goes through here.
pub fn university(
    ds: &Dataset,
    index: &NameIndex<UniIdx>,
    name: &str,
) -> Result<UniIdx, ResolveError> {
    if let Some(u) = ds.university_by_id(name) {
        return Ok(u);
    }
    into_result(index.resolve(name), "university", name, |u| {
        let x = ds.university(u);
        format!("{} ({})", x.id, x.name_vi)
    })
}

/// A field given by its id, else by its name in Vietnamese or English; or why it cannot be.
/// Every place that takes a field from a user goes through here.
pub fn field(
    ds: &Dataset,
    index: &NameIndex<FieldIdx>,
    name: &str,
) -> Result<FieldIdx, ResolveError> {
    if let Some(f) = ds.field_by_id(name) {
        return Ok(f);
    }
    into_result(index.resolve(name), "field", name, |f| {
        let x = ds.field(f);
        format!("{} ({})", x.id, x.name_en)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex<u32> {
        NameIndex::new([
            (
                1,
                vec![
                    "hust",
                    "HUST",
                    "Đại học Bách khoa Hà Nội",
                    "Hanoi University of Science and Technology",
                ],
            ),
            (
                2,
                vec![
                    "hcmut",
                    "HCMUT",
                    "Trường Đại học Bách khoa - Đại học Quốc gia Thành phố Hồ Chí Minh",
                ],
            ),
            (
                3,
                vec![
                    "tlu",
                    "TLU",
                    "Trường Đại học Thủy lợi",
                    "Thuyloi University",
                ],
            ),
            (4, vec!["huce", "Trường Đại học Xây dựng Hà Nội"]),
        ])
    }

    #[test]
    fn tokens_expand_abbreviations_and_drop_filler() {
        assert_eq!(tokens("Trường ĐH Thủy lợi"), ["dai", "hoc", "thuy", "loi"]);
        assert_eq!(
            tokens("ĐHQG-HCM"),
            ["dai", "hoc", "quoc", "gia", "ho", "chi", "minh"]
        );
        assert_eq!(tokens("TP.HCM"), ["ho", "chi", "minh"]);
    }

    #[test]
    fn exact_matches_across_spellings() {
        let ix = index();
        for s in [
            "ĐH Thủy lợi",
            "dai hoc thuy loi",
            "Thuyloi",
            "THUY LOI UNIVERSITY",
            "Đại học Thuỷ Lợi",
            "tlu",
        ] {
            assert_eq!(ix.resolve(s), Resolution::Found(3, Match::Exact), "{s}");
        }
        assert_eq!(
            ix.resolve("ĐH Bách khoa - ĐHQG TP.HCM"),
            Resolution::Found(2, Match::Exact)
        );
    }

    #[test]
    fn partial_match_when_words_are_unique() {
        assert_eq!(
            index().resolve("Xây dựng"),
            Resolution::Found(4, Match::Partial)
        );
    }

    #[test]
    fn ambiguous_lists_candidates_in_index_order() {
        assert_eq!(
            index().resolve("Bách khoa"),
            Resolution::Ambiguous(vec![1, 2])
        );
        assert_eq!(index().resolve("Hà Nội"), Resolution::Ambiguous(vec![1, 4]));
    }

    #[test]
    fn unknown_suggests_nearest() {
        match index().resolve("Thuylo Univesity") {
            Resolution::Unknown(near) => assert_eq!(near.first(), Some(&3)),
            other => panic!("expected unknown, got {other:?}"),
        }
        assert_eq!(index().resolve("  -- "), Resolution::Unknown(vec![]));
    }
}
