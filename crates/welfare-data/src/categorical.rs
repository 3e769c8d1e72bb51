//! Dictionary-encoded text columns (group attributes).

use std::collections::HashMap;

/// A dictionary-encoded text column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categorical {
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

/// Collects codes in order of first appearance, then sorts the levels once.
#[derive(Default)]
pub(crate) struct CategoricalBuilder<'a> {
    pub(crate) index: HashMap<&'a str, u32>,
    pub(crate) levels: Vec<&'a str>,
    pub(crate) codes: Vec<u32>,
}

impl<'a> CategoricalBuilder<'a> {
    pub(crate) fn push(&mut self, value: &'a str) {
        let levels = &mut self.levels;
        let code = *self.index.entry(value).or_insert_with(|| {
            levels.push(value);
            (levels.len() - 1) as u32
        });
        self.codes.push(code);
    }

    pub(crate) fn finish(mut self, name: &str) -> Categorical {
        let mut order: Vec<usize> = (0..self.levels.len()).collect();
        order.sort_unstable_by_key(|&k| self.levels[k]);
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        for c in &mut self.codes {
            *c = remap[*c as usize];
        }
        Categorical {
            name: name.to_owned(),
            levels: order.iter().map(|&k| self.levels[k].to_owned()).collect(),
            codes: self.codes,
        }
    }
}
