/*
 * Backups of a state directory while clerks work, and a new state made
 * from one. A backup directory mirrors the state's layout (madoguchi.db,
 * ca/ca.db, the ca/ certs, ca/crl/, audit/head, audit/keys/), with the
 * private keys, when asked, sealed under keys/<their path> (issuer_keys.c),
 * and a MANIFEST naming every file with its size and SHA-256, written last.
 * The audit head is copied before the databases' snapshot: the head only
 * moves after a commit, so the copy holds at least the entries it signs.
 * A restore verifies the trail against that head before it adds its own
 * row, then signs a head over the whole trail with the backup's audit
 * key or, when the backup has none, a new one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* The audit trail's signed head and keys (being built with the audit
 * signer; the lead moves these names to state.h at merge). */
#define BK_AUDIT_HEAD	STATE_AUDIT_HEAD
#define BK_AUDIT_KEYS	STATE_AUDIT_KEYS_DIR
#define BK_AUDIT_KEY	STATE_AUDIT_KEY
#define BK_KEYS_DIR	"keys"		/* sealed keys in a backup */
#define BK_MAGIC	"madoguchi-backup 1"

/* The CA's files a backup copies as they are (certs; the CRLs are
 * copied from ca/crl/ whatever they are named) and its keys, sealed. */
static const char *const bk_ca_cert_table[] = {
	"ca/root.pem", "ca/signature.pem", "ca/user.pem",
};
static const char *const bk_key_table[] = {
	"ca/root.key", "ca/signature.key", "ca/user.key", BK_AUDIT_KEY,
};

/* Now as the store stamps it (ISO-8601 UTC, the day MADOGUCHI_TODAY's
 * when fixed). */
static void
bk_now(char buf[21])
{
	time_t now = time(NULL);
	struct tm tm;
	char today[11];

	gmtime_r(&now, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (util_test_switch("MADOGUCHI_TODAY") != NULL) {
		util_today(today);
		memcpy(buf, today, 10);
	}
}

struct bk_files {
	char	**rel;
	int	  n, cap;
};

static void
bk_files_add(struct bk_files *f, const char *rel)
{
	if (f->n == f->cap) {
		f->cap = f->cap == 0 ? 16 : f->cap * 2;
		f->rel = xreallocarray(f->rel, (size_t)f->cap, sizeof(char *));
	}
	f->rel[f->n++] = xstrdup(rel);
}

static void
bk_files_clear(struct bk_files *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		free(f->rel[i]);
	free(f->rel);
	memset(f, 0, sizeof(*f));
}

/* mkdir -p with mode for each directory made. */
static int
bk_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX], *p;

	if (strlcpy_m(buf, path, sizeof(buf)) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, mode) == -1 && errno != EEXIST ? -1 : 0;
}

/* 1 when path is absent or an empty directory, 0 when it holds
 * something, -1 when it is not a directory. */
static int
bk_empty(const char *path)
{
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int empty = 1;

	if (stat(path, &sb) == -1)
		return errno == ENOENT ? 1 : -1;
	if (!S_ISDIR(sb.st_mode) || (d = opendir(path)) == NULL)
		return -1;
	while (empty && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* Copy a regular file with mode, fsynced. */
static int
bk_copy(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	ssize_t n;
	int in, out, rc = 0;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) ==
	    -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	if (n < 0 || fsync(out) == -1)
		rc = -1;
	close(in);
	if (close(out) == -1)
		rc = -1;
	return rc;
}

static int
bk_write(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	int rc = 0;

	if (fd == -1)
		return -1;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) == -1)
		rc = -1;
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/* SHA-256 (hex) and size of a file. */
static int
bk_hash(const char *path, char hex[65], int64_t *size)
{
	unsigned char buf[65536], md[32];
	unsigned int len = 0, i;
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("%s: EVP_MD_CTX_new", __func__);
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	*size = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		*size += n;
	}
	close(fd);
	EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return n < 0 ? -1 : 0;
}

