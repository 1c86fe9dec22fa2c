//! Calls: what a team must be, as written by a programme officer (TOML, CSV or flags) and as
//! resolved against a dataset (field and researcher indexes).
//!
//! TOML, one call (`--call FILE`) or several as `[[call]]` tables (`--calls FILE`):
//!
//! ```toml
//! id = "water-ai-2026"
//! title = "Flood forecasting with AI"
//! fields = ["water", { field = "ai", min_level = 0.7 }]   # names or ids; min_level defaults to `min_level`
//! min_level = 0.5
//! size = "4-6"                 # or 5, or [4, 6]
//! min_universities = 3
//! min_regions = 2
//! max_per_university = 2
//! include = ["tlu-0012"]       # researcher ids (a principal investigator)
//! exclude = ["hust-0001"]      # conflicts
//! lab_fields = ["water"]       # fields whose lab the team must be able to use
//! [[rules]]                    # composition rules
//! title = "associate_professor"   # at least `count` members with this title or higher
//! count = 1
//! [preferences]                # soft: weights added to the score
//! capacity = 0.1               # members with spare capacity (max_teams)
//! seniority = 0.0              # senior members (h-index)
//! ```
//!
//! CSV (`--calls FILE`), one call per row, list cells separated by `;`: `id, title, fields`
//! (`water:0.7;ai`), `size` (`4-6`), `min_universities, min_regions, max_per_university,
//! include, exclude, min_title` (`associate_professor` or `associate_professor:2`),
//! `prefer_capacity, prefer_seniority, lab_fields`; only `id` and `fields` are required.

use serde::Deserialize;

use crate::model::*;
use crate::resolve;

/// A required field and the level a member must reach in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldNeed {
    pub field: FieldIdx,
    pub min_level: f32,
}

/// At least `count` members with title `min_title` or higher.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TitleRule {
    pub min_title: Title,
    pub count: usize,
}

/// A call resolved against a dataset. Every constraint is hard except the preferences.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub id: String,
    pub title: String,
    pub fields: Vec<FieldNeed>,
    pub size_min: usize,
    pub size_max: usize,
    pub min_universities: usize,
    pub min_regions: usize,
    pub max_per_university: Option<usize>,
    pub include: Vec<ResearcherIdx>,
    pub exclude: Vec<ResearcherIdx>,
    pub rules: Vec<TitleRule>,
    pub prefer_capacity: f64,
    pub prefer_seniority: f64,
    pub lab_fields: Vec<FieldIdx>,
}

/// Default minimum level for fields given without one.
pub const DEFAULT_MIN_LEVEL: f32 = 0.5;

/// A call as written, before names are resolved.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallSpec {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    pub min_level: Option<f32>,
    pub size: Option<SizeSpec>,
    pub min_universities: Option<usize>,
    pub min_regions: Option<usize>,
    pub max_per_university: Option<usize>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    #[serde(default)]
    pub preferences: PreferenceSpec,
    #[serde(default)]
    pub lab_fields: Vec<String>,
}

/// `"water"` or `{ field = "water", min_level = 0.7 }`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FieldSpec {
    Name(String),
    Full {
        field: String,
        min_level: Option<f32>,
    },
}

/// `5`, `"4-6"` or `[4, 6]`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum SizeSpec {
    Exact(usize),
    Text(String),
    Range([usize; 2]),
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub title: String,
    #[serde(default = "one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferenceSpec {
    #[serde(default)]
    pub capacity: f64,
    #[serde(default)]
    pub seniority: f64,
}

/// Why a call cannot be used; every problem is listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid call{}:\n{}", if self.source_name.is_empty() { String::new() } else { format!(" in {}", self.source_name) }, problems.join("\n"))]
pub struct CallError {
    pub source_name: String,
    pub problems: Vec<String>,
}

impl SizeSpec {
    fn range(&self) -> Result<(usize, usize), String> {
        match self {
            SizeSpec::Exact(n) => Ok((*n, *n)),
            SizeSpec::Range([a, b]) => Ok((*a, *b)),
            SizeSpec::Text(s) => parse_size(s),
        }
    }
}

/// Parses `"4-6"`, `"4–6"` or `"5"`.
pub fn parse_size(s: &str) -> Result<(usize, usize), String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '–', '.']).filter(|p| !p.is_empty()).collect();
    let num = |p: &str| {
        p.trim()
            .parse::<usize>()
            .map_err(|_| format!("size {s:?}: expected a number or a range such as 4-6"))
    };
    match parts.as_slice() {
        [n] => num(n).map(|n| (n, n)),
        [a, b] => Ok((num(a)?, num(b)?)),
        _ => Err(format!(
            "size {s:?}: expected a number or a range such as 4-6"
        )),
    }
}

