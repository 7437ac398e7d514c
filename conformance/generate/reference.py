"""The reference semantics of DARTS (Liu, Simonyan and Yang, ICLR 2019), written for darts4j's conformance oracle,
with the two cheaper searches built on its supernet: PC-DARTS (Xu et al., ICLR 2020; partial channels and edge
normalisation) and GDAS (Dong and Yang, CVPR 2019; one operation per edge, sampled by a hard Gumbel softmax).

This module is the project's own statement of what the reference code (github quark0/darts, folder cnn/) computes:
the eight candidate operations, the search supernet with its mixed operations, the evaluation network of a genotype
with its auxiliary head, the architect's first- and second-order steps, the search loop's weight step and the rule
that derives a genotype from α. It is written from the paper and from reading the reference, never copied from it,
and it is checked against cases the reference itself produced (`generate.py check ../shared/conformance`).

Everything is an nn.Module with the reference's attribute names, so parameter names match `state_dict` names there
(`cells.3._ops.7._ops.4.op.1.weight`), and every operation is the same PyTorch call in the same order, so that a
recomputation agrees to the last few bits.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

PRIMITIVES = ["none", "max_pool_3x3", "avg_pool_3x3", "skip_connect",
              "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"]


# ----------------------------------------------------------------------------------------------------------------------
# Operations. In the supernet every BatchNorm is non-affine; in the evaluation network every BatchNorm is affine.

class ReLUConvBN(nn.Module):
    """ReLU, k×k convolution without bias, BatchNorm: `op.0`, `op.1`, `op.2`."""

    def __init__(self, cin, cout, k, stride, pad, affine):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(), nn.Conv2d(cin, cout, k, stride, pad, bias=False),
                                nn.BatchNorm2d(cout, affine=affine))

    def forward(self, x):
        return self.op(x)


class DilConv(nn.Module):
    """ReLU, depthwise k×k with dilation d, pointwise 1×1, BatchNorm."""

    def __init__(self, cin, cout, k, stride, pad, dilation, affine):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(),
                                nn.Conv2d(cin, cin, k, stride, pad, dilation=dilation, groups=cin, bias=False),
                                nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout, affine=affine))

    def forward(self, x):
        return self.op(x)


class SepConv(nn.Module):
    """Two DilConv-like stages with dilation 1, the first with the stride: `op.1..3` and `op.5..7`."""

    def __init__(self, cin, cout, k, stride, pad, affine):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(), nn.Conv2d(cin, cin, k, stride, pad, groups=cin, bias=False),
                                nn.Conv2d(cin, cin, 1, bias=False), nn.BatchNorm2d(cin, affine=affine),
                                nn.ReLU(), nn.Conv2d(cin, cin, k, 1, pad, groups=cin, bias=False),
                                nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout, affine=affine))

    def forward(self, x):
        return self.op(x)


class Identity(nn.Module):
    def forward(self, x):
        return x


class Zero(nn.Module):
    """`none`: zeros shaped like the strided input (the reference multiplies by 0, so NaN would propagate)."""

    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        if self.stride == 1:
            return x.mul(0.)
        return x[:, :, ::self.stride, ::self.stride].mul(0.)


class FactorizedReduce(nn.Module):
    """ReLU, then two 1×1 stride-2 convolutions to cout/2 each, the second on the input shifted by one pixel, BN."""

    def __init__(self, cin, cout, affine):
        super().__init__()
        assert cout % 2 == 0
        self.relu = nn.ReLU()
        self.conv_1 = nn.Conv2d(cin, cout // 2, 1, stride=2, padding=0, bias=False)
        self.conv_2 = nn.Conv2d(cin, cout // 2, 1, stride=2, padding=0, bias=False)
        self.bn = nn.BatchNorm2d(cout, affine=affine)

    def forward(self, x):
        x = self.relu(x)
        return self.bn(torch.cat([self.conv_1(x), self.conv_2(x[:, :, 1:, 1:])], dim=1))


def operation(name, c, stride, affine):
    """The primitive `name` on c channels with the given stride."""
    if name == "none":
        return Zero(stride)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=False)
    if name == "max_pool_3x3":
        return nn.MaxPool2d(3, stride=stride, padding=1)
    if name == "skip_connect":
        return Identity() if stride == 1 else FactorizedReduce(c, c, affine)
    if name == "sep_conv_3x3":
        return SepConv(c, c, 3, stride, 1, affine)
    if name == "sep_conv_5x5":
        return SepConv(c, c, 5, stride, 2, affine)
    if name == "dil_conv_3x3":
        return DilConv(c, c, 3, stride, 2, 2, affine)
    if name == "dil_conv_5x5":
        return DilConv(c, c, 5, stride, 4, 2, affine)
    raise ValueError("unknown primitive " + name)


def is_reduction(i, layers):
    return i in (layers // 3, 2 * layers // 3)


# ----------------------------------------------------------------------------------------------------------------------
# The search supernet: o(x) = Σ_k softmax(α_e)_k · op_k(x) on every edge e.

class MixedOp(nn.Module):
    def __init__(self, c, stride):
        super().__init__()
        self._ops = nn.ModuleList()
        for p in PRIMITIVES:
            op = operation(p, c, stride, affine=False)
            if "pool" in p:
                op = nn.Sequential(op, nn.BatchNorm2d(c, affine=False))
            self._ops.append(op)

    def forward(self, x, weights):
        return sum(w * op(x) for w, op in zip(weights, self._ops))


class SearchCell(nn.Module):
    """Node i is Σ_j MixedOp_{ij}(state j) over every earlier state; the output concatenates the last `multiplier`."""

    def __init__(self, steps, multiplier, c_pp, c_p, c, reduction, reduction_prev, edge=None):
        super().__init__()
        edge = edge or MixedOp
        self.reduction = reduction
        self.preprocess0 = (FactorizedReduce(c_pp, c, affine=False) if reduction_prev
                            else ReLUConvBN(c_pp, c, 1, 1, 0, affine=False))
        self.preprocess1 = ReLUConvBN(c_p, c, 1, 1, 0, affine=False)
        self._steps = steps
        self._multiplier = multiplier
        self._ops = nn.ModuleList()
        for i in range(steps):
            for j in range(2 + i):
                self._ops.append(edge(c, 2 if reduction and j < 2 else 1))

    def forward(self, s0, s1, weights, edge_weights=None):
        """`edge_weights` (PC-DARTS' b, one per edge) scales each edge's output; None: every edge counts once."""
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        offset = 0
        for _ in range(self._steps):
            if edge_weights is None:
                s = sum(self._ops[offset + j](h, weights[offset + j]) for j, h in enumerate(states))
            else:
                s = sum(edge_weights[offset + j] * self._ops[offset + j](h, weights[offset + j]) for j, h in enumerate(states))
            offset += len(states)
            states.append(s)
        return torch.cat(states[-self._multiplier:], dim=1)


class SearchNetwork(nn.Module):
    """The supernet: stem (conv 3×3 + affine BN), cells sharing α_normal / α_reduce, global pooling, linear."""

    def __init__(self, C, num_classes, layers, steps=4, multiplier=4, stem_multiplier=3, in_channels=3, dtype=torch.float64,
                 edge=None):
        super().__init__()
        self.config = dict(C=C, num_classes=num_classes, layers=layers, steps=steps, multiplier=multiplier,
                           stem_multiplier=stem_multiplier, in_channels=in_channels, dtype=dtype)
        self._steps, self._multiplier = steps, multiplier
        c_curr = stem_multiplier * C
        self.stem = nn.Sequential(nn.Conv2d(in_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr))
        c_pp, c_p, c_curr = c_curr, c_curr, C
        self.cells = nn.ModuleList()
        reduction_prev = False
        for i in range(layers):
            reduction = is_reduction(i, layers)
            if reduction:
                c_curr *= 2
            self.cells.append(SearchCell(steps, multiplier, c_pp, c_p, c_curr, reduction, reduction_prev, edge))
            reduction_prev = reduction
            c_pp, c_p = c_p, multiplier * c_curr
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_p, num_classes)
        k = sum(2 + i for i in range(steps))
        self.alphas_normal = 1e-3 * torch.randn(k, len(PRIMITIVES), dtype=dtype)
        self.alphas_reduce = 1e-3 * torch.randn(k, len(PRIMITIVES), dtype=dtype)
        self.to(dtype)
        self.alphas_normal.requires_grad_(True)
        self.alphas_reduce.requires_grad_(True)

    def arch_parameters(self):
        return [self.alphas_normal, self.alphas_reduce]

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            weights = F.softmax(self.alphas_reduce if cell.reduction else self.alphas_normal, dim=-1)
            s0, s1 = s1, cell(s0, s1, weights)
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1))

    def loss(self, x, y):
        return F.cross_entropy(self(x), y)

    def new(self):
        """A newly built network of the same shape holding this one's α (the reference's `Network.new`)."""
        net = SearchNetwork(**self.config).to(self.alphas_normal.device)
        net.alphas_normal = net.alphas_normal.detach().to(self.alphas_normal.device).requires_grad_(True)
        net.alphas_reduce = net.alphas_reduce.detach().to(self.alphas_normal.device).requires_grad_(True)
        for a, b in zip(net.arch_parameters(), self.arch_parameters()):
            a.data.copy_(b.data)
        return net


# ----------------------------------------------------------------------------------------------------------------------
# PC-DARTS: the mixed operation on the first c/K channels, the rest bypassing it, a channel shuffle; edge weights
# b = softmax of β over the edges entering each node.

def channel_shuffle(x, groups):
    """[N, c, H, W] seen as [N, groups, c/groups, H, W], the two channel axes swapped, flattened back."""
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).contiguous().view(n, c, h, w)


class PartialMixedOp(MixedOp):
    """Operations built for c/K channels; x[:, c/K:] bypasses them (a 2x2 max pool at stride 2)."""

    def __init__(self, c, stride, k=4):
        super().__init__(c // k, stride)
        self.k, self.stride = k, stride

    def forward(self, x, weights):
        q = x.shape[1] // self.k
        head, tail = x[:, :q], x[:, q:]
        y = sum(w * op(head) for w, op in zip(weights, self._ops))
        if self.stride == 2:
            tail = F.max_pool2d(tail, 2, 2)
        return channel_shuffle(torch.cat([y, tail], dim=1), self.k)


def node_softmax(beta, steps=4):
    """b: softmax of β over the 2, 3, 4, … edges entering each node."""
    parts, lo = [], 0
    for i in range(steps):
        parts.append(F.softmax(beta[lo:lo + i + 2], dim=-1))
        lo += i + 2
    return torch.cat(parts)


class PCSearchNetwork(SearchNetwork):
    """The supernet with PC-DARTS edges (K partial channels) and edge normalisation β [14] per cell type."""

    def __init__(self, C, num_classes, layers, k=4, steps=4, multiplier=4, stem_multiplier=3, in_channels=3, dtype=torch.float64):
        super().__init__(C, num_classes, layers, steps, multiplier, stem_multiplier, in_channels, dtype,
                         edge=lambda c, stride: PartialMixedOp(c, stride, k))
        n = self.alphas_normal.shape[0]
        self.betas_normal = (1e-3 * torch.randn(n, dtype=dtype)).requires_grad_(True)
        self.betas_reduce = (1e-3 * torch.randn(n, dtype=dtype)).requires_grad_(True)

    def arch_parameters(self):
        return [self.alphas_normal, self.alphas_reduce, self.betas_normal, self.betas_reduce]

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            alpha, beta = (self.alphas_reduce, self.betas_reduce) if cell.reduction else (self.alphas_normal, self.betas_normal)
            s0, s1 = s1, cell(s0, s1, F.softmax(alpha, dim=-1), node_softmax(beta, self._steps))
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1))


def derive_genotype_pc(alpha_normal, alpha_reduce, beta_normal, beta_reduce, steps=4, multiplier=4):
    """PC-DARTS' rule: the DARTS rule applied to W = softmax(α) · b, row by row."""
    concat = list(range(2 + steps - multiplier, steps + 2))
    wn = F.softmax(alpha_normal, dim=-1) * node_softmax(beta_normal, steps)[:, None]
    wr = F.softmax(alpha_reduce, dim=-1) * node_softmax(beta_reduce, steps)[:, None]
    return {"normal": _darts_rule(wn.tolist(), steps), "normal_concat": concat, "reduce": _darts_rule(wr.tolist(), steps),
            "reduce_concat": concat}


