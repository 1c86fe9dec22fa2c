//! The report's question: everything the consortium report shows, computed once from the graph
//! before anything is rendered ([`crate::report`] renders it).
//!
//! The independent parts (per-field leaders and partner matrices, the team calls, the lab
//! opportunities, the co-authorship links) run in parallel with rayon; every parallel map
//! collects in input order, so the result is the same for any thread count. The partner
//! matrices are never held whole: [`Pending::finish`] computes them a chunk of universities at
//! a time, hands each chunk to the front end (the report writes its `partners` table from
//! them) and keeps what the pages show ([`FieldPartners`]). The team calls
//! then share researchers' capacity in report order, as a batch does (`share_capacity`): no
//! researcher is in more of the report's teams than their `max_teams`.
//!
//! With a list of tasks ([`ReportRequest::tasks`], `hoptac report --tasks FILE`: a ministry's
//! problem statements, or any batch of calls), the report also holds one team per task,
//! assigned exactly as `hoptac teams --calls FILE` assigns them (the same request, through the
//! same data-sharing view): capacity is shared among the tasks, not with the report's field
//! calls, which are a survey of each field rather than seats taken.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::lab::LabOpportunity;
use crate::model::*;
use crate::policy::View;
use crate::profile::Profile;
use crate::score::{self, Leader, Mode, PartnerScore};
use crate::team::{self, batch, Call, FieldNeed, Proposal};

use super::{CallInput, TeamsRequest, TeamsResponse};

/// The whole consortium report's data.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRequest {
    pub limits: Limits,
    /// A list of tasks (a batch of calls, typically problem statements: `id,problem,province`
    /// or `id,text,province`): one team each, on the report's `tasks` page. Must be a
    /// [`CallInput::Batch`].
    pub tasks: Option<CallInput>,
}

/// The report's tasks: one team per task, as `hoptac teams --calls` assigns them.
#[derive(Clone, Debug, PartialEq)]
pub struct Tasks {
    /// Where the tasks were read from (the file name).
    pub source: String,
    /// The tasks as resolved calls, in file order (fields read from each problem).
    pub calls: Vec<Call>,
    /// One assignment per task, in file order, and the batch's totals.
    pub result: team::batch::BatchResult,
}

/// Computes the report's data; `tick` is called once per field and once per team call, and
/// once for the tasks when there are some (see [`crate::report::steps`]). Fails only on a bad
/// list of tasks, which is read and checked before anything else is computed.
pub fn report<'e>(
    e: &'e super::Engine,
    req: &ReportRequest,
    tick: &(dyn Fn() + Sync),
) -> Result<Model<'e>, super::Error> {
    Ok(complete(prepare(e, req, tick)?.finish(tick, no_sink)))
}

/// [`report()`] in two steps, so that a front end can write the full partner matrices as they
/// are computed: the tasks (the only step that can fail) and the leaders, then
/// [`Pending::finish`] (everything else). `tick` once for the tasks, when there are some.
pub fn prepare<'e>(
    e: &'e super::Engine,
    req: &ReportRequest,
    tick: &(dyn Fn() + Sync),
) -> Result<Pending<'e>, super::Error> {
    let tasks = match &req.tasks {
        None => None,
        Some(input) => {
            let not_a_list = || super::Error::Invalid {
                field: "tasks",
                value: "one call".into(),
                expected: "a list of tasks (a CSV or TOML batch of calls)",
            };
            let CallInput::Batch { name, .. } = input else {
                return Err(not_a_list());
            };
            // The very request `hoptac teams --calls FILE` makes, with its defaults.
            let r = super::teams(
                e,
                &TeamsRequest {
                    calls: input.clone(),
                    top: 1,
                    solver: None,
                    max_university_share: batch::BatchOptions::default().max_university_share,
                },
            )?;
            let TeamsResponse::Batch { calls, result } = r else {
                return Err(not_a_list());
            };
            tick();
            Some(Tasks {
                source: name.clone(),
                calls,
                result,
            })
        }
    };
    let mut p = Pending::new(
        e.people(),
        Some((e.totals(), e.view())),
        e.profile(),
        &req.limits,
    );
    let m = &mut p.0;
    m.tasks = tasks;
    let v = e.view();
    m.audience = v.audience().to_string();
    m.policy = format!("{} ({})", v.policy_origin(), v.policy_hash());
    Ok(p)
}

