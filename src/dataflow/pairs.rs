//! Researcher pairs on differential dataflow: Adamic–Adar closeness in a field, a top-k list
//! per researcher, the global best list, and incremental updates.
//!
//! # The dataflow
//! 1. Ids: co-authorship and expertise rows are joined to `researchers.csv` by id hash; a
//!    researcher's index is its row ([`super::input`]). A co-authorship is the edge
//!    `(min, max)` of the two indexes; edges present (net count > 0) form the graph.
//! 2. Degrees: `deg z` = number of distinct co-authors of z (a count over both directions).
//! 3. Members: researchers with expertise in the field F, with their university.
//! 4. Two-step self-join (the shape of differential's `itembased_cf`): the directed edges
//!    `z → x` with x a member, arranged by z, joined with themselves: every path x–z–y with
//!    x < y at different universities, carrying `deg z`.
//! 5. Anti-join with the edges: pairs that co-author already are no candidates.
//! 6. Reduce per pair: Adamic–Adar `Σ_z 1 / ln deg z` over the common co-authors, added by
//!    ascending z as `score::pairs::recommend` adds them (same bits), and their number; the
//!    closeness is `aa / (aa + 1)`.
//! 7. Top-k per researcher (reduce by researcher over both ends of every pair), ordered as
//!    [`crate::score::pairs::PairKey`]: score, Adamic–Adar, common co-authors, then the pair's
//!    indexes. The global best `k` come from each pair's smaller end (a pair in the global top
//!    k is in the top k of both ends), through 64 buckets, then one group.
//!
//! The global list equals `hoptac pairs --field F --top k --max-per-researcher 0` under
//! `benches/peer/pure-aa.toml`, the profile that reduces the pair score to closeness alone.
//!
//! # Incremental
//! A change file (see [`super::input::changes`]) is one epoch: its `+` rows are inserted, its
//! `-` rows removed, and differential recomputes only the pairs, degrees and lists the change
//! reaches. The top-k lists hold `(position, pair)`, so the changes of an epoch are exactly the
//! positions of the lists that changed ([`Change`]); a test applies them to the lists before
//! and compares with a full recomputation.
//!
//! # Cost
//! The join produces Σ_z m_z (m_z − 1) / 2 paths, m_z = co-authors of z in the field: the
//! figure that sizes a cluster (BENCHMARKS.md).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use differential_dataflow::input::Input;
use timely::dataflow::operators::vec::Filter;
use timely::dataflow::operators::{Exchange, Inspect, Probe};

use super::input::{self, id_hash, Share};
use super::{execute, Cluster, Error, Gathered, Reference};
use crate::load::Source;

/// What to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct PairsJob {
    /// Field id or name.
    pub field: String,
    /// The length of every list (per researcher and global), at least 1.
    pub top: usize,
    /// Change files, applied one epoch each after the first computation.
    pub changes: Vec<PathBuf>,
    /// Also return every researcher's list after the first computation (tests, small data).
    pub lists: bool,
}

/// A candidate pair, `a < b` (researcher indexes = rows of `researchers.csv`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub a: u32,
    pub b: u32,
    /// Σ over common co-authors z of 1 / ln deg z.
    pub adamic_adar: f64,
    pub common: u32,
}

impl Pair {
    /// Closeness, the pair score under the pure Adamic–Adar profile: `aa / (aa + 1)`.
    pub fn score(&self) -> f64 {
        self.adamic_adar / (self.adamic_adar + 1.0)
    }

    /// The other end of the pair.
    pub fn other(&self, x: u32) -> u32 {
        if self.a == x {
            self.b
        } else {
            self.a
        }
    }
}

/// The sort key of a pair inside the dataflow: ascending order is best first (score, then
/// Adamic–Adar, then common co-authors, all descending; then the indexes ascending). The
/// floats are positive, so their bits order as they do.
type Ranked = (u64, u64, u32, u32, u32);

