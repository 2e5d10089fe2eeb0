// SPDX-License-Identifier: MIT
/*
 * ST LSM6DS3, LSM6DSL (and the register-compatible LSM6DS3TR-C), LSM6DSOX
 * (and LSM6DSO, same WHO_AM_I).
 *
 * Sources: LSM6DSL datasheet DocID028475 rev 5 (cited DS-DSL with its
 * section), LSM6DS3 datasheet DocID026899 (DS-DS3), LSM6DSOX datasheet
 * DS12814 (DS-DSOX). The Linux st_lsm6dsx driver was read for how the FIFO
 * is drained in bursts.
 *
 * The DS3 and DSL share one FIFO layout (untagged words in a fixed pattern:
 * gyro X Y Z then accel X Y Z when both run at the same rate); the DSOX
 * tags every 7-byte FIFO word with its source.
 */
#include <errno.h>
#include <string.h>
#include "imu/imu_chip.h"

#define LSM_REG_FIFO_CTRL3     0x08 /* DS3/DSL: decimation (DS-DSL 9.4) */
#define   LSM_DEC_GYRO_NONE      0x08 /* DEC_FIFO_GYRO = 001 in bits 5:3 */
#define   LSM_DEC_XL_NONE        0x01 /* DEC_FIFO_XL = 001 in bits 2:0 */
#define LSMX_REG_FIFO_CTRL3    0x09 /* DSOX: batch rates BDR_GY 7:4, BDR_XL 3:0 (DS-DSOX 9.3) */
#define LSM_REG_FIFO_MODE      0x0A /* DSL FIFO_CTRL5 (DS-DSL 9.6), DSOX FIFO_CTRL4 (DS-DSOX 9.4) */
#define   LSM_FIFO_MODE_MASK     0x07
#define   LSM_FIFO_BYPASS        0x00 /* bypass empties the FIFO */
#define   LSM_FIFO_CONTINUOUS    0x06 /* newest data overwrite the oldest */
#define   LSM_FIFO_ODR_SHIFT     3    /* DS3/DSL ODR_FIFO in bits 6:3 */
#define LSM_REG_WHO_AM_I       0x0F /* DS-DSL 9.11 */
#define LSM_REG_CTRL1_XL       0x10 /* DS-DSL 9.12: ODR_XL 7:4, FS_XL 3:2 */
#define LSM_REG_CTRL2_G        0x11 /* DS-DSL 9.13: ODR_G 7:4, FS_G 3:2 */
#define   LSM_ODR_SHIFT          4
#define   LSM_FS_SHIFT           2
#define LSM_REG_CTRL3_C        0x12 /* DS-DSL 9.14 */
#define   LSM_CTRL3_BDU          0x40 /* outputs not updated mid-read */
#define   LSM_CTRL3_IF_INC       0x04 /* register address auto-increment (reset value) */
#define   LSM_CTRL3_SW_RESET     0x01
#define LSM_REG_FIFO_STATUS1   0x3A /* DS-DSL 9.33-9.36, DS-DSOX 9.41-9.42 */
#define   LSM_STATUS2_OVER_RUN   0x40 /* DSL OVER_RUN, DS3 FIFO_OVER_RUN, DSOX FIFO_OVR_IA */
#define LSM_REG_FIFO_DATA_OUT  0x3E /* DS3/DSL FIFO_DATA_OUT_L (DS-DSL 9.37) */
#define LSMX_REG_FIFO_TAG      0x78 /* DSOX FIFO_DATA_OUT_TAG (DS-DSOX 9.80) */
#define   LSMX_TAG_SHIFT         3    /* TAG_SENSOR in bits 7:3 */
#define   LSMX_TAG_GYRO          0x01 /* gyroscope, not compressed */
#define   LSMX_TAG_ACC           0x02 /* accelerometer, not compressed */

#define LSM_WORD_BYTES    2u
#define LSM_RECORD_WORDS  6u
#define LSM_RECORD_BYTES  12u
#define LSMX_WORD_BYTES   7u

/* Software reset completes in about 50 us (DS-DSL 9.14); wait with margin,
 * then for the gyro to start (turn-on time 35 ms, DS-DSL table 3). */
#define LSM_RESET_DELAY_MS 10
#define LSM_WAKE_DELAY_MS  40

