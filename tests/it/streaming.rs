//! Large outputs written as they are computed: the same bytes as rendering everything at once.

use hoptac::graph::Graph;
use hoptac::load::{load, Source};
use hoptac::profile::Profile;
use hoptac::render::scores;
use hoptac::score::{self, Mode};
use hoptac::table::{self, Format};

use crate::{hoptac, stdout};

/// The full partner matrix of a generated consortium of 150 universities (three chunks of the
/// stream), as JSON, CSV, text and Markdown, against the whole matrix rendered in one piece by
/// the library.
#[test]
fn the_streamed_partner_matrix_is_the_whole_matrix_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    hoptac()
        .args([
            "generate",
            "--universities",
            "150",
            "--researchers-per-university",
            "8",
        ])
        .args(["--seed", "5", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let g = Graph::build(load(&Source::Dir(dir.clone())).unwrap());
    let f = g.data().field_by_id("water").unwrap();
    for (mode, flag) in [(Mode::Strengthen, "strengthen"), (Mode::New, "new")] {
        let lists: Vec<_> = score::partner_matrix(&g, f, &Profile::default().partner, mode)
            .into_iter()
            .map(|mut l| {
                l.truncate(7);
                l
            })
            .collect();
        let mut json =
            serde_json::to_string_pretty(&scores::rank_json(&g, f, mode, &lists)).unwrap();
        json.push('\n');
        let csv = table::render(&[scores::rank_csv_table(&g, f, mode, &lists)], Format::Csv);
        // The grid (text, Markdown) is filled chunk by chunk from scores alone.
        let grid = |format| table::render(&[scores::matrix_table(&g, f, mode, &lists)], format);
        for (format, want) in [
            ("json", json),
            ("csv", csv),
            ("table", grid(Format::Table)),
            ("md", grid(Format::Markdown)),
        ] {
            let a = hoptac()
                .arg("--data")
                .arg(&dir)
                .args([
                    "rank", "--field", "water", "--top", "7", "--mode", flag, "--format", format,
                ])
                .assert()
                .success();
            assert_eq!(stdout(&a), want, "{format} {flag}");
        }
    }
}

/// A generated consortium of `universities` with eight researchers each (seed 5).
fn generated(universities: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    hoptac()
        .args(["generate", "--universities", &universities.to_string()])
        .args(["--researchers-per-university", "8", "--seed", "5", "--out"])
        .arg(&dir)
        .assert()
        .success();
    (tmp, dir)
}

/// An engine over `source` answering for `audience` under the source's own policy (the
/// built-in dataset ships one), as the binary builds it.
fn engine_for(source: &Source, audience: &str) -> hoptac::query::Engine {
    let ds = load(source).unwrap();
    let policy = hoptac::policy::Policy::load(source, None, &ds).unwrap();
    hoptac::query::Engine::new(Graph::build(ds), Profile::default())
        .with_policy(&policy, audience.parse().unwrap())
        .unwrap()
}

/// `hoptac [--data DIR] --as AUDIENCE labs ARGS`.
fn labs_cli(dir: Option<&std::path::Path>, audience: &str, args: &[&str]) -> String {
    let mut c = hoptac();
    if let Some(d) = dir {
        c.arg("--data").arg(d);
    }
    let a = c
        .args(["--as", audience, "labs"])
        .args(args)
        .assert()
        .success();
    stdout(&a)
}

/// Every lab opportunity (`labs` without `--top`), written as it is computed in score bands
/// and chunks, against the collected list of `query::labs` rendered whole by the library, in
/// all four formats: on a generated consortium with more opportunities than one chunk, and on
/// the built-in dataset for audiences whose view withholds labs, free hours and equipment (the
/// guard then runs on the scored candidates instead of on the explained list).
#[test]
fn every_lab_opportunity_streamed_is_the_collected_list_byte_for_byte() {
    use hoptac::query::{self, LabsRequest};
    use hoptac::render::labs as lab_output;
    let (_tmp, dir) = generated(60);
    let cases: Vec<(Option<&std::path::Path>, Source, &str)> = vec![
        (Some(dir.as_path()), Source::Dir(dir.clone()), "public"),
        (None, Source::Embedded, "public"),
        (None, Source::Embedded, "consortium"),
        (None, Source::Embedded, "hust"),
    ];
    let mut withheld = 0;
    for (data, source, audience) in &cases {
        let e = engine_for(source, audience);
        for field in [None, Some("water")] {
            let req = LabsRequest {
                field: field.map(String::from),
                ..Default::default()
            };
            let r = query::labs(&e, &req).unwrap();
            let list = &r.lists[0].1;
            let g = e.view();
            if data.is_some() && field.is_none() {
                assert!(
                    list.len() > 2 * query::LABS_CHUNK,
                    "{} opportunities",
                    list.len()
                );
            }
            withheld += list
                .iter()
                .flat_map(|o| &o.components)
                .filter(|c| c.explain.contains("left out"))
                .count();
            let title = match r.field {
                Some(f) => format!("Shared-lab opportunities in {}", g.data().field(f).name_en),
                None => "Shared-lab opportunities".to_string(),
            };
            let roles = [(None, list.as_slice())];
            let mut json =
                serde_json::to_string_pretty(&lab_output::opportunities_json(g, &roles)).unwrap();
            json.push('\n');
            let wants = [
                ("json", json),
                (
                    "csv",
                    table::render(&[lab_output::opportunities_csv(g, &roles)], Format::Csv),
                ),
                (
                    "table",
                    table::render(
                        &[lab_output::opportunities_table(g, &title, list)],
                        Format::Table,
                    ),
                ),
                (
                    "md",
                    table::render(
                        &[lab_output::opportunities_table(g, &title, list)],
                        Format::Markdown,
                    ),
                ),
            ];
            for (format, want) in wants {
                let mut args = vec!["--format", format];
                if let Some(f) = field {
                    args.extend(["--field", f]);
                }
                let got = labs_cli(*data, audience, &args);
                assert!(
                    got == want,
                    "{audience} {field:?} {format}: streamed output differs"
                );
            }
        }
    }
    assert!(withheld > 0, "no audience had a withheld lab component");
}

/// `labs --top-per-university N` is, university by university, the first N of the borrow list
/// `labs --university U` gives (universities with nothing to borrow left out), rendered as one
/// JSON array, one CSV table, or one text / Markdown table per university.
#[test]
fn labs_top_per_university_is_each_universitys_borrow_list_in_turn() {
    use hoptac::query::{self, LabsRequest};
    use hoptac::render::labs as lab_output;
    let (_tmp, dir) = generated(70);
    let cases: Vec<(Option<&std::path::Path>, Source, &str)> = vec![
        (Some(dir.as_path()), Source::Dir(dir.clone()), "public"),
        (None, Source::Embedded, "public"),
        (None, Source::Embedded, "consortium"),
    ];
    for (data, source, audience) in &cases {
        let e = engine_for(source, audience);
        let g = e.view();
        for n in [1usize, 3] {
            let mut lists = Vec::new();
            for u in g.data().university_ids() {
                let uni = g.data().university(u);
                let req = LabsRequest {
                    field: Some("ai".into()),
                    university: Some(uni.id.clone()),
                    top: None,
                };
                let r = query::labs(&e, &req).unwrap();
                let (role, borrow) = &r.lists[0];
                assert_eq!(*role, query::LabRole::Borrow);
                if !borrow.is_empty() {
                    let title = format!(
                        "Labs {} can borrow in {}",
                        uni.short_name,
                        g.data().field(r.field.unwrap()).name_en
                    );
                    lists.push((title, borrow[..n.min(borrow.len())].to_vec()));
                }
            }
            assert!(lists.len() > 1, "{audience}: too few universities borrow");
            let roles: Vec<lab_output::RoleList<'_>> = lists
                .iter()
                .map(|(_, l)| (Some("borrow"), l.as_slice()))
                .collect();
            let mut json =
                serde_json::to_string_pretty(&lab_output::opportunities_json(g, &roles)).unwrap();
            json.push('\n');
            let tables: Vec<_> = lists
                .iter()
                .map(|(t, l)| lab_output::opportunities_table(g, t, l))
                .collect();
            let wants = [
                ("json", json),
                (
                    "csv",
                    table::render(&[lab_output::opportunities_csv(g, &roles)], Format::Csv),
                ),
                ("table", table::render(&tables, Format::Table)),
                ("md", table::render(&tables, Format::Markdown)),
            ];
            let top = n.to_string();
            for (format, want) in wants {
                let args = [
                    "--field",
                    "ai",
                    "--top-per-university",
                    &top,
                    "--format",
                    format,
                ];
                let got = labs_cli(*data, audience, &args);
                assert!(got == want, "{audience} top {n} {format}: output differs");
            }
        }
    }
}
