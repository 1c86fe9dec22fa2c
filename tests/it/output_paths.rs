//! The output-path policy (`hoptac::save`): outputs never replace what is not a regular file or
//! a hoptac output, never an input, never a nonsensical folder.

use std::fs;

use super::{hoptac, stderr, stdout, Fixture};

/// The six files of the tiny fixture are all still there, unchanged.
fn assert_intact(f: &Fixture) {
    let orig = super::fixtures().join("tiny");
    for e in fs::read_dir(&orig).unwrap() {
        let e = e.unwrap();
        assert_eq!(
            fs::read(f.file(e.file_name().to_str().unwrap())).unwrap(),
            fs::read(e.path()).unwrap(),
            "{:?}",
            e.file_name()
        );
    }
}

#[test]
fn report_out_equal_to_data_is_refused() {
    let f = Fixture::tiny();
    let out = f.path().to_str().unwrap().to_string();
    let a = f.run(&["report", "--out", &out, "--force"]).code(2);
    let err = stderr(&a);
    assert!(err.contains("contains the input"), "{err}");
    assert!(!err.contains("pass --force"), "{err}");
    assert_intact(&f);
}

#[test]
fn report_out_onto_a_data_file_is_refused() {
    let f = Fixture::tiny();
    let out = f.file("researchers.csv");
    let a = f
        .run(&["report", "--out", out.to_str().unwrap(), "--force"])
        .code(2);
    assert!(stderr(&a).contains("it is the input"), "{}", stderr(&a));
    assert_intact(&f);
}

#[test]
fn report_in_a_new_folder_inside_the_data_folder_is_allowed() {
    // Loading reads only the six files, so a new folder beside them touches no input.
    let f = Fixture::tiny();
    let out = f.file("report");
    f.run(&["report", "--format", "csv", "--out", out.to_str().unwrap()])
        .success();
    assert!(hoptac::report::is_report(&out));
    assert_intact(&f);
    f.run(&["validate"]).success();
}

#[test]
fn report_out_ancestor_of_data_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    for e in fs::read_dir(super::fixtures().join("tiny")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let a = hoptac()
        .arg("--data")
        .arg(&data)
        .args(["report", "--force", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2);
    assert!(stderr(&a).contains("contains the input"), "{}", stderr(&a));
    assert!(data.join("universities.csv").is_file());
}

#[test]
fn export_out_onto_a_data_file_is_refused() {
    let f = Fixture::tiny();
    let out = f.file("universities.csv");
    let a = f.run(&["export", "--out", out.to_str().unwrap()]).code(2);
    assert!(stderr(&a).contains("it is the input"), "{}", stderr(&a));
    assert_intact(&f);
}

#[test]
fn profile_file_is_an_input_of_the_report() {
    let f = Fixture::tiny();
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("p.toml");
    fs::write(&profile, hoptac::profile::DEFAULT_TOML).unwrap();
    let p = profile.to_str().unwrap();
    let a = f
        .run(&["report", "--profile", p, "--out", p, "--force"])
        .code(2);
    assert!(stderr(&a).contains("it is the input"), "{}", stderr(&a));
    assert_eq!(
        fs::read_to_string(&profile).unwrap(),
        hoptac::profile::DEFAULT_TOML
    );
}

#[test]
fn uniquip_export_onto_a_data_file_is_refused() {
    let f = Fixture::tiny();
    let out = f.file("labs.csv");
    let a = f
        .run(&["labs", "--export-uniquip", out.to_str().unwrap()])
        .code(2);
    assert!(stderr(&a).contains("it is the input"), "{}", stderr(&a));
    assert_intact(&f);
}

#[cfg(unix)]
#[test]
fn export_out_to_a_character_device_is_refused() {
    let a = hoptac()
        .args(["export", "--out", "/dev/null"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("/dev/null is a character device"), "{err}");
    assert!(fs::symlink_metadata("/dev/null").is_ok());
}

#[cfg(unix)]
#[test]
fn export_and_uniquip_out_to_a_fifo_or_symlink_are_refused() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let target = tmp.path().join("target.txt");
    fs::write(&target, "keep").unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for (path, kind) in [(&fifo, "a FIFO"), (&link, "a symbolic link")] {
        for args in [vec!["export", "--out"], vec!["labs", "--export-uniquip"]] {
            let a = hoptac().args(&args).arg(path).assert().code(2);
            assert!(stderr(&a).contains(kind), "{args:?}: {}", stderr(&a));
        }
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
}

#[test]
fn export_out_onto_a_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = hoptac()
        .args(["export", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2);
    assert!(stderr(&a).contains("is a folder"), "{}", stderr(&a));
}

#[test]
fn export_prints_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g.gexf");
    let a = hoptac()
        .args(["export", "--format", "gexf", "--field", "water", "--out"])
        .arg(&out)
        .assert()
        .success();
    let s = stdout(&a);
    assert!(
        s.starts_with(&format!(
            "wrote {}: the water sub-graph as GEXF, ",
            out.display()
        )),
        "{s}"
    );
    assert_eq!(s.lines().count(), 1);
    assert!(fs::read_to_string(&out).unwrap().contains("<gexf"));
}

#[test]
fn report_out_root_gets_a_precise_message() {
    let a = hoptac().args(["report", "--out", "/"]).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("root of the file system"), "{err}");
    assert!(!err.contains("--force"), "{err}");
}

#[test]
fn report_out_current_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    for out in [".", ".."] {
        let a = hoptac()
            .current_dir(tmp.path())
            .args(["report", "--force", "--out", out])
            .assert()
            .code(2);
        assert!(stderr(&a).contains("the current folder"), "{}", stderr(&a));
    }
    assert_eq!(
        fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn stale_temporary_of_a_killed_run_is_cleaned_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    // A complete run names its temporary `.hoptac-tmp-<pid>-…` and leaves none.
    hoptac()
        .args(["report", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    let names = |p: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(tmp.path()), ["r"]);
    // Start a report and kill it (SIGKILL) while it writes, then run again: whatever the
    // killed run left beside the target is gone after the second run.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hoptac"))
        .env_remove("HOPTAC_DATA")
        .args(["report", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(20) {
        if names(tmp.path())
            .iter()
            .any(|n| n.starts_with(".hoptac-tmp-"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    hoptac()
        .args(["report", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(names(tmp.path()), ["r"]);
    assert!(hoptac::report::is_report(&out));
}
