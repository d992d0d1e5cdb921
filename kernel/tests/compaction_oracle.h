/*
 * What a perfect compactor could reach, worked out from the page flags
 * alone, without a line of mm/compaction.c: the oracle that the host test
 * (tests/host/test_compaction_orders.c) and the self-test of direct
 * compaction at every order (kernel/tests/test_compaction.c) compare the
 * allocator with. Also the two steps both tests take to set the stage:
 * hold every free block of order 1 or more, and pin pages.
 *
 * Which requests compaction may serve, by migratetype. Compaction moves
 * only anonymous pages on the LRU that nobody pins; it frees an aligned
 * block of 2^order pages only if every page of it is free or such a page.
 * Where the block lies decides which request may take it:
 *   - Any of the three ordinary types may take a block in a pageblock of
 *     any of the three: the allocator falls back (unmovable and
 *     reclaimable requests claim the pageblock or steal from it, movable
 *     ones steal), and compaction knows it: it counts a free block of a
 *     fallback type as done for unmovable and reclaimable requests
 *     (find_suitable_fallback() >= 0, any order), and hands a movable
 *     request the block it freed, whatever its pageblock, by capture.
 *   - A high-atomic pageblock is kept for atomic high-order requests, an
 *     isolated one for whoever isolated it, a CMA one for movable pages
 *     only: none of them serves the ordinary requests tested here.
 *   - A request may use its own zone and the zones below it, each only
 *     while it keeps the min watermark plus the lowmem reserve against
 *     the request's highest zone after taking the block.
 *   - The pages moved out need somewhere to go: free pages of the zone
 *     outside the block, above the watermark. And compaction wants room
 *     to work before it starts: 2^(order+1) free pages above the
 *     watermark (Linux's compact_gap(); the low watermark for a costly
 *     order), a deliberate margin that we count as part of any compactor.
 *     The tests keep about half of memory free, so neither decides in a
 *     zone of a few hundred MiB; on one of a few MiB they do.
 * The order of requests (unmovable, movable, reclaimable) does not change
 * any of this: a request's own pageblocks are only its first choice.
 */
#ifndef _KERNEL_TESTS_COMPACTION_ORACLE_H
#define _KERNEL_TESTS_COMPACTION_ORACLE_H

#include "list.h"
#include "spinlock.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "mm/mmzone.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"
#include "mm/compaction.h"

/* A page compaction could move: anonymous, on the LRU, and referenced by
 * its mappings only (each PTE holds one reference and one map count). */
static inline bool oracle_page_movable(const struct page *page)
{
	return PageLRU(page) && PageAnon(page) &&
	       page_ref_count(page) == page_mapcount(page);
}

/* Is the block at @pfn (aligned to @order) inside a larger free block? */
static inline bool oracle_inside_free_block(unsigned long pfn,
					    unsigned int order)
{
	for (unsigned int o = order + 1; o <= MAX_ORDER; o++) {
		unsigned long head = ALIGN_DOWN(pfn, 1UL << o);

		if (pfn_valid(head) && PageBuddy(pfn_to_page(head)) &&
		    buddy_order(pfn_to_page(head)) >= o)
			return true;
	}
	return false;
}

/* Every pageblock the block touches hands out pages to ordinary requests. */
static inline bool oracle_pageblocks_ordinary(unsigned long pfn,
					      unsigned long end)
{
	for (pfn = ALIGN_DOWN(pfn, pageblock_nr_pages); pfn < end;
	     pfn += pageblock_nr_pages)
		if (get_pageblock_migratetype(pfn_to_page(pfn)) >=
		    MIGRATE_PCPTYPES)
			return false;
	return true;
}

/*
 * Could the aligned block of 2^@order pages at @pfn of @zone be emptied?
 * Sets *@movable to the pages that would have to move. The per-CPU lists
 * must be drained: a free page there is not PageBuddy.
 */
