/*
 * The GDT and TSS. Long mode ignores segment bases and limits; the GDT is
 * needed for the code segment's long-mode bit, and the TSS for the interrupt
 * stack table (IST): the double-fault handler runs on its own stack, so even
 * a kernel stack overflow is reported instead of triple-faulting.
 */
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

static struct tss tss;
static u8 ist_stacks[IST_COUNT][IST_STACK_SIZE] __aligned(16);

/* Selectors: 0x08 kernel code, 0x10 kernel data, 0x18 the TSS (two slots). */
static u64 gdt[5] = {
	0, 0x00af9a000000ffff, /* 64-bit code, DPL 0 */
	0x00cf92000000ffff,    /* data, DPL 0 */
};

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

static void set_tss_descriptor(void)
{
	u64 base = (u64)&tss, limit = sizeof(tss) - 1;

	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89UL << 40) | /* present, 64-bit available TSS */
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;
}

bool ist_stack_contains(unsigned long addr)
{
	return addr >= (unsigned long)ist_stacks &&
	       addr < (unsigned long)ist_stacks + sizeof(ist_stacks);
}

void gdt_init(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u64)gdt };

	for (int i = 0; i < IST_COUNT; i++)
		tss.ist[i] = (u64)&ist_stacks[i][IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);
	set_tss_descriptor();
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
