/*
 * madoguchi-vcard --profile FILE [--port N] [--host ADDR] [--state FILE]
 *     [--admin SOCKET] [--die-after-apdus N]
 * The emulated card's process: a TCP client of pcscd's vpcd driver (server
 * mode), reconnecting every 100 ms for as long as it runs, plus a Unix
 * socket for the admin channel. vpcd frames are a 2-byte big-endian length
 * and a payload; a 1-byte payload is control (00 off, 01 on, 02 reset,
 * 04 get ATR), anything longer a C-APDU answered with an R-APDU.
 * One thread, one poll loop; every answer is immediate.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "vcard.h"

#define VCARD_ADMIN_MAX		8
#define VCARD_LINE_MAX		(256 * 1024)

struct vcard_admin_conn {
	int	fd;
	char	*buf;
	size_t	len;
};

static volatile sig_atomic_t vcard_quit;

static void
vcard_sig_cb(int sig)
{
	(void)sig;
	vcard_quit = 1;
}

static void
vcard_usage(void)
{
	fprintf(stderr, "usage: madoguchi-vcard --profile FILE [--port 35963] "
	    "[--host 127.0.0.1] [--state FILE] [--admin SOCKET] "
	    "[--die-after-apdus N]\n");
	exit(2);
}

static int
vcard_read_full(int fd, unsigned char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = read(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One frame in one segment. */
static int
vcard_send_frame(int fd, const unsigned char *p, size_t n)
{
	unsigned char buf[2 + 4096];

	if (n > sizeof(buf) - 2)
		return -1;
	buf[0] = (unsigned char)(n >> 8);
	buf[1] = (unsigned char)n;
	memcpy(buf + 2, p, n);
	if (send(fd, buf, n + 2, MSG_NOSIGNAL) != (ssize_t)(n + 2))
		return -1;
	return 0;
}

/* vpcd writes a frame's length and payload separately; with Nagle on its
 * side every frame would wait for our delayed ACK (40 ms). ACK at once. */
static void
vcard_quickack(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
}

static int
vcard_connect(const char *host, int port)
{
	struct sockaddr_in sin;
	int fd, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		fatalx("bad host %s", host);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fatal("socket");
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	log_info("connected to vpcd at %s:%d", host, port);
	return fd;
}

/* One frame from vpcd; -1 when the link is gone. */
static int
vcard_vpcd_frame(struct vcard *vc, int fd)
{
	unsigned char hdr[2], in[65536], out[4096];
	size_t n, outlen;
	int rc;

	vcard_quickack(fd);
	if (vcard_read_full(fd, hdr, 2) == -1)
		return -1;
	n = (size_t)(hdr[0] << 8 | hdr[1]);
	vcard_quickack(fd);
	if (vcard_read_full(fd, in, n) == -1)
		return -1;
	vcard_quickack(fd);
	if (n == 1) {
		switch (in[0]) {
		case 0x00:	/* power off */
		case 0x01:	/* power on */
		case 0x02:	/* reset */
			vcard_session_reset(vc);
			return 0;
		case 0x04:
			return vcard_send_frame(fd, vc->atr, vc->atrlen);
		default:
			log_warnx("vpcd: unknown control byte %02x", in[0]);
			return 0;
		}
	}
	if (n == 0)
		return 0;
	vcard_apdu_count(vc);
	outlen = vcard_apdu(vc, in, n, out, sizeof(out));
	secure_wipe(in, n);	/* a VERIFY or CHANGE carries a PIN */
	rc = vcard_send_frame(fd, out, outlen);
	secure_wipe(out, outlen);
	return rc;
}

static int
vcard_admin_listen(const char *path)
{
	struct sockaddr_un sun;
	mode_t old;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		fatalx("admin socket path too long");
	strlcpy_m(sun.sun_path, path, sizeof(sun.sun_path));
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fatal("socket");
	old = umask(0117);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		fatal("bind %s", path);
	umask(old);
	if (listen(fd, 8) == -1)
		fatal("listen");
	return fd;
}

/* Read what a admin client sent; answer each complete line. -1: close. */
static int
vcard_admin_input(struct vcard *vc, struct vcard_admin_conn *a)
{
	char tmp[8192], *nl, *resp;
	ssize_t n;
	size_t linelen;

	if ((n = read(a->fd, tmp, sizeof(tmp))) <= 0)
		return -1;
	if (a->len + (size_t)n > VCARD_LINE_MAX)
		return -1;
	a->buf = xreallocarray(a->buf, a->len + (size_t)n + 1, 1);
	memcpy(a->buf + a->len, tmp, (size_t)n);
	a->len += (size_t)n;
	a->buf[a->len] = '\0';
	while ((nl = memchr(a->buf, '\n', a->len)) != NULL) {
		*nl = '\0';
		linelen = (size_t)(nl - a->buf) + 1;
		resp = vcard_admin_handle(vc, a->buf);
		secure_wipe(a->buf, linelen);
		memmove(a->buf, nl + 1, a->len - linelen);
		a->len -= linelen;
		if (resp == NULL || send(a->fd, resp, strlen(resp),
		    MSG_NOSIGNAL) == -1 || send(a->fd, "\n", 1, MSG_NOSIGNAL) != 1) {
			free(resp);
			return -1;
		}
		free(resp);
	}
	return 0;
}