/// A sink that keeps nothing (the model alone).
fn no_sink(_: FieldIdx, _: &[Vec<PartnerScore>]) -> Result<(), std::convert::Infallible> {
    Ok(())
}

fn complete<T>(r: Result<T, std::convert::Infallible>) -> T {
    match r {
        Ok(x) => x,
        Err(never) => match never {},
    }
}

/// The partner matrix on a field page shows at most this many universities (rows and
/// columns): every university of a consortium this size or smaller; in a larger one the field's
/// strongest ones (its first leaders), in the dataset's order. A matrix of 1,000 × 1,000 scores
/// is no page a person reads, and a gigabyte of HTML per field; the whole matrix is the
/// `partners` data table.
pub const MATRIX_SHOWN: usize = 100;

/// What the pages show of one field's partner matrix (the whole matrix is never held: it is
/// computed [`score::PartnerMatrix`] chunk by chunk and handed to the sink of
/// [`Pending::finish`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldPartners {
    /// Per university, in university order: its best partner with the score's components
    /// (`None` when it has none: a consortium of one).
    pub best: Vec<Option<PartnerScore>>,
    /// The universities of the page's matrix, in university order: every university, or the
    /// [`MATRIX_SHOWN`] strongest in the field.
    pub shown: Vec<UniIdx>,
    /// One row per shown university with partners: its score with each shown university, in
    /// `shown` order (`None` for itself).
    pub rows: Vec<(UniIdx, Vec<Option<f64>>)>,
    /// The best score of the whole matrix (0 when there is none): the heat colours' scale.
    pub max: f64,
}

impl FieldPartners {
    /// Whether the page's matrix leaves universities out.
    pub fn is_partial(&self) -> bool {
        self.shown.len() < self.best.len()
    }
}

/// The report's model with its tasks and leaders only ([`prepare`]); [`Pending::finish`]
/// computes the rest.
pub struct Pending<'g>(Model<'g>);

