//! Names written by anyone: formulas never reach a spreadsheet live, control characters never
//! reach a terminal raw, NUL never reaches a `.md` or `.csv` file (a NUL in a dataset cell is
//! refused when the data is loaded, with its position: `validate.rs`; the other control
//! characters load and are made safe on the way out).

use std::fs;

use super::{hoptac, stdout, Fixture};

/// The tiny fixture with university A's English and short names and lab la1's name made
/// formulas, and researcher a3's name carrying escape sequences, a bell and a DEL.
fn hostile() -> Fixture {
    Fixture::tiny()
        .edit(
            "universities.csv",
            "University A",
            "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        )
        .edit("labs.csv", "Phòng thí nghiệm Thủy lực", "+SUM(1+1)*cmd|x")
        .edit("universities.csv", ",UA,", ",@SUM(A1:A9),")
        .edit(
            "researchers.csv",
            "Lê Văn Cường",
            "An\u{1b}]0;pwned\u{7}\u{1b}[2J\u{7f}",
        )
}

#[test]
fn formula_in_a_name_is_neutralised_in_stats_csv() {
    let f = hostile();
    let a = f.run(&["stats", "--format", "csv"]).success();
    let out = stdout(&a);
    assert!(out.contains("\nua,'@SUM(A1:A9),north,"), "{out}");
    assert!(!out.contains(",@SUM"), "{out}");
}

#[test]
fn negative_numbers_stay_numbers_in_csv() {
    let mut t = hoptac::table::Table::new("x", "", &["n", "f", "s"]);
    t.push(vec![
        hoptac::table::Cell::Int(-3),
        hoptac::table::Cell::Float(-0.25, 2),
        "-1+cmd|x".into(),
    ]);
    let s = hoptac::table::render(&[t], hoptac::table::Format::Csv);
    assert_eq!(s, "n,f,s\n-3,-0.25,'-1+cmd|x\n");
}

#[test]
fn formula_in_a_name_is_neutralised_in_report_csv_and_nul_never_reaches_md_or_csv() {
    let f = hostile();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    f.run(&[
        "report",
        "--format",
        "csv,md",
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
    let unis = fs::read_to_string(out.join("csv/universities.csv")).unwrap();
    assert!(unis.contains("\"'=HYPERLINK("), "{unis}");
    let mut checked = 0;
    for dir in ["csv", "."] {
        for e in fs::read_dir(out.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md" || x == "csv") {
                let b = fs::read(&p).unwrap();
                assert!(!b.contains(&0), "NUL in {}", p.display());
                assert!(!b.contains(&0x1b), "ESC in {}", p.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "{checked}");
    let labs = fs::read_to_string(out.join("csv/university_labs.csv")).unwrap();
    assert!(!labs.contains(",+SUM"), "{labs}");
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal_raw() {
    let f = hostile();
    for args in [
        vec!["pairs", "--field", "water"],
        vec![
            "teams",
            "--fields",
            "water",
            "--size",
            "2",
            "--min-universities",
            "1",
        ],
        vec!["pairs", "--field", "water", "--format", "md"],
    ] {
        let a = f.run(&args);
        let out = a.get_output().stdout.clone();
        assert!(
            !out.contains(&0x1b),
            "{args:?}: {}",
            String::from_utf8_lossy(&out)
        );
        assert!(!out.contains(&0), "{args:?}");
        assert!(!out.contains(&7), "{args:?}");
    }
    let a = f.run(&["pairs", "--field", "water"]).success();
    assert!(
        stdout(&a).contains("An\u{fffd}]0;pwned\u{fffd}\u{fffd}[2J\u{fffd}"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn uniquip_export_neutralises_formulas_and_imports_back_unchanged() {
    let f = hostile();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("labs.csv");
    f.run(&["labs", "--export-uniquip", file.to_str().unwrap()])
        .success();
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains(",'+SUM(1+1)*cmd|x,"), "{text}");
    assert!(text.contains("'=HYPERLINK("), "{text}");
    let out = tmp.path().join("copy");
    f.run(&[
        "labs",
        "--import-uniquip",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
    assert_eq!(
        fs::read_to_string(out.join("labs.csv")).unwrap(),
        fs::read_to_string(f.file("labs.csv")).unwrap()
    );
}

#[test]
fn dataset_files_keep_formula_looking_names_verbatim() {
    // Dataset CSV files are data for hoptac: no quoting, so a round trip is lossless.
    let tmp = tempfile::tempdir().unwrap();
    let f = hostile();
    let out = tmp.path().join("copy");
    let reg = tmp.path().join("empty.csv");
    fs::write(&reg, "Type,ID,Name\n").unwrap();
    f.run(&[
        "labs",
        "--import-uniquip",
        reg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
    let labs = fs::read_to_string(out.join("labs.csv")).unwrap();
    assert!(labs.contains("\nla1,+SUM(1+1)*cmd|x,"), "{labs}");
    hoptac()
        .arg("--data")
        .arg(&out)
        .arg("validate")
        .assert()
        .success();
}

#[test]
fn escape_sequences_never_reach_stderr_or_csv_raw() {
    let tmp = tempfile::tempdir().unwrap();
    let call = tmp.path().join("call.toml");
    // An id with an escape sequence, and a call no team can fill (size 30 of 7 researchers).
    fs::write(
        &call,
        "id = \"x\\u001b[31mred\"\nfields = [\"water\"]\nsize = 30\n",
    )
    .unwrap();
    let f = Fixture::tiny();
    let a = f.run(&["teams", "--call", call.to_str().unwrap()]).code(1);
    let err = a.get_output().stderr.clone();
    assert!(!err.contains(&0x1b), "{}", String::from_utf8_lossy(&err));
    assert!(String::from_utf8_lossy(&err).contains("x\u{fffd}[31mred cannot be filled"));
    let f = hostile();
    let a = f
        .run(&["pairs", "--field", "water", "--format", "csv"])
        .success();
    let out = a.get_output().stdout.clone();
    assert!(
        !out.contains(&0x1b) && !out.contains(&0),
        "{}",
        String::from_utf8_lossy(&out)
    );
}
