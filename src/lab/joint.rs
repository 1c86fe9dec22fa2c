//! Joint-lab proposals: groups of labs at two or more universities in one city (or region) whose
//! equipment together covers more of a field than any one of them — candidates for a shared
//! facility.
//!
//! **Coverage.** A field's equipment universe is the set of distinct items (names compared
//! after [`crate::text::fold`]) held by all the consortium's labs serving the field, whatever
//! their access. A lab's coverage is the share of that universe it holds; a group's is the
//! share its labs hold together.
//!
//! **Groups.** Only labs that may be shared take part (never `internal` ones), and every lab of
//! a group must be usable by every university of the group under [`Lab::usable_by`](crate::model::Lab::usable_by) (so a
//! `consortium` lab never joins a group with a non-member). Within each locality, greedily:
//! seed with the lab holding the most items (ties: lowest index), then repeatedly add the
//! compatible lab that brings the most items not yet covered (ties: more items, then lowest
//! index) until none brings anything. The group is proposed when it spans at least two
//! universities and covers more than its best single lab; its labs then leave the pool and the
//! next group is formed from the rest. When it is not proposed, only its seed leaves the pool.
//!
//! # Complexity
//! O(k² · (m + u²)) per locality of k labs with m items each and u universities per group.

use std::collections::BTreeSet;

use super::equipment::EquipmentIndex;
use crate::graph::Graph;
use crate::model::*;
use crate::text;

/// Where the labs of one proposal must be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Proximity {
    /// The same city (and country).
    #[default]
    City,
    /// The same region (north, central, south; abroad: the same country).
    Region,
}

impl Proximity {
    pub fn as_str(self) -> &'static str {
        match self {
            Proximity::City => "city",
            Proximity::Region => "region",
        }
    }
}

/// One lab of a proposal.
#[derive(Clone, Debug, PartialEq)]
pub struct JointMember {
    pub lab: LabIdx,
    /// Distinct equipment items of the lab.
    pub items: usize,
    /// Share of the field's equipment universe the lab holds.
    pub coverage: f64,
    /// Items no other lab of the group holds, as the lab writes them.
    pub brings: Vec<String>,
}

/// A candidate shared facility.
#[derive(Clone, Debug, PartialEq)]
pub struct JointProposal {
    pub field: FieldIdx,
    pub within: Proximity,
    /// The city or region, as the first university there writes it.
    pub locality: String,
    /// The universities hosting the labs, by index.
    pub universities: Vec<UniIdx>,
    /// The labs, by index.
    pub members: Vec<JointMember>,
    /// Distinct items the group holds together.
    pub covered: usize,
    /// Items of the best single lab of the group.
    pub best_single: usize,
    /// Size of the field's equipment universe.
    pub universe: usize,
    /// `covered / universe`.
    pub coverage: f64,
}

/// Joint-lab proposals for `field`, localities in order of their first university's index,
/// then in the order the greedy forms them.
pub fn joint_proposals(g: &Graph, field: FieldIdx, within: Proximity) -> Vec<JointProposal> {
    let ds = g.data();
    let eq = EquipmentIndex::build(ds);
    let universe = eq.universe(ds, field).len();
    let mut out = Vec::new();
    for (label, pool) in localities(ds, field, within) {
        for group in greedy_groups(ds, &eq, pool) {
            out.push(proposal(ds, &eq, field, within, &label, group, universe));
        }
    }
    out
}

