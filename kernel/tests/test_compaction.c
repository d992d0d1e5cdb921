/*
 * Self-tests of migration and compaction on real memory and real page
 * tables: every page is written and read through its virtual address, so a
 * wrong PTE or a lost copy shows up as a mismatch. kcompactd is paused
 * while a test measures compaction: its runs would move pages under it.
 */
#include "kerrno.h"
#include "kernel/sched.h"
#include "kernel/tests/antifrag.h"
#include "kernel/tests/compaction_oracle.h"
#include "kernel/tests/kcompactd_pause.h"
#include "kernel/shell/workload.h"
#include "ktest.h"
#include "lib.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/vmalloc.h"
#include "mm/fault.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"

static struct compact_potential potential;

/* The page @addr maps in @mm, or NULL. */
static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	pteval_t *e = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);

	return e && pte_present(*e) ? pfn_to_page(pte_pfn(*e)) : NULL;
}

static void compact_pattern(enum frag_pattern p)
{
	struct compact_stats st = { 0 };
	unsigned long before, after, checked, bad;
	bool kcompactd_was_on = kcompactd_pause();

	if (workload_create(p, 90)) {
		KTEST_EXPECT(false, "no workload");
		kcompactd_resume(kcompactd_was_on);
		return;
	}
	compaction_potential(NODE_DATA(0), &potential);
	before = nr_free_pageblocks();
	compact_node(NODE_DATA(0), -1, &st);
	after = nr_free_pageblocks();
	bad = workload_verify(&checked, NULL);
	KTEST_EXPECT_EQ(checked, workload->nr_live);
	ktest_log(
		"%s: free 2 MiB blocks %lu -> %lu (max %lu), migrated %lu, min %lu, %lu pages checked",
		frag_pattern_names[p], before, after, potential.blocks_max,
		st.migrated, compaction_min_migrated(&potential, after),
		checked);
	KTEST_EXPECT(after * 100 >= potential.blocks_max * 99,
		     "%lu of %lu blocks", after, potential.blocks_max);
	/* Unless every pageblock that could be freed was free already. */
	KTEST_EXPECT(after > before || potential.blocks_max <= before);
	/* Pages move even then (nogrouping found no target once). */
	KTEST_EXPECT(st.migrated > 0);
	KTEST_EXPECT_EQ(bad, 0);
	KTEST_EXPECT_EQ(st.failed, 0);
	workload_release();
	kcompactd_resume(kcompactd_was_on);
}

KTEST(compaction_alternate)
{
	compact_pattern(FRAG_ALTERNATE);
}

KTEST(compaction_random)
{
	compact_pattern(FRAG_RANDOM);
}

KTEST(compaction_sparse)
{
	compact_pattern(FRAG_SPARSE);
}

KTEST(compaction_mixed)
{
	compact_pattern(FRAG_MIXED);
}

/* The zone holding most of the workload's live pages. */
static enum zone_type workload_main_zone(void)
{
	unsigned long count[MAX_NR_ZONES] = { 0 };
	enum zone_type best = 0;

	for (unsigned long i = 0; i < workload->npages; i++)
		if (test_bit(i, workload->live))
			count[page_zonenum(
				page_at(workload->mm, workload_addr(i)))]++;
	for (enum zone_type z = 0; z < MAX_NR_ZONES; z++)
		if (count[z] > count[best])
			best = z;
	return best;
}

/* The lowest and highest pfn of the workload's live pages in zone @z. */
static void workload_pfn_range(enum zone_type z, unsigned long *lo,
			       unsigned long *hi)
{
	*lo = -1UL;
	*hi = 0;
	for (unsigned long i = 0; i < workload->npages; i++) {
		struct page *page;

		if (!test_bit(i, workload->live))
			continue;
		page = page_at(workload->mm, workload_addr(i));
		if (page_zonenum(page) != z)
			continue;
		*lo = min(*lo, page_to_pfn(page));
		*hi = max(*hi, page_to_pfn(page));
	}
}

/*
 * Pin live pages from the lowest quarter of the workload's pfn range in
 * the zone holding most of it, where the migrate scanner is sure to pass
 * (in a zone the workload filled to its watermarks, as with movablecore=,
 * the scanners meet near the bottom); returns how many.
 */
