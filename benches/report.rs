//! Criterion bench of the consortium report: the whole `hoptac report` command (load, graph,
//! every page and table in all four formats, atomic write) and the in-memory build alone.
//!
//! `cargo bench --bench report` (sizes: see `common::sizes`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use hoptac::app::{self, ReportConfig};
use hoptac::graph::Graph;
use hoptac::load::{load, Source};
use hoptac::report::{self, Formats, Lang, Limits, Options};
use hoptac::score::Profile;

mod common;

fn report(c: &mut Criterion) {
    for (label, u, m) in common::sizes() {
        let dir = common::dataset(label, u, m);
        let source = Source::Dir(dir);
        let mut g = c.benchmark_group("report");
        g.sample_size(10);
        let out = tempfile::tempdir().expect("temporary folder");
        let cfg = ReportConfig {
            out: out.path().join("r"),
            formats: Formats::default(),
            lang: Lang::Vi,
            profile: None,
            force: false,
        };
        g.bench_with_input(BenchmarkId::new("command", label), &source, |b, s| {
            b.iter(|| app::report(s, &cfg, &mut std::io::sink()).expect("report written"))
        });
        let graph = Graph::build(load(&source).expect("valid"));
        let opts = Options {
            formats: Formats::default(),
            lang: Lang::Vi,
            limits: Limits::for_graph(&graph),
        };
        let profile = Profile::default();
        g.bench_with_input(BenchmarkId::new("build", label), &graph, |b, gr| {
            b.iter(|| report::build(gr, &profile, &opts, &|| {}).len())
        });
        g.finish();
    }
}

criterion_group!(benches, report);
criterion_main!(benches);
