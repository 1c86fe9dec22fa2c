//! The keyword → priority-field table that turns author keywords, index keywords and OpenAlex
//! topics into expertise.
//!
//! A CSV file with columns `keyword`, `field` and optionally `weight` (in (0, 1], default 1);
//! the built-in table is `datasets/keywords.csv` (English and Vietnamese), `--keywords FILE`
//! replaces it. A keyword may map to several fields (one row each).
//!
//! Matching is on whole words after [`crate::text::fold`] (case, diacritics and punctuation
//! ignored), with a light English plural rule applied to both sides (a final `ies` → `y`, a
//! final `s` dropped unless the word ends in `ss`, `us` or `is`, words of four letters or
//! more): `Neural Networks` matches `neural network`, `Mạng nơ-ron` matches `mang no ron`. A
//! phrase matches anywhere inside a keyword (`deep neural network` contains `neural network`).

use rustc_hash::FxHashMap;

use crate::load::table::{opt, req, Col, Table};
use crate::load::{Problem, Problems};
use crate::model::{Field, FieldIdx};
use crate::text::fold;

/// The built-in table, compiled in.
pub const BUILTIN: &str = include_str!("../../datasets/keywords.csv");

const COLS: &[Col] = &[req("keyword"), req("field"), opt("weight")];

/// Phrases (normalised words joined by one space) → fields with weights.
#[derive(Clone, Debug, Default)]
pub struct KeywordTable {
    phrases: FxHashMap<String, Vec<(FieldIdx, f32)>>,
    max_words: usize,
    rows: usize,
}

/// One word, plural-normalised.
fn word(w: &str) -> String {
    let n = w.chars().count();
    if n >= 5 && w.ends_with("ies") {
        format!("{}y", &w[..w.len() - 3])
    } else if n >= 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// Normalised words of a text.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(word)
        .collect()
}

impl KeywordTable {
    /// The built-in table for the given fields.
    pub fn builtin(fields: &[Field]) -> Result<KeywordTable, Problems> {
        KeywordTable::parse("<built-in>/keywords.csv", BUILTIN, fields)
    }

