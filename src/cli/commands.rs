//! One function per command: build the request from the arguments, check it before loading
//! anything, ask [`hoptac::query`], and render the answer (table, CSV, Markdown or JSON) to
//! standard output. Messages for the user go to standard error.

use std::io::{IsTerminal, Write};
use std::path::Path;

use hoptac::graph::snapshot;
use hoptac::load::Source;
use hoptac::model::{FieldIdx, UniIdx};
use hoptac::policy::{Audience, AuditEntry, AuditLog, Policy};
use hoptac::profile::DEFAULT_TOML;
use hoptac::query::{self, Engine, Found, Request, Resolved, Validation};
use hoptac::render::{experts as expert_output, labs as lab_output, scores, teams as team_output};
use hoptac::table::{self, Cell, Format, Table};

use super::args::*;
use super::{Error, Outcome};

/// The dataset a command reads and how it uses snapshots (global options).
pub struct Data {
    pub source: Source,
    pub snapshot: snapshot::Mode,
    /// Whom the answers are for (`--as`).
    pub audience: Audience,
    /// `--policy`, else the data folder's `policy.toml`.
    pub policy: Option<std::path::PathBuf>,
    /// `--audit-log`, else the policy's `audit_log`.
    pub audit_log: Option<std::path::PathBuf>,
    /// The subcommand, for the audit log.
    pub command: &'static str,
}

/// The paths a command reads (the data folder's files, a profile, …): no output may replace,
/// hold or lie inside one of them.
fn inputs(source: &Source, files: &[Option<&Path>]) -> Vec<std::path::PathBuf> {
    let mut v: Vec<std::path::PathBuf> = files.iter().flatten().map(|p| p.to_path_buf()).collect();
    v.extend(query::input_files(source));
    v
}

/// Opens the data (the snapshot, or the CSV files), applies the policy for the audience and
/// logs the request when an audit log is set.
///
/// The engine is never dropped: a command answers one question and the process ends, and the
/// operating system takes back a million researchers' strings at once far faster than freeing
/// them one by one would (about a tenth of a quick query's time at 1 M researchers).
fn engine(data: &Data, profile: Option<&Path>) -> Result<&'static Engine, Error> {
    let profile = query::load_profile(profile)?;
    let opened = Engine::open(&data.source, profile, data.snapshot)?;
    if let Some(why) = &opened.refused {
        let rebuilt = match &opened.written {
            Some(Ok(_)) => "; read the CSV files and wrote a new one",
            _ => "; read the CSV files",
        };
        eprintln!(
            "note: not using the snapshot of {}: {why}{rebuilt}",
            data.source
        );
    }
    if let (snapshot::Mode::Always, Some(Err(e))) = (data.snapshot, &opened.written) {
        eprintln!("note: could not write the snapshot: {e}");
    }
    let policy = Policy::load(&data.source, data.policy.as_deref(), opened.engine.data())
        .map_err(query::Error::from)?;
    let e = opened.engine.with_policy(&policy, data.audience.clone())?;
    let log = data.audit_log.as_deref().or(policy.audit_log());
    if let Some(path) = log {
        // The command line is the request; it is logged before the answer is given.
        let args: Vec<String> = std::env::args().skip(1).collect();
        let entry = AuditEntry::new(e.view(), data.command, serde_json::json!(args));
        AuditLog::new(path)
            .append(&entry)
            .map_err(|e| Error::Usage(e.to_string()))?;
    }
    Ok(Box::leak(Box::new(e)))
}

/// `hoptac snapshot`: builds the snapshot ahead of time, or (`--check`) says whether the one
/// there can be used.
pub fn snapshot(data: &Data, a: &SnapshotArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Source::Dir(dir) = &data.source else {
        return Err(Error::Usage(
            "the built-in dataset needs no snapshot: pass --data DIR".into(),
        ));
    };
    let file = snapshot::path(dir);
    if a.check {
        return Ok(match snapshot::read(dir) {
            Ok(g) => {
                writeln!(
                    out,
                    "{}: up to date ({} researchers, {} co-authorships)",
                    file.display(),
                    g.data().researchers.len(),
                    g.data().coauthorships.len()
                )?;
                Outcome::Success
            }
            Err(why) => {
                writeln!(out, "{}: not usable: {why}", file.display())?;
                Outcome::NothingFound
            }
        });
    }
    let opened = Engine::open(&data.source, Default::default(), snapshot::Mode::Always)?;
    let ds = opened.engine.data();
    match opened.written {
        Some(Err(e)) => return Err(query::Error::from(e).into()),
        Some(Ok(p)) => {
            let size = std::fs::metadata(&p).map_or(0, |m| m.len());
            writeln!(
                out,
                "wrote {}: {:.1} MB for {} researchers and {} co-authorships",
                p.display(),
                size as f64 / 1e6,
                ds.researchers.len(),
                ds.coauthorships.len()
            )?;
        }
        None if opened.from_snapshot => {
            writeln!(out, "{}: already up to date", file.display())?;
        }
        None => {
            return Err(Error::Usage(format!(
                "{}: the CSV files changed while they were read; run the command again",
                file.display()
            )))
        }
    }
    Ok(Outcome::Success)
}

