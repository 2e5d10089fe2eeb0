// SPDX-License-Identifier: MIT
/* Sessions with content derived from a seed (see fake_session.h). */
#include <string.h>
#include <stdlib.h>
#include "fake_session.h"

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser: a well-spread hash of the seed */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

int fake_session_reps(uint64_t seed)
{
	uint64_t h = mix(seed);

	/* one in eight runs past the rep log */
	return (h & 7) == 0 ? SESSION_MAX_REPS + (int)(h >> 8) % 40 : 1 + (int)((h >> 8) % 60);
}

int fake_session_holds(uint64_t seed)
{
	return (int)((mix(seed) >> 20) % 4);
}

double fake_session_peak_deg(uint64_t seed, int i)
{
	return 10.0 + (double)(mix(seed ^ (uint64_t)(i + 1) * 0x100000001b3ull) % 5000) / 100.0;
}

double fake_session_best_deg(uint64_t seed)
{
	double best = 0.0;
	int n = fake_session_reps(seed);

	for (int i = 0; i < n; i++)
		if (fake_session_peak_deg(seed, i) > best)
			best = fake_session_peak_deg(seed, i);
	return best;
}

void fake_session_fill(struct session *s, uint64_t seed)
{
	int n = fake_session_reps(seed), nh = fake_session_holds(seed);
	double t = 5.0;

	session_init(s, NULL);
	s->state = SESSION_DONE;
	s->start_s = t;
	for (int i = 0; i < n; i++) {
		double peak = fake_session_peak_deg(seed, i);

		if (i < SESSION_MAX_REPS) {
			struct motion_rep *r = &s->rep_log[i];

			r->n = i + 1;
			r->start_s = t;
			r->duration_s = 2.0 + peak / 50.0;
			r->t_s = t + r->duration_s;
			r->peak_deg = peak;
			r->dwell_s = 0.25;
		}
		s->sum_peak_deg += peak;
		s->sum_rep_s += 2.0 + peak / 50.0;
		if (peak > s->best_peak_deg)
			s->best_peak_deg = peak;
		t += 3.0 + peak / 50.0;
	}
	s->n_reps = n;
	for (int i = 0; i < nh; i++) {
		s->hold_log[i].start_s = 10.0 * i + 7.0;
		s->hold_log[i].duration_s = 4.0 + 4.0 * i;
		s->hold_log[i].angle_deg = 30.0 + i;
		s->hold_log[i].warned = s->hold_log[i].duration_s >= s->set.motion.hold_warn_s;
		s->n_warnings += s->hold_log[i].warned;
		if (s->hold_log[i].duration_s > s->longest_hold_s)
			s->longest_hold_s = s->hold_log[i].duration_s;
	}
	s->n_holds = nh;
	s->end_s = t;
	s->t_s = t;
	s->work_s = 0.8 * (t - s->start_s);
}

struct session *fake_session_new(uint64_t seed)
{
	struct session *s = malloc(sizeof(*s));

	if (s)
		fake_session_fill(s, seed);
	return s;
}
