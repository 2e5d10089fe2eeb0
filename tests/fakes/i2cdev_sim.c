// SPDX-License-Identifier: MIT
/* The i2c-dev ioctls over the register simulator (see i2cdev_sim.h). */
#include <errno.h>
#include <stdint.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include "i2cdev_sim.h"

static int fail_with(int err)
{
	errno = err;
	return -1;
}

static int sim_smbus(struct i2cdev_sim *s, struct i2c_smbus_ioctl_data *d)
{
	union i2c_smbus_data *data = d->data;
	int rc;

	s->smbus++;
	switch (d->size) {
	case I2C_SMBUS_BYTE_DATA:
		if (d->read_write == I2C_SMBUS_READ)
			rc = regbus_read(&s->bus, d->command, &data->byte, 1);
		else
			rc = regbus_write(&s->bus, d->command, &data->byte, 1);
		break;
	case I2C_SMBUS_I2C_BLOCK_BROKEN: /* what libi2c sends for fewer than 32 bytes */
	case I2C_SMBUS_I2C_BLOCK_DATA:
		if (data->block[0] == 0 || data->block[0] > I2C_SMBUS_BLOCK_MAX)
			return fail_with(EINVAL);
		if (d->read_write == I2C_SMBUS_READ) {
			rc = regbus_read(&s->bus, d->command, &data->block[1], data->block[0]);
			data->block[0] = (uint8_t)(data->block[0] - s->short_block);
		} else {
			rc = regbus_write(&s->bus, d->command, &data->block[1], data->block[0]);
		}
		break;
	default:
		return fail_with(EOPNOTSUPP);   /* the drivers send no other transaction */
	}
	return rc < 0 ? fail_with(-rc) : 0;
}

static int sim_rdwr(struct i2cdev_sim *s, struct i2c_rdwr_ioctl_data *x)
{
	struct i2c_msg *m = x->msgs;
	int rc;

	s->rdwr++;
	if (x->nmsgs == 2 && m[0].flags == 0 && m[0].len == 1 && m[1].flags == I2C_M_RD &&
	    m[0].addr == m[1].addr) {   /* register number, repeated start, read */
		rc = regbus_select(&s->bus, (uint8_t)m[0].addr);
		if (rc == 0)
			rc = regbus_read(&s->bus, m[0].buf[0], m[1].buf, m[1].len);
	} else if (x->nmsgs == 1 && m[0].flags == 0 && m[0].len >= 2) {   /* register, data */
		rc = regbus_select(&s->bus, (uint8_t)m[0].addr);
		if (rc == 0)
			rc = regbus_write(&s->bus, m[0].buf[0], &m[0].buf[1], (size_t)m[0].len - 1);
	} else {
		return fail_with(EINVAL);
	}
	return rc < 0 ? fail_with(-rc) : (int)x->nmsgs;
}

bool i2cdev_sim_handles(unsigned long req)
{
	switch (req) {
	case I2C_SLAVE: case I2C_SLAVE_FORCE: case I2C_TIMEOUT: case I2C_RETRIES:
	case I2C_FUNCS: case I2C_SMBUS: case I2C_RDWR:
		return true;
	default:
		return false;
	}
}

int i2cdev_sim_ioctl(struct i2cdev_sim *s, unsigned long req, void *arg)
{
	unsigned long v = (unsigned long)(uintptr_t)arg;   /* the integer requests' argument */

	switch (req) {
	case I2C_SLAVE:
	case I2C_SLAVE_FORCE:
		s->slave++;
		if (v > 0x7f)
			return fail_with(EINVAL);
		return regbus_select(&s->bus, (uint8_t)v) < 0 ? fail_with(EBUSY) : 0;
	case I2C_TIMEOUT:
		s->timeout_arg = (long)v;
		regsim_set_timeout_ns(s->chip, (int64_t)v * 10000000LL);
		return 0;
	case I2C_RETRIES:
		return 0;
	case I2C_FUNCS:
		*(unsigned long *)arg = I2C_FUNC_I2C | I2C_FUNC_SMBUS_BYTE_DATA | I2C_FUNC_SMBUS_I2C_BLOCK;
		return 0;
	case I2C_SMBUS:
		return sim_smbus(s, arg);
	case I2C_RDWR:
		return sim_rdwr(s, arg);
	default:
		return fail_with(ENOTTY);
	}
}
