//! The JSON API (`/api/v1/…`): the query-string (or body) → request builders the pages share,
//! and the handlers, which answer in JSON (the documents of [`crate::render`], the same as the
//! command line's `--format json`) or, with `format=csv`, CSV (spreadsheet-safe).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::{ApiError, Params};
use super::{answer, Answer, Facing, Question};
use crate::model::Region;
use crate::query::{self, CallInput, TeamsRequest};
use crate::render::{
    labs as lab_output, researcher as researcher_output, scores, teams as team_output,
};
use crate::score::Mode;
use crate::table::{self, Format, Table};
use crate::team::call::CallSpec;
use crate::team::Solver;

pub(super) type Shared = Arc<super::State>;
pub(super) type RawQuery = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The query string, or a 400 when it cannot be decoded.
pub(super) fn params(q: RawQuery) -> Result<Params, ApiError> {
    q.map(|Query(v)| Params::new(v))
        .map_err(|e| ApiError::invalid("query", "", &format!("a URL-encoded query string ({e})")))
}

/// `json` (the default) or `csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Out {
    Json,
    Csv,
}

pub(super) fn out(p: &Params) -> Result<Out, ApiError> {
    Ok(match p.choice("format", &["json", "csv"])? {
        Some("csv") => Out::Csv,
        _ => Out::Json,
    })
}

fn required(p: &Params, name: &str, expected: &str) -> Result<String, ApiError> {
    p.text(name)
        .ok_or_else(|| ApiError::invalid(name, "", expected))
}

pub(super) const PARTNERS_PARAMS: &[&str] = &[
    "field",
    "university",
    "top",
    "mode",
    "region",
    "min_papers",
    "from",
    "to",
    "format",
    "lang",
];
pub(super) const PAIRS_PARAMS: &[&str] = &[
    "field",
    "university",
    "top",
    "max_per_researcher",
    "format",
    "lang",
];
pub(super) const LABS_PARAMS: &[&str] = &["field", "university", "top", "format", "lang"];
pub(super) const EQUIPMENT_PARAMS: &[&str] = &["text", "format", "lang"];
pub(super) const RESEARCHER_PARAMS: &[&str] = &["top", "format", "lang"];

/// The most partners or lab opportunities one list may ask for.
pub const MAX_TOP: usize = 1000;

pub(super) fn partners_request(p: &Params) -> Result<query::FilteredPartnersRequest, ApiError> {
    let region = match p.text("region") {
        None => None,
        Some(r) => Some(Region::parse(&r).ok_or_else(|| {
            ApiError::invalid("region", &r, "one of north, central, south, international")
        })?),
    };
    let year = |name: &str| p.count(name, 1900, 2100).map(|y| y.map(|y| y as u16));
    let years = match (year("from")?, year("to")?) {
        (None, None) => None,
        (a, b) => Some((a.unwrap_or(1900), b.unwrap_or(2100))),
    };
    Ok(query::FilteredPartnersRequest {
        partners: query::PartnersRequest {
            field: required(p, "field", "a field id or name")?,
            university: p.text("university"),
            top: p.count("top", 1, MAX_TOP)?,
            mode: match p.choice("mode", &["strengthen", "new"])? {
                Some("new") => Mode::New,
                _ => Mode::Strengthen,
            },
        },
        region,
        min_joint_papers: p.count("min_papers", 0, 1_000_000)?.unwrap_or(0) as u32,
        years,
    })
}

/// The `rank` documents with each pair's `joint_papers` (in the window asked for) added.
pub(super) fn partners_json(g: &crate::graph::Graph, r: &query::FilteredPartnersResponse) -> Value {
    let p = &r.partners;
    let mut v = scores::rank_json(g, p.field, p.mode, &p.lists);
    let joint = r.joint_papers.iter().flatten();
    if let Some(items) = v.as_array_mut() {
        for (item, n) in items.iter_mut().zip(joint) {
            item["joint_papers"] = json!(n);
        }
    }
    v
}

/// A partner table with a `joint_papers` column, in list order.
pub(super) fn with_joint_papers(mut t: Table, joint: &[u32]) -> Table {
    t.columns.push("joint_papers".into());
    for (row, n) in t.rows.iter_mut().zip(joint) {
        row.push(crate::table::Cell::Int(i64::from(*n)));
    }
    t
}

pub(super) fn pairs_request(p: &Params) -> Result<query::PairsRequest, ApiError> {
    let d = query::PairsRequest::default();
    Ok(query::PairsRequest {
        field: required(p, "field", "a field id or name")?,
        university: p.text("university"),
        top: p.count("top", 1, query::MAX_PAIRS)?.unwrap_or(d.top),
        max_per_researcher: p
            .count("max_per_researcher", 0, 1000)?
            .unwrap_or(d.max_per_researcher),
    })
}

