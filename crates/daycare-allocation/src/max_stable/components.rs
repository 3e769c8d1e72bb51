//! Independent parts of the `max-stable` model under hard stability without constraints.
//!
//! Every row of the model (one seat per child, capacity, class counts, stability) involves the
//! pair variables of one child, or the pair variables and class counts of one seat group, and a
//! stability row those of one child and one seat group it lists. So the model falls apart into
//! the connected components of the bipartite graph "child — seat group" over the pairs that
//! keep a variable, and the lexicographic objective (most placed, then smallest total rank) is
//! optimal for the whole exactly when it is optimal on every component: a component below its
//! own maximum placed lowers the total, and with each at its maximum the total rank is the sum.
//!
//! Union-find over seat groups: linear in the pairs (inverse Ackermann aside).

use crate::assignment::Assignment;
use crate::domain::Market;

/// One component: its children (those with at least one pair variable) and its seat groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Component {
    pub(super) children: Vec<usize>,
    pub(super) groups: Vec<usize>,
    /// Pair variables in the component.
    pub(super) pairs: usize,
}

impl Component {
    /// Everything as one part (with constraints, or soft stability).
    pub(super) fn whole(market: &Market) -> Component {
        Component {
            children: (0..market.children()).collect(),
            groups: (0..market.capacity.len()).collect(),
            pairs: market.lists.total(),
        }
    }

    pub(super) fn child_mask(&self, children: usize) -> Vec<bool> {
        let mut m = vec![false; children];
        for &c in &self.children {
            m[c] = true;
        }
        m
    }

    pub(super) fn group_mask(&self, groups: usize) -> Vec<bool> {
        let mut m = vec![false; groups];
        for &g in &self.groups {
            m[g] = true;
        }
        m
    }

    /// Children of the part placed in `a`.
    pub(super) fn placed(&self, a: &Assignment) -> usize {
        self.children
            .iter()
            .filter(|&&c| a.choice[c].is_some())
            .count()
    }

    /// Total rank of the part's children in `a`.
    pub(super) fn total_rank(&self, a: &Assignment) -> usize {
        self.children
            .iter()
            .filter_map(|&c| a.choice[c].map(|k| k + 1))
            .sum()
    }

    /// Copies the part's children's choices from `from` into `into`.
    pub(super) fn copy(&self, from: &Assignment, into: &mut Assignment) {
        for &c in &self.children {
            into.choice[c] = from.choice[c];
        }
    }
}

fn find(parent: &mut [usize], mut g: usize) -> usize {
    while parent[g] != g {
        parent[g] = parent[parent[g]];
        g = parent[g];
    }
    g
}

/// The components of the pairs that keep a variable (`forbidden[c][k]` false), largest first
/// (ties by smallest child index: deterministic).
pub(super) fn components(market: &Market, forbidden: &[Vec<bool>]) -> Vec<Component> {
    let groups = market.capacity.len();
    let mut parent: Vec<usize> = (0..groups).collect();
    let pairs_of = |c: usize| {
        market.lists[c]
            .iter()
            .enumerate()
            .filter(move |&(k, _)| !forbidden[c][k])
            .map(|(_, &(g, _))| g)
    };
    for c in 0..market.children() {
        let mut first = None;
        for g in pairs_of(c) {
            match first {
                None => first = Some(g),
                Some(f) => {
                    let (a, b) = (find(&mut parent, f), find(&mut parent, g));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
    }
    let mut index = vec![usize::MAX; groups];
    let mut out: Vec<Component> = Vec::new();
    let mut slot = |parent: &mut [usize], g: usize, out: &mut Vec<Component>| {
        let r = find(parent, g);
        if index[r] == usize::MAX {
            index[r] = out.len();
            out.push(Component::default());
        }
        index[r]
    };
    for c in 0..market.children() {
        let mut n = 0;
        let mut at = None;
        for g in pairs_of(c) {
            at = Some(g);
            n += 1;
        }
        if let Some(g) = at {
            let i = slot(&mut parent, g, &mut out);
            out[i].children.push(c);
            out[i].pairs += n;
        }
    }
    for g in 0..groups {
        let listed = index[find(&mut parent, g)];
        if listed != usize::MAX {
            out[listed].groups.push(g);
        }
    }
    out.sort_by(|a, b| {
        b.pairs
            .cmp(&a.pairs)
            .then_with(|| a.children.first().cmp(&b.children.first()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GeneratorSpec, generate};

    /// Every pair with a variable lies inside one component (its child and its seat group
    /// together), no child or seat group is in two, and a forbidden pair does not join parts.
    #[test]
    fn components_partition_the_pairs() {
        let instance = generate(&GeneratorSpec {
            children: 400,
            daycares: 15,
            seed: 3,
            two_child_families: crate::generate::TWO_CHILD_FAMILIES,
        })
        .unwrap();
        let market = Market::new(&instance);
        let n = market.children();
        let groups = market.capacity.len();
        // forbid every third pair: the graph gets sparser, parts must follow it
        let forbidden: Vec<Vec<bool>> = market
            .lists
            .iter()
            .enumerate()
            .map(|(c, l)| (0..l.len()).map(|k| (c + k) % 3 == 0).collect())
            .collect();
        let parts = components(&market, &forbidden);
        assert!(parts.len() >= 2, "two age groups at least");
        let mut child_part = vec![usize::MAX; n];
        let mut group_part = vec![usize::MAX; groups];
        for (i, p) in parts.iter().enumerate() {
            for &c in &p.children {
                assert_eq!(child_part[c], usize::MAX, "child {c} in two parts");
                child_part[c] = i;
            }
            for &g in &p.groups {
                assert_eq!(group_part[g], usize::MAX, "seat group {g} in two parts");
                group_part[g] = i;
            }
        }
        let mut pairs = vec![0; parts.len()];
        for c in 0..n {
            let mut any = false;
            for (k, &(g, _)) in market.lists[c].iter().enumerate() {
                if !forbidden[c][k] {
                    any = true;
                    assert_eq!(group_part[g], child_part[c], "pair ({c}, {g}) split");
                    pairs[child_part[c]] += 1;
                }
            }
            assert_eq!(any, child_part[c] != usize::MAX, "child {c}");
        }
        for (p, &count) in parts.iter().zip(&pairs) {
            assert_eq!(p.pairs, count);
        }
        assert!(parts.windows(2).all(|w| w[0].pairs >= w[1].pairs));
    }
}