impl CallSpec {
    /// Resolves names against the dataset and checks the numbers; `at` prefixes every problem
    /// (e.g. `calls.csv:3`).
    pub fn resolve(&self, ds: &Dataset, at: &str) -> Result<Call, Vec<String>> {
        let mut problems = Vec::new();
        let fields_ix = resolve::fields(ds);
        let field = |name: &str, what: &str, problems: &mut Vec<String>| -> Option<FieldIdx> {
            if let Some(f) = ds.field_by_id(name) {
                return Some(f);
            }
            match resolve::field(ds, &fields_ix, name) {
                Ok(f) => Some(f),
                Err(e) => {
                    problems.push(format!("{at}{what}: {e}"));
                    None
                }
            }
        };
        let default_level = self.min_level.unwrap_or(DEFAULT_MIN_LEVEL);
        let mut fields: Vec<FieldNeed> = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            let (name, level) = match f {
                FieldSpec::Name(n) => (n.as_str(), default_level),
                FieldSpec::Full { field, min_level } => {
                    (field.as_str(), min_level.unwrap_or(default_level))
                }
            };
            if !(level > 0.0 && level <= 1.0) {
                problems.push(format!(
                    "{at}fields[{}]: min_level {level} must be in (0, 1]",
                    i + 1
                ));
            }
            if let Some(fi) = field(name, &format!("fields[{}]", i + 1), &mut problems) {
                if fields.iter().any(|n| n.field == fi) {
                    problems.push(format!(
                        "{at}fields[{}]: field {name:?} is listed twice",
                        i + 1
                    ));
                } else {
                    fields.push(FieldNeed {
                        field: fi,
                        min_level: level,
                    });
                }
            }
        }
        if self.fields.is_empty() {
            problems.push(format!(
                "{at}fields: a call needs at least one required field"
            ));
        }
        let (size_min, size_max) = match self.size.as_ref().map_or(Ok((3, 5)), SizeSpec::range) {
            Ok((a, b)) if a >= 1 && a <= b && b <= super::MAX_TEAM => (a, b),
            Ok((a, b)) => {
                problems.push(format!(
                    "{at}size {a}-{b}: expected 1 ≤ min ≤ max ≤ {}",
                    super::MAX_TEAM
                ));
                (a, b)
            }
            Err(e) => {
                problems.push(format!("{at}{e}"));
                (0, 0)
            }
        };
        let researchers = |ids: &[String],
                           what: &str,
                           problems: &mut Vec<String>|
         -> Vec<ResearcherIdx> {
            ids.iter()
                .filter_map(|id| {
                    let r = ds.researcher_by_id(id.trim());
                    if r.is_none() {
                        problems.push(format!("{at}{what}: unknown researcher {id:?}: expected an id from researchers.csv"));
                    }
                    r
                })
                .collect()
        };
        let include = researchers(&self.include, "include", &mut problems);
        let exclude = researchers(&self.exclude, "exclude", &mut problems);
        let mut rules = Vec::new();
        for r in &self.rules {
            match Title::parse(&r.title) {
                Some(t) => rules.push(TitleRule { min_title: t, count: r.count }),
                None => problems.push(format!(
                    "{at}rules: {:?} is not a title: expected professor, associate_professor, doctor, master or other",
                    r.title
                )),
            }
        }
        if rules.len() > 30 {
            problems.push(format!("{at}rules: at most 30 title rules"));
        }
        let p = &self.preferences;
        for (name, v) in [("capacity", p.capacity), ("seniority", p.seniority)] {
            if !(v.is_finite() && v >= 0.0) {
                problems.push(format!(
                    "{at}preferences.{name} = {v}: expected a weight ≥ 0"
                ));
            }
        }
        let lab_fields: Vec<FieldIdx> = self
            .lab_fields
            .iter()
            .filter_map(|f| field(f, "lab_fields", &mut problems))
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Call {
            id: if self.id.is_empty() {
                "call".into()
            } else {
                self.id.clone()
            },
            title: self.title.clone(),
            fields,
            size_min,
            size_max,
            min_universities: self.min_universities.unwrap_or(2),
            min_regions: self.min_regions.unwrap_or(1),
            max_per_university: self.max_per_university,
            include,
            exclude,
            rules,
            prefer_capacity: p.capacity,
            prefer_seniority: p.seniority,
            lab_fields,
        })
    }
}

