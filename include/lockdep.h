/*
 * Locking rules that execute, in Linux's words: lockdep_assert_held() where
 * a function needs a lock its caller took, lockdep_assert_irqs_disabled()
 * where it needs interrupts off, might_sleep() where it may compact,
 * reclaim or sleep. A broken rule prints a "WARNING:" line with a
 * backtrace (once per call site) and the run goes on; the QEMU test
 * harness fails any boot that printed one.
 *
 * Far less than Linux's lockdep: no lock classes, no ordering graph.
 * "Held" means locked by this CPU (each lock records its owner CPU), and
 * a per-CPU count of locks held stands in for preempt_count.
 *
 * On in debug builds: CONFIG_DEBUG_LOCKING, which the Makefile sets unless
 * DEBUG=0, and always in the host build, where the asserts see the real
 * state of the host's locks and a simulated interrupt flag.
 */
#ifndef _LOCKDEP_H
#define _LOCKDEP_H

#include "printk.h"
#include "spinlock.h"

/* Set once the scheduler runs (before that, boot code runs with
 * interrupts off and nothing may sleep anyway). */
extern bool might_sleep_ready;

void __might_sleep(const char *file, int line, bool *warned);

#ifdef CONFIG_DEBUG_LOCKING

#define lockdep_assert_held(l) \
	WARN_ONCE(!spin_is_held_here(l), "lock '%s' is not held\n", (l)->name)

#define lockdep_assert_irqs_disabled() \
	WARN_ONCE(!irqs_disabled(), "interrupts are enabled\n")

/* Warn if the caller may not sleep: interrupts off or a spinlock held. */
#define might_sleep()                                         \
	do {                                                  \
		static bool __warned;                         \
		__might_sleep(__FILE__, __LINE__, &__warned); \
	} while (0)

#else /* !CONFIG_DEBUG_LOCKING */

#define lockdep_assert_held(l) ((void)(l))
#define lockdep_assert_irqs_disabled() \
	do {                           \
	} while (0)
#define might_sleep() \
	do {          \
	} while (0)

#endif

#define might_sleep_if(cond)           \
	do {                           \
		if (cond)              \
			might_sleep(); \
	} while (0)

#endif
