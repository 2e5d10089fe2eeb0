/* SPDX-License-Identifier: MIT */
/*
 * event_json — the motion events (core/motion.h) as JSON, the one encoder
 * of them (app/'s shared modules, see config.h): `stretchrep analyze` writes
 * its rep_events, holds and warning_events with it (DESIGN.md's contract),
 * the kiosk's --headless lines with it, so the same event prints the same
 * JSON wherever it is printed.
 *
 * The plain object of an event is analyze's:
 *   rep        {"t_s": 4.10, "peak_deg": 34.2, "dwell_s": 0.80, "duration_s": 1.20}
 *   hold_end   {"start_s": 30.10, "duration_s": 14.00, "angle_deg": 31.5, "warned": true}
 *   warn       {"t_s": 40.10}
 *   prewarn    {"t_s": 36.10}
 *   calibrated {"t_s": 1.02}
 *   hold_start {"t_s": 31.60, "start_s": 30.10, "angle_deg": 31.5}
 * The tagged object (a line of the kiosk's event stream) is the same with
 * the event's name and what a stream reader needs besides in front:
 *   {"event": "rep", "n": 3, <the plain object's members>}
 *   {"event": "warn", "hold_s": 10.00, <...>}     (prewarn alike)
 *   {"event": "hold_end", "t_s": 44.10, <...>}
 *   {"event": "calibrated", <...>}, {"event": "hold_start", <...>}
 * Times in s to 2 decimals, angles in degrees to 1.
 */
#ifndef STRETCHREP_EVENT_JSON_H
#define STRETCHREP_EVENT_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include "core/motion.h"

/* Writes e as one JSON object, without a newline: tagged (with "event" and
 * the stream's members, see above) or plain. hold_s is the hold time at
 * the event, for the tagged warn and prewarn. 0, or -EIO when f failed. */
int event_json_write(FILE *f, const struct motion_event *e, double hold_s, bool tagged);

/* A hold as analyze's "holds" list has it (a hold_end's plain object; also
 * a hold still running at the end of a trace). 0 or -EIO. */
int event_json_hold(FILE *f, const struct motion_hold *h);

#endif
