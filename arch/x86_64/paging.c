/*
 * The kernel's own page tables, built once memblock knows the RAM:
 *   - the kernel image at KERNEL_VMA, one mapping per section with its own
 *     permissions (text RX, rodata R, data and bss RW, all but text NX);
 *   - the direct map of every usable RAM range at DIRECT_MAP_START, with
 *     the largest pages that fit (1 GiB where the CPU has them, 2 MiB, and
 *     4 KiB at unaligned edges), NX;
 *   - the struct page array at VMEMMAP_START, 4 KiB pages for RAM only.
 * Nothing maps the lower half, so a NULL pointer faults, and the boot
 * identity map is gone once CR3 points at these tables.
 */
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>

#include "printk.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "mm/pgtable.h"
#include "arch/x86_64/bootinfo.h"
#include "arch/x86_64/cpu.h"

extern const char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _ebss[],
	_sksyms[], _eksyms[];

static unsigned long direct_map_pages[4]; /* per level, for the log */

static void map_or_die(unsigned long va, phys_addr_t pa, pteval_t prot,
		       int level)
{
	int err = pgtable_map(init_pgd, va, pa, prot, level);

	if (err)
		panic("paging: cannot map %#lx -> %#llx at level %d (error %d)",
		      va, (unsigned long long)pa, level, err);
}

static void map_kernel_range(const char *start, const char *end, pteval_t prot)
{
	for (unsigned long va = (unsigned long)start; va < (unsigned long)end;
	     va += PAGE_SIZE)
		map_or_die(va, __pa_symbol(va), prot, PT_LEVEL_PTE);
}

/* The largest page level that fits at @pa with @left bytes to go. */
static int direct_map_level(phys_addr_t pa, phys_addr_t left)
{
	if (boot_cpu.gbpages && IS_ALIGNED(pa, PUD_SIZE) && left >= PUD_SIZE)
		return PT_LEVEL_PUD;
	if (IS_ALIGNED(pa, PMD_SIZE) && left >= PMD_SIZE)
		return PT_LEVEL_PMD;
	return PT_LEVEL_PTE;
}

static void map_direct_range(phys_addr_t start, phys_addr_t end)
{
	while (start < end) {
		int level = direct_map_level(start, end - start);

		map_or_die((unsigned long)__va(start), start, PAGE_KERNEL,
			   level);
		direct_map_pages[level]++;
		start += PT_LEVEL_SIZE(level);
	}
}

void vmemmap_populate(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long va =
		ALIGN_DOWN((unsigned long)pfn_to_page(start_pfn), PAGE_SIZE);
	unsigned long end = (unsigned long)pfn_to_page(end_pfn);

	for (; va < end; va += PAGE_SIZE) {
		pteval_t *e = pgtable_entry(init_pgd, va, PT_LEVEL_PTE, true);
		phys_addr_t pa;

		if (!e)
			panic("vmemmap: no memory for page tables");
		if (*e)
			continue; /* shared with the previous range */
		pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
		if (!pa)
			panic("vmemmap: no memory for the struct page array");
		*e = pa | PAGE_KERNEL;
	}
}

/*
 * Every address space copies the kernel's PML4 entries when it is created,
 * so a kernel mapping added later must land in a table that already exists
 * in all of them: give the vmalloc area its PDPT now.
 */
static void preallocate_shared_tables(void)
{
	if (!pgtable_entry(init_pgd, VMALLOC_START, PT_LEVEL_PUD, true))
		panic("paging: no memory for the vmalloc tables");
}

void paging_init(void)
{
	struct memblock_region *r;

	init_pgd = pgtable_alloc_pgd();
	if (!init_pgd)
		panic("paging: no memory for the kernel's PML4");
	map_kernel_range(_stext, _etext, PAGE_KERNEL_EXEC);
	map_kernel_range(_srodata, _erodata, PAGE_KERNEL_RO);
	map_kernel_range(_sdata, _ebss, PAGE_KERNEL);
	map_kernel_range(_sksyms, _eksyms, PAGE_KERNEL_RO);
	for_each_mem_region(r)
		map_direct_range(r->base, r->base + r->size);
	preallocate_shared_tables();

	write_cr3(__pa(init_pgd));
	write_cr4(read_cr4() | X86_CR4_PGE);
	/* The direct map now covers all RAM: boot allocations may go high. */
	memblock.current_limit = ~(phys_addr_t)0;
	pr_info("paging: kernel page tables at %#llx; direct map: %lu x 1G, %lu x 2M, %lu x 4K pages\n",
		(unsigned long long)__pa(init_pgd),
		direct_map_pages[PT_LEVEL_PUD], direct_map_pages[PT_LEVEL_PMD],
		direct_map_pages[PT_LEVEL_PTE]);
}
