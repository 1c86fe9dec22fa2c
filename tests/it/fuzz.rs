//! A seeded, deterministic fuzz harness over the dataset loader, every bibliographic importer,
//! the uniquip reader and the call parsers.
//!
//! Inputs are structured mutations of real files — the public samples in
//! `../shared/data/real/` (read, never written; prefixes of the large ones), `tests/fixtures`
//! and `examples/` — plus random bytes. Each case runs the library function in-process under
//! `catch_unwind` and asserts: no panic, and an error names a file it read. A few cases go
//! through the binary and assert an exit code of 0, 1 or 2.
//!
//! `cargo test` runs [`DEFAULT_CASES`] cases per target (a few seconds in debug);
//! `HOPTAC_FUZZ_CASES=100000 cargo test --release --test it fuzz` runs more. Case `i` of a
//! target is the same input on every machine (ChaCha8 seeded with the target and `i`); a
//! failing input is saved under `target/fuzz-failures/` with its case number.
//!
//! Nesting is capped at [`MAX_NEST`] brackets in the default run so that a stack overflow (which
//! no `catch_unwind` can stop) in an importer does not take the whole test binary down;
//! `HOPTAC_FUZZ_DEEP=1` lifts the cap to 100,000 (run it with `--test-threads 1` and
//! `HOPTAC_FUZZ_TRACE=1`, which keeps each importer input in `target/fuzz-failures/last-*`
//! before it runs, so that an abort leaves its input behind).

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use hoptac::import::{self, Format, ImportConfig};
use hoptac::load::{self, Source};

const DEFAULT_CASES: usize = 120;
const MAX_NEST: usize = 64;

