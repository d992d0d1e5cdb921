"""The scripted migration session: what migrate-walkthrough.gdb shows, as
assertions. tests/suites/70_gdb.py runs it in gdb -batch against QEMU's
gdbstub while it types the shell commands on the serial line:

    gdb -batch -nx -ex 'file build/kernel.elf' \
        -ex 'set architecture i386:x86-64' \
        -ex 'source tools/gdb/mm-gdb.py' -ex 'target remote SOCKET' \
        -x tools/gdb/migrate-check.py

Two stops with the shell idle: gdb stops in shell_exec() on an empty line.
At the first (after `mkfrag`) it picks a mapped workload page and writes
its address and pfn to idle.json; the suite then runs the shell's `page`,
`pte`, `frag` and `stats` and sends the second empty line, at which this
script saves what mm-buddyinfo, mm-pagetypeinfo, mm-vmstat, mm-pte,
mm-page, mm-pageblock and mm-frame say, for the suite to compare with the
shell's output. Then, during `compact`:
stop in migrate_pages() (called from compact_zone()), then in the per-page
steps, and assert that the page's PTE maps the old pfn before the unmap,
is a migration entry after it, maps the new pfn after the remap, and that
the new frame holds the old frame's bytes. Then detach: the guest runs on.

Results go to $MM_GDB_OUT (default: the current directory) as
check.json and one .txt per command. gdb exits with status 1 if an
assertion fails.
"""
import json
import os

import gdb

from mm_gdb.constants import C
from mm_gdb import frame, page, pgtable

OUT = os.environ.get("MM_GDB_OUT", ".")
MAX_UNMAP_TRIES = 32  # pages skipped because they were freed or pinned
results = {"steps": []}


class CheckFailed(Exception):
    pass


def log(msg):
    gdb.write(f"migrate-check: {msg}\n")
    gdb.flush()


def run(cmd):
    return gdb.execute(cmd, to_string=True)


def save(name, text):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(text)


def check(cond, msg):
    results["steps"].append({"ok": bool(cond), "what": msg})
    log(("ok: " if cond else "FAILED: ") + msg)
    if not cond:
        raise CheckFailed(msg)


def value(expr):
    return int(gdb.parse_and_eval(expr)) & ((1 << 64) - 1)


def hbreak(location, condition=None):
    bp = gdb.Breakpoint(location, type=gdb.BP_HARDWARE_BREAKPOINT)
    if condition:
        bp.condition = condition
    return bp


def cont_to(bp):
    """Continue until @bp is hit (other stops are errors)."""
    hits = bp.hit_count
    run("continue")
    check(bp.hit_count == hits + 1, f"stopped at {bp.location}")


def pte_of(va):
    value, _ = pgtable.lookup(pgtable.mm_pgd_pa(workload_mm()), va)
    return value


def workload_mm():
    return pgtable.mm_from_value(gdb.parse_and_eval("workload"))


def pick_page():
    """Idle stop 1: a mapped workload page, for both sides to decode."""
    npages = value("workload->npages")
    live = value("workload->live")
    index = None
    for i in range(npages):
        word = value(f"((unsigned long *){live:#x})[{i // 64}]")
        if word >> (i % 64) & 1:
            index = i
            break
    check(index is not None, "the workload has a live page")
    va = C.WORKLOAD_BASE + index * C.PAGE_SIZE
    walk = pgtable.Walk(pgtable.mm_pgd_pa(workload_mm()), va)
    check(walk.pfn is not None, f"workload page {index} at {va:#x} is mapped")
    results["idle"] = {"index": index, "va": va, "pfn": walk.pfn,
                       "version": value(f"workload->version[{index}]")}
    save("idle.json", json.dumps(results["idle"]))


def snapshot_idle():
    """Idle stop 2: the mm- commands, right after the shell's own."""
    idle = results["idle"]
    va, pfn = idle["va"], idle["pfn"]
    for name, cmd in (("buddyinfo", "mm-buddyinfo"),
                      ("pagetypeinfo", "mm-pagetypeinfo"),
                      ("vmstat", "mm-vmstat")):
        save(f"{name}.txt", run(cmd))
    check_functions(pfn)
    save("pte.txt", run(f"mm-pte workload {va:#x}"))
    save("pte_kernel.txt", run("mm-pte &contig_page_data"))
    save("page.txt", run(f"mm-page {pfn:#x}"))
    save("pageblock.txt", run(f"mm-pageblock {pfn:#x}"))
    save("frame.txt", run(f"mm-frame {pfn:#x} 64"))
    save("frame.bin", frame.read_frame(pfn).hex())


