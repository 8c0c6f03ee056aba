package cardops

import (
	"errors"
	"fmt"

	"spdesk/internal/msg"
)

// Advice returns operator-facing advice for a message key (an ErrorKind's
// or a VerdictCode's MessageKey) in "ja" or "en" (anything else is en): what
// is wrong and what to do next. Unknown keys return "". The TUI owns its
// own catalog; this one lets the TUI and the CLI say something useful
// without it.
func Advice(key, lang string) string {
	t, _ := Messages.Text(key, lang)
	return t
}

// AdviceFor is the advice for a card test outcome. When the test itself
// failed, the error kind says more than the verdict (a mute card and a torn
// TLV are both "unreadable", and the operator does different things); when
// the card is fine but some password tries are spent, that is added.
func AdviceFor(r *Result, v VerdictCode, lang string) string {
	if r != nil && errors.Is(r.Err, ErrTestDeadline) {
		return Advice("card.err.test_deadline", lang)
	}
	if r != nil && r.ErrorKind != KindNone {
		switch v {
		case VerdictNoReader, VerdictNoCard, VerdictUnreadable, VerdictForeign, VerdictNotGenuine:
			if a := Advice(r.ErrorKind.MessageKey(), lang); a != "" {
				return a
			}
		}
	}
	a := Advice(v.MessageKey(), lang)
	if v == VerdictOK && r != nil && r.ErrorKind == KindTriesLeft {
		a += " " + msg.Fill(Advice("card.tries_count", lang), "n", fmt.Sprint(r.TriesLeft))
		a += " " + Advice(KindTriesLeft.MessageKey(), lang)
	}
	return a
}

