//! `hoptac evaluate`: the JSON schema, a tiny case worked out by hand, the training-data check,
//! determinism, and runs on the real samples (skipped when `../shared` is absent).

use std::path::PathBuf;

use crate::{hoptac, stderr, stdout, Fixture};

const METHODS: [&str; 7] = [
    "hoptac",
    "random",
    "preferential_attachment",
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "adamic_adar_decayed",
];

fn real() -> Option<PathBuf> {
    crate::real_samples()
}

fn json(a: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_str(&stdout(a)).unwrap()
}

/// Every method with every metric and its sd in [0, 1], in both candidate sets when present.
fn check_schema(v: &serde_json::Value) {
    check_scope(v);
    if !v["cross_institution"].is_null() {
        check_scope(&v["cross_institution"]);
        assert_eq!(v["cross_institution"]["candidates"], "other institution");
    }
}

fn check_scope(v: &serde_json::Value) {
    let methods = v["methods"].as_array().unwrap();
    assert_eq!(
        methods
            .iter()
            .map(|m| m["method"].as_str().unwrap())
            .collect::<Vec<_>>(),
        METHODS
    );
    for m in methods {
        for k in ["precision_at_k", "recall_at_k", "ndcg_at_k", "map", "auc"] {
            let x = m[k].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&x), "{k} = {x}");
            let sd = m["sd"][k].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&sd), "sd {k} = {sd}");
            if m["method"] != "random" {
                assert_eq!(sd, 0.0, "{} is deterministic", m["method"]);
            }
        }
    }
    assert_eq!(v["versus"].as_array().unwrap().len(), METHODS.len() - 1);
}

fn method<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == name)
        .unwrap()
}

/// The tiny fixture plus a2–c1 (2023). Split at 2020: learned a1–a2 (2019) and c1–c2 (2018),
/// so a1, a2, c1, c2 are present; a1–b1 (2021) is new but b1 was not present, b1–b2 neither;
/// the one positive is a2–c1, queries a2 (candidates c1, c2) and c1 (candidates a1, a2).
/// No structural baseline scores anything (a1 is a2's only neighbour and has no other), but the
/// engine does, with the default profile (year₀ 2020, no path of two or three steps, each
/// researcher one co-author active in 2020: activity 1 / (1 + 2) = ⅓, closeness 0.15 · ⅓ =
/// 0.05): a2 and c1 share ai (shared 0.02 · 0.8 · 0.5 = 0.008, seniority 0.005 · 0.916218,
/// capacity 0.01 · 0.5 → 0.067581) while a1 and c2 share no field with the query (c1–a1:
/// 0.05 + 0.005 · 0.718955 + 0.01 · ⅔ = 0.060262; a2–c2: 0.05 + 0.005 · 0.478234 +
/// 0.01 · ⅓ = 0.055724). So the engine ranks the positive first for both queries: every metric 1.
fn tiny_with_a_new_link() -> Fixture {
    Fixture::tiny().edit(
        "coauthorships.csv",
        "c1,c2,4,2018,2025",
        "c1,c2,4,2018,2025\na2,c1,1,2023,2023",
    )
}

