/*
 * The card reader on the header line, so a clerk sees at a glance whether
 * the card service runs and a card is in the reader. The UI asks cardd
 * for its readers (no card access, no claim) at most every two seconds
 * while it waits for keys; the connection is kept and made again when it
 * breaks. Without a state dir (tests) the line stays empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "ui_int.h"

#define CARDLINE_EVERY_MS	2000

/* What the readers say, in the header's words. */
static void
cardline_text(struct ui *ui, char *out, size_t size)
{
	struct card_reader_info rd[CARD_READERS_MAX];
	struct card_error ce;
	size_t n = 0, i;
	int card = 0;
	char *sock;

	if (ui->cardcl == NULL) {
		sock = state_path(ui->sess->state_dir, STATE_CARDD_SOCK);
		ui->cardcl = card_client_open(sock, &ce);
		free(sock);
	}
	if (ui->cardcl == NULL || card_readers(ui->cardcl, NULL, CARD_WAIT_NONE,
	    0, rd, &n, &ce) == -1) {
		card_client_close(ui->cardcl);
		ui->cardcl = NULL;
		snprintf(out, size, "読取機: 未接続");
		return;
	}
	for (i = 0; i < n; i++)
		card |= (rd[i].flags & CARD_READER_PRESENT) != 0;
	snprintf(out, size, "%s", n == 0 ? "読取機: なし" : card ?
	    "読取機: カードあり" : "読取機: カードなし");
}

int
ui_cardline_poll(struct ui *ui)
{
	char text[sizeof(ui->cardline)];
	int64_t now = util_now_ms();

	if (ui->sess->state_dir == NULL || now < ui->cardline_next_ms)
		return 0;
	ui->cardline_next_ms = now + CARDLINE_EVERY_MS;
	cardline_text(ui, text, sizeof(text));
	if (strcmp(text, ui->cardline) == 0)
		return 0;
	strlcpy_m(ui->cardline, text, sizeof(ui->cardline));
	return 1;
}

int
ui_cardline_wait_ms(const struct ui *ui)
{
	int64_t left;

	if (ui->sess->state_dir == NULL)
		return -1;
	left = ui->cardline_next_ms - util_now_ms();
	return left < 0 ? 0 : (int)left;
}

void
ui_cardline_close(struct ui *ui)
{
	card_client_close(ui->cardcl);
	ui->cardcl = NULL;
}
