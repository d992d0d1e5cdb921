/*
 * The small C library the kernel carries (lib/): string functions, formatted
 * printing and number parsing. The prototypes are the standard C ones, so the
 * host build of mm/ links the same calls against the host's libc.
 */
#ifndef _LIB_H
#define _LIB_H

#include <stdarg.h>

#include "compiler.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
/* Length of @s, or @max if no NUL ends it within @max bytes. */
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/**
 * kstrtou64 - parse an unsigned number, decimal or 0x-prefixed hexadecimal
 * @s: the whole string to parse (no sign, no trailing characters)
 * @res: where the value goes
 *
 * Return: 0 on success, -EINVAL for a malformed string, -ERANGE on overflow.
 */
int kstrtou64(const char *s, u64 *res);

/**
 * memparse_strict - parse a size such as "512M", "4G", "64K" or "4096"
 * @s: the whole string; an optional K, M, G or T suffix (either case)
 * @res: the size in bytes
 *
 * Return: 0 on success, -EINVAL for a malformed string, -ERANGE on overflow.
 */
int memparse_strict(const char *s, u64 *res);

/* A small deterministic PRNG (xorshift64*), for workloads and tests. */
struct rnd_state {
	u64 s;
};
void prandom_seed(struct rnd_state *r, u64 seed);
u64 prandom_u64(struct rnd_state *r);
/* Uniform in [0, n) for n > 0. */
u64 prandom_below(struct rnd_state *r, u64 n);

u64 int_sqrt(u64 x);

/* Sort @n values in ascending order (small arrays: insertion sort). */
void sort_u64(u64 *v, unsigned int n);

#endif
