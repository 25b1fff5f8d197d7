#include "eid/eid_read.h"

#include <eac/eac.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "eid/bac.h"
#include "eid/ca.h"
#include "eid/eac_util.h"
#include "eid/mrz.h"
#include "eid/pa.h"
#include "eid/pace.h"
#include "hal/nfc.h"

static const uint8_t aid_eid[] = { 0xE8, 0x07, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02 };
static const uint8_t aid_epass[] = { 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01 };

#define SFI_CARD_ACCESS   0x1C
#define SFI_CARD_SECURITY 0x1D
#define SFI_SOD           0x1D
#define SFI_COM           0x1E

const char *eid_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -EACCES:
		return "wrong CAN: please check the six digits on the front of the card";
	case -EPERM:
		return "this card needs an authorized terminal";
	case -ENOMEDIUM:
		return "the card was removed during the read; please hold it still on the reader";
	case -ETIMEDOUT:
		return "no card answered in time";
	case -ENODEV:
		return "the card reader is not available";
	case -EBADMSG:
		return "the card's answers failed their security checks";
	case -EPROTO:
		return "the card sent an invalid response";
	case -ENOENT:
		return "the card has no readable identity application";
	case -ENOTSUP:
		return "this card type is not supported";
	default:
		return "the card could not be read";
	}
}

const char *eid_source_name(enum eid_source s)
{
	return s == EID_SOURCE_EID ? "eid" : "epass";
}

void eid_identity_wipe(struct eid_identity *id)
{
	OPENSSL_cleanse(id, sizeof(*id));
}

static void progress(const struct eid_read_options *opt, enum eid_step s)
{
	if (opt->progress)
		opt->progress(opt->progress_arg, s);
}

static void free_secret(uint8_t *p, size_t n)
{
	if (p)
		OPENSSL_clear_free(p, n);
}

/* Access refused on the data: the card wants a terminal with more rights. */
static int refused(int rc)
{
	return rc == -EPERM ? -EPERM : rc;
}

static int read_eid(struct chan *c, EAC_CTX *ctx, const struct eid_read_options *opt,
                    X509_STORE *csca, struct eid_identity *out)
{
	struct ta_terminal term;
	struct pace_result pr;
	uint8_t chat[PACE_CHAT_MAX], *cs = NULL, *content = NULL, *dg = NULL;
	size_t chat_len, cs_len = 0, content_len = 0, dg_len = 0;
	int rc;

	if ((rc = ta_terminal_load(&term, opt->terminal_chain, opt->terminal_key, NULL)) < 0) {
		log_err("eid: cannot load the terminal certificate chain: %s", strerror(-rc));
		return -EINVAL;
	}
	if ((rc = pace_checkin_chat(chat, sizeof(chat), &chat_len)) < 0)
		goto out;
	progress(opt, EID_STEP_PACE);
	if ((rc = pace_establish(c, ctx, PACE_PW_CAN, opt->can, chat, chat_len, &pr)) < 0)
		goto out;
	progress(opt, EID_STEP_TA);
	rc = ta_authenticate(c, ctx, &term, pr.picc_eph_pub);
	pace_result_free(&pr);
	if (rc < 0)
		goto out;
	progress(opt, EID_STEP_CA);
	if ((rc = chan_read_file(c, SFI_CARD_SECURITY, &cs, &cs_len)) < 0)
		goto out;
	if ((rc = ca_authenticate(c, ctx, cs, cs_len)) < 0)
		goto out;
	progress(opt, EID_STEP_READ);
	if ((rc = chan_select_aid(c, aid_eid, sizeof(aid_eid))) < 0)
		goto out;
	if ((rc = chan_read_file(c, 4, &dg, &dg_len)) < 0)
		goto out;
	rc = dg_decode_text(dg, dg_len, 4, out->given_names, sizeof(out->given_names));
	free_secret(dg, dg_len);
	dg = NULL;
	if (rc < 0 || (rc = chan_read_file(c, 5, &dg, &dg_len)) < 0)
		goto out;
	rc = dg_decode_text(dg, dg_len, 5, out->family_name, sizeof(out->family_name));
	free_secret(dg, dg_len);
	dg = NULL;
	if (rc < 0 || (rc = chan_read_file(c, 8, &dg, &dg_len)) < 0)
		goto out;
	if ((rc = dg_decode_date(dg, dg_len, &out->birth)) < 0)
		goto out;
	out->birth_date_partial = eid_date_format(&out->birth, out->birth_date);
	snprintf(out->document_type, sizeof(out->document_type), "ID");
	out->source = EID_SOURCE_EID;

	progress(opt, EID_STEP_PA);
	/* the chip proved its key in CA; PA proves that key was issued by a CSCA we trust */
	rc = pa_verify_signed_data(csca, cs, cs_len, &content, &content_len, out->unverified_reason,
	                           sizeof(out->unverified_reason));
	if (rc < 0) {
		snprintf(out->unverified_reason, sizeof(out->unverified_reason),
		         "EF.CardSecurity is malformed");
		rc = 0;
	}
	out->verified = rc == 1;
	rc = 0;
out:
	if (rc == -EBADMSG)
		log_warning("eid: a response failed its security checks");
	free(content);
	free(cs);
	free_secret(dg, dg_len);
	ta_terminal_free(&term);
	return refused(rc);
}

