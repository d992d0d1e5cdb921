/*
 * copy_page() and clear_page(): the kernel's 4 KiB copy and fill, one
 * family of routines (arch/x86_64/copy_page.S) chosen once at boot from
 * CPUID by page_copy_select() (arch/x86_64/cpu.c). Migration, zeroing on
 * fault, page poisoning and `bench copy` all go through here.
 *
 * The host build of mm/ has no CPU to ask: there the routines are libc's
 * memcpy and memset, and the variant table is empty.
 */
#ifndef _ASM_COPY_PAGE_H
#define _ASM_COPY_PAGE_H

#include "types.h"

/* One strategy: how it copies a page and how it fills one. */
struct page_copy_ops {
	const char *name; /* "movsb", "movsq", "unrolled" */
	void (*copy)(void *to, const void *from);
	void (*fill)(void *page, u64 pattern);
};

/* A byte repeated in all eight bytes of a word, the pattern fills take. */
#define PAGE_FILL_PATTERN(byte) ((u64)(u8)(byte)*0x0101010101010101ULL)

#ifndef __HOST__
enum page_copy_variant {
	PAGE_COPY_MOVSB,
	PAGE_COPY_MOVSQ,
	PAGE_COPY_UNROLLED,
	NR_PAGE_COPY_VARIANTS
};

/* Every variant, for `bench copy`; page_copy points at the chosen one. */
extern const struct page_copy_ops page_copy_variants[NR_PAGE_COPY_VARIANTS];
extern const struct page_copy_ops *page_copy;

/* Boot: pick the variant from CPUID and say which and why. */
void page_copy_select(void);

/* Copy the 4 KiB at @from to @to (both page aligned, not overlapping). */
static inline void copy_page(void *to, const void *from)
{
	page_copy->copy(to, from);
}

/* Fill the 4 KiB at @page with @byte. */
static inline void fill_page(void *page, u8 byte)
{
	page_copy->fill(page, PAGE_FILL_PATTERN(byte));
}
#else
#include "lib.h"

static inline void copy_page(void *to, const void *from)
{
	memcpy(to, from, 4096);
}

static inline void fill_page(void *page, u8 byte)
{
	memset(page, byte, 4096);
}
#endif

static inline void clear_page(void *page)
{
	fill_page(page, 0);
}

#endif
