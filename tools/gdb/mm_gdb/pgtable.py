"""Page tables: the four-level walk of x86_64 (4 KiB pages; 2 MiB and 1 GiB
leaves), entries decoded flag by flag, migration entries recognized, and
the mm-pte command.

A 48-bit virtual address splits into four 9-bit table indices and a 12-bit
offset (asm/pgtable_types.h draws it):

    47..39 pgd (PML4)   38..30 pud (PDPT)   29..21 pmd (PD)   20..12 pte (PT)

Each entry holds the physical address of the next table (or of the page)
in bits 12..51. Tables are read as physical memory (utils.read_phys), so a
walk works whichever address space the CPU has loaded.
"""
import gdb

from mm_gdb.constants import C
from mm_gdb import utils

LEVEL_NAMES = {C.PT_LEVEL_PGD: "pgd", C.PT_LEVEL_PUD: "pud",
               C.PT_LEVEL_PMD: "pmd", C.PT_LEVEL_PTE: "pte"}

mm_struct = utils.CachedType("struct mm_struct")
workload_type = utils.CachedType("struct workload")


def level_shift(level):
    return C.PAGE_SHIFT + 9 * (level - 1)


def _flag_bits():
    """(bit value, name) of every one-bit _PAGE_* flag, in bit order; of two
    names for one bit (_PAGE_MIGRATION is _PAGE_SOFTW2) the first defined
    wins."""
    bits = {}
    for name, value in vars(C).items():
        if name.startswith("_PAGE_") and value and value & (value - 1) == 0:
            bits.setdefault(value, name[len("_PAGE_"):])
    return sorted(bits.items())


def decode_flags(value):
    """The names of the flag bits set in @value: PRESENT RW USER ..."""
    return " ".join(n for bit, n in _flag_bits() if value & bit)


def is_migration_entry(value):
    return not value & C._PAGE_PRESENT and bool(value & C._PAGE_MIGRATION)


def entry_pfn(value):
    return (value & C.PTE_PFN_MASK) >> C.PAGE_SHIFT


class Entry:
    """One page-table entry met on a walk."""

    def __init__(self, level, index, table_pa, value):
        self.level = level
        self.index = index
        self.table_pa = table_pa
        self.value = value

    @property
    def present(self):
        return bool(self.value & C._PAGE_PRESENT)

    @property
    def leaf(self):
        """True if this entry maps a page rather than a table."""
        return self.level == C.PT_LEVEL_PTE or (
            self.present and self.level in (C.PT_LEVEL_PMD, C.PT_LEVEL_PUD)
            and bool(self.value & C._PAGE_PSE))

    def describe(self):
        """One line: index, where the entry is, its value, decoded."""
        where = self.table_pa + 8 * self.index
        head = (f"{LEVEL_NAMES[self.level]}[{self.index:3d}] @phys "
                f"{where:#x} = {self.value:#018x}")
        if self.present:
            what = "page" if self.leaf else "table"
            size = {C.PT_LEVEL_PUD: " (1 GiB)", C.PT_LEVEL_PMD: " (2 MiB)"}
            extra = size.get(self.level, "") if self.leaf else ""
            return (f"{head}  {decode_flags(self.value)}"
                    f" -> {what} pfn {entry_pfn(self.value):#x}{extra}")
        if is_migration_entry(self.value):
            rw = "writable" if self.value & C._PAGE_RW else "read-only"
            return (f"{head}  not present: MIGRATION ENTRY for old pfn "
                    f"{entry_pfn(self.value):#x} ({rw})")
        if self.value == 0:
            return f"{head}  none"
        return f"{head}  not present"


class Walk:
    """The result of translating @va under the PML4 at physical @pgd_pa:
    the entries met, and the pfn and physical address (None if unmapped)."""

    def __init__(self, pgd_pa, va, mode=None):
        self.pgd_pa = pgd_pa
        self.va = va
        self.entries = []
        self.pfn = None
        self.phys = None
        table = pgd_pa
        for level in range(C.PT_LEVEL_PGD, C.PT_LEVEL_PTE - 1, -1):
            index = (va >> level_shift(level)) & (C.PTRS_PER_TABLE - 1)
            value = utils.read_u64_phys(table + 8 * index, mode)
            e = Entry(level, index, table, value)
            self.entries.append(e)
            if not e.present:
                return
            if e.leaf:
                size_mask = (1 << level_shift(level)) - 1
                self.phys = (value & C.PTE_PFN_MASK & ~size_mask) | \
                    (va & size_mask)
                self.pfn = self.phys >> C.PAGE_SHIFT
                return
            table = value & C.PTE_PFN_MASK

    @property
    def last(self):
        return self.entries[-1]


