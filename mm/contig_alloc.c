/*
 * alloc_contig_range(), alloc_contig_pages() and free_contig_range(): see
 * mm/contig_alloc.h. One attempt on a range goes:
 *
 *   check      contig_range_blocker(): a hole, a reserved page or a kernel
 *              page means the range can never be emptied: fail at once
 *   isolate    start_isolate_page_range(): the allocator stops handing out
 *              the range's free pages, and pages freed there stay there
 *   migrate    every movable page of the range, user pages on the LRU
 *              and kernel pages whose owner moves them (mm/movable_ops.h),
 *              through migrate_pages() (MR_CONTIG_RANGE), to pages outside
 *              it; up to CONTIG_MIGRATE_TRIES passes for pages that would
 *              not move
 *   test       test_pages_isolated(): every page of the range is free
 *   take       the free blocks come off the isolate lists, split into
 *              pages; the parts outside the range are freed again
 *   undo       undo_isolate_page_range(): every pageblock gets its type
 *              back, whatever happened
 *
 * Linux's users complain of "PFNs busy" floods, of CMA allocations that
 * took seconds while a pin raced with isolation, and of a transient fork
 * reference failing the allocation. Here a range that holds a kernel page
 * or a pin is not even isolated (the search skips it), a transient
 * reference gets a bounded number of passes, and each failure reports one
 * pfn and one reason instead of a line per page.
 */
#include "kerrno.h"
#include "kernel/sched.h"
#include "lib.h"
#include "printk.h"
#include "mm/contig_alloc.h"
#include "mm/migrate.h"
#include "mm/mmdebug.h"
#include "mm/movable_ops.h"
#include "mm/page_alloc.h"
#include "mm/page_isolation.h"
#include "mm/rmap.h"

const char *const contig_reason_names[NR_CONTIG_REASONS] = {
	[CONTIG_OK] = "ok",
	[CONTIG_PINNED] = "pinned",
	[CONTIG_UNMOVABLE] = "unmovable",
	[CONTIG_RESERVED] = "reserved",
	[CONTIG_HOLE] = "hole",
	[CONTIG_RACE] = "race",
	[CONTIG_NOMEM] = "nomem",
};

/* Migration targets: movable pages anywhere the allocator gives them. */
#define CONTIG_TARGET_GFP (GFP_HIGHUSER_MOVABLE | __GFP_NOWARN | __GFP_NORETRY)

/*
 * An in-use page that can move: a user page, on the LRU or isolated from
 * it, or a kernel page whose owner moves it (a kpool page).
 */
static bool contig_page_movable(const struct page *page)
{
	return PageLRU(page) || PageIsolated(page) || PageMovableOps(page);
}

/*
 * A movable page that stays until its user lets go: a user page with
 * references beyond its mappings' (and an isolator's), or a kernel page
 * its owner holds (a kpool page with an object mapped).
 */
static bool contig_page_pinned(const struct page *page)
{
	if (PageMovableOps(page))
		return movable_ops_page_pinned(page);
	return page_ref_count(page) >
	       page_mapcount(page) + (PageIsolated(page) ? 1 : 0);
}

/* A page the passes will migrate: one nobody else has isolated. */
static bool contig_page_occupied(const struct page *page)
{
	return PageLRU(page) || (PageMovableOps(page) && !PageIsolated(page));
}

/* Why the pageblock of @pfn keeps a @migratetype range from using it. */
static enum contig_reason pageblock_blocker(unsigned long pfn, int migratetype)
{
	int mt = get_pfnblock_migratetype(pfn_to_page(pfn), pfn);

	if (is_migrate_isolate(mt))
		return CONTIG_RACE; /* another range is being taken */
	if (is_migrate_cma(mt) != is_migrate_cma(migratetype))
		return CONTIG_RESERVED; /* a CMA area's, or not the area's */
	return CONTIG_OK;
}

/*
 * Why the in-use page at @page blocks, or CONTIG_OK for a movable page
 * nothing pins. A reference count of 0 is a free page on a per-CPU list,
 * or a tail of a block: the block's head decides.
 */
