"""The LLVM toolchain: `make LLVM=1` builds the kernel with clang and
ld.lld (warning-free: the kernel builds with -Werror) into build-llvm/,
and that kernel boots and passes the in-kernel self-tests once, so the
second toolchain cannot rot unseen. The GNU build is every other suite's."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from lib.result import Result  # noqa: E402
from matrix import CONFIGS, run_config  # noqa: E402

SUITE = "llvm"
CONFIG = "256M"


def run(ctx):
    p = subprocess.run(["make", "-s", "LLVM=1", "all"], capture_output=True,
                       text=True, cwd=ctx.root)
    said = p.stdout + p.stderr
    built = p.returncode == 0 and "warning" not in said.lower()
    yield Result("make LLVM=1 builds the kernel without a warning", built,
                 said[-6000:])
    if not built:
        return
    cfg = next(c for c in CONFIGS if c.name == CONFIG)
    row = run_config(cfg, iso=os.path.join(ctx.root, "build-llvm", "os.iso"))
    yield Result(f"LLVM kernel, self-tests at {CONFIG}: {row.passed} passed, "
                 f"{row.failed} failed, {row.skipped} skipped", row.ok,
                 f"{row.problem}\n{row.details}")