impl<'g> Pending<'g> {
    /// The leaders of every field (in parallel); the rest is [`Pending::finish`]'s.
    fn new(
        g: &'g Graph,
        audience: Option<(&'g Graph, &'g View)>,
        profile: &Profile,
        limits: &Limits,
    ) -> Pending<'g> {
        let agg = audience.map_or(g, |(t, _)| t);
        let ds = g.data();
        let fields: Vec<FieldIdx> = ds.field_ids().collect();
        let leaders: Vec<Vec<Leader>> = fields
            .par_iter()
            .map(|&f| {
                let mut l = score::leaders(agg, f);
                if let Some((t, v)) = audience {
                    super::scores::guard_leaders(v, t, f, &mut l);
                }
                l
            })
            .collect();
        let nf = ds.fields.len();
        let mut strength = vec![0.0; ds.universities.len() * nf];
        for (f, list) in leaders.iter().enumerate() {
            for l in list {
                strength[l.university.ix() * nf + f] = l.score;
            }
        }
        Pending(Model {
            audience: "admin".into(),
            policy: "none".into(),
            g,
            totals: agg,
            guard: audience.map(|(_, v)| v),
            profile: profile.clone(),
            limits: limits.clone(),
            leaders,
            partners: Vec::new(),
            calls: Vec::new(),
            calls_of_field: Vec::new(),
            field_labs: Vec::new(),
            borrow: Vec::new(),
            lend: Vec::new(),
            links: Vec::new(),
            strength,
            tasks: None,
        })
    }

    /// The team calls (capacity shared in report order), the lab opportunities and the
    /// co-authorship links, in parallel; `tick` once per call.
    fn rest(m: &Model<'g>, tick: &(dyn Fn() + Sync)) -> Rest {
        let (g, agg, profile, limits) = (m.g, m.totals, &m.profile, &m.limits);
        let calls = report_calls(g);
        let (results, (opportunities, links)) = rayon::join(
            || {
                calls
                    .par_iter()
                    .map(|(call, field, with)| {
                        let r = solve(g, call, *field, *with, profile, limits);
                        tick();
                        r
                    })
                    .collect::<Vec<_>>()
            },
            || {
                rayon::join(
                    || {
                        super::labs::best_lab_lists(
                            agg,
                            m.guard,
                            &profile.labs,
                            limits.labs_per_list,
                        )
                    },
                    || uni_links(g),
                )
            },
        );
        let results = share_capacity(g, profile, limits, results);
        let mut calls_of_field = Vec::new();
        let mut start = 0;
        for f in g.data().field_ids() {
            let n = results.iter().filter(|c| c.field == f).count();
            calls_of_field.push(start..start + n);
            start += n;
        }
        Rest {
            calls: results,
            calls_of_field,
            opportunities,
            links,
        }
    }

    /// The model computed so far (its `partners` are empty).
    pub fn model(&self) -> &Model<'g> {
        &self.0
    }

    /// Computes the team calls, lab opportunities and links, and beside them (in parallel)
    /// every field's partner matrix, field by field, [`super::scores::MATRIX_CHUNK`]
    /// universities at a time (guarded as [`super::partners_streamed`] guards them), keeps
    /// what the pages show ([`FieldPartners`]) and hands each chunk, in field and university
    /// order, to `sink` (which writes the `partners` data table). In a consortium of at most
    /// `MATRIX_CHUNK` universities (one chunk per field) the fields are computed together, so
    /// that a small report keeps every core busy; never more than about one large chunk's rows
    /// are held. `tick` once per field. Stops at the sink's first error.
    pub fn finish<E: Send>(
        mut self,
        tick: &(dyn Fn() + Sync),
        sink: impl FnMut(FieldIdx, &[Vec<PartnerScore>]) -> Result<(), E> + Send,
    ) -> Result<Model<'g>, E> {
        let m = &self.0;
        let (rest, partners) = rayon::join(
            || Pending::rest(m, tick),
            || Pending::partners(m, tick, sink),
        );
        let partners = partners?;
        let m = &mut self.0;
        m.partners = partners;
        m.calls = rest.calls;
        m.calls_of_field = rest.calls_of_field;
        [m.field_labs, m.borrow, m.lend] = rest.opportunities;
        m.links = rest.links;
        Ok(self.0)
    }

    /// Every field's [`FieldPartners`], the chunks handed to `sink` (see [`Pending::finish`]).
    fn partners<E>(
        m: &Model<'g>,
        tick: &(dyn Fn() + Sync),
        mut sink: impl FnMut(FieldIdx, &[Vec<PartnerScore>]) -> Result<(), E>,
    ) -> Result<Vec<FieldPartners>, E> {
        let ds = m.g.data();
        let fields: Vec<FieldIdx> = ds.field_ids().collect();
        let unis: Vec<UniIdx> = ds.university_ids().collect();
        let mut partners = Vec::with_capacity(fields.len());
        if unis.len() <= super::scores::MATRIX_CHUNK {
            let passes: Vec<(FieldPass<'_>, Vec<Vec<PartnerScore>>)> = fields
                .par_iter()
                .map(|&f| {
                    let p = FieldPass::new(m, f);
                    let lists = p.compute(&unis);
                    (p, lists)
                })
                .collect();
            for (mut p, lists) in passes {
                p.keep(&unis, &lists);
                sink(p.field, &lists)?;
                partners.push(p.fp);
                tick();
            }
        } else {
            for f in fields {
                let mut p = FieldPass::new(m, f);
                for chunk in unis.chunks(super::scores::MATRIX_CHUNK) {
                    let lists = p.compute(chunk);
                    p.keep(chunk, &lists);
                    sink(f, &lists)?;
                }
                partners.push(p.fp);
                tick();
            }
        }
        Ok(partners)
    }
}

/// What [`Pending::finish`] computes beside the partner matrices.
struct Rest {
    calls: Vec<CallResult>,
    calls_of_field: Vec<std::ops::Range<usize>>,
    opportunities: [Vec<Vec<LabOpportunity>>; 3],
    links: Vec<UniLink>,
}