#define LSM_TAGGED 0x01

enum { LSM6DS3, LSM6DSL, LSM6DSOX, LSM_N_VARIANTS };

static const struct imu_variant lsm_variants[] = {
	[LSM6DS3] = { "LSM6DS3", 0x69, 8192, 0 },            /* DS-DS3 9.11 WHO_AM_I */
	[LSM6DSL] = { "LSM6DSL", 0x6A, 4096, 0 },            /* DS-DSL 9.11 */
	[LSM6DSOX] = { "LSM6DSOX", 0x6C, 3072, LSM_TAGGED }, /* DS-DSOX 9.12 */
};
_Static_assert(sizeof(lsm_variants) / sizeof(lsm_variants[0]) == LSM_N_VARIANTS,
	       "one variant entry per LSM6DS chip");

/* High bits of the unread-word count in FIFO_STATUS2: DIFF_FIFO is 12 bits
 * on the DS3 (DS-DS3 9.39), 11 on the DSL (DS-DSL 9.34), 10 on the DSOX. */
static const uint8_t lsm_diff_hi_mask[LSM_N_VARIANTS] = { 0x0F, 0x07, 0x03 };

/* ODR codes 1..8 = 12.5 Hz doubling to 1.66 kHz (DS-DSL table 52, 55). */
static const double lsm_odr_hz[9] = { 0, 12.5, 26, 52, 104, 208, 416, 833, 1666 };
/* FS codes and sensitivities (DS-DSL 9.12-9.13, table 3). Index = range step. */
static const double lsm_acc_fs_g[4] = { 2, 4, 8, 16 };
static const uint8_t lsm_acc_fs_code[4] = { 0x0, 0x2, 0x3, 0x1 };
static const double lsm_acc_mg_per_lsb[4] = { 0.061, 0.122, 0.244, 0.488 };
static const double lsm_gyr_fs_dps[4] = { 250, 500, 1000, 2000 };
static const uint8_t lsm_gyr_fs_code[4] = { 0x0, 0x1, 0x2, 0x3 };
static const double lsm_gyr_mdps_per_lsb[4] = { 8.75, 17.5, 35, 70 };

enum { SH_CTRL1, SH_CTRL2, SH_CTRL3, SH_FIFO_CFG, SH_FIFO_MODE };

static int pick_fs(const double *fs, double want)
{
	for (int i = 0; i < 4; i++)
		if (fs[i] >= want)
			return i;
	return 3;
}

static int lsm_variant_index(const struct imu *imu)
{
	return (int)(imu->var - lsm_variants);
}

static int lsm_fifo_restart(struct imu *imu)
{
	int rc;

	/* Bypass mode empties the FIFO (DS-DSL 8.1); then continuous again. */
	rc = regbus_write_u8(&imu->bus, LSM_REG_FIFO_MODE,
			     (uint8_t)(imu->shadow[SH_FIFO_MODE] & ~LSM_FIFO_MODE_MASK));
	if (rc < 0)
		return rc;
	imu->tag_state = (struct lsm6dsox_fifo_state){ 0 };
	return regbus_write_u8(&imu->bus, LSM_REG_FIFO_MODE, imu->shadow[SH_FIFO_MODE]);
}

