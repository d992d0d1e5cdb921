/*
 * Host test support: simulated physical memory and a boot sequence for the
 * real mm/ sources, plus panic catching for tests that expect one.
 */
#ifndef _TESTS_HOST_HOST_H
#define _TESTS_HOST_HOST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <asm/tlbflush.h>

#include "mm/memblock.h"
#include "mm/internal.h"

/* Counters kept by the fake TLB and CR3 operations. */
extern unsigned long host_tlb_flush_one, host_tlb_flush_all;
/*
 * Shootdowns asked for by flush_tlb_multi() (to a made-up other CPU), the
 * range the last one asked for, and a hook a test may set to look at the
 * machine at the moment of a shootdown (when the other CPU flushes).
 */
extern unsigned long host_tlb_remote_flush;
extern struct flush_tlb_info host_tlb_remote_info;
extern void (*host_tlb_remote_hook)(void);
extern phys_addr_t host_cr3;

/*
 * The fake TLB. host_tlb_fill() caches the translation @va -> @pfn, as a
 * CPU access through the active page table would; flush_tlb_one(@va),
 * flush_tlb_local(), flush_tlb_all() and write_cr3() drop it again.
 * host_tlb_lookup() returns true and the cached pfn if @va is cached.
 */
void host_tlb_fill(unsigned long va, unsigned long pfn);
bool host_tlb_lookup(unsigned long va, unsigned long *pfn);

/*
 * Reserve (lazily) @bytes of simulated physical memory starting at physical
 * address 0, and a struct page array covering it. Safe to call again: each
 * call throws the previous memory away.
 */
void host_mem_init(u64 bytes);
void host_mem_free(void);

/*
 * Boot mm/ on the memory map @map: sanitize, memblock, reserve the first
 * MiB (as the kernel does), zones, struct pages, buddy allocator.
 * host_mem_init() must cover the highest usable address.
 */
void host_boot(const struct memmap_entry *map, unsigned int n);

/* A map of @mib MiB of RAM at 0 with the PC's first-MiB holes. */
void host_boot_simple(unsigned long mib);

/*
 * Every zone type: DMA, DMA32 up to @dma32_mib MiB, and 16 MiB of Normal
 * at 4 GiB whose top 8 MiB become ZONE_MOVABLE.
 */
void host_boot_all_zones(unsigned long dma32_mib);

/*
 * Run @fn and return true if it panicked (the panic message is kept in
 * host_panic_msg). Memory state after a caught panic is whatever @fn left.
 */
bool host_catch_panic(void (*fn)(void *), void *arg);
extern char host_panic_msg[512];

/*
 * A "WARNING:" line from printk fails the running test, unless this is set
 * (by a test that checks a warning is given).
 */
extern bool host_warnings_allowed;

/* Collect everything printk printed since the last call (NUL-terminated). */
const char *host_log(void);
void host_log_clear(void);

#endif
