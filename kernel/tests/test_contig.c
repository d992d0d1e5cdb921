/*
 * Self-tests of page isolation, alloc_contig_range(), alloc_contig_pages()
 * and CMA on real memory: (a) a CMA allocation in a filled, half-freed area
 * moves exactly the pages that were there; (b) a pin fails it cleanly and
 * by name; (c) isolation and undo leave every count as it was; (d) a 1 GiB
 * page on a 4 GiB guest; (e) random allocations after `mkfrag mixed`, each
 * failure checked against an independent look at every candidate range;
 * (f) a pageblock of user and kpool pages is taken, every page migrated.
 *
 * (a) and (b) need `cma=64M@512M`, (d) 4 GiB of RAM: elsewhere they skip,
 * and tests/suites/68_contig.py boots the machines where they run.
 */
#include "kerrno.h"
#include "kernel/shell/kpool_objects.h"
#include "kernel/shell/workload.h"
#include "ktest.h"
#include "ktime.h"
#include "lib.h"
#include "mm/cma.h"
#include "mm/compaction.h"
#include "mm/contig_alloc.h"
#include "mm/kpool.h"
#include "mm/movable_ops.h"
#include "mm/page_alloc.h"
#include "mm/page_isolation.h"
#include "mm/pgtable.h"
#include "mm/vmstat.h"

/* Turn kcompactd off and wait until it sleeps: nothing moves behind us. */
static void contig_quiet(void)
{
	kcompactd_set_enabled(NODE_DATA(0), false);
	for (int i = 0; i < 100 && !READ_ONCE(kcompactd_state.sleeping); i++)
		msleep(50);
}

static void contig_unquiet(void)
{
	kcompactd_set_enabled(NODE_DATA(0), true);
}

/* The page workload page @i maps, or NULL. */
static struct page *workload_page(unsigned long i)
{
	pteval_t *e = pgtable_entry(workload->mm->pgd, workload_addr(i),
				    PT_LEVEL_PTE, false);

	return e && pte_present(*e) ? pfn_to_page(pte_pfn(*e)) : NULL;
}

/* Pageblocks of every zone that are MIGRATE_ISOLATE: 0 outside a call. */
static unsigned long nr_isolated_pageblocks(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		for (unsigned long pfn =
			     pageblock_start_pfn(zone->zone_start_pfn);
		     pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages)
			n += pfn_valid(pfn) && zone_spans_pfn(zone, pfn) &&
			     is_migrate_isolate(get_pfnblock_migratetype(
				     pfn_to_page(pfn), pfn));
	return n;
}

static unsigned long free_areas_errors(void)
{
	unsigned long errors = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		errors += check_zone_free_areas(zone);
	return errors;
}

/* Free pages of every zone, per-CPU lists emptied first. */
static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

/* Write every page of [pfn, pfn + nr) through the direct map, read back. */
static unsigned long contig_write_check(unsigned long pfn, unsigned long nr)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < nr; i++) {
		u64 *p = page_address(pfn_to_page(pfn + i));

		p[0] = (pfn + i) * 0x9e3779b97f4a7c15ULL;
		p[PAGE_SIZE / 8 - 1] = ~p[0];
	}
	for (unsigned long i = 0; i < nr; i++) {
		const u64 *p = page_address(pfn_to_page(pfn + i));

		bad += p[0] != (pfn + i) * 0x9e3779b97f4a7c15ULL ||
		       p[PAGE_SIZE / 8 - 1] != ~p[0] ||
		       page_ref_count(pfn_to_page(pfn + i)) != 1;
	}
	return bad;
}

/* --- (c) isolation and undo ---------------------------------------------------- */

struct free_counts {
	unsigned long nr_free_mt[NR_PAGE_ORDERS][MIGRATE_TYPES];
	long vm_stat[NR_ZONE_STAT_ITEMS];
};

static void snapshot(struct zone *zone, struct free_counts *fc)
{
	drain_all_pages(zone);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			fc->nr_free_mt[o][mt] =
				zone->free_area[o].nr_free_mt[mt];
	for (int i = 0; i < NR_ZONE_STAT_ITEMS; i++)
		fc->vm_stat[i] = zone->vm_stat[i];
}

