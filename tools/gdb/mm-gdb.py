"""Load the memory manager's GDB helpers into gdb:

    (gdb) file build/kernel.elf
    (gdb) source tools/gdb/mm-gdb.py

`make debug` does this for you. Load the kernel first: the helpers find
their generated constants next to it (build/gdb/mm_constants.py)."""
import os
import sys

import gdb

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import mm_gdb  # noqa: E402

try:
    _problems = mm_gdb.load()
except gdb.GdbError as e:
    gdb.write(f"mm-gdb: not loaded: {e}\n", gdb.STDERR)
else:
    for _p in _problems:
        gdb.write(f"mm-gdb: warning: stale constants ({_p}); run make\n",
                  gdb.STDERR)
    gdb.write(f"mm-gdb: {', '.join(mm_gdb.COMMANDS)}; functions "
              f"{', '.join(mm_gdb.FUNCTIONS)} (help CMD for each)\n")
