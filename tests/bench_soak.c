// SPDX-License-Identifier: MIT
/*
 * bench_soak — a long session at simulated speed, for `make bench-soak`
 * (ASan + LSan build): the virtual patient (core/sim.h, endless demo mix)
 * through the session core, as the kiosk runs it, for HOURS simulated hours.
 * A session that reaches DONE is restarted, as when the next patient starts.
 * Every simulated hour the hour's samples also go through the trace writer
 * and reader (app/trace_file.c), so the file code's descriptors and buffers
 * are in the loop; then the process's resident memory (/proc/self/statm) and
 * open descriptors (/proc/self/fd) are sampled and printed.
 *
 *   bench_soak [HOURS [RATE_HZ [TMPDIR]]]     defaults 24, 200, /tmp
 *
 * Exit 1 when memory or descriptors grew after the first hour (more than
 * SOAK_RSS_SLACK_KB of anonymous RSS, or any descriptor); LSan reports
 * leaks at exit.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "core/session.h"
#include "core/sim.h"
#include "trace_file.h"
#include "proc_stat.h"

#define SOAK_RSS_SLACK_KB 256   /* allocator noise allowed after hour 1 */
#define SOAK_TRACE_S 60.0       /* the trace round trip covers 1 min each hour */

/* Writes the samples of one minute to a trace file, reads them back and
 * checks they are the same to the printed precision. 0 or -errno. */
static int trace_round_trip(struct sim *sim, const char *path)
{
	struct trace_reader *r;
	struct sample s, back;
	char err[256];
	long written = 0, n;
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -errno;
	rc = trace_write_header(f, "bench_soak");
	while (rc == 0 && sim_next(sim, &s) && written < (long)(SOAK_TRACE_S * sim->set.rate_hz)) {
		rc = trace_write_sample(f, &s);
		written++;
	}
	if (fclose(f) != 0 && rc == 0)
		rc = -EIO;
	if (rc)
		return rc;
	rc = trace_reader_open(&r, path, err, sizeof(err));
	if (rc)
		return rc;
	while ((rc = trace_reader_next(r, &back, err, sizeof(err))) == 1)
		;
	n = trace_reader_count(r);
	trace_reader_close(r);
	if (rc < 0) {
		fprintf(stderr, "bench_soak: %s\n", err);
		return rc;
	}
	return n == written ? 0 : -EIO;
}

int main(int argc, char **argv)
{
	double hours = argc > 1 ? strtod(argv[1], NULL) : 24.0;   /* 0 if bad: refused */
	double rate_hz = argc > 2 ? strtod(argv[2], NULL) : 200.0;
	const char *tmp = argc > 3 ? argv[3] : "/tmp";
	struct sim_settings sset = sim_default_settings;
	struct sim *sim = malloc(sizeof(*sim)), *side = malloc(sizeof(*sim));
	struct session *ses = malloc(sizeof(*ses));
	char path[256];
	long anon0 = -1, anon_max = 0, samples = 0;
	struct sample s;
	bool have = false;   /* s holds a sample not yet fed */
	int fd0 = -1, fd_max = 0, sessions = 0, reps = 0, status = 0;
	double w0, w1;

	if (!sim || !side || !ses || hours <= 0 || rate_hz < 25 || rate_hz > 1000) {
		fprintf(stderr, "usage: bench_soak [HOURS [RATE_HZ [TMPDIR]]]\n");
		status = 2;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/bench_soak_%ld.csv", tmp, (long)getpid());
	sset.scenario = SIM_DEMO;
	sset.duration_s = 0.0;   /* endless */
	sset.rate_hz = rate_hz;
	sim_init(sim, &sset);
	sset.seed += 1;
	sim_init(side, &sset);
	/* NULL: the defaults with motion's own (session_default_settings
	 * alone leaves .motion zeroed, see session.c). */
	session_init(ses, NULL);
	w0 = clock_mono_s();

	printf("| hour | samples | sessions done | reps | RSS KB | anon RSS KB | open fds | wall s |\n"
	       "|---|---|---|---|---|---|---|---|\n");
	for (int h = 1; h <= (int)(hours + 0.5); h++) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		long rss, anon;
		int fds, rc;

		for (;;) {
			if (!have && !sim_next(sim, &s))
				break;
			have = s.t_s >= h * 3600.0;   /* keep it for the next hour */
			if (have)
				break;
			session_update(ses, &s, ev);
			samples++;
			if (session_get_state(ses) == SESSION_DONE) {
				sessions++;
				reps += session_reps(ses);
				session_restart(ses);
			}
		}
		rc = trace_round_trip(side, path);
		if (rc) {
			fprintf(stderr, "bench_soak: trace round trip in hour %d: %s\n", h, strerror(-rc));
			status = 1;
			break;
		}
		rss_kb(&rss, &anon);
		fds = open_fds();
		w1 = clock_mono_s();
		printf("| %d | %ld | %d | %d | %ld | %ld | %d | %.1f |\n", h, samples, sessions, reps,
		       rss, anon, fds, w1 - w0);
		fflush(stdout);
		if (h == 1) {
			anon0 = anon;
			fd0 = fds;
		}
		if (anon > anon_max)
			anon_max = anon;
		if (fds > fd_max)
			fd_max = fds;
	}
	if (status == 0) {
		printf("\nanonymous RSS after hour 1: %ld KB, max %ld KB (growth %ld KB); "
		       "open fds %d, max %d\n", anon0, anon_max, anon_max - anon0, fd0, fd_max);
		if (anon_max - anon0 > SOAK_RSS_SLACK_KB || fd_max > fd0) {
			printf("bench_soak: memory or descriptors grew\n");
			status = 1;
		}
	}
	unlink(path);
out:
	free(ses);
	free(side);
	free(sim);
	return status;
}