static int lsm_init(struct imu *imu)
{
	const struct imu_config *c = &imu->cfg;
	uint8_t *sh = imu->shadow;
	uint8_t ctrl[3];
	int odr, afs, gfs, rc;

	if (c->rate_hz < 10 || c->rate_hz > 1000)
		return -EINVAL;
	rc = regbus_write_u8(&imu->bus, LSM_REG_CTRL3_C, LSM_CTRL3_IF_INC | LSM_CTRL3_SW_RESET);
	if (rc < 0)
		return rc;
	regbus_sleep_us(&imu->bus, LSM_RESET_DELAY_MS * 1000u);

	for (odr = 1; odr < 8 && lsm_odr_hz[odr] < c->rate_hz; odr++)
		;
	imu->odr_hz = lsm_odr_hz[odr];
	/* LPF1 alone, the reset configuration: bandwidth ODR/2 (DS-DSL fig 9). */
	imu->lpf_hz = imu->odr_hz / 2;
	afs = pick_fs(lsm_acc_fs_g, c->acc_range_g);
	gfs = pick_fs(lsm_gyr_fs_dps, c->gyr_range_dps);
	imu->acc_range_g = lsm_acc_fs_g[afs];
	imu->gyr_range_dps = lsm_gyr_fs_dps[gfs];
	imu->scale.acc_lsb_per_g = 1000.0 / lsm_acc_mg_per_lsb[afs];
	imu->scale.gyr_lsb_per_dps = 1000.0 / lsm_gyr_mdps_per_lsb[gfs];

	sh[SH_CTRL1] = (uint8_t)(odr << LSM_ODR_SHIFT | lsm_acc_fs_code[afs] << LSM_FS_SHIFT);
	sh[SH_CTRL2] = (uint8_t)(odr << LSM_ODR_SHIFT | lsm_gyr_fs_code[gfs] << LSM_FS_SHIFT);
	sh[SH_CTRL3] = LSM_CTRL3_BDU | LSM_CTRL3_IF_INC;
	if (imu->var->flags & LSM_TAGGED) {
		/* Both sensors batched at their output rate (DS-DSOX 9.3). */
		sh[SH_FIFO_CFG] = (uint8_t)(odr << 4 | odr);
		sh[SH_FIFO_MODE] = LSM_FIFO_CONTINUOUS;
	} else {
		/* No decimation for either sensor; FIFO at the output rate. */
		sh[SH_FIFO_CFG] = LSM_DEC_GYRO_NONE | LSM_DEC_XL_NONE;
		sh[SH_FIFO_MODE] = (uint8_t)(odr << LSM_FIFO_ODR_SHIFT | LSM_FIFO_CONTINUOUS);
	}
	memcpy(ctrl, sh, 3);
	rc = regbus_write(&imu->bus, LSM_REG_CTRL1_XL, ctrl, 3);
	if (rc == 0)
		rc = regbus_write_u8(&imu->bus, LSM_REG_FIFO_MODE, LSM_FIFO_BYPASS);
	if (rc == 0)
		rc = regbus_write_u8(&imu->bus, (imu->var->flags & LSM_TAGGED) ?
				     LSMX_REG_FIFO_CTRL3 : LSM_REG_FIFO_CTRL3, sh[SH_FIFO_CFG]);
	if (rc < 0)
		return rc;
	regbus_sleep_us(&imu->bus, LSM_WAKE_DELAY_MS * 1000u);
	return lsm_fifo_restart(imu);
}

static int lsm_check(struct imu *imu)
{
	const uint8_t *sh = imu->shadow;
	uint8_t ctrl[3], fcfg, fmode;
	int rc;

	rc = regbus_read(&imu->bus, LSM_REG_CTRL1_XL, ctrl, 3);
	if (rc == 0)
		rc = regbus_read_u8(&imu->bus, (imu->var->flags & LSM_TAGGED) ?
				    LSMX_REG_FIFO_CTRL3 : LSM_REG_FIFO_CTRL3, &fcfg);
	if (rc == 0)
		rc = regbus_read_u8(&imu->bus, LSM_REG_FIFO_MODE, &fmode);
	if (rc != 0)   /* reads give 0 or -errno: nothing else may reach the compare */
		return rc;
	if (memcmp(ctrl, sh, 3) != 0 || fcfg != sh[SH_FIFO_CFG] || fmode != sh[SH_FIFO_MODE])
		return -ERESTART;
	return 0;
}

