// Descent's CUDA kernels, compiled at run time by NVRTC for the device's architecture (and by nvcc --ptx in the
// tests). No headers: NVRTC has none of the C library. Every operand is a strided view: an offset and one stride per
// dimension of the shape the kernel iterates (broadcast dimensions have stride 0). Indices are 32-bit, as Descent's
// sizes are ints.

#define MAXD 8
#define ERR_INT_DIV_ZERO 1
#define ERR_INDEX_RANGE 2

struct Shape { int rank; int n; int sz[MAXD]; };
struct View { int off; int st[MAXD]; };

// Set by a kernel that meets bad input (integer division by zero, an index out of range); the host reads it when it
// next synchronises, so a step never waits for it.
__device__ int descent_error;

__device__ __forceinline__ int at(const Shape& s, const View& v, int i) {
    int o = v.off;
    for (int d = s.rank - 1; d >= 0; --d) {
        int k = i % s.sz[d];
        i /= s.sz[d];
        o += k * v.st[d];
    }
    return o;
}

__device__ __forceinline__ void fail(int code) { atomicCAS(&descent_error, 0, code); }

#define GRID_LOOP(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

template <class T> struct Fp { static const bool value = false; };
template <> struct Fp<float> { static const bool value = true; };
template <> struct Fp<double> { static const bool value = true; };

// Conversion as Java's casts do it: floating to integral through int64, anything to bool as != 0.
template <class D, class S> __device__ __forceinline__ D cvt(S x) {
    if (Fp<D>::value || !Fp<S>::value) return (D)x;
    return (D)(long long)x;
}

