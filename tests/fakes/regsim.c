// SPDX-License-Identifier: MIT
/* Register simulator for the MPU-6050 and LSM6DS families (see regsim.h).
 * Register facts are the same datasheets the drivers cite; they are
 * written out again here on purpose, so a wrong #define in a driver does
 * not silently agree with itself. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "regsim.h"

#define NREGS 128
#define TRUTH_KEEP 16384u
#define LOG_KEEP 4096u
#define FIFO_MAX 9216u

enum family { FAM_MPU, FAM_LSM, FAM_LSMX };

struct chip_desc {
	const char *name;
	enum family fam;
	uint8_t whoami;
	size_t fifo_bytes;
};

static const struct chip_desc chips[REGSIM_N_CHIPS] = {
	[REGSIM_MPU6050] = { "MPU-6050", FAM_MPU, 0x68, 1024 },
	[REGSIM_MPU6500] = { "MPU-6500", FAM_MPU, 0x70, 512 },
	[REGSIM_MPU9250] = { "MPU-9250", FAM_MPU, 0x71, 512 },
	[REGSIM_LSM6DS3] = { "LSM6DS3", FAM_LSM, 0x69, 8192 },
	[REGSIM_LSM6DSL] = { "LSM6DSL", FAM_LSM, 0x6A, 4096 },
	[REGSIM_LSM6DSOX] = { "LSM6DSOX", FAM_LSMX, 0x6C, 3072 },
};

struct truth {
	double t_s, acc[3], gyr[3];
};

struct regsim {
	const struct chip_desc *chip;
	uint8_t addr, selected;
	uint8_t regs[NREGS];
	/* FIFO: a byte ring */
	uint8_t fifo[FIFO_MAX];
	size_t head, level;          /* read position, bytes held */
	uint64_t words_popped;       /* LSM6DS3/DSL pattern position */
	bool overflow;
	/* time */
	int64_t now_ns, next_ns;
	uint64_t produced, overwritten;
	/* source */
	regsim_source_fn src;
	void *src_ctx;
	int noise_lsb;
	uint64_t rng;
	bool stuck, have_stuck;
	uint8_t stuck_raw[12];
	struct truth truth[TRUTH_KEEP];
	/* faults */
	int64_t timeout_ns;          /* how long a TIMEOUT fault blocks a transfer */
	enum regsim_fault fault;
	unsigned fault_count;
	bool unplugged;
	/* log */
	uint8_t log_reg[LOG_KEEP], log_val[LOG_KEEP];
	size_t nwrites;
	uint64_t transfers, bytes_read;
	/* real time */
	bool realtime;
	long ns_per_byte;
	int64_t mono_base_ns;
	/* A thread's transfers and a test's fault injection meet here: every
	 * public entry point holds it; nothing sleeps while holding it. */
	pthread_mutex_t mutex;
	pthread_mutex_t *mu;         /* &mutex: lockable through a const pointer */
};

static void lock(const struct regsim *s)
{
	pthread_mutex_lock(s->mu);
}

static void unlock(const struct regsim *s)
{
	pthread_mutex_unlock(s->mu);
}

/* MPU registers (MPU-6000/6050 register map rev 4.2). */
enum {
	M_SMPLRT = 0x19, M_CONFIG = 0x1A, M_GYRO = 0x1B, M_ACCEL = 0x1C, M_FIFO_EN = 0x23,
	M_INT_STATUS = 0x3A, M_USER = 0x6A, M_PWR1 = 0x6B, M_COUNT_H = 0x72, M_COUNT_L = 0x73,
	M_FIFO_RW = 0x74, M_WHO = 0x75,
};
/* LSM6DS registers (LSM6DSL / LSM6DSOX datasheets). */
enum {
	L_FIFO_CTRL3 = 0x08, X_FIFO_CTRL3 = 0x09, L_FIFO_MODE = 0x0A, L_WHO = 0x0F,
	L_CTRL1 = 0x10, L_CTRL2 = 0x11, L_CTRL3 = 0x12, L_STATUS1 = 0x3A, L_STATUS2 = 0x3B,
	L_STATUS3 = 0x3C, L_STATUS4 = 0x3D, L_DATA_L = 0x3E, L_DATA_H = 0x3F, X_TAG = 0x78,
};

