// SPDX-License-Identifier: MIT
/* regbus over /dev/i2c-N with libi2c (see i2cdev.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include <i2c/smbus.h>
#include "bus/i2cdev.h"

struct i2cdev {
	int fd;
	int addr;        /* selected slave address, -1 before the first select */
	unsigned timeout_ms; /* the adapter timeout set at open, 0 if refused */
	char *path;
};

int i2cdev_open(const char *path, struct i2cdev **out)
{
	struct i2cdev *dev;
	int err;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->path = strdup(path);
	if (!dev->path) {
		err = -ENOMEM;
		goto free_dev;
	}
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		err = -errno;
		goto free_path;
	}
	dev->addr = -1;
	/* the ioctl's argument is in units of 10 ms (linux/i2c-dev.h) */
	if (ioctl(dev->fd, I2C_TIMEOUT, (unsigned long)(I2CDEV_TIMEOUT_MS / 10)) == 0)
		dev->timeout_ms = I2CDEV_TIMEOUT_MS;
	*out = dev;
	return 0;

free_path:
	free(dev->path);
free_dev:
	free(dev);
	return err;
}

void i2cdev_close(struct i2cdev *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev->path);
	free(dev);
}

const char *i2cdev_path(const struct i2cdev *dev)
{
	return dev->path;
}

unsigned i2cdev_timeout_ms(const struct i2cdev *dev)
{
	return dev->timeout_ms;
}

static int i2cdev_select(void *ctx, uint8_t addr)
{
	struct i2cdev *dev = ctx;

	if (addr > 0x7f)
		return -EINVAL;
	if (dev->addr == addr)
		return 0;
	if (ioctl(dev->fd, I2C_SLAVE, (unsigned long)addr) < 0)
		return -errno;
	dev->addr = addr;
	return 0;
}

/* One combined transfer: write the register number, repeated start, read. */
static int i2cdev_read_rdwr(struct i2cdev *dev, uint8_t reg, uint8_t *buf, size_t len)
{
	struct i2c_msg msgs[2] = {
		{ .addr = (uint16_t)dev->addr, .flags = 0, .len = 1, .buf = &reg },
		{ .addr = (uint16_t)dev->addr, .flags = I2C_M_RD, .len = (uint16_t)len, .buf = buf },
	};
	struct i2c_rdwr_ioctl_data xfer = { .msgs = msgs, .nmsgs = 2 };

	if (ioctl(dev->fd, I2C_RDWR, &xfer) < 0)
		return -errno;
	return 0;
}

static int i2cdev_read(void *ctx, uint8_t reg, uint8_t *buf, size_t len)
{
	struct i2cdev *dev = ctx;
	int rc;

	if (dev->addr < 0 || len == 0)
		return -EINVAL;
	if (len <= I2C_SMBUS_BLOCK_MAX) {
		rc = i2c_smbus_read_i2c_block_data(dev->fd, reg, (uint8_t)len, buf);
		if (rc < 0)
			return rc;
		/* A short block is as bad as no block: the caller asked for len. */
		return (size_t)rc == len ? 0 : -EIO;
	}
	/* FIFO data registers do not auto-increment, so a long read may be
	 * split into several transfers at the same register. */
	while (len > 0) {
		size_t n = len > I2CDEV_MAX_XFER ? I2CDEV_MAX_XFER : len;

		rc = i2cdev_read_rdwr(dev, reg, buf, n);
		if (rc < 0)
			return rc;
		buf += n;
		len -= n;
	}
	return 0;
}

static int i2cdev_write(void *ctx, uint8_t reg, const uint8_t *buf, size_t len)
{
	struct i2cdev *dev = ctx;
	uint8_t block[I2C_SMBUS_BLOCK_MAX];
	int rc;

	if (dev->addr < 0 || len == 0 || len > I2C_SMBUS_BLOCK_MAX)
		return -EINVAL;
	if (len == 1)
		return i2c_smbus_write_byte_data(dev->fd, reg, buf[0]);
	/* libi2c takes a non-const buffer. */
	memcpy(block, buf, len);
	rc = i2c_smbus_write_i2c_block_data(dev->fd, reg, (uint8_t)len, block);
	return rc < 0 ? rc : 0;
}

struct regbus i2cdev_regbus(struct i2cdev *dev)
{
	return (struct regbus){
		.select = i2cdev_select,
		.read = i2cdev_read,
		.write = i2cdev_write,
		.ctx = dev,
	};
}
