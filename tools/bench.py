#!/usr/bin/env python3
"""Run the benchmarks and write docs/BENCHMARKS.md.

Every figure comes from the kernel's own `bench` command, run under QEMU's
-icount shift=3,sleep=off: the guest's TSC then counts virtual time, one
instruction every 8 ns, so a figure repeats exactly from run to run and
ns / 8 is an instruction count. The allocator is also measured on the host
with callgrind (`make bench-host`). The page copy, migration and full
compaction are also timed in wall-clock time under plain TCG, five boots
each, reported as median and spread (min..max).

Usage: tools/bench.py [--quick] [--update] [SECTION ...]
    --quick: compaction at 512M only, for a try-out
    SECTION (alloc, antifrag, copy, migrate, compact, compact_tcg, churn,
    contig, kpool, smp): print those sections only, without writing
    docs/BENCHMARKS.md; with --update, replace them there
The icount sections run two at a time (their figures do not depend on the
host's load); the wall-clock ones (copy, compact_tcg) after them, alone.
"""
import datetime
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from lib.qemu import Qemu  # noqa: E402

ICOUNT = ["-icount", "shift=3,sleep=off"]
NS_PER_INSN = 8  # shift=3
PATTERNS = ["alternate", "random", "sparse", "mixed"]
KV = re.compile(r"(\w+)=([\w/.]+)")


