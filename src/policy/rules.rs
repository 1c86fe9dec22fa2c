//! The policy file and the researchers' own choices, parsed, checked against the dataset and
//! resolved to one [`Level`] per record and attribute.
//!
//! ```toml
//! min_count = 5                 # the smallest count of withheld data an output may show
//! audit_log = "audit.jsonl"     # optional, relative to this file
//!
//! [default]                     # every university, unless its own section says otherwise
//! name = "public"
//! h_index = "consortium"
//! aggregate = true              # withheld values may still enter rankings and totals
//! lock = []                     # attributes the researchers may not override
//!
//! [university.hust]
//! free_hours = "own"
//! lock = ["proposals"]
//!
//! [researcher."hust-0007"]      # the administrators' override: beats every other rule
//! proposals = "nobody"
//! ```
//!
//! A researcher's own choice is a row of `visibility.csv` (`researcher,attribute,level`) in the
//! dataset folder. The level of an attribute of a researcher is the first of: the
//! administrators' override, the researcher's choice (unless their university locks the
//! attribute), their university's section, `[default]`, `public`. A lab's attributes (`labs`,
//! `equipment`, `free_hours`) follow its host university's section.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Attribute, Level};
use crate::load::{Problem, Problems, Source};
use crate::model::{Dataset, LabIdx, ResearcherIdx};

/// The policy file of a dataset folder (and of the built-in dataset).
pub const POLICY_FILE: &str = "policy.toml";
/// The researchers' own choices, in the dataset folder.
pub const VISIBILITY_FILE: &str = "visibility.csv";
/// The default of `min_count`: a count of withheld data below it is shown as "fewer than 5".
pub const MIN_COUNT: u32 = 5;

const N: usize = Attribute::ALL.len();
type Levels = [Option<Level>; N];

/// One section: a level per attribute it names, and for a university section its
/// `aggregate` and `lock`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Section {
    levels: Levels,
    aggregate: Option<bool>,
    lock: u16,
}

/// A checked policy: the file (or none), the researchers' choices, resolved per university.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Where it came from, for messages and the report ("none" when there is no policy).
    origin: String,
    /// XXH3-64 of the policy file and `visibility.csv` as read, in hex.
    hash: String,
    min_count: u32,
    audit_log: Option<PathBuf>,
    default: Section,
    universities: BTreeMap<String, Section>,
    admin: BTreeMap<String, Levels>,
    choices: BTreeMap<String, Levels>,
}

/// Why a policy was rejected: every problem, each at its file, line and column.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("invalid data-sharing policy {origin}: {}", problems.summary(20))]
    Invalid { origin: String, problems: Problems },
}

impl Policy {
    /// No rules: everything is public (a dataset without a policy file).
    pub fn open() -> Policy {
        Policy {
            origin: "none".into(),
            hash: format!("{:016x}", xxhash_rust::xxh3::xxh3_64(b"")),
            min_count: MIN_COUNT,
            audit_log: None,
            default: Section::default(),
            universities: BTreeMap::new(),
            admin: BTreeMap::new(),
            choices: BTreeMap::new(),
        }
    }

