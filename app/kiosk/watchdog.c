// SPDX-License-Identifier: MIT
#include <string.h>
#include "kiosk/watchdog.h"

void watchdog_gate_init(struct watchdog_gate *g, double period_s)
{
	memset(g, 0, sizeof(*g));
	g->period_s = period_s;
}

bool watchdog_gate_frame(struct watchdog_gate *g, double now_s, bool have_io, uint64_t io_turns)
{
	if (g->period_s <= 0)
		return false;
	if (g->pinged && now_s - g->last_ping_s < g->period_s / 2)
		return false;
	/* the first ping vouches for a thread that just started; later ones
	 * need it to have turned since */
	if (have_io && g->pinged && io_turns == g->last_turns)
		return false;
	g->pinged = true;
	g->last_ping_s = now_s;
	g->last_turns = io_turns;
	return true;
}
