/*
 * VM statistics: per-zone counters (nr_free_pages), per-CPU event counters
 * with Linux's /proc/vmstat names, the fragmentation metrics, and the text
 * reports /proc/buddyinfo, /proc/pagetypeinfo, /proc/vmstat and debugfs's
 * extfrag/{extfrag_index,unusable_index} print on Linux.
 */
#ifndef _MM_VMSTAT_H
#define _MM_VMSTAT_H

#include <asm/irqflags.h>

#include "smp.h"
#include "mm/mmzone.h"

/*
 * Events, counted per CPU and summed when read. The names printed by
 * show_vmstat() are Linux's where Linux has the counter. Ours (no Linux
 * counter of that name exists) are marked below.
 */
enum vm_event_item {
	PGALLOC_DMA, /* one per zone, in enum zone_type order */
	PGALLOC_DMA32,
	PGALLOC_NORMAL,
	PGALLOC_MOVABLE,
	PGFREE,
	PGMIGRATE_SUCCESS,
	PGMIGRATE_FAIL,
	COMPACTMIGRATE_SCANNED,
	COMPACTFREE_SCANNED,
	COMPACTISOLATED,
	COMPACTSTALL,
	COMPACTFAIL,
	COMPACTSUCCESS,
	KCOMPACTD_WAKE,
	KCOMPACTD_MIGRATE_SCANNED,
	KCOMPACTD_FREE_SCANNED,
	NR_TLB_REMOTE_FLUSH,	      /* shootdown IPIs sent, one per CPU */
	NR_TLB_REMOTE_FLUSH_RECEIVED, /* shootdown IPIs taken */
	/* Whole flushes of a migration batch or of a zap's range, and pages
	 * flushed alone (a batch of one page, each page of a small zap). */
	NR_TLB_LOCAL_FLUSH_ALL,
	NR_TLB_LOCAL_FLUSH_ONE,
	/* cma_alloc() calls that succeeded, and that failed */
	CMA_ALLOC_SUCCESS,
	CMA_ALLOC_FAIL,
	/*
	 * Ours. pgalloc_fail: alloc_pages() returned NULL. The pgfallback_*
	 * counters follow Linux's mm_page_alloc_extfrag tracepoint, which
	 * fires once per fallback: pgfallback counts every allocation served
	 * from another migratetype's free list, pgfallback_claim those that
	 * took the whole pageblock for the requesting type (the tracepoint's
	 * change_ownership), pgfallback_fragmenting those that took a block
	 * smaller than a pageblock, leaving the pageblock mixed (the
	 * tracepoint's fragmenting).
	 */
	PGALLOC_FAIL,
	PGFALLBACK,
	PGFALLBACK_CLAIM,
	PGFALLBACK_FRAGMENTING,
	NR_VM_EVENT_ITEMS
};

extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
};

extern struct vm_event_state vm_event_states[NR_CPUS];

/* Count on this CPU; the caller has interrupts disabled. */
static inline void __count_vm_events(enum vm_event_item item, long delta)
{
	vm_event_states[smp_processor_id()].event[item] += delta;
}

static inline void __count_vm_event(enum vm_event_item item)
{
	__count_vm_events(item, 1);
}

/* Count on this CPU from any context. */
static inline void count_vm_events(enum vm_event_item item, long delta)
{
	unsigned long flags;

	local_irq_save(flags);
	__count_vm_events(item, delta);
	local_irq_restore(flags);
}

static inline void count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}

/* PGALLOC_DMA + zone number: events kept per zone. */
#define __count_zid_vm_events(item, zid, delta) \
	__count_vm_events((enum vm_event_item)(item##_DMA + (zid)), delta)

/* An event's total over all CPUs. */
unsigned long sum_vm_event(enum vm_event_item item);

/* Zone counters: changed under the zone lock, read without it. */
static inline void __mod_zone_page_state(struct zone *zone,
					 enum zone_stat_item item, long delta)
{
	zone->vm_stat[item] += delta;
}

/* A zone counter summed over every zone. */
unsigned long global_zone_page_state(enum zone_stat_item item);

/* --- fragmentation metrics ----------------------------------------------- */

/* What the free lists of a zone can offer an allocation of some order. */
struct contig_page_info {
	unsigned long free_pages;	    /* free pages in all blocks */
	unsigned long free_blocks_total;    /* free blocks of any order */
	unsigned long free_blocks_suitable; /* blocks of the order, or parts
					       of bigger ones */
};

void fill_contig_page_info(struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info);
int __fragmentation_index(unsigned int order,
			  const struct contig_page_info *info);
int fragmentation_index(struct zone *zone, unsigned int order);
int unusable_free_index(unsigned int order,
			const struct contig_page_info *info);
unsigned int extfrag_for_order(struct zone *zone, unsigned int order);

/* The order compaction aims at (a huge page), as Linux's for x86_64. */
#define COMPACTION_HPAGE_ORDER pageblock_order

unsigned int fragmentation_score_zone(struct zone *zone);
unsigned int fragmentation_score_zone_weighted(struct zone *zone);
unsigned int fragmentation_score_node(pg_data_t *pgdat);

/* --- text reports ---------------------------------------------------------- */

struct seq_file;

/* Each takes one zone, or NULL for every populated zone of node 0. */
void show_buddyinfo(struct seq_file *m, struct zone *zone);
void show_pagetypeinfo(struct seq_file *m, struct zone *zone);
void show_extfrag_index(struct seq_file *m, struct zone *zone);
void show_unusable_index(struct seq_file *m, struct zone *zone);
void show_vmstat(struct seq_file *m);

#endif
