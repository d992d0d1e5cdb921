/*
 * Memory compaction: the interface the page allocator's slow path calls.
 * Compaction moves movable pages out of partly used pageblocks so that free
 * pages merge into high-order blocks. The names and values are Linux's
 * (include/linux/compaction.h).
 */
#ifndef _MM_COMPACTION_H
#define _MM_COMPACTION_H

#include "mm/migrate.h"
#include "mm/page_alloc.h"

/* How hard one compaction attempt tries; lower values try harder. */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL,
	MIN_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_FULL,
	COMPACT_PRIO_SYNC_LIGHT,
	MIN_COMPACT_COSTLY_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	DEF_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	COMPACT_PRIO_ASYNC,
	INIT_COMPACT_PRIORITY = COMPACT_PRIO_ASYNC
};

enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE, /* internal: zone not worth compacting */
	COMPACT_SKIPPED,	   /* not started: too little free memory */
	COMPACT_DEFERRED,	   /* not started: recent failures */
	COMPACT_NO_SUITABLE_PAGE,  /* internal: no suitable page yet */
	COMPACT_CONTINUE,	   /* go on to the next pageblock */
	COMPACT_COMPLETE,	   /* scanned the whole zone, no block made */
	COMPACT_PARTIAL_SKIPPED,   /* scanned part of the zone, no block */
	COMPACT_CONTENDED,	   /* stopped for lock contention */
	COMPACT_SUCCESS,	   /* the allocation should now succeed */
};

/* Direct compaction retries of one allocation, as Linux's. */
#define MAX_COMPACT_RETRIES 16

/* Deferral: skip at most 1 << COMPACT_MAX_DEFER_SHIFT attempts. */
#define COMPACT_MAX_DEFER_SHIFT 6
/* Pages isolated (and migrated) at a time. */
#define COMPACT_CLUSTER_MAX 32

/*
 * One compaction run of one zone: its mode, where the scanners are, the
 * pages they isolated, and what it did.
 */
struct compact_control {
	struct list_head freepages;    /* isolated free pages, order 0 */
	struct list_head migratepages; /* isolated pages to migrate */
	unsigned int nr_freepages;
	unsigned int nr_migratepages;
	unsigned long free_pfn;	   /* free scanner: next pfn, going down */
	unsigned long migrate_pfn; /* migrate scanner: next pfn, going up */
	struct zone *zone;
	gfp_t gfp_mask;	 /* of the allocation compacted for */
	int order;	 /* -1: full compaction */
	int migratetype; /* of the allocation */
	unsigned int alloc_flags;
	int highest_zoneidx;
	enum migrate_mode mode;
	bool ignore_skip_hint;	    /* scan pageblocks whose skip bit is set */
	bool no_set_skip_hint;	    /* leave skip bits and cached pfns alone */
	bool ignore_block_suitable; /* migrate into any non-isolated block */
	bool direct_compaction;	    /* for an allocation, not kcompactd */
	bool proactive_compaction;  /* kcompactd lowering the score */
	bool whole_zone;	    /* the scanners start at the zone's ends */
	bool contended;
	/* What it did, for the counters and the shell. */
	unsigned long total_migrate_scanned;
	unsigned long total_free_scanned;
	unsigned long nr_isolated;
	unsigned long nr_migrated;
	unsigned long nr_migrate_failed;
	unsigned long nr_pinned_skipped; /* pages that could not move */
};

/* A direct compactor's claim on blocks freed while it runs. */
struct capture_control {
	struct compact_control *cc;
	struct page *page;
};

/* Figures of one or more runs, summed. */
struct compact_stats {
	unsigned long migrate_scanned;
	unsigned long free_scanned;
	unsigned long isolated;
	unsigned long migrated;
	unsigned long failed;
	unsigned long pinned_skipped;
};

/*
 * What a perfect compaction could reach: pageblocks holding only free and
 * movable pages ("capable") could all be emptied; those holding anything
 * unmovable (kernel pages, pinned pages, holes) never can. Counting only
 * the free space of capable pageblocks, each zone can end with
 *   blocks_max = min(capable blocks, capable free pages / 512)
 * free pageblocks. Compaction may do a little better: the free pages of a
 * pinned movable pageblock can still take pages migrated from elsewhere
 * (pinned_target_free counts them).
 */
