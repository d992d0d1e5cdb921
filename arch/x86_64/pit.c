/*
 * The 8254 PIT's channel 2, used once at boot as a metronome of known rate
 * to calibrate the TSC and the APIC timer. Channel 2 is the one whose
 * output software can read (port B bit 5) and whose gate software controls
 * (bit 0), and it raises no interrupt: nothing else is involved.
 */
#include <asm/io.h>
#include <asm/timer.h>

#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_MODE_CH2_SQUARE 0xb6 /* channel 2, low then high byte, mode 3 */

/*
 * Mode 3: the output is high for the first half of each @latch ticks and
 * low for the second, from the moment the second data byte is written.
 */
void pit_square_wave_start(u16 latch)
{
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_MODE, PIT_MODE_CH2_SQUARE);
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
}

void pit_stop(void)
{
	outb(PORT_B, inb(PORT_B) & ~(PORT_B_GATE2 | PORT_B_SPEAKER));
}
