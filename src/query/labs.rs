//! Shared labs: opportunities, one university's borrow and offer lists, equipment search,
//! joint-lab proposals and the uniquip exchange.

use std::path::PathBuf;

use super::{load_dataset, withhold, Engine, Error, Found, Request};
use crate::lab::{
    self, Bands, EquipmentHit, JointProposal, LabOpportunity, LabQuery, Proximity, Scored, Scorer,
};
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

/// [`guard_labs`] one candidate at a time, before explanation, for the lists that are never
/// held whole: [`LabGuard::adjust`] drops a withheld lab's candidates and takes the withheld
/// components out of the score (the same subtractions, in the same order, as [`withhold`]);
/// [`LabGuard::explain`] then says so in the explained opportunity.
pub(crate) struct LabGuard<'v> {
    view: &'v View,
    /// Per university: whether any of its labs' free hours are withheld.
    own_hidden: Vec<bool>,
}

impl<'v> LabGuard<'v> {
    /// `None` when the audience sees everything.
    pub(crate) fn new(v: &'v View) -> Option<Self> {
        if !v.restricted() {
            return None;
        }
        let ds = v.data();
        let mut own_hidden = vec![false; ds.universities.len()];
        for l in ds.lab_ids() {
            own_hidden[ds.lab(l).university.ix()] |= !v.sees_lab(l, Attribute::FreeHours);
        }
        Some(LabGuard {
            view: v,
            own_hidden,
        })
    }

    /// The withheld components of `s` as indexes into [`lab::LAB_COMPONENTS`], in the order
    /// [`guard_labs`] takes them out (capacity, equipment, demand).
    fn hidden(&self, s: &Scored) -> [bool; 3] {
        let v = self.view;
        [
            !v.sees_lab(s.lab, Attribute::FreeHours),
            !v.sees_lab(s.lab, Attribute::Equipment),
            self.own_hidden[s.beneficiary.ix()],
        ]
    }

    /// False when the lab is withheld; else the score without the withheld components, whose
    /// values become 0.
    pub(crate) fn adjust(&self, s: &mut Scored, w: &lab::LabWeights) -> bool {
        if !self.view.sees_lab(s.lab, Attribute::Labs) {
            return false;
        }
        let hidden = self.hidden(s);
        for (on, (i, weight)) in
            hidden
                .into_iter()
                .zip([(1, w.capacity), (4, w.equipment), (0, w.demand)])
        {
            if on {
                // The contribution `withhold` subtracts: 1 · weight · value.
                s.score -= 1.0 * weight * s.values[i];
                s.values[i] = 0.0;
            }
        }
        true
    }

    /// The explanation of an adjusted candidate: its withheld components marked as
    /// [`withhold`] marks them (the score is already adjusted).
    pub(crate) fn explain(&self, s: &Scored, o: &mut LabOpportunity) {
        let hidden = self.hidden(s);
        let mut score = o.score;
        for (on, (name, a)) in hidden.into_iter().zip([
            ("capacity", Attribute::FreeHours),
            ("equipment", Attribute::Equipment),
            ("demand", Attribute::FreeHours),
        ]) {
            if on {
                withhold(&mut score, &mut o.components, name, a);
            }
        }
    }
}

/// Every opportunity of [`labs`] without a university and without `top`, ranked in bands of
/// scores ([`lab::Bands`]) so that it is written as it is computed, in constant memory: the
/// same opportunities, order, ranks and numbers as [`labs`] gives.
pub struct LabsStream<'e> {
    scorer: Scorer<'e>,
    guard: Option<LabGuard<'e>>,
    field: Option<FieldIdx>,
    bands: Bands,
}

/// Opportunities explained together by [`LabsStream::sweep`].
pub const LABS_CHUNK: usize = 4096;

impl<'e> LabsStream<'e> {
    /// Scores every candidate once and plans the bands; `visit` sees every opportunity the
    /// stream will hand out, scored (as guarded), not explained, in no useful order (e.g. to
    /// measure a text table's column widths ahead of its rows).
    pub fn new(
        e: &'e Engine,
        field: Option<&str>,
        visit: impl FnMut(&Scored),
    ) -> Result<LabsStream<'e>, Error> {
        let field = e.optional_field(field)?;
        let w = &e.profile().labs;
        let scorer = Scorer::new(e.totals(), w);
        let guard = LabGuard::new(e.view());
        let dropped = std::cell::Cell::new(0usize);
        let bands = Bands::new(
            &scorer,
            field,
            lab::BAND,
            |s| {
                let kept = guard.as_ref().is_none_or(|g| g.adjust(s, w));
                dropped.set(dropped.get() + usize::from(!kept));
                kept
            },
            visit,
        );
        e.view().note_dropped(dropped.get());
        Ok(LabsStream {
            scorer,
            guard,
            field,
            bands,
        })
    }

    pub fn field(&self) -> Option<FieldIdx> {
        self.field
    }

    /// How many opportunities the stream holds.
    pub fn total(&self) -> usize {
        self.bands.total()
    }

    /// Hands every opportunity, explained and ranked, best first, to `sink` in chunks of at
    /// most [`LABS_CHUNK`]; can be called again (a text table's notes follow its rows).
    pub fn sweep<E>(
        &self,
        mut sink: impl FnMut(&[LabOpportunity]) -> Result<(), E>,
    ) -> Result<(), E> {
        let w = self.scorer.weights();
        let mut rank = 0;
        self.bands.sweep(
            &self.scorer,
            |s| self.guard.as_ref().is_none_or(|g| g.adjust(s, w)),
            |band| {
                for chunk in band.chunks(LABS_CHUNK) {
                    let ops: Vec<LabOpportunity> = chunk
                        .iter()
                        .map(|s| {
                            rank += 1;
                            explained(&self.scorer, self.guard.as_ref(), s, rank)
                        })
                        .collect();
                    sink(&ops)?;
                }
                Ok(())
            },
        )
    }
}

