//! `hoptac report` and `hoptac export`, end to end: the Markdown snapshot of the tiny fixture,
//! well-formed HTML whose every link resolves, the data tables' schema, the replace rules, a
//! failure that leaves the previous report intact, byte-identical output for 1 and 2 threads, a
//! real browser rendering the overview, and the graph exports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{fixtures, hoptac, stderr, stdout, Fixture};

/// Every file under `dir` (relative path → bytes), sorted.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Writes the report of `data` (the built-in dataset when `None`) to a new folder.
fn report(data: Option<&Path>, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let mut c = hoptac();
    if let Some(d) = data {
        c.arg("--data").arg(d);
    }
    c.arg("report").arg("--out").arg(&out).args(args);
    let a = c.assert().success();
    assert!(stdout(&a).starts_with("wrote "), "{}", stdout(&a));
    assert!(
        stderr(&a).is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    (tmp, out)
}

fn tiny() -> PathBuf {
    fixtures().join("tiny")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

#[test]
fn markdown_report_of_the_tiny_fixture_matches_the_snapshot() {
    let (_tmp, out) = report(Some(&tiny()), &["--format", "md"]);
    let mut got = String::new();
    for (name, bytes) in files(&out) {
        if name.ends_with(".md") {
            got.push_str(&format!("==> {name} <==\n"));
            got.push_str(&String::from_utf8(bytes).unwrap());
        }
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots/report-tiny.md");
    if std::env::var_os("HOPTAC_BLESS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &got).unwrap();
    }
    let want = fs::read_to_string(&path)
        .expect("snapshot missing: run with HOPTAC_BLESS=1 to write it, then review it");
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "Markdown report differs from {} at line {}:\n  got:  {:?}\n  want: {:?}\n(HOPTAC_BLESS=1 rewrites the snapshot)",
            path.display(),
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
    // The snapshot holds what a person needs: diacritics, every page, links, charts.
    assert!(want.contains("Tổng quan") && want.contains("Nhóm nghiên cứu đề xuất"));
    assert!(want.contains("==> university-uc.md <==") && want.contains("(svg/heatmap.svg)"));
}

/// Parses `xml` with quick-xml (end tags must match), returning every `(element, attribute,
/// value)`.
fn parse_xml(name: &str, xml: &str) -> Vec<(String, String, String)> {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut attrs = Vec::new();
    let mut collect = |e: &quick_xml::events::BytesStart<'_>| {
        let tag = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        for a in e.attributes() {
            let a = a.unwrap_or_else(|err| panic!("{name}: bad attribute: {err}"));
            attrs.push((
                tag.clone(),
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned(),
            ));
        }
        tag
    };
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => stack.push(collect(&e)),
            Ok(Event::Empty(e)) => {
                collect(&e);
            }
            Ok(Event::End(e)) => {
                let tag = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(stack.pop().as_deref(), Some(tag.as_str()), "{name}");
            }
            Ok(Event::Text(t)) => {
                t.decode()
                    .unwrap_or_else(|err| panic!("{name}: bad text: {err}"));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed at byte {}: {e}",
                r.error_position()
            ),
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed elements {stack:?}");
    attrs
}

#[test]
fn html_is_well_formed_self_contained_and_every_link_resolves() {
    let tasks = examples().join("tasks.csv");
    let (_tmp, out) = report(
        None,
        &[
            "--format",
            "html,csv,json",
            "--tasks",
            tasks.to_str().unwrap(),
        ],
    );
    let all = files(&out);
    let pages: Vec<&String> = all.keys().filter(|n| n.ends_with(".html")).collect();
    // The overview, 16 fields, 7 universities, the tasks.
    assert_eq!(pages.len(), 1 + 16 + 7 + 1, "{pages:?}");
    assert!(all.contains_key("index.html") && all.contains_key("field-water.html"));
    assert!(all.contains_key("university-tlu.html") && all.contains_key("tasks.html"));
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut links = Vec::new();
    for name in &pages {
        let text = std::str::from_utf8(&all[*name]).unwrap();
        assert!(text.starts_with("<!DOCTYPE html>"), "{name}");
        for bad in ["<script", "<link ", "@import", "url(", "src=\"http"] {
            assert!(
                !text.contains(bad),
                "{name} loads something external: {bad}"
            );
        }
        assert!(
            text.contains("<svg") || !name.starts_with("index"),
            "charts inline"
        );
        let attrs = parse_xml(name, text);
        let set = ids.entry(name.as_str()).or_default();
        for (tag, key, value) in attrs {
            match key.as_str() {
                "id" => {
                    assert!(set.insert(value.clone()), "{name}: duplicate id {value}");
                }
                "href" => links.push((name.to_string(), tag, value)),
                "src" => panic!("{name}: external resource {value}"),
                _ => {}
            }
        }
    }
    assert!(
        links.len() > 500,
        "pages link to each other ({})",
        links.len()
    );
    for (from, _, href) in &links {
        assert!(
            !href.contains("://") && !href.starts_with("//"),
            "{from}: external link {href}"
        );
        let (file, anchor) = match href.split_once('#') {
            Some((f, a)) => (if f.is_empty() { from.as_str() } else { f }, Some(a)),
            None => (href.as_str(), None),
        };
        assert!(all.contains_key(file), "{from}: link to missing {href}");
        if let Some(a) = anchor {
            assert!(
                ids.get(file).is_some_and(|s| s.contains(a)),
                "{from}: link to missing anchor {href}"
            );
        }
    }
    // Every field page and every university page is reachable from the overview.
    let from_index: BTreeSet<&str> = links
        .iter()
        .filter(|(f, _, _)| f == "index.html")
        .map(|(_, _, h)| h.as_str())
        .collect();
    for p in &pages {
        assert!(
            p.as_str() == "index.html" || from_index.contains(p.as_str()),
            "{p} not linked from the overview"
        );
    }
}

#[test]
fn markdown_links_resolve_too() {
    let tasks = examples().join("tasks.csv");
    let (_tmp, out) = report(
        None,
        &["--format", "md", "--tasks", tasks.to_str().unwrap()],
    );
    let all = files(&out);
    let mut n = 0;
    for (name, bytes) in &all {
        if !name.ends_with(".md") || name == "README.md" {
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap();
        for part in text.split("](").skip(1) {
            let target = &part[..part.find(')').unwrap()];
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            assert!(all.contains_key(file), "{name}: link to missing {target}");
            if !anchor.is_empty() {
                let tag = format!("<a id=\"{anchor}\"></a>");
                assert!(
                    std::str::from_utf8(&all[file]).unwrap().contains(&tag),
                    "{name}: missing anchor {target}"
                );
            }
            n += 1;
        }
    }
    assert!(n > 500, "{n} links");
    // Charts are saved as SVG files that parse as XML.
    let svgs: Vec<&String> = all.keys().filter(|k| k.starts_with("svg/")).collect();
    assert_eq!(svgs.len(), 2 + 16, "{svgs:?}");
    for s in svgs {
        parse_xml(s, std::str::from_utf8(&all[s]).unwrap());
    }
}

#[test]
fn data_tables_follow_the_documented_schema() {
    // Without --tasks: eleven tables and no tasks page.
    let (_plain, out) = report(Some(&tiny()), &["--format", "csv,json,md"]);
    let plain = files(&out);
    let n = plain.keys().filter(|k| k.starts_with("csv/")).count();
    assert_eq!(n, 11);
    assert!(!plain.contains_key("tasks.md") && !plain.contains_key("csv/tasks.csv"));
    // With --tasks: the tasks' two tables too.
    let dir = tempfile::tempdir().unwrap();
    let tasks = dir.path().join("tasks.csv");
    fs::write(
        &tasks,
        "id,text,province\nt1,flood,Đà Nẵng\nt2,\"machine learning, \"\"deep\"\"\",\n",
    )
    .unwrap();
    let (_tmp, out) = report(
        Some(&tiny()),
        &["--format", "csv,json", "--tasks", tasks.to_str().unwrap()],
    );
    let all = files(&out);
    let readme = String::from_utf8(all["README.md"].clone()).unwrap();
    let tables: Vec<&str> = all
        .keys()
        .filter_map(|k| k.strip_prefix("csv/")?.strip_suffix(".csv"))
        .collect();
    assert_eq!(tables.len(), 13, "{tables:?}");
    assert!(tables.contains(&"tasks") && tables.contains(&"task_members"));
    for t in tables {
        let mut r = csv::Reader::from_reader(&all[&format!("csv/{t}.csv")][..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let distinct: BTreeSet<&String> = header.iter().collect();
        assert_eq!(distinct.len(), header.len(), "{t}: duplicate column names");
        let documented = format!(
            "Columns: {}",
            header
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(readme.contains(&documented), "{t}: {documented}");
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        let json: serde_json::Value = serde_json::from_slice(&all[&format!("json/{t}.json")])
            .unwrap_or_else(|e| panic!("json/{t}.json: {e}"));
        let json = json.as_array().unwrap();
        // Keys come in the CSV's column order (serde_json's map sorts them: check the text).
        if let Some(first) = std::str::from_utf8(&all[&format!("json/{t}.json")])
            .unwrap()
            .lines()
            .nth(1)
        {
            let at: Vec<usize> = header
                .iter()
                .map(|h| first.find(&format!("\"{h}\": ")).unwrap())
                .collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{t}: keys out of order");
        }
        assert_eq!(json.len(), rows.len(), "{t}");
        for (j, row) in json.iter().zip(&rows) {
            let obj = j.as_object().unwrap();
            let keys: Vec<&String> = obj.keys().collect();
            let mut got: Vec<&String> = keys.clone();
            got.sort();
            let mut want: Vec<&String> = header.iter().collect();
            want.sort();
            assert_eq!(got, want, "{t}");
            // Same values: JSON numbers print as in the CSV.
            for (k, cell) in header.iter().zip(row.iter()) {
                let v = &obj[k];
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if v.is_string() || v.is_i64() {
                    assert_eq!(text, cell, "{t}.{k}");
                } else {
                    let (a, b): (f64, f64) = (text.parse().unwrap(), cell.parse().unwrap());
                    assert!((a - b).abs() < 1e-9, "{t}.{k}: {a} vs {b}");
                }
            }
        }
    }
    // By hand on the tiny fixture: ua–ub share one co-author pair (a1–b1, 2 papers).
    assert_eq!(
        String::from_utf8(all["csv/links.csv"].clone()).unwrap(),
        "university_a,university_b,coauthorships,papers\nua,ub,1,2\n"
    );
}

#[test]
fn output_is_byte_identical_for_one_and_two_threads() {
    let run = |threads: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("r");
        hoptac()
            .env("RAYON_NUM_THREADS", threads)
            .arg("report")
            .arg("--out")
            .arg(&out)
            .arg("--tasks")
            .arg(examples().join("tasks.csv"))
            .assert()
            .success();
        (tmp, files(&out))
    };
    let (_a, one) = run("1");
    let (_b, two) = run("2");
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    assert!(one.len() > 80, "{} files", one.len());
    for (name, bytes) in &one {
        assert!(
            bytes == &two[name],
            "{name} differs between 1 and 2 threads"
        );
    }
}

#[test]
fn a_foreign_folder_is_replaced_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.docx"), "years of work").unwrap();
    let run = |extra: &[&str]| {
        hoptac()
            .arg("--data")
            .arg(tiny())
            .arg("report")
            .arg("--out")
            .arg(&out)
            .args(extra)
            .assert()
    };
    let a = run(&[]).code(2);
    assert!(stderr(&a).contains("--force"), "{}", stderr(&a));
    assert_eq!(
        fs::read_to_string(out.join("thesis.docx")).unwrap(),
        "years of work"
    );
    run(&["--force"]).success();
    assert!(!out.join("thesis.docx").exists());
    assert!(out.join("index.html").is_file() && out.join(".hoptac-report").is_file());
    // A previous report is replaced without --force, with nothing left over.
    fs::write(out.join("stale.html"), "old").unwrap();
    run(&["--lang", "en"]).success();
    assert!(!out.join("stale.html").exists());
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"en\"") && index.contains("Overview"));
    // Nothing but the report folder is left beside it (no temporary folders).
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn a_failure_leaves_the_previous_report_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    hoptac()
        .arg("--data")
        .arg(tiny())
        .arg("report")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let before = files(&out);
    // Invalid data: the run fails after the previous report was found replaceable.
    let bad = Fixture::tiny().edit("expertise.csv", "a1,water,0.9", "a1,water,7");
    let a = bad.run(&["report", "--out", out.to_str().unwrap()]).code(2);
    assert!(stderr(&a).contains("expertise.csv"), "{}", stderr(&a));
    // An unreadable profile.
    let a = hoptac()
        .args(["report", "--profile", "/nonexistent/profile.toml", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(stderr(&a).starts_with("error: "));
    // An output path that is a file, not a folder: refused even with --force.
    let file = tmp.path().join("file");
    fs::write(&file, "x").unwrap();
    hoptac()
        .args(["report", "--force", "--out"])
        .arg(&file)
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
    assert_eq!(files(&out), before);
    // No temporary folder is left behind.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
}

#[test]
fn bad_report_arguments_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let a = hoptac()
        .args(["report", "--format", "pdf", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("unknown report format \"pdf\""),
        "{}",
        stderr(&a)
    );
    assert!(!out.exists());
    hoptac()
        .args(["report", "--lang", "fr", "--out"])
        .arg(&out)
        .assert()
        .code(2);
}

/// The overview in a real browser: Debian's chromium renders it headless to a PNG, which must
/// not be blank, and the console must show no script error. Skipped (with a message) when
/// chromium is not installed, except in CI (`CI=true`), where it must run.
#[test]
fn overview_renders_in_a_real_browser() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but /usr/bin/chromium is not installed (.ci/run installs it)"
        );
        eprintln!("skipped: /usr/bin/chromium not installed");
        return;
    }
    let (tmp, out) = report(None, &["--format", "html"]);
    let png = tmp.path().join("overview.png");
    let profile = tempfile::tempdir().unwrap();
    let index = out.join("index.html").canonicalize().unwrap();
    let result = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", index.display()))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "chromium failed: {log}");
    // The page has no script, so any console message (":CONSOLE") is a problem.
    for bad in [
        "Uncaught",
        ":CONSOLE",
        "ERR_FILE_NOT_FOUND",
        "Failed to load resource",
    ] {
        assert!(!log.contains(bad), "browser log has {bad:?}: {log}");
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1280, 2000));
    let px = info.line_size / info.width as usize;
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    let distinct: BTreeSet<&[u8]> = pixels.iter().copied().collect();
    assert!(
        distinct.len() > 50,
        "the page looks blank ({} colours)",
        distinct.len()
    );
    // The heatmap's darkest blue and the header are drawn: plenty of non-white pixels.
    let white = pixels.iter().filter(|p| p[..3] == [255, 255, 255]).count();
    assert!(
        white < pixels.len() * 9 / 10,
        "{white} of {} pixels are white",
        pixels.len()
    );
}

