"""The per-CPU session of tests/suites/70_gdb.py, on a guest with more than
one CPU. gdb -batch runs it against QEMU's gdbstub as it runs
migrate-check.py:

    gdb -batch -nx -ex 'file build/kernel.elf' \
        -ex 'set architecture i386:x86-64' \
        -ex 'source tools/gdb/mm-gdb.py' -ex 'target remote SOCKET' \
        -x tools/gdb/pcp-check.py

It stops once with the shell idle (shell_exec() on an empty line), right
after the suite has run the shell's `zoneinfo`, saves what `info threads`
and mm-pcp print to $MM_GDB_OUT (default: the current directory) as
threads.txt and pcp.txt for the suite to compare, and detaches. gdb exits
with status 1 if the stop or a command fails."""
import os

import gdb

OUT = os.environ.get("MM_GDB_OUT", ".")


def save(name, cmd):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(gdb.execute(cmd, to_string=True))


try:
    idle = gdb.Breakpoint("shell_exec", type=gdb.BP_HARDWARE_BREAKPOINT)
    idle.condition = "line[0] == 0"
    gdb.execute("continue")
    if idle.hit_count != 1:
        raise gdb.GdbError("the guest did not stop in shell_exec()")
    save("threads.txt", "info threads")
    save("pcp.txt", "mm-pcp")
    idle.delete()
except gdb.error as e:
    gdb.write(f"pcp-check: FAILED: {e}\n")
    gdb.execute("quit 1")
gdb.execute("detach")
