/*
 * The local APIC (apic.c), the IOAPIC and the legacy 8259 PICs (ioapic.c).
 * Both APICs are reached through uncached mappings made by ioremap().
 */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include "types.h"

/* The APIC timer counts down at its input clock divided by this. */
#define APIC_TIMER_DIVIDE 16

/* The APIC timer's input clock, from calibration (tsc.c). */
extern unsigned long lapic_timer_khz;

/* Map and enable this CPU's local APIC (spurious vector, error vector). */
void lapic_init(void);
/* Acknowledge the interrupt being handled (not for the spurious vector). */
void lapic_eoi(void);
/* This CPU's APIC ID, the destination IOAPIC entries name. */
unsigned int lapic_id(void);

/* Start the timer counting down from @count once, without interrupting. */
void lapic_timer_oneshot(u32 count);
/* The timer's current count. */
u32 lapic_timer_count(void);
/* Interrupt on LOCAL_TIMER_VECTOR @hz times a second, calling
 * tick_handle_periodic(). lapic_timer_khz must be known. */
void lapic_timer_start_tick(unsigned int hz);

/* Remap both 8259s to PIC_VECTOR_BASE and mask every line. */
void legacy_pic_disable(void);
/* Map the IOAPIC and mask every pin. */
void ioapic_init(void);

/**
 * ioapic_route_isa_irq - deliver ISA interrupt @irq to this CPU
 * @irq: ISA IRQ number (0..15)
 * @vector: the vector it arrives on
 *
 * Edge-triggered, active high, as ISA interrupts are.
 * Return: 0, or -EINVAL if the IOAPIC has no such pin.
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector);

#endif
