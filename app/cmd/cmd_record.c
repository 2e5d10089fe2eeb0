// SPDX-License-Identifier: MIT
/*
 * stretchrep record — records the IMU into a trace file (DESIGN.md format)
 * through the same I/O thread the kiosk uses; progress on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
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
#define RECORD_PAIR_WAIT_S 0.2  /* two sensors: a sample waits this long for the other's */
#define RECORD_QUEUE 4096       /* samples held per sensor while pairing */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void record_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep record [--config FILE] [--seconds S] [-o FILE] [--bus DEV] [--rate HZ]\n"
		   "                         [--force]\n"
		   "  --config FILE  settings (default %s, the kiosk's;\n"
		   "                 [sensor] bus, address, rate and ranges; options here win;\n"
		   "                 left and right: both legs' sensors into one trace)\n"
		   "  --seconds S    how long (default 60; Ctrl-C stops early)\n"
		   "  -o FILE        trace file to write (default: standard output)\n"
		   "  --bus DEV      I2C bus device ([sensor] bus)\n"
		   "  --rate HZ      output rate ([sensor] rate_hz)\n"
		   "  --force        record even while another process (the kiosk) has the bus\n"
		   "                 open: starting resets the sensor under it, ending its session\n",
		CONFIG_DEFAULT_PATH);
}

/* Waits for samples or a status change, at most timeout_ms. */
static void wait_thread(struct imu_thread *t, int timeout_ms)
{
	struct pollfd pfd = { .fd = imu_thread_fd(t), .events = POLLIN };

	poll(&pfd, 1, timeout_ms);
}

/* Waits until the sensors run; 0, or 1 with the reason printed. With two,
 * one that does not answer in time is said and the other recorded (its
 * columns stay empty until it comes). */
static int wait_for_sensor(struct imu_thread *t)
{
	struct imu_status st;
	double start = clock_mono_s();
	int n = imu_thread_sensors(t);

	for (;;) {
		int ok = 0;

		for (int k = 0; k < n; k++) {
			imu_thread_status_sensor(t, k, &st);
			ok += st.state == IMU_STATE_OK;
		}
		if (ok == n)
			return 0;
		imu_thread_status(t, &st);
		/* I2C off or no permission will not change by waiting */
		if (st.last_error == -ENOENT || st.last_error == -EACCES || st.last_error == -EPERM ||
		    clock_mono_s() - start > RECORD_FIND_S || interrupted) {
			for (int k = 0; k < n; k++) {
				imu_thread_status_sensor(t, k, &st);
				if (st.state != IMU_STATE_OK)
					fprintf(stderr, "stretchrep record: %s%s\n", n == 2 ? (k ? "sensor 2: " : "sensor 1: ") : "",
						st.message);
			}
			return ok > 0 && st.last_error != -ENOENT && st.last_error != -EACCES &&
			       st.last_error != -EPERM && !interrupted ? 0 : 1;
		}
		wait_thread(t, 100);
	}
}

/* Two sensors' samples, paired into rows by time (README: traces of two
 * sensors): each sensor's queue, oldest first. */
struct pairing {
	struct sample q[2][RECORD_QUEUE];
	size_t head[2], len[2];
	double half_period_s;    /* samples closer than this share a row */
	double newest_s;         /* the latest sample time seen of either */
	double t0;               /* trace time 0 (the first sample written), NAN before */
	long rows;
};

static struct sample *q_front(struct pairing *pr, int k)
{
	return &pr->q[k][pr->head[k]];
}

static void q_pop(struct pairing *pr, int k)
{
	pr->head[k] = (pr->head[k] + 1) % RECORD_QUEUE;
	pr->len[k]--;
}

/* Drains sensor k into its queue (as much as it holds). */
static size_t q_fill(struct pairing *pr, struct imu_thread *t, int k)
{
	size_t got = 0;

	while (pr->len[k] < RECORD_QUEUE) {
		size_t tail = (pr->head[k] + pr->len[k]) % RECORD_QUEUE;
		/* the free stretch from tail: to the end, or to head when wrapped */
		size_t room = tail >= pr->head[k] ? RECORD_QUEUE - tail : pr->head[k] - tail;
		size_t n;

		n = imu_thread_drain_sensor(t, k, &pr->q[k][tail], room);
		for (size_t i = 0; i < n; i++)
			if (pr->q[k][tail + i].t_s > pr->newest_s)
				pr->newest_s = pr->q[k][tail + i].t_s;
		pr->len[k] += n;
		got += n;
		if (n < room)
			break;
	}
	return got;
}

/* Writes the rows that are due: pairs of samples close in time, and a
 * sample alone once the other sensor's cannot come any more (all: the
 * end) or has not come for RECORD_PAIR_WAIT_S. 0 or -EIO. */
