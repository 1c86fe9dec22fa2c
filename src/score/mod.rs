//! Scoring: partner universities per field (`partner`) and promising researcher pairs
//! (`pairs`), each with its weights; the topic similarity of term profiles both use
//! (`topics`). Pure functions of the graph; the shared score parts are in
//! [`crate::component`], the TOML profile that gathers every weight in [`crate::profile`].

pub mod pairs;
pub mod partner;
pub mod topics;

pub use pairs::PairWeights;
pub use pairs::{best_field_score, recommend, PairQuery, PairScore, PAIR_COMPONENTS};
pub use partner::{
    leaders, partner_matrix, rank_partners, Leader, Mode, PartnerMatrix, PartnerScore,
    PartnerWeights, PARTNER_COMPONENTS,
};
