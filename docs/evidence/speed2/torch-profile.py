#!/usr/bin/env python3
# PyTorch's own profile of the DARTS_V2 train step of bench/peers/torch_train_step.py (C 16, 8 cells, batch 64, 1x28x28):
# torch.profiler over 5 steps after 2 warm-up steps, by operator, self CPU time.
#   /usr/bin/python3 docs/evidence/speed2/torch-profile.py THREADS   (from the repository root)
import sys, os, torch, torch.nn.functional as F
sys.path.insert(0, 'bench/peers'); sys.path.insert(0, 'conformance/generate')
import torch_train_step as T, reference as ref
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv)>1 else 1); torch.manual_seed(0)
g = ref.parse_genotype(T.GENOTYPES["DARTS_V2"])
net = ref.EvalNetwork(16, 10, 8, False, g, 1).float()
x = torch.randn(64,1,28,28); y = torch.randint(0,10,(64,))
sgd = torch.optim.SGD(net.parameters(), 0.025, momentum=0.9, weight_decay=3e-4)
def step():
    sgd.zero_grad(); l = F.cross_entropy(net(x)[0], y); l.backward(); sgd.step()
for _ in range(2): step()
from torch.profiler import profile, ProfilerActivity
with profile(activities=[ProfilerActivity.CPU]) as p:
    for _ in range(5): step()
print(p.key_averages().table(sort_by="self_cpu_time_total", row_limit=30))
