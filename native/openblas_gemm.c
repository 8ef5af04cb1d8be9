// tfjs-pinn's optional native kernels: sgemm on Float32Arrays (row-major) from the system's OpenBLAS, so the fused
// jet kernel's dense products run on the same BLAS as PyTorch's instead of the wasm backend's 128-bit SIMD; and the
// activation's Taylor loops, an encoded program (lib/taylor/fused/host_program.ts) run over blocks of elements,
// each instruction a loop the compiler vectorises for this machine's widest SIMD.
// Built by `npm run build:native` (scripts/build_native.ts); loaded by useOpenBlas() in lib/node/openblas.ts.
// N-API only (node_api.h ships with Node), so no npm package and no download is needed to build it.
#include <node_api.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

// The CBLAS prototype and its enum values (fixed by the CBLAS standard), declared here so the build needs no cblas.h.
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };
extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                        const float *b, int ldb, float beta, float *c, int ldc);
extern double cblas_ddot(int n, const double *x, int incx, const double *y, int incy);
extern void cblas_daxpy(int n, double alpha, const double *x, int incx, double *y, int incy);
extern void cblas_dscal(int n, double alpha, double *x, int incx);
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

// ---- The activation's Taylor loops -------------------------------------------------------------------------------

enum { OP_MUL = 0, OP_ADD = 1, OP_SUB = 2, OP_NEG = 3, OP_SQUARE = 4, OP_ADDN = 5, OP_TANH = 10, OP_SIGMOID = 11, OP_SIN = 12, OP_COS = 13, OP_EXP = 14 };
// Elements per block: every register of a block stays in the L1 cache.
#define BLOCK 256

typedef struct {
  int k, regs, count;         // coefficients, registers, instructions
  const int32_t *outputs;     // [k]: the register holding coefficient j of y, or -1 for a known zero
  const int32_t *ins;         // the instructions: op, out, argument count, arguments
  const float *constants;
  int nconstants;
} Program;

// Checks the encoding once per call: every register and constant index in range, the words all there.
static const char *parse(const int32_t *code, size_t words, const float *constants, size_t nconstants, Program *p) {
  if (words < 3) return "the program is shorter than its header";
  p->k = code[0], p->regs = code[1], p->count = code[2];
  if (p->k < 1 || p->regs < p->k || p->count < 0 || words < 3 + (size_t)p->k) return "the program's header is invalid";
  p->outputs = code + 3;
  p->ins = code + 3 + p->k;
  p->constants = constants;
  p->nconstants = (int)nconstants;
  for (int j = 0; j < p->k; j++) if (p->outputs[j] < -1 || p->outputs[j] >= p->regs) return "an output register is out of range";
  size_t at = 3 + p->k;
  for (int i = 0; i < p->count; i++) {
    if (at + 3 > words) return "the program ends inside an instruction";
    int32_t op = code[at], out = code[at + 1], n = code[at + 2];
    if (out < p->k || out >= p->regs || n < 1 || at + 3 + (size_t)n > words) return "an instruction is invalid";
    if (!((op >= OP_MUL && op <= OP_ADDN) || (op >= OP_TANH && op <= OP_EXP))) return "an opcode is unknown";
    for (int a = 0; a < n; a++) {
      int32_t r = code[at + 3 + a];
      if (r >= p->regs || r < -(int32_t)nconstants || r >= out) return "an argument is out of range";
    }
    at += 3 + n;
  }
  if (at != words) return "the program has words after its last instruction";
  return NULL;
}

// tanh as Eigen and XNNPACK evaluate it in float32 (and tfjs-pinn's WebAssembly loops): x clamped to ±7.905311,
// where the quotient rounds to ±1, then the 13/6 rational approximation.
static inline float tanh_rational(float x) {
  x = x < -7.90531110763549805f ? -7.90531110763549805f : x > 7.90531110763549805f ? 7.90531110763549805f : x;
  float x2 = x * x;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-8f;
  p = p * x2 + 1.48572235717979e-5f;
  p = p * x2 + 6.37261928875436e-4f;
  p = p * x2 + 4.89352455891786e-3f;
  float q = 1.19825839466702e-6f;
  q = q * x2 + 1.18534705686654e-4f;
  q = q * x2 + 2.268434632439e-3f;
  q = q * x2 + 4.89352518554385e-3f;
  return x * p / q;
}

