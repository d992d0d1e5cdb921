/*
 * `bench contig` and `bench contig random`: what contiguous allocations
 * cost (tools/bench.py puts the lines in docs/BENCHMARKS.md).
 *
 *   bench contig          cma_alloc() of 4, 16, 64 and 256 MiB, held
 *                         together, in the area "default" (boot with
 *                         cma=512M) about half occupied by a workload
 *   bench contig random   100 alloc_contig_pages() of random sizes (64 KiB
 *                         to 64 MiB) and alignments after mkfrag mixed,
 *                         as self-test (e) does: success rate and reasons
 */
#include "kerrno.h"
#include "kernel/shell/bench.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "ktime.h"
#include "lib.h"
#include "mm/cma.h"
#include "mm/contig_alloc.h"
#include "mm/movable_ops.h"

static const unsigned long bench_cma_mib[] = { 4, 16, 64, 256 };

#define MIB_PAGES (1UL << (20 - PAGE_SHIFT))

struct bench_cma_run {
	struct page *page;
	unsigned long nr;
};

/* In-use pages of @cma that cma_alloc() must move: user and kpool pages. */
static unsigned long area_occupied(const struct cma *cma)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < cma->count; i++) {
		struct page *page = pfn_to_page(cma->base_pfn + i);

		n += PageLRU(page) || PageMovableOps(page);
	}
	return n;
}

/* One cma_alloc() of @mib MiB, timed and printed; kept in @run. */
static void bench_cma_one(struct cma *cma, unsigned long mib,
			  struct bench_cma_run *run)
{
	struct contig_info info;
	u64 t0 = ktime_get_ns(), ns;

	run->nr = mib * MIB_PAGES;
	run->page = cma_alloc(cma, run->nr, pageblock_order, &info);
	ns = ktime_get_ns() - t0;
	shell_printf(
		"bench contig_cma size_mib=%lu ok=%d ms_per_mib=%llu.%03llu migrated=%lu occupied=%lu ns_per_migrated=%lu passes=%u reason=%s\n",
		mib, run->page != NULL,
		(unsigned long long)(ns / mib / 1000000),
		(unsigned long long)(ns / mib / 1000 % 1000), info.nr_migrated,
		info.nr_occupied,
		info.nr_migrated ? (unsigned long)(ns / info.nr_migrated) : 0,
		info.nr_passes, contig_reason_names[info.reason]);
}

static int bench_contig_cma(void)
{
	struct bench_cma_run runs[ARRAY_SIZE(bench_cma_mib)];
	struct cma *cma = cma_find("default");
	unsigned long checked, bad;
	int err;

	if (!cma || cma->count < 512 * MIB_PAGES) {
		shell_printf(
			"error: needs a CMA area 'default' of 512 MiB (boot with cma=512M)\n");
		return -EINVAL;
	}
	err = workload_create(FRAG_RANDOM, 95);
	if (err) {
		shell_printf("error: mkfrag failed (%d)\n", err);
		return err;
	}
	shell_printf("bench contig_area pages=%lu occupied=%lu\n", cma->count,
		     area_occupied(cma));
	for (size_t i = 0; i < ARRAY_SIZE(bench_cma_mib); i++)
		bench_cma_one(cma, bench_cma_mib[i], &runs[i]);
	bad = workload_verify(&checked, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++)
		if (runs[i].page)
			cma_release(cma, runs[i].page, runs[i].nr);
	workload_release();
	shell_printf("bench contig_verify pages=%lu mismatches=%lu\n", checked,
		     bad);
	return 0;
}

#define RANDOM_ROUNDS 100
#define RANDOM_MIN_PAGES 16UL	 /* 64 KiB */
#define RANDOM_MAX_PAGES 16384UL /* 64 MiB */
#define RANDOM_SEED 12		 /* the seed of self-test (e) */

static int bench_contig_random(void)
{
	unsigned int count[NR_CONTIG_REASONS] = { 0 };
	struct rnd_state rnd;
	int err = workload_create(FRAG_MIXED, 90);

	if (err) {
		shell_printf("error: mkfrag failed (%d)\n", err);
		return err;
	}
	prandom_seed(&rnd, RANDOM_SEED);
	for (int i = 0; i < RANDOM_ROUNDS; i++) {
		unsigned long nr =
			RANDOM_MIN_PAGES +
			prandom_below(&rnd,
				      RANDOM_MAX_PAGES - RANDOM_MIN_PAGES + 1);
		unsigned long align =
			1UL << prandom_below(&rnd, order_base_2(nr) + 1);
		struct contig_info info;
		struct page *page = __alloc_contig_pages(
			nr, align, GFP_HIGHUSER_MOVABLE, &info);

		count[page ? CONTIG_OK : info.reason]++;
		if (page)
			free_contig_range(page_to_pfn(page), nr);
	}
	workload_release();
	shell_printf(
		"bench contig_random rounds=%d success=%u unmovable=%u pinned=%u reserved=%u hole=%u race=%u nomem=%u\n",
		RANDOM_ROUNDS, count[CONTIG_OK], count[CONTIG_UNMOVABLE],
		count[CONTIG_PINNED], count[CONTIG_RESERVED],
		count[CONTIG_HOLE], count[CONTIG_RACE], count[CONTIG_NOMEM]);
	return 0;
}

/**
 * bench_contig - the `bench contig [random]` command (from kernel/shell/bench.c)
 * @random: the random-sizes run instead of the CMA one
 *
 * Return: 0, or an error after an "error:" line.
 */
int bench_contig(bool random)
{
	return random ? bench_contig_random() : bench_contig_cma();
}
