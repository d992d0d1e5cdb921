"""Bad input and fatal errors: each ends with a clear message and, where the
kernel cannot go on, a failure exit (35), never a hang or a clean exit."""
from lib.qemu import EXIT_FAILURE, EXIT_SUCCESS, Qemu, QemuError, \
    run_to_exit
from lib.result import Result

SUITE = "faults"


def expect_exit(name, status, text, code, needles):
    problems = [f"missing {n!r}" for n in needles if n not in text]
    if status != code:
        problems.append(f"exit status {status}, expected {code}")
    return Result(name, not problems, "\n".join(problems) + "\n" + text[-2500:])


def crash(kind, needles):
    with Qemu() as vm:
        try:
            vm.wait_prompt()
            vm.send(f"crash {kind}\r")
            status = vm.wait_exit()
        except QemuError as e:
            return Result(f"crash {kind} reports and fails", False, str(e))
        return expect_exit(f"crash {kind} reports and fails", status,
                           vm.text, EXIT_FAILURE, needles)


def too_little_memory():
    status, text = run_to_exit(cmdline="mem=6M")
    return expect_exit("mem=6M: clear panic naming the requirement", status,
                       text, EXIT_FAILURE,
                       ["requires at least 8 MiB of free RAM",
                        "Kernel panic - not syncing"])


def no_long_mode():
    name = "32-bit CPU: message on COM1, then halted"
    with Qemu(extra=["-cpu", "qemu32"], timeout=30) as vm:
        try:
            vm.expect("cannot run a 64-bit kernel")
        except QemuError as e:
            return Result(name, False, str(e))
        alive = vm.proc.poll() is None
        return Result(name, alive, "QEMU exited instead of halting")


def bad_parameters():
    name = "unknown and malformed parameters are reported and ignored"
    with Qemu(cmdline="bogusparam loglevel=99 mem=12Q") as vm:
        try:
            vm.wait_prompt()
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
        return expect_exit(name, status, vm.text, EXIT_SUCCESS, [
            'Unknown kernel command line parameter "bogusparam"',
            'Bad value for kernel parameter "loglevel": "99"',
            'Bad value for kernel parameter "mem": "12Q"'])


def grub_selftest_entry():
    """The second GRUB menu entry runs the self-tests. GRUB reads only the
    keyboard; grub.cfg makes that entry the default when QEMU's SMBIOS
    product name says so."""
    name = "GRUB's second menu entry boots selftest"
    smbios = ["-smbios", "type=1,product=mm-kernel-selftest"]
    # The whole self-test run: 20-40 s on a quiet host, far more on a busy one.
    with Qemu(timeout=300, extra=smbios) as vm:
        try:
            status = vm.wait_exit()
        except QemuError as e:
            return Result(name, False, str(e))
        return expect_exit(name, status, vm.text, EXIT_SUCCESS,
                           ['command line "selftest"', "KTAP version 1",
                            " passed, 0 failed"])


def run(ctx):
    yield too_little_memory()
    yield crash("null", ["page fault", "CR2: 0x0000000000000000",
                         "near NULL", "Call Trace", "crash_null",
                         "cmd_crash", "RAX:", "R15:"])
    yield crash("ud", ["invalid opcode", "crash_invalid_opcode"])
    yield crash("divide", ["divide error", "crash_divide"])
    yield crash("panic", ["Kernel panic - not syncing: crash command",
                          "Call Trace"])
    yield no_long_mode()
    yield bad_parameters()
    yield grub_selftest_entry()
