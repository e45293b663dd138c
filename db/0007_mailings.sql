-- The mailing of request forms to J-LIS by 特定記録郵便 (R6.6, R6-2.5):
-- a mailing (郵送便) moves draft -> printed -> posted -> delivered |
-- returned (src/store/store_mail.c has the moves as a table); its items
-- are the applications whose send_to_jlis step it carries. An item is
-- live while its mailing has not come back: an application is in at
-- most one live item, so nothing is sent twice, and the items of a
-- returned mailing (live 0) may go into a new one. tracking_no is the
-- post office's number as digits only, given when posted.
CREATE TABLE mailings (
	id		INTEGER PRIMARY KEY,
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES clerks(id),
	state		TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',
			    'printed', 'posted', 'delivered', 'returned')),
	tracking_no	TEXT UNIQUE CHECK (tracking_no IS NULL OR
			    (length(tracking_no) BETWEEN 11 AND 13 AND
			    tracking_no NOT GLOB '*[^0-9]*')),
	printed_at	TEXT,
	posted_at	TEXT,
	closed_at	TEXT,
	CHECK (state IN ('draft', 'printed') OR tracking_no IS NOT NULL)
) STRICT;

CREATE TABLE mailing_items (
	mailing_id	INTEGER NOT NULL REFERENCES mailings(id),
	application_id	INTEGER NOT NULL REFERENCES applications(id),
	seq		INTEGER NOT NULL,	-- its send_to_jlis step
	live		INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
	PRIMARY KEY (mailing_id, application_id)
) STRICT;
CREATE UNIQUE INDEX mailing_items_live ON mailing_items(application_id)
	WHERE live = 1;
