package store

// QueuedLettersOfMember lists a member's letters still in the queue, oldest
// first, secrets included: only workflows that cancel or hold them ask.
func (tx *Tx) QueuedLettersOfMember(memberID int64) ([]Letter, error) {
	return collectLetters(tx.tx.Query(`SELECT `+letterCols+` FROM letters WHERE member_id = ? AND state = 'queued'
		ORDER BY id`, memberID))
}
