package main

// What Maison Lumen, a small candle maker, posts, and what its followers
// write to it: the words of the simulated history (history.go). Every
// text fits Bluesky's 300 characters, and none holds a link, which would
// have the Bluesky connector fetch a card from the Internet.

// brand is the name on the accounts and on the reports' cover.
const brand = "Maison Lumen"

// campaign is a post of the calendar: a title for the CM's eyes and its
// text.
type campaign struct {
	title, text, campaign string
}

// tuesdayPosts are the workshop's live session, Tuesdays at 18:00: the
// posts that do best.
var tuesdayPosts = []campaign{
	{"Mardi atelier : le coulage", "#MardiAtelier 🕯️ Ce soir à l'atelier, on coule la cire de soja de la collection d'hiver. Venez voir comment naît « Nuit de sapin », en direct de Lyon ! Vos questions en réponse, on vous répond pendant la session.", "Mardi atelier"},
	{"Mardi atelier : les mèches", "#MardiAtelier Bois ou coton ? Ce soir, Léa vous montre comment on choisit la mèche de chaque bougie, et pourquoi une mèche en bois crépite. Posez-nous toutes vos questions !", "Mardi atelier"},
	{"Mardi atelier : les parfums", "#MardiAtelier Ce soir, on dose les parfums de « Feu de bois » : 8 % d'huiles parfumées, pas une goutte de plus. Rendez-vous à 18 h pour les coulisses de la collection d'hiver 🌲", "Mardi atelier"},
	{"Mardi atelier : l'étiquetage", "#MardiAtelier Dernière étape avant l'expédition : l'étiquetage à la main, pot par pot. Ce soir on vous montre tout, et on répond à vos questions sur l'entretien de vos bougies ✨", "Mardi atelier"},
	{"Mardi atelier : les pots", "#MardiAtelier Nos pots sont faits par une céramiste de la Drôme, et on les réutilise : ce soir, on vous explique comment nous les renvoyer pour une recharge. En direct de l'atelier à 18 h !", "Mardi atelier"},
	{"Mardi atelier : la cire", "#MardiAtelier Pourquoi la cire de colza française plutôt que la paraffine ? Ce soir on fait le test côte à côte : durée de combustion, fumée, parfum. Verdict en direct 🔥", "Mardi atelier"},
}

// thursdayPosts are the weekly giveaway, Thursdays at 18:00.
var thursdayPosts = []campaign{
	{"Jeudi concours : Nuit de sapin", "#JeudiConcours 🎁 À gagner cette semaine : une bougie « Nuit de sapin » de la collection d'hiver. Pour participer, partagez ce post et dites-nous en réponse quel parfum vous rappelle l'hiver. Tirage lundi !", "Jeudi concours"},
	{"Jeudi concours : coffret découverte", "#JeudiConcours Un coffret découverte de 3 mini-bougies à gagner ! Partagez et répondez : plutôt bougie du matin ou du soir ? Tirage au sort lundi, bonne chance à toutes et à tous 🕯️", "Jeudi concours"},
	{"Jeudi concours : atelier", "#JeudiConcours Cette semaine, deux places pour notre atelier « Crée ta bougie » à Lyon ! Partagez ce post et identifiez la personne avec qui vous viendriez. Tirage lundi ✨", "Jeudi concours"},
	{"Jeudi concours : Feu de bois", "#JeudiConcours 🔥 À gagner : « Feu de bois », notre best-seller de la collection d'hiver, et sa cloche à mèche. Partagez et dites-nous en réponse votre rituel du soir !", "Jeudi concours"},
	{"Jeudi concours : recharge", "#JeudiConcours On fait gagner trois recharges de cire pour vos pots Maison Lumen ♻️ Partagez ce post et racontez-nous votre coin préféré pour allumer une bougie. Tirage lundi !", "Jeudi concours"},
	{"Jeudi concours : duo", "#JeudiConcours Un duo « Thé fumé » + « Cèdre blanc » à gagner cette semaine 🎁 Partagez et répondez avec votre plus beau souvenir d'hiver. Bonne chance !", "Jeudi concours"},
}

