# Golden screens: every procedure's screens at 80x24 on `madoguchi ui`,
# compared with the checked-in texts tests/golden/*.txt (the emulated card
# behind pcscd and cardd where the card is read or written).
#   make golden   rewrites those texts from the screens as they are now
TESTS += golden
SRCS_golden := $(wildcard tests/golden/*.c)
LIBS_golden := testlib testvt util
PKGS_golden := cunit vterm
# The scenarios run the built programs.
$(BUILD)/tests/golden: | $(BUILD)/madoguchi $(BUILD)/madoguchi-cardd $(BUILD)/madoguchi-vcard $(BUILD)/madoguchi-issuerd

.PHONY: golden
golden: $(BUILD)/tests/golden $(BUILD)/tests/lock
	@mkdir -p $(BUILD)/test-logs
	@log=$(BUILD)/test-logs/golden-update.log; \
	MADOGUCHI_GOLDEN_UPDATE=1 BUILD=$(BUILD) LC_ALL=C.UTF-8 \
	    $(BUILD)/tests/golden >$$log 2>&1; rc=$$?; \
	grep -o 'golden: .*' $$log; \
	[ $$rc -eq 0 ] || echo "golden: failed, see $$log"; \
	MADOGUCHI_GOLDEN_UPDATE=1 BUILD=$(BUILD) LC_ALL=C.UTF-8 \
	    $(BUILD)/tests/lock >>$$log 2>&1 || rc=1; \
	grep -o 'golden: wrote tests/golden/lock.txt' $$log; exit $$rc
