// SPDX-License-Identifier: MIT
/*
 * The virtual patient against oracles that are not the simulator itself:
 * rigid-body geometry (gravity has one length and, at rest, one direction;
 * the angle between two still gravity readings is the rotation between
 * them), integration of the gyro, a point mass on a rotating arm, and rep
 * and hold counts re-derived from the true angle by this file's own
 * hysteresis, never by app/core/motion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "core/sim.h"
#include "core/vec.h"
#include "testutil.h"

#define ACC_LSB_G (4.0 / 32768.0)
#define GYR_LSB_DPS (500.0 / 32768.0)

/* The sensor is perfect and the person perfectly still between movements. */
static struct sim_settings clean_settings(enum sim_scenario sc, uint64_t seed)
{
	struct sim_settings set = sim_default_settings;

	set.scenario = sc;
	set.seed = seed;
	set.gyr_bias_max_dps = 0.0;
	set.gyr_noise_dps = 0.0;
	set.acc_noise_g = 0.0;
	set.tremor_deg = 0.0;
	return set;
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < SIM_N_SCENARIOS; i++)
		assert_int_equal(sim_scenario_from_name(sim_scenario_name((enum sim_scenario)i)), i);
	assert_int_equal(sim_scenario_from_name("dynamic"), SIM_DYNAMIC);
	assert_int_equal(sim_scenario_from_name("demo"), SIM_DEMO);
	assert_int_equal(sim_scenario_from_name("Dynamic"), -1);
	assert_int_equal(sim_scenario_from_name(""), -1);
	assert_int_equal(sim_scenario_from_name(NULL), -1);
}

/* At rest the accelerometer reads gravity only: 1 g long, always the same way. */
static void rest_reads_one_g_in_one_direction(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct sim_settings set = clean_settings(SIM_DYNAMIC, seed);
		struct sim s;
		struct sample smp;
		double first[3] = { 0 };
		int n = 0;

		sim_init(&s, &set);
		while (sim_next(&s, &smp) && sim_get_truth(&s)->phase == SIM_PH_REST) {
			double a[3] = { smp.acc_g[0], smp.acc_g[1], smp.acc_g[2] };

			/* three axes, each within half an LSB */
			assert_near(vec_norm(a), 1.0, 0.87 * ACC_LSB_G * 1.01);
			vec_normalize(a);
			if (n++ == 0)
				memcpy(first, a, sizeof(first));
			assert_true(vec_angle_deg(first, a) < 0.02);
			for (int i = 0; i < 3; i++)
				assert_true(fabs(smp.gyr_dps[i]) <= 0.5 * GYR_LSB_DPS);
		}
		/* the first rest is long enough for the detector's still second */
		assert_true(n >= 250);
	}
}

static double tr_rest_deg(const struct sim *s)
{
	return sim_get_truth(s)->rest_deg;
}

/* Still moments (rest, dwell at the peak) see pure gravity; the angle
 * between two such readings is the rotation between them: between the
 * first rest and now it is tilt_deg, between the latest rest and a dwell it
 * is exc_tilt_deg (give or take what the drift moved in between: under 0.2
 * deg/s for at most 2.5 s). Odd seeds move in a plane, where the tilt is the
 * pitch itself. */
static void still_gravity_angle_is_truth_angle(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		static const enum sim_scenario sc[] = { SIM_HOLDS, SIM_DYNAMIC, SIM_DRIFT };
		struct sim_settings set = clean_settings(sc[seed % 3], seed);
		struct sim s;
		struct sample smp;
		double first[3] = { 0 }, rest[3] = { 0 }, max_roll = 0.0;
		double exc_tol = sc[seed % 3] == SIM_DRIFT ? 0.2 + 0.5 : 0.2;
		bool have_rest = false;
		int checked = 0;

		set.duration_s = 120.0;
		if (seed % 2)
			set.offplane_max = 0.0;
		sim_init(&s, &set);
		while (sim_next(&s, &smp)) {
			const struct sim_truth *tr = sim_get_truth(&s);
			double a[3] = { smp.acc_g[0], smp.acc_g[1], smp.acc_g[2] };

			vec_normalize(a);
			if (!have_rest && tr->phase == SIM_PH_REST) {
				memcpy(first, a, sizeof(first));
				assert_near(tr->angle_deg, 0.0, 1e-12);
				have_rest = true;
			}
			if (tr->phase == SIM_PH_REST) {
				memcpy(rest, a, sizeof(rest));
				assert_near(tr->exc_tilt_deg, 0.0, 1e-9);
			}
			if (tr->still && have_rest) {
				assert_near(vec_angle_deg(first, a), tr->tilt_deg, 0.2);
				assert_near(vec_angle_deg(rest, a), fabs(tr->exc_tilt_deg), exc_tol);
				if (set.offplane_max == 0.0)
					assert_near(tr->tilt_deg, fabs(tr->angle_deg), 1e-9);
				checked++;
			}
			max_roll = fmax(max_roll, fabs(tr->roll_deg));
		}
		assert_true(checked > 1000);
		if (set.scenario == SIM_DRIFT)   /* the rest itself moved, and it shows */
			assert_true(fabs(tr_rest_deg(&s)) > 2.0);
		if (set.offplane_max > 0.0)      /* and the movements left the plane */
			assert_true(max_roll > 3.0);
		else
			assert_true(max_roll == 0.0);
	}
}