fn cases() -> usize {
    std::env::var("HOPTAC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn max_nest() -> usize {
    if std::env::var_os("HOPTAC_FUZZ_DEEP").is_some() {
        100_000
    } else {
        MAX_NEST
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first `max` bytes of `path`, cut after the last full line (or after the last line that
/// is exactly `end`, so that record formats keep whole records), or `None` when absent.
fn prefix(path: &Path, max: usize, end: Option<&str>) -> Option<Vec<u8>> {
    let bytes = fs::read(path).ok()?;
    if bytes.len() <= max {
        return Some(bytes);
    }
    let head = &bytes[..max];
    let cut = match end {
        Some(e) => {
            let pat = format!("\n{e}\n");
            head.windows(pat.len())
                .rposition(|w| w == pat.as_bytes())
                .map(|p| p + pat.len())
        }
        None => head.iter().rposition(|b| *b == b'\n').map(|p| p + 1),
    };
    Some(head[..cut.unwrap_or(max)].to_vec())
}

/// The real samples available here (each a `(name, bytes)`): empty without `../shared`.
fn real(files: &[(&str, usize, Option<&str>)]) -> Vec<(String, Vec<u8>)> {
    let base = root().join("../shared/data/real");
    files
        .iter()
        .filter_map(|(f, max, end)| {
            prefix(&base.join(f), *max, *end).map(|b| (f.replace('/', "_"), b))
        })
        .collect()
}

fn local(files: &[&str]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let p = root().join(f);
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap_or_else(|e| panic!("{f}: {e}")),
            )
        })
        .collect()
}

/// Tokens that break parsers: quotes, separators, controls, formulas, huge and odd numbers,
/// brackets, invalid UTF-8, long runs, combining marks.
fn nasty(rng: &mut ChaCha8Rng) -> Vec<u8> {
    const TOKENS: &[&[u8]] = &[
        b"\"",
        b"\"\"",
        b",",
        b";",
        b"\t",
        b"\n",
        b"\r",
        b"\r\n",
        b"\0",
        b"\x1b[2J",
        b"=cmd|' /C calc'!A0",
        b"+SUM(1+1)",
        b"-1",
        b"0",
        b"-0",
        b"1e309",
        b"NaN",
        b"inf",
        b"99999999999999999999999",
        b"18446744073709551616",
        b"4294967296",
        b"-2147483649",
        b"0.0000001",
        b"{",
        b"}",
        b"[",
        b"]",
        b"{}",
        b"[]",
        b"null",
        b"true",
        b"\\",
        b"\\u0000",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xc3",
        b"\xed\xa0\x80",
        b"a\xcc\x81\xcc\x81\xcc\x81",
        b"\xf0\x9f\x92\xa9",
        b"ER",
        b"EF",
        b"PT J",
        b"AU ",
        b"C1 ",
        b"PY 99999",
        b"   ",
        b"\"authorships\":",
        b"{\"id\":",
        b"#",
        b"//",
        b"id,name",
        b"[[call]]",
        b"fields = [",
        b"=",
        b"'",
        b"\xe2\x80\xae",
    ];
    match rng.random_range(0..10) {
        0 => vec![b'a'; rng.random_range(1..20_000)],
        1 => {
            let n = rng.random_range(1..=max_nest());
            let open = if rng.random_bool(0.5) { b'[' } else { b'{' };
            let mut v = vec![open; n];
            if rng.random_bool(0.5) {
                v.extend(std::iter::repeat_n(
                    if open == b'[' { b']' } else { b'}' },
                    n,
                ));
            }
            v
        }
        _ => TOKENS[rng.random_range(0..TOKENS.len())].to_vec(),
    }
}

fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split_inclusive(|c| *c == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// One structured mutation of `input`, described in words.
fn mutate(rng: &mut ChaCha8Rng, input: &mut Vec<u8>) -> String {
    let len = input.len();
    let at = |rng: &mut ChaCha8Rng| {
        if len == 0 {
            0
        } else {
            rng.random_range(0..=len)
        }
    };
    match rng.random_range(0..11) {
        0 => {
            let p = at(rng);
            input.truncate(p);
            format!("truncated at {p}")
        }
        1 => {
            let a = at(rng);
            let b = (a + rng.random_range(0..200)).min(len);
            input.drain(a..b);
            format!("deleted {a}..{b}")
        }
        2 | 3 => {
            let p = at(rng);
            let t = nasty(rng);
            let d = format!(
                "inserted {:?} at {p}",
                String::from_utf8_lossy(&t[..t.len().min(20)])
            );
            input.splice(p..p, t);
            d
        }
        4 => {
            let mut ls = lines(input);
            if ls.is_empty() {
                return "nothing to duplicate".into();
            }
            let i = rng.random_range(0..ls.len());
            let n = rng.random_range(1..5);
            for _ in 0..n {
                ls.insert(i, ls[i].clone());
            }
            *input = ls.concat();
            format!("line {} repeated {n} times", i + 1)
        }
        5 => {
            let mut ls = lines(input);
            if ls.len() < 2 {
                return "nothing to swap".into();
            }
            let (i, j) = (rng.random_range(0..ls.len()), rng.random_range(0..ls.len()));
            ls.swap(i, j);
            *input = ls.concat();
            format!("lines {} and {} swapped", i + 1, j + 1)
        }
        6 => {
            // Replace one comma- (or tab-) separated cell of one line.
            let mut ls = lines(input);
            if ls.is_empty() {
                return "no cell".into();
            }
            let i = rng.random_range(0..ls.len());
            let sep = if ls[i].contains(&b'\t') { b'\t' } else { b',' };
            let mut cells: Vec<Vec<u8>> = ls[i].split(|c| *c == sep).map(<[u8]>::to_vec).collect();
            let j = rng.random_range(0..cells.len());
            cells[j] = nasty(rng);
            ls[i] = cells.join(&sep);
            *input = ls.concat();
            format!("line {} cell {} replaced", i + 1, j + 1)
        }
        7 => {
            let n = rng.random_range(0..2_000);
            *input = (0..n).map(|_| rng.random()).collect();
            format!("{n} random bytes")
        }
        8 => {
            let flips = rng.random_range(1..10);
            for _ in 0..flips {
                if !input.is_empty() {
                    let p = rng.random_range(0..input.len());
                    input[p] = rng.random();
                }
            }
            format!("{flips} bytes flipped")
        }
        9 => {
            // Drop one line (a header, a record's first line, …).
            let mut ls = lines(input);
            if ls.is_empty() {
                return "no line".into();
            }
            let i = rng.random_range(0..ls.len());
            ls.remove(i);
            *input = ls.concat();
            format!("line {} removed", i + 1)
        }
        _ => {
            input.clear();
            "emptied".into()
        }
    }
}

/// `input` after one to four mutations (or none, one case in ten).
fn mutated(rng: &mut ChaCha8Rng, seed: &[u8]) -> (Vec<u8>, String) {
    let mut v = seed.to_vec();
    if rng.random_range(0..10) == 0 {
        return (v, "unchanged".into());
    }
    let n = rng.random_range(1..=4);
    let what: Vec<String> = (0..n).map(|_| mutate(rng, &mut v)).collect();
    (v, what.join("; "))
}

/// Runs `cases()` cases of one target; `case` gets the case's rng and returns an error message
/// to check (if any) and the file names it must mention (any one of them).
struct Failure {
    target: &'static str,
    case: usize,
    what: String,
}

fn save_failure(target: &str, case: usize, files: &[(String, Vec<u8>)]) -> PathBuf {
    let dir = root()
        .join("target/fuzz-failures")
        .join(format!("{target}-{case}"));
    let _ = fs::create_dir_all(&dir);
    for (name, bytes) in files {
        let _ = fs::write(dir.join(name), bytes);
    }
    dir
}

/// Runs one target. `run` writes its input files into the folder it is given, runs the library
/// and returns the files written (to save on failure) and the error text (if any) with the file
/// names one of which it must contain.
fn drive(
    target: &'static str,
    salt: u64,
    run: impl Fn(
        &mut ChaCha8Rng,
        &Path,
    ) -> (
        Vec<(String, Vec<u8>)>,
        String,
        Option<(String, Vec<String>)>,
    ),
) {
    let mut failures: Vec<Failure> = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    for case in 0..cases() {
        let mut rng =
            ChaCha8Rng::seed_from_u64(salt.wrapping_mul(1_000_003).wrapping_add(case as u64));
        let dir = tmp.path().join(format!("c{case}"));
        fs::create_dir_all(&dir).unwrap();
        let files_cell = std::cell::RefCell::new(Vec::new());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let (files, what, err) = run(&mut rng, &dir);
            *files_cell.borrow_mut() = files;
            (what, err)
        }));
        match outcome {
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let saved = save_failure(target, case, &files_cell.borrow());
                failures.push(Failure {
                    target,
                    case,
                    what: format!("panic {msg:?}; input in {}", saved.display()),
                });
            }
            Ok((what, Some((err, names)))) => {
                if !names.iter().any(|n| err.contains(n.as_str())) {
                    let saved = save_failure(target, case, &files_cell.borrow());
                    failures.push(Failure {
                        target,
                        case,
                        what: format!(
                            "error names none of {names:?} ({what}): {}; input in {}",
                            err.lines().next().unwrap_or(""),
                            saved.display()
                        ),
                    });
                }
            }
            Ok(_) => {}
        }
        let _ = fs::remove_dir_all(&dir);
    }
    let report: Vec<String> = failures
        .iter()
        .map(|f| format!("{} case {}: {}", f.target, f.case, f.what))
        .collect();
    assert!(
        report.is_empty(),
        "{} failures:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn fuzz_load() {
    let tiny: Vec<(String, Vec<u8>)> = load::FILES
        .iter()
        .map(|f| {
            (
                f.to_string(),
                fs::read(super::fixtures().join("tiny").join(f)).unwrap(),
            )
        })
        .collect();
    let labs: Vec<(String, Vec<u8>)> = load::FILES
        .iter()
        .map(|f| {
            (
                f.to_string(),
                fs::read(super::fixtures().join("labs").join(f)).unwrap(),
            )
        })
        .collect();
    let seeds = [tiny, labs];
    drive("load", 1, |rng, dir| {
        let seed = &seeds[rng.random_range(0..seeds.len())];
        let k = rng.random_range(0..seed.len());
        let mut files = Vec::new();
        let mut what = String::new();
        for (i, (name, bytes)) in seed.iter().enumerate() {
            // Usually one file mutated, sometimes two, sometimes one missing.
            let b = if i == k || rng.random_range(0..8) == 0 {
                let (b, w) = mutated(rng, bytes);
                what = format!("{what}{name}: {w}; ");
                b
            } else {
                bytes.clone()
            };
            if rng.random_range(0..40) == 0 {
                what.push_str(&format!("{name} missing; "));
                continue;
            }
            fs::write(dir.join(name), &b).unwrap();
            files.push((name.clone(), b));
        }
        let err = load::load(&Source::Dir(dir.to_path_buf())).err().map(|e| {
            (
                e.to_string(),
                load::FILES.iter().map(|f| f.to_string()).collect(),
            )
        });
        (files, what, err)
    });
}

