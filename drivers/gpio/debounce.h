/* SPDX-License-Identifier: MIT */
/*
 * debounce — one push button, as a pure state machine (no I/O, no clock:
 * time is an argument). Feed it the raw level at every edge the GPIO layer
 * reports and whenever debounce_deadline() comes due; it reports a short
 * press on release, and a long press once, while still held, when the hold
 * reaches long_ms (the release after a long press reports nothing).
 *
 * A level counts only after it has stayed put for settle_ms: contact bounce
 * (typically under 5-10 ms) never reaches the caller.
 */
#ifndef STRETCHREP_DEBOUNCE_H
#define STRETCHREP_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

struct debounce_settings {
	double settle_ms;  /* a level must hold this long to count */
	double long_ms;    /* held this long: a long press */
};
extern const struct debounce_settings debounce_default_settings; /* 20 ms, 800 ms */

enum button_event {
	BUTTON_NONE = 0,
	BUTTON_SHORT,      /* pressed and released before long_ms */
	BUTTON_LONG,       /* held for long_ms (reported while still held) */
};

struct debounce {
	struct debounce_settings set;
	bool raw;            /* last raw level seen: true = pressed */
	bool stable;         /* debounced level */
	bool long_sent;
	int64_t raw_since_ns;
	int64_t press_ns;    /* when the debounced press began */
};

void debounce_init(struct debounce *d, const struct debounce_settings *set);
/* Raw level pressed at now_ns (non-decreasing). Returns the event, if any. */
enum button_event debounce_update(struct debounce *d, bool pressed, int64_t now_ns);
/* When debounce_update() must be called again even without an edge (with
 * the same raw level); INT64_MAX when nothing is pending. */
int64_t debounce_deadline(const struct debounce *d);
static inline bool debounce_pressed(const struct debounce *d) { return d->stable; }

#endif
