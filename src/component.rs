//! The parts every explained score is made of, shared by partner, pair, lab and team scoring:
//! a named [`Component`] (raw value, normalised value, weight, contribution, explanation), the
//! recency weight of a co-authorship and the seniority of a researcher.
//!
//! It sits just above the graph and below every analysis, so that `score`, `lab` and `team`
//! share these definitions without importing from each other.

use crate::model::Coauthorship;

/// One named part of a score, with everything needed to explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub name: &'static str,
    /// The raw quantity, in its own unit (see `explain`).
    pub raw: f64,
    /// The normalised value in [0, 1].
    pub value: f64,
    pub weight: f64,
    /// ± weight × value: what this component adds to the score.
    pub contribution: f64,
    /// A short human explanation of the raw value.
    pub explain: String,
}

impl Component {
    /// `sign` is +1, or −1 for a component that counts against the score.
    pub fn new(
        name: &'static str,
        raw: f64,
        value: f64,
        weight: f64,
        sign: f64,
        explain: String,
    ) -> Self {
        Component {
            name,
            raw,
            value,
            weight,
            contribution: sign * weight * value,
            explain,
        }
    }
}

/// `papers · ½^((year₀ − last_year) / half_life)`; papers after year₀ count fully.
pub fn recency_weight(c: &Coauthorship, year0: u16, half_life: f64) -> f64 {
    let age = f64::from(year0.saturating_sub(c.last_year));
    f64::from(c.papers) * 0.5f64.powf(age / half_life)
}

/// Seniority in [0, 1] from the h-index (h = 30 or more → 1). Values up to h = 255 come from a
/// table computed with the same formula (pair scoring asks for millions).
pub fn seniority(h: u32) -> f64 {
    static TABLE: std::sync::OnceLock<[f64; 256]> = std::sync::OnceLock::new();
    match TABLE
        .get_or_init(|| std::array::from_fn(|i| seniority_of(i as u32)))
        .get(h as usize)
    {
        Some(v) => *v,
        None => seniority_of(h),
    }
}

fn seniority_of(h: u32) -> f64 {
    (f64::from(h).ln_1p() / 31f64.ln()).min(1.0)
}
