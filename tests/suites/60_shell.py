"""The serial-console shell: every command with good and bad arguments, the
line discipline (editing keys, history, line ends, Ctrl-C), the report
formats checked against the kernel's own counters, and ten thousand bytes
of garbage on the serial line. Two boots: most checks share one 256 MiB
machine, which ends with `reboot`; a 6 GiB machine checks the scaled
pageblock map, then takes the garbage and must still answer `help` and
`halt`."""
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from lib import shellfmt
from lib.qemu import EXIT_SUCCESS, PROMPT, QemuError
from lib.result import Result
from lib.session import Session

SUITE = "shell"
WORKLOAD_BASE = 0x100000000

COMMANDS = ["help", "halt", "mem", "frag", "compact", "stats", "zoneinfo",
            "mkfrag", "verify", "release", "alloc", "free", "allocs", "page",
            "pte", "sleep", "selftest", "reboot", "bench", "kpool"]

# (command line, text the error line must hold, usage line expected)
BAD_INPUT = [
    ("nosuchcmd", "unknown command 'nosuchcmd'", False),
    (" ".join(["mem"] * 17), "too many words", False),
    ("help nosuch", "no command 'nosuch'", True),
    ("help mem frag", "at most 1 argument", True),
    ("halt now", "'halt' takes no arguments", True),
    ("reboot now", "'reboot' takes no arguments", True),
    ("mem x", "takes no arguments", True),
    ("stats x", "takes no arguments", True),
    ("allocs x", "takes no arguments", True),
    ("verify x", "takes no arguments", True),
    ("release x", "takes no arguments", True),
    ("zoneinfo nosuch", "no populated zone 'nosuch'", True),
    ("zoneinfo DMA DMA32", "at most 1 argument", True),
    ("frag nosuch", "no populated zone 'nosuch'", True),
    ("frag Normal", "no populated zone 'Normal'", True),
    ("frag DMA32 x", "at most 1 argument", True),
    ("compact nosuch", "no populated zone", True),
    ("compact order 11", "order must be a number from 1 to 10", True),
    ("compact order 99", "order must be a number from 1 to 10", True),
    ("compact order 0", "order must be", True),
    ("compact order x", "order must be", True),
    ("compact DMA32 order", "expected 'order N'", True),
    ("compact DMA32 foo 3", "expected 'order N'", True),
    ("compact DMA32 order 3 4", "at most 3 arguments", True),
    ("mkfrag", "needs at least 1 argument", True),
    ("mkfrag bogus", "unknown pattern 'bogus'", True),
    ("mkfrag random 0", "PERCENT must be", True),
    ("mkfrag random 101", "PERCENT must be", True),
    ("mkfrag random abc", "PERCENT must be", True),
    ("mkfrag random 5 6", "at most 2 arguments", True),
    ("alloc", "needs at least 1 argument", True),
    ("alloc 11", "ORDER must be a number from 0 to 10", True),
    ("alloc 99", "ORDER must be", True),
    ("alloc x", "ORDER must be", True),
    ("alloc -1", "ORDER must be", True),
    ("alloc 3M", "power of two", True),
    ("alloc 0 sticky", "unknown type 'sticky'", True),
    ("alloc 0 movable 0", "COUNT must be", True),
    ("alloc 0 movable x", "COUNT must be a size", True),
    ("alloc 0 movable 8G", "more than the memory", True),
    ("alloc 0 movable 99999999", "COUNT must be", True),
    ("alloc 0 movable 101%", "percentage", True),
    ("alloc 10 movable 4K", "less than one order-10 block", True),
    ("alloc 0 movable 1 2", "at most 3 arguments", True),
    ("free", "needs 1 argument", True),
    ("free 999", "no allocation with id 999", True),
    ("free 0", "ID must be", True),
    ("free x", "ID must be", True),
    ("free 1 2", "at most 1 argument", True),
    ("page", "needs 1 argument", True),
    ("page x", "PFN must be", True),
    ("page 0xffffffffff", "PFN must be", True),
    ("pte", "needs 1 argument", True),
    ("pte x", "VADDR must be", True),
    ("pte 0x800000000000", "not canonical", True),
    ("pte 0x100000000", "no workload", False),
    ("sleep", "needs 1 argument", True),
    ("sleep x", "SECONDS must be", True),
    ("sleep 99999", "SECONDS must be", True),
    ("sleep 1.2345", "SECONDS must be", True),
    ("sleep 1.", "SECONDS must be", True),
    ("selftest nosuch", "no test 'nosuch'", True),
    ("selftest a b", "at most 1 argument", True),
    ("crash bogus", "unknown kind of crash", True),
    # The argument quoted back as typed, not as parsed.
    ("mkfrag random 50%%", "not '50%%'", True),
    ("bench bogus", "unknown benchmark 'bogus' (alloc, antifrag", True),
    ("bench alloc x", "only 'bench compact PATTERN' and 'bench contig random' take an argument", True),
    ("bench compact bogus", "unknown pattern 'bogus' (alternate", True),
    ("kpool", "needs at least 1 argument", True),
    ("kpool fill", "needs a COUNT", True),
    ("kpool fill 0", "COUNT must be", True),
    ("kpool fill 5 9999", "SIZE must be a number from 32 to 3072", True),
    ("kpool bogus", "unknown kpool command 'bogus'", True),
    ("kpool free x", "takes only 'all'", True),
]


