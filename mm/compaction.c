/*
 * Memory compaction: make free high-order blocks by moving movable pages
 * out of the way (the seeds' 000, 001 and 003 describe it).
 *
 * Two scanners walk a zone one pageblock at a time. The migrate scanner
 * starts at the bottom and climbs, isolating in-use movable pages; the free
 * scanner starts at the top and descends, isolating free pages. Batches of
 * isolated pages are migrated into the isolated free pages, so used pages
 * pile up at the top of the zone and free pages merge into large blocks at
 * the bottom. Compaction ends when the scanners meet, or as soon as the
 * block it was asked for exists.
 *
 *     zone start                                           zone end
 *     |  migrate scanner -->                  <-- free scanner  |
 *     [U.U..U.][.U..UU..][..U.U...] ... [.U..U...][...U.U.U][UU.U.U..]
 *
 * Memory is remembered between runs: each pageblock has a skip bit, set
 * when a scan found nothing to take there, and each zone caches where the
 * scanners stopped, so the next run starts there. Runs that fail make later
 * attempts back off (deferral), as in Linux.
 */
#include "kerrno.h"
#include "kernel/sched.h"
#include "lib.h"
#include "lockdep.h"
#include "param.h"
#include "printk.h"
#include "smp.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/migrate.h"
#include "mm/movable_ops.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"

/* Fragmentation index above which compaction (not reclaim) may help. */
unsigned int sysctl_extfrag_threshold = 500;
param_uint("extfrag_threshold", sysctl_extfrag_threshold, 0, 1000,
	   "compact for an order only if its fragmentation index is above this");

unsigned int sysctl_compaction_proactiveness = 20;
param_uint("compaction_proactiveness", sysctl_compaction_proactiveness, 0, 100,
	   "how hard kcompactd keeps fragmentation down (0: never)");

/* --- deferral ------------------------------------------------------------ */

/*
 * After a compaction that failed for some order, skip the next 1 << shift
 * attempts at that order or above (the shift grows with each failure, up
 * to COMPACT_MAX_DEFER_SHIFT), because compaction is expensive and a zone
 * that just failed will likely fail again.
 */
void defer_compaction(struct zone *zone, int order)
{
	zone->compact_considered = 0;
	zone->compact_defer_shift++;
	if (order < zone->compact_order_failed)
		zone->compact_order_failed = order;
	if (zone->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		zone->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
}

bool compaction_deferred(struct zone *zone, int order)
{
	unsigned long defer_limit = 1UL << zone->compact_defer_shift;

	if (order < zone->compact_order_failed)
		return false;
	if (++zone->compact_considered >= defer_limit) {
		zone->compact_considered = (unsigned int)defer_limit;
		return false;
	}
	return true;
}

void compaction_defer_reset(struct zone *zone, int order, bool alloc_success)
{
	if (alloc_success) {
		zone->compact_considered = 0;
		zone->compact_defer_shift = 0;
	}
	if (order >= zone->compact_order_failed)
		zone->compact_order_failed = order + 1;
}

/* Deferred as long as it can be and now due: restart from scratch. */
bool compaction_restarting(struct zone *zone, int order)
{
	if (order < zone->compact_order_failed)
		return false;
	return zone->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       zone->compact_considered >= 1UL << zone->compact_defer_shift;
}

/* --- skip bits and cached scanner positions ------------------------------ */

static void reset_cached_positions(struct zone *zone)
{
	zone->compact_cached_migrate_pfn[0] = zone->zone_start_pfn;
	zone->compact_cached_migrate_pfn[1] = zone->zone_start_pfn;
	zone->compact_cached_free_pfn =
		pageblock_start_pfn(zone_end_pfn(zone) - 1);
}

/* Forget every skip bit of @zone and where its scanners stopped. */
void __reset_isolation_suitable(struct zone *zone)
{
	unsigned long pfn = pageblock_start_pfn(zone->zone_start_pfn);

	for (; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages)
		if (pfn_valid(pfn) && zone_spans_pfn(zone, pfn))
			clear_pageblock_skip(pfn_to_page(pfn));
	reset_cached_positions(zone);
	zone->compact_blockskip_flush = false;
}

void reset_isolation_suitable(pg_data_t *pgdat)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone) && zone->compact_blockskip_flush)
			__reset_isolation_suitable(zone);
	}
}

static bool isolation_suitable(struct compact_control *cc, struct page *page)
{
	return cc->ignore_skip_hint || !get_pageblock_skip(page);
}

/* The free scanner found nothing to take in @page's pageblock. */
static void update_pageblock_skip(struct compact_control *cc, struct page *page,
				  unsigned long pfn)
{
	struct zone *zone = cc->zone;

	if (cc->no_set_skip_hint)
		return;
	set_pageblock_skip(page);
	if (pfn < zone->compact_cached_free_pfn)
		zone->compact_cached_free_pfn = pfn;
}

/* The migrate scanner is done with everything below @pfn's pageblock. */
static void update_cached_migrate(struct compact_control *cc, unsigned long pfn)
{
	struct zone *zone = cc->zone;

	if (cc->no_set_skip_hint)
		return;
	pfn = pageblock_end_pfn(pfn);
	if (pfn > zone->compact_cached_migrate_pfn[0])
		zone->compact_cached_migrate_pfn[0] = pfn;
	if (cc->mode != MIGRATE_ASYNC &&
	    pfn > zone->compact_cached_migrate_pfn[1])
		zone->compact_cached_migrate_pfn[1] = pfn;
}

/*
 * The first page of [@start, @end) if the whole range is RAM of @zone
 * (memmap comes in pageblock-sized subsections, so one check covers the
 * block), else NULL.
 */
