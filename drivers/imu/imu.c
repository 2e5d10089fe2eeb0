// SPDX-License-Identifier: MIT
/*
 * imu — probing, the FIFO timeline and the checks common to every chip
 * family (see imu.h). Chip specifics live in mpu6050.c and lsm6ds.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "imu/imu_chip.h"

const struct imu_config imu_default_config = {
	.rate_hz = 200,
	.acc_range_g = 4,
	.gyr_range_dps = 500,
	.lpf_hz = 44,
};

const uint8_t imu_probe_addrs[4] = { 0x68, 0x69, 0x6A, 0x6B };

/* The MPU family answers at 0x68/0x69 (AD0 pin), the LSM6DS family at
 * 0x6A/0x6B (SA0 pin); each chip's WHO_AM_I register is read only where
 * that family can be, since the other family's register at the same
 * number holds unrelated data (the MPU's 0x0F is a self-test register). */
static const struct imu_chip_ops *family_at(uint8_t addr)
{
	if (addr == 0x68 || addr == 0x69)
		return &mpu6050_ops;
	if (addr == 0x6A || addr == 0x6B)
		return &lsm6ds_ops;
	return NULL;
}

static bool config_valid(const struct imu_config *c)
{
	return c->rate_hz >= 10 && c->rate_hz <= 1000 && c->acc_range_g > 0 &&
	       c->gyr_range_dps > 0 && c->lpf_hz > 0;
}

int imu_reinit(struct imu *imu)
{
	int rc;

	imu->have_time = false;
	imu->repeats = 0;
	imu->tag_state = (struct lsm6dsox_fifo_state){ 0 };
	rc = imu->ops->init(imu);
	if (rc < 0)
		return rc;
	/* What was written must read back: a chip that ignores writes is
	 * not one we can run. */
	rc = imu->ops->check(imu);
	return rc == -ERESTART ? -EIO : rc;
}

int imu_open(const struct regbus *bus, uint8_t addr, const struct imu_config *cfg, struct imu **out)
{
	const struct imu_chip_ops *ops = family_at(addr);
	const struct imu_variant *var = NULL;
	struct imu *imu;
	uint8_t who;
	int rc;

	if (!cfg)
		cfg = &imu_default_config;
	if (!ops || !config_valid(cfg))
		return -EINVAL;
	rc = regbus_select(bus, addr);
	if (rc == 0)
		rc = regbus_read_u8(bus, ops->whoami_reg, &who);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < ops->n_variants; i++)
		if (ops->variants[i].whoami == who)
			var = &ops->variants[i];
	if (!var)
		return -ENODEV;

	imu = calloc(1, sizeof(*imu));
	if (!imu)
		return -ENOMEM;
	imu->bus = *bus;
	imu->addr = addr;
	imu->ops = ops;
	imu->var = var;
	imu->cfg = *cfg;
	rc = imu_reinit(imu);
	if (rc < 0) {
		free(imu);
		return rc;
	}
	*out = imu;
	return 0;
}

int imu_probe(const struct regbus *bus, const struct imu_config *cfg, struct imu **out)
{
	int first_err = 0;

	if (cfg && cfg->addr) {   /* the installer said where: look nowhere else */
		int rc = imu_open(bus, cfg->addr, cfg, out);

		return rc == -EREMOTEIO || rc == -ENXIO ? -ENODEV : rc;
	}
	for (size_t i = 0; i < sizeof(imu_probe_addrs); i++) {
		int rc = imu_open(bus, imu_probe_addrs[i], cfg, out);

		if (rc == 0)
			return 0;
		/* No ACK (-EREMOTEIO, or -ENXIO from some adapters) and an
		 * unknown WHO_AM_I mean "not here"; anything else is a real
		 * failure worth reporting if nothing else turns up. */
		if (rc != -EREMOTEIO && rc != -ENXIO && rc != -ENODEV && !first_err)
			first_err = rc;
	}
	return first_err ? first_err : -ENODEV;
}

void imu_close(struct imu *imu)
{
	free(imu);
}

