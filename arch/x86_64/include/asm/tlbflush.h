/*
 * The TLB and address-space switch operations mm/ needs. These are the only
 * hardware effects of the page-table code; the host build counts them.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <asm/page.h>

#include "types.h"

struct cpumask;

/*
 * What a flush covers: the pages of [@start, @end) in the active address
 * space, or every non-global entry (@end == TLB_FLUSH_ALL), as Linux's
 * struct flush_tlb_info.
 */
struct flush_tlb_info {
	unsigned long start;
	unsigned long end;
};

#define TLB_FLUSH_ALL (~0UL)

/*
 * Linux's tlb_single_page_flush_ceiling: a range of more pages than this
 * is flushed whole (a CR3 reload), a smaller one page by page. INVLPG also
 * drops every paging-structure cache entry of the address space, whatever
 * its address, so a range flush covers page tables freed in it too.
 */
#define TLB_SINGLE_PAGE_FLUSH_CEILING 33UL

/* Invalidate the TLB entry for one virtual address of the active mm. */
void flush_tlb_one(unsigned long va);
/* Invalidate every non-global TLB entry (a CR3 reload). */
void flush_tlb_local(void);
/* Invalidate every TLB entry, global ones too (toggles CR4.PGE). */
void flush_tlb_all(void);

/* True if @info is flushed whole rather than page by page. */
static inline bool flush_tlb_info_is_full(const struct flush_tlb_info *info)
{
	return info->end == TLB_FLUSH_ALL ||
	       (info->end - info->start) >> PAGE_SHIFT >
		       TLB_SINGLE_PAGE_FLUSH_CEILING;
}

/*
 * Flush @info on this CPU, by the rule above. Return: the pages flushed
 * one by one, or 0 for a whole flush. Inline: the shootdown IPI and the
 * mm's gather of an unmap (mm/mmu_gather.c) both run it.
 */
static inline unsigned long
flush_tlb_info_here(const struct flush_tlb_info *info)
{
	if (flush_tlb_info_is_full(info)) {
		flush_tlb_local();
		return 0;
	}
	for (unsigned long va = info->start; va < info->end; va += PAGE_SIZE)
		flush_tlb_one(va);
	return (info->end - info->start) >> PAGE_SHIFT;
}

/*
 * The shootdown: flush @info on each online CPU of @cpus but this one, by
 * IPI, and wait until all have (@info must stay valid until then). Counts one
 * nr_tlb_remote_flush per CPU sent to, and each CPU one
 * nr_tlb_remote_flush_received per IPI taken (Linux counts sends once per
 * call; per CPU, sent = received holds and can be checked).
 * Context: thread context, interrupts on (see smp_call_function_many()).
 */
void flush_tlb_multi(const struct cpumask *cpus,
		     const struct flush_tlb_info *info);
/* Physical address of the active top-level table. */
phys_addr_t read_cr3(void);
/* Switch to the address space whose PML4 is at @pa. */
void write_cr3(phys_addr_t pa);

#endif