class Checks:
    """Runs named checks on one machine; once it is gone, the rest fail
    at once instead of each waiting for a timeout."""

    def __init__(self, session):
        self.s = session
        self.dead = None

    def run(self, name, fn, *args):
        if self.dead:
            return Result(name, False, f"not run: {self.dead}")
        try:
            fn(self.s, *args)
        except QemuError as e:
            if self.s.vm.proc.poll() is not None:
                self.dead = f"QEMU exited during '{name}'"
            return Result(name, False, str(e))
        except AssertionError as e:
            return Result(name, False, f"{e}\n--- log tail ---\n"
                          f"{self.s.vm.text[-2500:]}")
        return Result(name, True)


# --- commands ------------------------------------------------------------------


def help_lists_commands(s):
    out = s.ok("help")
    names = re.findall(r"^  (\S+)\s+\S.*$", out, re.M)
    missing = [c for c in COMMANDS if c not in names]
    assert not missing, f"help lacks {missing}:\n{out}"
    for name in names:
        usage = s.ok(f"help {name}")
        assert re.match(rf"usage: {re.escape(name)}\b", usage), \
            f"help {name}:\n{usage}"


def bad_input(s, line, needle, usage):
    s.refused(line, needle, usage)
    s.ok("uptime", expect=r"^uptime ")


def nothing_half_done(s):
    """The refused lines above left no trace: no allocation, no workload,
    and the machine still runs."""
    s.ok("allocs", expect=r"^no allocations")
    s.ok("verify", expect=r"^verify: 0 pages, 0 mismatches$")


def formats_agree(s, label):
    """`frag`, `stats` and `zoneinfo` agree with each other (retried: a
    background thread may allocate between two commands)."""
    problems = []
    for _ in range(3):
        frag = s.ok("frag")
        problems = shellfmt.check_frag(frag, s.ok("stats"),
                                       s.ok("zoneinfo"))
        if not problems:
            return
    raise AssertionError(f"{label}:\n" + "\n".join(problems))


def alloc_free_cycle(s):
    out = s.ok("alloc 3 unmovable 4",
               expect=r"^alloc: id (\d+): 4 order-3 unmovable blocks")
    aid, pfn = re.search(r"id (\d+):.*first at pfn (0x[0-9a-f]+)",
                         out).groups()
    listing = s.ok("allocs")
    assert re.search(rf"^\s+{aid}\s+3 unmovable\s+4\s+32\s+{pfn}$",
                     listing, re.M), listing
    page = s.ok(f"page {pfn}", expect=r"refcount 1,")
    assert "a kernel allocation (order 3)" in page, page
    assert "Unmovable" in page, page
    s.ok(f"free {aid}", expect=rf"^free: id {aid}: freed 32 pages$")
    s.refused(f"free {aid}", "no allocation with id")
    s.ok("alloc 2M movable 2", expect=r"2 order-9 movable blocks")
    s.ok("alloc 0 reclaimable 1M", expect=r"256 order-0 reclaimable blocks")
    s.ok("alloc 1 movable 1%", expect=r"order-1 movable blocks")
    s.ok("allocs", expect=r"^3 allocations, ")
    s.ok("free all", expect=r"^free: freed 3 allocations")
    s.ok("allocs", expect=r"^no allocations")


