/*
 * Host stress test: millions of random allocations, frees, drains and
 * pageblock isolations (fixed seed) on four zones, checked against a
 * reference model that knows which pages are allocated.
 *
 * After every step: the block allocated overlaps no live allocation and no
 * free block; a freed block is free (on a per-CPU list, or inside a free
 * buddy block whose buddy is not free and mergeable); the free-list
 * counters agree with each other and with NR_FREE_PAGES; and allocated +
 * free + per-CPU + isolated pages add up to the managed pages. Every
 * FULL_CHECK_INTERVAL steps and at the end, the whole state: every free
 * page is on exactly one list, no allocated page is on any, and
 * check_zone_free_areas() holds for every zone.
 *
 * STRESS_OPS=n in the environment changes the number of steps.
 */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

#define SEED 0x5eed2024ULL
#define MAX_LIVE 8192
#define FULL_CHECK_INTERVAL 25000
#define MAX_ISOLATED 4

struct block {
	unsigned long pfn;
	unsigned int order;
};

static struct rnd_state rnd;
static struct block live[MAX_LIVE];
static unsigned int nr_live;
static unsigned char *owned;   /* per pfn: allocated by us */
static unsigned char *covered; /* per pfn: lists it is on (full check) */
static unsigned long allocated_pages, total_managed;
static unsigned int max_order_used;
static struct {
	struct page *page;
	int old_mt;
} isolated[MAX_ISOLATED];
static unsigned int nr_isolated;

static const gfp_t gfps[] = {
	GFP_KERNEL,
	GFP_KERNEL,
	GFP_HIGHUSER_MOVABLE,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_KERNEL | GFP_DMA32,
	GFP_KERNEL | GFP_DMA,
	GFP_KERNEL | __GFP_NORETRY,
};

static u64 below(u64 n)
{
	return prandom_below(&rnd, n);
}

/* DMA, DMA32 to 40 MiB, Normal 16 MiB at 4 GiB, 8 MiB of it Movable. */
static void boot(void)
{
	struct zone *z;

	host_boot_all_zones(40);
	free(owned);
	free(covered);
	owned = calloc(max_pfn, 1);
	covered = calloc(max_pfn, 1);
	assert_non_null(owned);
	assert_non_null(covered);
	total_managed = 0;
	for_each_populated_zone(z)
		total_managed += z->managed_pages;
	nr_live = 0;
	allocated_pages = 0;
	nr_isolated = 0;
	prandom_seed(&rnd, SEED);
}

/* The free block containing @pfn, if any: its head and order. */
static struct page *covering_free_block(unsigned long pfn, unsigned int *order)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		struct page *page;

		if (!pfn_valid(head))
			break;
		page = pfn_to_page(head);
		if (PageBuddy(page) && buddy_order(page) >= o &&
		    pfn < head + (1UL << buddy_order(page))) {
			*order = buddy_order(page);
			return page;
		}
	}
	return NULL;
}

static void check_allocated(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned int o;

	assert_true(IS_ALIGNED(pfn, 1UL << order));
	assert_int_equal(page_ref_count(page), 1);
	assert_int_equal(page->private, order);
	assert_true(page_zonenum(page) <= gfp_zone(gfp));
	assert_null(covering_free_block(pfn, &o));
	for (unsigned long i = 0; i < (1UL << order); i++) {
		assert_int_equal(owned[pfn + i], 0); /* no overlap */
		assert_false(PageBuddy(page + i));
		assert_false(PageReserved(page + i));
	}
}

/* A freed block is on a per-CPU list or inside a fully merged free block. */
static void check_freed(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), buddy_pfn;
	struct page *head, *buddy;
	unsigned int o;
	int mt;

	head = covering_free_block(pfn, &o);
	if (!head) {
		assert_true(order <= PAGE_ALLOC_COSTLY_ORDER);
		assert_int_equal(page_ref_count(page), 0);
		assert_int_equal(page->private, order);
		return;
	}
	if (o == MAX_ORDER)
		return;
	buddy_pfn = page_to_pfn(head) ^ (1UL << o);
	if (!pfn_valid(buddy_pfn))
		return;
	buddy = pfn_to_page(buddy_pfn);
	if (!PageBuddy(buddy) || buddy_order(buddy) != o ||
	    page_zone(buddy) != page_zone(head))
		return;
	/* A free buddy of the same order: only different, unmergeable
	 * pageblock types may keep them apart. */
	assert_true(o >= pageblock_order);
	mt = get_pageblock_migratetype(head);
	assert_true(mt != get_pageblock_migratetype(buddy));
	assert_true(
		!migratetype_is_mergeable(mt) ||
		!migratetype_is_mergeable(get_pageblock_migratetype(buddy)));
}

/* Counters: free lists agree with each other and the totals add up. */
static void check_counts(void)
{
	unsigned long sum = allocated_pages;
	struct zone *z;

	for_each_populated_zone(z) {
		long free = 0, isolated_free = 0;

		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			const struct free_area *area = &z->free_area[o];
			unsigned long blocks = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				blocks += area->nr_free_mt[mt];
				if (is_migrate_isolate(mt))
					isolated_free +=
						(long)(area->nr_free_mt[mt]
						       << o);
				else
					free += (long)(area->nr_free_mt[mt]
						       << o);
			}
			assert_int_equal(blocks, area->nr_free);
		}
		assert_int_equal(free, z->vm_stat[NR_FREE_PAGES]);
		sum += (unsigned long)(free + isolated_free + z->pcp[0].count);
	}
	assert_int_equal(sum, total_managed);
}

static void cover(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		covered[page_to_pfn(page) + i]++;
}

