/*
 * Page migration for anonymous pages mapped through real page tables.
 *
 * For each page: lock it; replace every PTE that maps it with a migration
 * entry (mm/swapops.h), so any access faults and waits; flush the TLB;
 * copy the 4 KiB; move the rmap and the page's state to the new frame;
 * turn every migration entry into a PTE for the new frame; unlock; free the
 * old frame. Pages go through in batches so that one TLB flush serves a
 * whole batch (Linux 6.4 did this and migrated pages 290% faster).
 *
 * The batch also shares what Linux does per page: one hold of rmap_lock
 * unmaps every page of the batch, one more remaps them all, and the old
 * frames are freed together (release_pages()). Each of those lock round
 * trips cost as much as the work it guarded. The copies run between the
 * two holds, with interrupts on.
 *
 * The per-page steps are separate, never-inlined functions so a debugger
 * can stop in each: migrate_page_prepare(), migrate_page_unmap() and its
 * try_to_migrate(), migrate_batch_flush(), copy_highpage(),
 * migrate_page_move() and its remove_migration_ptes().
 */
#include <asm/copy_page.h>
#include <asm/tlbflush.h>

#include "kerrno.h"
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/migrate.h"
#include "mm/mmdebug.h"
#include "mm/mmap.h"
#include "mm/movable_ops.h"
#include "mm/page_lock.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"

/*
 * migrate_batch=off: batches of one page, so that each page has its own
 * unmap, TLB flush and shootdown, as before Linux 6.4. The shootdowns
 * counted with and without it show what batching saves.
 */
static bool migrate_batching = true;
param_bool(
	"migrate_batch", migrate_batching,
	"migrate pages in batches with one TLB flush each (off: one page at a time)");

void (*migrate_test_hook)(struct page *src);
void (*migrate_step_hook)(enum migrate_step done);

const char *const migrate_step_names[NR_MIGRATE_STEPS] = {
	"isolate", "lock",  "new",  "unmap",   "flush",
	"copy",	   "remap", "free", "putback",
};

/* Tell `bench migrate` that step @s ended. */
static inline void migrate_step_done(enum migrate_step s)
{
	if (unlikely(migrate_step_hook))
		migrate_step_hook(s);
}

/* The page was freed under us (unmapped while isolated), or its owner
 * moved it at once (a movable kernel page): it is done. */
#define MIGRATEPAGE_FREED 1

/*
 * Where try_to_migrate() left a page's only migration entry, so that
 * remove_migration_ptes() can go straight back there instead of walking
 * rmap and the page tables again. Trusted only while pgtable_free_seq has
 * not moved since the batch began (migrate_batch.seq): then no table was
 * freed, so @ptep is still a slot of @mm's tables, and @mm itself lives
 * (mm_destroy() frees its tables before the mm). The slot still holding
 * @entry (which names the locked old page) proves the mapping is still
 * there; if it does not, the full rmap walk decides, as before.
 */
struct migration_hint {
	struct mm_struct *mm;
	unsigned long addr;
	pteval_t *ptep; /* NULL: none, or more than one entry */
	pteval_t entry;
};

/* What migrate_pages() was given, handed down as one pointer. */
struct migrate_ctl {
	new_page_t *get_new_page;
	free_page_t *put_new_page;
	unsigned long private;
	enum migrate_mode mode;
};

/* Pages locked with their new frames, then unmapped and waiting for the
 * copy, and the TLB work they need. */
struct migrate_batch {
	unsigned int nr;
	struct page *src[MIGRATE_BATCH], *dst[MIGRATE_BATCH];
	struct migration_hint hint[MIGRATE_BATCH];
	unsigned long seq;	 /* pgtable_free_seq before the first hint */
	unsigned int cur;	 /* the page try_to_migrate() is unmapping */
	spinlock_t *ptl;	 /* the page_table_lock its walks hold */
	unsigned int nr_entries; /* made by the current try_to_migrate() */
	unsigned int nr_flush;	 /* addresses of the active mm to invalidate */
	unsigned long flush_addr[MIGRATE_BATCH];
	bool flush_all; /* more than fit in flush_addr */
	/* This CPU's mm while the batch is unmapped under rmap_lock. */
	struct mm_struct *active_mm;
	/* The mms whose PTEs changed, for the shootdown: other CPUs that
	   have one of them loaded may cache the old PTEs. */
	struct mm_struct *mms[MIGRATE_BATCH_MMS];
	unsigned int nr_mms;
	bool mms_overflow;	   /* more than fit in mms: shoot every CPU */
	struct mm_struct *last_mm; /* the mm noted last, NULL: none yet */
};