# ----------------------------------------------------------------------------------------------------------------------
# GDAS: per forward and cell type, h = one_hot(argmax π) − sg(π) + π with π = softmax((log softmax(α) + G) / τ); an
# edge runs only its selected operation k*, scaled by h[e, k*].

def gumbel_hard(alpha, gumbel, tau):
    probs = F.softmax((F.log_softmax(alpha, dim=-1) + gumbel) / tau, dim=-1)
    index = probs.max(-1, keepdim=True)[1]
    one_hot = torch.zeros_like(probs).scatter_(-1, index, 1.0)
    return one_hot - probs.detach() + probs, index.view(-1)


class GDASSearchNetwork(SearchNetwork):
    """The DARTS supernet whose edges compute one sampled operation each (the noise G is given: `self.gumbel`)."""

    tau = 1.0
    gumbel = None  # (G_normal, G_reduce)

    def forward(self, x):
        hard_n, index_n = gumbel_hard(self.alphas_normal, self.gumbel[0], self.tau)
        hard_r, index_r = gumbel_hard(self.alphas_reduce, self.gumbel[1], self.tau)
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            hard, index = (hard_r, index_r) if cell.reduction else (hard_n, index_n)
            states = [cell.preprocess0(s0), cell.preprocess1(s1)]
            offset = 0
            for _ in range(cell._steps):
                terms = []
                for j, h in enumerate(states):
                    e, k = offset + j, int(index[offset + j])
                    terms.append(cell._ops[e]._ops[k](h) * hard[e, k])
                offset += len(states)
                states.append(sum(terms))
            s0, s1 = s1, torch.cat(states[-cell._multiplier:], dim=1)
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1))


