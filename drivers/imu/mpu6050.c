// SPDX-License-Identifier: MIT
/*
 * InvenSense MPU-6050 / MPU-6500 / MPU-9250 (the 9250's magnetometer is a
 * separate chip behind it and is not used).
 *
 * Sources: "MPU-6000 and MPU-6050 Register Map and Descriptions" rev 4.2
 * (cited as RM-6050 with its section), "MPU-6000/MPU-6050 Product
 * Specification" rev 3.4 (PS-6050), "MPU-6500 Register Map" rev 2.1
 * (RM-6500). The Linux inv_mpu6050 driver was read for the chip quirks.
 */
#include <errno.h>
#include <string.h>
#include "imu/imu_chip.h"

/* Registers (RM-6050 section 3, register map table). */
#define MPU_REG_SMPLRT_DIV     0x19 /* RM-6050 4.2 */
#define MPU_REG_CONFIG         0x1A /* RM-6050 4.3 */
#define   MPU_CONFIG_DLPF_MASK   0x07
#define MPU_REG_GYRO_CONFIG    0x1B /* RM-6050 4.4 */
#define   MPU_GYRO_FS_SHIFT      3
#define   MPU_GYRO_FS_MASK       0x18
#define MPU_REG_ACCEL_CONFIG   0x1C /* RM-6050 4.5 */
#define   MPU_ACCEL_FS_SHIFT     3
#define   MPU_ACCEL_FS_MASK      0x18
#define MPU_REG_ACCEL_CONFIG2  0x1D /* RM-6500 4.7, not on the 6050 */
#define   MPU_ACCEL_DLPF_MASK    0x07
#define MPU_REG_FIFO_EN        0x23 /* RM-6050 4.7 */
#define   MPU_FIFO_EN_XG         0x40
#define   MPU_FIFO_EN_YG         0x20
#define   MPU_FIFO_EN_ZG         0x10
#define   MPU_FIFO_EN_ACCEL      0x08
#define MPU_REG_INT_STATUS     0x3A /* RM-6050 4.16 */
#define   MPU_INT_FIFO_OFLOW     0x10
#define MPU_REG_USER_CTRL      0x6A /* RM-6050 4.26 */
#define   MPU_USER_FIFO_EN       0x40
#define   MPU_USER_FIFO_RESET    0x04
#define MPU_REG_PWR_MGMT_1     0x6B /* RM-6050 4.28 */
#define   MPU_PWR1_DEVICE_RESET  0x80
#define   MPU_PWR1_SLEEP         0x40
#define   MPU_PWR1_CLKSEL_MASK   0x07
#define   MPU_PWR1_CLK_PLL_XGYRO 0x01 /* RM-6050 4.28: recommended over the internal 8 MHz */
#define MPU_REG_FIFO_COUNT_H   0x72 /* RM-6050 4.30, big-endian pair with 0x73 */
#define MPU_REG_FIFO_R_W       0x74 /* RM-6050 4.31: reads pop, no auto-increment */
#define MPU_REG_WHO_AM_I       0x75 /* RM-6050 4.32 */

/* Accel + gyro in the FIFO, no temperature: 6 words per record, in
 * register order ACCEL_XOUT_H..GYRO_ZOUT_L (RM-6050 4.7, 4.17-4.19). */
#define MPU_FIFO_SOURCES (MPU_FIFO_EN_XG | MPU_FIFO_EN_YG | MPU_FIFO_EN_ZG | MPU_FIFO_EN_ACCEL)
#define MPU_RECORD_BYTES 12u

/* After DEVICE_RESET the registers take up to 100 ms to return to their
 * reset values (PS-6050 6.3 start-up time, as the Linux driver waits). */
#define MPU_RESET_DELAY_MS   100
/* Gyro start-up after leaving sleep: 30 ms typical (PS-6050 6.1). */
#define MPU_WAKE_DELAY_MS    50

/* Gyro output rate with the DLPF on; SMPLRT_DIV divides it (RM-6050 4.2). */
#define MPU_GYRO_RATE_DLPF_HZ 1000.0

#define MPU_HAS_ACCEL_CONFIG2 0x01

enum { MPU_6050, MPU_6500, MPU_9250, MPU_N_VARIANTS };

/* FIFO sizes: 1024 bytes on the 6050 (PS-6050 7.17); 512 by default on the
 * 6500/9250 (RM-6500 ACCEL_CONFIG2 FIFO_SIZE left at its reset value). */
static const struct imu_variant mpu_variants[] = {
	[MPU_6050] = { "MPU-6050", 0x68, 1024, 0 },                      /* RM-6050 4.32 */
	[MPU_6500] = { "MPU-6500", 0x70, 512, MPU_HAS_ACCEL_CONFIG2 },   /* RM-6500 WHO_AM_I */
	[MPU_9250] = { "MPU-9250", 0x71, 512, MPU_HAS_ACCEL_CONFIG2 },   /* MPU-9250 RM WHO_AM_I */
};
_Static_assert(sizeof(mpu_variants) / sizeof(mpu_variants[0]) == MPU_N_VARIANTS,
	       "one variant entry per MPU chip");

