#!/usr/bin/env python3
"""Whole-process peer of `welfare daycare allocate --mechanism deferred-acceptance`: a plain
Python child-proposing deferred acceptance with one heap per seat group, under the suite's
canonical priority (docs/formats.md: sibling_enrolled desc, hardship desc, haversine km asc with
Earth radius 6371.0088, lottery asc). Standard library only.

Usage:
    python benches/peers/daycare_da.py --instance DIR --out assignment.csv   # what is timed
    python benches/peers/daycare_da.py --compare DIR --welfare target/release/welfare [--runs 3]

`--compare` times both as fresh processes (median of --runs interleaved rounds after a warm-up)
and checks that both write the same assignment.
"""
import argparse
import csv
import heapq
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def allocate(instance, out):
    d = Path(instance)
    daycares = {}
    with open(d / "daycares.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            daycares[r["daycare_id"]] = (
                float(r["lat"]), float(r["lon"]), int(r["capacity_u3"]), int(r["capacity_ue3"]))
    children = []
    child_index = {}
    with open(d / "children.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            child_index[r["child_id"]] = len(children)
            children.append((r["child_id"], r["age_group"], float(r["lat"]), float(r["lon"]),
                             int(r["hardship"]), int(r["lottery"])))
    prefs = [[] for _ in children]
    with open(d / "preferences.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            prefs[child_index[r["child_id"]]].append(
                (int(r["rank"]), r["daycare_id"], int(r["sibling_enrolled"])))
    lists = []
    for c, p in enumerate(prefs):
        _, age, lat, lon, hardship, lottery = children[c]
        entries = []
        for _, dc, sib in sorted(p):
            dlat, dlon, cap_u3, cap_ue3 = daycares[dc]
            if (cap_u3 if age == "u3" else cap_ue3) == 0:
                continue
            km = haversine_km(lat, lon, dlat, dlon)
            # heap order: the top is the worst holder (lowest priority)
            entries.append(((dc, age), (sib, hardship, -km, -lottery)))
        lists.append(entries)
    capacity = {}
    for dc, (_, _, u3, ue3) in daycares.items():
        capacity[(dc, "u3")] = u3
        capacity[(dc, "ue3")] = ue3
    held = {g: [] for g in capacity}
    nxt = [0] * len(children)
    free = list(range(len(children) - 1, -1, -1))
    while free:
        c = free.pop()
        lst = lists[c]
        while nxt[c] < len(lst):
            group, key = lst[nxt[c]]
            nxt[c] += 1
            heap = held[group]
            if len(heap) < capacity[group]:
                heapq.heappush(heap, (key, c))
                break
            if heap[0][0] < key:
                _, loser = heapq.heapreplace(heap, (key, c))
                free.append(loser)
                break
    placed = {}
    for (dc, _), heap in held.items():
        for _, c in heap:
            placed[c] = dc
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["child_id", "daycare_id", "rank"])
        for c, (cid, *_rest) in enumerate(children):
            dc = placed.get(c)
            rank = next(r for r, x, _ in sorted(prefs[c]) if x == dc) if dc else ""
            w.writerow([cid, dc or "", rank])
    return len(placed)


def seconds(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def compare(instance, welfare, runs):
    """Interleaved: each round times one run of each tool (after one warm-up run of each), so
    a slow phase of a shared machine hits both."""
    tmp = Path(tempfile.mkdtemp())
    peer_cmd = [sys.executable, __file__, "--instance", instance, "--out", str(tmp / "peer.csv")]
    ours_cmd = [welfare, "daycare", "allocate", "--instance", instance, "--mechanism",
                "deferred-acceptance", "--out", str(tmp / "ours.csv"), "--quiet"]
    seconds(ours_cmd)
    seconds(peer_cmd)
    all_ours, all_peer = [], []
    for _ in range(runs):
        all_ours.append(seconds(ours_cmd))
        all_peer.append(seconds(peer_cmd))
    t_ours, t_peer = statistics.median(all_ours), statistics.median(all_peer)
    same = (tmp / "peer.csv").read_text() == (tmp / "ours.csv").read_text()
    print(f"instance: {instance}")
    print(f"python heap DA (fresh process): median {t_peer:.2f} s {[round(t, 2) for t in all_peer]}")
    print(f"welfare daycare allocate DA:    median {t_ours:.3f} s {[round(t, 3) for t in all_ours]}")
    print(f"speed-up: {t_peer / t_ours:.1f}x; identical assignment.csv: {same}")
    if not same:
        sys.exit("the assignments differ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance")
    ap.add_argument("--out")
    ap.add_argument("--compare")
    ap.add_argument("--welfare", default="target/release/welfare")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if a.compare:
        compare(a.compare, a.welfare, a.runs)
    elif a.instance and a.out:
        print(allocate(a.instance, a.out))
    else:
        ap.error("--instance and --out, or --compare")


if __name__ == "__main__":
    main()