struct bk {
	const char	*state, *out;
	int		 ca_unreadable;
	struct bk_files	 files;
	char		*msg;
	size_t		 msglen;
};

/* Copy STATE/rel to OUT/rel when it exists: 1 copied, 0 absent, -1. */
static int
bk_take(struct bk *b, const char *rel)
{
	char *from = xasprintf("%s/%s", b->state, rel);
	char *to = xasprintf("%s/%s", b->out, rel);
	char *slash = strrchr(to, '/');
	int rc = 0;

	if (access(from, F_OK) == 0) {
		*slash = '\0';
		rc = bk_mkdirs(to, 0700);
		*slash = '/';
		if (rc == 0)
			rc = bk_copy(from, to, 0600);
		if (rc == -1)
			snprintf(b->msg, b->msglen, "%s を %s に写せません (%s)。",
			    from, to, strerror(errno));
		else {
			bk_files_add(&b->files, rel);
			rc = 1;
		}
	}
	free(from);
	free(to);
	return rc;
}

/* Every file of STATE/dir whose name ends with suffix. */
static int
bk_take_dir(struct bk *b, const char *dir, const char *suffix)
{
	char *path = xasprintf("%s/%s", b->state, dir), *rel;
	struct dirent *de;
	size_t len, sl = strlen(suffix);
	DIR *d = opendir(path);
	int rc = 0;

	free(path);
	if (d == NULL)
		return 0;
	while (rc != -1 && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= sl ||
		    strcmp(de->d_name + len - sl, suffix) != 0)
			continue;
		rel = xasprintf("%s/%s", dir, de->d_name);
		rc = bk_take(b, rel);
		free(rel);
	}
	closedir(d);
	return rc == -1 ? -1 : 0;
}

static int
bk_seal_keys(struct bk *b, const char *pass)
{
	char err[256], *from, *to, *slash;
	size_t i;
	int rc = 0;

	for (i = 0; i < nitems(bk_key_table) && rc == 0; i++) {
		from = xasprintf("%s/%s", b->state, bk_key_table[i]);
		to = xasprintf("%s/%s/%s", b->out, BK_KEYS_DIR,
		    bk_key_table[i]);
		if (access(from, F_OK) == 0) {
			slash = strrchr(to, '/');
			*slash = '\0';
			rc = bk_mkdirs(to, 0700);
			*slash = '/';
			if (rc == 0 && (rc = issuer_key_seal(from, to, pass, err,
			    sizeof(err))) == -1)
				snprintf(b->msg, b->msglen, "鍵 %s を暗号化して"
				    "写せません (%s)。", from, err);
			if (rc == 0) {
				char *rel = xasprintf("%s/%s", BK_KEYS_DIR,
				    bk_key_table[i]);
				bk_files_add(&b->files, rel);
				free(rel);
			}
		}
		free(from);
		free(to);
	}
	return rc;
}

/* The MANIFEST, written last: what a restore checks. */
static int
bk_manifest(struct bk *b, const char *at, int with_keys, int head,
    int64_t *total)
{
	struct proc_text t = { NULL, 0, 0 };
	char hex[65], *path;
	int64_t size;
	int i, rc;

	proc_text_add(&t, "%s\ncreated %s\nsource %s\nschema %d\nkeys %d\n"
	    "audit-head %d\n", BK_MAGIC, at, b->state, store_schema_latest(),
	    with_keys, head);
	*total = 0;
	for (i = 0; i < b->files.n; i++) {
		path = xasprintf("%s/%s", b->out, b->files.rel[i]);
		rc = bk_hash(path, hex, &size);
		free(path);
		if (rc == -1) {
			snprintf(b->msg, b->msglen, "%s を読めません。",
			    b->files.rel[i]);
			free(t.buf);
			return -1;
		}
		*total += size;
		proc_text_add(&t, "file %lld %s %s\n", (long long)size, hex,
		    b->files.rel[i]);
	}
	proc_text_add(&t, "end\n");
	path = xasprintf("%s/%s", b->out, PROC_BACKUP_MANIFEST);
	rc = bk_write(path, t.buf, t.len, 0600);
	if (rc == -1)
		snprintf(b->msg, b->msglen, "%s を書けません (%s)。", path,
		    strerror(errno));
	*total += (int64_t)t.len;
	free(path);
	free(t.buf);
	return rc;
}

