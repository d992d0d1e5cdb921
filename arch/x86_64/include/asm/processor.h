/* CPU registers, CPUID, MSRs and the time-stamp counter. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include "types.h"

#define X86_CR0_WP (1UL << 16)
#define X86_CR0_PG (1UL << 31)
#define X86_CR4_PAE (1UL << 5)
#define X86_CR4_PGE (1UL << 7)

#define MSR_EFER 0xc0000080
#define EFER_LME (1UL << 8)
#define EFER_NXE (1UL << 11)

/* CPUID 0x80000001 EDX feature bits. */
#define X86_FEATURE_NX (1U << 20)
#define X86_FEATURE_GBPAGES (1U << 26)
#define X86_FEATURE_LM (1U << 29)
/* CPUID 7 (subleaf 0): EBX bit 9, EDX bit 4. */
#define X86_FEATURE_ERMS (1U << 9)
#define X86_FEATURE_FSRM (1U << 4)

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(u32 leaf, u32 subleaf)
{
	struct cpuid_regs r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx),
			       "=d"(r.edx)
			     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((u32)v),
			     "d"((u32)(v >> 32)));
}

#define DEFINE_CR_ACCESSORS(n)                                        \
	static inline unsigned long read_cr##n(void)                  \
	{                                                             \
		unsigned long v;                                      \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v)); \
		return v;                                             \
	}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(4)

static inline void write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr0" ::"r"(v) : "memory");
}

static inline void write_cr4(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr4" ::"r"(v) : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

/* Stop this CPU for good (interrupts off). */
static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* Registers as the interrupt entry code saves them (see entry.S). */
struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

/* Fill @regs with the caller's registers (entry.S), for panic(). */
void save_caller_regs(struct pt_regs *regs);

#endif
