/*
 * Per-CPU lists: their sizes, draining, and switching them off (Linux
 * keeps this in mm/page_alloc.c).
 *
 * Most allocations are single pages, and taking the zone lock
 * for each costs time and, with more CPUs, contention. Each CPU keeps small
 * lists of free pages (orders 0 to PAGE_ALLOC_COSTLY_ORDER) per migratetype,
 * refilled and emptied a batch at a time under the zone lock. Pages on them
 * are neither PG_buddy nor counted in NR_FREE_PAGES; drain_all_pages() gives
 * them back, for callers (compaction, isolation) that need to see every free
 * page on the buddy lists.
 *
 * The lists are filled and emptied on the allocation and free fast paths
 * in mm/page_alloc.c (rmqueue_pcplist(), rmqueue_bulk(), free_unref_page(),
 * free_pcppages_bulk()); this file decides how big they may grow (batch,
 * high) and gives their pages back to the buddy lists.
 */
#include "lib.h"
#include "smp.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"

/* --- per-CPU lists ------------------------------------------------------------- */

/*
 * Empty this CPU's lists of @zone, or of every zone if @zone is NULL.
 * Only the owner touches a CPU's lists (with interrupts off): another
 * CPU's are drained by that CPU, through drain_all_pages().
 */
static void drain_pages(struct zone *zone)
{
	int cpu = smp_processor_id();
	struct zone *z;

	for_each_populated_zone(z) {
		struct per_cpu_pages *pcp = &z->pcp[cpu];
		unsigned long flags;

		if (zone && z != zone)
			continue;
		local_irq_save(flags);
		if (pcp->count)
			free_pcppages_bulk(z, pcp->count, pcp, 0);
		local_irq_restore(flags);
	}
}

/**
 * drain_local_pages - give this CPU's per-CPU pages back to the buddy lists
 * @zone: the zone to drain, or NULL for all
 */
void drain_local_pages(struct zone *zone)
{
	drain_pages(zone);
}

static void drain_local_pages_fn(void *zone)
{
	drain_pages(zone);
}

/**
 * drain_all_pages - give every CPU's per-CPU pages back to the buddy lists
 * @zone: the zone to drain, or NULL for all
 *
 * Compaction and isolation call this so that every free page of the zone is
 * on a buddy list, where they can see it. Each CPU drains its own lists:
 * the others in the call-function IPI, and this function returns once
 * they all have (Linux queues per-CPU work instead; we have no workqueues).
 * Context: interrupts on, if other CPUs are online.
 */
void drain_all_pages(struct zone *zone)
{
	on_each_cpu(drain_local_pages_fn, zone, true);
}

/*
 * Per-CPU batch: about a quarter of 0.1% of the zone, at most 1 MiB / 4,
 * rounded down to 2^n - 1 (exact powers of two were seen to alias badly in
 * caches), at least 1. 63 for zones of 1 GiB or more.
 */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch =
		min(zone->managed_pages >> 10, (1UL << 20) / PAGE_SIZE) / 4;

	if (batch < 1)
		batch = 1;
	batch = (1UL << ilog2(batch + batch / 2)) - 1;
	return (int)max(batch, 1UL);
}

/*
 * Per-CPU high: the zone's low watermark shared among the CPUs, so that full
 * per-CPU lists alone never push the zone below it; at least four batches.
 */
static int zone_highsize(const struct zone *zone, int batch)
{
	int high =
		(int)(low_wmark_pages(zone) / (unsigned long)num_online_cpus());

	return max(high, batch * 4);
}

void zone_set_pageset_high_and_batch(struct zone *zone, int high, int batch)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		zone->pcp[cpu].high = high;
		zone->pcp[cpu].batch = batch;
	}
}

void zone_pcp_update(struct zone *zone)
{
	int batch = zone_batchsize(zone);

	zone_set_pageset_high_and_batch(zone, zone_highsize(zone, batch),
					batch);
}

/**
 * zone_pcp_disable - send every order-0..3 request of @zone to the buddy lists
 * @zone: the zone
 *
 * Drains the per-CPU lists and keeps them empty (high 0, batch 1) until
 * zone_pcp_enable(), for isolation and for measuring the buddy lists alone.
 */
void zone_pcp_disable(struct zone *zone)
{
	zone_set_pageset_high_and_batch(zone, 0, 1);
	drain_all_pages(zone);
}

/**
 * zone_pcp_enable - undo zone_pcp_disable()
 * @zone: the zone
 */
void zone_pcp_enable(struct zone *zone)
{
	zone_pcp_update(zone);
}
