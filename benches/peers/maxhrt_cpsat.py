#!/usr/bin/env python3
"""Peer of `welfare daycare allocate --mechanism max-stable`, stage 1: the maximum weakly stable
allocation with ties (MAX-HRT) solved by OR-Tools CP-SAT on the same instance.

Ties as in the suite (docs/formats.md): at a daycare two children are tied when they agree on
sibling_enrolled, hardship and floor(km / 0.5) (haversine, Earth radius 6371.0088); the lottery
is not used. Model (Kwanashie & Manlove 2014 with cumulative class counts): binary x(c, j) per
listed pair with a seat of the child's age group; one seat per child; capacity; per seat group
j and tie class m a count y(j, m) of seated children of class m or better; for every listed
pair (c, j): cap(j) * (1 - sum of x(c, j') over j' at least as good as j) <= y(j, m(c)).
Deferred acceptance with lottery tie-breaking is the hint (it is weakly stable).

With --siblings-together (families of >= 2 children with one family_id sit at one daycare
that every member listed, or nobody of them is placed), stability is the absence of blocking
coalitions (Sun et al., AAAI 2023; docs/formats.md): a family blocks with a daycare only as a
whole (every member listed it, nobody likes it less than its place, one moves, and the daycare
can seat all who move on free seats or seats of strictly lower tie classes). The model replaces
the members' rows by one row per (family, open daycare d): the family sits at d or at a daycare
some member ranks above d, or a seat group of d cannot seat its members of that age group
(n members of classes k_1 <= ... <= k_n: for some i, y(g, k_i) >= cap - n + i; a Boolean per
condition). The hint is deferred acceptance with the families it splits left unplaced.

Usage:
    python benches/peers/maxhrt_cpsat.py --instance DIR [--time-limit 300] [--workers 2]
        [--siblings-together] [--rank-stage] [--out assignment.csv] [--json result.json]

Prints one JSON object: placed, weakly blocking pairs of the result (checked here,
independently of the model), CP-SAT's bound, status, seconds, DA's placed.
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from daycare_da import haversine_km  # noqa: E402

import csv  # noqa: E402
import heapq  # noqa: E402


def read_instance(d):
    d = Path(d)
    daycares = {}
    with open(d / "daycares.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            daycares[r["daycare_id"]] = (
                float(r["lat"]), float(r["lon"]), int(r["capacity_u3"]), int(r["capacity_ue3"]))
    children = []
    index = {}
    with open(d / "children.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            index[r["child_id"]] = len(children)
            children.append((r["child_id"], r["age_group"], float(r["lat"]), float(r["lon"]),
                             int(r["hardship"]), int(r["lottery"]), r["family_id"]))
    prefs = [[] for _ in children]
    with open(d / "preferences.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            prefs[index[r["child_id"]]].append(
                (int(r["rank"]), r["daycare_id"], int(r["sibling_enrolled"])))
    capacity = {}
    for dc, (_, _, u3, ue3) in daycares.items():
        capacity[(dc, "u3")] = u3
        capacity[(dc, "ue3")] = ue3
    # lists[c] = [(group, tie class (smaller is better), DA key (larger is better))]
    lists = []
    for c, p in enumerate(prefs):
        _, age, lat, lon, hardship, lottery, _ = children[c]
        entries = []
        for position, (_, dc, sib) in enumerate(sorted(p)):
            dlat, dlon, _, _ = daycares[dc]
            group = (dc, age)
            if capacity[group] == 0:
                continue
            km = haversine_km(lat, lon, dlat, dlon)
            tie = (-sib, -hardship, int(km // 0.5))
            # position + 1 is the child's own rank (zero-capacity choices keep their rank)
            entries.append((group, tie, (sib, hardship, -km, -lottery), position + 1))
        lists.append(entries)
    return children, lists, capacity


def deferred_acceptance(lists, capacity):
    held = {g: [] for g in capacity}
    nxt = [0] * len(lists)
    free = list(range(len(lists) - 1, -1, -1))
    while free:
        c = free.pop()
        while nxt[c] < len(lists[c]):
            group, _, key, _ = lists[c][nxt[c]]
            nxt[c] += 1
            heap = held[group]
            if len(heap) < capacity[group]:
                heapq.heappush(heap, (key, c))
                break
            if heap[0][0] < key:
                _, loser = heapq.heapreplace(heap, (key, c))
                free.append(loser)
                break
    choice = [None] * len(lists)
    for group, heap in held.items():
        for _, c in heap:
            choice[c] = next(k for k, e in enumerate(lists[c]) if e[0] == group)
    return choice


def weakly_blocking_pairs(lists, capacity, choice):
    """Pairs (c, j): c prefers j to its result and j has a free seat or seats a child of a
    strictly worse tie class."""
    seated = {g: [] for g in capacity}
    for c, k in enumerate(choice):
        if k is not None:
            group, tie, _, _ = lists[c][k]
            seated[group].append(tie)
    worst = {g: max(t) for g, t in seated.items() if t}
    count = 0
    for c, entries in enumerate(lists):
        end = choice[c] if choice[c] is not None else len(entries)
        for group, tie, _, _ in entries[:end]:
            if len(seated[group]) < capacity[group] or worst[group] > tie:
                count += 1
    return count


def families_of(children):
    """Families of >= 2 children (lists of child indices), in first-seen order."""
    by_id = {}
    for c, child in enumerate(children):
        by_id.setdefault(child[6], []).append(c)
    return [f for f in by_id.values() if len(f) >= 2]


def family_options(lists, family):
    """Daycares open to the family (every member listed them with seats): {daycare: [(member,
    position in lists[member])]} in the first member's order."""
    out = {}
    for k0, (group, _, _, _) in enumerate(lists[family[0]]):
        dc = group[0]
        members = []
        for c in family:
            k = next((k for k, e in enumerate(lists[c]) if e[0][0] == dc), None)
            if k is None:
                break
            members.append((c, k))
        if len(members) == len(family):
            out[dc] = members
    return out


