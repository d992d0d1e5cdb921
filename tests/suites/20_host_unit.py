"""Host unit tests: every build/host/test_* binary (cmocka, ASan + UBSan).

cmocka prints TAP when CMOCKA_MESSAGE_OUTPUT=TAP; each test case becomes one
result. A binary that crashes or exits non-zero without reporting is a
failure of its own.
"""
import glob
import os
import re
import subprocess

from lib.result import Result

SUITE = "host"
TAP_LINE = re.compile(r"^(ok|not ok) \d+ - (.*)$")


def run(ctx):
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP",
               ASAN_OPTIONS="detect_leaks=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    binaries = sorted(glob.glob(os.path.join(ctx.build, "host", "test_*")))
    if not binaries:
        yield Result("host test binaries built", False, "none in build/host")
    for binary in binaries:
        name = os.path.basename(binary)
        try:
            p = subprocess.run([binary], capture_output=True, text=True,
                               env=env, timeout=600)
        except subprocess.TimeoutExpired:
            yield Result(f"{name} finished", False, "timed out after 600 s")
            continue
        yield from parse(name, p)


def parse(name, p):
    """One result per TAP line, plus one if the binary's exit does not
    match what it reported (cmocka exits with the number of failed tests;
    a crash or an early exit leaves tests unreported)."""
    lines = p.stdout.splitlines()
    plan = next((int(l[3:]) for l in lines if re.match(r"^1\.\.\d+$", l)),
                None)
    seen = failed = 0
    for i, line in enumerate(lines):
        m = TAP_LINE.match(line)
        if not m:
            continue
        seen += 1
        ok = m.group(1) == "ok"
        failed += not ok
        diag = "" if ok else "\n".join(lines[i + 1:i + 20]) + p.stderr[-3000:]
        yield Result(f"{name}/{m.group(2)}", ok, diag)
    if p.returncode != failed or (plan is not None and seen != plan):
        yield Result(f"{name} ran all {plan} tests and exited cleanly",
                     False, f"status {p.returncode}, {seen} of {plan} "
                     f"reported, {failed} failed\n{p.stdout[-2000:]}\n"
                     f"{p.stderr[-4000:]}")