fn write_tables(out: &mut dyn Write, tables: &[Table], format: Format) -> Result<(), Error> {
    out.write_all(table::render(tables, format).as_bytes())?;
    Ok(())
}

fn write_json(out: &mut dyn Write, v: &serde_json::Value) -> Result<(), Error> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    out.write_all(s.as_bytes())?;
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn validate(data: &Data, out: &mut dyn Write) -> Result<Outcome, Error> {
    match query::validate(&data.source)? {
        Validation::Valid(c) => {
            writeln!(
                out,
                "{}: ok ({} universities, {} fields, {} researchers, {} expertise entries, {} labs, {} co-authorships)",
                data.source,
                c.universities, c.fields, c.researchers, c.expertise, c.labs, c.coauthorships
            )?;
            Ok(Outcome::Success)
        }
        Validation::Invalid(problems) => {
            let mut s = String::new();
            let _ = problems.write_to(&mut s, usize::MAX);
            out.write_all(s.as_bytes())?;
            writeln!(
                out,
                "{}: {} found",
                data.source,
                plural(problems.total(), "problem", "problems")
            )?;
            Ok(Outcome::Invalid)
        }
    }
}

pub fn stats(data: &Data, a: &StatsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let e = engine(data, None)?;
    let r = query::stats(e, &query::StatsRequest::default())?;
    write_tables(out, &r.tables, a.format.into())?;
    Ok(Outcome::Success)
}

