/*
 * Migration of non-LRU movable pages (mm/movable_ops.h): the generic half,
 * which takes references, page locks and PG_isolated exactly as for
 * anonymous pages, and calls the owner for everything that depends on what
 * the page holds. Linux does this in mm/migrate.c (isolate_movable_ops_page,
 * migrate_movable_ops_page, putback_movable_ops_page); it lives in its own
 * file here so that the anonymous path in mm/migrate.c stays readable.
 */
#include "kerrno.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/mmdebug.h"
#include "mm/movable_ops.h"
#include "mm/page_lock.h"

/* A reference, unless the page is free (refcount 0): then nothing. */
static bool get_page_unless_zero(struct page *page)
{
	int old = atomic_read(&page->_refcount);

	while (old > 0)
		if (__atomic_compare_exchange_n(
			    &page->_refcount.counter, &old, old + 1, false,
			    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	return false;
}

bool isolate_movable_ops_page(struct page *page, enum migrate_mode mode)
{
	const struct movable_operations *ops;

	if (!PageMovableOps(page) || PageIsolated(page))
		return false;
	if (!get_page_unless_zero(page))
		return false;
	if (!trylock_page(page))
		goto out_put;
	/* Checked again under the lock: the owner may have let it go. */
	ops = page_movable_ops(page);
	if (!ops || PageIsolated(page) || !ops->isolate_page(page, mode))
		goto out_unlock;
	SetPageIsolated(page);
	unlock_page(page);
	return true;
out_unlock:
	unlock_page(page);
out_put:
	__free_page(page);
	return false;
}

bool movable_ops_page_pinned(const struct page *page)
{
	const struct movable_operations *ops = page_movable_ops(page);

	return ops && ops->page_pinned && ops->page_pinned(page);
}

void putback_movable_ops_page(struct page *page)
{
	const struct movable_operations *ops = page_movable_ops(page);

	VM_BUG_ON_PAGE(!ops || !PageIsolated(page), page);
	lock_page(page);
	ClearPageIsolated(page);
	ops->putback_page(page);
	unlock_page(page);
	__free_page(page); /* our isolation reference */
}

int migrate_movable_ops_page(struct page *src, new_page_t *get_new_page,
			     free_page_t *put_new_page, unsigned long private,
			     enum migrate_mode mode)
{
	const struct movable_operations *ops = page_movable_ops(src);
	struct page *dst;
	int rc;

	VM_BUG_ON_PAGE(!ops || !PageIsolated(src), src);
	if (!trylock_page(src)) {
		if (mode == MIGRATE_ASYNC)
			return -EAGAIN;
		lock_page(src);
	}
	dst = get_new_page(src, private);
	if (!dst) {
		unlock_page(src);
		return -ENOMEM;
	}
	if (!trylock_page(dst))
		panic("migrate: new page pfn %lu is locked", page_to_pfn(dst));
	rc = ops->migrate_page(dst, src, mode);
	unlock_page(dst);
	if (rc) {
		unlock_page(src);
		put_new_page(dst, private);
		return rc;
	}
	ClearPageIsolated(src);
	unlock_page(src);
	__free_page(src); /* our isolation reference: the last one */
	__free_page(dst); /* the new page's allocation reference */
	return 0;
}
