/* api_staff.c — staff sign-in and sign-out, the session, the audit export. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "common/log.h"
#include "hub/accounts.h"
#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/audit.h"
#include "hub/login_limit.h"
#include "hub/ops_common.h"
#include "hub/staff.h"
#include "net/json_util.h"

static void set_cookie(struct hub *h, struct http_response *resp, const char *token, int max_age)
{
	char cookie[256];

	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
	         SESSION_COOKIE, token, max_age, h->cfg.tls_cert[0] ? "; Secure" : "");
	http_response_header(resp, "Set-Cookie", cookie);
}

static cJSON *session_json(const struct hub_auth *a)
{
	cJSON *o = cJSON_CreateObject();
	char at[32];

	cJSON_AddStringToObject(o, "login", a->who.name);
	if (a->session) {
		cJSON_AddStringToObject(o, "role", staff_role_name(a->s.role));
		cJSON_AddStringToObject(o, "csrf_token", a->s.csrf);
		hub_format_time(a->s.expires_at, at, sizeof(at));
		cJSON_AddStringToObject(o, "expires_at", at);
		cJSON_AddBoolToObject(o, "device", 0);
	} else {
		cJSON_AddStringToObject(o, "role", hub_role_name(a->who.role));
		cJSON_AddNullToObject(o, "csrf_token");
		cJSON_AddNullToObject(o, "expires_at");
		cJSON_AddBoolToObject(o, "device", 1);
	}
	return o;
}

struct open_op {
	const struct staff_session *s;
	const char *remote;
};

static int open_fn(struct hub_txn *tx, void *arg)
{
	struct open_op *op = arg;
	int rc = session_insert(hub_txn_db(tx), op->s, hub_txn_now(tx));
	return rc ? rc : ops_audit(tx, op->s->login, "login", NULL, 0, op->remote);
}

/* Checks the password, holding one of the scrypt slots. Unknown and disabled logins cost the
 * same time as a wrong password. */
static int check_password(struct hub *h, const char *login, const char *password,
                          struct staff_account *acct)
{
	int rc;

	hub_staff_kdf_enter(h);
	struct hub_reader *r = hub_reader_acquire(h->readers);
	rc = staff_account_get(r->db, login, acct);
	hub_reader_release(h->readers, r);
	if (rc == 0 && !acct->disabled) {
		rc = password_verify(password, acct->password);
	} else {
		password_dummy_verify(h->cfg.staff.scrypt_log2n, PASSWORD_DEFAULT_R,
		                      PASSWORD_DEFAULT_P);
		rc = rc == 0 ? -EPERM : rc;
	}
	hub_staff_kdf_leave(h);
	return rc;
}

static int limited(struct hub *h, struct http_response *resp, const char *addr_key,
                   const char *login_key, int64_t now)
{
	int wa = login_limit_check(h->staff->limit, addr_key, now);
	int wl = login_limit_check(h->staff->limit, login_key, now);
	int wait = wa > wl ? wa : wl;
	char retry[16];

	if (!wait)
		return 0;
	snprintf(retry, sizeof(retry), "%d", wait);
	http_response_header(resp, "Retry-After", retry);
	http_response_error(resp, 429, "too_many_attempts",
	                    "Too many failed sign-ins; try again in %d seconds.", wait);
	return 1;
}

