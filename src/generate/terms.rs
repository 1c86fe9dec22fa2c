//! Term profiles for a generated consortium (`hoptac generate --terms`): each researcher's
//! terms drawn from the vocabulary of their fields, correlated with their co-authors', so that
//! topic similarity works end to end on synthetic data.
//!
//! Vocabulary: the keyword → field table `datasets/keywords.csv` (English and Vietnamese, at
//! least 37 keywords per field). For each researcher, in index order:
//! - per expertise field with level l, `2 + round(4 · l)` keywords of that field, drawn with a
//!   preference for the front of a per-university shuffle of the field's list (colleagues share
//!   a local flavour), each in a year drawn from the researcher's active years (first to last
//!   co-authorship, else the latest year in the data);
//! - then, for up to three co-authors (in index order), one term of that co-author copied, in
//!   the year of their last co-authorship.
//!
//! Each row weighs 1 / (the researcher's number of draws) before merging repeats. Randomness
//! comes from its own ChaCha8 streams (one per university, purpose 7), separate from every
//! stream the rest of the generator draws from: the six other files are byte-identical with and
//! without terms, and the output is identical for any thread count (no parallelism here).

use rand::Rng;
use rustc_hash::FxHashMap;

use crate::model::*;

/// The built-in keyword table, read as the generator's vocabulary.
const VOCABULARY: &str = include_str!("../../datasets/keywords.csv");

/// The vocabulary per field index of `fields` (keywords in file order).
fn vocabulary(fields: &[Field]) -> Vec<Vec<&'static str>> {
    let mut out = vec![Vec::new(); fields.len()];
    for line in VOCABULARY.lines().skip(1) {
        let mut cells = line.split(',');
        let (Some(k), Some(f)) = (cells.next(), cells.next()) else {
            continue;
        };
        if let Some(i) = fields.iter().position(|x| x.id == f.trim()) {
            out[i].push(k.trim());
        }
    }
    out
}

/// The term profiles of `ds` for `seed`: terms in order of first use, rows sorted.
pub fn terms(ds: &Dataset, seed: u64) -> (Vec<Term>, Vec<TermWeight>) {
    let vocab = vocabulary(&ds.fields);
    let nr = ds.researchers.len();
    let latest = ds
        .coauthorships
        .iter()
        .map(|c| c.last_year)
        .max()
        .unwrap_or(2024);
    let mut span = vec![(u16::MAX, 0u16); nr];
    let mut coauthors: Vec<Vec<(u32, u16)>> = vec![Vec::new(); nr];
    for c in &ds.coauthorships {
        for (x, y) in [(c.a, c.b), (c.b, c.a)] {
            let s = &mut span[x.ix()];
            *s = (s.0.min(c.first_year), s.1.max(c.last_year));
            coauthors[x.ix()].push((y.0, c.last_year));
        }
    }
    let mut expertise: Vec<Vec<(FieldIdx, f32)>> = vec![Vec::new(); nr];
    for e in &ds.expertise {
        expertise[e.researcher.ix()].push((e.field, e.level));
    }
    // A per-university order of each field's vocabulary.
    let mut rngs: Vec<rand_chacha::ChaCha8Rng> = (0..ds.universities.len())
        .map(|u| super::stream(seed, u as u64, 7))
        .collect();
    let orders: Vec<Vec<Vec<&str>>> = rngs
        .iter_mut()
        .map(|rng| {
            vocab
                .iter()
                .map(|v| {
                    let mut v = v.clone();
                    for i in (1..v.len()).rev() {
                        v.swap(i, rng.random_range(0..=i));
                    }
                    v
                })
                .collect()
        })
        .collect();
    // First pass: own terms.
    let mut own: Vec<Vec<(&str, u16)>> = vec![Vec::new(); nr];
    for (r, person) in ds.researchers.iter().enumerate() {
        let u = person.university.ix();
        let rng = &mut rngs[u];
        let (first, last) = match span[r] {
            (a, b) if a <= b => (a, b),
            _ => (latest, latest),
        };
        for &(f, level) in &expertise[r] {
            let list = &orders[u][f.ix()];
            if list.is_empty() {
                continue;
            }
            let n = 2 + (4.0 * level).round() as usize;
            for _ in 0..n {
                // The minimum of two uniform draws prefers the front of the list.
                let i = rng
                    .random_range(0..list.len())
                    .min(rng.random_range(0..list.len()));
                own[r].push((list[i], rng.random_range(first..=last)));
            }
        }
    }
    // Second pass: a term of up to three co-authors.
    let mut rows: Vec<Vec<(&str, u16)>> = own.clone();
    for (r, person) in ds.researchers.iter().enumerate() {
        let rng = &mut rngs[person.university.ix()];
        let mut cs = coauthors[r].clone();
        cs.sort_unstable();
        for &(c, year) in cs.iter().take(3) {
            let theirs = &own[c as usize];
            if !theirs.is_empty() {
                let (t, _) = theirs[rng.random_range(0..theirs.len())];
                rows[r].push((t, year));
            }
        }
    }
    let mut list: Vec<Term> = Vec::new();
    let mut by_key: FxHashMap<String, u32> = FxHashMap::default();
    let mut weights: FxHashMap<(u32, u32, u16), f64> = FxHashMap::default();
    for (r, rs) in rows.iter().enumerate() {
        if rs.is_empty() {
            continue;
        }
        let w = 1.0 / rs.len() as f64;
        for &(name, year) in rs {
            let key = crate::text::term_key(name);
            let next = list.len() as u32;
            let t = *by_key.entry(key.clone()).or_insert_with(|| {
                list.push(Term {
                    name: name.to_string(),
                    key,
                });
                next
            });
            *weights.entry((r as u32, t, year)).or_insert(0.0) += w;
        }
    }
    let mut out: Vec<TermWeight> = weights
        .into_iter()
        .map(|((r, t, year), w)| TermWeight {
            researcher: ResearcherIdx(r),
            term: TermIdx(t),
            // Four decimals, as terms.csv writes them (never below 0.0001).
            weight: (((w * 1e4).round() / 1e4).max(1e-4)) as f32,
            year,
        })
        .collect();
    out.sort_unstable_by_key(|t| (t.researcher, t.term, t.year));
    (list, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_terms_are_deterministic_valid_and_follow_the_fields() {
        let ds = super::super::generate(&super::super::GenConfig {
            universities: 2,
            researchers_per_university: 30,
            ..Default::default()
        })
        .unwrap();
        let (t1, w1) = terms(&ds, 7);
        let (t2, w2) = terms(&ds, 7);
        assert_eq!((t1.clone(), w1.clone()), (t2, w2));
        assert!(!w1.is_empty());
        assert!(w1
            .windows(2)
            .all(|w| (w[0].researcher, w[0].term, w[0].year)
                < (w[1].researcher, w[1].term, w[1].year)));
        assert!(w1.iter().all(|w| w.weight > 0.0 && w.weight <= 1.0));
        // Every researcher with expertise has terms.
        let with: std::collections::BTreeSet<u32> = w1.iter().map(|w| w.researcher.0).collect();
        let expert: std::collections::BTreeSet<u32> =
            ds.expertise.iter().map(|e| e.researcher.0).collect();
        assert!(expert.is_subset(&with));
    }
}
