package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"spdesk/internal/kanjivar"
	"spdesk/internal/romaji"
)

// The search benchmark seeds a million members once into the system temp
// folder (reused while the schema version is the same: the file appears
// only when the seed is complete) and prints, per kind of query, Search's
// p50 and p99 beside the p99 of the best hand-written SQL for the same
// question on the same file. `make bench` runs it; plain `go test` never
// does, since benchmarks need -bench.

var benchMembers = benchSize()

func benchDB(b *testing.B) (path string, seedTime time.Duration) {
	path = filepath.Join(os.TempDir(), fmt.Sprintf("spdesk-bench-%d-v%d.db", benchMembers, SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path, 0
	}
	tmp := path + ".partial"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	start := time.Now()
	seedBench(b, tmp, start)
	seedTime = time.Since(start)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path, seedTime
}

// seedBench loads benchMembers generated members (and their former
// names) into the database at db through the Loader, logging its phases
// and every 100,000 members since start; both benchmarks seed the same.
func seedBench(b *testing.B, db string, start time.Time) {
	ctx := context.Background()
	s, err := Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	l, err := s.NewLoader(ctx, WithPhase(func(p string) { b.Logf("seed: %s at %v", p, time.Since(start).Round(time.Second)) }),
		WithProgress(func(n int) {
			if n%100_000 == 0 {
				b.Logf("seed: %d members at %v", n, time.Since(start).Round(time.Second))
			}
		}))
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= benchMembers; i++ {
		m, cards := genMember(1, i)
		if err := l.Add(&m, cards); err != nil {
			b.Fatal(err)
		}
		if f, ok := genFormer(1, i); ok {
			if err := l.AddFormerName(f); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := l.Finish(); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// benchKind is one kind of question: queries as an operator types them,
// and the hand-written SQL that answers the same question best.
type benchKind struct {
	name    string
	queries []string
	best    func(ctx context.Context, db *sql.DB, q string) error
	// bestPG is the same question's best SQL on PostgreSQL
	// (search_bestsql_pg_test.go).
	bestPG func(ctx context.Context, db *sql.DB, q string) error
}

func BenchmarkSearch1M(b *testing.B) {
	path, seedTime := benchDB(b)
	ctx := context.Background()
	t0 := time.Now()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	m, _ := genMember(1, 4242)
	if r, err := s.Search(ctx, m.FamilyKana, 50); err != nil || len(r.Hits) == 0 {
		b.Fatal(r.Total, err)
	}
	openToFirst := time.Since(t0)
	st, _ := os.Stat(path)

	out := measureKinds(b, ctx, s, s.read, benchKinds())
	fmt.Fprintf(out, "seed: %v (0 = cached file reused)  size: %.0f MB  open to first result: %v  %s\n",
		seedTime.Round(time.Millisecond), float64(st.Size())/1e6, openToFirst.Round(time.Microsecond), childRSS(b, path))
	b.Log(out.String())
	fmt.Print(out.String())
}

// measureKinds runs each kind's queries through Search and through the
// best SQL for the store's database, alternating which goes first, and
// returns the table of their times.
func measureKinds(b *testing.B, ctx context.Context, s *Store, bestDB *sql.DB, kinds []benchKind) *strings.Builder {
	var out strings.Builder
	fmt.Fprintf(&out, "\n%-22s %9s %9s %9s %9s %7s %7s\n", "query kind (900 each)", "p50", "p99", "SQL p50", "SQL p99", "ratio", "hits")
	for _, k := range kinds {
		best := k.best
		if s.pg {
			best = k.bestPG
		}
		var ours, bests []time.Duration
		hits := 0
		for _, q := range k.queries { // warm the pages both will touch
			s.Search(ctx, q, 50)
			best(ctx, bestDB, q)
		}
		// Alternate which goes first: the second reads pages the first
		// just brought into the cache.
		for i, q := range k.queries {
			var r SearchResult
			var err, berr error
			var d, bd time.Duration
			runOurs := func() { t := time.Now(); r, err = s.Search(ctx, q, 50); d = time.Since(t) }
			runBest := func() { t := time.Now(); berr = best(ctx, bestDB, q); bd = time.Since(t) }
			if i%2 == 0 {
				runOurs()
				runBest()
			} else {
				runBest()
				runOurs()
			}
			if err != nil || berr != nil {
				b.Fatalf("%s %q: %v / SQL: %v", k.name, q, err, berr)
			}
			ours, bests = append(ours, d), append(bests, bd)
			if len(r.Hits) > 0 {
				hits++
			}
		}
		p99, b99 := pct(ours, 99), pct(bests, 99)
		fmt.Fprintf(&out, "%-22s %9s %9s %9s %9s %6.2fx %6d\n", k.name, ms(pct(ours, 50)), ms(p99), ms(pct(bests, 50)), ms(b99),
			float64(p99)/float64(b99), hits)
	}
	return &out
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/1e6) }

func pct(ds []time.Duration, p int) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[(len(ds)-1)*p/100]
}

// childRSS measures memory in a fresh process (this one carries the seed's
// heap): open, 1,000 searches, read VmRSS.
func childRSS(b *testing.B, path string) string {
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchRSSChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SPDESK_BENCH_DB="+path)
	outp, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Sprintf("RSS: child failed: %v", err)
	}
	for _, l := range strings.Split(string(outp), "\n") {
		if strings.Contains(l, "VmRSS") {
			return "RSS after 1,000 searches: " + strings.TrimSpace(l[strings.Index(l, "VmRSS")+6:])
		}
	}
	return "RSS: not reported"
}

func TestBenchRSSChild(t *testing.T) {
	path := os.Getenv("SPDESK_BENCH_DB")
	if path == "" {
		t.Skip("run by BenchmarkSearch1M")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kinds := benchKinds()
	for i := 0; i < 1000; i++ {
		k := kinds[i%len(kinds)]
		if _, err := s.Search(ctx, k.queries[i%len(k.queries)], 50); err != nil {
			t.Fatal(err)
		}
	}
	status, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmRSS") {
			fmt.Println(l)
		}
	}
}

