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
//! `glossary` of [`super::ExpertWeights`].

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

/// Whether `needle` occurs in `words` as consecutive positions.
pub fn occurs(needle: &[String], words: &[super::analyze::Word]) -> bool {
    if needle.is_empty() || needle.len() > words.len() {
        return false;
    }
    words.windows(needle.len()).any(|w| {
        w.iter().zip(needle).all(|(x, k)| x.key == *k)
            && w.windows(2).all(|p| p[1].pos == p[0].pos + 1)
    })
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
    /// glossary order, each added phrase once.
    pub fn expand(&self, words: &[super::analyze::Word]) -> Vec<Expansion> {
        let mut out: Vec<Expansion> = Vec::new();
        for e in &self.entries {
            for (from, to) in [(&e.vi, &e.en), (&e.en, &e.vi)] {
                let Some((found, _)) = from.iter().find(|(_, k)| occurs(k, words)) else {
                    continue;
                };
                for (added, _) in to {
                    if !out.iter().any(|x| x.added == *added) {
                        out.push(Expansion {
                            found: found.clone(),
                            added: added.clone(),
                        });
                    }
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