fn ranked(a: u32, b: u32, aa: f64, common: u32) -> Ranked {
    let score = aa / (aa + 1.0);
    (!score.to_bits(), !aa.to_bits(), !common, a, b)
}

fn unranked(r: &Ranked) -> Pair {
    Pair {
        a: r.3,
        b: r.4,
        adamic_adar: f64::from_bits(!r.1),
        common: !r.2,
    }
}

/// A position of a researcher's list that changed in an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub researcher: u32,
    /// 1-based.
    pub rank: usize,
    /// The pair now at that position, none when the list got shorter.
    pub now: Option<Pair>,
    /// The pair there before, none when the list got longer.
    pub was: Option<Pair>,
}

/// A researcher named in the results.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// University id.
    pub university: String,
}

/// The answer, on worker 0 of process 0.
#[derive(Clone, Debug, PartialEq)]
pub struct PairsResult {
    pub field: crate::model::Field,
    pub universities: Vec<crate::model::University>,
    /// The global best list after the first computation, then after each change file.
    pub best: Vec<Vec<Pair>>,
    /// Every researcher's list after the first computation (when asked), by index.
    pub lists: BTreeMap<u32, Vec<Pair>>,
    /// The changed list positions of each change file, by researcher then rank.
    pub changes: Vec<Vec<Change>>,
    /// Every researcher the results name.
    pub people: BTreeMap<u32, Person>,
    /// Wall time of the first computation (reading included), then of each change file.
    pub timings: Vec<Duration>,
    /// Candidate pairs (at least one common co-author, not co-authors) after each epoch.
    pub candidates: Vec<u64>,
}

/// Problems the dataflow finds, by kind, keyed by (kind, file, line).
const UNKNOWN_A: u8 = 0;
const UNKNOWN_B: u8 = 1;
const UNKNOWN_EXPERT: u8 = 2;
const REPEATED_ID: u8 = 3;

/// A row's position as one number: the file (0 = the dataset, i = change file i) and line.
fn tag(file: usize, line: u64) -> u64 {
    ((file as u64) << 40) | line
}

type Captured<D> = Rc<RefCell<Vec<(D, u32, isize)>>>;

/// A position of a researcher's list: (researcher, (position, pair)).
type ListEntry = (u32, (u32, Ranked));

/// A researcher's index and (id, name, university id).
type Info = (u32, (String, String, String));

/// Runs the pair computation on this process's workers; see the module doc.
pub fn pairs(
    source: &Source,
    cluster: &Cluster,
    job: &PairsJob,
) -> Result<Gathered<PairsResult>, Error> {
    let reference = Reference::read(source)?;
    let field = reference.field(&job.field)?;
    if job.top == 0 {
        return Err(Error::Cluster("--top 0: expected at least 1".into()));
    }
    let (source, job) = (source.clone(), job.clone());
    let reference = std::sync::Arc::new(reference);
    execute(cluster, move |worker| {
        run(worker, &source, &job, &reference, field)
    })
}

