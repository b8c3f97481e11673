/* ONNX Runtime through its C API, timed like bench_latency. onnxruntime-node
 * ships libonnxruntime.so but no C header, so the few declarations this needs
 * are written here from the documented API (onnxruntime_c_api.h): OrtApi is a
 * table of function pointers in a fixed order; the slots used below are
 *   2 GetErrorMessage, 3 CreateEnv, 7 CreateSession, 9 Run,
 *  10 CreateSessionOptions, 13 SetSessionExecutionMode,
 *  23 SetSessionGraphOptimizationLevel, 24 SetIntraOpNumThreads,
 *  25 SetInterOpNumThreads, 49 CreateTensorWithDataAsOrtValue,
 *  69 CreateCpuMemoryInfo.
 * Outputs are preallocated OrtValues over our own buffer, so no per-call
 * allocation or release happens on this side.
 *   ort_latency LIB.so MODEL.onnx X.f32 B J F D THREADS SECONDS [SUPPORT.f32 K] [--out Y.f32]
 * D is the embedding width (the output of the embed model, the support rows).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void* St; /* OrtStatus*: NULL on success */
typedef struct {
  const void* (*GetApi)(uint32_t version);
  const char* (*GetVersionString)(void);
} OrtApiBase;

static void* const* api;
#define SLOT(i, type) ((type)api[i])

static void check(St s, const char* what) {
  if (s) {
    const char* (*msg)(St) = SLOT(2, const char* (*)(St));
    fprintf(stderr, "ort_latency: %s: %s\n", what, msg(s));
    exit(1);
  }
}

static float* read_f32(const char* path, size_t n) {
  FILE* f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "ort_latency: %s: cannot open\n", path); exit(1); }
  float* p = malloc(n * sizeof(float));
  if (fread(p, sizeof(float), n, f) != n) { fprintf(stderr, "ort_latency: %s: expected %zu floats\n", path, n); exit(1); }
  fclose(f);
  return p;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void* a, const void* b) { double x = *(const double*)a, y = *(const double*)b; return (x > y) - (x < y); }

int main(int argc, char** argv) {
  const char* out = NULL;
  if (argc > 2 && strcmp(argv[argc - 2], "--out") == 0) { out = argv[argc - 1]; argc -= 2; }
  if (argc != 10 && argc != 12) {
    fprintf(stderr, "usage: ort_latency LIB.so MODEL.onnx X.f32 B J F D THREADS SECONDS [SUPPORT.f32 K] [--out Y.f32]\n");
    return 2;
  }
  void* lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { fprintf(stderr, "ort_latency: %s\n", dlerror()); return 1; }
  const OrtApiBase* (*get_base)(void) = (const OrtApiBase* (*)(void))dlsym(lib, "OrtGetApiBase");
  if (!get_base) { fprintf(stderr, "ort_latency: no OrtGetApiBase in %s\n", argv[1]); return 1; }
  const OrtApiBase* base = get_base();
  api = (void* const*)base->GetApi(17); /* any version the library supports; slots above are stable */
  if (!api) { fprintf(stderr, "ort_latency: API version 17 not supported by %s\n", base->GetVersionString()); return 1; }
  int64_t B = atoll(argv[4]), J = atoll(argv[5]), F = atoll(argv[6]), D = atoll(argv[7]), K = 0;
  int threads = atoi(argv[8]);
  double seconds = atof(argv[9]);

  void *env, *opts, *sess, *mem;
  check(SLOT(3, St (*)(int, const char*, void**))(3 /* ERROR */, "haad", &env), "CreateEnv");
  check(SLOT(10, St (*)(void**))(&opts), "CreateSessionOptions");
  check(SLOT(24, St (*)(void*, int))(opts, threads), "SetIntraOpNumThreads");
  check(SLOT(25, St (*)(void*, int))(opts, 1), "SetInterOpNumThreads");
  check(SLOT(13, St (*)(void*, int))(opts, 0 /* ORT_SEQUENTIAL */), "SetSessionExecutionMode");
  check(SLOT(23, St (*)(void*, int))(opts, 99 /* ORT_ENABLE_ALL */), "SetSessionGraphOptimizationLevel");
  check(SLOT(7, St (*)(void*, const char*, void*, void**))(env, argv[2], opts, &sess), "CreateSession");
  check(SLOT(69, St (*)(int, int, void**))(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &mem), "CreateCpuMemoryInfo");

  St (*make)(void*, void*, size_t, const int64_t*, size_t, int, void**) =
      SLOT(49, St (*)(void*, void*, size_t, const int64_t*, size_t, int, void**));
  float* x = read_f32(argv[3], (size_t)(B * J * F));
  int64_t xs[3] = {B, J, F};
  void* in[2];
  check(make(mem, x, (size_t)(B * J * F) * 4, xs, 3, 1 /* FLOAT */, &in[0]), "CreateTensor x");
  size_t nin = 1;
  const char* in_names[2] = {"x", "support"};
  const char* out_name = "emb";
  int64_t ys[2] = {B, D};
  size_t ydims = 2, ny = (size_t)(B * D);
  if (argc == 12) {
    K = atoll(argv[11]);
    float* s = read_f32(argv[10], (size_t)(K * D));
    int64_t ss[2] = {K, D};
    check(make(mem, s, (size_t)(K * D) * 4, ss, 2, 1, &in[1]), "CreateTensor support");
    nin = 2;
    out_name = "score";
    ydims = 1, ny = (size_t)B;
  }
  float* y;
  void* outv;
  y = calloc(ny, sizeof(float));
  check(make(mem, y, ny * 4, ys, ydims, 1, &outv), "CreateTensor out");

  St (*run)(void*, void*, const char* const*, void* const*, size_t, const char* const*, size_t, void**) =
      SLOT(9, St (*)(void*, void*, const char* const*, void* const*, size_t, const char* const*, size_t, void**));
  double t0 = now_us();
  while (now_us() - t0 < 0.2 * seconds * 1e6) check(run(sess, NULL, in_names, in, nin, &out_name, 1, &outv), "Run");
  size_t cap = 1 << 20, n = 0;
  double* us = malloc(cap * sizeof(double));
  t0 = now_us();
  while ((now_us() - t0 < seconds * 1e6 || n < 10) && n < cap) {
    double s = now_us();
    check(run(sess, NULL, in_names, in, nin, &out_name, 1, &outv), "Run");
    us[n++] = now_us() - s;
  }
  if (out) {
    FILE* f = fopen(out, "wb");
    if (!f || fwrite(y, sizeof(float), ny, f) != ny) { fprintf(stderr, "ort_latency: %s: cannot write\n", out); return 1; }
    fclose(f);
  }
  double mean = 0;
  for (size_t i = 0; i < n; ++i) mean += us[i] / n;
  qsort(us, n, sizeof(double), cmp);
  printf("{\"engine\": \"ort-c\", \"B\": %lld, \"K\": %lld, \"threads\": %d, \"iters\": %zu, \"median_us\": %.3f, "
         "\"p10_us\": %.3f, \"mean_us\": %.3f, \"ort\": \"%s\"}\n",
         (long long)B, (long long)K, threads, n, us[n / 2], us[n / 10], mean, base->GetVersionString());
  return 0;
}