func benchKinds() []benchKind {
	r := rand.New(rand.NewPCG(7, 7))
	const n = 900
	pick := func(f func(m Member, cards []Card) string) []string {
		qs := make([]string, n)
		for i := range qs {
			m, cards := genMember(1, 1+r.IntN(benchMembers))
			qs[i] = f(m, cards)
		}
		return qs
	}
	hira := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'ァ' && r <= 'ヶ' {
				return r - 0x60
			}
			return r
		}, s)
	}
	return []benchKind{
		{"member no", pick(func(m Member, _ []Card) string { return m.No }), bestMemberNo, bestPGMemberNo},
		{"card no", pick(func(_ Member, c []Card) string { return c[0].No }), bestCardNo, bestPGCardNo},
		{"phone", pick(func(m Member, _ []Card) string { return m.Phone[:3] + "-" + m.Phone[3:7] + "-" + m.Phone[7:] }), bestPhone, bestPGPhone},
		{"phone last 4", pick(func(m Member, _ []Card) string { return m.Phone[len(m.Phone)-4:] }), bestPhone4, bestPGPhone4},
		{"e-mail", pick(func(m Member, _ []Card) string { return strings.ToUpper(m.Email[:1]) + m.Email[1:] }), bestEmail, bestPGEmail},
		{"kanji surname", pick(func(m Member, _ []Card) string { return m.FamilyName }), bestRange("name_key"), bestPGRange("name_key")},
		{"kana prefix", pick(func(m Member, _ []Card) string { return hira(m.FamilyKana) }), bestRange("kana_key"), bestPGRange("kana_key")},
		{"1-2 char name", pick(func(m Member, _ []Card) string {
			return string([]rune(m.GivenName)[:1])
		}), bestShort, bestPGShort},
		{"variant kanji", pick(func(m Member, _ []Card) string { return variantOf(m.FamilyName) }), bestRange("name_key"), bestPGRange("name_key")},
		{"romaji", pick(func(m Member, _ []Card) string { return romaji.Hepburn(m.FamilyKana) }), bestSound, bestPGSound},
		{"sounds alike", pick(func(m Member, _ []Card) string { return strings.ReplaceAll(m.FamilyKana, "ウ", "ー") }), bestSound, bestPGSound},
		{"birth date", pick(func(m Member, _ []Card) string { return m.BirthDate.String() }), bestBirth, bestPGBirth},
		{"postal code", pick(func(m Member, _ []Card) string { return "〒" + m.PostalCode[:3] + "-" + m.PostalCode[3:] }), bestPostal, bestPGPostal},
		{"name + birth date", pick(func(m Member, _ []Card) string { return m.FamilyName + " " + m.BirthDate.String() }), bestNameBirth, bestPGNameBirth},
		{"former name", func() []string {
			qs := make([]string, n)
			for i := range qs {
				f, _ := genFormer(1, 7+40*r.IntN(benchMembers/40))
				qs[i] = f.FamilyName + f.GivenName
			}
			return qs
		}(), bestFormer, bestPGFormer},
		{"3+ char substring", pick(func(m Member, _ []Card) string {
			a := []rune(m.Address)
			i := 3 + r.IntN(4)
			return string(a[i : i+3+r.IntN(2)])
		}), bestSubstring, bestPGSubstring},
	}
}

// variantOf writes a name's first kanji in an old or variant form, when
// the table has one (高→髙): the query a caller's registration forces.
func variantOf(name string) string {
	rs := []rune(name)
	for _, p := range kanjivar.Pairs() {
		if p[1] == rs[0] {
			rs[0] = p[0]
			break
		}
	}
	return string(rs)
}

// benchSize is a million members, or SPDESK_BENCH_MEMBERS to check the
// benchmark itself works on a small file.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("SPDESK_BENCH_MEMBERS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}
