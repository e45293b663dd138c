/*
 * The login limits' setting formats, shared by the settings registry
 * (src/proc/proc_settings.c refuses a bad value with the reason) and the
 * server (src/server/limits.c): lists of CIDR networks, kept as network
 * bytes plus a prefix length, and OpenSSH's MaxStartups "start:rate:full".
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "madoguchi/util.h"

#define NET_WORD_MAX	64

/* One word "addr[/bits]" into n. */
static enum util_net_err
netlist_word(const char *w, struct util_net *n)
{
	char a[NET_WORD_MAX], *slash, *end;
	int len, i;
	long bits;

	strlcpy_m(a, w, sizeof(a));
	if ((slash = strchr(a, '/')) != NULL)
		*slash = '\0';
	memset(n, 0, sizeof(*n));
	if (inet_pton(AF_INET, a, n->addr) == 1)
		n->family = AF_INET;
	else if (inet_pton(AF_INET6, a, n->addr) == 1)
		n->family = AF_INET6;
	else
		return UTIL_NET_ADDR;
	len = n->family == AF_INET ? 4 : 16;
	bits = len * 8;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			return UTIL_NET_PREFIX;
		bits = strtol(slash + 1, &end, 10);
		if (*end != '\0' || bits > len * 8 || end - slash > 4)
			return UTIL_NET_PREFIX;
	}
	n->bits = (int)bits;
	for (i = 0; i < len; i++) {
		int keep = n->bits - i * 8;
		unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 :
		    (unsigned char)(0xff << (8 - keep));

		if (n->addr[i] & ~mask)
			return UTIL_NET_HOSTBITS;
	}
	return UTIL_NET_OK;
}

enum util_net_err
util_netlist_parse(const char *s, struct util_netlist *nl, char *bad,
    size_t badlen)
{
	const char *sep = " \t,";
	enum util_net_err e;

	memset(nl, 0, sizeof(*nl));
	if (badlen > 0)
		bad[0] = '\0';
	while (*(s += strspn(s, sep)) != '\0') {
		size_t wl = strcspn(s, sep);
		char w[NET_WORD_MAX + 1];

		if (badlen > 0) {
			size_t k = wl < badlen - 1 ? wl : badlen - 1;

			memcpy(bad, s, k);
			bad[k] = '\0';
		}
		if (wl > NET_WORD_MAX - 1)
			return UTIL_NET_ADDR;
		memcpy(w, s, wl);
		w[wl] = '\0';
		if (nl->n == UTIL_NETS_MAX)
			return UTIL_NET_TOOMANY;
		if ((e = netlist_word(w, &nl->net[nl->n])) != UTIL_NET_OK)
			return e;
		nl->n++;
		s += wl;
	}
	if (badlen > 0)
		bad[0] = '\0';
	return UTIL_NET_OK;
}

static int
netlist_in(const struct util_net *n, int family, const unsigned char *a)
{
	int full = n->bits / 8, rest = n->bits % 8;

	if (n->family != family || memcmp(n->addr, a, full) != 0)
		return 0;
	return rest == 0 ||
	    ((a[full] ^ n->addr[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int
util_netlist_match(const struct util_netlist *nl, const char *addr)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	unsigned char a[16];
	int family;
	size_t i;

	if (inet_pton(AF_INET, addr, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, a) == 1) {
		family = AF_INET6;
		/* ::ffff:10.1.2.3 from a dual-stack socket is 10.1.2.3 */
		if (memcmp(a, mapped, sizeof(mapped)) == 0) {
			memmove(a, a + 12, 4);
			family = AF_INET;
		}
	} else
		return 0;
	for (i = 0; i < nl->n; i++)
		if (netlist_in(&nl->net[i], family, a))
			return 1;
	return 0;
}

static int
startups_num(const char **s, long *v, int last)
{
	char *end;

	if (**s < '0' || **s > '9')
		return -1;
	*v = strtol(*s, &end, 10);
	if (end - *s > 6 || *end != (last ? '\0' : ':'))
		return -1;
	*s = end + !last;
	return 0;
}

int
util_startups_parse(const char *s, long *start, long *rate, long *full)
{
	if (startups_num(&s, start, 0) == -1 ||
	    startups_num(&s, rate, 0) == -1 ||
	    startups_num(&s, full, 1) == -1)
		return -1;
	return *start >= 1 && *start <= *full && *rate >= 1 && *rate <= 100 ?
	    0 : -1;
}
