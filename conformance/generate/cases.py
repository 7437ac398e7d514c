"""The project's conformance cases: every configuration and seed that `generate.py write` turns into a case.

Seeds and configurations differ from the public cases in ../shared/conformance on purpose (other seeds, grayscale
12x12 and 16x16 inputs, four-cell networks whose two reduction cells are back to back, a genotype printed with
`range(2, 6)`), so that the two sets check each other. A network or trajectory case is kept only when rerunning it
with rounding-sized noise (every float input and every module output times 1 + u·2⁻⁵², u uniform in [−1, 1], two
reruns) moves no result by more than 2% of its tolerance; the ratio is recorded as `rounding_noise_ratio`. A
trajectory is kept only when every choice of its genotype has a softmax-weight margin above 1e-7. When a seed fails
either test the next one is tried, and the seed used is recorded in the case (`seed`).
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import generate as gen
import reference as ref

PRIMITIVES = ref.PRIMITIVES
NOISE = 2.0 ** -52


def rng(seed):
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------------------------------------------------
# ops and optimizers

OPS = [  # (name, op, attrs, input shapes)
    ("conv2d_plain", "conv2d", dict(stride=1, padding=1, dilation=1, groups=1), [(2, 3, 7, 6), (4, 3, 3, 3), (4,)]),
    ("conv2d_depthwise_stride2", "conv2d", dict(stride=2, padding=1, dilation=1, groups=3), [(2, 3, 9, 8), (3, 1, 3, 3)]),
    ("conv2d_depthwise_dilated5", "conv2d", dict(stride=1, padding=4, dilation=2, groups=2), [(1, 2, 10, 9), (2, 1, 5, 5)]),
    ("conv2d_1x1_stride2", "conv2d", dict(stride=2, padding=0, dilation=1, groups=1), [(3, 4, 6, 6), (2, 4, 1, 1)]),
    ("conv2d_grouped", "conv2d", dict(stride=1, padding=0, dilation=1, groups=2), [(2, 4, 5, 5), (6, 2, 2, 2), (6,)]),
    ("max_pool2d_3s1", "max_pool2d", dict(kernel=3, stride=1, padding=1), [(2, 3, 7, 6)]),
    ("max_pool2d_3s2", "max_pool2d", dict(kernel=3, stride=2, padding=1), [(2, 3, 7, 7)]),
    ("max_pool2d_2s2", "max_pool2d", dict(kernel=2, stride=2, padding=0), [(2, 2, 6, 8)]),
    ("avg_pool2d_3s1", "avg_pool2d", dict(kernel=3, stride=1, padding=1, count_include_pad=False), [(2, 3, 6, 7)]),
    ("avg_pool2d_3s2", "avg_pool2d", dict(kernel=3, stride=2, padding=1, count_include_pad=False), [(2, 2, 7, 7)]),
    ("avg_pool2d_5s3", "avg_pool2d", dict(kernel=5, stride=3, padding=0, count_include_pad=False), [(2, 3, 8, 8)]),
    ("global_avg_pool2d", "global_avg_pool2d", {}, [(3, 4, 5, 6)]),
    ("batch_norm2d_train_affine", "batch_norm2d", dict(training=True, momentum=0.1, eps=1e-5), [(3, 5, 4, 6), (5,), (5,)]),
    ("batch_norm2d_train_plain", "batch_norm2d", dict(training=True, momentum=0.1, eps=1e-5), [(2, 3, 5, 5)]),
    ("batch_norm2d_eval", "batch_norm2d", dict(training=False, eps=1e-5), [(2, 3, 4, 4), (3,), (3,)]),
    ("relu", "relu", {}, [(2, 3, 4, 5)]),
    ("linear", "linear", {}, [(5, 7), (3, 7), (3,)]),
    ("softmax_lastdim", "softmax", dict(dim=-1), [(4, 8)]),
    ("log_softmax_lastdim", "log_softmax", dict(dim=-1), [(5, 6)]),
    ("cross_entropy_mean", "cross_entropy", dict(reduction="mean"), [(5, 7)]),
    ("mse_mean", "mse_loss", dict(reduction="mean"), [(4, 2)]),
    ("cat_channels", "cat", dict(dim=1), [(2, 3, 4, 4), (2, 2, 4, 4)]),
    ("slice_offset_1_1", "slice2d", dict(start_h=1, start_w=1, step=1), [(2, 3, 6, 5)]),
    ("subsample_2", "slice2d", dict(start_h=0, start_w=0, step=2), [(2, 3, 7, 6)]),
]
INPUT_NAMES = {"conv2d": ["x", "weight", "bias"], "linear": ["x", "weight", "bias"], "batch_norm2d": ["x", "weight", "bias"],
               "cat": ["a", "b"], "cross_entropy": ["logits"]}


def write_ops(out):
    for i, (name, op, attrs, shapes) in enumerate(OPS):
        r = rng(7000 + i)
        names = INPUT_NAMES.get(op, ["x"])[:len(shapes)]
        arrays = {n: r.standard_normal(s) for n, s in zip(names, shapes)}
        attrs = dict(attrs)
        if op == "cross_entropy":
            attrs["target"] = r.integers(0, shapes[0][1], shapes[0][0]).tolist()
        if op == "mse_loss":
            attrs["target"], attrs["target_shape"] = r.standard_normal(int(np.prod(shapes[0]))).tolist(), list(shapes[0])
        if op == "batch_norm2d":
            c = shapes[0][1]
            if attrs["training"]:
                arrays["running_mean_before"], arrays["running_var_before"] = r.standard_normal(c), r.uniform(0.5, 1.5, c)
            else:
                attrs["running_mean"], attrs["running_var"] = r.standard_normal(c).tolist(), r.uniform(0.5, 1.5, c).tolist()
        spec = dict(kind="op", op=op, attrs=attrs, inputs=names, rtol=1e-10, atol=1e-10, seed=7000 + i)
        out_shape = gen.op_forward(op, attrs, [torch.tensor(arrays[n]) for n in names])[0].shape if op != "batch_norm2d" or not attrs["training"] else shapes[0]
        arrays["grad_out"] = r.standard_normal(tuple(out_shape))
        arrays.update(gen.op_expect(spec, arrays))
        gen.save_case(out + "/ops", name, spec, arrays)


OPTIMIZERS = [
    ("sgd_momentum_wd", "sgd", dict(type="sgd", lr=0.025, momentum=0.9, weight_decay=3e-4, nesterov=False), (4, 3)),
    ("sgd_nesterov", "sgd", dict(type="sgd", lr=0.05, momentum=0.8, weight_decay=1e-4, nesterov=True), (6,)),
    ("adam_darts_arch", "adam", dict(type="adam", lr=3e-3, beta1=0.5, beta2=0.999, eps=1e-8, weight_decay=1e-3), (14, 8)),
]


def write_optimizers(out):
    for i, (name, opt, attrs, shape) in enumerate(OPTIMIZERS):
        r = rng(7100 + i)
        arrays = {"w0": r.standard_normal(shape), "grads": r.standard_normal((5,) + shape)}
        spec = dict(kind="optimizer", optimizer=opt, attrs=attrs, rtol=1e-12, atol=1e-12, seed=7100 + i)
        arrays.update(gen.optimizer_expect(spec, arrays))
        gen.save_case(out + "/ops", name, spec, arrays)


# ----------------------------------------------------------------------------------------------------------------------
# networks: parameters, inputs, and the rounding-noise rerun

def init_supernet(cfg, seed):
    torch.manual_seed(seed)
    net = ref.SearchNetwork(cfg["C"], cfg["num_classes"], cfg["layers"], 4, 4, 3, cfg["in_channels"]).double()
    with torch.no_grad():  # the stem's affine BatchNorm drawn at random, so that its terms cannot hide
        net.stem[1].weight.uniform_(0.5, 1.5)
        net.stem[1].bias.normal_(0, 0.2)
    return net


def batch(r, n, cfg, shape_prefix=()):
    x = r.standard_normal(shape_prefix + (n, cfg["in_channels"], cfg["height"], cfg["width"]))
    y = r.integers(0, cfg["num_classes"], shape_prefix + (n,)).astype(np.int64)
    return x, y


class Noise:
    """Multiplies every module output by 1 + u·2⁻⁵² while active (the rounding-noise rerun)."""

    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def perturb(self, t):
        u = torch.rand(t.shape, generator=self.g, dtype=t.dtype) * 2 - 1
        return t * (1 + u * NOISE)

    def __enter__(self):
        def hook(module, inputs, output):
            if torch.is_tensor(output) and output.is_floating_point():
                return self.perturb(output)
            return output
        self.handle = nn.modules.module.register_module_forward_hook(hook)
        return self

    def __exit__(self, *exc):
        self.handle.remove()


def noise_ratio(spec, arrays, expect_fn, inputs):
    """The largest |rerun − expected| / (atol + rtol·|expected|) over two noisy reruns."""
    expect, _ = expect_fn(spec, arrays)
    worst = 0.0
    for rerun in range(2):
        noisy = dict(arrays)
        with Noise(991 + rerun) as nz:
            for k in inputs:
                if np.asarray(arrays[k]).dtype.kind == "f":
                    noisy[k] = nz.perturb(torch.tensor(arrays[k])).numpy()
            got, _ = expect_fn(spec, noisy)
        for k, v in expect.items():
            g = got[k].detach().numpy()
            e = v.detach().numpy()
            worst = max(worst, float(np.max(np.abs(g - e) / (spec["atol"] + spec["rtol"] * np.abs(e)), initial=0.0)))
    return worst


def genotype_margin(alpha_normal, alpha_reduce, steps=4):
    """The smallest softmax-weight margin of any choice the genotype makes (edges kept, operations chosen)."""
    none = PRIMITIVES.index("none")
    margin = math.inf
    for a in (alpha_normal, alpha_reduce):
        W = F.softmax(torch.tensor(a), dim=-1).numpy()
        start, n = 0, 2
        for _ in range(steps):
            rows = W[start:start + n]
            strength = np.array([max(r[k] for k in range(len(r)) if k != none) for r in rows])
            s = np.sort(strength)[::-1]
            margin = min(margin, s[1] - s[2]) if n > 2 else margin
            for j in np.argsort(-strength, kind="stable")[:2]:
                ops = np.sort(np.delete(rows[j], none))[::-1]
                margin = min(margin, ops[0] - ops[1])
            start += n
            n += 1
    return margin


def network_params(net, prefix="param."):
    return {prefix + n: p.detach().clone() for n, p in net.named_parameters()}


# ----------------------------------------------------------------------------------------------------------------------
# darts_supernet

# Seed 7200 was tried first for the gray12 case and dropped: its finite-difference estimate is 10x off the exact one
# (a ReLU or max-pool kink lies within ±R·v), and OpenCL's float32 rounding then lands on the other side of the kink
# (17% off in fd_normal) while the CPU's float32 does not. Such a case tests luck, not float32 kernels.
SUPERNETS = [
    ("supernet_c4_l4_gray12_momentum", dict(C=4, layers=4, in_channels=1, height=12, width=12, num_classes=10), 3, 7201, True),
    ("supernet_c4_l5_rgb8", dict(C=4, layers=5, in_channels=3, height=8, width=8, num_classes=10), 4, 7210, False),
]


def write_supernets(out):
    for name, cfg, n, seed, with_momentum in SUPERNETS:
        r = rng(seed)
        net = init_supernet(cfg, seed)
        with torch.no_grad():
            net.alphas_normal.copy_(torch.tensor(r.standard_normal((14, 8)) * 0.3))
            net.alphas_reduce.copy_(torch.tensor(r.standard_normal((14, 8)) * 0.3))
        params = [n_ for n_, _ in net.named_parameters()]
        spec = dict(kind="darts_supernet", steps=4, multiplier=4, stem_multiplier=3, primitives=PRIMITIVES,
                    eta=0.025, momentum=0.9, weight_decay=3e-4, fd_r=0.01, params=params, rtol=1e-8, atol=1e-10, seed=seed,
                    note="BatchNorm in training mode everywhere (batch statistics), as in the reference search; "
                         "alpha drawn with std 0.3 so that the genotype is not a tie-break of near-equal weights.", **cfg)
        arrays = network_params(net)
        arrays["alpha_normal"], arrays["alpha_reduce"] = net.alphas_normal.detach().clone(), net.alphas_reduce.detach().clone()
        arrays["x_train"], arrays["y_train"] = batch(r, n, cfg)
        arrays["x_val"], arrays["y_val"] = batch(r, n, cfg)
        for p in params:
            shape = dict(net.named_parameters())[p].shape
            arrays["momentum." + p] = r.standard_normal(tuple(shape)) * 0.05 if with_momentum else np.zeros(tuple(shape))
        expect, genotype = gen.supernet_expect(spec, {k: (v.numpy() if torch.is_tensor(v) else v) for k, v in arrays.items()})
        spec["genotype"] = genotype
        arrays.update(expect)
        gen.save_case(out + "/darts", name, spec, arrays)


# ----------------------------------------------------------------------------------------------------------------------
# darts_network

NETWORKS = [
    ("darts_v2_range_c4_l4_gray16", dict(C=4, layers=4, in_channels=1, height=16, width=16, num_classes=10, auxiliary=False),
     "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
     "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), "
     "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), "
     "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))", 3, 7300),
    ("searched_c2_l5_aux_rgb32", dict(C=2, layers=5, in_channels=3, height=32, width=32, num_classes=10, auxiliary=True),
     "Genotype(normal=[('dil_conv_5x5', 0), ('avg_pool_3x3', 1), ('sep_conv_5x5', 2), ('skip_connect', 1), "
     "('dil_conv_3x3', 3), ('max_pool_3x3', 0), ('sep_conv_3x3', 4), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], "
     "reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('dil_conv_5x5', 2), ('sep_conv_5x5', 0), ('max_pool_3x3', 1), "
     "('dil_conv_3x3', 3), ('sep_conv_5x5', 4), ('avg_pool_3x3', 2)], reduce_concat=[2, 3, 4, 5])", 4, 7310),
]


def write_networks(out):
    for name, cfg, genotype, n, seed0 in NETWORKS:
        for seed in range(seed0, seed0 + 10):
            r = rng(seed)
            torch.manual_seed(seed)
            net = ref.EvalNetwork(cfg["C"], cfg["num_classes"], cfg["layers"], cfg["auxiliary"], ref.parse_genotype(genotype),
                                  cfg["in_channels"]).double()
            net.train()
            with torch.no_grad():
                net(torch.tensor(r.standard_normal((n, cfg["in_channels"], cfg["height"], cfg["width"]))))  # throw-away batch
                for m in net.modules():
                    if isinstance(m, nn.BatchNorm2d):
                        m.weight.uniform_(0.5, 1.5)
                        m.bias.normal_(0, 0.2)
                        m.running_mean.add_(torch.randn_like(m.running_mean) * 0.1)
                        m.running_var.mul_(torch.empty_like(m.running_var).uniform_(0.5, 1.5))
            params = [k for k, _ in net.named_parameters()]
            buffers = [k for k, _ in net.named_buffers() if not k.endswith("num_batches_tracked")]
            spec = dict(kind="darts_network", genotype=genotype, drop_path_prob=0.0, auxiliary_weight=0.4, bn_momentum=0.1,
                        bn_eps=1e-5, params=params, buffers=buffers, rtol=1e-8, atol=1e-9, seed=seed,
                        note="the reference NetworkCIFAR: training-mode forward, loss = CE(logits) + auxiliary_weight * "
                             "CE(logits_aux), its gradients, running statistics after that forward, then an evaluation-"
                             "mode forward with them. The stem conv takes in_channels inputs.", **cfg)
            arrays = network_params(net)
            bufs = dict(net.named_buffers())
            for b in buffers:
                arrays["buffer." + b] = bufs[b].clone()
            arrays["x"], arrays["y"] = batch(r, n, cfg)
            arrays = {k: (v.numpy() if torch.is_tensor(v) else v) for k, v in arrays.items()}
            ratio = noise_ratio(spec, arrays, gen.network_expect, [k for k in arrays if k.startswith(("param.", "buffer.")) or k == "x"])
            if ratio <= 0.02:
                break
            print("%s: seed %d has rounding noise ratio %.3g, trying the next" % (name, seed, ratio))
        expect, _ = gen.network_expect(spec, arrays)
        spec["rounding_noise_ratio"] = float("%.3g" % ratio)
        arrays.update(expect)
        gen.save_case(out + "/network", name, spec, arrays)


# ----------------------------------------------------------------------------------------------------------------------
# darts_search_trajectory

TRAJECTORIES = [
    ("search_c4_l4_gray12_first_order_t3", dict(C=4, layers=4, in_channels=1, height=12, width=12, num_classes=10),
     dict(T=3, unrolled=False, arch_lr=3e-3), 3, 7400),
    ("search_c4_l4_gray12_unrolled_t2", dict(C=4, layers=4, in_channels=1, height=12, width=12, num_classes=10),
     dict(T=2, unrolled=True, arch_lr=3e-4), 3, 7410),
]


def write_trajectories(out):
    for name, cfg, loop, n, seed0 in TRAJECTORIES:
        for seed in range(seed0, seed0 + 10):
            r = rng(seed)
            net = init_supernet(cfg, seed)
            params = [k for k, _ in net.named_parameters()]
            spec = dict(kind="darts_search_trajectory", steps=4, multiplier=4, stem_multiplier=3, primitives=PRIMITIVES,
                        lr=0.025, momentum=0.9, weight_decay=3e-4, grad_clip=5.0, arch_betas=[0.5, 0.999], arch_eps=1e-8,
                        arch_weight_decay=1e-3, fd_r=0.01, params=params, rtol=1e-7, atol=1e-9, seed=seed,
                        note="T iterations of the reference search loop: the architect's step (first order, or the "
                             "second-order finite difference) then the SGD weight step with gradient clipping; constant "
                             "lr; fresh optimizers. All forwards in training mode.", **cfg, **loop)
            arrays = network_params(net)
            arrays["alpha_normal"], arrays["alpha_reduce"] = net.alphas_normal.detach().clone(), net.alphas_reduce.detach().clone()
            arrays["x_train"], arrays["y_train"] = batch(r, n, cfg, (loop["T"],))
            arrays["x_val"], arrays["y_val"] = batch(r, n, cfg, (loop["T"],))
            arrays = {k: (v.numpy() if torch.is_tensor(v) else v) for k, v in arrays.items()}
            expect, genotype = gen.trajectory_expect(spec, arrays)
            margin = genotype_margin(expect["expect.alpha_normal"][-1].numpy(), expect["expect.alpha_reduce"][-1].numpy())
            ratio = noise_ratio(spec, arrays, gen.trajectory_expect,
                                [k for k in arrays if k.startswith("param.") or k.startswith(("x_", "alpha_"))])
            if ratio <= 0.02 and margin > 1e-7:
                break
            print("%s: seed %d has rounding noise ratio %.3g and genotype margin %.3g, trying the next" % (name, seed, ratio, margin))
        spec["expect.genotype"] = genotype
        spec["rounding_noise_ratio"] = float("%.3g" % ratio)
        spec["genotype_margin"] = float("%.3g" % margin)
        arrays.update(expect)
        gen.save_case(out + "/trajectory", name, spec, arrays)


# ----------------------------------------------------------------------------------------------------------------------
# pcdarts_supernet and gdas_supernet: α (and β) drawn with std 0.5 (the authors' 1e-3·N(0, 1) times 500), so that a
# misplaced weight cannot hide. A case is kept when every genotype choice (and for GDAS every sampled operation) has a
# margin above 1e-6 and the rounding-noise rerun moves no result by more than 2% of the tolerance.

PCDARTS = [  # (name, configuration, K, batch, first seed); K = 2 as well as the authors' 4
    ("pcdarts_c4_l4_gray8_k2", dict(C=4, layers=4, in_channels=1, height=8, width=8, num_classes=10), 2, 3, 7500),
    ("pcdarts_c8_l5_rgb12_k4", dict(C=8, layers=5, in_channels=3, height=12, width=12, num_classes=10), 4, 3, 7510),
]

GDAS = [  # (name, configuration, τ, batch, first seed)
    ("gdas_c4_l4_rgb8_tau5", dict(C=4, layers=4, in_channels=3, height=8, width=8, num_classes=10), 5.0, 3, 7600),
    ("gdas_c4_l5_gray16_tau0.5", dict(C=4, layers=5, in_channels=1, height=16, width=16, num_classes=10), 0.5, 3, 7610),
]


def weight_margin(W, ranked):
    """The smallest margin of a genotype choice in the weights W [14, 8] (DARTS' rule, or GDAS' ranked pairs)."""
    none = PRIMITIVES.index("none")
    margin, start = math.inf, 0
    for i in range(4):
        rows = W[start:start + i + 2]
        if ranked:
            v = np.sort(np.delete(rows, none, axis=1).ravel())[::-1]
            margin = min(margin, v[1] - v[2])
        else:
            strength = np.delete(rows, none, axis=1).max(axis=1)
            s = np.sort(strength)[::-1]
            if len(s) > 2:
                margin = min(margin, s[1] - s[2])
            for j in np.argsort(-strength, kind="stable")[:2]:
                ops = np.sort(np.delete(rows[j], none))[::-1]
                margin = min(margin, ops[0] - ops[1])
        start += i + 2
    return margin


def supernet_spec(kind, cfg, net, seed, note, **extra):
    return dict(kind=kind, steps=4, multiplier=4, stem_multiplier=3, primitives=PRIMITIVES, arch_init_scale=500,
                params=[k for k, _ in net.named_parameters()], rtol=1e-8, atol=1e-10, seed=seed, note=note, **cfg, **extra)


def write_pcdarts(out):
    for name, cfg, k, n, seed0 in PCDARTS:
        for seed in range(seed0, seed0 + 10):
            r = rng(seed)
            torch.manual_seed(seed)
            net = ref.PCSearchNetwork(cfg["C"], cfg["num_classes"], cfg["layers"], k, in_channels=cfg["in_channels"]).double()
            with torch.no_grad():
                net.stem[1].weight.uniform_(0.5, 1.5)
                net.stem[1].bias.normal_(0, 0.2)
            spec = supernet_spec("pcdarts_supernet", cfg, net, seed,
                                 "one training-mode step of the PC-DARTS supernet (partial channels, edge normalisation) "
                                 "and the first-order architecture gradient on a validation batch; no optimizer step.",
                                 partial_channels=k, beta_groups=[[0, 2], [2, 5], [5, 9], [9, 14]], arch_betas=[0.5, 0.999])
            arrays = network_params(net)
            for a in ("alpha_normal", "alpha_reduce"):
                arrays[a] = r.standard_normal((14, 8)) * 0.5
            for b in ("beta_normal", "beta_reduce"):
                arrays[b] = r.standard_normal(14) * 0.5
            arrays["x_train"], arrays["y_train"] = batch(r, n, cfg)
            arrays["x_val"], arrays["y_val"] = batch(r, n, cfg)
            arrays = {key: (v.numpy() if torch.is_tensor(v) else v) for key, v in arrays.items()}
            margin = min(weight_margin((F.softmax(t(arrays["alpha_" + c]), -1) * ref.node_softmax(t(arrays["beta_" + c]))[:, None]).numpy(), False)
                         for c in ("normal", "reduce"))
            ratio = noise_ratio(spec, arrays, gen.pcdarts_expect, [key for key in arrays if key.startswith(("param.", "x_", "alpha_", "beta_"))])
            if ratio <= 0.02 and margin > 1e-6:
                break
            print("%s: seed %d has rounding noise ratio %.3g and genotype margin %.3g, trying the next" % (name, seed, ratio, margin))
        expect, genotype = gen.pcdarts_expect(spec, arrays)
        spec["genotype"] = genotype
        spec["rounding_noise_ratio"] = float("%.3g" % ratio)
        arrays.update(expect)
        gen.save_case(out + "/pcdarts", name, spec, arrays)


def write_gdas(out):
    for name, cfg, tau, n, seed0 in GDAS:
        for seed in range(seed0, seed0 + 10):
            r = rng(seed)
            net = init_supernet(cfg, seed)
            spec = supernet_spec("gdas_supernet", cfg, net, seed,
                                 "one training-mode forward and backward of the DARTS supernet whose edges run one "
                                 "operation each, sampled by GDAS' hard Gumbel softmax from the given noise (selected-"
                                 "operation form of the alpha gradient).", tau=tau)
            arrays = network_params(net)
            for c in ("normal", "reduce"):
                arrays["alpha_" + c] = r.standard_normal((14, 8)) * 0.5
            for c in ("normal", "reduce"):  # G = -log E, E ~ Exp(1)
                arrays["gumbel_" + c] = -np.log(r.exponential(1.0, (14, 8)))
            arrays["x_train"], arrays["y_train"] = batch(r, n, cfg)
            arrays = {key: (v.numpy() if torch.is_tensor(v) else v) for key, v in arrays.items()}
            margin = min(weight_margin(F.softmax(t(arrays["alpha_" + c]), -1).numpy(), True) for c in ("normal", "reduce"))
            for c in ("normal", "reduce"):
                p = F.softmax((F.log_softmax(t(arrays["alpha_" + c]), -1) + t(arrays["gumbel_" + c])) / tau, -1).numpy()
                top = np.sort(p, axis=1)
                margin = min(margin, float(np.min(top[:, -1] - top[:, -2])))
            ratio = noise_ratio(spec, arrays, gen.gdas_expect, [key for key in arrays if key.startswith(("param.", "x_", "alpha_"))])
            if ratio <= 0.02 and margin > 1e-6:
                break
            print("%s: seed %d has rounding noise ratio %.3g and margin %.3g, trying the next" % (name, seed, ratio, margin))
        expect, genotype = gen.gdas_expect(spec, arrays)
        spec["genotype"] = genotype
        spec["rounding_noise_ratio"] = float("%.3g" % ratio)
        arrays.update(expect)
        gen.save_case(out + "/gdas", name, spec, arrays)


def t(a):
    return torch.tensor(a)


def write_all(out, kinds):
    if "ops" in kinds:
        write_ops(out)
    if "optimizer" in kinds:
        write_optimizers(out)
    if "darts" in kinds:
        write_supernets(out)
    if "network" in kinds:
        write_networks(out)
    if "trajectory" in kinds:
        write_trajectories(out)
    if "pcdarts" in kinds:
        write_pcdarts(out)
    if "gdas" in kinds:
        write_gdas(out)