pub(super) fn labs_request(p: &Params) -> Result<query::LabsRequest, ApiError> {
    Ok(query::LabsRequest {
        field: p.text("field"),
        university: p.text("university"),
        top: p.count("top", 1, MAX_TOP)?,
    })
}

pub(super) fn equipment_request(p: &Params) -> Result<query::EquipmentRequest, ApiError> {
    Ok(query::EquipmentRequest {
        text: required(p, "text", "words to search the equipment for")?,
    })
}

/// Co-authors listed on a researcher page by default.
pub const COAUTHORS: usize = 50;

pub(super) fn researcher_request(
    id: String,
    p: &Params,
) -> Result<query::ResearcherRequest, ApiError> {
    Ok(query::ResearcherRequest {
        id,
        top_coauthors: Some(p.count("top", 1, 100_000)?.unwrap_or(COAUTHORS)),
    })
}

/// The body of `POST /api/v1/teams`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TeamsBody {
    /// The call, as the TOML call format in JSON.
    pub call: CallSpec,
    #[serde(default = "default_top")]
    pub top: usize,
    #[serde(default)]
    pub solver: Option<String>,
}

fn default_top() -> usize {
    3
}

pub(super) fn solver(s: Option<&str>) -> Result<Option<Solver>, ApiError> {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("auto") => Ok(None),
        Some("exact") => Ok(Some(Solver::Exact)),
        Some("heuristic") => Ok(Some(Solver::Heuristic)),
        Some(other) => Err(ApiError::invalid(
            "solver",
            other,
            "one of auto, exact, heuristic",
        )),
    }
}

/// The request for one call.
pub(super) fn teams_request(
    source: &str,
    call: CallSpec,
    top: usize,
    solver: Option<Solver>,
) -> TeamsRequest {
    TeamsRequest {
        calls: CallInput::Named {
            name: source.to_string(),
            spec: Box::new(call),
        },
        top,
        solver,
        max_university_share: 1.0,
    }
}

fn check(r: &impl query::Request) -> Result<(), ApiError> {
    r.check().map_err(ApiError::from)
}

/// A JSON document (pretty, with a final newline).
pub(super) fn json_response(v: &Value) -> Response {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        s,
    )
        .into_response()
}

