/*
 * VM statistics and fragmentation metrics, printed in the formats of Linux's
 * /proc/buddyinfo, /proc/pagetypeinfo, /proc/vmstat and debugfs
 * extfrag/{extfrag_index,unusable_index}, so our output can be diffed
 * against a Linux machine's. The formulas are Linux's (mm/vmstat.c; the
 * fragmentation score is in Linux's mm/compaction.c, kept here with the
 * other metrics).
 */
#include "printk.h"
#include "seq_file.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

struct vm_event_state vm_event_states[NR_CPUS];

static const char *const zone_stat_names[NR_ZONE_STAT_ITEMS] = {
	[NR_FREE_PAGES] = "nr_free_pages",
	[NR_FREE_CMA_PAGES] = "nr_free_cma",
};

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	[PGALLOC_DMA] = "pgalloc_dma",
	[PGALLOC_DMA32] = "pgalloc_dma32",
	[PGALLOC_NORMAL] = "pgalloc_normal",
	[PGALLOC_MOVABLE] = "pgalloc_movable",
	[PGFREE] = "pgfree",
	[PGMIGRATE_SUCCESS] = "pgmigrate_success",
	[PGMIGRATE_FAIL] = "pgmigrate_fail",
	[COMPACTMIGRATE_SCANNED] = "compact_migrate_scanned",
	[COMPACTFREE_SCANNED] = "compact_free_scanned",
	[COMPACTISOLATED] = "compact_isolated",
	[COMPACTSTALL] = "compact_stall",
	[COMPACTFAIL] = "compact_fail",
	[COMPACTSUCCESS] = "compact_success",
	[KCOMPACTD_WAKE] = "compact_daemon_wake",
	[KCOMPACTD_MIGRATE_SCANNED] = "compact_daemon_migrate_scanned",
	[KCOMPACTD_FREE_SCANNED] = "compact_daemon_free_scanned",
	[NR_TLB_REMOTE_FLUSH] = "nr_tlb_remote_flush",
	[NR_TLB_REMOTE_FLUSH_RECEIVED] = "nr_tlb_remote_flush_received",
	[NR_TLB_LOCAL_FLUSH_ALL] = "nr_tlb_local_flush_all",
	[NR_TLB_LOCAL_FLUSH_ONE] = "nr_tlb_local_flush_one",
	[CMA_ALLOC_SUCCESS] = "cma_alloc_success",
	[CMA_ALLOC_FAIL] = "cma_alloc_fail",
	[PGALLOC_FAIL] = "pgalloc_fail",
	[PGFALLBACK] = "pgfallback",
	[PGFALLBACK_CLAIM] = "pgfallback_claim",
	[PGFALLBACK_FRAGMENTING] = "pgfallback_fragmenting",
};

BUILD_BUG_ON(PGALLOC_MOVABLE - PGALLOC_DMA != ZONE_MOVABLE - ZONE_DMA);

/**
 * sum_vm_event - an event counter's total over all CPUs
 * @item: the event
 *
 * Return: the sum; it may be a little stale while other CPUs count.
 */
unsigned long sum_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;
	int cpu;

	for_each_online_cpu(cpu)
		sum += vm_event_states[cpu].event[item];
	return sum;
}

/**
 * global_zone_page_state - a zone counter summed over every zone
 * @item: the counter
 *
 * Return: the sum.
 */
unsigned long global_zone_page_state(enum zone_stat_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, item);
	return sum;
}

/* --- fragmentation metrics ------------------------------------------------- */

/**
 * fill_contig_page_info - count what @zone's free lists offer an order
 * @zone: the zone
 * @suitable_order: the order of interest
 * @info: filled in
 *
 * Read without the zone lock: the numbers are for reports and heuristics.
 */
void fill_contig_page_info(struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		unsigned long blocks =
			READ_ONCE(zone->free_area[order].nr_free);

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable +=
				blocks << (order - suitable_order);
	}
}

/**
 * __fragmentation_index - Linux's fragmentation index of a request's order
 * @order: the request's order
 * @info: the zone's free blocks, from fill_contig_page_info()
 *
 * Defined only when the request would fail: towards 0 the failure is for
 * lack of memory, towards 1000 for fragmentation.
 * Return: 1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total,
 * or -1000 if a suitable block is free, 0 if nothing is free.
 */
int __fragmentation_index(unsigned int order,
			  const struct contig_page_info *info)
{
	unsigned long requested = 1UL << order;

	if (WARN_ON(order > MAX_ORDER))
		return 0;
	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + info->free_pages * 1000 / requested) /
			    info->free_blocks_total);
}

/**
 * fragmentation_index - __fragmentation_index() of @zone now
 * @zone: the zone
 * @order: the request's order
 *
 * Return: the index (see __fragmentation_index()).
 */
int fragmentation_index(struct zone *zone, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(zone, order, &info);
	return __fragmentation_index(order, &info);
}

/**
 * unusable_free_index - how much free memory is useless for @order
 * @order: the request's order
 * @info: the zone's free blocks, from fill_contig_page_info()
 *
 * Return: the share, in thousandths, of free pages that are not in blocks
 * of @order or more; 1000 if nothing is free.
 */
int unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
	if (!info->free_pages)
		return 1000;
	return (int)((info->free_pages -
		      (info->free_blocks_suitable << order)) *
		     1000 / info->free_pages);
}

/**
 * extfrag_for_order - unusable free memory for @order, in percent
 * @zone: the zone
 * @order: the request's order
 *
 * Return: (free - suitable blocks << order) * 100 / free; 0 if nothing is
 * free.
 */