/* A pageblock-aligned range of @nr pageblocks in the middle of the zone. */
static unsigned long middle_range(struct zone *zone, unsigned long nr)
{
	return pageblock_start_pfn(zone->zone_start_pfn +
				   zone->spanned_pages / 2 -
				   nr * pageblock_nr_pages / 2);
}

KTEST(contig_isolate_undo_exact)
{
	struct zone *zone = NODE_DATA(0)->node_zonelists[ZONE_MOVABLE].zones[0];
	const unsigned long nr = 8 * pageblock_nr_pages;
	unsigned long start, fail, free0;
	struct free_counts before, isolated, after;
	struct isolate_range ir, ir2;
	unsigned char types[8];

	if (zone->spanned_pages < nr + 2 * pageblock_nr_pages)
		KTEST_SKIP("zone %s spans %lu pageblocks, fewer than 10",
			   zone->name,
			   zone->spanned_pages / pageblock_nr_pages);
	contig_quiet();
	KTEST_ASSERT(workload_create(FRAG_RANDOM, 60) == 0);
	start = middle_range(zone, 8);
	for (int i = 0; i < 8; i++)
		types[i] = (unsigned char)get_pfnblock_migratetype(
			pfn_to_page(start + i * pageblock_nr_pages),
			start + i * pageblock_nr_pages);
	snapshot(zone, &before);
	free0 = zone_page_state(zone, NR_FREE_PAGES);
	KTEST_ASSERT(start_isolate_page_range(&ir, start, start + nr, &fail) ==
		     0);
	snapshot(zone, &isolated);
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 8);
	KTEST_EXPECT(zone_page_state(zone, NR_FREE_PAGES) < free0,
		     "the range's free pages should leave NR_FREE_PAGES");
	KTEST_EXPECT_EQ(check_zone_free_areas(zone), 0);
	/* Isolated twice: refused, and the first isolation stands. */
	KTEST_EXPECT_EQ(start_isolate_page_range(
				&ir2, start, start + pageblock_nr_pages, &fail),
			-EBUSY);
	undo_isolate_page_range(&ir);
	snapshot(zone, &after);
	KTEST_EXPECT(!memcmp(&before, &after, sizeof(before)),
		     "free counts changed by isolation and undo");
	KTEST_EXPECT(memcmp(&before, &isolated, sizeof(before)),
		     "isolation moved nothing");
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(
			get_pfnblock_migratetype(
				pfn_to_page(start + i * pageblock_nr_pages),
				start + i * pageblock_nr_pages),
			types[i]);
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 0);
	KTEST_EXPECT_EQ(check_zone_free_areas(zone), 0);
	workload_release();
	contig_unquiet();
}

/* --- (a) and (b): CMA -------------------------------------------------------- */

#define CMA_TEST_BASE_PFN PFN_DOWN(512UL << 20)
#define CMA_TEST_PAGES (64UL << (20 - PAGE_SHIFT))

/* The area cma=64M@512M made, or NULL. */
static struct cma *test_area(void)
{
	struct cma *cma = cma_find("default");

	return cma && cma->base_pfn == CMA_TEST_BASE_PFN &&
			       cma->count == CMA_TEST_PAGES
		       ? cma
		       : NULL;
}

/* In-use movable pages in [pfn, pfn + nr), user or kpool, counted here. */
static unsigned long occupied_pages(unsigned long pfn, unsigned long nr)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = pfn_to_page(pfn + i);

		n += PageLRU(page) || PageMovableOps(page);
	}
	return n;
}

KTEST(contig_cma_migrates_exactly_the_occupied)
{
	struct cma *cma = test_area();
	unsigned long nr = CMA_TEST_PAGES / 2, occupied, checked, pfn;
	struct contig_info info;
	struct page *page;

	if (!cma)
		KTEST_SKIP("needs the boot parameter cma=64M@512M");
	contig_quiet();
	KTEST_ASSERT(workload_create(FRAG_RANDOM, 95) == 0);
	occupied = occupied_pages(cma->base_pfn, cma->count);
	ktest_log("area: %lu of %lu pages occupied", occupied, cma->count);
	KTEST_EXPECT(occupied >= cma->count / 4,
		     "the area should be filled, then half freed");
	page = cma_alloc(cma, nr, pageblock_order, &info);
	KTEST_ASSERT(page != NULL, "failed at pfn %#lx: %s", info.fail_pfn,
		     contig_reason_names[info.reason]);
	pfn = page_to_pfn(page);
	ktest_log("32 MiB at pfn %#lx: %lu occupied, %lu migrated, %u passes",
		  pfn, info.nr_occupied, info.nr_migrated, info.nr_passes);
	KTEST_EXPECT(info.nr_occupied > 0);
	KTEST_EXPECT_EQ(info.nr_migrated, info.nr_occupied);
	KTEST_EXPECT_EQ(contig_write_check(pfn, nr), 0);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT(cma_release(cma, page, nr));
	KTEST_EXPECT(!cma_release(cma, page, nr), "released twice");
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 0);
	KTEST_EXPECT_EQ(free_areas_errors(), 0);
	workload_release();
	contig_unquiet();
}

