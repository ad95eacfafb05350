#!/usr/bin/env bash
# A/B 2: allocator settings that keep freed memory mapped, one 112x112 training (1 thread), idle machine.
out=/work/meas/jemalloc
cd /work/meas-e
export OMP_NUM_THREADS=1
export FACENAS_JAVA_OPTS="-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=14G"
args="--arch mobilefacenet-512 --data ../shared/datasets/celeba112 --epochs 1 --identities 30 --images-per-identity 12 --pairs-per-fold 30 --seed 1"
J=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
run() { v=$1; shift; rm -rf /tmp/ab-$v; env "$@" /usr/bin/time -f "$v wall %e user %U sys %S maxrss_kb %M minflt %R" bin/facenas train $args --out /tmp/ab-$v > $out/$v.out 2> $out/$v.log; tail -1 $out/$v.log >> $out/times.txt; grep "img/s" $out/$v.log | tail -1 >> $out/times.txt; }
run je-nodecay LD_PRELOAD=$J MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
run glibc-mmap32 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=1073741824 MALLOC_ARENA_MAX=2
