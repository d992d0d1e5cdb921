/*
 * `page` and `pte`: look inside. `page PFN` decodes one struct page: flags,
 * counts, what state the frame is in, its pageblock and every place it is
 * mapped. `pte VADDR` walks the workload's page tables and decodes the
 * entry at each level, the way the MMU reads them.
 */
#include <asm/irqflags.h>

#include "kerrno.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "lib.h"
#include "smp.h"
#include "mm/mmap.h"
#include "mm/mmdebug.h"
#include "mm/movable_ops.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"

#define PAGE_MAX_MAPPINGS 4 /* mappings listed by `page` */

static void page_print_flags(const struct page *page)
{
	unsigned long flags = READ_ONCE(page->flags);
	char names[128];

	format_page_flags(names, sizeof(names), flags);
	shell_printf("  flags %#lx: %s\n", flags, names);
}

/* The free buddy block that contains @pfn, if any (its head and order). */
static bool find_buddy_block(unsigned long pfn, unsigned long *head,
			     unsigned int *order)
{
	for (unsigned int o = 1; o <= MAX_ORDER; o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		const struct page *p;

		if (!pfn_valid(h))
			return false;
		p = pfn_to_page(h);
		if (PageBuddy(p) && buddy_order(p) >= o &&
		    buddy_order(p) <= MAX_ORDER) {
			*head = h;
			*order = buddy_order(p);
			return true;
		}
	}
	return false;
}

/* Is @page on one of its zone's per-CPU free lists? */
static bool on_pcp_list(const struct page *page)
{
	const struct zone *zone = page_zone(page);
	unsigned long flags;
	bool found = false;
	int cpu;

	local_irq_save(flags);
	for_each_online_cpu(cpu) {
		for (int i = 0; i < NR_PCP_LISTS && !found; i++) {
			const struct page *p;

			list_for_each_entry(p, &zone->pcp[cpu].lists[i], lru)
				if (p == page)
					found = true;
		}
	}
	local_irq_restore(flags);
	return found;
}

/* A movable kernel page: name its owner, and let the owner describe it. */
static void page_print_movable_ops(const struct page *page)
{
	const struct movable_operations *ops = page_movable_ops(page);
	char what[112] = "";

	if (ops && ops->describe_page)
		ops->describe_page(page, what, sizeof(what));
	shell_printf("a movable kernel page owned by %s%s\n",
		     ops ? ops->name : "?",
		     PageIsolated(page) ? " (isolated for migration)" : "");
	if (what[0])
		shell_printf("  owner: %s\n", what);
}

static void page_print_in_use(const struct page *page)
{
	shell_printf("  state: in use, ");
	if (PageSlab(page))
		shell_printf("a kmalloc slab page (size class %lu)\n",
			     page->private);
	else if (PageTable(page))
		shell_printf("a page-table page (%lu entries in use)\n",
			     page->private);
	else if (PageMovableOps(page))
		page_print_movable_ops(page);
	else if (PageAnon(page))
		shell_printf("an anonymous user page%s\n",
			     PageLRU(page)
				     ? " (movable: compaction may move it)"
				     : "");
	else
		shell_printf("a kernel allocation (order %lu)\n",
			     page->private);
}

static void page_print_state(const struct page *page, unsigned long pfn)
{
	unsigned long head;
	unsigned int order;

	if (PageHole(page))
		shell_printf(
			"  state: a hole: no RAM behind this struct page\n");
	else if (PageReserved(page))
		shell_printf(
			"  state: reserved: never given to the buddy allocator (kernel, boot data, firmware)\n");
	else if (PageBuddy(page))
		shell_printf(
			"  state: free, head of an order-%u buddy block, pfn %#lx-%#lx\n",
			buddy_order(page), pfn,
			pfn + (1UL << buddy_order(page)) - 1);
	else if (find_buddy_block(pfn, &head, &order))
		shell_printf(
			"  state: free, inside the order-%u buddy block at pfn %#lx\n",
			order, head);
	else if (page_ref_count(page) > 0)
		page_print_in_use(page);
	else if (page_zonenum(page) < MAX_NR_ZONES && on_pcp_list(page))
		shell_printf("  state: free, on a per-CPU list (order %lu)\n",
			     page->private);
	else
		shell_printf(
			"  state: refcount 0: a tail page of an allocated block (or in transit)\n");
}

