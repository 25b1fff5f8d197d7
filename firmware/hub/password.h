/* password.h — staff password hashing with scrypt (OpenSSL EVP_KDF).
 *
 * Stored form: "$scrypt$ln=14,r=8,p=1$<salt>$<hash>" (salt 16 random bytes, hash 32 bytes,
 * both standard base64). The parameters travel with each hash, so changing the default later
 * keeps old hashes verifiable; password_needs_rehash says when a login should re-hash.
 *
 * Default N = 2^14, r = 8, p = 1: 16 MiB of memory and about 65 ms on the development machine
 * per derivation (bench/staff_login prints the figure for the machine it runs on).
 */
#ifndef CIVIQ_HUB_PASSWORD_H
#define CIVIQ_HUB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX   128 /* the stored form, NUL included */
#define PASSWORD_DEFAULT_LN 14  /* log2 of scrypt's N */
#define PASSWORD_DEFAULT_R  8
#define PASSWORD_DEFAULT_P  1
#define PASSWORD_MIN_LEN    8
#define PASSWORD_MAX_LEN    256

/* Hashes password with a fresh salt and the given parameters (log2n 10..20, r 1..32, p 1..4).
 * 0, -EINVAL (bad parameters) or -EIO (OpenSSL failure). */
int password_hash(const char *password, int log2n, int r, int p, char *out, size_t outlen);
/* 0 when password matches the stored form, -EACCES when not, -EINVAL for a malformed one.
 * Compares in constant time. */
int password_verify(const char *password, const char *stored);
/* Whether the stored form uses other parameters than these. */
bool password_needs_rehash(const char *stored, int log2n, int r, int p);
/* Runs one derivation with these parameters on a throwaway input (for equal timing when a
 * login is unknown). */
void password_dummy_verify(int log2n, int r, int p);

#endif