int imu_check(struct imu *imu)
{
	return imu->ops->check(imu);
}

/* Bit for bit on purpose: a live sensor's noise never repeats exactly. */
static bool same_sample(const struct imu_sample *a, const struct imu_sample *b)
{
	/* NOLINTBEGIN(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
	return memcmp(a->acc_g, b->acc_g, sizeof(a->acc_g)) == 0 &&
	       memcmp(a->gyr_dps, b->gyr_dps, sizeof(a->gyr_dps)) == 0;
	/* NOLINTEND(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
}

/*
 * Timestamps: the chip's clock is only nominally at odr_hz (a few percent
 * off), and reads happen whenever the caller polls. The newest sample of a
 * batch was taken shortly before now_ns, so the timeline is a simple
 * phase-locked loop: each batch continues from the previous timestamp, its
 * spacing nudged by a fraction of how far the timeline's end is from now.
 * Times stay strictly increasing (spacing >= half a period) and the error
 * stays within about one poll interval.
 */
#define IMU_PLL_GAIN 0.05

static void stamp(struct imu *imu, int64_t now_ns, struct imu_sample *s, size_t n)
{
	double period = 1e9 / imu->odr_hz;
	double spacing, err;

	if (!imu->have_time) {
		for (size_t i = 0; i < n; i++)
			s[i].t_ns = now_ns - (int64_t)((double)(n - 1 - i) * period);
		if (imu->samples > 0 && s[0].t_ns <= imu->last_t_ns) {
			/* after a reset the new timeline must not go back */
			int64_t shift = imu->last_t_ns + 1 - s[0].t_ns;

			for (size_t i = 0; i < n; i++)
				s[i].t_ns += shift;
		}
		imu->have_time = true;
	} else {
		err = (double)(now_ns - imu->last_t_ns) - (double)n * period;
		spacing = period + IMU_PLL_GAIN * err / (double)n;
		if (spacing < 0.5 * period)
			spacing = 0.5 * period;
		if (spacing > 1.5 * period)
			spacing = 1.5 * period;
		for (size_t i = 0; i < n; i++)
			s[i].t_ns = imu->last_t_ns + (int64_t)((double)(i + 1) * spacing + 0.5);
	}
	imu->last_t_ns = s[n - 1].t_ns;
}

int imu_read(struct imu *imu, int64_t now_ns, struct imu_sample *out, size_t max)
{
	int n;

	if (max == 0)
		return 0;
	n = imu->ops->fifo_read(imu, out, max);
	if (n == -EOVERFLOW) {
		imu->overflows++;
		/* The lost stretch runs from the last delivered sample to now
		 * minus what the fresh FIFO will hand over next. */
		imu->last_gap_ns = imu->have_time ? now_ns - imu->last_t_ns : 0;
		imu->have_time = false;
		imu->repeats = 0;
	}
	if (n <= 0)
		return n;
	for (int i = 0; i < n; i++) {
		if (imu->samples > 0 || i > 0) {
			if (same_sample(&out[i], i > 0 ? &out[i - 1] : &imu->prev)) {
				if (++imu->repeats >= IMU_STUCK_REPEATS - 1) {
					imu->repeats = 0;
					imu->have_time = false;
					return -ESTALE;
				}
			} else {
				imu->repeats = 0;
			}
		}
	}
	imu->prev = out[n - 1];
	stamp(imu, now_ns, out, (size_t)n);
	imu->samples += (uint64_t)n;
	imu->last_read_ns = now_ns;
	return n;
}

void imu_get_info(const struct imu *imu, struct imu_info *info)
{
	*info = (struct imu_info){
		.name = imu->var->name,
		.addr = imu->addr,
		.whoami = imu->var->whoami,
		.odr_hz = imu->odr_hz,
		.acc_range_g = imu->acc_range_g,
		.gyr_range_dps = imu->gyr_range_dps,
		.lpf_hz = imu->lpf_hz,
		.samples = imu->samples,
		.overflows = imu->overflows,
		.last_gap_ns = imu->last_gap_ns,
	};
}
