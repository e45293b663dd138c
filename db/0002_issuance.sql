-- Issuance onto a card, step by step, so that a crash, a pulled card or a
-- dropped session anywhere is resumed or reconciled, never half done.
-- The application row keeps what its decision said to do.

ALTER TABLE applications ADD COLUMN issue_certs TEXT NOT NULL DEFAULT '';	-- 'signature user'
ALTER TABLE applications ADD COLUMN revoke_certs TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN face_auth_switch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN card_id INTEGER REFERENCES cards(id);

-- One row per cert of an application being issued. attempt counts fresh
-- key pairs: a cert issued for an abandoned attempt is revoked.
CREATE TABLE issuance_steps (
	application_id	INTEGER NOT NULL REFERENCES applications(id),
	kind		TEXT NOT NULL CHECK (kind IN ('signature', 'user')),
	attempt		INTEGER NOT NULL DEFAULT 1,
	step		TEXT NOT NULL CHECK (step IN ('started', 'key_made', 'issued', 'written', 'pin_set')),
	spki		BLOB,		-- the card's new public key (not secret)
	serial		TEXT,
	updated_at	TEXT NOT NULL,
	PRIMARY KEY (application_id, kind)
) STRICT;
