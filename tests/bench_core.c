// SPDX-License-Identifier: MIT
/*
 * bench: the core's cost per sample (session_update: orient + motion +
 * session), on samples generated beforehand by the virtual patient so the
 * generator is not timed. Reports the best of several passes in ns/sample.
 * Under callgrind, --toggle-collect=bench_core_pass counts instructions of
 * the core alone (the Makefile's bench target does that).
 *
 *   bench_core [SECONDS_OF_DATA] [PASSES]
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

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 600.0;
	int passes = argc > 2 ? atoi(argv[2]) : 5;
	struct sim_settings ss = sim_default_settings;
	static struct session s;
	struct sim sim;
	struct sample *smp;
	long n = 0, cap;
	double best = 1e30;
	int events = 0;

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
	for (int p = 0; p < passes; p++) {
		double t0 = clock_mono_s();

		events = bench_core_pass(smp, n, &s);
		t0 = clock_mono_s() - t0;
		if (t0 < best)
			best = t0;
	}
	printf("core: %ld samples (%.0f s of the demo patient at 200 Hz), %d events, %d reps\n",
	       n, seconds, events, session_reps(&s));
	printf("core: best of %d passes %.1f ns/sample (%.3f %% of one core at 1 kHz)\n", passes,
	       best / (double)n * 1e9, best / (double)n * 1e9 * 1000.0 / 1e9 * 100.0);
	printf("core: state size %zu bytes (session, caller-allocated)\n", sizeof(struct session));
	free(smp);
	return 0;
}
