//! Equipment across the consortium: the folded-item index shared by the equipment match and
//! joint-lab proposals, and the equipment search.

use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::model::*;
use crate::text;

/// Every lab's equipment as distinct items, two items being the same when their names are equal
/// after [`text::fold`] (case, diacritics, punctuation).
pub(crate) struct EquipmentIndex {
    /// Folded name → item number.
    ids: FxHashMap<String, u32>,
    /// The distinct items of each lab, sorted by item number.
    lab_items: Vec<Vec<u32>>,
    /// The labs holding each item, in lab order.
    holders: Vec<Vec<LabIdx>>,
}

impl EquipmentIndex {
    /// Folds every item once. Time O(Σ items · name length).
    pub fn build(ds: &Dataset) -> EquipmentIndex {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut holders: Vec<Vec<LabIdx>> = Vec::new();
        let mut lab_items = Vec::with_capacity(ds.labs.len());
        for (l, lab) in ds.labs.iter().enumerate() {
            let mut items: Vec<u32> = Vec::with_capacity(lab.equipment.len());
            for name in &lab.equipment {
                let key = text::fold(name);
                if key.is_empty() {
                    continue;
                }
                let next = ids.len() as u32;
                let id = *ids.entry(key).or_insert(next);
                if id == next {
                    holders.push(Vec::new());
                }
                items.push(id);
            }
            items.sort_unstable();
            items.dedup();
            for &i in &items {
                holders[i as usize].push(LabIdx(l as u32));
            }
            lab_items.push(items);
        }
        EquipmentIndex {
            ids,
            lab_items,
            holders,
        }
    }

    /// The distinct items of `lab`, sorted.
    pub fn items(&self, lab: LabIdx) -> &[u32] {
        &self.lab_items[lab.ix()]
    }

    /// The item number of an equipment name, if any lab holds it.
    pub fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(&text::fold(name)).copied()
    }

    /// Mean over `lab`'s items of the share of labs holding the item that serve `field`; 0 when
    /// the lab lists no equipment. Time O(Σ holders · fields per holder).
    pub fn specificity(&self, ds: &Dataset, lab: LabIdx, field: FieldIdx) -> f64 {
        let items = self.items(lab);
        if items.is_empty() {
            return 0.0;
        }
        let total: f64 = items
            .iter()
            .map(|&i| {
                let h = &self.holders[i as usize];
                let serving = h
                    .iter()
                    .filter(|&&l| ds.lab(l).fields.contains(&field))
                    .count();
                serving as f64 / h.len() as f64
            })
            .sum();
        total / items.len() as f64
    }

    /// The distinct items held by the labs serving `field` (the field's equipment universe),
    /// sorted.
    pub fn universe(&self, ds: &Dataset, field: FieldIdx) -> Vec<u32> {
        let mut all: Vec<u32> = ds
            .lab_ids()
            .filter(|&l| ds.lab(l).fields.contains(&field))
            .flat_map(|l| self.items(l).iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// A lab some of whose equipment matches a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EquipmentHit {
    pub lab: LabIdx,
    /// Positions in [`Lab::equipment`] of the matching items, in list order.
    pub items: Vec<usize>,
}

/// Labs whose equipment matches `query`, in lab index order: an item matches when every word of
/// the query occurs in it after [`text::fold`] (so `may quet` finds `Máy quét laser 3D`, and
/// `laser scanner` finds `Terrestrial laser scanner (long range)`). A query with no letter or
/// digit matches nothing. Every lab is listed whatever its access level: this is an inventory,
/// not an offer. Time O(Σ items · name length).
pub fn find_equipment(g: &Graph, query: &str) -> Vec<EquipmentHit> {
    let folded = text::fold(query);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let ds = g.data();
    ds.lab_ids()
        .filter_map(|l| {
            let items: Vec<usize> = ds
                .lab(l)
                .equipment
                .iter()
                .enumerate()
                .filter(|(_, name)| {
                    let key = text::fold(name);
                    words.iter().all(|w| key.contains(w))
                })
                .map(|(i, _)| i)
                .collect();
            (!items.is_empty()).then_some(EquipmentHit { lab: l, items })
        })
        .collect()
}