struct bk_record {
	const struct store_backup	*row;
};

static int
bk_record_cb(struct store *st, void *arg)
{
	const struct store_backup *row = arg;

	if (store_backup_record(st, row) == -1)
		return -1;
	return proc_audit_backup(st, row->actor, row->dir,
	    (long long)row->size, row->with_keys);
}

/* The databases copied and checked. */
static int
bk_databases(struct bk *b, struct store *st)
{
	char *ca = xasprintf("%s/%s/%s", b->state, STATE_CA_DIR, "ca.db");
	char *odb = xasprintf("%s/%s", b->out, STATE_DB);
	char *oca = xasprintf("%s/%s/%s", b->out, STATE_CA_DIR, "ca.db");
	char *ocadir = xasprintf("%s/%s", b->out, STATE_CA_DIR);
	char err[512];
	int has_ca = access(ca, F_OK) == 0, rc = -1;

	if (!has_ca && errno == EACCES)
		b->ca_unreadable = 1;

	if (has_ca && bk_mkdirs(ocadir, 0700) == -1) {
		snprintf(b->msg, b->msglen, "%s を作成できません (%s)。",
		    ocadir, strerror(errno));
		goto out;
	}
	if (store_snapshot(st, has_ca ? ca : NULL, odb, oca) == -1) {
		snprintf(b->msg, b->msglen, "データベースを写せません (%s)。",
		    store_errmsg(st));
		goto out;
	}
	if (store_file_check(odb, err, sizeof(err)) == -1 ||
	    (has_ca && store_file_check(oca, err, sizeof(err)) == -1)) {
		snprintf(b->msg, b->msglen, "写したデータベースが壊れています"
		    " (%s)。", err);
		goto out;
	}
	chmod(odb, 0600);
	bk_files_add(&b->files, STATE_DB);
	if (has_ca) {
		chmod(oca, 0600);
		bk_files_add(&b->files, STATE_CA_DIR "/ca.db");
	}
	rc = 0;
out:
	free(ca);
	free(odb);
	free(oca);
	free(ocadir);
	return rc;
}

