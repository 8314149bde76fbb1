/* blas_shapes.c: GFLOP/s of one BLAS library's dgemm on the products nnsh's trainer makes.
 *
 *   cc -O2 -o blas_shapes blas_shapes.c -ldl
 *   blas_shapes LIBRARY PREFIX SUFFIX INT_BITS THREADS [reps]
 *
 * LIBRARY is a shared object opened with dlopen (Debian's OpenBLAS or BLIS, the
 * scipy-openblas wheels' libscipy_openblas*.so); PREFIX/SUFFIX name its CBLAS symbols
 * ("-" for none: "scipy_" and "64_" for scipy-openblas64, whose cblas_dgemm is
 * scipy_cblas_dgemm64_); INT_BITS is 32 or 64 (ILP64 libraries take 64-bit sizes).
 * THREADS is set through the library's own call (openblas_set_num_threads or
 * bli_thread_set_num_threads) besides the environment the driver sets.
 *
 * The shapes are those of one mnist-shape batch (784-128-64-10, batch 64), written as
 * nnsh's column-major calls: forward Z[l] = W[l] A[l-1]; backward δa[l-1] = W[l]ᵀ δz[l]
 * and dW[l] = δz[l] A[l-1]ᵀ; then a 1024² square for reference. Each sample repeats the
 * call until it lasts >= 20 ms; the median of `reps` samples is printed, and the "batch"
 * line is the sum of the eight calls' medians: the BLAS time of one training batch.
 * One line per shape:  SHAPE name|m|n|k|ta|tb|gflops|usec|cpu_usec  (wall GFLOP/s and µs
 * per call, and the CPU µs of the calling thread: with THREADS 1 the steadier figure on a
 * busy machine).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RowMajor = 101, ColMajor = 102, NoTrans = 111, Trans = 112 };
typedef void (*dgemm32)(int, int, int, int, int, int, double, const double *, int, const double *, int,
                        double, double *, int);
typedef void (*dgemm64)(int, int, int, int64_t, int64_t, int64_t, double, const double *, int64_t,
                        const double *, int64_t, double, double *, int64_t);

static void *fn32, *fn64;

static void gemm(int ta, int tb, int m, int n, int k, const double *a, int lda, const double *b, int ldb,
                 double *c) {
  if (fn32)
    ((dgemm32)fn32)(ColMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, m);
  else
    ((dgemm64)fn64)(ColMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, m);
}

static double clock_seconds(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}
static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }
/* CPU seconds of the calling thread: with one BLAS thread, the time the product really
   ran, however often a busy shared machine descheduled it. */
static double cpu_now(void) { return clock_seconds(CLOCK_THREAD_CPUTIME_ID); }

static int cmp(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

struct shape { const char *name; int m, n, k, ta, tb, in_batch; };

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: blas_shapes LIBRARY PREFIX SUFFIX INT_BITS THREADS [reps]\n");
    return 2;
  }
  const char *prefix = strcmp(argv[2], "-") ? argv[2] : "", *suffix = strcmp(argv[3], "-") ? argv[3] : "";
  int bits = atoi(argv[4]), threads = atoi(argv[5]), reps = argc > 6 ? atoi(argv[6]) : 5;
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "blas_shapes: %s\n", dlerror()); return 1; }
  char sym[128];
  snprintf(sym, sizeof sym, "%scblas_dgemm%s", prefix, suffix);
  void *f = dlsym(lib, sym);
  if (!f) { fprintf(stderr, "blas_shapes: no %s in %s\n", sym, argv[1]); return 1; }
  if (bits == 64) fn64 = f; else fn32 = f;
  snprintf(sym, sizeof sym, "%sopenblas_set_num_threads%s", prefix, suffix);
  void (*set_threads)(int) = (void (*)(int))dlsym(lib, sym);
  if (!set_threads) set_threads = (void (*)(int))dlsym(lib, "bli_thread_set_num_threads");
  if (set_threads) set_threads(threads);
  snprintf(sym, sizeof sym, "%sopenblas_get_config%s", prefix, suffix);
  char *(*config)(void) = (char *(*)(void))dlsym(lib, sym);
  printf("LIBRARY %s threads=%d config=%s\n", argv[1], threads, config ? config() : "-");

  const struct shape shapes[] = {
      {"fwd W1·X", 128, 64, 784, 0, 0, 1},   {"fwd W2·A1", 64, 64, 128, 0, 0, 1},
      {"fwd W3·A2", 10, 64, 64, 0, 0, 1},    {"bwd W3ᵀ·δz3", 64, 64, 10, 1, 0, 1},
      {"bwd δz3·A2ᵀ", 10, 64, 64, 0, 1, 1},  {"bwd W2ᵀ·δz2", 128, 64, 64, 1, 0, 1},
      {"bwd δz2·A1ᵀ", 64, 128, 64, 0, 1, 1}, {"bwd δz1·Xᵀ", 128, 784, 64, 0, 1, 1},
      {"square 1024", 1024, 1024, 1024, 0, 0, 0},
  };
  size_t big = 1024 * 1024;
  double *a = malloc(big * sizeof *a), *b = malloc(big * sizeof *b), *c = malloc(big * sizeof *c);
  for (size_t i = 0; i < big; i++) { a[i] = (double)(i % 7) * 0.01; b[i] = (double)(i % 5) * 0.02; c[i] = 0; }
  double batch = 0, batch_cpu = 0, *t = malloc(reps * sizeof *t), *u = malloc(reps * sizeof *u);
  for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
    const struct shape *p = &shapes[s];
    int lda = p->ta ? p->k : p->m, ldb = p->tb ? p->n : p->k;
    gemm(p->ta, p->tb, p->m, p->n, p->k, a, lda, b, ldb, c);  /* warm-up */
    double t0 = now();
    gemm(p->ta, p->tb, p->m, p->n, p->k, a, lda, b, ldb, c);
    double once = now() - t0;
    long inner = (long)(0.02 / (once > 1e-9 ? once : 1e-9)) + 1;
    for (int r = 0; r < reps; r++) {
      t0 = now();
      double c0 = cpu_now();
      for (long i = 0; i < inner; i++) gemm(p->ta, p->tb, p->m, p->n, p->k, a, lda, b, ldb, c);
      u[r] = (cpu_now() - c0) / inner;
      t[r] = (now() - t0) / inner;
    }
    qsort(t, reps, sizeof *t, cmp);
    qsort(u, reps, sizeof *u, cmp);
    double med = t[reps / 2], med_cpu = u[reps / 2];
    if (p->in_batch) { batch += med; batch_cpu += med_cpu; }
    printf("SHAPE %s|%d|%d|%d|%d|%d|%.3f|%.3f|%.3f\n", p->name, p->m, p->n, p->k, p->ta, p->tb,
           2.0 * p->m * p->n * p->k / med / 1e9, med * 1e6, med_cpu * 1e6);
  }
  printf("BATCH usec=%.3f main_thread_cpu_usec=%.3f\n", batch * 1e6, batch_cpu * 1e6);
  free(a); free(b); free(c); free(t); free(u);
  return 0;
}
