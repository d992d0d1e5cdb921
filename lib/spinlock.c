/*
 * The slow path of spinlocks (include/spinlock.h) and the check behind
 * might_sleep() (include/lockdep.h).
 */
#include <asm/processor.h>

#include "ktime.h"
#include "lockdep.h"
#include "nmi.h"
#include "printk.h"
#include "spinlock.h"

#ifdef __HOST__
struct pcpu_hot host_pcpu_hot;
bool might_sleep_ready = true; /* the host tests run as a thread throughout */
bool host_irqs_on = true;
#else
bool might_sleep_ready; /* set by sched_init() */
#endif

/* A spin this long is reported (Linux: "spinlock lockup suspected"). */
#define SPIN_LOCKUP_MS 1000

/*
 * This CPU holds the lock it asks for: nobody else can release it, so
 * waiting would hang forever. Say which lock, where it was taken, and
 * who asked.
 */
static void spin_lock_recursion(spinlock_t *l, const char *file, int line)
{
	panic("deadlock: spinlock '%s' taken at %s:%d is already held (taken at %s:%d) on this CPU",
	      l->name ? l->name : "?", file, line,
	      l->owner_file ? l->owner_file : "?", l->owner_line);
}

unsigned long nr_spin_lockups;
const spinlock_t *spin_lockup_expected;

/*
 * Report a spin that has lasted SPIN_LOCKUP_MS: the waiter's stack, then
 * the holder's, which its CPU prints from an NMI (it may be spinning with
 * interrupts off itself). A lockup a self-test provokes on purpose, on the
 * lock it named, says so instead of "WARNING", which the test harness
 * takes for a kernel bug.
 */
static void spin_lock_lockup(spinlock_t *l, const char *file, int line)
{
	int owner = READ_ONCE(l->owner_cpu);
	bool expected = READ_ONCE(spin_lockup_expected) == l;

	__atomic_add_fetch(&nr_spin_lockups, 1, __ATOMIC_RELAXED);
	pr_warn("%s: %s:%d: spinlock lockup suspected on CPU#%d: '%s' for over %d ms; holder: CPU#%d, taken at %s:%d (-1, ?: being handed over)%s\n",
		expected ? "spinlock" : "WARNING", file, line,
		raw_smp_processor_id(), l->name ? l->name : "?", SPIN_LOCKUP_MS,
		owner, l->owner_file ? l->owner_file : "?", l->owner_line,
		expected ? " (expected by a self-test)" : "");
	dump_stack();
	if (owner >= 0 && !trigger_single_cpu_backtrace(owner))
		pr_warn("spinlock: no backtrace from CPU#%d\n", owner);
}

void spin_lock_contended(spinlock_t *l, u16 ticket, const char *file, int line)
{
	u64 start = get_cycles(), limit = (u64)tsc_khz * SPIN_LOCKUP_MS;
	bool reported = false;

	if (READ_ONCE(l->owner_cpu) == raw_smp_processor_id())
		spin_lock_recursion(l, file, line);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
		cpu_relax();
		if (!reported && limit && get_cycles() - start > limit) {
			reported = true;
			spin_lock_lockup(l, file, line);
		}
	}
}

void spin_unlock_bad(spinlock_t *l)
{
	pr_warn("WARNING: %s:%d: spin_unlock of '%s' on CPU#%d, but %s\n",
		__FILE__, __LINE__, l->name ? l->name : "?",
		raw_smp_processor_id(),
		spin_is_locked(l) ? "another CPU holds it"
				  : "it is not locked");
	dump_stack();
}

void spin_lock_uninit(spinlock_t *l, const char *file, int line)
{
	pr_warn("WARNING: %s:%d: spinlock %p taken before spin_lock_init()\n",
		file, line, (void *)l);
	dump_stack();
	l->name = "?"; /* once: its owner field is right from here on */
	l->owner_cpu = -1;
}

void __might_sleep(const char *file, int line, bool *warned)
{
	bool irqs_off = irqs_disabled();
	unsigned int depth = this_cpu_read(spin_lock_depth);

	if (!might_sleep_ready || *warned || (!irqs_off && !depth))
		return;
	*warned = true;
	pr_warn("WARNING: %s:%d: sleeping function called from invalid context: irqs_disabled %d, spinlocks held %u\n",
		file, line, irqs_off, depth);
	dump_stack();
}