/* A live workload page in the middle of @cma, or NULL. */
static struct page *page_in_area_middle(const struct cma *cma)
{
	unsigned long mid = cma->base_pfn + cma->count / 2;
	struct page *best = NULL;

	for (unsigned long i = 0; i < workload->npages; i++) {
		struct page *page = workload_page(i);

		if (page && page_to_pfn(page) >= mid &&
		    page_to_pfn(page) < cma->base_pfn + cma->count &&
		    (!best || page_to_pfn(page) < page_to_pfn(best)))
			best = page;
	}
	return best;
}

KTEST(contig_cma_pinned_page_named)
{
	struct cma *cma = test_area();
	unsigned long free0, fail0, checked;
	struct contig_info info;
	struct page *pin, *page;

	if (!cma)
		KTEST_SKIP("needs the boot parameter cma=64M@512M");
	contig_quiet();
	KTEST_ASSERT(workload_create(FRAG_RANDOM, 95) == 0);
	pin = page_in_area_middle(cma);
	KTEST_ASSERT(pin != NULL, "no workload page in the area");
	get_page(pin);
	free0 = free_pages_now();
	fail0 = cma->nr_fails;
	/* The whole area: every candidate holds the pin. */
	page = cma_alloc(cma, cma->count, pageblock_order, &info);
	KTEST_EXPECT(page == NULL);
	KTEST_EXPECT_EQ(info.reason, CONTIG_PINNED);
	KTEST_EXPECT_EQ(info.fail_pfn, page_to_pfn(pin));
	KTEST_EXPECT_EQ(info.nr_passes, CONTIG_MIGRATE_TRIES);
	KTEST_EXPECT_EQ(cma->nr_fails, fail0 + 1);
	KTEST_EXPECT_EQ(cma->last_fail_pfn, page_to_pfn(pin));
	/* Nothing left isolated, no page lost. */
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 0);
	KTEST_EXPECT_EQ(free_pages_now(), free0);
	KTEST_EXPECT_EQ(free_areas_errors(), 0);
	__free_page(pin); /* unpin */
	page = cma_alloc(cma, cma->count, pageblock_order, &info);
	KTEST_ASSERT(page != NULL, "unpinned, failed at pfn %#lx: %s",
		     info.fail_pfn, contig_reason_names[info.reason]);
	KTEST_EXPECT_EQ(info.nr_migrated, info.nr_occupied);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT(cma_release(cma, page, cma->count));
	workload_release();
	contig_unquiet();
}

/* --- (d) a 1 GiB page --------------------------------------------------------- */

#define GIGANTIC_ORDER 18 /* 1 GiB */

KTEST(contig_gigantic)
{
	unsigned long nr = 1UL << GIGANTIC_ORDER, checked, pfn;
	struct contig_info info;
	struct page *page;
	u64 t0;

	if (totalram_pages() < (3584UL << (20 - PAGE_SHIFT)))
		KTEST_SKIP("needs a 4 GiB guest");
	contig_quiet();
	KTEST_ASSERT(workload_create(FRAG_RANDOM, 90) == 0);
	t0 = ktime_get_ns();
	page = __alloc_contig_pages(nr, nr, GFP_HIGHUSER_MOVABLE, &info);
	KTEST_EXPECT(page != NULL, "failed at pfn %#lx: %s", info.fail_pfn,
		     contig_reason_names[info.reason]);
	if (!page)
		goto out; /* the workload must go, or every later test fails */
	pfn = page_to_pfn(page);
	ktest_log(
		"1 GiB at pfn %#lx: migrated %lu pages in %llu ms, %u ranges tried",
		pfn, info.nr_migrated,
		(unsigned long long)(ktime_get_ns() - t0) / 1000000,
		info.nr_ranges);
	KTEST_EXPECT(IS_ALIGNED(pfn, nr));
	KTEST_EXPECT_EQ(info.nr_migrated, info.nr_occupied);
	KTEST_EXPECT_EQ(contig_write_check(pfn, nr), 0);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(free_contig_range(pfn, nr), 0);
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 0);
	KTEST_EXPECT_EQ(free_areas_errors(), 0);