def first_mapped_page(s):
    """(address, pfn, pte output) of the first live workload page."""
    for i in range(16):
        va = WORKLOAD_BASE + i * 4096
        out = s.ok(f"pte {va:#x}")
        m = re.search(r"-> phys 0x[0-9a-f]+ \(pfn (0x[0-9a-f]+)\)", out)
        if m:
            return va, m.group(1), out
    raise AssertionError(f"none of the first 16 workload pages mapped:\n"
                         f"{out}")


def check_pte(out):
    levels = re.findall(r"^  (PML4|PDPT|PD|PT)\s*\[\s*\d+\] = 0x[0-9a-f]{16}"
                        r" P RW US ", out, re.M)
    assert levels == ["PML4", "PDPT", "PD", "PT"], out


def workload_flow(s):
    out = s.ok("mkfrag random 90", timeout=180,
               expect=r"^mkfrag: random: mapped \d+ pages")
    left = int(re.search(r"(\d+) left", out).group(1))
    s.ok("verify", expect=rf"^verify: {left} pages, 0 mismatches$")
    va, pfn, out = first_mapped_page(s)
    check_pte(out)
    page = s.ok(f"page {pfn}", expect=r"an anonymous user page")
    assert f"mapped at {va:#x} in mm 'workload'" in page, page
    formats_agree(s, "after mkfrag")
    out = s.ok("compact", timeout=180)
    before, after = map(int, re.search(
        r"free 2 MiB blocks: (\d+) before, (\d+) after", out).groups())
    migrated = int(re.search(r"migrated (\d+), failed", out).group(1))
    assert after > before and migrated > 0, out
    compact_counts_agree(out)
    stats, _ = shellfmt.parse_stats(s.ok("stats"))
    assert stats["pgmigrate_success"] >= migrated, stats
    s.ok("verify", expect=rf"^verify: {left} pages, 0 mismatches$")
    _, pfn, out = first_mapped_page(s)
    check_pte(out)
    page = s.ok(f"page {pfn}")
    assert f"mapped at {va:#x} in mm 'workload'" in page, page
    s.ok("compact DMA32 order 9", expect=r"^  DMA32 ")
    s.ok("release", expect=rf"^release: freed {left} pages$")


def compact_counts_agree(out):
    """Every isolated page is migrated, failed or put back, and said so."""
    isolated, migrated, failed, put_back = map(int, re.search(
        r"isolated (\d+), migrated (\d+), failed (\d+), put back untried "
        r"(\d+),", out).groups())
    assert isolated == migrated + failed + put_back, out


def bench_refuses_beside_a_workload(s):
    """A benchmark that builds its own workload names the one in the way
    and how to release it, in words (no raw error codes)."""
    s.ok("mkfrag sparse 5", expect=r"^mkfrag: sparse: mapped")
    for bench in ("churn", "antifrag", "compact random", "compact"):
        out = s.run(f"bench {bench}")
        assert re.search(r"^error: a workload exists already \(from mkfrag"
                         r"\); 'release' it first$", out, re.M), out
        assert not re.search(r"\(-\d+\)", out), out
    s.ok("release", expect=r"^release: freed \d+ pages$")


def proactiveness_words(s):
    """Proactiveness 0 is said to turn proactive compaction off, here and
    in `kcompactd status`, with no score marks that mean nothing."""
    out = s.ok("proactiveness 0",
               expect=r"^proactiveness 0: proactive compaction off$")
    out = s.ok("kcompactd status")
    assert re.search(r"proactiveness 0: proactive compaction off$", out,
                     re.M) and "above score" not in out, out
    s.ok("proactiveness 20", expect=r"^proactiveness 20: kcompactd "
         r"compacts above score \d+, down to \d+$")


