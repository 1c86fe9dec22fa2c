//! The `dataflow` feature (issue 17): pairs and partners on timely/differential dataflow must
//! give the single-machine engine's answers — over one or two worker threads, one or two
//! processes on loopback — and an incremental update must give what a full recomputation
//! gives. Every test name contains `dataflow`: `cargo test --features dataflow dataflow`.

use std::path::{Path, PathBuf};

use hoptac::dataflow::{self, pairs::PairsJob, Cluster};
use hoptac::graph::Graph;
use hoptac::load::{load, Source};
use hoptac::profile::Profile;
use hoptac::score::{self, PairQuery};

use crate::hoptac;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A generated dataset in a temporary folder.
fn generated(unis: u32, per: u32, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gen");
    hoptac()
        .args(["generate", "--universities", &unis.to_string()])
        .args(["--researchers-per-university", &per.to_string()])
        .args(["--seed", &seed.to_string(), "--out"])
        .arg(&dir)
        .assert()
        .success();
    (tmp, dir)
}

/// The engine's pairs under the pure Adamic–Adar profile: (a id, b id, aa bits, common).
fn engine_pairs(source: &Source, field: &str, top: usize) -> Vec<(String, String, u64, u32)> {
    let w = Profile::from_file(&root().join("benches/peer/pure-aa.toml"))
        .unwrap()
        .pairs;
    let g = Graph::build(load(source).unwrap());
    let ds = g.data();
    let q = PairQuery {
        field: ds.field_by_id(field).unwrap(),
        university: None,
        top,
    };
    score::recommend(&g, &q, &w)
        .iter()
        .map(|p| {
            let c = p.components.iter().find(|c| c.name == "closeness").unwrap();
            assert_eq!(p.score.to_bits(), (c.raw / (c.raw + 1.0)).to_bits());
            (
                ds.researcher(p.a).id.to_string(),
                ds.researcher(p.b).id.to_string(),
                c.raw.to_bits(),
                p.common_coauthors,
            )
        })
        .collect()
}

fn dataflow_pairs(
    source: &Source,
    cluster: &Cluster,
    field: &str,
    top: usize,
) -> Vec<(String, String, u64, u32)> {
    let job = PairsJob {
        field: field.into(),
        top,
        changes: vec![],
        lists: false,
    };
    let r = dataflow::pairs::pairs(source, cluster, &job)
        .unwrap()
        .leader()
        .unwrap();
    r.best[0]
        .iter()
        .map(|p| {
            (
                r.people[&p.a].id.clone(),
                r.people[&p.b].id.clone(),
                p.adamic_adar.to_bits(),
                p.common,
            )
        })
        .collect()
}

#[test]
fn dataflow_pairs_equal_the_engine_bit_for_bit() {
    let (_tmp, dir) = generated(7, 200, 18);
    for source in [Source::Embedded, Source::Dir(dir)] {
        for field in ["ai", "water"] {
            let want = engine_pairs(&source, field, 100);
            assert!(want.len() >= 20, "{field}: too few pairs to compare");
            for workers in [1, 2] {
                let cluster = Cluster {
                    workers,
                    ..Cluster::default()
                };
                let got = dataflow_pairs(&source, &cluster, field, 100);
                assert_eq!(got, want, "{source:?} {field} with -w {workers}");
            }
        }
    }
}

