//! `hoptac validate`: every kind of bad input, each reported with file, line, column and what
//! was expected; all problems at once; exit 2 unless clean.

use crate::{hoptac, stderr, stdout, Fixture};

/// Runs validate on the fixture, expects exit 2, returns stdout.
fn problems(fx: &Fixture) -> String {
    let a = fx.run(&["validate"]).code(2);
    stdout(&a)
}

fn at(fx: &Fixture, file: &str, pos: &str) -> String {
    format!("{}:{pos}: ", fx.file(file).display())
}

#[test]
fn tiny_fixture_is_clean() {
    let fx = Fixture::tiny();
    let a = fx.run(&["validate"]).success();
    assert!(stdout(&a).contains(
        "ok (3 universities, 3 fields, 7 researchers, 8 expertise entries, 3 labs, 4 co-authorships)"
    ));
}

#[test]
fn builtin_dataset_is_clean() {
    let a = hoptac().arg("validate").assert().success();
    assert!(stdout(&a)
        .starts_with("the built-in G7 dataset: ok (7 universities, 16 fields, 1400 researchers"));
}

#[test]
fn missing_file() {
    let fx = Fixture::tiny();
    std::fs::remove_file(fx.file("labs.csv")).unwrap();
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}: missing file: a dataset folder needs universities.csv, fields.csv",
            fx.file("labs.csv").display()
        )),
        "{out}"
    );
}

#[test]
fn missing_column() {
    let fx = Fixture::tiny().edit("researchers.csv", ",h_index,", ",hindex,");
    let out = problems(&fx);
    assert!(out.contains(&format!(
        "{}missing column `h_index` (the header must have columns id, name, university, title, h_index, publications, max_teams)",
        at(&fx, "researchers.csv", "1")
    )), "{out}");
}

#[test]
fn duplicate_id() {
    let fx = Fixture::tiny().edit("researchers.csv", "a3,Lê", "a2,Lê");
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}column `id`: duplicate id \"a2\" (first defined on line 3)",
            at(&fx, "researchers.csv", "4:1")
        )),
        "{out}"
    );
}

#[test]
fn unknown_reference_suggests_nearest() {
    let fx = Fixture::tiny().edit(
        "researchers.csv",
        "b2,Hoàng Văn Em,ub",
        "b2,Hoàng Văn Em,ubb",
    );
    let out = problems(&fx);
    assert!(out.contains(&format!(
        "{}column `university`: unknown university \"ubb\": expected an id from universities.csv (nearest: ub",
        at(&fx, "researchers.csv", "6:3")
    )), "{out}");
}

#[test]
fn not_a_number() {
    let fx = Fixture::tiny().edit("researchers.csv", "professor,20,", "professor,twenty,");
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
        "{}column `h_index`: \"twenty\" is not a number: expected a whole number from 0 to 1000",
        at(&fx, "researchers.csv", "2:5")
    )),
        "{out}"
    );
}

#[test]
fn level_out_of_range() {
    let fx = Fixture::tiny().edit("expertise.csv", "a2,ai,0.8", "a2,ai,1.5");
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}column `level`: \"1.5\" is out of range: expected a level in (0, 1]",
            at(&fx, "expertise.csv", "4:3")
        )),
        "{out}"
    );
}

#[test]
fn zero_level_is_out_of_range() {
    let fx = Fixture::tiny().edit("expertise.csv", "a2,ai,0.8", "a2,ai,0");
    assert!(problems(&fx).contains("\"0\" is out of range"));
}

#[test]
fn self_coauthorship() {
    let fx = Fixture::tiny().edit("coauthorships.csv", "b1,b2,", "b1,b1,");
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}researcher \"b1\" is listed as co-author of themself",
            at(&fx, "coauthorships.csv", "4")
        )),
        "{out}"
    );
}

#[test]
fn duplicate_coauthorship_in_either_order() {
    let fx = Fixture::tiny().edit(
        "coauthorships.csv",
        "c1,c2,4,2018,2025",
        "c1,c2,4,2018,2025\nc2,c1,1,2020,2020",
    );
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}duplicate co-authorship (first on line 5)",
            at(&fx, "coauthorships.csv", "6")
        )),
        "{out}"
    );
}

