#!/usr/bin/env python3
"""A DuckDB peer of two hoptac scores (SQL over the CSV files), to check hoptac and compare speed.

    python3 benches/peer/duckdb_peer.py --data DIR pairs --field ai [--top 20]
    python3 benches/peer/duckdb_peer.py --data DIR rank --field water [--university tlu]

Needs `python3 -m pip install duckdb`. Reads the CSV files of DIR end to end (an in-memory
database, nothing cached) and prints JSON in the shape of benches/peer/reference.py (pandas +
networkx), so that tests/it/peer.rs and benches/peer/compare.sh compare all peers with hoptac:

- `pairs`: researchers x, y at different universities, both with expertise in the field, not
  co-authors yet, with at least one common co-author, ranked by Adamic-Adar
  aa = sum over common co-authors z of 1 / ln deg(z) (deg over the whole co-authorship graph).
  `[{rank, a, b, adamic_adar}]`, best first.
- `rank`: the university partner score (src/score/partner.rs, classic-partners.toml, strengthen
  mode) for one university, or for every university (the full matrix) without --university.
  `[{for, university, rank, score}]`.

Ties are broken as hoptac breaks them. hoptac sorts pairs by aa / (aa + 1), then aa, then the
number of common co-authors, with remaining ties by the
researchers' positions in researchers.csv (here the tables' rowid: DuckDB keeps insertion
order), and sums aa over the common co-authors in the order of their positions: this script
sums in that order too (`sum(w ORDER BY z)`), so equal pairs are bit-for-bit equal. Partners
tie by the partner's position in universities.csv. hoptac stores expertise levels as 32-bit
floats; they are read as REAL.
"""

import argparse
import json
import sys

import duckdb

W = {"strength": 0.35, "complementarity": 0.25, "ties": 0.15, "labs": 0.15, "region": 0.10}
HALF_LIFE = 4.0
TIES_HALF = 5.0


def connect(folder, tables):
    db = duckdb.connect()
    for t in tables:
        path = f"{folder}/{t}.csv".replace("'", "''")
        db.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{path}', header = true, "
                   "all_varchar = true)")
    return db


PAIRS = """
WITH r AS (SELECT rowid AS pos, id, university FROM researchers),
e AS (SELECT ra.pos AS pa, rb.pos AS pb FROM coauthorships c
      JOIN r ra ON ra.id = c.a JOIN r rb ON rb.id = c.b),
half AS (SELECT pa AS x, pb AS z FROM e UNION ALL SELECT pb, pa FROM e),
deg AS (SELECT z, 1.0 / ln(count(*)) AS w FROM half GROUP BY z),
members AS (SELECT r.pos, r.university FROM expertise x JOIN r ON r.id = x.researcher
            WHERE x.field = $field),
fx AS (SELECT h.x, h.z, m.university AS u FROM half h JOIN members m ON m.pos = h.x),
two AS (SELECT p.x, q.x AS y, p.z FROM fx p JOIN fx q ON p.z = q.z
        WHERE p.x < q.x AND p.u <> q.u),
fresh AS (SELECT t.* FROM two t ANTI JOIN half h ON h.x = t.x AND h.z = t.y),
aa AS (SELECT f.x, f.y, sum(d.w ORDER BY f.z) AS aa, count(*) AS n FROM fresh f
       JOIN deg d ON d.z = f.z GROUP BY f.x, f.y),
top AS (SELECT x, y, aa, n, aa / (aa + 1.0) AS p FROM aa ORDER BY p DESC, aa DESC, n DESC, x, y
        LIMIT $top)
SELECT ra.id, rb.id, t.aa FROM top t JOIN r ra ON ra.pos = t.x JOIN r rb ON rb.pos = t.y
ORDER BY t.p DESC, t.aa DESC, t.n DESC, t.x, t.y
"""


def pairs(folder, field, top):
    db = connect(folder, ["researchers", "expertise", "coauthorships"])
    rows = db.execute(PAIRS, {"field": field, "top": top}).fetchall()
    return [{"rank": i + 1, "a": a, "b": b, "adamic_adar": s} for i, (a, b, s) in enumerate(rows)]


