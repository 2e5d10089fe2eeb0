// SPDX-License-Identifier: MIT
/*
 * test_net — the board's messages and records without a broker: station
 * names (no topic injection), topics, the session and live JSON read back
 * by the board's checks, malformed and oversized messages refused, the
 * board's database keeping a session once per id, the station's outbox in
 * a migrated history database, and the board model's offline rule.
 * (tests/test_board_mqtt.sh runs all of it against a real mosquitto.)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "board/board.h"
#include "config.h"
#include "net/payload.h"
#include "store/board_db.h"
#include "store/history.h"
#include "store/outbox.h"
#include "testutil.h"

static void station_names(void **state)
{
	(void)state;
	assert_true(config_station_ok("mat-1"));
	assert_true(config_station_ok("A_z09"));
	assert_true(config_station_ok("abcdefghijklmnopqrstuvwxyz012345"));     /* 32 */
	assert_false(config_station_ok("abcdefghijklmnopqrstuvwxyz0123456"));   /* 33 */
	assert_false(config_station_ok(""));
	assert_false(config_station_ok("a/b"));
	assert_false(config_station_ok("a+"));
	assert_false(config_station_ok("#"));
	assert_false(config_station_ok("a b"));
	assert_false(config_station_ok("caf\xc3\xa9"));
}

static void broker_urls(void **state)
{
	char host[64];
	int port;
	bool tls;

	(void)state;
	assert_int_equal(config_broker_parse("mqtt://10.0.0.5", host, sizeof(host), &port, &tls), 0);
	assert_string_equal(host, "10.0.0.5");
	assert_int_equal(port, 1883);
	assert_false(tls);
	assert_int_equal(config_broker_parse("mqtts://board.local:8884", host, sizeof(host), &port, &tls), 0);
	assert_string_equal(host, "board.local");
	assert_int_equal(port, 8884);
	assert_true(tls);
	assert_int_equal(config_broker_parse("mqtts://board.local", host, sizeof(host), &port, &tls), 0);
	assert_int_equal(port, 8883);
	assert_int_equal(config_broker_parse("http://x", host, sizeof(host), &port, &tls), -EINVAL);
	assert_int_equal(config_broker_parse("mqtt://", host, sizeof(host), &port, &tls), -EINVAL);
	assert_int_equal(config_broker_parse("mqtt://x:0", host, sizeof(host), &port, &tls), -EINVAL);
	assert_int_equal(config_broker_parse("mqtt://x:65536", host, sizeof(host), &port, &tls), -EINVAL);
	assert_int_equal(config_broker_parse("mqtt://x:12a", host, sizeof(host), &port, &tls), -EINVAL);
	assert_int_equal(config_broker_parse("mqtt://us er@x", host, sizeof(host), &port, &tls), -EINVAL);
}

static void network_settings(void **state)
{
	struct config cfg;

	(void)state;
	config_defaults(&cfg);
	assert_string_equal(cfg.network.broker, "");   /* off by default */
	assert_int_equal(config_load_string(&cfg,
					    "[network]\nbroker = mqtt://127.0.0.1:1883\nstation = mat-2\n"
					    "credentials = /etc/stretchrep/mqtt.cred\n",
					    "t.conf"),
			 0);
	assert_int_equal(cfg.n_problems, 0);
	assert_string_equal(cfg.network.station, "mat-2");
	assert_int_equal(config_load_string(&cfg, "[network]\nstation = a/#\nbroker = ftp://x\nca = rel.pem\n", "t.conf"),
			 0);
	assert_int_equal(cfg.n_problems, 3);
	assert_string_equal(cfg.network.station, "");
	assert_string_equal(cfg.network.broker, "");
}

static void topics(void **state)
{
	char t[NET_TOPIC_MAX], st[CONFIG_STATION_MAX + 1];
	enum net_topic_kind k;

	(void)state;
	assert_int_equal(net_topic(t, sizeof(t), "mat-1", NET_TOPIC_SESSION), 0);
	assert_string_equal(t, "stretchrep/mat-1/session");
	assert_int_equal(net_topic(t, sizeof(t), "a/b", NET_TOPIC_LIVE), -EINVAL);
	assert_int_equal(net_topic_parse("stretchrep/mat-1/live", st, &k), 0);
	assert_string_equal(st, "mat-1");
	assert_int_equal(k, NET_TOPIC_LIVE);
	assert_int_equal(net_topic_parse("stretchrep/mat-1/live/x", st, &k), -EINVAL);
	assert_int_equal(net_topic_parse("stretchrep/ma.t/live", st, &k), -EINVAL);
	assert_int_equal(net_topic_parse("other/mat-1/live", st, &k), -EINVAL);
	assert_int_equal(net_topic_parse("stretchrep//live", st, &k), -EINVAL);
}

