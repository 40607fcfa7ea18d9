//! Splitting work across the machine's cores: contiguous ranges of roughly equal weight,
//! run on scoped threads. Small inputs stay on the calling thread.

use std::ops::Range;

/// Below this much total weight (touches or occurrences), threads cost more than they save.
pub(crate) const SERIAL_BELOW: usize = 20_000;

/// How many parts to split `total` weight into: one per core (at most 4), or 1 when small.
pub(crate) fn parts(total: usize) -> usize {
    if total < SERIAL_BELOW {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}

/// Split `0..weights.len()` into at most `parts` contiguous ranges of similar total weight.
pub(crate) fn split(weights: &[usize], parts: usize) -> Vec<Range<usize>> {
    let total: usize = weights.iter().sum();
    let parts = parts.max(1);
    let mut out = Vec::with_capacity(parts);
    let (mut start, mut acc) = (0, 0);
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if out.len() + 1 < parts && acc * parts >= total * (out.len() + 1) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out.push(start..weights.len());
    out
}

/// Split a mutable slice along `ranges` (contiguous, in order, covering it).
pub(crate) fn split_mut<'a, T>(
    mut slice: &'a mut [T],
    ranges: &[Range<usize>],
) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(ranges.len());
    for r in ranges {
        let (head, tail) = slice.split_at_mut(r.len());
        out.push(head);
        slice = tail;
    }
    out
}

/// Run `work` over ranges of `0..weights.len()` split by weight (on threads when large)
/// and concatenate the results in range order.
pub(crate) fn collect<T: Send>(
    weights: &[usize],
    work: impl Fn(Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    let ranges = split(weights, parts(weights.iter().sum()));
    if ranges.len() == 1 {
        return work(ranges[0].clone());
    }
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|r| {
                let r = r.clone();
                s.spawn(move || work(r))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_covers_everything_in_balanced_ranges() {
        let w = [5, 1, 1, 1, 1, 1, 5, 5];
        let r = split(&w, 2);
        assert_eq!(r, vec![0..6, 6..8]);
        let r = split(&w, 3);
        assert_eq!(r.first().unwrap().start, 0);
        assert_eq!(r.last().unwrap().end, 8);
        assert!(r.windows(2).all(|p| p[0].end == p[1].start));
        assert_eq!(split(&[], 2), vec![0..0]);
        assert_eq!(split(&w, 1), vec![0..8]);
    }

    #[test]
    fn collect_keeps_range_order_on_threads() {
        let weights = vec![1000; 100];
        let out = collect(&weights, |r| r.collect::<Vec<usize>>());
        assert_eq!(out, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn split_mut_follows_the_ranges() {
        let mut v = [1, 2, 3, 4, 5];
        let parts = split_mut(&mut v, &[0..2, 2..5]);
        assert_eq!(parts[0], &[1, 2]);
        assert_eq!(parts[1], &[3, 4, 5]);
    }
}