/// One field's pass over its partner matrix (see [`Pending::finish`]).
struct FieldPass<'m> {
    field: FieldIdx,
    matrix: score::PartnerMatrix<'m>,
    guard: Option<super::scores::PartnerGuard>,
    /// Per university: its place in `fp.shown` (`usize::MAX`: not shown).
    pos: Vec<usize>,
    fp: FieldPartners,
}

impl<'m> FieldPass<'m> {
    fn new(m: &'m Model<'_>, f: FieldIdx) -> FieldPass<'m> {
        let ds = m.g.data();
        let n = ds.universities.len();
        let mut shown: Vec<UniIdx> = if n <= MATRIX_SHOWN {
            ds.university_ids().collect()
        } else {
            m.leaders[f.ix()]
                .iter()
                .take(MATRIX_SHOWN)
                .map(|l| l.university)
                .collect()
        };
        shown.sort();
        let mut pos = vec![usize::MAX; n];
        for (i, u) in shown.iter().enumerate() {
            pos[u.ix()] = i;
        }
        FieldPass {
            field: f,
            matrix: score::PartnerMatrix::new(m.totals, f, &m.profile.partner, Mode::Strengthen),
            guard: m.partner_guard(f),
            pos,
            fp: FieldPartners {
                best: Vec::with_capacity(n),
                rows: Vec::with_capacity(shown.len()),
                shown,
                max: 0.0,
            },
        }
    }

    /// The guarded, ranked partner lists of `unis`.
    fn compute(&self, unis: &[UniIdx]) -> Vec<Vec<PartnerScore>> {
        let mut lists = self.matrix.rows(unis);
        if let Some(g) = &self.guard {
            lists.par_iter_mut().for_each(|l| g.apply(l));
        }
        lists
    }

    /// Keeps what the pages show of the lists of `unis` (the next universities in order).
    fn keep(&mut self, unis: &[UniIdx], lists: &[Vec<PartnerScore>]) {
        let fp = &mut self.fp;
        for (u, list) in unis.iter().zip(lists) {
            // As the pages took it: the largest of every score, in matrix order.
            fp.max = list.iter().map(|p| p.score).fold(fp.max, f64::max);
            fp.best.push(list.first().cloned());
            if self.pos[u.ix()] != usize::MAX && !list.is_empty() {
                let mut cells = vec![None; fp.shown.len()];
                for p in list {
                    if let Some(c) = cells.get_mut(self.pos[p.partner.ix()]) {
                        *c = Some(p.score);
                    }
                }
                fp.rows.push((*u, cells));
            }
        }
    }
}

/// Team calls: size, universities, minimum level (regions: 2 when the candidates span two).
pub const TEAM_SIZE: (usize, usize) = (3, 5);
pub const TEAM_MIN_UNIVERSITIES: usize = 2;
pub const TEAM_MIN_REGIONS: usize = 2;
pub const TEAM_MIN_LEVEL: f32 = 0.5;

/// How much the report computes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Teams proposed per call (the best, then the next best sharing at most half its members).
    pub teams_per_call: usize,
    /// Lab opportunities per field and per university list (borrow, lend).
    pub labs_per_list: usize,
    /// Inter-university links listed on the overview (all are in the CSV/JSON table).
    pub links_listed: usize,
}

impl Default for Limits {
    /// Three teams per call, ten lab opportunities per list, twenty links on the overview.
    /// Measured at 100 universities × 1,000 researchers (80 calls, BENCHMARKS.md), three teams
    /// per call keep the whole report well within its time budget, so the defaults do not
    /// depend on the size of the consortium.
    fn default() -> Limits {
        Limits {
            teams_per_call: 3,
            labs_per_list: 10,
            links_listed: 20,
        }
    }
}

/// One team call of the report and what the solver made of it.
#[derive(Clone, Debug)]
pub struct CallResult {
    pub call: Call,
    pub field: FieldIdx,
    /// The related field the call adds, if any.
    pub with: Option<FieldIdx>,
    pub proposal: Proposal,
    /// Why no team could be formed (empty when teams were found).
    pub reasons: Vec<team::diagnose::Reason>,
}

/// Co-authorship between two universities (`a < b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UniLink {
    pub a: UniIdx,
    pub b: UniIdx,
    /// Co-author pairs (records) joining a researcher of `a` and one of `b`.
    pub pairs: u32,
    /// Σ papers over those pairs.
    pub papers: u64,
}

