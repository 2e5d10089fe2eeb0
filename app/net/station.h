/* SPDX-License-Identifier: MIT */
/*
 * station — a kiosk publishing to the clinic board (payload.h's topics),
 * from its own thread: nothing here ever blocks the caller (the kiosk's
 * main thread) on the network or on storage.
 *
 * The caller hands over:
 *  - the live state, as often as it likes (net_station_live): a latest-value
 *    slot under a mutex, a copy of a small struct; the thread publishes it
 *    retained at NET_LIVE_HZ (and at once on a change of state or alert);
 *  - each finished session (net_station_session): built into its JSON with a
 *    new unique id here, then queued in memory for the thread, which writes
 *    it to the outbox (store/outbox.h) and publishes it at QoS 1. It stays
 *    in the outbox until the board acknowledges its id, resent every
 *    NET_RESEND_S while connected and unacknowledged, and after a restart.
 * The thread connects, reconnects with a back-off (1 s to 10 s), keeps
 * stretchrep/STATION/status "online" (retained; the last will "offline"),
 * and on net_station_close writes what is still in memory to the outbox,
 * waits up to NET_CLOSE_LINGER_S for the board to acknowledge what is
 * queued, publishes "offline" and disconnects.
 */
#ifndef STRETCHREP_NET_STATION_H
#define STRETCHREP_NET_STATION_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "core/session.h"
#include "net/payload.h"

#define NET_LIVE_HZ 5.0
#define NET_RESEND_S 5.0
#define NET_CLOSE_LINGER_S 3.0

struct net_station;

/* Starts the thread. cfg->broker and cfg->station must be set (and valid);
 * history_path: the history database holding the outbox (history_open has
 * run on it). 0, or -errno with the reason in why. */
int net_station_open(struct net_station **out, const struct config_network *cfg, const char *history_path,
		     char *why, size_t wlen);
void net_station_close(struct net_station *st);   /* NULL is fine */

/* The latest live state (any thread; copies). */
void net_station_live(struct net_station *st, const struct net_live *l);
/* Queues a finished session for the board; its id into id_out when not
 * NULL. 0 or -ENOMEM. */
int net_station_session(struct net_station *st, const struct session *s, int64_t ended_at, const char *patient,
			char id_out[NET_MSG_ID_MAX]);

/* What the thread has done, for the log and the tests. */
struct net_station_stats {
	bool connected;
	unsigned long connects;      /* successful connections */
	unsigned long live_sent;
	unsigned long sessions_sent; /* publishes, resends included */
	unsigned long acks;          /* sessions the board acknowledged */
};
void net_station_get_stats(struct net_station *st, struct net_station_stats *out);

#endif
