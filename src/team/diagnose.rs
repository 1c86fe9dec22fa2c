//! Why a call cannot be filled: names the constraint that cannot be met and why, so that a
//! programme officer knows what to relax.
//!
//! Each constraint is first checked alone against the candidates (e.g. "no researcher with
//! water level ≥ 0.9", "only 2 universities have candidates"); when each holds alone but no team
//! meets them together, the constraints are relaxed one at a time to find which ones clash.
//! The answer is a list of typed [`Reason`]s; [`Reason::describe`] words each one.

use super::{propose_with, Call, Ctx, Solver, TeamWeights};
use crate::graph::Graph;
use crate::model::*;

/// One reason a call cannot be filled.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// A researcher is both in `include` and in `exclude`.
    IncludedAndExcluded(ResearcherIdx),
    /// An included researcher has no capacity left.
    IncludedWithoutCapacity(ResearcherIdx),
    /// More researchers are included than the team may have members.
    TooManyIncluded { included: usize, size_max: usize },
    /// The team is too small to span the universities asked for.
    TooSmallForUniversities {
        size_max: usize,
        min_universities: usize,
    },
    /// The team is too small to span the regions asked for.
    TooSmallForRegions { size_max: usize, min_regions: usize },
    /// Nobody usable reaches the field level; `reaching` researchers reach it but are excluded
    /// or full; `best` is the strongest researcher in the field when nobody reaches it.
    NoExpert {
        field: FieldIdx,
        min_level: f32,
        reaching: usize,
        best: Option<(ResearcherIdx, f32)>,
    },
    /// Too few universities have candidates.
    TooFewUniversities {
        have: Vec<UniIdx>,
        min_universities: usize,
    },
    /// Candidates come from too few regions.
    TooFewRegions {
        have: Vec<Region>,
        min_regions: usize,
    },
    /// The per-university cap times the universities with candidates is below the minimum size.
    CapTooTight {
        max_per_university: usize,
        universities: usize,
        size_min: usize,
    },
    /// Too few candidates hold a title.
    TooFewTitled {
        have: usize,
        title: Title,
        count: usize,
    },
    /// No lab serving the field is usable by any candidate's university.
    NoUsableLab(FieldIdx),
    /// Each constraint holds alone; relaxing any one of these (call keys) would help.
    Clash(Vec<&'static str>),
    /// No team meets all constraints, and relaxing any single one does not help.
    NoSingleRelaxation,
    /// Batch: the call can be filled alone, but the researchers it needs are taken.
    CapacityTaken,
}

