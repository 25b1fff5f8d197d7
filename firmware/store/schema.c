#include "store/schema.h"

/* Append only: a released migration is never edited, a change is a new entry. Status and kind
 * columns hold the enum values of core/ticket.h. */
const char *const store_migrations[] = {
	/* v1: the queue, its events and the site's configuration as last applied. */
	"CREATE TABLE services ("
	"  id TEXT PRIMARY KEY,"
	"  prefix TEXT NOT NULL,"
	"  range_first INTEGER NOT NULL,"
	"  range_last INTEGER NOT NULL,"
	"  names TEXT NOT NULL DEFAULT '{}'," /* JSON object: language -> name */
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  checkin_early_s INTEGER NOT NULL DEFAULT 1800,"
	"  checkin_late_s INTEGER NOT NULL DEFAULT 600,"
	"  handling_prior_s INTEGER NOT NULL DEFAULT 300,"
	"  position INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE counters ("
	"  id INTEGER PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  services TEXT NOT NULL," /* comma-separated service ids */
	"  paused INTEGER NOT NULL DEFAULT 0,"
	"  current_ticket INTEGER"
	");"
	"CREATE TABLE tickets ("
	"  id INTEGER PRIMARY KEY,"
	"  public_id TEXT NOT NULL UNIQUE,"
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  prefix TEXT NOT NULL,"
	"  number INTEGER NOT NULL,"
	"  label TEXT NOT NULL," /* "A 042", as printed */
	"  kind INTEGER NOT NULL,"
	"  priority INTEGER NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  arrival INTEGER NOT NULL,"
	"  due INTEGER NOT NULL DEFAULT 0,"
	"  called_at INTEGER NOT NULL DEFAULT 0,"
	"  calls INTEGER NOT NULL DEFAULT 0,"
	"  overtaken INTEGER NOT NULL DEFAULT 0,"
	"  counter INTEGER NOT NULL DEFAULT 0,"
	"  started_at INTEGER NOT NULL DEFAULT 0,"
	"  finished_at INTEGER NOT NULL DEFAULT 0,"
	"  booking TEXT,"
	"  source TEXT NOT NULL DEFAULT 'hub'," /* 'hub' or the kiosk that issued it offline */
	"  created_at INTEGER NOT NULL"
	");"
	/* The database itself refuses a second live ticket with the same label on the same day;
	 * by prefix, not service, because a transferred ticket keeps its label. */
	"CREATE UNIQUE INDEX tickets_live_number ON tickets(day, prefix, number)"
	"  WHERE status IN (0, 1, 2, 5);"
	"CREATE INDEX tickets_by_status ON tickets(status, service);"
	/* The handling-time learner reads each service's latest finished tickets. */
	"CREATE INDEX tickets_finished ON tickets(service, finished_at) WHERE status = 3;"
	"CREATE TABLE number_state ("
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  last_issued INTEGER NOT NULL,"
	"  PRIMARY KEY (day, service)"
	");"
	"CREATE TABLE leases ("
	"  id INTEGER PRIMARY KEY,"
	"  kiosk TEXT NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  next INTEGER NOT NULL," /* first number the kiosk has not handed in yet */
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE bookings ("
	"  id TEXT PRIMARY KEY,"
	"  code TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  start INTEGER NOT NULL,"
	"  end INTEGER NOT NULL,"
	/* Personal data, purged after its day; only ever compared, never returned by the API. */
	"  identity TEXT," /* normalised 'FAMILY|GIVEN|YYYY-MM-DD' */
	"  status TEXT NOT NULL DEFAULT 'confirmed',"
	"  ticket INTEGER"
	");"
	"CREATE INDEX bookings_by_day ON bookings(day);"
	"CREATE UNIQUE INDEX bookings_by_code ON bookings(code);"
	"CREATE TABLE day_keys ("
	"  day INTEGER PRIMARY KEY,"
	"  key BLOB NOT NULL"
	");"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  day INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  ticket TEXT," /* the ticket's label, never a name */
	"  counter INTEGER,"
	"  detail TEXT"
	");"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	");",
	/* v2: the portal's outbox. A trigger fills it in the transaction that stores the event,
	 * while the portal sync has switched it on (settings 'portal.outbox' = 'on'): check-ins,
	 * calls and the end states of tickets that belong to a booking. No personal data. */
	"CREATE TABLE portal_outbox ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  event INTEGER NOT NULL," /* events.id: part of the idempotency key */
	"  booking TEXT NOT NULL,"
	"  type TEXT NOT NULL,"  /* checked_in, called, finished, no_show */
	"  at INTEGER NOT NULL," /* Unix ms */
	"  day INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  state INTEGER NOT NULL DEFAULT 0" /* 0 pending, 1 delivered, 2 refused by the portal */
	");"
	"CREATE INDEX portal_outbox_pending ON portal_outbox(state, id);"
	"CREATE TRIGGER portal_outbox_checked_in AFTER INSERT ON events"
	"  WHEN NEW.type = 'checked_in'"
	"   AND (SELECT value FROM settings WHERE key = 'portal.outbox') = 'on'"
	"  BEGIN INSERT INTO portal_outbox(event, booking, type, at, day)"
	"   SELECT NEW.id, json_extract(NEW.data, '$.booking'), 'checked_in', NEW.at, NEW.day"
	"   WHERE json_extract(NEW.data, '$.booking') IS NOT NULL; END;"
	"CREATE TRIGGER portal_outbox_status AFTER INSERT ON events"
	"  WHEN NEW.type IN ('called', 'ticket_updated')"
	"   AND (SELECT value FROM settings WHERE key = 'portal.outbox') = 'on'"
	"  BEGIN INSERT INTO portal_outbox(event, booking, type, at, day)"
	"   SELECT NEW.id, b.id,"
	"    CASE NEW.type WHEN 'called' THEN 'called' ELSE json_extract(NEW.data, '$.status') END,"
	"    NEW.at, NEW.day FROM bookings b"
	"   WHERE b.ticket = json_extract(NEW.data, '$.ticket')"
	"    AND (NEW.type = 'called'"
	"     OR json_extract(NEW.data, '$.status') IN ('finished', 'no_show')); END;",
	/* v3: staff accounts and their sign-in sessions (docs/staff.md). Passwords are stored as
	 * scrypt hashes; a session row holds the SHA-256 of the cookie's value, never the value. */
	"CREATE TABLE staff ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  role TEXT NOT NULL CHECK (role IN ('staff', 'supervisor')),"
	"  password TEXT NOT NULL," /* "$scrypt$ln=..,r=..,p=..$salt$hash" */
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  password_at INTEGER NOT NULL"
	");"
	"CREATE TABLE staff_sessions ("
	"  id TEXT PRIMARY KEY," /* hex SHA-256 of the cookie value */
	"  staff INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	");"
	"CREATE INDEX staff_sessions_by_staff ON staff_sessions(staff);"
	"CREATE INDEX audit_by_at ON audit(at);",
	/* v4: the ticker text staff set for the calling displays (one row; no row: none). */
	"CREATE TABLE display_ticker ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  text TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL" /* Unix seconds */
	");",
};

const int store_migration_count = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));