def blocking_coalitions(lists, capacity, choice, families):
    """Blocking coalitions: weakly blocking pairs of children without a family applying, plus
    (family, daycare) pairs where every member listed the daycare, nobody is worse off, one
    moves, and the daycare seats all movers (Hall: the i-th best of n movers in a seat group
    needs n - i free seats or seats of children of a strictly worse class, siblings excluded)."""
    seated = {g: [] for g in capacity}
    for c, k in enumerate(choice):
        if k is not None:
            seated[lists[c][k][0]].append((lists[c][k][1], c))
    in_family = {c for f in families for c in f}
    count = 0
    for c, entries in enumerate(lists):
        if c in in_family:
            continue
        end = choice[c] if choice[c] is not None else len(entries)
        for group, tie, _, _ in entries[:end]:
            if len(seated[group]) < capacity[group] or any(t > tie for t, _ in seated[group]):
                count += 1
    for family in families:
        for dc, members in family_options(lists, family).items():
            if not all(choice[c] is None or k <= choice[c] for c, k in members):
                continue
            movers = [(c, k) for c, k in members if choice[c] != k]
            if not movers:
                continue
            ok = True
            for group in {lists[c][k][0] for c, k in movers}:
                ties = sorted(lists[c][k][1] for c, k in movers if lists[c][k][0] == group)
                n = len(ties)
                free = capacity[group] - len(seated[group])
                for i, tie in enumerate(ties):
                    worse = sum(1 for t, o in seated[group] if t > tie and o not in family)
                    if free + worse < n - i:
                        ok = False
            if ok:
                count += 1
    return count


def total_rank(lists, choice):
    return sum(lists[c][k][3] for c, k in enumerate(choice) if k is not None)


