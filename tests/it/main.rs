//! Integration tests: the `hoptac` binary driven end to end, one module per feature.

mod bounds;
#[cfg(feature = "dataflow")]
mod dataflow;
mod dataset;
mod evaluate;
mod experts;
mod fuzz;
mod hostile_text;
mod import;
mod labs;
mod layers;
mod output_paths;
mod peer;
mod policy;
mod ranking;
mod readme;
mod report;
mod resolve;
#[cfg(feature = "serve")]
mod serve;
mod streaming;
mod tasks;
mod teams;
mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `hoptac` binary, with `HOPTAC_DATA` cleared so tests never pick up the user's data.
pub fn hoptac() -> Command {
    let mut c = Command::cargo_bin("hoptac").unwrap();
    c.env_remove("HOPTAC_DATA");
    c
}

/// The real public samples in `../shared/data/real`, or `None` (and a printed "skipped") when
/// that folder is absent on a developer's machine. Under CI (`CI` set to `true`) an absent
/// folder fails the test instead: CI always has `../shared`, so a silent pass would hide it.
pub fn real_samples() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real");
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        !on_ci(),
        "{} is absent, but CI must have it (CI=true)",
        p.display()
    );
    println!("skipped: {} is absent", p.display());
    None
}

fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of a fixture dataset in a temporary folder, to be edited by one test.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A copy of `tests/fixtures/tiny`.
    pub fn tiny() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        for e in fs::read_dir(fixtures().join("tiny")).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
        Fixture { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces the first occurrence of `from` in `file` (which must occur).
    pub fn edit(self, file: &str, from: &str, to: &str) -> Fixture {
        let p = self.file(file);
        let s = fs::read_to_string(&p).unwrap();
        assert!(s.contains(from), "{file} does not contain {from:?}");
        fs::write(&p, s.replacen(from, to, 1)).unwrap();
        self
    }

    pub fn write(self, file: &str, bytes: &[u8]) -> Fixture {
        fs::write(self.file(file), bytes).unwrap();
        self
    }

    /// `hoptac --data <this> ARGS…`
    pub fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        hoptac().arg("--data").arg(self.path()).args(args).assert()
    }
}

pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}
