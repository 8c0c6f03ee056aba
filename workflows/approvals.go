package workflows

import (
	"context"
	"sort"
	"time"

	"spdesk/internal/msg"
	"spdesk/store"
)

// ApprovalKind is what an item on the approvals queue asks for.
type ApprovalKind string

const (
	ApproveCancellation ApprovalKind = "cancellation"   // a cancellation whose form came back
	ApproveReprint      ApprovalKind = "letter_reprint" // a reprint request
)

// ApprovalItem is one thing waiting for a second person.
type ApprovalItem struct {
	Kind        ApprovalKind
	Case        store.Case            // the cancellation (Kind cancellation)
	Request     store.ApprovalRequest // the reprint request (Kind letter_reprint)
	LetterKind  store.LetterKind      // the letter to reprint
	MemberNo    string
	MemberName  string
	RequestedBy string
	RequestedAt time.Time
}

// approvalsLimit bounds each kind on the screen: an approvals queue longer
// than this is a staffing problem, and the queues screen pages the rest.
const approvalsLimit = 200

// Approvals lists what waits for a supervisor's approval, oldest first:
// cancellations whose form came back and pending reprint requests. (A
// suspected fraud under review is a decision, not an approval: it is on
// the queues, group approval, and decided on its case: fraud.go.)
func (s *Service) Approvals(ctx context.Context) ([]ApprovalItem, error) {
	page, _, err := s.st.QueuePage(ctx, store.QueueQuery{Type: store.CaseCancellation, State: store.StateFormReceived,
		Sort: store.SortAge, Limit: approvalsLimit})
	if err != nil {
		return nil, s.wrapStore(err, "approvals")
	}
	var out []ApprovalItem
	for _, c := range page {
		by := c.RequestedBy
		if by == "" {
			by = c.OpenedBy
		}
		out = append(out, ApprovalItem{Kind: ApproveCancellation, Case: c.Case, MemberNo: c.MemberNo,
			MemberName: c.MemberName, RequestedBy: by, RequestedAt: c.UpdatedAt})
	}
	reqs, err := s.st.PendingApprovals(ctx, approvalsLimit)
	if err != nil {
		return nil, s.wrapStore(err, "approvals")
	}
	for _, r := range reqs {
		it := ApprovalItem{Kind: ApproveReprint, Request: r, RequestedBy: r.RequestedBy, RequestedAt: r.RequestedAt}
		if m, err := s.st.MemberByID(ctx, r.MemberID); err == nil {
			it.MemberNo, it.MemberName = m.No, m.FamilyName+" "+m.GivenName
		}
		if l, err := s.st.LetterByID(ctx, r.LetterID); err == nil {
			it.LetterKind = l.Kind
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].RequestedAt.Before(out[j].RequestedAt) })
	return out, nil
}

// ApproveItem approves one item of the approvals queue as op, who must be
// a supervisor other than the requester (each workflow checks both).
func (s *Service) ApproveItem(ctx context.Context, op string, it ApprovalItem) error {
	switch it.Kind {
	case ApproveCancellation:
		_, err := s.Approve(ctx, op, StepRequest{CaseID: it.Case.ID, CaseVersion: it.Case.Version})
		return err
	case ApproveReprint:
		_, err := s.ApproveReprint(ctx, op, it.Request.ID, it.Request.Version)
		return err
	}
	return refuse(EINVALID, "approval.unknown")
}

func init() {
	Messages.Add(msg.Set{"approval.unknown": {"この承認の種類は扱えません", "unknown kind of approval"}})
}
