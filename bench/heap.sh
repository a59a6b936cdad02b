# Sourced by bench/lib.sh and bench/soak.sh.

# Heap in use after a full GC, in KB: the sum of the "total ..., used NK" lines of GC.heap_info
# (one for G1's heap, one per generation for the parallel collector; Metaspace has no "total").
heap_after_gc_kb() {
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.heap_info | awk '/ total / && / used / { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); s += v } } END { print s + 0 }'
}
