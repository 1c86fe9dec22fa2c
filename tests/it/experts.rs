//! `hoptac experts` (free-text problems → researchers, explained), the held-out queries of
//! `import --until Y --held-out FILE` and `experts --evaluate`, and `teams --problem`.
//!
//! Data: `examples/export.csv`, five Scopus records by six authors (ids 57200000001–6):
//! 2019 flood forecasting (1, 2, 6), 2020 Mekong hydrology (1, 3), 2021 smart-grid load
//! forecasting (2, 4, 3), 2022 bridge health monitoring (5, 4), 2023 concrete river dykes
//! (1, 5, 2).

use std::fs;
use std::path::{Path, PathBuf};

use super::{hoptac, stderr, stdout};

fn export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/export.csv")
}

fn import(dir: &Path, extra: &[&str]) {
    hoptac()
        .args(["import", "scopus"])
        .arg(export())
        .arg("--out")
        .arg(dir)
        .args(extra)
        .assert()
        .success();
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut out = vec![header];
    for rec in r.records() {
        out.push(rec.unwrap().iter().map(String::from).collect());
    }
    out
}

#[test]
fn a_vietnamese_problem_finds_the_authors_of_english_work_one_row_per_query_and_rank() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("all");
    import(&data, &[]);
    let q = tmp.path().join("q.csv");
    // q1: Vietnamese, with diacritics; q2: Vietnamese without diacritics. Both are only
    // written in English in the export: the glossary and the folding must bridge them.
    fs::write(
        &q,
        "id,text\nq1,Giám sát sức khỏe kết cấu cầu bằng cảm biến rung\nq2,du bao lu song Hong\n",
    )
    .unwrap();
    let a = hoptac()
        .arg("--data")
        .arg(&data)
        .args(["experts", "--queries"])
        .arg(&q)
        .args(["--top", "2", "--format", "csv"])
        .assert()
        .success();
    let t = rows(&stdout(&a));
    assert_eq!(
        t[0],
        [
            "query",
            "rank",
            "researcher",
            "name",
            "university",
            "score",
            "text",
            "fields",
            "near",
            "explanation"
        ]
    );
    assert_eq!(t.len(), 5, "two rows per query");
    let got: Vec<(&str, &str)> = t[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(got, [("q1", "1"), ("q1", "2"), ("q2", "1"), ("q2", "2")]);
    // q1: the two authors of the 2022 bridge-monitoring paper, explained by its keywords.
    let mut q1: Vec<&str> = t[1..3].iter().map(|r| r[2].as_str()).collect();
    q1.sort();
    assert_eq!(q1, ["scopus:57200000004", "scopus:57200000005"]);
    assert!(
        t[1][9].contains("\"Structural health monitoring\" (2022;"),
        "{}",
        t[1][9]
    );
    // q2 (flood forecasting, Red River): authors of the 2019 paper.
    for r in &t[3..5] {
        assert!(
            [
                "scopus:57200000001",
                "scopus:57200000002",
                "scopus:57200000006"
            ]
            .contains(&r[2].as_str()),
            "{r:?}"
        );
        assert!(r[9].contains("Flood forecasting"), "{}", r[9]);
    }
}

