/*
 * Host tests: the buddy allocator (mm/page_alloc.c) on simulated memory:
 * split and merge, exhaustion, zone and migratetype selection, fallback and
 * claim rules, watermarks, per-CPU lists, the high-atomic reserve, debug
 * checks, poisoning, isolation.
 */
#include <string.h>

#include "host.h"
#include "kerrno.h"
#include "lib.h"
#include "seq_file.h"
#include "mm/mmdebug.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define NOWARN __GFP_NOWARN

static struct zone *zone_of(enum zone_type t)
{
	return &NODE_DATA(0)->node_zones[t];
}

static unsigned long nr_free(const struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

static unsigned long ev(enum vm_event_item item)
{
	return sum_vm_event(item);
}

static void assert_zones_consistent(void)
{
	struct zone *z;

	for_each_populated_zone(z)
		assert_int_equal(check_zone_free_areas(z), 0);
}

/* Boot with one zone, DMA32: @mib MiB of RAM from 16 MiB up. */
static struct zone *boot_dma32(unsigned long mib)
{
	const struct memmap_entry map[] = {
		{ 16 * MiB, mib * MiB, MEMMAP_USABLE },
	};

	host_mem_init(16 * MiB + mib * MiB);
	host_boot(map, 1);
	return zone_of(ZONE_DMA32);
}

/* Let tests use every free page: no watermarks, no lowmem reserve. */
static void no_watermarks(struct zone *z)
{
	memset(z->_watermark, 0, sizeof(z->_watermark));
	memset(z->lowmem_reserve, 0, sizeof(z->lowmem_reserve));
}

/* Blocks the tests hold, to free them at the end. */
static struct {
	struct page *page;
	unsigned int order;
} live[1 << 17];
static unsigned int nr_live;

static struct page *get(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp | NOWARN, order);

	if (page) {
		assert_true(nr_live < ARRAY_SIZE(live));
		live[nr_live].page = page;
		live[nr_live++].order = order;
	}
	return page;
}

static unsigned int get_until_fail(gfp_t gfp, unsigned int order)
{
	unsigned int n = 0;

	while (get(gfp, order))
		n++;
	return n;
}

/* Free the held block at @page (clearing any PG_lru a test set). */
static void put(struct page *page)
{
	for (unsigned int i = nr_live; i-- > 0;) {
		if (live[i].page != page)
			continue;
		for (unsigned long j = 0; j < (1UL << live[i].order); j++)
			ClearPageLRU(page + j);
		__free_pages(page, live[i].order);
		live[i] = live[--nr_live];
		return;
	}
	fail_msg("pfn %#lx is not held", page_to_pfn(page));
}

static void put_all(void)
{
	while (nr_live)
		put(live[nr_live - 1].page);
}

static int count_blocks(struct zone *z, int mt)
{
	int n = 0;

	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);
	     pfn += pageblock_nr_pages)
		n += get_pageblock_migratetype(pfn_to_page(pfn)) == mt;
	return n;
}

/* Reset the global switches tests may change, and the log. */
static int reset(void **state)
{
	(void)state;
	page_group_by_mobility_disabled = false;
	page_poisoning_enabled = false;
	debug_pagealloc_enabled = true;
	movablecore_bytes = 0;
	nr_live = 0;
	host_log_clear();
	return 0;
}

/* --- boot ------------------------------------------------------------------ */

static void test_boot_state(void **state)
{
	struct zone *dma, *dma32;
	pg_data_t *pgdat = NODE_DATA(0);
	unsigned long lowmem_kb;
	int min_kb;

	(void)state;
	host_boot_simple(64);
	dma = zone_of(ZONE_DMA);
	dma32 = zone_of(ZONE_DMA32);
	assert_true(managed_zone(dma) && managed_zone(dma32));
	assert_false(managed_zone(zone_of(ZONE_NORMAL)));
	assert_int_equal(nr_free(dma), dma->managed_pages);
	assert_int_equal(nr_free(dma32), dma32->managed_pages);
	assert_zones_consistent();
	/* Every pageblock starts movable. */
	assert_int_equal(count_blocks(dma32, MIGRATE_MOVABLE),
			 dma32->spanned_pages / pageblock_nr_pages);
	/* Zonelists: from the highest allowed zone down. */
	assert_ptr_equal(pgdat->node_zonelists[ZONE_NORMAL].zones[0], dma32);
	assert_ptr_equal(pgdat->node_zonelists[ZONE_NORMAL].zones[1], dma);
	assert_null(pgdat->node_zonelists[ZONE_NORMAL].zones[2]);
	assert_ptr_equal(pgdat->node_zonelists[ZONE_DMA].zones[0], dma);
	assert_null(pgdat->node_zonelists[ZONE_DMA].zones[1]);
	/* min_free_kbytes = 4 * sqrt(lowmem KiB), clamped. */
	lowmem_kb = (dma->managed_pages + dma32->managed_pages) * 4;
	min_kb = (int)int_sqrt(lowmem_kb * 16);
	assert_int_equal(min_free_kbytes, min_kb < 128 ? 128 : min_kb);
	assert_in_range(min_wmark_pages(dma) + min_wmark_pages(dma32),
			(unsigned long)min_free_kbytes / 4 - 2,
			(unsigned long)min_free_kbytes / 4);
	assert_true(low_wmark_pages(dma32) > min_wmark_pages(dma32));
	assert_true(high_wmark_pages(dma32) > low_wmark_pages(dma32));
	assert_int_equal(dma->lowmem_reserve[ZONE_DMA32],
			 dma32->managed_pages / 256);
	assert_int_equal(dma32->lowmem_reserve[ZONE_NORMAL], 0);
}

static void test_pcp_batch_and_high(void **state)
{
	struct zone *z;

	(void)state;
	z = boot_dma32(64); /* 16383 pages: (15 / 4) -> 3 */
	assert_int_equal(z->pcp[0].batch, 3);
	z = boot_dma32(1200); /* over 1 GiB: batch 63, as Linux's */
	assert_true(z->managed_pages >= 262144);
	assert_int_equal(z->pcp[0].batch, 63);
	assert_int_equal(z->pcp[0].high, low_wmark_pages(z) > 4 * 63
						 ? low_wmark_pages(z)
						 : 4 * 63);
	host_boot_simple(64); /* DMA: 16 MiB, batch down to 1 */
	assert_int_equal(zone_of(ZONE_DMA)->pcp[0].batch, 1);
	assert_true(zone_of(ZONE_DMA)->pcp[0].high >= 4);
}

