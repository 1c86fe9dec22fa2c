#!/usr/bin/env python3
"""A Polars peer of two hoptac scores (lazy API, a self-join), to check hoptac and compare speed.

    python3 benches/peer/polars_peer.py --data DIR pairs --field ai [--top 20]
    python3 benches/peer/polars_peer.py --data DIR rank --field water [--university tlu]

Needs `python3 -m pip install polars`. Reads the CSV files of DIR end to end (nothing cached)
and prints JSON in the shape of benches/peer/reference.py (pandas + networkx), so that
tests/it/peer.rs and benches/peer/compare.sh compare all peers with hoptac:

- `pairs`: researchers x, y at different universities, both with expertise in the field, not
  co-authors yet, with at least one common co-author, ranked by Adamic-Adar
  aa = sum over common co-authors z of 1 / ln deg(z) (deg over the whole co-authorship graph):
  the half-edges of the field's members self-joined on the common co-author.
  `[{rank, a, b, adamic_adar}]`, best first.
- `rank`: the university partner score (src/score/partner.rs, classic-partners.toml, strengthen
  mode) for one university, or for every university (the full matrix) without --university.
  `[{for, university, rank, score}]`.

Ties are broken as hoptac breaks them. hoptac sorts pairs by aa / (aa + 1), then aa, then the
number of common co-authors, with remaining ties by the
researchers' positions in researchers.csv, and sums aa over the common co-authors in the order
of their positions: this script sums in that order too (a cumulative sum over the sorted
group), so equal pairs are bit-for-bit equal and the order is hoptac's, not floating-point
noise. Partners tie by the partner's position in universities.csv. hoptac stores expertise
levels as 32-bit floats; they are read as such.
"""

import argparse
import json
import sys

import polars as pl

W = {"strength": 0.35, "complementarity": 0.25, "ties": 0.15, "labs": 0.15, "region": 0.10}
HALF_LIFE = 4.0
TIES_HALF = 5.0
NO = ["false", "no", "0", "n", "khong"]


def scan(folder, name, **kw):
    return pl.scan_csv(f"{folder}/{name}.csv", infer_schema=False, encoding="utf8-lossy", **kw)


def researchers(folder):
    """id, university and position (the dense index hoptac gives them)."""
    return scan(folder, "researchers").select("id", "university").with_row_index("pos")


def half_edges(folder, res):
    """Each co-authorship in both directions, as positions (x, z)."""
    co = scan(folder, "coauthorships").select("a", "b")
    pos = res.select("id", "pos")
    e = (co.join(pos, left_on="a", right_on="id").rename({"pos": "pa"})
         .join(pos, left_on="b", right_on="id").rename({"pos": "pb"})
         .select("pa", "pb"))
    return pl.concat([e.select(x="pa", z="pb"), e.select(x="pb", z="pa")])


def pairs(folder, field, top):
    res = researchers(folder)
    half = half_edges(folder, res)
    deg = half.group_by("z").agg(w=1.0 / pl.len().cast(pl.Float64).log())
    members = (scan(folder, "expertise").filter(pl.col("field") == field).select("researcher")
               .join(res, left_on="researcher", right_on="id").select("pos", "university"))
    # Half-edges x -> z from the field's members, self-joined on the common co-author z.
    fx = half.join(members, left_on="x", right_on="pos").rename({"university": "ux"})
    two = (fx.join(fx.rename({"x": "y", "ux": "uy"}), on="z")
           .filter((pl.col("x") < pl.col("y")) & (pl.col("ux") != pl.col("uy")))
           .join(half.rename({"z": "y"}), on=["x", "y"], how="anti")
           .join(deg, on="z"))
    aa = (two.group_by("x", "y")
          .agg(aa=pl.col("w").sort_by("z").cum_sum().last(), n=pl.len())
          .with_columns(p=pl.col("aa") / (pl.col("aa") + 1.0))
          .sort(["p", "aa", "n", "x", "y"], descending=[True, True, True, False, False])
          .head(top))
    ids = res.select("pos", "id")
    out = (aa.join(ids.rename({"pos": "x", "id": "a"}), on="x")
           .join(ids.rename({"pos": "y", "id": "b"}), on="y")
           .sort(["p", "aa", "n", "x", "y"], descending=[True, True, True, False, False])
           .collect())
    return [{"rank": i + 1, "a": a, "b": b, "adamic_adar": s}
            for i, (a, b, s) in enumerate(out.select("a", "b", "aa").iter_rows())]


def related(folder, field):
    """The field's related fields (symmetric, without itself) with weight 0.5, and itself."""
    f = scan(folder, "fields").select("id", "related").collect()
    rel = set()
    for fid, r in f.iter_rows():
        for x in (s.strip() for s in r.split(";")):
            if x and x != fid:
                if fid == field:
                    rel.add(x)
                if x == field:
                    rel.add(fid)
    return pl.LazyFrame({"field": [field] + sorted(rel),
                         "wf": [1.0] + [0.5] * len(rel)})


