/*
 * panic() and the fatal-error report shared with the exception handlers:
 * registers, a frame-pointer backtrace with symbol names, and a failure exit
 * so that a test run can never mistake a crash for success.
 */
#include <stdarg.h>
#include <asm/irqflags.h>
#include <asm/memlayout.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>

#include "console.h"
#include "kerrno.h"
#include "kernel/kallsyms.h"
#include "shell_cmd.h"
#include "kernel/panic.h"
#include "lib.h"
#include "mm/pgtable.h"
#include "printk.h"

bool oops_in_progress;
static int panic_depth;

#define BACKTRACE_MAX_FRAMES 32

void panic_begin(void)
{
	local_irq_disable();
	if (panic_depth++) {
		oops_in_progress = true;
		console_write("\nrecursive panic: stopping\n", 27);
		machine_exit(EXIT_FAILURE_CODE);
	}
	oops_in_progress = true;
	console_loglevel = LOGLEVEL_DEFAULT; /* the report must be seen */
}

static void print_symbol(unsigned long addr)
{
	unsigned long off;
	const char *name = kallsyms_lookup(addr, &off);

	if (name)
		pr_emerg(" [<%016lx>] %s+%#lx\n", addr, name, off);
	else
		pr_emerg(" [<%016lx>] ?\n", addr);
}

/* A frame pointer we may follow: kernel half, aligned, mapped. */
static bool frame_ok(unsigned long fp)
{
	return fp >= DIRECT_MAP_START && (fp & 7) == 0 &&
	       kernel_address_mapped(fp) && kernel_address_mapped(fp + 8);
}

void show_backtrace(unsigned long rip, unsigned long rbp)
{
	pr_emerg("Call Trace:\n");
	print_symbol(rip);
	for (int i = 0; i < BACKTRACE_MAX_FRAMES && frame_ok(rbp); i++) {
		unsigned long *frame = (unsigned long *)rbp;

		if (!frame[1])
			break;
		print_symbol(frame[1]);
		if (frame[0] <=
		    rbp) /* the stack grows down; callers are above */
			break;
		rbp = frame[0];
	}
}

void show_regs(const struct pt_regs *r)
{
	unsigned long off;
	const char *fn = kallsyms_lookup(r->rip, &off);

	pr_emerg("RIP: %04lx:%016lx %s+%#lx\n", (unsigned long)r->cs,
		 (unsigned long)r->rip, fn ? fn : "?", fn ? off : 0);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx\n", (unsigned long)r->ss,
		 (unsigned long)r->rsp, (unsigned long)r->rflags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", (unsigned long)r->rax,
		 (unsigned long)r->rbx, (unsigned long)r->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", (unsigned long)r->rdx,
		 (unsigned long)r->rsi, (unsigned long)r->rdi);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", (unsigned long)r->rbp,
		 (unsigned long)r->r8, (unsigned long)r->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", (unsigned long)r->r10,
		 (unsigned long)r->r11, (unsigned long)r->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", (unsigned long)r->r13,
		 (unsigned long)r->r14, (unsigned long)r->r15);
	pr_emerg("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		 read_cr0(), read_cr2(), (unsigned long)read_cr3(), read_cr4());
	show_backtrace(r->rip, r->rbp);
}

void panic_end(const char *msg)
{
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	machine_exit(EXIT_FAILURE_CODE);
}

void panic(const char *fmt, ...)
{
	static char msg[256];
	struct pt_regs regs;
	va_list ap;

	save_caller_regs(&regs);
	panic_begin();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_emerg("\nKernel panic - not syncing: %s\n", msg);
	show_regs(&regs);
	panic_end(msg);
}

void dump_stack(void)
{
	struct pt_regs regs;

	save_caller_regs(&regs);
	show_backtrace(regs.rip, regs.rbp);
}

/* --- `crash`: see what a fatal error report looks like ----------------- */

/* Each is a real function (never inlined) so the backtrace names it. */
static __noinline int crash_null(void)
{
	/* Through a volatile pointer: a literal NULL dereference is undefined,
	 * and the compiler would replace it with a trap instruction. */
	int *volatile p = NULL;

	return *p; // cppcheck-suppress nullPointer
}

static __noinline int crash_divide(void)
{
	unsigned int x = 1, zero = 0;

	/* In assembly: a C division by a known zero is undefined, and the
	 * compiler would not emit the divide. */
	__asm__ __volatile__("xorl %%edx, %%edx\n\tdivl %1"
			     : "+a"(x)
			     : "r"(zero)
			     : "rdx");
	return (int)x;
}

static __noinline int crash_invalid_opcode(void)
{
	__asm__ __volatile__("ud2");
	return 0;
}

static __noinline int crash_panic(void)
{
	panic("crash command: deliberate panic");
}

static const struct {
	const char *kind;
	int (*fn)(void);
} crashes[] = {
	{ "null", crash_null },
	{ "divide", crash_divide },
	{ "ud", crash_invalid_opcode },
	{ "panic", crash_panic },
};

static int cmd_crash(int argc, char **argv)
{
	if (argc != 2)
		return -EINVAL;
	for (unsigned int i = 0; i < ARRAY_SIZE(crashes); i++) {
		if (!strcmp(argv[1], crashes[i].kind)) {
			int r = crashes[i].fn();

			/* Not reached; the use keeps this frame (no tail
			 * call), so the backtrace shows cmd_crash too. */
			printk("crash %s: survived (%d)\n", argv[1], r);
			return 0;
		}
	}
	printk("error: unknown kind of crash '%s'\n", argv[1]);
	return -EINVAL;
}
SHELL_CMD(crash, cmd_crash, "crash null|divide|ud|panic",
	  "crash the kernel on purpose to see the panic report (ends the run)");
