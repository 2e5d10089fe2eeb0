// SPDX-License-Identifier: MIT
/*
 * Two sensors on one bus (one per leg) from the outside: stretchrep probe
 * and record run in this process over the real i2c-dev code, and this
 * executable's ioctl() answers each open of the "bus" from the register
 * simulator's two chips (as test_i2cdev.c does for one): each file
 * descriptor is an open of the bus with its own I2C_SLAVE address, as on
 * Linux. Oracles: each chip reads a value of its own (sensor 1 +0.25 g on
 * x, sensor 2 -0.5 g), so a column shows whose samples it holds; the
 * simulator's counts; the time an unplugged chip was away.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include "clock.h"
#include "cmd/cli.h"
#include "trace_file.h"
#include "fakes/regsim.h"
#include "testutil.h"

#define MAX_FDS 16

static struct regsim *g_chips[2];
static int g_n_chips;
static struct {
	int fd;
	struct regsim_port *port;
} g_open[MAX_FDS];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static char g_bus_path[96];

static int fail_with(int err)
{
	errno = err;
	return -1;
}

/* The port of this open of the bus (made at its first ioctl). */
static struct regsim_port *port_of(int fd)
{
	struct regsim_port *p = NULL;

	pthread_mutex_lock(&g_lock);
	for (int i = 0; i < MAX_FDS && !p; i++)
		if (g_open[i].port && g_open[i].fd == fd)
			p = g_open[i].port;
	for (int i = 0; i < MAX_FDS && !p; i++) {
		if (!g_open[i].port) {
			g_open[i].fd = fd;
			g_open[i].port = regsim_port_new(g_chips, g_n_chips);
			p = g_open[i].port;
		}
	}
	pthread_mutex_unlock(&g_lock);
	return p;
}

static int fake_smbus(struct regbus *bus, struct i2c_smbus_ioctl_data *d)
{
	union i2c_smbus_data *data = d->data;
	int rc;

	switch (d->size) {
	case I2C_SMBUS_BYTE_DATA:
		rc = d->read_write == I2C_SMBUS_READ ? regbus_read(bus, d->command, &data->byte, 1)
						     : regbus_write(bus, d->command, &data->byte, 1);
		break;
	case I2C_SMBUS_I2C_BLOCK_BROKEN:
	case I2C_SMBUS_I2C_BLOCK_DATA:
		if (data->block[0] == 0 || data->block[0] > I2C_SMBUS_BLOCK_MAX)
			return fail_with(EINVAL);
		rc = d->read_write == I2C_SMBUS_READ ? regbus_read(bus, d->command, &data->block[1], data->block[0])
						     : regbus_write(bus, d->command, &data->block[1], data->block[0]);
		break;
	default:
		return fail_with(EOPNOTSUPP);
	}
	return rc < 0 ? fail_with(-rc) : 0;
}

int ioctl(int fd, unsigned long req, ...);
int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	struct regsim_port *p;
	struct regbus bus;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (g_n_chips == 0 || (req != I2C_SLAVE && req != I2C_TIMEOUT && req != I2C_SMBUS && req != I2C_RDWR))
		return (int)syscall(SYS_ioctl, fd, req, arg);
	p = port_of(fd);
	if (!p)
		return fail_with(ENOMEM);
	bus = regsim_port_bus(p);
	if (req == I2C_SLAVE)
		return regbus_select(&bus, (uint8_t)(uintptr_t)arg) < 0 ? fail_with(EBUSY) : 0;
	if (req == I2C_TIMEOUT)
		return 0;
	if (req == I2C_SMBUS)
		return fake_smbus(&bus, arg);
	{
		struct i2c_rdwr_ioctl_data *x = arg;
		int rc;

		if (x->nmsgs != 2 || x->msgs[0].len != 1 || x->msgs[1].flags != I2C_M_RD)
			return fail_with(EINVAL);
		rc = regbus_select(&bus, (uint8_t)x->msgs[0].addr);
		if (rc == 0)
			rc = regbus_read(&bus, x->msgs[0].buf[0], x->msgs[1].buf, x->msgs[1].len);
		return rc < 0 ? fail_with(-rc) : 2;
	}
}

static struct regsim_still still_plus = { { 0.25, 0.0, 0.97 }, { 1.0, 1.0, 1.0 } };
static struct regsim_still still_minus = { { -0.5, 0.0, 0.87 }, { -1.0, -1.0, -1.0 } };

