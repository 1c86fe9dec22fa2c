//! The snapshot: a binary copy of a loaded, validated dataset and its graph indexes, kept
//! beside the CSV files (`DIR/.hoptac-snapshot`) so that the next command on the same data
//! starts answering without parsing and checking the CSV again.
//!
//! CSV stays the format users edit; the snapshot is a cache. It is used only when it matches
//! the CSV files' content, and is rebuilt otherwise:
//!
//! - **Key.** For each of the six CSV files, and the optional `terms.csv` (recorded as absent
//!   when it is), the snapshot records its length, modification time
//!   and an XXH3 hash of its bytes. A file whose length and modification time are unchanged,
//!   and older than the snapshot by more than [`RACY_NS`] (so an edit in the same second cannot
//!   hide, as git does with its index), is taken as unchanged; any other file is hashed again
//!   and must have the recorded hash.
//! - **Integrity.** Every section (and the header) has its XXH3 hash, checked before the
//!   section is used; every length read is checked against what is left, and every index
//!   against its bounds, so a truncated or damaged file is refused, never trusted (and never a
//!   panic).
//! - **Version.** The header holds a format number and the hoptac version that wrote it; a
//!   snapshot from another version is refused.
//! - **Writes** are atomic (temporary file, then rename): a crash leaves the old snapshot or
//!   none, never half of one.
//!
//! Layout (little-endian): `MAGIC`, format `u32`, version string, creation time `u64` (ns since
//! the Unix epoch), the seven file stamps, the latest year, a table of thirty sections (length
//! and XXH3 hash each), zero padding, the header's own hash, then the sections, each starting
//! on an 8-byte boundary (zero padding after each, covered by its hash): the small tables
//! (length-prefixed strings), the researchers column by column (all ids in one string and the
//! end of each, the same for names, then five `u32` per researcher), then fixed-size records
//! back to back (expertise, co-authorships, and the graph's CSR offsets and items, strengths,
//! activity years, the years of each co-author link; the terms: their names and keys, the term
//! rows, the per-researcher profiles and the posting lists; the university and the numbers of
//! every researcher, the university links).
//!
//! Reading: the file is memory-mapped. The fixed-size index arrays whose layout in memory is
//! that of the file (CSR offsets, co-author links and years, university members and labs,
//! activity years, universities and numbers per researcher) are then read in place
//! (`graph::Store`, owned or mapped): opening a snapshot copies none of them. The rest is
//! decoded in parallel; the researchers' strings are checked as UTF-8 once per column.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::xxh3_64;

use rayon::prelude::*;

use super::{CoauthorLink, Csr, Graph, Posting, Store, Strength, TermEntry};
use crate::load::{FILES, TERMS_FILE};
use crate::model::*;

/// The snapshot's file name inside a dataset folder.
pub const FILE: &str = ".hoptac-snapshot";
const MAGIC: &[u8; 8] = b"HOPTACSN";
/// Bumped whenever the layout changes.
const FORMAT: u32 = 7;
/// A CSV file modified less than this before the snapshot was written is hashed again even
/// when its length and modification time match (two seconds, for coarse file-system clocks).
pub const RACY_NS: u64 = 2_000_000_000;

/// Where the snapshot of a dataset folder lives.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// One CSV file as the snapshot saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub file: String,
    pub len: u64,
    pub mtime_ns: u64,
    pub hash: u64,
}

/// The files a snapshot is keyed on: the six CSV files, then the optional `terms.csv`.
fn stamped() -> impl Iterator<Item = &'static str> {
    FILES.into_iter().chain([TERMS_FILE])
}

/// The length recorded for an optional file that is absent.
const ABSENT: u64 = u64::MAX;

/// The stamps of a folder's CSV files: their metadata and a hash of their bytes (an absent
/// `terms.csv` is recorded as such).
pub fn stamps(dir: &Path) -> io::Result<Vec<Stamp>> {
    stamped()
        .map(|f| {
            let p = dir.join(f);
            if f == TERMS_FILE && !p.exists() {
                return Ok(Stamp {
                    file: f.to_string(),
                    len: ABSENT,
                    mtime_ns: 0,
                    hash: 0,
                });
            }
            let (len, mtime_ns) = stat(&p)?;
            let bytes = std::fs::read(&p)?;
            Ok(Stamp {
                file: f.to_string(),
                len,
                mtime_ns,
                hash: xxh3_64(&bytes),
            })
        })
        .collect()
}

fn stat(p: &Path) -> io::Result<(u64, u64)> {
    let m = std::fs::metadata(p)?;
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    Ok((m.len(), mtime))
}

fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Why a snapshot was not used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("there is no snapshot")]
    Missing,
    #[error("{0} changed since the snapshot was written")]
    Stale(String),
    #[error("it was written by {0}, not by this version of hoptac")]
    OtherVersion(String),
    #[error("it is damaged or truncated ({0})")]
    Damaged(String),
    #[error("it cannot be read: {0}")]
    Unreadable(String),
}

impl From<Corrupt> for Refusal {
    fn from(c: Corrupt) -> Refusal {
        Refusal::Damaged(c.0)
    }
}

fn version() -> String {
    format!("hoptac {} (format {FORMAT})", env!("CARGO_PKG_VERSION"))
}

/// The sections of the payload, in file order. Fixed-size records are written back to back
/// (`size` bytes each, no count: the count is the length over the size); `Var` sections hold
/// length-prefixed strings and are read whole.
#[derive(Clone, Copy)]
enum Sec {
    /// Universities, fields, labs.
    Small,
    /// The researchers, column by column: ids and names (each one string of all of them and
    /// the end of each), then university, title, h-index, publications and team capacity.
    ResearcherIds,
    ResearcherIdEnds,
    ResearcherNames,
    ResearcherNameEnds,
    ResearcherRows,
    Expertise,
    Coauthorships,
    CoauthorOffsets,
    CoauthorItems,
    ExpertiseOffsets,
    ExpertiseItems,
    MemberOffsets,
    MemberItems,
    UniMemberOffsets,
    UniMemberItems,
    UniLabOffsets,
    UniLabItems,
    Strength,
    LastActive,
    CoauthorLast,
    /// Term names and keys.
    Terms,
    TermRows,
    ProfileOffsets,
    ProfileItems,
    PostingOffsets,
    PostingItems,
    /// The university of every researcher.
    ResearcherUnis,
    /// Pairs of universities joined by a co-authorship, with the latest year.
    UniLinks,
    /// The h-index and team capacity of every researcher.
    Numbers,
}

const SECTIONS: usize = 30;

