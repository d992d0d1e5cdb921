/*
 * The ACPI tables SMP and interrupt routing need, parsed: the RSDP (copied
 * by the boot loader into multiboot2 tag 15 or 14) leads to the XSDT or
 * RSDT, whose entries are the physical addresses of the other tables;
 * among them the MADT ("APIC"), a list of variable-length entries:
 *
 *   type 0  processor local APIC: ACPI id, APIC id, flags (bit 0 enabled)
 *   type 1  IOAPIC: id, MMIO address, GSI base (the GSI of its pin 0)
 *   type 2  interrupt source override: ISA IRQ -> GSI, polarity, trigger
 *   type 9  processor local x2APIC: 32-bit APIC id, flags, ACPI uid
 *
 * Every table is checked (signature, length, checksum: all its bytes sum
 * to 0 mod 256) before a field is read, and every entry must end inside
 * its table. Tables are reached only through a struct acpi_table_access,
 * so this file is pure parsing: the kernel maps them with ioremap()
 * (acpi.c), the host tests hand it crafted bytes (tests/host/test_acpi.c).
 *
 * We drive the local APIC in xAPIC mode, whose IDs are 8 bits: an x2APIC
 * entry is used when its ID fits (0..254, as Linux's apic_id_valid()), and
 * reported otherwise. Firmware may list a CPU in both forms: each APIC ID
 * is taken once.
 */
#include "lib.h"
#include "printk.h"
#include "arch/x86_64/acpi.h"

#define IOAPIC_DEFAULT_ADDR 0xfec00000UL
#define ACPI_TABLE_MAX (1U << 20) /* a larger table is taken for garbage */
#define XAPIC_MAX_ID 0xfe	  /* 0xff is the broadcast ID */

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;	   /* of the first 20 bytes */
	char oem_id[6];
	u8 revision; /* 0: ACPI 1.0, no XSDT; 2 and on: the rest is there */
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 extended_checksum; /* of all @length bytes */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_SIZE 20

struct acpi_table_header {
	char signature[4];
	u32 length; /* header included */
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 asl_compiler_id;
	u32 asl_compiler_revision;
} __packed;

struct acpi_table_madt {
	struct acpi_table_header header;
	u32 lapic_address;
	u32 flags;
} __packed;

struct acpi_madt_entry {
	u8 type;
	u8 length;
} __packed;

enum {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_INT_OVERRIDE = 2,
	MADT_X2APIC = 9,
};

struct acpi_madt_lapic {
	struct acpi_madt_entry h;
	u8 processor_id;
	u8 apic_id;
	u32 flags;
} __packed;

#define ACPI_MADT_ENABLED 1

struct acpi_madt_ioapic {
	struct acpi_madt_entry h;
	u8 id;
	u8 reserved;
	u32 address;
	u32 gsi_base;
} __packed;

struct acpi_madt_override {
	struct acpi_madt_entry h;
	u8 bus; /* 0: ISA */
	u8 source_irq;
	u32 gsi;
	u16 flags;
} __packed;

struct acpi_madt_x2apic {
	struct acpi_madt_entry h;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;
	u32 uid;
} __packed;

