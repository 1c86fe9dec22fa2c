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
//! topic = 0.3                  # with `problem`: members whose work matches it (default 0.3)
//! near = 0.1                   # with `province`: members near it (default 0.1)
//! ```
//!
//! A call may be a problem statement instead of (or besides) fields: `problem = "Cảnh báo sớm
//! lũ quét …"` and optionally `province = "Lào Cai"`; without `fields` the fields and levels are
//! read from the text (see [`super::problem`]).
//!
//! CSV (`--calls FILE`), one call per row, list cells separated by `;`: `id, title, fields`
//! (`water:0.7;ai`), `size` (`4-6`), `min_universities, min_regions, max_per_university,
//! include, exclude, min_title` (`associate_professor` or `associate_professor:2`),
//! `prefer_capacity, prefer_seniority, lab_fields`, `problem, province, prefer_topic,
//! prefer_near`; only `id` and `fields` are required (`fields` not when there is a `problem`
//! column: a ministry's list of tasks). A `text` column is read as `problem`, so the problem
//! list of `hoptac experts --queries` (`id,text,province`) is also a batch of calls; other
//! columns are ignored.

use serde::Deserialize;

use crate::load::{Problem, Problems};
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
    /// What a problem statement adds (fields read, topic and nearness preferences).
    pub problem: Option<Box<super::problem::ProblemPrefs>>,
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
    /// A problem statement ([`super::problem`]): the fields when `fields` is empty, and the
    /// topic preference.
    #[serde(default)]
    pub problem: Option<String>,
    /// Where the problem is (a province or a region): the nearness preference.
    #[serde(default)]
    pub province: Option<String>,
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
    /// Weight of the problem's topic match ([`super::problem`]); its default applies when unset.
    #[serde(default)]
    pub topic: Option<f64>,
    /// Weight of nearness to the problem's province; its default applies when unset.
    #[serde(default)]
    pub near: Option<f64>,
}

/// Why a call cannot be used: every problem, each with its position (file, line of the CSV
/// row or `[[call]]` table, column of a CSV cell), as the dataset loader reports them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid call in {source_name}: {}", problems.summary(20))]
pub struct CallError {
    pub source_name: String,
    pub problems: Problems,
}

impl CallError {
    /// Problems found in `source_name`; their `file` is set to it.
    pub fn new(source_name: &str, problems: Vec<Problem>) -> CallError {
        let mut all = Problems::default();
        for mut p in problems {
            p.file = source_name.to_string();
            all.push(p);
        }
        CallError {
            source_name: source_name.to_string(),
            problems: all,
        }
    }

    /// One problem with the whole source (it cannot be read, say).
    pub fn whole(source_name: &str, message: String) -> CallError {
        CallError::new(source_name, vec![At::default().problem(message)])
    }
}

/// Where a call was written: the line of its CSV row or `[[call]]` table, and a label that
/// names it inside a list (`call[2]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct At {
    pub line: Option<u64>,
    pub label: String,
    /// In a CSV row: the column (1-based, and its header) of the id, the problem statement and
    /// the province, so that the checks made after parsing (duplicate ids, [`super::problem`])
    /// name the cell.
    pub id_column: Option<(usize, String)>,
    pub problem_column: Option<(usize, String)>,
    pub province_column: Option<(usize, String)>,
}

impl At {
    /// A problem at this position (the file is filled in by [`CallError::new`]).
    pub fn problem(&self, message: String) -> Problem {
        self.cell_problem(None, message)
    }

    /// A problem with the call's problem statement (at its CSV cell when there is one).
    pub fn problem_cell(&self, message: String) -> Problem {
        self.cell_problem(self.problem_column.clone(), message)
    }

    /// A problem with the call's province (at its CSV cell when there is one).
    pub fn province_cell(&self, message: String) -> Problem {
        self.cell_problem(self.province_column.clone(), message)
    }

    fn cell_problem(&self, column: Option<(usize, String)>, message: String) -> Problem {
        Problem {
            file: String::new(),
            line: self.line,
            column,
            message: if self.label.is_empty() {
                message
            } else {
                format!("{}: {message}", self.label)
            },
        }
    }
}

