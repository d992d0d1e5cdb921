/*
 * Migration entries: what a PTE holds while its page is being migrated.
 *
 * The present bit is clear, so any access faults; the CPU ignores the rest
 * of a non-present entry, and we keep there the pfn of the page being
 * moved, a marker bit, and the PTE bits the new PTE must inherit:
 *
 *   63          52 51                    12 11  10  9 ... 7  6  5  4..2  1  0
 *  +--------------+------------------------+---+--+-------+--+--+----+--+---+
 *  |      0       |   pfn of the old page  | 0 |M |   0   |D |A | 0  |W | 0 |
 *  +--------------+------------------------+---+--+-------+--+--+----+--+---+
 *     M = _PAGE_SOFTW2 (a migration entry), W = _PAGE_RW (was writable),
 *     D, A = dirty and accessed, as the old PTE had them
 *
 * A fault on such an entry waits until the migration ends (mm/memory.c).
 * Linux encodes these as swap entries of a special type; the idea is
 * the same.
 */
#ifndef _MM_SWAPOPS_H
#define _MM_SWAPOPS_H

#include <asm/pgtable_types.h>

#define _PAGE_MIGRATION _PAGE_SOFTW2

/* The bits of a PTE that its migration entry keeps for the new PTE. */
#define MIGRATION_KEPT_BITS (_PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED)

/* The migration entry replacing @pte, which maps @pfn. */
static inline pteval_t make_migration_entry(unsigned long pfn, pteval_t pte)
{
	return ((pteval_t)pfn << 12) | _PAGE_MIGRATION |
	       (pte & MIGRATION_KEPT_BITS);
}

static inline bool is_migration_entry(pteval_t e)
{
	return !(e & _PAGE_PRESENT) && (e & _PAGE_MIGRATION);
}

static inline bool is_writable_migration_entry(pteval_t e)
{
	return is_migration_entry(e) && (e & _PAGE_RW);
}

static inline unsigned long migration_entry_to_pfn(pteval_t e)
{
	return (unsigned long)((e & PTE_PFN_MASK) >> 12);
}

#endif
