//! Import and export of lab and equipment records in the UK equipment-data "uniquip" CSV layout,
//! the table university equipment registers publish for equipment.data.ac.uk.
//!
//! # The layout
//!
//! The 21 submission columns, in this order, are those of the uniquip specification
//! (equipment.data.ac.uk/uniquip) as its own harvester maps them (the `uniqupmap` of the
//! equipment.data.ac.uk code): Type, Name, Description, Related Facility ID, Technique, Location,
//! Contact Name, Contact Telephone, Contact URL, Contact Email, Secondary Contact Name, Secondary
//! Contact Telephone, Secondary Contact URL, Secondary Contact Email, ID, Photo, Department, Site
//! Location, Building, Service Level, Web Address. The portal adds Institution Name, Institution
//! URL, Institution Logo URL and Datestamp to what it publishes (its `uniqupextramap`). We could
//! **not** confirm an `Access` column, nor any column for free hours, in the specification: the
//! last two columns, `Access` and `Capacity Hours`, are hoptac extensions (other readers ignore
//! unknown columns). A newer camelCase schema (2025, `institutionID`, `manufacturer`, …) exists;
//! it is not supported here.
//!
//! # Mapping
//!
//! | uniquip | hoptac |
//! | --- | --- |
//! | one row with Type = `facility` | one lab: ID = lab id, Name = lab name, Institution Name = host university (English name on export; on import any name [`crate::resolve`] understands, exact or partial), Technique = the fields it serves (English names separated by `; `; on import ids or names), Access = access level, Capacity Hours = free hours a month |
//! | one row with Type = `equipment` (or empty) | one equipment item: Name = item, Related Facility ID = the lab's id (several ids separated by `,` put the item in each lab); on export ID = `{lab id}/{n}`, Department = lab name |
//! | Site Location | the host's city (export only) |
//! | every other column | left empty on export (Datestamp too, so an export is reproducible), ignored on import |
//!
//! Import rules: a facility without `Access` (or with an empty cell) becomes `internal`, the one
//! level that never offers a lab to another university; without `Capacity Hours` it has 0 free
//! hours. A facility needs at least one Technique naming a field. An equipment row must name a
//! facility of the same file. Header names are matched without regard to case; bracketed header
//! suffixes such as `Technique(:N8)` are not recognised. Every problem is reported with file,
//! line and column, and nothing is imported while there is any.

use std::io::Read;

use rustc_hash::FxHashMap;

use crate::load::table::{opt, req, Col, Row, Table};
use crate::load::{Problem, Problems};
use crate::model::*;
use crate::resolve::{self, NameIndex};
use crate::table::spreadsheet_safe;

/// The columns written on export, in order.
pub const COLUMNS: [&str; 27] = [
    "Type",
    "Name",
    "Description",
    "Related Facility ID",
    "Technique",
    "Location",
    "Contact Name",
    "Contact Telephone",
    "Contact URL",
    "Contact Email",
    "Secondary Contact Name",
    "Secondary Contact Telephone",
    "Secondary Contact URL",
    "Secondary Contact Email",
    "ID",
    "Photo",
    "Department",
    "Site Location",
    "Building",
    "Service Level",
    "Web Address",
    "Institution Name",
    "Institution URL",
    "Institution Logo URL",
    "Datestamp",
    "Access",
    "Capacity Hours",
];

/// Every lab of `ds` as uniquip CSV: for each lab in index order, its facility row then one row
/// per equipment item. The file is meant for spreadsheets too: every cell goes through
/// [`crate::table::spreadsheet_safe`] (a name `=x` is written `'=x`), and [`import`] removes that
/// quote again, so an export imports back to the same labs.
pub fn export(ds: &Dataset) -> Result<Vec<u8>, csv::Error> {
    export_shown(ds, &|_| (true, true))
}

