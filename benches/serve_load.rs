//! Load on `hoptac serve`: N concurrent clients on loopback, each with one keep-alive
//! connection asking its next question as soon as the last one is answered (a closed loop, so
//! the load is bounded by N), for a fixed time, mixing partner, pair and team requests.
//! Reports throughput, p50/p99/max latency per kind, errors (any status but 200), and the
//! process's resident memory over the run (server and clients share the process).
//!
//! ```text
//! hoptac generate --universities 100 --researchers-per-university 1000 --seed 1 --out /tmp/u100
//! cargo bench --bench serve_load -- /tmp/u100                        # 64 clients, 30 s, all three
//! HOPTAC_LOAD_MIX=partners,pairs cargo bench --bench serve_load -- /tmp/u1000
//! ```
//!
//! Environment: `HOPTAC_LOAD_CLIENTS` (64), `HOPTAC_LOAD_SECONDS` (30, after 3 s of warm-up),
//! `HOPTAC_LOAD_MIX` (`partners,pairs,teams`), `HOPTAC_LOAD_CACHE` (the server's answer
//! cache, default `serve::CACHE`; 0 computes every answer), `HOPTAC_LOAD_URL` (load a server already
//! running there instead of starting one in process; then memory is not reported).
//! Requests are drawn from a seeded generator: the same run asks the same questions.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufStream};
use tokio::net::TcpStream;

use hoptac::load::Source;
use hoptac::serve::{self, Config, Loaded, State};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Partners,
    Pairs,
    Teams,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Partners => "partners",
            Kind::Pairs => "pairs",
            Kind::Teams => "teams",
        }
    }
}

/// The questions a client may ask, built from the dataset's ids.
struct Questions {
    fields: Vec<String>,
    universities: Vec<String>,
    mix: Vec<Kind>,
}

/// SplitMix64: a small seeded generator, enough to pick questions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Questions {
    /// (kind, method, path, body)
    fn draw(&self, rng: &mut Rng) -> (Kind, &'static str, String, String) {
        let kind = *rng.pick(self.mix.as_slice());
        let f = encode(rng.pick::<String>(&self.fields));
        let u = encode(rng.pick::<String>(&self.universities));
        match kind {
            Kind::Partners => (
                kind,
                "GET",
                format!("/api/v1/partners?field={f}&university={u}&top=20"),
                String::new(),
            ),
            Kind::Pairs => (
                kind,
                "GET",
                format!("/api/v1/pairs?field={f}&university={u}&top=20"),
                String::new(),
            ),
            Kind::Teams => {
                // Two different fields.
                let i = (rng.next() % self.fields.len() as u64) as usize;
                let j = (i + 1 + (rng.next() % (self.fields.len() as u64 - 1)) as usize)
                    % self.fields.len();
                let (f, g) = (&self.fields[i], &self.fields[j]);
                let body = format!(
                    r#"{{"call": {{"fields": [{{"field": "{f}", "min_level": 0.6}}, {{"field": "{g}", "min_level": 0.6}}], "size": "3-5", "min_universities": 2}}, "top": 1}}"#
                );
                (kind, "POST", "/api/v1/teams".to_string(), body)
            }
        }
    }
}