/// Writes the snapshot of `g` into `dir`, with the given stamps of its CSV files.
pub fn write(g: &Graph, dir: &Path, stamps: &[Stamp]) -> Result<(), crate::save::SaveError> {
    let mut sections = encode(g);
    let mut out = Enc::with_capacity(
        sections
            .iter()
            .map(|s| s.len().next_multiple_of(ALIGN))
            .sum::<usize>()
            + 1024,
    );
    out.bytes(MAGIC);
    out.u32(FORMAT);
    out.str(&version());
    out.u64(now_ns());
    out.u32(stamps.len() as u32);
    for s in stamps {
        out.str(&s.file);
        out.u64(s.len);
        out.u64(s.mtime_ns);
        out.u64(s.hash);
    }
    out.u16(g.latest_year);
    out.u32(sections.len() as u32);
    for s in &mut sections {
        // Each section starts on an 8-byte boundary: its length is recorded, its hash covers
        // the zero padding after it too.
        let len = s.len();
        s.resize(len.next_multiple_of(ALIGN), 0);
        out.u64(len as u64);
        out.u64(xxh3_64(s));
    }
    // Zero padding so that the sections start aligned; covered by the header's hash.
    out.bytes(&vec![0; header_pad(out.buf.len())]);
    let head = out.buf.len();
    out.u64(xxh3_64(&out.buf[..head]));
    for s in &sections {
        out.bytes(s);
    }
    // The snapshot is this program's own cache beside the inputs, never one of them.
    crate::save::write_file_atomic(&path(dir), &out.buf, &[])
}

/// Sections start at multiples of this many bytes in the file (and so in its memory map), so
/// that arrays of `u64`, `u32` and `u16` are read in place.
const ALIGN: usize = 8;

/// The zero bytes after a header of `len` bytes so that, with its 8-byte hash, it ends on an
/// [`ALIGN`] boundary.
fn header_pad(len: usize) -> usize {
    (len + 8).next_multiple_of(ALIGN) - (len + 8)
}

/// Where one section lies in the file (its data, then zero padding to [`ALIGN`]), and the hash
/// of data and padding.
#[derive(Clone, Copy, Debug)]
struct Span {
    offset: usize,
    len: usize,
    hash: u64,
}

/// Maps the snapshot file into memory (read-only).
#[allow(unsafe_code)]
fn map(file: &std::fs::File) -> io::Result<memmap2::Mmap> {
    // SAFETY: the map is read-only and every byte read through it is first checked against
    // its section's hash (and every index in it against its bounds), so its content cannot
    // break an invariant. What memmap2 cannot rule out is the file changing under the map:
    // hoptac never writes a snapshot in place (writes go to a temporary file renamed over
    // it, a new inode, so a map of the old one keeps the old bytes), and deleting it leaves
    // the map intact; only another program truncating or rewriting this very inode while a
    // command runs could (it would end the process with SIGBUS or show it other bytes). The
    // snapshot is hoptac's private cache, never an input another program edits.
    unsafe { memmap2::Mmap::map(file) }
}

/// Reads the snapshot of `dir` if it matches the CSV files; otherwise says why not. The file
/// is memory-mapped: each section is checked against its hash before it is used, the
/// fixed-size index arrays are then read in place (never copied), and the rest is decoded.
pub fn read(dir: &Path) -> Result<Graph, Refusal> {
    if !cfg!(all(target_endian = "little", target_pointer_width = "64")) {
        return Err(Refusal::Unreadable(
            "snapshots are read on 64-bit little-endian machines only".into(),
        ));
    }
    let file = match std::fs::File::open(path(dir)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::Missing),
        Err(e) => return Err(Refusal::Unreadable(e.to_string())),
    };
    let file_len = file
        .metadata()
        .map_err(|e| Refusal::Unreadable(e.to_string()))?
        .len();
    if file_len < MAGIC.len() as u64 {
        return Err(Refusal::Damaged("truncated".into()));
    }
    let map = std::sync::Arc::new(map(&file).map_err(|e| Refusal::Unreadable(e.to_string()))?);
    let bytes: &[u8] = &map;
    if bytes.len() as u64 != file_len {
        return Err(Refusal::Damaged("truncated".into()));
    }
    let head = &bytes[..bytes.len().min(64 << 10)];
    let mut d = Dec::new(head);
    if d.take(MAGIC.len())? != MAGIC {
        return Err(Refusal::Damaged("not a hoptac snapshot".into()));
    }
    let format = d.u32()?;
    let written_by = d.string()?;
    if format != FORMAT || written_by != version() {
        return Err(Refusal::OtherVersion(written_by));
    }
    let created = d.u64()?;
    let n = d.u32()? as usize;
    let mut recorded = Vec::new();
    for _ in 0..n.min(FILES.len() + 2) {
        recorded.push(Stamp {
            file: d.string()?,
            len: d.u64()?,
            mtime_ns: d.u64()?,
            hash: d.u64()?,
        });
    }
    let latest_year = d.u16()?;
    if d.u32()? as usize != SECTIONS {
        return Err(Refusal::Damaged("unexpected sections".into()));
    }
    let mut raw = Vec::with_capacity(SECTIONS);
    for _ in 0..SECTIONS {
        raw.push((d.u64()?, d.u64()?));
    }
    let pad = d.take(header_pad(head.len() - d.b.len()))?;
    let head_len = head.len() - d.b.len();
    if d.u64()? != xxh3_64(&head[..head_len]) || pad.iter().any(|&b| b != 0) {
        return Err(Refusal::Damaged("header checksum mismatch".into()));
    }
    check_stamps(dir, &recorded, created)?;
    let mut offset = head_len + 8;
    let mut spans = Vec::with_capacity(SECTIONS);
    for (len, hash) in raw {
        let len = usize::try_from(len)
            .ok()
            .filter(|&l| l <= bytes.len())
            .ok_or_else(|| Refusal::Damaged("truncated".into()))?;
        spans.push(Span { offset, len, hash });
        offset = offset.saturating_add(len.next_multiple_of(ALIGN));
    }
    if offset != bytes.len() {
        return Err(Refusal::Damaged("truncated".into()));
    }
    Ok(decode(&MapSections { map, spans }, latest_year)?)
}

