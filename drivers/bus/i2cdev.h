/* SPDX-License-Identifier: MIT */
/*
 * i2cdev — the Linux backend of regbus, over /dev/i2c-N (the i2c-dev
 * character device) through libi2c. The only file that includes
 * <linux/i2c-dev.h>.
 *
 * Register reads of up to 32 bytes use SMBus "I2C block read" (what every
 * Raspberry Pi I2C controller supports); longer reads (FIFO bursts) use one
 * combined I2C_RDWR transfer: register write, repeated start, read.
 */
#ifndef STRETCHREP_I2CDEV_H
#define STRETCHREP_I2CDEV_H

#include "bus/regbus.h"

/* Longest single transfer i2cdev_read() makes; longer reads are split. At
 * the Pi's default 100 kHz a 1024-byte burst takes about 92 ms on the wire
 * (9 bit times a byte), which the adapter timeout below must allow. */
#define I2CDEV_MAX_XFER 1024u
/* The adapter timeout i2cdev_open() asks for (ioctl I2C_TIMEOUT, in units
 * of 10 ms): a transfer that hangs (SDA held low, a wedged clock stretch)
 * fails with -ETIMEDOUT after this instead of the kernel's default of one
 * second (HZ), about twice the longest transfer above. The setting is the
 * adapter's, so every user of the bus gets it until the next change. */
#define I2CDEV_TIMEOUT_MS 200u

struct i2cdev;

/*
 * Opens path (e.g. "/dev/i2c-1"). 0 and *out, or -errno from open(2):
 * -ENOENT when I2C is not enabled, -EACCES when the user may not use it.
 * Sets the adapter timeout to I2CDEV_TIMEOUT_MS; a device that refuses
 * the ioctl keeps its own timeout (i2cdev_timeout_ms() then says 0).
 * The handle owns the file descriptor; close it with i2cdev_close().
 */
int i2cdev_open(const char *path, struct i2cdev **out);
/* Accepts NULL. */
void i2cdev_close(struct i2cdev *dev);
/* A regbus that talks through dev; valid until i2cdev_close(dev). */
struct regbus i2cdev_regbus(struct i2cdev *dev);
const char *i2cdev_path(const struct i2cdev *dev);
/* The adapter timeout this handle set, in ms; 0 when the ioctl failed. */
unsigned i2cdev_timeout_ms(const struct i2cdev *dev);

#endif
