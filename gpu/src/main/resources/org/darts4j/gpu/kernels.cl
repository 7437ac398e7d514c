/*
 * The darts4j device kernels, written once for OpenCL C and CUDA C++.
 *
 * Built per element type: T is REAL, float or double (-DREAL=...), S is OTHER, the other one (for conversions, absent
 * when the device has no double precision: -DNO_FP64), ACC is ACCUM, the type reductions accumulate in (double where
 * the device has it, as the CPU backend does). OpenCL builds this file as it is; CUDA builds it with nvcc -x cu (see gpu/build-ptx.sh) into
 * the PTX files beside it.
 *
 * Launch conventions (GpuBackend): one-dimensional ranges; element kernels take one thread per output element and a
 * bound n; group kernels (names ending in _groups) take one work group of WG threads per output and reduce in local
 * memory in a fixed tree, so results do not depend on scheduling.
 */
#define WG 128
#define TILE 16

#ifdef __OPENCL_VERSION__
  #ifndef NO_FP64
    #pragma OPENCL EXTENSION cl_khr_fp64 : enable
  #endif
  #define KERNEL __kernel void
  #define GLOBAL __global
  #define LOCAL __local
  #define SHARED(type, name, n) __local type name[n]
  #define GID ((int) get_global_id(0))
  #define LID ((int) get_local_id(0))
  #define GROUP ((int) get_group_id(0))
  #define BARRIER barrier(CLK_LOCAL_MEM_FENCE)
  #define DEVICE
#else
  #define KERNEL extern "C" __global__ void
  #define GLOBAL
  #define LOCAL
  #define SHARED(type, name, n) __shared__ type name[n]
  #define GID ((int) (blockIdx.x * blockDim.x + threadIdx.x))
  #define LID ((int) threadIdx.x)
  #define GROUP ((int) blockIdx.x)
  #define BARRIER __syncthreads()
  #define DEVICE __device__
  #ifndef INFINITY
    #define INFINITY __int_as_float(0x7f800000)
  #endif
#endif

typedef REAL T;
typedef ACCUM ACC;
#ifndef NO_FP64
typedef OTHER S;
#endif

#define NEG_INF ((T) (-INFINITY))

/* Java's Math.max: NaN when either is NaN. */
DEVICE inline T jmax(T a, T b) { return (a != a || b != b) ? (a != a ? a : b) : (a > b ? a : b); }

/* Tree sum of buf[0..WG) into buf[0]; every thread of the group must call it. */
DEVICE inline void group_sum(LOCAL ACC* buf) {
    for (int s = WG / 2; s > 0; s >>= 1) {
        BARRIER;
        if (LID < s) buf[LID] += buf[LID + s];
    }
    BARRIER;
}

DEVICE inline void group_max(LOCAL T* buf) {
    for (int s = WG / 2; s > 0; s >>= 1) {
        BARRIER;
        if (LID < s) buf[LID] = jmax(buf[LID], buf[LID + s]);
    }
    BARRIER;
}

/* ------------------------------------------------------------------ element-wise */

/* op: the ordinal of org.darts4j.tensor.UnaryOp */
DEVICE inline T unary_op(int op, T x) {
    switch (op) {
        case 0: return -x;
        case 1: return exp(x);
        case 2: return log(x);
        case 3: return sqrt(x);
        case 4: return (T) 1 / sqrt(x);
        case 5: return x != x ? x : (x > 0 ? x : (T) 0);
        case 6: return x > 0 ? (T) 1 : (T) 0;
        case 7: return fabs(x);
        case 8: return x != x ? x : (x > 0 ? (T) 1 : (x < 0 ? (T) -1 : x));
        case 9: return (T) 1 / x;
        default: return x * x;
    }
}

/* op: the ordinal of org.darts4j.tensor.BinaryOp */
DEVICE inline T binary_op(int op, T a, T b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return b == (T) 2 ? a * a : pow(a, b);
        case 5: return jmax(a, b);
        case 6: return a > b ? (T) 1 : (T) 0;
        case 7: return a == b ? (T) 1 : (T) 0;
        default: return b > 0 ? a : (T) 0;
    }
}