/* A point on a rigid arm of radius r rotating in a vertical plane: its
 * acceleration is the second difference of its position r (cos th, sin th),
 * and the accelerometer reads that plus 1 g up, whatever the mounting; a
 * roll about the arm itself moves no point of it. The gyro's length is the
 * rate of the pitch th and the roll, at right angles, again by differences. */
static void moving_specific_force_matches_rigid_arm(void **state)
{
	static const enum sim_scenario scen[] = { SIM_FAST, SIM_DYNAMIC, SIM_DRIFT };

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct sim_settings set = clean_settings(scen[i], (uint64_t)(3 + i));
		struct sim s;
		struct sample smp, prev = { 0 };
		double th[3] = { 0 }, ro[3] = { 0 };
		enum sim_phase ph[3] = { 0 };
		int k = 0, checked = 0;
		double worst_acc = 0.0, worst_gyr = 0.0, max_dev = 0.0;
		const double g = 9.80665;

		set.rate_hz = 1000.0;
		set.jitter_frac = 0.0;
		set.quantise = false;
		set.duration_s = 30.0;
		sim_init(&s, &set);
		const double h = 1.0 / set.rate_hz, r = s.radius_m;

		while (sim_next(&s, &smp)) {
			const struct sim_truth *tr = sim_get_truth(&s);

			th[k % 3] = s.base_pitch_rad + tr->angle_deg * VEC_DEG2RAD;
			ro[k % 3] = tr->roll_deg * VEC_DEG2RAD;
			ph[k % 3] = tr->phase;
			/* ramps change jerk where they meet: no differences across */
			if (k >= 2 && ph[0] == ph[1] && ph[1] == ph[2]) {
				int m = (k - 1) % 3, p = (k - 2) % 3, n = k % 3;
				double ax = r * (cos(th[n]) - 2.0 * cos(th[m]) + cos(th[p])) / (h * h);
				double az = r * (sin(th[n]) - 2.0 * sin(th[m]) + sin(th[p])) / (h * h);
				double f = hypot(ax / g, az / g + 1.0);
				double rate_dps = hypot(th[n] - th[p], ro[n] - ro[p]) / (2.0 * h) * VEC_RAD2DEG;
				double gy[3] = { prev.gyr_dps[0], prev.gyr_dps[1], prev.gyr_dps[2] };
				double acc[3] = { prev.acc_g[0], prev.acc_g[1], prev.acc_g[2] };

				worst_acc = fmax(worst_acc, fabs(vec_norm(acc) - f));
				worst_gyr = fmax(worst_gyr, fabs(vec_norm(gy) - rate_dps));
				max_dev = fmax(max_dev, fabs(f - 1.0));
				checked++;
			}
			prev = smp;
			k++;
		}
		assert_true(checked > 25000);
		assert_true(worst_acc < 3e-4);
		assert_true(worst_gyr < 0.05);
		/* and the movement did load the accelerometer beyond gravity */
		assert_true(max_dev > 0.02);
	}
}

/*
 * Integrates the clean gyro over every rise of a run in a plane (rest to the
 * dwell's first sample: still to still) and checks it against gyr_scale
 * times both the true angle change and the angle between the two still
 * gravity readings either side. Returns the rises checked; *max_gyr_dps
 * gets the largest reading.
 */
static int check_rises(const struct sim_settings *set, double *max_gyr_dps)
{
	struct sim s;
	struct sample smp, prev;
	double integ[3] = { 0 }, rest[3] = { 0 }, k = set->gyr_scale;
	enum sim_phase last = SIM_PH_REST;
	int checked = 0;

	assert_true(set->offplane_max == 0.0 && set->gyr_bias_max_dps == 0.0);
	sim_init(&s, set);
	assert_true(sim_next(&s, &prev));
	while (sim_next(&s, &smp)) {
		const struct sim_truth *tr = sim_get_truth(&s);
		double dt = smp.t_s - prev.t_s;
		double a[3] = { smp.acc_g[0], smp.acc_g[1], smp.acc_g[2] };

		if (tr->phase == SIM_PH_RISE && last == SIM_PH_REST) {
			memset(integ, 0, sizeof(integ));
			memcpy(rest, prev.acc_g, sizeof(rest));
		}
		for (int i = 0; i < 3; i++) {
			integ[i] += 0.5 * (smp.gyr_dps[i] + prev.gyr_dps[i]) * dt;
			*max_gyr_dps = fmax(*max_gyr_dps, fabs(smp.gyr_dps[i]));
		}
		if (tr->phase == SIM_PH_DWELL && last == SIM_PH_RISE) {
			double shown = vec_angle_deg(rest, a);

			assert_true(shown > 15.0);
			/* from rest: no drift or tremor here */
			assert_near(vec_norm(integ), k * tr->angle_deg, 0.2 * fmax(k, 1.0));
			assert_near(vec_norm(integ), k * shown, 0.1 + 0.01 * k * shown);
			checked++;
		}
		last = tr->phase;
		prev = smp;
	}
	return checked;
}

/* Integrating the clean gyro over a rise in a plane gives the true angle
 * change (the off-plane case: gyro_and_gravity_agree_off_the_plane). */