// ---- math in the operand's own precision ----------------------------------------------------------------------
__device__ __forceinline__ float m_exp(float x) { return expf(x); }
__device__ __forceinline__ double m_exp(double x) { return exp(x); }
__device__ __forceinline__ float m_log(float x) { return logf(x); }
__device__ __forceinline__ double m_log(double x) { return log(x); }
__device__ __forceinline__ float m_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double m_sqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float m_sin(float x) { return sinf(x); }
__device__ __forceinline__ double m_sin(double x) { return sin(x); }
__device__ __forceinline__ float m_cos(float x) { return cosf(x); }
__device__ __forceinline__ double m_cos(double x) { return cos(x); }
__device__ __forceinline__ float m_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double m_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float m_erf(float x) { return erff(x); }
__device__ __forceinline__ double m_erf(double x) { return erf(x); }
__device__ __forceinline__ float m_pow(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double m_pow(double x, double y) { return pow(x, y); }
__device__ __forceinline__ float m_fmod(float x, float y) { return fmodf(x, y); }
__device__ __forceinline__ double m_fmod(double x, double y) { return fmod(x, y); }
__device__ __forceinline__ float m_floor(float x) { return floorf(x); }
__device__ __forceinline__ double m_floor(double x) { return floor(x); }
__device__ __forceinline__ float m_ceil(float x) { return ceilf(x); }
__device__ __forceinline__ double m_ceil(double x) { return ceil(x); }
__device__ __forceinline__ float m_rint(float x) { return rintf(x); }
__device__ __forceinline__ double m_rint(double x) { return rint(x); }
__device__ __forceinline__ float m_atan2(float x, float y) { return atan2f(x, y); }
__device__ __forceinline__ double m_atan2(double x, double y) { return atan2(x, y); }
__device__ __forceinline__ float m_copysign(float x, float y) { return copysignf(x, y); }
__device__ __forceinline__ double m_copysign(double x, double y) { return copysign(x, y); }

// The op codes are the ordinals of dev.descent.backend.UnaryOp / BinaryOp / TernaryOp / ReduceOp; CudaKernelsTest
// checks the two lists agree.
enum Unary { U_NEG, U_ABS, U_SIGN, U_SQUARE, U_SQRT, U_RECIPROCAL, U_EXP, U_LOG, U_SIN, U_COS, U_TANH, U_SIGMOID,
    U_ERF, U_RELU, U_LEAKY_RELU, U_GELU, U_GELU_TANH, U_POW, U_RPOW, U_CLAMP, U_FLOOR, U_CEIL, U_ROUND,
    U_LOGICAL_NOT };
enum Binary { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_ATAN2, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
    B_LOGICAL_AND, B_LOGICAL_OR, B_FMOD, B_REMAINDER, B_FLOOR_DIVIDE, B_RELU_BACKWARD, B_LEAKY_RELU_BACKWARD,
    B_SIGMOID_BACKWARD, B_TANH_BACKWARD, B_GELU_BACKWARD, B_GELU_TANH_BACKWARD };
enum Ternary { T_ADDCMUL, T_ADDCDIV, T_ADDCDIV_SQRT };
enum Reduce { R_SUM, R_SUM_SQUARES, R_PROD, R_MAX, R_MIN, R_ARGMAX, R_ARGMIN };

#define SQRT_2_OVER_PI 0.7978845608028654
#define INV_SQRT_2PI 0.3989422804014327
#define INV_SQRT_2 0.7071067811865476

template <class T> __device__ __forceinline__ T unary_fp(int op, T x, double p, double q) {
    switch (op) {
    case U_NEG: return -x;
    case U_ABS: return x < 0 ? -x : (x == 0 ? (T)0 : x);
    case U_SIGN: return x > 0 ? (T)1 : x < 0 ? (T)-1 : x;
    case U_SQUARE: return x * x;
    case U_SQRT: return m_sqrt(x);
    case U_RECIPROCAL: return (T)1 / x;
    case U_EXP: return m_exp(x);
    case U_LOG: return m_log(x);
    case U_SIN: return m_sin(x);
    case U_COS: return m_cos(x);
    case U_TANH: return m_tanh(x);
    case U_SIGMOID: return x >= 0 ? (T)1 / ((T)1 + m_exp(-x)) : m_exp(x) / ((T)1 + m_exp(x));
    case U_ERF: return m_erf(x);
    case U_RELU: return x > 0 ? x : (x != x ? x : (T)0);
    case U_LEAKY_RELU: return x > 0 ? x : x * (T)p;
    case U_GELU: return (T)0.5 * x * ((T)1 + m_erf(x * (T)INV_SQRT_2));
    case U_GELU_TANH: return (T)0.5 * x * ((T)1 + m_tanh((T)SQRT_2_OVER_PI * (x + (T)0.044715 * x * x * x)));
    case U_POW: return m_pow(x, (T)p);
    case U_RPOW: return m_pow((T)p, x);
    case U_CLAMP:
        if (x != x) return x;
        if (p == p && x < (T)p) x = (T)p;
        if (q == q && x > (T)q) x = (T)q;
        return x;
    case U_FLOOR: return m_floor(x);
    case U_CEIL: return m_ceil(x);
    case U_ROUND: return m_rint(x);
    case U_LOGICAL_NOT: return x == 0 ? (T)1 : (T)0;
    }
    return x;
}

__device__ __forceinline__ long long ipow(long long a, long long b) {
    if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;
    long long r = 1;
    while (b) { if (b & 1) r *= a; a *= a; b >>= 1; }
    return r;
}

__device__ __forceinline__ long long unary_int(int op, long long x, double p, double q) {
    switch (op) {
    case U_NEG: return -x;
    case U_ABS: return x < 0 ? -x : x;
    case U_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case U_SQUARE: return x * x;
    case U_RELU: return x > 0 ? x : 0;
    case U_CLAMP:
        if (p == p && x < p) x = (long long)p;
        if (q == q && x > q) x = (long long)q;
        return x;
    case U_FLOOR: case U_CEIL: case U_ROUND: return x;
    case U_LOGICAL_NOT: return x == 0;
    case U_POW: return p == rint(p) && fabs(p) < 4.6e18 ? ipow(x, (long long)p) : (long long)pow((double)x, p);
    }
    return x;
}

template <class T> __device__ __forceinline__ T binary_fp(int op, T a, T b, double alpha) {
    switch (op) {
    case B_ADD: return alpha == 1 ? a + b : a + (T)alpha * b;
    case B_SUB: return alpha == 1 ? a - b : a - (T)alpha * b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_POW: return m_pow(a, b);
    case B_MAXIMUM: return a != a || b != b ? a + b : (a > b ? a : b);
    case B_MINIMUM: return a != a || b != b ? a + b : (a < b ? a : b);
    case B_ATAN2: return m_atan2(a, b);
    case B_FMOD: return m_fmod(a, b);
    case B_REMAINDER: { T m = m_fmod(a, b); return m != 0 && ((b < 0) != (m < 0)) ? m + b : m; }
    case B_FLOOR_DIVIDE: {
        if (b == 0) return a / b;
        T mod = m_fmod(a, b);
        T div = (a - mod) / b;
        if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
        if (div == 0) return m_copysign((T)0, a / b);
        T fl = m_floor(div);
        return div - fl > (T)0.5 ? fl + 1 : fl;
    }
    case B_RELU_BACKWARD: return b > 0 ? a : (T)0;
    case B_LEAKY_RELU_BACKWARD: return b > 0 ? a : a * (T)alpha;
    case B_SIGMOID_BACKWARD: return a * b * ((T)1 - b);
    case B_TANH_BACKWARD: return a * ((T)1 - b * b);
    case B_GELU_BACKWARD:
        return a * ((T)0.5 * ((T)1 + m_erf(b * (T)INV_SQRT_2)) + b * (T)INV_SQRT_2PI * m_exp((T)-0.5 * b * b));
    case B_GELU_TANH_BACKWARD: {
        T u = (T)SQRT_2_OVER_PI * (b + (T)0.044715 * b * b * b);
        T t = m_tanh(u);
        T du = (T)SQRT_2_OVER_PI * ((T)1 + (T)(3 * 0.044715) * b * b);
        return a * ((T)0.5 * ((T)1 + t) + (T)0.5 * b * ((T)1 - t * t) * du);
    }
    }
    return a;
}

__device__ __forceinline__ long long nonzero(long long b) {
    if (b == 0) fail(ERR_INT_DIV_ZERO);
    return b == 0 ? 1 : b;
}

__device__ __forceinline__ long long binary_int(int op, long long a, long long b, double alpha) {
    switch (op) {
    case B_ADD: return a + (long long)alpha * b;
    case B_SUB: return a - (long long)alpha * b;
    case B_MUL: return a * b;
    case B_POW: return ipow(a, b);
    case B_MAXIMUM: return a > b ? a : b;
    case B_MINIMUM: return a < b ? a : b;
    case B_DIV: case B_FLOOR_DIVIDE: {
        long long d = nonzero(b), q = a / d;
        return (a % d != 0 && ((a < 0) != (d < 0))) ? q - 1 : q;
    }
    case B_FMOD: return a % nonzero(b);
    case B_REMAINDER: { long long d = nonzero(b), m = a % d; return m != 0 && ((m < 0) != (d < 0)) ? m + d : m; }
    }
    return a;
}

template <class T> __device__ __forceinline__ T binary_any(int op, T a, T b, double alpha) {
    return (T)binary_int(op, a, b, alpha);
}
template <> __device__ __forceinline__ float binary_any<float>(int op, float a, float b, double alpha) {
    return binary_fp<float>(op, a, b, alpha);
}
template <> __device__ __forceinline__ double binary_any<double>(int op, double a, double b, double alpha) {
    return binary_fp<double>(op, a, b, alpha);
}

template <class T> __device__ __forceinline__ bool compare(int op, T a, T b) {
    switch (op) {
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_LOGICAL_AND: return a != 0 && b != 0;
    case B_LOGICAL_OR: return a != 0 || b != 0;
    }
    return false;
}

// ---- atomics for scatter-add ----------------------------------------------------------------------------------
__device__ __forceinline__ void atomic_add(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(int* p, int v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(long long* p, long long v) {
    atomicAdd((unsigned long long*)p, (unsigned long long)v);
}
template <class B> __device__ __forceinline__ void atomic_add_byte(B* p, B v) {
    unsigned int* word = (unsigned int*)((size_t)p & ~(size_t)3);
    unsigned int shift = ((size_t)p & 3) * 8, old = *word, assumed;
    do {
        assumed = old;
        B cur = (B)((assumed >> shift) & 0xff);
        B sum = (B)(cur + v);
        unsigned int next = (assumed & ~(0xffu << shift)) | ((unsigned int)(unsigned char)sum << shift);
        old = atomicCAS(word, assumed, next);
    } while (old != assumed);
}
__device__ __forceinline__ void atomic_add(signed char* p, signed char v) { atomic_add_byte(p, v); }
__device__ __forceinline__ void atomic_add(unsigned char* p, unsigned char v) { atomic_add_byte(p, v); }

// ---- kernels, one set per dtype ----------------------------------------------------------------------------------

#define FOR_EACH_TYPE(X) X(f32, float) X(f64, double) X(i64, long long) X(i32, int) X(i8, signed char) \
    X(u8, unsigned char) X(bool, unsigned char)

// The host encodes the value in the dtype (bool as 0/1), so a fill is exact for every type.
#define FILL(N, T) \
extern "C" __global__ void fill_##N(Shape s, View o, T* out, T value) { \
    GRID_LOOP(i, s.n) out[at(s, o, i)] = value; \
}
FOR_EACH_TYPE(FILL)

#define COPY_TO(SN, S, DN, D) \
extern "C" __global__ void copy_##SN##_##DN(Shape s, View x, const S* in, View o, D* out) { \
    GRID_LOOP(i, s.n) { S v = in[at(s, x, i)]; out[at(s, o, i)] = (#DN[0] == 'b') ? (D)(v != 0) : cvt<D>(v); } \
}
#define COPY_FROM(SN, S) COPY_TO(SN, S, f32, float) COPY_TO(SN, S, f64, double) COPY_TO(SN, S, i64, long long) \
    COPY_TO(SN, S, i32, int) COPY_TO(SN, S, i8, signed char) COPY_TO(SN, S, u8, unsigned char) \
    COPY_TO(SN, S, bool, unsigned char)
FOR_EACH_TYPE(COPY_FROM)

#define UNARY(N, T) \
extern "C" __global__ void unary_##N(int op, Shape s, View x, const T* in, View o, T* out, double p, double q) { \
    GRID_LOOP(i, s.n) { \
        T v = in[at(s, x, i)]; \
        T r; \
        if (Fp<T>::value) r = (T)unary_fp<double>(op, (double)v, p, q); \
        else r = (T)unary_int(op, (long long)v, p, q); \
        out[at(s, o, i)] = r; \
    } \
}
// float runs in float (its own precision, as the CPU's vector path), the others as above
extern "C" __global__ void unary_f32(int op, Shape s, View x, const float* in, View o, float* out, double p,
        double q) {
    GRID_LOOP(i, s.n) out[at(s, o, i)] = unary_fp<float>(op, in[at(s, x, i)], p, q);
}
UNARY(f64, double) UNARY(i64, long long) UNARY(i32, int) UNARY(i8, signed char) UNARY(u8, unsigned char)
extern "C" __global__ void unary_bool(int op, Shape s, View x, const unsigned char* in, View o, unsigned char* out,
        double p, double q) {
    GRID_LOOP(i, s.n) out[at(s, o, i)] = unary_int(op, in[at(s, x, i)], p, q) != 0;
}

#define BINARY(N, T) \
extern "C" __global__ void binary_##N(int op, Shape s, View a, const T* pa, View b, const T* pb, View o, T* out, \
        double alpha) { \
    GRID_LOOP(i, s.n) { \
        T x = pa[at(s, a, i)], y = pb[at(s, b, i)]; \
        out[at(s, o, i)] = binary_any<T>(op, x, y, alpha); \
    } \
} \
extern "C" __global__ void compare_##N(int op, Shape s, View a, const T* pa, View b, const T* pb, View o, \
        unsigned char* out) { \
    GRID_LOOP(i, s.n) out[at(s, o, i)] = compare<T>(op, pa[at(s, a, i)], pb[at(s, b, i)]); \
}
BINARY(f32, float) BINARY(f64, double) BINARY(i64, long long) BINARY(i32, int) BINARY(i8, signed char)
BINARY(u8, unsigned char)
extern "C" __global__ void binary_bool(int op, Shape s, View a, const unsigned char* pa, View b,
        const unsigned char* pb, View o, unsigned char* out, double alpha) {
    GRID_LOOP(i, s.n) out[at(s, o, i)] = binary_int(op, pa[at(s, a, i)], pb[at(s, b, i)], alpha) != 0;
}
extern "C" __global__ void compare_bool(int op, Shape s, View a, const unsigned char* pa, View b,
        const unsigned char* pb, View o, unsigned char* out) {
    GRID_LOOP(i, s.n) out[at(s, o, i)] = compare<unsigned char>(op, pa[at(s, a, i)], pb[at(s, b, i)]);
}

