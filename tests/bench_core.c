// SPDX-License-Identifier: MIT
/*
 * bench: the core's cost per sample (session_update: orient + motion +
 * session), on samples generated beforehand by the virtual patient so the
 * generator is not timed. Reports the median of many passes in CPU ns/sample
 * (and their quartiles, to show it is stable), after one warm-up pass.
 * Under callgrind, --toggle-collect=bench_core_pass counts instructions of
 * the core alone (the Makefile's bench target does that).
 *
 *   bench_core [SECONDS_OF_DATA] [PASSES]   (600 s, 31 passes)
 */
#include <stdio.h>
#include <stdlib.h>
#include "clock.h"
#include "core/session.h"
#include "core/sim.h"

int bench_core_pass(const struct sample *smp, long n, struct session *s);

/* Not static and not inlined: callgrind toggles collection on this name. */
__attribute__((noinline)) int bench_core_pass(const struct sample *smp, long n, struct session *s)
{
	struct motion_event ev[MOTION_MAX_EVENTS];
	int events = 0;

	session_init(s, NULL);
	for (long i = 0; i < n; i++)
		events += session_update(s, &smp[i], ev);
	return events;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The thread's CPU time, not the wall clock: a pass that another process
 * preempts is not charged for the wait (a shared machine). */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 600.0;
	int passes = argc > 2 ? atoi(argv[2]) : 31;
	struct sim_settings ss = sim_default_settings;
	static struct session s;
	struct sim sim;
	struct sample *smp;
	long n = 0, cap;
	double *pass_s, med, q1, q3;
	int events = 0;

	if (passes < 1)
		passes = 1;
	ss.scenario = SIM_DEMO;
	ss.rate_hz = 200.0;
	ss.duration_s = seconds;
	cap = (long)(seconds * ss.rate_hz * 1.1) + 16;
	smp = malloc((size_t)cap * sizeof(*smp));
	if (!smp)
		return 1;
	sim_init(&sim, &ss);
	while (n < cap && sim_next(&sim, &smp[n]))
		n++;
	pass_s = malloc((size_t)passes * sizeof(*pass_s));
	if (!pass_s) {
		free(smp);
		return 1;
	}
	if (passes > 1)   /* a warm-up pass (caches, page faults, clock ramp); 1: callgrind's count */
		events = bench_core_pass(smp, n, &s);
	for (int p = 0; p < passes; p++) {
		double t0 = cpu_s();

		events = bench_core_pass(smp, n, &s);
		pass_s[p] = (cpu_s() - t0) / (double)n * 1e9;
	}
	qsort(pass_s, (size_t)passes, sizeof(*pass_s), cmp_double);
	med = pass_s[passes / 2];
	q1 = pass_s[passes / 4];
	q3 = pass_s[(3 * passes) / 4];
	printf("core: %ld samples (%.0f s of the demo patient at 200 Hz), %d events, %d reps\n",
	       n, seconds, events, session_reps(&s));
	printf("core: median of %d passes %.1f ns/sample of CPU (quartiles %.1f .. %.1f, %.1f %% apart; best %.1f)"
	       " = %.3f %% of one core at 1 kHz\n", passes, med, q1, q3, 100.0 * (q3 - q1) / med, pass_s[0],
	       med * 1000.0 / 1e9 * 100.0);
	if (q3 - q1 > 0.05 * med)
		printf("core: the quartiles are more than 5 %% apart: a busy machine; run again\n");
	free(pass_s);
	printf("core: state size %zu bytes (session, caller-allocated)\n", sizeof(struct session));
	free(smp);
	return 0;
}