pub fn resolve(
    data: &Data,
    a: &ResolveArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ds = query::load_dataset(&data.source)?;
    let r = query::resolve(&ds, &a.into())?;
    let mut t = Table::new(
        "resolved",
        "",
        &["input", "status", "id", "name_vi", "name_en", "candidates"],
    );
    for (name, resolved) in &r.names {
        let ids = |v: &[query::Named]| {
            v.iter()
                .map(|n| n.id.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        let row: Vec<Cell> = match resolved {
            Resolved::Found(n, how) => vec![
                name.as_str().into(),
                how.as_str().into(),
                n.id.as_str().into(),
                n.name_vi.as_str().into(),
                n.name_en.as_str().into(),
                "".into(),
            ],
            Resolved::Ambiguous(c, e) | Resolved::Unknown(c, e) => {
                writeln!(err, "error: {e}")?;
                let status = if matches!(resolved, Resolved::Ambiguous(..)) {
                    "ambiguous"
                } else {
                    "unknown"
                };
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
    write_tables(out, &[t], a.format.into())?;
    Ok(Outcome::found(r.found()))
}

pub fn rank(data: &Data, a: &RankArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let req: query::PartnersRequest = a.into();
    req.check()?;
    let e = engine(data, a.profile.as_deref())?;
    let format: Format = a.format.into();
    if req.university.is_none() && matches!(format, Format::Json | Format::Csv) {
        return rank_matrix_streamed(e, &req, format, out);
    }
    if req.university.is_none() {
        // The grid holds only scores: filled a few universities at a time, no explained list
        // kept (a text table's widths need every row, whose cells are small). The same
        // bytes as `scores::matrix_table` of the whole matrix.
        let g = e.view();
        let field = e.field(&req.field)?;
        let mut t = scores::matrix_header(g, field, req.mode);
        let (_, found) = query::partners_streamed(e, &req, |rows| -> Result<(), Error> {
            scores::push_matrix_rows(&mut t, g, rows);
            Ok(())
        })??;
        write_tables(out, &[t], format)?;
        return Ok(Outcome::found(found));
    }
    let r = query::partners(e, &req)?;
    let g = e.view();
    match a.format.into() {
        Format::Json => write_json(out, &scores::rank_json(g, r.field, r.mode, &r.lists))?,
        Format::Csv => write_tables(
            out,
            &[scores::rank_csv_table(g, r.field, r.mode, &r.lists)],
            Format::Csv,
        )?,
        f => write_tables(
            out,
            &[scores::rank_table(g, r.field, r.mode, &r.lists[0])],
            f,
        )?,
    }
    Ok(Outcome::found(r.found()))
}

/// The full matrix as JSON or CSV, written a few universities at a time as they are computed
/// (the same bytes as rendering the whole matrix at once).
fn rank_matrix_streamed(
    e: &Engine,
    req: &query::PartnersRequest,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let g = e.view();
    let field = e.field(&req.field)?;
    let mut first = true;
    let r = query::partners_streamed(e, req, |rows| -> std::io::Result<()> {
        match format {
            Format::Json => {
                let v = scores::rank_json(g, field, req.mode, rows);
                for item in v.as_array().into_iter().flatten() {
                    out.write_all(if first { b"[\n" } else { b",\n" })?;
                    first = false;
                    let text = serde_json::to_string_pretty(item).unwrap_or_default();
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            out.write_all(b"\n")?;
                        }
                        out.write_all(b"  ")?;
                        out.write_all(line.as_bytes())?;
                    }
                }
            }
            _ => {
                let t = scores::rank_csv_table(g, field, req.mode, rows);
                let text = table::render(&[t], Format::Csv);
                // The header once, then only rows.
                let body = if first {
                    text.as_str()
                } else {
                    text.split_once('\n').map_or("", |(_, rest)| rest)
                };
                first = false;
                out.write_all(body.as_bytes())?;
            }
        }
        Ok(())
    })?;
    let (_, found) = r?;
    match format {
        Format::Json => out.write_all(if first { b"[]\n" } else { b"\n]\n" })?,
        _ if first => {
            let t = scores::rank_csv_table(g, field, req.mode, &[]);
            out.write_all(table::render(&[t], Format::Csv).as_bytes())?
        }
        _ => {}
    }
    Ok(Outcome::found(found))
}

pub fn leaders(data: &Data, a: &LeadersArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let e = engine(data, None)?;
    let r = query::leaders(e, &a.into())?;
    let g = e.view();
    match a.format.into() {
        Format::Json => write_json(out, &scores::leaders_json(g, &r.leaders))?,
        f => write_tables(out, &[scores::leaders_table(g, r.field, &r.leaders)], f)?,
    }
    Ok(Outcome::found(r.found()))
}

pub fn pairs(data: &Data, a: &PairsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let req: query::PairsRequest = a.into();
    req.check()?;
    let e = engine(data, a.profile.as_deref())?;
    let r = query::pairs(e, &req)?;
    let g = e.view();
    match a.format.into() {
        Format::Json => write_json(out, &scores::pairs_json(g, r.field, &r.pairs))?,
        f => write_tables(out, &[scores::pairs_table(g, r.field, &r.pairs)], f)?,
    }
    Ok(Outcome::found(r.found()))
}

/// `hoptac experts`: researchers for free-text problems, or (`--evaluate`) their scores
/// against known experts.
pub fn experts(data: &Data, a: &ExpertsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let input = match (&a.text, &a.text_file, &a.queries) {
        (Some(t), _, _) => query::ProblemInput::Text(t.clone()),
        (_, Some(f), _) => query::ProblemInput::read_file(f, false)?,
        (_, _, Some(f)) => query::ProblemInput::read_file(f, true)?,
        _ => return Err(Error::Usage("pass --text, --text-file or --queries".into())),
    };
    if a.evaluate {
        let req = query::ExpertsEvaluateRequest { input, k: a.k };
        req.check()?;
        let e = engine(data, None)?;
        let r = query::evaluate_experts(e, &req)?;
        let t = expert_output::evaluation_table(&r);
        match a.format.into() {
            Format::Json => write_json(out, &t.json_rows())?,
            f => write_tables(out, &[t], f)?,
        }
        return Ok(Outcome::found(r.found()));
    }
    let req = query::ExpertsRequest {
        input,
        top: a.top,
        university: a.university.clone(),
    };
    req.check()?;
    let e = engine(data, None)?;
    let r = query::experts(e, &req)?;
    let g = e.view();
    match a.format.into() {
        Format::Json => write_json(out, &expert_output::experts_json(g, &r.answers))?,
        f => write_tables(out, &[expert_output::experts_table(g, &r.answers)], f)?,
    }
    Ok(Outcome::found(r.found()))
}

pub fn profile(out: &mut dyn Write) -> Result<Outcome, Error> {
    out.write_all(DEFAULT_TOML.as_bytes())?;
    Ok(Outcome::Success)
}

pub fn teams(
    data: &Data,
    a: &TeamsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let req = a.request()?;
    req.check()?;
    let e = engine(data, a.profile.as_deref())?;
    let r = query::teams(e, &req)?;
    let (g, w) = (e.view(), &e.profile().teams);
    match &r {
        query::TeamsResponse::Batch { calls, result } => match a.format.into() {
            Format::Json => write_json(out, &team_output::batch_json(g, calls, w, result))?,
            f => write_tables(out, &[team_output::batch_table(g, calls, result)], f)?,
        },
        query::TeamsResponse::One {
            call, infeasible, ..
        } if !r.found() => {
            writeln!(err, "error: {} cannot be filled:", call.id)?;
            for reason in team_output::describe(e.data(), infeasible) {
                writeln!(err, "  - {reason}")?;
            }
        }
        query::TeamsResponse::One { call, proposal, .. } => match a.format.into() {
            Format::Json => write_json(out, &team_output::teams_json(g, call, w, proposal))?,
            Format::Csv => write_tables(
                out,
                &[team_output::teams_csv_table(g, call, proposal)],
                Format::Csv,
            )?,
            f => write_tables(out, &team_output::teams_tables(g, call, w, proposal), f)?,
        },
    }
    Ok(Outcome::found(r.found()))
}

pub fn labs(data: &Data, a: &LabsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    if a.within.is_some() && !a.joint {
        return Err(Error::Usage("--within only applies with --joint".into()));
    }
    if let Some(text) = &a.equipment {
        return lab_equipment(data, text, a.format.into(), out);
    }
    if a.joint {
        return lab_joint(data, a, out);
    }
    if let Some(file) = &a.export_uniquip {
        let e = engine(data, None)?;
        let req = query::UniquipExportRequest {
            file: file.clone(),
            inputs: inputs(&data.source, &[a.profile.as_deref()]),
        };
        let r = query::export_uniquip(e, &req)?;
        writeln!(
            out,
            "wrote {}: {} facility rows and {} equipment rows (uniquip layout)",
            r.file.display(),
            r.facilities,
            r.equipment
        )?;
        return Ok(Outcome::Success);
    }
    if let (Some(file), Some(dir)) = (&a.import_uniquip, &a.out) {
        return lab_import(data, a, file, dir, out);
    }
    let e = engine(data, a.profile.as_deref())?;
    let req: query::LabsRequest = a.into();
    if let Some(n) = a.top_per_university {
        return labs_per_university(e, &req, n, a.format.into(), out);
    }
    if req.university.is_none() && req.top.is_none() {
        return labs_streamed(e, &req, a.format.into(), out);
    }
    let r = query::labs(e, &req)?;
    let g = e.view();
    let title = |role: query::LabRole| labs_title(e, r.field, role, r.university);
    let roles: Vec<lab_output::RoleList<'_>> = r
        .lists
        .iter()
        .map(|(role, o)| (role.as_str(), o.as_slice()))
        .collect();
    match a.format.into() {
        Format::Json => write_json(out, &lab_output::opportunities_json(g, &roles))?,
        Format::Csv => write_tables(
            out,
            &[lab_output::opportunities_csv(g, &roles)],
            Format::Csv,
        )?,
        f => {
            let tables: Vec<Table> = r
                .lists
                .iter()
                .map(|(role, ops)| lab_output::opportunities_table(g, &title(*role), ops))
                .collect();
            write_tables(out, &tables, f)?;
        }
    }
    Ok(Outcome::found(r.found()))
}

/// The title of a text or Markdown list of lab opportunities.
fn labs_title(
    e: &Engine,
    field: Option<FieldIdx>,
    role: query::LabRole,
    university: Option<UniIdx>,
) -> String {
    let ds = e.data();
    let in_field = field.map_or(String::new(), |f| format!(" in {}", ds.field(f).name_en));
    match (role, university) {
        (query::LabRole::Borrow, Some(u)) => {
            format!("Labs {} can borrow{in_field}", ds.university(u).short_name)
        }
        (query::LabRole::Offer, Some(u)) => {
            format!("Labs {} can offer{in_field}", ds.university(u).short_name)
        }
        _ => format!("Shared-lab opportunities{in_field}"),
    }
}

/// One element of a JSON array written element by element: the bytes of
/// `serde_json::to_string_pretty` of the whole array, once closed by [`close_json_array`].
fn json_array_item(
    out: &mut dyn Write,
    first: &mut bool,
    item: &serde_json::Value,
) -> std::io::Result<()> {
    out.write_all(if *first { b"[\n" } else { b",\n" })?;
    *first = false;
    let text = serde_json::to_string_pretty(item).unwrap_or_default();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"  ")?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn close_json_array(out: &mut dyn Write, first: bool) -> std::io::Result<()> {
    out.write_all(if first { b"[]\n" } else { b"\n]\n" })
}

/// Every lab opportunity (no --university, no --top), written as it is computed: the bytes of
/// rendering the whole list at once, in constant memory. A text table's column widths are
/// measured from the scored candidates first; its notes follow its rows, so a text or
/// Markdown table explains the list twice.
fn labs_streamed(
    e: &Engine,
    req: &query::LabsRequest,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let g = e.view();
    let w = &e.profile().labs;
    let mut widths = lab_output::OpportunityWidths::new(e.data());
    let measure = format == Format::Table;
    let stream = query::LabsStream::new(e, req.field.as_deref(), |s| {
        if measure {
            widths.add(s, w)
        }
    })?;
    let title = labs_title(e, stream.field(), query::LabRole::All, None);
    if stream.total() == 0 {
        let f = match format {
            Format::Json => {
                return write_json(out, &lab_output::opportunities_json(g, &[]))
                    .map(|_| Outcome::found(false))
            }
            Format::Csv => lab_output::opportunities_csv(g, &[]),
            _ => lab_output::opportunities_table(g, &title, &[]),
        };
        write_tables(out, &[f], format)?;
        return Ok(Outcome::found(false));
    }
    let mut first = true;
    match format {
        Format::Json => {
            stream.sweep(|ops| {
                let v = lab_output::opportunities_json(g, &[(None, ops)]);
                for item in v.as_array().into_iter().flatten() {
                    json_array_item(out, &mut first, item)?;
                }
                Ok::<_, std::io::Error>(())
            })?;
            close_json_array(out, first)?;
        }
        Format::Csv => stream.sweep(|ops| {
            let t = lab_output::opportunities_csv(g, &[(None, ops)]);
            out.write_all(table::csv(&t, first).as_bytes())?;
            first = false;
            Ok::<_, std::io::Error>(())
        })?,
        f => {
            let layout = widths.layout(g);
            stream.sweep(|ops| {
                let t = lab_output::opportunities_table(g, &title, ops);
                let text = match f {
                    Format::Markdown if first => {
                        // Every column holds one type, so the first part's alignment is the
                        // whole table's.
                        let numeric = table::TextLayout::of(&t).numeric;
                        table::markdown_head(&t, &numeric) + &table::markdown_rows(&t)
                    }
                    Format::Markdown => table::markdown_rows(&t),
                    _ if first => table::text_head(&t, &layout) + &table::text_rows(&t, &layout),
                    _ => table::text_rows(&t, &layout),
                };
                first = false;
                out.write_all(text.as_bytes())
            })?;
            first = true;
            stream.sweep(|ops| {
                let t = lab_output::opportunities_table(g, &title, ops);
                let text = match f {
                    Format::Markdown => table::markdown_notes(&t, first),
                    _ => table::notes_text(&t, first),
                };
                first = false;
                out.write_all(text.as_bytes())
            })?;
        }
    }
    Ok(Outcome::found(true))
}

/// `labs --top-per-university N`: for every university, the best N labs it can borrow,
/// written a few universities at a time as they are computed (the bytes of rendering each
/// university's borrow list and concatenating them).
fn labs_per_university(
    e: &Engine,
    req: &query::LabsRequest,
    n: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let g = e.view();
    let field = req.field.as_deref().map(|f| e.field(f)).transpose()?;
    let mut first = true;
    let borrow = query::LabRole::Borrow;
    let r = query::labs_per_university(e, req, n, |rows| -> std::io::Result<()> {
        for (u, ops) in rows {
            let list = [(borrow.as_str(), ops.as_slice())];
            match format {
                Format::Json => {
                    let v = lab_output::opportunities_json(g, &list);
                    for item in v.as_array().into_iter().flatten() {
                        json_array_item(out, &mut first, item)?;
                    }
                }
                Format::Csv => {
                    let t = lab_output::opportunities_csv(g, &list);
                    out.write_all(table::csv(&t, first).as_bytes())?;
                    first = false;
                }
                f => {
                    if !first {
                        out.write_all(b"\n")?;
                    }
                    first = false;
                    let title = labs_title(e, field, borrow, Some(*u));
                    let t = lab_output::opportunities_table(g, &title, ops);
                    out.write_all(table::render(&[t], f).as_bytes())?;
                }
            }
        }
        Ok(())
    })?;
    let (_, found) = r?;
    match format {
        Format::Json => close_json_array(out, first)?,
        _ if !first => {}
        Format::Csv => write_tables(out, &[lab_output::opportunities_csv(g, &[])], format)?,
        f => {
            let title = labs_title(e, field, query::LabRole::All, None);
            write_tables(out, &[lab_output::opportunities_table(g, &title, &[])], f)?
        }
    }
    Ok(Outcome::found(found))
}

fn lab_equipment(
    data: &Data,
    text: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let req = query::EquipmentRequest { text: text.into() };
    req.check()?;
    let e = engine(data, None)?;
    let r = query::equipment(e, &req)?;
    match format {
        Format::Json => write_json(out, &lab_output::equipment_json(e.view(), &r.hits))?,
        f => write_tables(
            out,
            &[lab_output::equipment_table(e.view(), text, &r.hits)],
            f,
        )?,
    }
    Ok(Outcome::found(r.found()))
}

fn lab_joint(data: &Data, a: &LabsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let e = engine(data, None)?;
    let req = query::JointRequest {
        field: a.field.clone(),
        within: a.within.unwrap_or(WithinArg::City).into(),
    };
    let r = query::joint(e, &req)?;
    match a.format.into() {
        Format::Json => write_json(out, &lab_output::joint_json(e.view(), &r.proposals))?,
        f => write_tables(out, &[lab_output::joint_table(e.view(), &r.proposals)], f)?,
    }
    Ok(Outcome::found(r.found()))
}

fn lab_import(
    data: &Data,
    a: &LabsArgs,
    file: &Path,
    dir: &Path,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let req = query::UniquipImportRequest {
        file: file.to_path_buf(),
        out: dir.to_path_buf(),
        overwrite: a.force,
        university: a.university.clone(),
    };
    let r = query::import_uniquip(&data.source, &req)?;
    writeln!(
        out,
        "wrote {}: {} labs from {} ({} replaced, {} added) with {} equipment items; {} labs in all",
        r.out.display(),
        r.replaced + r.added,
        r.file,
        r.replaced,
        r.added,
        r.equipment,
        r.labs_total
    )?;
    if r.defaulted_access > 0 {
        let one = r.defaulted_access == 1;
        writeln!(
            out,
            "note: {} facilit{} gave no access level and {} imported as internal (never offered to another university)",
            r.defaulted_access,
            if one { "y" } else { "ies" },
            if one { "was" } else { "were" }
        )?;
    }
    Ok(Outcome::Success)
}

/// A progress bar on standard error when it is a terminal, hidden otherwise.
fn progress(len: u64) -> indicatif::ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(len)
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} report {wide_bar} {pos}/{len} {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

pub fn report(data: &Data, a: &ReportArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let mut opts = a.options()?;
    opts.synthetic = matches!(data.source, Source::Embedded);
    let e = engine(data, a.profile.as_deref())?;
    let bar = progress(hoptac::report::steps(e.view(), &opts));
    let inputs = inputs(&data.source, &[a.profile.as_deref(), a.tasks.as_deref()]);
    // Each file is written as it is rendered (the folder appears only when complete).
    let files = hoptac::report::write_report(e, &opts, &a.out, a.force, &inputs, &|| bar.inc(1))
        .inspect_err(|_| {
            bar.finish_and_clear();
        })?;
    bar.finish_and_clear();
    let f = opts.formats;
    let pages = files
        .iter()
        .filter(|(n, _)| n.ends_with(".html") || (!f.html && n.ends_with(".md")))
        .count();
    let bytes: u64 = files.iter().map(|(_, b)| b).sum();
    let index = if f.html {
        "index.html"
    } else if f.markdown {
        "index.md"
    } else {
        "README.md"
    };
    writeln!(
        out,
        "wrote {}: {pages} pages, {} files, {:.1} MB; open {}",
        a.out.display(),
        files.len(),
        bytes as f64 / 1e6,
        a.out.join(index).display()
    )?;
    Ok(Outcome::Success)
}

pub fn export(data: &Data, a: &ExportArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let e = engine(data, None)?;
    // Written as it is produced: the whole graph at a million researchers is gigabytes of text.
    let plan = query::export_plan(e, &a.into())?;
    match &a.out {
        Some(path) => {
            let mut bytes = 0usize;
            hoptac::save::write_file_atomic_with(path, &inputs(&data.source, &[]), |w| {
                plan.write(|part| {
                    bytes += part.len();
                    w.write_all(part.as_bytes())
                })
            })
            .map_err(query::Error::from)?;
            writeln!(
                out,
                "wrote {}: {} as {}, {:.1} kB",
                path.display(),
                a.field
                    .as_deref()
                    .map_or("the whole graph".to_string(), |f| format!(
                        "the {f} sub-graph"
                    )),
                match a.format {
                    GraphFormatArg::Graphml => "GraphML",
                    GraphFormatArg::Gexf => "GEXF",
                    GraphFormatArg::Dot => "DOT",
                },
                bytes as f64 / 1e3
            )?;
        }
        None => plan.write(|part| out.write_all(part.as_bytes()))?,
    }
    Ok(Outcome::Success)
}

pub fn generate(a: &GenerateArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let r = query::generate(&a.into())?;
    let c = r.counts;
    writeln!(
        out,
        "wrote {}: {} universities, {} researchers, {} expertise entries, {} labs, {} co-authorships",
        r.out.display(),
        c.universities,
        c.researchers,
        c.expertise,
        c.labs,
        c.coauthorships
    )?;
    Ok(Outcome::Success)
}

pub fn import(a: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Error> {
    let req: query::ImportRequest = a.into();
    let r = query::import(&req)?;
    for p in r.skipped.iter() {
        writeln!(err, "warning: skipped {p}")?;
    }
    let shown = r.skipped.iter().count();
    if r.skipped.total() > shown {
        writeln!(
            err,
            "warning: … and {} more problems",
            r.skipped.total() - shown
        )?;
    }
    write_import_summary(&req, &r, out)?;
    if let (Some(path), Some(h)) = (&req.held_out, &r.held_out) {
        writeln!(
            out,
            "held out: {} written to {} ({} after --until without a title, {} without an author present before, {} ambiguous author names left out)",
            plural(h.queries.len(), "query", "queries"),
            path.display(),
            h.untitled,
            h.no_present_author,
            h.ambiguous_names
        )?;
    }
    Ok(Outcome::Success)
}

fn write_import_summary(
    req: &query::ImportRequest,
    r: &query::ImportResponse,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let (s, c) = (&r.summary, &r.counts);
    writeln!(
        out,
        "wrote {}: {} at {} ({} of the consortium), {} fields, {} expertise entries, {}",
        r.out.display(),
        plural(c.researchers, "researcher", "researchers"),
        plural(c.universities, "institution", "institutions"),
        s.consortium_members,
        c.fields,
        c.expertise,
        plural(c.coauthorships, "co-authorship", "co-authorships"),
    )?;
    let until = req.import.until.map_or(String::new(), |y| {
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
            req.import.max_authors
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
    if s.extra_affiliations + s.affiliations_without_institution > 0 {
        writeln!(
            out,
            "affiliations: {} further affiliations kept after an author's first; {} named no organisation (a country, city, department or address alone) and were dropped",
            s.extra_affiliations, s.affiliations_without_institution
        )?;
    }
    if s.texts_cleaned > 0 {
        writeln!(
            out,
            "  {} had control characters replaced or repaired",
            plural(
                s.texts_cleaned,
                "name or affiliation",
                "names and affiliations"
            )
        )?;
    }
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
    Ok(())
}

pub fn evaluate(
    data: &Data,
    a: &EvaluateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut req: query::EvaluateRequest = a.into();
    req.inputs = inputs(&data.source, &[a.profile.as_deref()]);
    req.check()?;
    let e = engine(data, a.profile.as_deref())?;
    let r = match query::evaluate(e, &req) {
        Ok(r) => r,
        Err(query::Error::Evaluate(
            x @ (hoptac::evaluate::EvalError::Nothing(_)
            | hoptac::evaluate::EvalError::NothingToFit { .. }),
        )) => {
            writeln!(err, "error: {x}")?;
            return Ok(Outcome::NothingFound);
        }
        Err(x) => return Err(x.into()),
    };
    match a.format.into() {
        Format::Json => write_json(out, &hoptac::evaluate::json(&r.evaluation))?,
        f => write_tables(out, &[hoptac::evaluate::table(&r.evaluation)], f)?,
    }
    if let Some(p) = &r.fit_written {
        writeln!(err, "wrote the fitted profile to {}", p.display())?;
    }
    Ok(Outcome::Success)
}

/// `hoptac dataflow pairs|update|partners`: one process of the computation; process 0 prints
/// the answer, the others nothing.
#[cfg(feature = "dataflow")]
pub fn dataflow(
    data: &Data,
    a: &DataflowCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    use hoptac::render::dataflow as render;
    let source = &data.source;
    // The workers read the CSV files themselves, not through the data-sharing policy: under a
    // policy only the administrators may run them.
    let has_policy = data.policy.is_some()
        || match source {
            Source::Embedded => true,
            Source::Dir(d) => d.join(hoptac::policy::POLICY_FILE).exists(),
        };
    if has_policy && data.audience != Audience::Admin {
        return Err(Error::Usage(
            "hoptac dataflow reads the CSV files directly, past the data-sharing policy: under a policy it answers for administrators only (pass --as admin)".into(),
        ));
    }
    match a {
        DataflowCommand::Pairs(a) => {
            let req = query::DataflowPairsRequest {
                field: a.field.clone(),
                top: a.top,
                changes: Vec::new(),
                cluster: (&a.cluster).into(),
            };
            let r = query::dataflow_pairs(source, &req)?;
            if let Some(x) = &r.result {
                if a.cluster.timings {
                    writeln!(
                        err,
                        "dataflow: pairs computed in {:.3} s ({} candidate pairs)",
                        x.timings[0].as_secs_f64(),
                        x.candidates[0]
                    )?;
                }
                match a.format.into() {
                    Format::Json => write_json(out, &render::pairs_json(x))?,
                    f => write_tables(out, &[render::pairs_table(x)], f)?,
                }
            }
            Ok(Outcome::found(r.found()))
        }
        DataflowCommand::Update(a) => {
            let req = query::DataflowPairsRequest {
                field: a.field.clone(),
                top: a.top,
                changes: a.changes.clone(),
                cluster: (&a.cluster).into(),
            };
            let r = query::dataflow_pairs(source, &req)?;
            if let Some(x) = &r.result {
                let files: Vec<String> =
                    a.changes.iter().map(|p| p.display().to_string()).collect();
                if a.cluster.timings {
                    writeln!(
                        err,
                        "dataflow: first computation {:.3} s ({} candidate pairs)",
                        x.timings[0].as_secs_f64(),
                        x.candidates[0]
                    )?;
                    for (i, f) in files.iter().enumerate() {
                        writeln!(
                            err,
                            "dataflow: change {f}: {:.3} s, {} list positions changed ({} candidate pairs)",
                            x.timings[i + 1].as_secs_f64(),
                            x.changes[i].len(),
                            x.candidates[i + 1]
                        )?;
                    }
                }
                match a.format.into() {
                    Format::Json => write_json(out, &render::changes_json(x, &files))?,
                    f => write_tables(out, &[render::changes_table(x, &files)], f)?,
                }
            }
            Ok(Outcome::found(r.found()))
        }
        DataflowCommand::Partners(a) => {
            let req = query::DataflowPartnersRequest {
                field: a.field.clone(),
                university: a.university.clone(),
                profile: a.profile.clone(),
                cluster: (&a.cluster).into(),
            };
            let r = query::dataflow_partners(source, &req)?;
            if let Some(x) = &r.result {
                if a.cluster.timings {
                    writeln!(
                        err,
                        "dataflow: strength and ties computed in {:.3} s",
                        x.elapsed.as_secs_f64()
                    )?;
                }
                match a.format.into() {
                    Format::Json => write_json(out, &render::partners_json(x))?,
                    f => write_tables(out, &render::partners_tables(x), f)?,
                }
            }
            Ok(Outcome::found(r.found()))
        }
    }
}

/// `hoptac serve`: the web app and the JSON API until Ctrl-C; `--hash-token AUDIENCE` prints
/// the tokens-file entry of a token read from standard input instead.
#[cfg(feature = "serve")]
pub fn serve(
    data: &Data,
    a: &ServeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    use hoptac::serve::{self, auth, Config, Event, Tokens};
    if let Some(audience) = &a.hash_token {
        let audience: hoptac::policy::Audience = audience
            .parse()
            .map_err(|e| Error::Usage(format!("--hash-token: {e}")))?;
        let mut token = String::new();
        std::io::stdin().read_line(&mut token)?;
        let token = token.trim_end_matches(['\r', '\n']);
        if token.trim().is_empty() {
            return Err(Error::Usage(
                "--hash-token: give the token on standard input, e.g. `openssl rand -hex 32 | tee token.txt | hoptac serve --hash-token hust`".into(),
            ));
        }
        out.write_all(auth::token_entry(token, &audience).as_bytes())?;
        return Ok(Outcome::Success);
    }
    let seconds = |name: &str, s: f64| {
        if (0.0..86_400.0).contains(&s) {
            Ok(std::time::Duration::from_secs_f64(s))
        } else {
            Err(Error::Usage(format!(
                "--{name} {s}: expected seconds from 0 to 86400"
            )))
        }
    };
    let timeout = seconds("timeout", a.timeout)?;
    if timeout.is_zero() {
        return Err(Error::Usage(
            "--timeout 0: expected more than 0 seconds".into(),
        ));
    }
    let poll = seconds("poll", a.poll)?;
    let mut config = Config::new(data.source.clone());
    config.snapshot = data.snapshot;
    config.profile = a.profile.clone();
    config.bind = a.bind;
    config.max_body = a.max_body;
    config.timeout = timeout;
    config.poll = (!poll.is_zero()).then_some(poll);
    config.cache = a.cache;
    config.policy = data.policy.clone();
    config.audit_log = data.audit_log.clone();
    if let Some(n) = a.workers {
        if n == 0 {
            return Err(Error::Usage("--workers 0: expected at least 1".into()));
        }
        config.workers = n;
    }
    if let Some(f) = &a.tokens {
        config.tokens = Tokens::read(f).map_err(|e| Error::Usage(format!("--tokens {e}")))?;
    }
    writeln!(err, "loading {} …", data.source)?;
    let tokens = config.tokens.entries().len();
    serve::run(config, move |e| match e {
        Event::Listening(addr) => eprintln!(
            "listening on http://{addr}/ (API: http://{addr}/openapi.json; {tokens} token(s)); Ctrl-C stops"
        ),
        Event::Reloaded {
            generation,
            researchers,
        } => eprintln!("reloaded the dataset (generation {generation}, {researchers} researchers)"),
        Event::ReloadFailed(why) => {
            eprintln!("note: the changed dataset was not loaded, still serving the previous one: {why}")
        }
    })
    .map_err(|e| match e {
        serve::ServeError::Query(q) => Error::Query(q),
        e => Error::Usage(e.to_string()),
    })?;
    Ok(Outcome::Success)
}