/// Whether the CSV files are still those the snapshot was built from.
fn check_stamps(dir: &Path, recorded: &[Stamp], created: u64) -> Result<(), Refusal> {
    if recorded.len() != FILES.len() + 1 || recorded.iter().zip(stamped()).any(|(s, f)| s.file != f)
    {
        return Err(Refusal::Damaged("unexpected file list".into()));
    }
    for s in recorded {
        let p = dir.join(&s.file);
        let stale = || Refusal::Stale(s.file.clone());
        if s.len == ABSENT {
            if p.exists() {
                return Err(stale());
            }
            continue;
        }
        let (len, mtime) = stat(&p).map_err(|_| stale())?;
        if len != s.len {
            return Err(stale());
        }
        let trusted = mtime == s.mtime_ns && mtime.saturating_add(RACY_NS) < created;
        if !trusted {
            let bytes = std::fs::read(&p).map_err(|_| stale())?;
            if xxh3_64(&bytes) != s.hash {
                return Err(stale());
            }
        }
    }
    Ok(())
}

/// Where decoding reads the sections from: the memory map of the file, or memory (tests).
trait Sections: Sync {
    /// The whole section, its hash checked.
    fn bytes(&self, s: Sec) -> Result<std::borrow::Cow<'_, [u8]>, Corrupt>;
    /// The section as records of `size` bytes, converted by `f`, its hash checked.
    fn records<T: Send>(
        &self,
        s: Sec,
        size: usize,
        f: &(dyn Fn(&[u8]) -> T + Sync),
    ) -> Result<Vec<T>, Corrupt>;
    /// The section as an array of `T` (little-endian, `size_of::<T>()` bytes each), its hash
    /// checked: read in place from a memory map.
    fn array<T>(&self, s: Sec) -> Result<Store<T>, Corrupt>
    where
        T: zerocopy::FromBytes + zerocopy::Immutable + zerocopy::KnownLayout + Copy + Send;
}

/// Sections in the memory map of the snapshot file.
struct MapSections {
    map: std::sync::Arc<memmap2::Mmap>,
    spans: Vec<Span>,
}

impl MapSections {
    /// The section's bytes (without its padding), once data and padding match the hash.
    fn checked(&self, s: Sec) -> Result<&[u8], Corrupt> {
        let span = self.spans[s as usize];
        let padded = self
            .map
            .get(span.offset..span.offset + span.len.next_multiple_of(ALIGN))
            .ok_or_else(|| Corrupt("truncated".into()))?;
        if xxh3_64(padded) != span.hash {
            return Err(Corrupt("checksum mismatch".into()));
        }
        Ok(&padded[..span.len])
    }
}

impl Sections for MapSections {
    fn bytes(&self, s: Sec) -> Result<std::borrow::Cow<'_, [u8]>, Corrupt> {
        self.checked(s).map(std::borrow::Cow::Borrowed)
    }

    fn records<T: Send>(
        &self,
        s: Sec,
        size: usize,
        f: &(dyn Fn(&[u8]) -> T + Sync),
    ) -> Result<Vec<T>, Corrupt> {
        let b = self.checked(s)?;
        if b.len() % size != 0 {
            return Err(Corrupt::new("section length"));
        }
        Ok(b.par_chunks_exact(size).map(f).collect())
    }

    fn array<T>(&self, s: Sec) -> Result<Store<T>, Corrupt>
    where
        T: zerocopy::FromBytes + zerocopy::Immutable + zerocopy::KnownLayout + Copy + Send,
    {
        self.checked(s)?;
        let span = self.spans[s as usize];
        super::Mapped::new(self.map.clone(), span.offset, span.offset + span.len)
            .map(Store::Mapped)
            .ok_or_else(|| Corrupt::new("section length"))
    }
}

/// Sections held in memory (for tests: [`encode`] then [`decode`]).
#[cfg(test)]
struct MemSections(Vec<Vec<u8>>);

#[cfg(test)]
impl Sections for MemSections {
    fn bytes(&self, s: Sec) -> Result<std::borrow::Cow<'_, [u8]>, Corrupt> {
        self.0
            .get(s as usize)
            .map(|b| std::borrow::Cow::Borrowed(&b[..]))
            .ok_or_else(|| Corrupt::new("section"))
    }

    fn records<T: Send>(
        &self,
        s: Sec,
        size: usize,
        f: &(dyn Fn(&[u8]) -> T + Sync),
    ) -> Result<Vec<T>, Corrupt> {
        let b = self
            .0
            .get(s as usize)
            .ok_or_else(|| Corrupt::new("section"))?;
        if b.len() % size != 0 {
            return Err(Corrupt::new("section length"));
        }
        Ok(b.chunks_exact(size).map(f).collect())
    }

    fn array<T>(&self, s: Sec) -> Result<Store<T>, Corrupt>
    where
        T: zerocopy::FromBytes + zerocopy::Immutable + zerocopy::KnownLayout + Copy + Send,
    {
        let size = std::mem::size_of::<T>();
        let v = self.records(s, size, &|c| T::read_from_bytes(c).ok())?;
        v.into_iter()
            .collect::<Option<Vec<T>>>()
            .map(Store::Owned)
            .ok_or_else(|| Corrupt::new("section"))
    }
}

