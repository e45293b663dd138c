-- The card an application was checked against (R2.8 / R2-2.7), so that
-- nothing is ever written to a card but the one proven to be the person's.
-- card_route: how the chip was read ('support': the input-support PIN the
-- applicant typed; 'face': the card-face PIN B the clerk typed off the
-- card); card_key: hex SHA-256 of what the chip gave that way (see
-- src/proc/proc_bind.c), read again before every write to the card;
-- card_cert: the serial of the user cert the card held at the check ('' none).
ALTER TABLE applications ADD COLUMN card_route TEXT NOT NULL DEFAULT ''
	CHECK (card_route IN ('', 'support', 'face'));
ALTER TABLE applications ADD COLUMN card_key TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN card_cert TEXT NOT NULL DEFAULT '';

-- A card is known before its expiry is: '' until an issuance records it.
CREATE INDEX applications_card ON applications(card_id, state);
