package impostor

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-app/relais/app/monitor"
)

// ReasonKind is why an account looks like an impostor.
type ReasonKind string

// The reasons.
const (
	// ReasonLookalike: the handle or display name is shown like the
	// brand's name with other characters (UTS #39 confusables: a capital
	// I for an l, a Cyrillic а for a Latin a, "rn" for "m", an accent).
	ReasonLookalike ReasonKind = "lookalike"
	// ReasonSameName: the handle's name or the display name is the
	// brand's, up to case, accents and punctuation, on an account that is
	// not the brand's (its handle differs).
	ReasonSameName ReasonKind = "same_name"
	// ReasonNearName: a typo or two away from the brand's name.
	ReasonNearName ReasonKind = "near_name"
	// ReasonContainsName: the brand's name as a word of a longer name
	// ("maisonlumen_officiel", "lumen-support").
	ReasonContainsName ReasonKind = "contains_name"
	// ReasonAvatar: the avatar looks like the brand's (perceptual hash).
	ReasonAvatar ReasonKind = "avatar"
	// ReasonBioCopied: the bio is (nearly) one of the brand's.
	ReasonBioCopied ReasonKind = "bio_copied"
	// ReasonYoung: the account is younger than YoungAge. It only adds
	// to another reason: many accounts are young.
	ReasonYoung ReasonKind = "young"
)

// Field is which of an account's names a reason is about.
type Field string

// The fields.
const (
	FieldHandle      Field = "handle"
	FieldDisplayName Field = "display_name"
)

// Reason is one piece of evidence, with what it was found in.
type Reason struct {
	Kind ReasonKind
	// Field is the name the reason is about (name reasons only).
	Field Field
	// Found is the suspect's text: its handle, display name or bio.
	Found string
	// Brand is the brand's name or handle it resembles (name reasons),
	// or the brand's bio it copies.
	Brand string
	// Lookalikes are the characters shown alike (ReasonLookalike).
	Lookalikes []Lookalike
	// Edits is the number of typos from the brand's name (ReasonNearName);
	// Bits the bits that differ between the avatars' hashes (ReasonAvatar,
	// out of 64); Days the account's age (ReasonYoung).
	Edits, Bits, Days int
	// Similarity is how much of the brand's bio the bio shares, 0 to 1
	// (ReasonBioCopied).
	Similarity float64
	// Weight is how much the reason counts, 0 to 1.
	Weight float64
}

// Key is the translation key of the reason's sentence. When Count says
// so, the key is a plural family: the UI calls N(Key(), count, Vars()...),
// else T(Key(), Vars()...).
func (r Reason) Key() string {
	k := "impostor.reason." + string(r.Kind)
	if r.Field != "" {
		k += "." + string(r.Field)
	}
	return k
}

// Count is the number the sentence is in the plural for, and whether
// there is one.
func (r Reason) Count() (int, bool) {
	switch r.Kind {
	case ReasonNearName:
		return r.Edits, true
	case ReasonYoung:
		return r.Days, true
	}
	return 0, false
}

// Vars are the placeholders of the sentence, in pairs: found, brand, and
// as the kind has them chars ("I → l, а → a"), bits, percent.
func (r Reason) Vars() []string {
	vars := []string{"found", r.Found, "brand", r.Brand}
	switch r.Kind {
	case ReasonLookalike:
		parts := make([]string, len(r.Lookalikes))
		for i, l := range r.Lookalikes {
			parts[i] = describeRune(l.Found) + " → " + describeRune(l.Brand)
		}
		vars = append(vars, "chars", strings.Join(parts, ", "))
	case ReasonAvatar:
		vars = append(vars, "bits", strconv.Itoa(r.Bits))
	case ReasonBioCopied:
		vars = append(vars, "percent", strconv.Itoa(int(math.Round(100*r.Similarity))))
	}
	return vars
}

// describeRune writes s with the code points of what is not plain ASCII
// ("а (U+0430)"), so that two characters that look alike can be told
// apart in the sentence itself.
func describeRune(s string) string {
	var codes []string
	for _, r := range s {
		if r >= utf8.RuneSelf || strings.ContainsRune("Il|10Oo", r) {
			codes = append(codes, fmt.Sprintf("U+%04X", r))
		}
	}
	if len(codes) == 0 {
		return "“" + s + "”"
	}
	return "“" + s + "” (" + strings.Join(codes, " ") + ")"
}

