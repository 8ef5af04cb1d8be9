// tfjs-pinn's optional bridge to the system's OpenBLAS: one function, sgemm on Float32Arrays (row-major), so the
// fused jet kernel's dense products run on the same BLAS as PyTorch's instead of the wasm backend's 128-bit SIMD.
// Built by `npm run build:native` (scripts/build_native.ts); loaded by useOpenBlas() in lib/node/openblas.ts.
// N-API only (node_api.h ships with Node), so no npm package and no download is needed to build it.
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// The CBLAS prototype and its enum values (fixed by the CBLAS standard), declared here so the build needs no cblas.h.
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };
extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                        const float *b, int ldb, float beta, float *c, int ldc);
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

// The data pointer and length (in floats) of a Float32Array argument; 0 on anything else.
static int floats(napi_env env, napi_value v, float **data, size_t *length) {
  napi_typedarray_type type;
  void *raw;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, &raw, &buffer, &offset) != napi_ok || type != napi_float32_array) return 0;
  *data = (float *)raw;
  return 1;
}

// gemm(transA, transB, m, n, k, a, b, c, beta): c[m,n] = op(a) op(b) + beta c, row-major, op(a) [m,k], op(b) [k,n].
static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value args[9];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  if (argc != 9) return fail(env, "tfjs-pinn openblas gemm: expected 9 arguments");
  bool ta, tb;
  int32_t m, n, k;
  double beta;
  float *a, *b, *c;
  size_t la, lb, lc;
  if (napi_get_value_bool(env, args[0], &ta) != napi_ok || napi_get_value_bool(env, args[1], &tb) != napi_ok ||
      napi_get_value_int32(env, args[2], &m) != napi_ok || napi_get_value_int32(env, args[3], &n) != napi_ok ||
      napi_get_value_int32(env, args[4], &k) != napi_ok || napi_get_value_double(env, args[8], &beta) != napi_ok)
    return fail(env, "tfjs-pinn openblas gemm: transA and transB must be booleans, m, n, k and beta numbers");
  if (!floats(env, args[5], &a, &la) || !floats(env, args[6], &b, &lb) || !floats(env, args[7], &c, &lc))
    return fail(env, "tfjs-pinn openblas gemm: a, b and c must be Float32Arrays");
  if (m < 0 || n < 0 || k < 0 || la < (size_t)m * k || lb < (size_t)k * n || lc < (size_t)m * n)
    return fail(env, "tfjs-pinn openblas gemm: an array is shorter than its m, n, k say");
  if (m == 0 || n == 0) return NULL;
  if (k == 0) {  // OpenBLAS returns at once for k = 0; the product is beta c.
    for (size_t i = 0; i < (size_t)m * n; i++) c[i] = beta == 0 ? 0 : (float)beta * c[i];
    return NULL;
  }
  cblas_sgemm(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, 1.0f, a, ta ? m : k, b, tb ? k : n,
              (float)beta, c, n);
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  int32_t t;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  if (argc != 1 || napi_get_value_int32(env, arg, &t) != napi_ok || t < 1) return fail(env, "tfjs-pinn openblas setThreads: expected a positive integer");
  openblas_set_num_threads(t);
  return NULL;
}

static napi_value describe(napi_env env, napi_callback_info info) {
  char text[512];
  snprintf(text, sizeof text, "%s, %s kernels, %d thread(s)", openblas_get_config(), openblas_get_corename(), openblas_get_num_threads());
  napi_value out;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &out);
  return out;
}

NAPI_MODULE_INIT() {
  // One thread unless asked: the fair match for one-threaded tfjs-pinn, and the pthread build's pool would
  // otherwise take every core whatever the caller intends.
  openblas_set_num_threads(1);
  napi_property_descriptor props[] = {
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"describe", NULL, describe, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 3, props);
  return exports;
}