int
proc_backup_make(struct store *st, const char *state_dir, const char *out_dir,
    const char *actor, const char *passphrase, struct proc_backup_result *res,
    char *msg, size_t msglen)
{
	struct store_backup row;
	char real[PATH_MAX], out_real[PATH_MAX];
	struct bk b = { .files = { NULL, 0, 0 }, .msg = msg, .msglen = msglen };
	int head, e, rc = -1;

	memset(res, 0, sizeof(*res));
	if ((e = bk_empty(out_dir)) != 1) {
		snprintf(msg, msglen, e == 0 ? "%s は空ではありません。新しい"
		    "ディレクトリを指定してください。" : "%s はディレクトリでは"
		    "ありません。", out_dir);
		return -1;
	}
	if (passphrase != NULL && strlen(passphrase) < PROC_BACKUP_PASS_MIN) {
		snprintf(msg, msglen, "鍵を守るパスフレーズは %d 文字以上に"
		    "してください。", PROC_BACKUP_PASS_MIN);
		return -1;
	}
	if (realpath(state_dir, real) == NULL || bk_mkdirs(out_dir, 0700) ==
	    -1 || realpath(out_dir, out_real) == NULL) {
		snprintf(msg, msglen, "%s を作成できません (%s)。", out_dir,
		    strerror(errno));
		return -1;
	}
	chmod(out_real, 0700);
	b.state = real;
	b.out = out_real;
	memset(&row, 0, sizeof(row));
	bk_now(row.at);
	/* The head before the snapshot (see the top of this file). */
	if ((head = bk_take(&b, BK_AUDIT_HEAD)) == -1 ||
	    bk_take_dir(&b, BK_AUDIT_KEYS, ".pub") == -1 ||
	    bk_databases(&b, st) == -1)
		goto fail;
	for (size_t i = 0; i < nitems(bk_ca_cert_table); i++)
		if (bk_take(&b, bk_ca_cert_table[i]) == -1)
			goto fail;
	if (bk_take_dir(&b, STATE_CA_DIR "/crl", ".crl") == -1 ||
	    (passphrase != NULL && bk_seal_keys(&b, passphrase) == -1) ||
	    bk_manifest(&b, row.at, passphrase != NULL, head == 1,
	    &row.size) == -1)
		goto fail;
	strlcpy_m(row.dir, out_real, sizeof(row.dir));
	strlcpy_m(row.actor, actor, sizeof(row.actor));
	row.with_keys = passphrase != NULL;
	if (store_tx(st, bk_record_cb, &row) == -1) {
		snprintf(msg, msglen, "バックアップは %s にできましたが、記録を"
		    "書けません (%s)。", out_real, store_errmsg(st));
		goto out;
	}
	memcpy(res->at, row.at, sizeof(res->at));
	strlcpy_m(res->dir, out_real, sizeof(res->dir));
	res->size = row.size;
	res->files = b.files.n + 1;
	res->with_keys = row.with_keys;
	res->audit_head = head == 1;
	res->ca_unreadable = b.ca_unreadable;
	rc = 0;
	goto out;
fail:
	/* Nothing half made stays behind to be mistaken for a backup. */
	(void)util_rmtree(out_real);
out:
	bk_files_clear(&b.files);
	return rc;
}

char *
proc_backup_default_dir(const char *state_dir)
{
	char at[21], name[32];
	int i, j;

	bk_now(at);
	/* 2026-12-02T02:30:00Z -> 20261202-023000 */
	for (i = 0, j = 0; at[i] != '\0' && at[i] != 'Z' && j < 20; i++) {
		if (at[i] == '-' || at[i] == ':')
			continue;
		name[j++] = at[i] == 'T' ? '-' : at[i];
	}
	name[j] = '\0';
	return xasprintf("%s/%s/%s", state_dir, PROC_BACKUP_DIR, name);
}

/* ---- Restore -------------------------------------------------------- */

/* A path a MANIFEST may name: relative, no "..", letters, digits, ._-/. */
static int
bk_rel_ok(const char *rel)
{
	const char *p;

	if (*rel == '\0' || *rel == '/' || strstr(rel, "..") != NULL ||
	    strcmp(rel, PROC_BACKUP_MANIFEST) == 0)
		return 0;
	for (p = rel; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-' || *p == '/'))
			return 0;
	return 1;
}

struct bk_walk {
	const char		*top;
	const struct bk_files	*listed;
	char			 stray[256];
};

static struct bk_walk *bk_walk_ctx;	/* nftw has no argument */

static int
bk_walk_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	struct bk_walk *w = bk_walk_ctx;
	const char *rel = path + strlen(w->top) + 1;
	int i;

	(void)sb;
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DP || strlen(path) <= strlen(w->top))
		return 0;
	if (flag != FTW_F) {
		strlcpy_m(w->stray, rel, sizeof(w->stray));
		return 1;
	}
	if (strcmp(rel, PROC_BACKUP_MANIFEST) == 0)
		return 0;
	for (i = 0; i < w->listed->n; i++)
		if (strcmp(w->listed->rel[i], rel) == 0)
			return 0;
	strlcpy_m(w->stray, rel, sizeof(w->stray));
	return 1;
}