static void ids_are_unique(void **state)
{
	char a[NET_MSG_ID_MAX], b[NET_MSG_ID_MAX];

	(void)state;
	assert_int_equal(net_msg_id_new(a, "mat-1"), 0);
	assert_int_equal(net_msg_id_new(b, "mat-1"), 0);
	assert_int_equal(strlen(a), strlen("mat-1-") + 32);
	assert_memory_equal(a, "mat-1-", 6);
	assert_string_not_equal(a, b);
}

static void session_round_trip(void **state)
{
	struct net_session s, r;
	char why[128];
	char *json;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(net_msg_id_new(s.id, "mat-3"), 0);
	strcpy(s.patient, "AB");
	s.ended_at = 1796000000;
	s.sum.reps = 17;
	s.sum.work_s = 93.44;
	s.sum.best_peak_deg = 41.26;
	s.sum.warnings = 2;
	json = net_session_json(&s, "mat-3");
	assert_non_null(json);
	assert_int_equal(net_parse_session(json, strlen(json), "mat-3", &r, why, sizeof(why)), 0);
	assert_string_equal(r.id, s.id);
	assert_string_equal(r.patient, "AB");
	assert_int_equal(r.ended_at, 1796000000);
	assert_int_equal(r.sum.reps, 17);
	assert_near(r.sum.work_s, 93.4, 1e-9);      /* tenths on the wire */
	assert_near(r.sum.best_peak_deg, 41.3, 1e-9);
	assert_int_equal(r.sum.warnings, 2);
	/* the topic says another station: refused */
	assert_int_equal(net_parse_session(json, strlen(json), "mat-4", &r, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "topic"));
	/* cut short anywhere: refused, never half read */
	for (size_t n = 0; n < strlen(json); n++)
		assert_int_equal(net_parse_session(json, n, "mat-3", &r, why, sizeof(why)), -EINVAL);
	free(json);
}

static void malformed_refused(void **state)
{
	static const char *const bad[] = {
		"[]", "null", "{}", "{\"station\":\"m\"}",
		"{\"station\":\"m\",\"state\":\"working\",\"patient\":\"\",\"reps\":1.5,\"angle_deg\":1,"
		"\"hold_s\":0,\"alert\":0,\"work_s\":0}",
		"{\"station\":\"m\",\"state\":\"working\",\"patient\":\"\",\"reps\":1,\"angle_deg\":1e999,"
		"\"hold_s\":0,\"alert\":0,\"work_s\":0}",
		"{\"station\":\"m\",\"state\":\"working\",\"patient\":\"\",\"reps\":1,\"angle_deg\":1,"
		"\"hold_s\":0,\"alert\":7,\"work_s\":0}",
		"{\"station\":\"m\",\"state\":\"w\\u0007\",\"patient\":\"\",\"reps\":1,\"angle_deg\":1,"
		"\"hold_s\":0,\"alert\":0,\"work_s\":0}",
		"{\"station\":\"m\",\"state\":\"working\",\"patient\":\"a very long patient name\",\"reps\":1,"
		"\"angle_deg\":1,\"hold_s\":0,\"alert\":0,\"work_s\":0}",
	};
	static const char good[] = "{\"station\":\"m\",\"state\":\"working\",\"patient\":\"JS\",\"reps\":3,"
				   "\"angle_deg\":-4.5,\"hold_s\":2,\"alert\":1,\"work_s\":10}";
	struct net_live l;
	char why[128], *big;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(net_parse_live(bad[i], strlen(bad[i]), "m", &l, why, sizeof(why)), -EINVAL);
	assert_int_equal(net_parse_live(good, strlen(good), "m", &l, why, sizeof(why)), 0);
	assert_int_equal(l.reps, 3);
	assert_int_equal(l.alert, 1);
	assert_string_equal(l.patient, "JS");
	big = calloc(1, NET_MAX_PAYLOAD + 2);
	assert_non_null(big);
	memcpy(big, good, sizeof(good) - 1);
	memset(big + sizeof(good) - 1, ' ', NET_MAX_PAYLOAD + 1 - (sizeof(good) - 1));
	assert_int_equal(net_parse_live(big, NET_MAX_PAYLOAD + 1, "m", &l, why, sizeof(why)), -EMSGSIZE);
	assert_int_equal(net_parse_live(big, NET_MAX_PAYLOAD, "m", &l, why, sizeof(why)), 0);
	free(big);
}

static void tmp_path(char *buf, size_t n, const char *name)
{
	const char *dir = getenv("TMPDIR");

	snprintf(buf, n, "%s/stretchrep-test-net-%d-%s", dir && *dir ? dir : "/tmp", (int)getpid(), name);
}