static void
vcard_admin_close(struct vcard_admin_conn *a)
{
	close(a->fd);
	if (a->buf != NULL)
		secure_wipe(a->buf, a->len);
	free(a->buf);
	a->fd = -1;
	a->buf = NULL;
	a->len = 0;
}

static void
vcard_loop(struct vcard *vc, const char *host, int port, int lfd)
{
	struct vcard_admin_conn adm[VCARD_ADMIN_MAX];
	struct pollfd pfd[2 + VCARD_ADMIN_MAX];
	int vfd = -1, i, n, fd;
	int64_t next_try = 0;

	for (i = 0; i < VCARD_ADMIN_MAX; i++)
		adm[i].fd = -1, adm[i].buf = NULL, adm[i].len = 0;
	while (!vcard_quit) {
		if (vfd == -1 && util_now_ms() >= next_try) {
			if ((vfd = vcard_connect(host, port)) == -1)
				next_try = util_now_ms() + 100;
			vcard_session_reset(vc);
		}
		n = 0;
		pfd[n++] = (struct pollfd){ vfd, POLLIN, 0 };
		pfd[n++] = (struct pollfd){ lfd, POLLIN, 0 };
		for (i = 0; i < VCARD_ADMIN_MAX; i++)
			pfd[n++] = (struct pollfd){ adm[i].fd, POLLIN, 0 };
		if (poll(pfd, (nfds_t)n, vfd == -1 ? 100 : 1000) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (vfd != -1 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    vcard_vpcd_frame(vc, vfd) == -1) {
			log_info("vpcd link closed; reconnecting");
			close(vfd);
			vfd = -1;
			next_try = util_now_ms() + 100;
		}
		if (lfd != -1 && (pfd[1].revents & POLLIN) &&
		    (fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) != -1) {
			for (i = 0; i < VCARD_ADMIN_MAX && adm[i].fd != -1; i++)
				;
			if (i == VCARD_ADMIN_MAX)
				close(fd);
			else
				adm[i].fd = fd;
		}
		for (i = 0; i < VCARD_ADMIN_MAX; i++)
			if (adm[i].fd != -1 && pfd[2 + i].revents != 0 &&
			    vcard_admin_input(vc, &adm[i]) == -1)
				vcard_admin_close(&adm[i]);
	}
	for (i = 0; i < VCARD_ADMIN_MAX; i++)
		if (adm[i].fd != -1)
			vcard_admin_close(&adm[i]);
	if (vfd != -1)
		close(vfd);
}

int
main(int argc, char **argv)
{
	struct vcard vc;
	const char *profile = NULL, *admin = NULL, *host = "127.0.0.1";
	int i, port = 35963, lfd = -1;

	memset(&vc, 0, sizeof(vc));
	log_init("madoguchi-vcard", LOG_LEVEL_INFO);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v == NULL)
			vcard_usage();
		if (strcmp(a, "--profile") == 0)
			profile = v;
		else if (strcmp(a, "--port") == 0)
			port = atoi(v);
		else if (strcmp(a, "--host") == 0)
			host = v;
		else if (strcmp(a, "--state") == 0)
			vc.state_path = xstrdup(v);
		else if (strcmp(a, "--admin") == 0)
			admin = v;
		else if (strcmp(a, "--die-after-apdus") == 0)
			vc.die_after = atol(v);
		else
			vcard_usage();
		i++;
	}
	if (profile == NULL || port <= 0 || port > 65535)
		vcard_usage();
	if (vcard_profile_load(&vc, profile) == -1 || vcard_state_load(&vc) == -1)
		return 1;
	if (vc.state_path != NULL && vcard_state_save(&vc) == -1)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, vcard_sig_cb);
	signal(SIGINT, vcard_sig_cb);
	if (admin != NULL)
		lfd = vcard_admin_listen(admin);
	log_info("card %s ready (vpcd %s:%d%s%s)", vc.card_number, host, port,
	    admin != NULL ? ", admin " : "", admin != NULL ? admin : "");
	vcard_loop(&vc, host, port, lfd);
	if (lfd != -1) {
		close(lfd);
		unlink(admin);
	}
	vcard_free(&vc);
	return 0;
}
