/*
 * The printer side of print jobs: libcups, talking to the CUPS server
 * libcups finds (CUPS_SERVER, client.conf, the local socket), over a
 * connection of our own opened and closed per call so that nothing is
 * cached between the clerk's prints. What CUPS says goes to the log; the
 * clerk reads our Japanese sentence for it, which never names a person.
 */
#include <stdio.h>
#include <string.h>

#include <cups/cups.h>

#include "madoguchi/util.h"
#include "proc_int.h"

/* How long to wait for the server to connect and answer (ms). */
#define PROC_CUPS_TIMEOUT_MS	30000

static http_t *
cups_connect(char *err, size_t errlen)
{
	http_t *http;

	http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC,
	    cupsEncryption(), 1, PROC_CUPS_TIMEOUT_MS, NULL);
	if (http == NULL) {
		log_warnx("print: CUPS server %s: %s", cupsServer(),
		    cupsLastErrorString());
		snprintf(err, errlen, "印刷サーバー (CUPS) に接続できません。"
		    "サーバーで cupsd が動いているか確かめてください。");
	}
	return http;
}

/* CUPS's refusal of a job as the clerk reads it. */
static void
cups_why(const char *queue, char *err, size_t errlen)
{
	ipp_status_t s = cupsLastError();

	log_warnx("print: queue %s: %s (0x%04x)", queue, cupsLastErrorString(),
	    (unsigned)s);
	switch (s) {
	case IPP_STATUS_ERROR_NOT_FOUND:
		snprintf(err, errlen, "窓口プリンタ「%s」は CUPS にありません。"
		    "設定の印刷キュー名か、CUPS のプリンタを確かめてください。",
		    queue);
		break;
	case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
		snprintf(err, errlen, "窓口プリンタ「%s」は印刷を受け付けていま"
		    "せん (CUPS で停止中)。", queue);
		break;
	case IPP_STATUS_ERROR_FORBIDDEN:
	case IPP_STATUS_ERROR_NOT_AUTHORIZED:
	case IPP_STATUS_ERROR_NOT_AUTHENTICATED:
		snprintf(err, errlen, "窓口プリンタ「%s」に印刷する権限があり"
		    "ません (CUPS の設定)。", queue);
		break;
	case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
		snprintf(err, errlen, "印刷サーバー (CUPS) に接続できません。"
		    "サーバーで cupsd が動いているか確かめてください。");
		break;
	default:
		snprintf(err, errlen, "窓口プリンタ「%s」に送れませんでした "
		    "(CUPS の応答 0x%04x)。", queue, (unsigned)s);
		break;
	}
}

int
proc_cups_send(const char *queue, const char *path, const char *title,
    int *job, char *err, size_t errlen)
{
	cups_option_t *options = NULL;
	cups_dest_t *dest;
	http_t *http;
	int n = 0;

	*job = 0;
	if ((http = cups_connect(err, errlen)) == NULL)
		return -1;
	/* cupsPrintFile2 says only "internal error" for a queue that is
	 * not there; cupsGetNamedDest says not found. */
	if ((dest = cupsGetNamedDest(http, queue, NULL)) == NULL) {
		cups_why(queue, err, errlen);
		httpClose(http);
		return -1;
	}
	cupsFreeDests(1, dest);
	n = cupsAddOption("document-format", "application/pdf", n, &options);
	*job = cupsPrintFile2(http, queue, path, title, n, options);
	cupsFreeOptions(n, options);
	if (*job <= 0) {
		*job = 0;
		cups_why(queue, err, errlen);
	}
	httpClose(http);
	return *job > 0 ? 0 : -1;
}

int
proc_cups_state(const char *queue, int job, enum proc_cups_end *end,
    char *err, size_t errlen)
{
	cups_job_t *jobs = NULL;
	http_t *http;
	int i, n;

	*end = PROC_CUPS_UNKNOWN;
	if ((http = cups_connect(err, errlen)) == NULL)
		return -1;
	n = cupsGetJobs2(http, &jobs, queue, 0, CUPS_WHICHJOBS_ALL);
	httpClose(http);
	if (n < 0) {
		cups_why(queue, err, errlen);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (jobs[i].id != job)
			continue;
		switch (jobs[i].state) {
		case IPP_JSTATE_COMPLETED:
			*end = PROC_CUPS_DONE;
			break;
		case IPP_JSTATE_CANCELED:
			*end = PROC_CUPS_CANCELED;
			break;
		case IPP_JSTATE_ABORTED:
			*end = PROC_CUPS_ABORTED;
			break;
		default:
			*end = PROC_CUPS_PENDING;
			break;
		}
		break;
	}
	cupsFreeJobs(n, jobs);
	return 0;
}
