/* Compiler helpers: attributes, branch hints and compile-time checks. */
#ifndef _COMPILER_H
#define _COMPILER_H

#include "types.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __noinline __attribute__((noinline))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))
#define __unused __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define barrier() __asm__ __volatile__("" ::: "memory")
/* A full memory barrier: no load or store crosses it (x86 reorders a
 * store with a later load, and only a fence or a locked op stops that). */
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

/*
 * Entries of a table the linker builds between __start_NAME and
 * __stop_NAME (see linker.ld). Through uintptr_t: to the compiler the two
 * symbols are different objects, and comparing their addresses directly
 * would be undefined.
 */
#define table_entries(start, stop) \
	(((uintptr_t)(stop) - (uintptr_t)(start)) / sizeof((start)[0]))

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#define ALIGN(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

#endif
