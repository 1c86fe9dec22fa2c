//! University strength and ties on differential dataflow: the parts of the partner score
//! ([`crate::score::partner`]) that grow with the researchers and the co-authorships.
//!
//! - Strength per (university, field): researchers with expertise in the field, Σ level,
//!   impact Σ level · (1 + ln(1 + h)) (summed in `expertise.csv` order, as
//!   [`crate::graph::Strength`] is), the activity index `(S_uf / S_u) / (S_f / S)` and the
//!   partner score's strength component `0.7 · impact / max_X impact + 0.3 · min(AI, 2) / 2`.
//! - Ties per (university, university, field), the two universities in index order: Σ papers ·
//!   ½^((year₀ − last_year) / half-life) over the co-authorships between them whose two
//!   authors both work in the field (summed in co-authorship order, by researcher indexes), and
//!   the ties component `n / (n + k)`.
//!
//! year₀ is the profile's `reference_year`, else the latest year of any co-authorship (a
//! maximum over all workers, taken before the main dataflow). The per-university,
//! per-field and overall sums of the activity index are small reductions (one value per
//! university, per field, and one); the overall one meets on one worker.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use differential_dataflow::input::Input;
use timely::dataflow::operators::vec::Broadcast;
use timely::dataflow::operators::{Exchange, Inspect, Probe};

use super::input::{self, id_hash, Share};
use super::{execute, Cluster, Error, Gathered, Reference};
use crate::load::Source;
use crate::model::{Coauthorship, ResearcherIdx};
use crate::score::PartnerWeights;

/// What to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnersJob {
    /// Only this field (id or name); every field when none.
    pub field: Option<String>,
    /// Only ties with this university (id or name).
    pub university: Option<String>,
    /// `recency_half_life_years`, `ties_half_saturation` and `reference_year` are read.
    pub weights: PartnerWeights,
}

/// A university's strength in a field.
#[derive(Clone, Debug, PartialEq)]
pub struct StrengthRow {
    pub university: u32,
    pub field: u32,
    pub researchers: u32,
    pub level_sum: f64,
    pub impact: f64,
    pub activity_index: f64,
    /// The partner score's strength component, in [0, 1].
    pub strength: f64,
}

/// Ties between two universities (`a < b`) in a field.
#[derive(Clone, Debug, PartialEq)]
pub struct TiesRow {
    pub a: u32,
    pub b: u32,
    pub field: u32,
    /// Recency-weighted joint papers.
    pub ties: f64,
    /// `ties / (ties + ties_half_saturation)`.
    pub value: f64,
}

/// The answer, on worker 0 of process 0; rows sorted by (field, university) and (field, a, b).
#[derive(Clone, Debug, PartialEq)]
pub struct PartnersResult {
    pub universities: Vec<crate::model::University>,
    pub fields: Vec<crate::model::Field>,
    pub year0: u16,
    pub strength: Vec<StrengthRow>,
    pub ties: Vec<TiesRow>,
    /// Wall time, reading included.
    pub elapsed: Duration,
}

/// A (university, field) cell and its Σ level, as bits.
type CellSum = ((u32, u32), u64);

/// Runs the strength and ties computation on this process's workers.
pub fn partners(
    source: &Source,
    cluster: &Cluster,
    job: &PartnersJob,
) -> Result<Gathered<PartnersResult>, Error> {
    let reference = Reference::read(source)?;
    let field = job
        .field
        .as_deref()
        .map(|f| reference.field(f))
        .transpose()?;
    let university = job
        .university
        .as_deref()
        .map(|u| reference.university(u))
        .transpose()?;
    let (source, job) = (source.clone(), job.clone());
    let reference = std::sync::Arc::new(reference);
    execute(cluster, move |worker| {
        run(worker, &source, &job, &reference, field, university)
    })
}

/// The largest of every worker's `local` value, on every worker.
fn max_over_workers(worker: &mut timely::worker::Worker, local: u16) -> u16 {
    let seen = Rc::new(RefCell::new(0u16));
    let sink = seen.clone();
    let (mut input, probe) = worker.dataflow::<u32, _, _>(|scope| {
        let (input, values) = scope.new_collection::<((), u16), isize>();
        let probe = timely::dataflow::ProbeHandle::new();
        values
            .reduce(|_, input, output| {
                let m = input.iter().map(|(v, _)| **v).max().unwrap_or(0);
                output.push((m, 1isize));
            })
            .inner
            .broadcast()
            .inspect(move |((_, m), _, r)| {
                if *r > 0 {
                    *sink.borrow_mut() = *m;
                }
            })
            .probe_with(&probe);
        (input, probe)
    });
    input.insert(((), local));
    drop(input);
    worker.step_while(|| !probe.done());
    let m = *seen.borrow();
    m
}

