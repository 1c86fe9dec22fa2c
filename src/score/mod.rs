//! Scoring: partner universities per field (`partner`), promising researcher pairs (`pairs`),
//! and the TOML profile that holds every weight (`profile`). Pure functions of the graph.

pub mod pairs;
pub mod partner;
pub mod profile;

pub use pairs::{best_field_score, recommend, PairQuery, PairScore, PAIR_COMPONENTS};
pub use partner::{
    leaders, partner_matrix, rank_partners, Component, Leader, Mode, PartnerScore,
    PARTNER_COMPONENTS,
};
pub use profile::{Profile, ProfileError, DEFAULT_TOML};
