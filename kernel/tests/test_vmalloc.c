/*
 * Self-tests of vmalloc: areas are backed page by page and mapped
 * contiguously, the page below each stays unmapped, freeing gives pages
 * and virtual space back, and first fit reuses a freed range.
 */
#include <asm/page.h>

#include "ktest.h"
#include "lib.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

static bool mapped(unsigned long va)
{
	return pgtable_translate(init_pgd, va) != (phys_addr_t)-1;
}

KTEST(vmalloc_maps_pages_below_a_guard)
{
	unsigned long pages = nr_vmalloc_pages, areas = nr_vmalloc_areas;
	unsigned char *p = vmalloc(3 * PAGE_SIZE + 1);
	struct vm_struct *vm;

	KTEST_ASSERT(p != NULL);
	vm = find_vm_area(p);
	KTEST_ASSERT(vm != NULL);
	KTEST_EXPECT_EQ(vm->size, 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(nr_vmalloc_pages, pages + 4);
	KTEST_EXPECT_EQ(nr_vmalloc_areas, areas + 1);
	KTEST_EXPECT(!mapped((unsigned long)p - PAGE_SIZE), "guard mapped");
	KTEST_EXPECT(find_vm_area_guard((unsigned long)p - 1) == vm);
	KTEST_EXPECT(find_vm_area_guard((unsigned long)p) == NULL);
	memset(p, 0x5a, 4 * PAGE_SIZE);
	for (unsigned long off = 0; off < 4 * PAGE_SIZE; off += 512)
		KTEST_EXPECT_EQ(p[off], 0x5a);
	/* Order-0 pages: nothing makes them physically contiguous. */
	for (int i = 0; i < 4; i++)
		KTEST_EXPECT(mapped((unsigned long)p + i * PAGE_SIZE));
	vfree(p);
	KTEST_EXPECT(!mapped((unsigned long)p), "still mapped after vfree");
	KTEST_EXPECT(find_vm_area(p) == NULL);
	KTEST_EXPECT_EQ(nr_vmalloc_pages, pages);
	KTEST_EXPECT_EQ(nr_vmalloc_areas, areas);
}

KTEST(vmalloc_first_fit_reuses_ranges)
{
	void *a = vmalloc(PAGE_SIZE), *b = vmalloc(PAGE_SIZE), *c, *d;

	KTEST_ASSERT(a && b);
	KTEST_EXPECT_EQ((unsigned long)b - (unsigned long)a, 2 * PAGE_SIZE);
	vfree(a);
	c = vmalloc(PAGE_SIZE);
	KTEST_EXPECT(c == a, "a freed range of the right size is reused");
	/* Two pages do not fit in a one-page hole: they go above b. */
	vfree(c);
	d = vmalloc(2 * PAGE_SIZE);
	KTEST_EXPECT(d != NULL && (unsigned long)d > (unsigned long)b);
	vfree(d);
	vfree(b);
	KTEST_EXPECT(vmalloc(0) == NULL);
}

KTEST(vmalloc_ioremap_is_uncached)
{
	unsigned long pages = nr_vmalloc_pages;
	/* Any physical page will do for the mapping's flags: the page below
	 * 1 MiB that the BIOS keeps, never given to the allocator. */
	void *p = ioremap(0xf0000 + 0x10, 16);
	struct pt_walk w;

	KTEST_ASSERT(p != NULL);
	KTEST_EXPECT_EQ((unsigned long)p & ~PAGE_MASK, 0x10);
	pgtable_walk(init_pgd, (unsigned long)p, &w);
	KTEST_EXPECT(w.entry[w.nr - 1] & _PAGE_PCD, "not uncached");
	KTEST_EXPECT_EQ(pte_phys(w.entry[w.nr - 1]), 0xf0000);
	KTEST_EXPECT_EQ(nr_vmalloc_pages, pages); /* no RAM taken */
	iounmap(p);
	KTEST_EXPECT(!mapped((unsigned long)p));
}
