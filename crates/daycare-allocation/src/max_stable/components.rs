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

use super::formulation::Context;

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

/// The components, largest first (ties by smallest child index: deterministic).
pub(super) fn components(ctx: &Context) -> Vec<Component> {
    let market = ctx.market;
    let groups = market.capacity.len();
    let mut parent: Vec<usize> = (0..groups).collect();
    let pairs_of = |c: usize| {
        market.lists[c]
            .iter()
            .enumerate()
            .filter(move |&(k, _)| !ctx.forbidden[c][k])
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
