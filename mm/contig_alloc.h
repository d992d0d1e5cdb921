/*
 * Contiguous ranges on demand (Linux's alloc_contig_range() and
 * alloc_contig_pages(), which live in its mm/page_alloc.c): isolate a
 * range of pageblocks, migrate every movable page out of it, and take all
 * of it. Used by CMA (mm/cma.c) and for pages bigger than MAX_ORDER, such
 * as the 1 GiB gigantic page. Every failure names the first pfn that
 * blocked it and why.
 */
#ifndef _MM_CONTIG_ALLOC_H
#define _MM_CONTIG_ALLOC_H

#include "mm/gfp.h"

/* Why a range could not be taken (what the shell prints after the pfn). */
enum contig_reason {
	CONTIG_OK,
	CONTIG_PINNED,	  /* a movable page held: an extra reference, or a
			     kpool page with an object mapped */
	CONTIG_UNMOVABLE, /* a kernel page in use that no owner can move */
	CONTIG_RESERVED, /* never given to the allocator, or another CMA area's */
	CONTIG_HOLE,	 /* no RAM there, or outside the zone */
	CONTIG_RACE,	 /* someone else changed the range while we worked */
	CONTIG_NOMEM,	 /* no free page to migrate to */
	NR_CONTIG_REASONS
};

extern const char *const contig_reason_names[NR_CONTIG_REASONS];

/*
 * Passes over a range whose pages would not all move (a transient extra
 * reference, a page another migration holds) before giving up: Linux's
 * __alloc_contig_migrate_range() gives up at "++tries == 5". Each pass
 * runs migrate_pages(), itself up to NR_MAX_MIGRATE_PAGES_RETRY (10)
 * tries per page; between passes the CPU is yielded, never slept on.
 */
#define CONTIG_MIGRATE_TRIES 5

/* What one alloc_contig_range() or alloc_contig_pages() call did. */
struct contig_info {
	unsigned long fail_pfn;	   /* on failure: the first pfn that blocked */
	enum contig_reason reason; /* and why (CONTIG_OK on success) */
	unsigned long nr_occupied; /* movable pages in the range at the start */
	unsigned long nr_migrated; /* pages migrated out of it */
	unsigned int nr_passes;	   /* migration passes (1 if none repeated) */
	unsigned int nr_ranges;	   /* ranges isolated and tried */
};

/**
 * contig_range_blocker - the first page of a range that keeps it from
 * being taken, without changing anything
 * @start_pfn: first pfn
 * @end_pfn: end pfn
 * @migratetype: MIGRATE_CMA if the range is a CMA area's (its pageblocks
 *	must be CMA), else any other type (CMA pageblocks then block)
 * @pins_block: whether a pinned movable page blocks (the search: yes;
 *	alloc_contig_range(): no, the pin may be transient)
 * @fail_pfn: receives the blocking pfn
 * @nr_occupied: receives the number of movable pages in use, pinned ones
 *	included (may be NULL)
 *
 * Holes, reserved pages, other areas' pageblocks, kernel pages and (if
 * @pins_block) pinned movable pages block; free pages and movable pages
 * (user pages, and kernel pages whose owner moves them, mm/movable_ops.h)
 * do not. Racy by nature: a hint for the search, checked again under
 * isolation.
 * Return: CONTIG_OK or the reason of the first blocking page.
 */
enum contig_reason contig_range_blocker(unsigned long start_pfn,
					unsigned long end_pfn, int migratetype,
					bool pins_block,
					unsigned long *fail_pfn,
					unsigned long *nr_occupied);

/**
 * alloc_contig_range - take the pages [@start, @end)
 * @start: first pfn
 * @end: end pfn; the pageblocks around the range must lie in one zone
 * @migratetype: MIGRATE_CMA for a CMA area's range, else MIGRATE_MOVABLE
 * @gfp: __GFP_ZERO to zero the pages; migration targets are movable pages
 *	from anywhere else
 * @info: what happened and, on failure, why (may be NULL)
 *
 * Checks the range, isolates its pageblocks, migrates its movable pages
 * out (MR_CONTIG_RANGE), checks that every page is now free and takes
 * them. Pages freed inside the range meanwhile stay on the isolate lists
 * and are taken too. On failure nothing stays isolated and every page
 * taken or allocated on the way is given back.
 * Return: 0, and each page of the range has a reference count of 1 (free
 * them with free_contig_range()); -EINVAL for a bad range; -EBUSY if a
 * page blocks the range; -ENOMEM if no page could be found to migrate to.
 * Context: thread; may sleep.
 */
int alloc_contig_range(unsigned long start, unsigned long end, int migratetype,
		       gfp_t gfp, struct contig_info *info);

/**
 * __alloc_contig_pages - find and take @nr_pages contiguous pages
 * @nr_pages: how many
 * @align: the first pfn is a multiple of this (a power of two)
 * @gfp: the zones allowed (highest first), __GFP_ZERO
 * @info: what happened; on failure, the last blocking pfn and reason
 *
 * Like Linux's alloc_contig_pages(): walks the aligned candidate ranges of
 * each allowed zone, skips those with a hole, a reserved or CMA page, a
 * kernel page or a pin (as pfn_range_valid_contig() does for the first
 * ones), and tries alloc_contig_range() on the others until one succeeds.
 * Return: the first page, or NULL.
 * Context: thread; may sleep.
 */
struct page *__alloc_contig_pages(unsigned long nr_pages, unsigned long align,
				  gfp_t gfp, struct contig_info *info);

/* __alloc_contig_pages() aligned to @nr_pages rounded up to a power of 2. */
struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp);

/**
 * free_contig_range - free pages taken by alloc_contig_range()
 * @pfn: the first
 * @nr_pages: how many
 *
 * Return: the number of pages that were still referenced elsewhere
 * (warned about; they are freed with their last reference).
 */
unsigned long free_contig_range(unsigned long pfn, unsigned long nr_pages);

#endif
