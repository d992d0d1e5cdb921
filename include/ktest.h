/*
 * In-kernel self-tests. A test is a function registered with one line:
 *
 *   KTEST(buddy_split_merge)
 *   {
 *           struct page *p = alloc_pages(GFP_KERNEL, 3);
 *           KTEST_ASSERT(p != NULL, "order-3 allocation failed");
 *           KTEST_EXPECT_EQ(page_ref_count(p), 1);
 *           __free_pages(p, 3);
 *   }
 *
 * ktest_run() runs the registered tests (in link order) and prints KTAP:
 * "KTAP version 1", "1..N", then "ok N name" or "not ok N name" with the
 * failed expectations as "# " lines before it, and "N passed, N failed"
 * (", N skipped" added when a test skipped). A test that cannot run in
 * this configuration says so with KTEST_SKIP("reason"): it prints
 * "ok N name # SKIP reason" and is counted apart, never as a pass.
 * The `selftest` boot parameter runs them all and ends the QEMU run with
 * 0x10 (all passed) or 0x11; the shell's `selftest [NAME]` runs them too.
 */
#ifndef _KTEST_H
#define _KTEST_H

#include "compiler.h"

struct ktest {
	const char *name;
	void (*run)(void);
};

#define KTEST(nm)                                                  \
	static void ktest_fn_##nm(void);                           \
	static const struct ktest __ktest_##nm __used __aligned(8) \
		__section(".ktests") = { #nm, ktest_fn_##nm };     \
	static void ktest_fn_##nm(void)

void ktest_fail(const char *file, int line, const char *fmt, ...)
	__printf(3, 4);
/* A "# " diagnostic line in the KTAP output (figures a test measured). */
void ktest_log(const char *fmt, ...) __printf(1, 2);

/* Mark the current test skipped, with a reason (printf format). */
void ktest_skip(const char *fmt, ...) __printf(1, 2);

/*
 * Skip the rest of the test: it cannot run here (say why). Only for a
 * configuration the test does not apply to, never for a result it dislikes.
 * A suite that provides the configuration (a CMA area, a 4 GiB guest) must
 * check that the test ran there.
 */
#define KTEST_SKIP(...)                  \
	do {                             \
		ktest_skip(__VA_ARGS__); \
		return;                  \
	} while (0)

/* Record a failure and go on. The message is optional. */
#define KTEST_EXPECT(cond, ...)                                        \
	do {                                                           \
		if (unlikely(!(cond)))                                 \
			ktest_fail(__FILE__, __LINE__,                 \
				   "expected " #cond " " __VA_ARGS__); \
	} while (0)

/* Record a failure and end the test (return from the test function). */
#define KTEST_ASSERT(cond, ...)                                         \
	do {                                                            \
		if (unlikely(!(cond))) {                                \
			ktest_fail(__FILE__, __LINE__,                  \
				   "assertion " #cond " " __VA_ARGS__); \
			return;                                         \
		}                                                       \
	} while (0)

#define KTEST_EXPECT_EQ(a, b)                                                 \
	do {                                                                  \
		long long __a = (long long)(a), __b = (long long)(b);         \
		if (unlikely(__a != __b))                                     \
			ktest_fail(__FILE__, __LINE__,                        \
				   "expected " #a " == " #b ": %lld != %lld", \
				   __a, __b);                                 \
	} while (0)

/**
 * ktest_run - run registered tests and print KTAP
 * @filter: run only the test with this name (NULL: all)
 *
 * Return: the number of failed tests, or -1 if @filter names no test.
 */
int ktest_run(const char *filter);

#endif
