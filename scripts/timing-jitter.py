#!/usr/bin/env python3
"""How far one modeled Elapsed can be trusted: the spread it shows under nudges far below any figure's precision.

When the die's HBM is saturated (the shared-bandwidth pool at its capacity), the timed model is chaotic: a flow that
starts a little earlier takes a larger share and finishes earlier still, so a difference of 1e-8 cycles grows by one
to two orders of magnitude every 50k cycles until it saturates at tens of microseconds, with no change in the order
of any core's instructions. A single run is then one sample. This script runs the same case N times with one
cost-model figure scaled by (1 + k * STEP), k = 0..N-1 (default: MTE1's L1->L0A rate, an on-chip figure, by 1e-9 steps), and prints
every Elapsed with the median, range and spread, so a fit or a comparison can use the median of an ensemble.

    python3 scripts/timing-jitter.py [--cost-model FILE|calibrated|...] [--case Case1] [--runs 12]
        [--figure dma.l1_to_l0a] [--step 1e-9] [--ptosim .build/release/ptosim] [-- extra ptosim run options]
"""
import argparse
import copy
import json
import os
import statistics
import tempfile

from ptosim_timing import PTOSIM, cost_model, fail, figure, modeled_elapsed, set_figure


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptosim", default=PTOSIM)
    ap.add_argument("--cost-model", default="calibrated")
    ap.add_argument("--case", default="Case1")
    ap.add_argument("--runs", type=int, default=12)
    ap.add_argument("--figure", default="dma.l1_to_l0a")
    ap.add_argument("--step", type=float, default=1e-9)
    ap.add_argument("options", nargs="*", help="extra `ptosim run` options, e.g. -- --events shared --no-prefetch")
    args = ap.parse_args()
    if not os.path.exists(args.ptosim):
        fail(f"no ptosim binary at {args.ptosim}: run `swift build -c release --product ptosim` first")
    base = cost_model(args.cost_model)
    value = figure(base, args.figure)
    path = os.path.join(tempfile.mkdtemp(), "cost-model.json")
    runs = []
    for k in range(args.runs):
        p = copy.deepcopy(base)
        set_figure(p, args.figure, value * (1 + k * args.step))
        with open(path, "w") as f:
            json.dump(p, f)
        e = modeled_elapsed(args.ptosim, path, args.case, args.options)
        runs.append(e)
        print(f"  {args.figure} x (1 + {k} * {args.step:g}): {e:.1f} us", flush=True)
    med = statistics.median(runs)
    print(f"{args.case} {' '.join(args.options)}: median {med:.1f} us, range {min(runs):.1f}-{max(runs):.1f} us "
          f"({(max(runs) - min(runs)) / med:.1%} of the median) over {len(runs)} runs")


if __name__ == "__main__":
    main()
