/*
 * The slow path of spinlocks (include/spinlock.h) and the check behind
 * might_sleep() (include/lockdep.h).
 */
#include "lockdep.h"
#include "printk.h"
#include "spinlock.h"

unsigned int spin_lock_depth;

#ifdef __HOST__
bool might_sleep_ready = true; /* the host tests run as a thread throughout */
bool host_irqs_on = true;
#else
bool might_sleep_ready; /* set by sched_init() */
#endif

void spin_lock_contended(spinlock_t *l, const char *file, int line)
{
	/*
	 * One CPU and interrupts off: nobody else can release the lock, so
	 * waiting would hang forever. Say which lock, who holds it, and who
	 * asked.
	 */
	panic("deadlock: spinlock '%s' taken at %s:%d is already held (taken at %s:%d) on this CPU",
	      l->name ? l->name : "?", file, line,
	      l->owner_file ? l->owner_file : "?", l->owner_line);
}

void __might_sleep(const char *file, int line, bool *warned)
{
	bool irqs_off = irqs_disabled();

	if (!might_sleep_ready || *warned || (!irqs_off && !spin_lock_depth))
		return;
	*warned = true;
	pr_warn("WARNING: %s:%d: sleeping function called from invalid context: irqs_disabled %d, spinlocks held %u\n",
		file, line, irqs_off, spin_lock_depth);
	dump_stack();
}
