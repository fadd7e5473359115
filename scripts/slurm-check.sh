#!/usr/bin/env bash
# `make slurm-check`: runs the documented Slurm array script (examples/slurm/ptosim-array.sbatch) under a real Slurm
# and checks that the shards it produces merge into exactly the output of the unsharded run.
#
#   scripts/slurm-check.sh PREFIX      PREFIX: where `make install` put bin/ptosim (the binary the node runs)
#
# As root, on this machine alone: installs Debian's slurm-wlm and munge when missing, starts munged, slurmctld and
# slurmd on loopback with ports of their own and every file under .build-slurm/, submits the array script for Case1
# as SHARDS array tasks (default 4) with `sbatch --wait`, merges the shards with `ptosim merge`, compares the merged
# `out` with `ptosim run --case Case1` run unsharded, and stops the three daemons it started (by their pids, also on
# failure or Ctrl-C).
set -euo pipefail

prefix=${1:?usage: scripts/slurm-check.sh PREFIX (the prefix make install used)}
shards=${SHARDS:-4}
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$repo/.build-slurm
ptosim=$prefix/bin/ptosim
array_script=$repo/examples/slurm/ptosim-array.sbatch
conf=$scratch/etc/slurm.conf
started_at=$SECONDS

say() { echo "slurm-check: $*"; }
fail() { echo "slurm-check: FAILED: $*" >&2; exit 1; }

# Prints the last lines of a daemon's log, to say why it did not come up.
log_tail() {
    local name=$1
    for f in "$scratch/log/$name.log" "$scratch/log/$name.out"; do
        if [ -s "$f" ]; then echo "---- last lines of $f" >&2; tail -n 25 "$f" >&2; fi
    done
}

[ -x "$ptosim" ] || fail "$ptosim does not exist; run 'make install PREFIX=$prefix' first"
[ "$(id -u)" -eq 0 ] || fail "must run as root: it installs slurm-wlm and munge with apt-get and starts munged, slurmctld and slurmd as root"

# ---- Packages
missing=()
for tool in munged munge unmunge slurmctld slurmd sbatch sinfo squeue scancel scontrol; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing slurm-wlm and munge (apt-get; missing: ${missing[*]})"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