static enum contig_reason page_blocker(const struct page *page)
{
	if (PageHole(page))
		return CONTIG_HOLE;
	if (PageReserved(page))
		return CONTIG_RESERVED;
	if (!page_ref_count(page))
		return CONTIG_OK;
	if (!contig_page_movable(page))
		return CONTIG_UNMOVABLE;
	return contig_page_pinned(page) ? CONTIG_PINNED : CONTIG_OK;
}

/*
 * Pages an in-use block at @page spans: a kernel block's order is in
 * page->private; a movable page is a single page, whatever ->private holds.
 */
static unsigned long inuse_block_pages(const struct page *page)
{
	if (page_ref_count(page) && !contig_page_movable(page) &&
	    page->private <= MAX_ORDER)
		return 1UL << page->private;
	return 1;
}

enum contig_reason contig_range_blocker(unsigned long start_pfn,
					unsigned long end_pfn, int migratetype,
					bool pins_block,
					unsigned long *fail_pfn,
					unsigned long *nr_occupied)
{
	unsigned long pfn = pageblock_start_pfn(start_pfn), occupied = 0;
	enum contig_reason why = CONTIG_OK;

	/* From the pageblock's start: an in-use block whose head is below
	 * @start_pfn may reach into the range. */
	while (pfn < end_pfn) {
		struct page *page;
		unsigned long nr;

		if (!pfn_valid(pfn)) {
			why = CONTIG_HOLE;
			break;
		}
		if (IS_ALIGNED(pfn, pageblock_nr_pages)) {
			why = pageblock_blocker(pfn, migratetype);
			if (why)
				break;
		}
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			pfn += 1UL << buddy_order(page);
			continue;
		}
		nr = inuse_block_pages(page);
		why = page_blocker(page);
		if (why == CONTIG_PINNED && !pins_block)
			why = CONTIG_OK;
		if (why && pfn + nr > start_pfn)
			break;
		why = CONTIG_OK;
		occupied += pfn >= start_pfn && contig_page_occupied(page);
		pfn += nr;
	}
	*fail_pfn = max(pfn, start_pfn);
	if (nr_occupied)
		*nr_occupied = occupied;
	return why;
}

/* --- one attempt on one range ------------------------------------------------ */

struct contig_control {
	unsigned long start, end; /* the range asked for */
	gfp_t gfp;
	struct list_head migratepages;
	struct contig_info *info;
};

static struct page *contig_alloc_target(struct page *src, unsigned long data)
{
	(void)src;
	(void)data;
	return alloc_page(CONTIG_TARGET_GFP);
}

static void contig_free_target(struct page *page, unsigned long data)
{
	(void)data;
	__free_page(page);
}

/*
 * Isolate @page if it is movable and not pinned; a pinned one is left for
 * the test after the pass to name. A movable kernel page's owner refuses
 * it itself when it is pinned.
 */
static bool contig_isolate_page(struct page *page)
{
	if (PageMovableOps(page))
		return isolate_movable_ops_page(page, MIGRATE_SYNC);
	return PageLRU(page) && !contig_page_pinned(page) &&
	       isolate_anon_page(page);
}

/*
 * Isolate up to MIGRATE_BATCH movable pages of [@pfn, cc->end) onto
 * cc->migratepages. Return the pfn to go on from.
 */
static unsigned long contig_isolate_batch(struct contig_control *cc,
					  unsigned long pfn)
{
	unsigned int n = 0;

	for (; pfn < cc->end && n < MIGRATE_BATCH; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			pfn += (1UL << buddy_order(page)) - 1;
			continue;
		}
		if (!contig_isolate_page(page))
			continue;
		list_add_tail(&page->lru, &cc->migratepages);
		n++;
	}
	return min(pfn, cc->end);
}