    /// The policy of a dataset: `explicit` if given, else `policy.toml` of the dataset folder
    /// (or of the built-in dataset), else none; with the folder's `visibility.csv` if there.
    /// Checked against `ds`: every university and researcher it names must exist.
    pub fn load(
        source: &Source,
        explicit: Option<&Path>,
        ds: &Dataset,
    ) -> Result<Policy, PolicyError> {
        let mut problems = Problems::default();
        let (origin, text) = match explicit {
            Some(p) => {
                let origin = p.display().to_string();
                match std::fs::read(p) {
                    Ok(b) => (origin, Some(b)),
                    Err(e) => {
                        problems.push(Problem {
                            file: origin.clone(),
                            line: None,
                            column: None,
                            message: format!("cannot read: {e}"),
                        });
                        return Err(PolicyError::Invalid { origin, problems });
                    }
                }
            }
            None if source.has(POLICY_FILE) => (
                source.describe(POLICY_FILE),
                source
                    .bytes(POLICY_FILE, &mut problems)
                    .map(|b| b.into_owned()),
            ),
            None => ("none".to_string(), None),
        };
        let choices = source
            .has(VISIBILITY_FILE)
            .then(|| source.bytes(VISIBILITY_FILE, &mut problems))
            .flatten();
        let mut policy = Policy::open();
        let mut hashed = Vec::new();
        if let Some(bytes) = &text {
            hashed.extend_from_slice(bytes);
            match std::str::from_utf8(bytes) {
                Ok(t) => {
                    policy = Policy::parse(t, &origin, &mut problems);
                    if let (Some(log), Some(dir)) = (
                        policy.audit_log.take(),
                        explicit.and_then(Path::parent).or(match source {
                            Source::Dir(d) => Some(d.as_path()),
                            Source::Embedded => None,
                        }),
                    ) {
                        policy.audit_log = Some(dir.join(log));
                    }
                    policy.check(t, &origin, ds, &mut problems);
                }
                Err(e) => problems.push(Problem {
                    file: origin.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "not valid UTF-8 at byte {}: save it as UTF-8",
                        e.valid_up_to()
                    ),
                }),
            }
        }
        policy.origin = origin.clone();
        if let Some(bytes) = &choices {
            hashed.push(0);
            hashed.extend_from_slice(bytes);
            policy.choices =
                read_choices(&source.describe(VISIBILITY_FILE), bytes, ds, &mut problems);
        }
        policy.hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&hashed));
        if problems.is_empty() {
            Ok(policy)
        } else {
            problems.sort_by_position();
            Err(PolicyError::Invalid { origin, problems })
        }
    }

    /// Parses a policy text; problems of shape (unknown keys, bad levels) are recorded with
    /// their positions, and what is good is kept.
    pub(super) fn parse(text: &str, path: &str, problems: &mut Problems) -> Policy {
        let mut policy = Policy::open();
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let at = e.span().map(|s| s.start);
                problems.push(Problem::in_toml(
                    path,
                    text,
                    at,
                    None,
                    e.message().trim_end().to_string(),
                ));
                return policy;
            }
        };
        let mut bad = |key: &str, message: String| {
            problems.push(Problem::in_toml(path, text, None, Some(key), message));
        };
        for (key, value) in &table {
            match (key.as_str(), value) {
                ("min_count", toml::Value::Integer(n)) if (1..=1000).contains(n) => {
                    policy.min_count = *n as u32;
                }
                ("min_count", v) => bad(key, format!("min_count = {v}: expected a whole number from 1 to 1000")),
                ("audit_log", toml::Value::String(s)) if !s.trim().is_empty() => {
                    policy.audit_log = Some(PathBuf::from(s));
                }
                ("audit_log", v) => bad(key, format!("audit_log = {v}: expected a file path")),
                ("default", toml::Value::Table(t)) => policy.default = section(t, "default", true, &mut bad),
                ("university", toml::Value::Table(t)) => {
                    for (u, s) in t {
                        let name = format!("university.{u}");
                        match s {
                            toml::Value::Table(s) => {
                                let s = section(s, &name, true, &mut bad);
                                policy.universities.insert(u.clone(), s);
                            }
                            _ => bad(&name, format!("{name}: expected a table [university.{u}]")),
                        }
                    }
                }
                ("researcher", toml::Value::Table(t)) => {
                    for (r, s) in t {
                        let name = format!("researcher.{r}");
                        match s {
                            toml::Value::Table(s) => {
                                let s = section(s, &name, false, &mut bad);
                                policy.admin.insert(r.clone(), s.levels);
                            }
                            _ => bad(&name, format!("{name}: expected a table [researcher.\"{r}\"]")),
                        }
                    }
                }
                (k, _) => bad(
                    k,
                    format!("unknown key `{k}`: expected min_count, audit_log, [default], [university.ID] or [researcher.\"ID\"]"),
                ),
            }
        }
        policy
    }

    /// Every university and researcher the policy names must be in the dataset.
    fn check(&self, text: &str, path: &str, ds: &Dataset, problems: &mut Problems) {
        for u in self.universities.keys() {
            if ds.university_by_id(u).is_none() {
                problems.push(Problem::in_toml(
                    path,
                    text,
                    None,
                    Some(&format!("university.{u}")),
                    format!("unknown university `{u}`: expected an id of universities.csv"),
                ));
            }
        }
        for r in self.admin.keys() {
            if ds.researcher_by_id(r).is_none() {
                problems.push(Problem::in_toml(
                    path,
                    text,
                    None,
                    Some(&format!("researcher.{r}")),
                    format!("unknown researcher `{r}`: expected an id of researchers.csv"),
                ));
            }
        }
    }

    /// Where the policy came from ("none" without one).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The hash of what was read (policy file and choices), for the audit log and the report.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The smallest count of withheld data an output may show.
    pub fn min_count(&self) -> u32 {
        self.min_count
    }

    /// The audit log the policy asks for, if any.
    pub fn audit_log(&self) -> Option<&Path> {
        self.audit_log.as_deref()
    }

    /// Whether nothing is restricted: every level resolves to `public`.
    pub fn is_open(&self) -> bool {
        let open = |l: &Levels| l.iter().all(|x| x.is_none_or(|x| x == Level::Public));
        open(&self.default.levels)
            && self.universities.values().all(|s| open(&s.levels))
            && self.admin.values().all(open)
            && self.choices.values().all(open)
    }

    /// The section of a university with the defaults filled in.
    fn university_section(&self, u: &str) -> Section {
        let own = self.universities.get(u);
        let mut levels = self.default.levels;
        if let Some(s) = own {
            for (i, l) in s.levels.iter().enumerate() {
                if l.is_some() {
                    levels[i] = *l;
                }
            }
        }
        Section {
            levels,
            aggregate: own.and_then(|s| s.aggregate).or(self.default.aggregate),
            lock: self.default.lock | own.map_or(0, |s| s.lock),
        }
    }

    /// The level of each attribute for the researchers of university `u` who have no override
    /// and no choice of their own.
    pub fn university_levels(&self, u: &str) -> [Level; N] {
        let s = self.university_section(u);
        s.levels.map(|l| l.unwrap_or(Level::Public))
    }

    /// Whether withheld values of university `u`'s records may still enter rankings and totals
    /// (`aggregate`, default true).
    pub fn aggregate(&self, u: &str) -> bool {
        self.university_section(u).aggregate.unwrap_or(true)
    }

    /// Whether any researcher has rules of their own (an override or a choice).
    pub fn has_researcher_rules(&self) -> bool {
        !self.admin.is_empty() || !self.choices.is_empty()
    }

    /// Whether `r` has an override or a choice of their own (else [`Policy::university_levels`]).
    pub fn has_own_rules(&self, ds: &Dataset, r: ResearcherIdx) -> bool {
        let id = ds.researcher(r).id.as_str();
        self.admin.contains_key(id) || self.choices.contains_key(id)
    }

    /// The resolved level of `attribute` of researcher `r`: override → own choice (unless
    /// locked) → university → default → public.
    pub fn level(&self, ds: &Dataset, r: ResearcherIdx, attribute: Attribute) -> Level {
        let x = ds.researcher(r);
        let i = attribute as usize;
        if let Some(l) = self.admin.get(x.id.as_str()).and_then(|l| l[i]) {
            return l;
        }
        let uni = &ds.university(x.university).id;
        let s = self.university_section(uni);
        if s.lock & attribute.bit() == 0 {
            if let Some(l) = self.choices.get(x.id.as_str()).and_then(|l| l[i]) {
                return l;
            }
        }
        s.levels[i].unwrap_or(Level::Public)
    }

    /// The level of a lab attribute (`labs`, `equipment`, `free_hours`): its host's.
    pub fn lab_level(&self, ds: &Dataset, l: LabIdx, attribute: Attribute) -> Level {
        let uni = &ds.university(ds.lab(l).university).id;
        self.university_section(uni).levels[attribute as usize].unwrap_or(Level::Public)
    }
}

