-- The steps of the PIN procedures (Articles 4, 4-2) and of the card-face
-- work the clerk does by hand (R4.11, R4-3.7): 'pin_change' and
-- 'pin_reset' name the PIN set (target: the cert kind whose PIN it is,
-- never a PIN value), 'face_auth_mark' the writing on the card's face
-- that the clerk confirms done. SQLite cannot widen a CHECK in place:
-- the table is made again with its rows.
CREATE TABLE app_effects_new (
	application_id	INTEGER NOT NULL REFERENCES applications(id),
	seq		INTEGER NOT NULL,
	effect		TEXT NOT NULL CHECK (effect IN ('issue', 'revoke',
			    'face_auth_switch', 'face_auth_release',
			    'face_auth_mark', 'pin_change', 'pin_reset',
			    'card_state', 'send_to_jlis')),
	target		TEXT NOT NULL DEFAULT '',
	detail		TEXT NOT NULL DEFAULT '',
	state		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (state IN ('pending', 'done')),
	done_at		TEXT,
	PRIMARY KEY (application_id, seq)
) STRICT;
INSERT INTO app_effects_new (application_id, seq, effect, target, detail,
	state, done_at)
	SELECT application_id, seq, effect, target, detail, state, done_at
	FROM app_effects;
DROP TABLE app_effects;
ALTER TABLE app_effects_new RENAME TO app_effects;
