#!/usr/bin/env python3
"""darts4j's conformance oracle: writes the cases and checks itself against the public ones.

  write OUT [--kinds ops,optimizer,darts,network,trajectory,pcdarts,gdas]
        writes every case of the project (conformance/cases/ in the repository) from the seeds and configurations
        listed in CASES below: NAME.json + NAME.npz per case, in the format of conformance/README.md.
  check DIR [DIR ...]
        recomputes every case of the kinds found under DIR (op, optimizer, darts_supernet, darts_network,
        darts_search_trajectory, pcdarts_supernet, gdas_supernet) from its stored inputs with reference.py and compares each stored output: the largest
        |got − expected| over an array must be within 1e-12 of that array's largest magnitude, and for a trajectory
        within 1% of the case's own tolerance (atol + rtol·|expected|) element by element. Prints one line per case
        and the largest deviation; exit status 1 if any case is off.

Needs PyTorch (Debian: apt-get install -y python3-torch; run with /usr/bin/python3). Works offline: the reference
semantics are in reference.py, nothing is downloaded.
"""
import argparse
import json
import os
import sys
import zipfile
import io

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as ref  # noqa: E402

torch.set_default_dtype(torch.float64)

# ----------------------------------------------------------------------------------------------------------------------
# NPZ in the cases' format: uncompressed, little-endian float64 / int64, C order.

