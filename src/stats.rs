//! Dataset statistics (`hoptac stats`): counts per node and edge kind, per university and per
//! field. Pure: takes the graph, returns tables.

use crate::graph::Graph;
use crate::model::*;
use crate::table::{Cell, Table};

/// Counts of co-authorships inside and across universities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CoauthorSplit {
    pub within: usize,
    pub across: usize,
}

/// Splits co-authorships into within-university and across-university.
pub fn coauthor_split(ds: &Dataset) -> CoauthorSplit {
    let mut s = CoauthorSplit::default();
    for c in &ds.coauthorships {
        if ds.researcher(c.a).university == ds.researcher(c.b).university {
            s.within += 1;
        } else {
            s.across += 1;
        }
    }
    s
}

/// The three statistics tables: kinds, universities, fields.
pub fn tables(g: &Graph) -> Vec<Table> {
    let ds = g.data();
    let split = coauthor_split(ds);
    let related: usize = ds.fields.iter().map(|f| f.related.len()).sum::<usize>() / 2;
    let lab_fields: usize = ds.labs.iter().map(|l| l.fields.len()).sum();

    let mut kinds = Table::new("kinds", "Nodes and edges", &["kind", "type", "count"]);
    for (kind, ty, n) in [
        ("node", "university", ds.universities.len()),
        ("node", "field", ds.fields.len()),
        ("node", "researcher", ds.researchers.len()),
        ("node", "lab", ds.labs.len()),
        ("edge", "affiliation", ds.researchers.len()),
        ("edge", "expertise", ds.expertise.len()),
        ("edge", "coauthorship", ds.coauthorships.len()),
        ("edge", "coauthorship_within_university", split.within),
        ("edge", "coauthorship_across_universities", split.across),
        ("edge", "lab_host", ds.labs.len()),
        ("edge", "lab_serves_field", lab_fields),
        ("edge", "related_fields", related),
    ] {
        kinds.push(vec![kind.into(), ty.into(), n.into()]);
    }

    let mut within = vec![0usize; ds.universities.len()];
    let mut across = vec![0usize; ds.universities.len()];
    for c in &ds.coauthorships {
        let (ua, ub) = (ds.researcher(c.a).university, ds.researcher(c.b).university);
        if ua == ub {
            within[ua.ix()] += 1;
        } else {
            across[ua.ix()] += 1;
            across[ub.ix()] += 1;
        }
    }
    let mut unis = Table::new(
        "universities",
        "Per university",
        &[
            "university",
            "short_name",
            "region",
            "researchers",
            "professors",
            "mean_h_index",
            "expertise",
            "labs",
            "coauthorships_within",
            "coauthorships_across",
        ],
    );
    for u in ds.university_ids() {
        let members = g.members(u);
        let profs = members
            .iter()
            .filter(|r| ds.researcher(**r).title.is_professorial())
            .count();
        let h: u64 = members
            .iter()
            .map(|r| u64::from(ds.researcher(*r).h_index))
            .sum();
        let exp: usize = members.iter().map(|r| g.expertise(*r).len()).sum();
        let x = ds.university(u);
        unis.push(vec![
            x.id.as_str().into(),
            x.short_name.as_str().into(),
            x.region.as_str().into(),
            members.len().into(),
            profs.into(),
            Cell::Float(h as f64 / members.len().max(1) as f64, 2),
            exp.into(),
            g.labs_of(u).len().into(),
            within[u.ix()].into(),
            across[u.ix()].into(),
        ]);
    }

    let mut labs_per_field = vec![0usize; ds.fields.len()];
    for l in &ds.labs {
        for f in &l.fields {
            labs_per_field[f.ix()] += 1;
        }
    }
    let mut fields = Table::new(
        "fields",
        "Per field",
        &[
            "field",
            "name_en",
            "name_vi",
            "researchers",
            "mean_level",
            "labs",
            "strongest",
        ],
    );
    for f in ds.field_ids() {
        let m = g.field_members(f);
        let mean = m.iter().map(|(_, l)| f64::from(*l)).sum::<f64>() / m.len().max(1) as f64;
        // Strongest by impact; ties by university index (stable).
        let strongest = ds
            .university_ids()
            .filter(|u| g.strength(*u, f).researchers > 0)
            .max_by(|a, b| {
                g.strength(*a, f)
                    .impact
                    .total_cmp(&g.strength(*b, f).impact)
                    .then(b.cmp(a))
            })
            .map_or(String::new(), |u| ds.university(u).id.clone());
        let x = ds.field(f);
        fields.push(vec![
            x.id.as_str().into(),
            x.name_en.as_str().into(),
            x.name_vi.as_str().into(),
            m.len().into(),
            Cell::Float(mean, 2),
            labs_per_field[f.ix()].into(),
            strongest.into(),
        ]);
    }
    vec![kinds, unis, fields]
}