static const double lsm_odr[16] = { 0, 12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664 };

const char *regsim_chip_name(enum regsim_chip chip)
{
	return chip < REGSIM_N_CHIPS ? chips[chip].name : "?";
}

static void power_on(struct regsim *s)
{
	memset(s->regs, 0, sizeof(s->regs));
	if (s->chip->fam == FAM_MPU) {
		s->regs[M_PWR1] = 0x40;    /* asleep after reset (RM 4.28) */
		s->regs[M_WHO] = s->chip->whoami;
	} else {
		s->regs[L_WHO] = s->chip->whoami;
		s->regs[L_CTRL3] = 0x04;   /* IF_INC set at reset */
	}
	s->level = 0;
	s->head = 0;
	s->words_popped = 0;
	s->overflow = false;
}

void regsim_default_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	/* A thigh swinging +-30 degrees about x at 0.5 Hz: gravity turns in
	 * the y-z plane, the rate is the angle's derivative. */
	double w = 2 * M_PI * 0.5, amp = 30 * M_PI / 180;
	double ang = amp * sin(w * t_s);

	(void)ctx;
	acc_g[0] = 0.01;
	acc_g[1] = sin(ang);
	acc_g[2] = cos(ang);
	gyr_dps[0] = amp * w * cos(w * t_s) * 180 / M_PI;
	gyr_dps[1] = 0.5;
	gyr_dps[2] = -0.3;
}

void regsim_still_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	const struct regsim_still *v = ctx;

	(void)t_s;
	memcpy(acc_g, v->acc_g, sizeof(v->acc_g));
	memcpy(gyr_dps, v->gyr_dps, sizeof(v->gyr_dps));
}

struct regsim *regsim_new(enum regsim_chip chip, uint8_t addr)
{
	struct regsim *s;

	if (chip >= REGSIM_N_CHIPS)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->chip = &chips[chip];
	s->addr = addr;
	s->src = regsim_default_source;
	s->noise_lsb = 2;
	s->rng = 0x9E3779B97F4A7C15ull ^ addr;
	s->timeout_ns = REGSIM_DEFAULT_TIMEOUT_NS;
	pthread_mutex_init(&s->mutex, NULL);
	s->mu = &s->mutex;
	power_on(s);
	return s;
}

void regsim_free(struct regsim *sim)
{
	if (sim)
		pthread_mutex_destroy(&sim->mutex);
	free(sim);
}

void regsim_set_source(struct regsim *sim, regsim_source_fn fn, void *ctx, int noise_lsb)
{
	lock(sim);
	sim->src = fn ? fn : regsim_default_source;
	sim->src_ctx = ctx;
	sim->noise_lsb = noise_lsb;
	unlock(sim);
}

static uint64_t rng_next(struct regsim *s)
{
	/* xorshift64* */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ull;
}

/* --- configuration decoded from registers --- */

static double acc_lsb_per_g(const struct regsim *s)
{
	static const double mpu[4] = { 16384, 8192, 4096, 2048 };
	/* FS_XL 00 2 g, 01 16 g, 10 4 g, 11 8 g: 0.061/0.488/0.122/0.244 mg */
	static const double lsm[4] = { 1000 / 0.061, 1000 / 0.488, 1000 / 0.122, 1000 / 0.244 };

	if (s->chip->fam == FAM_MPU)
		return mpu[(s->regs[M_ACCEL] >> 3) & 3];
	return lsm[(s->regs[L_CTRL1] >> 2) & 3];
}

static double gyr_lsb_per_dps(const struct regsim *s)
{
	static const double mpu[4] = { 131, 65.5, 32.8, 16.4 };
	static const double lsm[4] = { 1000 / 8.75, 1000 / 17.5, 1000 / 35.0, 1000 / 70.0 };

	if (s->chip->fam == FAM_MPU)
		return mpu[(s->regs[M_GYRO] >> 3) & 3];
	return lsm[(s->regs[L_CTRL2] >> 2) & 3];
}

