// SPDX-License-Identifier: MIT
/*
 * The virtual patient. The segment's pitch above horizontal is
 *
 *   theta(t) = base + drift(t) + move(t) + tremor(t)
 *
 * with every term given in closed form, so the rate and the angular
 * acceleration are exact derivatives, not differences. Movement ramps are
 * minimum-jerk (Flash & Hogan), which is how people move a limb from one
 * pose to another, and their ends are at rest in rate and acceleration.
 *
 * Frames: world x horizontal forward, z up, the segment rotating about world
 * y. Segment frame: x along the segment from the joint, z its tangent in the
 * plane of motion (up when the segment lies flat), y = z cross x = world y.
 * With the sensor at radius r on the segment axis, its acceleration is
 * r * (theta'' * z_seg - theta'^2 * x_seg) and the specific force adds +1 g
 * up; the segment's angular velocity is -theta' about y.
 *
 * Two random streams: one draws the geometry and the script, the other the
 * noise and the time jitter, so the same seed gives the same movement at
 * every rate and noise level.
 */
#include "core/sim.h"

#include <math.h>
#include <string.h>
#include "core/vec.h"

#define SIM_FIRST_REST_MIN_S 2.5           /* the detector calibrates from the first still second */
#define SIM_MIN_REST_S 0.8
#define SIM_END_MARGIN_S 1.5               /* rest after the last excursion of a finite script */
#define SIM_HOLD_MARGIN_S 2.5              /* dwell lengths keep this far from hold_warn_s */
#define SIM_RAMP_TAILS_S 1.0               /* a ramp's slow ends near the peak look still too */
#define SIM_FIDGET_MAX_DEG 2.5
#define SIM_REP_MIN_DEG 6.0
#define SIM_QUICK_FIRST_REST_MAX_S 0.35    /* quickstart: moving within 0.4 s */
#define SIM_QUICK_DWELL_MIN_S 4.5          /* quickstart's holds: about 5 s */
#define SIM_QUICK_DWELL_MAX_S 5.5
#define SIM_SLIP_MIN_DEG 8.0               /* a strap slipping round the limb */
#define SIM_SLIP_MAX_DEG 12.0
#define SIM_BIG_FIDGET_MIN_DEG 3.0         /* fidget_big: quick, well under its reps */
#define SIM_BIG_FIDGET_MAX_DEG 6.0
#define SIM_BIG_FIDGET_REP_MIN_DEG 20.0

const struct sim_settings sim_default_settings = {
	.scenario = SIM_DYNAMIC,
	.seed = 1,
	SIM_SENSOR_DEFAULTS,
	.duration_s = 120.0,
	.tremor_deg = 0.3,
	.offplane_max = 0.35,    /* reps up to 19 deg off the plane */
	.hold_warn_s = 10.0,
};

static const char *const scenario_names[SIM_N_SCENARIOS] = {
	[SIM_DYNAMIC] = "dynamic", [SIM_HOLDS] = "holds", [SIM_FAST] = "fast",
	[SIM_SLOW] = "slow", [SIM_SMALL] = "small", [SIM_FIDGET] = "fidget",
	[SIM_DRIFT] = "drift", [SIM_IDLE] = "idle", [SIM_QUICKSTART] = "quickstart",
	[SIM_SLIP] = "slip", [SIM_FIDGET_BIG] = "fidget_big", [SIM_DEMO] = "demo",
};

int sim_scenario_from_name(const char *name)
{
	for (int i = 0; i < SIM_N_SCENARIOS; i++)
		if (name && !strcmp(name, scenario_names[i]))
			return i;
	return -1;
}

const char *sim_scenario_name(enum sim_scenario sc)
{
	return (unsigned)sc < SIM_N_SCENARIOS ? scenario_names[sc] : "?";
}

const char *sim_posture_name(enum sim_posture p)
{
	switch (p) {
	case SIM_LYING: return "lying";
	case SIM_SITTING: return "sitting";
	case SIM_STANDING: return "standing";
	case SIM_N_POSTURES: break;
	}
	return "?";
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny state, passes BigCrush. */
static uint64_t rng_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(uint64_t *x)
{
	return (double)(rng_next(x) >> 11) * 0x1.0p-53;
}

static double rng_uniform(uint64_t *x, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(x);
}

/* Standard normal, Box-Muller; one of the pair is dropped to keep no state. */
static double rng_gauss(uint64_t *x)
{
	double u1 = 1.0 - rng_unit(x);   /* (0, 1] */
	double u2 = rng_unit(x);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * VEC_PI * u2);
}

