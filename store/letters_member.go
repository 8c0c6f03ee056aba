package store

// QueuedLettersOfMember lists a member's letters still in the queue, oldest
// first, secrets included: only workflows that cancel or hold them ask.
func (tx *Tx) QueuedLettersOfMember(memberID int64) ([]Letter, error) {
	if err := tx.inScope(memberID); err != nil {
		return nil, err
	}
	return collectLetters(tx.tx.Query(`SELECT `+letterCols+` FROM letters WHERE member_id = ? AND state = 'queued'
		ORDER BY id`, memberID))
}

// OpenCasesOfMemberTx lists a member's open cases inside the transaction,
// oldest first.
func (tx *Tx) OpenCasesOfMemberTx(memberID int64) ([]Case, error) {
	if err := tx.inScope(memberID); err != nil {
		return nil, err
	}
	rows, err := tx.tx.Query(`SELECT `+caseCols+` FROM cases WHERE member_id = ? AND closed_at = '' ORDER BY id`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