// The registers of a block: registers first, then one row per constant filled once.
static float *reg(float *r, const Program *p, int32_t i) { return r + (size_t)(i >= 0 ? i : p->regs + (-1 - i)) * BLOCK; }

static void run_forward(const Program *p, float *r, int len) {
  const int32_t *at = p->ins;
  for (int i = 0; i < p->count; i++) {
    int32_t op = at[0], n = at[2];
    // An instruction's output row is never one of its argument rows (arguments are defined before it): restrict.
    float *restrict o = reg(r, p, at[1]);
    const float *restrict a = reg(r, p, at[3]);
    const float *restrict b = n > 1 ? reg(r, p, at[4]) : a;
    switch (op) {
      case OP_MUL: for (int e = 0; e < len; e++) o[e] = a[e] * b[e]; break;
      case OP_ADD: for (int e = 0; e < len; e++) o[e] = a[e] + b[e]; break;
      case OP_SUB: for (int e = 0; e < len; e++) o[e] = a[e] - b[e]; break;
      case OP_NEG: for (int e = 0; e < len; e++) o[e] = -a[e]; break;
      case OP_SQUARE: for (int e = 0; e < len; e++) o[e] = a[e] * a[e]; break;
      case OP_ADDN:
        for (int e = 0; e < len; e++) o[e] = a[e];
        for (int t = 1; t < n; t++) {
          const float *c = reg(r, p, at[3 + t]);
          for (int e = 0; e < len; e++) o[e] += c[e];
        }
        break;
      case OP_TANH: for (int e = 0; e < len; e++) o[e] = tanh_rational(a[e]); break;
      case OP_SIGMOID: for (int e = 0; e < len; e++) o[e] = 1.0f / (1.0f + expf(-a[e])); break;
      case OP_SIN: for (int e = 0; e < len; e++) o[e] = sinf(a[e]); break;
      case OP_COS: for (int e = 0; e < len; e++) o[e] = cosf(a[e]); break;
      case OP_EXP: for (int e = 0; e < len; e++) o[e] = expf(a[e]); break;
    }
    at += 3 + n;
  }
}

// The adjoint sweep: g holds one row per register; instructions in reverse, each adding to its arguments' rows.
static void run_backward(const Program *p, const float *r, float *g, int len) {
  // Instruction starts, to walk them backwards.
  const int32_t *starts[p->count > 0 ? p->count : 1];
  const int32_t *at = p->ins;
  for (int i = 0; i < p->count; i++) starts[i] = at, at += 3 + at[2];
  for (int i = p->count - 1; i >= 0; i--) {
    at = starts[i];
    int32_t op = at[0], n = at[2];
    // The output's adjoint row is never an argument's; a and b are rows of r, never of g: restrict per loop.
    const float *restrict go = g + (size_t)at[1] * BLOCK, *restrict y = r + (size_t)at[1] * BLOCK;
    int32_t ia = at[3], ib = n > 1 ? at[4] : -1;
    // Constants have no adjoint: an argument below 0 is skipped.
    float *ga = ia >= 0 ? g + (size_t)ia * BLOCK : NULL, *gb = ib >= 0 && n > 1 ? g + (size_t)ib * BLOCK : NULL;
    const float *restrict a = reg((float *)r, p, ia), *restrict b = n > 1 ? reg((float *)r, p, at[4]) : a;
    switch (op) {
      case OP_MUL:
        if (ga) for (int e = 0; e < len; e++) ga[e] += go[e] * b[e];
        if (gb) for (int e = 0; e < len; e++) gb[e] += go[e] * a[e];
        break;
      case OP_ADD:
        if (ga) for (int e = 0; e < len; e++) ga[e] += go[e];
        if (gb) for (int e = 0; e < len; e++) gb[e] += go[e];
        break;
      case OP_SUB:
        if (ga) for (int e = 0; e < len; e++) ga[e] += go[e];
        if (gb) for (int e = 0; e < len; e++) gb[e] -= go[e];
        break;
      case OP_NEG: if (ga) for (int e = 0; e < len; e++) ga[e] -= go[e]; break;
      case OP_SQUARE: if (ga) for (int e = 0; e < len; e++) ga[e] += 2.0f * go[e] * a[e]; break;
      case OP_ADDN:
        for (int t = 0; t < n; t++) {
          if (at[3 + t] < 0) continue;
          float *gt = g + (size_t)at[3 + t] * BLOCK;
          for (int e = 0; e < len; e++) gt[e] += go[e];
        }
        break;
      case OP_TANH: if (ga) for (int e = 0; e < len; e++) ga[e] += go[e] * (1.0f - y[e] * y[e]); break;
      case OP_SIGMOID: if (ga) for (int e = 0; e < len; e++) ga[e] += go[e] * (y[e] * (1.0f - y[e])); break;
      case OP_SIN: if (ga) for (int e = 0; e < len; e++) ga[e] += go[e] * cosf(a[e]); break;
      case OP_COS: if (ga) for (int e = 0; e < len; e++) ga[e] += go[e] * -sinf(a[e]); break;
      case OP_EXP: if (ga) for (int e = 0; e < len; e++) ga[e] += go[e] * y[e]; break;
    }
  }
}

