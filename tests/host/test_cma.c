/*
 * Host tests of CMA: the boot parameters and their bad values, MIGRATE_CMA
 * pageblocks and their counters, Linux's rule for when movable allocations
 * use them (never unmovable ones), and cma_alloc()/cma_release() with the
 * bitmap and counters, migrating pages mapped through real page tables.
 */
#include <string.h>

#include "kerrno.h"
#include "lib.h"
#include "mm/cma.h"
#include "mm/compaction.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"
#include "mm_helpers.h"

extern const char *cma_param, *cma_area_param;

#define AREA_BASE_PFN PFN_DOWN(32UL << 20)
#define AREA_PAGES (8UL << (20 - PAGE_SHIFT))

static struct zone *zone; /* DMA32 */

static void boot_with(const char *cma, const char *area)
{
	cma_param = cma;
	cma_area_param = area;
	host_log_clear();
	host_boot_simple(64);
	cma_param = NULL;
	cma_area_param = NULL;
	zone = &NODE_DATA(0)->node_zones[ZONE_DMA32];
}

static int teardown(void **state)
{
	(void)state;
	activate_mm(NULL);
	host_mem_free();
	return 0;
}

static unsigned long cma_blocks(void)
{
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		n += is_migrate_cma(zone_pfnblock_migratetype(zone, pfn));
	return n;
}