def cpu_seconds(pid):
    """CPU time (user + system, every thread) process @pid has used."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_lines(mem, commands, cmdline="debug_pagealloc=off", timeout=3600,
                extra=ICOUNT, smp=1):
    """Boot once, run @commands, return the parsed `bench ...` lines. Each
    gets cpu_share: the CPU time QEMU had while its command ran over the
    wall time it took (near 1 on an idle host; what a busy host leaves
    it, which plain-TCG figures scale with)."""
    out = []
    with Qemu(mem=mem, cmdline=cmdline, extra=extra, timeout=timeout,
              smp=smp) as vm:
        vm.wait_prompt()
        for c in commands:
            cpu, wall = cpu_seconds(vm.proc.pid), time.monotonic()
            text = vm.cmd(c, timeout=timeout)
            share = ((cpu_seconds(vm.proc.pid) - cpu) /
                     max(time.monotonic() - wall, 1e-3))
            for line in text.splitlines():
                if line.startswith("bench "):
                    out.append(dict(KV.findall(line),
                                    cpu_share=f"{share:.2f}"))
                    print(line, flush=True)
        vm.halt()
    return out


def alloc_section():
    # As booted by default (debug checks on), and with debug_pagealloc=off.
    runs = [bench_lines("2G", ["bench alloc"], cmdline=None)[0],
            bench_lines("2G", ["bench alloc"])[0]]
    rows = [("order-0 alloc+free pair, per-CPU fast path", "pcp_pair_ns",
             100),
            ("order-0 pair through the buddy lists (per-CPU lists off)",
             "buddy_pair_ns", None),
            ("order-9 pair", "order9_pair_ns", 400),
            ("allocation that falls back and claims a pageblock",
             "fallback_claim_ns", None)]
    lines = ["| operation | instructions, default boot (debug_pagealloc on) "
             "| instructions, debug_pagealloc=off | target (checks off) |",
             "|---|---|---|---|"]
    for name, key, target in rows:
        on, off = (int(r[key]) / NS_PER_INSN for r in runs)
        verdict = "" if target is None else (
            f"<= {target}: {'met' if off <= target else 'missed'}")
        lines.append(f"| {name} | {on:.0f} | {off:.0f} | {verdict} |")
    p = subprocess.run(["make", "-s", "bench-host"], cwd=ROOT,
                       capture_output=True, text=True)
    if p.returncode:
        raise SystemExit("make bench-host failed:\n" + p.stderr[-3000:])
    host = "\n".join(line for line in p.stdout.splitlines()
                     if "instructions/" in line)
    return ("## Page allocator\n\n"
            f"Zone {runs[1]['zone']}; {runs[1]['claims']} fallbacks "
            "claimed their pageblock. The default boot checks every page "
            "it hands out and takes back (debug_pagealloc: poisoning, "
            "bypassing the per-CPU lists), which is what these figures "
            "cost a default kernel; debug_pagealloc=off measures the "
            "allocator alone.\n\n" + "\n".join(lines) +
            "\n\nThe same code built for the host (-O2), counted by "
            "callgrind (`make bench-host`):\n\n```\n" + host.strip() +
            "\n```\n")


def gib(mem):
    """The size @mem ("512M", "8G") in GiB."""
    return int(mem[:-1]) / (1024 if mem.endswith("M") else 1)


def compact_section(sizes):
    lines = ["| memory | pattern | free pages | blocks before | after | "
             "capable free | after/capable | migrated | min | migrated/min | ns/page | "
             "copy ns | ns/page / copy | mismatches |",
             "|" + "---|" * 14]
    per_gib = []
    for mem in sizes:
        for r in bench_lines(mem, [f"bench compact {p}" for p in PATTERNS]):
            after, mx = int(r["blocks_after"]), int(r["blocks_capable_free"])
            mig, mn = int(r["migrated"]), int(r["min_migrated"])
            ns, copy = int(r["ns_per_page"]), int(r["copy_ns_per_page"])
            lines.append(
                f"| {mem} | {r['pattern']} | {r['free_pages']} | "
                f"{r['blocks_before']} | {after} | {mx} | "
                f"{after / mx:.3f} | {mig} | {mn} | {mig / mn:.3f} | {ns} | "
                f"{copy} | {ns / copy:.2f} | {r['mismatches']} |")
            per_gib.append((mem, r["pattern"], ns * mig / 1e6 / gib(mem)))
    cost = "\n".join(f"- {m} {p}: {c:.0f} ms of compaction per GiB"
                     for m, p, c in per_gib)
    for pat in PATTERNS:
        c = [x for _, p, x in per_gib if p == pat]
        cost += (f"\n- {pat}: max/min over the sizes {max(c) / min(c):.2f} "
                 f"(target <= 1.2: {'met' if max(c) <= 1.2 * min(c) else 'missed'})")
    return ("## Compaction (`bench compact`)\n\n"
            "Targets: after/capable >= 0.99 for every pattern; ns/page / copy "
            "<= 2.0; cost per GiB roughly constant across sizes.\n\n" +
            "\n".join(lines) + "\n\nFull-compaction cost per GiB of RAM "
            "(ns/page x pages migrated / GiB):\n\n" + cost + "\n")


def antifrag_section():
    on = bench_lines("1G", ["bench antifrag"])[0]
    off = bench_lines("1G", ["bench antifrag"],
                      cmdline="debug_pagealloc=off nogrouping")[0]
    rows = ["| grouping by mobility | pageblocks | mixed pageblocks | "
            "pageblocks free of unmovable pages (could become huge pages) |",
            "|---|---|---|---|"]
    for name, r in (("on (default)", on), ("off (`nogrouping`)", off)):
        blocks = int(r["blocks"])
        mixed, capable = int(r["mixed_blocks"]), int(r["movable_capable_blocks"])
        rows.append(f"| {name} | {blocks} | {mixed} ({100 * mixed / blocks:.0f}%) "
                    f"| {capable} ({100 * capable / blocks:.0f}%) |")
    return ("## Grouping by mobility (`bench antifrag`)\n\n"
            "The mixed workload (every tenth allocation a long-lived "
            "unmovable page, a random half of the movable pages freed), "
            "then movable churn with one unmovable allocation in ten, at "
            "1 GiB; the same kernel booted with and without `nogrouping`. "
            "A mixed pageblock holds both unmovable and movable pages: no "
            "compaction can ever free it.\n\n" + "\n".join(rows) + "\n")


def kpool_section():
    rows = ["| memory | kernel share | kernel pages | pool pages | free pages "
            "| free 2 MiB blocks | ratio | pool pages moved | mismatches |",
            "|" + "---|" * 9]
    for mem in ("512M", "1G"):
        for r in bench_lines(mem, ["bench kpool compact"]):
            rows.append(f"| {mem} | {r['kernel']} | {r['kernel_pages']} | "
                        f"{r['pool_pages']} | {r['free_pages']} | "
                        f"{r['blocks_after']} | {r['ratio']} | "
                        f"{r['pool_pages_moved']} | "
                        f"{int(r['mismatches']) + int(r['object_mismatches'])} |")
    rules = ["| grouping, rules | churn | pollution | polluted blocks | "
             "unmovable pages | fallbacks | steals | steals, last quarter |",
             "|" + "---|" * 8]
    for name, cmdline in (("on, ours", ""), ("on, Linux's", " linux_fallback"),
                          ("off", " nogrouping")):
        for r in bench_lines("1G", ["bench antifrag", "bench kpool antifrag"],
                             cmdline="debug_pagealloc=off" + cmdline):
            churn = "long, tight" if "steps" in r else "bench antifrag"
            rules.append(f"| {name} | {churn} | {r['pollution']} | "
                         f"{r['polluted_blocks']} | {r['unmovable_pages']} | "
                         f"{r['fallbacks']} | {r['steals']} | "
                         f"{r['last_steals']} |")
    return ("## Movable kernel memory and pollution (`bench kpool`)\n\n"
            "`bench kpool compact`: the mixed workload with its kernel share "
            "as plain unmovable pages, then as kpool objects in movable "
            "pages; ratio = free 2 MiB blocks after full compaction / (free "
            "pages / 512). Target: >= 0.95 with the pool.\n\n" +
            "\n".join(rows) + "\n\nPollution = pageblocks holding "
            "unmovable pages / ceil(unmovable pages / 512), after the churn "
            "of `bench antifrag` and after `bench kpool antifrag` (four "
            "times longer, two thirds mapped, unmovable pages dying too), "
            "at 1 GiB. Target: <= 1.10, steals 0 at the end.\n\n" +
            "\n".join(rules) + "\n")


def churn_section():
    on = bench_lines("512M", ["bench churn"])[0]
    off = bench_lines("512M", ["bench churn"],
                      cmdline="debug_pagealloc=off kcompactd=off")[0]
    stall_on, stall_off = int(on["compact_stall"]), int(off["compact_stall"])
    p99_on, p99_off = int(on["p99_cycles"]), int(off["p99_cycles"])
    fewer = 100.0 * (1 - stall_on / stall_off) if stall_off else 0.0
    rows = ["| kcompactd | order-9 successes | compact_stall | "
            "compact_daemon_wake | p50 (TSC cycles) | p99 (TSC cycles) | "
            "max (TSC cycles) |",
            "|---|---|---|---|---|---|---|"]
    for name, r in (("on, proactiveness 20", on), ("off", off)):
        rows.append(f"| {name} | {r['success']}/{r['requests']} | "
                    f"{r['compact_stall']} | {r['compact_daemon_wake']} | "
                    f"{r['p50_cycles']} | {r['p99_cycles']} | "
                    f"{r['max_cycles']} |")
    return ("## Proactive compaction under churn (`bench churn`)\n\n"
            "25 rounds, each on a fresh workload filled to the watermarks "
            "and half freed at random: a thread keeps freeing and "
            "refaulting random pages while 40 order-9 GFP_HIGHUSER_MOVABLE "
            "requests come 100 ms apart and keep what they get. "
            f"{on['requests']} latencies in all; p50 and p99 are "
            "nearest-rank percentiles of them, max the largest. Targets: "
            "at least 90% fewer compact_stall and 10x lower p99 latency "
            "with kcompactd.\n\n" + "\n".join(rows) +
            f"\n\ncompact_stall {fewer:.0f}% fewer; p99 "
            f"{p99_off / max(p99_on, 1):.0f}x lower.\n")


TCG_BOOTS = 5


def median_spread(values):
    """Median of @values and their spread (min..max) as text."""
    v = sorted(values)
    return v[len(v) // 2], f"{v[0]}..{v[-1]}"


def copy_section():
    """`bench copy` under icount (instructions) and plain TCG (5 boots)."""
    icount = bench_lines("512M", ["bench copy"])
    tcg = [bench_lines("512M", ["bench copy"], extra=[])
           for _ in range(TCG_BOOTS)]
    chosen = [r for r in icount if "chosen" in r][0]["chosen"]
    rows = ["| variant | icount hot (insns) | icount cold (insns) | TCG hot "
            "ns, median (spread) | TCG cold ns, median (spread) |",
            "|---|---|---|---|---|"]
    for r in (r for r in icount if "variant" in r):
        name = r["variant"]
        cells = []
        for key in ("ns_hot", "ns_cold"):
            vals = [int(x[key]) for boot in tcg for x in boot
                    if x.get("variant") == name]
            med, spread = median_spread(vals)
            cells.append(f"{med} ({spread})")
        mark = " (chosen)" if name == chosen else ""
        rows.append(f"| {name}{mark} | {int(r['ns_hot']) // NS_PER_INSN} | "
                    f"{int(r['ns_cold']) // NS_PER_INSN} | {cells[0]} | "
                    f"{cells[1]} |")
    return ("## The page copy (`bench copy`)\n\n"
            "Each variant's median over 1024 copies of 4 KiB, cache-hot (the "
            "same two pages) and cold (pages never touched before). Under "
            "icount QEMU counts a string instruction once per element "
            "moved. Plain TCG: medians of the per-boot medians over "
            f"{TCG_BOOTS} boots, with their spread (min..max); these "
            "machines are shared, so the spread is part of the figure.\n\n"
            + "\n".join(rows) + "\n")


def migrate_rows(boot):
    """The step table of one `bench migrate` run, in instructions."""
    steps = [(r["step"], int(r["ns_per_page"])) for r in boot if "step" in r]
    return {name: ns / NS_PER_INSN for name, ns in steps}


def migrate_section():
    """`bench migrate`: per-step instructions with and without the debug
    checks, and plain-TCG wall clock over 5 boots."""
    default = bench_lines("512M", ["bench migrate"], cmdline="")
    nodebug = bench_lines("512M", ["bench migrate"])
    tcg = [bench_lines("512M", ["bench migrate"], extra=[])
           for _ in range(TCG_BOOTS)]
    d, n = migrate_rows(default), migrate_rows(nodebug)
    rows = ["| step | default boot (debug checks) | debug_pagealloc=off |",
            "|---|---|---|"]
    for name in d:
        rows.append(f"| {name} | {d[name]:.0f} | {n[name]:.0f} |")
    totals = []
    for label, boot in (("default boot", default),
                        ("debug_pagealloc=off", nodebug)):
        t = [r for r in boot if "fixed_ns_per_page" in r][0]
        fixed = int(t["fixed_ns_per_page"]) / NS_PER_INSN
        verdict = "met" if fixed <= 500 else "missed"
        totals.append(f"- {label}: {int(t['ns_per_page']) / NS_PER_INSN:.0f} "
                      f"instructions per page, copy "
                      f"{int(t['copy_ns_per_page']) / NS_PER_INSN:.0f}, "
                      f"fixed {fixed:.0f} (target <= 500: {verdict})")
    finals = [[r for r in b if "fixed_ns_per_page" in r][0] for b in tcg]
    ratio = [int(r["ns_per_page"]) / max(int(r["copy_ns_per_page"]), 1)
             for r in finals]
    per_page = median_spread([int(r["ns_per_page"]) for r in finals])
    copy = median_spread([int(r["copy_ns_per_page"]) for r in finals])
    rmed = sorted(ratio)[len(ratio) // 2]
    return ("## Migration, step by step (`bench migrate`)\n\n"
            "Batches of 32 pages, one mapping each, in an active address "
            "space: isolated, migrated by migrate_pages() to pages taken "
            "from a list (as compaction's free scanner hands them over), "
            "read back through the page tables (0 mismatches required). "
            "Instructions per page under icount, medians over 33 "
            "batches; each step's time stamp is measured and taken off.\n\n"
            + "\n".join(rows) + "\n\n" + "\n".join(totals) +
            f"\n\nPlain TCG, {TCG_BOOTS} boots (median, spread): "
            f"{per_page[0]} ns per migrated page ({per_page[1]}), the copy "
            f"{copy[0]} ns ({copy[1]}); per page / the copy in use "
            f"{rmed:.2f}. The target (<= 2.5x the fastest copy of the "
            "same boot) is judged on `bench copy`'s fastest hot variant: "
            "see the copy table.\n")


def tcg_compact_boots(sizes):
    """@TCG_BOOTS plain-TCG boots of `bench compact random` per size, the
    sizes taken in turn (512M, 1G, ..., then 512M again): a slow spell of
    the shared host then lands on every size, not on all boots of one.
    Returns {size: [bench line, ...]} and the load averages seen."""
    boots = {mem: [] for mem in sizes}
    loads = []
    for _ in range(TCG_BOOTS):
        for mem in sizes:
            loads.append(os.getloadavg()[0])
            boots[mem].append(bench_lines(mem, ["bench compact random"],
                                          extra=[])[0])
    return boots, loads


def compact_tcg_row(mem, boots):
    """One size's table row, and its medians of the cost per GiB: in ms,
    and in copies of 4 KiB timed in the same boot (thousands)."""
    ns = [int(r["ns_per_page"]) for r in boots]
    copy = [int(r["copy_ns_per_page"]) for r in boots]
    fast = [int(r["fastest_copy_ns_per_page"]) for r in boots]
    ms = [n * int(r["migrated"]) / 1e6 / gib(mem) for n, r in zip(ns, boots)]
    kcopies = [m * 1e3 / c for m, c in zip(ms, copy)]
    ratio = [n / max(f, 1) for n, f in zip(ns, fast)]
    share = [float(r["cpu_share"]) for r in boots]
    (ns_med, ns_spread), (copy_med, copy_spread) = (median_spread(ns),
                                                    median_spread(copy))
    ms_med, kc_med = median_spread(ms)[0], median_spread(kcopies)[0]
    row = (f"| {mem} | {ns_med} ({ns_spread}) | {copy_med} ({copy_spread}) "
           f"| {median_spread(fast)[0]} | {median_spread(ratio)[0]:.1f} | "
           f"{ms_med:.0f} ({fmt_spread(ms, '.0f')}) | "
           f"{kc_med:.0f} ({fmt_spread(kcopies, '.0f')}) | "
           f"{median_spread(share)[0]:.2f} ({fmt_spread(share, '.2f')}) |")
    return row, ms_med, kc_med


def fmt_spread(values, fmt):
    """min..max of @values, each formatted with @fmt."""
    return f"{min(values):{fmt}}..{max(values):{fmt}}"


def compact_tcg_section(sizes):
    """Full-compaction cost per GiB in wall time under plain TCG."""
    boots, loads = tcg_compact_boots(sizes)
    lines = ["| memory | ns/page, median (spread) | copy ns, median (spread) "
             "| fastest copy ns | ns/page / fastest | ms per GiB, median "
             "(spread) | per GiB in copies of the same boot (thousands), "
             "median (spread) | QEMU's CPU share, median (spread) |",
             "|---|---|---|---|---|---|---|---|"]
    ms, kc = [], []
    for mem in sizes:
        row, m, k = compact_tcg_row(mem, boots[mem])
        lines.append(row)
        ms.append(m)
        kc.append(k)
    flat, flat_kc = max(ms) / min(ms), max(kc) / min(kc)
    return ("## Compaction in wall time (plain TCG)\n\n"
            f"`bench compact random`, {TCG_BOOTS} boots per size, no icount, "
            "the sizes booted in turn (one boot of each size, then the "
            "next round) so that a slow spell of the shared host falls on "
            "every size alike; host load average "
            f"{fmt_spread(loads, '.1f')} over the boots. Medians over the "
            "boots, spread min..max. The column in copies divides each "
            "boot's cost per GiB by the 4 KiB copy timed in the same boot: a "
            "difference between sizes that it does not show came from the "
            "host, not the kernel. The copy is timed once, after the "
            "compaction, so it misses a slow spell during it; QEMU's CPU "
            "share (the CPU time QEMU got over the wall time of the "
            "command) covers the whole command: well below 1, the host "
            "made the boot slow. Reported, never asserted in `make "
            "test`.\n\n" + "\n".join(lines) +
            f"\n\nmax/min cost per GiB: {flat:.2f} (target <= 1.2: "
            f"{'met' if flat <= 1.2 else 'missed'}); in copies of the same "
            f"boot: {flat_kc:.2f}.\n")


SMP_MEM = "64M"
SMP_CMDLINE = "debug_pagealloc=off kcompactd=off"
SMP_BOOTS = 3  # boots per SMP figure: see the section's text
SMP_WRITERS = (1, 2, 3, 4)
SMP_MTTCG_WRITERS = 3  # as the tlb suite runs them
SMP_DRAIN_CPUS = (1, 2, 4, 8)
BATCHING = (("batched", ""), ("unbatched", " migrate_batch=off"))
MTTCG = ["-accel", "tcg,thread=multi"]


def smp_boots(jobs):
    """Run @jobs ((key, cpus, command, cmdline, extra) each) two boots at
    a time; {key: [bench line of each boot]}. One CPU under icount repeats
    exactly: one boot."""
    runs = [job for job in jobs
            for _ in range(SMP_BOOTS if job[1] > 1 else 1)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        lines = pool.map(lambda r: bench_lines(SMP_MEM, [r[2]], cmdline=r[3],
                                               smp=r[1], extra=r[4])[0],
                         runs)
        out = {}
        for job, line in zip(runs, lines):
            out.setdefault(job[0], []).append(line)
    return out


def smp_migrate_boots():
    """`bench smp migrate N` on N + 1 CPUs, batched and not, under icount
    (N = 0: the migrating CPU alone) and, for SMP_MTTCG_WRITERS, under
    multi-threaded TCG."""
    n = SMP_MTTCG_WRITERS
    jobs = [((w, label, "icount"), w + 1, f"bench smp migrate {w}",
             SMP_CMDLINE + flag, ICOUNT)
            for w in (0,) + SMP_WRITERS for label, flag in BATCHING]
    jobs += [((n, label, "mttcg"), n + 1, f"bench smp migrate {n}",
              SMP_CMDLINE + flag, MTTCG) for label, flag in BATCHING]
    return smp_boots(jobs)


def smp_ipi_row(runs, key):
    """One row of the IPI table: the medians over @key's boots."""
    n, label, tcg = key
    boots = runs[key]
    per = median_spread([int(b["ipis"]) / int(b["migrated"]) / n
                         for b in boots])[0]
    mig = median_spread([int(b["migrated"]) for b in boots])[0]
    ipis = median_spread([int(b["ipis"]) for b in boots])[0]
    target = (f"<= 1/32: {'met' if per <= 1 / 32 else 'missed'}"
              if label == "batched" else
              f"<= 1: {'met' if per <= 1 else 'missed'}")
    clock = "icount" if tcg == "icount" else "multi-threaded"
    return (f"| {n} | {clock} | {label} | {mig} | {ipis} | {per * n:.3f} | "
            f"{per:.3f} | {target} |")