def derive_genotype_ranked(alpha_normal, alpha_reduce, steps=4, multiplier=4):
    """GDAS' rule: per node, every (input, operation ≠ none) pair ranked by softmax(α), decreasing and stable; two kept."""
    none = PRIMITIVES.index("none")

    def parse(W):
        gene, start = [], 0
        for i in range(steps):
            pairs = [(j, k) for j in range(i + 2) for k in range(len(PRIMITIVES)) if k != none]
            pairs.sort(key=lambda jk: -W[start + jk[0]][jk[1]])
            gene += [[PRIMITIVES[k], j] for j, k in pairs[:2]]
            start += i + 2
        return gene

    concat = list(range(2 + steps - multiplier, steps + 2))
    return {"normal": parse(F.softmax(alpha_normal, dim=-1).tolist()), "normal_concat": concat,
            "reduce": parse(F.softmax(alpha_reduce, dim=-1).tolist()), "reduce_concat": concat}


def _darts_rule(W, steps):
    none = PRIMITIVES.index("none")
    gene, start, n = [], 0, 2
    for _ in range(steps):
        rows = W[start:start + n]
        edges = sorted(range(n), key=lambda j: -max(rows[j][k] for k in range(len(rows[j])) if k != none))[:2]
        for j in edges:
            best = None
            for k in range(len(rows[j])):
                if k != none and (best is None or rows[j][k] > rows[j][best]):
                    best = k
            gene.append([PRIMITIVES[best], j])
        start += n
        n += 1
    return gene


