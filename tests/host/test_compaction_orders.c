/*
 * Direct compaction at every order and for every migratetype, through the
 * real allocation slow path: on a fragmented zone with no free block of
 * order 1 or more, each request of order 1..MAX_ORDER that a perfect
 * compactor could serve must succeed by moving pages, and each one that it
 * could not must fail. "Could" is the oracle of
 * kernel/tests/compaction_oracle.h, which looks at page flags only.
 */
#include "lib.h"
#include "mm/compaction.h"
#include "mm/vmstat.h"
#include "kernel/tests/compaction_oracle.h"
#include "mm_helpers.h"

static struct mm_struct *mm;
static struct page *pins[4096];
static unsigned long nr_pins, npages;

/* Boot @mib MiB, fill 90% of free memory with movable pages, then free
 * every other pfn, so that no freed page finds its buddy free. */
static void boot_fragmented(unsigned long mib)
{
	host_boot_simple(mib);
	npages = global_zone_page_state(NR_FREE_PAGES) * 9 / 10;
	mm = mm_alloc("orders");
	assert_non_null(mmap_anon(mm, TEST_BASE, npages * PAGE_SIZE,
				  VM_READ | VM_WRITE));
	for (unsigned long i = 0; i < npages; i++) {
		assert_int_equal(touch(mm, TEST_BASE + i * PAGE_SIZE), 0);
		fill_page(mm, TEST_BASE + i * PAGE_SIZE, 7);
	}
	for (unsigned long i = 0; i < npages; i++)
		if (page_to_pfn(page_at(mm, TEST_BASE + i * PAGE_SIZE)) & 1)
			zap_page_range(mm, TEST_BASE + i * PAGE_SIZE,
				       PAGE_SIZE);
}

static void shutdown(void)
{
	if (!mm)
		return;
	while (nr_pins)
		__free_page(pins[--nr_pins]); /* unpin */
	mm_destroy(mm);
	mm = NULL;
	host_mem_free();
}

/* One pinned page in every aligned block of 2^@order pages. */
static void pin_every_block(unsigned int order)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		nr_pins += oracle_pin_blocks(&NODE_DATA(0)->node_zones[z],
					     order, pins + nr_pins,
					     ARRAY_SIZE(pins) - nr_pins);
	assert_true(nr_pins > 0 && nr_pins < ARRAY_SIZE(pins));
}

/* Every page left mapped holds what fill_page() wrote. */
static void assert_mapped_intact(void)
{
	for (unsigned long i = 0; i < npages; i++)
		if (page_at(mm, TEST_BASE + i * PAGE_SIZE))
			assert_true(
				page_intact(mm, TEST_BASE + i * PAGE_SIZE, 7));
}

/*
 * On a freshly fragmented zone with every free block of order 1 or more
 * held (so nothing can be met without moving pages), ask for one block of
 * @order with @gfp and compare with the oracle. Returns true if the oracle
 * was certain it could be served.
 */
static bool request_once(gfp_t gfp, unsigned int order, unsigned int pin_order)
{
	unsigned long moved0, ok0;
	struct page *page;
	LIST_HEAD(held);
	enum oracle_verdict expect;

	boot_fragmented(64);
	if (pin_order)
		pin_every_block(pin_order);
	moved0 = sum_vm_event(PGMIGRATE_SUCCESS);
	ok0 = sum_vm_event(COMPACTSUCCESS);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (managed_zone(&NODE_DATA(0)->node_zones[z]))
			oracle_hold_free_blocks(&NODE_DATA(0)->node_zones[z],
						&held);
	expect = oracle_could_serve(gfp, order);
	page = alloc_pages(gfp | __GFP_NOWARN, order);
	print_message("%s order %u: oracle %s, got %s, %lu pages migrated\n",
		      migratetype_names[gfp_migratetype(gfp)], order,
		      oracle_verdict_names[expect], page ? "a block" : "NULL",
		      sum_vm_event(PGMIGRATE_SUCCESS) - moved0);
	if (expect != ORACLE_MAYBE)
		assert_int_equal(page != NULL, expect == ORACLE_YES);
	if (page) {
		/* No free block was left: pages had to move. */
		assert_true(sum_vm_event(PGMIGRATE_SUCCESS) > moved0);
		assert_true(sum_vm_event(COMPACTSUCCESS) > ok0);
		__free_pages(page, order);
	}
	assert_mapped_intact();
	oracle_release_held(&held);
	shutdown();
	return expect == ORACLE_YES;
}

static int teardown(void **state)
{
	(void)state;
	shutdown();
	return 0;
}

/* Every order once; returns how many the oracle said could be served. */
static unsigned int request_every_order(gfp_t gfp, unsigned int pin_order)
{
	unsigned int yes = 0;

	for (unsigned int order = 1; order <= MAX_ORDER; order++)
		yes += request_once(gfp, order, pin_order);
	return yes;
}

/* Without pins every order can be served, and must be. */
static void every_order(gfp_t gfp)
{
	assert_int_equal(request_every_order(gfp, 0), MAX_ORDER);
}

/*
 * One pinned page in every aligned 64-page block: orders 6 and up are out
 * of reach and must fail, orders 1 to 5 must still succeed.
 */
static void every_order_pinned(gfp_t gfp)
{
	assert_int_equal(request_every_order(gfp, 6), 5);
}

static void test_unmovable(void **state)
{
	(void)state;
	every_order(GFP_KERNEL);
}

static void test_movable(void **state)
{
	(void)state;
	every_order(GFP_HIGHUSER_MOVABLE);
}

static void test_reclaimable(void **state)
{
	(void)state;
	every_order(GFP_KERNEL | __GFP_RECLAIMABLE);
}

static void test_unmovable_pinned(void **state)
{
	(void)state;
	every_order_pinned(GFP_KERNEL);
}

static void test_movable_pinned(void **state)
{
	(void)state;
	every_order_pinned(GFP_HIGHUSER_MOVABLE);
}

static void test_reclaimable_pinned(void **state)
{
	(void)state;
	every_order_pinned(GFP_KERNEL | __GFP_RECLAIMABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_unmovable, teardown),
		cmocka_unit_test_teardown(test_movable, teardown),
		cmocka_unit_test_teardown(test_reclaimable, teardown),
		cmocka_unit_test_teardown(test_unmovable_pinned, teardown),
		cmocka_unit_test_teardown(test_movable_pinned, teardown),
		cmocka_unit_test_teardown(test_reclaimable_pinned, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
