"""Contiguous allocations: the `cma` and `contig` commands with good and
bad input and their exact reply lines, the CMA pageblocks in `frag`, and
the self-tests that need a machine of their own (the 256 MiB self-test runs
skip them): (a) and (b) of issue 12 on 1 GiB with `cma=64M@512M`, and (d),
the 1 GiB page, on a 4 GiB q35 guest (q35 puts 2 GiB above 4 GiB; on `pc`
the only 1 GiB-aligned range of RAM below 3 GiB is where the kernel's own
allocations go, and ZONE_NORMAL is the 1 GiB that holds the memmap)."""
import os
import re
import shutil
import subprocess
import tempfile

from lib.qemu import QemuError
from lib.result import Result
from lib.session import Session

SUITE = "contig"
CMDLINE = "cma=64M@512M cma_area=camera:16M"
OK_LINE = (r"^{who}: id (\d+): {size} at pfn 0x([0-9a-f]+)-0x([0-9a-f]+), "
           r"migrated (\d+) pages, \d+\.\d{{3}} ms$")
FAIL_LINE = re.compile(r"^(contig|cma): failed \((-EBUSY|-ENOMEM)\): "
                       r"pfn 0x[0-9a-f]+ (pinned|unmovable|reserved|hole|"
                       r"race|nomem)$", re.M)
AREA_LINE = (r"^{name} +0x{base:x} +{size} +{used} +{allocs} +{fails}  "
             r"(.+)$")
VERIFY = re.compile(r"^verify: (\d+) pages, 0 mismatches$", re.M)

BAD_INPUT = [
    ("cma alloc nosuch 4M", "no CMA area 'nosuch'"),
    ("cma alloc default 0", "SIZE"),
    ("cma alloc default abc", "SIZE"),
    ("cma alloc default 65M", "SIZE"),
    ("cma alloc default 5000", "multiple of 4K"),
    ("cma free 999", "no cma allocation 999"),
    ("cma free x", "ID"),
    ("cma bogus 1", "expected 'alloc AREA SIZE' or 'free ID'"),
    ("cma alloc default", "expected 'alloc AREA SIZE' or 'free ID'"),
    ("cma alloc default 4M 5", "at most 3 arguments"),
    ("contig", "needs at least 2 arguments"),
    ("contig alloc 0", "SIZE"),
    ("contig alloc 4M 3M", "ALIGN must be a power of two"),
    ("contig alloc 4M x", "ALIGN"),
    ("contig free 999", "no contig allocation 999"),
    ("contig bogus 1", "expected 'alloc SIZE [ALIGN]' or 'free ID'"),
]


def ok_line(s, line, who, size):
    out = s.ok(line, timeout=120)
    m = re.search(OK_LINE.format(who=who, size=size), out, re.M)
    assert m, f"{line!r}: no success line:\n{out}"
    lines = [l for l in out.splitlines() if l.strip()]
    assert len(lines) == 1, f"{line!r}: one line expected:\n{out}"
    return int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16), \
        int(m.group(4))


def areas_listed(s):
    out = s.ok("cma")
    for name, base, size in (("default", 512 << 20, "64M"),
                             ("camera", None, "16M")):
        pat = AREA_LINE.format(name=name, base=base or 0, size=size,
                               used="0K", allocs=0, fails=0)
        if base is None:
            pat = pat.replace("0x0", "0x[0-9a-f]+")
        assert re.search(pat, out, re.M), f"no line for {name}:\n{out}"
    assert re.search(r"^cma_alloc_success 0 cma_alloc_fail 0$", out, re.M)


def cma_alloc_free(s):
    ident, start, end, _ = ok_line(s, "cma alloc default 32M", "cma", "32M")
    assert start << 12 >= 512 << 20 and (end + 1) << 12 <= 576 << 20
    assert end - start + 1 == 8192, (start, end)
    out = s.ok("cma")
    assert re.search(AREA_LINE.format(name="default", base=512 << 20,
                                      size="64M", used="32M", allocs=1,
                                      fails=0), out, re.M), out
    assert re.search(r"alloc_pages_success 8192 alloc_pages_fail 0", out)
    # The area's pageblocks are CMA in the map.
    s.ok("frag DMA32", expect=r"^0x[0-9a-f]+ .*[cC]")
    s.ok(f"cma free {ident}", expect=rf"^cma: freed id {ident}$")
    s.refused(f"cma free {ident}", f"no cma allocation {ident}")
    s.refused(f"contig free {ident}", f"no contig allocation {ident}")


def contig_alloc_free(s):
    ident, start, end, _ = ok_line(s, "contig alloc 4M", "contig", "4M")
    assert start % 1024 == 0 and end - start + 1 == 1024, (start, end)
    ident2, start2, _, _ = ok_line(s, "contig alloc 64K 1M", "contig", "64K")
    assert start2 % 256 == 0, start2
    s.refused(f"cma free {ident}", f"no cma allocation {ident}")
    s.ok(f"contig free {ident}", expect=rf"^contig: freed id {ident}$")
    s.ok(f"contig free {ident2}", expect=rf"^contig: freed id {ident2}$")