/// With `HOPTAC_FUZZ_TRACE` set, the input about to be run is kept as
/// `target/fuzz-failures/last-<target>-<file>` and named on standard error, so that an abort
/// (a stack overflow) leaves its input behind.
fn trace(target: &str, file: &str, bytes: &[u8], what: &str) {
    if std::env::var_os("HOPTAC_FUZZ_TRACE").is_none() {
        return;
    }
    let dir = root().join("target/fuzz-failures");
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(format!("last-{target}-{file}"));
    let _ = fs::write(&path, bytes);
    eprintln!("{target}: {} ({what})", path.display());
}

/// A target over one importer: a seed file mutated, written as `name`, imported.
fn fuzz_importer(
    target: &'static str,
    salt: u64,
    format: Format,
    seeds: Vec<(String, Vec<u8>)>,
    ext: &str,
) {
    assert!(!seeds.is_empty());
    let ext = ext.to_string();
    drive(target, salt, move |rng, dir| {
        let (name, seed) = &seeds[rng.random_range(0..seeds.len())];
        let (bytes, what) = mutated(rng, seed);
        let file = format!("input-{}.{ext}", name.replace('.', "_"));
        let path = dir.join(&file);
        fs::write(&path, &bytes).unwrap();
        trace(target, &file, &bytes, &what);
        let cfg = ImportConfig {
            format,
            inputs: vec![path],
            until: if rng.random_bool(0.2) {
                Some(rng.random_range(1990..2030))
            } else {
                None
            },
            keywords: None,
            skip_bad: rng.random_bool(0.5),
            max_authors: if rng.random_bool(0.2) { 3 } else { 0 },
        };
        let err = import::import(&cfg)
            .err()
            .map(|e| (e.to_string(), vec![file.clone()]));
        (vec![(file, bytes)], what, err)
    });
}

