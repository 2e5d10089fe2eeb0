// SPDX-License-Identifier: MIT
/*
 * The straight-leg-raise test over the orient fusion (slr.h): a small state
 * machine (settling -> armed -> settling ... -> done) and a short history of
 * the thigh and knee angles, from which a mark made a moment after the fact
 * reads its angle and the shank sensor's bend is followed back to its start.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "core/slr.h"

const struct slr_settings slr_default_settings = SLR_DEFAULT_SETTINGS;

void slr_init(struct slr *st, const struct slr_settings *set, bool with_shank)
{
	memset(st, 0, sizeof(*st));
	st->set = set ? *set : slr_default_settings;
	orient_init(&st->thigh, &st->set.orient);
	orient_init(&st->shank, &st->set.orient);
	st->with_shank = with_shank;
	st->res.mdc95_one_rater_deg = SLR_MDC95_ONE_RATER_DEG;
	st->res.mdc95_between_raters_deg = SLR_MDC95_BETWEEN_RATERS_DEG;
}

double slr_angle_deg(const struct slr *st)
{
	return st->has_zero ? orient_angle_deg(&st->thigh) : 0.0;
}

/* Thigh minus shank inclination: grows as the knee bends during a raise. */
static double knee_raw_deg(const struct slr *st)
{
	if (!st->with_shank || !st->has_zero)
		return 0.0;
	return orient_angle_deg(&st->thigh) - orient_angle_deg(&st->shank);
}

double slr_knee_deg(const struct slr *st)
{
	return st->state == SLR_ARMED ? knee_raw_deg(st) - st->knee0_deg : 0.0;
}

const char *slr_outcome_name(enum slr_outcome o)
{
	switch (o) {
	case SLR_OUT_NONE: return "none";
	case SLR_OUT_TAKEN: return "taken";
	case SLR_OUT_NOT_READY: return "not ready";
	case SLR_OUT_TOO_LOW: return "too low";
	case SLR_OUT_TOO_FAST: return "too fast";
	case SLR_OUT_NOT_FLAT: return "not flat";
	}
	return "?";
}

static const struct slr_point *hist_at(const struct slr *st, int i)   /* 0: oldest */
{
	int k = (st->hist_head - st->hist_n + i + 2 * SLR_HISTORY) % SLR_HISTORY;

	return &st->hist[k];
}

static void hist_push(struct slr *st, double t_s)
{
	if (st->hist_n && t_s - hist_at(st, st->hist_n - 1)->t_s < SLR_HISTORY_STEP_S)
		return;
	st->hist[st->hist_head] = (struct slr_point){
		.t_s = t_s, .thigh_deg = slr_angle_deg(st), .knee_deg = slr_knee_deg(st), .rate_dps = st->rate_dps,
	};
	st->hist_head = (st->hist_head + 1) % SLR_HISTORY;
	if (st->hist_n < SLR_HISTORY)
		st->hist_n++;
}

/* The history's point at t_s, linearly between the two around it. */
static struct slr_point hist_interp(const struct slr *st, double t_s)
{
	const struct slr_point *a = hist_at(st, 0), *b;

	if (t_s <= a->t_s)
		return *a;
	for (int i = 1; i < st->hist_n; i++) {
		b = hist_at(st, i);
		if (t_s <= b->t_s) {
			double u = (t_s - a->t_s) / (b->t_s - a->t_s);

			return (struct slr_point){
				.t_s = t_s,
				.thigh_deg = a->thigh_deg + u * (b->thigh_deg - a->thigh_deg),
				.knee_deg = a->knee_deg + u * (b->knee_deg - a->knee_deg),
				.rate_dps = a->rate_dps + u * (b->rate_dps - a->rate_dps),
			};
		}
		a = b;
	}
	return *a;
}

static void arm(struct slr *st)
{
	st->state = SLR_ARMED;
	st->knee0_deg = knee_raw_deg(st);
	st->peak_deg = slr_angle_deg(st);
	st->hist_n = 0;
}

/* Judges and takes (or rejects) a trial at point p. */
static int take(struct slr *st, const struct slr_point *p, bool by_knee)
{
	if (p->thigh_deg < st->set.min_angle_deg) {
		st->outcome = SLR_OUT_TOO_LOW;
	} else if (fabs(p->rate_dps) > st->set.max_rate_dps) {
		st->outcome = SLR_OUT_TOO_FAST;
	} else {
		struct slr_trial *tr = &st->res.trial[st->res.trials++];
		double sum = 0.0;

		*tr = (struct slr_trial){
			.angle_deg = p->thigh_deg, .t_s = p->t_s, .rate_dps = p->rate_dps, .by_knee = by_knee,
		};
		for (int i = 0; i < st->res.trials; i++)
			sum += st->res.trial[i].angle_deg;
		st->res.mean_deg = sum / st->res.trials;
		st->outcome = SLR_OUT_TAKEN;
	}
	/* either way the leg comes back down before anything more */
	st->state = st->res.trials >= SLR_TRIALS ? SLR_DONE : SLR_SETTLING;
	return st->outcome == SLR_OUT_TAKEN ? 0 : -ERANGE;
}

