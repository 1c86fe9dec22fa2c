//! Shared-lab opportunities: which university could use which other university's lab, for which
//! field, and why; equipment search; joint-lab proposals; the labs a proposed team can reach;
//! and the UK "uniquip" equipment-data interchange ([`uniquip`]). Pure functions of the
//! [`Graph`] (or the dataset), no I/O: `uniquip` parses from and writes to in-memory readers and
//! bytes, and `app` opens the files.
//!
//! # The access law
//!
//! Every function here offers a lab to a university only when [`Lab::usable_by`](crate::model::Lab::usable_by) allows it: an
//! `internal` lab never leaves its host, a `consortium` lab goes only to consortium members (and
//! only when its host is a member too), a `public` lab goes to anyone, members or not.
//!
//! # Opportunity score
//!
//! An opportunity is a lab L at host university A with free hours, a field F that L serves and a
//! beneficiary university B ≠ A such that B has researchers in F, B may use L, and B's own labs serving F
//! have fewer than `min_own_capacity_hours` free hours a month in total (B lacks a lab for F,
//! or has too little free capacity). Its score is the weighted sum of five components, each in
//! [0, 1] (weights from [`LabWeights`], `[labs]` in the profile):
//!
//! | component | value |
//! | --- | --- |
//! | demand | `d / (d + demand_half_saturation)`, d = Σ level of B's researchers in F (how many, and at what level) |
//! | capacity | `h / (h + capacity_half_saturation)`, h = L's free hours a month |
//! | distance | 1 when A and B are in the same city, `same_region` (0.6) in the same region, `other_region` (0.2) otherwise ([`Distance`]) |
//! | ties | `n / (n + ties_half_saturation)`, n = Σ papers · ½^((year₀ − last_year) / half-life) over co-authorships between researchers of A and B, any field |
//! | equipment | `½ · 1/|fields(L)| + ½ · mean_i share_F(i)`: how focused L is on F, and how typical of F its equipment is, where share_F(i) = (labs holding item i that serve F) / (labs holding item i), items compared after [`text::fold`]; 0 for the second half when L lists no equipment |
//!
//! Opportunities are sorted best first, ties broken by (lab index, beneficiary index, field
//! index), so the order never depends on ids or thread count.
//!
//! # Complexity
//! Building the context: O(E) over the co-authorships (ties), O(Σ items) for the equipment
//! index. Scoring: O(Σ_L |fields(L)| · U) candidate (lab, field, university) triples, each O(1)
//! after an O(items · holders) equipment match per (lab, field); then a sort of the candidates
//! (with `top`, a selection holding at most 2·top + 4096 of them) and explanations only for
//! those kept.
//!
//! # Lists too long to hold
//! At 1,000 universities there are millions of opportunities, a kilobyte or more each once
//! explained. [`Bands`] hands out the whole sorted list a score band at a time (one scoring
//! pass per band of at most [`BAND`] candidates); [`best_lists`] and
//! [`best_for_beneficiaries`] keep only the best `n` of each group as the candidates come;
//! [`Scorer::explain`] then explains what is written, a chunk at a time.

mod equipment;
mod joint;
mod opportunity;
mod team_labs;
pub mod uniquip;

use serde::{Deserialize, Serialize};

use crate::graph::Graph;
use crate::model::*;
use crate::text;

pub use equipment::{find_equipment, EquipmentHit};
pub use joint::{joint_proposals, JointMember, JointProposal, Proximity};
pub use opportunity::{
    best_for_beneficiaries, best_lists, exchange, opportunities, Bands, BestLists, Exchange,
    LabOpportunity, LabQuery, Scored, Scorer, BAND,
};
pub use team_labs::{labs_for_team, TeamLab};

/// The five opportunity components in output order.
pub const LAB_COMPONENTS: [&str; 5] = ["demand", "capacity", "distance", "ties", "equipment"];

/// Weights and constants of the shared-lab opportunity score (see [`crate::lab`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabWeights {
    pub demand: f64,
    pub capacity: f64,
    pub distance: f64,
    pub ties: f64,
    pub equipment: f64,
    pub demand_half_saturation: f64,
    pub capacity_half_saturation: f64,
    /// A university whose own labs serving a field have fewer free hours a month than this (in
    /// total) lacks a lab for the field and may benefit from another university's.
    pub min_own_capacity_hours: u32,
    pub same_region: f64,
    pub other_region: f64,
    pub ties_half_saturation: f64,
    pub recency_half_life_years: f64,
    pub reference_year: u16,
}