def smp_ipi_rows(runs):
    rows = ["| CPUs writing | TCG | batching | pages migrated | shootdown IPIs "
            "| IPIs per page | IPIs per page per writing CPU | target |",
            "|" + "---|" * 8]
    keys = [(n, label, "icount") for n in SMP_WRITERS
            for label, _ in BATCHING]
    keys += [(SMP_MTTCG_WRITERS, label, "mttcg") for label, _ in BATCHING]
    return rows + [smp_ipi_row(runs, key) for key in keys]


def smp_throughput_rows(runs):
    rows = ["| CPUs writing | batched: pages/s, median (spread) | unbatched: "
            "pages/s, median (spread) | batched / unbatched |",
            "|---|---|---|---|"]
    for n in (0,) + SMP_WRITERS:
        cells, meds = [], []
        for label, _ in BATCHING:
            rate = [round(int(b["migrated"]) * 1e9 / int(b["ns"]))
                    for b in runs[(n, label, "icount")]]
            med, spread = median_spread(rate)
            meds.append(med)
            cells.append(f"{med} ({spread})" if len(rate) > 1 else str(med))
        name = "none (1 CPU)" if n == 0 else str(n)
        rows.append(f"| {name} | {cells[0]} | {cells[1]} | "
                    f"{meds[0] / meds[1]:.1f} |")
    return rows


