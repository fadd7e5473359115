"""Shared by the timing scripts: where the built-in cost model and the release binary are, and one modeled run."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILT_IN = os.path.join(ROOT, "Sources", "PTOCore", "Timing", "a2a3-timing.json")
PTOSIM = os.path.join(ROOT, ".build", "release", "ptosim")


def modeled_elapsed(ptosim, cost_model, case, options):
    """Modeled Elapsed (us) of `ptosim run --case CASE --timing --cost-model COST_MODEL OPTIONS...`."""
    out = subprocess.run([ptosim, "run", "--case", case, "--timing", "--no-kernel-reference", "--json",
                          "--cost-model", cost_model] + options, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"ptosim run --case {case} failed ({out.returncode}): {out.stderr.strip()}")
    return json.loads(out.stdout)["modeled_us"]["elapsed"]
