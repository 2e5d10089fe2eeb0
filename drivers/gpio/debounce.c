// SPDX-License-Identifier: MIT
/* Push-button debouncing (see debounce.h). */
#include "gpio/debounce.h"

const struct debounce_settings debounce_default_settings = {
	.settle_ms = 20,
	.long_ms = 800,
};

static int64_t ms_to_ns(double ms)
{
	return (int64_t)(ms * 1e6);
}

void debounce_init(struct debounce *d, const struct debounce_settings *set)
{
	*d = (struct debounce){ .set = set ? *set : debounce_default_settings };
}

enum button_event debounce_update(struct debounce *d, bool pressed, int64_t now_ns)
{
	if (pressed != d->raw) {
		d->raw = pressed;
		d->raw_since_ns = now_ns;
	}
	if (d->raw != d->stable && now_ns - d->raw_since_ns >= ms_to_ns(d->set.settle_ms)) {
		d->stable = d->raw;
		if (d->stable) {
			d->press_ns = d->raw_since_ns;
			d->long_sent = false;
		} else if (!d->long_sent) {
			return BUTTON_SHORT;
		}
	}
	if (d->stable && !d->long_sent && now_ns - d->press_ns >= ms_to_ns(d->set.long_ms)) {
		d->long_sent = true;
		return BUTTON_LONG;
	}
	return BUTTON_NONE;
}

int64_t debounce_deadline(const struct debounce *d)
{
	if (d->raw != d->stable)
		return d->raw_since_ns + ms_to_ns(d->set.settle_ms);
	if (d->stable && !d->long_sent)
		return d->press_ns + ms_to_ns(d->set.long_ms);
	return INT64_MAX;
}