def smp_drain_rows():
    runs = smp_boots([(n, n, "bench smp drain", SMP_CMDLINE, ICOUNT)
                      for n in SMP_DRAIN_CPUS])
    rows = ["| CPUs | local drain (ns) | drain_all_pages() (ns), median "
            "(spread) | per remote CPU (ns) | drain_all_pages() / local |",
            "|---|---|---|---|---|"]
    for n in SMP_DRAIN_CPUS:
        local = median_spread([int(b["local_ns"]) for b in runs[n]])[0]
        every, spread = median_spread([int(b["all_ns"]) for b in runs[n]])
        per = (every - local) // (n - 1) if n > 1 else "-"
        rows.append(f"| {n} | {local} | {every} ({spread}) | {per} | "
                    f"{every / local:.1f} |")
    return rows


def smp_section():
    """`bench smp`: shootdown IPIs and migration throughput under writers,
    batched and not, and the cost of drain_all_pages()."""
    runs = smp_migrate_boots()
    boots = [b for v in runs.values() for b in v]
    bad = sum(int(b["mismatches"]) for b in boots)
    unequal = sum(b["ipis"] != b["ipis_received"] for b in boots)
    return ("## SMP: shootdowns, migration under writers, remote drains "
            "(`bench smp`)\n\n"
            f"`bench smp migrate N`: a {SMP_MEM} guest with N + 1 CPUs, "
            "`mkfrag random 100`, N writer threads on the other CPUs "
            "(`writers N`) while the shell's CPU compacts the whole node; "
            "the same with `migrate_batch=off` (one shootdown per page). "
            "A shootdown IPI is counted once per CPU it interrupts "
            "(`nr_tlb_remote_flush`), so a batch that touches the mm of N "
            "writing CPUs costs up to N. "
            f"{len(boots)} boots: {bad} pages read back wrong (writers and "
            f"`verify`), {unequal} boots where IPIs sent and received "
            "differ.\n\n"
            "Under `-icount` QEMU runs the CPUs in turn on one host thread "
            "(round-robin TCG; multi-threaded TCG is refused), and the "
            "virtual clock counts the instructions of all of them: a "
            "writing CPU's instructions take time from the migrating one, "
            "and a CPU that waits for another (an IPI's answer, a ticket "
            "lock) waits until the other's turn ends. The figures therefore "
            "compare batching and CPU counts on one model, not a real "
            "machine's speed. Which CPU runs when depends on when the "
            "command arrived, so with more than one CPU the runs differ: "
            f"each figure is the median of {SMP_BOOTS} boots, with their "
            "spread. Plain TCG would give wall-clock figures, but with up to "
            "five CPUs on a shared two-core host they would measure the "
            "host's load.\n\n"
            "Shootdown IPIs per migrated page. Targets: batched <= 1/32 per "
            "writing CPU, unbatched 1 (every page its own shootdown). A "
            "shootdown goes only to the CPUs that have the mm loaded: a "
            "writer waiting for a page being migrated has switched to its "
            "CPU's idle thread, and that CPU needs no IPI, so the figure "
            "falls below the target where writers wait often. The "
            f"multi-threaded rows run the tlb suite's {SMP_MTTCG_WRITERS} "
            "writers with the CPUs really at once: counts, not times, "
            "which the host's load moves only through how often a writer "
            "is caught waiting.\n\n"
            + "\n".join(smp_ipi_rows(runs)) +
            "\n\nMigration throughput: pages migrated per second of "
            "virtual time (whole-node compaction, scanning included).\n\n"
            + "\n".join(smp_throughput_rows(runs)) +
            "\n\nThe runs with writers vary most when unbatched: each page's "
            "unmap and shootdown meets writers faulting on its migration "
            "entry, all taking the mm's page_table_lock, and under "
            "round-robin a ticket lock handed to a CPU waits for that CPU's "
            "turn. Some boots, batched and unbatched, logged `spinlock "
            "lockup suspected` warnings (page_table_lock \"being handed "
            "over\" for over a second of virtual time). The medians say "
            "which mode is faster under writers, not by how much on real "
            "hardware." +
            "\n\n`bench smp drain`: the median of 255 calls of "
            "drain_local_pages() and of drain_all_pages(), every per-CPU "
            "list already empty, the other CPUs idle: the difference is "
            "what reaching them costs (the call-function IPI, their "
            "handlers, the wait for the last), shared out per remote "
            "CPU.\n\n" + "\n".join(smp_drain_rows()) + "\n")