fn run(
    worker: &mut timely::worker::Worker,
    source: &Source,
    job: &PairsJob,
    reference: &Reference,
    field: usize,
) -> Result<Option<PairsResult>, Error> {
    let start = Instant::now();
    let share = Share {
        index: worker.index(),
        peers: worker.peers(),
    };
    let leader = worker.index() == 0;
    let k = job.top;
    let field_id = reference.fields[field].id.clone();
    let uni_index: std::collections::HashMap<&str, u32> = reference
        .universities
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i as u32))
        .collect();
    let field_ids: std::collections::HashSet<&str> =
        reference.fields.iter().map(|f| f.id.as_str()).collect();

    let mut problems: Vec<String> = Vec::new();
    let researchers = super::noted(input::researchers(source, share), &mut problems);
    let expertise = super::noted(input::expertise(source, share), &mut problems);
    let coauthorships = super::noted(input::coauthorships(source, share), &mut problems);

    let best_out: Captured<Ranked> = Rc::default();
    let list_out: Captured<ListEntry> = Rc::default();
    let issue_out: Captured<(u8, u64)> = Rc::default();
    let error_out: Captured<String> = Rc::default();
    let count_out: Captured<()> = Rc::default();
    let want_lists = job.lists;

    let (mut res_in, mut mem_in, mut co_in, mut err_in, probe) =
        worker.dataflow::<u32, _, _>(|scope| {
            let (res_in, researchers) = scope.new_collection::<(u64, (u32, u32, u64)), isize>();
            let (mem_in, members) = scope.new_collection::<(u64, u64), isize>();
            let (co_in, coauthors) = scope.new_collection::<(u64, (u64, u64)), isize>();
            let (err_in, errors) = scope.new_collection::<String, isize>();

            // An id on two rows (or two ids with one hash) would merge researchers: refused.
            let repeated = researchers
                .clone()
                .map(|(h, (_, _, line))| (h, line))
                .reduce(|_h, input, output| {
                    if input.len() > 1 {
                        for (line, _) in input.iter().skip(1) {
                            output.push(((**line), 1isize));
                        }
                    }
                })
                .map(|(_, line)| (REPEATED_ID, line));
            let res = researchers
                .map(|(h, (i, u, _))| (h, (i, u)))
                .arrange_by_key();

            // 1. Edges (min, max) by index; rows whose ids do not resolve are counted out.
            let half = coauthors
                .clone()
                .join_core(res.clone(), |_a, &(b, t), &(ia, _)| Some((b, (ia, t))));
            let full = half
                .clone()
                .join_core(res.clone(), |_b, &(ia, t), &(ib, _)| {
                    Some((ia.min(ib), ia.max(ib), t))
                });
            let unknown_a = coauthors
                .map(|(_, (_, t))| (UNKNOWN_A, t))
                .concat(half.clone().map(|(_, (_, t))| (UNKNOWN_A, t)).negate());
            let unknown_b = half
                .map(|(_, (_, t))| (UNKNOWN_B, t))
                .concat(full.clone().map(|(_, _, t)| (UNKNOWN_B, t)).negate());
            let edges = full
                .map(|(a, b, _)| (a, b))
                .threshold(|_, c| if *c > 0 { 1isize } else { 0 });

            // 2. Degrees, 3. members with their university.
            let directed = edges.clone().flat_map(|(a, b)| [(a, b), (b, a)]);
            let degree = directed.clone().map(|(z, _)| z).count();
            let resolved = members
                .clone()
                .join_core(res, |_h, &t, &(i, u)| Some((i, u, t)));
            let unknown_expert = members.map(|(_, t)| (UNKNOWN_EXPERT, t)).concat(
                resolved
                    .clone()
                    .map(|(_, _, t)| (UNKNOWN_EXPERT, t))
                    .negate(),
            );
            let member = resolved.map(|(i, u, _)| (i, u)).distinct().arrange_by_key();

            // 4. z → x for members x, with deg z; the self-join on z.
            let reach = directed
                .map(|(z, x)| (x, z))
                .join_core(member, |&x, &z, &ux| Some((z, (x, ux))))
                .join(degree)
                .map(|(z, ((x, ux), d))| (z, (x, ux, d as u32)))
                .arrange_by_key();
            let paths = reach
                .clone()
                .join_core(reach, |&z, &(x, ux, d), &(y, uy, _)| {
                    (x < y && ux != uy).then_some(((x, y), (z, d)))
                });

            // 5. Not co-authors yet; 6. Adamic–Adar by ascending z.
            let scored = paths.antijoin(edges).reduce(|&(x, y), input, output| {
                let (mut aa, mut n) = (0.0f64, 0u32);
                for (&(_, d), r) in input {
                    for _ in 0..*r {
                        aa += 1.0 / f64::from(d).ln();
                        n += 1;
                    }
                }
                if n > 0 {
                    output.push((ranked(x, y, aa, n), 1isize));
                }
            });

            // 7. Top k per researcher, then the global top k from each pair's smaller end.
            let lists = scored
                .clone()
                .flat_map(|(_, r)| [(r.3, r), (r.4, r)])
                .reduce(move |_x, input, output| {
                    let mut pos = 0u32;
                    for (r, c) in input {
                        if *c > 0 && (pos as usize) < k {
                            output.push(((pos, **r), 1isize));
                            pos += 1;
                        }
                    }
                });
            let top =
                move |_key: &u32, input: &[(&Ranked, isize)], output: &mut Vec<(Ranked, isize)>| {
                    for (r, _) in input.iter().filter(|(_, c)| *c > 0).take(k) {
                        output.push(((**r), 1isize));
                    }
                };
            let best = lists
                .clone()
                .filter(|(x, (_, r))| *x == r.3)
                .map(|(x, (_, r))| (x % 64, r))
                .reduce(top)
                .map(|(_, r)| (0u32, r))
                .reduce(top)
                .map(|(_, r)| r);

            let probe = timely::dataflow::ProbeHandle::new();
            let sink = best_out.clone();
            best.inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            let sink = list_out.clone();
            lists
                .inner
                .filter(move |(_, t, _)| want_lists || *t > 0)
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            let sink = issue_out.clone();
            repeated
                .concat(unknown_a)
                .concat(unknown_b)
                .concat(unknown_expert)
                .consolidate()
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            let sink = error_out.clone();
            errors
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(x.clone()))
                .probe_with(&probe);
            let sink = count_out.clone();
            scored
                .map(|_| ())
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            (res_in, mem_in, co_in, err_in, probe)
        });

    for r in &researchers {
        match uni_index.get(r.university.as_str()) {
            Some(&u) => res_in.insert((id_hash(&r.id), (r.index, u, tag(0, r.line)))),
            None => problems.push(format!(
                "{}:{}: unknown university {:?}: expected an id of universities.csv",
                source_file(source, "researchers.csv"),
                r.line,
                r.university
            )),
        }
    }
    for e in &expertise {
        if !field_ids.contains(e.field.as_str()) {
            problems.push(format!(
                "{}:{}: unknown field {:?}: expected an id of fields.csv",
                source_file(source, "expertise.csv"),
                e.line,
                e.field
            ));
        } else if e.field == field_id {
            mem_in.insert((id_hash(&e.researcher), tag(0, e.line)));
        }
    }
    for c in &coauthorships {
        co_in.insert((id_hash(&c.a), (id_hash(&c.b), tag(0, c.line))));
    }
    for p in problems.drain(..) {
        err_in.insert(p);
    }
    let mut epoch = 0u32;
    let mut timings = Vec::new();
    // Closes epoch `epoch - 1` on every input and runs until its results are complete.
    macro_rules! advance {
        () => {
            res_in.advance_to(epoch);
            mem_in.advance_to(epoch);
            co_in.advance_to(epoch);
            err_in.advance_to(epoch);
            res_in.flush();
            mem_in.flush();
            co_in.flush();
            err_in.flush();
            worker.step_while(|| probe.less_than(&epoch));
        };
    }
    epoch += 1;
    advance!();
    timings.push(start.elapsed());
    for (i, path) in job.changes.iter().enumerate() {
        let t0 = Instant::now();
        match input::changes(path, share) {
            Ok(rows) => {
                for c in rows {
                    // A retraction takes out one row of the edge: (min, max) is the same
                    // edge whichever order its ids come in, and the row's own id checks
                    // cancel with it.
                    let record = (id_hash(&c.a), (id_hash(&c.b), tag(i + 1, c.line)));
                    co_in.update(record, if c.retract { -1 } else { 1 });
                }
            }
            Err(p) => err_in.insert(p.to_string()),
        }
        epoch += 1;
        advance!();
        timings.push(t0.elapsed());
    }
    drop((res_in, mem_in, co_in, err_in));
    worker.step_while(|| !probe.done());

    // Names of the researchers the results mention: a second, small dataflow.
    let mut result = if leader {
        let errors = consolidated(&error_out.borrow(), u32::MAX);
        let issues = consolidated(&issue_out.borrow(), u32::MAX);
        let mut messages: Vec<String> = errors.into_iter().map(|(m, _)| m).collect();
        messages.extend(
            issues
                .into_iter()
                .map(|((kind, t), c)| issue(source, job, kind, t, c)),
        );
        if !messages.is_empty() {
            messages.sort();
            Some(Err(messages))
        } else {
            Some(Ok(collect(
                &best_out.borrow(),
                &list_out.borrow(),
                &count_out.borrow(),
                epoch,
                want_lists,
                reference,
                field,
            )))
        }
    } else {
        None
    };
    let needed: Vec<u32> = match &result {
        Some(Ok(r)) => r.mentioned(),
        _ => Vec::new(),
    };
    let people = names(worker, &researchers, &needed);
    match result.take() {
        None => Ok(None),
        Some(Err(messages)) => Err(Error::Data(messages)),
        Some(Ok(mut r)) => {
            r.people = people;
            r.timings = timings;
            Ok(Some(r))
        }
    }
}