    /// Parses a table; every bad row is reported (file, line, column).
    pub fn parse(name: &str, text: &str, fields: &[Field]) -> Result<KeywordTable, Problems> {
        let mut problems = Problems::default();
        let input: Box<dyn std::io::Read + Send + Sync> =
            Box::new(std::io::Cursor::new(text.to_string().into_bytes()));
        let Some(t) = Table::open(name.to_string(), input, COLS, &mut problems) else {
            return Err(problems);
        };
        let field_ids: FxHashMap<&str, FieldIdx> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), FieldIdx(i as u32)))
            .collect();
        let mut table = KeywordTable::default();
        let mut first_line: FxHashMap<(String, FieldIdx), u64> = FxHashMap::default();
        t.for_each_row(&mut problems, |row| {
            let kw = row.required(0);
            let field = row.required(1).and_then(|f| match field_ids.get(f) {
                Some(&i) => Some(i),
                None => {
                    let known: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
                    row.problem(
                        1,
                        format!("unknown field {f:?}: expected one of {}", known.join(", ")),
                    );
                    None
                }
            });
            let w = row.text(2);
            let weight = if w.is_empty() {
                Some(1.0)
            } else {
                match w.parse::<f32>() {
                    Ok(v) if v > 0.0 && v <= 1.0 => Some(v),
                    _ => {
                        row.problem(
                            2,
                            format!("{w:?} is not a weight: expected a number in (0, 1]"),
                        );
                        None
                    }
                }
            };
            let (Some(kw), Some(field), Some(weight)) = (kw, field, weight) else {
                return;
            };
            let ws = words(kw);
            if ws.is_empty() {
                row.problem(0, format!("{kw:?} has no letters or digits"));
                return;
            }
            let phrase = ws.join(" ");
            if let Some(first) = first_line.get(&(phrase.clone(), field)) {
                let fid = &fields[field.0 as usize].id;
                row.row_problem(format!(
                    "duplicate keyword {kw:?} for field {fid} (first on line {first})"
                ));
                return;
            }
            first_line.insert((phrase.clone(), field), row.line);
            table.max_words = table.max_words.max(ws.len());
            table.rows += 1;
            table
                .phrases
                .entry(phrase)
                .or_default()
                .push((field, weight));
        });
        if problems.is_empty() && table.rows == 0 {
            problems.push(Problem {
                file: name.to_string(),
                line: None,
                column: None,
                message: "no keywords: expected at least one row".into(),
            });
        }
        if problems.is_empty() {
            Ok(table)
        } else {
            Err(problems)
        }
    }

    /// Number of rows (keyword, field) in the table.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends to `out` every `(field, weight)` whose keyword occurs in `text` as whole words.
    pub fn matches(&self, text: &str, out: &mut Vec<(FieldIdx, f32)>) {
        let ws = words(text);
        let mut phrase = String::new();
        for i in 0..ws.len() {
            phrase.clear();
            for (n, w) in ws[i..].iter().take(self.max_words).enumerate() {
                if n > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(w);
                if let Some(fs) = self.phrases.get(phrase.as_str()) {
                    out.extend_from_slice(fs);
                }
            }
        }
    }

    /// The fields of `text`, each once with its best weight, in field order.
    pub fn fields_of(&self, text: &str) -> Vec<(FieldIdx, f32)> {
        let mut all = Vec::new();
        self.matches(text, &mut all);
        let mut best: Vec<(FieldIdx, f32)> = Vec::new();
        for (f, w) in all {
            match best.iter_mut().find(|(g, _)| *g == f) {
                Some(b) => b.1 = b.1.max(w),
                None => best.push((f, w)),
            }
        }
        best.sort_by_key(|(f, _)| *f);
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_reference, Source};

    fn fields() -> Vec<Field> {
        load_reference(&Source::Embedded).unwrap().1
    }

    fn ids(t: &KeywordTable, fs: &[Field], text: &str) -> Vec<String> {
        t.fields_of(text)
            .iter()
            .map(|(f, _)| fs[f.0 as usize].id.clone())
            .collect()
    }

    #[test]
    fn builtin_table_is_valid_and_covers_every_field() {
        let fs = fields();
        let t = KeywordTable::builtin(&fs).unwrap();
        assert!(t.len() >= 300, "{} rows", t.len());
        let mut covered = vec![0; fs.len()];
        for v in t.phrases.values() {
            for (f, _) in v {
                covered[f.0 as usize] += 1;
            }
        }
        for (f, n) in fs.iter().zip(&covered) {
            assert!(*n >= 10, "field {} has only {n} keywords", f.id);
        }
    }

    #[test]
    fn whole_words_plurals_and_vietnamese() {
        let fs = fields();
        let t = KeywordTable::parse(
            "k.csv",
            "keyword,field,weight\nneural network,ai,1\ntrí tuệ nhân tạo,ai,\nwater,water,0.5\nsmart grid,energy,\nsmart grid,iot,0.5\n",
            &fs,
        )
        .unwrap();
        assert_eq!(ids(&t, &fs, "Deep Neural Networks"), ["ai"]);
        assert_eq!(ids(&t, &fs, "Ứng dụng TRÍ TUỆ NHÂN TẠO"), ["ai"]);
        assert_eq!(ids(&t, &fs, "wastewater"), Vec::<String>::new());
        assert_eq!(ids(&t, &fs, "Smart grids"), ["iot", "energy"]);
        let w = t.fields_of("smart grid");
        assert_eq!(w.iter().map(|x| x.1).collect::<Vec<_>>(), [0.5, 1.0]);
    }

    #[test]
    fn bad_rows_are_all_reported_with_lines() {
        let fs = fields();
        let e = KeywordTable::parse(
            "k.csv",
            "keyword,field,weight\nai,ai,1\nfoo,nofield,1\nbar,ai,2\n,ai,\nAI,ai,\n",
            &fs,
        )
        .unwrap_err();
        let msgs: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(
            msgs[0].starts_with("k.csv:3:2: column `field`: unknown field \"nofield\""),
            "{}",
            msgs[0]
        );
        assert!(
            msgs[1].contains("k.csv:4:3") && msgs[1].contains("not a weight"),
            "{}",
            msgs[1]
        );
        assert!(
            msgs[2].contains("k.csv:5:1") && msgs[2].contains("empty cell"),
            "{}",
            msgs[2]
        );
        assert!(
            msgs[3].contains("k.csv:6")
                && msgs[3].contains("duplicate keyword \"AI\" for field ai (first on line 2)"),
            "{}",
            msgs[3]
        );
    }
}
