// SPDX-License-Identifier: MIT
/*
 * LSM6DS family: the untagged (DS3/DSL) and tagged (DSOX) FIFO decoders on
 * bytes worked out by hand from the datasheets (little-endian words; DSL
 * pattern gyro then accel; DSOX tag in bits 7:3, 0x01 gyro, 0x02 accel),
 * the register writes of a default start, and re-alignment when a FIFO
 * read stopped in the middle of a record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "imu/imu.h"
#include "fakes/regsim.h"
#include "testutil.h"

/* +-4 g: 0.122 mg/LSB; +-500 deg/s: 17.5 mdps/LSB (DS-DSL table 3) */
static const struct imu_scale sc = { 1000 / 0.122, 1000 / 17.5 };

static void untagged_by_hand(void **state)
{
	const uint8_t rec[] = {
		0xE8, 0x03, 0x18, 0xFC, 0x00, 0x00, /* gyro 1000, -1000, 0 LSB */
		0x00, 0x20, 0x00, 0xE0, 0x01, 0x00, /* accel 8192, -8192, 1 LSB */
	};
	struct imu_sample s[2];

	(void)state;
	assert_int_equal(lsm6dsl_fifo_decode(rec, sizeof(rec), &sc, s, 2), 1);
	assert_near(s[0].gyr_dps[0], 17.5, 1e-9);
	assert_near(s[0].gyr_dps[1], -17.5, 1e-9);
	assert_near(s[0].gyr_dps[2], 0, 0);
	assert_near(s[0].acc_g[0], 8192 * 0.122e-3, 1e-12);
	assert_near(s[0].acc_g[1], -8192 * 0.122e-3, 1e-12);
	assert_near(s[0].acc_g[2], 0.122e-3, 1e-15);
	assert_int_equal(lsm6dsl_fifo_decode(rec, 11, &sc, s, 2), 0);
}

static void tagged_by_hand(void **state)
{
	const uint8_t words[] = {
		0x0B, 0xE8, 0x03, 0x00, 0x00, 0x00, 0x00, /* gyro (tag 1, counter 3) */
		0x18, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, /* temperature (tag 3): skipped */
		0x10, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, /* accel (tag 2) */
		0x10, 0x00, 0xE0, 0x00, 0x00, 0x00, 0x00, /* accel again, gyro follows */
	};
	const uint8_t gyro_last[] = { 0x08, 0x18, 0xFC, 0x00, 0x00, 0x00, 0x00 };
	struct lsm6dsox_fifo_state st = { 0 };
	struct imu_sample s[4];

	(void)state;
	assert_int_equal(lsm6dsox_fifo_decode(&st, words, sizeof(words), &sc, s, 4), 1);
	assert_near(s[0].gyr_dps[0], 17.5, 1e-9);
	assert_near(s[0].acc_g[0], 8192 * 0.122e-3, 1e-12);
	assert_true(st.have_acc && !st.have_gyr); /* half a pair carried over */
	assert_int_equal(lsm6dsox_fifo_decode(&st, gyro_last, sizeof(gyro_last), &sc, s, 4), 1);
	assert_near(s[0].gyr_dps[0], -17.5, 1e-9);
	assert_near(s[0].acc_g[0], -8192 * 0.122e-3, 1e-12);
}

static void default_start_writes(void **state)
{
	/* DS-DSL 9.14 SW_RESET (+IF_INC); 9.12 ODR 208 Hz (0101) + FS 4 g (10)
	 * = 0x58; 9.13 ODR 208 Hz + 500 deg/s (01) = 0x54; BDU + IF_INC =
	 * 0x44; FIFO bypass, no decimation (0x09), continuous at 208 Hz:
	 * ODR_FIFO 0101 << 3 | 110 = 0x2E (9.4, 9.6). */
	const uint8_t dsl[][2] = {
		{ 0x12, 0x05 }, { 0x10, 0x58 }, { 0x11, 0x54 }, { 0x12, 0x44 },
		{ 0x0A, 0x00 }, { 0x08, 0x09 }, { 0x0A, 0x2E },
	};
	/* DSOX: batch both at 208 Hz in FIFO_CTRL3 (0x55), FIFO_CTRL4 continuous */
	const uint8_t dsox[][2] = {
		{ 0x12, 0x05 }, { 0x10, 0x58 }, { 0x11, 0x54 }, { 0x09, 0x55 }, { 0x0A, 0x06 },
	};
	struct regsim *sim = regsim_new(REGSIM_LSM6DSL, 0x6A);
	struct regbus bus = regsim_bus(sim);
	struct imu *imu;

	(void)state;
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	assert_int_equal(regsim_match_writes(sim, dsl, 7), 7);
	imu_close(imu);
	regsim_free(sim);
	sim = regsim_new(REGSIM_LSM6DSOX, 0x6B);
	bus = regsim_bus(sim);
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	assert_int_equal(regsim_match_writes(sim, dsox, 5), 5);
	imu_close(imu);
	regsim_free(sim);
}

/* Someone read two words of the FIFO (a read cut short): the driver skips
 * to the next record boundary, so the axes stay right. */
static void realigns_mid_record(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_LSM6DSL, 0x6A);
	struct regbus bus = regsim_bus(sim);
	struct imu_sample s[64];
	struct imu *imu;
	uint8_t junk[4];
	uint64_t seq0;
	int n;

	(void)state;
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	seq0 = regsim_samples_produced(sim);
	regsim_advance_ns(sim, 100000000);
	assert_int_equal(regbus_read(&bus, 0x3E, junk, sizeof(junk)), 0);
	n = imu_read(imu, regsim_now_ns(sim), s, 64);
	assert_true(n >= 15);
	for (int i = 0; i < n; i++) {
		double acc[3], gyr[3];

		/* record seq0 was cut: the first one delivered is seq0 + 1 */
		assert_true(regsim_truth(sim, seq0 + 1 + (uint64_t)i, NULL, acc, gyr));
		for (int k = 0; k < 3; k++) {
			assert_near(s[i].acc_g[k], acc[k], 2.5 / regsim_acc_lsb_per_g(sim));
			assert_near(s[i].gyr_dps[k], gyr[k], 2.5 / regsim_gyr_lsb_per_dps(sim));
		}
	}
	imu_close(imu);
	regsim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(untagged_by_hand),
		cmocka_unit_test(tagged_by_hand),
		cmocka_unit_test(default_start_writes),
		cmocka_unit_test(realigns_mid_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
