//! The built-in dataset and the generator: determinism, round trip, scale, overwrite rules.

use std::fs;
use std::path::Path;

use crate::{hoptac, stderr, stdout};

fn generate(out: &Path, args: &[&str]) {
    hoptac()
        .arg("generate")
        .arg("--out")
        .arg(out)
        .args(args)
        .assert()
        .success();
}

#[test]
fn builtin_dataset_is_exactly_the_generator_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g7");
    generate(
        &out,
        &[
            "--universities",
            "7",
            "--researchers-per-university",
            "200",
            "--seed",
            "2022",
        ],
    );
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/g7");
    for f in hoptac::load::FILES {
        assert!(
            fs::read(out.join(f)).unwrap() == fs::read(builtin.join(f)).unwrap(),
            "{f} differs from datasets/g7: regenerate with the command in datasets/README.md"
        );
    }
    // The built-in dataset ships without terms; the generator writes them only when asked.
    assert!(!out.join("terms.csv").exists() && !builtin.join("terms.csv").exists());
}

#[test]
fn generated_terms_leave_the_six_files_unchanged_and_reach_the_pair_score() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "--universities",
        "3",
        "--researchers-per-university",
        "60",
        "--seed",
        "5",
    ];
    let (plain, with) = (tmp.path().join("plain"), tmp.path().join("terms"));
    generate(&plain, &args);
    let mut t = args.to_vec();
    t.push("--terms");
    generate(&with, &t);
    for f in hoptac::load::FILES {
        assert_eq!(
            fs::read(plain.join(f)).unwrap(),
            fs::read(with.join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(fs::read_to_string(with.join("terms.csv"))
        .unwrap()
        .starts_with("researcher,term,weight,year\n"));
    hoptac()
        .arg("--data")
        .arg(&with)
        .arg("validate")
        .assert()
        .success();
    let a = hoptac()
        .arg("--data")
        .arg(&with)
        .args([
            "pairs", "--field", "water", "--top", "10", "--format", "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .any(|r| r["details"]["topics"]["contribution"].as_f64().unwrap() > 0.0),
        "{v}"
    );
    assert!(rows.iter().any(|r| r["details"]["topics"]["explain"]
        .as_str()
        .unwrap()
        .starts_with("both publish on *")));
}

#[test]
fn generate_then_validate_round_trip_beyond_g7() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("big");
    generate(
        &out,
        &[
            "--universities",
            "12",
            "--researchers-per-university",
            "50",
            "--seed",
            "7",
        ],
    );
    let a = hoptac()
        .arg("--data")
        .arg(&out)
        .arg("validate")
        .assert()
        .success();
    assert!(stdout(&a).contains("ok (12 universities, 16 fields, 600 researchers"));
    // Same seed, same bytes; other seed, other bytes.
    let again = tmp.path().join("again");
    generate(
        &again,
        &[
            "--universities",
            "12",
            "--researchers-per-university",
            "50",
            "--seed",
            "7",
        ],
    );
    let other = tmp.path().join("other");
    generate(
        &other,
        &[
            "--universities",
            "12",
            "--researchers-per-university",
            "50",
            "--seed",
            "8",
        ],
    );
    let read = |d: &Path| fs::read(d.join("coauthorships.csv")).unwrap();
    assert_eq!(read(&out), read(&again));
    assert_ne!(read(&out), read(&other));
}

#[test]
fn generated_structure_is_realistic() {
    let ds = hoptac::generate::generate(&hoptac::generate::GenConfig {
        universities: 20,
        researchers_per_university: 300,
        seed: 1,
        coauthorships_per_researcher: 10.0,
    })
    .unwrap();
    let n = ds.researchers.len();
    let e = ds.coauthorships.len();
    // About ten co-authorships per researcher after merging repeats.
    assert!(
        e as f64 > 7.0 * n as f64 && (e as f64) < 11.0 * n as f64,
        "{e} edges for {n}"
    );
    let split = hoptac::stats::coauthor_split(&ds);
    let within = split.within as f64 / e as f64;
    assert!(
        (0.75..0.95).contains(&within),
        "within-university share {within}"
    );
    // Heavy tail: the busiest researcher has many times the mean degree.
    let mut deg = vec![0usize; n];
    for c in &ds.coauthorships {
        deg[c.a.ix()] += 1;
        deg[c.b.ix()] += 1;
    }
    let mean = 2.0 * e as f64 / n as f64;
    let max = *deg.iter().max().unwrap() as f64;
    assert!(max > 5.0 * mean, "max degree {max}, mean {mean}");
    // Field-correlated: most co-authors share a field.
    let g = hoptac::graph::Graph::build(ds);
    let ds = g.data();
    let shared = ds
        .coauthorships
        .iter()
        .filter(|c| g.expertise(c.a).iter().any(|(f, _)| g.level(c.b, *f) > 0.0))
        .count();
    assert!(
        shared as f64 > 0.6 * e as f64,
        "{shared} of {e} share a field"
    );
}

#[test]
fn generate_refuses_to_overwrite_without_force_and_never_foreign_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    generate(
        &out,
        &["--universities", "2", "--researchers-per-university", "5"],
    );
    let a = hoptac()
        .arg("generate")
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert!(stderr(&a).contains("already exists and is not empty; pass --force"));
    generate(
        &out,
        &[
            "--universities",
            "3",
            "--researchers-per-university",
            "5",
            "--force",
        ],
    );
    let a = hoptac()
        .arg("--data")
        .arg(&out)
        .arg("validate")
        .assert()
        .success();
    assert!(stdout(&a).contains("3 universities"));

    let foreign = tmp.path().join("home");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("thesis.tex"), "precious").unwrap();
    let a = hoptac()
        .arg("generate")
        .arg("--force")
        .arg("--out")
        .arg(&foreign)
        .assert()
        .code(2);
    assert!(stderr(&a).contains("does not look like a hoptac dataset folder"));
    assert_eq!(
        fs::read_to_string(foreign.join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn stats_counts_match_the_tiny_fixture() {
    let tiny = crate::fixtures().join("tiny");
    let a = hoptac()
        .arg("--data")
        .arg(&tiny)
        .args(["stats", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let kind = |t: &str| {
        v["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == t)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(kind("researcher"), 7);
    assert_eq!(kind("coauthorship"), 4);
    // a1–b1 is the only co-authorship across universities.
    assert_eq!(kind("coauthorship_across_universities"), 1);
    assert_eq!(kind("related_fields"), 1);
    assert_eq!(kind("lab_serves_field"), 4);
    let ua = &v["universities"][0];
    assert_eq!(ua["researchers"], 3);
    assert_eq!(ua["professors"], 1);
    // (20 + 5 + 1) / 3
    assert_eq!(ua["mean_h_index"], 8.67);
    assert_eq!(ua["coauthorships_within"], 1);
    assert_eq!(ua["coauthorships_across"], 1);
    let water = &v["fields"][0];
    assert_eq!(water["researchers"], 3);
    // (0.9 + 0.4 + 0.7) / 3
    assert_eq!(water["mean_level"], 0.67);
    assert_eq!(water["strongest"], "ua");
}