static inline bool oracle_block_emptiable(struct zone *zone, unsigned long pfn,
					  unsigned int order,
					  unsigned long *movable)
{
	unsigned long end = pfn + (1UL << order);

	*movable = 0;
	if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, end - 1) ||
	    !pfn_valid(pfn) || !oracle_pageblocks_ordinary(pfn, end))
		return false;
	if (oracle_inside_free_block(pfn, order))
		return true;
	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);

		if (!pfn_valid(pfn))
			return false;
		if (PageBuddy(page)) {
			pfn += 1UL << buddy_order(page);
			continue;
		}
		if (!oracle_page_movable(page))
			return false;
		(*movable)++;
		pfn++;
	}
	return true;
}

/*
 * The free pages above which compaction wants its room to work: the low
 * watermark for a costly order, the min one for the others, with the
 * lowmem reserve and the high-atomic reserve, which no ordinary request
 * may count (Linux's __compaction_suitable()). On a machine of a few MiB
 * the difference decides.
 */
static inline unsigned long
oracle_work_mark(struct zone *zone, unsigned int order, enum zone_type highest)
{
	return (order > PAGE_ALLOC_COSTLY_ORDER ? low_wmark_pages(zone)
						: min_wmark_pages(zone)) +
	       (unsigned long)zone->lowmem_reserve[highest] +
	       zone->nr_reserved_highatomic;
}

/*
 * What the oracle says of a request. A perfect compactor could empty any
 * emptiable block it has room for; ours and Linux's move pages from the
 * bottom of the zone to free pages their free scanner finds at the top,
 * and stop where the two scanners meet. In a zone of a few pageblocks
 * the pages they move out of blocks below the one that could be emptied
 * may use up the free pages above it first. So a block is certain only if
 * the free pages above it could take every movable page up to its end;
 * one a perfect compactor could empty, but that is not certain, is a
 * maybe: either answer is right.
 */
enum oracle_verdict { ORACLE_NO, ORACLE_MAYBE, ORACLE_YES };

static const char *const oracle_verdict_names[] = { "no", "maybe", "yes" };

/*
 * Free pages in [@pfn, @end) that compaction's free scanner may take: those
 * in movable or CMA pageblocks (any, without grouping by mobility).
 */
static inline unsigned long oracle_target_pages(unsigned long pfn,
						unsigned long end)
{
	unsigned long n = 0;

	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);
		unsigned long nr;
		int mt;

		if (!pfn_valid(pfn) || !PageBuddy(page)) {
			pfn++;
			continue;
		}
		nr = 1UL << buddy_order(page);
		mt = get_pageblock_migratetype(page);
		if (mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA ||
		    page_group_by_mobility_disabled)
			n += min(nr, end - pfn);
		pfn += nr;
	}
	return n;
}

/* Movable pages in [@pfn, @end), which compaction could move. */
static inline unsigned long oracle_movable_pages(unsigned long pfn,
						 unsigned long end)
{
	unsigned long n = 0;

	for (; pfn < end; pfn++)
		n += pfn_valid(pfn) && oracle_page_movable(pfn_to_page(pfn));
	return n;
}

/* Could @zone give an order-@order block to a request whose highest zone
 * is @highest, once a compactor emptied one? */
static inline enum oracle_verdict oracle_zone_verdict(struct zone *zone,
						      unsigned int order,
						      enum zone_type highest)
{
	unsigned long free = zone_page_state(zone, NR_FREE_PAGES);
	unsigned long mark = min_wmark_pages(zone) +
			     (unsigned long)zone->lowmem_reserve[highest];
	unsigned long nr = 1UL << order, end = zone_end_pfn(zone);
	unsigned long below = oracle_movable_pages(zone->zone_start_pfn, end);
	unsigned long above = 0, pfn = ALIGN_DOWN(end, nr);
	enum oracle_verdict best = ORACLE_NO;

	if (free < mark + nr ||
	    free <= oracle_work_mark(zone, order, highest) + 2 * nr)
		return ORACLE_NO;
	/* A costly order in a zone whose fragmentation index blames the
	 * failure on a lack of memory: compaction declines (Linux's
	 * extfrag_threshold; `extfrag_threshold=1000` makes it every zone). */
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		int fi = fragmentation_index(zone, order);

