/* SPDX-License-Identifier: MIT */
/*
 * mqtt_conn — what the station and the board set up alike on a libmosquitto
 * client from [network]: the broker's address, the credentials (read from
 * the file; never on a command line, never logged), TLS verified against
 * [network] ca (or the system's CAs) for mqtts://, and the library's
 * one-time initialisation.
 */
#ifndef STRETCHREP_NET_MQTT_CONN_H
#define STRETCHREP_NET_MQTT_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"

struct mosquitto;

struct mqtt_target {
	char host[CONFIG_STR_LEN];
	int port;
	bool tls;
};

/* mosquitto_lib_init, once per process (thread-safe). */
void mqtt_conn_lib_init(void);

/* A new client with id client_id, configured from cfg (credentials, TLS,
 * protocol MQTT 3.1.1) into *out and where to connect into *t. 0, or
 * -errno with the reason in why (which never holds a password). */
int mqtt_conn_new(struct mosquitto **out, struct mqtt_target *t, const struct config_network *cfg,
		  const char *client_id, bool clean_session, void *userdata, char *why, size_t wlen);

/* Reads a credentials file: the user name on the first line, the password
 * on the second (trailing newline and CR dropped). 0 or -errno. */
int mqtt_conn_read_credentials(const char *path, char *user, size_t ulen, char *pass, size_t plen);

/* A client's own loop, run by its owner's thread (the station's, the
 * board's): connects, reconnects with a back-off (1 s doubling to 10 s) on
 * any failure before the CONNACK (refused, TLS, bad credentials) or after a
 * lost connection, says each new failure once on stderr ("who: HOST:PORT:
 * reason"), and never gives up while its owner runs. */
struct mqtt_loop {
	bool ever;                   /* connected once: reconnect from now on */
	bool sock_up;
	double backoff_s;
	int last_err;                /* the last failure said (MOSQ_ERR_*), 0 none */
};

/* One turn: (re)connect when needed, then mosquitto_loop for up to
 * timeout_ms. connected: the owner's "CONNACK accepted" (its on_connect).
 * While backing off, idle(ctx) is called every 50 ms (may be NULL) and
 * stop(ctx) ends the wait early. True when the loop ran on a live
 * connection; false after a failure or a back-off (the owner's connection,
 * if it had one, is gone). */
bool mqtt_loop_turn(struct mqtt_loop *L, struct mosquitto *m, const struct mqtt_target *t, bool connected,
		    int timeout_ms, const char *who, bool (*stop)(void *ctx), void (*idle)(void *ctx), void *ctx);

#endif