static void page_print_pageblock(const struct page *page, unsigned long pfn)
{
	unsigned long start = pageblock_start_pfn(pfn);
	int mt = get_pageblock_migratetype(page);

	shell_printf("  pageblock pfn %#lx-%#lx: %s, skip bit %d\n", start,
		     start + pageblock_nr_pages - 1,
		     mt < MIGRATE_TYPES ? migratetype_names[mt] : "?",
		     get_pageblock_skip(page));
}

struct page_mappings {
	int nr;
	unsigned long addr[PAGE_MAX_MAPPINGS];
	const char *mm_name[PAGE_MAX_MAPPINGS];
	pteval_t pte[PAGE_MAX_MAPPINGS];
};

static bool collect_mapping(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pteval_t *ptep, void *arg)
{
	struct page_mappings *pm = arg;

	(void)page;
	if (pm->nr == PAGE_MAX_MAPPINGS)
		return false;
	pm->addr[pm->nr] = addr;
	pm->mm_name[pm->nr] = vma->vm_mm->name;
	pm->pte[pm->nr] = READ_ONCE(*ptep);
	pm->nr++;
	return true;
}

/* Where an anonymous page is mapped, found through rmap as migration
 * finds it (printed after the walk: rmap_walk holds spinlocks). */
static void page_print_mappings(struct page *page, unsigned long pfn)
{
	struct page_mappings pm = { 0 };
	struct rmap_walk_control rwc = { .rmap_one = collect_mapping,
					 .arg = &pm };

	if (!PageAnon(page) || !page->mapping)
		return;
	shell_printf("  anon_vma %p, index %#lx\n", (void *)page->mapping,
		     page->index);
	rmap_walk(page, &rwc);
	for (int i = 0; i < pm.nr; i++) {
		pteval_t e = pm.pte[i];
		const char *how = " (but the PTE maps another pfn)";

		if (is_migration_entry(e) && migration_entry_to_pfn(e) == pfn)
			how = " by a migration entry (being migrated)";
		else if (pte_present(e) && pte_pfn(e) == pfn)
			how = "";
		else if (!e)
			how = " (but the PTE is empty)";
		shell_printf("  mapped at %#lx in mm '%s'%s\n", pm.addr[i],
			     pm.mm_name[i] ? pm.mm_name[i] : "?", how);
	}
}

static void page_print_raw(const struct page *page)
{
	const unsigned long *raw = (const unsigned long *)page;

	shell_printf("  raw:");
	for (size_t i = 0; i < sizeof(*page) / sizeof(long); i++)
		shell_printf(" %016lx", raw[i]);
	shell_printf("\n");
}

static int cmd_page(int argc, char **argv)
{
	unsigned long pfn;
	struct page *page;

	(void)argc;
	if (shell_parse_ulong(argv[1], "PFN", 0, max_pfn - 1, &pfn))
		return -EINVAL;
	if (!pfn_valid(pfn)) {
		shell_printf(
			"error: pfn %#lx has no struct page (no RAM in its 2 MiB)\n",
			pfn);
		return -EINVAL;
	}
	page = pfn_to_page(pfn);
	shell_printf("page pfn %#lx: phys %#llx, struct page at %p\n", pfn,
		     (unsigned long long)PFN_PHYS(pfn), (void *)page);
	page_print_flags(page);
	shell_printf("  refcount %d, mapcount %d, private %#lx\n",
		     page_ref_count(page), page_mapcount(page), page->private);
	page_print_state(page, pfn);
	if (page_zonenum(page) < MAX_NR_ZONES &&
	    page_zone(page)->pageblock_flags &&
	    zone_spans_pfn(page_zone(page), pfn))
		page_print_pageblock(page, pfn);
	page_print_mappings(page, pfn);
	page_print_raw(page);
	return 0;
}
SHELL_CMD(page, cmd_page, "page PFN",
	  "decode one struct page: flags, counts, state, pageblock, mappings");

/* --- pte ------------------------------------------------------------------ */

