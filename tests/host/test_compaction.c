/*
 * Host tests of compaction: the two scanners, full compaction of
 * fragmented memory (every pattern reaches its potential and keeps every
 * byte), direct compaction in the allocation slow path, deferral and skip
 * bits.
 */
#include <stdlib.h>

#include "lib.h"
#include "mm/compaction.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "mm_helpers.h"

static struct mm_struct *mm;
static unsigned long npages;
static bool *live; /* live[i]: page i should be mapped */
static struct compact_potential cp;

enum pattern { ALTERNATE, RANDOM, SPARSE };

static bool punched(enum pattern p, unsigned long i, struct rnd_state *r)
{
	switch (p) {
	case ALTERNATE:
		return i & 1;
	case SPARSE:
		return i % 4 != 0;
	default:
		return prandom_below(r, 2);
	}
}

/* Fill most of memory with movable pages, then punch holes. */
static void fragment(enum pattern p)
{
	unsigned long target = global_zone_page_state(NR_FREE_PAGES) * 9 / 10;
	struct rnd_state rnd;

	mm = mm_alloc("test");
	live = calloc(target, sizeof(*live));
	assert_non_null(live);
	assert_non_null(mmap_anon(mm, TEST_BASE, target * PAGE_SIZE,
				  VM_READ | VM_WRITE));
	for (npages = 0; npages < target; npages++) {
		assert_int_equal(touch(mm, TEST_BASE + npages * PAGE_SIZE), 0);
		fill_page(mm, TEST_BASE + npages * PAGE_SIZE, 1);
		live[npages] = true;
	}
	prandom_seed(&rnd, 42);
	for (unsigned long i = 0; i < npages; i++)
		if (punched(p, i, &rnd)) {
			zap_page_range(mm, TEST_BASE + i * PAGE_SIZE,
				       PAGE_SIZE);
			live[i] = false;
		}
}

/*
 * Every page fragment() left should be mapped and hold its bytes, and every
 * page it punched should stay unmapped. Prints the first page that is not.
 */
static bool all_intact(void)
{
	for (unsigned long i = 0; i < npages; i++) {
		unsigned long addr = TEST_BASE + i * PAGE_SIZE;
		bool ok =
			live[i] ? page_intact(mm, addr, 1) : !page_at(mm, addr);

		if (!ok) {
			print_message("page %lu (%s) at %#lx is %s\n", i,
				      live[i] ? "live" : "punched", addr,
				      page_at(mm, addr) ? "mapped"
							: "unmapped");
			return false;
		}
	}
	return true;
}

static int setup(void **state)
{
	(void)state;
	host_boot_simple(128);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (mm)
		mm_destroy(mm);
	mm = NULL;
	free(live);
	live = NULL;
	host_mem_free();
	return 0;
}

static void full_compaction_reaches_potential(enum pattern p)
{
	struct compact_stats st = { 0 };
	unsigned long before, after, stall0 = sum_vm_event(COMPACTSTALL);

	fragment(p);
	compaction_potential(NODE_DATA(0), &cp);
	before = nr_free_pageblocks();
	compact_node(NODE_DATA(0), -1, &st);
	after = nr_free_pageblocks();
	print_message("pattern %d: blocks %lu -> %lu of %lu possible, "
		      "migrated %lu (at least %lu needed)\n",
		      p, before, after, cp.blocks_max, st.migrated,
		      compaction_min_migrated(&cp, after));
	assert_true(after * 100 >= cp.blocks_max * 99);
	assert_true(after > before);
	assert_true(st.migrated >= compaction_min_migrated(&cp, after));
	assert_int_equal(st.failed, 0);
	assert_true(all_intact());
	/* A full compaction is not an allocation stall. */
	assert_int_equal(sum_vm_event(COMPACTSTALL), stall0);
	for (struct zone *z = NODE_DATA(0)->node_zones;
	     z < NODE_DATA(0)->node_zones + MAX_NR_ZONES; z++)
		if (managed_zone(z))
			assert_int_equal(check_zone_free_areas(z), 0);
}

static void test_full_alternate(void **state)
{
	(void)state;
	full_compaction_reaches_potential(ALTERNATE);
}

static void test_full_random(void **state)
{
	(void)state;
	full_compaction_reaches_potential(RANDOM);
}

static void test_full_sparse(void **state)
{
	(void)state;
	full_compaction_reaches_potential(SPARSE);
}

/* Take every free block of pageblock size or more; return them in @held. */
static void hold_free_pageblocks(struct list_head *held)
{
	struct page *page;

	while (nr_free_pageblocks()) {
		page = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NORETRY,
				   pageblock_order);
		assert_non_null(page);
		list_add(&page->lru, held);
	}
}

