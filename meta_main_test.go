package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image"
	imgpng "image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
	"github.com/relais-app/relais/connectors/instagram/instagramtest"
	"github.com/relais-app/relais/connectors/meta/metaauth/metaauthtest"
	"github.com/relais-app/relais/connectors/threads/threadstest"
	"github.com/relais-app/relais/storage/s3host/s3hosttest"
)

// TestMetaNetworksFromSignInToReport is issue 17's "done means", from the
// command line against the fakes: the community manager keeps their own
// Meta app (fake credentials) and signs in through the browser to a
// Facebook Page (the browser comes back to the workspace's port), an
// Instagram account and a Threads account (the address the browser ends
// on is pasted), sets their S3 storage, and schedules one post with two
// images and their alt texts to all three. The window is closed: the
// post goes out through `relais publish --due`, as the tray's Relais
// does. Each network's answer is lost after it made the post; the next
// run settles them all without a second post. The images went through
// the bucket and are gone from it. Comments on each network arrive in
// the inbox and are answered once, even when the reply is asked twice;
// the figures (likes, views) are in the CSV export and the PDF report.
func TestMetaNetworksFromSignInToReport(t *testing.T) {
	needKeychain(t)
	started := time.Now()
	dir := t.TempDir()
	run := func(stdin string, args ...string) string {
		t.Helper()
		out, errOut, code := relais(t, stdin, append([]string{"--data", dir}, args...)...)
		if code != 0 {
			t.Fatalf("relais %s: %d\n%s\n%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}

	// The media storage the user owns.
	bucket := s3hosttest.New(t, "relais-media")
	run(bucket.SecretKey+"\n", "storage", "set", "s3", "--endpoint", bucket.URL, "--bucket", "relais-media",
		"--region", bucket.Region, "--access-key", bucket.AccessKey, "--path-style", "--secret-stdin")
	t.Cleanup(func() { relais(t, "", "--data", dir, "storage", "remove") })

	// The guide's first step: the app is kept, and Relais tells the
	// redirect URI to register in it (on the workspace's own port).
	out := run(metaauthtest.AppSecret+"\n", "account", "add", "threads", "--app-id", metaauthtest.AppID, "--app-secret-stdin")
	m := regexp.MustCompile(`Redirect URI to register in the app: https://127\.0\.0\.1:(\d+)/`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "the Threads app is kept") {
		t.Fatalf("saving the Threads app: %s", out)
	}
	port, _ := strconv.Atoi(m[1])

	// Meta's side: each product's sign-in knows the app and its
	// registered URI, and each API takes the tokens its sign-in issued.
	fbAuth := metaauthtest.Start(t, app.MetaFacebook, app.MetaFacebook.RedirectURI(port))
	fbAuth.SetPages(metaauthtest.Page{ID: facebooktest.PageID, Name: facebooktest.PageName,
		Tasks: []string{"ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"}})
	igAuth := metaauthtest.Start(t, app.MetaInstagram, app.MetaInstagram.RedirectURI(port))
	thAuth := metaauthtest.Start(t, app.MetaThreads, app.MetaThreads.RedirectURI(port))
	for _, a := range []*metaauthtest.Server{fbAuth, igAuth, thAuth} {
		a.Advance(time.Now().Sub(a.Now())) // on the wall clock, as Relais is
	}
	fb, fbURL := facebookWorld(t, fbAuth)
	ig, igURL := instagramWorld(t, igAuth)
	th, thURL := threadsWorld(t, thAuth)

	type connected struct{ ID, Network, Handle string }
	signIn := func(product string, pageRE *regexp.Regexp, paste bool, api string) connected {
		t.Helper()
		in, pasted := io.Pipe()
		browser := &playedBrowser{page: pageRE}
		var stdin io.Reader = strings.NewReader(metaauthtest.AppSecret + "\n")
		if paste {
			stdin = io.MultiReader(stdin, in)
			browser.back = func(addr string) {
				io.WriteString(pasted, addr+"\n")
				pasted.Close()
			}
		} else {
			pasted.Close()
			browser.back = func(addr string) {
				if resp, err := http.Get(addr); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}
		cmd := relaisProcess("", "--data", dir, "account", "add", product, "--app-id", metaauthtest.AppID, "--app-secret-stdin", "--api", api, "--json")
		var stdout bytes.Buffer
		cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &stdout, browser
		cmd.WaitDelay = 5 * time.Second
		timer := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill(); pasted.Close() })
		err := cmd.Run()
		timer.Stop()
		var acc connected
		if err != nil || json.Unmarshal(stdout.Bytes(), &acc) != nil || acc.ID == "" {
			t.Fatalf("signing in to %s: %v\n%s\n%s", product, err, stdout.String(), browser.String())
		}
		t.Cleanup(func() { relais(t, "", "--data", dir, "account", "remove", acc.ID) })
		if strings.Contains(stdout.String()+browser.String(), metaauthtest.AppSecret) {
			t.Errorf("signing in to %s shows the app secret", product)
		}
		return acc
	}
	fbAcc := signIn("facebook", regexp.MustCompile(`http://127\.0\.0\.1:\d+/v[0-9.]+/dialog/oauth\?\S+`), false, fbURL)
	igAcc := signIn("instagram", regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/authorize\?\S+`), true, igURL)
	thAcc := signIn("threads", regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/authorize\?\S+`), true, thURL)
	if fbAcc.Network != "facebook" || fbAcc.Handle != facebooktest.PageUsername || igAcc.Handle != instagramtest.Username || thAcc.Handle != threadstest.Username {
		t.Fatalf("connected %+v, %+v, %+v", fbAcc, igAcc, thAcc)
	}

	// One post, two images with their alt texts, to all three, due.
	write := func(name string, w, h int) string {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = byte(i * 7)
		}
		var b bytes.Buffer
		if err := imgpng.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return file
	}
	const text = "La fournée du samedi est sortie du four"
	alts := "Des pains dorés|La vitrine au matin"
	at := time.Now().Add(-time.Minute)
	run("", "draft", "add", "--text", text, "--account", fbAcc.ID, "--account", igAcc.ID, "--account", thAcc.ID,
		"--image", write("pains.png", 64, 48), "--alt", "Des pains dorés", "--image", write("vitrine.png", 60, 60), "--alt", "La vitrine au matin",
		"--at", at.Format(time.RFC3339), "--status", "scheduled")

	// The window is closed: the tray's Relais publishes what is due, as
	// publish --due does. Each network makes the post, and its answer is
	// lost on the way back.
	lost := conformance.Failure{Drop: true, AfterCreate: true}
	fb.FailNext(conformance.OpPublish, lost)
	ig.FailNext(conformance.OpPublish, lost)
	th.FailNext(conformance.OpPublish, lost)
	type result struct {
		Network, State, URL string
		NextTry             string `json:"next_try"`
	}
	publish := func() []result {
		t.Helper()
		out, errOut, _ := relais(t, "", "--data", dir, "publish", "--due", "--json")
		var results []result
		if err := json.Unmarshal([]byte(out), &results); err != nil {
			t.Fatalf("publish --due --json: %v\n%s\n%s", err, out, errOut)
		}
		return results
	}
	results := publish()
	retry := time.Now()
	for _, r := range results {
		next, err := time.Parse(time.RFC3339, r.NextTry)
		if r.State != "waiting" || err != nil {
			t.Fatalf("with its answer lost, %s's post is %+v; want it waiting to be settled", r.Network, r)
		}
		retry = later(retry, next)
	}
	if len(results) != 3 || len(fb.Posts()) != 1 || len(ig.Posts()) != 1 || len(th.Posts()) != 1 {
		t.Fatalf("the first run: %+v; want the post made on each network", results)
	}
	// The next run, once the retry is due, settles each attempt by
	// reading the network: the post was made, nothing is sent again.
	if wait := time.Until(retry); wait < 20*time.Second {
		time.Sleep(wait + time.Second) // next_try is to the second
	} else {
		t.Fatalf("the retry comes in %s", wait)
	}
	results = publish()
	if len(results) != 3 {
		t.Fatalf("the next run: %+v; want the three settled", results)
	}
	for _, r := range results {
		if r.State != "sent" || r.URL == "" {
			t.Errorf("the next run: %s's post is %+v; want it settled as sent, with its address", r.Network, r)
		}
	}
	if out, _, _ := relais(t, "", "--data", dir, "publish", "--due"); !strings.Contains(out, "Nothing is due") {
		t.Errorf("after settling, still due: %s", out)
	}
	posts := map[string][]conformance.Post{"facebook": fb.Posts(), "instagram": ig.Posts(), "threads": th.Posts()}
	for network, ps := range posts {
		if len(ps) != 1 || ps[0].Text != text || strings.Join(ps[0].Alts, "|") != alts {
			t.Fatalf("%s has %+v, want the post once with both alt texts", network, ps)
		}
	}
	if keys := bucket.Keys("relais-media"); len(keys) != 0 {
		t.Errorf("the storage still holds %v after publishing", keys)
	}
	log := strings.Join(bucket.Log(), "\n")
	if puts, deletes := strings.Count(log, "PUT "), strings.Count(log, "DELETE "); puts < 4 || deletes < puts {
		t.Errorf("the storage saw %d puts and %d deletes, want the two images for Instagram and for Threads, each deleted:\n%s", puts, deletes, log)
	}
	if n := len(ig.Fetches()); n < 2 {
		t.Errorf("Instagram fetched %d images from the storage, want 2", n)
	}

	// The community answers, and the posts are seen and liked.
	fbPost, igPost, thPost := posts["facebook"][0].ID, posts["instagram"][0].ID, posts["threads"][0].ID
	fb.Comment("Alice Dupont", fbPost, "Vous ouvrez dimanche ?")
	ig.Comment("claire.b", igPost, "Elles ont l'air délicieuses")
	th.Reply("jules.m", thPost, "Il en reste pour midi ?")
	fb.React(fbPost, 12, 3)
	fb.See(fbPost, 480)
	ig.Like(igPost, 7, 120, 90, 3, 2)
	th.Like(thPost, 5, 300)

	out = run("", "sync")
	var items []struct {
		ID, Network, State, Text string
	}
	out = run("", "inbox", "list", "--json")
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("inbox list --json: %v\n%s", err, out)
	}
	const reply = "Merci beaucoup, à bientôt !"
	comments := map[string]string{"facebook": "Vous ouvrez dimanche ?", "instagram": "Elles ont l'air délicieuses", "threads": "Il en reste pour midi ?"}
	for network, want := range comments {
		id := ""
		for _, it := range items {
			if it.Network == network && it.Text == want {
				id = it.ID
			}
		}
		if id == "" {
			t.Fatalf("the %s comment is not in the inbox: %s", network, out)
		}
		run("", "inbox", "reply", id, "--text", reply)
		// Asked twice (a script run again): said, not sent.
		if out, errOut, code := relais(t, "", "--data", dir, "inbox", "reply", id, "--text", reply); code == 0 || !strings.Contains(errOut, "already sent") {
			t.Errorf("the %s reply asked twice: %d %s %s", network, code, out, errOut)
		}
	}
	replies := map[string][]conformance.Post{"facebook": fb.Posts(), "instagram": ig.Posts(), "threads": th.Posts()}
	for network, ps := range replies {
		n := 0
		for _, p := range ps {
			if p.Text == reply && p.ReplyTo != "" {
				n++
			}
		}
		if n != 1 || len(ps) != 2 {
			t.Errorf("%s has %+v, want the post and one reply", network, ps)
		}
	}

	// The figures: in the CSV and in the PDF report.
	run("", "collect")
	exports := t.TempDir()
	run("", "export", "csv", "--out", exports+"/")
	rows := readPostsCSV(t, exports)
	want := map[string][2]string{"facebook": {"12", "480"}, "instagram": {"7", "120"}, "threads": {"5", "300"}}
	for network, w := range want {
		found := false
		for _, r := range rows {
			if r["network"] == network && r["text"] == text {
				found = true
				if r["likes"] != w[0] || r["views"] != w[1] {
					t.Errorf("%s's row: likes %s, views %s; want %s and %s", network, r["likes"], r["views"], w[0], w[1])
				}
			}
		}
		if !found {
			t.Errorf("no %s row in the posts' CSV: %v", network, rows)
		}
	}
	pdf := filepath.Join(exports, "report.pdf")
	run("", "export", "pdf", "--out", pdf, "--brand", "Boulangerie Martin")
	txt, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, w := range []string{"Boulangerie Martin", "Facebook", "Instagram", "Threads", "La fournée du samedi", "480"} {
		if !strings.Contains(string(txt), w) {
			t.Errorf("the PDF report lacks %q:\n%s", w, txt)
		}
	}
	t.Logf("took %s", time.Since(started).Round(time.Millisecond))
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// readPostsCSV reads the posts' table of a CSV export, as rows by column.
func readPostsCSV(t *testing.T, dir string) []map[string]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*posts.csv"))
	if len(files) != 1 {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("no posts' CSV in %v", entries)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil || len(records) < 1 {
		t.Fatalf("the posts' CSV: %v", err)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// playedBrowser plays the system browser on the sign-in page Relais
// writes out: it approves there, and back does with the address the
// dialog sends it to what the browser (or the user) would.
type playedBrowser struct {
	page *regexp.Regexp
	back func(addr string)

	mu   sync.Mutex
	buf  bytes.Buffer
	done bool
}

func (b *playedBrowser) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if page := b.page.FindString(b.buf.String()); page != "" && !b.done {
		b.done = true
		go func() {
			addr, err := metaauthtest.Follow(page)
			if err != nil {
				addr = "the dialog failed: " + err.Error()
			}
			b.back(addr)
		}()
	}
	return len(p), nil
}

func (b *playedBrowser) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// metaWorld is Meta's sign-in and a product's API at one address, as
// Meta serves them: the sign-in's paths go to auth, the rest to api,
// with each token the sign-in issued turned by token into the one the
// API's fake knows ("" when it is none of the sign-in's).
func metaWorld(t *testing.T, auth http.Handler, authPaths []string, api http.Handler, token func(string) string) string {
	t.Helper()
	mux := http.NewServeMux()
	for _, p := range authPaths {
		mux.Handle(p, auth)
	}
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			if known := token(tok); known != "" {
				r.Header.Set("Authorization", "Bearer "+known)
			}
		}
		if q := r.URL.Query(); q.Get("access_token") != "" {
			if known := token(q.Get("access_token")); known != "" {
				q.Set("access_token", known)
				r.URL.RawQuery = q.Encode()
			}
		}
		api.ServeHTTP(w, r)
	}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// facebookWorld: Facebook Login, the token exchange and /me/accounts
