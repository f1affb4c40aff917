//! The buffer of a [`Batch`](crate::Batch)'s terms: a growable block of
//! `f64`, in huge pages where the operating system offers them.
//!
//! A batch larger than the caches is read at the speed of memory, and with
//! 4 KiB pages a good part of that goes to address translation (a TLB miss
//! every 512 values). On Linux, once the block outgrows one huge page
//! (2 MiB), it moves to an anonymous mapping advised `MADV_HUGEPAGE`
//! (`memmap2`'s safe API: no `unsafe` here), so the kernel backs it with
//! 2 MiB pages when transparent huge pages are enabled (`always` or
//! `madvise` in `/sys/kernel/mm/transparent_hugepage/enabled`). The mapping
//! grows by doubling, as a `Vec` does. Elsewhere, below that size, or when
//! the mapping fails, the values live in a plain `Vec`. The values and
//! their order are the same either way; only where they are stored
//! differs.

use std::fmt;

/// Below this many bytes the values stay in a `Vec`: a huge page is 2 MiB
/// on x86-64 and arm64 Linux, and a smaller block gains nothing from one.
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

const F64: usize = size_of::<f64>();

/// A growable block of `f64` values (see the module docs).
#[derive(Default)]
pub(crate) struct Terms {
    heap: Vec<f64>,
    /// The mapping and how many values of it are in use.
    #[cfg(target_os = "linux")]
    mapped: Option<(memmap2::MmapMut, usize)>,
}

impl Terms {
    /// The values, in the order they were added.
    pub(crate) fn as_slice(&self) -> &[f64] {
        #[cfg(target_os = "linux")]
        if let Some((map, len)) = &self.mapped {
            let all: &[f64] = pulp::bytemuck::try_cast_slice(&map[..]).unwrap_or(&[]);
            return all.get(..*len).unwrap_or(&[]);
        }
        &self.heap
    }

    /// How many values there are.
    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Appends `xs`.
    pub(crate) fn extend_from_slice(&mut self, xs: &[f64]) {
        self.extend_with(xs.len(), |dst| dst.copy_from_slice(xs));
    }

    /// Appends `len` values, written in place by `fill` (given exactly
    /// `len` places, zeros at first): no copy of them made elsewhere first.
    pub(crate) fn extend_with(&mut self, len: usize, fill: impl FnOnce(&mut [f64])) {
        let old = self.len();
        let need = old + len;
        #[cfg(target_os = "linux")]
        {
            if need * F64 >= HUGE_PAGE
                && self.reserve_mapped(need)
                && let Some((map, used)) = &mut self.mapped
            {
                let all: &mut [f64] =
                    pulp::bytemuck::try_cast_slice_mut(&mut map[..]).unwrap_or(&mut []);
                if let Some(dst) = all.get_mut(old..need) {
                    dst.fill(0.0);
                    fill(dst);
                    *used = need;
                    return;
                }
            }
        }
        self.heap.resize(need, 0.0);
        if let Some(dst) = self.heap.get_mut(old..) {
            fill(dst);
        }
    }

    /// Makes room for `need` values in a mapping advised for huge pages;
    /// `false` (with every value back in the `Vec`) when it cannot.
    #[cfg(target_os = "linux")]
    fn reserve_mapped(&mut self, need: usize) -> bool {
        let capacity = |m: &memmap2::MmapMut| m.len() / F64;
        if let Some((map, _)) = &self.mapped
            && capacity(map) >= need
        {
            return true;
        }
        let old = self.mapped.as_ref().map_or(0, |(m, _)| capacity(m));
        let bytes = need.max(2 * old).saturating_mul(F64).div_ceil(HUGE_PAGE) * HUGE_PAGE;
        let Ok(mut map) = memmap2::MmapMut::map_anon(bytes) else {
            // keep going in the heap
            if let Some((map, len)) = self.mapped.take() {
                let all: &[f64] = pulp::bytemuck::try_cast_slice(&map[..]).unwrap_or(&[]);
                self.heap = all.get(..len).unwrap_or(&[]).to_vec();
            }
            return false;
        };
        // advice only: without transparent huge pages the mapping works
        // with small pages
        let _ = map.advise(memmap2::Advice::HugePage);
        let len = self.len();
        let all: &mut [f64] = pulp::bytemuck::try_cast_slice_mut(&mut map[..]).unwrap_or(&mut []);
        match all.get_mut(..len) {
            Some(dst) => dst.copy_from_slice(self.as_slice()),
            None => return false,
        }
        self.mapped = Some((map, len));
        self.heap = Vec::new();
        true
    }

    /// Whether the values live in a mapping (tests).
    #[cfg(all(test, target_os = "linux"))]
    fn is_mapped(&self) -> bool {
        self.mapped.is_some()
    }
}

impl Clone for Terms {
    fn clone(&self) -> Terms {
        let mut copy = Terms::default();
        copy.extend_from_slice(self.as_slice());
        copy
    }
}

impl PartialEq for Terms {
    fn eq(&self, other: &Terms) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl fmt::Debug for Terms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_in_order_across_growth() {
        let mut terms = Terms::default();
        let mut plain = Vec::new();
        // 3 x 400 000 values: 9.6 MB, past the huge page threshold and
        // through two doublings of the mapping
        for step in 0..3 {
            let xs: Vec<f64> = (0..400_000)
                .map(|i| f64::from(i) * 0.5 - f64::from(step))
                .collect();
            terms.extend_from_slice(&xs);
            plain.extend_from_slice(&xs);
            assert_eq!(terms.as_slice(), &plain[..]);
            assert_eq!(terms.len(), plain.len());
        }
        #[cfg(target_os = "linux")]
        assert!(terms.is_mapped());
        let copy = terms.clone();
        assert_eq!(copy, terms);
        assert_eq!(copy.as_slice(), &plain[..]);
        assert_eq!(format!("{copy:?}").len(), format!("{plain:?}").len());
    }

    #[test]
    fn values_written_in_place_are_appended() {
        let mut terms = Terms::default();
        let mut plain = Vec::new();
        // in the heap, then past the huge page threshold
        for (step, len) in [(0, 3), (1, 0), (2, 300_000), (3, 5)] {
            let value = |i: usize| (i * 7 + step) as f64;
            terms.extend_with(len, |dst| {
                assert_eq!(dst.len(), len);
                assert!(dst.iter().all(|&x| x == 0.0));
                for (i, d) in dst.iter_mut().enumerate() {
                    *d = value(i);
                }
            });
            plain.extend((0..len).map(value));
            assert_eq!(terms.as_slice(), &plain[..]);
        }
        #[cfg(target_os = "linux")]
        assert!(terms.is_mapped());
    }

    #[test]
    fn small_blocks_stay_in_the_heap() {
        let mut terms = Terms::default();
        terms.extend_from_slice(&[1.0, -2.5, f64::NEG_INFINITY]);
        terms.extend_from_slice(&[]);
        assert_eq!(terms.as_slice(), &[1.0, -2.5, f64::NEG_INFINITY]);
        #[cfg(target_os = "linux")]
        assert!(!terms.is_mapped());
        assert_eq!(
            format!("{terms:?}"),
            format!("{:?}", [1.0, -2.5, f64::NEG_INFINITY])
        );
        assert_ne!(terms, Terms::default());
    }
}
