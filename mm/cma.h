/*
 * The Contiguous Memory Allocator (Linux's mm/cma.c): areas of memory set
 * aside at boot whose pageblocks are MIGRATE_CMA. Movable pages may live
 * there meanwhile; cma_alloc() migrates them out when a driver needs the
 * contiguous pages. Boot parameters:
 *
 *   cma=SIZE[@BASE]             the area "default"
 *   cma_area=NAME:SIZE[@BASE]   one more, named
 *
 * SIZE and BASE take K/M/G suffixes and are rounded to pageblocks (2 MiB).
 * Without BASE the area goes as high in memory as it fits.
 */
#ifndef _MM_CMA_H
#define _MM_CMA_H

#include "spinlock.h"
#include "mm/contig_alloc.h"

#define MAX_CMA_AREAS 2
#define CMA_MAX_NAME 16

struct cma {
	char name[CMA_MAX_NAME];
	unsigned long base_pfn;
	unsigned long count;   /* pages */
	unsigned long *bitmap; /* one bit per page: allocated */
	spinlock_t lock;       /* the bitmap and the figures below */
	unsigned long nr_used_pages;
	unsigned long nr_allocs; /* allocations not yet released */
	/* Linux's per-area sysfs counters, in pages. */
	unsigned long alloc_pages_success;
	unsigned long alloc_pages_fail;
	unsigned long nr_fails; /* cma_alloc() calls that failed */
	unsigned long last_fail_pfn;
	enum contig_reason last_fail_reason;
};

extern struct cma cma_areas[MAX_CMA_AREAS];
extern unsigned int cma_area_count;

/* The area called @name, or NULL. */
struct cma *cma_find(const char *name);

/**
 * cma_alloc - allocate @count contiguous pages from @cma
 * @cma: the area
 * @count: pages
 * @align: order of the alignment of the first pfn
 * @info: what happened; on failure the last blocking pfn and reason (may
 *	be NULL)
 *
 * Finds @count free pages in the area's bitmap and empties them with
 * alloc_contig_range(); a range that fails is passed by, up to its
 * blocking pfn, and the next one is tried. Counted in cma_alloc_success
 * or cma_alloc_fail, and in the area's alloc_pages_success or
 * alloc_pages_fail.
 * Return: the first page (each page has a reference count of 1), or NULL.
 * Context: thread; may sleep.
 */
struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align,
		       struct contig_info *info);

/**
 * cma_release - give back pages cma_alloc() returned
 * @cma: the area
 * @pages: the first page
 * @count: as allocated
 *
 * Return: false (nothing done) if the pages are not an allocated part of
 * @cma.
 */
bool cma_release(struct cma *cma, const struct page *pages,
		 unsigned long count);

/* Boot, before free_area_init() allocates: reserve the areas asked for. */
void cma_reserve_areas(void);
/* Boot, in memblock_free_all(): make them MIGRATE_CMA and free them. */
void cma_activate_areas(void);

#endif
