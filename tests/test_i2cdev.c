// SPDX-License-Identifier: MIT
/*
 * The Linux i2c-dev backend, run for real: libi2c and i2cdev.c issue their
 * ioctl()s, and this executable's own ioctl() answers I2C_SLAVE, I2C_SMBUS
 * and I2C_RDWR from the register simulator, as /dev/i2c-N would. A symbol
 * defined in the executable wins over libc's for libi2c.so too (and over
 * the sanitizer's interceptor). Every other request goes to the kernel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include "bus/i2cdev.h"
#include "imu/imu.h"
#include "fakes/i2cdev_sim.h"
#include "fakes/regsim.h"
#include "testutil.h"

static struct regsim *g_sim;
static struct i2cdev_sim g_dev;   /* the device node's answers, and what came */

int ioctl(int fd, unsigned long req, ...);
int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (g_sim && i2cdev_sim_handles(req))
		return i2cdev_sim_ioctl(&g_dev, req, arg);
	return (int)syscall(SYS_ioctl, fd, req, arg);
}

static int setup(void **state)
{
	(void)state;
	g_sim = regsim_new(REGSIM_MPU6050, 0x69);
	if (!g_sim)
		return -1;
	g_dev = (struct i2cdev_sim){ .bus = regsim_bus(g_sim), .chip = g_sim, .timeout_arg = -1 };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	regsim_free(g_sim);
	g_sim = NULL;
	return 0;
}

static void sim_sleep(void *ctx, unsigned us)
{
	(void)ctx;
	regsim_advance_ns(g_sim, (int64_t)us * 1000);
}

static void open_errors(void **state)
{
	struct i2cdev *dev = NULL;

	(void)state;
	assert_int_equal(i2cdev_open("/dev/i2c-nonexistent-77", &dev), -ENOENT);
	assert_null(dev);
	i2cdev_close(NULL);
}

/* The whole driver through libi2c: probe, configure, drain the FIFO. */
static void probe_and_read_through_i2cdev(void **state)
{
	static struct imu_sample s[512];
	struct i2cdev *dev;
	struct regbus bus;
	struct imu *imu;
	struct imu_info info;
	int n;

	(void)state;
	assert_int_equal(i2cdev_open("/dev/null", &dev), 0);
	assert_string_equal(i2cdev_path(dev), "/dev/null");
	bus = i2cdev_regbus(dev);
	bus.sleep_us = sim_sleep; /* simulated time, not wall time */
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	imu_get_info(imu, &info);
	assert_int_equal(info.addr, 0x69);
	assert_string_equal(info.name, "MPU-6050");
	/* 0x68 NACKed, then 0x69 answered: both selected through I2C_SLAVE */
	assert_true(g_dev.slave >= 2);
	/* configuration went through SMBus byte and block writes */
	assert_int_equal(regsim_reg(g_sim, 0x19), 4);
	assert_int_equal(regsim_reg(g_sim, 0x1B), 0x08);
	assert_near(regsim_odr_hz(g_sim), 200, 1e-9);
	assert_true(g_dev.smbus > 5);
	assert_int_equal(g_dev.rdwr, 0);

	/* 400 ms of data = 80 records = 960 bytes: one I2C_RDWR burst */
	regsim_advance_ns(g_sim, 400000000);
	n = imu_read(imu, regsim_now_ns(g_sim), s, 512);
	assert_in_range(n, 80, 81); /* and the one the wake-up delay left */
	assert_int_equal(g_dev.rdwr, 1);
	for (int i = 0; i < n; i++) {
		double acc[3], gyr[3];

		assert_true(regsim_truth(g_sim, regsim_samples_produced(g_sim) - (uint64_t)n + (uint64_t)i,
					 NULL, acc, gyr));
		assert_near(s[i].acc_g[1], acc[1], 3.0 / 8192);
		assert_near(s[i].gyr_dps[0], gyr[0], 3.0 / 65.5);
	}
	/* 20 ms = 4 records = 48 bytes: still more than one SMBus block */
	regsim_advance_ns(g_sim, 20000000);
	assert_in_range(imu_read(imu, regsim_now_ns(g_sim), s, 512), 4, 5);
	assert_int_equal(g_dev.rdwr, 2);
	/* 2 records fit an SMBus block read */
	regsim_advance_ns(g_sim, 10000000);
	assert_in_range(imu_read(imu, regsim_now_ns(g_sim), s, 512), 1, 2);
	assert_int_equal(g_dev.rdwr, 2);
	imu_close(imu);
	i2cdev_close(dev);
}

