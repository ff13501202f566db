package app

import (
	"strings"
)

// StarterRules are the rules a new inbox begins with: what may hurt the
// brand, in French and English, flagged as a risk. The user edits them
// in Settings like any rule.
func StarterRules() []Rule {
	risk := func(name, label string, words ...string) Rule {
		return Rule{Name: name, Enabled: true, Words: words, Label: label, Priority: PriorityHigh, Risk: true}
	}
	return []Rule{
		risk("Arnaque, faux compte / Scam, fake", "arnaque",
			"arnaque", "arnaquer", "escroc", "escroquerie", "escrocs", "fraude", "faux compte", "usurpation",
			"scam", "scammer", "scammers", "fraud", "fake", "fake account", "impersonation", "phishing", "hameçonnage"),
		risk("Menace juridique / Legal threat", "juridique",
			"avocat", "mon avocat", "plainte", "porter plainte", "mise en demeure", "tribunal", "procès", "dgccrf", "60 millions",
			"lawyer", "my lawyer", "attorney", "lawsuit", "sue", "sue you", "legal action", "trading standards"),
		risk("Réclamation / Complaint", "réclamation",
			"inadmissible", "honteux", "honte", "scandale", "scandaleux", "remboursement", "remboursez", "jamais reçu", "déçu", "déçue",
			"disgrace", "disgraceful", "refund", "never received", "worst", "disappointed", "unacceptable", "rip off", "rip-off"),
		risk("Données personnelles du personnel / Staff personal data", "données perso",
			"adresse perso", "son adresse", "habite à", "numéro perso", "son numéro", "son 06", "sa plaque", "doxx",
			"home address", "lives at", "phone number", "personal number", "doxxed", "doxxing", "dox"),
	}
}

// StarterSavedReplies are the saved replies a new inbox begins with, in
// French and English.
func StarterSavedReplies() []SavedReply {
	return []SavedReply{
		{Name: "Merci", Language: LanguageFrench, Text: "Merci beaucoup {name} pour votre message ! 🙏"},
		{Name: "En message privé", Language: LanguageFrench, Text: "Bonjour {name}, désolés pour ce souci. Pouvez-vous nous écrire en message privé avec votre numéro de commande ? Nous regardons ça tout de suite."},
		{Name: "On s'en occupe", Language: LanguageFrench, Text: "Bonjour {name}, merci de nous l'avoir signalé. Nous vérifions et revenons vers vous très vite."},
		{Name: "Thanks", Language: LanguageEnglish, Text: "Thank you so much {name}! 🙏"},
		{Name: "Direct message", Language: LanguageEnglish, Text: "Hi {name}, sorry about this. Could you send us a direct message with your order number? We'll look into it right away."},
		{Name: "On it", Language: LanguageEnglish, Text: "Hi {name}, thanks for letting us know. We're checking and will get back to you shortly."},
	}
}

// compiledRule is a rule with its words and authors folded once.
type compiledRule struct {
	Rule
	words, authors []string
}

func compileRules(rules []Rule) []compiledRule {
	out := make([]compiledRule, 0, len(rules))
	for _, r := range rules {
		if !r.Enabled {
			continue
		}
		c := compiledRule{Rule: r}
		for _, w := range r.Words {
			if w = Fold(strings.TrimSpace(w)); w != "" {
				c.words = append(c.words, w)
			}
		}
		for _, a := range r.Authors {
			if a = Fold(strings.TrimPrefix(strings.TrimSpace(a), "@")); a != "" {
				c.authors = append(c.authors, a)
			}
		}
		if len(c.words)+len(c.authors) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// matches reports whether the rule matches an item, given its folded text
// (title and text) and folded author handle.
func (c compiledRule) matches(text, author string) bool {
	for _, a := range c.authors {
		if author == a || strings.HasPrefix(author, a+"@") {
			return true
		}
	}
	for _, w := range c.words {
		if ContainsWord(text, w) {
			return true
		}
	}
	return false
}

// apply does what the rules say to a new item.
func applyRules(it *InboxItem, rules []compiledRule, text string) {
	author := Fold(strings.TrimPrefix(it.Author.Handle, "@"))
	for _, r := range rules {
		if !r.matches(text, author) {
			continue
		}
		it.Rules = append(it.Rules, r.ID)
		if r.Label != "" && !it.hasLabel(r.Label) {
			it.Labels = append(it.Labels, r.Label)
		}
		it.Priority = max(it.Priority, r.Priority)
		if r.Risk {
			it.Risk = true
		}
		if r.Done {
			it.State = StateDone
		}
	}
}

// matchesWatch reports whether a feed's article matches the account's
// watch words; an account without words keeps every article.
func matchesWatch(words []string, text string) bool {
	if len(words) == 0 {
		return true
	}
	for _, w := range words {
		if w = Fold(strings.TrimSpace(w)); w != "" && ContainsWord(text, w) {
			return true
		}
	}
	return false
}