		if (fi >= 0 && fi <= (int)sysctl_extfrag_threshold)
			return ORACLE_NO;
	}
	/* From the top down: @above and @below add up and shrink as the walk
	 * goes. @below counts the movable pages up to the block's end. */
	below -= oracle_movable_pages(pfn, end);
	above = oracle_target_pages(pfn, end);
	while (pfn >= ALIGN(zone->zone_start_pfn, nr) + nr) {
		unsigned long movable;

		pfn -= nr;
		/* Room for its pages outside it (the block's own free pages
		 * are no room: free counts them). */
		if (oracle_block_emptiable(zone, pfn, order, &movable) &&
		    free - mark >= movable + nr) {
			if (above >= below)
				return ORACLE_YES;
			best = ORACLE_MAYBE;
		}
		above += oracle_target_pages(pfn, pfn + nr);
		below -= oracle_movable_pages(pfn, pfn + nr);
	}
	return best;
}

/**
 * oracle_could_serve - could compaction serve this allocation?
 * @gfp: the allocation's flags
 * @order: its order
 *
 * Return: ORACLE_YES if some zone the request may use has an aligned block
 * of 2^@order pages that moving pages up the zone is certain to empty,
 * ORACLE_MAYBE if only a perfect compactor could, else ORACLE_NO (see the
 * top of the file and enum oracle_verdict).
 */
static inline enum oracle_verdict oracle_could_serve(gfp_t gfp,
						     unsigned int order)
{
	enum zone_type highest = gfp_zone(gfp);
	enum oracle_verdict best = ORACLE_NO;

	for (int z = 0; z <= (int)highest; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (managed_zone(zone))
			best = max(best,
				   oracle_zone_verdict(zone, order, highest));
	}
	return best;
}

/*
 * Take every free block of order 1 or more off @zone's free lists and
 * onto @held (its order in page->private), so that no request of order 1
 * or more can be met without moving pages. Below the min watermark too,
 * which __isolate_free_page() refuses: a block left on a list would serve
 * a request without compaction, and the oracle reads the zone as one whose
 * free pages are all single.
 */
static inline void oracle_hold_free_blocks(struct zone *zone,
					   struct list_head *held)
{
	unsigned long flags;

	drain_all_pages(zone);
	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = MAX_ORDER; o >= 1; o--) {
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			struct list_head *list =
				&zone->free_area[o].free_list[mt];

			while (!list_empty(list)) {
				struct page *page = list_first_entry(
					list, struct page, lru);

				take_free_block(page, o);
				post_alloc_hook(page, o, __GFP_MOVABLE);
				page->private = o;
				list_add(&page->lru, held);
			}
		}
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* Give back what oracle_hold_free_blocks() took. */
static inline void oracle_release_held(struct list_head *held)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, held, lru) {
		unsigned int order = (unsigned int)page->private;

		list_del(&page->lru);
		__free_pages(page, order);
	}
}

/*
 * Pin (take a reference to) one movable page in every aligned block of
 * 2^@order pages of @zone that has one, so that no block of that order or
 * more can be emptied. Returns the number of pins stored in @pins.
 */
static inline unsigned long oracle_pin_blocks(struct zone *zone,
					      unsigned int order,
					      struct page **pins,
					      unsigned long max)
{
	unsigned long n = 0;

	for (unsigned long pfn = ALIGN(zone->zone_start_pfn, 1UL << order);
	     pfn + (1UL << order) <= zone_end_pfn(zone) && n < max;
	     pfn += 1UL << order) {
		for (unsigned long i = 0; i < 1UL << order; i++) {
			struct page *page = pfn_to_page(pfn + i);

			if (pfn_valid(pfn + i) && oracle_page_movable(page)) {
				get_page(page);
				pins[n++] = page;
				break;
			}
		}
	}
	return n;
}

#endif
