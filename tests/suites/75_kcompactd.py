"""kcompactd and pages moving under running threads, through the shell.

With kcompactd on (the default, proactiveness 20), a fragmented workload
gets compacted in the background without any `compact` command; with
`kcompactd=off` on the command line nothing happens. kcompactd is switched
off while mkfrag builds the workload (`kcompactd off`, then `on`): left on,
it may compact half a workload while the host is slow, and the whole one
then scores under the high mark and is rightly left alone. Writer threads keep
writing the workload while it is compacted, and `verify` finds every page
holding its latest write.

The workload is `mkfrag random 100`: with `random 90` the free memory that
mkfrag leaves unused is still in whole 2 MiB blocks, the fragmentation
score stays near 87, under the default high mark of 90, and kcompactd
rightly has nothing to do (the first check below shows that too).
"""
import re

from lib.qemu import EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "kcompactd"
BUDDY = re.compile(r"^Node 0, zone +(\w+) ((?: +\d+){11})", re.M)
SCORE = re.compile(r"fragmentation score (\d+) \(node\)")
STAT = re.compile(r"^(\w+) (\d+)$", re.M)
MKFRAG_BLOCKS = re.compile(r"free 2 MiB blocks: (\d+)")
VERIFY = re.compile(r"^verify: (\d+) pages, (\d+) mismatches$", re.M)
LEFT = re.compile(r"^mkfrag: .*, (\d+) left\b", re.M)  # pages verify must see


def free_blocks(frag):
    """Free 2 MiB blocks in `frag` output (orders 9 and 10 of buddyinfo)."""
    n = 0
    for m in BUDDY.finditer(frag):
        counts = [int(x) for x in m.group(2).split()]
        n += counts[9] + 2 * counts[10]
    return n


def stats(vm):
    return {k: int(v) for k, v in STAT.findall(vm.cmd("stats"))}


def score(vm):
    return int(SCORE.search(vm.cmd("kcompactd status")).group(1))


def background_run(cmdline, expect_work):
    name = ("kcompactd compacts on its own" if expect_work
            else "kcompactd=off: nothing happens")
    problems = []
    with Qemu(mem="256M", cmdline=cmdline, timeout=120) as vm:
        try:
            vm.wait_prompt()
            if expect_work:  # the workload is made whole, then left to it
                vm.cmd("kcompactd off")
            mkfrag = vm.cmd("mkfrag random 100", timeout=60)
            made = MKFRAG_BLOCKS.search(mkfrag)
            blocks0 = int(made.group(1))
            score0 = score(vm)
            wake0 = stats(vm)["compact_daemon_wake"]
            if expect_work:
                vm.cmd("kcompactd on")
            vm.cmd("sleep 4")
            wake = stats(vm)["compact_daemon_wake"]
            blocks = free_blocks(vm.cmd("frag"))
            score1 = score(vm)
            v = VERIFY.search(vm.cmd("verify", timeout=60))
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
    summary = (f"wake {wake0}->{wake}, blocks {blocks0}->{blocks}, "
               f"score {score0}->{score1}")
    if score0 <= 90:
        problems.append(f"the workload's score {score0} is not above 90")
    if expect_work and not (wake > wake0 and blocks > blocks0
                            and score1 <= 90):
        problems.append("no background compaction: " + summary)
    if not expect_work and (wake != wake0 or blocks != blocks0):
        problems.append("kcompactd=off but something moved: " + summary)
    left = LEFT.search(mkfrag)
    if not v or v.group(2) != "0" or not left or v.group(1) != left.group(1):
        problems.append(f"verify: {v.group(0) if v else 'no answer'}, "
                        f"mkfrag left {left.group(1) if left else '?'}")
    if status != EXIT_SUCCESS:
        problems.append(f"exit status {status}")
    return Result(f"{name} ({summary})", not problems,
                  "\n".join(problems) + "\n" + vm.text[-2000:])


def quiet_below_high_mark():
    """random 90 leaves the score under the high mark: no work."""
    name = "kcompactd leaves a score under its high mark alone"
    with Qemu(mem="256M", timeout=120) as vm:
        try:
            vm.wait_prompt()
            vm.cmd("mkfrag random 90", timeout=60)
            wake0 = stats(vm)["compact_daemon_wake"]
            s = score(vm)
            vm.cmd("sleep 2")
            wake = stats(vm)["compact_daemon_wake"]
            vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
    return Result(f"{name} (score {s})", s <= 90 and wake == wake0,
                  f"score {s}, wakes {wake0}->{wake}")


def writers_under_compaction():
    name = "writer threads during compaction: every page holds its last write"
    with Qemu(mem="256M", timeout=180) as vm:
        try:
            vm.wait_prompt()
            left = LEFT.search(vm.cmd("mkfrag random 100", timeout=60))
            vm.cmd("writers 4")
            vm.cmd("sleep 1")
            vm.cmd("compact", timeout=120)
            stopped = vm.cmd("writers stop")
            v = VERIFY.search(vm.cmd("verify", timeout=60))
            waits = stats(vm).get("pgmigrate_wait", 0)
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
    m = re.search(r"(\d+) writes, (\d+) mismatches", stopped)
    ok = (m and int(m.group(1)) > 0 and m.group(2) == "0" and v
          and v.group(2) == "0" and left and v.group(1) == left.group(1)
          and status == EXIT_SUCCESS)
    return Result(f"{name} ({m.group(0) if m else '?'}, {waits} waits)",
                  bool(ok), stopped + "\n" + vm.text[-2000:])


def run(ctx):
    yield background_run(None, True)
    yield background_run("kcompactd=off", False)
    yield quiet_below_high_mark()
    yield writers_under_compaction()
