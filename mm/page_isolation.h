/*
 * Page isolation: take a range of pageblocks out of the allocator's reach
 * while their pages are moved away, then give them back exactly as they
 * were. alloc_contig_range() (mm/contig_alloc.h) is the user. Linux's
 * names (mm/page_isolation.c); see there for the one difference.
 */
#ifndef _MM_PAGE_ISOLATION_H
#define _MM_PAGE_ISOLATION_H

#include "mm/mm_types.h"

/*
 * Pageblocks one range may span: a gigantic page (1 GiB), or any range up
 * to 1 GiB at any alignment.
 */
#define ISOLATE_MAX_PAGEBLOCKS \
	((1UL << (30 - PAGE_SHIFT)) / pageblock_nr_pages + 2)

/*
 * One isolated range: its pageblock-aligned bounds and each pageblock's
 * migratetype before isolation (one byte per pageblock, so undo restores
 * every type, not one type for all as Linux's undo does). The types live
 * in the structure, not in a kmalloc'ed array: an allocation made while
 * isolating could take a page of the very range just checked, and block it.
 */
struct isolate_range {
	unsigned long start_pfn;
	unsigned long end_pfn;
	unsigned char saved_mt[ISOLATE_MAX_PAGEBLOCKS];
};

/**
 * start_isolate_page_range - isolate every pageblock of [@start_pfn, @end_pfn)
 * @ir: receives the range and the saved migratetypes (only on success)
 * @start_pfn: first pfn, pageblock-aligned
 * @end_pfn: end pfn, pageblock-aligned, above @start_pfn
 * @fail_pfn: receives the first pfn of the pageblock that could not be
 *	isolated (on -EBUSY)
 *
 * The free pages of each pageblock move to the MIGRATE_ISOLATE lists,
 * where no allocation looks; pages freed there later stay there (this is
 * how alloc_contig_range() captures them). The per-CPU lists are drained
 * so that none of the range's free pages hides there. On failure nothing
 * stays isolated.
 * Nothing is allocated.
 * Return: 0; -EINVAL for a misaligned or too long range or a hole; -EBUSY
 * if a pageblock is already isolated (someone else's range) or crosses
 * its zone's boundary.
 * Context: thread; takes each zone->lock in turn.
 */
int start_isolate_page_range(struct isolate_range *ir, unsigned long start_pfn,
			     unsigned long end_pfn, unsigned long *fail_pfn);

/**
 * undo_isolate_page_range - give every pageblock of @ir its type back
 * @ir: a range start_isolate_page_range() isolated
 *
 * Free pages of the range move back to the lists of their pageblock's old
 * type and merge again as they can.
 */
void undo_isolate_page_range(struct isolate_range *ir);

/**
 * test_pages_isolated - is all of [@start_pfn, @end_pfn) free and isolated?
 * @start_pfn: first pfn
 * @end_pfn: end pfn
 * @fail_pfn: receives the first pfn that is not (on -EBUSY)
 *
 * Every pageblock touching the range must still be MIGRATE_ISOLATE, and
 * every page must be part of a free block on the isolate lists.
 * Return: 0 or -EBUSY.
 * Context: takes zone->lock.
 */
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn,
			unsigned long *fail_pfn);

#endif