/* One pass: migrate every movable page of the range out of it. */
static int contig_migrate_pass(struct contig_control *cc)
{
	unsigned long pfn = cc->start;

	while (pfn < cc->end) {
		unsigned int done = 0;
		int err;

		pfn = contig_isolate_batch(cc, pfn);
		if (list_empty(&cc->migratepages))
			continue;
		err = migrate_pages(&cc->migratepages, contig_alloc_target,
				    contig_free_target, 0, MIGRATE_SYNC,
				    MR_CONTIG_RANGE, &done);
		cc->info->nr_migrated += done;
		if (err)
			putback_movable_pages(&cc->migratepages);
		if (err == -ENOMEM)
			return -ENOMEM;
		cond_resched();
	}
	return 0;
}

/*
 * Why the range could not be emptied, from its first busy pfn. The range
 * passed the check before isolation, so a kernel page, or a pageblock no
 * longer isolated, is a race; a movable page still there is pinned, as
 * page_blocker() decides before isolation, unless its pin has gone
 * meanwhile (then it too lost a race).
 */
static enum contig_reason contig_busy_reason(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	if (!is_migrate_isolate(get_pfnblock_migratetype(page, pfn)))
		return CONTIG_RACE;
	return page_blocker(page) == CONTIG_PINNED ? CONTIG_PINNED
						   : CONTIG_RACE;
}

/* Migrate until the range is free, for at most CONTIG_MIGRATE_TRIES passes. */
static int contig_empty_range(struct contig_control *cc)
{
	struct contig_info *info = cc->info;
	unsigned long busy;

	for (info->nr_passes = 1;; info->nr_passes++) {
		if (contig_migrate_pass(cc)) {
			info->fail_pfn = cc->start;
			info->reason = CONTIG_NOMEM;
			return -ENOMEM;
		}
		if (!test_pages_isolated(cc->start, cc->end, &busy))
			return 0;
		if (info->nr_passes == CONTIG_MIGRATE_TRIES)
			break;
		cond_resched(); /* let a transient reference's holder finish */
	}
	info->fail_pfn = busy;
	info->reason = contig_busy_reason(busy);
	return -EBUSY;
}

/*
 * Take the free block at @page (order @order, on the isolate lists) and
 * keep the pages of it inside the range, each with a reference of its own.
 */
static void contig_take_block(struct contig_control *cc, struct page *page,
			      unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page), flags;
	int taken;

	spin_lock_irqsave(&zone->lock, flags);
	taken = __isolate_free_page(page, order);
	spin_unlock_irqrestore(&zone->lock, flags);
	/* An isolated pageblock's free block passes no watermark check: it
	 * is never refused. */
	VM_BUG_ON_PAGE(!taken, page);
	post_alloc_hook(page, order, cc->gfp & __GFP_ZERO);
	split_page(page, order);
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (pfn + i < cc->start || pfn + i >= cc->end)
			__free_page(page + i); /* back to the isolate lists */
}

/* Take every free block that covers part of the (free, isolated) range. */
static void contig_take_range(struct contig_control *cc)
{
	unsigned long pfn = pageblock_start_pfn(cc->start);

	while (pfn < cc->end) {
		struct page *page = pfn_to_page(pfn);
		unsigned long nr;

		if (!PageBuddy(page)) {
			pfn++; /* in use, below cc->start */
			continue;
		}
		nr = 1UL << buddy_order(page);
		if (pfn + nr > cc->start)
			contig_take_block(cc, page, buddy_order(page));
		pfn += nr;
	}
}

/* The range, and the pageblocks around it, lie in one zone's RAM. */
static bool contig_range_valid(unsigned long start, unsigned long end)
{
	unsigned long lo = pageblock_start_pfn(start);
	unsigned long hi = pageblock_end_pfn(end - 1);
	struct zone *zone;

	if (start >= end || !pfn_valid(lo) || !pfn_valid(hi - 1))
		return false;
	zone = page_zone(pfn_to_page(start));
	return zone_spans_pfn(zone, lo) && zone_spans_pfn(zone, hi - 1) &&
	       (hi - lo) / pageblock_nr_pages <= ISOLATE_MAX_PAGEBLOCKS;
}

