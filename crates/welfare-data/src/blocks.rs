//! Work over the rows of a large table in blocks of consecutive rows, on all cores, with the
//! results in row order: the output never depends on the number of threads.

/// Calls `f(from, to)` for every block `from..to` of `block` consecutive rows out of `n`
/// (the last block may be shorter) and returns the results in block order. The blocks are
/// shared out in runs of neighbours over up to all cores (scoped threads); a panic in `f` is
/// passed on to the caller.
pub fn map_blocks<T, F>(n: usize, block: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize, usize) -> T + Sync,
{
    let block = block.max(1);
    let blocks: Vec<(usize, usize)> = (0..n.div_ceil(block))
        .map(|b| (b * block, ((b + 1) * block).min(n)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(blocks.len());
    if threads <= 1 {
        return blocks.iter().map(|&(a, b)| f(a, b)).collect();
    }
    let per_thread = blocks.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = blocks
            .chunks(per_thread)
            .map(|run| scope.spawn(move || run.iter().map(|&(a, b)| f(a, b)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_once_in_order() {
        for n in [0, 1, 7, 8, 9, 1000] {
            let blocks = map_blocks(n, 8, |a, b| (a, b));
            let rows: Vec<usize> = blocks.iter().flat_map(|&(a, b)| a..b).collect();
            assert_eq!(rows, (0..n).collect::<Vec<_>>(), "n = {n}");
            assert!(blocks.iter().all(|&(a, b)| b > a && b - a <= 8));
        }
        assert_eq!(map_blocks(3, 0, |a, b| b - a), vec![1, 1, 1]);
    }
}
