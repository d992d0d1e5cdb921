/*
 * Host benchmark of the page allocator's paths (not a test): the host build
 * of mm/ at -O2 without sanitizers, debug checks off, on a 1 GiB zone.
 *
 * Under `valgrind --tool=callgrind --collect-atstart=no` (make bench-host)
 * each measured loop is collected alone and dumped under its name; the
 * Makefile divides each dump's instruction count by the loop count in the
 * name. A "baseline" loop of the same shape that calls nothing measures the
 * loop's own cost, to subtract. Run directly, it prints TSC ticks per
 * operation instead.
 */
#include <stdio.h>
#include <valgrind/callgrind.h>
#include <x86intrin.h>

#include "host.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

#define MiB (1ULL << 20)
#define PAIRS 100000
#define FALLBACKS 200

static double now(void)
{
	return (double)__rdtsc();
}

/* One 1 GiB DMA32 zone from 16 MiB: per-CPU batch 63, as on a real PC. */
static struct zone *boot(void)
{
	const struct memmap_entry map[] = {
		{ 16 * MiB, 1024 * MiB, MEMMAP_USABLE },
	};

	host_mem_init(16 * MiB + 1024 * MiB);
	host_boot(map, 1);
	debug_pagealloc_enabled = false;
	return &NODE_DATA(0)->node_zones[ZONE_DMA32];
}

static void start(void)
{
	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
}

/* Report what was collected as @name, @n operations taking @ticks. */
static void report(const char *name, double ticks, unsigned long n)
{
	char label[96];

	snprintf(label, sizeof(label), "%s %lu", name, n);
	CALLGRIND_DUMP_STATS_AT(label);
	if (!RUNNING_ON_VALGRIND)
		printf("%-28s %8.1f TSC ticks/op\n", name, ticks / (double)n);
}

static void bench_baseline(void)
{
	double t0 = now();

	start();
	for (unsigned long i = 0; i < PAIRS; i++)
		__asm__ __volatile__("" ::: "memory");
	CALLGRIND_TOGGLE_COLLECT;
	report("baseline", now() - t0, PAIRS);
}

/*
 * Allocate and free a block of @order, @PAIRS times. With @hold_buddy, the
 * block's buddy stays allocated, so the free list path does no merging and
 * the next allocation no splitting: the steady state of a busy machine.
 * Without, the zone is otherwise free: each pair splits a 4 MiB block down
 * to @order and merges it back.
 */
static void bench_pair(const char *name, unsigned int order, bool hold_buddy)
{
	struct page *page = alloc_pages(GFP_KERNEL, order), *buddy = NULL;
	double t0;

	if (hold_buddy) {
		buddy = alloc_pages(GFP_KERNEL, order);
		if ((page_to_pfn(page) ^ page_to_pfn(buddy)) != (1UL << order))
			printf("warning: %s: not buddies\n", name);
	}
	__free_pages(page, order); /* warm: lists filled */
	t0 = now();
	start();
	for (unsigned long i = 0; i < PAIRS; i++) {
		page = alloc_pages(GFP_KERNEL, order);
		__free_pages(page, order);
	}
	CALLGRIND_TOGGLE_COLLECT;
	report(name, now() - t0, PAIRS);
	if (buddy)
		__free_pages(buddy, order);
}

/*
 * Unmovable order-9 allocations on a fresh zone of movable order-10
 * blocks: each measured one falls back and claims both pageblocks of a
 * block; an unmeasured one then takes the other half, so the next measured
 * one falls back again.
 */
static void bench_fallback_claim(void)
{
	unsigned long claims = sum_vm_event(PGFALLBACK_CLAIM);
	double ticks = 0;

	CALLGRIND_ZERO_STATS;
	for (unsigned long i = 0; i < FALLBACKS; i++) {
		double t0 = now();

		CALLGRIND_TOGGLE_COLLECT;
		alloc_pages(GFP_KERNEL, pageblock_order);
		CALLGRIND_TOGGLE_COLLECT;
		ticks += now() - t0;
		alloc_pages(GFP_KERNEL, pageblock_order);
	}
	report("fallback_claim_order9", ticks, FALLBACKS);
	if (sum_vm_event(PGFALLBACK_CLAIM) - claims != FALLBACKS)
		printf("warning: %lu claims for %d allocations\n",
		       sum_vm_event(PGFALLBACK_CLAIM) - claims, FALLBACKS);
}

int main(void)
{
	struct zone *zone = boot();

	bench_baseline();
	bench_pair("order0_pcp_pair", 0, false);
	zone_pcp_disable(zone);
	bench_pair("order0_buddy_pair_nopcp", 0, true);
	bench_pair("order0_split_merge_nopcp", 0, false);
	zone_pcp_enable(zone);
	bench_pair("order9_pair", pageblock_order, true);
	bench_pair("order9_split_merge", pageblock_order, false);
	boot();
	bench_fallback_claim();
	return 0;
}
