//! Data-sharing rules end to end: a unique marker is planted in every attribute a policy
//! hides, every command is run in every output format for every audience, and no marker may
//! appear in any byte of any output; the administrators (who see everything) must see them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::hoptac;

/// What was planted, by attribute: the marker strings and the university whose records hold
/// them.
struct Planted {
    dir: tempfile::TempDir,
    /// (attribute, owner university, markers)
    markers: Vec<(&'static str, &'static str, Vec<String>)>,
}

fn rewrite(path: &Path, mut f: impl FnMut(&BTreeMap<String, usize>, &mut Vec<String>)) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let cols: BTreeMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for rec in r.records() {
        let mut row: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        f(&cols, &mut row);
        w.write_record(&row).unwrap();
    }
    fs::write(path, w.into_inner().unwrap()).unwrap();
}

const POLICY: &str = r#"
[university.hust]
name = "own"

[university.hcmut]
h_index = "own"
free_hours = "own"

[university.dut]
publications = "nobody"
topics = "own"
equipment = "consortium"

[university.huce]
labs = "own"
"#;

/// Four universities (hust, hcmut, dut, huce) with markers planted where the policy hides.
fn planted() -> Planted {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hoptac()
        .args([
            "generate",
            "--universities",
            "4",
            "--researchers-per-university",
            "40",
        ])
        .args(["--seed", "11", "--terms", "--out"])
        .arg(d.join("data"))
        .assert()
        .success();
    let data = d.join("data");
    let mut names = Vec::new();
    let mut hs = Vec::new();
    let mut pubs = Vec::new();
    let mut hust_ids = Vec::new();
    let mut dut_ids = Vec::new();
    rewrite(&data.join("researchers.csv"), |c, row| {
        match row[c["university"]].as_str() {
            "hust" => {
                let m = format!("Qzname{}x", names.len());
                row[c["name"]] = m.clone();
                hust_ids.push(row[c["id"]].clone());
                names.push(m);
            }
            "hcmut" if hs.len() < 3 => {
                let h = 997 + hs.len();
                row[c["h_index"]] = h.to_string();
                hs.push(h.to_string());
            }
            "dut" => {
                let p = 987_651 + pubs.len();
                row[c["publications"]] = p.to_string();
                pubs.push(p.to_string());
                dut_ids.push(row[c["id"]].clone());
            }
            _ => {}
        }
    });
    let mut labs = Vec::new();
    let mut equipment = Vec::new();
    let mut hours = Vec::new();
    rewrite(&data.join("labs.csv"), |c, row| {
        match row[c["university"]].as_str() {
            "huce" => {
                let m = format!("Qzlab{}x", labs.len());
                row[c["name"]] = m.clone();
                labs.push(m);
            }
            "dut" => {
                let m = format!("Qzequip{}x", equipment.len());
                row[c["equipment"]] = format!("{m};Qzequip{}y", equipment.len());
                equipment.push(m);
            }
            "hcmut" => {
                row[c["capacity_hours"]] = "737".into();
                hours = vec!["737".to_string()];
            }
            _ => {}
        }
    });
    // DUT's terms, renamed to markers; HUCE researchers with the same term get the same
    // marker, so that a DUT–HUCE pair shares it (and only such a pair can show it).
    let mut huce_ids = Vec::new();
    rewrite(&data.join("researchers.csv"), |c, row| {
        if row[c["university"]] == "huce" {
            huce_ids.push(row[c["id"]].clone());
        }
    });
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    rewrite(&data.join("terms.csv"), |c, row| {
        if dut_ids.contains(&row[c["researcher"]]) {
            let next = format!("Qzterm{}x", renamed.len());
            let m = renamed
                .entry(row[c["term"]].to_lowercase())
                .or_insert(next)
                .clone();
            row[c["term"]] = m;
        }
    });
    rewrite(&data.join("terms.csv"), |c, row| {
        if huce_ids.contains(&row[c["researcher"]]) {
            if let Some(m) = renamed.get(&row[c["term"]].to_lowercase()) {
                row[c["term"]] = m.clone();
            }
        }
    });
    let terms: Vec<String> = renamed.into_values().collect();
    fs::write(data.join("policy.toml"), POLICY).unwrap();
    Planted {
        dir,
        markers: vec![
            ("name", "hust", names),
            // The ids of hidden researchers are theirs too.
            ("name", "hust", hust_ids),
            ("h_index", "hcmut", hs),
            ("free_hours", "hcmut", hours),
            ("publications", "dut", pubs),
            ("topics", "dut", terms),
            ("equipment", "dut", equipment),
            ("labs", "huce", labs),
        ],
    }
}

