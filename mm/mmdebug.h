/*
 * Debugging struct pages: dump_page() prints one decoded, VM_BUG_ON_PAGE()
 * asserts an invariant about one and dumps it before the panic.
 */
#ifndef _MM_MMDEBUG_H
#define _MM_MMDEBUG_H

#include "printk.h"

struct page;

void dump_page(const struct page *page, const char *reason);

/* Name @flags' PG_* bits and zone ("reserved|buddy|zone=DMA32") in @buf. */
void format_page_flags(char *buf, size_t size, unsigned long flags);

#define VM_BUG_ON_PAGE(cond, page)                                    \
	do {                                                          \
		if (unlikely(cond)) {                                 \
			dump_page(page, "VM_BUG_ON_PAGE(" #cond ")"); \
			BUG();                                        \
		}                                                     \
	} while (0)

#endif