static struct page *pageblock_pfn_to_page(unsigned long start,
					  unsigned long end, struct zone *zone)
{
	if (!pfn_valid(start) || !zone_spans_pfn(zone, start) ||
	    !zone_spans_pfn(zone, end - 1))
		return NULL;
	return pfn_to_page(start);
}

/* --- the migrate scanner --------------------------------------------------- */

/*
 * May compaction use a pageblock of type @mt as a free-page target (and
 * async direct compaction take movable pages from it)? Movable and CMA
 * pageblocks, as in Linux. With grouping by mobility off (the nogrouping
 * boot parameter) every pageblock is Unmovable, and the type says nothing
 * about what a block holds: then every block is suitable, or compaction
 * would find no target and quietly do nothing. (Linux turns grouping off
 * only on machines too small to compact; here it is a boot option.)
 */
static bool migrate_async_suitable(int mt)
{
	return mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA ||
	       page_group_by_mobility_disabled;
}

/*
 * Async direct compaction only takes pages from pageblocks of the type it
 * wants to make room for (movable requests: movable pageblocks): moving
 * pages out of an unmovable pageblock rarely frees it, because unmovable
 * pages stay. Sync and full compaction take movable pages from anywhere.
 */
static bool suitable_migration_source(struct compact_control *cc,
				      struct page *page)
{
	int block_mt;

	if (cc->mode != MIGRATE_ASYNC || !cc->direct_compaction)
		return true;
	block_mt = get_pageblock_migratetype(page);
	if (cc->migratetype == MIGRATE_MOVABLE)
		return migrate_async_suitable(block_mt);
	return block_mt == cc->migratetype;
}

/*
 * A reference beyond the mappings' is a pin (a driver doing DMA would hold
 * one): migration would fail, so do not isolate. Racy, but a late pin is
 * caught by migration itself.
 */
static bool page_maybe_pinned(const struct page *page)
{
	return page_ref_count(page) > page_mapcount(page);
}

/*
 * The migrate scanner takes rmap_lock at the first anonymous page it
 * isolates and keeps it for the rest of the pageblock, as Linux keeps the
 * LRU lock (compact_lock_irqsave()): one lock round trip per block, not per
 * page. It lets go before asking a movable_operations owner, whose own
 * locks do not nest inside rmap_lock.
 */
static void compact_lock_rmap(bool *locked, unsigned long *flags)
{
	if (!*locked)
		spin_lock_irqsave(&rmap_lock, *flags);
	*locked = true;
}

static void compact_unlock_rmap(bool *locked, unsigned long flags)
{
	if (*locked)
		spin_unlock_irqrestore(&rmap_lock, flags);
	*locked = false;
}

/**
 * isolate_migratepages_block - isolate movable pages of one pageblock
 * @cc: the compaction
 * @low_pfn: where to start
 * @end_pfn: the pageblock's end
 *
 * Free buddy blocks are stepped over by their order; reserved frames,
 * holes, kernel pages and pinned pages are skipped. Stops after
 * COMPACT_CLUSTER_MAX pages.
 * Return: the pfn to continue from.
 */
unsigned long isolate_migratepages_block(struct compact_control *cc,
					 unsigned long low_pfn,
					 unsigned long end_pfn)
{
	unsigned long start_pfn = low_pfn, nr_isolated = 0, flags = 0;
	struct page *valid_page = pfn_to_page(pageblock_start_pfn(low_pfn));
	bool locked = false;

	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page = pfn_to_page(low_pfn);

		if (PageBuddy(page)) {
			/* Racy read, hence the sanity check. */
			unsigned int order = buddy_order(page);

			if (order > 0 && order <= MAX_ORDER)
				low_pfn += (1UL << order) - 1;
			continue;
		}
		if (PageMovableOps(page)) {
			/* A kernel page its owner can move: ask the owner. */
			compact_unlock_rmap(&locked, flags);
			if (!isolate_movable_ops_page(page, cc->mode))
				continue; /* busy (mapped), counted by it */
		} else if (!PageLRU(page)) {
			continue; /* reserved, kernel, table or free page */
		} else if (page_maybe_pinned(page)) {
			cc->nr_pinned_skipped++;
			continue;
		} else {
			compact_lock_rmap(&locked, &flags);
			if (!__isolate_anon_page(page))
				continue;
		}
		list_add_tail(&page->lru, &cc->migratepages);
		cc->nr_migratepages++;
		nr_isolated++;
		if (cc->nr_migratepages == COMPACT_CLUSTER_MAX) {
			low_pfn++;
			break;
		}
	}
	compact_unlock_rmap(&locked, flags);
	low_pfn = min(low_pfn, end_pfn); /* a free block may reach beyond */
	cc->total_migrate_scanned += low_pfn - start_pfn;
	cc->nr_isolated += nr_isolated;
	if (nr_isolated)
		count_vm_events(COMPACTISOLATED, (long)nr_isolated);
	/* A whole block with nothing to move: remember to skip it. */
	if (low_pfn == end_pfn && !nr_isolated) {
		if (!cc->no_set_skip_hint)
			set_pageblock_skip(valid_page);
		update_cached_migrate(cc, low_pfn - 1);
	}
	return low_pfn;
}

enum isolate_migrate_t { ISOLATE_NONE, ISOLATE_SUCCESS };

/* Isolate pages from the next suitable pageblock above cc->migrate_pfn. */
static enum isolate_migrate_t isolate_migratepages(struct compact_control *cc)
{
	unsigned long low_pfn = cc->migrate_pfn;
	unsigned long block_start =
		max(pageblock_start_pfn(low_pfn), cc->zone->zone_start_pfn);
	unsigned long block_end = pageblock_end_pfn(low_pfn);

