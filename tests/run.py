#!/usr/bin/env python3
"""Run every test suite and print one TAP stream with a final summary.

Each module in tests/suites/ (run in name order) defines
    run(ctx) -> iterable of Result
and may define SUITE (a short name) and NEEDS (make targets it needs, built
by `make test` before this runs). Results are printed as they come, so a slow
suite shows progress. The last line is "N passed, N failed" (with
", N skipped" when a result was a skip); the exit status is non-zero if
anything failed.

Usage: tests/run.py [SUITE ...]    (default: all suites)
"""
import importlib.util
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.qemu import take_warnings  # noqa: E402
from lib.result import Result  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITES_DIR = os.path.join(ROOT, "tests", "suites")

DIAG_HEAD, DIAG_TAIL = 15, 40


def diag_lines(diag):
    """What a failure says, shortened: its first lines (the problems the
    test found) and its last (the end of the console log)."""
    lines = diag.rstrip().splitlines()
    if len(lines) <= DIAG_HEAD + DIAG_TAIL:
        return lines
    cut = len(lines) - DIAG_HEAD - DIAG_TAIL
    return (lines[:DIAG_HEAD] + [f"[... {cut} lines ...]"] +
            lines[-DIAG_TAIL:])

def load_suites():
    mods = []
    for name in sorted(os.listdir(SUITES_DIR)):
        if not name.endswith(".py") or name.startswith("_"):
            continue
        path = os.path.join(SUITES_DIR, name)
        spec = importlib.util.spec_from_file_location(name[:-3], path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mod.SUITE = getattr(mod, "SUITE", name[:-3])
        mods.append(mod)
    return mods


def main(argv):
    wanted = set(argv[1:])
    suites = [m for m in load_suites() if not wanted or m.SUITE in wanted]
    passed = failed = skipped = 0
    print("TAP version 13", flush=True)
    for mod in suites:
        t0 = time.monotonic()
        print(f"# suite {mod.SUITE}", flush=True)
        try:
            results = list_results(mod)
        except Exception as e:  # a broken suite is a failure, not a crash
            results = [Result(f"{mod.SUITE}: suite crashed", False, repr(e))]
        results += warning_results()
        for r in results:
            n = passed + failed + skipped + 1
            if r.skip is not None:
                print(f"ok {n} - {mod.SUITE}: {r.name} # SKIP {r.skip}",
                      flush=True)
                skipped += 1
                continue
            print(f"{'ok' if r.ok else 'not ok'} {n} - {mod.SUITE}: {r.name}",
                  flush=True)
            if not r.ok and r.diag:
                for line in diag_lines(r.diag):
                    print(f"#   {line}", flush=True)
            if r.ok:
                passed += 1
            else:
                failed += 1
        print(f"# suite {mod.SUITE}: {time.monotonic() - t0:.1f}s", flush=True)
    print(f"1..{passed + failed + skipped}")
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 1 if failed else 0


def warning_results():
    """A failure for each kernel warning a QEMU boot of the suite printed."""
    return [Result(f"kernel warning during boot ({boot})", False, text)
            for boot, text in take_warnings()]


def list_results(mod):
    out = []
    for r in mod.run(Context()):
        out.append(r)
    return out


class Context:
    root = ROOT
    build = os.path.join(ROOT, "build")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
