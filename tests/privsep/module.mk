# privsep: the users and file modes of make run, checked as root with real
# ssh and /proc (tests/privsep/privsep.sh, copied to $(BUILD)/tests/privsep
# so TEST_PROGS=privsep runs it). Skips itself when not root.
all: $(BUILD)/tests/privsep
$(BUILD)/tests/privsep: tests/privsep/privsep.sh | $(BUILD)/madoguchi $(BUILD)/madoguchi-sshd $(BUILD)/madoguchi-auditd
	@mkdir -p $(@D)
	cp $< $@
	chmod 755 $@
