# store: the counter database (SQLite), the only place with SQL. The
# migrations in db/*.sql and the demo registry are compiled in as
# generated tables.
LIBS += store
MIGRATIONS := $(sort $(wildcard db/[0-9][0-9][0-9][0-9]_*.sql))
LIBSRCS_store := $(wildcard src/store/*.c) $(BUILD)/gen/store_migrations.c \
	$(BUILD)/gen/store_demo.c
GENERATED += $(BUILD)/gen/store_migrations.c $(BUILD)/gen/store_demo.c
LIBS_madoguchi += store
PKGS_madoguchi += sqlite3 libcrypto

$(BUILD)/gen/store_migrations.c: $(MIGRATIONS) mk/embed-sql.sh
	@mkdir -p $(@D)
	sh mk/embed-sql.sh $@ $(MIGRATIONS)
$(BUILD)/gen/store_demo.c: db/demo/registry.sql mk/embed-sql.sh
	@mkdir -p $(@D)
	sh mk/embed-sql.sh --text store_demo_registry_sql $@ db/demo/registry.sql
$(BUILD)/obj/$(BUILD)/gen/store_migrations.o: CFLAGS += -Isrc/store