/* Note @mm among the mms @b touched, for the shootdown (rarely a new one:
 * out of line). */
static __noinline void batch_add_mm(struct migrate_batch *b,
				    struct mm_struct *mm)
{
	b->last_mm = mm;
	for (unsigned int i = 0; i < b->nr_mms; i++)
		if (b->mms[i] == mm)
			return;
	if (b->nr_mms < MIGRATE_BATCH_MMS)
		b->mms[b->nr_mms++] = mm;
	else
		b->mms_overflow = true;
}

static __always_inline void batch_add_flush(struct migrate_batch *b,
					    struct mm_struct *mm,
					    unsigned long addr)
{
	/*
	 * Only the CPU's active page table can have TLB entries for the
	 * lower half: every CR3 load drops the non-global entries, and
	 * without PCID nothing survives a switch. So an inactive mm needs
	 * no flush here, and only the CPUs that have it loaded need one.
	 */
	if (mm == b->active_mm) {
		if (b->nr_flush < MIGRATE_BATCH)
			b->flush_addr[b->nr_flush++] = addr;
		else
			b->flush_all = true;
	}
	/* Pages of one batch nearly always share the mm noted last. */
	if (mm != b->last_mm)
		batch_add_mm(b, mm);
}

static __always_inline bool try_to_migrate_one(struct page *page,
					       struct vm_area_struct *vma,
					       unsigned long addr,
					       pteval_t *ptep, void *arg)
{
	struct mm_struct *mm = vma->vm_mm;
	struct migrate_batch *b = arg;
	struct migration_hint *h = &b->hint[b->cur];
	pteval_t pte = *ptep, entry;

	if (!pte_present(pte) || pte_pfn(pte) != page_to_pfn(page))
		return true;
	entry = make_migration_entry(page_to_pfn(page), pte);
	pgtable_set_pte(mm->pgd, addr, ptep, entry);
	if (b->nr_entries++ == 0) {
		h->mm = mm;
		h->addr = addr;
		h->ptep = ptep;
		h->entry = entry;
	}
	batch_add_flush(b, mm, addr);
	atomic_dec(&page->_mapcount);
	atomic_dec(&page->_refcount); /* the PTE's; ours keeps it alive */
	return true;
}

/**
 * try_to_migrate - replace every PTE mapping @page with a migration entry
 * @page: a locked, isolated page
 * @batch: collects the addresses whose TLB entries must be flushed (those
 *	of @batch->active_mm, this CPU's mm), and where the entry is if
 *	there is only one (@batch->hint[@batch->cur])
 *
 * Afterwards page_mapped(@page) is false unless a mapping appeared that the
 * walk could not reach (the caller then undoes it all).
 * Context: rmap_lock held.
 */
__noinline void try_to_migrate(struct page *page, struct migrate_batch *batch)
{
	struct rmap_walk_control rwc = { try_to_migrate_one, batch,
					 &batch->ptl };

	lockdep_assert_held(&rmap_lock);
	batch->nr_entries = 0;
	__rmap_walk(page, &rwc);
	if (batch->nr_entries != 1)
		batch->hint[batch->cur].ptep = NULL;
}

/* Make the migration entry @e in the slot @ptep of @addr in @mm a PTE for
 * @page. */
static __always_inline void restore_migration_pte(struct page *page,
						  struct mm_struct *mm,
						  unsigned long addr,
						  pteval_t *ptep, pteval_t e)
{
	/* Writable, dirty and accessed as the old PTE was. */
	pteval_t prot = (PAGE_USER_RW & ~_PAGE_RW) | (e & MIGRATION_KEPT_BITS);

	get_page(page);
	atomic_inc(&page->_mapcount);
	/* Non-present to present: no TLB entry can be stale. */
	pgtable_set_pte(mm->pgd, addr, ptep, page_to_phys(page) | prot);
}

/* If the slot @ptep of @addr in @mm holds a migration entry for @old, make
 * it a PTE for @page; true if it did. */
