"""In-kernel self-tests: boot with `selftest` in five of the configurations
of tests/matrix.py (the rest run under `make matrix`), read the KTAP the
kernel prints, and report each kernel test as a result of its own; a test
the kernel skipped, with its reason, is a skip here too. The exit status
must agree with the kernel's own summary line."""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from lib import ktap  # noqa: E402
from lib.qemu import EXIT_SUCCESS, run_to_exit  # noqa: E402
from lib.result import Result  # noqa: E402
from matrix import CONFIGS  # noqa: E402

SUITE = "selftest"
# One at 1 GiB or more; UEFI; a small machine; hidden log messages.
RUNS = ["256M", "256M-UEFI", "q35-1G", "32M", "loglevel=0"]


def run_kernel_tests(cfg):
    where = cfg.name
    status, text = run_to_exit(**cfg.qemu_args())
    run = ktap.parse(text)
    results = []
    for name, ok, skip, diag in run.results:
        results.append(Result(f"{where}: {name}", ok, diag, skip=skip))
    if not run.complete():
        results.append(Result(f"{where}: KTAP output complete", False,
                              text[-3000:]))
        return results
    failed = run.summary[1]
    want = EXIT_SUCCESS if failed == 0 else 35
    results.append(Result(f"{where}: exit status matches the summary",
                          status == want,
                          f"status {status}, summary {run.summary}"))
    return results


def run(ctx):
    by_name = {c.name: c for c in CONFIGS}
    # Two boots at a time: the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for results in pool.map(run_kernel_tests,
                                [by_name[n] for n in RUNS]):
            yield from results
