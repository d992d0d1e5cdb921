"""The CMA areas (mm/cma.c): mm-cma, read from cma_areas[] and each area's
allocation bitmap, in the shell's `cma` format."""
import gdb

from mm_gdb import utils
from mm_gdb.constants import C


def size_text(pages):
    """"64M"-style, as the shell's format_size() prints sizes."""
    n, units = pages << (C.PAGE_SHIFT - 10), "KMGT"
    u = 0
    while u + 1 < len(units) and n and n % 1024 == 0:
        n //= 1024
        u += 1
    return f"{n}{units[u]}"


def bitmap_weight(addr, bits):
    """Set bits among the first @bits of the bitmap at @addr."""
    data = utils.read_virt(addr, (bits + 63) // 64 * 8)
    ones = sum(bin(b).count("1") for b in data[:bits // 8])
    if bits % 8:
        ones += bin(data[bits // 8] & ((1 << (bits % 8)) - 1)).count("1")
    return ones


def cma_lines():
    """One line per area, then its counters, as `cma` prints them, and a
    line comparing the bitmap with nr_used_pages."""
    count = utils.to_int(utils.symbol_value("cma_area_count"))
    areas = utils.symbol_value("cma_areas")
    reasons = utils.symbol_value("contig_reason_names")
    if not count:
        return ["cma: no areas (boot with cma=SIZE[@BASE])"]
    lines = [f"{'area':<10s} {'base':<12s} {'size':>6s} {'used':>6s} "
             f"{'allocs':>6s} {'fails':>6s}  last failure"]
    for i in range(count):
        a = areas[i]
        name = a["name"].string(errors="replace")
        base, pages = int(a["base_pfn"]), int(a["count"])
        used, fails = int(a["nr_used_pages"]), int(a["nr_fails"])
        last = "-"
        if fails:
            why = utils.c_string(reasons[int(a["last_fail_reason"])])
            last = f"pfn {int(a['last_fail_pfn']):#x} {why}"
        lines.append(f"{name:<10s} {base << C.PAGE_SHIFT:<#12x} "
                     f"{size_text(pages):>6s} {size_text(used):>6s} "
                     f"{int(a['nr_allocs']):6d} {fails:6d}  {last}")
        lines.append(f"{'':10s} alloc_pages_success "
                     f"{int(a['alloc_pages_success'])} alloc_pages_fail "
                     f"{int(a['alloc_pages_fail'])}")
        bits = bitmap_weight(utils.to_int(a["bitmap"]), pages)
        lines.append(f"{'':10s} bitmap: {bits} of {pages} bits set"
                     f"{'' if bits == used else ' (nr_used_pages differs!)'}")
    return lines


class MmCma(utils.MmCommand):
    """The CMA areas: mm-cma

For each area of cma_areas[]: its name, base address, size, pages in use,
allocations, failed cma_alloc() calls with the last one's pfn and reason,
Linux's alloc_pages_success / alloc_pages_fail, and the number of bits set
in its allocation bitmap (which should equal the pages in use)."""

    def __init__(self):
        super().__init__("mm-cma")

    def run(self, arg):
        utils.parse_args(arg, 0, 0, "mm-cma")
        for line in cma_lines():
            gdb.write(line + "\n")


MmCma()
