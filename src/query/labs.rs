//! Shared labs: opportunities, one university's borrow and offer lists, equipment search,
//! joint-lab proposals and the uniquip exchange.

use std::path::PathBuf;

use super::{load_dataset, withhold, Engine, Error, Found, Request};
use crate::lab::{self, EquipmentHit, JointProposal, LabOpportunity, LabQuery, Proximity};
use crate::load::{Problem, Problems, Source};
use crate::model::{FieldIdx, UniIdx};
use crate::policy::{Attribute, View};
use crate::save;

/// Shared-lab opportunities, for every university or for one (what it can borrow and offer).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabsRequest {
    /// Field id or name; all fields when absent.
    pub field: Option<String>,
    /// The university that borrows or offers.
    pub university: Option<String>,
    /// Keep the best N opportunities per list.
    pub top: Option<usize>,
}

/// Which list an opportunity list is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabRole {
    /// Every opportunity (no university asked about).
    All,
    /// Labs the university can borrow.
    Borrow,
    /// The university's labs others can use.
    Offer,
}

impl LabRole {
    /// `None` for [`LabRole::All`], else `borrow` / `offer` (the JSON `role` key).
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            LabRole::All => None,
            LabRole::Borrow => Some("borrow"),
            LabRole::Offer => Some("offer"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LabsResponse {
    pub field: Option<FieldIdx>,
    pub university: Option<UniIdx>,
    /// One list ([`LabRole::All`]) or two (borrow, then offer), best first.
    pub lists: Vec<(LabRole, Vec<LabOpportunity>)>,
}

impl Request for LabsRequest {}

impl Found for LabsResponse {
    fn found(&self) -> bool {
        self.lists.iter().any(|(_, o)| !o.is_empty())
    }
}

pub fn labs(e: &Engine, req: &LabsRequest) -> Result<LabsResponse, Error> {
    let field = e.optional_field(req.field.as_deref())?;
    let university = e.optional_university(req.university.as_deref())?;
    let w = &e.profile().labs;
    let lists = match university {
        Some(u) => {
            let x = lab::exchange(e.totals(), field, u, req.top, w);
            vec![(LabRole::Borrow, x.borrow), (LabRole::Offer, x.offer)]
        }
        None => {
            let q = LabQuery {
                field,
                university: None,
                top: req.top,
            };
            vec![(LabRole::All, lab::opportunities(e.totals(), &q, w))]
        }
    };
    let mut lists = lists;
    for (_, list) in &mut lists {
        guard_labs(e.view(), list);
    }
    Ok(LabsResponse {
        field,
        university,
        lists,
    })
}

/// Lab opportunities for an audience: they are computed like university-level rankings (free
/// hours may count in aggregate), then a lab whose record is withheld is dropped and the
/// components resting on withheld free hours or equipment leave the score; the list is ranked
/// again.
pub(crate) fn guard_labs(v: &View, list: &mut Vec<LabOpportunity>) {
    if !v.restricted() {
        return;
    }
    let ds = v.data();
    // Per university: whether any of its labs' free hours are withheld (demand counts the
    // beneficiary's own free hours in the field).
    let mut own_hidden = vec![false; ds.universities.len()];
    for l in ds.lab_ids() {
        own_hidden[ds.lab(l).university.ix()] |= !v.sees_lab(l, Attribute::FreeHours);
    }
    let before = list.len();
    list.retain(|o| v.sees_lab(o.lab, Attribute::Labs));
    v.note_dropped(before - list.len());
    for o in list.iter_mut() {
        if !v.sees_lab(o.lab, Attribute::FreeHours) {
            withhold(
                &mut o.score,
                &mut o.components,
                "capacity",
                Attribute::FreeHours,
            );
        }
        if !v.sees_lab(o.lab, Attribute::Equipment) {
            withhold(
                &mut o.score,
                &mut o.components,
                "equipment",
                Attribute::Equipment,
            );
        }
        if own_hidden[o.beneficiary.ix()] {
            withhold(
                &mut o.score,
                &mut o.components,
                "demand",
                Attribute::FreeHours,
            );
        }
    }
    list.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.lab, x.beneficiary, x.field).cmp(&(y.lab, y.beneficiary, y.field)))
    });
    for (i, o) in list.iter_mut().enumerate() {
        o.rank = i + 1;
    }
}

/// Labs whose equipment matches every word of a text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EquipmentRequest {
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EquipmentResponse {
    pub text: String,
    pub hits: Vec<EquipmentHit>,
}

impl Request for EquipmentRequest {
    fn check(&self) -> Result<(), Error> {
        if crate::text::fold(&self.text).is_empty() {
            return Err(Error::Invalid {
                field: "equipment",
                value: format!("{:?}", self.text),
                expected: "a word to search for (letters or digits)",
            });
        }
        Ok(())
    }
}

impl Found for EquipmentResponse {
    fn found(&self) -> bool {
        !self.hits.is_empty()
    }
}

