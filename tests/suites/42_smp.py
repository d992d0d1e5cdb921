"""SMP: the kernel boots with 1, 2, 4 and 8 CPUs under multi-threaded TCG
(the CPUs really run at once, even on two host cores) and with 4 under
single-threaded TCG; `cpus` lists every CPU, ticking, with its own APIC
ID; the in-kernel SMP self-tests pass (and run, rather than skip, where
there is more than one CPU): IPIs reach every CPU, a ticket lock counts
correctly under contention and is held only by the CPU that took it,
drain_all_pages() empties every CPU's lists. `interrupts` counts each
vector on each CPU, `ps` shows each CPU's idle thread there, `zoneinfo`
shows every CPU's per-CPU lists. A short `bench smp` runs and its
figures are sane: batched migration sends at most one shootdown IPI per 32
pages per writing CPU.
Without ACPI the log names the fallback and the shell still works."""
import re

from lib import ktap
from lib.qemu import EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "smp"
MTTCG = ["-accel", "tcg,thread=multi"]
STTCG = ["-accel", "tcg,thread=single"]

# cpu 1: online apic_id=1 ticks=385 ipi_sent=0 ipi_received=0 current=idle/1
CPU_LINE = re.compile(r"^cpu (\d+): online apic_id=(\d+) ticks=(\d+) "
                      r"ipi_sent=(\d+) ipi_received=(\d+) current=(\S+)$",
                      re.M)
CPUS_TOTAL = re.compile(r"^cpus: (\d+) online$", re.M)
SMP_TESTS = ["smp_every_cpu_ticks", "smp_call_function_reaches_every_cpu",
             "smp_reschedule_ipi_reaches_every_cpu",
             "smp_spinlock_contention_counts",
             "smp_lock_held_elsewhere_is_not_held_here",
             "smp_drain_all_pages_empties_every_cpu",
             "smp_bound_threads_run_and_wake_on_their_cpu",
             "smp_zap_shoots_down_once_before_freeing",
             "smp_switch_with_spinlock_held_warns"]


def parse_cpus(out):
    """{cpu: (apic_id, ticks, ipi_sent, ipi_received, current)}, total."""
    cpus = {int(m.group(1)): tuple(int(x) for x in m.groups()[1:5]) +
            (m.group(6),) for m in CPU_LINE.finditer(out)}
    total = CPUS_TOTAL.search(out)
    return cpus, int(total.group(1)) if total else None


def check_cpus(out, n, ticked=True):
    """Problems with `cpus` output on an @n-CPU machine (@ticked: every
    CPU must have ticked by now; a busy host may delay the first tick)."""
    cpus, total = parse_cpus(out)
    problems = []
    lines = [ln for ln in out.splitlines() if ln.strip()]
    if len(lines) != n + 1:
        problems.append(f"{len(lines)} lines, expected {n + 1}")
    if sorted(cpus) != list(range(n)) or total != n:
        problems.append(f"CPUs {sorted(cpus)}, 'cpus: {total} online'; "
                        f"expected 0..{n - 1}")
    if len({c[0] for c in cpus.values()}) != len(cpus):
        problems.append("two CPUs share an APIC id")
    for cpu, (_, ticks, _, _, current) in cpus.items():
        if ticked and ticks == 0:
            problems.append(f"cpu {cpu} has not ticked")
        if cpu and current != f"idle/{cpu}":
            problems.append(f"cpu {cpu} runs {current}, not idle/{cpu}")
    return problems


def check_selftests(vm, n):
    """Run the SMP self-tests from the shell; problems."""
    problems = []
    for name in SMP_TESTS:
        out = vm.cmd(f"selftest {name}", timeout=240)
        run = ktap.parse(out)
        if not run.complete() or len(run.results) != 1:
            problems.append(f"{name}: incomplete KTAP\n{out[-1500:]}")
            continue
        _, ok, skip, diag = run.results[0]
        if not ok:
            problems.append(f"{name} failed:\n{diag}")
        elif skip is not None and n > 1:
            problems.append(f"{name} skipped with {n} CPUs: {skip}")
    return problems


def check_ipis_counted(out, n):
    """After the self-tests every other CPU has taken IPIs."""
    cpus, _ = parse_cpus(out)
    return [f"cpu {cpu} took no IPI" for cpu in range(1, n)
            if cpu in cpus and cpus[cpu][3] == 0]


IRQ_ROW = re.compile(r"^ +(0x[0-9a-f]+) +(\d+)((?: +\d+)*) (\S.*)$", re.M)
PS_ROW = re.compile(r"^ +\d+ \w +(\d+) +\d+ +\d+ 0x[0-9a-f]+ (\S+)", re.M)
ZONEINFO_CPU = re.compile(r"^    cpu: (\d+)$", re.M)
TIMER_VECTOR = "0xec"


def check_interrupts(out, n):
    """`interrupts` has a column per CPU, each row's columns add up to its
    total, and every CPU has taken timer interrupts."""
    problems = []
    head = "VECTOR      COUNT" + "".join(f"       CPU{c}" for c in range(n))
    if head + " NAME" not in out.splitlines():
        problems.append(f"no header {head!r} NAME")
    for vector, total, cols, name in IRQ_ROW.findall(out):
        per_cpu = [int(x) for x in cols.split()]
        if len(per_cpu) != n or sum(per_cpu) != int(total):
            problems.append(f"{vector} {name}: total {total}, per CPU "
                            f"{per_cpu}")
        if vector == TIMER_VECTOR and 0 in per_cpu:
            problems.append(f"a CPU took no timer interrupt: {per_cpu}")
    return problems


