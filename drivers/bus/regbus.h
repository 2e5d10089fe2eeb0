/* SPDX-License-Identifier: MIT */
/*
 * regbus — how a chip driver reaches its registers (STYLE.md 2), in the
 * spirit of ST's stmdev_ctx_t and the kernel's regmap.
 *
 * A regbus is a plain struct of callbacks over an opaque context. The one
 * Linux implementation is drivers/bus/i2cdev.c; tests put the register
 * simulator (tests/fakes/regsim.h) behind the same struct.
 *
 * Every callback returns 0 or a negative errno: -EREMOTEIO when the device
 * does not acknowledge (NACK), -ETIMEDOUT when the bus hangs, -EIO otherwise.
 * Registers auto-increment on multi-byte reads, except FIFO data registers,
 * which pop one byte per read: that is the chip's business, not the bus's.
 */
#ifndef STRETCHREP_REGBUS_H
#define STRETCHREP_REGBUS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct regbus {
	/* Selects the 7-bit device address later transfers go to. */
	int (*select)(void *ctx, uint8_t addr);
	/* Reads len (>= 1) bytes starting at register reg. */
	int (*read)(void *ctx, uint8_t reg, uint8_t *buf, size_t len);
	/* Writes len (>= 1) bytes starting at register reg. */
	int (*write)(void *ctx, uint8_t reg, const uint8_t *buf, size_t len);
	/* Optional: waits us microseconds (a chip's reset time). NULL: the
	 * driver sleeps with nanosleep; the simulator advances its own clock. */
	void (*sleep_us)(void *ctx, unsigned us);
	void *ctx;
};

static inline int regbus_select(const struct regbus *b, uint8_t addr)
{
	return b->select(b->ctx, addr);
}

static inline int regbus_read(const struct regbus *b, uint8_t reg, uint8_t *buf, size_t len)
{
	return b->read(b->ctx, reg, buf, len);
}

static inline int regbus_write(const struct regbus *b, uint8_t reg, const uint8_t *buf, size_t len)
{
	return b->write(b->ctx, reg, buf, len);
}

static inline void regbus_sleep_us(const struct regbus *b, unsigned us)
{
	struct timespec ts = { .tv_sec = us / 1000000u, .tv_nsec = (long)(us % 1000000u) * 1000 };

	if (b->sleep_us)
		b->sleep_us(b->ctx, us);
	else
		while (nanosleep(&ts, &ts) != 0)
			;
}

/* One register: 0 and *val, or -errno. */
static inline int regbus_read_u8(const struct regbus *b, uint8_t reg, uint8_t *val)
{
	return b->read(b->ctx, reg, val, 1);
}

static inline int regbus_write_u8(const struct regbus *b, uint8_t reg, uint8_t val)
{
	return b->write(b->ctx, reg, &val, 1);
}

#endif
