/* Finding out what the boot CPU can do, and choosing the page copy for it. */
#include <asm/copy_page.h>

#include "lib.h"
#include "printk.h"
#include "arch/x86_64/cpu.h"

struct cpu_features boot_cpu;

/* CPUID 1 EAX: the family and model as Linux computes them. */
static void decode_signature(struct cpu_features *c, u32 eax)
{
	c->family = (eax >> 8) & 0xf;
	c->model = (eax >> 4) & 0xf;
	if (c->family == 0xf)
		c->family += (eax >> 20) & 0xff;
	if (c->family >= 6)
		c->model |= ((eax >> 16) & 0xf) << 4;
}

/* Whether rep movs/stos is fast (Linux's X86_FEATURE_REP_GOOD). */
static bool rep_good(const struct cpu_features *c, u32 sig)
{
	if (!strcmp(c->vendor, "GenuineIntel"))
		return c->family == 6;
	if (!strcmp(c->vendor, "AuthenticAMD")) {
		if (c->family >= 0x10)
			return true;
		/* K8 from revision C on: its rep microcode works well. */
		return c->family == 0xf &&
		       ((sig >= 0x0f48 && sig < 0x0f50) || sig >= 0x0f58);
	}
	return false;
}

/* CPUID 1 and 7: family, model, ERMS, FSRM; and rep_good from those. */
static void detect_string_features(struct cpu_features *c)
{
	u32 max = cpuid(0, 0).eax, sig = cpuid(1, 0).eax;

	decode_signature(c, sig);
	if (max >= 7) {
		struct cpuid_regs r = cpuid(7, 0);

		c->erms = r.ebx & X86_FEATURE_ERMS;
		c->fsrm = r.edx & X86_FEATURE_FSRM;
	}
	c->rep_good = rep_good(c, sig);
}

void cpu_detect(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	u32 max_ext = cpuid(0x80000000, 0).eax;

	memcpy(boot_cpu.vendor, &r.ebx, 4);
	memcpy(boot_cpu.vendor + 4, &r.edx, 4);
	memcpy(boot_cpu.vendor + 8, &r.ecx, 4);
	boot_cpu.vendor[12] = '\0';
	if (max_ext >= 0x80000001) {
		u32 edx = cpuid(0x80000001, 0).edx;

		boot_cpu.nx = edx & X86_FEATURE_NX;
		boot_cpu.gbpages = edx & X86_FEATURE_GBPAGES;
	}
	detect_string_features(&boot_cpu);
	pr_info("CPU: %s family %#x model %#x, NX %s, 1 GiB pages %s\n",
		boot_cpu.vendor, boot_cpu.family, boot_cpu.model,
		boot_cpu.nx ? "yes" : "no", boot_cpu.gbpages ? "yes" : "no");
	page_copy_select();
}

/* --- the page copy ---------------------------------------------------------- */

void copy_page_movsb(void *to, const void *from);
void copy_page_movsq(void *to, const void *from);
void copy_page_unrolled(void *to, const void *from);
void fill_page_movsb(void *page, u64 pattern);
void fill_page_movsq(void *page, u64 pattern);
void fill_page_unrolled(void *page, u64 pattern);

const struct page_copy_ops page_copy_variants[NR_PAGE_COPY_VARIANTS] = {
	[PAGE_COPY_MOVSB] = { "movsb", copy_page_movsb, fill_page_movsb },
	[PAGE_COPY_MOVSQ] = { "movsq", copy_page_movsq, fill_page_movsq },
	[PAGE_COPY_UNROLLED] = { "unrolled", copy_page_unrolled,
				 fill_page_unrolled },
};

/* Until page_copy_select() runs: the routine that is correct everywhere. */
const struct page_copy_ops *page_copy = &page_copy_variants[PAGE_COPY_MOVSQ];

/*
 * Linux's policy (arch/x86/kernel/cpu/amd.c, intel.c; copy_page_64.S):
 * ERMS or FSRM means the byte string instructions are the fast path;
 * otherwise "rep_good" CPUs (Intel family 6, AMD family 0x10 on, K8 from
 * revision C) copy well with rep movsq; any other CPU runs a plain
 * register loop, because its rep prefix is microcoded slowly.
 */
void page_copy_select(void)
{
	enum page_copy_variant v;
	const char *why;

	if (boot_cpu.fsrm || boot_cpu.erms) {
		v = PAGE_COPY_MOVSB;
		why = boot_cpu.fsrm ? "CPU has FSRM" : "CPU has ERMS";
	} else if (boot_cpu.rep_good) {
		v = PAGE_COPY_MOVSQ;
		why = "no ERMS/FSRM, rep_good";
	} else {
		v = PAGE_COPY_UNROLLED;
		why = "no ERMS/FSRM, rep not good";
	}
	page_copy = &page_copy_variants[v];
	pr_info("copy_page: %s (%s)\n", page_copy->name, why);
}