/* Full-scale ranges: FS_SEL / AFS_SEL code = index (RM-6050 4.4, 4.5);
 * sensitivities from PS-6050 6.1 and 6.2. */
static const double mpu_gyr_fs_dps[4] = { 250, 500, 1000, 2000 };
static const double mpu_gyr_lsb_per_dps[4] = { 131.0, 65.5, 32.8, 16.4 };
static const double mpu_acc_fs_g[4] = { 2, 4, 8, 16 };
static const double mpu_acc_lsb_per_g[4] = { 16384, 8192, 4096, 2048 };

/* DLPF_CFG 1..6 gyro bandwidth in Hz (RM-6050 4.3; the 6500's table in
 * RM-6500 CONFIG is within a few Hz). Index = DLPF_CFG. */
static const double mpu_dlpf_hz[7] = { 256, 188, 98, 42, 20, 10, 5 };

/* Shadow slots for imu->shadow. */
enum { SH_SMPLRT, SH_CONFIG, SH_GYRO, SH_ACCEL, SH_FIFO_EN, SH_USER, SH_PWR1, SH_ACCEL2 };

static int pick_fs(const double *fs, double want)
{
	for (int i = 0; i < 4; i++)
		if (fs[i] >= want)
			return i;
	return 3;
}

static int mpu_write(struct imu *imu, uint8_t reg, uint8_t val)
{
	return regbus_write_u8(&imu->bus, reg, val);
}

static int mpu_fifo_reset(struct imu *imu)
{
	/* FIFO_RESET clears itself (RM-6050 4.26); FIFO_EN stays set. */
	return mpu_write(imu, MPU_REG_USER_CTRL, MPU_USER_FIFO_EN | MPU_USER_FIFO_RESET);
}

static int mpu_init(struct imu *imu)
{
	const struct imu_config *c = &imu->cfg;
	uint8_t *sh = imu->shadow;
	uint8_t status;
	int gfs, afs, dlpf, div, rc;
	double rate = c->rate_hz, bw;

	if (rate < 4 || rate > MPU_GYRO_RATE_DLPF_HZ)
		return -EINVAL;
	/* Reset every register, then wake with the gyro PLL as clock. */
	rc = mpu_write(imu, MPU_REG_PWR_MGMT_1, MPU_PWR1_DEVICE_RESET);
	if (rc < 0)
		return rc;
	regbus_sleep_us(&imu->bus, MPU_RESET_DELAY_MS * 1000u);
	sh[SH_PWR1] = MPU_PWR1_CLK_PLL_XGYRO;
	rc = mpu_write(imu, MPU_REG_PWR_MGMT_1, sh[SH_PWR1]);
	if (rc < 0)
		return rc;
	regbus_sleep_us(&imu->bus, MPU_WAKE_DELAY_MS * 1000u);

	/* Output rate = 1 kHz / (1 + SMPLRT_DIV) with the DLPF on (RM-6050
	 * 4.2): the largest divider whose rate is still >= the wanted one. */
	div = (int)(MPU_GYRO_RATE_DLPF_HZ / rate + 1e-9) - 1;
	if (div < 0)
		div = 0;
	if (div > 255)
		div = 255;
	imu->odr_hz = MPU_GYRO_RATE_DLPF_HZ / (1 + div);
	/* The widest DLPF setting not above the wanted bandwidth nor above
	 * half the output rate (DLPF_CFG 0 would switch the gyro to 8 kHz). */
	bw = c->lpf_hz < imu->odr_hz / 2 ? c->lpf_hz : imu->odr_hz / 2;
	for (dlpf = 1; dlpf < 6 && mpu_dlpf_hz[dlpf] > bw; dlpf++)
		;
	imu->lpf_hz = mpu_dlpf_hz[dlpf];
	gfs = pick_fs(mpu_gyr_fs_dps, c->gyr_range_dps);
	afs = pick_fs(mpu_acc_fs_g, c->acc_range_g);
	imu->gyr_range_dps = mpu_gyr_fs_dps[gfs];
	imu->acc_range_g = mpu_acc_fs_g[afs];
	imu->scale.gyr_lsb_per_dps = mpu_gyr_lsb_per_dps[gfs];
	imu->scale.acc_lsb_per_g = mpu_acc_lsb_per_g[afs];

	sh[SH_SMPLRT] = (uint8_t)div;
	sh[SH_CONFIG] = (uint8_t)dlpf;
	sh[SH_GYRO] = (uint8_t)(gfs << MPU_GYRO_FS_SHIFT);
	sh[SH_ACCEL] = (uint8_t)(afs << MPU_ACCEL_FS_SHIFT);
	sh[SH_ACCEL2] = (uint8_t)dlpf; /* A_DLPF_CFG, same bandwidth steps (RM-6500) */
	sh[SH_FIFO_EN] = MPU_FIFO_SOURCES;
	sh[SH_USER] = MPU_USER_FIFO_EN;
	/* SMPLRT_DIV..ACCEL_CONFIG are consecutive: one block write. */
	rc = regbus_write(&imu->bus, MPU_REG_SMPLRT_DIV, &sh[SH_SMPLRT], 4);
	if (rc < 0)
		return rc;
	if (imu->var->flags & MPU_HAS_ACCEL_CONFIG2) {
		rc = mpu_write(imu, MPU_REG_ACCEL_CONFIG2, sh[SH_ACCEL2]);
		if (rc < 0)
			return rc;
	}
	/* FIFO: stop, reset, choose sources, start (RM-6050 4.7, 4.26). */
	rc = mpu_write(imu, MPU_REG_USER_CTRL, MPU_USER_FIFO_RESET);
	if (rc == 0)
		rc = mpu_write(imu, MPU_REG_FIFO_EN, sh[SH_FIFO_EN]);
	if (rc == 0)
		rc = mpu_write(imu, MPU_REG_USER_CTRL, MPU_USER_FIFO_EN | MPU_USER_FIFO_RESET);
	/* Reading INT_STATUS clears a stale overflow flag (RM-6050 4.16). */
	if (rc == 0)
		rc = regbus_read_u8(&imu->bus, MPU_REG_INT_STATUS, &status);
	return rc;
}

