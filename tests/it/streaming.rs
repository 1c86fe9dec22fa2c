//! Large outputs written as they are computed: the same bytes as rendering everything at once.

use hoptac::graph::Graph;
use hoptac::load::{load, Source};
use hoptac::profile::Profile;
use hoptac::render::scores;
use hoptac::score::{self, Mode};
use hoptac::table::{self, Format};

use crate::{hoptac, stdout};

/// The full partner matrix of a generated consortium of 150 universities (three chunks of the
/// stream), as JSON and CSV, against the whole matrix rendered in one piece by the library.
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
        for (format, want) in [("json", json), ("csv", csv)] {
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