NOTES = """## Reading the figures

- **Instruction counts under icount.** QEMU counts a string instruction
  once per element moved: a 4 KiB `rep movsb` is about 4100
  "instructions", `rep movsq` about 520, the unrolled loop about 1300.
  The kernel copies pages with the routine CPUID chose at boot (`rep
  movsq` on QEMU's default CPU: no ERMS, but rep_good), and
  `copy_ns_per_page` times that routine; `fastest_copy_ns_per_page` the
  fastest of the three in the same boot. The fixed cost of migrating a
  page besides its copy is ns/page - copy ns, divided by 8 for
  instructions.
- **Wall time under plain TCG.** There a copy costs what QEMU's code for
  it costs: `rep movsb` runs a helper per byte, and a page the guest has
  not touched lately misses QEMU's software TLB, so cold copies cost
  several times hot ones. Figures vary by tens of percent from boot to
  boot on a shared machine; the spread says how much.
- **blocks_capable_free** (capable free) is the free pages lying in
  pageblocks that hold no unmovable page, divided by 512, per zone: not a
  maximum (hence not called one). Full compaction can exceed it slightly
  (after/capable above 1), because the free
  pages of a movable pageblock pinned by a few unmovable pages can still
  take migrated pages.
- **min_migrated** is what emptying the emptiest capable pageblocks first
  would move to reach blocks_after; migrated/min shows how much the two
  scanners' order (bottom up, into the top) costs over that.
"""


