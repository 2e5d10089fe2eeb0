// SPDX-License-Identifier: MIT
/*
 * stretchrep probe — what is on the I2C bus, for installers: the chip, its
 * address and WHO_AM_I, one sample in g and deg/s, and the output rate
 * actually reached over one second; with --check-gyro, the guided check of
 * the gyroscope against gravity (source/gyro_check.h). A thin client of
 * drivers/imu.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "cmd/cli.h"
#include "config.h"
#include "source/gyro_check.h"
#include "source/imu_thread.h"
#include "source/source.h"
#include "bus/i2cdev.h"
#include "imu/imu.h"

#define PROBE_MEASURE_S 1.0
#define PROBE_EXIT_OUT_OF_TOL 3

static void probe_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep probe [--config FILE] [--bus DEV] [--rate HZ] [--check-gyro] [--force]\n"
		   "  --config FILE  settings (default %s, the kiosk's;\n"
		   "                 [sensor] bus, address or left and right, rate and ranges;\n"
		   "                 options here win). With no address set, every chip found\n"
		   "                 is listed (two on one bus: one per leg)\n"
		   "  --bus DEV      I2C bus device ([sensor] bus)\n"
		   "  --rate HZ      output rate to ask for ([sensor] rate_hz)\n"
		   "  --check-gyro   then a guided check of the gyroscope against gravity (about\n"
		   "                 15 s: hold still, turn by hand, hold still); exit 3 when the\n"
		   "                 part is out of tolerance\n"
		   "  --force        probe even while another process (the kiosk) has the bus\n"
		   "                 open: the probe resets the sensor under it, ending its session\n",
		CONFIG_DEFAULT_PATH);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Drains the FIFO for about `seconds`; the first sample goes to *first.
 * The rate counts the samples that arrived after the first batch, over the
 * time since that batch was read. */
static int measure_rate(struct imu *imu, double seconds, struct imu_sample *first, double *rate)
{
	static struct imu_sample buf[256];
	int64_t t0 = 0, t_last = 0, start = clock_mono_ns();
	bool started = false;
	long count = 0;
	int n;

	while (clock_mono_ns() - start < (int64_t)(seconds * 1e9)) {
		sleep_ms(20);
		n = imu_read(imu, clock_mono_ns(), buf, 256);
		if (n < 0)
			return n;
		if (n == 0)
			continue;
		if (!started) {
			*first = buf[0];
			t0 = clock_mono_ns();
			started = true;
			continue;
		}
		count += n;
		t_last = clock_mono_ns();
	}
	*rate = count > 0 ? (double)count / ((double)(t_last - t0) * 1e-9) : 0;
	return started ? 0 : -ENODATA;
}

static void say_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("           %s\n", line);
	fflush(stdout);
}

static int probe_check_gyro(struct imu *imu, const struct gyro_check_plan *plan, int *status)
{
	struct gyro_check_result r;
	char verdict[256];
	int rc;

	printf("gyro:      guided check against gravity\n");
	fflush(stdout);
	rc = gyro_check_run(imu, plan, say_line, NULL, &r);
	if (rc < 0)
		return rc;
	gyro_check_verdict(&r, verdict, sizeof(verdict));
	printf("gyro:      bias %+.2f %+.2f %+.2f deg/s; turned %.0f deg by gravity; scale %.2f (%d checks)\n",
	       r.gyro.bias_dps[0], r.gyro.bias_dps[1], r.gyro.bias_dps[2], r.turn_deg, r.gyro.scale,
	       r.gyro.scale_checks);
	printf("gyro:      %s\n", verdict);
	*status = r.gyro.scale_out_of_tol || r.gyro.bias_out_of_tol ? PROBE_EXIT_OUT_OF_TOL : 0;
	return 0;
}

/* Where to look: the settings' sensors ([sensor] left and right, or
 * address), or every known address (auto). Returns how many. */
static int probe_addresses(const struct config_sensor *sn, uint8_t addrs[4], enum leg legs[4])
{
	struct imu_thread_config ic;
	int n;

	source_imu_config(&ic, sn);
	if (ic.imu.addr == 0) {
		for (n = 0; n < (int)sizeof(imu_probe_addrs); n++) {
			addrs[n] = imu_probe_addrs[n];
			legs[n] = LEG_UNKNOWN;
		}
		return n;
	}
	n = source_imu_legs(sn, legs) == 2 ? 2 : 1;
	addrs[0] = ic.imu.addr;
	addrs[1] = ic.addr2;
	return n;
}

/* One chip: what it is, a sample and the rate reached (and the gyro check
 * when asked). 0, or -errno with nothing more printed. */