static void gyro_integrates_to_truth_angle(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim_settings set = clean_settings(SIM_DYNAMIC, seed);
		double max_gyr = 0.0;

		set.rate_hz = 200.0;
		set.jitter_frac = 0.5;
		set.quantise = false;
		set.duration_s = 40.0;
		set.offplane_max = 0.0;
		assert_true(check_rises(&set, &max_gyr) >= 5);
	}
}

/* Off the plane, the gyro's rates and the accelerometer must still tell one
 * story: gravity carried through every step by the gyro alone (dg/dt =
 * -w x g, exact turns of the step's mean rate) lands where the
 * accelerometer sees it at every still moment, with rolls of up to 19 deg
 * and a posture creeping sideways, and through a strap slipping round the
 * limb. */
static void gyro_and_gravity_agree_off_the_plane(void **state)
{
	static const enum sim_scenario scen[] = { SIM_DYNAMIC, SIM_DRIFT, SIM_HOLDS, SIM_SLIP };

	(void)state;
	for (int i = 0; i < 4; i++) {
		struct sim_settings set = clean_settings(scen[i], (uint64_t)(11 + i));
		struct sim s;
		struct sample smp, prev;
		double g[3], worst = 0.0, max_roll = 0.0;
		int checked = 0;

		set.rate_hz = 1000.0;
		set.quantise = false;
		set.duration_s = 60.0;
		sim_init(&s, &set);
		assert_true(sim_next(&s, &prev));
		memcpy(g, prev.acc_g, sizeof(g));
		vec_normalize(g);
		while (sim_next(&s, &smp)) {
			const struct sim_truth *tr = sim_get_truth(&s);
			double dt = smp.t_s - prev.t_s, w[3], ang, u[3], c, sn, ug, x[3];

			for (int k = 0; k < 3; k++)
				w[k] = 0.5 * (smp.gyr_dps[k] + prev.gyr_dps[k]) * VEC_DEG2RAD;
			ang = vec_norm(w) * dt;
			if (ang > 0.0) {
				/* gravity turns by -ang about w (Rodrigues) */
				for (int k = 0; k < 3; k++)
					u[k] = w[k] * dt / ang;
				c = cos(ang);
				sn = sin(ang);
				ug = vec_dot(u, g);
				vec_cross(u, g, x);
				for (int k = 0; k < 3; k++)
					g[k] = g[k] * c - x[k] * sn + u[k] * ug * (1.0 - c);
			}
			if (tr->still) {
				double a[3] = { smp.acc_g[0], smp.acc_g[1], smp.acc_g[2] };

				worst = fmax(worst, vec_angle_deg(a, g));
				checked++;
			}
			max_roll = fmax(max_roll, fabs(tr->roll_deg));
			prev = smp;
		}
		assert_true(checked > 10000);
		assert_true(max_roll > 3.0);
		assert_true(worst < 0.05);
		/* through the strap's slips too */
		assert_true(scen[i] != SIM_SLIP || s.truth.slips >= 1);
	}
}

/* With noise but no movement, the gyro averages to its constant bias, up
 * to the datasheet's +-20 deg/s, whatever its scale. */
static void gyro_mean_at_rest_is_the_bias(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim_settings set = sim_default_settings;
		struct sim s;
		struct sample smp;
		double sum[3] = { 0 };
		int n = 0;

		set.seed = seed;
		set.tremor_deg = 0.0;
		set.scenario = SIM_IDLE;     /* a long first rest */
		set.rate_hz = 400.0;
		if (seed > 3) {
			set.gyr_bias_max_dps = 20.0;
			set.gyr_scale = seed == 4 ? 0.25 : 4.0;
		}
		sim_init(&s, &set);
		while (sim_next(&s, &smp) && sim_get_truth(&s)->phase == SIM_PH_REST) {
			for (int i = 0; i < 3; i++)
				sum[i] += smp.gyr_dps[i];
			n++;
		}
		assert_true(n > 3000);
		double mag = 0.0;
		for (int i = 0; i < 3; i++) {
			assert_true(fabs(s.bias_dps[i]) <= set.gyr_bias_max_dps);
			/* noise 0.05 deg/s over > 3000 samples: a mean error of ~1e-3 */
			assert_near(sum[i] / n, s.bias_dps[i], 0.01);
			mag += fabs(s.bias_dps[i]);
		}
		assert_true(mag > 0.1 * set.gyr_bias_max_dps);
	}
}

/*
 * A gyro that reports gyr_scale times the rate: over a quick rise in a plane
 * (still to still, no bias, no noise, quantised as a part is), the gyro
 * integrates to gyr_scale times the angle between the two still gravity
 * readings. Its 16-bit range scales too: at x4 the reading passes 500
 * deg/s and is still right.
 */
static void scaled_gyro_turns_k_times_gravity(void **state)
{
	static const double scales[] = { 0.25, 0.5, 2.0, 4.0 };

	(void)state;
	for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		double max_gyr = 0.0;
		int checked = 0;

		for (uint64_t seed = 1; seed <= 3; seed++) {
			struct sim_settings set = clean_settings(SIM_FAST, seed);

			set.gyr_scale = scales[i];
			set.rate_hz = 200.0;
			set.duration_s = 40.0;
			set.offplane_max = 0.0;
			checked += check_rises(&set, &max_gyr);
		}
		assert_true(checked >= 15);
		if (scales[i] > 2.0)
			assert_true(max_gyr > 500.0);
	}
}