#[test]
fn tiny_split_by_hand() {
    let f = tiny_with_a_new_link();
    let v = json(
        &f.run(&[
            "evaluate",
            "--split-year",
            "2020",
            "--k",
            "1",
            "--format",
            "json",
        ])
        .success(),
    );
    check_schema(&v);
    assert_eq!(v["present"], 4);
    assert_eq!(v["positives"], 1);
    assert_eq!(
        (v["queries"].as_u64(), v["queries_available"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(v["test_years"], serde_json::json!([2023, 2023]));
    assert_eq!(v["mean_candidates"], 2.0);
    assert_eq!(v["leaky"], true);
    let h = method(&v, "hoptac");
    for k in ["precision_at_k", "recall_at_k", "ndcg_at_k", "map", "auc"] {
        assert_eq!(h[k], 1.0, "{k}");
    }
    // Every candidate ties for Adamic–Adar: AUC ½ for both queries, and the expected nDCG@1 of
    // a tie of two holding the positive is ½.
    assert_eq!(method(&v, "adamic_adar")["auc"], 0.5);
    assert_eq!(method(&v, "adamic_adar")["ndcg_at_k"], 0.5);
    assert_eq!(method(&v, "adamic_adar_decayed")["ndcg_at_k"], 0.5);
    assert_eq!(v["random_seeds"], 5);
    assert_eq!(v["decay_half_life_years"], 4.0);
    // Every candidate is at another university (a2 at ua: c1, c2 at uc; c1: a1, a2 at ua), so
    // the other-institution set is the same.
    let x = &v["cross_institution"];
    assert_eq!(
        (x["queries"].as_u64(), x["positives"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(x["methods"], v["methods"]);
}

#[test]
fn table_names_the_split_and_the_leak() {
    let f = tiny_with_a_new_link();
    let out = stdout(&f.run(&["evaluate", "--split-year", "2020"]).success());
    assert!(
        out.contains("researcher level, learned up to 2020, tested on 2023–2023"),
        "{out}"
    );
    assert!(
        out.contains("precision@10") && out.contains("adamic_adar"),
        "{out}"
    );
    assert!(out.contains("they leak the future"), "{out}");
}

#[test]
fn nothing_to_evaluate_exits_1_and_bad_arguments_exit_2() {
    let f = tiny_with_a_new_link();
    let a = f.run(&["evaluate", "--split-year", "2030"]).code(1);
    assert!(stderr(&a).contains("nothing to evaluate"), "{}", stderr(&a));
    f.run(&["evaluate", "--split-year", "2020", "--k", "0"])
        .code(2);
    // A training dataset with co-authorships after the split is refused.
    let a = hoptac()
        .arg("--data")
        .arg(f.path())
        .args(["evaluate", "--split-year", "2020", "--train"])
        .arg(f.path())
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("import it with --until 2020"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn real_openalex_sample_at_both_levels_with_a_training_import() {
    let Some(r) = real() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let csv = r.join("biblium-samples/openalex_dataset.csv");
    let (full, train) = (tmp.path().join("full"), tmp.path().join("train"));
    for (out, until) in [(&full, None), (&train, Some("2008"))] {
        let mut c = hoptac();
        c.args(["import", "openalex"])
            .arg(&csv)
            .arg("--out")
            .arg(out);
        if let Some(y) = until {
            c.args(["--until", y]);
        }
        c.assert().success();
    }
    let run = |level: &str, threads: &str| {
        let a = hoptac()
            .env("RAYON_NUM_THREADS", threads)
            .arg("--data")
            .arg(&full)
            .args([
                "evaluate",
                "--split-year",
                "2008",
                "--level",
                level,
                "--format",
                "json",
            ])
            .arg("--train")
            .arg(&train)
            .assert()
            .success();
        json(&a)
    };
    let v = run("researcher", "1");
    check_schema(&v);
    assert_eq!(v["leaky"], false);
    // python over the CSV (author ids, years): 362 authors with a co-authorship up to 2008, 41
    // new pairs among them after 2008, touching 33 authors
    assert_eq!(
        (
            v["present"].as_u64(),
            v["positives"].as_u64(),
            v["queries"].as_u64()
        ),
        (Some(362), Some(41), Some(33))
    );
    assert_eq!(
        v,
        run("researcher", "2"),
        "same output for any thread count"
    );
    // Random is near ½ AUC; the common-neighbour family finds more than random at the top.
    let rnd = method(&v, "random");
    assert!((rnd["auc"].as_f64().unwrap() - 0.5).abs() < 0.15, "{rnd}");
    assert!(method(&v, "adamic_adar")["ndcg_at_k"].as_f64() > rnd["ndcg_at_k"].as_f64());
    let v = run("institution", "2");
    check_schema(&v);
    assert!(v["queries"].as_u64().unwrap() > 0);
}

#[test]
fn real_compsoc_sample_split_inside_evaluate() {
    let Some(r) = real() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sns");
    hoptac()
        .args(["import", "compsoc"])
        .arg(r.join("compsoc-sns"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let a = hoptac()
        .arg("--data")
        .arg(&out)
        .args([
            "evaluate",
            "--split-year",
            "2005",
            "--max-queries",
            "40",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v = json(&a);
    check_schema(&v);
    assert_eq!(v["queries"], 40);
    assert_eq!(v["leaky"], true);
    // python over the tables: 13,835 authors with a paper up to 2005 but only co-authors count
    // as present here; 929 authors have a new co-author after 2005 among the present ones
    assert!(
        v["queries_available"].as_u64().unwrap() > 800,
        "{}",
        v["queries_available"]
    );
}

/// The tiny fixture has no new link before 2020 among researchers present three or more years
/// earlier: nothing to fit on is exit 1 (the evaluation itself would succeed); a zero gap is a
/// bad argument, exit 2.
#[test]
fn fit_without_an_inner_history_exits_1_and_a_zero_gap_exits_2() {
    let f = tiny_with_a_new_link();
    let a = f
        .run(&["evaluate", "--split-year", "2020", "--fit"])
        .code(1);
    assert!(stderr(&a).contains("nothing to fit on"), "{}", stderr(&a));
    let a = f
        .run(&[
            "evaluate",
            "--split-year",
            "2020",
            "--fit",
            "--fit-years",
            "0",
        ])
        .code(2);
    assert!(stderr(&a).contains("--fit-years 0"), "{}", stderr(&a));
}

/// On the OpenAlex sample (institution level, split 2012, learned from the --until 2012
/// import): the fit writes a profile that `--profile` reads back, and the engine with that
/// profile scores exactly what the fit run reported as `hoptac_fitted`; the same for any
/// thread count.
#[test]
fn real_openalex_fit_writes_a_profile_that_scores_as_reported() {
    let Some(r) = real() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let csv = r.join("biblium-samples/openalex_dataset.csv");
    let (full, train) = (tmp.path().join("full"), tmp.path().join("train"));
    for (out, until) in [(&full, None), (&train, Some("2012"))] {
        let mut c = hoptac();
        c.args(["import", "openalex"])
            .arg(&csv)
            .arg("--out")
            .arg(out);
        if let Some(y) = until {
            c.args(["--until", y]);
        }
        c.assert().success();
    }
    let fitted = tmp.path().join("fitted.toml");
    let run = |threads: &str, extra: &[&std::ffi::OsStr]| {
        let a = hoptac()
            .env("RAYON_NUM_THREADS", threads)
            .arg("--data")
            .arg(&full)
            .args([
                "evaluate",
                "--split-year",
                "2012",
                "--level",
                "institution",
                "--format",
                "json",
            ])
            .arg("--train")
            .arg(&train)
            .args(extra)
            .assert()
            .success();
        json(&a)
    };
    let v = run("1", &["--fit-out".as_ref(), fitted.as_os_str()]);
    let fit = &v["fit"];
    assert!(fit["queries"].as_u64().unwrap() >= 10, "{fit}");
    let years = fit["inner_split_years"].as_array().unwrap();
    assert!(!years.is_empty() && years.iter().all(|y| y.as_u64().unwrap() <= 2009));
    let text = std::fs::read_to_string(&fitted).unwrap();
    assert!(text.starts_with("# hoptac profile fitted"), "{text}");
    assert_eq!(v, run("2", &["--fit".as_ref()]), "any thread count");
    let again = run("2", &["--profile".as_ref(), fitted.as_os_str()]);
    assert_eq!(
        method(&again, "hoptac")["ndcg_at_k"],
        v["fitted"]["ndcg_at_k"]
    );
    assert_eq!(method(&again, "hoptac")["map"], v["fitted"]["map"]);
}