pub(crate) fn source_file(source: &Source, file: &str) -> String {
    match source {
        Source::Embedded => format!("<built-in>/g7/{file}"),
        Source::Dir(d) => d.join(file).display().to_string(),
    }
}

/// The message of a problem the dataflow found: `count` > 0 a row whose id is unknown, < 0 an
/// id repeated in `researchers.csv`.
fn issue(source: &Source, job: &PairsJob, kind: u8, t: u64, count: isize) -> String {
    let (file_no, line) = ((t >> 40) as usize, t & ((1 << 40) - 1));
    let file = if file_no == 0 {
        source_file(
            source,
            match kind {
                UNKNOWN_A | UNKNOWN_B => "coauthorships.csv",
                UNKNOWN_EXPERT => "expertise.csv",
                _ => "researchers.csv",
            },
        )
    } else {
        super::shown(&job.changes[file_no - 1])
    };
    let column = match kind {
        UNKNOWN_A => "a",
        UNKNOWN_B => "b",
        _ => "researcher",
    };
    if kind == REPEATED_ID || count < 0 {
        format!("{file}:{line}: a researcher id that is already on an earlier row (or shares its 64-bit hash with one): expected unique ids")
    } else {
        format!("{file}:{line}: the researcher in column {column} is not in researchers.csv")
    }
}

