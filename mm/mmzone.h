/*
 * Zones, free areas, pageblocks and the node: the data the page allocator,
 * compaction and kcompactd share.
 *
 * Physical memory is one node (pglist_data) split into zones by address:
 *
 *   ZONE_DMA     [0, 16 MiB)       for ISA-style devices
 *   ZONE_DMA32   [16 MiB, 4 GiB)   for 32-bit devices
 *   ZONE_NORMAL  [4 GiB, end)      everything else
 *   ZONE_MOVABLE the top of memory, when movablecore= asks for it; only
 *                movable allocations may use it, so it can always be
 *                compacted (or, one day, unplugged)
 *
 * Each zone's free memory is kept by a buddy allocator in free_area[order]
 * (blocks of 2^order pages, order 0..MAX_ORDER), one list per migratetype.
 * Memory is also cut into pageblocks of 2^pageblock_order pages; each
 * pageblock has a migratetype, so that pages of one mobility are grouped
 * together and compaction can empty whole pageblocks.
 */
#ifndef _MM_MMZONE_H
#define _MM_MMZONE_H

#include "list.h"
#include "smp.h" /* NR_CPUS */
#include "spinlock.h"
#include "wait.h"
#include "mm/mm_types.h"

#define MAX_ORDER 10 /* largest block: 2^10 pages = 4 MiB (inclusive) */
#define NR_PAGE_ORDERS (MAX_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_ORDER)

#define pageblock_order 9 /* 2 MiB, the x86 huge page */
#define pageblock_nr_pages (1UL << pageblock_order)

/* Orders above this are "costly": reclaim and compaction try harder. */
#define PAGE_ALLOC_COSTLY_ORDER 3

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES, /* the types that have per-CPU lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE, /* can't allocate from here */
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	MAX_NR_ZONES
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;			 /* blocks on all lists */
	unsigned long nr_free_mt[MIGRATE_TYPES]; /* blocks per list */
};

/*
 * Per-CPU lists: order-0 to PAGE_ALLOC_COSTLY_ORDER pages, one list per
 * (order, migratetype), so the common allocation and free take no zone lock.
 */
#define NR_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))

struct per_cpu_pages {
	int count; /* pages on all lists */
	int high;  /* above this, give batch pages back to the buddy lists */
	int batch; /* pages moved to or from the buddy lists at a time */
	struct list_head lists[NR_PCP_LISTS];
};

/* Bits per pageblock in zone->pageblock_flags: migratetype, then skip. */
#define PB_migrate_bits 3
#define PB_migrate_skip 3
#define NR_PAGEBLOCK_BITS 4

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_FREE_CMA_PAGES, /* of them, on MIGRATE_CMA lists (mm/cma.c) */
	NR_ZONE_STAT_ITEMS
};

struct zone {
	const char *name;
	enum zone_type type;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages; /* end_pfn - start_pfn, holes included */
	unsigned long present_pages; /* RAM in the span */
	unsigned long managed_pages; /* given to the buddy allocator */

	unsigned long _watermark[NR_WMARK];
	/* Pages kept back from allocations that could use a higher zone:
	 * lowmem_reserve[z] applies when the highest usable zone is z. */
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long nr_reserved_highatomic;

	spinlock_t lock; /* free_area, pageblock_flags, counters */
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long *pageblock_flags; /* NR_PAGEBLOCK_BITS per pageblock */
	long vm_stat[NR_ZONE_STAT_ITEMS];

	struct per_cpu_pages pcp[NR_CPUS];

	/* Compaction: cached scanner positions and deferral. */
	unsigned long compact_cached_free_pfn;
	unsigned long compact_cached_migrate_pfn[2]; /* async, sync */
	unsigned long compact_init_migrate_pfn;
	unsigned long compact_init_free_pfn;
	unsigned int compact_considered;
	unsigned int compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;
};

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x = zone->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

#define min_wmark_pages(z) ((z)->_watermark[WMARK_MIN])
#define low_wmark_pages(z) ((z)->_watermark[WMARK_LOW])
#define high_wmark_pages(z) ((z)->_watermark[WMARK_HIGH])

/* The order in which an allocation tries zones: highest allowed first. */
struct zonelist {
	struct zone *zones[MAX_NR_ZONES + 1]; /* NULL-terminated */
};

struct task;

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	/* node_zonelists[z]: fallback order for allocations whose highest
	 * allowed zone is z. */
	struct zonelist node_zonelists[MAX_NR_ZONES];
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;

	/* kcompactd: the node's background compaction thread. */
	struct wait_queue_head kcompactd_wait;
	struct task *kcompactd;
	int kcompactd_max_order; /* largest order asked for */
	enum zone_type kcompactd_highest_zoneidx;
} pg_data_t;

extern pg_data_t contig_page_data;
#define NODE_DATA(nid) (&contig_page_data)

#define for_each_zone(zone)                      \
	for (zone = contig_page_data.node_zones; \
	     zone < contig_page_data.node_zones + MAX_NR_ZONES; zone++)

#define for_each_populated_zone(zone)      \
	for_each_zone(zone)                \
		if (!populated_zone(zone)) \
			;                  \
		else

extern const char *const zone_names[MAX_NR_ZONES];

/* Pages given to the buddy allocator, all zones (Linux's totalram_pages). */
static inline unsigned long totalram_pages(void)
{
	unsigned long pages = 0;
	const struct zone *zone;

	for_each_populated_zone(zone)
		pages += zone->managed_pages;
	return pages;
}

#endif