fn run(
    worker: &mut timely::worker::Worker,
    source: &Source,
    job: &PartnersJob,
    reference: &Reference,
    only_field: Option<usize>,
    only_university: Option<usize>,
) -> Result<Option<PartnersResult>, Error> {
    let start = Instant::now();
    let share = Share {
        index: worker.index(),
        peers: worker.peers(),
    };
    let uni_index: std::collections::HashMap<&str, u32> = reference
        .universities
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i as u32))
        .collect();
    let field_index: std::collections::HashMap<&str, u32> = reference
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i as u32))
        .collect();
    let mut problems: Vec<String> = Vec::new();
    let researchers = super::noted(input::researchers(source, share), &mut problems);
    let expertise = super::noted(input::expertise(source, share), &mut problems);
    let coauthorships = super::noted(input::coauthorships(source, share), &mut problems);

    let w = &job.weights;
    let local_latest = coauthorships.iter().map(|c| c.last_year).max().unwrap_or(0);
    let latest = max_over_workers(worker, local_latest);
    let year0 = if w.reference_year > 0 {
        w.reference_year
    } else {
        latest
    };
    let (half_life, saturation) = (w.recency_half_life_years, w.ties_half_saturation);

    /// (university, field) → (researchers, Σ level, impact, activity index, strength), as bits.
    type Cell = ((u32, u32), (u32, u64, u64, u64, u64));
    let strength_out: Rc<RefCell<Vec<(Cell, u32, isize)>>> = Rc::default();
    /// ((university, university, field), ties bits) and (kind, line) of a problem.
    type Tie = ((u32, u32, u32), u64);
    type Issue = (u8, u64);
    let ties_out: Rc<RefCell<Vec<(Tie, u32, isize)>>> = Rc::default();
    let error_out: Rc<RefCell<Vec<(Issue, u32, isize)>>> = Rc::default();
    let message_out: Rc<RefCell<Vec<(String, u32, isize)>>> = Rc::default();

    let (mut res_in, mut exp_in, mut co_in, mut err_in, probe) =
        worker.dataflow::<u32, _, _>(|scope| {
            // researcher hash → (index, university, h-index, line)
            let (res_in, researchers) =
                scope.new_collection::<(u64, (u32, u32, u32, u64)), isize>();
            // researcher hash → (row, field, level bits, line)
            let (exp_in, expertise) = scope.new_collection::<(u64, (u32, u32, u32, u64)), isize>();
            // a hash → (b hash, papers, last year, line)
            let (co_in, coauthors) = scope.new_collection::<(u64, (u64, u32, u16, u64)), isize>();
            let (err_in, errors) = scope.new_collection::<String, isize>();
            let res = researchers
                .map(|(h, (i, u, hi, _))| (h, (i, u, hi)))
                .arrange_by_key();

            // Strength cells: (university, field) → Σ in expertise order.
            let exp = expertise
                .clone()
                .join_core(res.clone(), |_h, &(row, f, level, t), &(i, u, hi)| {
                    Some((i, u, hi, row, f, level, t))
                });
            let unknown_expert = expertise
                .map(|(_, (_, _, _, t))| (0u8, t))
                .concat(exp.clone().map(|e| (0u8, e.6)).negate());
            let cells = exp
                .clone()
                .map(|(_, u, hi, row, f, level, _)| ((u, f), (row, level, hi)))
                .reduce(|_, input, output| {
                    let (mut n, mut sum, mut impact) = (0u32, 0.0f64, 0.0f64);
                    for (&(_, level, hi), _) in input {
                        let level = f64::from(f32::from_bits(level));
                        n += 1;
                        sum += level;
                        impact += level * (1.0 + f64::from(hi).ln_1p());
                    }
                    output.push(((n, sum.to_bits(), impact.to_bits()), 1isize));
                });
            // Σ level per university (by field), per field (by university), overall (by cell).
            let sum_of = |input: &[(&(u32, u64), isize)]| {
                input
                    .iter()
                    .map(|(v, _)| f64::from_bits(v.1))
                    .fold(0.0f64, |a, x| a + x)
                    .to_bits()
            };
            let per_uni = cells
                .clone()
                .map(|((u, f), (_, s, _))| (u, (f, s)))
                .reduce(move |_, input, output| output.push((sum_of(input), 1isize)));
            let per_field = cells
                .clone()
                .map(|((u, f), (_, s, _))| (f, (u, s)))
                .reduce(move |_, input, output| output.push((sum_of(input), 1isize)));
            let total = cells
                .clone()
                .map(|((u, f), (_, s, _))| ((), ((u, f), s)))
                .reduce(|_, input: &[(&CellSum, isize)], output| {
                    let t = input
                        .iter()
                        .map(|(v, _)| f64::from_bits(v.1))
                        .fold(0.0f64, |a, x| a + x);
                    output.push((t.to_bits(), 1isize));
                });
            let max_impact =
                cells
                    .clone()
                    .map(|((_, f), (_, _, i))| (f, i))
                    .reduce(|_, input, output| {
                        let m = input
                            .iter()
                            .map(|(v, _)| f64::from_bits(**v))
                            .fold(0.0f64, f64::max);
                        output.push((m.to_bits(), 1isize));
                    });
            let strength = cells
                .map(|((u, f), c)| (u, (f, c)))
                .join_map(per_uni, |&u, &(f, c), &su| (f, (u, c, su)))
                .join_map(per_field, |&f, &(u, c, su), &sf| ((), (u, f, c, su, sf)))
                .join_map(total, |_, &(u, f, c, su, sf), &s| (f, (u, c, su, sf, s)))
                .join_map(max_impact, |&f, &(u, c, su, sf, s), &m| {
                    let (su, sf, s, m) = (
                        f64::from_bits(su),
                        f64::from_bits(sf),
                        f64::from_bits(s),
                        f64::from_bits(m),
                    );
                    let (level_sum, impact) = (f64::from_bits(c.1), f64::from_bits(c.2));
                    let ai = if su > 0.0 && sf > 0.0 && s > 0.0 {
                        (level_sum / su) / (sf / s)
                    } else {
                        0.0
                    };
                    let rel = if m > 0.0 { impact / m } else { 0.0 };
                    let value = 0.7 * rel + 0.3 * (ai.min(2.0) / 2.0);
                    ((u, f), (c.0, c.1, c.2, ai.to_bits(), value.to_bits()))
                });

            // Ties: edges (a < b by index) whose two ends work in the field.
            let half = coauthors
                .clone()
                .join_core(res.clone(), |_a, &(b, p, y, t), &(ia, ua, _)| {
                    Some((b, (ia, ua, p, y, t)))
                });
            let full = half
                .clone()
                .join_core(res, |_b, &(ia, ua, p, y, t), &(ib, ub, _)| {
                    Some((ia, ua, ib, ub, p, y, t))
                });
            let unknown_a = coauthors
                .map(|(_, (_, _, _, t))| (1u8, t))
                .concat(half.clone().map(|(_, (_, _, _, _, t))| (1u8, t)).negate());
            let unknown_b = half
                .map(|(_, (_, _, _, _, t))| (2u8, t))
                .concat(full.clone().map(|e| (2u8, e.6)).negate());
            let fields_of = exp.map(|(i, _, _, _, f, _, _)| (i, f)).distinct();
            let ties = full
                .filter(|&(_, ua, _, ub, _, _, _)| ua != ub)
                .map(|(ia, ua, ib, ub, p, y, _)| {
                    let (a, b, ua, ub) = if ia < ib {
                        (ia, ib, ua, ub)
                    } else {
                        (ib, ia, ub, ua)
                    };
                    (a, (b, ua.min(ub), ua.max(ub), p, y))
                })
                .join_map(fields_of.clone(), |&a, &(b, u, v, p, y), &f| {
                    ((b, f), (a, u, v, p, y))
                })
                .semijoin(fields_of)
                .map(|((b, f), (a, u, v, p, y))| ((u, v, f), (a, b, p, y)))
                .reduce(move |_, input, output| {
                    let mut n = 0.0f64;
                    for (&(a, b, papers, last_year), c) in input {
                        let record = Coauthorship {
                            a: ResearcherIdx(a),
                            b: ResearcherIdx(b),
                            papers,
                            first_year: last_year,
                            last_year,
                        };
                        for _ in 0..*c {
                            n += crate::component::recency_weight(&record, year0, half_life);
                        }
                    }
                    output.push((n.to_bits(), 1isize));
                });

            let probe = timely::dataflow::ProbeHandle::new();
            let keep_field = move |f: u32| only_field.is_none_or(|x| x as u32 == f);
            let keep_uni = move |a: u32, b: u32| {
                only_university.is_none_or(|x| x as u32 == a || x as u32 == b)
            };
            let sink = strength_out.clone();
            strength
                .filter(move |((_, f), _)| keep_field(*f))
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            let sink = ties_out.clone();
            ties.filter(move |((a, b, f), _)| keep_field(*f) && keep_uni(*a, *b))
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            let sink = error_out.clone();
            unknown_expert
                .concat(unknown_a)
                .concat(unknown_b)
                .consolidate()
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(*x))
                .probe_with(&probe);
            let sink = message_out.clone();
            errors
                .inner
                .exchange(|_| 0)
                .inspect(move |x| sink.borrow_mut().push(x.clone()))
                .probe_with(&probe);
            (res_in, exp_in, co_in, err_in, probe)
        });

    for r in &researchers {
        match uni_index.get(r.university.as_str()) {
            Some(&u) => res_in.insert((id_hash(&r.id), (r.index, u, r.h_index, r.line))),
            None => problems.push(format!(
                "{}:{}: unknown university {:?}: expected an id of universities.csv",
                super::pairs::source_file(source, "researchers.csv"),
                r.line,
                r.university
            )),
        }
    }
    for e in &expertise {
        match field_index.get(e.field.as_str()) {
            Some(&f) => exp_in.insert((
                id_hash(&e.researcher),
                (e.row, f, e.level.to_bits(), e.line),
            )),
            None => problems.push(format!(
                "{}:{}: unknown field {:?}: expected an id of fields.csv",
                super::pairs::source_file(source, "expertise.csv"),
                e.line,
                e.field
            )),
        }
    }
    for c in &coauthorships {
        co_in.insert((
            id_hash(&c.a),
            (id_hash(&c.b), c.papers, c.last_year, c.line),
        ));
    }
    for p in problems.drain(..) {
        err_in.insert(p);
    }
    drop((res_in, exp_in, co_in, err_in));
    worker.step_while(|| !probe.done());
    if worker.index() != 0 {
        return Ok(None);
    }

    let net = |v: &[(String, u32, isize)]| {
        let mut v: Vec<(String, isize)> = v.iter().map(|(d, _, r)| (d.clone(), *r)).collect();
        differential_dataflow::consolidation::consolidate(&mut v);
        v
    };
    let mut messages: Vec<String> = net(&message_out.borrow())
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    let mut issues: Vec<((u8, u64), isize)> = error_out
        .borrow()
        .iter()
        .map(|(d, _, r)| (*d, *r))
        .collect();
    differential_dataflow::consolidation::consolidate(&mut issues);
    for ((kind, line), c) in issues {
        let (file, column) = match kind {
            0 => ("expertise.csv", "researcher"),
            1 => ("coauthorships.csv", "a"),
            _ => ("coauthorships.csv", "b"),
        };
        let file = super::pairs::source_file(source, file);
        messages.push(if c > 0 {
            format!("{file}:{line}: the researcher in column {column} is not in researchers.csv")
        } else {
            format!("{file}:{line}: the researcher in column {column} is on more than one row of researchers.csv")
        });
    }
    if !messages.is_empty() {
        messages.sort();
        return Err(Error::Data(messages));
    }

    let mut cells: Vec<(Cell, isize)> = strength_out
        .borrow()
        .iter()
        .map(|(d, _, r)| (*d, *r))
        .collect();
    differential_dataflow::consolidation::consolidate(&mut cells);
    let mut strength: Vec<StrengthRow> = Vec::new();
    for (((u, f), (n, sum, impact, ai, value)), c) in cells {
        if c > 0 {
            strength.push(StrengthRow {
                university: u,
                field: f,
                researchers: n,
                level_sum: f64::from_bits(sum),
                impact: f64::from_bits(impact),
                activity_index: f64::from_bits(ai),
                strength: f64::from_bits(value),
            });
        }
    }
    strength.sort_by_key(|s| (s.field, s.university));
    let mut ties_rows: Vec<(Tie, isize)> =
        ties_out.borrow().iter().map(|(d, _, r)| (*d, *r)).collect();
    differential_dataflow::consolidation::consolidate(&mut ties_rows);
    let mut ties: Vec<TiesRow> = ties_rows
        .into_iter()
        .filter(|(_, c)| *c > 0)
        .map(|(((a, b, f), n), _)| {
            let n = f64::from_bits(n);
            TiesRow {
                a,
                b,
                field: f,
                ties: n,
                value: n / (n + saturation),
            }
        })
        .collect();
    ties.sort_by_key(|t| (t.field, t.a, t.b));
    Ok(Some(PartnersResult {
        universities: reference.universities.clone(),
        fields: reference.fields.clone(),
        year0,
        strength,
        ties,
        elapsed: start.elapsed(),
    }))
}
