/*
 * Address spaces (mm_struct) and their VMAs: creating and destroying them,
 * anonymous mappings, unmapping, sharing a range between two mms, and
 * making one the active address space of this CPU.
 */
#ifndef _MM_MMAP_H
#define _MM_MMAP_H

#include "smp.h"
#include "mm/mm_types.h"

struct flush_tlb_info;

/**
 * mm_alloc - create an empty address space
 * @name: shown by the shell and in messages (not copied)
 *
 * Return: the mm, or NULL if there is no memory for it.
 */
struct mm_struct *mm_alloc(const char *name);

/* Unmap everything, free the page tables and the mm. Not while active. */
void mm_destroy(struct mm_struct *mm);

/**
 * mmap_anon - add an anonymous VMA [@addr, @addr + @len)
 * @mm: the address space
 * @addr: page-aligned start in the lower half
 * @len: page-aligned length
 * @vm_flags: VM_READ | VM_WRITE ...
 *
 * No memory is allocated: pages come on first touch.
 * Return: the VMA, or NULL (bad range, overlap, or no memory).
 */
struct vm_area_struct *mmap_anon(struct mm_struct *mm, unsigned long addr,
				 unsigned long len, unsigned long vm_flags);

/* The VMA containing @addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/**
 * zap_page_range - free the pages mapped in [@addr, @addr + @len)
 * @mm: the address space
 *
 * The VMAs stay (like madvise(MADV_DONTNEED)): a later touch faults in a
 * fresh zero page. Page tables that become empty are freed. The TLBs are
 * flushed once for the range (here, and by one shootdown IPI on each other
 * CPU that runs @mm), before any page or table is freed: mm/mmu_gather.c.
 * Context: thread context, no spinlock held.
 * Return: the number of pages unmapped.
 */
unsigned long zap_page_range(struct mm_struct *mm, unsigned long addr,
			     unsigned long len);

/**
 * vm_munmap - remove [@addr, @addr + @len) from @mm: pages, tables and VMAs
 * (a VMA that only partly overlaps is trimmed or split).
 *
 * Return: 0, or -EINVAL for a misaligned range, -ENOMEM if a split needed
 * a VMA and none could be allocated.
 */
int vm_munmap(struct mm_struct *mm, unsigned long addr, unsigned long len);

/**
 * mm_share_range - map @src's pages of [@src_addr, +@len) into @dst
 * @dst: the address space that gets the mapping
 * @dst_addr: where, in @dst (page aligned, free)
 * @src: the address space whose anonymous pages are shared
 * @src_addr: start of the range, inside one VMA of @src
 * @len: bytes (page aligned)
 *
 * Every page of the range is faulted in first, then mapped at the same
 * offset in a new VMA of @dst that joins the source VMA's anon_vma, so
 * rmap (and migration) sees both mappings. Writes through either mm are
 * seen by the other.
 * Return: 0 or a negative error.
 */
int mm_share_range(struct mm_struct *dst, unsigned long dst_addr,
		   struct mm_struct *src, unsigned long src_addr,
		   unsigned long len);

/**
 * activate_mm - load @mm's page table on this CPU
 * @mm: the address space (NULL: only the kernel's mappings)
 *
 * This CPU joins mm_cpumask(@mm) before the load and leaves the mask of
 * the mm it ran on after it: see mm_cpumask().
 * Context: any; interrupts are turned off inside.
 */
void activate_mm(struct mm_struct *mm);

/*
 * The CPUs that may hold TLB entries of @mm: those that have it loaded,
 * and for a moment a CPU that is switching to it or away. A CPU joins
 * before its CR3 load, with a locked instruction (a full barrier), so a
 * CPU that changes a PTE, then runs smp_mb() and reads the mask either
 * sees the newcomer or the newcomer's page walk sees the new PTE. Used to
 * send TLB shootdowns only where they are needed (Linux's mm_cpumask).
 */
static inline struct cpumask *mm_cpumask(struct mm_struct *mm)
{
	return &mm->cpu_bitmap;
}

/* Shoot down @info of @mm on every other CPU that has it loaded. */
void flush_tlb_mm_others(struct mm_struct *mm,
			 const struct flush_tlb_info *info);

/* The mm each CPU runs on, for the inline tests below (activate_mm()). */
extern struct mm_struct *cpu_active_mm[];

/* The mm whose page table this CPU runs on (NULL: the kernel's). */
static inline struct mm_struct *current_mm(void)
{
	return cpu_active_mm[smp_processor_id()];
}

/* True if @mm's page table is the one loaded on this CPU. Inline: the
 * unmap of every migrated page asks. */
static inline bool mm_is_active(const struct mm_struct *mm)
{
	return current_mm() == mm;
}

/* Address spaces in existence, for the shell. */
extern unsigned long nr_mms;

#endif