// Level is how strongly an account is suspected.
type Level string

// The levels, from the score.
const (
	LevelNone     Level = "none"     // nothing, or too little to show
	LevelPossible Level = "possible" // worth a look when the user has time
	LevelSuspect  Level = "suspect"  // listed, and a new one notified
	LevelStrong   Level = "strong"   // most likely an impostor
)

// The scores from which the levels start.
const (
	PossibleAt = 25
	SuspectAt  = 50
	StrongAt   = 80
)

// Key is the translation key of the level's name.
func (l Level) Key() string { return "impostor.level." + string(l) }

// Suspect is an account weighed against the brand.
type Suspect struct {
	Account monitor.Account
	// Score is 0 (nothing like the brand) to 100.
	Score int
	// Reasons are the evidence, strongest first.
	Reasons []Reason
	// Status is StatusOfficial for the brand's own accounts and
	// StatusHarmless for allowed ones, which are never suspects; "" for
	// the others, for the user to decide.
	Status Status
	// AvatarCompared says whether the avatars were compared: both were
	// given and could be read.
	AvatarCompared bool
}

// Level is the suspect's level.
func (s Suspect) Level() Level {
	switch {
	case s.Score >= StrongAt:
		return LevelStrong
	case s.Score >= SuspectAt:
		return LevelSuspect
	case s.Score >= PossibleAt:
		return LevelPossible
	}
	return LevelNone
}

// Suspicious reports whether the account is to be listed and notified:
// its score reaches SuspectAt.
func (s Suspect) Suspicious() bool { return s.Score >= SuspectAt }

// Has reports whether the suspect has a reason of kind k.
func (s Suspect) Has(k ReasonKind) bool {
	return slices.ContainsFunc(s.Reasons, func(r Reason) bool { return r.Kind == k })
}

// YoungAge is the age under which an account counts as young.
const YoungAge = 30 * 24 * time.Hour

// The weights of the reasons. A score combines them as independent
// evidence: 1 − Π(1 − weight), so two middling reasons make a strong one
// and no number of reasons passes 100.
const (
	weightLookalike       = 0.80
	weightSameHandle      = 0.60 // the brand's handle name on another server or network
	weightSameDisplayName = 0.50
	weightNearName1       = 0.55
	weightNearName2       = 0.45
	weightContainsWord    = 0.50 // with "officiel", "support"… around it
	weightContains        = 0.35
	weightAvatar          = 0.60
	weightBioCopied       = 0.50
	weightYoung           = 0.25
	youngWith             = 0.45 // the least weight of a reason youth adds to
)

// Score weighs cand against brand. avatar is cand's avatar image (nil when
// it has none or was not fetched); now dates the account's age. A brand
// whose own avatar cannot be read is compared without it; NewScorer says
// why. To weigh many accounts against one brand, make a Scorer once.
func Score(brand Brand, cand monitor.Account, avatar []byte, now time.Time) Suspect {
	s, _ := NewScorer(brand)
	return s.Score(cand, avatar, now)
}

// Scorer weighs accounts against one brand, whose names, bios and avatar
// it has prepared. Its methods may be called from several goroutines.
type Scorer struct {
	brand  Brand
	names  []form
	bios   []bioGrams
	avatar *avatarHash
}

// NewScorer prepares brand. The error says why the brand's avatar cannot
// be compared (not an image, too large); the Scorer returned works
// without it.
func NewScorer(brand Brand) (*Scorer, error) {
	s := &Scorer{brand: brand}
	seen := map[string]bool{}
	add := func(n string) {
		f := newForm(n)
		if f.keys[1] == "" || seen[f.keys[0]+"\x00"+f.keys[1]] {
			return
		}
		seen[f.keys[0]+"\x00"+f.keys[1]] = true
		s.names = append(s.names, f)
	}
	for _, n := range brand.Names {
		add(n)
	}
	for _, o := range brand.Own {
		add(handleName(o.Handle))
	}
	for _, b := range brand.Bios {
		if g := newBioGrams(b); g.ok() {
			s.bios = append(s.bios, g)
		}
	}
	if len(brand.Avatar) > 0 {
		h, err := hashAvatar(brand.Avatar)
		if err != nil {
			return s, err
		}
		s.avatar = &h
	}
	return s, nil
}

