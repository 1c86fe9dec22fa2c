//! The loader's table of researcher ids: id → dense index for the millions of references in
//! `expertise.csv`, `coauthorships.csv` and `terms.csv`.
//!
//! A flat open-addressing table instead of a hash map keyed by boxed strings: one 32-byte
//! slot per position (half a cache line) holding the id's bytes when it has at most
//! [`INLINE`] of them (every generated id and most real ones), its value and its entry
//! number, so that a lookup hashes the id once (XXH3) and reads one cache line in the common
//! case, with no pointer to follow. Longer ids are compared in an arena that also keeps every
//! id in registration order. At 1,000,000 ids the slots take 64 MB, for the load only.

use xxhash_rust::xxh3::xxh3_64;

/// The longest id kept in its slot.
const INLINE: usize = 20;

/// `Slot::len` of an id kept in the arena only (longer than [`INLINE`]).
const LONG: u32 = u32::MAX;

#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// The id's bytes, zero-padded, when it is short; else the first 8 bytes are its hash.
    key: [u8; INLINE],
    /// 0: empty; `n + 1`: a short id of `n` bytes; [`LONG`]: a long one.
    len: u32,
    value: u32,
    /// The id's rank in registration order.
    entry: u32,
}

/// Ids → values (`u32`), each id registered once.
#[derive(Default)]
pub(crate) struct IdTable {
    slots: Vec<Slot>,
    /// Entry `e`'s id is `arena[starts[e]..starts[e + 1]]`.
    starts: Vec<usize>,
    arena: String,
    len: usize,
}