static unsigned long pin_pages(struct page **pinned, unsigned long *index,
			       unsigned long max)
{
	enum zone_type z = workload_main_zone();
	unsigned long n = 0, lo, hi;

	workload_pfn_range(z, &lo, &hi);
	for (unsigned long i = 0; i < workload->npages && n < max; i++) {
		struct page *page;

		if (!test_bit(i, workload->live))
			continue;
		page = page_at(workload->mm, workload_addr(i));
		if (page_zonenum(page) != z ||
		    page_to_pfn(page) > lo + (hi - lo) / 4)
			continue;
		get_page(page);
		pinned[n] = page;
		index[n++] = i;
	}
	return n;
}

KTEST(compaction_pinned_pages_stay)
{
	static struct page *pinned[64];
	static unsigned long index[64];
	struct compact_stats st = { 0 };
	unsigned long n, checked;
	bool kcompactd_was_on = kcompactd_pause();

	KTEST_ASSERT(workload_create(FRAG_RANDOM, 60) == 0);
	n = pin_pages(pinned, index, ARRAY_SIZE(pinned));
	KTEST_ASSERT(n > 0);
	compact_node(NODE_DATA(0), -1, &st);
	kcompactd_resume(kcompactd_was_on);
	for (unsigned long k = 0; k < n; k++) {
		KTEST_EXPECT(page_at(workload->mm, workload_addr(index[k])) ==
				     pinned[k],
			     "pinned page %lu moved", index[k]);
		__free_page(pinned[k]); /* unpin */
	}
	KTEST_EXPECT(st.pinned_skipped >= n, "%lu pinned, %lu skipped", n,
		     st.pinned_skipped);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(checked, workload->nr_live);
	workload_release();
}

static struct page *alloc_target(struct page *src, unsigned long private)
{
	(void)src;
	(void)private;
	return alloc_page(GFP_HIGHUSER_MOVABLE);
}

static struct page *no_target(struct page *src, unsigned long private)
{
	(void)src;
	(void)private;
	return NULL;
}

static void free_target(struct page *page, unsigned long private)
{
	(void)private;
	__free_page(page);
}

/* One mapped page at @addr of a new mm, holding @value. */
static struct mm_struct *one_page_mm(const char *name, unsigned long addr,
				     u64 value)
{
	struct mm_struct *mm = mm_alloc(name);

	if (!mm || !mmap_anon(mm, addr, PAGE_SIZE, VM_READ | VM_WRITE))
		return NULL;
	activate_mm(mm);
	*(volatile u64 *)addr = value; /* faults the page in */
	activate_mm(NULL);
	return mm;
}

static int migrate_one(struct page *page, new_page_t *get_new)
{
	LIST_HEAD(list);
	int ret;

	if (!isolate_anon_page(page))
		return -1;
	list_add(&page->lru, &list);
	ret = migrate_pages(&list, get_new, free_target, 0, MIGRATE_SYNC,
			    MR_SYSCALL, NULL);
	putback_movable_pages(&list);
	return ret;
}

KTEST(migrate_pinned_page_fails_after_retries)
{
	const unsigned long addr = 0x40000000UL;
	struct mm_struct *mm = one_page_mm("pin", addr, 0xabcdef);
	unsigned long fail0 = sum_vm_event(PGMIGRATE_FAIL);
	struct page *page;

	KTEST_ASSERT(mm != NULL);
	page = page_at(mm, addr);
	get_page(page);
	KTEST_EXPECT_EQ(migrate_one(page, alloc_target), 1);
	KTEST_EXPECT(page_at(mm, addr) == page);
	KTEST_EXPECT_EQ(sum_vm_event(PGMIGRATE_FAIL), fail0 + 1);
	__free_page(page);
	/* Unpinned, it moves; with no target page it stays. */
	KTEST_EXPECT_EQ(migrate_one(page, no_target), -ENOMEM);
	KTEST_EXPECT(page_at(mm, addr) == page);
	KTEST_EXPECT_EQ(migrate_one(page, alloc_target), 0);
	KTEST_EXPECT(page_at(mm, addr) != page);
	activate_mm(mm);
	KTEST_EXPECT_EQ(*(volatile u64 *)addr, 0xabcdef);
	activate_mm(NULL);
	mm_destroy(mm);
}