unsigned int extfrag_for_order(struct zone *zone, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(zone, order, &info);
	if (!info.free_pages)
		return 0;
	return (unsigned int)((info.free_pages -
			       (info.free_blocks_suitable << order)) *
			      100 / info.free_pages);
}

/**
 * fragmentation_score_zone - how fragmented @zone is for huge pages, 0..100
 * @zone: the zone
 *
 * Return: extfrag_for_order(@zone, COMPACTION_HPAGE_ORDER).
 */
unsigned int fragmentation_score_zone(struct zone *zone)
{
	return extfrag_for_order(zone, COMPACTION_HPAGE_ORDER);
}

/**
 * fragmentation_score_zone_weighted - @zone's share of its node's score
 * @zone: the zone
 *
 * Return: the zone's score weighted by its present pages over the node's
 * (plus one, as Linux, so an empty node does not divide by zero).
 */
unsigned int fragmentation_score_zone_weighted(struct zone *zone)
{
	unsigned long score =
		zone->present_pages * fragmentation_score_zone(zone);

	return (unsigned int)(score / (NODE_DATA(0)->node_present_pages + 1));
}

/**
 * fragmentation_score_node - the node's fragmentation score, 0..100
 * @pgdat: the node
 *
 * Proactive compaction compares this with its thresholds.
 * Return: the sum of the populated zones' weighted scores.
 */
unsigned int fragmentation_score_node(pg_data_t *pgdat)
{
	unsigned int score = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone))
			score += fragmentation_score_zone_weighted(zone);
	}
	return score;
}

/* --- text reports ------------------------------------------------------------ */

typedef void (*zone_print_fn)(struct seq_file *m, struct zone *zone);

/* Print @zone, or every populated zone if it is NULL. */
static void walk_zones(struct seq_file *m, struct zone *zone,
		       zone_print_fn print)
{
	if (zone) {
		print(m, zone);
		return;
	}
	for_each_populated_zone(zone)
		print(m, zone);
}

static void buddyinfo_print(struct seq_file *m, struct zone *zone)
{
	seq_printf(m, "Node 0, zone %8s ", zone->name);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6lu ",
			   READ_ONCE(zone->free_area[order].nr_free));
	seq_putc(m, '\n');
}

/**
 * show_buddyinfo - print free blocks per order, as /proc/buddyinfo
 * @m: where to print
 * @zone: one zone, or NULL for every populated zone
 */
void show_buddyinfo(struct seq_file *m, struct zone *zone)
{
	walk_zones(m, zone, buddyinfo_print);
}

static void pagetypeinfo_free_print(struct seq_file *m, struct zone *zone)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", 0, zone->name,
			   migratetype_names[mt]);
		for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
			seq_printf(
				m, "%6lu ",
				READ_ONCE(
					zone->free_area[order].nr_free_mt[mt]));
		seq_putc(m, '\n');
	}
}

static void pagetypeinfo_blockcount_print(struct seq_file *m, struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		struct page *page;
		int mt;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (page_zone(page) != zone)
			continue;
		mt = get_pageblock_migratetype(page);
		if (mt < MIGRATE_TYPES)
			count[mt]++;
	}
	seq_printf(m, "Node 0, zone %8s ", zone->name);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12lu ", count[mt]);
	seq_putc(m, '\n');
}

/**
 * show_pagetypeinfo - print free blocks per order and migratetype, and
 * pageblocks per migratetype, as /proc/pagetypeinfo
 * @m: where to print
 * @zone: one zone, or NULL for every populated zone
 */
void show_pagetypeinfo(struct seq_file *m, struct zone *zone)
{
	seq_printf(m, "Page block order: %d\n", pageblock_order);
	seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
	seq_putc(m, '\n');
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	walk_zones(m, zone, pagetypeinfo_free_print);
	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12s ", migratetype_names[mt]);
	seq_putc(m, '\n');
	walk_zones(m, zone, pagetypeinfo_blockcount_print);
}

static void extfrag_print(struct seq_file *m, struct zone *zone)
{
	seq_printf(m, "Node 0, zone %8s ", zone->name);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		int index = fragmentation_index(zone, order);

		seq_printf(m, "%2d.%03d ", index / 1000, index % 1000);
	}
	seq_putc(m, '\n');
}

/**
 * show_extfrag_index - print the fragmentation index of every order, as
 * Linux's debugfs extfrag/extfrag_index (-1.000: a block is free)
 * @m: where to print
 * @zone: one zone, or NULL for every populated zone
 */
void show_extfrag_index(struct seq_file *m, struct zone *zone)
{
	walk_zones(m, zone, extfrag_print);
}

static void unusable_print(struct seq_file *m, struct zone *zone)
{
	seq_printf(m, "Node 0, zone %8s ", zone->name);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct contig_page_info info;
		int index;

		fill_contig_page_info(zone, order, &info);
		index = unusable_free_index(order, &info);
		seq_printf(m, "%d.%03d ", index / 1000, index % 1000);
	}
	seq_putc(m, '\n');
}

/**
 * show_unusable_index - print the unusable free space index of every order,
 * as Linux's debugfs extfrag/unusable_index
 * @m: where to print
 * @zone: one zone, or NULL for every populated zone
 */
void show_unusable_index(struct seq_file *m, struct zone *zone)
{
	walk_zones(m, zone, unusable_print);
}

/**
 * show_vmstat - print every counter as "name value" lines, as /proc/vmstat
 * @m: where to print
 *
 * Zone counters first (summed over zones), then events (summed over CPUs);
 * counters nothing fills yet print 0.
 */
void show_vmstat(struct seq_file *m)
{
	for (int i = 0; i < NR_ZONE_STAT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", zone_stat_names[i],
			   global_zone_page_state((enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", vm_event_names[i],
			   sum_vm_event((enum vm_event_item)i));
}