static __always_inline bool restore_pte(struct page *page, struct page *old,
					struct mm_struct *mm,
					unsigned long addr, pteval_t *ptep)
{
	pteval_t e = *ptep;

	if (!is_migration_entry(e) ||
	    migration_entry_to_pfn(e) != page_to_pfn(old))
		return false;
	restore_migration_pte(page, mm, addr, ptep, e);
	return true;
}

/* @page's rmap walk met a slot: restore it if it names @arg (the old
 * page). */
static bool remove_migration_pte(struct page *page, struct vm_area_struct *vma,
				 unsigned long addr, pteval_t *ptep, void *arg)
{
	restore_pte(page, arg, vma->vm_mm, addr, ptep);
	return true;
}

/* remove_migration_ptes() without a hint: walk rmap. Out of line, so the
 * hinted common case saves no registers for it. */
static __noinline void remove_migration_ptes_walk(struct page *src,
						  struct page *dst,
						  struct migrate_batch *b)
{
	struct rmap_walk_control rwc = { remove_migration_pte, src, &b->ptl };

	__rmap_walk(dst, &rwc);
}

/* rmap_ptl_switch() out of line: the hinted remap nearly always finds its
 * lock held already, and then saves no registers for a lock round trip. */
static __noinline void migrate_ptl_switch(struct migrate_batch *b,
					  spinlock_t *ptl)
{
	rmap_ptl_switch(&b->ptl, ptl);
}

/* Restore the only migration entry of the page @h was taken for where @h
 * says it is, for @page; false if @h cannot be trusted or the entry is
 * gone (walk rmap then). */
static __always_inline bool
remove_migration_pte_hinted(struct page *page, const struct migration_hint *h,
			    struct migrate_batch *b)
{
	if (!h || !h->ptep || b->seq != READ_ONCE(pgtable_free_seq))
		return false;
	if (b->ptl != &h->mm->page_table_lock)
		migrate_ptl_switch(b, &h->mm->page_table_lock);
	/* h->entry is that page's migration entry, made by try_to_migrate():
	 * a slot equal to it needs no decoding. */
	if (*h->ptep != h->entry)
		return false;
	restore_migration_pte(page, h->mm, h->addr, h->ptep, h->entry);
	return true;
}

/*
 * Drop a reference to @page if it is mapped; rmap_lock held. Each mapping
 * holds a reference, and outlives none of it: page_remove_anon_rmap()
 * (under rmap_lock) ends the mapping, and the zap drops the reference only
 * later, after its TLB flush (mm/mmu_gather.c). So this one is never the
 * last, and needs no trip through the page allocator's free path.
 */
static __always_inline bool put_mapped_page(struct page *page)
{
	if (!page_mapped(page))
		return false;
	VM_BUG_ON_PAGE(page_ref_count(page) < 2, page);
	atomic_dec(&page->_refcount);
	return true;
}

/* Hand @src's anonymous identity to @dst; rmap_lock held. */
static void move_anon_state(struct page *src, struct page *dst)
{
	dst->mapping = src->mapping; /* the anon_vma reference moves too */
	dst->index = src->index;
	SetPageAnon(dst);
	src->mapping = NULL;
	src->index = 0;
	ClearPageAnon(src);
	ClearPageIsolated(src);
}

/**
 * remove_migration_ptes - turn @src's migration entries into PTEs for @dst
 * @src: the page the entries name
 * @dst: the page they should map now (@src itself to undo a migration),
 *	which rmap knows already (its anon_vma and index)
 * @hint: where the only entry is, from try_to_migrate(), or NULL
 * @b: the batch of @src (its pgtable_free_seq when @hint was taken, and
 *	the page_table_lock its walks hold)
 *
 * Context: rmap_lock held.
 */
__noinline void remove_migration_ptes(struct page *src, struct page *dst,
				      const struct migration_hint *hint,
				      struct migrate_batch *b)
{
	lockdep_assert_held(&rmap_lock);
	if (!remove_migration_pte_hinted(dst, hint, b))
		remove_migration_ptes_walk(src, dst, b);
}

/*
 * The other CPUs that may cache a PTE @b changed: those in the mm_cpumask
 * of an mm it touched. Every other CPU if the mms did not fit, or if a
 * page table was freed since the batch began (an mm may be gone).
 */
static struct cpumask batch_shootdown_cpus(struct migrate_batch *b)
{
	struct cpumask cpus = { 0 };

