/* The one table of reader backends, chosen by the URI's scheme. */
#include "hal/nfc.h"

#include <stdlib.h>
#include <string.h>

#include "nfc_backends.h"

static const struct nfc_backend {
	const char *scheme;
	const struct nfc_reader_ops *ops;
} backends[] = {
#ifdef CIVIQ_NFC_SIM
	{ "sim", &nfc_sim_ops },
#endif
#ifdef CIVIQ_NFC_VPCD
	{ "vpcd", &nfc_vpcd_ops },
#endif
#ifdef CIVIQ_NFC_LIBNFC
	{ "libnfc", &nfc_libnfc_ops },
#endif
#ifdef CIVIQ_NFC_PCSC
	{ "pcsc", &nfc_pcsc_ops },
#endif
};

static const char *const scheme_names[] = {
#ifdef CIVIQ_NFC_SIM
	"sim",
#endif
#ifdef CIVIQ_NFC_VPCD
	"vpcd",
#endif
#ifdef CIVIQ_NFC_LIBNFC
	"libnfc",
#endif
#ifdef CIVIQ_NFC_PCSC
	"pcsc",
#endif
	NULL,
};

const char *const *nfc_reader_schemes(void)
{
	return scheme_names;
}

int nfc_reader_open(const char *uri, struct nfc_reader **out)
{
	const char *colon;
	struct nfc_reader *r;
	int rc;

	*out = NULL;
	if (!uri || !(colon = strchr(uri, ':')) || colon == uri)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		size_t n = strlen(backends[i].scheme);
		if (n != (size_t)(colon - uri) || strncmp(uri, backends[i].scheme, n) != 0)
			continue;
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->ops = backends[i].ops;
		rc = r->ops->open ? r->ops->open(r, uri) : 0;
		if (rc < 0) {
			free(r);
			return rc;
		}
		*out = r;
		return 0;
	}
	return -ENOENT;
}

void nfc_reader_close(struct nfc_reader *r)
{
	if (!r)
		return;
	if (r->ops->close)
		r->ops->close(r);
	free(r);
}
