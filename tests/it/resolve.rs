//! `hoptac resolve`: the alias resolver on the built-in G7 dataset, through the binary.

use crate::{hoptac, stderr, stdout};

fn resolves_to(name: &str, id: &str) {
    let a = hoptac()
        .args(["resolve", "--format", "csv", name])
        .assert()
        .success();
    let out = stdout(&a);
    let row = out.lines().nth(1).unwrap_or_default();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells.get(2).copied(), Some(id), "{name:?} → {out}");
}

#[test]
fn many_spellings_of_each_university() {
    let cases: &[(&str, &[&str])] = &[
        (
            "hust",
            &[
                "Đại học Bách khoa Hà Nội",
                "Trường Đại học Bách khoa Hà Nội",
                "ĐH Bách khoa Hà Nội",
                "ĐHBK Hà Nội",
                "DHBK HN",
                "ĐHBKHN",
                "dai hoc bach khoa ha noi",
                "BÁCH KHOA HÀ NỘI",
                "Hanoi University of Science and Technology",
                "hanoi univ. of science & technology",
                "HUST",
                "hust",
                "Bach Khoa Hanoi",
            ],
        ),
        (
            "hcmut",
            &[
                "Trường Đại học Bách khoa - ĐHQG-HCM",
                "ĐH Bách khoa TP.HCM",
                "Bách khoa TP. HCM",
                "ĐHBK Tp.HCM",
                "Bach khoa TPHCM",
                "Bách khoa Sài Gòn",
                "Ho Chi Minh City University of Technology",
                "HCMUT",
                "Trường Đại học Bách khoa – Đại học Quốc gia Thành phố Hồ Chí Minh",
            ],
        ),
        (
            "dut",
            &[
                "Trường Đại học Bách khoa - Đại học Đà Nẵng",
                "ĐH Bách khoa Đà Nẵng",
                "Bách khoa Đà Nẵng",
                "bach khoa da nang",
                "Danang University of Science and Technology",
                "DUT",
            ],
        ),
        (
            "huce",
            &[
                "Trường Đại học Xây dựng Hà Nội",
                "ĐH Xây dựng",
                "Đại học Xây Dựng",
                "Xây dựng Hà Nội",
                "Hanoi University of Civil Engineering",
                "NUCE",
                "xay dung",
            ],
        ),
        (
            "utc",
            &[
                "Trường Đại học Giao thông vận tải",
                "ĐH GTVT",
                "Đại học Giao thông Vận tải",
                "University of Transport and Communications",
                "giao thong van tai",
                "UTC",
            ],
        ),
        (
            "humg",
            &[
                "Trường Đại học Mỏ - Địa chất",
                "ĐH Mỏ-Địa chất",
                "Mỏ Địa chất",
                "mo dia chat",
                "Hanoi University of Mining and Geology",
                "University of Mining & Geology",
                "HUMG",
            ],
        ),
        (
            "tlu",
            &[
                "Trường Đại học Thủy lợi",
                "Trường Đại học Thuỷ lợi",
                "ĐH Thủy lợi",
                "Đại học Thuỷ Lợi",
                "dai hoc thuy loi",
                "Thuyloi University",
                "Thuy Loi University",
                "Thuyloi",
                "TLU",
                "Water Resources University",
            ],
        ),
    ];
    for (id, names) in cases {
        for n in *names {
            resolves_to(n, id);
        }
    }
}

#[test]
fn ambiguous_name_lists_candidates_and_exits_1() {
    let a = hoptac().args(["resolve", "Bách khoa"]).assert().code(1);
    let err = stderr(&a);
    assert!(
        err.contains("ambiguous university \"Bách khoa\": it could be hust (Đại học Bách khoa Hà Nội), hcmut (")
            && err.contains("dut ("),
        "{err}"
    );
}

#[test]
fn unknown_name_suggests_nearest_and_exits_1() {
    let a = hoptac()
        .args(["resolve", "Thuyloi Univesity"])
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(
        err.contains(
            "unknown university \"Thuyloi Univesity\" (nearest: tlu (Trường Đại học Thủy lợi)"
        ),
        "{err}"
    );
}

#[test]
fn several_names_one_row_each_exit_1_if_any_fails() {
    let a = hoptac()
        .args(["resolve", "--format", "json", "ĐH Thủy lợi", "Harvard"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v[0]["id"], "tlu");
    assert_eq!(v[0]["status"], "exact");
    assert_eq!(v[1]["status"], "unknown");
}

#[test]
fn field_names_in_both_languages() {
    for (name, id) in [
        ("trí tuệ nhân tạo", "ai"),
        ("Artificial Intelligence", "ai"),
        ("AI", "ai"),
        ("tai nguyen nuoc", "water"),
        ("Giao thông thông minh", "transport"),
        ("IoT", "iot"),
    ] {
        let a = hoptac()
            .args(["resolve", "--field", "--format", "csv", name])
            .assert()
            .success();
        assert_eq!(
            stdout(&a).lines().nth(1).unwrap().split(',').nth(2),
            Some(id),
            "{name}"
        );
    }
}
