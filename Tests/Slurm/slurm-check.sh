#!/bin/bash
# make slurm-check: runs the job array that `losslab slurm` writes on a real, single-node Slurm
# (Debian's slurm-wlm and munge, installed when missing), merges, and compares with the same
# run on one machine, every file byte for byte. Needs root (it installs packages and starts
# munged, slurmctld and slurmd on private ports); it stops the daemons it started.
#   usage: Tests/Slurm/slurm-check.sh LOSSLAB_BINARY [SHARDS] [SPEC...]
set -euo pipefail
losslab=$(realpath "$1"); shift
shards=${1:-3}; shift || true
specs=("$@"); [ ${#specs[@]} -gt 0 ] || specs=(bce-logits units-and-overflow)

if [ "$(id -u)" != 0 ]; then
  echo "slurm-check: needs root (installs slurm-wlm and munge, starts slurmctld and slurmd): run 'sudo make slurm-check'" >&2
  exit 2
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-check: installing slurm-wlm and munge"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >/dev/null
fi

work=$(mktemp -d /tmp/losslab-slurm-check.XXXXXX)
chmod 755 "$work"
started=()
stop() {
  for pidfile in "${started[@]}"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$work"
}
trap stop EXIT

# munge: a key of our own and a private socket, so that a munged already running is left alone.
mkdir -p "$work/munge" && chown munge: "$work/munge" 2>/dev/null || true
dd if=/dev/urandom bs=1 count=1024 of="$work/munge/munge.key" status=none
chown munge: "$work/munge/munge.key" 2>/dev/null || true
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
runuser -u munge -- /usr/sbin/munged --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" --force
started+=("$work/munge/munged.pid")

host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=losslabcheck
SlurmctldHost=$host
SlurmctldPort=6917
SlurmdPort=6918
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
started+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF"
started+=("$work/slurmd.pid")
for _ in $(seq 60); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || { echo "slurm-check: the node did not come up (state '$state')" >&2; tail -5 "$work/slurmctld.log" "$work/slurmd.log" >&2; exit 1; }
echo "slurm-check: Slurm $(sinfo -V | cut -d' ' -f2) up on $host ($cpus CPUs)"

# The two commands of the README, then the same run on one machine.
"$losslab" slurm "${specs[@]}" --quick --shards "$shards" --cpus 1 --partition check --time 30 \
  --shard-dir "$work/shards" --out "$work/merged" --losslab "$losslab" >"$work/submit.sh"
bash "$work/submit.sh"
read -r array merge <"$work/shards/jobs"
began=$(date +%s)
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
  [ $(($(date +%s) - began)) -lt 900 ] || { echo "slurm-check: jobs still queued after 15 min" >&2; squeue >&2; exit 1; }
  sleep 2
done
for job in "$array" "$merge"; do
  scontrol show job "$job" | grep -o 'JobState=[A-Z]*' | sort | uniq -c | sed "s/^/slurm-check: job $job: /"
done
if { scontrol show job "$array"; scontrol show job "$merge"; } | grep -o 'JobState=[A-Z]*' | grep -qv COMPLETED; then
  echo "slurm-check: a job did not complete" >&2
  cat "$work"/shards/slurm-*.out >&2 || true
  exit 1
fi
ls "$work/shards"/shard-*-of-"$shards".losslab.json | sed 's/^/slurm-check: partial result /'
"$losslab" run "${specs[@]}" --quick --quiet --out "$work/single"
diff -r "$work/single" "$work/merged"
echo "slurm-check: passed: $shards array tasks and their merge on Slurm give $(ls "$work/single" | wc -l) files byte-identical to one run"
