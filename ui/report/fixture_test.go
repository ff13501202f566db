package report

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
)

// fakeRenderer draws every chart as a tinted panel with a border, of
// exactly the size asked, and remembers what it was asked.
type fakeRenderer struct {
	mu    sync.Mutex
	calls []string
	sizes []chart.Size
}

var _ chart.Renderer = (*fakeRenderer)(nil)

func (r *fakeRenderer) draw(kind string, size chart.Size, tint color.RGBA) (image.Image, error) {
	r.mu.Lock()
	r.calls = append(r.calls, kind)
	r.sizes = append(r.sizes, size)
	r.mu.Unlock()
	img := image.NewRGBA(image.Rect(0, 0, size.Width, size.Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(tint), image.Point{}, draw.Src)
	border := image.NewUniform(color.RGBA{120, 120, 120, 255})
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, size.Width, 6), image.Rect(0, size.Height-6, size.Width, size.Height),
		image.Rect(0, 0, 6, size.Height), image.Rect(size.Width-6, 0, size.Width, size.Height),
	} {
		draw.Draw(img, r, border, image.Point{}, draw.Src)
	}
	return img, nil
}

func (r *fakeRenderer) Lines(c chart.Lines, size chart.Size) (image.Image, error) {
	return r.draw("lines", size, color.RGBA{220, 236, 250, 255})
}

func (r *fakeRenderer) Bars(c chart.Bars, size chart.Size) (image.Image, error) {
	return r.draw("bars", size, color.RGBA{226, 244, 230, 255})
}

func (r *fakeRenderer) Heatmap(c chart.Heatmap, size chart.Size) (image.Image, error) {
	return r.draw("heatmap", size, color.RGBA{252, 236, 220, 255})
}

var paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// november is the month of the fixtures, in Paris.
var november = app.Period{
	From: time.Date(2026, 11, 1, 0, 0, 0, 0, paris),
	To:   time.Date(2026, 12, 1, 0, 0, 0, 0, paris),
}

var sampleTexts = []string{
	"Nouvelle fournée : la brioche feuilletée au sucre perlé est de retour ce week-end ! 🥐",
	"Merci à vous tous pour ces 10 ans de quartier. On fête ça samedi avec des dégustations gratuites toute la journée, venez nombreux avec vos enfants et vos voisins.",
	"Le pain au levain naturel, c’est 36 heures de patience. On vous explique pourquoi dans notre fil 👇",
	"Fermeture exceptionnelle lundi 11 novembre.",
	"« Le meilleur croissant du 11e » selon @lefooding@mastodon.social, rien que ça 😊",
	"Atelier pâtisserie pour les enfants mercredi à 14 h : il reste 3 places !",
	"Our sourdough workshop is now open to English speakers too. Book on our website https://boulangerie-martin.example/ateliers?lang=en&utm_source=mastodon",
	"Calendrier de l’Avent : chaque jour une surprise en boutique. Jour 1 : chocolat chaud offert pour toute viennoiserie achetée.",
	"Recrutement : nous cherchons un·e apprenti·e boulanger·ère pour janvier. CV en message privé.",
	"La galette des rois arrive bientôt… frangipane ou pomme ? Dites-nous tout ⬇️",
	"",
}

var sampleTitles = []string{"", "", "Dix ans de quartier", "", "", "Atelier enfants", "", "", "On recrute", "", ""}

