/*
 * Host tests of page isolation (start/undo_isolate_page_range,
 * test_pages_isolated), alloc_contig_range() with its failure reports, and
 * the candidate search of __alloc_contig_pages(), on a 64 MiB machine
 * whose movable pages are mapped through real page tables.
 */
#include "kerrno.h"
#include "lib.h"
#include "mm/contig_alloc.h"
#include "mm/page_alloc.h"
#include "mm/page_isolation.h"
#include "mm/slab.h"
#include "mm/vmstat.h"
#include "mm_helpers.h"

#define NPAGES 4096 /* pages the test mm maps: 16 MiB */

static struct mm_struct *mm;
static struct zone *zone; /* DMA32: [16 MiB, 64 MiB) */

static int setup(void **state)
{
	(void)state;
	mm = mm_setup(NPAGES);
	zone = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mm_teardown(mm);
	return 0;
}

/* Map every page of the test mm, then unmap every other one. */
static void fill_half(void)
{
	for (unsigned long i = 0; i < NPAGES; i++) {
		assert_int_equal(touch(mm, TEST_BASE + i * PAGE_SIZE), 0);
		fill_page(mm, TEST_BASE + i * PAGE_SIZE, i);
	}
	for (unsigned long i = 0; i < NPAGES; i += 2)
		zap_page_range(mm, TEST_BASE + i * PAGE_SIZE, PAGE_SIZE);
}

static void assert_half_intact(void)
{
	for (unsigned long i = 1; i < NPAGES; i += 2)
		assert_true(page_intact(mm, TEST_BASE + i * PAGE_SIZE, i));
}

/* The lowest and highest pfn of the test mm's mapped pages. */
static void mapped_span(unsigned long *lo, unsigned long *hi)
{
	*lo = -1UL;
	*hi = 0;
	for (unsigned long i = 1; i < NPAGES; i += 2) {
		unsigned long pfn =
			page_to_pfn(page_at(mm, TEST_BASE + i * PAGE_SIZE));

		*lo = min(*lo, pfn);
		*hi = max(*hi, pfn);
	}
}

struct counts {
	unsigned long nr_free_mt[NR_PAGE_ORDERS][MIGRATE_TYPES];
	long vm_stat[NR_ZONE_STAT_ITEMS];
	int types[64];
};

static void snapshot(struct counts *c, unsigned long start)
{
	drain_all_pages(NULL);
	memset(c, 0, sizeof(*c));
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			c->nr_free_mt[o][mt] =
				zone->free_area[o].nr_free_mt[mt];
	memcpy(c->vm_stat, zone->vm_stat, sizeof(c->vm_stat));
	for (int i = 0; i < 64; i++)
		c->types[i] = zone_pfnblock_migratetype(
			zone, start + (unsigned long)i * pageblock_nr_pages);
}

static unsigned long occupied(unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (unsigned long pfn = start; pfn < end; pfn++)
		n += PageLRU(pfn_to_page(pfn));
	return n;
}

/* The pageblock-aligned start of the 4 pageblocks most full of mapped
 * pages. */
static unsigned long busy_start(void)
{
	const unsigned long span = 4 * pageblock_nr_pages;
	unsigned long lo, hi, best = 0, best_n = 0;

	mapped_span(&lo, &hi);
	for (unsigned long pfn = pageblock_start_pfn(lo);
	     pfn + span <= zone_end_pfn(zone); pfn += pageblock_nr_pages) {
		unsigned long n = occupied(pfn, pfn + span);

		if (n > best_n) {
			best = pfn;
			best_n = n;
		}
	}
	assert_true(best_n >= span / 8);
	return best;
}

/* --- isolation ---------------------------------------------------------------- */