fn export(args: &[&str]) -> String {
    let a = hoptac()
        .arg("--data")
        .arg(tiny())
        .arg("export")
        .args(args)
        .assert()
        .success();
    stdout(&a)
}

/// `(nodes, edges)` counted by element name in an XML export that must parse.
fn count_xml(name: &str, xml: &str) -> (usize, usize) {
    let attrs = parse_xml(name, xml);
    let count = |tag: &str| {
        attrs
            .iter()
            .filter(|(t, k, _)| t == tag && k == "id")
            .count()
    };
    (count("node"), count("edge"))
}

#[test]
fn graphml_and_gexf_parse_with_every_node_and_edge() {
    // Tiny: 3 universities + 3 fields + 7 researchers + 3 labs; 27 edges (see src/graph.rs).
    let g = export(&["--format", "graphml"]);
    assert_eq!(count_xml("graphml", &g), (16, 27));
    assert!(g.contains("<data key=\"name\">Nguyễn Văn An</data>"));
    let x = export(&["--format", "gexf"]);
    assert_eq!(count_xml("gexf", &x), (16, 27));
    assert!(x.contains("label=\"Nguyễn Văn An\""));
    // Water's sub-graph: water, a1, a3, b1, ua, ub, la1; 3 expertise + 3 affiliations +
    // a1–b1 + la1's host and serves edges.
    let w = export(&["--format", "graphml", "--field", "Tài nguyên nước"]);
    assert_eq!(count_xml("graphml water", &w), (7, 9));
}

