-- Print jobs (issue 15): every document sent to a window's printer or,
-- without one, saved as a PDF under STATE/print. A job is bound to the
-- application and person it prints (NULL for documents of no person, a
-- daily close) and names what the renderer takes (kind and ref_id), so a
-- failed job is printed again from the record: the PDF itself is not
-- kept once CUPS has its copy, nor after a failure. Written through the
-- store with an audit row (print.job, print.again, print.result); error
-- is Japanese and carries no personal data.
CREATE TABLE print_jobs (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,		-- proc_print_kind_table: receipt, ...
	ref_id		INTEGER NOT NULL,	-- what the kind's renderer takes
	application_id	INTEGER REFERENCES applications(id),
	person_id	INTEGER REFERENCES persons(id),
	window		TEXT NOT NULL,		-- whose printer setting chose queue
	queue		TEXT NOT NULL DEFAULT '',	-- CUPS queue; '' none
	state		TEXT NOT NULL CHECK (state IN ('sending', 'saved',
			    'sent', 'failed', 'done')),
	cups_job	INTEGER NOT NULL DEFAULT 0 CHECK (cups_job >= 0),
	error		TEXT NOT NULL DEFAULT '',
	attempts	INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
	created_at	TEXT NOT NULL,		-- ISO-8601 UTC
	updated_at	TEXT NOT NULL,
	actor		TEXT NOT NULL		-- the clerk of the last attempt
) STRICT;
CREATE INDEX print_jobs_application ON print_jobs (application_id);
CREATE INDEX print_jobs_state ON print_jobs (state);