def contig_section():
    cma = bench_lines("1G", ["bench contig"],
                      cmdline="debug_pagealloc=off cma=512M")
    rand = bench_lines("1G", ["bench contig random", "bench compact random"])
    area, runs, verify = cma[0], cma[1:-1], cma[-1]
    compact_ns = int(rand[1]["ns_per_page"])
    lines = ["| size | ok | ms per MiB | occupied pages | migrated | "
             "migrated/occupied | ns per migrated page | passes |",
             "|" + "---|" * 8]
    for r in runs:
        occ, mig = int(r["occupied"]), int(r["migrated"])
        lines.append(f"| {r['size_mib']} MiB | {r['ok']} | "
                     f"{r['ms_per_mib']} | {occ} | {mig} | "
                     f"{mig / occ if occ else 1:.2f} | "
                     f"{r['ns_per_migrated']} | {r['passes']} |")
    rr = rand[0]
    reasons = ", ".join(f"{k} {rr[k]}" for k in
                        ("unmovable", "pinned", "reserved", "hole", "race",
                         "nomem"))
    return ("## Contiguous allocations (`bench contig`)\n\n"
            "1 GiB guest booted with `cma=512M`; `mkfrag random 95` left "
            f"{area['occupied']} of the area's {area['pages']} pages "
            "occupied. Each size is allocated with `cma_alloc()` and held "
            "while the next is made. Targets: migrated/occupied = 1.00; "
            "success 1.00 with no pins.\n\n" + "\n".join(lines) +
            f"\n\n`verify` after them: {verify['mismatches']} mismatches "
            f"in {verify['pages']} pages. Compaction (`bench compact "
            f"random`, same guest without CMA) costs {compact_ns} ns per "
            "migrated page.\n\n"
            f"Self-test (e)'s run (`bench contig random`: {rr['rounds']} "
            "`alloc_contig_pages()` of 64 KiB..64 MiB after `mkfrag "
            f"mixed`): {rr['success']} succeeded; failures: {reasons}.\n")