#define TERNARY(N, T) \
extern "C" __global__ void ternary_##N(int op, Shape s, View a, const T* pa, View b, const T* pb, View c, \
        const T* pc, View o, T* out, double alpha, double beta, double gamma) { \
    GRID_LOOP(i, s.n) { \
        T x = pa[at(s, a, i)], y = pb[at(s, b, i)], z = pc[at(s, c, i)], r; \
        if (op == T_ADDCMUL) r = y * z; \
        else if (op == T_ADDCDIV) r = y / z; \
        else r = y / (m_sqrt(z) + (T)gamma); \
        out[at(s, o, i)] = (beta == 0 ? (T)0 : (T)beta * x) + (T)alpha * r; \
    } \
}
TERNARY(f32, float) TERNARY(f64, double)

#define WHERE(N, T) \
extern "C" __global__ void where_##N(Shape s, View c, const unsigned char* pc, View a, const T* pa, View b, \
        const T* pb, View o, T* out) { \
    GRID_LOOP(i, s.n) out[at(s, o, i)] = pc[at(s, c, i)] ? pa[at(s, a, i)] : pb[at(s, b, i)]; \
}
FOR_EACH_TYPE(WHERE)

// ---- reductions: one block per output element, the threads stride over the reduced elements -----------------------

template <class T> struct Acc { typedef long long type; };
template <> struct Acc<float> { typedef double type; };
template <> struct Acc<double> { typedef double type; };

