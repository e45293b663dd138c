/*
 * The config file (/etc/madoguchi/madoguchi.conf, madoguchi.conf(5)): one
 * "key value" a line, '#' starts a comment, blank lines ignored. The keys
 * are a table; each names the sshd_args field it fills. A key given twice,
 * an unknown key or a line without a value is an error with its line
 * number. Options on the command line win over the file.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"
#include "sshd.h"

#define CONF_LINE_MAX	1024

static const struct {
	const char	*key;
	size_t		 off;	/* a const char * in struct sshd_args */
} conf_key_table[] = {
	{ "listen", offsetof(struct sshd_args, listen) },
	{ "state", offsetof(struct sshd_args, state) },
	{ "user", offsetof(struct sshd_args, user) },
	{ "ui", offsetof(struct sshd_args, ui) },
};

/* One line (comment and blanks stripped) into a; -1 with err. */
static int
conf_line(char *line, struct sshd_args *a, unsigned char *seen, char *err,
    size_t errlen)
{
	char *key, *val, *end;
	const char **slot;
	size_t i;

	if ((end = strchr(line, '#')) != NULL)
		*end = '\0';
	key = line + strspn(line, " \t");
	if (*key == '\0' || *key == '\n')
		return 0;
	val = key + strcspn(key, " \t\n");
	if (*val != '\0')
		*val++ = '\0';
	val += strspn(val, " \t");
	end = val + strlen(val);
	while (end > val && strchr(" \t\r\n", end[-1]) != NULL)
		*--end = '\0';
	for (i = 0; i < nitems(conf_key_table); i++)
		if (strcmp(key, conf_key_table[i].key) == 0)
			break;
	if (i == nitems(conf_key_table)) {
		snprintf(err, errlen, "unknown key \"%.32s\"", key);
		return -1;
	}
	if (*val == '\0' || strpbrk(val, " \t") != NULL) {
		snprintf(err, errlen, "%s wants one value", key);
		return -1;
	}
	if (seen[i]++) {
		snprintf(err, errlen, "%s given twice", key);
		return -1;
	}
	slot = (const char **)(void *)((char *)a + conf_key_table[i].off);
	if (*slot == NULL)		/* the command line wins */
		*slot = a->conf_mem[i] = xstrdup(val);
	return 0;
}

void
sshd_conf_free(struct sshd_args *a)
{
	size_t i;

	for (i = 0; i < nitems(a->conf_mem); i++) {
		free(a->conf_mem[i]);
		a->conf_mem[i] = NULL;
	}
}

int
sshd_conf_read(const char *path, struct sshd_args *a, char *err,
    size_t errlen)
{
	unsigned char seen[nitems(conf_key_table)] = { 0 };

	_Static_assert(nitems(conf_key_table) <= nitems(a->conf_mem),
	    "conf_mem holds every key");
	char line[CONF_LINE_MAX], why[160];
	FILE *f = fopen(path, "r");
	int n = 0, rc = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		n++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, n);
			rc = -1;
		} else if (conf_line(line, a, seen, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "%s:%d: %s", path, n, why);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}
