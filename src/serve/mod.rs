//! `hoptac serve`: the consortium's web app and JSON API over the query layer.
//!
//! The dataset is loaded once into a [`Loaded`] (the [`Engine`] and the overview computed from
//! it) shared behind an [`ArcSwap`]: every request takes the current one for its whole life,
//! and [`reload`] builds a new one in the background when the data files change, then swaps
//! it in — in-flight requests finish on the old one, none is dropped.
//!
//! Every endpoint, page or API, asks its question through one function, [`answer`]: the
//! request's [`Audience`] (from [`auth`]) is known there, the query runs on the blocking pool
//! (at most [`Config::workers`] at once) and the answer is rendered by the caller's closure.
//!
//! | part | owns |
//! | --- | --- |
//! | `mod.rs` | [`Config`], [`State`], [`answer`], the router ([`app`]), [`run`] |
//! | [`auth`] | the tokens file, bearer token → audience, constant-time comparison |
//! | [`error`] | the stable error bodies, the strict query-string reader |
//! | `api.rs` | the JSON/CSV API (`/api/v1/…`) |
//! | `pages.rs` | the server-rendered HTML pages (Vietnamese and English) |
//! | `openapi.rs` | the OpenAPI 3.1 document served at `/openapi.json` |
//! | [`reload`] | watching the data files and swapping the engine |

mod api;
pub mod auth;
pub mod error;
mod openapi;
mod pages;
pub mod reload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;

use crate::graph::snapshot;
use crate::load::Source;
use crate::policy::Audience;
use crate::query::{self, Engine};
use crate::report::svg::Heatmap;
use crate::report::Lang;
use crate::table::Table;

pub use auth::Tokens;
pub use error::ApiError;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub source: Source,
    pub snapshot: snapshot::Mode,
    /// The scoring profile file, re-read on reload; `None`: the default profile.
    pub profile: Option<PathBuf>,
    pub bind: SocketAddr,
    pub tokens: Tokens,
    /// Largest request body in bytes (a larger one is answered 413).
    pub max_body: usize,
    /// Longest time a request may take (then 408).
    pub timeout: Duration,
    /// Questions computed at once per [`Lane`] (quick questions, pairs, teams); more wait.
    pub workers: usize,
    /// How often the data files are checked for a change (`None`: never).
    pub poll: Option<Duration>,
    /// Answers kept per loaded dataset ([`AnswerCache`]); 0: none.
    pub cache: usize,
    /// The data-sharing policy file; `None`: the data folder's `policy.toml`, if any.
    pub policy: Option<PathBuf>,
    /// The audit log (one JSON line per answer); `None`: the policy's `audit_log`, if any.
    pub audit_log: Option<PathBuf>,
}

/// Defaults of [`Config`]: 64 KiB bodies, 10 s per request, one worker per core, a check of
/// the data files every 2 s.
pub const MAX_BODY: usize = 64 * 1024;
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_secs(2);
/// Default of [`Config::cache`].
pub const CACHE: usize = 4096;

impl Config {
    pub fn new(source: Source) -> Config {
        Config {
            source,
            snapshot: snapshot::Mode::Auto,
            profile: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            tokens: Tokens::default(),
            max_body: MAX_BODY,
            timeout: TIMEOUT,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            poll: Some(POLL),
            cache: CACHE,
            policy: None,
            audit_log: None,
        }
    }
}

/// What is prepared from an engine and borrows it: per field and mode, the part every partner
/// list shares ([`query::PreparedPartners`]), computed on first use.
struct Prepared<'e> {
    partners: Vec<std::sync::OnceLock<query::PreparedPartners<'e>>>,
}

self_cell::self_cell!(
    /// An engine and what is prepared from it.
    struct Held {
        owner: Engine,
        #[not_covariant]
        dependent: Prepared,
    }
);

