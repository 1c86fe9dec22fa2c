//! Why a call cannot be filled: names the constraint that cannot be met and why, so that a
//! programme officer knows what to relax.
//!
//! Each constraint is first checked alone against the candidates (e.g. "no researcher with
//! water level ≥ 0.9", "only 2 universities have candidates"); when each holds alone but no team
//! meets them together, the constraints are relaxed one at a time to find which ones clash.

use super::{propose_with, Call, Ctx, Solver, TeamWeights};
use crate::graph::Graph;
use crate::model::*;

/// Reasons, most specific first. Empty when the call can be filled.
pub fn diagnose(
    g: &Graph,
    call: &Call,
    w: &TeamWeights,
    capacity_left: Option<&[u32]>,
) -> Vec<String> {
    let ds = g.data();
    let mut out = Vec::new();
    let cap = |r: ResearcherIdx| capacity_left.map_or(ds.researcher(r).max_teams, |c| c[r.ix()]);
    let rid = |r: &ResearcherIdx| ds.researcher(*r).id.clone();

    for r in &call.include {
        if call.exclude.contains(r) {
            out.push(format!(
                "researcher {} is both included and excluded",
                rid(r)
            ));
        }
        if cap(*r) == 0 {
            out.push(format!(
                "included researcher {} has no capacity left (max_teams reached)",
                rid(r)
            ));
        }
    }
    if call.include.len() > call.size_max {
        out.push(format!(
            "{} researchers are included but the team has at most {} members",
            call.include.len(),
            call.size_max
        ));
    }
    if call.min_universities > call.size_max {
        out.push(format!(
            "a team of at most {} members cannot span {} universities",
            call.size_max, call.min_universities
        ));
    }
    if call.min_regions > call.size_max {
        out.push(format!(
            "a team of at most {} members cannot span {} regions",
            call.size_max, call.min_regions
        ));
    }
    for need in &call.fields {
        let f = ds.field(need.field);
        let experts: Vec<ResearcherIdx> = g
            .field_members(need.field)
            .iter()
            .take_while(|(_, l)| *l >= need.min_level)
            .map(|(r, _)| *r)
            .collect();
        let usable: Vec<&ResearcherIdx> = experts
            .iter()
            .filter(|r| cap(**r) >= 1 && !call.exclude.contains(r))
            .collect();
        if usable.is_empty() {
            let mut msg = format!(
                "no researcher with {} ({}) level ≥ {}",
                f.id, f.name_en, need.min_level
            );
            if !experts.is_empty() {
                msg.push_str(&format!(
                    ": the {} who reach it are excluded or have no capacity left",
                    experts.len()
                ));
            } else if let Some((r, l)) = g.field_members(need.field).first() {
                msg.push_str(&format!(
                    " (the best is {} at {:.2})",
                    ds.researcher(*r).id,
                    l
                ));
            }
            out.push(msg);
            continue;
        }
    }
    if !out.is_empty() {
        return out;
    }

    let ctx = Ctx::new(g, call, w, capacity_left);
    let mut unis: Vec<UniIdx> = (0..ctx.pool.len()).map(|i| ctx.uni(i)).collect();
    unis.sort();
    unis.dedup();
    if unis.len() < call.min_universities {
        let ids: Vec<&str> = unis.iter().map(|u| ds.university(*u).id.as_str()).collect();
        out.push(format!(
            "only {} universit{} ({}) have researchers meeting the field levels; the call asks for at least {}",
            unis.len(),
            if unis.len() == 1 { "y" } else { "ies" },
            ids.join(", "),
            call.min_universities
        ));
    }
    let mut regions: Vec<Region> = (0..ctx.pool.len()).map(|i| ctx.region(i)).collect();
    regions.sort();
    regions.dedup();
    if regions.len() < call.min_regions {
        let names: Vec<&str> = regions.iter().map(|r| r.as_str()).collect();
        out.push(format!(
            "candidates come from {} region{} ({}); the call asks for at least {}",
            regions.len(),
            if regions.len() == 1 { "" } else { "s" },
            names.join(", "),
            call.min_regions
        ));
    }
    if let Some(m) = call.max_per_university {
        if m * unis.len() < call.size_min {
            out.push(format!(
                "at most {m} per university × {} universities with candidates < the minimum size {}",
                unis.len(),
                call.size_min
            ));
        }
    }
    for rule in &call.rules {
        let n = ctx
            .pool
            .iter()
            .filter(|r| ds.researcher(**r).title >= rule.min_title)
            .count();
        if n < rule.count {
            out.push(format!(
                "only {n} candidate{} with title {} or higher; the call asks for {}",
                if n == 1 { "" } else { "s" },
                rule.min_title,
                rule.count
            ));
        }
    }
    for &f in &call.lab_fields {
        let ok = unis.iter().any(|&u| {
            ds.labs
                .iter()
                .any(|l| l.fields.contains(&f) && l.usable_by(ds, u))
        });
        if !ok {
            out.push(format!(
                "no lab serving {} is usable by any candidate's university (internal labs are not shared)",
                ds.field(f).id
            ));
        }
    }
    if !out.is_empty() {
        return out;
    }
    // Each constraint holds alone: find which ones clash by relaxing one at a time.
    let relaxations: Vec<(&str, Call)> = vec![
        (
            "min_universities",
            Call {
                min_universities: 1,
                ..call.clone()
            },
        ),
        (
            "min_regions",
            Call {
                min_regions: 1,
                ..call.clone()
            },
        ),
        (
            "max_per_university",
            Call {
                max_per_university: None,
                ..call.clone()
            },
        ),
        (
            "rules",
            Call {
                rules: Vec::new(),
                ..call.clone()
            },
        ),
        (
            "lab_fields",
            Call {
                lab_fields: Vec::new(),
                ..call.clone()
            },
        ),
        (
            "include",
            Call {
                include: Vec::new(),
                ..call.clone()
            },
        ),
        (
            "size",
            Call {
                size_max: call.size_max.max(call.size_min) + 3,
                ..call.clone()
            },
        ),
    ];
    let culprits: Vec<&str> = relaxations
        .iter()
        .filter(|(_, relaxed)| {
            !propose_with(g, relaxed, w, 1, Some(Solver::Heuristic), capacity_left)
                .teams
                .is_empty()
        })
        .map(|(name, _)| *name)
        .collect();
    if culprits.is_empty() {
        out.push(
            "no team meets all constraints together, and relaxing any single one does not help"
                .into(),
        );
    } else {
        out.push(format!(
            "each constraint can be met alone but not all together; relaxing any one of {} would make the call feasible",
            culprits.join(", ")
        ));
    }
    out
}
