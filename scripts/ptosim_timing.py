"""Shared by the timing scripts: where the built-in cost model and the release binary are, reading and setting a
figure of a cost-model file, a named set as a full file, one modeled run, and the root finder the fits use."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILT_IN = os.path.join(ROOT, "Sources", "PTOCore", "Timing", "a2a3-timing.json")
PTOSIM = os.path.join(ROOT, ".build", "release", "ptosim")


def fail(message):
    """Bad input: one line on stderr, exit code 2."""
    print(message, file=sys.stderr)
    sys.exit(2)


def figure(p, path):
    """The figure at dotted `path` (`hbm.bandwidth`) of cost-model dictionary `p`: its "value", or the bare number."""
    node = p
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            fail(f"no figure '{path}' in the cost model")
        node = node[key]
    return node["value"] if isinstance(node, dict) else node


def set_figure(p, path, value):
    """Sets the figure at dotted `path` of `p` (its "value", or the bare number) to `value`."""
    *parents, last = path.split(".")
    node = p
    for key in parents:
        node = node[key]
    if isinstance(node[last], dict):
        node[last]["value"] = value
    else:
        node[last] = value


def cost_model(name):
    """A full parameter file for a named set (the built-in file with that set's overrides applied) or a file path."""
    if os.path.exists(name):
        return json.load(open(name))
    base = json.load(open(BUILT_IN))
    if name == "public":
        return base
    if name not in base or "overrides" not in base[name]:
        fail(f"unknown cost model '{name}': give a file or one of the built-in sets")
    for path, entry in base[name]["overrides"].items():
        set_figure(base, path, entry["value"])
    return base


def modeled_elapsed(ptosim, cost_model, case, options):
    """Modeled Elapsed (us) of `ptosim run --case CASE --timing --cost-model COST_MODEL OPTIONS...`."""
    out = subprocess.run([ptosim, "run", "--case", case, "--timing", "--no-kernel-reference", "--json",
                          "--cost-model", cost_model] + options, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"ptosim run --case {case} failed ({out.returncode}): {out.stderr.strip()}")
    return json.loads(out.stdout)["modeled_us"]["elapsed"]


def solve(f, lo, hi, target, rel_tol=0.002, steps=6):
    """x in [lo, hi] with f(x) = target for a monotonic f, by regula falsi (Illinois variant): a few evaluations where
    bisection needed a dozen. None when the target is outside f's range on [lo, hi] (the figure is then not refitted).
    The modeled times are not smooth in a figure (a step can move which core waits on which), so when no evaluation
    lands within rel_tol the x whose f came closest is returned, and said."""
    flo, fhi = f(lo) - target, f(hi) - target
    if flo * fhi > 0:
        print(f"  target {target} outside [{flo + target:.1f}, {fhi + target:.1f}] on [{lo}, {hi}]", flush=True)
        return None
    best = (lo, flo) if abs(flo) <= abs(fhi) else (hi, fhi)
    side = 0
    for _ in range(steps):
        x = (lo * fhi - hi * flo) / (fhi - flo)
        fx = f(x) - target
        print(f"  x = {x:.6g}: {fx + target:.1f} (target {target})", flush=True)
        if abs(fx) < abs(best[1]):
            best = (x, fx)
        if abs(fx) <= rel_tol * abs(target):
            break
        if fx * fhi > 0:
            hi, fhi = x, fx
            if side == -1:
                flo /= 2
            side = -1
        else:
            lo, flo = x, fx
            if side == 1:
                fhi /= 2
            side = 1
    if abs(best[1]) > rel_tol * abs(target):
        print(f"  no step within {rel_tol:.1%} of {target}: closest x = {best[0]:.6g} ({best[1] + target:.1f})",
              flush=True)
    return best[0]
