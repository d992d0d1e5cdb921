"""Read the KTAP a self-test boot prints: one result per kernel test (a
skip is counted apart) and the kernel's own summary line."""
import re
from dataclasses import dataclass, field

RESULT = re.compile(r"^(ok|not ok) (\d+) (\S+)(?: # SKIP (.*))?$", re.M)
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$",
                     re.M)
PLAN = re.compile(r"^1\.\.(\d+)$", re.M)


@dataclass
class KtapRun:
    results: list = field(default_factory=list)  # (name, ok, skip, diag)
    summary: tuple | None = None  # (passed, failed, skipped) as printed
    plan: int | None = None

    def complete(self):
        """The plan, every result and a summary that agrees with them."""
        if self.summary is None or self.plan is None:
            return False
        counts = (sum(ok and skip is None for _, ok, skip, _ in self.results),
                  sum(not ok for _, ok, _, _ in self.results),
                  sum(skip is not None for _, _, skip, _ in self.results))
        return len(self.results) == self.plan and counts == self.summary


def parse(text):
    run = KtapRun()
    if "KTAP version 1" not in text:
        return run
    plan = PLAN.search(text)
    run.plan = int(plan.group(1)) if plan else None
    for m in RESULT.finditer(text):
        name, ok, skip = m.group(3), m.group(1) == "ok", m.group(4)
        diag = "" if ok else "\n".join(
            line for line in text.splitlines() if f"# {name}:" in line)
        run.results.append((name, ok, skip, diag))
    s = SUMMARY.search(text)
    if s:
        run.summary = (int(s.group(1)), int(s.group(2)),
                       int(s.group(3) or 0))
    return run