template <class A> __device__ __forceinline__ A combine(int op, A x, A y) {
    switch (op) {
    case R_SUM: case R_SUM_SQUARES: return x + y;
    case R_PROD: return x * y;
    case R_MAX: return x != x ? x : y != y ? y : (x > y ? x : y);
    case R_MIN: return x != x ? x : y != y ? y : (x < y ? x : y);
    }
    return x;
}

// kept: the output's dims (x's strides in kx, out's in ko); red: the reduced dims (x's strides in rx).
template <class T> __device__ void reduce_block(int op, Shape kept, View kx, View ko, Shape red, View rx, const T* x,
        T* out, bool isBool) {
    typedef typename Acc<T>::type A;
    __shared__ A part[256];
    int o = blockIdx.x;
    if (o >= kept.n) return;
    int base = at(kept, kx, o);
    A identity = op == R_PROD ? (A)1 : (A)0;
    A acc = identity;
    bool any = false;
    for (int r = threadIdx.x; r < red.n; r += blockDim.x) {
        A v = (A)x[base + at(red, rx, r) - rx.off];
        if (op == R_SUM_SQUARES) v = v * v;
        acc = any || (op != R_MAX && op != R_MIN) ? combine(op, acc, v) : v;
        any = true;
    }
    part[threadIdx.x] = acc;
    __shared__ bool has[256];
    has[threadIdx.x] = any;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) {
            int j = threadIdx.x + w;
            if (has[j]) {
                part[threadIdx.x] = has[threadIdx.x] || (op != R_MAX && op != R_MIN)
                        ? combine(op, part[threadIdx.x], part[j]) : part[j];
                has[threadIdx.x] = true;
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        double v = (double)part[0];
        out[at(kept, ko, o)] = isBool ? (T)(part[0] != 0) : (Fp<T>::value ? (T)v : (T)part[0]);
    }
}

