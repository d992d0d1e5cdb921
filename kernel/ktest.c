/* The self-test runner: see include/ktest.h. */
#include <stdarg.h>

#include "ktest.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "printk.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

static const struct ktest *current_test;
static unsigned int current_failures;
static char skip_reason[160]; /* empty: the test did not skip */

/*
 * Every KTAP line is printed without a log level: it is output the user
 * asked for, so loglevel= never hides it (see kernel/printk.c).
 */

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	current_failures++;
	printk("    # %s: FAIL at %s:%d: %s\n",
	       current_test ? current_test->name : "?", file, line, msg);
}

void ktest_log(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("    # %s: %s\n", current_test ? current_test->name : "?", msg);
}

void ktest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
	if (!skip_reason[0]) /* a skip must still be seen as one */
		snprintf(skip_reason, sizeof(skip_reason), "no reason given");
}

/* "ok N name", "not ok N name" or "ok N name # SKIP reason". */
static void print_result(unsigned int n, const char *name)
{
	if (current_failures)
		printk("not ok %u %s\n", n, name);
	else if (skip_reason[0])
		printk("ok %u %s # SKIP %s\n", n, name, skip_reason);
	else
		printk("ok %u %s\n", n, name);
}

/*
 * Run @t. A bad page state nobody asked for fails the test it happened in,
 * whatever the test checked: the self-tests end in the same verdict as the
 * boot's console, which the host's harness reads for BUG lines.
 */
static void run_one(const struct ktest *t)
{
	unsigned long bad = nr_bad_pages_unexpected;

	current_test = t;
	current_failures = 0;
	skip_reason[0] = '\0';
	t->run();
	if (nr_bad_pages_unexpected != bad)
		ktest_fail(__FILE__, __LINE__,
			   "%lu unexpected bad page state(s)",
			   nr_bad_pages_unexpected - bad);
}

static bool selected(const struct ktest *t, const char *filter)
{
	return !filter || !strcmp(t->name, filter);
}

int ktest_run(const char *filter)
{
	size_t nr_tests = table_entries(__start_ktests, __stop_ktests);
	const struct ktest *t;
	unsigned int n = 0, total = 0, failed = 0, skipped = 0;

	for (size_t i = 0; i < nr_tests; i++)
		total += selected(&__start_ktests[i], filter);
	if (!total)
		return -1;
	printk("KTAP version 1\n1..%u\n", total);
	for (size_t i = 0; i < nr_tests; i++) {
		t = &__start_ktests[i];
		if (!selected(t, filter))
			continue;
		run_one(t);
		n++;
		print_result(n, t->name);
		/* A test that failed before it skipped has failed. */
		if (current_failures)
			failed++;
		else if (skip_reason[0])
			skipped++;
	}
	current_test = NULL;
	printk("%u passed, %u failed", total - failed - skipped, failed);
	if (skipped)
		printk(KERN_CONT ", %u skipped", skipped);
	printk(KERN_CONT "\n");
	return (int)failed;
}
