/*
 * kmalloc: small kernel objects (VMAs, address spaces, anon_vmas, threads)
 * carved out of whole pages, one object size per page. This is unmovable
 * kernel memory, allocated with GFP_KERNEL: exactly the kind of allocation
 * that pins pageblocks and that grouping by mobility keeps together.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include "mm/gfp.h"

#define KMALLOC_MIN_SIZE 16
#define KMALLOC_MAX_SIZE 2048

/**
 * kmalloc - allocate @size bytes (at most KMALLOC_MAX_SIZE)
 * @size: bytes wanted
 * @gfp: GFP flags for the backing page (__GFP_ZERO zeroes the object)
 *
 * Return: an object aligned to its size class, or NULL.
 */
void *kmalloc(size_t size, gfp_t gfp);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* Free an object from kmalloc(); NULL is ignored. */
void kfree(const void *obj);

/* Pages currently holding kmalloc objects (for `stats`). */
extern unsigned long nr_slab_pages;

#endif