static void remove_db(const char *path)
{
	char p[512];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void board_db_keeps_once(void **state)
{
	struct board_db *db;
	char path[400];

	(void)state;
	tmp_path(path, sizeof(path), "board.sqlite3");
	remove_db(path);
	assert_int_equal(board_db_open(&db, path), 0);
	assert_int_equal(board_db_add(db, "m-1", "m", "{}", 1), 1);
	assert_int_equal(board_db_add(db, "m-1", "m", "{}", 2), 0);   /* a second delivery */
	assert_int_equal(board_db_add(db, "m-2", "m", "{}", 3), 1);
	assert_int_equal(board_db_count(db), 2);
	board_db_close(db);
	/* reopened: still two (on disk, the same rule) */
	assert_int_equal(board_db_open(&db, path), 0);
	assert_int_equal(board_db_add(db, "m-2", "m", "{}", 4), 0);
	assert_int_equal(board_db_count(db), 2);
	board_db_close(db);
	remove_db(path);
}

static int collect(void *ctx, const char *id, const char *payload)
{
	char *out = ctx;

	(void)payload;
	strcat(out, id);
	strcat(out, ";");
	return 0;
}

static void outbox_in_history(void **state)
{
	struct history *h;
	struct outbox *o, *o2;
	char path[400], ids[256] = "";

	(void)state;
	tmp_path(path, sizeof(path), "history.sqlite3");
	remove_db(path);
	/* no history yet: no outbox table */
	assert_int_equal(outbox_open(&o, "/nonexistent/dir/h.sqlite3") < 0, 1);
	assert_int_equal(history_open(&h, path), 0);
	assert_int_equal(outbox_open(&o, path), 0);
	assert_int_equal(outbox_open(&o2, path), 0);   /* a second thread's own */
	assert_int_equal(outbox_add(o, "s-1", "{\"a\":1}", 10), 0);
	assert_int_equal(outbox_add(o, "s-2", "{\"a\":2}", 11), 0);
	assert_int_equal(outbox_add(o, "s-1", "{\"a\":1}", 12), 0);   /* queued once */
	assert_int_equal(outbox_count(o2), 2);
	assert_int_equal(outbox_each(o2, 10, collect, ids), 0);
	assert_string_equal(ids, "s-1;s-2;");
	assert_int_equal(outbox_remove(o2, "s-1"), 1);
	assert_int_equal(outbox_remove(o2, "s-1"), 0);   /* a second ack */
	assert_int_equal(outbox_count(o), 1);
	/* the bound: the oldest beyond it go, in queued order, not insertion's */
	assert_int_equal(outbox_add(o, "s-4", "{}", 14), 0);
	assert_int_equal(outbox_add(o, "s-3", "{}", 13), 0);
	assert_int_equal(outbox_add(o, "s-5", "{}", 15), 0);
	assert_int_equal(outbox_trim(o, 5), 0);
	assert_int_equal(outbox_trim(o, 2), 2);   /* s-2 (11) and s-3 (13) */
	ids[0] = '\0';
	assert_int_equal(outbox_each(o2, 10, collect, ids), 0);
	assert_string_equal(ids, "s-4;s-5;");
	assert_int_equal(outbox_remove(o2, "s-4"), 1);
	assert_int_equal(outbox_remove(o2, "s-5"), 1);
	assert_int_equal(outbox_add(o, "s-6", "{}", 16), 0);
	assert_int_equal(outbox_count(o), 1);
	outbox_close(o2);
	outbox_close(o);
	history_close(h);
	remove_db(path);
}

static void board_offline_rule(void **state)
{
	struct board *b;
	struct net_board_msg m;
	struct ui_board v;

	(void)state;
	assert_int_equal(board_new(&b, NULL), 0);
	memset(&m, 0, sizeof(m));
	m.kind = NET_TOPIC_LIVE;
	strcpy(m.station, "z");
	strcpy(m.live.state, "working");
	m.live.reps = 4;
	board_take(b, &m, 100.0);
	strcpy(m.station, "a");
	board_take(b, &m, 100.0);
	board_view_fill(b, 105.0, &v);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.tiles[0].station, "a");   /* by name */
	assert_true(v.tiles[0].online);
	assert_int_equal(v.tiles[1].reps, 4);
	board_view_fill(b, 100.0 + BOARD_SILENT_S + 0.1, &v);   /* silent too long */
	assert_false(v.tiles[0].online);
	m.kind = NET_TOPIC_STATUS;   /* said offline (its last will) */
	m.online = false;
	board_take(b, &m, 106.0);
	board_view_fill(b, 106.0, &v);
	assert_false(v.tiles[0].online);
	assert_true(v.tiles[1].online);
	board_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(station_names),
		cmocka_unit_test(broker_urls),
		cmocka_unit_test(network_settings),
		cmocka_unit_test(topics),
		cmocka_unit_test(ids_are_unique),
		cmocka_unit_test(session_round_trip),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(board_db_keeps_once),
		cmocka_unit_test(outbox_in_history),
		cmocka_unit_test(board_offline_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
