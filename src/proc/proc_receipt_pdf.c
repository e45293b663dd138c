/*
 * The receipt (受付票) as a PDF beside its text: STATE/print/receipt-N.pdf,
 * the receipt template of src/print filled from the application. Its own
 * file so that only programs that print PDFs link cairo and pango.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "proc_int.h"

int
proc_receipt_pdf_write(struct proc_ctx *pc, int64_t app_id, const char *path)
{
	struct proc_receipt_parts rp;
	char *name, *window;
	const char *body;
	int rc;

	if (proc_receipt_parts(pc, app_id, &rp) == -1)
		return -1;
	name = xasprintf("%s 様", rp.name);
	window = xasprintf("%s %s", rp.city, rp.window);
	for (body = rp.body; *body == '\n'; body++)
		;
	{
		const struct print_field f[] = {
			{ "city", rp.city },
			{ "number", rp.number },
			{ "date", rp.date },
			{ "name", name },
			{ "form", rp.form },
			{ "state", rp.state },
			/* Only an issuance has the table of certs. */
			{ "certs", rp.issue ? rp.certs : NULL },
			{ "body", body },
			{ "window", window },
			{ "clerk", rp.clerk },
		};

		rc = print_form_write(&print_form_receipt, f,
		    sizeof(f) / sizeof(f[0]), 0, path);
	}
	if (rc == -1)
		log_warnx("print: receipt %lld not written as PDF",
		    (long long)app_id);
	free(window);
	free(name);
	proc_receipt_parts_free(&rp);
	return rc;
}

char *
proc_receipt_pdf(struct proc_ctx *pc, int64_t app_id, const char *state_dir)
{
	char *dir, *path;
	int rc = -1;

	dir = state_path(state_dir, STATE_PRINT_DIR);
	path = xasprintf("%s/receipt-%lld.pdf", dir, (long long)app_id);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		log_warn("print: %s", dir);
	else
		rc = proc_receipt_pdf_write(pc, app_id, path);
	free(dir);
	if (rc == -1) {
		free(path);
		return NULL;
	}
	return path;
}
