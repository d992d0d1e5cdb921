/* The slow path of spinlocks: see include/spinlock.h. */
#include "printk.h"
#include "spinlock.h"

void spin_lock_contended(spinlock_t *l)
{
	/*
	 * One CPU and interrupts off: nobody else can release the lock, so
	 * waiting would hang forever. Say which lock was taken twice.
	 */
	panic("spinlock '%s' taken twice (deadlock on one CPU)",
	      l->name ? l->name : "?");
}