/// One section's keys: attributes with levels; `aggregate` and `lock` where allowed.
fn section(
    t: &toml::Table,
    name: &str,
    university: bool,
    bad: &mut impl FnMut(&str, String),
) -> Section {
    let mut s = Section::default();
    for (k, v) in t {
        let key = format!("{name}.{k}");
        match (k.as_str(), v) {
            ("aggregate", toml::Value::Boolean(b)) if university => s.aggregate = Some(*b),
            ("aggregate", v) if university => bad(&key, format!("aggregate = {v}: expected true or false")),
            ("lock", toml::Value::Array(items)) if university => {
                for item in items {
                    match item.as_str().and_then(Attribute::parse) {
                        Some(a) => s.lock |= a.bit(),
                        None => bad(&key, format!("lock: {item} is not an attribute: expected some of {}", attribute_names(false))),
                    }
                }
            }
            ("lock", v) if university => bad(&key, format!("lock = {v}: expected a list of attributes such as [\"name\", \"h_index\"]")),
            _ => match Attribute::parse(k) {
                Some(a) if a.of_lab() && !university => bad(
                    &key,
                    format!("`{k}` is an attribute of labs: set it for the host university, not for a researcher"),
                ),
                Some(a) => match v.as_str().and_then(Level::parse) {
                    Some(l) => s.levels[a as usize] = Some(l),
                    None => bad(&key, format!("{k} = {v}: expected \"public\", \"consortium\", \"own\" or \"nobody\"")),
                },
                None => bad(
                    &key,
                    format!(
                        "unknown key `{k}`: expected an attribute ({}){}",
                        attribute_names(!university),
                        if university { ", aggregate or lock" } else { "" }
                    ),
                ),
            },
        }
    }
    s
}

