//! The snapshot: a binary copy of a loaded, validated dataset and its graph indexes, kept
//! beside the CSV files (`DIR/.hoptac-snapshot`) so that the next command on the same data
//! starts answering without parsing and checking the CSV again.
//!
//! CSV stays the format users edit; the snapshot is a cache. It is used only when it matches
//! the CSV files' content, and is rebuilt otherwise:
//!
//! - **Key.** For each of the six CSV files the snapshot records its length, modification time
//!   and an XXH3 hash of its bytes. A file whose length and modification time are unchanged,
//!   and older than the snapshot by more than [`RACY_NS`] (so an edit in the same second cannot
//!   hide, as git does with its index), is taken as unchanged; any other file is hashed again
//!   and must have the recorded hash.
//! - **Integrity.** The payload is followed by its XXH3 hash, checked before anything is
//!   decoded; every length read is checked against what is left, so a truncated or damaged
//!   file is refused, never trusted (and never a panic).
//! - **Version.** The header holds a format number and the hoptac version that wrote it; a
//!   snapshot from another version is refused.
//! - **Writes** are atomic (temporary file, then rename): a crash leaves the old snapshot or
//!   none, never half of one.
//!
//! Layout (little-endian): `MAGIC`, format `u32`, version string, creation time `u64` (ns since
//! the Unix epoch), the six file stamps, payload length `u64`, payload, payload hash `u64`.
//! The payload holds the dataset's tables and the graph's CSR arrays in a fixed order
//! ([`encode`]); strings are a `u32` length and UTF-8 bytes.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::xxh3_64;

use super::{CoauthorLink, Csr, Graph, Strength};
use crate::load::FILES;
use crate::model::*;

/// The snapshot's file name inside a dataset folder.
pub const FILE: &str = ".hoptac-snapshot";
const MAGIC: &[u8; 8] = b"HOPTACSN";
/// Bumped whenever the layout changes.
const FORMAT: u32 = 1;
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

