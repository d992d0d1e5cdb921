#!/usr/bin/env python3
"""Apply each mutant of catalog.py to a scratch copy of the tree, run the
tests that should catch it, and print a table: mutant, what it breaks,
and the test that killed it, SURVIVED, or ERROR (the mutant no longer
applies, or does not build).

Each copy lives in build/mutants/NAME/. It starts with the object files of
the tree's own build (their dates kept), so make rebuilds only what the
mutant touched. A host test kills a mutant when it reports a failure,
crashes or hangs; a kernel test when `selftest NAME` in the shell of the
mutant's kernel prints "not ok", or the kernel panics or hangs.

Usage: tests/mutants/runner.py [--host-only] [-j N] [NAME ...]
Exit status: 0 if every mutant was killed.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TESTS)
from lib.qemu import Qemu, QemuError  # noqa: E402
from mutants.catalog import MUTANTS  # noqa: E402

ROOT = os.path.dirname(TESTS)
BUILD = os.path.join(ROOT, "build")
SCRATCH = os.path.join(BUILD, "mutants")
HOST_TIMEOUT = 60  # one test binary; those used here take < 5 s
KERNEL_TIMEOUT = 300  # one `selftest NAME`
# A failed host test's name (cmocka may put a message after it).
NOT_OK = re.compile(r"^not ok \d+ - (\S+)", re.M)
KTAP_NOT_OK = re.compile(r"^not ok \d+ (\S+)$", re.M)
KTAP_OK = re.compile(r"^ok \d+ (\S+)$", re.M)
# The first line of an ASan or UBSan report, without the source position.
SANITIZER = re.compile(r"(?:runtime error|ERROR: AddressSanitizer): "
                       r"([^\n]{0,60})")


@dataclass
class Outcome:
    mutant: object
    status: str  # "killed", "SURVIVED" or "ERROR"
    by: str  # the killing tests, or why it survived or failed
    seconds: float = 0.0
    log: str = ""

    @property
    def killed(self):
        return self.status == "killed"


def copy_tree(dest, kernel):
    """The sources of the tree, and the object files of its build, in
    @dest (file dates kept, so make sees the objects as up to date)."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    for name in os.listdir(ROOT):
        if name in ("build", ".git") or name.startswith("build-"):
            continue  # other toolchains' build directories too
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name), symlinks=True)
        else:
            shutil.copy2(src, os.path.join(dest, name))
    objdirs = ["hobj", "kobj"] if kernel else ["hobj"]
    for d in objdirs:
        if os.path.isdir(os.path.join(BUILD, d)):
            shutil.copytree(os.path.join(BUILD, d),
                            os.path.join(dest, "build", d))


def apply_edits(dest, m):
    """Edit the copy of m.file; None, or why the mutant does not apply."""
    path = os.path.join(dest, m.file)
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        return f"{m.file}: {e.strerror}"
    for find, replace in m.edits:
        n = text.count(find)
        if n != 1:
            first = find.strip().splitlines()[0]
            return (f"{m.file}: '{first}' found {n} times, not once: "
                    "the code changed, refresh the mutant")
        text = text.replace(find, replace)
    with open(path, "w") as f:
        f.write(text)
    return None


def make(dest, targets):
    p = subprocess.run(["make", "-s", "--no-print-directory"] + targets,
                       cwd=dest, capture_output=True, text=True)
    return None if p.returncode == 0 else (p.stdout + p.stderr)[-3000:]


