//! Criterion bench of the consortium report: the whole `hoptac report` command (load, graph,
//! every page and table in all four formats, atomic write) and the in-memory build alone.
//!
//! `cargo bench --bench report` (sizes: see `common::sizes`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use hoptac::load::Source;
use hoptac::profile::Profile;
use hoptac::query::{Engine, Limits};
use hoptac::report::{self, Formats, Lang, Options};

mod common;

fn report(c: &mut Criterion) {
    for (label, u, m) in common::sizes() {
        let dir = common::dataset(label, u, m);
        let source = Source::Dir(dir);
        let mut g = c.benchmark_group("report");
        g.sample_size(10);
        let out = tempfile::tempdir().expect("temporary folder");
        let opts = Options {
            formats: Formats::default(),
            lang: Lang::Vi,
            limits: Limits::default(),
            synthetic: false,
            tasks: None,
        };
        let dir = out.path().join("r");
        // What `hoptac report` does: load, build every file, write the folder atomically.
        g.bench_with_input(BenchmarkId::new("command", label), &source, |b, s| {
            b.iter(|| {
                let e = Engine::load(s, Profile::default()).expect("valid");
                let files = report::build(&e, &opts, &|| {}).expect("no tasks to refuse");
                report::write(&dir, &files, false, &[]).expect("report written")
            })
        });
        let engine = Engine::load(&source, Profile::default()).expect("valid");
        g.bench_with_input(BenchmarkId::new("build", label), &engine, |b, e| {
            b.iter(|| report::build(e, &opts, &|| {}).map_or(0, |f| f.len()))
        });
        g.finish();
    }
}

criterion_group!(benches, report);
criterion_main!(benches);