// jetForward(code, constants, z, h, nw) and jetBackward(code, constants, z, dh, dz, nw).
static napi_value jet(napi_env env, napi_callback_info info, int backward) {
  size_t argc = 7, want = backward ? 6 : 5;
  napi_value args[7];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  if (argc != want) return fail(env, backward ? "tfjs-pinn jetBackward: expected 6 arguments" : "tfjs-pinn jetForward: expected 5 arguments");
  napi_typedarray_type type;
  void *raw;
  napi_value buffer;
  size_t offset, words, nconstants, lz, lh, ld = 0;
  float *constants, *z, *h, *dz = NULL;
  int32_t nw;
  if (napi_get_typedarray_info(env, args[0], &type, &words, &raw, &buffer, &offset) != napi_ok || type != napi_int32_array)
    return fail(env, "tfjs-pinn jet loops: code must be an Int32Array");
  const int32_t *code = (const int32_t *)raw;
  if (!floats(env, args[1], &constants, &nconstants) || !floats(env, args[2], &z, &lz) || !floats(env, args[3], &h, &lh) ||
      (backward && !floats(env, args[4], &dz, &ld)))
    return fail(env, "tfjs-pinn jet loops: constants, z, h (or dh and dz) must be Float32Arrays");
  if (napi_get_value_int32(env, args[want - 1], &nw) != napi_ok || nw < 0) return fail(env, "tfjs-pinn jet loops: nw must be a count");
  Program p;
  const char *bad = parse(code, words, constants, nconstants, &p);
  if (bad != NULL) return fail(env, bad);
  size_t need = (size_t)p.k * nw;
  if (lz < need || lh < need || (backward && ld < need)) return fail(env, "tfjs-pinn jet loops: an array is shorter than K * nw");
  size_t rows = (size_t)p.regs + nconstants;
  float *r = aligned_alloc(64, rows * BLOCK * sizeof(float) * (backward ? 2 : 1));
  if (r == NULL) return fail(env, "tfjs-pinn jet loops: out of memory");
  float *g = backward ? r + rows * BLOCK : NULL;
  for (size_t c = 0; c < nconstants; c++)
    for (int e = 0; e < BLOCK; e++) r[((size_t)p.regs + c) * BLOCK + e] = constants[c];
  for (int base = 0; base < nw; base += BLOCK) {
    int len = nw - base < BLOCK ? nw - base : BLOCK;
    for (int j = 0; j < p.k; j++) memcpy(r + (size_t)j * BLOCK, z + (size_t)j * nw + base, len * sizeof(float));
    run_forward(&p, r, len);
    if (!backward) {
      for (int j = 0; j < p.k; j++) {
        float *out = h + (size_t)j * nw + base;
        if (p.outputs[j] < 0) memset(out, 0, len * sizeof(float));
        else memcpy(out, r + (size_t)p.outputs[j] * BLOCK, len * sizeof(float));
      }
      continue;
    }
    memset(g, 0, (size_t)p.regs * BLOCK * sizeof(float));
    for (int j = 0; j < p.k; j++) {  // h is dh here: the seeds
      if (p.outputs[j] < 0) continue;
      float *gs = g + (size_t)p.outputs[j] * BLOCK;
      const float *d = h + (size_t)j * nw + base;
      for (int e = 0; e < len; e++) gs[e] += d[e];
    }
    run_backward(&p, r, g, len);
    for (int j = 0; j < p.k; j++) memcpy(dz + (size_t)j * nw + base, g + (size_t)j * BLOCK, len * sizeof(float));
  }
  free(r);
  return NULL;
}