#[test]
fn fuzz_import_scopus() {
    let mut seeds = local(&[
        "tests/fixtures/import/scopus.csv",
        "tests/fixtures/import/scopus_noids.csv",
        "tests/fixtures/import/scopus_bad.csv",
        "examples/export.csv",
    ]);
    seeds.extend(real(&[
        ("litstudy-scopus/scopus.csv", 30_000, None),
        ("biblium-samples/scopus_dataset.csv", 30_000, None),
        ("metaknowledge-fixtures/scopus_testing.csv", 30_000, None),
    ]));
    fuzz_importer("scopus", 2, Format::Scopus, seeds, "csv");
}

#[test]
fn fuzz_import_wos() {
    let mut seeds = local(&["tests/fixtures/import/wos.txt", "examples/savedrecs.txt"]);
    seeds.extend(real(&[
        ("biblium-samples/wos_dataset.txt", 30_000, Some("ER")),
        ("metaknowledge-fixtures/testFile.isi", 30_000, Some("ER")),
        ("metaknowledge-fixtures/ManyAuthors.isi", 30_000, Some("ER")),
    ]));
    fuzz_importer("wos", 3, Format::Wos, seeds, "txt");
}

#[test]
fn fuzz_import_openalex() {
    let json = local(&["tests/fixtures/import/openalex.json"]);
    let jsonl = local(&[
        "tests/fixtures/import/openalex.jsonl",
        "examples/works.jsonl",
    ]);
    let mut csv = local(&["tests/fixtures/import/openalex.csv"]);
    csv.extend(real(&[(
        "biblium-samples/openalex_dataset.csv",
        40_000,
        None,
    )]));
    fuzz_importer("openalex-json", 4, Format::OpenAlex, json, "json");
    fuzz_importer("openalex-jsonl", 5, Format::OpenAlex, jsonl, "jsonl");
    fuzz_importer("openalex-csv", 6, Format::OpenAlex, csv, "csv");
}

