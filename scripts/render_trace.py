#!/usr/bin/env python3
"""Render a `ptosim trace` Chrome trace-event JSON as a swimlane PNG (one lane per core and pipe).

A headless stand-in for opening the file in Perfetto: the same events, drawn with matplotlib.

    python3 scripts/render_trace.py trace.json out.png [--from US] [--to US] [--title TEXT]

The top panel shows the whole trace; the bottom panel zooms into [--from, --to] (µs) and labels the slices and the
set -> wait flows. A scene trace's runtime lanes (the AICPU orchestrator, each scheduler thread, each core's `tasks`
track) come first; --runtime-only draws just those (a many-task scene has too many pipe lanes for one picture).
"""
import argparse
import json
import sys

try:
    import matplotlib
except ImportError:
    sys.exit("render_trace.py: error: needs matplotlib (pip install matplotlib, or apt install python3-matplotlib)")

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

PIPE_ORDER = ["S", "MTE1", "MTE2", "MTE3", "M", "V", "FIX"]
COLORS = {"S": "#9e9e9e", "MTE1": "#4caf50", "MTE2": "#1e88e5", "MTE3": "#8e24aa", "M": "#e53935",
          "V": "#fb8c00", "FIX": "#00897b"}
SYNC_COLOR = "#212121"
RUNTIME_COLORS = {"submit": "#5c6bc0", "scope_begin": "#26a69a", "scope_end": "#26a69a", "back-pressure": "#d81b60",
                  "dispatch": "#43a047", "complete": "#f4511e", "task": "#546e7a"}


def lane_name(threads, procs, pid, tid):
    return threads.get((pid, tid), "thread" if pid >= 100000 else "tasks")


def lane_rank(name):
    return -1 if name not in PIPE_ORDER else PIPE_ORDER.index(name)


def load(path, runtime_only=False):
    with open(path) as f:
        doc = json.load(f)
    events = doc["traceEvents"]
    procs, threads = {}, {}
    for e in events:
        if e.get("ph") == "M" and e["name"] == "process_name":
            procs[e["pid"]] = e["args"]["name"]
        if e.get("ph") == "M" and e["name"] == "thread_name":
            threads[(e["pid"], e["tid"])] = e["args"]["name"]
    slices = [e for e in events if e.get("ph") == "X" and (not runtime_only or e.get("cat") == "runtime")]
    flows = {}
    for e in events:
        if e.get("ph") in ("s", "f"):
            flows.setdefault(e["id"], {})[e["ph"]] = e
    def key(k):
        return (0 if k[0] >= 100000 else 1, k[0], lane_rank(lane_name(threads, procs, *k)))
    used = sorted({(e["pid"], e["tid"]) for e in slices}, key=key)
    lanes = {key: i for i, key in enumerate(used)}
    names = [procs.get(p, str(p)) + ("" if p >= 100000 else " " + lane_name(threads, procs, p, t)) for p, t in used]
    return doc, slices, flows, lanes, names


def is_sync(e):
    op = e.get("args", {}).get("op", "")
    return op in ("set_flag", "wait_flag", "pipe_barrier", "cross_set", "cross_wait") or "." in op and op.split(".")[1] in (
        "wait_credit", "record", "wait_data", "free", "drain")


def draw(ax, slices, flows, lanes, names, lo, hi, labels):
    for e in slices:
        t0, d = e["ts"], max(e["dur"], 1e-4)
        if t0 + d < lo or t0 > hi:
            continue
        y = lanes[(e["pid"], e["tid"])]
        sync = is_sync(e)
        if e.get("cat") == "runtime":
            color = RUNTIME_COLORS.get(e["name"].split(" ")[0], "#546e7a")
        else:
            color = SYNC_COLOR if sync else COLORS[e["cat"]]
        h = 0.35 if sync else 0.8
        ax.broken_barh([(t0, d)], (y - h / 2, h), facecolors=color, edgecolors="none")
        if labels and not sync and d > (hi - lo) / 60:
            text = e["name"].split(" ", 1)[1] if " " in e["name"] else e["name"]
            ax.text(t0 + d / 2, y, text.replace("aic.", "").replace("aiv.", ""), ha="center", va="center",
                    fontsize=5.5, color="white", clip_on=True)
    if labels:
        for pair in flows.values():
            if "s" not in pair or "f" not in pair:
                continue
            s, f = pair["s"], pair["f"]
            if not (lo <= s["ts"] <= hi or lo <= f["ts"] <= hi):
                continue
            ys, yf = lanes.get((s["pid"], s["tid"])), lanes.get((f["pid"], f["tid"]))
            if ys is None or yf is None or ys == yf:
                continue
            ax.annotate("", xy=(f["ts"], yf), xytext=(s["ts"], ys),
                        arrowprops=dict(arrowstyle="->", lw=0.5, color="#555555", alpha=0.7))
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names, fontsize=7 if len(names) < 60 else 4)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("modeled time (µs)", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", lw=0.3, alpha=0.5)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trace")
    ap.add_argument("png")
    ap.add_argument("--from", dest="lo", type=float, default=None)
    ap.add_argument("--to", dest="hi", type=float, default=None)
    ap.add_argument("--title", default=None)
    ap.add_argument("--runtime-only", action="store_true")
    a = ap.parse_args(argv)
    doc, slices, flows, lanes, names = load(a.trace, a.runtime_only)
    end = max(e["ts"] + e["dur"] for e in slices)
    lo = a.lo if a.lo is not None else 0.0
    hi = a.hi if a.hi is not None else min(end, lo + 5.0)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(16, 10), gridspec_kw={"height_ratios": [1, 1.6]})
    draw(top, slices, flows, lanes, names, 0.0, end, labels=False)
    top.axvspan(lo, hi, color="#ffeb3b", alpha=0.35)
    top.set_title(a.title or doc.get("otherData", {}).get("title", a.trace), fontsize=9)
    draw(bottom, slices, flows, lanes, names, lo, hi, labels=True)
    bottom.set_title(f"zoom {lo:g}–{hi:g} µs: slices labelled, arrows = set → wait / TPUSH → TPOP flows", fontsize=9)
    legend = [Patch(color=COLORS[p], label=p) for p in PIPE_ORDER] + [Patch(color=SYNC_COLOR, label="sync")]
    legend += [Patch(color=c, label=n) for n, c in RUNTIME_COLORS.items() if n not in ("scope_end",)]
    top.legend(handles=legend, loc="upper right", fontsize=7, ncol=8)
    fig.tight_layout()
    fig.savefig(a.png, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1:])
