#!/usr/bin/env python3
"""Draws index-shapes.sh's rows as an SVG: wall time and peak RSS per shape and run kind, one bar per build.

    plot_shapes.py OUT.svg NAME=ROWS [NAME=ROWS ...]

ROWS is a file index-shapes.sh appended to (OUT=...): "shape label wall_s rss_kb exit" per run. Medians are drawn;
a run that failed (exit != 0) is drawn hatched red and labelled "failed". Python's standard library only.
"""
import math
import statistics
import sys
from xml.sax.saxutils import escape

LABELS = ["cold", "warm", "cold-256m", "warm-256m", "warm-256m-session"]
COLOURS = ["#8c8c8c", "#2b6cb0", "#c05621", "#2f855a"]


def load(path):
    rows = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 5:
            shape, label, wall, rss, rc = parts
            rows.setdefault((shape, label), []).append((float(wall), int(rss) / 1024, int(rc)))
    return {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), max(x[2] for x in v))
            for k, v in rows.items()}


def main():
    out = sys.argv[1]
    builds = [(a.split("=", 1)[0], load(a.split("=", 1)[1])) for a in sys.argv[2:]]
    shapes = []
    for _, rows in builds:
        for shape, _ in rows:
            if shape not in shapes:
                shapes.append(shape)
    bar, gap, left, panel_w = 9, 6, 190, 330
    rows_h = len(builds) * bar + gap
    height = 60 + len(shapes) * (len(LABELS) * rows_h + 24)
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (left + 2 * panel_w + 60, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<defs><pattern id="h" width="4" height="4" patternUnits="userSpaceOnUse">'
           '<path d="M0,4 l4,-4" stroke="#c53030" stroke-width="1"/></pattern></defs>']
    for p, (title, idx, unit) in enumerate([("wall time (s, log scale)", 0, "s"), ("peak RSS (MB)", 1, "MB")]):
        x0 = left + p * (panel_w + 30)
        svg.append('<text x="%d" y="18" font-weight="bold">%s</text>' % (x0, title))
        values = [v[idx] for _, rows in builds for v in rows.values()]
        top = max(values) if values else 1
        y = 40
        for shape in shapes:
            svg.append('<text x="4" y="%d" font-weight="bold">%s</text>' % (y + 10, escape(shape)))
            y += 16
            for label in LABELS:
                if p == 0:
                    svg.append('<text x="14" y="%d">%s</text>' % (y + len(builds) * bar - 2, label))
                for b, (name, rows) in enumerate(builds):
                    v = rows.get((shape, label))
                    if v is None:
                        continue
                    if idx == 0:
                        w = panel_w * max(0.02, math.log10(max(v[0], 0.1) / 0.1) / math.log10(top / 0.1))
                    else:
                        w = panel_w * v[1] / top
                    fill = 'url(#h)' if v[2] != 0 else COLOURS[b % len(COLOURS)]
                    svg.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                               % (x0, y + b * bar, w, bar - 1, fill))
                    svg.append('<text x="%.1f" y="%d" font-size="9">%s%s</text>'
                               % (x0 + w + 3, y + b * bar + bar - 2, ("%.2f" % v[0]) if idx == 0 else
                                  ("%.0f" % v[1]), " failed" if v[2] != 0 else ""))
                y += rows_h
            y += 8
    for b, (name, _) in enumerate(builds):
        svg.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>'
                   % (left + b * 120, height - 16, COLOURS[b % len(COLOURS)], left + b * 120 + 14, height - 7,
                      escape(name)))
    svg.append('</svg>')
    open(out, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
