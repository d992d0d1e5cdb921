/*
 * Each CPU's GDT, TSS and GS base (Linux's cpu_init()). Long mode ignores
 * segment bases and limits; the GDT is needed for the code segment's
 * long-mode bit, and the TSS for the interrupt stack table (IST): the
 * double-fault handler runs on its own stack, so even a kernel stack
 * overflow is reported instead of triple-faulting. The TSS holds a CPU's
 * own IST stacks, so every CPU has its own TSS, and a TSS descriptor may
 * be loaded by one CPU only (ltr marks it busy): a GDT per CPU too.
 *
 * The GS base points at the CPU's struct pcpu_hot (asm/percpu.h).
 */
#include <asm/percpu.h>

#include "compiler.h"
#include "arch/x86_64/cpu.h"

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

/* Selectors: 0x08 kernel code, 0x10 kernel data, 0x18 the TSS (two slots). */
#define GDT_ENTRIES 5

struct cpu_tables {
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct tss tss;
	unsigned long ist_bottom; /* lowest byte of the IST stacks */
};

struct pcpu_hot pcpu_hot[NR_CPUS];
static struct cpu_tables cpu_tables[NR_CPUS];
/* The boot CPU's IST stacks; the others' come from vmalloc (smpboot.c). */
static u8 boot_ist_stacks[IST_COUNT * IST_STACK_SIZE] __aligned(16);

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

static void set_tss_descriptor(struct cpu_tables *t)
{
	u64 base = (u64)&t->tss, limit = sizeof(t->tss) - 1;

	t->gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		    (0x89UL << 40) | /* present, 64-bit available TSS */
		    (((limit >> 16) & 0xf) << 48) |
		    (((base >> 24) & 0xff) << 56);
	t->gdt[4] = base >> 32;
}

bool ist_stack_contains(unsigned long addr)
{
	unsigned long bottom = cpu_tables[raw_smp_processor_id()].ist_bottom;

	return addr >= bottom && addr < bottom + IST_COUNT * IST_STACK_SIZE;
}

static void fill_cpu_tables(struct cpu_tables *t, void *ist_stacks)
{
	t->gdt[1] = 0x00af9a000000ffff; /* 64-bit code, DPL 0 */
	t->gdt[2] = 0x00cf92000000ffff; /* data, DPL 0 */
	t->ist_bottom = (unsigned long)ist_stacks;
	for (int i = 0; i < IST_COUNT; i++)
		t->tss.ist[i] = t->ist_bottom + (i + 1) * IST_STACK_SIZE;
	t->tss.iomap_base = sizeof(t->tss);
	set_tss_descriptor(t);
}

static void load_cpu_tables(struct cpu_tables *t)
{
	struct desc_ptr p = { sizeof(t->gdt) - 1, (u64)t->gdt };

	__asm__ __volatile__("lgdt %0\n\t"
			     "movw $0x10, %%ax\n\t"
			     "movw %%ax, %%ds\n\t"
			     "movw %%ax, %%es\n\t"
			     "movw %%ax, %%ss\n\t"
			     /* Reload CS with a far return. */
			     "pushq $0x08\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movw $0x18, %%ax\n\t"
			     "ltr %%ax"
			     :
			     : "m"(p)
			     : "rax", "memory");
}

void cpu_init(int cpu, void *ist_stacks)
{
	struct pcpu_hot *hot = &pcpu_hot[cpu];

	fill_cpu_tables(&cpu_tables[cpu],
			ist_stacks ? ist_stacks : boot_ist_stacks);
	load_cpu_tables(&cpu_tables[cpu]);
	hot->self = hot;
	hot->cpu_number = cpu;
	wrmsr(MSR_GS_BASE, (u64)hot);
}