static int contig_fail(struct contig_info *info, unsigned long pfn,
		       enum contig_reason why, int err)
{
	info->fail_pfn = pfn;
	info->reason = why;
	return err;
}

int alloc_contig_range(unsigned long start, unsigned long end, int migratetype,
		       gfp_t gfp, struct contig_info *info)
{
	struct contig_info dummy;
	struct contig_control cc = { start, end, gfp,
				     LIST_HEAD_INIT(cc.migratepages),
				     info ? info : &dummy };
	struct isolate_range ir;
	enum contig_reason why;
	unsigned long pfn;
	int err;

	info = cc.info;
	memset(info, 0, sizeof(*info));
	if (!contig_range_valid(start, end))
		return contig_fail(info, start, CONTIG_HOLE, -EINVAL);
	/* A pin may be transient: it gets its passes under isolation. */
	why = contig_range_blocker(start, end, migratetype, false, &pfn,
				   &info->nr_occupied);
	if (why)
		return contig_fail(info, pfn, why, -EBUSY);
	err = start_isolate_page_range(&ir, pageblock_start_pfn(start),
				       pageblock_end_pfn(end - 1), &pfn);
	if (err) /* a pageblock isolated by someone else meanwhile */
		return contig_fail(info, pfn, CONTIG_RACE, -EBUSY);
	info->nr_ranges = 1;
	err = contig_empty_range(&cc);
	if (!err)
		contig_take_range(&cc);
	undo_isolate_page_range(&ir);
	return err;
}

unsigned long free_contig_range(unsigned long pfn, unsigned long nr_pages)
{
	unsigned long busy = 0;

	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = pfn_to_page(pfn + i);

		busy += page_ref_count(page) != 1;
		__free_page(page);
	}
	WARN_ONCE(busy, "free_contig_range: %lu pages still in use\n", busy);
	return busy;
}

/* --- the search ------------------------------------------------------------------ */

/*
 * Try the aligned ranges of @zone in turn. A range with a blocker is
 * skipped up to the blocker's next aligned range; a range that fails under
 * isolation is skipped by one step.
 */
static struct page *contig_search_zone(struct zone *zone, unsigned long nr,
				       unsigned long align, gfp_t gfp,
				       struct contig_info *info)
{
	unsigned long pfn = ALIGN(zone->zone_start_pfn, align);
	unsigned int ranges = info->nr_ranges;

	while (pfn + nr <= zone_end_pfn(zone)) {
		struct contig_info try;
		unsigned long bad;
		enum contig_reason why;

		if (!contig_range_valid(pfn, pfn + nr)) {
			pfn += align;
			continue;
		}
		why = contig_range_blocker(pfn, pfn + nr, MIGRATE_MOVABLE, true,
					   &bad, NULL);
		if (why) {
			info->fail_pfn = bad;
			info->reason = why;
			pfn = ALIGN(bad + 1, align);
			continue;
		}
		if (!alloc_contig_range(pfn, pfn + nr, MIGRATE_MOVABLE, gfp,
					&try)) {
			try.nr_ranges += ranges;
			*info = try;
			return pfn_to_page(pfn);
		}
		ranges += try.nr_ranges;
		try.nr_ranges = ranges;
		*info = try;
		pfn += align;
	}
	info->nr_ranges = ranges;
	return NULL;
}

struct page *__alloc_contig_pages(unsigned long nr_pages, unsigned long align,
				  gfp_t gfp, struct contig_info *info)
{
	struct zonelist *zl = &NODE_DATA(0)->node_zonelists[gfp_zone(gfp)];
	struct contig_info dummy;
	struct zone *zone;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->reason = CONTIG_NOMEM;
	if (!nr_pages || !is_power_of_2(align))
		return NULL;
	for (struct zone **z = zl->zones; (zone = *z); z++) {
		struct page *page =
			contig_search_zone(zone, nr_pages, align, gfp, info);

		if (page)
			return page;
	}
	return NULL;
}

struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp)
{
	return __alloc_contig_pages(nr_pages, 1UL << order_base_2(nr_pages),
				    gfp, NULL);
}