out:
	workload_release();
	contig_unquiet();
}

/* --- (e) random allocations after mkfrag mixed ---------------------------------- */

/*
 * The test's own opinion of [start, end): the pfn just past the first thing
 * there that keeps the range from ever being taken without unpinning or
 * freeing kernel pages, or 0 if nothing does (a blocker at pfn 0 gives 1).
 * Written apart from
 * contig_range_blocker(), on purpose: a kernel page (in use, neither a user
 * page nor one its owner moves), a pin (more references than mappings, or
 * a movable kernel page its owner holds), a reserved or missing page, or a
 * CMA area's pageblock.
 */
static unsigned long range_blocked_until(unsigned long start, unsigned long end)
{
	for (unsigned long pfn = pageblock_start_pfn(start); pfn < end; pfn++) {
		struct page *page;
		unsigned long last;

		if (!pfn_valid(pfn))
			return max(pfn, start) + 1;
		page = pfn_to_page(pfn);
		if (pfn >= start &&
		    (PageReserved(page) ||
		     get_pfnblock_migratetype(page, pfn) == MIGRATE_CMA))
			return pfn + 1;
		if (PageBuddy(page)) {
			pfn += (1UL << buddy_order(page)) - 1;
			continue;
		}
		if (!page_ref_count(page))
			continue;
		if (PageMovableOps(page)) {
			if (pfn >= start && movable_ops_page_pinned(page))
				return pfn + 1;
			continue;
		}
		if (PageLRU(page)) {
			if (pfn >= start &&
			    page_ref_count(page) > page_mapcount(page))
				return pfn + 1;
			continue;
		}
		/* A kernel block: its order is in page->private. */
		last = pfn +
		       (1UL << min(page->private, (unsigned long)MAX_ORDER)) -
		       1;
		if (last >= start)
			return last + 1;
	}
	return 0;
}

/*
 * The test's own opinion of whether the pages in use in [@start, @end)
 * could move anywhere: the free pages of every zone above what a movable
 * request leaves it (the low watermark, where a __GFP_NORETRY request may
 * give up, the high-atomic reserve and the lowmem reserve), those of the
 * range's pageblocks apart, must hold them. On a small machine filled to 90%
 * they often cannot (the allocator says nomem).
 */
static bool range_lacks_room(unsigned long start, unsigned long end)
{
	unsigned long in_use = 0, free_inside = 0, room = 0;
	unsigned long last = pageblock_end_pfn(end - 1);
	struct zone *zone;

	/* Isolation takes whole pageblocks: every free page of them is out
	 * of reach while the range's pages move. */
	for (unsigned long pfn = pageblock_start_pfn(start); pfn < last;
	     pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			unsigned long nr = 1UL << buddy_order(page);

			free_inside += min(nr, last - pfn);
			pfn += nr - 1;
		} else if (pfn >= start && pfn < end) {
			in_use += page_ref_count(page) != 0;
		}
	}
	for_each_populated_zone(zone) {
		unsigned long free = zone_page_state(zone, NR_FREE_PAGES);
		unsigned long keep =
			low_wmark_pages(zone) + zone->nr_reserved_highatomic +
			(unsigned long)zone->lowmem_reserve[gfp_zone(
				GFP_HIGHUSER_MOVABLE)];

		room += free - min(free, keep);
	}
	return room < free_inside + in_use;
}

/*
 * Every aligned candidate in every zone the request may use is blocked, or
 * has no room to move its pages to. A blocker found rules out every
 * candidate up to it.
 */
