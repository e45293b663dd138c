/*
 * A stand-in for `madoguchi ui` in the server tests until the real UI
 * shows its menu: it prints what the server gave it (clerk, session, TERM,
 * terminal size), reports window changes, echoes each typed line as
 * "echo:<line>", exits with status 3 on the line "quit" and crashes
 * (abort) on the line "crash".
 * Takes the same argv as the UI: ui --state DIR.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static volatile sig_atomic_t winch;

static void
fake_winch(int sig)
{
	(void)sig;
	winch = 1;
}

static void
fake_size(const char *what)
{
	struct winsize ws = { 0 };

	ioctl(0, TIOCGWINSZ, &ws);
	printf("%s:%dx%d\r\n", what, ws.ws_col, ws.ws_row);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	const char *env[] = { "MADOGUCHI_CLERK", "MADOGUCHI_SESSION",
	    "MADOGUCHI_STATE", "TERM", "LANG", "LC_ALL", "PATH", "HOME" };
	struct sigaction sa = { .sa_handler = fake_winch };
	char line[512];
	size_t i;

	if (argc != 4 || strcmp(argv[1], "ui") != 0 ||
	    strcmp(argv[2], "--state") != 0)
		return 2;
	sigaction(SIGWINCH, &sa, NULL);
	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		const char *v = getenv(env[i]);

		printf("%s=%s\r\n", env[i], v != NULL ? v : "(unset)");
	}
	printf("state-arg=%s\r\n", argv[3]);
	fake_size("size");
	for (;;) {
		if (fgets(line, sizeof(line), stdin) == NULL) {
			if (winch) {
				winch = 0;
				clearerr(stdin);
				fake_size("resized");
				continue;
			}
			return 1;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, "quit") == 0)
			return 3;
		if (strcmp(line, "crash") == 0)
			abort();
		printf("echo:%s\r\n", line);
		fflush(stdout);
	}
}
