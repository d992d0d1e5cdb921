/* The page-fault entry point mm/ offers the architecture. */
#ifndef _MM_FAULT_H
#define _MM_FAULT_H

#include "types.h"

/* Page-fault error code bits (x86 layout, which mm/ reads). */
#define FAULT_FLAG_PROT (1UL << 0)  /* page was present: a protection fault */
#define FAULT_FLAG_WRITE (1UL << 1) /* the access was a write */
#define FAULT_FLAG_USER (1UL << 2)  /* the CPU was in user mode */

/* handle_mm_fault() results. */
#define VM_FAULT_OOM 1	   /* no memory for the page or a table */
#define VM_FAULT_SIGSEGV 2 /* the access is not allowed */
#define VM_FAULT_RETRY 3   /* waited (migration) or raced: try again */

struct mm_struct;
struct vm_area_struct;

/**
 * handle_mm_fault - make @addr of @mm accessible
 * @mm: the address space (need not be the active one)
 * @vma: the VMA covering @addr
 * @addr: the faulting address
 * @fault_flags: FAULT_FLAG_* (the x86 error-code bits)
 *
 * Return: 0 when the page is mapped, or a VM_FAULT_* code.
 */
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    unsigned long addr, unsigned int fault_flags);

/* Counters for `stats`: anonymous pages faulted in, migration waits. */
extern unsigned long nr_anon_faults, nr_migration_waits;

/**
 * handle_user_page_fault - resolve a fault on a lower-half address
 * @addr: the faulting virtual address (CR2)
 * @error_code: the CPU's page-fault error code
 *
 * Demand-faults an anonymous page of the active mm, or waits for a
 * migration to finish when the PTE is a migration entry.
 *
 * Return: true if the access can be retried, false if it is a bug (no VMA
 * covers @addr, or there is no memory left).
 */
bool handle_user_page_fault(unsigned long addr, unsigned long error_code);

#endif
