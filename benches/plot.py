#!/usr/bin/env python3
"""Draws BENCHMARKS.svg: time of each stage against dataset size (log-log), from criterion's
results under target/criterion. Standard library only.

    python3 benches/plot.py            # after `cargo bench` at the sizes you want plotted

Each line is one benchmark (group/function); x is the number of co-authorships of the dataset
the benchmark ran on, y the median time. A dashed line of slope 1 shows linear growth.
"""

import json
import math
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRIT = ROOT / "target" / "criterion"
# Co-authorships of the generated datasets (seed 2022), see BENCHMARKS.md.
SIZES = {"g7": 9_271, "100x1000": 886_304, "1000x1000": 9_907_588}
COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
          "#666666", "#1f78b4", "#b2df8a"]


def results():
    series = {}
    for est in sorted(CRIT.glob("*/*/*/new/estimates.json")):
        size = est.parent.parent.name
        if size not in SIZES:
            continue
        name = f"{est.parent.parent.parent.parent.name}/{est.parent.parent.parent.name}"
        median = json.loads(est.read_text())["median"]["point_estimate"] / 1e6  # ns → ms
        series.setdefault(name, []).append((SIZES[size], median))
    return {k: sorted(v) for k, v in series.items() if len(v) >= 2}


def main():
    series = results()
    if not series:
        raise SystemExit("no criterion results with two or more sizes under target/criterion")
    w, h, left, right, top, bottom = 900, 560, 80, 260, 40, 60
    xs = [x for v in series.values() for x, _ in v]
    ys = [y for v in series.values() for _, y in v]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    px = lambda x: left + (math.log10(x) - x0) / (x1 - x0) * (w - left - right)
    py = lambda y: h - bottom - (math.log10(y) - y0) / (y1 - y0) * (h - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="24" font-size="15">hoptac: time per stage against size '
           f'(log-log; dashed = linear growth)</text>']
    for e in range(x0, x1 + 1):
        x = px(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{h - bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{h - bottom + 18}" text-anchor="middle">1e{e}</text>')
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - right}" y2="{y:.1f}" stroke="#ddd"/>')
        label = f"{10 ** e:g} ms" if e >= 0 else f"{10 ** e:g} ms"
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 16}" text-anchor="middle">'
               'co-authorships in the dataset</text>')
    # Linear reference through the first point of the slowest series.
    (rx, ry) = max(series.values(), key=lambda v: v[-1][1])[0]
    lo, hi = 10 ** x0, 10 ** x1
    out.append(f'<line x1="{px(lo):.1f}" y1="{py(max(ry * lo / rx, 10 ** y0)):.1f}" '
               f'x2="{px(hi):.1f}" y2="{py(min(ry * hi / rx, 10 ** y1)):.1f}" '
               'stroke="#999" stroke-dasharray="5,4"/>')
    for i, (name, pts) in enumerate(sorted(series.items())):
        c = COLORS[i % len(COLORS)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{c}"/>')
        ly = top + 16 + 18 * i
        out.append(f'<line x1="{w - right + 16}" y1="{ly - 4}" x2="{w - right + 36}" '
                   f'y2="{ly - 4}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{w - right + 42}" y="{ly}">{name}</text>')
    out.append("</svg>")
    (ROOT / "BENCHMARKS.svg").write_text("\n".join(out) + "\n")
    print(f"wrote BENCHMARKS.svg ({len(series)} series)")


if __name__ == "__main__":
    main()