// Score weighs cand: see the package function Score.
func (s *Scorer) Score(cand monitor.Account, avatar []byte, now time.Time) Suspect {
	out := Suspect{Account: cand}
	for _, ref := range s.brand.Own {
		if ref.Is(cand) {
			out.Status = StatusOfficial
			return out
		}
	}
	for _, ref := range s.brand.Allowed {
		if ref.Is(cand) {
			out.Status = StatusHarmless
			return out
		}
	}

	var reasons []Reason
	if r, ok := s.nameReason(FieldHandle, handleName(cand.Handle)); ok {
		reasons = append(reasons, r)
	}
	if r, ok := s.nameReason(FieldDisplayName, cand.DisplayName); ok {
		// The handle and the display name are seldom independent
		// evidence ("carrefour-des-arts", "Carrefour des arts"): the
		// weaker of the two counts for half.
		if len(reasons) == 1 {
			if r.Weight > reasons[0].Weight {
				reasons[0].Weight /= 2
			} else {
				r.Weight /= 2
			}
		}
		reasons = append(reasons, r)
	}
	if r, ok := s.bioReason(cand.Bio); ok {
		reasons = append(reasons, r)
	}
	if s.avatar != nil && len(avatar) > 0 {
		if h, err := hashAvatar(avatar); err == nil {
			out.AvatarCompared = true
			if bits, ok := s.avatar.near(h); ok {
				reasons = append(reasons, Reason{Kind: ReasonAvatar, Bits: bits, Weight: weightAvatar})
			}
		}
	}
	// Youth adds to a reason of weight; alone, or beside the brand's
	// name inside another (a new "free-jazz-club"), it says nothing.
	if slices.ContainsFunc(reasons, func(r Reason) bool { return r.Weight >= youngWith }) && !cand.CreatedAt.IsZero() {
		if age := now.Sub(cand.CreatedAt); age < YoungAge {
			reasons = append(reasons, Reason{Kind: ReasonYoung, Days: int(max(age, 0) / (24 * time.Hour)), Weight: weightYoung})
		}
	}
	slices.SortStableFunc(reasons, func(a, b Reason) int {
		switch {
		case a.Weight > b.Weight:
			return -1
		case a.Weight < b.Weight:
			return 1
		}
		return 0
	})
	keep := 1.0
	for _, r := range reasons {
		keep *= 1 - r.Weight
	}
	out.Reasons = reasons
	out.Score = int(math.Round(100 * (1 - keep)))
	return out
}

// nameReason returns the strongest name reason of one of cand's names.
func (s *Scorer) nameReason(field Field, name string) (Reason, bool) {
	f := newForm(name)
	if f.keys[1] == "" {
		return Reason{}, false
	}
	var words []form
	for _, w := range tokens(f.text) {
		words = append(words, newForm(w))
	}
	var best Reason
	consider := func(r Reason) {
		if r.Weight > best.Weight {
			best = r
		}
	}
	for _, b := range s.names {
		if r, ok := compareNames(field, f, words, b); ok {
			consider(r)
		}
	}
	return best, best.Weight > 0
}

// compareNames finds how f, one of a suspect's names, resembles b, one of
// the brand's.
func compareNames(field Field, f form, words []form, b form) (Reason, bool) {
	r := Reason{Field: field, Found: f.text, Brand: b.text}
	// Alike on screen: the same name, or another shown the same.
	if f.lookAlike(b) {
		if f.plain == b.plain {
			r.Kind = ReasonSameName
			r.Weight = weightSameDisplayName
			if field == FieldHandle {
				r.Weight = weightSameHandle
			}
			return r, true
		}
		r.Kind = ReasonLookalike
		r.Lookalikes = lookalikesOf(f.text, b.text)
		r.Weight = weightLookalike
		return r, true
	}
	// A typo away, for names long enough that a typo is no other word
	// ("orange" and "grange" are a letter apart).
	n := utf8.RuneCountInString(b.folded)
	if n >= 7 {
		limit := 1
		if n >= 10 {
			limit = 2
		}
		d := limit + 1
		for _, fk := range f.keys {
			for _, bk := range b.keys {
				d = min(d, distance([]rune(fk), []rune(bk), limit))
			}
		}
		d = min(d, distance([]rune(f.folded), []rune(b.folded), limit))
		if d >= 1 && d <= limit {
			r.Kind = ReasonNearName
			r.Edits = d
			r.Weight = weightNearName1
			if d == 2 {
				r.Weight = weightNearName2
			}
			return r, true
		}
	}
	// The brand's name as words of a longer name.
	if n >= 4 {
		if around, lookalike, ok := containsName(words, b); ok {
			r.Kind = ReasonContainsName
			r.Weight = weightContains
			if impersonating(around) {
				r.Weight = weightContainsWord
			}
			if lookalike != nil {
				r.Kind = ReasonLookalike
				r.Lookalikes = lookalike
				r.Weight = weightLookalike
			}
			return r, true
		}
	}
	return Reason{}, false
}

