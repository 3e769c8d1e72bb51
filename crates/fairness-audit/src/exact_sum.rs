//! Exact, order-independent sums of floating-point numbers, so that score sums merged from
//! chunks (Spark partitions, files) are bit-identical to the sum over all rows at once.
//!
//! The sum is held as a list of non-overlapping partials whose exact total is the exact sum
//! of every value added (Shewchuk's adaptive expansion, the algorithm of CPython's
//! `math.fsum`); [`ExactSum::value`] rounds that exact total once, correctly. Because the exact
//! total does not depend on the order of additions, neither does the value. Cost per added
//! value: O(number of partials), in practice 1–3 for scores in \[0, 1\].

use serde::{Deserialize, Serialize};

/// The exact sum of the values added so far.
///
/// Two sums are equal when their exact totals are (the partials themselves depend on the order
/// of additions).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExactSum {
    partials: Vec<f64>,
}

impl ExactSum {
    /// An empty sum (0).
    pub fn new() -> ExactSum {
        ExactSum::default()
    }

    /// Adds one finite value exactly.
    pub fn add(&mut self, mut x: f64) {
        let mut j = 0;
        for i in 0..self.partials.len() {
            let mut y = self.partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[j] = lo;
                j += 1;
            }
            x = hi;
        }
        self.partials.truncate(j);
        self.partials.push(x);
    }

    /// Adds another exact sum (merging two chunks): exact.
    pub fn merge(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
    }

    /// The exact sum, rounded once to the nearest `f64` (ties to even).
    pub fn value(&self) -> f64 {
        let p = &self.partials;
        let Some(mut n) = p.len().checked_sub(1) else {
            return 0.0;
        };
        let mut total = p[n];
        // Sum from the largest partial down while the sum stays exact.
        while n > 0 {
            n -= 1;
            let x = p[n];
            let old = total;
            total = old + x;
            let error = x - (total - old);
            if error != 0.0 {
                // Half-way cases: the next partial decides the rounding direction.
                if n > 0 && ((error < 0.0 && p[n - 1] < 0.0) || (error > 0.0 && p[n - 1] > 0.0)) {
                    let y = error * 2.0;
                    let x = total + y;
                    if y == x - total {
                        total = x;
                    }
                }
                return total;
            }
        }
        total
    }

    /// Whether every partial is a finite number (a sum read from a file is checked with it).
    pub fn is_finite(&self) -> bool {
        self.partials.iter().all(|p| p.is_finite())
    }
}

impl PartialEq for ExactSum {
    fn eq(&self, other: &ExactSum) -> bool {
        // a − b exactly; a nonzero total of doubles is at least 2⁻¹⁰⁷⁴ and never rounds to 0.
        let mut difference = self.clone();
        for &p in &other.partials {
            difference.add(-p);
        }
        difference.value() == 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(values: &[f64]) -> f64 {
        let mut s = ExactSum::new();
        for &v in values {
            s.add(v);
        }
        s.value()
    }

    #[test]
    fn known_sums_that_naive_addition_gets_wrong() {
        // The examples of CPython's test_math.fsum.
        assert_eq!(
            sum(&[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]),
            1e-100
        );
        assert_eq!(sum(&[0.1; 10]), 1.0);
        assert_ne!([0.1f64; 10].iter().sum::<f64>(), 1.0);
        assert_eq!(sum(&[1e-16, 1.0, 1e16]), 10000000000000002.0);
        assert_eq!(
            sum(&[2.0f64.powi(53), 1.0, 2.0f64.powi(-80)]),
            2.0f64.powi(53) + 2.0
        );
        assert_eq!(sum(&[]), 0.0);
        let (mut a, mut b) = (ExactSum::new(), ExactSum::new());
        for v in [0.1, 0.2, 0.3] {
            a.add(v);
        }
        for v in [0.3, 0.2, 0.1] {
            b.add(v);
        }
        assert_eq!(a, b);
        b.add(f64::from_bits(1)); // 2⁻¹⁰⁷⁴, the smallest double
        assert_ne!(a, b);
    }

    #[test]
    fn order_and_chunking_do_not_change_the_value() {
        let mut rng = welfare_data::rng::seeded(7);
        let values: Vec<f64> = (0..5000)
            .map(|i| rand::Rng::gen_range(&mut rng, 0.0..1.0) * if i % 7 == 0 { 1e9 } else { 1.0 })
            .collect();
        let whole = sum(&values);
        let mut reversed = values.clone();
        reversed.reverse();
        assert_eq!(sum(&reversed), whole);
        for chunk in [1, 3, 97, 1000] {
            let mut merged = ExactSum::new();
            for part in values.chunks(chunk).rev() {
                let mut s = ExactSum::new();
                for &v in part {
                    s.add(v);
                }
                merged.merge(&s);
            }
            assert_eq!(merged.value(), whole, "chunks of {chunk}");
        }
        let json = serde_json::to_string(&ExactSum {
            partials: vec![1.0, 1e-30],
        })
        .unwrap();
        let back: ExactSum = serde_json::from_str(&json).unwrap();
        assert_eq!(back.value(), 1.0 + 1e-30);
    }
}