KTEST(migrate_shared_page_in_every_mm)
{
	const unsigned long a = 0x40000000UL, b = 0x80000000UL;
	struct mm_struct *ma = one_page_mm("share-a", a, 1111);
	struct mm_struct *mb = mm_alloc("share-b");
	struct page *old;

	KTEST_ASSERT(ma && mb);
	KTEST_ASSERT(mm_share_range(mb, b, ma, a, PAGE_SIZE) == 0);
	old = page_at(ma, a);
	KTEST_EXPECT(page_at(mb, b) == old);
	KTEST_EXPECT_EQ(migrate_one(old, alloc_target), 0);
	KTEST_EXPECT(page_at(ma, a) != old);
	KTEST_EXPECT(page_at(mb, b) == page_at(ma, a));
	activate_mm(mb);
	KTEST_EXPECT_EQ(*(volatile u64 *)b, 1111);
	*(volatile u64 *)b = 2222;
	activate_mm(ma);
	KTEST_EXPECT_EQ(*(volatile u64 *)a, 2222);
	activate_mm(NULL);
	mm_destroy(mb);
	mm_destroy(ma);
}

/* --- a thread touching a page in the middle of its migration ------------- */

static struct mm_struct *race_mm;
static volatile u64 race_seen;
static volatile bool race_done;
static unsigned long race_waits;

static int race_toucher(void *arg)
{
	(void)arg;
	activate_mm(race_mm);
	race_seen = *(volatile u64 *)0x40000000UL; /* faults, waits */
	activate_mm(NULL);
	race_done = true;
	return 0;
}

/* Runs with the page unmapped (a migration entry), before the copy. */
static void race_hook(struct page *src)
{
	pteval_t *e =
		pgtable_entry(race_mm->pgd, 0x40000000UL, PT_LEVEL_PTE, false);

	(void)src;
	migrate_test_hook = NULL;
	KTEST_EXPECT(e && is_migration_entry(*e), "pte %#lx", e ? *e : 0);
	race_waits = nr_migration_waits;
	KTEST_EXPECT(kthread_run(race_toucher, NULL, "toucher") != NULL);
	msleep(50); /* the toucher faults and sleeps on the page lock */
	KTEST_EXPECT(!race_done, "the toucher read a page being migrated");
	KTEST_EXPECT_EQ(nr_migration_waits, race_waits + 1);
}

KTEST(migrate_fault_waits_for_migration)
{
	struct page *old;

	race_mm = one_page_mm("race", 0x40000000UL, 0x5151);
	KTEST_ASSERT(race_mm != NULL);
	race_done = false;
	old = page_at(race_mm, 0x40000000UL);
	migrate_test_hook = race_hook;
	KTEST_EXPECT_EQ(migrate_one(old, alloc_target), 0);
	for (int i = 0; i < 100 && !race_done; i++)
		msleep(10);
	KTEST_EXPECT(race_done, "the toucher never woke up");
	KTEST_EXPECT_EQ(race_seen, 0x5151);
	KTEST_EXPECT(page_at(race_mm, 0x40000000UL) != old);
	mm_destroy(race_mm);
}

/* --- direct compaction and deferral --------------------------------------- */

/*
 * Hold every free pageblock a movable order-9 request can get without
 * compacting: no reclaim bits, so no direct compaction (which would empty
 * blocks only to hand them over) and no kcompactd. Free pageblocks a
 * lowmem_reserve keeps from such a request (DMA's, at 2G) stay free.
 */
static void hold_free_pageblocks(struct list_head *held)
{
	while (nr_free_pageblocks()) {
		struct page *page = alloc_pages(__GFP_HIGHMEM | __GFP_MOVABLE |
							__GFP_NOWARN,
						pageblock_order);

		if (!page)
			break;
		list_add(&page->lru, held);
	}
}