impl Reason {
    /// The reason in words, with ids from the dataset.
    pub fn describe(&self, ds: &Dataset) -> String {
        let rid = |r: &ResearcherIdx| ds.researcher(*r).id.as_str();
        let s = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match self {
            Reason::IncludedAndExcluded(r) => {
                format!("researcher {} is both included and excluded", rid(r))
            }
            Reason::IncludedWithoutCapacity(r) => format!(
                "included researcher {} has no capacity left (max_teams reached)",
                rid(r)
            ),
            Reason::TooManyIncluded { included, size_max } => format!(
                "{included} researchers are included but the team has at most {size_max} members"
            ),
            Reason::TooSmallForUniversities {
                size_max,
                min_universities,
            } => format!(
                "a team of at most {size_max} members cannot span {min_universities} universities"
            ),
            Reason::TooSmallForRegions {
                size_max,
                min_regions,
            } => format!("a team of at most {size_max} members cannot span {min_regions} regions"),
            Reason::NoExpert {
                field,
                min_level,
                reaching,
                best,
            } => {
                let f = ds.field(*field);
                let mut msg = format!(
                    "no researcher with {} ({}) level ≥ {min_level}",
                    f.id, f.name_en
                );
                if *reaching > 0 {
                    msg.push_str(&format!(
                        ": the {reaching} who reach it are excluded or have no capacity left"
                    ));
                } else if let Some((r, l)) = best {
                    msg.push_str(&format!(" (the best is {} at {l:.2})", rid(r)));
                }
                msg
            }
            Reason::TooFewUniversities {
                have,
                min_universities,
            } => {
                let ids: Vec<&str> = have.iter().map(|u| ds.university(*u).id.as_str()).collect();
                format!(
                    "only {} universit{} ({}) have researchers meeting the field levels; the call asks for at least {min_universities}",
                    have.len(),
                    s(have.len(), "y", "ies"),
                    ids.join(", ")
                )
            }
            Reason::TooFewRegions { have, min_regions } => {
                let names: Vec<&str> = have.iter().map(|r| r.as_str()).collect();
                format!(
                    "candidates come from {} region{} ({}); the call asks for at least {min_regions}",
                    have.len(),
                    s(have.len(), "", "s"),
                    names.join(", ")
                )
            }
            Reason::CapTooTight {
                max_per_university,
                universities,
                size_min,
            } => format!(
                "at most {max_per_university} per university × {universities} universities with candidates < the minimum size {size_min}"
            ),
            Reason::TooFewTitled { have, title, count } => format!(
                "only {have} candidate{} with title {title} or higher; the call asks for {count}",
                s(*have, "", "s")
            ),
            Reason::NoUsableLab(f) => format!(
                "no lab serving {} is usable by any candidate's university (internal labs are not shared)",
                ds.field(*f).id
            ),
            Reason::Clash(culprits) => format!(
                "each constraint can be met alone but not all together; relaxing any one of {} would make the call feasible",
                culprits.join(", ")
            ),
            Reason::NoSingleRelaxation => {
                "no team meets all constraints together, and relaxing any single one does not help"
                    .into()
            }
            Reason::CapacityTaken => "the call can be filled alone, but the researchers it needs are already in other teams up to their max_teams (or their university reached its share of seats)".into(),
        }
    }
}

/// Reasons, most specific first. Empty when the call can be filled.
pub fn diagnose(
    g: &Graph,
    call: &Call,
    w: &TeamWeights,
    capacity_left: Option<&[u32]>,
) -> Vec<Reason> {
    let out = alone(g, call, capacity_left);
    if !out.is_empty() {
        return out;
    }
    let out = against_pool(&Ctx::new(g, call, w, capacity_left), call);
    if !out.is_empty() {
        return out;
    }
    vec![clash(g, call, w, capacity_left)]
}

/// The constraints that fail on their own: include/exclude, sizes, field levels.
fn alone(g: &Graph, call: &Call, capacity_left: Option<&[u32]>) -> Vec<Reason> {
    let ds = g.data();
    let cap = |r: ResearcherIdx| capacity_left.map_or(ds.researcher(r).max_teams, |c| c[r.ix()]);
    let mut out = Vec::new();
    for &r in &call.include {
        if call.exclude.contains(&r) {
            out.push(Reason::IncludedAndExcluded(r));
        }
        if cap(r) == 0 {
            out.push(Reason::IncludedWithoutCapacity(r));
        }
    }
    if call.include.len() > call.size_max {
        out.push(Reason::TooManyIncluded {
            included: call.include.len(),
            size_max: call.size_max,
        });
    }
    if call.min_universities > call.size_max {
        out.push(Reason::TooSmallForUniversities {
            size_max: call.size_max,
            min_universities: call.min_universities,
        });
    }
    if call.min_regions > call.size_max {
        out.push(Reason::TooSmallForRegions {
            size_max: call.size_max,
            min_regions: call.min_regions,
        });
    }
    for need in &call.fields {
        let members = g.field_members(need.field);
        let experts: Vec<ResearcherIdx> = members
            .iter()
            .take_while(|(_, l)| *l >= need.min_level)
            .map(|(r, _)| *r)
            .collect();
        let usable = experts
            .iter()
            .any(|r| cap(*r) >= 1 && !call.exclude.contains(r));
        if !usable {
            out.push(Reason::NoExpert {
                field: need.field,
                min_level: need.min_level,
                reaching: experts.len(),
                best: members.first().copied(),
            });
        }
    }
    out
}

