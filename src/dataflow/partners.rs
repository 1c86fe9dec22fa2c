//! University strength and ties on differential dataflow (to come).
