/*
 * Self-tests of the buddy allocator on the machine's real memory: the
 * invariants of every zone's free lists (check_zone_free_areas() walks
 * them all) must hold after each exercise.
 */
#include "ktest.h"
#include "lib.h"
#include "mm/gfp.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

static void expect_zones_consistent(void)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		KTEST_EXPECT_EQ(check_zone_free_areas(zone), 0);
}

/* Is a free block of @order or larger in any zone? */
static bool free_block_exists(unsigned int order)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		for (unsigned int o = order; o <= MAX_ORDER; o++)
			if (READ_ONCE(zone->free_area[o].nr_free))
				return true;
	return false;
}

KTEST(buddy_split_and_merge_every_order)
{
	for (unsigned int order = 0; order <= MAX_ORDER; order++) {
		struct page *page;

		/* A machine too small for blocks above a pageblock (mem=12M
		 * leaves no free 4 MiB) tries the orders it can have. */
		if (order > pageblock_order && !free_block_exists(order)) {
			ktest_log(
				"no free block of order %u or more: orders %u-%u not tried",
				order, order, MAX_ORDER);
			break;
		}
		page = alloc_pages(GFP_KERNEL, order);

		KTEST_ASSERT(page != NULL, "order %u", order);
		KTEST_EXPECT(IS_ALIGNED(page_to_pfn(page), 1UL << order),
			     "order %u at pfn %#lx", order, page_to_pfn(page));
		KTEST_EXPECT_EQ(page_ref_count(page), 1);
		KTEST_EXPECT(!PageBuddy(page) && !PageReserved(page));
		__free_pages(page, order);
	}
	drain_all_pages(NULL);
	expect_zones_consistent();
}

KTEST(buddy_zone_and_migratetype_selection)
{
	struct page *dma = alloc_page(GFP_KERNEL | __GFP_DMA);
	struct page *dma32 = alloc_page(GFP_KERNEL | __GFP_DMA32);
	struct page *movable = alloc_pages(GFP_HIGHUSER_MOVABLE, 4);

	KTEST_ASSERT(dma && dma32 && movable);
	KTEST_EXPECT_EQ(page_zonenum(dma), ZONE_DMA);
	KTEST_EXPECT(page_zonenum(dma32) <= ZONE_DMA32);
	/* With nogrouping every pageblock is of the one type, Unmovable. */
	KTEST_EXPECT_EQ(get_pageblock_migratetype(movable),
			page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE
							: MIGRATE_MOVABLE);
	__free_page(dma);
	__free_page(dma32);
	__free_pages(movable, 4);
}

/* Take every order-0 page the DMA zone has, then give them all back. */
KTEST(buddy_exhaustion_and_recovery)
{
	struct zone *zone = &NODE_DATA(0)->node_zones[ZONE_DMA];
	unsigned long fail0 = sum_vm_event(PGALLOC_FAIL), n = 0, free0;
	struct page *page, *next;
	LIST_HEAD(held);

	drain_all_pages(zone);
	free0 = zone_page_state(zone, NR_FREE_PAGES);
	while ((page = alloc_page(GFP_KERNEL | __GFP_DMA | __GFP_NOWARN |
				  __GFP_NORETRY))) {
		list_add(&page->lru, &held);
		n++;
	}
	KTEST_EXPECT(sum_vm_event(PGALLOC_FAIL) > fail0, "no failure counted");
	/* The allocator stops at the min watermark, not at zero. */
	KTEST_EXPECT(zone_page_state(zone, NR_FREE_PAGES) <=
		     min_wmark_pages(zone) + 1);
	list_for_each_entry_safe(page, next, &held, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	drain_all_pages(zone);
	ktest_log("DMA zone: %lu pages taken, %lu free before and %lu after", n,
		  free0, zone_page_state(zone, NR_FREE_PAGES));
	KTEST_EXPECT_EQ(zone_page_state(zone, NR_FREE_PAGES), free0);
	expect_zones_consistent();
}

KTEST(buddy_per_cpu_lists_and_drain)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct zone *zone;
	struct per_cpu_pages *pcp;
	int before;

	KTEST_ASSERT(page != NULL);
	zone = page_zone(page);
	pcp = &zone->pcp[0];
	before = pcp->count;
	__free_page(page);
	KTEST_EXPECT_EQ(pcp->count, before + 1);
	KTEST_EXPECT(!PageBuddy(page), "a per-CPU page is not on free lists");
	drain_all_pages(zone);
	KTEST_EXPECT_EQ(pcp->count, 0);
	KTEST_EXPECT(pcp->batch > 0 && pcp->high > pcp->batch);
	expect_zones_consistent();
}