def derive_genotype(alpha_normal, alpha_reduce, steps=4, multiplier=4):
    """The reference rule: per node, the two inputs whose strongest non-`none` weight is largest (stable on ties),
    each with its strongest non-`none` operation (the earlier primitive on a tie)."""
    concat = list(range(2 + steps - multiplier, steps + 2))
    return {"normal": _darts_rule(F.softmax(alpha_normal, dim=-1).tolist(), steps), "normal_concat": concat,
            "reduce": _darts_rule(F.softmax(alpha_reduce, dim=-1).tolist(), steps), "reduce_concat": concat}


# ----------------------------------------------------------------------------------------------------------------------
# The evaluation network of a genotype (the reference's NetworkCIFAR), affine BatchNorm throughout.

def parse_genotype(text):
    """The reference's text form, `Genotype(normal=[('op', i), ...], normal_concat=[...] or range(a, b), ...)`."""
    env = {"Genotype": lambda **kw: kw, "range": range}
    g = eval(text, {"__builtins__": {}}, env)  # the text comes from our own cases, never from a user
    return {k: (list(v) if k.endswith("concat") else [tuple(e) for e in v]) for k, v in g.items()}


class EvalCell(nn.Module):
    def __init__(self, genotype, c_pp, c_p, c, reduction, reduction_prev):
        super().__init__()
        self.preprocess0 = FactorizedReduce(c_pp, c, affine=True) if reduction_prev else ReLUConvBN(c_pp, c, 1, 1, 0, True)
        self.preprocess1 = ReLUConvBN(c_p, c, 1, 1, 0, True)
        genes = genotype["reduce" if reduction else "normal"]
        self._concat = genotype["reduce_concat" if reduction else "normal_concat"]
        self.multiplier = len(self._concat)
        self._steps = len(genes) // 2
        self._indices = [j for _, j in genes]
        self._ops = nn.ModuleList(operation(name, c, 2 if reduction and j < 2 else 1, True) for name, j in genes)

    def forward(self, s0, s1):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for i in range(self._steps):
            h1 = self._ops[2 * i](states[self._indices[2 * i]])
            h2 = self._ops[2 * i + 1](states[self._indices[2 * i + 1]])
            states.append(h1 + h2)
        return torch.cat([states[i] for i in self._concat], dim=1)


