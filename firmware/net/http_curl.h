/* http_curl.h — the libcurl set-up every civiq client shares (net/http_client, sync/portal_http).
 *
 * One global libcurl init; a fresh easy handle per call with the same safety rules: http and
 * https only, no redirects, no signals, TLS always verified (the system's CAs or ca_file, the
 * host name too), an optional public-key pin and client certificate, an explicit proxy, connect,
 * whole-request and low-speed timeouts, and a limit on the size an answer may announce. The
 * caller adds its headers, body and callbacks, and owns the handle (curl_easy_cleanup).
 */
#ifndef CIVIQ_NET_HTTP_CURL_H
#define CIVIQ_NET_HTTP_CURL_H

#include <curl/curl.h>

struct http_curl_options {
	const char *ca_file;     /* PEM bundle; NULL or "": the system's CAs */
	const char *pin;         /* "sha256//<base64>" or a key file; NULL or "": none */
	const char *client_cert; /* PEM certificate and its key; NULL or "": none */
	const char *client_key;
	const char *proxy;       /* NULL: libcurl's default (the environment); "": none */
	long connect_timeout_ms; /* > 0 */
	long timeout_ms;         /* whole request; 0: none */
	long low_speed_bytes;    /* slower than this many bytes a second ... */
	long low_speed_time_s;   /* ... for this long aborts (0: no such limit) */
	curl_off_t max_size;     /* an answer announcing more fails at once (0: no limit); the
	                            caller's write callback still counts what really arrives */
};

/* A handle for url set up with o; NULL when libcurl cannot start or is out of memory. */
CURL *http_curl_new(const char *url, const struct http_curl_options *o);

/* libcurl's result as a negative errno (0 for CURLE_OK): -ECONNREFUSED, -ETIMEDOUT,
 * -EHOSTUNREACH (name or proxy not found), -EINVAL (bad URL or scheme), -ENOMEM, -ECANCELED
 * (a callback aborted), -EFBIG (announced size over the limit), -ECONNRESET (connection broken,
 * answer cut short), -EPROTO (TLS: handshake, verification, pin, certificate; or a broken
 * answer), -EIO (anything else). */
int http_curl_errno(CURLcode c);

#endif
