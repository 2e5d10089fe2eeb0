// SPDX-License-Identifier: MIT
/* mqtt_conn — a libmosquitto client set up from [network] (mqtt_conn.h). */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <mosquitto.h>
#include "clock.h"
#include "net/mqtt_conn.h"

#define MQTT_BACKOFF_MIN_S 1.0
#define MQTT_BACKOFF_MAX_S 10.0
#define MQTT_KEEPALIVE_S 10

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_init(void)
{
	mosquitto_lib_init();
}

void mqtt_conn_lib_init(void)
{
	pthread_once(&lib_once, lib_init);
}

static void chomp(char *s)
{
	s[strcspn(s, "\r\n")] = '\0';
}

int mqtt_conn_read_credentials(const char *path, char *user, size_t ulen, char *pass, size_t plen)
{
	FILE *f = fopen(path, "re");
	int rc = 0;

	if (!f)
		return -errno;
	if (!fgets(user, (int)ulen, f) || !fgets(pass, (int)plen, f))
		rc = -EINVAL;
	fclose(f);
	if (rc) {
		explicit_bzero(pass, plen);
		return rc;
	}
	chomp(user);
	chomp(pass);
	return user[0] ? 0 : -EINVAL;
}

int mqtt_conn_new(struct mosquitto **out, struct mqtt_target *t, const struct config_network *cfg,
		  const char *client_id, bool clean_session, void *userdata, char *why, size_t wlen)
{
	struct mosquitto *m;
	int rc;

	*out = NULL;
	if (config_broker_parse(cfg->broker, t->host, sizeof(t->host), &t->port, &t->tls)) {
		snprintf(why, wlen, "broker '%s' is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT]", cfg->broker);
		return -EINVAL;
	}
	mqtt_conn_lib_init();
	m = mosquitto_new(client_id, clean_session, userdata);
	if (!m) {
		snprintf(why, wlen, "mosquitto_new: %s", strerror(errno));
		return -ENOMEM;
	}
	mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
	if (cfg->credentials[0]) {
		char user[128], pass[256];

		rc = mqtt_conn_read_credentials(cfg->credentials, user, sizeof(user), pass, sizeof(pass));
		if (rc) {
			snprintf(why, wlen, "credentials %s: %s", cfg->credentials,
				 rc == -EINVAL ? "want the user on line 1 and the password on line 2" : strerror(-rc));
			goto out_destroy;
		}
		rc = mosquitto_username_pw_set(m, user, pass);
		explicit_bzero(pass, sizeof(pass));
		if (rc != MOSQ_ERR_SUCCESS) {
			snprintf(why, wlen, "credentials: %s", mosquitto_strerror(rc));
			rc = -EINVAL;
			goto out_destroy;
		}
	}
	if (t->tls) {
		/* the broker's certificate is verified (chain and host name):
		 * against [network] ca, else the system's CAs */
		rc = mosquitto_tls_set(m, cfg->ca[0] ? cfg->ca : NULL, cfg->ca[0] ? NULL : "/etc/ssl/certs", NULL, NULL,
				       NULL);
		if (rc == MOSQ_ERR_SUCCESS)
			rc = mosquitto_tls_opts_set(m, 1, NULL, NULL);
		if (rc != MOSQ_ERR_SUCCESS) {
			snprintf(why, wlen, "TLS (ca %s): %s", cfg->ca[0] ? cfg->ca : "/etc/ssl/certs",
				 mosquitto_strerror(rc));
			rc = -EINVAL;
			goto out_destroy;
		}
	}
	*out = m;
	return 0;

out_destroy:
	mosquitto_destroy(m);
	return rc;
}

static void loop_failed(struct mqtt_loop *L, const struct mqtt_target *t, int rc, const char *who,
			bool (*stop)(void *ctx), void (*idle)(void *ctx), void *ctx)
{
	double end;

	if (rc != L->last_err) {
		L->last_err = rc;
		fprintf(stderr, "%s: %s:%d: %s: trying again\n", who, t->host, t->port,
			rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
	}
	if (L->backoff_s < MQTT_BACKOFF_MIN_S)
		L->backoff_s = MQTT_BACKOFF_MIN_S;
	end = clock_mono_s() + L->backoff_s;
	while (!stop(ctx) && clock_mono_s() < end) {
		struct timespec ts = { 0, 50 * 1000000L };

		if (idle)
			idle(ctx);
		nanosleep(&ts, NULL);
	}
	L->backoff_s = L->backoff_s * 2 > MQTT_BACKOFF_MAX_S ? MQTT_BACKOFF_MAX_S : L->backoff_s * 2;
}

bool mqtt_loop_turn(struct mqtt_loop *L, struct mosquitto *m, const struct mqtt_target *t, bool connected,
		    int timeout_ms, const char *who, bool (*stop)(void *ctx), void (*idle)(void *ctx), void *ctx)
{
	int rc;

	if (!L->sock_up) {
		rc = L->ever ? mosquitto_reconnect(m) : mosquitto_connect(m, t->host, t->port, MQTT_KEEPALIVE_S);
		if (rc != MOSQ_ERR_SUCCESS) {
			loop_failed(L, t, rc, who, stop, idle, ctx);
			return false;
		}
		L->ever = true;
		L->sock_up = true;
	}
	rc = mosquitto_loop(m, timeout_ms, 1);
	if (rc != MOSQ_ERR_SUCCESS) {
		L->sock_up = false;
		if (!connected)   /* the TLS handshake or the CONNACK failed: wait */
			loop_failed(L, t, rc, who, stop, idle, ctx);
		return false;
	}
	if (connected) {
		L->backoff_s = MQTT_BACKOFF_MIN_S;
		L->last_err = 0;
	}
	return true;
}