/// The payload's sections, in [`Sec`] order.
fn encode(g: &Graph) -> Vec<Vec<u8>> {
    let d = &g.data;
    let mut e = Enc::with_capacity(1 << 16);
    e.u32(d.universities.len() as u32);
    for u in &d.universities {
        for s in [&u.id, &u.short_name, &u.name_vi, &u.name_en, &u.city] {
            e.str(s);
        }
        e.u8(u.region as u8);
        e.str(&u.country);
        e.u8(u8::from(u.consortium));
        e.strs(&u.aliases);
    }
    e.u32(d.fields.len() as u32);
    for f in &d.fields {
        for s in [&f.id, &f.name_vi, &f.name_en] {
            e.str(s);
        }
        e.strs(&f.aliases);
        e.u32(f.related.len() as u32);
        for r in &f.related {
            e.u32(r.0);
        }
    }
    e.u32(d.labs.len() as u32);
    for l in &d.labs {
        e.str(&l.id);
        e.str(&l.name);
        e.u32(l.university.0);
        e.u32(l.fields.len() as u32);
        for f in &l.fields {
            e.u32(f.0);
        }
        e.strs(&l.equipment);
        e.u8(l.access as u8);
        e.u32(l.capacity_hours);
    }
    let small = e.buf;

    let text = |f: &dyn Fn(&Researcher) -> &str| {
        let mut blob = Vec::new();
        let mut ends = Vec::with_capacity(8 * d.researchers.len());
        for r in &d.researchers {
            blob.extend_from_slice(f(r).as_bytes());
            ends.extend_from_slice(&(blob.len() as u64).to_le_bytes());
        }
        (blob, ends)
    };
    let (ids, id_ends) = text(&|r| &r.id);
    let (names, name_ends) = text(&|r| &r.name);

    let fixed = |n: usize, size: usize, f: &dyn Fn(&mut Enc, usize)| {
        let mut e = Enc::with_capacity(n * size);
        for i in 0..n {
            f(&mut e, i);
        }
        e.buf
    };
    let offsets = |o: &[usize]| fixed(o.len(), 8, &|e, i| e.u64(o[i] as u64));
    vec![
        small,
        ids,
        id_ends,
        names,
        name_ends,
        fixed(d.researchers.len(), 20, &|e, i| {
            let r = &d.researchers[i];
            e.u32(r.university.0);
            e.u32(r.title as u32);
            e.u32(r.h_index);
            e.u32(r.publications);
            e.u32(r.max_teams);
        }),
        fixed(d.expertise.len(), 12, &|e, i| {
            let x = &d.expertise[i];
            e.u32(x.researcher.0);
            e.u32(x.field.0);
            e.f32(x.level);
        }),
        fixed(d.coauthorships.len(), 16, &|e, i| {
            let c = &d.coauthorships[i];
            e.u32(c.a.0);
            e.u32(c.b.0);
            e.u32(c.papers);
            e.u16(c.first_year);
            e.u16(c.last_year);
        }),
        offsets(&g.coauthors.offsets),
        fixed(g.coauthors.items.len(), 8, &|e, i| {
            let l = &g.coauthors.items[i];
            e.u32(l.other.0);
            e.u32(l.index);
        }),
        offsets(&g.expertise.offsets),
        fixed(g.expertise.items.len(), 8, &|e, i| {
            let (f, level) = g.expertise.items[i];
            e.u32(f.0);
            e.f32(level);
        }),
        offsets(&g.field_members.offsets),
        fixed(g.field_members.items.len(), 8, &|e, i| {
            let (r, level) = g.field_members.items[i];
            e.u32(r.0);
            e.f32(level);
        }),
        offsets(&g.uni_members.offsets),
        fixed(g.uni_members.items.len(), 4, &|e, i| {
            e.u32(g.uni_members.items[i].0)
        }),
        offsets(&g.uni_labs.offsets),
        fixed(g.uni_labs.items.len(), 4, &|e, i| {
            e.u32(g.uni_labs.items[i].0)
        }),
        fixed(g.strength.len(), 28, &|e, i| {
            let s = &g.strength[i];
            e.u32(s.researchers);
            e.f64(s.level_sum);
            e.f64(s.impact);
            e.f64(s.activity_index);
        }),
        fixed(g.last_active.len(), 2, &|e, i| e.u16(g.last_active[i])),
        fixed(g.coauthor_last.len(), 2, &|e, i| e.u16(g.coauthor_last[i])),
        {
            let mut e = Enc::with_capacity(16 * d.terms.len() + 4);
            e.u32(d.terms.len() as u32);
            for t in &d.terms {
                e.str(&t.name);
                e.str(&t.key);
            }
            e.buf
        },
        fixed(d.term_weights.len(), 14, &|e, i| {
            let t = &d.term_weights[i];
            e.u32(t.researcher.0);
            e.u32(t.term.0);
            e.f32(t.weight);
            e.u16(t.year);
        }),
        offsets(&g.profiles.offsets),
        fixed(g.profiles.items.len(), 10, &|e, i| {
            let t = &g.profiles.items[i];
            e.u32(t.term.0);
            e.f32(t.weight);
            e.u16(t.year);
        }),
        offsets(&g.postings.offsets),
        fixed(g.postings.items.len(), 10, &|e, i| {
            let t = &g.postings.items[i];
            e.u32(t.researcher.0);
            e.f32(t.weight);
            e.u16(t.year);
        }),
        fixed(g.university_of.len(), 4, &|e, i| {
            e.u32(g.university_of[i].0)
        }),
        fixed(g.university_links.len(), 10, &|e, i| {
            let ((a, b), y) = g.university_links[i];
            e.u32(a.0);
            e.u32(b.0);
            e.u16(y);
        }),
        fixed(g.numbers.len(), 8, &|e, i| {
            e.u32(g.numbers[i].h_index);
            e.u32(g.numbers[i].max_teams);
        }),
    ]
}

/// The small tables: universities, fields, labs.
type Small = (Vec<University>, Vec<Field>, Vec<Lab>);