#[test]
fn dot_has_one_line_per_edge_and_quotes_names() {
    let d = export(&["--format", "dot"]);
    assert!(d.starts_with("graph hoptac {") && d.trim_end().ends_with('}'));
    assert_eq!(d.lines().filter(|l| l.contains(" -- ")).count(), 27);
    assert!(d.contains("\"r:a1\" [label=\"Nguyễn Văn An\", kind=\"researcher\""));
    let w = export(&["--format", "dot", "--field", "water"]);
    assert_eq!(w.lines().filter(|l| l.contains(" -- ")).count(), 9);
    // --out writes the same text to a file.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("g.dot");
    hoptac()
        .arg("--data")
        .arg(tiny())
        .args(["export", "--format", "dot", "--out"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&file).unwrap(), d);
    hoptac()
        .args(["export", "--field", "no such field"])
        .assert()
        .code(2);
}

#[test]
fn report_teams_share_capacity_like_a_batch() {
    // The built-in data: before, one master's student sat in 17–20 of the report's teams.
    let (_tmp, out) = report(None, &["--format", "json"]);
    let rows: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("json/teams.json")).unwrap()).unwrap();
    let mut teams_of: BTreeMap<String, BTreeSet<(String, u64)>> = BTreeMap::new();
    for r in rows.as_array().unwrap() {
        teams_of
            .entry(r["researcher"].as_str().unwrap().to_string())
            .or_default()
            .insert((
                r["call"].as_str().unwrap().to_string(),
                r["rank"].as_u64().unwrap(),
            ));
    }
    let researchers = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/g7/researchers.csv"),
    )
    .unwrap();
    let mut max_teams = BTreeMap::new();
    let mut lines = researchers.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "max_teams").unwrap();
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        max_teams.insert(cells[0].to_string(), cells[col].parse::<usize>().unwrap());
    }
    assert!(teams_of.len() > 100, "{}", teams_of.len());
    for (r, teams) in &teams_of {
        assert!(
            teams.len() <= max_teams[r],
            "{r} is in {} report teams, max_teams {}",
            teams.len(),
            max_teams[r]
        );
    }
}