/* Free pages of every zone, per-CPU lists drained. */
static unsigned long free_pages_drained(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static void test_direct_compaction(void **state)
{
	unsigned long stall0 = sum_vm_event(COMPACTSTALL);
	unsigned long ok0 = sum_vm_event(COMPACTSUCCESS);
	unsigned long free0 = free_pages_drained();
	pg_data_t *pgdat = NODE_DATA(0);
	struct page *page, *next;
	LIST_HEAD(held);

	(void)state;
	fragment(RANDOM);
	hold_free_pageblocks(&held);
	pgdat->kcompactd_max_order = 0;
	page = alloc_pages(GFP_HIGHUSER_MOVABLE, pageblock_order);
	assert_non_null(page);
	assert_int_equal(sum_vm_event(COMPACTSTALL), stall0 + 1);
	assert_int_equal(sum_vm_event(COMPACTSUCCESS), ok0 + 1);
	/* The failed first attempt asked kcompactd for that order. */
	assert_int_equal(pgdat->kcompactd_max_order, pageblock_order);
	assert_true(all_intact());
	__free_pages(page, pageblock_order);
	list_for_each_entry_safe(page, next, &held, lru) {
		list_del(&page->lru);
		__free_pages(page, pageblock_order);
	}
	/* Nothing leaked: not a migrated page, not a captured block. */
	mm_destroy(mm);
	mm = NULL;
	assert_int_equal(free_pages_drained(), free0);
}

static void test_deferral(void **state)
{
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	int skipped = 0;

	(void)state;
	compaction_defer_reset(z, 9, true);
	assert_false(compaction_deferred(z, 9));
	defer_compaction(z, 9); /* shift 1: skip 1 of 2 */
	defer_compaction(z, 9); /* shift 2: skip 3 of 4 */
	assert_int_equal(z->compact_defer_shift, 2);
	assert_int_equal(z->compact_order_failed, 9);
	assert_false(compaction_deferred(z, 8)); /* lower orders go ahead */
	while (compaction_deferred(z, 9))
		skipped++;
	assert_int_equal(skipped, 3);
	assert_false(compaction_deferred(z, 9)); /* due now */
	for (int i = 0; i < 10; i++)
		defer_compaction(z, 9);
	assert_int_equal(z->compact_defer_shift, COMPACT_MAX_DEFER_SHIFT);
	while (compaction_deferred(z, 9))
		skipped++;
	assert_true(compaction_restarting(z, 9));
	compaction_defer_reset(z, 9, true);
	assert_int_equal(z->compact_defer_shift, 0);
	assert_int_equal(z->compact_order_failed, 10);
	assert_false(compaction_restarting(z, 9));
}

static void test_skip_bits(void **state)
{
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	unsigned long pfn = ALIGN(z->zone_start_pfn, pageblock_nr_pages);
	struct compact_control cc = { .zone = z,
				      .order = -1,
				      .mode = MIGRATE_SYNC };

	(void)state;
	INIT_LIST_HEAD(&cc.migratepages);
	INIT_LIST_HEAD(&cc.freepages);
	/* A pageblock of free pages has nothing to isolate: mark it. */
	assert_false(get_pageblock_skip(pfn_to_page(pfn)));
	assert_int_equal(
		isolate_migratepages_block(&cc, pfn, pfn + pageblock_nr_pages),
		pfn + pageblock_nr_pages);
	assert_int_equal(cc.nr_migratepages, 0);
	assert_true(get_pageblock_skip(pfn_to_page(pfn)));
	assert_int_equal(cc.total_migrate_scanned, pageblock_nr_pages);
	__reset_isolation_suitable(z);
	assert_false(get_pageblock_skip(pfn_to_page(pfn)));
	assert_int_equal(z->compact_cached_migrate_pfn[0], z->zone_start_pfn);
}

/* Make @z's free lists look like @n free blocks of @order, and nothing
 * else (fragmentation_index() reads only the counts). */
static void fake_free_blocks(struct zone *z, unsigned int order,
			     unsigned long n)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		z->free_area[o].nr_free = o == order ? n : 0;
}

/*
 * Compaction is worth it when enough memory is free but in pieces: not
 * when too little is free to migrate into, nor, for a costly order, when
 * the fragmentation index (<= extfrag_threshold, 500) blames a lack of
 * memory rather than fragmentation.
 */
static void test_not_suitable_without_free_memory(void **state)
{
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	unsigned long free = zone_page_state(z, NR_FREE_PAGES);
	struct free_area saved[NR_PAGE_ORDERS];

	(void)state;
	/* Fresh from boot: free blocks of order 9 exist, plenty is free. */
	assert_int_equal(fragmentation_index(z, 9), -1000);
	assert_true(compaction_suitable(z, 9, ZONE_DMA32));
	memcpy(saved, z->free_area, sizeof(saved));
	/* 1024 free order-0 pages: fragmentation (index 998). */
	fake_free_blocks(z, 0, 1024);
	assert_int_equal(fragmentation_index(z, 9), 998);
	assert_true(compaction_suitable(z, 9, ZONE_DMA32));
	/* Four free order-8 blocks: too little memory (index 250). */
	fake_free_blocks(z, 8, 4);
	assert_int_equal(fragmentation_index(z, 9), 250);
	assert_false(compaction_suitable(z, 9, ZONE_DMA32));
	/* The index only counts for costly orders. */
	fake_free_blocks(z, 2, 4);
	assert_true(compaction_suitable(z, 3, ZONE_DMA32));
	memcpy(z->free_area, saved, sizeof(saved));
	/* At the min watermark nothing is suitable, whatever the order. */
	z->vm_stat[NR_FREE_PAGES] = (long)min_wmark_pages(z);
	assert_false(compaction_suitable(z, 9, ZONE_DMA32));
	assert_false(compaction_suitable(z, 1, ZONE_DMA32));
	z->vm_stat[NR_FREE_PAGES] = (long)free;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_alternate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_full_random, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_full_sparse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_direct_compaction, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_deferral, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_bits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_not_suitable_without_free_memory, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