/// Decodes every section (in parallel) and checks every index and CSR, so that a decoded
/// graph keeps the invariants the rest of the code relies on. The fixed-size index arrays
/// (offsets, co-author links and years, members, universities, activity years) are checked
/// where they lie and kept there ([`Sections::array`]); the rest is decoded.
fn decode(src: &impl Sections, latest_year: u16) -> Result<Graph, Corrupt> {
    let (universities, fields, labs) = decode_small(&src.bytes(Sec::Small)?)?;
    let (nu, nf, nl) = (universities.len(), fields.len(), labs.len());
    let ((researchers, (expertise, coauthorships)), (coauthor_arrays, (ex, fm))) = rayon::join(
        || {
            rayon::join(
                || decode_researchers(src, nu),
                || {
                    rayon::join(
                        || src.array::<Expertise>(Sec::Expertise),
                        || src.array::<Coauthorship>(Sec::Coauthorships),
                    )
                },
            )
        },
        || {
            rayon::join(
                || -> Result<_, Corrupt> {
                    Ok((
                        src.array::<usize>(Sec::CoauthorOffsets)?,
                        src.array::<CoauthorLink>(Sec::CoauthorItems)?,
                        src.array::<u16>(Sec::CoauthorLast)?,
                    ))
                },
                || {
                    rayon::join(
                        || -> Result<_, Corrupt> {
                            Ok((
                                src.array::<usize>(Sec::ExpertiseOffsets)?,
                                src.records(Sec::ExpertiseItems, 8, &|c| {
                                    (FieldIdx(u32_at(c, 0)), f32_at(c, 4))
                                })?,
                            ))
                        },
                        || -> Result<_, Corrupt> {
                            Ok((
                                src.array::<usize>(Sec::MemberOffsets)?,
                                src.records(Sec::MemberItems, 8, &|c| {
                                    (ResearcherIdx(u32_at(c, 0)), f32_at(c, 4))
                                })?,
                            ))
                        },
                    )
                },
            )
        },
    );
    let researchers = researchers?;
    let (expertise, coauthorships) = (expertise?, coauthorships?);
    let nr = researchers.len();
    let nc = coauthorships.len();
    let bad = |ok: bool, what: &str| if ok { Ok(()) } else { Err(Corrupt::new(what)) };
    bad(
        expertise.par_iter().all(|x| {
            x.researcher.ix() < nr && x.field.ix() < nf && x.level > 0.0 && x.level <= 1.0
        }),
        "expertise",
    )?;
    bad(
        coauthorships.par_iter().all(|c| c.b.ix() < nr && c.a < c.b),
        "co-authorship",
    )?;
    let (co_off, co_items, coauthor_last) = coauthor_arrays?;
    let coauthors = csr(co_off, co_items, nr)?;
    bad(
        coauthors
            .items
            .par_iter()
            .all(|l| l.other.ix() < nr && (l.index as usize) < nc),
        "co-author index",
    )?;
    let (ex_off, ex_items) = ex?;
    let expertise_csr = csr(ex_off, ex_items.into(), nr)?;
    bad(
        expertise_csr.items.iter().all(|(f, _)| f.ix() < nf),
        "expertise index",
    )?;
    let (fm_off, fm_items) = fm?;
    let field_members = csr(fm_off, fm_items.into(), nf)?;
    bad(
        field_members.items.iter().all(|(r, _)| r.ix() < nr),
        "field member index",
    )?;
    let uni_members = csr(
        src.array::<usize>(Sec::UniMemberOffsets)?,
        src.array::<ResearcherIdx>(Sec::UniMemberItems)?,
        nu,
    )?;
    let uni_labs = csr(
        src.array::<usize>(Sec::UniLabOffsets)?,
        src.array::<LabIdx>(Sec::UniLabItems)?,
        nu,
    )?;
    bad(
        uni_members.items.iter().all(|r| r.ix() < nr) && uni_labs.items.iter().all(|l| l.ix() < nl),
        "member index",
    )?;
    let strength = src.records(Sec::Strength, 28, &|c| Strength {
        researchers: u32_at(c, 0),
        level_sum: f64_at(c, 4),
        impact: f64_at(c, 12),
        activity_index: f64_at(c, 20),
    })?;
    let last_active = src.array::<u16>(Sec::LastActive)?;
    bad(
        coauthor_last.len() == coauthors.items.len(),
        "co-author years",
    )?;
    bad(
        strength.len() == nu * nf && last_active.len() == nr,
        "counts",
    )?;
    let terms = decode_terms(&src.bytes(Sec::Terms)?)?;
    let nt = terms.len();
    let term_weights = src.records(Sec::TermRows, 14, &|c| TermWeight {
        researcher: ResearcherIdx(u32_at(c, 0)),
        term: TermIdx(u32_at(c, 4)),
        weight: f32_at(c, 8),
        year: u16_at(c, 12),
    })?;
    let weight_ok = |w: f32| w > 0.0 && w <= 1e6;
    bad(
        term_weights
            .iter()
            .all(|t| t.researcher.ix() < nr && t.term.ix() < nt && weight_ok(t.weight))
            && term_weights.windows(2).all(|w| {
                (w[0].researcher, w[0].term, w[0].year) < (w[1].researcher, w[1].term, w[1].year)
            }),
        "term rows",
    )?;
    let profiles = csr(
        src.array::<usize>(Sec::ProfileOffsets)?,
        src.records(Sec::ProfileItems, 10, &|c| TermEntry {
            term: TermIdx(u32_at(c, 0)),
            weight: f32_at(c, 4),
            year: u16_at(c, 8),
        })?
        .into(),
        nr,
    )?;
    let postings = csr(
        src.array::<usize>(Sec::PostingOffsets)?,
        src.records(Sec::PostingItems, 10, &|c| Posting {
            researcher: ResearcherIdx(u32_at(c, 0)),
            weight: f32_at(c, 4),
            year: u16_at(c, 8),
        })?
        .into(),
        nt,
    )?;
    bad(
        profiles
            .items
            .iter()
            .all(|t| t.term.ix() < nt && weight_ok(t.weight))
            && postings
                .items
                .iter()
                .all(|p| p.researcher.ix() < nr && weight_ok(p.weight))
            && profiles.items.len() == term_weights.len()
            && postings.items.len() == term_weights.len(),
        "term index",
    )?;
    let university_of = src.array::<UniIdx>(Sec::ResearcherUnis)?;
    bad(
        university_of.len() == nr
            && university_of
                .par_iter()
                .zip(researchers.par_iter())
                .all(|(u, r)| *u == r.university),
        "researcher universities",
    )?;
    let numbers = src.array::<super::Numbers>(Sec::Numbers)?;
    bad(
        numbers.len() == nr
            && numbers
                .par_iter()
                .zip(researchers.par_iter())
                .all(|(n, r)| n.h_index == r.h_index && n.max_teams == r.max_teams),
        "researcher numbers",
    )?;
    let university_links = src.records(Sec::UniLinks, 10, &|c| {
        ((UniIdx(u32_at(c, 0)), UniIdx(u32_at(c, 4))), u16_at(c, 8))
    })?;
    bad(
        university_links
            .iter()
            .all(|((a, b), _)| a < b && b.ix() < nu)
            && university_links.windows(2).all(|w| w[0].0 < w[1].0),
        "university links",
    )?;
    let (term_df, with_terms) = super::term_counts(&postings, &profiles);
    let mut data = Dataset {
        universities,
        fields,
        researchers,
        expertise,
        labs,
        coauthorships,
        terms,
        term_weights,
        ..Dataset::default()
    };
    data.reindex();
    Ok(Graph {
        data,
        petgraph: std::sync::OnceLock::new(),
        coauthors,
        coauthor_last,
        expertise: expertise_csr,
        field_members,
        uni_members,
        uni_labs,
        strength,
        latest_year,
        last_active,
        profiles,
        postings,
        term_df,
        with_terms,
        university_of,
        numbers,
        university_links,
        countries: std::sync::OnceLock::new(),
    })
}

/// The terms: a count, then name and key of each.
fn decode_terms(b: &[u8]) -> Result<Vec<Term>, Corrupt> {
    let mut d = Dec::new(b);
    let n = d.count(8)?;
    let mut terms = Vec::with_capacity(n);
    for _ in 0..n {
        terms.push(Term {
            name: d.string()?,
            key: d.string()?,
        });
    }
    if !d.is_empty() {
        return Err(Corrupt::new("section end"));
    }
    Ok(terms)
}

/// CSR arrays with `rows` rows: offsets that start at 0, never decrease and end at the item
/// count.
fn csr<T: Sync>(offsets: Store<usize>, items: Store<T>, rows: usize) -> Result<Csr<T>, Corrupt> {
    if offsets.len() != rows + 1
        || offsets.first() != Some(&0)
        || offsets.last() != Some(&items.len())
        || offsets.par_windows(2).any(|w| w[0] > w[1])
    {
        return Err(Corrupt("bad offsets".into()));
    }
    Ok(Csr { offsets, items })
}