static bool acpi_checksum_ok(const void *p, u32 len)
{
	const u8 *b = p;
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

/* The RSDT or XSDT address, or 0 (after reporting why). */
static phys_addr_t acpi_root_table(const struct acpi_rsdp *rsdp, u32 size,
				   bool *xsdt)
{
	if (!rsdp) {
		pr_warn("ACPI: the boot loader passed no RSDP (multiboot2 tag 14 or 15)\n");
		return 0;
	}
	if (size < ACPI_RSDP_V1_SIZE ||
	    memcmp(rsdp->signature, "RSD PTR ", 8) ||
	    !acpi_checksum_ok(rsdp, ACPI_RSDP_V1_SIZE)) {
		pr_warn("ACPI: the RSDP is bad (size %u, signature or checksum wrong)\n",
			size);
		return 0;
	}
	*xsdt = rsdp->revision >= 2 && size >= sizeof(*rsdp) &&
		rsdp->length >= sizeof(*rsdp) && rsdp->length <= size &&
		acpi_checksum_ok(rsdp, rsdp->length) && rsdp->xsdt_address;
	pr_info("ACPI: RSDP revision %u, OEM '%.6s', %s at %#llx\n",
		rsdp->revision, rsdp->oem_id, *xsdt ? "XSDT" : "RSDT",
		*xsdt ? (unsigned long long)rsdp->xsdt_address
		      : (unsigned long long)rsdp->rsdt_address);
	return *xsdt ? rsdp->xsdt_address : rsdp->rsdt_address;
}

/*
 * Map the table at @pa if its signature is @sig (4 characters) and its
 * length and checksum are right. Return: the mapping (unmap it), or NULL;
 * a bad table is reported, a table of another signature is not.
 */
static const struct acpi_table_header *
acpi_map_table(const struct acpi_table_access *access, phys_addr_t pa,
	       const char *sig)
{
	const struct acpi_table_header *h = access->map(pa, sizeof(*h));
	u32 len;

	if (!h)
		return NULL;
	len = h->length;
	if (memcmp(h->signature, sig, 4)) {
		access->unmap(h);
		return NULL;
	}
	access->unmap(h);
	if (len < sizeof(*h) || len > ACPI_TABLE_MAX) {
		pr_warn("ACPI: table %.4s at %#llx has a bad length %u\n", sig,
			(unsigned long long)pa, len);
		return NULL;
	}
	h = access->map(pa, len);
	if (h && !acpi_checksum_ok(h, len)) {
		pr_warn("ACPI: table %.4s at %#llx has a bad checksum\n", sig,
			(unsigned long long)pa);
		access->unmap(h);
		return NULL;
	}
	return h;
}

/* The MADT, found through the root table at @root_pa; or NULL. */
static const struct acpi_table_madt *
acpi_find_madt(const struct acpi_table_access *access, phys_addr_t root_pa,
	       bool xsdt)
{
	const struct acpi_table_header *root =
		acpi_map_table(access, root_pa, xsdt ? "XSDT" : "RSDT");
	const struct acpi_table_header *found = NULL;
	u32 entry_size = xsdt ? 8 : 4, n;

	if (!root) {
		pr_warn("ACPI: no valid %s at %#llx\n", xsdt ? "XSDT" : "RSDT",
			(unsigned long long)root_pa);
		return NULL;
	}
	n = (root->length - (u32)sizeof(*root)) / entry_size;
	for (u32 i = 0; i < n && !found; i++) {
		u64 pa = 0;

		memcpy(&pa, (const u8 *)(root + 1) + i * entry_size,
		       entry_size);
		found = acpi_map_table(access, pa, "APIC");
	}
	access->unmap(root);
	if (!found)
		pr_warn("ACPI: no valid MADT among the %u tables\n", n);
	else if (found->length < sizeof(struct acpi_table_madt)) {
		pr_warn("ACPI: the MADT is too short (%u bytes)\n",
			found->length);
		access->unmap(found);
		found = NULL;
	}
	return (const struct acpi_table_madt *)found;
}

/* Take the enabled CPU whose local APIC ID is @id, once. */
static void madt_add_cpu(struct madt_info *info, u32 id, u32 flags)
{
	if (!(flags & ACPI_MADT_ENABLED))
		return;
	if (id > XAPIC_MAX_ID) {
		info->x2apic_unreachable++;
		return;
	}
	for (unsigned int i = 0; i < info->nr_lapics; i++)
		if (info->lapic_ids[i] == id)
			return;
	if (info->nr_lapics == NR_CPUS) {
		info->lapics_left++;
		return;
	}
	info->lapic_ids[info->nr_lapics++] = (u8)id;
}

/* The IOAPIC that serves GSI 0 (the ISA IRQs); any other is ignored. */
static void madt_add_ioapic(struct madt_info *info,
			    const struct acpi_madt_ioapic *e)
{
	if (info->ioapic_addr && info->ioapic_gsi_base == 0) {
		pr_info("ACPI: IOAPIC id %u at %#x (GSI base %u) not used\n",
			e->id, e->address, e->gsi_base);
		return;
	}
	info->ioapic_addr = e->address;
	info->ioapic_gsi_base = e->gsi_base;
	pr_info("ACPI: IOAPIC id %u at %#x, GSI base %u\n", e->id, e->address,
		e->gsi_base);
}

static void madt_add_override(struct madt_info *info,
			      const struct acpi_madt_override *e)
{
	if (e->bus != 0 || e->source_irq >= NR_ISA_IRQS)
		return;
	info->isa_irq_gsi[e->source_irq] = e->gsi;
	info->isa_irq_flags[e->source_irq] = e->flags;
	pr_info("ACPI: interrupt override: ISA IRQ %u -> GSI %u (flags %#x)\n",
		e->source_irq, e->gsi, e->flags);
}

/* One entry, whole inside the table; too short for its type: ignored. */
static void madt_parse_entry(struct madt_info *info,
			     const struct acpi_madt_entry *e)
{
	const struct acpi_madt_lapic *lapic = (const void *)e;
	const struct acpi_madt_x2apic *x2apic = (const void *)e;

	switch (e->type) {
	case MADT_LAPIC:
		if (e->length >= sizeof(*lapic))
			madt_add_cpu(info, lapic->apic_id, lapic->flags);
		break;
	case MADT_IOAPIC:
		if (e->length >= sizeof(struct acpi_madt_ioapic))
			madt_add_ioapic(info, (const void *)e);
		break;
	case MADT_INT_OVERRIDE:
		if (e->length >= sizeof(struct acpi_madt_override))
			madt_add_override(info, (const void *)e);
		break;
	case MADT_X2APIC:
		if (e->length >= sizeof(*x2apic))
			madt_add_cpu(info, x2apic->x2apic_id, x2apic->flags);
		break;
	}
}

/* Walk the entries; false if one runs past the table's end. */
static bool madt_parse_entries(struct madt_info *info,
			       const struct acpi_table_madt *m)
{
	const u8 *p = (const u8 *)(m + 1),
		 *end = (const u8 *)m + m->header.length;

	while (p + sizeof(struct acpi_madt_entry) <= end) {
		const struct acpi_madt_entry *e = (const void *)p;

		if (e->length < sizeof(*e) || e->length > end - p) {
			pr_warn("ACPI: MADT entry of type %u at offset %lu has a bad length %u\n",
				e->type, (unsigned long)(p - (const u8 *)m),
				e->length);
			return false;
		}
		madt_parse_entry(info, e);
		p += e->length;
	}
	return info->nr_lapics && info->ioapic_addr;
}

/* ISA IRQ n on GSI n, active high, edge: the ISA conventions. */
static void madt_reset(struct madt_info *info)
{
	memset(info, 0, sizeof(*info));
	for (unsigned int irq = 0; irq < NR_ISA_IRQS; irq++)
		info->isa_irq_gsi[irq] = irq;
}

static void madt_fallback(struct madt_info *info, u8 boot_apic_id)
{
	madt_reset(info);
	info->nr_lapics = 1;
	info->lapic_ids[0] = boot_apic_id;
	info->ioapic_addr = IOAPIC_DEFAULT_ADDR;
	pr_warn("ACPI: fallback: the boot CPU alone, IOAPIC assumed at %#lx with ISA IRQ n on pin n\n",
		IOAPIC_DEFAULT_ADDR);
}

/* Take what @m says, if it names a CPU and an IOAPIC. */
static void madt_use(struct madt_info *info, const struct acpi_table_madt *m)
{
	info->from_acpi = madt_parse_entries(info, m);
	if (!info->from_acpi) {
		pr_warn("ACPI: the MADT is unusable (no CPU, no IOAPIC, or a bad entry)\n");
		return;
	}
	pr_info("ACPI: MADT: %u CPUs enabled, local APIC at %#x\n",
		info->nr_lapics, m->lapic_address);
	if (info->lapics_left)
		pr_warn("ACPI: %u more CPUs beyond NR_CPUS (%d) left out\n",
			info->lapics_left, NR_CPUS);
	if (info->x2apic_unreachable)
		pr_warn("ACPI: %u CPUs with an x2APIC ID above %u left out (xAPIC mode)\n",
			info->x2apic_unreachable, XAPIC_MAX_ID);
}

bool acpi_parse_madt(struct madt_info *info, const void *rsdp, u32 rsdp_size,
		     const struct acpi_table_access *access, u8 boot_apic_id)
{
	const struct acpi_table_madt *m = NULL;
	bool xsdt = false;
	phys_addr_t root = acpi_root_table(rsdp, rsdp_size, &xsdt);

	madt_reset(info);
	if (root)
		m = acpi_find_madt(access, root, xsdt);
	if (m) {
		madt_use(info, m);
		access->unmap(m);
	}
	if (!info->from_acpi)
		madt_fallback(info, boot_apic_id);
	return info->from_acpi;
}