// ARGMAX / ARGMIN over one dim: the first extremum wins; NaN counts as the extremum, as in PyTorch.
template <class T> __device__ void arg_block(bool isMax, Shape kept, View kx, View ko, int n, int stride,
        const T* x, long long* out) {
    __shared__ double best[256];
    __shared__ int where[256];
    int o = blockIdx.x;
    if (o >= kept.n) return;
    int base = at(kept, kx, o);
    double b = 0;
    int w = -1;
    for (int r = threadIdx.x; r < n; r += blockDim.x) {
        double v = (double)x[base + r * stride];
        bool better = w < 0 || (b == b && (v != v || (isMax ? v > b : v < b)));
        if (better) { b = v; w = r; }
    }
    best[threadIdx.x] = b;
    where[threadIdx.x] = w;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            int j = threadIdx.x + s;
            double v = best[j], cur = best[threadIdx.x];
            int wj = where[j], wc = where[threadIdx.x];
            if (wj >= 0) {
                bool take = wc < 0;
                if (!take) {
                    bool vn = v != v, cn = cur != cur;
                    if (vn && cn) take = wj < wc;
                    else if (vn) take = true;
                    else if (!cn) take = (isMax ? v > cur : v < cur) || (v == cur && wj < wc);
                }
                if (take) { best[threadIdx.x] = v; where[threadIdx.x] = wj; }
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) out[at(kept, ko, o)] = where[0] < 0 ? 0 : where[0];
}