/// The stamps of a folder's CSV files: their metadata and a hash of their bytes.
pub fn stamps(dir: &Path) -> io::Result<Vec<Stamp>> {
    FILES
        .iter()
        .map(|f| {
            let p = dir.join(f);
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

fn version() -> String {
    format!("hoptac {} (format {FORMAT})", env!("CARGO_PKG_VERSION"))
}

/// Writes the snapshot of `g` into `dir`, with the given stamps of its CSV files.
pub fn write(g: &Graph, dir: &Path, stamps: &[Stamp]) -> Result<(), crate::save::SaveError> {
    let payload = encode(g);
    let mut out = Enc::with_capacity(payload.len() + 512);
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
    out.u64(payload.len() as u64);
    out.bytes(&payload);
    out.u64(xxh3_64(&payload));
    crate::save::write_file_atomic(&path(dir), &out.buf)
}

/// Reads the snapshot of `dir` if it matches the CSV files; otherwise says why not.
pub fn read(dir: &Path) -> Result<Graph, Refusal> {
    let bytes = match std::fs::read(path(dir)) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::Missing),
        Err(e) => return Err(Refusal::Unreadable(e.to_string())),
    };
    let mut d = Dec::new(&bytes);
    let damaged = |e: Corrupt| Refusal::Damaged(e.0);
    if d.take(MAGIC.len()).map_err(damaged)? != MAGIC {
        return Err(Refusal::Damaged("not a hoptac snapshot".into()));
    }
    let format = d.u32().map_err(damaged)?;
    let written_by = d.string().map_err(damaged)?;
    if format != FORMAT || written_by != version() {
        return Err(Refusal::OtherVersion(written_by));
    }
    let created = d.u64().map_err(damaged)?;
    let n = d.u32().map_err(damaged)? as usize;
    let mut recorded = Vec::new();
    for _ in 0..n.min(FILES.len() + 1) {
        recorded.push(Stamp {
            file: d.string().map_err(damaged)?,
            len: d.u64().map_err(damaged)?,
            mtime_ns: d.u64().map_err(damaged)?,
            hash: d.u64().map_err(damaged)?,
        });
    }
    check_stamps(dir, &recorded, created)?;
    let len = d.u64().map_err(damaged)? as usize;
    let payload = d.take(len).map_err(damaged)?;
    let hash = d.u64().map_err(damaged)?;
    if xxh3_64(payload) != hash {
        return Err(Refusal::Damaged("checksum mismatch".into()));
    }
    if !d.is_empty() {
        return Err(Refusal::Damaged("bytes after the end".into()));
    }
    decode(payload).map_err(damaged)
}

/// Whether the CSV files are still those the snapshot was built from.
fn check_stamps(dir: &Path, recorded: &[Stamp], created: u64) -> Result<(), Refusal> {
    if recorded.len() != FILES.len() || recorded.iter().zip(FILES).any(|(s, f)| s.file != f) {
        return Err(Refusal::Damaged("unexpected file list".into()));
    }
    for s in recorded {
        let p = dir.join(&s.file);
        let stale = || Refusal::Stale(s.file.clone());
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
        mode == Mode::Always || s.iter().map(|x| x.len).sum::<u64>() >= AUTO_MIN_BYTES
    });
    if let (true, Some(before)) = (big, before) {
        let unchanged = FILES.iter().zip(&before).all(|(f, s)| {
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

/// The payload: the dataset, then the graph's indexes.
pub fn encode(g: &Graph) -> Vec<u8> {
    let d = &g.data;
    let mut e = Enc::with_capacity(
        64 * d.researchers.len() + 16 * d.coauthorships.len() + 8 * g.coauthors.len(),
    );
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
    e.u32(d.researchers.len() as u32);
    for r in &d.researchers {
        e.str(&r.id);
        e.str(&r.name);
        e.u32(r.university.0);
        e.u8(r.title as u8);
        e.u32(r.h_index);
        e.u32(r.publications);
        e.u32(r.max_teams);
    }
    e.u32(d.expertise.len() as u32);
    for x in &d.expertise {
        e.u32(x.researcher.0);
        e.u32(x.field.0);
        e.f32(x.level);
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
    e.u32(d.coauthorships.len() as u32);
    for c in &d.coauthorships {
        e.u32(c.a.0);
        e.u32(c.b.0);
        e.u32(c.papers);
        e.u16(c.first_year);
        e.u16(c.last_year);
    }
    e.offsets(&g.coauthors.offsets);
    for l in &g.coauthors.items {
        e.u32(l.other.0);
        e.u32(l.index);
    }
    e.offsets(&g.expertise.offsets);
    for (f, level) in &g.expertise.items {
        e.u32(f.0);
        e.f32(*level);
    }
    e.offsets(&g.field_members.offsets);
    for (r, level) in &g.field_members.items {
        e.u32(r.0);
        e.f32(*level);
    }
    e.offsets(&g.uni_members.offsets);
    for r in &g.uni_members.items {
        e.u32(r.0);
    }
    e.offsets(&g.uni_labs.offsets);
    for l in &g.uni_labs.items {
        e.u32(l.0);
    }
    for s in &g.strength {
        e.u32(s.researchers);
        e.f64(s.level_sum);
        e.f64(s.impact);
        e.f64(s.activity_index);
    }
    e.u16(g.latest_year);
    for y in &g.last_active {
        e.u16(*y);
    }
    e.buf
}

/// The inverse of [`encode`]; every index is checked to be in range, so a decoded graph keeps
/// the [`Dataset`] invariants that the rest of the code relies on.
pub fn decode(bytes: &[u8]) -> Result<Graph, Corrupt> {
    let mut d = Dec::new(bytes);
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
    let nr = d.count(8)?;
    let mut researchers = Vec::with_capacity(nr);
    for _ in 0..nr {
        researchers.push(Researcher {
            id: d.string()?,
            name: d.string()?,
            university: UniIdx(d.index(nu)?),
            title: title(d.u8()?)?,
            h_index: d.u32()?,
            publications: d.u32()?,
            max_teams: d.u32()?,
        });
    }
    let ne = d.count(12)?;
    let mut expertise = Vec::with_capacity(ne);
    for _ in 0..ne {
        expertise.push(Expertise {
            researcher: ResearcherIdx(d.index(nr)?),
            field: FieldIdx(d.index(nf)?),
            level: d.f32()?,
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
    let nc = d.count(16)?;
    let mut coauthorships = Vec::with_capacity(nc);
    for _ in 0..nc {
        coauthorships.push(Coauthorship {
            a: ResearcherIdx(d.index(nr)?),
            b: ResearcherIdx(d.index(nr)?),
            papers: d.u32()?,
            first_year: d.u16()?,
            last_year: d.u16()?,
        });
    }
    let coauthors = d.csr(nr, 8, |d| {
        Ok(CoauthorLink {
            other: ResearcherIdx(d.index(nr)?),
            index: d.index(nc)?,
        })
    })?;
    let expertise_csr = d.csr(nr, 8, |d| Ok((FieldIdx(d.index(nf)?), d.f32()?)))?;
    let field_members = d.csr(nf, 8, |d| Ok((ResearcherIdx(d.index(nr)?), d.f32()?)))?;
    let uni_members = d.csr(nu, 4, |d| Ok(ResearcherIdx(d.index(nr)?)))?;
    let uni_labs = d.csr(nu, 4, |d| Ok(LabIdx(d.index(nl)?)))?;
    let mut strength = Vec::with_capacity(nu * nf);
    for _ in 0..nu * nf {
        strength.push(Strength {
            researchers: d.u32()?,
            level_sum: d.f64()?,
            impact: d.f64()?,
            activity_index: d.f64()?,
        });
    }
    let latest_year = d.u16()?;
    let mut last_active = Vec::with_capacity(nr);
    for _ in 0..nr {
        last_active.push(d.u16()?);
    }
    if !d.is_empty() {
        return Err(Corrupt::new("bytes after the graph"));
    }
    let mut data = Dataset {
        universities,
        fields,
        researchers,
        expertise,
        labs,
        coauthorships,
        ..Dataset::default()
    };
    data.reindex();
    Ok(Graph {
        data,
        petgraph: std::sync::OnceLock::new(),
        coauthors,
        expertise: expertise_csr,
        field_members,
        uni_members,
        uni_labs,
        strength,
        latest_year,
        last_active,
    })
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
    fn offsets(&mut self, o: &[usize]) {
        self.u32(o.len() as u32);
        for x in o {
            self.u64(*x as u64);
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
    fn f32(&mut self) -> Result<f32, Corrupt> {
        self.array().map(f32::from_le_bytes)
    }
    fn f64(&mut self) -> Result<f64, Corrupt> {
        self.array().map(f64::from_le_bytes)
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
    /// CSR arrays with `rows` rows: offsets that start at 0, never decrease and end at the
    /// item count; items of `size` bytes each.
    fn csr<T>(
        &mut self,
        rows: usize,
        size: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, Corrupt>,
    ) -> Result<Csr<T>, Corrupt> {
        let n = self.count(8)?;
        if n != rows + 1 {
            return Err(Corrupt("offsets of the wrong length".into()));
        }
        let mut offsets = Vec::with_capacity(n);
        for _ in 0..n {
            offsets.push(self.u64()? as usize);
        }
        let total = *offsets.last().unwrap_or(&0);
        if offsets.first() != Some(&0)
            || offsets.windows(2).any(|w| w[0] > w[1])
            || total.saturating_mul(size) > self.b.len()
        {
            return Err(Corrupt("bad offsets".into()));
        }
        let mut items = Vec::with_capacity(total);
        for _ in 0..total {
            items.push(item(self)?);
        }
        Ok(Csr { offsets, items })
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
        for r in x.researcher_ids() {
            assert_eq!(a.coauthors(r), b.coauthors(r));
            assert_eq!(a.expertise(r), b.expertise(r));
            assert_eq!(a.last_active(r), b.last_active(r));
            assert_eq!(y.researcher_by_id(&x.researcher(r).id), Some(r));
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
        assert_eq!(a.petgraph().edge_count(), b.petgraph().edge_count());
    }

    #[test]
    fn a_decoded_payload_is_the_same_graph() {
        let g = Graph::build(load(&Source::Dir(tiny_dir())).unwrap());
        same(&g, &decode(&encode(&g)).unwrap());
        let e = Graph::build(load(&Source::Embedded).unwrap());
        same(&e, &decode(&encode(&e)).unwrap());
    }

    #[test]
    fn every_truncation_and_many_bit_flips_are_refused_without_panic() {
        let g = Graph::build(load(&Source::Dir(tiny_dir())).unwrap());
        let bytes = encode(&g);
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "a payload cut at {n} decoded");
        }
        // A flipped bit either fails to decode or decodes into a graph whose indexes are all
        // in range (the decoder checks every one); it never panics.
        for i in (0..bytes.len()).step_by(7) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let _ = decode(&b);
        }
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
    }
}