/* --- split and merge --------------------------------------------------------- */

static void assert_free_orders(struct zone *z, unsigned int lo, unsigned int hi)
{
	/* Exactly one free block of each order in [lo, hi), none other. */
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(z->free_area[o].nr_free,
				 o >= lo && o < hi ? 1 : 0);
}

static void test_split_and_merge_every_order(void **state)
{
	struct zone *z;
	struct page *block = NULL;

	(void)state;
	z = boot_dma32(64);
	zone_pcp_disable(z);
	no_watermarks(z);
	for (int o = MAX_ORDER; o >= 0; o--)
		get_until_fail(GFP_KERNEL, (unsigned int)o);
	assert_int_equal(nr_free(z), 0);
	for (unsigned int i = 0; i < nr_live && !block; i++)
		if (live[i].order == MAX_ORDER)
			block = live[i].page;
	assert_non_null(block);
	put(block);
	assert_free_orders(z, MAX_ORDER, MAX_ORDER + 1);
	for (unsigned int order = 0; order <= MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		/* The lowest piece is handed out, the upper halves stay. */
		assert_ptr_equal(page, block);
		assert_int_equal(page_ref_count(page), 1);
		assert_int_equal(page->private, order);
		assert_false(PageBuddy(page));
		assert_free_orders(z, order, MAX_ORDER);
		assert_zones_consistent();
		__free_pages(page, order);
		assert_free_orders(z, MAX_ORDER, MAX_ORDER + 1);
	}
	put_all();
	assert_int_equal(nr_free(z), z->managed_pages);
	assert_zones_consistent();
}

static void test_buddy_in_use_blocks_merge(void **state)
{
	struct zone *z;
	unsigned long base;

	(void)state;
	z = boot_dma32(64);
	zone_pcp_disable(z);
	no_watermarks(z);
	get_until_fail(GFP_KERNEL, 0);
	base = z->zone_start_pfn;
	/* Free pfns base+1, base+2, base+3: no merge past order 1 ... */
	put(pfn_to_page(base + 1));
	put(pfn_to_page(base + 2));
	put(pfn_to_page(base + 3));
	assert_int_equal(z->free_area[0].nr_free, 1);
	assert_int_equal(z->free_area[1].nr_free, 1);
	assert_zones_consistent();
	/* ... until base is freed: then one order-2 block. */
	put(pfn_to_page(base));
	assert_int_equal(z->free_area[0].nr_free, 0);
	assert_int_equal(z->free_area[1].nr_free, 0);
	assert_int_equal(z->free_area[2].nr_free, 1);
	assert_true(PageBuddy(pfn_to_page(base)));
	assert_int_equal(buddy_order(pfn_to_page(base)), 2);
	put_all();
	assert_zones_consistent();
}

static void test_exhaustion_and_recovery(void **state)
{
	unsigned long before[2][NR_PAGE_ORDERS], fails;
	struct zone *zones[2];
	struct page *atomic;

	(void)state;
	host_boot_simple(64);
	zones[0] = zone_of(ZONE_DMA);
	zones[1] = zone_of(ZONE_DMA32);
	for (int i = 0; i < 2; i++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			before[i][o] = zones[i]->free_area[o].nr_free;
	fails = ev(PGALLOC_FAIL);
	assert_true(get_until_fail(GFP_KERNEL, 0) > 10000);
	assert_int_equal(ev(PGALLOC_FAIL), fails + 1);
	/* GFP_KERNEL stops at min (and DMA keeps its lowmem reserve). */
	assert_true(nr_free(zones[1]) <= min_wmark_pages(zones[1]));
	assert_true(
		nr_free(zones[0]) <=
		min_wmark_pages(zones[0]) +
			(unsigned long)zones[0]->lowmem_reserve[ZONE_NORMAL]);
	/* An atomic allocation may still dip below min. */
	atomic = get(GFP_ATOMIC, 0);
	assert_non_null(atomic);
	put_all();
	drain_all_pages(NULL);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(nr_free(zones[i]), zones[i]->managed_pages);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			assert_int_equal(zones[i]->free_area[o].nr_free,
					 before[i][o]);
	}
	assert_zones_consistent();
}

/* --- zones ------------------------------------------------------------------- */

/* DMA, DMA32 (to 64 MiB), Normal at 4 GiB with its top 32 MiB Movable. */
static void boot_four_zones(void)
{
	const struct memmap_entry map[] = {
		{ 0, 0x9fc00, MEMMAP_USABLE },
		{ 0x100000, 63 * MiB, MEMMAP_USABLE },
		{ 4 * GiB, 64 * MiB, MEMMAP_USABLE },
	};

	movablecore_bytes = 32 * MiB;
	host_mem_init(4 * GiB + 64 * MiB);
	host_boot(map, ARRAY_SIZE(map));
}

static void test_zone_selection(void **state)
{
	static const struct {
		gfp_t gfp;
		enum zone_type zone;
	} cases[] = {
		{ GFP_KERNEL, ZONE_NORMAL },
		{ GFP_KERNEL | __GFP_MOVABLE, ZONE_NORMAL },
		{ GFP_HIGHUSER, ZONE_NORMAL },
		{ GFP_HIGHUSER_MOVABLE, ZONE_MOVABLE },
		{ GFP_KERNEL | GFP_DMA32, ZONE_DMA32 },
		{ GFP_KERNEL | GFP_DMA, ZONE_DMA },
		{ GFP_ATOMIC | GFP_DMA, ZONE_DMA },
	};
	pg_data_t *pgdat = NODE_DATA(0);

	(void)state;
	boot_four_zones();
	for (int z = 0; z < MAX_NR_ZONES; z++)
		assert_true(managed_zone(zone_of((enum zone_type)z)));
	assert_ptr_equal(pgdat->node_zonelists[ZONE_MOVABLE].zones[0],
			 zone_of(ZONE_MOVABLE));
	assert_ptr_equal(pgdat->node_zonelists[ZONE_MOVABLE].zones[3],
			 zone_of(ZONE_DMA));
	assert_ptr_equal(pgdat->node_zonelists[ZONE_NORMAL].zones[0],
			 zone_of(ZONE_NORMAL));
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		enum vm_event_item item =
			(enum vm_event_item)(PGALLOC_DMA + cases[i].zone);
		unsigned long before = ev(item);
		struct page *page = alloc_page(cases[i].gfp);

		assert_non_null(page);
		assert_int_equal(page_zonenum(page), cases[i].zone);
		assert_int_equal(ev(item), before + 1);
		__free_page(page);
	}
	movablecore_bytes = 0;
}

