import torch, time, sys
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
cases = [(128, 16, 16, 28, 28, 1), (128, 32, 32, 14, 14, 1), (128, 64, 64, 7, 7, 1), (128, 16, 32, 28, 28, 2)]
for n, c, o, h, w, s in cases:
    x = torch.randn(n, c, h, w, requires_grad=True); wt = torch.randn(o, c, 3, 3, requires_grad=True)
    best = [1e9, 1e9]
    for i in range(10):
        t0 = time.perf_counter(); y = torch.nn.functional.conv2d(x, wt, stride=s, padding=1); t1 = time.perf_counter()
        gx, gw = torch.autograd.grad(y, [x, wt], torch.ones_like(y)); t2 = time.perf_counter()
        best = [min(best[0], t1 - t0), min(best[1], t2 - t1)]
    gflop = 2.0 * y.numel() * c * 9 / 1e9
    print(f"{(n,c,o,h,w,s)}: forward {best[0]*1e3:.2f} ms ({gflop/best[0]:.1f} GFLOP/s), backward (both) {best[1]*1e3:.2f} ms ({2*gflop/best[1]:.1f})")