double regsim_acc_lsb_per_g(const struct regsim *s)
{
	double v;

	lock(s);
	v = acc_lsb_per_g(s);
	unlock(s);
	return v;
}

double regsim_gyr_lsb_per_dps(const struct regsim *s)
{
	double v;

	lock(s);
	v = gyr_lsb_per_dps(s);
	unlock(s);
	return v;
}

static double odr_hz(const struct regsim *s)
{
	const uint8_t *r = s->regs;

	if (s->unplugged)
		return 0;
	if (s->chip->fam == FAM_MPU) {
		unsigned dlpf = r[M_CONFIG] & 7;
		double base = (dlpf == 0 || dlpf == 7) ? 8000 : 1000;

		if ((r[M_PWR1] & 0x40) || !(r[M_USER] & 0x40) || r[M_FIFO_EN] == 0)
			return 0;
		return base / (1 + r[M_SMPLRT]);
	}
	if ((r[L_CTRL1] >> 4) == 0 || (r[L_CTRL2] >> 4) == 0 || (r[L_FIFO_MODE] & 7) == 0)
		return 0;
	if (s->chip->fam == FAM_LSM)
		return lsm_odr[(r[L_FIFO_MODE] >> 3) & 0xF];
	return lsm_odr[r[X_FIFO_CTRL3] & 0xF];
}

double regsim_odr_hz(const struct regsim *s)
{
	double hz;

	lock(s);
	hz = odr_hz(s);
	unlock(s);
	return hz;
}

size_t regsim_fifo_bytes(const struct regsim *s)
{
	size_t n;

	lock(s);
	n = s->level;
	unlock(s);
	return n;
}

/* --- FIFO --- */

static void fifo_push(struct regsim *s, const uint8_t *b, size_t n)
{
	size_t cap = s->chip->fifo_bytes;

	for (size_t i = 0; i < n; i++) {
		if (s->level == cap) {
			/* overwrite the oldest byte */
			s->head = (s->head + 1) % cap;
			s->level--;
			s->overflow = true;
		}
		s->fifo[(s->head + s->level) % cap] = b[i];
		s->level++;
	}
}

static uint8_t fifo_pop(struct regsim *s)
{
	uint8_t b;

	if (s->level == 0)
		return 0;
	b = s->fifo[s->head];
	s->head = (s->head + 1) % s->chip->fifo_bytes;
	s->level--;
	return b;
}

static void fifo_clear(struct regsim *s)
{
	s->level = 0;
	s->head = 0;
	s->words_popped = 0;
	s->overflow = false;
}

static int16_t quantise(struct regsim *s, double v, double lsb)
{
	double c = round(v * lsb);

	if (s->noise_lsb > 0)
		c += (double)(int)(rng_next(s) % (uint64_t)(2 * s->noise_lsb + 1)) - s->noise_lsb;
	if (c > 32767)
		c = 32767;
	if (c < -32768)
		c = -32768;
	return (int16_t)c;
}

static void put_be(uint8_t *p, int16_t v)
{
	p[0] = (uint8_t)((uint16_t)v >> 8);
	p[1] = (uint8_t)v;
}

static void put_le(uint8_t *p, int16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)((uint16_t)v >> 8);
}