KERNEL unary(int n, int op, GLOBAL const T* x, int xo, GLOBAL T* y) {
    int i = GID;
    if (i < n) y[i] = unary_op(op, x[xo + i]);
}

/* Both operands walked with a unit or zero step: same-shape contiguous tensors and scalar broadcasts. */
KERNEL binary_flat(int n, int op, GLOBAL const T* a, int ao, int as, GLOBAL const T* b, int bo, int bs, GLOBAL T* y) {
    int i = GID;
    if (i < n) y[i] = binary_op(op, a[ao + i * as], b[bo + i * bs]);
}

/* The offset of row-major index i in a view of (at most) six dimensions d0..d5 with strides s0..s5. */
#define OFFSET6(i, s0, s1, s2, s3, s4, s5) \
    ((i) / (d1 * d2 * d3 * d4 * d5) * (s0) + (i) / (d2 * d3 * d4 * d5) % d1 * (s1) + (i) / (d3 * d4 * d5) % d2 * (s2) \
     + (i) / (d4 * d5) % d3 * (s3) + (i) / d5 % d4 * (s4) + (i) % d5 * (s5))

KERNEL binary_strided(int n, int op, GLOBAL const T* a, int ao, GLOBAL const T* b, int bo, GLOBAL T* y, int yo,
                      int d1, int d2, int d3, int d4, int d5,
                      int a0, int a1, int a2, int a3, int a4, int a5,
                      int b0, int b1, int b2, int b3, int b4, int b5) {
    int i = GID;
    if (i < n) y[yo + i] = binary_op(op, a[ao + OFFSET6(i, a0, a1, a2, a3, a4, a5)], b[bo + OFFSET6(i, b0, b1, b2, b3, b4, b5)]);
}

/* dst (a strided view) = src (strided or broadcast), of one element type. */
KERNEL assign_strided(int n, GLOBAL T* dst, int dO, GLOBAL const T* src, int sO,
                      int d1, int d2, int d3, int d4, int d5,
                      int t0, int t1, int t2, int t3, int t4, int t5,
                      int s0, int s1, int s2, int s3, int s4, int s5) {
    int i = GID;
    if (i < n) dst[dO + OFFSET6(i, t0, t1, t2, t3, t4, t5)] = src[sO + OFFSET6(i, s0, s1, s2, s3, s4, s5)];
}

#ifndef NO_FP64
/* The same, converting from the other element type S. */
KERNEL assign_convert(int n, GLOBAL T* dst, int dO, GLOBAL const S* src, int sO,
                      int d1, int d2, int d3, int d4, int d5,
                      int t0, int t1, int t2, int t3, int t4, int t5,
                      int s0, int s1, int s2, int s3, int s4, int s5) {
    int i = GID;
    if (i < n) dst[dO + OFFSET6(i, t0, t1, t2, t3, t4, t5)] = (T) src[sO + OFFSET6(i, s0, s1, s2, s3, s4, s5)];
}
#endif

/* y = w·x (init) or y += w·x: the terms of Σ_k w_k·x_k. */
KERNEL axpy(int n, int init, GLOBAL const T* w, int wo, GLOBAL const T* x, int xo, GLOBAL T* y) {
    int i = GID;
    if (i < n) y[i] = init ? w[wo] * x[xo + i] : y[i] + w[wo] * x[xo + i];
}

/* ------------------------------------------------------------------ reductions */

/*
 * Rows of a contiguous [rows, inner] matrix, each split into `parts` equal ranges: group g reduces part g % parts of
 * row g / parts into y[g]. op 0 sums, 1 takes the maximum (NaN wins).
 */