def failure_line(s):
    # More than the largest zone can hold: no candidate at all.
    out = s.ok("contig alloc 900M")
    m = FAIL_LINE.search(out)
    assert m and m.group(2) == "-ENOMEM", out
    # Blocked everywhere: kernel pages in the one 256 MiB candidate below
    # the CMA area, the area itself above it.
    s.ok("mkfrag mixed 90", timeout=120)
    try:
        out = s.ok("contig alloc 256M", timeout=300)
        m = FAIL_LINE.search(out)
        assert m and m.group(1) == "contig" and m.group(2) == "-EBUSY", out
    finally:
        s.ok("release")


def migrate_and_verify(s):
    s.ok("mkfrag random 95", timeout=120)
    try:
        ident, _, _, moved = ok_line(s, "cma alloc default 32M", "cma",
                                     "32M")
        assert moved > 0, "the area was filled: pages should move"
        assert VERIFY.search(s.ok("verify", timeout=120))
        s.ok(f"cma free {ident}")
    finally:
        s.ok("release")


def gdb_mm_cma(s, ctx, sock):
    """mm-cma, with an allocation held, prints what `cma` prints, and the
    area's bitmap holds as many bits as pages in use."""
    ident, _, _, _ = ok_line(s, "cma alloc camera 8M", "cma", "8M")
    shell = [l.rstrip() for l in s.ok("cma").splitlines()
             if l.strip() and not l.startswith("cma_alloc_")]
    tools = os.path.join(ctx.root, "tools", "gdb")
    out = subprocess.run(
        ["timeout", "60", "gdb", "-batch", "-nx",
         "-ex", f"file {os.path.join(ctx.build, 'kernel.elf')}",
         "-ex", "set architecture i386:x86-64",
         "-ex", "source " + os.path.join(tools, "mm-gdb.py"),
         "-ex", f"target remote {sock}", "-ex", "mm-cma", "-ex", "detach"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True).stdout
    mine = [l.rstrip() for l in out.splitlines()]
    for line in shell:
        assert line in mine, f"mm-cma lacks {line!r}:\n{out}"
    assert re.search(r"^ +bitmap: 2048 of 4096 bits set$", out, re.M), out
    s.ok(f"cma free {ident}")


def bad_input(s, line, needle):
    s.refused(line, needle)


def selftest(s, name):
    s.ok(f"selftest {name}", timeout=900, expect=rf"^ok 1 {name}$")


def checks(s, todo):
    dead = None
    for name, fn, *args in todo:
        if dead:
            yield Result(name, False, f"not run: {dead}")
            continue
        try:
            fn(s, *args)
            yield Result(name, True)
        except QemuError as e:
            if s.vm.proc.poll() is not None:
                dead = f"QEMU exited during '{name}'"
            yield Result(name, False, str(e))
        except AssertionError as e:
            yield Result(name, False, f"{e}\n--- log tail ---\n"
                         f"{s.vm.text[-2500:]}")


def run(ctx):
    sock_dir = tempfile.mkdtemp(prefix="mm-contig-")
    sock = os.path.join(sock_dir, "gdb.sock")
    todo = [("cma lists both areas", areas_listed)]
    todo += [(f"refused: {line!r}", bad_input, line, needle)
             for line, needle in BAD_INPUT]
    todo += [
        ("cma alloc, the area's figures, frag's c, cma free", cma_alloc_free),
        ("contig alloc with and without ALIGN, contig free",
         contig_alloc_free),
        ("the failure line", failure_line),
        ("mm-cma in GDB agrees with `cma`", gdb_mm_cma, ctx, sock),
        ("cma alloc migrates a filled area; verify",
         migrate_and_verify),
        ("(a) self-test on cma=64M@512M", selftest,
         "contig_cma_migrates_exactly_the_occupied"),
        ("(b) self-test on cma=64M@512M", selftest,
         "contig_cma_pinned_page_named"),
    ]
    gdbstub = ["-chardev", f"socket,path={sock},server=on,wait=off,id=gdb0",
               "-gdb", "chardev:gdb0"]
    with Session(mem="1G", cmdline=CMDLINE, timeout=600,
                 extra=gdbstub) as s:
        yield from (Result(f"1G {CMDLINE}: {r.name}", r.ok, r.diag)
                    for r in checks(s, todo))
        s.vm.halt()
    shutil.rmtree(sock_dir, ignore_errors=True)
    with Session(mem="4G", machine="q35", timeout=900) as s:
        yield from (Result(f"4G q35: {r.name}", r.ok, r.diag)
                    for r in checks(s, [("(d) a 1 GiB page after mkfrag "
                                         "random 90", selftest,
                                         "contig_gigantic")]))
        s.vm.halt()
