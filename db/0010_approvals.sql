-- Four eyes (issue 13): an action the settings (approval.<action>,
-- approval.proc.<procedure>.<register>) hold for a supervisor's approval
-- is a row here. params says exactly what will be done (key=value words
-- made by proc), so that an approval is used once and for that alone; the
-- approver is never the requester. waiting -> approved | refused |
-- withdrawn; approved -> done when the action is carried out.
CREATE TABLE approvals (
	id		INTEGER PRIMARY KEY,
	action		TEXT NOT NULL CHECK (action IN ('app_cancel', 'letter_void', 'record_correct', 'retention_purge', 'clerk_role', 'ca_override', 'proc_run')),
	object		TEXT NOT NULL,		-- request id, letter ref, login, serial...
	person_id	INTEGER REFERENCES persons(id),
	application_id	INTEGER REFERENCES applications(id),
	params		TEXT NOT NULL,
	reason		TEXT NOT NULL DEFAULT '',
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'approved', 'refused', 'withdrawn', 'done')),
	decided_by	TEXT,
	decided_at	TEXT,
	decision_note	TEXT,
	done_at		TEXT,
	CHECK (state = 'waiting' OR state = 'withdrawn' OR decided_by IS NOT NULL),
	CHECK (decided_by IS NULL OR decided_by <> requested_by)
) STRICT;

CREATE INDEX approvals_open ON approvals (state, id);
CREATE INDEX approvals_of_app ON approvals (application_id, action);