KERNEL reduce_groups(int op, int inner, int parts, GLOBAL const T* x, int xo, GLOBAL T* y) {
    SHARED(ACC, acc, WG);
    SHARED(T, mx, WG);
    int g = GROUP, row = g / parts, part = g % parts;
    int len = (inner + parts - 1) / parts, from = part * len, to = min(inner, from + len);
    GLOBAL const T* r = x + xo + (long) row * inner;
    ACC s = 0;
    T m = NEG_INF;
    for (int k = from + LID; k < to; k += WG) {
        T v = r[k];
        s += v;
        m = jmax(m, v);
    }
    if (op == 0) {
        acc[LID] = s;
        group_sum(acc);
        if (LID == 0) y[g] = (T) acc[0];
    } else {
        mx[LID] = m;
        group_max(mx);
        if (LID == 0) y[g] = mx[0];
    }
}

/* Partial sums of a·b: group g sums part g of n into y[yo + g] (reduce_groups then adds the parts). */
KERNEL dot_groups(int n, int parts, GLOBAL const T* a, int ao, GLOBAL const T* b, int bo, GLOBAL T* y, int yo) {
    SHARED(ACC, acc, WG);
    int g = GROUP;
    int len = (n + parts - 1) / parts, from = g * len, to = min(n, from + len);
    ACC s = 0;
    for (int k = from + LID; k < to; k += WG) s += (ACC) a[ao + k] * (ACC) b[bo + k];
    acc[LID] = s;
    group_sum(acc);
    if (LID == 0) y[yo + g] = (T) acc[0];
}

/* ------------------------------------------------------------------ matrix product */

/* C[m, n] = A[m, k]·B[k, n] for strided A and B, in TILE x TILE tiles; group g covers tile (g / tilesN, g % tilesN). */
KERNEL gemm_groups(int m, int n, int k, GLOBAL const T* a, int ao, int a0, int a1, GLOBAL const T* b, int bo, int b0, int b1,
                   GLOBAL T* c, int tilesN) {
    SHARED(T, ta, TILE * TILE);
    SHARED(T, tb, TILE * TILE);
    int ty = LID / TILE, tx = LID % TILE;
    int row = (GROUP / tilesN) * TILE + ty, col = (GROUP % tilesN) * TILE + tx;
    T s = 0;
    for (int k0 = 0; k0 < k; k0 += TILE) {
        ta[ty * TILE + tx] = (row < m && k0 + tx < k) ? a[ao + row * a0 + (k0 + tx) * a1] : (T) 0;
        tb[ty * TILE + tx] = (k0 + ty < k && col < n) ? b[bo + (k0 + ty) * b0 + col * b1] : (T) 0;
        BARRIER;
        for (int j = 0; j < TILE; j++) s += ta[ty * TILE + j] * tb[j * TILE + tx];
        BARRIER;
    }
    if (row < m && col < n) c[row * n + col] = s;
}

/* ------------------------------------------------------------------ convolution (NCHW, weight [O, C/groups, KH, KW]) */

#define CONV_ARGS int N, int C, int H, int W, int O, int KH, int KW, int OH, int OW, \
                  int sh, int sw, int ph, int pw, int dh, int dw, int groups

KERNEL conv2d(GLOBAL const T* x, int xo, GLOBAL const T* w, int wo, GLOBAL T* y, CONV_ARGS) {
    int i = GID;
    if (i >= N * O * OH * OW) return;
    int ow = i % OW, oh = i / OW % OH, co = i / (OW * OH) % O, nb = i / (OW * OH * O);
    int cg = C / groups, og = O / groups, c0 = co / og * cg;
    T s = 0;
    for (int ci = 0; ci < cg; ci++) {
        GLOBAL const T* xp = x + xo + ((long) nb * C + c0 + ci) * H * W;
        GLOBAL const T* wp = w + wo + ((long) co * cg + ci) * KH * KW;
        for (int kh = 0; kh < KH; kh++) {
            int ih = oh * sh - ph + kh * dh;
            if (ih < 0 || ih >= H) continue;
            for (int kw = 0; kw < KW; kw++) {
                int iw = ow * sw - pw + kw * dw;
                if (iw >= 0 && iw < W) s += xp[ih * W + iw] * wp[kh * KW + kw];
            }
        }
    }
    y[i] = s;
}