static double uni(struct sim *s, double lo, double hi)
{
	return rng_uniform(&s->rng, lo, hi);
}

/* Minimum-jerk ramp 0 -> 1 over u in [0, 1] and its first two derivatives
 * with respect to u. */
void sim_min_jerk(double u, double *p, double *dp, double *ddp)
{
	if (u <= 0.0 || u >= 1.0) {
		*p = u <= 0.0 ? 0.0 : 1.0;
		*dp = 0.0;
		*ddp = 0.0;
		return;
	}
	double u2 = u * u, u3 = u2 * u;

	*p = u3 * (10.0 - 15.0 * u + 6.0 * u2);
	*dp = 30.0 * u2 * (1.0 - 2.0 * u + u2);
	*ddp = 60.0 * u * (1.0 - 3.0 * u + 2.0 * u2);
}

/* A uniformly distributed rotation (Shoemake's unit quaternion). */
void sim_random_rotation(uint64_t *rng, double m[3][3])
{
	double u1 = rng_unit(rng), u2 = rng_unit(rng), u3 = rng_unit(rng);
	double a = sqrt(1.0 - u1), b = sqrt(u1);
	double w = a * sin(2.0 * VEC_PI * u2), x = a * cos(2.0 * VEC_PI * u2);
	double y = b * sin(2.0 * VEC_PI * u3), z = b * cos(2.0 * VEC_PI * u3);

	m[0][0] = 1 - 2 * (y * y + z * z); m[0][1] = 2 * (x * y - w * z);     m[0][2] = 2 * (x * z + w * y);
	m[1][0] = 2 * (x * y + w * z);     m[1][1] = 1 - 2 * (x * x + z * z); m[1][2] = 2 * (y * z - w * x);
	m[2][0] = 2 * (x * z - w * y);     m[2][1] = 2 * (y * z + w * x);     m[2][2] = 1 - 2 * (x * x + y * y);
}

/* Dwell lengths stay clear of the warning threshold (sim.h). */
static double short_dwell(const struct sim *s, double dwell_s)
{
	double cap = s->set.hold_warn_s - SIM_HOLD_MARGIN_S - SIM_RAMP_TAILS_S;

	return dwell_s < cap ? dwell_s : (cap > 0.0 ? cap : 0.0);
}

static void plan_rep(struct sim *s, struct sim_excursion *e, double peak_lo, double peak_hi,
		     double rise_lo, double rise_hi, double dwell_lo, double dwell_hi,
		     double rest_lo, double rest_hi)
{
	memset(e, 0, sizeof(*e));
	e->peak_deg = uni(s, peak_lo, peak_hi);
	e->rise_s = uni(s, rise_lo, rise_hi);
	e->return_s = e->rise_s * uni(s, 0.8, 1.2);
	e->dwell_s = short_dwell(s, uni(s, dwell_lo, dwell_hi));
	e->rest_after_s = uni(s, rest_lo, rest_hi);
}

static void plan_dynamic(struct sim *s, struct sim_excursion *e)
{
	plan_rep(s, e, 25.0, 60.0, 0.8, 1.4, 0.2, 0.9, 0.8, 2.0);
}

/* A static hold: a rep whose dwell is well past (long) or well short of
 * (short) the warning threshold. */
static void plan_hold(struct sim *s, struct sim_excursion *e, bool long_hold)
{
	double hw = s->set.hold_warn_s;

	plan_rep(s, e, 30.0, 60.0, 1.0, 1.6, 0.0, 0.0, 2.0, 4.0);
	if (long_hold) {
		double extra = 0.6 * hw > SIM_HOLD_MARGIN_S ? 0.6 * hw : SIM_HOLD_MARGIN_S;

		e->dwell_s = hw + extra + uni(s, 0.0, 0.4 * hw);
		e->hold = true;
	} else {
		e->dwell_s = short_dwell(s, uni(s, 0.2, 0.4) * hw);
	}
}