/// All the report's data.
pub struct Model<'g> {
    /// The graph as the audience may see it: the report is computed from it and shows only it.
    pub g: &'g Graph,
    /// What university-level scores (leaders, partners, labs) are computed from: every record
    /// when the policy allows aggregate use (`g` without an audience).
    pub totals: &'g Graph,
    /// The audience's view, whose guards those scores go through (`None`: no audience).
    pub guard: Option<&'g View>,
    /// Whom the report was written for (`public`, `consortium`, a university id, `admin`).
    pub audience: String,
    /// The data-sharing policy applied: where it came from and its hash.
    pub policy: String,
    pub profile: Profile,
    pub limits: Limits,
    /// Per field: universities by strength, best first.
    pub leaders: Vec<Vec<Leader>>,
    /// Per field: what the pages show of its partner matrix (each university's best partner,
    /// the page's matrix). The whole matrix is the `partners` data table, computed again
    /// ([`Model::partner_matrix`]) or streamed ([`Pending::finish`]).
    pub partners: Vec<FieldPartners>,
    /// Every call, field by field: the field alone, then with each related field.
    pub calls: Vec<CallResult>,
    /// Per field: the range of its calls in `calls`.
    pub calls_of_field: Vec<std::ops::Range<usize>>,
    /// Per field: the best lab opportunities, ranked within the field.
    pub field_labs: Vec<Vec<LabOpportunity>>,
    /// Per university: what it can borrow (as beneficiary), ranked within the list.
    pub borrow: Vec<Vec<LabOpportunity>>,
    /// Per university: what it can lend (as host), ranked within the list.
    pub lend: Vec<Vec<LabOpportunity>>,
    /// Inter-university co-authorship, sorted by `(a, b)`.
    pub links: Vec<UniLink>,
    /// Per university × field (row-major): the strength score in [0, 1] (see `leaders`).
    pub strength: Vec<f64>,
    /// The list of tasks and their teams, when the report was asked for them.
    pub tasks: Option<Tasks>,
}

impl<'g> Model<'g> {
    /// Computes everything; `tick` is called once per field and once per call.
    pub fn build(
        g: &'g Graph,
        profile: &Profile,
        limits: &Limits,
        tick: &(dyn Fn() + Sync),
    ) -> Model<'g> {
        Model::build_for(g, None, profile, limits, tick)
    }

    /// [`Model::build`] for an audience: `g` is what it may see (teams, co-authorship map and
    /// every name come from it); with `Some((totals, view))`, leaders, partners and lab
    /// opportunities are computed from `totals` and guarded as the query layer guards them
    /// ([`super::scores::PartnerGuard`], [`super::labs::LabGuard`]).
    pub(crate) fn build_for(
        g: &'g Graph,
        audience: Option<(&'g Graph, &'g View)>,
        profile: &Profile,
        limits: &Limits,
        tick: &(dyn Fn() + Sync),
    ) -> Model<'g> {
        complete(Pending::new(g, audience, profile, limits).finish(tick, no_sink))
    }

    /// The partner guard of field `f` for the model's audience (`None`: it sees everything).
    fn partner_guard(&self, f: FieldIdx) -> Option<super::scores::PartnerGuard> {
        self.guard
            .and_then(|v| super::scores::PartnerGuard::new(v, self.totals, f))
    }

    /// The whole partner matrix of `f` (strengthen mode, guarded): one ranked list per
    /// university, in university order, computed at once: what the `partners` table holds.
    /// [`Pending::finish`] computes the same lists a chunk at a time.
    pub fn partner_matrix(&self, f: FieldIdx) -> Vec<Vec<PartnerScore>> {
        let mut lists =
            score::partner_matrix(self.totals, f, &self.profile.partner, Mode::Strengthen);
        if let Some(g) = self.partner_guard(f) {
            lists.iter_mut().for_each(|l| g.apply(l));
        }
        lists
    }

    /// The strength score of `u` in `f`, in [0, 1].
    pub fn strength(&self, u: UniIdx, f: FieldIdx) -> f64 {
        self.strength[u.ix() * self.g.data().fields.len() + f.ix()]
    }

    /// The calls of one field.
    pub fn calls_of(&self, f: FieldIdx) -> &[CallResult] {
        &self.calls[self.calls_of_field[f.ix()].clone()]
    }

    /// `(call index, team rank)` of every proposed team with a member from `u`, in call order.
    pub fn teams_with(&self, u: UniIdx) -> Vec<(usize, usize)> {
        let ds = self.g.data();
        let mut out = Vec::new();
        for (i, c) in self.calls.iter().enumerate() {
            for (k, t) in c.proposal.teams.iter().enumerate() {
                if t.members.iter().any(|r| ds.researcher(*r).university == u) {
                    out.push((i, k + 1));
                }
            }
        }
        out
    }

    /// Number of researchers, labs and inter-university co-author pairs of each university.
    pub fn university_counts(&self) -> Vec<(usize, usize, u64)> {
        let mut pairs = vec![0u64; self.g.data().universities.len()];
        for l in &self.links {
            pairs[l.a.ix()] += u64::from(l.pairs);
            pairs[l.b.ix()] += u64::from(l.pairs);
        }
        self.g
            .data()
            .university_ids()
            .map(|u| {
                (
                    self.g.members(u).len(),
                    self.g.labs_of(u).len(),
                    pairs[u.ix()],
                )
            })
            .collect()
    }
}

