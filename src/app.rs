//! The commands, as library functions: each takes its configuration (plain structs, no clap),
//! loads what it needs, runs the analysis and writes its output to the given writer.
//!
//! This is the only layer besides [`crate::load`] and [`crate::save`] that does I/O. It returns
//! an [`Outcome`] (exit 0 or 1) or an [`Error`] (exit 2), so the binary only maps them to exit
//! codes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::generate::{self, GenConfig};
use crate::graph::Graph;
use crate::lab::{self, LabQuery, Proximity};
use crate::load::{self, LoadError, Problem, Problems, Source};
use crate::model::Dataset;
use crate::model::{FieldIdx, UniIdx};
use crate::output::labs as lab_output;
use crate::output::scores;
use crate::output::teams as team_output;
use crate::output::{self, Cell, Format, Table};
use crate::report::{self, export::GraphFormat};
use crate::resolve::{self, Resolution, ResolveError};
use crate::save::{self, SaveError};
use crate::score::{self, Mode, PairQuery, Profile, ProfileError};
use crate::stats;
use crate::team::{self, batch, call::CallSpec, CallError, Solver};

/// How a command ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit code 0.
    Success,
    /// Exit code 1: nothing found, or the request cannot be met.
    NothingFound,
    /// Exit code 2, after the command printed its own diagnosis (e.g. `validate`).
    Invalid,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Invalid => 2,
        }
    }
}

