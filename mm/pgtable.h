/*
 * The page-table API for any address space: map and unmap pages, walk to
 * the entry for a virtual address, free tables that became empty. The PTE
 * format and the virtual-address split are in asm/pgtable_types.h.
 *
 * Tables are reached through the direct map (__va of the physical address
 * an entry holds). Before the buddy allocator runs they come from memblock;
 * such boot tables are never freed.
 */
#ifndef _MM_PGTABLE_H
#define _MM_PGTABLE_H

#include <asm/pgtable_types.h>

#include "spinlock.h"
#include "types.h"

/* The kernel's own top-level table (shared upper half for every mm). */
extern pteval_t *init_pgd;

static inline bool pte_present(pteval_t e)
{
	return e & _PAGE_PRESENT;
}

static inline bool pte_huge(pteval_t e)
{
	return e & _PAGE_PSE;
}

static inline phys_addr_t pte_phys(pteval_t e)
{
	return e & PTE_PFN_MASK;
}

static inline unsigned long pte_pfn(pteval_t e)
{
	return (unsigned long)(pte_phys(e) >> 12);
}

/**
 * pgtable_alloc_pgd - allocate an empty top-level table
 *
 * Return: its direct-map address, or NULL if no memory is left.
 */
pteval_t *pgtable_alloc_pgd(void);

/**
 * pgtable_entry - find the entry that maps @va at @level
 * @pgd: top-level table
 * @va: virtual address
 * @level: PT_LEVEL_PTE (4 KiB), PT_LEVEL_PMD (2 MiB) or PT_LEVEL_PUD (1 GiB)
 * @alloc: allocate missing intermediate tables (GFP_KERNEL, which may
 *	sleep: never with a spinlock held; see pgtable_prepare())
 *
 * Return: a pointer to the entry, or NULL when a table is missing (and
 * !@alloc), no memory is left for one, or a larger page maps @va above
 * @level.
 */
pteval_t *pgtable_entry(pteval_t *pgd, unsigned long va, int level, bool alloc);

/**
 * pgtable_prepare - allocate the tables @va needs down to @level
 * @pgd: top-level table
 * @va: virtual address
 * @level: the level whose entry must become reachable
 * @lock: the lock that guards @pgd's entries (an mm's page_table_lock)
 *
 * Linux's __pte_alloc(): each missing table is allocated with @lock not
 * held (the allocation may sleep), then installed under @lock unless
 * someone installed one meanwhile, in which case ours is freed. A caller
 * then takes @lock and looks the entry up with pgtable_entry(..., false);
 * a table may have been freed again in between (an unmap emptied it), so
 * it must handle NULL by trying again.
 * Context: thread context, @lock not held.
 * Return: 0, or -ENOMEM.
 */
int pgtable_prepare(pteval_t *pgd, unsigned long va, int level,
		    spinlock_t *lock);

/**
 * pgtable_map - map one page of the size @level gives
 * @pgd: top-level table
 * @va: virtual address, aligned to the page size
 * @pa: physical address, aligned to the page size
 * @prot: entry flags (PAGE_KERNEL, ...); _PAGE_PSE is added for large pages
 * @level: PT_LEVEL_PTE, PT_LEVEL_PMD or PT_LEVEL_PUD
 *
 * Return: 0, -EINVAL for bad alignment, -EEXIST if something is mapped
 * there already, -ENOMEM if a table could not be allocated.
 */
int pgtable_map(pteval_t *pgd, unsigned long va, phys_addr_t pa, pteval_t prot,
		int level);

/**
 * pgtable_unmap - remove the 4 KiB mapping of @va, freeing emptied tables
 * @pgd: top-level table
 * @va: virtual address
 *
 * Does not flush the TLB: the caller knows whether the mm is active.
 * Tables of the shared upper half are never freed.
 * Return: the entry that was there (0 if none).
 */
pteval_t pgtable_unmap(pteval_t *pgd, unsigned long va);

/* Set the 4 KiB entry of @va to @e (which must already be mapped or be a
 * non-present software entry); keeps the table's use count. */
void pgtable_set_pte(pteval_t *pgd, unsigned long va, pteval_t *ptep,
		     pteval_t e);

/* What a walk of @va saw at each level, for the shell and tests. */
struct pt_walk {
	int nr;		      /* levels visited, PML4 first */
	int level[4];	      /* PT_LEVEL_* of each visited entry */
	pteval_t entry[4];    /* the entry's value */
	phys_addr_t table[4]; /* physical address of the table holding it */
};

/* Walk @va down from @pgd, stopping at a non-present or large entry. */
void pgtable_walk(pteval_t *pgd, unsigned long va, struct pt_walk *w);

/* Physical address @va maps to, or (phys_addr_t)-1. */
phys_addr_t pgtable_translate(pteval_t *pgd, unsigned long va);

/* True if @va is mapped in the active address space (for backtraces). */
bool kernel_address_mapped(unsigned long va);

/* Free every table below the lower half of @pgd, then @pgd itself. The
 * pages the tables map must already be unmapped. */
void pgtable_free_pgd(pteval_t *pgd);

/* Tables in use (buddy-allocated page-table pages), for stats. */
extern unsigned long nr_pagetable_pages;

#endif
