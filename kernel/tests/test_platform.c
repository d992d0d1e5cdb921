/*
 * Self-tests of the platform: zones and struct pages as boot left them, the
 * kernel's page tables and their permissions, the page-table API on a fresh
 * address space, the command line and the symbol table.
 */
#include <asm/processor.h>
#include <asm/tlbflush.h>

#include "kerrno.h"
#include "kernel/kallsyms.h"
#include "kernel/setup.h"
#include "ktest.h"
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/mmu_gather.h"
#include "mm/pgtable.h"

extern const char _stext[], _srodata[], _sdata[], _kernel_phys_start[], _end[];

KTEST(boot_zones_consistent)
{
	unsigned long last_end = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		KTEST_EXPECT(zone->zone_start_pfn >= last_end,
			     "zone %s overlaps the one below", zone->name);
		KTEST_EXPECT(zone_end_pfn(zone) <= max_pfn);
		KTEST_EXPECT(zone->present_pages <= zone->spanned_pages);
		KTEST_EXPECT(zone->managed_pages <= zone->present_pages);
		KTEST_EXPECT(zone->managed_pages > 0, "zone %s", zone->name);
		for (unsigned long pfn = zone->zone_start_pfn;
		     pfn < zone_end_pfn(zone); pfn += 97)
			if (pfn_valid(pfn))
				KTEST_EXPECT_EQ(page_zonenum(pfn_to_page(pfn)),
						zone->type);
		last_end = zone_end_pfn(zone);
	}
}

KTEST(boot_reserved_pages_marked)
{
	unsigned long kstart = PFN_DOWN((unsigned long)_kernel_phys_start);
	unsigned long kend = PFN_UP(__pa_symbol(_end));
	unsigned long holes = 0;

	for (unsigned long pfn = 0; pfn < 256; pfn++)
		KTEST_EXPECT(PageReserved(pfn_to_page(pfn)),
			     "first MiB pfn %lu", pfn);
	for (unsigned long pfn = kstart; pfn < kend; pfn++)
		KTEST_EXPECT(PageReserved(pfn_to_page(pfn)),
			     "kernel image pfn %lu", pfn);
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageHole(page))
			continue;
		holes++;
		KTEST_EXPECT(PageReserved(page), "hole pfn %lu", pfn);
		KTEST_EXPECT(
			!memblock_is_region_memory(PFN_PHYS(pfn), PAGE_SIZE));
	}
	ktest_log("%lu struct pages describe holes", holes);
}

/* The leaf entry mapping @va in the kernel's tables (0 if none). */
static pteval_t leaf_entry(unsigned long va)
{
	struct pt_walk w;

	pgtable_walk(init_pgd, va, &w);
	return w.entry[w.nr - 1];
}

/*
 * The physical address of the first 2 MiB of RAM above the kernel image
 * that lies whole in one memory region (the direct map covers it with one
 * huge page), or 0 when there is none. Not a fixed address: RAM may end
 * below any address we could name (-m 16M ends below 16 MiB).
 */
static phys_addr_t first_whole_pmd_of_ram(void)
{
	phys_addr_t above = ALIGN(__pa_symbol(_end), PMD_SIZE);
	struct memblock_region *r;

	for_each_mem_region(r) {
		phys_addr_t start = max(ALIGN(r->base, PMD_SIZE), above);

		if (start + PMD_SIZE <= r->base + r->size)
			return start;
	}
	return 0;
}

