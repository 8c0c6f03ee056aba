package workflows

import (
	"context"
	"strconv"

	"spdesk/internal/msg"
	"spdesk/store"
)

// AuditCheck is a whole walk of the audit trail, chain and seal, with its
// verdict in words (`spdesk audit verify`, the console's sign-in warning).
type AuditCheck struct {
	Verdict store.AuditVerdict
}

// VerifyAuditSeal walks the whole audit trail under the store's audit
// key. It reads one snapshot with one row in memory at a time, so it may
// run beside the console; a million rows take a few seconds.
func (s *Service) VerifyAuditSeal(ctx context.Context) (AuditCheck, error) {
	v, err := s.st.VerifyAudit(ctx)
	return AuditCheck{v}, err
}

// ActionAuditSeal is the audit row that starts the seal on a trail written
// before seals existed (or one whose seals were stripped: verify then
// says unsealed, never intact, until a supervisor seals it again here).
const ActionAuditSeal = "audit.seal"

// SealAuditTrail starts the keyed seal from a new row on: a supervisor's
// deliberate step, on record, for a trail with unsealed rows. A trail
// that is sealed already, or a store without a key, is refused. What lies
// before the new row stays covered by the hash chain only, and verify
// says so.
func (s *Service) SealAuditTrail(ctx context.Context, op string) (AuditCheck, error) {
	if err := s.requireSupervisor(ctx, op, FnAuditSeal, nil); err != nil {
		return AuditCheck{}, err
	}
	if s.st.AuditKeyID() == "" {
		return AuditCheck{}, refuse(EINVALID, "audit.seal_nokey")
	}
	c, err := s.VerifyAuditSeal(ctx)
	if err != nil {
		return c, s.wrapStore(err, "audit")
	}
	if c.Status() != store.AuditUnsealed {
		return c, refuse(ESTATE, "audit.seal_not_unsealed", "verdict", c.Status())
	}
	err = s.write(ctx, op, func(tx *store.Tx) error {
		tx.StartAuditSeal()
		return tx.AppendAudit(&store.AuditEvent{Operator: op, Action: ActionAuditSeal,
			After: jsonObject(map[string]any{"key_id": s.st.AuditKeyID(), "rows_before": c.Verdict.Rows})})
	})
	if err != nil {
		return c, err
	}
	return s.VerifyAuditSeal(ctx)
}

// SignInAuditCheck is the check the console runs when someone signs in.
// For an active supervisor (the one who can act on it) it walks the whole
// trail, and warn says the console must tell them: anything but intact.
// A store without an audit key (tests, embedded use) is not warned of an
// unsealed trail: there is no seal to expect. For anyone else it reads
// nothing more: the check is zero and warn false.
func (s *Service) SignInAuditCheck(ctx context.Context, login string) (c AuditCheck, warn bool, err error) {
	o, err := s.ActiveOperator(ctx, login)
	if err != nil || o.Role != store.RoleSupervisor {
		return c, false, err
	}
	if c, err = s.VerifyAuditSeal(ctx); err != nil {
		return c, false, err
	}
	unsealedByDesign := c.Status() == store.AuditUnsealed && s.st.AuditKeyID() == ""
	return c, !c.OK() && !unsealedByDesign, nil
}

// OK is true when the trail is intact: it chains and the key proves it.
func (c AuditCheck) OK() bool { return c.Verdict.Status() == store.AuditIntact }

// Status is the verdict: one of store.Audit* (intact, broken, forged,
// cut_off, wrong_key, no_key, unsealed).
func (c AuditCheck) Status() string { return c.Verdict.Status() }

// Message says the verdict in lang: what is wrong and where, or that the
// trail is intact and how much of it the key covers.
func (c AuditCheck) Message(lang string) string {
	v := c.Verdict
	seal := v.Seal
	n := func(i int64) string { return strconv.FormatInt(i, 10) }
	args := map[string]string{"rows": n(v.Rows), "last": n(v.LastID), "head": v.Head, "key": seal.KeyID,
		"headid": n(seal.HeadID), "row": n(seal.ForgedID)}
	key := "audit.verdict." + v.Status()
	switch v.Status() {
	case store.AuditBroken:
		b := v.Break
		key = "audit.verdict.broken." + b.Kind
		args["row"], args["prev"], args["from"], args["to"], args["what"] = n(b.ID), n(b.PrevID), n(b.PrevID+1),
			n(b.ID-1), b.Stored
	case store.AuditForged:
		key = "audit.verdict.forged." + seal.Forged
	case store.AuditCutOff:
		args["from"] = n(v.LastID + 1)
	case store.AuditIntact:
		if seal.SealedFrom > 1 {
			key = "audit.verdict.intact_since"
			args["before"] = n(seal.SealedFrom - 1)
		}
	}
	return render(key, args, lang)
}