def run_host_test(binary):
    """None if @binary passes, else (what failed, its output)."""
    # Line-buffered (stdbuf), so a hang still shows which tests had run;
    # stdbuf's preload comes before ASan's runtime, which must be told.
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP",
               ASAN_OPTIONS="detect_leaks=0:verify_asan_link_order=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    name = os.path.basename(binary)
    try:
        p = subprocess.run(["stdbuf", "-oL", binary], capture_output=True,
                           text=True, env=env, timeout=HOST_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        failed = NOT_OK.findall(out)
        if failed:
            return f"{name}/{failed[0]} (then hung)", out[-2000:]
        done = len(re.findall(r"^(?:not )?ok \d+", out, re.M))
        return f"{name} (hung after {done} results)", out[-2000:]
    failed = NOT_OK.findall(p.stdout)
    if failed:
        return f"{name}/{failed[0]}", p.stdout[-2000:]
    if p.returncode:
        why = SANITIZER.search(p.stderr)
        why = why.group(1) if why else f"status {p.returncode}"
        return f"{name} (crashed: {why})", p.stderr[-2000:]
    return None


def run_kernel_test(iso, test, m):
    """None if `selftest @test` passes in the kernel of @iso, booted with
    m.smp CPUs and m.cmdline, else what failed."""
    extra = ["-accel", "tcg,thread=multi"] if m.smp > 1 else []
    try:
        with Qemu(mem="256M", iso=iso, timeout=60, smp=m.smp, extra=extra,
                  cmdline=m.cmdline or None) as vm:
            vm.wait_prompt()
            out = vm.cmd(f"selftest {test}", timeout=KERNEL_TIMEOUT)
            status = vm.halt()
    except QemuError as e:
        return f"{test} (panicked or hung)", str(e)
    if KTAP_NOT_OK.search(out):
        return test, out[-2000:]
    if test not in KTAP_OK.findall(out) or status != 33:
        return f"{test} (no result, status {status})", out[-2000:]
    return None


def run_mutant(m, host_only):
    t0 = time.monotonic()
    kernel = [] if host_only else m.kernel
    dest = os.path.join(SCRATCH, m.name)

    def outcome(status, by, log=""):
        return Outcome(m, status, by, time.monotonic() - t0, log)

    copy_tree(dest, bool(kernel))
    why = apply_edits(dest, m)
    if why:
        return outcome("ERROR", why)
    targets = [f"build/host/{t}" for t in m.host]
    if kernel:
        targets += ["build/kernel.elf", "build/os.iso"]
    err = make(dest, targets)
    if err:
        return outcome("ERROR", "does not build", err)
    killers, logs = [], []
    for t in m.host:
        failed = run_host_test(os.path.join(dest, "build", "host", t))
        if failed:
            killers.append(failed[0])
            logs.append(failed[1])
            if host_only:
                break  # one is enough for `make test`
    for t in kernel:
        failed = run_kernel_test(os.path.join(dest, "build", "os.iso"), t,
                                 m)
        if failed:
            killers.append(failed[0])
            logs.append(failed[1])
    shutil.rmtree(dest, ignore_errors=True)
    if killers:
        return outcome("killed", ", ".join(killers), "\n".join(logs))
    ran = m.host + kernel
    return outcome("SURVIVED", "passed: " + ", ".join(ran))


def baseline(mutants, host_only):
    """The unmutated tree must pass the tests the mutants use, or every
    mutant would look killed. Returns what failed, or None."""
    targets = ["host-tests"] + ([] if host_only else ["all"])
    err = make(ROOT, targets)
    if err:
        return f"make {' '.join(targets)} failed:\n{err}"
    bins = sorted({t for m in mutants for t in m.host})
    for b in bins:
        failed = run_host_test(os.path.join(BUILD, "host", b))
        if failed:
            return f"the unmutated tree fails {failed[0]}\n{failed[1]}"
    return None


def selected(names, host_only):
    ms = [m for m in MUTANTS if not names or m.name in names]
    if host_only:
        ms = [m for m in ms if m.host]
    unknown = set(names) - {m.name for m in MUTANTS}
    return ms, unknown


def run_all(mutants, host_only, jobs=2, progress=None):
    """Run @mutants, @jobs at a time; outcomes in catalog order."""
    os.makedirs(SCRATCH, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(run_mutant, m, host_only) for m in mutants]
        out = []
        for f in futures:
            out.append(f.result())
            if progress:
                progress(out[-1])
    return out


def table(outcomes):
    rows = [("mutant", "what it breaks", "result")]
    for o in outcomes:
        result = f"killed by {o.by}" if o.killed else f"{o.status}: {o.by}"
        rows.append((o.mutant.name, o.mutant.breaks, result))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    lines = [f"{a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in rows]
    lines.insert(1, "-" * min(120, w0 + w1 + 30))
    return "\n".join(lines)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host-only", action="store_true",
                    help="only the host tests (what `make test` runs)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("names", nargs="*", help="mutants to run (default all)")
    args = ap.parse_args(argv[1:])
    mutants, unknown = selected(args.names, args.host_only)
    if unknown:
        print(f"unknown mutants: {' '.join(sorted(unknown))}")
        return 2
    t0 = time.monotonic()
    err = baseline(mutants, args.host_only)
    if err:
        print(err)
        return 1

    def progress(o):
        print(f"  {o.mutant.name}: {o.status} ({o.seconds:.0f} s)",
              flush=True)

    outcomes = run_all(mutants, args.host_only, args.jobs, progress)
    print()
    print(table(outcomes))
    counts = {s: sum(o.status == s for o in outcomes)
              for s in ("killed", "SURVIVED", "ERROR")}
    print(f"\n{len(outcomes)} mutants: {counts['killed']} killed, "
          f"{counts['SURVIVED']} survived, {counts['ERROR']} errors "
          f"({time.monotonic() - t0:.0f} s)")
    for o in outcomes:
        if o.status == "ERROR" and o.log:
            print(f"\n--- {o.mutant.name} ---\n{o.log}")
    return 0 if counts["killed"] == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
