"""Time and threads under QEMU: the clock calibration (exact under -icount,
within a few percent without), the tick timed with the TSC, a thread's
stack overflow caught on its guard page with a clear report and a failure
exit, and the shell reading its input by interrupt."""
import re

from lib.qemu import EXIT_FAILURE, EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "time"
ICOUNT = ["-icount", "shift=3,sleep=off"]

# time: tsc 2600.017 MHz, lapic timer 1000.000 MHz (divide 16), HZ 100
RATES = re.compile(r"^time: tsc (\d+)\.(\d{3}) MHz, lapic timer (\d+)\.(\d{3})"
                   r" MHz \(divide (\d+)\), HZ (\d+)$", re.M)
# timecheck: 100 ticks took 1000000123 ns by the TSC, expected ...: 0 ppm
TIMECHECK = re.compile(r"^timecheck: (\d+) ticks took (\d+) ns by the TSC, "
                       r"expected (\d+) ns: (-?\d+) ppm$", re.M)


def rates(text):
    """(tsc kHz, lapic kHz, divide, HZ) from the boot line, or None."""
    m = RATES.search(text)
    if not m:
        return None
    g = [int(x) for x in m.groups()]
    return g[0] * 1000 + g[1], g[2] * 1000 + g[3], g[4], g[5]


def boot_and_check(name, extra, cmdline, check):
    """Boot, run `timecheck`, halt; @check(rates, ppm) lists problems."""
    with Qemu(extra=extra, cmdline=cmdline, timeout=120) as vm:
        try:
            vm.wait_prompt()
            out = vm.cmd("timecheck")
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
        r = rates(vm.text)
        m = TIMECHECK.search(out)
        problems = []
        if not r:
            problems.append("no parsable 'time:' line at boot")
        if not m:
            problems.append(f"no timecheck result in {out!r}")
        if r and m:
            problems += check(r, int(m.group(4)))
        if status != EXIT_SUCCESS:
            problems.append(f"exit status {status}, expected 33")
        line = RATES.search(vm.text)
        diag = "\n".join(problems + [line.group(0) if line else "",
                                     m.group(0) if m else ""])
        return Result(name, not problems, diag + "\n" + vm.text[-1500:])


def icount_exact(r, ppm):
    tsc, lapic, divide, hz = r
    problems = []
    # Under -icount both clocks are virtual time: 1 GHz exactly.
    if tsc != 1000000:
        problems.append(f"tsc {tsc} kHz, expected exactly 1000000")
    if lapic != 1000000:
        problems.append(f"lapic timer {lapic} kHz, expected exactly 1000000")
    # QEMU's periodic APIC timer counts one step more per period than it
    # is programmed for (625001 x 16 ns at HZ 100): 1.6 ppm, no more.
    if abs(ppm) > 2:
        problems.append(f"a second of ticks is {ppm} ppm off by the TSC")
    return problems


def tcg_close(r, ppm):
    tsc, lapic, divide, hz = r
    problems = []
    if not 100000 <= tsc <= 10000000:
        problems.append(f"tsc {tsc} kHz is not a plausible host rate")
    # QEMU's APIC timer input is 1 GHz of virtual time (PLATFORM.md).
    if abs(lapic - 1000000) > 20000:
        problems.append(f"lapic timer {lapic} kHz, expected 1 GHz +- 2%")
    if hz != 100:
        problems.append(f"HZ {hz}, expected the default 100")
    if abs(ppm) > 30000:
        problems.append(f"a second of ticks is {ppm} ppm off by the TSC")
    return problems


def hz_1000(r, ppm):
    """A 1 ms tick: when the host is busy QEMU delivers some ticks late and
    merges them (jiffies counts interrupts), so only a gross check here: a
    second of ticks is a second, not a tenth of one."""
    problems = tcg_close((r[0], r[1], r[2], 100), 0)
    if r[3] != 1000:
        problems.append(f"HZ {r[3]}, expected 1000 from hz=1000")
    if abs(ppm) > 250000:
        problems.append(f"a second of ticks is {ppm} ppm off by the TSC")
    return problems


def icount_deterministic():
    """Two -icount boots print the same calibration."""
    name = "-icount: the calibration is the same on every boot"
    lines = []
    for _ in range(2):
        with Qemu(extra=ICOUNT, timeout=120) as vm:
            try:
                vm.wait_prompt()
                vm.halt()
            except QemuError as e:
                return Result(name, False, str(e))
            m = RATES.search(vm.text)
            lines.append(m.group(0) if m else None)
    return Result(name, lines[0] is not None and lines[0] == lines[1],
                  "\n".join(str(l) for l in lines))


def stack_overflow():
    name = "stackoverflow: guard page hit reported, run fails"
    needles = ["kernel stack overflow in thread overflow",
               "is in the guard page of stack", "double fault",
               "recurse_deeper", "Kernel panic - not syncing: kernel stack "
               "overflow"]
    with Qemu(timeout=60) as vm:
        try:
            vm.wait_prompt()
            vm.send("stackoverflow\r")
            status = vm.wait_exit()
        except QemuError as e:
            return Result(name, False, str(e))
        problems = [f"missing {n!r}" for n in needles if n not in vm.text]
        if status != EXIT_FAILURE:
            problems.append(f"exit status {status}, expected 35")
        return Result(name, not problems,
                      "\n".join(problems) + "\n" + vm.text[-2500:])


def serial_by_interrupt():
    """A whole script written at once: the shell, a thread now, reads it
    through the receive interrupt and runs every line."""
    name = "serial input by interrupt: piped commands all run"
    with Qemu(timeout=60) as vm:
        try:
            vm.wait_prompt()
            vm.send("help\rps\rinterrupts\rhalt\r")
            status = vm.wait_exit()
        except QemuError as e:
            return Result(name, False, str(e))
        text = vm.text
        problems = []
        if "serial: COM1 input by interrupt" not in text:
            problems.append("the boot log does not say input is by "
                            "interrupt")
        for needle in ["stackoverflow", "shell (current)", "idle",
                       "System halted."]:
            if needle not in text:
                problems.append(f"missing {needle!r}")
        m = re.search(r"^\s+0x34\s+(\d+)(?: +\d+)* serial$", text, re.M)
        if not m or int(m.group(1)) == 0:
            problems.append("no serial interrupts counted on vector 0x34")
        if status != EXIT_SUCCESS:
            problems.append(f"exit status {status}, expected 33")
        return Result(name, not problems,
                      "\n".join(problems) + "\n" + text[-2500:])


def run(ctx):
    yield boot_and_check("-icount shift=3: calibration exact, tick exact",
                         ICOUNT, None, icount_exact)
    yield icount_deterministic()
    yield boot_and_check("plain TCG: calibration within a few percent",
                         [], None, tcg_close)
    yield boot_and_check("hz=1000: the tick follows the parameter", [],
                         "hz=1000", hz_1000)
    yield stack_overflow()
    yield serial_by_interrupt()
