-- A 受付番号 is never given twice: the highest application number there
-- has been, kept when a retention purge (R7) deletes the newest ones, so
-- that a new application is numbered above every number the audit trail
-- and the printed receipts already name.
CREATE TABLE app_number_floor (
	only	INTEGER PRIMARY KEY CHECK (only = 1),
	last_id	INTEGER NOT NULL
) STRICT;
