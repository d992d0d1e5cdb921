/*
 * `bench`: measurements made inside the kernel, printed as one
 * `name key=value ...` line each so that tools/bench.py can collect them.
 * Run under QEMU's -icount (see docs/BENCHMARKS.md) the clock is virtual and
 * exact, so the figures repeat from run to run.
 */
#include "bitops.h"
#include "kerrno.h"
#include "kernel/shell/bench.h"
#include "kernel/sched.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "lib.h"
#include "printk.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/migrate.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

static struct compact_potential potential;

/* Why a benchmark could not build its workload (@err from workload_create). */
static int workload_error(int err)
{
	if (err == -EEXIST)
		shell_printf(
			"error: a workload exists already (from mkfrag); 'release' it first\n");
	else
		shell_printf(
			"error: no memory for the benchmark's workload: every zone is down to its watermarks ('stats', 'allocs')\n");
	return err;
}

static int bench_compact(enum frag_pattern pattern)
{
	struct compact_stats st = { 0 };
	unsigned long before, after, free_pages, checked, bad, copy_ns, fastest;
	u64 t0, ns;
	int err = workload_create(pattern, 90);

	if (err)
		return workload_error(err);
	compaction_potential(NODE_DATA(0), &potential);
	free_pages = potential.free_pages;
	before = nr_free_pageblocks();
	t0 = ktime_get_ns();
	compact_node(NODE_DATA(0), -1, &st);
	ns = ktime_get_ns() - t0;
	after = nr_free_pageblocks();
	bad = workload_verify(&checked, NULL);
	workload_release();
	copy_ns = bench_copy_hot_ns(page_copy);
	fastest = bench_copy_fastest_ns();
	shell_printf(
		"bench compact pattern=%s free_pages=%lu blocks_before=%lu blocks_after=%lu blocks_capable_free=%lu migrated=%lu min_migrated=%lu ns_per_page=%lu copy_ns_per_page=%lu fastest_copy_ns_per_page=%lu mismatches=%lu\n",
		frag_pattern_names[pattern], free_pages, before, after,
		potential.blocks_max, st.migrated,
		compaction_min_migrated(&potential, after),
		st.migrated ? (unsigned long)(ns / st.migrated) : 0, copy_ns,
		fastest, bad);
	return 0;
}

/* --- the page allocator ----------------------------------------------------- */

#define ALLOC_ROUNDS 4096
#define CLAIM_ROUNDS 16

static struct zone *bench_zone;
static unsigned long bench_alloc_failures;

/*
 * The timed allocations run with interrupts off, where nothing may sleep,
 * so they must not be allowed to compact: GFP_KERNEL may (might_sleep()
 * warns of it). With memory to spare they never leave the fast path, which
 * takes these flags exactly as it takes GFP_KERNEL's. One that fails is
 * counted, and the figures are then not printed: they would time failures.
 */
#define BENCH_GFP (GFP_NOWAIT | __GFP_NOWARN)
#define BENCH_GFP_MOVABLE (BENCH_GFP | __GFP_HIGHMEM | __GFP_MOVABLE)

static void op_none(void)
{
	barrier();
}

static void free_pair(struct page *page, unsigned int order)
{
	if (page)
		__free_pages(page, order);
	else
		bench_alloc_failures++;
}

static void op_order0_pair(void)
{
	free_pair(alloc_page(BENCH_GFP), 0);
}

static void op_order9_pair(void)
{
	free_pair(alloc_pages(BENCH_GFP_MOVABLE, pageblock_order),
		  pageblock_order);
}

/* ns per call of @op over @rounds calls, interrupts off (no tick noise). */
static u64 time_op(void (*op)(void), unsigned long rounds)
{
	unsigned long flags;
	u64 t0, t1;

	op(); /* warm up: fill the per-CPU list, split a block */
	local_irq_save(flags);
	t0 = ktime_get_ns();
	for (unsigned long i = 0; i < rounds; i++)
		op();
	t1 = ktime_get_ns();
	local_irq_restore(flags);
	return t1 - t0;
}

/*
 * Right after boot the free memory sits in movable MAX_ORDER blocks, so an
 * unmovable order-9 request finds its own lists empty, falls back and
 * claims the pageblocks; the untimed second request takes the other half.
 * Returns ns per claiming allocation; the blocks are freed afterwards.
 */
static u64 time_fallback_claim(unsigned long *claims)
{
	static struct page *held[2 * CLAIM_ROUNDS];
	unsigned long c0 = sum_vm_event(PGFALLBACK_CLAIM), flags;
	u64 ns = 0;

	for (int i = 0; i < CLAIM_ROUNDS; i++) {
		u64 t0;

		local_irq_save(flags);
		t0 = ktime_get_ns();
		held[2 * i] = alloc_pages(BENCH_GFP, pageblock_order);
		ns += ktime_get_ns() - t0;
		local_irq_restore(flags);
		held[2 * i + 1] = alloc_pages(GFP_KERNEL, pageblock_order);
	}
	*claims = sum_vm_event(PGFALLBACK_CLAIM) - c0;
	for (int i = 0; i < 2 * CLAIM_ROUNDS; i++)
		if (held[i])
			__free_pages(held[i], pageblock_order);
	return ns / CLAIM_ROUNDS;
}

