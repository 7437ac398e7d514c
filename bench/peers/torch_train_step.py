#!/usr/bin/env python3
"""PyTorch peer of `./darts4j bench train-step`: one SGD step and one inference pass of a retraining model, same keys.

Models (float32):
  resnet20   ResNet-20 of He et al. (2016, §4.2): 3x3 stem to 16 channels with BN and ReLU, three stages of three
             basic blocks (16, 32, 64 channels; the first block of stages 2 and 3 has stride 2), option A shortcuts
             (subsample by 2, pad the new channels with zeros on both sides), global average pooling, linear.
  darts      the evaluation network of a genotype (the reference's NetworkCIFAR), from
             conformance/generate/reference.py, with its auxiliary head when --auxiliary-weight > 0.
The step: zero the gradients, forward, L = CE(logits) [+ w·CE(logits_aux)], backward, SGD 0.025 with momentum 0.9 and
weight decay 3e-4 (no clipping, no drop path); inference: evaluation mode, no graph. Each the median of --steps timed
repetitions after one warm-up, plus the peak resident memory (VmHWM).

  /usr/bin/python3 bench/peers/torch_train_step.py --model resnet20 --batch 128 --size 28 --channels 1 --threads 2
  /usr/bin/python3 bench/peers/torch_train_step.py --model darts --genotype DARTS_V2 --C 16 --layers 8 --batch 64 --size 28 --channels 1
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "conformance", "generate"))
import reference as ref  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import median_s, peak_rss_mib  # noqa: E402

GENOTYPES = {
    "DARTS_V1": "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), "
                "('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], "
                "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), "
                "('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])",
    "DARTS_V2": "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
                "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
                "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), "
                "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
}


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pad = (cout - cin) // 2 if stride != 1 or cin != cout else None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        short = x if self.pad is None else F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))
        return F.relu(out + short)


class ResNet20(nn.Module):
    def __init__(self, cin, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        blocks, c = [], 16
        for stage, width in enumerate((16, 32, 64)):
            for b in range(3):
                blocks.append(BasicBlock(c, width, 2 if b == 0 and stage > 0 else 1))
                c = width
        self.blocks = nn.Sequential(*blocks)
        self.linear = nn.Linear(64, classes)

    def forward(self, x):
        out = self.blocks(F.relu(self.bn1(self.conv1(x))))
        return self.linear(F.adaptive_avg_pool2d(out, 1).flatten(1)), None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="resnet20", choices=["resnet20", "darts"])
    ap.add_argument("--genotype", default="DARTS_V2", help="DARTS_V1, DARTS_V2 or the reference's Genotype(...) text")
    ap.add_argument("--auxiliary-weight", type=float, default=0.0)
    for k, v in dict(C=16, layers=8, batch=128, size=28, channels=1, classes=10, threads=2, steps=3, seed=0).items():
        ap.add_argument("--" + k, type=int, default=v)
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    if a.model == "resnet20":
        net = ResNet20(a.channels, a.classes)
    else:
        genotype = ref.parse_genotype(GENOTYPES.get(a.genotype, a.genotype))
        net = ref.EvalNetwork(a.C, a.classes, a.layers, a.auxiliary_weight > 0, genotype, a.channels)
    net = net.float().to(dev)
    x = torch.randn(a.batch, a.channels, a.size, a.size, device=dev)
    y = torch.randint(0, a.classes, (a.batch,), device=dev)
    sgd = torch.optim.SGD(net.parameters(), 0.025, momentum=0.9, weight_decay=3e-4)

    def train_step():
        sgd.zero_grad()
        logits, aux = net(x)
        loss = F.cross_entropy(logits, y)
        if aux is not None:
            loss = loss + a.auxiliary_weight * F.cross_entropy(aux, y)
        loss.backward()
        sgd.step()

    def inference():
        with torch.no_grad():
            net(x)[0].cpu()

    params = sum(p.numel() for n, p in net.named_parameters() if not n.startswith("auxiliary_head"))
    out = dict(engine="pytorch-" + torch.__version__, threads=a.threads, model=a.model)
    if a.model == "darts":
        out.update(genotype=a.genotype, C=a.C, layers=a.layers, auxiliary_weight=a.auxiliary_weight)
    out.update(batch=a.batch, size=a.size, channels=a.channels, dtype="float32",
               device=torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu", params=params)
    net.train()
    t = median_s(train_step, a.steps, sync)
    net.eval()
    i = median_s(inference, a.steps, sync)
    out.update(train_step_s=t, train_images_per_s=a.batch / t, inference_batch_s=i, inference_images_per_s=a.batch / i,
               peak_rss_mib=peak_rss_mib())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