	if (!b->nr_mms && !b->mms_overflow)
		return cpus;
	smp_mb(); /* the migration entries before the masks: mm_cpumask() */
	if (b->mms_overflow || b->seq != READ_ONCE(pgtable_free_seq))
		cpus = cpu_online_mask;
	else
		for (unsigned int i = 0; i < b->nr_mms; i++)
			cpus.bits |= READ_ONCE(mm_cpumask(b->mms[i])->bits);
	cpumask_clear_cpu(smp_processor_id(), &cpus);
	return cpus;
}

/* Forget the TLB work @b collected: none is owed. */
static void batch_reset_flush(struct migrate_batch *b)
{
	b->nr_flush = 0;
	b->flush_all = false;
	b->nr_mms = 0;
	b->mms_overflow = false;
	b->last_mm = NULL;
}

/*
 * Start @b empty. Only its counts and flags are set: every slot of its
 * arrays is written before it is read, and zeroing them (nearly 2 KiB) cost
 * more per migrated page than anything else done once per call.
 */
static void migrate_batch_init(struct migrate_batch *b)
{
	b->nr = 0;
	b->ptl = NULL;
	batch_reset_flush(b);
}

/*
 * Flush what @b's unmapping left in the TLBs: once for the whole batch,
 * here and on each other CPU that has one of its mms loaded (one
 * shootdown IPI each, none if no other CPU has them).
 */
__noinline void migrate_batch_flush(struct migrate_batch *b)
{
	/* The batch's pages are scattered: the others flush whole. */
	static const struct flush_tlb_info batch_flush_all = {
		.end = TLB_FLUSH_ALL
	};
	struct cpumask others = batch_shootdown_cpus(b);

	if (b->flush_all || b->nr_flush > 1) {
		flush_tlb_local();
		count_vm_event(NR_TLB_LOCAL_FLUSH_ALL);
	} else if (b->nr_flush == 1) {
		flush_tlb_one(b->flush_addr[0]);
		count_vm_event(NR_TLB_LOCAL_FLUSH_ONE);
	}
	if (others.bits)
		flush_tlb_multi(&others, &batch_flush_all);
	batch_reset_flush(b);
}

/* Copy the 4 KiB of @src to @dst through the direct map, with the copy
 * routine chosen for this CPU at boot. */
__noinline void copy_highpage(struct page *dst, struct page *src)
{
	copy_page(page_address(dst), page_address(src));
}

/* An isolated page that lost all its mappings: release it, it is done. */
static bool migrate_page_freed(struct page *src)
{
	if (page_mapped(src) || page_ref_count(src) != 1)
		return false;
	putback_anon_page(src);
	return true;
}

/* Extra references beyond the mappings' and ours mean a pin (DMA). */
static bool page_pinned(const struct page *page)
{
	return page_ref_count(page) > page_mapcount(page) + 1;
}

/* Undo a partial unmap: put @src back in its PTEs and release @dst. */
static void migrate_page_abort(struct page *src, struct page *dst,
			       const struct migrate_ctl *ctl,
			       struct migrate_batch *b)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	remove_migration_ptes(src, src, NULL, b);
	rmap_ptl_release(&b->ptl);
	spin_unlock_irqrestore(&rmap_lock, flags);
	unlock_page(dst);
	ctl->put_new_page(dst, ctl->private);
	unlock_page(src);
}

/**
 * migrate_page_prepare - first step of one page's migration
 * @src: an isolated page from the caller's list
 *
 * Locks @src, checks it is not pinned, and gets and locks its new frame;
 * on success both pages are queued in @b, to be unmapped with the batch.
 * Return: 0, MIGRATEPAGE_FREED, -EAGAIN (locked or pinned: retry later) or
 * -ENOMEM (no new page).
 */
static __noinline int migrate_page_prepare(struct page *src,
					   const struct migrate_ctl *ctl,
					   struct migrate_batch *b)
{
	struct page *dst;
	int rc;

	if (PageMovableOps(src)) {
		/* Non-LRU: the owner copies it now, outside the batch. */
		rc = migrate_movable_ops_page(src, ctl->get_new_page,
					      ctl->put_new_page, ctl->private,
					      ctl->mode);
		return rc ? rc : MIGRATEPAGE_FREED;
	}
	if (migrate_page_freed(src))
		return MIGRATEPAGE_FREED;
	if (!trylock_page(src)) {
		if (ctl->mode == MIGRATE_ASYNC)
			return -EAGAIN;
		lock_page(src);
	}
	if (page_pinned(src)) {
		unlock_page(src);
		return -EAGAIN;
	}
	migrate_step_done(MIGRATE_STEP_LOCK);
	dst = ctl->get_new_page(src, ctl->private);
	if (!dst) {
		unlock_page(src);
		return -ENOMEM;
	}
	if (!trylock_page(dst))
		panic("migrate: new page pfn %lu is locked", page_to_pfn(dst));
	b->src[b->nr] = src;
	b->dst[b->nr] = dst;
	b->nr++;
	migrate_step_done(MIGRATE_STEP_NEW);
	return 0;
}