// from auth; the Page tokens /me/accounts gave are the fake Page's, the
// user's long-lived token the fake's user.
func facebookWorld(t *testing.T, auth *metaauthtest.Server) (*facebooktest.Server, string) {
	fake := facebooktest.Start(t)
	var mu sync.Mutex
	pageTokens := map[string]bool{}
	signIn := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		auth.Config.Handler.ServeHTTP(rec, r)
		if strings.HasSuffix(r.URL.Path, "/me/accounts") {
			var ans struct {
				Data []struct {
					AccessToken string `json:"access_token"`
				} `json:"data"`
			}
			if json.Unmarshal(rec.Body.Bytes(), &ans) == nil {
				mu.Lock()
				for _, p := range ans.Data {
					pageTokens[p.AccessToken] = true
				}
				mu.Unlock()
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
	url := metaWorld(t, signIn, []string{"/v21.0/dialog/oauth", "/v21.0/oauth/access_token", "/v21.0/me/accounts"}, fake.Handler(), func(tok string) string {
		mu.Lock()
		page := pageTokens[tok]
		mu.Unlock()
		switch ok, _ := auth.Valid(tok); {
		case page && ok:
			return facebooktest.PageToken
		case ok:
			return facebooktest.UserToken
		}
		return ""
	})
	return fake, url
}

// instagramWorld: Instagram's sign-in and its API, which takes the
// long-lived tokens the sign-in issued.
func instagramWorld(t *testing.T, auth *metaauthtest.Server) (*instagramtest.Server, string) {
	fake := instagramtest.Start(t)
	url := metaWorld(t, auth.Config.Handler, []string{"/oauth/authorize", "/oauth/access_token", "/access_token", "/refresh_access_token"}, fake.Handler(),
		func(tok string) string {
			if ok, long := auth.Valid(tok); ok && long {
				return instagramtest.Token
			}
			return ""
		})
	return fake, url
}

// threadsWorld: Threads' sign-in and its API, which accepts the tokens
// the sign-in issued.
func threadsWorld(t *testing.T, auth *metaauthtest.Server) (*threadstest.Server, string) {
	fake := threadstest.Start(t)
	fake.Accept = func(tok string) bool {
		ok, long := auth.Valid(tok)
		return ok && long
	}
	url := metaWorld(t, auth.Config.Handler, []string{"/oauth/authorize", "/oauth/access_token", "/access_token", "/refresh_access_token"}, fake.Handler(),
		func(string) string { return "" })
	return fake, url
}
