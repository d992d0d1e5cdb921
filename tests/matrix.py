#!/usr/bin/env python3
"""Boot self-test mode in every configuration the README supports and
print one table row per configuration: passed, failed and skipped kernel
tests, QEMU's exit status and the seconds it took.

A configuration passes when its KTAP is complete (plan, one result per
test, a summary that agrees), no test failed, and QEMU exited with 33.
`make matrix` runs them all; `make test` runs five (tests/suites/
50_selftest.py).

Usage: tests/matrix.py [-j JOBS] [NAME ...]   (default: all, 2 at a time)
A configuration's NAME is the first column of the table (no spaces).
"""
import argparse
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ktap  # noqa: E402
from lib.qemu import EXIT_SUCCESS, ISO, run_to_exit  # noqa: E402


@dataclass
class Config:
    name: str
    mem: str = "256M"
    cmdline: str = ""  # parameters besides "selftest"
    machine: str | None = None
    uefi: bool = False
    smp: int = 1
    timeout: int = 900  # seconds; the big machines fill more memory, and
    # a loaded host slows every guest several times over

    def qemu_args(self):
        return dict(mem=self.mem, machine=self.machine, uefi=self.uefi,
                    smp=self.smp, timeout=self.timeout,
                    cmdline=" ".join(["selftest"] + self.cmdline.split()))


CONFIGS = [
    Config("256M"),
    Config("256M-UEFI", uefi=True),
    Config("q35-256M", machine="q35"),
    Config("q35-256M-UEFI", machine="q35", uefi=True),
    Config("16M", mem="16M"),
    Config("17M", mem="17M"),
    Config("32M", mem="32M"),
    Config("128M", mem="128M"),
    Config("q35-1G", mem="1G", machine="q35"),
    Config("1G", mem="1G"),
    Config("2G", mem="2G"),
    Config("4G", mem="4G", timeout=3600),
    Config("q35-6G", mem="6G", machine="q35", timeout=3600),
    Config("16G", mem="16G", timeout=5400),
    Config("mem=12M", mem="128M", cmdline="mem=12M"),
    Config("kcompactd=off", cmdline="kcompactd=off"),
    Config("compaction_proactiveness=0",
           cmdline="compaction_proactiveness=0"),
    Config("debug_pagealloc=off", cmdline="debug_pagealloc=off"),
    Config("extfrag_threshold=1000", cmdline="extfrag_threshold=1000"),
    Config("movablecore=256M@512M", mem="512M",
           cmdline="movablecore=256M"),
    Config("movablecore=1G@512M", mem="512M", cmdline="movablecore=1G"),
    Config("nogrouping", cmdline="nogrouping"),
    Config("loglevel=0", mem="128M", cmdline="loglevel=0"),
    Config("page_poison=on", cmdline="page_poison=on"),
    Config("hz=10", cmdline="hz=10"),
    Config("hz=1000", cmdline="hz=1000"),
    Config("smp=2", smp=2),
]


@dataclass
class Row:
    config: Config
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    status: int | None = None
    seconds: float = 0.0
    problem: str = ""  # why the configuration failed, or ""
    details: str = ""  # the failed tests' diagnostics, or the log's tail

    @property
    def ok(self):
        return not self.problem


def host_mib_available():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    return None


def mem_mib(size):
    return int(size[:-1]) * (1024 if size.endswith("G") else 1)


def run_config(cfg, iso=ISO):
    # QEMU backs every page the tests touch (they fill the memory): a
    # guest bigger than the host's free memory would be OOM-killed, and
    # might take other work on the host with it.
    have = host_mib_available()
    if have is not None and have < mem_mib(cfg.mem) + 512:
        return Row(cfg, problem=f"not run: the host has {have} MiB "
                   f"available, the guest needs {cfg.mem} and 512M more",
                   details="")
    t0 = time.monotonic()
    status, text = run_to_exit(iso=iso, **cfg.qemu_args())
    row = Row(cfg, status=status, seconds=time.monotonic() - t0)
    run = ktap.parse(text)
    if run.summary:
        row.passed, row.failed, row.skipped = run.summary
    if status is None:
        row.problem = "timed out"
    elif not run.complete():
        row.problem = "KTAP incomplete"
    elif row.failed:
        row.problem = ", ".join(n for n, ok, _, _ in run.results if not ok)
    elif status != EXIT_SUCCESS:
        row.problem = f"exit status {status} with no failed test"
    if run.results and run.complete():
        # The failed tests' own "# " lines say what went wrong.
        row.details = "\n".join(d for _, ok, _, d in run.results if not ok)
    else:
        row.details = text[-2000:]
    return row


def run_all(configs, jobs, iso):
    """Run @configs, @jobs at a time, the slowest first, and yield their
    rows as they end. A configuration starts only when the guest memory of
    those running and its own fit in what the host had available at the
    start, and in what the host has available now: two big guests started
    together each pass run_config()'s check, then fill their memory and get
    the host's OOM killer. (Other work on the host can still take memory
    meanwhile: run the big configurations on a quiet machine.)"""
    budget = (host_mib_available() or 1 << 30) - 1024
    pending = sorted(configs, key=lambda c: -c.timeout)
    running = {}  # future -> guest MiB
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        while pending or running:
            used = sum(running.values())
            have = host_mib_available() or budget
            fits = [c for c in pending if not running or
                    (used + mem_mib(c.mem) + 512 <= budget and
                     mem_mib(c.mem) + 512 <= have)]
            if fits and len(running) < max(1, jobs):
                cfg = fits[0]
                pending.remove(cfg)
                running[pool.submit(run_config, cfg, iso)] = \
                    mem_mib(cfg.mem) + 512
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for f in done:
                del running[f]
                yield f.result()


def print_table(rows):
    print(f"| {'config':<28} | passed | failed | skipped | exit | seconds |")
    print(f"|{'-' * 30}|--------|--------|---------|------|---------|")
    for r in rows:
        status = "-" if r.status is None else str(r.status)
        print(f"| {r.config.name:<28} | {r.passed:>6} | {r.failed:>6} | "
              f"{r.skipped:>7} | {status:>4} | {r.seconds:>7.0f} |")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--iso", default=ISO, help="the ISO to boot")
    ap.add_argument("names", nargs="*", help="configurations to run")
    args = ap.parse_args(argv[1:])
    unknown = set(args.names) - {c.name for c in CONFIGS}
    if unknown:
        print(f"unknown configuration(s): {', '.join(sorted(unknown))}; "
              f"known: {', '.join(c.name for c in CONFIGS)}")
        return 2
    configs = [c for c in CONFIGS if not args.names or c.name in args.names]
    rows = []
    for row in run_all(configs, args.jobs, args.iso):
        mark = "ok" if row.ok else f"FAILED: {row.problem}"
        print(f"# {row.config.name}: {mark} ({row.seconds:.0f} s)",
              flush=True)
        rows.append(row)
    rows.sort(key=lambda r: configs.index(r.config))
    bad = [r for r in rows if not r.ok]
    for r in bad:
        print(f"\n# {r.config.name}: {r.problem}\n{r.details}\n")
    print_table(rows)
    print(f"{len(rows) - len(bad)} configurations passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