static const char *const pt_level_names[] = {
	[PT_LEVEL_PGD] = "PML4",
	[PT_LEVEL_PUD] = "PDPT",
	[PT_LEVEL_PMD] = "PD",
	[PT_LEVEL_PTE] = "PT",
};

/* " P RW US A D PS NX": each bit by name when set, dashes when clear. */
static void pte_print_flags(pteval_t e)
{
	static const struct {
		pteval_t bit;
		const char *name;
	} bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" },
		{ _PAGE_USER, "US" },	{ _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" },	{ _PAGE_PSE, "PS" },
		{ _PAGE_GLOBAL, "G" },	{ _PAGE_NX, "NX" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		shell_printf(" %s", e & bits[i].bit   ? bits[i].name
				    : bits[i].name[1] ? "--"
						      : "-");
}

static void pte_print_entry(int level, pteval_t e, unsigned long va)
{
	shell_printf("  %-4s[%3lu] = %#018llx", pt_level_names[level],
		     PT_INDEX(va, level), (unsigned long long)e);
	if (pte_present(e)) {
		pte_print_flags(e);
		shell_printf(" pfn %#lx\n", pte_pfn(e));
	} else if (level == PT_LEVEL_PTE && is_migration_entry(e)) {
		shell_printf(" migration entry: pfn %#lx, %s\n",
			     migration_entry_to_pfn(e),
			     is_writable_migration_entry(e) ? "was writable"
							    : "read-only");
	} else {
		shell_printf(" not present%s\n", e ? "" : " (empty)");
	}
}

static bool canonical_address(unsigned long va)
{
	unsigned long top = va >> 47;

	return top == 0 || top == (~0UL >> 47);
}

/* Say where @va is in the workload's address space. */
static void pte_print_vma(unsigned long va)
{
	struct vm_area_struct *vma = find_vma(workload->mm, va);

	if (vma)
		shell_printf(
			"pte %#lx: in the workload's VMA %#lx-%#lx, page %lu\n",
			va, vma->vm_start, vma->vm_end,
			(va - vma->vm_start) >> PAGE_SHIFT);
	else
		shell_printf("pte %#lx: outside the workload's VMAs\n", va);
}

static void pte_print_result(const struct pt_walk *w, unsigned long va)
{
	int last = w->nr - 1, level = w->level[last];
	pteval_t e = w->entry[last];
	unsigned long size = PT_LEVEL_SIZE(level);
	phys_addr_t pa;

	if (!pte_present(e) || (level > PT_LEVEL_PTE && !pte_huge(e))) {
		shell_printf("  -> not mapped\n");
		return;
	}
	pa = pte_phys(e & ~(size - 1)) + (va & (size - 1));
	shell_printf("  -> phys %#llx (pfn %#llx)%s\n", (unsigned long long)pa,
		     (unsigned long long)(pa >> PAGE_SHIFT),
		     level == PT_LEVEL_PMD   ? ", in a 2 MiB page"
		     : level == PT_LEVEL_PUD ? ", in a 1 GiB page"
					     : "");
}

static int cmd_pte(int argc, char **argv)
{
	struct mm_struct *mm;
	struct pt_walk w;
	unsigned long va, flags;

	(void)argc;
	if (shell_parse_ulong(argv[1], "VADDR", 0, ~0UL, &va))
		return -EINVAL;
	if (!canonical_address(va)) {
		shell_printf(
			"error: %#lx is not canonical (bits 63..47 must be equal)\n",
			va);
		return -EINVAL;
	}
	if (!workload) {
		shell_printf(
			"error: no workload to walk ('mkfrag' makes one)\n");
		return -ENOENT;
	}
	mm = workload->mm;
	pte_print_vma(va);
	spin_lock_irqsave(&mm->page_table_lock, flags);
	pgtable_walk(mm->pgd, va, &w);
	spin_unlock_irqrestore(&mm->page_table_lock, flags);
	for (int i = 0; i < w.nr; i++)
		pte_print_entry(w.level[i], w.entry[i], va);
	pte_print_result(&w, va);
	return 0;
}
SHELL_CMD(pte, cmd_pte, "pte VADDR",
	  "walk the workload's page tables for VADDR and decode each level");
