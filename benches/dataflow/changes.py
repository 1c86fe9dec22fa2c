"""A change file of 1 % new co-authorships (random pairs of researchers not yet co-authors)
and 0.1 % retractions, for `hoptac dataflow update` (seeded)."""
import random, sys
import polars as pl
d, out, share = sys.argv[1], sys.argv[2], float(sys.argv[3])
co = pl.read_csv(f"{d}/coauthorships.csv", columns=["a", "b"])
ids = pl.read_csv(f"{d}/researchers.csv", columns=["id"])["id"].to_list()
rng = random.Random(17)
have = set(zip(co["a"].to_list(), co["b"].to_list()))
n_new = int(len(co) * share)
rows = []
while len(rows) < n_new:
    a, b = rng.choice(ids), rng.choice(ids)
    if a == b or (a, b) in have or (b, a) in have:
        continue
    have.add((a, b))
    rows.append(f"+,{a},{b},1,2024,2025")
for i in rng.sample(range(len(co)), int(len(co) * share / 10)):
    rows.append(f"-,{co['a'][i]},{co['b'][i]},,,")
open(out, "w").write("change,a,b,papers,first_year,last_year\n" + "\n".join(rows) + "\n")
print(f"{n_new} new, {int(len(co) * share / 10)} retracted of {len(co)}", file=sys.stderr)
