// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). The include path comes from
// pkg-config's "openblas" entry.
#include <cblas.h>