/// One loaded dataset and what every page shows of it, computed once.
pub struct Loaded {
    held: Held,
    /// The data-sharing policy of this dataset.
    policy: crate::policy::Policy,
    /// Per audience that asked: an engine over the same graph answering for it (the
    /// redaction boundary, [`crate::policy::View`]) and its overview.
    facing: std::sync::Mutex<std::collections::HashMap<Audience, Arc<Facing>>>,
    /// The data files' lengths and times when this was loaded ([`reload::Stamp`]).
    pub stamp: reload::Stamp,
    /// 1 for the first load, +1 for each reload.
    pub generation: u64,
    /// Answers given from this dataset.
    pub cache: AnswerCache,
}

/// Answers already given from one loaded dataset, by audience and question: the same question
/// asked again is answered from here without computing it. Safe because an answer depends on
/// nothing but the dataset, the profile and the request (no clock, no thread count: the
/// project's determinism rule), and the cache belongs to one [`Loaded`], so a reload starts an
/// empty one. Bounded: at most `capacity` answers, each of at most [`CACHE_ITEMS`] items; the
/// oldest goes first.
pub struct AnswerCache {
    capacity: usize,
    inner: std::sync::Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    map: std::collections::HashMap<String, Arc<Answer>>,
    order: std::collections::VecDeque<String>,
}

/// The largest answer (in listed items: partners, pairs, teams, opportunities, …) kept.
pub const CACHE_ITEMS: usize = 2_000;

impl AnswerCache {
    pub fn new(capacity: usize) -> AnswerCache {
        AnswerCache {
            capacity,
            inner: Default::default(),
        }
    }

    fn key(audience: &Audience, q: &Question) -> String {
        format!("{audience}\u{1f}{q:?}")
    }

    pub fn get(&self, audience: &Audience, q: &Question) -> Option<Arc<Answer>> {
        if self.capacity == 0 {
            return None;
        }
        let inner = self.inner.lock().ok()?;
        inner.map.get(&AnswerCache::key(audience, q)).cloned()
    }

