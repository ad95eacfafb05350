#!/usr/bin/env bash
# A/B: glibc malloc vs jemalloc for one 112x112 training (1 thread), idle machine.
cd /work/meas-e
export OMP_NUM_THREADS=1
export FACENAS_JAVA_OPTS="-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=14G"
args="--arch mobilefacenet-512 --data ../shared/datasets/celeba112 --epochs 1 --identities 30 --images-per-identity 12 --pairs-per-fold 30 --seed 1"
for v in glibc jemalloc glibc2 jemalloc2; do
  rm -rf /tmp/ab-$v
  case $v in jemalloc*) pre=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ;; *) pre= ;; esac
  LD_PRELOAD=$pre /usr/bin/time -f "$v wall %e user %U sys %S maxrss_kb %M minflt %R" bin/facenas train $args --out /tmp/ab-$v > $v.out 2> $v.log
  tail -1 $v.log >> times.txt
  grep "img/s" $v.log | tail -1 >> times.txt
done
