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

#endif
