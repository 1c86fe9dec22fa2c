//! Arrays that are either owned or read in place from a memory-mapped file.
//!
//! [`Store`] is what the dataset's fixed-size tables (co-authorships, expertise) and the
//! graph's index arrays are made of: a `Vec` when they were built from the CSV files, a typed
//! view into the memory-mapped snapshot when they were opened from it (then never copied).
//! Both read as a slice (`Deref<Target = [T]>`); the few places that change a table call
//! [`Store::to_mut`], which copies a mapped array into a `Vec` first (copy on write). This
//! module knows nothing of the snapshot's layout: the snapshot checks each range (hash,
//! bounds) before it makes a [`Mapped`] of it.

use std::sync::Arc;

/// The storage of an array: owned, or read in place from a memory-mapped file.
pub enum Store<T: 'static> {
    Owned(Vec<T>),
    Mapped(Mapped<T>),
}

/// A typed array inside a memory map: a byte range whose length and alignment were checked
/// for `T` when it was made (by [`Mapped::new`]).
pub struct Mapped<T: 'static> {
    map: Arc<memmap2::Mmap>,
    start: usize,
    end: usize,
    view: for<'a> fn(&'a [u8]) -> &'a [T],
}

impl<T: zerocopy::FromBytes + zerocopy::Immutable + zerocopy::KnownLayout> Mapped<T> {
    /// `map[start..end]` as `[T]`, or `None` when the range is out of the map, not a whole
    /// number of `T` or misaligned.
    pub fn new(map: Arc<memmap2::Mmap>, start: usize, end: usize) -> Option<Self> {
        <[T] as zerocopy::FromBytes>::ref_from_bytes(map.get(start..end)?).ok()?;
        Some(Mapped {
            map,
            start,
            end,
            view: |b| <[T] as zerocopy::FromBytes>::ref_from_bytes(b).unwrap_or(&[]),
        })
    }
}

impl<T: Clone> Store<T> {
    /// The array as a `Vec` to change, copying it out of the map first if it is mapped.
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        if let Store::Mapped(_) = self {
            *self = Store::Owned(self.to_vec());
        }
        match self {
            Store::Owned(v) => v,
            Store::Mapped(_) => unreachable!("replaced by an owned copy above"),
        }
    }
}

impl<T> std::ops::Deref for Store<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Store::Owned(v) => v,
            Store::Mapped(m) => (m.view)(&m.map[m.start..m.end]),
        }
    }
}

impl<'a, T> IntoIterator for &'a Store<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store::Owned(Vec::new())
    }
}

impl<T: Clone> Clone for Store<T> {
    fn clone(&self) -> Self {
        match self {
            Store::Owned(v) => Store::Owned(v.clone()),
            Store::Mapped(m) => Store::Mapped(Mapped {
                map: m.map.clone(),
                start: m.start,
                end: m.end,
                view: m.view,
            }),
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for Store<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T> From<Vec<T>> for Store<T> {
    fn from(v: Vec<T>) -> Self {
        Store::Owned(v)
    }
}

impl<T> FromIterator<T> for Store<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Store::Owned(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_mut_copies_a_mapped_array_and_keeps_its_values() {
        let dir = std::env::temp_dir().join(format!("hoptac-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.bin");
        let values: Vec<u32> = vec![7, 1, 9, 4];
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(&path, &bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        #[allow(unsafe_code)]
        // SAFETY: a private temporary file nothing else writes while the test runs.
        let map = Arc::new(unsafe { memmap2::Mmap::map(&file) }.unwrap());
        assert!(
            Mapped::<u32>::new(map.clone(), 0, 6).is_none(),
            "not whole u32s"
        );
        assert!(
            Mapped::<u32>::new(map.clone(), 0, 20).is_none(),
            "past the end"
        );
        let mut s = Store::Mapped(Mapped::<u32>::new(map, 4, 16).unwrap());
        assert_eq!(&*s, &[1, 9, 4]);
        s.to_mut().push(5);
        assert!(matches!(s, Store::Owned(_)));
        assert_eq!(&*s, &[1, 9, 4, 5]);
        assert_eq!(s.iter().sum::<u32>(), 19);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