static bool every_candidate_blocked(unsigned long nr, unsigned long align,
				    unsigned long *nr_candidates)
{
	struct zonelist *zl =
		&NODE_DATA(0)->node_zonelists[gfp_zone(GFP_HIGHUSER_MOVABLE)];
	struct zone *zone;

	*nr_candidates = 0;
	for (struct zone **z = zl->zones; (zone = *z); z++) {
		unsigned long pfn = ALIGN(zone->zone_start_pfn, align);

		while (pfn + nr <= zone_end_pfn(zone)) {
			unsigned long next;

			/* Pageblocks shared with another zone are never
			 * isolated: not a candidate. */
			if (pageblock_start_pfn(pfn) < zone->zone_start_pfn ||
			    pageblock_end_pfn(pfn + nr - 1) >
				    zone_end_pfn(zone)) {
				pfn += align;
				continue;
			}
			(*nr_candidates)++;
			next = range_blocked_until(pfn, pfn + nr);
			if (!next && range_lacks_room(pfn, pfn + nr))
				next = pfn + align;
			if (!next) {
				ktest_log("candidate pfn %#lx is not blocked",
					  pfn);
				return false;
			}
			pfn = ALIGN(next, align);
		}
	}
	return true;
}

#define RANDOM_CONTIG_ROUNDS 100
#define RANDOM_CONTIG_MIN 16UL	  /* pages: 64 KiB */
#define RANDOM_CONTIG_MAX 16384UL /* 64 MiB */

/* One random request; returns its reason (CONTIG_OK on success). */
static enum contig_reason random_contig_one(struct rnd_state *rnd)
{
	unsigned long nr =
		RANDOM_CONTIG_MIN +
		prandom_below(rnd, RANDOM_CONTIG_MAX - RANDOM_CONTIG_MIN + 1);
	unsigned long align = 1UL << prandom_below(rnd, order_base_2(nr) + 1);
	struct contig_info info;
	unsigned long candidates;
	struct page *page =
		__alloc_contig_pages(nr, align, GFP_HIGHUSER_MOVABLE, &info);

	if (page) {
		KTEST_EXPECT(IS_ALIGNED(page_to_pfn(page), align));
		KTEST_EXPECT_EQ(contig_write_check(page_to_pfn(page), nr), 0);
		free_contig_range(page_to_pfn(page), nr);
		return CONTIG_OK;
	}
	ktest_log("%lu pages aligned %lu: failed at pfn %#lx: %s", nr, align,
		  info.fail_pfn, contig_reason_names[info.reason]);
	KTEST_EXPECT(every_candidate_blocked(nr, align, &candidates),
		     "a failure of %lu pages aligned %lu left a free candidate",
		     nr, align);
	/* No range of the zones fits at all: -ENOMEM, nothing to explain. */
	if (!candidates) {
		KTEST_EXPECT_EQ(info.reason, CONTIG_NOMEM);
		return info.reason;
	}
	KTEST_EXPECT(info.reason == CONTIG_UNMOVABLE ||
			     info.reason == CONTIG_PINNED ||
			     info.reason == CONTIG_RESERVED ||
			     info.reason == CONTIG_HOLE ||
			     info.reason == CONTIG_NOMEM,
		     "reason %s", contig_reason_names[info.reason]);
	return info.reason;
}

KTEST(contig_random_after_mixed)
{
	unsigned int count[NR_CONTIG_REASONS] = { 0 };
	unsigned long checked;
	struct rnd_state rnd;

	/* Most requests then fail for lack of memory, and the pages the
	 * search moved have changed what the test would check. */
	if (totalram_pages() < (24UL << (20 - PAGE_SHIFT)))
		KTEST_SKIP("requests of up to 64 MiB need more than %lu MiB",
			   totalram_pages() >> (20 - PAGE_SHIFT));
	contig_quiet();
	KTEST_ASSERT(workload_create(FRAG_MIXED, 90) == 0);
	prandom_seed(&rnd, 12);
	for (int i = 0; i < RANDOM_CONTIG_ROUNDS; i++)
		count[random_contig_one(&rnd)]++;
	ktest_log(
		"success %u/%d; failures: unmovable %u, pinned %u, reserved %u, hole %u, race %u, nomem %u",
		count[CONTIG_OK], RANDOM_CONTIG_ROUNDS, count[CONTIG_UNMOVABLE],
		count[CONTIG_PINNED], count[CONTIG_RESERVED],
		count[CONTIG_HOLE], count[CONTIG_RACE], count[CONTIG_NOMEM]);
	KTEST_EXPECT(count[CONTIG_OK] > 0);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 0);
	KTEST_EXPECT_EQ(free_areas_errors(), 0);
	workload_release();
	contig_unquiet();
}