#[test]
fn dataflow_partner_strength_and_ties_equal_the_engine() {
    use hoptac::dataflow::partners::{partners, PartnersJob};
    let (_tmp, dir) = generated(9, 120, 5);
    for source in [Source::Embedded, Source::Dir(dir)] {
        let g = Graph::build(load(&source).unwrap());
        let ds = g.data();
        let w = score::PartnerWeights::default();
        for workers in [1, 2] {
            let cluster = Cluster {
                workers,
                ..Cluster::default()
            };
            let job = PartnersJob {
                field: None,
                university: None,
                weights: w.clone(),
            };
            let r = partners(&source, &cluster, &job).unwrap().leader().unwrap();
            assert_eq!(r.year0, g.latest_year());
            // Strength: every non-empty cell, bit for bit.
            let mut cells = 0;
            for f in ds.field_ids() {
                let leaders = score::leaders(&g, f);
                for l in &leaders {
                    let s = g.strength(l.university, f);
                    let row = r
                        .strength
                        .iter()
                        .find(|x| x.field == f.0 && x.university == l.university.0);
                    let Some(row) = row else {
                        assert_eq!(s.researchers, 0, "missing cell");
                        continue;
                    };
                    cells += 1;
                    let ctx = format!("{source:?} -w {workers} {} {}", l.university.0, f.0);
                    assert_eq!(row.researchers, s.researchers, "{ctx}");
                    assert_eq!(row.level_sum.to_bits(), s.level_sum.to_bits(), "{ctx}");
                    assert_eq!(row.impact.to_bits(), s.impact.to_bits(), "{ctx}");
                    assert_eq!(
                        row.activity_index.to_bits(),
                        s.activity_index.to_bits(),
                        "{ctx}"
                    );
                    assert_eq!(row.strength.to_bits(), l.score.to_bits(), "{ctx}");
                }
            }
            assert_eq!(cells, r.strength.len());
            // Ties: the partner ranking's ties component for every ordered pair.
            let mut tied = 0;
            for f in ds.field_ids() {
                for u in ds.university_ids() {
                    for p in score::rank_partners(&g, f, u, &w, score::Mode::Strengthen) {
                        let c = p.components.iter().find(|c| c.name == "ties").unwrap();
                        let (a, b) = (u.0.min(p.partner.0), u.0.max(p.partner.0));
                        let row = r
                            .ties
                            .iter()
                            .find(|t| t.field == f.0 && t.a == a && t.b == b);
                        match row {
                            Some(t) => {
                                tied += 1;
                                assert_eq!(t.ties.to_bits(), c.raw.to_bits());
                                assert_eq!(t.value.to_bits(), c.value.to_bits());
                            }
                            None => assert_eq!(c.raw, 0.0, "{f:?} {u:?} {:?}", p.partner),
                        }
                    }
                }
            }
            // Each unordered pair was seen from both ends.
            assert_eq!(tied, 2 * r.ties.len());
            assert!(!r.ties.is_empty());
        }
    }
}