/// Whether the policy above hides `attribute` of `owner`'s records from `audience`.
fn hidden(attribute: &str, owner: &str, audience: &str) -> bool {
    let level = match (attribute, owner) {
        ("name", "hust") | ("h_index", "hcmut") | ("free_hours", "hcmut") => "own",
        ("topics", "dut") | ("labs", "huce") => "own",
        ("publications", "dut") => "nobody",
        ("equipment", "dut") => "consortium",
        _ => "public",
    };
    match (level, audience) {
        (_, "admin") | ("public", _) => false,
        ("nobody", _) => true,
        ("consortium", "public") => true,
        ("consortium", _) => false,
        ("own", a) => a != owner,
        _ => unreachable!(),
    }
}

/// `needle` in `hay` as a whole token: not inside a longer number or word.
fn contains_token(hay: &str, needle: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '.' || c == '_' || c == '-';
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// A ministry's list of tasks (problem statements over the generated terms and fields; no
/// marker in them), for `teams --calls` and the report's tasks page.
const TASKS: &str = "id,text,province
wind,wind power forecasting with random forest,Đà Nẵng
sensors,wireless sensor network monitoring system,Hà Nội
waste,solid waste and emission,Cần Thơ
films,thin film biomaterial,
grid,smart grid power system with machine learning,north
";

/// Every output of every command for `audience`, as (what, text).
fn outputs(data: &Path, audience: &str, out: &Path) -> Vec<(String, String)> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // One file per audience: the audiences run side by side.
    let tasks = out.join(format!("tasks-{audience}.csv"));
    fs::write(&tasks, TASKS).unwrap();
    let tasks = tasks.display().to_string();
    for format in ["table", "csv", "json", "md"] {
        runs.push(s(&["teams", "--calls", &tasks, "--format", format]));
        {
            let field = "ai";
            runs.push(s(&["rank", "--field", field, "--format", format]));
            runs.push(s(&[
                "rank",
                "--field",
                field,
                "--university",
                "dut",
                "--format",
                format,
            ]));
            runs.push(s(&["leaders", "--field", field, "--format", format]));
            runs.push(s(&[
                "pairs",
                "--field",
                field,
                "--top",
                "200",
                "--max-per-researcher",
                "0",
                "--format",
                format,
            ]));
            runs.push(s(&[
                "labs", "--field", field, "--top", "100", "--format", format,
            ]));
        }
        runs.push(s(&[
            "teams",
            "--fields",
            "ai",
            "--size",
            "3-4",
            "--min-universities",
            "2",
            "--min-regions",
            "1",
            "--top",
            "5",
            "--format",
            format,
        ]));
        runs.push(s(&["labs", "--university", "hcmut", "--format", format]));
        runs.push(s(&["labs", "--equipment", "qzequip", "--format", format]));
        runs.push(s(&["labs", "--joint", "--format", format]));
        runs.push(s(&["stats", "--format", format]));
    }
    for format in ["graphml", "gexf", "dot"] {
        runs.push(s(&["export", "--format", format]));
        runs.push(s(&["export", "--format", format, "--field", "ai"]));
    }
    let mut got = Vec::new();
    for args in runs {
        let o = hoptac()
            .arg("--data")
            .arg(data)
            .args(["--as", audience])
            .args(&args)
            .output()
            .unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{audience} {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        got.push((args.join(" "), text));
    }
    let report = out.join(format!("report-{audience}"));
    hoptac()
        .arg("--data")
        .arg(data)
        .args([
            "--as",
            audience,
            "report",
            "--format",
            "html,md,csv,json",
            "--tasks",
            &tasks,
            "--out",
        ])
        .arg(&report)
        .assert()
        .success();
    assert!(report.join("tasks.html").is_file() && report.join("csv/task_members.csv").is_file());
    let mut files = vec![report.clone()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let name = p.strip_prefix(&report).unwrap().display().to_string();
            got.push((format!("report {name} (its name)"), name.clone()));
            got.push((format!("report {name}"), fs::read_to_string(&p).unwrap()));
        }
    }
    got
}

