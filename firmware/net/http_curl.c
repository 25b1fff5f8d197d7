/* http_curl.c — libcurl's global init and the options every easy handle of civiq carries. */
#include "net/http_curl.h"

#include <errno.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode init_result;

static void init(void)
{
	init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int set(const char *s)
{
	return s && s[0];
}

CURL *http_curl_new(const char *url, const struct http_curl_options *o)
{
	CURL *c;

	pthread_once(&once, init);
	if (init_result != CURLE_OK || !(c = curl_easy_init()))
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	if (o->timeout_ms > 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	if (o->low_speed_time_s > 0) {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
	}
	if (o->max_size > 0)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, o->max_size);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (set(o->ca_file))
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	if (set(o->pin))
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, o->pin);
	if (set(o->client_cert)) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, o->client_cert);
		curl_easy_setopt(c, CURLOPT_SSLKEY, o->client_key);
	}
	if (o->proxy)
		curl_easy_setopt(c, CURLOPT_PROXY, o->proxy);
	return c;
}

int http_curl_errno(CURLcode c)
{
	switch (c) {
	case CURLE_OK:
		return 0;
	case CURLE_COULDNT_CONNECT:
		return -ECONNREFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return -EHOSTUNREACH;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return -EINVAL;
	case CURLE_OUT_OF_MEMORY:
		return -ENOMEM;
	case CURLE_ABORTED_BY_CALLBACK:
		return -ECANCELED;
	case CURLE_FILESIZE_EXCEEDED:
		return -EFBIG;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return -ECONNRESET;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_WEIRD_SERVER_REPLY:
		return -EPROTO;
	default:
		return -EIO;
	}
}