static void test_zone_fallback_order(void **state)
{
	bool seen_normal = false;
	struct page *page;

	(void)state;
	boot_four_zones();
	/* Movable allocations fill ZONE_MOVABLE, then go on to Normal. */
	while ((page = get(GFP_HIGHUSER_MOVABLE, 0)) && !seen_normal) {
		assert_true(page_zonenum(page) == ZONE_MOVABLE ||
			    page_zonenum(page) == ZONE_NORMAL);
		seen_normal = page_zonenum(page) == ZONE_NORMAL;
	}
	assert_true(seen_normal);
	put_all();
	/* Kernel allocations never get ZONE_MOVABLE, even when all else is
	 * exhausted. */
	get_until_fail(GFP_KERNEL, 0);
	for (unsigned int i = 0; i < nr_live; i++)
		assert_int_not_equal(page_zonenum(live[i].page), ZONE_MOVABLE);
	assert_int_equal(nr_free(zone_of(ZONE_MOVABLE)),
			 zone_of(ZONE_MOVABLE)->managed_pages);
	put_all();
	assert_zones_consistent();
	movablecore_bytes = 0;
}

/* --- migratetypes and fallbacks -------------------------------------------------- */

static void test_migratetype_selection(void **state)
{
	unsigned long fb = ev(PGFALLBACK), claim = ev(PGFALLBACK_CLAIM);
	unsigned long frag = ev(PGFALLBACK_FRAGMENTING);
	struct page *u, *u2, *m, *r;
	struct zone *z;

	(void)state;
	z = boot_dma32(64);
	zone_pcp_disable(z);
	/* The first unmovable page takes a whole order-10 block, 2 pageblocks. */
	u = get(GFP_KERNEL, 0);
	assert_int_equal(get_pageblock_migratetype(u), MIGRATE_UNMOVABLE);
	assert_int_equal(ev(PGFALLBACK), fb + 1);
	assert_int_equal(ev(PGFALLBACK_CLAIM), claim + 1);
	assert_int_equal(ev(PGFALLBACK_FRAGMENTING), frag);
	assert_int_equal(count_blocks(z, MIGRATE_UNMOVABLE), 2);
	/* The next one comes from the same blocks, with no fallback. */
	u2 = get(GFP_KERNEL, 0);
	assert_int_equal(get_pageblock_migratetype(u2), MIGRATE_UNMOVABLE);
	assert_int_equal(ev(PGFALLBACK), fb + 1);
	m = get(GFP_HIGHUSER_MOVABLE, 0);
	assert_int_equal(get_pageblock_migratetype(m), MIGRATE_MOVABLE);
	assert_int_equal(ev(PGFALLBACK), fb + 1);
	r = get(GFP_KERNEL | __GFP_RECLAIMABLE, 3);
	assert_int_equal(get_pageblock_migratetype(r), MIGRATE_RECLAIMABLE);
	assert_int_equal(ev(PGFALLBACK), fb + 2);
	assert_int_equal(count_blocks(z, MIGRATE_RECLAIMABLE), 2);
	put_all();
	assert_zones_consistent();
}

/*
 * Fill a one-zone machine with order-0 pages of @gfp and return the first
 * pfn of the zone's pageblock number @n: all its pages are held.
 */
static unsigned long fill_and_pick_block(struct zone **zp, gfp_t gfp, int n)
{
	struct zone *z = boot_dma32(64);

	zone_pcp_disable(z);
	no_watermarks(z);
	get_until_fail(gfp, 0);
	assert_int_equal(nr_free(z), 0);
	*zp = z;
	return z->zone_start_pfn + (unsigned long)n * pageblock_nr_pages;
}

/* Free pfns [start, end) of the held pages; mark [end, block end) PG_lru. */
static void free_range(unsigned long start, unsigned long end, bool lru_rest)
{
	for (unsigned long pfn = start; pfn < end; pfn++)
		put(pfn_to_page(pfn));
	for (unsigned long pfn = end;
	     lru_rest && pfn < pageblock_end_pfn(start); pfn++)
		SetPageLRU(pfn_to_page(pfn));
}

static void test_claim_when_half_free_or_alike(void **state)
{
	unsigned long fb = ev(PGFALLBACK), claim = ev(PGFALLBACK_CLAIM);
	unsigned long frag = ev(PGFALLBACK_FRAGMENTING), p;
	struct page *page;
	struct zone *z;

	(void)state;
	/* 200 free pages, 312 in use and not movable (no PG_lru): for an
	 * unmovable request they count as alike, 512 >= 256: claimed. */
	p = fill_and_pick_block(&z, GFP_HIGHUSER_MOVABLE, 2);
	free_range(p, p + 200, false);
	page = get(GFP_KERNEL, 0);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(p)),
			 MIGRATE_UNMOVABLE);
	assert_true(page_to_pfn(page) >= p && page_to_pfn(page) < p + 512);
	assert_int_equal(ev(PGFALLBACK), fb + 1);
	assert_int_equal(ev(PGFALLBACK_CLAIM), claim + 1);
	assert_int_equal(ev(PGFALLBACK_FRAGMENTING), frag + 1);
	/* Its free pages are now on the unmovable lists. */
	assert_int_equal(nr_free(z), 199);
	assert_zones_consistent();
	put_all();
}

