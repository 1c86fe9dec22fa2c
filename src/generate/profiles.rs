//! Field profiles: how a university's researchers spread over the priority fields.
//!
//! The G7 profiles follow each university's publicly known strengths (Thuyloi: water; HUMG: earth
//! sciences and mining; UTC: transport; HUCE: construction, materials, environment; HUST, HCMUT
//! and DUT: broad engineering, AI, energy). They are relative weights chosen by hand, not
//! measurements. Other universities get a random profile with two to four strong fields.

use rand::Rng;

use crate::model::Field;

/// Weight of a field that a profile does not name.
const BASE: f64 = 0.25;

/// Hand-set strengths of the G7 members, `(university id, [(field id, weight)])`.
const G7: &[(&str, &[(&str, f64)])] = &[
    (
        "hust",
        &[
            ("ai", 4.0),
            ("bigdata", 3.0),
            ("iot", 3.0),
            ("robotics", 2.0),
            ("mechanics", 2.0),
            ("materials", 2.2),
            ("energy", 2.0),
            ("digital", 2.0),
            ("basic", 1.8),
            ("health", 1.2),
            ("environment", 1.0),
            ("agri", 0.6),
        ],
    ),
    (
        "hcmut",
        &[
            ("ai", 3.4),
            ("bigdata", 2.6),
            ("iot", 2.0),
            ("mechanics", 2.0),
            ("materials", 2.0),
            ("energy", 2.0),
            ("environment", 1.6),
            ("digital", 1.6),
            ("robotics", 1.5),
            ("transport", 1.0),
            ("basic", 1.2),
            ("water", 0.8),
        ],
    ),
    (
        "dut",
        &[
            ("energy", 3.6),
            ("mechanics", 2.2),
            ("iot", 2.0),
            ("ai", 1.8),
            ("transport", 1.5),
            ("environment", 1.5),
            ("materials", 1.4),
            ("water", 1.2),
            ("digital", 1.2),
            ("robotics", 1.2),
        ],
    ),
    (
        "huce",
        &[
            ("materials", 3.2),
            ("environment", 2.6),
            ("circular", 2.0),
            ("water", 1.6),
            ("earth", 1.6),
            ("transport", 1.5),
            ("digital", 1.2),
            ("energy", 1.0),
        ],
    ),
    (
        "utc",
        &[
            ("transport", 4.5),
            ("iot", 1.4),
            ("ai", 1.0),
            ("materials", 1.6),
            ("mechanics", 1.5),
            ("digital", 1.4),
            ("energy", 0.8),
            ("environment", 0.8),
        ],
    ),
    (
        "humg",
        &[
            ("earth", 4.5),
            ("energy", 1.4),
            ("environment", 1.6),
            ("materials", 1.0),
            ("water", 1.2),
            ("mechanics", 1.0),
            ("bigdata", 1.0),
            ("digital", 0.8),
        ],
    ),
    (
        "tlu",
        &[
            ("water", 4.5),
            ("environment", 2.5),
            ("earth", 1.6),
            ("agri", 2.0),
            ("energy", 1.2),
            ("circular", 1.0),
            ("ai", 1.0),
            ("bigdata", 1.0),
            ("transport", 0.6),
        ],
    ),
];

/// The profile of university `id` over `fields` (one weight per field, all positive).
pub fn profile<R: Rng>(id: &str, fields: &[Field], rng: &mut R) -> Vec<f64> {
    let mut w = vec![BASE; fields.len()];
    if let Some((_, named)) = G7.iter().find(|(u, _)| *u == id) {
        for (f, weight) in named.iter() {
            if let Some(i) = fields.iter().position(|x| x.id == *f) {
                w[i] = *weight;
            }
        }
    } else if !fields.is_empty() {
        for _ in 0..rng.random_range(2..=4) {
            let i = rng.random_range(0..fields.len());
            w[i] = rng.random_range(1.5..4.0);
        }
    }
    w
}