#[inline]
fn u32_at(c: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]])
}

#[inline]
fn u16_at(c: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([c[i], c[i + 1]])
}

#[inline]
fn u64_at(c: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&c[i..i + 8]);
    u64::from_le_bytes(a)
}

#[inline]
fn f32_at(c: &[u8], i: usize) -> f32 {
    f32::from_bits(u32_at(c, i))
}

#[inline]
fn f64_at(c: &[u8], i: usize) -> f64 {
    f64::from_bits(u64_at(c, i))
}

/// How a command uses snapshots.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Use a matching snapshot; after reading the CSV files, write one when they hold at least
    /// [`AUTO_MIN_BYTES`] (small datasets load from CSV in milliseconds anyway).
    #[default]
    Auto,
    /// Use a matching snapshot; always write one after reading the CSV files.
    Always,
    /// Neither read nor write snapshots.
    Off,
}

/// CSV bytes from which [`Mode::Auto`] writes a snapshot.
pub const AUTO_MIN_BYTES: u64 = 4 << 20;

/// A loaded graph and how it was loaded.
pub struct Loaded {
    pub graph: Graph,
    /// It came from the snapshot.
    pub from_snapshot: bool,
    /// A snapshot existed but could not be used (stale, damaged, another version).
    pub refused: Option<Refusal>,
    /// A snapshot was written after reading the CSV files, or writing it failed (a read-only
    /// folder, say: the command still answers).
    pub written: Option<Result<PathBuf, crate::save::SaveError>>,
}

/// Loads a dataset's graph: from its snapshot when one matches the CSV files, otherwise from
/// the CSV files (then writes the snapshot, as `mode` says). The built-in dataset never has
/// one.
pub fn load(source: &crate::load::Source, mode: Mode) -> Result<Loaded, crate::load::LoadError> {
    let crate::load::Source::Dir(dir) = source else {
        return from_csv(source, None, None);
    };
    let mut refused = None;
    if mode != Mode::Off {
        match read(dir) {
            Ok(graph) => {
                return Ok(Loaded {
                    graph,
                    from_snapshot: true,
                    refused: None,
                    written: None,
                })
            }
            Err(Refusal::Missing) => {}
            Err(r) => refused = Some(r),
        }
    }
    // Stamp before reading, so that a file changed while it is read cannot be recorded as read.
    let before = match mode {
        Mode::Off => None,
        _ => stamps(dir).ok(),
    };
    let mut loaded = from_csv(source, refused, None)?;
    let big = before.as_ref().is_some_and(|s| {
        mode == Mode::Always
            || s.iter()
                .filter(|x| x.len != ABSENT)
                .map(|x| x.len)
                .sum::<u64>()
                >= AUTO_MIN_BYTES
    });
    if let (true, Some(before)) = (big, before) {
        let unchanged = stamped().zip(&before).all(|(f, s)| {
            if s.len == ABSENT {
                return !dir.join(f).exists();
            }
            stat(&dir.join(f)).is_ok_and(|(len, mtime)| len == s.len && mtime == s.mtime_ns)
        });
        if unchanged {
            loaded.written = Some(write(&loaded.graph, dir, &before).map(|()| path(dir)));
        }
    }
    Ok(loaded)
}

fn from_csv(
    source: &crate::load::Source,
    refused: Option<Refusal>,
    written: Option<Result<PathBuf, crate::save::SaveError>>,
) -> Result<Loaded, crate::load::LoadError> {
    Ok(Loaded {
        graph: Graph::build(crate::load::load(source)?),
        from_snapshot: false,
        refused,
        written,
    })
}

fn decode_small(b: &[u8]) -> Result<Small, Corrupt> {
    let mut d = Dec::new(b);
    let nu = d.count(8)?;
    let mut universities = Vec::with_capacity(nu);
    for _ in 0..nu {
        let (id, short_name, name_vi, name_en, city) = (
            d.string()?,
            d.string()?,
            d.string()?,
            d.string()?,
            d.string()?,
        );
        universities.push(University {
            id,
            short_name,
            name_vi,
            name_en,
            city,
            region: *Region::ALL
                .get(d.u8()? as usize)
                .ok_or_else(|| Corrupt::new("region"))?,
            country: d.string()?,
            consortium: d.u8()? != 0,
            aliases: d.strings()?,
        });
    }
    let nf = d.count(8)?;
    let mut fields = Vec::with_capacity(nf);
    for _ in 0..nf {
        let (id, name_vi, name_en) = (d.string()?, d.string()?, d.string()?);
        let aliases = d.strings()?;
        let n = d.count(4)?;
        let mut related = Vec::with_capacity(n);
        for _ in 0..n {
            related.push(FieldIdx(d.index(nf)?));
        }
        fields.push(Field {
            id,
            name_vi,
            name_en,
            aliases,
            related,
        });
    }
    let nl = d.count(8)?;
    let mut labs = Vec::with_capacity(nl);
    for _ in 0..nl {
        let (id, name) = (d.string()?, d.string()?);
        let university = UniIdx(d.index(nu)?);
        let n = d.count(4)?;
        let mut lab_fields = Vec::with_capacity(n);
        for _ in 0..n {
            lab_fields.push(FieldIdx(d.index(nf)?));
        }
        labs.push(Lab {
            id,
            name,
            university,
            fields: lab_fields,
            equipment: d.strings()?,
            access: *Access::ALL
                .get(d.u8()? as usize)
                .ok_or_else(|| Corrupt::new("access"))?,
            capacity_hours: d.u32()?,
        });
    }
    if !d.is_empty() {
        return Err(Corrupt::new("section end"));
    }
    Ok((universities, fields, labs))
}

