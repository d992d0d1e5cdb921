/*
 * The kernel's vsnprintf (lib/vsprintf.c, built here as kernel_snprintf)
 * must print exactly what C's printf prints for the formats it supports, so
 * that mm/ reports read the same in the kernel and in host tests.
 */
#include <stdio.h>
#include <string.h>

#include "host.h"

int kernel_snprintf(char *buf, size_t size, const char *fmt, ...);

#define CHECK(fmt, ...)                                                       \
	do {                                                                  \
		char want[128], got[128];                                     \
		int nw = snprintf(want, sizeof(want), fmt, __VA_ARGS__);      \
		int ng = kernel_snprintf(got, sizeof(got), fmt, __VA_ARGS__); \
		assert_string_equal(got, want);                               \
		assert_int_equal(ng, nw);                                     \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	CHECK("%d %i %u", -42, 17, 4000000000u);
	CHECK("%ld %lu %lld %llu", -1L, 123456789012UL, -9000000000LL,
	      18446744073709551615ULL);
	CHECK("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
	CHECK("%x %X %#x %#X %#018lx %#lx", 255u, 255u, 255u, 255u, 0UL, 16UL);
	CHECK("0x%016llx %o %zu %hhu %hd", 0xabcULL, 8u, (size_t)99,
	      (unsigned char)300, (short)-3);
	CHECK("%6lu %-8s|%8s|%.3s|%*d|%-*d|", 7UL, "DMA", "Normal", "abcdef", 4,
	      9, 4, 9);
	CHECK("%.5d %c%c %% %s", 42, 'o', 'k', "");
}

static void test_truncation(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(kernel_snprintf(buf, sizeof(buf), "%s", "0123456789"),
			 10);
	assert_string_equal(buf, "0123456");
	assert_int_equal(kernel_snprintf(NULL, 0, "%d", 12345), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
