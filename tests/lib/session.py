"""Scripted shell sessions on top of lib.qemu: run a command, check that it
worked (or that it was refused properly), and fail with the tail of the log.

    with Session(mem="256M") as s:
        out = s.ok("frag")                 # raises SessionError on "error:"
        s.refused("compact order 11", "order must be")
        s.vm.halt()

Run as a script it boots, runs the commands given, halts and saves the whole
console log (what `make demo` does):

    python3 tests/lib/session.py --mem 256M --log build/demo.log \\
        "mkfrag random 90" frag compact frag stats
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from lib.qemu import EXIT_SUCCESS, PROMPT, Qemu, QemuError  # noqa: E402

ERROR_LINE = re.compile(r"^error: .+$", re.M)
USAGE_LINE = re.compile(r"^usage: .+$", re.M)


class SessionError(QemuError):
    """A command did not answer as expected; carries the log tail."""


class Session:
    def __init__(self, timeout=120, **qemu_kw):
        self.vm = Qemu(timeout=timeout, **qemu_kw)
        self.started = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.vm.close()

    def start(self):
        if not self.started:
            self.vm.wait_prompt()
            self.started = True
        return self

    def fail(self, msg):
        raise SessionError(msg, self.vm.text)

    def run(self, line, timeout=None):
        """Send one command line; its output, once the prompt is back."""
        self.start()
        return self.vm.cmd(line, timeout)

    def ok(self, line, timeout=None, expect=None):
        """Run @line; it must print no error line (and match @expect, a
        regex, if given). Returns the output."""
        out = self.run(line, timeout)
        err = ERROR_LINE.search(out)
        if err:
            self.fail(f"{line!r} failed: {err.group(0)}")
        if expect and not re.search(expect, out, re.M):
            self.fail(f"{line!r}: no match for {expect!r} in:\n{out}")
        return out

    def refused(self, line, needle=None, usage=True):
        """Run @line; it must print exactly one error line (containing
        @needle), then the usage line if @usage. Returns the output."""
        out = self.run(line)
        errors = ERROR_LINE.findall(out)
        if len(errors) != 1:
            self.fail(f"{line!r}: {len(errors)} error lines, expected 1:"
                      f"\n{out}")
        if needle and needle not in errors[0]:
            self.fail(f"{line!r}: error line lacks {needle!r}: {errors[0]}")
        if usage and not USAGE_LINE.search(out):
            self.fail(f"{line!r}: no usage line after the error:\n{out}")
        return out

    def raw_since(self, pos):
        """The raw bytes the console printed since byte offset @pos."""
        return self.vm.raw[pos:]


def main(argv):
    ap = argparse.ArgumentParser(description="Boot, run shell commands, "
                                 "halt, and save the console log.")
    ap.add_argument("commands", nargs="+", help="command lines to run")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--cmdline", default=None, help="kernel parameters")
    ap.add_argument("--log", required=True, help="where to save the log")
    ap.add_argument("--timeout", type=int, default=300,
                    help="seconds allowed for each command")
    args = ap.parse_args(argv[1:])
    status, err = None, None
    with Session(mem=args.mem, cmdline=args.cmdline,
                 timeout=args.timeout) as s:
        try:
            for line in args.commands:
                print(f"{PROMPT}{line}", flush=True)
                s.ok(line)
            status = s.vm.halt()
        except QemuError as e:
            err = e
        with open(args.log, "w", encoding="utf-8") as f:
            f.write(s.vm.text)
    if err:
        print(f"session: {err}", file=sys.stderr)
        return 1
    if status != EXIT_SUCCESS:
        print(f"session: QEMU exited with status {status}, expected "
              f"{EXIT_SUCCESS}", file=sys.stderr)
        return 1
    print(f"session: log saved in {args.log}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