/// Parses one call from TOML text.
pub fn parse_toml(text: &str) -> Result<CallSpec, String> {
    toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallList {
    call: Vec<CallSpec>,
}

/// Parses a list of calls: TOML `[[call]]` tables, or CSV when `csv` is true.
pub fn parse_list(text: &str, csv: bool) -> Result<Vec<(CallSpec, String)>, Vec<String>> {
    if !csv {
        let list: CallList =
            toml::from_str(text).map_err(|e| vec![e.to_string().trim_end().to_string()])?;
        return Ok(list
            .call
            .into_iter()
            .enumerate()
            .map(|(i, c)| (c, format!("call[{}] ", i + 1)))
            .collect());
    }
    parse_csv(text)
}

fn parse_csv(text: &str) -> Result<Vec<(CallSpec, String)>, Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.to_lowercase()).collect(),
        Err(e) => return Err(vec![format!("malformed CSV header: {e}")]),
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut problems = Vec::new();
    for required in ["id", "fields"] {
        if col(required).is_none() {
            problems.push(format!("1: missing column `{required}`"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("malformed CSV: {e}"));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let at = format!("{line}: ");
        let get = |name: &str| col(name).and_then(|i| rec.get(i)).unwrap_or("").trim();
        let list = |name: &str| -> Vec<String> {
            get(name)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let mut bad = Vec::new();
        let num = |name: &str, bad: &mut Vec<String>| -> Option<usize> {
            let s = get(name);
            if s.is_empty() {
                return None;
            }
            s.parse()
                .map_err(|_| bad.push(format!("{at}column `{name}`: {s:?} is not a whole number")))
                .ok()
        };
        let weight = |name: &str, bad: &mut Vec<String>| -> f64 {
            let s = get(name);
            if s.is_empty() {
                return 0.0;
            }
            s.parse().unwrap_or_else(|_| {
                bad.push(format!("{at}column `{name}`: {s:?} is not a number"));
                0.0
            })
        };
        let mut fields = Vec::new();
        for item in list("fields") {
            match item.split_once(':') {
                Some((f, l)) => match l.trim().parse::<f32>() {
                    Ok(level) => fields.push(FieldSpec::Full {
                        field: f.trim().into(),
                        min_level: Some(level),
                    }),
                    Err(_) => bad.push(format!(
                        "{at}column `fields`: {item:?}: expected field or field:level"
                    )),
                },
                None => fields.push(FieldSpec::Name(item)),
            }
        }
        let mut rules = Vec::new();
        let t = get("min_title");
        if !t.is_empty() {
            let (title, count) = match t.split_once(':') {
                Some((a, b)) => (
                    a.trim(),
                    b.trim().parse().unwrap_or_else(|_| {
                        bad.push(format!(
                            "{at}column `min_title`: {t:?}: expected title or title:count"
                        ));
                        1
                    }),
                ),
                None => (t, 1),
            };
            rules.push(RuleSpec {
                title: title.into(),
                count,
            });
        }
        let spec = CallSpec {
            id: get("id").into(),
            title: get("title").into(),
            fields,
            min_level: None,
            size: (!get("size").is_empty()).then(|| SizeSpec::Text(get("size").into())),
            min_universities: num("min_universities", &mut bad),
            min_regions: num("min_regions", &mut bad),
            max_per_university: num("max_per_university", &mut bad),
            include: list("include"),
            exclude: list("exclude"),
            rules,
            preferences: PreferenceSpec {
                capacity: weight("prefer_capacity", &mut bad),
                seniority: weight("prefer_seniority", &mut bad),
            },
            lab_fields: list("lab_fields"),
        };
        if bad.is_empty() {
            out.push((spec, at));
        } else {
            problems.extend(bad);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4-6"), Ok((4, 6)));
        assert_eq!(parse_size("5"), Ok((5, 5)));
        assert_eq!(parse_size("3–4"), Ok((3, 4)));
        assert!(parse_size("four").is_err());
    }

    #[test]
    fn toml_call_with_every_key() {
        let spec = parse_toml(
            r#"
            id = "c1"
            fields = ["water", { field = "ai", min_level = 0.7 }]
            size = [4, 6]
            min_universities = 3
            include = ["a1"]
            lab_fields = ["water"]
            [[rules]]
            title = "PGS"
            [preferences]
            capacity = 0.1
            "#,
        )
        .unwrap();
        assert_eq!(
            spec.fields[1],
            FieldSpec::Full {
                field: "ai".into(),
                min_level: Some(0.7)
            }
        );
        assert_eq!(spec.size, Some(SizeSpec::Range([4, 6])));
        assert_eq!(spec.rules[0].count, 1);
        assert!(parse_toml("id = \"x\"\nbogus = 1\n")
            .unwrap_err()
            .contains("unknown field `bogus`"));
    }

    #[test]
    fn csv_calls_report_line_and_column() {
        let text = "id,fields,size,min_universities\nc1,water:0.7;ai,4-6,3\nc2,ai,3,x\n";
        let err = parse_list(text, true).unwrap_err();
        assert_eq!(
            err,
            vec!["3: column `min_universities`: \"x\" is not a whole number".to_string()]
        );
        let ok = parse_list("id,fields\nc1,water:0.7;ai\n", true).unwrap();
        assert_eq!(ok[0].0.fields.len(), 2);
    }
}