/// The net content of captured updates up to time `upto` (inclusive), sorted.
fn consolidated<D: Ord + Clone>(updates: &[(D, u32, isize)], upto: u32) -> Vec<(D, isize)> {
    let mut v: Vec<(D, isize)> = updates
        .iter()
        .filter(|(_, t, _)| *t <= upto)
        .map(|(d, _, r)| (d.clone(), *r))
        .collect();
    differential_dataflow::consolidation::consolidate(&mut v);
    v
}

impl PairsResult {
    /// Every researcher index the results mention.
    fn mentioned(&self) -> Vec<u32> {
        let mut v: Vec<u32> = Vec::new();
        for list in &self.best {
            v.extend(list.iter().flat_map(|p| [p.a, p.b]));
        }
        for (x, list) in &self.lists {
            v.push(*x);
            v.extend(list.iter().flat_map(|p| [p.a, p.b]));
        }
        for epoch in &self.changes {
            for c in epoch {
                v.push(c.researcher);
                v.extend(c.now.iter().chain(c.was.iter()).flat_map(|p| [p.a, p.b]));
            }
        }
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// The results from the captured updates, epoch by epoch (epochs `0..last`).
fn collect(
    best: &[(Ranked, u32, isize)],
    lists: &[(ListEntry, u32, isize)],
    counts: &[((), u32, isize)],
    last: u32,
    want_lists: bool,
    reference: &Reference,
    field: usize,
) -> PairsResult {
    let mut out = PairsResult {
        field: reference.fields[field].clone(),
        universities: reference.universities.clone(),
        best: Vec::new(),
        lists: BTreeMap::new(),
        changes: Vec::new(),
        people: BTreeMap::new(),
        timings: Vec::new(),
        candidates: Vec::new(),
    };
    for t in 0..last {
        let mut b: Vec<Ranked> = consolidated(best, t)
            .into_iter()
            .filter(|(_, c)| *c > 0)
            .map(|(r, _)| r)
            .collect();
        b.sort_unstable();
        out.best.push(b.iter().map(unranked).collect());
        out.candidates.push(
            consolidated(counts, t)
                .first()
                .map_or(0, |(_, c)| *c as u64),
        );
        if t == 0 {
            if want_lists {
                for ((x, (_, r)), c) in consolidated(lists, 0) {
                    if c > 0 {
                        out.lists.entry(x).or_default().push(unranked(&r));
                    }
                }
            }
            continue;
        }
        // The positions that changed at t: what left (−) and what came (+).
        let mut at: BTreeMap<(u32, u32), (Option<Pair>, Option<Pair>)> = BTreeMap::new();
        let mut diff: Vec<(ListEntry, isize)> = lists
            .iter()
            .filter(|(_, time, _)| *time == t)
            .map(|(d, _, r)| (*d, *r))
            .collect();
        differential_dataflow::consolidation::consolidate(&mut diff);
        for ((x, (pos, r)), c) in diff {
            let e = at.entry((x, pos)).or_default();
            if c > 0 {
                e.0 = Some(unranked(&r));
            } else if c < 0 {
                e.1 = Some(unranked(&r));
            }
        }
        out.changes.push(
            at.into_iter()
                .map(|((x, pos), (now, was))| Change {
                    researcher: x,
                    rank: pos as usize + 1,
                    now,
                    was,
                })
                .collect(),
        );
    }
    out
}

/// Looks up the researchers `needed` (given on worker 0) in every worker's share of
/// `researchers.csv`: id, name and university, gathered on worker 0.
fn names(
    worker: &mut timely::worker::Worker,
    rows: &[input::ResearcherRow],
    needed: &[u32],
) -> BTreeMap<u32, Person> {
    let found: Rc<RefCell<Vec<Info>>> = Rc::default();
    let sink = found.clone();
    let (mut info_in, mut need_in, probe) = worker.dataflow::<u32, _, _>(|scope| {
        let (info_in, info) = scope.new_collection::<(u32, (String, String, String)), isize>();
        let (need_in, need) = scope.new_collection::<(u32, ()), isize>();
        let probe = timely::dataflow::ProbeHandle::new();
        need.join_map(info, |&i, _, v| (i, v.clone()))
            .inner
            .exchange(|_| 0)
            .inspect(move |(d, _, r)| {
                if *r > 0 {
                    sink.borrow_mut().push(d.clone())
                }
            })
            .probe_with(&probe);
        (info_in, need_in, probe)
    });
    if !needed.is_empty() || worker.index() != 0 {
        for r in rows {
            info_in.insert((
                r.index,
                (r.id.clone(), r.name.clone(), r.university.clone()),
            ));
        }
    }
    for &i in needed {
        need_in.insert((i, ()));
    }
    drop((info_in, need_in));
    worker.step_while(|| !probe.done());
    let mut out = BTreeMap::new();
    for (i, (id, name, university)) in found.borrow().iter() {
        out.insert(
            *i,
            Person {
                id: id.clone(),
                name: name.clone(),
                university: university.clone(),
            },
        );
    }
    out
}