impl Default for LabWeights {
    fn default() -> Self {
        LabWeights {
            demand: 0.30,
            capacity: 0.20,
            distance: 0.20,
            ties: 0.15,
            equipment: 0.15,
            demand_half_saturation: 5.0,
            capacity_half_saturation: 80.0,
            min_own_capacity_hours: 40,
            same_region: 0.6,
            other_region: 0.2,
            ties_half_saturation: 50.0,
            recency_half_life_years: 4.0,
            reference_year: 0,
        }
    }
}

/// How far apart two universities are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Distance {
    /// Same city (compared after [`text::fold`]) in the same country.
    SameCity,
    /// Same region; institutions abroad (`international`) share a region only within a country.
    SameRegion,
    OtherRegion,
}

impl Distance {
    /// The distance between universities `a` and `b`.
    pub fn between(ds: &Dataset, a: UniIdx, b: UniIdx) -> Distance {
        let (x, y) = (ds.university(a), ds.university(b));
        Distance::of(x, y, text::fold(&x.city) == text::fold(&y.city))
    }

    /// The distance between `x` and `y`, given whether their cities are equal after
    /// [`text::fold`].
    pub(crate) fn of(x: &University, y: &University, same_city: bool) -> Distance {
        if x.country == y.country && same_city {
            Distance::SameCity
        } else if x.region == y.region
            && (x.region != Region::International || x.country == y.country)
        {
            Distance::SameRegion
        } else {
            Distance::OtherRegion
        }
    }

    /// The distance component's value under `w`.
    pub fn value(self, w: &LabWeights) -> f64 {
        match self {
            Distance::SameCity => 1.0,
            Distance::SameRegion => w.same_region,
            Distance::OtherRegion => w.other_region,
        }
    }

    /// The id used in CSV and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Distance::SameCity => "same_city",
            Distance::SameRegion => "same_region",
            Distance::OtherRegion => "other_region",
        }
    }
}

/// Free hours a month of each university's own labs serving each field (row-major, university
/// × field), whatever their access level: a university may always use its own labs.
fn own_hours(g: &Graph) -> Vec<u64> {
    let ds = g.data();
    let nf = ds.fields.len();
    let mut hours = vec![0u64; ds.universities.len() * nf];
    for lab in &ds.labs {
        for f in &lab.fields {
            hours[lab.university.ix() * nf + f.ix()] += u64::from(lab.capacity_hours);
        }
    }
    hours
}

#[cfg(test)]
mod tests {
    //! Hand-computed expectations on `tests/fixtures/labs`:
    //!
    //! | lab | host (city) | fields | access | free h | equipment |
    //! | --- | --- | --- | --- | ---: | --- |
    //! | l1 | ha (Hà Nội) | water | consortium | 60 | Máng sóng; Máy đo lưu tốc ADCP; Máy quét laser 3D |
    //! | l2 | ha | ai | internal | 100 | Cụm GPU |
    //! | l3 | sg (TP. Hồ Chí Minh) | ai; water | public | 120 | Cụm GPU; Kho dữ liệu |
    //! | l4 | hb (Hà Nội) | water | consortium | 20 | Máng sóng; Trạm quan trắc mưa |
    //! | l5 | hp (Hải Phòng) | survey | consortium | 80 | Máy quét laser 3D; Máy toàn đạc điện tử |
    //! | l6 | xn (Hà Nội, not a member) | water | consortium | 30 | Máy đo lưu tốc ADCP; Máy quét laser 3D mặt đất |
    //! | l7 | hb | survey | public | 40 | Máy toàn đạc điện tử; Máy thu GNSS RTK |
    //!
    //! Σ level: ha water 0.9, ai 0.8; hb water 1.0, ai 0.5; hp water 0.5, survey 1.0; sg water
    //! 0.7; xn water 0.3, ai 0.9. Own free hours: ha water 60, ai 100; hb water 20, survey 40; hp
    //! survey 80; sg water and ai 120; xn water 30. Below 40 (so beneficiaries): water hb, hp, xn;
    //! ai hb, xn; survey nobody with researchers.
    //!
    //! Ties (latest year 2025, half-life 4): ha–hb 3·½^(1/4) = 2.5226892; ha–sg 1; hb–xn
    //! 2·½^(2/4) = 1.4142136.
    use super::*;
    use crate::load::{load, Source};