static void test_no_claim_steals_smallest(void **state)
{
	unsigned long fb = ev(PGFALLBACK), claim = ev(PGFALLBACK_CLAIM), p;
	struct page *page;
	struct zone *z;

	(void)state;
	/* Linux's rule: 200 free, 312 movable (PG_lru): 200 < 256, not
	 * claimed. The request then takes the smallest block: the order-3
	 * one at +192 (200 = 128 + 64 + 8). */
	p = fill_and_pick_block(&z, GFP_HIGHUSER_MOVABLE, 2);
	free_range(p, p + 200, true);
	linux_fallback = true;
	page = get(GFP_KERNEL, 0);
	linux_fallback = false;
	assert_int_equal(page_to_pfn(page), p + 192);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(p)),
			 MIGRATE_MOVABLE);
	assert_int_equal(ev(PGFALLBACK), fb + 1);
	assert_int_equal(ev(PGFALLBACK_CLAIM), claim);
	/* The rest of the split block stays on the movable lists. */
	assert_int_equal(z->free_area[0].nr_free_mt[MIGRATE_MOVABLE], 1);
	assert_zones_consistent();
	put_all();
}

/* Ours: the same unmovable request claims the mostly used pageblock. */
static void test_unmovable_claims_mostly_used_block(void **state)
{
	unsigned long claim = ev(PGFALLBACK_CLAIM), p;
	struct page *page;
	struct zone *z;

	(void)state;
	p = fill_and_pick_block(&z, GFP_HIGHUSER_MOVABLE, 2);
	free_range(p, p + 200, true);
	page = get(GFP_KERNEL, 0);
	assert_true(page_to_pfn(page) >= p && page_to_pfn(page) < p + 200);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(p)),
			 MIGRATE_UNMOVABLE);
	assert_int_equal(ev(PGFALLBACK_CLAIM), claim + 1);
	/* The block's other 199 free pages now serve unmovable requests. */
	assert_int_equal(z->free_area[0].nr_free_mt[MIGRATE_MOVABLE], 0);
	assert_zones_consistent();
	put_all();
}

static void test_fallback_takes_largest_block(void **state)
{
	unsigned long m1, m2;
	struct page *page;
	struct zone *z;

	(void)state;
	/* M1 has a free order-3 block, M2 a free order-6 block; the rest is
	 * in use, not movable. An unmovable request claims M2. */
	m1 = fill_and_pick_block(&z, GFP_HIGHUSER_MOVABLE, 1);
	m2 = m1 + 4 * pageblock_nr_pages;
	free_range(m1, m1 + 8, false);
	free_range(m2, m2 + 64, false);
	page = get(GFP_KERNEL, 0);
	assert_true(page_to_pfn(page) >= m2 && page_to_pfn(page) < m2 + 64);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(m2)),
			 MIGRATE_UNMOVABLE);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(m1)),
			 MIGRATE_MOVABLE);
	assert_zones_consistent();
	put_all();
}

static void test_movable_small_block_is_stolen(void **state)
{
	unsigned long fb, claim, u;
	struct page *page;
	struct zone *z;

	(void)state;
	/* An unmovable pageblock with a free order-0 and order-2 block, no
	 * movable pages free: a movable request does not try to claim blocks
	 * below order 4, and steals the smallest. */
	u = fill_and_pick_block(&z, GFP_KERNEL, 3);
	assert_int_equal(count_blocks(z, MIGRATE_MOVABLE), 0);
	free_range(u + 1, u + 2, false);
	free_range(u + 4, u + 8, false);
	fb = ev(PGFALLBACK);
	claim = ev(PGFALLBACK_CLAIM);
	page = get(GFP_HIGHUSER_MOVABLE, 0);
	assert_int_equal(page_to_pfn(page), u + 1);
	assert_int_equal(get_pageblock_migratetype(page), MIGRATE_UNMOVABLE);
	assert_int_equal(z->free_area[2].nr_free, 1);
	assert_int_equal(ev(PGFALLBACK), fb + 1);
	assert_int_equal(ev(PGFALLBACK_CLAIM), claim);
	assert_zones_consistent();
	put_all();
}

static void test_movable_big_block_claims(void **state)
{
	unsigned long claim, u;
	struct zone *z;

	(void)state;
	/* 300 free pages (an order-8 block among them) in an unmovable
	 * pageblock: a movable request claims it, 300 >= 256. */
	u = fill_and_pick_block(&z, GFP_KERNEL, 3);
	free_range(u, u + 300, false);
	claim = ev(PGFALLBACK_CLAIM);
	get(GFP_HIGHUSER_MOVABLE, 0);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(u)),
			 MIGRATE_MOVABLE);
	assert_int_equal(ev(PGFALLBACK_CLAIM), claim + 1);
	assert_zones_consistent();
	put_all();
}

static void test_nogrouping(void **state)
{
	unsigned long fb = ev(PGFALLBACK);
	struct zone *z;

	(void)state;
	page_group_by_mobility_disabled = true;
	z = boot_dma32(64);
	assert_int_equal(count_blocks(z, MIGRATE_UNMOVABLE),
			 z->spanned_pages / pageblock_nr_pages);
	assert_int_equal(gfp_migratetype(GFP_HIGHUSER_MOVABLE),
			 MIGRATE_UNMOVABLE);
	for (int i = 0; i < 100; i++) {
		get(GFP_KERNEL, 0);
		get(GFP_HIGHUSER_MOVABLE, 1);
		get(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	}
	assert_int_equal(ev(PGFALLBACK), fb);
	assert_int_equal(count_blocks(z, MIGRATE_MOVABLE), 0);
	put_all();
	assert_zones_consistent();
	page_group_by_mobility_disabled = false;
}

/* --- watermarks ------------------------------------------------------------------ */

static void test_watermark_arithmetic(void **state)
{
	struct zone *z;

	(void)state;
	z = boot_dma32(64);
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 101));
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 100));
	/* __GFP_HIGH may use half of min; non-blocking a quarter more. */
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_DMA32,
					ALLOC_MIN_RESERVE, 51));
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_DMA32,
					 ALLOC_MIN_RESERVE, 50));
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_DMA32,
					ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK,
					39));
	/* The high-atomic reserve does not count for ordinary requests. */
	z->nr_reserved_highatomic = 10;
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 105));
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_HIGHATOMIC,
					105));
	z->nr_reserved_highatomic = 0;
	/* lowmem_reserve protects the zone from higher-zone requests. */
	z->lowmem_reserve[ZONE_NORMAL] = 20;
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL, 0, 110));
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 110));
	z->lowmem_reserve[ZONE_NORMAL] = 0;
	/* An order-3 request needs 7 more pages than an order-0 one. */
	assert_false(__zone_watermark_ok(z, 3, 100, ZONE_DMA32, 0, 107));
}