    pub fn put(&self, audience: &Audience, q: &Question, a: &Answer) {
        if self.capacity == 0 || a.items() > CACHE_ITEMS {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let key = AnswerCache::key(audience, q);
        if inner.map.contains_key(&key) {
            return;
        }
        while inner.map.len() >= self.capacity {
            match inner.order.pop_front() {
                Some(old) => {
                    inner.map.remove(&old);
                }
                None => break,
            }
        }
        inner.order.push_back(key.clone());
        inner.map.insert(key, Arc::new(a.clone()));
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Universities shown in the overview heatmap (the strongest, by mean strength).
pub const HEATMAP_ROWS: usize = 40;

/// What one audience is answered from: an engine over the loaded graph that sees what the
/// audience may see, and the overview computed from it. Every page and API document is
/// rendered from a `Facing`, never from the loaded data itself.
pub struct Facing {
    engine: Engine,
    /// The [`Loaded::generation`] it faces.
    pub generation: u64,
    /// Counts per node and edge kind (the `stats` tables).
    pub stats: Vec<Table>,
    /// The overview heatmap, per language.
    heatmap: [String; 2],
}

impl Facing {
    fn new(engine: Engine, generation: u64) -> Facing {
        let stats = query::stats(&engine, &query::StatsRequest {})
            .map(|r| r.tables)
            .unwrap_or_default();
        let heatmap = [Lang::Vi, Lang::En].map(|l| heatmap(&engine, l));
        Facing {
            engine,
            generation,
            stats,
            heatmap,
        }
    }

    /// The engine this audience's questions are asked of.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn heatmap(&self, lang: Lang) -> &str {
        &self.heatmap[usize::from(lang == Lang::En)]
    }
}

impl Loaded {
    /// Loads the dataset, the profile and the data-sharing policy of `config`.
    pub fn load(config: &Config, generation: u64) -> Result<Loaded, query::Error> {
        let stamp = reload::Stamp::of(
            &config.source,
            config.profile.as_deref(),
            config.policy.as_deref(),
        );
        let profile = query::load_profile(config.profile.as_deref())?;
        let engine = Engine::open(&config.source, profile, config.snapshot)?.engine;
        let policy =
            crate::policy::Policy::load(&config.source, config.policy.as_deref(), engine.data())?;
        let mut l = Loaded::with_policy(engine, policy, stamp, generation);
        l.cache = AnswerCache::new(config.cache);
        l.prepare();
        Ok(l)
    }

    /// Wraps an engine, with no data-sharing policy (everything is public).
    pub fn new(engine: Engine, stamp: reload::Stamp, generation: u64) -> Loaded {
        Loaded::with_policy(engine, crate::policy::Policy::open(), stamp, generation)
    }

    /// Wraps an engine answering under `policy`.
    pub fn with_policy(
        engine: Engine,
        policy: crate::policy::Policy,
        stamp: reload::Stamp,
        generation: u64,
    ) -> Loaded {
        let slots = engine.data().fields.len() * 2;
        Loaded {
            held: Held::new(engine, |_| Prepared {
                partners: (0..slots).map(|_| std::sync::OnceLock::new()).collect(),
            }),
            policy,
            facing: Default::default(),
            stamp,
            generation,
            cache: AnswerCache::new(CACHE),
        }
    }

    /// The engine with every record: only for what is prepared once for all audiences.
    fn engine(&self) -> &Engine {
        self.held.borrow_owner()
    }

    /// The data-sharing policy answers follow.
    pub fn policy(&self) -> &crate::policy::Policy {
        &self.policy
    }

    /// What `audience` is answered from, built on its first question (a university id not in
    /// the dataset is an error).
    pub fn facing(&self, audience: &Audience) -> Result<Arc<Facing>, query::Error> {
        if let Some(f) = self.facing.lock().expect("not poisoned").get(audience) {
            return Ok(f.clone());
        }
        let f = Arc::new(Facing::new(
            self.engine().for_audience(&self.policy, audience.clone())?,
            self.generation,
        ));
        let mut map = self.facing.lock().expect("not poisoned");
        Ok(map.entry(audience.clone()).or_insert(f).clone())
    }

    /// Prepares every field's partner part in the default mode (strengthen), in parallel, so
    /// that no request pays for it: part of loading (and of a reload, before the swap).
    pub fn prepare(&self) {
        use rayon::prelude::*;
        self.held.with_dependent(|e, prepared| {
            let fields: Vec<crate::model::FieldIdx> = e.data().field_ids().collect();
            fields.par_iter().for_each(|&f| {
                prepared.partners[f.ix() * 2]
                    .get_or_init(|| query::prepare_partners(e, f, crate::score::Mode::Strengthen));
            });
        });
    }

    /// Partners for one university through the field's prepared part (prepared on first use).
    fn partners(
        &self,
        facing: &Facing,
        r: &query::FilteredPartnersRequest,
    ) -> Result<query::FilteredPartnersResponse, query::Error> {
        let audience_engine = facing.engine();
        if r.partners.university.is_none() {
            return query::partners_filtered(audience_engine, r);
        }
        let field = audience_engine.field(&r.partners.field)?;
        let slot = field.ix() * 2 + usize::from(r.partners.mode == crate::score::Mode::New);
        // The prepared part holds aggregates of every record; the audience's engine guards
        // what is shown of them.
        self.held.with_dependent(|e, prepared| {
            let p = prepared.partners[slot]
                .get_or_init(|| query::prepare_partners(e, field, r.partners.mode));
            query::partners_filtered_with(audience_engine, r, Some(p))
        })
    }
}

/// The university × field strength heatmap (the leaders' scores), strongest universities first.
fn heatmap(e: &Engine, lang: Lang) -> String {
    let ds = e.data();
    let nf = ds.fields.len();
    let mut strength = vec![0.0; ds.universities.len() * nf];
    for f in ds.field_ids() {
        let req = query::LeadersRequest {
            field: ds.field(f).id.clone(),
            top: None,
        };
        if let Ok(r) = query::leaders(e, &req) {
            for l in r.leaders {
                strength[l.university.ix() * nf + f.ix()] = l.score;
            }
        }
    }
    let mut unis: Vec<usize> = (0..ds.universities.len()).collect();
    let mean = |u: usize| strength[u * nf..(u + 1) * nf].iter().sum::<f64>();
    unis.sort_by(|&a, &b| mean(b).total_cmp(&mean(a)).then(a.cmp(&b)));
    unis.truncate(HEATMAP_ROWS);
    unis.sort_unstable();
    let rows: Vec<String> = unis
        .iter()
        .map(|&u| ds.universities[u].short_name.clone())
        .collect();
    let cols: Vec<String> = ds
        .fields
        .iter()
        .map(|f| match lang {
            Lang::Vi => f.name_vi.clone(),
            Lang::En => f.name_en.clone(),
        })
        .collect();
    let values: Vec<f64> = unis
        .iter()
        .flat_map(|&u| strength[u * nf..(u + 1) * nf].iter().copied())
        .collect();
    let l = lang.labels();
    Heatmap {
        title: l.heatmap,
        rows: &rows,
        cols: &cols,
        values: &values,
        legend_low: l.legend_low,
        legend_high: l.legend_high,
    }
    .svg()
}

/// What the server shares between requests.
pub struct State {
    current: ArcSwap<Loaded>,
    pub tokens: Tokens,
    /// One queue per [`Lane`], each with [`Config::workers`] places.
    workers: [Semaphore; 3],
    config: Config,
}

impl State {
    pub fn new(config: Config, loaded: Loaded) -> Arc<State> {
        Arc::new(State {
            current: ArcSwap::from_pointee(loaded),
            tokens: config.tokens.clone(),
            workers: [(); 3].map(|()| Semaphore::new(config.workers.max(1))),
            config,
        })
    }

    /// The dataset requests are answered from now.
    pub fn current(&self) -> Arc<Loaded> {
        self.current.load_full()
    }

    /// Replaces the dataset; requests already running keep the one they started with.
    pub fn swap(&self, loaded: Loaded) {
        self.current.store(Arc::new(loaded));
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// A question, as every endpoint asks it of [`answer`].
#[derive(Clone, Debug)]
pub enum Question {
    Overview,
    Partners(query::FilteredPartnersRequest),
    Pairs(query::PairsRequest),
    Teams(query::TeamsRequest),
    Labs(query::LabsRequest),
    Equipment(query::EquipmentRequest),
    Researcher(query::ResearcherRequest),
}

/// The queue a question waits in for a worker. Quick questions (milliseconds: partners of one
/// university, labs, equipment, a researcher) never wait behind a pair search or a team
/// search, which take longer; each lane has its own [`Config::workers`] places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    Quick = 0,
    Pairs = 1,
    Teams = 2,
}

impl Question {
    pub fn lane(&self) -> Lane {
        match self {
            Question::Pairs(_) => Lane::Pairs,
            Question::Teams(_) => Lane::Teams,
            _ => Lane::Quick,
        }
    }

    /// The question's name (the audit log's and the policy's).
    pub fn name(&self) -> &'static str {
        match self {
            Question::Overview => "overview",
            Question::Partners(_) => "partners",
            Question::Pairs(_) => "pairs",
            Question::Teams(_) => "teams",
            Question::Labs(_) => "labs",
            Question::Equipment(_) => "equipment",
            Question::Researcher(_) => "researcher",
        }
    }
}

/// An answer of the query layer, before it is rendered.
#[derive(Clone, Debug)]
pub enum Answer {
    Overview,
    Partners(query::FilteredPartnersResponse),
    Pairs(query::PairsResponse),
    Teams(query::TeamsResponse),
    Labs(query::LabsResponse),
    Equipment(query::EquipmentResponse),
    Researcher(query::ResearcherResponse),
}

impl Answer {
    /// How many items the answer lists (what bounds the cache).
    pub fn items(&self) -> usize {
        match self {
            Answer::Overview => 0,
            Answer::Partners(r) => r.partners.lists.iter().map(Vec::len).sum(),
            Answer::Pairs(r) => r.pairs.len(),
            Answer::Teams(query::TeamsResponse::One { proposal, .. }) => proposal.teams.len(),
            Answer::Teams(query::TeamsResponse::Batch { calls, .. }) => calls.len(),
            Answer::Labs(r) => r.lists.iter().map(|(_, o)| o.len()).sum(),
            Answer::Equipment(r) => r.hits.len(),
            Answer::Researcher(r) => r.coauthors.len() + r.expertise.len() + r.labs.len(),
        }
    }
}

fn ask(l: &Loaded, f: &Facing, q: &Question) -> Result<Answer, query::Error> {
    let e = f.engine();
    Ok(match q {
        Question::Overview => Answer::Overview,
        Question::Partners(r) => Answer::Partners(l.partners(f, r)?),
        Question::Pairs(r) => Answer::Pairs(query::pairs(e, r)?),
        Question::Teams(r) => Answer::Teams(query::teams(e, r)?),
        Question::Labs(r) => Answer::Labs(query::labs(e, r)?),
        Question::Equipment(r) => Answer::Equipment(query::equipment(e, r)?),
        Question::Researcher(r) => Answer::Researcher(query::researcher(e, r)?),
    })
}

/// Answers one question for one audience: the single path every endpoint takes. The query runs
/// on the blocking pool (at most [`Config::workers`] at once per [`Lane`]) on the dataset current when the
/// request arrived, and `render` turns the answer (or the error) into the response there too.
pub async fn answer<R>(
    state: &Arc<State>,
    audience: Audience,
    question: Question,
    render: R,
) -> Response
where
    R: FnOnce(&Facing, &Audience, Result<Answer, ApiError>) -> Response + Send + 'static,
{
    let loaded = state.current();
    let audit = state.config.audit_log.clone();
    // An answer given before is not computed again, and does not wait for a worker.
    let cached = loaded.cache.get(&audience, &question);
    let _permit = match cached {
        Some(_) => None,
        None => match state.workers[question.lane() as usize].acquire().await {
            Ok(p) => Some(p),
            Err(_) => {
                return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "internal", "shutting down")
                    .into_response()
            }
        },
    };
    let work = tokio::task::spawn_blocking(move || {
        // The data-sharing boundary: the question is asked of, and the answer rendered from,
        // the engine facing this audience (its View), and the audit log records it.
        let facing = match loaded.facing(&audience) {
            Ok(f) => f,
            Err(e) => return ApiError::from(e).into_response(),
        };
        let result = match cached {
            Some(a) => Ok((*a).clone()),
            None => {
                let r = ask(&loaded, &facing, &question).map_err(ApiError::from);
                if let Ok(a) = &r {
                    loaded.cache.put(&audience, &question, a);
                }
                r
            }
        };
        let log = audit.as_deref().or(loaded.policy.audit_log());
        if let Some(path) = log {
            let request = serde_json::Value::String(format!("{question:?}"));
            let entry = crate::policy::AuditEntry::new(
                facing.engine().view(),
                &format!("serve {}", question.name()),
                request,
            );
            if let Err(e) = crate::policy::AuditLog::new(path).append(&entry) {
                return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
                    .into_response();
            }
        }
        render(&facing, &audience, result)
    });
    match work.await {
        Ok(response) => response,
        Err(e) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the question failed: {e}"),
        )
        .into_response(),
    }
}

