//! `hoptac report --tasks FILE`: a ministry's list of tasks in the report — one team per task,
//! the very teams `hoptac teams --calls FILE` assigns; the shapes of file it reads (the batch
//! CSV with a `problem` column, the problem list `id,text,province` of `experts --queries`);
//! bad rows reported at their file, line and column with nothing written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{fixtures, hoptac, stderr, stdout};

/// Writes the report of `data` with `--tasks tasks` into a new folder; `args` are extra.
fn report_with(data: &Path, tasks: &Path, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let a = hoptac()
        .arg("--data")
        .arg(data)
        .arg("report")
        .arg("--out")
        .arg(&out)
        .arg("--tasks")
        .arg(tasks)
        .args(args)
        .assert()
        .success();
    assert!(stdout(&a).starts_with("wrote "), "{}", stdout(&a));
    (tmp, out)
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Four tasks on the tiny fixture whose teams follow by hand (see the test below).
const TINY_TASKS: &str = "id,text,province,fields,size
t1,flood,TP. Hồ Chí Minh,,2
t2,flood,,,2
t3,flood,Đà Nẵng,,2
t4,,,ai:0.6,
";

#[test]
fn tasks_of_the_tiny_fixture_by_hand() {
    // By hand. "flood" is read as water (keywords.csv), level 0.2 + 0.4 · 1 = 0.6: only a1 (ua,
    // 0.9, max_teams 2) and b1 (ub, 0.7, max_teams 2) reach it, so a team of two is {a1, b1}:
    // expertise 0.9, cohesion 1 (co-authors: MST 1, (3 − 1)/2), diversity 1 (2 universities,
    // 2 regions). Without terms.csv the topic weight is 0; a province adds nearness with
    // weight 0.1, and the weights then sum to 1.1, which divides the score:
    //   t2 (no province): 0.5·0.9 + 0.3 + 0.2                     = 0.95
    //   t3 (Đà Nẵng: ub same city 1, ua other region 0.2; mean 0.6): (0.95 + 0.06)/1.1 = 0.9182
    //   t1 (TP. Hồ Chí Minh: both other region 0.2):               (0.95 + 0.02)/1.1 = 0.8818
    // t1, t2, t3 each have this one team, so the one with most to lose (its whole score)
    // chooses first: t2, t3, then t1 finds a1 and b1 at their max_teams: unfilled (capacity),
    // although it is first in the file. t4 names its field: ai ≥ 0.6 is a2 (ua), b2 (ub) and
    // c1 (uc, 1.0), no two of whom are within two co-authorship steps: expertise 1, cohesion
    // (3·2 − 6)/4 = 0, diversity 1: 0.5 + 0 + 0.2 = 0.7.
    let dir = tempfile::tempdir().unwrap();
    let tasks = dir.path().join("tasks.csv");
    fs::write(&tasks, TINY_TASKS).unwrap();
    let tiny = fixtures().join("tiny");
    let (_tmp, out) = report_with(&tiny, &tasks, &["--format", "csv,json,md", "--lang", "en"]);
    let rows = csv_rows(&out.join("csv/tasks.csv"));
    let get = |i: usize, k: &str| rows[i][k].as_str();
    let ids: Vec<&str> = (0..rows.len()).map(|i| get(i, "task")).collect();
    assert_eq!(ids, ["t1", "t2", "t3", "t4"], "file order");
    let status: Vec<&str> = (0..4).map(|i| get(i, "status")).collect();
    assert_eq!(status, ["unfilled", "filled", "filled", "filled"]);
    assert!(
        get(0, "reason").starts_with("the call can be filled alone, but"),
        "{}",
        get(0, "reason")
    );
    assert_eq!(
        (get(1, "score"), get(2, "score"), get(3, "score")),
        ("0.9500", "0.9182", "0.7000")
    );
    assert_eq!(
        (get(1, "members"), get(2, "members"), get(3, "members")),
        ("a1;b1", "a1;b1", "a2;b2;c1")
    );
    assert_eq!(get(3, "universities"), "ua;ub;uc");
    // The fields: read from the problem, or given by the task.
    assert_eq!(
        (get(0, "fields"), get(0, "fields_from")),
        ("water:0.60", "problem")
    );
    assert_eq!(
        (get(3, "fields"), get(3, "fields_from")),
        ("ai:0.60", "call")
    );
    assert_eq!(
        (
            get(2, "province"),
            get(2, "near_weight"),
            get(1, "near_weight")
        ),
        ("Đà Nẵng", "0.1000", "0.0000")
    );
    // t3's contributions: 0.45, 0.3, 0.2 and 0.06, each divided by 1.1; they sum to the score.
    assert_eq!(
        ["expertise", "cohesion", "diversity", "preferences", "near"].map(|k| get(2, k)),
        ["0.4091", "0.2727", "0.1818", "0.0545", "0.6000"]
    );
    let members = csv_rows(&out.join("csv/task_members.csv"));
    let t3: Vec<(&str, &str)> = members
        .iter()
        .filter(|m| m["task"] == "t3")
        .map(|m| (m["researcher"].as_str(), m["near"].as_str()))
        .collect();
    assert_eq!(t3, [("a1", "0.2000"), ("b1", "1.0000")]);
    assert_eq!(members.len(), 2 + 2 + 3, "no rows for the unfilled task");

    // The page says the same, in words.
    let page = fs::read_to_string(out.join("tasks.md")).unwrap();
    for want in [
        "## Task t1",
        "**Problem:** flood",
        "**Fields read from the text:** [Water resources](field-water.md) (water ≥ 0.60)",
        "**Province:** Đà Nẵng — universities nearer to it are preferred, weight 0.10",
        "**No team can be formed.** the task has a team on its own, but the people it needs already sit in other tasks' teams",
        "**Team t3: score 0.9182 (expertise 0.41, cohesion 0.27, diversity 0.18, preferences 0.05)**",
        "mean topic match 0.00; mean nearness to Đà Nẵng 0.60",
        "link: a1 – b1 (2 papers, 2021–2024)",
        "**Required fields:** [Artificial intelligence](field-ai.md) (ai ≥ 0.60)",
        "| Total score against the reference (each task's best team on its own) | 2.5682 / 3.4500 (74.4%) |",
    ] {
        assert!(page.contains(want), "{want:?} not on the page:\n{page}");
    }
    let index = fs::read_to_string(out.join("index.md")).unwrap();
    assert!(
        index.contains("](tasks.md): 4 tasks from tasks.csv · Tasks with a team: 3"),
        "{index}"
    );
    // Vietnamese labels on the Vietnamese page.
    let (_vi, out) = report_with(&tiny, &tasks, &["--format", "md", "--lang", "vi"]);
    let page = fs::read_to_string(out.join("tasks.md")).unwrap();
    assert!(
        page.contains("## Nhiệm vụ t1") && page.contains("**Nội dung:** flood"),
        "{page}"
    );
    assert!(
        page.contains("(water ≥ 0,60)") && page.contains("| Miền Trung | PGS |"),
        "{page}"
    );
    assert!(page.contains("nhóm của các nhiệm vụ khác"), "{page}");
}

/// `teams --calls FILE --format json` as (call → (status, members, score)).
fn batch_of(data: &Path, tasks: &Path) -> BTreeMap<String, (String, String, String)> {
    let o = hoptac()
        .arg("--data")
        .arg(data)
        .args(["teams", "--format", "json", "--calls"])
        .arg(tasks)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let members: Vec<&str> = c["members"]
                .as_array()
                .map(|m| {
                    m.iter()
                        .map(|x| x["researcher"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            let score = c["score"]
                .as_f64()
                .map_or(String::new(), |s| format!("{s:.4}"));
            (
                c["call"].as_str().unwrap().to_string(),
                (
                    c["status"].as_str().unwrap().to_string(),
                    members.join(";"),
                    score,
                ),
            )
        })
        .collect()
}

/// The report's `tasks.json` as (task → (status, members, score)).
fn report_tasks(out: &Path) -> BTreeMap<String, (String, String, String)> {
    let v: Value = serde_json::from_slice(&fs::read(out.join("json/tasks.json")).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let score = match &t["score"] {
                Value::Number(n) => format!("{:.4}", n.as_f64().unwrap()),
                _ => String::new(),
            };
            (
                t["task"].as_str().unwrap().to_string(),
                (
                    t["status"].as_str().unwrap().to_string(),
                    t["members"].as_str().unwrap().to_string(),
                    score,
                ),
            )
        })
        .collect()
}

#[test]
fn the_reports_tasks_are_the_teams_of_teams_calls() {
    // Synthetic data with term profiles, so that the topic preference is on; more tasks than
    // the consortium can staff well, so that capacity decides some of them.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    hoptac()
        .args([
            "generate",
            "--universities",
            "5",
            "--researchers-per-university",
            "30",
        ])
        .args(["--seed", "7", "--terms", "--out"])
        .arg(&data)
        .assert()
        .success();
    let tasks = tmp.path().join("tasks.csv");
    let mut text = String::from("id,text,province\n");
    let problems = [
        (
            "wind",
            "wind power forecasting with random forest",
            "Đà Nẵng",
        ),
        (
            "sensors",
            "wireless sensor network for structural monitoring",
            "Hà Nội",
        ),
        ("waste", "Xử lý chất thải rắn và giảm phát thải", "Cần Thơ"),
        ("films", "thin film solar cells", ""),
        (
            "flood",
            "Cảnh báo sớm lũ quét cho các tỉnh miền núi phía Bắc",
            "Lào Cai",
        ),
        (
            "metro",
            "predictive maintenance for metro rolling stock",
            "TP. Hồ Chí Minh",
        ),
        (
            "grid",
            "smart grid load forecasting with machine learning",
            "north",
        ),
        ("wind2", "điện gió ngoài khơi", "Bạc Liêu"),
    ];
    for (id, t, p) in problems {
        text.push_str(&format!("{id},{t},{p}\n"));
    }
    fs::write(&tasks, &text).unwrap();
    let want = batch_of(&data, &tasks);
    assert_eq!(want.len(), problems.len());
    assert!(
        want.values().filter(|v| v.0 == "filled").count() >= 4,
        "{want:?}"
    );
    let (_r, out) = report_with(&data, &tasks, &["--format", "json"]);
    assert_eq!(report_tasks(&out), want);
    // The topic preference is on (the data has terms) and shows in the members' table.
    let members: Value =
        serde_json::from_slice(&fs::read(out.join("json/task_members.json")).unwrap()).unwrap();
    assert!(members
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["topic"].as_f64().unwrap() > 0.0));

    // The same file with `problem` for `text` (the batch CSV's own name) gives the same teams.
    let renamed = tmp.path().join("tasks-problem.csv");
    fs::write(&renamed, text.replacen("id,text,", "id,problem,", 1)).unwrap();
    assert_eq!(batch_of(&data, &renamed), want);
}

#[test]
fn the_problem_list_of_experts_queries_is_a_list_of_tasks() {
    // examples/problems.csv is `id,text,province` for `experts --queries`.
    let problems = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/problems.csv");
    let a = hoptac().args(["teams", "--calls"]).arg(&problems).assert();
    let code = a.get_output().status.code();
    assert!(matches!(code, Some(0 | 1)), "{}", stderr(&a));
    assert!(
        stdout(&a).contains("p1") && stdout(&a).contains("p3"),
        "{}",
        stdout(&a)
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    hoptac()
        .args(["report", "--format", "csv", "--out"])
        .arg(&out)
        .arg("--tasks")
        .arg(&problems)
        .assert()
        .success();
    let rows = csv_rows(&out.join("csv/tasks.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r["task"].as_str()).collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    assert_eq!(rows[1]["problem"], "du bao lu song Hong");
    assert_eq!(rows[1]["province"], "Hà Nội");
}

#[test]
fn bad_task_rows_are_reported_at_file_line_and_column_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = tmp.path().join("tasks.csv");
    let out = tmp.path().join("r");
    let run = |text: &str| {
        fs::write(&tasks, text).unwrap();
        let a = hoptac()
            .args(["report", "--out"])
            .arg(&out)
            .arg("--tasks")
            .arg(&tasks)
            .assert()
            .code(2);
        assert!(!out.exists(), "nothing written");
        stderr(&a)
    };
    let name = tasks.display().to_string();
    // Rows that cannot be parsed: an empty problem.
    let e = run("id,text,province\nt1,flood,Lào Cai\nt2,,Hà Nội\n");
    assert!(
        e.contains(&format!(
            "{name}:3:2: column `text`: empty: a task needs its problem statement"
        )),
        "{e}"
    );
    // Rows that parse but do not resolve: all at once, each at its cell.
    let e = run("id,text,province\nt1,zzyzx qqq,\nt2,lũ quét,Atlantis\nt2,metro,\n");
    assert!(e.contains("3 problems"), "{e}");
    assert!(
        e.contains(&format!(
            "{name}:2:2: column `text`: problem \"zzyzx qqq\": no priority field recognised"
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "{name}:3:3: column `province`: province \"Atlantis\""
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "{name}:4:1: column `id`: duplicate call id \"t2\" (first used by line 3)"
        )),
        "{e}"
    );
    // Header problems: both names for the problem, or neither and no fields.
    let e = run("id,text,problem\nt1,a,b\n");
    assert!(
        e.contains(&format!("{name}:1: both a `problem` and a `text` column")),
        "{e}"
    );
    let e = run("id,province\nt1,Hà Nội\n");
    assert!(
        e.contains("missing column `fields` (or a `problem` or `text` column"),
        "{e}"
    );
    // A file that cannot be read is an error before any data is loaded.
    let a = hoptac()
        .args(["report", "--out"])
        .arg(&out)
        .arg("--tasks")
        .arg(tmp.path().join("absent.csv"))
        .assert()
        .code(2);
    assert!(stderr(&a).contains("cannot read"), "{}", stderr(&a));
}