static void times_increase_and_average_the_period(void **state)
{
	static const double rates[] = { 25.0, 50.0, 100.0, 400.0, 1000.0 };

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct sim_settings set = sim_default_settings;
		struct sim s;
		struct sample smp;
		double t0 = 0.0, prev = -1.0, min_dt = 1e9, max_dt = 0.0;
		long n = 0;

		set.rate_hz = rates[i];
		set.jitter_frac = 0.5;
		set.duration_s = 30.0;
		sim_init(&s, &set);
		while (sim_next(&s, &smp)) {
			if (n == 0)
				t0 = smp.t_s;
			else {
				assert_true(smp.t_s > prev);
				if (smp.t_s - prev < min_dt)
					min_dt = smp.t_s - prev;
				if (smp.t_s - prev > max_dt)
					max_dt = smp.t_s - prev;
			}
			assert_true(smp.t_s <= set.duration_s);
			prev = smp.t_s;
			n++;
		}
		double T = 1.0 / rates[i];

		assert_near((prev - t0) / (double)(n - 1), T, 1e-3 * T);
		assert_true(min_dt >= 0.5 * T - 1e-12 && max_dt <= 1.5 * T + 1e-12);
		/* and it really jitters */
		assert_true(max_dt - min_dt > 0.2 * T);
		assert_near((double)n, set.duration_s * rates[i], 2.0);
	}
}

static void same_seed_same_stream(void **state)
{
	struct sim_settings set = sim_default_settings;
	struct sim a, b, c;
	struct sample sa, sb, sc;
	int differ = 0;

	(void)state;
	set.scenario = SIM_DEMO;
	set.duration_s = 0.0;
	set.seed = 42;
	sim_init(&a, &set);
	sim_init(&b, &set);
	set.seed = 43;
	sim_init(&c, &set);
	for (int i = 0; i < 20000; i++) {
		assert_true(sim_next(&a, &sa));
		assert_true(sim_next(&b, &sb));
		assert_true(sim_next(&c, &sc));
		assert_memory_equal(&sa, &sb, sizeof(sa));
		assert_memory_equal(sim_get_truth(&a), sim_get_truth(&b), sizeof(struct sim_truth));
		differ += memcmp(sa.acc_g, sc.acc_g, sizeof(sa.acc_g)) != 0;
	}
	assert_true(differ > 19000);
}

/* The movement depends on the seed only, not on the rate. */
static void script_does_not_depend_on_rate(void **state)
{
	struct sim_settings set = sim_default_settings;
	struct sim a, b;
	struct sample smp;

	(void)state;
	set.scenario = SIM_HOLDS;
	set.seed = 9;
	set.rate_hz = 25.0;
	sim_init(&a, &set);
	set.rate_hz = 1000.0;
	sim_init(&b, &set);
	while (sim_next(&a, &smp))
		;
	while (sim_next(&b, &smp))
		;
	assert_int_equal(a.truth.reps, b.truth.reps);
	assert_int_equal(a.truth.warnings, b.truth.warnings);
	assert_near(a.truth.last_rep_end_s, b.truth.last_rep_end_s, 1e-9);
	assert_near(a.radius_m, b.radius_m, 0.0);
}

static bool on_lsb_grid(double v, double lsb)
{
	double k = v / lsb;

	return fabs(k - nearbyint(k)) < 1e-6 && k >= -32768.0 && k <= 32767.0;
}

/* 16 bits at +-4 g and +-500 deg/s, the gyro's step scaled with its
 * misreported scale; fast reps with a 20 deg/s bias still leave room. */
static void values_are_16_bit_quantised(void **state)
{
	static const double scales[] = { 1.0, 0.25, 4.0 };

	(void)state;
	for (size_t k = 0; k < sizeof(scales) / sizeof(scales[0]); k++) {
		struct sim_settings set = sim_default_settings;
		struct sim s;
		struct sample smp;
		double lsb = GYR_LSB_DPS * scales[k], room = 0.0;
		int n = 0;

		set.scenario = SIM_FAST;
		set.gyr_bias_max_dps = 20.0;
		set.gyr_scale = scales[k];
		set.duration_s = 20.0;
		sim_init(&s, &set);
		while (sim_next(&s, &smp)) {
			for (int i = 0; i < 3; i++) {
				assert_true(on_lsb_grid(smp.acc_g[i], ACC_LSB_G));
				assert_true(on_lsb_grid(smp.gyr_dps[i], lsb));
				room = fmax(room, fabs(smp.gyr_dps[i]) / (32767.0 * lsb));
			}
			n++;
		}
		assert_true(n > 1000);
		assert_true(room < 0.8);
	}
}

/*
 * The longest stretch up to now within a band of given width: a sliding
 * window kept by two monotonic queues (the window's largest and smallest
 * values), so a still stretch is measured from its true beginning however
 * the signal entered the band.
 */