/*
 * Measured as booted: with the debug checks (debug_pagealloc, the default)
 * or without (debug_pagealloc=off); the line says which.
 */
static int bench_alloc(void)
{
	u64 none, pcp, buddy, order9, claim;
	unsigned long claims;

	bench_zone =
		NODE_DATA(0)->node_zonelists[gfp_zone(GFP_KERNEL)].zones[0];
	bench_alloc_failures = 0;
	claim = time_fallback_claim(&claims);
	none = time_op(op_none, ALLOC_ROUNDS);
	pcp = time_op(op_order0_pair, ALLOC_ROUNDS);
	order9 = time_op(op_order9_pair, ALLOC_ROUNDS);
	zone_pcp_disable(bench_zone);
	buddy = time_op(op_order0_pair, ALLOC_ROUNDS);
	zone_pcp_enable(bench_zone);
	if (bench_alloc_failures) {
		shell_printf(
			"error: bench alloc: %lu timed allocations failed: memory is too short to time the allocator ('allocs', 'free')\n",
			bench_alloc_failures);
		return -ENOMEM;
	}
	shell_printf(
		"bench alloc debug_pagealloc=%s zone=%s pcp_pair_ns=%lu buddy_pair_ns=%lu order9_pair_ns=%lu fallback_claim_ns=%lu claims=%lu/%d\n",
		debug_pagealloc_enabled ? "on" : "off", bench_zone->name,
		(unsigned long)((pcp - none) / ALLOC_ROUNDS),
		(unsigned long)((buddy - none) / ALLOC_ROUNDS),
		(unsigned long)((order9 - none) / ALLOC_ROUNDS),
		(unsigned long)claim, claims, CLAIM_ROUNDS);
	return 0;
}

/* --- order-9 requests against a churning workload -------------------------- */

/*
 * CHURN_ROUNDS rounds, each on a freshly fragmented workload: a thread
 * churns it while CHURN_REQUESTS order-9 requests come CHURN_INTERVAL_MS
 * apart and keep what they get (demand grows through a round). 1000
 * latencies in all, so that p99 is a percentile and not the largest of a
 * few samples; max is reported beside it.
 */
#define CHURN_ROUNDS 25
#define CHURN_REQUESTS 40
#define CHURN_SAMPLES (CHURN_ROUNDS * CHURN_REQUESTS)
#define CHURN_INTERVAL_MS 100

static bool churn_stop;
static int churn_running;
static unsigned long churn_ops;

/* Free and refault random workload pages until told to stop. */
static int churn_thread(void *arg)
{
	struct rnd_state rnd;

	prandom_seed(&rnd, 7 + (unsigned long)arg);
	activate_mm(workload->mm);
	while (!READ_ONCE(churn_stop)) {
		workload_churn_step(&rnd, false);
		churn_ops++;
	}
	activate_mm(NULL);
	__atomic_store_n(&churn_running, 0, __ATOMIC_RELEASE);
	return 0;
}

/* Ask for order-9 blocks at intervals while the workload churns. */
static unsigned int churn_requests(u64 *lat, struct list_head *held)
{
	unsigned int ok = 0;

	for (int r = 0; r < CHURN_REQUESTS; r++) {
		struct page *page;
		u64 t0;

		msleep(CHURN_INTERVAL_MS);
		t0 = get_cycles();
		page = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN,
				   pageblock_order);
		lat[r] = get_cycles() - t0;
		if (page) {
			list_add(&page->lru, held); /* keep it: demand grows */
			ok++;
		}
	}
	return ok;
}

/* One round; returns its successes, or -ENOMEM. */
static int churn_round(int round, u64 *lat)
{
	struct page *page, *next;
	unsigned int ok;
	LIST_HEAD(held);
	int err = workload_create(FRAG_RANDOM, 100);

	if (err)
		return workload_error(err);
	churn_stop = false;
	churn_running = 1;
	if (!kthread_run(churn_thread, (void *)(unsigned long)round, "churn")) {
		workload_release();
		return -ENOMEM;
	}
	ok = churn_requests(lat, &held);
	WRITE_ONCE(churn_stop, true);
	while (__atomic_load_n(&churn_running, __ATOMIC_ACQUIRE))
		msleep(10);
	list_for_each_entry_safe(page, next, &held, lru) {
		list_del(&page->lru);
		__free_pages(page, pageblock_order);
	}
	workload_release();
	return (int)ok;
}

/* The nearest-rank @pct percentile of the sorted @v[@n]. */
static u64 percentile(const u64 *v, unsigned int n, unsigned int pct)
{
	return v[DIV_ROUND_UP(n * pct, 100) - 1];
}

