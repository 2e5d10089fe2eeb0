// SPDX-License-Identifier: MIT
#include "core/tempo.h"

#include <math.h>

double tempo_guide_frac(const struct tempo_settings *t, double t_s)
{
	double p;

	if (!tempo_on(t) || !(t_s >= 0.0))
		return 0.0;
	p = fmod(t_s, tempo_period_s(t));
	if (p < t->out_s)
		return 0.5 - 0.5 * cos(M_PI * p / t->out_s);
	return 0.5 + 0.5 * cos(M_PI * (p - t->out_s) / t->in_s);
}

/* Ticks at k * P and k * P + out_s, k >= 0: how many at or before t. */
static long ticks_upto(const struct tempo_settings *t, double t_s)
{
	double per = tempo_period_s(t);
	long k;

	if (t_s < 0.0)
		return 0;
	k = (long)floor(t_s / per);
	return 2 * k + 1 + (t_s - k * per >= t->out_s ? 1 : 0);
}

int tempo_ticks(const struct tempo_settings *t, double t0_s, double t1_s)
{
	if (!tempo_on(t) || !(t1_s > t0_s))
		return 0;
	return (int)(ticks_upto(t, t1_s) - ticks_upto(t, t0_s));
}

bool tempo_going_out(const struct tempo_settings *t, double t_s)
{
	return tempo_on(t) && t_s >= 0.0 && fmod(t_s, tempo_period_s(t)) < t->out_s;
}

double tempo_expected_rep_s(const struct tempo_settings *t, double exit_frac)
{
	double f = exit_frac < 0.0 ? 0.0 : exit_frac > 1.0 ? 1.0 : exit_frac;

	/* the half-cosine 1 -> 0 over in_s has fallen by f at acos(1 - 2f) / pi */
	return t->out_s + t->in_s * acos(1.0 - 2.0 * f) / M_PI;
}

double tempo_dev_s(const struct tempo_settings *t, double exit_frac, double rep_duration_s)
{
	if (!tempo_on(t))
		return 0.0;
	return rep_duration_s - tempo_expected_rep_s(t, exit_frac);
}

void tempo_tally_add(struct tempo_tally *tt, double dev_s)
{
	tt->n++;
	tt->sum_dev_s += dev_s;
	tt->sum_abs_dev_s += fabs(dev_s);
	tt->last_dev_s = dev_s;
}

double tempo_tally_mean_s(const struct tempo_tally *tt)
{
	return tt->n ? tt->sum_dev_s / tt->n : 0.0;
}

double tempo_tally_mean_abs_s(const struct tempo_tally *tt)
{
	return tt->n ? tt->sum_abs_dev_s / tt->n : 0.0;
}
