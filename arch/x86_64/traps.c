/*
 * The IDT and the exception handlers. Every exception we do not expect ends
 * in die(): the vector, its name, the error code (decoded for page faults),
 * CR2, all registers and a backtrace, then the run ends with a failure code.
 */
#include <asm/irqflags.h>
#include <asm/memlayout.h>
#include <asm/processor.h>

#include "kernel/panic.h"
#include "kernel/sched.h"
#include "printk.h"
#include "mm/fault.h"
#include "arch/x86_64/cpu.h"

struct idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_hi;
	u32 reserved;
} __packed;

static struct idt_gate idt[256] __aligned(16);
extern const u64 isr_stub_table[256];

static const char *const exception_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range exceeded",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack-segment fault",
	"general protection fault",
	"page fault",
	"reserved",
	"x87 floating-point error",
	"alignment check",
	"machine check",
	"SIMD floating-point error",
	"virtualization exception",
	"control protection exception",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"hypervisor injection",
	"VMM communication",
	"security exception",
	"reserved",
};

static void set_gate(int vec, u64 handler, int ist)
{
	idt[vec] = (struct idt_gate){
		.offset_lo = handler & 0xffff,
		.selector = KERNEL_CS,
		.ist = (u8)ist,
		.type_attr = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_hi = (u32)(handler >> 32),
	};
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed p = { sizeof(idt) - 1, (u64)idt };

	__asm__ __volatile__("lidt %0" ::"m"(p));
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, isr_stub_table[v], 0);
	set_gate(8, isr_stub_table[8], IST_DOUBLE_FAULT);
	set_gate(2, isr_stub_table[2], IST_NMI);
	set_gate(18, isr_stub_table[18], IST_MACHINE_CHECK);
	idt_load();
}

/* Page-fault error code bits. */
#define PF_PROT (1UL << 0)
#define PF_WRITE (1UL << 1)
#define PF_USER (1UL << 2)
#define PF_RSVD (1UL << 3)
#define PF_INSTR (1UL << 4)

static void print_page_fault(unsigned long cr2, unsigned long err)
{
	pr_emerg("CR2: 0x%016lx (%s%s, %s, %s mode%s)\n", cr2,
		 err & PF_INSTR	  ? "instruction fetch"
		 : err & PF_WRITE ? "write"
				  : "read",
		 cr2 < 4096 ? " near NULL" : "",
		 err & PF_PROT ? "protection violation" : "page not present",
		 err & PF_USER ? "user" : "kernel",
		 err & PF_RSVD ? ", reserved bit set" : "");
}

void die(const char *what, struct pt_regs *regs)
{
	unsigned long cr2 = read_cr2();
	struct task *t = NULL;

	panic_begin();
	pr_emerg("\nBUG: unhandled exception %lu (%s), error code %#lx\n",
		 (unsigned long)regs->vector, what,
		 (unsigned long)regs->error_code);
	if (regs->vector == 14)
		print_page_fault(cr2, regs->error_code);
	/*
	 * A thread that runs off its stack faults on the guard page below
	 * it; the CPU then cannot push the page fault's frame on that stack
	 * either, so it usually arrives as a double fault (on its own IST
	 * stack), with CR2 still in the guard page.
	 */
	if (regs->vector == 8 || regs->vector == 14)
		t = task_of_stack_guard(cr2);
	if (t) {
		pr_emerg("kernel stack overflow in thread %s (pid %d):\n",
			 t->comm, t->pid);
		pr_emerg("%#lx is in the guard page of stack %#lx-%#lx\n", cr2,
			 (unsigned long)t->stack,
			 (unsigned long)t->stack + THREAD_SIZE);
	} else if (regs->vector == 8) {
		pr_emerg("double fault: the stack may have overflowed\n");
	}
	show_regs(regs);
	panic_end(t ? "kernel stack overflow" : "Fatal exception");
}

/*
 * A fault in the lower half may be demand paging or a migration entry in
 * the workload's address space: mm/ decides. Anything else is a bug.
 */
static void do_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();
	bool handled;

	/* The fault may sleep (a migration entry) or take long (a page to
	 * allocate): let the tick in again if the faulting code had it. */
	if (regs->rflags & X86_EFLAGS_IF)
		local_irq_enable();
	handled = addr < USER_SPACE_END &&
		  handle_user_page_fault(addr, regs->error_code);
	local_irq_disable();
	if (!handled)
		die(exception_names[14], regs);
}

void do_interrupt(struct pt_regs *regs)
{
	unsigned long vec = regs->vector;

	if (vec == 14) {
		do_page_fault(regs);
		return;
	}
	if (vec == 2 && nmi_cpu_backtrace(regs))
		return;
	if (vec < 32)
		die(exception_names[vec], regs);
	do_irq(regs);
}
