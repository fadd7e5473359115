#!/usr/bin/env bash
# Times the scene suite's rows in release, one process per row and run, so each peak RSS is that row's own:
# input generation, golden, emulation (the launch, as SceneRunner measures it), comparison, peak RSS.
# Prints every run's line, then per row the median of each phase.
#   scripts/bench-scenes.sh                       # the suite's rows, 3 runs each
#   RUNS=5 scripts/bench-scenes.sh batch_paged_attention:Case1 paged_attention_unroll:Case2
# Builds the release tests first (swift test -c release) unless SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
ROWS=("$@")
if [ ${#ROWS[@]} -eq 0 ]; then
  ROWS=(alternating_matmul_add:Case1 benchmark_bgemm:Case0 paged_attention_unroll:Case1 paged_attention_unroll:Case2
        paged_attention_unroll_manual_scope:Case1 paged_attention_unroll_manual_scope:Case2 batch_paged_attention:Case1
        spmd_paged_attention:Case1 spmd_paged_attention:Case2)
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then swift test -c release --filter SceneSuiteTimings >/dev/null; fi
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(mktemp)
for row in "${ROWS[@]}"; do
  for _ in $(seq "$RUNS"); do
    PTOSIM_SCENE_TIMINGS=$row .build/release/PTOSimPackageTests.xctest --testing-library swift-testing \
      --filter SceneSuiteTimings 2>&1 \
      | grep -o 'SCENE-TIMING.*' | tee -a "$out"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "medians over $RUNS runs (seconds; MB):"
python3 - "$out" <<'PY'
import sys, statistics, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    f = line.split()
    kv = dict(x.split('=') for x in f[3:])
    rows.setdefault((f[1], f[2]), []).append(kv)
keys = ['inputs', 'golden', 'emulation', 'compare', 'peak_rss_mb']
print(f"{'scene':38} {'case':6} {'tasks':>6} " + ' '.join(f'{k:>11}' for k in keys) + '   total')
for (s, c), runs in rows.items():
    med = {k: statistics.median(float(r[k]) for r in runs) for k in keys}
    total = sum(med[k] for k in keys[:4])
    print(f"{s:38} {c:6} {runs[0]['tasks']:>6} " + ' '.join(f'{med[k]:11.3f}' if k != 'peak_rss_mb' else f'{med[k]:11.0f}' for k in keys) + f'  {total:6.2f}')
PY
rm -f "$out"
