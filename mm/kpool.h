/*
 * kpool: a pool of small kernel objects (32 B to 3 KiB) kept in pages that
 * compaction can move, after Linux's zsmalloc. Users hold handles, never
 * pointers: an object's address is valid only between kpool_map() and
 * kpool_unmap(), and a page with a mapped object does not move.
 */
#ifndef _MM_KPOOL_H
#define _MM_KPOOL_H

#include "mm/gfp.h"

#define KPOOL_MIN_SIZE 32
#define KPOOL_MAX_SIZE 3072
/* Handles the table can hold (its directory is a static array). */
#define KPOOL_MAX_HANDLES (1UL << 20)

/* What `kpool stats` shows; a snapshot taken under the pool's lock. */
struct kpool_stats {
	unsigned long pages;	      /* pool pages allocated now */
	unsigned long objects;	      /* objects allocated now */
	unsigned long bytes;	      /* bytes asked for by those objects */
	unsigned long mapped;	      /* objects mapped now */
	unsigned long pages_moved;    /* pages migrated by compaction */
	unsigned long skipped_mapped; /* isolations or moves refused: mapped */
	unsigned long alloc_fail;     /* kpool_malloc() returned 0 */
};

/**
 * kpool_malloc - allocate an object of @size bytes
 * @size: KPOOL_MIN_SIZE..KPOOL_MAX_SIZE (smaller sizes are rounded up)
 * @gfp: GFP flags for the pool page and the pool's bookkeeping; the pool
 *	adds __GFP_HIGHMEM | __GFP_MOVABLE to its pages itself
 *
 * Return: a handle (never 0), or 0 if @size is out of range or memory is
 * short (counted in alloc_fail). Context: may sleep if @gfp allows.
 */
unsigned long kpool_malloc(size_t size, gfp_t gfp);

/* Free the object of @handle; 0 is ignored. A mapped object is refused
 * (a warning; nothing is freed). */
void kpool_free(unsigned long handle);

/**
 * kpool_map - get the address of @handle's object
 * @handle: from kpool_malloc()
 *
 * Until kpool_unmap(), the object's page is not migrated. Maps nest.
 * Return: the address, or NULL for a handle that is not allocated.
 */
void *kpool_map(unsigned long handle);

/* End a kpool_map(); the address is invalid afterwards. */
void kpool_unmap(unsigned long handle);

/* The size @handle was allocated with, or 0 for a free handle. */
size_t kpool_object_size(unsigned long handle);

void kpool_get_stats(struct kpool_stats *st);

/* Give the handle table back if no object is allocated.
 * Return: false (nothing done) if objects remain. */
bool kpool_release_table(void);

#endif
