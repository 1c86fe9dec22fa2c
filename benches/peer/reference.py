#!/usr/bin/env python3
"""A peer implementation of two hoptac scores, written as a data scientist would today
(pandas + networkx), to check hoptac's results and to compare speed.

    python3 benches/peer/reference.py --data DIR rank --field water [--university tlu]
    python3 benches/peer/reference.py --data DIR pairs --field ai [--top 20]

`rank` computes the university partner score (the formula of src/score/partner.rs with the
default profile, strengthen mode) for one university, or the whole matrix without
--university; `pairs` ranks pairs of researchers at different universities, both working in
the field and not co-authors yet, by the Adamic-Adar index (networkx.adamic_adar_index).
Both print JSON on stdout in the shape of `hoptac ... --format json` (the fields the test
compares). Ties are broken as hoptac does: by position in the data files.
"""

import argparse
import json
import math
import sys

import networkx as nx
import pandas as pd

W = {"strength": 0.35, "complementarity": 0.25, "ties": 0.15, "labs": 0.15, "region": 0.10}
HALF_LIFE = 4.0
TIES_HALF = 5.0


def load(folder):
    read = lambda name: pd.read_csv(f"{folder}/{name}", dtype=str, keep_default_na=False,
                                    encoding="utf-8-sig")
    d = {n: read(f"{n}.csv") for n in
         ["universities", "fields", "researchers", "expertise", "labs", "coauthorships"]}
    d["researchers"]["h_index"] = d["researchers"]["h_index"].astype(int)
    # hoptac stores levels as 32-bit floats: read them so, to agree to the last digits.
    d["expertise"]["level"] = d["expertise"]["level"].astype("float32").astype(float)
    for c in ["papers", "first_year", "last_year"]:
        d["coauthorships"][c] = d["coauthorships"][c].astype(int)
    return d


def related(d):
    rel = {f: set() for f in d["fields"]["id"]}
    for f, r in zip(d["fields"]["id"], d["fields"]["related"]):
        for x in filter(None, (s.strip() for s in r.split(";"))):
            if x != f:
                rel[f].add(x)
                rel[x].add(f)
    order = {f: i for i, f in enumerate(d["fields"]["id"])}
    return {f: sorted(v, key=order.get) for f, v in rel.items()}


def strength_table(d):
    e = d["expertise"].merge(d["researchers"][["id", "university", "h_index"]],
                             left_on="researcher", right_on="id")
    e["impact"] = e["level"] * (1.0 + e["h_index"].map(math.log1p))
    s = e.groupby(["university", "field"]).agg(level_sum=("level", "sum"),
                                                impact=("impact", "sum")).reset_index()
    total = s["level_sum"].sum()
    per_uni = s.groupby("university")["level_sum"].transform("sum")
    per_field = s.groupby("field")["level_sum"].transform("sum")
    s["ai"] = (s["level_sum"] / per_uni) / (per_field / total)
    return {(u, f): (imp, ai) for u, f, imp, ai in zip(s["university"], s["field"], s["impact"], s["ai"])}


