#!/bin/sh
# evaltools batch for cron or a systemd timer (docs/scheduling.md): one batch at a time,
# plain log lines, the batch's exit code (0 ok or unchanged, 1 a run failed, 2 bad input).
#
# Settings (environment, with defaults):
#   EVALTOOLS_PROJECT  /srv/evaltools            the project folder (configs/, .venv/)
#   EVALTOOLS_CONFIGS  configs                   config folder or file, relative to the project
#   EVALTOOLS_OUT      reports/batch             batch output root (index.html, roll-up)
#   EVALTOOLS_WORKERS  2                         reports in parallel (one per core is a good start)
#   EVALTOOLS_BIN      $EVALTOOLS_PROJECT/.venv/bin/evaltools
set -u
PROJECT="${EVALTOOLS_PROJECT:-/srv/evaltools}"
CONFIGS="${EVALTOOLS_CONFIGS:-configs}"
OUT="${EVALTOOLS_OUT:-reports/batch}"
WORKERS="${EVALTOOLS_WORKERS:-2}"
EVALTOOLS="${EVALTOOLS_BIN:-$PROJECT/.venv/bin/evaltools}"

cd "$PROJECT" || exit 2
mkdir -p "$OUT" || exit 1
# A batch that outlasts its schedule must not be started twice over the same folders.
exec 9>"$OUT/.batch.lock"
if ! flock -n 9; then
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) evaltools batch: the previous batch is still running; skipped" >&2
    exit 0
fi
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) evaltools batch: start ($CONFIGS -> $OUT, $WORKERS workers)" >&2
"$EVALTOOLS" batch "$CONFIGS" --out "$OUT" --workers "$WORKERS" --fast-kernels --if-changed
rc=$?
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) evaltools batch: exit $rc" >&2
exit $rc