static int read_epass(struct chan *c, EAC_CTX *ctx, const struct eid_read_options *opt,
                      X509_STORE *csca, struct eid_identity *out)
{
	uint8_t *com = NULL, *dg1 = NULL, *sod = NULL, *content = NULL;
	size_t com_len = 0, dg1_len = 0, sod_len = 0, content_len = 0, cms_len;
	const uint8_t *cms;
	struct mrz m;
	char err[MRZ_ERR_MAX];
	int rc;

	progress(opt, EID_STEP_PACE);
	if (ctx) {
		struct pace_result pr;
		rc = pace_establish(c, ctx, PACE_PW_CAN, opt->can, NULL, 0, &pr);
		pace_result_free(&pr);
	} else if (opt->bac_mrz_info) {
		rc = bac_establish(c, opt->bac_mrz_info);
	} else {
		rc = -ENOTSUP;
	}
	if (rc < 0)
		return rc;
	progress(opt, EID_STEP_READ);
	if ((rc = chan_select_aid(c, aid_epass, sizeof(aid_epass))) < 0)
		goto out;
	if ((rc = chan_read_file(c, SFI_COM, &com, &com_len)) < 0)
		goto out;
	if ((rc = chan_read_file(c, 1, &dg1, &dg1_len)) < 0)
		goto out;
	if ((rc = dg1_decode_mrz(dg1, dg1_len, &m, err, sizeof(err))) < 0) {
		log_warning("eid: DG1 holds no valid MRZ");
		rc = -EBADMSG;
		goto out;
	}
	snprintf(out->family_name, sizeof(out->family_name), "%s", m.family_name);
	snprintf(out->given_names, sizeof(out->given_names), "%s", m.given_names);
	snprintf(out->document_type, sizeof(out->document_type), "%s", m.document_code);
	mrz_date_iso(m.birth_date, 1, out->birth_date);
	sscanf(out->birth_date, "%d-%d-%d", &out->birth.year, &out->birth.month, &out->birth.day);
	mrz_wipe(&m);
	out->source = EID_SOURCE_EPASS;
	if ((rc = chan_read_file(c, SFI_SOD, &sod, &sod_len)) < 0)
		goto out;

	progress(opt, EID_STEP_PA);
	out->verified = 0;
	if (pa_sod_unwrap(sod, sod_len, &cms, &cms_len) < 0) {
		snprintf(out->unverified_reason, sizeof(out->unverified_reason),
		         "EF.SOD is malformed");
	} else {
		rc = pa_verify_signed_data(csca, cms, cms_len, &content, &content_len,
		                           out->unverified_reason, sizeof(out->unverified_reason));
		int sig_ok = rc == 1;
		rc = content ? pa_check_dg(content, content_len, 1, dg1, dg1_len,
		                           out->unverified_reason, sizeof(out->unverified_reason))
		             : 0;
		if (rc < 0)
			snprintf(out->unverified_reason, sizeof(out->unverified_reason),
			         "the security object is malformed");
		out->verified = sig_ok && rc == 1;
	}
	rc = 0;
out:
	free(com);
	free_secret(dg1, dg1_len);
	free(sod);
	free(content);
	return refused(rc);
}