static void free_held(struct list_head *held)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, held, lru) {
		list_del(&page->lru);
		__free_pages(page, pageblock_order);
	}
}

KTEST(direct_compaction_serves_order9)
{
	unsigned long stall0, ok0, checked;
	struct page *page;
	struct zone *zone;
	LIST_HEAD(held);
	bool kcompactd_was_on = kcompactd_pause();

	/* fragmentation_index() never exceeds 1000. */
	if (sysctl_extfrag_threshold >= 1000)
		KTEST_SKIP(
			"extfrag_threshold=1000: compaction_suitable() refuses every order-9 request, as in Linux");
	if (page_group_by_mobility_disabled)
		KTEST_SKIP(
			"nogrouping: page tables and kernel pages sit in every pageblock, so compaction can free none");
	/* Start clean: no deferral, no skip bits from earlier tests. */
	for_each_populated_zone(zone) {
		compaction_defer_reset(zone, pageblock_order, true);
		__reset_isolation_suitable(zone);
	}
	if (workload_create(FRAG_RANDOM, 100)) {
		KTEST_EXPECT(false, "no workload");
		kcompactd_resume(kcompactd_was_on);
		return;
	}
	hold_free_pageblocks(&held);
	/* The same request without compaction has just failed. */
	stall0 = sum_vm_event(COMPACTSTALL);
	ok0 = sum_vm_event(COMPACTSUCCESS);
	page = alloc_pages(GFP_HIGHUSER_MOVABLE, pageblock_order);
	KTEST_EXPECT(page != NULL, "order-9 allocation failed");
	KTEST_EXPECT(sum_vm_event(COMPACTSTALL) > stall0);
	KTEST_EXPECT(sum_vm_event(COMPACTSUCCESS) > ok0);
	ktest_log("compact_stall +%lu, compact_success +%lu",
		  sum_vm_event(COMPACTSTALL) - stall0,
		  sum_vm_event(COMPACTSUCCESS) - ok0);
	if (page)
		__free_pages(page, pageblock_order);
	free_held(&held);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(checked, workload->nr_live);
	workload_release();
	kcompactd_resume(kcompactd_was_on);
}

/* --- direct compaction at every order and migratetype ------------------------ */

static void reset_compaction_state(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		compaction_defer_reset(zone, MAX_ORDER, true);
		__reset_isolation_suitable(zone);
	}
}

/* Per order, of the three types tried: */
struct order_tally {
	unsigned int yes[NR_PAGE_ORDERS];   /* the oracle was certain of */
	unsigned int reach[NR_PAGE_ORDERS]; /* the workload reached a zone of */
};

/*
 * Did the workload reach a zone that @gfp may use, leaving pages there
 * that compaction could move? Not with movablecore= as large as memory:
 * the workload lives in ZONE_MOVABLE, and the unmovable and reclaimable
 * requests have only ZONE_DMA, whose pages are all the kernel's.
 */
static bool workload_in_reach(gfp_t gfp)
{
	for (int z = 0; z <= (int)gfp_zone(gfp); z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (managed_zone(zone) &&
		    oracle_movable_pages(zone->zone_start_pfn,
					 zone_end_pfn(zone)))
			return true;
	}
	return false;
}

/*
 * On a freshly fragmented workload (90% of free memory mapped, then every
 * other page of it freed), pinned in
 * every aligned block of 2^@pin_order pages if @pin_order, and with every
 * free block of order 1 or more held, so that nothing can be met without
 * moving pages: one request through the real slow path, compared with the
 * oracle. Counts the request in @tally.
 */
static void request_once(gfp_t gfp, unsigned int order, unsigned int pin_order,
			 struct order_tally *tally)
{
	unsigned long moved0, ok0, nr_pins = 0, checked, slots;
	struct page *page, **pins;
	struct zone *zone;
	LIST_HEAD(held);
	enum oracle_verdict expect;