	for (; block_end <= cc->free_pfn; low_pfn = block_end,
					  block_start = block_end,
					  block_end += pageblock_nr_pages) {
		struct page *page =
			pageblock_pfn_to_page(block_start, block_end, cc->zone);

		if (!page)
			continue;
		/* Skip bits are only trusted at the start of a block. */
		if (IS_ALIGNED(low_pfn, pageblock_nr_pages) &&
		    !isolation_suitable(cc, page))
			continue;
		if (!suitable_migration_source(cc, page)) {
			update_cached_migrate(cc, block_end - 1);
			continue;
		}
		low_pfn = isolate_migratepages_block(cc, low_pfn, block_end);
		break;
	}
	cc->migrate_pfn = low_pfn;
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/* --- the free scanner --------------------------------------------------------- */

/*
 * Migrate into movable pageblocks only, never into an isolated one, and
 * never break up a pageblock that is wholly free already: that is what
 * compaction is trying to make.
 */
static bool suitable_migration_target(struct compact_control *cc,
				      struct page *page)
{
	int mt = get_pageblock_migratetype(page);

	if (PageBuddy(page) && buddy_order(page) >= pageblock_order)
		return false;
	if (cc->ignore_block_suitable)
		return !is_migrate_isolate(mt);
	return migrate_async_suitable(mt);
}

/* Turn an isolated free block into order-0 pages on cc->freepages. */
static void add_isolated_block(struct compact_control *cc, struct page *page,
			       unsigned int order)
{
	post_alloc_hook(page, order, __GFP_MOVABLE);
	split_page(page, order);
	for (unsigned long i = 0; i < (1UL << order); i++)
		list_add_tail(&page[i].lru, &cc->freepages);
	cc->nr_freepages += 1U << order;
}

/*
 * Isolate free pages in [*@start_pfn, @end_pfn) until there are as many as
 * pages to migrate. Leaves *@start_pfn where it stopped.
 * Return: pages isolated.
 */
static unsigned long isolate_freepages_block(struct compact_control *cc,
					     unsigned long *start_pfn,
					     unsigned long end_pfn)
{
	unsigned long pfn = *start_pfn, total = 0, flags;
	struct zone *zone = cc->zone;

	spin_lock_irqsave(&zone->lock, flags);
	for (; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;
		int isolated;

		if (!PageBuddy(page))
			continue;
		order = buddy_order(page);
		isolated = __isolate_free_page(page, order);
		if (!isolated)
			break; /* the zone is at its watermark */
		add_isolated_block(cc, page, order);
		total += (unsigned long)isolated;
		pfn += (unsigned long)isolated - 1;
		if (cc->nr_freepages >= cc->nr_migratepages) {
			pfn++;
			break;
		}
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	cc->total_free_scanned += pfn - *start_pfn;
	*start_pfn = pfn;
	return total;
}

/* Fill cc->freepages, scanning down from cc->free_pfn. */
static void isolate_freepages(struct compact_control *cc)
{
	unsigned long block_start = pageblock_start_pfn(cc->free_pfn);
	unsigned long block_end =
		min(block_start + pageblock_nr_pages, zone_end_pfn(cc->zone));
	unsigned long isolate_start = cc->free_pfn;
	/*
	 * Stay above the migrate scanner's pageblock. When it has just
	 * finished one (migrate_pfn on a boundary), the pages in flight come
	 * from the block below and the next block is still free to use;
	 * Linux stops one block earlier there and leaves the last source
	 * block partly used.
	 */
	unsigned long low_pfn = ALIGN(cc->migrate_pfn, pageblock_nr_pages);

	for (; block_start >= low_pfn; block_end = block_start,
				       block_start -= pageblock_nr_pages,
				       isolate_start = block_start) {
		struct page *page =
			pageblock_pfn_to_page(block_start, block_end, cc->zone);

		if (page && suitable_migration_target(cc, page) &&
		    isolation_suitable(cc, page)) {
			isolate_freepages_block(cc, &isolate_start, block_end);
			if (isolate_start == block_end)
				update_pageblock_skip(cc, page, block_start);
			if (cc->nr_freepages >= cc->nr_migratepages) {
				/* Resume in this block, or below it if done. */
				if (isolate_start >= block_end)
					isolate_start = block_start -
							pageblock_nr_pages;
				break;
			}
			if (isolate_start < block_end)
				break; /* stopped by the watermark */
		}
		if (block_start < pageblock_nr_pages) {
			isolate_start = 0;
			break;
		}
	}
	cc->free_pfn = isolate_start;
}

/* migrate_pages() asks for a target page. */
static struct page *compaction_alloc(struct page *src, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	struct page *page;

	(void)src;
	if (list_empty(&cc->freepages))
		isolate_freepages(cc);
	if (list_empty(&cc->freepages))
		return NULL;
	page = list_first_entry(&cc->freepages, struct page, lru);
	list_del(&page->lru);
	cc->nr_freepages--;
	return page;
}

/* migrate_pages() gives back a target page it did not use. */
static void compaction_free(struct page *page, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;

	list_add(&page->lru, &cc->freepages);
	cc->nr_freepages++;
}

static void release_freepages(struct compact_control *cc)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &cc->freepages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	cc->nr_freepages = 0;
}

/* --- deciding whether to start, and when to stop -------------------------- */

/* Free pages a compaction needs beyond the watermark: room to migrate. */
static unsigned long compact_gap(unsigned int order)
{
	return 2UL << order;
}

static bool is_via_compact_memory(int order)
{
	return order == -1;
}

/*
 * Free pages enough to migrate into for an @order block (the first test).
 * Free CMA pages count, as in Linux: the pages compaction moves are
 * movable, and the free scanner takes CMA pageblocks as targets.
 */
static bool compaction_has_room(struct zone *zone, int order,
				int highest_zoneidx)
{
	unsigned long mark = order > PAGE_ALLOC_COSTLY_ORDER
				     ? low_wmark_pages(zone)
				     : min_wmark_pages(zone);

	mark += compact_gap((unsigned int)order);
	return __zone_watermark_ok(zone, 0, mark, highest_zoneidx, ALLOC_CMA,
				   (long)zone_page_state(zone, NR_FREE_PAGES));
}

/**
 * compaction_suitable - is compacting @zone for @order worth it?
 *
 * Not when there are too few free pages to migrate into (the order-0
 * watermark plus compact_gap()), nor, for costly orders, when the
 * fragmentation index says the failure is lack of memory rather than
 * fragmentation (index at or below extfrag_threshold).
 */
bool compaction_suitable(struct zone *zone, int order, int highest_zoneidx)
{
	if (!compaction_has_room(zone, order, highest_zoneidx))
		return false;
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		int fragindex = fragmentation_index(zone, (unsigned int)order);

		if (fragindex >= 0 &&
		    fragindex <= (int)sysctl_extfrag_threshold)
			return false;
	}
	return true;
}