/// The labs that may take part, grouped by locality: `(label, labs in index order)`.
fn localities(ds: &Dataset, field: FieldIdx, within: Proximity) -> Vec<(String, Vec<LabIdx>)> {
    let mut groups: Vec<(UniIdx, String, String, Vec<LabIdx>)> = Vec::new();
    for l in ds.lab_ids() {
        let lab = ds.lab(l);
        if lab.access == Access::Internal || !lab.fields.contains(&field) {
            continue;
        }
        let u = ds.university(lab.university);
        let (key, label) = match within {
            Proximity::City => (
                format!("{}|{}", u.country, text::fold(&u.city)),
                u.city.clone(),
            ),
            Proximity::Region if u.region == Region::International => (
                format!("international|{}", u.country),
                format!("international ({})", u.country),
            ),
            Proximity::Region => (u.region.as_str().to_string(), u.region.to_string()),
        };
        match groups.iter_mut().find(|g| g.1 == key) {
            Some(g) => {
                g.0 = g.0.min(lab.university);
                g.3.push(l);
            }
            None => groups.push((lab.university, key, label, vec![l])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    groups
        .into_iter()
        .map(|(_, _, lb, labs)| (lb, labs))
        .collect()
}

/// Whether every lab of `group` plus `extra` may be used by every university hosting one.
fn compatible(ds: &Dataset, group: &[LabIdx], extra: LabIdx) -> bool {
    let labs: Vec<&Lab> = group.iter().chain([&extra]).map(|&l| ds.lab(l)).collect();
    labs.iter()
        .all(|lab| labs.iter().all(|h| lab.usable_by(ds, h.university)))
}

/// The greedy of the module doc over one locality's labs.
fn greedy_groups(ds: &Dataset, eq: &EquipmentIndex, mut pool: Vec<LabIdx>) -> Vec<Vec<LabIdx>> {
    let mut out = Vec::new();
    // Most items first, then lowest index.
    let seed_order = |l: &LabIdx| (std::cmp::Reverse(eq.items(*l).len()), *l);
    while let Some(&seed) = pool.iter().min_by_key(|l| seed_order(l)) {
        let mut group = vec![seed];
        let mut covered: BTreeSet<u32> = eq.items(seed).iter().copied().collect();
        loop {
            let next = pool
                .iter()
                .filter(|l| !group.contains(l) && compatible(ds, &group, **l))
                .map(|&l| {
                    let new = eq.items(l).iter().filter(|i| !covered.contains(i)).count();
                    (new, eq.items(l).len(), std::cmp::Reverse(l))
                })
                .filter(|(new, _, _)| *new > 0)
                .max();
            let Some((_, _, std::cmp::Reverse(l))) = next else {
                break;
            };
            group.push(l);
            covered.extend(eq.items(l).iter().copied());
        }
        let hosts: BTreeSet<UniIdx> = group.iter().map(|&l| ds.lab(l).university).collect();
        let best = group.iter().map(|&l| eq.items(l).len()).max().unwrap_or(0);
        if hosts.len() >= 2 && covered.len() > best {
            pool.retain(|l| !group.contains(l));
            group.sort_unstable();
            out.push(group);
        } else {
            pool.retain(|&l| l != seed);
        }
    }
    out
}

/// Describes one group.
fn proposal(
    ds: &Dataset,
    eq: &EquipmentIndex,
    field: FieldIdx,
    within: Proximity,
    locality: &str,
    group: Vec<LabIdx>,
    universe: usize,
) -> JointProposal {
    let share = |n: usize| {
        if universe == 0 {
            0.0
        } else {
            n as f64 / universe as f64
        }
    };
    let covered: BTreeSet<u32> = group
        .iter()
        .flat_map(|&l| eq.items(l).iter().copied())
        .collect();
    let members: Vec<JointMember> = group
        .iter()
        .map(|&l| {
            let others: BTreeSet<u32> = group
                .iter()
                .filter(|&&o| o != l)
                .flat_map(|&o| eq.items(o).iter().copied())
                .collect();
            let mut seen = BTreeSet::new();
            let brings = ds
                .lab(l)
                .equipment
                .iter()
                .filter(|name| {
                    eq.id(name)
                        .is_some_and(|i| !others.contains(&i) && seen.insert(i))
                })
                .cloned()
                .collect();
            JointMember {
                lab: l,
                items: eq.items(l).len(),
                coverage: share(eq.items(l).len()),
                brings,
            }
        })
        .collect();
    let universities: BTreeSet<UniIdx> = group.iter().map(|&l| ds.lab(l).university).collect();
    JointProposal {
        field,
        within,
        locality: locality.to_string(),
        universities: universities.into_iter().collect(),
        best_single: members.iter().map(|m| m.items).max().unwrap_or(0),
        members,
        covered: covered.len(),
        universe,
        coverage: share(covered.len()),
    }
}
