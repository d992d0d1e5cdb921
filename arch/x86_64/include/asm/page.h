/*
 * Page size, and the conversions between physical addresses, direct-map
 * virtual addresses and page frame numbers (pfn).
 *
 * In the host build of mm/ the "physical memory" is a buffer in the test
 * process: PAGE_OFFSET is that buffer's address, so __va/__pa stay a single
 * addition, exactly as in the kernel; vmemmap is an array the test allocates.
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include "types.h"
#include <asm/memlayout.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

struct page;

#ifndef __HOST__
#define PAGE_OFFSET DIRECT_MAP_START
#define vmemmap ((struct page *)VMEMMAP_START)
#else
extern unsigned long host_page_offset;
extern struct page *host_vmemmap;
#define PAGE_OFFSET host_page_offset
#define vmemmap host_vmemmap
#endif

/* Direct map only: phys <-> virt. */
#define __va(pa) ((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va) ((phys_addr_t)((unsigned long)(va)-PAGE_OFFSET))
/* Kernel image symbols (linked at KERNEL_VMA, loaded at physical 0 + offset). */
#define __pa_symbol(va) ((phys_addr_t)((unsigned long)(va)-KERNEL_VMA))

/* Physical addresses the direct map can cover (64 TiB, as Linux's 4-level). */
#define MAX_PHYSMEM_BITS 46

#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)

#endif
