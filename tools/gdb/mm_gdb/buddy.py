"""The buddy allocator's free lists and the VM counters, read from kernel
memory and printed in the kernel's own formats (mm/vmstat.c, which follows
Linux's /proc/buddyinfo, /proc/pagetypeinfo and /proc/vmstat), so the output
can be compared line by line with the shell's: mm-buddyinfo,
mm-pagetypeinfo, mm-vmstat."""
import gdb

from mm_gdb.constants import C
from mm_gdb import page as pg
from mm_gdb import utils


def buddyinfo_lines():
    """One "Node 0, zone ..." line per populated zone: free blocks of each
    order (free_area[order].nr_free)."""
    lines = []
    for zone in pg.populated_zones():
        area = zone["free_area"]
        counts = "".join(f"{int(area[o]['nr_free']):6d} "
                         for o in range(C.NR_PAGE_ORDERS))
        lines.append(f"Node 0, zone {pg.zone_name(zone):>8s} {counts}")
    return lines


def pageblock_counts(zone):
    """Pageblocks of @zone per migratetype, as the kernel counts them: the
    first page of each block must be valid and belong to @zone."""
    count = [0] * C.MIGRATE_TYPES
    start = int(zone["zone_start_pfn"])
    end = start + int(zone["spanned_pages"])
    zonenum = int(zone["type"])
    for pfn in range(start, end, C.pageblock_nr_pages):
        if not pg.pfn_valid(pfn):
            continue
        page = pg.read_pages(pfn, 1)[0]
        if page.zonenum != zonenum:
            continue
        mt = pg.pageblock_bits(zone, pfn) & C.MIGRATETYPE_MASK
        if mt < C.MIGRATE_TYPES:
            count[mt] += 1
    return count


def pagetypeinfo_lines():
    names = [pg.migratetype_name(mt) for mt in range(C.MIGRATE_TYPES)]
    zones = pg.populated_zones()
    lines = [f"Page block order: {C.pageblock_order}",
             f"Pages per block:  {C.pageblock_nr_pages}", "",
             f"{'Free pages count per migrate type at order':<43s} "
             + "".join(f"{o:6d} " for o in range(C.NR_PAGE_ORDERS))]
    for zone in zones:
        area = zone["free_area"]
        for mt in range(C.MIGRATE_TYPES):
            counts = "".join(f"{int(area[o]['nr_free_mt'][mt]):6d} "
                             for o in range(C.NR_PAGE_ORDERS))
            lines.append(f"Node {0:4d}, zone {pg.zone_name(zone):>8s}, "
                         f"type {names[mt]:>12s} {counts}")
    lines.append("")
    lines.append(f"{'Number of blocks type ':<23s}"
                 + "".join(f"{n:>12s} " for n in names))
    for zone in zones:
        counts = "".join(f"{n:12d} " for n in pageblock_counts(zone))
        lines.append(f"Node 0, zone {pg.zone_name(zone):>8s} {counts}")
    return lines


def zone_stat_names():
    """zone_stat_names[] if the compiler kept the symbol; otherwise the
    enum's names in lower case, which is how mm/vmstat.c names them
    (NR_FREE_PAGES: nr_free_pages)."""
    sym = gdb.lookup_static_symbol("zone_stat_names")
    if sym is not None:
        names = sym.value()
        return [utils.c_string(names[i])
                for i in range(C.NR_ZONE_STAT_ITEMS)]
    enum = utils.enum_names("enum zone_stat_item")
    return [enum[i].lower() for i in range(C.NR_ZONE_STAT_ITEMS)]


def vmstat_lines():
    """A "name value" line for every zone counter (summed over zones,
    negative ones as 0) and every event (summed over CPUs), as
    show_vmstat() prints them."""
    zones = pg.zone_values()
    lines = []
    for i, name in enumerate(zone_stat_names()):
        total = sum(max(int(z["vm_stat"][i]), 0) for z in zones)
        lines.append(f"{name} {total}")
    names = utils.symbol_value("vm_event_names")
    states = utils.symbol_value("vm_event_states")
    for i in range(C.NR_VM_EVENT_ITEMS):
        total = sum(int(states[cpu]["event"][i]) for cpu in range(C.NR_CPUS))
        lines.append(f"{utils.c_string(names[i])} {total}")
    return lines


class MmBuddyinfo(utils.MmCommand):
    """Free blocks per order in each zone: mm-buddyinfo

The kernel's /proc/buddyinfo format (the shell's `frag` prints the same
lines): one line per populated zone, the number of free blocks of order 0,
1, ... MAX_ORDER, read from zone->free_area[order].nr_free."""

    def __init__(self):
        super().__init__("mm-buddyinfo")

    def run(self, arg):
        utils.parse_args(arg, 0, 0, "mm-buddyinfo")
        for line in buddyinfo_lines():
            gdb.write(line + "\n")


class MmPagetypeinfo(utils.MmCommand):
    """Free blocks per order and migratetype: mm-pagetypeinfo

The kernel's /proc/pagetypeinfo format: free_area[order].nr_free_mt[type]
for every zone and migratetype, then how many pageblocks of each zone have
each migratetype (from zone->pageblock_flags)."""

    def __init__(self):
        super().__init__("mm-pagetypeinfo")

    def run(self, arg):
        utils.parse_args(arg, 0, 0, "mm-pagetypeinfo")
        for line in pagetypeinfo_lines():
            gdb.write(line + "\n")


class MmVmstat(utils.MmCommand):
    """The VM counters: mm-vmstat

The kernel's /proc/vmstat format, "name value" per line: zone counters
(zone->vm_stat, summed over zones) then events (vm_event_states[cpu],
summed over CPUs), named as vm_event_names[] names them."""

    def __init__(self):
        super().__init__("mm-vmstat")

    def run(self, arg):
        utils.parse_args(arg, 0, 0, "mm-vmstat")
        for line in vmstat_lines():
            gdb.write(line + "\n")


MmBuddyinfo()
MmPagetypeinfo()
MmVmstat()