/*
 * Leave ZONE_DMA with thousands of free pages in blocks of order
 * WMARK_TEST_ORDER and none bigger: every order up to it passes the
 * watermark, every order above fails, though the free pages alone would
 * satisfy any of them.
 */
#define WMARK_TEST_ORDER 3
#define WMARK_TEST_HALF (1U << WMARK_TEST_ORDER)

KTEST(buddy_watermark_needs_a_block)
{
	/* Direct reclaim allowed: no high-atomic reserve for these. */
	const gfp_t gfp =
		__GFP_DMA | __GFP_DIRECT_RECLAIM | __GFP_NORETRY | __GFP_NOWARN;
	struct zone *zone = &NODE_DATA(0)->node_zones[ZONE_DMA];
	unsigned long wmark[NR_WMARK], free;
	struct page *page, *next;
	LIST_HEAD(held);

	KTEST_ASSERT(populated_zone(zone));
	memcpy(wmark, zone->_watermark, sizeof(wmark));
	memset(zone->_watermark, 0, sizeof(wmark));
	/* Take every bigger block in pairs of halves; free the lower half,
	 * whose buddy (the upper half) stays taken. */
	while ((page = alloc_pages(gfp, WMARK_TEST_ORDER + 1))) {
		split_page(page, WMARK_TEST_ORDER + 1);
		list_add(&page[WMARK_TEST_HALF].lru, &held);
		for (unsigned int i = 0; i < WMARK_TEST_HALF; i++)
			__free_page(page + i);
	}
	drain_all_pages(zone);
	free = zone_page_state(zone, NR_FREE_PAGES);
	KTEST_EXPECT(free > 2 * WMARK_TEST_HALF, "%lu free pages", free);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		KTEST_EXPECT(zone_watermark_ok(zone, o, 0, ZONE_DMA, 0) ==
				     (o <= WMARK_TEST_ORDER),
			     "order %u, %lu free pages", o, free);
	list_for_each_entry_safe(page, next, &held, lru) {
		list_del(&page->lru);
		for (unsigned int i = 0; i < WMARK_TEST_HALF; i++)
			__free_page(page + i);
	}
	drain_all_pages(zone);
	memcpy(zone->_watermark, wmark, sizeof(wmark));
	expect_zones_consistent();
}

KTEST(buddy_fragmentation_index_formula)
{
	struct contig_page_info info = { .free_pages = 1024,
					 .free_blocks_total = 1024,
					 .free_blocks_suitable = 0 };

	/* Linux's own example: 1024 free order-0 pages, order 9. */
	KTEST_EXPECT_EQ(__fragmentation_index(9, &info), 998);
	info.free_blocks_suitable = 1;
	KTEST_EXPECT_EQ(__fragmentation_index(9, &info), -1000);
	info = (struct contig_page_info){ 0 };
	KTEST_EXPECT_EQ(__fragmentation_index(9, &info), 0);
}

KTEST(buddy_double_free_is_caught)
{
	unsigned long bad = nr_bad_pages;
	struct page *page;

	if (!debug_pagealloc_enabled)
		KTEST_SKIP("debug_pagealloc=off: frees are not checked");
	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(page != NULL);
	get_page(page); /* keep it ours: the second free finds count 1 */
	__free_page(page);
	__free_page(page);
	KTEST_EXPECT_EQ(nr_bad_pages, bad);
	nr_bad_pages_expected = 1;
	__free_page(page); /* the count is 0 now: a double free */
	KTEST_EXPECT_EQ(nr_bad_pages, bad + 1);
	KTEST_EXPECT_EQ(nr_bad_pages_expected, 0);
}
