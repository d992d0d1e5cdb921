"""TLB shootdown under load: 4 CPUs under multi-threaded TCG, page_poison=on,
three writer threads (on CPUs 1-3) each checking a page before every write
to it, while the shell on CPU 0 compacts the workload fully, round after
round: mkfrag, writers, compact, writers stop, verify, release. A stale TLB
entry that a missing shootdown left shows as a mismatch: a write through it
lands in the old frame and is lost, a read through it sees an older version
or the poison of the freed frame.

Passes when at least PAGES pages migrated, no writer and no verify found a
mismatch, and every shootdown IPI sent was received (and some were sent).
PAGES is 10^5 (make test) or $STRESS_PAGES (make stress: 10^6).

The bug it catches: without the shootdown (migrate_batch_flush() not
calling flush_tlb_multi()), the first round failed with 502 writer
mismatches and 221 pages wrong at verify.

First, in the same boot, the self-test smp_zap_shoots_down_once_before_freeing
zaps a range that readers on CPUs 1-3 keep reading: with page_poison=on a
page freed before they flushed reads as poison: freeing before the zap's
shootdown failed it with 11 such reads, skipping the shootdown with 29,
and one shootdown per page (1536 a zap instead of 3) fails its count."""
import os
import re

from lib.qemu import EXIT_SUCCESS, Qemu, QemuError
from lib.result import Result

SUITE = "tlb"
MTTCG = ["-accel", "tcg,thread=multi"]
PAGES = int(os.environ.get("STRESS_PAGES", "100000"))
STAT = re.compile(r"^(\w+) (\d+)$", re.M)
VERIFY = re.compile(r"^verify: (\d+) pages, (\d+) mismatches$", re.M)
STOPPED = re.compile(r"(\d+) writes, (\d+) mismatches")


def stats(vm):
    return {k: int(v) for k, v in STAT.findall(vm.cmd("stats"))}


def one_round(vm):
    """mkfrag to release once; the problems found."""
    vm.cmd("mkfrag random 100", timeout=120)
    vm.cmd("writers 3")
    vm.cmd("compact", timeout=300)
    stopped = vm.cmd("writers stop", timeout=60)
    verify = vm.cmd("verify", timeout=120)
    vm.cmd("release", timeout=60)
    w, v = STOPPED.search(stopped), VERIFY.search(verify)
    if not w or not v or w.group(1) == "0":
        return [f"unexpected output:\n{stopped}\n{verify}"]
    if w.group(2) != "0" or v.group(2) != "0":
        return [f"writers: {w.group(0)}; {v.group(0)}"]
    return []


def zap_selftest(vm):
    """The zap self-test under page_poison=on; the problems found."""
    out = vm.cmd("selftest smp_zap_shoots_down_once_before_freeing",
                 timeout=300)
    if not re.search(r"^ok 1 smp_zap_shoots_down_once_before_freeing$", out,
                     re.M):
        return [f"zap self-test:\n{out[-1500:]}"]
    return []


def shootdowns_under_compaction():
    name = f"4 CPUs, 3 writers, page_poison=on: {PAGES} pages migrated"
    with Qemu(mem="256M", smp=4, extra=MTTCG, timeout=600,
              cmdline="page_poison=on kcompactd=off") as vm:
        try:
            vm.wait_prompt()
            rounds, problems, st = 0, zap_selftest(vm), {}
            while not problems and st.get("pgmigrate_success", 0) < PAGES:
                problems = one_round(vm)
                rounds += 1
                st = stats(vm)
            status = vm.halt()
        except QemuError as e:
            return Result(name, False, str(e))
    sent = st.get("nr_tlb_remote_flush", 0)
    got = st.get("nr_tlb_remote_flush_received", 0)
    moved = st.get("pgmigrate_success", 0)
    if sent != got or not sent:
        problems.append(f"shootdowns: {sent} sent, {got} received")
    if status != EXIT_SUCCESS:
        problems.append(f"exit status {status}")
    summary = (f"{rounds} rounds, {moved} pages migrated, {sent} shootdowns "
               f"sent and {got} received, 0 mismatches")
    return Result(f"{name} ({summary})" if not problems else name,
                  not problems, vm.text[-1500:] + "\n" + "\n".join(problems))


def run(ctx):
    yield shootdowns_under_compaction()
