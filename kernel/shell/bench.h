/*
 * Benchmarks that live in their own files (kernel/shell/bench_*.c), called from
 * the `bench` command in kernel/shell/bench.c. Each prints `bench NAME k=v ...`
 * lines that tools/bench.py reads.
 */
#ifndef _KERNEL_BENCH_H
#define _KERNEL_BENCH_H

#include <asm/copy_page.h>

#include "types.h"

/* `bench copy`: every copy_page() variant, hot and cold. */
int bench_copy(void);

/**
 * bench_copy_hot_ns - median ns of one cache-hot 4 KiB copy by @ops
 * @ops: a variant of page_copy_variants (page_copy: the one in use)
 *
 * Return: the median over BENCH_COPY_SAMPLES copies between two pages, or
 * 0 if the two pages could not be allocated.
 */
unsigned long bench_copy_hot_ns(const struct page_copy_ops *ops);

/* The smallest bench_copy_hot_ns() of all variants (0: no memory). */
unsigned long bench_copy_fastest_ns(void);

/* `bench migrate`: the per-step cost of migrating batches of pages. */
int bench_migrate(void);

/* `bench contig [random]`: cma_alloc sizes, or random contig requests. */
int bench_contig(bool random);

/* `bench kpool compact|antifrag`: the movable kernel pool against plain
 * unmovable pages. */
int bench_kpool(const char *what);

/* `bench smp migrate N|drain`, with its argv: shootdowns and the cost of
 * reaching the other CPUs (kernel/shell/bench_smp.c). */
int bench_smp(int argc, char **argv);

#endif
