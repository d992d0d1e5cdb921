"""The page copy and the migration benchmark: the boot log names the copy
routine CPUID chose (rep movsq on QEMU's default CPU, which has no ERMS but
is a rep_good K8; rep movsb on -cpu max, which has ERMS); `bench copy` and
`bench migrate` print their lines in the exact formats tools/bench.py
reads, with figures that under -icount are instruction counts we can
bound: a rep movsq page is 512 counted moves, a rep movsb page 4096."""
import re

from lib.qemu import EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "copymigrate"
ICOUNT = ["-icount", "shift=3,sleep=off"]
NS_PER_INSN = 8
CHOSEN = re.compile(r"^copy_page: (\w+) \((.+)\)$", re.M)
VARIANT = re.compile(r"^bench copy variant=(\w+) ns_hot=(\d+) ns_cold=(\d+)$",
                     re.M)
STEP = re.compile(r"^bench migrate step=(\w+) ns_per_page=(\d+)$", re.M)
ROUNDS = re.compile(r"^bench migrate rounds=\d+ batch=32 probe_ns=\d+ "
                    r"failed=(\d+) mismatches=(\d+)$", re.M)
TOTAL = re.compile(r"^bench migrate pages=32 ns_per_page=(\d+) "
                   r"copy_ns_per_page=(\d+) fixed_ns_per_page=(\d+)$", re.M)
# Counted instructions of one 4 KiB copy under icount (with the call).
INSNS = {"movsb": (4096, 4200), "movsq": (512, 600), "unrolled": (1100, 1400)}


def copy_lines(out, chosen):
    """Problems with `bench copy`'s output."""
    found = {m.group(1): m for m in VARIANT.finditer(out)}
    problems = []
    if sorted(found) != sorted(INSNS):
        problems.append(f"variants {sorted(found)}, expected {sorted(INSNS)}")
    for name, m in found.items():
        lo, hi = INSNS[name]
        for kind, ns in (("hot", m.group(2)), ("cold", m.group(3))):
            insns = int(ns) / NS_PER_INSN
            if not lo <= insns <= hi:
                problems.append(f"{name} {kind}: {insns:.0f} instructions, "
                                f"expected {lo}..{hi}")
    if f"bench copy chosen={chosen}\n" not in out:
        problems.append(f"no 'bench copy chosen={chosen}' line")
    return problems


def migrate_lines(out):
    """Problems with `bench migrate`'s output."""
    problems = []
    r, t = ROUNDS.search(out), TOTAL.search(out)
    steps = {m.group(1): int(m.group(2)) for m in STEP.finditer(out)}
    if not r or not t:
        return [f"missing the rounds or the final line in {out!r}"]
    if r.group(1) != "0" or r.group(2) != "0":
        problems.append(f"failed={r.group(1)} mismatches={r.group(2)}")
    total, copy, fixed = (int(x) for x in t.groups())
    if total - copy != fixed or fixed <= 0:
        problems.append(f"fixed {fixed} is not {total} - {copy}")
    if steps.get("copy", 0) < copy * 0.9:
        problems.append(f"the copy step ({steps.get('copy')}) is cheaper "
                        f"than a copy ({copy})")
    # The stamped steps add up to the plain run within 5%.
    if abs(steps.get("all", 0) - total) > total * 0.05:
        problems.append(f"steps add up to {steps.get('all')}, total {total}")
    return problems


def boot(name, extra, chosen, commands, check):
    with Qemu(mem="256M", extra=extra, timeout=600) as vm:
        try:
            vm.wait_prompt()
            out = "".join(vm.cmd(c, timeout=600) for c in commands)
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
        problems = []
        m = CHOSEN.search(vm.text)
        if not m or m.group(1) != chosen:
            problems.append(f"boot log chose {m.group(0) if m else None}, "
                            f"expected {chosen}")
        problems += check(out)
        if status != EXIT_SUCCESS:
            problems.append(f"exit status {status}")
        return Result(name, not problems, "\n".join(problems) + "\n" + out)


def run(ctx):
    yield boot("qemu64 (rep_good, no ERMS): movsq; bench copy and migrate",
               ICOUNT, "movsq", ["bench copy", "bench migrate"],
               lambda out: copy_lines(out, "movsq") + migrate_lines(out))
    yield boot("-cpu max (ERMS): movsb chosen and used by bench copy",
               ICOUNT + ["-cpu", "max"], "movsb", ["bench copy"],
               lambda out: copy_lines(out, "movsb"))
