#!/usr/bin/env python3
"""The PyTorch peer's 'time' (../shared/refbench/torch_darts.py) on a CUDA device, for the device check.

Same supernet, optimizers, steps and JSON keys as the CPU peer; every timed step ends with torch.cuda.synchronize(),
and peak_device_mib is torch.cuda.max_memory_allocated.

  python3 torch_cuda_time.py --peer PATH/torch_darts.py --C 16 --layers 8 --batch 64 --size 32 --channels 3
"""
import argparse, importlib.util, json, statistics, time

p = argparse.ArgumentParser()
p.add_argument("--peer", required=True, help="path of torch_darts.py")
for k, v in dict(C=16, layers=8, batch=64, size=32, channels=3, classes=10, steps=5).items():
    p.add_argument("--" + k, type=int, default=v)
p.add_argument("--first-order-only", action="store_true")
a = p.parse_args()

spec = importlib.util.spec_from_file_location("torch_darts", a.peer)
td = importlib.util.module_from_spec(spec); spec.loader.exec_module(td)
torch, nn = td.torch, td.nn
dev = torch.device("cuda")
torch.manual_seed(0)
net, crit = td.Network(a.C, a.classes, a.layers, a.channels).to(dev), nn.CrossEntropyLoss()
opt = torch.optim.SGD(net.weights(), 0.025, momentum=0.9, weight_decay=3e-4)
aopt = torch.optim.Adam(net.alphas(), 3e-4, betas=(0.5, 0.999), weight_decay=1e-3)
xt, xv = (torch.randn(a.batch, a.channels, a.size, a.size, device=dev) for _ in range(2))
yt, yv = (torch.randint(0, a.classes, (a.batch,), device=dev) for _ in range(2))

def wstep():
    opt.zero_grad(); crit(net(xt), yt).backward()
    nn.utils.clip_grad_norm_(net.weights(), 5); opt.step()

def astep_first():
    aopt.zero_grad(); g = torch.autograd.grad(crit(net(xv), yv), net.alphas())
    for q, gi in zip(net.alphas(), g): q.grad = gi
    aopt.step()

def astep_second():
    aopt.zero_grad()
    mom = [opt.state[w].get("momentum_buffer", torch.zeros_like(w)) for w in net.weights()]
    for q, gi in zip(net.alphas(), td.hypergrad_fd(net, crit, xt, yt, xv, yv, 0.025, 0.9, 3e-4, mom)): q.grad = gi
    aopt.step()

def med(f):
    f(); torch.cuda.synchronize(); ts = []
    for _ in range(a.steps):
        t = time.perf_counter(); f(); torch.cuda.synchronize(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

w, f1 = med(wstep), med(astep_first)
out = {"engine": "pytorch-" + torch.__version__ + "-cuda", "device": torch.cuda.get_device_name(0), "C": a.C, "layers": a.layers,
       "batch": a.batch, "size": a.size, "channels": a.channels, "params": sum(q.numel() for q in net.weights()),
       "weight_step_s": w, "arch_step_first_order_s": f1, "search_step_first_order_s": w + f1}
if not a.first_order_only:
    f2 = med(astep_second)
    out.update(arch_step_second_order_s=f2, search_step_second_order_s=w + f2)
out["peak_device_mib"] = torch.cuda.max_memory_allocated() / 1048576
print(json.dumps(out))