static bool compact_scanners_met(struct compact_control *cc)
{
	return (cc->free_pfn >> pageblock_order) <=
	       (cc->migrate_pfn >> pageblock_order);
}

unsigned int fragmentation_score_wmark(bool low)
{
	unsigned int wmark_low =
		max(100U - sysctl_compaction_proactiveness, 5U);

	return low ? wmark_low : min(wmark_low + 10, 100U);
}

/* Is there now a free block the request could use? */
static enum compact_result block_available(struct compact_control *cc)
{
	for (unsigned int order = (unsigned int)cc->order;
	     order < NR_PAGE_ORDERS; order++) {
		const struct free_area *area = &cc->zone->free_area[order];

		if (area->nr_free_mt[cc->migratetype])
			return COMPACT_SUCCESS;
		/* A whole pageblock can be claimed for any type. */
		if (order >= pageblock_order && area->nr_free)
			return COMPACT_SUCCESS;
		/*
		 * A block of another type the allocation would claim. The
		 * test is >= 0 as in Linux: -2 means "a block may be there,
		 * but it is too small to be worth claiming for this type",
		 * and the allocation will not take it; counting that as a
		 * success made movable orders 1-3 stop at the first
		 * pageblock boundary having moved nothing.
		 */
		if (find_suitable_fallback(area, order, cc->migratetype,
					   true) >= 0)
			return COMPACT_SUCCESS;
	}
	return COMPACT_CONTINUE;
}

static enum compact_result compact_finished(struct compact_control *cc)
{
	struct zone *zone = cc->zone;

	if (cc->contended)
		return COMPACT_CONTENDED;
	if (compact_scanners_met(cc)) {
		reset_cached_positions(zone);
		/* Direct compactors leave the skip bits for kcompactd to
		 * clear when it next sleeps. */
		if (cc->direct_compaction)
			zone->compact_blockskip_flush = true;
		return cc->whole_zone ? COMPACT_COMPLETE
				      : COMPACT_PARTIAL_SKIPPED;
	}
	if (cc->proactive_compaction)
		return fragmentation_score_zone(zone) >
				       fragmentation_score_wmark(true)
			       ? COMPACT_CONTINUE
			       : COMPACT_SUCCESS;
	if (is_via_compact_memory(cc->order))
		return COMPACT_CONTINUE;
	/* Finish the pageblock in hand: a half-emptied one helps nobody. */
	if (!IS_ALIGNED(cc->migrate_pfn, pageblock_nr_pages))
		return COMPACT_CONTINUE;
	return block_available(cc);
}

/* --- the compaction run ------------------------------------------------------ */

static void compact_init_scanners(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);
	bool sync = cc->mode != MIGRATE_ASYNC;

	if (cc->whole_zone) {
		cc->migrate_pfn = start;
		cc->free_pfn = pageblock_start_pfn(end - 1);
		return;
	}
	cc->migrate_pfn = zone->compact_cached_migrate_pfn[sync];
	cc->free_pfn = zone->compact_cached_free_pfn;
	if (cc->free_pfn < start || cc->free_pfn >= end) {
		cc->free_pfn = pageblock_start_pfn(end - 1);
		zone->compact_cached_free_pfn = cc->free_pfn;
	}
	if (cc->migrate_pfn < start || cc->migrate_pfn >= end) {
		cc->migrate_pfn = start;
		zone->compact_cached_migrate_pfn[0] = start;
		zone->compact_cached_migrate_pfn[1] = start;
	}
	if (cc->migrate_pfn <= start)
		cc->whole_zone = true;
}

/* Whether compact_zone() should run at all, for an allocation's order. */
static enum compact_result compact_zone_suitable(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	unsigned long mark;

	if (is_via_compact_memory(cc->order) || cc->proactive_compaction)
		return COMPACT_CONTINUE;
	mark = zone->_watermark[cc->alloc_flags & ALLOC_WMARK_MASK];
	if (zone_watermark_ok(zone, (unsigned int)cc->order, mark,
			      cc->highest_zoneidx, cc->alloc_flags))
		return COMPACT_SUCCESS;
	if (!compaction_suitable(zone, cc->order, cc->highest_zoneidx))
		return COMPACT_SKIPPED;
	return COMPACT_CONTINUE;
}

