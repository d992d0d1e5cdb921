/*
 * The buddy allocator's interface to the rest of mm/: pageblock bits,
 * allocation flags and context, watermarks, per-CPU list draining, and the
 * hooks compaction and pageblock isolation use. The public allocation API
 * (alloc_pages, __free_pages, ...) is in mm/gfp.h.
 */
#ifndef _MM_PAGE_ALLOC_H
#define _MM_PAGE_ALLOC_H

#include "mm/gfp.h"

/* --- boot parameters and debugging ------------------------------------- */

/* page_group_by_mobility_disabled (gfp.h): boot parameter "nogrouping". */
extern bool page_poisoning_enabled;  /* boot parameter "page_poison=on" */
extern bool debug_pagealloc_enabled; /* "debug_pagealloc=on|off" (on) */

#define PAGE_POISON 0xaa /* freed pages are filled with this */

extern unsigned long nr_bad_pages; /* bad_page() reports so far */
/* Reports a self-test is about to provoke on purpose (each one counted
 * down): they are marked as expected, so that no test mistakes them for a
 * broken allocator. */
extern unsigned long nr_bad_pages_expected;
extern unsigned long nr_bad_pages_unexpected; /* the other reports */
extern unsigned long nr_poison_bad; /* poisoned pages found overwritten */
extern int min_free_kbytes;

/* --- migratetypes and pageblocks ----------------------------------------- */

#define for_each_migratetype_order(order, type)          \
	for (order = 0; order < NR_PAGE_ORDERS; order++) \
		for (type = 0; type < MIGRATE_TYPES; type++)

/* Types whose free blocks may merge with, and be claimed by, each other. */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

static inline bool is_migrate_isolate(int mt)
{
	return mt == MIGRATE_ISOLATE;
}

static inline bool is_migrate_cma(int mt)
{
	return mt == MIGRATE_CMA;
}

static inline bool is_migrate_highatomic(int mt)
{
	return mt == MIGRATE_HIGHATOMIC;
}

#define MIGRATETYPE_MASK ((1UL << PB_migrate_bits) - 1)

static inline unsigned long pageblock_start_pfn(unsigned long pfn)
{
	return ALIGN_DOWN(pfn, pageblock_nr_pages);
}

static inline unsigned long pageblock_end_pfn(unsigned long pfn)
{
	return ALIGN(pfn + 1, pageblock_nr_pages);
}

/* Bit number of @pfn's pageblock in its zone's pageblock_flags. */
static inline unsigned long pfn_to_bitidx(const struct zone *zone,
					  unsigned long pfn)
{
	pfn -= pageblock_start_pfn(zone->zone_start_pfn);
	return (pfn >> pageblock_order) * NR_PAGEBLOCK_BITS;
}

/*
 * get_pfnblock_flags_mask - read the bits of @page's pageblock (@pfn is
 * page_to_pfn(@page), passed because callers have it). Lockless: a reader
 * racing with a change sees the old or the new value.
 */
static inline unsigned long get_pfnblock_flags_mask(const struct page *page,
						    unsigned long pfn,
						    unsigned long mask)
{
	const struct zone *zone = page_zone(page);
	unsigned long bitidx = pfn_to_bitidx(zone, pfn);
	unsigned long word;

	word = READ_ONCE(zone->pageblock_flags[bitidx / BITS_PER_LONG]);
	return (word >> (bitidx % BITS_PER_LONG)) & mask;
}

static inline int get_pfnblock_migratetype(const struct page *page,
					   unsigned long pfn)
{
	return (int)get_pfnblock_flags_mask(page, pfn, MIGRATETYPE_MASK);
}

/* The migratetype of the pageblock of @pfn, which lies in @zone. */
static inline int zone_pfnblock_migratetype(const struct zone *zone,
					    unsigned long pfn)
{
	unsigned long bitidx = pfn_to_bitidx(zone, pfn);
	unsigned long word =
		READ_ONCE(zone->pageblock_flags[bitidx / BITS_PER_LONG]);

	return (int)((word >> (bitidx % BITS_PER_LONG)) & MIGRATETYPE_MASK);
}

static inline int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

void set_pfnblock_flags_mask(struct page *page, unsigned long flags,
			     unsigned long pfn, unsigned long mask);
void set_pageblock_migratetype(struct page *page, int migratetype);

/* The compaction skip bit: scanners pass over pageblocks that have it. */
static inline bool get_pageblock_skip(const struct page *page)
{
	return get_pfnblock_flags_mask(page, page_to_pfn(page),
				       BIT(PB_migrate_skip)) != 0;
}

static inline void set_pageblock_skip(struct page *page)
{
	set_pfnblock_flags_mask(page, BIT(PB_migrate_skip), page_to_pfn(page),
				BIT(PB_migrate_skip));
}

static inline void clear_pageblock_skip(struct page *page)
{
	set_pfnblock_flags_mask(page, 0, page_to_pfn(page),
				BIT(PB_migrate_skip));
}

int move_freepages_block(struct zone *zone, struct page *page, int old_mt,
			 int new_mt);
int find_suitable_fallback(const struct free_area *area, unsigned int order,
			   int migratetype, bool claimable);

/* --- allocation flags and context ------------------------------------------ */

/*
 * alloc_flags: how an allocation may use a zone. The low two bits pick the
 * watermark to check; the rest grant access to reserves or change policy.
 */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_WMARK_MASK 0x03
#define ALLOC_NON_BLOCK 0x10   /* cannot block: a further 25% of min */
#define ALLOC_MIN_RESERVE 0x20 /* __GFP_HIGH: may use half of min */
#define ALLOC_NOFRAGMENT 0x100 /* fall back by whole pageblocks only */
#define ALLOC_HIGHATOMIC 0x200 /* may use MIGRATE_HIGHATOMIC blocks */
#define ALLOC_KSWAPD 0x800     /* may wake kcompactd */
#define ALLOC_CMA 0x80	       /* movable: may use MIGRATE_CMA pageblocks */
#define ALLOC_RESERVES (ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC)

/* What an allocation asked for, worked out once from its gfp flags. */
struct alloc_context {
	struct zonelist *zonelist;   /* zones to try, best first */
	struct zone *preferred_zone; /* the first of them (NULL: none) */
	int migratetype;	     /* free list to take from */
	enum zone_type highest_zoneidx;
};

bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
void setup_per_zone_wmarks(void);

/* --- per-CPU lists --------------------------------------------------------- */

void drain_local_pages(struct zone *zone);
void drain_all_pages(struct zone *zone);
void zone_pcp_disable(struct zone *zone);
void zone_pcp_enable(struct zone *zone);

/* --- for compaction and isolation ------------------------------------------ */

int __isolate_free_page(struct page *page, unsigned int order);
void take_free_block(struct page *page, unsigned int order);
void post_alloc_hook(struct page *page, unsigned int order, gfp_t gfp);
void split_page(struct page *page, unsigned int order);
int set_migratetype_isolate(struct page *page);
void unset_migratetype_isolate(struct page *page, int migratetype);

/* --- self-check -------------------------------------------------------------- */

unsigned long check_zone_free_areas(struct zone *zone);

#endif
