/* The self-test runner: see include/ktest.h. */
#include <stdarg.h>

#include "ktest.h"
#include "lib.h"
#include "printk.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

static const struct ktest *current_test;
static unsigned int current_failures;
static char current_skip[96]; /* empty: not skipped */

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	current_failures++;
	printk(KERN_ERR "    # %s: FAIL at %s:%d: %s\n",
	       current_test ? current_test->name : "?", file, line, msg);
}

void ktest_log(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_ERR "    # %s: %s\n",
	       current_test ? current_test->name : "?", msg);
}

void ktest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(current_skip, sizeof(current_skip), fmt, ap);
	va_end(ap);
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
	/* KERN_ERR so that a low loglevel never hides the results. */
	printk(KERN_ERR "KTAP version 1\n1..%u\n", total);
	for (size_t i = 0; i < nr_tests; i++) {
		t = &__start_ktests[i];
		if (!selected(t, filter))
			continue;
		current_test = t;
		current_failures = 0;
		current_skip[0] = '\0';
		t->run();
		n++;
		if (current_failures) {
			failed++;
		} else if (current_skip[0]) {
			skipped++;
			printk(KERN_ERR "ok %u %s # SKIP %s\n", n, t->name,
			       current_skip);
			continue;
		}
		printk(KERN_ERR "%s %u %s\n",
		       current_failures ? "not ok" : "ok", n, t->name);
	}
	current_test = NULL;
	if (skipped)
		printk(KERN_ERR "%u passed, %u failed, %u skipped\n",
		       total - failed - skipped, failed, skipped);
	else
		printk(KERN_ERR "%u passed, %u failed\n", total - failed,
		       failed);
	return (int)failed;
}