static int bench_churn(void)
{
	static u64 lat[CHURN_SAMPLES];
	unsigned long stall0 = sum_vm_event(COMPACTSTALL);
	unsigned long wake0 = sum_vm_event(KCOMPACTD_WAKE);
	unsigned int ok = 0;

	churn_ops = 0;
	for (int round = 0; round < CHURN_ROUNDS; round++) {
		int n = churn_round(round, lat + round * CHURN_REQUESTS);

		if (n < 0)
			return n;
		ok += (unsigned int)n;
	}
	sort_u64(lat, CHURN_SAMPLES);
	shell_printf(
		"bench churn kcompactd=%s proactiveness=%u requests=%d success=%u compact_stall=%lu compact_daemon_wake=%lu p50_cycles=%lu p99_cycles=%lu max_cycles=%lu churn_ops=%lu\n",
		kcompactd_enabled ? "on" : "off",
		sysctl_compaction_proactiveness, CHURN_SAMPLES, ok,
		sum_vm_event(COMPACTSTALL) - stall0,
		sum_vm_event(KCOMPACTD_WAKE) - wake0,
		(unsigned long)percentile(lat, CHURN_SAMPLES, 50),
		(unsigned long)percentile(lat, CHURN_SAMPLES, 99),
		(unsigned long)lat[CHURN_SAMPLES - 1], churn_ops);
	return 0;
}

/* --- grouping by mobility --------------------------------------------------- */

static int bench_antifrag(void)
{
	unsigned long fb0 = sum_vm_event(PGFALLBACK);
	unsigned long claim0 = sum_vm_event(PGFALLBACK_CLAIM), fb, pollution;
	int err = workload_antifrag(&potential);

	if (err)
		return workload_error(err);
	/* Steals: fallbacks that did not claim their pageblock. */
	fb = sum_vm_event(PGFALLBACK) - fb0;
	pollution = compaction_pollution(&potential);
	shell_printf(
		"bench antifrag grouping=%s rules=%s blocks=%lu mixed_blocks=%lu movable_capable_blocks=%lu polluted_blocks=%lu unmovable_pages=%lu pollution=%lu.%02lu fallbacks=%lu steals=%lu last_steals=%lu\n",
		page_group_by_mobility_disabled ? "off" : "on",
		linux_fallback ? "linux" : "ours", potential.nr_blocks,
		potential.nr_mixed_blocks, potential.nr_capable_blocks,
		potential.nr_polluted_blocks, potential.nr_unmovable_pages,
		pollution / 100, pollution % 100, fb,
		fb - (sum_vm_event(PGFALLBACK_CLAIM) - claim0),
		workload_antifrag_last_steals);
	return 0;
}

static int cmd_bench(int argc, char **argv)
{
	if (!strcmp(argv[1], "contig") &&
	    (argc == 2 || !strcmp(argv[2], "random")))
		return bench_contig(argc == 3);
	if (argc == 2 && !strcmp(argv[1], "antifrag"))
		return bench_antifrag();
	if (argc == 2 && !strcmp(argv[1], "churn"))
		return bench_churn();
	if (argc == 2 && !strcmp(argv[1], "alloc"))
		return bench_alloc();
	if (argc == 3 && !strcmp(argv[1], "kpool"))
		return bench_kpool(argv[2]);
	if (!strcmp(argv[1], "smp"))
		return bench_smp(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "copy"))
		return bench_copy();
	if (argc == 2 && !strcmp(argv[1], "migrate"))
		return bench_migrate();
	if (!strcmp(argv[1], "compact")) {
		if (argc == 2)
			return bench_compact(FRAG_RANDOM);
		for (int p = 0; p < NR_FRAG_PATTERNS; p++)
			if (!strcmp(argv[2], frag_pattern_names[p]))
				return bench_compact((enum frag_pattern)p);
		shell_printf(
			"error: unknown pattern '%s' (alternate, random, sparse or mixed)\n",
			argv[2]);
		return -EINVAL;
	}
	if (argc == 2)
		shell_printf(
			"error: unknown benchmark '%s' (alloc, antifrag, churn, copy, migrate, compact, contig, kpool or smp)\n",
			argv[1]);
	else
		shell_printf(
			"error: only 'bench compact PATTERN' and 'bench contig random' take an argument\n");
	return -EINVAL;
}
SHELL_CMD(
	bench, cmd_bench,
	"bench alloc|antifrag|churn|copy|migrate|compact|contig|kpool|smp [alternate|random|sparse|mixed|compact|antifrag|migrate N|drain]",
	"measure the allocator, grouping, order-9 requests under churn, the page copy, migration, compaction (random unless a pattern is named), contiguous allocations (contig [random]), the movable kernel pool (kpool compact|antifrag), or SMP costs (smp migrate N: compaction under N writers; smp drain)");