#define BAND_N 65536   /* samples: 160 s at 400 Hz */
struct band {
	double t[BAND_N], v[BAND_N];
	long hi[BAND_N], lo[BAND_N];   /* sample numbers, values falling / rising */
	long n, start;                 /* samples pushed; the window's first */
	long hi0, hi1, lo0, lo1;       /* queue heads and tails */
};

static void band_reset(struct band *b)
{
	b->start = b->n;
	b->hi0 = b->hi1 = b->lo0 = b->lo1 = 0;
}

/* Pushes a sample; returns how long the window has stayed within width. */
static double band_push(struct band *b, double t_s, double v, double width)
{
	long i = b->n++;

	b->t[i % BAND_N] = t_s;
	b->v[i % BAND_N] = v;
	while (b->hi1 > b->hi0 && b->v[b->hi[(b->hi1 - 1) % BAND_N] % BAND_N] <= v)
		b->hi1--;
	b->hi[b->hi1++ % BAND_N] = i;
	while (b->lo1 > b->lo0 && b->v[b->lo[(b->lo1 - 1) % BAND_N] % BAND_N] >= v)
		b->lo1--;
	b->lo[b->lo1++ % BAND_N] = i;
	if (i - b->start >= BAND_N)
		b->start = i - BAND_N + 1;
	for (;;) {
		while (b->hi[b->hi0 % BAND_N] < b->start)
			b->hi0++;
		while (b->lo[b->lo0 % BAND_N] < b->start)
			b->lo0++;
		if (b->v[b->hi[b->hi0 % BAND_N] % BAND_N] - b->v[b->lo[b->lo0 % BAND_N] % BAND_N] <= width)
			break;
		b->start++;
	}
	return t_s - b->t[b->start % BAND_N];
}

/*
 * Reps, holds and fidgets re-derived from the true angle above the true
 * rest, by hysteresis: in above in_deg, out below 2 deg. in_deg is 4 (reps
 * peak at >= 6 deg, fidgets stay <= 2.5 deg), 10 for fidget_big (reps from
 * 20 deg, fidgets up to 6). A hold is the angle staying inside a 1 deg band
 * while in; it warns at hold_warn_s.
 */
struct recount {
	bool in, warned, excursion, settling;
	double in_deg;
	struct band *band;
	double peak_deg, out_s;
	double exc_peak_deg;           /* the current excursion's, away from rest */
	double fidget_peak_deg;        /* the largest fidget's */
	double rep_min_peak_deg;       /* the smallest rep's peak */
	double first_move_s;           /* the angle first left rest by 0.5 deg (-1: never) */
	int reps, warnings, fidgets;
	double longest_still_s;        /* of the current rep */
	double near_threshold_s;       /* a still time within 2 s of hold_warn_s, or 0 */
	double latest_out_s;           /* the latest rep fell below half its peak */
};

static void recount_step(struct recount *c, double t_s, double rel_deg, double hold_warn_s)
{
	if (c->first_move_s < 0.0 && fabs(rel_deg) > 0.5)
		c->first_move_s = t_s;
	if (!c->in) {
		if (c->settling && fabs(rel_deg) < 0.4)
			c->settling = false;   /* a rep's way back is no fidget */
		if (!c->settling && !c->excursion && fabs(rel_deg) > 0.5) {
			c->excursion = true;
			c->exc_peak_deg = 0.0;
		}
		c->exc_peak_deg = fmax(c->exc_peak_deg, fabs(rel_deg));
		if (rel_deg > c->in_deg) {
			c->in = true;
			c->excursion = false;
			c->warned = false;
			band_reset(c->band);
			band_push(c->band, t_s, rel_deg, 1.0);
			c->peak_deg = rel_deg;
			c->out_s = -1.0;
			c->longest_still_s = 0.0;
		} else if (c->excursion && fabs(rel_deg) < 0.4) {
			c->excursion = false;
			c->fidgets++;
			c->fidget_peak_deg = fmax(c->fidget_peak_deg, c->exc_peak_deg);
		}
		return;
	}
	if (rel_deg > c->peak_deg)
		c->peak_deg = rel_deg;
	if (c->out_s < 0.0 && rel_deg < 0.5 * c->peak_deg)
		c->out_s = t_s;
	double still = band_push(c->band, t_s, rel_deg, 1.0);

	if (still > c->longest_still_s)
		c->longest_still_s = still;
	if (!c->warned && still >= hold_warn_s) {
		c->warned = true;
		c->warnings++;
	}
	if (rel_deg < 2.0) {
		c->in = false;
		c->settling = true;
		c->reps++;
		c->rep_min_peak_deg = fmin(c->rep_min_peak_deg, c->peak_deg);
		c->latest_out_s = c->out_s;
		if (fabs(c->longest_still_s - hold_warn_s) < 2.0)
			c->near_threshold_s = c->longest_still_s;
	}
}

