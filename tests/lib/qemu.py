"""Boot the kernel in QEMU and talk to its serial console.

    with Qemu(mem="128M") as vm:
        vm.wait_prompt()
        out = vm.cmd("mem")
        status = vm.halt()          # 33 means the kernel exited cleanly

The console is QEMU's stdio (pipes). GRUB reads only the keyboard, so input
may be sent at any time (tests/suites/62_piped.py); most tests still wait
for the prompt, to tell one command's output from the next. A timeout raises
QemuError carrying the tail of the log, which the suites print on failure.

Every boot's output is searched for kernel warnings ("WARNING: file:line:"
lines: a broken locking rule, might_sleep() in atomic context, a WARN_ON)
when the boot ends; tests/run.py fails the suite for each one (take_warnings()).
"""
import codecs
import os
import re
import select
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ISO = os.path.join(ROOT, "build", "os.iso")
OVMF = "/usr/share/ovmf/OVMF.fd"
PROMPT = "mm> "
EXIT_SUCCESS = 33  # isa-debug-exit: (0x10 << 1) | 1
EXIT_FAILURE = 35  # (0x11 << 1) | 1
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# The kernel's WARN format, "WARNING: file:line: ..." (GRUB prints other
# "WARNING:" lines of its own under UEFI).
# A bad page report fails the boot too, unless a self-test provoked it on
# purpose (the kernel then adds "(expected by a self-test)").
WARNING_LINE = re.compile(r"^WARNING: [\w./-]+:\d+: .*$|"
                          r"^BUG: Bad page state: pfn:[0-9a-f]+$", re.M)
WARNING_CONTEXT = 20  # lines kept after a warning: its backtrace
MAX_WARNINGS = 20  # per boot

def _clean(s):
    return ANSI.sub("", s).replace("\r\n", "\n").replace("\r", "\n")


_warnings = []  # (boot description, warning and backtrace) not yet taken


def take_warnings():
    """The kernel warnings of the boots that ended since the last call."""
    taken = list(_warnings)
    _warnings.clear()
    return taken


class QemuError(Exception):
    def __init__(self, msg, log):
        super().__init__(f"{msg}\n--- last console output ---\n{log[-3000:]}")
        self.log = log


class Qemu:
    def __init__(self, mem="128M", machine=None, uefi=False, cmdline=None,
                 smp=1, extra=(), iso=ISO, timeout=60):
        args = ["qemu-system-x86_64", "-m", mem, "-smp", str(smp),
                "-display", "none", "-serial", "stdio", "-no-reboot",
                "-nic", "none", "-device",
                "isa-debug-exit,iobase=0xf4,iosize=0x04", "-cdrom", iso]
        if machine:
            args += ["-machine", machine]
        if uefi:
            args += ["-bios", OVMF]
        if cmdline:
            args += ["-fw_cfg", f"name=opt/cmdline,string={cmdline}"]
        args += list(extra)
        self.args = args
        self.timeout = timeout
        self.raw = bytearray()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._parts = []  # cleaned text, a piece per read, joined when read
        self._tail = ""  # decoded, not yet cleaned: a cut escape or a \r
        self.closed = False
        self.pos = 0  # how far expect() has consumed self.text
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)

    @property
    def text(self):
        """Everything printed so far, escapes removed, \\r\\n as \\n."""
        if len(self._parts) != 1:
            self._parts = ["".join(self._parts)]
        if self._tail:
            return self._parts[0] + _clean(self._tail)
        return self._parts[0]

    def _feed(self, data):
        """Clean what arrived, once: the text so far is kept, not redone
        on every read (which made long outputs cost quadratic time). An
        escape sequence or a \\r\\n cut by the read waits for the rest."""
        s = self._tail + self._decoder.decode(data)
        cut = len(s)
        esc = s.rfind("\x1b")
        if esc >= 0 and len(s) - esc < 16 and not ANSI.match(s, esc):
            cut = esc
        if s[:cut].endswith("\r"):
            cut -= 1
        self._tail = s[cut:]
        self._parts.append(_clean(s[:cut]))

    def _read(self, wait):
        """Read what is there within @wait seconds; False at end of file."""
        r, _, _ = select.select([self.proc.stdout], [], [], wait)
        if not r:
            return True
        data = os.read(self.proc.stdout.fileno(), 65536)
        self.raw += data
        self._feed(data)
        return bool(data)

    def expect(self, pattern, timeout=None):
        """Wait for @pattern (a string, or a compiled regex) after the
        previous match; return the match."""
        rx = re.compile(re.escape(pattern)) if isinstance(pattern, str) \
            else pattern
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            m = rx.search(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise QemuError(f"timed out waiting for {pattern!r}",
                                self.text)
            if not self._read(min(left, 0.5)):
                raise QemuError(f"QEMU exited (status {self.proc.poll()})"
                                f" while waiting for {pattern!r}", self.text)

    def wait_prompt(self, timeout=None):
        self.expect(PROMPT, timeout)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def cmd(self, line, timeout=None):
        """Run one shell command; return its output (without the echo)."""
        start = self.pos
        self.send(line + "\r")
        self.expect(PROMPT, timeout)
        out = self.text[start:self.pos - len(PROMPT)]
        first_nl = out.find("\n")
        return out[first_nl + 1:] if first_nl >= 0 else ""

    def wait_exit(self, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while self.proc.poll() is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QemuError("QEMU did not exit", self.text)
            self._read(min(left, 0.5))
        while self._read(0.2):  # the rest of the output, up to end of file
            pass
        return self.proc.returncode

    def halt(self, timeout=None):
        self.send("halt\r")
        return self.wait_exit(timeout)

    def boot_description(self):
        opts = " ".join(a for a in self.args[1:]
                        if not a.startswith(("isa-debug-exit", "-device")))
        return opts if len(opts) < 200 else opts[:200] + "..."

    def _collect_warnings(self):
        """Each warning with the WARNING_CONTEXT lines after it; past
        MAX_WARNINGS, only how many more there were (a broken kernel may
        print one per page)."""
        text = self.text
        found = list(WARNING_LINE.finditer(text))
        for m in found[:MAX_WARNINGS]:
            end = m.start()
            for _ in range(WARNING_CONTEXT):
                end = text.find("\n", end + 1)
                if end < 0:
                    end = len(text)
                    break
            _warnings.append((self.boot_description(), text[m.start():end]))
        if len(found) > MAX_WARNINGS:
            _warnings.append((self.boot_description(),
                              f"... and {len(found) - MAX_WARNINGS} more "
                              "warnings"))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        if not self.closed:
            self.closed = True
            self._collect_warnings()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_to_exit(timeout=120, **kw):
    """Boot with kw (see Qemu), wait for QEMU to exit; (status, text)."""
    with Qemu(timeout=timeout, **kw) as vm:
        try:
            status = vm.wait_exit()
        except QemuError as e:
            return None, e.log
        return status, vm.text
