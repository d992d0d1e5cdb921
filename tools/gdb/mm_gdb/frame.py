"""Physical frames: the bytes of a page frame by pfn, read through the
direct map or QEMU's physical-memory mode; the mm-frame command."""
import gdb

from mm_gdb.constants import C
from mm_gdb import page as pg
from mm_gdb import utils

DEFAULT_BYTES = 64


def read_frame(pfn, size=C.PAGE_SIZE, mode=None):
    """The first @size bytes of frame @pfn."""
    if not 0 < size <= C.PAGE_SIZE:
        raise gdb.GdbError(f"BYTES must be 1..{C.PAGE_SIZE}")
    return utils.read_phys(pfn << C.PAGE_SHIFT, size, mode)


def hexdump(data, base):
    """Lines of 16 bytes: physical address, hex bytes, printable text."""
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hexes = " ".join(f"{b:02x}" for b in chunk)
        text = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
        lines.append(f"{base + off:#014x}: {hexes:<47s}  |{text}|")
    return lines


class MmFrame(utils.MmCommand):
    """Dump the start of a physical page frame: mm-frame [-q] PFN [BYTES]

Prints BYTES (default 64, at most a page) of frame PFN as a hexdump with
physical addresses. PFN may also be a struct page * or a virtual address,
as for mm-page. The bytes are read through the kernel's direct map
(phys + DIRECT_MAP_START); with -q, or `set mm-phys-mode qemu`, through
QEMU's physical-memory mode instead, which needs no kernel mapping.

Examples:
  mm-frame 0x1234
  mm-frame -q $page_to_pfn(dst) 32"""

    def __init__(self):
        super().__init__("mm-frame")

    def run(self, arg):
        argv = gdb.string_to_argv(arg)
        mode = None
        if argv and argv[0] == "-q":
            mode = "qemu"
            argv = argv[1:]
        if not 1 <= len(argv) <= 2:
            raise gdb.GdbError("usage: mm-frame [-q] PFN [BYTES]")
        pfn = pg.page_from_value(gdb.parse_and_eval(argv[0]))
        size = utils.eval_int(argv[1]) if len(argv) == 2 else DEFAULT_BYTES
        data = read_frame(pfn, size, mode)
        gdb.write(f"frame pfn {pfn:#x} (phys {pfn << C.PAGE_SHIFT:#x}), "
                  f"{size} bytes via {mode or utils.phys_mode.value}:\n")
        for line in hexdump(data, pfn << C.PAGE_SHIFT):
            gdb.write(line + "\n")


MmFrame()