int slr_mark(struct slr *st, double t_s)
{
	struct slr_point p;

	if (st->state != SLR_ARMED || st->hist_n == 0) {
		if (st->state == SLR_SETTLING)
			st->outcome = SLR_OUT_NOT_READY;
		return -EAGAIN;
	}
	p = hist_interp(st, t_s);
	return take(st, &p, false);
}

/*
 * The shank sensor found a bend: the knee angle's line over the last
 * knee_fit_s, as a function of the thigh angle (least squares), is followed
 * back to where it meets 0 (its start value). The thigh then kept rising
 * while the knee bent, so the line has a slope; without one (the thigh stood
 * still) the angle at the latest point where the knee was under a third of
 * the threshold is taken.
 */
static struct slr_point knee_onset(const struct slr *st)
{
	const struct slr_point *last = hist_at(st, st->hist_n - 1);
	double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
	int first = st->hist_n - 1;

	while (first > 0 && last->t_s - hist_at(st, first - 1)->t_s <= st->set.knee_fit_s)
		first--;
	for (int i = first; i < st->hist_n; i++) {
		const struct slr_point *p = hist_at(st, i);

		sx += p->thigh_deg;
		sy += p->knee_deg;
		sxx += p->thigh_deg * p->thigh_deg;
		sxy += p->thigh_deg * p->knee_deg;
		n += 1.0;
	}
	double var = sxx - sx * sx / n, cov = sxy - sx * sy / n;
	double lo = hist_at(st, 0)->thigh_deg;

	/* a slope needs the thigh to have moved a degree over the fit */
	if (n >= 3 && var > n * 0.25 * 0.25 && cov > 0.0) {
		double b = cov / var, a = (sy - b * sx) / n, x0 = -a / b;

		if (x0 > last->thigh_deg)
			x0 = last->thigh_deg;
		if (x0 < lo)
			x0 = lo;
		/* the time and rate where the thigh passed x0 */
		for (int i = st->hist_n - 1; i > 0; i--) {
			const struct slr_point *p = hist_at(st, i - 1);

			if (p->thigh_deg <= x0) {
				struct slr_point q = hist_interp(st, p->t_s);

				q.thigh_deg = x0;
				q.knee_deg = 0.0;
				return q;
			}
		}
		return *hist_at(st, 0);
	}
	for (int i = st->hist_n - 1; i >= 0; i--) {
		const struct slr_point *p = hist_at(st, i);

		if (p->knee_deg < st->set.knee_threshold_deg / 3.0)
			return *p;
	}
	return *hist_at(st, 0);
}

bool slr_update(struct slr *st, const struct sample *thigh, const struct sample *shank)
{
	double dt = 0.0;

	if (!isfinite(thigh->t_s) || (st->have_t && !(thigh->t_s > st->last_t_s)))
		return false;
	if (st->have_t)
		dt = thigh->t_s - st->last_t_s;
	st->have_t = true;
	st->last_t_s = thigh->t_s;
	orient_update(&st->thigh, thigh->acc_g, thigh->gyr_dps, dt);
	if (st->with_shank && shank)
		orient_update(&st->shank, shank->acc_g, shank->gyr_dps, dt);

	/* the leg's rate, smoothed; a gap restarts it */
	double deg = slr_angle_deg(st);

	if (dt > 0.0 && dt < SAMPLE_MAX_GAP_S) {
		double k = dt / (st->set.rate_tau_s + dt);

		st->rate_dps += k * ((deg - st->prev_deg) / dt - st->rate_dps);
	} else {
		st->rate_dps = 0.0;
	}
	st->prev_deg = deg;

	switch (st->state) {
	case SLR_SETTLING: {
		bool still = orient_is_still(&st->thigh) && orient_still_s(&st->thigh) >= st->set.start_still_s &&
			     (!st->with_shank || orient_is_still(&st->shank));

		if (!still)
			break;
		if (!st->has_zero) {
			/* the side's first still pose is flat: 0 deg */
			orient_set_reference(&st->thigh);
			orient_set_reference(&st->shank);
			st->has_zero = true;
			st->prev_deg = 0.0;
			st->rate_dps = 0.0;
		} else if (deg > st->set.start_tol_deg) {
			/* the word about the trial just taken or rejected stays */
			if (st->outcome == SLR_OUT_NONE || st->outcome == SLR_OUT_NOT_READY)
				st->outcome = SLR_OUT_NOT_FLAT;
			break;
		}
		arm(st);
		hist_push(st, thigh->t_s);
		break;
	}
	case SLR_ARMED:
		hist_push(st, thigh->t_s);
		if (deg > st->peak_deg)
			st->peak_deg = deg;
		if (st->with_shank && shank && slr_knee_deg(st) >= st->set.knee_threshold_deg) {
			struct slr_point p = knee_onset(st);

			return take(st, &p, true) == 0;
		}
		break;
	case SLR_DONE:
		break;
	}
	return false;
}