/* Migrate the isolated batch; failures go back to their owners. */
static int compact_migrate_batch(struct compact_control *cc)
{
	unsigned int nr_succeeded = 0;
	int err = migrate_pages(&cc->migratepages, compaction_alloc,
				compaction_free, (unsigned long)cc, cc->mode,
				MR_COMPACTION, &nr_succeeded);

	cc->nr_migrated += nr_succeeded;
	if (err > 0)
		cc->nr_migrate_failed += (unsigned long)err;
	/* Failures, and with -ENOMEM the pages not tried, go back. */
	if (err)
		putback_movable_pages(&cc->migratepages);
	cc->nr_migratepages = 0;
	return err;
}

/*
 * The scanners met in the middle of the migrate scanner's pageblock while
 * free pages are still in hand (the free scanner took the last ones of the
 * block above). Linux stops here and leaves that pageblock partly used;
 * emptying it into the pages in hand costs a few migrations and gains a
 * whole free pageblock.
 */
static void compact_finish_block(struct compact_control *cc)
{
	unsigned long end = pageblock_end_pfn(cc->migrate_pfn);

	while (cc->nr_freepages && cc->migrate_pfn < end &&
	       !IS_ALIGNED(cc->migrate_pfn, pageblock_nr_pages)) {
		cc->migrate_pfn =
			isolate_migratepages_block(cc, cc->migrate_pfn, end);
		if (!cc->nr_migratepages || compact_migrate_batch(cc) < 0)
			break;
	}
}

/**
 * compact_zone - run one compaction of cc->zone
 * @cc: what to do (order -1: full compaction)
 * @capc: where a block that direct compaction frees may be captured
 *
 * Return: why it stopped (enum compact_result).
 */
enum compact_result compact_zone(struct compact_control *cc,
				 struct capture_control *capc)
{
	unsigned long last_migrated_block = -1UL;
	enum compact_result ret;
	struct zone *zone = cc->zone;

	might_sleep(); /* migration waits for page locks; cond_resched() */
	INIT_LIST_HEAD(&cc->freepages);
	INIT_LIST_HEAD(&cc->migratepages);
	cc->migratetype = gfp_migratetype(cc->gfp_mask);
	ret = compact_zone_suitable(cc);
	if (ret != COMPACT_CONTINUE)
		return ret;
	if (compaction_restarting(zone, cc->order))
		__reset_isolation_suitable(zone);
	compact_init_scanners(cc);
	while ((ret = compact_finished(cc)) == COMPACT_CONTINUE) {
		unsigned long block = pageblock_start_pfn(cc->migrate_pfn);
		int err;

		/*
		 * Pages migrated away went to this CPU's per-CPU lists, where
		 * they cannot merge. Once the scanner leaves their pageblock,
		 * give them back so the block can become one free block.
		 */
		if (last_migrated_block != -1UL &&
		    block > last_migrated_block) {
			drain_local_pages(zone);
			last_migrated_block = -1UL;
		}
		if (isolate_migratepages(cc) == ISOLATE_NONE) {
			cond_resched();
			continue;
		}
		last_migrated_block = block;
		err = compact_migrate_batch(cc);
		/* Out of free pages: no use scanning on. */
		if (err == -ENOMEM && !compact_scanners_met(cc)) {
			ret = COMPACT_CONTENDED;
			break;
		}
		if (capc && capc->page) {
			ret = COMPACT_SUCCESS;
			break;
		}
		cond_resched();
	}
	if ((ret == COMPACT_COMPLETE || ret == COMPACT_PARTIAL_SKIPPED) &&
	    cc->nr_freepages)
		compact_finish_block(cc);
	release_freepages(cc);
	drain_local_pages(zone);
	/* A later run starts where the free scanner left off. */
	if (cc->free_pfn < zone->compact_cached_free_pfn &&
	    !cc->no_set_skip_hint && zone_spans_pfn(zone, cc->free_pfn))
		zone->compact_cached_free_pfn = cc->free_pfn;
	count_vm_events(COMPACTMIGRATE_SCANNED,
			(long)cc->total_migrate_scanned);
	count_vm_events(COMPACTFREE_SCANNED, (long)cc->total_free_scanned);
	return ret;
}

/* --- direct compaction and capture ------------------------------------------ */

/**
 * compaction_capture - hand a freed block to the running direct compactor
 * @zone: the block's zone
 * @page: the block's first page, just freed (not yet on a free list)
 * @order: its order so far (the free path asks at each merge step)
 * @migratetype: its pageblock's type
 *
 * Without this, a block that compaction frees could be taken by another
 * allocation before the compactor's retry; Linux added capture for that.
 * Context: zone->lock held.
 * Return: true if the compactor took the block (the caller must not free
 * it), false otherwise.
 */
bool compaction_capture(struct zone *zone, struct page *page,
			unsigned int order, int migratetype)
{
	struct capture_control *capc = current->capture_control;

	lockdep_assert_held(&zone->lock);
	if (!capc || capc->page || capc->cc->zone != zone ||
	    (int)order != capc->cc->order)
		return false;
	if (is_migrate_isolate(migratetype) || migratetype == MIGRATE_CMA)
		return false;
	/* A small unmovable request must not start mixing a movable block. */
	if (order < pageblock_order && migratetype == MIGRATE_MOVABLE &&
	    capc->cc->migratetype != MIGRATE_MOVABLE)
		return false;
	capc->page = page;
	return true;
}

