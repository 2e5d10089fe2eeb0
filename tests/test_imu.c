// SPDX-License-Identifier: MIT
/*
 * imu probing, configuration, FIFO draining and fault reporting, against the
 * register simulator. The oracle is the simulator: the output rate and full
 * scale it decodes from the registers the driver wrote, and the truth of
 * every sample it produced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include "core/sim.h"
#include "imu/imu.h"
#include "fakes/regsim.h"
#include "testutil.h"

static const uint8_t home_addr[REGSIM_N_CHIPS] = {
	[REGSIM_MPU6050] = 0x68, [REGSIM_MPU6500] = 0x69, [REGSIM_MPU9250] = 0x68,
	[REGSIM_LSM6DS3] = 0x6A, [REGSIM_LSM6DSL] = 0x6B, [REGSIM_LSM6DSOX] = 0x6A,
};
static const double default_odr[REGSIM_N_CHIPS] = {
	200, 200, 200, 208, 208, 208, /* MPU: 1 kHz / 5; LSM: the 208 Hz step */
};

/* Chip c at its home address, probed with cfg (NULL: the defaults). */
static struct imu *open_chip(int c, const struct imu_config *cfg, struct regsim **sim)
{
	struct regbus bus;
	struct imu *imu = NULL;

	*sim = regsim_new(c, home_addr[c]);
	bus = regsim_bus(*sim);   /* imu_probe keeps a copy */
	assert_int_equal(imu_probe(&bus, cfg, &imu), 0);
	return imu;
}

static void close_chip(struct imu *imu, struct regsim *sim)
{
	imu_close(imu);
	regsim_free(sim);
}

/* Reads everything the FIFO holds, in batches as the I/O thread would. */
static int drain(struct imu *imu, struct regsim *sim, struct imu_sample *out, size_t max)
{
	int total = 0;

	for (;;) {
		int n = imu_read(imu, regsim_now_ns(sim), out + total, max - (size_t)total);

		if (n < 0)
			return n;
		if (n == 0)
			return total;
		total += n;
	}
}

static void probe_finds_every_chip(void **state)
{
	(void)state;
	for (int c = 0; c < REGSIM_N_CHIPS; c++) {
		struct regsim *sim;
		struct imu *imu = open_chip(c, NULL, &sim);
		struct imu_info info;

		imu_get_info(imu, &info);
		assert_string_equal(info.name, regsim_chip_name(c));
		assert_int_equal(info.addr, home_addr[c]);
		/* the simulator decodes the same configuration from the registers */
		assert_near(regsim_odr_hz(sim), default_odr[c], 1e-9);
		assert_near(info.odr_hz, default_odr[c], 1e-9);
		assert_near(info.acc_range_g, 4, 0);
		assert_near(info.gyr_range_dps, 500, 0);
		assert_near(regsim_acc_lsb_per_g(sim), c < REGSIM_LSM6DS3 ? 8192 : 1000 / 0.122, 1e-6);
		assert_near(regsim_gyr_lsb_per_dps(sim), c < REGSIM_LSM6DS3 ? 65.5 : 1000 / 17.5, 1e-6);
		close_chip(imu, sim);
	}
}

static void probe_nothing_there(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x50); /* an EEPROM, say */
	struct regbus bus = regsim_bus(sim);
	struct imu *imu = NULL;

	(void)state;
	assert_int_equal(imu_probe(&bus, NULL, &imu), -ENODEV);
	assert_null(imu);
	/* a timeout is a real failure, not "nothing there" */
	regsim_free(sim);
	sim = regsim_new(REGSIM_MPU6050, 0x68);
	bus = regsim_bus(sim);
	regsim_set_fault(sim, REGSIM_FAULT_TIMEOUT, 0);
	assert_int_equal(imu_probe(&bus, NULL, &imu), -ETIMEDOUT);
	regsim_free(sim);
}

/* An MPU wired to 0x6A answers, but the LSM6DS WHO_AM_I register there
 * holds nothing known: "not an IMU we know", not a crash or a wrong driver. */
static void probe_unknown_whoami(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x6A);
	struct regbus bus = regsim_bus(sim);
	struct imu *imu = NULL;

	(void)state;
	assert_int_equal(imu_open(&bus, 0x6A, NULL, &imu), -ENODEV);
	assert_int_equal(imu_probe(&bus, NULL, &imu), -ENODEV);
	assert_int_equal(imu_open(&bus, 0x50, NULL, &imu), -EINVAL);
	regsim_free(sim);
}

