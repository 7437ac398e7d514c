"""How the PyTorch peers time, as darts4j's benchmarks do: the median of timed repetitions after one warm-up, and the
peak resident memory of the process."""
import statistics
import time


def peak_rss_mib():
    """VmHWM of /proc/self/status in MiB (NaN where there is none)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def median_s(fn, steps, sync=lambda: None):
    """Median seconds of `steps` calls of fn after one warm-up; `sync` waits for a device's queue after each."""
    fn()
    sync()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