#[test]
fn no_withheld_marker_appears_in_any_output_for_any_audience() {
    let p = planted();
    let data: PathBuf = p.dir.path().join("data");
    let audiences = [
        "public",
        "consortium",
        "hust",
        "hcmut",
        "dut",
        "huce",
        "admin",
    ];
    let mut leaks = Vec::new();
    let mut seen_by_admin = BTreeMap::new();
    // The audiences run side by side: each is some seventy commands.
    let all: Vec<(&str, Vec<(String, String)>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = audiences
            .iter()
            .map(|&a| {
                let (data, dir) = (&data, p.dir.path());
                scope.spawn(move || (a, outputs(data, a, dir)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (audience, outs) in all {
        for (attribute, owner, markers) in &p.markers {
            for m in markers {
                let found: Vec<&String> = outs
                    .iter()
                    .filter(|(_, text)| contains_token(text, m))
                    .map(|(what, _)| what)
                    .collect();
                if hidden(attribute, owner, audience) {
                    if let Some(what) = found.first() {
                        leaks.push(format!(
                            "{attribute} marker {m} of {owner} shown to {audience} in `{what}`"
                        ));
                    }
                } else if audience == "admin" && !found.is_empty() {
                    *seen_by_admin.entry(*attribute).or_insert(0) += 1;
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks[..leaks.len().min(30)].join("\n")
    );
    // The test can fail: the administrators see the markers of every kind that any output shows.
    for attribute in [
        "name",
        "h_index",
        "free_hours",
        "topics",
        "equipment",
        "labs",
    ] {
        assert!(
            seen_by_admin.get(attribute).copied().unwrap_or(0) > 0,
            "no {attribute} marker in any admin output: {seen_by_admin:?}"
        );
    }
}

#[test]
fn the_built_in_policy_keeps_the_opted_out_researcher_out_of_every_list() {
    for audience in ["public", "consortium", "dut"] {
        let o = hoptac()
            .args([
                "--as", audience, "pairs", "--field", "bigdata", "--top", "500",
            ])
            .args(["--max-per-researcher", "0", "--format", "csv"])
            .output()
            .unwrap();
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.lines().count() > 10, "{audience}: {text}");
        assert!(!text.contains("dut-0001"), "{audience}: dut-0001 opted out");
    }
    let admin = hoptac()
        .args([
            "--as", "admin", "pairs", "--field", "bigdata", "--top", "500",
        ])
        .args(["--max-per-researcher", "0", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8(admin.stdout)
        .unwrap()
        .contains("dut-0001"));
}

#[test]
fn a_bad_policy_is_refused_with_every_problem_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    fs::write(
        &p,
        "[default]\nh_index = \"friends\"\n[university.nowhere]\nname = \"own\"\n",
    )
    .unwrap();
    let o = hoptac()
        .arg("--policy")
        .arg(&p)
        .args(["pairs", "--field", "ai"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("p.toml:2:1"), "{err}");
    assert!(
        err.contains("p.toml:3:1") && err.contains("unknown university `nowhere`"),
        "{err}"
    );
    let o = hoptac()
        .args(["--as", "nowhere", "pairs", "--field", "ai"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nowhere"));
}

#[test]
fn every_answer_is_logged_with_its_audience_and_policy() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    for audience in ["public", "hust"] {
        hoptac()
            .args(["--as", audience, "--audit-log"])
            .arg(&log)
            .args(["rank", "--field", "ai", "--university", "dut"])
            .assert()
            .success();
    }
    let lines: Vec<serde_json::Value> = fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["audience"], "public");
    assert_eq!(lines[1]["audience"], "hust");
    assert_eq!(lines[0]["command"], "rank");
    assert_eq!(lines[0]["policy"], lines[1]["policy"]);
    // The built-in policy hides HUST's and Thuyloi's h-indexes from the public: 400 researchers.
    assert_eq!(lines[0]["withheld"]["h_index"], 400);
    assert_eq!(lines[1]["withheld"]["h_index"], 200, "HUST sees its own");
}

mod random_policies {
    use hoptac::graph::Graph;
    use hoptac::load::Source;
    use hoptac::policy::{allows, Attribute, Audience, Level, Policy};
    use hoptac::query::{self, Engine, PairsRequest, TeamsRequest};
    use hoptac::render::{scores, teams};
    use proptest::prelude::*;

    const UNIS: [&str; 7] = ["hust", "hcmut", "dut", "huce", "utc", "humg", "tlu"];
    const PERSONAL: [Attribute; 8] = [
        Attribute::Name,
        Attribute::Title,
        Attribute::HIndex,
        Attribute::Publications,
        Attribute::Expertise,
        Attribute::Topics,
        Attribute::Coauthorship,
        Attribute::Proposals,
    ];

    fn level(i: u8) -> Level {
        Level::ALL[i as usize % 4]
    }

    fn audience(i: u8) -> Audience {
        match i % 10 {
            0 => Audience::Public,
            1 => Audience::Consortium,
            2 => Audience::Admin,
            k => Audience::University(UNIS[(k - 3) as usize].into()),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Under any policy, for any audience: the view's copy holds no withheld value (checked
        /// against the levels worked out here with `allows`), and no pair or team shown names a
        /// researcher whose record is withheld.
        #[test]
        fn any_policy_withholds_exactly_what_its_levels_say(
            levels in proptest::collection::vec(0u8..4, UNIS.len() * PERSONAL.len()),
            who in 0u8..10,
        ) {
            let mut toml = String::new();
            for (u, uni) in UNIS.iter().enumerate() {
                toml.push_str(&format!("[university.{uni}]\n"));
                for (a, attr) in PERSONAL.iter().enumerate() {
                    let l = level(levels[u * PERSONAL.len() + a]);
                    toml.push_str(&format!("{} = \"{}\"\n", attr.as_str(), l.as_str()));
                }
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("p.toml");
            std::fs::write(&path, &toml).unwrap();
            let ds = hoptac::load::load(&Source::Embedded).unwrap();
            let policy = Policy::load(&Source::Embedded, Some(&path), &ds).unwrap();
            let raw = ds.clone();
            let aud = audience(who);
            let e = Engine::new(Graph::build(ds), Default::default())
                .with_policy(&policy, aud.clone())
                .unwrap();
            let shown = e.data();
            let visible = |r: hoptac::model::ResearcherIdx, a: Attribute| {
                let x = raw.researcher(r);
                let u = raw.university(x.university).id.as_str();
                let ui = UNIS.iter().position(|n| *n == u).unwrap();
                let at = |a: Attribute| {
                    let j = PERSONAL.iter().position(|p| *p == a).unwrap();
                    // dut-0001 opted out of proposals in the built-in choices (not locked).
                    if a == Attribute::Proposals && x.id == "dut-0001" {
                        return Level::Nobody;
                    }
                    level(levels[ui * PERSONAL.len() + j])
                };
                let sees = |a: Attribute| allows(at(a), &aud, u, true);
                sees(Attribute::Name) && sees(a)
            };
            let mut hidden_ids = Vec::new();
            for r in raw.researcher_ids() {
                let (x, y) = (raw.researcher(r), shown.researcher(r));
                prop_assert_eq!(e.view().sees(r, Attribute::HIndex), visible(r, Attribute::HIndex));
                if !visible(r, Attribute::Name) {
                    prop_assert!(y.id != x.id && y.name != x.name);
                    hidden_ids.push(x.id.clone());
                }
                if !visible(r, Attribute::HIndex) {
                    prop_assert_eq!(y.h_index, 0);
                }
                if !visible(r, Attribute::Publications) {
                    prop_assert_eq!(y.publications, 0);
                }
            }
            for x in &shown.expertise {
                let id = &raw.researcher(x.researcher).id;
                prop_assert!(visible(x.researcher, Attribute::Expertise), "{} {}", id, aud);
                prop_assert!(visible(x.researcher, Attribute::Proposals), "{} {}", id, aud);
            }
            for c in &shown.coauthorships {
                prop_assert!(visible(c.a, Attribute::Coauthorship) && visible(c.b, Attribute::Coauthorship));
            }
            let field = "ai".to_string();
            let req = PairsRequest { field: field.clone(), top: 200, max_per_researcher: 0, ..Default::default() };
            let p = query::pairs(&e, &req).unwrap();
            let text = scores::pairs_json(e.view(), p.field, &p.pairs).to_string();
            for x in &p.pairs {
                prop_assert!(visible(x.a, Attribute::Proposals) && visible(x.b, Attribute::Proposals));
            }
            let calls = query::CallInput::Toml {
                name: "call.toml".into(),
                text: "fields = [\"ai\"]\nsize = \"3-4\"\nmin_universities = 2\nmin_regions = 1\n".into(),
            };
            let req = TeamsRequest { calls, top: 3, solver: None, max_university_share: 1.0 };
            let team_text = match query::teams(&e, &req).unwrap() {
                query::TeamsResponse::One { call, proposal, .. } => {
                    for t in &proposal.teams {
                        for &m in &t.members {
                            prop_assert!(visible(m, Attribute::Proposals));
                        }
                    }
                    teams::teams_json(e.view(), &call, &e.profile().teams, &proposal).to_string()
                }
                other => panic!("one call gives one answer: {other:?}"),
            };
            for id in &hidden_ids {
                let quoted = format!("\"{id}\"");
                prop_assert!(!text.contains(&quoted), "{} in pairs", id);
                prop_assert!(!team_text.contains(&quoted), "{} in teams", id);
            }
        }
    }
}

/// The country component counts co-authorships between two countries, an aggregate of
/// everyone's: where anyone's co-authorships are withheld from the audience and the count is
/// below `min_count`, it is left out (and out of the score); shown to an audience that sees
/// them all. UC is put in JP (UA, UB in VN) with one VN–JP co-authorship, a3 (UA) – c2 (UC).
#[test]
fn a_small_country_count_is_withheld_where_coauthorships_are() {
    let f = super::Fixture::tiny()
        .edit(
            "universities.csv",
            "short_name,city,region,aliases\n",
            "short_name,city,region,aliases,country\n",
        )
        .edit("universities.csv", ",ĐH A\n", ",ĐH A,VN\n")
        .edit("universities.csv", "central,\n", "central,,VN\n")
        .edit("universities.csv", "south,\n", "south,,JP\n")
        .edit(
            "coauthorships.csv",
            "c1,c2,4,2018,2025\n",
            "c1,c2,4,2018,2025\na3,c2,1,2024,2024\n",
        );
    let country_of_uc = |audience: Option<&str>| -> serde_json::Value {
        let mut args = vec![];
        if let Some(a) = audience {
            args.extend(["--as", a]);
        }
        args.extend([
            "rank",
            "--field",
            "water",
            "--university",
            "ub",
            "--format",
            "json",
        ]);
        let out = super::stdout(&f.run(&args).success());
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        let uc = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["university"] == "uc")
            .unwrap();
        uc["details"]["country"].clone()
    };
    // No policy: lift(VN, JP) = 1.5 / 1.25 = 1.2 (graph::tests::country_lifts_by_hand),
    // value 1.2 / 2.2, weight 0.05: 0.0273.
    let open = country_of_uc(None);
    assert_eq!(open["raw"], 1.0);
    assert!(
        (open["contribution"].as_f64().unwrap() - 0.0273).abs() < 1e-9,
        "{open}"
    );
    assert!(
        open["explain"]
            .as_str()
            .unwrap()
            .contains("between VN and JP"),
        "{open}"
    );
    fs::write(
        f.file("policy.toml"),
        "min_count = 5\n[university.ua]\ncoauthorship = \"own\"\n",
    )
    .unwrap();
    for audience in ["public", "ub"] {
        let hidden = country_of_uc(Some(audience));
        assert_eq!(hidden["contribution"], 0.0, "{audience}: {hidden}");
        assert!(
            hidden["explain"].as_str().unwrap().contains("left out"),
            "{audience}: {hidden}"
        );
    }
    // UA sees its own co-authorships: nothing is withheld from it.
    let own = country_of_uc(Some("ua"));
    assert_eq!(own["contribution"], open["contribution"], "{own}");
}