/* An explicit address ([sensor] address) is the only one looked at: a chip
 * elsewhere is not found, the one there is. */
static void probe_explicit_address(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6500, 0x69);
	struct regbus bus = regsim_bus(sim);
	struct imu_config cfg = imu_default_config;
	struct imu_info info;
	struct imu *imu = NULL;

	(void)state;
	cfg.addr = 0x68;
	assert_int_equal(imu_probe(&bus, &cfg, &imu), -ENODEV);
	assert_null(imu);
	cfg.addr = 0x69;
	assert_int_equal(imu_probe(&bus, &cfg, &imu), 0);
	imu_get_info(imu, &info);
	assert_int_equal(info.addr, 0x69);
	imu_close(imu);
	regsim_free(sim);
}

/* Samples come out in g and deg/s equal to the truth within quantisation
 * and the simulator's noise, one per period, timestamps increasing. */
static void samples_match_truth(void **state)
{
	static struct imu_sample s[2048];

	(void)state;
	for (int c = 0; c < REGSIM_N_CHIPS; c++) {
		struct regsim *sim;
		struct imu *imu = open_chip(c, NULL, &sim);
		uint64_t seq0, got = 0;
		double acc_tol, gyr_tol, period_ns = 1e9 / default_odr[c];

		seq0 = regsim_samples_produced(sim);
		acc_tol = 2.5 / regsim_acc_lsb_per_g(sim);
		gyr_tol = 2.5 / regsim_gyr_lsb_per_dps(sim);
		for (int step = 0; step < 100; step++) {
			int n;

			regsim_advance_ns(sim, 20000000); /* poll every 20 ms for 2 s */
			n = drain(imu, sim, s, 2048);
			assert_true(n >= 0);
			for (int i = 0; i < n; i++, got++) {
				double t, acc[3], gyr[3];

				assert_true(regsim_truth(sim, seq0 + got, &t, acc, gyr));
				for (int k = 0; k < 3; k++) {
					assert_near(s[i].acc_g[k], acc[k], acc_tol);
					assert_near(s[i].gyr_dps[k], gyr[k], gyr_tol);
				}
				if (i > 0) {
					assert_true(s[i].t_ns > s[i - 1].t_ns);
					assert_near((double)(s[i].t_ns - s[i - 1].t_ns), period_ns, 0.2 * period_ns);
				}
				/* reconstructed time within 2 periods + one poll of the truth */
				assert_near((double)s[i].t_ns * 1e-9, t, 2 * period_ns * 1e-9 + 0.02);
			}
		}
		/* nothing lost: every produced sample was delivered */
		assert_int_equal(got, regsim_samples_produced(sim) - seq0);
		assert_true(got >= (uint64_t)(1.99 * default_odr[c]));
		close_chip(imu, sim);
	}
}

/* The FIFO fed by the core's virtual patient (app/core/sim): whatever the
 * patient does reaches the app in g and deg/s, to the chip's resolution. */
static void core_sim_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	struct sample s;

	(void)t_s; /* the chip samples on its own clock; the patient follows */
	if (!sim_next(ctx, &s))
		memset(&s, 0, sizeof(s));
	memcpy(acc_g, s.acc_g, sizeof(s.acc_g));
	memcpy(gyr_dps, s.gyr_dps, sizeof(s.gyr_dps));
}

static void fifo_fed_by_core_simulator(void **state)
{
	static struct sim patient;
	static struct imu_sample s[4096];
	struct sim_settings set = sim_default_settings;
	struct regsim *rs = regsim_new(REGSIM_LSM6DSOX, 0x6A);
	struct regbus bus = regsim_bus(rs);
	struct imu *imu;
	uint64_t seq0, got = 0;
	double max_gyr = 0;

	(void)state;
	set.scenario = SIM_DYNAMIC;
	set.rate_hz = 208;
	sim_init(&patient, &set);
	regsim_set_source(rs, core_sim_source, &patient, 0);
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	seq0 = regsim_samples_produced(rs);
	for (int step = 0; step < 500; step++) { /* 10 s */
		int n;

		regsim_advance_ns(rs, 20000000);
		n = drain(imu, rs, s, 4096);
		assert_true(n >= 0);
		for (int i = 0; i < n; i++, got++) {
			double acc[3], gyr[3];

			assert_true(regsim_truth(rs, seq0 + got, NULL, acc, gyr));
			for (int k = 0; k < 3; k++) {
				assert_near(s[i].acc_g[k], acc[k], 0.6 / regsim_acc_lsb_per_g(rs));
				assert_near(s[i].gyr_dps[k], gyr[k], 0.6 / regsim_gyr_lsb_per_dps(rs));
				if (fabs(gyr[k]) > max_gyr)
					max_gyr = fabs(gyr[k]);
			}
		}
	}
	assert_true(got >= 2075);
	assert_true(max_gyr > 20); /* the patient really moved */
	imu_close(imu);
	regsim_free(rs);
}

