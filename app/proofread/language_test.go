package proofread

import (
	"testing"

	"github.com/relais-app/relais/app"
)

var frenchPosts = []string{
	"Bonjour à tous !",
	"Merci pour votre soutien 🙏",
	"Nouvelle collection disponible dès demain en boutique.",
	"Rendez-vous samedi à 14h30 au marché.",
	"On recrute ! Envoyez votre CV à jobs@example.fr",
	"La boulangerie sera fermée lundi.",
	"C'est parti pour la saison 2 #Podcast",
	"Découvrez notre nouvelle vidéo : https://example.org/video",
	"Joyeux anniversaire @marie !",
	"Merci !",
	"Super soirée hier, merci à tous d’être venus.",
	"Les inscriptions sont ouvertes jusqu’au 15 mars.",
	"Nous avons hâte de vous retrouver.",
	"Un grand merci à nos bénévoles.",
	"Le programme du festival est en ligne.",
	"Vous êtes nombreux à nous demander la date : c’est le 12 juin.",
	"Quelle journée !",
	"Ouverture exceptionnelle dimanche.",
	"Il reste des places pour l’atelier de jeudi.",
	"Bonne année 2025 ! 🎉",
	"Atelier pain au levain ce samedi",
	"Retrouvez-nous au salon, stand B12.",
	"Nouveau partenariat avec la mairie #Lyon",
	"Le meeting de demain est reporté.",
	"Team building réussi avec l’équipe !",
	"Live ce soir à 20h sur notre chaîne",
	"Soldes : -30 % sur tout le rayon",
	"Qui vient au concert ?",
	"Félicitations aux gagnants du concours",
	"Photo du jour : le port de Marseille",
	"Fermé pour travaux jusqu’à nouvel ordre.",
	"Et voilà, c’est fini pour cette année.",
	"On vous attend nombreux !",
	"Petit rappel : la réunion est à 18h.",
	"Très fiers de notre équipe ❤️",
	"Menu de la semaine disponible sur le site.",
	"Bonne fête des mères",
	"Happy hour de 18h à 20h au bar",
	"Ça commence maintenant !",
	"Qu'en pensez-vous ?",
	"Ok",
	"#Paris #Startup @relais",
	"Top !",
}

var englishPosts = []string{
	"Hello everyone!",
	"Thank you for your support 🙏",
	"New collection available tomorrow in store.",
	"See you on Saturday at the market.",
	"We're hiring! Send your CV to jobs@example.com",
	"The bakery will be closed on Monday.",
	"Season 2 is here #Podcast",
	"Check out our new video: https://example.org/video",
	"Happy birthday @marie!",
	"Thanks!",
	"Great night yesterday, thanks to everyone who came.",
	"Registrations are open until March 15.",
	"We can't wait to see you.",
	"A big thank you to our volunteers.",
	"The festival programme is online.",
	"Many of you asked for the date: it's June 12.",
	"What a day!",
	"Exceptionally open on Sunday.",
	"There are still seats for Thursday's workshop.",
	"Happy new year 2025! 🎉",
	"Sourdough workshop this Saturday with our bakers",
	"Find us at the fair, booth B12.",
	"New partnership with the city of Lyon #Lyon",
	"Tomorrow's meeting is postponed.",
	"Team building day with the whole team!",
	"Live tonight at 8pm on our channel",
	"Sale: 30% off the whole range",
	"Who's coming to the concert?",
	"Congratulations to the winners of the contest",
	"Photo of the day: the harbour",
	"Closed for works until further notice.",
	"And that's it for this year.",
	"We look forward to seeing you!",
	"Quick reminder: the meeting is at 6pm.",
	"So proud of our team ❤️",
	"This week's menu is on the website.",
	"Happy Mother's Day",
	"Our café is open from 8am, with a new menu by chef André",
	"It's starting now!",
	"What do you think?",
	"Thank you",
	"Join us",
}

func TestDetect(t *testing.T) {
	for _, p := range frenchPosts {
		if got := Detect(p); got != app.LanguageFrench {
			t.Errorf("Detect(%q) = %q, want fr", p, got)
		}
	}
	for _, p := range englishPosts {
		if got := Detect(p); got != app.LanguageEnglish {
			t.Errorf("Detect(%q) = %q, want en", p, got)
		}
	}
	if len(frenchPosts) < 40 || len(englishPosts) < 40 {
		t.Errorf("%d French, %d English posts", len(frenchPosts), len(englishPosts))
	}
	// Hashtags, mentions and links do not count.
	if got := Detect("#the #and #you @the https://the.and.you/for/with Merci"); got != app.LanguageFrench {
		t.Errorf("tags counted: %q", got)
	}
	if got := Detect(""); got != app.LanguageFrench {
		t.Errorf("empty: %q", got)
	}
}