// lookalikesOf lists the characters of found shown like brand's, from
// whichever key the two names share.
func lookalikesOf(found, brand string) []Lookalike {
	for _, lower := range [][2]bool{{false, true}, {false, false}, {true, true}, {true, false}} {
		if l := lookalikes(found, brand, lower[0], lower[1]); len(l) > 0 {
			return l
		}
	}
	return nil
}

// containsName finds b as one or more whole words of a name (words are
// its tokens, as forms), or as the start or end of a word whose rest is
// a word impostors add ("lumenofficiel"). It returns the other words,
// and the look-alike characters when the words found are shown like b
// but written otherwise.
func containsName(words []form, b form) (around []string, lookalike []Lookalike, ok bool) {
	for i := range words {
		// Keys, plain and folded forms are made character by character:
		// those of words joined are the words' joined.
		var jf form
		for j := i; j < len(words); j++ {
			w := words[j]
			jf = form{text: jf.text + w.text, plain: jf.plain + w.plain, folded: jf.folded + w.folded,
				keys: [2]string{jf.keys[0] + w.keys[0], jf.keys[1] + w.keys[1]}}
			if len(jf.keys[1]) > len(b.keys[1])+8 {
				break
			}
			if !jf.lookAlike(b) {
				continue
			}
			if i == 0 && j == len(words)-1 {
				return nil, nil, false // the whole name: not "inside"
			}
			for k, o := range words {
				if k < i || k > j {
					around = append(around, o.folded)
				}
			}
			if jf.plain != b.plain {
				lookalike = lookalikesOf(jf.text, b.text)
				if lookalike == nil {
					lookalike = []Lookalike{{Found: jf.text, Brand: b.text}}
				}
			}
			return around, lookalike, true
		}
	}
	// Glued to a word impostors add: "lumenofficiel", "supportlumen".
	for i, w := range words {
		rest, ok := strings.CutPrefix(w.folded, b.folded)
		if !ok {
			rest, ok = strings.CutSuffix(w.folded, b.folded)
		}
		if !ok || !slices.Contains(impostorWords, rest) {
			continue
		}
		around = []string{rest}
		for k, o := range words {
			if k != i {
				around = append(around, o.folded)
			}
		}
		return around, nil, true
	}
	return nil, nil, false
}

// impersonating reports whether the words around the brand's name are
// all words impostors add ("officiel", "support", "fr", digits), rather
// than another name ("amis de", "cuisine").
func impersonating(around []string) bool {
	if len(around) == 0 {
		return false
	}
	for _, w := range around {
		if w == "" || isDigits(w) {
			continue
		}
		if !slices.Contains(impostorWords, w) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// impostorWords are the words impostors put around a brand's name to
// look official or to catch customers asking for help, folded, French
// and English.
var impostorWords = []string{
	"officiel", "officielle", "official", "officiial", "real", "vrai", "vraie", "the", "le", "la", "les",
	"support", "help", "helpdesk", "aide", "sav", "service", "services", "serviceclient", "serviceclients",
	"client", "clients", "clientele", "customer", "customers", "care", "customercare", "assistance",
	"team", "equipe", "staff", "admin", "hq", "info", "infos", "contact", "news", "actu", "actus",
	"fr", "france", "en", "uk", "us", "usa", "eu", "intl", "global", "verified", "verifie",
	"promo", "promos", "offre", "offres", "deals", "giveaway", "giveaways", "concours", "cadeau", "cadeaux",
	"shop", "store", "boutique", "compte", "account", "com",
}
