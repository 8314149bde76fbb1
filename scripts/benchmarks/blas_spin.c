/* blas_spin.c: does a BLAS's idle worker thread keep a core busy while the caller does
 * element-wise work between products (as nnsh's trainer does between its dgemm calls)?
 *
 *   cc -O2 -o blas_spin blas_spin.c -ldl -lpthread
 *   OPENBLAS_NUM_THREADS=2 blas_spin LIBRARY PREFIX [gap_ms]
 *
 * One product large enough to run on two threads (128×784·784×64, as nnsh's first layer)
 * wakes the workers; then the calling thread does gap_ms of element-wise work (a relu
 * over a 128×64 batch, again and again) and the CPU time every other thread of the
 * process used meanwhile is read from the process's and the thread's CPU clocks. A worker that sleeps
 * uses ~0 ms of it; one that spin-waits uses about all of it: a core taken from whatever
 * else wants to run. Repeated for gaps of 0.05 … 200 ms, the thread's timeout shows.
 * (Others' CPU time = the process's CPU clock less the caller's thread clock.)
 * Prints: PRODUCT MxNxK … caller_cpu_us=… others_cpu_us=… (per call: is it threaded?),
 *         GAP ms=… caller_cpu_ms=… others_cpu_ms=…
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void (*dgemm32)(int, int, int, int, int, int, double, const double *, int, const double *, int,
                        double, double *, int);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static double clock_ms(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static double thread_cpu_ms(void) { return clock_ms(CLOCK_THREAD_CPUTIME_ID); }
/* The process's CPU time less the caller's is what every other thread used. */
static double others_cpu_ms(void) { return clock_ms(CLOCK_PROCESS_CPUTIME_ID) - thread_cpu_ms(); }

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: blas_spin LIBRARY PREFIX\n"); return 2; }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "blas_spin: %s\n", dlerror()); return 1; }
  char sym[128];
  snprintf(sym, sizeof sym, "%scblas_dgemm", strcmp(argv[2], "-") ? argv[2] : "");
  dgemm32 gemm = (dgemm32)dlsym(lib, sym);
  if (!gemm) { fprintf(stderr, "blas_spin: no %s\n", sym); return 1; }
  int m = 128, n = 64, k = 784;
  double *a = calloc((size_t)m * k, sizeof *a), *b = calloc((size_t)k * n, sizeof *b), *c = calloc((size_t)m * n, sizeof *c);
  double *z = calloc((size_t)m * n, sizeof *z);
  c = realloc(c, (size_t)128 * 784 * sizeof *c);
  for (int i = 0; i < m * n; i++) z[i] = (i % 3) - 1.0;
  /* Which of nnsh's products are threaded, and what each thread spends: the caller's and
     the other threads' CPU µs per call over 200 calls (others ≈ 0: one thread ran it). */
  const int shapes[][5] = {{10, 64, 64, 0, 0},  {64, 64, 10, 1, 0},   {64, 64, 128, 0, 0}, {128, 64, 64, 1, 0},
                           {64, 128, 64, 0, 1}, {128, 64, 784, 0, 0}, {128, 784, 64, 0, 1}};
  double *big = calloc((size_t)784 * 784, sizeof *big);
  for (int s = 0; s < 7; s++) {
    int sm = shapes[s][0], sn = shapes[s][1], sk = shapes[s][2], ta = shapes[s][3], tb = shapes[s][4];
    double o0 = others_cpu_ms(), c0 = thread_cpu_ms();
    for (int r = 0; r < 200; r++)
      gemm(102, ta ? 112 : 111, tb ? 112 : 111, sm, sn, sk, 1.0, big, ta ? sk : sm, big, tb ? sn : sk, 0.0, c, sm);
    printf("PRODUCT %dx%dx%d trans=%d%d caller_cpu_us=%.1f others_cpu_us=%.1f\n", sm, sn, sk, ta, tb,
           (thread_cpu_ms() - c0) * 5, (others_cpu_ms() - o0) * 5);
  }
  const double gaps[] = {0.05, 0.2, 1, 5, 20, 50, 100, 200};
  for (int g = 0; g < 8; g++) {
    double caller = 0, others = 0, reps = gaps[g] < 20 ? 20 : 3;
    for (int r = 0; r < reps; r++) {
      gemm(102, 111, 111, m, n, k, 1.0, a, m, b, k, 0.0, c, m);
      double o0 = others_cpu_ms(), c0 = thread_cpu_ms(), t0 = now();
      volatile double sink = 0;
      while ((now() - t0) * 1e3 < gaps[g]) {
        for (int i = 0; i < m * n; i++) c[i] = z[i] > 0 ? z[i] : 0;
        sink += c[7];
      }
      caller += thread_cpu_ms() - c0;
      others += others_cpu_ms() - o0;
    }
    printf("GAP ms=%.2f caller_cpu_ms=%.3f others_cpu_ms=%.3f\n", gaps[g], caller / reps, others / reps);
  }
  return 0;
}
