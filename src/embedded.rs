//! The built-in G7 dataset (`datasets/g7/`), compiled into the binary so that every command
//! works with no `--data`.

/// `(file name, contents)` for each of the six dataset files, then the example data-sharing
/// policy and researchers' choices (`datasets/g7-policy/`: kept apart so that regenerating
/// `datasets/g7` leaves them alone).
pub const G7: [(&str, &[u8]); 8] = [
    (
        "universities.csv",
        include_bytes!("../datasets/g7/universities.csv"),
    ),
    ("fields.csv", include_bytes!("../datasets/g7/fields.csv")),
    (
        "researchers.csv",
        include_bytes!("../datasets/g7/researchers.csv"),
    ),
    (
        "expertise.csv",
        include_bytes!("../datasets/g7/expertise.csv"),
    ),
    ("labs.csv", include_bytes!("../datasets/g7/labs.csv")),
    (
        "coauthorships.csv",
        include_bytes!("../datasets/g7/coauthorships.csv"),
    ),
    (
        "policy.toml",
        include_bytes!("../datasets/g7-policy/policy.toml"),
    ),
    (
        "visibility.csv",
        include_bytes!("../datasets/g7-policy/visibility.csv"),
    ),
];