static napi_value jet_forward(napi_env env, napi_callback_info info) { return jet(env, info, 0); }
static napi_value jet_backward(napi_env env, napi_callback_info info) { return jet(env, info, 1); }

// ---- L-BFGS's two-loop recursion ---------------------------------------------------------------------------------

// The data pointer of a Float64Array with at least n elements, or NULL.
static double *doubles(napi_env env, napi_value v, size_t n) {
  napi_typedarray_type type;
  size_t length, offset;
  void *raw;
  napi_value buffer;
  if (napi_get_typedarray_info(env, v, &type, &length, &raw, &buffer, &offset) != napi_ok || type != napi_float64_array || length < n) return NULL;
  return (double *)raw;
}

// twoLoop(q, steps, dirs, ro, hDiag): q <- H q, H the L-BFGS inverse-Hessian estimate of the k pairs (steps[i],
// dirs[i]) with ro[i] = 1 / dirs[i]ᵀsteps[i] and H0 = hDiag I; q is -g on entry and the direction on return.
// The textbook loops (Nocedal and Wright, algorithm 7.4), each sweep a BLAS ddot or daxpy.
static napi_value two_loop(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  if (argc != 5) return fail(env, "tfjs-pinn twoLoop: expected 5 arguments");
  napi_typedarray_type type;
  size_t n, offset;
  void *raw;
  napi_value buffer;
  if (napi_get_typedarray_info(env, args[0], &type, &n, &raw, &buffer, &offset) != napi_ok || type != napi_float64_array)
    return fail(env, "tfjs-pinn twoLoop: q must be a Float64Array");
  double *q = (double *)raw, h;
  uint32_t k, k2;
  bool isArray;
  if (napi_is_array(env, args[1], &isArray) != napi_ok || !isArray || napi_get_array_length(env, args[1], &k) != napi_ok ||
      napi_is_array(env, args[2], &isArray) != napi_ok || !isArray || napi_get_array_length(env, args[2], &k2) != napi_ok || k2 != k)
    return fail(env, "tfjs-pinn twoLoop: steps and dirs must be arrays of the same length");
  double *ro = doubles(env, args[3], k);
  if (ro == NULL) return fail(env, "tfjs-pinn twoLoop: ro must be a Float64Array of one number per pair");
  if (napi_get_value_double(env, args[4], &h) != napi_ok) return fail(env, "tfjs-pinn twoLoop: hDiag must be a number");
  double **vectors = malloc(sizeof(double *) * 2 * (k > 0 ? k : 1)), *al = malloc(sizeof(double) * (k > 0 ? k : 1));
  if (vectors == NULL || al == NULL) {
    free(vectors);
    free(al);
    return fail(env, "tfjs-pinn twoLoop: out of memory");
  }
  for (uint32_t i = 0; i < 2 * k; i++) {
    napi_value v;
    napi_get_element(env, args[1 + i / k], i % k, &v);
    if ((vectors[i] = doubles(env, v, n)) == NULL) {
      free(vectors);
      free(al);
      return fail(env, "tfjs-pinn twoLoop: every step and dir must be a Float64Array as long as q");
    }
  }
  double **steps = vectors, **dirs = vectors + k;
  for (int i = (int)k - 1; i >= 0; i--) {
    al[i] = ro[i] * cblas_ddot((int)n, steps[i], 1, q, 1);
    cblas_daxpy((int)n, -al[i], dirs[i], 1, q, 1);
  }
  cblas_dscal((int)n, h, q, 1);
  for (uint32_t i = 0; i < k; i++) {
    double b = ro[i] * cblas_ddot((int)n, dirs[i], 1, q, 1);
    cblas_daxpy((int)n, al[i] - b, steps[i], 1, q, 1);
  }
  free(vectors);
  free(al);
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
  (void)info;
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
      {"jetForward", NULL, jet_forward, NULL, NULL, NULL, napi_default, NULL},
      {"jetBackward", NULL, jet_backward, NULL, NULL, NULL, napi_default, NULL},
      {"twoLoop", NULL, two_loop, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 6, props);
  return exports;
}
