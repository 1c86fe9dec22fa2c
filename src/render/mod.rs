//! Query responses as tables and JSON documents: what every front end (the CLI, the report, the
//! web server) shows. `scores.rs` renders partner, leader and pair scores; `labs.rs` lab
//! opportunities, equipment hits and joint proposals; `teams.rs` teams and batches;
//! `researcher.rs` one researcher; `experts.rs` experts for free-text problems and their
//! evaluation. Each JSON
//! schema is documented in its module. Nothing here computes a result: it only formats what
//! [`crate::query`] returned, with names looked up in the graph.

#[cfg(feature = "dataflow")]
pub mod dataflow;
pub mod experts;
pub mod labs;
pub mod researcher;
pub mod scores;
pub mod teams;
