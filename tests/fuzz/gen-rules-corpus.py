#!/usr/bin/env python3
# Writes the seed corpus of the rules case reader into
# tests/fuzz/corpus/rules/ (run once from the top directory; the files are
# committed). Valid cases of every procedure, and broken ones: truncated,
# deeply nested, wrong types, huge numbers, invalid UTF-8, NUL bytes.
import json
import os

OUT = 'tests/fuzz/corpus/rules'
os.makedirs(OUT, exist_ok=True)

base = {"procedure": "issue", "register": "resident", "date": "2026-05-01",
        "window": "citizens", "certs": ["signature", "user"],
        "person": {"birth_date": "1986-02-03", "adult_ward": False},
        "filer": "self",
        "documents": [{"list": "A", "item": 1, "valid": True, "photo": True}]}
card = {"face_auth": False, "pin_verified": True, "face_data_matches": True,
        "registry_match": True, "status_ok": True}
rep = {"kind": "parent", "accompanies_person": False,
       "intent_confirmed": False, "authority": "city_records"}
agent = {"filer": "agent", "power_of_attorney": True, "inquiry_reply": True,
         "pin_request_form": True,
         "filer_documents": [{"list": "A", "item": 1, "valid": True, "photo": True}]}


def case(**kw):
    c = dict(base)
    c.update(kw)
    return json.dumps(c, ensure_ascii=False).encode()


files = {
    'valid-issue': case(),
    'valid-renewal': case(renewal=True),
    'valid-child': case(person={"birth_date": "2016-01-10"}, filer="legal_rep",
                        legal_rep=rep, card=card,
                        documents=[{"list": "A", "item": 12, "valid": True, "photo": True}],
                        filer_documents=[{"list": "A", "item": 1, "valid": True, "photo": True}]),
    'valid-agent': case(**agent),
    'valid-listb': case(documents=[{"list": "B", "item": 26, "valid": True, "photo": False},
                                   {"list": "B", "item": 26, "valid": True, "photo": False}],
                        inquiry_reply=True),
    'valid-via-infant': case(window="via_municipality", via_ground="infant",
                             person={"birth_date": "2025-12-01"}, filer="legal_rep",
                             legal_rep=rep, pin_request_form=True),
    'valid-face': case(procedure="face_auth", certs=[], has_valid_signature=True),
    'valid-face-wish': case(face_auth_wanted=True, combined_with="card_face_change"),
    'valid-revoke-lost': case(procedure="revoke", combined_with="card_lost"),
    'valid-revoke-overseas': case(procedure="revoke", register="overseas",
                                  window="embassy", serial_document=True),
    'valid-found': case(procedure="card_found", register="overseas"),
    'valid-pin-face': case(procedure="pin_reset", card=dict(card, face_auth=True)),
    'valid-disclose': case(procedure="disclose", certs=[], register="overseas"),
    'valid-correct-null': case(procedure="correct", certs=[], legal_rep=None,
                               card=None, via_ground=None, combined_with=None),
    'valid-29feb': case(date="2027-03-01", person={"birth_date": "2012-02-29"}),
    'truncated': case()[:57],
    'truncated-string': b'{"procedure":"iss',
    'empty': b'',
    'just-null': b'null',
    'array': b'[{"procedure":"issue"}]',
    'deep-arrays': b'[' * 5000 + b']' * 5000,
    'deep-objects': b'{"a":' * 5000 + b'1' + b'}' * 5000,
    'deep-documents': case(documents=[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]),
    'wrong-types': b'{"procedure":1,"register":true,"date":20260501,"window":[],"certs":"user",'
                   b'"person":"x","filer":{}}',
    'wrong-bool': case(renewal="true"),
    'wrong-card': case(card={"face_auth": 1}),
    'huge-item': case(documents=[{"list": "A", "item": 10**30, "valid": True}]).replace(
        b'1000000000000000000000000000000', b'1' + b'0' * 400),
    'huge-int': case(documents=[{"list": "A", "item": 9223372036854775807, "valid": True}]),
    'negative-item': case(documents=[{"list": "B", "item": -9223372036854775808, "valid": True}]),
    'float-item': case(documents=[{"list": "A", "item": 1e308, "valid": True}]),
    'many-documents': case(documents=[{"list": "A", "item": 1, "valid": True}] * 17),
    'bad-date': case(date="2026-02-29"),
    'bad-date-long': case(date="2026-05-01T00:00:00Z"),
    'year-zero': case(date="0000-01-01"),
    'invalid-utf8': b'{"procedure":"issue\xff\xfe","register":"resident"}',
    'invalid-utf8-key': b'{"proc\xc3\x28":"issue"}',
    'overlong-utf8': b'{"filer":"\xc0\xafself"}',
    'nul-byte': b'{"procedure":"issue\x00"}',
    'escaped-nul': b'{"procedure":"issue\\u0000x"}',
    'control-key': b'{"a\\nb":1}',
    'duplicate-key': b'{"filer":"self","filer":"agent"}',
    'bom': b'\xef\xbb\xbf' + case(),
    'trailing-garbage': case() + b' {}',
    'long-string': b'{"procedure":"' + b'x' * 20000 + b'"}',
    'long-key': b'{"' + b'k' * 10000 + b'":1}',
    'lone-surrogate': b'{"procedure":"\\ud800"}',
    'combo-bad': case(procedure="disclose", certs=[], combined_with="card_found"),
}

for name, data in files.items():
    with open(os.path.join(OUT, name + '.json'), 'wb') as f:
        f.write(data)
print(len(files), 'files')