static void rate_and_range_choices(void **state)
{
	static const struct { double want_hz, mpu_hz, lsm_hz; } rates[] = {
		{ 10, 10, 12.5 }, { 100, 100, 104 }, { 400, 500, 416 }, { 1000, 1000, 1666 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct imu_config cfg = imu_default_config;

		cfg.rate_hz = rates[i].want_hz;
		cfg.acc_range_g = 16;
		cfg.gyr_range_dps = 2000;
		for (int c = REGSIM_MPU6050; c <= REGSIM_LSM6DSL; c += 4) {
			struct regsim *sim;
			struct imu *imu = open_chip(c, &cfg, &sim);
			struct imu_info info;

			imu_get_info(imu, &info);
			assert_near(regsim_odr_hz(sim), c == REGSIM_MPU6050 ? rates[i].mpu_hz : rates[i].lsm_hz, 1e-9);
			assert_near(info.odr_hz, regsim_odr_hz(sim), 1e-9);
			assert_near(regsim_acc_lsb_per_g(sim), c == REGSIM_MPU6050 ? 2048 : 1000 / 0.488, 1e-6);
			assert_near(regsim_gyr_lsb_per_dps(sim), c == REGSIM_MPU6050 ? 16.4 : 1000 / 70.0, 1e-6);
			close_chip(imu, sim);
		}
	}
}

static void bad_config_rejected(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct regbus bus = regsim_bus(sim);
	struct imu_config cfg = imu_default_config;
	struct imu *imu = NULL;

	(void)state;
	cfg.rate_hz = 5000;
	assert_int_equal(imu_probe(&bus, &cfg, &imu), -EINVAL);
	regsim_free(sim);
}

/* FIFO overflow: -EOVERFLOW once, the gap reported, then samples again. */
static void overflow_resets_and_reports_gap(void **state)
{
	static struct imu_sample s[4096];

	(void)state;
	for (int c = 0; c < REGSIM_N_CHIPS; c++) {
		struct regsim *sim;
		struct imu *imu = open_chip(c, NULL, &sim);
		struct imu_info info;
		int n;

		regsim_advance_ns(sim, 100000000);
		assert_true(drain(imu, sim, s, 4096) > 0);
		regsim_advance_ns(sim, 60LL * 1000000000); /* nobody read for a minute */
		assert_true(regsim_samples_overwritten(sim) > 0);
		assert_int_equal(imu_read(imu, regsim_now_ns(sim), s, 4096), -EOVERFLOW);
		imu_get_info(imu, &info);
		assert_int_equal(info.overflows, 1);
		assert_near((double)info.last_gap_ns * 1e-9, 60, 0.1);
		assert_int_equal(regsim_fifo_bytes(sim), 0);
		regsim_advance_ns(sim, 100000000);
		n = drain(imu, sim, s, 4096);
		assert_true(n >= (int)(0.09 * default_odr[c]));
		assert_true(s[0].t_ns > info.last_gap_ns);
		close_chip(imu, sim);
	}
}

static void stuck_data_detected(void **state)
{
	static struct imu_sample s[256];

	(void)state;
	for (int c = 0; c < REGSIM_N_CHIPS; c++) {
		struct regsim *sim;
		struct imu *imu = open_chip(c, NULL, &sim);

		regsim_advance_ns(sim, 200000000);
		assert_true(drain(imu, sim, s, 256) > 0); /* live data never trips it */
		regsim_set_stuck(sim, true);
		regsim_advance_ns(sim, 200000000);
		assert_int_equal(drain(imu, sim, s, 256), -ESTALE);
		regsim_set_stuck(sim, false);
		assert_int_equal(imu_reinit(imu), 0);
		regsim_advance_ns(sim, 200000000);
		assert_true(drain(imu, sim, s, 256) > 0);
		close_chip(imu, sim);
	}
}

static void brownout_caught_by_check(void **state)
{
	static struct imu_sample s[256];

	(void)state;
	for (int c = 0; c < REGSIM_N_CHIPS; c++) {
		struct regsim *sim;
		struct imu *imu = open_chip(c, NULL, &sim);

		assert_int_equal(imu_check(imu), 0);
		regsim_brownout(sim);
		assert_near(regsim_odr_hz(sim), 0, 0); /* asleep: no data */
		regsim_advance_ns(sim, 100000000);
		assert_int_equal(drain(imu, sim, s, 256), 0);
		assert_int_equal(imu_check(imu), -ERESTART);
		assert_int_equal(imu_reinit(imu), 0);
		assert_int_equal(imu_check(imu), 0);
		regsim_advance_ns(sim, 100000000);
		assert_true(drain(imu, sim, s, 256) > 0);
		close_chip(imu, sim);
	}
}

static void bus_errors_pass_through(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct regbus bus = regsim_bus(sim);
	struct imu_sample s[64];
	struct imu *imu;

	(void)state;
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	regsim_advance_ns(sim, 50000000);
	regsim_set_fault(sim, REGSIM_FAULT_NACK, 1);
	assert_int_equal(imu_read(imu, regsim_now_ns(sim), s, 64), -EREMOTEIO);
	regsim_set_fault(sim, REGSIM_FAULT_TIMEOUT, 1);
	assert_int_equal(imu_check(imu), -ETIMEDOUT);
	regsim_set_fault(sim, REGSIM_FAULT_EIO, 1);
	assert_int_equal(imu_reinit(imu), -EIO);
	assert_int_equal(imu_reinit(imu), 0);
	regsim_set_plugged(sim, false);
	assert_int_equal(imu_read(imu, regsim_now_ns(sim), s, 64), -EREMOTEIO);
	imu_close(imu);
	imu_close(NULL);
	regsim_free(sim);
}

/* The FIFO decoders take any bytes (what a fuzzer would feed them): the
 * count never exceeds the room given nor the whole records present, and
 * every value stays inside the 16-bit range divided by the scale. */
static void decoders_take_any_bytes(void **state)
{
	const struct imu_scale sc = { 8192, 65.5 };
	static uint8_t buf[1024];
	static struct imu_sample out[128];
	uint64_t x = 12345;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		struct lsm6dsox_fifo_state st = { 0 };
		size_t len, max, n[3];

		for (size_t i = 0; i < sizeof(buf); i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			buf[i] = (uint8_t)(x >> 56);
		}
		len = (size_t)(x >> 20) % sizeof(buf);
		max = (size_t)(x >> 40) % 128;
		n[0] = mpu6050_fifo_decode(buf, len, &sc, out, max);
		assert_true(n[0] <= max && n[0] <= len / 12);
		n[1] = lsm6dsl_fifo_decode(buf, len, &sc, out, max);
		assert_true(n[1] <= max && n[1] <= len / 12);
		n[2] = lsm6dsox_fifo_decode(&st, buf, len, &sc, out, max);
		assert_true(n[2] <= max && n[2] <= len / 14);
		for (size_t i = 0; i < n[2]; i++)
			for (int k = 0; k < 3; k++) {
				assert_true(fabs(out[i].acc_g[k]) <= 32768 / 8192.0);
				assert_true(fabs(out[i].gyr_dps[k]) <= 32768 / 65.5);
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe_finds_every_chip),
		cmocka_unit_test(probe_nothing_there),
		cmocka_unit_test(probe_unknown_whoami),
		cmocka_unit_test(samples_match_truth),
		cmocka_unit_test(fifo_fed_by_core_simulator),
		cmocka_unit_test(rate_and_range_choices),
		cmocka_unit_test(bad_config_rejected),
		cmocka_unit_test(overflow_resets_and_reports_gap),
		cmocka_unit_test(stuck_data_detected),
		cmocka_unit_test(brownout_caught_by_check),
		cmocka_unit_test(bus_errors_pass_through),
		cmocka_unit_test(decoders_take_any_bytes),
		cmocka_unit_test(probe_explicit_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
