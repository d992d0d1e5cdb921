/*
 * struct page: one per 4 KiB page frame, in a virtually contiguous array
 * (vmemmap) indexed by pfn. Every field says who owns it in which state.
 */
#ifndef _MM_MM_TYPES_H
#define _MM_MM_TYPES_H

#include "atomic.h"
#include "compiler.h"
#include "list.h"
#include "smp.h"
#include "spinlock.h"

struct anon_vma;
struct movable_operations;

/*
 * Page flags. A page is in exactly one of these states:
 *   reserved  - not managed by the buddy allocator (kernel image, holes,
 *               boot allocations, firmware areas); scanners skip it;
 *   buddy     - the head of a free block in a zone's free_area, with its
 *               order in page->private;
 *   free on a per-CPU list - refcount 0, neither buddy nor reserved;
 *   in use    - refcount > 0; PG_lru marks user pages the migrate scanner
 *               may isolate (we keep no LRU lists; the name is Linux's);
 *   tail of a free block or of an allocated block - no flags, refcount 0.
 */
enum pageflags {
	PG_locked,   /* page lock: held across migration */
	PG_reserved, /* never given to the buddy allocator */
	PG_hole,     /* no RAM behind this struct page (also reserved) */
	PG_buddy,    /* head of a free buddy block */
	PG_lru,	     /* movable user page, may be isolated for migration */
	PG_isolated, /* taken off for migration by a scanner */
	PG_anon,     /* anonymous page: mapping is an anon_vma */
	PG_table,    /* page-table page */
	PG_poisoned, /* filled with PAGE_POISON when freed (checked on alloc) */
	PG_slab,     /* holds kmalloc objects (mm/slab.c) */
	PG_movable_ops, /* kernel page its owner can move (mm/movable_ops.h) */
	NR_PAGEFLAGS
};

/* The zone number lives in the top bits of page->flags, as in Linux. */
#define ZONES_PGSHIFT 56
#define ZONES_MASK 0x7UL

struct page {
	unsigned long flags;   /* PG_* bits and the zone number */
	struct list_head lru;  /* free list, per-CPU list or isolation list */
	unsigned long private; /* buddy and per-CPU lists: the block's order;
				   in use: the order it was allocated with */
	union {
		struct anon_vma *mapping; /* rmap: anon_vma of an anon page */
		/* PG_movable_ops: the owner's operations (Linux keeps them
		 * in page->mapping too, tagged by a low bit) */
		const struct movable_operations *movable_ops;
	};
	unsigned long index; /* rmap: page offset inside that anon_vma;
				PG_movable_ops: the owner's */
	atomic_t _refcount;  /* users; 0 when free */
	atomic_t _mapcount;  /* PTEs mapping the page, minus one (-1: none) */
	/*
	 * Padding to 64 bytes, as Linux's struct page on x86_64: a struct
	 * page (the array starts page aligned) never straddles two cache
	 * lines, and page_to_pfn() is a subtraction and a shift instead of
	 * a division by 56.
	 */
	unsigned long _pad;
};

/*
 * Address spaces. An mm_struct is one page table (its own PML4, whose upper
 * half is the kernel's, shared) and a sorted list of VMAs in the lower
 * half. Anonymous memory is allocated on first touch (mm/memory.c).
 */
struct mm_struct {
	u64 *pgd;		    /* top-level table (direct-map address) */
	struct list_head mmap;	    /* VMAs, sorted by address */
	spinlock_t page_table_lock; /* PTEs of this mm and rss */
	unsigned long rss;	    /* pages mapped */
	const char *name;
	struct cpumask cpu_bitmap; /* CPUs that have it loaded: mm_cpumask() */
};

/* A VMA's mapping flags. */
#define VM_READ 0x1UL
#define VM_WRITE 0x2UL
#define VM_SHARED 0x8UL /* shares its pages with another mm */

/*
 * A virtual memory area [vm_start, vm_end) of one mm. Its anonymous pages
 * belong to vm->anon_vma; page->index of a page mapped at address a is
 * vm_pgoff + (a - vm_start) / PAGE_SIZE, so an rmap walk finds a page's
 * address in any VMA of the anon_vma without a per-page list.
 */
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	unsigned long vm_pgoff;
	unsigned long vm_flags;
	struct mm_struct *vm_mm;
	struct list_head vm_list; /* in mm->mmap */
	struct anon_vma *anon_vma;
	struct list_head anon_vma_node; /* in anon_vma->vmas */
};

/*
 * The reverse-mapping anchor of anonymous pages: every VMA that may map
 * them. Migration walks it to find every PTE of a page.
 */
struct anon_vma {
	struct list_head vmas;
	int refcount; /* VMAs on the list */
};

#endif