/// Any error a command can end with (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid dataset {source_name}: {error}")]
    Load {
        source_name: String,
        #[source]
        error: LoadError,
    },
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Call(#[from] CallError),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error("invalid uniquip file {file}: {}", problem_lines(problems))]
    Import { file: String, problems: Problems },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Records(#[from] crate::import::ImportError),
    #[error(transparent)]
    Evaluate(#[from] crate::evaluate::EvalError),
}

/// The count and the first problems of an import, one per line.
fn problem_lines(problems: &Problems) -> String {
    const SHOWN: usize = 20;
    let mut s = format!(
        "{} problem{}:\n",
        problems.total(),
        if problems.total() == 1 { "" } else { "s" }
    );
    let _ = problems.write_to(&mut s, SHOWN);
    s.truncate(s.trim_end().len());
    s
}

/// Loads and validates a dataset, naming the source in any error.
pub fn load_dataset(source: &Source) -> Result<Dataset, Error> {
    load::load(source).map_err(|error| Error::Load {
        source_name: source.to_string(),
        error,
    })
}

/// Loads a dataset and builds its graph.
pub fn load_graph(source: &Source) -> Result<Graph, Error> {
    Ok(Graph::build(load_dataset(source)?))
}

/// `hoptac validate`: prints every problem (or a one-line summary when clean).
pub fn validate(source: &Source, out: &mut dyn Write) -> Result<Outcome, Error> {
    match load::load(source) {
        Ok(ds) => {
            writeln!(
                out,
                "{source}: ok ({} universities, {} fields, {} researchers, {} expertise entries, {} labs, {} co-authorships)",
                ds.universities.len(),
                ds.fields.len(),
                ds.researchers.len(),
                ds.expertise.len(),
                ds.labs.len(),
                ds.coauthorships.len()
            )?;
            Ok(Outcome::Success)
        }
        Err(LoadError::Invalid { problems }) => {
            let mut s = String::new();
            let _ = problems.write_to(&mut s, usize::MAX);
            out.write_all(s.as_bytes())?;
            writeln!(
                out,
                "{source}: {} problem{} found",
                problems.total(),
                if problems.total() == 1 { "" } else { "s" }
            )?;
            Ok(Outcome::Invalid)
        }
        Err(error) => Err(Error::Load {
            source_name: source.to_string(),
            error,
        }),
    }
}

/// `hoptac stats`.
pub fn stats(source: &Source, format: Format, out: &mut dyn Write) -> Result<Outcome, Error> {
    let g = load_graph(source)?;
    out.write_all(output::render(&stats::tables(&g), format).as_bytes())?;
    Ok(Outcome::Success)
}

/// What `hoptac resolve` looks names up as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameKind {
    #[default]
    University,
    Field,
}

/// `hoptac resolve`: one row per name; exit 1 when any name is unknown or ambiguous.
pub fn resolve(
    source: &Source,
    names: &[String],
    kind: NameKind,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ds = load_dataset(source)?;
    let mut t = Table::new(
        "resolved",
        "",
        &["input", "status", "id", "name_vi", "name_en", "candidates"],
    );
    let mut all_found = true;
    let (uni_ix, field_ix) = match kind {
        NameKind::University => (Some(resolve::universities(&ds)), None),
        NameKind::Field => (None, Some(resolve::fields(&ds))),
    };
    let describe = |i: usize| -> (String, String, String) {
        match kind {
            NameKind::University => {
                let u = &ds.universities[i];
                (u.id.clone(), u.name_vi.clone(), u.name_en.clone())
            }
            NameKind::Field => {
                let f = &ds.fields[i];
                (f.id.clone(), f.name_vi.clone(), f.name_en.clone())
            }
        }
    };
    for name in names {
        let r: Resolution<usize> = match (&uni_ix, &field_ix) {
            (Some(ix), _) => map_resolution(ix.resolve(name), |u| u.ix()),
            (_, Some(ix)) => map_resolution(ix.resolve(name), |f| f.ix()),
            _ => unreachable!("one index is built"),
        };
        let ids = |v: &[usize]| {
            v.iter()
                .map(|i| describe(*i).0)
                .collect::<Vec<_>>()
                .join(";")
        };
        let row: Vec<Cell> = match &r {
            Resolution::Found(i, how) => {
                let (id, vi, en) = describe(*i);
                vec![
                    name.as_str().into(),
                    how.as_str().into(),
                    id.into(),
                    vi.into(),
                    en.into(),
                    "".into(),
                ]
            }
            Resolution::Ambiguous(c) | Resolution::Unknown(c) => {
                all_found = false;
                let status = if matches!(r, Resolution::Ambiguous(_)) {
                    "ambiguous"
                } else {
                    "unknown"
                };
                if let Err(e) =
                    resolve::into_result(r.clone(), kind_name(kind), name, |i| label(describe(i)))
                {
                    writeln!(err, "error: {e}")?;
                }
                vec![
                    name.as_str().into(),
                    status.into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    ids(c).into(),
                ]
            }
        };
        t.push(row);
    }
    out.write_all(output::render(&[t], format).as_bytes())?;
    Ok(if all_found {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

fn kind_name(k: NameKind) -> &'static str {
    match k {
        NameKind::University => "university",
        NameKind::Field => "field",
    }
}

fn label((id, vi, _): (String, String, String)) -> String {
    format!("{id} ({vi})")
}

fn map_resolution<T, U>(r: Resolution<T>, f: impl Fn(T) -> U) -> Resolution<U> {
    match r {
        Resolution::Found(t, m) => Resolution::Found(f(t), m),
        Resolution::Ambiguous(v) => Resolution::Ambiguous(v.into_iter().map(f).collect()),
        Resolution::Unknown(v) => Resolution::Unknown(v.into_iter().map(f).collect()),
    }
}

/// `hoptac generate`.
#[derive(Clone, Debug)]
pub struct GenerateConfig {
    pub gen: GenConfig,
    pub out: PathBuf,
    pub force: bool,
}

pub fn generate(cfg: &GenerateConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    if cfg.gen.universities == 0 || cfg.gen.researchers_per_university == 0 {
        return Err(Error::Usage(
            "--universities and --researchers-per-university must be at least 1".into(),
        ));
    }
    let ds = generate::generate(&cfg.gen).map_err(|error| Error::Load {
        source_name: "the built-in reference data".into(),
        error,
    })?;
    save::write_dataset(&ds, &cfg.out, cfg.force)?;
    writeln!(
        out,
        "wrote {}: {} universities, {} researchers, {} expertise entries, {} labs, {} co-authorships",
        display(&cfg.out),
        ds.universities.len(),
        ds.researchers.len(),
        ds.expertise.len(),
        ds.labs.len(),
        ds.coauthorships.len()
    )?;
    Ok(Outcome::Success)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Resolves a university given by id or any name [`mod@resolve`] understands.
pub fn find_university(ds: &Dataset, name: &str) -> Result<UniIdx, Error> {
    if let Some(u) = ds.university_by_id(name) {
        return Ok(u);
    }
    Ok(resolve::university(ds, &resolve::universities(ds), name)?)
}

/// Resolves a field given by id or name, in Vietnamese or English.
pub fn find_field(ds: &Dataset, name: &str) -> Result<FieldIdx, Error> {
    if let Some(f) = ds.field_by_id(name) {
        return Ok(f);
    }
    Ok(resolve::field(ds, &resolve::fields(ds), name)?)
}

fn load_profile(path: Option<&Path>) -> Result<Profile, Error> {
    Ok(match path {
        Some(p) => Profile::from_file(p)?,
        None => Profile::default(),
    })
}

fn write_json(out: &mut dyn Write, v: &serde_json::Value) -> Result<(), Error> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// `hoptac rank`.
#[derive(Clone, Debug, Default)]
pub struct RankConfig {
    pub field: String,
    /// Without a university: the full university × partner matrix.
    pub university: Option<String>,
    pub top: Option<usize>,
    pub mode: Mode,
    pub profile: Option<PathBuf>,
    pub format: Format,
}

pub fn rank(source: &Source, cfg: &RankConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    let profile = load_profile(cfg.profile.as_deref())?;
    let g = load_graph(source)?;
    let field = find_field(g.data(), &cfg.field)?;
    let lists = match &cfg.university {
        Some(u) => {
            let u = find_university(g.data(), u)?;
            vec![score::rank_partners(
                &g,
                field,
                u,
                &profile.partner,
                cfg.mode,
            )]
        }
        None => score::partner_matrix(&g, field, &profile.partner, cfg.mode),
    };
    let lists: Vec<_> = lists
        .into_iter()
        .map(|mut l| {
            if let Some(n) = cfg.top {
                l.truncate(n);
            }
            l
        })
        .collect();
    let found = lists.iter().any(|l| !l.is_empty());
    match cfg.format {
        Format::Json => write_json(out, &scores::rank_json(&g, field, cfg.mode, &lists))?,
        Format::Csv => out.write_all(
            output::render(
                &[scores::rank_csv_table(&g, field, cfg.mode, &lists)],
                Format::Csv,
            )
            .as_bytes(),
        )?,
        f => {
            let tables = if cfg.university.is_some() {
                vec![scores::rank_table(&g, field, cfg.mode, &lists[0])]
            } else {
                vec![scores::matrix_table(&g, field, cfg.mode, &lists)]
            };
            out.write_all(output::render(&tables, f).as_bytes())?;
        }
    }
    Ok(if found {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

/// `hoptac leaders`.
pub fn leaders(
    source: &Source,
    field: &str,
    top: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let g = load_graph(source)?;
    let field = find_field(g.data(), field)?;
    let mut l = score::leaders(&g, field);
    if let Some(n) = top {
        l.truncate(n);
    }
    match format {
        Format::Json => write_json(out, &scores::leaders_json(&g, &l))?,
        f => {
            out.write_all(output::render(&[scores::leaders_table(&g, field, &l)], f).as_bytes())?
        }
    }
    Ok(if l.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

/// `hoptac pairs`.
#[derive(Clone, Debug, Default)]
pub struct PairsConfig {
    pub field: String,
    pub university: Option<String>,
    pub top: usize,
    pub profile: Option<PathBuf>,
    pub format: Format,
}

pub fn pairs(source: &Source, cfg: &PairsConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    let profile = load_profile(cfg.profile.as_deref())?;
    let g = load_graph(source)?;
    let field = find_field(g.data(), &cfg.field)?;
    let university = cfg
        .university
        .as_deref()
        .map(|u| find_university(g.data(), u))
        .transpose()?;
    let q = PairQuery {
        field,
        university,
        top: cfg.top,
    };
    let p = score::recommend(&g, &q, &profile.pairs);
    match cfg.format {
        Format::Json => write_json(out, &scores::pairs_json(&g, field, &p))?,
        f => out.write_all(output::render(&[scores::pairs_table(&g, field, &p)], f).as_bytes())?,
    }
    Ok(if p.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

/// `hoptac profile`: the default scoring profile, documented, as TOML.
pub fn profile(out: &mut dyn Write) -> Result<Outcome, Error> {
    out.write_all(score::DEFAULT_TOML.as_bytes())?;
    Ok(Outcome::Success)
}

/// Where `hoptac teams` gets its call(s).
#[derive(Clone, Debug)]
pub enum CallSource {
    /// Built from command-line flags.
    Spec(Box<CallSpec>),
    /// One call in a TOML file.
    File(PathBuf),
    /// Many calls: a TOML file of `[[call]]` tables, or CSV (by extension).
    Batch(PathBuf),
}

/// `hoptac teams`.
#[derive(Clone, Debug)]
pub struct TeamsConfig {
    pub calls: CallSource,
    pub top: usize,
    pub solver: Option<Solver>,
    pub profile: Option<PathBuf>,
    pub format: Format,
    pub max_university_share: f64,
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::Call(CallError {
            source_name: path.display().to_string(),
            problems: vec![format!("cannot read: {e}")],
        })
    })
}

fn resolve_calls(
    ds: &Dataset,
    specs: Vec<(CallSpec, String)>,
    source_name: &str,
) -> Result<Vec<team::Call>, Error> {
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    for (spec, at) in specs {
        match spec.resolve(ds, &at) {
            Ok(c) => calls.push(c),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(calls)
    } else {
        Err(Error::Call(CallError {
            source_name: source_name.to_string(),
            problems,
        }))
    }
}

pub fn teams(
    source: &Source,
    cfg: &TeamsConfig,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let profile = load_profile(cfg.profile.as_deref())?;
    let w = &profile.teams;
    let (specs, name, batch_mode) = match &cfg.calls {
        CallSource::Spec(s) => (
            vec![((**s).clone(), String::new())],
            "the command line".to_string(),
            false,
        ),
        CallSource::File(p) => {
            let text = read_text(p)?;
            let spec = team::call::parse_toml(&text).map_err(|e| CallError {
                source_name: p.display().to_string(),
                problems: vec![e],
            })?;
            (vec![(spec, String::new())], p.display().to_string(), false)
        }
        CallSource::Batch(p) => {
            let text = read_text(p)?;
            let is_csv = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let name = p.display().to_string();
            let specs = team::call::parse_list(&text, is_csv).map_err(|problems| CallError {
                source_name: name.clone(),
                problems,
            })?;
            (specs, name, true)
        }
    };
    let g = load_graph(source)?;
    let calls = resolve_calls(g.data(), specs, &name)?;
    if !(cfg.max_university_share > 0.0 && cfg.max_university_share <= 1.0) {
        return Err(Error::Usage(format!(
            "--max-university-share {}: expected a share in (0, 1]",
            cfg.max_university_share
        )));
    }
    if batch_mode {
        let opts = batch::BatchOptions {
            max_university_share: cfg.max_university_share,
            force: cfg.solver,
        };
        let r = batch::assign(&g, &calls, w, &opts);
        match cfg.format {
            Format::Json => write_json(out, &team_output::batch_json(&g, &calls, w, &r))?,
            f => out.write_all(
                output::render(&[team_output::batch_table(&g, &calls, &r)], f).as_bytes(),
            )?,
        }
        let all = r
            .assignments
            .iter()
            .all(|a| matches!(a, batch::Assignment::Filled { .. }));
        return Ok(if all {
            Outcome::Success
        } else {
            Outcome::NothingFound
        });
    }
    let call = &calls[0];
    let p = team::propose(&g, call, w, cfg.top, cfg.solver);
    if p.teams.is_empty() {
        let reasons = team::diagnose::diagnose(&g, call, w, None);
        writeln!(err, "error: {} cannot be filled:", call.id)?;
        for r in reasons {
            writeln!(err, "  - {r}")?;
        }
        return Ok(Outcome::NothingFound);
    }
    match cfg.format {
        Format::Json => write_json(out, &team_output::teams_json(&g, call, w, &p))?,
        Format::Csv => out.write_all(
            output::render(&[team_output::teams_csv_table(&g, call, &p)], Format::Csv).as_bytes(),
        )?,
        f => out
            .write_all(output::render(&team_output::teams_tables(&g, call, w, &p), f).as_bytes())?,
    }
    Ok(Outcome::Success)
}

/// What `hoptac labs` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LabsAction {
    /// Shared-lab opportunities (with a university: what it can borrow and offer).
    #[default]
    Opportunities,
    /// Labs whose equipment matches the text.
    Equipment(String),
    /// Joint-lab proposals within a city or region.
    Joint(Proximity),
    /// Write every lab as a uniquip CSV file.
    ExportUniquip(PathBuf),
    /// Read a uniquip CSV file and write a copy of the dataset with its labs merged in.
    ImportUniquip {
        file: PathBuf,
        out: PathBuf,
        force: bool,
    },
}

/// `hoptac labs`.
#[derive(Clone, Debug, Default)]
pub struct LabsConfig {
    pub action: LabsAction,
    /// Field id or name (opportunities and joint proposals; all fields when absent).
    pub field: Option<String>,
    /// Opportunities: the university that borrows or offers. Import: the institution of
    /// facility rows with an empty Institution Name.
    pub university: Option<String>,
    pub top: Option<usize>,
    pub profile: Option<PathBuf>,
    pub format: Format,
}

pub fn labs(source: &Source, cfg: &LabsConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    match &cfg.action {
        LabsAction::Opportunities => lab_opportunities(source, cfg, out),
        LabsAction::Equipment(text) => lab_equipment(source, text, cfg.format, out),
        LabsAction::Joint(within) => lab_joint(source, cfg, *within, out),
        LabsAction::ExportUniquip(file) => lab_export(source, file, out),
        LabsAction::ImportUniquip {
            file,
            out: dir,
            force,
        } => lab_import(source, file, dir, *force, cfg.university.as_deref(), out),
    }
}

fn found(any: bool) -> Outcome {
    if any {
        Outcome::Success
    } else {
        Outcome::NothingFound
    }
}

fn lab_opportunities(
    source: &Source,
    cfg: &LabsConfig,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let profile = load_profile(cfg.profile.as_deref())?;
    let g = load_graph(source)?;
    let ds = g.data();
    let field = cfg
        .field
        .as_deref()
        .map(|f| find_field(ds, f))
        .transpose()?;
    let university = cfg
        .university
        .as_deref()
        .map(|u| find_university(ds, u))
        .transpose()?;
    let in_field = field.map_or(String::new(), |f| format!(" in {}", ds.field(f).name_en));
    let lists: Vec<(Option<&'static str>, String, Vec<lab::LabOpportunity>)> = match university {
        Some(u) => {
            let x = lab::exchange(&g, field, u, cfg.top, &profile.labs);
            let name = &ds.university(u).short_name;
            vec![
                (
                    Some("borrow"),
                    format!("Labs {name} can borrow{in_field}"),
                    x.borrow,
                ),
                (
                    Some("offer"),
                    format!("Labs {name} can offer{in_field}"),
                    x.offer,
                ),
            ]
        }
        None => {
            let q = LabQuery {
                field,
                university: None,
                top: cfg.top,
            };
            let ops = lab::opportunities(&g, &q, &profile.labs);
            vec![(None, format!("Shared-lab opportunities{in_field}"), ops)]
        }
    };
    let roles: Vec<lab_output::RoleList<'_>> =
        lists.iter().map(|(r, _, o)| (*r, o.as_slice())).collect();
    match cfg.format {
        Format::Json => write_json(out, &lab_output::opportunities_json(&g, &roles))?,
        Format::Csv => out.write_all(
            output::render(&[lab_output::opportunities_csv(&g, &roles)], Format::Csv).as_bytes(),
        )?,
        f => {
            let tables: Vec<Table> = lists
                .iter()
                .map(|(_, title, ops)| lab_output::opportunities_table(&g, title, ops))
                .collect();
            out.write_all(output::render(&tables, f).as_bytes())?;
        }
    }
    Ok(found(lists.iter().any(|(_, _, o)| !o.is_empty())))
}

fn lab_equipment(
    source: &Source,
    text: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    if crate::text::fold(text).is_empty() {
        return Err(Error::Usage(
            "--equipment needs a word to search for (letters or digits)".into(),
        ));
    }
    let g = load_graph(source)?;
    let hits = lab::find_equipment(&g, text);
    match format {
        Format::Json => write_json(out, &lab_output::equipment_json(&g, &hits))?,
        f => out.write_all(
            output::render(&[lab_output::equipment_table(&g, text, &hits)], f).as_bytes(),
        )?,
    }
    Ok(found(!hits.is_empty()))
}

fn lab_joint(
    source: &Source,
    cfg: &LabsConfig,
    within: Proximity,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let g = load_graph(source)?;
    let ds = g.data();
    let fields: Vec<FieldIdx> = match cfg.field.as_deref() {
        Some(f) => vec![find_field(ds, f)?],
        None => ds.field_ids().collect(),
    };
    let proposals: Vec<lab::JointProposal> = fields
        .into_iter()
        .flat_map(|f| lab::joint_proposals(&g, f, within))
        .collect();
    match cfg.format {
        Format::Json => write_json(out, &lab_output::joint_json(&g, &proposals))?,
        f => {
            out.write_all(output::render(&[lab_output::joint_table(&g, &proposals)], f).as_bytes())?
        }
    }
    Ok(found(!proposals.is_empty()))
}

fn lab_export(source: &Source, file: &Path, out: &mut dyn Write) -> Result<Outcome, Error> {
    let ds = load_dataset(source)?;
    let bytes = lab::uniquip::export(&ds).map_err(|e| Error::Output(std::io::Error::other(e)))?;
    save::write_file_atomic(file, &bytes)?;
    let items: usize = ds.labs.iter().map(|l| l.equipment.len()).sum();
    writeln!(
        out,
        "wrote {}: {} facility rows and {} equipment rows (uniquip layout)",
        display(file),
        ds.labs.len(),
        items
    )?;
    Ok(Outcome::Success)
}

fn lab_import(
    source: &Source,
    file: &Path,
    dir: &Path,
    force: bool,
    university: Option<&str>,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut ds = load_dataset(source)?;
    let default_university = university.map(|u| find_university(&ds, u)).transpose()?;
    let name = display(file);
    let input = std::fs::File::open(file).map_err(|e| {
        let mut problems = Problems::default();
        problems.push(Problem {
            file: name.clone(),
            line: None,
            column: None,
            message: format!("cannot open: {e}"),
        });
        Error::Import {
            file: name.clone(),
            problems,
        }
    })?;
    let imported = lab::uniquip::import(
        &ds,
        &name,
        Box::new(std::io::BufReader::new(input)),
        default_university,
    )
    .map_err(|problems| Error::Import {
        file: name.clone(),
        problems,
    })?;
    let equipment = imported.equipment_rows;
    let defaulted = imported.defaulted_access;
    let (replaced, added) = lab::uniquip::merge(&mut ds, imported.labs);
    save::write_dataset(&ds, dir, force)?;
    writeln!(
        out,
        "wrote {}: {} labs from {name} ({replaced} replaced, {added} added) with {equipment} equipment items; {} labs in all",
        display(dir),
        replaced + added,
        ds.labs.len()
    )?;
    if defaulted > 0 {
        writeln!(
            out,
            "note: {defaulted} facilit{} gave no access level and {} imported as internal (never offered to another university)",
            if defaulted == 1 { "y" } else { "ies" },
            if defaulted == 1 { "was" } else { "were" }
        )?;
    }
    Ok(Outcome::Success)
}

/// `hoptac report`.
#[derive(Clone, Debug)]
pub struct ReportConfig {
    pub out: PathBuf,
    pub formats: report::Formats,
    pub lang: report::Lang,
    pub profile: Option<PathBuf>,
    /// Replace a non-empty `out` that is not a previous report.
    pub force: bool,
}

/// `hoptac report`: builds every page and table in memory, then writes the folder atomically.
/// A progress bar is drawn on standard error when it is a terminal.
pub fn report(source: &Source, cfg: &ReportConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    use std::io::IsTerminal;
    let profile = load_profile(cfg.profile.as_deref())?;
    let g = load_graph(source)?;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(report::steps(&g))
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} report {wide_bar} {pos}/{len} {elapsed}")
    {
        bar.set_style(style);
    }
    let opts = report::Options {
        formats: cfg.formats,
        lang: cfg.lang,
        limits: report::Limits::for_graph(&g),
    };
    let files = report::build(&g, &profile, &opts, &|| bar.inc(1));
    report::write(&cfg.out, &files, cfg.force)?;
    bar.finish_and_clear();
    let pages = files
        .iter()
        .filter(|(n, _)| n.ends_with(".html") || (!cfg.formats.html && n.ends_with(".md")))
        .count();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    writeln!(
        out,
        "wrote {}: {pages} pages, {} files, {:.1} MB; open {}",
        display(&cfg.out),
        files.len(),
        bytes as f64 / 1e6,
        display(&cfg.out.join(if cfg.formats.html {
            "index.html"
        } else if cfg.formats.markdown {
            "index.md"
        } else {
            "README.md"
        }))
    )?;
    Ok(Outcome::Success)
}

/// `hoptac export`.
#[derive(Clone, Debug, Default)]
pub struct ExportConfig {
    pub format: GraphFormat,
    /// Only this field's sub-graph.
    pub field: Option<String>,
    /// Write to this file (atomically) instead of standard output.
    pub out: Option<PathBuf>,
}

/// `hoptac export`: the graph (or one field's sub-graph) as GraphML, GEXF or DOT.
pub fn export(source: &Source, cfg: &ExportConfig, out: &mut dyn Write) -> Result<Outcome, Error> {
    let g = load_graph(source)?;
    let sel = match cfg.field.as_deref() {
        Some(f) => report::export::Selection::field(&g, find_field(g.data(), f)?),
        None => report::export::Selection::all(&g),
    };
    let text = report::export::export(&g, &sel, cfg.format);
    match &cfg.out {
        Some(path) => save::write_file_atomic(path, text.as_bytes())?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Outcome::Success)
}

/// `hoptac import`: a dataset folder from bibliographic exports.
#[derive(Clone, Debug)]
pub struct ImportCommand {
    pub import: crate::import::ImportConfig,
    pub out: PathBuf,
    pub force: bool,
}

pub fn import(
    cfg: &ImportCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let imported = crate::import::import(&cfg.import)?;
    for p in imported.skipped.iter() {
        writeln!(err, "warning: skipped {p}")?;
    }
    if imported.skipped.total() > imported.skipped.iter().count() {
        writeln!(
            err,
            "warning: … and {} more problems",
            imported.skipped.total() - imported.skipped.iter().count()
        )?;
    }
    save::write_dataset(&imported.dataset, &cfg.out, cfg.force)?;
    // What was written must load: the import promises a valid dataset folder.
    let source = Source::Dir(cfg.out.clone());
    let ds = load_dataset(&source)?;
    let s = &imported.summary;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    writeln!(
        out,
        "wrote {}: {} at {} ({} of the consortium), {} fields, {} expertise entries, {}",
        display(&cfg.out),
        plural(ds.researchers.len(), "researcher", "researchers"),
        plural(ds.universities.len(), "institution", "institutions"),
        s.consortium_members,
        ds.fields.len(),
        ds.expertise.len(),
        plural(ds.coauthorships.len(), "co-authorship", "co-authorships"),
    )?;
    let until = cfg.import.until.map_or(String::new(), |y| {
        format!(", {} after --until {y}", s.dropped_after_until)
    });
    writeln!(
        out,
        "records: {} read, {} kept, {} dropped ({} bad{until}, {} without authors)",
        s.records_read,
        s.records_kept,
        s.dropped_bad + s.dropped_after_until + s.dropped_no_authors,
        s.dropped_bad,
        s.dropped_no_authors,
    )?;
    if s.rows_with_extra_cells > 0 {
        writeln!(
            out,
            "  {} had more cells than the header (the extra cells were ignored)",
            plural(s.rows_with_extra_cells, "row", "rows")
        )?;
    }
    if s.records_without_pairs > 0 {
        writeln!(
            out,
            "  {} with more than {} authors added no co-authorships",
            plural(s.records_without_pairs, "record", "records"),
            cfg.import.max_authors
        )?;
    }
    writeln!(
        out,
        "authors: {} read, merged into {} ({} merged); {} without an affiliation",
        s.authors_read,
        plural(s.researchers, "researcher", "researchers"),
        s.authors_merged(),
        s.authors_without_affiliation,
    )?;
    writeln!(
        out,
        "institutions: {} read, merged into {} ({} merged)",
        plural(s.institutions_read, "name", "names"),
        s.institutions,
        s.institutions_merged(),
    )?;
    if s.vn_without_city > 0 {
        writeln!(
            out,
            "  {} in Vietnam named no recognisable city and {} put in region north",
            plural(s.vn_without_city, "institution", "institutions"),
            if s.vn_without_city == 1 {
                "was"
            } else {
                "were"
            }
        )?;
    }
    Ok(Outcome::Success)
}

/// `hoptac evaluate`.
#[derive(Clone, Debug)]
pub struct EvaluateConfig {
    pub eval: crate::evaluate::EvalConfig,
    /// The same export imported with `--until` the split year: what the scorers learn from.
    pub train: Option<PathBuf>,
    pub profile: Option<PathBuf>,
    pub format: Format,
}

pub fn evaluate(
    source: &Source,
    cfg: &EvaluateConfig,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    if cfg.eval.k == 0 {
        return Err(Error::Usage("--k must be at least 1".into()));
    }
    let profile = load_profile(cfg.profile.as_deref())?;
    let full = load_dataset(source)?;
    let train = cfg
        .train
        .as_ref()
        .map(|p| load_dataset(&Source::Dir(p.clone())))
        .transpose()?;
    let e = match crate::evaluate::evaluate(&full, train.as_ref(), &cfg.eval, &profile) {
        Ok(e) => e,
        Err(e @ crate::evaluate::EvalError::Nothing(_)) => {
            writeln!(err, "error: {e}")?;
            return Ok(Outcome::NothingFound);
        }
        Err(e) => return Err(e.into()),
    };
    match cfg.format {
        Format::Json => write_json(out, &crate::evaluate::json(&e))?,
        f => out.write_all(output::render(&[crate::evaluate::table(&e)], f).as_bytes())?,
    }
    Ok(Outcome::Success)
}
