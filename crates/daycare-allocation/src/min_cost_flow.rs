//! The welfare optimum: as many children placed as possible, and among those allocations the
//! smallest total rank. Priorities are ignored (it is not stable).
//!
//! This is a min-cost maximum flow: source → child (capacity 1), child → seat group (capacity 1,
//! cost = rank), seat group → sink (capacity = seats). Solved exactly with the primal-dual
//! method for small integer costs: Dijkstra on reduced costs gives the length of the next
//! shortest augmenting paths, then a blocking flow (Dinic, iterative) augments along *all*
//! shortest paths of that length at once. Successive shortest paths give, for every flow value,
//! a minimum-cost flow, so the final maximum flow has the minimum total rank.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::assignment::Assignment;
use crate::domain::Market;

/// Result of the welfare optimisation.
#[derive(Debug, Clone)]
pub struct WelfareOptimum {
    /// The allocation.
    pub assignment: Assignment,
    /// Number of Dijkstra phases (distinct shortest-path lengths) needed.
    pub phases: usize,
}

/// A residual network in compressed adjacency form.
struct Network {
    start: Vec<usize>,
    to: Vec<u32>,
    rev: Vec<u32>,
    cap: Vec<u32>,
    cost: Vec<i64>,
}

impl Network {
    fn new(nodes: usize, arcs: &[(u32, u32, u32, i64)]) -> Network {
        // each arc and its reverse, grouped by tail
        let mut degree = vec![0usize; nodes + 1];
        for &(u, v, _, _) in arcs {
            degree[u as usize] += 1;
            degree[v as usize] += 1;
        }
        let mut start = vec![0usize; nodes + 1];
        for i in 0..nodes {
            start[i + 1] = start[i] + degree[i];
        }
        let m = start[nodes];
        let mut fill = start.clone();
        let (mut to, mut rev, mut cap, mut cost) =
            (vec![0u32; m], vec![0u32; m], vec![0u32; m], vec![0i64; m]);
        for &(u, v, c, w) in arcs {
            let (u, v) = (u as usize, v as usize);
            let (a, b) = (fill[u], fill[v]);
            fill[u] += 1;
            fill[v] += 1;
            to[a] = v as u32;
            cap[a] = c;
            cost[a] = w;
            rev[a] = b as u32;
            to[b] = u as u32;
            cap[b] = 0;
            cost[b] = -w;
            rev[b] = a as u32;
        }
        Network {
            start,
            to,
            rev,
            cap,
            cost,
        }
    }

    fn nodes(&self) -> usize {
        self.start.len() - 1
    }
}

/// Computes the welfare optimum exactly.
pub fn welfare_optimal(market: &Market) -> WelfareOptimum {
    let n = market.children();
    let groups = market.capacity.len();
    let source = n + groups;
    let sink = source + 1;
    let mut arcs: Vec<(u32, u32, u32, i64)> = Vec::with_capacity(n + groups + market.lists.total());
    for child in 0..n {
        arcs.push((source as u32, child as u32, 1, 0));
    }
    for (child, list) in market.lists.iter().enumerate() {
        for (k, &(g, _)) in list.iter().enumerate() {
            if market.capacity[g] > 0 {
                arcs.push((child as u32, (n + g) as u32, 1, k as i64 + 1));
            }
        }
    }
    for (g, &c) in market.capacity.iter().enumerate() {
        if c > 0 {
            arcs.push(((n + g) as u32, sink as u32, c, 0));
        }
    }
    let mut net = Network::new(sink + 1, &arcs);
    let phases = min_cost_max_flow(&mut net, source, sink);

    let mut a = Assignment::empty(n);
    for (child, list) in market.lists.iter().enumerate() {
        for e in net.start[child]..net.start[child + 1] {
            let v = net.to[e] as usize;
            // a saturated forward arc child → seat group carries the child's seat
            if v >= n && v < n + groups && net.cost[e] > 0 && net.cap[e] == 0 {
                let g = v - n;
                let k = (net.cost[e] - 1) as usize;
                debug_assert_eq!(list[k].0, g);
                a.choice[child] = Some(k);
            }
        }
    }
    WelfareOptimum {
        assignment: a,
        phases,
    }
}

/// Primal-dual min-cost max-flow with unit-ish capacities and small non-negative costs.
/// Returns the number of phases.
fn min_cost_max_flow(net: &mut Network, s: usize, t: usize) -> usize {
    let nodes = net.nodes();
    let mut potential = vec![0i64; nodes];
    let mut dist = vec![i64::MAX; nodes];
    let mut level = vec![u32::MAX; nodes];
    let mut iter = vec![0usize; nodes];
    let mut queue: Vec<usize> = Vec::with_capacity(nodes);
    let mut phases = 0;
    loop {
        // 1. shortest distances on reduced costs
        dist.fill(i64::MAX);
        dist[s] = 0;
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((0i64, s as u32)));
        while let Some(Reverse((d, u))) = heap.pop() {
            let u = u as usize;
            if d > dist[u] {
                continue;
            }
            for e in net.start[u]..net.start[u + 1] {
                if net.cap[e] == 0 {
                    continue;
                }
                let v = net.to[e] as usize;
                let nd = d + net.cost[e] + potential[u] - potential[v];
                if nd < dist[v] {
                    dist[v] = nd;
                    heap.push(Reverse((nd, v as u32)));
                }
            }
        }
        if dist[t] == i64::MAX {
            return phases;
        }
        phases += 1;
        let dt = dist[t];
        for v in 0..nodes {
            potential[v] += dist[v].min(dt);
        }
        // 2. blocking flows on the admissible arcs (residual, reduced cost 0)
        let admissible = |net: &Network, potential: &[i64], e: usize, u: usize| {
            net.cap[e] > 0 && net.cost[e] + potential[u] - potential[net.to[e] as usize] == 0
        };
        loop {
            level.fill(u32::MAX);
            level[s] = 0;
            queue.clear();
            queue.push(s);
            let mut head = 0;
            while head < queue.len() {
                let u = queue[head];
                head += 1;
                for e in net.start[u]..net.start[u + 1] {
                    let v = net.to[e] as usize;
                    if level[v] == u32::MAX && admissible(net, &potential, e, u) {
                        level[v] = level[u] + 1;
                        queue.push(v);
                    }
                }
            }
            if level[t] == u32::MAX {
                break;
            }
            iter.copy_from_slice(&net.start[..nodes]);
            // iterative DFS: every augmenting path carries one unit (source arcs have capacity 1)
            let mut path: Vec<usize> = Vec::new(); // arcs
            let mut u = s;
            loop {
                if u == t {
                    for &e in &path {
                        net.cap[e] -= 1;
                        let r = net.rev[e] as usize;
                        net.cap[r] += 1;
                    }
                    path.clear();
                    u = s;
                    continue;
                }
                let mut advanced = false;
                while iter[u] < net.start[u + 1] {
                    let e = iter[u];
                    let v = net.to[e] as usize;
                    if level[v] == level[u] + 1 && admissible(net, &potential, e, u) {
                        path.push(e);
                        u = v;
                        advanced = true;
                        break;
                    }
                    iter[u] += 1;
                }
                if advanced {
                    continue;
                }
                // dead end: retreat
                level[u] = u32::MAX;
                match path.pop() {
                    Some(e) => {
                        u = net.to[net.rev[e] as usize] as usize;
                        iter[u] += 1;
                    }
                    None => break,
                }
            }
        }
    }
}