def partners(folder, field, target):
    unis = (scan(folder, "universities").with_row_index("upos")
            .with_columns(member=~pl.col("consortium").fill_null("true")
                          .str.strip_chars().str.to_lowercase().is_in(NO))
            .select("id", "upos", "region", "member"))
    res = scan(folder, "researchers").select("id", "university", pl.col("h_index").cast(pl.Int64))
    exp = scan(folder, "expertise").with_columns(
        pl.col("level").cast(pl.Float32).cast(pl.Float64))

    # Strength per university x field: impact = sum level * (1 + ln(1 + h)), activity index.
    st = (exp.join(res, left_on="researcher", right_on="id")
          .group_by("university", "field")
          .agg(level_sum=pl.col("level").sum(),
               impact=(pl.col("level") * (1.0 + pl.col("h_index").cast(pl.Float64).log1p())).sum()))
    st = st.with_columns(
        ai=(pl.col("level_sum") / pl.col("level_sum").sum().over("university"))
        / (pl.col("level_sum").sum().over("field") / pl.col("level_sum").sum()))
    scope = related(folder, field)
    grid = (unis.select(u="id").join(scope, how="cross")
            .join(st, left_on=["u", "field"], right_on=["university", "field"], how="left")
            .with_columns(pl.col("impact", "ai").fill_null(0.0)))
    grid = grid.with_columns(
        rel=pl.when(pl.col("impact").max().over("field") > 0)
        .then(pl.col("impact") / pl.col("impact").max().over("field")).otherwise(0.0))
    strength = (grid.filter(pl.col("field") == field)
                .select("u", strength=0.7 * pl.col("rel") + 0.3 * pl.col("ai").clip(upper_bound=2.0) / 2.0))
    rel = grid.select("u", "field", "wf", "rel")

    # Ties: recency-weighted papers between two universities, both authors in the field.
    co = scan(folder, "coauthorships").select(
        "a", "b", pl.col("papers").cast(pl.Float64), pl.col("last_year").cast(pl.Int64))
    in_f = exp.filter(pl.col("field") == field).select("researcher").join(
        res.select("id", "university"), left_on="researcher", right_on="id")
    year0 = co.select(pl.col("last_year").max())
    ties = (co.join(in_f.rename({"university": "ua"}), left_on="a", right_on="researcher")
            .join(in_f.rename({"university": "ub"}), left_on="b", right_on="researcher")
            .filter(pl.col("ua") != pl.col("ub"))
            .join(year0.rename({"last_year": "y0"}), how="cross")
            .with_columns(n=pl.col("papers") * 0.5 ** ((pl.col("y0") - pl.col("last_year"))
                                                       .clip(lower_bound=0) / HALF_LIFE))
            .select(k1=pl.min_horizontal("ua", "ub"), k2=pl.max_horizontal("ua", "ub"), n="n")
            .group_by("k1", "k2").agg(pl.col("n").sum()))

    labs = (scan(folder, "labs").select("university", "access", "fields")
            .filter(pl.col("fields").str.split(";").list.eval(pl.element().str.strip_chars())
                    .list.contains(field)))
    own = labs.select(p="university").unique().with_columns(own=pl.lit(True))

    u = unis.select(u="id", ru="region", mu="member")
    if target is not None:
        u = u.filter(pl.col("u") == target)
    p = unis.select(p="id", pos="upos", rp="region", mp="member")
    m = (u.join(labs.rename({"university": "p"}), how="cross")
         .join(p.select("p", "mp"), on="p")
         .filter((pl.col("access") == "public")
                 | ((pl.col("access") == "consortium") & pl.col("mu") & pl.col("mp")))
         .group_by("u", "p").agg(m=pl.len().cast(pl.Float64)))
    pairs = u.join(p, how="cross").filter(pl.col("u") != pl.col("p"))
    comp = (pairs.select("u", "p")
            .join(rel.rename({"u": "p", "rel": "rp_"}), on="p")
            .join(rel.select("u", "field", "rel"), on=["u", "field"])
            .group_by("u", "p")
            .agg(comp=(pl.col("wf") * (pl.col("rp_") - pl.col("rel")).clip(lower_bound=0.0)).sum()
                 / pl.col("wf").sum()))
    scored = (pairs
              .join(strength.rename({"u": "p"}), on="p", how="left")
              .join(comp, on=["u", "p"], how="left")
              .with_columns(k1=pl.min_horizontal("u", "p"), k2=pl.max_horizontal("u", "p"))
              .join(ties, on=["k1", "k2"], how="left")
              .join(m, on=["u", "p"], how="left")
              .join(own.rename({"p": "u"}), on="u", how="left")
              .with_columns(pl.col("n", "m").fill_null(0.0), pl.col("own").fill_null(False))
              .with_columns(score=W["strength"] * pl.col("strength")
                            + W["complementarity"] * pl.col("comp")
                            + W["ties"] * pl.col("n") / (pl.col("n") + TIES_HALF)
                            + W["labs"] * pl.col("m") / (pl.col("m") + 1.0)
                            * pl.when(pl.col("own")).then(0.5).otherwise(1.0)
                            + W["region"] * (pl.col("ru") != pl.col("rp")).cast(pl.Float64))
              # Equal partners tie by position; scores that differ only by rounding are equal.
              .with_columns(key=pl.col("score").round(12))
              .join(unis.select(u="id", upos="upos"), on="u")
              .sort(["upos", "key", "pos"], descending=[False, True, False])
              .with_columns(rank=pl.int_range(1, pl.len() + 1).over("u"))
              .select("u", "p", "rank", "score")
              .collect())
    return [{"for": a, "university": b, "rank": r, "score": s} for a, b, r, s in scored.iter_rows()]


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
    if a.cmd == "rank":
        res = partners(a.data, a.field, a.university)
    else:
        res = pairs(a.data, a.field, a.top)
    json.dump(res, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
