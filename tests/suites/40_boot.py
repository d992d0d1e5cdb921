"""QEMU boot tests: the ISO boots to the shell prompt at several memory
sizes, on both machine types and under UEFI, prints a consistent zone
summary, and halts with status 33 (and only 33)."""
import re

from lib.qemu import EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "boot"

# (memory, machine, uefi, zones that must be populated)
CONFIGS = [
    ("32M", None, False, ["DMA", "DMA32"]),
    ("128M", None, False, ["DMA", "DMA32"]),
    ("1G", None, False, ["DMA", "DMA32"]),
    ("6G", None, False, ["DMA", "DMA32", "Normal"]),
    ("32M", "q35", False, ["DMA", "DMA32"]),
    ("128M", "q35", False, ["DMA", "DMA32"]),
    ("1G", "q35", False, ["DMA", "DMA32"]),
    ("6G", "q35", False, ["DMA", "DMA32", "Normal"]),
    ("256M", None, True, ["DMA", "DMA32"]),
]

# movablecore= takes ZONE_MOVABLE from the top of the highest zone.
MOVABLE_CONFIGS = [
    ("1G", "movablecore=256M", ["DMA", "DMA32", "Movable"]),
    ("6G", "movablecore=1G", ["DMA", "DMA32", "Normal", "Movable"]),
]

ZONE_LINE = re.compile(
    r"^(DMA|DMA32|Normal|Movable)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", re.M)
MEMORY_LINE = re.compile(r"^Memory: (\d+)K/(\d+)K available", re.M)


def check_summary(out, want_zones, mem):
    """Return a list of problems with the `mem` output."""
    problems = []
    zones = {m.group(1): tuple(int(x) for x in m.groups()[1:])
             for m in ZONE_LINE.finditer(out)}
    if sorted(zones) != sorted(want_zones):
        problems.append(f"populated zones {sorted(zones)}, "
                        f"expected {sorted(want_zones)}")
    for name, (start, spanned, present, managed) in zones.items():
        if not managed <= present <= spanned:
            problems.append(f"{name}: managed {managed} <= present "
                            f"{present} <= spanned {spanned} is false")
    if "Normal" in zones and zones["Normal"][0] != 1 << 20:
        problems.append(f"Normal starts at pfn {zones['Normal'][0]}, "
                        "not at 4 GiB")
    m = MEMORY_LINE.search(out)
    if not m:
        problems.append("no 'Memory:' line")
    else:
        total_kib = int(m.group(2))
        ram_kib = int(mem[:-1]) << (20 if mem[-1] == "G" else 10)
        if not 0.9 * ram_kib <= total_kib <= ram_kib:
            problems.append(f"present {total_kib}K is not ~{ram_kib}K")
    return problems


def boot_one(mem, machine, uefi, want_zones, cmdline=None):
    name = f"{mem} {machine or 'pc'}{' UEFI' if uefi else ''}" + \
        (f" {cmdline}" if cmdline else "")
    timeout = 90 if uefi else 60
    with Qemu(mem=mem, machine=machine, uefi=uefi, cmdline=cmdline,
              timeout=timeout) as vm:
        try:
            vm.wait_prompt()
            problems = check_summary(vm.cmd("mem"), want_zones, mem)
            map_tag = "EFI memory map" if uefi else "BIOS-provided"
            if map_tag not in vm.text:
                problems.append(f"the boot log lacks '{map_tag}'")
            status = vm.halt()
            if status != EXIT_SUCCESS:
                problems.append(f"exit status {status}, expected 33")
        except QemuError as e:
            return Result(f"boots to the prompt and halts: {name}", False,
                          str(e))
        return Result(f"boots to the prompt and halts: {name}",
                      not problems, "\n".join(problems) + "\n" + vm.text[-2000:])


def run(ctx):
    for cfg in CONFIGS:
        yield boot_one(*cfg)
    for mem, cmdline, zones in MOVABLE_CONFIGS:
        yield boot_one(mem, None, False, zones, cmdline)