/// [`export`] of what an audience may see: `shown(lab)` says whether the lab is listed at all
/// and whether its free hours are (an empty `Capacity Hours` cell when not).
pub fn export_shown(
    ds: &Dataset,
    shown: &dyn Fn(crate::model::LabIdx) -> (bool, bool),
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    let pos = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    for (i, lab) in ds.labs.iter().enumerate() {
        let (listed, hours) = shown(crate::model::LabIdx(i as u32));
        if !listed {
            continue;
        }
        let u = ds.university(lab.university);
        let technique: Vec<&str> = lab
            .fields
            .iter()
            .map(|&f| ds.field(f).name_en.as_str())
            .collect();
        let mut row = vec![String::new(); COLUMNS.len()];
        row[pos("Type")] = "facility".into();
        row[pos("Name")] = lab.name.clone();
        row[pos("Technique")] = technique.join("; ");
        row[pos("ID")] = lab.id.clone();
        row[pos("Site Location")] = u.city.clone();
        row[pos("Institution Name")] = u.name_en.clone();
        row[pos("Access")] = lab.access.as_str().into();
        if hours {
            row[pos("Capacity Hours")] = lab.capacity_hours.to_string();
        }
        w.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
        for (i, item) in lab.equipment.iter().enumerate() {
            let mut row = vec![String::new(); COLUMNS.len()];
            row[pos("Type")] = "equipment".into();
            row[pos("Name")] = item.clone();
            row[pos("Related Facility ID")] = lab.id.clone();
            row[pos("Technique")] = technique.join("; ");
            row[pos("ID")] = format!("{}/{}", lab.id, i + 1);
            row[pos("Department")] = lab.name.clone();
            row[pos("Site Location")] = u.city.clone();
            row[pos("Institution Name")] = u.name_en.clone();
            row[pos("Access")] = lab.access.as_str().into();
            w.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A cell as written before [`spreadsheet_safe`] quoted it: `'=x` → `=x` (only a `'` followed by
/// a character that starts a formula; any other `'` is kept).
fn unquote(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// Labs read from a uniquip file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// One per facility row, in file order, with the equipment rows that name it.
    pub labs: Vec<Lab>,
    /// Equipment rows read.
    pub equipment_rows: usize,
    /// Facilities that gave no access level and were imported as `internal`.
    pub defaulted_access: usize,
}

const TYPE: usize = 0;
const ID: usize = 1;
const NAME: usize = 2;
const DESCRIPTION: usize = 3;
const RELATED: usize = 4;
const TECHNIQUE: usize = 5;
const INSTITUTION: usize = 6;
const ACCESS: usize = 7;
const CAPACITY: usize = 8;

const COLS: &[Col] = &[
    opt("type"),
    req("id"),
    req("name"),
    opt("description"),
    opt("related facility id"),
    opt("technique"),
    opt("institution name"),
    opt("access"),
    opt("capacity hours"),
];

/// An equipment row waiting for its facility.
struct Item {
    line: u64,
    name: String,
    related: String,
}

/// Reads a uniquip CSV (`file` names it in problems) against the universities and fields of
/// `ds`. Facility rows with an empty Institution Name belong to `default_university` when given.
pub fn import(
    ds: &Dataset,
    file: &str,
    input: Box<dyn Read + Send + Sync>,
    default_university: Option<UniIdx>,
) -> Result<Imported, Problems> {
    let mut problems = Problems::default();
    let Some(table) = Table::open(file.to_string(), input, COLS, &mut problems) else {
        return Err(problems);
    };
    let related_col = table.column(RELATED);
    let mut reader = Reader {
        ds,
        unis: resolve::universities(ds),
        fields: resolve::fields(ds),
        default_university,
        out: Imported::default(),
        ids: FxHashMap::default(),
        items: Vec::new(),
    };
    table.for_each_row(&mut problems, |row| reader.row(row));
    reader.attach_items(file, related_col, &mut problems);
    problems.sort_by_position();
    if problems.is_empty() {
        Ok(reader.out)
    } else {
        Err(problems)
    }
}

/// Merges imported labs into `ds`: a lab whose id exists replaces it in place, others are
/// appended in order. Returns `(replaced, added)`.
pub fn merge(ds: &mut Dataset, labs: Vec<Lab>) -> (usize, usize) {
    let (mut replaced, mut added) = (0, 0);
    for lab in labs {
        match ds.lab_by_id(&lab.id) {
            Some(l) => {
                ds.labs[l.ix()] = lab;
                replaced += 1;
            }
            None => {
                let idx = LabIdx(ds.labs.len() as u32);
                ds.index.labs.insert(lab.id.as_str().into(), idx);
                ds.labs.push(lab);
                added += 1;
            }
        }
    }
    (replaced, added)
}

struct Reader<'d> {
    ds: &'d Dataset,
    unis: NameIndex<UniIdx>,
    fields: NameIndex<FieldIdx>,
    default_university: Option<UniIdx>,
    out: Imported,
    /// Facility id → (position in `out.labs`, or `None` when the row has problems; line).
    /// Equipment naming a facility whose row has problems is dropped quietly: one bad row
    /// gives one problem, as in the loader.
    ids: FxHashMap<String, (Option<usize>, u64)>,
    items: Vec<Item>,
}

impl Reader<'_> {
    fn row(&mut self, row: &mut Row<'_>) {
        let kind = row.text(TYPE);
        match crate::text::fold(kind).as_str() {
            "facility" => self.facility(row),
            "" | "equipment" => self.equipment(row),
            _ => row.problem(
                TYPE,
                format!("{kind:?} is not a uniquip type: expected equipment or facility"),
            ),
        }
    }

    /// The row's name, or its description when the name is empty.
    fn name<'a>(row: &mut Row<'a>) -> Option<&'a str> {
        match (unquote(row.text(NAME)), unquote(row.text(DESCRIPTION))) {
            ("", "") => {
                row.problem(
                    NAME,
                    "empty Name and Description: uniquip needs at least one".into(),
                );
                None
            }
            ("", d) => Some(d),
            (n, _) => Some(n),
        }
    }

    fn equipment(&mut self, row: &mut Row<'_>) {
        let name = Self::name(row);
        if name.is_some_and(|n| n.contains(';')) {
            row.problem(
                NAME,
                "equipment name contains `;`, which separates items in labs.csv".into(),
            );
        }
        let related = unquote(row.text(RELATED));
        if related.is_empty() {
            row.problem(
                RELATED,
                "empty cell: hoptac keeps equipment only as part of a lab, so an equipment row needs the ID of its facility".into(),
            );
        }
        if let (Some(name), false) = (name, row.bad) {
            self.out.equipment_rows += 1;
            self.items.push(Item {
                line: row.line,
                name: name.to_string(),
                related: related.to_string(),
            });
        }
    }

    fn facility(&mut self, row: &mut Row<'_>) {
        let id = row.required(ID).map(unquote);
        if let Some(id) = id {
            if id.contains(';') || id.contains(',') {
                row.problem(
                    ID,
                    format!("facility ID {id:?} contains `;` or `,`, which separate ids in lists"),
                );
            } else if let Some((_, line)) = self.ids.get(id) {
                row.problem(
                    ID,
                    format!("duplicate facility ID {id:?} (first on line {line})"),
                );
            }
        }
        let name = Self::name(row);
        let university = self.institution(row);
        let fields = self.techniques(row);
        let access = match row.text(ACCESS) {
            "" => None,
            s => {
                let a = Access::parse(s);
                if a.is_none() {
                    row.problem(
                        ACCESS,
                        format!(
                            "{s:?} is not an access level: expected internal, consortium or public"
                        ),
                    );
                }
                a
            }
        };
        let capacity = match row.text(CAPACITY) {
            "" => Some(0),
            s => match s.parse::<u32>() {
                Ok(h) if h <= 744 => Some(h),
                _ => {
                    row.problem(CAPACITY, format!("{s:?} is not free hours a month: expected a whole number from 0 to 744"));
                    None
                }
            },
        };
        let (Some(id), Some(name), Some(university), Some(capacity_hours), false) =
            (id, name, university, capacity, row.bad)
        else {
            if let Some(id) = id {
                self.ids.entry(id.to_string()).or_insert((None, row.line));
            }
            return;
        };
        if access.is_none() {
            self.out.defaulted_access += 1;
        }
        self.ids
            .insert(id.to_string(), (Some(self.out.labs.len()), row.line));
        self.out.labs.push(Lab {
            id: id.to_string(),
            name: name.to_string(),
            university,
            fields,
            equipment: Vec::new(),
            access: access.unwrap_or(Access::Internal),
            capacity_hours,
        });
    }

    fn institution(&mut self, row: &mut Row<'_>) -> Option<UniIdx> {
        let name = row.text(INSTITUTION);
        if name.is_empty() {
            if self.default_university.is_none() {
                row.problem(INSTITUTION, "empty cell: name the institution that hosts the facility (or pass --university)".into());
            }
            return self.default_university;
        }
        match resolve::university(self.ds, &self.unis, name) {
            Ok(u) => Some(u),
            Err(e) => {
                row.problem(INSTITUTION, e.to_string());
                None
            }
        }
    }

    fn techniques(&mut self, row: &mut Row<'_>) -> Vec<FieldIdx> {
        let mut out = Vec::new();
        let names: Vec<&str> = row.list(TECHNIQUE).collect();
        for name in names {
            match resolve::field(self.ds, &self.fields, name) {
                Ok(f) if !out.contains(&f) => out.push(f),
                Ok(_) => {}
                Err(e) => row.problem(TECHNIQUE, e.to_string()),
            }
        }
        if out.is_empty() && !row.bad {
            row.problem(
                TECHNIQUE,
                "no field: a facility needs the fields it serves, separated by `;`".into(),
            );
        }
        out
    }

    /// Puts every equipment row into the facilities it names.
    fn attach_items(
        &mut self,
        file: &str,
        column: Option<(usize, String)>,
        problems: &mut Problems,
    ) {
        for item in std::mem::take(&mut self.items) {
            let whole = item.related.trim();
            let ids: Vec<&str> = if self.ids.contains_key(whole) {
                vec![whole]
            } else {
                whole
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            for id in ids {
                match self.ids.get(id) {
                    Some(&(Some(l), _)) => self.out.labs[l].equipment.push(item.name.clone()),
                    Some(&(None, _)) => {}
                    None => problems.push(Problem {
                        file: file.to_string(),
                        line: Some(item.line),
                        column: column.clone(),
                        message: format!("unknown facility {id:?}: expected the ID of a facility row in this file"),
                    }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn labs_fixture() -> Dataset {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labs");
        load(&Source::Dir(dir)).unwrap()
    }

    fn read(ds: &Dataset, text: &str) -> Result<Imported, Problems> {
        import(
            ds,
            "reg.csv",
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            None,
        )
    }

    fn messages(p: &Problems) -> Vec<String> {
        p.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn export_then_import_gives_the_same_labs() {
        let ds = labs_fixture();
        let csv = export(&ds).unwrap();
        let back = read(&ds, std::str::from_utf8(&csv).unwrap()).unwrap();
        assert_eq!(back.labs, ds.labs);
        assert_eq!(
            back.equipment_rows,
            ds.labs.iter().map(|l| l.equipment.len()).sum::<usize>()
        );
        assert_eq!(back.defaulted_access, 0);
    }

    #[test]
    fn export_writes_one_facility_row_then_its_equipment() {
        let ds = labs_fixture();
        let csv = String::from_utf8(export(&ds).unwrap()).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap().split(',').count(), COLUMNS.len());
        // l1: facility, then its three items
        let l1: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(
            (l1[0], l1[1], l1[14]),
            ("facility", "Phòng thí nghiệm Thủy lực", "l1")
        );
        assert_eq!(
            (l1[4], l1[21], l1[25], l1[26]),
            ("Water resources", "Ha An University", "consortium", "60")
        );
        let item: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(
            (item[0], item[1], item[3], item[14]),
            ("equipment", "Máng sóng", "l1", "l1/1")
        );
    }

    #[test]
    fn a_register_in_any_column_order_with_names_resolves() {
        let ds = labs_fixture();
        let text = "ID,Related Facility ID,Type,Name,Institution Name,Technique,Access\n\
                    E1,F1,equipment,Máy quét laser,,,\n\
                    F1,,Facility,Phòng Đo mới,ĐH Hà An,Tài nguyên nước; ai,PUBLIC\n\
                    E2,\"F1, F2\",,Máy in 3D,,,\n\
                    F2,,facility,Second,Ha Binh University,water,\n";
        let got = read(&ds, text).unwrap();
        let ha = ds.university_by_id("ha").unwrap();
        let hb = ds.university_by_id("hb").unwrap();
        let (water, ai) = (
            ds.field_by_id("water").unwrap(),
            ds.field_by_id("ai").unwrap(),
        );
        assert_eq!(got.labs.len(), 2);
        assert_eq!(got.labs[0].university, ha);
        assert_eq!(got.labs[0].fields, [water, ai]);
        assert_eq!(got.labs[0].access, Access::Public);
        assert_eq!(got.labs[0].equipment, ["Máy quét laser", "Máy in 3D"]);
        assert_eq!(
            (got.labs[1].university, got.labs[1].access),
            (hb, Access::Internal)
        );
        assert_eq!(got.labs[1].equipment, ["Máy in 3D"]);
        assert_eq!((got.equipment_rows, got.defaulted_access), (2, 1));
    }

    #[test]
    fn problems_name_file_line_and_column() {
        let ds = labs_fixture();
        let text =
            "Type,ID,Name,Institution Name,Technique,Access,Capacity Hours,Related Facility ID\n\
                    facility,F1,Lab one,Nowhere University,water,public,10,\n\
                    facility,F2,Lab two,ha,astrology,open,999,\n\
                    equipment,E1,Scope,,,,,F9\n\
                    gadget,E2,Thing,,,,,F1\n\
                    facility,F1,Again,ha,water,,,\n\
                    equipment,E3,Part of a bad facility,,,,,F1\n";
        let p = messages(&read(&ds, text).unwrap_err());
        let expect = [
            "reg.csv:2:4: column `institution name`: unknown university \"Nowhere University\"",
            "reg.csv:3:5: column `technique`: unknown field \"astrology\"",
            "reg.csv:3:6: column `access`: \"open\" is not an access level",
            "reg.csv:3:7: column `capacity hours`: \"999\" is not free hours a month",
            "reg.csv:4:8: column `related facility id`: unknown facility \"F9\"",
            "reg.csv:5:1: column `type`: \"gadget\" is not a uniquip type",
            "reg.csv:6:2: column `id`: duplicate facility ID \"F1\" (first on line 2)",
        ];
        assert_eq!(p.len(), expect.len(), "{p:#?}");
        for (got, want) in p.iter().zip(expect) {
            assert!(
                got.starts_with(want),
                "{got}\n  does not start with\n{want}"
            );
        }
    }

    #[test]
    fn merge_replaces_by_id_and_appends_new_labs() {
        let mut ds = labs_fixture();
        let n = ds.labs.len();
        let mut l2 = ds.labs[1].clone();
        l2.capacity_hours = 7;
        let mut new = ds.labs[0].clone();
        new.id = "l-new".into();
        assert_eq!(merge(&mut ds, vec![l2.clone(), new]), (1, 1));
        assert_eq!(ds.labs.len(), n + 1);
        assert_eq!(ds.labs[1], l2);
        assert_eq!(ds.lab_by_id("l-new"), Some(LabIdx(n as u32)));
    }
}
