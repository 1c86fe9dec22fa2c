//! Criterion benches of each stage of the pipeline at several sizes.
//!
//! `cargo bench --bench pipeline` (sizes: see `common::sizes`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use hoptac::graph::Graph;
use hoptac::load::{load, Source};

mod common;

fn stages(c: &mut Criterion) {
    for (label, u, m) in common::sizes() {
        let dir = common::dataset(label, u, m);
        let source = Source::Dir(dir);
        let mut g = c.benchmark_group("pipeline");
        g.sample_size(10);
        g.bench_with_input(BenchmarkId::new("load", label), &source, |b, s| {
            b.iter(|| load(s).expect("valid"))
        });
        let ds = load(&source).expect("valid");
        g.bench_with_input(BenchmarkId::new("graph_build", label), &ds, |b, ds| {
            b.iter(|| Graph::build(ds.clone()))
        });
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
