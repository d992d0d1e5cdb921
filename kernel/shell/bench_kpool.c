/*
 * `bench kpool compact`: what moving kernel memory buys compaction. The
 * mixed workload (every tenth allocation kernel memory, a random half of
 * the user pages freed) is built twice: once with its kernel share as
 * plain unmovable pages, once with the same bytes as kpool objects in
 * movable pool pages. After a full compaction each run reports
 *   ratio = free 2 MiB blocks / (free pages / 512),
 * 1.000 when every free page lies in a free pageblock, and checks every
 * user page and every object.
 */
#include "kerrno.h"
#include "kernel/shell/bench.h"
#include "kernel/shell/kpool_objects.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "lib.h"
#include "mm/compaction.h"
#include "mm/kpool.h"
#include "mm/mmap.h"
#include "mm/vmstat.h"

static struct compact_potential kpool_potential;

static int bench_kpool_compact_one(bool pool)
{
	struct compact_stats st = { 0 };
	unsigned long after, checked, bad, objs, obj_bad, kernel_pages, ratio;
	struct kpool_stats k0, k1;
	int err;

	kpool_get_stats(&k0);
	workload_kernel_alloc = pool ? kpool_objects_fill_page : NULL;
	err = workload_create(FRAG_MIXED, 90);
	workload_kernel_alloc = NULL;
	if (err) {
		shell_printf("error: mkfrag failed (%d)\n", err);
		kpool_set_free(&kpool_objects, true);
		return err;
	}
	kernel_pages = workload->nr_kernel_pages;
	compact_node(NODE_DATA(0), -1, &st);
	compaction_potential(NODE_DATA(0), &kpool_potential); /* drains */
	after = nr_free_pageblocks();
	kpool_get_stats(&k1);
	bad = workload_verify(&checked, NULL);
	obj_bad = kpool_set_verify(&kpool_objects, &objs);
	workload_release();
	kpool_set_free(&kpool_objects, true);
	kpool_release_table();
	ratio = kpool_potential.free_pages ? after * pageblock_nr_pages * 1000 /
						     kpool_potential.free_pages
					   : 0;
	shell_printf(
		"bench kpool-compact kernel=%s kernel_pages=%lu pool_pages=%lu objects=%lu free_pages=%lu blocks_after=%lu ratio=%lu.%03lu migrated=%lu pool_pages_moved=%lu skipped_mapped=%lu mismatches=%lu object_mismatches=%lu\n",
		pool ? "pool" : "pages", kernel_pages, k1.pages, objs,
		kpool_potential.free_pages, after, ratio / 1000, ratio % 1000,
		st.migrated, k1.pages_moved - k0.pages_moved,
		k1.skipped_mapped - k0.skipped_mapped, bad, obj_bad);
	return 0;
}

#define LONG_CHURN_ROUNDS 4    /* churn steps: this many times the workload */
#define UNMOVABLE_LIFETIME 120 /* steps between frees of the oldest page */

static unsigned long steal_count(void)
{
	return sum_vm_event(PGFALLBACK) - sum_vm_event(PGFALLBACK_CLAIM);
}

/* Free the workload's oldest long-lived unmovable page, if any. */
static void free_oldest_kernel_page(struct workload *w)
{
	struct page *page;

	if (list_empty(&w->kernel_pages))
		return;
	page = list_first_entry(&w->kernel_pages, struct page, lru);
	list_del(&page->lru);
	w->nr_kernel_pages--;
	__free_page(page);
}

/* Map a random freed page of the workload again (unless memory is low). */
static void refault_step(struct workload *w, struct rnd_state *rnd)
{
	unsigned long i = prandom_below(rnd, w->npages);

	if (test_bit(i, w->live) || memory_is_low())
		return;
	workload_write_page(i, w->version[i]);
	__set_bit(i, w->live);
	w->nr_live++;
}

/*
 * `bench antifrag` made long, steady and tighter: the mixed workload,
 * then LONG_CHURN_ROUNDS times its size in steps, half of them churn
 * steps (free a random live page or refault a freed one, one new
 * allocation in ten unmovable), half refaults only, so that two thirds
 * of the workload stay mapped and pageblocks are mostly used; and
 * unmovable pages die too (the oldest one every UNMOVABLE_LIFETIME steps,
 * about half as often as churn makes new ones), leaving holes in old
 * unmovable pageblocks for the rules to fill.
 */
static int bench_kpool_antifrag(void)
{
	unsigned long fb0 = sum_vm_event(PGFALLBACK), steals0 = steal_count();
	unsigned long steps, late = 0, pollution;
	struct mm_struct *old = current_mm();
	struct rnd_state rnd;
	int err = workload_create(FRAG_MIXED, 90);

	if (err) {
		shell_printf("error: no memory for the workload\n");
		return err;
	}
	steps = LONG_CHURN_ROUNDS * workload->npages;
	prandom_seed(&rnd, 14);
	activate_mm(workload->mm);
	for (unsigned long n = 0; n < steps; n++) {
		if (n == steps * 3 / 4)
			late = steal_count();
		if (n % UNMOVABLE_LIFETIME == 0)
			free_oldest_kernel_page(workload);
		if (n & 1)
			refault_step(workload, &rnd);
		else
			workload_churn_step(&rnd, true);
	}
	activate_mm(old);
	compaction_potential(NODE_DATA(0), &kpool_potential);
	workload_release();
	pollution = compaction_pollution(&kpool_potential);
	shell_printf(
		"bench kpool-antifrag grouping=%s rules=%s steps=%lu polluted_blocks=%lu unmovable_pages=%lu pollution=%lu.%02lu fallbacks=%lu steals=%lu last_steals=%lu\n",
		page_group_by_mobility_disabled ? "off" : "on",
		linux_fallback ? "linux" : "ours", steps,
		kpool_potential.nr_polluted_blocks,
		kpool_potential.nr_unmovable_pages, pollution / 100,
		pollution % 100, sum_vm_event(PGFALLBACK) - fb0,
		steal_count() - steals0, steal_count() - late);
	return 0;
}

int bench_kpool(const char *what)
{
	int err;

	if (!strcmp(what, "antifrag"))
		return bench_kpool_antifrag();
	if (strcmp(what, "compact")) {
		shell_printf("error: unknown kpool benchmark '%s'\n", what);
		return -EINVAL;
	}
	if (kpool_objects.nr_live) {
		shell_printf(
			"error: the pool holds objects: 'kpool free all' first\n");
		return -EBUSY;
	}
	err = bench_kpool_compact_one(false);
	return err ? err : bench_kpool_compact_one(true);
}