# ---- Scratch folder, and whatever an earlier run that was killed left behind
# Our pid files hold the pids this script started; a pid is only signalled while its command line still names this
# scratch folder, so a pid the system has since reused for something else is never touched.
ours() { local command; command=$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline") || return 1; [[ $command == *"$scratch"* ]]; }
stop_daemon() {
    local name=$1 file=$scratch/run/$1.pid pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do ours "$pid" || break; sleep 0.2; done
        if ours "$pid"; then say "$name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}
stop_all() {
    # Jobs first (their slurmstepd processes outlive slurmd), then the daemons in the reverse order of their start.
    if [ -f "$scratch/run/slurmctld.pid" ] && ours "$(cat "$scratch/run/slurmctld.pid")"; then
        SLURM_CONF=$conf scancel --quiet --full --user=root 2>/dev/null || true
        for _ in $(seq 50); do [ -z "$(SLURM_CONF=$conf squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
    fi
    stop_daemon slurmd
    stop_daemon slurmctld
    stop_daemon munged
}
mkdir -p "$scratch/run"
stop_all
rm -rf "$scratch/etc" "$scratch/log" "$scratch/state" "$scratch/spool" "$scratch/job"
mkdir -p "$scratch/etc" "$scratch/log" "$scratch/state" "$scratch/spool" "$scratch/job"
trap 'status=$?; stop_all; say "stopped munged, slurmctld and slurmd"; exit $status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- munge, with a key and a socket of its own
key=$scratch/etc/munge.key
socket=$scratch/run/munge.socket
head -c 1024 /dev/urandom > "$key"
chmod 400 "$key"
munged --foreground --force --key-file="$key" --socket="$socket" --pid-file="$scratch/run/munged.own.pid" \
    --log-file="$scratch/log/munged.log" --seed-file="$scratch/run/munged.seed" > "$scratch/log/munged.out" 2>&1 &
echo $! > "$scratch/run/munged.pid"
for _ in $(seq 50); do [ -S "$socket" ] && break; ours "$(cat "$scratch/run/munged.pid")" || break; sleep 0.1; done
if ! munge --socket="$socket" -n 2>/dev/null | unmunge --socket="$socket" >/dev/null 2>&1; then
    log_tail munged
    fail "munged did not start: a credential made with munge -n does not decode with unmunge"
fi

# ---- Slurm configuration: this host alone, on loopback, with two free ports
host=$(hostname -s)
read -r ctld_port slurmd_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
# Each array task asks for 2 CPUs. So that the tasks run at the same time, as they would on as many nodes, the node
# offers at least 2 CPUs per shard: more than the machine has if need be (slurmd then takes the CPU count from this
# file, config_overrides, instead of draining the node for having fewer). It also keeps the check short: sbatch --wait
# polls at growing intervals (on Slurm 22.05 it returned 10 s after submitting when the tasks ran at once, 42 s
# when they queued behind each other).
cpus=$(nproc)
[ "$cpus" -ge $((2 * shards)) ] || cpus=$((2 * shards))
mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
[ "$mem_mb" -ge 2048 ] || fail "the array script asks 2 GB per task but this machine offers Slurm only $mem_mb MB"
cat > "$conf" <<EOF
ClusterName=ptosimcheck
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/run/slurmctld.own.pid
SlurmdPidFile=$scratch/run/slurmd.own.pid
SlurmctldLogFile=$scratch/log/slurmctld.log
SlurmdLogFile=$scratch/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=ptosim Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$conf

# ---- slurmctld, then slurmd; wait for the node to be idle
slurmctld -D -f "$conf" > "$scratch/log/slurmctld.out" 2>&1 &
echo $! > "$scratch/run/slurmctld.pid"
for i in $(seq 100); do
    ours "$(cat "$scratch/run/slurmctld.pid")" || { log_tail slurmctld; fail "slurmctld exited at start"; }
    scontrol ping 2>/dev/null | grep -q 'is UP' && break
    [ "$i" -lt 100 ] || { log_tail slurmctld; fail "slurmctld did not answer scontrol ping within 20 s"; }
    sleep 0.2
done
slurmd -D -f "$conf" -N "$host" > "$scratch/log/slurmd.out" 2>&1 &
echo $! > "$scratch/run/slurmd.pid"
state=
for i in $(seq 150); do
    ours "$(cat "$scratch/run/slurmd.pid")" || { log_tail slurmd; fail "slurmd exited at start"; }
    state=$(sinfo -h -N -n "$host" -o '%T' 2>/dev/null || true)
    [ "$state" = idle ] && break
    [ "$i" -lt 150 ] || { scontrol show node "$host" >&2 || true; log_tail slurmd; log_tail slurmctld
                          fail "node $host is '$state', not idle, 30 s after slurmd started"; }
    sleep 0.2
done
say "one-node cluster up in $((SECONDS - started_at)) s: node $host idle (offers $cpus CPUs on $(nproc), $mem_mb MB), ports $ctld_port/$slurmd_port"

# ---- The array job, exactly as documented, with the installed binary first on PATH
job=$scratch/job
cd "$job"
say "submitting $array_script --array=0-$((shards - 1)) --wait"
submit_status=0
submitted_at=$SECONDS
env -u LD_LIBRARY_PATH PATH="$prefix/bin:$PATH" "$array_script" --array="0-$((shards - 1))" --wait || submit_status=$?
if [ "$submit_status" -ne 0 ] || [ "$(ls shards 2>/dev/null | wc -l)" -ne "$shards" ]; then
    for f in logs/*; do [ -f "$f" ] && { echo "---- $f" >&2; tail -n 20 "$f" >&2; }; done
    log_tail slurmd
    fail "the array job ended with status $submit_status and left $(ls shards 2>/dev/null | wc -l) of $shards shard files"
fi
[ "$(ls logs | wc -l)" -eq "$shards" ] || fail "expected $shards task logs in logs/, found: $(ls logs)"
say "array job done in $((SECONDS - submitted_at)) s: $(ls shards | tr '\n' ' ')"

# ---- Merge, run unsharded, compare
"$ptosim" merge --out merged.safetensors shards/case1-*.safetensors
"$ptosim" run --case Case1 --seed 42 --out unsharded.safetensors > unsharded.log 2>&1 \
    || { tail -n 20 unsharded.log >&2; fail "the unsharded run failed"; }
# Both files hold one tensor, `out`; the merged file's metadata adds `merged_shards`, so the check is on the tensor
# (dtype, shape and every byte) and on the metadata the two files share.
python3 - merged.safetensors unsharded.safetensors <<'PY'
import hashlib, json, struct, sys

def load(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    return meta, {k: (v["dtype"], v["shape"], body[v["data_offsets"][0]:v["data_offsets"][1]]) for k, v in header.items()}

(m_meta, merged), (u_meta, unsharded) = load(sys.argv[1]), load(sys.argv[2])
if set(merged) != {"out"} or set(unsharded) != {"out"}:
    sys.exit(f"expected one tensor 'out' in each file, got {sorted(merged)} and {sorted(unsharded)}")
(md, ms, mb), (ud, us, ub) = merged["out"], unsharded["out"]
if (md, ms) != (ud, us):
    sys.exit(f"merged out is {md}{ms}, unsharded out is {ud}{us}")
if mb != ub:
    first = next(i for i in range(len(mb)) if mb[i] != ub[i])
    sys.exit(f"merged out differs from the unsharded out (first differing byte {first} of {len(mb)})")
for key in sorted(set(m_meta) & set(u_meta)):
    if m_meta[key] != u_meta[key]:
        sys.exit(f"metadata '{key}' differs: merged {m_meta[key]!r}, unsharded {u_meta[key]!r}")
print(f"slurm-check: merged out {md}{ms} is byte-identical to the unsharded run's "
      f"({len(mb)} bytes, sha256 {hashlib.sha256(mb).hexdigest()[:16]}...)")
PY
say "PASSED in $((SECONDS - started_at)) s"
