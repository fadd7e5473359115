#!/usr/bin/env python3
"""One-at-a-time sensitivity of the modeled Case1/Case2 times to the cost-model figures that have no firm public value.

Each variant is the built-in public parameter file with one figure changed, written to a temporary file and passed to
`ptosim run --timing --cost-model FILE`; `pto-fitted-dma` is the built-in named set. Prints modeled Elapsed, the
ratio to PR #708's hardware figures (per-slot events: Case1 1325.3 us, Case2 694.4 us) and the Case1/Case2 ratio.

    python3 scripts/timing-sensitivity.py [--ptosim .build/release/ptosim] [--events per-slot]
"""
import argparse
import copy
import json
import os
import tempfile

from ptosim_timing import BUILT_IN, PTOSIM, modeled_elapsed

HARDWARE = {"per-slot": (1325.3, 694.4), "shared": (1316.5, 694.4)}

# name -> {dotted.path: value}; None means the built-in set named by the variant.
VARIANTS = [
    ("public (built-in)", {}),
    ("HBM at 80% of 1.6 TB/s", {"hbm.bandwidth": 1.28e12}),
    ("GM latency 500 cycles", {"dma.l2_hit_latency_cycles": 500}),
    ("FFTS latency 500 ns", {"sync.cross_core_latency_ns": 500}),
    ("FFTS latency 1000 ns", {"sync.cross_core_latency_ns": 1000}),
    ("pto-fitted-dma", None),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptosim", default=PTOSIM)
    ap.add_argument("--events", default="per-slot", choices=sorted(HARDWARE))
    args = ap.parse_args()
    base = json.load(open(BUILT_IN))
    hw1, hw2 = HARDWARE[args.events]
    print(f"| variant ({args.events}) | Case1 us | / hw | Case2 us | / hw | Case1/Case2 | / hw |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, changes in VARIANTS:
            if changes is None:
                model = name
            else:
                p = copy.deepcopy(base)
                for path, value in changes.items():
                    section, key = path.split(".")
                    p[section][key]["value"] = value
                model = os.path.join(tmp, "cost-model.json")
                with open(model, "w") as f:
                    json.dump(p, f)
            c1 = modeled_elapsed(args.ptosim, model, "Case1", ["--events", args.events])
            c2 = modeled_elapsed(args.ptosim, model, "Case2", ["--events", args.events])
            print(f"| {name} | {c1:.1f} | {c1 / hw1:.3f} | {c2:.1f} | {c2 / hw2:.3f} | {c1 / c2:.3f} | "
                  f"{c1 / c2 / (hw1 / hw2):.3f} |", flush=True)


if __name__ == "__main__":
    main()
