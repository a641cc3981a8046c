#!/usr/bin/env bash
# The bf16-mixed quality study of the README ("Mixed precision"): the DCGAN and the conditional DCGAN, 780 steps
# each, seeds 1-3, in float32 and in bf16-mixed, two runs at a time with one libtorch thread each (about 25
# minutes on 2 cores), then every run's closing quality line (fid, class_kl, label_acc on 1,000 samples).
# Usage: bench/precision/quality.sh [folder [steps]] (default: a new temp folder, kept; 780 steps);
# needs dotnet build -c Release src/Cli
set -euo pipefail
cd "$(dirname "$0")/../.."
gangen=(dotnet src/Cli/bin/Release/net10.0/gangen.dll)
out=${1:-$(mktemp -d)}
steps=${2:-780}
mkdir -p "$out"
export OMP_WAIT_POLICY=PASSIVE

train() { # gan precision seed
    "${gangen[@]}" train --gan "$1" --run "$out/$1-$2-s$3" --seed "$3" --steps "$steps" --precision "$2" \
        --threads 1 --eval-every 390 >"$out/$1-$2-s$3.log"
}

for gan in Dcgan ConditionalDcgan; do
    for seed in 1 2 3; do
        train "$gan" 32 "$seed" &
        float32=$!
        train "$gan" bf16-mixed "$seed" &
        wait "$float32" $!
    done
done

for log in "$out"/*.log; do
    echo "$(basename "$log" .log): $(grep -a '^quality at step' "$log" | tail -1)"
done