class AuxiliaryHead(nn.Module):
    """On the 8×8 output of the cell at 2·layers/3: ReLU, avg pool 5×5 stride 3 (→ 2×2), 1×1 → 128, BN, ReLU,
    2×2 → 768, BN, ReLU, linear."""

    def __init__(self, c, num_classes):
        super().__init__()
        # in place, as in the reference: the first ReLU also rectifies the cell output the next cells read (which
        # changes no value, since they start with a ReLU, but does change how their gradients are summed)
        self.features = nn.Sequential(nn.ReLU(inplace=True), nn.AvgPool2d(5, stride=3, padding=0, count_include_pad=False),
                                      nn.Conv2d(c, 128, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
                                      nn.Conv2d(128, 768, 2, bias=False), nn.BatchNorm2d(768), nn.ReLU(inplace=True))
        self.classifier = nn.Linear(768, num_classes)

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.size(0), -1))


class EvalNetwork(nn.Module):
    def __init__(self, C, num_classes, layers, auxiliary, genotype, in_channels=3):
        super().__init__()
        self._layers, self._auxiliary = layers, auxiliary
        c_curr = 3 * C
        self.stem = nn.Sequential(nn.Conv2d(in_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr))
        c_pp, c_p, c_curr = c_curr, c_curr, C
        self.cells = nn.ModuleList()
        reduction_prev = False
        c_aux = None
        for i in range(layers):
            reduction = is_reduction(i, layers)
            if reduction:
                c_curr *= 2
            cell = EvalCell(genotype, c_pp, c_p, c_curr, reduction, reduction_prev)
            self.cells.append(cell)
            reduction_prev = reduction
            c_pp, c_p = c_p, cell.multiplier * c_curr
            if i == 2 * layers // 3:
                c_aux = c_p
        if auxiliary:
            self.auxiliary_head = AuxiliaryHead(c_aux, num_classes)
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_p, num_classes)

    def forward(self, x):
        logits_aux = None
        s0 = s1 = self.stem(x)
        for i, cell in enumerate(self.cells):
            s0, s1 = s1, cell(s0, s1)
            if i == 2 * self._layers // 3 and self._auxiliary and self.training:
                logits_aux = self.auxiliary_head(s1)
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1)), logits_aux