/// The report's calls: for each field, the field alone, then the field with each related field
/// (in the related list's order). Call ids are `field` and `field+related`.
pub fn report_calls(g: &Graph) -> Vec<(Call, FieldIdx, Option<FieldIdx>)> {
    let ds = g.data();
    let mut out = Vec::new();
    for f in ds.field_ids() {
        out.push((call(g, &[f]), f, None));
        for &r in &ds.field(f).related {
            out.push((call(g, &[f, r]), f, Some(r)));
        }
    }
    out
}

/// A call for `fields` with the report's defaults. It asks for two regions when the
/// candidates (researchers at the minimum level in a required field) span two or more.
fn call(g: &Graph, fields: &[FieldIdx]) -> Call {
    let ds = g.data();
    let mut regions = [false; Region::ALL.len()];
    for &f in fields {
        for &(r, level) in g.field_members(f) {
            if level < TEAM_MIN_LEVEL {
                break; // best level first
            }
            regions[ds.university(ds.researcher(r).university).region as usize] = true;
        }
    }
    let spanned = regions.iter().filter(|x| **x).count();
    let ids: Vec<&str> = fields.iter().map(|f| ds.field(*f).id.as_str()).collect();
    let names: Vec<&str> = fields
        .iter()
        .map(|f| ds.field(*f).name_en.as_str())
        .collect();
    Call {
        id: ids.join("+"),
        title: names.join(" + "),
        fields: fields
            .iter()
            .map(|&field| FieldNeed {
                field,
                min_level: TEAM_MIN_LEVEL,
            })
            .collect(),
        size_min: TEAM_SIZE.0,
        size_max: TEAM_SIZE.1,
        min_universities: TEAM_MIN_UNIVERSITIES,
        min_regions: TEAM_MIN_REGIONS.min(spanned).max(1),
        max_per_university: None,
        include: Vec::new(),
        exclude: Vec::new(),
        rules: Vec::new(),
        prefer_capacity: 0.0,
        prefer_seniority: 0.0,
        lab_fields: Vec::new(),
        problem: None,
    }
}

fn solve(
    g: &Graph,
    call: &Call,
    field: FieldIdx,
    with: Option<FieldIdx>,
    profile: &Profile,
    limits: &Limits,
) -> CallResult {
    let proposal = team::propose(g, call, &profile.teams, limits.teams_per_call, None);
    let reasons = if proposal.teams.is_empty() {
        team::diagnose::diagnose(g, call, &profile.teams, None)
    } else {
        Vec::new()
    };
    CallResult {
        call: call.clone(),
        field,
        with,
        proposal,
        reasons,
    }
}