def solve(lists, capacity, time_limit, workers, hint, rank_stage=False, families=()):
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{c}_{k}") for k in range(len(e))] for c, e in enumerate(lists)]
    by_group = {g: [] for g in capacity}
    for c, entries in enumerate(lists):
        if x[c]:
            model.add_at_most_one(x[c])
        for k, (group, tie, _, _) in enumerate(entries):
            by_group[group].append((tie, x[c][k]))
    y = {}
    for group, pairs in by_group.items():
        if not pairs:
            continue
        cap = capacity[group]
        model.add(sum(v for _, v in pairs) <= cap)
        classes = sorted({t for t, _ in pairs})
        prev = 0
        for t in classes:
            yv = model.new_int_var(0, cap, f"y{group}{t}")
            model.add(yv == prev + sum(v for tt, v in pairs if tt == t))
            y[(group, t)] = yv
            prev = yv
    in_family = {c for f in families for c in f}
    for c, entries in enumerate(lists):
        if c in in_family:
            continue
        for k, (group, tie, _, _) in enumerate(entries):
            cap = capacity[group]
            model.add(cap * (1 - sum(x[c][: k + 1])) <= y[(group, tie)])
    for family in families:
        options = family_options(lists, family)
        first = family[0]
        # together: one daycare for all, open to all
        for c in family:
            for k, (group, _, _, _) in enumerate(lists[c]):
                if group[0] not in options:
                    model.add(x[c][k] == 0)
        for dc, members in options.items():
            for c, k in members[1:]:
                model.add(x[c][k] == x[first][members[0][1]])
        # coalition rows
        for dc, members in options.items():
            satisfied = []
            for dc2, members2 in options.items():
                if dc2 == dc or any(k2 < k for (c, k), (_, k2) in zip(members, members2)):
                    satisfied.append(x[first][members2[0][1]])
            small = False
            for group in {lists[c][k][0] for c, k in members}:
                ties = sorted(lists[c][k][1] for c, k in members if lists[c][k][0] == group)
                n, cap = len(ties), capacity[group]
                if cap < n:
                    small = True
                    break
                for i, tie in enumerate(ties):
                    w = model.new_bool_var("")
                    model.add(y[(group, tie)] >= (cap - n + i + 1) * w)
                    satisfied.append(w)
            if not small:
                model.add_bool_or(satisfied)
    placed = sum(v for row in x for v in row)
    model.maximize(placed)
    for c, k in enumerate(hint):
        for kk, v in enumerate(x[c]):
            model.add_hint(v, 1 if kk == k else 0)
    started = time.perf_counter()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    status = solver.solve(model)

    def read():
        choice = [None] * len(lists)
        for c, row in enumerate(x):
            for k, v in enumerate(row):
                if solver.value(v):
                    choice[c] = k
        return choice

    choice = read() if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else [None] * len(lists)
    result = {"status": solver.status_name(status), "bound": solver.best_objective_bound}
    if rank_stage and status == cp_model.OPTIMAL:
        # stage 2 as in the suite: that many placed, smallest total rank (the time limit is
        # one budget for both stages)
        left = time_limit - (time.perf_counter() - started)
        model.add(placed == int(round(solver.objective_value)))
        model.minimize(
            sum(entries[k][3] * x[c][k] for c, entries in enumerate(lists) for k in range(len(entries))))
        model.clear_hints()
        for c, k in enumerate(choice):
            for kk, v in enumerate(x[c]):
                model.add_hint(v, 1 if kk == k else 0)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(left, 0.01)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = 1
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            choice = read()
        result["rank_status"] = solver.status_name(status)
        result["total_rank_bound"] = solver.best_objective_bound
    return choice, result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instance", required=True)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rank-stage", action="store_true",
                    help="then, with that many placed, minimise the total rank (suite's stage 2)")
    ap.add_argument("--siblings-together", action="store_true",
                    help="families together; stability = no blocking coalition")
    ap.add_argument("--out")
    ap.add_argument("--json")
    a = ap.parse_args()
    start = time.perf_counter()
    children, lists, capacity = read_instance(a.instance)
    da = deferred_acceptance(lists, capacity)
    families = families_of(children) if a.siblings_together else []
    hint = list(da)
    for family in families:
        places = {lists[c][hint[c]][0][0] if hint[c] is not None else None for c in family}
        if len(places) > 1:
            for c in family:
                hint[c] = None
    built = time.perf_counter()
    choice, solved = solve(lists, capacity, a.time_limit, a.workers, hint, a.rank_stage,
                           families)
    seconds = time.perf_counter() - start
    result = {
        "instance": a.instance,
        "children": len(children),
        "solver": "OR-Tools CP-SAT",
        "workers": a.workers,
        "time_limit_s": a.time_limit,
        **solved,
        "placed": sum(k is not None for k in choice),
        "total_rank": total_rank(lists, choice),
        "weakly_blocking_pairs": weakly_blocking_pairs(lists, capacity, choice),
        "blocking_coalitions": blocking_coalitions(lists, capacity, choice, families_of(children)),
        "families_split": sum(
            1 for f in families_of(children)
            if len({lists[c][choice[c]][0][0] if choice[c] is not None else None for c in f}) > 1),
        "da_placed": sum(k is not None for k in da),
        "read_and_da_s": round(built - start, 2),
        "seconds": round(seconds, 2),
    }
    text = json.dumps(result, indent=1)
    print(text)
    if a.json:
        Path(a.json).write_text(text + "\n")
    if a.out:
        with open(a.out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["child_id", "daycare_id"])
            for c, k in enumerate(choice):
                w.writerow([children[c][0], lists[c][k][0][0] if k is not None else ""])


if __name__ == "__main__":
    main()