/// The hash the table files an id under (computed where the id is read, often in parallel).
pub(crate) fn hash(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

/// What a slot must hold for `id` (hash `h`): its key and length.
fn probe_key(id: &str, h: u64) -> ([u8; INLINE], u32) {
    let mut key = [0u8; INLINE];
    if id.len() <= INLINE {
        key[..id.len()].copy_from_slice(id.as_bytes());
        (key, id.len() as u32 + 1)
    } else {
        key[..8].copy_from_slice(&h.to_le_bytes());
        (key, LONG)
    }
}

impl IdTable {
    /// A table sized for `n` ids (it grows past that when needed).
    pub fn with_capacity(n: usize) -> IdTable {
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0);
        IdTable {
            slots: vec![Slot::default(); slots_for(n)],
            starts,
            arena: String::new(),
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The ids, in registration order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.starts.windows(2).map(|w| &self.arena[w[0]..w[1]])
    }

    fn id(&self, entry: usize) -> &str {
        &self.arena[self.starts[entry]..self.starts[entry + 1]]
    }

    /// The value of `id`, whose [`hash`] is `h`.
    pub fn get_hashed(&self, id: &str, h: u64) -> Option<u32> {
        self.find(id, h).map(|s| self.slots[s].value)
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        self.get_hashed(id, hash(id))
    }

    /// Reads the slots where lookups of ids with these hashes start (see `table::Warm`), one
    /// after the other with nothing in between, so the reads overlap: lookups that follow soon
    /// find them in the cache.
    pub fn touch(&self, hashes: &[u64]) -> u64 {
        let mask = self.slots.len().wrapping_sub(1);
        hashes.iter().fold(0, |acc, &h| {
            acc ^ self
                .slots
                .get(h as usize & mask)
                .map_or(0, |s| s.len as u64)
        })
    }

    /// The entry number of `id` (its rank in registration order), if registered.
    pub fn get_entry(&self, id: &str, h: u64) -> Option<usize> {
        self.find(id, h).map(|s| self.slots[s].entry as usize)
    }

    /// The slot holding `id`, if any.
    fn find(&self, id: &str, h: u64) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let (key, len) = probe_key(id, h);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return None;
            }
            if s.len == len && s.key == key && (len != LONG || self.id(s.entry as usize) == id) {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Registers `id` with `value`, or returns the value it already has. `h` is `hash(id)`
    /// (the table files ids again by their hash when it grows).
    pub fn insert_hashed(&mut self, id: &str, h: u64, value: u32) -> Result<(), u32> {
        if let Some(s) = self.find(id, h) {
            return Err(self.slots[s].value);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let entry = self.len as u32;
        self.arena.push_str(id);
        self.starts.push(self.arena.len());
        self.len += 1;
        let (key, len) = probe_key(id, h);
        let slot = Slot {
            key,
            len,
            value,
            entry,
        };
        put(&mut self.slots, h, slot);
        Ok(())
    }

    /// Doubles the slots and files every entry again.
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![Slot::default(); slots_for(self.len + 1).max(old.len() * 2)];
        for s in old.iter().filter(|s| s.len != 0) {
            let e = s.entry as usize;
            put(
                &mut self.slots,
                hash(&self.arena[self.starts[e]..self.starts[e + 1]]),
                *s,
            );
        }
    }
}

/// Files `slot` (of an id with hash `h`) in the first free slot from its home.
fn put(slots: &mut [Slot], h: u64, slot: Slot) {
    let mask = slots.len() - 1;
    let mut i = h as usize & mask;
    while slots[i].len != 0 {
        i = (i + 1) & mask;
    }
    slots[i] = slot;
}

/// A power of two at least twice `n` (a load of one half at most keeps probes short).
fn slots_for(n: usize) -> usize {
    (n.max(4) * 2).next_power_of_two()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_registered_and_nothing_else() {
        let mut t = IdTable::with_capacity(2);
        // Grows from 4 slots to several thousand while ids are added.
        for i in 0..5000u32 {
            assert_eq!(
                t.insert_hashed(&format!("r-{i}"), hash(&format!("r-{i}")), i * 3),
                Ok(())
            );
        }
        assert_eq!(t.len(), 5000);
        for i in 0..5000u32 {
            assert_eq!(t.get(&format!("r-{i}")), Some(i * 3));
        }
        assert_eq!(t.get("r-5000"), None);
        assert_eq!(t.get(""), None);
        assert_eq!(t.get("r-01"), None);
        // A second registration keeps the first value.
        assert_eq!(t.insert_hashed("r-7", hash("r-7"), 1), Err(21));
        assert_eq!(t.get("r-7"), Some(21));
        let ids: Vec<&str> = t.ids().take(3).collect();
        assert_eq!(ids, ["r-0", "r-1", "r-2"]);
    }

    #[test]
    fn ids_with_the_same_hash_half_are_told_apart_by_their_bytes() {
        // Forced collisions: the same hash for every id, so each lookup probes past others;
        // short ids are compared in their slots, long ones (over 20 bytes) in the arena.
        let long = ["0000-0002-1825-0097-x1", "0000-0002-1825-0097-x2"];
        let ids = ["a", "b", "ab", "ba", "hà-nội", long[0], long[1]];
        let mut t = IdTable::with_capacity(8);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(t.insert_hashed(id, 42, i as u32), Ok(()));
        }
        assert_eq!(t.get_hashed("ab", 42), Some(2));
        assert_eq!(t.get_hashed("hà-nội", 42), Some(4));
        assert_eq!(t.get_hashed("ha-noi", 42), None);
        assert_eq!(t.get_hashed(long[1], 42), Some(6));
        assert_eq!(t.get_entry(long[0], 42), Some(5));
        assert_eq!(t.get_hashed("0000-0002-1825-0097-x3", 42), None);
        // An id of exactly 20 bytes stays in its slot; one of 21 goes to the arena.
        let mut t = IdTable::with_capacity(1);
        let (a20, a21) = ("x".repeat(20), "x".repeat(21));
        assert_eq!(t.insert_hashed(&a20, hash(&a20), 1), Ok(()));
        assert_eq!(t.insert_hashed(&a21, hash(&a21), 2), Ok(()));
        assert_eq!(
            (t.get(&a20), t.get(&a21), t.get(&"x".repeat(19))),
            (Some(1), Some(2), None)
        );
    }
}
