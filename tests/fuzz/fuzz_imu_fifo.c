// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the IMU FIFO decoders (drivers/imu), bytes in, samples out.
 * Built once drivers/imu/imu.h provides them.
 * FUZZ_NEEDS: drivers/imu/imu.h:mpu6050_fifo_decode
 * FUZZ_NEEDS: drivers/imu/imu.h:lsm6dsl_fifo_decode
 * FUZZ_NEEDS: drivers/imu/imu.h:lsm6dsox_fifo_decode
 *
 * The first input byte picks the decoder, the full-scale setting and the
 * output room; the rest is FIFO content. Oracle for the fixed-record chips:
 * a decode written here from the record layouts in imu.h (MPU-6000 register
 * map rev 4.2 section 4.39: big-endian; LSM6DSL datasheet section 8: little-
 * endian, gyro first). For the tagged LSM6DSOX FIFO: the count bound, value
 * bounds, and that decoding in two chunks (state carried) equals one pass.
 */
#include <math.h>
#include <string.h>
#include "fuzz.h"
#include "imu/imu.h"

#define OUT_MAX 512

/* +-2/4/8/16 g and +-250/500/1000/2000 deg/s: LSB per unit (16-bit). */
static const struct imu_scale scales[4] = {
	{ 16384.0, 131.0 }, { 8192.0, 65.5 }, { 4096.0, 32.8 }, { 2048.0, 16.4 },
};

static int16_t be16(const uint8_t *p)
{
	return (int16_t)(uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static int16_t le16(const uint8_t *p)
{
	return (int16_t)(uint16_t)((unsigned)p[1] << 8 | p[0]);
}

static void check_bounds(const struct imu_sample *s, const struct imu_scale *sc)
{
	FUZZ_CHECK(s->t_ns == 0);
	for (int i = 0; i < 3; i++) {
		FUZZ_CHECK(isfinite(s->acc_g[i]) && fabs(s->acc_g[i]) <= 32768.0 / sc->acc_lsb_per_g);
		FUZZ_CHECK(isfinite(s->gyr_dps[i]) &&
			   fabs(s->gyr_dps[i]) <= 32768.0 / sc->gyr_lsb_per_dps);
	}
}

/* 12-byte records: acc at acc_off, gyro at gyr_off, 16-bit words. */
static void check_fixed(const uint8_t *buf, size_t len, const struct imu_scale *sc,
			const struct imu_sample *out, size_t n, size_t max, int big_endian,
			size_t acc_off, size_t gyr_off)
{
	size_t whole = len / 12;

	FUZZ_CHECK(n == (whole < max ? whole : max));
	for (size_t k = 0; k < n; k++) {
		const uint8_t *rec = buf + 12 * k;

		check_bounds(&out[k], sc);
		for (size_t i = 0; i < 3; i++) {
			const uint8_t *a = rec + acc_off + 2 * i, *g = rec + gyr_off + 2 * i;
			double acc = (big_endian ? be16(a) : le16(a)) / sc->acc_lsb_per_g;
			double gyr = (big_endian ? be16(g) : le16(g)) / sc->gyr_lsb_per_dps;

			FUZZ_CHECK(fabs(out[k].acc_g[i] - acc) <= 1e-9);
			FUZZ_CHECK(fabs(out[k].gyr_dps[i] - gyr) <= 1e-9);
		}
	}
}

static void check_dsox(const uint8_t *buf, size_t len, const struct imu_scale *sc, size_t max)
{
	static struct imu_sample one[OUT_MAX], two[OUT_MAX];
	struct lsm6dsox_fifo_state st1, st2;
	size_t words = len / 7, cut = 7 * (words / 2);
	size_t n1, n2a, n2b;

	memset(&st1, 0, sizeof(st1));
	memset(&st2, 0, sizeof(st2));
	n1 = lsm6dsox_fifo_decode(&st1, buf, len, sc, one, max);
	FUZZ_CHECK(n1 <= max && n1 <= words);
	for (size_t k = 0; k < n1; k++)
		check_bounds(&one[k], sc);
	if (n1 == max)
		return;   /* out of room: where it stopped is not specified */
	n2a = lsm6dsox_fifo_decode(&st2, buf, cut, sc, two, max);
	FUZZ_CHECK(n2a <= n1);
	n2b = lsm6dsox_fifo_decode(&st2, buf + cut, len - cut, sc, two + n2a, max - n2a);
	FUZZ_CHECK(n2a + n2b == n1);
	for (size_t k = 0; k < n1; k++) {
		FUZZ_CHECK(one[k].t_ns == two[k].t_ns);
		for (int i = 0; i < 3; i++)
			FUZZ_CHECK(one[k].acc_g[i] == two[k].acc_g[i] &&
				   one[k].gyr_dps[i] == two[k].gyr_dps[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct imu_sample out[OUT_MAX];
	const struct imu_scale *sc;
	size_t max, n;

	if (size < 1)
		return 0;
	sc = &scales[(data[0] >> 2) & 3];
	max = (data[0] & 0x10) ? 3 : OUT_MAX;   /* sometimes too little room */
	data++;
	size--;
	switch (data[-1] & 3) {
	case 0:
		n = mpu6050_fifo_decode(data, size, sc, out, max);
		check_fixed(data, size, sc, out, n, max, 1, 0, 6);
		break;
	case 1:
		n = lsm6dsl_fifo_decode(data, size, sc, out, max);
		check_fixed(data, size, sc, out, n, max, 0, 6, 0);
		break;
	default:
		check_dsox(data, size, sc, max);
		break;
	}
	return 0;
}