	if (workload_create(FRAG_ALTERNATE, 90)) {
		KTEST_EXPECT(false, "no workload");
		return;
	}
	tally->reach[order] += workload_in_reach(gfp);
	reset_compaction_state();
	/* A slot for every aligned block of every zone. */
	slots = 0;
	for_each_populated_zone(zone)
		slots += pin_order ? (zone->spanned_pages >> pin_order) + 2 : 0;
	pins = slots ? vmalloc(slots * sizeof(*pins)) : NULL;
	KTEST_EXPECT(!slots || pins, "no memory for %lu pin slots", slots);
	if (pins) {
		for_each_populated_zone(zone)
			nr_pins += oracle_pin_blocks(zone, pin_order,
						     pins + nr_pins,
						     slots - nr_pins);
	}
	moved0 = sum_vm_event(PGMIGRATE_SUCCESS);
	ok0 = sum_vm_event(COMPACTSUCCESS);
	for_each_populated_zone(zone)
		oracle_hold_free_blocks(zone, &held);
	expect = oracle_could_serve(gfp, order);
	page = alloc_pages(gfp | __GFP_NOWARN, order);
	KTEST_EXPECT(expect == ORACLE_MAYBE ||
			     (page != NULL) == (expect == ORACLE_YES),
		     "%s order %u: oracle %s, allocator %s",
		     migratetype_names[gfp_migratetype(gfp)], order,
		     oracle_verdict_names[expect], page ? "yes" : "no");
	if (expect != ORACLE_YES)
		ktest_log("%s order %u: oracle %s, allocator %s",
			  migratetype_names[gfp_migratetype(gfp)], order,
			  oracle_verdict_names[expect], page ? "yes" : "no");
	if (page) {
		/* No free block was left: pages had to move. */
		KTEST_EXPECT(sum_vm_event(PGMIGRATE_SUCCESS) > moved0,
			     "order %u", order);
		KTEST_EXPECT(sum_vm_event(COMPACTSUCCESS) > ok0, "order %u",
			     order);
		__free_pages(page, order);
	}
	oracle_release_held(&held);
	while (nr_pins)
		__free_page(pins[--nr_pins]); /* unpin */
	vfree(pins);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	workload_release();
	tally->yes[order] += expect == ORACLE_YES;
}

/* Orders @first..@last of each type, counted in @tally. */
static void request_orders(unsigned int pin_order, unsigned int first,
			   unsigned int last, struct order_tally *tally)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_HIGHUSER_MOVABLE,
				      GFP_KERNEL | __GFP_RECLAIMABLE };
	unsigned long stall0 = sum_vm_event(COMPACTSTALL);
	unsigned long moved0 = sum_vm_event(PGMIGRATE_SUCCESS);
	bool kcompactd_was_on = kcompactd_pause();

	memset(tally, 0, sizeof(*tally));
	for (unsigned int t = 0; t < ARRAY_SIZE(gfps); t++)
		for (unsigned int order = first; order <= last; order++)
			request_once(gfps[t], order, pin_order, tally);
	reset_compaction_state();
	kcompactd_resume(kcompactd_was_on);
	ktest_log("compact_stall +%lu, pgmigrate_success +%lu",
		  sum_vm_event(COMPACTSTALL) - stall0,
		  sum_vm_event(PGMIGRATE_SUCCESS) - moved0);
}

/*
 * Why no request of @order can be certain in this configuration, or NULL.
 * `extfrag_threshold=1000`: compaction declines every costly order. Grouping
 * by mobility off: the workload's page tables come from the lists its pages
 * come from, one in nearly every pageblock it fills, so no whole pageblock
 * can be emptied.
 */
static const char *uncertain_order_reason(unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER && sysctl_extfrag_threshold >= 1000)
		return "extfrag_threshold=1000: compaction declines every costly order, as in Linux";
	if (order >= pageblock_order && page_group_by_mobility_disabled)
		return "nogrouping: page tables sit in nearly every pageblock";
	return NULL;
}

/* The oracle was certain of @order for every type the workload reached. */
static void expect_certain(const struct order_tally *tally, unsigned int order)
{
	KTEST_EXPECT(tally->reach[order] > 0 &&
			     tally->yes[order] == tally->reach[order],
		     "order %u: oracle certain of %u types, %u in reach", order,
		     tally->yes[order], tally->reach[order]);
}

