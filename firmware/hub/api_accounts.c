/* api_accounts.c — supervisors manage staff accounts: list, add, disable/enable, new password.
 * Each change and its audit entry are one transaction; disabling or a new password ends the
 * account's sessions in it too (accounts.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "hub/accounts.h"
#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/hub.h"
#include "hub/hub_errors.h"
#include "hub/ops_common.h"
#include "hub/staff.h"

static cJSON *account_json(const struct staff_account *a)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "login", a->login);
	cJSON_AddStringToObject(o, "role", staff_role_name(a->role));
	cJSON_AddBoolToObject(o, "disabled", a->disabled);
	cJSON_AddNumberToObject(o, "created_at", (double)a->created_at);
	cJSON_AddNumberToObject(o, "password_at", (double)a->password_at);
	return o;
}

static void add_row(void *ctx, const struct staff_account *a)
{
	cJSON_AddItemToArray(ctx, account_json(a));
}

void api_accounts_list(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	cJSON *arr = cJSON_CreateArray();

	(void)req;
	struct hub_reader *r = hub_reader_acquire(h->readers);
	int rc = staff_account_list(r->db, add_row, arr);
	hub_reader_release(h->readers, r);
	if (rc)
		api_fail(resp, rc);
	else
		http_response_json(resp, 200, arr);
	cJSON_Delete(arr);
}

enum account_op { OP_ADD, OP_DISABLE, OP_ENABLE, OP_PASSWORD };

struct account_change {
	enum account_op op;
	const char *actor, *login;
	enum staff_role role;
	const char *hash;
	struct staff_account result;
};

static const char *const op_action[] = {
	[OP_ADD] = "staff_add",
	[OP_DISABLE] = "staff_disable",
	[OP_ENABLE] = "staff_enable",
	[OP_PASSWORD] = "staff_reset-password", /* as civiq-tool names it */
};

static int change_fn(struct hub_txn *tx, void *arg)
{
	struct account_change *c = arg;
	sqlite3 *db = hub_txn_db(tx);
	int rc;

	switch (c->op) {
	case OP_ADD:
		rc = staff_account_add(db, c->login, c->role, c->hash, hub_txn_now(tx));
		if (rc == -EEXIST)
			rc = -HUB_E_LOGIN_TAKEN;
		break;
	case OP_DISABLE:
	case OP_ENABLE:
		rc = staff_account_set_disabled(db, c->login, c->op == OP_DISABLE);
		break;
	default:
		rc = staff_account_set_password(db, c->login, c->hash, hub_txn_now(tx));
		break;
	}
	if (rc == -ENOENT)
		rc = -HUB_E_UNKNOWN_LOGIN;
	if (rc == 0)
		rc = staff_account_get(db, c->login, &c->result);
	if (rc == 0)
		rc = ops_audit(tx, c->actor, op_action[c->op], NULL, 0, c->result.login);
	return rc;
}

/* Hashes a password from the body's "password" into hash; answers 422 itself when unfit. */
static int hash_from(struct hub *h, const cJSON *body, struct http_response *resp, char *hash,
                     size_t len)
{
	const char *pw = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "password"));
	size_t n = pw ? strlen(pw) : 0;

	if (n < PASSWORD_MIN_LEN || n > PASSWORD_MAX_LEN) {
		http_response_error(resp, 422, "invalid_request",
		                    "A password has %d to %d characters.", PASSWORD_MIN_LEN,
		                    PASSWORD_MAX_LEN);
		return -EINVAL;
	}
	hub_staff_kdf_enter(h);
	int rc = password_hash(pw, h->cfg.staff.scrypt_log2n, PASSWORD_DEFAULT_R,
	                       PASSWORD_DEFAULT_P, hash, len);
	hub_staff_kdf_leave(h);
	if (rc)
		api_fail(resp, rc);
	return rc;
}

static void run_change(struct hub *h, struct http_request *req, struct http_response *resp,
                       struct account_change *c, int status)
{
	c->actor = hub_request_auth(req)->who.name;
	int rc = hub_writer_run(h->writer, change_fn, c);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	cJSON *o = account_json(&c->result);
	http_response_json(resp, status, o);
	cJSON_Delete(o);
}

void api_account_add(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	char hash[PASSWORD_HASH_MAX];
	struct account_change c = { .op = OP_ADD, .role = STAFF_ROLE_STAFF, .hash = hash };

	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	c.login = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "login"));
	const cJSON *role = cJSON_GetObjectItemCaseSensitive(body, "role");
	if (!c.login || !staff_login_valid(c.login) ||
	    (role &&
	     staff_role_parse(cJSON_GetStringValue(role) ? role->valuestring : "", &c.role))) {
		http_response_error(resp, 422, "invalid_request",
		                    "A login is 1-63 of a-z A-Z 0-9 . _ - @; the role is staff or "
		                    "supervisor.");
	} else if (hash_from(h, body, resp, hash, sizeof(hash)) == 0) {
		run_change(h, req, resp, &c, 201);
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	cJSON *pw = cJSON_GetObjectItemCaseSensitive(body, "password");
	if (cJSON_IsString(pw))
		OPENSSL_cleanse(pw->valuestring, strlen(pw->valuestring));
	cJSON_Delete(body);
}

static void set_disabled(struct hub *h, struct http_request *req, struct http_response *resp,
                         bool disabled)
{
	struct account_change c = { .op = disabled ? OP_DISABLE : OP_ENABLE };

	c.login = http_request_param(req, "login");
	/* a supervisor locking themselves out would need civiq-tool to get back in */
	if (disabled && !strcasecmp(c.login, hub_request_auth(req)->who.name) &&
	    hub_request_auth(req)->session) {
		api_fail(resp, -HUB_E_OWN_ACCOUNT);
		return;
	}
	run_change(h, req, resp, &c, 200);
}

void api_account_disable(void *ctx, struct http_request *req, struct http_response *resp)
{
	set_disabled(ctx, req, resp, true);
}

void api_account_enable(void *ctx, struct http_request *req, struct http_response *resp)
{
	set_disabled(ctx, req, resp, false);
}

void api_account_password(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	char hash[PASSWORD_HASH_MAX];
	struct account_change c = { .op = OP_PASSWORD, .hash = hash };

	c.login = http_request_param(req, "login");
	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	if (hash_from(h, body, resp, hash, sizeof(hash)) == 0)
		run_change(h, req, resp, &c, 200);
	OPENSSL_cleanse(hash, sizeof(hash));
	cJSON *pw = cJSON_GetObjectItemCaseSensitive(body, "password");
	if (cJSON_IsString(pw))
		OPENSSL_cleanse(pw->valuestring, strlen(pw->valuestring));
	cJSON_Delete(body);
}
