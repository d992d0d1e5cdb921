"""Convenience functions for expressions and breakpoint conditions:
$pfn_to_page, $page_to_pfn, $virt_to_phys, $page_vaddr, $pte."""
import gdb

from mm_gdb.constants import C
from mm_gdb import page as pg
from mm_gdb import pgtable, utils

ulong = utils.CachedType("unsigned long")


def _int(value):
    return utils.to_int(value) & ((1 << 64) - 1)


class PfnToPage(gdb.Function):
    """$pfn_to_page(PFN): the struct page * of a pfn (vmemmap + PFN)."""

    def __init__(self):
        super().__init__("pfn_to_page")

    def invoke(self, pfn):
        addr = pg.pfn_to_page(_int(pfn))
        return gdb.Value(addr).cast(pg.page_type.pointer())


class PageToPfn(gdb.Function):
    """$page_to_pfn(PAGE): the pfn of a struct page * (PAGE - vmemmap)."""

    def __init__(self):
        super().__init__("page_to_pfn")

    def invoke(self, page):
        return gdb.Value(pg.page_to_pfn(_int(page))).cast(ulong.get())


class VirtToPhys(gdb.Function):
    """$virt_to_phys(ADDR): the physical address behind a virtual address.

Direct-map and kernel-image addresses are converted by arithmetic; any
other address is translated through the page tables in CR3."""

    def __init__(self):
        super().__init__("virt_to_phys")

    def invoke(self, addr):
        return gdb.Value(pg.virt_to_phys(_int(addr))).cast(ulong.get())


class PageVaddr(gdb.Function):
    """$page_vaddr(PAGE): the first user address that maps an anonymous
struct page *, found as the kernel's rmap finds it (anon_vma, index);
0 if the page has none."""

    def __init__(self):
        super().__init__("page_vaddr")

    def invoke(self, page):
        p = pg.read_page(pg.page_to_pfn(_int(page)))
        maps = pg.rmap_mappings(p)
        return gdb.Value(maps[0][1] if maps else 0).cast(ulong.get())


class Pte(gdb.Function):
    """$pte(MM, VADDR): the raw last-level entry for VADDR in address space
MM (a struct mm_struct * or struct workload *), 0 if a table on the way is
missing. Works in breakpoint conditions, e.g. stop when a page's PTE turns
into a migration entry: ($pte(workload, va) & 1) == 0."""

    def __init__(self):
        super().__init__("pte")

    def invoke(self, mm, vaddr):
        mm = pgtable.mm_from_value(mm)
        value, _ = pgtable.lookup(pgtable.mm_pgd_pa(mm), _int(vaddr))
        return gdb.Value(value).cast(ulong.get())


class PteMigration(gdb.Function):
    """$is_migration_entry(PTE): 1 if a PTE value is a migration entry
(not present, _PAGE_SOFTW2 set; mm/swapops.h), else 0."""

    def __init__(self):
        super().__init__("is_migration_entry")

    def invoke(self, pte):
        return gdb.Value(int(pgtable.is_migration_entry(_int(pte))))


class PtePfn(gdb.Function):
    """$pte_pfn(PTE): the pfn in a PTE value, present or migration entry."""

    def __init__(self):
        super().__init__("pte_pfn")

    def invoke(self, pte):
        value = _int(pte)
        return gdb.Value((value & C.PTE_PFN_MASK) >> C.PAGE_SHIFT).cast(
            ulong.get())


PfnToPage()
PageToPfn()
VirtToPhys()
PageVaddr()
Pte()
PteMigration()
PtePfn()