/* dx for upstream gy: one thread per input element, gathering every output it contributed to. */
KERNEL conv2d_input_grad(GLOBAL const T* gy, int go, GLOBAL const T* w, int wo, GLOBAL T* dx, CONV_ARGS) {
    int i = GID;
    if (i >= N * C * H * W) return;
    int iw = i % W, ih = i / W % H, c = i / (W * H) % C, nb = i / (W * H * C);
    int cg = C / groups, og = O / groups, gr = c / cg, ci = c % cg;
    T s = 0;
    for (int co = gr * og; co < (gr + 1) * og; co++) {
        GLOBAL const T* gp = gy + go + ((long) nb * O + co) * OH * OW;
        GLOBAL const T* wp = w + wo + ((long) co * cg + ci) * KH * KW;
        for (int kh = 0; kh < KH; kh++) {
            int t = ih + ph - kh * dh;
            if (t < 0 || t % sh != 0 || t / sh >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int u = iw + pw - kw * dw;
                if (u < 0 || u % sw != 0 || u / sw >= OW) continue;
                s += gp[(t / sh) * OW + u / sw] * wp[kh * KW + kw];
            }
        }
    }
    dx[i] = s;
}

/* dw: one group per weight element, summing gy·x over the batch and the output plane. */
KERNEL conv2d_weight_grad_groups(GLOBAL const T* x, int xo, GLOBAL const T* gy, int go, GLOBAL T* dw_, CONV_ARGS) {
    SHARED(ACC, acc, WG);
    int e = GROUP;
    int kw = e % KW, kh = e / KW % KH, cg = C / groups, ci = e / (KW * KH) % cg, co = e / (KW * KH * cg);
    int og = O / groups, c = co / og * cg + ci;
    int plane = OH * OW;
    ACC s = 0;
    for (int j = LID; j < N * plane; j += WG) {
        int nb = j / plane, oh = j % plane / OW, ow = j % OW;
        int ih = oh * sh - ph + kh * dh, iw = ow * sw - pw + kw * dw;
        if (ih >= 0 && ih < H && iw >= 0 && iw < W)
            s += (ACC) gy[go + ((long) nb * O + co) * plane + j % plane] * (ACC) x[xo + (((long) nb * C + c) * H + ih) * W + iw];
    }
    acc[LID] = s;
    group_sum(acc);
    if (LID == 0) dw_[e] = (T) acc[0];
}

/* ------------------------------------------------------------------ pooling (contiguous NCHW planes) */

#define POOL_ARGS int planes, int H, int W, int OH, int OW, int KH, int KW, int sh, int sw, int ph, int pw

/* Index in the plane of the first maximum of window (oh, ow) in row-major order (NaN wins at once); -1 if empty. */
DEVICE inline int window_argmax(GLOBAL const T* xp, int H, int W, int oh, int ow, int KH, int KW, int sh, int sw, int ph, int pw) {
    int h0 = oh * sh - ph, w0 = ow * sw - pw, best = -1;
    T m = NEG_INF;
    for (int i = max(h0, 0); i < min(h0 + KH, H); i++)
        for (int j = max(w0, 0); j < min(w0 + KW, W); j++) {
            T v = xp[i * W + j];
            if (best < 0 || !(v <= m)) {
                m = v;
                best = i * W + j;
                if (v != v) return best;
            }
        }
    return best;
}

KERNEL max_pool2d(GLOBAL const T* x, int xo, GLOBAL T* y, POOL_ARGS) {
    int i = GID;
    if (i >= planes * OH * OW) return;
    int ow = i % OW, oh = i / OW % OH, pl = i / (OW * OH);
    GLOBAL const T* xp = x + xo + (long) pl * H * W;
    int a = window_argmax(xp, H, W, oh, ow, KH, KW, sh, sw, ph, pw);
    y[i] = a < 0 ? NEG_INF : xp[a];
}

