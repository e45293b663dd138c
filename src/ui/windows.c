/*
 * The windows' display names of a session: read once when it starts
 * (and again after the settings screen changed one) through the
 * session's window_label hook (proc_window_label in `madoguchi ui`), kept
 * in struct ui by enum rules_window, so drawing the header or a choice
 * never reads the store.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "ui_int.h"

void
ui_windows_reload(struct ui *ui)
{
	const struct ui_session *s = ui->sess;
	int w;

	for (w = 0; w < RULES_WIN_COUNT; w++) {
		if (s != NULL && s->window_label != NULL)
			s->window_label(s->store, rules_window_name(
			    (enum rules_window)w), ui->win_name[w],
			    sizeof(ui->win_name[w]));
		else
			strlcpy_m(ui->win_name[w], rules_window_label(
			    (enum rules_window)w), sizeof(ui->win_name[w]));
		if (ui->win_name[w][0] == '\0')
			strlcpy_m(ui->win_name[w], rules_window_label(
			    (enum rules_window)w), sizeof(ui->win_name[w]));
		ui->win_names[w] = ui->win_name[w];
	}
	ui->win_names[RULES_WIN_COUNT] = NULL;
}

const char *
ui_window_name(const struct ui *ui, const char *window)
{
	int w = rules_window_parse(window);

	if (w < 0)
		return NULL;
	if (ui == NULL || ui->win_names[w] == NULL)
		return rules_window_label((enum rules_window)w);
	return ui->win_names[w];
}