/* A quickstart hold: about 5 s at the top, a warning only where that is
 * clearly past the threshold (sim.h). */
static void plan_quick_hold(struct sim *s, struct sim_excursion *e)
{
	double hw = s->set.hold_warn_s, dwell_s;

	plan_rep(s, e, 25.0, 60.0, 0.8, 1.4, 0.0, 0.0, 1.0, 2.5);
	dwell_s = uni(s, SIM_QUICK_DWELL_MIN_S, SIM_QUICK_DWELL_MAX_S);
	if (hw + SIM_HOLD_MARGIN_S <= 0.5 * (SIM_QUICK_DWELL_MIN_S + SIM_QUICK_DWELL_MAX_S)) {
		e->dwell_s = fmax(dwell_s, hw + SIM_HOLD_MARGIN_S);
		e->hold = true;
	} else {
		e->dwell_s = short_dwell(s, dwell_s);
	}
}

static void plan_fidget(struct sim *s, struct sim_excursion *e, double rest_lo, double rest_hi)
{
	memset(e, 0, sizeof(*e));
	e->fidget = true;
	e->peak_deg = uni(s, 1.0, SIM_FIDGET_MAX_DEG) * (rng_unit(&s->rng) < 0.5 ? -1.0 : 1.0);
	e->rise_s = uni(s, 0.3, 0.8);
	e->return_s = uni(s, 0.3, 0.8);
	e->rest_after_s = uni(s, rest_lo, rest_hi);
}

/* fidget_big's fidget: a quick few degrees into the stretch and back. */
static void plan_big_fidget(struct sim *s, struct sim_excursion *e)
{
	memset(e, 0, sizeof(*e));
	e->fidget = true;
	e->peak_deg = uni(s, SIM_BIG_FIDGET_MIN_DEG, SIM_BIG_FIDGET_MAX_DEG);
	e->rise_s = uni(s, 0.15, 0.4);
	e->return_s = uni(s, 0.15, 0.4);
	e->rest_after_s = uni(s, 1.0, 2.5);
}

static bool slip_follows(const struct sim *s, int n)
{
	for (int i = 0; i < s->n_slips; i++)
		if (s->slip_after[i] == n)
			return true;
	return false;
}

/* The next excursion of the scenario; n counts the ones planned before. */
static void plan_excursion(struct sim *s, struct sim_excursion *e)
{
	int n = s->n_excursions;

	switch (s->set.scenario) {
	case SIM_HOLDS:
		/* two reps, a hold (long and short in turn), a rep */
		if (n % 4 == 2)
			plan_hold(s, e, (n / 4) % 2 == 0);
		else
			plan_dynamic(s, e);
		break;
	case SIM_FAST:
		plan_rep(s, e, 20.0, 45.0, 0.4, 0.6, 0.0, 0.1, 0.8, 1.0);
		break;
	case SIM_SLOW: {
		/* 4-6 s from leaving rest to being back, about evenly split */
		double total = uni(s, 4.0, 6.0);

		plan_rep(s, e, 30.0, 65.0, 1.0, 1.0, 0.3, 0.6, 1.0, 2.0);
		e->rise_s = (total - e->dwell_s) * uni(s, 0.45, 0.55);
		e->return_s = total - e->dwell_s - e->rise_s;
		break;
	}
	case SIM_SMALL:
		if (n < 4)
			plan_rep(s, e, 35.0, 60.0, 0.9, 1.4, 0.2, 0.8, 0.8, 2.0);
		else
			plan_rep(s, e, SIM_REP_MIN_DEG, 16.0, 0.5, 0.9, 0.1, 0.6, 1.0, 2.0);
		break;
	case SIM_FIDGET:
		/* rep, fidget, rep, fidget, fidget, ... */
		if (n % 5 == 0 || n % 5 == 2)
			plan_dynamic(s, e);
		else
			plan_fidget(s, e, 1.0, 2.5);
		break;
	case SIM_IDLE:
		plan_fidget(s, e, 3.0, 8.0);
		break;
	case SIM_QUICKSTART:
		/* hold, hold, dynamic, ... from the very first rep */
		if (n % 3 == 2)
			plan_dynamic(s, e);
		else
			plan_quick_hold(s, e);
		break;
	case SIM_SLIP:
		plan_dynamic(s, e);
		if (slip_follows(s, n))   /* room for the slip and a still rest after it */
			e->rest_after_s = uni(s, 2.5, 3.5);
		break;
	case SIM_FIDGET_BIG:
		/* as fidget: rep, fidget, rep, fidget, fidget, ... */
		if (n % 5 == 0 || n % 5 == 2)
			plan_rep(s, e, SIM_BIG_FIDGET_REP_MIN_DEG, 45.0, 0.8, 1.4, 0.2, 0.9, 0.8, 2.0);
		else
			plan_big_fidget(s, e);
		break;
	case SIM_DEMO:
		/* nine reps, a long hold, a fidget, a rep, and again */
		if (n % 12 == 9)
			plan_hold(s, e, true);
		else if (n % 12 == 10)
			plan_fidget(s, e, 1.0, 2.0);
		else
			plan_dynamic(s, e);
		if (n % 12 == 9)
			e->rest_after_s = uni(s, 4.0, 8.0);
		break;
	case SIM_DYNAMIC:
	case SIM_DRIFT:
	default:
		plan_dynamic(s, e);
		break;
	}
	e->roll_share = uni(s, -1.0, 1.0) * s->set.offplane_max;
	s->n_excursions++;
}