// dailyPosts are the rest of the calendar.
var dailyPosts = []campaign{
	{"Nouveauté Nuit de sapin", "Elle est là : « Nuit de sapin », la première bougie de notre collection d'hiver 🌲 Aiguilles de pin, résine et une pointe de vanille. Coulée à la main à Lyon, 45 heures de combustion.", "Collection d'hiver"},
	{"Feu de bois", "Le crépitement d'une mèche en bois, l'odeur du feu de cheminée… « Feu de bois » revient dans la collection d'hiver, et il y en a peu. #bougie #faitmain", "Collection d'hiver"},
	{"Conseil : la première combustion", "Le conseil du jour 💡 La première fois, laissez votre bougie brûler jusqu'à ce que toute la surface soit fondue (2 à 3 heures). Elle ne creusera pas de tunnel et durera bien plus longtemps.", "Conseils"},
	{"Conseil : couper la mèche", "Petit rappel d'entretien : coupez la mèche à 5 mm avant chaque allumage. Flamme plus calme, pas de fumée noire, et un verre qui reste propre ✂️🕯️", "Conseils"},
	{"Coulisses : livraison de cire", "Ce matin, 200 kilos de cire de colza sont arrivés à l'atelier 😅 De quoi couler toute la collection d'hiver. Merci à notre producteur de la Drôme !", "Coulisses"},
	{"Coulisses : l'équipe", "On vous présente Léa, qui coule nos bougies depuis trois ans, et Karim, qui prépare vos colis avec un soin fou. C'est eux que vous remerciez quand vous nous écrivez 💛", "Coulisses"},
	{"Boutique de Lyon", "La boutique de la Croix-Rousse est ouverte ce samedi de 10 h à 19 h. Venez sentir toute la collection d'hiver avant de choisir, on a préparé du thé 🍵", "Boutique"},
	{"Cèdre blanc", "« Cèdre blanc » : boisé, frais, un peu poudré. C'est la bougie que l'équipe allume au bureau quand il pleut. Et il pleut souvent à Lyon 🌧️ #MaisonLumen", "Collection d'hiver"},
	{"Thé fumé", "Pour les soirées lecture : « Thé fumé », notes de lapsang souchong et de cuir. La plus douce de la collection d'hiver, et notre préférée pour les longues soirées 📚", "Collection d'hiver"},
	{"Recharges", "Votre pot Maison Lumen est vide ? Ne le jetez pas ! Renvoyez-le nous, on le nettoie et on le remplit : 20 % moins cher qu'une bougie neuve ♻️", "Recharges"},
	{"Atelier Crée ta bougie", "Il reste quelques places pour l'atelier « Crée ta bougie » de samedi prochain : 2 heures pour composer votre parfum et couler votre propre bougie. Réservation en boutique ou par message 🕯️", "Ateliers"},
	{"Carte cadeau", "Pas d'idée de cadeau ? La carte cadeau Maison Lumen, c'est le choix du parfum laissé à la personne qui l'allume ✨ Disponible en boutique et en ligne, de 20 à 100 €.", "Cadeaux"},
	{"Avis client", "« Ma bougie Feu de bois a tenu tout l'hiver dernier, je recommande les yeux fermés. » Merci Sophie pour ce mot qui nous a fait chaud au cœur 💛 #avisclient", "Avis"},
	{"Expéditions", "Bonne nouvelle : à partir de cette semaine, vos colis partent le jour même pour toute commande passée avant 14 h 📦 Karim est prêt !", "Logistique"},
	{"Cire végétale", "Pourquoi de la cire végétale ? Moins de suie, une combustion plus lente, et une cire cultivée en France. C'est le choix qu'on a fait dès le premier jour 🌱", "Engagements"},
	{"Parfum mystère", "On teste un nouveau parfum pour la fin de la collection d'hiver… Indice : il y a de l'orange et quelque chose qui rappelle le pain d'épices 🍊 Des idées ?", "Collection d'hiver"},
	{"Bougie et sécurité", "Rappel sécurité 🔥 Ne laissez jamais une bougie allumée sans surveillance, loin des rideaux et hors de portée des enfants et des animaux. Et éteignez-la avec une cloche plutôt qu'en soufflant.", "Conseils"},
	{"Marché de Noël", "On sera au marché de créateurs de la place Carnot le week-end prochain, stand 14 ! Venez dire bonjour et sentir les bougies en vrai 🎄", "Événements"},
	{"Mini-bougies", "Les mini-bougies sont de retour : 12 heures de combustion, parfaites pour découvrir un parfum avant de craquer pour le grand format. Toute la collection d'hiver en mini 🕯️", "Collection d'hiver"},
	{"Bilan de la semaine", "Cette semaine à l'atelier : 640 bougies coulées, 3 nouveaux parfums testés et beaucoup trop de cafés ☕ Merci pour vos messages, vous êtes formidables.", "Coulisses"},
	{"Céramiste", "Nos nouveaux pots en grès viennent de chez Anaïs, céramiste à Dieulefit. Chaque pot est unique, avec ses petites irrégularités : c'est ce qui fait son charme 🏺", "Partenaires"},
	{"Dimanche cocooning", "Dimanche, plaid, bougie « Thé fumé » et un bon livre. Et vous, c'est quoi votre rituel du dimanche ? 📖🕯️", "Collection d'hiver"},
}