/* --- (f) a pageblock of user and kpool pages ------------------------------------ */

#define POOL_TEST_OBJECTS 512

static struct kpool_set pool_test_set;

/*
 * Pages in use in the pageblock at @pfn: *@user on the LRU, *@pool kpool
 * pages. Return: false if anything else is in use there.
 */
static bool block_user_and_pool(unsigned long pfn, unsigned long *user,
				unsigned long *pool)
{
	*user = *pool = 0;
	for (unsigned long end = pfn + pageblock_nr_pages; pfn < end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			pfn += (1UL << buddy_order(page)) - 1;
			continue;
		}
		*user += PageLRU(page);
		*pool += PageMovableOps(page);
		if (page_ref_count(page) && !PageLRU(page) &&
		    !PageMovableOps(page))
			return false;
	}
	return true;
}

/* The page object @i of the set lives in. */
static struct page *pool_test_page(unsigned long i)
{
	void *p = kpool_map(pool_test_set.handle[i]);

	kpool_unmap(pool_test_set.handle[i]);
	return virt_to_page(p);
}

/*
 * Of the pageblocks the set's objects live in, the one with the most pool
 * pages and nothing in use but them and user pages. Return: its first
 * pfn, or 0 if there is none.
 */
static unsigned long pool_test_block(unsigned long *user, unsigned long *pool)
{
	unsigned long best = 0, best_pool = 0;

	drain_all_pages(NULL);
	for (unsigned long i = 0; i < pool_test_set.nr; i++) {
		unsigned long pfn =
			pageblock_start_pfn(page_to_pfn(pool_test_page(i)));

		if (block_user_and_pool(pfn, user, pool) && *pool > best_pool) {
			best = pfn;
			best_pool = *pool;
		}
	}
	KTEST_EXPECT(best, "no pageblock of user and pool pages only");
	if (best) {
		block_user_and_pool(best, user, pool);
		ktest_log(
			"pageblock at pfn %#lx: %lu user pages, %lu pool pages",
			best, *user, *pool);
	}
	return best;
}

/* The pageblock at @start, @user and @pool pages in use, is taken whole. */
static void pool_test_taken(unsigned long start, unsigned long user,
			    unsigned long pool)
{
	struct kpool_stats k0, k1;
	struct contig_info info;
	int err;

	kpool_get_stats(&k0);
	err = alloc_contig_range(start, start + pageblock_nr_pages,
				 MIGRATE_MOVABLE, GFP_KERNEL, &info);
	KTEST_ASSERT(!err, "failed at pfn %#lx: %s", info.fail_pfn,
		     contig_reason_names[info.reason]);
	kpool_get_stats(&k1);
	KTEST_EXPECT_EQ(info.nr_occupied, user + pool);
	KTEST_EXPECT_EQ(info.nr_migrated, info.nr_occupied);
	KTEST_EXPECT_EQ(k1.pages_moved - k0.pages_moved, pool);
	KTEST_EXPECT_EQ(contig_write_check(start, pageblock_nr_pages), 0);
	KTEST_EXPECT_EQ(free_contig_range(start, pageblock_nr_pages), 0);
}

KTEST(contig_pageblock_with_pool_pages)
{
	unsigned long start, user, pool, checked, objs;

	if (page_group_by_mobility_disabled)
		KTEST_SKIP("nogrouping: the workload's page tables share every "
			   "pageblock, so none holds only user and pool pages");
	contig_quiet();
	KTEST_ASSERT(workload_create(FRAG_RANDOM, 60) == 0);
	/* Pool pages take the holes the workload left. */
	kpool_set_fill(&pool_test_set, POOL_TEST_OBJECTS, 0);
	start = pool_test_block(&user, &pool);
	if (start)
		pool_test_taken(start, user, pool);
	KTEST_EXPECT_EQ(kpool_set_verify(&pool_test_set, &objs), 0);
	KTEST_EXPECT_EQ(objs, pool_test_set.nr_live);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(nr_isolated_pageblocks(), 0);
	KTEST_EXPECT_EQ(free_areas_errors(), 0);
	kpool_set_free(&pool_test_set, true);
	kpool_release_table();
	workload_release();
	contig_unquiet();
}