def bench_compact_default_pattern(s):
    """`bench compact` alone runs the random pattern; its capable-free
    figure is named for what it is, and the workload is gone after."""
    out = s.ok("bench compact", timeout=300,
               expect=r"^bench compact pattern=random free_pages=\d+ "
               r"blocks_before=\d+ blocks_after=\d+ "
               r"blocks_capable_free=\d+ ")
    assert "mismatches=0" in out, out
    s.ok("verify", expect=r"^verify: 0 pages, 0 mismatches$")


def progress_counts_every_second(s):
    """A command that runs for seconds (a 6 GiB workload takes several)
    says so once a second: "still running" lines count 1, 2, 3 ...
    without a gap."""
    out = s.ok("mkfrag random 30", timeout=300,
               expect=r"^mkfrag: random: mapped \d+ pages")
    secs = [int(n) for n in
            re.findall(r"^  mkfrag: still running, (\d+) s$", out, re.M)]
    assert len(secs) >= 2, f"too few progress lines:\n{out}"
    assert secs == list(range(1, len(secs) + 1)), secs
    s.ok("release", expect=r"^release: freed \d+ pages$")


def page_states(s):
    s.ok("page 0", expect=r"^  state: reserved")
    out = s.ok("page 0x5000")
    assert re.search(r"^  state: free|^  state: in use", out, re.M), out
    assert re.search(r"^  pageblock pfn 0x5000-0x51ff: \w+", out, re.M), out


def kpool_cycle(s):
    """Objects in the movable pool survive a compaction of a fragmented
    machine; `page` names the owner of a pool page."""
    out = s.ok("kpool fill 3000", timeout=120)
    pfn = re.search(r"object 0 is on pfn (0x[0-9a-f]+)", out)
    assert pfn and "3000 objects allocated" in out, out
    s.ok(f"page {pfn.group(1)}",
         expect=r"a movable kernel page owned by kpool$")
    s.ok("kpool free", expect=r"^kpool free: 1500 objects freed, 1500 left$")
    s.ok("mkfrag random 80", timeout=300)
    s.ok("compact", timeout=300)
    s.ok("kpool verify", expect=r"^kpool verify: 1500 objects, 0 mismatches$")
    st = s.ok("kpool stats")
    assert re.search(r"^kpool: pages \d+, objects 1500 ", st, re.M), st
    s.ok("release")
    s.ok("kpool free all", expect=r"^kpool free: 1500 objects freed, 0 left$")
    s.ok("kpool stats", expect=r"^kpool: pages 0, objects 0 ")


def selftest_one(s):
    names = re.findall(r"^  (\w+)$", s.ok("selftest list"), re.M)
    assert names, "selftest list printed no names"
    name = "boot_zones_consistent" if "boot_zones_consistent" in names \
        else names[0]
    s.ok(f"selftest {name}", timeout=180, expect=rf"^ok 1 {name}$")


def sleep_and_ctrl_c(s):
    t0 = time.monotonic()
    s.ok("sleep 0.5")
    assert time.monotonic() - t0 >= 0.4, "sleep 0.5 returned early"
    s.vm.send("sleep 30\r")
    s.vm.expect("sleep 30\n")
    time.sleep(0.5)
    t0 = time.monotonic()
    s.vm.send("\x03")
    s.vm.expect("sleep: interrupted", timeout=10)
    s.vm.wait_prompt()
    assert time.monotonic() - t0 < 5, "Ctrl-C took more than 5 s"


# --- line discipline -------------------------------------------------------------


def echo_of(s, keys):
    """Send @keys and Enter; (what the terminal showed on the input line,
    as raw bytes, and the command's output)."""
    start = len(s.vm.raw)
    out = s.run(keys)
    raw = s.vm.raw[start:]
    return raw.split(b"\r\n", 1)[0], out


def editing_keys(s):
    _, out = echo_of(s, "uptimX\x7fe")
    assert out.startswith("uptime "), f"DEL: {out!r}"
    _, out = echo_of(s, "mem\b\b\buptime")
    assert out.startswith("uptime "), f"backspace: {out!r}"
    _, out = echo_of(s, "some words\x15uptime")
    assert out.startswith("uptime "), f"Ctrl-U: {out!r}"
    _, out = echo_of(s, "help\tmem")
    assert out.startswith("usage: mem"), f"tab: {out!r}"


