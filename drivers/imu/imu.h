/* SPDX-License-Identifier: MIT */
/*
 * imu — 6-axis inertial sensors on a regbus: InvenSense MPU-6050/6500/9250
 * (drivers/imu/mpu6050.c) and ST LSM6DS3/LSM6DSL/LSM6DSOX (lsm6ds.c).
 *
 * imu_probe() tries the usual addresses, reads WHO_AM_I, resets the chip it
 * recognises, configures it and starts its FIFO. imu_read() then drains the
 * FIFO: samples come out in g and deg/s (raw counts never leave the driver)
 * with timestamps reconstructed from the chip's output rate on the caller's
 * clock (CLOCK_MONOTONIC nanoseconds in the app).
 *
 * The driver never sleeps except inside probe/reinit (reset delays, about
 * 150 ms in all) and never prints. All functions return 0 (or a count) or a
 * negative errno; bus errors are passed through unchanged (-EREMOTEIO for a
 * NACK, -ETIMEDOUT, -EIO).
 */
#ifndef STRETCHREP_IMU_H
#define STRETCHREP_IMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bus/regbus.h"

/* The driver's own sample (drivers never include app/core). */
struct imu_sample {
	int64_t t_ns;       /* caller's clock, nanoseconds; strictly increasing */
	double acc_g[3];    /* specific force in g, sensor axes */
	double gyr_dps[3];  /* angular rate in degrees per second, sensor axes */
};

struct imu_config {
	double rate_hz;       /* wanted output rate, 10-1000; the chip's nearest rate at or above is used */
	double acc_range_g;   /* full scale, 2/4/8/16; the smallest range covering it is used */
	double gyr_range_dps; /* full scale, 250/500/1000/2000 */
	double lpf_hz;        /* wanted low-pass bandwidth; capped at half the output rate */
	uint8_t addr;         /* 7-bit address imu_probe() looks at; 0: every one in imu_probe_addrs */
};

/* 200 Hz, +-4 g, +-500 deg/s, 44 Hz low-pass: a swinging leg stays below
 * 10 Hz, and 44 Hz keeps the filter delay under 5 ms (MPU-6000 register map
 * rev 4.2 section 4.3). */
extern const struct imu_config imu_default_config;

/* Addresses imu_probe() tries, in order: MPU (AD0 low, high), LSM6DS (SA0 low, high). */
extern const uint8_t imu_probe_addrs[4];

struct imu;

/*
 * Tries every address in imu_probe_addrs (only cfg->addr when that is not
 * 0); the first chip whose WHO_AM_I is known is initialised. 0 and *out; -ENODEV when nothing known answers
 * (no ACK anywhere, or only unknown chips); otherwise the error of the
 * failed initialisation. The handle keeps a copy of *bus (not its context:
 * that must outlive the handle).
 */
int imu_probe(const struct regbus *bus, const struct imu_config *cfg, struct imu **out);
/* Same at one address. -ENODEV when it answers with an unknown WHO_AM_I. */
int imu_open(const struct regbus *bus, uint8_t addr, const struct imu_config *cfg, struct imu **out);
/* Accepts NULL. Leaves the chip running. */
void imu_close(struct imu *imu);

/* Resets and configures the chip again (after a brown-out, stuck data). */
int imu_reinit(struct imu *imu);

/*
 * Drains up to max samples from the FIFO; now_ns is when the caller is
 * reading (it anchors the reconstructed timestamps). Returns the number of
 * samples (0 when the FIFO is empty), or:
 *   -EOVERFLOW  the FIFO overflowed: it was reset, samples are lost; the
 *               gap is in imu_info().last_gap_ns; the next samples carry on
 *               with a fresh timeline
 *   -ESTALE     the chip repeated one sample bit for bit IMU_STUCK_REPEATS
 *               times: a live sensor never does; call imu_reinit()
 *   bus errors
 */
int imu_read(struct imu *imu, int64_t now_ns, struct imu_sample *out, size_t max);
#define IMU_STUCK_REPEATS 10

/*
 * Reads the configuration back and compares it with what was written.
 * 0 intact; -ERESTART when it differs (the chip reset itself, e.g. a
 * brown-out put it back to sleep): call imu_reinit(); or a bus error.
 */
int imu_check(struct imu *imu);

struct imu_info {
	const char *name;     /* "MPU-6050", "LSM6DSL", ... */
	uint8_t addr;
	uint8_t whoami;
	double odr_hz;        /* the chip's output rate as configured */
	double acc_range_g, gyr_range_dps, lpf_hz;
	uint64_t samples;     /* delivered since open */
	uint32_t overflows;   /* FIFO overflows since open */
	int64_t last_gap_ns;  /* time covered by the samples the last overflow lost */
};
void imu_get_info(const struct imu *imu, struct imu_info *info);

/*
 * FIFO decoders: pure, bytes in, samples out (t_ns left 0), for the fuzzer
 * and the tests. scale: LSB per g and LSB per deg/s.
 */
struct imu_scale {
	double acc_lsb_per_g;
	double gyr_lsb_per_dps;
};
/* MPU-6050 family, FIFO_EN = accel + gyro: 12-byte records, big-endian,
 * accel X Y Z then gyro X Y Z. Decodes whole records; returns the count. */
size_t mpu6050_fifo_decode(const uint8_t *buf, size_t len, const struct imu_scale *sc,
			   struct imu_sample *out, size_t max);
/* LSM6DS3/DSL untagged FIFO in pattern order: gyro X Y Z, accel X Y Z,
 * little-endian 16-bit words; 12-byte records. Returns the count. */
size_t lsm6dsl_fifo_decode(const uint8_t *buf, size_t len, const struct imu_scale *sc,
			   struct imu_sample *out, size_t max);
/* LSM6DSOX tagged FIFO: 7-byte words, tag then X Y Z little-endian. A
 * sample is emitted once a gyro and an accel word have both been seen;
 * st carries a half-seen pair across calls (zero it to start). Unknown
 * tags are skipped. Returns the count. */
struct lsm6dsox_fifo_state {
	bool have_gyr, have_acc;
	int16_t gyr[3], acc[3];
};
size_t lsm6dsox_fifo_decode(struct lsm6dsox_fifo_state *st, const uint8_t *buf, size_t len,
			    const struct imu_scale *sc, struct imu_sample *out, size_t max);

#endif
