//! The domain model: universities, priority fields, researchers, expertise, labs and
//! co-authorships, as plain data with dense integer indexes.
//!
//! Every entity lives in one `Vec` of [`Dataset`] and is referred to everywhere else by its
//! position there ([`UniIdx`], [`FieldIdx`], [`ResearcherIdx`], [`LabIdx`]). String ids exist only
//! at the edges (loading and output). The model owns no I/O and has no knowledge of CSV.

use std::fmt;

use rustc_hash::FxHashMap;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        // Plain bytes, so that a snapshot's index arrays are read in place.
        #[derive(zerocopy::FromBytes, zerocopy::IntoBytes, zerocopy::Immutable, zerocopy::KnownLayout)]
        #[repr(transparent)]
        pub struct $name(pub u32);

        impl From<$name> for u32 {
            fn from(i: $name) -> u32 {
                i.0
            }
        }

        impl $name {
            /// The position in the owning `Vec`.
            #[inline]
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// Position of a university in [`Dataset::universities`].
    UniIdx
);
index_type!(
    /// Position of a field in [`Dataset::fields`].
    FieldIdx
);
index_type!(
    /// Position of a researcher in [`Dataset::researchers`].
    ResearcherIdx
);
index_type!(
    /// Position of a lab in [`Dataset::labs`].
    LabIdx
);
index_type!(
    /// Position of a term in [`Dataset::terms`].
    TermIdx
);

/// The three regions of Vietnam that the 2022 agreement asks groups to span, plus
/// `International` for institutions abroad (bibliographic imports bring those in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    North,
    Central,
    South,
    International,
}

impl Region {
    pub const ALL: [Region; 4] = [
        Region::North,
        Region::Central,
        Region::South,
        Region::International,
    ];