static void errors_come_back_as_errno(void **state)
{
	struct i2cdev *dev;
	struct regbus bus;
	uint8_t buf[40];

	(void)state;
	assert_int_equal(i2cdev_open("/dev/null", &dev), 0);
	bus = i2cdev_regbus(dev);
	/* before any address is chosen */
	assert_int_equal(regbus_read(&bus, 0x75, buf, 1), -EINVAL);
	assert_int_equal(regbus_select(&bus, 0x80), -EINVAL);
	assert_int_equal(regbus_select(&bus, 0x69), 0);
	assert_int_equal(regbus_read(&bus, 0x75, buf, 1), 0);
	assert_int_equal(buf[0], 0x68);
	regsim_set_fault(g_sim, REGSIM_FAULT_NACK, 1);
	assert_int_equal(regbus_read(&bus, 0x75, buf, 1), -EREMOTEIO);
	regsim_set_fault(g_sim, REGSIM_FAULT_TIMEOUT, 1);
	assert_int_equal(regbus_read(&bus, 0x74, buf, 40), -ETIMEDOUT);
	regsim_set_fault(g_sim, REGSIM_FAULT_EIO, 1);
	assert_int_equal(regbus_write_u8(&bus, 0x6B, 0), -EIO);
	/* a short SMBus block answer is an error, not a half-filled buffer */
	g_dev.short_block = 1;
	assert_int_equal(regbus_read(&bus, 0x19, buf, 4), -EIO);
	g_dev.short_block = 0;
	assert_int_equal(regbus_write(&bus, 0x19, buf, 33), -EINVAL);
	/* the address at which nothing answers */
	assert_int_equal(regbus_select(&bus, 0x68), 0);
	assert_int_equal(regbus_read(&bus, 0x75, buf, 1), -EREMOTEIO);
	i2cdev_close(dev);
}

/* Opening the bus shortens the adapter timeout (I2C_TIMEOUT, 10 ms units):
 * a hanging transfer then fails after I2CDEV_TIMEOUT_MS, not the kernel's
 * 1 s (the simulator blocks for whatever the ioctl set, in its own time).
 * A device that refuses the ioctl (/dev/null with no fake) still opens. */
static void open_sets_the_adapter_timeout(void **state)
{
	struct i2cdev *dev;
	struct regbus bus;
	uint8_t who;
	int64_t t0;

	(void)state;
	assert_int_equal(regsim_timeout_ns(g_sim), REGSIM_DEFAULT_TIMEOUT_NS);
	assert_int_equal(i2cdev_open("/dev/null", &dev), 0);
	assert_int_equal(g_dev.timeout_arg, I2CDEV_TIMEOUT_MS / 10);
	assert_int_equal(i2cdev_timeout_ms(dev), I2CDEV_TIMEOUT_MS);
	bus = i2cdev_regbus(dev);
	assert_int_equal(regbus_select(&bus, 0x69), 0);
	regsim_set_fault(g_sim, REGSIM_FAULT_TIMEOUT, 1);
	t0 = regsim_now_ns(g_sim);
	assert_int_equal(regbus_read(&bus, 0x75, &who, 1), -ETIMEDOUT);
	assert_int_equal(regsim_now_ns(g_sim) - t0, (int64_t)I2CDEV_TIMEOUT_MS * 1000000LL);
	assert_int_equal(regbus_read(&bus, 0x75, &who, 1), 0);
	assert_int_equal(who, 0x68);
	i2cdev_close(dev);

	regsim_free(g_sim);
	g_sim = NULL;   /* the kernel's /dev/null: ENOTTY */
	assert_int_equal(i2cdev_open("/dev/null", &dev), 0);
	assert_int_equal(i2cdev_timeout_ms(dev), 0);
	i2cdev_close(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_errors),
		cmocka_unit_test_setup_teardown(open_sets_the_adapter_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(probe_and_read_through_i2cdev, setup, teardown),
		cmocka_unit_test_setup_teardown(errors_come_back_as_errno, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
