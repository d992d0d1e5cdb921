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

/* Panic, naming the requirement, if memblock leaves less than
 * MIN_FREE_MEMORY free. Called once all boot reservations are made. */
void mm_check_minimum_memory(void);

/**
 * free_area_init - size the zones and build the struct page array
 *
 * Uses memblock.memory (sanitized, mem= applied, all reservations made).
 * Computes each zone's span and present pages, backs vmemmap for every 2 MiB
 * subsection that holds RAM (arch hook vmemmap_populate()), initializes every
 * struct page as reserved, and prepares each zone's free lists.
 */
void free_area_init(void);

/**
 * memblock_free_all - hand every free memblock range to the buddy allocator
 *
 * After this, memblock_alloc() must not be used. Prints the zone summary.
 */
void memblock_free_all(void);

/* Print the per-zone summary (the shell's `mem` command). */
struct seq_file;
void mem_print_summary(struct seq_file *m);

/* Arch hook: make vmemmap[start_pfn, end_pfn) addressable (zeroed). */
void vmemmap_populate(unsigned long start_pfn, unsigned long end_pfn);

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
