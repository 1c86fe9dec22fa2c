//! Bounded fuzzing of the importers (tests only): structured mutations of the hand-made import
//! fixtures (spans deleted, repeated, swapped, cut; hostile tokens inserted: brackets, quotes,
//! separators, tags, NUL, bidi overrides, formulas, deep nesting) and random bytes, through
//! every reader, the dataset build, and a write and load of the dataset. Any panic fails the
//! test; so does a built dataset that does not load. The cases are deterministic (a fixed
//! seed); `HOPTAC_FUZZ_CASES=N` runs N per reader instead of the default.

use std::path::Path;

use super::record::ReadOutcome;
use super::{openalex, scopus, wos, Format, ImportConfig, ImportError, KeywordTable};
use crate::load::{self, Source};

/// Cases per reader in `cargo test`.
const DEFAULT_CASES: usize = 100;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "'",
    "\"",
    ",",
    ";",
    "|",
    "\n",
    "\r\n",
    "\t",
    "\0",
    "\\",
    "\u{1b}[2J",
    "\u{202e}",
    "\u{9b}",
    "=HYPERLINK(\"x\")",
    "+SUM(1+1)*cmd|x",
    "@x",
    "-1",
    "PT J\n",
    "ER\n",
    "EF\n",
    "   ",
    "AU ",
    "C1 [A, B] ",
    "2020",
    "18",
    "99999999999999999999",
    "None",
    "True",
    "{'id': ",
    "'display_name': ",
    "https://openalex.org/I1",
    "Viet Nam",
    "United States",
    "Department of ",
    "University",
    "Univ",
    "\u{feff}",
    "ā",
    "𝔘",
    "IL 1234é",
    "GA 30303",
    " (Canada)",
    ", Inc.",
    "School of ",
    " at ",
    "Ã\u{81}",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut c: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let len = c.len();
        let at = rng.below(len + 1);
        let span = 1 + rng.below(40);
        let end = (at + span).min(len);
        match rng.below(7) {
            0 => {
                c.drain(at..end);
            }
            1 => {
                let piece: Vec<char> = c[at..end].to_vec();
                for _ in 0..1 + rng.below(3) {
                    c.splice(at..at, piece.iter().copied());
                }
            }
            2 => c.truncate(at),
            3 => {
                let b = rng.below(len + 1);
                let b_end = (b + span).min(len);
                if end <= b {
                    let second: Vec<char> = c[b..b_end].to_vec();
                    let first: Vec<char> = c[at..end].to_vec();
                    c.splice(b..b_end, first);
                    c.splice(at..end, second);
                }
            }
            4 => {
                let n = 1 + rng.below(300);
                let open = if rng.below(2) == 0 { '[' } else { '{' };
                c.splice(at..at, std::iter::repeat_n(open, n));
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                c.splice(at..at, t.chars());
            }
        }
    }
    c.into_iter().collect()
}

fn random_text(rng: &mut Rng) -> String {
    let n = rng.below(2000);
    let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Imports what a reader returned as `import --skip-bad` would, writes the dataset and loads
/// it back.
fn build_and_load(out: ReadOutcome, what: &str) {
    let (g7, fields) = load::load_reference(&Source::Embedded).unwrap();
    let table = KeywordTable::builtin(&fields).unwrap();
    let cfg = ImportConfig {
        format: Format::Scopus,
        inputs: Vec::new(),
        until: None,
        keywords: None,
        skip_bad: true,
        max_authors: super::DEFAULT_MAX_AUTHORS,
    };
    let imported = match super::finish(out, "fuzz".into(), &cfg, &g7, fields, Some(&table)) {
        Ok(i) => i,
        Err(ImportError::NoRecords { .. } | ImportError::Input { .. }) => return,
        Err(e) => panic!("{what}: unexpected error {e}"),
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    crate::save::write_dataset(&imported.dataset, &dir, false, &[]).unwrap();
    if let Err(e) = load::load(&Source::Dir(dir)) {
        panic!("{what}: the built dataset does not load: {e}");
    }
}

fn cases() -> usize {
    std::env::var("HOPTAC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

type Reader = fn(&str, &str, &mut ReadOutcome);

fn run(seed: u64, seeds: &[String], read: Reader) {
    let mut rng = Rng(seed);
    for case in 0..cases() {
        let text = if case % 5 == 4 {
            random_text(&mut rng)
        } else {
            mutate(&mut rng, &seeds[case % seeds.len()])
        };
        let mut out = ReadOutcome::default();
        read("fuzz", &text, &mut out);
        build_and_load(out, &format!("case {case} of seed {seed}"));
    }
}

#[test]
fn scopus_survives_mutated_and_random_input() {
    let seeds = [
        fixture("scopus.csv"),
        fixture("scopus_noids.csv"),
        fixture("scopus_affiliations.csv"),
        fixture("scopus_bad.csv"),
    ];
    run(0x5c09, &seeds, scopus::read_str);
}

#[test]
fn wos_survives_mutated_and_random_input() {
    run(0x3057, &[fixture("wos.txt")], wos::read_str);
}

#[test]
fn openalex_survives_mutated_and_random_input() {
    run(0x0a1e, &[fixture("openalex.csv")], openalex::read_csv);
    run(0x0a1f, &[fixture("openalex.json")], openalex::read_json);
    run(0x0a20, &[fixture("openalex.jsonl")], openalex::read_jsonl);
}
