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

#include <asm/page.h>
#include <asm/pgtable_types.h>

#include "compiler.h"
#include "spinlock.h"
#include "types.h"

struct mmu_gather;

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

/* The next-level table an entry of a table above the PTEs points to, or
 * NULL if the entry is not present or maps a large page. */
static inline pteval_t *pgtable_next(pteval_t e)
{
	return pte_present(e) && !pte_huge(e) ? __va(pte_phys(e)) : NULL;
}

/**
 * pte_lookup - the 4 KiB entry slot of @va, if its tables exist
 * @pgd: top-level table
 * @va: virtual address
 *
 * pgtable_entry(@pgd, @va, PT_LEVEL_PTE, false) written out level by
 * level, for the rmap walks that run twice per migrated page.
 * Return: a pointer to the entry, or NULL (a table is missing, or a large
 * page maps @va).
 */
static inline pteval_t *pte_lookup(pteval_t *pgd, unsigned long va)
{
	pteval_t *pud = pgtable_next(pgd[PT_INDEX(va, PT_LEVEL_PGD)]);
	pteval_t *pmd =
		pud ? pgtable_next(pud[PT_INDEX(va, PT_LEVEL_PUD)]) : NULL;
	pteval_t *pte =
		pmd ? pgtable_next(pmd[PT_INDEX(va, PT_LEVEL_PMD)]) : NULL;

	return pte ? &pte[PT_INDEX(va, PT_LEVEL_PTE)] : NULL;
}

/*
 * Bumped whenever a per-mm table is detached from its tree or freed: a
 * pointer to a table that was remembered under an older value may point at
 * a table no longer in use, or at freed memory.
 */
extern unsigned long pgtable_free_seq;

/*
 * One remembered PTE table, for walks that visit pages mapped next to one
 * another (migration's rmap walks over a batch): the table of @pgd that
 * maps the 2 MiB region @region, found when pgtable_free_seq was @seq.
 * @pgd and @table are set together, so an empty cache (@pgd NULL) matches
 * no top-level table.
 */
struct pte_cache {
	const pteval_t *pgd;
	unsigned long region; /* va / 2 MiB */
	unsigned long seq;
	pteval_t *table;
};

/**
 * pte_lookup_cached - pte_lookup() that tries @c's table first
 * @c: the cache (its owner's lock serializes it); updated on a miss
 * @pgd: top-level table
 * @va: virtual address
 *
 * A hit skips the three upper levels. It is exact, not a guess: no table
 * of any mm has been freed since @c was filled (tables are only freed,
 * never replaced), so the PTE table of that region is still the same.
 * Return: as pte_lookup(). Context: @pgd's mm's page_table_lock held.
 */
static inline pteval_t *pte_lookup_cached(struct pte_cache *c, pteval_t *pgd,
					  unsigned long va)
{
	unsigned long region = va / PT_LEVEL_SIZE(PT_LEVEL_PMD);
	pteval_t *ptep;

	if (c->pgd == pgd && c->region == region &&
	    c->seq == READ_ONCE(pgtable_free_seq))
		return &c->table[PT_INDEX(va, PT_LEVEL_PTE)];
	ptep = pte_lookup(pgd, va);
	if (ptep) {
		c->pgd = pgd;
		c->region = region;
		c->seq = READ_ONCE(pgtable_free_seq);
		c->table = ptep - PT_INDEX(va, PT_LEVEL_PTE);
	}
	return ptep;
}

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
 * pgtable_unmap - remove the 4 KiB mapping of @va, detaching emptied tables
 * @pgd: top-level table
 * @va: virtual address
 * @tlb: the unmap's gather, which frees the tables that became empty after
 *	its flush (tlb_reserve() made room for them); NULL only for an
 *	address of the shared upper half, whose tables are never freed
 *
 * Does not flush the TLB: the caller knows whether the mm is active.
 * Context: the lock of @pgd's entries held (an mm's page_table_lock).
 * Return: the entry that was there (0 if none).
 */
pteval_t pgtable_unmap(pteval_t *pgd, unsigned long va, struct mmu_gather *tlb);

/**
 * pgtable_free_table - give a per-mm table page back to the allocator
 * @table: a table no entry points at any more, and that no CPU can reach
 *	through its paging-structure caches (see mm/mmu_gather.c)
 */
void pgtable_free_table(pteval_t *table);

/* pgtable_set_pte() when the slot goes from empty to used or back. */
void __pgtable_set_pte_count(unsigned long va, pteval_t *ptep, pteval_t e);

/* Set the 4 KiB entry of @va to @e (which must already be mapped or be a
 * non-present software entry); keeps the table's use count. Inline: the
 * PTE <-> migration entry changes of migration leave the count alone. */
static inline void pgtable_set_pte(pteval_t *pgd, unsigned long va,
				   pteval_t *ptep, pteval_t e)
{
	(void)pgd;
	if ((*ptep != 0) != (e != 0))
		__pgtable_set_pte_count(va, ptep, e);
	else
		*ptep = e;
}

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