static void set_phase(struct sim *s, enum sim_phase ph, double t0_s, double len_s,
		      double from_deg, double to_deg)
{
	s->phase = ph;
	s->phase_t0_s = t0_s;
	s->phase_len_s = len_s;
	s->from_deg = from_deg;
	s->to_deg = to_deg;
}

/* The strap slips early in the rest that begins at t_s; it is over 1.25 s
 * later at most, within the end margin a finite script keeps. */
static void plan_slip(struct sim *s, double t_s)
{
	s->slip_base_deg += s->slip_step_deg;
	s->slip_step_deg = uni(s, SIM_SLIP_MIN_DEG, SIM_SLIP_MAX_DEG) *
			   (rng_unit(&s->rng) < 0.5 ? -1.0 : 1.0);
	s->slip_t0_s = t_s + uni(s, 0.8, 1.0);
	s->slip_len_s = uni(s, 0.15, 0.25);
	s->slip_counted = false;
}

/* The current phase ended at t_s: count its truth and start the next. */
static void end_phase(struct sim *s, double t_s)
{
	struct sim_excursion *e = &s->exc;
	struct sim_truth *tr = &s->truth;

	switch (s->phase) {
	case SIM_PH_REST:
		plan_excursion(s, e);
		if ((s->set.duration_s > 0.0 &&
		     t_s + e->rise_s + e->dwell_s + e->return_s + SIM_END_MARGIN_S > s->set.duration_s) ||
		    (s->set.work_until_s > 0.0 &&
		     t_s + e->rise_s + e->dwell_s + e->return_s + SIM_END_MARGIN_S > s->set.work_until_s)) {
			s->script_done = true;
			set_phase(s, SIM_PH_REST, t_s, INFINITY, 0.0, 0.0);
			break;
		}
		if (!e->fidget) {
			s->planned_reps++;
			s->planned_warnings += e->hold;
		}
		set_phase(s, e->fidget ? SIM_PH_FIDGET_UP : SIM_PH_RISE, t_s, e->rise_s, 0.0, e->peak_deg);
		break;
	case SIM_PH_RISE:
		s->warned = false;
		tr->holds += e->hold;
		set_phase(s, SIM_PH_DWELL, t_s, e->dwell_s, e->peak_deg, e->peak_deg);
		break;
	case SIM_PH_DWELL:
		if (e->hold && !s->warned) {   /* a sample never landed past the threshold */
			tr->warnings++;
			s->warned = true;
		}
		set_phase(s, SIM_PH_RETURN, t_s, e->return_s, e->peak_deg, 0.0);
		break;
	case SIM_PH_RETURN:
		tr->reps++;
		tr->last_rep_end_s = t_s;
		/* a minimum-jerk ramp is half-way at half its time */
		tr->last_rep_out_s = s->phase_t0_s + 0.5 * s->phase_len_s;
		tr->last_rep_peak_deg = e->peak_deg;
		set_phase(s, SIM_PH_REST, t_s, e->rest_after_s, 0.0, 0.0);
		if (slip_follows(s, s->n_excursions - 1))
			plan_slip(s, t_s);
		break;
	case SIM_PH_FIDGET_UP:
		set_phase(s, SIM_PH_FIDGET_DOWN, t_s, e->return_s, e->peak_deg, 0.0);
		break;
	case SIM_PH_FIDGET_DOWN:
		tr->fidgets++;
		set_phase(s, SIM_PH_REST, t_s, e->rest_after_s, 0.0, 0.0);
		break;
	}
}