static int lsm_fifo_read(struct imu *imu, struct imu_sample *out, size_t max)
{
	uint8_t st[4];
	size_t words, n, bytes;
	bool tagged = imu->var->flags & LSM_TAGGED;
	unsigned pattern;
	int rc;

	rc = regbus_read(&imu->bus, LSM_REG_FIFO_STATUS1, st, tagged ? 2 : 4);
	if (rc < 0)
		return rc;
	if (st[1] & LSM_STATUS2_OVER_RUN) {
		rc = lsm_fifo_restart(imu);
		return rc < 0 ? rc : -EOVERFLOW;
	}
	words = (size_t)(st[1] & lsm_diff_hi_mask[lsm_variant_index(imu)]) << 8 | st[0];
	if (tagged) {
		/* Two tagged words (gyro, accel) per sample. */
		n = words;
		if (n > 2 * max)
			n = 2 * max;
		if (n > IMU_FIFO_CHUNK / LSMX_WORD_BYTES)
			n = IMU_FIFO_CHUNK / LSMX_WORD_BYTES;
		if (n == 0)
			return 0;
		rc = regbus_read(&imu->bus, LSMX_REG_FIFO_TAG, imu->fifo, n * LSMX_WORD_BYTES);
		if (rc < 0)
			return rc;
		return (int)lsm6dsox_fifo_decode(&imu->tag_state, imu->fifo, n * LSMX_WORD_BYTES,
						 &imu->scale, out, max);
	}
	/* FIFO_PATTERN: index within the record of the next word out
	 * (DS-DSL 9.35). Not 0 means a read stopped mid-record: skip to the
	 * next record boundary so axes stay where they belong. */
	pattern = (unsigned)(st[3] & 0x03) << 8 | st[2];
	if (pattern != 0 && pattern < LSM_RECORD_WORDS) {
		size_t skip = LSM_RECORD_WORDS - pattern;

		if (words < skip)
			return 0;
		rc = regbus_read(&imu->bus, LSM_REG_FIFO_DATA_OUT, imu->fifo, skip * LSM_WORD_BYTES);
		if (rc < 0)
			return rc;
		words -= skip;
	}
	n = words / LSM_RECORD_WORDS;
	if (n > max)
		n = max;
	if (n > IMU_FIFO_CHUNK / LSM_RECORD_BYTES)
		n = IMU_FIFO_CHUNK / LSM_RECORD_BYTES;
	if (n == 0)
		return 0;
	bytes = n * LSM_RECORD_BYTES;
	rc = regbus_read(&imu->bus, LSM_REG_FIFO_DATA_OUT, imu->fifo, bytes);
	if (rc < 0)
		return rc;
	return (int)lsm6dsl_fifo_decode(imu->fifo, bytes, &imu->scale, out, n);
}

static int16_t le16(const uint8_t *p)
{
	return (int16_t)(uint16_t)((unsigned)p[1] << 8 | p[0]);
}

size_t lsm6dsl_fifo_decode(const uint8_t *buf, size_t len, const struct imu_scale *sc,
			   struct imu_sample *out, size_t max)
{
	size_t n = len / LSM_RECORD_BYTES;

	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *r = buf + i * LSM_RECORD_BYTES;

		out[i].t_ns = 0;
		for (int k = 0; k < 3; k++) {
			out[i].gyr_dps[k] = le16(r + 2 * k) / sc->gyr_lsb_per_dps;
			out[i].acc_g[k] = le16(r + 6 + 2 * k) / sc->acc_lsb_per_g;
		}
	}
	return n;
}

size_t lsm6dsox_fifo_decode(struct lsm6dsox_fifo_state *st, const uint8_t *buf, size_t len,
			    const struct imu_scale *sc, struct imu_sample *out, size_t max)
{
	size_t n = 0;

	for (size_t off = 0; off + LSMX_WORD_BYTES <= len && n < max; off += LSMX_WORD_BYTES) {
		const uint8_t *w = buf + off;
		unsigned tag = w[0] >> LSMX_TAG_SHIFT;
		int16_t *dst;

		if (tag == LSMX_TAG_GYRO) {
			dst = st->gyr;
			st->have_gyr = true;
		} else if (tag == LSMX_TAG_ACC) {
			dst = st->acc;
			st->have_acc = true;
		} else {
			continue;
		}
		for (int k = 0; k < 3; k++)
			dst[k] = le16(w + 1 + 2 * k);
		if (st->have_gyr && st->have_acc) {
			out[n].t_ns = 0;
			for (int k = 0; k < 3; k++) {
				out[n].gyr_dps[k] = st->gyr[k] / sc->gyr_lsb_per_dps;
				out[n].acc_g[k] = st->acc[k] / sc->acc_lsb_per_g;
			}
			n++;
			st->have_gyr = st->have_acc = false;
		}
	}
	return n;
}

const struct imu_chip_ops lsm6ds_ops = {
	.family = "LSM6DS",
	.whoami_reg = LSM_REG_WHO_AM_I,
	.variants = lsm_variants,
	.n_variants = LSM_N_VARIANTS,
	.init = lsm_init,
	.check = lsm_check,
	.fifo_read = lsm_fifo_read,
};
