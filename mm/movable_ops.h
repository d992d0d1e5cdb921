/*
 * Non-LRU movable pages: kernel pages whose owner knows how to move them
 * (Linux's struct movable_operations, used there by zsmalloc and the
 * balloon driver). Compaction cannot rewrite PTEs for them, because nothing
 * maps them; instead it asks the owner, through three operations, to let a
 * page go, to move it, or to take it back.
 *
 * A page with PG_movable_ops has its owner's operations in
 * page->movable_ops and the owner's own data in page->index. The owner sets
 * both with __SetPageMovable() while it holds the page, and clears them with
 * __ClearPageMovable() before it frees the page.
 */
#ifndef _MM_MOVABLE_OPS_H
#define _MM_MOVABLE_OPS_H

#include "mm/migrate.h"
#include "mm/mm.h"

/**
 * struct movable_operations - what a movable kernel page's owner provides
 * @name: the owner, for `page PFN`, dump_page() and GDB
 * @isolate_page: may compaction take @page? The owner stops freeing it
 *	until migrate_page or putback_page; false if it is busy (counted by
 *	the owner). Context: page locked; must not sleep.
 * @migrate_page: copy @src's contents to @dst and make every reference
 *	point at @dst, under the owner's lock; on success the owner holds a
 *	reference to @dst and has dropped its reference to @src. Return: 0,
 *	or -EAGAIN if the page became busy (it is then retried, a bounded
 *	number of times). Context: both pages locked; must not sleep.
 * @putback_page: migration gave up on @page: the owner keeps it.
 * @page_pinned: optional; true while isolate_page would refuse @page until
 *	a user of the owner lets go (kpool: an object is mapped), the way an
 *	extra reference pins a user page. A racy hint; the owner checks under
 *	its own lock that @page is still its. Context: must not sleep.
 * @describe_page: optional; one line saying what the page holds.
 *
 * Linux has no @page_pinned: its alloc_contig_range() learns of a busy page
 * only when migration fails. Ours skips a range with a pin before isolating
 * it (mm/contig_alloc.c), so it must be able to look without isolating.
 */
struct movable_operations {
	const char *name;
	bool (*isolate_page)(struct page *page, enum migrate_mode mode);
	int (*migrate_page)(struct page *dst, struct page *src,
			    enum migrate_mode mode);
	void (*putback_page)(struct page *page);
	bool (*page_pinned)(const struct page *page);
	int (*describe_page)(const struct page *page, char *buf, size_t size);
};

/* Mark @page, an order-0 page the caller allocated, as owned by @ops. */
static inline void __SetPageMovable(struct page *page,
				    const struct movable_operations *ops)
{
	page->movable_ops = ops;
	SetPageMovableOps(page);
}

/* Undo __SetPageMovable() (before the owner frees the page). */
static inline void __ClearPageMovable(struct page *page)
{
	ClearPageMovableOps(page);
	page->movable_ops = NULL;
	page->index = 0;
}

/* The owner's operations of a PG_movable_ops page, or NULL (racy read). */
static inline const struct movable_operations *
page_movable_ops(const struct page *page)
{
	return PageMovableOps(page) ? READ_ONCE(page->movable_ops) : NULL;
}

/**
 * isolate_movable_ops_page - take a movable kernel page off for migration
 * @page: any page (the caller holds no reference; it may be freed under us)
 * @mode: the migration mode, passed to the owner
 *
 * Takes a reference, locks the page, asks the owner, and marks the page
 * PG_isolated; the caller links it into its list through page->lru.
 * Return: true if isolated. Context: may not sleep.
 */
bool isolate_movable_ops_page(struct page *page, enum migrate_mode mode);

/**
 * movable_ops_page_pinned - is a movable kernel page held by its owner's user?
 * @page: any page (the caller holds no reference)
 *
 * Return: true if @page is PG_movable_ops and its owner's @page_pinned says
 * so; false otherwise, or if the owner has no such operation.
 * Context: may not sleep.
 */
bool movable_ops_page_pinned(const struct page *page);

/* Give an isolated movable kernel page back to its owner (drops our ref). */
void putback_movable_ops_page(struct page *page);

/**
 * migrate_movable_ops_page - move an isolated movable kernel page
 * @src: the page, isolated by isolate_movable_ops_page()
 * @get_new_page: @put_new_page: @private: as for migrate_pages()
 * @mode: MIGRATE_ASYNC never waits for the page lock
 *
 * Return: 0 (@src is freed), -EAGAIN (busy: retry later, still isolated)
 * or -ENOMEM (no new page).
 */
int migrate_movable_ops_page(struct page *src, new_page_t *get_new_page,
			     free_page_t *put_new_page, unsigned long private,
			     enum migrate_mode mode);

#endif
