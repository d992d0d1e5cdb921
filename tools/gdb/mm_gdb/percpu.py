"""Per-CPU state, CPU by CPU: mm-pcp prints every CPU's per-CPU page lists.

QEMU's gdbstub shows each CPU as a thread (`info threads`: thread N is
CPU#N-1). Each CPU's GS base points at its per-CPU area, its struct
pcpu_hot (arch/x86_64/include/asm/percpu.h), whose cpu_number is the
kernel's number for that CPU: the index of its lists in every zone's
pcp[] array (mm/mmzone.h), as smp_processor_id() reads it there."""
import gdb

from mm_gdb import page as pg
from mm_gdb import utils


def cpu_areas():
    """[(gdb thread, address of its CPU's struct pcpu_hot or None)], one
    per CPU, read from each CPU's GS base. None: the GS base points at no
    pcpu_hot[] entry (a CPU the kernel has not started yet)."""
    hot = utils.symbol_value("pcpu_hot")
    start = utils.to_int(hot.address)
    end = start + hot.type.sizeof
    selected = gdb.selected_thread()
    out = []
    try:
        for thread in sorted(gdb.selected_inferior().threads(),
                             key=lambda t: t.num):
            thread.switch()
            # QEMU describes the register as signed: a kernel address
            # reads negative.
            gs = utils.eval_int("$gs_base") & (2**64 - 1)
            out.append((thread, gs if start <= gs < end else None))
    finally:
        selected.switch()
    return out


def cpu_of_area(area):
    """The CPU number kept in the struct pcpu_hot at @area."""
    ptr = gdb.Value(area).cast(gdb.lookup_type("struct pcpu_hot").pointer())
    return int(ptr.dereference()["cpu_number"])


def current_comm(cpu):
    """The name of the thread running on @cpu (cpu_curr[cpu])."""
    task = utils.symbol_value("cpu_curr")[cpu]
    return task.dereference()["comm"].string() if int(task) else "?"


def pcp_zone_lines(zone, cpu):
    """@zone's lists on @cpu: count, high and batch, as `zoneinfo` prints
    them, then the blocks on each non-empty list by order and
    migratetype, and a warning if the lists hold other than count pages."""
    pcp = zone["pcp"][cpu]
    count = int(pcp["count"])
    lines = [f"  Node 0, zone {pg.zone_name(zone):>8s}  count {count}  "
             f"high {int(pcp['high'])}  batch {int(pcp['batch'])}"]
    lists = pg.pcp_lists(zone, cpu)
    held = sum(len(pfns) << order for order, _, pfns in lists)
    used = [f"order {order} {pg.migratetype_name(mt)}: {len(pfns)}"
            for order, mt, pfns in lists if pfns]
    if used:
        lines.append("    " + ", ".join(used))
    if held != count:
        lines.append(f"    the lists hold {held} pages, count says {count}")
    return lines


def pcp_cpu_lines(thread, area):
    """Every populated zone's lists of the CPU gdb shows as @thread."""
    if area is None:
        return [f"gdb thread {thread.num}: GS base points at no per-CPU "
                "area: a CPU not started yet"]
    cpu = cpu_of_area(area)
    lines = [f"cpu {cpu}: gdb thread {thread.num}, per-CPU area pcpu_hot["
             f"{cpu}] at {area:#x} (GS base), running {current_comm(cpu)}"]
    for zone in pg.populated_zones():
        lines += pcp_zone_lines(zone, cpu)
    return lines


class MmPcp(utils.MmCommand):
    """Every CPU's per-CPU page lists: mm-pcp

One paragraph per CPU that gdb shows as a thread: its number, found
through its GS base (its struct pcpu_hot, whose cpu_number indexes the
lists), the thread running there, then for each populated zone its
zone->pcp[cpu] count, high and batch (the shell's `zoneinfo` prints the
same) and the blocks on each non-empty list, by order and migratetype."""

    def __init__(self):
        super().__init__("mm-pcp")

    def run(self, arg):
        utils.parse_args(arg, 0, 0, "mm-pcp")
        for thread, area in cpu_areas():
            for line in pcp_cpu_lines(thread, area):
                gdb.write(line + "\n")


MmPcp()
