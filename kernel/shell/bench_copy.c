/*
 * `bench copy`: how long each copy_page() variant takes for 4 KiB in this
 * boot, cache-hot (the same two pages again and again) and cache-cold
 * (pages streaming through a region larger than any cache). Every copy is
 * timed on its own and the median reported, so a timer tick or a host
 * hiccup under plain TCG moves no figure. Each variant first proves it
 * copies and fills a page right.
 */
#include "kerrno.h"
#include "kernel/shell/bench.h"
#include "shell_cmd.h"
#include "ktime.h"
#include "lib.h"
#include "mm/gfp.h"
#include "mm/page_alloc.h"

#define BENCH_COPY_SAMPLES 1024

static u64 samples[BENCH_COPY_SAMPLES];

static unsigned long cycles_to_ns(u64 cycles)
{
	return (unsigned long)(cycles * 1000000 / tsc_khz);
}

/* Median of the samples, in TSC cycles. */
static u64 median_cycles(void)
{
	sort_u64(samples, BENCH_COPY_SAMPLES);
	return samples[BENCH_COPY_SAMPLES / 2];
}

/* What reading the TSC twice costs: subtracted from every median. */
static u64 timer_overhead(void)
{
	for (int i = 0; i < BENCH_COPY_SAMPLES; i++) {
		u64 t0 = get_cycles();

		barrier();
		samples[i] = get_cycles() - t0;
	}
	return median_cycles();
}

/* Median ns of one copy by @ops, from page @from(i) to page @to(i). */
static unsigned long time_copies(const struct page_copy_ops *ops,
				 struct page *from, struct page *to,
				 unsigned int stride)
{
	u64 overhead = timer_overhead(), med;

	ops->copy(page_address(to), page_address(from)); /* warm the code */
	for (unsigned int i = 0; i < BENCH_COPY_SAMPLES; i++) {
		void *dst = page_address(to + i * stride);
		void *src = page_address(from + i * stride);
		u64 t0 = get_cycles();

		ops->copy(dst, src);
		samples[i] = get_cycles() - t0;
	}
	med = median_cycles();
	return cycles_to_ns(med > overhead ? med - overhead : 0);
}

unsigned long bench_copy_hot_ns(const struct page_copy_ops *ops)
{
	struct page *a = alloc_page(GFP_KERNEL), *b = alloc_page(GFP_KERNEL);
	unsigned long ns = 0;

	if (a && b)
		ns = time_copies(ops, a, b, 0);
	if (a)
		__free_page(a);
	if (b)
		__free_page(b);
	return ns;
}

unsigned long bench_copy_fastest_ns(void)
{
	unsigned long best = 0;

	for (int v = 0; v < NR_PAGE_COPY_VARIANTS; v++) {
		unsigned long ns = bench_copy_hot_ns(&page_copy_variants[v]);

		if (ns && (!best || ns < best))
			best = ns;
	}
	return best;
}

/*
 * Cold copies stream through two MAX_ORDER blocks (4 MiB each, one page
 * per sample) that no variant touched before: each variant has its own
 * pair, 24 MiB in all, more than a last-level cache holds.
 */
/* True if @ops copies a page word for word and fills one with a pattern. */
static bool variant_works(const struct page_copy_ops *ops)
{
	struct page *a = alloc_page(GFP_KERNEL), *b = alloc_page(GFP_KERNEL);
	u64 *src = a ? page_address(a) : NULL,
	    *dst = b ? page_address(b) : NULL;
	const u64 pattern = PAGE_FILL_PATTERN(0xa5);
	bool ok = a && b;

	for (unsigned int w = 0; ok && w < PAGE_SIZE / sizeof(u64); w++)
		src[w] = w * 0x9e3779b97f4a7c15ULL;
	if (ok) {
		ops->copy(dst, src);
		ok = !memcmp(dst, src, PAGE_SIZE);
		ops->fill(dst, pattern);
	}
	for (unsigned int w = 0; ok && w < PAGE_SIZE / sizeof(u64); w++)
		ok = dst[w] == pattern;
	if (a)
		__free_page(a);
	if (b)
		__free_page(b);
	return ok;
}

int bench_copy(void)
{
	struct page *held[2 * NR_PAGE_COPY_VARIANTS] = { 0 };
	unsigned long hot[NR_PAGE_COPY_VARIANTS], cold[NR_PAGE_COPY_VARIANTS];
	int err = 0;

	/* Take every variant's cold blocks first so none reuses another's. */
	for (int i = 0; i < 2 * NR_PAGE_COPY_VARIANTS; i++)
		if (!(held[i] = alloc_pages(GFP_KERNEL, MAX_ORDER)))
			err = -ENOMEM;
	for (int v = 0; v < NR_PAGE_COPY_VARIANTS && !err; v++) {
		const struct page_copy_ops *ops = &page_copy_variants[v];

		if (!variant_works(ops)) {
			shell_printf("error: copy_page variant %s is wrong\n",
				     ops->name);
			err = -EIO;
			break;
		}

		hot[v] = bench_copy_hot_ns(ops);
		cold[v] = time_copies(ops, held[2 * v], held[2 * v + 1], 1);
	}
	for (int i = 0; i < 2 * NR_PAGE_COPY_VARIANTS; i++)
		if (held[i])
			__free_pages(held[i], MAX_ORDER);
	if (err == -ENOMEM)
		shell_printf("error: bench copy needs %d free 4 MiB blocks\n",
			     2 * NR_PAGE_COPY_VARIANTS);
	if (err)
		return err;
	for (int v = 0; v < NR_PAGE_COPY_VARIANTS; v++)
		shell_printf("bench copy variant=%s ns_hot=%lu ns_cold=%lu\n",
			     page_copy_variants[v].name, hot[v], cold[v]);
	shell_printf("bench copy chosen=%s\n", page_copy->name);
	return 0;
}
