/* bench/staff_login — what a staff sign-in costs: one scrypt verification per parameter set
 * (time and memory), and how many sign-ins per second the hub's two KDF slots allow. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hub/password.h"

#define ROUNDS 9

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	char stored[PASSWORD_HASH_MAX];

	printf("scrypt verification (r=%d, p=%d), median and max of %d:\n", PASSWORD_DEFAULT_R,
	       PASSWORD_DEFAULT_P, ROUNDS);
	printf("%8s %10s %10s %10s %12s\n", "log2(N)", "MiB", "median ms", "max ms", "logins/s*");
	for (int ln = 12; ln <= 16; ln++) {
		double t[ROUNDS];
		if (password_hash("correct horse battery", ln, PASSWORD_DEFAULT_R,
		                  PASSWORD_DEFAULT_P, stored, sizeof(stored))) {
			fprintf(stderr, "hashing failed at log2n %d\n", ln);
			return 1;
		}
		for (int i = 0; i < ROUNDS; i++) {
			double t0 = now_ms();
			if (password_verify("correct horse battery", stored) != 0) {
				fprintf(stderr, "verification failed\n");
				return 1;
			}
			t[i] = now_ms() - t0;
		}
		qsort(t, ROUNDS, sizeof(t[0]), cmp);
		double mib = 128.0 * (double)(1 << ln) * PASSWORD_DEFAULT_R / (1024 * 1024);
		printf("%8d %10.0f %10.1f %10.1f %12.1f%s\n", ln, mib, t[ROUNDS / 2], t[ROUNDS - 1],
		       2 * 1000.0 / t[ROUNDS / 2],
		       ln == PASSWORD_DEFAULT_LN ? "   <- default" : "");
	}
	printf("* with the hub's 2 concurrent KDF slots (peak memory 2x the MiB column)\n");
	return 0;
}