/// The researchers from their columns: both strings checked as UTF-8 once, each cut at its
/// recorded end, the rows built in parallel.
fn decode_researchers(src: &impl Sections, nu: usize) -> Result<Vec<Researcher>, Corrupt> {
    let ((ids, names), (id_ends, (name_ends, rows))) = rayon::join(
        || {
            rayon::join(
                || src.bytes(Sec::ResearcherIds),
                || src.bytes(Sec::ResearcherNames),
            )
        },
        || {
            rayon::join(
                || src.array::<usize>(Sec::ResearcherIdEnds),
                || {
                    rayon::join(
                        || src.array::<usize>(Sec::ResearcherNameEnds),
                        || src.array::<[u32; 5]>(Sec::ResearcherRows),
                    )
                },
            )
        },
    );
    let (ids, names) = (ids?, names?);
    let (ids, names) = rayon::join(|| utf8(&ids), || utf8(&names));
    let (ids, names) = (ids?, names?);
    let (id_ends, name_ends, rows) = (id_ends?, name_ends?, rows?);
    let nr = rows.len();
    if id_ends.len() != nr || name_ends.len() != nr {
        return Err(Corrupt::new("researcher count"));
    }
    // Short strings (up to 24 bytes: most ids and names) are kept inline, not allocated.
    let cut = |s: &str, ends: &[usize], i: usize| -> Option<compact_str::CompactString> {
        let start = if i == 0 { 0 } else { ends[i - 1] };
        s.get(start..ends[i]).map(compact_str::CompactString::new)
    };
    let out: Vec<Option<Researcher>> = (0..nr)
        .into_par_iter()
        .map(|i| {
            let [university, title_code, h_index, publications, max_teams] = rows[i];
            Some(Researcher {
                id: cut(ids, &id_ends, i)?,
                name: cut(names, &name_ends, i)?,
                university: UniIdx(university).filter_below(nu)?,
                title: title(u8::try_from(title_code).ok()?).ok()?,
                h_index,
                publications,
                max_teams,
            })
        })
        .collect();
    let ends_ok = |e: &[usize], len: usize| {
        e.last().is_none_or(|&l| l == len) && e.par_windows(2).all(|w| w[0] <= w[1])
    };
    if !ends_ok(&id_ends, ids.len()) || !ends_ok(&name_ends, names.len()) {
        return Err(Corrupt::new("researcher strings"));
    }
    out.into_iter()
        .collect::<Option<Vec<Researcher>>>()
        .ok_or_else(|| Corrupt::new("researcher"))
}

fn utf8(b: &[u8]) -> Result<&str, Corrupt> {
    std::str::from_utf8(b).map_err(|_| Corrupt("invalid UTF-8".into()))
}

/// An index checked against a count.
trait Below: Sized {
    fn filter_below(self, n: usize) -> Option<Self>;
}

impl Below for UniIdx {
    fn filter_below(self, n: usize) -> Option<Self> {
        (self.ix() < n).then_some(self)
    }
}

fn title(b: u8) -> Result<Title, Corrupt> {
    [
        Title::Other,
        Title::Master,
        Title::Doctor,
        Title::AssociateProfessor,
        Title::Professor,
    ]
    .get(b as usize)
    .copied()
    .ok_or_else(|| Corrupt::new("title"))
}

/// A snapshot whose bytes do not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corrupt(pub String);

impl Corrupt {
    fn new(what: &str) -> Corrupt {
        Corrupt(format!("bad {what}"))
    }
}

struct Enc {
    buf: Vec<u8>,
}

impl Enc {
    fn with_capacity(n: usize) -> Enc {
        Enc {
            buf: Vec::with_capacity(n),
        }
    }
    fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.bytes(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.bytes(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.bytes(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

struct Dec<'a> {
    b: &'a [u8],
}

impl<'a> Dec<'a> {
    fn new(b: &'a [u8]) -> Self {
        Dec { b }
    }
    fn is_empty(&self) -> bool {
        self.b.is_empty()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        if n > self.b.len() {
            return Err(Corrupt("truncated".into()));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, Corrupt> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, Corrupt> {
        self.array().map(u16::from_le_bytes)
    }
    fn u32(&mut self) -> Result<u32, Corrupt> {
        self.array().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, Corrupt> {
        self.array().map(u64::from_le_bytes)
    }
    /// A count of items of at least `min_size` bytes each: never more than the bytes left
    /// allow, so a damaged count cannot make a huge allocation.
    fn count(&mut self, min_size: usize) -> Result<usize, Corrupt> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size.max(1)) > self.b.len() {
            return Err(Corrupt("truncated".into()));
        }
        Ok(n)
    }
    /// An index that must be below `n`.
    fn index(&mut self, n: usize) -> Result<u32, Corrupt> {
        let i = self.u32()?;
        if (i as usize) < n {
            Ok(i)
        } else {
            Err(Corrupt("index out of range".into()))
        }
    }
    fn string(&mut self) -> Result<String, Corrupt> {
        let n = self.count(1)?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| Corrupt("invalid UTF-8".into()))
    }
    fn strings(&mut self) -> Result<Vec<String>, Corrupt> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source};

    fn tiny_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
    }

    /// Every index and table of two graphs, compared through their public views.
    fn same(a: &Graph, b: &Graph) {
        let (x, y) = (a.data(), b.data());
        assert_eq!(x.universities, y.universities);
        assert_eq!(x.fields, y.fields);
        assert_eq!(x.researchers, y.researchers);
        assert_eq!(x.expertise, y.expertise);
        assert_eq!(x.labs, y.labs);
        assert_eq!(x.coauthorships, y.coauthorships);
        assert_eq!(x.terms, y.terms);
        assert_eq!(x.term_weights, y.term_weights);
        assert_eq!(a.researchers_with_terms(), b.researchers_with_terms());
        for t in 0..x.terms.len() as u32 {
            assert_eq!(a.postings(TermIdx(t)), b.postings(TermIdx(t)));
            assert_eq!(a.term_df(TermIdx(t)), b.term_df(TermIdx(t)));
        }
        for r in x.researcher_ids() {
            assert_eq!(a.terms(r), b.terms(r));
            assert_eq!(a.coauthors(r), b.coauthors(r));
            assert_eq!(a.expertise(r), b.expertise(r));
            assert_eq!(a.last_active(r), b.last_active(r));
            assert_eq!(y.researcher_by_id(&x.researcher(r).id), Some(r));
        }
        for r in x.researcher_ids() {
            assert_eq!(a.coauthor_last_years(r), b.coauthor_last_years(r));
        }
        for f in x.field_ids() {
            assert_eq!(a.field_members(f), b.field_members(f));
        }
        for u in x.university_ids() {
            assert_eq!(a.members(u), b.members(u));
            assert_eq!(a.labs_of(u), b.labs_of(u));
            for f in x.field_ids() {
                assert_eq!(a.strength(u, f), b.strength(u, f));
            }
        }
        assert_eq!(a.latest_year(), b.latest_year());
        assert_eq!(a.universities_of(), b.universities_of());
        for r in x.researcher_ids() {
            assert_eq!(a.numbers(r), b.numbers(r));
        }
        assert_eq!(a.university_links(), b.university_links());
        assert_eq!(a.petgraph().edge_count(), b.petgraph().edge_count());
    }

    /// The tiny fixture's terms (`terms.csv`), for the copies that have one.
    const TINY_TERMS: &str = "researcher,term,weight,year\n\
        a1,Flood forecasting,0.5,2020\n\
        a1,LSTM,0.5,2020\n\
        b1,flood forecasting,1,2023\n\
        c2,Lũ quét,0.25,2024\n";

    /// A copy of the tiny fixture, with `terms.csv` when `terms`.
    fn tiny_copy(terms: bool) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for f in FILES {
            std::fs::copy(tiny_dir().join(f), tmp.path().join(f)).unwrap();
        }
        if terms {
            std::fs::write(tmp.path().join(TERMS_FILE), TINY_TERMS).unwrap();
        }
        tmp
    }

