"""Piped input: a whole script written to QEMU's stdin before the machine
has printed anything must reach the shell intact, every command run in
order. GRUB reads only the keyboard (iso/boot/grub/grub.cfg), and the kernel
keeps what the UART holds when it starts (arch/x86_64/serial.c). Two runs:
QEMU directly, with a script longer than every buffer on the way, and
`make run` fed as the README shows."""
import re
import subprocess

from lib.qemu import ANSI, EXIT_SUCCESS, ISO, Qemu, QemuError
from lib.result import Result

SUITE = "piped"
TIMEOUT = 180

# (command, regex its output must match before the next prompt)
SCRIPT = [
    # An arrow-key sequence longer than 16 bytes is swallowed whole.
    ("\x1b[" + "1;" * 20 + "1C" + "mem", r"Memory: \d+K/\d+K available"),
    ("mkfrag random 90", r"mkfrag: random: mapped \d+ pages"),
    ("compact", r"isolated \d+, migrated \d+, failed \d+"),
    ("verify", r"verify: \d+ pages, 0 mismatches"),
    ("stats", r"nr_free_pages \d+"),
    ("release", r"release: freed \d+ pages"),
]
# Enough "help NAME" lines that the script outgrows the UART FIFO, the
# serial ring (1 KiB) and the shell's own type-ahead buffer before the
# shell reads its first byte.
FILLER = [(f"help {c}", rf"usage: {c}\b")
          for c in ["mem", "frag", "stats", "verify", "compact"] * 40]


def clean(raw):
    text = raw.decode("utf-8", errors="replace")
    return ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def check_transcript(text, script):
    """Each command echoed at a prompt, in order, with its output before
    the next prompt; returns the problems found."""
    problems = []
    parts = text.split("mm> ")[1:]  # everything after each prompt
    if len(parts) < len(script):
        return [f"{len(parts)} prompts for {len(script)} commands"]
    for i, (line, want) in enumerate(script):
        echo, _, out = parts[i].partition("\n")
        line = ANSI.sub("", line)  # what the shell echoes
        if echo.strip() != line:
            problems.append(f"prompt {i + 1}: echoed {echo!r}, sent {line!r}")
        elif not re.search(want, out):
            problems.append(f"{line!r}: output lacks /{want}/: {out[:300]!r}")
        if "error:" in out:
            problems.append(f"{line!r}: {out.strip()[:300]!r}")
    return problems


def qemu_direct():
    """The script goes in before QEMU starts printing."""
    name = "a script written before the first output runs every command"
    script = SCRIPT[:1] + FILLER + SCRIPT[1:] + [("halt", "System halted")]
    data = "".join(line + "\n" for line, _ in script).encode()
    args = ["qemu-system-x86_64", "-m", "256M", "-display", "none",
            "-serial", "stdio", "-no-reboot", "-nic", "none", "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04", "-cdrom", ISO]
    try:
        p = subprocess.run(args, input=data, capture_output=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return Result(name, False, "timed out\n" + clean(e.stdout or b"")[-3000:])
    text = clean(p.stdout)
    problems = check_transcript(text, script)
    if p.returncode != EXIT_SUCCESS:
        problems.append(f"exit status {p.returncode}, expected {EXIT_SUCCESS}")
    return Result(f"{name} ({len(data)} bytes, {len(script)} commands)",
                  not problems, "\n".join(problems) + "\n" + text[-3000:])


def make_run(ctx):
    """`printf '...' | make run`, exactly as a student types it."""
    name = "printf 'mkfrag random 90\\ncompact\\nverify\\nstats\\nhalt\\n' | make run"
    script = [SCRIPT[1], SCRIPT[2], SCRIPT[3], SCRIPT[4],
              ("halt", "System halted")]
    shell = ("printf 'mkfrag random 90\\ncompact\\nverify\\nstats\\nhalt\\n'"
             f" | timeout {TIMEOUT} make -s run")
    try:
        p = subprocess.run(["sh", "-c", shell], capture_output=True,
                           cwd=ctx.root, timeout=TIMEOUT + 30)
    except subprocess.TimeoutExpired as e:
        return Result(name, False, "timed out\n" + clean(e.stdout or b"")[-3000:])
    text = clean(p.stdout)
    problems = check_transcript(text, script)
    # make run prints this line for any status but 33 (halt) or 0.
    if p.returncode != 0 or "qemu exited with status" in text:
        problems.append(f"make run exit status {p.returncode}")
    return Result(name, not problems, "\n".join(problems) + "\n" +
                  text[-3000:] + clean(p.stderr)[-1000:])


def long_command_line():
    """A fw_cfg command line past the 4095 bytes the kernel keeps: the cut
    is reported at a word boundary, the log line that echoes it is cut with
    its newline kept, and mem=0 is refused, not taken as "no limit"."""
    name = "a 4.6 KB command line is cut with a message; mem=0 refused"
    cmdline = "mem=0 " + "loglevel=6 " * 420
    with Qemu(cmdline=cmdline.strip(), timeout=120) as vm:
        try:
            vm.wait_prompt()
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
    text = vm.text
    problems = [f"missing {n!r}" for n in [
        "Kernel command line too long: fw_cfg's opt/cmdline is 4625 bytes,"
        " 4086 fit", 'ignored from " loglevel',
        'Bad value for kernel parameter "mem": "0" (expected size above 0)',
        " [...]\nKernel command line too long"] if n not in text]
    if status != EXIT_SUCCESS:
        problems.append(f"exit status {status}")
    return Result(name, not problems, "\n".join(problems) + "\n" +
                  text[-3000:])


def run(ctx):
    yield long_command_line()
    yield qemu_direct()
    yield make_run(ctx)
