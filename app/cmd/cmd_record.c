// SPDX-License-Identifier: MIT
/*
 * stretchrep record — records the IMU into a trace file (DESIGN.md format)
 * through the same I/O thread the kiosk uses; progress on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "cmd/cli.h"
#include "config.h"
#include "source/imu_thread.h"
#include "safe_file.h"
#include "source/source.h"
#include "trace_file.h"

#define RECORD_FIND_S 3.0   /* how long to wait for the sensor to appear */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void record_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep record [--config FILE] [--seconds S] [-o FILE] [--bus DEV] [--rate HZ]\n"
		   "  --config FILE  settings (default %s, the kiosk's;\n"
		   "                 [sensor] bus, address, rate and ranges; options here win)\n"
		   "  --seconds S    how long (default 60; Ctrl-C stops early)\n"
		   "  -o FILE        trace file to write (default: standard output)\n"
		   "  --bus DEV      I2C bus device ([sensor] bus)\n"
		   "  --rate HZ      output rate ([sensor] rate_hz)\n",
		CONFIG_DEFAULT_PATH);
}

/* Waits for samples or a status change, at most timeout_ms. */
static void wait_thread(struct imu_thread *t, int timeout_ms)
{
	struct pollfd pfd = { .fd = imu_thread_fd(t), .events = POLLIN };

	poll(&pfd, 1, timeout_ms);
}

/* Waits until the sensor runs; 0, or 1 with the reason printed. */
static int wait_for_sensor(struct imu_thread *t)
{
	struct imu_status st;
	double start = clock_mono_s();

	for (;;) {
		imu_thread_status(t, &st);
		if (st.state == IMU_STATE_OK)
			return 0;
		/* I2C off or no permission will not change by waiting */
		if (st.last_error == -ENOENT || st.last_error == -EACCES || st.last_error == -EPERM ||
		    clock_mono_s() - start > RECORD_FIND_S || interrupted) {
			fprintf(stderr, "stretchrep record: %s\n", st.message);
			return 1;
		}
		wait_thread(t, 100);
	}
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_SENSOR_OPTIONS,
		{ "seconds", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct imu_thread_config cfg;
	struct config *conf;
	const char *out_path = NULL;
	double seconds = 60, t0 = -1, start, last_progress;
	static struct sample buf[1024];
	struct imu_thread *t;
	struct imu_status st;
	struct sigaction sa = { .sa_handler = on_signal };
	char comment[160], why[320];
	long count = 0;
	FILE *f = stdout;
	struct safe_file *out = NULL;   /* -o: renamed over the path at the end */
	int c, rc, status = 0;

	rc = cli_config_open("record", argc, argv, "ho:", opts, &conf);
	if (rc)
		return rc;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'c':   /* read first, above */
			break;
		case 't':
			if (cli_parse_double("--seconds", optarg, 0.1, 86400, &seconds) < 0)
				goto usage;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'b':
		case 'r':
			if (cli_sensor_option(conf, c, optarg))
				goto usage;
			break;
		case 'h':
			record_usage(stdout);
			free(conf);
			return 0;
		default:
			record_usage(stderr);
			goto usage;
		}
	}
	if (optind != argc) {
		record_usage(stderr);
		goto usage;
	}
	source_imu_config(&cfg, &conf->sensor);   /* the sensor the kiosk looks for */

	/* the output is checked before the sensor is waited for */
	if (out_path) {
		if (safe_file_open(&out, out_path, why, sizeof(why))) {
			fprintf(stderr, "stretchrep record: %s\n", why);
			free(conf);
			return 1;
		}
		f = safe_file_stream(out);
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = imu_thread_start(&cfg, &t);
	if (rc < 0) {
		fprintf(stderr, "stretchrep record: cannot start the I/O thread: %s\n", strerror(-rc));
		safe_file_abort(out);
		free(conf);
		return 1;
	}
	if (wait_for_sensor(t) != 0) {
		status = 1;
		goto stop;
	}
	imu_thread_status(t, &st);
	snprintf(comment, sizeof(comment), "stretchrep %s record: %s at 0x%02x, %.1f Hz",
		 STRETCHREP_VERSION, st.chip, st.addr, st.odr_hz);
	trace_write_header(f, comment);
	fprintf(stderr, "record: %s\n", st.message);
	start = last_progress = clock_mono_s();
	while (!interrupted && clock_mono_s() - start < seconds) {
		size_t n;

		wait_thread(t, 100);
		n = imu_thread_drain(t, buf, sizeof(buf) / sizeof(buf[0]));
		for (size_t i = 0; i < n; i++) {
			/* trace time starts at the first sample */
			if (t0 < 0)
				t0 = buf[i].t_s;
			buf[i].t_s -= t0;
			trace_write_sample(f, &buf[i]);
		}
		count += (long)n;
		if (clock_mono_s() - last_progress >= 1.0) {
			imu_thread_status(t, &st);
			last_progress = clock_mono_s();
			fprintf(stderr, "\rrecord: %4.0f s, %ld samples, sensor %s   ",
				last_progress - start, count, imu_state_name(st.state));
			if (st.state != IMU_STATE_OK)
				fprintf(stderr, "\nrecord: %s\n", st.message);
		}
	}
	imu_thread_quit(t);
	imu_thread_status(t, &st);
	fprintf(stderr, "\nrecord: %ld samples; %u FIFO gaps (%.2f s), %llu dropped\n",
		count, st.gaps, st.gap_s, (unsigned long long)st.dropped);
	if (out) {
		rc = safe_file_commit(out, why, sizeof(why));
		out = NULL;
		if (rc) {
			fprintf(stderr, "stretchrep record: %s\n", why);
			status = 1;
		}
	} else if (fflush(f) != 0 || ferror(f)) {
		fprintf(stderr, "stretchrep record: stdout: write error\n");
		status = 1;
	}
stop:
	safe_file_abort(out);   /* no sensor: PATH stays as it was */
	imu_thread_stop(t);
	free(conf);
	return status;

usage:
	free(conf);
	return EXIT_USAGE;
}
