/* SPDX-License-Identifier: MIT */
/*
 * tests/soak/ — libsoak.so, preloaded (LD_PRELOAD) into the unmodified
 * build/stretchrep for `make soak-run`: a station's day in minutes.
 *
 *   timewarp.c  every clock and wait of the process scaled by SOAK_SPEED
 *   station.c   the I2C bus: ioctl()s on the file named by SOAK_BUS answered
 *               by the register simulator (tests/fakes/regsim.h) as the
 *               kernel's i2c-dev would (I2C_SLAVE, I2C_TIMEOUT, I2C_FUNCS,
 *               I2C_SMBUS, I2C_RDWR), the chip fed by the virtual patient
 *               (core/sim.h, the demo mix, endless), and a fault every
 *               SOAK_FAULT_EVERY_S in turn, each logged to SOAK_LOG
 *
 * So the program's own i2cdev.c, libi2c, driver, I/O thread, kiosk loop
 * and SQLite history run as on a Pi; only the chip and the clock are
 * simulated. Never linked into the program or the tests.
 *
 * Environment: SOAK_PROGRAM (the program it acts in, default stretchrep:
 * any other process it is loaded into runs as usual), SOAK_SPEED (default
 * 1), SOAK_BUS (no bus without it),
 * SOAK_CHIP (regsim_chip_name: MPU-6050 by default), SOAK_FAULT_EVERY_S
 * (scaled seconds; default 180, 0: no faults), SOAK_LOG (default stderr).
 */
#ifndef STRETCHREP_SOAK_H
#define STRETCHREP_SOAK_H

/* Scaled time from now on: factor times faster than the machine. */
void timewarp_init(double factor);
double timewarp_speed(void);

#endif