    /// The id written in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::North => "north",
            Region::Central => "central",
            Region::South => "south",
            Region::International => "international",
        }
    }

    /// Parses the CSV id; case-insensitive, also accepts the Vietnamese names.
    pub fn parse(s: &str) -> Option<Region> {
        match crate::text::fold(s).as_str() {
            "north" | "mien bac" | "bac" => Some(Region::North),
            "central" | "mien trung" | "trung" => Some(Region::Central),
            "south" | "mien nam" | "nam" => Some(Region::South),
            "international" | "abroad" | "quoc te" => Some(Region::International),
            _ => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Academic title, the Vietnamese ladder GS > PGS > TS > ThS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Title {
    Other,
    Master,
    Doctor,
    AssociateProfessor,
    Professor,
}

impl Title {
    pub const ALL: [Title; 5] = [
        Title::Professor,
        Title::AssociateProfessor,
        Title::Doctor,
        Title::Master,
        Title::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Title::Professor => "professor",
            Title::AssociateProfessor => "associate_professor",
            Title::Doctor => "doctor",
            Title::Master => "master",
            Title::Other => "other",
        }
    }

    /// Parses English ids and the Vietnamese abbreviations (`GS.TS.`, `PGS.TS.`, `TS.`, `ThS.`);
    /// an empty cell is [`Title::Other`].
    pub fn parse(s: &str) -> Option<Title> {
        // Fast path for the canonical ids (what `generate` and most files contain).
        if let Some(t) = Title::ALL.iter().find(|t| t.as_str() == s) {
            return Some(*t);
        }
        let key: String = crate::text::fold(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match key.as_str() {
            "professor" | "prof" | "gs" | "gsts" | "gstskh" | "giaosu" => Some(Title::Professor),
            "associateprofessor" | "assocprof" | "pgs" | "pgsts" | "pgstskh" | "phogiaosu" => {
                Some(Title::AssociateProfessor)
            }
            "doctor" | "dr" | "phd" | "ts" | "tskh" | "tiensi" => Some(Title::Doctor),
            "master" | "msc" | "ths" | "thacsi" => Some(Title::Master),
            "other" | "" | "ks" | "cn" => Some(Title::Other),
            _ => None,
        }
    }

    /// Professor or associate professor.
    pub fn is_professorial(self) -> bool {
        self >= Title::AssociateProfessor
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may use a lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// Only the host university.
    Internal,
    /// Members of the consortium.
    Consortium,
    /// Anyone.
    Public,
}

impl Access {
    pub const ALL: [Access; 3] = [Access::Internal, Access::Consortium, Access::Public];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Internal => "internal",
            Access::Consortium => "consortium",
            Access::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Access> {
        match crate::text::fold(s).as_str() {
            "internal" | "noi bo" => Some(Access::Internal),
            "consortium" | "lien minh" => Some(Access::Consortium),
            "public" | "cong khai" => Some(Access::Public),
            _ => None,
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct University {
    pub id: String,
    pub short_name: String,
    pub name_vi: String,
    pub name_en: String,
    pub city: String,
    pub region: Region,
    /// ISO 3166 alpha-2 country code, `VN` unless the file says otherwise.
    pub country: String,
    /// Whether the university belongs to the consortium (consortium labs are open to members).
    pub consortium: bool,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    /// Other names users type for the field ("AI", "trí tuệ nhân tạo", …).
    pub aliases: Vec<String>,
    /// Related fields, symmetric and without self-links once loaded.
    pub related: Vec<FieldIdx>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Researcher {
    pub id: compact_str::CompactString,
    pub name: compact_str::CompactString,
    pub university: UniIdx,
    pub title: Title,
    pub h_index: u32,
    pub publications: u32,
    /// How many proposed teams this person may join at once.
    pub max_teams: u32,
}

/// A researcher's level in one field, in (0, 1].
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::Immutable,
    zerocopy::KnownLayout,
)]
#[repr(C)]
pub struct Expertise {
    pub researcher: ResearcherIdx,
    pub field: FieldIdx,
    pub level: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub id: String,
    pub name: String,
    pub university: UniIdx,
    pub fields: Vec<FieldIdx>,
    pub equipment: Vec<String>,
    pub access: Access,
    /// Free hours a month.
    pub capacity_hours: u32,
}

impl Lab {
    /// The access law: whether researchers of `borrower` may use this lab. Its own university
    /// always; a `public` lab anyone; a `consortium` lab only when both universities are
    /// consortium members; an `internal` lab nobody else. Every analysis that offers a lab to
    /// another university (lab opportunities, joint proposals, team labs, team constraints)
    /// asks this one function.
    pub fn usable_by(&self, ds: &Dataset, borrower: UniIdx) -> bool {
        if self.university == borrower {
            return true;
        }
        match self.access {
            Access::Public => true,
            Access::Consortium => {
                ds.university(borrower).consortium && ds.university(self.university).consortium
            }
            Access::Internal => false,
        }
    }
}

/// An undirected co-authorship, stored with `a < b`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::Immutable,
    zerocopy::KnownLayout,
)]
#[repr(C)]
pub struct Coauthorship {
    pub a: ResearcherIdx,
    pub b: ResearcherIdx,
    pub papers: u32,
    pub first_year: u16,
    pub last_year: u16,
}

/// One row of a researcher's term profile (`terms.csv`): how much of their work in `year` is
/// about `term`. Rows are stored sorted by `(researcher, term, year)`, one per triple.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TermWeight {
    pub researcher: ResearcherIdx,
    pub term: TermIdx,
    /// Positive; an imported work gives each of its terms 1 / (number of its terms).
    pub weight: f32,
    pub year: u16,
}

/// A term: its display form (the first spelling seen) and its matching key
/// ([`crate::text::term_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub key: String,
}

/// The id of the institution that `import` gives authors whose affiliation names no
/// institution (only a country, a city or nothing): a placeholder, not a place where people
/// work together.
pub const UNAFFILIATED: &str = "unknown";

/// Everything loaded from one dataset folder, validated: every index is in range, every
/// expertise level is in (0, 1], every co-authorship joins two different researchers and
/// appears once.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub universities: Vec<University>,
    pub fields: Vec<Field>,
    pub researchers: Vec<Researcher>,
    pub expertise: crate::store::Store<Expertise>,
    pub labs: Vec<Lab>,
    pub coauthorships: crate::store::Store<Coauthorship>,
    /// The terms of the optional `terms.csv`, distinct by key (empty without it).
    pub terms: Vec<Term>,
    /// The researchers' term profiles, sorted by `(researcher, term, year)`.
    pub term_weights: Vec<TermWeight>,
    pub(crate) index: IdIndex,
}

/// String id → dense index maps, built by the loader.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    pub universities: FxHashMap<Box<str>, UniIdx>,
    pub fields: FxHashMap<Box<str>, FieldIdx>,
    /// Built on the first lookup when the dataset did not come from the loader (a snapshot, a
    /// generator): a million ids take a tenth of a second to index, and most questions never
    /// look one up.
    pub researchers: std::sync::OnceLock<FxHashMap<Box<str>, ResearcherIdx>>,
    pub labs: FxHashMap<Box<str>, LabIdx>,
}