/// Tables as CSV, offered as a download named `name.csv`.
pub(super) fn csv_response(tables: &[Table], name: &str) -> Response {
    let mut r = table::render(tables, Format::Csv).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// The JSON (or CSV) of an answer.
pub(super) fn render(l: &Facing, a: Answer, out: Out) -> Response {
    let e = l.engine();
    let g = e.view();
    match a {
        Answer::Overview => {
            let ds = e.data();
            match out {
                Out::Csv => csv_response(&l.stats, "overview"),
                Out::Json => json_response(&json!({
                    "generation": l.generation,
                    "universities": ds.universities.len(),
                    "fields": ds.fields.len(),
                    "researchers": ds.researchers.len(),
                    "labs": ds.labs.len(),
                    "coauthorships": ds.coauthorships.len(),
                    "tables": l.stats.iter().map(|t| (t.key.clone(), t.json_rows())).collect::<serde_json::Map<_, _>>(),
                })),
            }
        }
        Answer::Partners(r) => match out {
            Out::Json => json_response(&partners_json(g, &r)),
            Out::Csv => {
                let p = &r.partners;
                let t = scores::rank_csv_table(g, p.field, p.mode, &p.lists);
                let joint: Vec<u32> = r.joint_papers.iter().flatten().copied().collect();
                csv_response(&[with_joint_papers(t, &joint)], "partners")
            }
        },
        Answer::Pairs(r) => match out {
            Out::Json => json_response(&scores::pairs_json(g, r.field, &r.pairs)),
            Out::Csv => csv_response(&[scores::pairs_table(g, r.field, &r.pairs)], "pairs"),
        },
        Answer::Teams(query::TeamsResponse::One {
            call,
            proposal,
            infeasible,
        }) => match out {
            Out::Csv => csv_response(
                &[team_output::teams_csv_table(g, &call, &proposal)],
                "teams",
            ),
            Out::Json => json_response(&json!({
                "call": call.id,
                "description": team_output::describe_call(e.data(), &call),
                "found": !proposal.teams.is_empty(),
                "solver": proposal.solver.as_str(),
                "pool": proposal.pool,
                "teams": team_output::teams_json(g, &call, &e.profile().teams, &proposal),
                "infeasible": team_output::describe(e.data(), &infeasible),
            })),
        },
        Answer::Teams(query::TeamsResponse::Batch { calls, result }) => match out {
            Out::Csv => csv_response(&[team_output::batch_table(g, &calls, &result)], "teams"),
            Out::Json => json_response(&team_output::batch_json(
                g,
                &calls,
                &e.profile().teams,
                &result,
            )),
        },
        Answer::Labs(r) => {
            let roles: Vec<lab_output::RoleList<'_>> = r
                .lists
                .iter()
                .map(|(role, o)| (role.as_str(), o.as_slice()))
                .collect();
            match out {
                Out::Json => json_response(&lab_output::opportunities_json(g, &roles)),
                Out::Csv => csv_response(&[lab_output::opportunities_csv(g, &roles)], "labs"),
            }
        }
        Answer::Equipment(r) => match out {
            Out::Json => json_response(&lab_output::equipment_json(g, &r.hits)),
            Out::Csv => csv_response(
                &[lab_output::equipment_table(g, &r.text, &r.hits)],
                "equipment",
            ),
        },
        Answer::Researcher(r) => match out {
            Out::Json => json_response(&researcher_output::researcher_json(g, &r)),
            Out::Csv => csv_response(&researcher_output::researcher_tables(g, &r), "researcher"),
        },
    }
}

/// Answers `question` in JSON or CSV, or with the error body.
async fn respond(
    st: &Shared,
    headers: &HeaderMap,
    question: Result<(Question, Out), ApiError>,
) -> Response {
    let audience = match super::audience(st, headers) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let (question, out) = match question {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    answer(
        st,
        audience,
        question,
        move |l, _audience, result| match result {
            Ok(a) => render(l, a, out),
            Err(e) => e.into_response(),
        },
    )
    .await
}

/// Reads the query string with `known` parameters and builds the question.
fn question(
    q: RawQuery,
    known: &[&str],
    build: impl FnOnce(&Params) -> Result<Question, ApiError>,
) -> Result<(Question, Out), ApiError> {
    let p = params(q)?;
    p.only(known)?;
    let o = out(&p)?;
    Ok((build(&p)?, o))
}

pub(super) async fn overview(
    State(st): State<Shared>,
    headers: HeaderMap,
    q: RawQuery,
) -> Response {
    let qn = question(q, &["format", "lang"], |_| Ok(Question::Overview));
    respond(&st, &headers, qn).await
}

pub(super) async fn partners(
    State(st): State<Shared>,
    headers: HeaderMap,
    q: RawQuery,
) -> Response {
    let qn = question(q, PARTNERS_PARAMS, |p| {
        let r = partners_request(p)?;
        check(&r)?;
        Ok(Question::Partners(r))
    });
    respond(&st, &headers, qn).await
}

pub(super) async fn pairs(State(st): State<Shared>, headers: HeaderMap, q: RawQuery) -> Response {
    let qn = question(q, PAIRS_PARAMS, |p| {
        let r = pairs_request(p)?;
        check(&r)?;
        Ok(Question::Pairs(r))
    });
    respond(&st, &headers, qn).await
}

pub(super) async fn labs(State(st): State<Shared>, headers: HeaderMap, q: RawQuery) -> Response {
    let qn = question(q, LABS_PARAMS, |p| Ok(Question::Labs(labs_request(p)?)));
    respond(&st, &headers, qn).await
}

pub(super) async fn equipment(
    State(st): State<Shared>,
    headers: HeaderMap,
    q: RawQuery,
) -> Response {
    let qn = question(q, EQUIPMENT_PARAMS, |p| {
        let r = equipment_request(p)?;
        check(&r)?;
        Ok(Question::Equipment(r))
    });
    respond(&st, &headers, qn).await
}

pub(super) async fn researcher(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: RawQuery,
) -> Response {
    let qn = question(q, RESEARCHER_PARAMS, |p| {
        Ok(Question::Researcher(researcher_request(id, p)?))
    });
    respond(&st, &headers, qn).await
}

/// `POST /api/v1/teams`: the body is `{call, top?, solver?}` (JSON); `?format=csv` for CSV.
pub(super) async fn teams(
    State(st): State<Shared>,
    headers: HeaderMap,
    q: RawQuery,
    body: Bytes,
) -> Response {
    let qn = question(q, &["format"], |_| {
        let b: TeamsBody = serde_json::from_slice(&body).map_err(|e| {
            let mut x = ApiError::invalid(
                "body",
                &format!("line {} column {}", e.line(), e.column()),
                "a JSON object {\"call\": {…}, \"top\": K, \"solver\": \"auto\"} (see /openapi.json)",
            );
            x.message = format!("the body is not a team call: {e}");
            x
        })?;
        let r = teams_request(
            "the request body",
            b.call,
            b.top,
            solver(b.solver.as_deref())?,
        );
        check(&r)?;
        Ok(Question::Teams(r))
    });
    respond(&st, &headers, qn).await
}