#[test]
fn years_out_of_order() {
    let fx = Fixture::tiny().edit(
        "coauthorships.csv",
        "a1,a2,3,2019,2023",
        "a1,a2,3,2023,2019",
    );
    assert!(problems(&fx).contains(&format!(
        "{}column `last_year`: last_year 2019 is before first_year 2023",
        at(&fx, "coauthorships.csv", "2:5")
    )));
}

#[test]
fn invalid_utf8() {
    let fx = Fixture::tiny();
    let bytes = std::fs::read(fx.file("researchers.csv")).unwrap();
    // "Trần" saved as Latin-1-style bytes: 0xE0 starts no valid UTF-8 sequence here.
    let name = "Trần".as_bytes();
    let pos = bytes.windows(name.len()).position(|w| w == name).unwrap();
    let mut broken = bytes[..pos].to_vec();
    broken.extend_from_slice(b"Tr\xe0n");
    broken.extend_from_slice(&bytes[pos + name.len()..]);
    let fx = fx.write("researchers.csv", &broken);
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}column `name`: not valid UTF-8 at byte 3 of the cell: save the file as UTF-8",
            at(&fx, "researchers.csv", "3:2")
        )),
        "{out}"
    );
}

#[test]
fn empty_required_cell() {
    let fx = Fixture::tiny().edit("labs.csv", "la2,Phòng máy tính,", "la2,,");
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}column `name`: empty cell: a value is required",
            at(&fx, "labs.csv", "3:2")
        )),
        "{out}"
    );
}

#[test]
fn bad_enum_values_say_what_is_expected() {
    let fx = Fixture::tiny()
        .edit("labs.csv", ",internal,", ",secret,")
        .edit("universities.csv", ",central,", ",middle,");
    let out = problems(&fx);
    assert!(out.contains("column `access`: \"secret\" is not an access level: expected consortium, internal or public"));
    assert!(out.contains("column `region`: \"middle\" is not a region: expected north, central, south or international"));
}

#[test]
fn row_with_too_many_cells() {
    let fx = Fixture::tiny().edit("expertise.csv", "a3,water,0.4", "a3,water,0.4,extra");
    assert!(problems(&fx).contains(&format!(
        "{}row has 4 cells but the header has 3 columns",
        at(&fx, "expertise.csv", "5:4")
    )));
}

#[test]
fn all_problems_at_once_in_file_order() {
    let fx = Fixture::tiny()
        .edit("coauthorships.csv", "b1,b2,", "b1,b1,")
        .edit("researchers.csv", "professor,20,", "professor,x,")
        .edit("expertise.csv", "c2,env,0.3", "c9,env,0.3")
        .edit(
            "fields.csv",
            "water,Tài nguyên nước,Water resources,env",
            "water,Tài nguyên nước,Water resources,envx",
        );
    let a = fx.run(&["validate"]).code(2);
    let out = stdout(&a);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].contains("fields.csv:2: column `related`: unknown field \"envx\""));
    assert!(lines[1].contains("researchers.csv:2:5:"));
    assert!(lines[2].contains("expertise.csv:9:1: column `researcher`: unknown researcher \"c9\""));
    assert!(lines[3].contains("coauthorships.csv:4: "));
    assert!(lines[4].ends_with(": 4 problems found"));
}