int eid_read_identity(struct nfc_reader *r, const struct eid_read_options *opt,
                      struct eid_identity *out)
{
	struct nfc_card_info info;
	struct chan c;
	EAC_CTX *ctx = NULL;
	X509_STORE *csca = NULL;
	uint8_t *ca = NULL;
	size_t ca_len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opt->can && !opt->bac_mrz_info)
		return -EINVAL;
	EAC_init();
	if (opt->csca_dir && pa_load_csca_dir(opt->csca_dir, &csca) < 0)
		log_warning("eid: no CSCA certificates in %s; reads will be unverified",
		            opt->csca_dir);
	progress(opt, EID_STEP_WAIT_CARD);
	rc = nfc_wait_card(r, opt->card_timeout_ms ? opt->card_timeout_ms : 10000, &info);
	if (rc < 0)
		goto out;
	chan_init(&c, r, opt->apdu_timeout_ms ? opt->apdu_timeout_ms : 2000);

	rc = chan_read_file(&c, SFI_CARD_ACCESS, &ca, &ca_len);
	if (rc == 0) {
		ctx = EAC_CTX_new();
		if (!ctx) {
			rc = -ENOMEM;
			goto out;
		}
		if (!EAC_CTX_init_ef_cardaccess(ca, ca_len, ctx)) {
			log_warning("eid: EF.CardAccess cannot be used");
			rc = -EPROTO;
			goto out;
		}
	} else if (rc == -ENOENT && opt->bac_mrz_info) {
		rc = 0; /* a passport with BAC only */
	} else {
		goto out;
	}
	if (!opt->can && ctx) {
		rc = -EINVAL;
		goto out;
	}
	if (opt->terminal_chain && ctx)
		rc = read_eid(&c, ctx, opt, csca, out);
	else
		rc = read_epass(&c, ctx, opt, csca, out);
	if (opt->stats)
		*opt->stats = c.stats;
	sm_clear(&c.sm);
	if (rc == 0) {
		if (!out->verified)
			log_notice("eid: read is unverified: %s", out->unverified_reason);
		progress(opt, EID_STEP_DONE);
	}
out:
	if (rc < 0) {
		eid_identity_wipe(out);
		log_info("eid: read failed: %s", eid_strerror(rc));
	}
	free(ca);
	EAC_CTX_clear_free(ctx);
	X509_STORE_free(csca);
	ERR_clear_error();
	return rc;
}

int eid_terminal_describe(const char *const *terminal_chain, const char *desc_path,
                          struct ta_description *out)
{
	struct ta_terminal t;
	int rc;

	memset(&t, 0, sizeof(t));
	for (int i = 0; terminal_chain[i] && i < TA_CHAIN_MAX; i++) {
		if ((rc = eac_read_file(terminal_chain[i], &t.cert[i], &t.cert_len[i])) < 0)
			goto out;
		t.n_certs = i + 1;
	}
	rc = -EINVAL;
	if (t.n_certs == 0)
		goto out;
	if (desc_path && (rc = eac_read_file(desc_path, &t.desc, &t.desc_len)) < 0)
		goto out;
	EAC_init();
	rc = ta_describe(&t, out);
out:
	ta_terminal_free(&t);
	return rc;
}