void api_session_create(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	char login[STAFF_LOGIN_MAX], password[PASSWORD_MAX_LEN + 1], err[JSON_ERROR_MAX];
	char addr_key[96], login_key[96];
	struct staff_account acct;
	int64_t now = hub_now_ms() / 1000;
	cJSON *body = http_request_json(req, resp);

	if (!body)
		return;
	int bad =
	    json_get_string_buf(body, "login", login, sizeof(login), err, sizeof(err)) ||
	    json_get_string_buf(body, "password", password, sizeof(password), err, sizeof(err));
	cJSON *pw = cJSON_GetObjectItemCaseSensitive(body, "password");
	if (cJSON_IsString(pw))
		OPENSSL_cleanse(pw->valuestring, strlen(pw->valuestring));
	cJSON_Delete(body);
	if (bad || !staff_login_valid(login)) {
		OPENSSL_cleanse(password, sizeof(password));
		http_response_error(resp, 422, "invalid_request", "%s",
		                    bad ? err : "The login has characters a login cannot have.");
		return;
	}
	snprintf(addr_key, sizeof(addr_key), "addr:%s", http_request_remote_addr(req));
	snprintf(login_key, sizeof(login_key), "login:%s", login);
	for (char *c = login_key; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	if (limited(h, resp, addr_key, login_key, now)) {
		OPENSSL_cleanse(password, sizeof(password));
		return;
	}
	int rc = check_password(h, login, password, &acct);
	OPENSSL_cleanse(password, sizeof(password));
	OPENSSL_cleanse(acct.password, sizeof(acct.password));
	if (rc == -ENOENT || rc == -EPERM || rc == -EACCES || rc == -EINVAL) {
		login_limit_fail(h->staff->limit, addr_key, now);
		login_limit_fail(h->staff->limit, login_key, now);
		/* Only existing accounts are named: a typed password must not land in the log. */
		audit_record(h->writer, rc == -ENOENT ? "unknown" : acct.login, "login_failed",
		             http_request_remote_addr(req));
		log_notice("hub: failed sign-in from %s", http_request_remote_addr(req));
		http_response_error(resp, 401, "invalid_credentials",
		                    "The login or the password is wrong, or the account is "
		                    "disabled.");
		return;
	}
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	login_limit_reset(h->staff->limit, addr_key);
	login_limit_reset(h->staff->limit, login_key);

	char token[SESSION_TOKEN_LEN + 1];
	struct hub_auth a = { .session = true };
	if (session_random_token(token) || session_random_token(a.s.csrf)) {
		http_response_error(resp, 500, "internal_error", "No random numbers.");
		return;
	}
	session_id_of(token, a.s.id);
	a.s.staff = acct.id;
	a.s.role = acct.role;
	a.s.expires_at = now + h->cfg.staff.session_s;
	snprintf(a.s.login, sizeof(a.s.login), "%s", acct.login);
	snprintf(a.who.name, sizeof(a.who.name), "%s", acct.login);
	struct open_op op = { &a.s, http_request_remote_addr(req) };
	rc = hub_writer_run(h->writer, open_fn, &op);
	if (rc) {
		OPENSSL_cleanse(token, sizeof(token));
		api_fail(resp, rc);
		return;
	}
	log_info("hub: %s signed in (%s)", acct.login, staff_role_name(acct.role));
	cJSON *o = session_json(&a);
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
	set_cookie(h, resp, token, h->cfg.staff.session_s);
	OPENSSL_cleanse(token, sizeof(token));
	OPENSSL_cleanse(&a, sizeof(a));
}

void api_session_get(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	cJSON *o = session_json(hub_request_auth(req));
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
}

struct close_op {
	const struct staff_session *s;
};

static int close_fn(struct hub_txn *tx, void *arg)
{
	struct close_op *op = arg;
	int rc = session_delete(hub_txn_db(tx), op->s->id);
	return rc ? rc : ops_audit(tx, op->s->login, "logout", NULL, 0, NULL);
}

void api_session_delete(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	const struct hub_auth *a = hub_request_auth(req);

	if (a->session) {
		struct close_op op = { &a->s };
		int rc = hub_writer_run(h->writer, close_fn, &op);
		if (rc) {
			api_fail(resp, rc);
			return;
		}
		log_info("hub: %s signed out", a->s.login);
	}
	set_cookie(h, resp, "", 0);
	http_response_status(resp, 204);
}

/* "YYYY-MM-DD" to the Unix time of that local midnight (+ days). */
static int local_day_start(const char *s, int days, int64_t *out)
{
	struct tm tm = { 0 };
	int y, m, d;
	char end;

	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + days;
	tm.tm_isdst = -1;
	*out = (int64_t)mktime(&tm);
	return 0;
}

/* The ?from= and ?to= days (inclusive; default: the last 30 days up to today) as [from, to). */
int api_day_range(struct http_request *req, struct http_response *resp, int64_t *from, int64_t *to,
                  char *label, size_t label_len)
{
	char today[16];
	time_t now = (time_t)(hub_now_ms() / 1000);
	struct tm tm;
	const char *f = http_request_query(req, "from"), *t = http_request_query(req, "to");

	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (!t)
		t = today;
	if (local_day_start(t, 1, to) || (f && local_day_start(f, 0, from))) {
		http_response_error(resp, 422, "invalid_request",
		                    "from and to are days written YYYY-MM-DD.");
		return -EINVAL;
	}
	if (!f) {
		local_day_start(t, -29, from);
		f = "";
	}
	if (*from >= *to) {
		http_response_error(resp, 422, "invalid_request", "from is after to.");
		return -EINVAL;
	}
	snprintf(label, label_len, "%.10s_%.10s", f[0] ? f : "last30", t);
	return 0;
}

void api_audit_csv(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	int64_t from, to;
	char label[32], disposition[96];
	char *text = NULL;
	size_t len = 0;

	if (api_day_range(req, resp, &from, &to, label, sizeof(label)))
		return;
	FILE *out = open_memstream(&text, &len);
	if (!out) {
		http_response_error(resp, 500, "internal_error", "Out of memory.");
		return;
	}
	struct hub_reader *r = hub_reader_acquire(h->readers);
	int rows = audit_write_csv(r, from, to, out);
	hub_reader_release(h->readers, r);
	fclose(out);
	if (rows < 0) {
		free(text);
		api_fail(resp, rows);
		return;
	}
	http_response_body(resp, "text/csv; charset=utf-8", text, len);
	free(text);
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"civiq-audit-%s.csv\"",
	         label);
	http_response_header(resp, "Content-Disposition", disposition);
	http_response_header(resp, "Cache-Control", "no-store");
	audit_record(h->writer, hub_request_auth(req)->who.name, "audit_export", label);
}

struct housekeeping_op {
	int64_t audit_before;
	int sessions, audit;
};

static int housekeeping_fn(struct hub_txn *tx, void *arg)
{
	struct housekeeping_op *op = arg;
	op->sessions = session_purge(hub_txn_db(tx), hub_txn_now(tx));
	if (op->sessions < 0)
		return op->sessions;
	op->audit = audit_purge(hub_txn_db(tx), op->audit_before);
	return op->audit < 0 ? op->audit : 0;
}

void hub_staff_housekeeping(struct hub *h)
{
	struct housekeeping_op op = {
		.audit_before =
		    hub_now_ms() / 1000 - (int64_t)h->cfg.staff.audit_retention_days * 86400,
	};

	if (hub_writer_run(h->writer, housekeeping_fn, &op) == 0 && (op.sessions || op.audit))
		log_notice("hub: %d expired sessions and %d audit entries past retention deleted",
		           op.sessions, op.audit);
}
