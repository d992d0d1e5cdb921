/*
 * `bench migrate`: what migrating a page costs besides its copy, step by
 * step. One address space maps MIGRATE_BATCH pages once each; every round
 * isolates them all under one hold of rmap_lock (as the migrate scanner
 * does in a pageblock), hands them to
 * migrate_pages() with new pages taken from a list (as compaction's free
 * scanner would), and reads every word back through the page tables.
 *
 * Half the rounds run plain and give the totals; the other half set
 * migrate_step_hook, which stamps the time as each step ends. A stamp
 * costs time itself: that cost is measured and taken off every stamp.
 * Every figure is a median over rounds, so a timer tick moves none.
 */
#include "kerrno.h"
#include "kernel/shell/bench.h"
#include "shell_cmd.h"
#include "ktime.h"
#include "lib.h"
#include "mm/gfp.h"
#include "mm/migrate.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"

#define BENCH_BASE 0x200000000UL
#define BENCH_PAGES MIGRATE_BATCH
#define BENCH_ROUNDS 33 /* of each kind; odd, for the median */
#define PROBE_CALLS 1024

static struct {
	struct mm_struct *mm;
	struct page *page[BENCH_PAGES];
	struct list_head freepages;
	u64 last;		  /* when the previous step ended */
	u64 ns[NR_MIGRATE_STEPS]; /* this round, per step */
	unsigned int marks[NR_MIGRATE_STEPS];
	u64 step_ns[NR_MIGRATE_STEPS][BENCH_ROUNDS]; /* per page */
	u64 total_ns[BENCH_ROUNDS];		     /* per page */
	unsigned long mismatches, failed;
} bm;

static u64 bench_word(unsigned long addr, unsigned long w)
{
	return (addr + w * sizeof(u64)) * 0x9e3779b97f4a7c15ULL;
}

static unsigned long bench_addr(unsigned int i)
{
	return BENCH_BASE + i * PAGE_SIZE;
}

/* Words of the bench pages that do not read back as written. */
static unsigned long bench_check(void)
{
	unsigned long bad = 0;

	for (unsigned int i = 0; i < BENCH_PAGES; i++) {
		const u64 *p = (const u64 *)bench_addr(i);

		for (unsigned long w = 0; w < PAGE_SIZE / sizeof(u64); w++)
			bad += p[w] != bench_word(bench_addr(i), w);
	}
	return bad;
}

/* Fault every page in by writing it. */
static void bench_fill(void)
{
	for (unsigned int i = 0; i < BENCH_PAGES; i++) {
		u64 *p = (u64 *)bench_addr(i);

		for (unsigned long w = 0; w < PAGE_SIZE / sizeof(u64); w++)
			p[w] = bench_word(bench_addr(i), w);
	}
}

/* Find the pages mapped now (each round moved them). */
static int bench_find_pages(void)
{
	for (unsigned int i = 0; i < BENCH_PAGES; i++) {
		phys_addr_t pa = pgtable_translate(bm.mm->pgd, bench_addr(i));

		if (pa == (phys_addr_t)-1)
			return -EFAULT;
		bm.page[i] = pfn_to_page(PFN_DOWN(pa));
	}
	return 0;
}

static struct page *bench_new_page(struct page *src, unsigned long private)
{
	struct page *page;

	(void)src;
	(void)private;
	if (list_empty(&bm.freepages))
		return NULL;
	page = list_first_entry(&bm.freepages, struct page, lru);
	list_del(&page->lru);
	return page;
}

static void bench_put_page(struct page *page, unsigned long private)
{
	(void)private;
	list_add(&page->lru, &bm.freepages);
}

static void bench_step_hook(enum migrate_step done)
{
	u64 now = ktime_get_ns();

	bm.ns[done] += now - bm.last;
	bm.marks[done]++;
	bm.last = ktime_get_ns();
}

/* ns one stamp adds to the step it ends (the hook's call and return). */
static u64 probe_ns(void)
{
	void (*volatile hook)(enum migrate_step) = bench_step_hook;

	bm.ns[MIGRATE_STEP_LOCK] = 0;
	bm.last = ktime_get_ns();
	for (int i = 0; i < PROBE_CALLS; i++)
		hook(MIGRATE_STEP_LOCK);
	return bm.ns[MIGRATE_STEP_LOCK] / PROBE_CALLS;
}