KTEST(paging_kernel_permissions)
{
	phys_addr_t pmd = first_whole_pmd_of_ram();
	pteval_t text = leaf_entry((unsigned long)_stext);
	pteval_t ro = leaf_entry((unsigned long)_srodata);
	pteval_t data = leaf_entry((unsigned long)_sdata);
	pteval_t direct = leaf_entry((unsigned long)__va(pmd));

	KTEST_EXPECT(pte_present(text) && !(text & _PAGE_RW) &&
			     !(text & _PAGE_NX),
		     "text %#lx", text);
	KTEST_EXPECT(pte_present(ro) && !(ro & _PAGE_RW) && (ro & _PAGE_NX),
		     "rodata %#lx", ro);
	KTEST_EXPECT(pte_present(data) && (data & _PAGE_RW) &&
			     (data & _PAGE_NX),
		     "data %#lx", data);
	KTEST_ASSERT(pmd, "no whole 2 MiB of RAM in any memory region");
	KTEST_EXPECT(
		pte_present(direct) && (direct & _PAGE_NX) && pte_huge(direct),
		"direct map of %#llx: %#lx", (unsigned long long)pmd, direct);
	KTEST_EXPECT(!kernel_address_mapped(0), "page 0 must fault");
	KTEST_EXPECT(!kernel_address_mapped(0x100000),
		     "the boot identity map must be gone");
	KTEST_EXPECT(read_cr0() & X86_CR0_WP);
	KTEST_EXPECT(rdmsr(MSR_EFER) & EFER_NXE);
}

KTEST(paging_direct_map_covers_ram)
{
	struct memblock_region *r;

	for_each_mem_region(r) {
		KTEST_EXPECT_EQ(pgtable_translate(init_pgd,
						  (unsigned long)__va(r->base)),
				r->base);
		KTEST_EXPECT_EQ(
			pgtable_translate(
				init_pgd,
				(unsigned long)__va(r->base + r->size - 1)),
			r->base + r->size - 1);
	}
}

KTEST(paging_map_unmap_frees_tables)
{
	const unsigned long va = 0x40001000UL;
	unsigned long tables = nr_pagetable_pages;
	phys_addr_t old_cr3 = read_cr3();
	pteval_t *pgd = pgtable_alloc_pgd();
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	volatile u64 *p = (volatile u64 *)va;
	struct mmu_gather tlb;

	KTEST_ASSERT(pgd && page);
	KTEST_EXPECT_EQ(pgtable_map(pgd, va, page_to_phys(page), PAGE_USER_RW,
				    PT_LEVEL_PTE),
			0);
	KTEST_EXPECT_EQ(pgtable_map(pgd, va, page_to_phys(page), PAGE_USER_RW,
				    PT_LEVEL_PTE),
			-EEXIST);
	KTEST_EXPECT_EQ(pgtable_map(pgd, va + 1, 0, PAGE_USER_RW, PT_LEVEL_PTE),
			-EINVAL);
	KTEST_EXPECT_EQ(nr_pagetable_pages, tables + 4); /* PML4..PT */
	write_cr3(__pa(pgd));
	*p = 0x1234567890abcdefULL;
	write_cr3(old_cr3);
	KTEST_EXPECT_EQ(*(u64 *)page_address(page), 0x1234567890abcdefULL);
	tlb_gather_mmu(&tlb, NULL); /* loaded nowhere now */
	tlb_reserve(&tlb);
	KTEST_EXPECT_EQ(pte_pfn(pgtable_unmap(pgd, va, &tlb)),
			page_to_pfn(page));
	tlb_finish_mmu(&tlb);
	KTEST_EXPECT_EQ(nr_pagetable_pages, tables + 1); /* only the PML4 */
	KTEST_EXPECT_EQ(pgtable_translate(pgd, va), (phys_addr_t)-1);
	pgtable_free_pgd(pgd);
	KTEST_EXPECT_EQ(nr_pagetable_pages, tables);
	__free_page(page);
}

KTEST(cmdline_typed_parameters)
{
	unsigned int saved = console_loglevel;
	char line[] = "loglevel=3 no_such_param loglevel=x";

	KTEST_EXPECT_EQ(parse_kernel_cmdline(line), 2);
	KTEST_EXPECT_EQ(console_loglevel, 3);
	console_loglevel = saved;
}

KTEST(kallsyms_names_functions)
{
	unsigned long off = 99;
	const char *name = kallsyms_lookup((unsigned long)start_kernel, &off);

	KTEST_ASSERT(name != NULL);
	KTEST_EXPECT(!strcmp(name, "start_kernel"), "got %s", name);
	KTEST_EXPECT_EQ(off, 0);
	KTEST_EXPECT_EQ(kallsyms_lookup_name("start_kernel"),
			(unsigned long)start_kernel);
	KTEST_EXPECT(kallsyms_lookup(0x1000, &off) == NULL);
}
