//! `hoptac import`: hand-made fixtures whose datasets are worked out by hand, and the real
//! public samples in `../shared/data/real/` (skipped with a message when that folder is absent,
//! failing under `CI=true`),
//! whose counts were checked with independent Python and awk one-liners (quoted beside each).

use std::fs;
use std::path::{Path, PathBuf};

use crate::{fixtures, hoptac, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    fixtures().join("import").join(name)
}

/// The real samples, or `None` (and a printed "skipped") when `../shared` is absent; under
/// `CI=true` a missing folder fails instead, so that CI never passes without these tests.
fn real() -> Option<PathBuf> {
    crate::real_samples()
}

/// Runs `hoptac import ARGS --out <tmp>/out` and returns the folder and the summary.
fn import(args: &[&str], files: &[&Path]) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let a = hoptac()
        .arg("import")
        .args(args)
        .args(files)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let summary = stdout(&a);
    // Whatever import writes must validate.
    hoptac()
        .arg("--data")
        .arg(&out)
        .arg("validate")
        .assert()
        .success();
    (tmp, summary)
}

fn read(tmp: &tempfile::TempDir, file: &str) -> String {
    fs::read_to_string(tmp.path().join("out").join(file)).unwrap()
}

/// Data rows of one file (header excluded).
fn rows(tmp: &tempfile::TempDir, file: &str) -> Vec<String> {
    read(tmp, file)
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn scopus_with_author_ids_by_hand() {
    let (tmp, summary) = import(&["scopus"], &[&fixture("scopus.csv")]);
    // Three records; authors 1001, 1002, 1003 / 1001, 1004 / 1002, 1003 (7 entries, 4 people).
    assert!(
        summary.contains("records: 3 read, 3 kept, 0 dropped"),
        "{summary}"
    );
    assert!(
        summary.contains("1 row had more cells than the header"),
        "{summary}"
    );
    assert!(
        summary.contains("authors: 7 read, merged into 4 researchers (3 merged)"),
        "{summary}"
    );
    assert_eq!(
        rows(&tmp, "universities.csv")
            .iter()
            .map(|r| r.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>(),
        [
            "hust",
            "tlu",
            "university-tokyo-jp",
            "vnu-university-engineering-technology-vn"
        ]
    );
    let unis = read(&tmp, "universities.csv");
    assert!(unis.contains("university-tokyo-jp,University of Tokyo,University of Tokyo,University of Tokyo,Tokyo,international,JP,false"), "{unis}");
    assert!(
        unis.contains(",Hà Nội,north,VN,false,"),
        "VNU-UET is in Hanoi, not a member: {unis}"
    );
    // h-index from citations: 1001 has [10, 4] → 2; the others one cited paper → 1.
    assert_eq!(
        rows(&tmp, "researchers.csv"),
        [
            "scopus:1001,\"Nguyen, Van An\",hust,other,2,2,3",
            "scopus:1002,\"Tran, Thi Binh\",tlu,other,1,2,3",
            "scopus:1003,\"Smith, John\",university-tokyo-jp,other,1,2,3",
            "scopus:1004,\"Le, Chi\",vnu-university-engineering-technology-vn,other,1,1,3",
        ]
    );
    // 1002–1003 wrote in 2019 and 2023.
    assert_eq!(
        rows(&tmp, "coauthorships.csv"),
        [
            "scopus:1001,scopus:1002,1,2019,2019",
            "scopus:1001,scopus:1003,1,2019,2019",
            "scopus:1001,scopus:1004,1,2021,2021",
            "scopus:1002,scopus:1003,2,2019,2023",
        ]
    );
    // 1002: record 1 (flood → water 1, deep learning → ai 1, networks → iot 0.5) and record 3
    // (hydrology → water 1, climate change → earth 1): water 2, ai 1, earth 1, iot 0.5 →
    // divided by the best (2): 1, 0.5, 0.5, 0.25.
    let exp = read(&tmp, "expertise.csv");
    for line in [
        "scopus:1002,water,1",
        "scopus:1002,ai,0.5",
        "scopus:1002,earth,0.5",
        "scopus:1002,iot,0.25",
    ] {
        assert!(exp.lines().any(|l| l == line), "{line} missing from\n{exp}");
    }
}

#[test]
fn scopus_without_author_ids_keys_researchers_by_name_and_institution() {
    let (tmp, summary) = import(&["scopus"], &[&fixture("scopus_noids.csv")]);
    assert!(
        summary.contains("authors: 4 read, merged into 3 researchers"),
        "{summary}"
    );
    assert_eq!(
        rows(&tmp, "researchers.csv"),
        [
            "pham-d@humg,Pham D.,humg,other,1,2,3",
            "hoang-e@utc,Hoang E.,utc,other,1,1,3",
            "vo-g@can-tho-university-vn,Vo G.,can-tho-university-vn,other,1,1,3",
        ]
    );
    // Can Tho University: the university, not its college; a Vietnamese city → region south.
    assert!(read(&tmp, "universities.csv")
        .contains("can-tho-university-vn,Can Tho University,Can Tho University,Can Tho University,Cần Thơ,south,VN,false"));
}

#[test]
fn wos_tags_brackets_and_abbreviations() {
    let (tmp, summary) = import(&["wos"], &[&fixture("wos.txt")]);
    assert!(summary.contains("records: 2 read, 2 kept"), "{summary}");
    // "Hanoi Univ Sci & Technol" is HUST; "Univ Tokyo" gets the same id as Scopus's
    // "University of Tokyo".
    assert_eq!(
        rows(&tmp, "researchers.csv"),
        [
            "nguyen-van-an@hust,\"Nguyen, Van An\",hust,other,1,2,3",
            "smith-john@university-tokyo-jp,\"Smith, John\",university-tokyo-jp,other,1,1,3",
            "tran-binh@hust,\"Tran, Binh\",hust,other,1,1,3",
        ]
    );
    // DE "smart grid; solar\n   cell" → smart grid (iot, energy), solar cell (energy); ID
    // photovoltaic (energy).
    let exp = read(&tmp, "expertise.csv");
    assert!(
        exp.contains("smith-john@university-tokyo-jp,energy,1"),
        "{exp}"
    );
    assert!(exp.contains("tran-binh@hust,robotics,1"), "{exp}");
}

#[test]
fn openalex_json_jsonl_and_csv_give_the_same_dataset() {
    let (a, sa) = import(&["openalex"], &[&fixture("openalex.json")]);
    let (b, _) = import(&["openalex"], &[&fixture("openalex.jsonl")]);
    let (c, _) = import(&["openalex"], &[&fixture("openalex.csv")]);
    assert!(
        sa.contains("3 researchers at 3 institutions (2 of the consortium)"),
        "{sa}"
    );
    for f in hoptac::load::FILES {
        assert_eq!(read(&a, f), read(&b, f), "{f}: JSON vs JSON Lines");
        assert_eq!(read(&a, f), read(&c, f), "{f}: JSON vs CSV");
    }
    // A3 has no OpenAlex institution, only "Thuyloi University, Hanoi, Vietnam": a member.
    assert!(rows(&a, "researchers.csv")
        .contains(&"openalex:A3,Trần Thị Bình,tlu,other,1,1,3".to_string()));
}

#[test]
fn until_keeps_only_records_up_to_the_year() {
    let (tmp, summary) = import(&["scopus", "--until", "2020"], &[&fixture("scopus.csv")]);
    assert!(
        summary.contains(
            "records: 3 read, 1 kept, 2 dropped (0 bad, 2 after --until 2020, 0 without authors)"
        ),
        "{summary}"
    );
    assert_eq!(rows(&tmp, "researchers.csv").len(), 3);
    assert!(rows(&tmp, "coauthorships.csv")
        .iter()
        .all(|r| r.ends_with(",2019,2019")));
}

#[test]
fn bad_records_fail_with_their_numbers_unless_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let a = hoptac()
        .args(["import", "scopus"])
        .arg(fixture("scopus_bad.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("2 bad records in"), "{err}");
    assert!(
        err.contains("scopus_bad.csv:3: record 2: year \"20x5\" is not a year"),
        "{err}"
    );
    assert!(
        err.contains("scopus_bad.csv:4: record 3: 2 authors but 1 author ids"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");

    let a = hoptac()
        .args(["import", "scopus", "--skip-bad"])
        .arg(fixture("scopus_bad.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(stderr(&a).contains("warning: skipped"));
    assert!(
        stdout(&a).contains("records: 4 read, 2 kept, 2 dropped (2 bad, 0 without authors)"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn bad_keyword_table_and_missing_file_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let kw = tmp.path().join("k.csv");
    fs::write(&kw, "keyword,field\nflood,water\nrain,nofield\n").unwrap();
    let a = hoptac()
        .args(["import", "scopus"])
        .arg(fixture("scopus.csv"))
        .arg("--keywords")
        .arg(&kw)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("k.csv:3:2: column `field`: unknown field \"nofield\""),
        "{}",
        stderr(&a)
    );
    // A user table replaces the built-in one: only "flood" → water is known.
    fs::write(&kw, "keyword,field\nflood,water\n").unwrap();
    let (t, _) = import(
        &["scopus", "--keywords", kw.to_str().unwrap()],
        &[&fixture("scopus.csv")],
    );
    let exp = rows(&t, "expertise.csv");
    assert_eq!(
        exp,
        [
            "scopus:1001,water,1",
            "scopus:1002,water,1",
            "scopus:1003,water,1"
        ]
    );
    let a = hoptac()
        .args(["import", "wos", "/nonexistent/x.txt", "--out"])
        .arg(tmp.path().join("o2"))
        .assert()
        .code(2);
    assert!(stderr(&a).contains("cannot read"), "{}", stderr(&a));
}

// ---- the real samples ----

#[test]
fn real_scopus_samples() {
    let Some(r) = real() else { return };
    // python: 200 rows; 1 with an empty Authors; 665 distinct Author(s) ID; 1849 distinct pairs
    let (_t, s) = import(
        &["scopus"],
        &[&r.join("biblium-samples/scopus_dataset.csv")],
    );
    assert!(
        s.contains("records: 200 read, 199 kept, 1 dropped (0 bad, 1 without authors)"),
        "{s}"
    );
    assert!(s.contains("665 researchers"), "{s}");
    assert!(s.contains("1849 co-authorships"), "{s}");
    // python: 58 rows, 56 with 46 cells under a 45-column header, 9 "[No author name
    // available]"; 182 distinct ids; 569 pairs
    let (_t, s) = import(&["scopus"], &[&r.join("litstudy-scopus/scopus.csv")]);
    assert!(
        s.contains("records: 58 read, 49 kept, 9 dropped (0 bad, 9 without authors)"),
        "{s}"
    );
    assert!(s.contains("56 rows had more cells than the header"), "{s}");
    assert!(
        s.contains("182 researchers") && s.contains("569 co-authorships"),
        "{s}"
    );
    // No Author(s) ID column. python: 220 rows, 3 without authors, 2 with more than 100 authors
    let (t, s) = import(
        &["scopus"],
        &[&r.join("metaknowledge-fixtures/scopus_testing.csv")],
    );
    assert!(s.contains("records: 220 read, 217 kept, 3 dropped"), "{s}");
    assert!(
        s.contains("2 records with more than 100 authors added no co-authorships"),
        "{s}"
    );
    assert!(
        rows(&t, "researchers.csv").iter().all(|r| r.contains('@')),
        "name@institution ids"
    );
}

#[test]
fn real_wos_samples() {
    let Some(r) = real() else { return };
    // grep -c '^PT ' → 500
    let (t, s) = import(&["wos"], &[&r.join("biblium-samples/wos_dataset.txt")]);
    assert!(s.contains("records: 500 read, 500 kept, 0 dropped"), "{s}");
    let unis = read(&t, "universities.csv");
    assert!(
        unis.lines().any(|l| l.contains(",international,CN,false")),
        "institutions abroad"
    );
    // awk over AU blocks: 2 records with more than 100 authors
    let (_t, s) = import(
        &["wos"],
        &[&r.join("metaknowledge-fixtures/ManyAuthors.isi")],
    );
    assert!(s.contains("records: 500 read, 500 kept"), "{s}");
    assert!(s.contains("2 records with more than 100 authors"), "{s}");
    // testFile.isi has 34 PT lines; record 6 has a malformed "AUGilles, H" line (line 416)
    let tmp = tempfile::tempdir().unwrap();
    let a = hoptac()
        .args(["import", "wos"])
        .arg(r.join("metaknowledge-fixtures/testFile.isi"))
        .arg("--out")
        .arg(tmp.path().join("o"))
        .assert()
        .code(2);
    assert!(
        stderr(&a)
            .contains("testFile.isi:415: record 6: line 416: \"AUGilles, H\" is not a tagged line"),
        "{}",
        stderr(&a)
    );
    let (_t, s) = import(
        &["wos", "--skip-bad"],
        &[&r.join("metaknowledge-fixtures/testFile.isi")],
    );
    assert!(
        s.contains("records: 34 read, 33 kept, 1 dropped (1 bad, 0 without authors)"),
        "{s}"
    );
}

#[test]
fn real_openalex_csv_sample() {
    let Some(r) = real() else { return };
    // python: 613 rows, 2 without author ids, 1066 distinct author ids, 2762 pairs
    let (_t, s) = import(
        &["openalex"],
        &[&r.join("biblium-samples/openalex_dataset.csv")],
    );
    assert!(
        s.contains("records: 613 read, 611 kept, 2 dropped (0 bad, 2 without authors)"),
        "{s}"
    );
    assert!(
        s.contains("1066 researchers") && s.contains("2762 co-authorships"),
        "{s}"
    );
}

#[test]
fn real_compsoc_sample() {
    let Some(r) = real() else { return };
    // wc -l: 25,761 publication lines and 45,581 author lines (headers included); python:
    // 87,594 distinct co-author pairs
    let (t, s) = import(&["compsoc"], &[&r.join("compsoc-sns")]);
    assert!(s.contains("records: 25760 read, 25760 kept"), "{s}");
    assert!(
        s.contains("45580 researchers at 1 institution") && s.contains("87594 co-authorships"),
        "{s}"
    );
    assert_eq!(
        read(&t, "fields.csv").lines().count(),
        1 + 5,
        "the five subfields"
    );
    let tmp = tempfile::tempdir().unwrap();
    let a = hoptac()
        .args(["import", "compsoc", "--keywords", "x.csv"])
        .arg(r.join("compsoc-sns"))
        .arg("--out")
        .arg(tmp.path().join("o"))
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--keywords does not apply to compsoc"));
}

#[test]
fn affiliations_that_name_no_organisation_are_no_institutions_and_each_affiliation_stays_apart() {
    let (tmp, summary) = import(&["scopus"], &[&fixture("scopus_affiliations.csv")]);
    // 111 lists Swansea then Symbiosis (2021), Symbiosis alone (2022), Swansea alone (2023):
    // first-listed twice at Swansea, once at Symbiosis → home Swansea, in the United Kingdom
    // (not India, as one merged address would place it). 222 gave only "United States" and
    // "Hanoi, Viet Nam"; 333 only a department and a city: both unaffiliated.
    assert!(
        summary.contains(
            "authors: 6 read, merged into 3 researchers (3 merged); 3 without an affiliation"
        ),
        "{summary}"
    );
    assert_eq!(
        rows(&tmp, "universities.csv")
            .iter()
            .map(|r| r.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["swansea-university-gb", "unknown"]
    );
    let unis = read(&tmp, "universities.csv");
    assert!(
        unis.contains("swansea-university-gb,Swansea University,Swansea University,Swansea University,Swansea,international,GB,false"),
        "{unis}"
    );
    let researchers = rows(&tmp, "researchers.csv");
    assert_eq!(
        researchers
            .iter()
            .map(|r| {
                let c: Vec<&str> = r.split(',').collect();
                format!("{} {}", c[0], c[c.len() - 5])
            })
            .collect::<Vec<_>>(),
        [
            "scopus:111 swansea-university-gb",
            "scopus:222 unknown",
            "scopus:333 unknown"
        ],
        "{researchers:?}"
    );
}

// ---- hostile input (issue 13) ----

/// `hoptac import FORMAT FILE --out <tmp>/out [EXTRA…]`, expected to fail with exit 2 and to
/// write nothing; returns stderr.
fn import_fails(format: &str, file: &Path, extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let a = hoptac()
        .args(["import", format])
        .arg(file)
        .args(extra)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "nothing is written");
    stderr(&a)
}

#[test]
fn openalex_deep_nesting_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = "[".repeat(50_000);
    // The web CSV: the second work's authorships.institutions cell nests 50,000 lists.
    let header = "publication_year,authorships.author.id,authorships.author.display_name,authorships.institutions\n";
    let csv = tmp.path().join("works.csv");
    fs::write(
        &csv,
        format!("{header}2020,https://openalex.org/A1,Ann,\n2021,https://openalex.org/A2,Bob,\"{deep}\"\n"),
    )
    .unwrap();
    let err = import_fails("openalex", &csv, &[]);
    assert!(
        err.contains("works.csv:3: record 2: authorships.institutions: lists and dicts nested deeper than 64 levels at character 65"),
        "{err}"
    );
    // --skip-bad skips it and imports the rest.
    let (_t, s) = import(&["openalex", "--skip-bad"], &[&csv]);
    assert!(
        s.contains("records: 2 read, 1 kept, 1 dropped (1 bad, 0 without authors)"),
        "{s}"
    );
    // JSON and JSON Lines: serde_json's own limit (128 levels) gives a positioned error.
    let json = tmp.path().join("works.json");
    fs::write(&json, &deep).unwrap();
    let err = import_fails("openalex", &json, &[]);
    assert!(
        err.contains("works.json:1: invalid JSON: recursion limit exceeded"),
        "{err}"
    );
    let jsonl = tmp.path().join("works.jsonl");
    fs::write(
        &jsonl,
        format!("{{\"publication_year\":2020,\"authorships\":[]}}\n{{\"authorships\":{deep}\n"),
    )
    .unwrap();
    let err = import_fails("openalex", &jsonl, &[]);
    assert!(
        err.contains("works.jsonl:2: record 2: invalid JSON: recursion limit exceeded"),
        "{err}"
    );
}

#[test]
fn scopus_file_cut_mid_record_is_a_bad_record_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let full = fs::read_to_string(fixture("scopus.csv")).unwrap();
    // Cut inside the third record's title, its fourth cell: 4 of the header's 11 cells.
    let cut_at = full.find("Rivers and a changing").unwrap() + "Rivers and".len();
    let cut = tmp.path().join("cut.csv");
    fs::write(&cut, &full[..cut_at]).unwrap();
    let err = import_fails("scopus", &cut, &[]);
    assert!(
        err.contains("cut.csv:4: record 3: 4 cells but the header has 11: the record is cut short (is the export complete?)"),
        "{err}"
    );
}

#[test]
fn header_only_scopus_file_fails_and_leaves_no_dataset_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let full = fs::read_to_string(fixture("scopus.csv")).unwrap();
    let header = tmp.path().join("header.csv");
    fs::write(&header, format!("{}\n", full.lines().next().unwrap())).unwrap();
    let err = import_fails("scopus", &header, &[]);
    assert!(
        err.contains("no records to import in ")
            && err.contains("header.csv: 0 read, none kept (0 bad, 0 after --until, 0 without authors): the export has a header but no records"),
        "{err}"
    );
    // Every record after --until is the same: nothing to write.
    let err = import_fails("scopus", &fixture("scopus.csv"), &["--until", "1990"]);
    assert!(
        err.contains("3 read, none kept (0 bad, 3 after --until, 0 without authors)"),
        "{err}"
    );
}

#[test]
fn control_characters_in_names_are_rejected_with_their_position_or_made_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("ctl.csv");
    // Record 1: an escape sequence in the second author's name; record 2: a NUL in an
    // affiliation; record 3: a tab (becomes a space).
    fs::write(
        &file,
        "Authors,Author(s) ID,Year,Authors with affiliations\n\
         \"Ann A.; Bob \u{1b}[31mB.\",1;2,2020,\"\"\n\
         \"Cy C.\",3,2021,\"C., C., Univ\u{0} X, Paris, France\"\n\
         \"Dee\tD.\",4,2022,\"\"\n",
    )
    .unwrap();
    let err = import_fails("scopus", &file, &[]);
    assert!(
        err.contains("ctl.csv:2: record 1: author 2 name has the control character U+001B at character 5: expected printable text"),
        "{err}"
    );
    assert!(
        err.contains("ctl.csv:3: record 2: author 1 affiliation has the control character U+0000 at character 5"),
        "{err}"
    );
    let (t, s) = import(&["scopus", "--skip-bad"], &[&file]);
    assert!(
        s.contains("records: 3 read, 1 kept, 2 dropped (2 bad"),
        "{s}"
    );
    assert_eq!(
        rows(&t, "researchers.csv"),
        ["scopus:4,Dee D.,unknown,other,0,1,3"]
    );
}

#[test]
fn a_device_is_refused_and_a_file_over_the_size_limit_stops_with_an_error() {
    // /dev/zero would be read until memory runs out.
    let err = import_fails("scopus", Path::new("/dev/zero"), &[]);
    assert!(
        err.contains(
            "/dev/zero: cannot read: a device or special file, not a file: expected an export file"
        ),
        "{err}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let a = hoptac()
        .env("HOPTAC_MAX_INPUT_MB", "0")
        .args(["import", "scopus"])
        .arg(fixture("scopus.csv"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("scopus.csv: larger than 0 MiB: expected an export file (split it, or set HOPTAC_MAX_INPUT_MB to raise the limit)"),
        "{}",
        stderr(&a)
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_five_megabyte_author_name_is_a_bad_record() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("long.csv");
    let name = "A".repeat(5 << 20);
    fs::write(
        &file,
        format!("Authors,Author(s) ID,Year\n\"{name}; Bob B.\",1;2,2020\n\"Cy C.\",3,2021\n"),
    )
    .unwrap();
    let err = import_fails("scopus", &file, &[]);
    assert!(
        err.contains(
            "long.csv:2: record 1: author 1 name is 5242880 characters long: expected at most 500"
        ),
        "{err}"
    );
    let (_t, s) = import(&["scopus", "--skip-bad"], &[&file]);
    assert!(
        s.contains("records: 2 read, 1 kept, 1 dropped (1 bad"),
        "{s}"
    );
}