static void run_and_recount(enum sim_scenario sc, uint64_t seed, double rate_hz,
			    double hold_warn_s, double duration_s, double tremor_deg)
{
	struct sim_settings set = sim_default_settings;
	static struct band band;
	struct recount c = { .in_deg = sc == SIM_FIDGET_BIG ? 10.0 : 4.0, .band = &band,
			     .rep_min_peak_deg = INFINITY, .first_move_s = -1.0 };
	struct sim s;
	struct sample smp;
	int reps = 0;

	set.scenario = sc;
	set.seed = seed;
	set.rate_hz = rate_hz;
	set.hold_warn_s = hold_warn_s;
	set.duration_s = duration_s;
	set.tremor_deg = tremor_deg;
	sim_init(&s, &set);
	while (sim_next(&s, &smp)) {
		const struct sim_truth *tr = sim_get_truth(&s);

		recount_step(&c, smp.t_s, tr->angle_deg - tr->rest_deg, hold_warn_s);
		if (tr->reps != reps) {
			assert_int_equal(tr->reps, reps + 1);
			reps = tr->reps;
			/* the truth's "came back out" lies between two samples around our crossing */
			if (tremor_deg == 0.0) {
				assert_true(tr->last_rep_out_s <= c.latest_out_s + 1e-9);
				assert_true(tr->last_rep_out_s > c.latest_out_s - 2.0 / rate_hz);
			}
			assert_true(tr->last_rep_end_s <= smp.t_s);
			assert_true(tr->last_rep_out_s < tr->last_rep_end_s);
		}
	}
	const struct sim_truth *tr = sim_get_truth(&s);

	if (c.reps != tr->reps || c.warnings != tr->warnings || c.fidgets != tr->fidgets ||
	    tr->reps != s.planned_reps || tr->warnings != s.planned_warnings)
		print_error("%s seed %llu %g Hz hold %g s: recount %d/%d/%d, truth %d/%d/%d, planned %d/%d\n",
			    sim_scenario_name(sc), (unsigned long long)seed, rate_hz, hold_warn_s,
			    c.reps, c.warnings, c.fidgets, tr->reps, tr->warnings, tr->fidgets,
			    s.planned_reps, s.planned_warnings);
	assert_int_equal(c.reps, tr->reps);
	assert_int_equal(c.warnings, tr->warnings);
	assert_int_equal(c.fidgets, tr->fidgets);
	assert_int_equal(tr->reps, s.planned_reps);
	assert_int_equal(tr->warnings, s.planned_warnings);
	assert_false(c.in);
	/* no dwell comes near the threshold: the truth cannot be argued */
	assert_near(c.near_threshold_s, 0.0, 0.0);

	/* what each scenario promises */
	switch (sc) {
	case SIM_IDLE:
		assert_int_equal(tr->reps, 0);
		assert_true(tr->fidgets > 0);
		break;
	case SIM_HOLDS:
		assert_true(tr->warnings >= 1);
		assert_true(tr->reps >= 8);
		break;
	case SIM_FIDGET:
		assert_true(tr->fidgets > 0);
		assert_true(tr->reps > 0);
		break;
	case SIM_DRIFT:
		assert_true(fabs(tr->rest_deg) >= 2.0);
		break;
	case SIM_DEMO:
		if (duration_s >= 120.0)
			assert_true(tr->warnings >= 1);
		break;
	case SIM_QUICKSTART:
		/* moving within 0.4 s (half a degree away by 0.8 s: a ramp of
		 * 0.8-1.4 s is 2 % along after 13 % of its time); two reps in
		 * three hold about 5 s, which warns only with a threshold of
		 * 2.5 s or less */
		assert_true(c.first_move_s >= 0.0 && c.first_move_s < 0.8);
		assert_true(tr->reps >= 8);
		if (hold_warn_s <= 2.5)
			assert_int_equal(tr->warnings, tr->reps - tr->reps / 3);
		else
			assert_int_equal(tr->warnings, 0);
		break;
	case SIM_SLIP:
		assert_true(tr->slips >= 1 && tr->slips <= 2);
		assert_int_equal(tr->warnings, 0);
		assert_true(tr->reps >= 8);
		break;
	case SIM_FIDGET_BIG:
		/* the fidgets are clearly no reps: under a third of the smallest */
		assert_true(tr->fidgets > 0);
		assert_true(tr->reps > 0);
		assert_true(c.fidget_peak_deg >= 3.0 - 0.5);
		assert_true(c.fidget_peak_deg < c.rep_min_peak_deg / 3.0);
		break;
	default:
		assert_int_equal(tr->warnings, 0);
		assert_true(tr->reps >= 8);
		break;
	}
}

static void truth_counts_match_recount(void **state)
{
	static const double rates[] = { 25.0, 100.0, 400.0 };

	(void)state;
	for (int sc = 0; sc < SIM_N_SCENARIOS; sc++)
		for (uint64_t seed = 1; seed <= 4; seed++) {
			double rate = rates[seed % 3];

			run_and_recount((enum sim_scenario)sc, seed, rate, 10.0, 120.0, 0.3);
			run_and_recount((enum sim_scenario)sc, seed, rate, 10.0, 120.0, 0.0);
		}
	/* the demo over a longer stretch; other warning thresholds */
	run_and_recount(SIM_DEMO, 5, 50.0, 10.0, 400.0, 0.3);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		run_and_recount(SIM_HOLDS, seed, 100.0, 3.0, 150.0, 0.3);
		run_and_recount(SIM_HOLDS, seed, 100.0, 30.0, 240.0, 0.3);
		run_and_recount(SIM_DEMO, seed, 100.0, 5.0, 200.0, 0.3);
		/* quickstart's 5 s holds either side of its thresholds */
		run_and_recount(SIM_QUICKSTART, seed, 25.0, 2.5, 120.0, 0.3);
		run_and_recount(SIM_QUICKSTART, seed, 50.0, 2.5, 120.0, 0.3);
		run_and_recount(SIM_QUICKSTART, seed, 100.0, 5.0, 120.0, 0.3);
		run_and_recount(SIM_QUICKSTART, seed, 200.0, 9.0, 120.0, 0.3);
	}
}