static enum compact_result
compact_zone_order(struct zone *zone, int order, gfp_t gfp,
		   enum compact_priority prio, unsigned int alloc_flags,
		   int highest_zoneidx, struct page **capture)
{
	struct compact_control cc = {
		.zone = zone,
		.order = order,
		.gfp_mask = gfp,
		.mode = prio == COMPACT_PRIO_ASYNC ? MIGRATE_ASYNC
						   : MIGRATE_SYNC_LIGHT,
		.alloc_flags = alloc_flags,
		.highest_zoneidx = highest_zoneidx,
		.direct_compaction = true,
		.whole_zone = prio == MIN_COMPACT_PRIORITY,
		.ignore_skip_hint = prio == MIN_COMPACT_PRIORITY,
		.ignore_block_suitable = prio == MIN_COMPACT_PRIORITY,
	};
	struct capture_control capc = { .cc = &cc, .page = NULL };
	enum compact_result ret;

	/* The thread's own: a block is captured only while it compacts. */
	WRITE_ONCE(current->capture_control, &capc);
	ret = compact_zone(&cc, &capc);
	WRITE_ONCE(current->capture_control, NULL);
	*capture = READ_ONCE(capc.page);
	if (*capture)
		ret = COMPACT_SUCCESS;
	return ret;
}

enum compact_result try_to_compact_pages(gfp_t gfp, unsigned int order,
					 unsigned int alloc_flags,
					 const struct alloc_context *ac,
					 enum compact_priority prio,
					 struct page **capture)
{
	enum compact_result rc = COMPACT_SKIPPED;
	struct zone *zone;

	might_sleep();
	*capture = NULL;
	for (struct zone **z = ac->zonelist->zones; (zone = *z); z++) {
		enum compact_result status;

		if (prio > MIN_COMPACT_PRIORITY &&
		    compaction_deferred(zone, (int)order)) {
			rc = max(rc, COMPACT_DEFERRED);
			continue;
		}
		status = compact_zone_order(zone, (int)order, gfp, prio,
					    alloc_flags,
					    (int)ac->highest_zoneidx, capture);
		rc = max(rc, status);
		if (status == COMPACT_SUCCESS) {
			/* The allocation may still fail; only then reset. */
			compaction_defer_reset(zone, (int)order, false);
			break;
		}
		if (prio != COMPACT_PRIO_ASYNC &&
		    (status == COMPACT_COMPLETE ||
		     status == COMPACT_PARTIAL_SKIPPED))
			defer_compaction(zone, (int)order);
	}
	return rc;
}

/* --- full compaction ----------------------------------------------------------- */

static void add_stats(struct compact_stats *sum,
		      const struct compact_control *cc)
{
	sum->migrate_scanned += cc->total_migrate_scanned;
	sum->free_scanned += cc->total_free_scanned;
	sum->isolated += cc->nr_isolated;
	sum->migrated += cc->nr_migrated;
	sum->failed += cc->nr_migrate_failed;
	sum->pinned_skipped += cc->nr_pinned_skipped;
}

enum compact_result compact_zone_sync(struct zone *zone, int order,
				      struct compact_stats *sum)
{
	struct compact_control cc = {
		.zone = zone,
		.order = order,
		.gfp_mask = GFP_HIGHUSER_MOVABLE,
		.mode = MIGRATE_SYNC,
		.highest_zoneidx = MAX_NR_ZONES - 1,
		.whole_zone = true,
		.ignore_skip_hint = true,
		/*
		 * Skip bits steer repeated direct compactions away from
		 * pageblocks that just proved useless. A full compaction
		 * scans everything anyway, and the bits it would leave
		 * describe memory as it was, misleading the next direct
		 * compaction long after the workload changed (Linux sets
		 * them here and relies on later resets).
		 */
		.no_set_skip_hint = true,
	};
	enum compact_result ret;

	/* Pages parked on per-CPU lists are free but invisible to the
	 * scanners and cannot merge: give them back first. */
	drain_all_pages(zone);
	ret = compact_zone(&cc, NULL);
	if (sum)
		add_stats(sum, &cc);
	return ret;
}

void compact_node(pg_data_t *pgdat, int order, struct compact_stats *sum)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (managed_zone(zone))
			compact_zone_sync(zone, order, sum);
	}
}

/* --- kcompactd ---------------------------------------------------------------- */

/*
 * kcompactd: one thread per node (one node here) that compacts in the
 * background, so that allocations find free high-order blocks instead of
 * stalling in direct compaction. It sleeps on a wait queue and wakes
 *   - when an allocation asks for an order it could not get
 *     (wakeup_kcompactd()): it compacts each zone for that order;
 *   - every HPAGE_FRAG_CHECK_INTERVAL_MSEC: proactive compaction. When the
 *     node's fragmentation score is above the high mark derived from
 *     compaction_proactiveness, it compacts until each zone's score is
 *     below the low mark. A run that does not lower the score backs off
 *     for 1 << COMPACT_MAX_DEFER_SHIFT checks (32 s), as Linux does.
 */
#define HPAGE_FRAG_CHECK_INTERVAL_MSEC 500

bool kcompactd_enabled = true;
param_bool("kcompactd", kcompactd_enabled,
	   "background compaction thread (kcompactd=off to stop it)");

struct kcompactd_state kcompactd_state;

void wakeup_kcompactd(pg_data_t *pgdat, int order, int highest_zoneidx)
{
	if (!order)
		return;
	if (pgdat->kcompactd_max_order < order)
		pgdat->kcompactd_max_order = order;
	if ((int)pgdat->kcompactd_highest_zoneidx > highest_zoneidx)
		pgdat->kcompactd_highest_zoneidx =
			(enum zone_type)highest_zoneidx;
	if (waitqueue_active(&pgdat->kcompactd_wait))
		wake_up(&pgdat->kcompactd_wait);
}

void kcompactd_set_enabled(pg_data_t *pgdat, bool on)
{
	WRITE_ONCE(kcompactd_enabled, on);
	wake_up(&pgdat->kcompactd_wait);
}