static void produce(struct regsim *s, int64_t t_ns)
{
	struct truth *tr = &s->truth[s->produced % TRUTH_KEEP];
	size_t before = s->level, cap = s->chip->fifo_bytes;
	int16_t a[3], g[3];
	uint8_t rec[14];
	size_t recbytes;

	tr->t_s = (double)t_ns * 1e-9;
	s->src(s->src_ctx, tr->t_s, tr->acc, tr->gyr);
	for (int k = 0; k < 3; k++) {
		a[k] = quantise(s, tr->acc[k], acc_lsb_per_g(s));
		g[k] = quantise(s, tr->gyr[k], gyr_lsb_per_dps(s));
	}
	if (s->stuck) {
		if (!s->have_stuck) {
			memcpy(s->stuck_raw, a, 6);
			memcpy(s->stuck_raw + 6, g, 6);
			s->have_stuck = true;
		}
		memcpy(a, s->stuck_raw, 6);
		memcpy(g, s->stuck_raw + 6, 6);
	}
	if (s->chip->fam == FAM_MPU) {
		/* FIFO_EN bits in register order: accel, then gyro x y z
		 * (temperature, bit 7, is not simulated) */
		uint8_t en = s->regs[M_FIFO_EN];
		size_t n = 0;

		if (en & 0x08)
			for (int k = 0; k < 3; k++, n += 2)
				put_be(rec + n, a[k]);
		for (int k = 0; k < 3; k++)
			if (en & (0x40 >> k)) {
				put_be(rec + n, g[k]);
				n += 2;
			}
		recbytes = n;
		fifo_push(s, rec, n);
	} else if (s->chip->fam == FAM_LSM) {
		for (int k = 0; k < 3; k++) {
			put_le(rec + 2 * k, g[k]);
			put_le(rec + 6 + 2 * k, a[k]);
		}
		recbytes = 12;
		fifo_push(s, rec, 12);
	} else {
		rec[0] = 0x01 << 3; /* gyro NC tag */
		for (int k = 0; k < 3; k++)
			put_le(rec + 1 + 2 * k, g[k]);
		fifo_push(s, rec, 7);
		rec[0] = 0x02 << 3; /* accel NC tag */
		for (int k = 0; k < 3; k++)
			put_le(rec + 1 + 2 * k, a[k]);
		fifo_push(s, rec, 7);
		recbytes = 14;
	}
	if (before + recbytes > cap)
		s->overwritten++;
	s->produced++;
}

static void advance(struct regsim *s, int64_t dt_ns)
{
	int64_t end = s->now_ns + dt_ns;
	double odr = odr_hz(s);

	if (odr <= 0) {
		s->now_ns = end;
		s->next_ns = end;
		return;
	}
	if (s->next_ns < s->now_ns)
		s->next_ns = s->now_ns;
	while (s->next_ns <= end) {
		produce(s, s->next_ns);
		s->next_ns += (int64_t)(1e9 / odr);
	}
	s->now_ns = end;
}

void regsim_advance_ns(struct regsim *s, int64_t dt_ns)
{
	lock(s);
	advance(s, dt_ns);
	unlock(s);
}

int64_t regsim_now_ns(const struct regsim *sim)
{
	int64_t now;

	lock(sim);
	now = sim->now_ns;
	unlock(sim);
	return now;
}

/* --- faults --- */

void regsim_set_fault(struct regsim *sim, enum regsim_fault fault, unsigned count)
{
	lock(sim);
	sim->fault = fault;
	sim->fault_count = fault == REGSIM_FAULT_NONE ? 0 : (count ? count : ~0u);
	unlock(sim);
}

void regsim_set_timeout_ns(struct regsim *sim, int64_t ns)
{
	lock(sim);
	sim->timeout_ns = ns < 0 ? 0 : ns;
	unlock(sim);
}

int64_t regsim_timeout_ns(const struct regsim *sim)
{
	int64_t ns;

	lock(sim);
	ns = sim->timeout_ns;
	unlock(sim);
	return ns;
}

void regsim_set_stuck(struct regsim *sim, bool stuck)
{
	lock(sim);
	sim->stuck = stuck;
	sim->have_stuck = false;
	unlock(sim);
}

void regsim_brownout(struct regsim *sim)
{
	lock(sim);
	power_on(sim);
	unlock(sim);
}

void regsim_set_plugged(struct regsim *sim, bool plugged)
{
	lock(sim);
	if (plugged && sim->unplugged)
		power_on(sim);
	sim->unplugged = !plugged;
	unlock(sim);
}

