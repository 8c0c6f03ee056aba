package store

import (
	"fmt"
	"math/rand/v2"
	"time"

	"spdesk/store/luhn"
)

// A small deterministic member generator for the tests and the benchmark,
// shaped like the real population where search cares: a few surnames are
// very common (佐藤 is 2%), readings are katakana, phones mostly mobile.

var genFamilies = [][2]string{
	{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"伊藤", "イトウ"},
	{"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
	{"吉田", "ヨシダ"}, {"山田", "ヤマダ"}, {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
	{"井上", "イノウエ"}, {"木村", "キムラ"}, {"林", "ハヤシ"}, {"斎藤", "サイトウ"}, {"清水", "シミズ"},
	{"山崎", "ヤマザキ"}, {"森", "モリ"}, {"池田", "イケダ"}, {"橋本", "ハシモト"}, {"阿部", "アベ"},
	{"石川", "イシカワ"}, {"山下", "ヤマシタ"}, {"中島", "ナカジマ"}, {"石井", "イシイ"}, {"小川", "オガワ"},
	{"前田", "マエダ"}, {"岡田", "オカダ"}, {"長谷川", "ハセガワ"}, {"藤田", "フジタ"}, {"後藤", "ゴトウ"},
	{"近藤", "コンドウ"}, {"村上", "ムラカミ"}, {"遠藤", "エンドウ"}, {"青木", "アオキ"}, {"坂本", "サカモト"},
	{"里見", "サトミ"}, {"佐野", "サノ"}, {"花田", "ハナダ"}, {"東", "アズマ"}, {"李", "リ"},
}

var genGivens = [][2]string{
	{"花子", "ハナコ"}, {"太郎", "タロウ"}, {"一郎", "イチロウ"}, {"美咲", "ミサキ"}, {"翔太", "ショウタ"},
	{"陽菜", "ヒナ"}, {"大輔", "ダイスケ"}, {"結衣", "ユイ"}, {"健太", "ケンタ"}, {"さくら", "サクラ"},
	{"拓也", "タクヤ"}, {"愛", "アイ"}, {"直樹", "ナオキ"}, {"真由美", "マユミ"}, {"誠", "マコト"},
	{"恵子", "ケイコ"}, {"浩", "ヒロシ"}, {"優子", "ユウコ"}, {"学", "マナブ"}, {"智子", "トモコ"},
	{"蓮", "レン"}, {"葵", "アオイ"}, {"湊", "ミナト"}, {"凛", "リン"}, {"悠真", "ユウマ"},
	{"明美", "アケミ"}, {"和也", "カズヤ"}, {"千尋", "チヒロ"}, {"聡", "サトシ"}, {"里美", "サトミ"},
}

var genPlaces = []string{
	"東京都千代田区丸の内", "東京都渋谷区神南", "東京都世田谷区桜新町", "神奈川県横浜市中区山下町",
	"大阪府大阪市北区梅田", "愛知県名古屋市中区栄", "北海道札幌市中央区北一条西", "福岡県福岡市博多区博多駅前",
	"京都府京都市左京区下鴨", "宮城県仙台市青葉区一番町", "広島県広島市中区紙屋町", "沖縄県那覇市久茂地",
	"埼玉県さいたま市浦和区高砂", "千葉県千葉市中央区富士見", "兵庫県神戸市中央区三宮町", "静岡県静岡市葵区追手町",
}

// genMember makes member number i (from 1) deterministically from seed.
func genMember(seed int64, i int) (Member, []Card) {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
	var fam [2]string
	if r.IntN(50) == 0 { // 佐藤 gets 2% on top of its share
		fam = genFamilies[0]
	} else {
		fam = genFamilies[r.IntN(len(genFamilies))]
	}
	giv := genGivens[r.IntN(len(genGivens))]
	no := fmt.Sprintf("%09d", 100000000+i)
	var phone string
	if r.IntN(4) == 0 {
		phone = fmt.Sprintf("0%d%08d", 3+r.IntN(6), r.IntN(100000000)) // landline, 10 digits
	} else {
		phone = fmt.Sprintf("0%d0%08d", 7+r.IntN(3), r.IntN(100000000))
	}
	joined := MakeDate(2001, time.January, 1).AddDate(0, 0, r.IntN(900))
	m := Member{
		No: no + string(luhn.Digit(no)), FamilyName: fam[0], GivenName: giv[0], FamilyKana: fam[1], GivenKana: giv[1],
		BirthDate:  MakeDate(1940+r.IntN(62), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
		PostalCode: fmt.Sprintf("%07d", r.IntN(10000000)),
		Address:    fmt.Sprintf("%s%d-%d-%d", genPlaces[r.IntN(len(genPlaces))], 1+r.IntN(9), 1+r.IntN(30), 1+r.IntN(20)),
		Phone:      phone,
		Email:      fmt.Sprintf("member%07d@example.ne.jp", i),
		JoinedOn:   Date{joined},
		FeeMethod:  FeePostal,
	}
	n := 1
	if r.IntN(5) == 0 {
		n = 2
	}
	cards := make([]Card, n)
	for k := range cards {
		cn := fmt.Sprintf("35%013d", int64(i)*10+int64(k))
		issued := joined.AddDate(k*5, 0, 0)
		cards[k] = Card{No: cn + string(luhn.Digit(cn)), Kind: CardStandard, IssuedOn: Date{issued},
			ExpiresOn: Date{issued.AddDate(5, 0, -1)}}
	}
	return m, cards
}

// genFormer is member i's former name, for one member in forty: another
// surname, the same given name, kept until a day after joining.
func genFormer(seed int64, i int) (FormerName, bool) {
	if i%40 != 7 {
		return FormerName{}, false
	}
	m, _ := genMember(seed, i)
	fam := genFamilies[(i/40)%len(genFamilies)]
	if fam[0] == m.FamilyName {
		fam = genFamilies[(i/40+1)%len(genFamilies)]
	}
	return FormerName{FamilyName: fam[0], GivenName: m.GivenName, FamilyKana: fam[1], GivenKana: m.GivenKana,
		Until: Date{m.JoinedOn.AddDate(1, 0, 0)}}, true
}