// exchange is what someone writes and how the CM answers it; {name}
// becomes the author's name (app.FillReply).
type exchange struct {
	text, answer string
}

// comments are the replies to the brand's posts.
var comments = []exchange{
	{"Magnifique 😍 elle sent quoi exactement ?", "Merci {name} ! Des notes de pin, de résine et un fond de vanille 🌲"},
	{"J'ai craqué pour Feu de bois l'an dernier, je rachète cette année !", "Merci {name}, ça nous fait super plaisir 💛"},
	{"Elle est disponible en boutique à Lyon ?", "Oui {name}, toute la collection est à la boutique de la Croix-Rousse 🕯️"},
	{"Combien de temps elle dure, la grande ?", "Environ 45 heures {name}, si vous coupez la mèche à chaque allumage ✂️"},
	{"Trop belle cette couleur !", "Merci {name} ! C'est un pot de notre céramiste de Dieulefit 🏺"},
	{"Vous livrez en Belgique ?", "Oui {name}, on livre en Belgique en 3 à 5 jours 📦"},
	{"La mèche en bois crépite vraiment ? J'adore ce bruit", "Oui {name}, c'est tout le charme des mèches en bois 🔥"},
	{"Je participe ! L'odeur des clémentines chez ma grand-mère 🍊", "Merci {name} et bonne chance pour le tirage 🍀"},
	{"C'est de la cire de soja ou de colza ?", "De la cire de colza française {name} 🌱"},
	{"On peut venir voir l'atelier ?", "Avec plaisir {name} ! Les ateliers du samedi sont faits pour ça 🕯️"},
	{"Ma préférée reste Cèdre blanc 🌲", "Bon choix {name}, c'est aussi celle de l'équipe 😄"},
	{"Partagé ! Croisons les doigts 🤞", "Merci {name}, bonne chance 🍀"},
	{"Est-ce que le parfum est naturel ?", "Bonne question {name} : ce sont des parfums sans phtalates, conformes à la norme IFRA 🌿"},
	{"Superbe travail, bravo à toute l'équipe", "Merci beaucoup {name}, on transmet à Léa et Karim 💛"},
}

