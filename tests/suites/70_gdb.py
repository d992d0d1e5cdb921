"""GDB helpers (tools/gdb): scripted, non-interactive gdb sessions against
QEMU's gdbstub watch one page migrate during `compact`, and the mm-
commands are checked against the shell's own output at the same stop.

QEMU starts paused (-S) with its gdbstub on a unix socket, and gdb -batch
runs a script against it while this suite types shell commands on the
serial line (the guest only moves while gdb lets it):

- tools/gdb/migrate-check.py asserts the PTE states and frame bytes itself
  and saves what the mm- commands print at an idle stop, which is compared
  here with the shell's `frag` and `stats` printed just before;
- tools/gdb/migrate-walkthrough.gdb, the one docs/DEBUGGING.md shows, must
  print every step of its transcript;
- tools/gdb/pcp-check.py, on an -smp 2 guest, saves `info threads` and
  mm-pcp at an idle stop: each CPU must be a thread, and mm-pcp must show
  the per-CPU lists of both CPUs with the counts the shell's `zoneinfo`
  printed just before.

After each session the guest must verify its workload and halt with 33.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time

from lib.qemu import EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "gdb"
NEEDS = ["all", "gdb-helpers"]
MEM = "128M"
MKFRAG = "mkfrag random 10"
MKFRAG_LEFT = re.compile(r"^mkfrag: .*, (\d+) left\b", re.M)
GDB_TIMEOUT = 120  # one whole gdb session; it takes a few seconds
BUDDYINFO_LINE = re.compile(r"^Node 0, zone\s+\S+\s+(\d+\s+){11}$")
COUNTER_LINE = re.compile(r"^([a-z_0-9]+) (\d+)$")
HELP_LINE = re.compile(r"^  (\S+)\s", re.M)
VERIFY_LINE = re.compile(r"verify: (\d+) pages, (\d+) mismatches")
GOLDEN = 0x9e3779b97f4a7c15  # kernel/shell/workload.c pattern_word()


def pattern_bytes(va, version, size):
    """The bytes the workload writes at @va (kernel/shell/workload.c)."""
    words = []
    for w in range(size // 8):
        x = ((va + 8 * w) * GOLDEN) & (2**64 - 1)
        words.append(x ^ (version << 40) ^ 0x5eed)
    return struct.pack(f"<{len(words)}Q", *words)


def read(out, name):
    try:
        with open(os.path.join(out, name)) as f:
            return f.read()
    except OSError:
        return ""


def lines_of(text):
    return [line.rstrip() for line in text.splitlines()]


def counters_of(text):
    out = {}
    for line in lines_of(text):
        m = COUNTER_LINE.match(line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


def snapshot_kernel(build, dest, tries=5):
    """Copy build/kernel.elf and build/os.iso to @dest once the ISO holds
    that very ELF (a build running meanwhile could pair gdb's symbols with
    another kernel); returns (elf, iso) there, or None."""
    for _ in range(tries):
        with open(os.path.join(build, "kernel.elf"), "rb") as f:
            elf = f.read()
        with open(os.path.join(build, "os.iso"), "rb") as f:
            iso = f.read()
        if elf in iso:
            os.makedirs(dest, exist_ok=True)
            paths = (os.path.join(dest, "kernel.elf"),
                     os.path.join(dest, "os.iso"))
            for path, data in zip(paths, (elf, iso)):
                with open(path, "wb") as f:
                    f.write(data)
            return paths
        time.sleep(2)
    return None


def cannot_check(name, why):
    """A check that could not run because the shell lacks what it compares
    with. That is a failure, not a skip: `make test` needs the whole
    comparison (a skip here once passed for a shell that had lost its
    commands)."""
    return Result(name, False, f"cannot check: {why}")


class GdbSession:
    """QEMU paused under its gdbstub, and gdb -batch running @script on it;
    output files go to build/gdb-test/@name/."""

    def __init__(self, ctx, kernel, name, script, after=(), smp=1):
        self.root = ctx.root
        self.smp = smp
        self.elf, self.iso = kernel
        self.out = os.path.join(ctx.build, "gdb-test", name)
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)
        # A unix socket path must fit in 108 bytes.
        self.tmp = None
        self.sock = os.path.join(self.out, "gdb.sock")
        if len(self.sock) > 100:
            self.tmp = tempfile.mkdtemp(prefix="mm-gdb-")
            self.sock = os.path.join(self.tmp, "gdb.sock")
        self.script = script
        self.after = list(after)
        self.log_path = os.path.join(self.out, "gdb.log")
        self.vm = self.gdb = self.log = None
        self.shell = {}
        self.gdb_status = self.status = None

    def start(self):
        self.vm = Qemu(mem=MEM, timeout=60, iso=self.iso, smp=self.smp,
                       extra=[
            "-S", "-chardev",
            f"socket,path={self.sock},server=on,wait=off,id=gdb0",
            "-gdb", "chardev:gdb0"])
        deadline = time.monotonic() + 10
        while not os.path.exists(self.sock):
            if time.monotonic() > deadline:
                raise QemuError("QEMU made no gdbstub socket", self.vm.text)
            time.sleep(0.05)
        tools = os.path.join(self.root, "tools", "gdb")
        args = ["timeout", str(GDB_TIMEOUT), "gdb", "-batch", "-nx",
                "-ex", f"file {self.elf}",
                "-ex", "set architecture i386:x86-64",
                "-ex", "source " + os.path.join(tools, "mm-gdb.py"),
                "-ex", f"target remote {self.sock}",
                "-x", os.path.join(tools, self.script)]
        for cmd in self.after:
            args += ["-ex", cmd]
        self.log = open(self.log_path, "w")
        env = dict(os.environ, MM_GDB_OUT=self.out)
        self.gdb = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                    stdout=self.log, stderr=subprocess.STDOUT,
                                    env=env)

    def run_shell(self, before_compact=lambda commands: [], last="compact"):
        """Boot, mkfrag, the lines before_compact(the shell's commands)
        returns, then @last (compact, during which gdb stops the guest),
        verify and halt."""
        vm = self.vm
        vm.wait_prompt()
        commands = set(HELP_LINE.findall(vm.cmd("help")))
        self.shell["mkfrag"] = vm.cmd(MKFRAG)
        for line in before_compact(commands):
            self.shell[line] = vm.cmd(line)
        self.shell[last] = vm.cmd(last, timeout=GDB_TIMEOUT)
        self.gdb_status = self.gdb.wait(timeout=30)
        self.shell["verify"] = vm.cmd("verify")
        self.status = vm.halt()

    def close(self):
        if self.gdb and self.gdb.poll() is None:
            self.gdb.kill()
            self.gdb.wait()
        if self.log:
            self.log.close()
        if self.vm:
            self.vm.close()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def output(self):
        return read(self.out, "gdb.log")

    def guest_results(self, what):
        """verify must check every page mkfrag left mapped (its own count),
        and find them all intact."""
        v = VERIFY_LINE.search(self.shell.get("verify", ""))
        left = MKFRAG_LEFT.search(self.shell.get("mkfrag", ""))
        yield Result(f"{what}: the workload verifies after the gdb stops "
                     f"(every page mkfrag left)",
                     v is not None and left is not None and
                     v.group(2) == "0" and int(left.group(1)) > 0 and
                     v.group(1) == left.group(1),
                     self.shell.get("mkfrag", "") + "\n" +
                     self.shell.get("verify", ""))
        yield Result(f"{what}: the guest ran on to halt with status 33",
                     self.status == EXIT_SUCCESS, f"status {self.status}")


def run_session(ctx, kernel, name, script, drive, after=(), smp=1):
    """Start a session, drive it; (session, None) or (session, Result)."""
    s = GdbSession(ctx, kernel, name, script, after, smp)
    try:
        s.start()
        drive(s)
    except (QemuError, subprocess.TimeoutExpired, OSError) as e:
        return s, Result(f"{name}: the gdb session ran to the end", False,
                         f"{e}\n--- gdb ---\n{s.output()}")
    finally:
        s.close()
    return s, None


# --- the asserting session ------------------------------------------------


def drive_check(s):
    def idle_lines(commands):
        yield ""  # gdb's first idle stop picks a page: idle.json
        try:
            s.idle = json.loads(read(s.out, "idle.json"))
        except ValueError:  # the script failed; check_migration says why
            s.idle = None
        if s.idle and "page" in commands:
            yield f"page {s.idle['pfn']:#x}"
        if s.idle and "pte" in commands:
            yield f"pte {s.idle['va']:#x}"
        yield from (c for c in ("frag", "stats") if c in commands)
        yield ""  # the second: the mm- commands

    s.idle = None
    s.run_shell(idle_lines)


def check_migration(s):
    """The assertions the gdb script made, one result each."""
    try:
        check = json.loads(read(s.out, "check.json"))
    except ValueError:
        yield Result("migrate-check wrote its results", False, s.output())
        return
    for step in check["steps"]:
        yield Result(f"migrate-check: {step['what']}", step["ok"],
                     s.output())
    yield Result("migrate-check passed and gdb exited 0",
                 check["ok"] and s.gdb_status == 0,
                 f"exit status {s.gdb_status}\n{s.output()}")


def check_buddy(s):
    mine = lines_of(read(s.out, "buddyinfo.txt"))
    frag = s.shell.get("frag")
    if frag is None:
        yield cannot_check(
            "mm-buddyinfo equals the buddyinfo lines of `frag`",
            "the shell has no `frag` command")
    else:
        theirs = [line.rstrip() for line in frag.splitlines()
                  if BUDDYINFO_LINE.match(line.rstrip() + " ")]
        yield Result("mm-buddyinfo equals the buddyinfo lines of `frag`",
                     mine == theirs and bool(mine),
                     "gdb:\n" + "\n".join(mine) + "\nshell:\n" + frag)
    pti = [line for line in lines_of(read(s.out, "pagetypeinfo.txt"))
           if line.startswith("Node")]
    if frag is None or ", type " not in frag:
        yield cannot_check("mm-pagetypeinfo's lines appear in `frag`",
                           "the shell prints no pagetypeinfo")
    else:
        shell_lines = set(lines_of(frag))
        missing = [line for line in pti if line not in shell_lines]
        yield Result("mm-pagetypeinfo's lines appear in `frag`",
                     bool(pti) and not missing,
                     "not in frag:\n" + "\n".join(missing))
    # Independent of the shell: the free lists hold nr_free_pages pages.
    free = sum(int(n) << order for line in mine
               for order, n in enumerate(line.split()[4:]))
    vm = counters_of(read(s.out, "vmstat.txt"))
    yield Result("mm-buddyinfo's free pages equal mm-vmstat's nr_free_pages",
                 str(free) == vm.get("nr_free_pages"),
                 f"buddyinfo {free}, vmstat {vm.get('nr_free_pages')}")


def check_vmstat(s):
    mine = counters_of(read(s.out, "vmstat.txt"))
    if "stats" not in s.shell:
        yield cannot_check("mm-vmstat equals the counters of `stats`",
                           "the shell has no `stats` command")
    else:
        theirs = counters_of(s.shell["stats"])
        diff = [f"{k}: gdb {v}, shell {theirs.get(k, 'missing')}"
                for k, v in mine.items() if theirs.get(k) != v]
        yield Result("mm-vmstat's counters equal those of `stats`",
                     bool(mine) and not diff, "\n".join(diff))
    yield Result("mm-vmstat counts the allocations mkfrag made",
                 int(mine.get("pgalloc_dma32", "0")) > 0, str(mine))


RAW_WORDS = re.compile(r"raw:((?: [0-9a-f]{16})+)")
ENTRY_VALUE = re.compile(r"= (0x[0-9a-f]{16})")


def raw_words(text):
    return " ".join(m.group(1) for m in RAW_WORDS.finditer(text)).split()


def check_against_shell(s):
    """mm-page and mm-pte against the shell's `page` and `pte` on the same
    page, run just before the stop."""
    if not s.idle:
        return
    pfn, va = s.idle["pfn"], s.idle["va"]
    mine = read(s.out, "page.txt")
    theirs = s.shell.get(f"page {pfn:#x}")
    if theirs is None:
        yield cannot_check("mm-page agrees with the shell's `page`",
                           "the shell has no `page` command")
    else:
        problems = []
        if not raw_words(mine) or raw_words(mine) != raw_words(theirs):
            problems.append("raw words differ")
        pb = re.search(r"pageblock pfn 0x[0-9a-f]+-0x[0-9a-f]+: (\w+), "
                       r"skip bit (\d)", theirs)
        if not pb or f"migratetype:{pb.group(1)} skip:{pb.group(2)}" \
                not in mine:
            problems.append("pageblock differs")
        maps = re.findall(r"mapped at (0x[0-9a-f]+) in mm '(\w+)'", theirs)
        mine_maps = re.findall(r"rmap: mm '(\w+)' address (0x[0-9a-f]+)",
                               mine)
        if sorted(maps) != sorted((a, m) for m, a in mine_maps):
            problems.append("mappings differ")
        yield Result("mm-page agrees with the shell's `page` (raw words, "
                     "pageblock, mappings)", not problems,
                     f"{problems}\n--- gdb ---\n{mine}--- shell ---\n"
                     f"{theirs}")
        block = read(s.out, "pageblock.txt")
        yield Result("mm-pageblock's type and skip bit agree with `page`",
                     pb is not None and f"migratetype {pb.group(1)}, skip "
                     f"{pb.group(2)}" in block, f"{block}\n{theirs}")
    mine = read(s.out, "pte.txt")
    theirs = s.shell.get(f"pte {va:#x}")
    if theirs is None:
        yield cannot_check("mm-pte agrees with the shell's `pte`",
                           "the shell has no `pte` command")
    else:
        same = ENTRY_VALUE.findall(mine) == ENTRY_VALUE.findall(theirs) \
            and f"(pfn {pfn:#x})" in theirs and f"=> pfn {pfn:#x}," in mine
        yield Result("mm-pte agrees with the shell's `pte` (every level's "
                     "entry, the pfn)", same,
                     f"--- gdb ---\n{mine}--- shell ---\n{theirs}")


def check_page_commands(s):
    """mm-pte, mm-page, mm-pageblock and mm-frame on one workload page,
    against what the workload must hold there."""
    try:
        idle = json.loads(read(s.out, "check.json"))["idle"]
    except (ValueError, KeyError):
        yield Result("stop 1 chose a workload page", False, s.output())
        return
    va, pfn = idle["va"], idle["pfn"]
    pte = read(s.out, "pte.txt")
    yield Result("mm-pte walks four levels to the page's pfn",
                 pte.count(" -> ") == 4 and f"=> pfn {pfn:#x}," in pte, pte)
    kernel = read(s.out, "pte_kernel.txt")
    m = re.search(r"^(0x[0-9a-f]+) in CR3", kernel)
    want = (int(m.group(1), 16) - 0xffffffff80000000) >> 12 if m else None
    yield Result("mm-pte from CR3 finds a kernel symbol's frame",
                 want is not None and f"=> pfn {want:#x}," in kernel, kernel)
    want = pattern_bytes(va, idle["version"], 4096)
    got = bytes.fromhex(read(s.out, "frame.bin"))
    yield Result("the frame mm-pte found holds the workload's pattern",
                 got == want, f"first bytes {got[:16].hex()}, "
                 f"expected {want[:16].hex()}")
    dump = read(s.out, "frame.txt")
    first = " ".join(f"{b:02x}" for b in want[:16])
    yield Result("mm-frame prints those bytes", first in dump, dump)
    text = read(s.out, "page.txt")
    problems = [what for what, ok in (
        ("counts", "refcount:1 mapcount:1 " in text),
        ("pfn", f"pfn:{pfn:#x}" in text),
        ("flags", re.search(r"\(lru\|anon\|zone=\w+\)", text)),
        ("pageblock", "migratetype:Movable" in text),
        ("rmap", f"address {va:#x}" in text and "(maps this page)" in text),
    ) if not ok]
    yield Result("mm-page decodes a mapped workload page",
                 not problems, f"wrong: {problems}\n{text}")
    block = read(s.out, "pageblock.txt")
    rows = block.splitlines()
    ok = len(rows) >= 2 and len(rows[1]) == 512 and \
        rows[1][pfn % 512] == "M" and "Movable" in rows[0]
    yield Result("mm-pageblock maps the page as movable", ok, block)


# --- the walkthrough --------------------------------------------------------

# What each step of migrate-walkthrough.gdb must show.
WALKTHROUGH = [
    ("stops in migrate_pages() called from compact_zone()",
     r"=== 0\.(.|\n)*in compact_zone "),
    ("shows the PTE mapping the old pfn",
     r"=== 1\.(.|\n)*pte\[.*PRESENT.* -> page pfn (0x[0-9a-f]+)"),
    ("shows the migration entry",
     r"=== 2\.(.|\n)*MIGRATION ENTRY for old pfn"),
    ("steps over the TLB flush", r"=== 3\.(.|\n)*move_batch"),
    ("shows both frames", r"=== 5\.(.|\n)*frame pfn(.|\n)*frame pfn"),
    ("shows the PTE mapping the new pfn",
     r"=== 6\.(.|\n)*pte\[.*PRESENT.* -> page pfn"),
    ("ends with the old frame free", r"=== 7\.(.|\n)*state: free"),
]


def check_walkthrough(s):
    log = s.output()
    for what, rx in WALKTHROUGH:
        yield Result(f"walkthrough {what}", re.search(rx, log) is not None,
                     log)
    m = re.search(r"pfn (0x[0-9a-f]+) -> pfn (0x[0-9a-f]+) at", log)
    frames = re.findall(r"=== 5\.[^\n]*\n((?:.*\n){6})", log)
    same = False
    if frames:
        dumps = re.findall(r": ((?:[0-9a-f]{2} ){15}[0-9a-f]{2})",
                           frames[0])
        same = len(dumps) == 4 and dumps[:2] == dumps[2:]
    yield Result("walkthrough: the page moved and both frames match",
                 m is not None and m.group(1) != m.group(2) and same, log)
    yield Result("walkthrough: gdb exited 0", s.gdb_status == 0, log)


def drive_walkthrough(s):
    s.run_shell()


# --- every CPU's per-CPU lists ---------------------------------------------

PCP_CPUS = 2
# A writer on CPU 1 that exits leaves pages on that CPU's lists, so both
# CPUs have lists worth comparing.
PCP_LINES = ["writers 1", "writers stop", "zoneinfo"]
ZONE_HEAD = re.compile(r"^Node 0, zone\s+(\S+)$")
ZONE_CPU = re.compile(r"^    cpu: (\d+)$")
ZONE_FIELD = re.compile(r"^\s+(count|high|batch):\s+(-?\d+)$")
PCP_CPU = re.compile(r"^cpu (\d+): gdb thread (\d+), per-CPU area ")
PCP_ZONE = re.compile(r"^  Node 0, zone\s+(\S+)  count (-?\d+)  high "
                      r"(-?\d+)  batch (-?\d+)$")
THREAD_CPU = re.compile(r"^\*?\s+(\d+)\s+Thread \S+ \(CPU#(\d+)", re.M)


def zoneinfo_pagesets(text):
    """{(zone, cpu): (count, high, batch)} from the shell's `zoneinfo`."""
    out, zone, cpu, fields = {}, None, None, {}
    for line in lines_of(text):
        m = ZONE_HEAD.match(line)
        if m:
            zone, cpu = m.group(1), None
        m = ZONE_CPU.match(line)
        if m:
            cpu, fields = int(m.group(1)), {}
        m = ZONE_FIELD.match(line)
        if m and zone and cpu is not None:
            fields[m.group(1)] = int(m.group(2))
            if len(fields) == 3:
                out[(zone, cpu)] = (fields["count"], fields["high"],
                                    fields["batch"])
    return out


def mm_pcp_pagesets(text):
    """{(zone, cpu): (count, high, batch)} and {cpu: gdb thread} from
    mm-pcp."""
    sets, threads, cpu = {}, {}, None
    for line in lines_of(text):
        m = PCP_CPU.match(line)
        if m:
            cpu = int(m.group(1))
            threads[cpu] = int(m.group(2))
        m = PCP_ZONE.match(line)
        if m and cpu is not None:
            sets[(m.group(1), cpu)] = tuple(int(x) for x in m.groups()[1:])
    return sets, threads


def drive_pcp(s):
    s.run_shell(lambda commands: PCP_LINES, last="")


def check_pcp(s):
    threads = read(s.out, "threads.txt")
    cpus = {int(t): int(c) for t, c in THREAD_CPU.findall(threads)}
    yield Result(f"info threads shows each of the {PCP_CPUS} CPUs as a "
                 "thread", sorted(cpus.values()) == list(range(PCP_CPUS)),
                 threads)
    pcp = read(s.out, "pcp.txt")
    mine, shown = mm_pcp_pagesets(pcp)
    theirs = zoneinfo_pagesets(s.shell.get("zoneinfo", ""))
    yield Result(f"mm-pcp shows the lists of all {PCP_CPUS} CPUs, each "
                 "CPU on its own gdb thread",
                 sorted(shown) == list(range(PCP_CPUS)) and
                 all(cpus.get(t) == c for c, t in shown.items()),
                 f"{pcp}\n{threads}")
    yield Result("mm-pcp's count, high and batch of every zone and CPU "
                 "equal the shell's `zoneinfo`",
                 bool(theirs) and mine == theirs,
                 f"--- gdb ---\n{pcp}--- zoneinfo ---\n"
                 f"{s.shell.get('zoneinfo', '')}")
    others = sum(v[0] for (_, cpu), v in theirs.items() if cpu)
    yield Result("the other CPU's lists hold pages (the comparison is not "
                 "of empty lists)", others > 0, s.shell.get("zoneinfo", ""))
    yield Result("mm-pcp's list walks add up to each count",
                 bool(pcp.strip()) and "count says" not in pcp, pcp)
    yield Result("pcp-check: gdb exited 0", s.gdb_status == 0, s.output())


def run(ctx):
    # What `make test` needs is never skipped: missing, it is a failure.
    for tool in ("gdb", "qemu-system-x86_64"):
        if not shutil.which(tool):
            yield Result(f"{tool} is installed", False,
                         f"no {tool} on PATH: `make deps` installs it")
            return
    # `make test` has built everything; a bare `tests/run.py gdb` on a
    # fresh tree builds what is missing.
    built = all(os.path.exists(os.path.join(ctx.build, f))
                for f in ("kernel.elf", "os.iso"))
    targets = ["gdb-helpers"] if built else ["all"]
    made = subprocess.run(["make", "-s", "--no-print-directory"] + targets,
                          cwd=ctx.root, capture_output=True, text=True)
    if made.returncode:
        yield Result(f"make {' '.join(targets)}", False,
                     made.stdout + made.stderr)
        return
    shutil.rmtree(os.path.join(ctx.build, "gdb-test"), ignore_errors=True)
    kernel = snapshot_kernel(ctx.build, os.path.join(ctx.build, "gdb-test"))
    if not kernel:
        yield Result("build/os.iso holds build/kernel.elf", False,
                     "they differ: is a build running? run make")
        return
    s, failed = run_session(ctx, kernel, "check", "migrate-check.py",
                            drive_check)
    if failed:
        yield failed
    else:
        yield from check_migration(s)
        yield from check_buddy(s)
        yield from check_vmstat(s)
        yield from check_against_shell(s)
        yield from check_page_commands(s)
        yield from s.guest_results("check")
    s, failed = run_session(ctx, kernel, "walkthrough",
                            "migrate-walkthrough.gdb", drive_walkthrough,
                            after=["detach"])
    if failed:
        yield failed
    else:
        yield from check_walkthrough(s)
        yield from s.guest_results("walkthrough")
    s, failed = run_session(ctx, kernel, "pcp", "pcp-check.py", drive_pcp,
                            smp=PCP_CPUS)
    if failed:
        yield failed
    else:
        yield from check_pcp(s)
        yield from s.guest_results("pcp")