/* The first and one-past-last output rows whose window holds input row i. */
#define WINDOWS(i, P, K, S, OUT, lo, hi) \
    int lo = (i) + (P) - (K) + 1 <= 0 ? 0 : ((i) + (P) - (K) + (S)) / (S); \
    int hi = min((OUT), ((i) + (P)) / (S) + 1)

/* dx[argmax] += gy for every window, gathered per input element (windows in row-major order, as on the CPU). */
KERNEL max_pool2d_scatter(GLOBAL const T* gy, int go, GLOBAL const T* x, int xo, GLOBAL T* dx, POOL_ARGS) {
    int i = GID;
    if (i >= planes * H * W) return;
    int iw = i % W, ih = i / W % H, pl = i / (W * H);
    GLOBAL const T* xp = x + xo + (long) pl * H * W;
    WINDOWS(ih, ph, KH, sh, OH, oh0, oh1);
    WINDOWS(iw, pw, KW, sw, OW, ow0, ow1);
    T s = 0;
    for (int oh = oh0; oh < oh1; oh++)
        for (int ow = ow0; ow < ow1; ow++)
            if (window_argmax(xp, H, W, oh, ow, KH, KW, sh, sw, ph, pw) == ih * W + iw) s += gy[go + ((long) pl * OH + oh) * OW + ow];
    dx[i] = s;
}

KERNEL max_pool2d_gather(GLOBAL const T* h, int ho, GLOBAL const T* x, int xo, GLOBAL T* y, POOL_ARGS) {
    int i = GID;
    if (i >= planes * OH * OW) return;
    int ow = i % OW, oh = i / OW % OH, pl = i / (OW * OH);
    int a = window_argmax(x + xo + (long) pl * H * W, H, W, oh, ow, KH, KW, sh, sw, ph, pw);
    y[i] = a < 0 ? (T) 0 : h[ho + (long) pl * H * W + a];
}

/* PyTorch's divisor of window (oh, ow). */
DEVICE inline int pool_divisor(int H, int W, int oh, int ow, int KH, int KW, int sh, int sw, int ph, int pw, int includePad) {
    int h0 = oh * sh - ph, w0 = ow * sw - pw;
    int h1 = min(h0 + KH, H + ph), w1 = min(w0 + KW, W + pw);
    if (includePad) return (h1 - h0) * (w1 - w0);
    return (min(h1, H) - max(h0, 0)) * (min(w1, W) - max(w0, 0));
}

KERNEL avg_pool2d(GLOBAL const T* x, int xo, GLOBAL T* y, POOL_ARGS, int includePad) {
    int i = GID;
    if (i >= planes * OH * OW) return;
    int ow = i % OW, oh = i / OW % OH, pl = i / (OW * OH);
    GLOBAL const T* xp = x + xo + (long) pl * H * W;
    int h0 = oh * sh - ph, w0 = ow * sw - pw;
    T s = 0;
    for (int a = max(h0, 0); a < min(h0 + KH, H); a++)
        for (int b = max(w0, 0); b < min(w0 + KW, W); b++) s += xp[a * W + b];
    y[i] = s / (T) pool_divisor(H, W, oh, ow, KH, KW, sh, sw, ph, pw, includePad);
}

KERNEL avg_pool2d_backward(GLOBAL const T* gy, int go, GLOBAL T* dx, POOL_ARGS, int includePad) {
    int i = GID;
    if (i >= planes * H * W) return;
    int iw = i % W, ih = i / W % H, pl = i / (W * H);
    WINDOWS(ih, ph, KH, sh, OH, oh0, oh1);
    WINDOWS(iw, pw, KW, sw, OW, ow0, ow1);
    T s = 0;
    for (int oh = oh0; oh < oh1; oh++)
        for (int ow = ow0; ow < ow1; ow++)
            s += gy[go + ((long) pl * OH + oh) * OW + ow] / (T) pool_divisor(H, W, oh, ow, KH, KW, sh, sw, ph, pw, includePad);
    dx[i] = s;
}

