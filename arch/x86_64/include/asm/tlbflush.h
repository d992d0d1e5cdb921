/*
 * The TLB and address-space switch operations mm/ needs. These are the only
 * hardware effects of the page-table code; the host build counts them.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include "types.h"

/* Invalidate the TLB entry for one virtual address of the active mm. */
void flush_tlb_one(unsigned long va);
/* Invalidate every non-global TLB entry (a CR3 reload). */
void flush_tlb_local(void);
/* Invalidate every TLB entry, global ones too (toggles CR4.PGE). */
void flush_tlb_all(void);
/* Physical address of the active top-level table. */
phys_addr_t read_cr3(void);
/* Switch to the address space whose PML4 is at @pa. */
void write_cr3(phys_addr_t pa);

#endif
