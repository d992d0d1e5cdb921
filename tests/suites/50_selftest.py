"""In-kernel self-tests: boot with `selftest`, read the KTAP the kernel
prints, and report each kernel test as a result of its own. The exit status
must agree with the kernel's own summary line."""
import re

from lib.qemu import EXIT_SUCCESS, run_to_exit
from lib.result import Result

SUITE = "selftest"
KTAP_RESULT = re.compile(r"^(ok|not ok) (\d+) (\S+)(?: # SKIP (.+))?$", re.M)
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(?:, \d+ skipped)?$", re.M)
RUNS = [("256M", None, False), ("256M", None, True)]


def run_kernel_tests(mem, machine, uefi):
    where = f"{mem}{' UEFI' if uefi else ''}"
    status, text = run_to_exit(mem=mem, machine=machine, uefi=uefi,
                               cmdline="selftest", timeout=600)
    results = []
    for m in KTAP_RESULT.finditer(text):
        name = m.group(3)
        ok = m.group(1) == "ok"
        diag = "\n".join(l for l in text.splitlines()
                         if f"# {name}:" in l) if not ok else ""
        results.append(Result(f"{where}: {name}", ok, diag,
                              skip=m.group(4)))
    summary = SUMMARY.search(text)
    if not summary or "KTAP version 1" not in text:
        results.append(Result(f"{where}: KTAP output complete", False,
                              text[-3000:]))
        return results
    failed = int(summary.group(2))
    want = EXIT_SUCCESS if failed == 0 else 35
    results.append(Result(f"{where}: exit status matches the summary",
                          status == want,
                          f"status {status}, summary {summary.group(0)}"))
    return results


def run(ctx):
    for cfg in RUNS:
        yield from run_kernel_tests(*cfg)
