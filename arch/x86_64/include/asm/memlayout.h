/*
 * The kernel's virtual address space (4-level paging, 48-bit addresses).
 *
 *   0x0000000000000000 +------------------------------+
 *                      | lower half: one mm's VMAs    |  workload memory,
 *                      | (anonymous, demand-faulted)  |  per address space
 *   0x00007fffffffffff +------------------------------+
 *                      | non-canonical hole           |
 *   0xffff800000000000 +------------------------------+
 *                      | unused                       |
 *   0xffff888000000000 +------------------------------+ PAGE_OFFSET
 *                      | direct map of all usable RAM |  2 MiB / 1 GiB pages,
 *                      | (virt = phys + PAGE_OFFSET)  |  NX
 *   0xffffc90000000000 +------------------------------+ VMALLOC_START
 *                      | vmalloc: thread stacks with  |  4 KiB pages,
 *                      | guard pages, MMIO (LAPIC,    |  NX (MMIO
 *                      | IOAPIC) through ioremap()    |  uncached)
 *   0xffffc98000000000 +------------------------------+ VMALLOC_END
 *   0xffffea0000000000 +------------------------------+ VMEMMAP_START
 *                      | struct page array, indexed   |  backed only where
 *                      | by pfn (holes unbacked)      |  RAM exists
 *   0xffffffff80000000 +------------------------------+ KERNEL_VMA
 *                      | kernel image: text (RX),     |  loaded at 1 MiB
 *                      | rodata (R), data+bss (RW)    |  physical
 *   0xffffffffffffffff +------------------------------+
 *
 * The same slots as Linux x86_64, so addresses read the same in both.
 * The upper half (PML4 slots 256..511) is shared by every address space.
 */
#ifndef _ASM_MEMLAYOUT_H
#define _ASM_MEMLAYOUT_H

#define KERNEL_VMA 0xffffffff80000000UL
#define KERNEL_PHYS_BASE 0x100000UL
#define DIRECT_MAP_START 0xffff888000000000UL
#define DIRECT_MAP_SIZE (64UL << 40)
#define VMALLOC_START 0xffffc90000000000UL
#define VMALLOC_END 0xffffc98000000000UL /* one PML4 slot: 512 GiB */
#define VMEMMAP_START 0xffffea0000000000UL
#define USER_SPACE_END 0x0000800000000000UL

#endif
