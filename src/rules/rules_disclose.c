/*
 * Disclosure and correction of one's certification records: Article 6
 * (residents, forms 7 and 8, inquiry form 9, the three windows only) and
 * Article 6-2 (overseas, forms 12 and 13). An accepted request goes to
 * J-LIS by specified-record mail (R6.6, R6-2.5).
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

void
rules_decide_disclose(struct rules_ctx *x)
{
	enum rules_id rule = x->c->reg == RULES_REG_RESIDENT ? RULE_A6_P6 :
	    RULE_A6_2_P5;

	rules_check_window(x);
	rules_check_filer(x);
	x->d->send_to_jlis = true;
	rules_reason(x, RULES_RSN_SEND_TO_JLIS, rule);
}