/// The constraints that the candidate pool cannot meet: universities, regions, the
/// per-university cap, title rules, labs.
fn against_pool(ctx: &Ctx<'_>, call: &Call) -> Vec<Reason> {
    let ds = ctx.g.data();
    let mut out = Vec::new();
    let mut unis: Vec<UniIdx> = (0..ctx.pool.len()).map(|i| ctx.uni(i)).collect();
    unis.sort();
    unis.dedup();
    if unis.len() < call.min_universities {
        out.push(Reason::TooFewUniversities {
            have: unis.clone(),
            min_universities: call.min_universities,
        });
    }
    let mut regions: Vec<Region> = (0..ctx.pool.len()).map(|i| ctx.region(i)).collect();
    regions.sort();
    regions.dedup();
    if regions.len() < call.min_regions {
        out.push(Reason::TooFewRegions {
            have: regions,
            min_regions: call.min_regions,
        });
    }
    if let Some(m) = call.max_per_university {
        if m * unis.len() < call.size_min {
            out.push(Reason::CapTooTight {
                max_per_university: m,
                universities: unis.len(),
                size_min: call.size_min,
            });
        }
    }
    for rule in &call.rules {
        let n = ctx
            .pool
            .iter()
            .filter(|r| ds.researcher(**r).title >= rule.min_title)
            .count();
        if n < rule.count {
            out.push(Reason::TooFewTitled {
                have: n,
                title: rule.min_title,
                count: rule.count,
            });
        }
    }
    for &f in &call.lab_fields {
        let usable = unis.iter().any(|&u| {
            ds.labs
                .iter()
                .any(|l| l.fields.contains(&f) && l.usable_by(ds, u))
        });
        if !usable {
            out.push(Reason::NoUsableLab(f));
        }
    }
    out
}

/// Each constraint holds alone: which ones clash, found by relaxing one at a time.
fn clash(g: &Graph, call: &Call, w: &TeamWeights, capacity_left: Option<&[u32]>) -> Reason {
    let relaxed = |f: &dyn Fn(&mut Call)| {
        let mut c = call.clone();
        f(&mut c);
        c
    };
    let relaxations: [(&'static str, Call); 7] = [
        ("min_universities", relaxed(&|c| c.min_universities = 1)),
        ("min_regions", relaxed(&|c| c.min_regions = 1)),
        (
            "max_per_university",
            relaxed(&|c| c.max_per_university = None),
        ),
        ("rules", relaxed(&|c| c.rules.clear())),
        ("lab_fields", relaxed(&|c| c.lab_fields.clear())),
        ("include", relaxed(&|c| c.include.clear())),
        (
            "size",
            relaxed(&|c| c.size_max = c.size_max.max(c.size_min) + 3),
        ),
    ];
    let culprits: Vec<&'static str> = relaxations
        .iter()
        .filter(|(_, c)| {
            !propose_with(g, c, w, 1, Some(Solver::Heuristic), capacity_left)
                .teams
                .is_empty()
        })
        .map(|(name, _)| *name)
        .collect();
    if culprits.is_empty() {
        Reason::NoSingleRelaxation
    } else {
        Reason::Clash(culprits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};
    use crate::team::call::{CallSpec, FieldSpec, SizeSpec};

    fn tiny() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    #[test]
    fn reasons_are_typed_and_worded_with_ids() {
        let g = tiny();
        let ds = g.data();
        let spec = CallSpec {
            fields: vec![FieldSpec::Name("water".into())],
            size: Some(SizeSpec::Text("2".into())),
            min_universities: Some(3),
            include: vec!["a1".into()],
            ..CallSpec::default()
        };
        // Resolving refuses a researcher in both lists; a `Call` built by hand can still hold
        // one, and diagnose says so.
        let mut call = spec.resolve(ds, &Default::default()).unwrap();
        let a1 = ds.researcher_by_id("a1").unwrap();
        call.exclude.push(a1);
        let reasons = diagnose(&g, &call, &TeamWeights::default(), None);
        assert_eq!(
            reasons,
            vec![
                Reason::IncludedAndExcluded(a1),
                Reason::TooSmallForUniversities {
                    size_max: 2,
                    min_universities: 3
                }
            ]
        );
        assert_eq!(
            reasons[0].describe(ds),
            "researcher a1 is both included and excluded"
        );
        assert_eq!(
            reasons[1].describe(ds),
            "a team of at most 2 members cannot span 3 universities"
        );
    }
}
