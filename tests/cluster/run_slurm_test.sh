#!/usr/bin/env bash
# The workflow on a real one-node SLURM cluster gives the same bytes as a local run.
#
# Starts SLURM on this machine with shared/slurm/up.sh (Debian packages, munge, slurmctld,
# slurmd), makes a small demo corpus, runs the workflow locally into results_local and through
# SLURM (`--profile workflow/profiles/slurm`) into results_slurm, checks that every job of a
# non-local rule went through sbatch, and compares the two folders with compare_results.py.
# The daemons are stopped with down.sh on every exit, failure included.
#
# Usage (as root; up.sh installs packages):  tests/cluster/run_slurm_test.sh [WORKDIR]
# Environment:
#   VENV          a virtualenv to run in; it gets `pip install -c constraints.txt -e .[slurm]`
#                 (default: WORKDIR/venv, made with $PYTHON, default python3.11)
#   SLURM_RECIPE  the folder with up.sh and down.sh (default: ../shared/slurm beside the repo)
#   KEEP_WORKDIR  1: keep WORKDIR after a passing run (it is always kept after a failure)
# Exits 0 when the two results folders agree, non-zero on any difference or failure.
set -euo pipefail

REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
RECIPE=${SLURM_RECIPE:-$REPO/../shared/slurm}
WORK=${1:-$(mktemp -d "${TMPDIR:-/tmp}/policytext-slurm.XXXXXX")}
VENV=${VENV:-$WORK/venv}
BASE=$WORK/slurm            # up.sh's folder: slurm.conf, state, daemon logs and PID files
TIMEOUT=${TIMEOUT:-900}     # seconds allowed for each workflow run
T0=$(date +%s)

say() { echo "=== [$(( $(date +%s) - T0 ))s] $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root: up.sh installs Debian packages and starts daemons"
[ -x "$RECIPE/up.sh" ] && [ -x "$RECIPE/down.sh" ] \
  || fail "no up.sh/down.sh in $RECIPE; set SLURM_RECIPE to the shared/slurm folder"
if pidof slurmctld >/dev/null || pidof slurmd >/dev/null; then
  fail "SLURM daemons already run on this machine (pids $(pidof slurmctld slurmd)); stop them first"
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
BASE=$WORK/slurm

stop_cluster() {
  local status=$?
  say "stopping the cluster"
  if command -v squeue >/dev/null && squeue -h >/dev/null 2>&1; then
    squeue -h -o %i | xargs -r scancel || true   # only this test's cluster and jobs exist
  fi
  bash "$RECIPE/down.sh" "$BASE" || true
  if [ "$status" = 0 ] && [ "${KEEP_WORKDIR:-0}" != 1 ]; then
    rm -rf "$WORK"
  else
    echo "work folder kept: $WORK"
  fi
  say "done (exit $status)"
}
trap stop_cluster EXIT

# Another apt-get holding the dpkg lock makes up.sh fail at once: let apt wait for it instead.
printf 'DPkg::Lock::Timeout "600";\n' > "$WORK/apt.conf"
export APT_CONFIG=$WORK/apt.conf

say "starting a one-node SLURM cluster ($RECIPE/up.sh $BASE)"
bash "$RECIPE/up.sh" "$BASE" > "$WORK/up.log" 2>&1 || { tail -n 30 "$WORK/up.log"; fail "up.sh"; }
grep -E '^slurm up after|^venv ready after' "$WORK/up.log" || true
export SLURM_CONF=$BASE/etc/slurm.conf

say "installing policytext with the [slurm] extra into $VENV"
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3.11}" -m venv "$VENV"
VENV=$(cd "$VENV" && pwd)
"$VENV/bin/python" -m pip install -q -c "$REPO/constraints.txt" -e "$REPO[slurm]" 2>&1 \
  | grep -v '^WARNING: Location' || true
"$VENV/bin/python" -c "import snakemake_executor_plugin_slurm, policytext" \
  || fail "policytext or the slurm plugin is not importable from $VENV"
export PATH=$VENV/bin:$PATH

say "generating a demo corpus of 8 documents"
policytext demo-corpus "$WORK/corpus" --n-docs 8 --min-pages 2 --max-pages 3 --seed 5

# Both runs share the working directory (and so the .snakemake folder), as a user would.
run_workflow() {
  local results=$1 log=$2
  shift 2
  # SIGINT on timeout: a hung snakemake under the slurm executor ignores SIGTERM.
  timeout -s INT "$TIMEOUT" snakemake --snakefile "$REPO/Snakefile" --directory "$WORK" "$@" \
    --config manifest="$WORK/corpus/manifest.csv" results="$WORK/$results" > "$log" 2>&1 \
    || { tail -n 40 "$log"; return 1; }
  grep -E '^Elapsed time|steps \(100%\) done' "$log" || true
}

say "running the workflow locally into results_local"
run_workflow results_local "$WORK/local.log" --cores 2 || fail "the local run"

say "running the workflow through SLURM into results_slurm"
if ! run_workflow results_slurm "$WORK/slurm.log" \
    --profile "$REPO/workflow/profiles/slurm" \
    --slurm-status-command squeue --slurm-init-seconds-before-status-checks 5; then
  echo "--- SLURM job logs:"; find "$WORK/.snakemake/slurm_logs" -name '*.log' -exec tail -n 20 {} + || true
  echo "--- slurmctld log:"; tail -n 20 "$BASE/log/slurmctld.log" || true
  fail "the SLURM run"
fi

say "checking that every non-local job went through sbatch"
remote_jobs=$(grep -c '^rule ' "$WORK/slurm.log" || true)
submitted=$(grep -c 'has been submitted with SLURM jobid' "$WORK/slurm.log" || true)
echo "jobs of non-local rules: $remote_jobs; submitted to SLURM: $submitted"
[ "$remote_jobs" -gt 0 ] && [ "$submitted" = "$remote_jobs" ] \
  || fail "expected every non-local job to be submitted to SLURM"

say "comparing results_local with results_slurm"
"$VENV/bin/python" "$REPO/tests/cluster/compare_results.py" \
  "$WORK/results_local" "$WORK/results_slurm" || fail "the two results folders differ"
say "PASSED: the SLURM run's results equal the local run's"
