#ifndef PC_MIGRATIONS_H
#define PC_MIGRATIONS_H

/*
 * One numbered SQL file under src/store/migrations per schema version.
 * The array is generated at build time and ends with a zero version.
 */
struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration store_migrations[];

#endif