/// Parses `NAME` or `NAME:VALUE` (the value after the last `:`), as `--fields water:0.7`,
/// `--min-title associate_professor:2` and the CSV cells `fields` and `min_title` write them.
/// `Ok((name, None))` when there is no `:`; `Err(())` when the value does not parse.
#[allow(clippy::result_unit_err)]
pub fn split_value<T: std::str::FromStr>(item: &str) -> Result<(&str, Option<T>), ()> {
    match item.rsplit_once(':') {
        Some((name, v)) => v
            .trim()
            .parse()
            .map(|v| (name.trim(), Some(v)))
            .map_err(|_| ()),
        None => Ok((item.trim(), None)),
    }
}

/// `water:0.7` → a field with its minimum level; `water` → the call's default level.
#[allow(clippy::result_unit_err)]
pub fn field_spec(item: &str) -> Result<FieldSpec, ()> {
    Ok(match split_value::<f32>(item)? {
        (name, Some(level)) => FieldSpec::Full {
            field: name.into(),
            min_level: Some(level),
        },
        (name, None) => FieldSpec::Name(name.into()),
    })
}

/// `associate_professor:2` → at least two members with that title or higher; no count: one.
#[allow(clippy::result_unit_err)]
pub fn rule_spec(item: &str) -> Result<RuleSpec, ()> {
    let (title, count) = split_value::<usize>(item)?;
    Ok(RuleSpec {
        title: title.into(),
        count: count.unwrap_or(1),
    })
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
    /// Resolves names against the dataset and checks the numbers; every problem carries `at`.
    pub fn resolve(&self, ds: &Dataset, at: &At) -> Result<Call, Vec<Problem>> {
        let mut problems = Vec::new();
        let fields_ix = resolve::fields(ds);
        let field = |name: &str, what: &str, problems: &mut Vec<Problem>| -> Option<FieldIdx> {
            match resolve::field(ds, &fields_ix, name) {
                Ok(f) => Some(f),
                Err(e) => {
                    problems.push(at.problem(format!("{what}: {e}")));
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
                problems.push(at.problem(format!(
                    "fields[{}]: min_level {level} must be in (0, 1]",
                    i + 1
                )));
            }
            if let Some(fi) = field(name, &format!("fields[{}]", i + 1), &mut problems) {
                if fields.iter().any(|n| n.field == fi) {
                    problems.push(
                        at.problem(format!("fields[{}]: field {name:?} is listed twice", i + 1)),
                    );
                } else {
                    fields.push(FieldNeed {
                        field: fi,
                        min_level: level,
                    });
                }
            }
        }
        if self.fields.is_empty() {
            problems
                .push(at.problem("fields: a call needs at least one required field".to_string()));
        }
        let (size_min, size_max) = match self.size.as_ref().map_or(Ok((3, 5)), SizeSpec::range) {
            Ok((a, b)) if a >= 1 && a <= b && b <= super::MAX_TEAM => (a, b),
            Ok((a, b)) => {
                problems.push(at.problem(format!(
                    "size {a}-{b}: expected 1 ≤ min ≤ max ≤ {}",
                    super::MAX_TEAM
                )));
                (a, b)
            }
            Err(e) => {
                problems.push(at.problem(e));
                (0, 0)
            }
        };
        let researchers = |ids: &[String],
                           what: &str,
                           problems: &mut Vec<Problem>|
         -> Vec<ResearcherIdx> {
            ids.iter()
                .filter_map(|id| {
                    let r = ds.researcher_by_id(id.trim());
                    if r.is_none() {
                        problems.push(at.problem(format!("{what}: unknown researcher {id:?}: expected an id from researchers.csv")));
                    }
                    r
                })
                .collect()
        };
        // A researcher named twice in one list counts once (as a set: `--include a --include
        // a` asks for a once); one named in both lists is a contradiction.
        let mut include = researchers(&self.include, "include", &mut problems);
        let mut exclude = researchers(&self.exclude, "exclude", &mut problems);
        dedup_in_order(&mut include);
        dedup_in_order(&mut exclude);
        for r in &include {
            if exclude.contains(r) {
                problems.push(at.problem(format!(
                    "researcher {:?} is both in include and in exclude: a call can require or forbid a researcher, not both",
                    ds.researcher(*r).id
                )));
            }
        }
        let mut rules = Vec::new();
        for r in &self.rules {
            match Title::parse(&r.title) {
                Some(t) => rules.push(TitleRule { min_title: t, count: r.count }),
                None => problems.push(at.problem(format!(
                    "rules: {:?} is not a title: expected professor, associate_professor, doctor, master or other",
                    r.title
                ))),
            }
        }
        if rules.len() > 30 {
            problems.push(at.problem("rules: at most 30 title rules".into()));
        }
        let p = &self.preferences;
        for (name, v) in [("capacity", p.capacity), ("seniority", p.seniority)] {
            if !(v.is_finite() && v >= 0.0) {
                problems
                    .push(at.problem(format!("preferences.{name} = {v}: expected a weight ≥ 0")));
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
            problem: None,
        })
    }
}

/// Removes later repeats, keeping the first occurrence's order.
fn dedup_in_order(v: &mut Vec<ResearcherIdx>) {
    let mut seen = rustc_hash::FxHashSet::default();
    v.retain(|r| seen.insert(*r));
}

/// Calls of one list that share an id: a problem at each repeat, naming where the id was first
/// used (the line, or the `call[n]` label where there is no line). Calls without an id are not
/// compared.
pub fn duplicate_ids(specs: &[(CallSpec, At)]) -> Vec<Problem> {
    let mut first: rustc_hash::FxHashMap<&str, &At> = rustc_hash::FxHashMap::default();
    let mut problems = Vec::new();
    for (spec, at) in specs {
        let id = spec.id.trim();
        if id.is_empty() {
            continue;
        }
        match first.get(id) {
            Some(prev) => {
                let where_ = match prev.line {
                    Some(l) => format!("line {l}"),
                    None => prev.label.clone(),
                };
                let what = if prev.label.is_empty() {
                    where_
                } else if prev.line.is_some() {
                    format!("{}, {where_}", prev.label)
                } else {
                    where_
                };
                problems.push(at.cell_problem(at.id_column.clone(), format!(
                    "duplicate call id {id:?} (first used by {what}): ids name the calls in the output"
                )));
            }
            None => {
                first.insert(id, at);
            }
        }
    }
    problems
}

/// Parses one call from TOML text; a syntax or key error is reported at its line and column.
pub fn parse_toml(text: &str) -> Result<CallSpec, Vec<Problem>> {
    toml::from_str(text).map_err(|e| vec![toml_problem(text, &e)])
}

/// A TOML error as a problem at its line and column.
fn toml_problem(text: &str, e: &toml::de::Error) -> Problem {
    let (line, column) = match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() as u64 + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (Some(line), Some((column, String::new())))
        }
        None => (None, None),
    };
    Problem {
        file: String::new(),
        line,
        column,
        message: e.message().trim_end().to_string(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallList {
    call: Vec<CallSpec>,
}

/// Parses a list of calls: TOML `[[call]]` tables, or CSV when `csv` is true. Each call comes
/// with where it was written.
pub fn parse_list(text: &str, csv: bool) -> Result<Vec<(CallSpec, At)>, Vec<Problem>> {
    if csv {
        return parse_csv(text);
    }
    let list: CallList = toml::from_str(text).map_err(|e| vec![toml_problem(text, &e)])?;
    // The line of each `[[call]]` header, in order.
    let headers: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[call]]"))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    Ok(list
        .call
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let at = At {
                line: headers.get(i).copied(),
                label: format!("call[{}]", i + 1),
                ..At::default()
            };
            (c, at)
        })
        .collect())
}

