"""Sizes that drive the pair dataflow: edges, field members, directed member links, and the
two-step paths of the self-join (Σ_z C(m_z, 2), m_z = co-authors of z in the field)."""
import sys
import polars as pl
d, field = sys.argv[1], sys.argv[2]
co = pl.read_csv(f"{d}/coauthorships.csv", columns=["a", "b"])
ex = pl.read_csv(f"{d}/expertise.csv").filter(pl.col("field") == field).select(pl.col("researcher").alias("x")).unique()
dirs = pl.concat([co.select(pl.col("a").alias("z"), pl.col("b").alias("x")), co.select(pl.col("b").alias("z"), pl.col("a").alias("x"))])
links = dirs.join(ex, on="x")
m = links.group_by("z").len()
paths = int((m["len"] * (m["len"] - 1) // 2).sum())
print(f"edges {len(co)}, members {len(ex)}, member links {len(links)}, paths {paths}")
