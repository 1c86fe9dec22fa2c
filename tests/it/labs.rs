//! `hoptac labs`: shared-lab opportunities, the access law, equipment search, joint proposals
//! and the uniquip interchange, end to end. The hand-computed numbers are derived in the unit
//! tests of `src/lab/mod.rs` (same fixture, `tests/fixtures/labs`).

use std::fs;

use serde_json::Value;

use crate::{fixtures, hoptac, stderr, stdout, Fixture};

/// A copy of `tests/fixtures/labs`, to be edited by one test.
fn labs_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    for e in fs::read_dir(fixtures().join("labs")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    Fixture { dir }
}

fn json(a: &assert_cmd::assert::Assert) -> Vec<Value> {
    let v: Value = serde_json::from_str(&stdout(a)).unwrap();
    v.as_array().unwrap().clone()
}

/// `(lab, beneficiary, field)` of each row.
fn triples(rows: &[Value]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|r| {
            (
                r["lab"].as_str().unwrap().to_string(),
                r["beneficiary"].as_str().unwrap().to_string(),
                r["field"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn t(l: &str, b: &str, f: &str) -> (String, String, String) {
    (l.into(), b.into(), f.into())
}

#[test]
fn json_has_the_documented_schema_best_first() {
    let a = hoptac()
        .args(["labs", "--format", "json"])
        .assert()
        .success();
    let rows = json(&a);
    assert!(
        rows.len() > 20,
        "the built-in dataset has many opportunities"
    );
    let mut last = f64::INFINITY;
    for (i, r) in rows.iter().enumerate() {
        for key in ["lab", "host", "beneficiary", "field", "access", "proximity"] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
        assert_eq!(r["rank"], i + 1);
        assert!(r["role"].is_null());
        assert_ne!(r["host"], r["beneficiary"]);
        let score = r["score"].as_f64().unwrap();
        assert!(score <= last, "sorted best first");
        last = score;
        let comps = r["components"].as_object().unwrap();
        let names: Vec<&str> = comps.keys().map(String::as_str).collect();
        let mut want = ["capacity", "demand", "distance", "equipment", "ties"];
        want.sort_unstable();
        assert_eq!(names, want);
        let sum: f64 = comps.values().map(|c| c.as_f64().unwrap()).sum();
        assert!((sum - score).abs() < 1e-3, "components add up to the score");
        for c in want {
            let d = &r["details"][c];
            let v = d["value"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&v), "{c} value {v}");
            assert!(!d["explain"].as_str().unwrap().is_empty());
        }
    }
}

#[test]
fn fixture_opportunities_match_the_hand_computed_order_and_score() {
    let a = labs_fixture().run(&["labs", "--format", "json"]).success();
    let rows = json(&a);
    assert_eq!(
        triples(&rows),
        [
            t("l1", "hb", "water"),
            t("l1", "hp", "water"),
            t("l4", "hp", "water"),
            t("l3", "xn", "ai"),
            t("l3", "hb", "water"),
            t("l3", "hb", "ai"),
            t("l3", "hp", "water"),
            t("l3", "xn", "water"),
        ]
    );
    // 0.30/6 + 0.20·60/140 + 0.20·1 + 0.15·0.0480304 + 0.15·0.9166667
    assert_eq!(rows[0]["score"], 0.4804);
    assert_eq!(rows[0]["proximity"], "same_city");
    assert_eq!(rows[0]["details"]["capacity"]["raw"], 60.0);
}

#[test]
fn university_gets_what_it_can_borrow_and_offer() {
    let a = labs_fixture()
        .run(&["labs", "--university", "ĐH Hà Bình", "--format", "json"])
        .success();
    let rows = json(&a);
    let role = |r: &str| -> Vec<Value> {
        rows.iter()
            .filter(|x| x["role"] == r)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        triples(&role("borrow")),
        [
            t("l1", "hb", "water"),
            t("l3", "hb", "water"),
            t("l3", "hb", "ai")
        ]
    );
    assert_eq!(triples(&role("offer")), [t("l4", "hp", "water")]);
    assert_eq!(role("offer")[0]["rank"], 1);
    // The text view has one table per role.
    let a = labs_fixture()
        .run(&["labs", "--university", "hb", "--top", "1"])
        .success();
    let out = stdout(&a);
    assert!(out.contains("Labs HB can borrow") && out.contains("Labs HB can offer"));
}

#[test]
fn internal_labs_are_never_offered_to_another_university() {
    // Built-in data: every internal lab stays home.
    let a = hoptac()
        .args(["labs", "--format", "json"])
        .assert()
        .success();
    let rows = json(&a);
    assert!(rows.iter().all(|r| r["access"] != "internal"));
    let internal: Vec<String> = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/g7/labs.csv"),
    )
    .unwrap()
    .lines()
    .filter(|l| l.contains(",internal,"))
    .map(|l| l.split(',').next().unwrap().to_string())
    .collect();
    assert!(!internal.is_empty());
    assert!(rows
        .iter()
        .all(|r| !internal.contains(&r["lab"].as_str().unwrap().to_string())));
    // Fixture: l2 is internal to ha while hb and xn have ai researchers and no ai lab.
    let a = labs_fixture()
        .run(&["labs", "--field", "ai", "--format", "json"])
        .success();
    assert!(json(&a).iter().all(|r| r["lab"] == "l3"));
}

#[test]
fn consortium_labs_go_only_to_members() {
    let rows = json(&labs_fixture().run(&["labs", "--format", "json"]).success());
    // xn is not a member: it gets the public l3 only; l6, a consortium lab at xn, goes nowhere.
    for r in &rows {
        if r["beneficiary"] == "xn" {
            assert_eq!(r["access"], "public", "{r}");
        }
        assert_ne!(r["lab"], "l6");
    }
    // Make hb leave the consortium: it loses l1 (consortium) but keeps l3 (public), and its
    // consortium lab l4 is no longer offered to hp.
    let f = labs_fixture().edit(
        "universities.csv",
        "hb,Trường Đại học Hà Bình,Ha Binh University,HB,Hà Nội,north,true",
        "hb,Trường Đại học Hà Bình,Ha Binh University,HB,Hà Nội,north,false",
    );
    let rows = json(&f.run(&["labs", "--format", "json"]).success());
    let trip = triples(&rows);
    assert!(!trip.contains(&t("l1", "hb", "water")));
    assert!(trip.contains(&t("l3", "hb", "water")));
    assert!(!rows.iter().any(|r| r["lab"] == "l4"));
}

#[test]
fn public_labs_go_to_non_members() {
    let rows = json(
        &labs_fixture()
            .run(&["labs", "--university", "xn", "--format", "json"])
            .success(),
    );
    assert_eq!(
        triples(&rows),
        [t("l3", "xn", "ai"), t("l3", "xn", "water")],
        "borrow only: xn's own consortium lab is offered to nobody"
    );
}

#[test]
fn equipment_search_ignores_case_and_diacritics() {
    let f = labs_fixture();
    let plain = stdout(
        &f.run(&["labs", "--equipment", "may quet", "--format", "csv"])
            .success(),
    );
    let marked = stdout(
        &f.run(&["labs", "--equipment", "MÁY QUÉT", "--format", "csv"])
            .success(),
    );
    assert_eq!(plain, marked);
    let labs: Vec<&str> = plain
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(labs, ["l1", "l5", "l6"]);
    assert!(
        plain.contains("Máy quét laser 3D mặt đất"),
        "printed as written"
    );
    let a = f
        .run(&["labs", "--equipment", "quét mặt đất", "--format", "json"])
        .success();
    let rows = json(&a);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["lab"], "l6");
    assert_eq!(rows[0]["matched"][0], "Máy quét laser 3D mặt đất");
    f.run(&["labs", "--equipment", "lidar"]).code(1);
    let a = f.run(&["labs", "--equipment", "..."]).code(2);
    assert!(stderr(&a).contains("--equipment \"...\": expected a word to search for"));
    // The built-in equipment is English.
    hoptac()
        .args(["labs", "--equipment", "gpu cluster"])
        .assert()
        .success();
}

#[test]
fn joint_proposals_on_the_fixture() {
    let f = labs_fixture();
    let rows = json(
        &f.run(&["labs", "--joint", "--field", "water", "--format", "json"])
            .success(),
    );
    assert_eq!(rows.len(), 1);
    let p = &rows[0];
    assert_eq!(p["locality"], "Hà Nội");
    assert_eq!(p["universities"], serde_json::json!(["ha", "hb"]));
    assert_eq!(
        (p["covered"].clone(), p["universe"].clone()),
        (4.into(), 7.into())
    );
    let labs: Vec<&str> = p["labs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lab"].as_str().unwrap())
        .collect();
    assert_eq!(labs, ["l1", "l4"]);
    f.run(&["labs", "--joint", "--field", "survey"]).code(1);
    let a = f
        .run(&["labs", "--joint", "--field", "survey", "--within", "region"])
        .success();
    assert!(stdout(&a).contains("north"));
    f.run(&["labs", "--joint", "--field", "ai"]).code(1);
    let a = f.run(&["labs", "--within", "region"]).code(2);
    assert!(stderr(&a).contains("--within only applies with --joint"));
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    let run = |n: &str| {
        hoptac()
            .env("RAYON_NUM_THREADS", n)
            .args(["labs", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn uniquip_round_trip_of_the_built_in_labs() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("g7.csv");
    let out = tmp.path().join("copy");
    // The administrators' export: the built-in policy shows free hours to the consortium only.
    let a = hoptac()
        .args(["--as", "admin", "labs", "--export-uniquip"])
        .arg(&file)
        .assert()
        .success();
    assert!(stdout(&a).contains("63 facility rows"), "{}", stdout(&a));
    let header = fs::read_to_string(&file).unwrap();
    assert!(header.starts_with("Type,Name,Description,Related Facility ID,Technique,"));
    hoptac()
        .args(["labs", "--import-uniquip"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/g7");
    assert_eq!(
        fs::read_to_string(out.join("labs.csv")).unwrap(),
        fs::read_to_string(root.join("labs.csv")).unwrap()
    );
    // The copy keeps the data-sharing rules, byte for byte, so every audience sees of it
    // exactly what it sees of the built-in dataset.
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/g7-policy");
    for f in ["policy.toml", "visibility.csv"] {
        assert_eq!(
            fs::read(out.join(f)).unwrap(),
            fs::read(rules.join(f)).unwrap(),
            "{f}"
        );
    }
    for audience in ["admin", "public", "consortium", "hust"] {
        let before = hoptac()
            .args(["--as", audience, "labs", "--format", "json"])
            .assert()
            .success();
        let after = hoptac()
            .arg("--data")
            .arg(&out)
            .args(["--as", audience, "labs", "--format", "json"])
            .assert()
            .success();
        assert_eq!(stdout(&before), stdout(&after), "{audience}");
    }
    // Free hours are consortium-only under the built-in policy: not in the copy's public view.
    let public = hoptac()
        .arg("--data")
        .arg(&out)
        .args(["labs", "--format", "json"])
        .assert()
        .success();
    let admin = hoptac()
        .arg("--data")
        .arg(&out)
        .args(["--as", "admin", "labs", "--format", "json"])
        .assert()
        .success();
    assert_ne!(stdout(&public), stdout(&admin));
}

#[test]
fn uniquip_import_merges_a_register_into_a_copy() {
    let f = labs_fixture();
    let reg = f.file("register.csv");
    fs::write(
        &reg,
        "Type,ID,Name,Technique,Related Facility ID,Access,Capacity Hours\n\
         facility,hb-new,Phòng Mô hình Sông,water,,consortium,90\n\
         equipment,E1,Máng thủy lực nghiêng,,hb-new,,\n\
         facility,l4,Phòng Thủy văn,water,,public,20\n",
    )
    .unwrap();
    let out = f.path().join("merged");
    let a = hoptac()
        .arg("--data")
        .arg(f.path())
        .args(["labs", "--university", "hb", "--import-uniquip"])
        .arg(&reg)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(
        stdout(&a).contains("(1 replaced, 1 added)"),
        "{}",
        stdout(&a)
    );
    let labs = fs::read_to_string(out.join("labs.csv")).unwrap();
    assert!(labs.contains("hb-new,Phòng Mô hình Sông,hb,water,Máng thủy lực nghiêng,consortium,90"));
    // l4 was replaced in place: now public, without equipment.
    assert!(
        labs.contains("l4,Phòng Thủy văn,hb,water,,public,20"),
        "{labs}"
    );
    let a = hoptac()
        .arg("--data")
        .arg(&out)
        .args(["labs", "--equipment", "mang thuy luc"])
        .assert()
        .success();
    assert!(stdout(&a).contains("hb-new"));
    // The source folder is untouched.
    assert!(!fs::read_to_string(f.file("labs.csv"))
        .unwrap()
        .contains("hb-new"));
}

#[test]
fn uniquip_import_errors_name_file_line_and_column_and_write_nothing() {
    let f = labs_fixture();
    let reg = f.file("bad.csv");
    fs::write(
        &reg,
        "Type,ID,Name,Institution Name,Technique\n\
         facility,F1,Lab one,ha,water\n\
         facility,F2,Lab two,ha,astrology\n",
    )
    .unwrap();
    let out = f.path().join("never");
    let a = hoptac()
        .arg("--data")
        .arg(f.path())
        .args(["labs", "--import-uniquip"])
        .arg(&reg)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains("bad.csv:3:5: column `technique`: unknown field \"astrology\""),
        "{err}"
    );
    assert!(
        !out.exists(),
        "nothing is written when the file has problems"
    );
    // --out is required with --import-uniquip.
    hoptac()
        .args(["labs", "--import-uniquip", "x.csv"])
        .assert()
        .code(2);
}

#[test]
fn bad_lab_weights_in_a_profile_are_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p.toml");
    fs::write(&p, "[labs]\ndistance = -1\n").unwrap();
    let a = hoptac()
        .args(["labs", "--profile"])
        .arg(&p)
        .assert()
        .code(2);
    assert!(stderr(&a).contains("labs.distance = -1"), "{}", stderr(&a));
    // Only distance counts: every same-city opportunity comes before any other.
    fs::write(
        &p,
        "[labs]\ndemand = 0\ncapacity = 0\ndistance = 1\nties = 0\nequipment = 0\n",
    )
    .unwrap();
    let a = hoptac()
        .args(["labs", "--format", "json", "--profile"])
        .arg(&p)
        .assert()
        .success();
    let d: Vec<String> = json(&a)
        .iter()
        .map(|r| r["proximity"].as_str().unwrap().to_string())
        .collect();
    let first_other = d.iter().position(|x| x != "same_city").unwrap();
    assert!(d[first_other..].iter().all(|x| x != "same_city"));
}

mod properties {
    use proptest::prelude::*;

    use hoptac::generate::{generate, GenConfig};
    use hoptac::graph::Graph;
    use hoptac::lab::{self, LabQuery, LabWeights, Proximity};
    use hoptac::model::*;

    /// A small generated consortium in which the universities set in `outsiders` (bit i =
    /// university i) are not consortium members.
    fn consortium(seed: u64, outsiders: u8) -> Graph {
        let mut ds = generate(&GenConfig {
            universities: 6,
            researchers_per_university: 20,
            seed,
            coauthorships_per_researcher: 3.0,
        })
        .unwrap();
        for (i, u) in ds.universities.iter_mut().enumerate() {
            u.consortium = outsiders & (1 << i) == 0;
        }
        Graph::build(ds)
    }

    /// The numbers of one opportunity: lab, beneficiary, field, rank, score, (raw, value) each.
    type LabNumbers = (LabIdx, UniIdx, FieldIdx, usize, f64, Vec<(f64, f64)>);

    /// Every number of every opportunity, for comparing runs.
    fn numbers(g: &Graph) -> Vec<LabNumbers> {
        lab::opportunities(g, &LabQuery::default(), &LabWeights::default())
            .into_iter()
            .map(|o| {
                let c = o.components.iter().map(|c| (c.raw, c.value)).collect();
                (o.lab, o.beneficiary, o.field, o.rank, o.score, c)
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn every_opportunity_obeys_the_access_law(seed in 0u64..1000, outsiders in 0u8..64) {
            let g = consortium(seed, outsiders);
            let ds = g.data();
            let w = LabWeights::default();
            let all = lab::opportunities(&g, &LabQuery::default(), &w);
            for (i, o) in all.iter().enumerate() {
                let l = ds.lab(o.lab);
                prop_assert_ne!(l.access, Access::Internal);
                if l.access == Access::Consortium {
                    prop_assert!(ds.university(o.host).consortium && ds.university(o.beneficiary).consortium);
                }
                prop_assert!(l.usable_by(ds, o.beneficiary));
                prop_assert_ne!(o.host, o.beneficiary);
                prop_assert!(g.strength(o.beneficiary, o.field).researchers > 0);
                prop_assert_eq!(o.rank, i + 1);
                for c in &o.components {
                    prop_assert!((0.0..=1.0).contains(&c.value), "{} = {}", c.name, c.value);
                }
                let sum: f64 = o.components.iter().map(|c| c.contribution).sum();
                prop_assert!((sum - o.score).abs() < 1e-9);
                if i > 0 {
                    let p = &all[i - 1];
                    prop_assert!(p.score > o.score
                        || (p.score == o.score && (p.lab, p.beneficiary, p.field) < (o.lab, o.beneficiary, o.field)));
                }
            }
            for f in ds.field_ids() {
                for within in [Proximity::City, Proximity::Region] {
                    for p in lab::joint_proposals(&g, f, within) {
                        prop_assert!(p.universities.len() >= 2 && p.covered > p.best_single);
                        for m in &p.members {
                            for &u in &p.universities {
                                prop_assert!(ds.lab(m.lab).usable_by(ds, u));
                            }
                        }
                    }
                }
                let team: Vec<UniIdx> = ds.university_ids().filter(|u| u.0 % 2 == (seed % 2) as u32).collect();
                for t in lab::labs_for_team(&g, &team, f, 100) {
                    for &u in &team {
                        prop_assert!(ds.lab(t.lab).usable_by(ds, u));
                    }
                }
            }
        }

        #[test]
        fn renaming_ids_never_changes_lab_scores(seed in 0u64..1000) {
            let g = consortium(seed, 0b100);
            let mut ds = g.data().clone();
            for u in &mut ds.universities { u.id = format!("u-{}", u.id.chars().rev().collect::<String>()); }
            for f in &mut ds.fields { f.id = f.id.to_uppercase(); }
            for l in &mut ds.labs { l.id = format!("L/{}", l.id); }
            ds.reindex();
            prop_assert_eq!(numbers(&g), numbers(&Graph::build(ds)));
        }
    }
}

#[test]
fn equipment_search_in_vietnamese_finds_the_built_in_labs() {
    // The README's example: the generator names items in Vietnamese and English.
    let a = hoptac()
        .args(["labs", "--equipment", "may quet", "--format", "csv"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains("Máy quét laser 3D mặt đất / Terrestrial laser scanner"),
        "{out}"
    );
    assert!(
        out.contains("Máy quét 3D ánh sáng cấu trúc / Structured-light 3D scanner"),
        "{out}"
    );
    // English still works.
    hoptac()
        .args(["labs", "--equipment", "terrestrial laser scanner"])
        .assert()
        .success();
}