/* Every free page on exactly one list, allocated ones on none. */
static void full_check(void)
{
	struct zone *z;

	memset(covered, 0, max_pfn);
	for_each_populated_zone(z) {
		struct page *page;
		unsigned int order;
		int mt;

		assert_int_equal(check_zone_free_areas(z), 0);
		for_each_migratetype_order(order, mt)
			list_for_each_entry(
				page, &z->free_area[order].free_list[mt], lru)
				cover(page, order);
		for (unsigned int i = 0; i < NR_PCP_LISTS; i++)
			list_for_each_entry(page, &z->pcp[0].lists[i], lru)
				cover(page, i / MIGRATE_PCPTYPES);
	}
	for_each_populated_zone(z) {
		for (unsigned long pfn = z->zone_start_pfn;
		     pfn < zone_end_pfn(z); pfn++) {
			struct page *page = pfn_to_page(pfn);

			if (!pfn_valid(pfn))
				continue;
			if (PageReserved(page) || owned[pfn])
				assert_int_equal(covered[pfn], 0);
			else
				assert_int_equal(covered[pfn], 1);
		}
	}
}

static unsigned int random_order(void)
{
	u64 r = below(100);

	if (r < 70)
		return 0;
	if (r < 85)
		return 1 + (unsigned int)below(3);
	if (r < 95)
		return 4 + (unsigned int)below(5);
	return max_order_used < 9 ? max_order_used : 9 + (unsigned int)below(2);
}

static void do_alloc(void)
{
	gfp_t gfp = gfps[below(ARRAY_SIZE(gfps))] | __GFP_NOWARN;
	unsigned int order = random_order();
	struct page *page;

	if (order > max_order_used)
		order = max_order_used;
	if (below(50) == 0)
		gfp |= __GFP_ZERO;
	page = alloc_pages(gfp, order);
	if (!page)
		return;
	check_allocated(page, order, gfp);
	memset(owned + page_to_pfn(page), 1, 1UL << order);
	live[nr_live++] = (struct block){ page_to_pfn(page), order };
	allocated_pages += 1UL << order;
}

static void do_free(void)
{
	unsigned int i = (unsigned int)below(nr_live);
	struct block b = live[i];

	live[i] = live[--nr_live];
	memset(owned + b.pfn, 0, 1UL << b.order);
	allocated_pages -= 1UL << b.order;
	__free_pages(pfn_to_page(b.pfn), b.order);
	check_freed(pfn_to_page(b.pfn), b.order);
}

static struct zone *random_zone(void)
{
	struct zone *z;

	do {
		z = &NODE_DATA(0)->node_zones[below(MAX_NR_ZONES)];
	} while (!populated_zone(z));
	return z;
}

/* Isolate a random pageblock, or give one back. */
static void do_isolate(void)
{
	struct zone *z = random_zone();
	unsigned long pfn;
	int old;

	if (nr_isolated && (nr_isolated == MAX_ISOLATED || below(2))) {
		nr_isolated--;
		unset_migratetype_isolate(isolated[nr_isolated].page,
					  isolated[nr_isolated].old_mt);
		return;
	}
	pfn = z->zone_start_pfn + below(z->spanned_pages);
	if (!pfn_valid(pfn) || PageReserved(pfn_to_page(pfn)))
		return;
	old = set_migratetype_isolate(pfn_to_page(pfn));
	if (old < 0)
		return;
	assert_true(migratetype_is_mergeable(old));
	isolated[nr_isolated].page = pfn_to_page(pfn);
	isolated[nr_isolated++].old_mt = old;
}

static void step(void)
{
	u64 r = below(1000);
	bool full =
		nr_live == MAX_LIVE || allocated_pages > total_managed / 4 * 3;

	if (r < 8)
		drain_all_pages(NULL);
	else if (r < 10)
		do_isolate();
	else if (r == 10)
		zone_pcp_disable(random_zone());
	else if (r == 11)
		zone_pcp_enable(random_zone());
	else if (nr_live && (full || r < 450))
		do_free();
	else
		do_alloc();
}

static void finish(void)
{
	struct zone *z;

	while (nr_live)
		do_free();
	while (nr_isolated) {
		nr_isolated--;
		unset_migratetype_isolate(isolated[nr_isolated].page,
					  isolated[nr_isolated].old_mt);
	}
	drain_all_pages(NULL);
	check_counts();
	full_check();
	for_each_populated_zone(z)
		assert_int_equal(zone_page_state(z, NR_FREE_PAGES),
				 z->managed_pages);
}

static unsigned long nr_ops(unsigned long dflt)
{
	const char *s = getenv("STRESS_OPS");

	return s ? strtoul(s, NULL, 0) : dflt;
}

static void run(unsigned long ops)
{
	unsigned long bad = nr_bad_pages;

	for (unsigned long i = 1; i <= ops; i++) {
		step();
		check_counts();
		if (i % FULL_CHECK_INTERVAL == 0)
			full_check();
	}
	assert_int_equal(nr_bad_pages, bad);
	finish();
}

static void test_random_ops_against_model(void **state)
{
	(void)state;
	boot();
	max_order_used = MAX_ORDER;
	run(nr_ops(4000000));
}

/* Grouping off, poisoning on, small orders (poisoning writes every page). */
static void test_random_ops_nogrouping_poisoned(void **state)
{
	(void)state;
	page_group_by_mobility_disabled = true;
	boot();
	page_poisoning_enabled = true;
	max_order_used = 3;
	run(nr_ops(4000000) / 8);
	assert_int_equal(nr_poison_bad, 0);
	page_poisoning_enabled = false;
	page_group_by_mobility_disabled = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_ops_against_model),
		cmocka_unit_test(test_random_ops_nogrouping_poisoned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
