package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LetterReaderShipment is the slip that goes in the box with an extra card
// reader: the shipment is queued, printed and mailed like any letter.
const LetterReaderShipment LetterKind = "reader_shipment"

// ReaderSystem is the computer an extra reader is set up for.
type ReaderSystem string

const (
	ReaderWindows ReaderSystem = "windows"
	ReaderMac     ReaderSystem = "mac"
)

// ReaderOrder is one extra card reader lent to a member for a fee.
type ReaderOrder struct {
	ID        int64
	MemberID  int64
	LetterID  int64
	System    ReaderSystem
	PriceYen  int  // before tax, postage included
	FeeYen    int  // the ChoCom payment fee on top
	ShipBy    Date // ships by this day
	OrderedAt time.Time
	OrderedBy string
}

const readerOrderCols = `id, member_id, letter_id, system, price_yen, fee_yen, ship_by, ordered_at, ordered_by`

func scanReaderOrder(row scanner) (ReaderOrder, error) {
	var o ReaderOrder
	var ship, at string
	if err := row.Scan(&o.ID, &o.MemberID, &o.LetterID, &o.System, &o.PriceYen, &o.FeeYen, &ship, &at, &o.OrderedBy); err != nil {
		return o, err
	}
	var err error
	if o.ShipBy, err = ParseDate(ship); err == nil {
		o.OrderedAt, err = parseTime(at)
	}
	return o, err
}

// InsertReaderOrder records o, stamped with the transaction's time, and
// sets its ID. Its letter must be queued in the same transaction.
func (tx *Tx) InsertReaderOrder(o *ReaderOrder) error {
	id, err := tx.insertID(`INSERT INTO reader_orders (member_id, letter_id, system, price_yen, fee_yen, ship_by,
		ordered_at, ordered_by) VALUES (?,?,?,?,?,?,?,?) RETURNING id`, o.MemberID, o.LetterID, o.System, o.PriceYen, o.FeeYen,
		o.ShipBy.String(), fmtTime(tx.Now), o.OrderedBy)
	if err != nil {
		return fmt.Errorf("reader order: %w", err)
	}
	o.ID = id
	o.OrderedAt = tx.Now
	return err
}

// ReaderOrderOfLetter is the order a shipment slip belongs to.
func (tx *Tx) ReaderOrderOfLetter(letterID int64) (ReaderOrder, error) {
	o, err := scanReaderOrder(tx.tx.QueryRow(`SELECT `+readerOrderCols+` FROM reader_orders WHERE letter_id = ?`, letterID))
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	return o, err
}

// ReaderOrdersOfMember lists a member's reader orders, newest first.
func (s *Store) ReaderOrdersOfMember(ctx context.Context, memberID int64) ([]ReaderOrder, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+readerOrderCols+` FROM reader_orders WHERE member_id = ?
		ORDER BY id DESC`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReaderOrder
	for rows.Next() {
		o, err := scanReaderOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
