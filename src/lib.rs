//! hoptac (from *hợp tác*, "cooperation") matches research teams across universities.
//!
//! Data flows one way: [`load`] reads a dataset folder (or the built-in G7 dataset) into a
//! validated [`model::Dataset`]; [`graph::Graph`] indexes it once; analyses query the graph and
//! return plain values; [`output`] renders them. See ARCHITECTURE.md for the map.

pub mod app;
pub mod embedded;
pub mod evaluate;
pub mod generate;
pub mod graph;
pub mod import;
pub mod lab;
pub mod load;
pub mod model;
pub mod output;
pub mod report;
pub mod resolve;
pub mod save;
pub mod score;
pub mod stats;
pub mod team;
pub mod text;
