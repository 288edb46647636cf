# Sourced by scripts/run.sh and scripts/run_scaled.sh: the processes they start (`pids`), all
# stopped together on Ctrl-C, on error or when the script ends.
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped."
}
trap stop INT TERM EXIT