#[test]
fn other_commands_refuse_invalid_data_with_the_same_messages() {
    let fx = Fixture::tiny().edit("researchers.csv", "professor,20,", "professor,x,");
    let a = fx.run(&["stats"]).code(2);
    assert_eq!(stdout(&a), "", "no partial output");
    let err = stderr(&a);
    assert!(err.contains("1 problem in the dataset"), "{err}");
    assert!(
        err.contains(&format!(
            "{}column `h_index`",
            at(&fx, "researchers.csv", "2:5")
        )),
        "{err}"
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let fx = Fixture::tiny();
    for f in ["universities.csv", "researchers.csv", "coauthorships.csv"] {
        let s = std::fs::read_to_string(fx.file(f)).unwrap();
        let crlf = format!("\u{feff}{}", s.replace('\n', "\r\n"));
        std::fs::write(fx.file(f), crlf).unwrap();
    }
    fx.run(&["validate"]).success();
}

#[test]
fn columns_in_any_order_and_extra_columns() {
    let fx = Fixture::tiny().write(
        "fields.csv",
        "note,related,name_en,id,name_vi\n\
         x,env,Water resources,water,Tài nguyên nước\n\
         ,,Artificial intelligence,ai,Trí tuệ nhân tạo\n\
         y,,Environment,env,Môi trường\n"
            .as_bytes(),
    );
    fx.run(&["validate"]).success();
}

#[test]
fn excel_blank_rows_are_skipped() {
    let fx = Fixture::tiny().edit("expertise.csv", "a3,water,0.4\n", "a3,water,0.4\n,,\n");
    fx.run(&["validate"]).success();
}

#[test]
fn missing_folder_is_an_error() {
    let a = hoptac()
        .args(["--data", "/nonexistent/hoptac-data", "validate"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("cannot read dataset folder /nonexistent/hoptac-data"));
}

#[test]
fn a_data_file_linked_to_dev_zero_is_refused_not_read() {
    let fx = Fixture::tiny();
    std::fs::remove_file(fx.file("coauthorships.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", fx.file("coauthorships.csv")).unwrap();
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}: a device, pipe or other special file, not a file: expected a CSV file",
            fx.file("coauthorships.csv").display()
        )),
        "{out}"
    );
}

#[test]
fn a_data_file_over_the_size_limit_is_an_error_naming_the_limit() {
    let fx = Fixture::tiny();
    fx.run(&["validate"]).success();
    let a = hoptac()
        .env("HOPTAC_MAX_INPUT_MB", "0")
        .arg("--data")
        .arg(fx.path())
        .arg("validate")
        .assert()
        .code(2);
    assert!(stdout(&a).contains("larger than 0 MiB: expected a dataset file (set HOPTAC_MAX_INPUT_MB to raise the limit)"), "{}", stdout(&a));
}

#[test]
fn a_five_megabyte_name_is_a_positioned_error_not_copied_into_outputs() {
    let long = "x".repeat(5 << 20);
    let fx = Fixture::tiny().edit(
        "researchers.csv",
        "a2,Trần Thị Bình,",
        &format!("a2,{long},"),
    );
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}column `name`: a cell of {} bytes: expected at most 10000",
            at(&fx, "researchers.csv", "3:2"),
            5 << 20
        )),
        "{}",
        &out[..out.len().min(500)]
    );
    assert!(out.len() < 10_000, "the problem does not repeat the cell");
}

#[test]
fn a_nul_byte_in_a_cell_is_a_positioned_error() {
    let fx = Fixture::tiny().edit("researchers.csv", "Trần Thị Bình", "Trần\0Bình");
    let out = problems(&fx);
    assert!(
        out.contains(&format!(
            "{}column `name`: a NUL byte in the cell: expected text",
            at(&fx, "researchers.csv", "3:2")
        )),
        "{out}"
    );
}

#[test]
fn terms_problems_are_positioned_and_a_good_terms_file_loads() {
    let fx = Fixture::tiny().write(
        "terms.csv",
        "researcher,term,weight,year\n\
         a1,Flood forecasting,0.5,2020\n\
         zz,LSTM,0.5,2020\n\
         a1,--,0.5,2020\n\
         a2,LSTM,0,2020\n\
         a2,LSTM,0.5,1800\n\
         a1,flood  Forecastings,0.25,2020\n"
            .as_bytes(),
    );
    let out = problems(&fx);
    for (pos, what) in [
        ("3:1", "column `researcher`: unknown researcher \"zz\""),
        ("4:2", "column `term`: term \"--\" has no letter or digit"),
        ("5:3", "column `weight`: \"0\" is out of range: expected a weight above 0"),
        ("6:4", "column `year`: \"1800\" is out of range: expected a year from 1900 to 2100"),
        (
            "7",
            "duplicate row for this researcher, term \"Flood forecasting\" and year 2020 (first on line 2)",
        ),
    ] {
        assert!(
            out.contains(&format!("{}{what}", at(&fx, "terms.csv", pos))),
            "{pos} {what}:\n{out}"
        );
    }
    // The same folder with good rows validates; terms are optional (tiny_fixture_is_clean).
    let fx = Fixture::tiny().write(
        "terms.csv",
        "researcher,term,weight,year\na1,Flood forecasting,0.5,2020\nb1,flood forecasting,1,2023\n"
            .as_bytes(),
    );
    fx.run(&["validate"]).success();
}