fn attribute_names(researcher_only: bool) -> String {
    Attribute::ALL
        .iter()
        .filter(|a| !(researcher_only && a.of_lab()))
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `visibility.csv`: `researcher,attribute,level`, a researcher's own choices.
fn read_choices(
    file: &str,
    bytes: &[u8],
    ds: &Dataset,
    problems: &mut Problems,
) -> BTreeMap<String, Levels> {
    let mut out: BTreeMap<String, Levels> = BTreeMap::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let at = |line: u64, column: Option<(usize, &str)>, message: String| Problem {
        file: file.to_string(),
        line: Some(line),
        column: column.map(|(c, h)| (c, h.to_string())),
        message,
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
            .collect(),
        Err(e) => {
            problems.push(at(1, None, format!("cannot read the header: {e}")));
            return out;
        }
    };
    let want = ["researcher", "attribute", "level"];
    let mut pos = [0usize; 3];
    for (i, w) in want.iter().enumerate() {
        match header.iter().position(|h| h == w) {
            Some(p) => pos[i] = p,
            None => {
                problems.push(at(
                    1,
                    None,
                    format!("no column `{w}`: expected the header researcher,attribute,level"),
                ));
                return out;
            }
        }
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(at(line, None, format!("not a CSV row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(pos[i]).unwrap_or("").trim();
        let col = |i: usize| Some((pos[i] + 1, want[i]));
        let (id, attr, level) = (cell(0), cell(1), cell(2));
        let mut ok = true;
        if ds.researcher_by_id(id).is_none() {
            problems.push(at(
                line,
                col(0),
                format!("unknown researcher `{id}`: expected an id of researchers.csv"),
            ));
            ok = false;
        }
        let a = Attribute::parse(attr).filter(|a| !a.of_lab());
        if a.is_none() {
            problems.push(at(
                line,
                col(1),
                format!(
                    "`{attr}` is not an attribute of a researcher: expected one of {}",
                    attribute_names(true)
                ),
            ));
            ok = false;
        }
        let l = Level::parse(level);
        if l.is_none() {
            problems.push(at(
                line,
                col(2),
                format!("`{level}` is not a level: expected public, consortium, own or nobody"),
            ));
            ok = false;
        }
        if let (true, Some(a), Some(l)) = (ok, a, l) {
            let levels = out.entry(id.to_string()).or_default();
            if levels[a as usize].is_some_and(|old| old != l) {
                problems.push(at(line, col(1), format!("a second, different level for `{attr}` of `{id}`: expected one row per researcher and attribute")));
            }
            levels[a as usize] = Some(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g7() -> Dataset {
        crate::load::load(&Source::Embedded).unwrap()
    }

    fn parse(text: &str) -> (Policy, Problems) {
        let mut problems = Problems::default();
        let p = Policy::parse(text, "p.toml", &mut problems);
        (p, problems)
    }

    #[test]
    fn levels_resolve_override_then_choice_then_university_then_default() {
        let ds = g7();
        let (mut p, problems) = parse(
            "[default]\nh_index = \"consortium\"\n\n[university.hust]\nh_index = \"own\"\nlock = [\"title\"]\n\n[researcher.\"X\"]\nname = \"nobody\"\n",
        );
        assert!(problems.is_empty(), "{}", problems.summary(5));
        let hust = ds.university_by_id("hust").unwrap();
        let r = ds
            .researcher_ids()
            .find(|&r| ds.researcher(r).university == hust)
            .unwrap();
        let other = ds
            .researcher_ids()
            .find(|&r| ds.researcher(r).university != hust)
            .unwrap();
        let id = ds.researcher(r).id.to_string();
        assert_eq!(p.level(&ds, r, Attribute::HIndex), Level::Own);
        assert_eq!(p.level(&ds, other, Attribute::HIndex), Level::Consortium);
        assert_eq!(p.level(&ds, r, Attribute::Name), Level::Public);
        // The researcher's own choice beats the university, except where it is locked.
        let mut mine = [None; N];
        mine[Attribute::HIndex as usize] = Some(Level::Public);
        mine[Attribute::Title as usize] = Some(Level::Nobody);
        p.choices.insert(id.clone(), mine);
        assert_eq!(p.level(&ds, r, Attribute::HIndex), Level::Public);
        assert_eq!(
            p.level(&ds, r, Attribute::Title),
            Level::Public,
            "title is locked at hust"
        );
        // The administrators' override beats the choice and the lock.
        let mut admin = [None; N];
        admin[Attribute::HIndex as usize] = Some(Level::Nobody);
        admin[Attribute::Title as usize] = Some(Level::Own);
        p.admin.insert(id, admin);
        assert_eq!(p.level(&ds, r, Attribute::HIndex), Level::Nobody);
        assert_eq!(p.level(&ds, r, Attribute::Title), Level::Own);
        assert!(!p.is_open());
        assert!(Policy::open().is_open());
    }

    #[test]
    fn every_problem_of_a_policy_is_reported_at_its_line() {
        let text = "min_count = 0\n[default]\nh_index = \"friends\"\ncolour = \"red\"\n[university.hust]\nlock = [\"shoe\"]\n[researcher.\"a\"]\nfree_hours = \"own\"\n[extra]\n";
        let (_, problems) = parse(text);
        let lines: Vec<(u64, String)> = problems
            .iter()
            .map(|p| (p.line.unwrap_or(0), p.message.clone()))
            .collect();
        let has =
            |line: u64, needle: &str| lines.iter().any(|(l, m)| *l == line && m.contains(needle));
        assert!(has(1, "min_count"), "{lines:?}");
        assert!(has(3, "expected \"public\""), "{lines:?}");
        assert!(has(4, "unknown key `colour`"), "{lines:?}");
        assert!(has(6, "shoe"), "{lines:?}");
        assert!(has(8, "attribute of labs"), "{lines:?}");
        assert!(has(9, "unknown key `extra`"), "{lines:?}");
        assert_eq!(problems.total(), 6, "{lines:?}");
        let (_, syntax) = parse("[default\n");
        assert_eq!(syntax.iter().next().unwrap().line, Some(1));
    }

    #[test]
    fn the_choices_file_is_checked_cell_by_cell() {
        let ds = g7();
        let id = ds.researcher(ResearcherIdx(0)).id.clone();
        let text = format!("\u{feff}researcher,attribute,level\n{id},h_index,own\nnobody-here,h_index,own\n{id},shoe,own\n{id},equipment,own\n{id},title,secret\n{id},h_index,public\n");
        let mut problems = Problems::default();
        let choices = read_choices("v.csv", text.as_bytes(), &ds, &mut problems);
        let got: Vec<(u64, usize)> = problems
            .iter()
            .map(|p| (p.line.unwrap(), p.column.as_ref().unwrap().0))
            .collect();
        assert_eq!(got, vec![(3, 1), (4, 2), (5, 2), (6, 3), (7, 2)]);
        assert_eq!(
            choices[id.as_str()][Attribute::HIndex as usize],
            Some(Level::Public)
        );
    }
}
