//! The `dataflow` feature (issue 17): pairs and partners on timely/differential dataflow must
//! give the single-machine engine's answers — over one or two worker threads, one or two
//! processes on loopback — and an incremental update must give what a full recomputation
//! gives. Every test name contains `dataflow`: `cargo test --features dataflow dataflow`.

use std::path::{Path, PathBuf};

use hoptac::dataflow::{self, pairs::PairsJob, Cluster};
use hoptac::graph::Graph;
use hoptac::load::{load, Source};
use hoptac::profile::Profile;
use hoptac::score::{self, PairQuery};

use crate::hoptac;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A generated dataset in a temporary folder.
fn generated(unis: u32, per: u32, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gen");
    hoptac()
        .args(["generate", "--universities", &unis.to_string()])
        .args(["--researchers-per-university", &per.to_string()])
        .args(["--seed", &seed.to_string(), "--out"])
        .arg(&dir)
        .assert()
        .success();
    (tmp, dir)
}

/// The engine's pairs under the pure Adamic–Adar profile: (a id, b id, aa bits, common).
fn engine_pairs(source: &Source, field: &str, top: usize) -> Vec<(String, String, u64, u32)> {
    let w = Profile::from_file(&root().join("benches/peer/pure-aa.toml"))
        .unwrap()
        .pairs;
    let g = Graph::build(load(source).unwrap());
    let ds = g.data();
    let q = PairQuery {
        field: ds.field_by_id(field).unwrap(),
        university: None,
        top,
    };
    score::recommend(&g, &q, &w)
        .iter()
        .map(|p| {
            let c = p.components.iter().find(|c| c.name == "closeness").unwrap();
            assert_eq!(p.score.to_bits(), (c.raw / (c.raw + 1.0)).to_bits());
            (
                ds.researcher(p.a).id.clone(),
                ds.researcher(p.b).id.clone(),
                c.raw.to_bits(),
                p.common_coauthors,
            )
        })
        .collect()
}

fn dataflow_pairs(
    source: &Source,
    cluster: &Cluster,
    field: &str,
    top: usize,
) -> Vec<(String, String, u64, u32)> {
    let job = PairsJob {
        field: field.into(),
        top,
        changes: vec![],
        lists: false,
    };
    let r = dataflow::pairs::pairs(source, cluster, &job)
        .unwrap()
        .leader()
        .unwrap();
    r.best[0]
        .iter()
        .map(|p| {
            (
                r.people[&p.a].id.clone(),
                r.people[&p.b].id.clone(),
                p.adamic_adar.to_bits(),
                p.common,
            )
        })
        .collect()
}

#[test]
fn dataflow_pairs_equal_the_engine_bit_for_bit() {
    let (_tmp, dir) = generated(7, 200, 18);
    for source in [Source::Embedded, Source::Dir(dir)] {
        for field in ["ai", "water"] {
            let want = engine_pairs(&source, field, 100);
            assert!(want.len() >= 20, "{field}: too few pairs to compare");
            for workers in [1, 2] {
                let cluster = Cluster {
                    workers,
                    ..Cluster::default()
                };
                let got = dataflow_pairs(&source, &cluster, field, 100);
                assert_eq!(got, want, "{source:?} {field} with -w {workers}");
            }
        }
    }
}

#[test]
fn dataflow_partner_strength_and_ties_equal_the_engine() {
    use hoptac::dataflow::partners::{partners, PartnersJob};
    let (_tmp, dir) = generated(9, 120, 5);
    for source in [Source::Embedded, Source::Dir(dir)] {
        let g = Graph::build(load(&source).unwrap());
        let ds = g.data();
        let w = score::PartnerWeights::default();
        for workers in [1, 2] {
            let cluster = Cluster {
                workers,
                ..Cluster::default()
            };
            let job = PartnersJob {
                field: None,
                university: None,
                weights: w.clone(),
            };
            let r = partners(&source, &cluster, &job).unwrap().leader().unwrap();
            assert_eq!(r.year0, g.latest_year());
            // Strength: every non-empty cell, bit for bit.
            let mut cells = 0;
            for f in ds.field_ids() {
                let leaders = score::leaders(&g, f);
                for l in &leaders {
                    let s = g.strength(l.university, f);
                    let row = r
                        .strength
                        .iter()
                        .find(|x| x.field == f.0 && x.university == l.university.0);
                    let Some(row) = row else {
                        assert_eq!(s.researchers, 0, "missing cell");
                        continue;
                    };
                    cells += 1;
                    let ctx = format!("{source:?} -w {workers} {} {}", l.university.0, f.0);
                    assert_eq!(row.researchers, s.researchers, "{ctx}");
                    assert_eq!(row.level_sum.to_bits(), s.level_sum.to_bits(), "{ctx}");
                    assert_eq!(row.impact.to_bits(), s.impact.to_bits(), "{ctx}");
                    assert_eq!(
                        row.activity_index.to_bits(),
                        s.activity_index.to_bits(),
                        "{ctx}"
                    );
                    assert_eq!(row.strength.to_bits(), l.score.to_bits(), "{ctx}");
                }
            }
            assert_eq!(cells, r.strength.len());
            // Ties: the partner ranking's ties component for every ordered pair.
            let mut tied = 0;
            for f in ds.field_ids() {
                for u in ds.university_ids() {
                    for p in score::rank_partners(&g, f, u, &w, score::Mode::Strengthen) {
                        let c = p.components.iter().find(|c| c.name == "ties").unwrap();
                        let (a, b) = (u.0.min(p.partner.0), u.0.max(p.partner.0));
                        let row = r
                            .ties
                            .iter()
                            .find(|t| t.field == f.0 && t.a == a && t.b == b);
                        match row {
                            Some(t) => {
                                tied += 1;
                                assert_eq!(t.ties.to_bits(), c.raw.to_bits());
                                assert_eq!(t.value.to_bits(), c.value.to_bits());
                            }
                            None => assert_eq!(c.raw, 0.0, "{f:?} {u:?} {:?}", p.partner),
                        }
                    }
                }
            }
            // Each unordered pair was seen from both ends.
            assert_eq!(tied, 2 * r.ties.len());
            assert!(!r.ties.is_empty());
        }
    }
}