def no_control_echo(s):
    echo, out = echo_of(s, "\x01\x02\x1b[5~\x1bOP\x1b[1;5C\x07up\xc3\xa9"
                        "\x1b[Ctime\x04")
    assert echo == b"uptime", f"echo {echo!r}"
    assert out.startswith("uptime "), out


def ctrl_c_abandons_line(s):
    s.vm.send("halt\x03")
    s.vm.expect("^C\n" + PROMPT)
    s.ok("uptime", expect=r"^uptime ")


def history_keys(s):
    s.ok("uptime")
    s.ok("mem")
    _, out = echo_of(s, "\x1bOA\x1bOA")
    assert out.startswith("uptime "), f"up, up: {out!r}"
    s.ok("mem")
    _, out = echo_of(s, "\x1b[A\x1b[A\x1b[A\x1b[B")
    assert out.startswith("uptime "), f"up x3, down: {out!r}"
    _, out = echo_of(s, "upt\x1b[A\x1b[Bime")
    assert out.startswith("uptime "), f"typed line lost: {out!r}"


def line_ends(s):
    s.vm.send("uptime\r\nuptime\nuptime\r")
    for _ in range(3):
        s.vm.expect("uptime ")
        s.vm.wait_prompt()
    time.sleep(0.5)
    s.vm._read(0.5)
    rest = s.vm.text[s.vm.pos:]
    assert PROMPT not in rest, f"\\r\\n gave an extra prompt: {rest!r}"


def long_line(s):
    s.refused("x" * 300, "unknown command 'xxxx", usage=False)
    s.ok("uptime", expect=r"^uptime ")


# --- pictures ------------------------------------------------------------------------