    #[test]
    fn a_decoded_payload_is_the_same_graph() {
        let g = Graph::build(load(&Source::Dir(tiny_dir())).unwrap());
        same(
            &g,
            &decode(&MemSections(encode(&g)), g.latest_year()).unwrap(),
        );
        let t = tiny_copy(true);
        let g = Graph::build(load(&Source::Dir(t.path().to_path_buf())).unwrap());
        assert_eq!(g.data().terms.len(), 3);
        assert_eq!(g.researchers_with_terms(), 3);
        same(
            &g,
            &decode(&MemSections(encode(&g)), g.latest_year()).unwrap(),
        );
        let e = Graph::build(load(&Source::Embedded).unwrap());
        same(
            &e,
            &decode(&MemSections(encode(&e)), e.latest_year()).unwrap(),
        );
    }

    /// A copy of the tiny fixture with its snapshot written.
    fn with_snapshot() -> (tempfile::TempDir, Vec<u8>) {
        let tmp = tiny_copy(true);
        let dir = tmp.path();
        let g = Graph::build(load(&Source::Dir(dir.to_path_buf())).unwrap());
        write(&g, dir, &stamps(dir).unwrap()).unwrap();
        let bytes = std::fs::read(path(dir)).unwrap();
        (tmp, bytes)
    }

    #[test]
    fn truncated_and_damaged_snapshots_are_refused_without_panic() {
        let (tmp, bytes) = with_snapshot();
        let dir = tmp.path();
        assert!(read(dir).is_ok());
        // Every fifth length and every fifth byte (with the offset varying between the two
        // loops, so both cover each section's start and end regions).
        for n in (0..bytes.len()).step_by(5) {
            std::fs::write(path(dir), &bytes[..n]).unwrap();
            assert!(
                read(dir).is_err(),
                "a snapshot cut at {n} of {} was used",
                bytes.len()
            );
        }
        // Every byte is covered by the header's hash or its section's hash.
        for i in (2..bytes.len()).step_by(5) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            std::fs::write(path(dir), &b).unwrap();
            assert!(
                read(dir).is_err(),
                "a snapshot damaged at byte {i} was used"
            );
        }
    }

    #[test]
    fn bad_indexes_in_sections_are_refused_even_with_good_hashes() {
        let g = Graph::build(load(&Source::Dir(tiny_dir())).unwrap());
        let mut sections = encode(&g);
        // A co-authorship pointing past the last researcher.
        sections[Sec::Coauthorships as usize][4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&MemSections(sections), g.latest_year()).is_err());
        let mut sections = encode(&g);
        sections[Sec::CoauthorOffsets as usize].truncate(8);
        assert!(decode(&MemSections(sections), g.latest_year()).is_err());
    }

    #[test]
    fn a_snapshot_is_used_only_while_the_csv_files_are_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        for f in FILES {
            std::fs::copy(tiny_dir().join(f), tmp.path().join(f)).unwrap();
        }
        let dir = tmp.path();
        assert_eq!(read(dir).err(), Some(Refusal::Missing));
        let g = Graph::build(load(&Source::Dir(dir.to_path_buf())).unwrap());
        write(&g, dir, &stamps(dir).unwrap()).unwrap();
        same(&g, &read(dir).unwrap());
        // Same length, new content, within the racy window: the hash catches it.
        let p = dir.join("researchers.csv");
        let text = std::fs::read_to_string(&p).unwrap();
        let edited = text.replacen("professor", "professer", 1);
        assert_eq!(edited.len(), text.len());
        assert_ne!(edited, text);
        std::fs::write(&p, edited).unwrap();
        assert_eq!(
            read(dir).err(),
            Some(Refusal::Stale("researchers.csv".into()))
        );
        // A damaged snapshot is refused.
        std::fs::write(&p, text).unwrap();
        let g = Graph::build(load(&Source::Dir(dir.to_path_buf())).unwrap());
        write(&g, dir, &stamps(dir).unwrap()).unwrap();
        let mut snap = std::fs::read(path(dir)).unwrap();
        let last = snap.len() - 9;
        snap[last] ^= 1;
        std::fs::write(path(dir), &snap).unwrap();
        assert!(matches!(read(dir), Err(Refusal::Damaged(_))));
        std::fs::write(path(dir), &snap[..snap.len() / 2]).unwrap();
        assert!(matches!(read(dir), Err(Refusal::Damaged(_))));
        // A snapshot from another version is refused as such.
        let mut other = std::fs::read(path(dir)).unwrap();
        let v = version();
        let at = other
            .windows(v.len())
            .position(|w| w == v.as_bytes())
            .unwrap();
        other[at + v.len() - 2] = b'9';
        std::fs::write(path(dir), &other).unwrap();
        assert!(matches!(read(dir), Err(Refusal::OtherVersion(_))));
    }

    #[test]
    fn adding_or_removing_terms_makes_a_snapshot_stale() {
        let tmp = tiny_copy(false);
        let dir = tmp.path();
        let g = Graph::build(load(&Source::Dir(dir.to_path_buf())).unwrap());
        write(&g, dir, &stamps(dir).unwrap()).unwrap();
        same(&g, &read(dir).unwrap());
        std::fs::write(dir.join(TERMS_FILE), TINY_TERMS).unwrap();
        assert_eq!(read(dir).err(), Some(Refusal::Stale(TERMS_FILE.into())));
        let g = Graph::build(load(&Source::Dir(dir.to_path_buf())).unwrap());
        write(&g, dir, &stamps(dir).unwrap()).unwrap();
        same(&g, &read(dir).unwrap());
        std::fs::remove_file(dir.join(TERMS_FILE)).unwrap();
        assert_eq!(read(dir).err(), Some(Refusal::Stale(TERMS_FILE.into())));
    }
}
