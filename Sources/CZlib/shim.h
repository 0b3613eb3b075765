// zlib (Debian's zlib1g-dev) for reading deflated .npz members; inflateInit2 is a macro, which
// Swift cannot call, so it is wrapped here.
#include <zlib.h>

/// inflateInit2 for raw deflate data (no zlib header), as zip stores it.
static inline int liplab_inflate_init_raw(z_streamp stream) { return inflateInit2(stream, -MAX_WBITS); }