struct compact_potential {
	unsigned long free_pages;	  /* free pages of the node */
	unsigned long capable_free;	  /* of them, in capable pageblocks */
	unsigned long pinned_target_free; /* in pinned movable pageblocks */
	unsigned long nr_blocks;	  /* pageblocks of RAM in all */
	unsigned long nr_capable_blocks;
	unsigned long nr_mixed_blocks; /* movable and unmovable pages mixed */
	/* Grouping quality: pageblocks holding any allocated unmovable page
	 * (reserved ones aside), against the fewest those pages could fill:
	 * pollution = polluted / ceil(unmovable pages / pageblock_nr_pages). */
	unsigned long nr_polluted_blocks;
	unsigned long nr_unmovable_pages;
	unsigned long blocks_max; /* free 2 MiB blocks reachable */
	/* capable pageblocks by the number of movable pages in them */
	unsigned int used_hist[pageblock_nr_pages + 1];
};

/* Free blocks of pageblock size or more, counted in pageblocks. */
unsigned long nr_free_pageblocks(void);

/* Measure @pgdat's potential (drains the per-CPU lists first). */
void compaction_potential(pg_data_t *pgdat, struct compact_potential *cp);
/* @cp's pollution measure in hundredths (100: perfect; 0: no unmovable
 * pages at all). */
unsigned long compaction_pollution(const struct compact_potential *cp);
/* The fewest pages to migrate to make @blocks free pageblocks. */
unsigned long compaction_min_migrated(const struct compact_potential *cp,
				      unsigned long blocks);

extern unsigned int sysctl_extfrag_threshold;
extern unsigned int sysctl_compaction_proactiveness;

enum compact_result try_to_compact_pages(gfp_t gfp, unsigned int order,
					 unsigned int alloc_flags,
					 const struct alloc_context *ac,
					 enum compact_priority prio,
					 struct page **capture);
/**
 * wakeup_kcompactd - ask the node's background compaction to work
 * @pgdat: the node
 * @order: the order an allocation failed to find (0: nothing to do)
 * @highest_zoneidx: the highest zone that allocation may use
 *
 * Records the largest order asked for since kcompactd last ran and wakes
 * it if it sleeps. Context: any (the allocation slow path).
 */
void wakeup_kcompactd(pg_data_t *pgdat, int order, int highest_zoneidx);

/* What kcompactd did lately, for the shell's `kcompactd status`. */
struct kcompactd_state {
	bool sleeping;
	unsigned long last_run;	   /* jiffies of the last proactive run */
	unsigned int score_before; /* node score around that run */
	unsigned int score_after;
	unsigned int proactive_defer; /* checks left to skip (back-off) */
	unsigned long nr_proactive_runs;
	unsigned long nr_woken_runs;
};

extern struct kcompactd_state kcompactd_state;
extern bool kcompactd_enabled;

/* Start the node's kcompactd thread (once threads exist). */
void kcompactd_run(pg_data_t *pgdat);
/* Turn kcompactd on or off (the `kcompactd` shell command). */
void kcompactd_set_enabled(pg_data_t *pgdat, bool on);

enum compact_result compact_zone(struct compact_control *cc,
				 struct capture_control *capc);
unsigned long isolate_migratepages_block(struct compact_control *cc,
					 unsigned long low_pfn,
					 unsigned long end_pfn);
bool compaction_suitable(struct zone *zone, int order, int highest_zoneidx);
bool compaction_capture(struct zone *zone, struct page *page,
			unsigned int order, int migratetype);

/**
 * compact_zone_sync - compact a whole zone, synchronously
 * @zone: the zone
 * @order: -1 for full compaction (like /proc/sys/vm/compact_memory), or
 *	stop as soon as a block of this order is free
 * @sum: figures are added here (may be NULL)
 *
 * Drains the per-CPU lists first. Context: thread; sleeps.
 */
enum compact_result compact_zone_sync(struct zone *zone, int order,
				      struct compact_stats *sum);
/* compact_zone_sync() on every zone of @pgdat. */
void compact_node(pg_data_t *pgdat, int order, struct compact_stats *sum);

/* Proactive compaction's target band of the fragmentation score. */
unsigned int fragmentation_score_wmark(bool low);

void __reset_isolation_suitable(struct zone *zone);
void reset_isolation_suitable(pg_data_t *pgdat);
bool compaction_restarting(struct zone *zone, int order);

bool compaction_deferred(struct zone *zone, int order);
void defer_compaction(struct zone *zone, int order);
void compaction_defer_reset(struct zone *zone, int order, bool alloc_success);

#endif