static void test_watermark_needs_a_block(void **state)
{
	unsigned long fails, base;
	struct zone *z;

	(void)state;
	z = boot_dma32(64);
	zone_pcp_disable(z);
	no_watermarks(z);
	get_until_fail(GFP_KERNEL, 0);
	/* Free every even pfn: thousands of free pages, all order 0. */
	base = z->zone_start_pfn;
	for (unsigned long pfn = base; pfn < zone_end_pfn(z); pfn += 2)
		if (page_ref_count(pfn_to_page(pfn)) == 1 &&
		    !PageReserved(pfn_to_page(pfn)))
			put(pfn_to_page(pfn));
	assert_true(nr_free(z) > 8000);
	assert_true(zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0));
	assert_false(zone_watermark_ok(z, 1, 100, ZONE_DMA32, 0));
	assert_false(zone_watermark_ok(z, 3, 100, ZONE_DMA32, 0));
	fails = ev(PGALLOC_FAIL);
	assert_null(alloc_pages(GFP_KERNEL | NOWARN, 3));
	assert_int_equal(ev(PGALLOC_FAIL), fails + 1);
	/* One odd page more makes an order-1 block. */
	put(pfn_to_page(base + 1));
	assert_true(zone_watermark_ok(z, 1, 100, ZONE_DMA32, 0));
	assert_false(zone_watermark_ok(z, 2, 100, ZONE_DMA32, 0));
	/* A high-atomic block only counts for ALLOC_HIGHATOMIC. */
	spin_lock(&z->lock);
	assert_true(move_freepages_block(z, pfn_to_page(base),
					 MIGRATE_UNMOVABLE,
					 MIGRATE_HIGHATOMIC) > 0);
	z->nr_reserved_highatomic += pageblock_nr_pages;
	spin_unlock(&z->lock);
	assert_false(zone_watermark_ok(z, 1, 0, ZONE_DMA32, 0));
	assert_true(zone_watermark_ok(z, 1, 0, ZONE_DMA32, ALLOC_HIGHATOMIC));
	assert_zones_consistent();
	put_all();
}

/* --- per-CPU lists ----------------------------------------------------------------- */

/*
 * A block that merges into its lower buddy becomes a tail: it must not keep
 * its order in ->private, or split_page() of the merged block later hands
 * out a page whose free is reported as "freed with a different order".
 */
static void test_merged_tail_keeps_no_order(void **state)
{
	unsigned long bad = nr_bad_pages;
	struct page *lo, *hi, *block;
	struct zone *z;

	(void)state;
	z = boot_dma32(64);
	zone_pcp_disable(z);
	no_watermarks(z);
	/* Two order-1 halves of one order-2 block (expand() keeps the
	 * upper half free, so the next order-1 request takes it). */
	lo = alloc_pages(GFP_KERNEL, 1);
	hi = alloc_pages(GFP_KERNEL, 1);
	assert_ptr_equal(hi, lo + 2);
	__free_pages(lo, 1);
	__free_pages(hi, 1); /* merges down: @hi is a tail now */
	assert_true(PageBuddy(lo));
	assert_int_equal(hi->private, 0);
	/* The order-2 block, split and freed page by page, is all good
	 * (the blocks taken before it are left to the next test's reset). */
	do
		block = alloc_pages(GFP_KERNEL, 2);
	while (block && block != lo);
	assert_ptr_equal(block, lo);
	split_page(block, 2);
	for (int i = 0; i < 4; i++)
		__free_page(block + i);
	assert_int_equal(nr_bad_pages, bad);
	zone_pcp_enable(z);
}

static void test_pcp_lists_and_drain(void **state)
{
	static struct page *pages[4096];
	struct per_cpu_pages *pcp;
	unsigned long free0;
	struct page *page, *p2;
	struct zone *z;
	int batch, n;

	(void)state;
	z = boot_dma32(256);
	pcp = &z->pcp[0];
	batch = pcp->batch;
	assert_int_equal(batch, 15);
	free0 = nr_free(z);
	page = alloc_page(GFP_KERNEL);
	assert_int_equal(pcp->count, batch - 1);
	assert_int_equal(nr_free(z), free0 - (unsigned long)batch);
	/* Pages on a per-CPU list: refcount 0, not buddy, order in private. */
	list_for_each_entry(p2, &pcp->lists[MIGRATE_UNMOVABLE], lru) {
		assert_int_equal(page_ref_count(p2), 0);
		assert_false(PageBuddy(p2));
		assert_int_equal(p2->private, 0);
	}
	__free_page(page);
	assert_int_equal(pcp->count, batch);
	assert_zones_consistent();
	drain_all_pages(z);
	assert_int_equal(pcp->count, 0);
	assert_int_equal(nr_free(z), free0);
	/* Freeing past high gives a batch back each time. */
	n = pcp->high + 2 * batch;
	assert_true(n <= (int)ARRAY_SIZE(pages));
	for (int i = 0; i < n; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < n; i++) {
		__free_page(pages[i]);
		assert_true(pcp->count < pcp->high);
	}
	assert_true(pcp->count >= pcp->high - batch);
	/* Order 2 has lists too: a refill of batch >> 2 blocks. */
	drain_local_pages(NULL);
	page = alloc_pages(GFP_KERNEL, 2);
	assert_int_equal(pcp->count, (batch >> 2) * 4 - 4);
	__free_pages(page, 2);
	assert_int_equal(pcp->count, (batch >> 2) * 4);
	assert_zones_consistent();
	/* Disabled lists stay empty. */
	zone_pcp_disable(z);
	assert_int_equal(pcp->count, 0);
	page = alloc_page(GFP_KERNEL);
	assert_int_equal(pcp->count, 0);
	__free_page(page);
	assert_int_equal(pcp->count, 0);
	zone_pcp_enable(z);
	assert_int_equal(pcp->batch, batch);
	assert_int_equal(nr_free(z), free0);
	assert_zones_consistent();
}

