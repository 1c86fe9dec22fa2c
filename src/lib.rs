//! hoptac (from *hợp tác*, "cooperation") matches research teams across universities.
//!
//! Data flows one way: [`load`] reads a dataset folder (or the built-in G7 dataset) into a
//! validated [`model::Dataset`]; [`graph::Graph`] indexes it once; analyses query the graph and
//! return plain values; [`query`] asks them one typed question at a time, and [`render`] with
//! [`table`] turns the answers into tables and JSON for every front end. See ARCHITECTURE.md for
//! the map and the layer rule.

pub mod component;
#[cfg(feature = "dataflow")]
pub mod dataflow;
pub mod embedded;
pub mod evaluate;
pub mod expert;
pub mod export;
pub mod generate;
pub mod graph;
pub mod import;
pub mod lab;
pub mod load;
pub mod model;
pub mod policy;
pub mod profile;
pub mod query;
pub mod render;
pub mod report;
pub mod resolve;
pub mod save;
pub mod score;
#[cfg(feature = "serve")]
pub mod serve;
pub mod stats;
pub mod store;
pub mod table;
pub mod team;
pub mod text;
pub mod xml;
