package workflows

import (
	"context"
	"errors"
	"strconv"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// What the login service is told (the outbox, store/outbox.go): the
// events themselves are written by the store in the transaction of every
// change to a card, a password or a membership; this file is what the
// desk and the command line ask of them. Delivery is workflows/delivery.

// EventsAfter lists up to limit events after the cursor afterID, oldest
// first (spdesk events list).
func (s *Service) EventsAfter(ctx context.Context, afterID int64, limit int) ([]Event, error) {
	return s.st.EventsAfter(ctx, afterID, limit)
}

// WaitForEvents returns when new events may have been committed, after
// max at the latest (spdesk events list --follow, the deliverer).
func (s *Service) WaitForEvents(ctx context.Context, max time.Duration) error {
	return s.st.WaitForEvents(ctx, max)
}

// LastEventID is the newest event's id (the cursor a revocation list is
// current to), 0 if none.
func (s *Service) LastEventID(ctx context.Context) (int64, error) { return s.st.LastEventID(ctx) }

// StoppedCards is the revocation list: every suspended or revoked card.
func (s *Service) StoppedCards(ctx context.Context) ([]StoppedCard, error) {
	return s.st.StoppedCards(ctx)
}

// CardStopStatus answers "was this card's stop confirmed, and when": the
// card's status, and when it is stopped, when (StoppedAt), whether the
// login service confirmed it and when (ConfirmedAt, zero until then),
// and whether delivery gave up (Parked: a supervisor must re-queue it).
// A card stopped before the outbox existed has no EventID.
func (s *Service) CardStopStatus(ctx context.Context, cardID int64) (StopStatus, error) {
	return s.st.CardStopStatus(ctx, cardID)
}

// UndeliveredEvents is the supervisors' "not delivered" queue: the events
// the deliverer gave up on, oldest first.
func (s *Service) UndeliveredEvents(ctx context.Context, op string) ([]Event, error) {
	if err := s.supervisorOnly(ctx, op, FnEventsRead, nil); err != nil {
		return nil, err
	}
	return s.st.ParkedEvents(ctx)
}

// RetryEvent puts a parked event back for delivery (supervisors only),
// with its audit row. The events of the same card queued behind it go
// after it, in order.
func (s *Service) RetryEvent(ctx context.Context, op string, id int64) (Event, error) {
	if err := s.supervisorOnly(ctx, op, FnEventsRetry, nil); err != nil {
		return Event{}, err
	}
	var ev Event
	err := s.write(ctx, op, func(tx *store.Tx) error {
		e, err := tx.OutboxEvent(id)
		if errors.Is(err, store.ErrNotFound) {
			return refuse(ENOTFOUND, "events.no_such", "event", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		if !e.ConfirmedAt.IsZero() || e.ParkedAt.IsZero() {
			return refuse(ESTATE, "events.not_parked", "event", strconv.FormatInt(id, 10))
		}
		if err := tx.RequeueEvent(id); err != nil {
			return wrapStore(err, "event")
		}
		a := &store.AuditEvent{Operator: op, Action: "event.retry", MemberID: e.MemberID, CardID: e.CardID,
			Before: fields{"parked": true, "attempts": e.Attempts, "last_error": e.LastError}.json(),
			After:  fields{"event": id, "type": e.Type, "parked": false}.json()}
		if err := tx.AppendAudit(a); err != nil {
			return err
		}
		ev = e
		return nil
	})
	return ev, err
}

func init() {
	Messages.Add(msg.Set{
		"events.no_such":    {"イベント {event} はありません", "there is no event {event}"},
		"events.not_parked": {"イベント {event} は保留中ではありません（配信済みか、配信待ちです）", "event {event} is not parked: it was delivered or is still being tried"},
	})
}