/// The report's teams share capacity like a batch: no researcher is in more of the report's
/// teams than their `max_teams`. Calls take seats in report order; a call whose independently
/// found teams (computed in parallel) all still fit keeps them, any other is solved again
/// against the seats left ([`team::propose_sharing`]), so a call late in the order may get
/// weaker teams or none (its reasons then start with "capacity taken").
fn share_capacity(
    g: &Graph,
    profile: &Profile,
    limits: &Limits,
    mut results: Vec<CallResult>,
) -> Vec<CallResult> {
    let mut capacity: Vec<u32> = g.data().researchers.iter().map(|r| r.max_teams).collect();
    for r in &mut results {
        let mut trial = capacity.clone();
        let fits = r.proposal.teams.iter().all(|t| {
            t.members.iter().all(|m| {
                let c = &mut trial[m.ix()];
                let ok = *c > 0;
                *c = c.saturating_sub(1);
                ok
            })
        });
        if fits {
            capacity = trial;
            continue;
        }
        let alone = !r.proposal.teams.is_empty();
        r.proposal = team::propose_sharing(
            g,
            &r.call,
            &profile.teams,
            limits.teams_per_call,
            None,
            &mut capacity,
        );
        r.reasons = if r.proposal.teams.is_empty() {
            let mut reasons = team::diagnose::diagnose(g, &r.call, &profile.teams, Some(&capacity));
            if alone {
                reasons.insert(0, team::diagnose::Reason::CapacityTaken);
            }
            reasons
        } else {
            Vec::new()
        };
    }
    results
}

/// Inter-university co-authorship: one pass over the co-authorships.
fn uni_links(g: &Graph) -> Vec<UniLink> {
    let ds = g.data();
    let mut m: FxHashMap<(UniIdx, UniIdx), (u32, u64)> = FxHashMap::default();
    for c in &ds.coauthorships {
        let (a, b) = (ds.researcher(c.a).university, ds.researcher(c.b).university);
        if a != b {
            let e = m.entry((a.min(b), a.max(b))).or_insert((0, 0));
            e.0 += 1;
            e.1 += u64::from(c.papers);
        }
    }
    let mut out: Vec<UniLink> = m
        .into_iter()
        .map(|((a, b), (pairs, papers))| UniLink {
            a,
            b,
            pairs,
            papers,
        })
        .collect();
    out.sort_by_key(|l| (l.a, l.b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    #[test]
    fn calls_are_each_field_alone_then_with_each_related_field() {
        let g = tiny();
        let ids: Vec<String> = report_calls(&g).into_iter().map(|c| c.0.id).collect();
        // water–env are related (symmetric); ai has no related field.
        assert_eq!(ids, ["water", "water+env", "ai", "env", "env+water"]);
    }

    #[test]
    fn tiny_model_by_hand() {
        let g = tiny();
        let limits = Limits::default();
        let m = Model::build(&g, &Profile::default(), &limits, &|| {});
        let d = g.data();
        let u = |id: &str| d.university_by_id(id).unwrap();
        // Co-authorships: a1–b1 (2 papers) joins ua–ub; the others stay within a university.
        assert_eq!(
            m.links,
            [UniLink {
                a: u("ua"),
                b: u("ub"),
                pairs: 1,
                papers: 2
            }]
        );
        // Only ai has three candidates at level ≥ 0.5 (a2, b2, c1) at three universities in
        // three regions: one team, the three of them; water has two (a1, b1).
        let ai = d.field_by_id("ai").unwrap();
        let water = d.field_by_id("water").unwrap();
        let ai_calls = m.calls_of(ai);
        assert_eq!(ai_calls.len(), 1);
        assert_eq!(ai_calls[0].call.min_regions, 2);
        assert_eq!(ai_calls[0].proposal.teams.len(), 1);
        assert_eq!(ai_calls[0].proposal.teams[0].members.len(), 3);
        assert!(m.calls_of(water)[0].proposal.teams.is_empty());
        assert!(!m.calls_of(water)[0].reasons.is_empty());
        assert_eq!(m.teams_with(u("uc")), [(2, 1)]);
        // The strongest in water scores 0.7 + 0.3 · 1.3 / 2 (see score::partner's tests).
        assert!((m.strength(u("ua"), water) - 0.895).abs() < 1e-6);
        assert_eq!(m.university_counts()[u("ua").ix()], (3, 2, 1));
    }
}
