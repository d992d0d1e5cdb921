/*
 * Spinlocks that also disable interrupts on the local CPU.
 *
 * One CPU runs today, and this lock is written for exactly that. With
 * interrupts off nothing else can run on the CPU, so nobody can release a
 * lock we find taken: finding it taken is a deadlock (the same path took
 * it twice, or an interrupt handler took a lock its thread held), never
 * contention. arch_spin_lock() therefore does not spin: it panics, naming
 * the lock and its owner (where it was taken). There is no spin loop and
 * no fairness; SMP needs both, and will change this file.
 *
 * Each lock records where it was taken, and a count of the locks held
 * (one CPU: one counter) lets might_sleep() tell a spinlock holder from
 * a plain thread (include/lockdep.h).
 */
#ifndef _SPINLOCK_H
#define _SPINLOCK_H

#include <asm/irqflags.h>

#include "compiler.h"

typedef struct {
	int locked;
	const char *name;
	const char *owner_file; /* where the holder took it, for reports */
	int owner_line;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) \
	{                       \
		.name = #n      \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

/* Spinlocks held right now (on the one CPU). */
extern unsigned int spin_lock_depth;

static inline void spin_lock_init(spinlock_t *l, const char *name)
{
	*l = (spinlock_t){ .name = name };
}

__noreturn void spin_lock_contended(spinlock_t *l, const char *file, int line);

static inline void __spin_lock(spinlock_t *l, const char *file, int line)
{
	if (unlikely(__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)))
		spin_lock_contended(l, file, line);
	l->owner_file = file;
	l->owner_line = line;
	spin_lock_depth++;
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	spin_lock_depth--;
	l->owner_file = NULL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

#define arch_spin_lock(l) __spin_lock(l, __FILE__, __LINE__)

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