pub fn equipment(e: &Engine, req: &EquipmentRequest) -> Result<EquipmentResponse, Error> {
    req.check()?;
    Ok(EquipmentResponse {
        text: req.text.clone(),
        hits: lab::find_equipment(e.people(), &req.text),
    })
}

/// Joint-lab proposals within a city or a region.
#[derive(Clone, Debug, PartialEq)]
pub struct JointRequest {
    /// Field id or name; all fields when absent.
    pub field: Option<String>,
    pub within: Proximity,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JointResponse {
    pub proposals: Vec<JointProposal>,
}

impl Request for JointRequest {}

impl Found for JointResponse {
    fn found(&self) -> bool {
        !self.proposals.is_empty()
    }
}

pub fn joint(e: &Engine, req: &JointRequest) -> Result<JointResponse, Error> {
    let fields: Vec<FieldIdx> = match req.field.as_deref() {
        Some(f) => vec![e.field(f)?],
        None => e.data().field_ids().collect(),
    };
    Ok(JointResponse {
        proposals: fields
            .into_iter()
            .flat_map(|f| lab::joint_proposals(e.people(), f, req.within))
            .collect(),
    })
}

/// Every lab as a uniquip CSV file (written atomically).
#[derive(Clone, Debug, PartialEq)]
pub struct UniquipExportRequest {
    pub file: PathBuf,
    /// The paths the engine was loaded from (data folder, profile): the file may not be, hold
    /// or lie inside one of them ([`crate::save::check_output`]).
    pub inputs: Vec<PathBuf>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UniquipExportResponse {
    pub file: PathBuf,
    pub facilities: usize,
    pub equipment: usize,
}

pub fn export_uniquip(
    e: &Engine,
    req: &UniquipExportRequest,
) -> Result<UniquipExportResponse, Error> {
    let (ds, v) = (e.data(), e.view());
    let shown = |l| {
        (
            v.sees_lab(l, Attribute::Labs),
            v.sees_lab(l, Attribute::FreeHours),
        )
    };
    let bytes =
        lab::uniquip::export_shown(ds, &shown).map_err(|e| Error::UniquipExport(e.to_string()))?;
    save::write_file_atomic(&req.file, &bytes, &req.inputs)?;
    let listed = || ds.lab_ids().filter(|&l| shown(l).0).map(|l| ds.lab(l));
    Ok(UniquipExportResponse {
        file: req.file.clone(),
        facilities: listed().count(),
        equipment: listed().map(|l| l.equipment.len()).sum(),
    })
}

/// Reads a uniquip CSV file and writes a copy of the dataset with its labs merged in.
#[derive(Clone, Debug, PartialEq)]
pub struct UniquipImportRequest {
    pub file: PathBuf,
    /// The dataset folder to write.
    pub out: PathBuf,
    /// Replace an existing dataset folder.
    pub overwrite: bool,
    /// The institution of facility rows that leave Institution Name empty.
    pub university: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UniquipImportResponse {
    pub out: PathBuf,
    pub file: String,
    pub replaced: usize,
    pub added: usize,
    pub equipment: usize,
    /// Facilities that gave no access level and were imported as internal.
    pub defaulted_access: usize,
    pub labs_total: usize,
}

/// The dataset is loaded here rather than taken from an engine: the import writes a copy of it.
pub fn import_uniquip(
    source: &Source,
    req: &UniquipImportRequest,
) -> Result<UniquipImportResponse, Error> {
    let mut ds = load_dataset(source)?;
    let default_university = req
        .university
        .as_deref()
        .map(|u| super::find_university(&ds, u))
        .transpose()?;
    let name = req.file.display().to_string();
    let input = std::fs::File::open(&req.file).map_err(|e| uniquip_error(&name, e))?;
    let imported = lab::uniquip::import(
        &ds,
        &name,
        Box::new(std::io::BufReader::new(input)),
        default_university,
    )
    .map_err(|problems| Error::Uniquip {
        file: name.clone(),
        problems,
    })?;
    let (equipment, defaulted_access) = (imported.equipment_rows, imported.defaulted_access);
    let (replaced, added) = lab::uniquip::merge(&mut ds, imported.labs);
    // The dataset read and the uniquip file are inputs: the copy may not replace or hold them.
    let mut inputs = super::input_files(source);
    inputs.push(req.file.clone());
    save::write_dataset(&ds, &req.out, req.overwrite, &inputs)?;
    Ok(UniquipImportResponse {
        out: req.out.clone(),
        file: name,
        replaced,
        added,
        equipment,
        defaulted_access,
        labs_total: ds.labs.len(),
    })
}

fn uniquip_error(name: &str, e: std::io::Error) -> Error {
    let mut problems = Problems::default();
    problems.push(Problem {
        file: name.to_string(),
        line: None,
        column: None,
        message: format!("cannot open: {e}"),
    });
    Error::Uniquip {
        file: name.to_string(),
        problems,
    }
}