static int
bk_manifest_line(const char *dir, char *line, struct proc_manifest *m,
    struct bk_files *files, char *msg, size_t msglen)
{
	char hex[65], want[65], rel[256], *path;
	long long size;
	int64_t got;
	int rc;

	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "created ", 8) == 0)
		strlcpy_m(m->created, line + 8, sizeof(m->created));
	else if (strncmp(line, "source ", 7) == 0)
		strlcpy_m(m->source, line + 7, sizeof(m->source));
	else if (sscanf(line, "schema %d", &m->schema) == 1 ||
	    sscanf(line, "keys %d", &m->with_keys) == 1 ||
	    sscanf(line, "audit-head %d", &m->audit_head) == 1)
		return 0;
	else if (strncmp(line, "file ", 5) == 0) {
		if (sscanf(line, "file %lld %64[0-9a-f] %255s", &size, want,
		    rel) != 3 || strlen(want) != 64 || !bk_rel_ok(rel)) {
			snprintf(msg, msglen, "MANIFEST の行が読めません: %.80s",
			    line);
			return -1;
		}
		path = xasprintf("%s/%s", dir, rel);
		rc = bk_hash(path, hex, &got);
		free(path);
		if (rc == -1) {
			snprintf(msg, msglen, "MANIFEST にある %s がありません。",
			    rel);
			return -1;
		}
		if (got != size || strcmp(hex, want) != 0) {
			/* A database also changes when merely opened for
			 * writing (WAL mode): say how that happens. */
			snprintf(msg, msglen, "%s が MANIFEST と一致しません "
			    "(大きさかSHA-256が違います)。壊れたか書き換えられ"
			    "たバックアップからは復元しません。%s", rel,
			    strstr(rel, ".db") != NULL ? "バックアップのデータ"
			    "ベースは madoguchi や sqlite3 で書き込みできるように"
			    "開いただけでも変わります。" : "");
			return -1;
		}
		bk_files_add(files, rel);
		m->nfiles++;
		m->size += size;
	} else if (strcmp(line, "end") == 0)
		return 1;
	return 0;
}

