package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// Batch numbers are reserved in a transaction of their own before a print
// run writes a file, so a run that dies or fails never hands its number
// to the next one (migration 0009).

// BatchOutcome is how a reserved batch number ended.
type BatchOutcome string

const (
	BatchRunOpen      BatchOutcome = ""          // the run may still be writing
	BatchRunPrinted   BatchOutcome = "printed"   // its batch committed
	BatchRunAbandoned BatchOutcome = "abandoned" // it did not; its files were removed
)

// BatchReservation is one reserved batch number.
type BatchReservation struct {
	ID        int64
	SpoolRoot string
	Outcome   BatchOutcome
}

// No is the batch number the reservation is for: B-00012.
func (r BatchReservation) No() string { return Batch{ID: r.ID}.No() }

// ReserveBatchNumber takes the next batch number, above every number ever
// reserved or printed, for a run writing under spoolRoot.
func (tx *Tx) ReserveBatchNumber(spoolRoot, by string) (BatchReservation, error) {
	r := BatchReservation{SpoolRoot: spoolRoot}
	err := tx.tx.QueryRow(`INSERT INTO batch_numbers (id, spool_root, reserved_at, reserved_by)
		VALUES ((SELECT coalesce(max(id), 0) FROM (SELECT id FROM batch_numbers UNION ALL SELECT id FROM letter_batches) n) + 1, ?, ?, ?)
		RETURNING id`, spoolRoot, fmtTime(tx.Now), by).Scan(&r.ID)
	if err != nil {
		return r, fmt.Errorf("reserve batch number: %w", err)
	}
	return r, nil
}

// SettleBatchNumber records how an open reservation ended; ErrStale if it
// was settled already (another console found the run dead).
func (tx *Tx) SettleBatchNumber(id int64, outcome BatchOutcome) error {
	return expectOne(fmt.Sprintf("batch number %d", id))(tx.tx.Exec(`UPDATE batch_numbers SET outcome = ?
		WHERE id = ? AND outcome = ''`, outcome, id))
}

// BatchReservationOf reads a reservation; ErrNotFound if the number was
// never reserved (a run killed before its reservation committed).
func (tx *Tx) BatchReservationOf(id int64) (BatchReservation, error) {
	r := BatchReservation{ID: id}
	err := tx.tx.QueryRow(`SELECT spool_root, outcome FROM batch_numbers WHERE id = ?`, id).Scan(&r.SpoolRoot, &r.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("batch number %d: %w", id, ErrNotFound)
	}
	return r, err
}

// BatchExists reports whether batch id committed.
func (tx *Tx) BatchExists(id int64) (bool, error) {
	var n int
	err := tx.tx.QueryRow(`SELECT count(*) FROM letter_batches WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

// OpenBatchReservations lists the reservations whose run has not been
// settled, oldest first: where to look for what a dead run left behind.
func (tx *Tx) OpenBatchReservations() ([]BatchReservation, error) {
	rows, err := tx.tx.Query(`SELECT id, spool_root FROM batch_numbers WHERE outcome = '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BatchReservation
	for rows.Next() {
		r := BatchReservation{Outcome: BatchRunOpen}
		if err := rows.Scan(&r.ID, &r.SpoolRoot); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
