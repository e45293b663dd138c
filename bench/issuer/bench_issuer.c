/*
 * bench-issuer: how fast the built-in CA issues certs (sign + store in its
 * SQLite file with synchronous=FULL), against the RSA-2048 sign rate of
 * `openssl speed` on the same machine. Prints both and their ratio.
 * Usage: bench-issuer [N]  (default 300 certs, in a temporary state dir)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "madoguchi/issuer.h"
#include "madoguchi/util.h"

/* RSA-2048 sign/s from `openssl speed -seconds 2 rsa2048`; -1 if unknown. */
static double
bench_openssl_sign_rate(void)
{
	FILE *p = popen("openssl speed -seconds 2 rsa2048 2>/dev/null", "r");
	char line[512];
	double sign, verify, rate = -1;

	if (p == NULL)
		return -1;
	while (fgets(line, sizeof(line), p) != NULL)
		if (sscanf(line, "rsa 2048 bits %lfs %lfs %lf", &sign, &verify,
		    &rate) == 3)
			break;
	pclose(p);
	return rate;
}

/* Issue n certs; returns certs per second, or -1. */
static double
bench_issue(struct issuer *iss, int n, const unsigned char *spki, size_t len)
{
	struct issuer_issue_req r;
	char id[32], today[11];
	int64_t start, ms;
	int i;

	util_today(today);
	memset(&r, 0, sizeof(r));
	r.spki = spki;
	r.spki_len = len;
	r.holder.person_key = "bench";
	r.holder.name = "窓口 太郎";
	r.holder.address = "大阪府豊中市中桜塚三丁目1番1号";
	r.holder.birth_date = "1980-06-15";
	r.holder.sex = 1;
	r.holder.card_expiry = "2036-06-15";
	r.issue_date = today;
	start = util_now_ms();
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "bench-%d", i);
		r.request_id = id;
		r.kind = i % 2 ? ISSUER_KIND_USER : ISSUER_KIND_SIGNATURE;
		if (issuer_issue(iss, &r, NULL) != ISSUER_OK) {
			fprintf(stderr, "bench-issuer: %s\n", issuer_error(iss));
			return -1;
		}
	}
	ms = util_now_ms() - start;
	return ms > 0 ? n * 1000.0 / (double)ms : -1;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 300;
	char dir[] = "/tmp/madoguchi-bench-issuer-XXXXXX", msg[512];
	unsigned char *spki = NULL;
	struct issuer *iss;
	EVP_PKEY *key;
	double ours, theirs;
	int len, rc = 1;

	log_init("bench-issuer", LOG_LEVEL_WARN);
	if (n <= 0 || mkdtemp(dir) == NULL)
		return 2;
	if (issuer_builtin_init(dir, NULL, msg, sizeof(msg)) != 0 ||
	    (iss = issuer_builtin_open(dir, msg, sizeof(msg))) == NULL) {
		fprintf(stderr, "bench-issuer: %s\n", msg);
		goto out;
	}
	key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	len = key != NULL ? i2d_PUBKEY(key, &spki) : -1;
	EVP_PKEY_free(key);
	if (len > 0 && (ours = bench_issue(iss, n, spki, (size_t)len)) > 0) {
		printf("issuer: %d certs issued (signed + stored), %.1f certs/s\n",
		    n, ours);
		theirs = bench_openssl_sign_rate();
		if (theirs > 0)
			printf("openssl speed rsa2048: %.1f sign/s\n"
			    "ratio issuer/openssl: %.3f\n", theirs, ours / theirs);
		else
			printf("openssl speed rsa2048: not available\n");
		rc = 0;
	}
	OPENSSL_free(spki);
	issuer_close(iss);
out:
	(void)util_rmtree(dir);
	return rc;
}
