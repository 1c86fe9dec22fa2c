//! The layer rule of ARCHITECTURE.md, checked: model → graph → analyses → query → front ends.
//! Every library module has a rank; code may refer (`crate::…`) only to modules of a lower
//! rank (test modules, after `#[cfg(test)]`, may use anything). A new module must be given a
//! rank here, which is the moment to decide where it belongs.

use std::collections::BTreeSet;
use std::path::Path;

/// Ranks, lowest first. Modules of one rank never refer to each other.
const LAYERS: &[&[&str]] = &[
    &["text", "xml", "embedded", "store"],
    &["model", "table"],
    &["load", "save", "resolve"],
    &["generate", "import"],
    &["graph"],
    &["policy"],
    &["component"],
    &["score", "lab", "stats", "export", "expert"],
    &["dataflow"],
    &["team"],
    &["profile"],
    &["evaluate"],
    &["query"],
    &["render"],
    &["report"],
    &["serve"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to (`src/score/pairs.rs` → `score`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// `crate::x` references outside comments and test modules.
fn references(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (i, _) in line.match_indices("crate::") {
            let rest = &line[i + "crate::".len()..];
            // `crate::{a::X, b}` names several modules at once.
            let heads: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split(',').map(str::trim_start).collect(),
                None => vec![rest],
            };
            for head in heads {
                let name: String = head
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn layers_only_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for f in &files {
        let m = module_of(&src, f);
        // The binary (main.rs, cli/) is the top front end and the library root lists modules.
        if m == "main" || m == "cli" || m == "lib" {
            continue;
        }
        let Some(own) = rank(&m) else {
            wrong.push(format!("{}: module `{m}` has no layer", f.display()));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for r in references(&text) {
            if r == m {
                continue;
            }
            checked += 1;
            match rank(&r) {
                Some(other) if other < own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{m}` (layer {own}) refers to `crate::{r}` (layer {})",
                    f.display(),
                    rank(&r).unwrap()
                )),
                None => wrong.push(format!("{}: unknown module `crate::{r}`", f.display())),
            }
        }
    }
    assert!(checked > 50, "only {checked} references checked");
    assert!(
        wrong.is_empty(),
        "upward or sideways imports:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_rule_catches_an_upward_import() {
    let text = "use crate::model::Dataset;\nuse crate::{graph::Graph, query::Engine};\n// crate::report in a comment\n#[cfg(test)]\nmod tests { use crate::report; }\n";
    let refs: Vec<String> = references(text).into_iter().collect();
    assert_eq!(refs, ["graph", "model", "query"]);
    assert!(rank("query").unwrap() > rank("score").unwrap());
    assert!(rank("model").unwrap() < rank("graph").unwrap());
}
