-- The audit trail is append-only: a row once written is never changed or
-- removed by this program (the retention purge keeps the trail), so the
-- database refuses it too. madoguchi-auditd signs a head over the chain
-- outside the database (src/audit/PROTOCOL.md); these triggers only stop
-- mistakes and casual edits, the signed head catches a determined one.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
-- This installation's id (16 random bytes, hex), named in the signed head
-- so another installation's trail swapped in is told apart.
INSERT OR IGNORE INTO settings (key, value)
	VALUES ('audit.installation', lower(hex(randomblob(16))));
-- Where the chain starts: a trail that already has rows was chained from
-- the all-zero hash and keeps it ('zero'); a new one starts from
-- SHA-256("madoguchi-audit-genesis" || installation id) ('installation').
INSERT OR IGNORE INTO settings (key, value)
	SELECT 'audit.genesis', CASE WHEN EXISTS (SELECT 1 FROM audit_events)
	    THEN 'zero' ELSE 'installation' END;
