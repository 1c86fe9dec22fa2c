//! Labs for a proposed team: the labs serving a field that every university of the team may use,
//! nearest first. This is what team formation calls to attach facilities to a team.

use super::Distance;
use crate::graph::Graph;
use crate::model::*;

/// A lab a team can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamLab {
    pub lab: LabIdx,
    pub host: UniIdx,
    /// [`Distance::SameCity`] when at least half of the members are in the lab's city,
    /// [`Distance::SameRegion`] when at least half are in its region, otherwise
    /// [`Distance::OtherRegion`].
    pub distance: Distance,
    /// Members in the lab's city.
    pub same_city: u32,
    /// Members in the lab's region (including its city).
    pub same_region: u32,
    /// Members counted (the length of the `universities` argument).
    pub members: u32,
    pub capacity_hours: u32,
}

/// The best `top` labs serving `field` that **every** university in `universities` may use
/// ([`Lab::usable_by`](crate::model::Lab::usable_by): a lab at one member is used by the others too, so the access law must hold for
/// all of them). Pass one entry per team member (repeating a university for each of its
/// members): proximity counts members.
///
/// Order: most members in the lab's city first, then most in its region, then most free hours,
/// then lab index. An empty team gets no labs. Time O(L · |universities|).
pub fn labs_for_team(
    g: &Graph,
    universities: &[UniIdx],
    field: FieldIdx,
    top: usize,
) -> Vec<TeamLab> {
    let ds = g.data();
    if universities.is_empty() {
        return Vec::new();
    }
    let members = universities.len() as u32;
    let mut out: Vec<TeamLab> = ds
        .lab_ids()
        .filter(|&l| {
            let lab = ds.lab(l);
            lab.fields.contains(&field) && universities.iter().all(|&u| lab.usable_by(ds, u))
        })
        .map(|l| {
            let lab = ds.lab(l);
            let mut same_city = 0;
            let mut same_region = 0;
            for &u in universities {
                match Distance::between(ds, lab.university, u) {
                    Distance::SameCity => {
                        same_city += 1;
                        same_region += 1;
                    }
                    Distance::SameRegion => same_region += 1,
                    Distance::OtherRegion => {}
                }
            }
            let distance = if 2 * same_city >= members {
                Distance::SameCity
            } else if 2 * same_region >= members {
                Distance::SameRegion
            } else {
                Distance::OtherRegion
            };
            TeamLab {
                lab: l,
                host: lab.university,
                distance,
                same_city,
                same_region,
                members,
                capacity_hours: lab.capacity_hours,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.same_city
            .cmp(&a.same_city)
            .then(b.same_region.cmp(&a.same_region))
            .then(b.capacity_hours.cmp(&a.capacity_hours))
            .then(a.lab.cmp(&b.lab))
    });
    out.truncate(top);
    out
}