#define REDUCE(N, T) \
extern "C" __global__ void reduce_##N(int op, Shape kept, View kx, View ko, Shape red, View rx, const T* x, T* out) { \
    reduce_block<T>(op, kept, kx, ko, red, rx, x, out, #N[0] == 'b'); \
} \
extern "C" __global__ void argreduce_##N(int isMax, Shape kept, View kx, View ko, int n, int stride, const T* x, \
        long long* out) { \
    arg_block<T>(isMax != 0, kept, kx, ko, n, stride, x, out); \
}
FOR_EACH_TYPE(REDUCE)

// ---- indexing -----------------------------------------------------------------------------------------------------

// The views of the indexed operand carry stride 0 in dimension dim; kstride is its real stride there, limit its size.
// gather / scatter_add iterate over index's shape; index_select over out's, index_add over src's (index is 1-D).
__device__ __forceinline__ bool in_range(long long k, int limit) {
    if (k >= 0 && k < limit) return true;
    fail(ERR_INDEX_RANGE);
    return false;
}
__device__ __forceinline__ int coord(const Shape& s, int i, int dim) {
    int pos = 0;
    for (int d = s.rank - 1; d >= dim; --d) { pos = i % s.sz[d]; i /= s.sz[d]; }
    return pos;
}

#define INDEXING(N, T) \
extern "C" __global__ void gather_##N(Shape s, int limit, int kstride, View x, const T* px, View ix, \
        const long long* pi, View o, T* out) { \
    GRID_LOOP(i, s.n) { \
        long long k = pi[at(s, ix, i)]; \
        if (in_range(k, limit)) out[at(s, o, i)] = px[at(s, x, i) + (int)k * kstride]; \
    } \
} \
extern "C" __global__ void scatter_add_##N(Shape s, int limit, int kstride, View o, T* out, View ix, \
        const long long* pi, View src, const T* ps) { \
    GRID_LOOP(i, s.n) { \
        long long k = pi[at(s, ix, i)]; \
        if (in_range(k, limit)) atomic_add(out + at(s, o, i) + (int)k * kstride, ps[at(s, src, i)]); \
    } \
} \
extern "C" __global__ void index_select_##N(Shape s, int dim, int limit, int kstride, View x, const T* px, \
        int ioff, int istride, const long long* pi, View o, T* out) { \
    GRID_LOOP(i, s.n) { \
        long long k = pi[ioff + coord(s, i, dim) * istride]; \
        if (in_range(k, limit)) out[at(s, o, i)] = px[at(s, x, i) + (int)k * kstride]; \
    } \
} \
extern "C" __global__ void index_add_##N(Shape s, int dim, int limit, int kstride, View o, T* out, int ioff, \
        int istride, const long long* pi, View src, const T* ps) { \
    GRID_LOOP(i, s.n) { \
        long long k = pi[ioff + coord(s, i, dim) * istride]; \
        if (in_range(k, limit)) atomic_add(out + at(s, o, i) + (int)k * kstride, ps[at(s, src, i)]); \
    } \
}
INDEXING(f32, float) INDEXING(f64, double) INDEXING(i64, long long) INDEXING(i32, int) INDEXING(i8, signed char)
INDEXING(u8, unsigned char)

// ---- convolution and pooling over contiguous [N, C, H, W] -----------------------------------------------------------

struct Geo { int n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow; };

