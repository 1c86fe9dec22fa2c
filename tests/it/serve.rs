//! `hoptac serve`, in process: the router answered with `tower::ServiceExt::oneshot`, compared
//! with the command line (the same question asked of the binary must give the same document),
//! with values worked out by hand on the tiny fixture, and with every error body. The browser
//! test (headless Chromium through WebDriver) is at the end.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

use hoptac::load::Source;
use hoptac::serve::{self, auth, Config, Loaded, State, Tokens};

use super::{fixtures, hoptac, stdout, Fixture};

fn config(dir: &Path) -> Config {
    let mut c = Config::new(Source::Dir(dir.to_path_buf()));
    c.snapshot = hoptac::graph::snapshot::Mode::Off;
    c.poll = None;
    c
}

fn state_with(c: Config) -> Arc<State> {
    let loaded = Loaded::load(&c, 1).unwrap();
    State::new(c, loaded)
}

fn tiny() -> (Router, Arc<State>) {
    let st = state_with(config(&fixtures().join("tiny")));
    (serve::app(st.clone()), st)
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The error body's `error` object, checked to have the stable keys.
    fn error(&self, status: StatusCode, code: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        let e = self.json()["error"].clone();
        assert_eq!(e["status"], status.as_u16(), "{e}");
        assert_eq!(e["code"], code, "{e}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
        e
    }
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    Reply {
        status,
        content_type,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, body: &str) -> Reply {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}

/// `hoptac --data tests/fixtures/tiny ARGS…` standard output.
fn cli(args: &[&str]) -> String {
    let a = hoptac()
        .arg("--data")
        .arg(fixtures().join("tiny"))
        .args(args)
        .assert();
    stdout(&a)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_answers_are_the_command_lines_documents() {
    let (app, _) = tiny();
    let r = get(&app, "/api/v1/partners?field=water&university=ua").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type.starts_with("application/json"));
    // The command line's documents, plus each pair's joint papers: by hand from the fixture,
    // ua–ub share a1–b1 (2 papers), ua–uc nothing.
    let mut v = r.json();
    let joint: Vec<(String, u64)> = v
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .map(|x| {
            let n = x.as_object_mut().unwrap().remove("joint_papers").unwrap();
            (
                x["university"].as_str().unwrap().to_string(),
                n.as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(joint, [("ub".to_string(), 2), ("uc".to_string(), 0)]);
    let want = cli(&[
        "rank",
        "--field",
        "water",
        "--university",
        "ua",
        "--format",
        "json",
    ]);
    assert_eq!(v, serde_json::from_str::<Value>(&want).unwrap());
    // Names are resolved as everywhere: a Vietnamese field name without diacritics, an alias.
    let r2 = get(
        &app,
        "/api/v1/partners?field=tai%20nguyen%20nuoc&university=%C4%90H%20A",
    )
    .await;
    assert_eq!(r2.body, r.body);

    let r = get(
        &app,
        "/api/v1/partners?field=water&university=ua&format=csv",
    )
    .await;
    assert!(r.content_type.starts_with("text/csv"), "{}", r.content_type);
    let want = cli(&[
        "rank",
        "--field",
        "water",
        "--university",
        "ua",
        "--format",
        "csv",
    ]);
    let got: Vec<&str> = r.body.lines().collect();
    let want: Vec<&str> = want.lines().collect();
    assert_eq!(got.len(), want.len());
    for (i, (got, want)) in got.iter().zip(&want).enumerate() {
        let extra = [",joint_papers", ",2", ",0"][i];
        assert_eq!(*got, format!("{want}{extra}"));
    }

    // The new mode too (the server prepares each field and mode once).
    let mut v = get(&app, "/api/v1/partners?field=env&university=ub&mode=new")
        .await
        .json();
    for x in v.as_array_mut().unwrap() {
        x.as_object_mut().unwrap().remove("joint_papers");
    }
    let want = cli(&[
        "rank",
        "--field",
        "env",
        "--university",
        "ub",
        "--mode",
        "new",
        "--format",
        "json",
    ]);
    assert_eq!(v, serde_json::from_str::<Value>(&want).unwrap());

    let r = get(&app, "/api/v1/pairs?field=water&top=5").await;
    assert_eq!(
        r.body,
        cli(&["pairs", "--field", "water", "--top", "5", "--format", "json"])
    );

    let r = get(&app, "/api/v1/labs?university=ub").await;
    assert_eq!(
        r.body,
        cli(&["labs", "--university", "ub", "--format", "json"])
    );

    let r = get(&app, "/api/v1/equipment?text=gpu").await;
    assert_eq!(
        r.body,
        cli(&["labs", "--equipment", "gpu", "--format", "json"])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partner_filters_narrow_the_list_and_rank_it_again() {
    let (app, _) = tiny();
    let unis = |v: Value| -> Vec<(String, u64, u64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["university"].as_str().unwrap().to_string(),
                    x["rank"].as_u64().unwrap(),
                    x["joint_papers"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let q = "/api/v1/partners?field=water&university=ua";
    // By hand: ub (central) has 2 joint papers with ua (a1–b1, 2021–2024), uc (south) none.
    let got = unis(get(&app, &format!("{q}&min_papers=1")).await.json());
    assert_eq!(got, [("ub".to_string(), 1, 2)]);
    let got = unis(get(&app, &format!("{q}&region=mien%20nam")).await.json());
    assert_eq!(got, [("uc".to_string(), 1, 0)]);
    // The window 2025–2030 misses a1–b1 (last year 2024); 2024 alone meets it.
    let got = unis(
        get(&app, &format!("{q}&from=2025&to=2030&min_papers=1"))
            .await
            .json(),
    );
    assert!(got.is_empty(), "{got:?}");
    let got = unis(
        get(&app, &format!("{q}&from=2024&to=2024&min_papers=2"))
            .await
            .json(),
    );
    assert_eq!(got, [("ub".to_string(), 1, 2)]);
    let e = get(&app, &format!("{q}&from=2024&to=2020")).await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["field"],
        "years"
    );
    let e = get(&app, &format!("{q}&region=east")).await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["field"],
        "region"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_call_gets_the_teams_of_the_command_line_or_why_it_is_infeasible() {
    let (app, _) = tiny();
    let r = post(
        &app,
        "/api/v1/teams",
        r#"{"call": {"fields": [{"field": "water", "min_level": 0.4}, "ai"], "size": "2-3", "min_universities": 2}, "top": 2}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["found"], true);
    let cli_teams: Value = serde_json::from_str(&cli(&[
        "teams",
        "--fields",
        "water:0.4,ai",
        "--size",
        "2-3",
        "--min-universities",
        "2",
        "--top",
        "2",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["teams"], cli_teams);
    assert_eq!(v["infeasible"], Value::Array(vec![]));

    // Seven members, but only three researchers work in water: infeasible, and it says why.
    let r = post(
        &app,
        "/api/v1/teams",
        r#"{"call": {"fields": ["water"], "size": 7}}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["found"], false);
    assert_eq!(v["teams"], Value::Array(vec![]));
    let reasons = v["infeasible"].as_array().unwrap();
    assert!(!reasons.is_empty(), "{v}");

    // A call naming an unknown field: every problem, positioned in "the request body".
    let r = post(
        &app,
        "/api/v1/teams",
        r#"{"call": {"fields": ["watr", "ia"]}}"#,
    )
    .await;
    let e = r.error(StatusCode::BAD_REQUEST, "invalid_call");
    assert_eq!(e["field"], "call");
    let problems = e["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{e}");
    assert!(
        problems[0]
            .as_str()
            .unwrap()
            .starts_with("the request body"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_researcher_page_and_api_show_what_the_files_say() {
    let (app, _) = tiny();
    let v = get(&app, "/api/v1/researchers/a1").await.json();
    // By hand from tests/fixtures/tiny: a1 (ua) has water 0.9 and env 0.5; co-authors a2
    // (3 papers, 2019–2023) before b1 (2 papers, 2021–2024); ua hosts la1 and la2.
    assert_eq!(v["name"], "Nguyễn Văn An");
    assert_eq!(v["university"]["id"], "ua");
    assert_eq!(v["title"], "professor");
    let fields: Vec<(&str, f64)> = v["expertise"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["field"].as_str().unwrap(), x["level"].as_f64().unwrap()))
        .collect();
    assert_eq!(fields, [("water", 0.9), ("env", 0.5)]);
    let co: Vec<(&str, u64, u64)> = v["coauthors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["researcher"].as_str().unwrap(),
                x["papers"].as_u64().unwrap(),
                x["first_year"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(co, [("a2", 3, 2019), ("b1", 2, 2021)]);
    assert_eq!(v["coauthor_count"], 2);
    let labs: Vec<&str> = v["labs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["lab"].as_str().unwrap())
        .collect();
    assert_eq!(labs, ["la1", "la2"]);
    let cut = get(&app, "/api/v1/researchers/a1?top=1").await.json();
    assert_eq!(cut["coauthors"].as_array().unwrap().len(), 1);
    assert_eq!(cut["coauthor_count"], 2);

    let page = get(&app, "/researchers/a1?lang=en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    assert!(
        page.body.contains("<h1>Nguyễn Văn An</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"/researchers/a2?lang=en\""));

    let e = get(&app, "/api/v1/researchers/nobody").await;
    let e = e.error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        (e["field"].as_str(), e["value"].as_str()),
        (Some("researcher"), Some("nobody"))
    );
    assert_eq!(
        get(&app, "/researchers/nobody").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_have_stable_bodies_that_name_the_field() {
    let (app, _) = tiny();
    let e = get(&app, "/api/v1/partners?field=water&top=0").await;
    let e = e.error(StatusCode::BAD_REQUEST, "invalid");
    assert_eq!(
        (&e["field"], &e["value"], &e["expected"]),
        (
            &"top".into(),
            &"0".into(),
            &"a whole number from 1 to 1000".into()
        )
    );
    let e = get(&app, "/api/v1/partners?field=water&mode=old").await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["expected"],
        "one of strengthen, new"
    );
    let e = get(&app, "/api/v1/partners?university=ua").await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["field"],
        "field"
    );
    let e = get(&app, "/api/v1/partners?field=water&colour=blue").await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["field"],
        "colour"
    );
    let e = get(&app, "/api/v1/pairs?field=water&top=10001").await;
    assert_eq!(e.error(StatusCode::BAD_REQUEST, "invalid")["field"], "top");
    let e = get(&app, "/api/v1/equipment?text=%20!!%20").await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["field"],
        "equipment"
    );

    let e = get(&app, "/api/v1/partners?field=watr").await;
    let e = e.error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(e["field"], "field");
    assert_eq!(e["value"], "watr");
    assert!(
        e["candidates"][0].as_str().unwrap().starts_with("water"),
        "{e}"
    );
    let e = get(&app, "/api/v1/partners?field=water&university=zz").await;
    assert_eq!(
        e.error(StatusCode::NOT_FOUND, "not_found")["field"],
        "university"
    );
    get(&app, "/api/v2/nothing")
        .await
        .error(StatusCode::NOT_FOUND, "not_found");

    let e = send(
        &app,
        Request::delete("/api/v1/pairs")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    e.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");

    let e = post(&app, "/api/v1/teams", "{\"call\": ").await;
    let e = e.error(StatusCode::BAD_REQUEST, "invalid");
    assert_eq!(e["field"], "body");
    let e = post(
        &app,
        "/api/v1/teams",
        r#"{"call": {"fields": ["water"]}, "top": 0}"#,
    )
    .await;
    assert_eq!(e.error(StatusCode::BAD_REQUEST, "invalid")["field"], "top");
    let e = post(
        &app,
        "/api/v1/teams",
        r#"{"call": {"fields": ["water"]}, "solver": "magic"}"#,
    )
    .await;
    assert_eq!(
        e.error(StatusCode::BAD_REQUEST, "invalid")["field"],
        "solver"
    );
    let e = post(
        &app,
        "/api/v1/teams",
        r#"{"call": {"fields": ["water"]}, "colour": 1}"#,
    )
    .await;
    assert_eq!(e.error(StatusCode::BAD_REQUEST, "invalid")["field"], "body");

    // Bodies over the limit: 413 whether the length is announced or not.
    let big = format!(
        "{{\"call\": {{\"title\": \"{}\"}}}}",
        "x".repeat(serve::MAX_BODY)
    );
    post(&app, "/api/v1/teams", &big)
        .await
        .error(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    let req = Request::post("/api/v1/teams")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(Chunks(big.into_bytes(), 0)))
        .unwrap();
    send(&app, req)
        .await
        .error(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
}

/// A body without a length: the text in 1 KiB chunks.
struct Chunks(Vec<u8>, usize);

impl http_body::Body for Chunks {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let start = self.1;
        if start >= self.0.len() {
            return std::task::Poll::Ready(None);
        }
        let end = (start + 1024).min(self.0.len());
        self.1 = end;
        let chunk = axum::body::Bytes::copy_from_slice(&self.0[start..end]);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
    }
}

/// A body that never comes (a client that stalls).
struct Stalled;

impl http_body::Body for Stalled {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_time_limit_is_answered_408() {
    let mut c = config(&fixtures().join("tiny"));
    c.timeout = Duration::from_millis(50);
    let app = serve::app(state_with(c));
    let req = Request::post("/api/v1/teams")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(Stalled))
        .unwrap();
    send(&app, req)
        .await
        .error(StatusCode::REQUEST_TIMEOUT, "timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_give_an_audience_and_wrong_ones_are_refused() {
    let text = auth::token_entry("office-secret", &"ua".parse().unwrap());
    let mut c = config(&fixtures().join("tiny"));
    c.tokens = Tokens::parse("tokens.toml", &text).unwrap();
    let st = state_with(c);
    let app = serve::app(st);
    let with = |h: &str| {
        Request::get("/api/v1/partners?field=water&university=ua")
            .header(header::AUTHORIZATION, h)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        get(&app, "/api/v1/partners?field=water&university=ua")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, with("Bearer office-secret")).await.status,
        StatusCode::OK
    );
    send(&app, with("Bearer office-secre"))
        .await
        .error(StatusCode::UNAUTHORIZED, "unauthorized");
    send(&app, with("office-secret"))
        .await
        .error(StatusCode::UNAUTHORIZED, "unauthorized");
    // Pages too: a wrong token is never silently treated as public.
    let req = Request::get("/")
        .header(header::AUTHORIZATION, "Bearer x")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);

    // A token for a university the dataset does not have is refused at start.
    let bad = auth::token_entry("t", &"nowhere".parse().unwrap());
    let tokens = Tokens::parse("tokens.toml", &bad).unwrap();
    let loaded = Loaded::load(&config(&fixtures().join("tiny")), 1).unwrap();
    let e = serve::check_tokens(&tokens, &loaded).unwrap_err();
    assert!(e.to_string().contains("\"nowhere\""), "{e}");
}

#[test]
fn hash_token_prints_the_entry_of_a_token_read_from_standard_input() {
    let a = hoptac()
        .args(["serve", "--hash-token", "ua"])
        .write_stdin("abc\n")
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "[[token]]\nsha256 = \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"\naudience = \"ua\"\n"
    );
    hoptac()
        .args(["serve", "--hash-token", "a b"])
        .write_stdin("abc\n")
        .assert()
        .code(2);
    hoptac()
        .args(["serve", "--hash-token", "ua"])
        .write_stdin("\n")
        .assert()
        .code(2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_dataset_is_swapped_in_and_requests_in_flight_keep_the_old_one() {
    let fx = Fixture::tiny();
    let st = state_with(config(fx.path()));
    let app = serve::app(st.clone());
    let name = |v: &Value| v[0]["name"].as_str().unwrap().to_string();
    let before = get(&app, "/api/v1/partners?field=water&university=ua&top=1")
        .await
        .json();
    assert_eq!(name(&before), "Trường Đại học B");
    let held = st.current();

    let fx = fx.edit(
        "universities.csv",
        "Trường Đại học B",
        "Trường Đại học Bách",
    );
    let e = serve::reload::reload_now(&st).await.unwrap();
    assert!(
        matches!(
            e,
            serve::Event::Reloaded {
                generation: 2,
                researchers: 7
            }
        ),
        "{e:?}"
    );
    let after = get(&app, "/api/v1/partners?field=water&university=ua&top=1")
        .await
        .json();
    assert_eq!(name(&after), "Trường Đại học Bách");
    // The engine a request already took is untouched by the swap.
    assert_eq!(
        held.facing(&hoptac::policy::Audience::Admin)
            .unwrap()
            .engine()
            .data()
            .universities[2]
            .name_vi,
        "Trường Đại học C"
    );
    assert_eq!(st.current().generation, 2);

    // A broken dataset is not swapped in: the last good one keeps answering.
    let fx = fx.edit("researchers.csv", "professor,20,", "professor,twenty,");
    let e = serve::reload::reload_now(&st).await.unwrap();
    assert!(matches!(e, serve::Event::ReloadFailed(_)), "{e:?}");
    let still = get(&app, "/api/v1/partners?field=water&university=ua&top=1")
        .await
        .json();
    assert_eq!(name(&still), "Trường Đại học Bách");
    drop(fx);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watcher_reloads_by_itself_when_the_files_change() {
    let fx = Fixture::tiny();
    let mut c = config(fx.path());
    c.poll = Some(Duration::from_millis(20));
    let st = state_with(c);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(serve::reload::watch(
        st.clone(),
        Duration::from_millis(20),
        move |e| {
            let _ = tx.send(e);
        },
    ));
    // Another length: the change is seen whatever the file system's time resolution.
    let _fx = fx.edit(
        "universities.csv",
        "Trường Đại học C",
        "Trường Đại học C mới",
    );
    let e = tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(e, serve::Event::Reloaded { generation: 2, .. }),
        "{e:?}"
    );
    assert_eq!(
        st.current()
            .facing(&hoptac::policy::Audience::Admin)
            .unwrap()
            .engine()
            .data()
            .universities[2]
            .name_vi,
        "Trường Đại học C mới"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_policy_file_alone_is_reloaded_and_followed() {
    let fx = Fixture::tiny();
    let mut c = config(fx.path());
    c.poll = Some(Duration::from_millis(20));
    let st = state_with(c);
    let app = serve::app(st.clone());
    // No policy: a public request sees a1's h-index (20 in tests/fixtures/tiny).
    let v = get(&app, "/api/v1/researchers/a1").await.json();
    assert_eq!(v["h_index"], 20, "{v}");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(serve::reload::watch(
        st.clone(),
        Duration::from_millis(20),
        move |e| {
            let _ = tx.send(e);
        },
    ));
    // Only the rules change: no data file is touched.
    let _fx = fx.write("policy.toml", b"[default]\nh_index = \"consortium\"\n");
    let e = tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(e, serve::Event::Reloaded { generation: 2, .. }),
        "{e:?}"
    );
    let v = get(&app, "/api/v1/researchers/a1").await.json();
    assert_eq!(v["h_index"], Value::Null, "{v}");
    assert!(v["withheld"].to_string().contains("h_index"), "{v}");
}

/// Every form control of a page has a label, ids are unique, the page says its language.
fn check_accessible(html: &str, lang: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(&format!("<html lang=\"{lang}\">")));
    assert!(html.contains("<a class=\"skip\" href=\"#main\">"));
    let mut ids = std::collections::BTreeSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap();
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
    }
    for tag in ["<input ", "<select "] {
        for part in html.split(tag).skip(1) {
            let attrs = part.split('>').next().unwrap();
            if attrs.contains("type=\"hidden\"") {
                continue;
            }
            let id = attrs
                .split("id=\"")
                .nth(1)
                .and_then(|s| s.split('"').next());
            let id = id.unwrap_or_else(|| panic!("control without id: {attrs}"));
            assert!(
                html.contains(&format!("<label for=\"{id}\">")),
                "no label for {id}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_in_both_languages_with_labels_and_downloads() {
    let (app, _) = tiny();
    let vi = get(&app, "/").await;
    assert_eq!(vi.status, StatusCode::OK);
    check_accessible(&vi.body, "vi");
    assert!(vi.body.contains("Tổng quan"));
    assert!(vi.body.contains("<svg"), "the heatmap");
    assert!(vi.body.contains("Tài nguyên nước"));
    assert!(vi.body.contains("href=\"/?lang=en\""));
    let en = get(&app, "/?lang=en").await;
    check_accessible(&en.body, "en");
    assert!(en.body.contains("Water resources") && en.body.contains("Overview"));

    for uri in [
        "/partners?lang=en",
        "/partners?lang=en&field=water&university=ua",
        "/partners?field=water",
        "/pairs?field=water&lang=en",
        "/teams?lang=en",
        "/teams?lang=vi&fields=water:0.4,ai&size=2-3",
        "/labs?university=ub&lang=en",
        "/labs?text=gpu",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        check_accessible(&r.body, if uri.contains("lang=en") { "en" } else { "vi" });
    }
    // The partner page: table and map, the switch between them, and both downloads.
    let p = get(&app, "/partners?lang=en&field=water&university=ua")
        .await
        .body;
    assert!(p.contains("id=\"partners-table\"") && p.contains("id=\"partners-map\""));
    assert!(p.contains("data-show=\"partners-map\" aria-pressed=\"false\""));
    assert!(
        p.contains("href=\"/api/v1/partners?field=water&amp;university=ua&amp;format=csv\""),
        "{p}"
    );
    // The team form answers with teams and their explanations.
    let t = get(&app, "/teams?lang=en&fields=water:0.4,ai&size=2-3")
        .await
        .body;
    assert!(
        t.contains("<article class=\"team\">") && t.contains("communication cost"),
        "{t}"
    );
    // … and downloads as the API's CSV and JSON.
    let csv = get(&app, "/teams?fields=water:0.4,ai&size=2-3&format=csv").await;
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    assert!(
        t.contains("href=\"/teams?fields=water%3A0.4%2Cai&amp;size=2-3&amp;format=csv\""),
        "{t}"
    );
    let json = get(&app, "/teams?fields=water:0.4,ai&size=2-3&format=json")
        .await
        .json();
    assert_eq!(json["found"], true);
    let t = get(&app, "/teams?lang=en&fields=water&size=7").await.body;
    assert!(t.contains("No team can be formed"), "{t}");
    // A wrong value is an error page with the status of the API.
    let r = get(&app, "/partners?field=watr").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("role=\"alert\""));
    let r = get(&app, "/teams?fields=water&size=x-y").await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "a call problem, shown on the form"
    );
    assert!(
        r.body.contains("id=\"f-fields\" name=\"fields\""),
        "the form is there"
    );
    assert!(r.body.contains("role=\"alert\""), "{}", r.body);

    let js = get(&app, "/assets/app.js").await;
    assert!(js.content_type.starts_with("text/javascript"));
    assert!(get(&app, "/assets/app.css")
        .await
        .body
        .contains(":focus-visible"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_lists_every_endpoint() {
    let (app, _) = tiny();
    let v = get(&app, "/openapi.json").await.json();
    assert_eq!(v["openapi"], "3.1.0");
    let paths = v["paths"].as_object().unwrap();
    let mut listed: Vec<&str> = paths.keys().map(String::as_str).collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "/api/v1/equipment",
            "/api/v1/labs",
            "/api/v1/overview",
            "/api/v1/pairs",
            "/api/v1/partners",
            "/api/v1/researchers/{id}",
            "/api/v1/teams"
        ]
    );
    // Every documented query parameter is accepted (an unknown one would be a 400).
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let mut q = Vec::new();
            for p in op["parameters"].as_array().unwrap() {
                if p["in"] == "query" {
                    let name = p["name"].as_str().unwrap();
                    let value = match name {
                        "field" => "water",
                        "university" => "ua",
                        "top" => "2",
                        "mode" => "new",
                        "max_per_researcher" => "1",
                        "text" => "gpu",
                        "region" => "central",
                        "min_papers" => "1",
                        "from" => "2020",
                        "to" => "2025",
                        "format" => "json",
                        "lang" => "en",
                        other => panic!("no sample value for {other}"),
                    };
                    q.push(format!("{name}={value}"));
                }
            }
            let uri = format!("{}?{}", path.replace("{id}", "a1"), q.join("&"));
            let r = if method == "post" {
                post(&app, &uri, r#"{"call": {"fields": ["water"], "size": 2}}"#).await
            } else {
                get(&app, &uri).await
            };
            assert_eq!(r.status, StatusCode::OK, "{method} {uri}: {}", r.body);
        }
    }
    // The overview's counts, by hand from the fixture.
    let o = get(&app, "/api/v1/overview").await.json();
    assert_eq!(
        (
            &o["universities"],
            &o["fields"],
            &o["researchers"],
            &o["labs"],
            &o["coauthorships"]
        ),
        (&3.into(), &3.into(), &7.into(), &3.into(), &4.into())
    );
}

/// `POST /session/{id}/se/log {"type": "browser"}`: chromedriver's console log.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(r#"{"type": "browser"}"#.into()),
        )
    }
}

/// A free loopback port (bound, then released for chromedriver).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver, stopped when dropped.
struct Driver(std::process::Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The web app in a real browser: Debian's chromium driven headless through chromedriver
/// (WebDriver) opens the overview, goes to the team form with the keyboard, fills it in, and
/// sees a team; the partner page's map switch works from the keyboard; a screenshot is not
/// blank and the console stays silent. Skipped (with a message) when chromium or chromedriver
/// is missing, except in CI (`CI=true`, `.ci/run` installs both), where it must run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_app_works_in_a_real_browser() {
    use fantoccini::{key::Key, ClientBuilder, Locator};

    let (chromium, chromedriver) = (
        Path::new("/usr/bin/chromium"),
        Path::new("/usr/bin/chromedriver"),
    );
    if !chromium.exists() || !chromedriver.exists() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but chromium or chromedriver is not installed (.ci/run installs them)"
        );
        eprintln!("skipped: /usr/bin/chromium or /usr/bin/chromedriver not installed");
        return;
    }
    // The server, on the built-in G7 dataset, on a free loopback port.
    let mut c = Config::new(Source::Embedded);
    c.poll = None;
    let app = serve::app(state_with(c));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let port = free_port();
    let _driver = Driver(
        std::process::Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let caps: serde_json::Map<String, Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--window-size=1280,1600",
                     format!("--user-data-dir={}", profile.path().display())],
        },
        "goog:loggingPrefs": {"browser": "ALL"},
    }))
    .unwrap();
    let mut client = None;
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let b = client.expect("chromedriver did not start");

    b.goto(&format!("{base}/?lang=en")).await.unwrap();
    let h1 = b
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "Overview");
    b.find(Locator::Css("figure svg")).await.unwrap();

    // To the team form with the keyboard: the skip link first, then the navigation.
    let body = b.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&Key::Tab.to_string()).await.unwrap();
    let focused = b.active_element().await.unwrap();
    assert_eq!(
        focused.attr("class").await.unwrap().as_deref(),
        Some("skip")
    );
    let teams_link = b.find(Locator::LinkText("Teams for a call")).await.unwrap();
    teams_link.send_keys(&Key::Enter.to_string()).await.unwrap();
    let fields = b.wait().for_element(Locator::Id("f-fields")).await.unwrap();
    fields.send_keys("water:0.7, ai").await.unwrap();
    let size = b.find(Locator::Id("f-size")).await.unwrap();
    size.clear().await.unwrap();
    size.send_keys("3-4").await.unwrap();
    size.send_keys(&Key::Enter.to_string()).await.unwrap(); // submits the form
    let team = b
        .wait()
        .for_element(Locator::Css("article.team table"))
        .await
        .unwrap();
    let text = team.text().await.unwrap();
    assert!(text.contains("team 1 of 3"), "{text}");
    assert!(b
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("fields=water"));
    let members = b
        .find_all(Locator::Css("article.team:first-of-type tbody tr"))
        .await
        .unwrap();
    assert!(
        (3..=4).contains(&members.len()),
        "{} members",
        members.len()
    );

    // The partner page: the map switch answers to the keyboard.
    b.goto(&format!(
        "{base}/partners?lang=en&field=water&university=hust"
    ))
    .await
    .unwrap();
    let map = b.find(Locator::Id("partners-map")).await.unwrap();
    assert!(
        !map.is_displayed().await.unwrap(),
        "the script shows the table first"
    );
    let switch = b
        .find(Locator::Css("button[data-show=partners-map]"))
        .await
        .unwrap();
    switch.send_keys(&Key::Enter.to_string()).await.unwrap();
    assert!(map.is_displayed().await.unwrap());
    let table = b.find(Locator::Id("partners-table")).await.unwrap();
    assert!(!table.is_displayed().await.unwrap());
    assert_eq!(
        switch.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );

    // The team page again for the screenshot: not blank (many colours, no single one > 97%).
    b.goto(&format!(
        "{base}/teams?lang=vi&fields=water:0.7,ai&size=3-4"
    ))
    .await
    .unwrap();
    b.find(Locator::Css("article.team")).await.unwrap();
    let png = b.screenshot().await.unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.line_size / info.width as usize;
    let mut counts = std::collections::HashMap::new();
    for p in buf[..info.buffer_size()].chunks(px) {
        *counts.entry(p.to_vec()).or_insert(0usize) += 1;
    }
    let total: usize = counts.values().sum();
    let top = counts.values().max().copied().unwrap_or(0);
    assert!(counts.len() > 50, "{} colours: a blank page?", counts.len());
    assert!(
        top * 100 < total * 97,
        "one colour covers {top} of {total} pixels"
    );

    // A silent console: no script error, no refused resource, no CSP violation.
    let log = b.issue_cmd(BrowserLog).await.unwrap();
    let entries = log.as_array().cloned().unwrap_or_default();
    assert!(entries.is_empty(), "browser console: {log}");
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_given_before_comes_from_the_cache_identical_and_per_dataset() {
    let fx = Fixture::tiny();
    let st = state_with(config(fx.path()));
    let app = serve::app(st.clone());
    let q = "/api/v1/partners?field=water&university=ua";
    let first = get(&app, q).await.body;
    assert_eq!(st.current().cache.len(), 1);
    // Asked again: the same bytes, no second entry.
    let again = get(&app, q).await.body;
    assert_eq!(again, first);
    assert_eq!(
        get(&app, &format!("{q}&format=csv")).await.status,
        StatusCode::OK
    );
    assert_eq!(st.current().cache.len(), 1, "CSV renders the same answer");
    // Errors are not kept; a reload starts an empty cache.
    get(&app, "/api/v1/partners?field=watr").await;
    assert_eq!(st.current().cache.len(), 1);
    let _fx = fx.edit(
        "universities.csv",
        "Trường Đại học B",
        "Trường Đại học Bách",
    );
    serve::reload::reload_now(&st).await.unwrap();
    assert!(st.current().cache.is_empty());
    assert!(get(&app, q).await.body.contains("Trường Đại học Bách"));

    // --cache 0: nothing is kept, the answers are the same.
    let mut c = config(&fixtures().join("tiny"));
    c.cache = 0;
    let st0 = state_with(c);
    let app0 = serve::app(st0.clone());
    assert_eq!(get(&app0, q).await.body, first);
    assert!(st0.current().cache.is_empty());
}

/// The web app answers through the data-sharing boundary: on the built-in dataset (whose
/// example policy keeps HUST's h-indexes to HUST and lets dut-0001 opt out of proposals), an
/// anonymous request sees neither, HUST's token sees its h-indexes, the admin's sees dut-0001,
/// and the audit log has a line per request with its audience.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_is_answered_for_its_audience_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let mut c = Config::new(Source::Embedded);
    c.poll = None;
    let text = format!(
        "{}\n{}",
        auth::token_entry("hust-secret", &"hust".parse().unwrap()),
        auth::token_entry("admin-secret", &"admin".parse().unwrap())
    );
    c.tokens = Tokens::parse("tokens.toml", &text).unwrap();
    c.audit_log = Some(log.clone());
    let app = serve::app(state_with(c));
    let as_ = |token: Option<&str>, uri: &str| {
        let mut r = Request::get(uri);
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        r.body(Body::empty()).unwrap()
    };
    let pairs = "/api/v1/pairs?field=bigdata&top=500&max_per_researcher=0";
    let public = send(&app, as_(None, pairs)).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert!(!public.body.contains("dut-0001"));
    let admin = send(&app, as_(Some("admin-secret"), pairs)).await;
    assert!(admin.body.contains("dut-0001"));

    // hust-0001's h-index (14 in datasets/g7/researchers.csv) is HUST's own.
    let page = "/api/v1/researchers/hust-0001";
    let shown = |r: &Reply| r.json()["h_index"].clone();
    let public = send(&app, as_(None, page)).await;
    let hust = send(&app, as_(Some("hust-secret"), page)).await;
    assert_eq!(hust.status, StatusCode::OK, "{}", hust.body);
    assert_eq!(shown(&hust), 14, "{}", hust.body);
    assert!(shown(&public).is_null(), "{}", public.body);
    assert_eq!(public.json()["withheld"], serde_json::json!(["h_index"]));

    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let audiences: Vec<&str> = lines
        .iter()
        .map(|l| l["audience"].as_str().unwrap())
        .collect();
    assert_eq!(audiences, ["public", "admin", "public", "hust"]);
    assert!(lines[0]["command"].as_str().unwrap().contains("pairs"));
    assert_eq!(lines[0]["withheld"]["h_index"], 400);
}