/* ------------------------------------------------------------------ batch normalisation (NCHW, per channel) */

/* mean[c] and biased var[c] over N, H and W, two passes as on the CPU; one group per channel. */
KERNEL bn_statistics_groups(GLOBAL const T* x, int xo, int N, int C, int HW, GLOBAL T* mean, GLOBAL T* var) {
    SHARED(ACC, acc, WG);
    int ch = GROUP;
    long m = (long) N * HW;
    ACC s = 0;
    for (long j = LID; j < m; j += WG) s += x[xo + ((j / HW) * C + ch) * HW + j % HW];
    acc[LID] = s;
    group_sum(acc);
    ACC mu = acc[0] / (ACC) m;
    BARRIER;
    ACC q = 0;
    for (long j = LID; j < m; j += WG) {
        ACC d = x[xo + ((j / HW) * C + ch) * HW + j % HW] - mu;
        q += d * d;
    }
    acc[LID] = q;
    group_sum(acc);
    if (LID == 0) {
        mean[ch] = (T) mu;
        var[ch] = (T) (acc[0] / (ACC) m);
    }
}

/* y = (x − mean)·invstd·weight + bias, the scale and shift formed in ACC as on the CPU. */
KERNEL bn_apply(int n, GLOBAL const T* x, int xo, GLOBAL T* y, int C, int HW, GLOBAL const T* mean, GLOBAL const T* invstd,
                GLOBAL const T* weight, int hasWeight, GLOBAL const T* bias, int hasBias) {
    int i = GID;
    if (i >= n) return;
    int ch = i / HW % C;
    ACC scale = (ACC) invstd[ch] * (hasWeight ? (ACC) weight[ch] : (ACC) 1);
    ACC shift = (hasBias ? (ACC) bias[ch] : (ACC) 0) - (ACC) mean[ch] * scale;
    y[i] = x[xo + i] * (T) scale + (T) shift;
}

/*
 * With x̂ = (x − mean)·invstd: sumG[c] = Σ g, sumGXhat[c] = Σ g·x̂ and gx = γ·invstd·(g − sumG/M − x̂·sumGXhat/M) with
 * batch statistics (training), γ·invstd·g with fixed ones. One group per channel.
 */
KERNEL bn_backward_groups(GLOBAL const T* g, int go, GLOBAL const T* x, int xo, GLOBAL T* gx, int N, int C, int HW,
                          GLOBAL const T* mean, GLOBAL const T* invstd, GLOBAL const T* weight, int hasWeight, int training,
                          GLOBAL T* sumG, GLOBAL T* sumGXhat) {
    SHARED(ACC, acc, WG);
    int ch = GROUP;
    long m = (long) N * HW;
    ACC mu = mean[ch], is = invstd[ch];
    ACC sg = 0, sgx = 0;
    for (long j = LID; j < m; j += WG) {
        long k = ((j / HW) * C + ch) * HW + j % HW;
        ACC gv = g[go + k];
        sg += gv;
        sgx += gv * ((ACC) x[xo + k] - mu);
    }
    acc[LID] = sg;
    group_sum(acc);
    sg = acc[0];
    BARRIER;
    acc[LID] = sgx;
    group_sum(acc);
    sgx = acc[0] * is;
    if (LID == 0) {
        sumG[ch] = (T) sg;
        sumGXhat[ch] = (T) sgx;
    }
    ACC gi = (hasWeight ? (ACC) weight[ch] : (ACC) 1) * is;
    T a = (T) gi, b = training ? (T) (-gi * is * sgx / (ACC) m) : (T) 0, d = training ? (T) (-gi * sg / (ACC) m) : (T) 0;
    T muT = (T) mu;
    for (long j = LID; j < m; j += WG) {
        long k = ((j / HW) * C + ch) * HW + j % HW;
        gx[k] = training ? a * g[go + k] + b * (x[xo + k] - muT) + d : a * g[go + k];
    }
}
