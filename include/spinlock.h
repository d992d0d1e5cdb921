/*
 * Spinlocks that also disable interrupts on the local CPU.
 *
 * With one CPU the lock word is never contended by another CPU, so the only
 * way to find it taken is to take it twice on one path: that is a deadlock
 * and is reported as a bug. Written with an atomic exchange so that adding
 * CPUs later needs no redesign (the spin loop is already there).
 */
#ifndef _SPINLOCK_H
#define _SPINLOCK_H

#include <asm/irqflags.h>

#include "compiler.h"

typedef struct {
	int locked;
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) \
	{                       \
		0, #n           \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

static inline void spin_lock_init(spinlock_t *l, const char *name)
{
	l->locked = 0;
	l->name = name;
}

void spin_lock_contended(spinlock_t *l);

static inline void arch_spin_lock(spinlock_t *l)
{
	if (unlikely(__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)))
		spin_lock_contended(l);
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

#define spin_lock_irqsave(l, flags)    \
	do {                           \
		local_irq_save(flags); \
		arch_spin_lock(l);     \
	} while (0)

#define spin_unlock_irqrestore(l, flags)  \
	do {                              \
		arch_spin_unlock(l);      \
		local_irq_restore(flags); \
	} while (0)

/* For code that already runs with interrupts disabled. */
#define spin_lock(l) arch_spin_lock(l)
#define spin_unlock(l) arch_spin_unlock(l)

#endif
