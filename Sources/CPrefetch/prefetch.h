// Software prefetches for the matrix product's register tiles and the Gram step's rows: Swift
// has no spelling of its own for them. Inlined into the Swift caller; hints only (no fault, no
// effect on results).
#ifndef LIPLAB_PREFETCH_H
#define LIPLAB_PREFETCH_H

/// Asks for the cache line holding `p` in every cache level, for writing.
static inline __attribute__((always_inline)) void liplab_prefetch_for_write(const void *p) {
  __builtin_prefetch(p, 1, 3);
}

/// Asks for the cache line holding `p` in every cache level, for reading.
static inline __attribute__((always_inline)) void liplab_prefetch_for_read(const void *p) {
  __builtin_prefetch(p, 0, 3);
}

#endif
