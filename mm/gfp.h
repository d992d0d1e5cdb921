/*
 * GFP ("get free pages") flags and the page allocator's API, in Linux's
 * shape. The flags say which zones an allocation may use, its mobility (its
 * migratetype), and how hard the allocator may try.
 */
#ifndef _MM_GFP_H
#define _MM_GFP_H

#include "mm/mm.h"

typedef unsigned int gfp_t;

/* Zone modifiers: the highest zone the allocation may use. */
#define __GFP_DMA 0x01u
#define __GFP_HIGHMEM 0x02u /* with __GFP_MOVABLE: ZONE_MOVABLE allowed */
#define __GFP_DMA32 0x04u
/* Mobility: which pageblocks the page should be grouped with. */
#define __GFP_MOVABLE 0x08u
#define __GFP_RECLAIMABLE 0x10u
/* Access to reserves. */
#define __GFP_HIGH 0x20u /* high priority: may dip below the min watermark */
/* Reclaim modifiers (here: compaction is the only way to make free blocks). */
#define __GFP_DIRECT_RECLAIM 0x400u /* may block and compact directly */
#define __GFP_KSWAPD_RECLAIM 0x800u /* may wake kcompactd */
/* Action modifiers. */
#define __GFP_ZERO 0x100u
#define __GFP_NOWARN 0x1000u  /* no warning on failure */
#define __GFP_NORETRY 0x2000u /* one light attempt at compaction at most */

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_USER (__GFP_RECLAIM)
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)

#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)

/* Highest zone an allocation with @gfp may use. */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	if ((gfp & (__GFP_HIGHMEM | __GFP_MOVABLE)) ==
	    (__GFP_HIGHMEM | __GFP_MOVABLE))
		return ZONE_MOVABLE;
	return ZONE_NORMAL;
}

extern bool page_group_by_mobility_disabled;
/* Fall back as Linux does, instead of compacting for a whole pageblock
 * (mm/page_alloc.c, __alloc_pages_claim_block()). */
extern bool linux_fallback;

/* The mobility bits, shifted down, are the migratetype itself. */
#define GFP_MOVABLE_SHIFT 3

/*
 * The migratetype (free list) an allocation with @gfp asks for. Setting
 * both __GFP_MOVABLE and __GFP_RECLAIMABLE is a caller bug.
 */
static inline int gfp_migratetype(gfp_t gfp)
{
	BUILD_BUG_ON(__GFP_MOVABLE >> GFP_MOVABLE_SHIFT != MIGRATE_MOVABLE);
	BUILD_BUG_ON(__GFP_RECLAIMABLE >> GFP_MOVABLE_SHIFT !=
		     MIGRATE_RECLAIMABLE);
	if (unlikely(page_group_by_mobility_disabled))
		return MIGRATE_UNMOVABLE;
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

/**
 * alloc_pages - allocate 2^@order physically contiguous pages
 * @gfp: GFP flags
 * @order: 0..MAX_ORDER
 *
 * Return: the struct page of the first page, with a reference count of 1,
 * or NULL if the request cannot be met (counted, and warned about unless
 * __GFP_NOWARN). Never panics.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/**
 * __free_pages - free a block that alloc_pages() returned
 * @page: its first page
 * @order: the order it was allocated with
 *
 * Drops a reference; the block goes back to the allocator with the last one.
 */
void __free_pages(struct page *page, unsigned int order);

#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)

/**
 * release_pages - __free_page() each of @nr single pages, as one batch
 * @pages: the pages (order 0)
 * @nr: how many
 *
 * Drops a reference to each; the pages whose last reference goes are freed
 * with the interrupt flag saved and restored once for the batch, not per
 * page (Linux's release_pages() and free_unref_folios()).
 */
void release_pages(struct page **pages, unsigned int nr);

/* As alloc_pages(), returning the direct-map address (0 on failure). */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
/* One zeroed page's direct-map address, or 0. */
unsigned long get_zeroed_page(gfp_t gfp);
/* Free by direct-map address; @addr 0 is ignored. */
void free_pages(unsigned long addr, unsigned int order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define free_page(addr) free_pages(addr, 0)

#endif