static void test_areas_from_boot_parameters(void **state)
{
	struct cma *def, *cam;

	(void)state;
	boot_with("8M@32M", "cam:3M");
	assert_int_equal(cma_area_count, 2);
	def = cma_find("default");
	cam = cma_find("cam");
	assert_non_null(def);
	assert_non_null(cam);
	assert_null(cma_find("other"));
	assert_int_equal(def->base_pfn, AREA_BASE_PFN);
	assert_int_equal(def->count, AREA_PAGES);
	/* Rounded up to whole pageblocks, placed where it fits. */
	assert_int_equal(cam->count, 2 * pageblock_nr_pages);
	assert_true(IS_ALIGNED(cam->base_pfn, pageblock_nr_pages));
	assert_int_equal(cma_blocks(),
			 (AREA_PAGES + cam->count) / pageblock_nr_pages);
	assert_int_equal(zone_page_state(zone, NR_FREE_CMA_PAGES),
			 AREA_PAGES + cam->count);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

static void test_bad_parameters_make_no_area(void **state)
{
	static const char *const bad[][2] = {
		{ "abc", NULL },
		{ "8M@33M", NULL }, /* base misaligned */
		{ "8M@1G", NULL },
		{ "0", NULL },
		{ NULL, "8M" },
		{ NULL, ":8M" },
		{ NULL, "a-very-long-area-name:8M" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		boot_with(bad[i][0], bad[i][1]);
		assert_int_equal(cma_area_count, 0);
		assert_non_null(strstr(host_log(), "cma: "));
		assert_int_equal(cma_blocks(), 0);
		host_mem_free();
	}
	boot_with("8M@32M", "default:2M");
	assert_int_equal(cma_area_count, 1);
	assert_non_null(strstr(host_log(), "exists already"));
	host_mem_free();
	/* Overlapping areas: the second is not free RAM any more. */
	boot_with("8M@32M", "cam:2M@34M");
	assert_int_equal(cma_area_count, 1);
	assert_non_null(strstr(host_log(), "is not free RAM"));
}

/* Allocate order-0 pages of @gfp until @pred holds or @max are taken. */
static unsigned long take_until(gfp_t gfp, struct list_head *list,
				unsigned long max, bool (*pred)(void))
{
	unsigned long n = 0;

	while (n < max && !pred()) {
		struct page *page = alloc_page(gfp | __GFP_NOWARN);

		if (!page)
			break;
		list_add(&page->lru, list);
		n++;
	}
	return n;
}

static void free_list(struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

static bool never(void)
{
	return false;
}

static bool cma_half_of_free(void)
{
	return zone_page_state(zone, NR_FREE_CMA_PAGES) >
	       zone_page_state(zone, NR_FREE_PAGES) / 2;
}

static unsigned long pages_in_cma(struct list_head *list)
{
	unsigned long n = 0;
	struct page *page;

	list_for_each_entry(page, list, lru)
		n += is_migrate_cma(get_pageblock_migratetype(page));
	return n;
}

static void test_unmovable_never_gets_cma(void **state)
{
	LIST_HEAD(pages);

	(void)state;
	boot_with("8M@32M", NULL);
	/* Everything an unmovable request can get, and none of it CMA. */
	assert_true(take_until(GFP_KERNEL, &pages, -1UL, never) > 0);
	assert_int_equal(pages_in_cma(&pages), 0);
	assert_true(zone_page_state(zone, NR_FREE_CMA_PAGES) >=
		    AREA_PAGES - pageblock_nr_pages);
	free_list(&pages);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

/* Free CMA pages are room to compact into: movable pages may go there. */
static void test_compaction_counts_cma_as_room(void **state)
{
	LIST_HEAD(pages);

	(void)state;
	boot_with("8M@32M", NULL);
	take_until(GFP_KERNEL, &pages, -1UL, never);
	/* What is left free is (nearly) all CMA. */
	assert_true(zone_page_state(zone, NR_FREE_PAGES) -
			    zone_page_state(zone, NR_FREE_CMA_PAGES) <
		    min_wmark_pages(zone) + (2UL << 3) /* compact_gap(3) */);
	assert_true(compaction_suitable(zone, 3, ZONE_MOVABLE));
	free_list(&pages);
}

static void test_movable_uses_cma_first_past_half(void **state)
{
	LIST_HEAD(before);
	LIST_HEAD(after);

	(void)state;
	boot_with("8M@32M", NULL);
	/* While CMA is a small part of the free memory: not from CMA. */
	take_until(GFP_HIGHUSER_MOVABLE, &before, -1UL, cma_half_of_free);
	assert_true(cma_half_of_free());
	assert_int_equal(pages_in_cma(&before), 0);
	/* Past the half: from CMA first. */
	take_until(GFP_HIGHUSER_MOVABLE, &after, 512, never);
	drain_all_pages(NULL);
	assert_true(pages_in_cma(&after) >= 256);
	free_list(&after);
	free_list(&before);
	assert_int_equal(zone_page_state(zone, NR_FREE_CMA_PAGES), AREA_PAGES);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

static void test_cma_alloc_release_and_counters(void **state)
{
	unsigned long ok0 = sum_vm_event(CMA_ALLOC_SUCCESS);
	unsigned long fail0 = sum_vm_event(CMA_ALLOC_FAIL);
	struct contig_info info;
	struct page *a, *b, *c;
	struct cma *cma;

	(void)state;
	boot_with("8M@32M", NULL);
	cma = cma_find("default");
	a = cma_alloc(cma, 1000, 4, &info);
	b = cma_alloc(cma, 512, pageblock_order, &info);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(page_to_pfn(a), AREA_BASE_PFN);
	assert_true(IS_ALIGNED(page_to_pfn(b), pageblock_nr_pages));
	assert_true(page_to_pfn(b) >= page_to_pfn(a) + 1000);
	assert_int_equal(cma->nr_used_pages, 1512);
	assert_int_equal(cma->alloc_pages_success, 1512);
	/* More than is left: fails, counted, nothing changes. */
	c = cma_alloc(cma, AREA_PAGES - 1000, 0, &info);
	assert_null(c);
	assert_int_equal(info.reason, CONTIG_NOMEM);
	assert_int_equal(cma->alloc_pages_fail, AREA_PAGES - 1000);
	assert_int_equal(cma->nr_fails, 1);
	assert_int_equal(sum_vm_event(CMA_ALLOC_SUCCESS), ok0 + 2);
	assert_int_equal(sum_vm_event(CMA_ALLOC_FAIL), fail0 + 1);
	/* Release checks the bitmap. */
	assert_false(cma_release(cma, a + 1000, 10));
	assert_true(cma_release(cma, a, 1000));
	assert_false(cma_release(cma, a, 1000));
	assert_true(cma_release(cma, b, 512));
	assert_int_equal(cma->nr_used_pages, 0);
	drain_all_pages(NULL);
	assert_int_equal(zone_page_state(zone, NR_FREE_CMA_PAGES), AREA_PAGES);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

static void test_cma_alloc_migrates_mapped_pages(void **state)
{
	const unsigned long npages = 12000;
	struct mm_struct *mm;
	struct contig_info info;
	unsigned long in_area = 0;
	struct cma *cma;
	struct page *p;

	(void)state;
	boot_with("8M@32M", NULL);
	cma = cma_find("default");
	mm = mm_alloc("test");
	assert_non_null(mmap_anon(mm, TEST_BASE, npages * PAGE_SIZE,
				  VM_READ | VM_WRITE));
	for (unsigned long i = 0; i < npages; i++) {
		if (touch(mm, TEST_BASE + i * PAGE_SIZE))
			break;
		fill_page(mm, TEST_BASE + i * PAGE_SIZE, i);
	}
	for (unsigned long pfn = cma->base_pfn;
	     pfn < cma->base_pfn + cma->count; pfn++)
		in_area += PageLRU(pfn_to_page(pfn));
	assert_true(in_area > 0);
	p = cma_alloc(cma, cma->count / 2, pageblock_order, &info);
	assert_non_null(p);
	assert_int_equal(info.nr_migrated, info.nr_occupied);
	assert_true(info.nr_migrated > 0);
	for (unsigned long i = 0; i < npages; i++)
		if (page_at(mm, TEST_BASE + i * PAGE_SIZE))
			assert_true(
				page_intact(mm, TEST_BASE + i * PAGE_SIZE, i));
	assert_true(cma_release(cma, p, cma->count / 2));
	mm_destroy(mm);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_areas_from_boot_parameters,
					  teardown),
		cmocka_unit_test_teardown(test_bad_parameters_make_no_area,
					  teardown),
		cmocka_unit_test_teardown(test_unmovable_never_gets_cma,
					  teardown),
		cmocka_unit_test_teardown(test_compaction_counts_cma_as_room,
					  teardown),
		cmocka_unit_test_teardown(test_movable_uses_cma_first_past_half,
					  teardown),
		cmocka_unit_test_teardown(test_cma_alloc_release_and_counters,
					  teardown),
		cmocka_unit_test_teardown(test_cma_alloc_migrates_mapped_pages,
					  teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
