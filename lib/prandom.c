/* xorshift64*: a tiny, fast, seedable generator; not for cryptography. */
#include "lib.h"

void prandom_seed(struct rnd_state *r, u64 seed)
{
	/* xorshift must never hold zero. */
	r->s = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

u64 prandom_u64(struct rnd_state *r)
{
	u64 x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

u64 prandom_below(struct rnd_state *r, u64 n)
{
	/* The high bits are the good ones; the bias for small n is negligible. */
	return (u64)(((unsigned __int128)prandom_u64(r) * n) >> 64);
}

u64 int_sqrt(u64 x)
{
	u64 r = 0, bit = 1ULL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}