void regsim_set_realtime(struct regsim *sim, long ns_per_byte)
{
	lock(sim);
	sim->realtime = true;
	sim->ns_per_byte = ns_per_byte;
	sim->mono_base_ns = clock_mono_ns() - sim->now_ns;
	unlock(sim);
}

static void sleep_ns(int64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static int transfer_error(struct regsim *s)
{
	s->transfers++;
	if (s->unplugged || s->selected != s->addr)
		return -EREMOTEIO;
	if (s->fault_count > 0) {
		if (s->fault_count != ~0u)
			s->fault_count--;
		switch (s->fault) {
		case REGSIM_FAULT_NACK: return -EREMOTEIO;
		case REGSIM_FAULT_TIMEOUT: return -ETIMEDOUT;
		case REGSIM_FAULT_EIO: return -EIO;
		case REGSIM_FAULT_NONE: break;
		}
	}
	return 0;
}

/* Real-time mode: the simulator's clock catches up with the wall clock. */
static void catch_up(struct regsim *s)
{
	int64_t now = clock_mono_ns() - s->mono_base_ns;

	if (now > s->now_ns)
		advance(s, now - s->now_ns);
}

/*
 * Starts a transfer of `bytes` data bytes: decides its fault, then spends
 * its time. A timeout blocks for the adapter's timeout, as the kernel's
 * driver waits for a completion that never comes; otherwise the transfer
 * takes its wire time (real-time mode only). The wait happens outside the
 * lock, so a test may clear the fault meanwhile. Returns with the lock held:
 * 0 or the transfer's -errno.
 */
static int transfer_begin(struct regsim *s, size_t bytes)
{
	int64_t block_ns = 0;
	int rc;

	lock(s);
	rc = transfer_error(s);
	if (rc == -ETIMEDOUT)
		block_ns = s->timeout_ns;
	else if (s->realtime && s->ns_per_byte > 0)
		block_ns = (int64_t)(bytes + 3) * s->ns_per_byte;
	if (s->realtime) {
		if (block_ns > 0) {
			unlock(s);
			sleep_ns(block_ns);
			lock(s);
		}
		catch_up(s);
	} else if (block_ns > 0) {
		advance(s, block_ns);
	}
	return rc;
}

/* --- register access --- */

static uint8_t read_reg(struct regsim *s, uint8_t reg)
{
	uint8_t *r = s->regs;

	if (s->chip->fam == FAM_MPU) {
		switch (reg) {
		case M_INT_STATUS: {
			uint8_t v = s->overflow ? 0x10 : 0;

			s->overflow = false; /* cleared by reading (RM 4.16) */
			return v;
		}
		case M_COUNT_H: return (uint8_t)(s->level >> 8);
		case M_COUNT_L: return (uint8_t)s->level;
		case M_FIFO_RW: return fifo_pop(s);
		default: return r[reg];
		}
	}
	switch (reg) {
	case L_STATUS1:
		return (uint8_t)((s->chip->fam == FAM_LSMX ? s->level / 7 : s->level / 2) & 0xFF);
	case L_STATUS2: {
		size_t words = s->chip->fam == FAM_LSMX ? s->level / 7 : s->level / 2;

		return (uint8_t)((words >> 8) | (s->overflow ? 0x40 : 0) | (s->level == 0 ? 0x10 : 0));
	}
	case L_STATUS3: return (uint8_t)((s->words_popped % 6) & 0xFF);
	case L_STATUS4: return 0;
	default: return r[reg];
	}
}

static bool is_fifo_port(const struct regsim *s, uint8_t reg)
{
	if (s->chip->fam == FAM_MPU)
		return reg == M_FIFO_RW;
	if (s->chip->fam == FAM_LSM)
		return reg == L_DATA_L || reg == L_DATA_H;
	return reg >= X_TAG && reg <= X_TAG + 6;
}

static int sim_read(void *ctx, uint8_t reg, uint8_t *buf, size_t len)
{
	struct regsim *s = ctx;
	int rc;

	rc = transfer_begin(s, len);
	if (rc < 0) {
		unlock(s);
		return rc;
	}
	s->bytes_read += len;
	if (is_fifo_port(s, reg)) {
		/* FIFO output rolls back onto itself: every byte is the next
		 * FIFO byte (MPU RM 4.31; LSM6DS bursts from FIFO_DATA_OUT). */
		for (size_t i = 0; i < len; i++)
			buf[i] = fifo_pop(s);
		if (s->chip->fam == FAM_LSM)
			s->words_popped += len / 2;
		unlock(s);
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		buf[i] = read_reg(s, (uint8_t)((reg + i) % NREGS));
	unlock(s);
	return 0;
}

static void write_reg(struct regsim *s, uint8_t reg, uint8_t val)
{
	if (s->nwrites < LOG_KEEP) {
		s->log_reg[s->nwrites] = reg;
		s->log_val[s->nwrites] = val;
	}
	s->nwrites++;
	if (s->chip->fam == FAM_MPU) {
		if (reg == M_PWR1 && (val & 0x80)) {
			power_on(s);           /* DEVICE_RESET */
			return;
		}
		if (reg == M_USER && (val & 0x04)) {
			fifo_clear(s);         /* FIFO_RESET, self-clearing */
			val &= (uint8_t)~0x04;
		}
		if (reg == M_WHO || reg == M_COUNT_H || reg == M_COUNT_L || reg == M_INT_STATUS)
			return;                /* read-only */
		s->regs[reg] = val;
		return;
	}
	if (reg == L_CTRL3 && (val & 0x01)) {
		power_on(s);                   /* SW_RESET */
		return;
	}
	if (reg == L_WHO || (reg >= L_STATUS1 && reg <= L_STATUS4))
		return;
	if (reg == L_FIFO_MODE && (val & 7) == 0)
		fifo_clear(s);                 /* bypass mode empties the FIFO */
	s->regs[reg] = val;
}

static int sim_write(void *ctx, uint8_t reg, const uint8_t *buf, size_t len)
{
	struct regsim *s = ctx;
	int rc;

	rc = transfer_begin(s, len);
	if (rc == 0)
		for (size_t i = 0; i < len; i++)
			write_reg(s, (uint8_t)((reg + i) % NREGS), buf[i]);
	unlock(s);
	return rc;
}

static int sim_select(void *ctx, uint8_t addr)
{
	struct regsim *s = ctx;

	lock(s);
	s->selected = addr;
	unlock(s);
	return 0;
}

static void sim_sleep_us(void *ctx, unsigned us)
{
	struct regsim *s = ctx;

	bool realtime;

	lock(s);
	realtime = s->realtime;
	if (!realtime)
		advance(s, (int64_t)us * 1000);
	unlock(s);
	if (!realtime)
		return;
	sleep_ns((int64_t)us * 1000);
	lock(s);
	catch_up(s);
	unlock(s);
}

struct regbus regsim_bus(struct regsim *sim)
{
	return (struct regbus){
		.select = sim_select,
		.read = sim_read,
		.write = sim_write,
		.sleep_us = sim_sleep_us,
		.ctx = sim,
	};
}

/* --- several chips on one bus --- */

struct regsim_port {
	struct regsim *chips[REGSIM_PORT_MAX];
	int n;
	uint8_t selected;            /* this open's address (i2c-dev's I2C_SLAVE) */
};

struct regsim_port *regsim_port_new(struct regsim *const *devs, int n)
{
	struct regsim_port *p;

	if (n < 1 || n > REGSIM_PORT_MAX)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	memcpy(p->chips, devs, sizeof(struct regsim *) * (size_t)n);
	p->n = n;
	return p;
}

void regsim_port_free(struct regsim_port *port)
{
	free(port);
}

/* The chip at the port's address, selected on it for this transfer; NULL:
 * nobody there (NACK). One thread transfers on a bus at a time (the I/O
 * thread), as on the wire. */
static struct regsim *port_chip(struct regsim_port *p)
{
	for (int i = 0; i < p->n; i++) {
		if (p->chips[i]->addr == p->selected) {
			sim_select(p->chips[i], p->selected);
			return p->chips[i];
		}
	}
	return NULL;
}

static int port_select(void *ctx, uint8_t addr)
{
	struct regsim_port *p = ctx;

	p->selected = addr;
	return 0;
}

static int port_read(void *ctx, uint8_t reg, uint8_t *buf, size_t len)
{
	struct regsim *s = port_chip(ctx);

	return s ? sim_read(s, reg, buf, len) : -EREMOTEIO;
}

static int port_write(void *ctx, uint8_t reg, const uint8_t *buf, size_t len)
{
	struct regsim *s = port_chip(ctx);

	return s ? sim_write(s, reg, buf, len) : -EREMOTEIO;
}

static void port_sleep_us(void *ctx, unsigned us)
{
	struct regsim_port *p = ctx;
	bool realtime;

	lock(p->chips[0]);
	realtime = p->chips[0]->realtime;
	unlock(p->chips[0]);
	if (realtime)
		sleep_ns((int64_t)us * 1000);
	for (int i = 0; i < p->n; i++) {
		struct regsim *s = p->chips[i];

		lock(s);
		if (s->realtime)
			catch_up(s);
		else
			advance(s, (int64_t)us * 1000);
		unlock(s);
	}
}

struct regbus regsim_port_bus(struct regsim_port *port)
{
	return (struct regbus){
		.select = port_select,
		.read = port_read,
		.write = port_write,
		.sleep_us = port_sleep_us,
		.ctx = port,
	};
}

/* --- inspection --- */

uint8_t regsim_reg(const struct regsim *sim, uint8_t reg)
{
	uint8_t v;

	lock(sim);
	v = sim->regs[reg % NREGS];
	unlock(sim);
	return v;
}

static uint64_t read_u64(const struct regsim *sim, const uint64_t *field)
{
	uint64_t v;

	lock(sim);
	v = *field;
	unlock(sim);
	return v;
}

uint64_t regsim_samples_produced(const struct regsim *sim)
{
	return read_u64(sim, &sim->produced);
}

uint64_t regsim_samples_overwritten(const struct regsim *sim)
{
	return read_u64(sim, &sim->overwritten);
}

bool regsim_truth(const struct regsim *sim, uint64_t seq, double *t_s, double acc_g[3], double gyr_dps[3])
{
	const struct truth *tr;
	bool kept;

	lock(sim);
	kept = seq < sim->produced && sim->produced - seq <= TRUTH_KEEP;
	if (kept) {
		tr = &sim->truth[seq % TRUTH_KEEP];
		if (t_s)
			*t_s = tr->t_s;
		memcpy(acc_g, tr->acc, sizeof(tr->acc));
		memcpy(gyr_dps, tr->gyr, sizeof(tr->gyr));
	}
	unlock(sim);
	return kept;
}

size_t regsim_writes(const struct regsim *sim)
{
	size_t n;

	lock(sim);
	n = sim->nwrites;
	unlock(sim);
	return n;
}

bool regsim_write_at(const struct regsim *sim, size_t i, uint8_t *reg, uint8_t *val)
{
	bool kept;

	lock(sim);
	kept = i < sim->nwrites && i < LOG_KEEP;
	if (kept) {
		*reg = sim->log_reg[i];
		*val = sim->log_val[i];
	}
	unlock(sim);
	return kept;
}

size_t regsim_match_writes(const struct regsim *sim, const uint8_t (*expect)[2], size_t n)
{
	size_t at = 0;

	lock(sim);
	for (size_t i = 0; i < sim->nwrites && i < LOG_KEEP && at < n; i++)
		if (sim->log_reg[i] == expect[at][0] && sim->log_val[i] == expect[at][1])
			at++;
	unlock(sim);
	return at;
}

uint64_t regsim_transfers(const struct regsim *sim)
{
	return read_u64(sim, &sim->transfers);
}

uint64_t regsim_bytes_read(const struct regsim *sim)
{
	return read_u64(sim, &sim->bytes_read);
}
