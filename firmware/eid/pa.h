/* pa.h — Passive Authentication: the CMS signature of EF.CardSecurity (eID) or EF.SOD (ePass),
 * the document signer's chain to a configured CSCA set, and the hashes of the data groups read.
 * The outcome is "verified" or "unverified" with a reason; whether an unverified read is
 * acceptable is the caller's policy. */
#ifndef CIVIQ_EID_PA_H
#define CIVIQ_EID_PA_H

#include <openssl/x509_vfy.h>
#include <stddef.h>
#include <stdint.h>

#define PA_REASON_MAX 128

/* Loads every certificate (PEM or DER) in dir into a new store. -ENOENT: none found. */
int pa_load_csca_dir(const char *dir, X509_STORE **out);

/* Verifies the SignedData in cms against the CSCA store (NULL: nothing to chain to). Returns 1
 * verified, 0 unverified (reason set), negative errno when cms cannot be parsed. The signed
 * content is returned in *content (malloc'd) either way when it could be extracted. */
int pa_verify_signed_data(X509_STORE *csca, const uint8_t *cms, size_t len, uint8_t **content,
                          size_t *content_len, char *reason, size_t rlen);
/* Checks data group dg against an LDSSecurityObject (EF.SOD's content). 1 match, 0 mismatch
 * or absent (reason set), negative errno when the object is malformed. */
int pa_check_dg(const uint8_t *lds_so, size_t len, int dg, const uint8_t *data, size_t dlen,
                char *reason, size_t rlen);
/* EF.SOD is wrapped in tag 77; returns the CMS inside. */
int pa_sod_unwrap(const uint8_t *sod, size_t len, const uint8_t **cms, size_t *cms_len);

#endif
