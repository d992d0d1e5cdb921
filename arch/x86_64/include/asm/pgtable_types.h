/*
 * x86_64 page-table entry format (4-level paging).
 *
 * A 48-bit virtual address splits into four 9-bit table indices and a
 * 12-bit page offset:
 *
 *   63    48 47    39 38    30 29    21 20    12 11         0
 *  +--------+--------+--------+--------+--------+------------+
 *  | sign   | PML4   | PDPT   |  PD    |  PT    |  offset    |
 *  +--------+--------+--------+--------+--------+------------+
 *
 * Each table is one 4 KiB page of 512 eight-byte entries. An entry holds a
 * physical frame address in bits 12..51 and flags in the rest. A PDPT entry
 * with PS maps a 1 GiB page, a PD entry with PS a 2 MiB page. When the
 * present bit is clear the CPU ignores every other bit: software may store
 * what it likes there (a migration entry does).
 */
#ifndef _ASM_PGTABLE_TYPES_H
#define _ASM_PGTABLE_TYPES_H

#include "types.h"

typedef u64 pteval_t;

#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_PWT (1UL << 3)
#define _PAGE_PCD (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7) /* PS: large page in a PD or PDPT entry */
#define _PAGE_GLOBAL (1UL << 8)
#define _PAGE_SOFTW1 (1UL << 9) /* bits 9..11 are free for software */
#define _PAGE_SOFTW2 (1UL << 10)
#define _PAGE_SOFTW3 (1UL << 11)
#define _PAGE_NX (1UL << 63)

#define PTE_PFN_MASK 0x000ffffffffff000UL

/* Levels, counted as Linux's page-table walk does. */
#define PT_LEVEL_PTE 1 /* 4 KiB */
#define PT_LEVEL_PMD 2 /* 2 MiB (PD) */
#define PT_LEVEL_PUD 3 /* 1 GiB (PDPT) */
#define PT_LEVEL_PGD 4 /* PML4 */

#define PTRS_PER_TABLE 512
#define PMD_SIZE (1UL << 21)
#define PUD_SIZE (1UL << 30)
#define PGDIR_SIZE (1UL << 39)

/* Bytes mapped by one entry at @level. */
#define PT_LEVEL_SIZE(level) (1UL << (12 + 9 * ((level)-1)))
/* Index into the table at @level for virtual address @va. */
#define PT_INDEX(va, level) \
	(((unsigned long)(va) >> (12 + 9 * ((level)-1))) & 511)

/* Protections used by the kernel. */
#define PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_GLOBAL)
#define PAGE_KERNEL_NOCACHE (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)
#define PAGE_USER_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_NX)
/* Flags of a table entry pointing at the next-level table. */
#define PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)

#endif
