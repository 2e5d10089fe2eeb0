/* SPDX-License-Identifier: MIT */
/*
 * kiosk_net — the kiosk's side of the clinic board (net/station.h): the
 * live state taken from the view model.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_NET_H
#define STRETCHREP_KIOSK_KIOSK_NET_H

#include "net/payload.h"
#include "ui/view.h"

/* The live state the board shows, from one frame's view: the state
 * ("idle" on the start screen, "calibrating", "working", "paused",
 * "done"), reps, angle, hold seconds (0 when not holding), alert, work. */
void kiosk_net_live(const struct ui_view *v, struct net_live *out);

#endif
