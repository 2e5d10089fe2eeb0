/* SPDX-License-Identifier: MIT */
/*
 * i2cdev_sim — the kernel's i2c-dev character device, as far as the
 * program uses it, answered by the register simulator: what an ioctl() on
 * /dev/i2c-N would do (drivers/i2c/i2c-dev.c), for a test or a preloaded
 * library that puts its own ioctl() in front of libc's. Then i2cdev.c and
 * libi2c run unchanged against a simulated chip (the kernel's i2c-stub
 * does the same in the kernel; it cannot be loaded here).
 *
 * Requests: I2C_SLAVE and I2C_SLAVE_FORCE (select; an address above 0x7f
 * is EINVAL, a refused select EBUSY), I2C_TIMEOUT (the adapter timeout, in
 * units of 10 ms, given to the chip: regsim_set_timeout_ns), I2C_RETRIES
 * (accepted), I2C_FUNCS, I2C_SMBUS (byte data and I2C block transfers: what
 * libi2c's i2c_smbus_*_byte_data and *_i2c_block_data send), I2C_RDWR
 * (register write + repeated-start read, or one write of register and
 * data; the number of messages on success). Results as the kernel's: 0 or
 * that number, or -1 with errno (the simulator's -errno: EREMOTEIO for a
 * NACK, ETIMEDOUT after the adapter's timeout, EIO).
 */
#ifndef STRETCHREP_I2CDEV_SIM_H
#define STRETCHREP_I2CDEV_SIM_H

#include <stdbool.h>
#include "regsim.h"

struct i2cdev_sim {
	struct regbus bus;      /* the simulated bus (regsim_bus, regsim_port_bus) */
	struct regsim *chip;    /* whose adapter timeout I2C_TIMEOUT sets */
	int short_block;        /* fault: block reads answer this many bytes short */
	/* what came, for tests */
	unsigned slave, smbus, rdwr;
	long timeout_arg;       /* the last I2C_TIMEOUT's argument, -1 before one */
};

/* Whether req is one of the i2c-dev requests above (others are the
 * caller's: pass them on to the kernel). */
bool i2cdev_sim_handles(unsigned long req);
/* Carries out request req with its argument arg on the simulated bus. */
int i2cdev_sim_ioctl(struct i2cdev_sim *s, unsigned long req, void *arg);

#endif