static char g_dir[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(g_dir, sizeof(g_dir), "/tmp/test_two_XXXXXX");
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_bus_path, sizeof(g_bus_path), "%s/i2c-sim", g_dir);
	fd = open(g_bus_path, O_CREAT | O_RDWR, 0600);   /* stands for /dev/i2c-N */
	if (fd < 0)
		return -1;
	close(fd);
	g_chips[0] = regsim_new(REGSIM_MPU6050, 0x68);
	g_chips[1] = regsim_new(REGSIM_MPU6050, 0x69);
	for (int k = 0; k < 2; k++) {
		regsim_set_realtime(g_chips[k], 0);
		regsim_set_source(g_chips[k], regsim_still_source, k ? &still_minus : &still_plus, 2);
	}
	g_n_chips = 2;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	g_n_chips = 0;
	for (int i = 0; i < MAX_FDS; i++) {
		regsim_port_free(g_open[i].port);
		g_open[i].port = NULL;
	}
	for (int k = 0; k < 2; k++)
		regsim_free(g_chips[k]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Runs cmd with stdout into out_path; returns its exit status. */
static int run_captured(int (*cmd)(int, char **), int argc, char **argv, const char *out_path)
{
	int saved = dup(STDOUT_FILENO), fd = open(out_path, O_CREAT | O_TRUNC | O_WRONLY, 0600), rc;

	assert_true(saved >= 0 && fd >= 0);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	rc = cmd(argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	return rc;
}

static bool file_has(const char *path, const char *text)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* probe lists both chips: found by looking everywhere (with the settings'
 * hint), and named with their legs when the settings place them. */
static void probe_lists_both(void **state)
{
	char conf[128], out[128], cfg_text[256];
	char a0[] = "probe", a1[] = "--config";
	char *argv[] = { a0, a1, conf, NULL };

	(void)state;
	snprintf(conf, sizeof(conf), "%s/auto.conf", g_dir);
	snprintf(out, sizeof(out), "%s/probe.txt", g_dir);
	snprintf(cfg_text, sizeof(cfg_text), "[sensor]\nbus = %s\nrate_hz = 200\n", g_bus_path);
	write_file(conf, cfg_text);
	assert_int_equal(run_captured(cmd_probe, 3, argv, out), 0);
	assert_true(file_has(out, "chip:      MPU-6050 at 0x68 (WHO_AM_I 0x68)\n"));
	assert_true(file_has(out, "chip:      MPU-6050 at 0x69 (WHO_AM_I 0x68)\n"));
	assert_true(file_has(out, "[sensor] left = 0x68 and right = 0x69"));

	snprintf(cfg_text, sizeof(cfg_text), "[sensor]\nbus = %s\nrate_hz = 200\nleft = 0x69\nright = 0x68\n",
		 g_bus_path);
	write_file(conf, cfg_text);
	assert_int_equal(run_captured(cmd_probe, 3, argv, out), 0);
	assert_true(file_has(out, "at 0x69 (WHO_AM_I 0x68), on the left leg\n"));
	assert_true(file_has(out, "at 0x68 (WHO_AM_I 0x68), on the right leg\n"));
	assert_true(file_has(out, "sample:    acc -0.500"));   /* 0x69's value, listed first */

	/* a leg's sensor that does not answer: said, exit 1, the other listed */
	snprintf(cfg_text, sizeof(cfg_text), "[sensor]\nbus = %s\nleft = 0x68\nright = 0x6b\n", g_bus_path);
	write_file(conf, cfg_text);
	assert_int_equal(run_captured(cmd_probe, 3, argv, out), 1);
	assert_true(file_has(out, "on the left leg\n"));
}

/* Unplugs chip 2 for a while, from beside the recording. */
static void *unplug_for_a_while(void *arg)
{
	struct timespec a = { 0, 600000000L }, b = { 0, 700000000L };

	(void)arg;
	nanosleep(&a, NULL);
	regsim_set_plugged(g_chips[1], false);
	nanosleep(&b, NULL);
	regsim_set_plugged(g_chips[1], true);
	return NULL;
}

/* record writes both legs into one trace; sensor 2 unplugged for 0.7 s
 * leaves sensor 1's stream whole. */
static void record_writes_both(void **state)
{
	char conf[128], trace[128], out[128], cfg_text[256], err[256];
	char a0[] = "record", a1[] = "--config", a3[] = "--seconds", a4[] = "2.5", a5[] = "-o";
	char *argv[] = { a0, a1, conf, a3, a4, a5, trace, NULL };
	struct trace_reader *r;
	struct trace_row row;
	pthread_t th;
	long n[2] = { 0, 0 }, both = 0;
	double last[2] = { NAN, NAN }, gap[2] = { 0, 0 };
	int rc;

	(void)state;
	snprintf(conf, sizeof(conf), "%s/two.conf", g_dir);
	snprintf(trace, sizeof(trace), "%s/two.csv", g_dir);
	snprintf(out, sizeof(out), "%s/record.txt", g_dir);
	snprintf(cfg_text, sizeof(cfg_text), "[sensor]\nbus = %s\nrate_hz = 200\nleft = 0x68\nright = 0x69\n",
		 g_bus_path);
	write_file(conf, cfg_text);
	assert_int_equal(pthread_create(&th, NULL, unplug_for_a_while, NULL), 0);
	rc = run_captured(cmd_record, 7, argv, out);
	pthread_join(th, NULL);
	assert_int_equal(rc, 0);

	assert_int_equal(trace_reader_open(&r, trace, err, sizeof(err)), 0);
	while ((rc = trace_reader_next_row(r, &row, err, sizeof(err))) == 1) {
		assert_int_equal(row.leg[0], LEG_LEFT);
		assert_int_equal(row.leg[1], LEG_RIGHT);
		both += row.has[0] && row.has[1];
		for (int k = 0; k < 2; k++) {
			if (!row.has[k])
				continue;
			assert_near(row.s[k].acc_g[0], k ? -0.5 : 0.25, 0.01);   /* whose it is */
			if (!isnan(last[k]) && row.s[k].t_s - last[k] > gap[k])
				gap[k] = row.s[k].t_s - last[k];
			last[k] = row.s[k].t_s;
			n[k]++;
		}
	}
	if (rc != 0)
		print_error("%s\n", err);
	assert_int_equal(rc, 0);
	assert_int_equal(trace_reader_sensors(r), 2);
	trace_reader_close(r);
	/* 200 Hz over 2.5 s: sensor 1 whole, sensor 2 without its 0.7 s away
	 * (and the second it takes to be found again) */
	assert_in_range(n[0], 470, 505);
	assert_true(gap[0] < 0.011);
	assert_in_range(n[1], 150, 420);
	assert_true(gap[1] > 0.6);
	/* where both sent, they share rows (not quite all: the first samples
	 * and those just after the replug start on their own) */
	assert_true(both >= n[1] * 9 / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe_lists_both),
		cmocka_unit_test(record_writes_both),
	};

	return cmocka_run_group_tests_name("two_sensors", tests, setup, teardown);
}
