//! Dictionary-encoded text columns (group attributes).

use rustc_hash::FxHashMap as HashMap;

/// A dictionary-encoded text column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categorical {
    /// The column's name.
    pub name: String,
    /// Distinct values, sorted.
    pub levels: Vec<String>,
    /// Per row, the index into `levels`.
    pub codes: Vec<u32>,
}

impl Categorical {
    /// Encodes values; levels are sorted.
    pub fn encode<S: AsRef<str>>(name: &str, values: &[S]) -> Categorical {
        let mut builder = CategoricalBuilder::default();
        for v in values {
            builder.push(v.as_ref());
        }
        builder.finish(name)
    }
    /// The value of row `i`.
    pub fn value(&self, i: usize) -> &str {
        &self.levels[self.codes[i] as usize]
    }
}

/// Collects codes in order of first appearance, then sorts the levels once. A string is
/// allocated per distinct value, not per row.
#[derive(Default)]
pub(crate) struct CategoricalBuilder {
    pub(crate) index: HashMap<String, u32>,
    pub(crate) levels: Vec<String>,
    pub(crate) codes: Vec<u32>,
}

impl CategoricalBuilder {
    pub(crate) fn push(&mut self, value: &str) {
        // rows of one id often come together (preferences per child): the last code first
        if let Some(&last) = self.codes.last()
            && self.levels[last as usize] == value
        {
            self.codes.push(last);
            return;
        }
        // group columns have few levels: comparing with each is faster than hashing
        if self.levels.len() <= 8 {
            let v = value.as_bytes();
            let same = |l: &String| {
                let l = l.as_bytes();
                // short values: an inline comparison is cheaper than a call to memcmp
                l.len() == v.len() && l.iter().zip(v).all(|(a, b)| a == b)
            };
            if let Some(c) = self.levels.iter().position(same) {
                self.codes.push(c as u32);
                return;
            }
        }
        let code = match self.index.get(value) {
            Some(&c) => c,
            None => {
                let c = self.levels.len() as u32;
                self.levels.push(value.to_owned());
                self.index.insert(value.to_owned(), c);
                c
            }
        };
        self.codes.push(code);
    }

    pub(crate) fn finish(mut self, name: &str) -> Categorical {
        let mut order: Vec<usize> = (0..self.levels.len()).collect();
        order.sort_unstable_by(|&a, &b| self.levels[a].cmp(&self.levels[b]));
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        for c in &mut self.codes {
            *c = remap[*c as usize];
        }
        let mut levels: Vec<Option<String>> = self.levels.into_iter().map(Some).collect();
        Categorical {
            name: name.to_owned(),
            levels: order
                .iter()
                .map(|&k| levels[k].take().expect("each level once"))
                .collect(),
            codes: self.codes,
        }
    }
}