def partner_scores(d, field, target):
    unis = list(d["universities"]["id"])
    region = dict(zip(d["universities"]["id"], d["universities"]["region"]))
    member = {u: c.strip().lower() not in ("false", "no", "0", "n", "khong")
              for u, c in zip(d["universities"]["id"],
                              d["universities"].get("consortium", pd.Series(["true"] * len(unis))))}
    st = strength_table(d)
    impact = lambda u, f: st.get((u, f), (0.0, 0.0))[0]
    scope = [(field, 1.0)] + [(r, 0.5) for r in related(d)[field]]
    max_imp = {f: max(impact(u, f) for u in unis) for f, _ in scope}
    rel = lambda u, f: impact(u, f) / max_imp[f] if max_imp[f] > 0 else 0.0

    # Ties: a co-authorship graph with papers and years on the edges (networkx).
    g = nx.Graph()
    for a, b, p, ly in d["coauthorships"][["a", "b", "papers", "last_year"]].itertuples(index=False):
        g.add_edge(a, b, papers=p, last_year=ly)
    year0 = int(d["coauthorships"]["last_year"].max()) if len(d["coauthorships"]) else 0
    uni_of = dict(zip(d["researchers"]["id"], d["researchers"]["university"]))
    in_field = set(d["expertise"].loc[d["expertise"]["field"] == field, "researcher"])
    ties = {}
    for a, b, attr in g.edges(data=True):
        ua, ub = uni_of[a], uni_of[b]
        if ua != ub and a in in_field and b in in_field:
            key = tuple(sorted((ua, ub)))
            age = max(0, year0 - attr["last_year"])
            ties[key] = ties.get(key, 0.0) + attr["papers"] * 0.5 ** (age / HALF_LIFE)

    labs = d["labs"]
    serves = labs[labs["fields"].map(lambda s: field in [x.strip() for x in s.split(";")])]

    def usable(lab_uni, access, u):
        if lab_uni == u:
            return True
        return access == "public" or (access == "consortium" and member[u] and member[lab_uni])

    out = []
    for p in unis:
        if p == target:
            continue
        imp, ai = st.get((p, field), (0.0, 0.0))
        strength = 0.7 * rel(p, field) + 0.3 * min(ai, 2.0) / 2.0
        num = sum(w * max(0.0, rel(p, f) - rel(target, f)) for f, w in scope)
        comp = num / sum(w for _, w in scope)
        n = ties.get(tuple(sorted((p, target))), 0.0)
        t = n / (n + TIES_HALF)
        m = sum(1 for lu, acc in zip(serves["university"], serves["access"])
                if lu == p and usable(lu, acc, target))
        own = (serves["university"] == target).any()
        lab = m / (m + 1.0) * (0.5 if own else 1.0)
        reg = 1.0 if region[p] != region[target] else 0.0
        score = (W["strength"] * strength + W["complementarity"] * comp + W["ties"] * t
                 + W["labs"] * lab + W["region"] * reg)
        out.append((score, unis.index(p), p))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [{"for": target, "university": p, "rank": i + 1, "score": s}
            for i, (s, _, p) in enumerate(out)]


def aa_pairs(d, field, top):
    g = nx.Graph()
    g.add_nodes_from(d["researchers"]["id"])
    g.add_edges_from(d["coauthorships"][["a", "b"]].itertuples(index=False))
    pos = {r: i for i, r in enumerate(d["researchers"]["id"])}
    uni_of = dict(zip(d["researchers"]["id"], d["researchers"]["university"]))
    in_field = set(d["expertise"].loc[d["expertise"]["field"] == field, "researcher"])
    # Candidate pairs: researchers in the field two steps apart at different universities.
    cand = set()
    for x in in_field:
        for z in g.neighbors(x):
            for y in g.neighbors(z):
                if y != x and y in in_field and uni_of[y] != uni_of[x] and not g.has_edge(x, y):
                    cand.add((x, y) if pos[x] < pos[y] else (y, x))
    # networkx's adamic_adar_index sums over a set of common neighbours, whose order follows
    # Python's randomised string hashing, so equal scores can differ in the last bit. hoptac
    # orders pairs by aa / (aa + 1), then aa itself, then the number of common co-authors, then
    # file position, with aa summed over the common co-authors in file order: sum the same way
    # (networkx's common_neighbors, sorted by position) so that the order is exactly hoptac's.
    scored = []
    for a, b in sorted(cand):
        common = sorted(nx.common_neighbors(g, a, b), key=pos.get)
        s = 0.0
        for z in common:
            s += 1.0 / math.log(g.degree(z))
        scored.append((s / (s + 1.0), s, len(common), pos[a], pos[b], a, b))
    scored.sort(key=lambda x: (-x[0], -x[1], -x[2], x[3], x[4]))
    return [{"rank": i + 1, "a": a, "b": b, "adamic_adar": s}
            for i, (_, s, _, _, _, a, b) in enumerate(scored[:top])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("rank")
    r.add_argument("--field", required=True)
    r.add_argument("--university")
    p = sub.add_parser("pairs")
    p.add_argument("--field", required=True)
    p.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    d = load(a.data)
    if a.cmd == "rank":
        targets = [a.university] if a.university else list(d["universities"]["id"])
        res = [row for t in targets for row in partner_scores(d, a.field, t)]
    else:
        res = aa_pairs(d, a.field, a.top)
    json.dump(res, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
