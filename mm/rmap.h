/*
 * Reverse mapping of anonymous pages: from a struct page to every PTE that
 * maps it, through page->mapping (the anon_vma) and page->index.
 *
 * Locking: rmap_lock (one lock; every thread runs on CPU 0) protects every
 * anon_vma's VMA list, page->mapping and page->index of anonymous pages,
 * and map counts. An mm's page_table_lock nests inside it.
 */
#ifndef _MM_RMAP_H
#define _MM_RMAP_H

#include <asm/pgtable_types.h>

#include "list.h"
#include "lockdep.h"
#include "mm/mm.h"
#include "mm/mm_types.h"
#include "mm/pgtable.h"
#include "mm/swapops.h"

extern spinlock_t rmap_lock;

struct anon_vma *anon_vma_alloc(void);
/* Add @vma to @av (takes a reference on @av). */
void anon_vma_link(struct anon_vma *av, struct vm_area_struct *vma);
/* Remove @vma from its anon_vma, freeing it with its last reference. */
void anon_vma_unlink(struct vm_area_struct *vma);

/**
 * page_add_new_anon_rmap - make a freshly allocated page the anonymous page
 * of @vma at @addr (one mapping; the allocation's reference becomes the
 * mapping's). Marks it PG_lru so the migrate scanner may isolate it.
 */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr);

/**
 * map_anon_page - map an existing anonymous page at @addr of @vma too
 * @vma: a VMA of the page's anon_vma, at the page's offset
 *
 * Takes a reference and a map count for the new PTE.
 * Return: 0, -EEXIST if @addr is mapped already, -ENOMEM.
 */
int map_anon_page(struct vm_area_struct *vma, unsigned long addr,
		  struct page *page);

/* Drop one mapping of @page (its PTE is already gone): the map count; the
 * last one detaches the page from rmap. The mapping's reference stays, for
 * the caller to drop once the TLBs are flushed (Linux's page_remove_rmap). */
void page_remove_anon_rmap(struct page *page);

/**
 * isolate_anon_page - take a mapped anonymous page off for migration
 * @page: a page the migrate scanner found with PG_lru set
 *
 * Takes a reference, clears PG_lru and sets PG_isolated, so no one else
 * isolates it and its last unmapping leaves rmap to the isolator.
 * Return: true if isolated, false if the page is not (or no longer) an
 * isolatable anonymous page.
 */
bool isolate_anon_page(struct page *page);

/* isolate_anon_page() for a scanner that holds rmap_lock across many
 * pages, as Linux's holds the LRU lock. Inline: it runs per page. */
static inline bool __isolate_anon_page(struct page *page)
{
	lockdep_assert_held(&rmap_lock);
	if (!PageLRU(page) || !PageAnon(page))
		return false;
	get_page(page);
	ClearPageLRU(page);
	SetPageIsolated(page);
	return true;
}

/* Undo isolate_anon_page(): back to PG_lru if still mapped, else detach
 * it from rmap; drops the isolation reference (which may free it). */
void putback_anon_page(struct page *page);

/* Detach an unmapped anonymous page from rmap; rmap_lock held. */
void page_detach_anon(struct page *page);

/* putback_anon_page() without the lock (the caller holds rmap_lock) and
 * without dropping the reference (the caller does, after unlocking).
 * Inline: migration puts every new page back. */
static inline void __putback_anon_page(struct page *page)
{
	ClearPageIsolated(page);
	if (page_mapped(page))
		SetPageLRU(page);
	else if (PageAnon(page))
		page_detach_anon(page);
}

/* Where @page would be mapped in @vma, or -1UL if outside it. */
static inline unsigned long vma_address(const struct page *page,
					const struct vm_area_struct *vma)
{
	unsigned long addr;

	if (page->index < vma->vm_pgoff)
		return -1UL;
	addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	return addr < vma->vm_end ? addr : -1UL;
}

/**
 * struct rmap_walk_control - what to do at each place a page may be mapped
 * @rmap_one: called with the mm's page_table_lock held, for each VMA of the
 *	page's anon_vma that covers the page's offset, with the PTE slot of
 *	that address (which may hold anything: the callback checks); returns
 *	false to stop the walk
 * @arg: passed through
 * @ptl: NULL, or where a batch of walks keeps the page_table_lock it
 *	holds (see rmap_ptl_switch())
 */
struct rmap_walk_control {
	bool (*rmap_one)(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, pteval_t *ptep, void *arg);
	void *arg;
	spinlock_t **ptl;
};

/*
 * Make @ptl the page_table_lock held in *@held (NULL: none), dropping the
 * one held before if it is another. A batch of walks under one hold of
 * rmap_lock (migration's) keeps the last lock it took instead of dropping
 * it after each VMA, so the pages of one mm pay for one lock round trip,
 * not one each; rmap_ptl_release() drops it at the end. Only one
 * page_table_lock is ever held, so they need no order among themselves.
 * Context: rmap_lock held.
 */
static inline void rmap_ptl_switch(spinlock_t **held, spinlock_t *ptl)
{
	if (*held == ptl)
		return;
	if (*held)
		spin_unlock(*held);
	spin_lock(ptl);
	*held = ptl;
}

/* Drop the page_table_lock a batch of walks holds in *@held, if any. */
static inline void rmap_ptl_release(spinlock_t **held)
{
	if (*held)
		spin_unlock(*held);
	*held = NULL;
}

/* Walk every place @page may be mapped. Takes rmap_lock. */
void rmap_walk(struct page *page, struct rmap_walk_control *rwc);
/* The PTE table the last rmap walk used (rmap_lock): migration walks a
 * batch of neighbouring pages twice, and most share one table. */
extern struct pte_cache rmap_pte_cache;

/*
 * rmap_walk() for a caller that holds rmap_lock already. Inline, so that
 * a caller passing a constant @rwc gets its rmap_one inlined: migration
 * walks twice per page.
 */
static __always_inline void __rmap_walk(struct page *page,
					struct rmap_walk_control *rwc)
{
	struct vm_area_struct *vma;

	if (!PageAnon(page) || !page->mapping)
		return;
	list_for_each_entry(vma, &page->mapping->vmas, anon_vma_node) {
		struct mm_struct *mm = vma->vm_mm;
		unsigned long addr = vma_address(page, vma);
		pteval_t *ptep;
		bool more;

		if (addr == -1UL)
			continue;
		if (rwc->ptl)
			rmap_ptl_switch(rwc->ptl, &mm->page_table_lock);
		else
			spin_lock(&mm->page_table_lock);
		ptep = pte_lookup_cached(&rmap_pte_cache, mm->pgd, addr);
		more = !ptep || rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
		if (!rwc->ptl)
			spin_unlock(&mm->page_table_lock);
		if (!more)
			break;
	}
}

#endif
