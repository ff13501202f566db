package french

import (
	"context"
	"testing"
)

// cleanPosts are sentences of community managers' posts, written
// correctly: the grammar must raise nothing on them.
var cleanPosts = []string{
	"Bonjour à tous ! Notre boutique rouvre ses portes lundi à 9h.",
	"La boutique et le salon de thé ouvrent dimanche.",
	"Voici les photos qu’elle seule a prises au marché.",
	"Le lien est dans ma bio, et le bio est à l’honneur ce mois-ci.",
	"Le prix et la date ne conviennent pas ? Écrivez-nous.",
	"Cette semaine, on vous propose une tarte aux pommes maison.",
	"Merci pour vos nombreux messages, ça nous touche beaucoup.",
	"Les commandes de Noël sont ouvertes jusqu’au 15 décembre.",
	"Vous pouvez réserver votre table directement en ligne.",
	"Nous avons hâte de vous retrouver au marché de samedi.",
	"Le nouveau menu est disponible dès aujourd’hui.",
	"Pensez à réserver, les places sont limitées !",
	"Nos équipes ont travaillé dur pour préparer ce lancement.",
	"Qui a déjà goûté notre nouveau croissant aux amandes ?",
	"Il reste encore quelques places pour l’atelier de dimanche.",
	"Les enfants sont les bienvenus, un espace jeux les attend.",
	"On a testé pour vous la recette de la galette des rois.",
	"Cette année, la fête de la musique se tiendra sur la place.",
	"Vous êtes plus de 10 000 à nous suivre, merci !",
	"Retrouvez toutes nos offres sur notre site.",
	"La livraison est offerte à partir de 50 € d’achat.",
	"Notre chef vous a préparé un menu spécial pour la Saint-Valentin.",
	"Les inscriptions se font par e-mail ou par téléphone.",
	"Elle nous a raconté son histoire, et nous l’avons trouvée touchante.",
	"Les photos que nous avons prises sont en ligne.",
	"Ils sont venus nombreux, et nous les en remercions.",
	"Il faut que vous veniez goûter ça !",
	"Pour que chacun puisse participer, l’entrée est gratuite.",
	"Nous espérons que vous passerez un bon moment avec nous.",
	"Ce produit est fabriqué en France, dans notre atelier.",
	"Ces deux nouveautés vont vous plaire.",
	"Chaque semaine, un nouveau parfum à découvrir.",
	"Si vous avez des questions, n’hésitez pas à nous écrire.",
	"Nous serons présents au salon du chocolat, stand 12.",
	"Le gagnant sera tiré au sort vendredi.",
	"Venez nombreux, on compte sur vous !",
	"Nous sommes fermés exceptionnellement ce jeudi.",
	"À très vite dans notre boutique !",
	"Il y a du nouveau dans nos vitrines.",
	"On se retrouve demain à 18h pour le live.",
	"Elles ont adoré la visite, et nous aussi.",
	"Une question ? Écrivez-nous en message privé.",
	"C’est parti pour une nouvelle saison !",
	"Le marché a lieu tous les mercredis et samedis matin.",
	"Nos clients nous ont fait confiance depuis vingt ans.",
	"Découvrez les coulisses de notre atelier en vidéo.",
	"Cette offre est valable jusqu’à dimanche soir.",
	"On vous attend à partir de 10h, place de la République.",
	"Vous nous avez demandé la recette, la voici.",
	"Elle est arrivée ce matin, toute fraîche.",
	"Les beaux jours reviennent, la terrasse aussi.",
	"Nous avons décidé de prolonger les soldes.",
	"Tout le monde peut participer au concours.",
	"Chacun de nos produits est fait à la main.",
}

func TestCleanPostsRaiseNothing(t *testing.T) {
	g := load(t)
	for _, s := range cleanPosts {
		got, err := g.Check(context.Background(), s, func(string) bool { return false })
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			t.Errorf("%q: %s, want nothing", s, describe(got))
		}
	}
}
