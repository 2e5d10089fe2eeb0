/* SPDX-License-Identifier: MIT */
/*
 * board_sub — the clinic board's MQTT subscriber (payload.h's topics).
 *
 * A thread of its own receives, connects and reconnects (1 s to 10 s
 * back-off, a broker down at the start included) and calls back; every message is checked
 * (net_parse_*): a bad one is refused with one log line
 * "board: ignored TOPIC: reason" and goes no further. A session is kept in
 * the board's database (store/board_db.h, once per id), then acknowledged
 * on stretchrep/STATION/ack so the station drops it from its outbox; a
 * session the database could not keep is not acknowledged (the station
 * sends it again). The subscriber's client session is persistent
 * (clean_session false): sessions published while the board is away but
 * the broker stays up wait for it at the broker.
 *
 * on_msg runs on that thread: it must be quick and do its own locking.
 */
#ifndef STRETCHREP_NET_BOARD_SUB_H
#define STRETCHREP_NET_BOARD_SUB_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "net/payload.h"

struct board_db;

struct net_board_msg {
	enum net_topic_kind kind;        /* live, session or status */
	char station[CONFIG_STATION_MAX + 1];
	struct net_live live;            /* NET_TOPIC_LIVE */
	struct net_session session;      /* NET_TOPIC_SESSION */
	bool session_new;                /* ... first time this id was kept */
	bool online;                     /* NET_TOPIC_STATUS */
};

struct net_board;

/* Connects (in the background) and subscribes. cfg->broker must be set;
 * cfg->station, when set, names this board's client ("stretchrep-board-NAME").
 * db: where sessions are kept (the caller's; used from the thread only). */
int net_board_open(struct net_board **out, const struct config_network *cfg, struct board_db *db,
		   void (*on_msg)(void *ctx, const struct net_board_msg *m), void *ctx, char *why, size_t wlen);
void net_board_close(struct net_board *b);   /* NULL is fine */

/* Messages refused so far (malformed, oversized, foreign). */
unsigned long net_board_refused(struct net_board *b);
/* Connected to the broker now. */
bool net_board_connected(struct net_board *b);

#endif