def main(argv):
    quick = "--quick" in argv
    subprocess.run(["make", "-s", "all"], cwd=ROOT, check=True)
    sizes = ["512M"] if quick else ["512M", "1G", "4G", "8G"]
    sections = {"alloc": alloc_section, "antifrag": antifrag_section,
                "copy": copy_section, "migrate": migrate_section,
                "compact": lambda: compact_section(sizes),
                "compact_tcg": lambda: compact_tcg_section(sizes),
                "churn": churn_section, "contig": contig_section,
                "kpool": kpool_section, "smp": smp_section}
    wanted = [a for a in argv if not a.startswith("--")]
    if wanted and "--update" not in argv:
        for name in wanted:
            print(sections[name]())
        return
    path = os.path.join(ROOT, "docs", "BENCHMARKS.md")
    order = ("alloc", "antifrag", "kpool", "copy", "migrate", "compact",
             "compact_tcg", "churn", "contig", "smp")
    done = run_sections(sections, wanted or order)
    if wanted:
        with open(path) as f:
            text = f.read()
        for name in wanted:
            text = replace_section(text, done[name])
    else:
        text = "\n".join([HEADER.format(boots=TCG_BOOTS)] +
                         [done[name] for name in order] + [NOTES])
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {path}")


HEADER = """# Benchmarks

Written by `make bench` (tools/bench.py): QEMU (TCG) with `-icount
shift=3,sleep=off`, kernel command line `debug_pagealloc=off` unless a
section says otherwise. Under icount the guest TSC runs at 1 GHz of virtual
time and each instruction takes 8 ns, so every figure repeats exactly and
ns / 8 counts instructions. Wall-clock figures under plain TCG (no icount)
are medians of {boots} boots with their spread: reported, never asserted.
Each section says when it was measured and how busy the host was (its
load average, which matters to the wall-clock figures only).
"""