/*
 * Every order of every type the oracle is certain of must be served by
 * compaction. Up to a pageblock that is every request whose zones the
 * workload reached, in a memory half free; an order-10 block needs two
 * neighbouring pageblocks without a kernel page, which earlier tests may
 * have left nowhere: that one is held to the oracle only.
 */
KTEST(direct_compaction_every_order)
{
	struct order_tally tally;

	request_orders(0, 1, MAX_ORDER, &tally);
	/* The oracle is certain of every order up to a pageblock, in memory
	 * half free, unless the block is over 1/32 of memory (on a machine
	 * of 16 MiB a zone holds eight pageblocks, and which one the
	 * scanners can empty is left to chance: the oracle says maybe), or
	 * uncertain_order_reason() says why not. */
	for (unsigned int order = 1; order <= pageblock_order; order++) {
		const char *why = uncertain_order_reason(order);

		if ((1UL << order) > totalram_pages() / 32)
			continue;
		if (why)
			ktest_log("order %u: %s", order, why);
		else
			expect_certain(&tally, order);
	}
}

/*
 * One pinned page in every aligned 64-page block: order 6 must fail, order
 * 5 must still succeed. Only the edge here: a failing request compacts
 * every zone at every priority, and the host test covers every order.
 */
KTEST(direct_compaction_pinned_edge)
{
	struct order_tally tally;

	request_orders(6, 5, 6, &tally);
	if (!uncertain_order_reason(5))
		expect_certain(&tally, 5);
	KTEST_EXPECT_EQ(tally.yes[6], 0);
}

/* --- grouping by mobility ---------------------------------------------------- */

/*
 * The type of every pageblock of node 0, saved before the churn and put
 * back after it. Without grouping every pageblock the churn touches turns
 * unmovable and stays so, free or not: a later test that needs a clean
 * 1 GiB range (contig_gigantic) would find none. A self-test leaves the
 * machine as it found it.
 */
struct pageblock_types {
	unsigned long start_pfn;
	unsigned long nr;
	u8 *mt;
};

/* The migratetype of the pageblock at @pfn. */
static int block_type(unsigned long pfn)
{
	return get_pfnblock_migratetype(pfn_to_page(pfn), pfn);
}

static bool pageblock_types_save(struct pageblock_types *pt)
{
	struct pglist_data *pgdat = NODE_DATA(0);

	pt->start_pfn = pageblock_start_pfn(pgdat->node_start_pfn);
	pt->nr = (pgdat->node_start_pfn + pgdat->node_spanned_pages -
		  pt->start_pfn + pageblock_nr_pages - 1) /
		 pageblock_nr_pages;
	pt->mt = vmalloc(pt->nr);
	if (!pt->mt)
		return false;
	for (unsigned long i = 0; i < pt->nr; i++) {
		unsigned long pfn = pt->start_pfn + i * pageblock_nr_pages;

		pt->mt[i] = pfn_valid(pfn) ? block_type(pfn) : MIGRATE_TYPES;
	}
	return true;
}

/* The type @pt saved can be given back to the pageblock at @pfn. */
static bool pageblock_type_restorable(const struct pageblock_types *pt,
				      unsigned long i, unsigned long pfn)
{
	int now, then = pt->mt[i];

	if (then == MIGRATE_TYPES || is_migrate_isolate(then))
		return false;
	now = block_type(pfn);
	return now != then && !is_migrate_isolate(now) &&
	       !is_migrate_cma(now) && !is_migrate_highatomic(now);
}

/*
 * Put the saved types back, free pages and all: through isolation, which
 * moves a pageblock's free blocks between the lists under the zone lock.
 * Return: the number of pageblocks whose type changed back.
 */
static unsigned long pageblock_types_restore(struct pageblock_types *pt)
{
	unsigned long restored = 0;

	drain_all_pages(NULL); /* per-CPU pages would keep the old type */
	for (unsigned long i = 0; i < pt->nr; i++) {
		unsigned long pfn = pt->start_pfn + i * pageblock_nr_pages;

		if (!pageblock_type_restorable(pt, i, pfn) ||
		    set_migratetype_isolate(pfn_to_page(pfn)) < 0)
			continue;
		unset_migratetype_isolate(pfn_to_page(pfn), pt->mt[i]);
		restored++;
	}
	return restored;
}