static void count_kcompactd_scan(const struct compact_control *cc)
{
	count_vm_events(KCOMPACTD_MIGRATE_SCANNED,
			(long)cc->total_migrate_scanned);
	count_vm_events(KCOMPACTD_FREE_SCANNED, (long)cc->total_free_scanned);
}

/* Compact one zone for @order, honouring deferral and skip hints. */
static void kcompactd_compact_zone(struct zone *zone, int order,
				   int highest_zoneidx)
{
	struct compact_control cc = {
		.zone = zone,
		.order = order,
		.gfp_mask = GFP_KERNEL,
		.mode = MIGRATE_SYNC_LIGHT,
		.highest_zoneidx = highest_zoneidx,
	};
	enum compact_result status;

	if (compaction_deferred(zone, order) ||
	    zone_watermark_ok(zone, (unsigned int)order, min_wmark_pages(zone),
			      highest_zoneidx, 0) ||
	    !compaction_suitable(zone, order, highest_zoneidx))
		return;
	status = compact_zone(&cc, NULL);
	if (status == COMPACT_SUCCESS)
		compaction_defer_reset(zone, order, false);
	else if (status == COMPACT_PARTIAL_SKIPPED ||
		 status == COMPACT_COMPLETE)
		defer_compaction(zone, order);
	count_kcompactd_scan(&cc);
}

/* Woken by an allocation: compact every zone it could use for its order. */
static void kcompactd_do_work(pg_data_t *pgdat)
{
	int order = pgdat->kcompactd_max_order;
	int highest = (int)pgdat->kcompactd_highest_zoneidx;

	count_vm_event(KCOMPACTD_WAKE);
	for (int z = 0; z <= highest; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			kcompactd_compact_zone(&pgdat->node_zones[z], order,
					       highest);
	/* Done until woken again, whatever the outcome. */
	if (pgdat->kcompactd_max_order <= order)
		pgdat->kcompactd_max_order = 0;
	if ((int)pgdat->kcompactd_highest_zoneidx >= highest)
		pgdat->kcompactd_highest_zoneidx = MAX_NR_ZONES - 1;
	kcompactd_state.nr_woken_runs++;
}

static bool should_proactive_compact_node(pg_data_t *pgdat)
{
	return sysctl_compaction_proactiveness &&
	       fragmentation_score_node(pgdat) >
		       fragmentation_score_wmark(false);
}

/*
 * Bring every zone's score below the low mark. A zone without enough free
 * memory to compact into (compaction_has_room() for a huge page) is left
 * alone: Linux would be reclaiming there (kswapd) and skips proactive
 * compaction while it does. The fragmentation index is not asked, as in
 * Linux: extfrag_threshold judges why an allocation failed, and the score
 * drives proactive compaction. Returns whether every populated zone could be
 * compacted (a run that had to skip some proves nothing about futility).
 */
static bool proactive_compact_node(pg_data_t *pgdat)
{
	bool all = true;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct compact_control cc = {
			.zone = &pgdat->node_zones[z],
			.order = -1,
			.gfp_mask = GFP_KERNEL,
			.mode = MIGRATE_SYNC_LIGHT,
			.ignore_skip_hint = true,
			.whole_zone = true,
			.proactive_compaction = true,
		};

		if (!populated_zone(cc.zone))
			continue;
		if (!compaction_has_room(cc.zone, COMPACTION_HPAGE_ORDER,
					 MAX_NR_ZONES - 1)) {
			all = false;
			continue;
		}
		compact_zone(&cc, NULL);
		count_kcompactd_scan(&cc);
	}
	return all;
}

/*
 * The periodic check. Linux counts compact_daemon_wake only for wake-ups
 * by allocations; we count the proactive runs too, so that background
 * work shows in that counter whichever way it started.
 */
static void kcompactd_proactive(pg_data_t *pgdat)
{
	struct kcompactd_state *st = &kcompactd_state;
	unsigned long blocks, free;
	bool progress, whole;

	if (!should_proactive_compact_node(pgdat))
		return;
	if (st->proactive_defer) {
		st->proactive_defer--;
		return;
	}
	count_vm_event(KCOMPACTD_WAKE);
	st->score_before = fragmentation_score_node(pgdat);
	blocks = nr_free_pageblocks();
	free = global_zone_page_state(NR_FREE_PAGES);
	whole = proactive_compact_node(pgdat);
	st->score_after = fragmentation_score_node(pgdat);
	st->last_run = jiffies;
	st->nr_proactive_runs++;
	/*
	 * No progress: leave it alone for a while. Linux judges by the score
	 * alone. We do not back off after a run that had to skip a zone
	 * short of free memory, and count new free pageblocks, or much
	 * memory freed during the run, as progress: other threads changed
	 * memory under the run (a workload punching holes raises the score
	 * even as the run does its job), and a 32 s back-off would ignore
	 * exactly the fragmentation it should deal with next.
	 */
	progress = !whole || st->score_after < st->score_before ||
		   nr_free_pageblocks() > blocks ||
		   global_zone_page_state(NR_FREE_PAGES) > free + free / 8;
	st->proactive_defer = progress ? 0 : 1U << COMPACT_MAX_DEFER_SHIFT;
}

static bool kcompactd_work_requested(pg_data_t *pgdat)
{
	return READ_ONCE(pgdat->kcompactd_max_order) > 0 ||
	       !READ_ONCE(kcompactd_enabled);
}