#define CONV(N, T) \
extern "C" __global__ void im2col_##N(Geo g, const T* x, T* cols) { \
    int total = g.n * g.c * g.kh * g.kw * g.oh * g.ow; \
    GRID_LOOP(i, total) { \
        int ox = i % g.ow, t = i / g.ow; \
        int oy = t % g.oh; t /= g.oh; \
        int kj = t % g.kw; t /= g.kw; \
        int ki = t % g.kh; t /= g.kh; \
        int c = t % g.c, n = t / g.c; \
        int y = oy * g.sh - g.ph + ki * g.dh, xx = ox * g.sw - g.pw + kj * g.dw; \
        cols[i] = y >= 0 && y < g.h && xx >= 0 && xx < g.w ? x[((n * g.c + c) * g.h + y) * g.w + xx] : (T)0; \
    } \
} \
extern "C" __global__ void col2im_##N(Geo g, const T* cols, T* x) { \
    int total = g.n * g.c * g.h * g.w; \
    GRID_LOOP(i, total) { \
        int xx = i % g.w, t = i / g.w; \
        int y = t % g.h; t /= g.h; \
        int c = t % g.c, n = t / g.c; \
        T sum = 0; \
        for (int ki = 0; ki < g.kh; ++ki) { \
            int ty = y + g.ph - ki * g.dh; \
            if (ty < 0 || ty % g.sh) continue; \
            int oy = ty / g.sh; \
            if (oy >= g.oh) continue; \
            for (int kj = 0; kj < g.kw; ++kj) { \
                int tx = xx + g.pw - kj * g.dw; \
                if (tx < 0 || tx % g.sw) continue; \
                int ox = tx / g.sw; \
                if (ox >= g.ow) continue; \
                sum += cols[(((n * g.c + c) * g.kh + ki) * g.kw + kj) * (g.oh * g.ow) + oy * g.ow + ox]; \
            } \
        } \
        x[i] += sum; \
    } \
} \
extern "C" __global__ void max_pool2d_##N(Geo g, const T* x, T* out, long long* indices) { \
    int total = g.n * g.c * g.oh * g.ow; \
    GRID_LOOP(i, total) { \
        int ox = i % g.ow, t = i / g.ow; \
        int oy = t % g.oh, plane = t / g.oh; \
        const T* p = x + (size_t)plane * g.h * g.w; \
        T best = 0; \
        int arg = -1; \
        for (int ki = 0; ki < g.kh; ++ki) { \
            int y = oy * g.sh - g.ph + ki * g.dh; \
            if (y < 0 || y >= g.h) continue; \
            for (int kj = 0; kj < g.kw; ++kj) { \
                int xx = ox * g.sw - g.pw + kj * g.dw; \
                if (xx < 0 || xx >= g.w) continue; \
                T v = p[y * g.w + xx]; \
                if (arg < 0 || (best == best && (v > best || v != v))) { best = v; arg = y * g.w + xx; } \
            } \
        } \
        out[i] = best; \
        indices[i] = arg < 0 ? 0 : arg; \
    } \
}
CONV(f32, float) CONV(f64, double)

// ---- random: Philox4x32-10 (Salmon et al., SC'11), counter = element index, key = the call's seed ------------------

__device__ __forceinline__ void philox(unsigned int ctr[4], unsigned int k0, unsigned int k1) {
    for (int r = 0; r < 10; ++r) {
        unsigned int hi0 = __umulhi(0xD2511F53u, ctr[0]), lo0 = 0xD2511F53u * ctr[0];
        unsigned int hi1 = __umulhi(0xCD9E8D57u, ctr[2]), lo1 = 0xCD9E8D57u * ctr[2];
        unsigned int c0 = hi1 ^ ctr[1] ^ k0, c2 = hi0 ^ ctr[3] ^ k1;
        ctr[0] = c0; ctr[1] = lo1; ctr[2] = c2; ctr[3] = lo0;
        k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
    }
}

// Two uniforms in [0, 1) with 53 bits each, from element i's Philox block.
__device__ __forceinline__ void uniforms(int i, unsigned long long seed, double* u) {
    unsigned int c[4] = {(unsigned int)i, 0u, 0u, 0u};
    philox(c, (unsigned int)seed, (unsigned int)(seed >> 32));
    u[0] = (double)((((unsigned long long)c[0] << 32) | c[1]) >> 11) * 0x1.0p-53;
    u[1] = (double)((((unsigned long long)c[2] << 32) | c[3]) >> 11) * 0x1.0p-53;
}

// kind 0: uniform in [a, b); 1: normal (mean a, std b); 2: bernoulli(a)
#define RANDOM(N, T) \
extern "C" __global__ void random_##N(int kind, Shape s, View o, T* out, unsigned long long seed, double a, \
        double b) { \
    GRID_LOOP(i, s.n) { \
        double u[2]; \
        uniforms(i, seed, u); \
        double v; \
        if (kind == 0) v = a + (b - a) * u[0]; \
        else if (kind == 1) v = a + b * sqrt(-2.0 * log(1.0 - u[0])) * cos(2.0 * 3.141592653589793 * u[1]); \
        else v = u[0] < a ? 1.0 : 0.0; \
        out[at(s, o, i)] = #N[0] == 'b' ? (T)(v != 0) : cvt<T>(v); \
    } \
}
FOR_EACH_TYPE(RANDOM)
