"""struct page and pageblocks: pfn <-> struct page conversions, a page's
flags and state decoded, its reverse mapping followed to its PTEs, a
pageblock's migratetype and skip bit; the mm-page and mm-pageblock commands.

struct page of pfn N lives at vmemmap + N (VMEMMAP_START, mm/mm.h), backed
only for 2 MiB subsections that hold RAM: pfn_valid() here reads the same
subsection_map the kernel does before touching one.
"""
import gdb

from mm_gdb.constants import C
from mm_gdb import pgtable, utils

page_type = utils.CachedType("struct page")
anon_vma_type = utils.CachedType("struct anon_vma")
vma_type = utils.CachedType("struct vm_area_struct")
movable_ops_type = utils.CachedType("struct movable_operations")

RMAP_MAX_VMAS = 64  # a longer anon_vma list is more likely corrupt than real


# --- pfn, struct page, zones ---------------------------------------------


def page_size():
    return page_type.sizeof()


def pfn_to_page(pfn):
    """The address of pfn's struct page (an int)."""
    return C.VMEMMAP_START + pfn * page_size()


def page_to_pfn(addr):
    """The pfn whose struct page is at @addr; GdbError if @addr is not one."""
    off = addr - C.VMEMMAP_START
    if off < 0 or off % page_size():
        raise gdb.GdbError(f"{addr:#x} is not a struct page in vmemmap")
    return off // page_size()


def max_pfn():
    return int(utils.symbol_value("max_pfn"))


