#!/usr/bin/env bash
# The Keras DCGAN's training step (global batch 256, MNIST) on this machine: one process with 2 libtorch
# threads against 2 MPI ranks with 1 thread each, and rank 0's time in MPI_Allreduce as a share of training.
# Usage: bench/mpi/throughput.sh [steps] (default 12); needs a Release build: dotnet build -c Release src/Cli
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${1:-12}
gangen=(dotnet src/Cli/bin/Release/net10.0/gangen.dll)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMP_WAIT_POLICY=PASSIVE

# Median seconds per step over steps 3..N of metrics.csv (the first steps warm libtorch up).
per_step() {
    awk -F, 'NR > 3 { print $8 - previous } NR > 1 { previous = $8 }' "$1/metrics.csv" | sort -g |
        awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"${gangen[@]}" train --gan KerasDcgan --run "$out/one" --steps "$steps" --threads 2 --no-eval >"$out/one.log"
mpirun --allow-run-as-root --oversubscribe -np 2 "${gangen[@]}" train --gan KerasDcgan --run "$out/two" --steps "$steps" --threads 1 --no-eval >"$out/two.log"

one=$(per_step "$out/one")
two=$(per_step "$out/two")
total=$(tail -1 "$out/two/metrics.csv" | cut -d, -f8)
reduce=$(sed -n 's/.*rank 0 spent \([0-9.]*\) s in MPI_Allreduce.*/\1/p' "$out/two.log")
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v one="$one" -v two="$two" -v total="$total" -v reduce="$reduce" 'BEGIN {
    printf "1 process x 2 threads: %.0f ms/step (%.2f steps/s)\n", one * 1000, 1 / one
    printf "2 ranks x 1 thread:    %.0f ms/step (%.2f steps/s)\n", two * 1000, 1 / two
    printf "rank 0 in MPI_Allreduce: %.2f s of %.1f s training (%.1f%%)\n", reduce, total, 100 * reduce / total
}'
