package workflows

import (
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"spdesk/store"
	"spdesk/workflows/bizday"
	"spdesk/workflows/jpform"
	"spdesk/workflows/letterpdf"
	"spdesk/workflows/textsafe"
)

var tokyo = bizday.Tokyo

// letterWidth is the printable width of a letter line in half-width
// columns (A4 portrait at 10.5pt mincho holds about 40 full-width).
const letterWidth = 80

// jaDate is the Tokyo day of an instant on letters
// (2025年6月5日), blank when there is none.
func jaDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jpform.Date(t.In(tokyo))
}

func right(s string) string {
	pad := letterWidth - runewidth.StringWidth(s)
	if pad < 0 {
		pad = 0
	}
	return strings.Repeat(" ", pad) + s
}

func center(s string) string {
	pad := (letterWidth - runewidth.StringWidth(s)) / 2
	if pad < 0 {
		pad = 0
	}
	return strings.Repeat(" ", pad) + s
}

// letterTitle and letterBody are the text of each kind: the FAQ's facts in
// our own words.
var letterTitle = map[store.LetterKind]string{
	store.LetterPasswordNotice:   "新しいパスワードのお知らせ",
	store.LetterReissueForm:      "ICカード再発行依頼書の送付について",
	store.LetterChangeForm:       "登録内容変更申請書の送付について",
	store.LetterCancellationForm: "解約申込書の送付について",
}

func letterBody(l store.Letter, m store.Member, cardNo string) []string {
	switch l.Kind {
	case store.LetterPasswordNotice:
		return []string{
			"お電話でのご依頼にもとづき、セーフティパスのパスワードを新しく発行しました。",
			"これまでお使いのパスワードは、すでにご利用いただけなくなっています。",
			"",
			"　　新しいパスワード：　" + l.Secret,
			"",
			"・パスワードは英字の大文字と小文字を区別します。そのままご入力ください。",
			"・続けて10回まちがえるとロックされ、再度の発行が必要になります。",
			"・ICカードとパスワードがそろうと、どなたでもサービスを利用できます。",
			"　この用紙は人目にふれない場所に保管するか、確認後に細かく破いて処分してください。",
		}
	case store.LetterReissueForm:
		return []string{
			"ICカード破損のご連絡をいただき、お手元のカードのご利用を停止いたしました。",
			"新しいカードをお送りするため、下の再発行依頼書にご記入・ご署名のうえ、",
			"同封の返信用封筒（切手不要）でご返送ください。",
			"依頼書の到着後に新しいカードを発行し、約10日でお届けします。",
			"破損したカードは、はさみで切ってから処分してください。",
			"",
			"―― 再発行依頼書 ――",
			"会員番号：　" + m.No,
			"破損したカードの番号：　" + cardNo,
			"お名前（ご署名）：　＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
			"お電話番号：　＿＿＿＿＿＿＿＿＿＿＿＿",
			"",
			"同封物：再発行依頼書 1枚、返信用封筒 1通",
		}
	case store.LetterChangeForm:
		return []string{
			"ご登録のお名前の変更について、変更申請書をお送りします。",
			"新しいお名前とフリガナをご記入・ご署名のうえ、ご返送ください。",
			"申請書の到着後に変更いたします。",
			"クレジット機能付きカードをお持ちの場合は、カード会社にもご連絡ください。",
			"",
			"―― 変更申請書 ――",
			"会員番号：　" + m.No,
			"現在のお名前：　" + m.Name(),
			"新しいお名前：　＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
			"新しいフリガナ：　＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
			"ご署名：　＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
			"",
			"同封物：変更申請書 1枚、返信用封筒 1通",
		}
	case store.LetterReaderShipment:
		return []string{
			"ICカードリーダーの追加のお申し込みをいただき、ありがとうございます。",
			"ご注文のリーダーをお送りします。2台目以降のリーダーは有償での貸与です。",
			"お支払いはちょコム払いのみです。",
			"",
		}
	case store.LetterCancellationForm:
		return []string{
			"解約のお申し出をいただき、解約申込書をお送りします。",
			"ご記入・ご署名のうえ、ご返送ください。申込書の到着後に解約の手続きをいたします。",
			"年の途中で解約された場合も、年会費はお返しできません。あらかじめご了承ください。",
			"",
			"―― 解約申込書 ――",
			"会員番号：　" + m.No,
			"お名前（ご署名）：　＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
			"解約の理由（任意）：　＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
			"",
			"同封物：解約申込書 1枚、返信用封筒 1通",
		}
	}
	return nil
}

// Center is the support center as letters name it: the sender block and
// the address a form goes back to. The postal address is the demo desk's;
// a deployment sets its own before printing for real.
var Center = letterpdf.ReturnAddress{Postal: "100-0005", Address: "東京都千代田区丸の内1-1-1", Name: "セーフティパス サポートセンター"}

// returnsForm says which kinds ask the member to send a form back: they
// get a return-envelope page.
var returnsForm = map[store.LetterKind]bool{store.LetterReissueForm: true, store.LetterChangeForm: true,
	store.LetterCancellationForm: true}

// letterDoc is what one letter says, set out for paper (letterpdf) and for
// text alike: the address block (〒, address, name + 様), the date and
// sender, the title, the body, and the reference numbers at the foot.
// detail lines (a reader order's contents) follow the kind's own text.
// Every field from data goes through textsafe: a name or address holding
// an escape sequence (imported before the checks, or written around them)
// must not reach a printer as a control.
func letterDoc(l store.Letter, m store.Member, c store.Case, cardNo string, now time.Time, detail ...string) letterpdf.Letter {
	show := textsafe.Show
	body := []string{"拝啓　平素はセーフティパスをご利用いただき、まことにありがとうございます。"}
	for _, s := range append(letterBody(l, m, cardNo), detail...) {
		body = append(body, show(s))
	}
	body = append(body, "")
	ref := "お問合せ番号　" + l.RefNo() + "　　会員番号　" + show(m.No)
	if c.ID != 0 {
		ref += "　　受付番号　" + c.No()
	}
	d := letterpdf.Letter{
		// letterpdf sets the 〒 mark itself.
		Ref: l.RefNo(), Postal: strings.TrimPrefix(show(jpform.Postal(m.PostalCode)), "〒"), Address: show(m.Address), Name: show(m.Name()),
		Date: jaDate(now), Sender: []string{Center.Name, "〒" + Center.Postal + "　" + Center.Address},
		Title: letterTitle[l.Kind], Body: body, Closing: "敬具",
		Foot: []string{ref, "ご不明な点は、セーフティパス サポートセンターまでお電話ください。"},
	}
	if returnsForm[l.Kind] {
		rt := Center
		d.ReturnTo = &rt
	}
	return d
}

// renderLetter is a letter as plain text, in the order the page reads.
func renderLetter(l store.Letter, m store.Member, c store.Case, cardNo string, now time.Time, detail ...string) string {
	d := letterDoc(l, m, c, cardNo, now, detail...)
	var b strings.Builder
	line := func(s string) { b.WriteString(strings.TrimRight(textsafe.Show(s), " ")); b.WriteByte('\n') }
	line("〒" + d.Postal)
	line(d.Address)
	line("")
	line(d.Name + "　様")
	line("")
	line(right(d.Date))
	for _, s := range d.Sender {
		line(right(s))
	}
	line("")
	line(center(d.Title))
	line("")
	for _, s := range d.Body {
		line(s)
	}
	line(right(d.Closing))
	line("")
	line(strings.Repeat("─", letterWidth/2))
	for _, s := range d.Foot {
		line(s)
	}
	return b.String()
}