def pfn_valid(pfn):
    """Whether @pfn has a struct page behind it (mm/mm.h pfn_valid())."""
    if not 0 <= pfn < max_pfn():
        return False
    bit = pfn >> C.SUBSECTION_SHIFT
    base = utils.to_int(utils.symbol_value("subsection_map"))
    word = utils.read_u64_virt(base + 8 * (bit // 64))
    return bool(word >> (bit % 64) & 1)


def check_pfn(pfn):
    if not pfn_valid(pfn):
        raise gdb.GdbError(f"pfn {pfn:#x} has no struct page (max_pfn "
                           f"{max_pfn():#x}; holes have none)")


class Page:
    """One struct page, read from the kernel and decoded."""

    def __init__(self, pfn, fields):
        self.pfn = pfn
        self.addr = pfn_to_page(pfn)
        self.flags = fields["flags"]
        self.private = fields["private"]
        self.mapping = fields["mapping"]
        self.index = fields["index"]
        self.refcount = fields["_refcount.counter"]
        self.mapcount = fields["_mapcount.counter"] + 1  # stored minus one
        self.lru = (fields["lru.next"], fields["lru.prev"])

    def has(self, flag):
        return bool(self.flags >> flag & 1)

    @property
    def zonenum(self):
        return self.flags >> C.ZONES_PGSHIFT & C.ZONES_MASK


def read_pages(pfn, count):
    """Page objects for [pfn, pfn + count), read in one go; the range must
    lie in one subsection or several valid ones."""
    lay = utils.Layout.of(page_type)
    raw = utils.read_virt(pfn_to_page(pfn), count * lay.size)
    return [Page(pfn + i, lay.decode(raw, i * lay.size))
            for i in range(count)]


def read_page(pfn):
    check_pfn(pfn)
    return read_pages(pfn, 1)[0]


def flag_names():
    """{bit: "lru"} from the kernel's enum pageflags."""
    names = utils.enum_names("enum pageflags", "PG_")
    names.pop(C.NR_PAGEFLAGS, None)
    return names


def zone_values():
    """Every zone of node 0, populated or not (gdb.Value, fetched)."""
    zones = utils.symbol_value("contig_page_data")["node_zones"]
    out = []
    for i in range(C.MAX_NR_ZONES):
        z = zones[i]
        z.fetch_lazy()
        out.append(z)
    return out


def populated_zones():
    return [z for z in zone_values() if int(z["present_pages"]) != 0]


def zone_name(zone):
    return utils.c_string(zone["name"])


def format_flags(flags):
    """The flag names and the zone, as the kernel's dump_page() prints
    them: lru|anon|zone=DMA32."""
    names = flag_names()
    parts = [names.get(b, f"bit{b}") for b in range(C.NR_PAGEFLAGS)
             if flags >> b & 1]
    zone = flags >> C.ZONES_PGSHIFT & C.ZONES_MASK
    zn = zone_name(zone_values()[zone]) if zone < C.MAX_NR_ZONES else "?"
    return "|".join(parts + [f"zone={zn}"])


def migratetype_name(mt):
    if not 0 <= mt < C.MIGRATE_TYPES:
        return "?"
    return utils.c_string(utils.symbol_value("migratetype_names")[mt])


def pageblock_bits(zone, pfn):
    """The NR_PAGEBLOCK_BITS bits of @pfn's pageblock in @zone's bitmap
    (mm/page_alloc.h pfn_to_bitidx())."""
    start = int(zone["zone_start_pfn"]) & ~(C.pageblock_nr_pages - 1)
    bitidx = ((pfn - start) >> C.pageblock_order) * C.NR_PAGEBLOCK_BITS
    bitmap = utils.to_int(zone["pageblock_flags"])
    word = utils.read_u64_virt(bitmap + 8 * (bitidx // 64))
    return word >> (bitidx % 64) & ((1 << C.NR_PAGEBLOCK_BITS) - 1)


def zone_spans(zone, pfn):
    start = int(zone["zone_start_pfn"])
    return start <= pfn < start + int(zone["spanned_pages"])


def pageblock_info(page):
    """(migratetype, skip) of @page's pageblock, or None outside its zone."""
    if page.zonenum >= C.MAX_NR_ZONES:
        return None
    zone = zone_values()[page.zonenum]
    if utils.to_int(zone["pageblock_flags"]) == 0 or \
            not zone_spans(zone, page.pfn):
        return None
    bits = pageblock_bits(zone, page.pfn)
    return bits & C.MIGRATETYPE_MASK, bits >> C.PB_migrate_skip & 1


# --- where a page stands ----------------------------------------------------


def free_block_of(pfn):
    """(head pfn, order) of the free buddy block holding @pfn, or None."""
    for order in range(C.NR_PAGE_ORDERS):
        head = pfn & ~((1 << order) - 1)
        if not pfn_valid(head):
            return None
        p = read_pages(head, 1)[0]
        if p.has(C.PG_buddy) and p.private >= order:
            return head, p.private
    return None


def pcp_lists(zone, cpu):
    """[(order, migratetype, [pfn of each block's first page])] for every
    list of @zone's per-CPU pages on @cpu (zone->pcp[cpu].lists[i] holds
    order i / MIGRATE_PCPTYPES, migratetype i % MIGRATE_PCPTYPES, as
    mm/internal.h's order_to_pindex()). A walk stops after pcp.count
    blocks: a corrupt list cannot loop for ever."""
    lru_off = utils.Layout.of(page_type).offset("lru.next")
    pcp = zone["pcp"][cpu]
    count = int(pcp["count"])
    out = []
    for i in range(C.NR_PCP_LISTS):
        head = utils.to_int(pcp["lists"][i].address)
        node, pfns = utils.read_u64_virt(head), []
        while node != head and len(pfns) <= count:
            pfns.append(page_to_pfn(node - lru_off))
            node = utils.read_u64_virt(node)
        out.append((i // C.MIGRATE_PCPTYPES, i % C.MIGRATE_PCPTYPES, pfns))
    return out


def pcp_pages():
    """{pfn: (zone name, cpu, order, migratetype)} for the first page of
    every block on a per-CPU free list, over every zone and CPU."""
    out = {}
    for zone in populated_zones():
        for cpu in range(C.NR_CPUS):
            if int(zone["pcp"][cpu]["count"]) <= 0:
                continue
            for order, mt, pfns in pcp_lists(zone, cpu):
                for pfn in pfns:
                    out[pfn] = (zone_name(zone), cpu, order, mt)
    return out


def page_state(page):
    """One line on what @page is used for."""
    if page.has(C.PG_hole):
        return "hole: no RAM behind this struct page"
    if page.has(C.PG_reserved):
        return "reserved: never given to the buddy allocator"
    block = free_block_of(page.pfn)
    if block:
        head, order = block
        if head == page.pfn:
            return (f"free: head of an order-{order} block on "
                    f"free_area[{order}] (pfns {head:#x}-"
                    f"{head + (1 << order) - 1:#x})")
        return f"free: inside the order-{order} block at pfn {head:#x}"
    if page.refcount == 0:
        pcp = pcp_pages().get(page.pfn)
        if pcp:
            zone, cpu, order, mt = pcp
            return (f"free: on {zone}'s per-CPU list (cpu {cpu}, order "
                    f"{order}, {migratetype_name(mt)})")
        return ("refcount 0, on no free list: a tail page of a larger "
                "block, or in transit")
    if page.has(C.PG_table):
        uses = [f"in use: a page-table page ({page.private} entries in use)"]
    elif page.has(C.PG_slab):
        uses = [f"in use: a kmalloc slab page (size class {page.private}, "
                f"{page.index} objects in use)"]
    elif page.has(C.PG_movable_ops):
        uses = [f"in use: a movable kernel page owned by "
                f"{movable_owner(page)}"]
    elif page.has(C.PG_anon):
        uses = ["in use: an anonymous user page"]
    else:
        uses = [f"in use: a kernel allocation (order {page.private})"]
    for flag, what in ((C.PG_lru, "movable (lru)"),
                       (C.PG_isolated, "isolated for migration"),
                       (C.PG_locked, "locked")):
        if page.has(flag):
            uses.append(what)
    return ", ".join(uses)


def movable_owner(page):
    """The name in a PG_movable_ops page's struct movable_operations."""
    ops = gdb.Value(page.mapping).cast(movable_ops_type.pointer())
    try:
        return ops["name"].string()
    except gdb.error:
        return f"? (movable_ops {page.mapping:#x} unreadable)"


def allocation_order(page):
    """The order of the block an in-use @page heads: page->private, except
    where page tables and slab pages keep other counts there (order 0)."""
    if page.has(C.PG_table) or page.has(C.PG_slab) or page.has(C.PG_anon):
        return 0
    return min(page.private, C.MAX_ORDER)


def rmap_mappings(page):
    """[(mm, address, pte value)] for every VMA of @page's anon_vma: where
    the page is (or should be) mapped, as mm/rmap.c vma_address()."""
    if not page.has(C.PG_anon) or page.mapping == 0:
        return []
    av = gdb.Value(page.mapping).cast(anon_vma_type.pointer())
    node_off = utils.Layout.of(vma_type).offset("anon_vma_node.next")
    head = utils.to_int(av["vmas"].address)
    node = utils.to_int(av["vmas"]["next"])
    out = []
    while node != head and len(out) < RMAP_MAX_VMAS:
        vma = gdb.Value(node - node_off).cast(vma_type.pointer())
        pgoff = int(vma["vm_pgoff"])
        start, end = int(vma["vm_start"]), int(vma["vm_end"])
        addr = start + ((page.index - pgoff) << C.PAGE_SHIFT)
        if page.index >= pgoff and addr < end:
            mm = vma["vm_mm"]
            value, _ = pgtable.lookup(pgtable.mm_pgd_pa(mm), addr)
            out.append((mm, addr, value))
        node = utils.to_int(vma["anon_vma_node"]["next"])
    return out


def describe_pte_for(page, value):
    if pgtable.is_migration_entry(value):
        return f"migration entry for pfn {pgtable.entry_pfn(value):#x}"
    if value & C._PAGE_PRESENT:
        pfn = pgtable.entry_pfn(value)
        return "maps this page" if pfn == page.pfn else \
            f"maps pfn {pfn:#x}, not this page"
    return "not mapped"


def page_from_value(v):
    """The pfn named by a gdb.Value: a struct page *, an address in vmemmap,
    a pfn (below max_pfn), or any other virtual address (translated)."""
    t = v.type.strip_typedefs()
    n = utils.to_int(v) & ((1 << 64) - 1)
    if t.code == gdb.TYPE_CODE_PTR and \
            t.target().strip_typedefs() == page_type.get():
        return page_to_pfn(n)
    if C.VMEMMAP_START <= n < pfn_to_page(max_pfn()):
        return page_to_pfn(n - (n - C.VMEMMAP_START) % page_size())
    if n < max_pfn():
        return n
    return virt_to_pfn(n)


def virt_to_phys(va):
    """Physical address of kernel or current-mm virtual address @va:
    direct map and kernel image by arithmetic, the rest by a walk from
    CR3. GdbError if it is not mapped."""
    if C.DIRECT_MAP_START <= va < C.DIRECT_MAP_START + C.DIRECT_MAP_SIZE:
        return va - C.DIRECT_MAP_START
    if va >= C.KERNEL_VMA:
        return va - C.KERNEL_VMA
    pgtable.check_canonical(va)
    w = pgtable.Walk(pgtable.current_pgd_pa(), va)
    if w.phys is None:
        raise gdb.GdbError(f"{va:#x} is not mapped (see mm-pte {va:#x})")
    return w.phys


def virt_to_pfn(va):
    return virt_to_phys(va) >> C.PAGE_SHIFT


# --- commands -------------------------------------------------------------


class MmPage(utils.MmCommand):
    """Decode one struct page: mm-page PFN|ADDRESS

The argument is a pfn (a number below max_pfn), a struct page * (or an
address inside vmemmap), or any mapped virtual address (its page is found
by translation). Prints what dump_page() prints in a bad-page report
(counts, mapping, flags by name, private, list pointers, pageblock), then
the page's state (free block, allocation, per-CPU list), for an anonymous
page every address the rmap says maps it and what the PTE there holds, and
last the raw words of the struct.

Examples:
  mm-page 0x1234
  mm-page src
  mm-page 0x100000000"""

    def __init__(self):
        super().__init__("mm-page")

    def run(self, arg):
        argv = utils.parse_args(arg, 1, 1, "mm-page PFN|ADDRESS")
        pfn = page_from_value(gdb.parse_and_eval(argv[0]))
        page = read_page(pfn)
        gdb.write(f"page:{page.addr:#x} refcount:{page.refcount} "
                  f"mapcount:{page.mapcount} mapping:{page.mapping:#x} "
                  f"index:{page.index:#x} pfn:{pfn:#x}\n")
        gdb.write(f"flags: {page.flags:#x}({format_flags(page.flags)})\n")
        gdb.write(f"private:{page.private:#x} lru:[{page.lru[0]:#x},"
                  f"{page.lru[1]:#x}]\n")
        pb = pageblock_info(page)
        if pb:
            gdb.write(f"pageblock: pfn:{pfn & ~(C.pageblock_nr_pages - 1):#x}"
                      f" migratetype:{migratetype_name(pb[0])} "
                      f"skip:{pb[1]}\n")
        gdb.write(f"state: {page_state(page)}\n")
        for mm, addr, value in rmap_mappings(page):
            gdb.write(f"rmap: mm '{pgtable.mm_name(mm)}' address {addr:#x}"
                      f" pte {value:#018x} ({describe_pte_for(page, value)})"
                      "\n")
        raw = utils.read_virt(page.addr, page_size())
        for off in range(0, len(raw), 32):
            words = [int.from_bytes(raw[i:i + 8], "little")
                     for i in range(off, min(off + 32, len(raw)), 8)]
            gdb.write("raw: " + " ".join(f"{w:016x}" for w in words) + "\n")


# One character per page in mm-pageblock's map, and what it stands for.
PAGEBLOCK_LEGEND = [
    (".", "free (buddy)"), ("p", "free (per-CPU list)"),
    ("M", "movable (lru)"), ("I", "isolated"), ("T", "page table"),
    ("S", "slab"), ("U", "other in use"), ("0", "refcount 0, no list"),
    ("R", "reserved"), ("H", "hole"), ("-", "beyond max_pfn"),
]


def in_use_char(page):
    for flag, ch in ((C.PG_table, "T"), (C.PG_slab, "S"),
                     (C.PG_isolated, "I"), (C.PG_lru, "M")):
        if page.has(flag):
            return ch
    return "U"


def occupancy(pages, free, pcp, end_pfn):
    """The map characters of @pages (a pageblock's): @free is the set of
    pfns inside free buddy blocks, @pcp the heads of per-CPU blocks,
    @end_pfn max_pfn. A block's tail pages take its head's character."""
    chars = []
    tail_of = {}  # pfn -> the character of the block it is a tail of
    for p in pages:
        if p.pfn >= end_pfn:
            c = "-"
        elif p.has(C.PG_hole):
            c = "H"
        elif p.has(C.PG_reserved):
            c = "R"
        elif p.pfn in free:
            c = "."
        elif p.pfn in pcp:
            c = "p"
            for i in range(1, 1 << min(p.private, C.MAX_ORDER)):
                tail_of[p.pfn + i] = c
        elif p.refcount > 0:
            c = in_use_char(p)
            for i in range(1, 1 << allocation_order(p)):
                tail_of[p.pfn + i] = c
        else:
            c = tail_of.get(p.pfn, "0")
        chars.append(c)
    return "".join(chars)


def free_pfns(start, count):
    """The pfns in [start, start + count) that lie in free buddy blocks,
    including blocks whose head is before @start (orders above the
    pageblock's)."""
    free = set()
    span = 1 << C.MAX_ORDER
    base = start & ~(span - 1)
    for chunk in range(base, start + count, C.pageblock_nr_pages):
        if not pfn_valid(chunk):
            continue
        for p in read_pages(chunk, C.pageblock_nr_pages):
            if p.has(C.PG_buddy) and not p.has(C.PG_reserved):
                free.update(range(p.pfn, p.pfn + (1 << p.private)))
    return free


class MmPageblock(utils.MmCommand):
    """Show one pageblock: mm-pageblock PFN

For the pageblock (pageblock_nr_pages pages, 2 MiB) holding PFN: its
migratetype and compaction skip bit from the zone's pageblock_flags, and a
one-line map of its pages, one character each:
  . free, in a buddy block        p free, on a per-CPU list
  M in use, movable (PG_lru)      I isolated for migration
  T page table   S slab           U other in use (unmovable kernel page)
  0 refcount 0 but on no list     R reserved   H hole   - beyond max_pfn
followed by the count of each. The tail pages of a block take the
character of its first page.

Example:
  mm-pageblock 0x3200"""

    def __init__(self):
        super().__init__("mm-pageblock")

    def run(self, arg):
        argv = utils.parse_args(arg, 1, 1, "mm-pageblock PFN")
        pfn = page_from_value(gdb.parse_and_eval(argv[0]))
        start = pfn & ~(C.pageblock_nr_pages - 1)
        check_pfn(start)
        pages = read_pages(start, C.pageblock_nr_pages)
        head = pages[0]
        zn = zone_name(zone_values()[head.zonenum]) \
            if head.zonenum < C.MAX_NR_ZONES else "?"
        pb = pageblock_info(head)
        if pb:
            kind = f"migratetype {migratetype_name(pb[0])}, skip {pb[1]}"
        else:
            kind = "outside its zone: no pageblock bits"
        gdb.write(f"pageblock pfn {start:#x}-"
                  f"{start + C.pageblock_nr_pages - 1:#x} (zone {zn}): "
                  f"{kind}\n")
        line = occupancy(pages, free_pfns(start, C.pageblock_nr_pages),
                         pcp_pages(), max_pfn())
        gdb.write(line + "\n")
        counts = ", ".join(f"{ch} {what} {line.count(ch)}"
                           for ch, what in PAGEBLOCK_LEGEND
                           if line.count(ch))
        gdb.write(counts + "\n")


MmPage()
MmPageblock()