/* --- the high-atomic reserve ------------------------------------------------------- */

static void test_highatomic_reserve(void **state)
{
	unsigned long max_reserve, reserved_free;
	struct page *p[3];
	struct zone *z;

	(void)state;
	z = boot_dma32(64);
	max_reserve = z->managed_pages / 100 + pageblock_nr_pages;
	/* Under pressure (fast path refused), atomic high-order requests
	 * reserve their pageblock, up to 1% of the zone plus a pageblock. */
	z->_watermark[WMARK_LOW] = z->_watermark[WMARK_HIGH] =
		2 * z->managed_pages;
	p[0] = alloc_pages(GFP_ATOMIC, 2);
	assert_int_equal(get_pageblock_migratetype(p[0]), MIGRATE_HIGHATOMIC);
	assert_int_equal(z->nr_reserved_highatomic, pageblock_nr_pages);
	p[1] = alloc_pages(GFP_ATOMIC, 2);
	p[2] = alloc_pages(GFP_ATOMIC, 2);
	assert_non_null(p[1]);
	assert_non_null(p[2]);
	assert_true(z->nr_reserved_highatomic >= max_reserve);
	assert_true(z->nr_reserved_highatomic <
		    max_reserve + pageblock_nr_pages);
	assert_zones_consistent();
	for (int i = 0; i < 3; i++)
		__free_pages(p[i], 2);
	drain_all_pages(NULL);
	/* The reserved pageblocks are wholly free again, and stay reserved
	 * (two of them may have merged: same type). */
	reserved_free = 0;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		reserved_free += z->free_area[o].nr_free_mt[MIGRATE_HIGHATOMIC]
				 << o;
	assert_int_equal(reserved_free, z->nr_reserved_highatomic);
	assert_zones_consistent();
	/* Exhausting memory gives the reserves back. */
	setup_per_zone_wmarks();
	get_until_fail(GFP_KERNEL, 0);
	assert_int_equal(z->nr_reserved_highatomic, 0);
	assert_int_equal(count_blocks(z, MIGRATE_HIGHATOMIC), 0);
	assert_zones_consistent();
	put_all();
}

/* --- failure ------------------------------------------------------------------ */