static int mpu_check(struct imu *imu)
{
	const uint8_t *sh = imu->shadow;
	uint8_t cfg[4], fifo_en, user_pwr[2];
	int rc;

	rc = regbus_read(&imu->bus, MPU_REG_SMPLRT_DIV, cfg, sizeof(cfg));
	if (rc == 0)
		rc = regbus_read_u8(&imu->bus, MPU_REG_FIFO_EN, &fifo_en);
	if (rc == 0)
		rc = regbus_read(&imu->bus, MPU_REG_USER_CTRL, user_pwr, 2);
	if (rc != 0)   /* reads give 0 or -errno: nothing else may reach the compare */
		return rc;
	if (cfg[0] != sh[SH_SMPLRT] ||
	    (cfg[1] & MPU_CONFIG_DLPF_MASK) != sh[SH_CONFIG] ||
	    (cfg[2] & MPU_GYRO_FS_MASK) != sh[SH_GYRO] ||
	    (cfg[3] & MPU_ACCEL_FS_MASK) != sh[SH_ACCEL] ||
	    fifo_en != sh[SH_FIFO_EN] ||
	    !(user_pwr[0] & MPU_USER_FIFO_EN) ||
	    (user_pwr[1] & (MPU_PWR1_SLEEP | MPU_PWR1_CLKSEL_MASK)) != sh[SH_PWR1])
		return -ERESTART;
	return 0;
}

static int mpu_fifo_read(struct imu *imu, struct imu_sample *out, size_t max)
{
	uint8_t cnt[2];
	size_t count, n;
	int rc;

	rc = regbus_read(&imu->bus, MPU_REG_FIFO_COUNT_H, cnt, 2);
	if (rc < 0)
		return rc;
	count = (size_t)cnt[0] << 8 | cnt[1];
	/* A full FIFO overwrites its oldest bytes (RM-6050 4.7), so records
	 * lose their alignment: once it cannot take another record, reset. */
	if (count > imu->var->fifo_bytes - MPU_RECORD_BYTES) {
		rc = mpu_fifo_reset(imu);
		return rc < 0 ? rc : -EOVERFLOW;
	}
	n = count / MPU_RECORD_BYTES;
	if (n > max)
		n = max;
	if (n > IMU_FIFO_CHUNK / MPU_RECORD_BYTES)
		n = IMU_FIFO_CHUNK / MPU_RECORD_BYTES;
	if (n == 0)
		return 0;
	rc = regbus_read(&imu->bus, MPU_REG_FIFO_R_W, imu->fifo, n * MPU_RECORD_BYTES);
	if (rc < 0)
		return rc;
	return (int)mpu6050_fifo_decode(imu->fifo, n * MPU_RECORD_BYTES, &imu->scale, out, n);
}

static int16_t be16(const uint8_t *p)
{
	return (int16_t)(uint16_t)((unsigned)p[0] << 8 | p[1]);
}

size_t mpu6050_fifo_decode(const uint8_t *buf, size_t len, const struct imu_scale *sc,
			   struct imu_sample *out, size_t max)
{
	size_t n = len / MPU_RECORD_BYTES;

	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *r = buf + i * MPU_RECORD_BYTES;

		out[i].t_ns = 0;
		for (int k = 0; k < 3; k++) {
			out[i].acc_g[k] = be16(r + 2 * k) / sc->acc_lsb_per_g;
			out[i].gyr_dps[k] = be16(r + 6 + 2 * k) / sc->gyr_lsb_per_dps;
		}
	}
	return n;
}

const struct imu_chip_ops mpu6050_ops = {
	.family = "MPU-6050",
	.whoami_reg = MPU_REG_WHO_AM_I,
	.variants = mpu_variants,
	.n_variants = MPU_N_VARIANTS,
	.init = mpu_init,
	.check = mpu_check,
	.fifo_read = mpu_fifo_read,
};