static void test_isolate_and_undo_are_exact(void **state)
{
	const unsigned long nr = 4 * pageblock_nr_pages;
	struct counts before, during, after;
	struct isolate_range ir, ir2;
	unsigned long start, fail, free_in_range = 0, flags;
	struct page *unmovable = alloc_page(GFP_KERNEL);

	(void)state;
	fill_half();
	start = busy_start();
	/* An unmovable pageblock inside the range too. */
	assert_non_null(unmovable);
	spin_lock_irqsave(&zone->lock, flags);
	set_pageblock_migratetype(pfn_to_page(start + pageblock_nr_pages),
				  MIGRATE_UNMOVABLE);
	move_freepages_block(zone, pfn_to_page(start + pageblock_nr_pages),
			     MIGRATE_MOVABLE, MIGRATE_UNMOVABLE);
	spin_unlock_irqrestore(&zone->lock, flags);
	assert_int_equal(check_zone_free_areas(zone), 0);
	snapshot(&before, start);
	for (unsigned long pfn = start; pfn < start + nr;) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			free_in_range += 1UL << buddy_order(page);
			pfn += 1UL << buddy_order(page);
		} else {
			pfn++;
		}
	}
	assert_true(free_in_range > 0);
	assert_int_equal(
		start_isolate_page_range(&ir, start, start + nr, &fail), 0);
	snapshot(&during, start);
	assert_int_equal(nr_isolated_pageblocks(zone), 4);
	assert_int_equal(during.vm_stat[NR_FREE_PAGES],
			 before.vm_stat[NR_FREE_PAGES] - (long)free_in_range);
	assert_int_equal(check_zone_free_areas(zone), 0);
	/* Refused twice, and the first isolation is untouched. */
	assert_int_equal(
		start_isolate_page_range(&ir2, start - pageblock_nr_pages,
					 start + pageblock_nr_pages, &fail),
		-EBUSY);
	assert_int_equal(fail, start);
	assert_int_equal(nr_isolated_pageblocks(zone), 4);
	undo_isolate_page_range(&ir);
	snapshot(&after, start);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(after.types[1], MIGRATE_UNMOVABLE);
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
	assert_int_equal(check_zone_free_areas(zone), 0);
	__free_page(unmovable);
}

