//! Shared bench setup: generated datasets, written once under `target/bench-data/`.

use std::path::PathBuf;

use hoptac::generate::{generate, GenConfig};

/// `(label, universities, researchers per university)`; `HOPTAC_BENCH_SIZES=g7,100x1000,1000x1000`
/// picks which (default: the first two; the largest takes minutes and 1 GB).
pub fn sizes() -> Vec<(&'static str, usize, usize)> {
    let all = [
        ("g7", 7, 200),
        ("100x1000", 100, 1000),
        ("1000x1000", 1000, 1000),
    ];
    let wanted = std::env::var("HOPTAC_BENCH_SIZES").unwrap_or_else(|_| "g7,100x1000".into());
    all.into_iter()
        .filter(|(l, _, _)| wanted.split(',').any(|w| w == *l))
        .collect()
}

/// The dataset folder for a size, generated (seed 2022) on first use.
pub fn dataset(label: &str, universities: usize, per: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(label);
    if !dir.join("coauthorships.csv").is_file() {
        let ds = generate(&GenConfig {
            universities,
            researchers_per_university: per,
            seed: 2022,
            coauthorships_per_researcher: if universities >= 1000 { 11.3 } else { 10.0 },
        })
        .expect("reference data loads");
        hoptac::save::write_dataset(&ds, &dir, true, &[]).expect("bench data written");
    }
    dir
}