/* Read and check the MANIFEST; files gets the paths it lists. */
static int
bk_check(const char *dir, struct proc_manifest *m, struct bk_files *files,
    char *msg, size_t msglen)
{
	char line[1024], *path = xasprintf("%s/%s", dir, PROC_BACKUP_MANIFEST);
	struct bk_walk w = { dir, files, "" };
	FILE *f = fopen(path, "r");
	int rc = -1, end = 0, i, has_db = 0;

	free(path);
	memset(m, 0, sizeof(*m));
	if (f == NULL) {
		snprintf(msg, msglen, "%s にバックアップの MANIFEST がありませ"
		    "ん。", dir);
		return -1;
	}
	if (fgets(line, sizeof(line), f) == NULL ||
	    strncmp(line, BK_MAGIC "\n", strlen(BK_MAGIC) + 1) != 0) {
		snprintf(msg, msglen, "%s/MANIFEST はこのプログラムのバック"
		    "アップのものではありません。", dir);
		goto out;
	}
	while (!end && fgets(line, sizeof(line), f) != NULL)
		if ((end = bk_manifest_line(dir, line, m, files, msg, msglen))
		    == -1)
			goto out;
	for (i = 0; i < files->n; i++)
		has_db |= strcmp(files->rel[i], STATE_DB) == 0;
	if (end != 1 || !has_db || m->created[0] == '\0') {
		snprintf(msg, msglen, "%s/MANIFEST が途中で切れているか、データ"
		    "ベースを挙げていません。", dir);
		goto out;
	}
	bk_walk_ctx = &w;
	if (nftw(dir, bk_walk_cb, 16, FTW_PHYS) != 0) {
		snprintf(msg, msglen, "%s に MANIFEST にないファイル %s があり"
		    "ます。", dir, w.stray[0] != '\0' ? w.stray : "?");
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int
proc_backup_check(const char *dir, struct proc_manifest *m, char *msg,
    size_t msglen)
{
	struct bk_files files = { NULL, 0, 0 };
	int rc = bk_check(dir, m, &files, msg, msglen);

	bk_files_clear(&files);
	return rc;
}

/* The sealed keys opened with pass, in memory (clear[i] for files->rel[i]
 * under keys/, NULL for the others). */
static int
bk_unseal_all(const char *dir, const struct bk_files *files, const char *pass,
    char **clear, size_t *lens, char *msg, size_t msglen)
{
	char err[256], *path;
	int i;

	for (i = 0; i < files->n; i++) {
		if (strncmp(files->rel[i], BK_KEYS_DIR "/", strlen(BK_KEYS_DIR)
		    + 1) != 0)
			continue;
		if (pass == NULL) {
			snprintf(msg, msglen, "このバックアップには暗号化した鍵が"
			    "あります。パスフレーズが必要です。");
			return -1;
		}
		path = xasprintf("%s/%s", dir, files->rel[i]);
		clear[i] = issuer_key_unseal(path, pass, &lens[i], err,
		    sizeof(err));
		free(path);
		if (clear[i] == NULL) {
			snprintf(msg, msglen, "鍵 %s を開けません。パスフレーズ"
			    "が違います。", files->rel[i] + strlen(BK_KEYS_DIR)
			    + 1);
			return -1;
		}
	}
	return 0;
}

/* The state's layout as madoguchi init makes it. */
static const struct {
	const char	*rel;
	mode_t		 mode;
} bk_layout_table[] = {
	{ "ssh", 0700 }, { STATE_LOG_DIR, 0700 }, { STATE_RUN_DIR, 0750 },
	{ STATE_CA_DIR, 0700 }, { STATE_CARD_DIR, 0700 },
	{ STATE_AUDIT_DIR, 0700 }, { STATE_AUDIT_KEYS_DIR, 0700 },
};

static int
bk_place(const char *dir, const char *state, const struct bk_files *files,
    char **clear, size_t *lens, struct proc_restore_result *res, char *msg,
    size_t msglen)
{
	char *from, *to, *slash;
	size_t i;
	int k, rc = 0;

	for (i = 0; i < nitems(bk_layout_table); i++) {
		to = xasprintf("%s/%s", state, bk_layout_table[i].rel);
		if (mkdir(to, bk_layout_table[i].mode) == -1 && errno != EEXIST)
			rc = -1;
		free(to);
	}
	for (k = 0; k < files->n && rc == 0; k++) {
		const char *rel = files->rel[k];

		if (clear[k] != NULL)
			rel += strlen(BK_KEYS_DIR) + 1;
		from = xasprintf("%s/%s", dir, files->rel[k]);
		to = xasprintf("%s/%s", state, rel);
		slash = strrchr(to, '/');
		*slash = '\0';
		rc = bk_mkdirs(to, 0700);
		*slash = '/';
		if (rc == 0)
			rc = clear[k] != NULL ? bk_write(to, clear[k], lens[k],
			    0600) : bk_copy(from, to, 0600);
		if (rc == -1)
			snprintf(msg, msglen, "%s を書けません (%s)。", to,
			    strerror(errno));
		else if (clear[k] != NULL)
			res->keys++;
		else if (strcmp(rel, BK_AUDIT_HEAD) == 0)
			res->audit_head = 1;
		free(from);
		free(to);
	}
	return rc;
}

struct bk_restore_tx {
	const char				*actor, *dir;
	const struct proc_restore_result	*res;
};

static int
bk_restore_cb(struct store *st, void *arg)
{
	const struct bk_restore_tx *r = arg;

	return proc_audit_restore(st, r->actor, r->dir, r->res);
}

/* What verify found, for the admin: why, and the first bad entry. */
static void
bk_audit_why(const struct audit_report *r, char *buf, size_t size)
{
	if (r->bad_id > 0)
		snprintf(buf, size, "%s (最初の不正な記録: id %lld, %s, %s)",
		    r->why, (long long)r->bad_id, r->bad_at, r->bad_kind);
	else
		snprintf(buf, size, "%s", r->why);
}

/* The restored trail against the backup's signed head, before anything
 * is added to it: intact (rows after the head allowed), or refused
 * unless the admin accepted an unverified trail. 0 intact or only
 * unverifiable, 1 tampered and accepted, -1 refused (msg). */
static int
bk_audit_check(struct store *st, const char *state, int flags,
    struct proc_restore_result *res, char *msg, size_t msglen)
{
	struct audit_report r;

	if (audit_verify(st, state, &r) == -1) {
		snprintf(msg, msglen, "復元した監査記録を読めません (%s)。",
		    store_errmsg(st));
		return -1;
	}
	if (r.have_head)
		strlcpy_m(res->audit_old_keyid, r.head.keyid,
		    sizeof(res->audit_old_keyid));
	if (r.verdict == AUDIT_INTACT) {
		res->audit_verified = 1;
		return 0;
	}
	res->audit_bad_id = r.bad_id;
	bk_audit_why(&r, res->audit_why, sizeof(res->audit_why));
	if (flags & PROC_RESTORE_ACCEPT_UNVERIFIED)
		return r.verdict == AUDIT_TAMPERED;
	snprintf(msg, msglen, "バックアップの監査記録を署名済みの先頭で確かめら"
	    "れません: %s。書き換えられたかもしれない記録からは復元しません "
	    "(承知のうえで復元するには --accept-unverified を付けます)。",
	    res->audit_why);
	return -1;
}

/* The signer's key of the new state: the backup's when its keys were
 * restored, else a new one (the old public keys stay, so the old head
 * still verifies). The key is the caller's. */
static EVP_PKEY *
bk_audit_key(const char *state, struct proc_restore_result *res, char *msg,
    size_t msglen)
{
	char *path = state_path(state, STATE_AUDIT_KEY), err[320];
	int have = access(path, F_OK) == 0;
	EVP_PKEY *key;

	free(path);
	if (have) {
		if ((key = audit_key_load(state, err, sizeof(err))) != NULL)
			audit_keyid(key, res->audit_keyid);
	} else {
		key = audit_key_create(state, res->audit_keyid, err,
		    sizeof(err));
		res->audit_key_new = 1;
	}
	if (key == NULL)
		snprintf(msg, msglen, "監査記録の署名鍵を%s (%s)。", have ?
		    "読めません" : "作成できません", err);
	return key;
}

/* A head over the whole trail, the restore's row included, signed as
 * auditd signs. A trail accepted though tampered gets none: no head is
 * signed over a known break (audit verify keeps reporting it); one that
 * was only unverifiable (no head, no public key) is signed when its
 * chain allows. */
static int
bk_audit_sign(struct store *st, const char *state, EVP_PKEY *key,
    int tampered, struct proc_restore_result *res, char *msg, size_t msglen)
{
	struct audit_signer sg = { 0 };
	struct audit_head h;
	char err[320];

	if (tampered) {
		snprintf(res->audit_unsigned, sizeof(res->audit_unsigned),
		    "改ざんを示す記録の上には署名しません");
		return 0;
	}
	if (audit_advance(st, state, key, &sg, &h, err, sizeof(err)) == 0) {
		res->audit_signed = 1;
		res->audit_count = h.count;
		return 0;
	}
	snprintf(res->audit_unsigned, sizeof(res->audit_unsigned), "署名でき"
	    "ません: %s", err);
	if (!res->audit_verified)
		return 0;
	snprintf(msg, msglen, "復元した監査記録の先頭に署名できません (%s)。",
	    err);
	return -1;
}

/* The trail checked, the restore audited and signed for. */
static int
bk_audit(struct store *st, const char *state, const char *dir,
    const char *actor, int flags, struct proc_restore_result *res,
    char *msg, size_t msglen)
{
	struct bk_restore_tx tx = { actor, dir, res };
	EVP_PKEY *key;
	int tampered, rc = -1;

	if ((tampered = bk_audit_check(st, state, flags, res, msg, msglen)) ==
	    -1 || (key = bk_audit_key(state, res, msg, msglen)) == NULL)
		return -1;
	if (store_tx(st, bk_restore_cb, &tx) == -1)
		snprintf(msg, msglen, "復元を監査記録に書けません (%s)。",
		    store_errmsg(st));
	else
		rc = bk_audit_sign(st, state, key, tampered, res, msg, msglen);
	EVP_PKEY_free(key);
	return rc;
}

/* The new state's database brought to this program's schema, its trail
 * verified, the restore audited and signed, its figures counted. */
static int
bk_open_new(const char *state, const char *dir, const char *actor,
    int flags, struct proc_restore_result *res, char *msg, size_t msglen)
{
	struct store_counts c;
	struct store *st;
	char err[256];
	int rc = -1;

	if ((st = store_open(state, STORE_NOMIGRATE, err, sizeof(err))) ==
	    NULL) {
		snprintf(msg, msglen, "復元したデータベースを開けません (%s)。",
		    err);
		return -1;
	}
	if (store_migrate(st, &res->from_schema, &res->to_schema) == -1) {
		snprintf(msg, msglen, "復元したデータベースの更新に失敗しまし"
		    "た (%s)。", store_errmsg(st));
		goto out;
	}
	if (bk_audit(st, state, dir, actor, flags, res, msg, msglen) == -1)
		goto out;
	if (store_counts(st, &c) == -1) {
		snprintf(msg, msglen, "復元したデータベースを数えられません "
		    "(%s)。", store_errmsg(st));
		goto out;
	}
	res->clerks = c.clerks;
	res->applications = c.applications;
	res->audit = c.audit;
	res->persons = c.persons;
	rc = 0;
out:
	store_close(st);
	return rc;
}

int
proc_restore(const char *dir, const char *state, const char *actor,
    const char *passphrase, int flags, struct proc_restore_result *res,
    char *msg, size_t msglen)
{
	struct bk_files files = { NULL, 0, 0 };
	struct proc_manifest m;
	char real[PATH_MAX], **clear = NULL;
	size_t *lens = NULL;
	int e, i, made = 0, rc = -1;

	memset(res, 0, sizeof(*res));
	if ((e = bk_empty(state)) != 1) {
		snprintf(msg, msglen, e == 0 ? "%s は空ではありません。復元は新"
		    "しいディレクトリに行います。" : "%s はディレクトリではあり"
		    "ません。", state);
		return -1;
	}
	if (realpath(dir, real) == NULL) {
		snprintf(msg, msglen, "バックアップ %s は%s。", dir,
		    errno == ENOENT ? "ありません" : strerror(errno));
		return -1;
	}
	if (bk_check(real, &m, &files, msg, msglen) == -1)
		goto out;
	clear = xcalloc((size_t)files.n + 1, sizeof(*clear));
	lens = xcalloc((size_t)files.n + 1, sizeof(*lens));
	/* Every key opened before anything is made: a wrong passphrase
	 * leaves nothing behind. */
	if (bk_unseal_all(real, &files, passphrase, clear, lens, msg,
	    msglen) == -1)
		goto out;
	if (bk_mkdirs(state, 0700) == -1) {
		snprintf(msg, msglen, "%s を作成できません (%s)。", state,
		    strerror(errno));
		goto out;
	}
	made = 1;
	res->manifest = m;
	if (bk_place(real, state, &files, clear, lens, res, msg, msglen) ==
	    -1 || bk_open_new(state, real, actor, flags, res, msg, msglen) ==
	    -1)
		goto out;
	rc = 0;
out:
	for (i = 0; clear != NULL && i < files.n; i++)
		if (clear[i] != NULL) {
			secure_wipe(clear[i], lens[i]);
			free(clear[i]);
		}
	free(clear);
	free(lens);
	if (rc == -1 && made)
		(void)util_rmtree(state);
	bk_files_clear(&files);
	return rc;
}