/// The audience of a request, or the 401 answer.
pub(crate) fn audience(
    state: &State,
    headers: &axum::http::HeaderMap,
) -> Result<Audience, ApiError> {
    state
        .tokens
        .audience(headers.get(header::AUTHORIZATION).map(|v| v.as_bytes()))
        .map_err(|why| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                match why {
                    auth::Refused::Malformed => "the Authorization header must be `Bearer <token>`",
                    auth::Refused::Unknown => "unknown token",
                },
            )
        })
}

/// The web app: pages, the API, `/openapi.json`, with body and time limits.
pub fn app(state: Arc<State>) -> Router {
    let max_body = state.config.max_body;
    let timeout = state.config.timeout;
    Router::new()
        .route("/", get(pages::overview))
        .route("/partners", get(pages::partners))
        .route("/pairs", get(pages::pairs))
        .route("/teams", get(pages::teams))
        .route("/labs", get(pages::labs))
        .route("/researchers/{id}", get(pages::researcher))
        .route("/assets/app.js", get(pages::script))
        .route("/assets/app.css", get(pages::style))
        .route("/openapi.json", get(openapi::document))
        .route("/api/v1/overview", get(api::overview))
        .route("/api/v1/partners", get(api::partners))
        .route("/api/v1/pairs", get(api::pairs))
        .route("/api/v1/teams", post(api::teams))
        .route("/api/v1/labs", get(api::labs))
        .route("/api/v1/equipment", get(api::equipment))
        .route("/api/v1/researchers/{id}", get(api::researcher))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        // Outermost: every error above it gets the JSON body.
        .layer(middleware::from_fn(stable_errors))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    ApiError::not_found(format!("no page or endpoint at {}", req.uri().path())).into_response()
}

