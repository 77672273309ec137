#ifndef PC_VAULT_H
#define PC_VAULT_H

#include <stdint.h>

#include "common/blob.h"
#include "common/error.h"
#include "service/session.h"
#include "store/bind.h"

/*
 * Sealing and opening one health field of a person with the session's
 * keys: the store code of any table with sealed columns takes and returns
 * the blobs these make.
 *
 * A sealed field is bound to (table, column, person, row).  The row id is
 * often unknown before the insert; either take it first with
 * store_next_row_id() inside the write transaction, or pass 0 and bind
 * the field to (table, column, person) only.  With 0, a ciphertext could
 * be moved between two rows of the same person and column by someone able
 * to write the file, though never to another person or column nor read;
 * what a table binds must be the same when sealing and when opening.
 * Archive tables use the name of the live table the row came from.
 */

/*
 * Seals plain for person_id under the person's current data key; the
 * session must hold a permission to write the record (record, edit or
 * manage).  A NULL plain gives an empty blob (a NULL column).
 */
int vault_seal(struct session *s, int64_t person_id, const char *table,
    const char *column, int64_t row_id, const char *plain, struct blob *out,
    struct error *err);

/*
 * Opens a sealed field of person_id into a malloc'd string (NULL for an
 * empty blob) with whichever key version sealed it; the session must be
 * allowed to view the record.  Free the result with vault_free_text.
 */
int vault_open(struct session *s, int64_t person_id, const char *table,
    const char *column, int64_t row_id, const struct blob *sealed,
    char **plain, struct error *err);

/* A sealed blob as the store's functions take it (a view, not a copy). */
struct store_sealed vault_as_sealed(const struct blob *sealed);

/* Wipes and frees a string vault_open returned. */
void vault_free_text(char *plain);

#endif
