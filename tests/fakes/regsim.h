/* SPDX-License-Identifier: MIT */
/*
 * regsim — a register-level simulator of the IMUs the drivers support, in the
 * spirit of the kernel's i2c-stub and regmap-ram (STYLE.md 3). It stands
 * behind the same struct regbus as the real bus.
 *
 * It models what the drivers rely on, from the datasheets: the register
 * file with its reset values, software reset, sleep/power-down, the output
 * rate and full scale decoded from the configuration registers, the FIFO
 * (MPU byte FIFO with FIFO_COUNT and overwrite-oldest; LSM6DS3/DSL word FIFO
 * with DIFF_FIFO, FIFO_PATTERN and OVER_RUN; LSM6DSOX tagged FIFO), a log of
 * register writes, and injected faults. Time is the simulator's own: it
 * moves only through regsim_advance_ns() and the bus's sleep_us().
 *
 * One simulated chip at one address per simulated bus; other addresses NACK.
 * Several chips on one bus (two sensors, one per leg): a regsim_port holds
 * the chips of one bus and, like an open of /dev/i2c-N, its own selected
 * address; two ports over the same chips are two opens of the same bus.
 * Faults are still each chip's (regsim_set_fault and the rest).
 *
 * Thread-safe: an I/O thread may transfer while a test injects faults or
 * reads the counters (one lock inside, never held across a wait).
 */
#ifndef STRETCHREP_REGSIM_H
#define STRETCHREP_REGSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bus/regbus.h"

enum regsim_chip {
	REGSIM_MPU6050, REGSIM_MPU6500, REGSIM_MPU9250,
	REGSIM_LSM6DS3, REGSIM_LSM6DSL, REGSIM_LSM6DSOX,
	REGSIM_N_CHIPS
};

enum regsim_fault {
	REGSIM_FAULT_NONE,
	REGSIM_FAULT_NACK,     /* -EREMOTEIO on transfers */
	REGSIM_FAULT_TIMEOUT,  /* -ETIMEDOUT on transfers, each after blocking for the
	                        * adapter's timeout (regsim_set_timeout_ns) */
	REGSIM_FAULT_EIO,      /* -EIO on transfers */
};

/* Physical truth at time t_s: what the chip measures (before quantisation). */
typedef void (*regsim_source_fn)(void *ctx, double t_s, double acc_g[3], double gyr_dps[3]);

struct regsim;

/* NULL when out of memory. addr: where the chip answers. */
struct regsim *regsim_new(enum regsim_chip chip, uint8_t addr);
void regsim_free(struct regsim *sim);
/* The bus; valid while sim lives. */
struct regbus regsim_bus(struct regsim *sim);
const char *regsim_chip_name(enum regsim_chip chip);

/* Replaces the built-in motion (a leg swinging at 0.5 Hz, rotating about
 * x). noise_lsb: uniform noise of +-noise_lsb counts added to every axis
 * (the built-in source uses 2: a live chip never repeats itself). */
void regsim_set_source(struct regsim *sim, regsim_source_fn fn, void *ctx, int noise_lsb);
/* The built-in source, for tests that want the same truth. */
void regsim_default_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3]);
/* A chip held still: ctx is a const struct regsim_still, read every sample
 * (tests tell two chips apart by their values). */
struct regsim_still {
	double acc_g[3], gyr_dps[3];
};
void regsim_still_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3]);

/* Lets time pass: the FIFO fills at the configured rate while running. */
void regsim_advance_ns(struct regsim *sim, int64_t dt_ns);
int64_t regsim_now_ns(const struct regsim *sim);

/* Real-time mode (threads, benchmarks): the simulator's clock follows
 * CLOCK_MONOTONIC, advanced at every transfer, and each transfer takes the
 * time the bytes would take on the wire: ns_per_byte per byte plus three
 * (address, register, turnaround); 0: instantaneous. 400 kHz I2C is about
 * 22500 ns a byte (9 bit times). sleep_us() really sleeps. */
void regsim_set_realtime(struct regsim *sim, long ns_per_byte);

/* The next `count` transfers fail with fault (count 0: until cleared with
 * REGSIM_FAULT_NONE). select() itself never fails (i2c-dev's I2C_SLAVE
 * only records the address). */
void regsim_set_fault(struct regsim *sim, enum regsim_fault fault, unsigned count);
/* A timeout fault blocks each transfer this long before it fails, as the
 * kernel's adapter timeout does: 1 s by default (Linux sets an adapter's
 * timeout to HZ unless its driver or I2C_TIMEOUT says otherwise). In
 * simulated time the clock moves on by it; in real time the caller really
 * waits. 0: fails at once. */
#define REGSIM_DEFAULT_TIMEOUT_NS 1000000000LL
void regsim_set_timeout_ns(struct regsim *sim, int64_t ns);
int64_t regsim_timeout_ns(const struct regsim *sim);
/* Stuck: the chip keeps producing the same raw sample bit for bit. */
void regsim_set_stuck(struct regsim *sim, bool stuck);
/* Brown-out: every register back to its power-on value (asleep), FIFO
 * emptied; the bus keeps working. */
void regsim_brownout(struct regsim *sim);
/* Unplugged: every transfer NACKs. Plugging back in powers the chip up
 * from its reset values, like a brown-out. */
void regsim_set_plugged(struct regsim *sim, bool plugged);

/* A handle on a bus holding devs[0..n-1] (at their own addresses; n at
 * most REGSIM_PORT_MAX): transfers go to the chip at the port's selected
 * address, others NACK. The chips must outlive the port; NULL when out of
 * memory or n is out of range. sleep_us: time passes for every chip (in
 * real time, one real sleep). */
#define REGSIM_PORT_MAX 4
struct regsim_port;
struct regsim_port *regsim_port_new(struct regsim *const *devs, int n);
void regsim_port_free(struct regsim_port *port);
struct regbus regsim_port_bus(struct regsim_port *port);

/* Inspection. */
uint8_t regsim_reg(const struct regsim *sim, uint8_t reg);
/* Output rate the configuration registers select, 0 when not sampling into
 * the FIFO (asleep, powered down, FIFO off). */
double regsim_odr_hz(const struct regsim *sim);
double regsim_acc_lsb_per_g(const struct regsim *sim);
double regsim_gyr_lsb_per_dps(const struct regsim *sim);
size_t regsim_fifo_bytes(const struct regsim *sim);
/* Samples written into the FIFO since the simulator started, and how many
 * of those were overwritten before being read. */
uint64_t regsim_samples_produced(const struct regsim *sim);
uint64_t regsim_samples_overwritten(const struct regsim *sim);
/* Truth of sample number seq (0-based since start): time and values before
 * quantisation; false if it is too old to be kept (last 16384 kept). */
bool regsim_truth(const struct regsim *sim, uint64_t seq, double *t_s, double acc_g[3], double gyr_dps[3]);
/* Write log: number of register writes, and the i-th one (oldest first;
 * the first 4096 are kept). */
size_t regsim_writes(const struct regsim *sim);
bool regsim_write_at(const struct regsim *sim, size_t i, uint8_t *reg, uint8_t *val);
/* How many of the n expected writes {reg, val} appear in the log in that
 * order (other writes may come between): n when all of them did. */
size_t regsim_match_writes(const struct regsim *sim, const uint8_t (*expect)[2], size_t n);
/* Transfers and bytes read so far. */
uint64_t regsim_transfers(const struct regsim *sim);
uint64_t regsim_bytes_read(const struct regsim *sim);

#endif