impl Dataset {
    pub fn university(&self, u: UniIdx) -> &University {
        &self.universities[u.ix()]
    }
    pub fn field(&self, f: FieldIdx) -> &Field {
        &self.fields[f.ix()]
    }
    pub fn researcher(&self, r: ResearcherIdx) -> &Researcher {
        &self.researchers[r.ix()]
    }
    pub fn lab(&self, l: LabIdx) -> &Lab {
        &self.labs[l.ix()]
    }
    pub fn term(&self, t: TermIdx) -> &Term {
        &self.terms[t.ix()]
    }

    /// Looks up a university by its exact id (see [`crate::resolve`] for free-text names).
    pub fn university_by_id(&self, id: &str) -> Option<UniIdx> {
        self.index.universities.get(id).copied()
    }

    /// The institution `import` gives authors whose affiliation names none
    /// ([`UNAFFILIATED`]), if the dataset has one: its members are not colleagues of each
    /// other.
    pub fn unaffiliated(&self) -> Option<UniIdx> {
        self.university_by_id(UNAFFILIATED)
    }
    pub fn field_by_id(&self, id: &str) -> Option<FieldIdx> {
        self.index.fields.get(id).copied()
    }
    pub fn researcher_by_id(&self, id: &str) -> Option<ResearcherIdx> {
        self.index
            .researchers
            .get_or_init(|| {
                let ids = self.researchers.iter().map(|r| r.id.as_str());
                ids.enumerate()
                    .map(|(i, id)| (Box::from(id), ResearcherIdx(i as u32)))
                    .collect()
            })
            .get(id)
            .copied()
    }
    pub fn lab_by_id(&self, id: &str) -> Option<LabIdx> {
        self.index.labs.get(id).copied()
    }

    /// Rebuilds the id maps from the entity vectors (for datasets built in code); researchers
    /// are indexed on their first lookup.
    pub fn reindex(&mut self) {
        fn map<I: Copy>(
            ids: impl Iterator<Item = String>,
            mk: fn(u32) -> I,
        ) -> FxHashMap<Box<str>, I> {
            ids.enumerate()
                .map(|(i, id)| (id.into_boxed_str(), mk(i as u32)))
                .collect()
        }
        self.index = IdIndex {
            universities: map(self.universities.iter().map(|u| u.id.clone()), UniIdx),
            fields: map(self.fields.iter().map(|f| f.id.clone()), FieldIdx),
            researchers: std::sync::OnceLock::new(),
            labs: map(self.labs.iter().map(|l| l.id.clone()), LabIdx),
        };
    }

    pub fn university_ids(&self) -> impl Iterator<Item = UniIdx> {
        (0..self.universities.len() as u32).map(UniIdx)
    }
    pub fn field_ids(&self) -> impl Iterator<Item = FieldIdx> {
        (0..self.fields.len() as u32).map(FieldIdx)
    }
    pub fn researcher_ids(&self) -> impl Iterator<Item = ResearcherIdx> {
        (0..self.researchers.len() as u32).map(ResearcherIdx)
    }
    pub fn lab_ids(&self) -> impl Iterator<Item = LabIdx> {
        (0..self.labs.len() as u32).map(LabIdx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_parse_vietnamese_abbreviations() {
        assert_eq!(Title::parse("GS.TS."), Some(Title::Professor));
        assert_eq!(Title::parse("PGS.TS"), Some(Title::AssociateProfessor));
        assert_eq!(Title::parse("TS."), Some(Title::Doctor));
        assert_eq!(Title::parse("ThS"), Some(Title::Master));
        assert_eq!(Title::parse("Phó giáo sư"), Some(Title::AssociateProfessor));
        assert_eq!(Title::parse(""), Some(Title::Other));
        assert_eq!(Title::parse("wizard"), None);
        assert!(Title::AssociateProfessor.is_professorial() && !Title::Doctor.is_professorial());
    }

    #[test]
    fn enums_round_trip_through_their_ids() {
        for t in Title::ALL {
            assert_eq!(Title::parse(t.as_str()), Some(t));
        }
        for r in Region::ALL {
            assert_eq!(Region::parse(r.as_str()), Some(r));
        }
        for a in Access::ALL {
            assert_eq!(Access::parse(a.as_str()), Some(a));
        }
        assert_eq!(Region::parse("Miền Trung"), Some(Region::Central));
        assert_eq!(Access::parse("PUBLIC"), Some(Access::Public));
    }
}
