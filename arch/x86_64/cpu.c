/* Finding out what the boot CPU can do. */
#include "lib.h"
#include "printk.h"
#include "arch/x86_64/cpu.h"

struct cpu_features boot_cpu;

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
	pr_info("CPU: %s, NX %s, 1 GiB pages %s\n", boot_cpu.vendor,
		boot_cpu.nx ? "yes" : "no", boot_cpu.gbpages ? "yes" : "no");
}
