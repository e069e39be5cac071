#!/usr/bin/env bash
# A fixed piece of CPU work (SHA-256 of 256 MiB of zeros, on one core): how fast the
# machine is right now, to quote beside a benchmark run on a VM whose speed moves.
s=$(date +%s%N)
head -c 268435456 /dev/zero | sha256sum >/dev/null
e=$(date +%s%N)
echo "speed probe: $(( (e - s) / 1000000 )) ms"