PARTNERS = f"""
WITH u AS (SELECT rowid AS upos, id, region,
                  lower(trim(coalesce(consortium, 'true'))) NOT IN ('false', 'no', '0', 'n', 'khong')
                  AS member
           FROM universities),
ex AS (SELECT researcher, field, CAST(CAST(level AS REAL) AS DOUBLE) AS level FROM expertise),
st0 AS (SELECT r.university, ex.field, sum(ex.level) AS level_sum,
               sum(ex.level * (1.0 + ln(1.0 + CAST(r.h_index AS DOUBLE)))) AS impact
        FROM ex JOIN researchers r ON r.id = ex.researcher GROUP BY ALL),
st AS (SELECT *, (level_sum / sum(level_sum) OVER (PARTITION BY university))
                 / (sum(level_sum) OVER (PARTITION BY field) / sum(level_sum) OVER ()) AS ai
       FROM st0),
rel_pairs AS (SELECT f.id AS a, trim(unnest(string_split(f.related, ';'))) AS b FROM fields f),
scope AS (SELECT $field AS field, 1.0 AS wf
          UNION SELECT b, 0.5 FROM rel_pairs WHERE a = $field AND b <> '' AND b <> a
          UNION SELECT a, 0.5 FROM rel_pairs WHERE b = $field AND a <> b),
grid AS (SELECT u.id AS uni, s.field, s.wf, coalesce(st.impact, 0.0) AS impact,
                coalesce(st.ai, 0.0) AS ai
         FROM u CROSS JOIN scope s
         LEFT JOIN st ON st.university = u.id AND st.field = s.field),
rel AS (SELECT *, CASE WHEN max(impact) OVER (PARTITION BY field) > 0
                       THEN impact / max(impact) OVER (PARTITION BY field) ELSE 0.0 END AS rel
        FROM grid),
strength AS (SELECT uni, 0.7 * rel + 0.3 * least(ai, 2.0) / 2.0 AS strength
             FROM rel WHERE field = $field),
inf AS (SELECT r.id, r.university FROM expertise x JOIN researchers r ON r.id = x.researcher
        WHERE x.field = $field),
co AS (SELECT a, b, CAST(papers AS DOUBLE) AS papers, CAST(last_year AS INTEGER) AS ly
       FROM coauthorships),
ties AS (SELECT least(ia.university, ib.university) AS k1,
                greatest(ia.university, ib.university) AS k2,
                sum(co.papers * pow(0.5, greatest((SELECT max(ly) FROM co) - co.ly, 0)
                                         / {HALF_LIFE})) AS n
         FROM co JOIN inf ia ON ia.id = co.a JOIN inf ib ON ib.id = co.b
         WHERE ia.university <> ib.university GROUP BY ALL),
labs_f AS (SELECT university, access FROM labs
           WHERE list_contains(string_split(regexp_replace(trim(fields), '\s*;\s*', ';', 'g'), ';'),
                               $field)),
targets AS (SELECT * FROM u WHERE $target IS NULL OR id = $target),
pairs AS (SELECT t.id AS uni, t.upos AS tpos, t.region AS ru, t.member AS mu,
                 p.id AS partner, p.upos AS ppos, p.region AS rp, p.member AS mp
          FROM targets t CROSS JOIN u p WHERE t.id <> p.id),
comp AS (SELECT pr.uni, pr.partner, sum(b.wf * greatest(b.rel - a.rel, 0.0)) / sum(b.wf) AS comp
         FROM pairs pr JOIN rel a ON a.uni = pr.uni JOIN rel b ON b.uni = pr.partner
                                                    AND b.field = a.field
         GROUP BY ALL),
m AS (SELECT pr.uni, pr.partner, CAST(count(*) AS DOUBLE) AS m FROM pairs pr
      JOIN labs_f l ON l.university = pr.partner
      WHERE l.access = 'public' OR (l.access = 'consortium' AND pr.mu AND pr.mp) GROUP BY ALL),
own AS (SELECT DISTINCT university FROM labs_f),
scored AS (
  SELECT pr.uni, pr.tpos, pr.partner, pr.ppos,
         {W['strength']} * s.strength + {W['complementarity']} * c.comp
         + {W['ties']} * coalesce(t.n, 0.0) / (coalesce(t.n, 0.0) + {TIES_HALF})
         + {W['labs']} * coalesce(m.m, 0.0) / (coalesce(m.m, 0.0) + 1.0)
           * CASE WHEN o.university IS NULL THEN 1.0 ELSE 0.5 END
         + {W['region']} * CASE WHEN pr.ru <> pr.rp THEN 1.0 ELSE 0.0 END AS score
  FROM pairs pr
  JOIN strength s ON s.uni = pr.partner
  JOIN comp c ON c.uni = pr.uni AND c.partner = pr.partner
  LEFT JOIN ties t ON t.k1 = least(pr.uni, pr.partner) AND t.k2 = greatest(pr.uni, pr.partner)
  LEFT JOIN m ON m.uni = pr.uni AND m.partner = pr.partner
  LEFT JOIN own o ON o.university = pr.uni)
-- Equal partners tie by position; scores that differ only by rounding are equal.
SELECT uni, partner,
       row_number() OVER (PARTITION BY uni ORDER BY round(score, 12) DESC, ppos) AS rank, score
FROM scored ORDER BY tpos, rank
"""


def partners(folder, field, target):
    db = connect(folder, ["universities", "fields", "researchers", "expertise", "labs",
                          "coauthorships"])
    cols = [c[0] for c in db.execute("DESCRIBE universities").fetchall()]
    if "consortium" not in cols:
        db.execute("ALTER TABLE universities ADD COLUMN consortium VARCHAR")
    rows = db.execute(PARTNERS, {"field": field, "target": target}).fetchall()
    return [{"for": a, "university": b, "rank": r, "score": s} for a, b, r, s in rows]


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
