/*
 * Interfaces between the files of mm/ (and the few hooks mm/ needs from the
 * architecture). Not for use outside mm/ and its tests.
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include "smp.h"
#include "mm/gfp.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

/* --- mm_init.c: zones and the struct page array ------------------------ */

/* Smallest amount of free RAM, after the kernel and boot data, we boot with. */
#define MIN_FREE_MEMORY (8UL << 20)

/* True once memblock_free_all() has handed memory to the buddy allocator. */
extern bool page_alloc_ready;

/* Boot parameter values (set before free_area_init). */
extern u64 movablecore_bytes;

/*
 * Drop RAM that would make a zone too small to manage: a DMA32 or Normal
 * zone with less than one pageblock of RAM (mem=16781312 leaves DMA32 one
 * page), a DMA zone with RAM only in the reserved first MiB. Called by
 * memblock_setup_ram() before any boot allocation; each
 * drop is logged.
 */
void mm_trim_zone_slivers(void);

/* --- page_alloc.c: the buddy allocator ---------------------------------- */

/*
 * Boot only: set up @zone's free lists, per-CPU lists and pageblock bitmap
 * (every pageblock MIGRATE_MOVABLE). Called once per populated zone.
 */
void zone_init_free_area(struct zone *zone);

/*
 * Boot only: give the naturally aligned block of 2^@order boot pages at
 * @page (PG_reserved, refcount 1) to the buddy allocator.
 */
void __free_pages_core(struct page *page, unsigned int order);

/* Boot only, after memblock_free_all(): zonelists, watermarks, pcp sizes. */
void page_alloc_init_late(void);

/* --- the page allocator's files: helpers they share -------------------- */

/* Free lists. */

/*
 * NR_FREE_PAGES counts free pages that can be allocated: not isolated ones.
 * NR_FREE_CMA_PAGES counts those of them only movable requests may take.
 */
static inline void account_freepages(struct zone *zone, long nr_pages, int mt)
{
	if (is_migrate_isolate(mt))
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (unlikely(is_migrate_cma(mt)))
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
}

/* Put the free block at @page on the @mt list of @order and mark its head. */
static inline void add_to_free_list(struct page *page, struct zone *zone,
				    unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	list_add(&page->lru, &area->free_list[mt]);
	area->nr_free++;
	area->nr_free_mt[mt]++;
	page->private = order;
	SetPageBuddy(page);
	account_freepages(zone, 1L << order, mt);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	list_del(&page->lru);
	area->nr_free--;
	area->nr_free_mt[mt]--;
	page->private = 0;
	ClearPageBuddy(page);
	account_freepages(zone, -(1L << order), mt);
}

static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];

	list_move(&page->lru, &area->free_list[new_mt]);
	area->nr_free_mt[old_mt]--;
	area->nr_free_mt[new_mt]++;
	account_freepages(zone, -(1L << order), old_mt);
	account_freepages(zone, 1L << order, new_mt);
}

static inline struct page *get_page_from_free_area(struct free_area *area,
						   int mt)
{
	if (list_empty(&area->free_list[mt]))
		return NULL;
	return list_first_entry(&area->free_list[mt], struct page, lru);
}

/*
 * The buddy of the free block (@page, @pfn, @order) if it is a free block of
 * the same order in the same zone, else NULL. The pfn_valid() check matters
 * at the edges of RAM, where the buddy's struct page may not exist.
 */
static inline struct page *find_buddy_page_pfn(struct page *page,
					       unsigned long pfn,
					       unsigned int order,
					       unsigned long *buddy_pfn)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (!pfn_valid(bpfn))
		return NULL;
	buddy = pfn_to_page(bpfn);
	if (!PageBuddy(buddy) || buddy_order(buddy) != order ||
	    page_zonenum(buddy) != page_zonenum(page))
		return NULL;
	*buddy_pfn = bpfn;
	return buddy;
}

static inline unsigned int order_to_pindex(int mt, unsigned int order)
{
	return order * MIGRATE_PCPTYPES + (unsigned int)mt;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex / MIGRATE_PCPTYPES;
}

static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER;
}

static inline struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->pcp[smp_processor_id()];
}

/* --- page_alloc_pcp.c: per-CPU lists ------------------------------------- */

/* Give @count pages of @pcp back to the buddy lists, from list @pindex on. */
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
			int pindex);
/* Set every CPU's high and batch of @zone. */
void zone_set_pageset_high_and_batch(struct zone *zone, int high, int batch);
/* Size @zone's per-CPU lists from its low watermark. */
void zone_pcp_update(struct zone *zone);

/* --- page_alloc_wmark.c: watermarks and reserves ------------------------- */

/* Free pages an allocation may not count towards the watermark. */
static inline long __zone_watermark_unusable_free(const struct zone *z,
						  unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable = (1L << order) - 1;

	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable += (long)READ_ONCE(z->nr_reserved_highatomic);
	if (!(alloc_flags & ALLOC_CMA))
		unusable += READ_ONCE(z->vm_stat[NR_FREE_CMA_PAGES]);
	return unusable;
}

/* The allocation fast path's check: order 0 well above the mark is cheap. */
static __always_inline bool
zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
		    int highest_zoneidx, unsigned int alloc_flags)
{
	/* Read raw: a transiently negative count only fails the check. */
	long free_pages = READ_ONCE(z->vm_stat[NR_FREE_PAGES]);

	if (!order) {
		long reserved =
			__zone_watermark_unusable_free(z, 0, alloc_flags);

		if (free_pages - reserved >
		    (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   free_pages);
}

/* After a high-order atomic allocation: reserve its pageblock for more. */
void reserve_highatomic_pageblock(struct page *page, unsigned int order,
				  struct zone *zone);
/* Give a high-atomic pageblock back (@force: even the last one). */
bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force);
/* Boot: min_free_kbytes from the zones' size, then every watermark. */
void init_per_zone_wmark_min(void);
/* Give the pageblocks of the block at @page, of @order, type @migratetype. */
void change_pageblock_range(struct page *page, unsigned int order,
			    int migratetype);

/* --- debug_page_alloc.c: checks and poisoning ------------------------------ */

/* Set once a page has been poisoned: only then must allocations look. */
extern bool poisoned_pages_exist;
void bad_page(const struct page *page, const char *reason);
bool free_pages_check_bad(struct page *page, unsigned int order);
bool __check_new_pages(struct page *page, unsigned int order);
void kernel_poison_pages(struct page *page, unsigned long nr);
void kernel_unpoison_pages(struct page *page, unsigned long nr);

/* Flags no page may carry when it is freed. */
#define PAGE_FLAGS_CHECK_AT_FREE PAGE_FLAGS_MASK

/*
 * Nothing page_bad_reason() looks at is set: the same tests folded into
 * one, as Linux's page_expected_state(), for the common free of a fine
 * page (PG_buddy and PG_reserved are among @flags).
 */
static inline bool page_expected_state(const struct page *page,
				       unsigned long flags)
{
	return !((unsigned long)page->mapping | (page->flags & flags) |
		 (unsigned int)page_ref_count(page) |
		 (unsigned int)page_mapcount(page));
}

/* Check a block being freed; report and return false if it is bad. */
static __always_inline bool free_pages_check(struct page *page,
					     unsigned int order)
{
	if (likely(order == 0 && page->private == 0 &&
		   page_expected_state(page, PAGE_FLAGS_CHECK_AT_FREE)))
		return true;
	return free_pages_check_bad(page, order);
}

static inline bool check_new_pages(struct page *page, unsigned int order)
{
	return unlikely(debug_pagealloc_enabled) &&
	       __check_new_pages(page, order);
}

#endif
