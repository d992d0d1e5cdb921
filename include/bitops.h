/* Bit operations on unsigned long bitmaps, and integer logarithms. */
#ifndef _BITOPS_H
#define _BITOPS_H

#include "compiler.h"

#define BITS_PER_LONG 64
#define BIT(n) (1UL << (n))
#define BITS_TO_LONGS(n) DIV_ROUND_UP(n, BITS_PER_LONG)

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= BIT(nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~BIT(nr % BITS_PER_LONG);
}

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

/* Index of the least significant set bit; undefined for 0. */
static inline unsigned int __ffs(unsigned long x)
{
	return (unsigned int)__builtin_ctzl(x);
}

/* Index of the most significant set bit; undefined for 0. */
static inline unsigned int __fls(unsigned long x)
{
	return BITS_PER_LONG - 1 - (unsigned int)__builtin_clzl(x);
}

/* floor(log2(x)) for x > 0. */
static inline unsigned int ilog2(unsigned long x)
{
	return __fls(x);
}

/* Smallest order such that (1 << order) >= n, for n >= 1. */
static inline unsigned int order_base_2(unsigned long n)
{
	return n <= 1 ? 0 : __fls(n - 1) + 1;
}

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

#endif