static int count_substr(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

static void test_failure_counts_and_warns(void **state)
{
	unsigned long fails;
	struct zone *z;
	int warnings;

	(void)state;
	z = boot_dma32(64);
	fails = ev(PGALLOC_FAIL);
	assert_null(alloc_pages(GFP_KERNEL | NOWARN, MAX_ORDER + 1));
	assert_int_equal(ev(PGALLOC_FAIL), fails + 1);
	get_until_fail(GFP_KERNEL, MAX_ORDER);
	host_log_clear();
	fails = ev(PGALLOC_FAIL);
	for (int i = 0; i < 250; i++)
		assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	assert_int_equal(ev(PGALLOC_FAIL), fails + 250);
	/* Rate-limited: the first, then one per hundred. */
	warnings =
		count_substr(host_log(), "page allocation failure: order:10");
	assert_in_range(warnings, 2, 3);
	assert_non_null(strstr(host_log(), "suppressed"));
	assert_non_null(strstr(host_log(), "Node 0, zone    DMA32"));
	host_log_clear();
	assert_null(alloc_pages(GFP_ATOMIC | NOWARN, MAX_ORDER));
	assert_null(
		alloc_pages(GFP_KERNEL | __GFP_NORETRY | NOWARN, MAX_ORDER));
	assert_string_equal(host_log(), "");
	(void)z;
	put_all();
	assert_zones_consistent();
}

static void test_gfp_zero(void **state)
{
	unsigned long addr;
	struct page *page;
	unsigned char *p;

	(void)state;
	host_boot_simple(64);
	page = alloc_pages(GFP_KERNEL, 2);
	memset(page_address(page), 0x5a, 4 * PAGE_SIZE);
	__free_pages(page, 2);
	addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	assert_true(addr != 0);
	p = (unsigned char *)addr;
	for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
		assert_int_equal(p[i], 0);
	free_pages(addr, 2);
	addr = get_zeroed_page(GFP_KERNEL);
	assert_true(addr != 0);
	assert_int_equal(virt_to_page((void *)addr)->private, 0);
	free_page(addr);
	free_pages(0, 3); /* ignored */
	assert_zones_consistent();
}

/* --- debug checks ----------------------------------------------------------------- */

static void assert_bad_page(unsigned long before, const char *reason)
{
	assert_int_equal(nr_bad_pages, before + 1);
	assert_non_null(strstr(host_log(), "BUG: Bad page state"));
	assert_non_null(strstr(host_log(), reason));
	assert_non_null(strstr(host_log(), "page dumped because"));
	host_log_clear();
}

static void test_double_free(void **state)
{
	unsigned long bad = nr_bad_pages;
	struct page *page;

	(void)state;
	host_boot_simple(64);
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	__free_page(page);
	assert_bad_page(bad, "double free");
	assert_zones_consistent();
	/* With the checks off, nothing is reported (nor freed twice). */
	debug_pagealloc_enabled = false;
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	__free_page(page);
	assert_int_equal(nr_bad_pages, bad + 1);
	debug_pagealloc_enabled = true;
	set_page_count(page, 0);
	assert_zones_consistent();
}

static void test_free_with_wrong_order(void **state)
{
	unsigned long bad = nr_bad_pages;
	struct page *page;

	(void)state;
	host_boot_simple(64);
	page = alloc_pages(GFP_KERNEL, 2);
	__free_pages(page, 1);
	assert_bad_page(bad, "different order");
	/* The block is leaked, not freed. */
	assert_false(PageBuddy(page));
	assert_zones_consistent();
}

static void test_free_reserved_page(void **state)
{
	unsigned long bad = nr_bad_pages;
	struct page *page;

	(void)state;
	host_boot_simple(64);
	page = pfn_to_page(0x10); /* in the reserved first MiB */
	assert_true(PageReserved(page));
	__free_page(page);
	assert_bad_page(bad, "reserved");
	assert_true(PageReserved(page));
	assert_zones_consistent();
}

static void test_free_mapped_page(void **state)
{
	unsigned long bad = nr_bad_pages;
	struct page *page;

	(void)state;
	host_boot_simple(64);
	page = alloc_page(GFP_KERNEL);
	atomic_set(&page->_mapcount, 0);
	__free_page(page);
	assert_bad_page(bad, "nonzero mapcount");
	page = alloc_page(GFP_KERNEL);
	SetPageLRU(page);
	__free_page(page);
	assert_bad_page(bad + 1, "PAGE_FLAGS_CHECK");
	assert_zones_consistent();
}

static void test_bad_page_at_alloc_is_skipped(void **state)
{
	unsigned long bad = nr_bad_pages;
	struct page *page, *next;

	(void)state;
	host_boot_simple(64);
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	/* Corrupt the free page: it is first on its per-CPU list. */
	page->mapping = (struct anon_vma *)0x1234;
	next = alloc_page(GFP_KERNEL);
	assert_non_null(next);
	assert_ptr_not_equal(next, page);
	assert_bad_page(bad, "non-NULL mapping");
	__free_page(next);
	assert_zones_consistent();
}

static void test_dump_page(void **state)
{
	struct page *page;

	(void)state;
	host_boot_simple(64);
	page = alloc_page(GFP_KERNEL);
	host_log_clear();
	dump_page(page, "testing");
	assert_non_null(strstr(host_log(), "refcount:1 mapcount:0"));
	assert_non_null(strstr(host_log(), "zone=DMA32"));
	assert_non_null(strstr(host_log(), "migratetype:Unmovable"));
	assert_non_null(strstr(host_log(), "raw: "));
	assert_non_null(strstr(host_log(), "page dumped because: testing"));
	host_log_clear();
	dump_page(pfn_to_page(0), NULL);
	assert_non_null(strstr(host_log(), "flags: "));
	assert_non_null(strstr(host_log(), "reserved|zone=DMA"));
	__free_page(page);
}

static void test_poisoning(void **state)
{
	unsigned long bad = nr_poison_bad;
	unsigned char *p;
	struct page *page, *again;

	(void)state;
	host_boot_simple(64);
	page_poisoning_enabled = true;
	page = alloc_page(GFP_KERNEL);
	p = page_address(page);
	__free_page(page);
	assert_true(PagePoisoned(page));
	assert_int_equal(p[0], PAGE_POISON);
	assert_int_equal(p[PAGE_SIZE - 1], PAGE_POISON);
	p[100] = 1; /* a write after free */
	again = alloc_page(GFP_KERNEL);
	assert_ptr_equal(again, page); /* per-CPU lists are LIFO */
	assert_int_equal(nr_poison_bad, bad + 1);
	assert_non_null(strstr(host_log(), "memory corruption"));
	assert_non_null(strstr(host_log(), "offset 0x64"));
	assert_false(PagePoisoned(again));
	/* Untouched poison passes. */
	__free_page(again);
	again = alloc_page(GFP_KERNEL);
	assert_int_equal(nr_poison_bad, bad + 1);
	__free_page(again);
	/* Freed while poisoning was on, allocated after it went off. */
	page_poisoning_enabled = false;
	again = alloc_page(GFP_KERNEL);
	assert_false(PagePoisoned(again));
	__free_page(again);
	assert_zones_consistent();
}

/*
 * release_pages() frees the pages whose last reference goes, to the
 * per-CPU lists, and keeps the others; a page of an isolated pageblock goes
 * straight to the buddy lists even after a neighbour of another block made
 * the type lookup run (the bug it catches: a type remembered from the
 * wrong pageblock), and the debug checks report a double free.
 */
static void test_release_pages(void **state)
{
	struct page *x, *y, *batch[5];
	unsigned long free0, pcp0, bad = nr_bad_pages;
	struct zone *z;
	int old;

	(void)state;
	z = boot_dma32(64);
	x = alloc_pages(GFP_HIGHUSER_MOVABLE, pageblock_order);
	y = alloc_pages(GFP_HIGHUSER_MOVABLE, pageblock_order);
	assert_non_null(x);
	assert_non_null(y);
	split_page(x, pageblock_order);
	split_page(y, pageblock_order);
	old = set_migratetype_isolate(y);
	get_page(x + 2); /* someone else's reference: it stays */
	batch[0] = x;
	batch[1] = x + 1;
	batch[2] = y;
	batch[3] = x + 2;
	batch[4] = x + 3;
	free0 = nr_free(z);
	pcp0 = (unsigned long)z->pcp[0].count;
	release_pages(batch, 5);
	assert_int_equal(z->pcp[0].count, pcp0 + 3);
	/* y is on the buddy lists, which do not count isolated pages. */
	assert_int_equal(nr_free(z), free0);
	assert_int_equal(z->free_area[0].nr_free_mt[MIGRATE_ISOLATE], 1);
	assert_true(PageBuddy(y));
	assert_int_equal(page_ref_count(x + 2), 1);
	assert_zones_consistent();
	release_pages(&batch[3], 1);
	assert_int_equal(z->pcp[0].count, pcp0 + 4);
	release_pages(&batch[3], 1);
	assert_bad_page(bad, "double free");
	for (unsigned long i = 4; i < pageblock_nr_pages; i++)
		__free_page(x + i);
	for (unsigned long i = 1; i < pageblock_nr_pages; i++)
		__free_page(y + i);
	unset_migratetype_isolate(y, old);
	assert_zones_consistent();
}

/* --- isolation and compaction hooks ------------------------------------------------ */

static void test_isolate_pageblock(void **state)
{
	unsigned long free0, pcp0;
	struct page *block, *page;
	struct zone *z;
	int old;

	(void)state;
	z = boot_dma32(64);
	free0 = nr_free(z);
	block = list_first_entry(
		&z->free_area[MAX_ORDER].free_list[MIGRATE_MOVABLE],
		struct page, lru);
	/* Isolating half of a free order-10 block splits it. */
	old = set_migratetype_isolate(block + pageblock_nr_pages);
	assert_int_equal(old, MIGRATE_MOVABLE);
	assert_int_equal(set_migratetype_isolate(block + pageblock_nr_pages),
			 -EBUSY);
	assert_int_equal(nr_free(z), free0 - pageblock_nr_pages);
	assert_int_equal(
		z->free_area[pageblock_order].nr_free_mt[MIGRATE_ISOLATE], 1);
	assert_zones_consistent();
	unset_migratetype_isolate(block + pageblock_nr_pages, old);
	assert_int_equal(nr_free(z), free0);
	assert_true(PageBuddy(block));
	assert_int_equal(buddy_order(block), MAX_ORDER);
	assert_zones_consistent();
	/* A page freed into an isolated pageblock bypasses per-CPU lists. */
	page = alloc_page(GFP_HIGHUSER_MOVABLE);
	old = set_migratetype_isolate(page);
	pcp0 = (unsigned long)z->pcp[0].count;
	__free_page(page);
	assert_int_equal(z->pcp[0].count, pcp0);
	assert_zones_consistent();
	unset_migratetype_isolate(page, old);
	assert_zones_consistent();
}

static void test_isolate_free_page_and_split(void **state)
{
	unsigned long free0;
	struct page *page;
	struct zone *z;

	(void)state;
	z = boot_dma32(64);
	free0 = nr_free(z);
	page = list_first_entry(
		&z->free_area[MAX_ORDER].free_list[MIGRATE_MOVABLE],
		struct page, lru);
	spin_lock(&z->lock);
	assert_int_equal(__isolate_free_page(page, MAX_ORDER), 1 << MAX_ORDER);
	spin_unlock(&z->lock);
	assert_int_equal(nr_free(z), free0 - (1UL << MAX_ORDER));
	post_alloc_hook(page, MAX_ORDER, __GFP_MOVABLE);
	split_page(page, MAX_ORDER);
	for (unsigned long i = 0; i < (1UL << MAX_ORDER); i++) {
		assert_int_equal(page_ref_count(page + i), 1);
		assert_int_equal(page[i].private, 0);
	}
	for (unsigned long i = 0; i < (1UL << MAX_ORDER); i++)
		__free_page(page + i);
	drain_all_pages(z);
	assert_int_equal(nr_free(z), free0);
	assert_zones_consistent();
	/* Below the min watermark, compaction may not take free pages. */
	z->_watermark[WMARK_MIN] = free0;
	page = list_first_entry(
		&z->free_area[MAX_ORDER].free_list[MIGRATE_MOVABLE],
		struct page, lru);
	spin_lock(&z->lock);
	assert_int_equal(__isolate_free_page(page, MAX_ORDER), 0);
	spin_unlock(&z->lock);
	assert_zones_consistent();
	/* A test setting its stage may, and gives the block back. */
	spin_lock(&z->lock);
	take_free_block(page, MAX_ORDER);
	spin_unlock(&z->lock);
	assert_int_equal(nr_free(z), free0 - (1UL << MAX_ORDER));
	post_alloc_hook(page, MAX_ORDER, __GFP_MOVABLE);
	__free_pages(page, MAX_ORDER);
	assert_int_equal(nr_free(z), free0);
	assert_zones_consistent();
}

static void test_pageblock_skip_bit(void **state)
{
	struct page *page;

	(void)state;
	boot_dma32(64);
	page = pfn_to_page(zone_of(ZONE_DMA32)->zone_start_pfn + 5000);
	assert_false(get_pageblock_skip(page));
	set_pageblock_skip(page);
	assert_true(get_pageblock_skip(page));
	/* The skip bit and the migratetype are independent. */
	assert_int_equal(get_pageblock_migratetype(page), MIGRATE_MOVABLE);
	assert_true(get_pageblock_skip(page + 1));
	assert_false(get_pageblock_skip(page + pageblock_nr_pages));
	clear_pageblock_skip(page);
	assert_false(get_pageblock_skip(page));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_boot_state, reset),
		cmocka_unit_test_setup(test_pcp_batch_and_high, reset),
		cmocka_unit_test_setup(test_split_and_merge_every_order, reset),
		cmocka_unit_test_setup(test_buddy_in_use_blocks_merge, reset),
		cmocka_unit_test_setup(test_exhaustion_and_recovery, reset),
		cmocka_unit_test_setup(test_zone_selection, reset),
		cmocka_unit_test_setup(test_zone_fallback_order, reset),
		cmocka_unit_test_setup(test_migratetype_selection, reset),
		cmocka_unit_test_setup(test_claim_when_half_free_or_alike,
				       reset),
		cmocka_unit_test_setup(test_no_claim_steals_smallest, reset),
		cmocka_unit_test_setup(test_unmovable_claims_mostly_used_block,
				       reset),
		cmocka_unit_test_setup(test_fallback_takes_largest_block,
				       reset),
		cmocka_unit_test_setup(test_movable_small_block_is_stolen,
				       reset),
		cmocka_unit_test_setup(test_movable_big_block_claims, reset),
		cmocka_unit_test_setup(test_nogrouping, reset),
		cmocka_unit_test_setup(test_watermark_arithmetic, reset),
		cmocka_unit_test_setup(test_watermark_needs_a_block, reset),
		cmocka_unit_test_setup(test_merged_tail_keeps_no_order, reset),
		cmocka_unit_test_setup(test_pcp_lists_and_drain, reset),
		cmocka_unit_test_setup(test_release_pages, reset),
		cmocka_unit_test_setup(test_highatomic_reserve, reset),
		cmocka_unit_test_setup(test_failure_counts_and_warns, reset),
		cmocka_unit_test_setup(test_gfp_zero, reset),
		cmocka_unit_test_setup(test_double_free, reset),
		cmocka_unit_test_setup(test_free_with_wrong_order, reset),
		cmocka_unit_test_setup(test_free_reserved_page, reset),
		cmocka_unit_test_setup(test_free_mapped_page, reset),
		cmocka_unit_test_setup(test_bad_page_at_alloc_is_skipped,
				       reset),
		cmocka_unit_test_setup(test_dump_page, reset),
		cmocka_unit_test_setup(test_poisoning, reset),
		cmocka_unit_test_setup(test_isolate_pageblock, reset),
		cmocka_unit_test_setup(test_isolate_free_page_and_split, reset),
		cmocka_unit_test_setup(test_pageblock_skip_bit, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
