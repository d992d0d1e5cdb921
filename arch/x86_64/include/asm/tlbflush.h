/*
 * The TLB and address-space switch operations mm/ needs. These are the only
 * hardware effects of the page-table code; the host build counts them.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include "types.h"

struct cpumask;

/* Invalidate the TLB entry for one virtual address of the active mm. */
void flush_tlb_one(unsigned long va);
/* Invalidate every non-global TLB entry (a CR3 reload). */
void flush_tlb_local(void);
/* Invalidate every TLB entry, global ones too (toggles CR4.PGE). */
void flush_tlb_all(void);
/*
 * The shootdown: flush the non-global TLB entries of each online CPU of
 * @cpus but this one, by IPI, and wait until all have. Counts one
 * nr_tlb_remote_flush per CPU sent to, and each CPU one
 * nr_tlb_remote_flush_received per IPI taken (Linux counts sends once per
 * call; per CPU, sent = received holds and can be checked).
 * Context: thread context, interrupts on (see smp_call_function_many()).
 */
void flush_tlb_multi(const struct cpumask *cpus);
/* Physical address of the active top-level table. */
phys_addr_t read_cr3(void);
/* Switch to the address space whose PML4 is at @pa. */
void write_cr3(phys_addr_t pa);

#endif