// mentions are the posts that name the brand.
var mentions = []exchange{
	{"bonjour ! vous faites des bougies personnalisées pour un mariage ?", "Bonjour {name}, oui ! Écrivez-nous en message privé avec la date et le nombre d'invités, on vous fait un devis 💍"},
	{"reçu ma commande aujourd'hui, l'emballage est magnifique 😍", "Merci {name}, Karim sera ravi de le savoir 📦💛"},
	{"vous serez au marché de Noël de Villeurbanne cette année ?", "Bonjour {name}, pas cette année, mais on sera place Carnot le week-end prochain 🎄"},
	{"ma commande n'est toujours pas arrivée, vous pouvez regarder ?", "Bonjour {name}, désolés pour ce souci. Pouvez-vous nous écrire en message privé avec votre numéro de commande ? Nous regardons ça tout de suite."},
	{"je cherche une bougie sans parfum pour la chambre de ma fille, vous avez ça ?", "Bonjour {name}, oui : la « Blanche », sans parfum, en petit et grand format 🕯️"},
	{"meilleure bougie que j'aie jamais achetée, merci !", "Merci beaucoup {name} pour votre message ! 🙏"},
	{"vous recrutez pour les fêtes ?", "Bonjour {name}, oui, on cherche un renfort pour les colis : envoyez-nous votre CV en message privé 📦"},
	{"est-ce que vos pots passent au lave-vaisselle ?", "Bonjour {name}, on préfère un lavage à la main à l'eau chaude, le grès vous dira merci 🏺"},
	{"colis arrivé cassé ce matin, le pot est en morceaux 😢", "Oh non {name}, désolés ! Envoyez-nous une photo en message privé, on vous en renvoie un tout de suite."},
	{"vous faites des prix pour les comités d'entreprise ?", "Bonjour {name}, oui, à partir de 20 bougies : écrivez-nous en message privé 🕯️"},
}

// complaint is the mention of someone angry, once a week, which the
// inbox's starter rules flag as a risk.
var complaint = exchange{"trois semaines que j'attends ma commande, c'est inadmissible. Je veux être remboursée.",
	"Bonjour {name}, nous sommes vraiment désolés. Écrivez-nous en message privé avec votre numéro de commande : nous vous remboursons dès aujourd'hui."}

// directs are the direct messages (Mastodon only).
var directs = []exchange{
	{"Bonjour, je voudrais offrir un coffret à ma mère, il peut être livré avant samedi ?", "Bonjour {name}, oui, si vous commandez avant demain 14 h il arrive jeudi 📦"},
	{"Bonjour, ma commande n°4821 est indiquée livrée mais je n'ai rien reçu.", "Bonjour {name}, merci, nous contactons le transporteur et revenons vers vous très vite."},
	{"Coucou ! Je peux réserver deux places pour l'atelier du 14 ?", "Bonjour {name}, c'est noté pour deux places le 14 à 10 h 🕯️ À bientôt à l'atelier !"},
	{"Bonjour, je suis journaliste à Lyon Mag, je peux vous poser quelques questions ?", "Bonjour {name}, avec plaisir ! Vous pouvez nous appeler à la boutique, on vous attend."},
	{"Bonjour, vous reprenez les pots vides en boutique aussi ?", "Bonjour {name}, oui, déposez-les en boutique, on vous fait 20 % sur la recharge ♻️"},
}

// firstNames and lastNames make the people of the history.
var firstNames = []string{
	"Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Jade", "Louise", "Emma", "Alice",
	"Julie", "Margaux", "Clara", "Pauline", "Anaïs", "Élodie", "Lucie", "Mathilde", "Zoé", "Nina",
	"Hugo", "Lucas", "Thomas", "Julien", "Nicolas", "Antoine", "Maxime", "Karim", "Yanis", "Théo",
	"Marion", "Sophie", "Aurélie", "Céline", "Hélène", "Nadia", "Fatima", "Claire", "Amandine", "Justine",
}

var lastNames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
}

// mastodonDomains are where the Mastodon people have their accounts; ""
// is the fake server itself.
var mastodonDomains = []string{"", "", "piaille.fr", "mastodon.social", "mamot.fr", "eldritch.cafe", "framapiaf.org"}
