package cases

import (
	"context"
	"strings"

	"charm.land/huh/v2"

	"spdesk/tui/ui"
	"spdesk/workflows"
	"spdesk/workflows/jpform"
)

// procReaderOrder stands for the extra card reader order in the actions
// list and in articles (kb procedure "reader_order"). It is not a case
// type: an order opens no case, its shipment slip is a letter.
const procReaderOrder = workflows.CaseType(workflows.ProcReaderOrder)

// readerOrderJob orders an extra card reader: the caller's identity
// answers, which computer it is for, then the confirmation with the FAQ's
// terms and the ship-by date.
func readerOrderJob(sh *ui.Shared, m workflows.Member) *ui.Job {
	c := sh.Cat
	a := &identityAnswers{}
	system := workflows.ReaderWindows
	form := jobForm(sh, append(identityGroups(sh, a), huh.NewGroup(huh.NewSelect[workflows.ReaderSystem]().Title(c.T("reader.system")).
		Options(huh.NewOption(c.T("reader.windows"), workflows.ReaderWindows), huh.NewOption(c.T("reader.mac"), workflows.ReaderMac)).
		Value(&system)))...)
	effects := func() []string {
		name := c.T("reader.windows")
		if system == workflows.ReaderMac {
			name = c.T("reader.mac")
		}
		return []string{
			c.T("fx.identity"),
			c.F("fx.reader_order", "name", name),
			c.F("fx.reader_price", "price", jpform.Yen(workflows.ReaderPriceYen), "taxed", jpform.Yen(workflows.ReaderTaxIncludedYen(workflows.ReaderPriceYen))),
			c.F("fx.reader_pay", "percent", workflows.ReaderFeePercent, "fee", jpform.Yen(workflows.ReaderFeeYen(workflows.ReaderPriceYen))),
			c.F("fx.reader_ship", "date", readerShipBy(sh), "postal", jpform.Postal(m.PostalCode)),
		}
	}
	run := func(ctx context.Context, svc workflows.Desk, op string) ui.JobResult {
		r, err := svc.OrderReader(ctx, op, workflows.ReaderOrderRequest{MemberID: m.ID, System: system,
			Answers: a.request()})
		if err != nil {
			return ui.JobResult{Err: err}
		}
		lines := strings.Join(identityLines(c, r.Identity), ", ")
		if !r.Identity.Passed {
			return ui.JobResult{Failed: true, Warn: []string{c.F("id.failed.order", "fields", lines)}}
		}
		return ui.JobResult{Lines: []string{c.F("id.passed", "fields", lines), c.F("done.reader", "slip", r.Letter.RefNo(), "date", ui.FormatDate(c, r.Order.ShipBy))},
			Warn: reminders(sh, r.Reminders)}
	}
	return ui.NewJob(sh, m.ID, c.T("proc.reader"), form, effects, run)
}

func readerShipBy(sh *ui.Shared) string {
	if sh.Opts.Service == nil {
		return sh.Cat.T("date.none")
	}
	return ui.FormatDate(sh.Cat, sh.Opts.Service.ReaderShipBy())
}
