/* SPDX-License-Identifier: MIT */
/*
 * Private to drivers/imu: what a chip-family file provides to imu.c.
 * One const ops table per family, one const variant table per family
 * (the inv_mpu6050 hw_info[] idea, STYLE.md 4).
 */
#ifndef STRETCHREP_IMU_CHIP_H
#define STRETCHREP_IMU_CHIP_H

#include "imu/imu.h"

struct imu_variant {
	const char *name;
	uint8_t whoami;
	uint16_t fifo_bytes;     /* FIFO capacity */
	uint8_t flags;           /* family-specific */
};

struct imu;

struct imu_chip_ops {
	const char *family;
	uint8_t whoami_reg;
	const struct imu_variant *variants;
	size_t n_variants;
	/* Reset, configure from imu->cfg, start the FIFO; fills imu->odr_hz,
	 * imu->scale and the applied ranges. */
	int (*init)(struct imu *imu);
	/* 0 when the configuration reads back as written, -ERESTART if not. */
	int (*check)(struct imu *imu);
	/* Decoded samples (t_ns unset) from the FIFO, at most max. n >= 0,
	 * -EOVERFLOW after resetting an overflowed FIFO, or a bus error. */
	int (*fifo_read)(struct imu *imu, struct imu_sample *out, size_t max);
};

/* Bytes of FIFO read in one go (kept off the stack of the caller). */
#define IMU_FIFO_CHUNK 1024u

struct imu {
	struct regbus bus;
	uint8_t addr;
	const struct imu_chip_ops *ops;
	const struct imu_variant *var;
	struct imu_config cfg;
	/* filled by ops->init */
	double odr_hz;
	double acc_range_g, gyr_range_dps, lpf_hz;
	struct imu_scale scale;
	uint8_t shadow[8];       /* configuration as written, for ops->check */
	struct lsm6dsox_fifo_state tag_state;
	uint8_t fifo[IMU_FIFO_CHUNK];
	/* timeline (imu.c) */
	bool have_time;
	int64_t last_t_ns;       /* timestamp given to the last sample */
	double period_ns;        /* estimated true sample period */
	int64_t anchor_t_ns;     /* read time when counting started */
	uint64_t anchor_count;
	int64_t last_read_ns;
	/* stuck detection (imu.c) */
	struct imu_sample prev;
	unsigned repeats;
	/* statistics */
	uint64_t samples;
	uint32_t overflows;
	int64_t last_gap_ns;
};

extern const struct imu_chip_ops mpu6050_ops;
extern const struct imu_chip_ops lsm6ds_ops;


#endif
