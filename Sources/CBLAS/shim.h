// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). The include path comes from
// pkg-config's "openblas" entry.
#include <cblas.h>
// glibc's mallopt, to keep BLAS-sized matrices on the heap (see NNEngine's Allocator):
// Swift's Glibc module does not export <malloc.h>.
#include <malloc.h>
