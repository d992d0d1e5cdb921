/*
 * The mmu_gather of an unmap (Linux's include/asm-generic/tlb.h): the pages
 * and page tables whose last mapping a zap removed are gathered, the TLBs
 * are flushed once for the whole range, and only then are they freed.
 * mm/mmu_gather.c says why and how.
 */
#ifndef _MM_MMU_GATHER_H
#define _MM_MMU_GATHER_H

#include <asm/page.h>
#include <asm/pgtable_types.h>

#include "types.h"

struct mm_struct;
struct page;

/* A batch of gathered pages; those after the first fill a page each, their
 * slots right after this header. */
struct mmu_gather_batch {
	struct mmu_gather_batch *next;
	unsigned int nr;
	unsigned int max;
	struct page **pages; /* @max slots */
};

#define MMU_GATHER_BUNDLE 8 /* slots on the stack, in struct mmu_gather */
#define MAX_GATHER_BATCH \
	((PAGE_SIZE - sizeof(struct mmu_gather_batch)) / sizeof(void *))
/* Pages gathered at most before a flush, as Linux's (about 10000). */
#define MAX_GATHER_BATCH_COUNT (10000UL / MAX_GATHER_BATCH)
/* What clearing one PTE may gather: its page and the PTE, PMD and PUD
 * tables it emptied (a PML4 is only freed with its mm). */
#define MMU_GATHER_PTE_SLOTS 4

/**
 * struct mmu_gather - one unmap's pending flush and frees
 * @mm: the address space unmapped from, or NULL for a page table that no
 *	CPU has loaded (nothing to flush)
 * @start: lowest address of a cleared entry, or TLB_FLUSH_ALL if none yet
 * @end: the end of the highest cleared entry's page
 * @batch_count: batch pages taken so far
 * @active: the batch that fills now
 * @local: the first batch, @__pages on the stack
 */
struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
	unsigned int batch_count;
	struct mmu_gather_batch *active;
	struct mmu_gather_batch local;
	struct page *__pages[MMU_GATHER_BUNDLE];
};

/**
 * tlb_gather_mmu - start an empty gather for an unmap
 * @tlb: the gather, usually on the caller's stack
 * @mm: the address space unmapped from (see struct mmu_gather)
 *
 * Context: any; the gather must end with tlb_finish_mmu().
 */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);

/**
 * tlb_reserve - make room for what clearing one more PTE may gather
 * @tlb: the gather
 *
 * Takes a new batch page if the active one has fewer than
 * MMU_GATHER_PTE_SLOTS slots left; if none can be had, flushes and frees
 * what was gathered so far (tlb_flush_mmu()).
 * Context: thread context, no spinlock held, interrupts on.
 */
void tlb_reserve(struct mmu_gather *tlb);

/**
 * tlb_remove_page - free @page's mapping reference after the flush
 * @tlb: the gather, with room reserved by tlb_reserve()
 * @page: a page whose PTE at @va was cleared, its rmap already removed
 * @va: that address, added to the range to flush
 *
 * Context: any; never flushes.
 */
void tlb_remove_page(struct mmu_gather *tlb, struct page *page,
		     unsigned long va);

/**
 * tlb_remove_table - free a page table after the flush
 * @tlb: the gather, with room reserved by tlb_reserve()
 * @table: a table just detached from its tree (no entry points at it)
 * @va: the address whose unmap emptied it, added to the range to flush
 *
 * Context: the page table's lock may be held; never flushes.
 */
void tlb_remove_table(struct mmu_gather *tlb, pteval_t *table,
		      unsigned long va);

/**
 * tlb_flush_mmu - flush the range gathered so far, then free its pages
 * @tlb: the gather
 *
 * This CPU flushes if it runs @tlb->mm; every other CPU of its
 * mm_cpumask takes one shootdown IPI. A range of more than
 * TLB_SINGLE_PAGE_FLUSH_CEILING pages is flushed whole, a smaller one
 * page by page. Only when all have flushed are the gathered pages and
 * tables freed. Context: thread context, no spinlock held, interrupts on.
 */
void tlb_flush_mmu(struct mmu_gather *tlb);

/**
 * tlb_finish_mmu - end a gather
 * @tlb: the gather
 *
 * tlb_flush_mmu(), then the batch pages go back to the allocator.
 * Context: as tlb_flush_mmu().
 */
void tlb_finish_mmu(struct mmu_gather *tlb);

#endif
