/*
 * Ticket spinlocks (Linux's before queued spinlocks): a CPU takes the next
 * ticket and spins until the lock's owner field reaches it, so waiters get
 * the lock in the order they came (fair), and the unlock is a plain
 * increment of the owner field.
 *
 * spin_lock() is for code that already runs with interrupts off; the
 * irqsave variants disable them on the local CPU first. A lock taken with
 * interrupts on could be wanted again by an interrupt handler on the same
 * CPU, which would spin forever: every lock here is taken with interrupts
 * off, and while a CPU holds one its thread cannot be switched away.
 *
 * Debug checks, always on (they cost a few stores): each lock records the
 * CPU that holds it and where it was taken, so that
 *   - taking a lock this CPU already holds panics at once, naming both
 *     places (recursion can never end);
 *   - releasing a lock this CPU does not hold warns, with a backtrace;
 *   - lockdep_assert_held() means "held by this CPU", not just "locked";
 *   - a spin longer than a second is reported with the holder and both
 *     CPUs' backtraces, the holder's printed by that CPU from an NMI
 *     (lib/spinlock.c, arch/x86_64/nmi.c), then the spin goes on.
 * A count of the locks each CPU holds (pcpu_hot.spin_lock_depth) lets
 * might_sleep() and the scheduler tell a lock holder from a plain thread.
 */
#ifndef _SPINLOCK_H
#define _SPINLOCK_H

#include <asm/irqflags.h>
#include <asm/percpu.h>

#include "compiler.h"

typedef struct {
	u16 owner;     /* the ticket being served */
	u16 next;      /* the next ticket to hand out */
	int owner_cpu; /* -1 when free */
	const char *name;
	const char *owner_file; /* where the holder took it, for reports */
	int owner_line;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n)             \
	{                                   \
		.owner_cpu = -1, .name = #n \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

static inline void spin_lock_init(spinlock_t *l, const char *name)
{
	*l = (spinlock_t){ .owner_cpu = -1, .name = name };
}

/* The slow path: check for recursion, then spin for @ticket. */
void spin_lock_contended(spinlock_t *l, u16 ticket, const char *file, int line);
/* Report an unlock by a CPU that does not hold the lock. */
void spin_unlock_bad(spinlock_t *l);
/* Report a lock taken before spin_lock_init(): zero-filled, its owner
 * field would say CPU 0 holds it whenever it is free. */
void spin_lock_uninit(spinlock_t *l, const char *file, int line);

/* Spins reported as lockups since boot. */
extern unsigned long nr_spin_lockups;
/* The lock a self-test is about to make spin too long: its lockup is
 * reported without "WARNING". */
extern const spinlock_t *spin_lockup_expected;

static inline void __spin_lock(spinlock_t *l, const char *file, int line)
{
	u16 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	if (unlikely(!l->name)) /* every initialised lock has one */
		spin_lock_uninit(l, file, line);
	if (unlikely(__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket))
		spin_lock_contended(l, ticket, file, line);
	l->owner_cpu = raw_smp_processor_id();
	l->owner_file = file;
	l->owner_line = line;
	this_cpu_inc(spin_lock_depth);
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	if (unlikely(l->owner_cpu != raw_smp_processor_id()))
		spin_unlock_bad(l);
	this_cpu_dec(spin_lock_depth);
	l->owner_file = NULL;
	l->owner_cpu = -1;
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

/*
 * Locked, and by this CPU (what lockdep_assert_held() checks). The owner
 * field alone tells: only this CPU writes its own number there, once its
 * ticket is served, and it puts -1 back before the ticket moves on, so
 * the field holds this CPU's number exactly while this CPU holds the lock
 * (every lock starts at -1: spin_lock_init(), DEFINE_SPINLOCK()). One
 * compare, as migration asserts rmap_lock for every page it moves.
 */
static inline bool spin_is_held_here(const spinlock_t *l)
{
	return READ_ONCE(l->owner_cpu) == raw_smp_processor_id();
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