/* Gravity's direction ("up", as the accelerometer sees it when still) in the
 * segment frame at pitch th and roll rho (radians). */
static void up_in_segment(double th, double rho, double u[3])
{
	u[0] = sin(th);
	u[1] = sin(rho) * cos(th);
	u[2] = cos(rho) * cos(th);
}

void sim_init(struct sim *s, const struct sim_settings *set)
{
	memset(s, 0, sizeof(*s));
	s->set = set ? *set : sim_default_settings;
	if (!(s->set.rate_hz >= 25.0))
		s->set.rate_hz = 25.0;
	if (s->set.rate_hz > 1000.0)
		s->set.rate_hz = 1000.0;
	if (!(s->set.jitter_frac >= 0.0))
		s->set.jitter_frac = 0.0;
	if (s->set.jitter_frac > 0.9)
		s->set.jitter_frac = 0.9;
	if (!(s->set.duration_s >= 0.0))
		s->set.duration_s = 0.0;
	if (!(s->set.gyr_scale >= 0.1))
		s->set.gyr_scale = 0.1;
	if (s->set.gyr_scale > 10.0)
		s->set.gyr_scale = 10.0;
	if ((unsigned)s->set.scenario >= SIM_N_SCENARIOS)
		s->set.scenario = SIM_DYNAMIC;
	s->period_s = 1.0 / s->set.rate_hz;
	s->rng = s->set.seed;
	s->rng_noise = s->set.seed ^ 0x5eed0f0dd15ea5e5ULL;
	rng_next(&s->rng_noise);

	/* geometry, per seed */
	s->posture = (enum sim_posture)(rng_next(&s->rng) % SIM_N_POSTURES);
	switch (s->posture) {
	case SIM_LYING: s->base_pitch_rad = uni(s, -8.0, 8.0) * VEC_DEG2RAD; break;
	case SIM_SITTING: s->base_pitch_rad = uni(s, -60.0, -30.0) * VEC_DEG2RAD; break;
	default: s->base_pitch_rad = uni(s, -98.0, -82.0) * VEC_DEG2RAD; break;
	}
	up_in_segment(s->base_pitch_rad, 0.0, s->up0);
	sim_random_rotation(&s->rng, s->mount);
	s->radius_m = uni(s, 0.15, 0.35);
	for (int i = 0; i < 3; i++)
		s->bias_dps[i] = uni(s, -1.0, 1.0) * s->set.gyr_bias_max_dps;
	/* postural sway well below 1 Hz and a faint physiological tremor */
	s->tremor_amp_deg[0] = 0.8 * s->set.tremor_deg;
	s->tremor_hz[0] = uni(s, 0.2, 0.5);
	s->tremor_amp_deg[1] = 0.03 * s->set.tremor_deg;
	s->tremor_hz[1] = uni(s, 7.0, 10.0);
	for (int i = 0; i < 2; i++)
		s->tremor_phase_rad[i] = uni(s, 0.0, 2.0 * VEC_PI);

	/* the first rest: long enough to calibrate on, but for quickstart */
	double first = s->set.scenario == SIM_IDLE ? uni(s, 8.0, 15.0)
		     : s->set.scenario == SIM_QUICKSTART ? uni(s, 0.05, SIM_QUICK_FIRST_REST_MAX_S)
		     : uni(s, SIM_FIRST_REST_MIN_S, 4.0);
	if (s->set.work_from_s > first)   /* the other leg works first */
		first = s->set.work_from_s;
	set_phase(s, SIM_PH_REST, 0.0, first, 0.0, 0.0);
	if (s->set.scenario == SIM_DRIFT) {
		s->drift_deg = uni(s, 5.0, 10.0) * (rng_unit(&s->rng) < 0.5 ? -1.0 : 1.0);
		s->drift_t0_s = first;
		s->drift_len_s = uni(s, 120.0, 240.0);   /* "over minutes" */
		/* settling is often as much sideways as along the movement */
		s->drift_roll_deg = fabs(s->drift_deg) * uni(s, -2.0, 2.0) * s->set.offplane_max;
	}
	if (s->set.scenario == SIM_SLIP) {
		s->n_slips = rng_unit(&s->rng) < 0.5 ? 1 : 2;
		s->slip_after[0] = 2 + (int)(rng_next(&s->rng) % 3);
		s->slip_after[1] = s->slip_after[0] + 4 + (int)(rng_next(&s->rng) % 4);
	}
	s->truth.last_rep_end_s = -1.0;
	s->truth.last_rep_out_s = -1.0;
}