func init() {
	Messages.Add(msg.Set{
		"audit.verdict.intact": {"監査記録は完全です：{rows} 行、すべて監査鍵の封印と一致します（先頭 {head}）",
			"audit trail intact: {rows} rows, every one sealed with the audit key (head {head})"},
		"audit.verdict.intact_since": {"監査記録は完全です：{rows} 行（先頭 {head}）。1〜{before} 行目は封印が始まる前に書かれた行で、ハッシュの連鎖だけが守っています",
			"audit trail intact: {rows} rows (head {head}); rows 1 to {before} were written before sealing began and are covered by the hash chain only"},
		"audit.verdict.unsealed": {"監査記録 {rows} 行のどれにも封印がありません。封印前の spdesk で書かれたか、封印が剥がされています。連鎖は正しいものの、書き換えられていないとは言えません。内容を確かめたうえで、監督者が spdesk audit seal で封印を始めてください",
			"none of the {rows} audit rows carries a seal: the trail was written before spdesk sealed it, or every seal was stripped; the chain holds, but nothing proves it was not rewritten; once it has been checked, a supervisor starts the seal with spdesk audit seal"},
		"audit.seal_nokey": {"監査鍵がないため封印を始められません。--audit-key で鍵のファイルを指定してください",
			"there is no audit key to seal with: give the key file with --audit-key"},
		"audit.seal_not_unsealed": {"封印を始められるのは封印のない監査記録だけです（いまの判定: {verdict}）。spdesk audit verify で確認してください",
			"only an unsealed audit trail can start its seal (it is now: {verdict}); see spdesk audit verify"},
		"audit.verdict.no_key": {"監査記録は鍵 {key} で封印されていますが、監査鍵が渡されていません。連鎖だけを確認しました（{rows} 行）。--audit-key で鍵のファイルを指定してください",
			"the audit trail is sealed with key {key} but no audit key was given: only the chain was checked ({rows} rows); give the key file with --audit-key"},
		"audit.verdict.wrong_key": {"渡された監査鍵は、この監査記録を封印した鍵 {key} ではありません。改ざんの有無は判断できません。正しい鍵のファイルを --audit-key で指定してください",
			"the audit key given is not the key {key} this trail is sealed with, so nothing can be said about forgery: give the right key file with --audit-key"},
		"audit.verdict.cut_off": {"監査記録の末尾が切り取られています：{from}〜{headid} 行目がありません（封印の記録では最後に書かれたのは {headid} 行目）。残る {rows} 行は完全です",
			"rows were cut off the end of the audit trail: rows {from} to {headid} are missing (the seal record says it was last written up to row {headid}); the {rows} rows that remain are intact"},
		"audit.verdict.forged.row": {"監査記録の {row} 行目は監査鍵を持たない者に書き換えられています：ハッシュは計算し直されていますが封印が一致しません（それより前の {rows} 行は正しく封印されています）",
			"audit row {row} was rewritten by someone without the audit key: the hashes were recomputed but its seal does not match (the {rows} rows before it are sealed correctly)"},
		"audit.verdict.forged.record": {"監査記録の封印の記録が鍵なしで書き換えられています：記録自身の封印が一致しません（{rows} 行の封印は正しい）",
			"the audit trail's seal record was edited without the key: its own seal does not match (the seals of the {rows} rows do)"},
		"audit.verdict.forged.key_id": {"封印の記録にある鍵の ID が書き換えられています：この記録は渡された鍵で封印されています",
			"the key id in the seal record was edited: the record is sealed with the key given"},
		"audit.verdict.forged.old_record": {"封印の記録は最後の行を {headid} 行目としていますが、封印された行は {last} 行目まであります：古い写しから戻された記録です",
			"the seal record names row {headid} as the last, yet sealed rows run to row {last}: the record was put back from an older copy"},
		"audit.verdict.forged.no_record": {"{row} 行目から封印がありますが、封印の記録が消されています",
			"rows carry seals from row {row} on, but the seal record was removed"},
		"audit.verdict.broken.content": {"監査記録の {row} 行目は書き込み後に変更されています（内容が保存されたハッシュと合いません）",
			"audit row {row} was changed after it was written (its fields no longer hash to its stored hash)"},
		"audit.verdict.broken.link": {"監査記録の {row} 行目が前の行 {prev} とつながっていません：前の行が書き換えられたか、つながりが編集されています",
			"audit row {row} does not link to row {prev}: the row before was rewritten, or the link edited"},
		"audit.verdict.broken.gap": {"監査記録の {from}〜{to} 行目がありません（削除されています）",
			"audit rows {from} to {to} are missing (deleted)"},
		"audit.verdict.broken.field": {"監査記録の {row} 行目に spdesk が書かない値があります（{what}）：行が編集されています",
			"audit row {row} holds a value spdesk never writes ({what}): the row was edited"},
	})
}
