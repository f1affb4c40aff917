/* The physical bound of attrib's scoring: a plain sum of f64 values at the
 * best this processor does, compiled for it (`gcc -O3 -march=native`), with
 * eight independent vector accumulators as wide as the processor's widest
 * registers (GCC vector extensions: eight doubles with AVX-512, four with
 * AVX, two otherwise; a vector wider than the registers is compiled through
 * the stack, at a tenth of the speed; no lane order kept, no exponential,
 * nothing but additions and loads). `plain_sum isa` prints which width it
 * was compiled for.
 *
 * benches/peers/harness.py builds and runs it:
 *
 *     gcc -O3 -march=native -o target/peers/plain_sum benches/peers/plain_sum.c
 *     target/peers/plain_sum SIZE REPEAT [cpu]
 *     target/peers/plain_sum isa
 *
 * SIZE is one of the sizes of the scoring probes (benches/probe.rs):
 *   128KB  16 000 values (the terms of `score/16x1000`), in cache;
 *   128MB  16 000 000 values (`Batch` 1000 x (16 x 1000));
 *   512MB  64 000 000 values (`Batch` 1e6 x (4 x 16)).
 * The buffer is 2 MiB aligned and advised MADV_HUGEPAGE, as attrib's
 * `Batch` buffer is, so that both read memory through the same pages. Each
 * of REPEAT lines is {"probe": "plain/SIZE", "unit": "updates/s", "value": X}:
 * values summed per second over one timed run (many sums for the small
 * size, a few for the large ones), of the wall clock, or with `cpu` of
 * this thread's CPU time (as `--clock cpu` of benches/probe.rs).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#if defined(__AVX512F__)
#define WIDTH 8
#define ISA "AVX-512"
#elif defined(__AVX__)
#define WIDTH 4
#define ISA "AVX2"
#else
#define WIDTH 2
#define ISA "SSE2"
#endif
typedef double vd __attribute__((vector_size(WIDTH * 8)));
#define STEP (8 * WIDTH)

static int cpu_clock; /* `cpu` as a third argument: this thread's CPU time */

static double now(void) {
    struct timespec t;
    clock_gettime(cpu_clock ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* The sum of n values (n a multiple of STEP), eight accumulators. */
__attribute__((noinline)) static double plain_sum(const double *xs, size_t n) {
    vd a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
    for (size_t i = 0; i < n; i += STEP) {
        vd x0, x1, x2, x3, x4, x5, x6, x7;
        memcpy(&x0, xs + i, sizeof x0);
        memcpy(&x1, xs + i + WIDTH, sizeof x1);
        memcpy(&x2, xs + i + 2 * WIDTH, sizeof x2);
        memcpy(&x3, xs + i + 3 * WIDTH, sizeof x3);
        memcpy(&x4, xs + i + 4 * WIDTH, sizeof x4);
        memcpy(&x5, xs + i + 5 * WIDTH, sizeof x5);
        memcpy(&x6, xs + i + 6 * WIDTH, sizeof x6);
        memcpy(&x7, xs + i + 7 * WIDTH, sizeof x7);
        a0 += x0; a1 += x1; a2 += x2; a3 += x3;
        a4 += x4; a5 += x5; a6 += x6; a7 += x7;
    }
    vd t = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    double s = 0;
    for (int k = 0; k < WIDTH; k++) s += t[k];
    return s;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "isa")) {
        printf("%s\n", ISA);
        return 0;
    }
    if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "cpu"))) {
        fprintf(stderr, "usage: plain_sum 128KB|128MB|512MB REPEAT [cpu] | plain_sum isa\n");
        return 2;
    }
    cpu_clock = argc == 4;
    size_t n;
    if (!strcmp(argv[1], "128KB")) n = 16000;
    else if (!strcmp(argv[1], "128MB")) n = 16000000;
    else if (!strcmp(argv[1], "512MB")) n = 64000000;
    else { fprintf(stderr, "unknown size %s\n", argv[1]); return 2; }
    int repeat = atoi(argv[2]);
    size_t align = 2u << 20;
    size_t bytes = (n * sizeof(double) + align - 1) / align * align;
    double *xs = aligned_alloc(align, bytes);
    if (!xs) { perror("aligned_alloc"); return 1; }
    madvise(xs, bytes, MADV_HUGEPAGE);
    for (size_t i = 0; i < n; i++) xs[i] = -0.5 - (double)(i % 7) * 1e-3;
    /* about 0.25 s per timed run */
    size_t sums = n < 1000000 ? 200000 : (n < 32000000 ? 40 : 10);
    volatile double sink = plain_sum(xs, n); /* warm: pages touched, caches filled */
    for (int r = 0; r < repeat; r++) {
        double start = now();
        for (size_t k = 0; k < sums; k++) {
            sink = plain_sum(xs, n);
            __asm__ volatile("" : : "r"(xs) : "memory"); /* no hoisting across sums */
        }
        double seconds = now() - start;
        printf("{\"probe\": \"plain/%s\", \"unit\": \"updates/s\", \"value\": %.6e}\n",
               argv[1], (double)n * sums / seconds);
    }
    (void)sink;
    free(xs);
    return 0;
}
