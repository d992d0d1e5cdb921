/*
 * vmalloc: memory that is contiguous in virtual space only. Each area is
 * built from order-0 pages mapped one by one between VMALLOC_START and
 * VMALLOC_END, with an unmapped guard page below it. Thread stacks come
 * from here, so a stack never needs a high-order block, and running off
 * the bottom of one faults on its guard page instead of corrupting the
 * memory below. Device registers (the local APIC, the IOAPIC) are mapped
 * here too, uncached, by ioremap().
 */
#ifndef _MM_VMALLOC_H
#define _MM_VMALLOC_H

#include "list.h"
#include "types.h"

struct seq_file;

/* What an area holds (vm_struct.flags). */
#define VM_ALLOC 0x1   /* pages from the buddy allocator (vmalloc) */
#define VM_STACK 0x2   /* a thread stack (with VM_ALLOC) */
#define VM_IOREMAP 0x4 /* device memory, mapped uncached */
/* Freed and unmapped; the range is held until every CPU flushed it. */
#define VM_LAZY_FREE 0x8

/*
 * One area. Its virtual range is [addr - PAGE_SIZE, addr + size): the
 * first page is the guard and is never mapped.
 */
struct vm_struct {
	struct list_head list;	/* vmap_area_list, sorted by address */
	unsigned long addr;	/* first mapped byte */
	unsigned long size;	/* mapped bytes (whole pages) */
	unsigned long flags;	/* VM_* */
	phys_addr_t phys_addr;	/* VM_IOREMAP: the device's first byte */
	unsigned long lazy_gen; /* VM_LAZY_FREE: vmap_lazy_gen when freed */
};

/**
 * vmalloc - allocate virtually contiguous memory
 * @size: bytes wanted (rounded up to whole pages)
 *
 * Context: thread context; takes the page allocator's locks.
 * Return: the address of the first byte, or NULL if no memory or no
 * virtual space is left.
 */
void *vmalloc(unsigned long size);

/**
 * vmalloc_stack - allocate a thread stack
 * @size: bytes (rounded up to whole pages)
 *
 * As vmalloc(), but the area is marked as a stack so that a fault on its
 * guard page is reported as a stack overflow.
 * Return: the lowest address of the stack (it grows down from @size above
 * it), or NULL.
 */
void *vmalloc_stack(unsigned long size);

/**
 * vfree - free an area from vmalloc() or vmalloc_stack()
 * @addr: the address they returned; NULL is ignored
 *
 * Unmaps every page, flushes its TLB entry and frees it. Panics on an
 * address that is not the start of an area.
 */
void vfree(const void *addr);

/**
 * ioremap - map device memory uncached
 * @phys: physical address of the registers
 * @size: bytes to map
 *
 * Return: the virtual address of @phys, or NULL if no space or memory for
 * page tables is left.
 */
void *ioremap(phys_addr_t phys, unsigned long size);

/* Undo ioremap(); @addr is what it returned. */
void iounmap(void *addr);

/**
 * find_vm_area - the area that starts at @addr
 * @addr: an address vmalloc(), vmalloc_stack() or ioremap() returned
 *
 * Return: the area, or NULL.
 */
struct vm_struct *find_vm_area(const void *addr);

/**
 * find_vm_area_guard - the area whose guard page holds @addr
 * @addr: any address (CR2 of a fault, usually)
 *
 * Context: any, including the fatal-exception path: takes no lock, so the
 * answer may be stale if areas change meanwhile.
 * Return: the area just above that guard page, or NULL.
 */
struct vm_struct *find_vm_area_guard(unsigned long addr);

/* Pages mapped by vmalloc areas, and areas of any kind, right now. */
extern unsigned long nr_vmalloc_pages;
extern unsigned long nr_vmalloc_areas;

/* Print one line per area, in the shape of Linux's /proc/vmallocinfo. */
void vmalloc_print_info(struct seq_file *m);

#endif