#[test]
fn report_of_the_built_in_data_says_the_researchers_are_synthetic() {
    for lang in ["vi", "en"] {
        let (_tmp, out) = report(None, &["--format", "md", "--lang", lang]);
        let index = fs::read_to_string(out.join("index.md")).unwrap();
        // Both languages on either page.
        assert!(
            index.contains("các nhà nghiên cứu, hợp tác và phòng thí nghiệm là tổng hợp"),
            "{lang}"
        );
        assert!(
            index.contains("the researchers, co-authorships and labs are synthetic"),
            "{lang}"
        );
        let readme = fs::read_to_string(out.join("README.md")).unwrap();
        assert!(
            readme.contains("synthetic (generated), not real people"),
            "{lang}"
        );
    }
    let (_tmp, out) = report(Some(&tiny()), &["--format", "md"]);
    let index = fs::read_to_string(out.join("index.md")).unwrap();
    assert!(
        !index.contains("synthetic") && !index.contains("tổng hợp (sinh"),
        "{index}"
    );
}

#[test]
fn vietnamese_report_pages_show_vietnamese_regions_titles_and_team_notes() {
    let (_tmp, out) = report(None, &["--format", "md", "--lang", "vi"]);
    let water = fs::read_to_string(out.join("field-water.md")).unwrap();
    assert!(
        water.contains("Đợt gọi water"),
        "call description in Vietnamese"
    );
    assert!(
        water.contains("| Miền Bắc |") || water.contains("| Miền Nam |"),
        "regions"
    );
    assert!(water.contains("| PGS |") || water.contains("| ThS |") || water.contains("| TS |"));
    assert!(water.contains("chi phí liên lạc"), "team notes");
    for english in [
        "spans ",
        "communication cost",
        "| north |",
        "| master |",
        "solver, ",
    ] {
        assert!(!water.contains(english), "{english:?} on a Vietnamese page");
    }
    // Ids stay ids.
    assert!(
        water.contains("water ≥ 0,5"),
        "{}",
        &water[..2000.min(water.len())]
    );
    let (_tmp, out) = report(None, &["--format", "md", "--lang", "en"]);
    let water = fs::read_to_string(out.join("field-water.md")).unwrap();
    assert!(water.contains("communication cost") && water.contains("| north |"));
    // Why a call found no team, in Vietnamese (the tiny fixture's env call fails).
    let (_tmp, out) = report(Some(&tiny()), &["--format", "md", "--lang", "vi"]);
    let env = fs::read_to_string(out.join("field-env.md")).unwrap();
    assert!(
        env.contains("**Không lập được nhóm.** chỉ 1 trường (ua) có nhà nghiên cứu đạt trình độ yêu cầu; đợt gọi cần ít nhất 2"),
        "{env}"
    );
}