/// `s` explained at `rank`, with the guard's withheld components marked.
fn explained(
    scorer: &Scorer<'_>,
    guard: Option<&LabGuard<'_>>,
    s: &Scored,
    rank: usize,
) -> LabOpportunity {
    let mut o = scorer.explain(s, rank);
    if let Some(g) = guard {
        g.explain(s, &mut o);
    }
    o
}

/// Universities whose lists [`labs_per_university`] computes together.
pub const LABS_UNIVERSITY_CHUNK: usize = 64;

/// For every university in turn (by index), the best `n` labs it can borrow — the first `n` of
/// the borrow list of [`labs`] asked about that university alone — handed to `sink` a few
/// universities at a time as they are computed (memory: those universities' candidates).
/// Universities with nothing to borrow are left out. `req.university` and `req.top` are not
/// used. Returns the field and whether anything was found.
pub fn labs_per_university<E>(
    e: &Engine,
    req: &LabsRequest,
    n: usize,
    mut sink: impl FnMut(&[(UniIdx, Vec<LabOpportunity>)]) -> Result<(), E>,
) -> Result<Result<(Option<FieldIdx>, bool), E>, Error> {
    let field = e.optional_field(req.field.as_deref())?;
    let w = &e.profile().labs;
    let scorer = Scorer::new(e.totals(), w);
    let guard = LabGuard::new(e.view());
    let nu = e.data().universities.len();
    let mut found = false;
    let mut start = 0;
    while start < nu {
        let end = (start + LABS_UNIVERSITY_CHUNK).min(nu);
        let dropped = std::cell::Cell::new(0usize);
        let lists = lab::best_for_beneficiaries(&scorer, field, start..end, n, |s| {
            let kept = guard.as_ref().is_none_or(|g| g.adjust(s, w));
            dropped.set(dropped.get() + usize::from(!kept));
            kept
        });
        e.view().note_dropped(dropped.get());
        let rows: Vec<(UniIdx, Vec<LabOpportunity>)> = lists
            .into_iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, l)| {
                let ops = l
                    .iter()
                    .enumerate()
                    .map(|(r, s)| explained(&scorer, guard.as_ref(), s, r + 1))
                    .collect();
                (UniIdx((start + i) as u32), ops)
            })
            .collect();
        found |= !rows.is_empty();
        if let Err(x) = sink(&rows) {
            return Ok(Err(x));
        }
        start = end;
    }
    Ok(Ok((field, found)))
}

/// The report's lab lists: the best `n` opportunities of each field, of what each university
/// can borrow and of what each can offer, each ranked from 1 — what filtering the whole guarded
/// list ([`guard_labs`]) by the group and taking its first `n` gives — in one pass over the
/// candidates, without holding them (`view`: the audience's, when one is asked about).
pub(crate) fn best_lab_lists(
    totals: &crate::graph::Graph,
    view: Option<&View>,
    w: &lab::LabWeights,
    n: usize,
) -> [Vec<Vec<LabOpportunity>>; 3] {
    let scorer = Scorer::new(totals, w);
    let guard = view.and_then(LabGuard::new);
    let dropped = std::cell::Cell::new(0usize);
    let best = lab::best_lists(&scorer, n, |s| {
        let kept = guard.as_ref().is_none_or(|g| g.adjust(s, w));
        dropped.set(dropped.get() + usize::from(!kept));
        kept
    });
    if let Some(v) = view {
        v.note_dropped(dropped.get());
    }
    let explain = |lists: Vec<Vec<Scored>>| -> Vec<Vec<LabOpportunity>> {
        lists
            .iter()
            .map(|l| {
                l.iter()
                    .enumerate()
                    .map(|(i, s)| explained(&scorer, guard.as_ref(), s, i + 1))
                    .collect()
            })
            .collect()
    };
    [
        explain(best.by_field),
        explain(best.by_beneficiary),
        explain(best.by_host),
    ]
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
    // The copy keeps the dataset's data-sharing rules: without them it would be all public.
    let mut problems = Problems::default();
    let rules: Vec<(&str, std::borrow::Cow<'static, [u8]>)> =
        [crate::policy::POLICY_FILE, crate::policy::VISIBILITY_FILE]
            .into_iter()
            .filter(|f| source.has(f))
            .filter_map(|f| source.bytes(f, &mut problems).map(|b| (f, b)))
            .collect();
    if !problems.is_empty() {
        return Err(Error::Problems {
            file: source.describe(crate::policy::POLICY_FILE),
            problems,
        });
    }
    let extra: Vec<(&str, &[u8])> = rules.iter().map(|(f, b)| (*f, b.as_ref())).collect();
    save::write_dataset_with(&ds, &req.out, req.overwrite, &inputs, &extra)?;
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
