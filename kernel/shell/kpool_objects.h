/*
 * A set of kpool objects with known contents, for the `kpool` command, the
 * kpool benchmark and the self-tests: every object's bytes follow from its
 * index and its write version, so a lost or misplaced object is found by
 * reading it back through its handle.
 */
#ifndef _KERNEL_KPOOL_OBJECTS_H
#define _KERNEL_KPOOL_OBJECTS_H

#include "lib.h"

struct kpool_set {
	unsigned long *handle; /* 0: freed */
	u32 *size;
	u32 *version;	       /* the latest write */
	unsigned long nr, cap; /* slots used, slots allocated */
	unsigned long nr_live; /* handles not 0 */
	struct rnd_state rnd;  /* for random sizes */
};

/* The shell's set (the `kpool` command and the benchmark). */
extern struct kpool_set kpool_objects;

/**
 * kpool_set_fill - allocate and write @count objects
 * @s: the set
 * @count: objects to add
 * @size: bytes each, or 0 for random sizes from KPOOL_MIN_SIZE to
 *	KPOOL_MAX_SIZE
 *
 * Stops at the first allocation that fails. Return: objects added.
 */
unsigned long kpool_set_fill(struct kpool_set *s, unsigned long count,
			     size_t size);

/* Rewrite object @i with version @v (map, write, unmap). */
void kpool_set_write(struct kpool_set *s, unsigned long i, u32 v);

/* Does object @i read back as last written? False if it cannot be mapped. */
bool kpool_set_check(struct kpool_set *s, unsigned long i);

/* Read every object back. Return: mismatches; *@checked: objects read. */
unsigned long kpool_set_verify(struct kpool_set *s, unsigned long *checked);

/* Free every other live object (@all: every one, and the set's arrays).
 * Return: objects freed. */
unsigned long kpool_set_free(struct kpool_set *s, bool all);

/* Add random-sized objects to kpool_objects until they hold a page's worth
 * of bytes (workload_kernel_alloc for the mixed workload). */
bool kpool_objects_fill_page(void);

#endif