static int write_rows(FILE *f, struct pairing *pr, bool all)
{
	for (;;) {
		struct trace_row row = { .has = { false, false } };
		bool a = pr->len[0] > 0, b = pr->len[1] > 0;

		if (a && b) {
			double dt = q_front(pr, 0)->t_s - q_front(pr, 1)->t_s;

			row.has[0] = dt <= pr->half_period_s;
			row.has[1] = dt >= -pr->half_period_s;
		} else if (a || b) {
			int k = a ? 0 : 1;

			if (!all && q_front(pr, k)->t_s > pr->newest_s - RECORD_PAIR_WAIT_S)
				return 0;
			row.has[k] = true;
		} else {
			return 0;
		}
		for (int k = 0; k < 2; k++) {
			if (!row.has[k])
				continue;
			row.s[k] = *q_front(pr, k);
			q_pop(pr, k);
			if (isnan(pr->t0))
				pr->t0 = row.s[k].t_s;
		}
		for (int k = 0; k < 2; k++)
			row.s[k].t_s -= pr->t0;
		if (trace_write_row(f, 2, &row))
			return -EIO;
		pr->rows++;
	}
}

/* The two-sensor recording loop: until the time is up or Ctrl-C. */
static int record_two(FILE *f, struct imu_thread *t, double seconds, long *count)
{
	static struct pairing pr;
	struct imu_status st;
	double start = clock_mono_s(), last_progress = start;

	memset(&pr, 0, sizeof(pr));
	pr.t0 = NAN;
	imu_thread_status(t, &st);
	pr.half_period_s = st.odr_hz > 0 ? 0.5 / st.odr_hz : 0.005;
	while (!interrupted && clock_mono_s() - start < seconds) {
		wait_thread(t, 100);
		for (int k = 0; k < 2; k++)
			*count += (long)q_fill(&pr, t, k);
		if (write_rows(f, &pr, false))
			return -EIO;
		if (clock_mono_s() - last_progress >= 1.0) {
			struct imu_status s2;

			imu_thread_status_sensor(t, 0, &st);
			imu_thread_status_sensor(t, 1, &s2);
			last_progress = clock_mono_s();
			fprintf(stderr, "\rrecord: %4.0f s, %ld samples, sensors %s, %s   ",
				last_progress - start, *count, imu_state_name(st.state), imu_state_name(s2.state));
		}
	}
	for (int k = 0; k < 2; k++)
		*count += (long)q_fill(&pr, t, k);
	return write_rows(f, &pr, true);
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_SENSOR_OPTIONS,
		{ "seconds", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'f' },
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
	enum leg legs[2];
	uint8_t ic_addr[2];
	int c, rc, n_sensors, status = 0;
	bool force = false;

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
		case 'f':
			force = true;
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
	source_imu_config(&cfg, &conf->sensor);   /* the sensor(s) the kiosk looks for */
	ic_addr[0] = cfg.imu.addr;
	ic_addr[1] = cfg.addr2;
	/* the I/O thread resets the chip: never under a running kiosk */
	if (cli_bus_free("record", cfg.bus_path, force)) {
		free(conf);
		return 1;
	}

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
	n_sensors = imu_thread_sensors(t);
	source_imu_legs(&conf->sensor, legs);
	if (n_sensors == 2) {
		struct imu_status st2;

		imu_thread_status_sensor(t, 1, &st2);
		snprintf(comment, sizeof(comment), "stretchrep %s record: %s at 0x%02x and %s at 0x%02x, %.1f Hz",
			 STRETCHREP_VERSION, st.chip[0] ? st.chip : "?", ic_addr[0], st2.chip[0] ? st2.chip : "?",
			 ic_addr[1], st.odr_hz > 0 ? st.odr_hz : st2.odr_hz);
		fprintf(stderr, "record: sensor 1: %s; sensor 2: %s\n", st.message, st2.message);
	} else {
		snprintf(comment, sizeof(comment), "stretchrep %s record: %s at 0x%02x, %.1f Hz",
			 STRETCHREP_VERSION, st.chip, st.addr, st.odr_hz);
		fprintf(stderr, "record: %s\n", st.message);
	}
	/* the legs when the settings name them; a plain one-sensor trace as ever */
	trace_write_header_legs(f, comment, n_sensors, legs[0] != LEG_UNKNOWN ? legs : NULL);
	start = last_progress = clock_mono_s();
	if (n_sensors == 2 && record_two(f, t, seconds, &count))
		fprintf(stderr, "\nstretchrep record: write error\n");
	while (n_sensors == 1 && !interrupted && clock_mono_s() - start < seconds) {
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
	for (int k = 0; k < n_sensors; k++) {
		imu_thread_status_sensor(t, k, &st);
		fprintf(stderr, "%srecord: %s%ld samples; %u FIFO gaps (%.2f s), %llu dropped\n", k ? "" : "\n",
			n_sensors == 2 ? (k ? "sensor 2: " : "sensor 1: ") : "",
			n_sensors == 2 ? (long)st.samples : count, st.gaps, st.gap_s, (unsigned long long)st.dropped);
	}
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
