//! Size limits on requests: a number that no dataset needs is refused before anything is
//! loaded, with the option, the value and the limit (exit 2).

use crate::{hoptac, stderr};

#[test]
fn teams_top_a_million_is_refused_instead_of_searching_for_a_minute() {
    let a = hoptac()
        .args(["teams", "--fields", "water", "--top", "1000000"])
        .assert()
        .code(2);
    assert_eq!(
        stderr(&a),
        "error: --top 1000000: expected from 1 to 50 teams\n"
    );
    hoptac()
        .args(["teams", "--fields", "water", "--top", "0"])
        .assert()
        .code(2);
}

#[test]
fn pairs_top_beyond_ten_thousand_is_refused() {
    let a = hoptac()
        .args(["pairs", "--field", "ai", "--top", "10001"])
        .assert()
        .code(2);
    assert_eq!(
        stderr(&a),
        "error: --top 10001: expected at most 10000 pairs\n"
    );
    hoptac()
        .args(["pairs", "--field", "ai", "--top", "10000"])
        .assert()
        .success();
}

#[test]
fn generate_a_billion_universities_is_refused_before_allocating() {
    let tmp = tempfile::tempdir().unwrap();
    let a = hoptac()
        .args(["generate", "--universities", "1000000000", "--out"])
        .arg(tmp.path().join("x"))
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("expected at most 20000000 researchers in all"),
        "{}",
        stderr(&a)
    );
    assert!(!tmp.path().join("x").exists(), "nothing is written");
    let a = hoptac()
        .args(["generate", "--coauthorships-per-researcher", "1e9", "--out"])
        .arg(tmp.path().join("y"))
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains(
            "--coauthorships-per-researcher 1000000000: expected a number from 0 to 1000"
        ),
        "{}",
        stderr(&a)
    );
}