static int kcompactd(void *arg)
{
	pg_data_t *pgdat = arg;
	long timeout = (long)msecs_to_jiffies(HPAGE_FRAG_CHECK_INTERVAL_MSEC);

	for (;;) {
		if (!READ_ONCE(kcompactd_enabled)) {
			kcompactd_state.sleeping = true;
			wait_event(pgdat->kcompactd_wait,
				   READ_ONCE(kcompactd_enabled));
			continue;
		}
		/* Direct compactors that met their scanners leave the skip
		 * bits to be cleared here, before sleeping. */
		reset_isolation_suitable(pgdat);
		kcompactd_state.sleeping = true;
		if (wait_event_timeout(pgdat->kcompactd_wait,
				       kcompactd_work_requested(pgdat),
				       timeout)) {
			kcompactd_state.sleeping = false;
			if (READ_ONCE(kcompactd_enabled))
				kcompactd_do_work(pgdat);
			continue;
		}
		kcompactd_state.sleeping = false;
		kcompactd_proactive(pgdat);
	}
	return 0;
}

void kcompactd_run(pg_data_t *pgdat)
{
	pgdat->kcompactd = kthread_run(kcompactd, pgdat, "kcompactd0");
	if (!pgdat->kcompactd)
		pr_err("kcompactd: could not start the thread\n");
	else
		pr_info("kcompactd: started (%s, proactiveness %u)\n",
			kcompactd_enabled ? "on" : "off",
			sysctl_compaction_proactiveness);
}

unsigned long nr_free_pageblocks(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		for (unsigned int o = pageblock_order; o <= MAX_ORDER; o++)
			n += zone->free_area[o].nr_free
			     << (o - pageblock_order);
	return n;
}

/* --- what a perfect compaction could reach (for benchmarks and tests) ------ */

/* What one pageblock holds. */
struct pageblock_census {
	unsigned long nr_free, nr_movable, nr_unmovable;
	unsigned long nr_allocated_unmovable; /* of them, not reserved */
};

/* Count the pages of the pageblock at @pfn; false if it holds any page
 * that cannot move (or a hole): no compaction can free it. */
static bool scan_pageblock(unsigned long pfn, struct pageblock_census *c)
{
	unsigned long end = pfn + pageblock_nr_pages;

	*c = (struct pageblock_census){ 0 };
	/* Inside a free block larger than a pageblock? */
	for (unsigned int o = pageblock_order + 1; o <= MAX_ORDER; o++) {
		struct page *head = pfn_to_page(ALIGN_DOWN(pfn, 1UL << o));

		if (PageBuddy(head) && buddy_order(head) >= o) {
			c->nr_free = pageblock_nr_pages;
			return true;
		}
	}
	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			unsigned long n = 1UL << buddy_order(page);

			n = min(n, end - pfn);
			c->nr_free += n;
			pfn += n;
			continue;
		}
		if (PageMovableOps(page))
			c->nr_movable++; /* its owner moves it */
		else if (!(PageLRU(page) || PageIsolated(page)) ||
			 page_maybe_pinned(page)) {
			c->nr_unmovable++;
			c->nr_allocated_unmovable += !PageReserved(page);
		} else
			c->nr_movable++;
		pfn++;
	}
	return c->nr_unmovable == 0;
}

/* Add @zone's capable pageblocks to @cp; return its reachable blocks
 * (pages never move between zones, so each zone counts on its own). */
static unsigned long zone_potential(struct zone *zone, unsigned long pfn,
				    struct compact_potential *cp)
{
	unsigned long capable_free = 0, capable_blocks = 0, target_free = 0;

	for (; pfn + pageblock_nr_pages <= zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		struct pageblock_census c;

		if (!pfn_valid(pfn))
			continue;
		cp->nr_blocks++;
		if (!scan_pageblock(pfn, &c)) {
			cp->nr_polluted_blocks += c.nr_allocated_unmovable != 0;
			cp->nr_unmovable_pages += c.nr_allocated_unmovable;
			cp->nr_mixed_blocks += c.nr_movable != 0;
			/* Pinned, but its free pages may still take pages
			 * migrated out of other blocks. */
			if (migrate_async_suitable(get_pageblock_migratetype(
				    pfn_to_page(pfn))))
				target_free += c.nr_free;
			continue;
		}
		capable_free += c.nr_free;
		capable_blocks++;
		cp->used_hist[c.nr_movable]++;
	}
	cp->capable_free += capable_free;
	cp->pinned_target_free += target_free;
	cp->nr_capable_blocks += capable_blocks;
	return min(capable_free / pageblock_nr_pages, capable_blocks);
}

void compaction_potential(pg_data_t *pgdat, struct compact_potential *cp)
{
	memset(cp, 0, sizeof(*cp));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		unsigned long pfn =
			ALIGN(zone->zone_start_pfn, pageblock_nr_pages);

		if (!managed_zone(zone))
			continue;
		drain_all_pages(zone);
		cp->free_pages += zone_page_state(zone, NR_FREE_PAGES);
		cp->blocks_max += zone_potential(zone, pfn, cp);
	}
}

unsigned long compaction_pollution(const struct compact_potential *cp)
{
	unsigned long ideal =
		DIV_ROUND_UP(cp->nr_unmovable_pages, pageblock_nr_pages);

	return ideal ? cp->nr_polluted_blocks * 100 / ideal : 0;
}

unsigned long compaction_min_migrated(const struct compact_potential *cp,
				      unsigned long blocks)
{
	unsigned long moved = 0;

	/* Empty the emptiest pageblocks first. */
	for (unsigned long used = 0; used <= pageblock_nr_pages && blocks;
	     used++) {
		unsigned long take =
			min((unsigned long)cp->used_hist[used], blocks);

		moved += take * used;
		blocks -= take;
	}
	return moved;
}
