/*
 * libFuzzer harness for the page allocator. Each input is a program run on
 * a freshly booted machine (DMA, DMA32 and a Normal zone with its top part
 * ZONE_MOVABLE): two bytes per step choose an allocation (order, flags), a
 * free, a double free (which the debug checks must catch and survive), a
 * drain, a pageblock isolation, or switching per-CPU lists off and on.
 * After the program everything is freed, and the allocator must be back
  * where it started: every zone's free lists check out and every managed
 * page is free, in blocks as large as after boot (unless high-atomic
 * reserves, which keep their pageblocks apart, were made). A crash, a sanitizer
 * report or a broken invariant (abort) is a finding.
 */
#include <stdio.h>
#include <stdlib.h>

#include "host.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

#define MAX_LIVE 256
#define MAX_ISOLATED 4

static const gfp_t gfps[] = {
	GFP_KERNEL,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_KERNEL | GFP_DMA32,
	GFP_KERNEL | GFP_DMA,
	GFP_KERNEL | __GFP_NORETRY,
};

static struct {
	struct page *page;
	unsigned int order;
} live[MAX_LIVE];
static unsigned int nr_live;

static struct {
	struct page *page;
	int old_mt;
} isolated[MAX_ISOLATED];
static unsigned int nr_isolated;

static unsigned long boot_nr_free[MAX_NR_ZONES][NR_PAGE_ORDERS];

static void check(bool ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_page_alloc: %s\n%s\n", what, host_log());
	abort();
}

static void boot(void)
{
	struct zone *z;

	host_boot_all_zones(24);
	for_each_populated_zone(z)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			boot_nr_free[z->type][o] = z->free_area[o].nr_free;
	nr_live = 0;
	nr_isolated = 0;
}

static void do_alloc(unsigned int a, unsigned int b)
{
	gfp_t gfp = gfps[a % ARRAY_SIZE(gfps)] | __GFP_NOWARN;
	/* Mostly small orders, as in life. */
	unsigned int order = b < 192 ? b % 4 : b % NR_PAGE_ORDERS;
	struct page *page;

	if (nr_live == MAX_LIVE)
		return;
	page = alloc_pages(gfp, order);
	if (!page)
		return;
	check(page_ref_count(page) == 1 && page->private == order &&
		      IS_ALIGNED(page_to_pfn(page), 1UL << order) &&
		      page_zonenum(page) <= gfp_zone(gfp),
	      "bad block allocated");
	live[nr_live].page = page;
	live[nr_live++].order = order;
}

static void do_free(unsigned int b, bool twice)
{
	unsigned int i;
	unsigned long bad = nr_bad_pages;
	struct page *page;

	if (!nr_live)
		return;
	i = b % nr_live;
	page = live[i].page;
	__free_pages(page, live[i].order);
	if (twice) {
		__free_pages(page, live[i].order);
		check(nr_bad_pages == bad + 1, "double free not caught");
	}
	live[i] = live[--nr_live];
}

static void do_isolate(unsigned int b)
{
	struct zone *z = &NODE_DATA(0)->node_zones[b % MAX_NR_ZONES];
	unsigned long pfn;
	int old;

	if (nr_isolated && (nr_isolated == MAX_ISOLATED || (b & 1))) {
		nr_isolated--;
		unset_migratetype_isolate(isolated[nr_isolated].page,
					  isolated[nr_isolated].old_mt);
		return;
	}
	if (!populated_zone(z))
		return;
	pfn = z->zone_start_pfn + (b * 97 % z->spanned_pages);
	if (!pfn_valid(pfn) || PageReserved(pfn_to_page(pfn)))
		return;
	old = set_migratetype_isolate(pfn_to_page(pfn));
	if (old < 0)
		return;
	isolated[nr_isolated].page = pfn_to_page(pfn);
	isolated[nr_isolated++].old_mt = old;
}

static void step(unsigned int a, unsigned int b)
{
	struct zone *z = &NODE_DATA(0)->node_zones[b % MAX_NR_ZONES];

	switch (a % 16) {
	case 0 ... 6:
		do_alloc(a / 16, b);
		break;
	case 7 ... 11:
		do_free(b, false);
		break;
	case 12:
		do_free(b, true);
		break;
	case 13:
		drain_all_pages(b & 1 ? NULL : z);
		break;
	case 14:
		do_isolate(b);
		break;
	case 15:
		if (populated_zone(z)) {
			if (b & 4)
				zone_pcp_disable(z);
			else
				zone_pcp_enable(z);
		}
		break;
	}
}

/* Free everything and check the allocator is back to its boot state. */
static void finish(void)
{
	struct zone *z;

	while (nr_live)
		do_free(0, false);
	while (nr_isolated) {
		nr_isolated--;
		unset_migratetype_isolate(isolated[nr_isolated].page,
					  isolated[nr_isolated].old_mt);
	}
	drain_all_pages(NULL);
	for_each_populated_zone(z) {
		check(check_zone_free_areas(z) == 0, "free lists broken");
		check(zone_page_state(z, NR_FREE_PAGES) == z->managed_pages,
		      "pages lost");
		/* High-atomic pageblocks stay reserved and keep their free
		 * pages apart; otherwise the blocks are those of boot. */
		for (int o = 0;
		     o < NR_PAGE_ORDERS && !z->nr_reserved_highatomic; o++)
			check(z->free_area[o].nr_free ==
				      boot_nr_free[z->type][o],
			      "free blocks not merged back");
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	boot();
	for (size_t i = 0; i + 1 < size; i += 2)
		step(data[i], data[i + 1]);
	finish();
	return 0;
}
