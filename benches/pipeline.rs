//! Criterion benches of each stage of the pipeline at several sizes.
//!
//! `cargo bench --bench pipeline` (sizes: see `common::sizes`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use hoptac::graph::Graph;
use hoptac::lab::{self, LabQuery};
use hoptac::load::{load, Source};
use hoptac::profile::Profile;
use hoptac::score::{self, Mode, PairQuery};

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
        let graph = Graph::build(ds);
        let profile = Profile::default();
        // The full matrix is U² × 16 explained scores (16 M at 1,000 universities): quadratic
        // by nature, so it is benched up to 100 universities; one university's partners for
        // every field is benched at every size.
        g.bench_with_input(
            BenchmarkId::new("rank_one_university_all_fields", label),
            &graph,
            |b, gr| {
                b.iter(|| {
                    gr.data()
                        .field_ids()
                        .map(|f| {
                            score::rank_partners(
                                gr,
                                f,
                                hoptac::model::UniIdx(0),
                                &profile.partner,
                                Mode::Strengthen,
                            )
                            .len()
                        })
                        .sum::<usize>()
                })
            },
        );
        if u <= 100 {
            g.bench_with_input(
                BenchmarkId::new("rank_all_fields", label),
                &graph,
                |b, gr| {
                    b.iter(|| {
                        gr.data()
                            .field_ids()
                            .map(|f| {
                                score::partner_matrix(gr, f, &profile.partner, Mode::Strengthen)
                                    .len()
                            })
                            .sum::<usize>()
                    })
                },
            );
        }
        // The country lifts (one pass over the co-authorships), with the universities spread
        // over ten countries: what the first pair or partner score of imported data pays.
        let mut spread = graph.data().clone();
        for (i, uni) in spread.universities.iter_mut().enumerate() {
            uni.country =
                ["VN", "JP", "KR", "FR", "DE", "US", "GB", "AU", "TH", "SG"][i % 10].into();
        }
        let spread = Graph::build(spread);
        g.bench_with_input(
            BenchmarkId::new("country_links_ten_countries", label),
            &spread,
            |b, gr| b.iter(|| hoptac::graph::CountryLinks::of(gr).countries()),
        );
        drop(spread);
        let ai = graph.data().field_by_id("ai").expect("field ai");
        g.bench_with_input(
            BenchmarkId::new("pairs_ai_top20", label),
            &graph,
            |b, gr| {
                let q = PairQuery {
                    field: ai,
                    university: None,
                    top: 20,
                };
                b.iter(|| score::recommend(gr, &q, &profile.pairs))
            },
        );
        // Every opportunity explained is U × labs × fields rows: benched up to 100 universities.
        if u <= 100 {
            g.bench_with_input(
                BenchmarkId::new("labs_all_fields", label),
                &graph,
                |b, gr| {
                    b.iter(|| lab::opportunities(gr, &LabQuery::default(), &profile.labs).len())
                },
            );
        }
        let top20 = LabQuery {
            top: Some(20),
            ..LabQuery::default()
        };
        g.bench_with_input(
            BenchmarkId::new("labs_all_fields_top20", label),
            &graph,
            |b, gr| b.iter(|| lab::opportunities(gr, &top20, &profile.labs).len()),
        );
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