/// `(a, b, score, closeness raw)` of a pairs JSON answer, as printed.
fn printed_pairs(json: &str) -> Vec<(String, String, f64, f64)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["a"]["researcher"].as_str().unwrap().to_string(),
                r["b"]["researcher"].as_str().unwrap().to_string(),
                r["score"].as_f64().unwrap(),
                r["details"]["closeness"]["raw"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn engine_cli_pairs(data: &Path, field: &str, top: usize) -> Vec<(String, String, f64, f64)> {
    let profile = root().join("benches/peer/pure-aa.toml");
    let a = hoptac()
        .arg("--data")
        .arg(data)
        .args(["pairs", "--field", field, "--top", &top.to_string()])
        .args(["--max-per-researcher", "0", "--format", "json", "--profile"])
        .arg(profile)
        .assert()
        .success();
    printed_pairs(&crate::stdout(&a))
}

#[test]
fn dataflow_pairs_command_prints_what_hoptac_pairs_prints() {
    let (_tmp, dir) = generated(7, 200, 18);
    let want = engine_cli_pairs(&dir, "water", 60);
    assert_eq!(want.len(), 60);
    let a = hoptac()
        .arg("--data")
        .arg(&dir)
        .args(["dataflow", "pairs", "--field", "water", "--top", "60"])
        .args(["--format", "json", "-w", "2"])
        .assert()
        .success();
    assert_eq!(printed_pairs(&crate::stdout(&a)), want);
}

/// Two free loopback ports (bound to port 0, then released for timely to take).
fn free_ports() -> [u16; 2] {
    let a = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let b = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    [
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    ]
}

/// Runs `args` as two processes on loopback (`-n 2 -p i -h hostfile`, `-w 1` each): the
/// standard output of process 0 and of process 1.
fn two_processes(data: &Path, args: &[&str]) -> (String, String) {
    let hostdir = tempfile::tempdir().unwrap();
    let hostfile = hostdir.path().join("hosts.txt");
    let [p0, p1] = free_ports();
    std::fs::write(&hostfile, format!("127.0.0.1:{p0}\n127.0.0.1:{p1}\n")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("hoptac");
    let spawn = |i: usize| {
        std::process::Command::new(&bin)
            .env_remove("HOPTAC_DATA")
            .arg("--data")
            .arg(data)
            .args(args)
            .args(["-n", "2", "-p", &i.to_string(), "-h"])
            .arg(&hostfile)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (c0, c1) = (spawn(0), spawn(1));
    let (o0, o1) = (
        c0.wait_with_output().unwrap(),
        c1.wait_with_output().unwrap(),
    );
    for (i, o) in [&o0, &o1].into_iter().enumerate() {
        assert!(
            o.status.success(),
            "process {i}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    (
        String::from_utf8(o0.stdout).unwrap(),
        String::from_utf8(o1.stdout).unwrap(),
    )
}

#[test]
fn dataflow_two_processes_on_loopback_equal_one_machine() {
    let (_tmp, dir) = generated(7, 200, 18);
    let want = engine_cli_pairs(&dir, "ai", 80);
    let (p0, p1) = two_processes(
        &dir,
        &[
            "dataflow", "pairs", "--field", "ai", "--top", "80", "--format", "json",
        ],
    );
    assert_eq!(printed_pairs(&p0), want, "process 0 prints the answer");
    assert_eq!(p1, "", "process 1 prints nothing");
    // Partners: two processes print what one prints (itself equal to the engine, above).
    let one = hoptac()
        .arg("--data")
        .arg(&dir)
        .args(["dataflow", "partners", "--format", "json"])
        .assert()
        .success();
    let (p0, p1) = two_processes(&dir, &["dataflow", "partners", "--format", "json"]);
    assert_eq!(p0, crate::stdout(&one));
    assert_eq!(p1, "");
}

/// A change file for `dir`: about 1 % new co-authorships between researchers who have none
/// yet (picked by two strides through researchers.csv) and every 40th existing one retracted;
/// and the dataset with those changes made, in `out`.
fn changes_for(dir: &Path, file: &Path, out: &Path) {
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let ids: Vec<String> = read("researchers.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let co = read("coauthorships.csv");
    let mut lines = co.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<&str> = lines.collect();
    let mut existing: std::collections::HashSet<(String, String)> = rows
        .iter()
        .map(|l| {
            let mut c = l.split(',');
            let (a, b) = (c.next().unwrap().to_string(), c.next().unwrap().to_string());
            (a.clone().min(b.clone()), a.max(b))
        })
        .collect();
    let mut change = String::from("change,a,b,papers,first_year,last_year\n");
    let mut kept: Vec<String> = Vec::new();
    for (i, l) in rows.iter().enumerate() {
        if i % 40 == 7 {
            let mut c = l.split(',');
            // Retractions name the two researchers in the other order, without papers.
            let (a, b) = (c.next().unwrap(), c.next().unwrap());
            change.push_str(&format!("-,{b},{a},,,\n"));
        } else {
            kept.push(l.to_string());
        }
    }
    let wanted = rows.len() / 100 + 1;
    let mut added = 0;
    for k in 0..ids.len() * 4 {
        if added == wanted {
            break;
        }
        let (a, b) = (
            &ids[(k * 7919 + 13) % ids.len()],
            &ids[(k * 104_729 + 71) % ids.len()],
        );
        let key = (a.clone().min(b.clone()), a.clone().max(b.clone()));
        if a == b || !existing.insert(key) {
            continue;
        }
        let row = format!("{a},{b},2,2023,2024");
        change.push_str(&format!("+,{row}\n"));
        kept.push(row);
        added += 1;
    }
    assert_eq!(added, wanted);
    std::fs::write(file, change).unwrap();
    std::fs::create_dir_all(out).unwrap();
    for f in hoptac::load::FILES {
        if f != "coauthorships.csv" {
            std::fs::copy(dir.join(f), out.join(f)).unwrap();
        }
    }
    std::fs::write(
        out.join("coauthorships.csv"),
        format!("{header}\n{}\n", kept.join("\n")),
    )
    .unwrap();
}

type Lists = std::collections::BTreeMap<u32, Vec<(u32, u32, u64, u32)>>;

fn as_lists(l: &std::collections::BTreeMap<u32, Vec<dataflow::pairs::Pair>>) -> Lists {
    l.iter()
        .map(|(x, v)| {
            (
                *x,
                v.iter()
                    .map(|p| (p.a, p.b, p.adamic_adar.to_bits(), p.common))
                    .collect(),
            )
        })
        .collect()
}

/// Every member's top-k list by a second method: Adamic–Adar of every member pair by the
/// engine's sorted-list merge (`score::pairs::adamic_adar`), ordered as `PairKey`.
fn brute_force_lists(source: &Source, field: &str, k: usize) -> Lists {
    let g = Graph::build(load(source).unwrap());
    let ds = g.data();
    let f = ds.field_by_id(field).unwrap();
    let members: Vec<_> = g.field_members(f).iter().map(|(r, _)| *r).collect();
    let mut out = Lists::new();
    for &x in &members {
        let mut list: Vec<(f64, f64, u32, u32, u32)> = Vec::new();
        for &y in &members {
            let ux = ds.researcher(x).university;
            if y == x || ds.researcher(y).university == ux || g.coauthorship(x, y).is_some() {
                continue;
            }
            let (aa, n) = score::pairs::adamic_adar(&g, x, y);
            if n > 0 {
                list.push((aa / (aa + 1.0), aa, n, x.0.min(y.0), x.0.max(y.0)));
            }
        }
        list.sort_by(|p, q| {
            q.0.total_cmp(&p.0)
                .then(q.1.total_cmp(&p.1))
                .then(q.2.cmp(&p.2))
                .then((p.3, p.4).cmp(&(q.3, q.4)))
        });
        list.truncate(k);
        if !list.is_empty() {
            out.insert(
                x.0,
                list.iter()
                    .map(|p| (p.3, p.4, p.1.to_bits(), p.2))
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn dataflow_incremental_update_equals_a_full_recomputation() {
    let (tmp, dir) = generated(7, 200, 21);
    let (file, after) = (tmp.path().join("changes.csv"), tmp.path().join("after"));
    changes_for(&dir, &file, &after);
    let k = 5;
    for workers in [1, 2] {
        let cluster = Cluster {
            workers,
            ..Cluster::default()
        };
        let job = PairsJob {
            field: "ai".into(),
            top: k,
            changes: vec![file.clone()],
            lists: true,
        };
        let r = dataflow::pairs::pairs(&Source::Dir(dir.clone()), &cluster, &job)
            .unwrap()
            .leader()
            .unwrap();
        let before = as_lists(&r.lists);
        assert_eq!(
            before,
            brute_force_lists(&Source::Dir(dir.clone()), "ai", k)
        );
        // The changed positions, applied to the lists before: a position reports what it
        // held and what it holds now; positions not reported keep their pair.
        assert!(!r.changes[0].is_empty(), "the change moves some lists");
        let key = |p: &dataflow::pairs::Pair| (p.a, p.b, p.adamic_adar.to_bits(), p.common);
        let mut at: std::collections::BTreeMap<u32, Vec<(usize, Option<_>)>> = Default::default();
        for c in &r.changes[0] {
            let old = before
                .get(&c.researcher)
                .and_then(|l| l.get(c.rank - 1))
                .copied();
            assert_eq!(
                old,
                c.was.as_ref().map(key),
                "the position held what the change says"
            );
            at.entry(c.researcher)
                .or_default()
                .push((c.rank - 1, c.now.as_ref().map(key)));
        }
        let mut updated = before.clone();
        for (x, changes) in at {
            let old = updated.remove(&x).unwrap_or_default();
            let len = changes
                .iter()
                .map(|(i, _)| i + 1)
                .max()
                .unwrap()
                .max(old.len());
            let mut list: Vec<Option<_>> = (0..len).map(|i| old.get(i).copied()).collect();
            for (i, now) in changes {
                list[i] = now;
            }
            // Only the end of a list may become empty.
            let kept: Vec<_> = list.iter().map_while(|p| *p).collect();
            assert!(list[kept.len()..].iter().all(Option::is_none));
            updated.insert(x, kept);
        }
        updated.retain(|_, l| !l.is_empty());
        // A full recomputation on the changed dataset, two ways.
        let full = PairsJob {
            changes: vec![],
            ..job.clone()
        };
        let again = dataflow::pairs::pairs(&Source::Dir(after.clone()), &cluster, &full)
            .unwrap()
            .leader()
            .unwrap();
        assert_eq!(updated, as_lists(&again.lists), "-w {workers}");
        assert_eq!(
            updated,
            brute_force_lists(&Source::Dir(after.clone()), "ai", k)
        );
        // And the global list after the change is the engine's on the changed data.
        let want = engine_pairs(&Source::Dir(after.clone()), "ai", k);
        let got: Vec<_> = r.best[1]
            .iter()
            .map(|p| {
                (
                    r.people[&p.a].id.clone(),
                    r.people[&p.b].id.clone(),
                    p.adamic_adar.to_bits(),
                    p.common,
                )
            })
            .collect();
        assert_eq!(got, want);
    }
}

#[test]
fn dataflow_update_command_prints_the_changed_positions() {
    let (tmp, dir) = generated(7, 200, 21);
    let (file, after) = (tmp.path().join("changes.csv"), tmp.path().join("after"));
    changes_for(&dir, &file, &after);
    let a = hoptac()
        .arg("--data")
        .arg(&dir)
        .args([
            "dataflow", "update", "--field", "ai", "--top", "3", "--format", "csv",
        ])
        .arg("--changes")
        .arg(&file)
        .assert()
        .success();
    let out = crate::stdout(&a);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "change,researcher,rank,partner,partner_university,score,adamic_adar,common_coauthors,was"
    );
    assert!(lines.count() > 0);
}

#[test]
fn dataflow_refuses_bad_input_with_its_position() {
    let dir = crate::Fixture::tiny();
    let co = std::fs::read_to_string(dir.file("coauthorships.csv")).unwrap();
    std::fs::write(
        dir.file("coauthorships.csv"),
        format!(
            "{co}{}nobody,{}\n",
            "",
            co.lines().nth(1).unwrap().split_once(',').unwrap().1
        ),
    )
    .unwrap();
    let line = co.lines().count() + 1;
    let field = std::fs::read_to_string(dir.file("fields.csv")).unwrap();
    let field = field
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    for cmd in [vec!["pairs", "--field", &field], vec!["partners"]] {
        let a = hoptac()
            .arg("--data")
            .arg(dir.path())
            .arg("dataflow")
            .args(&cmd)
            .assert()
            .code(2);
        let err = crate::stderr(&a);
        assert!(
            err.contains(&format!(
                "coauthorships.csv:{line}: the researcher in column a is not in researchers.csv"
            )),
            "{cmd:?}: {err}"
        );
    }
    let hosts = dir.file("hosts.txt");
    std::fs::write(&hosts, "127.0.0.1:1\n").unwrap();
    let a = hoptac()
        .args([
            "--as", "admin", "dataflow", "partners", "-n", "2", "-p", "0", "-h",
        ])
        .arg(&hosts)
        .assert()
        .code(2);
    assert!(crate::stderr(&a).contains("expected one host:port line per process"));
    // The built-in dataset has a data-sharing policy: the workers, which read past it, are
    // for administrators only.
    let a = hoptac().args(["dataflow", "partners"]).assert().code(2);
    assert!(crate::stderr(&a).contains("administrators only"));
}
