/*
 * A slow link on loopback: a TCP relay in a child process that holds
 * every chunk it reads from either side for a fixed delay before writing
 * it to the other (the kernel's netem is not there to do it). Each
 * direction is a queue of chunks stamped with the time they are due;
 * one poll loop reads, forwards what is due in order, and sleeps until
 * the next chunk is. One connection at a time; a closed side is passed
 * on (after the delay too) as a half close.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wan.h"

#define RELAY_READ	65536

struct relay_chunk {
	struct relay_chunk	*next;
	int64_t			 due_ns;
	size_t			 len, off;	/* len 0: the sender closed */
	char			 data[];
};

/* One direction: bytes read from `from` are queued for `to`. */
struct relay_dir {
	int			 from, to;
	int			 read_eof;	/* from closed: read no more */
	int			 sent_eof;	/* passed on to `to` */
	struct relay_chunk	*head, *tail;
	volatile uint64_t	*count, *chunks;
};

static int64_t
relay_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
relay_nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Read what is there into a chunk due delay from now (an end or a read
 * error queued as the sender's close); -1 when out of memory. */
static int
relay_read(struct relay_dir *d, int64_t delay_ns)
{
	struct relay_chunk *c = malloc(sizeof(*c) + RELAY_READ);
	ssize_t n;

	if (c == NULL)
		return -1;
	n = read(d->from, c->data, RELAY_READ);
	if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
		free(c);
		return 0;
	}
	c->next = NULL;
	c->due_ns = relay_now_ns() + delay_ns;
	c->len = n > 0 ? (size_t)n : 0;
	c->off = 0;
	if (n <= 0)
		d->read_eof = 1;
	if (d->tail != NULL)
		d->tail->next = c;
	else
		d->head = c;
	d->tail = c;
	return 0;
}

/* Write what is due, in order; -1 when the other side is gone. */
static int
relay_write(struct relay_dir *d, int64_t now)
{
	struct relay_chunk *c;
	ssize_t n;

	while ((c = d->head) != NULL && c->due_ns <= now) {
		if (c->len == 0) {
			shutdown(d->to, SHUT_WR);
			d->sent_eof = 1;
		}
		while (c->off < c->len) {
			n = write(d->to, c->data + c->off, c->len - c->off);
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				return 0;	/* POLLOUT says when */
			if (n <= 0)
				return -1;
			c->off += n;
			__atomic_add_fetch(d->count, (uint64_t)n,
			    __ATOMIC_RELAXED);
		}
		__atomic_add_fetch(d->chunks, 1, __ATOMIC_RELAXED);
		d->head = c->next;
		if (d->head == NULL)
			d->tail = NULL;
		free(c);
	}
	return 0;
}

static void
relay_dir_clear(struct relay_dir *d)
{
	struct relay_chunk *c;

	while ((c = d->head) != NULL) {
		d->head = c->next;
		free(c);
	}
	d->tail = NULL;
}

/* The poll timeout: until the first chunk due in either direction. */
static int
relay_timeout(const struct relay_dir dir[2], int64_t now)
{
	int64_t next = -1;
	int i;

	for (i = 0; i < 2; i++)
		if (dir[i].head != NULL && (next == -1 ||
		    dir[i].head->due_ns < next))
			next = dir[i].head->due_ns;
	if (next == -1)
		return -1;
	return next <= now ? 0 : (int)((next - now + 999999) / 1000000);
}

/* One client and its upstream connection, until both sides closed. */
static void
relay_conn(int client, int upstream, struct wan_counts *wc, int64_t delay)
{
	struct relay_dir dir[2] = {
		{ .from = client, .to = upstream, .count = &wc->up,
		  .chunks = &wc->up_chunks },
		{ .from = upstream, .to = client, .count = &wc->down,
		  .chunks = &wc->down_chunks },
	};
	struct pollfd pfd[2];
	int i, broken = 0;

	while (!broken && !(dir[0].sent_eof && dir[1].sent_eof)) {
		int64_t now = relay_now_ns();

		for (i = 0; i < 2; i++) {
			pfd[i].fd = dir[i].from;
			pfd[i].events = dir[i].read_eof ? 0 : POLLIN;
			/* The other side's socket, writable again. */
			if (dir[1 - i].head != NULL &&
			    dir[1 - i].head->due_ns <= now)
				pfd[i].events |= POLLOUT;
			if (pfd[i].events == 0)
				pfd[i].fd = -1;
		}
		if (poll(pfd, 2, relay_timeout(dir, now)) == -1 &&
		    errno != EINTR)
			break;
		for (i = 0; i < 2 && !broken; i++)
			if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    !dir[i].read_eof)
				broken = relay_read(&dir[i], delay) == -1;
		now = relay_now_ns();
		for (i = 0; i < 2 && !broken; i++)
			broken = relay_write(&dir[i], now) == -1;
	}
	for (i = 0; i < 2; i++)
		relay_dir_clear(&dir[i]);
	close(client);
	close(upstream);
}

static int
relay_connect(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) ==
	    -1) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

static void __attribute__((noreturn))
relay_main(int lfd, int upstream, int delay_ms, struct wan_counts *wc)
{
	int client, up;

	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		if ((client = accept(lfd, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if ((up = relay_connect(upstream)) == -1) {
			close(client);
			continue;
		}
		__atomic_add_fetch(&wc->conns, 1, __ATOMIC_RELAXED);
		relay_nodelay(client);
		relay_nodelay(up);
		relay_conn(client, up, wc, (int64_t)delay_ms * 1000000);
	}
}

int
wan_relay_start(struct wan_relay *r, int upstream, int delay_ms)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int lfd;

	memset(r, 0, sizeof(*r));
	r->counts = mmap(NULL, sizeof(*r->counts), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r->counts == MAP_FAILED) {
		r->counts = NULL;
		return -1;
	}
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(lfd, 4) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len) == -1) {
		if (lfd != -1)
			close(lfd);
		return -1;
	}
	r->port = ntohs(sin.sin_port);
	if ((r->pid = fork()) == 0)
		relay_main(lfd, upstream, delay_ms, r->counts);
	close(lfd);
	return r->pid > 0 ? 0 : -1;
}

void
wan_relay_stop(struct wan_relay *r)
{
	if (r->pid > 0) {
		kill(r->pid, SIGTERM);
		waitpid(r->pid, NULL, 0);
		r->pid = 0;
	}
	if (r->counts != NULL)
		munmap(r->counts, sizeof(*r->counts));
	r->counts = NULL;
}
