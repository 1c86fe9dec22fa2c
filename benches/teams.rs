//! Criterion benches of team formation: one call and a batch of 1,000 calls over generated
//! consortia, and the heuristic against the exact optimum on 200 random small instances (the
//! optimality gap is printed once, before the timings).
//!
//! `cargo bench --bench teams` (sizes: see `common::sizes`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use hoptac::generate::{generate, GenConfig};
use hoptac::graph::Graph;
use hoptac::load::{load, Source};
use hoptac::team::batch::{assign, BatchOptions};
use hoptac::team::call::{CallSpec, FieldSpec, SizeSpec};
use hoptac::team::{propose, Call, Solver, TeamWeights};

mod common;

const FIELDS: [&str; 16] = [
    "basic",
    "health",
    "earth",
    "agri",
    "robotics",
    "mechanics",
    "iot",
    "bigdata",
    "ai",
    "digital",
    "materials",
    "energy",
    "environment",
    "water",
    "circular",
    "transport",
];

/// A deterministic pseudo-random call (SplitMix64 on `seed`).
fn call(g: &Graph, seed: u64) -> Call {
    let mut x = seed;
    let mut next = move |n: u64| {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    };
    let nf = [1, 2, 2, 3][next(4) as usize];
    let mut fields: Vec<FieldSpec> = Vec::new();
    while fields.len() < nf {
        let f = FIELDS[next(16) as usize];
        if !fields
            .iter()
            .any(|s| matches!(s, FieldSpec::Full { field, .. } if field == f))
        {
            let level = [0.5, 0.6, 0.7, 0.8][next(4) as usize];
            fields.push(FieldSpec::Full {
                field: f.into(),
                min_level: Some(level),
            });
        }
    }
    let lo = 3 + next(3) as usize;
    CallSpec {
        id: format!("c{seed}"),
        fields,
        size: Some(SizeSpec::Range([lo, lo + next(3) as usize])),
        min_universities: Some(2 + next(2) as usize),
        min_regions: Some(1 + next(2) as usize),
        max_per_university: (next(2) == 0).then_some(2),
        ..CallSpec::default()
    }
    .resolve(g.data(), &Default::default())
    .expect("bench calls name known fields")
}

fn gap_report() {
    let w = TeamWeights::default();
    let (mut gaps, mut seed) = (Vec::new(), 0u64);
    while gaps.len() < 200 && seed < 5000 {
        seed += 1;
        let g = Graph::build(
            generate(&GenConfig {
                universities: 4,
                researchers_per_university: 8,
                seed,
                coauthorships_per_researcher: 3.0,
            })
            .expect("reference data"),
        );
        let c = call(&g, seed);
        let Some(best) = propose(&g, &c, &w, 1, Some(Solver::Exact))
            .teams
            .first()
            .cloned()
        else {
            continue;
        };
        let h = propose(&g, &c, &w, 1, Some(Solver::Heuristic))
            .teams
            .first()
            .map_or(0.0, |t| t.eval.score);
        gaps.push((best.eval.score - h) / best.eval.score);
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
    let worst = gaps.iter().copied().fold(0.0, f64::max);
    let optimal = gaps.iter().filter(|g| **g < 1e-12).count();
    eprintln!(
        "heuristic vs exact on {} random instances: mean gap {:.4}%, worst {:.2}%, optimal in {}",
        gaps.len(),
        100.0 * mean,
        100.0 * worst,
        optimal
    );
}

fn teams(c: &mut Criterion) {
    gap_report();
    let w = TeamWeights::default();
    for (label, u, m) in common::sizes() {
        let g = Graph::build(load(&Source::Dir(common::dataset(label, u, m))).expect("valid"));
        let one = CallSpec {
            id: "one".into(),
            fields: vec![
                FieldSpec::Full {
                    field: "water".into(),
                    min_level: Some(0.7),
                },
                FieldSpec::Name("ai".into()),
            ],
            size: Some(SizeSpec::Range([4, 6])),
            min_universities: Some(3),
            min_regions: Some(2),
            ..CallSpec::default()
        }
        .resolve(g.data(), &Default::default())
        .expect("valid call");
        let mut group = c.benchmark_group("teams");
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::new("one_call_top1", label), &g, |b, g| {
            b.iter(|| propose(g, &one, &w, 1, None))
        });
        let calls: Vec<Call> = (0..1000).map(|i| call(&g, i)).collect();
        group.bench_with_input(BenchmarkId::new("batch_1000_calls", label), &g, |b, g| {
            b.iter(|| assign(g, &calls, &w, &BatchOptions::default()))
        });
        group.finish();
    }
}

criterion_group!(benches, teams);
criterion_main!(benches);