// monthReport is a month of a bakery's figures: accounts with a snapshot
// a day in the month and the month before, posts published at random
// hours (Tuesday evenings do better), an inbox with answers.
func monthReport(nAccounts, nPosts int) app.Report {
	rnd := rand.New(rand.NewPCG(42, uint64(nPosts)))
	rep := app.Report{Period: november, Previous: november.Previous(), Brand: "Boulangerie Martin"}
	networks := []app.Network{app.Mastodon, app.Bluesky}
	names := []string{"Boulangerie Martin", "martin.bsky.social", "Martin Pâtisserie", "Atelier Martin", "Martin Traiteur"}
	for i := range nAccounts {
		acc := app.Account{ID: testID(i + 1), Network: networks[i%2], Handle: names[i%len(names)]}
		if i == 0 {
			acc.Handle, acc.Label = "martin@piaille.example", "Boulangerie Martin"
		}
		base := 800 + 900*i
		ar := app.AccountReport{Account: acc}
		fill := func(p app.Period, start, step int) []app.AccountDay {
			var days []app.AccountDay
			n := start
			p.EachDay(func(d time.Time) {
				n += step + rnd.IntN(5) - 1
				days = append(days, app.AccountDay{Account: acc.ID, Day: app.DayOf(d, paris), Followers: n})
			})
			return days
		}
		ar.Previous = fill(rep.Previous, base, 2+i)
		ar.Days = fill(rep.Period, ar.Previous[len(ar.Previous)-1].Followers, 3+i)
		rep.Accounts = append(rep.Accounts, ar)
	}
	// Posts.
	for i := range nPosts {
		acc := rep.Accounts[i%nAccounts].Account
		day := rnd.IntN(30)
		hour := []int{8, 9, 12, 13, 18, 19, 20}[rnd.IntN(7)]
		at := time.Date(2026, 11, 1+day, hour, rnd.IntN(60), 0, 0, paris)
		boost := 1.0
		if at.Weekday() == time.Tuesday && hour == 18 {
			boost = 2.5
		}
		s := app.PostStats{
			Key: fmt.Sprintf("k%d", i), Post: testID(1000 + i), Account: acc.ID, Network: acc.Network,
			URL:   fmt.Sprintf("https://piaille.example/@martin/%d", 100000+i),
			Title: sampleTitles[i%len(sampleTitles)], Text: sampleTexts[i%len(sampleTexts)], PublishedAt: at,
			Likes: int(float64(rnd.IntN(40)) * boost), Boosts: int(float64(rnd.IntN(12)) * boost),
			Replies: rnd.IntN(6), Quotes: rnd.IntN(3),
			Followers: 1000 + 900*(i%nAccounts),
		}
		rep.Posts = append(rep.Posts, s)
	}
	app.SortByEngagement(rep.Posts)
	rep.PreviousPosts = nPosts * 4 / 5
	for _, s := range rep.Posts[:rep.PreviousPosts] {
		rep.PreviousEngagement += s.Engagement() * 9 / 10
	}
	rep.Networks = app.SumNetworks(rep.Posts)
	rep.BestTime = app.MapBestTime(rep.Posts, paris)
	rep.Inbox = inboxOf(rnd, rep.Period, 1)
	rep.PreviousInbox = inboxOf(rnd, rep.Previous, 1.4)
	return rep
}

// inboxOf is a period of made-up inbox items, as Analytics counts them;
// slow stretches the response times.
func inboxOf(rnd *rand.Rand, p app.Period, slow float64) app.InboxReport {
	kinds := []app.ItemKind{app.ItemMention, app.ItemMention, app.ItemReply, app.ItemLike, app.ItemLike, app.ItemLike, app.ItemBoost, app.ItemFollow, app.ItemDirect}
	authors := []string{"claire@piaille.example", "jb.bsky.social", "nadia@mastodon.social", "paul@framapiaf.org", "lea.bsky.social"}
	var items []app.InboxItem
	p.EachDay(func(day time.Time) {
		for range 2 + rnd.IntN(7) {
			at := day.Add(time.Duration(8+rnd.IntN(12))*time.Hour + time.Duration(rnd.IntN(60))*time.Minute)
			it := app.InboxItem{ID: testID(len(items) + 1), Network: app.Mastodon, State: app.StateNeedsReply, Risk: rnd.IntN(20) == 0,
				Item: app.Item{Kind: kinds[rnd.IntN(len(kinds))], At: at, Author: app.Author{Handle: authors[rnd.IntN(len(authors))]}}}
			switch n := rnd.IntN(10); {
			case n == 0: // unanswered
			case n == 1: // answered on the network itself
				it.State = app.StateReplied
			default:
				took := time.Duration(float64(time.Duration(5+rnd.IntN(600))*time.Minute) * slow)
				if rnd.IntN(12) == 0 {
					took = time.Duration(26+rnd.IntN(20)) * time.Hour
				}
				it.State = app.StateReplied
				it.Replies = []app.SentReply{{Key: "k", At: at.Add(took), Published: app.Published{Ref: app.RemoteRef{ID: "r"}, At: at.Add(took)}}}
			}
			items = append(items, it)
		}
	})
	return app.InboxFigures(items, p)
}

// testID is a fixed ID made of n.
func testID(n int) app.ID {
	var id app.ID
	id[14], id[15] = byte(n>>8), byte(n)
	return id
}