def fragmap_renders(s, ctx):
    """tools/fragmap draws this session's log: one panel per map, one cell
    per map character."""
    maps = shellfmt.parse_maps(s.vm.text)
    assert maps, "no maps in the log"
    with tempfile.TemporaryDirectory() as tmp:
        log, svg = os.path.join(tmp, "log"), os.path.join(tmp, "out.svg")
        with open(log, "w") as f:
            f.write(s.vm.text)
        p = subprocess.run([sys.executable,
                            os.path.join(ctx.root, "tools", "fragmap"), log,
                            "-o", svg], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    panels = [g for g in root.iter(ns + "g") if g.get("class") == "panel"]
    assert len(panels) == len(maps), f"{len(panels)} panels, {len(maps)} maps"
    drawn = sorted((g.get("data-zone"),
                    sum(r.get("class") == "cell" for r in g.iter(ns + "rect")))
                   for g in panels)
    printed = sorted((mp["zone"], len("".join(c for _, c in mp["rows"])))
                     for mp in maps)
    assert drawn == printed, f"cells per panel {drawn}, map characters " \
        f"{printed}"


def reboot_exits(s):
    s.vm.send("reboot\r")
    status = s.vm.wait_exit()
    assert "Restarting." in s.vm.text, "no 'Restarting.' line"
    assert status == 0, f"QEMU status {status}: with -no-reboot a reset " \
        "ends it with 0"


# --- the machines ----------------------------------------------------------------------


def main_machine(ctx):
    with Session(mem="256M") as s:
        c = Checks(s)
        yield c.run("help lists every command, help CMD its usage",
                    help_lists_commands)
        for line, needle, usage in BAD_INPUT:
            yield c.run(f"refused with an error line: {line[:40]!r}",
                        bad_input, line, needle, usage)
        yield c.run("refused commands left nothing half done",
                    nothing_half_done)
        yield c.run("frag, stats and zoneinfo agree at boot",
                    formats_agree, "at boot")
        yield c.run("alloc, allocs, page and free", alloc_free_cycle)
        yield c.run("page decodes reserved and free frames", page_states)
        yield c.run("mkfrag, verify, pte, page, compact, release",
                    workload_flow)
        yield c.run("bench refuses beside a workload, in words",
                    bench_refuses_beside_a_workload)
        yield c.run("proactiveness 0 says proactive compaction is off",
                    proactiveness_words)
        yield c.run("bench compact runs random, named figures",
                    bench_compact_default_pattern)
        yield c.run("kpool fill, page, verify after compact, free",
                    kpool_cycle)
        yield c.run("selftest list and one test", selftest_one)
        yield c.run("sleep, and Ctrl-C stops it", sleep_and_ctrl_c)
        yield c.run("backspace, DEL, Ctrl-U, tab", editing_keys)
        yield c.run("control bytes and escapes are not echoed",
                    no_control_echo)
        yield c.run("Ctrl-C abandons the line", ctrl_c_abandons_line)
        yield c.run("up and down arrows walk the history", history_keys)
        yield c.run("\\r, \\n and \\r\\n each end one line", line_ends)
        yield c.run("a 300-character line is refused", long_line)
        yield c.run("tools/fragmap draws this session's maps",
                    fragmap_renders, ctx)
        yield c.run("reboot resets the machine", reboot_exits)


def garbage_bytes(n, seed=5):
    """@n bytes of noise: random bytes mixed with escape sequences, line
    ends and editing keys (fixed seed, so a failure repeats)."""
    rng = random.Random(seed)
    pieces = [b"\x1b[A", b"\x1b[B", b"\x1b[", b"\x1bO", b"\x1b[1;5C",
              b"\x1b[200~", b"\x03", b"\x15", b"\x7f", b"\r", b"\n",
              b"\r\n", b"\x1b"]
    out = bytearray()
    while len(out) < n:
        if rng.random() < 0.1:
            out += rng.choice(pieces)
        else:
            out.append(rng.randrange(256))
    return bytes(out[:n])


def scaled_map(s):
    """On 6 GiB the zones over 1024 pageblocks are drawn 2 to a character
    and the maps fit a screen."""
    frag = s.ok("frag")
    maps = {m["zone"]: m for m in shellfmt.parse_maps(frag)}
    for zone in ("DMA32", "Normal"):
        assert zone in maps, f"no map for {zone}"
        assert maps[zone]["per_char"] == 2, \
            f"{zone}: 1 char = {maps[zone]['per_char']} pageblocks"
    rows = sum(len(m["rows"]) for m in maps.values())
    assert rows <= 40, f"the maps take {rows} lines"


def garbage_then_help(s):
    s.vm.send(garbage_bytes(10000))
    s.vm.send("\x03help halt\r")
    s.vm.expect(re.compile(r"^usage: halt\n", re.M), timeout=180)
    s.vm.wait_prompt()
    status = s.vm.halt()
    assert status == EXIT_SUCCESS, f"halt gave status {status}"


def big_machine(ctx):
    with Session(mem="6G") as s:
        c = Checks(s)
        yield c.run("6 GiB: frag, stats and zoneinfo agree",
                    formats_agree, "6 GiB")
        yield c.run("6 GiB: the pageblock map is scaled", scaled_map)
        yield c.run("6 GiB: progress lines skip no second",
                    progress_counts_every_second)
        yield c.run("6 GiB: 10000 bytes of garbage, then help and halt",
                    garbage_then_help)


def quiet_output(s):
    """loglevel=3 hides log messages, never a command's reply (the
    commands of arch/ and kernel/ print with plain printk)."""
    s.ok("uptime", expect=r"^uptime \d+\.\d+ s, jiffies")
    s.ok("timecheck", timeout=30, expect=r"^timecheck: \d+ ticks took")
    s.ok("interrupts", expect=r"^VECTOR +COUNT +CPU0 NAME$")
    s.refused("crash bogus", "unknown kind of crash 'bogus'")
    out = s.ok("selftest boot_zones_consistent", timeout=60)
    assert re.search(r"^ok 1 boot_zones_consistent$", out, re.M) and \
        re.search(r"^1 passed, 0 failed$", out, re.M), out


def quiet_machine(ctx):
    with Session(mem="64M", cmdline="loglevel=3") as s:
        c = Checks(s)
        yield c.run("loglevel=3: uptime, timecheck, interrupts, crash bogus"
                    " and KTAP still print", quiet_output)


def run(ctx):
    yield from quiet_machine(ctx)
    yield from main_machine(ctx)
    yield from big_machine(ctx)
