"""Fuzzing: short libFuzzer runs of the page allocator harness
(tests/fuzz/fuzz_page_alloc.c) and of the boot input harness
(tests/fuzz/fuzz_mbi.c: multiboot2 bytes through the parser, memblock and
the zones, seeded from tests/fuzz/mbi-seeds), one result per run: it passes
when the run ends without a crash, a sanitizer report, an unexpected panic
or a broken invariant. The long runs are `make fuzz`."""
import os
import subprocess
import tempfile

from lib.result import Result

SUITE = "fuzz"
NEEDS = ["build/fuzz/fuzz_page_alloc", "build/fuzz/fuzz_mbi"]
# (harness, seconds, -max_len, seed corpus directory or None)
RUNS = [("fuzz_page_alloc", 25, 1024, None),
        ("fuzz_mbi", 20, 8192, "tests/fuzz/mbi-seeds")]


def fuzz_one(ctx, name, seconds, max_len, seeds):
    binary = os.path.join(ctx.build, "fuzz", name)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0",
               UBSAN_OPTIONS="print_stacktrace=1")
    # Findings go to build/fuzz/, not the working directory.
    cmd = [binary, f"-max_total_time={seconds}", "-seed=1",
           f"-max_len={max_len}", "-rss_limit_mb=4096",
           "-artifact_prefix=" + os.path.join(ctx.build, "fuzz") + "/"]
    with tempfile.TemporaryDirectory() as corpus:
        if seeds:
            cmd += [corpus, os.path.join(ctx.root, seeds)]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                               cwd=ctx.root, timeout=seconds + 120)
        except subprocess.TimeoutExpired:
            return Result(f"{name} {seconds} s", False, "hung")
    runs = [line for line in p.stderr.splitlines() if line.startswith("Done ")]
    title = f"{name} {seconds} s" + (f" ({runs[-1][5:]})" if runs else "")
    return Result(title, p.returncode == 0, p.stderr[-4000:])


def run(ctx):
    for target in NEEDS:
        p = subprocess.run(["make", "-s", target], capture_output=True,
                           text=True, cwd=ctx.root)
        if p.returncode != 0:
            yield Result(f"{os.path.basename(target)} builds", False,
                         p.stdout[-2000:] + p.stderr[-4000:])
            return
    for name, seconds, max_len, seeds in RUNS:
        yield fuzz_one(ctx, name, seconds, max_len, seeds)
