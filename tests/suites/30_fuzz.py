"""Fuzzing: a short libFuzzer run of the page allocator harness
(tests/fuzz/fuzz_page_alloc.c), one result per run: it passes when the run
ends without a crash, a sanitizer report or a broken invariant. The long run
is `make fuzz`."""
import os
import subprocess

from lib.result import Result

SUITE = "fuzz"
NEEDS = ["build/fuzz/fuzz_page_alloc"]
SECONDS = 25


def run(ctx):
    for target in NEEDS:
        p = subprocess.run(["make", "-s", target], capture_output=True,
                           text=True, cwd=ctx.root)
        if p.returncode != 0:
            yield Result(f"{os.path.basename(target)} builds", False,
                         p.stdout[-2000:] + p.stderr[-4000:])
            return
    binary = os.path.join(ctx.root, NEEDS[0])
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0",
               UBSAN_OPTIONS="print_stacktrace=1")
    # Findings go to build/fuzz/, not the working directory.
    cmd = [binary, f"-max_total_time={SECONDS}", "-seed=1", "-max_len=1024",
           "-rss_limit_mb=4096",
           "-artifact_prefix=" + os.path.join(ctx.build, "fuzz") + "/"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                           cwd=ctx.root, timeout=SECONDS + 120)
    except subprocess.TimeoutExpired:
        yield Result(f"fuzz_page_alloc {SECONDS} s", False, "hung")
        return
    runs = [line for line in p.stderr.splitlines() if line.startswith("Done ")]
    name = f"fuzz_page_alloc {SECONDS} s" + (f" ({runs[-1][5:]})"
                                              if runs else "")
    yield Result(name, p.returncode == 0, p.stderr[-4000:])
