//! The Vietnamese ↔ English domain glossary: so that a problem written in Vietnamese finds work
//! described in English, and the other way round.
//!
//! `datasets/glossary.csv` (compiled in) has two columns, `vi` and `en`; each cell holds one or
//! more synonyms separated by `;` (`lũ;lũ lụt;ngập lụt` — `flood;flooding`). It covers the
//! vocabulary of the sixteen priority fields (about 200 concepts: hazards, water, transport,
//! energy, materials, AI and data, health, agriculture, mechanics, environment). Every phrase is
//! analysed with [`super::analyze::Analyzer`], so matching ignores diacritics, case, plurals
//! and stop words.
//!
//! [`Glossary::expand`] finds every phrase of either column inside a query (as consecutive
//! kept words) and returns the phrases of the other column: they join the query with the weight
//! `glossary` of [`super::ExpertWeights`]. The longest phrase wins: one found only inside a
//! longer phrase of the query is not expanded on its own ([`maximal`]), and the priority
//! fields a problem names are read the same way.

use super::analyze::Analyzer;

/// The built-in glossary.
pub const BUILTIN: &str = include_str!("../../datasets/glossary.csv");

/// One concept: its Vietnamese and English phrases, each as written and as analysed keys.
#[derive(Clone, Debug)]
struct Entry {
    vi: Vec<(String, Vec<String>)>,
    en: Vec<(String, Vec<String>)>,
}

/// The glossary, analysed once.
#[derive(Clone, Debug, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
}

/// A phrase of the query and its translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// The glossary phrase found in the query, as the glossary writes it.
    pub found: String,
    /// The phrase of the other language added to the query.
    pub added: String,
}

fn phrases(cell: &str, a: &Analyzer) -> Vec<(String, Vec<String>)> {
    cell.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let keys = a.words(p).into_iter().map(|w| w.key).collect();
            (p.to_string(), keys)
        })
        .filter(|(_, k): &(String, Vec<String>)| !k.is_empty())
        .collect()
}

/// Where `needle` occurs in `words` as consecutive positions: each occurrence as its first
/// and last position in the text.
pub fn spans(needle: &[String], words: &[super::analyze::Word]) -> Vec<Span> {
    if needle.is_empty() || needle.len() > words.len() {
        return Vec::new();
    }
    words
        .windows(needle.len())
        .filter(|w| {
            w.iter().zip(needle).all(|(x, k)| x.key == *k)
                && w.windows(2).all(|p| p[1].pos == p[0].pos + 1)
        })
        .map(|w| Span {
            first: w[0].pos,
            last: w[w.len() - 1].pos,
        })
        .collect()
}

/// The positions a phrase occupies in a text, first to last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub first: usize,
    pub last: usize,
}

impl Span {
    /// Whether this span lies inside `other` and is shorter: a phrase read inside a longer one
    /// ("sức khỏe" in "giám sát sức khỏe kết cấu", *health* in *structural health
    /// monitoring*) is part of the longer phrase's meaning, not a concept of its own.
    pub fn inside(self, other: Span) -> bool {
        other.first <= self.first
            && self.last <= other.last
            && other.last - other.first > self.last - self.first
    }
}

/// For each occurrence list of `found` (one list per phrase), whether the phrase has an
/// occurrence not inside a longer occurrence of any phrase of `found`: the longest match
/// wins, as a tokenizer reads compounds.
pub fn maximal(found: &[Vec<Span>]) -> Vec<bool> {
    let all: Vec<Span> = found.iter().flatten().copied().collect();
    found
        .iter()
        .map(|occ| occ.iter().any(|s| !all.iter().any(|&o| s.inside(o))))
        .collect()
}

impl Glossary {
    /// The built-in glossary. Its rows are checked by a test; a malformed row is skipped.
    pub fn builtin(a: &Analyzer) -> Glossary {
        Glossary::parse(BUILTIN, a)
    }

    /// Parses a glossary (`vi,en` header, then one concept per line; no quoting).
    pub fn parse(text: &str, a: &Analyzer) -> Glossary {
        let entries = text
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (vi, en) = line.split_once(',')?;
                let e = Entry {
                    vi: phrases(vi, a),
                    en: phrases(en, a),
                };
                (!e.vi.is_empty() && !e.en.is_empty()).then_some(e)
            })
            .collect();
        Glossary { entries }
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The translations of every glossary phrase found in `words` (the analysed query), in
    /// glossary order, each added phrase once. A phrase found only inside a longer glossary
    /// phrase of the query is not expanded on its own ("sức khỏe" inside "giám sát sức khỏe kết
    /// cấu" adds *structural health monitoring*, not *health*).
    pub fn expand(&self, words: &[super::analyze::Word]) -> Vec<Expansion> {
        // Every occurrence of every phrase: (entry, direction, phrase), then their spans.
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        let mut occ: Vec<Vec<Span>> = Vec::new();
        for (ei, e) in self.entries.iter().enumerate() {
            for (dir, from) in [&e.vi, &e.en].into_iter().enumerate() {
                for (pi, (_, k)) in from.iter().enumerate() {
                    let sp = spans(k, words);
                    if !sp.is_empty() {
                        hits.push((ei, dir, pi));
                        occ.push(sp);
                    }
                }
            }
        }
        let keep = maximal(&occ);
        let mut out: Vec<Expansion> = Vec::new();
        let mut done: Vec<(usize, usize)> = Vec::new();
        for (i, &(ei, dir, pi)) in hits.iter().enumerate() {
            if !keep[i] {
                continue;
            }
            // The first phrase found of an entry's column names the expansion.
            if done.contains(&(ei, dir)) {
                continue;
            }
            done.push((ei, dir));
            let e = &self.entries[ei];
            let (from, to) = if dir == 0 {
                (&e.vi, &e.en)
            } else {
                (&e.en, &e.vi)
            };
            for (added, _) in to {
                if !out.iter().any(|x| x.added == *added) {
                    out.push(Expansion {
                        found: from[pi].0.clone(),
                        added: added.clone(),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_row_has_both_languages() {
        let a = Analyzer::new();
        let rows = BUILTIN
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count();
        assert_eq!(Glossary::builtin(&a).len(), rows);
        assert!(rows >= 200, "{rows}");
    }

    #[test]
    fn a_vietnamese_problem_gains_english_phrases_and_back() {
        let a = Analyzer::new();
        let g = Glossary::builtin(&a);
        let added = |q: &str| -> Vec<String> {
            g.expand(&a.words(q)).into_iter().map(|e| e.added).collect()
        };
        let vi = added("Cảnh báo sớm lũ quét miền núi");
        for want in ["early warning", "flash flood", "mountainous"] {
            assert!(vi.contains(&want.to_string()), "{vi:?}");
        }
        // Without diacritics too.
        assert_eq!(added("canh bao som lu quet mien nui"), vi);
        let en = added("predictive maintenance of rolling stock");
        assert!(en.contains(&"bảo trì dự đoán".to_string()), "{en:?}");
        assert!(en.contains(&"toa xe".to_string()), "{en:?}");
        // A phrase must be whole and in order: "quét lũ" is not "lũ quét".
        assert!(!added("quét lũ").contains(&"flash flood".to_string()));
    }
}
