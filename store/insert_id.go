package store

// insertID runs an INSERT ... RETURNING of one id and returns it: the
// one way both SQLite and PostgreSQL give the id they chose (PostgreSQL's
// driver has no LastInsertId).
func (tx *Tx) insertID(query string, args ...any) (int64, error) {
	var id int64
	err := tx.tx.QueryRowContext(tx.ctx, query, args...).Scan(&id)
	return id, err
}