// Messages is cardops' catalog: advice keyed by ErrorKind.MessageKey and
// VerdictCode.MessageKey, each {Japanese, English}.
var Messages = msg.Set{
	"card.err.pcsc_not_built": {"この spdesk は実際のカードリーダーに対応せずにビルドされています。仮想リーダーを使うか、PC/SC 対応版を導入してください。",
		"This spdesk was built without real reader support. Use the virtual reader, or install the build with PC/SC support."},
	"card.err.pcscd_down": {"スマートカードサービス（pcscd）が動いていません。起動してから（例: `pcscd --foreground --auto-exit`、または IT 担当に依頼）、もう一度お試しください。",
		"The smart card service (pcscd) is not running. Start it (e.g. `pcscd --foreground --auto-exit`, or ask IT to enable it), then try again."},
	"card.err.no_reader": {"カードリーダーが接続されていません。USB リーダーを接続して数秒お待ちください。表示されない場合は別の USB ポートをお試しください。",
		"No card reader is connected. Plug in the USB reader and wait a few seconds; if it still does not appear, try another USB port."},
	"card.err.reader_busy": {"別のプログラムがリーダーを使用中です。Safety Pass ソフトを含め、他の IC カードソフトを終了してからもう一度お試しください。",
		"Another program is using the reader. Close other smart card software (including the Safety Pass software) and try again."},
	"card.err.no_card": {"リーダーにカードが入っていません。IC チップ側から表向きに差し込み、もう一度お試しください。",
		"There is no card in the reader. Insert the card, chip first and face up, and try again."},
	"card.err.card_removed": {"テスト中にカードが抜かれました。もう一度差し込み、テストが終わるまで抜かないでください。",
		"The card was removed during the test. Insert it again and keep it in until the test finishes."},
	"card.err.mute": {"カードが応答しません。カードを抜いてください。再度失敗する場合は破損カードの案件を開いてください。",
		"The card does not answer. Remove it; if it fails again, open a broken-card case."},
	"card.err.bad_atr": {"カードの起動応答（ATR）が壊れています（チェックサム不一致）。接点を拭いてもう一度お試しください。再度失敗する場合は破損カードの案件を開いてください。",
		"The card's start-up signal is damaged (wrong checksum). Clean the contacts and try once more; if it fails again, open a broken-card case."},
	"card.err.foreign": {"Safety Pass のカードではありません。会員が正しいカードを送ったか確認し、違う場合は返却してください。",
		"This is not a Safety Pass card. Check that the member sent the right card; return it if not."},
	"card.err.wrong_aid": {"Safety Pass のカードに見えますが、Safety Pass アプリケーションがありません。破損として扱い、破損カードの案件を開いてください。",
		"The card looks like a Safety Pass card but its Safety Pass application is missing. Treat it as broken: open a broken-card case."},
	"card.err.corrupt": {"カード内のデータが壊れています。破損カードの案件を開いてください（カードを使用停止し、再発行依頼書を郵送します）。",
		"The data on the card is damaged. Open a broken-card case: the card is suspended and a reissue request form is mailed."},
	"card.err.bad_mac": {"カードが真正性チェックに失敗しました。偽造の可能性があります。返却せず、カードを使用停止してスーパーバイザーに報告してください。",
		"The card failed the genuineness check: it may be a counterfeit. Do not return it; suspend the card and escalate to a supervisor."},
	"card.err.blocked": {"パスワードが 10 回の誤入力でロックされており（結果コード 58）、二度と使えません。本人確認のうえパスワード再発行の案件を開いてください（新しいパスワードは 3〜4 日で郵送されます）。",
		"The password is blocked after 10 wrong entries (result code 58) and can never be used again. Verify identity, then open a password reset case: a new password is mailed (3-4 days)."},
	"card.err.tries_left": {"パスワードの誤入力が記録されています。大文字・小文字を区別すること、10 回間違えるとロックされることを会員にお伝えください。",
		"Some password tries have been used. Remind the member the password is case-sensitive and that 10 wrong entries block it."},
	"card.err.expired": {"カードの有効期限が切れています。通常カードの有効期間は 5 年です。再発行を手配してください。クレジット機能付きカードはカード会社へご案内ください。",
		"The card is past its expiry date. A standard card is valid 5 years: arrange a reissue. For a credit-function card, refer the member to the card company."},
	"card.err.test_deadline": {"カードの応答が遅すぎるため、制限時間でテストを打ち切りました。カードを抜いてもう一度テストしてください。再び打ち切られる場合は破損カードの案件を開いてください。",
		"The card answers so slowly that the test was stopped at its time limit. Remove the card and test it once more; if the test is stopped again, open a broken-card case."},
	"card.err.io": {"リーダーがエラーを報告しました。カードを抜き差ししてもう一度お試しください。続く場合はリーダーを接続し直してください。",
		"The reader reported an error. Remove the card, re-insert it and try again; if it keeps failing, reconnect the reader."},

	"card.verdict.ok": {"カードは真正で、読み取りでき、有効です。",
		"The card is genuine, readable and active."},
	"card.verdict.suspended": {"カードは動作しますが、データベース上は使用停止中です（紛失届など）。会員がカードを見つけ、まだ再発行を手配していなければ利用を再開できます。そうでなければ再発行を進めてください。",
		"The card works but is suspended in the database (e.g. reported lost). If the member has found it and no reissue was ordered yet, its use can be resumed; otherwise the reissue continues."},
	"card.verdict.revoked": {"カードはデータベース上で失効しており、二度と使えません。会員の新しいカードや解約の状況を確認してください。",
		"The card is revoked in the database and can never be used again. Check the member's newer card or cancellation."},
	"card.verdict.expired": {"カードの有効期限が切れています。通常カードの有効期間は 5 年です。再発行を手配してください。クレジット機能付きカードはカード会社へご案内ください。",
		"The card has expired. A standard card is valid 5 years: arrange a reissue. For a credit-function card, refer the member to the card company."},
	"card.verdict.blocked": {"カードは正常ですが、パスワードがロックされています（結果コード 58）。本人確認のうえパスワード再発行の案件を開いてください。新しいパスワードは 3〜4 日で郵送されます。",
		"The card is fine but its password is blocked (result code 58). Verify identity and open a password reset case; the new password arrives by mail in 3-4 days."},
	"card.verdict.not_genuine": {"カードが真正性チェックに失敗しました。偽造の可能性があります。返却せず、カードを使用停止してスーパーバイザーに報告してください。",
		"The card failed the genuineness check: it may be a counterfeit. Do not return it; suspend the card and escalate to a supervisor."},
	"card.verdict.unknown": {"カードは真正ですが、このデータベースに登録がありません（または別の会員に登録されています）。カード番号と会員を確認し、一致しなければ報告してください。",
		"The card is genuine but this database does not know it (or knows it under another member). Check the card number and member, and escalate if it does not match."},
	"card.verdict.unreadable": {"カードを読み取れません。抜いてもう一度お試しください。再度失敗する場合は破損カードの案件を開いてください。",
		"The card cannot be read. Remove it and try once more; if it fails again, open a broken-card case."},
	"card.verdict.foreign": {"Safety Pass のカードではありません。会員が正しいカードを送ったか確認し、違う場合は返却してください。",
		"This is not a Safety Pass card. Check that the member sent the right card; return it if not."},
	"card.verdict.no_card": {"カードをテストできませんでした。カードを差し込み、テストが終わるまで抜かないでください。",
		"No card was tested. Insert the card and keep it in until the test finishes."},
	"card.verdict.no_reader": {"使えるカードリーダーがありません。リーダーの接続、他のプログラムが使用していないこと、スマートカードサービスが動いていることを確認してください。",
		"No usable card reader. Check that the reader is plugged in, not used by another program, and that the smart card service is running."},

	"card.tries_count": {"パスワードの残り試行回数は {n} 回です。",
		"{n} password tries are left."},
}