/* quickstart: the first excursion begins before 0.4 s and is a hold; with
 * the default 10 s threshold two reps in three dwell 4.5-5.5 s, as drawn. */
static void quickstart_moves_at_once_and_holds_5_s(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct sim_settings set = sim_default_settings;
		struct sim s;
		struct sample smp;
		double first_move_s = -1.0, dwell_t0 = 0.0;
		int dwells = 0, five_s = 0, first_dwell_five = -1;
		enum sim_phase last = SIM_PH_REST;

		set.scenario = SIM_QUICKSTART;
		set.seed = seed;
		set.rate_hz = 25.0 + 25.0 * (double)(seed % 4);
		set.duration_s = 90.0;
		sim_init(&s, &set);
		while (sim_next(&s, &smp)) {
			const struct sim_truth *tr = sim_get_truth(&s);

			if (first_move_s < 0.0 && tr->phase != SIM_PH_REST)
				first_move_s = smp.t_s;
			if (tr->phase == SIM_PH_DWELL && last != SIM_PH_DWELL)
				dwell_t0 = smp.t_s;
			if (tr->phase != SIM_PH_DWELL && last == SIM_PH_DWELL) {
				/* sampled: up to a period short on either end */
				double d = smp.t_s - dwell_t0;
				bool five = d > 4.5 - 2.0 / set.rate_hz && d < 5.5 + 2.0 / set.rate_hz;

				five_s += five;
				if (first_dwell_five < 0)
					first_dwell_five = five;
				dwells++;
			}
			last = tr->phase;
		}
		assert_true(first_move_s >= 0.0 && first_move_s < 0.4);
		assert_int_equal(first_dwell_five, 1);
		assert_int_equal(dwells, s.truth.reps);
		assert_int_equal(five_s, dwells - dwells / 3);
		assert_int_equal(s.truth.warnings, 0);
	}
}

/*
 * slip: the strap turns the sensor about the segment's long axis, which in
 * the sensor's frame is the mounting's first column. Across a slip at rest
 * the accelerometer's gravity keeps its component along that axis and
 * turns by the slip angle about it: the angle between the two readings is
 * 2 asin(sin(phi / 2) |g x axis|). The gyro integrates to phi along the
 * axis. The leg did not move: truth's angles stay at rest.
 */
static void slip_turns_gravity_about_the_segment_axis(void **state)
{
	int n_slips[3] = { 0 };
	double most_seen = 0.0;

	(void)state;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		struct sim_settings set = clean_settings(SIM_SLIP, seed);
		struct sim s;
		struct sample smp, prev;
		double axis[3], before[3] = { 0 }, integ[3] = { 0 }, slip_before = 0.0;
		bool slipping = false;
		int checked = 0;

		set.rate_hz = 400.0;
		set.quantise = false;
		set.duration_s = 120.0;
		sim_init(&s, &set);
		for (int i = 0; i < 3; i++)
			axis[i] = s.mount[i][0];
		assert_true(sim_next(&s, &prev));
		while (sim_next(&s, &smp)) {
			const struct sim_truth *tr = sim_get_truth(&s);
			double dt = smp.t_s - prev.t_s, a[3] = { smp.acc_g[0], smp.acc_g[1], smp.acc_g[2] };

			if (!slipping && tr->slip_deg != slip_before) {
				/* the sample before was still, at rest, before the slip */
				assert_int_equal(tr->phase, SIM_PH_REST);
				slipping = true;
				memcpy(before, prev.acc_g, sizeof(before));
				memset(integ, 0, sizeof(integ));
			}
			if (slipping) {
				assert_int_equal(tr->phase, SIM_PH_REST);
				assert_near(tr->angle_deg, 0.0, 1e-12);
				assert_near(tr->exc_tilt_deg, 0.0, 1e-9);
				for (int i = 0; i < 3; i++)
					integ[i] += 0.5 * (smp.gyr_dps[i] + prev.gyr_dps[i]) * dt;
			}
			if (slipping && tr->slips > checked) {
				double phi = fabs(tr->slip_deg - slip_before), x[3];
				double side, want, seen;

				vec_normalize(before);
				vec_normalize(a);
				vec_cross(before, axis, x);
				side = vec_norm(x);
				want = 2.0 * asin(sin(0.5 * phi * VEC_DEG2RAD) * side) * VEC_RAD2DEG;
				seen = vec_angle_deg(before, a);
				assert_true(phi >= 8.0 && phi <= 12.0);
				assert_near(vec_dot(a, axis), vec_dot(before, axis), 1e-6);
				assert_near(seen, want, 0.01);
				assert_near(vec_norm(integ), phi, 0.05);
				assert_near(fabs(vec_dot(integ, axis)), phi, 0.05);
				most_seen = fmax(most_seen, seen / phi);
				slip_before = tr->slip_deg;
				slipping = false;
				checked++;
			}
			prev = smp;
		}
		assert_int_equal(checked, s.truth.slips);
		assert_true(checked >= 1 && checked <= 2);
		n_slips[checked]++;
	}
	/* one slip or two, and seen by the accelerometer nearly in full (the
	 * lying posture) */
	assert_true(n_slips[1] > 0 && n_slips[2] > 0);
	assert_true(most_seen > 0.9);
}