def stamped(section):
    """@section's text, its date and the host's load under the heading."""
    load = os.getloadavg()[0]
    text = section()
    head, _, body = text.partition("\n\n")
    return (f"{head}\n\nMeasured {datetime.date.today().isoformat()}, "
            f"host load average {load:.1f} at the start.\n\n{body}")


def run_sections(sections, names):
    """Run @names: the icount ones two at a time (their figures do not
    depend on the host's load), then the wall-clock ones alone."""
    wall = ("copy", "compact_tcg")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {n: pool.submit(stamped, sections[n]) for n in names
                   if n not in wall}
        done = {n: f.result() for n, f in futures.items()}
    for n in names:
        if n in wall:
            done[n] = stamped(sections[n])
    return done


def replace_section(text, section):
    """@text with its section of @section's heading replaced by @section."""
    heading = section.split("\n", 1)[0]
    start = text.find(heading + "\n")
    if start < 0:
        raise SystemExit(f"{heading!r} is not in docs/BENCHMARKS.md: "
                         "run `make bench` to write it whole")
    end = text.find("\n## ", start + len(heading))
    end = len(text) if end < 0 else end + 1
    return text[:start] + section.rstrip("\n") + "\n\n" + text[end:]


if __name__ == "__main__":
    main(sys.argv[1:])
