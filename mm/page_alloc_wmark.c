/*
 * Watermarks and reserves: the page allocator's rules for how far free
 * memory may run down, and for whom (Linux keeps them in mm/page_alloc.c).
 *
 * Watermarks. Each zone keeps min/low/high watermarks of free pages. The fast
 * path allocates only above low; the slow path goes down to min; only
 * __GFP_HIGH and non-blocking (atomic) allocations may dip below min, so that
 * interrupt handlers can still get memory when everyone else has run out.
 *
 * The high-atomic reserve. Atomic allocations cannot wait for compaction, so
 * a high-order atomic allocation that succeeds marks its pageblock
 * MIGRATE_HIGHATOMIC: its free pages are then kept for later high-order
 * atomic allocations (such as network receive buffers) instead of being
 * broken up by order-0 requests. At most about 1% of a zone is reserved, and
 * reserves are given back when an allocation is about to fail.
 *
 * Lowmem reserves. A zone keeps lowmem_reserve[] pages back from
 * allocations that could have used a higher zone, so that DMA and DMA32
 * memory is not eaten by requests that did not need it.
 */
#include "lib.h"
#include "lockdep.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

int min_free_kbytes;

/* --- the high-atomic reserve ----------------------------------------------------- */

/*
 * After a high-order atomic allocation, reserve its pageblock for later
 * ones, up to 1% of the zone plus one pageblock.
 */
__noinline void reserve_highatomic_pageblock(struct page *page,
					     unsigned int order,
					     struct zone *zone)
{
	unsigned long max_managed =
		zone->managed_pages / 100 + pageblock_nr_pages;
	unsigned long flags;
	int mt;

	if (READ_ONCE(zone->nr_reserved_highatomic) >= max_managed)
		return;
	spin_lock_irqsave(&zone->lock, flags);
	mt = get_pageblock_migratetype(page);
	/* Only ordinary pageblocks: not already reserved, not isolated. */
	if (zone->nr_reserved_highatomic >= max_managed ||
	    !migratetype_is_mergeable(mt))
		goto out;
	if (order < pageblock_order) {
		if (move_freepages_block(zone, page, mt, MIGRATE_HIGHATOMIC) <
		    0)
			goto out;
		zone->nr_reserved_highatomic += pageblock_nr_pages;
	} else {
		change_pageblock_range(page, order, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += 1UL << order;
	}
out:
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * Give one reserved pageblock of @zone that has free pages back to
 * @migratetype. Return true if one was given back.
 * Context: zone->lock held.
 */
static bool unreserve_zone_highatomic(struct zone *zone, int migratetype)
{
	lockdep_assert_held(&zone->lock);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct page *page = get_page_from_free_area(
			&zone->free_area[order], MIGRATE_HIGHATOMIC);
		unsigned long size = max(pageblock_nr_pages, 1UL << order);

		if (!page)
			continue;
		if (WARN_ON(size > zone->nr_reserved_highatomic))
			size = zone->nr_reserved_highatomic;
		zone->nr_reserved_highatomic -= size;
		/* Straight to the requesting type, without the claim rules:
		 * the caller needs these pages now. */
		if (order < pageblock_order) {
			move_freepages_block(zone, page, MIGRATE_HIGHATOMIC,
					     migratetype);
		} else {
			move_to_free_list(page, zone, order, MIGRATE_HIGHATOMIC,
					  migratetype);
			change_pageblock_range(page, order, migratetype);
		}
		return true;
	}
	return false;
}

/*
 * Under memory pressure, give a high-atomic pageblock back to ordinary use.
 * Unless @force, each zone keeps one reserved pageblock. Return true if a
 * pageblock was given back.
 */
bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force)
{
	for (struct zone **z = ac->zonelist->zones; *z; z++) {
		struct zone *zone = *z;
		unsigned long flags;
		bool done;

		if (!force &&
		    zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		spin_lock_irqsave(&zone->lock, flags);
		done = unreserve_zone_highatomic(zone, ac->migratetype);
		spin_unlock_irqrestore(&zone->lock, flags);
		if (done)
			return true;
	}
	return false;
}

/* --- watermarks ---------------------------------------------------------------- */

/**
 * __zone_watermark_ok - can an allocation be made without going below @mark?
 * @z: the zone
 * @order: the allocation's order
 * @mark: the watermark, in pages
 * @highest_zoneidx: the highest zone the allocation may use (selects the
 *                   lowmem_reserve that protects @z from it)
 * @alloc_flags: ALLOC_* flags (reserves lower the mark)
 * @free_pages: the zone's free pages, as the caller read them
 *
 * Enough pages must stay free above the mark, and for a high-order request
 * a free block of at least @order must exist that the request may use: free
 * pages alone say nothing about whether they are contiguous.
 * Return: true if the allocation may go ahead.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (unlikely(alloc_flags & ALLOC_MIN_RESERVE)) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				return true;
		if ((alloc_flags & ALLOC_HIGHATOMIC) &&
		    !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
			return true;
		if ((alloc_flags & ALLOC_CMA) &&
		    !list_empty(&area->free_list[MIGRATE_CMA]))
			return true;
	}
	return false;
}

/**
 * zone_watermark_ok - __zone_watermark_ok() with the zone's free pages now
 * @z: the zone
 * @order: the allocation's order
 * @mark: the watermark, in pages
 * @highest_zoneidx: the highest zone the allocation may use
 * @alloc_flags: ALLOC_* flags
 *
 * Return: true if the allocation may go ahead.
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

/* Linux's sysctl_lowmem_reserve_ratio: a zone keeps 1/ratio of the zones
 * above it back from allocations that could have used those. */
static const int lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256,
	[ZONE_DMA32] = 256,
	[ZONE_NORMAL] = 32,
	[ZONE_MOVABLE] = 0,
};

