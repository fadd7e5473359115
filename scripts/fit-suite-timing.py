#!/usr/bin/env python3
"""Refits the predicting cost-model set on spmd_paged_attention's on-board rows, re-predicts simpler PR #694's whole
table with it and with the public set, and writes each row's sensitivity to each parameter.

The predicting set (`predicting` section of Sources/PTOCore/Timing/a2a3-timing.json) may be fitted only on
spmd_paged_attention's rows of PR #694 (and public figures of other workloads); the seven other rows are predictions.
Fitted here, in this order:
  1. runtime_model.orch_fixed_ns: the mean on-board Orch of spmd_paged_attention Case1/Case2 (one task each) minus
     the modeled one-task orchestration without it;
  2. hbm.bandwidth on Case1's Elapsed (bound by its K/V loads), then scalar.issue_cycles on Case2's, twice, each by
     regula falsi (at most 8 single-scene runs per figure); a figure whose target is out of reach is kept.
Then the table (two suite runs) and the sensitivity (one suite run per non-zero parameter): about 30 minutes on a
loaded 2-core machine.
Outputs go to .build/timing-fit/: predicting.json (the fitted cost-model file), table.md, sensitivity.md.

    python3 scripts/fit-suite-timing.py [--ptosim .build/release/ptosim] [--no-sensitivity]
"""
import argparse
import copy
import json
import os
import subprocess
import sys

from ptosim_timing import BUILT_IN, PTOSIM, ROOT, cost_model, figure, set_figure, solve

OUT = os.path.join(ROOT, ".build", "timing-fit")
SPMD = "spmd_paged_attention"
FITTED = ["runtime_model.orch_fixed_ns", "hbm.bandwidth", "scalar.issue_cycles"]


def write(p, name):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(p, f, indent=1)
    return path


def suite(ptosim, cost_model, examples=()):
    """Rows of `ptosim suite --timing --json`: {(scene, case): (modeled, hardware)}."""
    args = [ptosim, "suite", "--timing", "--json", "--cost-model", cost_model]
    for e in examples:
        args += ["--example", e]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"ptosim suite failed ({out.returncode}): {out.stderr.strip()}")
    rows = json.loads(out.stdout)["rows"]
    return {(r["example"], r["case"]): (r["modeled_us"], r["hardware_us"], r["result"]) for r in rows}


def table(rows, title):
    lines = [f"### {title}", "", "| example (case) | Elapsed model / board | err | Orch model / board | err | result |",
             "|---|---:|---:|---:|---:|---|"]
    for (scene, case), (m, hw, result) in rows.items():
        if not m or not hw:
            lines.append(f"| {scene} ({case}) | - | - | - | - | {result} |")
            continue
        e = (m["elapsed"] - hw["elapsed"]) / hw["elapsed"] * 100
        o = (m["orch"] - hw["orch"]) / hw["orch"] * 100
        lines.append(f"| {scene} ({case}) | {m['elapsed']:.1f} / {hw['elapsed']} | {e:+.1f} % | "
                     f"{m['orch']:.1f} / {hw['orch']} | {o:+.1f} % | {result} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptosim", default=PTOSIM)
    ap.add_argument("--no-sensitivity", action="store_true")
    ap.add_argument("--no-fit", action="store_true",
                    help="keep the built-in predicting set's figures; only re-predict the table and the sensitivity")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    base = json.load(open(BUILT_IN))
    p = cost_model("predicting")

    def spmd(q):
        rows = suite(args.ptosim, write(q, "trial.json"), [SPMD])
        return rows[(SPMD, "Case1")], rows[(SPMD, "Case2")]

    if args.no_fit:
        fitted = {k: figure(p, k) for k in FITTED}
        print("built-in predicting figures (not refitted):", json.dumps(fitted), flush=True)
        return report(args, base, p, fitted)
    # 1. The fixed orchestration cost from the one-task Orch rows.
    c1, c2 = spmd(p)
    board = (c1[1]["orch"] + c2[1]["orch"]) / 2
    modeled = (c1[0]["orch"] + c2[0]["orch"]) / 2
    fixed = figure(p, "runtime_model.orch_fixed_ns") + (board - modeled) * 1000
    set_figure(p, "runtime_model.orch_fixed_ns", fixed)
    # 2. HBM bandwidth on Case1, the issue cost on Case2 (each hardly moves the other's row), twice.
    def fit(key, lo, hi, row, name, target):
        """Sets `key` so that spmd row `row` (0: Case1, 1: Case2) gives `target` Elapsed, if it can."""
        def elapsed(v):
            q = copy.deepcopy(p)
            set_figure(q, key, v)
            return spmd(q)[row][0]["elapsed"]
        v = solve(elapsed, lo, hi, target)
        if v is None:
            print(f"  {key}: {name}'s Elapsed is out of reach, the figure is kept", flush=True)
        else:
            set_figure(p, key, v)

    for _ in range(2):
        fit("hbm.bandwidth", 0.5e12, 1.6e12, 0, "Case1", c1[1]["elapsed"])
        fit("scalar.issue_cycles", 1.0, 400.0, 1, "Case2", c2[1]["elapsed"])
    fitted = {k: figure(p, k) for k in FITTED}
    print("fitted on spmd_paged_attention's rows:", json.dumps(fitted), flush=True)
    report(args, base, p, fitted)


def report(args, base, p, fitted):
    """Re-predicts the table with the predicting set `p` and the public set, then (unless --no-sensitivity) writes each
    row's change for +10 % on each non-zero parameter."""
    predicting = write(p, "predicting.json")

    md = ["# Modeled vs on-board (simpler PR #694)", "", "fitted: " + json.dumps(fitted), "",
          table(suite(args.ptosim, predicting), "predicting (fitted on spmd_paged_attention only)"), "",
          table(suite(args.ptosim, write(copy.deepcopy(base), "public.json")), "public (no fitted figure)")]
    with open(os.path.join(OUT, "table.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md), flush=True)
    if args.no_sensitivity:
        return

    # Sensitivity: each parameter +10 %, every row's Elapsed and Orch change in %.
    reference = suite(args.ptosim, predicting)
    # Figures that are 0 in the predicting set and the thread count are left out: each row's change per parameter is
    # a full suite run, and the zero figures only add a constant per operation the non-zero ones already show.
    params = ["hbm.bandwidth", "scalar.issue_cycles", "runtime.dispatch_ns", "runtime.core_start_us",
              "runtime.completion_ns"] + [f"runtime_model.{k}" for k in base["runtime_model"]
                                          if k != "scheduler_threads" and figure(p, f"runtime_model.{k}")]
    lines = ["# Sensitivity of each row to each non-zero parameter (predicting set; +10 %)",
             "", "| parameter | " + " | ".join(f"{s} ({c}) Elapsed / Orch" for s, c in reference) + " |",
             "|---|" + "---|" * len(reference)]
    for path in params:
        q = copy.deepcopy(p)
        v = figure(q, path)
        set_figure(q, path, v * 1.1)
        rows = suite(args.ptosim, write(q, "trial.json"))
        cells = []
        for key, (m0, _, _) in reference.items():
            m1 = rows[key][0]
            if not m0 or not m1:
                cells.append("-")
                continue
            cells.append(f"{(m1['elapsed'] / m0['elapsed'] - 1) * 100:+.2f} % / {(m1['orch'] / m0['orch'] - 1) * 100:+.2f} %")
        lines.append(f"| {path} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    with open(os.path.join(OUT, "sensitivity.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
