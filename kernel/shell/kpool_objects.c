/*
 * Objects with known contents in kpool (see kernel/shell/kpool_objects.h). The
 * set's own arrays come from vmalloc and grow by doubling.
 */
#include "kernel/shell/kpool_objects.h"
#include "mm/kpool.h"
#include "mm/vmalloc.h"

struct kpool_set kpool_objects;

#define SET_MIN_CAP 1024
#define SET_SEED 14

/* Byte @off of object @i after write @v: differs between neighbours. */
static inline u8 pattern_byte(unsigned long i, u32 v, size_t off)
{
	return (u8)((i * 2654435761UL) ^ (v * 0x9dU) ^ (off * 7 + (off >> 8)));
}

static void *grow_array(void *old, size_t elem, unsigned long n,
			unsigned long cap)
{
	void *p = vmalloc(cap * elem);

	if (p && old)
		memcpy(p, old, n * elem);
	return p;
}

/* Make room for one more object. Return: false if memory is short. */
static bool set_reserve(struct kpool_set *s)
{
	unsigned long cap = s->cap ? 2 * s->cap : SET_MIN_CAP;
	unsigned long *h;
	u32 *size, *ver;

	if (s->nr < s->cap)
		return true;
	h = grow_array(s->handle, sizeof(*h), s->nr, cap);
	size = grow_array(s->size, sizeof(*size), s->nr, cap);
	ver = grow_array(s->version, sizeof(*ver), s->nr, cap);
	if (!h || !size || !ver) {
		vfree(h);
		vfree(size);
		vfree(ver);
		return false;
	}
	vfree(s->handle);
	vfree(s->size);
	vfree(s->version);
	s->handle = h;
	s->size = size;
	s->version = ver;
	s->cap = cap;
	return true;
}

void kpool_set_write(struct kpool_set *s, unsigned long i, u32 v)
{
	u8 *p = kpool_map(s->handle[i]);

	if (!p)
		return;
	for (size_t off = 0; off < s->size[i]; off++)
		p[off] = pattern_byte(i, v, off);
	WRITE_ONCE(s->version[i], v);
	kpool_unmap(s->handle[i]);
}

bool kpool_set_check(struct kpool_set *s, unsigned long i)
{
	const u8 *p = kpool_map(s->handle[i]);
	u32 v = READ_ONCE(s->version[i]);
	bool ok = p != NULL;

	for (size_t off = 0; ok && off < s->size[i]; off++)
		ok = p[off] == pattern_byte(i, v, off);
	if (p)
		kpool_unmap(s->handle[i]);
	return ok;
}

unsigned long kpool_set_fill(struct kpool_set *s, unsigned long count,
			     size_t size)
{
	unsigned long n;

	if (!s->cap)
		prandom_seed(&s->rnd, SET_SEED);
	for (n = 0; n < count; n++) {
		size_t sz = size ? size
				 : KPOOL_MIN_SIZE +
					    prandom_below(
						    &s->rnd,
						    KPOOL_MAX_SIZE -
							    KPOOL_MIN_SIZE + 1);
		unsigned long h;

		if (!set_reserve(s))
			break;
		h = kpool_malloc(sz, GFP_KERNEL | __GFP_NOWARN);
		if (!h)
			break;
		s->handle[s->nr] = h;
		s->size[s->nr] = (u32)sz;
		kpool_set_write(s, s->nr, 0);
		s->nr++;
		s->nr_live++;
	}
	return n;
}

unsigned long kpool_set_verify(struct kpool_set *s, unsigned long *checked)
{
	unsigned long bad = 0;

	*checked = 0;
	for (unsigned long i = 0; i < s->nr; i++) {
		if (!s->handle[i])
			continue;
		(*checked)++;
		bad += !kpool_set_check(s, i);
	}
	return bad;
}

unsigned long kpool_set_free(struct kpool_set *s, bool all)
{
	unsigned long freed = 0, seen = 0;

	for (unsigned long i = 0; i < s->nr; i++) {
		if (!s->handle[i] || (!all && seen++ % 2))
			continue;
		kpool_free(s->handle[i]);
		s->handle[i] = 0;
		s->nr_live--;
		freed++;
	}
	if (all) {
		vfree(s->handle);
		vfree(s->size);
		vfree(s->version);
		*s = (struct kpool_set){ 0 };
	}
	return freed;
}

bool kpool_objects_fill_page(void)
{
	size_t bytes = 0;

	while (bytes < PAGE_SIZE) {
		unsigned long i = kpool_objects.nr;

		if (kpool_set_fill(&kpool_objects, 1, 0) != 1)
			return false;
		bytes += kpool_objects.size[i];
	}
	return true;
}