def save_case(out_dir, name, spec, arrays):
    os.makedirs(out_dir, exist_ok=True)
    spec = dict(spec, name=name, arrays=name + ".npz")
    tmp = os.path.join(out_dir, "." + name + ".npz.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
        for k, v in arrays.items():
            a = np.array(v.detach().cpu().numpy() if torch.is_tensor(v) else v, order="C")  # 0-d stays 0-d
            a = a.astype("<i8") if a.dtype.kind in "iu" else a.astype("<f8")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, a, allow_pickle=False)
            z.writestr(zipfile.ZipInfo(k + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue())  # same bytes each run
    os.replace(tmp, os.path.join(out_dir, name + ".npz"))
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")


def load_case(json_path):
    with open(json_path) as f:
        spec = json.load(f)
    npz = os.path.join(os.path.dirname(json_path), spec.get("arrays", os.path.basename(json_path)[:-5] + ".npz"))
    with np.load(npz) as z:
        arrays = {k: z[k] for k in z.files}
    return spec, arrays


def t(a):
    return torch.tensor(a)


# ----------------------------------------------------------------------------------------------------------------------
# Single operations and optimizers.

def op_forward(op, attrs, inputs):
    """The PyTorch call a case of kind `op` stands for; `inputs` in the case's order. Returns (out, side arrays)."""
    side = {}
    if op == "conv2d":
        w = inputs[1]
        return F.conv2d(inputs[0], w, inputs[2] if len(inputs) > 2 else None, attrs["stride"], attrs["padding"],
                        attrs["dilation"], attrs["groups"]), side
    if op == "max_pool2d":
        return F.max_pool2d(inputs[0], attrs["kernel"], attrs["stride"], attrs["padding"]), side
    if op == "avg_pool2d":
        return F.avg_pool2d(inputs[0], attrs["kernel"], attrs["stride"], attrs["padding"],
                            count_include_pad=attrs["count_include_pad"]), side
    if op == "global_avg_pool2d":
        return F.adaptive_avg_pool2d(inputs[0], 1), side
    if op == "batch_norm2d":
        x = inputs[0]
        w = inputs[1] if len(inputs) > 1 else None
        b = inputs[2] if len(inputs) > 2 else None
        if attrs["training"]:
            rm, rv = side_in["running_mean_before"].clone(), side_in["running_var_before"].clone()
            out = F.batch_norm(x, rm, rv, w, b, True, attrs["momentum"], attrs["eps"])
            side["running_mean_after"], side["running_var_after"] = rm, rv
            return out, side
        return F.batch_norm(x, t(attrs["running_mean"]), t(attrs["running_var"]), w, b, False, 0.0, attrs["eps"]), side
    if op == "relu":
        return F.relu(inputs[0]), side
    if op == "linear":
        return F.linear(inputs[0], inputs[1], inputs[2] if len(inputs) > 2 else None), side
    if op == "softmax":
        return F.softmax(inputs[0], dim=attrs["dim"]), side
    if op == "log_softmax":
        return F.log_softmax(inputs[0], dim=attrs["dim"]), side
    if op == "cross_entropy":
        return F.cross_entropy(inputs[0], torch.tensor(attrs["target"], dtype=torch.int64), reduction="mean"), side
    if op == "mse_loss":
        target = t(attrs["target"]).view(attrs["target_shape"])
        return F.mse_loss(inputs[0], target, reduction="mean"), side
    if op == "cat":
        return torch.cat(inputs, dim=attrs["dim"]), side
    if op == "slice2d":
        s = attrs["step"]
        return inputs[0][:, :, attrs["start_h"]::s, attrs["start_w"]::s], side
    raise ValueError("unknown op " + op)


side_in = {}


def op_expect(spec, arrays):
    """Every output of an `op` case from its inputs (and its grad_out)."""
    global side_in
    side_in = {k: t(arrays[k]) for k in ("running_mean_before", "running_var_before") if k in arrays}
    inputs = [t(arrays[n]).requires_grad_(True) for n in spec["inputs"]]
    out, side = op_forward(spec["op"], spec["attrs"], inputs)
    grads = torch.autograd.grad(out, inputs, t(arrays["grad_out"]))
    expect = {"out": out}
    expect.update({"grad_" + n: g for n, g in zip(spec["inputs"], grads)})
    expect.update(side)
    return expect


def optimizer_expect(spec, arrays):
    a = spec["attrs"]
    w = t(arrays["w0"]).clone().requires_grad_(True)
    if spec["optimizer"] == "sgd":
        opt = torch.optim.SGD([w], lr=a["lr"], momentum=a["momentum"], weight_decay=a["weight_decay"], nesterov=a["nesterov"])
    else:
        opt = torch.optim.Adam([w], lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["eps"], weight_decay=a["weight_decay"])
    traj = []
    for g in t(arrays["grads"]):
        w.grad = g.clone()
        opt.step()
        traj.append(w.detach().clone())
    return {"trajectory": torch.stack(traj)}


# ----------------------------------------------------------------------------------------------------------------------
# The supernet, the evaluation network and the search trajectory.

def supernet_from(spec, arrays, param_prefix="param."):
    net = ref.SearchNetwork(spec["C"], spec["num_classes"], spec["layers"], spec.get("steps", 4), spec.get("multiplier", 4),
                            spec.get("stem_multiplier", 3), spec["in_channels"]).double()
    names = [n for n, _ in net.named_parameters()]
    if names != spec["params"]:
        raise ValueError("parameter names or order differ from the case's")
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(t(arrays[param_prefix + n]))
        net.alphas_normal.copy_(t(arrays["alpha_normal"]))
        net.alphas_reduce.copy_(t(arrays["alpha_reduce"]))
    return net


def supernet_expect(spec, arrays):
    net = supernet_from(spec, arrays)
    xt, yt, xv, yv = t(arrays["x_train"]), t(arrays["y_train"]), t(arrays["x_val"]), t(arrays["y_val"])
    params = list(net.parameters())
    names = spec["params"]
    e = {}
    logits = net(xt)
    loss = F.cross_entropy(logits, yt)
    grads = torch.autograd.grad(loss, params + net.arch_parameters())
    e["expect.logits_train"], e["expect.loss_train"] = logits, loss
    for n, g in zip(names, grads):
        e["expect.grad." + n] = g
    e["expect.train_alpha_grad_normal"], e["expect.train_alpha_grad_reduce"] = grads[-2], grads[-1]
    eta, mu, wd = spec["eta"], spec["momentum"], spec["weight_decay"]
    buffers = [t(arrays["momentum." + n]) for n in names]
    first = torch.autograd.grad(net.loss(xv, yv), net.arch_parameters())
    e["expect.hyper_first_order_normal"], e["expect.hyper_first_order_reduce"] = first
    # exact: d/dα L_val(w′(α), α), w′ = w − η(μ·m + ∇w L_train(w, α) + λw), by double backpropagation
    from torch.nn.utils.stateless import functional_call
    gw = torch.autograd.grad(net.loss(xt, yt), params, create_graph=True)
    w1 = {n: p.detach() - eta * (mu * m + g + wd * p.detach()) for n, p, g, m in zip(names, params, gw, buffers)}
    lv = F.cross_entropy(functional_call(net, w1, (xv,)), yv)
    e["expect.hyper_second_order_exact_normal"], e["expect.hyper_second_order_exact_reduce"] = torch.autograd.grad(lv, net.arch_parameters())
    e["expect.loss_val_unrolled"] = lv
    fd = ref.architecture_gradient(net, xt, yt, xv, yv, eta, mu, wd, buffers, True, spec.get("fd_r", 0.01))
    e["expect.hyper_second_order_fd_normal"], e["expect.hyper_second_order_fd_reduce"] = fd
    genotype = ref.derive_genotype(net.alphas_normal.detach(), net.alphas_reduce.detach(), net._steps, net._multiplier)
    return e, genotype


def pcdarts_expect(spec, arrays):
    """One step of the PC-DARTS supernet: logits, L_train, gradients of the weights, α and β, first-order ∇ on L_val."""
    net = ref.PCSearchNetwork(spec["C"], spec["num_classes"], spec["layers"], spec["partial_channels"], spec.get("steps", 4),
                              spec.get("multiplier", 4), spec.get("stem_multiplier", 3), spec["in_channels"]).double()
    if [n for n, _ in net.named_parameters()] != spec["params"]:
        raise ValueError("parameter names or order differ from the case's")
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(t(arrays["param." + n]))
        for name, a in zip(["alpha_normal", "alpha_reduce", "beta_normal", "beta_reduce"], net.arch_parameters()):
            a.copy_(t(arrays[name]))
    xt, yt, xv, yv = t(arrays["x_train"]), t(arrays["y_train"]), t(arrays["x_val"]), t(arrays["y_val"])
    e = {}
    logits = net(xt)
    loss = F.cross_entropy(logits, yt)
    grads = torch.autograd.grad(loss, list(net.parameters()) + net.arch_parameters())
    e["expect.logits_train"], e["expect.loss_train"] = logits, loss
    for n, g in zip(spec["params"], grads):
        e["expect.grad." + n] = g
    arch = ["alpha_normal", "alpha_reduce", "beta_normal", "beta_reduce"]
    for name, g in zip(arch, grads[-4:]):
        e["expect.train_" + name.replace("_", "_grad_", 1)] = g
    for name, g in zip(arch, torch.autograd.grad(net.loss(xv, yv), net.arch_parameters())):
        e["expect.hyper_first_order_" + name] = g
    a = [x.detach() for x in net.arch_parameters()]
    return e, ref.derive_genotype_pc(*a, net._steps, net._multiplier)


def gdas_expect(spec, arrays):
    """One training-mode step of the supernet with GDAS edges for the given noise: the sample, logits, L_train, gradients."""
    net = ref.GDASSearchNetwork(spec["C"], spec["num_classes"], spec["layers"], spec.get("steps", 4), spec.get("multiplier", 4),
                                spec.get("stem_multiplier", 3), spec["in_channels"]).double()
    if [n for n, _ in net.named_parameters()] != spec["params"]:
        raise ValueError("parameter names or order differ from the case's")
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(t(arrays["param." + n]))
        net.alphas_normal.copy_(t(arrays["alpha_normal"]))
        net.alphas_reduce.copy_(t(arrays["alpha_reduce"]))
    net.tau = spec["tau"]
    net.gumbel = (t(arrays["gumbel_normal"]), t(arrays["gumbel_reduce"]))
    e = {}
    for name, a, g in (("normal", net.alphas_normal, net.gumbel[0]), ("reduce", net.alphas_reduce, net.gumbel[1])):
        hard, index = ref.gumbel_hard(a, g, net.tau)
        e["expect.hardwts_" + name], e["expect.index_" + name] = hard.detach(), index
    logits = net(t(arrays["x_train"]))
    loss = F.cross_entropy(logits, t(arrays["y_train"]))
    params = list(net.parameters())
    grads = torch.autograd.grad(loss, params + net.arch_parameters(), allow_unused=True)
    e["expect.logits_train"], e["expect.loss_train"] = logits, loss
    for n, p, g in zip(spec["params"], params, grads):
        e["expect.grad." + n] = torch.zeros_like(p) if g is None else g
    e["expect.train_alpha_grad_normal"], e["expect.train_alpha_grad_reduce"] = grads[-2], grads[-1]
    return e, ref.derive_genotype_ranked(net.alphas_normal.detach(), net.alphas_reduce.detach(), net._steps, net._multiplier)


def network_from(spec, arrays):
    net = ref.EvalNetwork(spec["C"], spec["num_classes"], spec["layers"], spec["auxiliary"],
                          ref.parse_genotype(spec["genotype"]), spec["in_channels"]).double()
    names = [n for n, _ in net.named_parameters()]
    if names != spec["params"]:
        raise ValueError("parameter names or order differ from the case's")
    with torch.no_grad():
        for n, p in net.named_parameters():
            p.copy_(t(arrays["param." + n]))
        bufs = dict(net.named_buffers())
        for n in spec["buffers"]:
            bufs[n].copy_(t(arrays["buffer." + n]))
    return net


def network_expect(spec, arrays):
    net = network_from(spec, arrays)
    x, y = t(arrays["x"]), t(arrays["y"])
    e = {}
    net.train()
    logits, aux = net(x)
    loss = F.cross_entropy(logits, y)
    e["expect.logits"] = logits
    if spec["auxiliary"]:
        e["expect.logits_aux"] = aux
        loss = loss + spec["auxiliary_weight"] * F.cross_entropy(aux, y)
    e["expect.loss"] = loss
    for n, g in zip(spec["params"], torch.autograd.grad(loss, list(net.parameters()))):
        e["expect.grad." + n] = g
    bufs = dict(net.named_buffers())
    for n in spec["buffers"]:
        e["expect.buffer." + n] = bufs[n].clone()
    net.eval()
    with torch.no_grad():
        e["expect.logits_eval"] = net(x)[0]
    return e, None


def trajectory_expect(spec, arrays):
    net = supernet_from(spec, arrays)
    sgd = torch.optim.SGD(net.parameters(), spec["lr"], momentum=spec["momentum"], weight_decay=spec["weight_decay"])
    adam = torch.optim.Adam(net.arch_parameters(), lr=spec["arch_lr"], betas=tuple(spec["arch_betas"]),
                            eps=spec.get("arch_eps", 1e-8), weight_decay=spec["arch_weight_decay"])
    rec = {k: [] for k in ("alpha_grad_normal", "alpha_grad_reduce", "alpha_normal", "alpha_reduce", "loss_train", "grad_norm")}
    for s in range(spec["T"]):
        batch = (t(arrays["x_train"][s]), t(arrays["y_train"][s]), t(arrays["x_val"][s]), t(arrays["y_val"][s]))
        g, loss, norm = ref.search_step(net, sgd, adam, batch, spec)
        rec["alpha_grad_normal"].append(g[0].detach().clone())
        rec["alpha_grad_reduce"].append(g[1].detach().clone())
        rec["alpha_normal"].append(net.alphas_normal.detach().clone())
        rec["alpha_reduce"].append(net.alphas_reduce.detach().clone())
        rec["loss_train"].append(loss)
        rec["grad_norm"].append(norm)
    e = {"expect." + k: torch.stack(v) for k, v in rec.items()}
    for n, p in net.named_parameters():
        e["expect.param." + n] = p.detach().clone()
        e["expect.momentum." + n] = sgd.state[p]["momentum_buffer"].clone()
    genotype = ref.derive_genotype(net.alphas_normal.detach(), net.alphas_reduce.detach(), net._steps, net._multiplier)
    return e, genotype


# ----------------------------------------------------------------------------------------------------------------------
# check

def expectations(spec, arrays):
    kind = spec["kind"]
    if kind == "op":
        return op_expect(spec, arrays), None
    if kind == "optimizer":
        return optimizer_expect(spec, arrays), None
    if kind == "darts_supernet":
        return supernet_expect(spec, arrays)
    if kind == "darts_network":
        return network_expect(spec, arrays)
    if kind == "darts_search_trajectory":
        return trajectory_expect(spec, arrays)
    if kind == "pcdarts_supernet":
        return pcdarts_expect(spec, arrays)
    if kind == "gdas_supernet":
        return gdas_expect(spec, arrays)
    return None, None


def deviation(spec, key, got, want):
    """Relative to the array's largest magnitude; for trajectories, relative to the case's tolerance."""
    got = got.detach().numpy() if torch.is_tensor(got) else np.asarray(got)
    if got.shape != want.shape:
        return float("inf"), "shape %s, expected %s" % (got.shape, want.shape)
    err = np.abs(got - want)
    if spec["kind"] == "darts_search_trajectory":
        return float(np.max(err / (spec["atol"] + spec["rtol"] * np.abs(want)), initial=0.0)), None
    scale = float(np.max(np.abs(want), initial=0.0))
    return float(np.max(err, initial=0.0)) / (scale if scale > 0 else 1.0), None


def check(dirs):
    cases = []
    for d in dirs:
        for root, _, files in os.walk(d):
            cases += [os.path.join(root, f) for f in files if f.endswith(".json")]
    worst_all, bad, n = {}, 0, 0
    for path in sorted(cases):
        spec, arrays = load_case(path)
        name = os.path.relpath(path, os.path.commonpath(dirs) if len(dirs) > 1 else dirs[0])[:-5]
        expect, genotype = expectations(spec, arrays)
        if expect is None:
            print("%-48s skip  kind %s is not a DARTS kind" % (name, spec["kind"]))
            continue
        n += 1
        limit = 0.01 if spec["kind"] == "darts_search_trajectory" else 1e-12
        worst, worst_key, problem = 0.0, None, None
        stored = [k for k in arrays if (k.startswith("expect.") and not k.startswith("expect.train_alpha_grad_all_ops_")) or k in expect]
        for k in stored:
            if k not in expect:
                problem = problem or "stored %s is not recomputed" % k
                continue
            dev, why = deviation(spec, k, expect[k], arrays[k])
            if why:
                problem = problem or k + ": " + why
            if dev > worst:
                worst, worst_key = dev, k
        missing = [k for k in expect if k not in arrays]
        if missing:
            problem = problem or "recomputed %s is not in the case" % missing[0]
        gkey = "genotype" if spec["kind"] in ("darts_supernet", "pcdarts_supernet", "gdas_supernet") else "expect.genotype"
        if genotype is not None and gkey in spec:
            want = spec[gkey] if isinstance(spec[gkey], dict) else None
            if want is not None and want != genotype:
                problem = problem or "genotype %s, expected %s" % (genotype, want)
        ok = problem is None and worst <= limit
        noise = ""
        if "rounding_noise_ratio" in spec and spec["kind"] != "darts_search_trajectory":
            units = max(float(np.max(np.abs((expect[k].detach().numpy() if torch.is_tensor(expect[k]) else expect[k]) - arrays[k])
                                     / (spec["atol"] + spec["rtol"] * np.abs(arrays[k])), initial=0.0)) for k in stored if k in expect)
            noise = "; %.3e of the tolerance, against the case's measured rounding noise %.3g" % (units, spec["rounding_noise_ratio"])
        bad += 0 if ok else 1
        key = "trajectory" if limit == 0.01 else "other"
        if worst > worst_all.get(key, (0.0, None))[0]:
            worst_all[key] = (worst, name + " " + str(worst_key))
        unit = "of the tolerance" if limit == 0.01 else "of max|expected|"
        print("%-48s %s  largest deviation %.3e %s (%s)%s%s" % (name, "ok  " if ok else "OFF ", worst, unit, worst_key, noise,
                                                                 "" if problem is None else "  " + problem))
        sys.stdout.flush()
    for key, (w, where) in sorted(worst_all.items()):
        print("largest deviation, %s: %.3e %s (%s)" % (
            "trajectories" if key == "trajectory" else "other kinds", w,
            "of the tolerance (limit 0.01)" if key == "trajectory" else "of max|expected| (limit 1e-12)", where))
    print("%d cases recomputed, %d off" % (n, bad))
    return 1 if bad else 0


# ----------------------------------------------------------------------------------------------------------------------
# write

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write", help="write the project's cases")
    w.add_argument("out")
    w.add_argument("--kinds", default="ops,optimizer,darts,network,trajectory,pcdarts,gdas")
    c = sub.add_parser("check", help="recompute stored cases and compare")
    c.add_argument("dirs", nargs="+")
    c.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.cmd == "check":
        if a.threads:
            torch.set_num_threads(a.threads)
        sys.exit(check(a.dirs))
    from cases import write_all  # the case definitions, with their seeds
    write_all(a.out, set(a.kinds.split(",")))


if __name__ == "__main__":
    main()
