//! Where a problem is: a Vietnamese province (or a region), and how near each university is to
//! it — the soft preference `near` of a team for a problem with a `province`.
//!
//! `datasets/provinces.csv` (compiled in) lists the 63 provinces and centrally-run cities with
//! their region (`north`, `central`, `south`, as in `universities.csv`) and other spellings
//! (`Huế`, `Sài Gòn`, `TP.HCM`). Names are compared after [`crate::text::fold`], without a
//! leading `tỉnh`, `thành phố` or `TP`; a region name (`miền Bắc`, `central`) is accepted too.
//!
//! Nearness of a university to the place: [`SAME_CITY`] when its city is the province,
//! [`SAME_REGION`] when it is in the same region, [`OTHER_REGION`] otherwise, 0 abroad — the
//! steps of the lab distance component (`hoptac labs`).

use crate::model::{Dataset, Region};
use crate::text::fold;

/// The built-in province table.
pub const BUILTIN: &str = include_str!("../../datasets/provinces.csv");

/// Nearness of a university in the problem's province.
pub const SAME_CITY: f32 = 1.0;
/// Nearness of a university in the province's region.
pub const SAME_REGION: f32 = 0.6;
/// Nearness of a Vietnamese university in another region.
pub const OTHER_REGION: f32 = 0.2;

/// A place a problem is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The province as the table writes it, or the region's id for a region.
    pub name: String,
    pub region: Region,
    /// Folded spellings of the province (empty for a region).
    keys: Vec<String>,
}

/// A folded place name without its administrative prefix.
fn key(s: &str) -> String {
    let f = fold(s);
    for p in ["tinh ", "thanh pho ", "tp "] {
        if let Some(rest) = f.strip_prefix(p) {
            return rest.to_string();
        }
    }
    f
}

/// Every province of the table.
pub fn provinces() -> Vec<Place> {
    BUILTIN
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.splitn(3, ',');
            let name = cells.next()?.trim();
            let region = Region::parse(cells.next()?)?;
            let mut keys = vec![key(name)];
            keys.extend(cells.next().unwrap_or("").split(';').map(key));
            keys.retain(|k| !k.is_empty());
            Some(Place {
                name: name.to_string(),
                region,
                keys,
            })
        })
        .collect()
}

/// The province or region `s` names, if any.
pub fn find(s: &str) -> Option<Place> {
    let k = key(s);
    if k.is_empty() {
        return None;
    }
    if let Some(p) = provinces().into_iter().find(|p| p.keys.contains(&k)) {
        return Some(p);
    }
    Region::parse(s)
        .filter(|r| *r != Region::International)
        .map(|region| Place {
            name: region.as_str().to_string(),
            region,
            keys: Vec::new(),
        })
}

/// The nearness of every university of `ds` to `place`, by university index.
pub fn nearness(ds: &Dataset, place: &Place) -> Vec<f32> {
    ds.universities
        .iter()
        .map(|u| {
            if u.region == Region::International {
                0.0
            } else if !place.keys.is_empty() && place.keys.contains(&key(&u.city)) {
                SAME_CITY
            } else if u.region == place.region {
                SAME_REGION
            } else {
                OTHER_REGION
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_63_provinces_in_three_regions() {
        let p = provinces();
        assert_eq!(p.len(), 63);
        let count = |r| p.iter().filter(|x| x.region == r).count();
        assert_eq!(
            (
                count(Region::North),
                count(Region::Central),
                count(Region::South)
            ),
            (25, 19, 19)
        );
    }

    #[test]
    fn names_regions_and_nearness_of_the_g7() {
        assert_eq!(find("tỉnh Lào Cai").unwrap().name, "Lào Cai");
        assert_eq!(find("LAO CAI").unwrap().region, Region::North);
        assert_eq!(find("TP.HCM").unwrap().name, "TP. Hồ Chí Minh");
        assert_eq!(find("Huế").unwrap().region, Region::Central);
        assert_eq!(find("miền Trung").unwrap().region, Region::Central);
        assert_eq!(find("Atlantis"), None);
        let (ds, _) = crate::load::load_reference(&crate::load::Source::Embedded).unwrap();
        let ds = Dataset {
            universities: ds,
            ..Dataset::default()
        };
        let ids: Vec<&str> = ds.universities.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["hust", "hcmut", "dut", "huce", "utc", "humg", "tlu"]);
        // Lào Cai: the five Hà Nội universities share its region; Đà Nẵng and HCMC do not.
        assert_eq!(
            nearness(&ds, &find("Lào Cai").unwrap()),
            [0.6, 0.2, 0.2, 0.6, 0.6, 0.6, 0.6]
        );
        // Đà Nẵng itself: DUT is in the city.
        assert_eq!(
            nearness(&ds, &find("Da Nang").unwrap()),
            [0.2, 0.2, 1.0, 0.2, 0.2, 0.2, 0.2]
        );
        assert_eq!(
            nearness(&ds, &find("Sài Gòn").unwrap()),
            [0.2, 1.0, 0.2, 0.2, 0.2, 0.2, 0.2]
        );
    }
}