#[test]
fn nothing_found_exits_1_and_bad_input_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("all");
    import(&data, &[]);
    let a = hoptac()
        .arg("--data")
        .arg(&data)
        .args(["experts", "--text", "zzyzx qwxq"])
        .assert()
        .code(1);
    assert!(stdout(&a).contains("(no rows)"));
    hoptac().args(["experts"]).assert().code(2);
    let a = hoptac()
        .args(["experts", "--text", "flood", "--top", "0"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--top 0: expected from 1 to 1000 experts"));
    let q = tmp.path().join("where.csv");
    fs::write(&q, "id,text,province\nq1,flood,Hà Nội\nq2,flood,Atlantis\n").unwrap();
    let a = hoptac()
        .args(["experts", "--queries"])
        .arg(&q)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("where.csv:3: province \"Atlantis\": expected one of the 63 provinces"),
        "{}",
        stderr(&a)
    );
    let q = tmp.path().join("bad.csv");
    fs::write(&q, "id,text\nq1,flood\nq1,drought\n").unwrap();
    let a = hoptac()
        .args(["experts", "--queries"])
        .arg(&q)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("bad.csv:3:1: column `id`: duplicate id \"q1\" (first on line 2)"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn held_out_works_become_queries_and_evaluate_compares_three_methods() {
    let tmp = tempfile::tempdir().unwrap();
    let train = tmp.path().join("until-2021");
    let held = tmp.path().join("held.csv");
    let a = hoptac()
        .args(["import", "scopus"])
        .arg(export())
        .arg("--out")
        .arg(&train)
        .args(["--until", "2021", "--held-out"])
        .arg(&held)
        .assert()
        .success();
    assert!(
        stdout(&a).contains("held out: 2 queries written"),
        "{}",
        stdout(&a)
    );
    // 2022: authors 5 (new) and 4 (present); 2023: 1, 5, 2 — 1 and 2 present.
    assert_eq!(
        fs::read_to_string(&held).unwrap(),
        "id,year,text,relevant\n\
         w1,2022,Bridge health monitoring with vibration sensors. Bridge; Structural health monitoring; Vibration analysis,scopus:57200000004\n\
         w2,2023,Concrete durability of river dykes. Concrete; Dyke; Durability,scopus:57200000001;scopus:57200000002\n"
    );
    let a = hoptac()
        .arg("--data")
        .arg(&train)
        .args([
            "experts",
            "--evaluate",
            "--k",
            "2",
            "--format",
            "csv",
            "--queries",
        ])
        .arg(&held)
        .assert()
        .success();
    let t = rows(&stdout(&a));
    assert_eq!(
        t[0],
        [
            "method",
            "problems",
            "p_at_2",
            "recall_at_2",
            "ndcg_at_2",
            "mrr",
            "ndcg_diff",
            "ndcg_diff_se"
        ]
    );
    let methods: Vec<&str> = t[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(methods, ["hoptac", "fields only", "plain BM25"]);
    assert!(t[1..].iter().all(|r| r[1] == "2"));
    // --held-out without --until is refused by the command line.
    hoptac()
        .args(["import", "scopus"])
        .arg(export())
        .arg("--out")
        .arg(tmp.path().join("x"))
        .arg("--held-out")
        .arg(tmp.path().join("h.csv"))
        .assert()
        .code(2);
}

#[test]
fn teams_for_a_problem_read_its_fields_and_prefer_its_province() {
    let a = hoptac()
        .args([
            "teams",
            "--problem",
            "Xây dựng hệ thống cảnh báo sớm lũ quét cho các tỉnh miền núi phía Bắc",
            "--province",
            "Lào Cai",
            "--top",
            "1",
        ])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(out.contains("problem read as --fields water:0.60"), "{out}");
    assert!(out.contains("near Lào Cai weight 0.1"), "{out}");
    let a = hoptac()
        .args(["teams", "--problem", "flood", "--province", "Atlantis"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("province \"Atlantis\": expected one of the 63 provinces"));
    let a = hoptac()
        .args(["teams", "--problem", "zzyzx qwxq"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("no priority field recognised"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_ministrys_task_list_gets_one_team_per_task() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = tmp.path().join("tasks.csv");
    fs::write(
        &tasks,
        "id,problem,province\n\
         lu-quet,Cảnh báo sớm lũ quét và sạt lở đất,Lào Cai\n\
         metro,Predictive maintenance for metro rolling stock,TP. Hồ Chí Minh\n",
    )
    .unwrap();
    let a = hoptac()
        .args(["teams", "--format", "json", "--calls"])
        .arg(&tasks)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let text = v.to_string();
    assert!(
        text.contains("\"lu-quet\"") && text.contains("\"metro\""),
        "{text}"
    );
    assert!(text.contains("\"read_fields\""), "{text}");
}
