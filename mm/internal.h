/*
 * Interfaces between the files of mm/ (and the few hooks mm/ needs from the
 * architecture). Not for use outside mm/ and its tests.
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include "mm/gfp.h"

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

#endif