/*
 * The pageblock @i (at @pfn) lies in a free block larger than a pageblock
 * and has the type one of that block's pageblocks had. The allocator keeps
 * such a block on one list, under one type: free neighbours merge whatever
 * their types (unless one is isolated or CMA), as in Linux, and putting
 * one pageblock's type back retypes the other.
 */
static bool pageblock_type_merged(const struct pageblock_types *pt,
				  unsigned long i, unsigned long pfn)
{
	unsigned long head = ALIGN_DOWN(pfn, MAX_ORDER_NR_PAGES);
	struct page *page = pfn_to_page(head);
	int now = block_type(pfn);
	unsigned long first, nr;

	if (head < pt->start_pfn || !PageBuddy(page) ||
	    buddy_order(page) <= pageblock_order)
		return false;
	first = i - (pfn - head) / pageblock_nr_pages;
	nr = 1UL << (buddy_order(page) - pageblock_order);
	for (unsigned long j = first; j < first + nr && j < pt->nr; j++)
		if (pt->mt[j] == now)
			return true;
	return false;
}

/* Pageblocks whose type differs from the one @pt saved, and could not. */
static unsigned long pageblock_types_changed(const struct pageblock_types *pt)
{
	unsigned long changed = 0;

	for (unsigned long i = 0; i < pt->nr; i++) {
		unsigned long pfn = pt->start_pfn + i * pageblock_nr_pages;

		if (!pageblock_type_restorable(pt, i, pfn) ||
		    pageblock_type_merged(pt, i, pfn))
			continue;
		if (changed++ < 8)
			ktest_log("pageblock at pfn %#lx: type %d, was %d", pfn,
				  block_type(pfn), pt->mt[i]);
	}
	return changed;
}

static int antifrag_censuses(struct compact_potential *with,
			     struct compact_potential *without)
{
	bool booted_without = page_group_by_mobility_disabled;
	int err = workload_antifrag(with);

	if (err)
		return err;
	page_group_by_mobility_disabled = true; /* as the nogrouping option */
	err = workload_antifrag(without);
	page_group_by_mobility_disabled = booted_without;
	return err;
}

KTEST(antifrag_grouping_by_mobility)
{
	static struct compact_potential with, without;
	struct pageblock_types types;
	unsigned long restored;
	int err;

	if (page_group_by_mobility_disabled)
		KTEST_SKIP(
			"nogrouping: the pageblocks were typed without grouping at boot");
	if (populated_zone(&NODE_DATA(0)->node_zones[ZONE_MOVABLE]))
		KTEST_SKIP(
			"movablecore=: ZONE_MOVABLE keeps movable and unmovable pages apart whether grouping is on or off");
	if (managed_pageblocks() < ANTIFRAG_MIN_BLOCKS)
		KTEST_SKIP("%lu pageblocks: fewer than %d, too few to measure",
			   managed_pageblocks(), ANTIFRAG_MIN_BLOCKS);
	KTEST_ASSERT(pageblock_types_save(&types));
	err = antifrag_censuses(&with, &without);
	restored = pageblock_types_restore(&types);
	ktest_log("pageblock types put back after the churn: %lu", restored);
	KTEST_EXPECT_EQ(pageblock_types_changed(&types), 0);
	vfree(types.mt);
	KTEST_ASSERT(err == 0);
	ktest_log("mixed pageblocks: %lu of %lu with grouping, %lu without",
		  with.nr_mixed_blocks, with.nr_blocks,
		  without.nr_mixed_blocks);
	ktest_log(
		"pageblocks with no unmovable page: %lu%% with grouping, %lu%% without",
		with.nr_capable_blocks * 100 / with.nr_blocks,
		without.nr_capable_blocks * 100 / without.nr_blocks);
	KTEST_EXPECT(with.nr_mixed_blocks * 4 < without.nr_mixed_blocks);
	KTEST_EXPECT(with.nr_capable_blocks > without.nr_capable_blocks);
}