fn parse_csv(text: &str) -> Result<Vec<(CallSpec, At)>, Vec<Problem>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.to_lowercase()).collect(),
        Err(e) => {
            let at = At {
                line: Some(1),
                ..At::default()
            };
            return Err(vec![at.problem(format!("malformed CSV header: {e}"))]);
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let header = At {
        line: Some(1),
        ..At::default()
    };
    // The problem statement is the `problem` column, or `text` as in the problem lists of
    // `hoptac experts --queries` (`id,text,province`), so that one file serves both.
    let problem_name = match (col("problem"), col("text")) {
        (Some(_), Some(_)) => {
            return Err(vec![header.problem(
                "both a `problem` and a `text` column: the problem statement is one of them (`text` is read as `problem`)".into(),
            )])
        }
        (Some(_), None) => Some("problem"),
        (None, Some(_)) => Some("text"),
        (None, None) => None,
    };
    // A batch of problems needs no fields column: the fields are read from each problem.
    let needed: &[&str] = if problem_name.is_some() {
        &["id"]
    } else {
        &["id", "fields"]
    };
    let mut problems: Vec<Problem> = needed
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .map(|c| {
            let also = if c == "fields" {
                " (or a `problem` or `text` column: a list of problem statements)"
            } else {
                ""
            };
            header.problem(format!("missing column `{c}`{also}"))
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let problem_col = problem_name.and_then(|n| col(n).map(|i| (i + 1, n.to_string())));
    let province_col = col("province").map(|i| (i + 1, "province".to_string()));
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let at = At {
                    line: e.position().map(|p| p.line()),
                    ..At::default()
                };
                problems.push(at.problem(format!("malformed CSV: {e}")));
                continue;
            }
        };
        let at = At {
            line: rec.position().map(|p| p.line()),
            label: String::new(),
            id_column: col("id").map(|i| (i + 1, "id".to_string())),
            problem_column: problem_col.clone(),
            province_column: province_col.clone(),
        };
        let get = |name: &str| col(name).and_then(|i| rec.get(i)).unwrap_or("").trim();
        let cell = |name: &str| col(name).map(|i| (i + 1, name.to_string()));
        let list = |name: &str| -> Vec<String> {
            get(name)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let mut bad = Vec::new();
        let num = |name: &str, bad: &mut Vec<Problem>| -> Option<usize> {
            let s = get(name);
            if s.is_empty() {
                return None;
            }
            s.parse()
                .map_err(|_| {
                    bad.push(at.cell_problem(cell(name), format!("{s:?} is not a whole number")))
                })
                .ok()
        };
        let weight = |name: &str, bad: &mut Vec<Problem>| -> f64 {
            let s = get(name);
            if s.is_empty() {
                return 0.0;
            }
            s.parse().unwrap_or_else(|_| {
                bad.push(at.cell_problem(cell(name), format!("{s:?} is not a number")));
                0.0
            })
        };
        let mut fields = Vec::new();
        for item in list("fields") {
            match field_spec(&item) {
                Ok(f) => fields.push(f),
                Err(()) => bad.push(at.cell_problem(
                    cell("fields"),
                    format!("{item:?}: expected field or field:level"),
                )),
            }
        }
        let mut rules = Vec::new();
        let t = get("min_title");
        if !t.is_empty() {
            match rule_spec(t) {
                Ok(r) => rules.push(r),
                Err(()) => bad.push(at.cell_problem(
                    cell("min_title"),
                    format!("{t:?}: expected title or title:count"),
                )),
            }
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
                topic: (!get("prefer_topic").is_empty()).then(|| weight("prefer_topic", &mut bad)),
                near: (!get("prefer_near").is_empty()).then(|| weight("prefer_near", &mut bad)),
            },
            lab_fields: list("lab_fields"),
            problem: problem_name
                .map(get)
                .filter(|p| !p.is_empty())
                .map(String::from),
            province: (!get("province").is_empty()).then(|| get("province").to_string()),
        };
        // A row of a problem list with neither a problem nor fields: say which cell is empty
        // (not only that the call has no field).
        if spec.problem.is_none() && spec.fields.is_empty() {
            if let Some(c) = &problem_col {
                bad.push(at.cell_problem(
                    Some(c.clone()),
                    "empty: a task needs its problem statement (or a `fields` cell)".into(),
                ));
            }
        } else if spec.problem.is_none() && spec.province.is_some() {
            bad.push(at.province_cell(
                "province without a problem: the province locates a problem statement".into(),
            ));
        }
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
        let err = parse_toml("id = \"x\"\nbogus = 1\n").unwrap_err();
        assert_eq!(
            (err[0].line, err[0].column.as_ref().map(|c| c.0)),
            (Some(2), Some(1))
        );
        assert!(
            err[0].message.contains("unknown field `bogus`"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn csv_calls_report_line_and_column() {
        let text = "id,fields,size,min_universities\nc1,water:0.7;ai,4-6,3\nc2,ai,3,x\n";
        let err = CallError::new("calls.csv", parse_list(text, true).unwrap_err());
        let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            vec!["calls.csv:3:4: column `min_universities`: \"x\" is not a whole number"]
        );
        let ok = parse_list("id,fields\nc1,water:0.7;ai\n", true).unwrap();
        assert_eq!(ok[0].0.fields.len(), 2);
    }
}
