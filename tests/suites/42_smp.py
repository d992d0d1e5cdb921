"""SMP: the kernel boots with 1, 2, 4 and 8 CPUs under multi-threaded TCG
(the CPUs really run at once, even on two host cores) and with 4 under
single-threaded TCG; `cpus` lists every CPU, ticking, with its own APIC
ID; the in-kernel SMP self-tests pass (and run, rather than skip, where
there is more than one CPU): IPIs reach every CPU, a ticket lock counts
correctly under contention and is held only by the CPU that took it,
drain_all_pages() empties every CPU's lists.
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


def halted_result(vm, name, problems):
    """Halt @vm; its exit status must be a clean one. The Result of a boot
    with @problems (the list found so far), and the end of its log."""
    status = vm.halt()
    if status != EXIT_SUCCESS:
        problems.append(f"exit status {status}, expected 33")
    return Result(name, not problems,
                  "\n".join(problems) + "\n" + vm.text[-2500:])



def boot_smp(n, accel, label):
    name = f"-smp {n} {label}: boots, `cpus`, SMP self-tests, halts"
    with Qemu(mem="256M", smp=n, extra=accel, timeout=240) as vm:
        try:
            vm.wait_prompt()
            problems = check_cpus(vm.cmd("cpus"), n, ticked=False)
            if f"smp: brought up {n} CPU" not in vm.text:
                problems.append("no 'smp: brought up N CPUs' line")
            problems += check_selftests(vm, n)
            out = vm.cmd("cpus")
            problems += check_cpus(out, n) + check_ipis_counted(out, n)
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


def run(ctx):
    for n in (1, 2, 4, 8):
        yield boot_smp(n, MTTCG if n > 1 else [], "multi-threaded TCG"
                       if n > 1 else "")
    yield boot_smp(4, STTCG, "single-threaded TCG")
    yield boot_without_acpi()