/* fidget_big: every fidget is small and quick beside every rep. Measured
 * from the truth's phases and angle: peak above rest, and time away. */
static void fidget_big_fidgets_are_small_and_quick(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim_settings set = clean_settings(SIM_FIDGET_BIG, seed);
		struct sim s;
		struct sample smp;
		double t0 = 0.0, peak = 0.0, rise_t0 = 0.0;
		double fidget_max_deg = 0.0, fidget_max_s = 0.0, rep_min_deg = INFINITY, rise_min_s = INFINITY;
		int fidgets = 0;
		enum sim_phase last = SIM_PH_REST;

		set.duration_s = 120.0;
		sim_init(&s, &set);
		while (sim_next(&s, &smp)) {
			const struct sim_truth *tr = sim_get_truth(&s);

			if (tr->phase != SIM_PH_REST && last == SIM_PH_REST) {
				t0 = smp.t_s;
				peak = 0.0;
			}
			if (tr->phase == SIM_PH_RISE && last != SIM_PH_RISE)
				rise_t0 = smp.t_s;
			if (tr->phase == SIM_PH_DWELL && last == SIM_PH_RISE)
				rise_min_s = fmin(rise_min_s, smp.t_s - rise_t0);
			peak = fmax(peak, tr->angle_deg);
			if (tr->phase == SIM_PH_REST && last == SIM_PH_FIDGET_DOWN) {
				fidget_max_deg = fmax(fidget_max_deg, peak);
				fidget_max_s = fmax(fidget_max_s, smp.t_s - t0);
				fidgets++;
			}
			if (tr->phase == SIM_PH_REST && last == SIM_PH_RETURN)
				rep_min_deg = fmin(rep_min_deg, peak);
			last = tr->phase;
		}
		assert_int_equal(fidgets, s.truth.fidgets);
		assert_true(fidgets >= 5 && s.truth.reps >= 5);
		assert_true(fidget_max_deg >= 3.0 && fidget_max_deg <= 6.0);
		assert_true(rep_min_deg >= 20.0);
		assert_true(fidget_max_s <= 0.8 + 0.02);
		assert_true(rise_min_s >= 0.8 - 0.02);
	}
}

/* A finite script ends at rest with every planned excursion complete, even
 * when the length cuts into where the next one would be. */
static void finite_script_ends_at_rest(void **state)
{
	(void)state;
	for (int i = 0; i < 40; i++) {
		struct sim_settings set = sim_default_settings;
		struct sim s;
		struct sample smp;

		set.scenario = (enum sim_scenario)(i % SIM_N_SCENARIOS);
		set.seed = (uint64_t)i;
		set.duration_s = 5.0 + 1.37 * i;
		sim_init(&s, &set);
		while (sim_next(&s, &smp))
			;
		assert_int_equal(s.truth.phase, SIM_PH_REST);
		assert_int_equal(s.truth.reps, s.planned_reps);
		assert_false(sim_next(&s, &smp));
	}
}

static void demo_is_endless(void **state)
{
	struct sim_settings set = sim_default_settings;
	struct sim s;
	struct sample smp;

	(void)state;
	set.scenario = SIM_DEMO;
	set.duration_s = 0.0;
	set.rate_hz = 25.0;
	sim_init(&s, &set);
	for (long i = 0; i < 25L * 3600; i++)   /* an hour */
		assert_true(sim_next(&s, &smp));
	assert_true(s.truth.reps > 400);
	assert_true(s.truth.warnings > 20);
	assert_true(s.truth.fidgets > 20);
	assert_near(smp.t_s, 3600.0, 0.1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(rest_reads_one_g_in_one_direction),
		cmocka_unit_test(still_gravity_angle_is_truth_angle),
		cmocka_unit_test(moving_specific_force_matches_rigid_arm),
		cmocka_unit_test(gyro_integrates_to_truth_angle),
		cmocka_unit_test(gyro_and_gravity_agree_off_the_plane),
		cmocka_unit_test(gyro_mean_at_rest_is_the_bias),
		cmocka_unit_test(scaled_gyro_turns_k_times_gravity),
		cmocka_unit_test(times_increase_and_average_the_period),
		cmocka_unit_test(same_seed_same_stream),
		cmocka_unit_test(script_does_not_depend_on_rate),
		cmocka_unit_test(values_are_16_bit_quantised),
		cmocka_unit_test(truth_counts_match_recount),
		cmocka_unit_test(quickstart_moves_at_once_and_holds_5_s),
		cmocka_unit_test(slip_turns_gravity_about_the_segment_axis),
		cmocka_unit_test(fidget_big_fidgets_are_small_and_quick),
		cmocka_unit_test(finite_script_ends_at_rest),
		cmocka_unit_test(demo_is_endless),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