/// One request on a keep-alive connection; the status code.
async fn ask(
    s: &mut BufStream<TcpStream>,
    method: &str,
    path: &str,
    body: &str,
    scratch: &mut Vec<u8>,
) -> std::io::Result<u16> {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await?;
    s.write_all(body.as_bytes()).await?;
    s.flush().await?;
    let mut line = String::new();
    s.read_line(&mut line).await?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = 0usize;
    loop {
        line.clear();
        if s.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    scratch.resize(length, 0);
    s.read_exact(scratch).await?;
    Ok(status)
}

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .expect("usage: cargo bench --bench serve_load -- DATASET_DIR");
    let clients: usize = env_or("HOPTAC_LOAD_CLIENTS", 64);
    let seconds: f64 = env_or("HOPTAC_LOAD_SECONDS", 30.0);
    let mix: Vec<Kind> = std::env::var("HOPTAC_LOAD_MIX")
        .unwrap_or_else(|_| "partners,pairs,teams".into())
        .split(',')
        .map(|k| match k.trim() {
            "partners" => Kind::Partners,
            "pairs" => Kind::Pairs,
            "teams" => Kind::Teams,
            other => panic!("unknown kind {other} in HOPTAC_LOAD_MIX"),
        })
        .collect();
    let external = std::env::var("HOPTAC_LOAD_URL").ok();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let t0 = Instant::now();
    let mut config = Config::new(Source::Dir(dir.clone().into()));
    config.poll = None;
    config.timeout = Duration::from_secs(60);
    config.cache = env_or("HOPTAC_LOAD_CACHE", serve::CACHE);
    let cache = config.cache;
    let loaded = Loaded::load(&config, 1).expect("the dataset loads");
    let public = loaded
        .facing(&hoptac::policy::Audience::Public)
        .expect("the public view");
    let ds = public.engine().data();
    let questions = Arc::new(Questions {
        fields: ds.fields.iter().map(|f| f.id.clone()).collect(),
        universities: ds.universities.iter().map(|u| u.id.clone()).collect(),
        mix: mix.clone(),
    });
    println!(
        "dataset {dir}: {} universities, {} researchers, {} co-authorships; loaded in {:.1} s",
        ds.universities.len(),
        ds.researchers.len(),
        ds.coauthorships.len(),
        t0.elapsed().as_secs_f64()
    );
    let workers = config.workers;
    let addr = match &external {
        Some(url) => url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string(),
        None => {
            let state = State::new(config, loaded);
            let listener = runtime
                .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                .unwrap();
            let addr = listener.local_addr().unwrap().to_string();
            runtime.spawn(async move { axum::serve(listener, serve::app(state)).await });
            addr
        }
    };

    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    type Samples = Vec<(Kind, u32, u16)>;
    let results: Arc<Mutex<Vec<Samples>>> = Arc::default();
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut handles = Vec::new();
    for c in 0..clients {
        let (q, measuring, stop, results, failures, addr) = (
            questions.clone(),
            measuring.clone(),
            stop.clone(),
            results.clone(),
            failures.clone(),
            addr.clone(),
        );
        handles.push(runtime.spawn(async move {
            let mut rng = Rng(0x5eed ^ ((c as u64) << 20));
            let mut samples: Samples = Vec::new();
            let mut scratch = Vec::new();
            let mut conn = BufStream::new(TcpStream::connect(&addr).await.unwrap());
            while !stop.load(Ordering::Relaxed) {
                let (kind, method, path, body) = q.draw(&mut rng);
                let start = Instant::now();
                let status = match ask(&mut conn, method, &path, &body, &mut scratch).await {
                    Ok(s) => s,
                    Err(e) => {
                        failures.lock().unwrap().push(format!("{path}: {e}"));
                        conn = BufStream::new(TcpStream::connect(&addr).await.unwrap());
                        0
                    }
                };
                let us = start.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
                if status != 200 && failures.lock().unwrap().len() < 20 {
                    failures.lock().unwrap().push(format!(
                        "{status} {method} {path} {body}: {}",
                        String::from_utf8_lossy(&scratch)
                    ));
                }
                if measuring.load(Ordering::Relaxed) {
                    samples.push((kind, us, status));
                }
            }
            results.lock().unwrap().push(samples);
        }));
    }
    let warmup = Duration::from_secs(3);
    std::thread::sleep(warmup);
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    let mut rss = Vec::new();
    while started.elapsed().as_secs_f64() < seconds {
        std::thread::sleep(Duration::from_secs(1));
        if external.is_none() {
            rss.extend(rss_kib());
        }
    }
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        runtime.block_on(h).unwrap();
    }

    let all: Vec<(Kind, u32, u16)> = results.lock().unwrap().iter().flatten().copied().collect();
    let errors = all.iter().filter(|s| s.2 != 200).count();
    println!(
        "{clients} clients, {elapsed:.1} s measured after {} s of warm-up, {workers} workers, cache {cache}, mix {}",
        warmup.as_secs(),
        mix.iter().map(|k| k.name()).collect::<Vec<_>>().join(",")
    );
    println!(
        "total: {} requests, {:.1} requests/s, {errors} errors",
        all.len(),
        all.len() as f64 / elapsed
    );
    println!("| kind | requests | per s | p50 ms | p99 ms | max ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for kind in [Kind::Partners, Kind::Pairs, Kind::Teams] {
        let mut v: Vec<u32> = all.iter().filter(|s| s.0 == kind).map(|s| s.1).collect();
        if v.is_empty() {
            continue;
        }
        v.sort_unstable();
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            kind.name(),
            v.len(),
            v.len() as f64 / elapsed,
            percentile(&v, 0.5),
            percentile(&v, 0.99),
            percentile(&v, 1.0)
        );
    }
    if !rss.is_empty() {
        let mb = |k: u64| k as f64 / 1024.0;
        let (lo, hi) = (rss.iter().min().unwrap(), rss.iter().max().unwrap());
        println!(
            "resident memory over the run (1 s samples): first {:.0} MB, last {:.0} MB, min {:.0} MB, max {:.0} MB",
            mb(rss[0]),
            mb(*rss.last().unwrap()),
            mb(*lo),
            mb(*hi)
        );
    }
    for f in failures.lock().unwrap().iter().take(10) {
        println!("failure: {f}");
    }
}