    fn fixture() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labs");
        Graph::build(load(&Source::Dir(dir)).unwrap())
    }

    fn lab(g: &Graph, id: &str) -> LabIdx {
        g.data().lab_by_id(id).unwrap()
    }
    fn uni(g: &Graph, id: &str) -> UniIdx {
        g.data().university_by_id(id).unwrap()
    }
    fn field(g: &Graph, id: &str) -> FieldIdx {
        g.data().field_by_id(id).unwrap()
    }

    /// `(lab, beneficiary, field)` ids of each opportunity, in order.
    fn ids(g: &Graph, ops: &[LabOpportunity]) -> Vec<(String, String, String)> {
        let d = g.data();
        ops.iter()
            .map(|o| {
                (
                    d.lab(o.lab).id.clone(),
                    d.university(o.beneficiary).id.clone(),
                    d.field(o.field).id.clone(),
                )
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn l1_for_hb_in_water_by_hand() {
        let g = fixture();
        let w = LabWeights::default();
        let all = opportunities(&g, &LabQuery::default(), &w);
        let o = &all[0];
        assert_eq!(
            (o.lab, o.host, o.beneficiary),
            (lab(&g, "l1"), uni(&g, "ha"), uni(&g, "hb"))
        );
        assert_eq!(
            (o.field, o.rank, o.distance),
            (field(&g, "water"), 1, Distance::SameCity)
        );
        let v: Vec<f64> = o.components.iter().map(|c| c.value).collect();
        // demand: Σ level 1.0 → 1 / (1 + 5)
        assert!(close(v[0], 1.0 / 6.0));
        // capacity: 60 / (60 + 80)
        assert!(close(v[1], 60.0 / 140.0));
        // distance: both in Hà Nội
        assert_eq!(v[2], 1.0);
        // ties: 2.5226892 / (2.5226892 + 50)
        assert!(
            close(o.components[3].raw, 2.5226892),
            "{}",
            o.components[3].raw
        );
        assert!(close(v[3], 0.0480304), "{}", v[3]);
        // equipment: serves one field (focus 1); Máng sóng held by l1, l4 (both water) → 1, ADCP by
        // l1, l6 (water) → 1, laser 3D by l1 (water), l5 (survey) → ½: mean 5/6;
        // ½·1 + ½·5/6 = 0.9166667
        assert!(close(o.components[4].raw, 5.0 / 6.0));
        assert!(close(v[4], 0.9166667), "{}", v[4]);
        // 0.30/6 + 0.20·3/7 + 0.20 + 0.15·0.0480304 + 0.15·0.9166667
        assert!(close(o.score, 0.4804189), "{}", o.score);
        let sum: f64 = o.components.iter().map(|c| c.contribution).sum();
        assert!(close(sum, o.score));
        assert_eq!(
            o.components.iter().map(|c| c.name).collect::<Vec<_>>(),
            LAB_COMPONENTS
        );
    }

    #[test]
    fn every_opportunity_in_order_by_hand() {
        let g = fixture();
        let all = opportunities(&g, &LabQuery::default(), &LabWeights::default());
        let s = |l: &str, b: &str, f: &str| (l.to_string(), b.to_string(), f.to_string());
        assert_eq!(
            ids(&g, &all),
            [
                s("l1", "hb", "water"), // 0.4804189
                // 0.30·0.5/5.5 + 0.20·3/7 + 0.20·0.6 + 0 + 0.15·0.9166667
                s("l1", "hp", "water"), // 0.3704870
                // 0.30·0.5/5.5 + 0.20·20/100 + 0.20·0.6 + 0 + 0.15·1
                s("l4", "hp", "water"), // 0.3372727
                // 0.30·0.9/5.9 + 0.20·0.6 + 0.20·0.2 + 0 + 0.15·(½·½ + ½·1)
                s("l3", "xn", "ai"), // 0.3182627
                // water at l3: Cụm GPU held by l2 (ai) and l3 → ½, Kho dữ liệu → 1;
                // 0.30/6 + 0.12 + 0.04 + 0.15·(½·½ + ½·¾)
                s("l3", "hb", "water"), // 0.30375
                s("l3", "hb", "ai"),    // 0.2997727
                s("l3", "hp", "water"), // 0.2810227
                s("l3", "xn", "water"), // 0.2707311
            ]
        );
        let scores = [
            0.4804189, 0.3704870, 0.3372727, 0.3182627, 0.30375, 0.2997727, 0.2810227, 0.2707311,
        ];
        for (o, want) in all.iter().zip(scores) {
            assert!(close(o.score, want), "{} vs {want}", o.score);
        }
        assert_eq!(
            all.iter().map(|o| o.rank).collect::<Vec<_>>(),
            (1..=8).collect::<Vec<_>>()
        );
    }

    #[test]
    fn internal_labs_are_never_offered() {
        let g = fixture();
        let all = opportunities(&g, &LabQuery::default(), &LabWeights::default());
        assert!(all
            .iter()
            .all(|o| g.data().lab(o.lab).access != Access::Internal));
        assert!(!all.iter().any(|o| o.lab == lab(&g, "l2")));
        // Even when the beneficiary is starved: hb and xn have ai researchers and no ai lab.
        let ai = LabQuery {
            field: Some(field(&g, "ai")),
            ..LabQuery::default()
        };
        let ai = opportunities(&g, &ai, &LabWeights::default());
        assert!(
            ai.iter().all(|o| o.lab == lab(&g, "l3")),
            "{:?}",
            ids(&g, &ai)
        );
    }

    #[test]
    fn consortium_labs_only_between_members() {
        let g = fixture();
        let all = opportunities(&g, &LabQuery::default(), &LabWeights::default());
        let xn = uni(&g, "xn");
        for o in &all {
            let l = g.data().lab(o.lab);
            if l.access == Access::Consortium {
                assert!(g.data().university(o.beneficiary).consortium);
                assert!(g.data().university(o.host).consortium);
            }
            assert!(l.usable_by(g.data(), o.beneficiary));
        }
        // l1 (consortium) would serve xn's water researcher, but xn is not a member.
        assert!(!all
            .iter()
            .any(|o| o.lab == lab(&g, "l1") && o.beneficiary == xn));
        // l6 is a consortium lab at a non-member: offered to nobody.
        assert!(!all.iter().any(|o| o.lab == lab(&g, "l6")));
    }

    #[test]
    fn public_labs_go_to_non_members_too() {
        let g = fixture();
        let all = opportunities(&g, &LabQuery::default(), &LabWeights::default());
        let xn = uni(&g, "xn");
        let to_xn: Vec<_> = all.iter().filter(|o| o.beneficiary == xn).collect();
        assert_eq!(to_xn.len(), 2);
        assert!(to_xn.iter().all(|o| o.lab == lab(&g, "l3")));
    }

    #[test]
    fn exchange_lists_what_hb_borrows_and_offers() {
        let g = fixture();
        let hb = uni(&g, "hb");
        let x = exchange(&g, None, hb, None, &LabWeights::default());
        let s = |l: &str, b: &str, f: &str| (l.to_string(), b.to_string(), f.to_string());
        assert_eq!(
            ids(&g, &x.borrow),
            [
                s("l1", "hb", "water"),
                s("l3", "hb", "water"),
                s("l3", "hb", "ai")
            ]
        );
        // hb offers l4 to hp; l7 (survey) has no taker: hp owns 80 free hours in survey.
        assert_eq!(ids(&g, &x.offer), [s("l4", "hp", "water")]);
        assert_eq!(
            x.borrow.iter().map(|o| o.rank).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        let top = exchange(&g, None, hb, Some(1), &LabWeights::default());
        assert_eq!(top.borrow.len(), 1);
        // The plain query with a university keeps both sides.
        let q = LabQuery {
            university: Some(hb),
            ..LabQuery::default()
        };
        assert_eq!(opportunities(&g, &q, &LabWeights::default()).len(), 4);
    }

    #[test]
    fn threshold_decides_who_lacks_a_lab() {
        let g = fixture();
        // With 0 only universities with no free hours at all qualify: hb (20 h) and xn (30 h)
        // drop out of water; hp stays.
        let w = LabWeights {
            min_own_capacity_hours: 0,
            ..LabWeights::default()
        };
        let q = LabQuery {
            field: Some(field(&g, "water")),
            ..LabQuery::default()
        };
        let hp = uni(&g, "hp");
        assert!(opportunities(&g, &q, &w)
            .iter()
            .all(|o| o.beneficiary == hp));
        // With 100 ha (60 h) qualifies for water too: l3 (public) and l4 (consortium) serve it.
        let w = LabWeights {
            min_own_capacity_hours: 100,
            ..LabWeights::default()
        };
        let ha = uni(&g, "ha");
        let to_ha = opportunities(&g, &q, &w)
            .into_iter()
            .filter(|o| o.beneficiary == ha)
            .count();
        assert_eq!(to_ha, 2);
    }

    #[test]
    fn ties_are_broken_by_lab_index_not_id() {
        let g = fixture();
        let mut ds = g.data().clone();
        // An exact copy of l4 placed first with an id that sorts last.
        let mut copy = ds.labs[lab(&g, "l4").ix()].clone();
        copy.id = "zz".into();
        ds.labs.insert(0, copy);
        ds.reindex();
        let h = Graph::build(ds);
        let q = LabQuery {
            university: Some(uni(&h, "hb")),
            ..LabQuery::default()
        };
        let offer: Vec<_> = opportunities(&h, &q, &LabWeights::default())
            .into_iter()
            .filter(|o| o.host == uni(&h, "hb"))
            .collect();
        assert_eq!(offer.len(), 2);
        assert_eq!(offer[0].score, offer[1].score);
        assert_eq!((offer[0].lab, offer[1].lab), (lab(&h, "zz"), lab(&h, "l4")));
    }

    #[test]
    fn distance_classes() {
        let g = fixture();
        let d = g.data();
        let (ha, hb, hp, sg) = (uni(&g, "ha"), uni(&g, "hb"), uni(&g, "hp"), uni(&g, "sg"));
        assert_eq!(Distance::between(d, ha, hb), Distance::SameCity);
        assert_eq!(Distance::between(d, ha, hp), Distance::SameRegion);
        assert_eq!(Distance::between(d, ha, sg), Distance::OtherRegion);
        let mut ds = d.clone();
        ds.universities[hb.ix()].city = "HA NOI".into();
        ds.universities[hp.ix()].region = Region::International;
        ds.universities[hp.ix()].country = "LA".into();
        ds.universities[sg.ix()].region = Region::International;
        ds.universities[sg.ix()].country = "KH".into();
        assert_eq!(Distance::between(&ds, ha, hb), Distance::SameCity);
        assert_eq!(Distance::between(&ds, hp, sg), Distance::OtherRegion);
        let w = LabWeights::default();
        assert_eq!(Distance::SameRegion.value(&w), 0.6);
    }

    #[test]
    fn equipment_search_ignores_case_diacritics_and_word_order() {
        let g = fixture();
        let hits = |q: &str| -> Vec<(String, Vec<usize>)> {
            find_equipment(&g, q)
                .into_iter()
                .map(|h| (g.data().lab(h.lab).id.clone(), h.items))
                .collect()
        };
        let may_quet = vec![
            ("l1".to_string(), vec![2]),
            ("l5".to_string(), vec![0]),
            ("l6".to_string(), vec![1]),
        ];
        assert_eq!(hits("may quet"), may_quet);
        assert_eq!(hits("MÁY QUÉT"), may_quet);
        assert_eq!(hits("laser 3d mặt"), [("l6".to_string(), vec![1])]);
        // Internal labs are listed: this is an inventory, not an offer.
        assert_eq!(
            hits("gpu cụm"),
            [("l2".to_string(), vec![0]), ("l3".to_string(), vec![0])]
        );
        assert!(hits("lidar").is_empty());
        assert!(hits(" ... ").is_empty());
    }

    #[test]
    fn joint_proposal_for_water_in_hanoi_by_hand() {
        let g = fixture();
        let p = joint_proposals(&g, field(&g, "water"), Proximity::City);
        // Hà Nội: l1 (3 items) seeds; l4 brings Trạm quan trắc mưa; l6 is a consortium lab at a
        // non-member, so it cannot join. TP.HCM has l3 alone.
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert_eq!(p.locality, "Hà Nội");
        assert_eq!(p.universities, [uni(&g, "ha"), uni(&g, "hb")]);
        let members: Vec<LabIdx> = p.members.iter().map(|m| m.lab).collect();
        assert_eq!(members, [lab(&g, "l1"), lab(&g, "l4")]);
        // Universe: the 7 distinct items of l1, l3, l4, l6.
        assert_eq!((p.covered, p.best_single, p.universe), (4, 3, 7));
        assert!(close(p.coverage, 4.0 / 7.0));
        assert!(close(p.members[0].coverage, 3.0 / 7.0));
        assert_eq!(
            p.members[0].brings,
            ["Máy đo lưu tốc ADCP", "Máy quét laser 3D"]
        );
        assert_eq!(p.members[1].brings, ["Trạm quan trắc mưa"]);
    }

    #[test]
    fn joint_proposal_across_cities_only_within_a_region() {
        let g = fixture();
        let survey = field(&g, "survey");
        // l5 (Hải Phòng) and l7 (Hà Nội) share the total station; each brings one more item.
        assert!(joint_proposals(&g, survey, Proximity::City).is_empty());
        let p = joint_proposals(&g, survey, Proximity::Region);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].locality, "north");
        assert_eq!((p[0].covered, p[0].best_single, p[0].universe), (3, 2, 3));
        assert_eq!(p[0].members[0].brings, ["Máy quét laser 3D"]);
        assert_eq!(p[0].members[1].brings, ["Máy thu GNSS RTK"]);
        // ai: l2 is internal and l3 alone in its city.
        assert!(joint_proposals(&g, field(&g, "ai"), Proximity::Region).is_empty());
    }

    #[test]
    fn team_labs_nearest_first_and_usable_by_every_member() {
        let g = fixture();
        let (ha, hb, hp, sg, xn) = (
            uni(&g, "ha"),
            uni(&g, "hb"),
            uni(&g, "hp"),
            uni(&g, "sg"),
            uni(&g, "xn"),
        );
        let (water, ai, survey) = (field(&g, "water"), field(&g, "ai"), field(&g, "survey"));
        let labs = |team: &[UniIdx], f: FieldIdx, top: usize| -> Vec<(String, Distance)> {
            labs_for_team(&g, team, f, top)
                .into_iter()
                .map(|t| (g.data().lab(t.lab).id.clone(), t.distance))
                .collect()
        };
        let s = |id: &str, d: Distance| (id.to_string(), d);
        // Both in Hà Nội: l1 (60 h) before l4 (20 h), then l3 far away; l6 is closed to ha.
        assert_eq!(
            labs(&[ha, hb], water, 10),
            [
                s("l1", Distance::SameCity),
                s("l4", Distance::SameCity),
                s("l3", Distance::OtherRegion)
            ]
        );
        assert_eq!(labs(&[ha, hb], water, 1), [s("l1", Distance::SameCity)]);
        // A non-member in the team: only the public lab is open to all.
        assert_eq!(labs(&[ha, xn], water, 10), [s("l3", Distance::OtherRegion)]);
        // l2 is internal to ha: sg may not use it, so the team may not.
        // l3 is in sg's city but one member of three is not half.
        assert_eq!(
            labs(&[ha, ha, sg], ai, 10),
            [s("l3", Distance::OtherRegion)]
        );
        assert_eq!(labs(&[ha, sg], ai, 10), [s("l3", Distance::SameCity)]);
        assert_eq!(
            labs(&[hp], survey, 10),
            [s("l5", Distance::SameCity), s("l7", Distance::SameRegion)]
        );
        assert!(labs(&[], water, 10).is_empty());
        let t = &labs_for_team(&g, &[ha, hb, hp], water, 1)[0];
        assert_eq!((t.same_city, t.same_region, t.members), (2, 3, 3));
    }

    /// `(lab, beneficiary, field, score)` of each candidate or opportunity.
    type Key = (LabIdx, UniIdx, FieldIdx, u64);

    fn keys(ops: &[LabOpportunity]) -> Vec<Key> {
        ops.iter()
            .map(|o| (o.lab, o.beneficiary, o.field, o.score.to_bits()))
            .collect()
    }

    /// A generated consortium with a few thousand candidates.
    fn generated() -> Graph {
        let cfg = crate::generate::GenConfig {
            universities: 30,
            researchers_per_university: 8,
            seed: 3,
            coauthorships_per_researcher: 3.0,
        };
        Graph::build(crate::generate::generate(&cfg).unwrap())
    }

    #[test]
    fn bands_of_any_size_give_the_whole_sorted_list() {
        for g in [fixture(), generated()] {
            let w = LabWeights::default();
            let all = keys(&opportunities(&g, &LabQuery::default(), &w));
            assert!(all.len() > 3);
            let s = Scorer::new(&g, &w);
            for cap in [1, 2, 7, 100, BAND] {
                let mut seen = 0;
                let bands = Bands::new(&s, None, cap, |_| true, |_| seen += 1);
                assert_eq!((bands.total(), seen), (all.len(), all.len()));
                let (mut got, mut sweeps) = (Vec::new(), 0);
                bands
                    .sweep(
                        &s,
                        |_| true,
                        |band| {
                            sweeps += 1;
                            got.extend(
                                band.iter()
                                    .map(|c| (c.lab, c.beneficiary, c.field, c.score.to_bits())),
                            );
                            Ok::<_, ()>(())
                        },
                    )
                    .unwrap();
                assert_eq!(got, all, "cap {cap}");
                if cap == 1 {
                    assert!(sweeps > 1, "one band only");
                }
            }
        }
    }

    #[test]
    fn bands_follow_the_adjusted_scores() {
        let g = generated();
        let w = LabWeights::default();
        let s = Scorer::new(&g, &w);
        // Drop every third lab, and take the distance out of even labs' scores.
        let adjust = |c: &mut Scored| {
            if c.lab.ix() % 3 == 0 {
                return false;
            }
            if c.lab.ix() % 2 == 0 {
                c.score -= w.distance * c.values[2];
            }
            true
        };
        let mut want = Vec::new();
        s.each(
            None,
            None,
            |_, _| true,
            |mut c| {
                if adjust(&mut c) {
                    want.push(c);
                }
            },
        );
        want.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then((a.lab, a.beneficiary, a.field).cmp(&(b.lab, b.beneficiary, b.field)))
        });
        let bands = Bands::new(&s, None, 50, adjust, |_| {});
        let mut got = Vec::new();
        bands
            .sweep(&s, adjust, |b| {
                got.extend_from_slice(b);
                Ok::<_, ()>(())
            })
            .unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn best_lists_are_the_whole_list_filtered_and_cut() {
        let g = generated();
        let ds = g.data();
        let w = LabWeights::default();
        let all = opportunities(&g, &LabQuery::default(), &w);
        let s = Scorer::new(&g, &w);
        for n in [0, 1, 4, 1000] {
            let best = best_lists(&s, n, |_| true);
            let cut = |keep: &dyn Fn(&LabOpportunity) -> bool| -> Vec<Key> {
                let kept: Vec<LabOpportunity> =
                    all.iter().filter(|o| keep(o)).take(n).cloned().collect();
                keys(&kept)
            };
            let key = |l: &[Scored]| -> Vec<Key> {
                l.iter()
                    .map(|c| (c.lab, c.beneficiary, c.field, c.score.to_bits()))
                    .collect()
            };
            for f in ds.field_ids() {
                assert_eq!(key(&best.by_field[f.ix()]), cut(&|o| o.field == f));
            }
            for u in ds.university_ids() {
                assert_eq!(
                    key(&best.by_beneficiary[u.ix()]),
                    cut(&|o| o.beneficiary == u)
                );
                assert_eq!(key(&best.by_host[u.ix()]), cut(&|o| o.host == u));
                let one = best_for_beneficiaries(&s, None, u.ix()..u.ix() + 1, n, |_| true);
                assert_eq!(key(&one[0]), cut(&|o| o.beneficiary == u));
            }
        }
    }

    #[test]
    fn rescore_is_the_candidate_each_scored() {
        let g = generated();
        let w = LabWeights::default();
        let s = Scorer::new(&g, &w);
        let mut n = 0;
        s.each(
            None,
            None,
            |_, _| true,
            |c| {
                assert_eq!(s.rescore(c.lab, c.beneficiary, c.field), Some(c));
                n += 1;
            },
        );
        assert!(n > 0);
        // Not an opportunity: a lab offered to its own host.
        let l = g.data().lab_ids().next().unwrap();
        let lab = g.data().lab(l);
        assert_eq!(s.rescore(l, lab.university, lab.fields[0]), None);
    }
}
