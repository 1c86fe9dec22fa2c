//! The README's examples work for a first user: every example command that uses `examples/`
//! (and every later one that reads what such a command wrote) runs with the exit code it
//! promises; `hoptac help teams` documents every option and a call file that parses.

use std::fs;
use std::path::Path;

use super::{hoptac, stdout};

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The lines of the README's `sh` blocks that run `hoptac`.
fn commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if in_sh && line.starts_with("hoptac ") {
            out.push(line.to_string());
        }
    }
    out
}

#[test]
fn every_readme_example_using_examples_runs_with_its_exit_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("hoptac");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut written: Vec<String> = Vec::new();
    let mut ran = 0;
    for line in commands(&readme()) {
        let uses_examples = line.contains("examples/");
        let reads_written = written.iter().any(|w| line.contains(w.as_str()));
        if !uses_examples && !reads_written {
            continue;
        }
        let (cmd, comment) = match line.split_once("  #") {
            Some((c, k)) => (c.trim().to_string(), k.to_string()),
            None => (line.trim().to_string(), String::new()),
        };
        for word in cmd.split_whitespace() {
            if let Some(f) = word.strip_prefix("examples/") {
                assert!(
                    root.join("examples").join(f).is_file(),
                    "{line}: examples/{f} is missing"
                );
            }
        }
        let mut words = cmd.split_whitespace().peekable();
        while let Some(w) = words.next() {
            if w == "--out" {
                if let Some(o) = words.peek() {
                    written.push(o.to_string());
                }
            }
        }
        let cmd = cmd.replace("/tmp/", &format!("{}/", tmp.path().display()));
        let expected = if comment.contains("exit 1") { 1 } else { 0 };
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .current_dir(root)
            .env("PATH", &path)
            .env_remove("HOPTAC_DATA")
            .output()
            .unwrap();
        assert_eq!(
            status.status.code(),
            Some(expected),
            "{cmd}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&status.stdout),
            String::from_utf8_lossy(&status.stderr)
        );
        ran += 1;
    }
    // call, calls, scopus, openalex, wos, and the pairs on the import.
    assert!(ran >= 6, "only {ran} README examples use examples/");
}

#[test]
fn readme_depends_on_shared_paths_only_in_the_marked_section() {
    let readme = readme();
    let marked = readme
        .find("Workspace samples")
        .expect("the marked section");
    for (i, line) in readme.lines().enumerate() {
        if line.contains("../shared") {
            let at = readme.find(line).unwrap();
            assert!(at > marked, "line {}: {line}", i + 1);
        }
    }
    assert!(readme.contains("cargo install --path ."));
}

#[test]
fn help_teams_describes_every_option_and_shows_a_call_file_that_parses() {
    let a = hoptac().args(["help", "teams"]).assert().success();
    let help = stdout(&a);
    let lines: Vec<&str> = help.lines().collect();
    let mut options = 0;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with("--") && l.starts_with("      --") {
            options += 1;
            let next = lines.get(i + 1).map_or("", |n| n.trim());
            assert!(
                !next.is_empty() && !next.starts_with('['),
                "{t} has no description"
            );
        }
    }
    assert!(options >= 20, "{options}");
    let start = help
        .find("Call file (--call FILE")
        .expect("the call format");
    let end = help.find("A batch (--calls FILE)").unwrap();
    let toml: String = help[start..end]
        .lines()
        .skip(1)
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("call.toml");
    fs::write(&file, toml).unwrap();
    let code = hoptac()
        .arg("teams")
        .arg("--call")
        .arg(&file)
        .assert()
        .get_output()
        .status
        .code();
    assert!(
        matches!(code, Some(0 | 1)),
        "the help's call does not parse: {code:?}"
    );
    let csv_line = help
        .lines()
        .find(|l| l.trim_start().starts_with("id,title,fields"))
        .unwrap();
    let row = help
        .lines()
        .find(|l| l.trim_start().starts_with("flood-2026,"))
        .unwrap();
    let calls = tmp.path().join("calls.csv");
    fs::write(&calls, format!("{}\n{}\n", csv_line.trim(), row.trim())).unwrap();
    let code = hoptac()
        .arg("teams")
        .arg("--calls")
        .arg(&calls)
        .assert()
        .get_output()
        .status
        .code();
    assert!(
        matches!(code, Some(0 | 1)),
        "the help's CSV does not parse: {code:?}"
    );
}