static int probe_one(struct imu *imu, enum leg leg, bool check_gyro, int *status)
{
	struct imu_info info;
	struct imu_sample s;
	double rate;
	int rc;

	imu_get_info(imu, &info);
	printf("chip:      %s at 0x%02x (WHO_AM_I 0x%02x)%s%s%s\n", info.name, info.addr, info.whoami,
	       leg_name(leg) ? ", on the " : "", leg_name(leg) ? leg_name(leg) : "", leg_name(leg) ? " leg" : "");
	printf("config:    %.1f Hz, +-%.0f g, +-%.0f deg/s, low-pass %.0f Hz\n",
	       info.odr_hz, info.acc_range_g, info.gyr_range_dps, info.lpf_hz);
	fflush(stdout);
	rc = measure_rate(imu, PROBE_MEASURE_S, &s, &rate);
	if (rc < 0)
		return rc;
	printf("sample:    acc %+.3f %+.3f %+.3f g, gyro %+.2f %+.2f %+.2f deg/s\n",
	       s.acc_g[0], s.acc_g[1], s.acc_g[2], s.gyr_dps[0], s.gyr_dps[1], s.gyr_dps[2]);
	printf("rate:      %.1f samples/s reached (configured %.1f Hz)\n", rate, info.odr_hz);
	if (check_gyro)
		return probe_check_gyro(imu, &gyro_check_default_plan, status);
	return 0;
}

int cmd_probe(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_SENSOR_OPTIONS,
		{ "check-gyro", no_argument, NULL, 'g' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct imu_thread_config ic;
	struct config *conf;
	const char *path;
	struct imu_config cfg;
	struct i2cdev *dev;
	struct regbus bus;
	uint8_t addrs[4] = { 0 }, found_addr[4] = { 0 };
	enum leg legs[4] = { LEG_UNKNOWN, LEG_UNKNOWN, LEG_UNKNOWN, LEG_UNKNOWN };
	char msg[256];
	bool check_gyro = false, any = false, force = false;
	int c, rc, n, found = 0, first_err = 0, status = 0;

	rc = cli_config_open("probe", argc, argv, "h", opts, &conf);
	if (rc)
		return rc;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':   /* read first, above */
			break;
		case 'b':
		case 'r':
			if (cli_sensor_option(conf, c, optarg))
				goto usage;
			break;
		case 'g':
			check_gyro = true;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			probe_usage(stdout);
			free(conf);
			return 0;
		default:
			probe_usage(stderr);
			goto usage;
		}
	}
	if (optind != argc) {
		probe_usage(stderr);
		goto usage;
	}
	source_imu_config(&ic, &conf->sensor);   /* the sensor(s) the kiosk looks for */
	cfg = ic.imu;
	path = ic.bus_path;
	n = probe_addresses(&conf->sensor, addrs, legs);

	/* a probe resets the chip: never under a running kiosk */
	if (cli_bus_free("probe", path, force)) {
		free(conf);
		return 1;
	}
	rc = i2cdev_open(path, &dev);
	if (rc < 0)
		goto explain;
	bus = i2cdev_regbus(dev);
	/* Every chip that answers where we look: two on a bus are one per leg. */
	for (int i = 0; i < n; i++) {
		struct imu *imu;
		bool configured = ic.imu.addr != 0;

		rc = imu_open(&bus, addrs[i], &cfg, &imu);
		if (rc < 0) {
			bool absent = rc == -EREMOTEIO || rc == -ENXIO || rc == -ENODEV;

			if (!configured) {   /* auto: nothing here, or remember the first real error */
				if (!absent && !first_err)
					first_err = rc;
				continue;
			}
			if (absent)
				rc = -ENODEV;
			snprintf(msg, sizeof(msg), "sensor at 0x%02x%s%s%s: ", addrs[i],
				 leg_name(legs[i]) ? " (" : "", leg_name(legs[i]) ? leg_name(legs[i]) : "",
				 leg_name(legs[i]) ? " leg)" : "");
			imu_explain(rc, path, msg + strlen(msg), sizeof(msg) - strlen(msg));
			fprintf(stderr, "stretchrep probe: %s\n", msg);
			status = 1;
			continue;
		}
		if (!any)
			printf("bus:       %s\n", path);
		any = true;
		rc = probe_one(imu, legs[i], check_gyro, &status);
		imu_close(imu);
		if (rc < 0) {
			if (rc == -ENODATA)
				snprintf(msg, sizeof(msg), "the sensor at 0x%02x on %s answers but sends no data",
					 addrs[i], path);
			else
				imu_explain(rc, path, msg, sizeof(msg));
			fprintf(stderr, "stretchrep probe: %s\n", msg);
			status = 1;
			continue;
		}
		found_addr[found++] = addrs[i];
	}
	i2cdev_close(dev);
	if (!any && status == 0) {
		rc = first_err ? first_err : -ENODEV;
		goto explain;
	}
	/* two of a family found by looking everywhere: how to use both */
	if (found == 2 && ic.imu.addr == 0 && (found_addr[0] ^ found_addr[1]) == 1)
		printf("legs:      two sensors: [sensor] left = 0x%02x and right = 0x%02x read one per leg\n",
		       found_addr[0], found_addr[1]);
	free(conf);
	return status;

explain:
	imu_explain(rc, path, msg, sizeof(msg));
	fprintf(stderr, "stretchrep probe: %s\n", msg);
	free(conf);
	return 1;

usage:
	free(conf);
	return EXIT_USAGE;
}
