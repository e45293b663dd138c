/* The migrations table generated from db/NNNN_name.sql (mk/embed-sql.sh). */
#ifndef MADOGUCHI_STORE_MIGRATIONS_H
#define MADOGUCHI_STORE_MIGRATIONS_H

struct store_migration {
	int		 version;
	const char	*name;
	const char	*sql;
};

/* Ordered by version, ended by a row with name NULL. */
extern const struct store_migration store_migrations_table[];

#endif