# ----------------------------------------------------------------------------------------------------------------------
# The architect and the search loop.

def flat(tensors):
    return torch.cat([t.reshape(-1) for t in tensors])


def virtual_step(net, x_train, y_train, eta, momentum, weight_decay, buffers):
    """w′ = w − η(μ·b + ∇w L_train(w, α) + λw) in a newly built network (b: the SGD buffers, or zeros)."""
    params = list(net.parameters())
    theta = flat([p.data for p in params])
    moment = flat(buffers).mul(momentum) if buffers is not None else torch.zeros_like(theta)
    dtheta = flat(torch.autograd.grad(net.loss(x_train, y_train), params)).data + weight_decay * theta
    w1 = theta.sub(moment + dtheta, alpha=eta)
    unrolled = net.new()
    state = net.state_dict()
    offset = 0
    for name, p in net.named_parameters():
        n = p.numel()
        state[name] = w1[offset:offset + n].view(p.size())
        offset += n
    unrolled.load_state_dict(state)
    return unrolled


def finite_difference_mixed(net, vector, x_train, y_train, r):
    """[∇α L_train(w + R·v) − ∇α L_train(w − R·v)] / (2R), R = r / ‖v‖₂, shifting w in place as the reference does."""
    R = r / flat(vector).norm()
    params = list(net.parameters())
    for p, v in zip(params, vector):
        p.data.add_(v, alpha=R)
    grads_p = torch.autograd.grad(net.loss(x_train, y_train), net.arch_parameters())
    for p, v in zip(params, vector):
        p.data.sub_(v, alpha=2 * R)
    grads_n = torch.autograd.grad(net.loss(x_train, y_train), net.arch_parameters())
    for p, v in zip(params, vector):
        p.data.add_(v, alpha=R)
    return [(a - b).div_(2 * R) for a, b in zip(grads_p, grads_n)]


def architecture_gradient(net, x_train, y_train, x_val, y_val, eta, momentum, weight_decay, buffers, unrolled, r=0.01):
    """The architect's g for both α: first order ∇α L_val(w, α); second order the reference's finite difference."""
    if not unrolled:
        return list(torch.autograd.grad(net.loss(x_val, y_val), net.arch_parameters()))
    u = virtual_step(net, x_train, y_train, eta, momentum, weight_decay, buffers)
    loss = u.loss(x_val, y_val)
    grads = torch.autograd.grad(loss, u.arch_parameters() + list(u.parameters()))
    dalpha, vector = list(grads[:2]), [g.data for g in grads[2:]]
    implicit = finite_difference_mixed(net, vector, x_train, y_train, r)
    return [d.sub(i, alpha=eta) for d, i in zip(dalpha, implicit)]


def momentum_buffers(net, sgd):
    """The SGD momentum buffers of every weight, or None before the first step (the reference then uses zeros)."""
    try:
        return [sgd.state[p]["momentum_buffer"] for p in net.parameters()]
    except KeyError:
        return None


def search_step(net, sgd, adam, batch, cfg):
    """One iteration of the reference search loop; returns (g per α, L_train before the update, ‖∇w L_train‖₂)."""
    x_train, y_train, x_val, y_val = batch
    g = architecture_gradient(net, x_train, y_train, x_val, y_val, cfg["lr"], cfg["momentum"], cfg["weight_decay"],
                              momentum_buffers(net, sgd), cfg["unrolled"], cfg["fd_r"])
    adam.zero_grad()
    for a, ga in zip(net.arch_parameters(), g):
        a.grad = ga.clone()
    adam.step()
    sgd.zero_grad()
    loss = net.loss(x_train, y_train)
    loss.backward()
    norm = nn.utils.clip_grad_norm_(net.parameters(), cfg["grad_clip"])
    sgd.step()
    return g, loss.detach(), norm.detach()
