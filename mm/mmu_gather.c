/*
 * Unmapping a range with one TLB flush: Linux's mmu_gather
 * (mm/mmu_gather.c), cut to what a zap needs.
 *
 * Until a CPU that has an mm loaded flushes its TLB, it may still reach a
 * page through a stale TLB entry, and a page-table page through its
 * paging-structure caches, after the PTE or the table entry pointing at it
 * is cleared. Freed at once, such a page could be handed out again and
 * then written through the stale entry, and a table walked by the CPU
 * while it holds someone else's data. So a zap (zap_page_range() in
 * mm/mmap.c):
 *
 *   1. clears the PTEs of its range, one by one under the mm's
 *      page_table_lock, and gathers here what they held: each page, with
 *      its rmap removed but the mapping's reference kept, and each table
 *      that became empty, detached from the tree but not freed; the range
 *      [start, end) grows to cover every cleared entry;
 *   2. flushes once (tlb_flush_mmu()): this CPU if it runs the mm, and
 *      every other CPU of mm_cpumask by one shootdown IPI, with the range:
 *      more than TLB_SINGLE_PAGE_FLUSH_CEILING (33) pages are flushed
 *      whole, fewer page by page (asm/tlbflush.h);
 *   3. only then drops the pages' references and frees the tables.
 *
 * The gathered pages sit in batches: MMU_GATHER_BUNDLE slots on the stack,
 * then pages of slots taken with GFP_NOWAIT, up to about 10000 entries.
 * When no more fit, steps 2 and 3 run early, between two PTEs, with no
 * lock held: tlb_reserve() before each PTE makes sure its page and the
 * tables it may empty fit, because step 1 runs under a spinlock, where no
 * IPI can be sent.
 *
 * Where we differ from Linux: x86 Linux frees tables through a second
 * batch (after an RCU grace period under paravirt); ours share the page
 * batch, as Linux's did before 5.x, told apart by PG_table. A table detached
 * here is never reached again through the tree, so the pte_cache of rmap
 * walks is told at the detach (pgtable_free_seq), not at the free.
 */
#include <asm/tlbflush.h>

#include "lib.h"
#include "lockdep.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_gather.h"
#include "mm/pgtable.h"
#include "mm/vmstat.h"

/* No range yet: the next entry sets both ends. */
static void tlb_reset_range(struct mmu_gather *tlb)
{
	tlb->start = TLB_FLUSH_ALL;
	tlb->end = 0;
}

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->batch_count = 0;
	tlb->local.next = NULL;
	tlb->local.nr = 0;
	tlb->local.max = MMU_GATHER_BUNDLE;
	tlb->local.pages = tlb->__pages;
	tlb->active = &tlb->local;
	tlb_reset_range(tlb);
}

/* Make the next batch the active one, taking a page for it if needed.
 * False if none can be had. */
static bool tlb_next_batch(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *batch = tlb->active->next;
	struct page *page;

	if (!batch) {
		if (tlb->batch_count == MAX_GATHER_BATCH_COUNT)
			return false;
		page = alloc_page(GFP_NOWAIT | __GFP_NOWARN);
		if (!page)
			return false;
		batch = page_address(page);
		batch->next = NULL;
		batch->nr = 0;
		batch->max = MAX_GATHER_BATCH;
		batch->pages = (struct page **)(batch + 1);
		tlb->batch_count++;
		tlb->active->next = batch;
	}
	tlb->active = batch;
	return true;
}

void tlb_reserve(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *b = tlb->active;

	if (b->max - b->nr >= MMU_GATHER_PTE_SLOTS)
		return;
	if (!tlb_next_batch(tlb))
		tlb_flush_mmu(tlb);
}

void tlb_remove_page(struct mmu_gather *tlb, struct page *page,
		     unsigned long va)
{
	struct mmu_gather_batch *b = tlb->active;

	ASSERT(b->nr < b->max, "mmu_gather of mm %s: no room reserved",
	       tlb->mm ? tlb->mm->name : "(none)");
	b->pages[b->nr++] = page;
	tlb->start = min(tlb->start, va & PAGE_MASK);
	tlb->end = max(tlb->end, (va & PAGE_MASK) + PAGE_SIZE);
}

void tlb_remove_table(struct mmu_gather *tlb, pteval_t *table, unsigned long va)
{
	tlb_remove_page(tlb, virt_to_page(table), va);
}

/* Step 2: flush the range here and on the other CPUs that run the mm. */
static void tlb_flush(struct mmu_gather *tlb)
{
	struct flush_tlb_info info = { .start = tlb->start, .end = tlb->end };
	unsigned long one;

	if (!tlb->mm || tlb->start >= tlb->end)
		return;
	if (mm_is_active(tlb->mm)) {
		one = flush_tlb_info_here(&info);
		if (one)
			count_vm_events(NR_TLB_LOCAL_FLUSH_ONE, one);
		else
			count_vm_event(NR_TLB_LOCAL_FLUSH_ALL);
	}
	flush_tlb_mm_others(tlb->mm, &info);
	tlb_reset_range(tlb);
}

/* Step 3: the references of the pages, and the tables, go. */
static void tlb_free_gathered(struct mmu_gather *tlb)
{
	for (struct mmu_gather_batch *b = &tlb->local; b && b->nr;
	     b = b->next) {
		for (unsigned int i = 0; i < b->nr; i++) {
			struct page *page = b->pages[i];

			if (PageTable(page))
				pgtable_free_table(page_address(page));
			else
				__free_page(page);
		}
		b->nr = 0;
	}
	tlb->active = &tlb->local;
}

void tlb_flush_mmu(struct mmu_gather *tlb)
{
	might_sleep(); /* the shootdown: interrupts on, no spinlock */
	tlb_flush(tlb);
	tlb_free_gathered(tlb);
}

void tlb_finish_mmu(struct mmu_gather *tlb)
{
	struct mmu_gather_batch *b = tlb->local.next, *next;

	tlb_flush_mmu(tlb);
	for (; b; b = next) {
		next = b->next;
		__free_page(virt_to_page(b));
	}
	tlb->local.next = NULL;
	tlb->batch_count = 0;
}