def check_canonical(va):
    """GdbError unless @va is a 64-bit address in the lower or upper half
    (bits 63..47 all equal)."""
    if not 0 <= va < 1 << 64:
        raise gdb.GdbError(f"{va:#x} is not a 64-bit address")
    if C.USER_SPACE_END <= va < (1 << 64) - C.USER_SPACE_END:
        raise gdb.GdbError(f"{va:#x} is not a canonical address")


def current_pgd_pa():
    """The physical address of the PML4 in CR3."""
    return utils.eval_int("$cr3") & C.PTE_PFN_MASK


def mm_from_value(v):
    """A struct mm_struct * from a gdb.Value: an mm_struct (pointer), a
    struct workload (pointer; its ->mm), or an address."""
    t = v.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_PTR:
        target = t.target().strip_typedefs()
        if target == workload_type.get():
            if utils.to_int(v) == 0:
                raise gdb.GdbError("no workload: run `mkfrag` in the shell")
            v = v["mm"]
        elif target != mm_struct.get():
            v = v.cast(mm_struct.pointer())
    elif t == mm_struct.get():
        v = v.address
    elif t == workload_type.get():
        v = v["mm"]
    else:
        v = v.cast(mm_struct.pointer())
    if utils.to_int(v) == 0:
        raise gdb.GdbError("the mm is NULL")
    return v


def mm_pgd_pa(mm):
    """The physical address of @mm's PML4 (mm->pgd is a direct-map address)."""
    return utils.to_int(mm["pgd"]) - C.DIRECT_MAP_START


def mm_name(mm):
    return utils.c_string(mm["name"])


def lookup(pgd_pa, va):
    """The final entry for @va (its value, 0 if a table is missing) and the
    walk itself."""
    w = Walk(pgd_pa, va)
    return (w.last.value if w.last.leaf else 0), w


class MmPte(utils.MmCommand):
    """Walk the page tables for a virtual address: mm-pte [MM] VADDR

Prints the pgd, pud, pmd and pte entries met on the way, each decoded
(flags, the pfn it points at), then the final pfn and physical address. A
non-present pte holding a migration entry (mm/swapops.h) is shown as one,
with the pfn of the page being migrated.

MM is an expression for the address space: a struct mm_struct * (e.g.
`workload->mm`) or a struct workload * (`workload`). Without it the walk
starts from CR3, the address space the CPU is running in.

Examples:
  mm-pte 0xffffffff80100000
  mm-pte workload 0x100000000"""

    def __init__(self):
        super().__init__("mm-pte")

    def run(self, arg):
        argv = utils.parse_args(arg, 1, 2, "mm-pte [MM] VADDR")
        va = utils.eval_int(argv[-1]) & ((1 << 64) - 1)
        check_canonical(va)
        if len(argv) == 2:
            mm = mm_from_value(gdb.parse_and_eval(argv[0]))
            pgd_pa = mm_pgd_pa(mm)
            where = f"mm '{mm_name(mm)}' ({utils.to_int(mm):#x})"
        else:
            pgd_pa = current_pgd_pa()
            where = "CR3"
        w = Walk(pgd_pa, va)
        gdb.write(f"{va:#x} in {where}, pgd at phys {pgd_pa:#x}\n")
        for e in w.entries:
            gdb.write(f"  {e.describe()}\n")
        if w.pfn is not None:
            gdb.write(f"=> pfn {w.pfn:#x}, phys {w.phys:#x}\n")
        elif is_migration_entry(w.last.value):
            gdb.write(f"=> not mapped: being migrated from pfn "
                      f"{entry_pfn(w.last.value):#x}\n")
        else:
            gdb.write("=> not mapped\n")


MmPte()