/// Errors produced outside the handlers (the body limit, a method not allowed, a rejected
/// extractor) get the same JSON body as every other error; every response gets the security
/// headers (no framing, no sniffing, scripts only from the app itself).
async fn stable_errors(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let is_html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if !is_html {
            let (code, message) = match status {
                StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "the request body is too large"),
                StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
                StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "method not allowed here"),
                StatusCode::NOT_FOUND => ("not_found", "not found"),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                    "invalid",
                    "the body must be JSON (Content-Type: application/json)",
                ),
                s if s.is_client_error() => ("invalid", "the request cannot be read"),
                _ => ("internal", "internal error"),
            };
            let mut e = ApiError::new(status, code, message);
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                e.expected = Some("a body of at most the server's --max-body bytes".into());
            }
            let headers = std::mem::take(res.headers_mut());
            res = e.into_response();
            if let Some(allow) = headers.get(header::ALLOW) {
                res.headers_mut().insert(header::ALLOW, allow.clone());
            }
        }
    }
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        ),
    );
    res
}

/// What [`run`] tells its caller (the binary prints it).
#[derive(Clone, Debug)]
pub enum Event {
    Listening(SocketAddr),
    /// A changed dataset was loaded and swapped in.
    Reloaded {
        generation: u64,
        researchers: usize,
    },
    /// A changed dataset could not be loaded: the previous one stays.
    ReloadFailed(String),
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Query(#[from] query::Error),
    #[error("cannot listen on {addr}: {error}")]
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
    },
    #[error("tokens file: token {name:?} gives university {id:?}, which is not in the dataset")]
    UnknownUniversity { name: String, id: String },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Checks that every university a token names is in the dataset.
pub fn check_tokens(tokens: &Tokens, loaded: &Loaded) -> Result<(), ServeError> {
    for t in tokens.entries() {
        if let Some(id) = t.audience.university() {
            if loaded.engine().data().university_by_id(id).is_none() {
                return Err(ServeError::UnknownUniversity {
                    name: t.name.clone(),
                    id: id.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// Loads the dataset, listens, and serves until Ctrl-C (or SIGTERM), reloading a changed
/// dataset in the background.
pub fn run(
    config: Config,
    events: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), ServeError> {
    let loaded = Loaded::load(&config, 1)?;
    check_tokens(&config.tokens, &loaded)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let addr = config.bind;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|error| ServeError::Bind { addr, error })?;
        let state = State::new(config, loaded);
        events(Event::Listening(listener.local_addr()?));
        let events = Arc::new(events);
        if let Some(every) = state.config.poll {
            let (s, ev) = (state.clone(), events.clone());
            tokio::spawn(reload::watch(s, every, move |e| ev(e)));
        }
        axum::serve(listener, app(state))
            .with_graceful_shutdown(shutdown())
            .await?;
        Ok(())
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