#[test]
fn fuzz_import_compsoc() {
    let base = root().join("../shared/data/real/compsoc-sns");
    if super::real_samples().is_none() {
        return;
    }
    let names = [
        "authors.txt",
        "authorships.txt",
        "publications.txt",
        "subdomains.txt",
        "subfields.txt",
        "time_slices.txt",
        "usages.txt",
        "words.txt",
    ];
    let seed: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| (n.to_string(), prefix(&base.join(n), 20_000, None).unwrap()))
        .collect();
    drive("compsoc", 7, |rng, dir| {
        let k = rng.random_range(0..seed.len());
        let mut files = Vec::new();
        let mut what = String::new();
        for (i, (name, bytes)) in seed.iter().enumerate() {
            let b = if i == k {
                let (b, w) = mutated(rng, bytes);
                what = format!("{name}: {w}");
                b
            } else {
                bytes.clone()
            };
            fs::write(dir.join(name), &b).unwrap();
            files.push((name.clone(), b));
        }
        let cfg = ImportConfig {
            format: Format::Compsoc,
            inputs: vec![dir.to_path_buf()],
            until: None,
            keywords: None,
            skip_bad: rng.random_bool(0.5),
            max_authors: 0,
        };
        let mut all_names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        all_names.push(dir.display().to_string());
        let err = import::import(&cfg)
            .err()
            .map(|e| (e.to_string(), all_names));
        (files, what, err)
    });
}

#[test]
fn fuzz_uniquip_and_calls() {
    let g = load::load(&Source::Dir(super::fixtures().join("tiny"))).unwrap();
    let uniquip = hoptac::lab::uniquip::export(&g).unwrap();
    let calls = local(&["examples/call.toml", "examples/calls.csv"]);
    drive("uniquip", 8, |rng, _dir| {
        let (bytes, what) = mutated(rng, &uniquip);
        let name = "register.csv".to_string();
        let err = hoptac::lab::uniquip::import(
            &g,
            &name,
            Box::new(std::io::Cursor::new(bytes.clone())),
            None,
        )
        .err()
        .map(|p| {
            let mut s = String::new();
            let _ = p.write_to(&mut s, 5);
            (s, vec![name.clone()])
        });
        (vec![(name, bytes)], what, err)
    });
    drive("calls", 9, |rng, _dir| {
        let (name, seed) = &calls[rng.random_range(0..calls.len())];
        let (bytes, what) = mutated(rng, seed);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let csv = name.ends_with(".csv");
        let specs = if csv || rng.random_bool(0.3) {
            hoptac::team::call::parse_list(&text, csv)
        } else {
            hoptac::team::call::parse_toml(&text).map(|s| vec![(s, Default::default())])
        };
        if let Ok(specs) = specs {
            for (s, at) in &specs {
                let _ = s.resolve(&g, at);
            }
            let _ = hoptac::team::call::duplicate_ids(&specs);
        }
        (vec![(name.clone(), bytes)], what, None)
    });
}

#[test]
fn fuzz_through_the_binary_exits_0_1_or_2() {
    // A few mutated inputs through the command line: the exit code is always 0, 1 or 2 (never
    // a signal), whatever the input.
    let scopus = fs::read(root().join("tests/fixtures/import/scopus.csv")).unwrap();
    let tiny_unis = fs::read(super::fixtures().join("tiny/universities.csv")).unwrap();
    let n = (cases() / 10).clamp(8, 1_000);
    for case in 0..n {
        let mut rng = ChaCha8Rng::seed_from_u64(10_000 + case as u64);
        let f = super::Fixture::tiny();
        let (b, what) = mutated(&mut rng, &tiny_unis);
        fs::write(f.file("universities.csv"), &b).unwrap();
        let code = f.run(&["validate"]).get_output().status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "validate case {case} ({what}): {code:?}"
        );
        let (b, what) = mutated(&mut rng, &scopus);
        let input = f.path().join("in.csv");
        fs::write(&input, &b).unwrap();
        let code = super::hoptac()
            .args(["import", "scopus"])
            .arg(&input)
            .arg("--out")
            .arg(f.path().join("out"))
            .assert()
            .get_output()
            .status
            .code();
        assert!(
            matches!(code, Some(0..=2)),
            "import case {case} ({what}): {code:?}"
        );
    }
}