/**
 * migrate_page_unmap - replace @src's PTEs with migration entries
 * @src: the page of @b at @b->cur, locked, with its new frame
 *
 * Return: 0, or -EAGAIN if a mapping or a reference other than ours is
 * left (the caller undoes the unmap once rmap_lock is dropped).
 * Context: rmap_lock held.
 */
static __noinline int migrate_page_unmap(struct page *src,
					 struct migrate_batch *b)
{
	try_to_migrate(src, b);
	/* Only our isolation reference may be left, and no mapping. */
	if (page_mapped(src) || page_ref_count(src) != 1)
		return -EAGAIN;
	return 0;
}

/*
 * Undo the unmap of the pages of @b that kept a mapping (the bits of
 * @failed) and send them to @retry; close up the batch over them.
 */
static void migrate_batch_undo(struct migrate_batch *b, u32 failed,
			       const struct migrate_ctl *ctl,
			       struct list_head *retry, unsigned int *nr_retry)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < b->nr; i++) {
		if (failed & BIT(i)) {
			migrate_page_abort(b->src[i], b->dst[i], ctl, b);
			list_add_tail(&b->src[i]->lru, retry);
			(*nr_retry)++;
			continue;
		}
		b->src[n] = b->src[i];
		b->dst[n] = b->dst[i];
		b->hint[n++] = b->hint[i];
	}
	b->nr = n;
}

/* Unmap every page of @b under one hold of rmap_lock; the pages that
 * could not be unmapped go to @retry. */
static void migrate_batch_unmap(struct migrate_batch *b,
				const struct migrate_ctl *ctl,
				struct list_head *retry, unsigned int *nr_retry)
{
	unsigned long flags;
	u32 failed = 0;

	BUILD_BUG_ON(MIGRATE_BATCH > 32);
	spin_lock_irqsave(&rmap_lock, flags);
	/* No switch can load another page table before the unlock. */
	b->active_mm = current_mm();
	for (b->cur = 0; b->cur < b->nr; b->cur++)
		if (migrate_page_unmap(b->src[b->cur], b))
			failed |= (u32)BIT(b->cur);
	rmap_ptl_release(&b->ptl);
	spin_unlock_irqrestore(&rmap_lock, flags);
	if (unlikely(failed))
		migrate_batch_undo(b, failed, ctl, retry, nr_retry);
	migrate_step_done(MIGRATE_STEP_UNMAP);
}

/**
 * migrate_page_move - hand @src's mappings to its copy @dst
 *
 * Called after the copy, with both pages locked and @src unmapped: gives
 * @dst the anonymous identity of @src, points @src's migration entries at
 * @dst, makes @dst isolatable again (putback_anon_page() without the
 * lock), unlocks it, and drops the allocation's reference on @dst if it is
 * mapped.
 * Return: true if the caller must drop that reference itself (all of
 * @dst's mappings went meanwhile). Context: rmap_lock held.
 */
static __noinline bool migrate_page_move(struct page *src, struct page *dst,
					 const struct migration_hint *hint,
					 struct migrate_batch *b)
{
	bool dropped;

	move_anon_state(src, dst);
	remove_migration_ptes(src, dst, hint, b);
	migrate_step_done(MIGRATE_STEP_REMAP);
	__putback_anon_page(dst);
	/* Unlock before the reference goes: once it has, a zap of the last
	 * mapping may free @dst, and a free page must not be locked. */
	unlock_page(dst);
	dropped = put_mapped_page(dst);
	migrate_step_done(MIGRATE_STEP_PUTBACK);
	return !dropped;
}

/* Move every page of @b to its copy under one hold of rmap_lock; returns
 * the bits of the new pages whose reference the caller must drop. */
