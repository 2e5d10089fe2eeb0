/* SPDX-License-Identifier: MIT */
/*
 * app/net/ — the clinic's LAN: the station's MQTT publisher thread
 * (station.h), the board's subscriber (board_sub.h), the topics and the
 * messages (this header), on libmosquitto and cJSON. May include: core/,
 * store/ (the outbox, the board's record), app/'s shared modules (config.h).
 * Never ui/, kiosk/, cmd/, source/ or the drivers; only net/ includes
 * mosquitto.h (tests/test_layers.sh).
 *
 * payload — what goes over MQTT, built and checked in one place.
 *
 * Topics (STATION: config_station_ok, so no '/', '+' or '#' can get in):
 *   stretchrep/STATION/live     retained, a few Hz: the live state (JSON)
 *   stretchrep/STATION/session  QoS 1: one finished session (JSON, unique "id")
 *   stretchrep/STATION/status   retained: "online", or the last will "offline"
 *   stretchrep/STATION/ack      QoS 1, from the board: the id of a session it keeps
 * A station resends each session until it sees the ack (store/outbox.h);
 * the board keeps a session once per id (store/board_db.h).
 *
 * The board trusts nothing it receives: a message longer than
 * NET_MAX_PAYLOAD, not a JSON object, with a field of the wrong type or out
 * of range, or naming another station than its topic is refused with the
 * reason (net_parse_*: 0 or -EINVAL/-EMSGSIZE, why filled).
 */
#ifndef STRETCHREP_NET_PAYLOAD_H
#define STRETCHREP_NET_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "core/session.h"

#define NET_MAX_PAYLOAD 4096      /* longer messages are refused unread */
#define NET_PATIENT_MAX 16        /* initials or id shown on the board, with its NUL */
#define NET_MSG_ID_MAX 80         /* "STATION-" + 32 hex digits, with its NUL */
#define NET_TOPIC_MAX 96

enum net_topic_kind {
	NET_TOPIC_LIVE = 0,
	NET_TOPIC_SESSION,
	NET_TOPIC_STATUS,
	NET_TOPIC_ACK,
	NET_TOPIC_N
};

/* The live state of one station. */
struct net_live {
	char state[16];              /* session_state_name(), or "idle" */
	char patient[NET_PATIENT_MAX];  /* "" when none */
	int reps;
	double angle_deg;
	double hold_s;
	int alert;                   /* enum motion_alert: 0 none, 1 pre-warning, 2 warning */
	double work_s;
};

/* A finished session as sent. */
struct net_session {
	char id[NET_MSG_ID_MAX];
	char patient[NET_PATIENT_MAX];
	int64_t ended_at;            /* Unix seconds */
	struct session_summary sum;  /* gyro left zero */
};

/* "stretchrep/STATION/live" etc. into buf; -EINVAL for a bad station. */
int net_topic(char *buf, size_t n, const char *station, enum net_topic_kind kind);
/* Splits a received topic: the station and the kind. -EINVAL when it is
 * not one of ours or the station name is not valid. */
int net_topic_parse(const char *topic, char station[CONFIG_STATION_MAX + 1], enum net_topic_kind *kind);

/* A new unique message id: "STATION-" and 32 hex digits from getrandom. */
int net_msg_id_new(char id[NET_MSG_ID_MAX], const char *station);

/* JSON texts, malloc'd (free them), NULL when out of memory. */
char *net_live_json(const struct net_live *l, const char *station);
char *net_session_json(const struct net_session *s, const char *station);

/* Parse and check a received message (len bytes, not NUL-terminated).
 * station: the topic's, which the payload must repeat. */
int net_parse_live(const void *buf, size_t len, const char *station, struct net_live *out, char *why,
		   size_t wlen);
int net_parse_session(const void *buf, size_t len, const char *station, struct net_session *out, char *why,
		      size_t wlen);

#endif
