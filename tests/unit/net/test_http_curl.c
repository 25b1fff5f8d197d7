/* The libcurl set-up shared by the clients: errno mapping, and only http and https. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "net/http_curl.h"

static void curl_results_map_to_errno_by_what_failed(void **state)
{
	(void)state;
	assert_int_equal(http_curl_errno(CURLE_OK), 0);
	assert_int_equal(http_curl_errno(CURLE_COULDNT_CONNECT), -ECONNREFUSED);
	assert_int_equal(http_curl_errno(CURLE_OPERATION_TIMEDOUT), -ETIMEDOUT);
	assert_int_equal(http_curl_errno(CURLE_COULDNT_RESOLVE_PROXY), -EHOSTUNREACH);
	assert_int_equal(http_curl_errno(CURLE_FILESIZE_EXCEEDED), -EFBIG);
	assert_int_equal(http_curl_errno(CURLE_PARTIAL_FILE), -ECONNRESET);
	assert_int_equal(http_curl_errno(CURLE_PEER_FAILED_VERIFICATION), -EPROTO);
	assert_int_equal(http_curl_errno(CURLE_SSL_PINNEDPUBKEYNOTMATCH), -EPROTO);
	assert_int_equal(http_curl_errno(CURLE_SSL_CERTPROBLEM), -EPROTO);
	assert_int_equal(http_curl_errno(CURLE_ABORTED_BY_CALLBACK), -ECANCELED);
	assert_int_equal(http_curl_errno(CURLE_BAD_CONTENT_ENCODING), -EIO);
}

static void other_schemes_than_http_and_https_are_refused(void **state)
{
	const struct http_curl_options o = { .connect_timeout_ms = 1000, .timeout_ms = 2000 };
	(void)state;
	static const char *const urls[] = { "file:///etc/passwd", "gopher://127.0.0.1/",
		                            "ftp://127.0.0.1/" };
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		CURL *c = http_curl_new(urls[i], &o);
		assert_non_null(c);
		assert_int_equal(http_curl_errno(curl_easy_perform(c)), -EINVAL);
		curl_easy_cleanup(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(curl_results_map_to_errno_by_what_failed),
		cmocka_unit_test(other_schemes_than_http_and_https_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