static u32 migrate_batch_remap(struct migrate_batch *b)
{
	unsigned long flags;
	u32 put = 0;

	spin_lock_irqsave(&rmap_lock, flags);
	for (unsigned int i = 0; i < b->nr; i++)
		if (migrate_page_move(b->src[i], b->dst[i], &b->hint[i], b))
			put |= (u32)BIT(i);
	rmap_ptl_release(&b->ptl);
	spin_unlock_irqrestore(&rmap_lock, flags);
	return put;
}

/* Prepare pages from @todo into @b until it is full, then unmap them. */
static int unmap_batch(struct list_head *todo, struct list_head *retry,
		       struct list_head *failed, struct migrate_batch *b,
		       const struct migrate_ctl *ctl, unsigned int *nr_retry,
		       unsigned int *nr_freed)
{
	unsigned int max = migrate_batching ? MIGRATE_BATCH : 1;
	int rc = 0;

	if (!b->nr)
		b->seq = READ_ONCE(pgtable_free_seq);
	while (!list_empty(todo) && b->nr < max) {
		struct page *page = list_first_entry(todo, struct page, lru);

		list_del_init(&page->lru);
		rc = migrate_page_prepare(page, ctl, b);
		if (rc == -ENOMEM) {
			list_add(&page->lru, todo);
			break;
		}
		if (rc == -EAGAIN) {
			list_add_tail(&page->lru, retry);
			(*nr_retry)++;
		} else if (rc == MIGRATEPAGE_FREED) {
			(*nr_freed)++;
		} else if (rc) {
			list_add_tail(&page->lru, failed);
		}
	}
	migrate_batch_unmap(b, ctl, retry, nr_retry);
	return rc == -ENOMEM ? rc : 0;
}

/* Flush once, copy every page, remap them all, unlock them all, and free
 * the old frames together. */
static unsigned int move_batch(struct migrate_batch *b)
{
	unsigned int n = b->nr;
	u32 put;

	migrate_batch_flush(b);
	migrate_step_done(MIGRATE_STEP_FLUSH);
	for (unsigned int i = 0; i < n; i++) {
		if (migrate_test_hook)
			migrate_test_hook(b->src[i]);
		copy_highpage(b->dst[i], b->src[i]);
	}
	migrate_step_done(MIGRATE_STEP_COPY);
	put = migrate_batch_remap(b);
	for (unsigned int i = 0; i < n; i++) /* wakes faulters on its entries */
		unlock_page(b->src[i]);
	migrate_step_done(MIGRATE_STEP_LOCK);
	for (unsigned int i = 0; put && i < n; i++)
		if (put & BIT(i)) /* all its mappings went meanwhile */
			__free_page(b->dst[i]);
	release_pages(b->src, n); /* our references, the last ones */
	migrate_step_done(MIGRATE_STEP_FREE);
	b->nr = 0;
	return n;
}

int migrate_pages(struct list_head *from, new_page_t *get_new_page,
		  free_page_t *put_new_page, unsigned long private,
		  enum migrate_mode mode, int reason,
		  unsigned int *nr_succeeded)
{
	const struct migrate_ctl ctl = { get_new_page, put_new_page, private,
					 mode };
	struct migrate_batch b;
	unsigned int succeeded = 0, nr_retry = 1, nr_failed = 0;
	LIST_HEAD(failed);
	int rc = 0;

	(void)reason;
	migrate_batch_init(&b);
	for (int pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && nr_retry;
	     pass++) {
		LIST_HEAD(todo);

		list_splice_init(from, &todo);
		nr_retry = 0;
		while (!list_empty(&todo) && !rc) {
			rc = unmap_batch(&todo, from, &failed, &b, &ctl,
					 &nr_retry, &succeeded);
			succeeded += move_batch(&b);
		}
		list_splice_init(&todo, from); /* left over by -ENOMEM */
		if (rc)
			break;
	}
	nr_failed = (unsigned int)list_count(&failed) + (rc ? 0 : nr_retry);
	list_splice_init(&failed, from);
	count_vm_events(PGMIGRATE_SUCCESS, succeeded);
	count_vm_events(PGMIGRATE_FAIL, nr_failed);
	if (nr_succeeded)
		*nr_succeeded = succeeded;
	return rc ? rc : (int)nr_failed;
}

void putback_movable_pages(struct list_head *l)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, l, lru) {
		list_del_init(&page->lru);
		if (PageMovableOps(page))
			putback_movable_ops_page(page);
		else
			putback_anon_page(page);
	}
}