static double quantise(double v, double lsb)
{
	double raw = nearbyint(v / lsb);

	if (raw > 32767.0)
		raw = 32767.0;
	if (raw < -32768.0)
		raw = -32768.0;
	return raw * lsb;
}

/* Pitch above the rest pose (deg) with its first two time derivatives, the
 * rest posture's drift, and the roll about the segment's axis with its rate. */
static void pose(const struct sim *s, double t_s, double *a, double *da, double *dda,
		 double *drift, double *roll, double *droll, double *drift_roll)
{
	double p, dp, ddp, u;

	/* scripted movement; its roll is a share of its pitch */
	u = s->phase_len_s > 0.0 && isfinite(s->phase_len_s) ? (t_s - s->phase_t0_s) / s->phase_len_s : 0.0;
	sim_min_jerk(u, &p, &dp, &ddp);
	double span = s->to_deg - s->from_deg, T = s->phase_len_s;

	*a = s->from_deg + span * p;
	*da = span == 0.0 ? 0.0 : span * dp / T;
	*dda = span == 0.0 ? 0.0 : span * ddp / (T * T);
	*roll = s->exc.roll_share * *a;
	*droll = s->exc.roll_share * *da;

	/* drift of the rest posture */
	*drift = *drift_roll = 0.0;
	if (s->drift_len_s > 0.0) {
		T = s->drift_len_s;
		sim_min_jerk((t_s - s->drift_t0_s) / T, &p, &dp, &ddp);
		*drift = s->drift_deg * p;
		*a += *drift;
		*da += s->drift_deg * dp / T;
		*dda += s->drift_deg * ddp / (T * T);
		*drift_roll = s->drift_roll_deg * p;
		*roll += *drift_roll;
		*droll += s->drift_roll_deg * dp / T;
	}

	/* tremor */
	for (int i = 0; i < 2; i++) {
		double w = 2.0 * VEC_PI * s->tremor_hz[i], ph = w * t_s + s->tremor_phase_rad[i];
		double A = s->tremor_amp_deg[i];

		*a += A * sin(ph);
		*da += A * w * cos(ph);
		*dda -= A * w * w * sin(ph);
	}
}

/* The strap's turn about the segment's axis (deg) and its rate (deg/s). */
static void slip_pose(const struct sim *s, double t_s, double *slip, double *dslip)
{
	double p, dp, ddp;

	*slip = *dslip = 0.0;
	if (s->slip_len_s > 0.0) {
		sim_min_jerk((t_s - s->slip_t0_s) / s->slip_len_s, &p, &dp, &ddp);
		*slip = s->slip_base_deg + s->slip_step_deg * p;
		*dslip = s->slip_step_deg * dp / s->slip_len_s;
	}
}

void sim_sensor_read(const struct sim_settings *set, const double mount[3][3], const double bias_dps[3],
		     uint64_t *rng_noise, const double f_seg[3], const double w_seg[3], struct sample *out)
{
	for (int i = 0; i < 3; i++) {
		double acc = vec_dot(mount[i], f_seg);
		double gyr = set->gyr_scale * vec_dot(mount[i], w_seg) + bias_dps[i];

		acc += set->acc_noise_g * rng_gauss(rng_noise);
		gyr += set->gyr_noise_dps * rng_gauss(rng_noise);
		out->acc_g[i] = set->quantise ? quantise(acc, SIM_ACC_LSB_G) : acc;
		/* the raw counts span +-500 deg/s whatever they are decoded as */
		out->gyr_dps[i] = set->quantise ? quantise(gyr, SIM_GYR_LSB_DPS * set->gyr_scale) : gyr;
	}
}

