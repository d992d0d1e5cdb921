/*
 * Helpers for host tests of address spaces, migration and compaction: a
 * workload mm whose pages are read and written through their PTEs (the
 * host cannot dereference the simulated virtual addresses).
 */
#ifndef _TESTS_HOST_MM_HELPERS_H
#define _TESTS_HOST_MM_HELPERS_H

#include "host.h"
#include "mm/fault.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

#define TEST_BASE 0x100000000UL

/* Boot 64 MiB and make an mm with @pages of anonymous VMA at TEST_BASE. */
static inline struct mm_struct *mm_setup(unsigned long pages)
{
	struct mm_struct *mm;

	host_boot_simple(64);
	mm = mm_alloc("test");
	assert_non_null(mm);
	assert_non_null(mmap_anon(mm, TEST_BASE, pages * PAGE_SIZE,
				  VM_READ | VM_WRITE));
	return mm;
}

/* End a test that ran on @mm: drop it and the simulated machine. */
static inline void mm_teardown(struct mm_struct *mm)
{
	activate_mm(NULL);
	mm_destroy(mm);
	host_mem_free();
}

/* The page mapped at @addr of @mm, or NULL. */
static inline struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	pteval_t *e = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);

	return e && pte_present(*e) ? pfn_to_page(pte_pfn(*e)) : NULL;
}

/* Read @addr of the active @mm as the CPU would: the fake TLB caches it. */
static inline void tlb_touch(struct mm_struct *mm, unsigned long addr)
{
	struct page *page = page_at(mm, addr);

	assert_non_null(page);
	host_tlb_fill(addr, page_to_pfn(page));
}

/* False if the fake TLB still translates @addr to a frame its PTE left. */
static inline bool tlb_coherent(struct mm_struct *mm, unsigned long addr)
{
	struct page *page = page_at(mm, addr);
	unsigned long pfn;

	return !host_tlb_lookup(addr, &pfn) ||
	       (page && pfn == page_to_pfn(page));
}

/* Fault in @addr as a write would. */
static inline int touch(struct mm_struct *mm, unsigned long addr)
{
	return handle_mm_fault(mm, find_vma(mm, addr), addr, FAULT_FLAG_WRITE);
}

/* Fill the page at @addr with a value derived from @addr and @salt. */
static inline void fill_page(struct mm_struct *mm, unsigned long addr,
			     unsigned long salt)
{
	unsigned long *p = page_address(page_at(mm, addr));

	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(long); i++)
		p[i] = addr ^ (i * 0x9e3779b97f4a7c15UL) ^ salt;
}

/* True if the page at @addr still holds what fill_page() wrote. */
static inline bool page_intact(struct mm_struct *mm, unsigned long addr,
			       unsigned long salt)
{
	struct page *page = page_at(mm, addr);
	const unsigned long *p;

	if (!page)
		return false;
	p = page_address(page);
	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(long); i++)
		if (p[i] != (addr ^ (i * 0x9e3779b97f4a7c15UL) ^ salt))
			return false;
	return true;
}

/* Pageblocks of @zone that are MIGRATE_ISOLATE: 0 outside a call. */
static inline unsigned long nr_isolated_pageblocks(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		n += is_migrate_isolate(zone_pfnblock_migratetype(zone, pfn));
	return n;
}

/* migrate_pages() callbacks: any movable page as the target. */
static inline struct page *alloc_target(struct page *src, unsigned long private)
{
	(void)src;
	(void)private;
	return alloc_page(GFP_HIGHUSER_MOVABLE);
}

static inline void free_target(struct page *page, unsigned long private)
{
	(void)private;
	__free_page(page);
}

#endif