static void setup_per_zone_lowmem_reserve(void)
{
	pg_data_t *pgdat = NODE_DATA(0);

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		bool clear = !lowmem_reserve_ratio[i] || !managed_zone(zone);
		unsigned long upper = 0;

		for (int j = 0; j <= i; j++)
			zone->lowmem_reserve[j] = 0;
		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			upper += pgdat->node_zones[j].managed_pages;
			zone->lowmem_reserve[j] =
				clear ? 0
				      : (long)(upper /
					       (unsigned long)
						       lowmem_reserve_ratio[i]);
		}
	}
}

/**
 * setup_per_zone_wmarks - compute every zone's watermarks from min_free_kbytes
 *
 * min_free_kbytes is shared among the zones below ZONE_MOVABLE by size;
 * ZONE_MOVABLE, which __GFP_HIGH allocations cannot use, gets a small min.
 * low and high sit above min by a quarter of it, or 0.1% of the zone if
 * that is more. Per-CPU list sizes follow the low watermark.
 */
void setup_per_zone_wmarks(void)
{
	unsigned long pages_min =
		(unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (zone->type != ZONE_MOVABLE)
			lowmem_pages += zone->managed_pages;
	for_each_zone(zone) {
		unsigned long managed = zone->managed_pages, tmp, flags;

		spin_lock_irqsave(&zone->lock, flags);
		tmp = lowmem_pages ? pages_min * managed / lowmem_pages : 0;
		if (zone->type == ZONE_MOVABLE)
			zone->_watermark[WMARK_MIN] =
				clamp(managed / 1024, 32UL, 128UL);
		else
			zone->_watermark[WMARK_MIN] = tmp;
		tmp = max(tmp >> 2, managed * 10 / 10000);
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + tmp;
		spin_unlock_irqrestore(&zone->lock, flags);
		if (populated_zone(zone))
			zone_pcp_update(zone);
	}
}

/*
 * min_free_kbytes = 4 * sqrt(lowmem KiB), clamped to [128 KiB, 256 MiB]:
 * the reserve grows more slowly than memory, as Linux's does. Lowmem is
 * what GFP_KERNEL can use: every zone but ZONE_MOVABLE.
 */
void init_per_zone_wmark_min(void)
{
	unsigned long lowmem_kbytes = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (zone->type != ZONE_MOVABLE)
			lowmem_kbytes += zone->managed_pages
					 << (PAGE_SHIFT - 10);
	min_free_kbytes =
		(int)clamp(int_sqrt(lowmem_kbytes * 16), 128ULL, 262144ULL);
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}
