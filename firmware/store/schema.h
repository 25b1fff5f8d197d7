/* schema.h — the hub database's schema as an ordered list of migrations. */
#ifndef CIVIQ_STORE_SCHEMA_H
#define CIVIQ_STORE_SCHEMA_H

/* "CIVQ": marks a file as a civiq hub database (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x43495651

/* migrations[i] brings a database from user_version i to i + 1. */
extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
