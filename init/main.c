/*
 * start_kernel: the boot sequence after the architecture has set up the
 * console, the CPU and paging. Memory first, then interrupts, the tick,
 * the scheduler and the other CPUs; then a thread runs either the self-tests (boot parameter
 * `selftest`) or the shell, and the boot code becomes the idle thread.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>

#include "console.h"
#include "kernel/sched.h"
#include "kernel/setup.h"
#include "kernel/shell/shell.h"
#include "ktest.h"
#include "smp.h"
#include "param.h"
#include "printk.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/mm.h"

bool selftest_mode;
param_flag("selftest", selftest_mode,
	   "run every in-kernel test, print KTAP and power off");
param_uint("loglevel", console_loglevel, 0, 8,
	   "print messages up to this level (0 emerg .. 7 debug)");

/* The self-tests end the QEMU run, so this thread never returns. */
static int selftest_thread(void *data)
{
	int failed = ktest_run(NULL);

	(void)data;
	machine_exit(failed ? EXIT_FAILURE_CODE : EXIT_SUCCESS_CODE);
}

static int shell_thread(void *data)
{
	(void)data;
	shell_run();
}

void start_kernel(u32 magic, u32 mbi_pa)
{
	setup_arch(magic, mbi_pa);
	free_area_init();
	memblock_free_all();
	init_IRQ();
	time_init();
	sched_init();
	console_init_irq();
	local_irq_enable();
	smp_init(); /* allocates the other CPUs' stacks: interrupts on */
	kcompactd_run(NODE_DATA(0));
	if (!kthread_run(selftest_mode ? selftest_thread : shell_thread, NULL,
			 selftest_mode ? "selftest" : "shell"))
		panic("cannot create the first thread");
	cpu_idle();
}