static void test_isolate_refuses_bad_ranges(void **state)
{
	struct isolate_range ir;
	unsigned long fail, start = zone->zone_start_pfn;

	(void)state;
	assert_int_equal(start_isolate_page_range(&ir, start + 1,
						  start + pageblock_nr_pages,
						  &fail),
			 -EINVAL);
	assert_int_equal(start_isolate_page_range(&ir, start, start, &fail),
			 -EINVAL);
	/* Beyond the end of RAM: no struct page. */
	assert_int_equal(start_isolate_page_range(
				 &ir, zone_end_pfn(zone) - pageblock_nr_pages,
				 zone_end_pfn(zone) + pageblock_nr_pages,
				 &fail),
			 -EINVAL);
	assert_int_equal(fail, zone_end_pfn(zone));
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

/* Free pages on the isolate lists of the zone. */
static unsigned long isolated_free_pages(void)
{
	unsigned long n = 0;

	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		n += zone->free_area[o].nr_free_mt[MIGRATE_ISOLATE] << o;
	return n;
}

static void test_freed_pages_are_captured(void **state)
{
	struct isolate_range ir;
	unsigned long start, fail, iso0;
	struct page *page;

	(void)state;
	fill_half();
	start = busy_start();
	/* A mapped page inside the range, unmapped while it is isolated. */
	for (unsigned long i = 1; i < NPAGES; i += 2) {
		page = page_at(mm, TEST_BASE + i * PAGE_SIZE);
		if (page_to_pfn(page) >= start &&
		    page_to_pfn(page) < start + pageblock_nr_pages) {
			assert_int_equal(start_isolate_page_range(
						 &ir, start,
						 start + pageblock_nr_pages,
						 &fail),
					 0);
			iso0 = isolated_free_pages();
			assert_int_not_equal(
				test_pages_isolated(start,
						    start + pageblock_nr_pages,
						    &fail),
				0);
			/* The first page in use there is named. */
			assert_true(fail >= start && fail <= page_to_pfn(page));
			assert_false(PageBuddy(pfn_to_page(fail)));
			zap_page_range(mm, TEST_BASE + i * PAGE_SIZE,
				       PAGE_SIZE);
			/* On the isolate lists, not the per-CPU ones. */
			assert_int_equal(isolated_free_pages(), iso0 + 1);
			undo_isolate_page_range(&ir);
			assert_int_equal(check_zone_free_areas(zone), 0);
			return;
		}
	}
	fail_msg("no mapped page in the first pageblock");
}

/* --- alloc_contig_range ----------------------------------------------------------- */

static void test_alloc_contig_range_migrates_exactly(void **state)
{
	const unsigned long nr = 2 * pageblock_nr_pages;
	unsigned long start, busy, free0;
	struct contig_info info;

	(void)state;
	fill_half();
	start = busy_start();
	busy = occupied(start, start + nr);
	assert_true(busy > 0);
	drain_all_pages(NULL);
	free0 = zone_page_state(zone, NR_FREE_PAGES);
	assert_int_equal(alloc_contig_range(start, start + nr, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 0);
	assert_int_equal(info.nr_occupied, busy);
	assert_int_equal(info.nr_migrated, busy);
	assert_int_equal(info.reason, CONTIG_OK);
	for (unsigned long pfn = start; pfn < start + nr; pfn++) {
		assert_int_equal(page_ref_count(pfn_to_page(pfn)), 1);
		assert_false(PageBuddy(pfn_to_page(pfn)));
	}
	assert_half_intact();
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
	drain_all_pages(NULL);
	assert_int_equal(zone_page_state(zone, NR_FREE_PAGES), free0 - nr);
	assert_int_equal(free_contig_range(start, nr), 0);
	drain_all_pages(NULL);
	assert_int_equal(zone_page_state(zone, NR_FREE_PAGES), free0);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

/* An unaligned range: the pages around it in its pageblocks stay free. */
static void test_alloc_contig_range_unaligned(void **state)
{
	unsigned long start, free0;
	struct contig_info info;

	(void)state;
	fill_half();
	start = busy_start() + 100;
	drain_all_pages(NULL);
	free0 = zone_page_state(zone, NR_FREE_PAGES);
	assert_int_equal(alloc_contig_range(start, start + 1000,
					    MIGRATE_MOVABLE, GFP_KERNEL, &info),
			 0);
	drain_all_pages(NULL);
	assert_int_equal(zone_page_state(zone, NR_FREE_PAGES), free0 - 1000);
	free_contig_range(start, 1000);
	assert_half_intact();
	assert_int_equal(check_zone_free_areas(zone), 0);
}

static void test_pinned_page_fails_cleanly(void **state)
{
	const unsigned long nr = 2 * pageblock_nr_pages;
	unsigned long start, pin_pfn = 0, free0;
	struct contig_info info;
	struct page *pin = NULL;

	(void)state;
	fill_half();
	start = busy_start();
	for (unsigned long pfn = start + nr / 2; pfn < start + nr && !pin;
	     pfn++)
		if (PageLRU(pfn_to_page(pfn)))
			pin = pfn_to_page(pfn);
	assert_non_null(pin);
	pin_pfn = page_to_pfn(pin);
	get_page(pin);
	drain_all_pages(NULL);
	free0 = zone_page_state(zone, NR_FREE_PAGES);
	assert_int_equal(alloc_contig_range(start, start + nr, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 -EBUSY);
	assert_int_equal(info.reason, CONTIG_PINNED);
	assert_int_equal(info.fail_pfn, pin_pfn);
	assert_int_equal(info.nr_passes, CONTIG_MIGRATE_TRIES);
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
	drain_all_pages(NULL);
	assert_int_equal(zone_page_state(zone, NR_FREE_PAGES), free0);
	assert_int_equal(check_zone_free_areas(zone), 0);
	assert_half_intact();
	/* Unpinned, the same request succeeds. */
	__free_page(pin);
	assert_int_equal(alloc_contig_range(start, start + nr, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 0);
	free_contig_range(start, nr);
	assert_half_intact();
}

static void test_unmovable_and_reserved_fail_at_once(void **state)
{
	struct page *kpage = alloc_pages(GFP_KERNEL, 2);
	unsigned long kpfn, start;
	struct contig_info info;

	(void)state;
	assert_non_null(kpage);
	kpfn = page_to_pfn(kpage);
	/* A range starting inside the order-2 kernel block. */
	start = kpfn + 2;
	assert_int_equal(alloc_contig_range(start, start + 8, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 -EBUSY);
	assert_int_equal(info.reason, CONTIG_UNMOVABLE);
	assert_int_equal(info.fail_pfn, start);
	assert_int_equal(info.nr_ranges, 0); /* never isolated */
	__free_pages(kpage, 2);
	/* The first MiB is reserved; 0x9f000.. has no RAM. */
	assert_int_equal(alloc_contig_range(0x10, 0x20, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 -EBUSY);
	assert_int_equal(info.reason, CONTIG_RESERVED);
	assert_int_equal(info.fail_pfn, 0x10);
	assert_int_equal(alloc_contig_range(zone_end_pfn(zone) - 8,
					    zone_end_pfn(zone) + 8,
					    MIGRATE_MOVABLE, GFP_KERNEL, &info),
			 -EINVAL);
	assert_int_equal(info.reason, CONTIG_HOLE);
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
}

/* --- the search ------------------------------------------------------------------- */

static void test_search_skips_blocked_candidates(void **state)
{
	const unsigned long nr = 2 * pageblock_nr_pages;
	unsigned long first = ALIGN(zone->zone_start_pfn, nr);
	struct contig_info info;
	struct page *page, *kpage;
	enum contig_reason why;
	unsigned long bad;

	(void)state;
	fill_half();
	/* Make the first DMA32 candidate hold a kernel page: take it out of
	 * the range's free pages by hand. */
	why = contig_range_blocker(first, first + nr, MIGRATE_MOVABLE, true,
				   &bad, NULL);
	kpage = NULL;
	if (why == CONTIG_OK) {
		assert_int_equal(alloc_contig_range(first + 7, first + 8,
						    MIGRATE_MOVABLE, GFP_KERNEL,
						    &info),
				 0);
		kpage = pfn_to_page(first + 7); /* now an unmovable page */
		why = contig_range_blocker(first, first + nr, MIGRATE_MOVABLE,
					   true, &bad, NULL);
		assert_int_equal(why, CONTIG_UNMOVABLE);
		assert_int_equal(bad, first + 7);
	}
	page = __alloc_contig_pages(nr, nr, GFP_HIGHUSER_MOVABLE, &info);
	assert_non_null(page);
	assert_true(IS_ALIGNED(page_to_pfn(page), nr));
	assert_true(page_to_pfn(page) != first);
	/* Nothing blocks the range it chose. */
	free_contig_range(page_to_pfn(page), nr);
	why = contig_range_blocker(page_to_pfn(page), page_to_pfn(page) + nr,
				   MIGRATE_MOVABLE, true, &bad, NULL);
	assert_int_equal(why, CONTIG_OK);
	if (kpage)
		__free_page(kpage);
	assert_half_intact();
	assert_int_equal(check_zone_free_areas(zone), 0);
}

static void test_search_fails_with_last_reason(void **state)
{
	struct contig_info info;

	(void)state;
	/* Larger than any zone: no candidate at all. */
	assert_null(__alloc_contig_pages(1UL << 15, 1UL << 15,
					 GFP_HIGHUSER_MOVABLE, &info));
	assert_int_equal(info.nr_ranges, 0);
	assert_null(__alloc_contig_pages(16, 3, GFP_HIGHUSER_MOVABLE, &info));
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_isolate_and_undo_are_exact,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolate_refuses_bad_ranges,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_freed_pages_are_captured,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_alloc_contig_range_migrates_exactly, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_alloc_contig_range_unaligned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinned_page_fails_cleanly,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_unmovable_and_reserved_fail_at_once, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_search_skips_blocked_candidates, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_search_fails_with_last_reason, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