/* Isolate the pages and migrate them once; returns ns in all, or 0. */
static u64 bench_round(unsigned int r, bool stamped, u64 probe)
{
	unsigned int done = 0;
	LIST_HEAD(pages);
	unsigned long flags;
	u64 t0, t1, t2;

	if (bench_find_pages())
		return 0;
	for (unsigned int i = 0; i < BENCH_PAGES; i++) {
		struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);

		if (!page)
			return 0;
		list_add(&page->lru, &bm.freepages);
	}
	memset(bm.ns, 0, sizeof(bm.ns));
	memset(bm.marks, 0, sizeof(bm.marks));
	migrate_step_hook = stamped ? bench_step_hook : NULL;
	t0 = ktime_get_ns();
	spin_lock_irqsave(&rmap_lock, flags);
	for (unsigned int i = 0; i < BENCH_PAGES; i++)
		if (__isolate_anon_page(bm.page[i]))
			list_add_tail(&bm.page[i]->lru, &pages);
	spin_unlock_irqrestore(&rmap_lock, flags);
	t1 = bm.last = ktime_get_ns();
	migrate_pages(&pages, bench_new_page, bench_put_page, 0, MIGRATE_SYNC,
		      MR_SYSCALL, &done);
	t2 = ktime_get_ns();
	migrate_step_hook = NULL;
	bm.ns[MIGRATE_STEP_ISOLATE] = t1 - t0;
	for (int s = 0; s < NR_MIGRATE_STEPS && stamped; s++) {
		u64 ns = bm.ns[s] - min(bm.ns[s], bm.marks[s] * probe);

		bm.step_ns[s][r] = ns / BENCH_PAGES;
	}
	putback_movable_pages(&pages);
	while (!list_empty(&bm.freepages))
		__free_page(bench_new_page(NULL, 0));
	bm.failed += BENCH_PAGES - done;
	bm.mismatches += bench_check();
	return done == BENCH_PAGES ? t2 - t0 : 0;
}

static u64 median(u64 *v)
{
	sort_u64(v, BENCH_ROUNDS);
	return v[BENCH_ROUNDS / 2];
}

static void print_steps(void)
{
	u64 sum = 0;

	for (int s = 0; s < NR_MIGRATE_STEPS; s++) {
		u64 ns = median(bm.step_ns[s]);

		sum += ns;
		shell_printf("bench migrate step=%s ns_per_page=%lu\n",
			     migrate_step_names[s], (unsigned long)ns);
	}
	shell_printf("bench migrate step=all ns_per_page=%lu\n",
		     (unsigned long)sum);
}

/* Run the rounds in the bench's address space; 0 or -ENOMEM. */
static int bench_rounds(void)
{
	u64 probe = probe_ns();

	for (unsigned int r = 0; r < BENCH_ROUNDS; r++) {
		bm.total_ns[r] = bench_round(r, false, probe) / BENCH_PAGES;
		if (!bench_round(r, true, probe) || !bm.total_ns[r])
			return -ENOMEM;
	}
	shell_printf(
		"bench migrate rounds=%d batch=%d probe_ns=%lu failed=%lu mismatches=%lu\n",
		BENCH_ROUNDS, BENCH_PAGES, (unsigned long)probe, bm.failed,
		bm.mismatches);
	return 0;
}

int bench_migrate(void)
{
	struct mm_struct *old = current_mm();
	unsigned long total, copy;
	int err = -ENOMEM;

	memset(&bm, 0, sizeof(bm));
	INIT_LIST_HEAD(&bm.freepages);
	bm.mm = mm_alloc("bench-migrate");
	if (bm.mm && mmap_anon(bm.mm, BENCH_BASE, BENCH_PAGES * PAGE_SIZE,
			       VM_READ | VM_WRITE)) {
		activate_mm(bm.mm); /* its TLB entries are flushed for real */
		bench_fill();
		err = bench_rounds();
		activate_mm(old);
	}
	if (bm.mm)
		mm_destroy(bm.mm);
	if (err) {
		shell_printf("error: bench migrate failed (%d)\n", err);
		return err;
	}
	print_steps();
	total = (unsigned long)median(bm.total_ns);
	copy = bench_copy_hot_ns(page_copy);
	shell_printf(
		"bench migrate pages=%d ns_per_page=%lu copy_ns_per_page=%lu fixed_ns_per_page=%lu\n",
		BENCH_PAGES, total, copy, total > copy ? total - copy : 0);
	return 0;
}