def check_per_cpu_reports(vm, n):
    """`interrupts`, `ps` and `zoneinfo` show every CPU."""
    problems = check_interrupts(vm.cmd("interrupts"), n)
    idle = {name: int(cpu) for cpu, name in PS_ROW.findall(vm.cmd("ps"))
            if name.startswith("idle")}
    want = {("idle" if c == 0 else f"idle/{c}"): c for c in range(n)}
    if idle != want:
        problems.append(f"ps: idle threads on CPUs {idle}, expected {want}")
    cpus = ZONEINFO_CPU.findall(vm.cmd("zoneinfo DMA32"))
    if cpus != [str(c) for c in range(n)]:
        problems.append(f"zoneinfo DMA32 shows the lists of CPUs {cpus}")
    return problems


def halted_result(vm, name, problems):
    """Halt @vm; its exit status must be a clean one. The Result of a boot
    with @problems (the list found so far), and the end of its log."""
    status = vm.halt()
    if status != EXIT_SUCCESS:
        problems.append(f"exit status {status}, expected 33")
    return Result(name, not problems,
                  "\n".join(problems) + "\n" + vm.text[-2500:])



def boot_smp(n, accel, label):
    name = (f"-smp {n} {label}: boots, `cpus`, SMP self-tests, per-CPU "
            "`interrupts`, `ps` and `zoneinfo`, halts")
    with Qemu(mem="256M", smp=n, extra=accel, timeout=240) as vm:
        try:
            vm.wait_prompt()
            problems = check_cpus(vm.cmd("cpus"), n, ticked=False)
            if f"smp: brought up {n} CPU" not in vm.text:
                problems.append("no 'smp: brought up N CPUs' line")
            problems += check_selftests(vm, n)
            out = vm.cmd("cpus")
            problems += check_cpus(out, n) + check_ipis_counted(out, n)
            problems += check_per_cpu_reports(vm, n)
            return halted_result(vm, name, problems)
        except QemuError as e:
            return Result(name, False, str(e))


def boot_without_acpi():
    """No RSDP at all (-no-acpi): the fallback is named, one CPU runs, and
    the serial interrupt (routed by the fallback) still reads input."""
    name = "-smp 2 -no-acpi: the fallback is reported, one CPU, shell works"
    with Qemu(smp=2, extra=MTTCG + ["-no-acpi"], timeout=120) as vm:
        try:
            vm.wait_prompt()
            problems = check_cpus(vm.cmd("cpus"), 1, ticked=False)
            if "ACPI: fallback: the boot CPU alone" not in vm.text:
                problems.append("the log does not name the fallback")
            return halted_result(vm, name, problems)
        except QemuError as e:
            return Result(name, False, str(e))


BENCH_LINE = re.compile(r"^bench (smp_\w+) (.*)$", re.M)
BENCH_WRITERS = 2


def bench_fields(out, name):
    """{key: int} of the `bench @name` line in @out, or None."""
    for found, rest in BENCH_LINE.findall(out):
        if found == name:
            return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", rest)}
    return None


def check_bench_migrate(out, writers):
    """A short `bench smp migrate`: pages moved and read back right, every
    shootdown IPI taken, batched: at most one per 32 pages per CPU."""
    b = bench_fields(out, "smp_migrate")
    if not b:
        return [f"no 'bench smp_migrate' line:\n{out}"]
    problems = []
    if b["migrated"] == 0 or b["ns"] == 0 or b["writes"] == 0:
        problems.append(f"nothing measured: {b}")
    if b["mismatches"] or b["ipis"] != b["ipis_received"]:
        problems.append(f"mismatches or IPIs lost: {b}")
    if b["ipis"] * 32 > b["migrated"] * writers:
        problems.append(f"{b['ipis']} shootdown IPIs for {b['migrated']} "
                        f"pages and {writers} writing CPUs: more than 1/32 "
                        "per page per CPU")
    return problems


def check_bench_drain(out, n):
    """`bench smp drain`: reaching the other CPUs costs something."""
    b = bench_fields(out, "smp_drain")
    if not b or b["cpus"] != n:
        return [f"no 'bench smp_drain' line for {n} CPUs:\n{out}"]
    if not 0 < b["local_ns"] < b["all_ns"] or b["per_remote_cpu_ns"] == 0:
        return [f"drain_all_pages() costs no more than a local drain: {b}"]
    return []


def bench_smp_short():
    """`bench smp` runs, small: its figures are sane (not timed)."""
    n = BENCH_WRITERS + 1
    name = (f"-smp {n}: bench smp migrate {BENCH_WRITERS} (batched: <= 1/32"
            " IPIs per page per writing CPU) and bench smp drain")
    with Qemu(mem="64M", smp=n, extra=MTTCG, timeout=300,
              cmdline="kcompactd=off") as vm:
        try:
            vm.wait_prompt()
            problems = check_bench_migrate(
                vm.cmd(f"bench smp migrate {BENCH_WRITERS}", timeout=300),
                BENCH_WRITERS)
            problems += check_bench_drain(vm.cmd("bench smp drain"), n)
            refused = vm.cmd(f"bench smp migrate {n}")
            if "error: " not in refused or "bench smp_" in refused:
                problems.append(f"{n} writers on {n} CPUs not refused:\n"
                                f"{refused}")
            return halted_result(vm, name, problems)
        except QemuError as e:
            return Result(name, False, str(e))


def run(ctx):
    for n in (1, 2, 4, 8):
        yield boot_smp(n, MTTCG if n > 1 else [], "multi-threaded TCG"
                       if n > 1 else "")
    yield boot_smp(4, STTCG, "single-threaded TCG")
    yield boot_without_acpi()
    yield bench_smp_short()
