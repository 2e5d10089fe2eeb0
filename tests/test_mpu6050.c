// SPDX-License-Identifier: MIT
/*
 * MPU-6050 family: the FIFO decoder on bytes worked out by hand from the
 * register map (big-endian, accel then gyro, LSB/g and LSB/(deg/s) from the
 * product specification), and the register writes of a default start
 * compared with the values read off the register map tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "imu/imu.h"
#include "fakes/regsim.h"
#include "testutil.h"

static void decode_by_hand(void **state)
{
	/* +-2 g: 16384 LSB/g; +-250 deg/s: 131 LSB/(deg/s) */
	const struct imu_scale sc = { 16384, 131 };
	const uint8_t rec[] = {
		0x20, 0x00, 0xE0, 0x00, 0x00, 0x01, /* +0.5 g, -0.5 g, 1 LSB */
		0x00, 0x83, 0xFF, 0x7D, 0x7F, 0xFF, /* +1, -1, 32767/131 deg/s */
		0x80, 0x00,                         /* a partial record: ignored */
	};
	struct imu_sample s[4];

	(void)state;
	assert_int_equal(mpu6050_fifo_decode(rec, sizeof(rec), &sc, s, 4), 1);
	assert_near(s[0].acc_g[0], 0.5, 0);
	assert_near(s[0].acc_g[1], -0.5, 0);
	assert_near(s[0].acc_g[2], 1.0 / 16384, 1e-15);
	assert_near(s[0].gyr_dps[0], 1.0, 0);
	assert_near(s[0].gyr_dps[1], -1.0, 0);
	assert_near(s[0].gyr_dps[2], 32767.0 / 131, 1e-12);
	assert_int_equal(mpu6050_fifo_decode(rec, 11, &sc, s, 4), 0);
	assert_int_equal(mpu6050_fifo_decode(rec, 12, &sc, s, 0), 0);
}

static void default_start_writes(void **state)
{
	/* RM-6050: 4.28 reset, then PLL clock awake; 4.2 divider 4 (1 kHz/5 =
	 * 200 Hz); 4.3 DLPF_CFG 3 (44/42 Hz); 4.4 FS_SEL 1 (500 deg/s);
	 * 4.5 AFS_SEL 1 (4 g); 4.7 accel + gyro xyz = 0x78; 4.26 FIFO_EN. */
	const uint8_t w[][2] = {
		{ 0x6B, 0x80 }, { 0x6B, 0x01 }, { 0x19, 4 }, { 0x1A, 3 }, { 0x1B, 0x08 },
		{ 0x1C, 0x08 }, { 0x23, 0x78 }, { 0x6A, 0x44 },
	};
	const uint8_t w6500[][2] = { { 0x1C, 0x08 }, { 0x1D, 3 }, { 0x23, 0x78 } };
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct regbus bus = regsim_bus(sim);
	struct imu *imu;

	(void)state;
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	assert_int_equal(regsim_match_writes(sim, w, 8), 8);
	/* the 6050 has no ACCEL_CONFIG2 */
	for (size_t i = 0; i < regsim_writes(sim); i++) {
		uint8_t reg, val;

		regsim_write_at(sim, i, &reg, &val);
		assert_int_not_equal(reg, 0x1D);
	}
	imu_close(imu);
	regsim_free(sim);

	sim = regsim_new(REGSIM_MPU6500, 0x68);
	bus = regsim_bus(sim);
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	assert_int_equal(regsim_match_writes(sim, w6500, 3), 3);
	imu_close(imu);
	regsim_free(sim);
}

static void low_pass_follows_rate(void **state)
{
	/* widest DLPF step not above min(wanted, rate/2): RM-6050 4.3 table */
	static const struct { double rate, lpf; uint8_t cfg; } cases[] = {
		{ 200, 44, 3 }, { 1000, 200, 1 }, { 50, 44, 4 }, { 20, 44, 5 }, { 1000, 44, 3 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
		struct regbus bus = regsim_bus(sim);
		struct imu_config cfg = imu_default_config;
		struct imu *imu;

		cfg.rate_hz = cases[i].rate;
		cfg.lpf_hz = cases[i].lpf;
		assert_int_equal(imu_probe(&bus, &cfg, &imu), 0);
		assert_int_equal(regsim_reg(sim, 0x1A), cases[i].cfg);
		imu_close(imu);
		regsim_free(sim);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_by_hand),
		cmocka_unit_test(default_start_writes),
		cmocka_unit_test(low_pass_follows_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