double sim_rng_uniform(uint64_t *rng, double lo, double hi)
{
	return rng_uniform(rng, lo, hi);
}

bool sim_next(struct sim *s, struct sample *out)
{
	double t, a, da, dda, drift, roll, droll, drift_roll, th, w, al, rho, c, sn, slip, dslip;
	double f_p[3], f_seg[3], w_seg[3], up[3], up_rest[3], x[3];

	if (s->done)
		return false;
	t = (double)s->n * s->period_s;
	if (s->n > 0)
		t += rng_uniform(&s->rng_noise, -0.5, 0.5) * s->set.jitter_frac * s->period_s;
	if (s->set.duration_s > 0.0 && t > s->set.duration_s) {
		s->done = true;
		return false;
	}
	s->n++;
	s->t_s = t;

	while (t >= s->phase_t0_s + s->phase_len_s)
		end_phase(s, s->phase_t0_s + s->phase_len_s);
	if (s->phase == SIM_PH_DWELL && s->exc.hold && !s->warned &&
	    t - s->phase_t0_s >= s->set.hold_warn_s) {
		s->truth.warnings++;
		s->warned = true;
	}

	pose(s, t, &a, &da, &dda, &drift, &roll, &droll, &drift_roll);
	slip_pose(s, t, &slip, &dslip);
	if (s->slip_len_s > 0.0 && !s->slip_counted && t >= s->slip_t0_s + s->slip_len_s) {
		s->truth.slips++;
		s->slip_counted = true;
	}
	th = s->base_pitch_rad + a * VEC_DEG2RAD;
	w = da * VEC_DEG2RAD;
	al = dda * VEC_DEG2RAD;
	rho = (roll + slip) * VEC_DEG2RAD;
	c = cos(rho);
	sn = sin(rho);

	/* In the pitch-only frame P: the sensor's specific force on the arm
	 * and the pitch rate. Roll turns the segment frame by rho about x
	 * (the arm), which moves no point of it: vectors in the segment frame
	 * are Rx(-rho) times those in P, and the rate gains droll about x. A
	 * strap slipping round the arm is one more turn about the same axis:
	 * the sensor's rho is the segment's roll plus the slip (truth keeps
	 * the segment's alone). */
	droll += dslip;
	f_p[0] = sin(th) - s->radius_m * w * w / SIM_G0_MPS2;
	f_p[1] = 0.0;
	f_p[2] = cos(th) + s->radius_m * al / SIM_G0_MPS2;
	f_seg[0] = f_p[0];
	f_seg[1] = sn * f_p[2];
	f_seg[2] = c * f_p[2];
	w_seg[0] = droll;
	w_seg[1] = -c * da;
	w_seg[2] = sn * da;

	out->t_s = t;
	sim_sensor_read(&s->set, s->mount, s->bias_dps, &s->rng_noise, f_seg, w_seg, out);

	s->truth.angle_deg = a;
	s->truth.roll_deg = roll;
	s->truth.slip_deg = slip;
	s->truth.rest_deg = drift;
	s->truth.rest_roll_deg = drift_roll;
	up_in_segment(th, roll * VEC_DEG2RAD, up);
	up_in_segment(s->base_pitch_rad + drift * VEC_DEG2RAD, drift_roll * VEC_DEG2RAD, up_rest);
	vec_cross(up, s->up0, x);
	s->truth.tilt_deg = atan2(vec_norm(x), vec_dot(up, s->up0)) * VEC_RAD2DEG;
	vec_cross(up, up_rest, x);
	s->truth.exc_tilt_deg = copysign(atan2(vec_norm(x), vec_dot(up, up_rest)) * VEC_RAD2DEG, a - drift);
	s->truth.rate_dps = da;
	s->truth.phase = s->phase;
	s->truth.still = s->phase == SIM_PH_REST || s->phase == SIM_PH_DWELL;
	return true;
}