def check_functions(pfn):
    """The convenience functions against the kernel's own arithmetic."""
    page_addr = value(f"$pfn_to_page({pfn:#x})")
    check(page_addr == C.VMEMMAP_START + pfn * value("sizeof(struct page)"),
          f"$pfn_to_page({pfn:#x}) is vmemmap + pfn")
    check(value(f"$page_to_pfn({page_addr:#x})") == pfn,
          "$page_to_pfn inverts $pfn_to_page")
    sym = value("&contig_page_data")
    check(value("$virt_to_phys(&contig_page_data)") == sym - C.KERNEL_VMA,
          "$virt_to_phys of a kernel-image address")
    direct = C.DIRECT_MAP_START + (pfn << C.PAGE_SHIFT) + 0x10
    check(value(f"$virt_to_phys({direct:#x})") == (pfn << C.PAGE_SHIFT) + 0x10,
          "$virt_to_phys of a direct-map address")


def stop_in_unmap(bp):
    """Continue to migrate_page_unmap() until it unmaps a page (returns 0);
    returns (src, old pfn, address, pte before)."""
    for _ in range(MAX_UNMAP_TRIES):
        cont_to(bp)
        src = value("src")
        old = page.page_to_pfn(src)
        p = page.read_page(old)
        maps = page.rmap_mappings(p)
        va = maps[0][1] if maps else None
        before = pte_of(va) if va is not None else 0
        run("finish")
        rc = value("$rax") & 0xffffffff
        if rc == 0 and va is not None:
            return src, old, va, before
        log(f"pfn {old:#x} not unmapped (rc {rc:#x}); next page")
    raise CheckFailed("no page was unmapped")


def follow_migration():
    """Stops 2..: one page through migrate_pages()."""
    bp = hbreak("migrate_pages")
    cont_to(bp)
    bt = run("bt")
    check("compact_zone" in bt, "migrate_pages() was called from "
          "compact_zone()")
    bp.delete()

    bp = hbreak("migrate_page_unmap")
    src, old, va, before = stop_in_unmap(bp)
    bp.delete()
    gdb.set_convenience_variable("src_page", gdb.Value(src))
    step = {"old_pfn": old, "va": va, "pte_before": before}
    check(before & C._PAGE_PRESENT and pgtable.entry_pfn(before) == old,
          f"before the unmap, the PTE of {va:#x} ({before:#x}) maps the old "
          f"pfn {old:#x}")
    mid = pte_of(va)
    step["pte_unmapped"] = mid
    check(pgtable.is_migration_entry(mid) and pgtable.entry_pfn(mid) == old,
          f"after the unmap, the PTE ({mid:#x}) is a migration entry for "
          f"pfn {old:#x}")

    bp = hbreak("migrate_batch_flush")
    cont_to(bp)
    run("finish")
    bp.delete()
    check(pgtable.is_migration_entry(pte_of(va)),
          "after the TLB flush, the PTE is still a migration entry")

    bp = hbreak("migrate_page_move", f"src == {src:#x}")
    cont_to(bp)
    dst = value("dst")
    new = page.page_to_pfn(dst)
    step["new_pfn"] = new
    bp.delete()
    bp = hbreak("remove_migration_ptes", f"src == {src:#x}")
    cont_to(bp)  # copy_highpage() is done, the PTE not yet changed
    bp.delete()
    old_bytes = frame.read_frame(old)
    new_bytes = frame.read_frame(new)
    check(new != old, f"the new frame {new:#x} is another frame")
    check(old_bytes == new_bytes, f"after the copy, frame {new:#x} holds the "
          f"4096 bytes of frame {old:#x}")
    check(frame.read_frame(new, 64, "qemu") == new_bytes[:64],
          "QEMU's physical-memory mode reads the same bytes")
    check(pgtable.is_migration_entry(pte_of(va)),
          "before the remap, the PTE is still a migration entry")
    run("finish")
    after = pte_of(va)
    step["pte_after"] = after
    check(after & C._PAGE_PRESENT and pgtable.entry_pfn(after) == new,
          f"after the remap, the PTE ({after:#x}) maps the new pfn {new:#x}")
    results["migration"] = step


def main():
    idle = hbreak("shell_exec", "line[0] == 0")
    cont_to(idle)
    pick_page()
    cont_to(idle)
    snapshot_idle()
    idle.delete()
    follow_migration()
    log("all checks passed; detaching")


try:
    main()
    ok = True
except (CheckFailed, gdb.error) as e:
    log(f"FAILED: {e}")
    ok = False
results["ok"] = ok
save("check.json", json.dumps(results, indent=1))
if ok:
    gdb.execute("detach")
else:
    gdb.execute("quit 1")
